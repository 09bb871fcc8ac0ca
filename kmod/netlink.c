// SPDX-License-Identifier: GPL-2.0
/*
 * The "guestlan" generic netlink family.  The ops table, with one request
 * policy per do and per dump, is generated from uapi/specs/guestlan.yaml
 * (netlink-gen.c), and so are the request rules inside nests
 * (netlink-req.h); this file has the handlers.  A do runs under RTNL with
 * its switch and port resolved by gl_nl_pre_doit(); dumps take RTNL
 * themselves.  Writes need CAP_NET_ADMIN in the user namespace owning the
 * device's netns (GENL_UNS_ADMIN_PERM).
 *
 * What anyone in the netns may read, as with the Linux bridge's links and
 * FDB: switches, ports and their VLANs, the FDB, the "events" group.
 * What only CAP_NET_ADMIN over the netns may read: mirror sessions (every
 * mirror operation is admin-only), hostnotify (its own
 * "hostnotify" group, GENL_MCAST_CAP_NET_ADMIN) and a port's grant, whose
 * owner may read it too (a VM's agent, running as the owner, sees what it
 * was granted); port-ntf events never carry a grant.
 *
 * Messages are sized for what they hold (gl_port_size()): a trunk port's
 * VLANs and grant can take tens of kilobytes, beyond NLMSG_GOODSIZE, and
 * a port dump asks netlink for buffers that large (min_dump_alloc).  The
 * port nest is one attribute, at most 64 KiB: every VLAN, scattered into
 * 4094 ranges, takes 56 KiB; a vlan-add or grant-set that would take the
 * port past GL_PORT_SIZE_MAX is refused (-EMSGSIZE, with a message),
 * rather than leaving a port that cannot be reported.
 * Dumps are resumed by index, so each dump sets cb->seq to a generation of
 * what it walks and flags the messages that follow a change with
 * NLM_F_DUMP_INTR (the caller retries, as for rtnetlink dumps).
 */
#include <linux/cred.h>
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <linux/guestlan.h>

#include "compat.h"
#include "guestlan.h"
#include "netlink-gen.h"
#include "netlink-req.h"

/*
 * The highest attribute type a generated request policy covers.  The uapi
 * enums may go further (attributes only the kernel sends) and parsing must
 * never look past the end of a policy array: parse with this, not *_A_MAX.
 */
#define GL_POLICY_MAX(policy)	(ARRAY_SIZE(policy) - 1)

static struct genl_family gl_genl_family;

/* The switch named by GUESTLAN_A_IFINDEX, under RTNL */
static struct gl_switch *gl_switch_from_attrs(struct net *net,
					      struct nlattr **attrs,
					      struct netlink_ext_ack *extack)
{
	struct nlattr *attr = attrs[GUESTLAN_A_IFINDEX];
	struct net_device *dev;

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
static struct gl_port *gl_port_from_attr(struct gl_switch *sw,
					 struct nlattr *attr, bool host_ok,
					 struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct gl_port *p;

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

static int gl_put_stats(struct sk_buff *skb, int type, const struct gl_stats *s)
{
	static const int drop_attr[GL_DROP_MAX] = {
		[GL_DROP_RUNT]		= GUESTLAN_STATS_A_DROP_RUNT,
		[GL_DROP_BAD_SRC]	= GUESTLAN_STATS_A_DROP_BAD_SRC,
		[GL_DROP_VLAN]		= GUESTLAN_STATS_A_DROP_VLAN,
		[GL_DROP_LOOP]		= GUESTLAN_STATS_A_DROP_LOOP,
		[GL_DROP_DOWN]		= GUESTLAN_STATS_A_DROP_DOWN,
		[GL_DROP_MTU]		= GUESTLAN_STATS_A_DROP_MTU,
		[GL_DROP_NOMEM]		= GUESTLAN_STATS_A_DROP_NOMEM,
		[GL_DROP_FILTER]	= GUESTLAN_STATS_A_DROP_FILTERED,
		[GL_DROP_FORGED]	= GUESTLAN_STATS_A_DROP_FORGED_SRC,
		[GL_DROP_STACKED]	= GUESTLAN_STATS_A_DROP_STACKED_TAG,
	};
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, GUESTLAN_STATS_A_RX_PACKETS, s->rx_packets,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_RX_BYTES, s->rx_bytes,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_RX_ACCEPTED, s->rx_accepted,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_TX_PACKETS, s->tx_packets,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_TX_BYTES, s->tx_bytes,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_FLOODED, s->flooded,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_LEARN_REFUSED,
			      s->learn_refused, GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_LEARN_DAMPENED,
			      s->learn_dampened, GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_PROMISC_TX, s->promisc_tx,
			      GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_PROMISC_DENIED,
			      s->promisc_denied, GUESTLAN_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_STATS_A_SAMPLED, s->sampled,
			      GUESTLAN_STATS_A_PAD))
		goto cancel;
	for (i = 0; i < GL_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, drop_attr[i], s->drops[i],
				      GUESTLAN_STATS_A_PAD))
			goto cancel;
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

/*
 * A message of @cmd for @portid/@seq in @skb; in a dump (@cb), flagged if
 * what the dump walks changed since its previous message
 */
