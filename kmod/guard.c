// SPDX-License-Identifier: GPL-2.0
/*
 * Guards: what a guest may send.  A port's MAC guard (struct gl_guard)
 * lists the source MACs it may send from -- the administrator's, then up
 * to @sticky more taken from its first frames -- and the datapath drops
 * any other frame, and any ARP or neighbour discovery packet that names
 * another MAC as its sender's, before the frame is learned or switched
 * (gl_guard_check(), called by __gl_input()).
 *
 * Every refusal is counted on the port (a drop reason), shown on the drop
 * tracepoint and announced to the admin-only "guard" group
 * (gl_guard_event()), rate-limited per port and per switch before
 * anything is allocated.
 *
 * Where guards sit: after sFlow sampling and the VLAN checks, before
 * learning, mirrors and forwarding.  A refused frame is sampled (sFlow
 * reports what the port received) but never mirrored or learned.
 *
 * A port without a guard pays one pointer test.
 */
#include <linux/etherdevice.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ipv6.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "guestlan.h"

/* How many tags a guard looks through, from a port with stacked-tags */
#define GL_GUARD_MAX_TAGS	8

/* Events: per port and per switch, a second's worth */
#define GL_GUARD_EV_PORT	10
#define GL_GUARD_EV_SWITCH	100

/* The MACs a switch's guards may list in all: bounds its claims table */
#define GL_GUARD_LISTED_MAX	4096

/*
 * The switch's claims: which port's guard lists a MAC.  An open-addressed
 * table, at most half full, keyed by a random siphash key of its own (the
 * MACs are the user's: no chosen clusters), built whole under RTNL when a
 * guard lists more (gl_guard_prepare()) and published with that guard
 * under fdb_lock.  A guard that lists less clears its slots in place
 * (@port goes to another port listing the MAC, found under RTNL before,
 * or NULL; @used stays so that probes go on), so that taking a guard away
 * never fails.  @listers: how many guards list the MAC (RTNL); @live:
 * slots with a port; at 0 the table goes.  Lookups: RCU, or under
 * fdb_lock.
 */
struct gl_guard_claim {
	struct gl_port		*port;
	u8			addr[ETH_ALEN];
	u16			listers;
	bool			used;
};

struct gl_guard_map {
	struct rcu_head		rcu;
	siphash_key_t		key;
	unsigned int		mask;
	unsigned int		live;
	struct gl_guard_claim	slot[];
};

/*
 * The slot of @addr in @m, or the unused one where it would go (NULL if
 * @m has neither: never, it is at most half full)
 */
static struct gl_guard_claim *gl_guard_map_probe(struct gl_guard_map *m,
						 const u8 *addr)
{
	unsigned int i, h = siphash_1u64(ether_addr_to_u64(addr), &m->key);

	for (i = 0; i <= m->mask; i++) {
		struct gl_guard_claim *c = &m->slot[(h + i) & m->mask];

		if (!c->used || ether_addr_equal_unaligned(c->addr, addr))
			return c;
	}
	return NULL;
}

/* The slot of @addr in @m, or NULL.  RCU, RTNL or fdb_lock */
static struct gl_guard_claim *gl_guard_map_slot(struct gl_guard_map *m,
						const u8 *addr)
{
	struct gl_guard_claim *c = gl_guard_map_probe(m, addr);

	return c && c->used ? c : NULL;
}

/* Is @addr one of the first @n MACs of @g? */
static bool gl_guard_in(const struct gl_guard *g, unsigned int n,
			const u8 *addr)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ether_addr_equal_unaligned(g->macs[i], addr))
			return true;
	return false;
}

/* Does @g allow @addr, listed or sticky?  RCU */
bool gl_guard_has(const struct gl_guard *g, const u8 *addr)
{
	/* the MACs before n are written before n is (gl_guard_stick()) */
	return gl_guard_in(g, smp_load_acquire(&g->n), addr);
}

