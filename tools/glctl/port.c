// SPDX-License-Identifier: GPL-2.0
/*
 * glctl port show [DEV], glctl port set DEV port PORT ...: the ports of a
 * switch, their VLANs (as port show prints them), bridge-port role and
 * VNIC characteristics.
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
 * The settable port attributes, in the order "port set" puts them: the
 * keyword, JSON key and text label are the spec's name with '_' ("-" is
 * read as "_").  The VNIC characteristics go in the "vnicc" object/line
 * of "port show".
 */
enum {
	PS_PORT, PS_FLOODING, PS_MCAST_FLOODING, PS_RX_BCAST, PS_LEARNING,
	PS_LEARNING_TIMEOUT, PS_TAKEOVER_LEARNING, PS_TAKEOVER_SETVMAC,
	PS_BRIDGE_INVISIBLE, PS_MAX_LEARNED, PS_ROLE, PS_REFLECT_PROMISC,
	PS_HOSTNOTIFY, PS_SAMPLE_RATE, PS_SAMPLE_GROUP, PS_SAMPLE_DIRECTION,
	PS_SAMPLE_TRUNC, PS_STACKED_TAGS, PS_UPLINK, PS_MAC_GUARD, PS_STICKY,
	PS_N,
	PS_VNICC_FIRST = PS_FLOODING, PS_VNICC_LAST = PS_BRIDGE_INVISIBLE,
};

/* The keyword is the spec's name with '_', from the header. */
#define PORT_OPT(i, a, ...) \
	[i] = { .attr = GUESTLAN_PORT_A_##a, .word_names = gl_port_keys, \
		__VA_ARGS__ }

static const struct kw port_opts[PS_N] = {
	[PS_PORT] = { .word = "port", .kind = VAL_PORT, .required = true,
		      .attr = GUESTLAN_PORT_A_IFINDEX },
	PORT_OPT(PS_FLOODING, FLOODING, .kind = VAL_ONOFF),
	PORT_OPT(PS_MCAST_FLOODING, MCAST_FLOODING, .kind = VAL_ONOFF),
	PORT_OPT(PS_RX_BCAST, RX_BCAST, .kind = VAL_ONOFF),
	PORT_OPT(PS_LEARNING, LEARNING, .kind = VAL_ONOFF),
	PORT_OPT(PS_LEARNING_TIMEOUT, LEARNING_TIMEOUT, .kind = VAL_NUM,
		 .min = 0, .max = 1000000),
	PORT_OPT(PS_TAKEOVER_LEARNING, TAKEOVER_LEARNING, .kind = VAL_ONOFF),
	PORT_OPT(PS_TAKEOVER_SETVMAC, TAKEOVER_SETVMAC, .kind = VAL_ONOFF),
	PORT_OPT(PS_BRIDGE_INVISIBLE, BRIDGE_INVISIBLE, .kind = VAL_ONOFF),
	PORT_OPT(PS_MAX_LEARNED, MAX_LEARNED, .kind = VAL_NUM,
		 .min = 0, .max = UINT32_MAX),
	PORT_OPT(PS_ROLE, ROLE, KW_ENUM(gl_bridge_role_names)),
	PORT_OPT(PS_REFLECT_PROMISC, REFLECT_PROMISC,
		 KW_ENUM(gl_bridge_role_names)),
	PORT_OPT(PS_HOSTNOTIFY, HOSTNOTIFY, .kind = VAL_ONOFF),
	PORT_OPT(PS_SAMPLE_RATE, SAMPLE_RATE, .kind = VAL_NUM,
		 .min = 0, .max = UINT32_MAX),
	PORT_OPT(PS_SAMPLE_GROUP, SAMPLE_GROUP, .kind = VAL_NUM,
		 .min = 0, .max = UINT32_MAX),
	PORT_OPT(PS_SAMPLE_DIRECTION, SAMPLE_DIRECTION,
		 KW_ENUM(gl_mirror_direction_names)),
	PORT_OPT(PS_SAMPLE_TRUNC, SAMPLE_TRUNC, .kind = VAL_NUM,
		 .min = 0, .max = 65535),
	PORT_OPT(PS_STACKED_TAGS, STACKED_TAGS, .kind = VAL_ONOFF),
	PORT_OPT(PS_UPLINK, UPLINK, .kind = VAL_ONOFF),
	/* mac_guard MAC[,MAC]...|off [sticky N]: the mac-guard nest */
	PORT_OPT(PS_MAC_GUARD, MAC_GUARD, .kind = VAL_MACLIST),
	[PS_STICKY] = { .word = "sticky", .kind = VAL_NUM, .min = 0,
			.max = GUESTLAN_MAC_GUARD_MAX,
			.attr = GUESTLAN_MAC_GUARD_A_STICKY },
};

