/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	specs/guestlan.yaml */
/* YNL-GEN uapi header */

#ifndef _UAPI_LINUX_GUESTLAN_NETLINK_H
#define _UAPI_LINUX_GUESTLAN_NETLINK_H

#define GUESTLAN_GENL_NAME	"guestlan"
#define GUESTLAN_GENL_VERSION	1

#define GUESTLAN_VID_MAX	4094
#define GUESTLAN_MCGRP_EVENTS	"events"

/**
 * enum guestlan_fdb_flags - Flags of an FDB entry.
 * @GUESTLAN_FDB_FLAGS_STATIC: Added by the administrator; never ages, never
 *   moved by learning.
 * @GUESTLAN_FDB_FLAGS_LOCAL: The address of the switch device itself (frames
 *   go to the host).
 */
enum guestlan_fdb_flags {
	GUESTLAN_FDB_FLAGS_STATIC = 1,
	GUESTLAN_FDB_FLAGS_LOCAL = 2,
};

/**
 * enum guestlan_promisc_state - Promiscuous mode of a port, as the switch
 *   applies it.
 * @GUESTLAN_PROMISC_STATE_OFF: The guest has not asked for promiscuous mode.
 * @GUESTLAN_PROMISC_STATE_REQUESTED: The guest asked, but the port has no
 *   promiscuous grant.
 * @GUESTLAN_PROMISC_STATE_ACTIVE: The guest asked and is authorized; it gets
 *   LAN copies.
 */
enum guestlan_promisc_state {
	GUESTLAN_PROMISC_STATE_OFF,
	GUESTLAN_PROMISC_STATE_REQUESTED,
	GUESTLAN_PROMISC_STATE_ACTIVE,
};

/**
 * enum guestlan_bridge_role - IBM Z bridge-port role of a port (qeth
 *   bridge_role).
 */
enum guestlan_bridge_role {
	GUESTLAN_BRIDGE_ROLE_NONE,
	GUESTLAN_BRIDGE_ROLE_PRIMARY,
	GUESTLAN_BRIDGE_ROLE_SECONDARY,
};

/**
 * enum guestlan_bridge_state - Bridge-port state (read-only): inactive (no
 *   role, or down), standby (has a role, another port is active), active
 *   (receives the frames for unknown destination MACs).
 */
enum guestlan_bridge_state {
	GUESTLAN_BRIDGE_STATE_INACTIVE,
	GUESTLAN_BRIDGE_STATE_STANDBY,
	GUESTLAN_BRIDGE_STATE_ACTIVE,
};

/**
 * enum guestlan_unknown_unicast - Where frames to unknown unicast MACs go.
 * @GUESTLAN_UNKNOWN_UNICAST_FLOOD: To the active bridge port and every port
 *   with flooding on.
 * @GUESTLAN_UNKNOWN_UNICAST_BRIDGEPORT_ONLY: Only to the active bridge port
 *   (IBM Z); dropped without one.
 */
enum guestlan_unknown_unicast {
	GUESTLAN_UNKNOWN_UNICAST_FLOOD,
	GUESTLAN_UNKNOWN_UNICAST_BRIDGEPORT_ONLY,
};

/**
 * enum guestlan_mac_moves - Who may move a learned MAC to another port. A
 *   learned entry is owned by its port; a frame from another port with that
 *   source MAC asks to move it.
 * @GUESTLAN_MAC_MOVES_OWNER: Only when the owner yields: it is an uplink-type
 *   port (a bridge-port role, a tunnel device - vxlan, geneve, gretap,
 *   ip6gretap, erspan, ip6erspan -, a port marked uplink, or the switch's host
 *   port), it has takeover-learning on, or it is down or without carrier.
 *   Otherwise the frame is not learned (it is forwarded; counted as
 *   learn-refused).
 * @GUESTLAN_MAC_MOVES_ANY: Every frame moves the MAC it comes from (before
 *   guestlan 0.2).
 */
enum guestlan_mac_moves {
	GUESTLAN_MAC_MOVES_OWNER,
	GUESTLAN_MAC_MOVES_ANY,
};