/* Did the administrator list @addr in @g (not a sticky MAC)?  RCU */
bool gl_guard_lists(const struct gl_guard *g, const u8 *addr)
{
	return gl_guard_in(g, g->n_listed, addr);
}

/*
 * Which port other than @p has a guard that lists @addr, when @p's does
 * not?  Such a MAC is learned only on ports whose guard lists it.  RCU.
 */
struct gl_port *gl_guard_claimed(struct gl_switch *sw, const struct gl_port *p,
				 const u8 *addr)
{
	struct gl_guard_map *m = rcu_dereference(sw->guard_map);
	struct gl_guard_claim *c;
	struct gl_port *q;

	if (likely(!m))
		return NULL;
	c = gl_guard_map_slot(m, addr);
	q = c ? READ_ONCE(c->port) : NULL;
	if (!q || q == p || gl_port_guard_lists(p, addr))
		return NULL;
	return q;
}

/*
 * A sticky MAC: @src, not yet allowed by @g, becomes allowed if @g has a
 * sticky slot left and no other port has @src in this VLAN (any entry on
 * another port, even one whose owner would yield it: the gateway's MAC
 * on an uplink must not stick) and no guard lists it.  Slots fill under
 * fdb_lock and never empty: a reader sees a MAC before the count that
 * covers it.
 */
static bool gl_guard_stick(struct gl_port *p, struct gl_guard *g,
			   const u8 *src, u16 vid)
{
	struct gl_switch *sw = p->sw;
	const struct gl_fdb *f;
	bool ok = false;
	u8 n;

	if (READ_ONCE(g->n) >= g->max)
		return false;
	f = gl_fdb_lookup(sw, src, vid);
	if (f && READ_ONCE(f->port) != p)
		return false;
	spin_lock(&sw->fdb_lock);
	n = g->n;
	if (gl_guard_has(g, src)) {
		ok = true;
	} else if (n < g->max && rcu_access_pointer(p->guard) == g &&
		   !gl_guard_claimed(sw, p, src)) {	/* the claims of now */
		ether_addr_copy(g->macs[n], src);
		/* the MAC, then the count: gl_guard_has() reads them so */
		smp_store_release(&g->n, n + 1);
		ok = true;
	}
	spin_unlock(&sw->fdb_lock);
	return ok;
}

/*
 * Refuse @skb on @p for @why (a guard's drop reason), telling the admin;
 * @mac: the MAC refused, zero for a malformed packet
 */
static void gl_guard_drop(struct gl_port *p, struct sk_buff *skb, u16 vid,
			  enum gl_drop why, const u8 *mac)
{
	static const u8 reasons[GL_DROP_MAX] = {
		[GL_DROP_MAC_GUARD]	= GUESTLAN_GUARD_REASON_MAC_GUARD,
		[GL_DROP_ARP_GUARD]	= GUESTLAN_GUARD_REASON_ARP_GUARD,
		[GL_DROP_ND_GUARD]	= GUESTLAN_GUARD_REASON_ND_GUARD,
	};

	gl_guard_event(p, reasons[why], is_zero_ether_addr(mac) ? NULL : mac,
		       vid, NULL);
	gl_drop(p, skb, why);
}

/*
 * ARP and RARP (at @off): Ethernet hardware addresses of 6 bytes (what
 * Linux's arp_rcv() takes from an Ethernet device) and a sender the guard
 * allows.  Anything else is refused: a receiver that reads a malformed
 * packet differently must not be handed one.  Into @bad the MAC refused.
 */
static bool gl_guard_arp(const struct gl_guard *g, const struct sk_buff *skb,
			 unsigned int off, u8 *bad)
{
	struct {
		struct arphdr	hdr;
		u8		sha[ETH_ALEN];
	} __packed _a, *a;

	a = skb_header_pointer(skb, off, sizeof(_a), &_a);
	if (!a || a->hdr.ar_hln != ETH_ALEN ||
	    (a->hdr.ar_hrd != htons(ARPHRD_ETHER) &&
	     a->hdr.ar_hrd != htons(ARPHRD_IEEE802)))
		return false;
	if (gl_guard_has(g, a->sha))
		return true;
	memcpy(bad, a->sha, ETH_ALEN);
	return false;
}

