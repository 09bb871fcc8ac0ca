// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath.  Frames enter from a port (rx_handler) or from the host
 * (the switch device's xmit) with the MAC header pulled and any 802.1Q tag
 * moved into the skb; they leave through dev_queue_xmit() on a port, or
 * netif_receive_skb() on the switch device for the host.  Everything here
 * runs under RCU with BHs off; no locks, no allocations but clones.
 *
 * Besides its normal recipients, a frame is copied to every port in active
 * promiscuous mode for its VLAN, and to the packet taps of the switch
 * device while the host sniffs (tcpdump -i lan0, see gl_host_sniffing());
 * nobody gets a frame twice or its own back.  Mirror sessions (mirror.c)
 * copy it once each to their destination port.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/guestlan.h>
#include <net/dst_metadata.h>

#include "compat.h"
#include "guestlan.h"

#define CREATE_TRACE_POINTS
#include "trace.h"

/* Why a port gets a frame */
enum gl_tx {
	GL_TX_FORWARD,		/* known unicast */
	GL_TX_FLOOD,		/* broadcast, multicast, unknown unicast */
	GL_TX_PROMISC,		/* copy for a promiscuous port */
	GL_TX_SNIFF,		/* copy for the host sniffing on the switch */
	GL_TX_MIRROR,		/* copy for a mirror session's destination */
};

static void gl_count_rx_pcpu(struct gl_pcpu_stats *s, unsigned int len)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

void gl_count_rx(struct gl_port *p, unsigned int len)
{
	gl_count_rx_pcpu(this_cpu_ptr(p->stats), len);
}

/* A frame that entered on @p passed the ingress checks */
static void gl_count_accepted(struct gl_port *p)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_accepted);
	u64_stats_update_end(&s->syncp);
}

static void gl_count_tx(struct gl_port *p, unsigned int len, enum gl_tx how)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	if (how == GL_TX_FLOOD)
		u64_stats_inc(&s->flooded);
	else if (how == GL_TX_PROMISC || how == GL_TX_SNIFF)
		u64_stats_inc(&s->promisc_tx);
	u64_stats_update_end(&s->syncp);
}

void gl_count_drop(struct gl_port *p, enum gl_drop why)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[why]);
	u64_stats_update_end(&s->syncp);
}

static const enum skb_drop_reason gl_drop_reasons[GL_DROP_MAX] = {
	[GL_DROP_RUNT]		= SKB_DROP_REASON_PKT_TOO_SMALL,
	[GL_DROP_BAD_SRC]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_VLAN]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_LOOP]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_DOWN]		= SKB_DROP_REASON_DEV_READY,
	[GL_DROP_MTU]		= SKB_DROP_REASON_PKT_TOO_BIG,
	[GL_DROP_NOMEM]		= SKB_DROP_REASON_NOMEM,
	[GL_DROP_FILTER]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_FORGED]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_STACKED]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_MAC_GUARD]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_ARP_GUARD]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[GL_DROP_ND_GUARD]	= SKB_DROP_REASON_NOT_SPECIFIED,
};

/* Drop @skb on @p: count it, show it on the drop tap, free it */
void gl_drop(struct gl_port *p, struct sk_buff *skb, enum gl_drop why)
{
	gl_count_drop(p, why);
	trace_guestlan_drop(p->sw->dev, p->dev, skb, why);
	kfree_skb_reason(skb, gl_drop_reasons[why]);
}

/* Can @p, not the host port, send a frame of @vid out?  Not to a mirror dest */
static __always_inline bool gl_dev_egress_ok(const struct gl_port *p, u16 vid)
{
	return test_bit(vid, p->vlans) && !READ_ONCE(p->mirror_dest) &&
	       netif_running(p->dev) && netif_carrier_ok(p->dev);
}

/* Can @p, any port, send a frame of @vid out? */
static __always_inline bool gl_port_egress_ok(const struct gl_port *p, u16 vid)
{
	if (gl_port_is_host(p))
		return test_bit(vid, p->vlans) && !READ_ONCE(p->mirror_dest);
	return gl_dev_egress_ok(p, vid);
}

/*
 * Host sniffing (z/VM's TRSOURCE TYPE LAN): the host traces the whole LAN
 * through the packet taps bound to the switch device (dev->ptype_all: a
 * tap on every device, tcpdump -i any, sees what lan0 receives, not the
 * LAN), as the switch's host-trace says:
 * - auto: while the device is promiscuous for any reason as well (tcpdump
 *   -i lan0); a tap without promiscuity (tcpdump -p) sees only what the
 *   host gets anyway, and promiscuity without a tap copies nothing;
 * - on: whenever a tap is open; off: never.
 * af_packet does not record which tap asked for promiscuity, so in auto
 * every tap on lan0 gets the copies while one of them -- or a bridge, or
 * ip link set lan0 promisc on -- made it promiscuous.
 */
