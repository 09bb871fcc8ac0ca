// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the real kmod/guard.c -- what a MAC guard lets a port send
 * (sources, sticky MACs, ARP senders, ND link-layer options behind any
 * header chain a guest can build), the switch's claims of listed MACs,
 * and the events' rate limits.  Frames are built byte by byte here.
 */
#include "../guard.c"

#include "test.h"

static const u8 mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xa };
static const u8 mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xb };
static const u8 mac_c[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xc };
static const u8 mac_bc[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static int guard_test_init(struct kunit *test)
{
	struct gl_test_sw *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, t);
	test->priv = t;
	gl_test_sw_init(test, t, true);
	gl_guard_switch_init(t->sw);
	for (i = 0; i < GL_TEST_PORTS; i++)
		gl_guard_port_init(t->port[i]);
	return 0;
}

static void guard_test_exit(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	int i;

	rtnl_lock();
	for (i = 0; i < GL_TEST_PORTS; i++)
		gl_guard_set(t->port[i], NULL);
	rtnl_unlock();
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(t->sw->guard_map));
	gl_test_sw_exit(t);
}

/* Give @p a guard listing @n of @macs with @sticky slots */
static void give(struct kunit *test, struct gl_port *p, const u8 *macs,
		 unsigned int n, unsigned int sticky)
{
	struct gl_guard *g = gl_guard_new(macs, n, sticky);
	int err;

	KUNIT_ASSERT_FALSE(test, IS_ERR(g));
	rtnl_lock();
	err = gl_guard_prepare(p, g, NULL);
	if (!err)
		gl_guard_set(p, g);
	rtnl_unlock();
	if (err)
		gl_guard_free(g);
	KUNIT_ASSERT_EQ(test, err, 0);	/* not under RTNL: it ends the test */
}

static void unguard(struct gl_port *p)
{
	rtnl_lock();
	gl_guard_set(p, NULL);
	rtnl_unlock();
}

/*
 * A frame from @src: Ethernet type @proto, then @len bytes of @body; as
 * the datapath gets it (MAC header pulled), padded to 60 bytes as a NIC
 * would.
 */
static struct sk_buff *frame(struct kunit *test, const u8 *src, u16 proto,
			     const void *body, unsigned int len)
{
	struct sk_buff *skb = alloc_skb(ETH_HLEN + len + ETH_ZLEN + 16,
					GFP_KERNEL);
	struct ethhdr *eth;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 16);
	skb_reset_mac_header(skb);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, mac_bc);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(proto);
	skb_put_data(skb, body, len);
	if (skb->len < ETH_ZLEN)
		skb_put_zero(skb, ETH_ZLEN - skb->len);
	skb_pull(skb, ETH_HLEN);
	skb->protocol = eth->h_proto;
	return skb;
}

/* Does the guard of @p let the frame in?  Under RCU as the datapath */
static bool check(struct gl_port *p, struct sk_buff *skb)
{
	struct gl_guard *g;
	bool ok;

	rcu_read_lock();
	local_bh_disable();
	g = rcu_dereference(p->guard);
	ok = gl_guard_check(p, g, skb, 1);
	local_bh_enable();
	rcu_read_unlock();
	if (ok)
		kfree_skb(skb);		/* gl_guard_check() drops what it refuses */
	return ok;
}

static void guard_test_source(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	u8 body[46] = {};

	give(test, p, mac_a, 1, 1);
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_a, 0x88b5, body, 46)));
	/* the first other source sticks, the second is refused */
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_b, 0x88b5, body, 46)));
	KUNIT_EXPECT_FALSE(test, check(p, frame(test, mac_c, 0x88b5, body, 46)));
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_b, 0x0800, body, 46)));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_MAC_GUARD), 1);
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(p->guard)->n, 2);
}

/* The template's guard rests while the port is an uplink */
static void guard_test_template(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	u8 body[46] = {};

	t->sw->tmpl_sticky = 1;
	rtnl_lock();
	KUNIT_ASSERT_EQ(test, gl_guard_template(p), 0);
	rtnl_unlock();
	p->uplink = true;
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_b, 0x88b5, body, 46)));
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_c, 0x88b5, body, 46)));
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(p->guard)->n, 0);
	p->uplink = false;
	KUNIT_EXPECT_TRUE(test, check(p, frame(test, mac_b, 0x88b5, body, 46)));
	KUNIT_EXPECT_FALSE(test, check(p, frame(test, mac_c, 0x88b5, body, 46)));
	/* an administrator's guard applies on an uplink */
	give(test, p, mac_a, 1, 0);
	p->uplink = true;
	KUNIT_EXPECT_FALSE(test, check(p, frame(test, mac_b, 0x88b5, body, 46)));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_MAC_GUARD), 2);
}

