// SPDX-License-Identifier: GPL-2.0
/*
 * Mirror sessions (mirror.c) in the genl family: mirror-add, mirror-del,
 * mirror-get.  Every operation is admin-only: a session tells who is
 * watched and where the copies go.
 */
#include <linux/rtnetlink.h>

#include "netlink.h"

/* The size of session @m's message */
static size_t gl_mirror_size(const struct gl_mirror *m)
{
	size_t src = nla_total_size(0)				/* source */
		     + nla_total_size(sizeof(u32))		/* port-ifindex */
		     + nla_total_size(sizeof(u8))		/* direction */
		     + nla_total_size(sizeof(u32));		/* erspan-index */
	size_t erspan = nla_total_size(0)			/* erspan */
			+ nla_total_size(sizeof(u8))		/* version */
			+ nla_total_size(sizeof(u32))		/* session-id */
			+ nla_total_size(sizeof(u32))		/* remote */
			+ nla_total_size(sizeof(u32))		/* local */
			+ nla_total_size(sizeof(u8));		/* ttl */

	return nla_total_size(sizeof(u32))			/* ifindex */
	       + nla_total_size(0)				/* mirror */
	       + nla_total_size(sizeof(u32))			/* id */
	       + nla_total_size(sizeof(u32))			/* dest-* */
	       + nla_total_size(sizeof(u32))			/* snaplen */
	       + nla_total_size(sizeof(u32))			/* sample-rate */
	       + nla_total_size(sizeof(u8))			/* active */
	       + (m->erspan.version ? erspan : 0)
	       + m->n_src * src
	       + (m->all_vlans ? 0 : gl_vid_ranges_size(m->vlans))	/* range */
	       + nla_total_size(0)				/* stats */
	       + nla_total_size_64bit(sizeof(u64))		/* mirrored */
	       + nla_total_size_64bit(sizeof(u64))		/* truncated */
	       + nla_total_size_64bit(sizeof(u64));		/* dropped */
}

static int gl_fill_mirror(struct sk_buff *skb, struct gl_switch *sw,
			  const struct gl_mirror *m,
			  struct netlink_callback *cb, u32 portid, u32 seq,
			  int flags)
{
	u64 mirrored, truncated, dropped;
	struct nlattr *nest, *n;
	unsigned int i;
	void *hdr;

	ASSERT_RTNL();
	hdr = gl_msg_put(skb, cb, portid, seq, flags, GUESTLAN_CMD_MIRROR_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, sw->dev->ifindex))
		goto cancel;
	nest = nla_nest_start(skb, GUESTLAN_A_MIRROR);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_MIRROR_A_ID, m->id) ||
	    (m->dest_vid ?
	     nla_put_u16(skb, GUESTLAN_MIRROR_A_DEST_VID, m->dest_vid) :
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_DEST_IFINDEX, m->dest_ifindex)) ||
	    (m->snaplen &&
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_SNAPLEN, m->snaplen)) ||
	    (m->sample_rate &&
	     nla_put_u32(skb, GUESTLAN_MIRROR_A_SAMPLE_RATE, m->sample_rate)) ||
	    nla_put_u8(skb, GUESTLAN_MIRROR_A_ACTIVE,
		       m->dest_vid || rtnl_dereference(m->dest)))
		goto cancel;
	if (m->erspan.version) {
		n = nla_nest_start(skb, GUESTLAN_MIRROR_A_ERSPAN);
		if (!n ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_ERSPAN_A_VERSION,
			       m->erspan.version) ||
		    nla_put_u32(skb, GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID,
				m->erspan.session_id) ||
		    nla_put_in_addr(skb, GUESTLAN_MIRROR_ERSPAN_A_REMOTE,
				    m->erspan.remote) ||
		    nla_put_in_addr(skb, GUESTLAN_MIRROR_ERSPAN_A_LOCAL,
				    m->erspan.local) ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_ERSPAN_A_TTL, m->erspan.ttl))
			goto cancel;
		nla_nest_end(skb, n);
	}
	for (i = 0; i < m->n_src; i++) {
		if (!m->src[i].port)
			continue;	/* gone */
		n = nla_nest_start(skb, GUESTLAN_MIRROR_A_SOURCE);
		if (!n ||
		    nla_put_u32(skb, GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX,
				m->src[i].port->dev->ifindex) ||
		    nla_put_u8(skb, GUESTLAN_MIRROR_SOURCE_A_DIRECTION,
			       m->src[i].dir) ||
		    (m->erspan.version &&
		     nla_put_u32(skb, GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX,
				 gl_mirror_erspan_index(m, i))))
			goto cancel;
		nla_nest_end(skb, n);
	}
	if (!m->all_vlans &&
	    gl_put_vid_ranges(skb, GUESTLAN_MIRROR_A_RANGE, m->vlans))
		goto cancel;
	gl_mirror_stats_read(m, &mirrored, &truncated, &dropped);
	n = nla_nest_start(skb, GUESTLAN_MIRROR_A_STATS);
	if (!n ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_MIRRORED, mirrored,
			      GUESTLAN_MIRROR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_TRUNCATED, truncated,
			      GUESTLAN_MIRROR_STATS_A_PAD) ||
	    nla_put_u64_64bit(skb, GUESTLAN_MIRROR_STATS_A_DROPPED, dropped,
			      GUESTLAN_MIRROR_STATS_A_PAD))
		goto cancel;
	nla_nest_end(skb, n);
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * What a mirror-add's nests carry that it may not -- a reply-only
 * attribute in a source, say -- is refused first, before a missing
 * attribute, so that the message names it.
 */
