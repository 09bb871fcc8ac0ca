// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real kmod/bridgeport.c — active bridge port election and role
 * changes; hostnotify.c is built here and tested by the FDB suite.
 */
#include "../bridgeport.c"
#include "../hostnotify.c"

#include "test.h"

static int bp_test_init(struct kunit *test)
{
	struct gl_test_sw *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	return gl_test_sw_init(test, t, false);
}

static void bp_test_exit(struct kunit *test)
{
	gl_test_sw_exit(test->priv);
}

static void set_up(struct gl_port *p, bool up)
{
	if (up)
		set_bit(__LINK_STATE_START, &p->dev->state);
	else
		clear_bit(__LINK_STATE_START, &p->dev->state);
}

static int set_role(struct gl_port *p, u8 role)
{
	int err;

	rtnl_lock();
	err = gl_port_set_role(p, role, NULL);
	rtnl_unlock();
	return err;
}

static void elect(struct gl_switch *sw)
{
	rtnl_lock();
	gl_bp_elect(sw);
	rtnl_unlock();
}

static struct gl_port *active(struct gl_switch *sw)
{
	return rcu_access_pointer(sw->active_bp);
}

static void bp_test_no_roles(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	int i;

	elect(t->sw);
	KUNIT_EXPECT_NULL(test, active(t->sw));
	for (i = 0; i < GL_TEST_PORTS; i++)
		KUNIT_EXPECT_EQ(test, t->port[i]->bridge_state,
				GUESTLAN_BRIDGE_STATE_INACTIVE);
	KUNIT_EXPECT_EQ(test, gl_test_ntf.n_bp, 0);
}

/* Secondaries: the lowest ifindex wins, and then stays while it is up */
static void bp_test_secondaries(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port **p = t->port;	/* ifindex 10, 11, 12, 13 */

	KUNIT_EXPECT_EQ(test, set_role(p[2], GUESTLAN_BRIDGE_ROLE_SECONDARY), 0);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[2]);
	KUNIT_EXPECT_EQ(test, p[2]->bridge_state, GUESTLAN_BRIDGE_STATE_ACTIVE);
	KUNIT_EXPECT_EQ(test, set_role(p[1], GUESTLAN_BRIDGE_ROLE_SECONDARY), 0);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[2]);		/* sticky */
	KUNIT_EXPECT_EQ(test, p[1]->bridge_state, GUESTLAN_BRIDGE_STATE_STANDBY);

	set_up(p[2], false);
	elect(t->sw);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[1]);
	KUNIT_EXPECT_EQ(test, p[2]->bridge_state, GUESTLAN_BRIDGE_STATE_INACTIVE);
	set_up(p[2], true);
	elect(t->sw);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[1]);
	KUNIT_EXPECT_EQ(test, p[2]->bridge_state, GUESTLAN_BRIDGE_STATE_STANDBY);
	KUNIT_EXPECT_EQ(test, p[0]->bridge_state, GUESTLAN_BRIDGE_STATE_INACTIVE);

	/* losing the role gives it up */
	KUNIT_EXPECT_EQ(test, set_role(p[1], GUESTLAN_BRIDGE_ROLE_NONE), 0);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[2]);
	KUNIT_EXPECT_EQ(test, p[1]->bridge_state, GUESTLAN_BRIDGE_STATE_INACTIVE);
	/* every state change was announced */
	KUNIT_EXPECT_GT(test, gl_test_ntf.n_bp, 0);
}

/* An up primary is always active */
static void bp_test_primary(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port **p = t->port;

	KUNIT_EXPECT_EQ(test, set_role(p[0], GUESTLAN_BRIDGE_ROLE_SECONDARY), 0);
	KUNIT_EXPECT_EQ(test, set_role(p[3], GUESTLAN_BRIDGE_ROLE_PRIMARY), 0);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[3]);
	KUNIT_EXPECT_EQ(test, p[0]->bridge_state, GUESTLAN_BRIDGE_STATE_STANDBY);

	/* carrier loss counts as down */
	set_bit(__LINK_STATE_NOCARRIER, &p[3]->dev->state);
	elect(t->sw);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[0]);
	clear_bit(__LINK_STATE_NOCARRIER, &p[3]->dev->state);
	elect(t->sw);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[3]);
	KUNIT_EXPECT_EQ(test, p[0]->bridge_state, GUESTLAN_BRIDGE_STATE_STANDBY);
}

static void bp_test_set_role_errors(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port **p = t->port;

	KUNIT_EXPECT_EQ(test, set_role(p[0], GUESTLAN_BRIDGE_ROLE_NONE), 0);
	KUNIT_EXPECT_EQ(test, set_role(p[0], GUESTLAN_BRIDGE_ROLE_PRIMARY), 0);
	KUNIT_EXPECT_EQ(test, set_role(p[0], GUESTLAN_BRIDGE_ROLE_PRIMARY), -EBUSY);
	KUNIT_EXPECT_EQ(test, set_role(p[1], GUESTLAN_BRIDGE_ROLE_PRIMARY), -EEXIST);
	KUNIT_EXPECT_EQ(test, p[1]->role, GUESTLAN_BRIDGE_ROLE_NONE);

	/* a role needs the default VNIC characteristics */
	KUNIT_EXPECT_TRUE(test, gl_vnicc_is_default(&p[2]->vnicc));
	p[2]->vnicc.learning_timeout = 30;
	KUNIT_EXPECT_FALSE(test, gl_vnicc_is_default(&p[2]->vnicc));
	KUNIT_EXPECT_EQ(test, set_role(p[2], GUESTLAN_BRIDGE_ROLE_SECONDARY), -EBUSY);
	p[2]->vnicc = gl_vnicc_default;
	KUNIT_EXPECT_EQ(test, set_role(p[2], GUESTLAN_BRIDGE_ROLE_SECONDARY), 0);
	KUNIT_EXPECT_PTR_EQ(test, active(t->sw), p[0]);
}

static struct kunit_case bp_test_cases[] = {
	KUNIT_CASE(bp_test_no_roles),
	KUNIT_CASE(bp_test_secondaries),
	KUNIT_CASE(bp_test_primary),
	KUNIT_CASE(bp_test_set_role_errors),
	{}
};

static struct kunit_suite bp_test_suite = {
	.name = "guestlan_bridgeport",
	.init = bp_test_init,
	.exit = bp_test_exit,
	.test_cases = bp_test_cases,
};

kunit_test_suites(&bp_test_suite);
