// SPDX-License-Identifier: GPL-2.0
/* glctl vlan show|add|del: the VLANs of a switch's ports and host port. */
#include <inttypes.h>
#include <stdio.h>

#include <libmnl/libmnl.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "nl.h"
#include "objects.h"

/*
 * vlan show, like "bridge vlan show":
 *	port            vlan-id
 *	lan0            1 PVID untagged
 *	tap1            10 PVID untagged
 *	                20
 * JSON: {"switch","port","pvid","vlans":[{"vid","pvid","untagged"}]}
 */
static bool vlan_header_done;

static void print_vlan_entry(const struct gl_msg *m)
{
	const struct gl_port *p = &m->port;
	const char *name = p->ifname ? p->ifname : "?";
	bool any = false;
	uint64_t vid;
	size_t i;

	if (!p->nest)
		return;

	if (json) {
		json_list_elem();
		json_obj_open(NULL);
		if (m->sw)
			json_str("switch", m->sw);
		if (p->ifname)
			json_str("port", p->ifname);
		if (HAS(p, GUESTLAN_PORT_A_PVID))
			json_u64("pvid", p->val[GUESTLAN_PORT_A_PVID]);
		print_port_vlans(p);
		json_close();
		return;
	}

	if (!vlan_header_done)
		printf("%-16s%s\n", "port", "vlan-id");
	vlan_header_done = true;
	for (i = 0; i < p->n_vlans; i++) {
		const struct gl_vlan *v = &p->vlans[i];

		for (vid = v->vid; vid <= v->end; vid++) {
			printf("%-16s%" PRIu64 "%s%s\n", any ? "" : name, vid,
			       v->pvid ? " PVID" : "",
			       v->untagged ? " untagged" : "");
			any = true;
		}
	}
	if (!any)
		printf("%-16s%s\n", name, "none");
}

static int vlan_cb(const struct nlmsghdr *nlh, void *data)
{
	struct gl_msg m;

	(void)data;
	if (model_decode(nlh, &m))
		print_vlan_entry(&m);
	model_free(&m);
	return 0;
}

enum { VL_PORT, VL_VID, VL_PVID, VL_UNTAGGED };

static const struct kw vlan_show_kws[] = {
	[VL_PORT] = { .word = "port", .kind = VAL_PORT },
};

#define VLAN_KWS \
	[VL_PORT] = { .word = "port", .kind = VAL_PORT, .required = true }, \
	[VL_VID] = { .word = "vid", .alias = { "vlan" }, .kind = VAL_NUM, \
		     .required = true, .what = "VLAN id", \
		     .min = 1, .max = GUESTLAN_VID_MAX }

static const struct kw vlan_add_kws[] = {
	VLAN_KWS,
	[VL_PVID] = { .word = "pvid", .kind = VAL_FLAG },
	[VL_UNTAGGED] = { .word = "untagged", .alias = { "untag" }, .kind = VAL_FLAG },
};
static const struct kw vlan_del_kws[] = { VLAN_KWS };

static int vlan_show(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(vlan_show_kws)];
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	uint32_t idx;

	idx = dev_index(dev);
	/* The switch's own host port first: a port-get do on its ifindex. */
	nlh = switch_msg(GUESTLAN_CMD_PORT_GET, 0, idx);
	json_list_begin();
	nest = port_nest_start(nlh, v[VL_PORT].given ? v[VL_PORT].num : idx);
	mnl_attr_nest_end(nlh, nest);
	nl_request(nlh, vlan_cb, NULL);
	if (!v[VL_PORT].given) {
		nlh = switch_msg(GUESTLAN_CMD_PORT_GET, NLM_F_DUMP, idx);
		nl_request(nlh, vlan_cb, NULL);
	}
	json_list_end();
	return 0;
}

static int vlan_modify(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(vlan_add_kws)] = { { 0 } };
	const char *dev = parse_kws(argc, argv, c, v);
	struct nlattr *pnest, *vnest;
	struct nlmsghdr *nlh;

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	pnest = port_nest_start(nlh, v[VL_PORT].num);
	vnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_VLAN);
	mnl_attr_put_u16(nlh, GUESTLAN_VLAN_A_VID, v[VL_VID].num);
	put_flag(nlh, GUESTLAN_VLAN_A_PVID, v[VL_PVID].given);
	put_flag(nlh, GUESTLAN_VLAN_A_UNTAGGED, v[VL_UNTAGGED].given);
	mnl_attr_nest_end(nlh, vnest);
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	return 0;
}

static const struct cmd vlan_cmds[] = {
	{ .name = "show", .alias = { "list", "ls" }, .fn = vlan_show,
	  .synopsis = "[-j] [-p] vlan show DEV [port PORT]",
	  .what = "vlan show", .dev = DEV_REQUIRED, KWS(vlan_show_kws) },
	{ .name = "add", .fn = vlan_modify,
	  .synopsis = "vlan add DEV port PORT vid VID [pvid] [untagged]",
	  .what = "vlan add", .genl_cmd = GUESTLAN_CMD_VLAN_ADD,
	  .dev = DEV_REQUIRED, KWS(vlan_add_kws) },
	{ .name = "delete", .alias = { "del" }, .word = "del",
	  .fn = vlan_modify,
	  .synopsis = "vlan del DEV port PORT vid VID",
	  .what = "vlan del", .genl_cmd = GUESTLAN_CMD_VLAN_DEL,
	  .dev = DEV_REQUIRED, KWS(vlan_del_kws) },
	{ .name = "help", .fn = cmd_usage },
};
const struct cmd vlan_cmd = {
	.name = "vlan", .fn = cmd_object, SUB(vlan_cmds),
};