static bool gl_host_sniffing(const struct gl_switch *sw)
{
	const struct net_device *dev = sw->dev;

	if (likely(list_empty(&dev->ptype_all)))
		return false;
	switch (READ_ONCE(sw->host_trace)) {
	case GUESTLAN_HOST_TRACE_AUTO:
		return READ_ONCE(dev->flags) & IFF_PROMISC;
	case GUESTLAN_HOST_TRACE_ON:
		return true;
	default:
		return false;
	}
}

/*
 * A sniffed copy goes to the device's packet taps and nowhere else: not
 * through netif_receive_skb(), where the rx_handler of a master (a bridge
 * lan0 is a port of), upper devices (macvlan, VLAN devices) and the
 * protocols would get frames of VLANs and hosts the host is not part of.
 * This is the tap half of __netif_receive_skb_core(), as
 * dev_queue_xmit_nit() is for transmit, but the copy keeps its direction
 * (received, PACKET_OTHERHOST) and its 802.1Q tag in the skb, which
 * AF_PACKET reports in its auxdata.
 */
static void gl_sniff(struct gl_port *host, struct sk_buff *skb)
{
	struct net_device *dev = host->dev;
	struct packet_type *pt, *last = NULL;

	skb->dev = dev;
	skb->pkt_type = PACKET_OTHERHOST;
	if (!skb->tstamp)
		__net_timestamp(skb);
	if (unlikely(skb_orphan_frags_rx(skb, GFP_ATOMIC))) {
		gl_drop(host, skb, GL_DROP_NOMEM);
		return;
	}
	list_for_each_entry_rcu(pt, &dev->ptype_all, list) {
		if (last) {
			refcount_inc(&skb->users);
			last->func(skb, dev, last, dev);
		}
		last = pt;
	}
	if (last)
		last->func(skb, dev, last, dev);
	else
		consume_skb(skb);	/* the tap closed meanwhile */
}

/* Hand a frame to the host stack on the switch device */
static void gl_pass_up(struct gl_port *host, struct sk_buff *skb,
		       enum gl_tx how)
{
	struct net_device *dev = host->dev;
	const struct ethhdr *eth = eth_hdr(skb);

	if (how == GL_TX_SNIFF) {
		gl_sniff(host, skb);
		return;
	}
	skb->dev = dev;
	if (!is_multicast_ether_addr(eth->h_dest))
		skb->pkt_type = ether_addr_equal(eth->h_dest, dev->dev_addr) ?
				PACKET_HOST : PACKET_OTHERHOST;
	dev_sw_netstats_rx_add(dev, skb->len + ETH_HLEN);
	netif_receive_skb(skb);
}

/* The priority and DEI bits of the ingress tag (none: 0) go out unchanged */
static u16 gl_tci_prio(const struct sk_buff *skb)
{
	if (!skb_vlan_tag_present(skb))
		return 0;
	return skb_vlan_tag_get(skb) & (VLAN_PRIO_MASK | VLAN_CFI_MASK);
}

/* The frame leaves by @to's device: the MAC header pulled on the way in is back */
static __always_inline void gl_xmit(struct gl_port *to, struct sk_buff *skb,
				    enum gl_tx how)
{
	skb->dev = to->dev;
	/* is_skb_forwardable(), inline: the device is up, the frame fits */
	if (unlikely(!__is_skb_forwardable(to->dev, skb, true))) {
		gl_drop(to, skb, GL_DROP_MTU);
		return;
	}
	skb_forward_csum(skb);
	gl_count_tx(to, skb->len, how);
	dev_queue_xmit(skb);
}

/*
 * The rare deliveries, out of line: without a call of its own left,
 * gl_deliver() saves no registers for the common one.
 */
static noinline void gl_deliver_host(struct gl_port *host, struct sk_buff *skb,
				     enum gl_tx how)
{
	gl_count_tx(host, skb->len + ETH_HLEN, how);
	gl_pass_up(host, skb, how);
}

static noinline void gl_xmit_sampled(struct gl_port *to, struct sk_buff *skb,
				     enum gl_tx how)
{
	__gl_sample(to, skb, skb->dev->ifindex, to->dev->ifindex);
	gl_xmit(to, skb, how);
}

