// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: {MAC, VLAN} -> port.
 *
 * Lookups and refreshes are lockless (RCU + READ_ONCE/WRITE_ONCE).  Only
 * creating, moving and deleting entries takes sw->fdb_lock; a learner that
 * hits the learning limit, or a move that would be refused (an owner that
 * does not yield, a port at its cap), gives up before taking it, so a flood of new source
 * MACs, or of a MAC known on another port, cannot contend on the lock.
 *
 * The entries are also visible to iproute2 as a Linux bridge's are: "bridge
 * fdb show" dumps them through the switch device's ndo_fdb_dump (the port
 * as the device, the switch as master), and every entry created, moved or
 * deleted is announced as RTM_NEWNEIGH/RTM_DELNEIGH on RTNLGRP_NEIGH
 * ("bridge monitor fdb").  The ports do not get IFF_BRIDGE_PORT: the bridge
 * code would take our rx_handler_data for a bridge port.  Changes go
 * through glctl only: the ports being no bridge ports, "bridge fdb add ...
 * dev PORT master" never reaches us (the kernel answers EOPNOTSUPP), and
 * "bridge fdb add ... dev lan0 [self]" is refused by our ndo_fdb_add rather
 * than left to the kernel's default, which would put the MAC on lan0's own
 * unicast list and so turn lan0 promiscuous (a sniffer of the whole LAN).
 */
#include <linux/jiffies.h>
#include <linux/neighbour.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <linux/guestlan.h>

#include "guestlan.h"

static struct kmem_cache *gl_fdb_cache __read_mostly;

int gl_fdb_module_init(void)
{
	/* an entry is charged to the memory cgroup of whoever makes it: a
	 * task adding it (glctl, the host sending on the switch device);
	 * the kernel does not charge what softirq learns (any task could be
	 * current), so the learning limits are what bounds the guests.
	 */
	gl_fdb_cache = KMEM_CACHE(gl_fdb, SLAB_ACCOUNT);
	return gl_fdb_cache ? 0 : -ENOMEM;
}

void gl_fdb_module_exit(void)
{
	rcu_barrier();		/* pending gl_fdb_free_rcu() */
	kmem_cache_destroy(gl_fdb_cache);
}

/*
 * Not kfree_rcu(): before 6.12 (kvfree_rcu_barrier()) nothing waits for
 * kfree_rcu()'s batches, so rmmod could destroy the cache with entries
 * still in it.  rcu_barrier() does wait for call_rcu() callbacks.
 */
static void gl_fdb_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(gl_fdb_cache, container_of(head, struct gl_fdb, rcu));
}

static bool gl_fdb_is_dynamic(const struct gl_fdb *f)
{
	return !(f->flags & (GUESTLAN_FDB_FLAGS_STATIC |
			     GUESTLAN_FDB_FLAGS_LOCAL));
}

/* ndm_state as the bridge reports it (iproute2: permanent, static, -) */
static u16 gl_fdb_nud(const struct gl_fdb *f)
{
	if (f->flags & GUESTLAN_FDB_FLAGS_LOCAL)
		return NUD_PERMANENT;
	if (f->flags & GUESTLAN_FDB_FLAGS_STATIC)
		return NUD_NOARP;
	return NUD_REACHABLE;
}

static size_t gl_fdb_nlmsg_size(void)
{
	return NLMSG_ALIGN(sizeof(struct ndmsg))
		+ nla_total_size(ETH_ALEN)			/* NDA_LLADDR */
		+ nla_total_size(sizeof(u32))			/* NDA_MASTER */
		+ nla_total_size(sizeof(u16))			/* NDA_VLAN */
		+ nla_total_size(sizeof(struct nda_cacheinfo));
}

