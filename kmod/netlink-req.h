/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit directly, auto-generated from: */
/*	specs/guestlan.yaml (attribute sets req-*) by tools/ynl-req.py */

#ifndef _GUESTLAN_NETLINK_REQ_H
#define _GUESTLAN_NETLINK_REQ_H

#include <linux/bits.h>
#include <uapi/linux/guestlan_netlink.h>

/*
 * What one request accepts in one nest; the rest is refused with
 * refused[type].  Every file of the family includes these tables and
 * keeps those it uses.
 */
struct gl_req_nest {
	u64 allowed;
	unsigned int maxtype;
	const char * const *refused;
};

static const char * const gl_req_refused_fdb[GUESTLAN_FDB_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_FDB_A_MAC] =
		"guestlan: fdb.mac is not accepted by this command",
	[GUESTLAN_FDB_A_VID] =
		"guestlan: fdb.vid is not accepted by this command",
	[GUESTLAN_FDB_A_PORT_IFINDEX] =
		"guestlan: fdb.port-ifindex is not accepted by this command",
	[GUESTLAN_FDB_A_FLAGS] =
		"guestlan: fdb.flags is reply-only",
	[GUESTLAN_FDB_A_AGE] =
		"guestlan: fdb.age is reply-only",
};

static const char * const gl_req_refused_mirror[GUESTLAN_MIRROR_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_MIRROR_A_PAD] =
		"guestlan: mirror.pad is reply-only",
	[GUESTLAN_MIRROR_A_ID] =
		"guestlan: mirror.id is not accepted by this command",
	[GUESTLAN_MIRROR_A_SOURCE] =
		"guestlan: mirror.source is not accepted by this command",
	[GUESTLAN_MIRROR_A_VID] =
		"guestlan: mirror.vid is not accepted by this command",
	[GUESTLAN_MIRROR_A_DEST_IFINDEX] =
		"guestlan: mirror.dest-ifindex is not accepted by this command",
	[GUESTLAN_MIRROR_A_DEST_VID] =
		"guestlan: mirror.dest-vid is not accepted by this command",
	[GUESTLAN_MIRROR_A_SNAPLEN] =
		"guestlan: mirror.snaplen is not accepted by this command",
	[GUESTLAN_MIRROR_A_SAMPLE_RATE] =
		"guestlan: mirror.sample-rate is not accepted by this command",
	[GUESTLAN_MIRROR_A_ACTIVE] =
		"guestlan: mirror.active is reply-only",
	[GUESTLAN_MIRROR_A_RANGE] =
		"guestlan: mirror.range is reply-only",
	[GUESTLAN_MIRROR_A_STATS] =
		"guestlan: mirror.stats is reply-only",
	[GUESTLAN_MIRROR_A_ERSPAN] =
		"guestlan: mirror.erspan is not accepted by this command",
};

static const char * const gl_req_refused_mirror_erspan[GUESTLAN_MIRROR_ERSPAN_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_MIRROR_ERSPAN_A_VERSION] =
		"guestlan: mirror.erspan.version is not accepted by this command",
	[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID] =
		"guestlan: mirror.erspan.session-id is not accepted by this command",
	[GUESTLAN_MIRROR_ERSPAN_A_REMOTE] =
		"guestlan: mirror.erspan.remote is not accepted by this command",
	[GUESTLAN_MIRROR_ERSPAN_A_LOCAL] =
		"guestlan: mirror.erspan.local is not accepted by this command",
	[GUESTLAN_MIRROR_ERSPAN_A_TTL] =
		"guestlan: mirror.erspan.ttl is not accepted by this command",
};

static const char * const gl_req_refused_mirror_source[GUESTLAN_MIRROR_SOURCE_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX] =
		"guestlan: mirror.source.port-ifindex is not accepted by this command",
	[GUESTLAN_MIRROR_SOURCE_A_DIRECTION] =
		"guestlan: mirror.source.direction is not accepted by this command",
	[GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX] =
		"guestlan: mirror.source.erspan-index is reply-only",
};

