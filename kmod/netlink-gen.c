// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	specs/guestlan.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "netlink-gen.h"

#include <uapi/linux/guestlan_netlink.h>

/* Integer value ranges */
static const struct netlink_range_validation guestlan_a_ageing_time_range = {
	.min	= 1ULL,
	.max	= 1000000ULL,
};

static const struct netlink_range_validation guestlan_port_a_learning_timeout_range = {
	.max	= 1000000ULL,
};

static const struct netlink_range_validation guestlan_port_a_sample_trunc_range = {
	.max	= 65535ULL,
};

static const struct netlink_range_validation guestlan_mirror_a_snaplen_range = {
	.max	= 65535ULL,
};

/* Common nested types */
const struct nla_policy guestlan_fdb_nl_policy[GUESTLAN_FDB_A_AGE + 1] = {
	[GUESTLAN_FDB_A_MAC] = NLA_POLICY_EXACT_LEN(6),
	[GUESTLAN_FDB_A_VID] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
	[GUESTLAN_FDB_A_PORT_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_FDB_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x3),
	[GUESTLAN_FDB_A_AGE] = { .type = NLA_U32, },
};

const struct nla_policy guestlan_grant_nl_policy[GUESTLAN_GRANT_A_VLAN_RANGES + 1] = {
	[GUESTLAN_GRANT_A_VID] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
	[GUESTLAN_GRANT_A_UID] = { .type = NLA_U32, },
	[GUESTLAN_GRANT_A_GID] = { .type = NLA_U32, },
	[GUESTLAN_GRANT_A_RANGE] = NLA_POLICY_NESTED(guestlan_vlan_nl_policy),
	[GUESTLAN_GRANT_A_VLAN_RANGES] = { .type = NLA_BINARY, },
};

const struct nla_policy guestlan_mac_guard_nl_policy[GUESTLAN_MAC_GUARD_A_STICKY_MAC + 1] = {
	[GUESTLAN_MAC_GUARD_A_MAC] = NLA_POLICY_EXACT_LEN(6),
	[GUESTLAN_MAC_GUARD_A_STICKY] = NLA_POLICY_MAX(NLA_U8, GUESTLAN_MAC_GUARD_MAX),
	[GUESTLAN_MAC_GUARD_A_STICKY_MAC] = NLA_POLICY_EXACT_LEN(6),
};

const struct nla_policy guestlan_mirror_nl_policy[GUESTLAN_MIRROR_A_ERSPAN + 1] = {
	[GUESTLAN_MIRROR_A_ID] = NLA_POLICY_RANGE(NLA_U32, 1, GUESTLAN_MIRROR_MAX),
	[GUESTLAN_MIRROR_A_SOURCE] = NLA_POLICY_NESTED(guestlan_mirror_source_nl_policy),
	[GUESTLAN_MIRROR_A_VID] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
	[GUESTLAN_MIRROR_A_DEST_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_MIRROR_A_DEST_VID] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
	[GUESTLAN_MIRROR_A_SNAPLEN] = NLA_POLICY_FULL_RANGE(NLA_U32, &guestlan_mirror_a_snaplen_range),
	[GUESTLAN_MIRROR_A_SAMPLE_RATE] = { .type = NLA_U32, },
	[GUESTLAN_MIRROR_A_ACTIVE] = { .type = NLA_U8, },
	[GUESTLAN_MIRROR_A_RANGE] = NLA_POLICY_NESTED(guestlan_vlan_nl_policy),
	[GUESTLAN_MIRROR_A_STATS] = NLA_POLICY_NESTED(guestlan_mirror_stats_nl_policy),
	[GUESTLAN_MIRROR_A_ERSPAN] = NLA_POLICY_NESTED(guestlan_mirror_erspan_nl_policy),
};

const struct nla_policy guestlan_mirror_erspan_nl_policy[GUESTLAN_MIRROR_ERSPAN_A_TTL + 1] = {
	[GUESTLAN_MIRROR_ERSPAN_A_VERSION] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID] = NLA_POLICY_MAX(NLA_U32, 1023),
	[GUESTLAN_MIRROR_ERSPAN_A_REMOTE] = { .type = NLA_U32, },
	[GUESTLAN_MIRROR_ERSPAN_A_LOCAL] = { .type = NLA_U32, },
	[GUESTLAN_MIRROR_ERSPAN_A_TTL] = { .type = NLA_U8, },
};

