#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VNIC characteristics of a port (glctl port set): flooding, mcast_flooding,
# rx_bcast, learning, learning_timeout, takeover_learning, takeover_setvmac,
# bridge_invisible and the per-port max-learned, each on and off with
# exact frame counts and FDB contents.
source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

bp_require_all
sw=gs$GL_ID
pa=gpa$GL_ID	# sender
pb=gpb$GL_ID	# the port whose characteristics change
pc=gpc$GL_ID	# control port, defaults
tp=gtp$GL_ID	# tap for the random-source flood
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
UU=02:00:00:00:ee:ee
MCAST=01:00:5e:01:02:03
BC=ff:ff:ff:ff:ff:ff
N=5

ktap_print_header
ktap_set_plan 48

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
	gl_guest_add "$sw" "$pc" "$NSC" "$MC" || ktap_exit_fail_msg "cannot add guests"
gl_dmesg_mark
for g in A B C; do
	ns=NS$g; mac=M$g
	gl_ns_send "${!ns}" eth0 -s "${!mac}" -n 1
done
slowwait 10 gl_fdb_has "$sw" "$MC" "$pc"

gl_check_eq "defaults" \
	'{"flooding":true,"mcast_flooding":true,"rx_bcast":true,"learning":true,"learning_timeout":0,"takeover_learning":false,"takeover_setvmac":false,"bridge_invisible":false}' \
	"$(bp_port "$sw" "$pb" '.vnicc | {flooding,mcast_flooding,rx_bcast,learning,learning_timeout,takeover_learning,takeover_setvmac,bridge_invisible} | tojson')"

# rx DST: A sends N frames to DST; frames out of B and C
rx()
{
	bp_tx_counts "$sw" "$NSA" "$pa" "$MA" "$1" $N "$pb" "$pc"
}

# --- flooding
bp_set "$sw" "$pb" flooding off
gl_check_eq "flooding off shown" false "$(bp_port "$sw" "$pb" .vnicc.flooding)"
gl_check_eq "flooding off: no unknown unicast to B" "0 $N" "$(rx $UU)"
gl_check_eq "flooding off: captures agree" "0 $N" \
	"$(bp_rx_counts "$NSA" "$MA" "$UU" $N "$NSB" "$NSC")"
gl_check_eq "flooding off: broadcast still to B" "$N $N" "$(rx $BC)"
gl_check_eq "flooding off: multicast still to B" "$N $N" "$(rx $MCAST)"
gl_check_eq "flooding off: known unicast still to B" "$N 0" "$(rx $MB)"
bp_set "$sw" "$pb" flooding on
gl_check_eq "flooding on: unknown unicast to B" "$N $N" "$(rx $UU)"

# --- mcast_flooding
bp_set "$sw" "$pb" mcast_flooding off
gl_check_eq "mcast_flooding off: no multicast to B" "0 $N" "$(rx $MCAST)"
gl_check_eq "mcast_flooding off: broadcast still to B" "$N $N" "$(rx $BC)"
gl_check_eq "mcast_flooding off: unknown unicast still to B" "$N $N" "$(rx $UU)"
bp_set "$sw" "$pb" mcast_flooding on
gl_check_eq "mcast_flooding on: multicast to B" "$N $N" "$(rx $MCAST)"

# --- rx_bcast
bp_set "$sw" "$pb" rx_bcast off
gl_check_eq "rx_bcast off: no broadcast to B" "0 $N" "$(rx $BC)"
gl_check_eq "rx_bcast off: multicast still to B" "$N $N" "$(rx $MCAST)"
bp_set "$sw" "$pb" rx_bcast on
gl_check_eq "rx_bcast on: broadcast to B" "$N $N" "$(rx $BC)"

