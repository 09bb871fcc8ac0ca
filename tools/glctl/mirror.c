// SPDX-License-Identifier: GPL-2.0
/*
 * glctl mirror show|add|del: the mirror sessions (SPAN, RSPAN, ERSPAN) of
 * a switch.  A session copies the frames its source ports send and/or
 * receive, of its VLANs, out of its destination port (through an erspan
 * device: encapsulated, naming the source) or, RSPAN, into its
 * destination VLAN (flooded to that VLAN's member ports).
 */
#include <inttypes.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>

#include <libmnl/libmnl.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"
#include "nl.h"
#include "objects.h"

/* Direction of a source: its name; absent is the spec's default, both. */
static const char *source_dir(const struct gl_mirror_source *s, char *buf,
			      size_t len)
{
	uint64_t dir = GUESTLAN_MIRROR_DIRECTION_BOTH;

	if (HAS(s, GUESTLAN_MIRROR_SOURCE_A_DIRECTION))
		dir = s->val[GUESTLAN_MIRROR_SOURCE_A_DIRECTION];
	return enum_str(gl_mirror_direction_names,
			ARRAY_SIZE(gl_mirror_direction_names), dir, buf, len);
}

/*
 * The sources.
 * JSON: "sources":[{"ifname","ifindex","direction"[,"erspan_index"]}]
 * Text: "\n    source vm1 both, source vm2 rx" ("source none" without),
 * ERSPAN "source vm1 both index 7".
 */
static void print_mirror_sources(const struct gl_mirror *mi)
{
	const struct attr_names set = ATTR_NAMES(mirror_source);
	const uint16_t port = GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX;
	const uint16_t direction = GUESTLAN_MIRROR_SOURCE_A_DIRECTION;
	const uint16_t index = GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX;
	char dbuf[24];
	size_t i;

	if (json)
		json_arr_open("sources");
	else
		printf("\n   ");
	for (i = 0; i < mi->n_sources; i++) {
		const struct gl_mirror_source *s = &mi->sources[i];
		const char *dir = source_dir(s, dbuf, sizeof(dbuf));

		if (json) {
			json_obj_open(NULL);
			if (s->port)
				json_str("ifname", s->port);
			if (HAS(s, port))
				json_u64("ifindex", s->val[port]);
			json_str(gl_mirror_source_keys[direction], dir);
			if (HAS(s, index))
				json_u64(gl_mirror_source_keys[index],
					 s->val[index]);
			print_unknown_nested(s->nest, s->known, &set);
			json_close();
			continue;
		}
		printf("%s source %s %s", i ? "," : "", s->port ? s->port : "?",
		       dir);
		if (HAS(s, index))
			printf(" index %" PRIu64, s->val[index]);
		print_unknown_nested(s->nest, s->known, &set);
	}
	if (json)
		json_close();
	else if (!mi->n_sources)
		printf(" source none");
}

/*
 * The VLANs, as a grant's: JSON "vlans":"all"|[10,20,21],
 * text " vlan all|10,20-21".
 */
static void print_mirror_vlans(const struct gl_mirror *mi)
{
	unsigned int v;

	if (json && mi->all) {
		json_str("vlans", "all");
	} else if (json) {
		json_arr_open("vlans");
		for (v = 0; v < GL_N_VIDS; v++)
			if (mi->vids[v])
				json_u64(NULL, v);
		json_close();
	} else {
		printf(" vlan ");
		if (mi->all)
			printf("all");
		else
			print_vid_list(mi->vids);
	}
}

/* An address attribute (network order, as read by attr_uint()). */
static void print_addr(const char *key, const char *label, uint64_t v)
{
	struct in_addr a = { .s_addr = (uint32_t)v };
	char buf[INET_ADDRSTRLEN];

	print_str(key, label, inet_ntop(AF_INET, &a, buf, sizeof(buf)));
}

