#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static FDB entries: added by glctl, never age, never move, deleted by
# fdb del; fdb flush keeps them unless "static" is given.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
px=gpx$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
M=02:00:00:00:5a:01

has_flag()
{
	gl_fdb_entry "$sw" "$1" "${3:-1}" | jq -e --arg f "$2" '(.flags // []) | index($f) != null' >/dev/null
}

ktap_print_header
ktap_set_plan 17

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"

gl_check "fdb add static entry" "$GLCTL" fdb add "$sw" mac "$M" port "$pa"
gl_check_eq "static entry on its port" "$pa" "$(gl_fdb_port "$sw" "$M")"
gl_check "entry flagged static" has_flag "$M" static
gl_check_eq "static entry is not counted as learned" 0 "$(gl_sw_get "$sw" .fdb_learned)"

"$GLCTL" set "$sw" ageing 2
sleep 5
gl_check "static entry does not age (ageing 2, 5 s)" gl_fdb_has "$sw" "$M" "$pa"

gl_ns_send "$NSB" eth0 -s "$M" -n 5
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_check "traffic from M on another port does not move it" gl_fdb_has "$sw" "$M" "$pa"

gl_cap_start A "$NSA" raw eth0 -d "$M" -e "$GL_ETYPE"
gl_cap_start B "$NSB" raw eth0 -d "$M" -e "$GL_ETYPE"
gl_ns_send "$NSC" eth0 -s "$MC" -d "$M" -n 10
gl_settle
gl_check_eq "frames to M go to the static port only" "10 0" "$(gl_cap_rx A) $(gl_cap_rx B)"

gl_check "fdb del" "$GLCTL" fdb del "$sw" mac "$M"
gl_check "deleted entry gone" gl_fdb_absent "$sw" "$M"
gl_check_fail "fdb del of a missing entry fails" "error" "$GLCTL" fdb del "$sw" mac "$M"

ip link add "$px" type veth peer name "${px}p" && GL_DEVS+=("$px")
gl_check_fail "fdb add on a non-port refused" "error" \
	"$GLCTL" fdb add "$sw" mac "$M" port "$px"

gl_check "fdb add with vlan 5" "$GLCTL" fdb add "$sw" mac "$M" vlan 5 port "$pb"
gl_check_eq "vlan 5 entry listed" "$pb" "$(gl_fdb_port "$sw" "$M" 5)"
"$GLCTL" fdb del "$sw" mac "$M" vlan 5

"$GLCTL" set "$sw" ageing 300
"$GLCTL" fdb add "$sw" mac "$M" port "$pa"
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
gl_ns_send "$NSC" eth0 -s "$MC" -n 1
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
slowwait 10 gl_fdb_has "$sw" "$MC" "$pc"
"$GLCTL" fdb flush "$sw" port "$pa"
gl_check "fdb flush port: that port's learned entries go" gl_fdb_absent "$sw" "$MA"
gl_check_eq "... others stay" "$pc $pa" "$(gl_fdb_port "$sw" "$MC") $(gl_fdb_port "$sw" "$M")"
"$GLCTL" fdb flush "$sw"
gl_check_eq "fdb flush: learned gone, static kept" "0 $pa" \
	"$(gl_fdb_dyn_count "$sw") $(gl_fdb_port "$sw" "$M")"
"$GLCTL" fdb flush "$sw" static
gl_check "fdb flush static removes static entries" gl_fdb_absent "$sw" "$M"

gl_finished