# --- learning
bp_set "$sw" "$pb" learning off
gl_ns_send "$NSB" eth0 -s 02:00:00:00:0b:02 -n 2
gl_ns_send "$NSC" eth0 -s 02:00:00:00:0c:02 -n 1
slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0c:02 "$pc"
gl_check "learning off: B's new MAC not in the FDB" gl_fdb_absent "$sw" 02:00:00:00:0b:02
gl_check_eq "learning off: B has 1 learned MAC, none refused" "1 0" \
	"$(bp_port "$sw" "$pb" '"\(.n_learned) \(.stats.learn_refused)"')"
bp_set "$sw" "$pb" learning on
gl_ns_send "$NSB" eth0 -s 02:00:00:00:0b:02 -n 1
gl_check "learning on: B's new MAC learned" slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0b:02 "$pb"

# --- learning_timeout
"$GLCTL" set "$sw" ageing 300
gl_ns_send "$NSB" eth0 -s 02:00:00:00:0b:03 -n 1
gl_ns_send "$NSC" eth0 -s 02:00:00:00:0c:03 -n 1
slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0c:03 "$pc"
gl_check "learning_timeout: B's MAC learned" gl_fdb_has "$sw" 02:00:00:00:0b:03 "$pb"
bp_set "$sw" "$pb" learning_timeout 2
gl_check_eq "learning_timeout 2 shown" 2 "$(bp_port "$sw" "$pb" .vnicc.learning_timeout)"
t0=$(date +%s)
slowwait 30 gl_fdb_absent "$sw" 02:00:00:00:0b:03
t=$(($(date +%s) - t0))
gl_check "learning_timeout 2: B's MAC aged out" gl_fdb_absent "$sw" 02:00:00:00:0b:03
gl_check "learning_timeout 2: gone after ${t}s (<= 20)" test "$t" -le 20
gl_check "learning_timeout: C's MAC (switch ageing 300) stays" \
	gl_fdb_has "$sw" 02:00:00:00:0c:03 "$pc"
bp_set "$sw" "$pb" learning_timeout 0

# --- takeover_learning
bp_set "$sw" "$pa" takeover_learning off
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
ref=$(gl_port_stat "$sw" "$pb" learn_refused)
gl_ns_send "$NSB" eth0 -s "$MA" -n 3
gl_ns_send "$NSB" eth0 -s "$MB" -d "$MC" -n 1	# after the 3: a sync point
sleep 0.5
gl_check "takeover_learning off: A's MAC stays on A" gl_fdb_has "$sw" "$MA" "$pa"
gl_check_eq "takeover_learning off: learn_refused +3 on B" $((ref + 3)) \
	"$(gl_port_stat "$sw" "$pb" learn_refused)"
bp_set "$sw" "$pa" takeover_learning on
gl_ns_send "$NSB" eth0 -s "$MA" -n 1
gl_check "takeover_learning on: A's MAC moves to B" slowwait 10 gl_fdb_has "$sw" "$MA" "$pb"
gl_check_eq "takeover_learning on: no more refusals" $((ref + 3)) \
	"$(gl_port_stat "$sw" "$pb" learn_refused)"
# back to A: B yields it (takeover_learning on), after the move hold-down
bp_set "$sw" "$pb" takeover_learning on
sleep 1.1
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
bp_set "$sw" "$pa" takeover_learning off
bp_set "$sw" "$pb" takeover_learning off

# --- takeover_setvmac
MV=02:00:00:00:aa:01
"$GLCTL" fdb add "$sw" mac $MV port "$pa"
gl_check "static MAC on A" gl_fdb_has "$sw" $MV "$pa"
gl_check_fail "takeover_setvmac off: static add onto B refused" "takeover" \
	"$GLCTL" fdb add "$sw" mac $MV port "$pb"
gl_check "takeover_setvmac off: MAC stays on A" gl_fdb_has "$sw" $MV "$pa"
bp_set "$sw" "$pa" takeover_setvmac on
gl_check "takeover_setvmac on (A): static add onto B works" \
	"$GLCTL" fdb add "$sw" mac $MV port "$pb"
gl_check "takeover_setvmac on: MAC now on B" gl_fdb_has "$sw" $MV "$pb"
gl_check_fail "B's takeover_setvmac off: add back onto A refused" "takeover" \
	"$GLCTL" fdb add "$sw" mac $MV port "$pa"
