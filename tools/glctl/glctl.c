// SPDX-License-Identifier: GPL-2.0
/*
 * glctl - manage guestlan virtual switches over generic netlink.
 *
 * iproute2 in look and feel:
 *
 *	glctl [-j] [-p] [-s] show [DEV]
 *	glctl [-j] [-s] port show [DEV]
 *	glctl port set DEV port PORT [VNICC...] [max-learned N]
 *		[role ROLE] [reflect_promisc ROLE] [hostnotify on|off]
 *	glctl [-j] fdb show DEV [port PORT]
 *	glctl fdb add DEV mac MAC [vlan VID] port PORT
 *	glctl fdb del DEV mac MAC [vlan VID]
 *	glctl fdb flush DEV [port PORT] [static]
 *	glctl set DEV [ageing SECS] [max-learned N]
 *		[unknown-unicast flood|bridgeport-only]
 *	glctl [-j] [-p] vlan show DEV [port PORT]
 *	glctl vlan add DEV port PORT vid VID [pvid] [untagged]
 *	glctl vlan del DEV port PORT vid VID
 *	glctl grant DEV port PORT promisc [vlan LIST] [uid UID] [gid GID]
 *	glctl revoke DEV port PORT promisc
 *	glctl [-j] [-p] promisc PORT [on | off]
 *	glctl [-j] monitor
 *
 * "promisc" uses the ioctls of /dev/guestlan (uapi/linux/guestlan.h), so
 * that the owner of a grant may use it without CAP_NET_ADMIN; all else
 * is the generic netlink family described in uapi/specs/guestlan.yaml.  Attributes and
 * commands this tool does not know are printed generically, so a newer
 * kernel module keeps working with an older glctl.
 */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/guestlan.h>
#include <linux/guestlan_netlink.h>

#define GLCTL_VERSION	"1.0"

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

/*
 * The last attribute of each set this tool knows how to print.  Anything
 * above is printed generically ("attr_N"), also when the uapi header grows
 * before glctl learns about the new attributes.
 */
#define GL_A_MAX	GUESTLAN_A_HOST_EVENT
#define GL_PORT_A_MAX	GUESTLAN_PORT_A_HOSTNOTIFY
#define GL_FDB_A_MAX	GUESTLAN_FDB_A_AGE
#define GL_VLAN_A_MAX	GUESTLAN_VLAN_A_VID_END
#define GL_GRANT_A_MAX	GUESTLAN_GRANT_A_RANGE

#define GL_DEV_PATH	"/dev/guestlan"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __noreturn	__attribute__((__noreturn__))
#define __printf(a, b)	__attribute__((__format__(printf, a, b)))
#define __aligned(x)	__attribute__((__aligned__(x)))

static bool json;
static bool pretty;
static bool show_stats;

/* ------------------------------------------------------------------ */
/* Errors and usage                                                    */
/* ------------------------------------------------------------------ */

static void json_abort(void);

static void __noreturn __printf(1, 2)
die(const char *fmt, ...)
{
	va_list ap;

	json_abort();
	fflush(stdout);
	fputs("glctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage_text(FILE *f)
{
	fputs("Usage: glctl [OPTIONS] OBJECT { COMMAND | help }\n"
	      "\n"
	      "       glctl [-j] [-p] [-s] show [DEV]\n"
	      "       glctl [-j] [-p] [-s] port show [DEV]\n"
	      "       glctl port set DEV port PORT [ VNICC ] [max-learned N]\n"
	      "                      [role ROLE] [reflect_promisc ROLE]\n"
	      "                      [hostnotify on|off]\n"
	      "       glctl [-j] [-p] fdb show DEV [port PORT]\n"
	      "       glctl fdb add DEV mac MAC [vlan VID] port PORT\n"
	      "       glctl fdb del DEV mac MAC [vlan VID]\n"
	      "       glctl fdb flush DEV [port PORT] [static]\n"
	      "       glctl set DEV [ageing SECS] [max-learned N]\n"
	      "                     [unknown-unicast flood|bridgeport-only]\n"
	      "       glctl [-j] [-p] vlan show DEV [port PORT]\n"
	      "       glctl vlan add DEV port PORT vid VID [pvid] [untagged]\n"
	      "       glctl vlan del DEV port PORT vid VID\n"
	      "       glctl grant DEV port PORT promisc [vlan VLIST] [uid UID]\n"
	      "                                         [gid GID]\n"
	      "       glctl revoke DEV port PORT promisc\n"
	      "       glctl [-j] [-p] promisc PORT [on | off]\n"
	      "       glctl [-j] monitor\n"
	      "       glctl help\n"
	      "\n"
	      "OPTIONS := { -j[son] | -p[retty] | -s[tatistics] | -V[ersion] |\n"
	      "             -h[elp] }\n"
	      "VNICC := { flooding on|off | mcast_flooding on|off |\n"
	      "           rx_bcast on|off | learning on|off |\n"
	      "           learning_timeout SECS | takeover_learning on|off |\n"
	      "           takeover_setvmac on|off | bridge_invisible on|off }\n"
	      "ROLE := { none | primary | secondary }\n"
	      "\n"
	      "DEV is a guestlan switch device, PORT one of its ports (for vlan,\n"
	      "also DEV itself: the switch's host port).\n"
	      "VID is 1..4094 (default 1), SECS 1..1000000, N 0..4294967295\n"
	      "(0 = no limit), MAC is xx:xx:xx:xx:xx:xx.\n"
	      "VLIST is VIDs and ranges, e.g. 10,20,30-32 (default: all VLANs of\n"
	      "the port); UID and GID (numbers or names) own the grant: they may\n"
	      "turn promiscuous mode on and off with \"glctl promisc\".\n"
	      "In \"port show\", \"vlans 1PU,10\" marks the PVID with P and\n"
	      "egress-untagged VLANs with U.\n"
	      "\"port set\" takes \"-\" or \"_\" in its keywords; the VNIC\n"
	      "characteristics (defaults: flooding, mcast_flooding, rx_bcast,\n"
	      "learning, takeover_learning on, the others off, learning_timeout\n"
	      "0 = the switch's ageing) cannot change while the port has a\n"
	      "role, nor can a role be given while they differ from the\n"
	      "defaults.  The port's max-learned caps its learned MACs\n"
	      "(0 = no cap).  With reflect_promisc, the port's promiscuous\n"
	      "flag sets its role.  hostnotify on sends host events (MACs\n"
	      "learned and aged on the LAN) to \"glctl monitor\".\n"
	      "unknown-unicast bridgeport-only sends frames for unknown MACs\n"
	      "only to the active bridge port.\n", f);
}

static void __noreturn usage(void)
{
	usage_text(stderr);
	exit(1);
}

static void __noreturn __printf(1, 2)
usage_err(const char *fmt, ...)
{
	va_list ap;

	fputs("glctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry \"glctl help\".\n", stderr);
	exit(1);
}

/* ------------------------------------------------------------------ */
/* A tiny JSON writer                                                  */
/* ------------------------------------------------------------------ */

#define JSON_MAX_DEPTH	32

static struct {
	int depth;
	bool first[JSON_MAX_DEPTH];
	char close[JSON_MAX_DEPTH];
	/* top-level array opened lazily, see json_list_begin() */
	bool list;
	bool list_open;
} jw;

static void json_indent(void)
{
	int i;

	if (!pretty)
		return;
	fputc('\n', stdout);
	for (i = 0; i < jw.depth; i++)
		fputs("    ", stdout);
}

static void json_string(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', stdout);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				fputc(*p, stdout);
		}
	}
	fputc('"', stdout);
}

/* Separator and indentation before a value or key at the current level. */
static void json_sep(void)
{
	if (jw.depth == 0) {
		jw.first[0] = false;
		return;
	}
	if (!jw.first[jw.depth])
		fputc(',', stdout);
	jw.first[jw.depth] = false;
	json_indent();
}

static void json_key(const char *key)
{
	json_sep();
	if (key) {
		json_string(key);
		fputs(pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char open, char close)
{
	json_key(key);
	if (jw.depth + 1 >= JSON_MAX_DEPTH)
		die("JSON nesting too deep");
	fputc(open, stdout);
	jw.depth++;
	jw.first[jw.depth] = true;
	jw.close[jw.depth] = close;
}

static void json_obj_open(const char *key)
{
	json_open(key, '{', '}');
}

static void json_arr_open(const char *key)
{
	json_open(key, '[', ']');
}

static void json_close(void)
{
	bool empty = jw.first[jw.depth];
	char c = jw.close[jw.depth];

	jw.depth--;
	if (!empty)
		json_indent();
	fputc(c, stdout);
	if (jw.depth == 0 && !jw.list)
		fputc('\n', stdout);
}

static void json_str(const char *key, const char *val)
{
	json_key(key);
	json_string(val);
}

static void json_u64(const char *key, uint64_t val)
{
	json_key(key);
	printf("%" PRIu64, val);
}

static void json_bool(const char *key, bool val)
{
	json_key(key);
	fputs(val ? "true" : "false", stdout);
}

/*
 * show/port show/fdb show always print one JSON array.  It is opened when
 * the first element is printed or at json_list_end(), so that an error on
 * the request itself leaves stdout empty.
 */
static void json_list_begin(void)
{
	if (!json)
		return;
	jw.list = true;
	jw.list_open = false;
}

static void json_list_elem(void)
{
	if (!json || !jw.list || jw.list_open)
		return;
	jw.list_open = true;
	json_arr_open(NULL);
}

static void json_list_end(void)
{
	if (!json || !jw.list)
		return;
	json_list_elem();
	jw.list = false;
	json_close();
}

/* Keep stdout valid JSON when we bail out half way. */
static void json_abort(void)
{
	if (!json)
		return;
	jw.list = jw.list_open = false;
	while (jw.depth > 0)
		json_close();
}

/* ------------------------------------------------------------------ */
/* Attribute helpers                                                   */
/* ------------------------------------------------------------------ */

static bool attr_uint(const struct nlattr *a, uint64_t *v)
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
static const char *attr_str(const struct nlattr *a)
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

static void parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
		       unsigned int max)
{
	const struct nlattr *a;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		unsigned int t = mnl_attr_get_type(a);

		if (t <= max)
			tb[t] = a;
	}
}

static const char *ifname_of(uint32_t ifindex, char *buf)
{
	if (if_indextoname(ifindex, buf))
		return buf;
	snprintf(buf, IF_NAMESIZE, "%" PRIu32, ifindex);
	return buf;
}

static uint32_t dev_index(const char *name)
{
	unsigned int idx;

	if (strlen(name) >= IF_NAMESIZE)
		die("Device name \"%s\" is too long", name);
	idx = if_nametoindex(name);
	if (!idx) {
		json_abort();
		fprintf(stderr, "Cannot find device \"%s\"\n", name);
		exit(1);
	}
	return idx;
}

