// SPDX-License-Identifier: GPL-2.0
/*
 * pktblast: send frames from user space through an AF_PACKET socket, for
 * tools/bench/bench.sh.
 *
 *   pktblast DEV DST_MAC SIZE COUNT
 *
 * Sends COUNT IPv4/UDP frames of SIZE bytes (without FCS, as pktgen's
 * pkt_size) from 02:00:00:00:00:01 to DST_MAC out of DEV, with
 * PACKET_QDISC_BYPASS, in sendmmsg() batches, and prints the nanoseconds
 * from the first send to the last on CLOCK_MONOTONIC (under -icount, guest
 * instructions).
 *
 * With PKTBLAST_ARP=1 in the environment the frames are ARP requests from
 * that MAC (198.18.0.1 asking for 198.18.0.2), padded to SIZE.
 *
 * Unlike pktgen, which keeps a reference to every skb it sends, each frame
 * is a new skb with one reference, as a VM's tap or a container's veth
 * makes them: a switch's rx_handler gets it unshared and need not clone it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64

static unsigned short csum(const void *p, size_t len)
{
	const unsigned short *w = p;
	unsigned long s = 0;

	for (; len > 1; len -= 2)
		s += *w++;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	static unsigned char frame[ETH_FRAME_LEN];
	struct mmsghdr msgs[BATCH];
	struct iovec iov;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	unsigned int mac[ETH_ALEN];
	struct ethhdr *eth = (struct ethhdr *)frame;
	struct iphdr *ip = (struct iphdr *)(eth + 1);
	struct udphdr *udp = (struct udphdr *)(ip + 1);
	long long t0, t1;
	unsigned long count, sent = 0;
	int one = 1, fd, i;
	size_t size;

	if (argc != 5 ||
	    sscanf(argv[2], "%x:%x:%x:%x:%x:%x", &mac[0], &mac[1], &mac[2],
		   &mac[3], &mac[4], &mac[5]) != ETH_ALEN) {
		fprintf(stderr, "usage: pktblast DEV DST_MAC SIZE COUNT\n");
		return 2;
	}
	size = strtoul(argv[3], NULL, 0);
	count = strtoul(argv[4], NULL, 0);
	if (size < sizeof(*eth) + sizeof(*ip) + sizeof(*udp) ||
	    size > sizeof(frame)) {
		fprintf(stderr, "pktblast: size %zu not in %zu..%zu\n", size,
			sizeof(*eth) + sizeof(*ip) + sizeof(*udp), sizeof(frame));
		return 2;
	}
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "pktblast: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}

	for (i = 0; i < ETH_ALEN; i++)
		eth->h_dest[i] = mac[i];
	memcpy(eth->h_source, "\x02\x00\x00\x00\x00\x01", ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(size - sizeof(*eth));
	ip->ttl = 32;
	ip->protocol = IPPROTO_UDP;
	ip->saddr = htonl(0xc6120001);	/* 198.18.0.1 -> 198.18.0.2 */
	ip->daddr = htonl(0xc6120002);
	ip->check = csum(ip, sizeof(*ip));
	udp->source = htons(9);
	udp->dest = htons(9);
	udp->len = htons(size - sizeof(*eth) - sizeof(*ip));

	if (getenv("PKTBLAST_ARP") && !strcmp(getenv("PKTBLAST_ARP"), "1")) {
		static const unsigned char arp[] = {
			0, 1, 8, 0, 6, 4, 0, 1,		/* Ethernet/IPv4 request */
			2, 0, 0, 0, 0, 1, 198, 18, 0, 1,	/* sender */
			0, 0, 0, 0, 0, 0, 198, 18, 0, 2,	/* target */
		};

		memset(eth + 1, 0, size - sizeof(*eth));
		eth->h_proto = htons(ETH_P_ARP);
		memcpy(eth + 1, arp, sizeof(arp));
	}

	/* protocol 0: the socket only sends, it taps nothing */
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll)) ||
	    setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		perror("pktblast: socket");
		return 1;
	}
	iov.iov_base = frame;
	iov.iov_len = size;
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	t0 = now_ns();
	while (sent < count) {
		unsigned int n = count - sent < BATCH ? count - sent : BATCH;
		int r = sendmmsg(fd, msgs, n, 0);

		if (r < 0) {
			/* a stopped queue: the frame was not taken, send again */
			if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR)
				continue;
			perror("pktblast: sendmmsg");
			return 1;
		}
		sent += r;
	}
	t1 = now_ns();
	printf("%lld\n", t1 - t0);
	return 0;
}