/* Send @skb (MAC header pulled) out of @to, tagged as @to wants @vid */
static void gl_deliver(struct gl_port *to, struct sk_buff *skb, u16 vid,
		       enum gl_tx how)
{
	if (how != GL_TX_SNIFF && test_bit(vid, to->untagged))
		__vlan_hwaccel_clear_tag(skb);
	else
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q),
				       vid | gl_tci_prio(skb));

	if (gl_port_is_host(to)) {
		gl_deliver_host(to, skb, how);
		return;
	}

	__skb_push(skb, ETH_HLEN);	/* the header pulled on the way in */
	if (unlikely(rcu_access_pointer(to->sample)) && how != GL_TX_MIRROR)
		gl_xmit_sampled(to, skb, how);
	else
		gl_xmit(to, skb, how);
}

/*
 * Deliveries are chained so that the last recipient gets the original skb
 * and the others clones: @prev is the recipient found before @to.
 */
struct gl_chain {
	struct gl_port	*port;
	enum gl_tx	how;
	/* the mirror sessions of the frame, and of its ingress port @in */
	unsigned long	mirror, mirror_rx;
	struct gl_port	*in;
	/*
	 * For each session in @mirror but not @mirror_rx, the first port
	 * the frame leaves by whose tx it mirrors (ERSPAN names it); not
	 * initialised for the others.
	 */
	struct gl_port	*mirror_tx[GUESTLAN_MIRROR_MAX];
};

/* A chain for a frame from @in; mirror_tx[] is left as it is */
static void gl_chain_init(struct gl_chain *c, struct gl_port *in)
{
	c->port = NULL;
	c->in = in;
	c->mirror = c->mirror_rx = READ_ONCE(in->mirror_rx);
}

/* The frame leaves by @to, whose tx @new sessions mirror first */
static noinline void gl_chain_tx(struct gl_chain *c, struct gl_port *to,
				 unsigned long new)
{
	unsigned int i;

	c->mirror |= new;
	for_each_set_bit(i, &new, GUESTLAN_MIRROR_MAX)
		c->mirror_tx[i] = to;
}

/*
 * @to gets the frame: @prev, the recipient found before it, gets its copy
 * now.  Inline: it runs once per copy, in the loops of gl_flood() and
 * gl_copies().
 */
static __always_inline void gl_chain_add(struct gl_chain *prev,
					 struct gl_port *to, enum gl_tx how,
					 struct sk_buff *skb, u16 vid)
{
	struct sk_buff *clone;
	unsigned long new;

	if (prev->port) {
		clone = skb_clone(skb, GFP_ATOMIC);
		if (likely(clone))
			gl_deliver(prev->port, clone, vid, prev->how);
		else
			gl_count_drop(prev->port, GL_DROP_NOMEM);
	}
	prev->port = to;
	prev->how = how;
	if (how == GL_TX_SNIFF)
		return;
	/* the sessions mirroring @to's tx, and not yet the frame */
	new = READ_ONCE(to->mirror_tx) & ~prev->mirror;
	if (unlikely(new))
		gl_chain_tx(prev, to, new);
}

static void gl_mirror(struct gl_switch *sw, struct sk_buff *skb, u16 vid,
		      const struct gl_chain *c);

static void gl_chain_end(struct gl_chain *last, struct gl_switch *sw,
			 struct sk_buff *skb, u16 vid)
{
	if (unlikely(last->mirror))
		gl_mirror(sw, skb, vid, last);
	if (last->port)
		gl_deliver(last->port, skb, vid, last->how);
	else
		consume_skb(skb);
}

/* bridge_invisible: frames between such a port and a bridge-role port */
static bool gl_invisible(const struct gl_port *a, const struct gl_port *b)
{
	return (READ_ONCE(a->vnicc.bridge_invisible) && READ_ONCE(b->role)) ||
	       (READ_ONCE(b->vnicc.bridge_invisible) && READ_ONCE(a->role));
}

/*
 * Copies for the promiscuous ports and the sniffing host, except @in and
 * @to (which get the frame anyway).
 */
static void gl_copies(struct gl_port *in, struct gl_port *to,
		      struct gl_chain *chain, struct sk_buff *skb, u16 vid)
{
	struct gl_switch *sw = in->sw;
	struct gl_port *p;

	list_for_each_entry_rcu(p, &sw->granted, grant_list)
		if (p != in && p != to && gl_port_promisc(p, vid) &&
		    gl_port_egress_ok(p, vid) && !gl_invisible(in, p))
			gl_chain_add(chain, p, GL_TX_PROMISC, skb, vid);

	if (in != &sw->host && to != &sw->host && gl_host_sniffing(sw))
		gl_chain_add(chain, &sw->host, GL_TX_SNIFF, skb, vid);
}

