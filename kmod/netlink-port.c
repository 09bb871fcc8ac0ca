// SPDX-License-Identifier: GPL-2.0
/*
 * Ports in the genl family: port-get/-set, vlan-add/-del, grant-set/-del,
 * and the events about ports (port-ntf, promisc-ntf, bridgeport-ntf on the
 * "events" group).
 *
 * A port message holds the port's VLANs and grant as runs of VIDs, u16
 * pairs in one attribute per set (gl_put_vid_pairs()): its member VLANs,
 * its untagged ones and its grant's, 8 KiB each at most whatever the gaps,
 * so that the port nest, one attribute, stays far below its 64 KiB
 * (gl_port_size_bounded(), checked at load) and no VLAN change or grant is
 * ever refused for size.  A scattered trunk port still takes more than
 * NLMSG_GOODSIZE: a port dump asks netlink for buffers that large
 * (min_dump_alloc).
 */
#include <linux/cred.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/sock.h>

#include "netlink.h"

/*
 * The VLANs of @p: its PVID, and its member and untagged VLANs as runs
 * (gl_put_vid_pairs()): bounded however they are scattered.
 */
static int gl_put_vlans(struct sk_buff *skb, const struct gl_port *p)
{
	if (nla_put_u16(skb, GUESTLAN_PORT_A_PVID, p->pvid) ||
	    gl_put_vid_pairs(skb, GUESTLAN_PORT_A_VLAN_RANGES, p->vlans) ||
	    gl_put_vid_pairs(skb, GUESTLAN_PORT_A_UNTAGGED_RANGES, p->untagged))
		return -EMSGSIZE;
	return 0;
}

/* A grant's nest, without its VLAN runs */
static size_t gl_grant_size_fixed(void)
{
	return nla_total_size(0)				/* grant */
	       + nla_total_size(sizeof(u32))			/* uid */
	       + nla_total_size(sizeof(u32));			/* gid */
}

/*
 * May the caller (a do's sender, a dump's reader) see @g: CAP_NET_ADMIN
 * over the switch's netns, or the grant's owner uid/gid
 */
static bool gl_grant_readable(const struct gl_switch *sw,
			      const struct gl_grant *g)
{
	return ns_capable_noaudit(dev_net(sw->dev)->user_ns, CAP_NET_ADMIN) ||
	       gl_grant_owned_by_current(g);
}

/* The promiscuous state of @p and, if @grant, its grant */
static int gl_put_grant(struct sk_buff *skb, const struct gl_port *p,
			bool grant)
{
	const struct gl_grant *g = rtnl_dereference(p->grant);
	struct user_namespace *ns = current_user_ns();
	struct nlattr *nest;

	if (nla_put_u8(skb, GUESTLAN_PORT_A_PROMISC_STATE, p->promisc_state))
		return -EMSGSIZE;
	if (!g || !grant || !gl_grant_readable(p->sw, g))
		return 0;
	nest = nla_nest_start(skb, GUESTLAN_PORT_A_GRANT);
	if (!nest)
		return -EMSGSIZE;
	if (!g->all_vlans &&
	    gl_put_vid_pairs(skb, GUESTLAN_GRANT_A_VLAN_RANGES, g->vlans))
		return -EMSGSIZE;
	if ((g->has_uid &&
	     nla_put_u32(skb, GUESTLAN_GRANT_A_UID, from_kuid_munged(ns, g->uid))) ||
	    (g->has_gid &&
	     nla_put_u32(skb, GUESTLAN_GRANT_A_GID, from_kgid_munged(ns, g->gid))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The port's settings; its sampling only to the @admin (who is watched) */
static int gl_put_bridgeport(struct sk_buff *skb, const struct gl_port *p,
			     bool admin)
{
	const struct gl_vnicc *v = &p->vnicc;
	const struct gl_sample *s;

	if (nla_put_u8(skb, GUESTLAN_PORT_A_FLOODING, v->flooding) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_MCAST_FLOODING, v->mcast_flooding) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_RX_BCAST, v->rx_bcast) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_LEARNING, v->learning) ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_LEARNING_TIMEOUT,
			v->learning_timeout) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_TAKEOVER_LEARNING,
		       v->takeover_learning) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_TAKEOVER_SETVMAC,
		       v->takeover_setvmac) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_BRIDGE_INVISIBLE,
		       v->bridge_invisible) ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_MAX_LEARNED, p->max_learned) ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_N_LEARNED,
			atomic_read(&p->n_learned)) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_ROLE, p->role) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_BRIDGE_STATE, p->bridge_state) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_REFLECT_PROMISC,
		       p->reflect_promisc) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_HOSTNOTIFY, p->hostnotify) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_STACKED_TAGS, p->stacked_tags) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_UPLINK, p->uplink))
		return -EMSGSIZE;
	s = admin ? rtnl_dereference(p->sample) : NULL;
	if (s &&
	    (nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_RATE, s->rate) ||
	     nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_GROUP, s->group_num) ||
	     nla_put_u8(skb, GUESTLAN_PORT_A_SAMPLE_DIRECTION, s->dir) ||
	     nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_TRUNC, s->trunc)))
		return -EMSGSIZE;
	return 0;
}