/* One entry as a bridge FDB neighbour message; under RCU or fdb_lock */
static int gl_fdb_fill(struct sk_buff *skb, const struct gl_switch *sw,
		       const struct gl_fdb *f, u32 portid, u32 seq, int type,
		       unsigned int flags)
{
	const struct gl_port *p = READ_ONCE(f->port);
	unsigned long age = jiffies - READ_ONCE(f->updated);
	struct nda_cacheinfo ci = {};
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;

	nlh = nlmsg_put(skb, portid, seq, type, sizeof(*ndm), flags);
	if (!nlh)
		return -EMSGSIZE;
	ndm = nlmsg_data(nlh);
	memset(ndm, 0, sizeof(*ndm));
	ndm->ndm_family = AF_BRIDGE;
	ndm->ndm_ifindex = p->dev->ifindex;	/* the switch's own: itself */
	ndm->ndm_state = gl_fdb_nud(f);

	ci.ndm_used = jiffies_to_clock_t(age);
	ci.ndm_updated = ci.ndm_used;
	if (nla_put(skb, NDA_LLADDR, ETH_ALEN, f->key.addr) ||
	    nla_put_u32(skb, NDA_MASTER, sw->dev->ifindex) ||
	    nla_put_u16(skb, NDA_VLAN, f->key.vid) ||
	    nla_put(skb, NDA_CACHEINFO, sizeof(ci), &ci)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/*
 * Announce @f (RTM_NEWNEIGH: created or moved, RTM_DELNEIGH: deleted).
 * Called under fdb_lock, also from the datapath: atomic, no RTNL.
 */
static void gl_fdb_notify(struct gl_switch *sw, const struct gl_fdb *f,
			  int type)
{
	struct net_device *dev = sw->dev;
	struct sk_buff *skb;
	struct net *net;
	int err;

	lockdep_assert_held(&sw->fdb_lock);
	/* the LOCAL entry of ndo_init: no ifindex, nobody knows the device */
	if (READ_ONCE(dev->reg_state) == NETREG_UNINITIALIZED)
		return;
	net = dev_net(dev);
	if (!rtnl_has_listeners(net, RTNLGRP_NEIGH))
		return;
	skb = nlmsg_new(gl_fdb_nlmsg_size(), GFP_ATOMIC);
	if (!skb) {
		err = -ENOBUFS;
		goto err;
	}
	err = gl_fdb_fill(skb, sw, f, 0, 0, type, 0);
	if (err) {
		WARN_ON_ONCE(err == -EMSGSIZE);	/* gl_fdb_nlmsg_size() is wrong */
		kfree_skb(skb);
		goto err;
	}
	rtnl_notify(skb, net, 0, RTNLGRP_NEIGH, NULL, GFP_ATOMIC);
	return;
err:
	rtnl_set_sk_err(net, RTNLGRP_NEIGH, err);
}

/*
 * ndo_fdb_dump of the switch device: its own address lists (as any
 * device's), then every entry.  *idx counts the entries of this device,
 * cb->args[2] is where the previous part of the dump stopped.
 */
int gl_fdb_dump(struct sk_buff *skb, struct netlink_callback *cb,
		struct net_device *dev, struct net_device *filter_dev, int *idx)
{
	struct gl_switch *sw = netdev_priv(dev);
	struct gl_fdb *f;
	int err;

	err = ndo_dflt_fdb_dump(skb, cb, dev, NULL, idx);
	if (err < 0)
		return err;

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, &sw->fdb_list, node) {
		if (*idx >= cb->args[2]) {
			err = gl_fdb_fill(skb, sw, f,
					  NETLINK_CB(cb->skb).portid,
					  cb->nlh->nlmsg_seq, RTM_NEWNEIGH,
					  NLM_F_MULTI);
			if (err < 0)
				break;
		}
		(*idx)++;
	}
	rcu_read_unlock();
	return err;
}

/* ndo_fdb_add of the switch device: entries are glctl's business */
int gl_fdb_rtnl_add(struct ndmsg *ndm, struct nlattr *tb[],
		    struct net_device *dev, const unsigned char *addr, u16 vid,
		    u16 flags, struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack,
			   "FDB entries of a guestlan switch are managed with glctl fdb add/del");
	return -EOPNOTSUPP;
}

/*
 * An entry was created, deleted or moved: a new generation, for dumps and
 * for gl_fdb_learn()'s hints.  Ordered after the change: a reader that
 * sees the new generation (then smp_rmb()) sees the change.
 */
static void gl_fdb_changed(struct gl_switch *sw)
{
	lockdep_assert_held(&sw->fdb_lock);
	smp_wmb();	/* the change, then the generation: gl_fdb_learn() */
	WRITE_ONCE(sw->fdb_gen, sw->fdb_gen + 1);
}

