#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guestlan benchmarks: pktgen drives frames into a veth port, the peer of the
# egress port counts them (rx_packets); guestlan is measured side by side
# with its peers, in interleaved rounds (peer A, B, C, A, B, C, ...):
#   dummy     pktgen's own cost (pktgen into a dummy device)
#   nofwd     no forwarding: delivery into the first veth only
#   tc        the no-switch limit: tc ingress matchall + mirred egress
#             redirect from port A to port B
#   bridge    the Linux bridge, static FDB entry
#   ovs       the Open vSwitch kernel datapath (ovs-dpctl, no daemon)
#   guestlan  guestlan, static FDB entry
# Runs as root on a kernel that can load modules: in a test VM (tools/bench/run
# boots one, by default with -icount: guest time = instructions) or on a real
# host (tools/bench/run --host).  Prints one machine-readable line per sample:
#   BENCH sample case=C peer=P param=X round=R frames=N ns=T [instr=I]
# (tools/bench/report turns them into the table, JSON and plots), plus
#   BENCH value name=N value=V unit=U
# for single figures.  Benchmarks report; they never assert timings.
#
# Environment: GLCTL, GUESTLAN_KO (insmod it if guestlan is not loaded),
# BENCH_ROUNDS (5), BENCH_FRAMES (frames per unicast sample, 50000),
# BENCH_CASES (space-separated subset of: unicast unicast_sock flood
# promisc mirror host smp fdb vlan ctl guard; smp only with two vCPUs),
# PKTBLAST (tools/bench/pktblast.c built, for unicast_sock: the unicast
# peers again, frames from an AF_PACKET socket instead of pktgen),
# BENCH_PERF=1 (count instructions system-wide with perf stat),
# BENCH_DUMP_LIMIT (seconds a glctl fdb show may take, 10); BENCH_CASES=profile
# (not run by default) shows where each peer's instructions go.

set -u
set -o pipefail

ROUNDS=${BENCH_ROUNDS:-5}
FRAMES=${BENCH_FRAMES:-50000}
CASES=${BENCH_CASES:-unicast unicast_sock flood promisc mirror host smp fdb vlan ctl guard}
PERF=${BENCH_PERF:-0}
GLCTL=${GLCTL:-$(cd "$(dirname "$0")/../glctl" && pwd)/glctl}
PKTBLAST=${PKTBLAST:-$(dirname "$0")/pktblast}
PG=/proc/net/pktgen
PEERS="dummy nofwd tc bridge ovs guestlan"

die() { echo "bench: $*" >&2; exit 4; }
[ "$(id -u)" = 0 ] || die "must run as root"

for m in veth pktgen bridge dummy openvswitch sch_ingress cls_matchall act_mirred psample ip_gre; do
	modprobe "$m" || echo "bench: modprobe $m failed" >&2
done
if ! [ -d /sys/module/guestlan ]; then
	if [ -n "${GUESTLAN_KO:-}" ]; then
		insmod "$GUESTLAN_KO" || die "insmod $GUESTLAN_KO failed"
	else
		modprobe guestlan || die "guestlan not loadable"
	fi
fi
[ -d $PG ] || die "no pktgen"
command -v ovs-dpctl >/dev/null || echo "bench: no ovs-dpctl (openvswitch-switch): no ovs peer" >&2
if [ "$PERF" = 1 ] && ! command -v perf >/dev/null; then
	echo "bench: BENCH_PERF=1 but no perf (linux-perf): guest clock only" >&2
	PERF=0
fi

# No IPv6 (DAD, MLD, router solicitations) on the test devices: only
# pktgen's frames cross the switches.  Only devices created from now on
# (the default), restored at the end (a real host keeps its IPv6).
saved_sysctl=$(sysctl -e net.ipv6.conf.default.disable_ipv6 net.core.netdev_max_backlog |
	tr -d ' ')
# shellcheck disable=SC2086 # one word per setting
trap 'sysctl -qw $saved_sysctl' EXIT
sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.core.netdev_max_backlog=10000

