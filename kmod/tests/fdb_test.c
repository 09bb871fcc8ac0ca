// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real kmod/fdb.c (learning, moves, limits, static entries,
 * flush, ageing) with the real hostnotify queue of bridgeport.c.
 */
#include "../fdb.c"

#include <linux/delay.h>
#include "test.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xa };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xb };

/* The datapath learns in softirq context under RCU */
static void learn(struct gl_port *p, const u8 *addr, u16 vid)
{
	local_bh_disable();
	rcu_read_lock();
	gl_fdb_learn(p, this_cpu_ptr(p->stats), addr, vid);
	rcu_read_unlock();
	local_bh_enable();
}

static struct gl_port *port_of(struct gl_switch *sw, const u8 *addr, u16 vid)
{
	struct gl_fdb *f;
	struct gl_port *p;

	rcu_read_lock();
	f = gl_fdb_lookup(sw, addr, vid);
	p = f ? READ_ONCE(f->port) : NULL;
	rcu_read_unlock();
	return p;
}

/* Let a MAC that just moved move again: its hold-down passed */
static void unhold(struct gl_switch *sw, const u8 *addr, u16 vid)
{
	struct gl_fdb *f;

	rcu_read_lock();
	f = gl_fdb_lookup(sw, addr, vid);
	if (f)
		WRITE_ONCE(f->moved, jiffies - GL_FDB_MOVE_HOLD);
	rcu_read_unlock();
}

static void mac_n(u8 *addr, unsigned int n)
{
	addr[0] = 0x02;
	addr[1] = 0;
	addr[2] = n >> 24;
	addr[3] = n >> 16;
	addr[4] = n >> 8;
	addr[5] = n;
}

static int fdb_test_init(struct kunit *test)
{
	struct gl_test_sw *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	return gl_test_sw_init(test, t, true);
}

static void fdb_test_exit(struct kunit *test)
{
	gl_test_sw_exit(test->priv);
}

/* The counters agree with the table */
static void check_counts(struct kunit *test, struct gl_test_sw *t)
{
	struct gl_switch *sw = t->sw;
	unsigned int n = 0, dyn = 0, per_port[GL_TEST_PORTS] = {};
	struct gl_fdb *f;
	int i;

	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry(f, &sw->fdb_list, node) {
		n++;
		if (!gl_fdb_is_dynamic(f))
			continue;
		dyn++;
		for (i = 0; i < GL_TEST_PORTS; i++)
			if (f->port == t->port[i])
				per_port[i]++;
	}
	KUNIT_EXPECT_EQ(test, sw->fdb_count, n);
	spin_unlock_bh(&sw->fdb_lock);
	KUNIT_EXPECT_EQ(test, atomic_read(&sw->fdb_learned), dyn);
	for (i = 0; i < GL_TEST_PORTS; i++)
		KUNIT_EXPECT_EQ(test, atomic_read(&t->port[i]->n_learned),
				per_port[i]);
}

static void fdb_test_learn_lookup(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_fdb *f;

	learn(t->port[0], mac_a, 1);
	rcu_read_lock();
	f = gl_fdb_lookup(t->sw, mac_a, 1);
	KUNIT_EXPECT_NOT_NULL(test, f);
	if (f) {
		KUNIT_EXPECT_PTR_EQ(test, READ_ONCE(f->port), t->port[0]);
		KUNIT_EXPECT_EQ(test, f->flags, 0);
	}
	/* the key is {MAC, VLAN} */
	KUNIT_EXPECT_NULL(test, gl_fdb_lookup(t->sw, mac_a, 2));
	KUNIT_EXPECT_NULL(test, gl_fdb_lookup(t->sw, mac_b, 1));
	rcu_read_unlock();
	learn(t->port[0], mac_a, 1);	/* refresh, no duplicate */
	learn(t->port[0], mac_a, 2);
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 2);
	check_counts(test, t);
}

/*
 * A CPU's learned-source hint (the same source in the same tick needs no
 * lookup) never hides a change: these steps run well within one tick, and
 * each must see what the one before did.
 */