/*
 * Attributes we do not know (from a newer kernel module): nests are
 * recursed into if flagged NLA_F_NESTED, strings printed as such,
 * 1/2/4/8 byte payloads as unsigned numbers, anything else as hex.
 */
static bool attr_looks_string(const struct nlattr *a)
{
	const unsigned char *p = mnl_attr_get_payload(a);
	uint16_t len = mnl_attr_get_payload_len(a);
	uint16_t i;

	if (len < 4 || p[len - 1] != '\0')
		return false;
	for (i = 0; i < len - 1; i++)
		if (p[i] < 0x20 || p[i] >= 0x7f)
			return false;
	return true;
}

static void print_unknown_attr(const struct nlattr *a);

static void print_unknown_nest(const struct nlattr *nest)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		print_unknown_attr(a);
}

static void print_unknown_attr(const struct nlattr *a)
{
	const unsigned char *p = mnl_attr_get_payload(a);
	uint16_t len = mnl_attr_get_payload_len(a);
	unsigned int type = mnl_attr_get_type(a);
	char key[24];
	uint64_t v;
	uint16_t i;

	snprintf(key, sizeof(key), "attr_%u", type);

	if (a->nla_type & NLA_F_NESTED) {
		if (json) {
			json_obj_open(key);
			print_unknown_nest(a);
			json_close();
		} else {
			printf(" attr%u {", type);
			print_unknown_nest(a);
			printf(" }");
		}
	} else if (len == 0) {
		if (json)
			json_bool(key, true);
		else
			printf(" attr%u", type);
	} else if (attr_looks_string(a)) {
		if (json)
			json_str(key, (const char *)p);
		else
			printf(" attr%u \"%s\"", type, (const char *)p);
	} else if (attr_uint(a, &v)) {
		if (json)
			json_u64(key, v);
		else
			printf(" attr%u %" PRIu64, type, v);
	} else {
		char *hex = malloc(2 * len + 1);

		if (!hex)
			die("out of memory");
		for (i = 0; i < len; i++)
			sprintf(hex + 2 * i, "%02x", p[i]);
		hex[2 * len] = '\0';
		if (json)
			json_str(key, hex);
		else
			printf(" attr%u 0x%s", type, hex);
		free(hex);
	}
}

/* Print the attributes of a nest (or message) with a type above @max. */
static void print_unknown_nested(const struct nlattr *nest, unsigned int max)
{
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) > max)
			print_unknown_attr(a);
}

static void print_unknown_genl(const struct nlmsghdr *nlh, unsigned int max)
{
	const struct nlattr *a;

	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(a) > max)
			print_unknown_attr(a);
}

/* ------------------------------------------------------------------ */
/* Netlink plumbing                                                    */
/* ------------------------------------------------------------------ */

static struct mnl_socket *nl;
static unsigned int nl_portid;
static uint32_t nl_seq;
static uint16_t family_id;
static uint32_t events_grp;
static bool events_grp_found;

/* Large enough for any dump skb the kernel builds for us. */
static char rxbuf[65536] __aligned(NLMSG_ALIGNTO);
/* A grant may carry all 4094 VIDs (8 bytes each). */
static char txbuf[40960] __aligned(NLMSG_ALIGNTO);

/* Extended ack of the last request. */
static struct {
	char msg[256];
	bool has_miss;
	bool miss_in_nest;
	uint32_t miss_type;
} ext;

typedef int (*msg_cb_t)(const struct nlmsghdr *nlh, void *data);

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

/*
 * Send a request and read the answer up to its ack (do: NLM_F_ACK is always
 * set) or NLMSG_DONE (dump).  Returns 0 or -errno, ext holds the extack.
 */
static int nl_talk(struct nlmsghdr *nlh, msg_cb_t cb, void *data)
{
	uint32_t seq = ++nl_seq;
	ssize_t n;

	nlh->nlmsg_seq = seq;
	if (!(nlh->nlmsg_flags & NLM_F_DUMP))
		nlh->nlmsg_flags |= NLM_F_ACK;
	memset(&ext, 0, sizeof(ext));

	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		const struct nlmsghdr *h;
		int len, ret;

		n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		len = n;
		for (h = (const struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len)) {
			if (h->nlmsg_seq != seq || h->nlmsg_pid != nl_portid)
				continue;
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

static const char *const guestlan_attr_names[] = {
	[GUESTLAN_A_IFINDEX]		= "ifindex",
	[GUESTLAN_A_IFNAME]		= "ifname",
	[GUESTLAN_A_AGEING_TIME]	= "ageing-time",
	[GUESTLAN_A_MAX_LEARNED]	= "max-learned",
	[GUESTLAN_A_FDB_COUNT]		= "fdb-count",
	[GUESTLAN_A_FDB_LEARNED]	= "fdb-learned",
	[GUESTLAN_A_N_PORTS]		= "n-ports",
	[GUESTLAN_A_STATS]		= "stats",
	[GUESTLAN_A_PORT]		= "port",
	[GUESTLAN_A_FDB]		= "fdb",
	[GUESTLAN_A_FLUSH_STATIC]	= "flush-static",
	[GUESTLAN_A_UNKNOWN_UNICAST]	= "unknown-unicast",
	[GUESTLAN_A_HOST_EVENT]		= "host-event",
};

/* Report a failed request like iproute2 does and exit. */
static void __noreturn nl_fail(int err)
{
	json_abort();
	fflush(stdout);
	if (ext.msg[0]) {
		size_t l = strlen(ext.msg);

		fprintf(stderr, "Error: %s%s", ext.msg,
			l && ext.msg[l - 1] == '\n' ? "" : "\n");
	} else if (ext.has_miss) {
		const char *name = NULL;

		if (!ext.miss_in_nest &&
		    ext.miss_type < ARRAY_SIZE(guestlan_attr_names))
			name = guestlan_attr_names[ext.miss_type];
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

static void nl_warn(void)
{
	if (ext.msg[0])
		fprintf(stderr, "Warning: %s\n", ext.msg);
}

/* nl_talk() that exits on error. */
static void nl_request(struct nlmsghdr *nlh, msg_cb_t cb, void *data)
{
	int err = nl_talk(nlh, cb, data);

	if (err < 0)
		nl_fail(err);
	nl_warn();
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

static struct nlmsghdr *gl_msg(uint8_t cmd, uint16_t flags)
{
	return genl_msg(family_id, cmd, GUESTLAN_GENL_VERSION, flags);
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *grp;
	uint64_t v;

	(void)data;
	parse_genl(nlh, tb, CTRL_ATTR_MAX);
	if (attr_uint(tb[CTRL_ATTR_FAMILY_ID], &v))
		family_id = v;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	mnl_attr_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS]) {
		const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
		const char *name;

		parse_nested(grp, gtb, CTRL_ATTR_MCAST_GRP_MAX);
		name = attr_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]);
		if (name && !strcmp(name, GUESTLAN_MCGRP_EVENTS) &&
		    attr_uint(gtb[CTRL_ATTR_MCAST_GRP_ID], &v)) {
			events_grp = v;
			events_grp_found = true;
		}
	}
	return 0;
}

static void resolve_family(void)
{
	struct nlmsghdr *nlh;
	int err;

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

/* ------------------------------------------------------------------ */
/* Printing                                                            */
/* ------------------------------------------------------------------ */

static const struct {
	const char *name;	/* JSON key: spec name with '-' -> '_' */
	const char *group;	/* text: line it is printed on */
	const char *label;	/* text: label within the line */
} stats_desc[] = {
	[GUESTLAN_STATS_A_RX_PACKETS]	 = { "rx_packets", "RX:", "packets" },
	[GUESTLAN_STATS_A_RX_BYTES]	 = { "rx_bytes", "RX:", "bytes" },
	[GUESTLAN_STATS_A_RX_ACCEPTED]	 = { "rx_accepted", "RX:", "accepted" },
	[GUESTLAN_STATS_A_TX_PACKETS]	 = { "tx_packets", "TX:", "packets" },
	[GUESTLAN_STATS_A_TX_BYTES]	 = { "tx_bytes", "TX:", "bytes" },
	[GUESTLAN_STATS_A_FLOODED]	 = { "flooded", "TX:", "flooded" },
	[GUESTLAN_STATS_A_DROP_RUNT]	 = { "drop_runt", "drop:", "runt" },
	[GUESTLAN_STATS_A_DROP_BAD_SRC]	 = { "drop_bad_src", "drop:", "bad-src" },
	[GUESTLAN_STATS_A_DROP_VLAN]	 = { "drop_vlan", "drop:", "vlan" },
	[GUESTLAN_STATS_A_DROP_LOOP]	 = { "drop_loop", "drop:", "loop" },
	[GUESTLAN_STATS_A_DROP_DOWN]	 = { "drop_down", "drop:", "down" },
	[GUESTLAN_STATS_A_DROP_MTU]	 = { "drop_mtu", "drop:", "mtu" },
	[GUESTLAN_STATS_A_DROP_NOMEM]	 = { "drop_nomem", "drop:", "nomem" },
	[GUESTLAN_STATS_A_LEARN_REFUSED] = { "learn_refused", "learn:", "refused" },
	[GUESTLAN_STATS_A_PROMISC_TX]	 = { "promisc_tx", "promisc:", "tx" },
	[GUESTLAN_STATS_A_PROMISC_DENIED] = { "promisc_denied", "promisc:", "denied" },
	[GUESTLAN_STATS_A_DROP_FILTERED] = { "drop_filtered", "drop:", "filtered" },
};

/* Printing order: counters of a text group together; every known one. */
static const unsigned char stats_order[] = {
	GUESTLAN_STATS_A_RX_PACKETS, GUESTLAN_STATS_A_RX_BYTES,
	GUESTLAN_STATS_A_RX_ACCEPTED, GUESTLAN_STATS_A_TX_PACKETS, GUESTLAN_STATS_A_TX_BYTES,
	GUESTLAN_STATS_A_FLOODED,
	GUESTLAN_STATS_A_DROP_RUNT, GUESTLAN_STATS_A_DROP_BAD_SRC,
	GUESTLAN_STATS_A_DROP_VLAN, GUESTLAN_STATS_A_DROP_LOOP,
	GUESTLAN_STATS_A_DROP_DOWN, GUESTLAN_STATS_A_DROP_MTU,
	GUESTLAN_STATS_A_DROP_NOMEM, GUESTLAN_STATS_A_DROP_FILTERED,
	GUESTLAN_STATS_A_LEARN_REFUSED,
	GUESTLAN_STATS_A_PROMISC_TX, GUESTLAN_STATS_A_PROMISC_DENIED,
};
_Static_assert(ARRAY_SIZE(stats_order) == ARRAY_SIZE(stats_desc) -
	       GUESTLAN_STATS_A_RX_PACKETS, "stats_order misses a counter");

static const char *const unknown_unicast_names[] = {
	[GUESTLAN_UNKNOWN_UNICAST_FLOOD]		= "flood",
	[GUESTLAN_UNKNOWN_UNICAST_BRIDGEPORT_ONLY]	= "bridgeport-only",
};

static const char *const bridge_role_names[] = {
	[GUESTLAN_BRIDGE_ROLE_NONE]		= "none",
	[GUESTLAN_BRIDGE_ROLE_PRIMARY]		= "primary",
	[GUESTLAN_BRIDGE_ROLE_SECONDARY]	= "secondary",
};

static const char *const bridge_state_names[] = {
	[GUESTLAN_BRIDGE_STATE_INACTIVE]	= "inactive",
	[GUESTLAN_BRIDGE_STATE_STANDBY]		= "standby",
	[GUESTLAN_BRIDGE_STATE_ACTIVE]		= "active",
};

static const char *const host_event_names[] = {
	[GUESTLAN_HOST_EVENT_LEARNED]	= "learned",
	[GUESTLAN_HOST_EVENT_AGED]	= "aged",
	[GUESTLAN_HOST_EVENT_RESET]	= "reset",
	[GUESTLAN_HOST_EVENT_ABORT]	= "abort",
};

/* An enum value as its name; a newer value as its number. */
#define ENUM_STR(names, v, buf)	enum_str(names, ARRAY_SIZE(names), v, \
					 buf, sizeof(buf))

static const char *enum_str(const char *const *names, size_t n, uint64_t v,
			    char *buf, size_t len)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

/* A 6-byte MAC attribute as "xx:xx:xx:xx:xx:xx"; "" if absent/malformed. */
static const char *attr_mac(const struct nlattr *a, char buf[18])
{
	const unsigned char *m;

	buf[0] = '\0';
	if (!a || mnl_attr_get_payload_len(a) != 6)
		return buf;
	m = mnl_attr_get_payload(a);
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

/*
 * Counters.  JSON: an object "stats" with every counter present.  Text
 * (only with -s): one indented line per group, e.g.
 *	    RX: packets 10 bytes 1000
 */
static void print_stats(const struct nlattr *nest)
{
	const struct nlattr *tb[ARRAY_SIZE(stats_desc)];
	const char *group = NULL;
	unsigned int i, t;
	uint64_t v;

	if (!nest)
		return;
	if (!json && !show_stats)
		return;

	parse_nested(nest, tb, ARRAY_SIZE(stats_desc) - 1);
	if (json)
		json_obj_open("stats");
	for (i = 0; i < ARRAY_SIZE(stats_order); i++) {
		t = stats_order[i];
		if (!stats_desc[t].name || !attr_uint(tb[t], &v))
			continue;
		if (json) {
			json_u64(stats_desc[t].name, v);
			continue;
		}
		if (!group || strcmp(group, stats_desc[t].group)) {
			group = stats_desc[t].group;
			printf("\n    %s", group);
		}
		printf(" %s %" PRIu64, stats_desc[t].label, v);
	}
	/* Counters added by a newer module. */
	if (json) {
		print_unknown_nested(nest, ARRAY_SIZE(stats_desc) - 1);
		json_close();
	} else {
		const struct nlattr *a;
		bool any = false;

		mnl_attr_for_each_nested(a, nest) {
			if (mnl_attr_get_type(a) < ARRAY_SIZE(stats_desc))
				continue;
			if (!any)
				printf("\n    other:");
			any = true;
			print_unknown_attr(a);
		}
	}
}

/*
 * Switch: "lan0: ageing 300 max-learned 65536 fdb 3 (learned 2) ports 3
 *	    unknown-unicast flood" (one line)
 * JSON: {"ifname","ifindex","ageing_time","max_learned","fdb_count",
 *	  "fdb_learned","n_ports","unknown_unicast","stats":{...}}
 */
static void print_switch(const struct nlmsghdr *nlh, const char *event)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	char nbuf[IF_NAMESIZE], ebuf[24];
	const char *name = NULL;
	uint64_t ifindex = 0, v;
	bool has_ifindex;

	parse_genl(nlh, tb, GL_A_MAX);
	has_ifindex = attr_uint(tb[GUESTLAN_A_IFINDEX], &ifindex);
	name = attr_str(tb[GUESTLAN_A_IFNAME]);
	if (!name && has_ifindex)
		name = ifname_of(ifindex, nbuf);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (name)
			json_str("ifname", name);
		if (has_ifindex)
			json_u64("ifindex", ifindex);
		if (attr_uint(tb[GUESTLAN_A_AGEING_TIME], &v))
			json_u64("ageing_time", v);
		if (attr_uint(tb[GUESTLAN_A_MAX_LEARNED], &v))
			json_u64("max_learned", v);
		if (attr_uint(tb[GUESTLAN_A_FDB_COUNT], &v))
			json_u64("fdb_count", v);
		if (attr_uint(tb[GUESTLAN_A_FDB_LEARNED], &v))
			json_u64("fdb_learned", v);
		if (attr_uint(tb[GUESTLAN_A_N_PORTS], &v))
			json_u64("n_ports", v);
		if (attr_uint(tb[GUESTLAN_A_UNKNOWN_UNICAST], &v))
			json_str("unknown_unicast",
				 ENUM_STR(unknown_unicast_names, v, ebuf));
		print_stats(tb[GUESTLAN_A_STATS]);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}

	if (event)
		printf("%s ", event);
	printf("%s:", name ? name : "?");
	if (attr_uint(tb[GUESTLAN_A_AGEING_TIME], &v))
		printf(" ageing %" PRIu64, v);
	if (attr_uint(tb[GUESTLAN_A_MAX_LEARNED], &v))
		printf(" max-learned %" PRIu64, v);
	if (attr_uint(tb[GUESTLAN_A_FDB_COUNT], &v))
		printf(" fdb %" PRIu64, v);
	if (attr_uint(tb[GUESTLAN_A_FDB_LEARNED], &v))
		printf(" (learned %" PRIu64 ")", v);
	if (attr_uint(tb[GUESTLAN_A_N_PORTS], &v))
		printf(" ports %" PRIu64, v);
	if (attr_uint(tb[GUESTLAN_A_UNKNOWN_UNICAST], &v))
		printf(" unknown-unicast %s",
		       ENUM_STR(unknown_unicast_names, v, ebuf));
	print_unknown_genl(nlh, GL_A_MAX);
	print_stats(tb[GUESTLAN_A_STATS]);
	putchar('\n');
}