pg() { echo "$2" >"$PG/$1" || die "pktgen: $1: $2 failed"; }
ctr() { cat "/sys/class/net/$1/statistics/$2"; }
mac() { cat "/sys/class/net/$1/address"; }
gl() { "$GLCTL" "$@" || die "glctl $* failed"; }
# cpu_ns CMD...: run CMD, print the CPU time it used, its system calls'
# kernel work included (perf stat's task-clock; nothing without perf).
# Under icount that is its instructions; the shell's clock also counts the
# guest's idle waits for 9p, which sleep=off skips to the next timer.
cpu_ns() {
	local out
	if ! command -v perf >/dev/null; then
		"$@" >/dev/null
		return
	fi
	out=$(perf stat -x, -e task-clock -- "$@" 2>&1 >/dev/null) || return 1
	awk -F, '$3 ~ /task-clock/ { printf "%d\n", $1 * 1000000 }' <<<"$out"
}
value() { echo "BENCH value name=$1 value=$2 unit=$3"; }

# veth pair: $1 is the switch side (port), $1p the traffic side
pair() {
	ip link add "$1" type veth peer name "$1p" || die "veth $1 failed"
	{ ip link set "$1" up && ip link set "$1p" up; } || die "link up $1 failed"
}

# us since the epoch from the (guest) clock, no fork
now_us() { local t=${EPOCHREALTIME/./}; echo "$t"; }

# send $4 frames from $1 to MAC $2, size $3 (without FCS), $5 source MACs;
# sets $elapsed_ns, $instr (perf, or empty) and $pg_last_us (the shell
# clock's time of the last frame: writing pgctrl returns up to 100 ms later)
pktgen_send() {
	local dev=$1 dst=$2 size=$3 count=$4 nsrc=${5:-1} t0 t1
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $dev"
	pg "$dev" "count $count"
	pg "$dev" "pkt_size $size"
	pg "$dev" "delay 0"
	pg "$dev" "clone_skb 0"
	pg "$dev" "dst_mac $dst"
	pg "$dev" "src_mac 02:00:00:00:00:01"
	pg "$dev" "src_mac_count $nsrc"
	pg "$dev" "flag NO_TIMESTAMP"
	instr=
	if [ "$PERF" = 1 ]; then
		t0=$(now_us)
		instr=$(perf stat -a -x, -e instructions -- \
			sh -c "echo start >$PG/pgctrl" 2>&1 >/dev/null |
			awk -F, '$3 ~ /instructions/ && $1 ~ /^[0-9]+$/ { print $1 }')
		t1=$(now_us)
	else
		t0=$(now_us)
		echo start >"$PG/pgctrl"
		t1=$(now_us)
	fi
	# pktgen's own clock, first frame to last: "Result: OK: 123(c..+d..) usec"
	# (the shell's clock would add pgctrl's 100 ms polling for the end)
	local us
	us=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "$PG/$dev")
	if [ -n "$us" ]; then
		elapsed_ns=$(( us * 1000 ))
	else
		elapsed_ns=$(( (t1 - t0) * 1000 ))
	fi
	pg_last_us=$(( t0 + elapsed_ns / 1000 ))
	pg kpktgend_0 "rem_device_all"
}

# the same from user space (pktblast: an AF_PACKET socket, PACKET_QDISC_BYPASS),
# one source MAC: each frame a new skb that nothing else holds, as a VM's tap
# or a container's veth makes them (pktgen keeps a reference to its frames)
sock_send() {
	local dev=$1 dst=$2 size=$3 count=$4
	[ "${5:-1}" = 1 ] || die "pktblast sends from one source MAC, not ${5}"
	instr=
	elapsed_ns=$("$PKTBLAST" "$dev" "$dst" "$size" "$count") ||
		die "pktblast $dev failed"
}

# send with the current generator, $GEN: pktgen or sock
send_frames() {
	if [ "$GEN" = sock ]; then
		sock_send "$@"
	else
		pktgen_send "$@"
	fi
}
GEN=pktgen

# one sample: case peer param round src_dev dst_mac count_dev count_stat
#             frames size [nsrc]
sample() {
	local c=$1 p=$2 x=$3 r=$4 src=$5 dst=$6 cdev=$7 cstat=$8 n=$9 size=${10}
	local nsrc=${11:-1} before after
	before=$(ctr "$cdev" "$cstat")
	send_frames "$src" "$dst" "$size" "$n" "$nsrc"
	after=$(ctr "$cdev" "$cstat")
	echo "BENCH sample case=$c peer=$p param=$x round=$r frames=$((after - before))" \
	     "sent=$n ns=$elapsed_ns${instr:+ instr=$instr}"
}

