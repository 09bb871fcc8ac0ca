#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# max-learned: learning stops at the limit, refusals are counted, frames
# from unlearned sources are still forwarded.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
N=1000
LIMIT=100

ktap_print_header
ktap_set_plan 9

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

# a burst of N frames must not overflow the receiver's backlog (default 1000)
backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=$((N * 4))
gl_defer sysctl -qw net.core.netdev_max_backlog="$backlog"

"$GLCTL" set "$sw" max-learned $LIMIT
gl_check_eq "max_learned set to $LIMIT" $LIMIT "$(gl_sw_get "$sw" .max_learned)"

fl_b=$(gl_port_stat "$sw" "$pb" flooded)
gl_cap_start B "$NSB" raw eth0 -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -r -n $N
gl_settle
gl_check_eq "all $N frames from random sources forwarded" $N "$(gl_cap_rx B)"
gl_check_eq "flooded +$N on B" $((fl_b + N)) "$(gl_port_stat "$sw" "$pb" flooded)"
gl_check_eq "fdb_learned == $LIMIT" $LIMIT "$(gl_sw_get "$sw" .fdb_learned)"
gl_check_eq "fdb dump holds $LIMIT learned entries" $LIMIT "$(gl_fdb_dyn_count "$sw")"
gl_check_eq "port learn_refused == $((N - LIMIT))" $((N - LIMIT)) \
	"$(gl_port_stat "$sw" "$pa" learn_refused)"
gl_check_eq "switch learn_refused == $((N - LIMIT))" $((N - LIMIT)) \
	"$(gl_sw_stat "$sw" learn_refused)"

# B is new and may not be learned while the table is full
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
sleep 0.5
gl_check "new source refused at the limit" gl_fdb_absent "$sw" "$MB"

"$GLCTL" set "$sw" max-learned 0
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
gl_check "max-learned 0 (no limit) learns again" slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"

gl_finished
