// SPDX-License-Identifier: GPL-2.0
/* glctl fdb show|add|del|flush: the forwarding database of a switch. */
#include <inttypes.h>
#include <stdio.h>

#include <libmnl/libmnl.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"
#include "nl.h"
#include "objects.h"

/* JSON: "mac","vlan","port"; text: " vlan VID port PORT" (MAC first). */
void print_fdb_fields(const struct gl_fdb *f)
{
	if (json && f->mac[0])
		json_str("mac", f->mac);
	if (HAS(f, GUESTLAN_FDB_A_VID))
		print_u64("vlan", "vlan", f->val[GUESTLAN_FDB_A_VID]);
	if (f->port)
		print_str("port", "port", f->port);
}

/* The flags of an entry, by their spec names; unknown bits in hex. */
static uint64_t fdb_flags_known(void)
{
	uint64_t known = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(gl_fdb_flags_names); i++)
		if (gl_fdb_flags_names[i])
			known |= i;
	return known;
}

/*
 * FDB entry: "52:54:00:12:34:56 vlan 1 port tap0 age 1.23 static"
 * JSON: {"switch","mac","vlan","port","flags":[...],"age_ms"}
 */
static void print_fdb(const struct gl_msg *m)
{
	const struct attr_names aset = ATTR_NAMES(attr);
	const struct attr_names fset = ATTR_NAMES(fdb);
	const struct gl_fdb *f = &m->fdb;
	uint64_t flags = f->val[GUESTLAN_FDB_A_FLAGS];
	uint64_t age = f->val[GUESTLAN_FDB_A_AGE];
	uint64_t known = fdb_flags_known();
	size_t i;

	if (!HAS(f, GUESTLAN_FDB_A_FLAGS))
		flags = 0;
	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (m->sw)
			json_str("switch", m->sw);
		print_fdb_fields(f);
		json_arr_open("flags");
		for (i = 0; i < ARRAY_SIZE(gl_fdb_flags_names); i++)
			if (gl_fdb_flags_names[i] && (flags & i) == i)
				json_str(NULL, gl_fdb_flags_names[i]);
		if (flags & ~known) {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%" PRIx64, flags & ~known);
			json_str(NULL, hex);
		}
		json_close();
		if (HAS(f, GUESTLAN_FDB_A_AGE))
			json_u64("age_ms", age);
		print_unknown_nested(f->nest, f->known, &fset);
		print_unknown_genl(m->nlh, m->known, &aset);
		json_close();
		return;
	}

	printf("%s", f->mac[0] ? f->mac : "?");
	print_fdb_fields(f);
	if (HAS(f, GUESTLAN_FDB_A_AGE))
		printf(" age %" PRIu64 ".%02" PRIu64, age / 1000,
		       (age % 1000) / 10);
	for (i = 0; i < ARRAY_SIZE(gl_fdb_flags_names); i++)
		if (gl_fdb_flags_names[i] && (flags & i) == i)
			printf(" %s", gl_fdb_flags_names[i]);
	if (flags & ~known)
		printf(" flags 0x%" PRIx64, flags);
	print_unknown_nested(f->nest, f->known, &fset);
	print_unknown_genl(m->nlh, m->known, &aset);
	putchar('\n');
}

static int fdb_cb(const struct nlmsghdr *nlh, void *data)
{
	struct gl_msg m;

	(void)data;
	if (model_decode(nlh, &m))
		print_fdb(&m);
	model_free(&m);
	return 0;
}

enum { FDB_MAC, FDB_VID, FDB_PORT, FDB_STATIC };

#define FDB_KW_MAC(req) \
	[FDB_MAC] = { .word = "mac", .alias = { "lladdr" }, .kind = VAL_MAC, \
		      .required = req }
#define FDB_KW_VID \
	[FDB_VID] = { .word = "vid", .alias = { "vlan" }, .kind = VAL_NUM, \
		      .what = "VLAN id", \
		      .min = 1, .max = GUESTLAN_VID_MAX }
#define FDB_KW_PORT(req) \
	[FDB_PORT] = { .word = "port", .kind = VAL_PORT, .required = req }