/* The MAC guard of @p, if it has one: listed MACs, sticky ones, sticky */
static int gl_put_guard(struct sk_buff *skb, const struct gl_port *p)
{
	const struct gl_guard *g = rcu_dereference_rtnl(p->guard);
	struct nlattr *nest;
	unsigned int i, n;

	if (!g)
		return 0;
	nest = nla_nest_start(skb, GUESTLAN_PORT_A_MAC_GUARD);
	if (!nest)
		return -EMSGSIZE;
	n = smp_load_acquire(&g->n);	/* sticky MACs come and stay */
	for (i = 0; i < n; i++)
		if (nla_put(skb, i < g->n_listed ? GUESTLAN_MAC_GUARD_A_MAC :
			    GUESTLAN_MAC_GUARD_A_STICKY_MAC, ETH_ALEN,
			    g->macs[i]))
			return -EMSGSIZE;
	if (nla_put_u8(skb, GUESTLAN_MAC_GUARD_A_STICKY, g->max - g->n_listed))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The size of gl_put_guard()'s attributes, whatever it holds */
static size_t gl_guard_size(void)
{
	return nla_total_size(0)				/* mac-guard */
	       + GUESTLAN_MAC_GUARD_MAX * nla_total_size(ETH_ALEN) /* mac, sticky-mac */
	       + nla_total_size(sizeof(u8));			/* sticky */
}

/* The size of gl_put_bridgeport()'s attributes (sampling counted always) */
static size_t gl_bridgeport_size(void)
{
	return nla_total_size(sizeof(u8))		/* flooding */
	       + nla_total_size(sizeof(u8))		/* mcast-flooding */
	       + nla_total_size(sizeof(u8))		/* rx-bcast */
	       + nla_total_size(sizeof(u8))		/* learning */
	       + nla_total_size(sizeof(u32))		/* learning-timeout */
	       + nla_total_size(sizeof(u8))		/* takeover-learning */
	       + nla_total_size(sizeof(u8))		/* takeover-setvmac */
	       + nla_total_size(sizeof(u8))		/* bridge-invisible */
	       + nla_total_size(sizeof(u32))		/* max-learned */
	       + nla_total_size(sizeof(u32))		/* n-learned */
	       + nla_total_size(sizeof(u8))		/* role */
	       + nla_total_size(sizeof(u8))		/* bridge-state */
	       + nla_total_size(sizeof(u8))		/* reflect-promisc */
	       + nla_total_size(sizeof(u8))		/* hostnotify */
	       + nla_total_size(sizeof(u8))		/* stacked-tags */
	       + nla_total_size(sizeof(u8))		/* uplink */
	       + nla_total_size(sizeof(u32))		/* sample-rate */
	       + nla_total_size(sizeof(u32))		/* sample-group */
	       + nla_total_size(sizeof(u8))		/* sample-direction */
	       + nla_total_size(sizeof(u32));		/* sample-trunc */
}

/* gl_port_size() without the VLAN runs of the port and its grant */
static size_t gl_port_size_fixed(void)
{
	return nla_total_size(sizeof(u32))		/* ifindex */
	       + nla_total_size(0)			/* port */
	       + nla_total_size(sizeof(u32))		/* port.ifindex */
	       + nla_total_size(IFNAMSIZ)		/* ifname */
	       + nla_total_size(sizeof(u8))		/* oper-up */
	       + nla_total_size(0)			/* removed */
	       + nla_total_size(sizeof(u16))		/* pvid */
	       + nla_total_size(sizeof(u8))		/* promisc-state */
	       + gl_grant_size_fixed()			/* grant */
	       + gl_bridgeport_size()
	       + gl_guard_size()			/* mac-guard */
	       + gl_stats_size();			/* stats */
}

/* The payload of gl_fill_port() for @p, at most */
size_t gl_port_size(const struct gl_port *p)
{
	const struct gl_grant *g = rtnl_dereference(p->grant);

	ASSERT_RTNL();
	return gl_port_size_fixed()
	       + gl_vid_pairs_size(p->vlans)		/* vlan-ranges */
	       + gl_vid_pairs_size(p->untagged)		/* untagged-ranges */
	       + (g && !g->all_vlans ? gl_vid_pairs_size(g->vlans) : 0);
}

/*
 * A port message is bounded, whatever the VLANs and the grant: three sets
 * of runs at most, and the port nest's length is a u16.  Checked once, at
 * module load (gl_netlink_init()).
 */
bool gl_port_size_bounded(void)
{
	return gl_port_size_fixed() + 3 * GL_VID_PAIRS_MAX <= U16_MAX;
}

/*
 * A port-get reply (@reply) or a port-ntf (@cmd) about @p.  A reply has
 * the grant for the admin and the grant's owner, and the sampling (its
 * settings, the sampled counter) for the admin; an event neither.
 */
static int gl_fill_port(struct sk_buff *skb, struct gl_port *p, bool removed,
			bool reply, struct netlink_callback *cb, u32 portid,
			u32 seq, int flags, u8 cmd)
{
	bool admin = reply &&
		     ns_capable_noaudit(dev_net(p->sw->dev)->user_ns,
					CAP_NET_ADMIN);
	struct net_device *dev = p->dev;
	struct nlattr *nest;
	struct gl_stats s;
	void *hdr;

	hdr = gl_msg_put(skb, cb, portid, seq, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	gl_stats_read(p, &s);
	if (!admin)
		s.sampled = 0;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, p->sw->dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, GUESTLAN_A_PORT);
	if (!nest)
		goto cancel;
	if (nla_put_u32(skb, GUESTLAN_PORT_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_PORT_A_IFNAME, dev->name) ||
	    nla_put_u8(skb, GUESTLAN_PORT_A_OPER_UP,
		       netif_running(dev) && netif_carrier_ok(dev)) ||
	    (removed && nla_put_flag(skb, GUESTLAN_PORT_A_REMOVED)) ||
	    gl_put_vlans(skb, p) || gl_put_grant(skb, p, reply) ||
	    gl_put_bridgeport(skb, p, admin) || gl_put_guard(skb, p) ||
	    gl_put_stats(skb, GUESTLAN_PORT_A_STATS, &s))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

void gl_notify_port(struct gl_port *p, bool removed)
{
	struct net *net = dev_net(p->sw->dev);
	struct sk_buff *skb;
	int err;

	skb = gl_event_new(net, gl_port_size(p));
	if (!skb)
		return;
	err = gl_fill_port(skb, p, removed, false, NULL, 0, 0, 0,
			   GUESTLAN_CMD_PORT_NTF);
	WARN_ON_ONCE(err);	/* gl_port_size() is wrong */
	gl_event_send(net, skb, err);
}

/* What gl_put_port_head() puts, closed */
#define GL_PORT_HEAD_SIZE	(nla_total_size(sizeof(u32))	/* ifindex */ \
				 + nla_total_size(0)		/* port */ \
				 + nla_total_size(sizeof(u32))	/* port.ifindex */ \
				 + nla_total_size(IFNAMSIZ))	/* port.ifname */

/*
 * The head of an event about @p: the switch's ifindex and the port nest
 * with the port's ifindex and name; the nest is left open (NULL: no room)
 */
static struct nlattr *gl_put_port_head(struct sk_buff *skb,
				       const struct gl_port *p)
{
	struct nlattr *nest;

	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, p->sw->dev->ifindex))
		return NULL;
	nest = nla_nest_start(skb, GUESTLAN_A_PORT);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_IFINDEX, p->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_PORT_A_IFNAME, p->dev->name))
		return NULL;
	return nest;
}