static const char * const gl_req_refused_port[GUESTLAN_PORT_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_PORT_A_PAD] =
		"guestlan: port.pad is reply-only",
	[GUESTLAN_PORT_A_IFINDEX] =
		"guestlan: port.ifindex is not accepted by this command",
	[GUESTLAN_PORT_A_IFNAME] =
		"guestlan: port.ifname is reply-only",
	[GUESTLAN_PORT_A_STATS] =
		"guestlan: port.stats is reply-only",
	[GUESTLAN_PORT_A_OPER_UP] =
		"guestlan: port.oper-up is reply-only",
	[GUESTLAN_PORT_A_REMOVED] =
		"guestlan: port.removed is reply-only",
	[GUESTLAN_PORT_A_PVID] =
		"guestlan: port.pvid is reply-only",
	[GUESTLAN_PORT_A_VLAN] =
		"guestlan: port.vlan is not accepted by this command",
	[GUESTLAN_PORT_A_PROMISC_STATE] =
		"guestlan: port.promisc-state is reply-only",
	[GUESTLAN_PORT_A_PROMISC_PREV_STATE] =
		"guestlan: port.promisc-prev-state is reply-only",
	[GUESTLAN_PORT_A_GRANT] =
		"guestlan: port.grant is not accepted by this command",
	[GUESTLAN_PORT_A_FLOODING] =
		"guestlan: port.flooding is not accepted by this command",
	[GUESTLAN_PORT_A_MCAST_FLOODING] =
		"guestlan: port.mcast-flooding is not accepted by this command",
	[GUESTLAN_PORT_A_RX_BCAST] =
		"guestlan: port.rx-bcast is not accepted by this command",
	[GUESTLAN_PORT_A_LEARNING] =
		"guestlan: port.learning is not accepted by this command",
	[GUESTLAN_PORT_A_LEARNING_TIMEOUT] =
		"guestlan: port.learning-timeout is not accepted by this command",
	[GUESTLAN_PORT_A_TAKEOVER_LEARNING] =
		"guestlan: port.takeover-learning is not accepted by this command",
	[GUESTLAN_PORT_A_TAKEOVER_SETVMAC] =
		"guestlan: port.takeover-setvmac is not accepted by this command",
	[GUESTLAN_PORT_A_BRIDGE_INVISIBLE] =
		"guestlan: port.bridge-invisible is not accepted by this command",
	[GUESTLAN_PORT_A_MAX_LEARNED] =
		"guestlan: port.max-learned is not accepted by this command",
	[GUESTLAN_PORT_A_N_LEARNED] =
		"guestlan: port.n-learned is reply-only",
	[GUESTLAN_PORT_A_ROLE] =
		"guestlan: port.role is not accepted by this command",
	[GUESTLAN_PORT_A_BRIDGE_STATE] =
		"guestlan: port.bridge-state is reply-only",
	[GUESTLAN_PORT_A_PREV_BRIDGE_STATE] =
		"guestlan: port.prev-bridge-state is reply-only",
	[GUESTLAN_PORT_A_REFLECT_PROMISC] =
		"guestlan: port.reflect-promisc is not accepted by this command",
	[GUESTLAN_PORT_A_HOSTNOTIFY] =
		"guestlan: port.hostnotify is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_RATE] =
		"guestlan: port.sample-rate is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_GROUP] =
		"guestlan: port.sample-group is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_DIRECTION] =
		"guestlan: port.sample-direction is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_TRUNC] =
		"guestlan: port.sample-trunc is not accepted by this command",
	[GUESTLAN_PORT_A_STACKED_TAGS] =
		"guestlan: port.stacked-tags is not accepted by this command",
	[GUESTLAN_PORT_A_UPLINK] =
		"guestlan: port.uplink is not accepted by this command",
	[GUESTLAN_PORT_A_MAC_GUARD] =
		"guestlan: port.mac-guard is not accepted by this command",
	[GUESTLAN_PORT_A_VLAN_RANGES] =
		"guestlan: port.vlan-ranges is reply-only",
	[GUESTLAN_PORT_A_UNTAGGED_RANGES] =
		"guestlan: port.untagged-ranges is reply-only",
};

