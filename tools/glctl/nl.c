// SPDX-License-Identifier: GPL-2.0
/*
 * glctl netlink I/O (see nl.h).  Nothing here prints but the errors of a
 * request; the answers go to the caller's callback.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "glctl.h"
#include "json.h"
#include "names.h"
#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif
/* Older headers lack these; the values are fixed uapi. */
#define GL_NLMSGERR_ATTR_MSG		1
#define GL_NLMSGERR_ATTR_MISS_TYPE	5
#define GL_NLMSGERR_ATTR_MISS_NEST	6

struct mnl_socket *nl;
uint16_t family_id;
static unsigned int nl_portid;
static uint32_t nl_seq;
static uint32_t events_grp, hostnotify_grp, guard_grp;
static bool events_grp_found, hostnotify_grp_found, guard_grp_found;
static bool dump_intr;

/*
 * Large enough for any message the kernel sends us: a port in every VLAN,
 * scattered, with a grant on every other one, takes some 90 KiB (port
 * dumps then come in skbs that large).
 */
static char rxbuf[262144] __aligned(NLMSG_ALIGNTO);
/* A grant may carry all 4094 VIDs (8 bytes each). */
static char txbuf[40960] __aligned(NLMSG_ALIGNTO);

/* Extended ack of the last request. */
static struct {
	char msg[256];
	bool has_miss;
	bool miss_in_nest;
	uint32_t miss_type;
} ext;

bool attr_uint(const struct nlattr *a, uint64_t *v)
{
	if (!a)
		return false;
	switch (mnl_attr_get_payload_len(a)) {
	case 1:
		*v = mnl_attr_get_u8(a);
		return true;
	case 2:
		*v = mnl_attr_get_u16(a);
		return true;
	case 4:
		*v = mnl_attr_get_u32(a);
		return true;
	case 8:
		*v = mnl_attr_get_u64(a);
		return true;
	}
	return false;
}

/* A NUL-terminated string attribute, or NULL if absent/malformed. */
const char *attr_str(const struct nlattr *a)
{
	const char *s;
	uint16_t len;

	if (!a)
		return NULL;
	len = mnl_attr_get_payload_len(a);
	s = mnl_attr_get_str(a);
	if (!len || memchr(s, '\0', len) == NULL)
		return NULL;
	return s;
}

bool genl_ok(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len >= mnl_nlmsg_size(GENL_HDRLEN);
}

static void nl_open(void)
{
	int one = 1;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl)
		die("cannot open generic netlink socket: %s", strerror(errno));
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot bind netlink socket: %s", strerror(errno));
	nl_portid = mnl_socket_get_portid(nl);
	/* Both are best effort: old kernels just give plain errnos. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));
}

static void parse_ext_ack(const struct nlmsghdr *nlh, unsigned int offset)
{
	const struct nlattr *a;

	memset(&ext, 0, sizeof(ext));
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (mnl_nlmsg_size(offset) > nlh->nlmsg_len)
		return;
	mnl_attr_for_each(a, nlh, offset) {
		switch (mnl_attr_get_type(a)) {
		case GL_NLMSGERR_ATTR_MSG: {
			const char *s = attr_str(a);

			if (s)
				snprintf(ext.msg, sizeof(ext.msg), "%s", s);
			break;
		}
		case GL_NLMSGERR_ATTR_MISS_TYPE:
			if (mnl_attr_get_payload_len(a) >= 4) {
				ext.has_miss = true;
				ext.miss_type = mnl_attr_get_u32(a);
			}
			break;
		case GL_NLMSGERR_ATTR_MISS_NEST:
			ext.miss_in_nest = true;
			break;
		}
	}
}

/* NLMSG_ERROR: 0 for an ack, -errno otherwise; fills ext. */
static int parse_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	memset(&ext, 0, sizeof(ext));
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err)))
		return -EBADMSG;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    err->msg.nlmsg_len > sizeof(struct nlmsghdr))
		off += NLMSG_ALIGN(err->msg.nlmsg_len - sizeof(struct nlmsghdr));
	parse_ext_ack(nlh, off);
	if (err->error > 0)
		return -err->error;
	return err->error;
}