static void fdb_test_learn_hint(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;

	t->sw->mac_moves = GUESTLAN_MAC_MOVES_ANY;
	learn(t->port[0], mac_a, 1);
	learn(t->port[0], mac_a, 1);		/* hinted now */
	learn(t->port[1], mac_a, 1);		/* moved */
	unhold(t->sw, mac_a, 1);
	learn(t->port[0], mac_a, 1);		/* and back: not hidden */
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[0]);
	gl_fdb_flush(t->sw, NULL, 0, true, false);
	learn(t->port[0], mac_a, 1);		/* learned again */
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[0]);
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 1);
	/* a static entry elsewhere stays, whatever port 0 saw before */
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(t->sw, t->port[2], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	learn(t->port[0], mac_a, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[2]);
	check_counts(test, t);
}

/* The datapath's destination lookup, from @p on this CPU */
static struct gl_fdb *lookup_dst(struct gl_port *p, const u8 *addr, u16 vid)
{
	struct gl_fdb *f;

	local_bh_disable();
	rcu_read_lock();
	f = gl_fdb_lookup_dst(p->sw, this_cpu_ptr(p->stats), addr, vid);
	rcu_read_unlock();
	local_bh_enable();
	return f;
}

/*
 * The destination hint answers only for the same destination, tick and
 * FDB generation: a create, delete or move is seen by the next frame, and
 * a deleted entry is never handed out (KASAN would see it used).
 */
static void fdb_test_dst_hint(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *in = t->port[0];
	struct gl_fdb *f, *fake, *got;
	struct gl_pcpu_stats *st;
	int i;

	KUNIT_EXPECT_NULL(test, lookup_dst(in, mac_b, 1));	/* unknown */
	learn(t->port[1], mac_b, 1);				/* created */
	f = lookup_dst(in, mac_b, 1);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_PTR_EQ(test, READ_ONCE(f->port), t->port[1]);
	KUNIT_EXPECT_PTR_EQ(test, lookup_dst(in, mac_b, 1), f);
	KUNIT_EXPECT_NULL(test, lookup_dst(in, mac_b, 2));	/* other VLAN */
	KUNIT_EXPECT_PTR_EQ(test, lookup_dst(in, mac_b, 1), f);
	KUNIT_EXPECT_EQ(test, gl_fdb_del(t->sw, mac_b, 1), 0);	/* deleted */
	KUNIT_EXPECT_NULL(test, lookup_dst(in, mac_b, 1));
	learn(t->port[2], mac_b, 1);				/* elsewhere */
	f = lookup_dst(in, mac_b, 1);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_PTR_EQ(test, READ_ONCE(f->port), t->port[2]);

	/*
	 * The hint answers while it holds (tried again if a tick passed
	 * between the two calls), and not a tick or a generation later.
	 */
	fake = kunit_kzalloc(test, sizeof(*fake), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, fake);
	local_bh_disable();
	rcu_read_lock();
	st = this_cpu_ptr(in->stats);
	for (i = 0, got = NULL; i < 3 && got != fake; i++) {
		gl_fdb_lookup_dst(t->sw, st, mac_b, 1);
		st->dst.fdb = fake;
		got = gl_fdb_lookup_dst(t->sw, st, mac_b, 1);
	}
	KUNIT_EXPECT_PTR_EQ(test, got, fake);
	st->dst.fdb = fake;
	st->dst.when--;
	KUNIT_EXPECT_PTR_EQ(test, gl_fdb_lookup_dst(t->sw, st, mac_b, 1), f);
	st->dst.fdb = fake;
	st->dst.gen--;
	KUNIT_EXPECT_PTR_EQ(test, gl_fdb_lookup_dst(t->sw, st, mac_b, 1), f);
	st->dst.fdb = NULL;
	st->dst.gen--;		/* no fake entry left behind */
	rcu_read_unlock();
	local_bh_enable();
	check_counts(test, t);
}

static void fdb_test_learning_off(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;

	t->port[0]->vnicc.learning = false;
	learn(t->port[0], mac_a, 1);
	KUNIT_EXPECT_NULL(test, port_of(t->sw, mac_a, 1));
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 0);
}

/* Ask port @p to take @addr from its owner; did it? */
static bool take(struct gl_test_sw *t, struct gl_port *p, const u8 *addr)
{
	learn(p, addr, 1);
	unhold(t->sw, addr, 1);
	return port_of(t->sw, addr, 1) == p;
}