# --- the six peers for known unicast, all set up at once ------------------
# The destination MAC of the measured frames.  No device has it: every sink
# (the egress port's veth peer, and the first veth for nofwd) takes the
# frames as PACKET_OTHERHOST and drops them at ip_rcv()'s first check, so
# the no-forwarding baseline and every forwarder end the same way (a sink
# owning the MAC ran each frame through the route lookup and UDP, ~1,700
# instructions on 6.12, which nofwd did not: it was counted in every own
# cost).
DST=02:00:00:00:00:b0

setup_peers() {
	{ ip link add pgd0 type dummy && ip link set pgd0 up; } || die "dummy failed"
	pair na
	pair ta; pair tb
	tc qdisc add dev ta ingress || die "tc qdisc failed"
	tc filter add dev ta ingress matchall action mirred egress redirect dev tb ||
		die "tc filter failed"
	pair ba; pair bb
	{ ip link add br0 type bridge && ip link set br0 up; } || die "bridge failed"
	{ ip link set ba master br0 && ip link set bb master br0; } || die "bridge ports failed"
	pair ga; pair gb
	{ ip link add lan0 type guestlan && ip link set lan0 up; } || die "guestlan failed"
	{ ip link set ga master lan0 && ip link set gb master lan0; } || die "guestlan ports failed"
	if command -v ovs-dpctl >/dev/null; then
		pair oa; pair ob
		{ ovs-dpctl add-dp bdp0 && ovs-dpctl add-if bdp0 oa && ovs-dpctl add-if bdp0 ob; } ||
			die "ovs datapath failed"
	fi
	bridge fdb add $DST dev bb master static || die "bridge fdb failed"
	gl fdb add lan0 mac $DST port gb
	if [ -e /sys/class/net/oa ]; then
		ovs-dpctl add-flow bdp0 "in_port(1),eth(),eth_type(0x0800),ipv4()" 2 ||
			die "ovs flow failed"
	fi
}

teardown_peers() {
	ovs-dpctl del-dp bdp0 2>/dev/null
	ip link del lan0; ip link del br0
	local d
	for d in pgd0 na ta tb ba bb ga gb oa ob; do ip link del "$d" 2>/dev/null; done
}

# peer -> "src_dev count_dev count_stat"
peer_dev() {
	case "$1" in
	dummy) echo "pgd0 pgd0 tx_packets" ;;
	nofwd) echo "nap na rx_packets" ;;
	tc) echo "tap tbp rx_packets" ;;
	bridge) echo "bap bbp rx_packets" ;;
	ovs) echo "oap obp rx_packets" ;;
	guestlan) echo "gap gbp rx_packets" ;;
	esac
}

# case unicast: pktgen; case unicast_sock: pktblast (unshared skbs)
unicast_run() {
	local c=$1 size r p src cdev cstat peers=
	setup_peers
	for p in $PEERS; do
		[ "$p" = ovs ] && ! [ -e /sys/class/net/oa ] && continue
		peers+=" $p"
	done
	for size in 60 1514; do
		# a short warm-up per peer (FDB learning, caches), not reported
		for p in $peers; do
			read -r src cdev cstat <<<"$(peer_dev "$p")"
			send_frames "$src" $DST "$size" 2000
		done
		for r in $(seq 1 "$ROUNDS"); do
			for p in $peers; do
				read -r src cdev cstat <<<"$(peer_dev "$p")"
				sample "$c" "$p" "$size" "$r" "$src" $DST "$cdev" "$cstat" \
					"$FRAMES" "$size"
			done
		done
	done
	teardown_peers
}

case_unicast() { GEN=pktgen unicast_run unicast; }