/**
 * enum guestlan_host_trace - When the host's packet taps on the switch device
 *   get a copy of every frame crossing the switch, every VLAN (tracing the
 *   LAN, z/VM's TRSOURCE TYPE LAN). The copies go to every packet socket bound
 *   to the switch device - af_packet does not say which asked for promiscuity
 *   - and to no socket bound to all devices.
 * @GUESTLAN_HOST_TRACE_AUTO: While a tap is open and the switch device is
 *   promiscuous for any reason (tcpdump -i lan0, ip link set lan0 promisc on,
 *   a bridge lan0 is a port of): then every tap on it, tcpdump -p and daemons'
 *   ETH_P_ALL sockets too, gets copies.
 * @GUESTLAN_HOST_TRACE_ON: While any tap is open on the switch device,
 *   promiscuous or not.
 * @GUESTLAN_HOST_TRACE_OFF: Never: the host's taps see only what the host
 *   receives and sends.
 */
enum guestlan_host_trace {
	GUESTLAN_HOST_TRACE_AUTO,
	GUESTLAN_HOST_TRACE_ON,
	GUESTLAN_HOST_TRACE_OFF,
};

/**
 * enum guestlan_host_event - Kinds of hostnotify events.
 */
enum guestlan_host_event {
	GUESTLAN_HOST_EVENT_LEARNED,
	GUESTLAN_HOST_EVENT_AGED,
	GUESTLAN_HOST_EVENT_RESET,
	GUESTLAN_HOST_EVENT_ABORT,
};

#define GUESTLAN_MIRROR_MAX	16

/**
 * enum guestlan_mirror_direction - Which frames of a source port a mirror
 *   session copies.
 * @GUESTLAN_MIRROR_DIRECTION_RX: Frames the port sends into the switch (its
 *   guest transmits).
 * @GUESTLAN_MIRROR_DIRECTION_TX: Frames the switch sends out of the port (its
 *   guest receives).
 */
enum guestlan_mirror_direction {
	GUESTLAN_MIRROR_DIRECTION_RX,
	GUESTLAN_MIRROR_DIRECTION_TX,
	GUESTLAN_MIRROR_DIRECTION_BOTH,
};

#define GUESTLAN_MAC_GUARD_MAX	16

/**
 * enum guestlan_guard_reason - What a guard refused (guard-ntf), as its
 *   counter names it.
 * @GUESTLAN_GUARD_REASON_MAC_GUARD: A frame from a source MAC the port's MAC
 *   guard does not allow (drop-mac-guard).
 * @GUESTLAN_GUARD_REASON_ARP_GUARD: An ARP or RARP packet whose sender
 *   hardware address the port's MAC guard does not allow, or that is not
 *   Ethernet/6-byte ARP (drop-arp-guard).
 * @GUESTLAN_GUARD_REASON_ND_GUARD: A neighbour discovery message (RS, RA, NS,
 *   NA, redirect) whose link-layer address option the port's MAC guard does
 *   not allow, that is malformed or fragmented, or an IPv6 packet whose header
 *   chain cannot be followed (drop-nd-guard).
 * @GUESTLAN_GUARD_REASON_MAC_MOVE: A learned MAC not moved to, or not learned
 *   on, the port: its owner (owner-ifindex) does not yield, or another port's
 *   MAC guard lists it (learn-refused). The frame was forwarded.
 */
enum guestlan_guard_reason {
	GUESTLAN_GUARD_REASON_MAC_GUARD,
	GUESTLAN_GUARD_REASON_ARP_GUARD,
	GUESTLAN_GUARD_REASON_ND_GUARD,
	GUESTLAN_GUARD_REASON_MAC_MOVE,
};