const struct nla_policy guestlan_mirror_source_nl_policy[GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX + 1] = {
	[GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_MIRROR_SOURCE_A_DIRECTION] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX] = { .type = NLA_U32, },
};

const struct nla_policy guestlan_mirror_stats_nl_policy[GUESTLAN_MIRROR_STATS_A_DROPPED + 1] = {
	[GUESTLAN_MIRROR_STATS_A_MIRRORED] = { .type = NLA_U64, },
	[GUESTLAN_MIRROR_STATS_A_TRUNCATED] = { .type = NLA_U64, },
	[GUESTLAN_MIRROR_STATS_A_DROPPED] = { .type = NLA_U64, },
};

const struct nla_policy guestlan_port_nl_policy[GUESTLAN_PORT_A_UNTAGGED_RANGES + 1] = {
	[GUESTLAN_PORT_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_PORT_A_IFNAME] = { .type = NLA_NUL_STRING, .len = 15, },
	[GUESTLAN_PORT_A_STATS] = NLA_POLICY_NESTED(guestlan_stats_nl_policy),
	[GUESTLAN_PORT_A_OPER_UP] = { .type = NLA_U8, },
	[GUESTLAN_PORT_A_REMOVED] = { .type = NLA_FLAG, },
	[GUESTLAN_PORT_A_PVID] = { .type = NLA_U16, },
	[GUESTLAN_PORT_A_VLAN] = NLA_POLICY_NESTED(guestlan_vlan_nl_policy),
	[GUESTLAN_PORT_A_PROMISC_STATE] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_PROMISC_PREV_STATE] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_GRANT] = NLA_POLICY_NESTED(guestlan_grant_nl_policy),
	[GUESTLAN_PORT_A_FLOODING] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_MCAST_FLOODING] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_RX_BCAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_LEARNING] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_LEARNING_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &guestlan_port_a_learning_timeout_range),
	[GUESTLAN_PORT_A_TAKEOVER_LEARNING] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_TAKEOVER_SETVMAC] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_BRIDGE_INVISIBLE] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_MAX_LEARNED] = { .type = NLA_U32, },
	[GUESTLAN_PORT_A_N_LEARNED] = { .type = NLA_U32, },
	[GUESTLAN_PORT_A_ROLE] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_BRIDGE_STATE] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_PREV_BRIDGE_STATE] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_REFLECT_PROMISC] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_HOSTNOTIFY] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_SAMPLE_RATE] = { .type = NLA_U32, },
	[GUESTLAN_PORT_A_SAMPLE_GROUP] = { .type = NLA_U32, },
	[GUESTLAN_PORT_A_SAMPLE_DIRECTION] = NLA_POLICY_MAX(NLA_U8, 2),
	[GUESTLAN_PORT_A_SAMPLE_TRUNC] = NLA_POLICY_FULL_RANGE(NLA_U32, &guestlan_port_a_sample_trunc_range),
	[GUESTLAN_PORT_A_STACKED_TAGS] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_UPLINK] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_PORT_A_MAC_GUARD] = NLA_POLICY_NESTED(guestlan_mac_guard_nl_policy),
	[GUESTLAN_PORT_A_VLAN_RANGES] = { .type = NLA_BINARY, },
	[GUESTLAN_PORT_A_UNTAGGED_RANGES] = { .type = NLA_BINARY, },
};

const struct nla_policy guestlan_stats_nl_policy[GUESTLAN_STATS_A_DROP_ND_GUARD + 1] = {
	[GUESTLAN_STATS_A_RX_PACKETS] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_RX_BYTES] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_TX_PACKETS] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_TX_BYTES] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_FLOODED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_RUNT] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_BAD_SRC] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_VLAN] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_LOOP] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_DOWN] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_MTU] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_NOMEM] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_LEARN_REFUSED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_PROMISC_TX] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_PROMISC_DENIED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_FILTERED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_RX_ACCEPTED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_SAMPLED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_FORGED_SRC] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_LEARN_DAMPENED] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_STACKED_TAG] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_MAC_GUARD] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_ARP_GUARD] = { .type = NLA_U64, },
	[GUESTLAN_STATS_A_DROP_ND_GUARD] = { .type = NLA_U64, },
};