static void *gl_msg_put(struct sk_buff *skb, struct netlink_callback *cb,
			u32 portid, u32 seq, int flags, u8 cmd)
{
	void *hdr = genlmsg_put(skb, portid, seq, &gl_genl_family, flags, cmd);

	if (hdr && cb)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

static int gl_fill_switch(struct sk_buff *skb, struct gl_switch *sw,
			  struct netlink_callback *cb, u32 portid, u32 seq,
			  int flags, u8 cmd)
{
	struct gl_stats sum, one;
	struct gl_port *p;
	void *hdr;

	hdr = gl_msg_put(skb, cb, portid, seq, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	/* switch counters: the host port's plus every port's */
	gl_stats_read(&sw->host, &sum);
	list_for_each_entry(p, &sw->ports, list) {
		gl_stats_read(p, &one);
		gl_stats_add(&sum, &one);
	}

	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_A_IFNAME, sw->dev->name) ||
	    nla_put_u32(skb, GUESTLAN_A_AGEING_TIME, sw->ageing_time) ||
	    nla_put_u32(skb, GUESTLAN_A_MAX_LEARNED, sw->max_learned) ||
	    nla_put_u32(skb, GUESTLAN_A_FDB_COUNT, READ_ONCE(sw->fdb_count)) ||
	    nla_put_u32(skb, GUESTLAN_A_FDB_LEARNED,
			atomic_read(&sw->fdb_learned)) ||
	    nla_put_u32(skb, GUESTLAN_A_N_PORTS, sw->n_ports) ||
	    nla_put_u8(skb, GUESTLAN_A_UNKNOWN_UNICAST, sw->unknown_unicast) ||
	    gl_put_stats(skb, GUESTLAN_A_STATS, &sum)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* One vlan nest for vid..end (flags only if given) */
static int gl_put_vlan_range(struct sk_buff *skb, int type, u16 vid, u16 end,
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
static size_t gl_vlan_range_size(u16 vid, u16 end, bool pvid, bool untagged)
{
	return nla_total_size(0) + nla_total_size(sizeof(u16)) +
	       (end != vid ? nla_total_size(sizeof(u16)) : 0) +
	       (pvid ? nla_total_size(0) : 0) +
	       (untagged ? nla_total_size(0) : 0);
}

/*
 * The VLANs of @p are listed as ranges of equal flags, the PVID on its
 * own: the last VID of the range that starts at @vid
 */
static u16 gl_vlan_range_end(const struct gl_port *p, u16 vid)
{
	bool untagged = test_bit(vid, p->untagged);
	u16 end = vid;

	if (vid != p->pvid)
		while (end + 1 < VLAN_N_VID && end + 1 != p->pvid &&
		       test_bit(end + 1, p->vlans) &&
		       test_bit(end + 1, p->untagged) == untagged)
			end++;
	return end;
}

static size_t gl_vlans_size(const struct gl_port *p)
{
	size_t size = nla_total_size(sizeof(u16));	/* pvid */
	u16 vid, end;

	for_each_set_bit(vid, p->vlans, VLAN_N_VID) {
		end = gl_vlan_range_end(p, vid);
		size += gl_vlan_range_size(vid, end, vid == p->pvid,
					   test_bit(vid, p->untagged));
		vid = end;
	}
	return size;
}

static int gl_put_vlans(struct sk_buff *skb, const struct gl_port *p)
{
	u16 vid, end;

	if (nla_put_u16(skb, GUESTLAN_PORT_A_PVID, p->pvid))
		return -EMSGSIZE;
	for_each_set_bit(vid, p->vlans, VLAN_N_VID) {
		end = gl_vlan_range_end(p, vid);
		if (gl_put_vlan_range(skb, GUESTLAN_PORT_A_VLAN, vid, end,
				      vid == p->pvid, test_bit(vid, p->untagged)))
			return -EMSGSIZE;
		vid = end;
	}
	return 0;
}

/* The last VID of the range of set bits in @vlans that starts at @vid */
static u16 gl_bitmap_range_end(const unsigned long *vlans, u16 vid)
{
	return find_next_zero_bit(vlans, VLAN_N_VID, vid) - 1;
}

static size_t gl_grant_size(const struct gl_grant *g)
{
	size_t size = nla_total_size(0) + 2 * nla_total_size(sizeof(u32));
	u16 vid, end;

	if (!g->all_vlans)
		for_each_set_bit(vid, g->vlans, VLAN_N_VID) {
			end = gl_bitmap_range_end(g->vlans, vid);
			size += gl_vlan_range_size(vid, end, false, false);
			vid = end;
		}
	return size;
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
	u16 vid, end;

	if (nla_put_u8(skb, GUESTLAN_PORT_A_PROMISC_STATE, p->promisc_state))
		return -EMSGSIZE;
	if (!g || !grant || !gl_grant_readable(p->sw, g))
		return 0;
	nest = nla_nest_start(skb, GUESTLAN_PORT_A_GRANT);
	if (!nest)
		return -EMSGSIZE;
	if (!g->all_vlans)
		for_each_set_bit(vid, g->vlans, VLAN_N_VID) {
			end = gl_bitmap_range_end(g->vlans, vid);
			if (gl_put_vlan_range(skb, GUESTLAN_GRANT_A_RANGE, vid, end,
					      false, false))
				return -EMSGSIZE;
			vid = end;
		}
	if ((g->has_uid &&
	     nla_put_u32(skb, GUESTLAN_GRANT_A_UID, from_kuid_munged(ns, g->uid))) ||
	    (g->has_gid &&
	     nla_put_u32(skb, GUESTLAN_GRANT_A_GID, from_kgid_munged(ns, g->gid))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int gl_put_bridgeport(struct sk_buff *skb, const struct gl_port *p)
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
	    nla_put_u8(skb, GUESTLAN_PORT_A_STACKED_TAGS, p->stacked_tags))
		return -EMSGSIZE;
	s = rtnl_dereference(p->sample);
	if (s &&
	    (nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_RATE, s->rate) ||
	     nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_GROUP, s->group_num) ||
	     nla_put_u8(skb, GUESTLAN_PORT_A_SAMPLE_DIRECTION, s->dir) ||
	     nla_put_u32(skb, GUESTLAN_PORT_A_SAMPLE_TRUNC, s->trunc)))
		return -EMSGSIZE;
	return 0;
}

/* Stats nest: the counters and the drop reasons, all u64 */
#define GL_STATS_SIZE	(nla_total_size(0) +				\
			 (11 + GL_DROP_MAX) * nla_total_size_64bit(sizeof(u64)))

/* The payload of gl_fill_port() for @p, at most */
static size_t gl_port_size(const struct gl_port *p)
{
	const struct gl_grant *g = rtnl_dereference(p->grant);

	ASSERT_RTNL();
	return nla_total_size(sizeof(u32))		/* ifindex */
	       + nla_total_size(0)			/* port */
	       + nla_total_size(sizeof(u32))		/* port.ifindex */
	       + nla_total_size(IFNAMSIZ)		/* ifname */
	       + nla_total_size(sizeof(u8))		/* oper-up */
	       + nla_total_size(0)			/* removed */
	       + gl_vlans_size(p)
	       + nla_total_size(sizeof(u8))		/* promisc-state */
	       + (g ? gl_grant_size(g) : 0)
	       + 13 * nla_total_size(sizeof(u8))	/* gl_put_bridgeport() */
	       + 6 * nla_total_size(sizeof(u32))
	       + GL_STATS_SIZE;
}

/* What gl_port_size() may be: the port nest's length is a u16 */
#define GL_PORT_SIZE_MAX	(U16_MAX - nla_total_size(sizeof(u32)))
/* The most one VLAN added or changed adds: it may split a range in three */
#define GL_VLAN_ADD_SIZE	(2 * (nla_total_size(0) +			\
				      2 * nla_total_size(sizeof(u16)) +	\
				      2 * nla_total_size(0)))