# case guard: the MAC guard's cost, pktblast frames (60-byte UDP, then ARP
# requests) from the guest's MAC, side by side:
#   nofwd     delivery into the first veth only
#   guestlan  a port without a guard (one pointer test)
#   guard     a port whose MAC guard lists the source (lan1: its own FDB)
#   nft       the Linux bridge with the nftables bridge-family rules an
#             operator writes for the same policy (as Incus does for
#             security.mac_filtering): source MAC, ARP sender, ND target
case_guard() {
	local src=02:00:00:00:00:01 kind r p s cdev cstat peers="nofwd guestlan guard"
	[ -x "$PKTBLAST" ] || { echo "bench: no $PKTBLAST: guard not run" >&2; return; }
	GEN=sock
	pair na
	pair ga; pair gb
	{ ip link add lan0 type guestlan && ip link set lan0 up; } || die "guestlan failed"
	{ ip link set ga master lan0 && ip link set gb master lan0; } || die "ports failed"
	gl fdb add lan0 mac $DST port gb
	pair gc; pair gd
	{ ip link add lan1 type guestlan && ip link set lan1 up; } || die "guestlan failed"
	{ ip link set gc master lan1 && ip link set gd master lan1; } || die "ports failed"
	gl fdb add lan1 mac $DST port gd
	gl port set lan1 port gc mac_guard $src
	pair ba; pair bb
	{ ip link add br0 type bridge && ip link set br0 up; } || die "bridge failed"
	{ ip link set ba master br0 && ip link set bb master br0; } || die "bridge ports failed"
	bridge fdb add $DST dev bb master static || die "bridge fdb failed"
	if command -v nft >/dev/null &&
	   nft -f - <<-EOF
		table bridge glbench {
			chain prerouting {
				type filter hook prerouting priority -200; policy accept;
				iifname "ba" ether saddr != $src drop
				iifname "ba" arp saddr ether != $src drop
				iifname "ba" icmpv6 type nd-neighbor-advert @nh,528,48 != ${src//:/} drop
			}
		}
	EOF
	then
		peers+=" nft"
	else
		echo "bench: no nft bridge rules: no nft peer" >&2
	fi
	for kind in udp arp; do
		export PKTBLAST_ARP=0
		[ $kind = arp ] && PKTBLAST_ARP=1
		for p in $peers; do
			read -r s _ _ <<<"$(guard_dev "$p")"
			send_frames "$s" $DST 60 2000
		done
		for r in $(seq 1 "$ROUNDS"); do
			for p in $peers; do
				read -r s cdev cstat <<<"$(guard_dev "$p")"
				sample guard "$p" "$kind" "$r" "$s" $DST \
					"$cdev" "$cstat" "$FRAMES" 60
			done
		done
	done
	unset PKTBLAST_ARP
	nft delete table bridge glbench 2>/dev/null
	ip link del lan0; ip link del lan1; ip link del br0
	for p in na ga gb gc gd ba bb; do ip link del "$p" 2>/dev/null; done
	GEN=pktgen
}

# guard case: peer -> "src_dev count_dev count_stat"
guard_dev() {
	case "$1" in
	nofwd) echo "nap na rx_packets" ;;
	guestlan) echo "gap gbp rx_packets" ;;
	guard) echo "gcp gdp rx_packets" ;;
	nft) echo "bap bbp rx_packets" ;;
	esac
}

case_unicast_sock() {
	[ -x "$PKTBLAST" ] || { echo "bench: no $PKTBLAST: unicast_sock not run" >&2; return; }
	GEN=sock unicast_run unicast_sock
}

# --- flooding: unknown unicast to N ports, bridge vs guestlan -------------
flood_setup() {	# kind N
	local kind=$1 n=$2 i master
	case "$kind" in
	bridge) master=fbr0; ip link add fbr0 type bridge ;;
	guestlan) master=flan0; ip link add flan0 type guestlan ;;
	esac
	ip link set $master up || die "$kind failed"
	pair fa
	ip link set fa master $master
	for i in $(seq 1 "$n"); do
		pair "f$i"
		ip link set "f$i" master $master || die "port f$i failed"
	done
}

flood_teardown() {	# N
	local i
	ip link del fbr0 2>/dev/null; ip link del flan0 2>/dev/null
	ip link del fa
	for i in $(seq 1 "$1"); do ip link del "f$i"; done
}

case_flood() {
	local n r kind frames
	for n in 1 2 4 8 16 32 64; do
		frames=$(( FRAMES * 2 / n / 3 + 1000 ))
		for kind in bridge guestlan; do
			flood_setup $kind "$n"
			# nothing ever sends from 02:99:.., so it stays unknown
			pktgen_send fap 02:99:99:99:99:99 60 1000
			for r in $(seq 1 "$ROUNDS"); do
				sample flood $kind "$n" "$r" fap 02:99:99:99:99:99 f1p rx_packets \
					"$frames" 60
			done
			flood_teardown "$n"
		done
	done
}

