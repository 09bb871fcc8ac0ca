// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: attaching Ethernet devices to a switch, detaching them, and
 * following what happens to them (netdevice notifier).  All under RTNL.
 */
#include <linux/if_arp.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "guestlan.h"

/* + 1 for each port added or deleted, in any switch: port dumps' cb->seq */
unsigned int gl_ports_gen;

struct gl_port *gl_port_get_rtnl(const struct net_device *dev)
{
	ASSERT_RTNL();
	if (rcu_access_pointer(dev->rx_handler) != gl_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

int gl_port_init(struct gl_switch *sw, struct gl_port *p,
		 struct net_device *dev)
{
	p->stats = netdev_alloc_pcpu_stats(struct gl_pcpu_stats);
	if (!p->stats)
		return -ENOMEM;
	p->sw = sw;
	p->dev = dev;
	p->pvid = GL_DEFAULT_PVID;
	set_bit(GL_DEFAULT_PVID, p->vlans);
	set_bit(GL_DEFAULT_PVID, p->untagged);
	INIT_LIST_HEAD(&p->grant_list);
	p->vnicc = gl_vnicc_default;
	p->max_learned = GL_DEFAULT_PORT_MAX_LEARNED;
	/* an unprivileged owner may flip the flag 10 times a second */
	ratelimit_state_init(&p->promisc_rs, HZ, 10);
	ratelimit_set_flags(&p->promisc_rs, RATELIMIT_MSG_ON_RELEASE);
	gl_guard_port_init(p);
	return 0;
}

/*
 * VLAN membership.  The switch device's own port also keeps a local FDB
 * entry for its address in each of its VLANs.
 */
int gl_vlan_add(struct gl_port *p, u16 vid, bool pvid, bool untagged)
{
	struct gl_switch *sw = p->sw;
	int err;

	ASSERT_RTNL();
	if (gl_port_is_host(p) && !test_bit(vid, p->vlans)) {
		err = gl_fdb_add_static(sw, p, sw->dev->dev_addr, vid,
					GUESTLAN_FDB_FLAGS_LOCAL);
		if (err)
			return err;
		err = gl_uc_vlan_add(sw, vid);
		if (err) {
			gl_fdb_del_local(sw, sw->dev->dev_addr, vid);
			return err;
		}
	}
	if (untagged)
		set_bit(vid, p->untagged);
	else
		clear_bit(vid, p->untagged);
	if (gl_grant_covers(rtnl_dereference(p->grant), vid)) {
		set_bit(vid, p->sw->grant_vlans);
		smp_mb__after_atomic();		/* before the member */
	}
	set_bit(vid, p->vlans);
	if (pvid)
		WRITE_ONCE(p->pvid, vid);
	return 0;
}

int gl_vlan_del(struct gl_port *p, u16 vid)
{
	ASSERT_RTNL();
	if (!test_bit(vid, p->vlans))
		return -ENOENT;
	if (p->pvid == vid)
		WRITE_ONCE(p->pvid, 0);
	clear_bit(vid, p->vlans);
	clear_bit(vid, p->untagged);
	gl_grant_vlans_sync(p->sw);
	/*
	 * A reader that saw the old PVID or membership may still learn in
	 * @vid: it checks the membership again under fdb_lock, which the
	 * flush takes first.  No grace period to wait for: vlan-del in a
	 * loop (any user namespace can drive one) must not force expedited
	 * ones under RTNL.
	 */
	gl_fdb_flush(p->sw, p, vid, true, true);
	return 0;
}

void gl_port_uninit(struct gl_port *p)
{
	free_percpu(p->stats);
}

static void gl_port_free_rcu(struct rcu_head *head)
{
	struct gl_port *p = container_of(head, struct gl_port, rcu);

	netdev_put(p->dev, &p->dev_tracker);
	gl_port_uninit(p);
	kfree(p);
}

/* Can @dev become a port of @sw?  Tell why not. */
static int gl_port_check(struct gl_switch *sw, struct net_device *dev,
			 struct netlink_ext_ack *extack)
{
	if (dev == sw->dev) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot add the switch to itself");
		return -ELOOP;
	}
	if (netif_is_guestlan(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Cannot add a guestlan switch as a port of another");
		return -ELOOP;
	}
	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG_MOD(extack, "Cannot add a loopback device as a port");
		return -EINVAL;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    !dev->header_ops) {
		NL_SET_ERR_MSG_MOD(extack, "Only Ethernet devices can be ports");
		return -EINVAL;
	}
	if (netdev_master_upper_dev_get(dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device is already enslaved (it has a master)");
		return -EBUSY;
	}
	if (netdev_has_upper_dev(sw->dev, dev)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device is stacked on the switch; adding it would loop");
		return -ELOOP;
	}
	return 0;
}

/*
 * Is @dev an Ethernet tunnel's end: what it receives comes from stations
 * behind another host, so the MACs learned on it are not its own
 * (MAC ownership, fdb.c)?
 */
static bool gl_dev_is_tunnel(const struct net_device *dev)
{
	static const char *const kinds[] = {
		"vxlan", "geneve", "gretap", "ip6gretap", "erspan", "ip6erspan",
	};
	int i;

	if (!dev->rtnl_link_ops)
		return false;
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!strcmp(dev->rtnl_link_ops->kind, kinds[i]))
			return true;
	return false;
}

int gl_port_add(struct gl_switch *sw, struct net_device *dev,
		struct netlink_ext_ack *extack)
{
	struct gl_port *p;
	int err;

