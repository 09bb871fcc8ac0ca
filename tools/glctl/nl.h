/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glctl netlink I/O: the generic netlink socket, the guestlan family, one
 * request and its answers up to the ack or the end of the dump, the
 * extended ack.
 */
#ifndef GLCTL_NL_H
#define GLCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

struct nlmsghdr;

/* Called for every answer of a request; < 0 stops with that error. */
typedef int (*msg_cb_t)(const struct nlmsghdr *nlh, void *data);

extern struct mnl_socket *nl;
extern uint16_t family_id;

/* Socket and family, once; exits if the module is not loaded. */
void resolve_family(void);
/* The "events" multicast group; exits if there is none or on failure. */
void nl_join_events(bool guard_only);
/* Receive into the shared buffer; returns its length, or -errno. */
int nl_recv(const struct nlmsghdr **first);

/* A request on the switch @ifindex (0: none, e.g. to dump every switch). */
struct nlmsghdr *switch_msg(uint8_t cmd, uint16_t flags, uint32_t ifindex);
/* Start the GUESTLAN_A_PORT nest of a request on port @port. */
struct nlattr *port_nest_start(struct nlmsghdr *nlh, uint32_t port);
void put_flag(struct nlmsghdr *nlh, uint16_t type, bool set);
/* Bytes left in the buffer of request @nlh. */
size_t nl_tx_room(const struct nlmsghdr *nlh);

/* Send, read up to the ack or NLMSG_DONE; 0 or -errno. */
int nl_talk(struct nlmsghdr *nlh, msg_cb_t cb, void *data);
/* nl_talk() that reports an error like iproute2 and exits. */
void nl_request(struct nlmsghdr *nlh, msg_cb_t cb, void *data);
void __attribute__((__noreturn__)) nl_fail(int err);

bool genl_ok(const struct nlmsghdr *nlh);

/* Attribute helpers. */
bool attr_uint(const struct nlattr *a, uint64_t *v);
const char *attr_str(const struct nlattr *a);

#endif /* GLCTL_NL_H */
