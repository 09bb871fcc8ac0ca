/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guestlan: a software Guest LAN.
 *
 * A switch is a net_device (struct gl_switch is its private area).  Its
 * ports are other Ethernet net_devices with our rx_handler installed; the
 * switch device itself is the host's port onto the LAN (struct
 * gl_switch.host).
 */

/**
 * DOC: Locking and lifetime
 *
 * Three contexts touch a switch: the datapath (rx_handler of a port, or the
 * switch device's ndo_start_xmit) runs under RCU with BHs off and takes no
 * lock but, to create, move or delete an FDB entry, @gl_switch.fdb_lock;
 * the control path (rtnetlink, genetlink handlers, the netdevice notifier,
 * /dev/guestlan, the promisc poller) runs under RTNL; three work items run
 * in process context.
 *
 * Written under RTNL, read under RCU: the port list @gl_switch.ports, the
 * granted list @gl_switch.granted, @gl_port.grant (rtnl_dereference() /
 * rcu_dereference()), @gl_switch.active_bp, a port's VLAN bitmaps, PVID,
 * VNIC characteristics, role and reflect_promisc (WRITE_ONCE/READ_ONCE).
 * @gl_switch.grant_vlans (grown before a grant or membership that needs
 * it is published, shrunk after one is withdrawn: always a superset).
 * Mirror sessions (@gl_switch.mirrors, @gl_mirror.dest) likewise, a
 * port's @gl_port.mirror_rx, mirror_tx and mirror_dest (WRITE_ONCE), and
 * @gl_switch.rspan_vlans (set_bit()/clear_bit()).
 * @gl_port.promisc_req (WRITE_ONCE under RTNL, cleared with the grant).
 * A port joins @gl_switch.granted with its first grant and leaves it only
 * when it dies: readers filter by grant, and a revoke and grant never
 * re-add an entry that a reader may still be walking.
 * RTNL only: @gl_port.promisc_state, @gl_port.grant_listed,
 * @gl_switch.reflect_budget, @gl_port.reflect_deferred,
 * @gl_port.reflect_blocked, n_ports, n_hostnotify, port create/delete and
 * @gl_ports_gen (a generation for port dumps).  gl_promisc_kick() (RTNL)
 * re-arms the poller.
 *
 * Under @gl_switch.fdb_lock (a BH spinlock): inserting into and removing
 * from the rhashtable and @gl_switch.fdb_list, @gl_switch.fdb_count and
 * @gl_switch.fdb_gen (WRITE_ONCE, read locklessly; fdb_gen is the FDB
 * dump's generation), a move of an entry to another port, the hostnotify
 * ring, @gl_fdb.moved (the move hold-down).  Lookups and refreshes
 * (@gl_fdb.updated) are lockless; a learner checks the port's VLAN
 * membership again under the lock before it inserts or moves, so that
 * gl_vlan_del() need not wait for readers.  Functions that need it say
 * so with lockdep_assert_held().  Walks that delete (flush, ageing:
 * gl_fdb_walk_del()) take it per entry, never for the whole table, and
 * sleep between batches: they run in process context only.
 *
 * Nesting: RTNL -> netif_addr_lock (the unicast filter's sync, which adds
 * LOCAL entries) -> fdb_lock.  Nothing takes RTNL or the address lock
 * under fdb_lock; the datapath never takes RTNL.
 *
 * Per user namespace (userns.c): the list of @gl_uns under RTNL, their
 * learned counts atomic.  A switch holds its creator's memory cgroup
 * (@gl_switch.memcg) from ndo_init to ndo_uninit: learning charges it.
 *
 * Work items: gc_work (FDB ageing: fdb_lock per entry, no RTNL);
 * promisc_work (the poller: rtnl_trylock(), retried, so that it never
 * waits on RTNL while the switch is torn down under it; idle without
 * ports); hn_work (hostnotify: drains the ring under fdb_lock, sends under
 * RCU, GFP_ATOMIC, batched; @gl_switch.hn_lost is its own).  A port's
 * initial hostnotify list is sent under RTNL from a snapshot, GFP_KERNEL.  All three
 * are cancelled synchronously in ndo_uninit, after the last port left.
 *
 * Lifetime.  An FDB entry is unlinked under fdb_lock and freed after a
 * grace period (call_rcu + kmem_cache_free; module exit waits with
 * rcu_barrier() before it destroys the cache).  Its delete bumps fdb_gen
 * before the call_rcu(): the datapath's per-CPU destination hint (an
 * entry pointer kept across RCU sections, gl_fdb_lookup_dst()) is used
 * only in the tick and generation it was made in, so never after the
 * entry's grace period.  The learning hint is a value, no pointer.  A
 * grant is replaced as a whole under RTNL and the old one freed after a
 * grace period.  A port dies under RTNL (gl_port_del(): unlinked from the
 * lists, rx_handler unregistered -- which waits for the rx path --, its FDB
 * entries flushed) and is freed by call_rcu, dropping its device reference
 * there; it leaves its mirror sessions first (gl_mirror_port_del()), which
 * are freed by call_rcu when deleted or with their switch.  A
 * port's sampling setting (@gl_port.sample) is replaced as a whole under RTNL
 * and the old one, with its per-CPU countdowns, freed by call_rcu.  So is
 * a port's MAC guard (@gl_port.guard, kfree_rcu), whose sticky MACs the
 * datapath appends under fdb_lock (guard.c); @gl_switch.guard_map, which
 * port's guard lists a MAC, changes under RTNL and fdb_lock: rebuilt
 * (kvfree_rcu) when a guard lists more, its slots cleared in place when
 * one lists less, so that removing a guard, as gl_port_del() does after
 * unregistering the rx_handler, never fails.  A switch
 * dies by unregistering its device: dellink removes every port first,
 * ndo_uninit then stops the work items and frees the FDB.
 */
