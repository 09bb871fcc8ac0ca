// SPDX-License-Identifier: GPL-2.0
/*
 * Mirror sessions (SPAN), the control half; forward.c makes the copies.
 *
 * A session (struct gl_mirror, ids 1..GUESTLAN_MIRROR_MAX) has sources --
 * ports, the host's among them, each mirrored in one direction or both --
 * and one destination port.  The datapath never walks a session's
 * sources: each port carries the sessions mirroring its rx and its tx as
 * bitmasks (@gl_port.mirror_rx, @gl_port.mirror_tx, bit id - 1), so a
 * frame collects the sessions of its ingress port and of every port it
 * leaves by, and each of them copies it once.
 *
 * An RSPAN session's destination is a VLAN (@gl_mirror.dest_vid): its
 * copies are flooded to the VLAN's member ports, and the VLAN carries
 * nothing else (@gl_switch.rspan_vlans: frames of it entering the switch
 * are dropped, so nothing is learned or flooded in it).
 *
 * A SPAN destination port takes the session's copies and nothing else
 * (@gl_port.mirror_dest, the number of sessions sending to it): what it
 * sends is dropped, it learns nothing, nothing is flooded or forwarded
 * to it.  It can hold no grant and no bridge-port role and be no source.
 *
 * An ERSPAN session's destination is a kernel erspan device in external
 * (collect_md) mode: each copy gets, as its dst, tunnel metadata made
 * once per source when the session is created (@gl_mirror_src.md), and
 * the erspan device builds the header from it: session id, and the
 * source -- version 1: its ifindex as the 20-bit index; version 2: its
 * slot in the session as the 6-bit hardware id, and the direction bit
 * (ingress for a frame the source received, egress for one it sent).
 * A frame mirrored by the same session as both is mirrored once, as its
 * ingress port's.  Such a port is a destination from the moment it
 * joins (@gl_port.mirror_dest starts at 1), with a session or not: it
 * could send no other frame, and what it receives -- ERSPAN from the
 * far side, decapsulated -- must never enter the LAN.
 *
 * Sessions, the masks and mirror_dest are written under RTNL; the
 * datapath reads @gl_switch.mirrors, @gl_mirror.dest and the sources'
 * ports under RCU.  A port that goes away leaves its sessions
 * (gl_mirror_port_del()): as the destination, the session stays,
 * inactive (mirror show says so), and its bit leaves every source's
 * masks, so an inactive session copies nothing, counts nothing and costs
 * its sources nothing; as a source, its slot is emptied.  A session, and
 * the metadata of its sources, are freed after a grace period (call_rcu:
 * nothing under RTNL waits for one when a session goes).
 */
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/dst_metadata.h>
#include <net/erspan.h>
#include <net/ip_tunnels.h>

#include "compat.h"
#include "guestlan.h"

struct gl_mirror *gl_mirror_alloc(unsigned int n_src)
{
	struct gl_mirror *m;