bp_set "$sw" "$pa" takeover_setvmac off
"$GLCTL" fdb del "$sw" mac $MV

# --- bridge_invisible: C becomes a bridge port, A invisible to it
bp_set "$sw" "$pc" role secondary
bp_set "$sw" "$pa" bridge_invisible on
gl_ns_send "$NSC" eth0 -s "$MC" -n 1
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
fa=$(gl_port_stat "$sw" "$pa" drop_filtered)
fc=$(gl_port_stat "$sw" "$pc" drop_filtered)
gl_check_eq "bridge_invisible: A -> C (bridge port) dropped" "0 0" \
	"$(bp_tx_counts "$sw" "$NSA" "$pa" "$MA" "$MC" $N "$pc" "$pb")"
gl_check_eq "bridge_invisible: drop_filtered +N on A" $((fa + N)) \
	"$(gl_port_stat "$sw" "$pa" drop_filtered)"
gl_check_eq "bridge_invisible: C -> A dropped" 0 \
	"$(bp_tx_counts "$sw" "$NSC" "$pc" "$MC" "$MA" $N "$pa")"
gl_check_eq "bridge_invisible: drop_filtered +N on C" $((fc + N)) \
	"$(gl_port_stat "$sw" "$pc" drop_filtered)"
gl_check_eq "bridge_invisible: A -> B delivered" "$N" \
	"$(bp_tx_counts "$sw" "$NSA" "$pa" "$MA" "$MB" $N "$pb")"
gl_check_eq "bridge_invisible: A's broadcast reaches B, not C" "$N 0" \
	"$(bp_tx_counts "$sw" "$NSA" "$pa" "$MA" $BC $N "$pb" "$pc")"
gl_check_eq "bridge_invisible: A's unknown unicast reaches B, not the active C" "$N 0" \
	"$(bp_tx_counts "$sw" "$NSA" "$pa" "$MA" $UU $N "$pb" "$pc")"
bp_set "$sw" "$pa" bridge_invisible off
gl_check_eq "bridge_invisible off: A -> C delivered" "$N" \
	"$(bp_tx_counts "$sw" "$NSA" "$pa" "$MA" "$MC" $N "$pc")"
bp_set "$sw" "$pc" role none

# --- per-port max-learned, random sources from a tap
gl_tap_add "$tp" "$sw" || ktap_exit_fail_msg "cannot add tap"
bp_set "$sw" "$tp" max-learned 5
gl_check_eq "max-learned 5 shown" 5 "$(bp_port "$sw" "$tp" .max_learned)"
"$TAPH" open "$tp" send -r -n 60 >/dev/null
gl_ns_send "$NSC" eth0 -s 02:00:00:00:0c:04 -n 1
slowwait 10 gl_fdb_has "$sw" 02:00:00:00:0c:04 "$pc"
gl_check_eq "max-learned: 5 learned on the tap" 5 "$(bp_port "$sw" "$tp" .n_learned)"
gl_check_eq "max-learned: 5 FDB entries on the tap" 5 \
	"$(gl_fdb "$sw" | jq --arg p "$tp" '[.[] | select(.port == $p)] | length')"
gl_check_eq "max-learned: learn_refused 55 on the tap" 55 \
	"$(gl_port_stat "$sw" "$tp" learn_refused)"
gl_check "max-learned: other ports still learn" gl_fdb_has "$sw" 02:00:00:00:0c:04 "$pc"
bp_set "$sw" "$tp" max-learned 0
"$TAPH" open "$tp" send -r -n 10 >/dev/null
slowwait 10 bash -c "[ \"\$(\"\$0\" -j port show $sw | jq '.[] | select(.ifname == \"$tp\") | .n_learned')\" = 15 ]" "$GLCTL"
gl_check_eq "max-learned 0: no limit (15 learned)" 15 "$(bp_port "$sw" "$tp" .n_learned)"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