# --- promiscuous listeners: known unicast a -> b with K granted listeners --
case_promisc() {
	local k r i kind
	for kind in 0 1 4 16 16vlan; do
		k=${kind%vlan}
		{ ip link add plan0 type guestlan && ip link set plan0 up; } || die "guestlan failed"
		pair pa; pair pb
		ip link set pa master plan0; ip link set pb master plan0
		gl fdb add plan0 mac $DST port pb
		for i in $(seq 1 "$k"); do
			pair "pl$i"
			ip link set "pl$i" master plan0
			if [ "$kind" = 16vlan ]; then
				gl vlan add plan0 port "pl$i" vid 10 pvid untagged
				gl vlan del plan0 port "pl$i" vid 1
				gl grant plan0 port "pl$i" promisc vlan 10
			else
				gl grant plan0 port "pl$i" promisc
			fi
			ip link set "pl$i" promisc on
		done
		pktgen_send pap $DST 60 1000
		for r in $(seq 1 "$ROUNDS"); do
			sample promisc guestlan "$kind" "$r" pap $DST pbp rx_packets \
				$(( FRAMES / (k + 1) + 1000 )) 60
		done
		[ "$k" -gt 0 ] &&
			value "promisc_copies_$kind" "$(ctr pl1p rx_packets)" frames
		ip link del plan0
		ip link del pa; ip link del pb
		for i in $(seq 1 "$k"); do ip link del "pl$i"; done
	done
}

# --- mirroring and sampling: what a session or a sampled port costs --------
# Known unicast a -> b (60 B) on five switches side by side, interleaved:
#   off       no session, no sampling
#   inactive  a session mirroring a's rx whose destination port is gone
#   span      a session mirroring a's rx to a local port (one clone each)
#   erspan    the same to an external erspan port, its underlay a dummy
#   sflow     a samples 1 in 100 of what it receives (no listener)
case_mirror() {
	local kinds="off inactive span erspan sflow" k i=0 r
	for k in $kinds; do
		i=$((i + 1))
		{ ip link add "ml$i" type guestlan && ip link set "ml$i" up; } ||
			die "guestlan failed"
		pair "m${i}a"; pair "m${i}b"
		ip link set "m${i}a" master "ml$i"; ip link set "m${i}b" master "ml$i"
		gl fdb add "ml$i" mac $DST port "m${i}b"
		case "$k" in
		inactive|span)
			pair "m${i}d"; ip link set "m${i}d" master "ml$i"
			gl mirror add "ml$i" id 1 source "m${i}a" rx dest "m${i}d"
			[ "$k" = inactive ] && ip link del "m${i}d" ;;
		erspan)
			{ ip link add mud type dummy && ip link set mud up &&
			  ip addr add 198.51.100.1/24 dev mud; } || die "dummy failed"
			ip link add mers type erspan external || die "erspan failed"
			ip link set mers up; ip link set mers master "ml$i"
			gl mirror add "ml$i" id 1 source "m${i}a" rx dest mers \
				erspan 1 remote 198.51.100.2 ;;
		sflow)
			gl port set "ml$i" port "m${i}a" sample_rate 100 sample_group 1 \
				sample_direction rx ;;
		esac
		pktgen_send "m${i}ap" $DST 60 2000
	done
	for r in $(seq 1 "$ROUNDS"); do
		i=0
		for k in $kinds; do
			i=$((i + 1))
			sample mirror guestlan "$k" "$r" "m${i}ap" $DST "m${i}bp" \
				rx_packets "$FRAMES" 60
		done
	done
	value mirror_span_copies "$(ctr m3dp rx_packets)" frames
	value mirror_erspan_sent "$(ctr mers tx_packets)" frames
	value mirror_sflow_sampled "$(gl -j -s port show ml5 |
		jq '.[] | select(.ifname == "m5a") | .stats.sampled')" frames
	for i in 1 2 3 4 5; do
		ip link del "ml$i"; ip link del "m${i}a"; ip link del "m${i}b"
	done
	ip link del m3d; ip link del mers; ip link del mud
}

