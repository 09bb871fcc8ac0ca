// SPDX-License-Identifier: GPL-2.0
/*
 * tap-helper: a tiny stand-in for a guest behind a tap (or a raw AF_PACKET
 * socket on any netdev), used by the guestlan selftests.
 *
 *   tap-helper open TAP MODE [options]    attach to tap TAP (IFF_TAP|IFF_NO_PI,
 *                                          created if missing, persistent ones
 *                                          too) and stay attached while working
 *   tap-helper raw IFNAME MODE [options]  AF_PACKET socket bound to IFNAME
 *
 * MODE: send | capture | responder | hold
 *   -s MAC   source MAC (send) / only count frames with this source (capture)
 *   -d MAC   destination MAC (send) / only count frames to it (capture)
 *   -n N     frames to send (default 1)
 *   -v VID   add an 802.1Q tag (send)
 *   -q VID   add an outer 802.1ad S-tag (TPID 0x88a8), before the -v tag if
 *            any (send)
 *   -e TYPE  ethertype (send, default 0x88b5) / only count this type (capture)
 *   -l LEN   frame length in bytes incl. header (default 60; raw allows < 14)
 *   -r       random locally administered unicast source MAC per frame
 *   -g USEC  gap between frames
 *   -L       send: repeat until -t seconds are over (or SIGTERM)
 *   -t SECS  run time of capture/responder/hold/-L (default 5; 0 = until
 *            SIGTERM/SIGINT)
 *   -a IP -m MAC   responder: answer ARP requests and ICMP echo for IP
 *   -w FILE  create FILE once attached (readiness marker)
 *   -x       capture: hexdump matching frames to stderr
 *   -k       raw capture: count in the kernel -- a socket filter passes only
 *            received frames of the -e type (untagged or one tag in the
 *            frame), and the count is the socket's PACKET_STATISTICS, which
 *            includes the frames the socket had to drop; not with -s/-d/-x
 *   -G MSS   open send: TSO frames as a QEMU guest's virtio-net driver hands
 *            them over -- the tap with IFF_VNET_HDR (a 12-byte header, as
 *            QEMU sets it), each frame an IPv4/TCP superframe of -l bytes
 *            (-l > 54 + MSS) from 198.51.100.1:5001 to 198.51.100.2:5001
 *            after a virtio_net_hdr with GSO_TCPV4, gso_size MSS and
 *            NEEDS_CSUM (the TCP checksum seeded with the pseudo-header);
 *            not with -v/-q/-e
 * -l cuts the frame after LEN bytes, tags included (-v 5 -l 16: a tag without
 * the ethertype after it).
 * capture prints the number of matching frames on stdout when it ends.
 * send prints the number of frames sent; exits 1 if any send failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/filter.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static int fd = -1, is_raw;
static long gso_mss;		/* -G: virtio-net header and TSO frames */
static int ifindex;

static void on_sig(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: tap-helper open TAP|raw IFNAME send|capture|responder|hold\n"
		"  [-s MAC] [-d MAC] [-n N] [-v VID] [-q VID] [-e TYPE] [-l LEN] [-r]\n"
		"  [-g USEC] [-L] [-t SECS] [-a IP] [-m MAC] [-w FILE] [-x] [-k]\n"
		"  [-G MSS]\n");
	exit(2);
}

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int b[6];
	int i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4],
		   &b[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (b[i] > 255)
			return -1;
		mac[i] = b[i];
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int open_tap(const char *name)
{
	struct ifreq ifr;
	int t = open("/dev/net/tun", O_RDWR);

	if (t < 0) {
		perror("open /dev/net/tun");
		exit(1);
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | (gso_mss ? IFF_VNET_HDR : 0);
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", name);
	if (ioctl(t, TUNSETIFF, &ifr) < 0) {
		fprintf(stderr, "TUNSETIFF %s: %s\n", name, strerror(errno));
		exit(1);
	}
	if (gso_mss) {
		int sz = sizeof(struct virtio_net_hdr_mrg_rxbuf);

		if (ioctl(t, TUNSETVNETHDRSZ, &sz) < 0) {
			perror("TUNSETVNETHDRSZ");
			exit(1);
		}
	}
	return t;
}

/*
 * The -k filter: received frames (not our own outgoing ones) whose ethertype,
 * after at most one 802.1Q or 802.1ad tag still in the frame, is TYPE.
 * A tag the device took out of the frame (rx VLAN offload) is not in the
 * data a socket filter reads, so the type is at offset 12 then.
 */
static void attach_type_filter(int s, long type)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_OUTGOING, 7, 0),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 12),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, type, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x8100, 1, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x88a8, 0, 3),
		BPF_STMT(BPF_LD | BPF_H | BPF_ABS, 16),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, type, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0x40000),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (setsockopt(s, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog))) {
		perror("SO_ATTACH_FILTER");
		exit(1);
	}
}

