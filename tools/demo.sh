#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A narrated tour of guestlan.
#   tools/demo.sh --vm [--kernel KVER]   build, then run the demo in a VM
#                                        (what `make demo` does)
#   tools/demo.sh                        the demo itself; needs root, a
#                                        loaded guestlan module and a
#                                        scratch network namespace or VM
# Creates switch lan0 (192.0.2.1/24) with guests g1 and g2 (network
# namespaces on veth ports) and g3 behind a tap port answered by
# selftests/tap-helper (a third namespace if tap-helper is not built), pings
# across it and shows the switch with glctl; then tells the sniffer story
# from inside the guest (g4's own tcpdump and its own ioctl: nothing and
# EPERM without a grant, the conversation with one, the host's trace of
# the whole LAN, EPERM again after the revoke).  Exits non-zero if a ping or a sniffer check fails.

set -o pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "${1:-}" = --vm ]; then
	shift
	kver=
	if [ "${1:-}" = --kernel ]; then
		kver=$2
	fi
	cd "$repo" || exit 1
	# Install first, then look for a kernel (a fresh machine has none).
	echo "demo: checking dependencies"
	tools/deps.sh || exit 1
	[ -n "$kver" ] || kver=$("$repo/tools/check.sh" --list-kernels | tail -n1)
	[ -n "$kver" ] || { echo "demo: no kernel with headers installed" >&2; exit 1; }
	echo "demo: building guestlan.ko for $kver and glctl"
	make -s modules KVER="$kver" >/dev/null || exit 1
	make -s glctl || exit 1
	if [ -f selftests/Makefile ]; then
		make -s source && make -s -C selftests >/dev/null ||
			echo "demo: selftests helpers did not build; tap guest becomes a netns"
	fi
	exec tools/vm/run --kernel "$kver" --timeout 600 \
		--env GLCTL="$repo/tools/glctl/glctl" -- tools/demo.sh
fi

GLCTL=${GLCTL:-$repo/tools/glctl/glctl}
TAPH=$repo/selftests/tap-helper
failures=0
pids=()

say() {
	printf '\n=== %s\n' "$*"
}

run() {
	echo "# $*"
	"$@"
}

must() {
	run "$@" && return 0
	echo "demo: FAILED: $*" >&2
	exit 1
}

check_ping() {
	local what=$1
	shift
	echo "# $*"
	if "$@" -c 2 -i 0.2 -W 2 -q; then
		echo "    -> ok: $what"
	else
		echo "    -> FAILED: $what" >&2
		failures=$((failures + 1))
	fi
}

cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	ip link del lan0 2>/dev/null
	ip link del gltap0 2>/dev/null
	for p in g1 g2 g3 g4; do
		ip netns del "$p" 2>/dev/null
	done
}

[ "$(id -u)" = 0 ] || { echo "demo: needs root (use --vm)" >&2; exit 1; }
[ -x "$GLCTL" ] || { echo "demo: $GLCTL missing (make glctl)" >&2; exit 1; }
trap cleanup EXIT

say "guestlan demo on $(uname -r)"
if [ ! -d /sys/module/guestlan ]; then
	modprobe psample 2>/dev/null	# what guestlan.ko needs
	must insmod "$repo/build/$(uname -r)/guestlan.ko"
fi
modprobe veth 2>/dev/null
modprobe tun 2>/dev/null

say "A switch is a netdev of kind guestlan; its own interface is the host's port"
must ip link add lan0 type guestlan
must ip link set lan0 up
must ip addr add 192.0.2.1/24 dev lan0

say "Guests g1 and g2: network namespaces wired to the switch by veth pairs"
for i in 1 2; do
	must ip netns add "g$i"
	must ip -n "g$i" link set lo up
	must ip link add "g$i-port" type veth peer name eth0 netns "g$i"
	must ip -n "g$i" link set eth0 address "02:00:00:00:00:1$i"
	must ip -n "g$i" addr add "192.0.2.1$i/24" dev eth0
	must ip -n "g$i" link set eth0 up
	must ip link set "g$i-port" up master lan0
done

if [ -x "$TAPH" ]; then
	say "Guest g3: a process behind tap port gltap0 (selftests/tap-helper answers ARP and ping)"
	must ip tuntap add dev gltap0 mode tap
	must ip link set gltap0 up master lan0
	rm -f /tmp/demo-tap-ready
	echo "# $TAPH open gltap0 responder -a 192.0.2.13 -m 02:00:00:00:00:13 -t 0 &"
	"$TAPH" open gltap0 responder -a 192.0.2.13 -m 02:00:00:00:00:13 -t 0 \
		-w /tmp/demo-tap-ready >/dev/null &
	pids+=($!)
	for _ in $(seq 50); do
		[ -e /tmp/demo-tap-ready ] && break
		sleep 0.1
	done
	[ -e /tmp/demo-tap-ready ] || { echo "demo: tap-helper did not attach" >&2; exit 1; }
	g3="the tap guest"
else
	say "Guest g3: a third namespace (selftests/tap-helper is not built)"
	must ip netns add g3
	must ip link add g3-port type veth peer name eth0 netns g3
	must ip -n g3 addr add 192.0.2.13/24 dev eth0
	must ip -n g3 link set eth0 up
	must ip link set g3-port up master lan0
	g3=g3
fi

say "Ports of lan0"
run ip -br link show master lan0

