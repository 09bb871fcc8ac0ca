// SPDX-License-Identifier: GPL-2.0
/*
 * What a switch may cost the host when its administrator is not the
 * host's: any local user can unshare a user and network namespace, create
 * a switch there (the module autoloads) and administer it.
 *
 * - Learned entries are made in softirq, where no task is current: they
 *   are charged to the memory cgroup of the task that created the switch
 *   (@gl_switch.memcg), without dipping into reserves (GFP_NOWAIT), so a
 *   cgroup at its limit learns no more.
 * - A switch whose netns is owned by a user namespace other than the
 *   initial one (its administrator may be anybody) cannot lift its
 *   learning limit (0, or above GL_DEFAULT_MAX_LEARNED) nor age entries
 *   after more than GL_USERNS_MAX_AGEING seconds, and its table cannot
 *   grow its buckets beyond what that limit needs (the buckets are
 *   allocated by rhashtable's worker, charged to nobody).
 * - All the switches of one user namespace share GL_USERNS_MAX_LEARNED
 *   learned entries (@gl_uns): more switches are no more memory.
 *
 * The gl_uns of a user namespace lives while a switch created in it does;
 * the list of them is changed under gl_uns_lock (RTNL: switches are
 * created and destroyed under it), @gl_uns.learned is atomic.
 */
#include <linux/memcontrol.h>
#include <linux/rtnetlink.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/stringify.h>
#include <linux/user_namespace.h>
#include <net/netlink.h>

#include "guestlan.h"

struct gl_uns {
	struct list_head	node;		/* in gl_uns_list, RTNL */
	struct user_namespace	*ns;		/* a reference */
	unsigned int		n_switches;	/* RTNL */
	atomic_t		learned;
};

static LIST_HEAD(gl_uns_list);

/* Is the administrator of @sw's netns maybe not the host's? */
bool gl_switch_unprivileged(const struct gl_switch *sw)
{
	return dev_net(sw->dev)->user_ns != &init_user_ns;
}

/* @sw is being created by current: take its charges and its namespace */
int gl_uns_init(struct gl_switch *sw)
{
	struct user_namespace *ns = dev_net(sw->dev)->user_ns;
	struct gl_uns *u;

	ASSERT_RTNL();
	sw->memcg = get_mem_cgroup_from_mm(current->mm);
	if (ns == &init_user_ns)
		return 0;
	list_for_each_entry(u, &gl_uns_list, node)
		if (u->ns == ns)
			goto found;
	u = kzalloc(sizeof(*u), GFP_KERNEL_ACCOUNT);
	if (!u) {
		mem_cgroup_put(sw->memcg);
		return -ENOMEM;
	}
	u->ns = get_user_ns(ns);
	list_add(&u->node, &gl_uns_list);
found:
	u->n_switches++;
	sw->uns = u;
	return 0;
}

/* After the switch's FDB is gone */
void gl_uns_uninit(struct gl_switch *sw)
{
	struct gl_uns *u = sw->uns;

	ASSERT_RTNL();
	mem_cgroup_put(sw->memcg);
	sw->memcg = NULL;
	if (!u)
		return;
	sw->uns = NULL;
	if (--u->n_switches)
		return;
	WARN_ON_ONCE(atomic_read(&u->learned));
	list_del(&u->node);
	put_user_ns(u->ns);
	kfree(u);
}

/* May @sw learn one more entry as far as its user namespace goes? */
bool gl_uns_full(const struct gl_switch *sw)
{
	return sw->uns &&
	       atomic_read(&sw->uns->learned) >= GL_USERNS_MAX_LEARNED;
}

void gl_uns_learned(struct gl_switch *sw, int n)
{
	if (sw->uns)
		atomic_add(n, &sw->uns->learned);
}

/*
 * Datapath: a learned entry, charged to the switch creator's memory
 * cgroup, from no reserve.  NULL if there is no memory (or the cgroup is
 * at its limit): the source is not learned this time.
 */
struct gl_fdb *gl_fdb_alloc_learned(struct gl_switch *sw,
				    struct kmem_cache *cache)
{
	struct mem_cgroup *old = set_active_memcg(sw->memcg);
	struct gl_fdb *f;

	f = kmem_cache_alloc(cache, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(old);
	return f;
}

/*
 * May an administrator of @sw set these (NULL: not changed)?  The
 * switch's learning limit @max_learned, its ageing time @ageing, a port's
 * learning timeout @timeout (0: the switch's).
 */
int gl_uns_check(const struct gl_switch *sw, const struct nlattr *max_learned,
		 const struct nlattr *ageing, const struct nlattr *timeout,
		 struct netlink_ext_ack *extack)
{
	u32 v;

	if (!gl_switch_unprivileged(sw))
		return 0;
	if (max_learned) {
		v = nla_get_u32(max_learned);
		if (!v || v > GL_DEFAULT_MAX_LEARNED) {
			NL_SET_ERR_MSG_ATTR(extack, max_learned,
					    "In a user namespace, max-learned is 1.." __stringify(GL_DEFAULT_MAX_LEARNED));
			return -EPERM;
		}
	}
	if (ageing && nla_get_u32(ageing) > GL_USERNS_MAX_AGEING) {
		NL_SET_ERR_MSG_ATTR(extack, ageing,
				    "In a user namespace, ageing-time is at most " __stringify(GL_USERNS_MAX_AGEING) " s");
		return -EPERM;
	}
	if (timeout && nla_get_u32(timeout) > GL_USERNS_MAX_AGEING) {
		NL_SET_ERR_MSG_ATTR(extack, timeout,
				    "In a user namespace, learning-timeout is at most " __stringify(GL_USERNS_MAX_AGEING) " s");
		return -EPERM;
	}
	return 0;
}
