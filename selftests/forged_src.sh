#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Forged source MACs: a static FDB entry (glctl fdb add) or a LOCAL one
# (the switch device's own address, on the host port) pins its MAC to its
# port.  A frame from any other port with that source is dropped at
# ingress -- counted in the port's drop_forged_src, shown on the
# guestlan:guestlan_drop tracepoint as reason=forged-src, not learned, not
# forwarded, not flooded -- also from a port with learning off.  The port
# the MAC is pinned to sends from it freely, and once the entry is deleted
# anyone may again.
#
#   NSA: eth0 (MA) ==veth== pa --+   M (static on pa): A's second address
#   NSB: eth0 (MB) ==veth== pb --+-- sw (guestlan) --- the host (sw itself,
#   NSC: eth0 (MC) ==veth== pc --+                     its MAC: LOCAL)
#
# B forges M or the switch's MAC; what arrives is counted on C's eth0 and
# on sw (the host) with interface counters: the guests and sw have no
# IPv6, so nothing but the test's frames reaches them.
#
# Run one case: TESTS="static_pinned after_del" ./forged_src.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	static_pinned
	host_mac
	own_static
	learning_off
	after_del
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([static_pinned]=10 [host_mac]=6 [own_static]=4
		    [learning_off]=4 [after_del]=6)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq

sw=gf$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
{
pa=gfa$GL_ID
pb=gfb$GL_ID
pc=gfc$GL_ID
MA=02:00:00:00:2a:01
MB=02:00:00:00:2b:01
MC=02:00:00:00:2c:01
}
M=02:00:00:00:2a:99
BC=ff:ff:ff:ff:ff:ff
N=20

TR=/sys/kernel/tracing
EV=$TR/events/guestlan/guestlan_drop

# pstat PORT KEY: a counter of PORT; "no KEY counter" when glctl has none
# for it (a module without drop_forged_src), so checks fail, not the script
pstat()
{
	local v

	v=$(gl_port_stat "$sw" "$1" "$2" 2>/dev/null)
	if [[ $v =~ ^[0-9]+$ ]]; then
		echo "$v"
	else
		echo "no $2 counter"
	fi
}

# grew PORT KEY BASE: how much a counter grew since BASE (from pstat)
grew()
{
	local v

	v=$(pstat "$1" "$2")
	if [[ $v =~ ^[0-9]+$ ]] && [[ $3 =~ ^[0-9]+$ ]]; then
		echo $((v - $3))
	else
		echo "no $2 counter"
	fi
}

# intro: every guest sends one broadcast, so the FDB knows them all (for
# good: ageing 1000000 s, and no case moves or deletes their entries)
intro()
{
	local x

	for x in a b c; do
		gl_guest_send "$x" "$BC" 1
	done
	gl_settle
}

# mark X...: remember the rx counters of guest X's eth0 (h: the host, sw)
mark()
{
	local x ns

	for x; do
		if [ "$x" = h ]; then
			gl_rx_mark h "" "$sw"
			continue
		fi
		ns=NS${x^^}
		gl_rx_mark "$x" "${!ns}" eth0
	done
}

# got X: frames guest X's eth0 (h: the host) received since mark X (after
# a gl_settle: every sender below ends with one)
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

# forge SRC N: guest B sends N broadcast and N unicast frames to C from SRC
forge()
{
	gl_ns_send "$NSB" eth0 -s "$1" -d "$BC" -n "$2"
	send b "$1" "$MC" "$2"
}

pin()
{
	"$GLCTL" fdb add "$sw" mac "$M" port "$pa" ||
		ktap_print_msg "glctl fdb add $sw mac $M port $pa failed"
}

unpin()
{
	"$GLCTL" fdb del "$sw" mac "$M" 2>/dev/null
}

# pinned_on PORT: M is a static entry behind PORT
pinned_on()
{
	gl_fdb_entry "$sw" "$M" | jq -e --arg p "$1" \
		'.port == $p and ((.flags // []) | index("static") != null)' >/dev/null
}

# reconciled PORT: rx_packets = rx_accepted + every ingress drop
reconciled()
{
	"$GLCTL" -j -s port show "$sw" | jq -e --arg p "$1" '.[] | select(.ifname == $p) |
		.stats | .drop_forged_src != null and .rx_packets == .rx_accepted +
		.drop_runt + .drop_bad_src + .drop_vlan + .drop_loop + .drop_down +
		.drop_filtered + .drop_forged_src' >/dev/null
}

# trace_start / trace_stop: guestlan_drop lines meanwhile in $GL_TMP/trace.txt
trace_start()
{
	: >"$GL_TMP/trace.txt"
	[ -d "$EV" ] || return 0
	echo 0 >"$TR/tracing_on"
	echo >"$TR/trace"
	echo 1 >"$EV/enable"
	echo 1 >"$TR/tracing_on"
}

trace_stop()
{
	[ -d "$EV" ] || return 0
	echo 0 >"$TR/tracing_on"
	echo 0 >"$EV/enable"
	grep "guestlan_drop" "$TR/trace" >"$GL_TMP/trace.txt"
	echo >"$TR/trace"
	echo 1 >"$TR/tracing_on"
}

# check_trace DESC EXPECTED PATTERN: lines of the trace matching PATTERN
check_trace()
{
	if [ ! -d "$EV" ]; then
		ktap_test_skip "$1 (no tracepoint guestlan:guestlan_drop)"
		return
	fi
	gl_check_eq "$1" "$2" "$(grep -c -- "$3" "$GL_TMP/trace.txt")"
}

setup()
{
	if [ ! -d "$TR/events" ]; then
		mount -t tracefs nodev "$TR" 2>/dev/null
	fi
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c || return 1
	"$GLCTL" set "$sw" ageing 1000000 || return 1
	intro
}