static const char * const gl_req_refused_port_template[GUESTLAN_PORT_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_PORT_A_PAD] =
		"guestlan: port-template.pad is reply-only",
	[GUESTLAN_PORT_A_IFINDEX] =
		"guestlan: port-template.ifindex is not accepted by this command",
	[GUESTLAN_PORT_A_IFNAME] =
		"guestlan: port-template.ifname is reply-only",
	[GUESTLAN_PORT_A_STATS] =
		"guestlan: port-template.stats is reply-only",
	[GUESTLAN_PORT_A_OPER_UP] =
		"guestlan: port-template.oper-up is reply-only",
	[GUESTLAN_PORT_A_REMOVED] =
		"guestlan: port-template.removed is reply-only",
	[GUESTLAN_PORT_A_PVID] =
		"guestlan: port-template.pvid is reply-only",
	[GUESTLAN_PORT_A_VLAN] =
		"guestlan: port-template.vlan is not accepted by this command",
	[GUESTLAN_PORT_A_PROMISC_STATE] =
		"guestlan: port-template.promisc-state is reply-only",
	[GUESTLAN_PORT_A_PROMISC_PREV_STATE] =
		"guestlan: port-template.promisc-prev-state is reply-only",
	[GUESTLAN_PORT_A_GRANT] =
		"guestlan: port-template.grant is not accepted by this command",
	[GUESTLAN_PORT_A_FLOODING] =
		"guestlan: port-template.flooding is not accepted by this command",
	[GUESTLAN_PORT_A_MCAST_FLOODING] =
		"guestlan: port-template.mcast-flooding is not accepted by this command",
	[GUESTLAN_PORT_A_RX_BCAST] =
		"guestlan: port-template.rx-bcast is not accepted by this command",
	[GUESTLAN_PORT_A_LEARNING] =
		"guestlan: port-template.learning is not accepted by this command",
	[GUESTLAN_PORT_A_LEARNING_TIMEOUT] =
		"guestlan: port-template.learning-timeout is not accepted by this command",
	[GUESTLAN_PORT_A_TAKEOVER_LEARNING] =
		"guestlan: port-template.takeover-learning is not accepted by this command",
	[GUESTLAN_PORT_A_TAKEOVER_SETVMAC] =
		"guestlan: port-template.takeover-setvmac is not accepted by this command",
	[GUESTLAN_PORT_A_BRIDGE_INVISIBLE] =
		"guestlan: port-template.bridge-invisible is not accepted by this command",
	[GUESTLAN_PORT_A_MAX_LEARNED] =
		"guestlan: port-template.max-learned is not accepted by this command",
	[GUESTLAN_PORT_A_N_LEARNED] =
		"guestlan: port-template.n-learned is reply-only",
	[GUESTLAN_PORT_A_ROLE] =
		"guestlan: port-template.role is not accepted by this command",
	[GUESTLAN_PORT_A_BRIDGE_STATE] =
		"guestlan: port-template.bridge-state is reply-only",
	[GUESTLAN_PORT_A_PREV_BRIDGE_STATE] =
		"guestlan: port-template.prev-bridge-state is reply-only",
	[GUESTLAN_PORT_A_REFLECT_PROMISC] =
		"guestlan: port-template.reflect-promisc is not accepted by this command",
	[GUESTLAN_PORT_A_HOSTNOTIFY] =
		"guestlan: port-template.hostnotify is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_RATE] =
		"guestlan: port-template.sample-rate is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_GROUP] =
		"guestlan: port-template.sample-group is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_DIRECTION] =
		"guestlan: port-template.sample-direction is not accepted by this command",
	[GUESTLAN_PORT_A_SAMPLE_TRUNC] =
		"guestlan: port-template.sample-trunc is not accepted by this command",
	[GUESTLAN_PORT_A_STACKED_TAGS] =
		"guestlan: port-template.stacked-tags is not accepted by this command",
	[GUESTLAN_PORT_A_UPLINK] =
		"guestlan: port-template.uplink is not accepted by this command",
	[GUESTLAN_PORT_A_MAC_GUARD] =
		"guestlan: port-template.mac-guard is not accepted by this command",
	[GUESTLAN_PORT_A_VLAN_RANGES] =
		"guestlan: port-template.vlan-ranges is reply-only",
	[GUESTLAN_PORT_A_UNTAGGED_RANGES] =
		"guestlan: port-template.untagged-ranges is reply-only",
};

static const char * const gl_req_refused_port_template_mac_guard[GUESTLAN_MAC_GUARD_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_MAC_GUARD_A_MAC] =
		"guestlan: port-template.mac-guard.mac is not accepted by this command",
	[GUESTLAN_MAC_GUARD_A_STICKY] =
		"guestlan: port-template.mac-guard.sticky is not accepted by this command",
	[GUESTLAN_MAC_GUARD_A_STICKY_MAC] =
		"guestlan: port-template.mac-guard.sticky-mac is reply-only",
};

static const char * const gl_req_refused_port_grant[GUESTLAN_GRANT_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_GRANT_A_VID] =
		"guestlan: port.grant.vid is not accepted by this command",
	[GUESTLAN_GRANT_A_UID] =
		"guestlan: port.grant.uid is not accepted by this command",
	[GUESTLAN_GRANT_A_GID] =
		"guestlan: port.grant.gid is not accepted by this command",
	[GUESTLAN_GRANT_A_RANGE] =
		"guestlan: port.grant.range is reply-only",
	[GUESTLAN_GRANT_A_VLAN_RANGES] =
		"guestlan: port.grant.vlan-ranges is reply-only",
};