#ifndef _GUESTLAN_H
#define _GUESTLAN_H

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/ratelimit.h>
#include <linux/rhashtable.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/guestlan.h>

struct gl_uns;
struct mem_cgroup;
struct metadata_dst;
struct psample_group;

#define GL_DEFAULT_AGEING	300		/* seconds */
#define GL_DEFAULT_MAX_LEARNED	65536
/*
 * A port's own cap, so that no single guest can fill the FDB (CAM overflow:
 * once the table is full, unicast between guests that arrive later is
 * flooded to everyone, the attacker included).  1/16 of the switch's table:
 * it takes 16 ports at their cap to fill it, and 4096 is still far more
 * than a guest's own MACs (one, or some hundreds of containers).  A port
 * with a LAN behind it (a bridge-port uplink) may need it raised.
 */
#define GL_DEFAULT_PORT_MAX_LEARNED	(GL_DEFAULT_MAX_LEARNED / 16)
#define GL_DEFAULT_PVID		1
/*
 * A switch in a user namespace (userns.c): its limits cannot be lifted,
 * and all the switches of the namespace share this many learned entries.
 */
#define GL_USERNS_MAX_AGEING	1000		/* seconds */
#define GL_USERNS_MAX_LEARNED	(4 * GL_DEFAULT_MAX_LEARNED)

/*
 * Why a frame was dropped; each has a per-port counter.  Every frame that
 * enters on a port is counted in its rx_packets and then either in its
 * rx_accepted or in one of the ingress drops (runt, bad_src, vlan, loop,
 * down, filter, forged, stacked, the guards').  MTU and NOMEM count on
 * the egress port: one per
 * recipient that did not get its copy.
 */
enum gl_drop {
	GL_DROP_RUNT,		/* shorter than an Ethernet header */
	GL_DROP_BAD_SRC,	/* zero or multicast source MAC */
	GL_DROP_VLAN,		/* bad tag, or VLAN not allowed on the port */
	GL_DROP_LOOP,		/* known unicast back to its ingress port */
	GL_DROP_DOWN,		/* switch or destination port down */
	GL_DROP_MTU,		/* too big for the egress port */
	GL_DROP_NOMEM,		/* no memory for the frame or a clone */
	GL_DROP_FILTER,		/* bridge_invisible, no active bridge port */
	GL_DROP_FORGED,		/* source MAC static or local on another port */
	GL_DROP_STACKED,	/* a second VLAN tag, from a port without stacked_tags */
	GL_DROP_MAC_GUARD,	/* a source MAC the port's guard does not allow */
	GL_DROP_ARP_GUARD,	/* an ARP sender the guard does not allow */
	GL_DROP_ND_GUARD,	/* an ND link-layer address ditto, evasive IPv6 */
	GL_DROP_MAX,
};

struct gl_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t rx_accepted;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t flooded;
	u64_stats_t learn_refused;
	u64_stats_t learn_dampened;
	u64_stats_t promisc_tx;
	u64_stats_t sampled;
	u64_stats_t drops[GL_DROP_MAX];
	struct u64_stats_sync syncp;
	/*
	 * Not a counter: the source this CPU last found learned on the port
	 * (fdb.c, gl_fdb_learn()), the tick it refreshed it in and the FDB
	 * generation it saw before the lookup.  A value, never a pointer:
	 * nothing to keep alive.
	 */
	struct {
		u64		key;
		unsigned long	when;
		unsigned int	gen;
	} learned;
	/*
	 * Not a counter either: the destination this CPU last looked up for
	 * a frame from the port, the entry it found (NULL: none), the tick
	 * and the FDB generation read before the lookup (gl_fdb_lookup_dst()).
	 */
	struct {
		u64		key;
		unsigned long	when;
		unsigned int	gen;
		struct gl_fdb	*fdb;
	} dst;
};