enum {
	GUESTLAN_A_UNSPEC,
	GUESTLAN_A_PAD,
	GUESTLAN_A_IFINDEX,
	GUESTLAN_A_IFNAME,
	GUESTLAN_A_AGEING_TIME,
	GUESTLAN_A_MAX_LEARNED,
	GUESTLAN_A_FDB_COUNT,
	GUESTLAN_A_FDB_LEARNED,
	GUESTLAN_A_N_PORTS,
	GUESTLAN_A_STATS,
	GUESTLAN_A_PORT,
	GUESTLAN_A_FDB,
	GUESTLAN_A_FLUSH_STATIC,
	GUESTLAN_A_UNKNOWN_UNICAST,
	GUESTLAN_A_HOST_EVENT,
	GUESTLAN_A_MIRROR,
	GUESTLAN_A_MAC_MOVES,
	GUESTLAN_A_PORT_TEMPLATE,
	GUESTLAN_A_GUARD_EVENT,
	GUESTLAN_A_HOST_TRACE,

	__GUESTLAN_A_MAX,
	GUESTLAN_A_MAX = (__GUESTLAN_A_MAX - 1)
};

enum {
	GUESTLAN_PORT_A_UNSPEC,
	GUESTLAN_PORT_A_PAD,
	GUESTLAN_PORT_A_IFINDEX,
	GUESTLAN_PORT_A_IFNAME,
	GUESTLAN_PORT_A_STATS,
	GUESTLAN_PORT_A_OPER_UP,
	GUESTLAN_PORT_A_REMOVED,
	GUESTLAN_PORT_A_PVID,
	GUESTLAN_PORT_A_VLAN,
	GUESTLAN_PORT_A_PROMISC_STATE,
	GUESTLAN_PORT_A_PROMISC_PREV_STATE,
	GUESTLAN_PORT_A_GRANT,
	GUESTLAN_PORT_A_FLOODING,
	GUESTLAN_PORT_A_MCAST_FLOODING,
	GUESTLAN_PORT_A_RX_BCAST,
	GUESTLAN_PORT_A_LEARNING,
	GUESTLAN_PORT_A_LEARNING_TIMEOUT,
	GUESTLAN_PORT_A_TAKEOVER_LEARNING,
	GUESTLAN_PORT_A_TAKEOVER_SETVMAC,
	GUESTLAN_PORT_A_BRIDGE_INVISIBLE,
	GUESTLAN_PORT_A_MAX_LEARNED,
	GUESTLAN_PORT_A_N_LEARNED,
	GUESTLAN_PORT_A_ROLE,
	GUESTLAN_PORT_A_BRIDGE_STATE,
	GUESTLAN_PORT_A_PREV_BRIDGE_STATE,
	GUESTLAN_PORT_A_REFLECT_PROMISC,
	GUESTLAN_PORT_A_HOSTNOTIFY,
	GUESTLAN_PORT_A_SAMPLE_RATE,
	GUESTLAN_PORT_A_SAMPLE_GROUP,
	GUESTLAN_PORT_A_SAMPLE_DIRECTION,
	GUESTLAN_PORT_A_SAMPLE_TRUNC,
	GUESTLAN_PORT_A_STACKED_TAGS,
	GUESTLAN_PORT_A_UPLINK,
	GUESTLAN_PORT_A_MAC_GUARD,
	GUESTLAN_PORT_A_VLAN_RANGES,
	GUESTLAN_PORT_A_UNTAGGED_RANGES,

	__GUESTLAN_PORT_A_MAX,
	GUESTLAN_PORT_A_MAX = (__GUESTLAN_PORT_A_MAX - 1)
};