say "Pings: host <-> guests and guest <-> guest"
check_ping "host -> g1" ping 192.0.2.11
check_ping "host -> g2" ping 192.0.2.12
check_ping "host -> $g3" ping 192.0.2.13
check_ping "g1 -> g2" ip netns exec g1 ping 192.0.2.12
check_ping "g2 -> host" ip netns exec g2 ping 192.0.2.1
check_ping "g1 -> $g3" ip netns exec g1 ping 192.0.2.13

say "The forwarding database learned where every guest lives"
run "$GLCTL" fdb show lan0

say "Per-port statistics"
run "$GLCTL" -s port show lan0

say "Switch overview"
run "$GLCTL" show

say "A static entry, and the JSON view of the fdb"
run "$GLCTL" fdb add lan0 mac 02:00:00:00:00:99 port g1-port
run "$GLCTL" -j -p fdb show lan0

# Count the ICMP echo frames a capture file holds
icmp_in() {
	tcpdump -r "$1" -n 2>/dev/null | grep -c 'ICMP echo'
}

# g4 captures on its own interface while g1 pings g2
sniff_g1_g2() {
	local pcap=$1

	ip netns exec g4 tcpdump -i eth0 -n -U -w "$pcap" icmp 2>/dev/null &
	local tpid=$!
	sleep 1
	ip netns exec g1 ping -c 3 -i 0.2 -q 192.0.2.12 >/dev/null
	sleep 1
	kill "$tpid"
	wait "$tpid" 2>/dev/null
}

# expect WHAT GOT WANTED
expect() {
	if [ "$2" -eq "$3" ]; then
		echo "    -> ok: $1"
	else
		echo "    -> FAILED: $1 (got $2, want $3)" >&2
		failures=$((failures + 1))
	fi
}

say "The Guest LAN sniffer: guest g4 wants to see the LAN"
must ip netns add g4
must ip link add g4-port type veth peer name eth0 netns g4
must ip -n g4 link set eth0 up
must ip link set g4-port up master lan0
sniff_g1_g2 /tmp/demo-g4-0.pcap
n=$(icmp_in /tmp/demo-g4-0.pcap)
echo "# g1 pinged g2 three times; g4 saw $n ICMP frames"
expect "a normal port does not see unicast between others" "$n" 0

say "g4 runs its own tcpdump -i eth0 (promiscuous): it asks -- without a grant nothing extra arrives"
sniff_g1_g2 /tmp/demo-g4-1.pcap
n=$(icmp_in /tmp/demo-g4-1.pcap)
echo "# g4 saw $n ICMP frames"
expect "no grant, no copies" "$n" 0
echo "# the switch recorded g4's request and counted it as denied:"
run "$GLCTL" -s port show lan0 | grep -A1 '^g4-port'
echo "# g4 asks through its own ioctl on its own eth0, and is told why:"
refused=1
run ip netns exec g4 "$GLCTL" promisc eth0 on && refused=0
expect "g4's own ioctl without a grant is refused (EPERM)" "$refused" 1

say "The administrator grants g4 promiscuous mode (z/VM: SET VSWITCH ... GRANT ... PROMISCUOUS)"
run "$GLCTL" grant lan0 port g4-port promisc
echo "# g4's own tcpdump -i eth0 now sees the conversation of g1 and g2:"
sniff_g1_g2 /tmp/demo-g4-2.pcap
n=$(icmp_in /tmp/demo-g4-2.pcap)
tcpdump -r /tmp/demo-g4-2.pcap -n 2>/dev/null | sed 's/^/    /'
expect "g4 sees the 3 requests and 3 replies" "$n" 6
echo "# g4 turns promiscuous mode on with its own ioctl and reads the state:"
run ip netns exec g4 "$GLCTL" promisc eth0 on
run ip netns exec g4 "$GLCTL" promisc eth0
run ip netns exec g4 "$GLCTL" promisc eth0 off

say "The host traces the whole LAN: tcpdump -i lan0 (z/VM TRSOURCE TYPE LAN)"
tcpdump -i lan0 -e -n -U -w /tmp/demo-lan0.pcap icmp 2>/dev/null &
tpid=$!
sleep 1
ip netns exec g1 ping -c 2 -i 0.2 -q 192.0.2.12 >/dev/null
ip netns exec g2 ping -c 2 -i 0.2 -q 192.0.2.13 >/dev/null
sleep 1
kill "$tpid"; wait "$tpid" 2>/dev/null
tcpdump -r /tmp/demo-lan0.pcap -e -n 2>/dev/null | sed 's/^/    /'
n=$(icmp_in /tmp/demo-lan0.pcap)
expect "the host saw all 8 frames between guests" "$n" 8

say "Revoking stops the copies at the next frame; g4's own ioctl is refused again"
run "$GLCTL" revoke lan0 port g4-port promisc
sniff_g1_g2 /tmp/demo-g4-3.pcap
n=$(icmp_in /tmp/demo-g4-3.pcap)
echo "# g4's tcpdump saw $n ICMP frames"
expect "revoked: no copies" "$n" 0
refused=1
run ip netns exec g4 "$GLCTL" promisc eth0 on && refused=0
expect "g4's own ioctl after the revoke is refused (EPERM)" "$refused" 1

if [ "$failures" -ne 0 ]; then
	echo
	echo "demo: $failures check(s) FAILED" >&2
	exit 1
fi
say "demo finished: all pings answered, the sniffer saw exactly what it was granted"