/* -k: frames the filter passed since the socket was bound, dropped ones too */
static unsigned int kernel_count(void)
{
	struct tpacket_stats st;
	socklen_t l = sizeof(st);

	if (getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &l)) {
		perror("PACKET_STATISTICS");
		exit(1);
	}
	return st.tp_packets;
}

/*
 * A socket with protocol 0 receives nothing until it is bound to one: with
 * -k the filter is attached before that, so no frame is counted unfiltered.
 */
static int open_raw(const char *name, long filter_type)
{
	struct sockaddr_ll sll;
	int s = socket(AF_PACKET, SOCK_RAW, 0);
	int rcvbuf = 16 << 20;

	if (s < 0) {
		perror("socket(AF_PACKET)");
		exit(1);
	}
	if (filter_type >= 0)
		attach_type_filter(s, filter_type);
	/*
	 * A capture says what arrived, the interface counters say how many;
	 * still, a large buffer (root may exceed rmem_max) keeps a burst
	 * under TCG from overrunning the socket.  Best effort.
	 */
	if (setsockopt(s, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)))
		setsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	ifindex = if_nametoindex(name);
	if (!ifindex) {
		fprintf(stderr, "no such device %s\n", name);
		exit(1);
	}
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = ifindex;
	if (bind(s, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		perror("bind");
		exit(1);
	}
	return s;
}

static ssize_t xmit(const uint8_t *buf, size_t len)
{
	if (is_raw) {
		struct sockaddr_ll sll;

		memset(&sll, 0, sizeof(sll));
		sll.sll_family = AF_PACKET;
		sll.sll_ifindex = ifindex;
		sll.sll_halen = ETH_ALEN;
		if (len >= ETH_ALEN)
			memcpy(sll.sll_addr, buf, ETH_ALEN);
		return sendto(fd, buf, len, 0, (struct sockaddr *)&sll,
			      sizeof(sll));
	}
	return write(fd, buf, len);
}

/* Receive one frame; returns length, 0 on timeout, -1 on error. */
static ssize_t recv_frame(uint8_t *buf, size_t size, int timeout_ms)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, timeout_ms) <= 0)
		return 0;
	if (is_raw) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);

		n = recvfrom(fd, buf, size, 0, (struct sockaddr *)&from, &fl);
		if (n >= 0 && from.sll_pkttype == PACKET_OUTGOING)
			return 0;
	} else {
		n = read(fd, buf, size);
	}
	return n < 0 ? (errno == EINTR || errno == EAGAIN ? 0 : -1) : n;
}

