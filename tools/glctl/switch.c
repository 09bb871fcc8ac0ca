// SPDX-License-Identifier: GPL-2.0
/*
 * glctl show [DEV], glctl set DEV ...: the switch itself, and the
 * counters (a switch's and a port's) it shares with port.c.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <libmnl/libmnl.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"
#include "nl.h"
#include "objects.h"

/*
 * Counters, all from the header: the JSON key is the spec's name with '_'
 * ("drop_bad_src"), the text groups them by the first word of the name
 * ("drop:" ... "bad-src"), RX and TX upper case; "flooded" counts in TX.
 */
static const struct {
	const char *prefix, *group;
} stats_groups[] = {
	{ "rx", "RX:" }, { "tx", "TX:" }, { "drop", "drop:" },
	{ "learn", "learn:" }, { "promisc", "promisc:" },
};

/* Text group and label of counter @t; false if it has no name. */
static bool stats_label(unsigned int t, char *group, size_t glen,
			const char **label)
{
	const char *name = t < ARRAY_SIZE(gl_stats_names) ? gl_stats_names[t]
							  : NULL;
	const char *dash;
	size_t i, n;

	if (!name)
		return false;
	if (!strcmp(name, "flooded")) {
		snprintf(group, glen, "TX:");
		*label = name;
		return true;
	}
	if (!strcmp(name, "sampled")) {
		snprintf(group, glen, "sflow:");
		*label = name;
		return true;
	}
	dash = strchr(name, '-');
	n = dash ? (size_t)(dash - name) : strlen(name);
	*label = dash ? dash + 1 : name;
	for (i = 0; i < ARRAY_SIZE(stats_groups); i++)
		if (strlen(stats_groups[i].prefix) == n &&
		    !strncmp(name, stats_groups[i].prefix, n)) {
			snprintf(group, glen, "%s", stats_groups[i].group);
			return true;
		}
	snprintf(group, glen, "%.*s:", (int)n, name);
	return true;
}

/*
 * The printing order: the groups of stats_groups[], then any new one, in
 * the order of the header; within a group, the order of the header.
 */
static size_t stats_order(unsigned int *order)
{
	char groups[GUESTLAN_STATS_A_MAX + 1][24], g[24];
	size_t n_groups = 0, n = 0, i;
	const char *label;
	unsigned int t;

	for (i = 0; i < ARRAY_SIZE(stats_groups); i++)
		snprintf(groups[n_groups++], sizeof(groups[0]), "%s",
			 stats_groups[i].group);
	for (t = 0; t <= GUESTLAN_STATS_A_MAX; t++) {
		if (!stats_label(t, g, sizeof(g), &label))
			continue;
		for (i = 0; i < n_groups; i++)
			if (!strcmp(groups[i], g))
				break;
		if (i == n_groups && n_groups < ARRAY_SIZE(groups))
			snprintf(groups[n_groups++], sizeof(groups[0]), "%s", g);
	}
	for (i = 0; i < n_groups; i++)
		for (t = 0; t <= GUESTLAN_STATS_A_MAX; t++)
			if (stats_label(t, g, sizeof(g), &label) &&
			    !strcmp(g, groups[i]))
				order[n++] = t;
	return n;
}

/*
 * JSON: an object "stats" with every counter present.  Text (only with
 * -s): one indented line per group, e.g. "\n    RX: packets 10 bytes 1000".
 */
void print_stats(const struct gl_stats *s)
{
	unsigned int order[GUESTLAN_STATS_A_MAX + 1], t;
	char group[24] = "", g[24];
	const struct nlattr *a;
	const char *label;
	size_t i, n;
	bool any = false;

	if (!s->nest)
		return;
	if (!json && !show_stats)
		return;

	n = stats_order(order);
	if (json)
		json_obj_open("stats");
	for (i = 0; i < n; i++) {
		t = order[i];
		if (!HAS(s, t))
			continue;
		if (json) {
			json_u64(gl_stats_keys[t], s->val[t]);
			continue;
		}
		stats_label(t, g, sizeof(g), &label);
		if (strcmp(group, g)) {
			snprintf(group, sizeof(group), "%s", g);
			printf("\n    %s", group);
		}
		printf(" %s %" PRIu64, label, s->val[t]);
	}
	/* Counters added by a newer module. */
	if (json) {
		print_unknown_nested(s->nest, s->known, NULL);
		json_close();
		return;
	}
	mnl_attr_for_each_nested(a, s->nest) {
		t = mnl_attr_get_type(a);
		if (t < 64 && (s->known & BIT_ULL(t)))
			continue;
		if (!any)
			printf("\n    other:");
		any = true;
		print_unknown_attr(a, NULL);
	}
}