/* An ARP packet: @sha as sender, @hrd and @hln as given */
static struct sk_buff *arp(struct kunit *test, const u8 *src, const u8 *sha,
			   u16 hrd, u8 hln, unsigned int len)
{
	u8 b[28] = {};
	struct arphdr *a = (struct arphdr *)b;

	a->ar_hrd = htons(hrd);
	a->ar_pro = htons(ETH_P_IP);
	a->ar_hln = hln;
	a->ar_pln = 4;
	a->ar_op = htons(ARPOP_REQUEST);
	memcpy(b + sizeof(*a), sha, ETH_ALEN);
	/* a short frame: its end, not the NIC's padding */
	if (len < sizeof(b)) {
		struct sk_buff *skb = frame(test, src, ETH_P_ARP, b, len);

		skb_trim(skb, len);
		return skb;
	}
	return frame(test, src, ETH_P_ARP, b, sizeof(b));
}

static void guard_test_arp(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];

	give(test, p, mac_a, 1, 0);
	KUNIT_EXPECT_TRUE(test, check(p, arp(test, mac_a, mac_a, 1, 6, 28)));
	KUNIT_EXPECT_TRUE(test, check(p, arp(test, mac_a, mac_a, 6, 6, 28)));
	KUNIT_EXPECT_FALSE(test, check(p, arp(test, mac_a, mac_b, 1, 6, 28)));
	/* what another receiver could read otherwise */
	KUNIT_EXPECT_FALSE(test, check(p, arp(test, mac_a, mac_a, 1, 8, 28)));
	KUNIT_EXPECT_FALSE(test, check(p, arp(test, mac_a, mac_a, 32, 6, 28)));
	/* the sender's address cut short */
	KUNIT_EXPECT_FALSE(test, check(p, arp(test, mac_a, mac_a, 1, 6, 12)));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ARP_GUARD), 4);
}

/* IPv6 and neighbour discovery, byte by byte */
#define NS	135
#define NA	136
#define RA	134

struct ip6b {
	u8		b[256];
	unsigned int	len;
	u8		*next;		/* the last next-header field */
	int		plen;		/* payload length: -1 as built */
};

static void ip6_start(struct ip6b *f)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)f->b;

	memset(f, 0, sizeof(*f));
	ip6->version = 6;
	ip6->hop_limit = 255;
	f->len = sizeof(*ip6);
	f->next = &ip6->nexthdr;
	f->plen = -1;
}

static u8 *ip6_put(struct ip6b *f, u8 proto, unsigned int len)
{
	u8 *h = f->b + f->len;

	*f->next = proto;
	f->next = h;
	f->len += len;
	return h;
}

/* A hop-by-hop or destination options header, 8 bytes of padding */
static void ip6_opts(struct ip6b *f, u8 proto)
{
	u8 *h = ip6_put(f, proto, 8);

	h[2] = IPV6_TLV_PADN;
	h[3] = 4;
}

static void ip6_frag(struct ip6b *f, u16 offset, bool more)
{
	struct frag_hdr *fh = (struct frag_hdr *)ip6_put(f, NEXTHDR_FRAGMENT,
							 sizeof(*fh));

	fh->frag_off = htons(offset << 3 | (more ? IP6_MF : 0));
	fh->identification = htonl(1);
}

/* An ND message of @type, fixed part only */
static void ip6_nd(struct ip6b *f, u8 type)
{
	u8 *h = ip6_put(f, IPPROTO_ICMPV6, gl_nd_fixed_len(type));

	h[0] = type;
}

/* An option: @type, @units of 8 bytes, a MAC */
static void nd_opt(struct ip6b *f, u8 type, u8 units, const u8 *mac)
{
	u8 *o = f->b + f->len;

	o[0] = type;
	o[1] = units;
	if (mac)
		memcpy(o + 2, mac, ETH_ALEN);
	f->len += units ? units * 8 : 8;
}