/* A port-get reply or a port-ntf (@cmd) about @p; the grant with @grant */
static int gl_fill_port(struct sk_buff *skb, struct gl_port *p, bool removed,
			bool grant, struct netlink_callback *cb, u32 portid,
			u32 seq, int flags, u8 cmd)
{
	struct net_device *dev = p->dev;
	struct nlattr *nest;
	struct gl_stats s;
	void *hdr;

	hdr = gl_msg_put(skb, cb, portid, seq, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;

	gl_stats_read(p, &s);
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
	    gl_put_vlans(skb, p) || gl_put_grant(skb, p, grant) ||
	    gl_put_bridgeport(skb, p) ||
	    gl_put_stats(skb, GUESTLAN_PORT_A_STATS, &s))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int gl_fill_fdb(struct sk_buff *skb, struct gl_switch *sw,
		       const struct gl_fdb *f, struct netlink_callback *cb,
		       u32 portid, u32 seq, int flags)
{
	struct gl_port *p = READ_ONCE(f->port);
	unsigned long idle = jiffies - READ_ONCE(f->updated);
	struct nlattr *nest;
	void *hdr;

	hdr = gl_msg_put(skb, cb, portid, seq, flags, GUESTLAN_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, GUESTLAN_A_FDB);
	if (!nest)
		goto cancel;
	if (nla_put(skb, GUESTLAN_FDB_A_MAC, ETH_ALEN, f->key.addr) ||
	    nla_put_u16(skb, GUESTLAN_FDB_A_VID, f->key.vid) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_PORT_IFINDEX, p->dev->ifindex) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_FLAGS, f->flags) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_AGE,
			min_t(u64, jiffies_to_msecs(idle), U32_MAX)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static void gl_multicast(struct net *net, struct sk_buff *skb)
{
	genlmsg_multicast_netns(&gl_genl_family, net, skb, 0,
				GUESTLAN_NLGRP_EVENTS, GFP_KERNEL);
}

void gl_notify_port(struct gl_port *p, bool removed)
{
	struct net *net = dev_net(p->sw->dev);
	struct sk_buff *skb;

	if (!genl_has_listeners(&gl_genl_family, net, GUESTLAN_NLGRP_EVENTS))
		return;
	skb = genlmsg_new(gl_port_size(p), GFP_KERNEL);
	if (!skb)
		return;
	if (gl_fill_port(skb, p, removed, false, NULL, 0, 0, 0,
			 GUESTLAN_CMD_PORT_NTF)) {
		WARN_ON_ONCE(1);	/* gl_port_size() is wrong */
		nlmsg_free(skb);
		return;
	}
	gl_multicast(net, skb);
}

/* An event about @p: ifindex, port { ifindex, ifname, the u8 @attrs } */
static void gl_notify_port_u8s(struct gl_port *p, u8 cmd,
			       const u8 (*attrs)[2], int n)
{
	struct net *net = dev_net(p->sw->dev);
	struct nlattr *nest;
	struct sk_buff *skb;
	void *hdr;
	int i;

	if (!genl_has_listeners(&gl_genl_family, net, GUESTLAN_NLGRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	hdr = genlmsg_put(skb, 0, 0, &gl_genl_family, 0, cmd);
	if (!hdr || nla_put_u32(skb, GUESTLAN_A_IFINDEX, p->sw->dev->ifindex))
		goto err;
	nest = nla_nest_start(skb, GUESTLAN_A_PORT);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_IFINDEX, p->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_PORT_A_IFNAME, p->dev->name))
		goto err;
	for (i = 0; i < n; i++)
		if (nla_put_u8(skb, attrs[i][0], attrs[i][1]))
			goto err;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	gl_multicast(net, skb);
	return;
err:
	nlmsg_free(skb);
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
 * hostnotify: host-ntf messages for the hostnotify group, many to an skb
 * (a 64k-entry FDB sync is some 1,800 skbs, not 64k).  gl_hn_batch_end()
 * says whether every skb reached every listener: -ENOBUFS when a
 * listener's receive buffer was full (netlink then reports ENOBUFS on
 * that socket too), -ENOMEM when an skb could not be allocated.
 */
void gl_hn_batch_start(struct gl_hn_batch *b, struct gl_switch *sw, gfp_t gfp)
{
	b->net = dev_net(sw->dev);
	b->skb = NULL;
	b->gfp = gfp;
	b->err = 0;
	b->listeners = genl_has_listeners(&gl_genl_family, b->net,
					  GUESTLAN_NLGRP_HOSTNOTIFY);
}

static void gl_hn_batch_send(struct gl_hn_batch *b)
{
	int err;

	if (!b->skb)
		return;
	err = genlmsg_multicast_netns(&gl_genl_family, b->net, b->skb, 0,
				      GUESTLAN_NLGRP_HOSTNOTIFY, b->gfp);
	b->skb = NULL;
	if (err && err != -ESRCH && !b->err)
		b->err = err;
}

static int gl_hn_fill(struct sk_buff *skb, struct gl_port *to,
		      const struct gl_hn_event *ev)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &gl_genl_family, 0, GUESTLAN_CMD_HOST_NTF);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, to->sw->dev->ifindex) ||
	    nla_put_u8(skb, GUESTLAN_A_HOST_EVENT, ev->event))
		goto err;
	nest = nla_nest_start(skb, GUESTLAN_A_PORT);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_IFINDEX, to->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_PORT_A_IFNAME, to->dev->name))
		goto err;
	nla_nest_end(skb, nest);
	if (ev->event == GUESTLAN_HOST_EVENT_LEARNED ||
	    ev->event == GUESTLAN_HOST_EVENT_AGED) {
		nest = nla_nest_start(skb, GUESTLAN_A_FDB);
		if (!nest ||
		    nla_put(skb, GUESTLAN_FDB_A_MAC, ETH_ALEN, ev->addr) ||
		    nla_put_u16(skb, GUESTLAN_FDB_A_VID, ev->vid) ||
		    nla_put_u32(skb, GUESTLAN_FDB_A_PORT_IFINDEX, ev->ifindex))
			goto err;
		nla_nest_end(skb, nest);
	}
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Add the event @ev for port @to; may run in atomic context (b->gfp) */
void gl_hn_batch_add(struct gl_hn_batch *b, struct gl_port *to,
		     const struct gl_hn_event *ev)
{
	if (!b->listeners)
		return;
	if (b->skb && gl_hn_fill(b->skb, to, ev))
		gl_hn_batch_send(b);		/* full: send, start another */
	if (!b->skb) {
		b->skb = genlmsg_new(NLMSG_GOODSIZE, b->gfp);
		if (!b->skb) {
			if (!b->err)
				b->err = -ENOMEM;
			return;
		}
		if (WARN_ON_ONCE(gl_hn_fill(b->skb, to, ev)))
			return;
	}
}

int gl_hn_batch_end(struct gl_hn_batch *b)
{
	gl_hn_batch_send(b);
	return b->err;
}

static void gl_notify_switch(struct gl_switch *sw)
{
	struct net *net = dev_net(sw->dev);
	struct sk_buff *skb;

	if (!genl_has_listeners(&gl_genl_family, net, GUESTLAN_NLGRP_EVENTS))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (gl_fill_switch(skb, sw, NULL, 0, 0, 0, GUESTLAN_CMD_SWITCH_NTF)) {
		nlmsg_free(skb);
		return;
	}
	gl_multicast(net, skb);
}

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