/* An event about @p: ifindex, port { ifindex, ifname, the u8 @attrs } */
static void gl_notify_port_u8s(struct gl_port *p, u8 cmd,
			       const u8 (*attrs)[2], int n)
{
	struct net *net = dev_net(p->sw->dev);
	struct nlattr *nest;
	struct sk_buff *skb;
	int i, err = -EMSGSIZE;
	void *hdr;

	skb = gl_event_new(net, GL_PORT_HEAD_SIZE
			   + n * nla_total_size(sizeof(u8)));	/* @attrs */
	if (!skb)
		return;
	hdr = gl_msg_put(skb, NULL, 0, 0, 0, cmd);
	nest = hdr ? gl_put_port_head(skb, p) : NULL;
	if (!nest)
		goto out;
	for (i = 0; i < n; i++)
		if (nla_put_u8(skb, attrs[i][0], attrs[i][1]))
			goto out;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	err = 0;
out:
	gl_event_send(net, skb, err);
}

void gl_notify_promisc(struct gl_port *p, u8 prev)
{
	const u8 attrs[][2] = {
		{ GUESTLAN_PORT_A_PROMISC_STATE, p->promisc_state },
		{ GUESTLAN_PORT_A_PROMISC_PREV_STATE, prev },
	};

	gl_notify_port_u8s(p, GUESTLAN_CMD_PROMISC_NTF, attrs,
			   ARRAY_SIZE(attrs));
}

