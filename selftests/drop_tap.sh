#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The drop tap: frames of VLANs a port is not in are dropped at ingress,
# counted in drop_vlan and shown by the guestlan:guestlan_drop tracepoint,
# one line each; a sniffer granted VLAN 10 only sees nothing of VLAN 20
# unicast nor any of the dropped frames.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require

TR=/sys/kernel/tracing
if [ ! -d "$TR/events" ]; then
	mount -t tracefs nodev "$TR" 2>/dev/null ||
		gl_skip_all "cannot mount tracefs at $TR"
fi
EV=$TR/events/guestlan/guestlan_drop
[ -d "$EV" ] || gl_skip_all "no tracepoint guestlan:guestlan_drop"

ktap_print_header
ktap_set_plan 12
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"
BC=ff:ff:ff:ff:ff:ff
N=10

if ! "$GLCTL" grant "$sw" port "$pc" promisc vlan 10 ||
   ! ip link set "$pc" promisc on || ! gl_promisc_wait "$sw" "$pc" active; then
	ktap_exit_fail_msg "cannot make C an active sniffer of VLAN 10"
fi

echo 0 >"$TR/tracing_on"
echo >"$TR/trace"
echo 1 >"$EV/enable"
gl_defer "echo 0 >$EV/enable; echo >$TR/trace; echo 1 >$TR/tracing_on"
echo 1 >"$TR/tracing_on"

dv_a=$(gl_port_stat "$sw" "$pa" drop_vlan)
dv_d=$(gl_port_stat "$sw" "$pd" drop_vlan)
ptx=$(gl_port_stat "$sw" "$pc" promisc_tx)
dl_b=$(gl_port_stat "$sw" "$pb" drop_loop)
gl_td_start C "$NSC" eth0
# VLAN 20 unicast: C is a member of 20 but granted 10 only
gl_ns_send "$NSD" eth0 -s "$MD" -d "$ME" -n $N
# tagged 30 on A: no port is in VLAN 30
gl_ns_send "$NSA" eth0 -s "$MA" -d "$BC" -v 30 -n $N
# tagged 10 on D (an access port of 20): VLAN 10 is C's, but D is not in it
gl_ns_send "$NSD" eth0 -s "$MD" -d "$MB" -v 10 -n $N
# one frame to the port it comes from: reason loop
gl_ns_send "$NSB" eth0 -s "$MB" -d "$MB" -n 1
gl_settle
gl_td_stop C
echo 0 >"$TR/tracing_on"
grep "guestlan_drop" "$TR/trace" >"$GL_TMP/trace.txt"
gl_td_text C

gl_check_eq "sniffer C: nothing of the flood (VLAN 20 unicast, drops)" 0 "$(gl_td_total C)"
gl_check_eq "sniffer C: promisc_tx unchanged" "$ptx" "$(gl_port_stat "$sw" "$pc" promisc_tx)"
gl_check_eq "A tagged 30: drop_vlan +$N on A" $((dv_a + N)) "$(gl_port_stat "$sw" "$pa" drop_vlan)"
gl_check_eq "D tagged 10: drop_vlan +$N on D" $((dv_d + N)) "$(gl_port_stat "$sw" "$pd" drop_vlan)"
gl_check_eq "tracepoint: $N reason=vlan lines for A" $N \
	"$(grep -c "switch=$sw port=$pa reason=vlan " "$GL_TMP/trace.txt")"
gl_check_eq "tracepoint: $N reason=vlan lines for D" $N \
	"$(grep -c "switch=$sw port=$pd reason=vlan " "$GL_TMP/trace.txt")"
gl_check_eq "tracepoint: A's lines show src, dst and vlan_tci 0x001e" $N \
	"$(grep "port=$pa reason=vlan " "$GL_TMP/trace.txt" |
		grep -c "src=$MA dst=$BC vlan_tci=0x001e len=")"
gl_check_eq "tracepoint: D's lines show vlan_tci 0x000a" $N \
	"$(grep "port=$pd reason=vlan " "$GL_TMP/trace.txt" | grep -c "vlan_tci=0x000a")"
gl_check_eq "tracepoint: one reason=loop line for B" 1 \
	"$(grep -c "switch=$sw port=$pb reason=loop " "$GL_TMP/trace.txt")"
gl_check_eq "tracepoint: no other drops on the switch" $((2 * N + 1)) \
	"$(grep -c "switch=$sw " "$GL_TMP/trace.txt")"
gl_check_eq "drop_loop +1 on B" $((dl_b + 1)) "$(gl_port_stat "$sw" "$pb" drop_loop)"

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
