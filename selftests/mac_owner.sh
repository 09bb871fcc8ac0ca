#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MAC ownership (guestlan(4), "MAC ownership"): a learned MAC belongs to
# its port.  Another port sending from it is not learned -- counted in its
# learn_refused, the frame still forwarded -- unless the owner yields: it
# is an uplink-type port (marked uplink, a tunnel device such as vxlan, a
# port with a role), it has takeover_learning on, or it is down or without
# carrier.  A station first learned beyond an uplink comes back through
# it.  mac-moves any restores free moves.
#
#   NSA: eth0 (MA) ==veth== pa --+
#   NSB: eth0 (MB) ==veth== pb --+
#   NSC: eth0 (MC) ==veth== pc --+-- sw (guestlan)
#   NSU: eth0 (MU) ==veth== pu --+   (the LAN beyond an uplink)
#   NSR: vxr (vxlan 42) ..........+-- vxs (vxlan 42), over r0 ==veth== r1
#        tp (a persistent tap: tap-helper sends, exits: no carrier)
#
# C is the thief or the migrating VM; what arrives is counted on the guests'
# eth0 (no IPv6: nothing but the test's frames reaches them).
#
# Run one case: TESTS="theft uplink" ./mac_owner.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	defaults
	theft
	opt_in
	uplink
	vxlan
	down_port
	no_carrier
	moves_any
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([defaults]=3 [theft]=6 [opt_in]=4 [uplink]=7 [vxlan]=5
		    [down_port]=3 [no_carrier]=3 [moves_any]=4)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq
gl_modprobe vxlan

sw=go$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
{
pa=goa$GL_ID
pb=gob$GL_ID
pc=goc$GL_ID
pu=gou$GL_ID
MA=02:00:00:00:3a:01
MB=02:00:00:00:3b:01
MC=02:00:00:00:3c:01
MU=02:00:00:00:3d:01
}
vxs=gov$GL_ID
r0=gor$GL_ID
tp=got$GL_ID
MB2=02:00:00:00:3b:02	# B's second address (down_port)
MX=02:00:00:00:3d:99	# a station beyond the uplink
MV=02:00:00:00:3e:99	# a station beyond the VXLAN tunnel
MT=02:00:00:00:3f:99	# the VM of the tap
BC=ff:ff:ff:ff:ff:ff
N=100

# refused PORT: the port's learn_refused ("none" without the counter)
refused()
{
	gl_port_count "$sw" "$1" learn_refused
}

mark()
{
	local x ns

	for x; do
		ns=NS${x^^}
		gl_rx_mark "$x" "${!ns}" eth0
	done
}

got()
{
	gl_rx_delta "$1"
}

# send X SRC DST N: N frames from guest X's eth0 with source SRC, settled
send()
{
	local ns=NS${1^^}

	gl_ns_send "${!ns}" eth0 -s "$2" -d "$3" -n "$4"
	gl_settle
}

# owner MAC: the port MAC is learned on ("" if none)
owner()
{
	gl_fdb_port "$sw" "$1" 2>/dev/null
}

# the MAC moved recently: wait out the move hold-down (1 s)
unhold()
{
	sleep 1.1
}

setup()
{
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c u || return 1
	"$GLCTL" set "$sw" ageing 1000000 || return 1
	# the VXLAN tunnel's underlay: r0 here, r1 in NSR
	gl_ns_add NSR || return 1
	ip link add "$r0" type veth peer name r1 netns "$NSR" || return 1
	GL_DEVS+=("$r0")
	ip addr add 10.99.0.1/24 dev "$r0" && ip link set "$r0" up || return 1
	ip -n "$NSR" addr add 10.99.0.2/24 dev r1 &&
		ip -n "$NSR" link set r1 up || return 1
	ip link add "$vxs" type vxlan id 42 local 10.99.0.1 remote 10.99.0.2 \
		dstport 4789 || return 1
	GL_DEVS+=("$vxs")
	gl_quiet "$vxs"
	ip link set "$vxs" up && ip link set "$vxs" master "$sw" || return 1
	ip -n "$NSR" link add vxr type vxlan id 42 local 10.99.0.2 \
		remote 10.99.0.1 dstport 4789 || return 1
	ip -n "$NSR" link set vxr up || return 1
	gl_tap_add "$tp" "$sw" || return 1
	for x in a b c u; do
		gl_guest_send "$x" "$BC" 1
	done
	gl_settle
}

