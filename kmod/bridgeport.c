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
 * hostnotify (the host events of a bridge port) is in hostnotify.c.
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
	/* a guest port keeps its MACs (fdb.c: gl_fdb_owner_yields()) */
	.takeover_learning	= false,
};

bool gl_vnicc_is_default(const struct gl_vnicc *v)
{
	return !memcmp(v, &gl_vnicc_default, sizeof(*v));
}

/*
 * A bridge-port role and VNIC characteristics other than the defaults
 * exclude each other: may @p have @role with @v?
 */
int gl_vnicc_role_check(const struct gl_port *p, u8 role,
			const struct gl_vnicc *v, struct netlink_ext_ack *extack)
{
	if (role == GUESTLAN_BRIDGE_ROLE_NONE || gl_vnicc_is_default(v))
		return 0;
	if (role == p->role)
		NL_SET_ERR_MSG_MOD(extack,
				   "VNIC characteristics cannot change on a port with a bridge-port role");
	else
		NL_SET_ERR_MSG_MOD(extack,
				   "VNIC characteristics other than the defaults are in use on this port");
	return -EBUSY;
}

/* Set the VNIC characteristics of @p (the datapath reads them locklessly) */
void gl_vnicc_set(struct gl_port *p, const struct gl_vnicc *v)
{
	ASSERT_RTNL();
	WRITE_ONCE(p->vnicc.flooding, v->flooding);
	WRITE_ONCE(p->vnicc.mcast_flooding, v->mcast_flooding);
	WRITE_ONCE(p->vnicc.rx_bcast, v->rx_bcast);
	WRITE_ONCE(p->vnicc.learning, v->learning);
	WRITE_ONCE(p->vnicc.takeover_learning, v->takeover_learning);
	WRITE_ONCE(p->vnicc.takeover_setvmac, v->takeover_setvmac);
	WRITE_ONCE(p->vnicc.bridge_invisible, v->bridge_invisible);
	WRITE_ONCE(p->vnicc.learning_timeout, v->learning_timeout);
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
	if (role != GUESTLAN_BRIDGE_ROLE_NONE &&
	    gl_port_check_not_mirror_dest(p, NULL, extack))
		return -EBUSY;
	if (gl_vnicc_role_check(p, role, &p->vnicc, extack))
		return -EBUSY;
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
