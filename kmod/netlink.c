// SPDX-License-Identifier: GPL-2.0
/*
 * The "guestlan" generic netlink family: its core.  The ops table, with one
 * request policy per do and per dump and the pre_doit of each do, is
 * generated from uapi/specs/guestlan.yaml (netlink-gen.c), and so are the
 * request rules inside nests (netlink-req.h).  This file has the family,
 * pre/post doit, request parsing, the switch and port resolvers, the dump
 * iterator and the attributes several objects share; each object has its
 * file (netlink.h).  A do runs under RTNL with its switch and port resolved
 * by its pre_doit; dumps take RTNL themselves.  Writes need CAP_NET_ADMIN
 * in the user namespace owning the device's netns (GENL_UNS_ADMIN_PERM).
 *
 * What anyone in the netns may read, as with the Linux bridge's links and
 * FDB: switches, ports and their VLANs, the FDB, the "events" group.
 * What only CAP_NET_ADMIN over the netns may read: mirror sessions (every
 * mirror operation is admin-only), hostnotify (its own
 * "hostnotify" group, GENL_MCAST_CAP_NET_ADMIN), guard events (the "guard"
 * group, likewise: they name who forged what) and a port's grant, whose
 * owner may read it too (a VM's agent, running as the owner, sees what it
 * was granted); port-ntf events never carry a grant.
 *
 * Messages are sized for what they hold, one attribute per line of the
 * size functions.  Dumps are resumed by a cursor, so each dump sets
 * cb->seq to a generation of what it walks and flags the messages that
 * follow a change with NLM_F_DUMP_INTR (the caller retries, as for
 * rtnetlink dumps).
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <net/sock.h>

#include "netlink.h"

/*
 * Refuse what request @req does not accept in a nest parsed into @tb
 * (types up to @max), naming the attribute: ynl's nested policies accept
 * every attribute of their set, replies' too.
 */
static int gl_req_check(struct netlink_ext_ack *extack, struct nlattr **tb,
			unsigned int max, const struct gl_req_nest *req)
{
	unsigned int i;

	for (i = 1; i <= max; i++) {
		if (!tb[i] ||
		    (i <= req->maxtype && i < 64 && (req->allowed & BIT_ULL(i))))
			continue;
		if (i <= req->maxtype && req->refused[i]) {
			if (extack)
				extack->_msg = req->refused[i];
		} else {
			NL_SET_ERR_MSG_MOD(extack,
					   "Attribute not accepted in this request");
		}
		NL_SET_BAD_ATTR(extack, tb[i]);
		return -EINVAL;
	}
	return 0;
}

int gl_req_parse_nested(struct nlattr **tb, unsigned int max,
			const struct nlattr *nest,
			const struct nla_policy *policy,
			const struct gl_req_nest *req,
			struct netlink_ext_ack *extack)
{
	int err = nla_parse_nested(tb, max, nest, policy, extack);

	return err ?: gl_req_check(extack, tb, max, req);
}

/* The request's port nest, parsed (pre_doit checked it) */
struct nlattr **gl_port_attrs(struct genl_info *info, struct nlattr **tb)
{
	nla_parse_nested(tb, GL_POLICY_MAX(guestlan_port_nl_policy),
			 info->attrs[GUESTLAN_A_PORT], guestlan_port_nl_policy,
			 NULL);
	return tb;
}

/* The switch of ifindex @attr, under RTNL */
struct gl_switch *gl_switch_get(struct net *net, const struct nlattr *attr,
				struct netlink_ext_ack *extack)
{
	struct net_device *dev;

	ASSERT_RTNL();
	if (!attr) {
		NL_SET_ERR_MSG_MOD(extack, "Switch ifindex is required");
		return ERR_PTR(-EINVAL);
	}
	dev = __dev_get_by_index(net, nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "No such device");
		return ERR_PTR(-ENODEV);
	}
	if (!netif_is_guestlan(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device is not a guestlan switch");
		return ERR_PTR(-EOPNOTSUPP);
	}
	return netdev_priv(dev);
}

/* A port of @sw named by ifindex @attr; the switch itself is its host port */
struct gl_port *gl_port_from_attr(struct gl_switch *sw,
				  const struct nlattr *attr, bool host_ok,
				  struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct gl_port *p;

	ASSERT_RTNL();
	dev = __dev_get_by_index(dev_net(sw->dev), nla_get_u32(attr));
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "No such port device");
		return ERR_PTR(-ENODEV);
	}
	if (host_ok && dev == sw->dev)
		return &sw->host;
	p = gl_port_get_rtnl(dev);
	if (!p || p->sw != sw) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "Device is not a port of this switch");
		return ERR_PTR(-ENOENT);
	}
	return p;
}