static const char *const promisc_state_names[] = {
	[GUESTLAN_PROMISC_STATE_OFF]		= "off",
	[GUESTLAN_PROMISC_STATE_REQUESTED]	= "requested",
	[GUESTLAN_PROMISC_STATE_ACTIVE]		= "active",
};

/* enum guestlan_promisc_state as text; a newer value as its number. */
static const char *promisc_state_str(uint64_t v, char *buf, size_t len)
{
	if (v < ARRAY_SIZE(promisc_state_names) && promisc_state_names[v])
		return promisc_state_names[v];
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

/*
 * Text: "1,10,20-22", ascending, consecutive VIDs as ranges.  @vids is a
 * bitmap of VLAN_N_VID (4096) bools.
 */
static void print_vid_list(const bool *vids)
{
	unsigned int vid, end;
	bool first = true;

	for (vid = 0; vid < 4096; vid++) {
		if (!vids[vid])
			continue;
		for (end = vid; end + 1 < 4096 && vids[end + 1]; end++)
			;
		printf("%s%u", first ? "" : ",", vid);
		if (end > vid)
			printf("-%u", end);
		first = false;
		vid = end;
	}
}

/*
 * The VLANs of a port nest (GUESTLAN_PORT_A_VLAN, repeated).
 * JSON: "vlans":[{"vid":1,"pvid":true,"untagged":true},...]
 * Text: " vlans 1PU,10,20U" (P: PVID, U: egress untagged).
 */
static void print_port_vlans(const struct nlattr *port)
{
	const struct nlattr *a;
	bool any = false;

	if (json)
		json_arr_open("vlans");
	mnl_attr_for_each_nested(a, port) {
		const struct nlattr *vtb[GL_VLAN_A_MAX + 1];
		bool pvid, untagged;
		uint64_t vid, end;

		if (mnl_attr_get_type(a) != GUESTLAN_PORT_A_VLAN)
			continue;
		parse_nested(a, vtb, GL_VLAN_A_MAX);
		if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID], &vid))
			continue;
		pvid = vtb[GUESTLAN_VLAN_A_PVID] != NULL;
		untagged = vtb[GUESTLAN_VLAN_A_UNTAGGED] != NULL;
		if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID_END], &end) || end < vid)
			end = vid;
		if (json) {
			for (; vid <= end; vid++) {
				json_obj_open(NULL);
				json_u64("vid", vid);
				json_bool("pvid", pvid);
				json_bool("untagged", untagged);
				print_unknown_nested(a, GL_VLAN_A_MAX);
				json_close();
			}
			continue;
		}
		if (end > vid)
			printf("%s%" PRIu64 "-%" PRIu64 "%s", any ? "," : " vlans ",
			       vid, end, untagged ? "U" : "");
		else
			printf("%s%" PRIu64 "%s%s", any ? "," : " vlans ", vid,
			       pvid ? "P" : "", untagged ? "U" : "");
		any = true;
	}
	if (json)
		json_close();
}

/*
 * A promiscuous grant.
 * JSON: "grant":{"vlans":"all"|[10,20],"uid":N,"gid":N}
 * Text: " grant promisc vlans all|10,20-22 uid N gid N"
 */