/* A consistent sum of the per-CPU counters */
struct gl_stats {
	u64 rx_packets, rx_bytes, rx_accepted, tx_packets, tx_bytes, flooded;
	u64 learn_refused, learn_dampened, promisc_tx, promisc_denied, sampled;
	u64 drops[GL_DROP_MAX];
};

static inline void gl_stats_add(struct gl_stats *sum, const struct gl_stats *s)
{
	int i;

	sum->rx_packets += s->rx_packets;
	sum->rx_bytes += s->rx_bytes;
	sum->rx_accepted += s->rx_accepted;
	sum->tx_packets += s->tx_packets;
	sum->tx_bytes += s->tx_bytes;
	sum->flooded += s->flooded;
	sum->learn_refused += s->learn_refused;
	sum->learn_dampened += s->learn_dampened;
	sum->promisc_tx += s->promisc_tx;
	sum->promisc_denied += s->promisc_denied;
	sum->sampled += s->sampled;
	for (i = 0; i < GL_DROP_MAX; i++)
		sum->drops[i] += s->drops[i];
}

/*
 * A promiscuous grant (z/VM: SET VSWITCH ... GRANT ... PROMISCUOUS).  It is
 * replaced as a whole, never changed in place.
 */
struct gl_grant {
	bool			all_vlans;	/* every VLAN of the port */
	bool			has_uid, has_gid;
	kuid_t			uid;		/* may toggle via /dev/guestlan */
	kgid_t			gid;
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	struct rcu_head		rcu;
};

/* VNIC characteristics (s390 qeth vnicc/); written under RTNL */
struct gl_vnicc {
	bool	flooding;
	bool	mcast_flooding;
	bool	rx_bcast;
	bool	learning;
	bool	takeover_learning;
	bool	takeover_setvmac;
	bool	bridge_invisible;
	u32	learning_timeout;	/* seconds, 0: the switch's ageing */
};

extern const struct gl_vnicc gl_vnicc_default;

struct gl_switch;
struct gl_fdb;
struct gl_guard_map;

/*
 * A port's MAC guard (guard.c): the MACs it may send from, the
 * administrator's (@n_listed) then sticky ones, @max in all.  Replaced as
 * a whole under RTNL; sticky MACs are appended under fdb_lock, each
 * written before @n covers it (smp_store_release(), read with
 * smp_load_acquire()), never changed after.
 */
struct gl_guard {
	u8			n;
	u8			n_listed;
	u8			max;
	bool			template;	/* the switch's port-template */
	struct rcu_head		rcu;
	/* the switch's claims with these listed MACs (gl_guard_prepare()) */
	struct gl_guard_map	*claims;
	u8			macs[GUESTLAN_MAC_GUARD_MAX][ETH_ALEN] __aligned(2);
};

struct gl_port {
	struct list_head	list;		/* in sw->ports, RCU */
	struct gl_switch	*sw;
	struct net_device	*dev;
	netdevice_tracker	dev_tracker;
	struct gl_pcpu_stats __percpu *stats;
	u16			pvid;		/* VLAN of untagged ingress */
	bool			stacked_tags;	/* may send frames with two tags */
	bool			uplink;		/* marked uplink: yields its MACs */
	bool			tunnel;		/* a tunnel device: yields too */
	/* VLAN membership and egress untagging; set_bit() under RTNL */
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	DECLARE_BITMAP(untagged, VLAN_N_VID);

	struct gl_grant __rcu	*grant;
	struct list_head	grant_list;	/* in sw->granted once granted */
	bool			grant_listed;	/* on sw->granted, RTNL */
	/* the request of GUESTLAN_IOC_SET_PROMISC, the module's own bit */
	bool			promisc_req;
	u8			promisc_state;	/* last announced, RTNL */
	atomic_long_t		promisc_denied;
	struct ratelimit_state	promisc_rs;	/* owners' /dev/guestlan toggles */

	struct gl_vnicc		vnicc;
	u32			max_learned;	/* 0: no per-port limit */
	atomic_t		n_learned;
	u8			role;		/* enum guestlan_bridge_role */
	u8			bridge_state;	/* enum guestlan_bridge_state */
	u8			reflect_promisc; /* a role, or NONE */
	bool			reflect_blocked; /* its role was refused, RTNL */
	bool			reflect_deferred; /* put off by the budget, RTNL */
	bool			hostnotify;
	/* mirror sessions (bit id - 1) copying its rx, its tx; RTNL */
	u16			mirror_rx, mirror_tx;
	u8			mirror_dest;	/* sessions sending to it (+1: an external erspan port), RTNL */
	struct gl_sample __rcu	*sample;	/* sFlow sampling, sample.c */
	struct gl_guard __rcu	*guard;		/* MAC guard, guard.c */
	struct ratelimit_state	guard_rs;	/* its events */
	atomic_t		guard_missed;	/* events not sent since the last */
	struct rcu_head		rcu;
};