/* The fixed part of each ND message, before its options */
static unsigned int gl_nd_fixed_len(u8 type)
{
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
		return 8;
	case NDISC_ROUTER_ADVERTISEMENT:
		return 16;
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		return 24;
	case NDISC_REDIRECT:
		return 40;
	}
	return 0;
}

/*
 * The IPv6 header chain of @skb from @start (@nexthdr: the first) to its
 * upper layer: into @nexthdr its protocol, its offset returned, or -1 for
 * a chain that cannot be followed: truncated, or with two fragment
 * headers (RFC 8200 allows one; a second could hide a fragmented message
 * behind a first fragment's offset 0).  Into @frag the fragment header's
 * offset and M flag, zero without one.  Ends at a later fragment, whose
 * chain is in its first.
 */
static int gl_ip6_chain(const struct sk_buff *skb, int start, u8 *nexthdr,
			__be16 *frag)
{
	bool fragmented = false;

	*frag = 0;
	while (ipv6_ext_hdr(*nexthdr) && *nexthdr != NEXTHDR_NONE) {
		struct ipv6_opt_hdr _h;
		const struct ipv6_opt_hdr *h;

		h = skb_header_pointer(skb, start, sizeof(_h), &_h);
		if (!h)
			return -1;
		if (*nexthdr == NEXTHDR_FRAGMENT) {
			const struct frag_hdr *fh;
			struct frag_hdr _fh;

			fh = skb_header_pointer(skb, start, sizeof(_fh), &_fh);
			if (!fh || fragmented)
				return -1;
			fragmented = true;
			*frag = fh->frag_off & htons(IP6_OFFSET | IP6_MF);
			*nexthdr = fh->nexthdr;
			start += sizeof(*fh);
			if (*frag & htons(IP6_OFFSET))
				break;
			continue;
		}
		start += *nexthdr == NEXTHDR_AUTH ? ipv6_authlen(h) :
						   ipv6_optlen(h);
		*nexthdr = h->nexthdr;
	}
	return start;
}

/*
 * IPv6 (at @off): a neighbour discovery message's source and target
 * link-layer address options must name MACs the guard allows.  The header
 * chain is followed to its end (RFC 7113: extension headers must not hide
 * an ND message); a chain that cannot be followed, a fragmented ND message
 * (RFC 6980: never legitimate), one without a payload length (a jumbogram)
 * and malformed options are refused.  Other IPv6 packets pass.
 */
static bool gl_guard_nd(const struct gl_guard *g, const struct sk_buff *skb,
			unsigned int off, u8 *bad)
{
	const struct ipv6hdr *ip6;
	struct ipv6hdr _ip6;
	unsigned int end, fixed;
	__be16 frag_off;
	u8 nexthdr, _o[8];
	const u8 *o;
	int start;

	ip6 = skb_header_pointer(skb, off, sizeof(_ip6), &_ip6);
	if (!ip6)
		return false;
	nexthdr = ip6->nexthdr;
	end = min_t(unsigned int, skb->len,
		    off + sizeof(*ip6) + ntohs(ip6->payload_len));
	start = gl_ip6_chain(skb, off + sizeof(*ip6), &nexthdr, &frag_off);
	if (start < 0)
		return false;
	if (nexthdr != IPPROTO_ICMPV6 || (frag_off & htons(IP6_OFFSET)))
		return true;	/* a later fragment: its first was checked */
	o = skb_header_pointer(skb, start, 1, _o);
	if (!o)
		return false;	/* the chain ends inside the first fragment */
	fixed = gl_nd_fixed_len(*o);
	if (!fixed)
		return true;
	if (frag_off || !ip6->payload_len)
		return false;	/* a fragmented ND message, a jumbogram */
	for (start += fixed; start + 2 <= end; start += o[1] * 8) {
		o = skb_header_pointer(skb, start, 8, _o);
		if (!o || !o[1] || start + o[1] * 8 > end)
			return false;	/* truncated, a zero length, too long */
		if ((o[0] == ND_OPT_SOURCE_LL_ADDR ||
		     o[0] == ND_OPT_TARGET_LL_ADDR) && !gl_guard_has(g, o + 2)) {
			memcpy(bad, o + 2, ETH_ALEN);
			return false;
		}
	}
	return true;
}

