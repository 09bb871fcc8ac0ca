// SPDX-License-Identifier: GPL-2.0
/*
 * Promiscuous grants: the admin authorizes a port (for some or all of its
 * VLANs), the guest asks for promiscuous mode, and only then does the port
 * get a copy of the LAN's traffic (forward.c: gl_copies()).
 *
 * Who asks, exactly (guestlan.h: gl_port_asks()):
 * - a container guest, by making its own interface -- the port's veth
 *   peer, in whatever netns -- promiscuous in any way: ip link set eth0
 *   promisc on, SIOCSIFFLAGS, a plain tcpdump -i eth0 (libpcap's
 *   PACKET_MR_PROMISC);
 * - through /dev/guestlan: the guest on its own eth0, or the grant's owner
 *   -- a VM's agent, as a virtio-net guest's request ends in QEMU -- or the
 *   admin on the port.  That request is the module's own bit
 *   (@gl_port.promisc_req), not any device's flag: a revoke drops it, and
 *   a new grant starts without it;
 * - the admin, on the guest's behalf: the user flag of the port device
 *   (dev->gflags) through ip link or SIOCSIFFLAGS.
 * The switch's own promiscuity on its ports and a host tcpdump on a port
 * raise only dev->promiscuity of the port and do not count; a peer that is
 * itself a port of a switch is no guest (both ends of a veth as ports).
 *
 * No notifier reports IFF_PROMISC changes, so the datapath evaluates the
 * request at each frame (a granted guest's copies start with its next
 * frame), and a worker polls the ports to announce state changes (off,
 * requested, active) and to take or drop reflect_promisc roles: four
 * times a second while some port has a grant, reflect_promisc or a
 * request; every two seconds while the switch has ports but none of
 * these (an ungranted request is then announced within 2 s); not at all
 * without ports.  When RTNL is busy, it retries after 20 ms.
 */
#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <net/net_namespace.h>
#include <linux/guestlan.h>

#include "guestlan.h"

#define GL_PROMISC_POLL		(HZ / 4)
#define GL_PROMISC_IDLE		(2 * HZ)
#define GL_PROMISC_BUSY		(HZ / 50)
#define GL_REFLECT_BUDGET	4	/* role changes per poll and switch */
#define GL_REFLECT_LOG_INTERVAL	(10 * HZ)
#define GL_REFLECT_LOG_BURST	5

/* Word @w of the VLANs in which @g (NULL: none) gives @p copies (if asked) */
static unsigned long gl_grant_vlans_word(const struct gl_port *p,
					 const struct gl_grant *g,
					 unsigned int w)
{
	if (!g)
		return 0;
	return g->all_vlans ? p->vlans[w] : p->vlans[w] & g->vlans[w];
}

/*
 * @gl_switch.grant_vlans anew, from the granted ports' grants and
 * memberships: after a grant or a membership was withdrawn (it only
 * shrinks then; what grows it is added before it is published).  RTNL.
 */
void gl_grant_vlans_sync(struct gl_switch *sw)
{
	const struct gl_port *p;
	unsigned long v;
	unsigned int w;

	ASSERT_RTNL();
	for (w = 0; w < BITS_TO_LONGS(VLAN_N_VID); w++) {
		v = 0;
		list_for_each_entry(p, &sw->granted, grant_list)
			v |= gl_grant_vlans_word(p, rtnl_dereference(p->grant), w);
		WRITE_ONCE(sw->grant_vlans[w], v);
	}
}

/* Do @a and @b name the same owner? */
static bool gl_grant_same_owner(const struct gl_grant *a,
				const struct gl_grant *b)
{
	return a->has_uid == b->has_uid && a->has_gid == b->has_gid &&
	       (!a->has_uid || uid_eq(a->uid, b->uid)) &&
	       (!a->has_gid || gid_eq(a->gid, b->gid));
}

/*
 * Replace the grant of @p (NULL: revoke).  A revoke, or a grant to another
 * owner, drops the request the port made through /dev/guestlan: a new grant
 * starts with none (cleared before the grant goes, so that no reader sees
 * the request without a grant).  The port stays on @gl_switch.granted until
 * it dies (gl_grant_unlist()).  RTNL.
 */
