// SPDX-License-Identifier: GPL-2.0
/*
 * glctl: decode guestlan messages into the model of model.h.  Like the
 * kernel's nla_parse(), the last attribute of a type wins (the VLANs of a
 * port are a list); the decoders keep the nests for the generic printing
 * of what they do not know.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>

#include "glctl.h"
#include "model.h"
#include "nl.h"

const char *enum_str(const char *const *names, size_t n, uint64_t v,
		     char *buf, size_t len)
{
	if (v < n && names[v])
		return names[v];
	snprintf(buf, len, "%" PRIu64, v);
	return buf;
}

/* A number attribute into val[@t], its bits into @present and @has. */
static void decode_uint(const struct nlattr *a, unsigned int t,
			uint64_t *present, uint64_t *has, uint64_t *val)
{
	*present |= BIT_ULL(t);
	if (attr_uint(a, &val[t]))
		*has |= BIT_ULL(t);
	else
		*has &= ~BIT_ULL(t);
}

/* The counters 1..@max of a stats nest (a switch's, a port's, a mirror's). */
static void decode_counters(const struct nlattr *nest, struct gl_stats *s,
			    unsigned int max)
{
	const struct nlattr *a;
	uint64_t present = 0;
	unsigned int t;

	memset(s, 0, sizeof(*s));
	s->nest = nest;
	if (!nest)
		return;
	/* Every counter of the header is printed: by its spec name. */
	for (t = 0; t <= max; t++)
		s->known |= BIT_ULL(t);
	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		if (t <= max)
			decode_uint(a, t, &present, &s->has, s->val);
	}
}

static void decode_stats(const struct nlattr *nest, struct gl_stats *s)
{
	decode_counters(nest, s, GUESTLAN_STATS_A_MAX);
}

/* struct gl_stats holds the mirror-stats set too. */
_Static_assert((int)GUESTLAN_MIRROR_STATS_A_MAX <= (int)GUESTLAN_STATS_A_MAX,
	       "struct gl_stats too small for the mirror-stats set");

static void decode_vlan(const struct nlattr *nest, struct gl_vlan *v,
			bool *ok)
{
	const struct nlattr *a, *vid = NULL, *end = NULL;
	uint64_t n;

	memset(v, 0, sizeof(*v));
	v->nest = nest;
	v->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		switch (mnl_attr_get_type(a)) {
		case GUESTLAN_VLAN_A_VID:
			vid = a;
			break;
		case GUESTLAN_VLAN_A_VID_END:
			end = a;
			break;
		case GUESTLAN_VLAN_A_PVID:
			v->pvid = true;
			break;
		case GUESTLAN_VLAN_A_UNTAGGED:
			v->untagged = true;
			break;
		default:
			continue;
		}
		v->known |= BIT_ULL(mnl_attr_get_type(a));
	}
	*ok = attr_uint(vid, &n);
	v->vid = n;
	if (!*ok)
		return;
	if (!attr_uint(end, &n) || n < v->vid)
		n = v->vid;
	v->end = n;
}

/* A range nest of a grant or mirror: VIDs *@lo..*@hi (no end: just one). */
static bool decode_vid_range(const struct nlattr *nest, uint64_t *lo,
			       uint64_t *hi)
{
	const struct nlattr *a, *vid = NULL, *end = NULL;

	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) == GUESTLAN_VLAN_A_VID)
			vid = a;
		else if (mnl_attr_get_type(a) == GUESTLAN_VLAN_A_VID_END)
			end = a;
	}
	if (!attr_uint(vid, lo))
		return false;
	if (!attr_uint(end, hi))
		*hi = *lo;
	return true;
}

/*
 * A binary attribute of u16 pairs, first and last VID of each run (port
 * vlan-ranges, untagged-ranges, grant vlan-ranges): into @set
 */
static bool decode_vid_pairs(const struct nlattr *a, bool *set)
{
	const char *d = mnl_attr_get_payload(a);
	size_t len = mnl_attr_get_payload_len(a), i;
	uint16_t pair[2];
	unsigned int v;

	if (len % sizeof(pair))
		return false;
	for (i = 0; i < len; i += sizeof(pair)) {
		memcpy(pair, d + i, sizeof(pair));
		for (v = pair[0]; v <= pair[1] && v < GL_N_VIDS; v++)
			set[v] = true;
	}
	return true;
}

