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
#define __maybe_unused	__attribute__((__unused__))

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

/* Either output: JSON "key":value, text " label value". */
static void print_u64(const char *key, const char *label, uint64_t v)
{
	if (json)
		json_u64(key, v);
	else
		printf(" %s %" PRIu64, label, v);
}

static void print_str(const char *key, const char *label, const char *s)
{
	if (json)
		json_str(key, s);
	else
		printf(" %s %s", label, s);
}

/* JSON "key":true|false, text " key on|off". */
static void print_onoff(const char *key, bool on)
{
	if (json)
		json_bool(key, on);
	else
		printf(" %s %s", key, on ? "on" : "off");
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

/* Open the socket and find the family, once. */
static void resolve_family(void)
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

/* A request on the switch @idx (0: none, e.g. to dump all switches). */
static struct nlmsghdr *switch_msg(uint8_t cmd, uint16_t flags, uint32_t idx)
{
	struct nlmsghdr *nlh;

	resolve_family();
	nlh = gl_msg(cmd, flags);
	if (idx)
		mnl_attr_put_u32(nlh, GUESTLAN_A_IFINDEX, idx);
	return nlh;
}

/* Start the GUESTLAN_A_PORT nest of a request on port @port. */
static struct nlattr *port_nest_start(struct nlmsghdr *nlh, uint32_t port)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, GUESTLAN_A_PORT);

	mnl_attr_put_u32(nlh, GUESTLAN_PORT_A_IFINDEX, port);
	return nest;
}

static void put_flag(struct nlmsghdr *nlh, uint16_t type, bool set)
{
	if (set)
		mnl_attr_put(nlh, type, 0, NULL);
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

static const char *const promisc_state_names[] = {
	[GUESTLAN_PROMISC_STATE_OFF]		= "off",
	[GUESTLAN_PROMISC_STATE_REQUESTED]	= "requested",
	[GUESTLAN_PROMISC_STATE_ACTIVE]		= "active",
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
static const struct {
	uint16_t attr;
	const char *key;	/* JSON */
	const char *fmt;	/* text */
} switch_attrs[] = {
	{ GUESTLAN_A_AGEING_TIME, "ageing_time", " ageing %" PRIu64 },
	{ GUESTLAN_A_MAX_LEARNED, "max_learned", " max-learned %" PRIu64 },
	{ GUESTLAN_A_FDB_COUNT, "fdb_count", " fdb %" PRIu64 },
	{ GUESTLAN_A_FDB_LEARNED, "fdb_learned", " (learned %" PRIu64 ")" },
	{ GUESTLAN_A_N_PORTS, "n_ports", " ports %" PRIu64 },
};

static void print_switch(const struct nlmsghdr *nlh, const char *event)
{
	const struct nlattr *tb[GL_A_MAX + 1];
	char nbuf[IF_NAMESIZE], ebuf[24];
	const char *name = NULL, *uu = NULL;
	uint64_t ifindex = 0, v;
	bool has_ifindex;
	unsigned int i;

	parse_genl(nlh, tb, GL_A_MAX);
	has_ifindex = attr_uint(tb[GUESTLAN_A_IFINDEX], &ifindex);
	name = attr_str(tb[GUESTLAN_A_IFNAME]);
	if (!name && has_ifindex)
		name = ifname_of(ifindex, nbuf);
	if (attr_uint(tb[GUESTLAN_A_UNKNOWN_UNICAST], &v))
		uu = ENUM_STR(unknown_unicast_names, v, ebuf);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (name)
			json_str("ifname", name);
		if (has_ifindex)
			json_u64("ifindex", ifindex);
	} else {
		if (event)
			printf("%s ", event);
		printf("%s:", name ? name : "?");
	}
	for (i = 0; i < ARRAY_SIZE(switch_attrs); i++) {
		if (!attr_uint(tb[switch_attrs[i].attr], &v))
			continue;
		if (json)
			json_u64(switch_attrs[i].key, v);
		else
			printf(switch_attrs[i].fmt, v);
	}
	if (json) {
		if (uu)
			json_str("unknown_unicast", uu);
		print_stats(tb[GUESTLAN_A_STATS]);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}
	if (uu)
		printf(" unknown-unicast %s", uu);
	print_unknown_genl(nlh, GL_A_MAX);
	print_stats(tb[GUESTLAN_A_STATS]);
	putchar('\n');
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

/* A GUESTLAN_PORT_A_VLAN nest into @vtb: VIDs @vid..@end.  Else false. */
static bool parse_vlan(const struct nlattr *a, const struct nlattr **vtb,
		       uint64_t *vid, uint64_t *end)
{
	if (mnl_attr_get_type(a) != GUESTLAN_PORT_A_VLAN)
		return false;
	parse_nested(a, vtb, GL_VLAN_A_MAX);
	if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID], vid))
		return false;
	if (!attr_uint(vtb[GUESTLAN_VLAN_A_VID_END], end) || *end < *vid)
		*end = *vid;
	return true;
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

		if (!parse_vlan(a, vtb, &vid, &end))
			continue;
		pvid = vtb[GUESTLAN_VLAN_A_PVID] != NULL;
		untagged = vtb[GUESTLAN_VLAN_A_UNTAGGED] != NULL;
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

	if (json && all) {
		json_obj_open("grant");
		json_str("vlans", "all");
	} else if (json) {
		json_obj_open("grant");
		json_arr_open("vlans");
		for (v = 0; v < ARRAY_SIZE(vids); v++)
			if (vids[v])
				json_u64(NULL, v);
		json_close();
	} else {
		printf(" grant promisc vlans ");
		if (all)
			printf("all");
		else
			print_vid_list(vids);
	}
	if (attr_uint(gtb[GUESTLAN_GRANT_A_UID], &v))
		print_u64("uid", "uid", v);
	if (attr_uint(gtb[GUESTLAN_GRANT_A_GID], &v))
		print_u64("gid", "gid", v);
	print_unknown_nested(grant, GL_GRANT_A_MAX);
	if (json)
		json_close();
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