void gl_grant_set(struct gl_port *p, struct gl_grant *g)
{
	struct gl_grant *old = rtnl_dereference(p->grant);
	struct gl_switch *sw = p->sw;
	unsigned int w;

	ASSERT_RTNL();
	/* the datapath's VLAN filter knows the new grant before it applies */
	for (w = 0; g && w < BITS_TO_LONGS(VLAN_N_VID); w++)
		WRITE_ONCE(sw->grant_vlans[w],
			   sw->grant_vlans[w] | gl_grant_vlans_word(p, g, w));
	if (!g || !old || !gl_grant_same_owner(old, g))
		WRITE_ONCE(p->promisc_req, false);
	rcu_assign_pointer(p->grant, g);
	if (g && !p->grant_listed) {
		list_add_tail_rcu(&p->grant_list, &sw->granted);
		p->grant_listed = true;
	}
	if (old) {
		gl_grant_vlans_sync(sw);
		kfree_rcu(old, rcu);
	}
}

/* @p dies: off @gl_switch.granted, without its grant.  RTNL. */
void gl_grant_unlist(struct gl_port *p)
{
	ASSERT_RTNL();
	gl_grant_set(p, NULL);
	if (p->grant_listed)
		list_del_rcu(&p->grant_list);
	p->grant_listed = false;
}

/* The state of @p as the datapath applies it.  RCU or RTNL. */
static u8 gl_promisc_state(const struct gl_port *p)
{
	u8 state = GUESTLAN_PROMISC_STATE_OFF;

	rcu_read_lock();
	if (gl_port_asks(p) && !READ_ONCE(p->reflect_promisc))
		state = rcu_access_pointer(p->grant) ?
			GUESTLAN_PROMISC_STATE_ACTIVE :
			GUESTLAN_PROMISC_STATE_REQUESTED;
	rcu_read_unlock();
	return state;
}

/* gl_port_asks() from the control path.  RTNL. */
static bool gl_port_asks_rtnl(const struct gl_port *p)
{
	bool asks;

	ASSERT_RTNL();
	rcu_read_lock();
	asks = gl_port_asks(p);
	rcu_read_unlock();
	return asks;
}

static void gl_promisc_denied(struct gl_port *p)
{
	atomic_long_inc(&p->promisc_denied);
	net_info_ratelimited("%s: port %s asked for promiscuous mode without a grant\n",
			     p->sw->dev->name, p->dev->name);
}

/*
 * reflect_promisc: the promiscuous flag requests a bridge-port role.  A
 * role that cannot be taken (another port is primary) is retried at each
 * poll and logged once until it is taken or no longer requested.  Each
 * change runs an election with its events and uevents, and guests toggle
 * at will: a switch makes at most GL_REFLECT_BUDGET changes per poll (the
 * rest wait for the next one, GL_PROMISC_POLL later, and go first then:
 * @gl_port.reflect_deferred), and logs a few
 * lines per GL_REFLECT_LOG_INTERVAL whatever the number of ports.
 */
static void gl_promisc_reflect(struct gl_port *p)
{
	u8 role = gl_port_asks_rtnl(p) ? p->reflect_promisc :
					 GUESTLAN_BRIDGE_ROLE_NONE;
	struct gl_switch *sw = p->sw;

	p->reflect_deferred = false;
	if (role == p->role) {
		p->reflect_blocked = false;
		return;
	}
	if (!sw->reflect_budget) {
		p->reflect_deferred = true;	/* first at the next poll */
		return;
	}
	if (!gl_port_set_role(p, role, NULL)) {
		sw->reflect_budget--;
		p->reflect_blocked = false;
		return;
	}
	if (!p->reflect_blocked && __ratelimit(&sw->reflect_rs))
		netdev_info(sw->dev,
			    "port %s: promiscuous mode cannot take the %s bridge-port role; retrying\n",
			    p->dev->name,
			    role == GUESTLAN_BRIDGE_ROLE_PRIMARY ?
			    "primary" : "secondary");
	p->reflect_blocked = true;
}

/* Announce a change of the state of @p.  RTNL. */
void gl_promisc_update(struct gl_port *p)
{
	u8 prev = p->promisc_state, state = gl_promisc_state(p);

	ASSERT_RTNL();
	if (p->reflect_promisc)
		gl_promisc_reflect(p);
	if (state == prev)
		return;
	p->promisc_state = state;
	if (state != GUESTLAN_PROMISC_STATE_OFF)
		gl_promisc_kick(p->sw);
	if (state == GUESTLAN_PROMISC_STATE_REQUESTED)
		gl_promisc_denied(p);
	gl_notify_promisc(p, prev);
}