/*
 * The port's VLANs from its runs: ranges of equal flags, the PVID on its
 * own, as struct gl_vlan entries (as print_port_vlans() shows them)
 */
static void decode_port_vlans(struct gl_port *p, const struct nlattr *vlans,
			      const struct nlattr *untagged)
{
	bool member[GL_N_VIDS] = { false }, utag[GL_N_VIDS] = { false };
	uint64_t pvid = HAS(p, GUESTLAN_PORT_A_PVID) ?
			p->val[GUESTLAN_PORT_A_PVID] : 0;
	unsigned int vid, end, n = 0;

	if (!decode_vid_pairs(vlans, member) ||
	    (untagged && !decode_vid_pairs(untagged, utag)))
		return;
	for (vid = 0; vid < GL_N_VIDS; vid++)
		n += member[vid];
	if (!n)
		return;
	p->vlans = calloc(n, sizeof(*p->vlans));
	if (!p->vlans)
		die("out of memory");
	for (vid = 0; vid < GL_N_VIDS; vid++) {
		struct gl_vlan *v = &p->vlans[p->n_vlans];

		if (!member[vid])
			continue;
		end = vid;
		if (vid != pvid)
			while (end + 1 < GL_N_VIDS && end + 1 != pvid &&
			       member[end + 1] && utag[end + 1] == utag[vid])
				end++;
		v->vid = vid;
		v->end = end;
		v->pvid = vid == pvid;
		v->untagged = utag[vid];
		p->n_vlans++;
		vid = end;
	}
}

static void decode_grant(const struct nlattr *nest, struct gl_grant *g)
{
	const struct nlattr *a, *uid = NULL, *gid = NULL;
	uint64_t v, end;

	memset(g, 0, sizeof(*g));
	g->nest = nest;
	g->all = true;
	if (!nest)
		return;
	g->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_GRANT_A_UID:
			uid = a;
			break;
		case GUESTLAN_GRANT_A_GID:
			gid = a;
			break;
		case GUESTLAN_GRANT_A_VLAN_RANGES:
			if (decode_vid_pairs(a, g->vids))
				g->all = false;
			g->known |= BIT_ULL(t);
			continue;
		case GUESTLAN_GRANT_A_RANGE:
		case GUESTLAN_GRANT_A_VID:
			break;
		default:
			continue;
		}
		g->known |= BIT_ULL(t);
		if (t == GUESTLAN_GRANT_A_RANGE) {
			if (!decode_vid_range(a, &v, &end))
				continue;
		} else if (t == GUESTLAN_GRANT_A_VID && attr_uint(a, &v)) {
			end = v;
		} else {
			continue;
		}
		for (; v <= end && v < GL_N_VIDS; v++)
			g->vids[v] = true;
		g->all = false;
	}
	g->has_uid = attr_uint(uid, &g->uid);
	g->has_gid = attr_uint(gid, &g->gid);
}

/* "xx:xx:xx:xx:xx:xx" into @buf (18 bytes) if @a holds a MAC */
static bool decode_mac(const struct nlattr *a, char *buf)
{
	const unsigned char *m;

	if (!a || mnl_attr_get_payload_len(a) != 6)
		return false;
	m = mnl_attr_get_payload(a);
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	return true;
}

static void decode_mac_guard(const struct nlattr *nest, struct gl_mac_guard *g)
{
	const struct nlattr *a;

	memset(g, 0, sizeof(*g));
	g->nest = nest;
	if (!nest)
		return;
	g->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_MAC_GUARD_A_MAC:
			if (g->n_macs < GUESTLAN_MAC_GUARD_MAX &&
			    decode_mac(a, g->macs[g->n_macs]))
				g->n_macs++;
			break;
		case GUESTLAN_MAC_GUARD_A_STICKY_MAC:
			if (g->n_sticky_macs < GUESTLAN_MAC_GUARD_MAX &&
			    decode_mac(a, g->sticky_macs[g->n_sticky_macs]))
				g->n_sticky_macs++;
			break;
		case GUESTLAN_MAC_GUARD_A_STICKY:
			decode_uint(a, t, &g->present, &g->has, g->val);
			break;
		default:
			continue;
		}
		g->known |= BIT_ULL(t);
	}
}

static void decode_guard_event(const struct nlattr *nest,
			       struct gl_guard_event *e)
{
	const struct nlattr *a;

