// SPDX-License-Identifier: GPL-2.0
/*
 * The FDB object of the genl family: fdb-get (a dump, of one switch,
 * optionally of one port), fdb-add (a static entry), fdb-del, fdb-flush.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

static int gl_fill_fdb(struct sk_buff *skb, struct gl_switch *sw,
		       const struct gl_fdb *f, struct netlink_callback *cb)
{
	struct gl_port *p = READ_ONCE(f->port);
	unsigned long idle = jiffies - READ_ONCE(f->updated);
	struct nlattr *nest;
	void *hdr;

	hdr = gl_dump_put(skb, cb, GUESTLAN_CMD_FDB_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, GUESTLAN_A_FDB);
	if (!nest)
		goto cancel;
	if (nla_put(skb, GUESTLAN_FDB_A_MAC, ETH_ALEN, f->key.addr) ||
	    nla_put_u16(skb, GUESTLAN_FDB_A_VID, f->key.vid) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_PORT_IFINDEX, p->dev->ifindex) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_FLAGS, f->flags) ||
	    nla_put_u32(skb, GUESTLAN_FDB_A_AGE,
			min_t(u64, jiffies_to_msecs(idle), U32_MAX)))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* The entries of @sw (of fdb.port-ifindex only, if given) */
static int gl_fdb_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			   struct gl_switch *sw)
{
	struct nlattr *nest = gl_compat_dump_attrs(cb)[GUESTLAN_A_FDB];
	struct gl_dump_ctx *ctx = gl_dump_ctx(cb);
	struct gl_port *filter = NULL;
	struct nlattr *attr = NULL;
	struct gl_fdb *f;
	long idx = 0;
	int err = 0;

	if (nest)
		attr = nla_find_nested(nest, GUESTLAN_FDB_A_PORT_IFINDEX);
	if (attr) {
		filter = gl_port_from_attr(sw, attr, true, cb->extack);
		if (IS_ERR(filter))
			return PTR_ERR(filter);
	}
	rcu_read_lock();
	cb->seq = READ_ONCE(sw->fdb_gen);
	hlist_for_each_entry_rcu(f, &sw->fdb_list, node) {
		if (filter && READ_ONCE(f->port) != filter)
			continue;
		if (idx++ < ctx->pos)
			continue;
		err = gl_fill_fdb(skb, sw, f, cb);
		if (err)
			break;
		ctx->pos = idx;
	}
	rcu_read_unlock();
	return err;
}

int guestlan_nl_fdb_get_dumpit(struct sk_buff *skb,
			       struct netlink_callback *cb)
{
	struct nlattr *nest = gl_compat_dump_attrs(cb)[GUESTLAN_A_FDB];
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1];
	int err;

	if (nest) {
		err = gl_req_parse(tb, nest, guestlan_fdb_nl_policy,
				   &gl_req_fdb_get_fdb, cb->extack);
		if (err)
			return err;
	}
	return gl_dump_switches(skb, cb, true, gl_fdb_dump_one);
}

/* Parse the fdb nest of a write as @req accepts it */
static int gl_fdb_parse(struct genl_info *info, struct nlattr **tb,
			const struct gl_req_nest *req, u8 *mac, u16 *vid)
{
	struct nlattr *nest = info->attrs[GUESTLAN_A_FDB];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GUESTLAN_A_FDB))
		return -EINVAL;
	err = gl_req_parse(tb, nest, guestlan_fdb_nl_policy, req, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, nest, tb, GUESTLAN_FDB_A_MAC))
		return -EINVAL;
	nla_memcpy(mac, tb[GUESTLAN_FDB_A_MAC], ETH_ALEN);
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_FDB_A_MAC],
				    "FDB address must be a non-zero unicast MAC");
		return -EINVAL;
	}
	*vid = tb[GUESTLAN_FDB_A_VID] ? nla_get_u16(tb[GUESTLAN_FDB_A_VID]) :
					GL_DEFAULT_PVID;
	return 0;
}

int guestlan_nl_fdb_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1];
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *p;
	u8 mac[ETH_ALEN];
	u16 vid;
	int err;

	err = gl_fdb_parse(info, tb, &gl_req_fdb_add_fdb, mac, &vid);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[GUESTLAN_A_FDB], tb,
			      GUESTLAN_FDB_A_PORT_IFINDEX))
		return -EINVAL;
	p = gl_port_from_attr(sw, tb[GUESTLAN_FDB_A_PORT_IFINDEX], true,
			      info->extack);
	if (IS_ERR(p))
		return PTR_ERR(p);
	err = gl_port_check_not_mirror_dest(p, tb[GUESTLAN_FDB_A_PORT_IFINDEX],
					    info->extack);
	if (err)
		return err;
	err = gl_fdb_add_static(sw, p, mac, vid, GUESTLAN_FDB_FLAGS_STATIC);
	if (err == -EBUSY)
		NL_SET_ERR_MSG_MOD(info->extack,
				   "The MAC is static on a port that does not allow takeover (takeover_setvmac off)");
	else if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "Cannot add the FDB entry");
	return err;
}

int guestlan_nl_fdb_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1];
	u8 mac[ETH_ALEN];
	u16 vid;
	int err;

	err = gl_fdb_parse(info, tb, &gl_req_fdb_del_fdb, mac, &vid);
	if (err)
		return err;
	err = gl_fdb_del(gl_info_sw(info), mac, vid);
	if (err)
		NL_SET_ERR_MSG_MOD(info->extack, "No such FDB entry");
	return err;
}

int guestlan_nl_fdb_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_fdb_nl_policy) + 1] = {};
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *p = NULL;
	int err;

	if (info->attrs[GUESTLAN_A_FDB]) {
		err = gl_req_parse(tb, info->attrs[GUESTLAN_A_FDB],
				   guestlan_fdb_nl_policy, &gl_req_fdb_flush_fdb,
				   info->extack);
		if (err)
			return err;
	}
	if (tb[GUESTLAN_FDB_A_PORT_IFINDEX]) {
		p = gl_port_from_attr(sw, tb[GUESTLAN_FDB_A_PORT_IFINDEX], true,
				      info->extack);
		if (IS_ERR(p))
			return PTR_ERR(p);
	}
	gl_fdb_flush(sw, p, 0,
		     nla_get_flag(info->attrs[GUESTLAN_A_FLUSH_STATIC]), false);
	return 0;
}
