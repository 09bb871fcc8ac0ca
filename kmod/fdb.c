// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding database: {MAC, VLAN} -> port.
 *
 * Lookups and refreshes are lockless (RCU + READ_ONCE/WRITE_ONCE).  Only
 * creating and deleting entries takes sw->fdb_lock; a learner that hits the
 * learning limit gives up before taking it, so a flood of new source MACs
 * cannot contend on the lock once the table is full.
 */
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/guestlan.h>

#include "guestlan.h"

static struct kmem_cache *gl_fdb_cache __read_mostly;

static const struct rhashtable_params gl_fdb_params = {
	.head_offset		= offsetof(struct gl_fdb, rhnode),
	.key_offset		= offsetof(struct gl_fdb, key),
	.key_len		= sizeof(struct gl_fdb_key),
	.automatic_shrinking	= true,
};

int gl_fdb_module_init(void)
{
	gl_fdb_cache = KMEM_CACHE(gl_fdb, 0);
	return gl_fdb_cache ? 0 : -ENOMEM;
}

void gl_fdb_module_exit(void)
{
	rcu_barrier();		/* pending gl_fdb frees */
	kmem_cache_destroy(gl_fdb_cache);
}

static void gl_fdb_key_init(struct gl_fdb_key *key, const u8 *addr, u16 vid)
{
	memset(key, 0, sizeof(*key));
	ether_addr_copy(key->addr, addr);
	key->vid = vid;
}

struct gl_fdb *gl_fdb_lookup(struct gl_switch *sw, const u8 *addr, u16 vid)
{
	struct gl_fdb_key key;

	gl_fdb_key_init(&key, addr, vid);
	return rhashtable_lookup(&sw->fdb, &key, gl_fdb_params);
}

static bool gl_fdb_is_dynamic(const struct gl_fdb *f)
{
	return !(f->flags & (GUESTLAN_FDB_FLAGS_STATIC |
			     GUESTLAN_FDB_FLAGS_LOCAL));
}

/* Caller holds fdb_lock */
static void gl_fdb_delete(struct gl_switch *sw, struct gl_fdb *f)
{
	rhashtable_remove_fast(&sw->fdb, &f->rhnode, gl_fdb_params);
	hlist_del_init_rcu(&f->node);
	WRITE_ONCE(sw->fdb_count, sw->fdb_count - 1);
	if (gl_fdb_is_dynamic(f)) {
		atomic_dec(&sw->fdb_learned);
		atomic_dec(&f->port->n_learned);
		gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_AGED);
	}
	kfree_rcu(f, rcu);
}

/* Caller holds fdb_lock */
static struct gl_fdb *gl_fdb_create(struct gl_switch *sw, struct gl_port *p,
				    const struct gl_fdb_key *key, u8 flags)
{
	struct gl_fdb *f;
	int err;

	f = kmem_cache_alloc(gl_fdb_cache, GFP_ATOMIC);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->key = *key;
	f->port = p;
	f->flags = flags;
	f->updated = jiffies;
	err = rhashtable_lookup_insert_fast(&sw->fdb, &f->rhnode,
					    gl_fdb_params);
	if (err) {
		kmem_cache_free(gl_fdb_cache, f);
		return ERR_PTR(err);
	}
	hlist_add_head_rcu(&f->node, &sw->fdb_list);
	WRITE_ONCE(sw->fdb_count, sw->fdb_count + 1);
	if (gl_fdb_is_dynamic(f)) {
		atomic_inc(&sw->fdb_learned);
		atomic_inc(&p->n_learned);
		gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_LEARNED);
	}
	return f;
}

static void gl_count_learn_refused(struct gl_port *p)
{
	struct gl_pcpu_stats *s = this_cpu_ptr(p->stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->learn_refused);
	u64_stats_update_end(&s->syncp);
}

/* May @p learn one more MAC? */
static bool gl_fdb_full(const struct gl_switch *sw, const struct gl_port *p)
{
	u32 max = READ_ONCE(sw->max_learned);

	if (max && atomic_read(&sw->fdb_learned) >= max)
		return true;
	max = READ_ONCE(p->max_learned);
	return max && atomic_read(&p->n_learned) >= max;
}