void gl_notify_bridgeport(struct gl_port *p, u8 prev)
{
	const u8 attrs[][2] = {
		{ GUESTLAN_PORT_A_ROLE, p->role },
		{ GUESTLAN_PORT_A_BRIDGE_STATE, p->bridge_state },
		{ GUESTLAN_PORT_A_PREV_BRIDGE_STATE, prev },
	};

	gl_notify_port_u8s(p, GUESTLAN_CMD_BRIDGEPORT_NTF, attrs,
			   ARRAY_SIZE(attrs));
}

/*
 * guard-ntf: @p was refused @reason for @mac (NULL: none) in @vid.
 * Softirq or process context, after gl_guard_event()'s rate limits.
 */
void gl_notify_guard(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		     int owner_ifindex, u32 suppressed)
{
	struct net *net = dev_net(p->sw->dev);
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;

	skb = genlmsg_new(GL_PORT_HEAD_SIZE
			  + nla_total_size(0)			/* guard-event */
			  + nla_total_size(sizeof(u8))		/* reason */
			  + nla_total_size(ETH_ALEN)		/* mac */
			  + nla_total_size(sizeof(u16))		/* vid */
			  + nla_total_size(sizeof(u32))		/* owner-ifindex */
			  + nla_total_size(sizeof(u32)),	/* suppressed */
			  GFP_ATOMIC);
	if (!skb)
		return;
	hdr = gl_msg_put(skb, NULL, 0, 0, 0, GUESTLAN_CMD_GUARD_NTF);
	nest = hdr ? gl_put_port_head(skb, p) : NULL;
	if (!nest)
		goto err;
	nla_nest_end(skb, nest);
	nest = nla_nest_start(skb, GUESTLAN_A_GUARD_EVENT);
	if (!nest ||
	    nla_put_u8(skb, GUESTLAN_GUARD_EVENT_A_REASON, reason) ||
	    (mac && nla_put(skb, GUESTLAN_GUARD_EVENT_A_MAC, ETH_ALEN, mac)) ||
	    nla_put_u16(skb, GUESTLAN_GUARD_EVENT_A_VID, vid) ||
	    (owner_ifindex &&
	     nla_put_u32(skb, GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX,
			 owner_ifindex)) ||
	    nla_put_u32(skb, GUESTLAN_GUARD_EVENT_A_SUPPRESSED, suppressed))
		goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&gl_genl_family, net, skb, 0,
				GUESTLAN_NLGRP_GUARD, GFP_ATOMIC);
	return;
err:
	nlmsg_free(skb);
}

