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

static inline void gl_compat_set_lltx(struct net_device *dev)
{
#ifdef NETIF_F_LLTX
	dev->features |= NETIF_F_LLTX;
#else
	dev->lltx = true;
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

#endif /* _GUESTLAN_COMPAT_H */