	m = kzalloc(struct_size(m, src, n_src), GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	m->stats = alloc_percpu_gfp(struct gl_mirror_pcpu, GFP_KERNEL_ACCOUNT);
	if (!m->stats) {
		kfree(m);
		return NULL;
	}
	m->all_vlans = true;
	return m;
}

void gl_mirror_free(struct gl_mirror *m)
{
	unsigned int i;

	if (!m)
		return;
	for (i = 0; i < m->n_src; i++) {
		/* a copy in flight holds its own reference */
		if (m->src[i].md[0])
			dst_release(&m->src[i].md[0]->dst);
		if (m->src[i].md[1])
			dst_release(&m->src[i].md[1]->dst);
	}
	free_percpu(m->stats);
	kfree(m);
}

static void gl_mirror_free_rcu(struct rcu_head *head)
{
	gl_mirror_free(container_of(head, struct gl_mirror, rcu));
}

/* Can @dev take ERSPAN copies: an IPv4 erspan device in external mode? */
bool gl_mirror_erspan_dev(const struct net_device *dev)
{
	const struct ip_tunnel *t;

	if (!dev->rtnl_link_ops || strcmp(dev->rtnl_link_ops->kind, "erspan"))
		return false;
	t = netdev_priv(dev);
	return t->collect_md;
}

/* What the ERSPAN header of @slot's copies carries for their source */
u32 gl_mirror_erspan_index(const struct gl_mirror *m, unsigned int slot)
{
	return m->erspan.version == 1 ? m->src[slot].port->dev->ifindex : slot;
}

static struct metadata_dst *gl_mirror_md(const struct gl_mirror *m,
					 u32 index, bool egress)
{
	struct erspan_metadata *em;
	struct ip_tunnel_info *info;
	struct metadata_dst *md;

	md = metadata_dst_alloc(sizeof(*em), METADATA_IP_TUNNEL,
				GFP_KERNEL_ACCOUNT);
	if (!md)
		return NULL;
	info = &md->u.tun_info;
	info->mode = IP_TUNNEL_INFO_TX;
	info->key.u.ipv4.dst = m->erspan.remote;
	info->key.u.ipv4.src = m->erspan.local;
	info->key.ttl = m->erspan.ttl;
	info->key.tun_id = key32_to_tunnel_id(htonl(m->erspan.session_id));
	gl_compat_tun_flags_erspan(info);
	info->options_len = sizeof(*em);
	em = ip_tunnel_info_opts(info);
	em->version = m->erspan.version;
	if (em->version == 1) {
		em->u.index = htonl(index);
	} else {
		em->u.md2.dir = egress;
		set_hwid(&em->u.md2, index);
	}
	return md;
}

/* The tunnel metadata of @m's sources (ERSPAN sessions, before publishing) */
int gl_mirror_erspan_init(struct gl_mirror *m)
{
	struct gl_mirror_src *src;
	unsigned int i;

	ASSERT_RTNL();
	for (i = 0; i < m->n_src; i++) {
		src = &m->src[i];
		src->md[0] = gl_mirror_md(m, gl_mirror_erspan_index(m, i), false);
		if (!src->md[0])
			return -ENOMEM;
		if (m->erspan.version == 1)
			continue;
		src->md[1] = gl_mirror_md(m, gl_mirror_erspan_index(m, i), true);
		if (!src->md[1])
			return -ENOMEM;
	}
	return 0;
}

static unsigned long gl_mirror_bit(const struct gl_mirror *m)
{
	return BIT(m->id - 1);
}

/* Is @vid the RSPAN VLAN of a session other than @but? */
static bool gl_rspan_vlan_used(struct gl_switch *sw, u16 vid,
			       const struct gl_mirror *but)
{
	const struct gl_mirror *m;
	int id;

	for (id = 0; id < GUESTLAN_MIRROR_MAX; id++) {
		m = rtnl_dereference(sw->mirrors[id]);
		if (m && m != but && m->dest_vid == vid)
			return true;
	}
	return false;
}

/*
 * The model's rules, for mirror-add (@attr: what the message names).
 * A destination has no other use (gl_port_check_not_mirror_dest() is the
 * other side): no grant, no bridge-port role, no session's source.
 */
int gl_mirror_dest_check(const struct gl_port *p, const struct nlattr *attr,
			 struct netlink_ext_ack *extack)
{
	if (rtnl_dereference(p->grant))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port holds a promiscuous grant");
	else if (p->role != GUESTLAN_BRIDGE_ROLE_NONE)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port has a bridge-port role");
	else if (p->mirror_rx || p->mirror_tx)
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port is a source of a mirror session");
	else if (rcu_access_pointer(p->sample))
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "The destination port is sampled (sample_rate)");
	else
		return 0;
	return -EBUSY;
}

/* Can the ERSPAN header of @m (sources added) name every source? */
int gl_mirror_erspan_check(const struct gl_mirror *m, const struct nlattr *a,
			   struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (m->erspan.version == 2 && m->n_src > 64) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "An ERSPAN version 2 session has at most 64 sources (the 6-bit hardware id)");
		return -EINVAL;
	}
	if (m->erspan.version == 1)
		for (i = 0; i < m->n_src; i++)
			if (m->src[i].port->dev->ifindex >= BIT(20)) {
				NL_SET_ERR_MSG_ATTR(extack, a,
						    "A source's ifindex does not fit ERSPAN version 1's 20-bit index");
				return -ERANGE;
			}
	return 0;
}

/* May @p be a source of @m (its sources so far) with destination @dest? */
int gl_mirror_src_check(const struct gl_mirror *m, const struct gl_port *p,
			const struct gl_port *dest, const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (p == dest) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "The destination port cannot be a source");
		return -EINVAL;
	}
	for (i = 0; i < m->n_src; i++)
		if (m->src[i].port == p) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "The port is a source of this session twice");
			return -EINVAL;
		}
	return gl_port_check_not_mirror_dest(p, attr, extack);
}

/*
 * A mirror session's destination has no other use: nothing is forwarded
 * or flooded to it, it holds no grant, has no bridge-port role, is no
 * session's source and is not sampled.  -EBUSY if @p is one; @attr names
 * the port in the message.  RTNL.
 */
int gl_port_check_not_mirror_dest(const struct gl_port *p,
				  const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();
	if (!p->mirror_dest)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "The port is a mirror session's destination, which has no other use");
	return -EBUSY;
}