int guestlan_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;

	msg = genlmsg_new(gl_port_size(gl_info_port(info)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	return gl_reply(info, msg,
			gl_fill_port(msg, gl_info_port(info), false, true, NULL,
				     info->snd_portid, info->snd_seq, 0,
				     GUESTLAN_CMD_PORT_GET));
}

/* What a port dump walks: the netns' devices and every switch's ports */
static unsigned int gl_port_dump_seq(struct net *net)
{
	return READ_ONCE(net->dev_base_seq) + READ_ONCE(gl_ports_gen);
}

/*
 * Before a port dump: buffers big enough for the largest port message
 * (netlink allocates min_dump_alloc for each round; the reader's buffer
 * must be as large, as for a bridge's VLAN dump).  A port that grows
 * past it while the dump runs ends the dump with -EMSGSIZE.
 */
int gl_nl_port_dump_start(struct netlink_callback *cb)
{
	struct net *net = sock_net(cb->skb->sk);
	struct net_device *dev;
	struct gl_port *p;
	size_t size = 0;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!netif_is_guestlan(dev))
			continue;
		list_for_each_entry(p, &((struct gl_switch *)netdev_priv(dev))->ports,
				    list)
			size = max(size, gl_port_size(p));
	}
	rtnl_unlock();
	size = nlmsg_total_size(GENL_HDRLEN + size);
	if (size > NLMSG_GOODSIZE)
		cb->min_dump_alloc = size;
	return 0;
}

/* The ports of @sw; gl_dump_ctx.pos: the ports done */
static int gl_port_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			    struct gl_switch *sw)
{
	struct gl_dump_ctx *ctx = gl_dump_ctx(cb);
	struct gl_port *p;
	long idx = 0;
	int err;

	cb->seq = gl_port_dump_seq(sock_net(skb->sk));
	list_for_each_entry(p, &sw->ports, list) {
		if (idx++ < ctx->pos)
			continue;
		err = gl_fill_port(skb, p, false, true, cb,
				   NETLINK_CB(cb->skb).portid,
				   cb->nlh->nlmsg_seq, NLM_F_MULTI,
				   GUESTLAN_CMD_PORT_GET);
		if (err)
			return err;
		ctx->pos = idx;
	}
	return 0;
}

int guestlan_nl_port_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	return gl_dump_switches(skb, cb, false, gl_port_dump_one);
}