/* The enum attributes of a port: text " key name", JSON "key":"name". */
static const struct {
	uint16_t attr;
	const char *key;
	const char *const *names;
	size_t n;
} port_enums[] = {
	{ GUESTLAN_PORT_A_ROLE, "role", bridge_role_names,
	  ARRAY_SIZE(bridge_role_names) },
	{ GUESTLAN_PORT_A_BRIDGE_STATE, "state", bridge_state_names,
	  ARRAY_SIZE(bridge_state_names) },
	{ GUESTLAN_PORT_A_PREV_BRIDGE_STATE, "prev_state", bridge_state_names,
	  ARRAY_SIZE(bridge_state_names) },
	{ GUESTLAN_PORT_A_REFLECT_PROMISC, "reflect_promisc", bridge_role_names,
	  ARRAY_SIZE(bridge_role_names) },
};

static void print_port_enums(const struct nlattr **ptb)
{
	char ebuf[24];
	const char *s;
	unsigned int i;
	uint64_t v;

	for (i = 0; i < ARRAY_SIZE(port_enums); i++) {
		if (!attr_uint(ptb[port_enums[i].attr], &v))
			continue;
		s = enum_str(port_enums[i].names, port_enums[i].n, v, ebuf,
			     sizeof(ebuf));
		print_str(port_enums[i].key, port_enums[i].key, s);
	}
}

/* JSON: "vnicc":{...}; text: "\n    vnicc flooding on ...".  Any? */
static bool print_vnicc(const struct nlattr **ptb)
{
	bool any = false;
	unsigned int i;
	uint64_t v;

	for (i = 0; i < ARRAY_SIZE(port_opts); i++) {
		const struct port_opt *o = &port_opts[i];

		if (!o->vnicc || !attr_uint(ptb[o->attr], &v))
			continue;
		if (!any && json)
			json_obj_open("vnicc");
		else if (!any)
			printf("\n    vnicc");
		any = true;
		if (o->kind == OPT_ONOFF)
			print_onoff(o->name, v);
		else
			print_u64(o->name, o->name, v);
	}
	if (any && json)
		json_close();
	return any;
}

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
	/* Text: a line only if one of these is there, without prev_state. */
	bool line = ptb[GUESTLAN_PORT_A_ROLE] ||
		    ptb[GUESTLAN_PORT_A_BRIDGE_STATE] ||
		    ptb[GUESTLAN_PORT_A_REFLECT_PROMISC] ||
		    ptb[GUESTLAN_PORT_A_HOSTNOTIFY];
	uint64_t v;
	bool any;

	if (line && !json)
		printf("\n   ");
	if (line || json)
		print_port_enums(ptb);
	if (attr_uint(ptb[GUESTLAN_PORT_A_HOSTNOTIFY], &v))
		print_onoff("hostnotify", v);
	any = !json && print_vnicc(ptb);
	if (!json && !any && (ptb[GUESTLAN_PORT_A_MAX_LEARNED] ||
			      ptb[GUESTLAN_PORT_A_N_LEARNED]))
		printf("\n   ");
	if (attr_uint(ptb[GUESTLAN_PORT_A_MAX_LEARNED], &v))
		print_u64("max_learned", "max-learned", v);
	if (attr_uint(ptb[GUESTLAN_PORT_A_N_LEARNED], &v))
		print_u64("n_learned", "learned", v);
	if (json)
		print_vnicc(ptb);
}

/* The switch and port of a message (GUESTLAN_A_IFINDEX, GUESTLAN_A_PORT). */
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

/* An FDB entry (GUESTLAN_A_FDB) of a message. */
struct fdb_msg {
	const struct nlattr *ftb[GL_FDB_A_MAX + 1];
	char mac[18], pbuf[IF_NAMESIZE];
	const char *port;
	uint64_t vid;
	bool has_vid;
};

static void parse_fdb_msg(const struct nlattr *nest, struct fdb_msg *f)
{
	uint64_t v;

	memset(f->ftb, 0, sizeof(f->ftb));
	if (nest)
		parse_nested(nest, f->ftb, GL_FDB_A_MAX);
	attr_mac(f->ftb[GUESTLAN_FDB_A_MAC], f->mac);
	f->vid = 0;
	f->has_vid = attr_uint(f->ftb[GUESTLAN_FDB_A_VID], &f->vid);
	f->port = NULL;
	if (attr_uint(f->ftb[GUESTLAN_FDB_A_PORT_IFINDEX], &v))
		f->port = ifname_of(v, f->pbuf);
}