/*
 * @list ("MAC[,MAC]...", or "off": none) as @type attributes.  Usage
 * errors exit.
 */
void put_mac_list(struct nlmsghdr *nlh, uint16_t type, const char *list,
		  const char *what)
{
	unsigned char mac[6];
	char buf[18];
	const char *p = list, *end;

	if (!strcmp(list, "off") || !strcmp(list, "none"))
		return;
	for (;;) {
		end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) >= sizeof(buf))
			usage_err("%s: invalid MAC address \"%.*s\"", what,
				  (int)(end - p), p);
		memcpy(buf, p, end - p);
		buf[end - p] = '\0';
		parse_mac(buf, mac);
		mnl_attr_put(nlh, type, sizeof(mac), mac);
		if (!*end)
			break;
		p = end + 1;
	}
}

/* JSON "key":[MAC,...]; text " key M1,M2" (nothing if there is none) */
static void print_mac_list(const char *key, const char (*macs)[18], size_t n)
{
	size_t i;

	if (json) {
		json_arr_open(key);
		for (i = 0; i < n; i++)
			json_str(NULL, macs[i]);
		json_close();
		return;
	}
	for (i = 0; i < n; i++) {
		if (i)
			putchar(',');
		else
			printf(" %s ", key);
		fputs(macs[i], stdout);
	}
}

/*
 * A MAC guard.  JSON: "mac_guard":{"macs":[...],"sticky":N,
 * "sticky_macs":[...]}; text: "mac_guard macs M1,M2 sticky N
 * sticky_macs M3" (macs and sticky_macs only if there are any).
 */
void print_mac_guard(const struct gl_mac_guard *g)
{
	const struct attr_names set = ATTR_NAMES(mac_guard);

	if (!g->nest)
		return;
	if (json)
		json_obj_open("mac_guard");
	else
		printf(" mac_guard");
	print_mac_list("macs", g->macs, g->n_macs);
	if (HAS(g, GUESTLAN_MAC_GUARD_A_STICKY))
		print_u64("sticky", "sticky", g->val[GUESTLAN_MAC_GUARD_A_STICKY]);
	print_mac_list("sticky_macs", g->sticky_macs, g->n_sticky_macs);
	print_unknown_nested(g->nest, g->known, &set);
	if (json)
		json_close();
}

/*
 * "VNICC := { flooding on|off | ... }" and "ROLE := { none | ... }" from
 * the tables above, two VNIC characteristics a line.
 */
void port_usage_defs(FILE *f)
{
	unsigned int i;
	size_t r;

	fputs("VNICC := {", f);
	for (i = PS_VNICC_FIRST; i <= PS_VNICC_LAST; i++) {
		const struct kw *o = &port_opts[i];

		fprintf(f, " %s %s", kw_word(o),
			o->kind == VAL_ONOFF ? "on|off" : "SECS");
		if (i == PS_VNICC_LAST)
			fputs(" }\n", f);
		else if ((i - PS_VNICC_FIRST) % 2)
			fputs(" |\n          ", f);
		else
			fputs(" |", f);
	}
	fputs("ROLE := {", f);
	for (r = 0; r < ARRAY_SIZE(gl_bridge_role_names); r++)
		fprintf(f, "%s %s", r ? " |" : "", gl_bridge_role_names[r]);
	fputs(" }\n", f);
}

/* The enum attributes of a port: text " key name", JSON "key":"name". */
static const struct {
	uint16_t attr;
	const char *key;
	const char *const *names;
	size_t n;
} port_enums[] = {
	{ GUESTLAN_PORT_A_ROLE, "role", gl_bridge_role_names,
	  ARRAY_SIZE(gl_bridge_role_names) },
	{ GUESTLAN_PORT_A_BRIDGE_STATE, "state", gl_bridge_state_names,
	  ARRAY_SIZE(gl_bridge_state_names) },
	{ GUESTLAN_PORT_A_PREV_BRIDGE_STATE, "prev_state",
	  gl_bridge_state_names, ARRAY_SIZE(gl_bridge_state_names) },
	{ GUESTLAN_PORT_A_REFLECT_PROMISC, "reflect_promisc",
	  gl_bridge_role_names, ARRAY_SIZE(gl_bridge_role_names) },
};