/* Apply the VNIC characteristics in @tb to @v */
static void gl_vnicc_parse(struct nlattr **tb, struct gl_vnicc *v)
{
	static const struct {
		int attr;
		size_t off;
	} flags[] = {
		{ GUESTLAN_PORT_A_FLOODING, offsetof(struct gl_vnicc, flooding) },
		{ GUESTLAN_PORT_A_MCAST_FLOODING,
		  offsetof(struct gl_vnicc, mcast_flooding) },
		{ GUESTLAN_PORT_A_RX_BCAST, offsetof(struct gl_vnicc, rx_bcast) },
		{ GUESTLAN_PORT_A_LEARNING, offsetof(struct gl_vnicc, learning) },
		{ GUESTLAN_PORT_A_TAKEOVER_LEARNING,
		  offsetof(struct gl_vnicc, takeover_learning) },
		{ GUESTLAN_PORT_A_TAKEOVER_SETVMAC,
		  offsetof(struct gl_vnicc, takeover_setvmac) },
		{ GUESTLAN_PORT_A_BRIDGE_INVISIBLE,
		  offsetof(struct gl_vnicc, bridge_invisible) },
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (tb[flags[i].attr])
			*((bool *)v + flags[i].off) =
				nla_get_u8(tb[flags[i].attr]);
	if (tb[GUESTLAN_PORT_A_LEARNING_TIMEOUT])
		v->learning_timeout =
			nla_get_u32(tb[GUESTLAN_PORT_A_LEARNING_TIMEOUT]);
}

/*
 * The port's sampling after port-set @tb, into *@ns (NULL: off), and into
 * *@change whether the request changes it; an errno if it may not.  Unset
 * attributes keep their values while sampling is on; turning it on needs
 * sample-group.
 */
static int gl_port_sample_parse(struct gl_port *p, struct nlattr **tb,
				struct gl_sample **ns, bool *change,
				struct netlink_ext_ack *extack)
{
	const struct gl_sample *cur = rtnl_dereference(p->sample);
	struct nlattr *a_rate = tb[GUESTLAN_PORT_A_SAMPLE_RATE];
	struct nlattr *a_group = tb[GUESTLAN_PORT_A_SAMPLE_GROUP];
	struct nlattr *a_dir = tb[GUESTLAN_PORT_A_SAMPLE_DIRECTION];
	struct nlattr *a_trunc = tb[GUESTLAN_PORT_A_SAMPLE_TRUNC];
	u32 rate, group, trunc;
	u8 dir;

	*ns = NULL;
	*change = a_rate || a_group || a_dir || a_trunc;
	if (!*change)
		return 0;
	rate = a_rate ? nla_get_u32(a_rate) : cur ? cur->rate : 0;
	if (!rate) {
		if (a_group || a_dir || a_trunc) {
			NL_SET_ERR_MSG_MOD(extack,
					   "Sampling is off: sample-group, -direction and -trunc need a sample-rate");
			return -EINVAL;
		}
		return 0;
	}
	if (!a_group && !cur) {
		NL_SET_ERR_MSG_ATTR(extack, a_rate,
				    "Sampling needs a psample group (sample-group)");
		return -EINVAL;
	}
	if (gl_port_check_not_mirror_dest(p, NULL, extack))
		return -EBUSY;
	group = a_group ? nla_get_u32(a_group) : cur->group_num;
	dir = a_dir ? nla_get_u8(a_dir) :
	      cur ? cur->dir : GUESTLAN_MIRROR_DIRECTION_BOTH;
	trunc = a_trunc ? nla_get_u32(a_trunc) :
		cur ? cur->trunc : GL_SAMPLE_TRUNC_DEFAULT;
	*ns = gl_sample_new(p, rate, group, dir, trunc, extack);
	return PTR_ERR_OR_ZERO(*ns);
}

/*
 * port-set's mac-guard @nest: into *@ng the new guard, NULL for an empty
 * nest (no guard); an errno, naming the attribute, if it may not be.
 */
static int gl_port_guard_parse(struct gl_port *p, struct nlattr *nest,
			       struct gl_guard **ng,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mac_guard_nl_policy) + 1];
	u8 macs[GUESTLAN_MAC_GUARD_MAX][ETH_ALEN];
	unsigned int n = 0, sticky, i;
	struct nlattr *a;
	int err, rem;

	*ng = NULL;
	err = gl_req_parse(tb, nest, guestlan_mac_guard_nl_policy,
			   &gl_req_port_set_port_mac_guard, extack);
	if (err)
		return err;
	if (gl_port_check_not_mirror_dest(p, nest, extack))
		return -EBUSY;
	sticky = tb[GUESTLAN_MAC_GUARD_A_STICKY] ?
		 nla_get_u8(tb[GUESTLAN_MAC_GUARD_A_STICKY]) : 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != GUESTLAN_MAC_GUARD_A_MAC)
			continue;
		if (n + sticky == GUESTLAN_MAC_GUARD_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "A MAC guard allows at most " __stringify(GUESTLAN_MAC_GUARD_MAX) " MACs, sticky ones included");
			return -E2BIG;
		}
		if (!is_valid_ether_addr(nla_data(a))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "A MAC guard allows unicast MACs only");
			return -EINVAL;
		}
		for (i = 0; i < n; i++)
			if (ether_addr_equal(macs[i], nla_data(a))) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "The MAC is listed twice");
				return -EINVAL;
			}
		memcpy(macs[n++], nla_data(a), ETH_ALEN);
	}
	if (!n && !sticky)
		return 0;
	*ng = gl_guard_new(&macs[0][0], n, sticky);
	return PTR_ERR_OR_ZERO(*ng);
}