/* sample.c: 1-in-rate sampling of a port's frames to a psample group */
struct gl_sample {
	struct psample_group	*group;
	u32			group_num;
	u32			rate;		/* > 0 */
	u32			trunc;		/* 0: whole frames */
	u8			dir;		/* enum guestlan_mirror_direction */
	u32 __percpu		*skip;		/* frames to this CPU's next sample */
	struct rcu_head		rcu;
};

/* mirror.c: a mirror session (SPAN) */
struct gl_mirror_pcpu {
	u64_stats_t		mirrored;
	u64_stats_t		truncated;
	u64_stats_t		dropped;
	struct u64_stats_sync	syncp;
	u32			skip;		/* frames before the next sample */
};

struct gl_mirror {
	struct rcu_head		rcu;
	u32			id;		/* 1..GUESTLAN_MIRROR_MAX */
	struct gl_port __rcu	*dest;		/* NULL: gone, inactive */
	int			dest_ifindex;	/* for replies, also once gone */
	u16			dest_vid;	/* RSPAN: the VLAN, instead of dest */
	u32			snaplen;	/* 0: whole frames */
	u32			sample_rate;	/* 0, 1: every frame */
	bool			all_vlans;
	DECLARE_BITMAP(vlans, VLAN_N_VID);
	struct gl_mirror_pcpu __percpu *stats;
	/* ERSPAN: the tunnel of every copy; version 0 - not ERSPAN */
	struct gl_mirror_erspan {
		u8		version;	/* 1 or 2 */
		u8		ttl;
		u16		session_id;
		__be32		remote, local;
	} erspan;
	/*
	 * The sources, in fixed slots: a port that goes away leaves a NULL
	 * (WRITE_ONCE under RTNL; the datapath reads ports with READ_ONCE
	 * to find an ERSPAN copy's header, @md, which lives as long as @m).
	 */
	unsigned int		n_src;
	struct gl_mirror_src {
		struct gl_port	*port;
		u8		dir;		/* enum guestlan_mirror_direction */
		/* ERSPAN: the copy's tunnel metadata; v2 [ingress, egress] */
		struct metadata_dst *md[2];
	} src[];
};

/* hostnotify events waiting to be sent; under fdb_lock */
#define GL_HN_RING	256
struct gl_hn_event {
	u8	addr[ETH_ALEN];
	u16	vid;
	int	ifindex;		/* port the MAC is on */
	u8	event;			/* enum guestlan_host_event */
};

struct gl_switch {
	struct net_device	*dev;
	struct list_head	ports;		/* RTNL writers, RCU readers */
	/* ports that have had a grant (and may have one), ditto */
	struct list_head	granted;
	/*
	 * A superset of the VLANs in which a granted port is a member and
	 * its grant applies (promisc.c: gl_grant_vlans_sync()): a frame of
	 * another VLAN needs no walk of @granted.  RTNL writers.
	 */
	DECLARE_BITMAP(grant_vlans, VLAN_N_VID);
	unsigned int		n_ports;
	struct gl_port		host;		/* the switch device's own port */

	struct rhashtable	fdb;
	struct hlist_head	fdb_list;	/* every entry, for walks */
	spinlock_t		fdb_lock;	/* FDB writers */
	unsigned int		fdb_count;	/* fdb_lock; WRITE_ONCE for readers */
	unsigned int		fdb_gen;	/* ditto: + 1 per insert, delete, move */
	atomic_t		fdb_learned;	/* dynamic entries */
	u32			max_learned;	/* 0: no limit */
	u32			ageing_time;	/* seconds */
	struct mem_cgroup	*memcg;		/* the creator's: learning's charges */
	struct gl_uns		*uns;		/* NULL: created in init_user_ns */
	struct delayed_work	gc_work;
	struct delayed_work	promisc_work;	/* follows the ports' flags */
	/* reflect_promisc role changes left until the next poll, RTNL */
	u8			reflect_budget;
	struct ratelimit_state	reflect_rs;	/* its log lines */

	struct gl_port __rcu	*active_bp;	/* active bridge port */
	u8			unknown_unicast;
	u8			mac_moves;	/* enum guestlan_mac_moves */
	u8			host_trace;	/* enum guestlan_host_trace */
	u8			tmpl_sticky;	/* new ports' sticky MACs, RTNL */
	/* which port's guard lists a MAC (guard.c); RTNL and fdb_lock */
	struct gl_guard_map __rcu *guard_map;
	struct ratelimit_state	guard_rs;	/* the switch's guard events */
	/* the host's unicast filter failed to sync; under the addr lock */
	bool			uc_unsynced;