defaults()
{
	gl_check_eq "the switch's mac-moves is owner" owner \
		"$("$GLCTL" -j show "$sw" | jq -r '.[0].mac_moves')"
	gl_check_eq "a port's takeover_learning is off, uplink off" "false false" \
		"$("$GLCTL" -j port show "$sw" | jq -r --arg p "$pa" \
			'.[] | select(.ifname == $p) | "\(.vnicc.takeover_learning) \(.uplink)"')"
	gl_check_eq "the guests are learned on their ports" "$pa $pb $pc" \
		"$(owner "$MA") $(owner "$MB") $(owner "$MC")"
}

# C sends from B's MAC: not learned, so C does not get B's traffic
theft()
{
	local r0 r1

	r0=$(refused "$pc")
	mark a
	send c "$MB" "$MA" 3
	r1=$(refused "$pc")
	gl_check_eq "C's 3 frames from B's MAC still reach A (forwarded)" 3 "$(got a)"
	if [[ $r0$r1 =~ ^[0-9]+$ ]]; then
		gl_check_eq "... C's learn_refused +3" 3 $((r1 - r0))
	else
		gl_check_eq "... C's learn_refused +3" 3 "no learn_refused counter"
	fi
	gl_check_eq "... B's MAC stays on B" "$pb" "$(owner "$MB")"
	mark b c
	send a "$MA" "$MB" $N
	gl_check_eq "A's $N frames to B: C gets none" 0 "$(got c)"
	gl_check_eq "... B gets all" $N "$(got b)"
	gl_check_eq "... C's own MAC stays on C" "$pc" "$(owner "$MC")"
}

# B opts in (bonding, VRRP): takeover_learning on lets C take its MAC
opt_in()
{
	"$GLCTL" port set "$sw" port "$pb" takeover_learning on
	mark b c
	send c "$MB" "$MA" 1
	gl_check_eq "B with takeover_learning on: C's first frame moves B's MAC" \
		"$pc" "$(owner "$MB")"
	send a "$MA" "$MB" 10
	gl_check_eq "... C gets A's 10 frames to that MAC" 10 "$(got c)"
	# and back: C keeps it until it opts in too
	unhold
	send b "$MB" "$MA" 1
	gl_check_eq "B sends again: C does not yield (takeover_learning off)" \
		"$pc" "$(owner "$MB")"
	"$GLCTL" port set "$sw" port "$pc" takeover_learning on
	send b "$MB" "$MA" 1
	gl_check_eq "C opts in: B's next frame takes its MAC back" "$pb" "$(owner "$MB")"
	"$GLCTL" port set "$sw" port "$pb" takeover_learning off
	"$GLCTL" port set "$sw" port "$pc" takeover_learning off
}

# a VM migrates in: its MAC was learned on the uplink
uplink()
{
	send u "$MX" "$BC" 1
	gl_check_eq "MX, a station beyond pu, is learned on pu" "$pu" "$(owner "$MX")"
	send c "$MX" "$MA" 1
	gl_check_eq "pu not marked uplink: C's frame from MX does not move it" \
		"$pu" "$(owner "$MX")"
	"$GLCTL" port set "$sw" port "$pu" uplink on
	gl_check_eq "port show: uplink on" true \
		"$("$GLCTL" -j port show "$sw" | jq -r --arg p "$pu" '.[] | select(.ifname == $p) | .uplink')"
	mark c
	send c "$MX" "$MA" 1
	gl_check_eq "pu uplink: C's first frame from MX moves it to C" "$pc" "$(owner "$MX")"
	send a "$MA" "$MX" 10
	gl_check_eq "... A's 10 frames to MX reach C" 10 "$(got c)"
	# had C stolen the address of a station beyond the uplink (the
	# gateway's), that station's next frame takes it back
	unhold
	send u "$MX" "$BC" 1
	gl_check_eq "MX's station sends again (after the hold-down): back on pu" \
		"$pu" "$(owner "$MX")"
	send u "$MB" "$BC" 1
	gl_check_eq "a guest's own MAC is not taken through the uplink" \
		"$pb" "$(owner "$MB")"
	"$GLCTL" port set "$sw" port "$pu" uplink off
}