const struct nla_policy guestlan_vlan_nl_policy[GUESTLAN_VLAN_A_VID_END + 1] = {
	[GUESTLAN_VLAN_A_VID] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
	[GUESTLAN_VLAN_A_PVID] = { .type = NLA_FLAG, },
	[GUESTLAN_VLAN_A_UNTAGGED] = { .type = NLA_FLAG, },
	[GUESTLAN_VLAN_A_VID_END] = NLA_POLICY_RANGE(NLA_U16, 1, GUESTLAN_VID_MAX),
};

/* GUESTLAN_CMD_SWITCH_GET - do */
static const struct nla_policy guestlan_switch_get_do_nl_policy[GUESTLAN_A_IFINDEX + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
};

/* GUESTLAN_CMD_SWITCH_GET - dump */
static const struct nla_policy guestlan_switch_get_dump_nl_policy[GUESTLAN_A_IFINDEX + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
};

/* GUESTLAN_CMD_SWITCH_SET - do */
static const struct nla_policy guestlan_switch_set_nl_policy[GUESTLAN_A_HOST_TRACE + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_AGEING_TIME] = NLA_POLICY_FULL_RANGE(NLA_U32, &guestlan_a_ageing_time_range),
	[GUESTLAN_A_MAX_LEARNED] = { .type = NLA_U32, },
	[GUESTLAN_A_UNKNOWN_UNICAST] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_A_MAC_MOVES] = NLA_POLICY_MAX(NLA_U8, 1),
	[GUESTLAN_A_PORT_TEMPLATE] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
	[GUESTLAN_A_HOST_TRACE] = NLA_POLICY_MAX(NLA_U8, 2),
};

/* GUESTLAN_CMD_PORT_GET - do */
static const struct nla_policy guestlan_port_get_do_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_PORT_GET - dump */
static const struct nla_policy guestlan_port_get_dump_nl_policy[GUESTLAN_A_IFINDEX + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
};

/* GUESTLAN_CMD_FDB_GET - dump */
static const struct nla_policy guestlan_fdb_get_nl_policy[GUESTLAN_A_FDB + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_FDB] = NLA_POLICY_NESTED(guestlan_fdb_nl_policy),
};

/* GUESTLAN_CMD_FDB_ADD - do */
static const struct nla_policy guestlan_fdb_add_nl_policy[GUESTLAN_A_FDB + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_FDB] = NLA_POLICY_NESTED(guestlan_fdb_nl_policy),
};

/* GUESTLAN_CMD_FDB_DEL - do */
static const struct nla_policy guestlan_fdb_del_nl_policy[GUESTLAN_A_FDB + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_FDB] = NLA_POLICY_NESTED(guestlan_fdb_nl_policy),
};

/* GUESTLAN_CMD_FDB_FLUSH - do */
static const struct nla_policy guestlan_fdb_flush_nl_policy[GUESTLAN_A_FLUSH_STATIC + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_FDB] = NLA_POLICY_NESTED(guestlan_fdb_nl_policy),
	[GUESTLAN_A_FLUSH_STATIC] = { .type = NLA_FLAG, },
};

/* GUESTLAN_CMD_VLAN_ADD - do */
static const struct nla_policy guestlan_vlan_add_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_VLAN_DEL - do */
static const struct nla_policy guestlan_vlan_del_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_GRANT_SET - do */
static const struct nla_policy guestlan_grant_set_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_GRANT_DEL - do */
static const struct nla_policy guestlan_grant_del_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_PORT_SET - do */
static const struct nla_policy guestlan_port_set_nl_policy[GUESTLAN_A_PORT + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_PORT] = NLA_POLICY_NESTED(guestlan_port_nl_policy),
};

/* GUESTLAN_CMD_MIRROR_ADD - do */
static const struct nla_policy guestlan_mirror_add_nl_policy[GUESTLAN_A_MIRROR + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_MIRROR] = NLA_POLICY_NESTED(guestlan_mirror_nl_policy),
};

/* GUESTLAN_CMD_MIRROR_DEL - do */
static const struct nla_policy guestlan_mirror_del_nl_policy[GUESTLAN_A_MIRROR + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_MIRROR] = NLA_POLICY_NESTED(guestlan_mirror_nl_policy),
};