enum {
	GUESTLAN_STATS_A_UNSPEC,
	GUESTLAN_STATS_A_PAD,
	GUESTLAN_STATS_A_RX_PACKETS,
	GUESTLAN_STATS_A_RX_BYTES,
	GUESTLAN_STATS_A_TX_PACKETS,
	GUESTLAN_STATS_A_TX_BYTES,
	GUESTLAN_STATS_A_FLOODED,
	GUESTLAN_STATS_A_DROP_RUNT,
	GUESTLAN_STATS_A_DROP_BAD_SRC,
	GUESTLAN_STATS_A_DROP_VLAN,
	GUESTLAN_STATS_A_DROP_LOOP,
	GUESTLAN_STATS_A_DROP_DOWN,
	GUESTLAN_STATS_A_DROP_MTU,
	GUESTLAN_STATS_A_DROP_NOMEM,
	GUESTLAN_STATS_A_LEARN_REFUSED,
	GUESTLAN_STATS_A_PROMISC_TX,
	GUESTLAN_STATS_A_PROMISC_DENIED,
	GUESTLAN_STATS_A_DROP_FILTERED,
	GUESTLAN_STATS_A_RX_ACCEPTED,
	GUESTLAN_STATS_A_SAMPLED,
	GUESTLAN_STATS_A_DROP_FORGED_SRC,
	GUESTLAN_STATS_A_LEARN_DAMPENED,
	GUESTLAN_STATS_A_DROP_STACKED_TAG,
	GUESTLAN_STATS_A_DROP_MAC_GUARD,
	GUESTLAN_STATS_A_DROP_ARP_GUARD,
	GUESTLAN_STATS_A_DROP_ND_GUARD,

	__GUESTLAN_STATS_A_MAX,
	GUESTLAN_STATS_A_MAX = (__GUESTLAN_STATS_A_MAX - 1)
};

enum {
	GUESTLAN_MAC_GUARD_A_UNSPEC,
	GUESTLAN_MAC_GUARD_A_MAC,
	GUESTLAN_MAC_GUARD_A_STICKY,
	GUESTLAN_MAC_GUARD_A_STICKY_MAC,

	__GUESTLAN_MAC_GUARD_A_MAX,
	GUESTLAN_MAC_GUARD_A_MAX = (__GUESTLAN_MAC_GUARD_A_MAX - 1)
};

enum {
	GUESTLAN_GUARD_EVENT_A_UNSPEC,
	GUESTLAN_GUARD_EVENT_A_REASON,
	GUESTLAN_GUARD_EVENT_A_MAC,
	GUESTLAN_GUARD_EVENT_A_VID,
	GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX,
	GUESTLAN_GUARD_EVENT_A_SUPPRESSED,

	__GUESTLAN_GUARD_EVENT_A_MAX,
	GUESTLAN_GUARD_EVENT_A_MAX = (__GUESTLAN_GUARD_EVENT_A_MAX - 1)
};

enum {
	GUESTLAN_FDB_A_UNSPEC,
	GUESTLAN_FDB_A_MAC,
	GUESTLAN_FDB_A_VID,
	GUESTLAN_FDB_A_PORT_IFINDEX,
	GUESTLAN_FDB_A_FLAGS,
	GUESTLAN_FDB_A_AGE,

	__GUESTLAN_FDB_A_MAX,
	GUESTLAN_FDB_A_MAX = (__GUESTLAN_FDB_A_MAX - 1)
};

enum {
	GUESTLAN_VLAN_A_UNSPEC,
	GUESTLAN_VLAN_A_VID,
	GUESTLAN_VLAN_A_PVID,
	GUESTLAN_VLAN_A_UNTAGGED,
	GUESTLAN_VLAN_A_VID_END,

	__GUESTLAN_VLAN_A_MAX,
	GUESTLAN_VLAN_A_MAX = (__GUESTLAN_VLAN_A_MAX - 1)
};

enum {
	GUESTLAN_GRANT_A_UNSPEC,
	GUESTLAN_GRANT_A_VID,
	GUESTLAN_GRANT_A_UID,
	GUESTLAN_GRANT_A_GID,
	GUESTLAN_GRANT_A_RANGE,
	GUESTLAN_GRANT_A_VLAN_RANGES,

	__GUESTLAN_GRANT_A_MAX,
	GUESTLAN_GRANT_A_MAX = (__GUESTLAN_GRANT_A_MAX - 1)
};