static const struct kw fdb_show_kws[] = { FDB_KW_PORT(false) };
static const struct kw fdb_add_kws[] = {
	FDB_KW_MAC(true), FDB_KW_VID, FDB_KW_PORT(true),
};
static const struct kw fdb_del_kws[] = { FDB_KW_MAC(true), FDB_KW_VID };
static const struct kw fdb_flush_kws[] = {
	FDB_KW_PORT(false),
	[FDB_STATIC] = { .word = "static", .kind = VAL_FLAG },
};

/*
 * The GUESTLAN_A_FDB nest of a request, if MAC or PORT is given; the
 * keywords a command lacks are never given.
 */
static void fdb_put(struct nlmsghdr *nlh, const struct cmd *c,
		    const struct kwval *v)
{
	bool mac = c->n_kws > FDB_MAC && v[FDB_MAC].given &&
		   c->kws[FDB_MAC].kind == VAL_MAC;
	bool port = c->n_kws > FDB_PORT && v[FDB_PORT].given;
	struct nlattr *nest;
	uint16_t vid = 1;

	if (!mac && !port)
		return;
	if (c->n_kws > FDB_VID && v[FDB_VID].given)
		vid = v[FDB_VID].num;
	nest = mnl_attr_nest_start(nlh, GUESTLAN_A_FDB);
	if (mac) {
		mnl_attr_put(nlh, GUESTLAN_FDB_A_MAC, 6, v[FDB_MAC].mac);
		mnl_attr_put_u16(nlh, GUESTLAN_FDB_A_VID, vid);
	}
	if (port)
		mnl_attr_put_u32(nlh, GUESTLAN_FDB_A_PORT_IFINDEX,
				 v[FDB_PORT].num);
	mnl_attr_nest_end(nlh, nest);
}

static int fdb_show(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[FDB_STATIC + 1] = { { 0 } };
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;

	nlh = switch_msg(c->genl_cmd, NLM_F_DUMP, dev_index(dev));
	fdb_put(nlh, c, v);
	json_list_begin();
	nl_request(nlh, fdb_cb, NULL);
	json_list_end();
	return 0;
}

static int fdb_modify(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[FDB_STATIC + 1] = { { 0 } };
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	fdb_put(nlh, c, v);
	put_flag(nlh, GUESTLAN_A_FLUSH_STATIC,
		 c->n_kws > FDB_STATIC && v[FDB_STATIC].given);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static const struct cmd fdb_cmds[] = {
	{ .name = "show", .alias = { "list", "ls" }, .fn = fdb_show,
	  .synopsis = "[-j] [-p] fdb show DEV [port PORT]",
	  .what = "fdb show", .genl_cmd = GUESTLAN_CMD_FDB_GET,
	  .dev = DEV_REQUIRED, KWS(fdb_show_kws) },
	{ .name = "add", .fn = fdb_modify,
	  .synopsis = "fdb add DEV mac MAC [vlan VID] port PORT",
	  .what = "fdb add", .genl_cmd = GUESTLAN_CMD_FDB_ADD,
	  .dev = DEV_REQUIRED, KWS(fdb_add_kws) },
	{ .name = "delete", .alias = { "del" }, .word = "del",
	  .fn = fdb_modify,
	  .synopsis = "fdb del DEV mac MAC [vlan VID]",
	  .what = "fdb del", .genl_cmd = GUESTLAN_CMD_FDB_DEL,
	  .dev = DEV_REQUIRED, KWS(fdb_del_kws) },
	{ .name = "flush", .fn = fdb_modify,
	  .synopsis = "fdb flush DEV [port PORT] [static]",
	  .what = "fdb flush", .genl_cmd = GUESTLAN_CMD_FDB_FLUSH,
	  .dev = DEV_REQUIRED, KWS(fdb_flush_kws) },
	{ .name = "help", .fn = cmd_usage },
};
const struct cmd fdb_cmd = {
	.name = "fdb", .fn = cmd_object, SUB(fdb_cmds),
};