/* Parse the nest @nest with @policy into @tb and apply @req */
#define gl_req_parse(tb, nest, policy, req, extack)			\
	gl_req_parse_nested(tb, GL_POLICY_MAX(policy), nest, policy, req, extack)

static int gl_req_parse_nested(struct nlattr **tb, unsigned int max,
			       const struct nlattr *nest,
			       const struct nla_policy *policy,
			       const struct gl_req_nest *req,
			       struct netlink_ext_ack *extack)
{
	int err = nla_parse_nested(tb, max, nest, policy, extack);

	return err ?: gl_req_check(extack, tb, max, req);
}

/* The port nest each do takes (its port.ifindex is resolved by pre_doit) */
static const struct {
	const struct gl_req_nest *req;
	bool host_ok;		/* the switch's own ifindex: its host port */
} gl_do_port[GUESTLAN_CMD_MAX + 1] = {
	[GUESTLAN_CMD_PORT_GET]		= { &gl_req_port_get_port, true },
	[GUESTLAN_CMD_VLAN_ADD]		= { &gl_req_vlan_add_port, true },
	[GUESTLAN_CMD_VLAN_DEL]		= { &gl_req_vlan_del_port, true },
	[GUESTLAN_CMD_GRANT_SET]	= { &gl_req_grant_set_port, false },
	[GUESTLAN_CMD_GRANT_DEL]	= { &gl_req_grant_del_port, false },
	/* the host port takes stacked-tags only: guestlan_nl_port_set_doit() */
	[GUESTLAN_CMD_PORT_SET]		= { &gl_req_port_set_port, true },
};

/* The request's port nest, parsed (pre_doit checked it) */
static struct nlattr **gl_port_attrs(struct genl_info *info, struct nlattr **tb)
{
	nla_parse_nested(tb, GL_POLICY_MAX(guestlan_port_nl_policy),
			 info->attrs[GUESTLAN_A_PORT], guestlan_port_nl_policy,
			 NULL);
	return tb;
}

#define gl_info_sw(info)	((struct gl_switch *)(info)->user_ptr[0])
#define gl_info_port(info)	((struct gl_port *)(info)->user_ptr[1])

/*
 * Every do: take RTNL (post_doit drops it), resolve the switch (ifindex)
 * into user_ptr[0] and, for the commands on a port, the port
 * (port.ifindex) into user_ptr[1] after checking the port nest.
 */
int gl_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	const struct gl_req_nest *req = NULL;
	struct gl_switch *sw;
	struct gl_port *p = NULL;
	bool host_ok = false;
	int err;

	if (ops->cmd < ARRAY_SIZE(gl_do_port) && gl_do_port[ops->cmd].req) {
		req = gl_do_port[ops->cmd].req;
		host_ok = gl_do_port[ops->cmd].host_ok;
	}
	/* the request policy of a command on a port has the port nest */
	if (req && WARN_ON_ONCE(ops->maxattr < GUESTLAN_A_PORT))
		return -EINVAL;
	if (req) {
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
	sw = gl_switch_from_attrs(genl_info_net(info), info->attrs,
				  info->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto err;
	}
	if (req) {
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

void gl_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		     struct genl_info *info)
{
	rtnl_unlock();
}

/* Reply to a do request with one message made by @fill */
static int gl_reply(struct genl_info *info, struct sk_buff *msg, int err)
{
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int guestlan_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	return gl_reply(info, msg,
			gl_fill_switch(msg, gl_info_sw(info), NULL,
				       info->snd_portid, info->snd_seq, 0,
				       GUESTLAN_CMD_SWITCH_GET));
}

int guestlan_nl_switch_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct nlattr **attrs = gl_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	if (attrs[GUESTLAN_A_IFINDEX]) {
		struct gl_switch *sw = gl_switch_from_attrs(net, attrs,
							    cb->extack);

		if (IS_ERR(sw)) {
			rtnl_unlock();
			return PTR_ERR(sw);
		}
	}
	cb->seq = READ_ONCE(net->dev_base_seq);
	for_each_netdev(net, dev) {
		if (!netif_is_guestlan(dev) ||
		    (attrs[GUESTLAN_A_IFINDEX] &&
		     dev->ifindex != nla_get_u32(attrs[GUESTLAN_A_IFINDEX])))
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = gl_fill_switch(skb, netdev_priv(dev), cb,
				     NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI,
				     GUESTLAN_CMD_SWITCH_GET);
		if (err) {
			idx--;
			break;
		}
	}
	rtnl_unlock();
	cb->args[0] = idx;
	return err && !skb->len ? err : skb->len;
}

int guestlan_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_switch *sw = gl_info_sw(info);
	int err;

	err = gl_uns_check(sw, info->attrs[GUESTLAN_A_MAX_LEARNED],
			   info->attrs[GUESTLAN_A_AGEING_TIME], NULL,
			   info->extack);
	if (err)
		return err;

	if (info->attrs[GUESTLAN_A_MAX_LEARNED])
		WRITE_ONCE(sw->max_learned,
			   nla_get_u32(info->attrs[GUESTLAN_A_MAX_LEARNED]));
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

/* cb->args[0]: switches done, cb->args[1]: ports of the current one done */
int guestlan_nl_port_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct nlattr **attrs = gl_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	int filter = 0, err = 0;
	struct net_device *dev;
	long s_idx = 0;

	if (attrs[GUESTLAN_A_IFINDEX])
		filter = nla_get_u32(attrs[GUESTLAN_A_IFINDEX]);

	rtnl_lock();
	if (filter) {
		struct gl_switch *sw = gl_switch_from_attrs(net, attrs,
							    cb->extack);

		if (IS_ERR(sw)) {
			err = PTR_ERR(sw);
			goto out;
		}
	}
	cb->seq = gl_port_dump_seq(net);
	for_each_netdev(net, dev) {
		struct gl_switch *sw;
		struct gl_port *p;
		long p_idx = 0;

		if (!netif_is_guestlan(dev) || (filter && dev->ifindex != filter))
			continue;
		if (s_idx++ < cb->args[0])
			continue;
		sw = netdev_priv(dev);
		list_for_each_entry(p, &sw->ports, list) {
			if (p_idx++ < cb->args[1])
				continue;
			err = gl_fill_port(skb, p, false, true, cb,
					   NETLINK_CB(cb->skb).portid,
					   cb->nlh->nlmsg_seq, NLM_F_MULTI,
					   GUESTLAN_CMD_PORT_GET);
			if (err) {
				cb->args[1] = p_idx - 1;
				goto out;
			}
		}
		cb->args[0] = s_idx;
		cb->args[1] = 0;
	}
out:
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

