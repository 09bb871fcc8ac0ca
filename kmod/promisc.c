// SPDX-License-Identifier: GPL-2.0
/*
 * Promiscuous grants: the admin authorizes a port (for some or all of its
 * VLANs), the guest asks for promiscuous mode, and only then does the port
 * get a copy of the LAN's traffic (forward.c: gl_copies()).
 *
 * The guest asks by setting IFF_PROMISC on the port device the way a user
 * does: "ip link set DEV promisc on", SIOCSIFFLAGS, or the ioctl of
 * /dev/guestlan, which sets the same flag.  That flag is dev->gflags:
 * promiscuity the switch itself or a packet socket (tcpdump) takes on the
 * port only raises dev->promiscuity and does not count as asking.
 *
 * No notifier reports IFF_PROMISC changes, so the datapath reads the flag
 * of the port at each frame, and a worker announces state changes (off,
 * requested, active) a few times a second.
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

/* Replace the grant of @p (NULL: revoke).  RTNL. */
void gl_grant_set(struct gl_port *p, struct gl_grant *g)
{
	struct gl_grant *old = rtnl_dereference(p->grant);

	ASSERT_RTNL();
	rcu_assign_pointer(p->grant, g);
	if (g && !old)
		list_add_tail_rcu(&p->grant_list, &p->sw->granted);
	else if (!g && old)
		list_del_rcu(&p->grant_list);
	if (old)
		kfree_rcu(old, rcu);
}

static u8 gl_promisc_state(const struct gl_port *p)
{
	if (!(p->dev->gflags & IFF_PROMISC) || p->reflect_promisc)
		return GUESTLAN_PROMISC_STATE_OFF;
	if (!rcu_access_pointer(p->grant))
		return GUESTLAN_PROMISC_STATE_REQUESTED;
	return GUESTLAN_PROMISC_STATE_ACTIVE;
}

static void gl_promisc_denied(struct gl_port *p)
{
	p->promisc_denied++;
	net_info_ratelimited("%s: port %s asked for promiscuous mode without a grant\n",
			     p->sw->dev->name, p->dev->name);
}

/* reflect_promisc: the promiscuous flag requests a bridge-port role */
static void gl_promisc_reflect(struct gl_port *p)
{
	u8 role = p->dev->gflags & IFF_PROMISC ? p->reflect_promisc :
						 GUESTLAN_BRIDGE_ROLE_NONE;

	if (role != p->role && gl_port_set_role(p, role, NULL))
		net_info_ratelimited("%s: port %s: promiscuous mode cannot take the %s bridge-port role\n",
				     p->sw->dev->name, p->dev->name,
				     role == GUESTLAN_BRIDGE_ROLE_PRIMARY ?
				     "primary" : "secondary");
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
	if (state == GUESTLAN_PROMISC_STATE_REQUESTED)
		gl_promisc_denied(p);
	gl_notify_promisc(p, prev);
}

static void gl_promisc_work(struct work_struct *work)
{
	struct gl_switch *sw = container_of(to_delayed_work(work),
					    struct gl_switch, promisc_work);
	unsigned long delay = GL_PROMISC_POLL;
	struct gl_port *p;

	/* the switch's teardown cancels this work under RTNL */
	if (rtnl_trylock()) {
		list_for_each_entry(p, &sw->ports, list)
			gl_promisc_update(p);
		rtnl_unlock();
	} else {
		delay = 1;
	}
	queue_delayed_work(system_power_efficient_wq, &sw->promisc_work,
			   delay);
}

void gl_promisc_init(struct gl_switch *sw)
{
	INIT_DELAYED_WORK(&sw->promisc_work, gl_promisc_work);
	queue_delayed_work(system_power_efficient_wq, &sw->promisc_work,
			   GL_PROMISC_POLL);
}

void gl_promisc_uninit(struct gl_switch *sw)
{
	cancel_delayed_work_sync(&sw->promisc_work);
}

/* /dev/guestlan */

/* May the caller toggle promiscuous mode of @p granted by @g? */
static bool gl_may_toggle(const struct gl_port *p, const struct gl_grant *g)
{
	if (ns_capable(dev_net(p->dev)->user_ns, CAP_NET_ADMIN))
		return true;
	if (g->has_uid && uid_eq(current_euid(), g->uid))
		return true;
	return g->has_gid && in_egroup_p(g->gid);
}

static int gl_ioc_promisc(struct guestlan_promisc *req, bool set)
{
	struct net *net = current->nsproxy->net_ns;
	const struct gl_grant *g;
	struct net_device *dev;
	struct gl_port *p;
	int err = 0;

	rtnl_lock();
	dev = __dev_get_by_index(net, req->ifindex);
	if (!dev) {
		err = -ENODEV;
		goto out;
	}
	p = gl_port_get_rtnl(dev);
	if (!p) {
		err = -ENOTTY;		/* not a guestlan port */
		goto out;
	}
	g = rtnl_dereference(p->grant);
	if (set) {
		if (!g) {
			if (req->on)
				gl_promisc_denied(p);
			err = -EPERM;
			goto out;
		}
		if (!gl_may_toggle(p, g)) {
			err = -EPERM;
			goto out;
		}
		err = dev_change_flags(dev, req->on ?
				       dev_get_flags(dev) | IFF_PROMISC :
				       dev_get_flags(dev) & ~IFF_PROMISC, NULL);
		if (err)
			goto out;
		gl_promisc_update(p);
	}
	req->on = !!(dev->gflags & IFF_PROMISC);
	req->state = gl_promisc_state(p);
	req->granted = !!g;
out:
	rtnl_unlock();
	return err;
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