/*
 * pre_doit, one per kind of do (the spec names it per operation): take
 * RTNL (gl_nl_post_doit() drops it), resolve the switch (ifindex) into
 * user_ptr[0] and, for a do on a port, check the port nest as the
 * command's request accepts it and resolve port.ifindex into user_ptr[1]
 * -- the switch's own ifindex is its host port where @host_ok.
 */
static int gl_pre_doit(const struct genl_split_ops *ops,
		       struct genl_info *info, bool port, bool host_ok)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	const struct gl_req_nest *req = NULL;
	struct gl_switch *sw;
	struct gl_port *p = NULL;
	int err;

	if (port) {
		/* the request of a do on a port has the port nest */
		req = ops->cmd < ARRAY_SIZE(gl_req_do_port) ?
		      gl_req_do_port[ops->cmd] : NULL;
		if (WARN_ON_ONCE(!req || ops->maxattr < GUESTLAN_A_PORT))
			return -EINVAL;
		if (GENL_REQ_ATTR_CHECK(info, GUESTLAN_A_PORT))
			return -EINVAL;
		err = gl_req_parse(tb, info->attrs[GUESTLAN_A_PORT],
				   guestlan_port_nl_policy, req, info->extack);
		if (err)
			return err;
		if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[GUESTLAN_A_PORT],
				      tb, GUESTLAN_PORT_A_IFINDEX))
			return -EINVAL;
	}

	rtnl_lock();
	sw = gl_switch_get(genl_info_net(info), info->attrs[GUESTLAN_A_IFINDEX],
			   info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto err;
	}
	if (port) {
		p = gl_port_from_attr(sw, tb[GUESTLAN_PORT_A_IFINDEX], host_ok,
				      info->extack);
		if (IS_ERR(p)) {
			err = PTR_ERR(p);
			goto err;
		}
	}
	info->user_ptr[0] = sw;
	info->user_ptr[1] = p;
	return 0;
err:
	rtnl_unlock();
	return err;
}

/* A do on a switch */
int gl_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info)
{
	return gl_pre_doit(ops, info, false, false);
}

/* A do on a port or on the switch's host port */
int gl_nl_pre_doit_port(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	return gl_pre_doit(ops, info, true, true);
}

/* A do on a port, not the host port */
int gl_nl_pre_doit_guest(const struct genl_split_ops *ops, struct sk_buff *skb,
			 struct genl_info *info)
{
	return gl_pre_doit(ops, info, true, false);
}

void gl_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		     struct genl_info *info)
{
	rtnl_unlock();
}

/*
 * A message of @cmd for @portid/@seq in @skb; in a dump (@cb), flagged if
 * what the dump walks changed since its previous message
 */