/* JSON: "mac","vlan","port"; text: " vlan VID port PORT" (MAC first). */
static void print_fdb_msg(const struct fdb_msg *f)
{
	if (json && f->mac[0])
		json_str("mac", f->mac);
	if (f->has_vid)
		print_u64("vlan", "vlan", f->vid);
	if (f->port)
		print_str("port", "port", f->port);
}

/*
 * JSON: "event","switch","ifname","ifindex"; text: "EVENT PORT master SW".
 * @event is NULL for the answers to a request.
 */
static void print_port_msg_head(const struct port_msg *m, const char *event)
{
	if (json) {
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (m->sw)
			json_str("switch", m->sw);
		if (m->name)
			json_str("ifname", m->name);
		if (m->has_ifindex)
			json_u64("ifindex", m->ifindex);
		return;
	}
	if (event)
		printf("%s ", event);
	printf("%s", m->name ? m->name : "?");
	if (m->sw)
		printf(" master %s", m->sw);
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
	uint64_t up, pvid, pstate;
	bool has_up, removed, has_pvid, has_pstate, has_vlans;
	const char *promisc = NULL;
	const struct nlattr **ptb;
	struct port_msg m;
	char stbuf[24];

	parse_port_msg(nlh, &m);
	ptb = m.ptb;
	has_up = attr_uint(ptb[GUESTLAN_PORT_A_OPER_UP], &up);
	removed = ptb[GUESTLAN_PORT_A_REMOVED] != NULL;
	has_pvid = attr_uint(ptb[GUESTLAN_PORT_A_PVID], &pvid);
	has_vlans = has_pvid || ptb[GUESTLAN_PORT_A_VLAN];
	has_pstate = attr_uint(ptb[GUESTLAN_PORT_A_PROMISC_STATE], &pstate);
	if (has_pstate)
		promisc = ENUM_STR(promisc_state_names, pstate, stbuf);

	if (json)
		json_list_elem();
	else if (removed)
		printf("Deleted ");
	print_port_msg_head(&m, event);
	if (has_up && json)
		json_bool("oper_up", up);
	else if (has_up)
		printf(" state %s", up ? "UP" : "DOWN");
	if (json && (event || removed))
		json_bool("removed", removed);
	if (has_pvid)
		print_u64("pvid", "pvid", pvid);
	if (has_vlans)
		print_port_vlans(m.tb[GUESTLAN_A_PORT]);
	if (promisc)
		print_str("promisc", "promisc", promisc);
	if (ptb[GUESTLAN_PORT_A_GRANT])
		print_grant(ptb[GUESTLAN_PORT_A_GRANT]);
	if (json) {
		print_port_bridge(ptb);
		print_stats(ptb[GUESTLAN_PORT_A_STATS]);
		if (m.tb[GUESTLAN_A_PORT])
			print_unknown_nested(m.tb[GUESTLAN_A_PORT],
					     GL_PORT_A_MAX);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}
	if (m.tb[GUESTLAN_A_PORT])
		print_unknown_nested(m.tb[GUESTLAN_A_PORT], GL_PORT_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	print_port_bridge(ptb);
	print_stats(ptb[GUESTLAN_PORT_A_STATS]);
	putchar('\n');
}

#define FDB_FLAGS_KNOWN	((uint64_t)(GUESTLAN_FDB_FLAGS_STATIC | \
				    GUESTLAN_FDB_FLAGS_LOCAL))

/*
 * FDB entry: "52:54:00:12:34:56 vlan 1 port tap0 age 1.23 static"
 * JSON: {"switch","mac","vlan","port","flags":[...],"age_ms"}
 */
static void print_fdb(const struct nlmsghdr *nlh,
		      const char *event __maybe_unused)
{
	uint64_t flags = 0, age;
	bool has_flags, has_age;
	struct port_msg m;
	struct fdb_msg f;

	parse_port_msg(nlh, &m);
	parse_fdb_msg(m.tb[GUESTLAN_A_FDB], &f);
	has_flags = attr_uint(f.ftb[GUESTLAN_FDB_A_FLAGS], &flags);
	has_age = attr_uint(f.ftb[GUESTLAN_FDB_A_AGE], &age);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (m.sw)
			json_str("switch", m.sw);
		print_fdb_msg(&f);
		json_arr_open("flags");
		if (flags & GUESTLAN_FDB_FLAGS_STATIC)
			json_str(NULL, "static");
		if (flags & GUESTLAN_FDB_FLAGS_LOCAL)
			json_str(NULL, "local");
		if (flags & ~FDB_FLAGS_KNOWN) {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%" PRIx64,
				 flags & ~FDB_FLAGS_KNOWN);
			json_str(NULL, hex);
		}
		json_close();
		if (has_age)
			json_u64("age_ms", age);
		if (m.tb[GUESTLAN_A_FDB])
			print_unknown_nested(m.tb[GUESTLAN_A_FDB],
					     GL_FDB_A_MAX);
		print_unknown_genl(nlh, GL_A_MAX);
		json_close();
		return;
	}

	printf("%s", f.mac[0] ? f.mac : "?");
	print_fdb_msg(&f);
	if (has_age)
		printf(" age %" PRIu64 ".%02" PRIu64, age / 1000,
		       (age % 1000) / 10);
	if (flags & GUESTLAN_FDB_FLAGS_STATIC)
		printf(" static");
	if (flags & GUESTLAN_FDB_FLAGS_LOCAL)
		printf(" local");
	if (has_flags && (flags & ~FDB_FLAGS_KNOWN))
		printf(" flags 0x%" PRIx64, flags);
	if (m.tb[GUESTLAN_A_FDB])
		print_unknown_nested(m.tb[GUESTLAN_A_FDB], GL_FDB_A_MAX);
	print_unknown_genl(nlh, GL_A_MAX);
	putchar('\n');
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

