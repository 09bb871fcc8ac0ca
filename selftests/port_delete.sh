#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Deleting a port device while traffic flows removes the port and its FDB
# entries; the switch keeps working for the others.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01

ktap_print_header
ktap_set_plan 10

gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"

# A floods and B sends to A, continuously
gl_bg SENDA ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" -s "$MA" -L -t 0 -g 1000
gl_bg SENDB ip netns exec "$NSB" "$TAPH" raw eth0 send -e "$GL_ETYPE" -s "$MB" -d "$MA" -L -t 0 -g 1000
gl_ns_send "$NSA" eth0 -s 02:00:00:00:0a:02 -n 3
gl_check "A's MACs learned" slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0a:02 "$pa"
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
sleep 1
gl_check "delete A's port while traffic flows" timeout 30 ip link del "$pa"
gl_check_eq "port gone from glctl port show" "$(printf '%s\n' "$pb" "$pc" | sort)" \
	"$(gl_port_list "$sw")"
gl_check_eq "n_ports 2" 2 "$(gl_sw_get "$sw" .n_ports)"
gl_check_eq "no FDB entries left on the deleted port" 0 \
	"$(gl_fdb "$sw" | jq --arg p "$pa" '[.[] | select(.port == $p)] | length')"
gl_check "its MACs are gone" bash -c "! '$GLCTL' -j fdb show '$sw' | grep -qi '02:00:00:00:0a:0'"
gl_bg_stop SENDA
gl_bg_stop SENDB

gl_ns_send "$NSC" eth0 -s "$MC" -n 1
slowwait 10 gl_fdb_has "$sw" "$MC" "$pc"
gl_cap_start C "$NSC" raw eth0 -s "$MB" -e "$GL_ETYPE"
gl_ns_send "$NSB" eth0 -s "$MB" -d "$MC" -n 20
gl_settle
gl_check_eq "switch still forwards B->C" 20 "$(gl_cap_rx C)"

# deleting a guest's netns destroys the veth pair: the port goes too
cleanup_ns "$NSC"
gl_check "port of a deleted netns goes away" \
	slowwait 10 bash -c "[ \"\$('$GLCTL' -j port show '$sw' | jq length)\" = 1 ]"
gl_check_eq "its FDB entries too" 0 \
	"$(gl_fdb "$sw" | jq --arg p "$pc" '[.[] | select(.port == $p)] | length')"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