	struct gl_mirror __rcu	*mirrors[GUESTLAN_MIRROR_MAX];	/* by id - 1 */
	/* RSPAN VLANs, which carry mirror copies only; RTNL writers */
	DECLARE_BITMAP(rspan_vlans, VLAN_N_VID);

	unsigned int		n_hostnotify;	/* ports with hostnotify, RTNL */
	bool			hn_on;		/* n_hostnotify != 0, fdb_lock */
	bool			hn_overflow;	/* under fdb_lock */
	bool			hn_lost;	/* a delivery failed, hn_work's */
	unsigned int		hn_count;	/* under fdb_lock */
	struct gl_hn_event	hn_ring[GL_HN_RING];
	struct gl_hn_event	hn_out[GL_HN_RING];	/* hn_work's */
	struct work_struct	hn_work;
};

static inline bool gl_port_is_host(const struct gl_port *p)
{
	return p == &p->sw->host;
}

/*
 * Does @p take what arrives from beyond this host: a port with a
 * bridge-port role, a tunnel device, a port marked uplink, or the host
 * port (what the host bridges in)?  RCU or RTNL.
 */
static inline bool gl_port_uplink_type(const struct gl_port *p)
{
	return READ_ONCE(p->uplink) || p->tunnel ||
	       READ_ONCE(p->role) != GUESTLAN_BRIDGE_ROLE_NONE ||
	       gl_port_is_host(p);
}

/* device.c */
extern struct rtnl_link_ops gl_link_ops;
bool netif_is_guestlan(const struct net_device *dev);
int gl_uc_vlan_add(struct gl_switch *sw, u16 vid);
void gl_stats_read(const struct gl_port *p, struct gl_stats *s);

/* port.c */
int gl_port_add(struct gl_switch *sw, struct net_device *dev,
		struct netlink_ext_ack *extack);
void gl_port_del(struct gl_port *p);
int gl_port_init(struct gl_switch *sw, struct gl_port *p,
		 struct net_device *dev);
void gl_port_uninit(struct gl_port *p);
struct gl_port *gl_port_get_rtnl(const struct net_device *dev);
extern unsigned int gl_ports_gen;	/* RTNL; WRITE_ONCE */
extern struct notifier_block gl_netdev_notifier;
int gl_vlan_add(struct gl_port *p, u16 vid, bool pvid, bool untagged);
int gl_vlan_del(struct gl_port *p, u16 vid);

/* bridgeport.c */
void gl_bp_elect(struct gl_switch *sw);
int gl_port_set_role(struct gl_port *p, u8 role, struct netlink_ext_ack *extack);
bool gl_vnicc_is_default(const struct gl_vnicc *v);
int gl_vnicc_role_check(const struct gl_port *p, u8 role,
			const struct gl_vnicc *v, struct netlink_ext_ack *extack);
void gl_vnicc_set(struct gl_port *p, const struct gl_vnicc *v);

/* hostnotify.c */
void gl_hn_queue(struct gl_switch *sw, const struct gl_fdb *f, u8 event);
void gl_hn_set(struct gl_port *p, bool on);
void gl_hn_init(struct gl_switch *sw);
void gl_hn_uninit(struct gl_switch *sw);

/* sample.c */
#define GL_SAMPLE_TRUNC_DEFAULT	128
struct gl_sample *gl_sample_new(struct gl_port *p, u32 rate, u32 group,
				u8 dir, u32 trunc,
				struct netlink_ext_ack *extack);
void gl_sample_free(struct gl_sample *s);
void gl_sample_replace(struct gl_port *p, struct gl_sample *s);
void gl_sample_clear(struct gl_port *p);
void __gl_sample(struct gl_port *p, struct sk_buff *skb, int iif, int oif);

/* mirror.c */
struct gl_mirror *gl_mirror_alloc(unsigned int n_src);
void gl_mirror_free(struct gl_mirror *m);
bool gl_mirror_erspan_dev(const struct net_device *dev);
int gl_mirror_erspan_init(struct gl_mirror *m);
u32 gl_mirror_erspan_index(const struct gl_mirror *m, unsigned int slot);
int gl_mirror_dest_check(const struct gl_port *p, const struct nlattr *attr,
			 struct netlink_ext_ack *extack);
int gl_mirror_erspan_check(const struct gl_mirror *m, const struct nlattr *a,
			   struct netlink_ext_ack *extack);
int gl_mirror_src_check(const struct gl_mirror *m, const struct gl_port *p,
			const struct gl_port *dest, const struct nlattr *attr,
			struct netlink_ext_ack *extack);
int gl_port_check_not_mirror_dest(const struct gl_port *p,
				  const struct nlattr *attr,
				  struct netlink_ext_ack *extack);
