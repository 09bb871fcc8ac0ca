// SPDX-License-Identifier: GPL-2.0
/*
 * guestlan_test.ko: fake switches and ports for the KUnit suites, and stubs
 * for what the included sources call outside fdb.c, forward.c,
 * bridgeport.c, hostnotify.c and guard.c (the genl messages they send).
 */
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include "test.h"

struct gl_test_ntf gl_test_ntf = {
	.lock = __SPIN_LOCK_UNLOCKED(gl_test_ntf.lock),
};

void gl_test_ntf_reset(void)
{
	spin_lock_bh(&gl_test_ntf.lock);
	gl_test_ntf.n_host = 0;
	gl_test_ntf.n_bp = 0;
	gl_test_ntf.n_guard = 0;
	spin_unlock_bh(&gl_test_ntf.lock);
}

/* netlink-hostnotify.c stubs: a hostnotify batch records each event */
void gl_hn_batch_start(struct gl_hn_batch *b, struct gl_switch *sw, gfp_t gfp)
{
	memset(b, 0, sizeof(*b));
	b->listeners = true;
}

void gl_hn_batch_add(struct gl_hn_batch *b, struct gl_port *to,
		     const struct gl_hn_event *ev)
{
	spin_lock_bh(&gl_test_ntf.lock);
	if (gl_test_ntf.n_host < GL_TEST_NTF_MAX) {
		gl_test_ntf.host[gl_test_ntf.n_host].to_ifindex = to->dev->ifindex;
		gl_test_ntf.host[gl_test_ntf.n_host].ev = *ev;
	}
	gl_test_ntf.n_host++;
	spin_unlock_bh(&gl_test_ntf.lock);
}

int gl_hn_batch_end(struct gl_hn_batch *b)
{
	return 0;
}

/* netlink-port.c stub */
void gl_notify_bridgeport(struct gl_port *p, u8 prev)
{
	spin_lock_bh(&gl_test_ntf.lock);
	gl_test_ntf.n_bp++;
	spin_unlock_bh(&gl_test_ntf.lock);
}

/* netlink.c and netlink-port.c stubs: guard events are counted */
bool gl_guard_listeners(const struct gl_switch *sw)
{
	return true;
}

void gl_notify_guard(struct gl_port *p, u8 reason, const u8 *mac, u16 vid,
		     int owner_ifindex, u32 suppressed)
{
	spin_lock_bh(&gl_test_ntf.lock);
	gl_test_ntf.n_guard++;
	spin_unlock_bh(&gl_test_ntf.lock);
}

/* mirror.c stub: the model's rule, without the netlink message */
int gl_port_check_not_mirror_dest(const struct gl_port *p,
				  const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	return p->mirror_dest ? -EBUSY : 0;
}

/* sample.c stub: the fake ports are never sampled */
void __gl_sample(struct gl_port *p, struct sk_buff *skb, int iif, int oif)
{
}

/*
 * userns.c stubs: the fake switch has no netns (an initial-namespace
 * switch, no limits beyond its own) and no memory cgroup.
 */
bool gl_switch_unprivileged(const struct gl_switch *sw)
{
	return false;
}

bool gl_uns_full(const struct gl_switch *sw)
{
	return false;
}

void gl_uns_learned(struct gl_switch *sw, int n)
{
}

struct gl_fdb *gl_fdb_alloc_learned(struct gl_switch *sw,
				    struct kmem_cache *cache)
{
	return kmem_cache_alloc(cache, GFP_NOWAIT | __GFP_NOWARN);
}

static int gl_test_port_init(struct gl_switch *sw, struct gl_port *p,
			     struct net_device *dev)
{
	p->sw = sw;
	p->dev = dev;
	p->stats = alloc_percpu(struct gl_pcpu_stats);
	if (!p->stats)
		return -ENOMEM;
	p->pvid = GL_DEFAULT_PVID;
	set_bit(GL_DEFAULT_PVID, p->vlans);
	set_bit(GL_DEFAULT_PVID, p->untagged);
	set_bit(2, p->vlans);		/* tagged member of VLAN 2, not 3 */
	p->vnicc = gl_vnicc_default;
	INIT_LIST_HEAD(&p->grant_list);
	return 0;
}