/* cb->args[0]: entries done */
int guestlan_nl_fdb_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct nlattr **attrs = gl_compat_dump_attrs(cb);
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1] = {};
	struct gl_port *filter = NULL;
	struct gl_switch *sw;
	struct gl_fdb *f;
	long idx = 0;
	int err = 0;

	if (attrs[GUESTLAN_A_FDB]) {
		err = gl_req_parse(tb, attrs[GUESTLAN_A_FDB],
				   guestlan_fdb_nl_policy, &gl_req_fdb_get_fdb,
				   cb->extack);
		if (err)
			return err;
	}

	rtnl_lock();
	sw = gl_switch_from_attrs(sock_net(skb->sk), attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	if (tb[GUESTLAN_FDB_A_PORT_IFINDEX]) {
		filter = gl_port_from_attr(sw, tb[GUESTLAN_FDB_A_PORT_IFINDEX],
					   true, cb->extack);
		if (IS_ERR(filter)) {
			err = PTR_ERR(filter);
			goto out;
		}
	}

	rcu_read_lock();
	cb->seq = READ_ONCE(sw->fdb_gen);
	hlist_for_each_entry_rcu(f, &sw->fdb_list, node) {
		if (filter && READ_ONCE(f->port) != filter)
			continue;
		if (idx++ < cb->args[0])
			continue;
		err = gl_fill_fdb(skb, sw, f, cb, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err) {
			idx--;
			break;
		}
	}
	rcu_read_unlock();
	cb->args[0] = idx;
out:
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

/* Parse the fdb nest of a write as @req accepts it */
static int gl_fdb_parse(struct genl_info *info, struct nlattr **tb,
			const struct gl_req_nest *req, u8 *mac, u16 *vid)
{
	struct nlattr *nest = info->attrs[GUESTLAN_A_FDB];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GUESTLAN_A_FDB))
		return -EINVAL;
	err = gl_req_parse(tb, nest, guestlan_fdb_nl_policy, req, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, GUESTLAN_FDB_A_MAC))
		return -EINVAL;
	nla_memcpy(mac, tb[GUESTLAN_FDB_A_MAC], ETH_ALEN);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_FDB_A_MAC],
				    "FDB address must be a non-zero unicast MAC");
		return -EINVAL;
	}
	*vid = tb[GUESTLAN_FDB_A_VID] ? nla_get_u16(tb[GUESTLAN_FDB_A_VID]) :
					GL_DEFAULT_PVID;
	return 0;
}

int guestlan_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1];
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *p;
	u8 mac[ETH_ALEN];
	u16 vid;
	int err;

	err = gl_fdb_parse(info, tb, &gl_req_fdb_add_fdb, mac, &vid);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[GUESTLAN_A_FDB], tb,
			      GUESTLAN_FDB_A_PORT_IFINDEX))
		return -EINVAL;
	p = gl_port_from_attr(sw, tb[GUESTLAN_FDB_A_PORT_IFINDEX], true,
			      info->extack);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (p->mirror_dest) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_FDB_A_PORT_IFINDEX],
				    "The port is a mirror session's destination: nothing is forwarded to it");
		return -EBUSY;
	}
	err = gl_fdb_add_static(sw, p, mac, vid, GUESTLAN_FDB_FLAGS_STATIC);
	if (err == -EBUSY)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The MAC is static on a port that does not allow takeover (takeover_setvmac off)");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "Cannot add the FDB entry");
	return err;
}

int guestlan_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1];
	u8 mac[ETH_ALEN];
	u16 vid;
	int err;

	err = gl_fdb_parse(info, tb, &gl_req_fdb_del_fdb, mac, &vid);
	if (err)
		return err;
	err = gl_fdb_del(gl_info_sw(info), mac, vid);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "No such FDB entry");
	return err;
}

int guestlan_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1] = {};
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *p = NULL;
	int err;

	if (info->attrs[GUESTLAN_A_FDB]) {
		err = gl_req_parse(tb, info->attrs[GUESTLAN_A_FDB],
				   guestlan_fdb_nl_policy, &gl_req_fdb_flush_fdb,
				   info->extack);
		if (err)
			return err;
	}
	if (tb[GUESTLAN_FDB_A_PORT_IFINDEX]) {
		p = gl_port_from_attr(sw, tb[GUESTLAN_FDB_A_PORT_IFINDEX], true,
				      info->extack);
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	gl_fdb_flush(sw, p, 0,
		     nla_get_flag(info->attrs[GUESTLAN_A_FLUSH_STATIC]), false);
	return 0;
}

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
	if (gl_port_size(p) + GL_VLAN_ADD_SIZE > GL_PORT_SIZE_MAX) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The port's VLANs and grant would not fit in one netlink message: use wider VLAN ranges");
		return -EMSGSIZE;
	}
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
	const struct gl_grant *old = rtnl_dereference(p->grant);
	struct gl_grant *g;

	if (p->mirror_dest) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The port is a mirror session's destination: it cannot hold a grant");
		return -EBUSY;
	}
	g = gl_grant_parse(info, gl_port_attrs(info, ptb)[GUESTLAN_PORT_A_GRANT]);
	if (IS_ERR(g))
		return PTR_ERR(g);
	if (gl_port_size(p) - (old ? gl_grant_size(old) : 0) +
	    gl_grant_size(g) > GL_PORT_SIZE_MAX) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The grant's VLAN ranges would not fit in one netlink message with the port's VLANs: grant wider ranges");
		kfree(g);
		return -EMSGSIZE;
	}
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

static void gl_vnicc_write(struct gl_port *p, const struct gl_vnicc *v)
{
	WRITE_ONCE(p->vnicc.flooding, v->flooding);
	WRITE_ONCE(p->vnicc.mcast_flooding, v->mcast_flooding);
	WRITE_ONCE(p->vnicc.rx_bcast, v->rx_bcast);
	WRITE_ONCE(p->vnicc.learning, v->learning);
	WRITE_ONCE(p->vnicc.takeover_learning, v->takeover_learning);
	WRITE_ONCE(p->vnicc.takeover_setvmac, v->takeover_setvmac);
	WRITE_ONCE(p->vnicc.bridge_invisible, v->bridge_invisible);
	WRITE_ONCE(p->vnicc.learning_timeout, v->learning_timeout);
}