/*
 * MAC ownership: a guest port keeps its MACs; an owner yields with
 * takeover_learning, as an uplink-type port (uplink, tunnel, role), when
 * down or without carrier; mac-moves any moves all.  A fresh MAC each.
 */
static void fdb_test_move(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *a = t->port[0], *c = t->port[2];
	u8 m[ETH_ALEN];
	unsigned int i = 0;

	mac_n(m, ++i);
	learn(a, m, 1);
	KUNIT_EXPECT_FALSE(test, take(t, c, m));	/* theft: refused */
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(c), 1);
	a->vnicc.takeover_learning = true;
	KUNIT_EXPECT_TRUE(test, take(t, c, m));		/* the owner opts in */
	a->vnicc.takeover_learning = false;
	KUNIT_EXPECT_FALSE(test, take(t, a, m));	/* c does not */
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(a), 1);

	c->uplink = true;
	mac_n(m, ++i);
	learn(c, m, 1);
	KUNIT_EXPECT_TRUE(test, take(t, a, m));		/* off an uplink */
	c->uplink = false;
	c->tunnel = true;
	mac_n(m, ++i);
	learn(c, m, 1);
	KUNIT_EXPECT_TRUE(test, take(t, a, m));		/* off a tunnel */
	c->tunnel = false;
	c->role = GUESTLAN_BRIDGE_ROLE_SECONDARY;
	mac_n(m, ++i);
	learn(c, m, 1);
	KUNIT_EXPECT_TRUE(test, take(t, a, m));		/* off a role port */
	c->role = GUESTLAN_BRIDGE_ROLE_NONE;
	mac_n(m, ++i);
	learn(c, m, 1);
	set_bit(__LINK_STATE_NOCARRIER, &c->dev->state);
	KUNIT_EXPECT_TRUE(test, take(t, a, m));		/* off no carrier */
	clear_bit(__LINK_STATE_NOCARRIER, &c->dev->state);
	mac_n(m, ++i);
	learn(c, m, 1);
	clear_bit(__LINK_STATE_START, &c->dev->state);
	KUNIT_EXPECT_TRUE(test, take(t, a, m));		/* off a down port */
	set_bit(__LINK_STATE_START, &c->dev->state);

	mac_n(m, ++i);
	learn(a, m, 1);
	c->uplink = true;
	KUNIT_EXPECT_FALSE(test, take(t, c, m));	/* a guest's own MAC: */
	c->uplink = false;				/* not to an uplink */
	t->sw->mac_moves = GUESTLAN_MAC_MOVES_ANY;
	KUNIT_EXPECT_TRUE(test, take(t, c, m));		/* the old behaviour */
	check_counts(test, t);
}

/*
 * A station that has been beyond an uplink comes back through one: a
 * guest that sent from its MAC keeps it only until the station's next
 * frame.
 */
static void fdb_test_move_foreign(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *u = t->port[0], *g = t->port[1], *h = t->port[2];

	u->uplink = true;
	learn(u, mac_a, 1);				/* the gateway */
	KUNIT_EXPECT_TRUE(test, take(t, g, mac_a));	/* a guest takes it */
	KUNIT_EXPECT_TRUE(test, take(t, u, mac_a));	/* the gateway again */
	KUNIT_EXPECT_TRUE(test, take(t, g, mac_a));
	KUNIT_EXPECT_FALSE(test, take(t, h, mac_a));	/* guest to guest: no */
	u->uplink = false;
	KUNIT_EXPECT_FALSE(test, take(t, u, mac_a));	/* no uplink any more */
	/* the host port is uplink-type */
	KUNIT_EXPECT_TRUE(test, take(t, &t->sw->host, mac_a));
	check_counts(test, t);
}

/*
 * MAC move dampening: a MAC that moved moves again only after its
 * hold-down; the refused moves are counted on the port that asked.
 */
static void fdb_test_move_dampened(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	int i;

	t->sw->mac_moves = GUESTLAN_MAC_MOVES_ANY;
	learn(t->port[0], mac_a, 1);
	learn(t->port[1], mac_a, 1);		/* the first move is free */
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[1]);
	for (i = 0; i < 10; i++) {
		learn(t->port[0], mac_a, 1);
		learn(t->port[1], mac_a, 1);
	}
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[1]);
	KUNIT_EXPECT_EQ(test, gl_test_stat(t->port[0], learn_dampened), 10);
	KUNIT_EXPECT_EQ(test, gl_test_stat(t->port[1], learn_dampened), 0);
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(t->port[0]), 0);
	unhold(t->sw, mac_a, 1);
	learn(t->port[0], mac_a, 1);		/* held no more */
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[0]);
	check_counts(test, t);
}

