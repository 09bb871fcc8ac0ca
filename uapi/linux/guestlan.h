/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * guestlan: a software Guest LAN (virtual switch) for Linux.
 *
 * API DOC PLACEHOLDER
 */
#ifndef _UAPI_LINUX_GUESTLAN_H
#define _UAPI_LINUX_GUESTLAN_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/guestlan_netlink.h>

/**
 * struct guestlan_promisc - argument of the /dev/guestlan ioctls
 * @ifindex: the port device, in the caller's network namespace
 * @on: GUESTLAN_IOC_SET_PROMISC: 1 to turn promiscuous mode on, 0 off;
 *	GUESTLAN_IOC_GET_PROMISC: 1 if the guest asks for it (IFF_PROMISC)
 * @state: out: enum guestlan_promisc_state as the switch applies it
 * @granted: out: 1 if the port has a promiscuous grant
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
