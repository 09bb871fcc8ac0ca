#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Tear-down under traffic: deleting the switch releases its ports;
# rmmod with switches and traffic leaves no guestlan device behind; the
# module is inserted again at the end.  Run last.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

guestlan_devs()
{
	ip -d -j link show | jq '[.[] | select(.linkinfo.info_kind == "guestlan")] | length'
}

unenslaved()
{
	local d

	for d in "$@"; do
		[ -e "/sys/class/net/$d" ] || return 1
		[ "$(ip -j link show "$d" | jq -r '.[0].master')" == null ] || return 1
		[ "$(ip -d -j link show "$d" | jq -r '.[0].promiscuity')" == 0 ] || return 1
	done
}

traffic_start()
{
	gl_bg SENDA ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" -s "$MA" -L -t 0 -g 1000
	gl_bg SENDB ip netns exec "$NSB" "$TAPH" raw eth0 send -e "$GL_ETYPE" -s "$MB" -d "$MA" -L -t 0 -g 1000
	sleep 1
}

traffic_stop()
{
	gl_bg_stop SENDA
	gl_bg_stop SENDB
}

ktap_print_header
ktap_set_plan 12

gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

traffic_start
gl_check "delete the switch under traffic" timeout 30 ip link del "$sw"
traffic_stop
gl_check "ports survive, unenslaved, not promiscuous" unenslaved "$pa" "$pb"

gl_switch_add "$sw"
ip link set "$pa" master "$sw" && ip link set "$pb" master "$sw"
gl_ns_send "$NSB" eth0 -s "$MB" -n 1
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n 20
gl_settle
gl_check_eq "recreated switch forwards" 20 "$(gl_cap_rx B)"

if [ -z "$GUESTLAN_KO" ] || [ ! -r "$GUESTLAN_KO" ]; then
	for t in "rmmod under traffic" "no guestlan device left" "ports survive rmmod" \
		 "module unloaded" "insmod again" "switch works after reload" \
		 "dmesg clean after reload" "ip link add works after reload"; do
		ktap_test_skip "$t (GUESTLAN_KO not set: could not reload the module)"
	done
	gl_check "no kernel warnings" gl_dmesg_clean
	gl_finished
fi

gl_switch_add "gu$GL_ID"
traffic_start
gl_check "rmmod guestlan with 2 switches and traffic" timeout 60 rmmod guestlan
traffic_stop
gl_check_eq "no guestlan device left" 0 "$(guestlan_devs)"
gl_check "ports survive rmmod, unenslaved" unenslaved "$pa" "$pb"
gl_check "module gone" test ! -d /sys/module/guestlan
gl_check "genl family gone (glctl show fails)" bash -c "! '$GLCTL' show >/dev/null 2>&1"
gl_check "insmod \$GUESTLAN_KO again" insmod "$GUESTLAN_KO"
gl_check "ip link add type guestlan after reload" gl_switch_add "$sw"
gl_check_eq "glctl works after reload" 300 "$(gl_sw_get "$sw" .ageing_time)"
gl_check "no BUG/WARNING/Oops in dmesg" gl_dmesg_clean

gl_finished
