/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	specs/guestlan.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_GUESTLAN_GEN_H
#define _LINUX_GUESTLAN_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/guestlan_netlink.h>

/* Common nested types */
extern const struct nla_policy guestlan_fdb_nl_policy[GUESTLAN_FDB_A_AGE + 1];
extern const struct nla_policy guestlan_grant_nl_policy[GUESTLAN_GRANT_A_VLAN_RANGES + 1];
extern const struct nla_policy guestlan_mac_guard_nl_policy[GUESTLAN_MAC_GUARD_A_STICKY_MAC + 1];
extern const struct nla_policy guestlan_mirror_nl_policy[GUESTLAN_MIRROR_A_ERSPAN + 1];
extern const struct nla_policy guestlan_mirror_erspan_nl_policy[GUESTLAN_MIRROR_ERSPAN_A_TTL + 1];
extern const struct nla_policy guestlan_mirror_source_nl_policy[GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX + 1];
extern const struct nla_policy guestlan_mirror_stats_nl_policy[GUESTLAN_MIRROR_STATS_A_DROPPED + 1];
extern const struct nla_policy guestlan_port_nl_policy[GUESTLAN_PORT_A_UNTAGGED_RANGES + 1];
extern const struct nla_policy guestlan_stats_nl_policy[GUESTLAN_STATS_A_DROP_ND_GUARD + 1];
extern const struct nla_policy guestlan_vlan_nl_policy[GUESTLAN_VLAN_A_VID_END + 1];

/* Ops table for guestlan */
extern const struct genl_split_ops guestlan_nl_ops[18];

int gl_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info);
int gl_nl_pre_doit_port(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info);
int gl_nl_pre_doit_guest(const struct genl_split_ops *ops, struct sk_buff *skb,
			 struct genl_info *info);
void
gl_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		struct genl_info *info);
int gl_nl_port_dump_start(struct netlink_callback *cb);

int guestlan_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_switch_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);
int guestlan_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_port_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int guestlan_nl_fdb_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb);
int guestlan_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_vlan_add_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_vlan_del_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_grant_set_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_grant_del_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_mirror_add_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_mirror_del_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_mirror_get_doit(struct sk_buff *skb, struct genl_info *info);
int guestlan_nl_mirror_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb);

enum {
	GUESTLAN_NLGRP_EVENTS,
	GUESTLAN_NLGRP_HOSTNOTIFY,
	GUESTLAN_NLGRP_GUARD,
};

#endif /* _LINUX_GUESTLAN_GEN_H */