/*
 * The port's sampling after port-set @tb, into *@ns (NULL: off); false if
 * it does not change.  Unset attributes keep their values while sampling
 * is on; turning it on needs sample-group.
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
	if (p->mirror_dest) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is a mirror session's destination: it is not sampled");
		return -EBUSY;
	}
	group = a_group ? nla_get_u32(a_group) : cur->group_num;
	dir = a_dir ? nla_get_u8(a_dir) :
	      cur ? cur->dir : GUESTLAN_MIRROR_DIRECTION_BOTH;
	trunc = a_trunc ? nla_get_u32(a_trunc) :
		cur ? cur->trunc : GL_SAMPLE_TRUNC_DEFAULT;
	*ns = gl_sample_new(p, rate, group, dir, trunc, extack);
	return PTR_ERR_OR_ZERO(*ns);
}

int guestlan_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_port_nl_policy) + 1];
	struct gl_port *p = gl_info_port(info);
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
	/* the new sampling, made first: nothing fails after the changes */
	err = gl_port_sample_parse(p, tb, &sample, &sample_change,
				   info->extack);
	if (err)
		return err;

	reflect = tb[GUESTLAN_PORT_A_REFLECT_PROMISC] ?
		  nla_get_u8(tb[GUESTLAN_PORT_A_REFLECT_PROMISC]) :
		  p->reflect_promisc;
	if (tb[GUESTLAN_PORT_A_ROLE] && reflect) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The role follows promiscuous mode (reflect_promisc)");
		err = -EPERM;
		goto out;
	}
	/* a role and non-default VNIC characteristics exclude each other */
	vnicc = p->vnicc;
	gl_vnicc_parse(tb, &vnicc);
	role = tb[GUESTLAN_PORT_A_ROLE] ? nla_get_u8(tb[GUESTLAN_PORT_A_ROLE]) :
					  p->role;
	if (role != GUESTLAN_BRIDGE_ROLE_NONE && !gl_vnicc_is_default(&vnicc)) {
		if (role == p->role)
			NL_SET_ERR_MSG_MOD(info->extack,
					   "VNIC characteristics cannot change on a port with a bridge-port role");
		else
			NL_SET_ERR_MSG_MOD(info->extack,
					   "VNIC characteristics other than the defaults are in use on this port");
		err = -EBUSY;
		goto out;
	}

	/* nothing changed so far: a role error leaves the port as it was */
	old = p->vnicc;
	gl_vnicc_write(p, &vnicc);
	if (tb[GUESTLAN_PORT_A_ROLE]) {
		err = gl_port_set_role(p, role, info->extack);
		if (err) {
			gl_vnicc_write(p, &old);
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
	if (tb[GUESTLAN_PORT_A_STACKED_TAGS])
		WRITE_ONCE(p->stacked_tags,
			   nla_get_u8(tb[GUESTLAN_PORT_A_STACKED_TAGS]));
	if (sample_change)
		gl_sample_replace(p, sample);
	sample = NULL;
	/* a reflecting port takes or drops its role now */
	if (tb[GUESTLAN_PORT_A_REFLECT_PROMISC]) {
		gl_promisc_update(p);
		gl_promisc_kick(p->sw);
	}
	gl_notify_port(p, false);
out:
	gl_sample_free(sample);
	return err;
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
};

static struct genl_family gl_genl_family __ro_after_init = {
	.name		= GUESTLAN_GENL_NAME,
	.version	= GUESTLAN_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	/* the ops (guestlan_nl_ops) with their request policies: at register */
	.mcgrps		= gl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(gl_mcgrps),
};

/*
 * Mirror sessions (mirror.c).  Every operation is admin-only: a session
 * tells who is watched and where the copies go.
 */

/* The size of session @m's message */
static size_t gl_mirror_size(const struct gl_mirror *m)
{
	size_t size = nla_total_size(sizeof(u32)) +		/* ifindex */
		      nla_total_size(0) +			/* mirror */
		      4 * nla_total_size(sizeof(u32)) +		/* id, dest, ... */
		      nla_total_size(sizeof(u8)) +		/* active */
		      nla_total_size(0) +			/* stats */
		      3 * nla_total_size_64bit(sizeof(u64));
	u16 vid, end;

	size += m->n_src * (nla_total_size(0) + 2 * nla_total_size(sizeof(u32)) +
			    nla_total_size(sizeof(u8)));
	if (m->erspan.version)
		size += nla_total_size(0) + 2 * nla_total_size(sizeof(u8)) +
			3 * nla_total_size(sizeof(u32));
	if (!m->all_vlans)
		for_each_set_bit(vid, m->vlans, VLAN_N_VID) {
			end = gl_bitmap_range_end(m->vlans, vid);
			size += gl_vlan_range_size(vid, end, false, false);
			vid = end;
		}
	return size;
}

static int gl_fill_mirror(struct sk_buff *skb, struct gl_switch *sw,
			  const struct gl_mirror *m,
			  struct netlink_callback *cb, u32 portid, u32 seq,
			  int flags)
{
	u64 mirrored, truncated, dropped;
	struct nlattr *nest, *n;
	unsigned int i;
	u16 vid, end;
	void *hdr;

	ASSERT_RTNL();
	hdr = gl_msg_put(skb, cb, portid, seq, flags, GUESTLAN_CMD_MIRROR_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, GUESTLAN_A_MIRROR);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_MIRROR_A_ID, m->id) ||
	    (m->dest_vid ?
	     nla_put_u16(skb, GUESTLAN_MIRROR_A_DEST_VID, m->dest_vid) :
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_DEST_IFINDEX, m->dest_ifindex)) ||
	    (m->snaplen &&
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_SNAPLEN, m->snaplen)) ||
	    (m->sample_rate &&
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_SAMPLE_RATE, m->sample_rate)) ||
	    nla_put_u8(skb, GUESTLAN_MIRROR_A_ACTIVE,
		       m->dest_vid || rtnl_dereference(m->dest)))
		goto cancel;
	if (m->erspan.version) {
		n = nla_nest_start(skb, GUESTLAN_MIRROR_A_ERSPAN);
		if (!n ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_ERSPAN_A_VERSION,
			       m->erspan.version) ||
		    nla_put_u32(skb, GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID,
				m->erspan.session_id) ||
		    nla_put_in_addr(skb, GUESTLAN_MIRROR_ERSPAN_A_REMOTE,
				    m->erspan.remote) ||
		    nla_put_in_addr(skb, GUESTLAN_MIRROR_ERSPAN_A_LOCAL,
				    m->erspan.local) ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_ERSPAN_A_TTL, m->erspan.ttl))
			goto cancel;
		nla_nest_end(skb, n);
	}
	for (i = 0; i < m->n_src; i++) {
		if (!m->src[i].port)
			continue;	/* gone */
		n = nla_nest_start(skb, GUESTLAN_MIRROR_A_SOURCE);
		if (!n ||
		    nla_put_u32(skb, GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX,
				m->src[i].port->dev->ifindex) ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_SOURCE_A_DIRECTION,
			       m->src[i].dir) ||
		    (m->erspan.version &&
		     nla_put_u32(skb, GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX,
				 gl_mirror_erspan_index(m, i))))
			goto cancel;
		nla_nest_end(skb, n);
	}
	if (!m->all_vlans)
		for_each_set_bit(vid, m->vlans, VLAN_N_VID) {
			end = gl_bitmap_range_end(m->vlans, vid);
			if (gl_put_vlan_range(skb, GUESTLAN_MIRROR_A_RANGE, vid,
					      end, false, false))
				goto cancel;
			vid = end;
		}
	gl_mirror_stats_read(m, &mirrored, &truncated, &dropped);
	n = nla_nest_start(skb, GUESTLAN_MIRROR_A_STATS);
	if (!n ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_MIRRORED, mirrored,
			      GUESTLAN_MIRROR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_TRUNCATED, truncated,
			      GUESTLAN_MIRROR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_DROPPED, dropped,
			      GUESTLAN_MIRROR_STATS_A_PAD))
		goto cancel;
	nla_nest_end(skb, n);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * What a mirror-add's nests carry that it may not -- a reply-only
 * attribute in a source, say -- is refused first, before a missing
 * attribute, so that the message names it.
 */
