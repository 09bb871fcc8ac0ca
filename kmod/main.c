// SPDX-License-Identifier: GPL-2.0
/*
 * guestlan: a software Guest LAN (virtual switch) for Linux.
 */
#include <linux/module.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>
#include <net/rtnetlink.h>

#include "guestlan.h"

static int __init gl_init(void)
{
	int err;

	err = gl_fdb_module_init();
	if (err)
		return err;
	err = register_netdevice_notifier(&gl_netdev_notifier);
	if (err)
		goto err_fdb;
	err = rtnl_link_register(&gl_link_ops);
	if (err)
		goto err_notifier;
	err = gl_genl_init();
	if (err)
		goto err_link;
	err = gl_promisc_dev_init();
	if (err)
		goto err_genl;
	return 0;

err_genl:
	gl_genl_exit();
err_link:
	rtnl_link_unregister(&gl_link_ops);
err_notifier:
	unregister_netdevice_notifier(&gl_netdev_notifier);
err_fdb:
	gl_fdb_module_exit();
	return err;
}

static void __exit gl_exit(void)
{
	gl_promisc_dev_exit();
	gl_genl_exit();
	rtnl_link_unregister(&gl_link_ops);	/* deletes every switch */
	unregister_netdevice_notifier(&gl_netdev_notifier);
	rcu_barrier();		/* gl_port_free_rcu(), gl_sample_free_rcu() */
	gl_fdb_module_exit();
}

module_init(gl_init);
module_exit(gl_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("guestlan: software Guest LAN switch with promiscuous grants");
MODULE_AUTHOR("The guestlan developers");
MODULE_ALIAS_RTNL_LINK("guestlan");
MODULE_ALIAS_GENL_FAMILY("guestlan");
MODULE_VERSION(GUESTLAN_VERSION);
