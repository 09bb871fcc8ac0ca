/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels guestlan is built for (6.1 .. 6.12).
 * Every version test of the module lives here.
 */
#ifndef _GUESTLAN_COMPAT_H
#define _GUESTLAN_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/ip_tunnels.h>
/* 6.5 moved skb_gso_segment() out of netdevice.h */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

static inline void gl_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
#endif
}

/* Tunnel metadata with ERSPAN options (6.10 made tun_flags a bitmap) */
static inline void gl_compat_tun_flags_erspan(struct ip_tunnel_info *info)
{
#ifdef IP_TUNNEL_DECLARE_FLAGS
	__set_bit(IP_TUNNEL_KEY_BIT, info->key.tun_flags);
	__set_bit(IP_TUNNEL_ERSPAN_OPT_BIT, info->key.tun_flags);
#else
	info->key.tun_flags = TUNNEL_KEY | TUNNEL_ERSPAN_OPT;
#endif
}

/* Request attributes of a dump (6.2 turned genl_dumpit_info into a genl_info) */
static inline struct nlattr **gl_compat_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/*
 * Generic netlink operations.  The ops table generated from the spec
 * (netlink-gen.c, kernel-policy: split) is made of genl_split_ops: one
 * entry per do and per dump, each with its own request policy and the
 * do's pre_doit/post_doit.  6.2 added them; on 6.1 this file has the
 * struct (netlink-gen.c is compiled with -include compat.h) and
 * gl_compat_genl_register() turns the table into 6.1's genl_ops, one per
 * command: its policy is the do's (or the dump's for a dump-only
 * command), gl_compat_dumpit() holds a dump to the dump's own policy, and
 * the family's pre_doit/post_doit call the do's.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
static inline int gl_compat_genl_register(struct genl_family *family,
					  const struct genl_split_ops *split,
					  unsigned int n)
{
	family->split_ops = split;
	family->n_split_ops = n;
	return genl_register_family(family);
}
#else
struct genl_split_ops {
	union {
		struct {
			int (*pre_doit)(const struct genl_split_ops *ops,
					struct sk_buff *skb,
					struct genl_info *info);
			int (*doit)(struct sk_buff *skb,
				    struct genl_info *info);
			void (*post_doit)(const struct genl_split_ops *ops,
					  struct sk_buff *skb,
					  struct genl_info *info);
		};
		struct {
			int (*start)(struct netlink_callback *cb);
			int (*dumpit)(struct sk_buff *skb,
				      struct netlink_callback *cb);
			int (*done)(struct netlink_callback *cb);
		};
	};
	const struct nla_policy *policy;
	unsigned int		maxattr;
	u8			cmd;
	u8			internal_flags;
	u8			flags;
	u8			validate;
};

#define GL_COMPAT_MAX_CMDS	32

/* What gl_compat_genl_register() registered (only netlink.c calls it) */
struct gl_compat_genl {
	const struct genl_split_ops *split;
	unsigned int n;
	struct genl_ops ops[GL_COMPAT_MAX_CMDS];
};

static inline struct gl_compat_genl *gl_compat_genl(void)
{
	static struct gl_compat_genl state;

	return &state;
}

static inline const struct genl_split_ops *gl_compat_split(u8 cmd, u8 cap)
{
	const struct gl_compat_genl *g = gl_compat_genl();
	unsigned int i;

	for (i = 0; i < g->n; i++)
		if (g->split[i].cmd == cmd && (g->split[i].flags & cap))
			return &g->split[i];
	return NULL;
}

static inline int gl_compat_pre_doit(const struct genl_ops *ops,
				     struct sk_buff *skb,
				     struct genl_info *info)
{
	const struct genl_split_ops *op = gl_compat_split(ops->cmd,
							  GENL_CMD_CAP_DO);

	return op && op->pre_doit ? op->pre_doit(op, skb, info) : 0;
}

static inline void gl_compat_post_doit(const struct genl_ops *ops,
				       struct sk_buff *skb,
				       struct genl_info *info)
{
	const struct genl_split_ops *op = gl_compat_split(ops->cmd,
							  GENL_CMD_CAP_DO);

	if (op && op->post_doit)
		op->post_doit(op, skb, info);
}

/*
 * A dump's attributes against the dump's own policy (6.1 parsed them with
 * the command's, the do's), on the first dumpit call: 6.1 gives a start
 * callback no extack, a dumpit's error reaches userspace with its message.
 * The handlers leave cb->args[GL_COMPAT_DUMP_ARG] to this.
 */
#define GL_COMPAT_DUMP_ARG	5

static inline int gl_compat_dumpit(struct sk_buff *skb,
				   struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	int hdrlen = GENL_HDRLEN + info->family->hdrsize;
	const struct genl_split_ops *op;
	int err;

	op = gl_compat_split(info->op.cmd, GENL_CMD_CAP_DUMP);
	if (!op)
		return -EOPNOTSUPP;
	if (!cb->args[GL_COMPAT_DUMP_ARG]) {
		if (!op->policy && nlmsg_attrlen(cb->nlh, hdrlen)) {
			NL_SET_ERR_MSG_ATTR(cb->extack,
					    nlmsg_attrdata(cb->nlh, hdrlen),
					    "Unknown attribute type");
			return -EINVAL;
		}
		if (op->policy && op->policy != info->op.policy) {
			err = __nla_validate(nlmsg_attrdata(cb->nlh, hdrlen),
					     nlmsg_attrlen(cb->nlh, hdrlen),
					     op->maxattr, op->policy,
					     NL_VALIDATE_STRICT, cb->extack);
			if (err)
				return err;
		}
		cb->args[GL_COMPAT_DUMP_ARG] = 1;
	}
	return op->dumpit(skb, cb);
}

static inline int gl_compat_genl_register(struct genl_family *family,
					  const struct genl_split_ops *split,
					  unsigned int n)
{
	struct gl_compat_genl *g = gl_compat_genl();
	const struct genl_split_ops *s;
	struct genl_ops *o = NULL;
	unsigned int i, n_ops = 0;

	g->split = split;
	g->n = n;
	for (i = 0; i < n; i++) {
		s = &split[i];
		if (!o || o->cmd != s->cmd) {
			if (n_ops == GL_COMPAT_MAX_CMDS)
				return -E2BIG;
			o = &g->ops[n_ops++];
			o->cmd = s->cmd;
		}
		o->flags |= s->flags & ~(GENL_CMD_CAP_DO | GENL_CMD_CAP_DUMP);
		if (s->flags & GENL_CMD_CAP_DO) {
			o->doit = s->doit;
			o->policy = s->policy;
			o->maxattr = s->maxattr;
		} else {
			o->dumpit = gl_compat_dumpit;
			o->start = s->start;
			o->done = s->done;
			if (!o->doit) {
				o->policy = s->policy;
				o->maxattr = s->maxattr;
			}
		}
	}
	family->ops = g->ops;
	family->n_ops = n_ops;
	family->pre_doit = gl_compat_pre_doit;
	family->post_doit = gl_compat_post_doit;
	return genl_register_family(family);
}
#endif

#endif /* _GUESTLAN_COMPAT_H */