static int gl_mirror_add_nests_check(const struct nlattr *mirror,
				     struct nlattr **tb,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *stb[GL_POLICY_MAX(guestlan_mirror_source_nl_policy) + 1];
	struct nlattr *etb[GL_POLICY_MAX(guestlan_mirror_erspan_nl_policy) + 1];
	const struct nlattr *a;
	int err, rem;

	nla_for_each_nested(a, mirror, rem) {
		if (nla_type(a) != GUESTLAN_MIRROR_A_SOURCE)
			continue;
		err = gl_req_parse(stb, a, guestlan_mirror_source_nl_policy,
				   &gl_req_mirror_add_mirror_source, extack);
		if (err)
			return err;
	}
	if (!tb[GUESTLAN_MIRROR_A_ERSPAN])
		return 0;
	return gl_req_parse(etb, tb[GUESTLAN_MIRROR_A_ERSPAN],
			    guestlan_mirror_erspan_nl_policy,
			    &gl_req_mirror_add_mirror_erspan, extack);
}

/* The request's mirror nest, required with its id, into @tb */
static int gl_mirror_attrs(struct genl_info *info, struct nlattr **tb,
			   const struct gl_req_nest *req)
{
	int err;

	if (GENL_REQ_ATTR_CHECK(info, GUESTLAN_A_MIRROR))
		return -EINVAL;
	err = gl_req_parse(tb, info->attrs[GUESTLAN_A_MIRROR],
			   guestlan_mirror_nl_policy, req, info->extack);
	if (err)
		return err;
	if (req == &gl_req_mirror_add_mirror) {
		err = gl_mirror_add_nests_check(info->attrs[GUESTLAN_A_MIRROR],
						tb, info->extack);
		if (err)
			return err;
	}
	if (NL_REQ_ATTR_CHECK(info->extack, info->attrs[GUESTLAN_A_MIRROR], tb,
			      GUESTLAN_MIRROR_A_ID))
		return -EINVAL;
	return 0;
}

/*
 * The ERSPAN tunnel of session @m (@tb: the mirror nest) to port @dest:
 * with an erspan nest, @dest must be an external erspan device, and an
 * external erspan device takes nothing but ERSPAN sessions (it drops a
 * frame without tunnel metadata).
 */
static int gl_mirror_erspan_parse(struct gl_mirror *m, struct nlattr **tb,
				  const struct gl_port *dest,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *e[GL_POLICY_MAX(guestlan_mirror_erspan_nl_policy) + 1];
	struct nlattr *a = tb[GUESTLAN_MIRROR_A_ERSPAN];
	int err;

	if (!a) {
		if (dest && gl_mirror_erspan_dev(dest->dev)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					    "The destination is an external erspan device: the session needs mirror.erspan");
			return -EINVAL;
		}
		return 0;
	}
	if (!dest) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "mirror.erspan needs a destination port (dest-ifindex), not an RSPAN VLAN");
		return -EINVAL;
	}
	if (!gl_mirror_erspan_dev(dest->dev)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
				    "mirror.erspan needs an erspan device in external mode (ip link add NAME type erspan external) as the destination");
		return -EINVAL;
	}
	err = gl_req_parse(e, a, guestlan_mirror_erspan_nl_policy,
			   &gl_req_mirror_add_mirror_erspan, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, a, e, GUESTLAN_MIRROR_ERSPAN_A_VERSION) ||
	    NL_REQ_ATTR_CHECK(extack, a, e, GUESTLAN_MIRROR_ERSPAN_A_REMOTE)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "mirror.erspan needs version and remote (the analyzer's address)");
		return -EINVAL;
	}
	m->erspan.version = nla_get_u8(e[GUESTLAN_MIRROR_ERSPAN_A_VERSION]);
	m->erspan.remote = nla_get_in_addr(e[GUESTLAN_MIRROR_ERSPAN_A_REMOTE]);
	if (!m->erspan.remote) {
		NL_SET_ERR_MSG_ATTR(extack, e[GUESTLAN_MIRROR_ERSPAN_A_REMOTE],
				    "The ERSPAN remote address is 0.0.0.0");
		return -EINVAL;
	}
	if (e[GUESTLAN_MIRROR_ERSPAN_A_LOCAL])
		m->erspan.local = nla_get_in_addr(e[GUESTLAN_MIRROR_ERSPAN_A_LOCAL]);
	if (e[GUESTLAN_MIRROR_ERSPAN_A_TTL])
		m->erspan.ttl = nla_get_u8(e[GUESTLAN_MIRROR_ERSPAN_A_TTL]);
	m->erspan.session_id = e[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID] ?
		nla_get_u32(e[GUESTLAN_MIRROR_ERSPAN_A_SESSION_ID]) : m->id;
	return 0;
}