static void print_port_enums(const struct gl_port *p)
{
	char ebuf[24];
	const char *s;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(port_enums); i++) {
		if (!HAS(p, port_enums[i].attr))
			continue;
		s = enum_str(port_enums[i].names, port_enums[i].n,
			     p->val[port_enums[i].attr], ebuf, sizeof(ebuf));
		print_str(port_enums[i].key, port_enums[i].key, s);
	}
}

/* JSON: "vnicc":{...}; text: "\n    vnicc flooding on ...".  Any? */
static bool print_vnicc(const struct gl_port *p)
{
	bool any = false;
	unsigned int i;

	for (i = PS_VNICC_FIRST; i <= PS_VNICC_LAST; i++) {
		const struct kw *o = &port_opts[i];
		const char *name = kw_word(o);

		if (!HAS(p, o->attr))
			continue;
		if (!any && json)
			json_obj_open("vnicc");
		else if (!any)
			printf("\n    vnicc");
		any = true;
		if (o->kind == VAL_ONOFF)
			print_onoff(name, p->val[o->attr]);
		else
			print_u64(name, name, p->val[o->attr]);
	}
	if (any && json)
		json_close();
	return any;
}

/*
 * sFlow sampling, while it is on.  JSON: "sample_rate","sample_group",
 * "sample_direction","sample_trunc"; text: a line
 *	    sample_rate 100 sample_group 5 sample_direction both sample_trunc 128
 */
static void print_port_sample(const struct gl_port *p)
{
	static const uint16_t num[] = { GUESTLAN_PORT_A_SAMPLE_GROUP,
					GUESTLAN_PORT_A_SAMPLE_TRUNC };
	const uint16_t dir = GUESTLAN_PORT_A_SAMPLE_DIRECTION;
	char ebuf[24];

	if (!HAS(p, GUESTLAN_PORT_A_SAMPLE_RATE))
		return;
	if (!json)
		printf("\n   ");
	print_u64(gl_port_keys[GUESTLAN_PORT_A_SAMPLE_RATE],
		  gl_port_keys[GUESTLAN_PORT_A_SAMPLE_RATE],
		  p->val[GUESTLAN_PORT_A_SAMPLE_RATE]);
	if (HAS(p, num[0]))
		print_u64(gl_port_keys[num[0]], gl_port_keys[num[0]],
			  p->val[num[0]]);
	if (HAS(p, dir))
		print_str(gl_port_keys[dir], gl_port_keys[dir],
			  enum_str(gl_mirror_direction_names,
				   ARRAY_SIZE(gl_mirror_direction_names),
				   p->val[dir], ebuf, sizeof(ebuf)));
	if (HAS(p, num[1]))
		print_u64(gl_port_keys[num[1]], gl_port_keys[num[1]],
			  p->val[num[1]]);
}

/*
 * Bridge-port role and state, VNIC characteristics, MAC limits of a port,
 * its MAC guard.
 * JSON: "role","state","reflect_promisc","hostnotify","stacked_tags","uplink",
 *	 "max_learned","n_learned",
 *	 "vnicc":{"flooding":true,...,"learning_timeout":0,...},
 *	 "mac_guard":{...}
 * Text: two indented lines,
 *	    role primary state active reflect_promisc none hostnotify off
 *	    stacked_tags off uplink off
 *	    vnicc flooding on ... bridge_invisible off max-learned 0 learned 3
 *	    mac_guard macs 02:00:00:00:00:01 sticky 0
 */