/*
 * An ERSPAN session's tunnel.  JSON: "erspan":{"version","session_id",
 * "remote","local","ttl"}; text: "\n    erspan 2 id 5 remote 192.0.2.2
 * local 0.0.0.0 ttl 0".
 */
static void print_mirror_erspan(const struct gl_mirror_erspan *e)
{
	const struct attr_names set = ATTR_NAMES(mirror_erspan);
	static const struct {
		uint16_t attr;
		const char *label;
		bool addr;
	} f[] = {
		{ GUESTLAN_MIRROR_ERSPAN_A_VERSION, "erspan", false },
		{ GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID, "id", false },
		{ GUESTLAN_MIRROR_ERSPAN_A_REMOTE, "remote", true },
		{ GUESTLAN_MIRROR_ERSPAN_A_LOCAL, "local", true },
		{ GUESTLAN_MIRROR_ERSPAN_A_TTL, "ttl", false },
	};
	size_t i;

	if (!e->nest)
		return;
	if (json)
		json_obj_open("erspan");
	else
		printf("\n   ");
	for (i = 0; i < ARRAY_SIZE(f); i++) {
		if (!HAS(e, f[i].attr))
			continue;
		if (f[i].addr)
			print_addr(gl_mirror_erspan_keys[f[i].attr], f[i].label,
				   e->val[f[i].attr]);
		else
			print_u64(gl_mirror_erspan_keys[f[i].attr], f[i].label,
				  e->val[f[i].attr]);
	}
	print_unknown_nested(e->nest, e->known, &set);
	if (json)
		json_close();
}

/*
 * The counters of the mirror-stats set, by their spec names.  JSON always:
 * "stats":{"mirrored","truncated","dropped"}; text only with -s:
 * "\n    mirrored 10 truncated 0 dropped 0".
 */
static void print_mirror_stats(const struct gl_stats *s)
{
	unsigned int t;

	if (!s->nest || (!json && !show_stats))
		return;
	if (json)
		json_obj_open("stats");
	else
		printf("\n   ");
	for (t = 0; t <= GUESTLAN_MIRROR_STATS_A_MAX; t++)
		if (HAS(s, t) && t < ARRAY_SIZE(gl_mirror_stats_names) &&
		    gl_mirror_stats_names[t])
			print_u64(gl_mirror_stats_keys[t],
				  gl_mirror_stats_names[t], s->val[t]);
	/* Counters added by a newer module. */
	print_unknown_nested(s->nest, s->known, NULL);
	if (json)
		json_close();
}

/*
 * Session:
 *	mirror 1 dev lan0 dest span0 active
 *	    source vm1 both, source vm2 rx
 *	    vlan 10,20-30 snaplen 128 sample 4
 *	    erspan 1 id 1 remote 192.0.2.2 local 0.0.0.0 ttl 0	(ERSPAN)
 *	    mirrored 10 truncated 10 dropped 0		(-s)
 * JSON: {"switch","id","dest","dest_ifindex","active","sources":[...],
 *	  "vlans","snaplen","sample_rate","erspan":{...},"stats":{...}}
 * "inactive" (active false): the destination port is gone, "dest" is then
 * its old ifindex.  An RSPAN session has dest-vid instead of dest-ifindex:
 * "mirror 1 dev lan0 dest vlan 99 active", JSON "dest_vid":99 in place of
 * "dest" and "dest_ifindex".
 */