static uint16_t csum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	while (len > 1) {
		sum += (p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

/*
 * -G: frame @i, an IPv4/TCP superframe of @len bytes (Ethernet header
 * included) from @src to @dst, written after the virtio-net header that
 * asks the tap for TSO in segments of gso_mss bytes and for the TCP
 * checksum, whose field holds the pseudo-header sum (NEEDS_CSUM).
 */
static ssize_t xmit_tso(uint8_t *buf, size_t len, const uint8_t *src,
			const uint8_t *dst, long i)
{
	struct virtio_net_hdr_mrg_rxbuf vh;
	struct iphdr *ip = (struct iphdr *)(buf + 14);
	uint8_t *th = buf + 34, ph[12];
	size_t tcplen = len - 34, off;
	uint32_t seq = 1 + i * (len - 54);
	struct iovec iov[2];
	uint16_t sum;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	buf[12] = 0x08;
	buf[13] = 0x00;
	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = 5;
	ip->tot_len = htons(len - 14);
	ip->id = htons(i);
	ip->frag_off = htons(IP_DF);
	ip->ttl = 64;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = htonl(0xc6336401);	/* 198.51.100.1 */
	ip->daddr = htonl(0xc6336402);	/* 198.51.100.2 */
	ip->check = csum(ip, sizeof(*ip));
	memset(th, 0, 20);
	th[0] = 5001 >> 8;
	th[1] = 5001 & 0xff;
	th[2] = 5001 >> 8;
	th[3] = 5001 & 0xff;
	th[4] = seq >> 24;
	th[5] = seq >> 16;
	th[6] = seq >> 8;
	th[7] = seq;
	th[11] = 1;			/* ack 1 */
	th[12] = 5 << 4;		/* data offset: 20 bytes */
	th[13] = 0x18;			/* PSH, ACK */
	th[14] = th[15] = 0xff;		/* window */
	for (off = 54; off < len; off++)
		buf[off] = off;
	/* the pseudo-header's sum, not inverted: the device completes it */
	memcpy(ph, &ip->saddr, 8);
	ph[8] = 0;
	ph[9] = IPPROTO_TCP;
	ph[10] = tcplen >> 8;
	ph[11] = tcplen;
	sum = ~ntohs(csum(ph, sizeof(ph)));
	th[16] = sum >> 8;
	th[17] = sum;

	memset(&vh, 0, sizeof(vh));
	vh.hdr.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	vh.hdr.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	/* little-endian: a virtio 1.0 device, and x86 */
	vh.hdr.hdr_len = htole16(54);
	vh.hdr.gso_size = htole16(gso_mss);
	vh.hdr.csum_start = htole16(34);
	vh.hdr.csum_offset = htole16(16);
	iov[0].iov_base = &vh;
	iov[0].iov_len = sizeof(vh);
	iov[1].iov_base = buf;
	iov[1].iov_len = len;
	return writev(fd, iov, 2);
}

/* Ethertype match, looking through an 802.1ad S-tag and an 802.1Q tag. */
static int frame_has_type(const uint8_t *b, ssize_t n, long type)
{
	int off = 12;

	if (n >= off + 6 && b[off] == 0x88 && b[off + 1] == 0xa8 &&
	    type != 0x88a8)
		off += 4;
	if (n >= off + 6 && b[off] == 0x81 && b[off + 1] == 0x00 &&
	    type != 0x8100)
		off += 4;
	return n >= off + 2 && ((b[off] << 8) | b[off + 1]) == type;
}

static void hexdump(const uint8_t *b, ssize_t n)
{
	ssize_t i;

	for (i = 0; i < n; i++)
		fprintf(stderr, "%02x%s", b[i], (i % 16 == 15 || i == n - 1) ? "\n" : " ");
}

int main(int argc, char **argv)
{
	uint8_t src[6] = { 0x02, 0, 0, 0, 0, 1 }, dst[6], mymac[6] = { 0 };
	int have_src = 0, have_dst = 0, have_mymac = 0, have_type = 0, random_src = 0, loop = 0, hex = 0;
	int kcount = 0;
	long count = 1, gap = 0, vid = -1, svid = -1, ethertype = 0x88b5, len = 60;
	double secs = 5;
	const char *mode, *ready = NULL;
	struct in_addr myip = { 0 };
	uint8_t buf[65536];
	long sent = 0, matched = 0, i;
	int opt, failed = 0;
	double end;

	memset(dst, 0xff, sizeof(dst));
	if (argc < 4)
		usage();
	if (!strcmp(argv[1], "raw"))
		is_raw = 1;
	else if (strcmp(argv[1], "open"))
		usage();
	mode = argv[3];
	optind = 4;
	while ((opt = getopt(argc, argv, "s:d:n:v:q:e:l:rg:Lt:a:m:w:xkG:")) != -1) {
		switch (opt) {
		case 's':
			if (parse_mac(optarg, src))
				usage();
			have_src = 1;
			break;
		case 'd':
			if (parse_mac(optarg, dst))
				usage();
			have_dst = 1;
			break;
		case 'n': count = strtol(optarg, NULL, 0); break;
		case 'v': vid = strtol(optarg, NULL, 0); break;
		case 'q': svid = strtol(optarg, NULL, 0); break;
		case 'e': ethertype = strtol(optarg, NULL, 0); have_type = 1; break;
		case 'l': len = strtol(optarg, NULL, 0); break;
		case 'r': random_src = 1; break;
		case 'g': gap = strtol(optarg, NULL, 0); break;
		case 'L': loop = 1; break;
		case 't': secs = strtod(optarg, NULL); break;
		case 'a':
			if (inet_pton(AF_INET, optarg, &myip) != 1)
				usage();
			break;
		case 'm':
			if (parse_mac(optarg, mymac))
				usage();
			have_mymac = 1;
			break;
		case 'w': ready = optarg; break;
		case 'x': hex = 1; break;
		case 'k': kcount = 1; break;
		case 'G':
			gso_mss = strtol(optarg, NULL, 0);
			break;
		default: usage();
		}
	}
	if (len < 1 || len > (long)sizeof(buf))
		usage();
	if (kcount && (!is_raw || strcmp(mode, "capture") || have_src ||
		       have_dst || hex))
		usage();
	if (gso_mss && (gso_mss < 1 || gso_mss > 65535 || is_raw ||
			strcmp(mode, "send") || vid >= 0 || svid >= 0 ||
			have_type || len <= 54 + gso_mss))
		usage();

	signal(SIGTERM, on_sig);
	signal(SIGINT, on_sig);
	fd = is_raw ? open_raw(argv[2], kcount ? ethertype : -1) : open_tap(argv[2]);
	if (ready) {
		FILE *f = fopen(ready, "w");

		if (f)
			fclose(f);
	}
	srandom(getpid() ^ time(NULL));
	end = now() + secs;

	if (!strcmp(mode, "send")) {
		uint32_t base = random();

		for (i = 0; (loop ? 1 : i < count) && !stop; i++) {
			size_t off = 12;

			if (loop && secs > 0 && now() > end)
				break;
			if (random_src) {
				uint32_t r = base + i;

				src[0] = 0x02;
				src[1] = 0x5a;
				src[2] = r >> 24;
				src[3] = r >> 16;
				src[4] = r >> 8;
				src[5] = r;
			}
			if (gso_mss) {
				if (xmit_tso(buf, len, src, dst, i) < 0) {
					if (!failed)
						fprintf(stderr, "send: %s\n", strerror(errno));
					failed++;
				} else {
					sent++;
				}
				if (gap)
					usleep(gap);
				continue;
			}
			memset(buf, 0, sizeof(buf));
			memcpy(buf, dst, 6);
			memcpy(buf + 6, src, 6);
			if (svid >= 0) {
				buf[off++] = 0x88;
				buf[off++] = 0xa8;
				buf[off++] = svid >> 8;
				buf[off++] = svid;
			}
			if (vid >= 0) {
				buf[off++] = 0x81;
				buf[off++] = 0x00;
				buf[off++] = vid >> 8;
				buf[off++] = vid;
			}
			buf[off++] = ethertype >> 8;
			buf[off++] = ethertype;
			for (; off < (size_t)len; off++)
				buf[off] = off;
			if (xmit(buf, len) < 0) {
				if (!failed)
					fprintf(stderr, "send: %s\n", strerror(errno));
				failed++;
			} else {
				sent++;
			}
			if (gap)
				usleep(gap);
		}
		printf("%ld\n", sent);
		return failed ? 1 : 0;
	}

	if (!strcmp(mode, "capture") || !strcmp(mode, "hold") ||
	    !strcmp(mode, "responder")) {
		int capture = !strcmp(mode, "capture");
		int responder = !strcmp(mode, "responder");

		if (responder && (!myip.s_addr || !have_mymac))
			usage();
		while (!stop) {
			int tmo = 200;
			ssize_t n;

			if (secs > 0) {
				double left = end - now();

				if (left <= 0)
					break;
				if (left * 1000 < tmo)
					tmo = left * 1000 + 1;
			}
			n = recv_frame(buf, sizeof(buf), tmo);
			if (n < 0) {
				perror("recv");
				return 1;
			}
			if (n == 0)
				continue;
			if (capture) {
				if (n < 12 && (have_src || have_dst))
					continue;
				if (have_dst && memcmp(buf, dst, 6))
					continue;
				if (have_src && memcmp(buf + 6, src, 6))
					continue;
				if (have_type && !frame_has_type(buf, n, ethertype))
					continue;
				matched++;
				if (hex)
					hexdump(buf, n);
				continue;
			}
			if (!responder || n < 42)
				continue;
			if (buf[12] == 0x08 && buf[13] == 0x06 &&
			    buf[20] == 0 && buf[21] == 1 &&
			    !memcmp(buf + 38, &myip, 4)) {
				/* ARP request for us: turn it into a reply */
				uint8_t reply[60] = { 0 };

				memcpy(reply, buf + 6, 6);
				memcpy(reply + 6, mymac, 6);
				memcpy(reply + 12, buf + 12, 8);
				reply[21] = 2;
				memcpy(reply + 22, mymac, 6);
				memcpy(reply + 28, &myip, 4);
				memcpy(reply + 32, buf + 22, 10);
				xmit(reply, sizeof(reply));
			} else if (buf[12] == 0x08 && buf[13] == 0x00 &&
				   !memcmp(buf, mymac, 6)) {
				struct iphdr *ip = (struct iphdr *)(buf + 14);
				size_t ihl = ip->ihl * 4;
				uint8_t *icmp = buf + 14 + ihl;
				size_t tot = ntohs(ip->tot_len);

				if (ip->protocol != IPPROTO_ICMP ||
				    ip->daddr != myip.s_addr ||
				    tot + 14 > (size_t)n || icmp[0] != ICMP_ECHO)
					continue;
				memcpy(buf, buf + 6, 6);
				memcpy(buf + 6, mymac, 6);
				ip->daddr = ip->saddr;
				ip->saddr = myip.s_addr;
				ip->ttl = 64;
				ip->check = 0;
				ip->check = csum(ip, ihl);
				icmp[0] = ICMP_ECHOREPLY;
				icmp[2] = icmp[3] = 0;
				*(uint16_t *)(icmp + 2) = csum(icmp, tot - ihl);
				xmit(buf, tot + 14);
			}
		}
		if (kcount)
			printf("%u\n", kernel_count());
		else if (capture)
			printf("%ld\n", matched);
		return 0;
	}
	usage();
	return 2;
}
