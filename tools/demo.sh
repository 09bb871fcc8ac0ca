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
# across it and shows the switch with glctl.  Exits non-zero if a ping fails.

set -o pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [ "${1:-}" = --vm ]; then
	shift
	kver=
	if [ "${1:-}" = --kernel ]; then
		kver=$2
	fi
	[ -n "$kver" ] || kver=$("$repo/tools/check.sh" --list-kernels | tail -n1)
	[ -n "$kver" ] || { echo "demo: no kernel with headers installed" >&2; exit 1; }
	cd "$repo" || exit 1
	echo "demo: checking dependencies"
	tools/deps.sh || exit 1
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
	for p in g1 g2 g3; do
		ip netns del "$p" 2>/dev/null
	done
}

[ "$(id -u)" = 0 ] || { echo "demo: needs root (use --vm)" >&2; exit 1; }
[ -x "$GLCTL" ] || { echo "demo: $GLCTL missing (make glctl)" >&2; exit 1; }
trap cleanup EXIT

say "guestlan demo on $(uname -r)"
if [ ! -d /sys/module/guestlan ]; then
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

if [ "$failures" -ne 0 ]; then
	echo
	echo "demo: $failures ping(s) FAILED" >&2
	exit 1
fi
say "demo finished: all pings answered"