static void gl_fdb_delete(struct gl_switch *sw, struct gl_fdb *f)
{
	lockdep_assert_held(&sw->fdb_lock);
	rhashtable_remove_fast(&sw->fdb, &f->rhnode, gl_fdb_params);
	hlist_del_init_rcu(&f->node);
	WRITE_ONCE(sw->fdb_count, sw->fdb_count - 1);
	gl_fdb_changed(sw);
	if (gl_fdb_is_dynamic(f)) {
		atomic_dec(&sw->fdb_learned);
		atomic_dec(&f->port->n_learned);
		gl_uns_learned(sw, -1);
		gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_AGED);
	}
	gl_fdb_notify(sw, f, RTM_DELNEIGH);
	call_rcu(&f->rcu, gl_fdb_free_rcu);
}

/*
 * MAC move dampening: a learned MAC that moved moves again only after
 * GL_FDB_MOVE_HOLD.  Two ports sending from one MAC (a loop, or a guest
 * stealing it frame by frame) would otherwise move it at frame rate:
 * each move takes fdb_lock, flushes every CPU's hints (the generation),
 * and sends an RTM_NEWNEIGH and a host event.  A migrating guest moves
 * once; the hold only delays a second move within it.
 */
#define GL_FDB_MOVE_HOLD	HZ

/*
 * Insert {@key} on @p: entry @f made by the caller (learning: charged to
 * the switch's creator), or NULL to allocate one here (static and local
 * entries: charged to the task adding them; no reserves either way, so a
 * memory cgroup at its limit adds no more).
 */
/*
 * Under fdb_lock: may @p still learn in @vid?  What the datapath checked
 * before, again, for the control path changes that wait for no reader.
 */
static bool gl_fdb_may_learn(const struct gl_port *p, u16 vid)
{
	lockdep_assert_held(&p->sw->fdb_lock);
	return test_bit(vid, p->vlans) && !READ_ONCE(p->mirror_dest) &&
	       !test_bit(vid, p->sw->rspan_vlans);
}

static struct gl_fdb *gl_fdb_create(struct gl_switch *sw, struct gl_port *p,
				    const struct gl_fdb_key *key, u8 flags,
				    struct gl_fdb *f)
{
	int err;

	lockdep_assert_held(&sw->fdb_lock);
	if (!f)
		f = kmem_cache_alloc(gl_fdb_cache,
				     GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->key = *key;
	f->port = p;
	f->flags = flags;
	f->foreign = !flags && gl_port_uplink_type(p);
	f->updated = jiffies;
	f->moved = f->updated - GL_FDB_MOVE_HOLD;	/* free to move */
	err = rhashtable_lookup_insert_fast(&sw->fdb, &f->rhnode,
					    gl_fdb_params);
	if (err) {
		kmem_cache_free(gl_fdb_cache, f);
		return ERR_PTR(err);
	}
	hlist_add_head_rcu(&f->node, &sw->fdb_list);
	WRITE_ONCE(sw->fdb_count, sw->fdb_count + 1);
	gl_fdb_changed(sw);
	if (gl_fdb_is_dynamic(f)) {
		atomic_inc(&sw->fdb_learned);
		atomic_inc(&p->n_learned);
		gl_uns_learned(sw, 1);
		gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_LEARNED);
	}
	gl_fdb_notify(sw, f, RTM_NEWNEIGH);
	return f;
}

static void gl_count_learn_refused(struct gl_port *p)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->learn_refused);
	u64_stats_update_end(&s->syncp);
}

static bool gl_fdb_move_held(const struct gl_fdb *f, unsigned long now)
{
	unsigned long moved = READ_ONCE(f->moved);

	/* in range, not before: an entry still after 2^31 ticks is free */
	return time_in_range(now, moved, moved + GL_FDB_MOVE_HOLD - 1);
}

static void gl_count_learn_dampened(struct gl_port *p)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->learn_dampened);
	u64_stats_update_end(&s->syncp);
}

/* Has @p learned as many MACs as it may? */
static bool gl_fdb_port_full(const struct gl_port *p)
{
	u32 max = READ_ONCE(p->max_learned);

	return max && atomic_read(&p->n_learned) >= max;
}