/*
 * Switch: "lan0: ageing 300 max-learned 65536 fdb 3 (learned 2) ports 3
 *	    unknown-unicast flood mac-moves owner host-trace auto" (one line)
 * JSON: {"ifname","ifindex","ageing_time","max_learned","fdb_count",
 *	  "fdb_learned","n_ports","unknown_unicast","mac_moves",
 *	  "port_template":{...},"host_trace","stats":{...}}
 * The JSON keys are the spec's names.
 */
static const struct {
	uint16_t attr;
	const char *fmt;	/* text */
} switch_attrs[] = {
	{ GUESTLAN_A_AGEING_TIME, " ageing %" PRIu64 },
	{ GUESTLAN_A_MAX_LEARNED, " max-learned %" PRIu64 },
	{ GUESTLAN_A_FDB_COUNT, " fdb %" PRIu64 },
	{ GUESTLAN_A_FDB_LEARNED, " (learned %" PRIu64 ")" },
	{ GUESTLAN_A_N_PORTS, " ports %" PRIu64 },
};

static void print_template(const struct gl_msg *m);

void print_switch(const struct gl_msg *m, const char *event)
{
	const struct attr_names set = ATTR_NAMES(attr);
	const char *name = m->ifname ? m->ifname : m->sw;
	const char *uu = NULL, *mm = NULL, *ht = NULL;
	char ebuf[24], mbuf[24], hbuf[24];
	unsigned int i;

	if (HAS(m, GUESTLAN_A_UNKNOWN_UNICAST))
		uu = ENUM_STR(gl_unknown_unicast_names,
			      m->val[GUESTLAN_A_UNKNOWN_UNICAST], ebuf);
	if (HAS(m, GUESTLAN_A_MAC_MOVES))
		mm = ENUM_STR(gl_mac_moves_names, m->val[GUESTLAN_A_MAC_MOVES],
			      mbuf);
	if (HAS(m, GUESTLAN_A_HOST_TRACE))
		ht = ENUM_STR(gl_host_trace_names, m->val[GUESTLAN_A_HOST_TRACE],
			      hbuf);

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (name)
			json_str(gl_attr_keys[GUESTLAN_A_IFNAME], name);
		if (HAS(m, GUESTLAN_A_IFINDEX))
			json_u64(gl_attr_keys[GUESTLAN_A_IFINDEX],
				 m->val[GUESTLAN_A_IFINDEX]);
	} else {
		if (event)
			printf("%s ", event);
		printf("%s:", name ? name : "?");
	}
	for (i = 0; i < ARRAY_SIZE(switch_attrs); i++) {
		uint16_t t = switch_attrs[i].attr;

		if (!HAS(m, t))
			continue;
		if (json)
			json_u64(gl_attr_keys[t], m->val[t]);
		else
			printf(switch_attrs[i].fmt, m->val[t]);
	}
	if (json) {
		if (uu)
			json_str(gl_attr_keys[GUESTLAN_A_UNKNOWN_UNICAST], uu);
		if (mm)
			json_str(gl_attr_keys[GUESTLAN_A_MAC_MOVES], mm);
		print_template(m);
		if (ht)
			json_str(gl_attr_keys[GUESTLAN_A_HOST_TRACE], ht);
		print_stats(&m->stats);
		print_unknown_genl(m->nlh, m->known, &set);
		json_close();
		return;
	}
	if (uu)
		printf(" %s %s", gl_attr_names[GUESTLAN_A_UNKNOWN_UNICAST], uu);
	if (mm)
		printf(" %s %s", gl_attr_names[GUESTLAN_A_MAC_MOVES], mm);
	print_template(m);
	if (ht)
		printf(" %s %s", gl_attr_names[GUESTLAN_A_HOST_TRACE], ht);
	print_unknown_genl(m->nlh, m->known, &set);
	print_stats(&m->stats);
	putchar('\n');
}

/*
 * The template of new ports.  JSON: "port_template":{"mac_guard":{...}};
 * text: " port_template mac_guard sticky N".
 */
static void print_template(const struct gl_msg *m)
{
	const struct attr_names pset = ATTR_NAMES(port);

	if (!m->tmpl)
		return;
	if (json)
		json_obj_open(gl_attr_keys[GUESTLAN_A_PORT_TEMPLATE]);
	else
		printf(" %s", gl_attr_keys[GUESTLAN_A_PORT_TEMPLATE]);
	print_mac_guard(&m->tmpl_guard);
	print_unknown_nested(m->tmpl, m->tmpl_known, &pset);
	if (json)
		json_close();
}