/*
 * An LLC header at *@off with SNAP's OUI 0 (RFC 1042) or 00-00-f8 (802.1H,
 * which 802.11 bridges turn back into Ethernet II): the ethertype it
 * carries, *@off moved past it.  Linux reads no ARP or IPv6 so on
 * Ethernet; another receiver might, so the guard looks into it.  Else
 * @proto.
 */
static __be16 gl_guard_snap(const struct sk_buff *skb, unsigned int *off,
			    __be16 proto)
{
	static const u8 snap[5] = { 0xaa, 0xaa, 0x03, 0, 0 };
	const u8 *h;
	u8 _h[8];

	h = skb_header_pointer(skb, *off, sizeof(_h), _h);
	if (!h || memcmp(h, snap, sizeof(snap)) || (h[5] && h[5] != 0xf8))
		return proto;
	*off += sizeof(_h);
	return htons(h[6] << 8 | h[7]);
}

/*
 * Datapath, under RCU: may the frame @skb (MAC header pulled, of VLAN
 * @vid) from @p, whose guard is @g, enter?  If not it is dropped here.
 */
bool gl_guard_check(struct gl_port *p, struct gl_guard *g,
		    struct sk_buff *skb, u16 vid)
{
	const u8 *src = eth_hdr(skb)->h_source;
	u8 bad[ETH_ALEN] __aligned(2) = {};	/* none: a malformed packet */
	__be16 proto = skb->protocol;
	unsigned int off = 0, tags;