static void print_mirror(const struct gl_msg *m)
{
	const struct attr_names aset = ATTR_NAMES(attr);
	const struct attr_names mset = ATTR_NAMES(mirror);
	const struct gl_mirror *mi = &m->mirror;
	const char *sw = m->ifname ? m->ifname : m->sw;

	if (!mi->nest)
		return;

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (sw)
			json_str("switch", sw);
		if (HAS(mi, GUESTLAN_MIRROR_A_ID))
			json_u64(gl_mirror_keys[GUESTLAN_MIRROR_A_ID],
				 mi->val[GUESTLAN_MIRROR_A_ID]);
		if (mi->dest)
			json_str("dest", mi->dest);
		if (HAS(mi, GUESTLAN_MIRROR_A_DEST_IFINDEX))
			json_u64(gl_mirror_keys[GUESTLAN_MIRROR_A_DEST_IFINDEX],
				 mi->val[GUESTLAN_MIRROR_A_DEST_IFINDEX]);
		if (HAS(mi, GUESTLAN_MIRROR_A_DEST_VID))
			json_u64(gl_mirror_keys[GUESTLAN_MIRROR_A_DEST_VID],
				 mi->val[GUESTLAN_MIRROR_A_DEST_VID]);
		if (HAS(mi, GUESTLAN_MIRROR_A_ACTIVE))
			json_bool(gl_mirror_keys[GUESTLAN_MIRROR_A_ACTIVE],
				  mi->val[GUESTLAN_MIRROR_A_ACTIVE]);
	} else {
		printf("mirror ");
		if (HAS(mi, GUESTLAN_MIRROR_A_ID))
			printf("%" PRIu64, mi->val[GUESTLAN_MIRROR_A_ID]);
		else
			printf("?");
		if (sw)
			printf(" dev %s", sw);
		if (mi->dest)
			printf(" dest %s", mi->dest);
		if (HAS(mi, GUESTLAN_MIRROR_A_DEST_VID))
			printf(" dest vlan %" PRIu64,
			       mi->val[GUESTLAN_MIRROR_A_DEST_VID]);
		if (HAS(mi, GUESTLAN_MIRROR_A_ACTIVE))
			printf(" %s", mi->val[GUESTLAN_MIRROR_A_ACTIVE] ?
				      "active" : "inactive");
	}
	print_mirror_sources(mi);
	if (!json)
		printf("\n   ");
	print_mirror_vlans(mi);
	if (HAS(mi, GUESTLAN_MIRROR_A_SNAPLEN))
		print_u64(gl_mirror_keys[GUESTLAN_MIRROR_A_SNAPLEN], "snaplen",
			  mi->val[GUESTLAN_MIRROR_A_SNAPLEN]);
	if (HAS(mi, GUESTLAN_MIRROR_A_SAMPLE_RATE))
		print_u64(gl_mirror_keys[GUESTLAN_MIRROR_A_SAMPLE_RATE],
			  "sample", mi->val[GUESTLAN_MIRROR_A_SAMPLE_RATE]);
	print_mirror_erspan(&mi->erspan);
	if (json) {
		print_mirror_stats(&mi->stats);
		print_unknown_nested(mi->nest, mi->known, &mset);
		print_unknown_genl(m->nlh, m->known, &aset);
		json_close();
		return;
	}
	print_unknown_nested(mi->nest, mi->known, &mset);
	print_unknown_genl(m->nlh, m->known, &aset);
	print_mirror_stats(&mi->stats);
	putchar('\n');
}

static int mirror_cb(const struct nlmsghdr *nlh, void *data)
{
	struct gl_msg m;

	(void)data;
	if (model_decode(nlh, &m))
		print_mirror(&m);
	model_free(&m);
	return 0;
}

enum { MI_ID, MI_SOURCE, MI_DEST, MI_VLIST, MI_SNAPLEN, MI_SAMPLE,
       MI_ERSPAN, MI_ERSPAN_ID, MI_REMOTE, MI_LOCAL, MI_TTL };

#define MIRROR_KW_ID(req) \
	[MI_ID] = { .word = "id", .kind = VAL_NUM, .required = req, \
		    .what = "mirror session id", \
		    .min = 1, .max = GUESTLAN_MIRROR_MAX }