	memset(e, 0, sizeof(*e));
	e->nest = nest;
	if (!nest)
		return;
	e->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_GUARD_EVENT_A_MAC:
			decode_mac(a, e->mac);
			break;
		case GUESTLAN_GUARD_EVENT_A_REASON:
		case GUESTLAN_GUARD_EVENT_A_VID:
		case GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX:
		case GUESTLAN_GUARD_EVENT_A_SUPPRESSED:
			decode_uint(a, t, &e->present, &e->has, e->val);
			break;
		default:
			continue;
		}
		e->known |= BIT_ULL(t);
	}
	if (HAS(e, GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX))
		e->owner = ifname_of(e->val[GUESTLAN_GUARD_EVENT_A_OWNER_IFINDEX],
				     e->owner_buf);
}

static void decode_port(const struct nlattr *nest, struct gl_port *p)
{
	const struct nlattr *a, *name = NULL, *grant = NULL, *stats = NULL,
			    *guard = NULL, *vranges = NULL, *uranges = NULL;
	size_t n = 0;

	memset(p, 0, sizeof(*p));
	p->nest = nest;
	decode_grant(NULL, &p->grant);
	decode_stats(NULL, &p->stats);
	decode_mac_guard(NULL, &p->guard);
	if (!nest)
		return;
	p->known = BIT_ULL(0) | BIT_ULL(GUESTLAN_PORT_A_PAD);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_PORT_A_IFNAME:
			name = a;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_GRANT:
			grant = a;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_STATS:
			stats = a;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_MAC_GUARD:
			guard = a;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_VLAN:
			n++;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_VLAN_RANGES:
			vranges = a;
			p->present |= BIT_ULL(t) | BIT_ULL(GUESTLAN_PORT_A_VLAN);
			break;
		case GUESTLAN_PORT_A_UNTAGGED_RANGES:
			uranges = a;
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_REMOVED:
			p->present |= BIT_ULL(t);
			break;
		case GUESTLAN_PORT_A_IFINDEX:
		case GUESTLAN_PORT_A_OPER_UP:
		case GUESTLAN_PORT_A_PVID:
		case GUESTLAN_PORT_A_PROMISC_STATE:
		case GUESTLAN_PORT_A_PROMISC_PREV_STATE:
		case GUESTLAN_PORT_A_FLOODING:
		case GUESTLAN_PORT_A_MCAST_FLOODING:
		case GUESTLAN_PORT_A_RX_BCAST:
		case GUESTLAN_PORT_A_LEARNING:
		case GUESTLAN_PORT_A_LEARNING_TIMEOUT:
		case GUESTLAN_PORT_A_TAKEOVER_LEARNING:
		case GUESTLAN_PORT_A_TAKEOVER_SETVMAC:
		case GUESTLAN_PORT_A_BRIDGE_INVISIBLE:
		case GUESTLAN_PORT_A_MAX_LEARNED:
		case GUESTLAN_PORT_A_N_LEARNED:
		case GUESTLAN_PORT_A_ROLE:
		case GUESTLAN_PORT_A_BRIDGE_STATE:
		case GUESTLAN_PORT_A_PREV_BRIDGE_STATE:
		case GUESTLAN_PORT_A_REFLECT_PROMISC:
		case GUESTLAN_PORT_A_HOSTNOTIFY:
		case GUESTLAN_PORT_A_SAMPLE_RATE:
		case GUESTLAN_PORT_A_SAMPLE_GROUP:
		case GUESTLAN_PORT_A_SAMPLE_DIRECTION:
		case GUESTLAN_PORT_A_SAMPLE_TRUNC:
		case GUESTLAN_PORT_A_STACKED_TAGS:
		case GUESTLAN_PORT_A_UPLINK:
			decode_uint(a, t, &p->present, &p->has, p->val);
			break;
		default:
			continue;
		}
		p->known |= BIT_ULL(t);
	}
	p->ifname = attr_str(name);
	if (!p->ifname && HAS(p, GUESTLAN_PORT_A_IFINDEX))
		p->ifname = ifname_of(p->val[GUESTLAN_PORT_A_IFINDEX],
				      p->ifname_buf);
	decode_grant(grant, &p->grant);
	decode_stats(stats, &p->stats);
	decode_mac_guard(guard, &p->guard);
	if (vranges) {
		decode_port_vlans(p, vranges, uranges);
		return;
	}
	if (!n)
		return;
	p->vlans = calloc(n, sizeof(*p->vlans));
	if (!p->vlans)
		die("out of memory");
	mnl_attr_for_each_nested(a, nest) {
		bool ok;

		if (mnl_attr_get_type(a) != GUESTLAN_PORT_A_VLAN)
			continue;
		decode_vlan(a, &p->vlans[p->n_vlans], &ok);
		if (ok)
			p->n_vlans++;
	}
}