/* Text: ": PREV -> STATE"; JSON: "state","prev_state". */
static void print_transition(const char *state, const char *prev)
{
	if (!json) {
		printf(": %s -> %s", prev ? prev : "?", state ? state : "?");
		return;
	}
	if (state)
		json_str("state", state);
	if (prev)
		json_str("prev_state", prev);
}

/*
 * promisc-ntf: "promisc tap1 master lan0: off -> requested"
 * JSON: {"event":"promisc","switch","ifname","ifindex","state","prev_state"}
 */
static void print_promisc_event(const struct nlmsghdr *nlh, const char *event)
{
	const char *state = NULL, *prev = NULL;
	char sbuf[24], pbuf[24];
	struct port_msg m;
	uint64_t v;

	parse_port_msg(nlh, &m);
	if (attr_uint(m.ptb[GUESTLAN_PORT_A_PROMISC_STATE], &v))
		state = ENUM_STR(promisc_state_names, v, sbuf);
	if (attr_uint(m.ptb[GUESTLAN_PORT_A_PROMISC_PREV_STATE], &v))
		prev = ENUM_STR(promisc_state_names, v, pbuf);

	print_port_msg_head(&m, event);
	print_transition(state, prev);
	print_port_msg_tail(nlh, &m);
}

/*
 * bridgeport-ntf: "bridgeport tap1 master lan0 role primary: standby -> active"
 * JSON: {"event":"bridgeport","switch","ifname","ifindex","role","state",
 *	  "prev_state"}
 */
static void print_bridgeport_event(const struct nlmsghdr *nlh,
				   const char *event)
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

	print_port_msg_head(&m, event);
	if (role)
		print_str("role", "role", role);
	print_transition(state, prev);
	print_port_msg_tail(nlh, &m);
}

/*
 * host-ntf, for the port notified:
 *	"host tap1 master lan0: learned 02:00:00:00:00:01 vlan 1 port tap2"
 *	"host tap1 master lan0: reset" (or "abort")
 * JSON: {"event":"host","switch","ifname","ifindex","host_event",
 *	  "mac","vlan","port"} (mac, vlan, port for learned and aged)
 */