static const struct kw mirror_show_kws[] = { MIRROR_KW_ID(false) };
static const struct kw mirror_del_kws[] = { MIRROR_KW_ID(true) };
static const struct kw mirror_add_kws[] = {
	MIRROR_KW_ID(true),
	/* May repeat, with a direction after PORT: see take_sources(). */
	[MI_SOURCE] = { .word = "source", .kind = VAL_PORT, .required = true,
			.meta = "PORT" },
	/*
	 * "dest PORT" or "dest vlan VID" (RSPAN), exactly one: see
	 * take_sources() and mirror_add().
	 */
	[MI_DEST] = { .word = "dest", .kind = VAL_PORT, .meta = "PORT",
		      .or_word = "vlan" },
	[MI_VLIST] = { .word = "vlan", .alias = { "vlans", "vid" },
		       .kind = VAL_VLIST },
	[MI_SNAPLEN] = { .word = "snaplen", .kind = VAL_NUM, .min = 0,
			 .max = 65535 },
	[MI_SAMPLE] = { .word = "sample",
			.alias = { "sample-rate", "sample_rate" },
			.kind = VAL_NUM, .what = "sample rate",
			.min = 0, .max = UINT32_MAX },
	/* ERSPAN: "dest ERSPANDEV erspan 1|2 remote ADDR ..." */
	[MI_ERSPAN] = { .word = "erspan", .kind = VAL_NUM,
			.what = "ERSPAN version", .min = 1, .max = 2 },
	[MI_ERSPAN_ID] = { .word = "erspan-id", .alias = { "erspan_id" },
			   .kind = VAL_NUM, .what = "ERSPAN session id",
			   .min = 0, .max = 1023 },
	[MI_REMOTE] = { .word = "remote", .kind = VAL_IPV4,
			.what = "remote address" },
	[MI_LOCAL] = { .word = "local", .kind = VAL_IPV4,
		       .what = "local address" },
	[MI_TTL] = { .word = "ttl", .kind = VAL_NUM, .what = "TTL",
		     .min = 0, .max = 255 },
};

/* A source of "mirror add": its port, its direction (-1: not given). */
struct mirror_src {
	const char *port;
	int dir;
};

static int parse_direction(const char *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gl_mirror_direction_names); i++)
		if (gl_mirror_direction_names[i] &&
		    is(s, gl_mirror_direction_names[i]))
			return i;
	return -1;
}

/*
 * "source PORT [rx|tx|both]" may repeat: the sources of @argv into @src,
 * the other arguments into @rest (with "source PORT" but without the
 * directions, so that parse_kws() checks them all); returns the count of
 * @rest, *@n that of @src.  Every keyword of "mirror add" takes a value.
 * "dest vlan VID" (RSPAN) is taken out too, VID into *@dest_vid: "vlan"
 * right after "dest" is the destination's, any other "vlan" the VLAN
 * filter's.  *@n_dest counts the destinations, either kind.
 */
static int take_sources(int argc, char **argv, char **rest,
			struct mirror_src *src, size_t *n,
			const char **dest_vid, unsigned int *n_dest)
{
	int i = 0, j = 0;

	*n = 0;
	*n_dest = 0;
	*dest_vid = NULL;
	if (i < argc && is(argv[i], "dev"))
		rest[j++] = argv[i++];
	if (i < argc)
		rest[j++] = argv[i++];
	for (; i < argc; i++) {
		rest[j++] = argv[i];
		if (i + 1 == argc)
			break;		/* parse_kws(): needs an argument */
		rest[j++] = argv[++i];
		if (is(argv[i - 1], "dest")) {
			(*n_dest)++;
			if (!is(argv[i], "vlan"))
				continue;
			j -= 2;
			if (i + 1 == argc)
				usage_err("\"dest vlan\" needs an argument");
			*dest_vid = argv[++i];
			continue;
		}
		if (!is(argv[i - 1], "source"))
			continue;
		src[*n].port = argv[i];
		src[*n].dir = -1;
		if (i + 1 < argc && parse_direction(argv[i + 1]) >= 0)
			src[*n].dir = parse_direction(argv[++i]);
		(*n)++;
	}
	rest[j] = NULL;
	return j;
}

/* An attribute with a payload of @len bytes, in the message. */
#define ATTR_SIZE(len)	(MNL_ATTR_HDRLEN + MNL_ALIGN(len))