static struct sk_buff *ip6_frame(struct kunit *test, struct ip6b *f)
{
	struct ipv6hdr *ip6 = (struct ipv6hdr *)f->b;

	ip6->payload_len = htons(f->plen >= 0 ? f->plen :
				 f->len - sizeof(*ip6));
	return frame(test, mac_a, ETH_P_IPV6, f->b, f->len);
}

/* A neighbour solicitation with a source link-layer address option */
static void ns(struct ip6b *f, const u8 *slla)
{
	ip6_start(f);
	ip6_nd(f, NS);
	nd_opt(f, ND_OPT_SOURCE_LL_ADDR, 1, slla);
}

static void guard_test_nd_options(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	struct ip6b f;

	give(test, p, mac_a, 1, 0);
	ns(&f, mac_a);
	KUNIT_EXPECT_TRUE(test, check(p, ip6_frame(test, &f)));
	ns(&f, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* the target's, in an advertisement, after a good source option */
	ip6_start(&f);
	ip6_nd(&f, NA);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_a);
	nd_opt(&f, ND_OPT_TARGET_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a router advertisement: MTU option first */
	ip6_start(&f);
	ip6_nd(&f, RA);
	nd_opt(&f, ND_OPT_MTU, 1, NULL);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* an option of length 0 would stop a parser: refused */
	ip6_start(&f);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_MTU, 0, NULL);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* an option longer than the packet */
	ns(&f, mac_a);
	f.b[f.len - 7] = 4;
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* no options at all, and the padding after the payload is no option */
	ip6_start(&f);
	ip6_nd(&f, NS);
	KUNIT_EXPECT_TRUE(test, check(p, ip6_frame(test, &f)));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ND_GUARD), 5);
}

static void guard_test_nd_chain(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	struct ip6b f;

	give(test, p, mac_a, 1, 0);

	/* RFC 7113: options headers do not hide the message */
	ip6_start(&f);
	ip6_opts(&f, NEXTHDR_HOP);
	ip6_opts(&f, NEXTHDR_DEST);
	ip6_opts(&f, NEXTHDR_DEST);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a first fragment of ND: refused, even with good options */
	ip6_start(&f);
	ip6_frag(&f, 0, true);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_a);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a later fragment: what it carries was its first's */
	ip6_start(&f);
	ip6_frag(&f, 1, false);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_TRUE(test, check(p, ip6_frame(test, &f)));

	/* an atomic fragment holds the whole message: its options count */
	ip6_start(&f);
	ip6_frag(&f, 0, false);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_b);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a first fragment behind an atomic one is still a fragment */
	ip6_start(&f);
	ip6_frag(&f, 0, true);
	ip6_frag(&f, 0, false);
	ip6_nd(&f, NS);
	nd_opt(&f, ND_OPT_SOURCE_LL_ADDR, 1, mac_a);
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a jumbogram (payload length 0) of ND */
	ns(&f, mac_b);
	f.plen = 0;
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* a chain that ends in the frame */
	ip6_start(&f);
	ip6_opts(&f, NEXTHDR_HOP);
	f.next[1] = 40;
	KUNIT_EXPECT_FALSE(test, check(p, ip6_frame(test, &f)));

	/* no next header: nothing to check; UDP passes */
	ip6_start(&f);
	ip6_put(&f, NEXTHDR_NONE, 0);
	KUNIT_EXPECT_TRUE(test, check(p, ip6_frame(test, &f)));
	ip6_start(&f);
	ip6_put(&f, IPPROTO_UDP, 8);
	KUNIT_EXPECT_TRUE(test, check(p, ip6_frame(test, &f)));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ND_GUARD), 6);
}

