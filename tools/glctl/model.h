/* SPDX-License-Identifier: GPL-2.0 */
/*
 * glctl's model of the guestlan objects: the structs an answer or an event
 * is decoded into (like wireguard-tools' struct wgdevice), so that the
 * printers of switch.c, port.c, fdb.c, vlan.c, grant.c, mirror.c and
 * monitor.c read fields, not attributes.
 *
 * Scalars are kept by their uapi attribute number (val[GUESTLAN_*_A_X]),
 * with a bit in @has when the attribute was there with a number and in
 * @present when it was there at all; the tables of the objects (switch
 * attributes, port options, stats) print them without a field each.
 * @known are the attribute types decoded: the printers show any other one
 * generically (an attribute of a newer module or header), see json.h.
 */
#ifndef GLCTL_MODEL_H
#define GLCTL_MODEL_H

#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>

#include <linux/guestlan_netlink.h>

struct nlattr;
struct nlmsghdr;

#define GL_N_VIDS	4096

/*
 * Counters of a switch or port (GUESTLAN_A_STATS, GUESTLAN_PORT_A_STATS),
 * or of a mirror session (GUESTLAN_MIRROR_A_STATS, a smaller set).
 */
struct gl_stats {
	const struct nlattr *nest;	/* NULL: absent */
	uint64_t has, known;
	uint64_t val[GUESTLAN_STATS_A_MAX + 1];
};

/* A GUESTLAN_PORT_A_VLAN nest: VIDs vid..end. */
struct gl_vlan {
	const struct nlattr *nest;
	uint64_t known;
	uint64_t vid, end;
	bool pvid, untagged;
};

/* A promiscuous grant (GUESTLAN_PORT_A_GRANT). */
struct gl_grant {
	const struct nlattr *nest;	/* NULL: no grant */
	uint64_t known;
	bool all;			/* no VIDs: every VLAN of the port */
	bool vids[GL_N_VIDS];
	bool has_uid, has_gid;
	uint64_t uid, gid;
};

/*
 * A MAC guard (GUESTLAN_PORT_A_MAC_GUARD): its MACs as text, the listed
 * and the sticky ones apart, and the number of sticky MACs it allows.
 */
struct gl_mac_guard {
	const struct nlattr *nest;	/* NULL: no guard */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_MAC_GUARD_A_MAX + 1];
	char macs[GUESTLAN_MAC_GUARD_MAX][18];
	size_t n_macs;
	char sticky_macs[GUESTLAN_MAC_GUARD_MAX][18];
	size_t n_sticky_macs;
};

/* What a guard refused (GUESTLAN_A_GUARD_EVENT, in guard-ntf). */
struct gl_guard_event {
	const struct nlattr *nest;	/* NULL: none */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_GUARD_EVENT_A_MAX + 1];
	char mac[18];			/* "" if absent */
	const char *owner;		/* name of OWNER_IFINDEX, or NULL */
	char owner_buf[IF_NAMESIZE];
};

struct gl_port {
	const struct nlattr *nest;	/* NULL: no port in the message */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_PORT_A_MAX + 1];
	const char *ifname;		/* attribute, else from the ifindex */
	char ifname_buf[IF_NAMESIZE];
	struct gl_vlan *vlans;
	size_t n_vlans;
	struct gl_grant grant;
	struct gl_stats stats;
	struct gl_mac_guard guard;
};

struct gl_fdb {
	const struct nlattr *nest;	/* NULL: no FDB entry */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_FDB_A_MAX + 1];
	char mac[18];			/* "" if absent or malformed */
	const char *port;		/* name of PORT_IFINDEX, or NULL */
	char port_buf[IF_NAMESIZE];
};

/* A source of a mirror session (GUESTLAN_MIRROR_A_SOURCE). */
struct gl_mirror_source {
	const struct nlattr *nest;
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_MIRROR_SOURCE_A_MAX + 1];
	const char *port;		/* name of PORT_IFINDEX, or NULL */
	char port_buf[IF_NAMESIZE];
};

/* An ERSPAN session's tunnel (GUESTLAN_MIRROR_A_ERSPAN). */
struct gl_mirror_erspan {
	const struct nlattr *nest;	/* NULL: not an ERSPAN session */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_MIRROR_ERSPAN_A_MAX + 1];
};

/*
 * A mirror session (GUESTLAN_A_MIRROR): its VLANs from the range nests
 * (or vid attributes) like a grant's, its counters in @stats (the
 * mirror-stats set, by GUESTLAN_MIRROR_STATS_A_*).  Its destination is a
 * port (DEST_IFINDEX, @dest) or, RSPAN, a VLAN (val[DEST_VID]).
 */
struct gl_mirror {
	const struct nlattr *nest;	/* NULL: no session in the message */
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_MIRROR_A_MAX + 1];
	const char *dest;		/* name of DEST_IFINDEX, or NULL */
	char dest_buf[IF_NAMESIZE];
	struct gl_mirror_source *sources;
	size_t n_sources;
	struct gl_mirror_erspan erspan;
	bool all;			/* no VLANs: every VLAN */
	bool vids[GL_N_VIDS];
	struct gl_stats stats;
};

/*
 * A guestlan message: a switch (switch-get, switch-ntf), or the switch
 * and one port (port-get, vlan show, promisc/bridgeport/host-ntf), one
 * FDB entry (fdb-get, host-ntf) or one mirror session (mirror-get).
 */
struct gl_msg {
	const struct nlmsghdr *nlh;
	uint8_t cmd;
	uint64_t present, has, known;
	uint64_t val[GUESTLAN_A_MAX + 1];
	const char *ifname;		/* GUESTLAN_A_IFNAME */
	const char *sw;			/* name of GUESTLAN_A_IFINDEX, or NULL */
	char sw_buf[IF_NAMESIZE];
	struct gl_stats stats;
	struct gl_port port;
	struct gl_fdb fdb;
	struct gl_mirror mirror;
	/* port-template: only its mac-guard (in @tmpl_guard) is known */
	const struct nlattr *tmpl;
	uint64_t tmpl_known;
	struct gl_mac_guard tmpl_guard;
	struct gl_guard_event guard_event;
};

#define HAS(obj, attr)		(((obj)->has & BIT_ULL(attr)) != 0)
#define PRESENT(obj, attr)	(((obj)->present & BIT_ULL(attr)) != 0)

/* Decode @nlh into @m (false: not a genl message); model_free() after. */
bool model_decode(const struct nlmsghdr *nlh, struct gl_msg *m);
void model_free(struct gl_msg *m);

/* An enum value as its name; a newer value as its number. */
const char *enum_str(const char *const *names, size_t n, uint64_t v,
		     char *buf, size_t len);
#define ENUM_STR(names, v, buf)	enum_str(names, ARRAY_SIZE(names), v, \
					 buf, sizeof(buf))

#endif /* GLCTL_MODEL_H */