void gl_mirror_add(struct gl_switch *sw, struct gl_mirror *m);
void gl_mirror_del(struct gl_switch *sw, struct gl_mirror *m);
void gl_mirror_port_del(struct gl_port *p);
void gl_mirror_uninit(struct gl_switch *sw);
void gl_mirror_stats_read(const struct gl_mirror *m, u64 *mirrored,
			  u64 *truncated, u64 *dropped);

/* promisc.c */
void gl_grant_set(struct gl_port *p, struct gl_grant *g);
void gl_grant_unlist(struct gl_port *p);
void gl_grant_vlans_sync(struct gl_switch *sw);
void gl_promisc_update(struct gl_port *p);
void gl_promisc_init(struct gl_switch *sw);
void gl_promisc_kick(struct gl_switch *sw);
bool gl_grant_owned_by_current(const struct gl_grant *g);
void gl_promisc_uninit(struct gl_switch *sw);
int gl_promisc_dev_init(void);
void gl_promisc_dev_exit(void);

/* guard.c */
bool gl_guard_has(const struct gl_guard *g, const u8 *addr);
bool gl_guard_lists(const struct gl_guard *g, const u8 *addr);
struct gl_port *gl_guard_claimed(struct gl_switch *sw, const struct gl_port *p,
				 const u8 *addr);
bool gl_guard_check(struct gl_port *p, struct gl_guard *g,
		    struct sk_buff *skb, u16 vid);
void gl_guard_event(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		    const struct gl_port *owner);
struct gl_guard *gl_guard_new(const u8 *macs, unsigned int n,
			      unsigned int sticky);
int gl_guard_prepare(struct gl_port *p, struct gl_guard *g,
		     struct netlink_ext_ack *extack);
void gl_guard_free(struct gl_guard *g);
void gl_guard_set(struct gl_port *p, struct gl_guard *g);
void gl_guard_port_init(struct gl_port *p);
int gl_guard_template(struct gl_port *p);
void gl_guard_switch_init(struct gl_switch *sw);
void gl_guard_switch_uninit(struct gl_switch *sw);

/*
 * Does the MAC guard of @p (if any) list @addr?  Only the administrator's
 * MACs claim one: a sticky MAC is the port's by ownership.  RCU or RTNL.
 */
static inline bool gl_port_guard_lists(const struct gl_port *p,
					const u8 *addr)
{
	const struct gl_guard *g = rcu_dereference_rtnl(p->guard);

	return g && gl_guard_lists(g, addr);
}

/* forward.c: the rx_handler of every port */
rx_handler_result_t gl_handle_frame(struct sk_buff **pskb);

/* Is @dev a port of some guestlan switch?  RCU or RTNL */
static inline bool gl_dev_is_port(const struct net_device *dev)
{
	return rcu_access_pointer(dev->rx_handler) == gl_handle_frame;
}

/*
 * The guest's own interface behind port @p: the other end of a veth (or any
 * device with ndo_get_peer_dev), in whatever netns it lives, unless that
 * end is itself a port of a switch -- then it belongs to no guest.  RCU.
 */
static inline struct net_device *gl_port_guest_dev(const struct gl_port *p)
{
	const struct net_device_ops *ops = p->dev->netdev_ops;
	struct net_device *peer;

	if (!ops->ndo_get_peer_dev)
		return NULL;
	peer = ops->ndo_get_peer_dev(p->dev);
	if (!peer || gl_dev_is_port(peer))
		return NULL;
	return peer;
}

/*
 * Does the guest behind @p ask for promiscuous mode?  It does when
 * - it asked through /dev/guestlan (@gl_port.promisc_req: the guest on its
 *   own interface, its owner or agent on the port; dropped with the grant);
 * - the port device's user flag is set (dev->gflags: ip link set PORT
 *   promisc on, SIOCSIFFLAGS): the admin asking on the guest's behalf --
 *   the switch's own promiscuity on its ports and a host tcpdump on the
 *   port only raise dev->promiscuity;
 * - or the guest's own interface (gl_port_guest_dev()) is promiscuous in
 *   any way (IFF_PROMISC: its user flag, libpcap's membership of a plain
 *   tcpdump -i eth0, a master in the guest), as the s390 qeth driver
 *   turns any IFF_PROMISC of the guest's NIC into its request to z/VM.
 * RCU.
 */
static inline bool gl_port_asks(const struct gl_port *p)
{
	const struct net_device *guest;

	if (READ_ONCE(p->promisc_req) ||
	    (READ_ONCE(p->dev->gflags) & IFF_PROMISC))
		return true;
	guest = gl_port_guest_dev(p);
	return guest && (READ_ONCE(guest->flags) & IFF_PROMISC);
}