/* What a flooded frame is; worked out once per frame, not per port */
enum gl_flood_kind {
	GL_FLOOD_BCAST,
	GL_FLOOD_MCAST,
	GL_FLOOD_UNKNOWN,	/* unknown unicast, the switch floods it */
	GL_FLOOD_UNKNOWN_BP,	/* unknown unicast, bridgeport-only */
};

static enum gl_flood_kind gl_flood_kind(const struct gl_switch *sw,
					const u8 *dest)
{
	if (is_broadcast_ether_addr(dest))
		return GL_FLOOD_BCAST;
	if (is_multicast_ether_addr(dest))
		return GL_FLOOD_MCAST;
	if (READ_ONCE(sw->unknown_unicast) == GUESTLAN_UNKNOWN_UNICAST_FLOOD)
		return GL_FLOOD_UNKNOWN;
	return GL_FLOOD_UNKNOWN_BP;
}

/* Does @p take part in a flood of @kind? */
static bool gl_flood_wants(const struct gl_port *p, enum gl_flood_kind kind,
			   const struct gl_port *active_bp)
{
	switch (kind) {
	case GL_FLOOD_BCAST:
		return READ_ONCE(p->vnicc.rx_bcast);
	case GL_FLOOD_MCAST:
		return READ_ONCE(p->vnicc.mcast_flooding);
	default:
		break;
	}
	if (p == active_bp)
		return true;
	if (READ_ONCE(p->role))
		return false;		/* standby bridge ports */
	return kind == GL_FLOOD_UNKNOWN && READ_ONCE(p->vnicc.flooding);
}

/*
 * The host's own addresses are LOCAL entries of its port (device.c), so
 * an unknown unicast frame is for some other host: the host stack takes it
 * only in promiscuous mode (an upper bridge, a passthru macvlan, promisc
 * on) or while its unicast filter is not in the FDB whole, as a bridge
 * keeps unknown unicast from its own device (br_handle_frame_finish()).
 */
static bool gl_host_flood_wants(const struct gl_switch *sw,
				enum gl_flood_kind kind,
				const struct gl_port *active_bp)
{
	if (kind >= GL_FLOOD_UNKNOWN &&
	    !(READ_ONCE(sw->dev->flags) & IFF_PROMISC) &&
	    !READ_ONCE(sw->uc_unsynced))
		return false;
	return gl_flood_wants(&sw->host, kind, active_bp);
}

/*
 * Broadcast, multicast, unknown unicast: the ports of the VLAN that want it
 * (VNIC characteristics, bridge-port role) get it once, promiscuous ports
 * and the sniffing host a copy.  @sw->ports holds no host port: the host
 * comes last.
 */
static void gl_flood(struct gl_port *in, struct sk_buff *skb, u16 vid)
{
	struct gl_switch *sw = in->sw;
	enum gl_flood_kind kind = gl_flood_kind(sw, eth_hdr(skb)->h_dest);
	/* neither bridge_invisible nor a bridge role: nobody is invisible */
	bool invisible = READ_ONCE(in->vnicc.bridge_invisible) ||
			 READ_ONCE(in->role);
	struct gl_port *p, *active_bp;
	struct gl_chain chain;

	gl_chain_init(&chain, in);
	active_bp = rcu_dereference(sw->active_bp);
	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || !gl_dev_egress_ok(p, vid) ||
		    (unlikely(invisible) && gl_invisible(in, p)))
			continue;
		if (gl_flood_wants(p, kind, active_bp))
			gl_chain_add(&chain, p, GL_TX_FLOOD, skb, vid);
		else if (gl_port_promisc(p, vid))
			gl_chain_add(&chain, p, GL_TX_PROMISC, skb, vid);
	}

	if (in != &sw->host) {
		if (gl_port_egress_ok(&sw->host, vid) &&
		    gl_host_flood_wants(sw, kind, active_bp))
			gl_chain_add(&chain, &sw->host, GL_TX_FLOOD, skb, vid);
		else if (gl_host_sniffing(sw))
			gl_chain_add(&chain, &sw->host, GL_TX_SNIFF, skb, vid);
	}

	/* bridgeport-only with no active bridge port, or one that is down */
	if (!chain.port && kind == GL_FLOOD_UNKNOWN_BP) {
		gl_drop(in, skb, GL_DROP_FILTER);
		return;
	}
	gl_count_accepted(in);
	gl_chain_end(&chain, sw, skb, vid);
}

/*
 * Known unicast with copies to make: promiscuous ports, the sniffing
 * host, mirror sessions.  Out of line: the chain (~170 bytes) is
 * zero-initialised on entry where the kernel initialises stack variables
 * (CONFIG_INIT_STACK_ALL_ZERO, Debian's), which the plain path must not pay.
 */