# --- the host: sniffing lan0 (tcpdump), frames to and from the host --------
# bridge vs guestlan; hostsniff counts the frames forwarded a -> b while
# tcpdump (promiscuous, writing to /dev/null) has a tap on the switch device.
case_host() {
	local kind m r tp
	for kind in bridge guestlan; do
		case "$kind" in
		bridge) m=hbr0; ip link add hbr0 type bridge ;;
		guestlan) m=hlan0; ip link add hlan0 type guestlan ;;
		esac
		ip link set $m up || die "$kind failed"
		ip link set $m address 02:00:00:00:00:c0
		pair ha; pair hb
		ip link set ha master $m; ip link set hb master $m
		if [ "$kind" = bridge ]; then
			bridge fdb add $DST dev hb master static || die "bridge fdb failed"
		else
			gl fdb add $m mac $DST port hb
		fi
		pktgen_send hap 02:00:00:00:00:c0 60 1000
		pktgen_send $m $DST 60 1000
		for r in $(seq 1 "$ROUNDS"); do
			sample to_host $kind 60 "$r" hap 02:00:00:00:00:c0 $m rx_packets "$FRAMES" 60
			sample from_host $kind 60 "$r" $m $DST hbp rx_packets "$FRAMES" 60
		done
		if command -v tcpdump >/dev/null; then
			tcpdump -q -n -i $m -s 128 -w /dev/null 2>/dev/null &
			tp=$!
			sleep 2
			pktgen_send hap $DST 60 1000
			for r in $(seq 1 "$ROUNDS"); do
				sample hostsniff $kind 60 "$r" hap $DST hbp rx_packets "$FRAMES" 60
			done
			kill "$tp"; wait "$tp" 2>/dev/null
		fi
		ip link del $m; ip link del ha; ip link del hb
	done
}

# --- two vCPUs: two pktgen threads, two port pairs into one switch ---------
# (MODE=wall only: icount has one vCPU).  The sample counts the frames of
# both pairs over the longer of the two pktgen runs.
case_smp() {
	local kind m r before after us0 us1 i
	[ "$(nproc)" -ge 2 ] || { echo "bench: smp: one vCPU, skipped" >&2; return 0; }
	for kind in bridge guestlan; do
		case "$kind" in
		bridge) m=sbr0; ip link add sbr0 type bridge ;;
		guestlan) m=slan0; ip link add slan0 type guestlan ;;
		esac
		ip link set $m up || die "$kind failed"
		for i in 0 1; do
			pair "s${i}a"; pair "s${i}b"
			ip link set "s${i}a" master $m; ip link set "s${i}b" master $m
			if [ "$kind" = bridge ]; then
				bridge fdb add "02:00:00:00:01:b$i" dev "s${i}b" master static ||
					die "bridge fdb failed"
			else
				gl fdb add $m mac "02:00:00:00:01:b$i" port "s${i}b"
			fi
		done
		for r in $(seq 0 "$ROUNDS"); do
			before=$(( $(ctr s0bp rx_packets) + $(ctr s1bp rx_packets) ))
			for i in 0 1; do
				pg "kpktgend_$i" "rem_device_all"
				pg "kpktgend_$i" "add_device s${i}ap"
				pg "s${i}ap" "count $FRAMES"
				pg "s${i}ap" "pkt_size 60"
				pg "s${i}ap" "delay 0"
				pg "s${i}ap" "dst_mac 02:00:00:00:01:b$i"
				pg "s${i}ap" "src_mac 02:00:00:00:01:a$i"
				pg "s${i}ap" "flag NO_TIMESTAMP"
			done
			echo start >"$PG/pgctrl"
			after=$(( $(ctr s0bp rx_packets) + $(ctr s1bp rx_packets) ))
			us0=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "$PG/s0ap")
			us1=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "$PG/s1ap")
			[ "${us1:-0}" -gt "${us0:-0}" ] && us0=$us1
			pg kpktgend_0 "rem_device_all"; pg kpktgend_1 "rem_device_all"
			[ "$r" = 0 ] && continue	# warm-up
			echo "BENCH sample case=smp peer=$kind param=2 round=$r" \
			     "frames=$((after - before)) sent=$((2 * FRAMES)) ns=$(( ${us0:-0} * 1000 ))"
		done
		ip link del $m
		for i in 0 1; do ip link del "s${i}a"; ip link del "s${i}b"; done
	done
}

# --- FDB scale: learn rate, bytes per entry, rate with a full table, flush --
kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
learned() { "$GLCTL" -j show "$1" | sed -n 's/.*"fdb_learned":\([0-9]*\).*/\1/p'; }