/* GUESTLAN_CMD_MIRROR_GET - do */
static const struct nla_policy guestlan_mirror_get_do_nl_policy[GUESTLAN_A_MIRROR + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
	[GUESTLAN_A_MIRROR] = NLA_POLICY_NESTED(guestlan_mirror_nl_policy),
};

/* GUESTLAN_CMD_MIRROR_GET - dump */
static const struct nla_policy guestlan_mirror_get_dump_nl_policy[GUESTLAN_A_IFINDEX + 1] = {
	[GUESTLAN_A_IFINDEX] = { .type = NLA_U32, },
};

/* Ops table for guestlan */
const struct genl_split_ops guestlan_nl_ops[18] = {
	{
		.cmd		= GUESTLAN_CMD_SWITCH_GET,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_switch_get_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_switch_get_do_nl_policy,
		.maxattr	= GUESTLAN_A_IFINDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_SWITCH_GET,
		.dumpit		= guestlan_nl_switch_get_dumpit,
		.policy		= guestlan_switch_get_dump_nl_policy,
		.maxattr	= GUESTLAN_A_IFINDEX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GUESTLAN_CMD_SWITCH_SET,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_switch_set_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_switch_set_nl_policy,
		.maxattr	= GUESTLAN_A_HOST_TRACE,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_PORT_GET,
		.pre_doit	= gl_nl_pre_doit_port,
		.doit		= guestlan_nl_port_get_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_port_get_do_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_PORT_GET,
		.start		= gl_nl_port_dump_start,
		.dumpit		= guestlan_nl_port_get_dumpit,
		.policy		= guestlan_port_get_dump_nl_policy,
		.maxattr	= GUESTLAN_A_IFINDEX,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GUESTLAN_CMD_FDB_GET,
		.dumpit		= guestlan_nl_fdb_get_dumpit,
		.policy		= guestlan_fdb_get_nl_policy,
		.maxattr	= GUESTLAN_A_FDB,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= GUESTLAN_CMD_FDB_ADD,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_fdb_add_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_fdb_add_nl_policy,
		.maxattr	= GUESTLAN_A_FDB,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_FDB_DEL,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_fdb_del_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_fdb_del_nl_policy,
		.maxattr	= GUESTLAN_A_FDB,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_FDB_FLUSH,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_fdb_flush_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_fdb_flush_nl_policy,
		.maxattr	= GUESTLAN_A_FLUSH_STATIC,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_VLAN_ADD,
		.pre_doit	= gl_nl_pre_doit_port,
		.doit		= guestlan_nl_vlan_add_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_vlan_add_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_VLAN_DEL,
		.pre_doit	= gl_nl_pre_doit_port,
		.doit		= guestlan_nl_vlan_del_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_vlan_del_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_GRANT_SET,
		.pre_doit	= gl_nl_pre_doit_guest,
		.doit		= guestlan_nl_grant_set_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_grant_set_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_GRANT_DEL,
		.pre_doit	= gl_nl_pre_doit_guest,
		.doit		= guestlan_nl_grant_del_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_grant_del_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_PORT_SET,
		.pre_doit	= gl_nl_pre_doit_port,
		.doit		= guestlan_nl_port_set_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_port_set_nl_policy,
		.maxattr	= GUESTLAN_A_PORT,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_MIRROR_ADD,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_mirror_add_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_mirror_add_nl_policy,
		.maxattr	= GUESTLAN_A_MIRROR,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_MIRROR_DEL,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_mirror_del_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_mirror_del_nl_policy,
		.maxattr	= GUESTLAN_A_MIRROR,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_MIRROR_GET,
		.pre_doit	= gl_nl_pre_doit,
		.doit		= guestlan_nl_mirror_get_doit,
		.post_doit	= gl_nl_post_doit,
		.policy		= guestlan_mirror_get_do_nl_policy,
		.maxattr	= GUESTLAN_A_MIRROR,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= GUESTLAN_CMD_MIRROR_GET,
		.dumpit		= guestlan_nl_mirror_get_dumpit,
		.policy		= guestlan_mirror_get_dump_nl_policy,
		.maxattr	= GUESTLAN_A_IFINDEX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
};

static const struct genl_multicast_group guestlan_nl_mcgrps[] = {
	[GUESTLAN_NLGRP_EVENTS] = { "events", },
	[GUESTLAN_NLGRP_HOSTNOTIFY] = { "hostnotify", },
	[GUESTLAN_NLGRP_GUARD] = { "guard", },
};
