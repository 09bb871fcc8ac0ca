#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Source learning: entries appear on the right port with vlan 1, dynamic;
# a MAC moves when it shows up behind another port, if the port it was
# learned on yields it (takeover_learning on; see mac_owner.sh).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

ktap_print_header
ktap_set_plan 12

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

gl_check "nothing learned before traffic" gl_fdb_absent "$sw" "$MA"

gl_ns_send "$NSA" eth0 -s "$MA" -n 3
gl_check "A's MAC learned on A's port" slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
entry=$(gl_fdb_entry "$sw" "$MA")
ktap_print_msg "entry: $entry"
gl_check_eq "learned on vlan 1" 1 "$(jq -r .vlan <<<"$entry")"
gl_check_eq "learned entry is not static" false \
	"$(jq '(.flags // []) | index("static") != null' <<<"$entry")"
gl_check "age_ms is small" test "$(jq -r .age_ms <<<"$entry")" -lt 60000

gl_ns_send "$NSB" eth0 -s "$MB" -n 3
gl_check "B's MAC learned on B's port" slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_check_eq "fdb_learned 2" 2 "$(gl_sw_get "$sw" .fdb_learned)"

gl_check_eq "fdb show ... port B lists only B's MAC" "$MB" \
	"$("$GLCTL" -j fdb show "$sw" port "$pb" | jq -r '.[].mac | ascii_downcase')"

# A's address now appears behind B's port
gl_ns_send "$NSB" eth0 -s "$MA" -n 3
sleep 0.5
gl_check "A's MAC stays on A: its port does not yield it" gl_fdb_has "$sw" "$MA" "$pa"
"$GLCTL" port set "$sw" port "$pa" takeover_learning on
"$GLCTL" port set "$sw" port "$pb" takeover_learning on
gl_ns_send "$NSB" eth0 -s "$MA" -n 3
gl_check "MAC moves to the port it appears on" slowwait 10 gl_fdb_has "$sw" "$MA" "$pb"
# a MAC that moved moves again only after a 1 s hold-down: A keeps sending
move_back()
{
	gl_ns_send "$NSA" eth0 -s "$MA" -n 1
	gl_fdb_has "$sw" "$MA" "$pa"
}
gl_check "and moves back (after the hold-down)" slowwait 10 move_back
gl_check_eq "moves do not duplicate entries" 2 "$(gl_fdb_dyn_count "$sw")"

gl_finished