/* May @p learn one more MAC (a new entry)? */
static bool gl_fdb_full(const struct gl_switch *sw, const struct gl_port *p)
{
	u32 max = READ_ONCE(sw->max_learned);

	if (max && atomic_read(&sw->fdb_learned) >= max)
		return true;
	return gl_fdb_port_full(p) || gl_uns_full(sw);
}

/*
 * MAC ownership (mac-moves owner, the default): a learned entry @f is
 * owned by its port @old, and a frame from another port @p with its MAC
 * moves it only when the owner yields.  Uplink-type owners yield: a MAC
 * learned there belongs to a station elsewhere, which may come to this
 * host (a VM migrating in is learned on its tap at its first frame).  So
 * does an owner with takeover_learning on (the admin's opt-in, as for two
 * vNICs of one guest in active-backup bonding, or VRRP's shared MAC), and
 * one that is down or without carrier (a tap whose QEMU exited).  And a
 * MAC that has been on an uplink-type port (@f->foreign: learned there,
 * or moved to or from one) may always come back through one: a guest
 * that sent from the gateway's MAC keeps it only until the gateway's next
 * frame.  A port whose MAC guard lists the MAC takes it from any owner
 * (the administrator gave it; a MAC two guards allow moves between them).
 * Any other owner is a
 * guest: another guest sending from its MAC is not learned, and so does
 * not take its traffic.  mac-moves any moves every MAC (guestlan before
 * 0.2).  RCU: lockless reads of settings that RTNL writes.
 */
static bool gl_fdb_owner_yields(const struct gl_switch *sw,
				const struct gl_fdb *f,
				const struct gl_port *old,
				const struct gl_port *p)
{
	return READ_ONCE(sw->mac_moves) == GUESTLAN_MAC_MOVES_ANY ||
	       READ_ONCE(old->vnicc.takeover_learning) ||
	       gl_port_guard_lists(p, f->key.addr) ||
	       gl_port_uplink_type(old) ||
	       (READ_ONCE(f->foreign) && gl_port_uplink_type(p)) ||
	       !netif_running(old->dev) || !netif_carrier_ok(old->dev);
}

/*
 * A learned MAC moved to @p; caller holds fdb_lock.  A move is no
 * insertion: the table does not grow, so the switch's limit does not apply
 * (a guest that migrates keeps its frames even when the table is full);
 * @p's own cap does, or a port could outgrow it by taking MACs over.
 */
static void gl_fdb_move(struct gl_switch *sw, struct gl_fdb *f,
			struct gl_port *p)
{
	struct gl_port *old = f->port;

	lockdep_assert_held(&sw->fdb_lock);
	if (old == p)
		return;		/* another CPU was first */
	if (!gl_fdb_owner_yields(sw, f, old, p) || gl_fdb_port_full(p)) {
		gl_count_learn_refused(p);
		return;
	}
	if (gl_fdb_move_held(f, jiffies)) {
		gl_count_learn_dampened(p);
		return;
	}
	if (!gl_fdb_may_learn(p, f->key.vid))
		return;		/* gl_vlan_del(), gl_mirror_add() meanwhile */
	atomic_dec(&old->n_learned);
	atomic_inc(&p->n_learned);
	/* the MAC has been beyond an uplink: it may come back through one */
	if (gl_port_uplink_type(old) || gl_port_uplink_type(p))
		WRITE_ONCE(f->foreign, true);
	WRITE_ONCE(f->port, p);
	gl_fdb_changed(sw);
	WRITE_ONCE(f->updated, jiffies);
	WRITE_ONCE(f->moved, f->updated);
	gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_LEARNED);
	gl_fdb_notify(sw, f, RTM_NEWNEIGH);
}

/*
 * Datapath, under RCU: the source @key was seen on @p, in tick @now, with
 * FDB generation @gen read before (gl_fdb_learn(), guestlan.h, which has
 * found no hint for it).  False: the source is pinned to another port.
 */
/*
 * @p may not have @key's MAC: it is @owner's (which does not yield it, or
 * whose guard allows it).  Counted, and the admin told.
 */
