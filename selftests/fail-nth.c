// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth: systematic fault injection into one guestlan operation, used by
 * faultinject.sh (kernel with CONFIG_FAULT_INJECTION, failslab and
 * fail_page_alloc configured so that they count sleeping allocations).
 *
 *   fail-nth [-v] [-f FIRST] [-m MAX] newlink NAME
 *	create switch NAME (RTM_NEWLINK, kind guestlan), delete it again
 *   fail-nth [-v] [-f FIRST] [-m MAX] master PORT SWITCH
 *	add PORT to SWITCH (RTM_SETLINK IFLA_MASTER), release it again
 *   fail-nth [-v] [-f FIRST] [-m MAX] grant SWITCH PORT [SPEC] [/ OLDSPEC]
 *	grant-set (SPEC: uid N, gid N, vlan N...); afterwards restore OLDSPEC
 *	("/" alone or nothing: grant-del)
 *   fail-nth [-v] [-f FIRST] [-m MAX] tapwrite TAP SWITCH [TAP...]
 *	write a broadcast frame with a new source MAC to tap TAP (a port of
 *	SWITCH): its rx_handler runs in this thread, so learning and the
 *	flood's clones are reached too
 *
 * The other TAPs of tapwrite are only held open (carrier on: they get the
 * flood).  -f FIRST starts at N = FIRST, -m MAX stops after N = MAX, -k
 * writes "fail-nth: OP N=n" to the kernel log before each run (to find the
 * stack of an injected fault, with failslab/verbose 2).
 *
 * For N = 1, 2, ...: write N to /proc/thread-self/fail-nth (the N-th slab
 * or page allocation of this thread fails), do the operation with a single
 * system call (sendmsg + recv of the netlink request, or write to the tap),
 * read back whether the fault fired, and check the result:
 *
 *  - netlink operations: the state after it (a fingerprint read back through
 *    rtnetlink and the guestlan family) must be the one before the operation
 *    if it failed, the one a fault-free run gives if it succeeded (either if
 *    only the ack was lost, ENOBUFS on recv); then the state is put back.
 *  - tapwrite: a failed write leaves every counter alone; a frame that got
 *    in is counted on its port, its source MAC is learned or counted as
 *    learn_refused, and every other port (host included) has it in
 *    tx_packets or drop_nomem.
 *
 * The loop ends at the first N where the fault did not fire (the operation
 * makes fewer than N allocations); that run must succeed.  One line per
 * anomaly ("BAD ..."), -v one per N, then a summary.  Exit 0 when all is
 * consistent, 1 otherwise, 2 on a setup error.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "../uapi/linux/guestlan_netlink.h"

#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif

#define MAX_PORTS	16
#define ETYPE		0x88b5	/* IEEE local experimental, as GL_ETYPE */

static bool verbose;
static int min_n = 1, max_n = 3000;
static int kmsg_fd = -1;
static int bad;
static int fail_fd = -1;
static uint16_t family_id;
static char extack[256];

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fail-nth: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void __attribute__((format(printf, 2, 3))) report_bad(int n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("BAD N=%d: ", n);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	va_end(ap);
	bad++;
}

/* ------------------------------------------------------------------ */
/* fail-nth                                                            */
/* ------------------------------------------------------------------ */

static void fail_nth_open(void)
{
	fail_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (fail_fd < 0)
		die("/proc/thread-self/fail-nth: %s", strerror(errno));
}

/* -k: "fail-nth: OP N=n" in the kernel log before each run */
static void kmsg_mark(const char *op, int n)
{
	char buf[64];
	int len;

	if (kmsg_fd < 0)
		return;
	len = snprintf(buf, sizeof(buf), "fail-nth: %s N=%d\n", op, n);
	if (write(kmsg_fd, buf, len) != len)
		die("/dev/kmsg: %s", strerror(errno));
}

/* Nothing in between allocates: the fd is open, the buffers are ours. */
static void fail_nth_arm(int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	if (pwrite(fail_fd, buf, len, 0) != len)
		die("write fail-nth: %s", strerror(errno));
}

/* Disarm; did the fault fire (the count reached 0)? */
static bool fail_nth_fired(void)
{
	char buf[16] = "";
	ssize_t n = pread(fail_fd, buf, sizeof(buf) - 1, 0);

	fail_nth_arm(0);
	if (n <= 0)
		die("read fail-nth: %s", n < 0 ? strerror(errno) : "empty");
	return strtol(buf, NULL, 10) == 0;
}

/* ------------------------------------------------------------------ */
/* Netlink                                                             */
/* ------------------------------------------------------------------ */

struct req {
	struct nlmsghdr *nlh;
	char buf[4096] __attribute__((aligned(NLMSG_ALIGNTO)));
};

static char rxbuf[65536] __attribute__((aligned(NLMSG_ALIGNTO)));