static int switch_cb(const struct nlmsghdr *nlh, void *data)
{
	struct gl_msg m;

	(void)data;
	if (model_decode(nlh, &m))
		print_switch(&m, NULL);
	model_free(&m);
	return 0;
}

static int switch_show(int argc, char **argv, const struct cmd *c)
{
	uint32_t idx = take_opt_dev(argc, argv, c->what);

	json_list_begin();
	nl_request(switch_msg(c->genl_cmd, idx ? 0 : NLM_F_DUMP, idx),
		   switch_cb, NULL);
	json_list_end();
	return 0;
}

const struct cmd switch_show_cmd = {
	.name = "show", .alias = { "list", "ls" }, .fn = switch_show,
	.synopsis = "[-j] [-p] [-s] show [DEV]",
	.what = "show", .genl_cmd = GUESTLAN_CMD_SWITCH_GET,
	.dev = DEV_OPTIONAL,
};

enum { SET_AGEING, SET_MAX_LEARNED, SET_UU, SET_MM, SET_TMPL_STICKY, SET_HT };

static const struct kw set_kws[] = {
	[SET_AGEING] = { .word = "ageing",
			 .alias = { "ageing-time", "ageing_time" }, .kind = VAL_NUM,
			 .what = "ageing time", .min = 1, .max = 1000000,
			 .attr = GUESTLAN_A_AGEING_TIME },
	[SET_MAX_LEARNED] = { .word = "max-learned", .alias = { "max_learned" },
			      .kind = VAL_NUM,
			      .what = "max-learned", .min = 0, .max = UINT32_MAX,
			      .attr = GUESTLAN_A_MAX_LEARNED },
	[SET_UU] = { .word = "unknown-unicast", .alias = { "unknown_unicast" },
		     KW_ENUM(gl_unknown_unicast_names),
		     .what = "unknown-unicast",
		     .attr = GUESTLAN_A_UNKNOWN_UNICAST },
	[SET_MM] = { .word = "mac-moves", .alias = { "mac_moves" },
		     KW_ENUM(gl_mac_moves_names),
		     .what = "mac-moves",
		     .attr = GUESTLAN_A_MAC_MOVES },
	/* new ports' MAC guard with N sticky MACs (0: none) */
	[SET_TMPL_STICKY] = { .word = "template-sticky",
			      .alias = { "template_sticky" }, .kind = VAL_NUM,
			      .what = "template-sticky", .min = 0,
			      .max = GUESTLAN_MAC_GUARD_MAX,
			      .attr = GUESTLAN_A_PORT_TEMPLATE },
	[SET_HT] = { .word = "host-trace", .alias = { "host_trace" },
		     KW_ENUM(gl_host_trace_names),
		     .what = "host-trace",
		     .attr = GUESTLAN_A_HOST_TRACE },
};

static int switch_set(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(set_kws)];
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;
	size_t i;

	if (!kws_any(c, v))
		usage_err("set: nothing to change (ageing SECS, max-learned N, unknown-unicast MODE, mac-moves MODE, template-sticky N, host-trace MODE)");

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	for (i = 0; i < ARRAY_SIZE(set_kws); i++) {
		if (!v[i].given)
			continue;
		if (i == SET_TMPL_STICKY) {
			struct nlattr *t = mnl_attr_nest_start(nlh, set_kws[i].attr);
			struct nlattr *g;

			if (v[i].num) {
				g = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_MAC_GUARD);
				mnl_attr_put_u8(nlh, GUESTLAN_MAC_GUARD_A_STICKY,
						v[i].num);
				mnl_attr_nest_end(nlh, g);
			}
			mnl_attr_nest_end(nlh, t);
		} else if (set_kws[i].kind == VAL_ENUM)
			mnl_attr_put_u8(nlh, set_kws[i].attr, v[i].num);
		else
			mnl_attr_put_u32(nlh, set_kws[i].attr, v[i].num);
	}
	nl_request(nlh, NULL, NULL);
	return 0;
}

const struct cmd switch_set_cmd = {
	.name = "set", .fn = switch_set,
	.synopsis = "set DEV [ageing SECS] [max-learned N]\n"
		    "                     [unknown-unicast flood|bridgeport-only]\n"
		    "                     [mac-moves owner|any] [template-sticky N]\n"
		    "                     [host-trace auto|on|off]",
	.what = "set", .genl_cmd = GUESTLAN_CMD_SWITCH_SET,
	.dev = DEV_REQUIRED, KWS(set_kws),
};
