#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed frames (runts, zero/multicast source) are dropped and counted,
# never learned, and the switch keeps forwarding.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

ktap_print_header
ktap_set_plan 10

gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

runt=$(gl_port_stat "$sw" "$pa" drop_runt)
if out=$(ip netns exec "$NSA" "$TAPH" raw eth0 send -n 10 -l 10 2>&1); then
	sleep 0.5
	gl_check_eq "runt frames (10 bytes): drop_runt +10" $((runt + 10)) \
		"$(gl_port_stat "$sw" "$pa" drop_runt)"
else
	# dev_validate_header(): AF_PACKET refuses frames shorter than
	# dev->min_header_len (ETH_HLEN on Ethernet), tap likewise.
	ktap_test_skip "runt frames: the kernel refuses to send < 14 byte frames on veth ($out)"
fi

bad_case()
{
	local name=$1 src=$2 n=10
	local before

	before=$(gl_port_stat "$sw" "$pa" drop_bad_src)
	gl_cap_start B "$NSB" raw eth0 -s "$src" -e "$GL_ETYPE"
	gl_ns_send "$NSA" eth0 -s "$src" -n $n
	gl_settle
	gl_check_eq "$name source: not forwarded" 0 "$(gl_cap_stop B)"
	gl_check_eq "$name source: drop_bad_src +$n" $((before + n)) \
		"$(gl_port_stat "$sw" "$pa" drop_bad_src)"
}
bad_case zero 00:00:00:00:00:00
bad_case multicast 01:00:5e:00:00:01
bad_case broadcast ff:ff:ff:ff:ff:ff
gl_check_eq "bad sources never learned" 0 "$(gl_sw_get "$sw" .fdb_learned)"

gl_ns_send "$NSB" eth0 -s "$MB" -n 1
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n 10
gl_settle
gl_check_eq "still forwards afterwards" 10 "$(gl_cap_stop B)"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
