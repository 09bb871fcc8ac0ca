#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Known unicast goes to exactly one port; frames to the ingress port are
# dropped (drop_loop); frames while the switch is down are dropped (drop_down).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
N=50

ktap_print_header
ktap_set_plan 14

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"

# everybody announces itself once
for g in A B C; do
	ns=NS$g; mac=M$g
	gl_ns_send "${!ns}" eth0 -s "${!mac}" -n 1
done
gl_check "B learned" slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"

rx_a=$(gl_port_stat "$sw" "$pa" rx_packets)
tx_b=$(gl_port_stat "$sw" "$pb" tx_packets)
fl_c=$(gl_port_stat "$sw" "$pc" flooded)
tx_c=$(gl_port_stat "$sw" "$pc" tx_packets)
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_cap_start C "$NSC" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n $N
gl_settle
gl_check_eq "A->B: B receives all $N" $N "$(gl_cap_rx B)"
gl_check_eq "A->B: C receives nothing" 0 "$(gl_cap_rx C)"
gl_check_eq "A's port rx_packets +$N" $((rx_a + N)) "$(gl_port_stat "$sw" "$pa" rx_packets)"
gl_check_eq "B's port tx_packets +$N" $((tx_b + N)) "$(gl_port_stat "$sw" "$pb" tx_packets)"
gl_check_eq "C's port: nothing flooded or sent" "$fl_c $tx_c" \
	"$(gl_port_stat "$sw" "$pc" flooded) $(gl_port_stat "$sw" "$pc" tx_packets)"

# C -> A (reverse direction, other pair)
gl_cap_start A "$NSA" raw eth0 -s "$MC" -e "$GL_ETYPE"
gl_cap_start B "$NSB" raw eth0 -s "$MC" -e "$GL_ETYPE"
gl_ns_send "$NSC" eth0 -s "$MC" -d "$MA" -n 20
gl_settle
gl_check_eq "C->A: A receives all 20, B none" "20 0" "$(gl_cap_rx A) $(gl_cap_rx B)"

# to a MAC that lives behind the ingress port: drop_loop
loop_a=$(gl_port_stat "$sw" "$pa" drop_loop)
gl_ns_send "$NSB" eth0 -s 02:00:00:00:0b:02 -n 1
slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0b:02 "$pb"
loop_b=$(gl_port_stat "$sw" "$pb" drop_loop)
gl_cap_start A "$NSA" raw eth0 -s "$MB" -e "$GL_ETYPE"
gl_cap_start C "$NSC" raw eth0 -s "$MB" -e "$GL_ETYPE"
gl_ns_send "$NSB" eth0 -s "$MB" -d 02:00:00:00:0b:02 -n 10
gl_settle
gl_check_eq "to the ingress port: nobody receives it" "0 0" "$(gl_cap_rx A) $(gl_cap_rx C)"
gl_check_eq "drop_loop +10 on the ingress port" $((loop_b + 10)) \
	"$(gl_port_stat "$sw" "$pb" drop_loop)"
gl_check_eq "drop_loop unchanged elsewhere" "$loop_a" "$(gl_port_stat "$sw" "$pa" drop_loop)"

# switch down: frames dropped and counted
ip link set "$sw" down
down_a=$(gl_port_stat "$sw" "$pa" drop_down)
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n 10
gl_settle
gl_check_eq "switch down: B receives nothing" 0 "$(gl_cap_rx B)"
gl_check_eq "switch down: drop_down +10" $((down_a + 10)) "$(gl_port_stat "$sw" "$pa" drop_down)"
ip link set "$sw" up
# learned entries may or may not survive a down/up: re-announce B
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_cap_start C "$NSC" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n 10
gl_settle
gl_check_eq "switch up again: B gets 10" 10 "$(gl_cap_rx B)"
gl_check_eq "switch up again: C gets 0" 0 "$(gl_cap_rx C)"

gl_finished