/* Add source @a (a mirror-source nest) to @m */
static int gl_mirror_add_src(struct gl_switch *sw, struct gl_mirror *m,
			     const struct gl_port *dest, struct nlattr *a,
			     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_source_nl_policy) + 1];
	struct gl_port *p;
	int err;

	err = gl_req_parse(tb, a, guestlan_mirror_source_nl_policy,
			   &gl_req_mirror_add_mirror_source, extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, a, tb, GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX))
		return -EINVAL;
	p = gl_port_from_attr(sw, tb[GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX],
			      true, extack);
	if (IS_ERR(p))
		return PTR_ERR(p);
	err = gl_mirror_src_check(m, p, dest, a, extack);
	if (err)
		return err;
	m->src[m->n_src].port = p;
	m->src[m->n_src++].dir = tb[GUESTLAN_MIRROR_SOURCE_A_DIRECTION] ?
		nla_get_u8(tb[GUESTLAN_MIRROR_SOURCE_A_DIRECTION]) :
		GUESTLAN_MIRROR_DIRECTION_BOTH;
	return 0;
}

int guestlan_nl_mirror_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_nl_policy) + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_port *dest = NULL;
	unsigned int n_src = 0;
	struct gl_mirror *m;
	struct nlattr *a;
	int err, rem;
	u32 id;

	err = gl_mirror_attrs(info, tb, &gl_req_mirror_add_mirror);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(extack, info->attrs[GUESTLAN_A_MIRROR], tb,
			      GUESTLAN_MIRROR_A_SOURCE))
		return -EINVAL;
	if (!tb[GUESTLAN_MIRROR_A_DEST_IFINDEX] == !tb[GUESTLAN_MIRROR_A_DEST_VID]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "A session has one destination: dest-ifindex (a port) or dest-vid (an RSPAN VLAN)");
		return -EINVAL;
	}
	id = nla_get_u32(tb[GUESTLAN_MIRROR_A_ID]);
	if (rtnl_dereference(sw->mirrors[id - 1])) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_ID],
				    "The mirror session exists");
		return -EEXIST;
	}
	if (tb[GUESTLAN_MIRROR_A_DEST_IFINDEX]) {
		dest = gl_port_from_attr(sw, tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					 false, extack);
		if (IS_ERR(dest))
			return PTR_ERR(dest);
		err = gl_mirror_dest_check(dest,
					   tb[GUESTLAN_MIRROR_A_DEST_IFINDEX],
					   extack);
		if (err)
			return err;
	}
	if (tb[GUESTLAN_MIRROR_A_SNAPLEN] &&
	    nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]) &&
	    nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]) < ETH_HLEN) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_SNAPLEN],
				    "snaplen is 0 (whole frames) or at least 14 (an Ethernet header)");
		return -EINVAL;
	}

	/*
	 * A port is a source once at most: a session has no more sources
	 * than the switch has ports (and the host), and no more is allocated.
	 */
	nla_for_each_nested(a, info->attrs[GUESTLAN_A_MIRROR], rem) {
		if (nla_type(a) != GUESTLAN_MIRROR_A_SOURCE)
			continue;
		if (++n_src > sw->n_ports + 1) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "More mirror sources than the switch has ports");
			return -E2BIG;
		}
	}
	m = gl_mirror_alloc(n_src);
	if (!m)
		return -ENOMEM;
	m->id = id;
	if (dest) {
		m->dest_ifindex = dest->dev->ifindex;
		RCU_INIT_POINTER(m->dest, dest);
	} else {
		m->dest_vid = nla_get_u16(tb[GUESTLAN_MIRROR_A_DEST_VID]);
	}
	err = gl_mirror_erspan_parse(m, tb, dest, extack);
	if (err)
		goto err;
	if (tb[GUESTLAN_MIRROR_A_SNAPLEN])
		m->snaplen = nla_get_u32(tb[GUESTLAN_MIRROR_A_SNAPLEN]);
	if (tb[GUESTLAN_MIRROR_A_SAMPLE_RATE])
		m->sample_rate = nla_get_u32(tb[GUESTLAN_MIRROR_A_SAMPLE_RATE]);
	nla_for_each_nested(a, info->attrs[GUESTLAN_A_MIRROR], rem) {
		if (nla_type(a) == GUESTLAN_MIRROR_A_VID) {
			set_bit(nla_get_u16(a), m->vlans);
			m->all_vlans = false;
		} else if (nla_type(a) == GUESTLAN_MIRROR_A_SOURCE) {
			err = gl_mirror_add_src(sw, m, dest, a, extack);
			if (err)
				goto err;
		}
	}
	if (m->dest_vid && !m->all_vlans && test_bit(m->dest_vid, m->vlans)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[GUESTLAN_MIRROR_A_DEST_VID],
				    "The session's VLANs include its own RSPAN VLAN");
		err = -EINVAL;
		goto err;
	}
	if (nlmsg_total_size(GENL_HDRLEN + gl_mirror_size(m)) > NLMSG_GOODSIZE) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The session's sources and VLAN ranges would not fit in one netlink message: use wider VLAN ranges");
		err = -EMSGSIZE;
		goto err;
	}
	if (m->erspan.version) {
		err = gl_mirror_erspan_check(m, tb[GUESTLAN_MIRROR_A_ERSPAN],
					     extack) ?:
		      gl_mirror_erspan_init(m);
		if (err)
			goto err;
	}
	gl_mirror_add(sw, m);
	return 0;