static void gl_promisc_work(struct work_struct *work)
{
	struct gl_switch *sw = container_of(to_delayed_work(work),
					    struct gl_switch, promisc_work);
	unsigned long delay = GL_PROMISC_IDLE;
	struct gl_port *p;
	bool empty;

	/* the switch's teardown cancels this work under RTNL */
	if (!rtnl_trylock()) {
		delay = GL_PROMISC_BUSY;
		goto requeue;
	}
	sw->reflect_budget = GL_REFLECT_BUDGET;
	/* the changes a spent budget put off go first: nobody starves */
	list_for_each_entry(p, &sw->ports, list)
		if (p->reflect_deferred && p->reflect_promisc)
			gl_promisc_reflect(p);
	list_for_each_entry(p, &sw->ports, list) {
		gl_promisc_update(p);
		if (rtnl_dereference(p->grant) || p->reflect_promisc ||
		    p->promisc_state != GUESTLAN_PROMISC_STATE_OFF)
			delay = GL_PROMISC_POLL;
	}
	empty = list_empty(&sw->ports);
	rtnl_unlock();
	if (empty)
		return;		/* until gl_promisc_kick() */
requeue:
	queue_delayed_work(system_power_efficient_wq, &sw->promisc_work,
			   delay);
}

/*
 * A port was added, got a grant or reflect_promisc: poll at the fast rate
 * from now on (the next poll decides again).  A poll due sooner is not
 * put off: kicks at any rate never starve the poller.  RTNL.
 */
void gl_promisc_kick(struct gl_switch *sw)
{
	struct delayed_work *dw = &sw->promisc_work;

	ASSERT_RTNL();
	if (!delayed_work_pending(dw) ||
	    time_after(READ_ONCE(dw->timer.expires), jiffies + GL_PROMISC_POLL))
		mod_delayed_work(system_power_efficient_wq, dw, GL_PROMISC_POLL);
}

void gl_promisc_init(struct gl_switch *sw)
{
	INIT_DELAYED_WORK(&sw->promisc_work, gl_promisc_work);
	sw->reflect_budget = GL_REFLECT_BUDGET;
	ratelimit_state_init(&sw->reflect_rs, GL_REFLECT_LOG_INTERVAL,
			     GL_REFLECT_LOG_BURST);
	ratelimit_set_flags(&sw->reflect_rs, RATELIMIT_MSG_ON_RELEASE);
}

void gl_promisc_uninit(struct gl_switch *sw)
{
	cancel_delayed_work_sync(&sw->promisc_work);
}

/* /dev/guestlan */

/* Is the caller @g's owner (its uid, or a member of its gid)? */
bool gl_grant_owned_by_current(const struct gl_grant *g)
{
	return (g->has_uid && uid_eq(current_euid(), g->uid)) ||
	       (g->has_gid && in_egroup_p(g->gid));
}

/*
 * The port that @dev is, or whose guest's own interface @dev is (a veth
 * whose peer is a port).  RCU: a port is freed after a grace period, its
 * rx_handler_data cleared only after one (netdev_rx_handler_unregister()).
 */
static struct gl_port *gl_ioc_port(struct net_device *dev)
{
	const struct net_device_ops *ops = dev->netdev_ops;
	struct net_device *peer;
	struct gl_port *p;

	if (gl_dev_is_port(dev))
		return rcu_dereference(dev->rx_handler_data);
	if (!ops->ndo_get_peer_dev)
		return NULL;
	peer = ops->ndo_get_peer_dev(dev);
	if (!peer || !gl_dev_is_port(peer))
		return NULL;
	p = rcu_dereference(peer->rx_handler_data);
	return p && gl_port_guest_dev(p) == dev ? p : NULL;
}

/*
 * May a caller, @privileged or not, turn the request of @p (grant @g) to
 * @on?  0: yes; 1: nothing to do; -EPERM: no.  Who may: CAP_NET_ADMIN over
 * the named device's netns (a container's root for its own eth0, the
 * host's admin for the port) or the grant's owner uid/gid (an unprivileged
 * VM process, a container user); asking needs a grant.  Anybody else has
 * no request to withdraw: "off" is nothing to do for them, whatever the
 * port's state, and the answer tells them nothing about the grant or the
 * request.  RCU or RTNL.
 */
