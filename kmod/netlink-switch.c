// SPDX-License-Identifier: GPL-2.0
/*
 * Switches in the genl family: switch-get (a do or a dump of the netns),
 * switch-set and its event, switch-ntf.  A switch's counters are those of
 * its host port plus every port's.
 */
#include <linux/rtnetlink.h>
#include <net/sock.h>

#include "netlink.h"

/* The template of new ports, if any: port-template { mac-guard { sticky } } */
static int gl_put_template(struct sk_buff *skb, const struct gl_switch *sw)
{
	struct nlattr *tmpl, *guard;

	if (!sw->tmpl_sticky)
		return 0;
	tmpl = nla_nest_start(skb, GUESTLAN_A_PORT_TEMPLATE);
	if (!tmpl)
		return -EMSGSIZE;
	guard = nla_nest_start(skb, GUESTLAN_PORT_A_MAC_GUARD);
	if (!guard ||
	    nla_put_u8(skb, GUESTLAN_MAC_GUARD_A_STICKY, sw->tmpl_sticky))
		return -EMSGSIZE;
	nla_nest_end(skb, guard);
	nla_nest_end(skb, tmpl);
	return 0;
}

static int gl_fill_switch(struct sk_buff *skb, struct gl_switch *sw,
			  struct netlink_callback *cb, u32 portid, u32 seq,
			  int flags, u8 cmd)
{
	struct gl_stats sum, one;
	struct gl_port *p;
	void *hdr;

	ASSERT_RTNL();
	hdr = gl_msg_put(skb, cb, portid, seq, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	/* switch counters: the host port's plus every port's */
	gl_stats_read(&sw->host, &sum);
	list_for_each_entry(p, &sw->ports, list) {
		gl_stats_read(p, &one);
		gl_stats_add(&sum, &one);
	}
	/* who is sampled is the admin's (netlink-port.c: gl_fill_port()) */
	if (cmd == GUESTLAN_CMD_SWITCH_NTF ||
	    !ns_capable_noaudit(dev_net(sw->dev)->user_ns, CAP_NET_ADMIN))
		sum.sampled = 0;

	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_A_IFNAME, sw->dev->name) ||
	    nla_put_u32(skb, GUESTLAN_A_AGEING_TIME, sw->ageing_time) ||
	    nla_put_u32(skb, GUESTLAN_A_MAX_LEARNED, sw->max_learned) ||
	    nla_put_u32(skb, GUESTLAN_A_FDB_COUNT, READ_ONCE(sw->fdb_count)) ||
	    nla_put_u32(skb, GUESTLAN_A_FDB_LEARNED,
			atomic_read(&sw->fdb_learned)) ||
	    nla_put_u32(skb, GUESTLAN_A_N_PORTS, sw->n_ports) ||
	    nla_put_u8(skb, GUESTLAN_A_UNKNOWN_UNICAST, sw->unknown_unicast) ||
	    nla_put_u8(skb, GUESTLAN_A_MAC_MOVES, sw->mac_moves) ||
	    gl_put_template(skb, sw) ||
	    nla_put_u8(skb, GUESTLAN_A_HOST_TRACE, sw->host_trace) ||
	    gl_put_stats(skb, GUESTLAN_A_STATS, &sum)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The size of gl_fill_switch()'s payload */
static size_t gl_switch_size(void)
{
	return nla_total_size(sizeof(u32))		/* ifindex */
	       + nla_total_size(IFNAMSIZ)		/* ifname */
	       + nla_total_size(sizeof(u32))		/* ageing-time */
	       + nla_total_size(sizeof(u32))		/* max-learned */
	       + nla_total_size(sizeof(u32))		/* fdb-count */
	       + nla_total_size(sizeof(u32))		/* fdb-learned */
	       + nla_total_size(sizeof(u32))		/* n-ports */
	       + nla_total_size(sizeof(u8))		/* unknown-unicast */
	       + nla_total_size(sizeof(u8))		/* mac-moves */
	       + nla_total_size(sizeof(u8))		/* host-trace */
	       + nla_total_size(0)			/* port-template */
	       + nla_total_size(0)			/* .mac-guard */
	       + nla_total_size(sizeof(u8))		/* .sticky */
	       + gl_stats_size();			/* stats */
}

static void gl_notify_switch(struct gl_switch *sw)
{
	struct net *net = dev_net(sw->dev);
	struct sk_buff *skb;

	skb = gl_event_new(net, gl_switch_size());
	if (skb)
		gl_event_send(net, skb,
			      gl_fill_switch(skb, sw, NULL, 0, 0, 0,
					     GUESTLAN_CMD_SWITCH_NTF));
}

int guestlan_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;

	msg = genlmsg_new(gl_switch_size(), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	return gl_reply(info, msg,
			gl_fill_switch(msg, gl_info_sw(info), NULL,
				       info->snd_portid, info->snd_seq, 0,
				       GUESTLAN_CMD_SWITCH_GET));
}

static int gl_switch_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			      struct gl_switch *sw)
{
	cb->seq = READ_ONCE(sock_net(skb->sk)->dev_base_seq);
	return gl_fill_switch(skb, sw, cb, NETLINK_CB(cb->skb).portid,
			      cb->nlh->nlmsg_seq, NLM_F_MULTI,
			      GUESTLAN_CMD_SWITCH_GET);
}