# ... or on a VXLAN tunnel port, which yields by itself
vxlan()
{
	ip netns exec "$NSR" "$TAPH" raw vxr send -e "$GL_ETYPE" -s "$MV" -d "$BC" \
		-n 1 >/dev/null
	slowwait 5 gl_fdb_has "$sw" "$MV" "$vxs"
	gl_check_eq "MV, beyond the VXLAN tunnel, is learned on $vxs" "$vxs" "$(owner "$MV")"
	mark c
	send c "$MV" "$MA" 1
	gl_check_eq "C's first frame from MV moves it off the tunnel port" "$pc" "$(owner "$MV")"
	send a "$MA" "$MV" 10
	gl_check_eq "... A's 10 frames to MV reach C" 10 "$(got c)"
	unhold
	ip netns exec "$NSR" "$TAPH" raw vxr send -e "$GL_ETYPE" -s "$MV" -d "$BC" \
		-n 1 >/dev/null
	gl_check "MV's station sends again: back on the tunnel port" \
		slowwait 5 gl_fdb_has "$sw" "$MV" "$vxs"
	gl_check_eq "... a tunnel port yields without being marked uplink" "false" \
		"$("$GLCTL" -j port show "$sw" | jq -r --arg p "$vxs" '.[] | select(.ifname == $p) | .uplink')"
}

# the owner is down: its MAC moves
down_port()
{
	send b "$MB2" "$BC" 1
	gl_check_eq "MB2 is learned on B" "$pb" "$(owner "$MB2")"
	ip link set "$pb" down
	send c "$MB2" "$MA" 1
	gl_check_eq "B down: C's frame from MB2 moves it" "$pc" "$(owner "$MB2")"
	ip link set "$pb" up
	send c "$MB" "$MA" 1
	gl_check_eq "B up: its own MAC stays" "$pb" "$(owner "$MB")"
}

# the owner has no carrier: a persistent tap whose QEMU exited
no_carrier()
{
	"$TAPH" open "$tp" send -e "$GL_ETYPE" -s "$MT" -d "$BC" -n 1 >/dev/null
	gl_settle
	gl_check_eq "MT, sent by the tap's process, is learned on the tap" "$tp" "$(owner "$MT")"
	gl_check_eq "the process exited: the tap has no carrier" 0 \
		"$(cat "/sys/class/net/$tp/carrier" 2>/dev/null || echo 0)"
	send c "$MT" "$MA" 1
	gl_check_eq "C's first frame from MT moves it off the tap" "$pc" "$(owner "$MT")"
}

# mac-moves any: every frame moves its MAC (guestlan before 0.2)
moves_any()
{
	"$GLCTL" set "$sw" mac-moves any
	gl_check_eq "show: mac-moves any" any \
		"$("$GLCTL" -j show "$sw" | jq -r '.[0].mac_moves')"
	mark a c
	send c "$MA" "$MB" 1
	gl_check_eq "C's frame from A's MAC moves it" "$pc" "$(owner "$MA")"
	send b "$MB" "$MA" 10
	gl_check_eq "... B's 10 frames to A reach C" 10 "$(got c)"
	"$GLCTL" set "$sw" mac-moves owner
	unhold
	send a "$MA" "$MB" 1
	gl_check_eq "mac-moves owner again: A's frame does not take it back" \
		"$pc" "$(owner "$MA")"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