/*
 * A frame classified before its VLAN left the port (gl_vlan_del() waits
 * for no reader) learns nothing there: the membership is checked again
 * under fdb_lock, for a new entry and for a move.
 */
static void fdb_test_learn_not_member(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;

	learn(t->port[0], mac_a, 3);
	KUNIT_EXPECT_NULL(test, port_of(t->sw, mac_a, 3));
	set_bit(3, t->port[0]->vlans);
	learn(t->port[0], mac_a, 3);
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 3), t->port[0]);
	learn(t->port[1], mac_a, 3);		/* port 1 is no member */
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 3), t->port[0]);
	check_counts(test, t);
}

struct learn_work {
	struct work_struct	work;
	struct gl_port		*p;
	const u8		*addr;
	struct completion	done;
};

static void learn_work_fn(struct work_struct *work)
{
	struct learn_work *lw = container_of(work, struct learn_work, work);

	learn(lw->p, lw->addr, 1);
	complete(&lw->done);
}

/*
 * A move that is refused takes no fdb_lock: on another CPU it completes
 * while this test holds the lock.  Frames of a MAC known on another port
 * that keeps it (takeover_learning off), or for a port at its cap.
 */
static void fdb_test_refused_move_lockless(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct learn_work lw = { .addr = mac_a };
	unsigned int i, cpu, round;
	bool done;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs two CPUs");
	learn(t->port[0], mac_a, 1);
	learn(t->port[2], mac_b, 1);
	t->port[2]->max_learned = 1;

	for (round = 0; round < 2; round++) {
		/* round 0: takeover off on port 0; round 1: port 2 is full */
		t->port[0]->vnicc.takeover_learning = round == 1;
		lw.p = round ? t->port[2] : t->port[1];
		INIT_WORK_ONSTACK(&lw.work, learn_work_fn);
		init_completion(&lw.done);
		spin_lock_bh(&t->sw->fdb_lock);
		cpu = cpumask_any_but(cpu_online_mask, smp_processor_id());
		queue_work_on(cpu, system_wq, &lw.work);
		for (i = 0; i < 1000 && !completion_done(&lw.done); i++)
			mdelay(1);
		done = completion_done(&lw.done);
		spin_unlock_bh(&t->sw->fdb_lock);
		flush_work(&lw.work);
		destroy_work_on_stack(&lw.work);
		KUNIT_EXPECT_TRUE_MSG(test, done, "round %u took fdb_lock", round);
		KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[0]);
		KUNIT_EXPECT_EQ(test, gl_test_learn_refused(lw.p), 1);
	}
	check_counts(test, t);
}

static void fdb_test_limit_switch(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	u8 addr[ETH_ALEN];
	unsigned int i;

	t->sw->max_learned = 3;
	for (i = 1; i <= 5; i++) {
		mac_n(addr, i);
		learn(t->port[i % 2], addr, 1);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sw->fdb_learned), 3);
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(t->port[0]) +
			      gl_test_learn_refused(t->port[1]), 2);
	/* static entries do not count against the limit */
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(t->sw, t->port[2], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 4);
	check_counts(test, t);
}

/* A move is no insertion: it is done while the table is full */
static void fdb_test_move_full(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;

	t->sw->max_learned = 2;
	t->port[0]->vnicc.takeover_learning = true;
	learn(t->port[0], mac_a, 1);
	learn(t->port[0], mac_b, 1);
	learn(t->port[1], mac_a, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[1]);
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(t->port[1]), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->sw->fdb_learned), 2);
	check_counts(test, t);
}

static void fdb_test_limit_port(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;

	t->port[0]->max_learned = 1;
	learn(t->port[0], mac_a, 1);
	learn(t->port[0], mac_b, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_a, 1), t->port[0]);
	KUNIT_EXPECT_NULL(test, port_of(t->sw, mac_b, 1));
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(t->port[0]), 1);
	/* a full port cannot take a MAC over either, even one yielded */
	t->port[1]->vnicc.takeover_learning = true;
	learn(t->port[1], mac_b, 1);
	learn(t->port[0], mac_b, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(t->sw, mac_b, 1), t->port[1]);
	KUNIT_EXPECT_EQ(test, gl_test_learn_refused(t->port[0]), 2);
	check_counts(test, t);
}