static struct net_device *gl_test_dev(int ifindex)
{
	struct net_device *dev = kzalloc(sizeof(*dev), GFP_KERNEL);

	if (!dev)
		return NULL;
	dev->ifindex = ifindex;
	dev->flags = IFF_UP;
	set_bit(__LINK_STATE_START, &dev->state);	/* netif_running() */
	return dev;
}

int gl_test_sw_init(struct kunit *test, struct gl_test_sw *t, bool fdb)
{
	struct gl_switch *sw;
	int i, err;

	memset(t, 0, sizeof(*t));
	gl_test_ntf_reset();
	sw = kzalloc(sizeof(*sw), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sw);
	t->sw = sw;
	INIT_LIST_HEAD(&sw->ports);
	INIT_LIST_HEAD(&sw->granted);
	sw->ageing_time = GL_DEFAULT_AGEING;
	sw->max_learned = GL_DEFAULT_MAX_LEARNED;
	sw->dev = gl_test_dev(1);
	KUNIT_ASSERT_NOT_NULL(test, sw->dev);
	KUNIT_ASSERT_EQ(test, gl_test_port_init(sw, &sw->host, sw->dev), 0);

	for (i = 0; i < GL_TEST_PORTS; i++) {
		struct gl_port *p = kzalloc(sizeof(*p), GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, p);
		t->port[i] = p;
		p->dev = gl_test_dev(10 + i);
		KUNIT_ASSERT_NOT_NULL(test, p->dev);
		KUNIT_ASSERT_EQ(test, gl_test_port_init(sw, p, p->dev), 0);
		list_add_tail_rcu(&p->list, &sw->ports);
		sw->n_ports++;
	}
	if (fdb) {
		gl_hn_init(sw);
		err = gl_fdb_init(sw);
		KUNIT_ASSERT_EQ(test, err, 0);
		t->fdb = true;
	}
	return 0;
}

static void gl_test_port_free(struct gl_port *p)
{
	free_percpu(p->stats);
	kfree(p->dev);
}

void gl_test_sw_exit(struct gl_test_sw *t)
{
	struct gl_switch *sw = t->sw;
	int i;

	if (!sw)
		return;
	if (t->fdb) {
		gl_fdb_uninit(sw);
		gl_hn_uninit(sw);
	}
	synchronize_rcu();
	for (i = 0; i < GL_TEST_PORTS; i++) {
		if (!t->port[i])
			continue;
		gl_test_port_free(t->port[i]);
		kfree(t->port[i]);
	}
	gl_test_port_free(&sw->host);
	kfree(sw);
	t->sw = NULL;
}

u64 gl_test_drops(const struct gl_port *p, enum gl_drop why)
{
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += u64_stats_read(&per_cpu_ptr(p->stats, cpu)->drops[why]);
	return n;
}

u64 gl_test_learn_refused(const struct gl_port *p)
{
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += u64_stats_read(&per_cpu_ptr(p->stats, cpu)->learn_refused);
	return n;
}

u64 gl_test_counter(const struct gl_port *p, size_t offset)
{
	u64 n = 0;
	int cpu;

	for_each_possible_cpu(cpu)
		n += u64_stats_read((const u64_stats_t *)
				    ((const char *)per_cpu_ptr(p->stats, cpu) + offset));
	return n;
}

struct sk_buff *gl_test_frame(const u8 *dst, const u8 *src)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	struct ethhdr *eth;

	if (!skb)
		return NULL;
	skb_reserve(skb, 16);
	skb_reset_mac_header(skb);
	eth = skb_put_zero(skb, ETH_ZLEN);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, src);
	eth->h_proto = htons(0x88b5);
	skb_pull(skb, ETH_HLEN);
	skb->protocol = eth->h_proto;
	return skb;
}

static int __init gl_test_module_init(void)
{
	return gl_fdb_module_init();	/* the gl_fdb cache of fdb.c */
}

static void __exit gl_test_module_exit(void)
{
	gl_fdb_module_exit();
}

module_init(gl_test_module_init);
module_exit(gl_test_module_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of guestlan (fdb.c, forward.c, bridgeport.c, guard.c)");
