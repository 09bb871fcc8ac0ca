#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The switch device's MAC and its LOCAL FDB entries (one per VLAN of the
# host): setting the same address is a no-op (6.1 calls the driver for it
# too), host-bound unicast then still goes to the host only; a new address
# moves every LOCAL entry; a change that fails part-way leaves all as it
# was.
#
#   NSA: eth0 (MA) ==veth== pa --+
#                                +-- sw (guestlan: the host, VLANs 1 and 10)
#   NSB: eth0 (MB) ==veth== pb --+
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
NEW1=02:00:00:00:01:01
NEW2=02:00:00:00:01:02
N=20

ALL_TESTS="
	same_mac
	same_mac_unicast
	new_mac
	failed_change
"
: "${TESTS:=$ALL_TESTS}"
declare -A NCHECKS=([same_mac]=2 [same_mac_unicast]=2 [new_mac]=3 [failed_change]=4)

# locals MAC: the VLANs MAC has a LOCAL entry in on the switch device
locals()
{
	gl_fdb "$sw" | jq -c --arg m "${1,,}" --arg s "$sw" \
		'[.[] | select(.mac == $m and .port == $s and (.flags | index("local"))) | .vlan] | sort'
}

rx_b()
{
	ip -n "$NSB" -s -j link show eth0 | jq -r '.[0].stats64.rx.packets'
}

sw_mac()
{
	cat "/sys/class/net/$sw/address"
}

same_mac()
{
	local mac

	mac=$(sw_mac)
	gl_check "ip link set address <its own MAC>" ip link set "$sw" address "$mac"
	gl_check_eq "the LOCAL entries stay (vlans 1, 10)" "[1,10]" "$(locals "$mac")"
}

same_mac_unicast()
{
	local mac rx fl

	mac=$(sw_mac)
	ip link set "$sw" address "$mac"
	rx=$(rx_b)
	fl=$(gl_port_stat "$sw" "$pb" flooded)
	gl_ns_send "$NSA" eth0 -s "$MA" -d "$mac" -n $N
	gl_settle
	gl_check_eq "host-bound unicast: nothing at guest B's interface" 0 \
		$(( $(rx_b) - rx ))
	gl_check_eq "host-bound unicast: nothing flooded to B" "$fl" \
		"$(gl_port_stat "$sw" "$pb" flooded)"
}

new_mac()
{
	local old

	old=$(sw_mac)
	gl_check "ip link set address $NEW1" ip link set "$sw" address "$NEW1"
	gl_check_eq "LOCAL entries of $NEW1: vlans 1, 10" "[1,10]" "$(locals "$NEW1")"
	gl_check_eq "LOCAL entries of the old MAC: none" "[]" "$(locals "$old")"
}

failed_change()
{
	local old

	old=$(sw_mac)
	# NEW2 is static on B in VLAN 10 (no takeover_setvmac): VLAN 1
	# succeeds, VLAN 10 fails
	"$GLCTL" fdb add "$sw" mac "$NEW2" vlan 10 port "$pb"
	gl_check "ip link set address $NEW2 fails (static elsewhere)" \
		bash -c "! ip link set '$sw' address '$NEW2' 2>/dev/null"
	gl_check_eq "the address did not change" "$old" "$(sw_mac)"
	gl_check_eq "LOCAL entries of the old MAC kept: vlans 1, 10" "[1,10]" "$(locals "$old")"
	gl_check_eq "no LOCAL entry of $NEW2 left behind" "[]" "$(locals "$NEW2")"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"
"$GLCTL" vlan add "$sw" port "$sw" vid 10 && "$GLCTL" vlan add "$sw" port "$pb" vid 10 ||
	ktap_exit_fail_msg "cannot add vlan 10"

for t in $TESTS; do
	$t
done
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
