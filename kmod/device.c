// SPDX-License-Identifier: GPL-2.0
/*
 * The switch net_device ("ip link add lan0 type guestlan").  It is the
 * host's port onto the LAN: what the host sends on it enters the switch,
 * and frames for its address (and floods) are received on it.
 */
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/rtnetlink.h>
#include <linux/guestlan.h>

#include "compat.h"
#include "guestlan.h"

static const struct net_device_ops gl_netdev_ops;

bool netif_is_guestlan(const struct net_device *dev)
{
	return dev->netdev_ops == &gl_netdev_ops;
}

void gl_stats_read(const struct gl_port *p, struct gl_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	sum->promisc_denied = atomic_long_read(&p->promisc_denied);
	for_each_possible_cpu(cpu) {
		const struct gl_pcpu_stats *s = per_cpu_ptr(p->stats, cpu);
		struct gl_stats one;
		unsigned int start;

		memset(&one, 0, sizeof(one));
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			one.rx_packets = u64_stats_read(&s->rx_packets);
			one.rx_bytes = u64_stats_read(&s->rx_bytes);
			one.rx_accepted = u64_stats_read(&s->rx_accepted);
			one.tx_packets = u64_stats_read(&s->tx_packets);
			one.tx_bytes = u64_stats_read(&s->tx_bytes);
			one.flooded = u64_stats_read(&s->flooded);
			one.learn_refused = u64_stats_read(&s->learn_refused);
			one.learn_dampened = u64_stats_read(&s->learn_dampened);
			one.promisc_tx = u64_stats_read(&s->promisc_tx);
			one.sampled = u64_stats_read(&s->sampled);
			for (i = 0; i < GL_DROP_MAX; i++)
				one.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		gl_stats_add(sum, &one);
	}
}

static int gl_dev_init(struct net_device *dev)
{
	struct gl_switch *sw = netdev_priv(dev);
	int err;

	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats)
		return -ENOMEM;

	err = gl_port_init(sw, &sw->host, dev);
	if (err)
		goto err_free_tstats;

	err = gl_uns_init(sw);
	if (err)
		goto err_port;

	err = gl_fdb_init(sw);
	if (err)
		goto err_uns;

	err = gl_fdb_add_static(sw, &sw->host, dev->dev_addr, GL_DEFAULT_PVID,
				GUESTLAN_FDB_FLAGS_LOCAL);
	if (err)
		goto err_fdb;
	gl_promisc_init(sw);
	gl_hn_init(sw);
	gl_guard_switch_init(sw);
	return 0;

err_fdb:
	gl_fdb_uninit(sw);
err_uns:
	gl_uns_uninit(sw);
err_port:
	gl_port_uninit(&sw->host);
err_free_tstats:
	free_percpu(dev->tstats);
	return err;
}

/* After the last reader is gone: no port is attached any more */
static void gl_dev_uninit(struct net_device *dev)
{
	struct gl_switch *sw = netdev_priv(dev);

	gl_mirror_uninit(sw);
	gl_promisc_uninit(sw);
	gl_fdb_uninit(sw);
	gl_uns_uninit(sw);
	gl_hn_uninit(sw);
	gl_guard_switch_uninit(sw);
	gl_port_uninit(&sw->host);
	free_percpu(dev->tstats);
}

static int gl_dev_open(struct net_device *dev)
{
	netif_start_queue(dev);
	return 0;
}

static int gl_dev_stop(struct net_device *dev)
{
	netif_stop_queue(dev);
	return 0;
}

static netdev_tx_t gl_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct gl_switch *sw = netdev_priv(dev);

	dev_sw_netstats_tx_add(dev, 1, skb->len);

	rcu_read_lock();
	/* Enter the switch as a port does: MAC header pulled, tag in skb */
	skb_reset_mac_header(skb);
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		gl_count_rx(&sw->host, skb->len);
		gl_drop(&sw->host, skb, GL_DROP_RUNT);
		goto out;
	}
	skb->protocol = eth_hdr(skb)->h_proto;
	skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	if (eth_type_vlan(skb->protocol) && !skb_vlan_tag_present(skb)) {
		unsigned int len = skb->len + ETH_HLEN;

		skb = skb_vlan_untag(skb);
		if (unlikely(!skb)) {
			gl_count_rx(&sw->host, len);
			gl_count_drop(&sw->host, GL_DROP_VLAN);
			goto out;
		}
	}
	gl_input(&sw->host, skb);
out:
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

/*
 * @addr becomes a LOCAL entry of the host port in each of its VLANs: all of
 * them or none (on a failure the entries added so far go again; what they
 * replaced -- a learned entry comes back with the MAC's next frame, a
 * static one only with takeover_setvmac -- is not restored).
 */
static int gl_host_local_add(struct gl_switch *sw, const u8 *addr)
{
	u16 vid, done;
	int err;

	for_each_set_bit(vid, sw->host.vlans, VLAN_N_VID) {
		err = gl_fdb_add_static(sw, &sw->host, addr, vid,
					GUESTLAN_FDB_FLAGS_LOCAL);
		if (err)
			goto rollback;
	}
	return 0;

rollback:
	for_each_set_bit(done, sw->host.vlans, vid)
		gl_fdb_del_local(sw, addr, done);
	return err;
}

static void gl_host_local_del(struct gl_switch *sw, const u8 *addr)
{
	u16 vid;

	for_each_set_bit(vid, sw->host.vlans, VLAN_N_VID)
		gl_fdb_del_local(sw, addr, vid);
}

/*
 * The host's LOCAL entries follow the address.  6.1 calls this for an
 * unchanged address too: then there is nothing to do (deleting the old
 * entries would delete the new).
 */