int guestlan_nl_switch_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return gl_dump_switches(skb, cb, false, gl_switch_dump_one);
}

/*
 * switch-set's port-template @nest: into *@sticky the sticky MACs of new
 * ports' MAC guard (0: no guard; an empty nest clears the template)
 */
static int gl_template_parse(struct nlattr *nest, u8 *sticky,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	struct nlattr *gtb[GL_POLICY_MAX(guestlan_mac_guard_nl_policy) + 1];
	int err;

	*sticky = 0;
	err = gl_req_parse(tb, nest, guestlan_port_nl_policy,
			   &gl_req_switch_set_port_template, extack);
	if (err || !tb[GUESTLAN_PORT_A_MAC_GUARD])
		return err;
	err = gl_req_parse(gtb, tb[GUESTLAN_PORT_A_MAC_GUARD],
			   guestlan_mac_guard_nl_policy,
			   &gl_req_switch_set_port_template_mac_guard, extack);
	if (err || !gtb[GUESTLAN_MAC_GUARD_A_STICKY])
		return err;
	*sticky = nla_get_u8(gtb[GUESTLAN_MAC_GUARD_A_STICKY]);
	return 0;
}

int guestlan_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_switch *sw = gl_info_sw(info);
	u8 sticky = 0;
	int err;

	err = gl_uns_check(sw, info->attrs[GUESTLAN_A_MAX_LEARNED],
			   info->attrs[GUESTLAN_A_AGEING_TIME], NULL,
			   info->extack);
	if (err)
		return err;
	if (info->attrs[GUESTLAN_A_PORT_TEMPLATE]) {
		err = gl_template_parse(info->attrs[GUESTLAN_A_PORT_TEMPLATE],
					&sticky, info->extack);
		if (err)
			return err;
		sw->tmpl_sticky = sticky;
	}

	if (info->attrs[GUESTLAN_A_MAX_LEARNED])
		WRITE_ONCE(sw->max_learned,
			   nla_get_u32(info->attrs[GUESTLAN_A_MAX_LEARNED]));
	if (info->attrs[GUESTLAN_A_MAC_MOVES])
		WRITE_ONCE(sw->mac_moves,
			   nla_get_u8(info->attrs[GUESTLAN_A_MAC_MOVES]));
	if (info->attrs[GUESTLAN_A_HOST_TRACE])
		WRITE_ONCE(sw->host_trace,
			   nla_get_u8(info->attrs[GUESTLAN_A_HOST_TRACE]));
	if (info->attrs[GUESTLAN_A_UNKNOWN_UNICAST])
		WRITE_ONCE(sw->unknown_unicast,
			   nla_get_u8(info->attrs[GUESTLAN_A_UNKNOWN_UNICAST]));
	if (info->attrs[GUESTLAN_A_AGEING_TIME]) {
		WRITE_ONCE(sw->ageing_time,
			   nla_get_u32(info->attrs[GUESTLAN_A_AGEING_TIME]));
		gl_fdb_gc_reschedule(sw);
	}
	gl_notify_switch(sw);
	return 0;
}