/* A learned MAC moved to @p; caller holds fdb_lock */
static void gl_fdb_move(struct gl_switch *sw, struct gl_fdb *f,
			struct gl_port *p)
{
	struct gl_port *old = f->port;

	if (old == p)
		return;		/* another CPU was first */
	if (!READ_ONCE(old->vnicc.takeover_learning) || gl_fdb_full(sw, p)) {
		gl_count_learn_refused(p);
		return;
	}
	atomic_dec(&old->n_learned);
	atomic_inc(&p->n_learned);
	WRITE_ONCE(f->port, p);
	gl_hn_queue(sw, f, GUESTLAN_HOST_EVENT_LEARNED);
}

/* Datapath, under RCU: @addr was seen as source on @p in @vid */
void gl_fdb_learn(struct gl_port *p, const u8 *addr, u16 vid)
{
	struct gl_switch *sw = p->sw;
	struct gl_fdb_key key;
	unsigned long now;
	struct gl_fdb *f;

	if (!READ_ONCE(p->vnicc.learning))
		return;

	gl_fdb_key_init(&key, addr, vid);
	f = rhashtable_lookup(&sw->fdb, &key, gl_fdb_params);
	if (likely(f)) {
		if (unlikely(!gl_fdb_is_dynamic(f)))
			return;		/* static and local entries never move */
		if (unlikely(READ_ONCE(f->port) != p)) {
			spin_lock(&sw->fdb_lock);
			if (!hlist_unhashed(&f->node))
				gl_fdb_move(sw, f, p);
			spin_unlock(&sw->fdb_lock);
			if (READ_ONCE(f->port) != p)
				return;
		}
		now = jiffies;
		/* refresh at most once a tick: no cache line bouncing */
		if (READ_ONCE(f->updated) != now)
			WRITE_ONCE(f->updated, now);
		return;
	}

	if (gl_fdb_full(sw, p)) {
		gl_count_learn_refused(p);
		return;
	}

	spin_lock(&sw->fdb_lock);
	if (gl_fdb_full(sw, p))
		f = ERR_PTR(-ENOSPC);
	else
		f = gl_fdb_create(sw, p, &key, 0);
	spin_unlock(&sw->fdb_lock);
	/* -EEXIST: another CPU was first.  Else (full, no memory, the table
	 * cannot grow) the source is not learned now; the next frame retries.
	 */
	if (IS_ERR(f) && PTR_ERR(f) != -EEXIST)
		gl_count_learn_refused(p);
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
	f = gl_fdb_create(sw, p, &key, flags);
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
void gl_fdb_flush(struct gl_switch *sw, const struct gl_port *p, u16 vid,
		  bool with_static, bool with_local)
{
	struct hlist_node *tmp;
	struct gl_fdb *f;

	spin_lock_bh(&sw->fdb_lock);
	hlist_for_each_entry_safe(f, tmp, &sw->fdb_list, node) {
		if ((p && f->port != p) || (vid && f->key.vid != vid))
			continue;
		if ((f->flags & GUESTLAN_FDB_FLAGS_LOCAL) && !with_local)
			continue;
		if ((f->flags & GUESTLAN_FDB_FLAGS_STATIC) && !with_static)
			continue;
		gl_fdb_delete(sw, f);
	}
	spin_unlock_bh(&sw->fdb_lock);
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
	unsigned long ageing = READ_ONCE(sw->ageing_time) * HZ;
	unsigned long now = jiffies;
	struct gl_fdb *f;

	rcu_read_lock();
	hlist_for_each_entry_rcu(f, &sw->fdb_list, node) {
		u32 timeout;

		if (!gl_fdb_is_dynamic(f))
			continue;
		timeout = READ_ONCE(READ_ONCE(f->port)->vnicc.learning_timeout);
		if (time_before(now, READ_ONCE(f->updated) +
				(timeout ? timeout * HZ : ageing)))
			continue;
		spin_lock_bh(&sw->fdb_lock);
		if (!hlist_unhashed(&f->node))
			gl_fdb_delete(sw, f);
		spin_unlock_bh(&sw->fdb_lock);
	}
	rcu_read_unlock();

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
	int err;

	err = rhashtable_init(&sw->fdb, &gl_fdb_params);
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