enum {
	GUESTLAN_MIRROR_A_UNSPEC,
	GUESTLAN_MIRROR_A_PAD,
	GUESTLAN_MIRROR_A_ID,
	GUESTLAN_MIRROR_A_SOURCE,
	GUESTLAN_MIRROR_A_VID,
	GUESTLAN_MIRROR_A_DEST_IFINDEX,
	GUESTLAN_MIRROR_A_DEST_VID,
	GUESTLAN_MIRROR_A_SNAPLEN,
	GUESTLAN_MIRROR_A_SAMPLE_RATE,
	GUESTLAN_MIRROR_A_ACTIVE,
	GUESTLAN_MIRROR_A_RANGE,
	GUESTLAN_MIRROR_A_STATS,
	GUESTLAN_MIRROR_A_ERSPAN,

	__GUESTLAN_MIRROR_A_MAX,
	GUESTLAN_MIRROR_A_MAX = (__GUESTLAN_MIRROR_A_MAX - 1)
};

enum {
	GUESTLAN_MIRROR_ERSPAN_A_UNSPEC,
	GUESTLAN_MIRROR_ERSPAN_A_VERSION,
	GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID,
	GUESTLAN_MIRROR_ERSPAN_A_REMOTE,
	GUESTLAN_MIRROR_ERSPAN_A_LOCAL,
	GUESTLAN_MIRROR_ERSPAN_A_TTL,

	__GUESTLAN_MIRROR_ERSPAN_A_MAX,
	GUESTLAN_MIRROR_ERSPAN_A_MAX = (__GUESTLAN_MIRROR_ERSPAN_A_MAX - 1)
};

enum {
	GUESTLAN_MIRROR_SOURCE_A_UNSPEC,
	GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX,
	GUESTLAN_MIRROR_SOURCE_A_DIRECTION,
	GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX,

	__GUESTLAN_MIRROR_SOURCE_A_MAX,
	GUESTLAN_MIRROR_SOURCE_A_MAX = (__GUESTLAN_MIRROR_SOURCE_A_MAX - 1)
};

enum {
	GUESTLAN_MIRROR_STATS_A_UNSPEC,
	GUESTLAN_MIRROR_STATS_A_PAD,
	GUESTLAN_MIRROR_STATS_A_MIRRORED,
	GUESTLAN_MIRROR_STATS_A_TRUNCATED,
	GUESTLAN_MIRROR_STATS_A_DROPPED,

	__GUESTLAN_MIRROR_STATS_A_MAX,
	GUESTLAN_MIRROR_STATS_A_MAX = (__GUESTLAN_MIRROR_STATS_A_MAX - 1)
};

enum {
	GUESTLAN_CMD_SWITCH_GET = 1,
	GUESTLAN_CMD_SWITCH_SET,
	GUESTLAN_CMD_PORT_GET,
	GUESTLAN_CMD_FDB_GET,
	GUESTLAN_CMD_FDB_ADD,
	GUESTLAN_CMD_FDB_DEL,
	GUESTLAN_CMD_FDB_FLUSH,
	GUESTLAN_CMD_PORT_NTF,
	GUESTLAN_CMD_SWITCH_NTF,
	GUESTLAN_CMD_VLAN_ADD,
	GUESTLAN_CMD_VLAN_DEL,
	GUESTLAN_CMD_GRANT_SET,
	GUESTLAN_CMD_GRANT_DEL,
	GUESTLAN_CMD_PROMISC_NTF,
	GUESTLAN_CMD_PORT_SET,
	GUESTLAN_CMD_BRIDGEPORT_NTF,
	GUESTLAN_CMD_HOST_NTF,
	GUESTLAN_CMD_MIRROR_ADD,
	GUESTLAN_CMD_MIRROR_DEL,
	GUESTLAN_CMD_MIRROR_GET,
	GUESTLAN_CMD_GUARD_NTF,

	__GUESTLAN_CMD_MAX,
	GUESTLAN_CMD_MAX = (__GUESTLAN_CMD_MAX - 1)
};

#define GUESTLAN_MCGRP_EVENTS		"events"
#define GUESTLAN_MCGRP_HOSTNOTIFY	"hostnotify"
#define GUESTLAN_MCGRP_GUARD		"guard"

#endif /* _UAPI_LINUX_GUESTLAN_NETLINK_H */