/* Does grant @g (NULL: none) apply to frames of @vid? */
static inline bool gl_grant_covers(const struct gl_grant *g, u16 vid)
{
	return g && (g->all_vlans || test_bit(vid, g->vlans));
}

/* Does active promiscuous mode give @p a copy of frames of @vid?  RCU */
static inline bool gl_port_promisc(const struct gl_port *p, u16 vid)
{
	if (!test_bit(vid, p->vlans) || READ_ONCE(p->reflect_promisc) ||
	    !gl_grant_covers(rcu_dereference(p->grant), vid))
		return false;
	return gl_port_asks(p);
}

/* fdb.c */
struct gl_fdb {
	struct rhash_head	rhnode;
	struct gl_fdb_key {
		u8	addr[ETH_ALEN];
		u16	vid;
	} __aligned(8) key;		/* one word: hashed, compared */
	struct gl_port		*port;		/* READ_ONCE/WRITE_ONCE */
	unsigned long		updated;	/* jiffies, READ_ONCE/WRITE_ONCE */
	unsigned long		moved;		/* jiffies of the last move, fdb_lock */
	u8			flags;		/* GUESTLAN_FDB_FLAGS_*, fixed */
	/* has been on an uplink-type port: a station beyond it (fdb_lock;
	 * WRITE_ONCE, read locklessly)
	 */
	bool			foreign;
	struct hlist_node	node;		/* in sw->fdb_list */
	struct rcu_head		rcu;
};

/* The key is 8 bytes without padding: compared as one word */
static inline u64 gl_fdb_key_word(const struct gl_fdb_key *key)
{
	return get_unaligned((const u64 *)key);
}

static inline void gl_fdb_key_init(struct gl_fdb_key *key, const u8 *addr,
				   u16 vid)
{
	BUILD_BUG_ON(sizeof(*key) != sizeof(u64));
	ether_addr_copy(key->addr, addr);
	key->vid = vid;
}

/* A key as the word the hints keep and compare, and back */
union gl_fdb_key_word {
	struct gl_fdb_key	key;
	u64			word;
};

static inline u64 gl_fdb_key_make(const u8 *addr, u16 vid)
{
	union gl_fdb_key_word k;

	gl_fdb_key_init(&k.key, addr, vid);
	return k.word;
}

/* 0 if @obj's key is @arg's; inlined into every lookup (not memcmp()) */
static inline int gl_fdb_cmp(struct rhashtable_compare_arg *arg,
			     const void *obj)
{
	const struct gl_fdb *f = obj;

	return gl_fdb_key_word(&f->key) != gl_fdb_key_word(arg->key);
}

/* Here, not in fdb.c: the datapath's lookups are inlined into it */
static const struct rhashtable_params gl_fdb_params = {
	.head_offset		= offsetof(struct gl_fdb, rhnode),
	.key_offset		= offsetof(struct gl_fdb, key),
	.key_len		= sizeof(struct gl_fdb_key),
	.obj_cmpfn		= gl_fdb_cmp,
	.automatic_shrinking	= true,
};

/* The entry of {@addr, @vid}, or NULL.  RCU */
static inline struct gl_fdb *gl_fdb_lookup(struct gl_switch *sw,
					   const u8 *addr, u16 vid)
{
	struct gl_fdb_key key;

	gl_fdb_key_init(&key, addr, vid);
	return rhashtable_lookup(&sw->fdb, &key, gl_fdb_params);
}

/*
 * Datapath, under RCU, BHs off: the entry of destination {@addr, @vid} of
 * a frame from the port whose counters on this CPU are @st, or NULL.
 *
 * A guest mostly sends to one peer (its gateway), so each CPU remembers,
 * per ingress port, the last destination it looked up, the entry found
 * (or none), the tick and the FDB generation read before the lookup.  The
 * same destination in the same tick and generation has that answer: no
 * entry was created, deleted or moved since.  The entry is still alive:
 * a delete bumps the generation before its call_rcu() (gl_fdb_delete()),
 * so the remembered entry was freed only if this RCU section began after
 * that grace period began, and then it sees the new generation.  The
 * tick bounds the hint's life, so the 32-bit generation cannot wrap
 * around under it.
 */
static inline struct gl_fdb *gl_fdb_lookup_dst(struct gl_switch *sw,
					       struct gl_pcpu_stats *st,
					       const u8 *addr, u16 vid)
{
	u64 key = gl_fdb_key_make(addr, vid);
	unsigned long now = jiffies;
	unsigned int gen = READ_ONCE(sw->fdb_gen);
	struct gl_fdb *f;

	if (st->dst.key == key && st->dst.when == now && st->dst.gen == gen)
		return st->dst.fdb;
	smp_rmb();	/* the generation, then the table: gl_fdb_changed() */
	f = gl_fdb_lookup(sw, addr, vid);
	st->dst.key = key;
	st->dst.when = now;
	st->dst.gen = gen;
	st->dst.fdb = f;
	return f;
}

