/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "guestlan" generic netlink family, private to its files: the core
 * (netlink.c: the family, pre/post doit, request parsing, resolvers, the
 * dump iterator, shared attribute helpers) and one file per object:
 * netlink-switch.c, netlink-port.c (ports, their VLANs and grants),
 * netlink-fdb.c, netlink-mirror.c, netlink-hostnotify.c.
 */
#ifndef _GUESTLAN_NETLINK_H
#define _GUESTLAN_NETLINK_H

#include <net/genetlink.h>
#include <net/netlink.h>
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

extern struct genl_family gl_genl_family;

/* What pre_doit resolved: the switch (ifindex), the port (port.ifindex) */
#define gl_info_sw(info)	((struct gl_switch *)(info)->user_ptr[0])
#define gl_info_port(info)	((struct gl_port *)(info)->user_ptr[1])

/* Requests */
int gl_req_parse_nested(struct nlattr **tb, unsigned int max,
			const struct nlattr *nest,
			const struct nla_policy *policy,
			const struct gl_req_nest *req,
			struct netlink_ext_ack *extack);
/* Parse the nest @nest with @policy into @tb and apply @req */
#define gl_req_parse(tb, nest, policy, req, extack)			\
	gl_req_parse_nested(tb, GL_POLICY_MAX(policy), nest, policy, req, extack)
struct nlattr **gl_port_attrs(struct genl_info *info, struct nlattr **tb);
struct gl_switch *gl_switch_get(struct net *net, const struct nlattr *attr,
				struct netlink_ext_ack *extack);
struct gl_port *gl_port_from_attr(struct gl_switch *sw,
				  const struct nlattr *attr, bool host_ok,
				  struct netlink_ext_ack *extack);

/* Messages */
void *gl_msg_put(struct sk_buff *skb, struct netlink_callback *cb,
		 u32 portid, u32 seq, int flags, u8 cmd);
int gl_reply(struct genl_info *info, struct sk_buff *msg, int err);
struct sk_buff *gl_event_new(struct net *net, size_t size);
void gl_event_send(struct net *net, struct sk_buff *skb, int err);

/*
 * Dumps.  A dump walks the switches of the netns (only the one its
 * ifindex names, if any) and, in each, its objects; the cursor in
 * cb->ctx says how far it got.  @one puts the objects of @sw from
 * @gl_dump_ctx.pos on, advancing it; on -EMSGSIZE the next round goes on
 * from there.
 */
struct gl_dump_ctx {
	long	sw;		/* switches done */
	long	pos;		/* objects of the current switch done */
};

static inline struct gl_dump_ctx *gl_dump_ctx(struct netlink_callback *cb)
{
	BUILD_BUG_ON(sizeof(struct gl_dump_ctx) > sizeof(cb->ctx));
	return (struct gl_dump_ctx *)cb->ctx;
}

typedef int (*gl_dump_one_t)(struct sk_buff *skb, struct netlink_callback *cb,
			     struct gl_switch *sw);
int gl_dump_switches(struct sk_buff *skb, struct netlink_callback *cb,
		     bool need_switch, gl_dump_one_t one);

/* A dump's message of @cmd */
static inline void *gl_dump_put(struct sk_buff *skb,
				struct netlink_callback *cb, u8 cmd)
{
	return gl_msg_put(skb, cb, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, NLM_F_MULTI, cmd);
}

/* Attributes shared by the objects, each with its size */
int gl_put_stats(struct sk_buff *skb, int type, const struct gl_stats *s);
size_t gl_stats_size(void);
int gl_put_vlan_range(struct sk_buff *skb, int type, u16 vid, u16 end,
		      bool pvid, bool untagged);
size_t gl_vlan_range_size(u16 vid, u16 end, bool pvid, bool untagged);
int gl_put_vid_ranges(struct sk_buff *skb, int type, const unsigned long *vids);
size_t gl_vid_ranges_size(const unsigned long *vids);
int gl_put_vid_pairs(struct sk_buff *skb, int type, const unsigned long *vids);
size_t gl_vid_pairs_size(const unsigned long *vids);
/* gl_put_vid_pairs()' attribute at most: 2047 runs in VIDs 1..4094 */
#define GL_VID_PAIRS_MAX	nla_total_size(((VLAN_N_VID - 2) / 2) * 2 * sizeof(u16))

/* netlink-port.c */
size_t gl_port_size(const struct gl_port *p);
bool gl_port_size_bounded(void);

#endif /* _GUESTLAN_NETLINK_H */