/* Room in the request for @len more bytes, or exit. */
static void need_room(const struct nlmsghdr *nlh, size_t len)
{
	if (nl_tx_room(nlh) < len)
		die("mirror add: too many sources and VLANs for one request");
}

static int mirror_add(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(mirror_add_kws)] = { { 0 } };
	const size_t src_len = ATTR_SIZE(0) + ATTR_SIZE(4) + ATTR_SIZE(1);
	struct mirror_src *src;
	struct nlattr *nest, *snest;
	struct nlmsghdr *nlh;
	uint32_t *src_idx;
	const char *dev, *dest_vid;
	unsigned int vid, n_dest, rspan = 0;
	size_t n, i;
	char **rest;
	int nrest;

	help_arg(argc, argv);
	rest = calloc(argc + 1, sizeof(*rest));
	src = calloc(argc / 2 + 1, sizeof(*src));
	src_idx = calloc(argc / 2 + 1, sizeof(*src_idx));
	if (!rest || !src || !src_idx)
		die("out of memory");
	nrest = take_sources(argc, argv, rest, src, &n, &dest_vid, &n_dest);
	dev = parse_kws(nrest, rest, c, v);
	if (!n_dest)
		usage_err("%s: \"dest PORT\" or \"dest vlan VID\" is required",
			  c->what);
	if (n_dest > 1)
		usage_err("%s: one destination only (\"dest PORT\" or \"dest vlan VID\")",
			  c->what);
	if (dest_vid)
		rspan = parse_num("VLAN id", dest_vid, 1, GUESTLAN_VID_MAX);
	if (v[MI_SNAPLEN].given && v[MI_SNAPLEN].num &&
	    v[MI_SNAPLEN].num < 14)
		usage_err("invalid snaplen \"%" PRIu64
			  "\" (expected 0 or 14..65535)", v[MI_SNAPLEN].num);
	for (i = 0; i < n; i++)
		src_idx[i] = dev_index(src[i].port);
	if (!v[MI_ERSPAN].given &&
	    (v[MI_ERSPAN_ID].given || v[MI_REMOTE].given ||
	     v[MI_LOCAL].given || v[MI_TTL].given))
		usage_err("%s: erspan-id, remote, local and ttl go with \"erspan 1|2\"",
			  c->what);
	if (v[MI_ERSPAN].given && !v[MI_REMOTE].given)
		usage_err("%s: \"erspan\" needs \"remote ADDR\" (the analyzer)",
			  c->what);

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	nest = mnl_attr_nest_start(nlh, GUESTLAN_A_MIRROR);
	mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_A_ID, v[MI_ID].num);
	/* Without a direction the kernel's default: both. */
	for (i = 0; i < n; i++) {
		need_room(nlh, src_len);
		snest = mnl_attr_nest_start(nlh, GUESTLAN_MIRROR_A_SOURCE);
		mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX,
				 src_idx[i]);
		if (src[i].dir >= 0)
			mnl_attr_put_u8(nlh, GUESTLAN_MIRROR_SOURCE_A_DIRECTION,
					src[i].dir);
		mnl_attr_nest_end(nlh, snest);
	}
	/* No VIDs: every VLAN. */
	for (vid = 1; v[MI_VLIST].vids && vid <= GUESTLAN_VID_MAX; vid++)
		if (v[MI_VLIST].vids[vid]) {
			need_room(nlh, ATTR_SIZE(2));
			mnl_attr_put_u16(nlh, GUESTLAN_MIRROR_A_VID, vid);
		}
	need_room(nlh, 3 * ATTR_SIZE(4));
	if (rspan)
		mnl_attr_put_u16(nlh, GUESTLAN_MIRROR_A_DEST_VID, rspan);
	else
		mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_A_DEST_IFINDEX,
				 v[MI_DEST].num);
	if (v[MI_SNAPLEN].given)
		mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_A_SNAPLEN,
				 v[MI_SNAPLEN].num);
	if (v[MI_SAMPLE].given)
		mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_A_SAMPLE_RATE,
				 v[MI_SAMPLE].num);
	if (v[MI_ERSPAN].given) {
		need_room(nlh, ATTR_SIZE(0) + 5 * ATTR_SIZE(4));
		snest = mnl_attr_nest_start(nlh, GUESTLAN_MIRROR_A_ERSPAN);
		mnl_attr_put_u8(nlh, GUESTLAN_MIRROR_ERSPAN_A_VERSION,
				v[MI_ERSPAN].num);
		mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_ERSPAN_A_REMOTE,
				 v[MI_REMOTE].num);
		if (v[MI_ERSPAN_ID].given)
			mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID,
					 v[MI_ERSPAN_ID].num);
		if (v[MI_LOCAL].given)
			mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_ERSPAN_A_LOCAL,
					 v[MI_LOCAL].num);
		if (v[MI_TTL].given)
			mnl_attr_put_u8(nlh, GUESTLAN_MIRROR_ERSPAN_A_TTL,
					v[MI_TTL].num);
		mnl_attr_nest_end(nlh, snest);
	}
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, NULL, NULL);
	free_kws(c, v);
	free(src_idx);
	free(src);
	free(rest);
	return 0;
}

