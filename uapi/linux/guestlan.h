/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * guestlan: a software Guest LAN (virtual switch) for Linux.
 *
 * A switch is a net_device of kind "guestlan":
 *
 *	ip link add lan0 type guestlan
 *	ip link set tap0 master lan0		(any Ethernet device is a port)
 *
 * The switch device itself is the host's port onto the LAN.  Ports are
 * managed with rtnetlink (master/nomaster); everything else with the
 * generic netlink family GUESTLAN_GENL_NAME ("guestlan", version
 * GUESTLAN_GENL_VERSION), whose attributes and commands are generated from
 * uapi/specs/guestlan.yaml into <linux/guestlan_netlink.h>.  The YAML spec
 * is the reference; this is the overview.
 *
 * Every request names its switch with GUESTLAN_A_IFINDEX, and a port with a
 * nested GUESTLAN_A_PORT { GUESTLAN_PORT_A_IFINDEX }.  Requests are looked
 * up in the sender's network namespace.  Writes need CAP_NET_ADMIN in the
 * user namespace owning it (GENL_UNS_ADMIN_PERM); reads are open to all.
 * Every rejected request carries an extack message.
 *
 * GUESTLAN_CMD_SWITCH_GET	do: one switch; dump: all in the netns.
 *	Returns IFINDEX, IFNAME, AGEING_TIME (s), MAX_LEARNED, FDB_COUNT,
 *	FDB_LEARNED, N_PORTS, UNKNOWN_UNICAST, STATS { GUESTLAN_STATS_A_* }.
 * GUESTLAN_CMD_SWITCH_SET	AGEING_TIME, MAX_LEARNED, UNKNOWN_UNICAST.
 * GUESTLAN_CMD_PORT_GET	do: PORT { IFINDEX } (the switch's own ifindex
 *	gives its host port); dump: the ports of IFINDEX, or of every switch.
 *	Returns PORT { IFINDEX, IFNAME, OPER_UP, PVID, VLAN { VID, PVID,
 *	UNTAGGED }..., PROMISC_STATE, GRANT { VID..., UID, GID }, the VNIC
 *	characteristics, MAX_LEARNED, N_LEARNED, ROLE, BRIDGE_STATE,
 *	REFLECT_PROMISC, HOSTNOTIFY, STATS }.
 * GUESTLAN_CMD_PORT_SET	PORT { VNIC characteristics (FLOODING,
 *	MCAST_FLOODING, RX_BCAST, LEARNING, LEARNING_TIMEOUT,
 *	TAKEOVER_LEARNING, TAKEOVER_SETVMAC, BRIDGE_INVISIBLE), MAX_LEARNED,
 *	ROLE, REFLECT_PROMISC, HOSTNOTIFY }.  As on IBM Z: a second primary is
 *	-EEXIST, the same role again -EBUSY, a role while characteristics
 *	differ from the defaults (or the reverse) -EBUSY, a role while
 *	REFLECT_PROMISC is set -EPERM.
 * GUESTLAN_CMD_FDB_GET		dump: FDB { MAC, VID, PORT_IFINDEX, FLAGS, AGE }
 *	of IFINDEX, optionally of one port (FDB { PORT_IFINDEX }).
 * GUESTLAN_CMD_FDB_ADD		FDB { MAC, VID (default 1), PORT_IFINDEX }: a
 *	static entry (replaces; -EBUSY if static on a port without
 *	TAKEOVER_SETVMAC).
 * GUESTLAN_CMD_FDB_DEL		FDB { MAC, VID }.
 * GUESTLAN_CMD_FDB_FLUSH	learned entries [of FDB { PORT_IFINDEX }]
 *	[and static ones with FLUSH_STATIC].
 * GUESTLAN_CMD_VLAN_ADD/DEL	PORT { IFINDEX, VLAN { VID, PVID, UNTAGGED } }.
 * GUESTLAN_CMD_GRANT_SET/DEL	PORT { IFINDEX, GRANT { VID..., UID, GID } }:
 *	the promiscuous grant (no VID: every VLAN of the port).
 *
 * Events, on the multicast group GUESTLAN_MCGRP_EVENTS ("events"):
 * GUESTLAN_CMD_PORT_NTF (attach, detach with PORT_A_REMOVED, changes),
 * GUESTLAN_CMD_SWITCH_NTF, GUESTLAN_CMD_PROMISC_NTF (PROMISC_STATE and
 * PROMISC_PREV_STATE), GUESTLAN_CMD_BRIDGEPORT_NTF (ROLE, BRIDGE_STATE,
 * PREV_BRIDGE_STATE; also a KOBJ_CHANGE uevent of the port device with
 * BRIDGEPORT=statechange ROLE= STATE=), GUESTLAN_CMD_HOST_NTF (hostnotify:
 * HOST_EVENT learned/aged with FDB { MAC, VID, PORT_IFINDEX }, reset,
 * abort).
 *
 * Promiscuous mode: the guest asks.  A container guest asks by making its
 * own interface -- the port's veth peer, in whatever netns -- promiscuous
 * in any way (ip link set eth0 promisc on, SIOCSIFFLAGS, a plain
 * tcpdump -i eth0).  The ioctl below asks too, on eth0 (the guest) or on
 * the port (the grant's owner: an agent for a VM guest whose virtio-net
 * request ends in QEMU, tools/qmp; or the admin); that request is the
 * module's own, sets no device's flag, and is dropped when the grant is
 * revoked (a new grant starts without it).  The port device's user flag
 * (ip link set PORT promisc on, SIOCSIFFLAGS) is the admin's request on
 * the guest's behalf.  Promiscuity the switch itself or a host packet
 * socket takes on the port never counts, nor does a peer that is itself a
 * port of a switch.
 * Without a grant a request is only recorded (PROMISC_STATE requested,
 * stats promisc-denied); with one the port gets a copy of every frame
 * crossing the switch in the granted VLANs it is a member of.  While a
 * packet tap is open on the switch device and it is promiscuous
 * (tcpdump -i lan0) those taps, and only they, get a tagged copy of every
 * frame on every VLAN.
 *
 * Who sees what: a port's PROMISC_STATE (off, requested, active) is public
 * -- port-get, promisc-ntf and GUESTLAN_IOC_GET_PROMISC give it to anyone
 * who can name the port.  Whether it has a grant, the grant's owner and
 * VLANs, and the ioctl's request are the admin's (CAP_NET_ADMIN) and the
 * owner's only.
 *
 * /dev/guestlan: ioctls on a device named by ifindex in the caller's
 * netns: a port, or a guest's own interface whose veth peer is a port.
 * GUESTLAN_IOC_SET_PROMISC asks (on = 1) or withdraws the request (0).
 * The caller needs CAP_NET_ADMIN over the named device's netns (a
 * container's root for its own eth0) or must be the grant's owner (UID,
 * GID); anyone else has no request: asking gets -EPERM (not counted),
 * withdrawing succeeds and changes nothing, whatever the port's state, so
 * neither tells a stranger anything of the grant.  Asking fails with
 * -EPERM when the port has no grant (counted as a denied request: that is
 * how the guest finds out why it sees nothing extra), and with -EAGAIN
 * when an unprivileged owner changes its request more than 10 times a
 * second.  A revoke, or a grant to another owner, drops the request.  GUESTLAN_IOC_GET_PROMISC reads the state.  Neither
 * takes RTNL unless the request changes.  -ENODEV: no such device;
 * -ENOTTY: neither a guestlan port nor a guest's interface of one.
 */
