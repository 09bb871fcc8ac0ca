// SPDX-License-Identifier: GPL-2.0
/*
 * hostnotify: MACs learned and aged on the LAN are announced to the ports
 * that asked (port-set hostnotify, s390 qeth's bridge_hostnotify), as
 * host-ntf messages on the admin-only "hostnotify" genl group.
 *
 * The FDB queues events under its lock into a ring (gl_hn_queue()); a work
 * sends them (gl_hn_work()).  A full ring loses events and says so with
 * an abort event, as does a delivery that failed: the listener turns
 * hostnotify off and on for a fresh list.  Turning it on sends a reset,
 * then every MAC known on the other ports (gl_hn_sync()).
 *
 * The messages go out in batches, many to an skb (netlink-hostnotify.c).
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

#include "guestlan.h"


void gl_hn_queue(struct gl_switch *sw, const struct gl_fdb *f, u8 event)
{
	struct gl_hn_event *ev;

	lockdep_assert_held(&sw->fdb_lock);
	if (!sw->hn_on)
		return;
	if (sw->hn_count == GL_HN_RING) {
		sw->hn_overflow = true;
		return;
	}
	ev = &sw->hn_ring[sw->hn_count++];
	ether_addr_copy(ev->addr, f->key.addr);
	ev->vid = f->key.vid;
	ev->ifindex = f->port->dev->ifindex;
	ev->event = event;
	schedule_work(&sw->hn_work);
}

static const struct gl_hn_event gl_hn_abort = {
	.event = GUESTLAN_HOST_EVENT_ABORT,
};

/* @ev to every port with hostnotify but the MAC's own.  Under RCU. */
static void gl_hn_send(struct gl_switch *sw, struct gl_hn_batch *b,
		       const struct gl_hn_event *ev)
{
	struct gl_port *p;

	list_for_each_entry_rcu(p, &sw->ports, list)
		if (READ_ONCE(p->hostnotify) && p->dev->ifindex != ev->ifindex)
			gl_hn_batch_add(b, p, ev);
}

/*
 * The queued events, batched (under RCU, so GFP_ATOMIC).  Events that did
 * not fit the ring, or whose delivery failed, are announced with an abort:
 * the listener turns hostnotify off and on again for a fresh list.
 */
static void gl_hn_work(struct work_struct *work)
{
	struct gl_switch *sw = container_of(work, struct gl_switch, hn_work);
	struct gl_hn_batch b;
	unsigned int i, n;
	bool lost;

	spin_lock_bh(&sw->fdb_lock);
	n = sw->hn_count;
	memcpy(sw->hn_out, sw->hn_ring, n * sizeof(sw->hn_ring[0]));
	sw->hn_count = 0;
	lost = sw->hn_overflow || sw->hn_lost;
	sw->hn_overflow = false;
	spin_unlock_bh(&sw->fdb_lock);

	rcu_read_lock();
	gl_hn_batch_start(&b, sw, GFP_ATOMIC);
	for (i = 0; i < n; i++)
		gl_hn_send(sw, &b, &sw->hn_out[i]);
	if (lost)
		gl_hn_send(sw, &b, &gl_hn_abort);
	/* only this work sets hn_lost; the next run announces it */
	sw->hn_lost = gl_hn_batch_end(&b) && !lost;
	rcu_read_unlock();
}

/*
 * The initial list for @p: the entries of other ports, copied under RCU
 * into a snapshot, then sent from process context in batches.  What is
 * learned meanwhile reaches @p through hn_work (hn_on is already set).
 * A list that cannot be made or delivered whole ends with an abort.
 */
static void gl_hn_sync(struct gl_port *p)
{
	static const struct gl_hn_event reset = {
		.event = GUESTLAN_HOST_EVENT_RESET,
	};
	struct gl_switch *sw = p->sw;
	unsigned int i, n = 0, max;
	struct gl_hn_event *evs;
	struct gl_hn_batch b;
	struct gl_fdb *f;
	int err;

	gl_hn_batch_start(&b, sw, GFP_KERNEL);
	if (!b.listeners)
		return;
	gl_hn_batch_add(&b, p, &reset);
	max = READ_ONCE(sw->fdb_count);
	evs = kvmalloc_array(max ?: 1, sizeof(*evs), GFP_KERNEL);
	if (evs) {
		rcu_read_lock();
		hlist_for_each_entry_rcu(f, &sw->fdb_list, node) {
			struct gl_port *fp = READ_ONCE(f->port);

			if (fp == p || gl_port_is_host(fp))
				continue;
			if (n == max)
				break;	/* new since hn_on: in hn_work's ring */
			ether_addr_copy(evs[n].addr, f->key.addr);
			evs[n].vid = f->key.vid;
			evs[n].ifindex = fp->dev->ifindex;
			evs[n].event = GUESTLAN_HOST_EVENT_LEARNED;
			n++;
		}
		rcu_read_unlock();
		for (i = 0; i < n && !b.err; i++) {
			gl_hn_batch_add(&b, p, &evs[i]);
			cond_resched();
		}
		kvfree(evs);
	}
	err = gl_hn_batch_end(&b);
	if (!evs || err) {
		net_info_ratelimited("%s: port %s: hostnotify list not delivered whole (%d), sending abort\n",
				     sw->dev->name, p->dev->name,
				     evs ? err : -ENOMEM);
		gl_hn_batch_start(&b, sw, GFP_KERNEL);
		gl_hn_batch_add(&b, p, &gl_hn_abort);
		gl_hn_batch_end(&b);
	}
}

/* Turn hostnotify of @p on (reset, then every known MAC) or off.  RTNL. */
void gl_hn_set(struct gl_port *p, bool on)
{
	struct gl_switch *sw = p->sw;

	ASSERT_RTNL();
	if (p->hostnotify == on)
		return;
	WRITE_ONCE(p->hostnotify, on);
	if (on)
		sw->n_hostnotify++;
	else
		sw->n_hostnotify--;
	spin_lock_bh(&sw->fdb_lock);
	sw->hn_on = sw->n_hostnotify;
	spin_unlock_bh(&sw->fdb_lock);
	if (on)
		gl_hn_sync(p);
}

void gl_hn_init(struct gl_switch *sw)
{
	INIT_WORK(&sw->hn_work, gl_hn_work);
}

void gl_hn_uninit(struct gl_switch *sw)
{
	cancel_work_sync(&sw->hn_work);
}