static const char * const gl_req_refused_port_mac_guard[GUESTLAN_MAC_GUARD_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_MAC_GUARD_A_MAC] =
		"guestlan: port.mac-guard.mac is not accepted by this command",
	[GUESTLAN_MAC_GUARD_A_STICKY] =
		"guestlan: port.mac-guard.sticky is not accepted by this command",
	[GUESTLAN_MAC_GUARD_A_STICKY_MAC] =
		"guestlan: port.mac-guard.sticky-mac is reply-only",
};

static const char * const gl_req_refused_port_vlan[GUESTLAN_VLAN_A_MAX + 1] __maybe_unused = {
	[GUESTLAN_VLAN_A_VID] =
		"guestlan: port.vlan.vid is not accepted by this command",
	[GUESTLAN_VLAN_A_PVID] =
		"guestlan: port.vlan.pvid is not accepted by this command",
	[GUESTLAN_VLAN_A_UNTAGGED] =
		"guestlan: port.vlan.untagged is not accepted by this command",
	[GUESTLAN_VLAN_A_VID_END] =
		"guestlan: port.vlan.vid-end is reply-only",
};

static const struct gl_req_nest gl_req_fdb_add_fdb __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_FDB_A_MAC) |
		   BIT_ULL(GUESTLAN_FDB_A_VID) |
		   BIT_ULL(GUESTLAN_FDB_A_PORT_IFINDEX),
	.maxtype = GUESTLAN_FDB_A_MAX,
	.refused = gl_req_refused_fdb,
};

static const struct gl_req_nest gl_req_fdb_del_fdb __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_FDB_A_MAC) |
		   BIT_ULL(GUESTLAN_FDB_A_VID),
	.maxtype = GUESTLAN_FDB_A_MAX,
	.refused = gl_req_refused_fdb,
};

static const struct gl_req_nest gl_req_fdb_flush_fdb __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_FDB_A_PORT_IFINDEX),
	.maxtype = GUESTLAN_FDB_A_MAX,
	.refused = gl_req_refused_fdb,
};

static const struct gl_req_nest gl_req_fdb_get_fdb __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_FDB_A_PORT_IFINDEX),
	.maxtype = GUESTLAN_FDB_A_MAX,
	.refused = gl_req_refused_fdb,
};

static const struct gl_req_nest gl_req_grant_del_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_grant_set_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX) |
		   BIT_ULL(GUESTLAN_PORT_A_GRANT),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_grant_set_port_grant __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_GRANT_A_VID) |
		   BIT_ULL(GUESTLAN_GRANT_A_UID) |
		   BIT_ULL(GUESTLAN_GRANT_A_GID),
	.maxtype = GUESTLAN_GRANT_A_MAX,
	.refused = gl_req_refused_port_grant,
};

static const struct gl_req_nest gl_req_mirror_add_mirror __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MIRROR_A_ID) |
		   BIT_ULL(GUESTLAN_MIRROR_A_SOURCE) |
		   BIT_ULL(GUESTLAN_MIRROR_A_VID) |
		   BIT_ULL(GUESTLAN_MIRROR_A_DEST_IFINDEX) |
		   BIT_ULL(GUESTLAN_MIRROR_A_DEST_VID) |
		   BIT_ULL(GUESTLAN_MIRROR_A_SNAPLEN) |
		   BIT_ULL(GUESTLAN_MIRROR_A_SAMPLE_RATE) |
		   BIT_ULL(GUESTLAN_MIRROR_A_ERSPAN),
	.maxtype = GUESTLAN_MIRROR_A_MAX,
	.refused = gl_req_refused_mirror,
};

static const struct gl_req_nest gl_req_mirror_add_mirror_erspan __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MIRROR_ERSPAN_A_VERSION) |
		   BIT_ULL(GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID) |
		   BIT_ULL(GUESTLAN_MIRROR_ERSPAN_A_REMOTE) |
		   BIT_ULL(GUESTLAN_MIRROR_ERSPAN_A_LOCAL) |
		   BIT_ULL(GUESTLAN_MIRROR_ERSPAN_A_TTL),
	.maxtype = GUESTLAN_MIRROR_ERSPAN_A_MAX,
	.refused = gl_req_refused_mirror_erspan,
};

static const struct gl_req_nest gl_req_mirror_add_mirror_source __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX) |
		   BIT_ULL(GUESTLAN_MIRROR_SOURCE_A_DIRECTION),
	.maxtype = GUESTLAN_MIRROR_SOURCE_A_MAX,
	.refused = gl_req_refused_mirror_source,
};

static const struct gl_req_nest gl_req_mirror_del_mirror __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MIRROR_A_ID),
	.maxtype = GUESTLAN_MIRROR_A_MAX,
	.refused = gl_req_refused_mirror,
};