static int gl_dev_set_mac(struct net_device *dev, void *addr)
{
	struct gl_switch *sw = netdev_priv(dev);
	struct sockaddr *sa = addr;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	if (ether_addr_equal(dev->dev_addr, sa->sa_data))
		return 0;

	err = gl_host_local_add(sw, sa->sa_data);
	if (err)
		return err;
	gl_host_local_del(sw, dev->dev_addr);
	eth_hw_addr_set(dev, sa->sa_data);
	return 0;
}

/*
 * The host's unicast filter: addresses of upper devices with their own MAC
 * (a macvlan, a VLAN device) get a LOCAL FDB entry on the host port in
 * each of its VLANs, so that they are reachable while lan0 stays out of
 * promiscuous mode (IFF_UNICAST_FLT).  Called with the address list lock
 * held, BHs off; the FDB takes its own lock inside (addr lock -> fdb_lock).
 * The device's own address has its entries already, and keeps them.
 */
static int gl_uc_sync(struct net_device *dev, const unsigned char *addr)
{
	if (ether_addr_equal(addr, dev->dev_addr))
		return 0;
	return gl_host_local_add(netdev_priv(dev), addr);
}

static int gl_uc_unsync(struct net_device *dev, const unsigned char *addr)
{
	if (!ether_addr_equal(addr, dev->dev_addr))
		gl_host_local_del(netdev_priv(dev), addr);
	return 0;
}

/*
 * An address that could not be synced (no memory, the FDB full) is
 * retried at the next change; until then the host takes unknown unicast
 * as if promiscuous (forward.c: gl_host_flood_wants()).
 */
static void gl_dev_set_rx_mode(struct net_device *dev)
{
	struct gl_switch *sw = netdev_priv(dev);
	int err;

	err = __dev_uc_sync(dev, gl_uc_sync, gl_uc_unsync);
	if (err && !READ_ONCE(sw->uc_unsynced))
		netdev_warn(dev, "unicast filter not synced (%d): the host receives unknown unicast\n",
			    err);
	WRITE_ONCE(sw->uc_unsynced, err != 0);
}

/* The host joined @vid: its unicast filter's addresses too (RTNL) */
int gl_uc_vlan_add(struct gl_switch *sw, u16 vid)
{
	struct net_device *dev = sw->dev;
	struct netdev_hw_addr *ha;
	int err = 0;

	ASSERT_RTNL();
	netif_addr_lock_bh(dev);
	netdev_for_each_uc_addr(ha, dev) {
		if (!ha->sync_cnt)
			continue;	/* not synced yet: gl_uc_sync() will */
		err = gl_fdb_add_static(sw, &sw->host, ha->addr, vid,
					GUESTLAN_FDB_FLAGS_LOCAL);
		if (err)
			break;
	}
	if (err)
		netdev_for_each_uc_addr(ha, dev)
			if (!ether_addr_equal(ha->addr, dev->dev_addr))
				gl_fdb_del_local(sw, ha->addr, vid);
	netif_addr_unlock_bh(dev);
	return err;
}

static int gl_dev_add_slave(struct net_device *dev, struct net_device *port_dev,
			    struct netlink_ext_ack *extack)
{
	return gl_port_add(netdev_priv(dev), port_dev, extack);
}

static int gl_dev_del_slave(struct net_device *dev, struct net_device *port_dev)
{
	struct gl_port *p = gl_port_get_rtnl(port_dev);

	if (!p || p->sw != netdev_priv(dev))
		return -EINVAL;
	gl_port_del(p);
	return 0;
}

static const struct net_device_ops gl_netdev_ops = {
	.ndo_init		= gl_dev_init,
	.ndo_uninit		= gl_dev_uninit,
	.ndo_open		= gl_dev_open,
	.ndo_stop		= gl_dev_stop,
	.ndo_start_xmit		= gl_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= gl_dev_set_mac,
	.ndo_set_rx_mode	= gl_dev_set_rx_mode,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_add_slave		= gl_dev_add_slave,
	.ndo_del_slave		= gl_dev_del_slave,
	.ndo_fdb_add		= gl_fdb_rtnl_add,
	.ndo_fdb_dump		= gl_fdb_dump,
};

static void gl_dev_setup(struct net_device *dev)
{
	struct gl_switch *sw = netdev_priv(dev);

	ether_setup(dev);
	eth_hw_addr_random(dev);
	dev->netdev_ops = &gl_netdev_ops;
	dev->needs_free_netdev = true;
	/* no netpoll: netconsole over a switch would loop through it */
	dev->priv_flags |= IFF_NO_QUEUE | IFF_LIVE_ADDR_CHANGE |
			   IFF_UNICAST_FLT | IFF_DISABLE_NETPOLL;
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	gl_compat_set_lltx(dev);
	dev->features |= NETIF_F_HW_VLAN_CTAG_TX;
	dev->hw_features |= NETIF_F_HW_VLAN_CTAG_TX;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;

	sw->dev = dev;
	INIT_LIST_HEAD(&sw->ports);
	INIT_LIST_HEAD(&sw->granted);
	sw->ageing_time = GL_DEFAULT_AGEING;
	sw->max_learned = GL_DEFAULT_MAX_LEARNED;
}

static void gl_dev_dellink(struct net_device *dev, struct list_head *head)
{
	struct gl_switch *sw = netdev_priv(dev);
	struct gl_port *p, *tmp;

	list_for_each_entry_safe(p, tmp, &sw->ports, list)
		gl_port_del(p);
	unregister_netdevice_queue(dev, head);
}

struct rtnl_link_ops gl_link_ops __read_mostly = {
	.kind		= "guestlan",
	.priv_size	= sizeof(struct gl_switch),
	.setup		= gl_dev_setup,
	.dellink	= gl_dev_dellink,
};