static noinline void gl_forward_copies(struct gl_port *in, struct gl_port *to,
				       struct sk_buff *skb, u16 vid)
{
	struct gl_chain chain;

	gl_chain_init(&chain, in);
	gl_copies(in, to, &chain, skb, vid);
	gl_chain_add(&chain, to, GL_TX_FORWARD, skb, vid);
	gl_chain_end(&chain, in->sw, skb, vid);
}

/* Known unicast to @to, plus the promiscuous and mirror copies */
static void gl_forward(struct gl_port *in, struct gl_port *to,
		       struct sk_buff *skb, u16 vid)
{
	if (unlikely(gl_invisible(in, to))) {
		gl_drop(in, skb, GL_DROP_FILTER);
		return;
	}
	gl_count_accepted(in);
	if (unlikely(test_bit(vid, in->sw->grant_vlans) ||
		     gl_host_sniffing(in->sw) ||
		     (READ_ONCE(in->mirror_rx) | READ_ONCE(to->mirror_tx)))) {
		gl_forward_copies(in, to, skb, vid);
		return;
	}
	gl_deliver(to, skb, vid, GL_TX_FORWARD);
}

/* Count a mirror copy (@cut: truncated) or, with @sent false, its loss */
static void gl_mirror_count(struct gl_mirror_pcpu *s, bool sent, bool cut)
{
	u64_stats_update_begin(&s->syncp);
	if (!sent)
		u64_stats_inc(&s->dropped);
	else
		u64_stats_inc(&s->mirrored);
	if (cut)
		u64_stats_inc(&s->truncated);
	u64_stats_update_end(&s->syncp);
}

/*
 * The first @len bytes of @skb (MAC header pulled), as a new linear skb
 * with the MAC header pulled: no GSO state and no checksum offload that
 * the core would act on.  A cut GSO frame can be neither segmented nor
 * checksummed, so trimming a clone cannot make the copy (the core drops
 * it, or warns that the offload is bad).
 */
static struct sk_buff *gl_mirror_cut(const struct sk_buff *skb,
				     unsigned int len)
{
	struct sk_buff *copy = alloc_skb(MAX_HEADER + len, GFP_ATOMIC);

	if (unlikely(!copy))
		return NULL;
	skb_reserve(copy, MAX_HEADER);
	skb_reset_mac_header(copy);
	skb_put_data(copy, eth_hdr(skb), ETH_HLEN);
	if (unlikely(skb_copy_bits(skb, 0, skb_put(copy, len - ETH_HLEN),
				   len - ETH_HLEN))) {
		kfree_skb(copy);
		return NULL;
	}
	__skb_pull(copy, ETH_HLEN);
	skb_reset_network_header(copy);
	copy->mac_len = ETH_HLEN;
	copy->protocol = skb->protocol;
	copy->priority = skb->priority;
	copy->dev = skb->dev;
	__vlan_hwaccel_copy_tag(copy, skb);
	return copy;
}

/*
 * A copy of @skb, cut (*@cut) to @snaplen bytes (0: whole) or to @fit,
 * what its destination takes (0: anything; MAC header included, tag
 * not), if longer: a copy is cut rather than lost.  Uncut, a GSO frame
 * fits as its segments will.
 */
static struct sk_buff *gl_mirror_copy(struct sk_buff *skb,
				      unsigned int snaplen, unsigned int fit,
				      bool *cut)
{
	if (!skb_is_gso(skb) || snaplen)
		snaplen = min_not_zero(snaplen, fit);
	*cut = snaplen && skb->len + ETH_HLEN > snaplen;
	if (unlikely(*cut))
		return gl_mirror_cut(skb, snaplen);
	return skb_clone(skb, GFP_ATOMIC);
}

/* The longest copy @to sends as it is (MAC header included, tag not) */
static unsigned int gl_mirror_fit(const struct gl_port *to)
{
	return READ_ONCE(to->dev->mtu) + to->dev->hard_header_len;
}

/*
 * Hand copy @copy (MAC header pushed) to @to: counted as mirrored once
 * the device took it, else as dropped.
 */
static void gl_mirror_xmit(struct gl_mirror_pcpu *s, struct gl_port *to,
			   struct sk_buff *copy, bool cut)
{
	unsigned int len = copy->len;
	int rc;

	skb_forward_csum(copy);
	rc = dev_queue_xmit(copy);
	if (likely(!net_xmit_eval(rc))) {
		gl_count_tx(to, len, GL_TX_MIRROR);
		gl_mirror_count(s, true, cut);
	} else {
		gl_mirror_count(s, false, false);
	}
}

/*
 * RSPAN: a copy to every port of the session's VLAN, tagged with it (or
 * not, as the port's membership says).  An MTU drop counts on the port.
 */