case_fdb() {
	local n r slab0 vm0 slab1 vm1 got t0 t1 lines left i cpu
	for n in 1024 65536 1048576; do
		{ ip link add xlan0 type guestlan && ip link set xlan0 up; } || die "guestlan failed"
		pair xa; pair xb
		ip link set xa master xlan0; ip link set xb master xlan0
		gl set xlan0 max-learned 0
		gl port set xlan0 port xa max-learned 0
		slab0=$(kb Slab); vm0=$(kb VmallocUsed)
		# learn: n frames with n source MACs (pktgen steps them)
		pg kpktgend_0 "rem_device_all"
		pktgen_send xap 02:99:99:99:99:98 60 "$n" "$n"
		got=$(learned xlan0)
		value "fdb_${n}_learned" "${got:-0}" entries
		value "fdb_${n}_learn_rate" \
			"$(( ${got:-0} * 1000000000 / (elapsed_ns > 0 ? elapsed_ns : 1) ))" entries/s
		slab1=$(kb Slab); vm1=$(kb VmallocUsed)
		[ "${got:-0}" -gt 0 ] && value "fdb_${n}_bytes_per_entry" \
			$(( ((slab1 - slab0) + (vm1 - vm0)) * 1024 / got )) bytes
		gl fdb add xlan0 mac $DST port xb
		for r in $(seq 1 "$ROUNDS"); do
			sample fdb guestlan "$n" "$r" xap $DST xbp rx_packets "$FRAMES" 60
		done
		if [ "$n" != 1024 ]; then
			# glctl fdb show, bounded: BENCH_DUMP_LIMIT guest-seconds
			t0=$(now_us)
			lines=$(timeout "${BENCH_DUMP_LIMIT:-10}" "$GLCTL" fdb show xlan0 | wc -l)
			t1=$(now_us)
			value "fdb_${n}_dump_time" $(( (t1 - t0) * 1000 )) ns
			value "fdb_${n}_dump_lines" "$lines" lines
		fi
		# with perf, the CPU time of glctl fdb flush (the shell's clock
		# would count perf's start-up); without, the shell's clock
		t0=$(now_us)
		cpu=$(cpu_ns "$GLCTL" fdb flush xlan0) || die "glctl fdb flush failed"
		t1=$(now_us)
		if [ -n "$cpu" ]; then
			value "fdb_${n}_flush_cpu" "$cpu" ns
		else
			value "fdb_${n}_flush_time" $(( (t1 - t0) * 1000 )) ns
		fi
		[ "$(learned xlan0)" = 0 ] || die "fdb $n: entries left after the flush"
		# age out: learn them again, then an ageing time of 1 s; the
		# time from the last frame until none is left = 1 s + up to one
		# collector interval (1/4 s) + the collector's walk and deletions
		pktgen_send xap 02:99:99:99:99:98 60 "$n" "$n"
		t0=$pg_last_us
		gl set xlan0 ageing 1
		i=0
		while left=$(learned xlan0) && [ -n "$left" ] && [ "$left" != 0 ] &&
			[ $((i += 1)) -le 1200 ]; do
			sleep 0.05
		done
		t1=$(now_us)
		if [ "$left" = 0 ]; then
			value "fdb_${n}_ageout_time" $(( (t1 - t0) * 1000 )) ns
		else
			echo "bench: fdb $n: ${left:-?} entries left after 60 s of ageing" >&2
		fi
		ip link del xlan0; ip link del xa; ip link del xb
	done
}

# --- a port in 1 vs 4094 VLANs ----------------------------------------------
case_vlan() {
	local nv r v
	for nv in 1 4094; do
		{ ip link add vlan0 type guestlan && ip link set vlan0 up; } || die "guestlan failed"
		pair wa; pair wb
		ip link set wa master vlan0; ip link set wb master vlan0
		if [ "$nv" -gt 1 ]; then
			for v in $(seq 2 "$nv"); do echo "vlan add vlan0 port wb vid $v"; done |
				while read -r line; do
					# shellcheck disable=SC2086
					"$GLCTL" $line || exit 1
				done || die "vlan add failed"
		fi
		gl fdb add vlan0 mac $DST port wb
		pktgen_send wap $DST 60 1000
		for r in $(seq 1 "$ROUNDS"); do
			sample vlan guestlan "$nv" "$r" wap $DST wbp rx_packets "$FRAMES" 60
		done
		ip link del vlan0; ip link del wa; ip link del wb
	done
}