/* NLMSG_DONE may carry the dump's error and an extack. */
static int parse_done(const struct nlmsghdr *nlh)
{
	int error = 0;

	memset(&ext, 0, sizeof(ext));
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int))) {
		memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(int));
		parse_ext_ack(nlh, sizeof(int));
	}
	return error > 0 ? -error : error;
}

int nl_recv(const struct nlmsghdr **first)
{
	ssize_t n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));

	if (n < 0)
		return -errno;
	*first = (const struct nlmsghdr *)rxbuf;
	return n;
}

/*
 * Send a request and read the answer up to its ack (do: NLM_F_ACK is always
 * set) or NLMSG_DONE (dump).  Returns 0 or -errno, ext holds the extack.
 */
int nl_talk(struct nlmsghdr *nlh, msg_cb_t cb, void *data)
{
	uint32_t seq = ++nl_seq;

	nlh->nlmsg_seq = seq;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	memset(&ext, 0, sizeof(ext));
	dump_intr = false;

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		const struct nlmsghdr *h;
		int len, ret;

		len = nl_recv(&h);
		if (len == -EINTR)
			continue;
		if (len < 0)
			return len;
		for (; mnl_nlmsg_ok(h, len); h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_seq != seq || h->nlmsg_pid != nl_portid)
				continue;
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				dump_intr = true;
			switch (h->nlmsg_type) {
			case NLMSG_NOOP:
				break;
			case NLMSG_ERROR:
				return parse_error(h);
			case NLMSG_DONE:
				return parse_done(h);
			case NLMSG_OVERRUN:
				return -ENOBUFS;
			default:
				if (!cb)
					break;
				ret = cb(h, data);
				if (ret < 0)
					return ret;
			}
		}
	}
}

/* Report a failed request like iproute2 does and exit. */
void nl_fail(int err)
{
	json_abort();
	fflush(stdout);
	if (ext.msg[0]) {
		size_t l = strlen(ext.msg);

		fprintf(stderr, "Error: %s%s", ext.msg,
			l && ext.msg[l - 1] == '\n' ? "" : "\n");
	} else if (ext.has_miss) {
		const char *name = NULL;

		/* The spec's name of a top-level attribute. */
		if (!ext.miss_in_nest &&
		    ext.miss_type < ARRAY_SIZE(gl_attr_names))
			name = gl_attr_names[ext.miss_type];
		if (name)
			fprintf(stderr, "glctl: %s (missing attribute \"%s\")\n",
				strerror(-err), name);
		else
			fprintf(stderr, "glctl: %s (missing attribute %" PRIu32 "%s)\n",
				strerror(-err), ext.miss_type,
				ext.miss_in_nest ? " in a nest" : "");
	} else {
		fprintf(stderr, "glctl: %s\n", strerror(-err));
	}
	exit(1);
}

void nl_request(struct nlmsghdr *nlh, msg_cb_t cb, void *data)
{
	int err = nl_talk(nlh, cb, data);

	if (err < 0)
		nl_fail(err);
	if (ext.msg[0])
		fprintf(stderr, "Warning: %s\n", ext.msg);
	/* as iproute2: the kernel's dump walked a list that changed */
	if (dump_intr)
		fprintf(stderr,
			"Warning: the dump was interrupted by changes and may be inconsistent; run it again\n");
}