/* Stacked tags, as a port with stacked-tags leaves them in the frame */
static void guard_test_tags(struct kunit *test)
{
	static const u8 arp_head[] = { 0, 1, 8, 0, 6, 4, 0, 1 };
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	u8 b[9 * VLAN_HLEN + 28] = {};
	struct sk_buff *skb;
	int i;

	give(test, p, mac_a, 1, 0);
	for (i = 0; i < 9; i++) {
		b[i * VLAN_HLEN + 2] = 0x81;	/* the next: a tag */
		b[i * VLAN_HLEN + 3] = 0x00;
	}
	/* two tags, then ARP from another sender */
	b[VLAN_HLEN + 2] = 0x08;
	b[VLAN_HLEN + 3] = 0x06;
	memcpy(b + 2 * VLAN_HLEN, arp_head, sizeof(arp_head));
	memcpy(b + 2 * VLAN_HLEN + 8, mac_b, ETH_ALEN);
	skb = frame(test, mac_a, ETH_P_8021Q, b, sizeof(b));
	KUNIT_EXPECT_FALSE(test, check(p, skb));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ARP_GUARD), 1);

	/* nine tags: more than a guard looks through */
	for (i = 0; i < 9; i++) {
		b[i * VLAN_HLEN + 2] = 0x81;
		b[i * VLAN_HLEN + 3] = 0x00;
	}
	skb = frame(test, mac_a, ETH_P_8021Q, b, sizeof(b));
	KUNIT_EXPECT_FALSE(test, check(p, skb));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_STACKED), 1);
}

/* ARP and IPv6 in RFC 1042 SNAP: what another receiver might read */
static void guard_test_snap(struct kunit *test)
{
	static const u8 llc[] = { 0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06 };
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	u8 b[sizeof(llc) + 28] = {};
	struct arphdr *a = (struct arphdr *)(b + sizeof(llc));
	struct sk_buff *skb;

	give(test, p, mac_a, 1, 0);
	memcpy(b, llc, sizeof(llc));
	a->ar_hrd = htons(ARPHRD_ETHER);
	a->ar_pro = htons(ETH_P_IP);
	a->ar_hln = ETH_ALEN;
	a->ar_pln = 4;
	a->ar_op = htons(ARPOP_REPLY);
	memcpy(a + 1, mac_b, ETH_ALEN);
	/* as eth_type_trans() leaves an 802.3 frame with LLC */
	skb = frame(test, mac_a, sizeof(b), b, sizeof(b));
	skb->protocol = htons(ETH_P_802_2);
	KUNIT_EXPECT_FALSE(test, check(p, skb));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ARP_GUARD), 1);
	memcpy(a + 1, mac_a, ETH_ALEN);
	skb = frame(test, mac_a, sizeof(b), b, sizeof(b));
	skb->protocol = htons(ETH_P_802_2);
	KUNIT_EXPECT_TRUE(test, check(p, skb));
	/* 802.1H, as 802.11 bridges read it */
	memcpy(a + 1, mac_b, ETH_ALEN);
	b[5] = 0xf8;
	skb = frame(test, mac_a, sizeof(b), b, sizeof(b));
	skb->protocol = htons(ETH_P_802_2);
	KUNIT_EXPECT_FALSE(test, check(p, skb));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_ARP_GUARD), 2);
	/* other LLC frames (STP's) pass */
	b[0] = 0x42;
	b[1] = 0x42;
	skb = frame(test, mac_a, sizeof(b), b, sizeof(b));
	skb->protocol = htons(ETH_P_802_2);
	KUNIT_EXPECT_TRUE(test, check(p, skb));
}

static struct gl_port *claimed(struct gl_switch *sw, struct gl_port *p,
			       const u8 *addr)
{
	struct gl_port *q;

	rcu_read_lock();
	q = gl_guard_claimed(sw, p, addr);
	rcu_read_unlock();
	return q;
}