# --- control plane ------------------------------------------------------------
case_ctl() {
	local t0 t1 i cpu
	{ ip link add clan0 type guestlan && ip link set clan0 up; } || die "guestlan failed"
	for i in $(seq 1 1000); do echo "link add c$i type dummy"; done | ip -batch - ||
		die "dummies failed"
	t0=$(now_us)
	for i in $(seq 1 1000); do echo "link set c$i master clan0"; done | ip -batch - ||
		die "enslaving failed"
	t1=$(now_us)
	value ctl_add_1000_ports $(( (t1 - t0) * 1000 )) ns
	t0=$(now_us)
	"$GLCTL" show clan0 >/dev/null
	t1=$(now_us)
	value ctl_glctl_show $(( (t1 - t0) * 1000 )) ns
	t0=$(now_us)
	"$GLCTL" help >/dev/null
	t1=$(now_us)
	value ctl_glctl_startup $(( (t1 - t0) * 1000 )) ns
	cpu=$(cpu_ns "$GLCTL" show clan0) && [ -n "$cpu" ] && value ctl_glctl_show_cpu "$cpu" ns
	cpu=$(cpu_ns "$GLCTL" help) && [ -n "$cpu" ] && value ctl_glctl_startup_cpu "$cpu" ns
	ip link del clan0
	for i in $(seq 1 1000); do echo "link del c$i"; done | ip -batch -
}

# Where the instructions go (not in the default CASES: BENCH_CASES=profile):
# known unicast through each peer of BENCH_PROFILE_PEERS (nofwd guestlan
# bridge tc; flood:KIND:N floods unknown unicast through KIND, bridge or
# guestlan, to N ports) under perf record -a -e cpu-clock, from pktgen or,
# with BENCH_PROFILE_GEN=sock, pktblast.  Under -icount the guest clock
# counts instructions, so a timer sample every BENCH_PROFILE_PERIOD ns
# (100000) is a sample every 100,000 instructions, and a symbol's sampled
# period over the frames sent is its instructions per frame (printed from
# 10 up; the idle loop counts the waits around the sender's run).
case_profile() {
	local p src dst cdev cstat n=${BENCH_PROFILE_FRAMES:-500000}
	local period=${BENCH_PROFILE_PERIOD:-100000} dir kind fn
	command -v perf >/dev/null || die "profile: no perf (linux-perf)"
	dir=$(mktemp -d) || die "mktemp failed"
	GEN=${BENCH_PROFILE_GEN:-pktgen}
	setup_peers
	for p in ${BENCH_PROFILE_PEERS:-nofwd guestlan bridge tc}; do
		case "$p" in
		flood:*)
			IFS=: read -r _ kind fn <<<"$p"
			flood_setup "$kind" "$fn"
			src=fap dst=02:99:99:99:99:99 ;;
		*)
			read -r src cdev cstat <<<"$(peer_dev "$p")"
			dst=$DST ;;
		esac
		send_frames "$src" $dst 60 2000
		perf record -q -a -e cpu-clock -c "$period" -o "$dir/$p.data" -- \
			bash -c "$(declare -f pg pktgen_send sock_send send_frames now_us die); PERF=0 PG=$PG PKTBLAST=$PKTBLAST GEN=$GEN; send_frames $src $dst 60 $n; echo \$elapsed_ns >$dir/$p.ns" \
			>/dev/null 2>&1 || die "perf record failed"
		echo "BENCH profile peer=$p gen=$GEN frames=$n ns=$(cat "$dir/$p.ns") instr_per_frame=$(( $(cat "$dir/$p.ns") / n ))"
		# period = sampled ns = instructions: per frame, biggest first
		perf report -i "$dir/$p.data" --stdio --no-children --sort sym \
			-F period,sym 2>/dev/null | grep -v '^#' | grep -v '^$' |
			awk -v n="$n" -v p="$p" '$1 / n >= 10 {
				printf "BENCH profile peer=%s %6d %s\n", p, $1 / n, $NF }'
		case "$p" in flood:*) flood_teardown "$fn" ;; esac
	done
	rm -rf "$dir"
	teardown_peers
}

echo "BENCH info kernel=$(uname -r) vcpus=$(nproc) rounds=$ROUNDS frames=$FRAMES" \
     "clock=$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)" \
     "perf=$PERF"
for c in $CASES; do
	echo "bench: case $c ($(date -u +%T) wall/guest clock)" >&2
	"case_$c"
done
echo "BENCH done"