static void print_port_bridge(const struct gl_port *p)
{
	/* Text: a line only if one of these is there, without prev_state. */
	bool line = PRESENT(p, GUESTLAN_PORT_A_ROLE) ||
		    PRESENT(p, GUESTLAN_PORT_A_BRIDGE_STATE) ||
		    PRESENT(p, GUESTLAN_PORT_A_REFLECT_PROMISC) ||
		    PRESENT(p, GUESTLAN_PORT_A_HOSTNOTIFY) ||
		    PRESENT(p, GUESTLAN_PORT_A_STACKED_TAGS) ||
		    PRESENT(p, GUESTLAN_PORT_A_UPLINK);
	bool any;

	if (line && !json)
		printf("\n   ");
	if (line || json)
		print_port_enums(p);
	if (HAS(p, GUESTLAN_PORT_A_HOSTNOTIFY))
		print_onoff(gl_port_keys[GUESTLAN_PORT_A_HOSTNOTIFY],
			    p->val[GUESTLAN_PORT_A_HOSTNOTIFY]);
	if (HAS(p, GUESTLAN_PORT_A_STACKED_TAGS))
		print_onoff(gl_port_keys[GUESTLAN_PORT_A_STACKED_TAGS],
			    p->val[GUESTLAN_PORT_A_STACKED_TAGS]);
	if (HAS(p, GUESTLAN_PORT_A_UPLINK))
		print_onoff(gl_port_keys[GUESTLAN_PORT_A_UPLINK],
			    p->val[GUESTLAN_PORT_A_UPLINK]);
	any = !json && print_vnicc(p);
	if (!json && !any && (PRESENT(p, GUESTLAN_PORT_A_MAX_LEARNED) ||
			      PRESENT(p, GUESTLAN_PORT_A_N_LEARNED)))
		printf("\n   ");
	if (HAS(p, GUESTLAN_PORT_A_MAX_LEARNED))
		print_u64(gl_port_keys[GUESTLAN_PORT_A_MAX_LEARNED],
			  gl_port_names[GUESTLAN_PORT_A_MAX_LEARNED],
			  p->val[GUESTLAN_PORT_A_MAX_LEARNED]);
	if (HAS(p, GUESTLAN_PORT_A_N_LEARNED))
		print_u64(gl_port_keys[GUESTLAN_PORT_A_N_LEARNED], "learned",
			  p->val[GUESTLAN_PORT_A_N_LEARNED]);
	if (json)
		print_vnicc(p);
	print_port_sample(p);
	if (p->guard.nest && !json)
		printf("\n   ");
	print_mac_guard(&p->guard);
}

/*
 * The VLANs of a port (GUESTLAN_PORT_A_VLAN, repeated).
 * JSON: "vlans":[{"vid":1,"pvid":true,"untagged":true},...]
 * Text: " vlans 1PU,10,20U" (P: PVID, U: egress untagged).
 */
void print_port_vlans(const struct gl_port *p)
{
	const struct attr_names set = ATTR_NAMES(vlan);
	bool any = false;
	size_t i;

	if (json)
		json_arr_open("vlans");
	for (i = 0; i < p->n_vlans; i++) {
		const struct gl_vlan *v = &p->vlans[i];
		uint64_t vid;

		if (json) {
			for (vid = v->vid; vid <= v->end; vid++) {
				json_obj_open(NULL);
				json_u64("vid", vid);
				json_bool("pvid", v->pvid);
				json_bool("untagged", v->untagged);
				print_unknown_nested(v->nest, v->known, &set);
				json_close();
			}
			continue;
		}
		if (v->end > v->vid)
			printf("%s%" PRIu64 "-%" PRIu64 "%s", any ? "," : " vlans ",
			       v->vid, v->end, v->untagged ? "U" : "");
		else
			printf("%s%" PRIu64 "%s%s", any ? "," : " vlans ", v->vid,
			       v->pvid ? "P" : "", v->untagged ? "U" : "");
		any = true;
	}
	if (json)
		json_close();
}

/*
 * JSON: "event","switch","ifname","ifindex"; text: "EVENT PORT master SW".
 */