static void guard_test_claims(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_switch *sw = t->sw;
	struct gl_port **port = t->port;
	u8 macs[GUESTLAN_MAC_GUARD_MAX][ETH_ALEN];
	int i;

	KUNIT_EXPECT_NULL(test, claimed(sw, port[0], mac_a));
	give(test, port[1], mac_a, 1, 0);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[0], mac_a), port[1]);
	KUNIT_EXPECT_NULL(test, claimed(sw, port[1], mac_a));
	KUNIT_EXPECT_NULL(test, claimed(sw, port[0], mac_b));

	/* two ports list it (bonding, VRRP): neither is refused */
	give(test, port[2], mac_a, 1, 0);
	KUNIT_EXPECT_NULL(test, claimed(sw, port[2], mac_a));
	KUNIT_EXPECT_NULL(test, claimed(sw, port[1], mac_a));
	KUNIT_EXPECT_NOT_NULL(test, claimed(sw, port[0], mac_a));
	/* the first lets go: the other still claims it */
	unguard(port[1]);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[0], mac_a), port[2]);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[1], mac_a), port[2]);
	/* a third lists it (its claim is put first), then lets go */
	give(test, port[3], mac_a, 1, 0);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[0], mac_a), port[3]);
	unguard(port[3]);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[0], mac_a), port[2]);

	/* a guard replaced by one listing other MACs, many of them */
	for (i = 0; i < GUESTLAN_MAC_GUARD_MAX; i++) {
		ether_addr_copy(macs[i], mac_c);
		macs[i][4] = i + 1;
	}
	give(test, port[2], &macs[0][0], GUESTLAN_MAC_GUARD_MAX, 0);
	KUNIT_EXPECT_NULL(test, claimed(sw, port[0], mac_a));
	for (i = 0; i < GUESTLAN_MAC_GUARD_MAX; i++)
		KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[3], macs[i]),
				    port[2]);
	/* sticky MACs claim nothing */
	give(test, port[3], NULL, 0, 2);
	KUNIT_EXPECT_PTR_EQ(test, claimed(sw, port[0], macs[0]), port[2]);
	unguard(port[2]);
	KUNIT_EXPECT_NULL(test, claimed(sw, port[0], macs[0]));
	KUNIT_EXPECT_NULL(test, rcu_access_pointer(sw->guard_map));
}

/* A sticky slot never takes a MAC another port has or lists */
static void guard_test_sticky(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port **port = t->port;
	u8 body[46] = {};

	give(test, port[1], mac_b, 1, 0);
	give(test, port[0], NULL, 0, 3);
	KUNIT_EXPECT_FALSE(test, check(port[0],
				       frame(test, mac_b, 0x88b5, body, 46)));
	local_bh_disable();
	rcu_read_lock();
	gl_fdb_learn(port[2], this_cpu_ptr(port[2]->stats), mac_c, 1);
	rcu_read_unlock();
	local_bh_enable();
	KUNIT_EXPECT_FALSE(test, check(port[0],
				       frame(test, mac_c, 0x88b5, body, 46)));
	KUNIT_EXPECT_TRUE(test, check(port[0],
				      frame(test, mac_a, 0x88b5, body, 46)));
	KUNIT_EXPECT_EQ(test, rcu_access_pointer(port[0]->guard)->n, 1);
	KUNIT_EXPECT_EQ(test, gl_test_drops(port[0], GL_DROP_MAC_GUARD), 2);
}

/* Events: 10 a second per port, 100 per switch; the rest are counted */
static void guard_test_events(struct kunit *test)
{
	struct gl_test_sw *t = test->priv;
	struct gl_port *p = t->port[0];
	u8 body[46] = {};
	int i;

	gl_test_ntf_reset();
	give(test, p, mac_a, 1, 0);
	/* an hour's interval: the test may take more than a second */
	ratelimit_state_init(&p->guard_rs, 3600 * HZ, GL_GUARD_EV_PORT);
	for (i = 0; i < 50; i++)
		check(p, frame(test, mac_b, 0x88b5, body, 46));
	KUNIT_EXPECT_EQ(test, gl_test_drops(p, GL_DROP_MAC_GUARD), 50);
	KUNIT_EXPECT_EQ(test, gl_test_ntf.n_guard, 10);
	KUNIT_EXPECT_EQ(test, atomic_read(&p->guard_missed), 40);
}

static struct kunit_case guard_test_cases[] = {
	KUNIT_CASE(guard_test_source),
	KUNIT_CASE(guard_test_template),
	KUNIT_CASE(guard_test_arp),
	KUNIT_CASE(guard_test_nd_options),
	KUNIT_CASE(guard_test_nd_chain),
	KUNIT_CASE(guard_test_tags),
	KUNIT_CASE(guard_test_snap),
	KUNIT_CASE(guard_test_claims),
	KUNIT_CASE(guard_test_sticky),
	KUNIT_CASE(guard_test_events),
	{}
};

static struct kunit_suite guard_test_suite = {
	.name = "guestlan_guard",
	.init = guard_test_init,
	.exit = guard_test_exit,
	.test_cases = guard_test_cases,
};

kunit_test_suites(&guard_test_suite);