static void decode_fdb(const struct nlattr *nest, struct gl_fdb *f)
{
	const struct nlattr *a, *mac = NULL;

	memset(f, 0, sizeof(*f));
	f->nest = nest;
	if (!nest)
		return;
	f->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_FDB_A_MAC:
			mac = a;
			f->present |= BIT_ULL(t);
			break;
		case GUESTLAN_FDB_A_VID:
		case GUESTLAN_FDB_A_PORT_IFINDEX:
		case GUESTLAN_FDB_A_FLAGS:
		case GUESTLAN_FDB_A_AGE:
			decode_uint(a, t, &f->present, &f->has, f->val);
			break;
		default:
			continue;
		}
		f->known |= BIT_ULL(t);
	}
	decode_mac(mac, f->mac);
	if (HAS(f, GUESTLAN_FDB_A_PORT_IFINDEX))
		f->port = ifname_of(f->val[GUESTLAN_FDB_A_PORT_IFINDEX],
				    f->port_buf);
}

static void decode_mirror_source(const struct nlattr *nest,
				 struct gl_mirror_source *s)
{
	const struct nlattr *a;
	unsigned int t;

	memset(s, 0, sizeof(*s));
	s->nest = nest;
	s->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		switch (t) {
		case GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX:
		case GUESTLAN_MIRROR_SOURCE_A_DIRECTION:
		case GUESTLAN_MIRROR_SOURCE_A_ERSPAN_INDEX:
			decode_uint(a, t, &s->present, &s->has, s->val);
			break;
		default:
			continue;
		}
		s->known |= BIT_ULL(t);
	}
	t = GUESTLAN_MIRROR_SOURCE_A_PORT_IFINDEX;
	if (HAS(s, t))
		s->port = ifname_of(s->val[t], s->port_buf);
}

static void decode_mirror_erspan(const struct nlattr *nest,
				 struct gl_mirror_erspan *e)
{
	const struct nlattr *a;
	unsigned int t;

	e->nest = nest;
	e->known = BIT_ULL(0);
	mnl_attr_for_each_nested(a, nest) {
		t = mnl_attr_get_type(a);
		if (t < GUESTLAN_MIRROR_ERSPAN_A_VERSION ||
		    t > GUESTLAN_MIRROR_ERSPAN_A_TTL)
			continue;
		decode_uint(a, t, &e->present, &e->has, e->val);
		e->known |= BIT_ULL(t);
	}
}

/*
 * A mirror session.  Its VLANs come as range nests (the vlan set: vid,
 * vid-end) in replies; vid attributes, as in requests, are taken too.
 * Its destination is dest-ifindex (SPAN) or dest-vid (RSPAN).
 */
static void decode_mirror(const struct nlattr *nest, struct gl_mirror *mi)
{
	const struct nlattr *a, *stats = NULL;
	uint64_t v, end;
	size_t n = 0;

	memset(mi, 0, sizeof(*mi));
	mi->nest = nest;
	mi->all = true;
	decode_counters(NULL, &mi->stats, GUESTLAN_MIRROR_STATS_A_MAX);
	if (!nest)
		return;
	mi->known = BIT_ULL(0) | BIT_ULL(GUESTLAN_MIRROR_A_PAD);
	mnl_attr_for_each_nested(a, nest) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_MIRROR_A_SOURCE:
			n++;
			mi->present |= BIT_ULL(t);
			break;
		case GUESTLAN_MIRROR_A_STATS:
			stats = a;
			mi->present |= BIT_ULL(t);
			break;
		case GUESTLAN_MIRROR_A_ERSPAN:
			mi->present |= BIT_ULL(t);
			decode_mirror_erspan(a, &mi->erspan);
			break;
		case GUESTLAN_MIRROR_A_RANGE:
			mi->present |= BIT_ULL(t);
			if (!decode_vid_range(a, &v, &end))
				break;
			for (; v <= end && v < GL_N_VIDS; v++)
				mi->vids[v] = true;
			mi->all = false;
			break;
		case GUESTLAN_MIRROR_A_VID:
			mi->present |= BIT_ULL(t);
			if (attr_uint(a, &v) && v < GL_N_VIDS) {
				mi->vids[v] = true;
				mi->all = false;
			}
			break;
		case GUESTLAN_MIRROR_A_ID:
		case GUESTLAN_MIRROR_A_DEST_IFINDEX:
		case GUESTLAN_MIRROR_A_DEST_VID:
		case GUESTLAN_MIRROR_A_SNAPLEN:
		case GUESTLAN_MIRROR_A_SAMPLE_RATE:
		case GUESTLAN_MIRROR_A_ACTIVE:
			decode_uint(a, t, &mi->present, &mi->has, mi->val);
			break;
		default:
			continue;
		}
		mi->known |= BIT_ULL(t);
	}
	if (HAS(mi, GUESTLAN_MIRROR_A_DEST_IFINDEX))
		mi->dest = ifname_of(mi->val[GUESTLAN_MIRROR_A_DEST_IFINDEX],
				     mi->dest_buf);
	decode_counters(stats, &mi->stats, GUESTLAN_MIRROR_STATS_A_MAX);
	if (!n)
		return;
	mi->sources = calloc(n, sizeof(*mi->sources));
	if (!mi->sources)
		die("out of memory");
	mnl_attr_for_each_nested(a, nest)
		if (mnl_attr_get_type(a) == GUESTLAN_MIRROR_A_SOURCE)
			decode_mirror_source(a, &mi->sources[mi->n_sources++]);
}

