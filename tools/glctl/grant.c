// SPDX-License-Identifier: GPL-2.0
/*
 * glctl grant|revoke DEV port PORT promisc ...: the promiscuous grant of
 * a port (who may turn promiscuous mode on, for which VLANs).
 */
#include <inttypes.h>
#include <stdio.h>

#include <libmnl/libmnl.h>

#include "glctl.h"
#include "json.h"
#include "model.h"
#include "names.h"
#include "nl.h"
#include "objects.h"

/* Text: "1,10,20-22", ascending, consecutive VIDs as ranges. */
void print_vid_list(const bool *vids)
{
	unsigned int vid, end;
	bool first = true;

	for (vid = 0; vid < GL_N_VIDS; vid++) {
		if (!vids[vid])
			continue;
		for (end = vid; end + 1 < GL_N_VIDS && vids[end + 1]; end++)
			;
		printf("%s%u", first ? "" : ",", vid);
		if (end > vid)
			printf("-%u", end);
		first = false;
		vid = end;
	}
}

/*
 * A promiscuous grant.
 * JSON: "grant":{"vlans":"all"|[10,20],"uid":N,"gid":N}
 * Text: " grant promisc vlans all|10,20-22 uid N gid N"
 */
void print_grant(const struct gl_grant *g)
{
	const struct attr_names set = ATTR_NAMES(grant);
	unsigned int v;

	if (json && g->all) {
		json_obj_open("grant");
		json_str("vlans", "all");
	} else if (json) {
		json_obj_open("grant");
		json_arr_open("vlans");
		for (v = 0; v < GL_N_VIDS; v++)
			if (g->vids[v])
				json_u64(NULL, v);
		json_close();
	} else {
		printf(" grant promisc vlans ");
		if (g->all)
			printf("all");
		else
			print_vid_list(g->vids);
	}
	if (g->has_uid)
		print_u64("uid", "uid", g->uid);
	if (g->has_gid)
		print_u64("gid", "gid", g->gid);
	print_unknown_nested(g->nest, g->known, &set);
	if (json)
		json_close();
}

enum { GR_PORT, GR_PROMISC, GR_VLIST, GR_UID, GR_GID };

#define GRANT_KWS \
	[GR_PORT] = { .word = "port", .kind = VAL_PORT, .required = true }, \
	[GR_PROMISC] = { .word = "promisc", .alias = { "promiscuous" }, \
			 .kind = VAL_FLAG, .required = true, \
			 .what = "the only kind of grant" }

static const struct kw grant_kws[] = {
	GRANT_KWS,
	[GR_VLIST] = { .word = "vlan", .alias = { "vlans", "vid" },
		       .kind = VAL_VLIST },
	[GR_UID] = { .word = "uid", .kind = VAL_USER, .what = "uid" },
	[GR_GID] = { .word = "gid", .kind = VAL_GROUP, .what = "gid" },
};
static const struct kw revoke_kws[] = { GRANT_KWS };

/* grant-set/grant-del for "DEV port PORT promisc ...". */
static int grant_modify(int argc, char **argv, const struct cmd *c)
{
	struct kwval v[ARRAY_SIZE(grant_kws)] = { { 0 } };
	struct nlattr *pnest, *gnest;
	struct nlmsghdr *nlh;
	const char *dev;
	unsigned int vid;

	help_arg(argc, argv);
	dev = parse_kws(argc, argv, c, v);

	nlh = switch_msg(c->genl_cmd, 0, dev_index(dev));
	pnest = port_nest_start(nlh, v[GR_PORT].num);
	/* No grant nest (or no VIDs in it): every VLAN of the port. */
	if (v[GR_VLIST].given || v[GR_UID].given || v[GR_GID].given) {
		gnest = mnl_attr_nest_start(nlh, GUESTLAN_PORT_A_GRANT);
		for (vid = 1; v[GR_VLIST].vids && vid <= GUESTLAN_VID_MAX; vid++)
			if (v[GR_VLIST].vids[vid])
				mnl_attr_put_u16(nlh, GUESTLAN_GRANT_A_VID, vid);
		if (v[GR_UID].given)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_UID, v[GR_UID].num);
		if (v[GR_GID].given)
			mnl_attr_put_u32(nlh, GUESTLAN_GRANT_A_GID, v[GR_GID].num);
		mnl_attr_nest_end(nlh, gnest);
	}
	mnl_attr_nest_end(nlh, pnest);
	nl_request(nlh, NULL, NULL);
	free_kws(c, v);
	return 0;
}

const struct cmd grant_cmd = {
	.name = "grant", .fn = grant_modify,
	.synopsis = "grant DEV port PORT promisc [vlan VLIST] [uid UID]\n"
		    "                                         [gid GID]",
	.what = "grant", .genl_cmd = GUESTLAN_CMD_GRANT_SET,
	.dev = DEV_REQUIRED, KWS(grant_kws),
};

const struct cmd revoke_cmd = {
	.name = "revoke", .fn = grant_modify,
	.synopsis = "revoke DEV port PORT promisc",
	.what = "revoke", .genl_cmd = GUESTLAN_CMD_GRANT_DEL,
	.dev = DEV_REQUIRED, KWS(revoke_kws),
};