	/* the template's guard rests while the port is an uplink or a role
	 * port (others' MACs come that way); it applies again after
	 */
	if (unlikely(g->template) && gl_port_uplink_type(p))
		return true;
	if (unlikely(!gl_guard_has(g, src)) &&
	    !gl_guard_stick(p, g, src, vid)) {
		gl_guard_drop(p, skb, vid, GL_DROP_MAC_GUARD, src);
		return false;
	}
	/* the tags a port with stacked-tags leaves in the frame */
	for (tags = 0; unlikely(eth_type_vlan(proto)); tags++) {
		struct vlan_hdr _vh;
		const struct vlan_hdr *vh;

		vh = skb_header_pointer(skb, off, sizeof(_vh), &_vh);
		if (!vh || tags == GL_GUARD_MAX_TAGS) {
			gl_drop(p, skb, GL_DROP_STACKED);
			return false;
		}
		proto = vh->h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	/* an 802.3 frame: SNAP may carry ARP or IPv6 */
	if (unlikely(!eth_proto_is_802_3(proto)))
		proto = gl_guard_snap(skb, &off, proto);
	switch (proto) {
	case htons(ETH_P_ARP):
	case htons(ETH_P_RARP):
		if (!gl_guard_arp(g, skb, off, bad)) {
			gl_guard_drop(p, skb, vid, GL_DROP_ARP_GUARD, bad);
			return false;
		}
		break;
	case htons(ETH_P_IPV6):
		if (!gl_guard_nd(g, skb, off, bad)) {
			gl_guard_drop(p, skb, vid, GL_DROP_ND_GUARD, bad);
			return false;
		}
		break;
	}
	return true;
}

/*
 * Tell the admin (guard group) that @p was refused @reason for @mac (may
 * be NULL) in @vid; @owner: the port that has the MAC.  Softirq or
 * process context, RCU.  Nothing is allocated without a listener, nor
 * beyond the port's and its switch's rate: a switch's guests cannot
 * silence another switch's events.
 */
void gl_guard_event(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		    const struct gl_port *owner)
{
	if (!gl_guard_listeners(p->sw))
		return;
	if (!__ratelimit(&p->guard_rs) || !__ratelimit(&p->sw->guard_rs)) {
		atomic_inc(&p->guard_missed);
		return;
	}
	gl_notify_guard(p, reason, mac, vid, owner ? owner->dev->ifindex : 0,
			atomic_xchg(&p->guard_missed, 0));
}

/* A new guard: @macs (@n of them, checked), and @sticky more to come */
struct gl_guard *gl_guard_new(const u8 *macs, unsigned int n,
			      unsigned int sticky)
{
	struct gl_guard *g;

	if (n + sticky > GUESTLAN_MAC_GUARD_MAX)
		return ERR_PTR(-E2BIG);
	g = kzalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return ERR_PTR(-ENOMEM);
	memcpy(g->macs, macs, n * ETH_ALEN);
	g->n = n;
	g->n_listed = n;
	g->max = n + sticky;
	return g;
}

/* A guard never given to a port (gl_guard_set()), or NULL */
void gl_guard_free(struct gl_guard *g)
{
	if (g)
		kvfree(g->claims);
	kfree(g);
}

/*
 * Put @p's claim of @addr into @m (being built: at most half full), or
 * count @p among its listers.  RTNL
 */
static void gl_guard_map_put(struct gl_guard_map *m, struct gl_port *p,
			     const u8 *addr)
{
	struct gl_guard_claim *c = gl_guard_map_probe(m, addr);

	if (!c->used) {
		ether_addr_copy(c->addr, addr);
		c->used = true;
		c->port = p;
		m->live++;
	}
	c->listers++;
}

/*
 * Before @p takes the guard @g (gl_guard_set()), which lists MACs: the
 * switch's claims with them, into @g->claims.  Nothing changes yet.  RTNL.
 */
int gl_guard_prepare(struct gl_port *p, struct gl_guard *g,
		     struct netlink_ext_ack *extack)
{
	struct gl_switch *sw = p->sw;
	const struct gl_guard *o;
	struct gl_guard_map *m;
	unsigned int n = g->n_listed, i, size;
	struct gl_port *q;