static void print_grant(const struct nlattr *grant)
{
	const struct nlattr *gtb[GL_GRANT_A_MAX + 1];
	const struct nlattr *a;
	bool vids[4096] = { false };
	bool all = true;
	uint64_t v;

	mnl_attr_for_each_nested(a, grant) {
		const struct nlattr *rtb[GL_VLAN_A_MAX + 1];
		uint64_t end;

		if (mnl_attr_get_type(a) == GUESTLAN_GRANT_A_RANGE) {
			parse_nested(a, rtb, GL_VLAN_A_MAX);
			if (!attr_uint(rtb[GUESTLAN_VLAN_A_VID], &v))
				continue;
			if (!attr_uint(rtb[GUESTLAN_VLAN_A_VID_END], &end))
				end = v;
		} else if (mnl_attr_get_type(a) == GUESTLAN_GRANT_A_VID &&
			   attr_uint(a, &v)) {
			end = v;
		} else {
			continue;
		}
		for (; v <= end && v < ARRAY_SIZE(vids); v++)
			vids[v] = true;
		all = false;
	}
	parse_nested(grant, gtb, GL_GRANT_A_MAX);

	if (json) {
		json_obj_open("grant");
		if (all) {
			json_str("vlans", "all");
		} else {
			json_arr_open("vlans");
			for (v = 0; v < ARRAY_SIZE(vids); v++)
				if (vids[v])
					json_u64(NULL, v);
			json_close();
		}
		if (attr_uint(gtb[GUESTLAN_GRANT_A_UID], &v))
			json_u64("uid", v);
		if (attr_uint(gtb[GUESTLAN_GRANT_A_GID], &v))
			json_u64("gid", v);
		print_unknown_nested(grant, GL_GRANT_A_MAX);
		json_close();
		return;
	}
	printf(" grant promisc vlans ");
	if (all)
		printf("all");
	else
		print_vid_list(vids);
	if (attr_uint(gtb[GUESTLAN_GRANT_A_UID], &v))
		printf(" uid %" PRIu64, v);
	if (attr_uint(gtb[GUESTLAN_GRANT_A_GID], &v))
		printf(" gid %" PRIu64, v);
	print_unknown_nested(grant, GL_GRANT_A_MAX);
}

/*
 * The settable port attributes: "port set" keywords (with "-" read as
 * "_"), JSON keys and text labels.  The VNIC characteristics go in the
 * "vnicc" object/line of "port show".
 */
enum port_opt_kind { OPT_ONOFF, OPT_U32, OPT_ROLE };

static const struct port_opt {
	const char *name;
	uint16_t attr;
	enum port_opt_kind kind;
	bool vnicc;
	uint32_t max;		/* OPT_U32 */
} port_opts[] = {
	{ "flooding", GUESTLAN_PORT_A_FLOODING, OPT_ONOFF, true, 0 },
	{ "mcast_flooding", GUESTLAN_PORT_A_MCAST_FLOODING, OPT_ONOFF, true, 0 },
	{ "rx_bcast", GUESTLAN_PORT_A_RX_BCAST, OPT_ONOFF, true, 0 },
	{ "learning", GUESTLAN_PORT_A_LEARNING, OPT_ONOFF, true, 0 },
	{ "learning_timeout", GUESTLAN_PORT_A_LEARNING_TIMEOUT, OPT_U32, true,
	  1000000 },
	{ "takeover_learning", GUESTLAN_PORT_A_TAKEOVER_LEARNING, OPT_ONOFF,
	  true, 0 },
	{ "takeover_setvmac", GUESTLAN_PORT_A_TAKEOVER_SETVMAC, OPT_ONOFF,
	  true, 0 },
	{ "bridge_invisible", GUESTLAN_PORT_A_BRIDGE_INVISIBLE, OPT_ONOFF,
	  true, 0 },
	{ "max_learned", GUESTLAN_PORT_A_MAX_LEARNED, OPT_U32, false,
	  UINT32_MAX },
	{ "role", GUESTLAN_PORT_A_ROLE, OPT_ROLE, false, 0 },
	{ "reflect_promisc", GUESTLAN_PORT_A_REFLECT_PROMISC, OPT_ROLE, false,
	  0 },
	{ "hostnotify", GUESTLAN_PORT_A_HOSTNOTIFY, OPT_ONOFF, false, 0 },
};

/*
 * Bridge-port role and state, VNIC characteristics, MAC limits of a port.
 * JSON: "role","state","reflect_promisc","hostnotify","max_learned",
 *	 "n_learned","vnicc":{"flooding":true,...,"learning_timeout":0,...}
 * Text: two indented lines,
 *	    role primary state active reflect_promisc none hostnotify off
 *	    vnicc flooding on ... bridge_invisible off max-learned 0 learned 3
 */
static void print_port_bridge(const struct nlattr **ptb)
{
	char ebuf[24];
	bool any = false;
	unsigned int i;
	uint64_t v;

	if (json) {
		if (attr_uint(ptb[GUESTLAN_PORT_A_ROLE], &v))
			json_str("role", ENUM_STR(bridge_role_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_BRIDGE_STATE], &v))
			json_str("state", ENUM_STR(bridge_state_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_PREV_BRIDGE_STATE], &v))
			json_str("prev_state",
				 ENUM_STR(bridge_state_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_REFLECT_PROMISC], &v))
			json_str("reflect_promisc",
				 ENUM_STR(bridge_role_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_HOSTNOTIFY], &v))
			json_bool("hostnotify", v);
		if (attr_uint(ptb[GUESTLAN_PORT_A_MAX_LEARNED], &v))
			json_u64("max_learned", v);
		if (attr_uint(ptb[GUESTLAN_PORT_A_N_LEARNED], &v))
			json_u64("n_learned", v);
		for (i = 0; i < ARRAY_SIZE(port_opts); i++) {
			const struct port_opt *o = &port_opts[i];

			if (!o->vnicc || !attr_uint(ptb[o->attr], &v))
				continue;
			if (!any)
				json_obj_open("vnicc");
			any = true;
			if (o->kind == OPT_ONOFF)
				json_bool(o->name, v);
			else
				json_u64(o->name, v);
		}
		if (any)
			json_close();
		return;
	}

	if (ptb[GUESTLAN_PORT_A_ROLE] || ptb[GUESTLAN_PORT_A_BRIDGE_STATE] ||
	    ptb[GUESTLAN_PORT_A_REFLECT_PROMISC] ||
	    ptb[GUESTLAN_PORT_A_HOSTNOTIFY]) {
		printf("\n   ");
		if (attr_uint(ptb[GUESTLAN_PORT_A_ROLE], &v))
			printf(" role %s", ENUM_STR(bridge_role_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_BRIDGE_STATE], &v))
			printf(" state %s",
			       ENUM_STR(bridge_state_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_PREV_BRIDGE_STATE], &v))
			printf(" prev_state %s",
			       ENUM_STR(bridge_state_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_REFLECT_PROMISC], &v))
			printf(" reflect_promisc %s",
			       ENUM_STR(bridge_role_names, v, ebuf));
		if (attr_uint(ptb[GUESTLAN_PORT_A_HOSTNOTIFY], &v))
			printf(" hostnotify %s", v ? "on" : "off");
	}
	for (i = 0; i < ARRAY_SIZE(port_opts); i++) {
		const struct port_opt *o = &port_opts[i];

		if (!o->vnicc || !attr_uint(ptb[o->attr], &v))
			continue;
		if (!any)
			printf("\n    vnicc");
		any = true;
		if (o->kind == OPT_ONOFF)
			printf(" %s %s", o->name, v ? "on" : "off");
		else
			printf(" %s %" PRIu64, o->name, v);
	}
	if (ptb[GUESTLAN_PORT_A_MAX_LEARNED] || ptb[GUESTLAN_PORT_A_N_LEARNED]) {
		if (!any)
			printf("\n   ");
		if (attr_uint(ptb[GUESTLAN_PORT_A_MAX_LEARNED], &v))
			printf(" max-learned %" PRIu64, v);
		if (attr_uint(ptb[GUESTLAN_PORT_A_N_LEARNED], &v))
			printf(" learned %" PRIu64, v);
	}
}

/*
 * Port: "tap0 master lan0 state UP pvid 1 vlans 1PU,10 promisc active
 *	  grant promisc vlans 10 uid 1000" (first line), then the
 *	  print_port_bridge() lines and with -s the counters.
 * JSON: {"switch","ifname","ifindex","oper_up","pvid","vlans":[...],
 *	  "promisc","grant":{...},"role","state","reflect_promisc",
 *	  "hostnotify","max_learned","n_learned","vnicc":{...},"stats":{...}}
 * Events add "event":"port" first and "removed" after "oper_up"; text
 * events of a detached port start with "Deleted " like ip monitor.
 */
static void print_port(const struct nlmsghdr *nlh, const char *event)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	const struct nlattr *ptb[GL_PORT_A_MAX + 1];
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE];
	const char *sw = NULL, *name = NULL;
	uint64_t sw_ifindex, ifindex = 0, up, pvid, pstate;
	bool has_ifindex = false, has_up = false, removed, has_pvid;
	bool has_pstate, has_vlans;
	char stbuf[24];

	parse_genl(nlh, tb, GL_A_MAX);
	if (attr_uint(tb[GUESTLAN_A_IFINDEX], &sw_ifindex))
		sw = ifname_of(sw_ifindex, sbuf);
	memset(ptb, 0, sizeof(ptb));
	if (tb[GUESTLAN_A_PORT])
		parse_nested(tb[GUESTLAN_A_PORT], ptb, GL_PORT_A_MAX);
	has_ifindex = attr_uint(ptb[GUESTLAN_PORT_A_IFINDEX], &ifindex);
	name = attr_str(ptb[GUESTLAN_PORT_A_IFNAME]);
	if (!name && has_ifindex)
		name = ifname_of(ifindex, pbuf);
	has_up = attr_uint(ptb[GUESTLAN_PORT_A_OPER_UP], &up);
	removed = ptb[GUESTLAN_PORT_A_REMOVED] != NULL;
	has_pvid = attr_uint(ptb[GUESTLAN_PORT_A_PVID], &pvid);
	has_vlans = has_pvid || ptb[GUESTLAN_PORT_A_VLAN];
	has_pstate = attr_uint(ptb[GUESTLAN_PORT_A_PROMISC_STATE], &pstate);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (sw)
			json_str("switch", sw);
		if (name)
			json_str("ifname", name);
		if (has_ifindex)
			json_u64("ifindex", ifindex);
		if (has_up)
			json_bool("oper_up", up);
		if (event || removed)
			json_bool("removed", removed);
		if (has_pvid)
			json_u64("pvid", pvid);
		if (has_vlans)
			print_port_vlans(tb[GUESTLAN_A_PORT]);
		if (has_pstate)
			json_str("promisc", promisc_state_str(pstate, stbuf,
							      sizeof(stbuf)));
		if (ptb[GUESTLAN_PORT_A_GRANT])
			print_grant(ptb[GUESTLAN_PORT_A_GRANT]);
		print_port_bridge(ptb);
		print_stats(ptb[GUESTLAN_PORT_A_STATS]);
		if (tb[GUESTLAN_A_PORT])
			print_unknown_nested(tb[GUESTLAN_A_PORT],
					     GL_PORT_A_MAX);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}

	if (removed)
		printf("Deleted ");
	if (event)
		printf("%s ", event);
	printf("%s", name ? name : "?");
	if (sw)
		printf(" master %s", sw);
	if (has_up)
		printf(" state %s", up ? "UP" : "DOWN");
	if (has_pvid)
		printf(" pvid %" PRIu64, pvid);
	if (has_vlans)
		print_port_vlans(tb[GUESTLAN_A_PORT]);
	if (has_pstate)
		printf(" promisc %s", promisc_state_str(pstate, stbuf,
							 sizeof(stbuf)));
	if (ptb[GUESTLAN_PORT_A_GRANT])
		print_grant(ptb[GUESTLAN_PORT_A_GRANT]);
	if (tb[GUESTLAN_A_PORT])
		print_unknown_nested(tb[GUESTLAN_A_PORT], GL_PORT_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	print_port_bridge(ptb);
	print_stats(ptb[GUESTLAN_PORT_A_STATS]);
	putchar('\n');
}

