/* SPDX-License-Identifier: GPL-2.0 */
/* Shared helpers of the guestlan KUnit suites (kmod/tests) */
#ifndef _GUESTLAN_TEST_H
#define _GUESTLAN_TEST_H

#include <kunit/test.h>
#include "guestlan.h"

#define GL_TEST_PORTS	4

/*
 * A switch with GL_TEST_PORTS ports on fake (never registered) net_devices:
 * ifindex 10 + i, running with carrier, VLAN 1 (pvid, untagged), default
 * VNIC characteristics, in sw->ports.  The host port sits on the switch's
 * own fake device.  With @fdb the FDB and hostnotify are initialised.
 */
struct gl_test_sw {
	struct gl_switch	*sw;
	struct gl_port		*port[GL_TEST_PORTS];
	bool			fdb;
};

int gl_test_sw_init(struct kunit *test, struct gl_test_sw *t, bool fdb);
void gl_test_sw_exit(struct gl_test_sw *t);

/* Per-port counters summed over the CPUs */
u64 gl_test_drops(const struct gl_port *p, enum gl_drop why);
u64 gl_test_learn_refused(const struct gl_port *p);
u64 gl_test_counter(const struct gl_port *p, size_t offset);
#define gl_test_stat(p, field) \
	gl_test_counter(p, offsetof(struct gl_pcpu_stats, field))

/* An Ethernet frame as the datapath gets it: MAC header pulled */
struct sk_buff *gl_test_frame(const u8 *dst, const u8 *src);

/* What the stubbed netlink notifications were asked to send */
#define GL_TEST_NTF_MAX	512
struct gl_test_ntf {
	spinlock_t		lock;
	unsigned int		n_host;
	struct {
		int			to_ifindex;
		struct gl_hn_event	ev;
	} host[GL_TEST_NTF_MAX];
	unsigned int		n_bp;
	unsigned int		n_guard;
};
extern struct gl_test_ntf gl_test_ntf;
void gl_test_ntf_reset(void);

#endif /* _GUESTLAN_TEST_H */