static void gl_mirror_rspan(struct gl_switch *sw, const struct gl_mirror *m,
			    struct gl_mirror_pcpu *s, struct sk_buff *skb)
{
	u16 vid = m->dest_vid;
	struct sk_buff *copy;
	struct gl_port *p;
	bool cut;

	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (!gl_dev_egress_ok(p, vid))
			continue;
		copy = gl_mirror_copy(skb, m->snaplen, gl_mirror_fit(p), &cut);
		if (unlikely(!copy)) {
			gl_mirror_count(s, false, false);
			continue;
		}
		if (test_bit(vid, p->untagged))
			__vlan_hwaccel_clear_tag(copy);
		else
			__vlan_hwaccel_put_tag(copy, htons(ETH_P_8021Q),
					       vid | gl_tci_prio(copy));
		__skb_push(copy, ETH_HLEN);
		copy->dev = p->dev;
		if (unlikely(!is_skb_forwardable(p->dev, copy))) {
			gl_drop(p, copy, GL_DROP_MTU);
			gl_mirror_count(s, false, false);
			continue;
		}
		gl_mirror_xmit(s, p, copy, cut);
	}
}

/*
 * ERSPAN: the tunnel metadata of @m's copies of what @src received
 * (@egress false) or sent; NULL if @src left the session meanwhile.
 */
static struct metadata_dst *gl_mirror_erspan_md(const struct gl_mirror *m,
						const struct gl_port *src,
						bool egress)
{
	unsigned int i;

	for (i = 0; i < m->n_src; i++)
		if (READ_ONCE(m->src[i].port) == src)
			return m->src[i].md[egress && m->erspan.version == 2];
	return NULL;
}

/*
 * ERSPAN: the tunnel cuts a copy longer than its MTU (and sets the
 * header's truncated bit), but keeps a GSO frame's GSO state and loses it.
 * So a GSO copy is segmented here, each segment a copy of its own, and a
 * copy the tunnel will cut has its checksum filled in first: its offset
 * may lie beyond the cut.
 */
static void gl_mirror_erspan_xmit(struct gl_mirror_pcpu *s, struct gl_port *to,
				  struct sk_buff *copy, bool cut)
{
	struct sk_buff *segs, *next;

	if (skb_is_gso(copy)) {
		segs = skb_gso_segment(copy, 0);
		if (IS_ERR_OR_NULL(segs)) {
			kfree_skb(copy);
			gl_mirror_count(s, false, false);
			return;
		}
		consume_skb(copy);
		skb_list_walk_safe(segs, copy, next) {
			skb_mark_not_on_list(copy);
			gl_mirror_xmit(s, to, copy, cut);
		}
		return;
	}
	/* the tunnel inserts the tag into the frame: it counts */
	if (copy->ip_summed == CHECKSUM_PARTIAL &&
	    copy->len + VLAN_HLEN > gl_mirror_fit(to) && skb_checksum_help(copy)) {
		kfree_skb(copy);
		gl_mirror_count(s, false, false);
		return;
	}
	gl_mirror_xmit(s, to, copy, cut);
}

/*
 * A GSO frame's ERSPAN copy is segmented into at most this many copies:
 * a guest picks the segment size (a tap's virtio-net header), and 64 KB
 * of 8-byte segments would be thousands of allocations in softirq.
 */
#define GL_MIRROR_MAX_SEGS	128

/*
 * Can the module segment GSO frame @skb for ERSPAN?  Not one with no
 * checksum offload, which a tap's virtio-net header can make (the core
 * would warn, skb_needs_check()), nor one of more than GL_MIRROR_MAX_SEGS
 * segments: their copy is cut to the tunnel's MTU instead.
 */
static unsigned int gl_mirror_erspan_snaplen(const struct gl_mirror *m,
					     const struct gl_port *to,
					     const struct sk_buff *skb)
{
	unsigned int max = gl_mirror_fit(to) - VLAN_HLEN;

	if (likely(!skb_is_gso(skb) ||
		   ((skb->ip_summed == CHECKSUM_PARTIAL ||
		     skb->ip_summed == CHECKSUM_UNNECESSARY) &&
		    skb->len / skb_shinfo(skb)->gso_size <= GL_MIRROR_MAX_SEGS)))
		return m->snaplen;
	return m->snaplen ? min(m->snaplen, max) : max;
}

/*
 * Session @m's copy of @skb (MAC header pulled), if the frame is of one of
 * its VLANs and sampled.  To a port (SPAN), it leaves tagged with @vid
 * (and the ingress priority), as the host's trace shows frames; to an
 * erspan port, with the tunnel metadata of @src (sent by it if @egress,
 * else received), segmented if it is a GSO frame and cut by the tunnel,
 * not dropped, if it is too big.
 */
