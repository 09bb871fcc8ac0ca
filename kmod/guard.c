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
 * (gl_guard_event()), rate-limited per port and for the module before
 * anything is allocated.
 *
 * Where guards sit: after sFlow sampling and the VLAN checks, before
 * learning, mirrors and forwarding.  A refused frame is sampled (sFlow
 * reports what the port received) but never mirrored or learned.
 *
 * A port without a guard pays one pointer test.
 */
#include <linux/etherdevice.h>
#include <linux/hash.h>
#include <linux/icmpv6.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/ipv6.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "guestlan.h"

/* How many tags a guard looks through, from a port with stacked-tags */
#define GL_GUARD_MAX_TAGS	8

/* Events: per port and for the module, a second's worth */
#define GL_GUARD_EV_PORT	10
#define GL_GUARD_EV_ALL		100
static DEFINE_RATELIMIT_STATE(gl_guard_rs, HZ, GL_GUARD_EV_ALL);

static unsigned int gl_guard_hash(const u8 *addr)
{
	return hash_64(ether_addr_to_u64(addr), GL_GUARD_FILTER_SHIFT);
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
	struct gl_port *q;

	if (likely(!test_bit(gl_guard_hash(addr), sw->guard_filter)) ||
	    gl_port_guard_lists(p, addr))
		return NULL;
	list_for_each_entry_rcu(q, &sw->ports, list)
		if (q != p && gl_port_guard_lists(q, addr))
			return q;
	return NULL;
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

	if (READ_ONCE(g->n) >= g->max || gl_guard_claimed(sw, p, src))
		return false;
	f = gl_fdb_lookup(sw, src, vid);
	if (f && READ_ONCE(f->port) != p)
		return false;
	spin_lock(&sw->fdb_lock);
	n = g->n;
	if (gl_guard_has(g, src)) {
		ok = true;
	} else if (n < g->max && rcu_access_pointer(p->guard) == g) {
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
 * IPv6 (at @off): a neighbour discovery message's source and target
 * link-layer address options must name MACs the guard allows.  The header
 * chain is followed to its end (RFC 7113: extension headers must not hide
 * an ND message); a chain that cannot be followed, a fragmented ND message
 * (RFC 6980: never legitimate) and malformed options are refused.  Other
 * IPv6 packets pass.
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
	if (nexthdr == NEXTHDR_NONE)
		return true;
	start = ipv6_skip_exthdr(skb, off + sizeof(*ip6), &nexthdr, &frag_off);
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
	if (frag_off)
		return false;	/* a fragmented ND message */
	for (start += fixed; start + 2 <= end; start += o[1] * 8) {
		o = skb_header_pointer(skb, start, 8, _o);
		if (!o || !o[1])
			return false;	/* truncated, or a zero length */
		if ((o[0] == ND_OPT_SOURCE_LL_ADDR ||
		     o[0] == ND_OPT_TARGET_LL_ADDR) && !gl_guard_has(g, o + 2)) {
			memcpy(bad, o + 2, ETH_ALEN);
			return false;
		}
	}
	return true;
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
 * beyond the port's and the module's rate.
 */
void gl_guard_event(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		    const struct gl_port *owner)
{
	if (!gl_guard_listeners(p->sw))
		return;
	if (!__ratelimit(&p->guard_rs) || !__ratelimit(&gl_guard_rs)) {
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

/* The switch's filter of allowed MACs again, from its guards.  RTNL */
static void gl_guard_filter_sync(struct gl_switch *sw)
{
	DECLARE_BITMAP(filter, GL_GUARD_FILTER_BITS);
	const struct gl_guard *g;
	struct gl_port *p;
	unsigned int i;

	ASSERT_RTNL();
	/* under fdb_lock: no sticky MAC is taken meanwhile */
	spin_lock_bh(&sw->fdb_lock);
	bitmap_zero(filter, GL_GUARD_FILTER_BITS);
	list_for_each_entry(p, &sw->ports, list) {
		g = rtnl_dereference(p->guard);
		for (i = 0; g && i < g->n_listed; i++)
			__set_bit(gl_guard_hash(g->macs[i]), filter);
	}
	for (i = 0; i < BITS_TO_LONGS(GL_GUARD_FILTER_BITS); i++)
		WRITE_ONCE(sw->guard_filter[i], filter[i]);
	spin_unlock_bh(&sw->fdb_lock);
}

/*
 * Give @p guard @g (NULL: none), replacing its guard as a whole, sticky
 * MACs included; the old one is freed after a grace period.  RTNL.
 */
void gl_guard_set(struct gl_port *p, struct gl_guard *g)
{
	struct gl_guard *old = rtnl_dereference(p->guard);

	ASSERT_RTNL();
	rcu_assign_pointer(p->guard, g);
	gl_guard_filter_sync(p->sw);
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
 * except on a tunnel device or a mirror destination.  RTNL.
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
	gl_guard_set(p, g);
	return 0;
}

void gl_guard_module_init(void)
{
	ratelimit_set_flags(&gl_guard_rs, RATELIMIT_MSG_ON_RELEASE);
}