static int gl_mirror_add_nests_check(const struct nlattr *mirror,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *stb[GL_POLICY_MAX(guestlan_mirror_source_nl_policy) + 1];
	struct nlattr *etb[GL_POLICY_MAX(guestlan_mirror_erspan_nl_policy) + 1];
	const struct nlattr *a;
	int err, rem;

	nla_for_each_nested(a, mirror, rem) {
		if (nla_type(a) != GUESTLAN_MIRROR_A_SOURCE)
			continue;
		err = gl_req_parse(stb, a, guestlan_mirror_source_nl_policy,
				   &gl_req_mirror_add_mirror_source, extack);
		if (err)
			return err;
	}
	if (!tb[GUESTLAN_MIRROR_A_ERSPAN])
		return 0;
	return gl_req_parse(etb, tb[GUESTLAN_MIRROR_A_ERSPAN],
			    guestlan_mirror_erspan_nl_policy,
			    &gl_req_mirror_add_mirror_erspan, extack);
}

/* The request's mirror nest, required with its id, into @tb */
static int gl_mirror_attrs(struct genl_info *info, struct nlattr **tb,
			   const struct gl_req_nest *req)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GUESTLAN_A_MIRROR))
		return -EINVAL;
	err = gl_req_parse(tb, info->attrs[GUESTLAN_A_MIRROR],
			   guestlan_mirror_nl_policy, req, info->extack);
	if (err)
		return err;
	if (req == &gl_req_mirror_add_mirror) {
		err = gl_mirror_add_nests_check(info->attrs[GUESTLAN_A_MIRROR],
						tb, info->extack);
		if (err)
			return err;
	}
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[GUESTLAN_A_MIRROR], tb,
			      GUESTLAN_MIRROR_A_ID))
		return -EINVAL;
	return 0;
}

/* May @p be the destination of a session?  Not if it has another use */
static int gl_mirror_dest_ok(const struct gl_port *p, const struct nlattr *attr,
			     struct netlink_ext_ack *extack)
{
	if (rtnl_dereference(p->grant))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port holds a promiscuous grant");
	else if (p->role != GUESTLAN_BRIDGE_ROLE_NONE)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port has a bridge-port role");
	else if (p->mirror_rx || p->mirror_tx)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port is a source of a mirror session");
	else
		return 0;
	return -EBUSY;
}

/*
 * The ERSPAN tunnel of session @m (@tb: the mirror nest) to port @dest:
 * with an erspan nest, @dest must be an external erspan device, and an
 * external erspan device takes nothing but ERSPAN sessions (it drops a
 * frame without tunnel metadata).
 */
static int gl_mirror_erspan_parse(struct gl_mirror *m, struct nlattr **tb,
				  const struct gl_port *dest,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *e[GL_POLICY_MAX(guestlan_mirror_erspan_nl_policy) + 1];
	struct nlattr *a = tb[GUESTLAN_MIRROR_A_ERSPAN];
	int err;

	if (!a) {
		if (dest && gl_mirror_erspan_dev(dest->dev)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					    "The destination is an external erspan device: the session needs mirror.erspan");
			return -EINVAL;
		}
		return 0;
	}
	if (!dest) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "mirror.erspan needs a destination port (dest-ifindex), not an RSPAN VLAN");
		return -EINVAL;
	}
	if (!gl_mirror_erspan_dev(dest->dev)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
				    "mirror.erspan needs an erspan device in external mode (ip link add NAME type erspan external) as the destination");
		return -EINVAL;
	}
	err = gl_req_parse(e, a, guestlan_mirror_erspan_nl_policy,
			   &gl_req_mirror_add_mirror_erspan, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, a, e, GUESTLAN_MIRROR_ERSPAN_A_VERSION) ||
	    NL_REQ_ATTR_CHECK(extack, a, e, GUESTLAN_MIRROR_ERSPAN_A_REMOTE)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "mirror.erspan needs version and remote (the analyzer's address)");
		return -EINVAL;
	}
	m->erspan.version = nla_get_u8(e[GUESTLAN_MIRROR_ERSPAN_A_VERSION]);
	m->erspan.remote = nla_get_in_addr(e[GUESTLAN_MIRROR_ERSPAN_A_REMOTE]);
	if (!m->erspan.remote) {
		NL_SET_ERR_MSG_ATTR(extack, e[GUESTLAN_MIRROR_ERSPAN_A_REMOTE],
				    "The ERSPAN remote address is 0.0.0.0");
		return -EINVAL;
	}
	if (e[GUESTLAN_MIRROR_ERSPAN_A_LOCAL])
		m->erspan.local = nla_get_in_addr(e[GUESTLAN_MIRROR_ERSPAN_A_LOCAL]);
	if (e[GUESTLAN_MIRROR_ERSPAN_A_TTL])
		m->erspan.ttl = nla_get_u8(e[GUESTLAN_MIRROR_ERSPAN_A_TTL]);
	m->erspan.session_id = e[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID] ?
		nla_get_u32(e[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID]) : m->id;
	return 0;
}

/* Can the ERSPAN header of @m (sources added) name every source? */
static int gl_mirror_erspan_check(const struct gl_mirror *m,
				  struct nlattr *a,
				  struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (m->erspan.version == 2 && m->n_src > 64) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "An ERSPAN version 2 session has at most 64 sources (the 6-bit hardware id)");
		return -EINVAL;
	}
	if (m->erspan.version == 1)
		for (i = 0; i < m->n_src; i++)
			if (m->src[i].port->dev->ifindex >= BIT(20)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "A source's ifindex does not fit ERSPAN version 1's 20-bit index");
				return -ERANGE;
			}
	return 0;
}

/* Add source @a (a mirror-source nest) to @m */
static int gl_mirror_add_src(struct gl_switch *sw, struct gl_mirror *m,
			     const struct gl_port *dest, struct nlattr *a,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_source_nl_policy) + 1];
	struct gl_port *p;
	unsigned int i;
	int err;

	err = gl_req_parse(tb, a, guestlan_mirror_source_nl_policy,
			   &gl_req_mirror_add_mirror_source, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, a, tb, GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX))
		return -EINVAL;
	p = gl_port_from_attr(sw, tb[GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX],
			      true, extack);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (p == dest) {
		NL_SET_ERR_MSG_ATTR(extack, a, "The destination port cannot be a source");
		return -EINVAL;
	}
	if (p->mirror_dest) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "The port is a mirror session's destination: it cannot be a source");
		return -EBUSY;
	}
	for (i = 0; i < m->n_src; i++)
		if (m->src[i].port == p) {
			NL_SET_ERR_MSG_ATTR(extack, a, "The port is a source of this session twice");
			return -EINVAL;
		}
	m->src[m->n_src].port = p;
	m->src[m->n_src++].dir = tb[GUESTLAN_MIRROR_SOURCE_A_DIRECTION] ?
		nla_get_u8(tb[GUESTLAN_MIRROR_SOURCE_A_DIRECTION]) :
		GUESTLAN_MIRROR_DIRECTION_BOTH;
	return 0;
}