void *gl_msg_put(struct sk_buff *skb, struct netlink_callback *cb,
		 u32 portid, u32 seq, int flags, u8 cmd)
{
	void *hdr = genlmsg_put(skb, portid, seq, &gl_genl_family, flags, cmd);

	if (hdr && cb)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/* Reply to a do request with @msg, unless filling it failed (@err) */
int gl_reply(struct genl_info *info, struct sk_buff *msg, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* An event of at most @size for the "events" group, if anyone listens */
struct sk_buff *gl_event_new(struct net *net, size_t size)
{
	if (!genl_has_listeners(&gl_genl_family, net, GUESTLAN_NLGRP_EVENTS))
		return NULL;
	return genlmsg_new(size, GFP_KERNEL);
}

/* Send the event @skb, unless filling it failed (@err) */
void gl_event_send(struct net *net, struct sk_buff *skb, int err)
{
	if (err) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&gl_genl_family, net, skb, 0,
				GUESTLAN_NLGRP_EVENTS, GFP_KERNEL);
}

/*
 * The dump iterator (netlink.h): the switch of ifindex, or every switch
 * of the netns (not if @need_switch), under RTNL.  The end of every dump:
 * what was put, or the error if nothing was.
 */
int gl_dump_switches(struct sk_buff *skb, struct netlink_callback *cb,
		     bool need_switch, gl_dump_one_t one)
{
	struct nlattr *attr = gl_compat_dump_attrs(cb)[GUESTLAN_A_IFINDEX];
	struct gl_dump_ctx *ctx = gl_dump_ctx(cb);
	struct net *net = sock_net(skb->sk);
	struct gl_switch *only = NULL;
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	if (attr || need_switch) {
		only = gl_switch_get(net, attr, cb->extack);
		if (IS_ERR(only)) {
			err = PTR_ERR(only);
			goto out;
		}
	}
	for_each_netdev(net, dev) {
		if (!netif_is_guestlan(dev) || (only && dev != only->dev))
			continue;
		if (idx++ < ctx->sw)
			continue;
		err = one(skb, cb, netdev_priv(dev));
		if (err)
			break;
		ctx->sw = idx;
		ctx->pos = 0;
	}
out:
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

/* The counters of gl_stats, as stats attributes, in the order they are put */
static const struct {
	int attr;
	size_t off;
} gl_stats_attrs[] = {
#define GL_STAT(a, f) { GUESTLAN_STATS_A_##a, offsetof(struct gl_stats, f) }
	GL_STAT(RX_PACKETS, rx_packets),
	GL_STAT(RX_BYTES, rx_bytes),
	GL_STAT(RX_ACCEPTED, rx_accepted),
	GL_STAT(TX_PACKETS, tx_packets),
	GL_STAT(TX_BYTES, tx_bytes),
	GL_STAT(FLOODED, flooded),
	GL_STAT(LEARN_REFUSED, learn_refused),
	GL_STAT(LEARN_DAMPENED, learn_dampened),
	GL_STAT(PROMISC_TX, promisc_tx),
	GL_STAT(PROMISC_DENIED, promisc_denied),
	GL_STAT(SAMPLED, sampled),
	GL_STAT(DROP_RUNT, drops[GL_DROP_RUNT]),
	GL_STAT(DROP_BAD_SRC, drops[GL_DROP_BAD_SRC]),
	GL_STAT(DROP_VLAN, drops[GL_DROP_VLAN]),
	GL_STAT(DROP_LOOP, drops[GL_DROP_LOOP]),
	GL_STAT(DROP_DOWN, drops[GL_DROP_DOWN]),
	GL_STAT(DROP_MTU, drops[GL_DROP_MTU]),
	GL_STAT(DROP_NOMEM, drops[GL_DROP_NOMEM]),
	GL_STAT(DROP_FILTERED, drops[GL_DROP_FILTER]),
	GL_STAT(DROP_FORGED_SRC, drops[GL_DROP_FORGED]),
	GL_STAT(DROP_STACKED_TAG, drops[GL_DROP_STACKED]),
	GL_STAT(DROP_MAC_GUARD, drops[GL_DROP_MAC_GUARD]),
	GL_STAT(DROP_ARP_GUARD, drops[GL_DROP_ARP_GUARD]),
	GL_STAT(DROP_ND_GUARD, drops[GL_DROP_ND_GUARD]),
#undef GL_STAT
};

int gl_put_stats(struct sk_buff *skb, int type, const struct gl_stats *s)
{
	struct nlattr *nest;
	int i;

	/* every drop reason has its attribute */
	BUILD_BUG_ON(ARRAY_SIZE(gl_stats_attrs) != 11 + GL_DROP_MAX);
	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < ARRAY_SIZE(gl_stats_attrs); i++)
		if (nla_put_u64_64bit(skb, gl_stats_attrs[i].attr,
				      *(const u64 *)((const void *)s +
						     gl_stats_attrs[i].off),
				      GUESTLAN_STATS_A_PAD)) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	nla_nest_end(skb, nest);
	return 0;
}

size_t gl_stats_size(void)
{
	return nla_total_size(0) +
	       ARRAY_SIZE(gl_stats_attrs) * nla_total_size_64bit(sizeof(u64));
}

/* One vlan nest for vid..end (flags only if given) */
int gl_put_vlan_range(struct sk_buff *skb, int type, u16 vid, u16 end,
		      bool pvid, bool untagged)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    nla_put_u16(skb, GUESTLAN_VLAN_A_VID, vid) ||
	    (end != vid && nla_put_u16(skb, GUESTLAN_VLAN_A_VID_END, end)) ||
	    (pvid && nla_put_flag(skb, GUESTLAN_VLAN_A_PVID)) ||
	    (untagged && nla_put_flag(skb, GUESTLAN_VLAN_A_UNTAGGED)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The size of gl_put_vlan_range()'s nest */
size_t gl_vlan_range_size(u16 vid, u16 end, bool pvid, bool untagged)
{
	return nla_total_size(0)				/* vlan */
	       + nla_total_size(sizeof(u16))			/* vid */
	       + (end != vid ? nla_total_size(sizeof(u16)) : 0)	/* vid-end */
	       + (pvid ? nla_total_size(0) : 0)			/* pvid */
	       + (untagged ? nla_total_size(0) : 0);		/* untagged */
}

/* The last VID of the range of set bits in @vids that starts at @vid */
static u16 gl_vid_range_end(const unsigned long *vids, u16 vid)
{
	return find_next_zero_bit(vids, VLAN_N_VID, vid) - 1;
}

/* The VIDs set in @vids as @type nests of ranges, without flags */
int gl_put_vid_ranges(struct sk_buff *skb, int type, const unsigned long *vids)
{
	u16 vid, end;

	for_each_set_bit(vid, vids, VLAN_N_VID) {
		end = gl_vid_range_end(vids, vid);
		if (gl_put_vlan_range(skb, type, vid, end, false, false))
			return -EMSGSIZE;
		vid = end;
	}
	return 0;
}

size_t gl_vid_ranges_size(const unsigned long *vids)
{
	size_t size = 0;
	u16 vid, end;

	for_each_set_bit(vid, vids, VLAN_N_VID) {
		end = gl_vid_range_end(vids, vid);
		size += gl_vlan_range_size(vid, end, false, false);
		vid = end;
	}
	return size;
}

/* The runs of set bits in @vids */
static unsigned int gl_vid_runs(const unsigned long *vids)
{
	unsigned int n = 0;
	u16 vid;

	for_each_set_bit(vid, vids, VLAN_N_VID) {
		vid = gl_vid_range_end(vids, vid);
		n++;
	}
	return n;
}

/*
 * The VIDs set in @vids as one @type attribute: ascending u16 pairs, first
 * and last VID of each run (GL_VID_PAIRS_MAX at most, whatever the gaps)
 */
int gl_put_vid_pairs(struct sk_buff *skb, int type, const unsigned long *vids)
{
	struct nlattr *a;
	u16 vid, *pair;

	a = nla_reserve(skb, type, gl_vid_runs(vids) * 2 * sizeof(u16));
	if (!a)
		return -EMSGSIZE;
	pair = nla_data(a);
	for_each_set_bit(vid, vids, VLAN_N_VID) {
		*pair++ = vid;
		vid = gl_vid_range_end(vids, vid);
		*pair++ = vid;
	}
	return 0;
}

size_t gl_vid_pairs_size(const unsigned long *vids)
{
	return nla_total_size(gl_vid_runs(vids) * 2 * sizeof(u16));
}

/*
 * netlink-gen.c has the same table, but static: ynl-gen-c only exports it
 * with the family struct it writes for "genetlink" families, and ours is
 * "genetlink-legacy" (for GENL_UNS_ADMIN_PERM).
 */
static const struct genl_multicast_group gl_mcgrps[] = {
	[GUESTLAN_NLGRP_EVENTS] = { .name = GUESTLAN_MCGRP_EVENTS, },
	[GUESTLAN_NLGRP_HOSTNOTIFY] = {
		.name = GUESTLAN_MCGRP_HOSTNOTIFY,
		.flags = GENL_MCAST_CAP_NET_ADMIN,	/* over the netns */
	},
	[GUESTLAN_NLGRP_GUARD] = {
		.name = GUESTLAN_MCGRP_GUARD,
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family gl_genl_family __ro_after_init = {
	.name		= GUESTLAN_GENL_NAME,
	.version	= GUESTLAN_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	/* the ops (guestlan_nl_ops) with their request policies: at register */
	.mcgrps		= gl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(gl_mcgrps),
};

/* Does anyone listen to @sw's guard events?  Any context */
bool gl_guard_listeners(const struct gl_switch *sw)
{
	return genl_has_listeners(&gl_genl_family, dev_net(sw->dev),
				  GUESTLAN_NLGRP_GUARD);
}

int gl_genl_init(void)
{
	if (!gl_port_size_bounded()) {
		pr_err("a port message may exceed 64 KiB\n");
		return -EOVERFLOW;
	}
	return gl_compat_genl_register(&gl_genl_family, guestlan_nl_ops,
				       ARRAY_SIZE(guestlan_nl_ops));
}

void gl_genl_exit(void)
{
	genl_unregister_family(&gl_genl_family);
}