	ASSERT_RTNL();
	if (!n)
		return 0;
	list_for_each_entry(q, &sw->ports, list) {
		o = rtnl_dereference(q->guard);
		if (q != p && o)
			n += o->n_listed;
	}
	if (n > GL_GUARD_LISTED_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The switch's MAC guards list at most " __stringify(GL_GUARD_LISTED_MAX) " MACs in all");
		return -ENOSPC;
	}
	size = roundup_pow_of_two(2 * n);
	m = kvzalloc(struct_size(m, slot, size),
		     GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	if (!m)
		return -ENOMEM;
	get_random_bytes(&m->key, sizeof(m->key));
	m->mask = size - 1;
	for (i = 0; i < g->n_listed; i++)
		gl_guard_map_put(m, p, g->macs[i]);
	list_for_each_entry(q, &sw->ports, list) {
		o = rtnl_dereference(q->guard);
		for (i = 0; q != p && o && i < o->n_listed; i++)
			gl_guard_map_put(m, q, o->macs[i]);
	}
	g->claims = m;
	return 0;
}

/* Another port than @p whose guard lists @addr, or NULL.  RTNL */
static struct gl_port *gl_guard_other(struct gl_switch *sw,
				      const struct gl_port *p, const u8 *addr)
{
	struct gl_port *q;

	list_for_each_entry(q, &sw->ports, list)
		if (q != p && gl_port_guard_lists(q, addr))
			return q;
	return NULL;
}

/*
 * Give @p guard @g (NULL: none), prepared if it lists MACs, replacing its
 * guard as a whole, sticky MACs included; the old one is freed after a
 * grace period.  With the new guard come its claims; @p's claims that the
 * old guard made and the new one does not go to another port listing the
 * MAC, if any.  Never fails.  RTNL.
 */
void gl_guard_set(struct gl_port *p, struct gl_guard *g)
{
	struct gl_guard *old = rtnl_dereference(p->guard);
	struct gl_port *next[GUESTLAN_MAC_GUARD_MAX] = {};
	struct gl_guard_claim *drop[GUESTLAN_MAC_GUARD_MAX] = {};
	struct gl_guard_map *m, *replaced = NULL, *empty = NULL;
	struct gl_switch *sw = p->sw;
	unsigned int i;

	ASSERT_RTNL();
	m = rtnl_dereference(sw->guard_map);
	/*
	 * A table built for @g counts none of the old guard's claims; in the
	 * table in use, find them and who takes each over, before the lock
	 * (a walk of the ports only for a MAC another guard lists too).
	 */
	for (i = 0; !(g && g->claims) && m && old && i < old->n_listed; i++) {
		struct gl_guard_claim *c = gl_guard_map_slot(m, old->macs[i]);

		if (!c || (g && gl_guard_lists(g, c->addr)))
			continue;
		drop[i] = c;
		if (c->port == p && c->listers > 1)
			next[i] = gl_guard_other(sw, p, c->addr);
	}
	/* under fdb_lock: gl_guard_stick() sees guards and claims agree */
	spin_lock_bh(&sw->fdb_lock);
	if (g && g->claims) {
		replaced = m;
		m = g->claims;
		g->claims = NULL;
		rcu_assign_pointer(sw->guard_map, m);
	}
	rcu_assign_pointer(p->guard, g);
	for (i = 0; i < ARRAY_SIZE(drop); i++) {
		struct gl_guard_claim *c = drop[i];

		if (!c)
			continue;
		c->listers--;
		if (c->port != p)
			continue;
		WRITE_ONCE(c->port, next[i]);
		if (!next[i])
			m->live--;
	}
	if (m && !m->live) {
		empty = m;
		RCU_INIT_POINTER(sw->guard_map, NULL);
	}
	spin_unlock_bh(&sw->fdb_lock);
	if (replaced)
		kvfree_rcu(replaced, rcu);
	if (empty)
		kvfree_rcu(empty, rcu);
	if (old)
		kfree_rcu(old, rcu);
}

void gl_guard_port_init(struct gl_port *p)
{
	ratelimit_state_init(&p->guard_rs, HZ, GL_GUARD_EV_PORT);
	ratelimit_set_flags(&p->guard_rs, RATELIMIT_MSG_ON_RELEASE);
}

/*
 * A new port @p takes the switch's template: a MAC guard with sticky MACs,
 * except on a tunnel device or a mirror destination (and it does not
 * apply while the port is uplink-type, gl_guard_check()).  RTNL.
 */
int gl_guard_template(struct gl_port *p)
{
	u8 sticky = p->sw->tmpl_sticky;
	struct gl_guard *g;

	if (!sticky || p->tunnel || p->mirror_dest)
		return 0;
	g = gl_guard_new(NULL, 0, sticky);
	if (IS_ERR(g))
		return PTR_ERR(g);
	g->template = true;
	gl_guard_set(p, g);
	return 0;
}

void gl_guard_switch_init(struct gl_switch *sw)
{
	ratelimit_state_init(&sw->guard_rs, HZ, GL_GUARD_EV_SWITCH);
	ratelimit_set_flags(&sw->guard_rs, RATELIMIT_MSG_ON_RELEASE);
}

/* Its ports gone, the switch has no claims left */
void gl_guard_switch_uninit(struct gl_switch *sw)
{
	struct gl_guard_map *m = rcu_replace_pointer(sw->guard_map, NULL, true);

	if (m)
		kvfree_rcu(m, rcu);
}