static struct nlmsghdr *genl_msg(uint16_t type, uint8_t cmd, uint8_t version,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(txbuf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static void parse_nested(const struct nlattr *nest, const struct nlattr **tb,
			 unsigned int max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		if (t <= max)
			tb[t] = a;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *a, *grp;
	uint64_t v;

	(void)data;
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		switch (mnl_attr_get_type(a)) {
		case CTRL_ATTR_FAMILY_ID:
			if (attr_uint(a, &v))
				family_id = v;
			break;
		case CTRL_ATTR_MCAST_GROUPS:
			mnl_attr_for_each_nested(grp, a) {
				const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
				const char *name;

				parse_nested(grp, gtb, CTRL_ATTR_MCAST_GRP_MAX);
				name = attr_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]);
				if (!name ||
				    !attr_uint(gtb[CTRL_ATTR_MCAST_GRP_ID], &v))
					continue;
				if (!strcmp(name, GUESTLAN_MCGRP_EVENTS)) {
					events_grp = v;
					events_grp_found = true;
				} else if (!strcmp(name, GUESTLAN_MCGRP_HOSTNOTIFY)) {
					hostnotify_grp = v;
					hostnotify_grp_found = true;
				} else if (!strcmp(name, GUESTLAN_MCGRP_GUARD)) {
					guard_grp = v;
					guard_grp_found = true;
				}
			}
			break;
		}
	}
	return 0;
}

void resolve_family(void)
{
	struct nlmsghdr *nlh;
	int err;

	if (nl)
		return;
	nl_open();
	nlh = genl_msg(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, GUESTLAN_GENL_NAME);
	err = nl_talk(nlh, family_cb, NULL);
	if (err == -ENOENT || (!err && !family_id)) {
		fprintf(stderr,
			"Error: guestlan module not loaded (generic netlink family \"%s\" not found)\n",
			GUESTLAN_GENL_NAME);
		exit(1);
	}
	if (err < 0)
		nl_fail(err);
}

/*
 * Join the group @grp (@found: the family has it) named @name; an error
 * is fatal if @must, else a warning that @what are not shown.
 */
static void nl_join(uint32_t grp, bool found, const char *name, bool must,
		    const char *what)
{
	const char *hint = "";

	if (!found) {
		if (must)
			die("the guestlan family has no \"%s\" multicast group (an older module)",
			    name);
		return;
	}
	if (!mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &grp,
				   sizeof(grp)))
		return;
	if (errno == EPERM)
		hint = " (it needs CAP_NET_ADMIN over the network namespace)";
	if (must)
		die("cannot join the \"%s\" group: %s%s", name,
		    strerror(errno), hint);
	fprintf(stderr, "glctl: %s not shown: cannot join the \"%s\" group: %s\n",
		what, name, strerror(errno));
}

void nl_join_events(bool guard_only)
{
	/* a burst (hostnotify's list of a 64k-entry FDB) must not overrun */
	int rcvbuf = 32 << 20;

	resolve_family();
	if (setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUFFORCE,
		       &rcvbuf, sizeof(rcvbuf)) < 0)
		setsockopt(mnl_socket_get_fd(nl), SOL_SOCKET, SO_RCVBUF,
			   &rcvbuf, sizeof(rcvbuf));
	if (guard_only) {
		nl_join(guard_grp, guard_grp_found, GUESTLAN_MCGRP_GUARD, true,
			NULL);
		return;
	}
	nl_join(events_grp, events_grp_found, GUESTLAN_MCGRP_EVENTS, true,
		NULL);
	/* host and guard events are for admins only (CAP_NET_ADMIN) */
	nl_join(hostnotify_grp, hostnotify_grp_found,
		GUESTLAN_MCGRP_HOSTNOTIFY, false, "host events");
	nl_join(guard_grp, guard_grp_found, GUESTLAN_MCGRP_GUARD, false,
		"guard events");
}

struct nlmsghdr *switch_msg(uint8_t cmd, uint16_t flags, uint32_t ifindex)
{
	struct nlmsghdr *nlh;

	resolve_family();
	nlh = genl_msg(family_id, cmd, GUESTLAN_GENL_VERSION, flags);
	if (ifindex)
		mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, ifindex);
	return nlh;
}

struct nlattr *port_nest_start(struct nlmsghdr *nlh, uint32_t port)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);

	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port);
	return nest;
}

void put_flag(struct nlmsghdr *nlh, uint16_t type, bool set)
{
	if (set)
		mnl_attr_put(nlh, type, 0, NULL);
}

size_t nl_tx_room(const struct nlmsghdr *nlh)
{
	return sizeof(txbuf) - nlh->nlmsg_len;
}