static void print_host_event(const struct nlmsghdr *nlh, const char *event)
{
	const char *what = NULL;
	struct port_msg m;
	struct fdb_msg f;
	char ebuf[24];
	uint64_t v;

	parse_port_msg(nlh, &m);
	if (attr_uint(m.tb[GUESTLAN_A_HOST_EVENT], &v))
		what = ENUM_STR(host_event_names, v, ebuf);
	parse_fdb_msg(m.tb[GUESTLAN_A_FDB], &f);

	print_port_msg_head(&m, event);
	if (json && what) {
		json_str("host_event", what);
	} else if (!json) {
		printf(": %s", what ? what : "?");
		if (f.mac[0])
			printf(" %s", f.mac);
	}
	print_fdb_msg(&f);
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

static void print_vlan_entry(const struct nlmsghdr *nlh,
			     const char *event __maybe_unused)
{
	const struct nlattr *a;
	struct port_msg m;
	uint64_t v, end;
	bool any = false;

	parse_port_msg(nlh, &m);
	if (!m.tb[GUESTLAN_A_PORT])
		return;

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (m.sw)
			json_str("switch", m.sw);
		if (m.name)
			json_str("port", m.name);
		if (attr_uint(m.ptb[GUESTLAN_PORT_A_PVID], &v))
			json_u64("pvid", v);
		print_port_vlans(m.tb[GUESTLAN_A_PORT]);
		json_close();
		return;
	}

	if (!vlan_header_done)
		printf("%-16s%s\n", "port", "vlan-id");
	vlan_header_done = true;
	mnl_attr_for_each_nested(a, m.tb[GUESTLAN_A_PORT]) {
		const struct nlattr *vtb[GL_VLAN_A_MAX + 1];

		if (!parse_vlan(a, vtb, &v, &end))
			continue;
		for (; v <= end; v++) {
			printf("%-16s%" PRIu64 "%s%s\n",
			       any ? "" : m.name ? m.name : "?",
			       v, vtb[GUESTLAN_VLAN_A_PVID] ? " PVID" : "",
			       vtb[GUESTLAN_VLAN_A_UNTAGGED] ? " untagged" : "");
			any = true;
		}
	}
	if (!any)
		printf("%-16s%s\n", m.name ? m.name : "?", "none");
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

/* Prints a message; @event is NULL for the answers to a request. */
typedef void (*print_fn_t)(const struct nlmsghdr *nlh, const char *event);

/* nl_talk() callback, @data points to the print_fn_t. */
static int print_cb(const struct nlmsghdr *nlh, void *data)
{
	const print_fn_t *print = data;

	if (genl_ok(nlh))
		(*print)(nlh, NULL);
	return 0;
}

/* Send a show request, its answers printed as one JSON list. */
static void show_request(struct nlmsghdr *nlh, print_fn_t print)
{
	json_list_begin();
	nl_request(nlh, print_cb, &print);
	json_list_end();
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

/* "[DEV]" and nothing else: the ifindex of DEV, 0 without it. */
static uint32_t take_opt_dev(int argc, char **argv, const char *cmd)
{
	const char *dev = take_dev(&argc, &argv, false, cmd);

	no_more_args(argc, argv, cmd);
	return dev ? dev_index(dev) : 0;
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

/*
 * The keywords after DEV of the switch, fdb, vlan and grant commands.
 * Each command takes a set of them (struct subcmd), in any order; the
 * last one given wins.
 */
enum {
	ARG_MAC		= 1 << 0,	/* mac MAC */
	ARG_PORT	= 1 << 1,	/* port PORT */
	ARG_VID		= 1 << 2,	/* vid VID (default 1) */
	ARG_PROMISC	= 1 << 3,	/* promisc */
	ARG_PVID	= 1 << 4,	/* pvid */
	ARG_UNTAGGED	= 1 << 5,	/* untagged */
	ARG_STATIC	= 1 << 6,	/* static */
	ARG_VLIST	= 1 << 7,	/* vlan VLIST */
	ARG_UID		= 1 << 8,	/* uid UID */
	ARG_GID		= 1 << 9,	/* gid GID */
	ARG_AGEING	= 1 << 10,	/* ageing SECS */
	ARG_MAX_LEARNED	= 1 << 11,	/* max-learned N */
	ARG_UU		= 1 << 12,	/* unknown-unicast MODE */
	/* without a value */
	ARG_FLAGS	= ARG_PROMISC | ARG_PVID | ARG_UNTAGGED | ARG_STATIC,
};

static const struct {
	const char *word;
	unsigned int arg;
} arg_words[] = {
	{ "mac", ARG_MAC }, { "lladdr", ARG_MAC },
	{ "port", ARG_PORT },
	{ "vid", ARG_VID }, { "vlan", ARG_VID },
	{ "promisc", ARG_PROMISC }, { "promiscuous", ARG_PROMISC },
	{ "pvid", ARG_PVID },
	{ "untagged", ARG_UNTAGGED }, { "untag", ARG_UNTAGGED },
	{ "static", ARG_STATIC },
	{ "vlan", ARG_VLIST }, { "vlans", ARG_VLIST }, { "vid", ARG_VLIST },
	{ "uid", ARG_UID },
	{ "gid", ARG_GID },
	{ "ageing", ARG_AGEING }, { "ageing-time", ARG_AGEING },
	{ "ageing_time", ARG_AGEING },
	{ "max-learned", ARG_MAX_LEARNED }, { "max_learned", ARG_MAX_LEARNED },
	{ "unknown-unicast", ARG_UU }, { "unknown_unicast", ARG_UU },
};

/* Checked in this order, so the first one missing is reported. */
static const struct {
	unsigned int arg;
	const char *msg;
} required_args[] = {
	{ ARG_MAC, "\"mac MAC\" is required" },
	{ ARG_PORT, "\"port PORT\" is required" },
	{ ARG_VID, "\"vid VID\" is required" },
	{ ARG_PROMISC, "\"promisc\" is required (the only kind of grant)" },
};

struct args {
	unsigned int given;		/* ARG_* */
	unsigned char mac[6];
	uint32_t port, uid, gid, ageing, max_learned;
	uint16_t vid;
	uint8_t uu;
	bool vids[4096];		/* ARG_VLIST */
};

/*
 * A sub-command: @name or any prefix of it, or one of @alias.  The
 * request commands are GUESTLAN_CMD_* @cmd, take the ARG_* of @args and
 * need those of @required.
 */
struct subcmd {
	const char *name;
	const char *alias[2];
	int (*fn)(int argc, char **argv, const struct subcmd *sc);
	const char *what;		/* in messages: "fdb add" */
	uint8_t cmd;
	unsigned int args, required;
};

static unsigned int arg_find(const char *kw, unsigned int mask)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(arg_words); i++)
		if ((arg_words[i].arg & mask) && is(kw, arg_words[i].word))
			return arg_words[i].arg;
	return 0;
}

/* The value of keyword @arg (**@argv), if it takes one. */
static void parse_arg(unsigned int arg, int *argc, char ***argv,
		      struct args *a)
{
	const char *val;

	if (arg & ARG_FLAGS)
		return;
	val = need_arg(argc, argv, **argv);
	switch (arg) {
	case ARG_MAC:
		parse_mac(val, a->mac);
		break;
	case ARG_PORT:
		a->port = dev_index(val);
		break;
	case ARG_VID:
		a->vid = parse_num("VLAN id", val, 1, GUESTLAN_VID_MAX);
		break;
	case ARG_VLIST:
		parse_vid_list(val, a->vids);
		break;
	case ARG_UID:
		a->uid = parse_owner("uid", val, false);
		break;
	case ARG_GID:
		a->gid = parse_owner("gid", val, true);
		break;
	case ARG_AGEING:
		a->ageing = parse_num("ageing time", val, 1, 1000000);
		break;
	case ARG_MAX_LEARNED:
		a->max_learned = parse_num("max-learned", val, 0, UINT32_MAX);
		break;
	case ARG_UU:
		a->uu = parse_enum("unknown-unicast", val,
				   unknown_unicast_names,
				   ARRAY_SIZE(unknown_unicast_names));
		break;
	}
}

/* "DEV" and the keywords of @sc into @a; returns DEV. */
static const char *parse_dev_args(int argc, char **argv,
				  const struct subcmd *sc, struct args *a)
{
	const char *dev = take_dev(&argc, &argv, true, sc->what);
	unsigned int arg;
	size_t i;

	memset(a, 0, sizeof(*a));
	a->vid = 1;
	for (; argc; argc--, argv++) {
		arg = arg_find(*argv, sc->args);
		if (!arg)
			usage_err("%s: unexpected argument \"%s\"", sc->what,
				  *argv);
		parse_arg(arg, &argc, &argv, a);
		a->given |= arg;
	}
	for (i = 0; i < ARRAY_SIZE(required_args); i++)
		if (sc->required & required_args[i].arg &&
		    !(a->given & required_args[i].arg))
			usage_err("%s: %s", sc->what, required_args[i].msg);
	return dev;
}

static bool subcmd_is(const struct subcmd *sc, const char *arg)
{
	return matches(arg, sc->name) ||
	       (sc->alias[0] && is(arg, sc->alias[0])) ||
	       (sc->alias[1] && is(arg, sc->alias[1]));
}

/* Run the first of @cmds that *@argv names; @obj prefixes the error. */
static int dispatch(const struct subcmd *cmds, size_t n, int argc,
		    char **argv, const char *obj)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (subcmd_is(&cmds[i], *argv))
			return cmds[i].fn(argc - 1, argv + 1, &cmds[i]);
	usage_err("%sunknown command \"%s\"", obj, *argv);
}