static void gl_mirror_one(struct gl_switch *sw, struct gl_mirror *m,
			  struct sk_buff *skb, u16 vid,
			  const struct gl_port *src, bool egress)
{
	struct metadata_dst *md = NULL;
	unsigned int snaplen;
	struct gl_mirror_pcpu *s;
	struct sk_buff *copy;
	struct gl_port *to;
	bool cut;

	if (!m || (!m->all_vlans && !test_bit(vid, m->vlans)))
		return;
	s = this_cpu_ptr(m->stats);
	if (m->sample_rate > 1) {
		if (s->skip) {
			s->skip--;
			return;
		}
		s->skip = m->sample_rate - 1;
	}
	if (m->dest_vid) {
		gl_mirror_rspan(sw, m, s, skb);
		return;
	}
	to = rcu_dereference(m->dest);
	if (unlikely(!to || !netif_running(to->dev) ||
		     !netif_carrier_ok(to->dev)))
		goto lost;
	snaplen = m->snaplen;
	if (m->erspan.version) {
		md = gl_mirror_erspan_md(m, src, egress);
		if (unlikely(!md))
			goto lost;
		snaplen = gl_mirror_erspan_snaplen(m, to, skb);
	}
	/* the tunnel cuts what it cannot take itself, saying so in its header */
	copy = gl_mirror_copy(skb, snaplen, md ? 0 : gl_mirror_fit(to), &cut);
	if (unlikely(!copy))
		goto lost;
	__vlan_hwaccel_put_tag(copy, htons(ETH_P_8021Q), vid | gl_tci_prio(copy));
	skb_reset_network_header(copy);
	__skb_push(copy, ETH_HLEN);
	copy->dev = to->dev;
	if (md) {
		skb_dst_drop(copy);
		dst_hold(&md->dst);
		skb_dst_set(copy, &md->dst);
		gl_mirror_erspan_xmit(s, to, copy, cut);
		return;
	}
	if (unlikely(!is_skb_forwardable(to->dev, copy))) {
		kfree_skb(copy);
		goto lost;
	}
	gl_mirror_xmit(s, to, copy, cut);
	return;
lost:
	gl_mirror_count(s, false, false);
}

/*
 * One copy of @skb for each mirror session of chain @c (bit id - 1), as a
 * frame its ingress port received or, for the sessions only its egress
 * ports have, as one the first of them sent.
 */
static void gl_mirror(struct gl_switch *sw, struct sk_buff *skb, u16 vid,
		      const struct gl_chain *c)
{
	unsigned long sessions = c->mirror;
	unsigned int i;
	bool egress;

	for_each_set_bit(i, &sessions, GUESTLAN_MIRROR_MAX) {
		egress = !(c->mirror_rx & BIT(i));
		gl_mirror_one(sw, rcu_dereference(sw->mirrors[i]), skb, vid,
			      egress ? c->mirror_tx[i] : c->in, egress);
	}
}

/* The VLAN of a frame entering on @in; 0 if it may not enter */
static u16 gl_ingress_vid(const struct gl_port *in, struct sk_buff *skb)
{
	u16 vid;

	if (!skb_vlan_tag_present(skb)) {
		/* a tag the core could not pull: truncated */
		if (unlikely(eth_type_vlan(skb->protocol)))
			return 0;
		return READ_ONCE(in->pvid);
	}
	if (skb->vlan_proto != htons(ETH_P_8021Q))
		return 0;		/* 802.1ad: QinQ is not switched */
	vid = skb_vlan_tag_get_id(skb);
	if (!vid)			/* priority tag */
		return READ_ONCE(in->pvid);
	if (vid >= VLAN_VID_MASK || !test_bit(vid, in->vlans))
		return 0;
	return vid;
}

/*
 * Loops through the host: a tunnel port whose underlay routes through the
 * switch device sends each flooded frame back into the switch from within
 * its own transmit, nested on this CPU, fanning out at every level until
 * the core's XMIT_RECURSION_LIMIT.  Legitimate nesting is shallow: the
 * host stack answering a frame inside its delivery (a ping reply enters
 * again at depth 2), a tunnel port over another guestlan switch (2: the
 * far side's host decapsulates later, from a queue).  A frame entering
 * deeper is a loop: dropped and counted as such, before the tunnel's own
 * recursion check (IP_TUNNEL_RECURSION_LIMIT) would see it.
 */
#define GL_MAX_NEST	2
static DEFINE_PER_CPU(u8, gl_nest);

static void __gl_input(struct gl_port *in, struct sk_buff *skb);