static void gl_fdb_refuse(struct gl_port *p, const struct gl_fdb_key *key,
			  const struct gl_port *owner)
{
	gl_count_learn_refused(p);
	gl_guard_event(p, GUESTLAN_GUARD_REASON_MAC_MOVE, key->addr, key->vid,
		       owner);
}

bool __gl_fdb_learn(struct gl_port *p, u64 word, unsigned long now,
		    unsigned int gen)
{
	struct gl_port *owner;
	struct gl_pcpu_stats *st = this_cpu_ptr(p->stats);
	const union gl_fdb_key_word k = { .word = word };
	const struct gl_fdb_key *key = &k.key;
	bool learning = READ_ONCE(p->vnicc.learning);
	struct gl_switch *sw = p->sw;
	struct gl_fdb *f;

	f = rhashtable_lookup(&sw->fdb, key, gl_fdb_params);
	if (likely(f)) {
		struct gl_port *old = READ_ONCE(f->port);

		/*
		 * Static and local entries never move, and pin their MAC:
		 * another port sending from it forges it.  No hint then.
		 */
		if (unlikely(!gl_fdb_is_dynamic(f))) {
			if (old != p)
				return false;
			goto hint;
		}
		if (unlikely(!learning))
			goto hint;
		if (unlikely(old != p)) {
			/* a refused move takes no lock: a flood of frames from
			 * a MAC of another port must not contend on it
			 */
			owner = gl_fdb_owner_yields(sw, f, old, p) ? NULL : old;
			if (!owner)
				owner = gl_guard_claimed(sw, p, key->addr);
			if (owner) {
				gl_fdb_refuse(p, key, owner);
				return true;
			}
			if (gl_fdb_port_full(p)) {
				gl_count_learn_refused(p);
				return true;
			}
			if (gl_fdb_move_held(f, now)) {
				gl_count_learn_dampened(p);
				return true;
			}
			spin_lock(&sw->fdb_lock);
			if (!hlist_unhashed(&f->node))
				gl_fdb_move(sw, f, p);
			spin_unlock(&sw->fdb_lock);
			/* the move changed the generation: no hint this time */
			return true;
		}
		/* refresh at most once a tick: no cache line bouncing */
		if (READ_ONCE(f->updated) != now)
			WRITE_ONCE(f->updated, now);
		goto hint;
	}
	if (unlikely(!learning))
		goto hint;

	/* a MAC another port's guard allows is learned there only */
	owner = gl_guard_claimed(sw, p, key->addr);
	if (unlikely(owner)) {
		gl_fdb_refuse(p, key, owner);
		return true;
	}
	if (gl_fdb_full(sw, p)) {
		gl_count_learn_refused(p);
		return true;
	}

	/* made before the lock, charged to the switch's creator */
	f = gl_fdb_alloc_learned(sw, gl_fdb_cache);
	if (unlikely(!f)) {
		gl_count_learn_refused(p);
		return true;
	}
	spin_lock(&sw->fdb_lock);
	/*
	 * A reader that classified the frame before gl_vlan_del(), or before
	 * the port became a mirror destination or the VLAN an RSPAN one
	 * (gl_mirror_add()): too late, nothing is learned.
	 */
	if (gl_fdb_full(sw, p) || !gl_fdb_may_learn(p, key->vid)) {
		kmem_cache_free(gl_fdb_cache, f);
		f = ERR_PTR(-ENOSPC);
	} else {
		f = gl_fdb_create(sw, p, key, 0, f);
	}
	spin_unlock(&sw->fdb_lock);
	/* -EEXIST: another CPU was first.  Else (full, no memory, the table
	 * cannot grow) the source is not learned now; the next frame retries.
	 */
	if (IS_ERR(f) && PTR_ERR(f) != -EEXIST)
		gl_count_learn_refused(p);
	return true;
hint:
	st->learned.key = word;
	st->learned.when = now;
	st->learned.gen = gen;
	return true;
}

/*
 * Control path: add or replace a static (or local) entry.  A MAC static on
 * another port moves only if that port allows takeover_setvmac (-EBUSY).
 */