/* Publish @m (checked by the caller: id free, sources, destination) */
void gl_mirror_add(struct gl_switch *sw, struct gl_mirror *m)
{
	struct gl_port *dest = rtnl_dereference(m->dest);
	unsigned int i;

	ASSERT_RTNL();
	/*
	 * Isolate the destination (or the RSPAN VLAN): from now on nothing
	 * it sends enters, and nothing is forwarded to it.  A frame already
	 * past those checks learns nothing: a learner checks them again
	 * under fdb_lock (__gl_fdb_learn()), which the flush takes first.
	 * No grace period under RTNL (mirror-add may run in a user's loop):
	 * a frame in flight may still reach the destination beside the
	 * first copies.
	 */
	if (m->dest_vid) {
		set_bit(m->dest_vid, sw->rspan_vlans);
		gl_fdb_flush(sw, NULL, m->dest_vid, false, false);
		goto sources;
	}
	WRITE_ONCE(dest->mirror_dest, dest->mirror_dest + 1);
	gl_fdb_flush(sw, dest, 0, false, false);
sources:
	for (i = 0; i < m->n_src; i++) {
		struct gl_port *p = m->src[i].port;

		if (!p)
			continue;
		if (m->src[i].dir != GUESTLAN_MIRROR_DIRECTION_TX)
			WRITE_ONCE(p->mirror_rx, p->mirror_rx | gl_mirror_bit(m));
		if (m->src[i].dir != GUESTLAN_MIRROR_DIRECTION_RX)
			WRITE_ONCE(p->mirror_tx, p->mirror_tx | gl_mirror_bit(m));
	}
	rcu_assign_pointer(sw->mirrors[m->id - 1], m);
}

/* No source of @m looks at it any more */
static void gl_mirror_srcs_clear(const struct gl_mirror *m)
{
	struct gl_port *p;
	unsigned int i;

	for (i = 0; i < m->n_src; i++) {
		p = m->src[i].port;
		if (!p)
			continue;
		WRITE_ONCE(p->mirror_rx, p->mirror_rx & ~gl_mirror_bit(m));
		WRITE_ONCE(p->mirror_tx, p->mirror_tx & ~gl_mirror_bit(m));
	}
}

/* Unpublish and free session @m */
void gl_mirror_del(struct gl_switch *sw, struct gl_mirror *m)
{
	struct gl_port *dest = rtnl_dereference(m->dest);

	ASSERT_RTNL();
	RCU_INIT_POINTER(sw->mirrors[m->id - 1], NULL);
	gl_mirror_srcs_clear(m);
	if (dest)
		WRITE_ONCE(dest->mirror_dest, dest->mirror_dest - 1);
	if (m->dest_vid && !gl_rspan_vlan_used(sw, m->dest_vid, m))
		clear_bit(m->dest_vid, sw->rspan_vlans);
	/* no waiting under RTNL: mirror-del may run in a user's loop */
	call_rcu(&m->rcu, gl_mirror_free_rcu);
}

/* Port @p is going away: it leaves every session */
void gl_mirror_port_del(struct gl_port *p)
{
	struct gl_switch *sw = p->sw;
	struct gl_mirror *m;
	unsigned int i;
	int id;

	ASSERT_RTNL();
	for (id = 0; id < GUESTLAN_MIRROR_MAX; id++) {
		m = rtnl_dereference(sw->mirrors[id]);
		if (!m)
			continue;
		if (rtnl_dereference(m->dest) == p) {
			/* readers may still send to it: freed after RCU */
			RCU_INIT_POINTER(m->dest, NULL);
			WRITE_ONCE(p->mirror_dest, p->mirror_dest - 1);
			gl_mirror_srcs_clear(m);	/* inactive for good */
		}
		for (i = 0; i < m->n_src; i++)
			if (m->src[i].port == p)
				WRITE_ONCE(m->src[i].port, NULL);
	}
	WRITE_ONCE(p->mirror_rx, 0);
	WRITE_ONCE(p->mirror_tx, 0);
}

/* The switch is going away, after its ports */
void gl_mirror_uninit(struct gl_switch *sw)
{
	struct gl_mirror *m;
	int id;

	ASSERT_RTNL();
	for (id = 0; id < GUESTLAN_MIRROR_MAX; id++) {
		m = rtnl_dereference(sw->mirrors[id]);
		if (m)
			gl_mirror_del(sw, m);
	}
}

void gl_mirror_stats_read(const struct gl_mirror *m, u64 *mirrored,
			  u64 *truncated, u64 *dropped)
{
	int cpu;

	*mirrored = *truncated = *dropped = 0;
	for_each_possible_cpu(cpu) {
		const struct gl_mirror_pcpu *s = per_cpu_ptr(m->stats, cpu);
		u64 a, b, c;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			a = u64_stats_read(&s->mirrored);
			b = u64_stats_read(&s->truncated);
			c = u64_stats_read(&s->dropped);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*mirrored += a;
		*truncated += b;
		*dropped += c;
	}
}