#define DISPATCH(cmds, argc, argv, obj) \
	dispatch(cmds, ARRAY_SIZE(cmds), argc, argv, obj)

/* "OBJECT help": the usage on stderr, exit 1. */
static int cmd_usage(int argc __maybe_unused, char **argv __maybe_unused,
		     const struct subcmd *sc __maybe_unused)
{
	usage();
}

/* "grant help" etc. */
static void help_arg(int argc, char **argv)
{
	if (argc && matches(*argv, "help"))
		usage();
}

/* ------------------------------------------------------------------ */
/* Commands                                                            */
/* ------------------------------------------------------------------ */

static int cmd_show(int argc, char **argv,
		    const struct subcmd *sc __maybe_unused)
{
	uint32_t idx = take_opt_dev(argc, argv, "show");

	show_request(switch_msg(GUESTLAN_CMD_SWITCH_GET,
				idx ? 0 : NLM_F_DUMP, idx), print_switch);
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

static uint32_t parse_port_opt(const struct port_opt *o, const char *arg)
{
	switch (o->kind) {
	case OPT_ONOFF:
		return parse_onoff(o->name, arg);
	case OPT_U32:
		return parse_num(o->name, arg, 0, o->max);
	case OPT_ROLE:
		break;
	}
	return parse_enum(o->name, arg, bridge_role_names,
			  ARRAY_SIZE(bridge_role_names));
}

/* port set DEV port PORT [KEYWORD VALUE]...: one port-set request. */
static int port_set(int argc, char **argv,
		    const struct subcmd *sc __maybe_unused)
{
	const char *dev = take_dev(&argc, &argv, true, "port set");
	bool given[ARRAY_SIZE(port_opts)] = { false };
	uint32_t val[ARRAY_SIZE(port_opts)] = { 0 };
	const struct port_opt *o;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	uint32_t port = 0;
	bool any = false;
	size_t i;

	for (; argc; argc--, argv++) {
		const char *kw = *argv;

		if (is(kw, "port")) {
			port = dev_index(need_arg(&argc, &argv, kw));
			continue;
		}
		o = port_opt_find(kw);
		if (!o)
			usage_err("port set: unexpected argument \"%s\"", kw);
		i = o - port_opts;
		val[i] = parse_port_opt(o, need_arg(&argc, &argv, kw));
		given[i] = any = true;
	}
	if (!port)
		usage_err("port set: \"port PORT\" is required");
	if (!any)
		usage_err("port set: nothing to change");

	nlh = switch_msg(GUESTLAN_CMD_PORT_SET, 0, dev_index(dev));
	nest = port_nest_start(nlh, port);
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

static int port_show(int argc, char **argv,
		     const struct subcmd *sc __maybe_unused)
{
	uint32_t idx = take_opt_dev(argc, argv, "port show");

	show_request(switch_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP, idx),
		     print_port);
	return 0;
}

/* "s" stays "show", as before "set" existed. */
static const struct subcmd port_cmds[] = {
	{ .name = "help", .fn = cmd_usage },
	{ .name = "show", .alias = { "list", "ls" }, .fn = port_show },
	{ .name = "set", .fn = port_set },
};

static int cmd_port(int argc, char **argv, const struct subcmd *sc)
{
	if (!argc)
		return port_show(argc, argv, sc);
	return DISPATCH(port_cmds, argc, argv, "port: ");
}

/* The GUESTLAN_A_FDB nest of an fdb request, if MAC or PORT is given. */
static void fdb_put(struct nlmsghdr *nlh, const struct args *a)
{
	struct nlattr *nest;

	if (!(a->given & (ARG_MAC | ARG_PORT)))
		return;
	nest = mnl_attr_nest_start(nlh, GUESTLAN_A_FDB);
	if (a->given & ARG_MAC) {
		mnl_attr_put(nlh, GUESTLAN_FDB_A_MAC, 6, a->mac);
		mnl_attr_put_u16(nlh, GUESTLAN_FDB_A_VID, a->vid);
	}
	if (a->given & ARG_PORT)
		mnl_attr_put_u32(nlh, GUESTLAN_FDB_A_PORT_IFINDEX, a->port);
	mnl_attr_nest_end(nlh, nest);
}

static int fdb_show(int argc, char **argv, const struct subcmd *sc)
{
	struct nlmsghdr *nlh;
	struct args a;
	const char *dev = parse_dev_args(argc, argv, sc, &a);

	nlh = switch_msg(sc->cmd, NLM_F_DUMP, dev_index(dev));
	fdb_put(nlh, &a);
	show_request(nlh, print_fdb);
	return 0;
}

static int fdb_modify(int argc, char **argv, const struct subcmd *sc)
{
	struct nlmsghdr *nlh;
	struct args a;
	const char *dev = parse_dev_args(argc, argv, sc, &a);

	nlh = switch_msg(sc->cmd, 0, dev_index(dev));
	fdb_put(nlh, &a);
	put_flag(nlh, GUESTLAN_A_FLUSH_STATIC, a.given & ARG_STATIC);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static const struct subcmd fdb_cmds[] = {
	{ "show", { "list", "ls" }, fdb_show, "fdb show",
	  GUESTLAN_CMD_FDB_GET, ARG_PORT, 0 },
	{ "add", { NULL }, fdb_modify, "fdb add", GUESTLAN_CMD_FDB_ADD,
	  ARG_MAC | ARG_VID | ARG_PORT, ARG_MAC | ARG_PORT },
	{ "delete", { "del" }, fdb_modify, "fdb del", GUESTLAN_CMD_FDB_DEL,
	  ARG_MAC | ARG_VID, ARG_MAC },
	{ "flush", { NULL }, fdb_modify, "fdb flush", GUESTLAN_CMD_FDB_FLUSH,
	  ARG_PORT | ARG_STATIC, 0 },
	{ .name = "help", .fn = cmd_usage },
};

static int cmd_fdb(int argc, char **argv,
		   const struct subcmd *sc __maybe_unused)
{
	if (!argc)
		usage_err("fdb: command required (show, add, del, flush)");
	return DISPATCH(fdb_cmds, argc, argv, "fdb: ");
}

static int cmd_set(int argc, char **argv, const struct subcmd *sc)
{
	struct nlmsghdr *nlh;
	struct args a;
	const char *dev = parse_dev_args(argc, argv, sc, &a);

	if (!a.given)
		usage_err("set: nothing to change (ageing SECS, max-learned N, unknown-unicast MODE)");

	nlh = switch_msg(sc->cmd, 0, dev_index(dev));
	if (a.given & ARG_AGEING)
		mnl_attr_put_u32(nlh, GUESTLAN_A_AGEING_TIME, a.ageing);
	if (a.given & ARG_MAX_LEARNED)
		mnl_attr_put_u32(nlh, GUESTLAN_A_MAX_LEARNED, a.max_learned);
	if (a.given & ARG_UU)
		mnl_attr_put_u8(nlh, GUESTLAN_A_UNKNOWN_UNICAST, a.uu);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static int vlan_show(int argc, char **argv, const struct subcmd *sc)
{
	struct nlmsghdr *nlh;
	print_fn_t print = print_vlan_entry;
	struct nlattr *nest;
	uint32_t idx;
	struct args a;
	const char *dev = parse_dev_args(argc, argv, sc, &a);

	idx = dev_index(dev);
	/* The switch's own host port first: a port-get do on its ifindex. */
	nlh = switch_msg(GUESTLAN_CMD_PORT_GET, 0, idx);
	json_list_begin();
	nest = port_nest_start(nlh, a.given & ARG_PORT ? a.port : idx);
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, print_cb, &print);
	if (!(a.given & ARG_PORT)) {
		nlh = switch_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP, idx);
		nl_request(nlh, print_cb, &print);
	}
	json_list_end();
	return 0;
}

static int vlan_modify(int argc, char **argv, const struct subcmd *sc)
{
	struct nlattr *pnest, *vnest;
	struct nlmsghdr *nlh;
	struct args a;
	const char *dev = parse_dev_args(argc, argv, sc, &a);

	nlh = switch_msg(sc->cmd, 0, dev_index(dev));
	pnest = port_nest_start(nlh, a.port);
	vnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_VLAN);
	mnl_attr_put_u16(nlh, GUESTLAN_VLAN_A_VID, a.vid);
	put_flag(nlh, GUESTLAN_VLAN_A_PVID, a.given & ARG_PVID);
	put_flag(nlh, GUESTLAN_VLAN_A_UNTAGGED, a.given & ARG_UNTAGGED);
	mnl_attr_nest_end(nlh, vnest);
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static const struct subcmd vlan_cmds[] = {
	{ "show", { "list", "ls" }, vlan_show, "vlan show", 0, ARG_PORT, 0 },
	{ "add", { NULL }, vlan_modify, "vlan add", GUESTLAN_CMD_VLAN_ADD,
	  ARG_PORT | ARG_VID | ARG_PVID | ARG_UNTAGGED, ARG_PORT | ARG_VID },
	{ "delete", { "del" }, vlan_modify, "vlan del", GUESTLAN_CMD_VLAN_DEL,
	  ARG_PORT | ARG_VID, ARG_PORT | ARG_VID },
	{ .name = "help", .fn = cmd_usage },
};

static int cmd_vlan(int argc, char **argv,
		    const struct subcmd *sc __maybe_unused)
{
	if (!argc)
		usage_err("vlan: command required (show, add, del)");
	return DISPATCH(vlan_cmds, argc, argv, "vlan: ");
}

/* grant-set/grant-del for "DEV port PORT promisc ...". */
static int grant_modify(int argc, char **argv, const struct subcmd *sc)
{
	struct nlattr *pnest, *gnest;
	struct nlmsghdr *nlh;
	const char *dev;
	unsigned int vid;
	struct args a;

	help_arg(argc, argv);
	dev = parse_dev_args(argc, argv, sc, &a);

	nlh = switch_msg(sc->cmd, 0, dev_index(dev));
	pnest = port_nest_start(nlh, a.port);
	/* No grant nest (or no VIDs in it): every VLAN of the port. */
	if (a.given & (ARG_VLIST | ARG_UID | ARG_GID)) {
		gnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_GRANT);
		for (vid = 1; vid <= GUESTLAN_VID_MAX; vid++)
			if (a.vids[vid])
				mnl_attr_put_u16(nlh, GUESTLAN_GRANT_A_VID, vid);
		if (a.given & ARG_UID)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_UID, a.uid);
		if (a.given & ARG_GID)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_GID, a.gid);
		mnl_attr_nest_end(nlh, gnest);
	}
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

