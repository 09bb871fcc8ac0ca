#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Switch life cycle: create/delete, defaults, glctl set and its refusals,
# several switches side by side.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
sw2=gt$GL_ID

ktap_print_header
ktap_set_plan 14

gl_check "ip link add type guestlan" gl_switch_add "$sw"
gl_check_eq "link kind is guestlan" guestlan \
	"$(ip -d -j link show "$sw" | jq -r '.[0].linkinfo.info_kind')"
gl_check_eq "glctl show: ifindex" "$(gl_ifindex "$sw")" "$(gl_sw_get "$sw" .ifindex)"
gl_check_eq "default ageing_time 300" 300 "$(gl_sw_get "$sw" .ageing_time)"
gl_check_eq "default max_learned 65536" 65536 "$(gl_sw_get "$sw" .max_learned)"
gl_check_eq "new switch: no ports, nothing learned" "0 0" \
	"$(gl_sw_get "$sw" .n_ports) $(gl_sw_get "$sw" .fdb_learned)"

"$GLCTL" set "$sw" ageing 120
gl_check_eq "glctl set ageing 120" 120 "$(gl_sw_get "$sw" .ageing_time)"
"$GLCTL" set "$sw" max-learned 500
gl_check_eq "glctl set max-learned 500" 500 "$(gl_sw_get "$sw" .max_learned)"

gl_check_fail "glctl set ageing 0 refused" "error|invalid" "$GLCTL" set "$sw" ageing 0
gl_check_fail "glctl set ageing 1000001 refused" "error|invalid" "$GLCTL" set "$sw" ageing 1000001
gl_check_eq "refused values leave ageing_time unchanged" 120 "$(gl_sw_get "$sw" .ageing_time)"

gl_switch_add "$sw2"
gl_check_eq "second switch listed with its own defaults" "2 300" \
	"$("$GLCTL" -j show | jq --arg a "$sw" --arg b "$sw2" \
		'[.[] | select(.ifname == $a or .ifname == $b)] | length') $(gl_sw_get "$sw2" .ageing_time)"

ip link del "$sw"
gl_check_eq "deleted switch gone from glctl show" 0 \
	"$("$GLCTL" -j show | jq --arg a "$sw" '[.[] | select(.ifname == $a)] | length')"
gl_check "glctl show of a deleted switch fails" \
	bash -c "! '$GLCTL' show '$sw' >/dev/null 2>&1"

gl_finished