int gl_fdb_add_static(struct gl_switch *sw, struct gl_port *p, const u8 *addr,
		      u16 vid, u8 flags)
{
	struct gl_fdb_key key;
	struct gl_fdb *f;

	gl_fdb_key_init(&key, addr, vid);
	spin_lock_bh(&sw->fdb_lock);
	f = rhashtable_lookup_fast(&sw->fdb, &key, gl_fdb_params);
	if (f && (f->flags & GUESTLAN_FDB_FLAGS_STATIC) && f->port != p &&
	    !f->port->vnicc.takeover_setvmac) {
		f = ERR_PTR(-EBUSY);
		goto out;
	}
	if (f)
		gl_fdb_delete(sw, f);
	f = gl_fdb_create(sw, p, &key, flags, NULL);
out:
	spin_unlock_bh(&sw->fdb_lock);
	return PTR_ERR_OR_ZERO(f);
}

int gl_fdb_del(struct gl_switch *sw, const u8 *addr, u16 vid)
{
	struct gl_fdb_key key;
	struct gl_fdb *f;
	int err = -ENOENT;

	gl_fdb_key_init(&key, addr, vid);
	spin_lock_bh(&sw->fdb_lock);
	f = rhashtable_lookup_fast(&sw->fdb, &key, gl_fdb_params);
	if (f) {
		gl_fdb_delete(sw, f);
		err = 0;
	}
	spin_unlock_bh(&sw->fdb_lock);
	return err;
}

/* Delete the host's LOCAL entry for @addr in @vid, and nothing else */
void gl_fdb_del_local(struct gl_switch *sw, const u8 *addr, u16 vid)
{
	struct gl_fdb_key key;
	struct gl_fdb *f;

	gl_fdb_key_init(&key, addr, vid);
	spin_lock_bh(&sw->fdb_lock);
	f = rhashtable_lookup_fast(&sw->fdb, &key, gl_fdb_params);
	if (f && f->port == &sw->host && (f->flags & GUESTLAN_FDB_FLAGS_LOCAL))
		gl_fdb_delete(sw, f);
	spin_unlock_bh(&sw->fdb_lock);
}

/* Delete the entries of @p (all ports if NULL) in @vid (all VLANs if 0) */
/* What a walk deletes: gl_fdb_walk_del() */
struct gl_fdb_sel {
	const struct gl_port	*port;		/* NULL: any */
	u16			vid;		/* 0: any */
	bool			with_static, with_local;
	bool			expired;	/* only learned entries aged out */
	unsigned long		now, ageing;
};

static bool gl_fdb_selected(const struct gl_fdb *f, const struct gl_fdb_sel *s)
{
	struct gl_port *p = READ_ONCE(f->port);
	u32 timeout;

	if (s->expired) {
		if (!gl_fdb_is_dynamic(f))
			return false;
		timeout = READ_ONCE(p->vnicc.learning_timeout);
		return !time_before(s->now, READ_ONCE(f->updated) +
				    (timeout ? timeout * HZ : s->ageing));
	}
	if ((s->port && p != s->port) || (s->vid && f->key.vid != s->vid))
		return false;
	if ((f->flags & GUESTLAN_FDB_FLAGS_LOCAL) && !s->with_local)
		return false;
	if ((f->flags & GUESTLAN_FDB_FLAGS_STATIC) && !s->with_static)
		return false;
	return true;
}

/*
 * Entries visited between two reschedules of a walk.  Each deletion takes
 * fdb_lock with BHs off on its own: a table of a million entries never
 * holds the datapath off for more than one deletion, and the walk yields
 * the CPU between batches.
 */
#define GL_FDB_WALK_BATCH	256

/*
 * Delete the entries @sel selects; sleeps.  The table's walker survives
 * deletions and resizes (an entry seen twice is deleted once).  Between
 * batches it resumes after the entry it stopped at, found again by its
 * position in its bucket -- or, if that entry was deleted meanwhile (by
 * this walk, or by another), at the bucket's first entry: its position
 * (@rhashtable_iter.skip) is reset before every stop, or the walker
 * would skip as many entries as the gone one had before it, and one
 * more.  Whatever selected entry existed when the walk began is gone when
 * it ends: an entry is inserted under fdb_lock, which the walk takes once
 * before it starts, so one inserted before is visible to the walk, and a
 * learner after it sees what the caller changed first (gl_vlan_del(): the
 * membership; see __gl_fdb_learn()).
 */