void print_port_head(const struct gl_msg *m, const char *event)
{
	const struct gl_port *p = &m->port;

	if (json) {
		json_obj_open(NULL);
		if (event)
			json_str("event", event);
		if (m->sw)
			json_str("switch", m->sw);
		if (p->ifname)
			json_str("ifname", p->ifname);
		if (HAS(p, GUESTLAN_PORT_A_IFINDEX))
			json_u64("ifindex", p->val[GUESTLAN_PORT_A_IFINDEX]);
		return;
	}
	if (event)
		printf("%s ", event);
	printf("%s", p->ifname ? p->ifname : "?");
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
void print_port(const struct gl_msg *m, const char *event)
{
	const struct attr_names aset = ATTR_NAMES(attr);
	const struct attr_names pset = ATTR_NAMES(port);
	const struct gl_port *p = &m->port;
	bool removed = PRESENT(p, GUESTLAN_PORT_A_REMOVED);
	const char *promisc = NULL;
	char stbuf[24];

	if (HAS(p, GUESTLAN_PORT_A_PROMISC_STATE))
		promisc = ENUM_STR(gl_promisc_state_names,
				   p->val[GUESTLAN_PORT_A_PROMISC_STATE], stbuf);

	if (json)
		json_list_elem();
	else if (removed)
		printf("Deleted ");
	print_port_head(m, event);
	if (HAS(p, GUESTLAN_PORT_A_OPER_UP) && json)
		json_bool("oper_up", p->val[GUESTLAN_PORT_A_OPER_UP]);
	else if (HAS(p, GUESTLAN_PORT_A_OPER_UP))
		printf(" state %s", p->val[GUESTLAN_PORT_A_OPER_UP] ? "UP" : "DOWN");
	if (json && (event || removed))
		json_bool("removed", removed);
	if (HAS(p, GUESTLAN_PORT_A_PVID))
		print_u64("pvid", "pvid", p->val[GUESTLAN_PORT_A_PVID]);
	if (HAS(p, GUESTLAN_PORT_A_PVID) || PRESENT(p, GUESTLAN_PORT_A_VLAN))
		print_port_vlans(p);
	if (promisc)
		print_str("promisc", "promisc", promisc);
	if (p->grant.nest)
		print_grant(&p->grant);
	if (json) {
		print_port_bridge(p);
		print_stats(&p->stats);
		print_unknown_nested(p->nest, p->known, &pset);
		print_unknown_genl(m->nlh, m->known, &aset);
		json_close();
		return;
	}
	print_unknown_nested(p->nest, p->known, &pset);
	print_unknown_genl(m->nlh, m->known, &aset);
	print_port_bridge(p);
	print_stats(&p->stats);
	putchar('\n');
}

static int port_cb(const struct nlmsghdr *nlh, void *data)
{
	struct gl_msg m;

	(void)data;
	if (model_decode(nlh, &m))
		print_port(&m, NULL);
	model_free(&m);
	return 0;
}

static int port_show(int argc, char **argv, const struct cmd *c)
{
	uint32_t idx = take_opt_dev(argc, argv, c->what);

	json_list_begin();
	nl_request(switch_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP, idx),
		   port_cb, NULL);
	json_list_end();
	return 0;
}

/* port set DEV port PORT [KEYWORD VALUE]...: one port-set request. */
static int port_set(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[PS_N];
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	size_t i;

	v[PS_PORT].given = false;
	if (!kws_any(c, v))
		usage_err("port set: nothing to change");
	if (v[PS_STICKY].given && !v[PS_MAC_GUARD].given)
		usage_err("port set: sticky goes with mac_guard (mac_guard off sticky N: sticky MACs only)");

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	nest = port_nest_start(nlh, v[PS_PORT].num);
	for (i = 0; i < PS_N; i++) {
		if (!v[i].given || i == PS_STICKY)
			continue;
		if (i == PS_MAC_GUARD) {
			struct nlattr *g = mnl_attr_nest_start(nlh,
							       port_opts[i].attr);

			put_mac_list(nlh, GUESTLAN_MAC_GUARD_A_MAC, v[i].str,
				     c->what);
			if (v[PS_STICKY].given)
				mnl_attr_put_u8(nlh, GUESTLAN_MAC_GUARD_A_STICKY,
						v[PS_STICKY].num);
			mnl_attr_nest_end(nlh, g);
		} else if (port_opts[i].kind == VAL_NUM)
			mnl_attr_put_u32(nlh, port_opts[i].attr, v[i].num);
		else
			mnl_attr_put_u8(nlh, port_opts[i].attr, v[i].num);
	}
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

/* "s" stays "show", as before "set" existed. */
static const struct cmd port_cmds[] = {
	{ .name = "help", .fn = cmd_usage },
	{ .name = "show", .alias = { "list", "ls" }, .fn = port_show,
	  .synopsis = "[-j] [-p] [-s] port show [DEV]",
	  .what = "port show", .dev = DEV_OPTIONAL },
	{ .name = "set", .fn = port_set,
	  .synopsis = "port set DEV port PORT [ VNICC ] [max-learned N]\n"
		      "                      [role ROLE] [reflect_promisc ROLE]\n"
		      "                      [hostnotify on|off]\n"
		      "                      [sample_rate N sample_group GROUP\n"
		      "                       [sample_direction rx|tx|both]\n"
		      "                       [sample_trunc BYTES]]\n"
		      "                      [stacked_tags on|off] [uplink on|off]\n"
		      "                      [mac_guard MAC[,MAC]...|off [sticky N]]",
	  .what = "port set", .genl_cmd = GUESTLAN_CMD_PORT_SET,
	  .dev = DEV_REQUIRED, .dash_is_underscore = true, KWS(port_opts) },
};
const struct cmd port_cmd = {
	.name = "port", .fn = cmd_object, .dflt = "show", SUB(port_cmds),
};
