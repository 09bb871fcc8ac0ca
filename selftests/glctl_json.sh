#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# glctl -j output: valid JSON with the documented keys and values.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
STATS='["drop_bad_src","drop_down","drop_forged_src","drop_loop","drop_mtu","drop_nomem","drop_runt","drop_stacked_tag","drop_vlan","flooded","learn_dampened","learn_refused","rx_accepted","rx_bytes","rx_packets","tx_bytes","tx_packets"]'

# has_keys WANT_JSON_ARRAY JSON_OBJECT: every wanted key present (more may
# be added as the interface grows)
has_keys()
{
	jq -e --argjson w "$1" '($w - keys) == []' <<<"$2" >/dev/null ||
		{ ktap_print_msg "missing keys: $(jq -c --argjson w "$1" '$w - keys' <<<"$2")"; return 1; }
}

jqe()
{
	jq -e "$@" >/dev/null
}

ktap_print_header
ktap_set_plan 13

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"

j=$("$GLCTL" -j show)
gl_check "show: a JSON array" jqe 'type == "array"' <<<"$j"
s=$(jq -c --arg s "$sw" '.[] | select(.ifname == $s)' <<<"$j")
ktap_print_msg "$s"
gl_check "show: switch keys" has_keys '["ageing_time","fdb_count","fdb_learned","ifindex","ifname","max_learned","n_ports"]' "$s"
gl_check_eq "show: values" "$(gl_ifindex "$sw") 300 65536 2 1" \
	"$(jq -r '"\(.ifindex) \(.ageing_time) \(.max_learned) \(.n_ports) \(.fdb_learned)"' <<<"$s")"
gl_check "show: fdb_count >= fdb_learned" jqe '.fdb_count >= .fdb_learned' <<<"$s"
gl_check "show -s: all counters" has_keys "$STATS" \
	"$("$GLCTL" -j -s show "$sw" | jq -c '.[0].stats')"
gl_check "show -p: valid JSON" bash -c "'$GLCTL' -j -p show '$sw' | jq -e . >/dev/null"

p=$("$GLCTL" -j -s port show "$sw")
ktap_print_msg "$(jq -c '.[0]' <<<"$p")"
gl_check "port show: keys" has_keys '["ifindex","ifname","oper_up","stats","switch"]' \
	"$(jq -c '.[0]' <<<"$p")"
gl_check_eq "port show: ports, ifindexes, switch, oper_up" \
	"$pa $(gl_ifindex "$pa") $sw true,$pb $(gl_ifindex "$pb") $sw true" \
	"$(jq -r 'sort_by(.ifname) | map("\(.ifname) \(.ifindex) \(.switch) \(.oper_up)") | join(",")' <<<"$p")"
gl_check "port show -s: all counters" has_keys "$STATS" "$(jq -c '.[0].stats' <<<"$p")"
gl_check "port show -s: A's rx_packets >= 1" \
	jqe --arg p "$pa" '.[] | select(.ifname == $p) | .stats.rx_packets >= 1' <<<"$p"

f=$("$GLCTL" -j fdb show "$sw")
e=$(jq -c --arg m "$MA" '.[] | select(.mac == $m)' <<<"$f")
ktap_print_msg "$e"
gl_check "fdb show: keys" has_keys '["age_ms","flags","mac","port","switch","vlan"]' "$e"
gl_check_eq "fdb show: values (lower-case MAC)" "$sw $MA 1 $pa []" \
	"$(jq -r '"\(.switch) \(.mac) \(.vlan) \(.port) \(.flags | tostring)"' <<<"$e")"
gl_check "glctl show of a non-switch fails" bash -c "! '$GLCTL' -j show lo >/dev/null 2>&1"

gl_finished
