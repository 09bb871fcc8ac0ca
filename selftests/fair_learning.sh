#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fair learning (CAM overflow): one guest sends from more than 65,536 random
# source MACs (the switch's default max-learned); its port stops at its own
# default cap, so two guests that arrive afterwards are still learned and
# their unicast reaches only each other: 0 of their frames at the
# attacker's interface.  And a MAC move is no insertion: it is done even
# when the table is full.
#
#   NSA: eth0 (attacker, random sources) ==veth== pa --+
#   NSB: eth0 (MB)                       ==veth== pb --+-- sw (guestlan)
#   NSC: eth0 (MC)                       ==veth== pc --+
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
MX=02:00:00:00:0e:01
BC=ff:ff:ff:ff:ff:ff
# more than the switch's 65536: a few frames of the burst may be lost
ATTACK=70000
PORT_DEFAULT=4096
N=100

ALL_TESTS="
	defaults
	attack
	late_guests
	move_when_full
"
# The cases run in this order and build on each other; without attack,
# late_guests and move_when_full still work (the move test alone).
: "${TESTS:=$ALL_TESTS}"
declare -A NCHECKS=([defaults]=2 [attack]=2 [late_guests]=5 [move_when_full]=3)

# rx/tx packet counters of eth0 in a guest's netns
veth_stat()
{
	ip -n "$1" -s -j link show eth0 | jq -r ".[0].stats64.$2.packets"
}

port_json()
{
	"$GLCTL" -j port show "$sw" | jq -r --arg p "$1" ".[] | select(.ifname == \$p) | $2"
}

# drained PORT: the port's rx counter no longer moves (backlog empty)
drained()
{
	local a

	a=$(gl_port_stat "$sw" "$1" rx_packets)
	sleep 1
	[ "$a" == "$(gl_port_stat "$sw" "$1" rx_packets)" ]
}

defaults()
{
	gl_check_eq "a port's default max-learned is $PORT_DEFAULT" \
		$PORT_DEFAULT "$(port_json "$pa" .max_learned)"
	gl_check_eq "the switch's default max-learned is 65536" \
		65536 "$(gl_sw_get "$sw" .max_learned)"
}

attack()
{
	local t0

	t0=$(timestamp_ms)
	ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" -r -d "$BC" \
		-n $ATTACK >/dev/null
	slowwait 60 drained "$pa"
	ktap_print_msg "$ATTACK random sources sent and switched in $(( $(timestamp_ms) - t0 )) ms;" \
		"port rx $(gl_port_stat "$sw" "$pa" rx_packets), learned $(port_json "$pa" .n_learned)," \
		"refused $(gl_port_stat "$sw" "$pa" learn_refused)"
	gl_check_eq "the attacker's port learned its cap" \
		$PORT_DEFAULT "$(port_json "$pa" .n_learned)"
	gl_check "the table is not full" \
		test "$(gl_sw_get "$sw" .fdb_learned)" -lt 65536
}

late_guests()
{
	local rx_a rx_b rx_c

	gl_guest_add "$sw" "$pb" "$NSB" "$MB" && gl_guest_add "$sw" "$pc" "$NSC" "$MC" ||
		ktap_exit_fail_msg "cannot add the late guests"
	# they introduce themselves (broadcasts: the attacker sees those)
	gl_ns_send "$NSB" eth0 -s "$MB" -d "$BC" -n 1
	gl_ns_send "$NSC" eth0 -s "$MC" -d "$BC" -n 1
	gl_settle
	gl_check_eq "late guest B learned" 1 "$(port_json "$pb" .n_learned)"
	gl_check_eq "late guest C learned" 1 "$(port_json "$pc" .n_learned)"

	rx_a=$(veth_stat "$NSA" rx)
	rx_b=$(veth_stat "$NSB" rx)
	rx_c=$(veth_stat "$NSC" rx)
	gl_ns_send "$NSB" eth0 -s "$MB" -d "$MC" -n $N
	gl_ns_send "$NSC" eth0 -s "$MC" -d "$MB" -n $N
	gl_settle
	gl_check_eq "B -> C: $N frames at C" $N $(( $(veth_stat "$NSC" rx) - rx_c ))
	gl_check_eq "C -> B: $N frames at B" $N $(( $(veth_stat "$NSB" rx) - rx_b ))
	gl_check_eq "attacker's interface: 0 of the $((2 * N)) unicast frames" 0 \
		$(( $(veth_stat "$NSA" rx) - rx_a ))
}

move_when_full()
{
	local n

	# fill the table: the switch's limit at what it holds now
	n=$(gl_sw_get "$sw" .fdb_learned)
	"$GLCTL" set "$sw" max-learned "$n"
	gl_ns_send "$NSC" eth0 -s "$MX" -d "$BC" -n 1
	gl_settle
	gl_check "table full: a new MAC is not learned" \
		test "$(port_json "$pc" .n_learned)" -eq 1
	# B's MAC shows up on C's port (a guest moved; B yields it): it moves
	"$GLCTL" port set "$sw" port "$pb" takeover_learning on
	gl_ns_send "$NSC" eth0 -s "$MB" -d "$BC" -n 1
	gl_settle
	gl_check_eq "table full: MB moved to $pc" "0 2" \
		"$(port_json "$pb" .n_learned) $(port_json "$pc" .n_learned)"
	gl_check_eq "the move did not grow the table" "$n" "$(gl_sw_get "$sw" .fdb_learned)"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark

# the burst must not overflow the receiver's backlog
backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=$((ATTACK * 2))
gl_defer sysctl -qw net.core.netdev_max_backlog="$backlog"

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC ||
	ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" || ktap_exit_fail_msg "cannot add the attacker"

for t in $TESTS; do
	$t
done
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
