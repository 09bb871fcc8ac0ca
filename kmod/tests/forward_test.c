// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real kmod/forward.c — VLAN ingress decision, flood
 * eligibility, bridge_invisible, and gl_input()'s drop paths (frames that
 * are dropped never reach a device, so fake ports suffice).  Delivery to
 * real devices (gl_deliver, dev_queue_xmit) is left to the selftests.
 */
#include "../forward.c"

#include "test.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xa };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xb };
static const u8 mac_mc[ETH_ALEN] = { 0x01, 0, 0x5e, 0, 0, 1 };
static const u8 mac_bc[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const u8 mac_zero[ETH_ALEN];

static int fwd_test_init(struct kunit *test)
{
	struct gl_test_sw *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	return gl_test_sw_init(test, t, true);
}

static void fwd_test_exit(struct kunit *test)
{
	gl_test_sw_exit(test->priv);
}

static u16 ingress(struct kunit *test, struct gl_port *in, __be16 proto,
		   int tag)
{
	struct sk_buff *skb = gl_test_frame(mac_a, mac_b);
	u16 vid;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	if (tag >= 0)
		__vlan_hwaccel_put_tag(skb, proto, tag);
	else if (tag == -2)
		skb->protocol = proto;
	vid = gl_ingress_vid(in, skb);
	kfree_skb(skb);
	return vid;
}

static void fwd_test_ingress_vid(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	__be16 q = htons(ETH_P_8021Q);

	p->pvid = 5;
	set_bit(5, p->vlans);
	set_bit(10, p->vlans);
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, -1), 5);	/* untagged */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, 0), 5);	/* priority tag */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, 10), 10);
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, 11), 0);	/* not a member */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, 4095), 0);	/* reserved */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, 10 | (5 << 13)), 10); /* PCP */
	KUNIT_EXPECT_EQ(test, ingress(test, p, htons(ETH_P_8021AD), 10), 0);
	/* a VLAN ethertype the core could not untag: truncated */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, -2), 0);
	p->pvid = 0;						/* no pvid */
	KUNIT_EXPECT_EQ(test, ingress(test, p, q, -1), 0);
}

/* Would @p take part in a flood of a frame to @dest? */
static bool wants(const struct gl_port *p, const u8 *dest,
		  const struct gl_port *active_bp)
{
	return gl_flood_wants(p, gl_flood_kind(p->sw, dest), active_bp);
}

static void fwd_test_flood_wants(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0], *bp = t->port[1];

	KUNIT_EXPECT_TRUE(test, wants(p, mac_bc, NULL));
	KUNIT_EXPECT_TRUE(test, wants(p, mac_mc, NULL));
	KUNIT_EXPECT_TRUE(test, wants(p, mac_a, NULL));
	p->vnicc.rx_bcast = false;
	KUNIT_EXPECT_FALSE(test, wants(p, mac_bc, NULL));
	KUNIT_EXPECT_TRUE(test, wants(p, mac_mc, NULL));
	p->vnicc.mcast_flooding = false;
	KUNIT_EXPECT_FALSE(test, wants(p, mac_mc, NULL));
	p->vnicc.flooding = false;
	KUNIT_EXPECT_FALSE(test, wants(p, mac_a, NULL));
	p->vnicc = gl_vnicc_default;

	/* unknown unicast: the active bridge port always, standby never */
	bp->role = GUESTLAN_BRIDGE_ROLE_SECONDARY;
	KUNIT_EXPECT_TRUE(test, wants(bp, mac_a, bp));
	KUNIT_EXPECT_FALSE(test, wants(bp, mac_a, NULL));
	KUNIT_EXPECT_TRUE(test, wants(bp, mac_bc, NULL));
	KUNIT_EXPECT_TRUE(test, wants(p, mac_a, bp));
	t->sw->unknown_unicast = GUESTLAN_UNKNOWN_UNICAST_BRIDGEPORT_ONLY;
	KUNIT_EXPECT_FALSE(test, wants(p, mac_a, bp));
	KUNIT_EXPECT_TRUE(test, wants(bp, mac_a, bp));
	KUNIT_EXPECT_TRUE(test, wants(p, mac_bc, bp));
}

