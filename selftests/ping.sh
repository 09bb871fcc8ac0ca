#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# IP connectivity: netns guests on veth ports, a tap guest (tap-helper
# responder) and the host through the switch device.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_require_cmd ping
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
tap=gtp$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MT=02:00:00:00:0d:01
HOST=192.0.2.1
IPA=192.0.2.11
IPB=192.0.2.12
IPT=192.0.2.13

ktap_print_header
ktap_set_plan 10

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
ip addr add $HOST/24 dev "$sw"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" $IPA/24 && gl_guest_add "$sw" "$pb" "$NSB" "$MB" $IPB/24 ||
	ktap_exit_fail_msg "cannot add guests"
gl_tap_add "$tap" "$sw" || ktap_exit_fail_msg "cannot add tap"
gl_bg TAPG "$TAPH" open "$tap" responder -a $IPT -m $MT -t 0 -w "$GL_TMP/tap.ready"
slowwait 10 test -e "$GL_TMP/tap.ready"

nsping()
{
	local ns=$1; shift

	ip netns exec "$ns" ping -q -c 3 -i 0.2 -W 5 "$@" >/dev/null
}

gl_check "guest A pings guest B" nsping "$NSA" $IPB
gl_check "guest B pings guest A" nsping "$NSB" $IPA
gl_check "guest A pings the tap guest" nsping "$NSA" $IPT
gl_check "guest A pings the host" nsping "$NSA" $HOST
gl_check "host pings guest A" ping -q -c 3 -i 0.2 -W 5 $IPA
gl_check "host pings the tap guest" ping -q -c 3 -i 0.2 -W 5 $IPT
gl_check "large frames (1400 byte payload) A->B" nsping "$NSA" -s 1400 $IPB
gl_check_eq "tap guest's MAC learned on the tap port" "$tap" "$(gl_fdb_port "$sw" $MT)"
gl_check_eq "A's MAC learned on A's port" "$pa" "$(gl_fdb_port "$sw" $MA)"
gl_check "tap port is oper_up" \
	bash -c "'$GLCTL' -j port show '$sw' | jq -e '.[] | select(.ifname == \"$tap\") | .oper_up == true' >/dev/null"

gl_finished
