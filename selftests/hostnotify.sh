#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hostnotify: turning it on sends a reset and the MACs known on the other
# ports; then learned and aged events (with VLAN and port) as MACs come
# and go; nothing for the port's own MACs or after it is turned off.
source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

bp_require_all
sw=gs$GL_ID
pa=gpa$GL_ID	# the notified port
pb=gpb$GL_ID
pc=gpc$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
MN=02:00:00:00:0c:99	# new MAC, later on C

ktap_print_header
ktap_set_plan 15

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"
gl_dmesg_mark
"$GLCTL" set "$sw" ageing 300
for g in A B C; do
	ns=NS$g; mac=M$g
	gl_ns_send "${!ns}" eth0 -s "${!mac}" -n 1
done
slowwait 10 gl_fdb_has "$sw" "$MC" "$pc"
bp_mon_start "$sw" || ktap_exit_fail_msg "glctl monitor does not start"

# host events for port $1, compact: "host_event mac vlan port" per line
hev()
{
	bp_mon_events "select(.event == \"host\" and .ifname == \"$1\") |
		\"\\(.host_event) \\(.mac // \"-\") \\(.vlan // \"-\") \\(.port // \"-\")\"" |
		tr -d '"'
}

bp_set "$sw" "$pa" hostnotify on
gl_check_eq "hostnotify on shown" true "$(bp_port "$sw" "$pa" .hostnotify)"
slowwait 10 bash -c "grep -q '\"port\":\"$pc\"' '$BP_MON'"
gl_check_eq "first event: reset" "reset - - -" "$(hev "$pa" | head -n1)"
gl_check_eq "then the MACs of the other ports, not A's own" \
	"learned $MB 1 $pb,learned $MC 1 $pc" \
	"$(hev "$pa" | tail -n +2 | sort | paste -sd,)"

# a new MAC on C
gl_ns_send "$NSC" eth0 -s "$MN" -n 1
gl_check "learned event for the new MAC" \
	slowwait 10 bash -c "grep -q '\"$MN\"' '$BP_MON'"
gl_check_eq "learned: mac, vlan 1, port C" "learned $MN 1 $pc" \
	"$(hev "$pa" | grep "$MN")"

# A's own new MAC: no event for A
gl_ns_send "$NSA" eth0 -s 02:00:00:00:0a:02 -n 1
slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0a:02 "$pa"

# a MAC that moves (B and C yield theirs: takeover_learning on): learned
# again, with its new port
bp_set "$sw" "$pb" takeover_learning on
bp_set "$sw" "$pc" takeover_learning on
gl_ns_send "$NSB" eth0 -s "$MN" -n 1
gl_check "move to B: learned event with port B" \
	slowwait 10 bash -c "grep -q '\"$MN\".*\"port\":\"$pb\"' '$BP_MON'"
# and back to C, once the 1 s move hold-down has passed: C keeps sending
mn_back()
{
	gl_ns_send "$NSC" eth0 -s "$MN" -n 1
	gl_fdb_has "$sw" "$MN" "$pc"
}
slowwait 10 mn_back

# ageing 2: everything ages, each MAC of the other ports once
n_aged()
{
	[ "$(hev "$pa" | grep -c '^aged ')" -ge "$1" ]
}
"$GLCTL" set "$sw" ageing 2
gl_check "aged events for the 3 MACs of B and C" slowwait 20 n_aged 3
sleep 1
gl_check_eq "aged: mac, vlan 1, port" \
	"aged $MB 1 $pb,aged $MC 1 $pc,aged $MN 1 $pc" \
	"$(hev "$pa" | grep '^aged ' | sort -k2 | paste -sd,)"
gl_check_eq "nothing about A's own MACs" "" "$(hev "$pa" | grep -i 0a:0)"
gl_check_eq "no events for ports without hostnotify" "" \
	"$(bp_mon_events "select(.event == \"host\" and .ifname != \"$pa\")")"
"$GLCTL" set "$sw" ageing 300

# hostnotify on a second port; off on A: B hears about a MAC, A does not
bp_set "$sw" "$pb" hostnotify on
bp_set "$sw" "$pa" hostnotify off
gl_check_eq "hostnotify off shown" false "$(bp_port "$sw" "$pa" .hostnotify)"
na=$(hev "$pa" | wc -l)
gl_ns_send "$NSC" eth0 -s 02:00:00:00:0c:77 -n 1
gl_check "B (hostnotify on) hears of C's new MAC" \
	slowwait 10 bash -c "grep -q '\"ifname\":\"$pb\".*\"02:00:00:00:0c:77\"' '$BP_MON'"
gl_check_eq "A (hostnotify off) hears nothing more" "$na" "$(hev "$pa" | wc -l)"
gl_check_eq "B's events start with reset" "reset - - -" "$(hev "$pb" | head -n1)"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