/* The GUESTLAN_A_MIRROR nest with just the session's id. */
static void mirror_id_put(struct nlmsghdr *nlh, uint64_t id)
{
	struct nlattr *nest = mnl_attr_nest_start(nlh, GUESTLAN_A_MIRROR);

	mnl_attr_put_u32(nlh, GUESTLAN_MIRROR_A_ID, id);
	mnl_attr_nest_end(nlh, nest);
}

static int mirror_del(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(mirror_del_kws)];
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	mirror_id_put(nlh, v[MI_ID].num);
	nl_request(nlh, NULL, NULL);
	return 0;
}

/* mirror-get: a do with "id N", else a dump of the switch's sessions. */
static int mirror_show(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(mirror_show_kws)];
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;

	nlh = switch_msg(c->genl_cmd, v[MI_ID].given ? 0 : NLM_F_DUMP,
			 dev_index(dev));
	if (v[MI_ID].given)
		mirror_id_put(nlh, v[MI_ID].num);
	json_list_begin();
	nl_request(nlh, mirror_cb, NULL);
	json_list_end();
	return 0;
}

static const struct cmd mirror_cmds[] = {
	{ .name = "show", .alias = { "list", "ls" }, .fn = mirror_show,
	  .synopsis = "[-j] [-p] [-s] mirror show DEV [id ID]",
	  .what = "mirror show", .genl_cmd = GUESTLAN_CMD_MIRROR_GET,
	  .dev = DEV_REQUIRED, KWS(mirror_show_kws) },
	{ .name = "add", .fn = mirror_add,
	  .synopsis = "mirror add DEV id ID source PORT [rx|tx|both]\n"
		      "                        [source PORT [rx|tx|both]]...\n"
		      "                        dest { PORT | vlan VID } [vlan VLIST]\n"
		      "                        [snaplen BYTES] [sample N]\n"
		      "                        [erspan 1|2 remote ADDR [local ADDR]\n"
		      "                         [erspan-id ID] [ttl TTL]]",
	  .what = "mirror add", .genl_cmd = GUESTLAN_CMD_MIRROR_ADD,
	  .dev = DEV_REQUIRED, KWS(mirror_add_kws), .complete = "rx tx both" },
	{ .name = "delete", .alias = { "del" }, .word = "del",
	  .fn = mirror_del,
	  .synopsis = "mirror del DEV id ID",
	  .what = "mirror del", .genl_cmd = GUESTLAN_CMD_MIRROR_DEL,
	  .dev = DEV_REQUIRED, KWS(mirror_del_kws) },
	{ .name = "help", .fn = cmd_usage },
};
const struct cmd mirror_cmd = {
	.name = "mirror", .fn = cmd_object, SUB(mirror_cmds),
};