static const struct gl_req_nest gl_req_mirror_get_mirror __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MIRROR_A_ID),
	.maxtype = GUESTLAN_MIRROR_A_MAX,
	.refused = gl_req_refused_mirror,
};

static const struct gl_req_nest gl_req_port_get_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_port_set_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX) |
		   BIT_ULL(GUESTLAN_PORT_A_FLOODING) |
		   BIT_ULL(GUESTLAN_PORT_A_MCAST_FLOODING) |
		   BIT_ULL(GUESTLAN_PORT_A_RX_BCAST) |
		   BIT_ULL(GUESTLAN_PORT_A_LEARNING) |
		   BIT_ULL(GUESTLAN_PORT_A_LEARNING_TIMEOUT) |
		   BIT_ULL(GUESTLAN_PORT_A_TAKEOVER_LEARNING) |
		   BIT_ULL(GUESTLAN_PORT_A_TAKEOVER_SETVMAC) |
		   BIT_ULL(GUESTLAN_PORT_A_BRIDGE_INVISIBLE) |
		   BIT_ULL(GUESTLAN_PORT_A_MAX_LEARNED) |
		   BIT_ULL(GUESTLAN_PORT_A_ROLE) |
		   BIT_ULL(GUESTLAN_PORT_A_REFLECT_PROMISC) |
		   BIT_ULL(GUESTLAN_PORT_A_HOSTNOTIFY) |
		   BIT_ULL(GUESTLAN_PORT_A_SAMPLE_RATE) |
		   BIT_ULL(GUESTLAN_PORT_A_SAMPLE_GROUP) |
		   BIT_ULL(GUESTLAN_PORT_A_SAMPLE_DIRECTION) |
		   BIT_ULL(GUESTLAN_PORT_A_SAMPLE_TRUNC) |
		   BIT_ULL(GUESTLAN_PORT_A_STACKED_TAGS) |
		   BIT_ULL(GUESTLAN_PORT_A_UPLINK) |
		   BIT_ULL(GUESTLAN_PORT_A_MAC_GUARD),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_port_set_port_mac_guard __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MAC_GUARD_A_MAC) |
		   BIT_ULL(GUESTLAN_MAC_GUARD_A_STICKY),
	.maxtype = GUESTLAN_MAC_GUARD_A_MAX,
	.refused = gl_req_refused_port_mac_guard,
};

static const struct gl_req_nest gl_req_switch_set_port_template __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_MAC_GUARD),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port_template,
};

static const struct gl_req_nest gl_req_switch_set_port_template_mac_guard __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_MAC_GUARD_A_STICKY),
	.maxtype = GUESTLAN_MAC_GUARD_A_MAX,
	.refused = gl_req_refused_port_template_mac_guard,
};

static const struct gl_req_nest gl_req_vlan_add_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX) |
		   BIT_ULL(GUESTLAN_PORT_A_VLAN),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_vlan_add_port_vlan __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_VLAN_A_VID) |
		   BIT_ULL(GUESTLAN_VLAN_A_PVID) |
		   BIT_ULL(GUESTLAN_VLAN_A_UNTAGGED),
	.maxtype = GUESTLAN_VLAN_A_MAX,
	.refused = gl_req_refused_port_vlan,
};

static const struct gl_req_nest gl_req_vlan_del_port __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_PORT_A_IFINDEX) |
		   BIT_ULL(GUESTLAN_PORT_A_VLAN),
	.maxtype = GUESTLAN_PORT_A_MAX,
	.refused = gl_req_refused_port,
};

static const struct gl_req_nest gl_req_vlan_del_port_vlan __maybe_unused = {
	.allowed = BIT_ULL(GUESTLAN_VLAN_A_VID),
	.maxtype = GUESTLAN_VLAN_A_MAX,
	.refused = gl_req_refused_port_vlan,
};

/* The port nest each do on a port accepts (its pre_doit resolves port.ifindex) */
static const struct gl_req_nest *const gl_req_do_port[] __maybe_unused = {
	[GUESTLAN_CMD_PORT_GET] = &gl_req_port_get_port,
	[GUESTLAN_CMD_VLAN_ADD] = &gl_req_vlan_add_port,
	[GUESTLAN_CMD_VLAN_DEL] = &gl_req_vlan_del_port,
	[GUESTLAN_CMD_GRANT_SET] = &gl_req_grant_set_port,
	[GUESTLAN_CMD_GRANT_DEL] = &gl_req_grant_del_port,
	[GUESTLAN_CMD_PORT_SET] = &gl_req_port_set_port,
};

#endif /* _GUESTLAN_NETLINK_REQ_H */