static int nl_socket(int proto)
{
	struct timeval tv = { .tv_sec = 20 };
	int one = 1, fd;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (fd < 0)
		die("netlink socket: %s", strerror(errno));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

static void *req_put(struct req *r, size_t len)
{
	void *p = (char *)r->nlh + NLMSG_ALIGN(r->nlh->nlmsg_len);

	if (NLMSG_ALIGN(r->nlh->nlmsg_len) + NLMSG_ALIGN(len) > sizeof(r->buf))
		die("request too big");
	memset(p, 0, NLMSG_ALIGN(len));
	r->nlh->nlmsg_len = NLMSG_ALIGN(r->nlh->nlmsg_len) + len;
	return p;
}

static void req_init(struct req *r, uint16_t type, uint16_t flags)
{
	memset(r->buf, 0, sizeof(struct nlmsghdr));
	r->nlh = (struct nlmsghdr *)r->buf;
	r->nlh->nlmsg_len = NLMSG_HDRLEN;
	r->nlh->nlmsg_type = type;
	r->nlh->nlmsg_flags = NLM_F_REQUEST | flags;
}

static struct nlattr *attr_put(struct req *r, uint16_t type, const void *data,
			       size_t len)
{
	struct nlattr *a = req_put(r, NLA_HDRLEN + len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy((char *)a + NLA_HDRLEN, data, len);
	return a;
}

static void attr_u32(struct req *r, uint16_t type, uint32_t v)
{
	attr_put(r, type, &v, sizeof(v));
}

static void attr_u16(struct req *r, uint16_t type, uint16_t v)
{
	attr_put(r, type, &v, sizeof(v));
}

static struct nlattr *nest_start(struct req *r, uint16_t type)
{
	return attr_put(r, type | NLA_F_NESTED, NULL, 0);
}

static void nest_end(struct req *r, struct nlattr *a)
{
	a->nla_len = (char *)r->nlh + r->nlh->nlmsg_len - (char *)a;
}

static void genl_init(struct req *r, uint16_t family, uint8_t cmd,
		      uint16_t flags)
{
	struct genlmsghdr *g;

	req_init(r, family, flags);
	g = req_put(r, sizeof(*g));
	g->cmd = cmd;
	g->version = family == GENL_ID_CTRL ? 1 : GUESTLAN_GENL_VERSION;
}

#define attr_for_each(a, start, len)					\
	for (a = (const struct nlattr *)(start);			\
	     (len) >= (int)sizeof(*a) && a->nla_len >= sizeof(*a) &&	\
	     a->nla_len <= (len);					\
	     len -= NLA_ALIGN(a->nla_len),				\
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))

static const void *attr_data(const struct nlattr *a)
{
	return (const char *)a + NLA_HDRLEN;
}

static int attr_len(const struct nlattr *a)
{
	return a->nla_len - NLA_HDRLEN;
}

static uint32_t attr_get_u32(const struct nlattr *a)
{
	uint32_t v = 0;

	memcpy(&v, attr_data(a), attr_len(a) < 4 ? attr_len(a) : 4);
	return v;
}

static uint64_t attr_get_u64(const struct nlattr *a)
{
	uint64_t v = 0;

	if (attr_len(a) == 8)
		memcpy(&v, attr_data(a), 8);
	else
		v = attr_get_u32(a);
	return v;
}

/* The attribute of @type in [start, start + len), or NULL */
static const struct nlattr *attr_find(const void *start, int len, int type)
{
	const struct nlattr *a;

	attr_for_each(a, start, len)
		if ((a->nla_type & NLA_TYPE_MASK) == type)
			return a;
	return NULL;
}

static const struct nlattr *nest_find(const struct nlattr *nest, int type)
{
	return nest ? attr_find(attr_data(nest), attr_len(nest), type) : NULL;
}

typedef void (*msg_cb)(const struct nlmsghdr *nlh, void *ctx);

/* The extack message of an NLMSG_ERROR */
static void parse_extack(const struct nlmsghdr *h)
{
	const struct nlmsgerr *e = NLMSG_DATA(h);
	const struct nlattr *a;
	int off = sizeof(*e), len;

	if (!(h->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (!(h->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	len = (int)h->nlmsg_len - NLMSG_HDRLEN - off;
	a = attr_find((const char *)e + off, len, NLMSGERR_ATTR_MSG);
	if (a)
		snprintf(extack, sizeof(extack), "%.*s", attr_len(a),
			 (const char *)attr_data(a));
}

/*
 * Receive up to the ack (or NLMSG_DONE of a dump); replies go to @cb.
 * 0 or -errno; a failed recv() itself is -errno too, and sets *recv_failed.
 */
static int nl_recv(int fd, uint32_t seq, msg_cb cb, void *ctx,
		   bool *recv_failed)
{
	for (;;) {
		const struct nlmsghdr *h;
		ssize_t n = recv(fd, rxbuf, sizeof(rxbuf), 0);
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (recv_failed)
				*recv_failed = true;
			return -errno;
		}
		len = n;
		for (h = (const struct nlmsghdr *)rxbuf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				parse_extack(h);
				return e->error;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				memcpy(&err, NLMSG_DATA(h), sizeof(err));
				return err;
			}
			if (cb)
				cb(h, ctx);
		}
	}
}

static uint32_t seq_no;

/* A request without fault injection; 0 or -errno */
static int nl_talk(int proto, struct req *r, msg_cb cb, void *ctx)
{
	int fd = nl_socket(proto), err;

	r->nlh->nlmsg_seq = ++seq_no;
	/* NLM_F_EXCL is NLM_F_MATCH: only both bits make a dump */
	if ((r->nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		r->nlh->nlmsg_flags |= NLM_F_ACK;
	extack[0] = 0;
	if (send(fd, r->nlh, r->nlh->nlmsg_len, 0) < 0)
		err = -errno;
	else
		err = nl_recv(fd, r->nlh->nlmsg_seq, cb, ctx, NULL);
	close(fd);
	return err;
}

/*
 * The request with the N-th allocation failing: *fired tells whether it
 * did.  *ack_lost: the request went out, but recv() failed (the kernel
 * could not queue the ack), so the outcome is unknown.
 */
static int nl_talk_nth(int proto, struct req *r, int n, bool *fired,
		       bool *ack_lost)
{
	int fd = nl_socket(proto), err;

	r->nlh->nlmsg_seq = ++seq_no;
	r->nlh->nlmsg_flags |= NLM_F_ACK;
	extack[0] = 0;
	*ack_lost = false;
	memset(rxbuf, 0, sizeof(rxbuf));	/* no page faults in between */
	fail_nth_arm(n);
	if (send(fd, r->nlh, r->nlh->nlmsg_len, 0) < 0) {
		err = -errno;
	} else {
		/* recv() failing (ENOBUFS): the ack was lost, not the request */
		err = nl_recv(fd, r->nlh->nlmsg_seq, NULL, NULL, ack_lost);
	}
	*fired = fail_nth_fired();
	close(fd);
	return err;
}

static void family_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *a;

	(void)ctx;
	a = attr_find((const char *)NLMSG_DATA(h) + GENL_HDRLEN,
		      h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN,
		      CTRL_ATTR_FAMILY_ID);
	if (a)
		family_id = attr_get_u32(a) & 0xffff;
}

static void resolve_family(void)
{
	struct req r;
	int err;

	genl_init(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	attr_put(&r, CTRL_ATTR_FAMILY_NAME, GUESTLAN_GENL_NAME,
		 sizeof(GUESTLAN_GENL_NAME));
	err = nl_talk(NETLINK_GENERIC, &r, family_cb, NULL);
	if (err || !family_id)
		die("generic netlink family %s: %s", GUESTLAN_GENL_NAME,
		    err ? strerror(-err) : "no id");
}

static int ifindex_of(const char *name)
{
	int idx = if_nametoindex(name);

	if (!idx)
		die("no device %s", name);
	return idx;
}

/* ------------------------------------------------------------------ */
/* Link state (rtnetlink)                                              */
/* ------------------------------------------------------------------ */

struct link {
	bool found;
	int ifindex;
	uint32_t master, promiscuity;
	char kind[32];
};

static void link_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	int len = h->nlmsg_len - NLMSG_LENGTH(sizeof(*ifi));
	const void *attrs = (const char *)ifi + NLMSG_ALIGN(sizeof(*ifi));
	const struct nlattr *a, *info;
	struct link *l = ctx;

	if (h->nlmsg_type != RTM_NEWLINK)
		return;
	l->found = true;
	l->ifindex = ifi->ifi_index;
	a = attr_find(attrs, len, IFLA_MASTER);
	l->master = a ? attr_get_u32(a) : 0;
	a = attr_find(attrs, len, IFLA_PROMISCUITY);
	l->promiscuity = a ? attr_get_u32(a) : 0;
	info = attr_find(attrs, len, IFLA_LINKINFO);
	a = nest_find(info, IFLA_INFO_KIND);
	if (a)
		snprintf(l->kind, sizeof(l->kind), "%.*s", attr_len(a),
			 (const char *)attr_data(a));
}

/* RTM_GETLINK by index (@name NULL) or by name */
static int link_get(int ifindex, const char *name, struct link *l)
{
	struct ifinfomsg *ifi;
	struct req r;

	memset(l, 0, sizeof(*l));
	req_init(&r, RTM_GETLINK, 0);
	ifi = req_put(&r, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = name ? 0 : ifindex;
	if (name)
		attr_put(&r, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(NETLINK_ROUTE, &r, link_cb, l);
}

static void link_req(struct req *r, int type, int flags, int ifindex)
{
	struct ifinfomsg *ifi;

	req_init(r, type, flags);
	ifi = req_put(r, sizeof(*ifi));
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
}

/* ------------------------------------------------------------------ */
/* guestlan state                                                      */
/* ------------------------------------------------------------------ */

struct gl_stats {
	uint64_t rx_packets, rx_accepted, tx_packets, drop_nomem;
	uint64_t learn_refused;
	bool has_accepted;
};

struct gl_port {
	int ifindex;
	const struct nlattr *grant;
	char grant_hex[256];
	struct gl_stats st;
};

struct gl_sw {
	uint32_t n_ports;
	int nports;
	struct gl_port port[MAX_PORTS];
	struct gl_stats total;
};

static void stats_parse(const struct nlattr *nest, struct gl_stats *s)
{
	const struct nlattr *a;

	memset(s, 0, sizeof(*s));
	if (!nest)
		return;
	if ((a = nest_find(nest, GUESTLAN_STATS_A_RX_PACKETS)))
		s->rx_packets = attr_get_u64(a);
	if ((a = nest_find(nest, GUESTLAN_STATS_A_RX_ACCEPTED))) {
		s->rx_accepted = attr_get_u64(a);
		s->has_accepted = true;
	}
	if ((a = nest_find(nest, GUESTLAN_STATS_A_TX_PACKETS)))
		s->tx_packets = attr_get_u64(a);
	if ((a = nest_find(nest, GUESTLAN_STATS_A_DROP_NOMEM)))
		s->drop_nomem = attr_get_u64(a);
	if ((a = nest_find(nest, GUESTLAN_STATS_A_LEARN_REFUSED)))
		s->learn_refused = attr_get_u64(a);
}

static const struct nlattr *genl_attrs(const struct nlmsghdr *h, int *len)
{
	*len = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	return (const struct nlattr *)((const char *)NLMSG_DATA(h) + GENL_HDRLEN);
}

static void port_cb(const struct nlmsghdr *h, void *ctx)
{
	struct gl_sw *sw = ctx;
	const struct nlattr *attrs, *port, *a;
	struct gl_port *p;
	int len, i;

	attrs = genl_attrs(h, &len);
	port = attr_find(attrs, len, GUESTLAN_A_PORT);
	if (!port || sw->nports == MAX_PORTS)
		return;
	p = &sw->port[sw->nports++];
	memset(p, 0, sizeof(*p));
	a = nest_find(port, GUESTLAN_PORT_A_IFINDEX);
	p->ifindex = a ? attr_get_u32(a) : 0;
	stats_parse(nest_find(port, GUESTLAN_PORT_A_STATS), &p->st);
	a = nest_find(port, GUESTLAN_PORT_A_GRANT);
	if (!a) {
		snprintf(p->grant_hex, sizeof(p->grant_hex), "none");
		return;
	}
	for (i = 0; i < attr_len(a) && 2 * i + 3 < (int)sizeof(p->grant_hex); i++)
		sprintf(p->grant_hex + 2 * i, "%02x",
			((const unsigned char *)attr_data(a))[i]);
}

static void switch_cb(const struct nlmsghdr *h, void *ctx)
{
	struct gl_sw *sw = ctx;
	const struct nlattr *attrs, *a;
	int len;

	attrs = genl_attrs(h, &len);
	if ((a = attr_find(attrs, len, GUESTLAN_A_N_PORTS)))
		sw->n_ports = attr_get_u32(a);
	stats_parse(attr_find(attrs, len, GUESTLAN_A_STATS), &sw->total);
}

/* guestlan switch-get; 0 or -errno (not a switch) */
static int switch_get(int sw_idx, struct gl_sw *sw)
{
	struct req r;

	memset(sw, 0, sizeof(*sw));
	genl_init(&r, family_id, GUESTLAN_CMD_SWITCH_GET, 0);
	attr_u32(&r, GUESTLAN_A_IFINDEX, sw_idx);
	return nl_talk(NETLINK_GENERIC, &r, switch_cb, sw);
}

/* switch-get and a port-get dump of the switch */
static int switch_read(int sw_idx, struct gl_sw *sw)
{
	struct req r;
	int err = switch_get(sw_idx, sw);

	if (err)
		return err;
	genl_init(&r, family_id, GUESTLAN_CMD_PORT_GET, NLM_F_DUMP);
	attr_u32(&r, GUESTLAN_A_IFINDEX, sw_idx);
	return nl_talk(NETLINK_GENERIC, &r, port_cb, sw);
}

static struct gl_port *sw_port(struct gl_sw *sw, int ifindex)
{
	int i;

	for (i = 0; i < sw->nports; i++)
		if (sw->port[i].ifindex == ifindex)
			return &sw->port[i];
	return NULL;
}

struct fdb_q {
	const unsigned char *mac;	/* look for this MAC, or */
	int port;			/* count entries on this port */
	int found_port;			/* the MAC's port, 0: absent */
	int count;
};

static void fdb_cb(const struct nlmsghdr *h, void *ctx)
{
	const struct nlattr *attrs, *fdb, *mac, *port;
	struct fdb_q *q = ctx;
	int len;

	attrs = genl_attrs(h, &len);
	fdb = attr_find(attrs, len, GUESTLAN_A_FDB);
	mac = nest_find(fdb, GUESTLAN_FDB_A_MAC);
	port = nest_find(fdb, GUESTLAN_FDB_A_PORT_IFINDEX);
	if (!mac || !port)
		return;
	if (q->mac && attr_len(mac) == 6 && !memcmp(attr_data(mac), q->mac, 6))
		q->found_port = attr_get_u32(port);
	if (q->port && (int)attr_get_u32(port) == q->port)
		q->count++;
}

static void fdb_query(int sw_idx, struct fdb_q *q)
{
	struct req r;
	int err;

	q->found_port = 0;
	q->count = 0;
	genl_init(&r, family_id, GUESTLAN_CMD_FDB_GET, NLM_F_DUMP);
	attr_u32(&r, GUESTLAN_A_IFINDEX, sw_idx);
	err = nl_talk(NETLINK_GENERIC, &r, fdb_cb, q);
	if (err)
		die("fdb dump: %s", strerror(-err));
}

/* ------------------------------------------------------------------ */
/* Operations: build the request, read the state, undo                 */
/* ------------------------------------------------------------------ */

struct op {
	const char *name;
	int proto;
	void (*build)(struct op *o, struct req *r);
	void (*state)(struct op *o, char *buf, size_t len);
	void (*undo)(struct op *o);
	/* arguments */
	const char *ifname;
	int sw_idx, port_idx;
	char **spec, **oldspec;
	int nspec, noldspec;
};

/* newlink NAME */
static void newlink_build(struct op *o, struct req *r)
{
	struct nlattr *info;

	link_req(r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, 0);
	attr_put(r, IFLA_IFNAME, o->ifname, strlen(o->ifname) + 1);
	info = nest_start(r, IFLA_LINKINFO);
	attr_put(r, IFLA_INFO_KIND, "guestlan", sizeof("guestlan"));
	nest_end(r, info);
}

static void newlink_state(struct op *o, char *buf, size_t len)
{
	struct gl_sw sw;
	struct link l;
	int err = link_get(0, o->ifname, &l);

	if (err == -ENODEV || !l.found) {
		snprintf(buf, len, "absent");
		return;
	}
	if (err)
		die("getlink %s: %s", o->ifname, strerror(-err));
	err = switch_get(l.ifindex, &sw);
	snprintf(buf, len, "present kind=%s switch=%s ports=%u", l.kind,
		 err ? strerror(-err) : "ok", sw.n_ports);
}

static void newlink_undo(struct op *o)
{
	struct link l;
	struct req r;
	int err;

	if (link_get(0, o->ifname, &l) || !l.found)
		return;
	link_req(&r, RTM_DELLINK, 0, l.ifindex);
	err = nl_talk(NETLINK_ROUTE, &r, NULL, NULL);
	if (err)
		die("dellink %s: %s", o->ifname, strerror(-err));
}

/* master PORT SWITCH */
static void master_build(struct op *o, struct req *r)
{
	link_req(r, RTM_SETLINK, 0, o->port_idx);
	attr_u32(r, IFLA_MASTER, o->sw_idx);
}

static void master_state(struct op *o, char *buf, size_t len)
{
	struct fdb_q q = { .port = o->port_idx };
	struct gl_sw sw;
	struct link l;
	int err;

	err = link_get(o->port_idx, NULL, &l);
	if (err)
		die("getlink %d: %s", o->port_idx, strerror(-err));
	err = switch_read(o->sw_idx, &sw);
	if (err)
		die("switch %d: %s", o->sw_idx, strerror(-err));
	fdb_query(o->sw_idx, &q);
	/* FDB entries on a device that is not a port: dangling */
	snprintf(buf, len, "master=%u promiscuity=%u listed=%d n_ports=%u%s",
		 l.master, l.promiscuity, !!sw_port(&sw, o->port_idx),
		 sw.n_ports,
		 !sw_port(&sw, o->port_idx) && q.count ? " FDB-ENTRIES-LEFT" : "");
}

static void master_undo(struct op *o)
{
	struct req r;
	int err;

	link_req(&r, RTM_SETLINK, 0, o->port_idx);
	attr_u32(&r, IFLA_MASTER, 0);
	err = nl_talk(NETLINK_ROUTE, &r, NULL, NULL);
	if (err)
		die("nomaster: %s (%s)", strerror(-err), extack);
}

/* grant SWITCH PORT SPEC [/ OLDSPEC] */
static void grant_req(struct op *o, struct req *r, uint8_t cmd, char **spec,
		      int n)
{
	struct nlattr *port, *grant;
	int i;

	genl_init(r, family_id, cmd, 0);
	attr_u32(r, GUESTLAN_A_IFINDEX, o->sw_idx);
	port = nest_start(r, GUESTLAN_A_PORT);
	attr_u32(r, GUESTLAN_PORT_A_IFINDEX, o->port_idx);
	if (n) {
		grant = nest_start(r, GUESTLAN_PORT_A_GRANT);
		for (i = 0; i + 1 < n; i += 2) {
			unsigned long v = strtoul(spec[i + 1], NULL, 0);

			if (!strcmp(spec[i], "uid"))
				attr_u32(r, GUESTLAN_GRANT_A_UID, v);
			else if (!strcmp(spec[i], "gid"))
				attr_u32(r, GUESTLAN_GRANT_A_GID, v);
			else if (!strcmp(spec[i], "vlan"))
				attr_u16(r, GUESTLAN_GRANT_A_VID, v);
			else
				die("grant: unknown \"%s\"", spec[i]);
		}
		nest_end(r, grant);
	}
	nest_end(r, port);
}

static void grant_build(struct op *o, struct req *r)
{
	grant_req(o, r, GUESTLAN_CMD_GRANT_SET, o->spec, o->nspec);
}

static void grant_state(struct op *o, char *buf, size_t len)
{
	struct gl_port *p;
	struct gl_sw sw;
	int err = switch_read(o->sw_idx, &sw);

	if (err)
		die("switch %d: %s", o->sw_idx, strerror(-err));
	p = sw_port(&sw, o->port_idx);
	if (!p)
		die("%d is not a port of %d", o->port_idx, o->sw_idx);
	snprintf(buf, len, "grant=%s", p->grant_hex);
}

static void grant_undo(struct op *o)
{
	struct req r;
	int err;

	if (o->noldspec)
		grant_req(o, &r, GUESTLAN_CMD_GRANT_SET, o->oldspec, o->noldspec);
	else
		grant_req(o, &r, GUESTLAN_CMD_GRANT_DEL, NULL, 0);
	err = nl_talk(NETLINK_GENERIC, &r, NULL, NULL);
	if (err && !(err == -ENOENT && !o->noldspec))
		die("restoring the grant: %s (%s)", strerror(-err), extack);
}

static const char *errname(int err)
{
	static char buf[32];

	switch (-err) {
	case 0: return "ok";
	case ENOMEM: return "ENOMEM";
	case ENOBUFS: return "ENOBUFS";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case ENODEV: return "ENODEV";
	case EFAULT: return "EFAULT";
	case EIO: return "EIO";
	}
	snprintf(buf, sizeof(buf), "errno %d", -err);
	return buf;
}

#define MAX_ERRS 16
struct tally {
	int runs, fired, ok, failed, ack_lost;
	int err[MAX_ERRS], cnt[MAX_ERRS], nerr;
};

static void tally_err(struct tally *t, int err)
{
	int i;

	for (i = 0; i < t->nerr; i++)
		if (t->err[i] == err)
			break;
	if (i == t->nerr) {
		if (t->nerr == MAX_ERRS)
			return;
		t->err[t->nerr++] = err;
	}
	t->cnt[i]++;
}

static void tally_print(const char *name, struct tally *t, int first,
			int last)
{
	int i;

	printf("%s: N=%d..%d, %d faults injected: %d succeeded, %d failed",
	       name, first, last, t->fired, t->ok, t->failed);
	for (i = 0; i < t->nerr; i++)
		printf("%s %s x%d", i ? "," : " (", errname(t->err[i]), t->cnt[i]);
	printf("%s", t->nerr ? ")" : "");
	if (t->ack_lost)
		printf(", %d acks lost (ENOBUFS)", t->ack_lost);
	printf("; inconsistencies: %d\n", bad);
}

static int run_netlink(struct op *o)
{
	char s0[512], s1[512], st[512];
	struct tally t = { 0 };
	bool fired = true, ack_lost, stuck = false;
	struct req r;
	int n, err;

	/* the reference: state before, state after a fault-free run */
	o->state(o, s0, sizeof(s0));
	o->build(o, &r);
	err = nl_talk(o->proto, &r, NULL, NULL);
	if (err)
		die("%s without fault injection: %s (%s)", o->name,
		    strerror(-err), extack);
	o->state(o, s1, sizeof(s1));
	o->undo(o);
	o->state(o, st, sizeof(st));
	if (!strcmp(s0, s1))
		die("%s changes nothing visible: %s", o->name, s0);
	if (strcmp(st, s0))
		die("%s: undoing it gives \"%s\", not \"%s\"", o->name, st, s0);
	printf("# %s: before \"%s\", after \"%s\"\n", o->name, s0, s1);
	fflush(stdout);

	for (n = min_n; fired && n <= max_n; n++) {
		kmsg_mark(o->name, n);
		o->build(o, &r);
		err = nl_talk_nth(o->proto, &r, n, &fired, &ack_lost);
		o->state(o, st, sizeof(st));
		t.runs++;
		t.fired += fired;
		if (ack_lost) {
			t.ack_lost++;
		} else if (err) {
			t.failed++;
			tally_err(&t, err);
		} else {
			t.ok++;
		}
		if (verbose)
			printf("# N=%d fired=%d %s%s%s%s -> %s\n", n, fired,
			       ack_lost ? "ack lost" : errname(err),
			       extack[0] ? " \"" : "", extack,
			       extack[0] ? "\"" : "", st);
		if (ack_lost) {
			if (strcmp(st, s0) && strcmp(st, s1))
				report_bad(n, "%s: ack lost, state \"%s\" is neither \"%s\" nor \"%s\"",
					   o->name, st, s0, s1);
		} else if (err) {
			if (strcmp(st, s0))
				report_bad(n, "%s failed (%s%s%s), state \"%s\" != before \"%s\"",
					   o->name, errname(err),
					   extack[0] ? ": " : "", extack, st, s0);
		} else if (strcmp(st, s1)) {
			report_bad(n, "%s succeeded, state \"%s\" != \"%s\"",
				   o->name, st, s1);
		}
		if (!fired && err)
			report_bad(n, "%s failed (%s: %s) without an injected fault",
				   o->name, errname(err), extack);
		if (strcmp(st, s0)) {
			o->undo(o);
			o->state(o, st, sizeof(st));
			if (strcmp(st, s0)) {
				report_bad(n, "%s: undo left \"%s\", not \"%s\"; stopping",
					   o->name, st, s0);
				stuck = true;
				n++;
				break;
			}
		}
	}
	if (fired && !stuck) {
		printf("# %s: still failing at N=%d (raise -m)\n", o->name, max_n);
		bad++;
	}
	tally_print(o->name, &t, min_n, n - 1);
	return bad ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* tapwrite                                                            */
/* ------------------------------------------------------------------ */

static int tap_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		die("/dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		die("TUNSETIFF %s: %s", name, strerror(errno));
	return fd;
}

#define D(after, before, f) ((long long)((after).f - (before).f))

/* host = switch total - the ports */
static void host_stats(struct gl_sw *sw, struct gl_stats *h)
{
	int i;

	*h = sw->total;
	for (i = 0; i < sw->nports; i++) {
		h->tx_packets -= sw->port[i].st.tx_packets;
		h->drop_nomem -= sw->port[i].st.drop_nomem;
	}
}

/* one recipient of the flood: tx_packets or drop_nomem, once */
static void check_copy(int n, const char *who, const struct gl_stats *b,
		       const struct gl_stats *a, int want, int *lost)
{
	long long tx = D(*a, *b, tx_packets), nomem = D(*a, *b, drop_nomem);

	*lost += nomem;
	if (tx + nomem != want)
		report_bad(n, "%s: tx_packets %+lld, drop_nomem %+lld (%d frame%s in)",
			   who, tx, nomem, want, want == 1 ? "" : "s");
}

static int run_tapwrite(const char *tap, const char *swname)
{
	int sw_idx = ifindex_of(swname), tap_idx = ifindex_of(tap);
	struct gl_sw before, after;
	struct gl_stats hb, ha;
	struct tally t = { 0 };
	bool fired = true;
	unsigned char frame[60];
	int fd, n, i, dropped_early = 0, learned = 0, refused = 0, lost = 0;

	fd = tap_open(tap);
	memset(frame, 0, sizeof(frame));
	memset(frame, 0xff, 6);				/* broadcast */
	frame[6] = 0x02;
	frame[7] = 0xfa;
	frame[8] = getpid() & 0xff;
	frame[12] = ETYPE >> 8;
	frame[13] = ETYPE & 0xff;
	if (switch_read(sw_idx, &before) || !sw_port(&before, tap_idx))
		die("%s is not a port of %s", tap, swname);

	for (n = min_n; fired && n <= max_n; n++) {
		struct fdb_q q = { .mac = frame + 6 };
		struct gl_port *pb, *pa;
		ssize_t w;
		int err;

		frame[9] = n >> 16;
		frame[10] = n >> 8;
		frame[11] = n;
		if (switch_read(sw_idx, &before))
			die("switch %s vanished", swname);
		kmsg_mark("tapwrite", n);
		fail_nth_arm(n);
		w = write(fd, frame, sizeof(frame));
		err = w < 0 ? -errno : 0;
		fired = fail_nth_fired();
		if (switch_read(sw_idx, &after))
			die("switch %s vanished", swname);
		fdb_query(sw_idx, &q);
		t.runs++;
		t.fired += fired;
		if (err) {
			t.failed++;
			tally_err(&t, err);
		} else {
			t.ok++;
		}
		pb = sw_port(&before, tap_idx);
		pa = sw_port(&after, tap_idx);
		if (!pb || !pa)
			die("%s is not a port of %s any more", tap, swname);
		host_stats(&before, &hb);
		host_stats(&after, &ha);
		if (verbose) {
			printf("# N=%d fired=%d write %s: rx %+lld accepted %+lld nomem %+lld learn_refused %+lld, learned %s; tx/nomem:",
			       n, fired, errname(err),
			       D(pa->st, pb->st, rx_packets),
			       D(pa->st, pb->st, rx_accepted),
			       D(pa->st, pb->st, drop_nomem),
			       D(pa->st, pb->st, learn_refused),
			       q.found_port ? "yes" : "no");
			for (i = 0; i < after.nports; i++) {
				struct gl_port *b = sw_port(&before, after.port[i].ifindex);

				if (b && after.port[i].ifindex != tap_idx)
					printf(" %d:%+lld/%+lld", after.port[i].ifindex,
					       D(after.port[i].st, b->st, tx_packets),
					       D(after.port[i].st, b->st, drop_nomem));
			}
			printf(" host:%+lld/%+lld\n", D(ha, hb, tx_packets),
			       D(ha, hb, drop_nomem));
		}
		if (!fired && err)
			report_bad(n, "write failed (%s) without an injected fault",
				   errname(err));

		/* nothing entered the switch: nothing may have changed */
		if (err || (!D(pa->st, pb->st, rx_packets) &&
			    !D(pa->st, pb->st, drop_nomem))) {
			if (!err) {
				dropped_early++;
				if (!fired)
					report_bad(n, "frame written but not received, without an injected fault");
			}
			if (q.found_port)
				report_bad(n, "frame not received, yet its source is learned");
			for (i = 0; i < after.nports; i++) {
				struct gl_port *b = sw_port(&before, after.port[i].ifindex);

				if (b && memcmp(&b->st, &after.port[i].st, sizeof(b->st)))
					report_bad(n, "frame not received, yet counters of port %d changed",
						   after.port[i].ifindex);
			}
			continue;
		}
		/* dropped at the door for lack of memory (skb_share_check) */
		if (!D(pa->st, pb->st, rx_packets)) {
			if (D(pa->st, pb->st, drop_nomem) != 1)
				report_bad(n, "ingress drop_nomem %+lld",
					   D(pa->st, pb->st, drop_nomem));
			continue;
		}
		if (D(pa->st, pb->st, rx_packets) != 1)
			report_bad(n, "rx_packets %+lld for one frame",
				   D(pa->st, pb->st, rx_packets));
		if (pa->st.has_accepted && D(pa->st, pb->st, rx_accepted) != 1)
			report_bad(n, "rx_accepted %+lld for a broadcast",
				   D(pa->st, pb->st, rx_accepted));
		if (q.found_port == tap_idx)
			learned++;
		else if (q.found_port)
			report_bad(n, "source learned on port %d, not %d",
				   q.found_port, tap_idx);
		else if (D(pa->st, pb->st, learn_refused) == 1)
			refused++;
		else
			report_bad(n, "source MAC neither learned nor counted (learn_refused %+lld)",
				   D(pa->st, pb->st, learn_refused));
		/* the flood: every other port and the host, once each */
		for (i = 0; i < after.nports; i++) {
			struct gl_port *a = &after.port[i];
			struct gl_port *b = sw_port(&before, a->ifindex);
			char who[32];

			if (a->ifindex == tap_idx || !b)
				continue;
			snprintf(who, sizeof(who), "port %d", a->ifindex);
			check_copy(n, who, &b->st, &a->st, 1, &lost);
		}
		check_copy(n, "host", &hb, &ha, 1, &lost);
	}
	close(fd);
	if (fired) {
		printf("# tapwrite: still failing at N=%d (raise -m)\n", max_n);
		bad++;
	}
	printf("# tapwrite: %d frames in: %d sources learned, %d refused (counted), %d copies lost (drop_nomem); %d written but dropped before the switch\n",
	       learned + refused, learned, refused, lost, dropped_early);
	tally_print("tapwrite", &t, min_n, n - 1);
	return bad ? 1 : 0;
}

static void __attribute__((noreturn)) usage(void)
{
	fprintf(stderr,
		"usage: fail-nth [-v] [-k] [-f FIRST] [-m MAX] newlink NAME\n"
		"       fail-nth [-v] [-f FIRST] [-m MAX] master PORT SWITCH\n"
		"       fail-nth [-v] [-f FIRST] [-m MAX] grant SWITCH PORT [SPEC] [/ OLDSPEC]\n"
		"       fail-nth [-v] [-f FIRST] [-m MAX] tapwrite TAP SWITCH [TAP...]\n"
		"SPEC: [uid N] [gid N] [vlan VID]...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct op o = { 0 };
	int opt, i;

	while ((opt = getopt(argc, argv, "vkf:m:")) != -1) {
		switch (opt) {
		case 'k':
			kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
			if (kmsg_fd < 0)
				die("/dev/kmsg: %s", strerror(errno));
			break;
		case 'v': verbose = true; break;
		case 'f': min_n = atoi(optarg); break;
		case 'm': max_n = atoi(optarg); break;
		default: usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	fail_nth_open();
	resolve_family();

	o.name = argv[0];
	if (!strcmp(argv[0], "newlink") && argc == 2) {
		o.proto = NETLINK_ROUTE;
		o.ifname = argv[1];
		o.build = newlink_build;
		o.state = newlink_state;
		o.undo = newlink_undo;
	} else if (!strcmp(argv[0], "master") && argc == 3) {
		o.proto = NETLINK_ROUTE;
		o.port_idx = ifindex_of(argv[1]);
		o.sw_idx = ifindex_of(argv[2]);
		o.build = master_build;
		o.state = master_state;
		o.undo = master_undo;
	} else if (!strcmp(argv[0], "grant") && argc >= 3) {
		o.proto = NETLINK_GENERIC;
		o.sw_idx = ifindex_of(argv[1]);
		o.port_idx = ifindex_of(argv[2]);
		o.spec = argv + 3;
		for (i = 3; i < argc && strcmp(argv[i], "/"); i++)
			o.nspec++;
		if (i < argc) {
			o.oldspec = argv + i + 1;
			o.noldspec = argc - i - 1;
		}
		if (o.nspec % 2 || o.noldspec % 2)
			usage();
		o.build = grant_build;
		o.state = grant_state;
		o.undo = grant_undo;
	} else if (!strcmp(argv[0], "tapwrite") && argc >= 3) {
		/* the other taps: attached, so that their carrier is on */
		for (i = 3; i < argc; i++)
			tap_open(argv[i]);
		return run_tapwrite(argv[1], argv[2]);
	} else {
		usage();
	}
	return run_netlink(&o);
}
