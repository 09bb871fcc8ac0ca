// SPDX-License-Identifier: GPL-2.0
/*
 * hostnotify's messages (hostnotify.c): host-ntf on the admin-only
 * "hostnotify" group, batched, many to an skb (a 64k-entry FDB sync is
 * some 1,800 skbs, not 64k).
 */
#include <linux/etherdevice.h>

#include "netlink.h"

/* A batch for the listeners of @sw's netns, allocating with @gfp */
void gl_hn_batch_start(struct gl_hn_batch *b, struct gl_switch *sw, gfp_t gfp)
{
	b->net = dev_net(sw->dev);
	b->skb = NULL;
	b->gfp = gfp;
	b->err = 0;
	b->listeners = genl_has_listeners(&gl_genl_family, b->net,
					  GUESTLAN_NLGRP_HOSTNOTIFY);
}

static void gl_hn_batch_send(struct gl_hn_batch *b)
{
	int err;

	if (!b->skb)
		return;
	err = genlmsg_multicast_netns(&gl_genl_family, b->net, b->skb, 0,
				      GUESTLAN_NLGRP_HOSTNOTIFY, b->gfp);
	b->skb = NULL;
	if (err && err != -ESRCH && !b->err)
		b->err = err;
}

static int gl_hn_fill(struct sk_buff *skb, struct gl_port *to,
		      const struct gl_hn_event *ev)
{
	struct nlattr *nest;
	void *hdr;

	hdr = genlmsg_put(skb, 0, 0, &gl_genl_family, 0, GUESTLAN_CMD_HOST_NTF);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, GUESTLAN_A_IFINDEX, to->sw->dev->ifindex) ||
	    nla_put_u8(skb, GUESTLAN_A_HOST_EVENT, ev->event))
		goto err;
	nest = nla_nest_start(skb, GUESTLAN_A_PORT);
	if (!nest ||
	    nla_put_u32(skb, GUESTLAN_PORT_A_IFINDEX, to->dev->ifindex) ||
	    nla_put_string(skb, GUESTLAN_PORT_A_IFNAME, to->dev->name))
		goto err;
	nla_nest_end(skb, nest);
	if (ev->event == GUESTLAN_HOST_EVENT_LEARNED ||
	    ev->event == GUESTLAN_HOST_EVENT_AGED) {
		nest = nla_nest_start(skb, GUESTLAN_A_FDB);
		if (!nest ||
		    nla_put(skb, GUESTLAN_FDB_A_MAC, ETH_ALEN, ev->addr) ||
		    nla_put_u16(skb, GUESTLAN_FDB_A_VID, ev->vid) ||
		    nla_put_u32(skb, GUESTLAN_FDB_A_PORT_IFINDEX, ev->ifindex))
			goto err;
		nla_nest_end(skb, nest);
	}
	genlmsg_end(skb, hdr);
	return 0;
err:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* Add the event @ev for port @to; may run in atomic context (b->gfp) */
void gl_hn_batch_add(struct gl_hn_batch *b, struct gl_port *to,
		     const struct gl_hn_event *ev)
{
	if (!b->listeners)
		return;
	if (b->skb && gl_hn_fill(b->skb, to, ev))
		gl_hn_batch_send(b);		/* full: send, start another */
	if (!b->skb) {
		b->skb = genlmsg_new(NLMSG_GOODSIZE, b->gfp);
		if (!b->skb) {
			if (!b->err)
				b->err = -ENOMEM;
			return;
		}
		if (WARN_ON_ONCE(gl_hn_fill(b->skb, to, ev)))
			return;
	}
}

/*
 * Send what is left; whether every skb reached every listener: -ENOBUFS
 * when a listener's receive buffer was full (netlink then reports ENOBUFS
 * on that socket too), -ENOMEM when an skb could not be allocated.
 */
int gl_hn_batch_end(struct gl_hn_batch *b)
{
	gl_hn_batch_send(b);
	return b->err;
}