/*
 * FDB entry: "52:54:00:12:34:56 vlan 1 port tap0 age 1.23 static"
 * JSON: {"switch","mac","vlan","port","flags":[...],"age_ms"}
 */
static void print_fdb(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	const struct nlattr *ftb[GL_FDB_A_MAX + 1];
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE], mac[18] = "";
	const char *sw = NULL, *port = NULL;
	uint64_t v, vid, flags = 0, age;
	bool has_vid, has_flags, has_age;

	parse_genl(nlh, tb, GL_A_MAX);
	if (attr_uint(tb[GUESTLAN_A_IFINDEX], &v))
		sw = ifname_of(v, sbuf);
	memset(ftb, 0, sizeof(ftb));
	if (tb[GUESTLAN_A_FDB])
		parse_nested(tb[GUESTLAN_A_FDB], ftb, GL_FDB_A_MAX);
	attr_mac(ftb[GUESTLAN_FDB_A_MAC], mac);
	has_vid = attr_uint(ftb[GUESTLAN_FDB_A_VID], &vid);
	if (attr_uint(ftb[GUESTLAN_FDB_A_PORT_IFINDEX], &v))
		port = ifname_of(v, pbuf);
	has_flags = attr_uint(ftb[GUESTLAN_FDB_A_FLAGS], &flags);
	has_age = attr_uint(ftb[GUESTLAN_FDB_A_AGE], &age);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (sw)
			json_str("switch", sw);
		if (mac[0])
			json_str("mac", mac);
		if (has_vid)
			json_u64("vlan", vid);
		if (port)
			json_str("port", port);
		json_arr_open("flags");
		if (flags & GUESTLAN_FDB_FLAGS_STATIC)
			json_str(NULL, "static");
		if (flags & GUESTLAN_FDB_FLAGS_LOCAL)
			json_str(NULL, "local");
		if (flags & ~(uint64_t)(GUESTLAN_FDB_FLAGS_STATIC |
					GUESTLAN_FDB_FLAGS_LOCAL)) {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%" PRIx64,
				 flags & ~(uint64_t)(GUESTLAN_FDB_FLAGS_STATIC |
						     GUESTLAN_FDB_FLAGS_LOCAL));
			json_str(NULL, hex);
		}
		json_close();
		if (has_age)
			json_u64("age_ms", age);
		if (tb[GUESTLAN_A_FDB])
			print_unknown_nested(tb[GUESTLAN_A_FDB],
					     GL_FDB_A_MAX);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}

	printf("%s", mac[0] ? mac : "?");
	if (has_vid)
		printf(" vlan %" PRIu64, vid);
	if (port)
		printf(" port %s", port);
	if (has_age)
		printf(" age %" PRIu64 ".%02" PRIu64, age / 1000,
		       (age % 1000) / 10);
	if (flags & GUESTLAN_FDB_FLAGS_STATIC)
		printf(" static");
	if (flags & GUESTLAN_FDB_FLAGS_LOCAL)
		printf(" local");
	if (has_flags && (flags & ~(uint64_t)(GUESTLAN_FDB_FLAGS_STATIC |
					      GUESTLAN_FDB_FLAGS_LOCAL)))
		printf(" flags 0x%" PRIx64, flags);
	if (tb[GUESTLAN_A_FDB])
		print_unknown_nested(tb[GUESTLAN_A_FDB], GL_FDB_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	putchar('\n');
}

/*
 * promisc-ntf: "promisc tap1 master lan0: off -> requested"
 * JSON: {"event":"promisc","switch","ifname","ifindex","state","prev_state"}
 */
static void print_promisc_event(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	const struct nlattr *ptb[GL_PORT_A_MAX + 1];
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE], st[24], prev[24];
	const char *sw = NULL, *name, *state = NULL, *prev_state = NULL;
	uint64_t ifindex = 0, v;
	bool has_ifindex;

	parse_genl(nlh, tb, GL_A_MAX);
	if (attr_uint(tb[GUESTLAN_A_IFINDEX], &v))
		sw = ifname_of(v, sbuf);
	memset(ptb, 0, sizeof(ptb));
	if (tb[GUESTLAN_A_PORT])
		parse_nested(tb[GUESTLAN_A_PORT], ptb, GL_PORT_A_MAX);
	has_ifindex = attr_uint(ptb[GUESTLAN_PORT_A_IFINDEX], &ifindex);
	name = attr_str(ptb[GUESTLAN_PORT_A_IFNAME]);
	if (!name && has_ifindex)
		name = ifname_of(ifindex, pbuf);
	if (attr_uint(ptb[GUESTLAN_PORT_A_PROMISC_STATE], &v))
		state = promisc_state_str(v, st, sizeof(st));
	if (attr_uint(ptb[GUESTLAN_PORT_A_PROMISC_PREV_STATE], &v))
		prev_state = promisc_state_str(v, prev, sizeof(prev));

	if (json) {
		json_obj_open(NULL);
		json_str("event", "promisc");
		if (sw)
			json_str("switch", sw);
		if (name)
			json_str("ifname", name);
		if (has_ifindex)
			json_u64("ifindex", ifindex);
		if (state)
			json_str("state", state);
		if (prev_state)
			json_str("prev_state", prev_state);
		if (tb[GUESTLAN_A_PORT])
			print_unknown_nested(tb[GUESTLAN_A_PORT],
					     GL_PORT_A_MAX);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}

	printf("promisc %s", name ? name : "?");
	if (sw)
		printf(" master %s", sw);
	printf(": %s -> %s", prev_state ? prev_state : "?",
	       state ? state : "?");
	if (tb[GUESTLAN_A_PORT])
		print_unknown_nested(tb[GUESTLAN_A_PORT], GL_PORT_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	putchar('\n');
}

/* The switch and port of an event (GUESTLAN_A_IFINDEX, GUESTLAN_A_PORT). */
struct port_msg {
	const struct nlattr *tb[GL_A_MAX + 1];
	const struct nlattr *ptb[GL_PORT_A_MAX + 1];
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE];
	const char *sw, *name;
	uint64_t ifindex;
	bool has_ifindex;
};

static void parse_port_msg(const struct nlmsghdr *nlh, struct port_msg *m)
{
	uint64_t v;

	parse_genl(nlh, m->tb, GL_A_MAX);
	m->sw = NULL;
	if (attr_uint(m->tb[GUESTLAN_A_IFINDEX], &v))
		m->sw = ifname_of(v, m->sbuf);
	memset(m->ptb, 0, sizeof(m->ptb));
	if (m->tb[GUESTLAN_A_PORT])
		parse_nested(m->tb[GUESTLAN_A_PORT], m->ptb, GL_PORT_A_MAX);
	m->ifindex = 0;
	m->has_ifindex = attr_uint(m->ptb[GUESTLAN_PORT_A_IFINDEX],
				   &m->ifindex);
	m->name = attr_str(m->ptb[GUESTLAN_PORT_A_IFNAME]);
	if (!m->name && m->has_ifindex)
		m->name = ifname_of(m->ifindex, m->pbuf);
}

/* JSON: "event","switch","ifname","ifindex"; text: "EVENT PORT master SW" */
static void print_port_msg_head(const struct port_msg *m, const char *event)
{
	if (json) {
		json_obj_open(NULL);
		json_str("event", event);
		if (m->sw)
			json_str("switch", m->sw);
		if (m->name)
			json_str("ifname", m->name);
		if (m->has_ifindex)
			json_u64("ifindex", m->ifindex);
		return;
	}
	printf("%s %s", event, m->name ? m->name : "?");
	if (m->sw)
		printf(" master %s", m->sw);
}

