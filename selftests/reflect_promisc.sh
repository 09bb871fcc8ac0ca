#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# reflect_promisc: a port's promiscuous flag (ip link set P promisc on|off)
# requests and drops the bridge-port role given by reflect_promisc; the
# role cannot be set directly meanwhile (EPERM).
source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

bp_require_all
gl_require_cmd python3
sw=gs$GL_ID
ps=gps$GL_ID	# sender
pa=gpa$GL_ID
pb=gpb$GL_ID
MS=02:00:00:00:05:01
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
UU=02:00:00:00:ee:ee
N=5
I="none/inactive"

ktap_print_header
ktap_set_plan 21

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSS && gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$ps" "$NSS" "$MS" && gl_guest_add "$sw" "$pa" "$NSA" "$MA" &&
	gl_guest_add "$sw" "$pb" "$NSB" "$MB" || ktap_exit_fail_msg "cannot add guests"
gl_dmesg_mark
"$GLCTL" set "$sw" unknown-unicast bridgeport-only

# uu: unknown unicast out of A and B (bridgeport-only: the active one)
uu()
{
	bp_tx_counts "$sw" "$NSS" "$ps" "$MS" "$UU" $N "$pa" "$pb"
}

bp_set "$sw" "$pa" reflect_promisc secondary
gl_check_eq "reflect_promisc secondary shown" secondary \
	"$(bp_port "$sw" "$pa" .reflect_promisc)"
bp_check_states "promisc off: no role yet" "$sw" "$I $I" "$pa" "$pb"

ip link set "$pa" promisc on
bp_check_states "A promisc on: secondary active" "$sw" "secondary/active $I" "$pa" "$pb"
gl_check_eq "A active: unknown unicast to A only" "$N 0" "$(uu)"
gl_check_eq "reflecting port is not 'promiscuous' for the switch" off \
	"$(bp_port "$sw" "$pa" .promisc)"

gl_check_fail "role set directly refused (glctl)" "promisc|not permitted" \
	bp_set "$sw" "$pa" role none
bp_check_errno "role set directly: EPERM" EPERM "$sw" "$pa" role=none
bp_check_errno "role and reflect_promisc in one request: EPERM" EPERM \
	"$sw" "$pa" reflect_promisc=secondary role=primary
bp_check_states "A unchanged after the refusals" "$sw" "secondary/active" "$pa"

ip link set "$pa" promisc off
bp_check_states "A promisc off: role dropped" "$sw" "$I $I" "$pa" "$pb"
gl_check_eq "no bridge port: unknown unicast to nobody" "0 0" "$(uu)"

# primary by promisc takes over from the secondary
ip link set "$pa" promisc on
bp_check_states "A promisc on again: secondary active" "$sw" "secondary/active" "$pa"
bp_set "$sw" "$pb" reflect_promisc primary
ip link set "$pb" promisc on
bp_check_states "B promisc on: primary active, A standby" "$sw" \
	"secondary/standby primary/active" "$pa" "$pb"
gl_check_eq "B active: unknown unicast to B only" "0 $N" "$(uu)"

# a second primary via promisc is refused: the role stays none
bp_set "$sw" "$pa" reflect_promisc primary
ip link set "$pa" promisc off
bp_check_states "A promisc off: A loses its role" "$sw" "$I primary/active" "$pa" "$pb"
ip link set "$pa" promisc on
sleep 1	# four polls
bp_check_states "A promisc on as a second primary: refused, no role" "$sw" \
	"$I primary/active" "$pa" "$pb"

ip link set "$pb" promisc off
bp_check_states "B promisc off: A's standing request now succeeds" "$sw" \
	"primary/active $I" "$pa" "$pb"
gl_check_eq "A active: unknown unicast to A only" "$N 0" "$(uu)"

# reflect_promisc none: the role can be set directly again
bp_set "$sw" "$pa" reflect_promisc none
gl_check "reflect_promisc none: role set directly" bp_set "$sw" "$pa" role none
ip link set "$pa" promisc off
bp_check_states "reflect none, role none: inactive" "$sw" "$I $I" "$pa" "$pb"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