bool __gl_fdb_learn(struct gl_port *p, u64 key,
		    unsigned long now, unsigned int gen);

/*
 * Datapath, under RCU, BHs off: @addr was seen as source on @p in @vid;
 * @st is this CPU's counters of @p (the caller has them at hand).  False
 * if the frame forges a source pinned to another port (a static entry,
 * or the host's own LOCAL address): it may not enter.
 *
 * A guest sends from one MAC, and an entry is refreshed at most once a
 * tick: so each CPU remembers, per port, the source it last found
 * allowed there (@gl_pcpu_stats.learned), in which tick, and the FDB
 * generation read before that lookup.  The same source in the same tick
 * with no entry created, deleted or moved since is that entry, on this
 * port and refreshed this tick, a static one of the port, or one a port
 * without learning may send from: nothing to do, no hash lookup.  Any
 * other frame takes the full path (__gl_fdb_learn()), so a flush, a move,
 * an add or a delete is seen by the very next frame.  The hint is a
 * value, not a pointer: nothing to free.
 */
static inline bool gl_fdb_learn(struct gl_port *p,
				const struct gl_pcpu_stats *st,
				const u8 *addr, u16 vid)
{
	unsigned long now;
	unsigned int gen;
	u64 key;

	key = gl_fdb_key_make(addr, vid);
	now = jiffies;
	gen = READ_ONCE(p->sw->fdb_gen);
	if (st->learned.key == key && st->learned.when == now &&
	    st->learned.gen == gen)
		return true;
	smp_rmb();	/* the generation, then the entry: gl_fdb_changed() */
	return __gl_fdb_learn(p, key, now, gen);
}

int gl_fdb_module_init(void);
void gl_fdb_module_exit(void);
int gl_fdb_init(struct gl_switch *sw);
void gl_fdb_uninit(struct gl_switch *sw);
int gl_fdb_add_static(struct gl_switch *sw, struct gl_port *p, const u8 *addr,
		      u16 vid, u8 flags);
int gl_fdb_del(struct gl_switch *sw, const u8 *addr, u16 vid);
void gl_fdb_del_local(struct gl_switch *sw, const u8 *addr, u16 vid);
void gl_fdb_flush(struct gl_switch *sw, const struct gl_port *p, u16 vid,
		  bool with_static, bool with_local);
void gl_fdb_gc_reschedule(struct gl_switch *sw);
int gl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		struct net_device *dev, struct net_device *filter_dev, int *idx);
int gl_fdb_rtnl_add(struct ndmsg *ndm, struct nlattr *tb[],
		    struct net_device *dev, const unsigned char *addr, u16 vid,
		    u16 flags, struct netlink_ext_ack *extack);

/* userns.c */
bool gl_switch_unprivileged(const struct gl_switch *sw);
int gl_uns_init(struct gl_switch *sw);
void gl_uns_uninit(struct gl_switch *sw);
bool gl_uns_full(const struct gl_switch *sw);
void gl_uns_learned(struct gl_switch *sw, int n);
struct gl_fdb *gl_fdb_alloc_learned(struct gl_switch *sw,
				    struct kmem_cache *cache);
int gl_uns_check(const struct gl_switch *sw, const struct nlattr *max_learned,
		 const struct nlattr *ageing, const struct nlattr *timeout,
		 struct netlink_ext_ack *extack);

/* forward.c */
void gl_input(struct gl_port *in, struct sk_buff *skb);

void gl_count_rx(struct gl_port *p, unsigned int len);
void gl_count_drop(struct gl_port *p, enum gl_drop why);
void gl_drop(struct gl_port *p, struct sk_buff *skb, enum gl_drop why);

/* netlink.c */
int gl_genl_init(void);
void gl_genl_exit(void);
bool gl_guard_listeners(const struct gl_switch *sw);

/* netlink-port.c */
void gl_notify_port(struct gl_port *p, bool removed);
void gl_notify_promisc(struct gl_port *p, u8 prev);
void gl_notify_bridgeport(struct gl_port *p, u8 prev);
void gl_notify_guard(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		     int owner_ifindex, u32 suppressed);

/* netlink-hostnotify.c: host-ntf messages, several to an skb */
struct gl_hn_batch {
	struct net	*net;
	struct sk_buff	*skb;
	gfp_t		gfp;
	int		err;
	bool		listeners;
};

void gl_hn_batch_start(struct gl_hn_batch *b, struct gl_switch *sw,
		       gfp_t gfp);
void gl_hn_batch_add(struct gl_hn_batch *b, struct gl_port *to,
		     const struct gl_hn_event *ev);
int gl_hn_batch_end(struct gl_hn_batch *b);

#endif /* _GUESTLAN_H */