/*
 * The host's addresses are in the FDB: it takes unknown unicast only while
 * promiscuous or while its unicast filter is not synced; floods of
 * broadcast and multicast always.
 */
static void fwd_test_host_flood(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;

	KUNIT_EXPECT_FALSE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_a), NULL));
	KUNIT_EXPECT_TRUE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_bc), NULL));
	KUNIT_EXPECT_TRUE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_mc), NULL));
	sw->dev->flags |= IFF_PROMISC;
	KUNIT_EXPECT_TRUE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_a), NULL));
	sw->host.vnicc.flooding = false;	/* and its characteristics */
	KUNIT_EXPECT_FALSE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_a), NULL));
	sw->host.vnicc.flooding = true;
	sw->dev->flags &= ~IFF_PROMISC;
	sw->uc_unsynced = true;
	KUNIT_EXPECT_TRUE(test, gl_host_flood_wants(sw, gl_flood_kind(sw, mac_a), NULL));
	sw->uc_unsynced = false;
}

static void fwd_test_invisible(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *a = t->port[0], *b = t->port[1];

	KUNIT_EXPECT_FALSE(test, gl_invisible(a, b));
	a->vnicc.bridge_invisible = true;
	KUNIT_EXPECT_FALSE(test, gl_invisible(a, b));	/* b has no role */
	b->role = GUESTLAN_BRIDGE_ROLE_PRIMARY;
	KUNIT_EXPECT_TRUE(test, gl_invisible(a, b));
	KUNIT_EXPECT_TRUE(test, gl_invisible(b, a));
	a->vnicc.bridge_invisible = false;
	KUNIT_EXPECT_FALSE(test, gl_invisible(a, b));
}

static void input(struct gl_port *in, struct sk_buff *skb)
{
	local_bh_disable();
	rcu_read_lock();
	gl_input(in, skb);
	rcu_read_unlock();
	local_bh_enable();
}

/* Only @in is in VLAN 1: floods reach no (fake) device */
static void isolate(struct gl_test_sw *t, struct gl_port *in)
{
	int i;

	for (i = 0; i < GL_TEST_PORTS; i++)
		if (t->port[i] != in)
			clear_bit(GL_DEFAULT_PVID, t->port[i]->vlans);
	clear_bit(GL_DEFAULT_PVID, t->sw->host.vlans);
}

static void fwd_test_input_drops(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *in = t->port[0];
	struct sk_buff *skb;

	isolate(t, in);

	/* switch device down */
	t->sw->dev->flags &= ~IFF_UP;
	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_DOWN), 1);
	t->sw->dev->flags |= IFF_UP;

	/* multicast or zero source */
	skb = gl_test_frame(mac_a, mac_mc);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	skb = gl_test_frame(mac_a, mac_zero);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_BAD_SRC), 2);

	/* VLAN the port is not a member of */
	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), 7);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_VLAN), 1);
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 0);	/* nothing learned */

	/* known unicast back to where it came from: learned, then dropped */
	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);		/* learns mac_b on in, floods to nobody */
	skb = gl_test_frame(mac_b, mac_a);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_LOOP), 1);
	KUNIT_EXPECT_EQ(test, t->sw->fdb_count, 2);
}

/*
 * Unknown unicast with no port able to take it (ports and host not in the
 * VLAN): consumed when flooding, dropped as "filtered" in bridgeport-only
 * mode without an active bridge port.
 */
static void fwd_test_input_unknown_unicast(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *in = t->port[0];
	struct sk_buff *skb;

	isolate(t, in);

	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_FILTER), 0);

	t->sw->unknown_unicast = GUESTLAN_UNKNOWN_UNICAST_BRIDGEPORT_ONLY;
	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_FILTER), 1);
	/* broadcasts are never filtered that way */
	skb = gl_test_frame(mac_bc, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_FILTER), 1);
}