# B forges M, which the admin pinned on A
static_pinned()
{
	local f0 a0

	pin
	mark c h
	f0=$(pstat "$pb" drop_forged_src)
	a0=$(pstat "$pb" rx_accepted)
	trace_start
	forge "$M" $N
	trace_stop
	gl_check_eq "B from M (static on A), $N broadcast + $N to C: C gets none" 0 "$(got c)"
	gl_check_eq "... the host gets none" 0 "$(got h)"
	gl_check_eq "... B's drop_forged_src +$((2 * N))" $((2 * N)) "$(grew "$pb" drop_forged_src "$f0")"
	gl_check_eq "... B's rx_accepted unchanged" 0 "$(grew "$pb" rx_accepted "$a0")"
	gl_check "... B's rx_packets = rx_accepted + ingress drops (drop_forged_src too)" \
		reconciled "$pb"
	gl_check "... M stays static on A" pinned_on "$pa"
	check_trace "tracepoint: $N reason=forged-src lines for B's broadcasts" $N \
		"switch=$sw port=$pb reason=forged-src src=$M dst=$BC "
	check_trace "tracepoint: $N reason=forged-src lines for B's frames to C" $N \
		"switch=$sw port=$pb reason=forged-src src=$M dst=$MC "
	check_trace "tracepoint: no other drops on the switch" $((2 * N)) "switch=$sw "
	# the counters above can see frames: B's own ones get through
	mark c
	send b "$MB" "$MC" $N
	gl_check_eq "control: B from its own MAC reaches C ($N)" $N "$(got c)"
	unpin
}

# B forges the switch device's own MAC (a LOCAL entry on the host port)
host_mac()
{
	local hmac f0

	hmac=$(cat "/sys/class/net/$sw/address")
	mark c h
	f0=$(pstat "$pb" drop_forged_src)
	trace_start
	forge "$hmac" $N
	trace_stop
	gl_check_eq "B from the switch's MAC, $N broadcast + $N to C: C gets none" 0 "$(got c)"
	gl_check_eq "... the host gets none" 0 "$(got h)"
	gl_check_eq "... B's drop_forged_src +$((2 * N))" $((2 * N)) "$(grew "$pb" drop_forged_src "$f0")"
	gl_check_eq "... the switch's MAC stays on the host port" "$sw" "$(gl_fdb_port "$sw" "$hmac")"
	check_trace "tracepoint: $((2 * N)) reason=forged-src lines for B from the switch's MAC" \
		$((2 * N)) "switch=$sw port=$pb reason=forged-src src=$hmac "
	gl_check "... B's rx_packets = rx_accepted + ingress drops" reconciled "$pb"
}

# A sends from M, its own static address
own_static()
{
	local f0 a0

	pin
	mark c
	f0=$(pstat "$pa" drop_forged_src)
	a0=$(pstat "$pa" rx_accepted)
	gl_ns_send "$NSA" eth0 -s "$M" -d "$BC" -n $N
	send a "$M" "$MC" $N
	gl_check_eq "A from M (its own static), $N broadcast + $N to C: C gets all" \
		$((2 * N)) "$(got c)"
	gl_check_eq "... A's drop_forged_src unchanged" 0 "$(grew "$pa" drop_forged_src "$f0")"
	gl_check_eq "... A's rx_accepted +$((2 * N))" $((2 * N)) "$(grew "$pa" rx_accepted "$a0")"
	gl_check "... M stays static on A" pinned_on "$pa"
	unpin
}

# B with learning off forges M: checked all the same
learning_off()
{
	local f0

	pin
	"$GLCTL" port set "$sw" port "$pb" learning off ||
		ktap_print_msg "glctl port set $sw port $pb learning off failed"
	mark c
	f0=$(pstat "$pb" drop_forged_src)
	forge "$M" $N
	gl_check_eq "B (learning off) from M, $N broadcast + $N to C: C gets none" 0 "$(got c)"
	gl_check_eq "... B's drop_forged_src +$((2 * N))" $((2 * N)) "$(grew "$pb" drop_forged_src "$f0")"
	gl_check "... M stays static on A" pinned_on "$pa"
	mark c
	send b "$MB" "$MC" $N
	gl_check_eq "control: B (learning off) from its own MAC reaches C ($N)" $N "$(got c)"
	"$GLCTL" port set "$sw" port "$pb" learning on
	unpin
}

# the drop follows the entry: gone once it is deleted, back once re-added
after_del()
{
	local f0

	pin
	mark c
	send b "$M" "$MC" $N
	gl_check_eq "M pinned on A: B's $N frames from M to C do not arrive" 0 "$(got c)"
	"$GLCTL" fdb del "$sw" mac "$M" ||
		ktap_print_msg "glctl fdb del $sw mac $M failed"
	mark c
	f0=$(pstat "$pb" drop_forged_src)
	send b "$M" "$MC" $N
	gl_check_eq "fdb del M: B's $N frames from M reach C" $N "$(got c)"
	gl_check_eq "... B's drop_forged_src unchanged" 0 "$(grew "$pb" drop_forged_src "$f0")"
	gl_check "... and M is learned on B" gl_fdb_has "$sw" "$M" "$pb"
	# pinned again, over B's learned entry
	pin
	mark c
	f0=$(pstat "$pb" drop_forged_src)
	send b "$M" "$MC" $N
	gl_check_eq "M pinned on A again: B's $N frames from M do not arrive" 0 "$(got c)"
	gl_check_eq "... B's drop_forged_src +$N" $N "$(grew "$pb" drop_forged_src "$f0")"
	unpin
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
gl_defer "echo 0 >$EV/enable; echo >$TR/trace; echo 1 >$TR/tracing_on"
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