	ASSERT_RTNL();
	err = gl_port_check(sw, dev, extack);
	if (err)
		return err;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	err = gl_port_init(sw, p, dev);
	if (err)
		goto err_free;
	/*
	 * An external erspan device sends nothing without a session's tunnel
	 * metadata, and what it decapsulates is the far side's: it is a
	 * mirror destination for good, switching nothing (mirror.c).
	 */
	p->mirror_dest = gl_mirror_erspan_dev(dev);
	p->tunnel = gl_dev_is_tunnel(dev);
	err = gl_guard_template(p);
	if (err)
		goto err_uninit;

	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_uninit;

	err = netdev_rx_handler_register(dev, gl_handle_frame, p);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Device is busy: another driver (macvlan, ipvlan, ...) receives on it");
		goto err_promisc;
	}

	err = netdev_master_upper_dev_link(dev, sw->dev, NULL, NULL, extack);
	if (err)
		goto err_rx_handler;

	dev_disable_lro(dev);
	netdev_hold(dev, &p->dev_tracker, GFP_KERNEL);
	list_add_tail_rcu(&p->list, &sw->ports);
	sw->n_ports++;
	WRITE_ONCE(gl_ports_gen, gl_ports_gen + 1);
	gl_notify_port(p, false);
	gl_promisc_kick(sw);
	return 0;

err_rx_handler:
	/* waits for the rx path; what it learned on p meanwhile must go, and
	 * the readers of those entries must be done before p is freed
	 */
	netdev_rx_handler_unregister(dev);
	gl_fdb_flush(sw, p, 0, true, true);
	synchronize_net();
err_promisc:
	dev_set_promiscuity(dev, -1);
err_uninit:
	kfree(rtnl_dereference(p->guard));
	gl_port_uninit(p);
err_free:
	kfree(p);
	return err;
}

void gl_port_del(struct gl_port *p)
{
	struct gl_switch *sw = p->sw;
	struct net_device *dev = p->dev;

	ASSERT_RTNL();
	gl_notify_port(p, true);
	gl_mirror_port_del(p);
	gl_sample_clear(p);
	gl_grant_unlist(p);
	gl_hn_set(p, false);
	if (p->role != GUESTLAN_BRIDGE_ROLE_NONE) {
		/* announce it inactive while it is still on the list */
		WRITE_ONCE(p->role, GUESTLAN_BRIDGE_ROLE_NONE);
		gl_bp_elect(sw);
	}
	list_del_rcu(&p->list);
	sw->n_ports--;
	WRITE_ONCE(gl_ports_gen, gl_ports_gen + 1);
	netdev_upper_dev_unlink(dev, sw->dev);
	/* waits for the readers of the rx path: nothing learns on p after */
	netdev_rx_handler_unregister(dev);
	/* guarded to the last frame; off the list, p claims no MAC now */
	gl_guard_set(p, NULL);
	dev_set_promiscuity(dev, -1);
	gl_fdb_flush(sw, p, 0, true, true);
	call_rcu(&p->rcu, gl_port_free_rcu);
}

static int gl_netdev_event(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct gl_port *p, *tmp;

	if (netif_is_guestlan(dev)) {
		struct gl_switch *sw = netdev_priv(dev);

		/* deleted or moved to another netns: its ports stay behind */
		if (event == NETDEV_UNREGISTER)
			list_for_each_entry_safe(p, tmp, &sw->ports, list)
				gl_port_del(p);
		return NOTIFY_DONE;
	}

	p = gl_port_get_rtnl(dev);
	if (!p)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
		gl_port_del(p);
		break;
	case NETDEV_PRE_TYPE_CHANGE:
		/* a port must stay Ethernet */
		return notifier_from_errno(-EBUSY);
	case NETDEV_UP:
	case NETDEV_DOWN:
	case NETDEV_CHANGE:
		gl_notify_port(p, false);
		gl_bp_elect(p->sw);
		break;
	}
	return NOTIFY_DONE;
}

struct notifier_block gl_netdev_notifier = {
	.notifier_call = gl_netdev_event,
};
