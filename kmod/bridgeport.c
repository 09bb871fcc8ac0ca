// SPDX-License-Identifier: GPL-2.0
/*
 * IBM Z bridge-port semantics on software ports (s390 qeth bridge_role,
 * bridge_state, bridge_hostnotify, bridge_reflect_promisc, vnicc/).
 *
 * Among the ports with a role exactly one is active: it receives the frames
 * for unknown destination MACs.  Election, under RTNL:
 *  - an up primary is always the active port;
 *  - otherwise the active secondary stays active while it is up;
 *  - otherwise the up secondary with the lowest ifindex becomes active.
 * "Up" is running with carrier.  Every state change is announced on the
 * genl "events" group and as a KOBJ_CHANGE uevent of the port device
 * (BRIDGEPORT=statechange ROLE=... STATE=...).
 *
 * hostnotify: MACs learned and aged on the LAN are announced to ports that
 * asked (host-ntf).  The FDB queues events under its lock; a work sends
 * them.  A full queue loses events and says so with an abort event.
 */
#include <linux/kobject.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "guestlan.h"

const struct gl_vnicc gl_vnicc_default = {
	.flooding		= true,
	.mcast_flooding		= true,
	.rx_bcast		= true,
	.learning		= true,
	.takeover_learning	= true,
};

bool gl_vnicc_is_default(const struct gl_vnicc *v)
{
	return !memcmp(v, &gl_vnicc_default, sizeof(*v));
}

static const char *const gl_role_names[] = {
	[GUESTLAN_BRIDGE_ROLE_NONE]		= "none",
	[GUESTLAN_BRIDGE_ROLE_PRIMARY]		= "primary",
	[GUESTLAN_BRIDGE_ROLE_SECONDARY]	= "secondary",
};

static const char *const gl_state_names[] = {
	[GUESTLAN_BRIDGE_STATE_INACTIVE]	= "inactive",
	[GUESTLAN_BRIDGE_STATE_STANDBY]		= "standby",
	[GUESTLAN_BRIDGE_STATE_ACTIVE]		= "active",
};

static bool gl_port_up(const struct gl_port *p)
{
	return netif_running(p->dev) && netif_carrier_ok(p->dev);
}

static void gl_bp_announce(struct gl_port *p, u8 prev)
{
	char role[32], state[32], event[] = "BRIDGEPORT=statechange";
	char *envp[4];

	envp[0] = event;
	envp[1] = role;
	envp[2] = state;
	envp[3] = NULL;
	snprintf(role, sizeof(role), "ROLE=%s", gl_role_names[p->role]);
	snprintf(state, sizeof(state), "STATE=%s",
		 gl_state_names[p->bridge_state]);
	kobject_uevent_env(&p->dev->dev.kobj, KOBJ_CHANGE, envp);
	gl_notify_bridgeport(p, prev);
}

void gl_bp_elect(struct gl_switch *sw)
{
	struct gl_port *p, *active = rtnl_dereference(sw->active_bp);
	struct gl_port *best = NULL;

	ASSERT_RTNL();
	if (active && (active->role == GUESTLAN_BRIDGE_ROLE_NONE ||
		       !gl_port_up(active)))
		active = NULL;

	list_for_each_entry(p, &sw->ports, list) {
		if (p->role == GUESTLAN_BRIDGE_ROLE_NONE || !gl_port_up(p))
			continue;
		if (p->role == GUESTLAN_BRIDGE_ROLE_PRIMARY) {
			best = p;
			break;
		}
		if (!best || p->dev->ifindex < best->dev->ifindex)
			best = p;
	}
	if (!active || (best && best->role == GUESTLAN_BRIDGE_ROLE_PRIMARY))
		active = best;
	rcu_assign_pointer(sw->active_bp, active);

	list_for_each_entry(p, &sw->ports, list) {
		u8 prev = p->bridge_state;

		if (p == active)
			p->bridge_state = GUESTLAN_BRIDGE_STATE_ACTIVE;
		else if (p->role != GUESTLAN_BRIDGE_ROLE_NONE && gl_port_up(p))
			p->bridge_state = GUESTLAN_BRIDGE_STATE_STANDBY;
		else
			p->bridge_state = GUESTLAN_BRIDGE_STATE_INACTIVE;
		if (p->bridge_state != prev)
			gl_bp_announce(p, prev);
	}
}

int gl_port_set_role(struct gl_port *p, u8 role, struct netlink_ext_ack *extack)
{
	struct gl_port *o;

	ASSERT_RTNL();
	if (role == p->role) {
		if (role == GUESTLAN_BRIDGE_ROLE_NONE)
			return 0;
		NL_SET_ERR_MSG_MOD(extack, "Port already has this role");
		return -EBUSY;
	}
	if (role != GUESTLAN_BRIDGE_ROLE_NONE && p->mirror_dest) {
		NL_SET_ERR_MSG_MOD(extack,
				   "The port is a mirror session's destination: it can have no bridge-port role");
		return -EBUSY;
	}
	if (role != GUESTLAN_BRIDGE_ROLE_NONE && !gl_vnicc_is_default(&p->vnicc)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "VNIC characteristics other than the defaults are in use on this port");
		return -EBUSY;
	}
	if (role == GUESTLAN_BRIDGE_ROLE_PRIMARY)
		list_for_each_entry(o, &p->sw->ports, list)
			if (o != p && o->role == GUESTLAN_BRIDGE_ROLE_PRIMARY) {
				NL_SET_ERR_MSG_MOD(extack,
						   "The switch already has a primary bridge port");
				return -EEXIST;
			}
	WRITE_ONCE(p->role, role);
	gl_bp_elect(p->sw);
	return 0;
}

/* hostnotify */

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