err:
	gl_mirror_free(m);
	return err;
}

/* The session the request's mirror.id names */
static struct gl_mirror *gl_mirror_find(struct genl_info *info,
					const struct gl_req_nest *req)
{
	struct nlattr *tb[GL_POLICY_MAX(guestlan_mirror_nl_policy) + 1];
	struct gl_switch *sw = gl_info_sw(info);
	struct gl_mirror *m;
	int err;

	err = gl_mirror_attrs(info, tb, req);
	if (err)
		return ERR_PTR(err);
	m = rtnl_dereference(sw->mirrors[nla_get_u32(tb[GUESTLAN_MIRROR_A_ID]) - 1]);
	if (!m) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[GUESTLAN_MIRROR_A_ID],
				    "No such mirror session");
		return ERR_PTR(-ENOENT);
	}
	return m;
}

int guestlan_nl_mirror_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_mirror *m = gl_mirror_find(info, &gl_req_mirror_del_mirror);

	if (IS_ERR(m))
		return PTR_ERR(m);
	gl_mirror_del(gl_info_sw(info), m);
	return 0;
}

int guestlan_nl_mirror_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct gl_mirror *m = gl_mirror_find(info, &gl_req_mirror_get_mirror);
	struct sk_buff *msg;

	if (IS_ERR(m))
		return PTR_ERR(m);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	return gl_reply(info, msg,
			gl_fill_mirror(msg, gl_info_sw(info), m, NULL,
				       info->snd_portid, info->snd_seq, 0));
}

/* The sessions of @sw; gl_dump_ctx.pos: the ids done */
static int gl_mirror_dump_one(struct sk_buff *skb, struct netlink_callback *cb,
			      struct gl_switch *sw)
{
	struct gl_dump_ctx *ctx = gl_dump_ctx(cb);
	struct gl_mirror *m;
	int err;

	for (; ctx->pos < GUESTLAN_MIRROR_MAX; ctx->pos++) {
		m = rtnl_dereference(sw->mirrors[ctx->pos]);
		if (!m)
			continue;
		err = gl_fill_mirror(skb, sw, m, cb, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, NLM_F_MULTI);
		if (err)
			return err;
	}
	return 0;
}

int guestlan_nl_mirror_get_dumpit(struct sk_buff *skb,
				  struct netlink_callback *cb)
{
	return gl_dump_switches(skb, cb, true, gl_mirror_dump_one);
}