/* Attributes of a newer module, then the end of the event. */
static void print_port_msg_tail(const struct nlmsghdr *nlh,
				const struct port_msg *m)
{
	if (m->tb[GUESTLAN_A_PORT])
		print_unknown_nested(m->tb[GUESTLAN_A_PORT], GL_PORT_A_MAX);
	if (m->tb[GUESTLAN_A_FDB])
		print_unknown_nested(m->tb[GUESTLAN_A_FDB], GL_FDB_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	if (json)
		json_close();
	else
		putchar('\n');
}

/*
 * bridgeport-ntf: "bridgeport tap1 master lan0 role primary: standby -> active"
 * JSON: {"event":"bridgeport","switch","ifname","ifindex","role","state",
 *	  "prev_state"}
 */
static void print_bridgeport_event(const struct nlmsghdr *nlh)
{
	const char *role = NULL, *state = NULL, *prev = NULL;
	char rbuf[24], sbuf[24], pbuf[24];
	struct port_msg m;
	uint64_t v;

	parse_port_msg(nlh, &m);
	if (attr_uint(m.ptb[GUESTLAN_PORT_A_ROLE], &v))
		role = ENUM_STR(bridge_role_names, v, rbuf);
	if (attr_uint(m.ptb[GUESTLAN_PORT_A_BRIDGE_STATE], &v))
		state = ENUM_STR(bridge_state_names, v, sbuf);
	if (attr_uint(m.ptb[GUESTLAN_PORT_A_PREV_BRIDGE_STATE], &v))
		prev = ENUM_STR(bridge_state_names, v, pbuf);

	print_port_msg_head(&m, "bridgeport");
	if (json) {
		if (role)
			json_str("role", role);
		if (state)
			json_str("state", state);
		if (prev)
			json_str("prev_state", prev);
	} else {
		if (role)
			printf(" role %s", role);
		printf(": %s -> %s", prev ? prev : "?", state ? state : "?");
	}
	print_port_msg_tail(nlh, &m);
}

/*
 * host-ntf, for the port notified:
 *	"host tap1 master lan0: learned 02:00:00:00:00:01 vlan 1 port tap2"
 *	"host tap1 master lan0: reset" (or "abort")
 * JSON: {"event":"host","switch","ifname","ifindex","host_event",
 *	  "mac","vlan","port"} (mac, vlan, port for learned and aged)
 */
static void print_host_event(const struct nlmsghdr *nlh)
{
	const struct nlattr *ftb[GL_FDB_A_MAX + 1];
	char ebuf[24], mac[18], fbuf[IF_NAMESIZE];
	const char *event = NULL, *port = NULL;
	uint64_t v, vid = 0;
	bool has_vid;
	struct port_msg m;

	parse_port_msg(nlh, &m);
	if (attr_uint(m.tb[GUESTLAN_A_HOST_EVENT], &v))
		event = ENUM_STR(host_event_names, v, ebuf);
	memset(ftb, 0, sizeof(ftb));
	if (m.tb[GUESTLAN_A_FDB])
		parse_nested(m.tb[GUESTLAN_A_FDB], ftb, GL_FDB_A_MAX);
	attr_mac(ftb[GUESTLAN_FDB_A_MAC], mac);
	has_vid = attr_uint(ftb[GUESTLAN_FDB_A_VID], &vid);
	if (attr_uint(ftb[GUESTLAN_FDB_A_PORT_IFINDEX], &v))
		port = ifname_of(v, fbuf);

	print_port_msg_head(&m, "host");
	if (json) {
		if (event)
			json_str("host_event", event);
		if (mac[0])
			json_str("mac", mac);
		if (has_vid)
			json_u64("vlan", vid);
		if (port)
			json_str("port", port);
	} else {
		printf(": %s", event ? event : "?");
		if (mac[0])
			printf(" %s", mac);
		if (has_vid)
			printf(" vlan %" PRIu64, vid);
		if (port)
			printf(" port %s", port);
	}
	print_port_msg_tail(nlh, &m);
}

/*
 * vlan show, like "bridge vlan show":
 *	port            vlan-id
 *	lan0            1 PVID untagged
 *	tap1            10 PVID untagged
 *	                20
 * JSON: {"switch","port","pvid","vlans":[{"vid","pvid","untagged"}]}
 */
static bool vlan_header_done;

static void print_vlan_entry(const struct nlmsghdr *nlh)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	const struct nlattr *ptb[GL_PORT_A_MAX + 1];
	char sbuf[IF_NAMESIZE], pbuf[IF_NAMESIZE];
	const char *sw = NULL, *name;
	const struct nlattr *a;
	uint64_t ifindex = 0, v, end;
	bool any = false;

	parse_genl(nlh, tb, GL_A_MAX);
	if (attr_uint(tb[GUESTLAN_A_IFINDEX], &v))
		sw = ifname_of(v, sbuf);
	if (!tb[GUESTLAN_A_PORT])
		return;
	parse_nested(tb[GUESTLAN_A_PORT], ptb, GL_PORT_A_MAX);
	name = attr_str(ptb[GUESTLAN_PORT_A_IFNAME]);
	if (!name && attr_uint(ptb[GUESTLAN_PORT_A_IFINDEX], &ifindex))
		name = ifname_of(ifindex, pbuf);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (sw)
			json_str("switch", sw);
		if (name)
			json_str("port", name);
		if (attr_uint(ptb[GUESTLAN_PORT_A_PVID], &v))
			json_u64("pvid", v);
		print_port_vlans(tb[GUESTLAN_A_PORT]);
		json_close();
		return;
	}

	if (!vlan_header_done)
		printf("%-16s%s\n", "port", "vlan-id");
	vlan_header_done = true;
	mnl_attr_for_each_nested(a, tb[GUESTLAN_A_PORT]) {
		const struct nlattr *vtb[GL_VLAN_A_MAX + 1];

		if (mnl_attr_get_type(a) != GUESTLAN_PORT_A_VLAN)
			continue;
		parse_nested(a, vtb, GL_VLAN_A_MAX);
		if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID], &v))
			continue;
		if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID_END], &end) || end < v)
			end = v;
		for (; v <= end; v++) {
			printf("%-16s%" PRIu64 "%s%s\n",
			       any ? "" : name ? name : "?",
			       v, vtb[GUESTLAN_VLAN_A_PVID] ? " PVID" : "",
			       vtb[GUESTLAN_VLAN_A_UNTAGGED] ? " untagged" : "");
			any = true;
		}
	}
	if (!any)
		printf("%-16s%s\n", name ? name : "?", "none");
}

/* A message of a command this tool does not know. */
static void print_unknown_msg(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *a;

	if (json) {
		json_obj_open(NULL);
		json_str("event", "unknown");
		json_u64("cmd", g->cmd);
		print_unknown_genl(nlh, 0);
		json_close();
		return;
	}
	printf("cmd %u:", g->cmd);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN)
		print_unknown_attr(a);
	putchar('\n');
}

static bool genl_ok(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len >= mnl_nlmsg_size(GENL_HDRLEN);
}

static int switch_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (genl_ok(nlh))
		print_switch(nlh, NULL);
	return 0;
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (genl_ok(nlh))
		print_port(nlh, NULL);
	return 0;
}

static int vlan_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (genl_ok(nlh))
		print_vlan_entry(nlh);
	return 0;
}

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (genl_ok(nlh))
		print_fdb(nlh);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Argument parsing                                                    */
/* ------------------------------------------------------------------ */

/* iproute2 style: @arg is a non-empty prefix of @full. */
static bool matches(const char *arg, const char *full)
{
	size_t l = strlen(arg);

	return l && l <= strlen(full) && !strncmp(arg, full, l);
}

static bool is(const char *arg, const char *word)
{
	return !strcmp(arg, word);
}

static uint64_t parse_num(const char *what, const char *s, uint64_t min,
			  uint64_t max)
{
	unsigned long long v;
	char *end;

	if (!*s || *s == '-' || *s == '+' || *s == ' ')
		goto bad;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		goto bad;
	return v;
bad:
	usage_err("invalid %s \"%s\" (expected %" PRIu64 "..%" PRIu64 ")",
		  what, s, min, max);
}

/* One of @names (an enum of the spec); the usage error lists them. */
static uint8_t parse_enum(const char *what, const char *s,
			  const char *const *names, size_t n)
{
	char list[128] = "";
	size_t i;

	for (i = 0; i < n; i++)
		if (names[i] && is(s, names[i]))
			return i;
	for (i = 0; i < n; i++)
		if (names[i])
			snprintf(list + strlen(list), sizeof(list) - strlen(list),
				 "%s%s", i ? "|" : "", names[i]);
	usage_err("invalid %s \"%s\" (expected %s)", what, s, list);
}

static bool parse_onoff(const char *what, const char *s)
{
	if (is(s, "on"))
		return true;
	if (is(s, "off"))
		return false;
	usage_err("invalid %s \"%s\" (expected on|off)", what, s);
}

static void parse_mac(const char *s, unsigned char mac[6])
{
	const char *p = s;
	int i, j;

	for (i = 0; i < 6; i++) {
		unsigned int v = 0;

		for (j = 0; j < 2 && *p && *p != ':'; j++, p++) {
			char c = *p;

			v <<= 4;
			if (c >= '0' && c <= '9')
				v |= c - '0';
			else if (c >= 'a' && c <= 'f')
				v |= c - 'a' + 10;
			else if (c >= 'A' && c <= 'F')
				v |= c - 'A' + 10;
			else
				goto bad;
		}
		if (!j)
			goto bad;
		mac[i] = v;
		if (i < 5 && *p++ != ':')
			goto bad;
	}
	if (*p)
		goto bad;
	return;
bad:
	usage_err("invalid MAC address \"%s\" (expected xx:xx:xx:xx:xx:xx)", s);
}

static const char *need_arg(int *argc, char ***argv, const char *kw)
{
	if (*argc < 2)
		usage_err("\"%s\" needs an argument", kw);
	(*argc)--;
	(*argv)++;
	return **argv;
}

/* "DEV" or "dev DEV" */
static const char *take_dev(int *argc, char ***argv, bool required,
			    const char *cmd)
{
	const char *dev;

	if (*argc && is(**argv, "dev"))
		dev = need_arg(argc, argv, "dev");
	else if (*argc)
		dev = **argv;
	else if (required)
		usage_err("%s: device name required", cmd);
	else
		return NULL;
	(*argc)--;
	(*argv)++;
	return dev;
}

static void no_more_args(int argc, char **argv, const char *cmd)
{
	if (argc)
		usage_err("%s: unexpected argument \"%s\"", cmd, *argv);
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static int cmd_show(int argc, char **argv)
{
	const char *dev = take_dev(&argc, &argv, false, "show");
	struct nlmsghdr *nlh;

	no_more_args(argc, argv, "show");
	if (dev) {
		uint32_t idx = dev_index(dev);

		resolve_family();
		nlh = gl_msg(GUESTLAN_CMD_SWITCH_GET, 0);
		mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	} else {
		resolve_family();
		nlh = gl_msg(GUESTLAN_CMD_SWITCH_GET, NLM_F_DUMP);
	}
	json_list_begin();
	nl_request(nlh, switch_cb, NULL);
	json_list_end();
	return 0;
}

/* A "port set" keyword, "-" and "_" alike; NULL if unknown. */
static const struct port_opt *port_opt_find(const char *kw)
{
	char norm[32];
	size_t i;

	if (strlen(kw) >= sizeof(norm))
		return NULL;
	for (i = 0; kw[i]; i++)
		norm[i] = kw[i] == '-' ? '_' : kw[i];
	norm[i] = '\0';
	for (i = 0; i < ARRAY_SIZE(port_opts); i++)
		if (is(norm, port_opts[i].name))
			return &port_opts[i];
	return NULL;
}

/* port set DEV port PORT [KEYWORD VALUE]...: one port-set request. */
static int port_set(int argc, char **argv)
{
	const char *dev = take_dev(&argc, &argv, true, "port set");
	bool given[ARRAY_SIZE(port_opts)] = { false };
	uint32_t val[ARRAY_SIZE(port_opts)] = { 0 };
	uint32_t idx, port = 0;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	bool any = false;
	size_t i;

	while (argc) {
		const char *kw = *argv;
		const struct port_opt *o;
		const char *arg;

		if (is(kw, "port")) {
			port = dev_index(need_arg(&argc, &argv, kw));
			argc--;
			argv++;
			continue;
		}
		o = port_opt_find(kw);
		if (!o)
			usage_err("port set: unexpected argument \"%s\"", kw);
		arg = need_arg(&argc, &argv, kw);
		i = o - port_opts;
		switch (o->kind) {
		case OPT_ONOFF:
			val[i] = parse_onoff(o->name, arg);
			break;
		case OPT_U32:
			val[i] = parse_num(o->name, arg, 0, o->max);
			break;
		case OPT_ROLE:
			val[i] = parse_enum(o->name, arg, bridge_role_names,
					    ARRAY_SIZE(bridge_role_names));
			break;
		}
		given[i] = any = true;
		argc--;
		argv++;
	}
	if (!port)
		usage_err("port set: \"port PORT\" is required");
	if (!any)
		usage_err("port set: nothing to change");
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(GUESTLAN_CMD_PORT_SET, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	nest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);
	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port);
	for (i = 0; i < ARRAY_SIZE(port_opts); i++) {
		if (!given[i])
			continue;
		if (port_opts[i].kind == OPT_U32)
			mnl_attr_put_u32(nlh, port_opts[i].attr, val[i]);
		else
			mnl_attr_put_u8(nlh, port_opts[i].attr, val[i]);
	}
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int cmd_port(int argc, char **argv)
{
	const char *dev;
	struct nlmsghdr *nlh;
	uint32_t idx = 0;

	if (argc && (matches(*argv, "help")))
		usage();
	if (argc) {
		/* "s" stays "show", as before "set" existed */
		if (!matches(*argv, "show") && matches(*argv, "set"))
			return port_set(argc - 1, argv + 1);
		if (!matches(*argv, "show") && !is(*argv, "list") &&
		    !is(*argv, "ls"))
			usage_err("port: unknown command \"%s\"", *argv);
		argc--;
		argv++;
	}
	dev = take_dev(&argc, &argv, false, "port show");
	no_more_args(argc, argv, "port show");
	if (dev)
		idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP);
	if (idx)
		mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	json_list_begin();
	nl_request(nlh, port_cb, NULL);
	json_list_end();
	return 0;
}