int guestlan_nl_mirror_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_nl_policy) + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *dest = NULL;
	unsigned int n_src = 0;
	struct gl_mirror *m;
	struct nlattr *a;
	int err, rem;
	u32 id;

	err = gl_mirror_attrs(info, tb, &gl_req_mirror_add_mirror);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, info->attrs[GUESTLAN_A_MIRROR], tb,
			      GUESTLAN_MIRROR_A_SOURCE))
		return -EINVAL;
	if (!tb[GUESTLAN_MIRROR_A_DEST_IFINDEX] == !tb[GUESTLAN_MIRROR_A_DEST_VID]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A session has one destination: dest-ifindex (a port) or dest-vid (an RSPAN VLAN)");
		return -EINVAL;
	}
	id = nla_get_u32(tb[GUESTLAN_MIRROR_A_ID]);
	if (rtnl_dereference(sw->mirrors[id - 1])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_ID],
				    "The mirror session exists");
		return -EEXIST;
	}
	if (tb[GUESTLAN_MIRROR_A_DEST_IFINDEX]) {
		dest = gl_port_from_attr(sw, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					 false, extack);
		if (IS_ERR(dest))
			return PTR_ERR(dest);
		err = gl_mirror_dest_ok(dest, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					extack);
		if (err)
			return err;
	}
	if (tb[GUESTLAN_MIRROR_A_SNAPLEN] &&
	    nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]) &&
	    nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]) < ETH_HLEN) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_SNAPLEN],
				    "snaplen is 0 (whole frames) or at least 14 (an Ethernet header)");
		return -EINVAL;
	}

	nla_for_each_nested(a, info->attrs[GUESTLAN_A_MIRROR], rem)
		n_src += nla_type(a) == GUESTLAN_MIRROR_A_SOURCE;
	m = gl_mirror_alloc(n_src);
	if (!m)
		return -ENOMEM;
	m->id = id;
	if (dest) {
		m->dest_ifindex = dest->dev->ifindex;
		RCU_INIT_POINTER(m->dest, dest);
	} else {
		m->dest_vid = nla_get_u16(tb[GUESTLAN_MIRROR_A_DEST_VID]);
	}
	err = gl_mirror_erspan_parse(m, tb, dest, extack);
	if (err)
		goto err;
	if (tb[GUESTLAN_MIRROR_A_SNAPLEN])
		m->snaplen = nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]);
	if (tb[GUESTLAN_MIRROR_A_SAMPLE_RATE])
		m->sample_rate = nla_get_u32(tb[GUESTLAN_MIRROR_A_SAMPLE_RATE]);
	nla_for_each_nested(a, info->attrs[GUESTLAN_A_MIRROR], rem) {
		if (nla_type(a) == GUESTLAN_MIRROR_A_VID) {
			set_bit(nla_get_u16(a), m->vlans);
			m->all_vlans = false;
		} else if (nla_type(a) == GUESTLAN_MIRROR_A_SOURCE) {
			err = gl_mirror_add_src(sw, m, dest, a, extack);
			if (err)
				goto err;
		}
	}
	if (m->dest_vid && !m->all_vlans && test_bit(m->dest_vid, m->vlans)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_VID],
				    "The session's VLANs include its own RSPAN VLAN");
		err = -EINVAL;
		goto err;
	}
	if (nlmsg_total_size(GENL_HDRLEN + gl_mirror_size(m)) > NLMSG_GOODSIZE) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The session's sources and VLAN ranges would not fit in one netlink message: use wider VLAN ranges");
		err = -EMSGSIZE;
		goto err;
	}
	if (m->erspan.version) {
		err = gl_mirror_erspan_check(m, tb[GUESTLAN_MIRROR_A_ERSPAN],
					     extack) ?:
		      gl_mirror_erspan_init(m);
		if (err)
			goto err;
	}
	gl_mirror_add(sw, m);
	return 0;
err:
	gl_mirror_free(m);
	return err;
}

/* The session the request's mirror.id names */
static struct gl_mirror *gl_mirror_find(struct genl_info *info,
					const struct gl_req_nest *req)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_nl_policy) + 1];
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_mirror *m;
	int err;

	err = gl_mirror_attrs(info, tb, req);
	if (err)
		return ERR_PTR(err);
	m = rtnl_dereference(sw->mirrors[nla_get_u32(tb[GUESTLAN_MIRROR_A_ID]) - 1]);
	if (!m) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_MIRROR_A_ID],
				    "No such mirror session");
		return ERR_PTR(-ENOENT);
	}
	return m;
}

int guestlan_nl_mirror_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_mirror *m = gl_mirror_find(info, &gl_req_mirror_del_mirror);

	if (IS_ERR(m))
		return PTR_ERR(m);
	gl_mirror_del(gl_info_sw(info), m);
	return 0;
}

int guestlan_nl_mirror_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_mirror *m = gl_mirror_find(info, &gl_req_mirror_get_mirror);
	struct sk_buff *msg;

	if (IS_ERR(m))
		return PTR_ERR(m);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	return gl_reply(info, msg,
			gl_fill_mirror(msg, gl_info_sw(info), m, NULL,
				       info->snd_portid, info->snd_seq, 0));
}

/* cb->args[0]: the session ids done (sessions are few and keyed by id) */
int guestlan_nl_mirror_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	struct nlattr **attrs = gl_compat_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct gl_switch *sw;
	struct gl_mirror *m;
	int err = 0;
	long id;

	rtnl_lock();
	sw = gl_switch_from_attrs(net, attrs, cb->extack);
	if (IS_ERR(sw)) {
		err = PTR_ERR(sw);
		goto out;
	}
	for (id = cb->args[0]; id < GUESTLAN_MIRROR_MAX; id++) {
		m = rtnl_dereference(sw->mirrors[id]);
		if (!m)
			continue;
		err = gl_fill_mirror(skb, sw, m, cb, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			break;
	}
	cb->args[0] = id;
out:
	rtnl_unlock();
	return err && !skb->len ? err : skb->len;
}

int gl_genl_init(void)
{
	return gl_compat_genl_register(&gl_genl_family, guestlan_nl_ops,
				       ARRAY_SIZE(guestlan_nl_ops));
}

void gl_genl_exit(void)
{
	genl_unregister_family(&gl_genl_family);
}
