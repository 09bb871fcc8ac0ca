#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guestlan benchmarks, run inside a test VM (tools/bench/run boots one):
#  1. forwarding rate, known unicast, port to port: guestlan vs Linux bridge
#  2. the same with a promiscuous sniffer granted and active (one clone more)
#  3. flooding (unknown unicast) to 1, 4 and 8 ports
#  4. FDB: time to learn 65536 MACs, bytes per entry (slab + hash table),
#     forwarding rate with a full table
# Traffic comes from pktgen on veth pairs; frames counted on the far peer.
# Numbers are only comparable inside one run (TCG emulation is slow and
# noisy); they are reported, never asserted.

set -u
DUR=${BENCH_SECONDS:-4}
GLCTL=${GLCTL:-$(cd "$(dirname "$0")/../glctl" && pwd)/glctl}
PG=/proc/net/pktgen

modprobe veth; modprobe pktgen; modprobe bridge
[ -d $PG ] || { echo "bench: no pktgen"; exit 4; }

pg() { echo "$2" > "$PG/$1"; }

# veth pair: $1 is the switch side (port), $1p the traffic side
pair() {
	ip link add "$1" type veth peer name "$1p"
	ip link set "$1" up; ip link set "$1p" up
	ip link set "$1p" promisc on	# count everything that arrives
}
rxcount() { cat "/sys/class/net/$1/statistics/rx_packets"; }
mac() { cat "/sys/class/net/$1/address"; }

# run pktgen from $1 (device) to dst MAC $2 for $DUR s; src MAC count $3
pktgen_run() {
	local dev=$1 dst=$2 nsrc=${3:-1}
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $dev"
	pg "$dev" "count 0"
	pg "$dev" "pkt_size 60"
	pg "$dev" "delay 0"
	pg "$dev" "dst_mac $dst"
	pg "$dev" "src_mac 02:00:00:00:00:01"
	pg "$dev" "src_mac_count $nsrc"
	pg "$dev" "flag NO_TIMESTAMP"
	( sleep "$DUR"; pg pgctrl stop ) &
	pg pgctrl start 2>/dev/null
	wait
}

# forwarding rate (frames/s received on $3) for pktgen on $1 to $2
rate() {
	local before after
	before=$(rxcount "$3")
	pktgen_run "$1" "$2" "${4:-1}"
	after=$(rxcount "$3")
	echo $(( (after - before) / DUR ))
}

report() { printf '%-58s %12s\n' "$1" "$2"; }

echo "# guestlan benchmarks on $(uname -r), ${DUR}s per run, $(nproc) vCPUs (TCG)"

# --- 1: guestlan vs bridge, known unicast
pair va; pair vb
ip link add lan0 type guestlan; ip link set lan0 up
ip link set va master lan0; ip link set vb master lan0
"$GLCTL" fdb add lan0 mac "$(mac vbp)" port vb
r_gl=$(rate vap "$(mac vbp)" vbp)
report "known unicast, guestlan (frames/s)" "$r_gl"

ip link del lan0
ip link add br0 type bridge; ip link set br0 up
ip link set va master br0; ip link set vb master br0
bridge fdb add "$(mac vbp)" dev vb master static
r_br=$(rate vap "$(mac vbp)" vbp)
report "known unicast, Linux bridge (frames/s)" "$r_br"
ip link del br0

# --- 2: with a granted, active promiscuous sniffer
ip link add lan0 type guestlan; ip link set lan0 up
pair vc
for p in va vb vc; do ip link set $p master lan0; done
"$GLCTL" fdb add lan0 mac "$(mac vbp)" port vb
"$GLCTL" grant lan0 port vc promisc
ip link set vc promisc on
sleep 1
c0=$(rxcount vcp)
r_pr=$(rate vap "$(mac vbp)" vbp)
c1=$(rxcount vcp)
report "known unicast + active sniffer, to destination (frames/s)" "$r_pr"
report "  copies the sniffer got (frames/s)" $(( (c1 - c0) / DUR ))
ip link del lan0

# --- 3: flooding unknown unicast to N ports
for n in 1 4 8; do
	ip link add lan0 type guestlan; ip link set lan0 up
	ip link set va master lan0
	for i in $(seq 1 "$n"); do pair "f$i"; ip link set "f$i" master lan0; done
	r=$(rate vap 02:99:99:99:99:99 f1p)
	report "unknown unicast flooded to $n port(s), per port (frames/s)" "$r"
	ip link del lan0
	for i in $(seq 1 "$n"); do ip link del "f$i"; done
done

# --- 4: FDB scale
ip link add lan0 type guestlan; ip link set lan0 up
ip link set va master lan0; ip link set vb master lan0
"$GLCTL" set lan0 max-learned 0
"$GLCTL" port set lan0 port va max-learned 0	# a port's default cap: 4096
kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
slab0=$(kb Slab); vm0=$(kb VmallocUsed)
pktgen_run vap 02:99:99:99:99:98 65536 >/dev/null
learned=$("$GLCTL" -j show lan0 | sed -n 's/.*"fdb_learned":\([0-9]*\).*/\1/p')
sleep 1
slab1=$(kb Slab); vm1=$(kb VmallocUsed)
report "MACs learned from 65536 random sources in ${DUR}s" "$learned"
report "gl_fdb object size (bytes)" "$(cat /sys/kernel/slab/gl_fdb/object_size 2>/dev/null || echo '?')"
if [ "${learned:-0}" -gt 0 ]; then
	report "memory per learned entry: slab + hash table (bytes)" \
		$(( ((slab1 - slab0) + (vm1 - vm0)) * 1024 / learned ))
fi
"$GLCTL" fdb add lan0 mac "$(mac vbp)" port vb
r_full=$(rate vap "$(mac vbp)" vbp)
report "known unicast with $learned entries in the FDB (frames/s)" "$r_full"
ip link del lan0

echo "# done"
