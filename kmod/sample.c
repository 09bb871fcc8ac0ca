// SPDX-License-Identifier: GPL-2.0
/*
 * sFlow-style sampling: one frame in @gl_sample.rate, chosen at random, of
 * those a port receives (rx: what its guest sends into the switch) and/or
 * sends (tx), goes to a psample group -- the kernel's packet-sampling
 * channel that tc's act_sample and Open vSwitch feed, and that hsflowd's
 * psample module turns into sFlow for any collector.  A sample carries
 * the frame from its Ethernet header, cut to @gl_sample.trunc bytes, its
 * length, the rate, the input port's ifindex (the port itself for rx; for
 * tx the one the frame entered by, or the switch device for the host's)
 * and, for tx, the output ifindex; psample numbers the samples of a group.
 * The 802.1Q tag travels beside the frame (hwaccel), so it is not in the
 * copied header -- as with act_sample.
 *
 * The choice is an sFlow agent's: each CPU counts down a random gap to
 * its next sample (@gl_sample.skip), drawn once per sample, with mean
 * @gl_sample.rate (the sum of two uniform draws below rate, plus one: on
 * 1..2 * rate - 1), so a frame that is not sampled costs a decrement, not
 * a random number (tc's act_sample draws one per frame).
 *
 * The setting is replaced as a whole under RTNL (port-set) and read under
 * RCU by the datapath; the old one, and the psample group reference it
 * holds, go after a grace period (psample frees a group with kfree_rcu()
 * too).  A port that goes away drops its setting (gl_sample_clear()).
 */
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/psample.h>

#include "guestlan.h"

static void gl_sample_free_rcu(struct rcu_head *head)
{
	struct gl_sample *s = container_of(head, struct gl_sample, rcu);

	free_percpu(s->skip);
	kfree(s);
}

void gl_sample_free(struct gl_sample *s)
{
	if (!s)
		return;
#if IS_ENABLED(CONFIG_PSAMPLE)
	psample_group_put(s->group);
#endif
	/* readers still count down on it: module exit waits (rcu_barrier) */
	call_rcu(&s->rcu, gl_sample_free_rcu);
}

/* Frames to the next sample: mean @rate, at least 1 (u64: no wrap to 0) */
static u32 gl_sample_gap(u32 rate)
{
	u64 gap;

	if (rate <= 1)
		return 1;
	gap = 1 + (u64)get_random_u32_below(rate) + get_random_u32_below(rate);
	return min_t(u64, gap, U32_MAX);
}

/*
 * A setting for @p: one frame in @rate (> 0) to psample group @group, in
 * direction @dir, @trunc bytes of each.  Published by gl_sample_replace().
 */
struct gl_sample *gl_sample_new(struct gl_port *p, u32 rate, u32 group,
				u8 dir, u32 trunc,
				struct netlink_ext_ack *extack)
{
#if IS_ENABLED(CONFIG_PSAMPLE)
	struct gl_sample *s;
	int cpu;

	ASSERT_RTNL();
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->skip = alloc_percpu_gfp(u32, GFP_KERNEL_ACCOUNT);
	if (!s->skip)
		goto nomem;
	for_each_possible_cpu(cpu)
		*per_cpu_ptr(s->skip, cpu) = gl_sample_gap(rate);
	s->group = psample_group_get(dev_net(p->sw->dev), group);
	if (!s->group)
		goto nomem;
	s->group_num = group;
	s->rate = rate;
	s->dir = dir;
	s->trunc = trunc;
	return s;
nomem:
	free_percpu(s->skip);
	kfree(s);
	return ERR_PTR(-ENOMEM);
#else
	NL_SET_ERR_MSG_MOD(extack,
			   "This kernel has no psample (CONFIG_PSAMPLE): no sampling");
	return ERR_PTR(-EOPNOTSUPP);
#endif
}

/* Sample @p's frames as @s says (NULL: not at all) from now on */
void gl_sample_replace(struct gl_port *p, struct gl_sample *s)
{
	struct gl_sample *old = rtnl_dereference(p->sample);

	rcu_assign_pointer(p->sample, s);
	gl_sample_free(old);
}

void gl_sample_clear(struct gl_port *p)
{
	gl_sample_replace(p, NULL);
}

/*
 * Perhaps sample @skb (data at its MAC header), received by @p if @oif is
 * 0, else sent out of it; @iif: the port it entered by.
 */
void __gl_sample(struct gl_port *p, struct sk_buff *skb, int iif, int oif)
{
#if IS_ENABLED(CONFIG_PSAMPLE)
	const struct gl_sample *s = rcu_dereference(p->sample);
	struct psample_metadata md = {};
	struct gl_pcpu_stats *st;
	u32 *skip;

	if (!s || s->dir == (oif ? GUESTLAN_MIRROR_DIRECTION_RX :
				   GUESTLAN_MIRROR_DIRECTION_TX))
		return;
	/* BHs are off: this CPU's countdown is ours */
	skip = this_cpu_ptr(s->skip);
	if (--*skip)
		return;
	*skip = gl_sample_gap(s->rate);
	md.trunc_size = s->trunc ? s->trunc : skb->len;
	md.in_ifindex = iif;
	md.out_ifindex = oif;
	psample_sample_packet(s->group, skb, s->rate, &md);

	st = this_cpu_ptr(p->stats);
	u64_stats_update_begin(&st->syncp);
	u64_stats_inc(&st->sampled);
	u64_stats_update_end(&st->syncp);
#endif
}
