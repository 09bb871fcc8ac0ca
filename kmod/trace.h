/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guestlan:guestlan_drop, the switch's drop tap (z/VM TRSOURCE DROPPED):
 *
 *   echo 1 > /sys/kernel/tracing/events/guestlan/guestlan_drop/enable
 *   cat /sys/kernel/tracing/trace_pipe
 *
 * or "perf record -e guestlan:guestlan_drop".
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM guestlan

#if !defined(_GUESTLAN_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _GUESTLAN_TRACE_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/tracepoint.h>

/* so that perf and trace-cmd can decode the reason's symbolic names */
TRACE_DEFINE_ENUM(GL_DROP_RUNT);
TRACE_DEFINE_ENUM(GL_DROP_BAD_SRC);
TRACE_DEFINE_ENUM(GL_DROP_VLAN);
TRACE_DEFINE_ENUM(GL_DROP_LOOP);
TRACE_DEFINE_ENUM(GL_DROP_DOWN);
TRACE_DEFINE_ENUM(GL_DROP_MTU);
TRACE_DEFINE_ENUM(GL_DROP_NOMEM);
TRACE_DEFINE_ENUM(GL_DROP_FILTER);
TRACE_DEFINE_ENUM(GL_DROP_FORGED);
TRACE_DEFINE_ENUM(GL_DROP_STACKED);
TRACE_DEFINE_ENUM(GL_DROP_MAC_GUARD);
TRACE_DEFINE_ENUM(GL_DROP_ARP_GUARD);
TRACE_DEFINE_ENUM(GL_DROP_ND_GUARD);

TRACE_EVENT(guestlan_drop,
	TP_PROTO(const struct net_device *sw, const struct net_device *port,
		 const struct sk_buff *skb, int reason),
	TP_ARGS(sw, port, skb, reason),
	TP_STRUCT__entry(
		__array(char, sw, IFNAMSIZ)
		__array(char, port, IFNAMSIZ)
		__array(u8, src, ETH_ALEN)
		__array(u8, dst, ETH_ALEN)
		__field(int, reason)
		__field(u16, vlan_tci)
		__field(u32, len)
	),
	TP_fast_assign(
		strscpy(__entry->sw, sw->name, IFNAMSIZ);
		strscpy(__entry->port, port->name, IFNAMSIZ);
		/* runts: fewer than ETH_HLEN bytes from the MAC header */
		if (skb_tail_pointer(skb) - skb_mac_header(skb) >= ETH_HLEN) {
			ether_addr_copy(__entry->src, eth_hdr(skb)->h_source);
			ether_addr_copy(__entry->dst, eth_hdr(skb)->h_dest);
		} else {
			eth_zero_addr(__entry->src);
			eth_zero_addr(__entry->dst);
		}
		__entry->reason = reason;
		__entry->vlan_tci = skb_vlan_tag_present(skb) ?
				    skb_vlan_tag_get(skb) : 0;
		__entry->len = skb->len;
	),
	TP_printk("switch=%s port=%s reason=%s src=%pM dst=%pM vlan_tci=0x%04x len=%u",
		  __entry->sw, __entry->port,
		  __print_symbolic(__entry->reason,
				   { GL_DROP_RUNT,	"runt" },
				   { GL_DROP_BAD_SRC,	"bad-src" },
				   { GL_DROP_VLAN,	"vlan" },
				   { GL_DROP_LOOP,	"loop" },
				   { GL_DROP_DOWN,	"down" },
				   { GL_DROP_MTU,	"mtu" },
				   { GL_DROP_NOMEM,	"nomem" },
				   { GL_DROP_FILTER,	"filtered" },
				   { GL_DROP_FORGED,	"forged-src" },
				   { GL_DROP_STACKED,	"stacked-tag" },
				   { GL_DROP_MAC_GUARD,	"mac-guard" },
				   { GL_DROP_ARP_GUARD,	"arp-guard" },
				   { GL_DROP_ND_GUARD,	"nd-guard" }),
		  __entry->src, __entry->dst, __entry->vlan_tci, __entry->len)
);

#endif /* _GUESTLAN_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