bool model_decode(const struct nlmsghdr *nlh, struct gl_msg *m)
{
	const struct nlattr *a, *name = NULL, *stats = NULL, *port = NULL,
			    *fdb = NULL, *mirror = NULL, *guard_event = NULL;

	memset(m, 0, sizeof(*m));
	m->nlh = nlh;
	if (!genl_ok(nlh))
		return false;
	m->cmd = ((const struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd;
	m->known = BIT_ULL(0) | BIT_ULL(GUESTLAN_A_PAD);
	mnl_attr_for_each(a, nlh, GENL_HDRLEN) {
		unsigned int t = mnl_attr_get_type(a);

		switch (t) {
		case GUESTLAN_A_IFNAME:
			name = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_STATS:
			stats = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_PORT:
			port = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_FDB:
			fdb = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_MIRROR:
			mirror = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_FLUSH_STATIC:	/* requests only */
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_PORT_TEMPLATE:
			m->tmpl = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_GUARD_EVENT:
			guard_event = a;
			m->present |= BIT_ULL(t);
			break;
		case GUESTLAN_A_IFINDEX:
		case GUESTLAN_A_AGEING_TIME:
		case GUESTLAN_A_MAX_LEARNED:
		case GUESTLAN_A_FDB_COUNT:
		case GUESTLAN_A_FDB_LEARNED:
		case GUESTLAN_A_N_PORTS:
		case GUESTLAN_A_UNKNOWN_UNICAST:
		case GUESTLAN_A_MAC_MOVES:
		case GUESTLAN_A_HOST_TRACE:
		case GUESTLAN_A_HOST_EVENT:
			decode_uint(a, t, &m->present, &m->has, m->val);
			break;
		default:
			continue;
		}
		m->known |= BIT_ULL(t);
	}
	m->ifname = attr_str(name);
	if (HAS(m, GUESTLAN_A_IFINDEX))
		m->sw = ifname_of(m->val[GUESTLAN_A_IFINDEX], m->sw_buf);
	decode_stats(stats, &m->stats);
	decode_port(port, &m->port);
	decode_fdb(fdb, &m->fdb);
	decode_mirror(mirror, &m->mirror);
	decode_guard_event(guard_event, &m->guard_event);
	decode_mac_guard(NULL, &m->tmpl_guard);
	if (m->tmpl) {
		m->tmpl_known = BIT_ULL(0);
		mnl_attr_for_each_nested(a, m->tmpl)
			if (mnl_attr_get_type(a) == GUESTLAN_PORT_A_MAC_GUARD) {
				decode_mac_guard(a, &m->tmpl_guard);
				m->tmpl_known |= BIT_ULL(GUESTLAN_PORT_A_MAC_GUARD);
			}
	}
	return true;
}

void model_free(struct gl_msg *m)
{
	free(m->port.vlans);
	m->port.vlans = NULL;
	m->port.n_vlans = 0;
	free(m->mirror.sources);
	m->mirror.sources = NULL;
	m->mirror.n_sources = 0;
}