void gl_input(struct gl_port *in, struct sk_buff *skb)
{
	if (unlikely(__this_cpu_read(gl_nest) >= GL_MAX_NEST)) {
		gl_count_rx(in, skb->len + ETH_HLEN);
		net_warn_ratelimited("%s: frame from %s looped back into the switch, dropped\n",
				     in->sw->dev->name, in->dev->name);
		gl_drop(in, skb, GL_DROP_LOOP);
		return;
	}
	__this_cpu_inc(gl_nest);
	__gl_input(in, skb);
	__this_cpu_dec(gl_nest);
}

/* A frame (MAC header pulled) entered the switch on @in */
static void __gl_input(struct gl_port *in, struct sk_buff *skb)
{
	struct gl_pcpu_stats *st = this_cpu_ptr(in->stats);
	struct gl_switch *sw = in->sw;
	const struct ethhdr *eth;
	struct gl_guard *guard;
	struct gl_fdb *dst;
	struct gl_port *to;
	u16 vid;

	gl_count_rx_pcpu(st, skb->len + ETH_HLEN);

	if (unlikely(!(sw->dev->flags & IFF_UP))) {
		gl_drop(in, skb, GL_DROP_DOWN);
		return;
	}

	/* sFlow: what the port received, before any check */
	if (unlikely(rcu_access_pointer(in->sample))) {
		__skb_push(skb, ETH_HLEN);
		__gl_sample(in, skb, in->dev->ifindex, 0);
		__skb_pull(skb, ETH_HLEN);
	}

	eth = eth_hdr(skb);
	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		gl_drop(in, skb, GL_DROP_BAD_SRC);
		return;
	}

	/* a mirror destination only receives: it sends nothing, learns nothing */
	if (unlikely(READ_ONCE(in->mirror_dest))) {
		gl_drop(in, skb, GL_DROP_FILTER);
		return;
	}

	/* an RSPAN VLAN carries mirror copies only */
	vid = gl_ingress_vid(in, skb);
	if (unlikely(!vid || test_bit(vid, sw->rspan_vlans))) {
		gl_drop(in, skb, GL_DROP_VLAN);
		return;
	}
	/*
	 * A tag left in the frame once its VLAN is known would classify it
	 * again where it leaves untagged (the host's lan0.20, a trunk whose
	 * native VLAN is this one): VLAN hopping, unless the port carries
	 * stacked tags (QinQ-like uplinks, VLAN devices on lan0.10).
	 */
	if (unlikely(eth_type_vlan(skb->protocol)) &&
	    !READ_ONCE(in->stacked_tags)) {
		gl_drop(in, skb, GL_DROP_STACKED);
		return;
	}

	/* guards (guard.c): one pointer test for a port without */
	guard = rcu_dereference(in->guard);
	if (unlikely(guard) && !gl_guard_check(in, guard, skb, vid))
		return;

	/* a source pinned to another port: static, or the host's own */
	if (unlikely(!gl_fdb_learn(in, st, eth->h_source, vid))) {
		gl_drop(in, skb, GL_DROP_FORGED);
		return;
	}

	dst = NULL;
	if (!is_multicast_ether_addr(eth->h_dest))
		dst = gl_fdb_lookup_dst(sw, st, eth->h_dest, vid);
	if (!dst) {
		gl_flood(in, skb, vid);
		return;
	}

	to = READ_ONCE(dst->port);
	if (unlikely(to == in))
		gl_drop(in, skb, GL_DROP_LOOP);
	else if (unlikely(READ_ONCE(to->mirror_dest)))
		gl_drop(in, skb, GL_DROP_FILTER);
	else if (unlikely(!gl_port_egress_ok(to, vid)))
		gl_drop(in, skb, GL_DROP_DOWN);
	else
		gl_forward(in, to, skb, vid);
}

/* The rx_handler of every port device */
rx_handler_result_t gl_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	unsigned int len;
	struct gl_port *p;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	p = rcu_dereference(skb->dev->rx_handler_data);

	/* a failed eth_type_trans() pull leaves data at the MAC header */
	if (unlikely(skb->data - skb_mac_header(skb) < ETH_HLEN)) {
		gl_count_rx(p, skb->len);
		gl_drop(p, skb, GL_DROP_RUNT);
		return RX_HANDLER_CONSUMED;
	}

	/* IEEE 802.1D reserved group addresses stay on the port device */
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest)))
		return RX_HANDLER_PASS;

	len = skb->len + ETH_HLEN;
	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		/* received, then lost on the way in: counted as both */
		gl_count_rx(p, len);
		gl_count_drop(p, GL_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}

	gl_input(p, skb);
	return RX_HANDLER_CONSUMED;
}