/* ingress drops of gl_input(): which one, counted on the ingress port */
static u64 ingress_drops(const struct gl_port *p)
{
	static const enum gl_drop ingress[] = {
		GL_DROP_RUNT, GL_DROP_BAD_SRC, GL_DROP_VLAN, GL_DROP_LOOP,
		GL_DROP_DOWN, GL_DROP_FILTER,
	};
	u64 n = 0;
	int i;

	for (i = 0; i < ARRAY_SIZE(ingress); i++)
		n += gl_test_drops(p, ingress[i]);
	return n;
}

/*
 * Every frame gl_input() gets counts in rx_packets and then in exactly one
 * of rx_accepted or an ingress drop; known unicast to a port that cannot
 * take it is a drop on the ingress port.
 */
static void fwd_test_rx_accounting(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *in = t->port[0], *b = t->port[1];
	struct sk_buff *skb;
	int i;

	/* b learned its MAC in VLAN 1, then left it (no flush here) */
	local_bh_disable();
	rcu_read_lock();
	gl_fdb_learn(b, this_cpu_ptr(b->stats), mac_b, GL_DEFAULT_PVID);
	rcu_read_unlock();
	local_bh_enable();
	isolate(t, in);		/* b is not in VLAN 1 */

	for (i = 0; i < 3; i++) {
		skb = gl_test_frame(mac_b, mac_a);	/* known, b can't take it */
		KUNIT_ASSERT_NOT_NULL(test, skb);
		input(in, skb);
	}
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_DOWN), 3);
	KUNIT_EXPECT_EQ(test, gl_test_drops(b, GL_DROP_DOWN), 0);

	skb = gl_test_frame(mac_bc, mac_a);		/* flooded to nobody */
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	skb = gl_test_frame(mac_a, mac_mc);		/* bad source */
	KUNIT_ASSERT_NOT_NULL(test, skb);
	input(in, skb);
	skb = gl_test_frame(mac_a, mac_b);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb->protocol = htons(ETH_P_8021Q);		/* truncated tag */
	input(in, skb);

	KUNIT_EXPECT_EQ(test, gl_test_stat(in, rx_packets), 6);
	KUNIT_EXPECT_EQ(test, gl_test_stat(in, rx_accepted), 1);
	KUNIT_EXPECT_EQ(test, ingress_drops(in), 5);
	KUNIT_EXPECT_EQ(test, gl_test_stat(b, rx_packets), 0);
}

/*
 * A runt as the rx_handler would see it if eth_type_trans() could not pull
 * the header (user space cannot send one: AF_PACKET and tun refuse them):
 * counted and dropped, its 10 bytes never read past (KASAN).
 */
static void fwd_test_runt(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *in = t->port[0];
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	rx_handler_result_t res;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 16);
	skb_reset_mac_header(skb);
	memset(skb_put(skb, 10), 0xff, 10);
	skb->dev = in->dev;
	rcu_assign_pointer(in->dev->rx_handler_data, in);

	local_bh_disable();
	rcu_read_lock();
	res = gl_handle_frame(&skb);
	rcu_read_unlock();
	local_bh_enable();

	KUNIT_EXPECT_EQ(test, res, RX_HANDLER_CONSUMED);
	KUNIT_EXPECT_EQ(test, gl_test_drops(in, GL_DROP_RUNT), 1);
	KUNIT_EXPECT_EQ(test, gl_test_stat(in, rx_packets), 1);
	KUNIT_EXPECT_EQ(test, gl_test_stat(in, rx_accepted), 0);
	RCU_INIT_POINTER(in->dev->rx_handler_data, NULL);
}

static struct kunit_case fwd_test_cases[] = {
	KUNIT_CASE(fwd_test_ingress_vid),
	KUNIT_CASE(fwd_test_flood_wants),
	KUNIT_CASE(fwd_test_host_flood),
	KUNIT_CASE(fwd_test_invisible),
	KUNIT_CASE(fwd_test_input_drops),
	KUNIT_CASE(fwd_test_input_unknown_unicast),
	KUNIT_CASE(fwd_test_rx_accounting),
	KUNIT_CASE(fwd_test_runt),
	{}
};

static struct kunit_suite fwd_test_suite = {
	.name = "guestlan_forward",
	.init = fwd_test_init,
	.exit = fwd_test_exit,
	.test_cases = fwd_test_cases,
};

kunit_test_suites(&fwd_test_suite);