static void fdb_test_static(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;

	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[0], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	/* learning never moves a static entry */
	learn(t->port[1], mac_a, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_a, 1), t->port[0]);
	/* nor does another static add, unless the owner allows setvmac takeover */
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[1], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), -EBUSY);
	t->port[0]->vnicc.takeover_setvmac = true;
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[1], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_a, 1), t->port[1]);
	/* a static entry replaces a learned one */
	learn(t->port[2], mac_b, 1);
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[3], mac_b, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_b, 1), t->port[3]);
	check_counts(test, t);

	KUNIT_EXPECT_EQ(test, gl_fdb_del(sw, mac_a, 1), 0);
	KUNIT_EXPECT_EQ(test, gl_fdb_del(sw, mac_a, 1), -ENOENT);
	KUNIT_EXPECT_NULL(test, port_of(sw, mac_a, 1));
	check_counts(test, t);
}

static void fdb_test_flush(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;
	u8 addr[ETH_ALEN];
	unsigned int i;

	/* port 0 and 1: dynamic in VLANs 1 and 2; one static, one local */
	for (i = 0; i < 8; i++) {
		mac_n(addr, i);
		learn(t->port[i % 2], addr, 1 + (i / 2) % 2);
	}
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[0], mac_a, 1,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[0], mac_b, 1,
						GUESTLAN_FDB_FLAGS_LOCAL), 0);
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 10);

	gl_fdb_flush(sw, t->port[0], 2, false, false);	/* port 0, VLAN 2 */
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 8);
	check_counts(test, t);
	gl_fdb_flush(sw, t->port[0], 0, false, false);	/* port 0 dynamic */
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 6);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_a, 1), t->port[0]);
	gl_fdb_flush(sw, NULL, 0, true, false);		/* all but local */
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 1);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_b, 1), t->port[0]);
	gl_fdb_flush(sw, NULL, 0, true, true);
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 0);
	check_counts(test, t);
}

/*
 * A flush walks the table in batches and sleeps between them, deleting
 * as it goes (the entry it stops at among them): it must still delete
 * every selected entry -- an entry of a deleted port left behind would
 * be used after the port is freed.
 */
static void fdb_test_flush_batches(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;
	unsigned int i, left = 0;
	u8 addr[ETH_ALEN];

	for (i = 0; i < 16 * GL_FDB_WALK_BATCH; i++) {
		mac_n(addr, i);
		learn(t->port[i % 2], addr, 1);
	}
	KUNIT_ASSERT_EQ(test, sw->fdb_count, 16 * GL_FDB_WALK_BATCH);
	gl_fdb_flush(sw, t->port[0], 0, true, true);
	for (i = 0; i < 16 * GL_FDB_WALK_BATCH; i += 2) {
		mac_n(addr, i);
		if (port_of(sw, addr, 1))
			left++;
	}
	KUNIT_EXPECT_EQ(test, left, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->port[0]->n_learned), 0);
	KUNIT_EXPECT_EQ(test, sw->fdb_count, 8 * GL_FDB_WALK_BATCH);
	check_counts(test, t);
}

/* Wait up to @ms for @addr to age out */
static bool aged_within(struct gl_switch *sw, const u8 *addr, u16 vid,
			unsigned int ms)
{
	unsigned long end = jiffies + msecs_to_jiffies(ms);

	do {
		if (!port_of(sw, addr, vid))
			return true;
		msleep(50);
	} while (time_before(jiffies, end));
	return false;
}