#ifndef _UAPI_LINUX_GUESTLAN_H
#define _UAPI_LINUX_GUESTLAN_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/guestlan_netlink.h>

/**
 * struct guestlan_promisc - argument of the /dev/guestlan ioctls
 * @ifindex: the port device, or the guest's own interface (a veth whose
 *	peer is a port), in the caller's network namespace
 * @on: GUESTLAN_IOC_SET_PROMISC: 1 to ask for promiscuous mode, 0 to
 *	withdraw; out: 1 if the port's request through this ioctl stands
 *	(0 to a caller who may not toggle the port)
 * @state: out: enum guestlan_promisc_state as the switch applies it
 * @granted: out: 1 if the port has a promiscuous grant (0 to a caller
 *	who may not toggle the port: neither CAP_NET_ADMIN nor the owner)
 */
struct guestlan_promisc {
	__u32	ifindex;
	__u32	on;
	__u32	state;
	__u32	granted;
};

#define GUESTLAN_IOC_MAGIC		0xb7
#define GUESTLAN_IOC_SET_PROMISC	_IOWR(GUESTLAN_IOC_MAGIC, 1, struct guestlan_promisc)
#define GUESTLAN_IOC_GET_PROMISC	_IOWR(GUESTLAN_IOC_MAGIC, 2, struct guestlan_promisc)

#endif /* _UAPI_LINUX_GUESTLAN_H */