int guestlan_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	struct gl_port *p = gl_info_port(info);
	struct gl_guard *guard = NULL;
	struct gl_sample *sample;
	struct gl_vnicc vnicc, old;
	bool sample_change;
	u8 reflect, role;
	int err = 0;

	gl_port_attrs(info, tb);
	err = gl_uns_check(p->sw, NULL, NULL,
			   tb[GUESTLAN_PORT_A_LEARNING_TIMEOUT], info->extack);
	if (err)
		return err;
	if (gl_port_is_host(p)) {
		int i;

		for (i = 0; i < ARRAY_SIZE(tb); i++)
			if (tb[i] && i != GUESTLAN_PORT_A_IFINDEX &&
			    i != GUESTLAN_PORT_A_STACKED_TAGS) {
				NL_SET_ERR_MSG_ATTR(info->extack, tb[i],
						    "The switch device's own port takes only stacked-tags");
				return -EOPNOTSUPP;
			}
	}
	/* the new guard and sampling, made first: nothing fails after the changes */
	if (tb[GUESTLAN_PORT_A_MAC_GUARD]) {
		err = gl_port_guard_parse(p, tb[GUESTLAN_PORT_A_MAC_GUARD],
					  &guard, info->extack);
		if (err)
			return err;
		err = guard ? gl_guard_prepare(p, guard, info->extack) : 0;
		if (err) {
			gl_guard_free(guard);
			return err;
		}
	}
	err = gl_port_sample_parse(p, tb, &sample, &sample_change,
				   info->extack);
	if (err) {
		gl_guard_free(guard);
		return err;
	}

	reflect = tb[GUESTLAN_PORT_A_REFLECT_PROMISC] ?
		  nla_get_u8(tb[GUESTLAN_PORT_A_REFLECT_PROMISC]) :
		  p->reflect_promisc;
	if (tb[GUESTLAN_PORT_A_ROLE] && reflect) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The role follows promiscuous mode (reflect_promisc)");
		err = -EPERM;
		goto out;
	}
	vnicc = p->vnicc;
	gl_vnicc_parse(tb, &vnicc);
	role = tb[GUESTLAN_PORT_A_ROLE] ? nla_get_u8(tb[GUESTLAN_PORT_A_ROLE]) :
					  p->role;
	err = gl_vnicc_role_check(p, role, &vnicc, info->extack);
	if (err)
		goto out;

	/* nothing changed so far: a role error leaves the port as it was */
	old = p->vnicc;
	gl_vnicc_set(p, &vnicc);
	if (tb[GUESTLAN_PORT_A_ROLE]) {
		err = gl_port_set_role(p, role, info->extack);
		if (err) {
			gl_vnicc_set(p, &old);
			goto out;
		}
	}
	WRITE_ONCE(p->reflect_promisc, reflect);
	if (tb[GUESTLAN_PORT_A_LEARNING_TIMEOUT])
		gl_fdb_gc_reschedule(p->sw);
	if (tb[GUESTLAN_PORT_A_MAX_LEARNED])
		WRITE_ONCE(p->max_learned,
			   nla_get_u32(tb[GUESTLAN_PORT_A_MAX_LEARNED]));
	if (tb[GUESTLAN_PORT_A_HOSTNOTIFY])
		gl_hn_set(p, nla_get_u8(tb[GUESTLAN_PORT_A_HOSTNOTIFY]));
	if (tb[GUESTLAN_PORT_A_UPLINK])
		WRITE_ONCE(p->uplink, nla_get_u8(tb[GUESTLAN_PORT_A_UPLINK]));
	if (tb[GUESTLAN_PORT_A_STACKED_TAGS])
		WRITE_ONCE(p->stacked_tags,
			   nla_get_u8(tb[GUESTLAN_PORT_A_STACKED_TAGS]));
	if (sample_change)
		gl_sample_replace(p, sample);
	sample = NULL;
	if (tb[GUESTLAN_PORT_A_MAC_GUARD])
		gl_guard_set(p, guard);
	guard = NULL;
	/* a reflecting port takes or drops its role now */
	if (tb[GUESTLAN_PORT_A_REFLECT_PROMISC]) {
		gl_promisc_update(p);
		gl_promisc_kick(p->sw);
	}
	gl_notify_port(p, false);
out:
	gl_sample_free(sample);
	gl_guard_free(guard);
	return err;
}

/* VLANs */

