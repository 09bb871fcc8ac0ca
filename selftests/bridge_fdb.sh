#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iproute2 sees the LAN as it sees a Linux bridge: "bridge fdb show" and
# "bridge -j fdb show" list guestlan's entries (the port as the device,
# "master SWITCH", the VLAN, the state), "bridge monitor fdb" shows entries
# learned, moved, aged and flushed, and "bridge fdb add" is refused (glctl
# manages the FDB).
#
#   NSA: eth0 (MA) ==veth== pa --+
#                                +-- sw (guestlan; the host's port, LOCAL entry)
#   NSB: eth0 (MB) ==veth== pb --+
#
# (The kernel's "br SWITCH" filter of "bridge fdb show" keeps only bridge
# masters (IFF_EBRIDGE) and their IFF_BRIDGE_PORT ports, which guestlan
# devices are not: the tests filter on "master SWITCH" instead.)
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_require_cmd bridge
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01	# learned, moved, aged
MD=02:00:00:00:0d:01	# flushed
MS=02:00:00:00:05:01	# static
MX=02:00:00:00:0e:01	# "bridge fdb add" tries
MT=02:00:00:00:05:02	# static, flushed

ALL_TESTS="
	show_learned
	show_json
	show_static_local
	add_refused
	monitor
"
: "${TESTS:=$ALL_TESTS}"
declare -A NCHECKS=([show_learned]=2 [show_json]=3 [show_static_local]=2
		    [add_refused]=4 [monitor]=6)

# bfdb_json MAC: the entry "bridge -j fdb show" gives for MAC (master sw)
bfdb_json()
{
	bridge -j fdb show | jq -c --arg m "$1" --arg s "$sw" \
		'[.[] | select(.mac == $m and .master == $s)]'
}

# bfdb_line MAC: the line "bridge fdb show" prints for MAC (master sw)
bfdb_line()
{
	bridge fdb show | grep -F "$1 " | grep -F "master $sw " | sed 's/ *$//'
}

# MA learned on pa in vlan 1, MB on pb in vlan 10 (by the setup)
show_learned()
{
	gl_check_eq "bridge fdb show: learned entry, port as dev, vlan 1" \
		"$MA dev $pa vlan 1 master $sw" "$(bfdb_line "$MA")"
	gl_check_eq "bridge fdb show: learned entry in vlan 10" \
		"$MB dev $pb vlan 10 master $sw" "$(bfdb_line "$MB")"
}

show_json()
{
	gl_check_eq "bridge -j fdb show: ifname, vlan, master, not permanent" \
		"[{\"ifname\":\"$pa\",\"vlan\":1,\"master\":\"$sw\",\"state\":\"\"}]" \
		"$(bfdb_json "$MA" | jq -c '[.[] | {ifname, vlan, master, state}]')"
	gl_check_eq "bridge -j fdb show: the vlan 10 entry on $pb" \
		"[{\"ifname\":\"$pb\",\"vlan\":10}]" \
		"$(bfdb_json "$MB" | jq -c '[.[] | {ifname, vlan}]')"
	gl_check_eq "bridge -j fdb show: as many entries as glctl fdb show" \
		"$(gl_fdb "$sw" | jq length)" \
		"$(bridge -j fdb show | jq --arg s "$sw" '[.[] | select(.master == $s)] | length')"
}

show_static_local()
{
	local lmac

	lmac=$(cat "/sys/class/net/$sw/address")
	"$GLCTL" fdb add "$sw" mac "$MS" port "$pb"
	gl_check_eq "bridge fdb show: static entry (glctl fdb add)" \
		"$MS dev $pb vlan 1 master $sw static" "$(bfdb_line "$MS")"
	gl_check_eq "bridge fdb show: the switch's local entry, permanent" \
		"$lmac dev $sw vlan 1 master $sw permanent" "$(bfdb_line "$lmac")"
}

add_refused()
{
	gl_check_fail "bridge fdb add dev PORT master: refused" "not supported" \
		bridge fdb add "$MX" dev "$pa" master
	gl_check_fail "bridge fdb add dev SWITCH: refused, pointing at glctl" "glctl" \
		bridge fdb add "$MX" dev "$sw"
	gl_check "nothing added" gl_fdb_absent "$sw" "$MX"
	gl_check_eq "the switch device did not turn promiscuous" 0 \
		"$(ip -j -d link show "$sw" | jq '.[0].promiscuity')"
}

# the monitor's lines for MAC, trailing blanks cut
mon_lines()
{
	grep -F "$1 " "$GL_TMP/MON.out" | sed 's/ *$//'
}

mon_has()
{
	mon_lines "$1" | grep -qxF "$2"
}

monitor()
{
	gl_bg MON bridge monitor fdb
	sleep 1
	# learn on A, move to B (A yields it), then age out
	"$GLCTL" port set "$sw" port "$pa" takeover_learning on
	gl_ns_send "$NSA" eth0 -s "$MC" -n 1
	slowwait 10 gl_fdb_has "$sw" "$MC" "$pa"
	gl_ns_send "$NSB" eth0 -s "$MC" -n 1
	slowwait 10 gl_fdb_has "$sw" "$MC" "$pb"
	gl_check "monitor: learned on $pa" \
		slowwait 5 mon_has "$MC" "$MC dev $pa vlan 1 master $sw"
	gl_check "monitor: moved to $pb" \
		slowwait 5 mon_has "$MC" "$MC dev $pb vlan 1 master $sw"
	"$GLCTL" set "$sw" ageing 2
	gl_check "monitor: aged out" \
		slowwait 15 mon_has "$MC" "Deleted $MC dev $pb vlan 1 master $sw"
	"$GLCTL" set "$sw" ageing 300
	# a flush deletes a learned and a static entry
	"$GLCTL" fdb add "$sw" mac "$MT" port "$pb"
	gl_ns_send "$NSA" eth0 -s "$MD" -n 1
	slowwait 10 gl_fdb_has "$sw" "$MD" "$pa"
	"$GLCTL" fdb flush "$sw" static
	gl_check "monitor: flushed learned entry" \
		slowwait 5 mon_has "$MD" "Deleted $MD dev $pa vlan 1 master $sw"
	gl_check "monitor: flushed static entry" \
		slowwait 5 mon_has "$MT" "Deleted $MT dev $pb vlan 1 master $sw static"
	gl_check_eq "monitor: $MC seen exactly learned, moved, deleted" 3 \
		"$(mon_lines "$MC" | wc -l)"
	gl_bg_stop MON
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"
"$GLCTL" vlan add "$sw" port "$pb" vid 10 ||
	ktap_exit_fail_msg "cannot add vlan 10 to $pb"
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
gl_ns_send "$NSB" eth0 -s "$MB" -n 1 -v 10
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
slowwait 10 test -n "$(gl_fdb_entry "$sw" "$MB" 10)"

for t in $TESTS; do
	$t
done
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
