#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Ageing: with a 2 s ageing time an idle learned entry goes away within
# ~5 s; an entry refreshed by traffic stays.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

ktap_print_header
ktap_set_plan 6

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

# B keeps talking (every 0.3 s), A sends once.  Learn with the default
# ageing time first: on a loaded TCG host one glctl call can take > 2 s.
gl_bg SENDB ip netns exec "$NSB" "$TAPH" raw eth0 send -e "$GL_ETYPE" -s "$MB" -L -t 0 -g 300000
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
gl_check "idle entry learned" slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
"$GLCTL" set "$sw" ageing 2
gl_check_eq "ageing_time set to 2" 2 "$(gl_sw_get "$sw" .ageing_time)"
t0=$(timestamp_ms)
gl_check "idle entry aged out (ageing 2 s, GC ~1 s, slow VM: within 15 s)" slowwait 15 gl_fdb_absent "$sw" "$MA"
ktap_print_msg "aged out after $(( $(timestamp_ms) - t0 )) ms"
# B has been sending for several ageing periods by now
sleep 2
gl_check "entry refreshed by traffic is still there" gl_fdb_has "$sw" "$MB" "$pb"
gl_bg_stop SENDB
gl_check "once traffic stops it ages out too" slowwait 15 gl_fdb_absent "$sw" "$MB"
gl_check_eq "fdb_learned back to 0" 0 "$(gl_sw_get "$sw" .fdb_learned)"

gl_finished