static void gl_fdb_walk_del(struct gl_switch *sw, const struct gl_fdb_sel *sel)
{
	struct rhashtable_iter iter;
	unsigned int n = 0;
	struct gl_fdb *f;

	might_sleep();
	spin_lock_bh(&sw->fdb_lock);
	spin_unlock_bh(&sw->fdb_lock);

	rhashtable_walk_enter(&sw->fdb, &iter);
	rhashtable_walk_start(&iter);
	for (;;) {
		f = rhashtable_walk_next(&iter);
		if (IS_ERR(f)) {
			if (PTR_ERR(f) == -EAGAIN)	/* resized: go on */
				continue;
			break;
		}
		if (!f)
			break;
		if (gl_fdb_selected(f, sel)) {
			spin_lock_bh(&sw->fdb_lock);
			/* moved or refreshed meanwhile: selected still? */
			if (!hlist_unhashed(&f->node) && gl_fdb_selected(f, sel))
				gl_fdb_delete(sw, f);
			spin_unlock_bh(&sw->fdb_lock);
		}
		if (++n % GL_FDB_WALK_BATCH == 0) {
			/* rhashtable_walk_start_check() recounts it if found */
			iter.skip = 0;
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

/* Control path, may sleep: delete entries of @p (NULL: any) in @vid (0: any) */
void gl_fdb_flush(struct gl_switch *sw, const struct gl_port *p, u16 vid,
		  bool with_static, bool with_local)
{
	const struct gl_fdb_sel sel = {
		.port = p, .vid = vid,
		.with_static = with_static, .with_local = with_local,
	};

	gl_fdb_walk_del(sw, &sel);
}

static unsigned long gl_fdb_gc_interval(const struct gl_switch *sw)
{
	unsigned long ageing = READ_ONCE(sw->ageing_time) * HZ;
	const struct gl_port *p;
	u32 timeout;

	/* ports' learning_timeout: a short one makes the walk more frequent */
	rcu_read_lock();
	list_for_each_entry_rcu(p, &sw->ports, list) {
		timeout = READ_ONCE(p->vnicc.learning_timeout);
		if (timeout && timeout * HZ < ageing)
			ageing = timeout * HZ;
	}
	rcu_read_unlock();

	return clamp(ageing / 4, HZ / 4UL, 10UL * HZ);
}

static void gl_fdb_gc(struct work_struct *work)
{
	struct gl_switch *sw = container_of(to_delayed_work(work),
					    struct gl_switch, gc_work);
	const struct gl_fdb_sel sel = {
		.expired = true,
		.now = jiffies,
		.ageing = READ_ONCE(sw->ageing_time) * HZ,
	};

	gl_fdb_walk_del(sw, &sel);

	queue_delayed_work(system_power_efficient_wq, &sw->gc_work,
			   gl_fdb_gc_interval(sw));
}

/* The ageing time changed: run the collector at the new pace now */
void gl_fdb_gc_reschedule(struct gl_switch *sw)
{
	mod_delayed_work(system_power_efficient_wq, &sw->gc_work, 0);
}

int gl_fdb_init(struct gl_switch *sw)
{
	struct rhashtable_params params = gl_fdb_params;
	int err;

	/*
	 * Where the switch's limits cannot be lifted (userns.c), neither can
	 * its table grow beyond them: the bucket array is nobody's charge.
	 * Static entries count too, so twice the learned ones.
	 */
	if (gl_switch_unprivileged(sw))
		params.max_size = roundup_pow_of_two(2 * GL_DEFAULT_MAX_LEARNED);
	err = rhashtable_init(&sw->fdb, &params);
	if (err)
		return err;
	INIT_HLIST_HEAD(&sw->fdb_list);
	spin_lock_init(&sw->fdb_lock);
	atomic_set(&sw->fdb_learned, 0);
	INIT_DELAYED_WORK(&sw->gc_work, gl_fdb_gc);
	queue_delayed_work(system_power_efficient_wq, &sw->gc_work,
			   gl_fdb_gc_interval(sw));
	return 0;
}

void gl_fdb_uninit(struct gl_switch *sw)
{
	cancel_delayed_work_sync(&sw->gc_work);
	gl_fdb_flush(sw, NULL, 0, true, true);
	rhashtable_destroy(&sw->fdb);
}