static int gl_ioc_may(const struct gl_port *p, const struct gl_grant *g,
		      bool on, bool privileged)
{
	if (!privileged && !(g && gl_grant_owned_by_current(g)))
		return on ? -EPERM : 1;
	if (on && !g)
		return -EPERM;
	return on == READ_ONCE(p->promisc_req);
}

/* The reply; @on and @granted only to whom may toggle (gl_ioc_may()) */
static void gl_ioc_reply(struct guestlan_promisc *req, const struct gl_port *p,
			 const struct gl_grant *g, bool privileged)
{
	bool mine = privileged || (g && gl_grant_owned_by_current(g));

	req->on = mine && READ_ONCE(p->promisc_req);
	req->state = gl_promisc_state(p);
	req->granted = mine && g;
}

/*
 * GET and SET resolve the device, check permission and rate-limit under RCU
 * alone: only a permitted change takes RTNL (and checks again under it).
 * Strangers and missing devices never reach RTNL.
 */
static int gl_ioc_promisc(struct guestlan_promisc *req, bool set)
{
	struct net *net = current->nsproxy->net_ns;
	const struct gl_grant *g;
	struct net_device *dev;
	bool privileged;
	struct gl_port *p;
	int err;

	dev = dev_get_by_index(net, req->ifindex);
	if (!dev)
		return -ENODEV;
	/* audited (ns_capable()) only when a change is made with it, below */
	privileged = ns_capable_noaudit(dev_net(dev)->user_ns, CAP_NET_ADMIN);

	rcu_read_lock();
	p = gl_ioc_port(dev);
	if (!p) {
		err = -ENOTTY;		/* neither a port nor a guest's interface */
		goto unlock;
	}
	g = rcu_dereference(p->grant);
	err = set ? gl_ioc_may(p, g, req->on, privileged) : 1;
	if (err == -EPERM && req->on && privileged)
		gl_promisc_denied(p);	/* the guest's side asked, ungranted */
	if (!err && !privileged && !__ratelimit(&p->promisc_rs))
		err = -EAGAIN;
	if (err)
		goto unlock;
	rcu_read_unlock();

	rtnl_lock();
	rcu_read_lock();
	p = gl_ioc_port(dev);
	rcu_read_unlock();
	/* a port dies under RTNL: @p stays until rtnl_unlock() */
	if (!p) {
		err = -ENOTTY;		/* it left the switch meanwhile */
	} else {
		g = rtnl_dereference(p->grant);
		err = gl_ioc_may(p, g, req->on, privileged);
		if (!err && privileged && !(g && gl_grant_owned_by_current(g)) &&
		    !ns_capable(dev_net(dev)->user_ns, CAP_NET_ADMIN))
			err = -EPERM;
		if (!err) {
			WRITE_ONCE(p->promisc_req, req->on);
			gl_promisc_update(p);
		}
		if (err >= 0)
			gl_ioc_reply(req, p, g, privileged);
	}
	rtnl_unlock();
	dev_put(dev);
	return err < 0 ? err : 0;

unlock:
	if (err > 0)
		gl_ioc_reply(req, p, g, privileged);
	rcu_read_unlock();
	dev_put(dev);
	return err < 0 ? err : 0;
}

static long gl_dev_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct guestlan_promisc req;
	int err;

	if (cmd != GUESTLAN_IOC_SET_PROMISC && cmd != GUESTLAN_IOC_GET_PROMISC)
		return -ENOTTY;
	if (copy_from_user(&req, uarg, sizeof(req)))
		return -EFAULT;
	if (req.on > 1)
		return -EINVAL;
	err = gl_ioc_promisc(&req, cmd == GUESTLAN_IOC_SET_PROMISC);
	if (err)
		return err;
	return copy_to_user(uarg, &req, sizeof(req)) ? -EFAULT : 0;
}

static const struct file_operations gl_dev_fops = {
	.owner		= THIS_MODULE,
	.unlocked_ioctl	= gl_dev_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

static struct miscdevice gl_miscdev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "guestlan",
	.fops	= &gl_dev_fops,
	.mode	= 0666,		/* every guest may ask; gl_may_toggle() decides */
};

int gl_promisc_dev_init(void)
{
	return misc_register(&gl_miscdev);
}

void gl_promisc_dev_exit(void)
{
	misc_deregister(&gl_miscdev);
}
