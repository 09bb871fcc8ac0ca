/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * guestlan: a software Guest LAN (virtual switch) for Linux.
 *
 * API DOC PLACEHOLDER
 */
#ifndef _UAPI_LINUX_GUESTLAN_H
#define _UAPI_LINUX_GUESTLAN_H

#include <linux/guestlan_netlink.h>

#endif /* _UAPI_LINUX_GUESTLAN_H */
