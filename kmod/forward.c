// SPDX-License-Identifier: GPL-2.0
/*
 * The datapath.  Frames enter from a port (rx_handler) or from the host
 * (the switch device's xmit) with the MAC header pulled and any 802.1Q tag
 * moved into the skb; they leave through dev_queue_xmit() on a port, or
 * netif_receive_skb() on the switch device for the host.  Everything here
 * runs under RCU with BHs off; no locks, no allocations but clones for
 * floods.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/guestlan.h>

#include "guestlan.h"

static void gl_count_rx(struct gl_port *p, unsigned int len)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static void gl_count_tx(struct gl_port *p, unsigned int len, bool flooded)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	if (flooded)
		u64_stats_inc(&s->flooded);
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
};

static void gl_drop(struct gl_port *p, struct sk_buff *skb, enum gl_drop why)
{
	gl_count_drop(p, why);
	kfree_skb_reason(skb, gl_drop_reasons[why]);
}

static bool gl_port_in_vlan(const struct gl_port *p, u16 vid)
{
	return test_bit(vid, p->vlans);
}

/* Can @p send a frame of @vid out? */
static bool gl_port_egress_ok(const struct gl_port *p, u16 vid)
{
	if (!gl_port_in_vlan(p, vid))
		return false;
	if (gl_port_is_host(p))
		return true;
	return netif_running(p->dev) && netif_carrier_ok(p->dev);
}

/* Hand a frame to the host stack on the switch device */
static void gl_pass_up(struct gl_port *host, struct sk_buff *skb)
{
	struct net_device *dev = host->dev;
	const struct ethhdr *eth = eth_hdr(skb);

	skb->dev = dev;
	if (!is_multicast_ether_addr(eth->h_dest))
		skb->pkt_type = ether_addr_equal(eth->h_dest, dev->dev_addr) ?
				PACKET_HOST : PACKET_OTHERHOST;
	dev_sw_netstats_rx_add(dev, skb->len + ETH_HLEN);
	netif_receive_skb(skb);
}

/* Send @skb (MAC header pulled) out of @to, tagged as @to wants @vid */
static void gl_deliver(struct gl_port *to, struct sk_buff *skb, u16 vid,
		       bool flooded)
{
	if (test_bit(vid, to->untagged))
		__vlan_hwaccel_clear_tag(skb);
	else
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);

	gl_count_tx(to, skb->len + ETH_HLEN, flooded);
	if (gl_port_is_host(to)) {
		gl_pass_up(to, skb);
		return;
	}

	skb_push(skb, ETH_HLEN);
	skb->dev = to->dev;
	if (unlikely(!is_skb_forwardable(to->dev, skb))) {
		gl_drop(to, skb, GL_DROP_MTU);
		return;
	}
	dev_queue_xmit(skb);
}

static void gl_deliver_clone(struct gl_port *to, struct sk_buff *skb, u16 vid)
{
	struct sk_buff *clone = skb_clone(skb, GFP_ATOMIC);

	if (unlikely(!clone)) {
		gl_count_drop(to, GL_DROP_NOMEM);
		return;
	}
	gl_deliver(to, clone, vid, true);
}

/*
 * Broadcast, multicast, unknown unicast: every other port of the VLAN gets
 * it once, the last one the original skb.
 */
static void gl_flood(struct gl_port *in, struct sk_buff *skb, u16 vid)
{
	struct gl_switch *sw = in->sw;
	struct gl_port *p, *prev = NULL;

	list_for_each_entry_rcu(p, &sw->ports, list) {
		if (p == in || !gl_port_egress_ok(p, vid))
			continue;
		if (prev)
			gl_deliver_clone(prev, skb, vid);
		prev = p;
	}
	if (in != &sw->host && gl_port_egress_ok(&sw->host, vid)) {
		if (prev)
			gl_deliver_clone(prev, skb, vid);
		prev = &sw->host;
	}

	if (prev)
		gl_deliver(prev, skb, vid, true);
	else
		consume_skb(skb);
}

/* The VLAN of a frame entering on @in; 0 if it may not enter */
static u16 gl_ingress_vid(const struct gl_port *in, struct sk_buff *skb)
{
	u16 vid;

	if (!skb_vlan_tag_present(skb))
		return READ_ONCE(in->pvid);
	if (skb->vlan_proto != htons(ETH_P_8021Q))
		return 0;		/* 802.1ad: QinQ is not switched */
	vid = skb_vlan_tag_get_id(skb);
	if (!vid)			/* priority tag */
		return READ_ONCE(in->pvid);
	if (vid >= VLAN_VID_MASK || !gl_port_in_vlan(in, vid))
		return 0;
	return vid;
}

/* A frame (MAC header pulled) entered the switch on @in */
void gl_input(struct gl_port *in, struct sk_buff *skb)
{
	struct gl_switch *sw = in->sw;
	const struct ethhdr *eth;
	struct gl_fdb *dst;
	struct gl_port *to;
	u16 vid;

	gl_count_rx(in, skb->len + ETH_HLEN);

	if (unlikely(!(sw->dev->flags & IFF_UP))) {
		gl_drop(in, skb, GL_DROP_DOWN);
		return;
	}

	eth = eth_hdr(skb);
	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		gl_drop(in, skb, GL_DROP_BAD_SRC);
		return;
	}

	vid = gl_ingress_vid(in, skb);
	if (unlikely(!vid)) {
		gl_drop(in, skb, GL_DROP_VLAN);
		return;
	}

	gl_fdb_learn(in, eth->h_source, vid);

	dst = NULL;
	if (!is_multicast_ether_addr(eth->h_dest))
		dst = gl_fdb_lookup(sw, eth->h_dest, vid);
	if (!dst) {
		gl_flood(in, skb, vid);
		return;
	}

	to = READ_ONCE(dst->port);
	if (unlikely(to == in))
		gl_drop(in, skb, GL_DROP_LOOP);
	else if (unlikely(!gl_port_egress_ok(to, vid)))
		gl_drop(to, skb, GL_DROP_DOWN);
	else
		gl_deliver(to, skb, vid, false);
}

/* The rx_handler of every port device */
rx_handler_result_t gl_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
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

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		gl_count_drop(p, GL_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}

	gl_input(p, skb);
	return RX_HANDLER_CONSUMED;
}