static int fdb_show(int argc, char **argv)
{
	const char *dev = take_dev(&argc, &argv, true, "fdb show");
	uint32_t idx, port = 0;
	struct nlmsghdr *nlh;

	while (argc) {
		if (is(*argv, "port"))
			port = dev_index(need_arg(&argc, &argv, *argv));
		else
			usage_err("fdb show: unexpected argument \"%s\"", *argv);
		argc--;
		argv++;
	}
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(GUESTLAN_CMD_FDB_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	if (port) {
		struct nlattr *nest = mnl_attr_nest_start(nlh, GUESTLAN_A_FDB);

		mnl_attr_put_u32(nlh, GUESTLAN_FDB_A_PORT_IFINDEX, port);
		mnl_attr_nest_end(nlh, nest);
	}
	json_list_begin();
	nl_request(nlh, fdb_cb, NULL);
	json_list_end();
	return 0;
}

static int fdb_modify(int argc, char **argv, uint8_t cmd, const char *name)
{
	const char *dev = take_dev(&argc, &argv, true, name);
	bool has_mac = false, flush_static = false;
	unsigned char mac[6];
	uint32_t idx, port = 0;
	uint16_t vid = 1;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	while (argc) {
		const char *kw = *argv;

		if (cmd != GUESTLAN_CMD_FDB_FLUSH &&
		    (is(kw, "mac") || is(kw, "lladdr"))) {
			parse_mac(need_arg(&argc, &argv, kw), mac);
			has_mac = true;
		} else if (cmd != GUESTLAN_CMD_FDB_FLUSH &&
			   (is(kw, "vlan") || is(kw, "vid"))) {
			vid = parse_num("VLAN id", need_arg(&argc, &argv, kw),
					1, GUESTLAN_VID_MAX);
		} else if (cmd != GUESTLAN_CMD_FDB_DEL && is(kw, "port")) {
			port = dev_index(need_arg(&argc, &argv, kw));
		} else if (cmd == GUESTLAN_CMD_FDB_FLUSH && is(kw, "static")) {
			flush_static = true;
		} else {
			usage_err("%s: unexpected argument \"%s\"", name, kw);
		}
		argc--;
		argv++;
	}
	if (cmd != GUESTLAN_CMD_FDB_FLUSH && !has_mac)
		usage_err("%s: \"mac MAC\" is required", name);
	if (cmd == GUESTLAN_CMD_FDB_ADD && !port)
		usage_err("%s: \"port PORT\" is required", name);
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(cmd, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	if (has_mac || port) {
		nest = mnl_attr_nest_start(nlh, GUESTLAN_A_FDB);
		if (has_mac) {
			mnl_attr_put(nlh, GUESTLAN_FDB_A_MAC, 6, mac);
			mnl_attr_put_u16(nlh, GUESTLAN_FDB_A_VID, vid);
		}
		if (port)
			mnl_attr_put_u32(nlh, GUESTLAN_FDB_A_PORT_IFINDEX, port);
		mnl_attr_nest_end(nlh, nest);
	}
	if (flush_static)
		mnl_attr_put(nlh, GUESTLAN_A_FLUSH_STATIC, 0, NULL);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int cmd_fdb(int argc, char **argv)
{
	if (!argc)
		usage_err("fdb: command required (show, add, del, flush)");
	if (matches(*argv, "show") || is(*argv, "list") || is(*argv, "ls"))
		return fdb_show(argc - 1, argv + 1);
	if (matches(*argv, "add"))
		return fdb_modify(argc - 1, argv + 1, GUESTLAN_CMD_FDB_ADD,
				  "fdb add");
	if (matches(*argv, "delete") || is(*argv, "del"))
		return fdb_modify(argc - 1, argv + 1, GUESTLAN_CMD_FDB_DEL,
				  "fdb del");
	if (matches(*argv, "flush"))
		return fdb_modify(argc - 1, argv + 1, GUESTLAN_CMD_FDB_FLUSH,
				  "fdb flush");
	if (matches(*argv, "help"))
		usage();
	usage_err("fdb: unknown command \"%s\"", *argv);
}

static int cmd_set(int argc, char **argv)
{
	const char *dev = take_dev(&argc, &argv, true, "set");
	bool has_ageing = false, has_max = false, has_uu = false;
	uint32_t idx, ageing = 0, max = 0;
	struct nlmsghdr *nlh;
	uint8_t uu = 0;

	while (argc) {
		const char *kw = *argv;

		if (is(kw, "ageing") || is(kw, "ageing-time") ||
		    is(kw, "ageing_time")) {
			ageing = parse_num("ageing time",
					   need_arg(&argc, &argv, kw),
					   1, 1000000);
			has_ageing = true;
		} else if (is(kw, "max-learned") || is(kw, "max_learned")) {
			max = parse_num("max-learned",
					need_arg(&argc, &argv, kw),
					0, UINT32_MAX);
			has_max = true;
		} else if (is(kw, "unknown-unicast") ||
			   is(kw, "unknown_unicast")) {
			uu = parse_enum("unknown-unicast",
					need_arg(&argc, &argv, kw),
					unknown_unicast_names,
					ARRAY_SIZE(unknown_unicast_names));
			has_uu = true;
		} else {
			usage_err("set: unexpected argument \"%s\"", kw);
		}
		argc--;
		argv++;
	}
	if (!has_ageing && !has_max && !has_uu)
		usage_err("set: nothing to change (ageing SECS, max-learned N, unknown-unicast MODE)");
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(GUESTLAN_CMD_SWITCH_SET, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	if (has_ageing)
		mnl_attr_put_u32(nlh, GUESTLAN_A_AGEING_TIME, ageing);
	if (has_max)
		mnl_attr_put_u32(nlh, GUESTLAN_A_MAX_LEARNED, max);
	if (has_uu)
		mnl_attr_put_u8(nlh, GUESTLAN_A_UNKNOWN_UNICAST, uu);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int vlan_show(int argc, char **argv)
{
	const char *dev = take_dev(&argc, &argv, true, "vlan show");
	uint32_t idx, port = 0;
	struct nlmsghdr *nlh;
	struct nlattr *nest;

	while (argc) {
		if (is(*argv, "port"))
			port = dev_index(need_arg(&argc, &argv, *argv));
		else
			usage_err("vlan show: unexpected argument \"%s\"", *argv);
		argc--;
		argv++;
	}
	idx = dev_index(dev);

	resolve_family();
	json_list_begin();
	/* The switch's own host port first: a port-get do on its ifindex. */
	nlh = gl_msg(GUESTLAN_CMD_PORT_GET, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	nest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);
	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port ? port : idx);
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, vlan_cb, NULL);
	if (!port) {
		nlh = gl_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP);
		mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
		nl_request(nlh, vlan_cb, NULL);
	}
	json_list_end();
	return 0;
}

static int vlan_modify(int argc, char **argv, uint8_t cmd, const char *name)
{
	const char *dev = take_dev(&argc, &argv, true, name);
	bool pvid = false, untagged = false;
	uint32_t idx, port = 0;
	struct nlattr *pnest, *vnest;
	struct nlmsghdr *nlh;
	uint16_t vid = 0;

	while (argc) {
		const char *kw = *argv;

		if (is(kw, "port")) {
			port = dev_index(need_arg(&argc, &argv, kw));
		} else if (is(kw, "vid") || is(kw, "vlan")) {
			vid = parse_num("VLAN id", need_arg(&argc, &argv, kw),
					1, GUESTLAN_VID_MAX);
		} else if (cmd == GUESTLAN_CMD_VLAN_ADD && is(kw, "pvid")) {
			pvid = true;
		} else if (cmd == GUESTLAN_CMD_VLAN_ADD &&
			   (is(kw, "untagged") || is(kw, "untag"))) {
			untagged = true;
		} else {
			usage_err("%s: unexpected argument \"%s\"", name, kw);
		}
		argc--;
		argv++;
	}
	if (!port)
		usage_err("%s: \"port PORT\" is required", name);
	if (!vid)
		usage_err("%s: \"vid VID\" is required", name);
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(cmd, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	pnest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);
	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port);
	vnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_VLAN);
	mnl_attr_put_u16(nlh, GUESTLAN_VLAN_A_VID, vid);
	if (pvid)
		mnl_attr_put(nlh, GUESTLAN_VLAN_A_PVID, 0, NULL);
	if (untagged)
		mnl_attr_put(nlh, GUESTLAN_VLAN_A_UNTAGGED, 0, NULL);
	mnl_attr_nest_end(nlh, vnest);
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int cmd_vlan(int argc, char **argv)
{
	if (!argc)
		usage_err("vlan: command required (show, add, del)");
	if (matches(*argv, "show") || is(*argv, "list") || is(*argv, "ls"))
		return vlan_show(argc - 1, argv + 1);
	if (matches(*argv, "add"))
		return vlan_modify(argc - 1, argv + 1, GUESTLAN_CMD_VLAN_ADD,
				   "vlan add");
	if (matches(*argv, "delete") || is(*argv, "del"))
		return vlan_modify(argc - 1, argv + 1, GUESTLAN_CMD_VLAN_DEL,
				   "vlan del");
	if (matches(*argv, "help"))
		usage();
	usage_err("vlan: unknown command \"%s\"", *argv);
}

/* "10,20,30-32": each VID 1..4094 into @vids[4096]. */
static void parse_vid_list(const char *s, bool *vids)
{
	char *copy = strdup(s), *tok, *save = NULL;

	if (!copy)
		die("out of memory");
	if (!*s || *s == ',' || s[strlen(s) - 1] == ',' || strstr(s, ",,"))
		goto bad;
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		char *dash = strchr(tok, '-');
		uint64_t lo, hi;

		if (dash)
			*dash = '\0';
		lo = parse_num("VLAN id", tok, 1, GUESTLAN_VID_MAX);
		hi = dash ? parse_num("VLAN id", dash + 1, 1, GUESTLAN_VID_MAX)
			  : lo;
		if (hi < lo)
			goto bad;
		for (; lo <= hi; lo++)
			vids[lo] = true;
	}
	free(copy);
	return;
bad:
	usage_err("invalid VLAN list \"%s\" (expected e.g. 10,20,30-32)", s);
}