/* The single vlan nest of a vlan-add/del request, as @req accepts it */
static int gl_vlan_parse(struct genl_info *info, struct nlattr **tb,
			 const struct gl_req_nest *req)
{
	struct nlattr *ptb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	struct nlattr *nest = gl_port_attrs(info, ptb)[GUESTLAN_PORT_A_VLAN];
	int err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack, "port.vlan is required");
		return -EINVAL;
	}
	err = gl_req_parse(tb, nest, guestlan_vlan_nl_policy, req, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, GUESTLAN_VLAN_A_VID))
		return -EINVAL;
	return 0;
}

int guestlan_nl_vlan_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_vlan_nl_policy) + 1];
	struct gl_port *p = gl_info_port(info);
	int err;

	err = gl_vlan_parse(info, tb, &gl_req_vlan_add_port_vlan);
	if (err)
		return err;
	err = gl_vlan_add(p, nla_get_u16(tb[GUESTLAN_VLAN_A_VID]),
			  nla_get_flag(tb[GUESTLAN_VLAN_A_PVID]),
			  nla_get_flag(tb[GUESTLAN_VLAN_A_UNTAGGED]));
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "Cannot add the VLAN");
	else if (!gl_port_is_host(p))
		gl_notify_port(p, false);
	return err;
}

int guestlan_nl_vlan_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_vlan_nl_policy) + 1];
	struct gl_port *p = gl_info_port(info);
	int err;

	err = gl_vlan_parse(info, tb, &gl_req_vlan_del_port_vlan);
	if (err)
		return err;
	err = gl_vlan_del(p, nla_get_u16(tb[GUESTLAN_VLAN_A_VID]));
	if (err)
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_VLAN_A_VID],
				    "Port is not a member of this VLAN");
	else if (!gl_port_is_host(p))
		gl_notify_port(p, false);
	return err;
}

/* Grants */

/* port.grant of a grant-set: VLANs as vid attributes (ranges are reply-only) */
static struct gl_grant *gl_grant_parse(struct genl_info *info,
				       struct nlattr *nest)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_grant_nl_policy) + 1];
	struct user_namespace *ns = current_user_ns();
	struct gl_grant *g;
	struct nlattr *a;
	int err, rem;

	if (nest) {
		err = gl_req_parse(tb, nest, guestlan_grant_nl_policy,
				   &gl_req_grant_set_port_grant, info->extack);
		if (err)
			return ERR_PTR(err);
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (!g)
		return ERR_PTR(-ENOMEM);
	g->all_vlans = true;
	if (!nest)
		return g;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != GUESTLAN_GRANT_A_VID)
			continue;
		set_bit(nla_get_u16(a), g->vlans);
		g->all_vlans = false;
	}
	err = -EINVAL;
	if (tb[GUESTLAN_GRANT_A_UID]) {
		g->uid = make_kuid(ns, nla_get_u32(tb[GUESTLAN_GRANT_A_UID]));
		if (!uid_valid(g->uid)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_GRANT_A_UID],
					    "Invalid owner uid");
			goto err;
		}
		g->has_uid = true;
	}
	if (tb[GUESTLAN_GRANT_A_GID]) {
		g->gid = make_kgid(ns, nla_get_u32(tb[GUESTLAN_GRANT_A_GID]));
		if (!gid_valid(g->gid)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_GRANT_A_GID],
					    "Invalid owner gid");
			goto err;
		}
		g->has_gid = true;
	}
	return g;
err:
	kfree(g);
	return ERR_PTR(err);
}

int guestlan_nl_grant_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *ptb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	struct gl_port *p = gl_info_port(info);
	struct gl_grant *g;
	int err;

	err = gl_port_check_not_mirror_dest(p, NULL, info->extack);
	if (err)
		return err;
	g = gl_grant_parse(info, gl_port_attrs(info, ptb)[GUESTLAN_PORT_A_GRANT]);
	if (IS_ERR(g))
		return PTR_ERR(g);
	gl_grant_set(p, g);
	gl_promisc_update(p);
	gl_promisc_kick(p->sw);
	return 0;
}

int guestlan_nl_grant_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_port *p = gl_info_port(info);

	if (!rtnl_dereference(p->grant)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Port has no promiscuous grant");
		return -ENOENT;
	}
	gl_grant_set(p, NULL);
	gl_promisc_update(p);
	return 0;
}