static void fdb_test_ageing(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;

	/* the collector's pace follows the shortest ageing time */
	KUNIT_EXPECT_EQ(test, gl_fdb_gc_interval(sw), 10UL * HZ);
	t->port[0]->vnicc.learning_timeout = 1;
	KUNIT_EXPECT_EQ(test, gl_fdb_gc_interval(sw), HZ / 4UL);

	learn(t->port[0], mac_a, 1);	/* ages after 1 s */
	learn(t->port[1], mac_b, 1);	/* after 300 s */
	KUNIT_EXPECT_EQ(test, gl_fdb_add_static(sw, t->port[0], mac_b, 2,
						GUESTLAN_FDB_FLAGS_STATIC), 0);
	gl_fdb_gc_reschedule(sw);
	KUNIT_EXPECT_TRUE(test, aged_within(sw, mac_a, 1, 5000));
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_b, 1), t->port[1]);
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_b, 2), t->port[0]);

	sw->ageing_time = 1;
	gl_fdb_gc_reschedule(sw);
	KUNIT_EXPECT_TRUE(test, aged_within(sw, mac_b, 1, 5000));
	/* static entries never age */
	KUNIT_EXPECT_PTR_EQ(test, port_of(sw, mac_b, 2), t->port[0]);
	check_counts(test, t);
}

static unsigned int ntf_count(int to_ifindex, u8 event)
{
	unsigned int i, n = 0;

	spin_lock_bh(&gl_test_ntf.lock);
	for (i = 0; i < min(gl_test_ntf.n_host, GL_TEST_NTF_MAX); i++)
		if (gl_test_ntf.host[i].to_ifindex == to_ifindex &&
		    gl_test_ntf.host[i].ev.event == event)
			n++;
	spin_unlock_bh(&gl_test_ntf.lock);
	return n;
}

static void fdb_test_hostnotify(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;
	int listener = t->port[3]->dev->ifindex;
	struct gl_fdb fake = { .port = t->port[0] };
	unsigned int i;

	learn(t->port[0], mac_a, 1);		/* before hostnotify */
	rtnl_lock();
	gl_hn_set(t->port[3], true);
	rtnl_unlock();
	/* a reset, then the MACs already known */
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_RESET), 1);
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_LEARNED), 1);

	learn(t->port[1], mac_b, 1);
	KUNIT_EXPECT_EQ(test, gl_fdb_del(sw, mac_b, 1), 0);
	learn(t->port[3], mac_b, 2);		/* the listener's own MAC */
	flush_work(&sw->hn_work);
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_LEARNED), 2);
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_AGED), 1);
	KUNIT_EXPECT_EQ(test, ntf_count(t->port[0]->dev->ifindex,
					GUESTLAN_HOST_EVENT_LEARNED), 0);

	/* a full queue loses events and says so */
	gl_test_ntf_reset();
	spin_lock_bh(&sw->fdb_lock);
	for (i = 0; i <= GL_HN_RING; i++)
		gl_hn_queue(sw, &fake, GUESTLAN_HOST_EVENT_LEARNED);
	spin_unlock_bh(&sw->fdb_lock);
	flush_work(&sw->hn_work);
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_LEARNED),
			GL_HN_RING);
	KUNIT_EXPECT_EQ(test, ntf_count(listener, GUESTLAN_HOST_EVENT_ABORT), 1);

	rtnl_lock();
	gl_hn_set(t->port[3], false);
	rtnl_unlock();
	KUNIT_EXPECT_FALSE(test, sw->hn_on);
}

static struct kunit_case fdb_test_cases[] = {
	KUNIT_CASE(fdb_test_learn_lookup),
	KUNIT_CASE(fdb_test_learn_hint),
	KUNIT_CASE(fdb_test_dst_hint),
	KUNIT_CASE(fdb_test_learning_off),
	KUNIT_CASE(fdb_test_move),
	KUNIT_CASE(fdb_test_move_foreign),
	KUNIT_CASE(fdb_test_move_dampened),
	KUNIT_CASE(fdb_test_learn_not_member),
	KUNIT_CASE(fdb_test_limit_switch),
	KUNIT_CASE(fdb_test_move_full),
	KUNIT_CASE(fdb_test_refused_move_lockless),
	KUNIT_CASE(fdb_test_limit_port),
	KUNIT_CASE(fdb_test_static),
	KUNIT_CASE(fdb_test_flush),
	KUNIT_CASE(fdb_test_flush_batches),
	KUNIT_CASE_SLOW(fdb_test_ageing),
	KUNIT_CASE(fdb_test_hostnotify),
	{}
};

static struct kunit_suite fdb_test_suite = {
	.name = "guestlan_fdb",
	.init = fdb_test_init,
	.exit = fdb_test_exit,
	.test_cases = fdb_test_cases,
};

kunit_test_suites(&fdb_test_suite);