/* A uid or gid: a number or a user/group name. */
static uint32_t parse_owner(const char *what, const char *s, bool group)
{
	if (*s >= '0' && *s <= '9')
		return parse_num(what, s, 0, UINT32_MAX);
	if (group) {
		struct group *gr = getgrnam(s);

		if (gr)
			return gr->gr_gid;
	} else {
		struct passwd *pw = getpwnam(s);

		if (pw)
			return pw->pw_uid;
	}
	usage_err("unknown %s \"%s\"", what, s);
}

/* Start a grant-set/grant-del request for "DEV port PORT promisc ...". */
static int grant_modify(int argc, char **argv, uint8_t cmd, const char *name)
{
	const char *dev = take_dev(&argc, &argv, true, name);
	bool has_vids = false, has_uid = false, has_gid = false;
	bool promisc = false, vids[4096] = { false };
	uint32_t idx, port = 0, uid = 0, gid = 0;
	struct nlattr *pnest, *gnest;
	struct nlmsghdr *nlh;
	unsigned int vid;

	while (argc) {
		const char *kw = *argv;

		if (is(kw, "port")) {
			port = dev_index(need_arg(&argc, &argv, kw));
		} else if (is(kw, "promisc") || is(kw, "promiscuous")) {
			promisc = true;
		} else if (cmd == GUESTLAN_CMD_GRANT_SET &&
			   (is(kw, "vlan") || is(kw, "vlans") ||
			    is(kw, "vid"))) {
			parse_vid_list(need_arg(&argc, &argv, kw), vids);
			has_vids = true;
		} else if (cmd == GUESTLAN_CMD_GRANT_SET && is(kw, "uid")) {
			uid = parse_owner("uid", need_arg(&argc, &argv, kw),
					  false);
			has_uid = true;
		} else if (cmd == GUESTLAN_CMD_GRANT_SET && is(kw, "gid")) {
			gid = parse_owner("gid", need_arg(&argc, &argv, kw),
					  true);
			has_gid = true;
		} else {
			usage_err("%s: unexpected argument \"%s\"", name, kw);
		}
		argc--;
		argv++;
	}
	if (!port)
		usage_err("%s: \"port PORT\" is required", name);
	if (!promisc)
		usage_err("%s: \"promisc\" is required (the only kind of grant)",
			  name);
	idx = dev_index(dev);

	resolve_family();
	nlh = gl_msg(cmd, 0);
	mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	pnest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);
	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port);
	/* No grant nest (or no VIDs in it): every VLAN of the port. */
	if (has_vids || has_uid || has_gid) {
		gnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_GRANT);
		for (vid = 1; vid <= GUESTLAN_VID_MAX; vid++)
			if (vids[vid])
				mnl_attr_put_u16(nlh, GUESTLAN_GRANT_A_VID, vid);
		if (has_uid)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_UID, uid);
		if (has_gid)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_GID, gid);
		mnl_attr_nest_end(nlh, gnest);
	}
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int cmd_grant(int argc, char **argv)
{
	if (argc && matches(*argv, "help"))
		usage();
	return grant_modify(argc, argv, GUESTLAN_CMD_GRANT_SET, "grant");
}

static int cmd_revoke(int argc, char **argv)
{
	if (argc && matches(*argv, "help"))
		usage();
	return grant_modify(argc, argv, GUESTLAN_CMD_GRANT_DEL, "revoke");
}

/*
 * promisc PORT [on|off], through the ioctls of /dev/guestlan: no netlink,
 * and the owner of the port's grant needs no CAP_NET_ADMIN.
 * Show: "tap1: promisc requested (no grant) granted no"
 * JSON: {"ifname","ifindex","on","state","granted"}
 */
static int cmd_promisc(int argc, char **argv)
{
	struct guestlan_promisc req;
	const char *dev, *state, *hint = "";
	char what[64], st[24];
	int set = -1, fd, err;

	if (argc && matches(*argv, "help"))
		usage();
	dev = take_dev(&argc, &argv, true, "promisc");
	if (argc) {
		if (is(*argv, "on"))
			set = 1;
		else if (is(*argv, "off"))
			set = 0;
		else
			usage_err("promisc: expected \"on\" or \"off\", not \"%s\"",
				  *argv);
		argc--;
		argv++;
	}
	no_more_args(argc, argv, "promisc");

	memset(&req, 0, sizeof(req));
	req.ifindex = dev_index(dev);
	if (set >= 0)
		snprintf(what, sizeof(what), "promisc %s %s",
			 set ? "on" : "off", dev);
	else
		snprintf(what, sizeof(what), "promisc %s", dev);

	fd = open(GL_DEV_PATH, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		err = errno;
		die("%s: %s: %s%s", what, GL_DEV_PATH, strerror(err),
		    err == ENOENT ? " (guestlan module not loaded?)" : "");
	}
	req.on = set > 0;
	if (ioctl(fd, set >= 0 ? GUESTLAN_IOC_SET_PROMISC :
		  GUESTLAN_IOC_GET_PROMISC, &req) < 0) {
		err = errno;
		if (err == ENOTTY)
			die("%s: not a guestlan port", what);
		if (err == EPERM)
			hint = " (no grant, or not the grant's owner)";
		die("%s: %s%s", what, strerror(err), hint);
	}
	close(fd);
	if (set >= 0)
		return 0;

	state = promisc_state_str(req.state, st, sizeof(st));
	if (json) {
		json_obj_open(NULL);
		json_str("ifname", dev);
		json_u64("ifindex", req.ifindex);
		json_bool("on", req.on);
		json_str("state", state);
		json_bool("granted", req.granted);
		json_close();
		return 0;
	}
	printf("%s: promisc %s%s granted %s\n", dev, state,
	       req.state == GUESTLAN_PROMISC_STATE_REQUESTED ?
	       " (no grant)" : "", req.granted ? "yes" : "no");
	return 0;
}

static void print_event(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;

	if (nlh->nlmsg_type != family_id || !genl_ok(nlh))
		return;
	g = mnl_nlmsg_get_payload(nlh);
	switch (g->cmd) {
	case GUESTLAN_CMD_PORT_NTF:
		print_port(nlh, "port");
		break;
	case GUESTLAN_CMD_SWITCH_NTF:
		print_switch(nlh, "switch");
		break;
	case GUESTLAN_CMD_PROMISC_NTF:
		print_promisc_event(nlh);
		break;
	case GUESTLAN_CMD_BRIDGEPORT_NTF:
		print_bridgeport_event(nlh);
		break;
	case GUESTLAN_CMD_HOST_NTF:
		print_host_event(nlh);
		break;
	default:
		print_unknown_msg(nlh);
	}
	fflush(stdout);
}

static int cmd_monitor(int argc, char **argv)
{
	no_more_args(argc, argv, "monitor");
	pretty = false;		/* -j: one JSON object per line */
	resolve_family();
	if (!events_grp_found)
		die("the guestlan family has no \"%s\" multicast group",
		    GUESTLAN_MCGRP_EVENTS);
	if (mnl_socket_setsockopt(nl, NETLINK_ADD_MEMBERSHIP, &events_grp,
				  sizeof(events_grp)) < 0)
		die("cannot join the \"%s\" group: %s", GUESTLAN_MCGRP_EVENTS,
		    strerror(errno));

	for (;;) {
		const struct nlmsghdr *h;
		ssize_t n;
		int len;

		n = mnl_socket_recvfrom(nl, rxbuf, sizeof(rxbuf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == ENOBUFS) {
				fprintf(stderr,
					"glctl: event queue overrun, events were lost\n");
				continue;
			}
			die("receive failed: %s", strerror(errno));
		}
		len = n;
		for (h = (const struct nlmsghdr *)rxbuf; mnl_nlmsg_ok(h, len);
		     h = mnl_nlmsg_next(h, &len))
			print_event(h);
	}
	return 0;
}

/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	bool version = false, help = false;

	argc--;
	argv++;

	while (argc && argv[0][0] == '-' && argv[0][1]) {
		const char *opt = argv[0];

		if (opt[1] == '-' && opt[2])	/* --json etc. */
			opt++;
		if (is(opt, "--")) {
			argc--;
			argv++;
			break;
		}
		if (matches(opt, "-json"))
			json = true;
		else if (matches(opt, "-pretty"))
			pretty = true;
		else if (matches(opt, "-statistics") || matches(opt, "-stats"))
			show_stats = true;
		else if (matches(opt, "-Version") || is(opt, "-version"))
			version = true;
		else if (matches(opt, "-help"))
			help = true;
		else
			usage_err("unknown option \"%s\"", argv[0]);
		argc--;
		argv++;
	}

	if (version) {
		printf("glctl %s (guestlan genl version %d)\n", GLCTL_VERSION,
		       GUESTLAN_GENL_VERSION);
		return 0;
	}
	if (help) {
		usage_text(stdout);
		return 0;
	}
	if (!argc)
		usage();
	if (matches(*argv, "show") || is(*argv, "list") || is(*argv, "ls"))
		return cmd_show(argc - 1, argv + 1);
	if (matches(*argv, "set"))
		return cmd_set(argc - 1, argv + 1);
	if (matches(*argv, "port"))
		return cmd_port(argc - 1, argv + 1);
	if (matches(*argv, "fdb"))
		return cmd_fdb(argc - 1, argv + 1);
	if (matches(*argv, "vlan"))
		return cmd_vlan(argc - 1, argv + 1);
	if (matches(*argv, "grant"))
		return cmd_grant(argc - 1, argv + 1);
	if (matches(*argv, "revoke"))
		return cmd_revoke(argc - 1, argv + 1);
	if (matches(*argv, "promisc"))
		return cmd_promisc(argc - 1, argv + 1);
	if (matches(*argv, "monitor"))
		return cmd_monitor(argc - 1, argv + 1);
	if (matches(*argv, "help")) {
		usage_text(stdout);
		return 0;
	}
	usage_err("unknown command \"%s\"", *argv);
}