/*
 * promisc PORT [on|off], through the ioctls of /dev/guestlan: no netlink,
 * and the owner of the port's grant needs no CAP_NET_ADMIN.
 * Show: "tap1: promisc requested (no grant) granted no"
 * JSON: {"ifname","ifindex","on","state","granted"}
 */
static int cmd_promisc(int argc, char **argv,
		       const struct subcmd *sc __maybe_unused)
{
	struct guestlan_promisc req;
	const char *dev, *state, *hint = "";
	char what[64], st[24];
	int set = -1, fd, err;

	help_arg(argc, argv);
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

	state = ENUM_STR(promisc_state_names, req.state, st);
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

/* The notifications "glctl monitor" prints, as its "event". */
static const struct {
	uint8_t cmd;
	print_fn_t print;
	const char *event;
} events[] = {
	{ GUESTLAN_CMD_PORT_NTF, print_port, "port" },
	{ GUESTLAN_CMD_SWITCH_NTF, print_switch, "switch" },
	{ GUESTLAN_CMD_PROMISC_NTF, print_promisc_event, "promisc" },
	{ GUESTLAN_CMD_BRIDGEPORT_NTF, print_bridgeport_event, "bridgeport" },
	{ GUESTLAN_CMD_HOST_NTF, print_host_event, "host" },
};

static void print_event(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *g;
	size_t i;

	if (nlh->nlmsg_type != family_id || !genl_ok(nlh))
		return;
	g = mnl_nlmsg_get_payload(nlh);
	for (i = 0; i < ARRAY_SIZE(events); i++)
		if (events[i].cmd == g->cmd)
			break;
	if (i < ARRAY_SIZE(events))
		events[i].print(nlh, events[i].event);
	else
		print_unknown_msg(nlh);
	fflush(stdout);
}

static int cmd_monitor(int argc, char **argv,
		       const struct subcmd *sc __maybe_unused)
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

/* "glctl help": the usage on stdout. */
static int cmd_help(int argc __maybe_unused, char **argv __maybe_unused,
		    const struct subcmd *sc __maybe_unused)
{
	usage_text(stdout);
	return 0;
}

static const struct subcmd glctl_cmds[] = {
	{ .name = "show", .alias = { "list", "ls" }, .fn = cmd_show },
	{ "set", { NULL }, cmd_set, "set", GUESTLAN_CMD_SWITCH_SET,
	  ARG_AGEING | ARG_MAX_LEARNED | ARG_UU, 0 },
	{ .name = "port", .fn = cmd_port },
	{ .name = "fdb", .fn = cmd_fdb },
	{ .name = "vlan", .fn = cmd_vlan },
	{ "grant", { NULL }, grant_modify, "grant", GUESTLAN_CMD_GRANT_SET,
	  ARG_PORT | ARG_PROMISC | ARG_VLIST | ARG_UID | ARG_GID,
	  ARG_PORT | ARG_PROMISC },
	{ "revoke", { NULL }, grant_modify, "revoke", GUESTLAN_CMD_GRANT_DEL,
	  ARG_PORT | ARG_PROMISC, ARG_PORT | ARG_PROMISC },
	{ .name = "promisc", .fn = cmd_promisc },
	{ .name = "monitor", .fn = cmd_monitor },
	{ .name = "help", .fn = cmd_help },
};

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
	return DISPATCH(glctl_cmds, argc, argv, "");
}
