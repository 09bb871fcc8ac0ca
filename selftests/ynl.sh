#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The YAML spec drives the family: ynl's cli.py against the module.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

[ -r "$YNL_DIR/cli.py" ] || gl_skip_all "no ynl cli.py in YNL_DIR (${YNL_DIR:-unset})"
[ -r "$GUESTLAN_SPEC" ] || gl_skip_all "no spec at GUESTLAN_SPEC (${GUESTLAN_SPEC:-unset})"
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import yaml' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || gl_skip_all "no python3 with the yaml module"

ynl()
{
	"$PY" "$YNL_DIR/cli.py" --spec "$GUESTLAN_SPEC" --no-schema --output-json "$@"
}

ynl_q()
{
	ynl "$@" >/dev/null
}

jqe()
{
	jq -e "$@" >/dev/null
}

ktap_print_header
ktap_set_plan 7

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"
idx=$(gl_ifindex "$sw")

out=$(ynl --dump switch-get 2>&1)
gl_check "dump switch-get lists the switch" \
	jqe -s --argjson i "$idx" '[.[] | if type == "array" then .[] else . end | select(.ifindex == $i)] | length == 1' <<<"$out"
out=$(ynl --do switch-get --json "{\"ifindex\": $idx}" 2>&1)
ktap_print_msg "$out"
gl_check_eq "do switch-get: ageing-time 300, max-learned 65536, n-ports 2" "300 65536 2" \
	"$(jq -r '"\(.["ageing-time"]) \(.["max-learned"]) \(.["n-ports"])"' <<<"$out")"
out=$(ynl --dump port-get --json "{\"ifindex\": $idx}" 2>&1)
ktap_print_msg "$out"
gl_check_eq "dump port-get: the ports' ifindexes" \
	"$(printf '%s\n' "$(gl_ifindex "$pa")" "$(gl_ifindex "$pb")" | sort -n | tr '\n' ' ')" \
	"$(jq -r 'if type == "array" then .[] else . end | .port.ifindex' <<<"$out" | sort -n | tr '\n' ' ')"
gl_check "do switch-set ageing-time 77" \
	ynl_q --do switch-set --json "{\"ifindex\": $idx, \"ageing-time\": 77}"
gl_check_eq "glctl sees ageing_time 77" 77 "$(gl_sw_get "$sw" .ageing_time)"
gl_check "do switch-set ageing-time 0 refused" \
	bash -c "! '$PY' '$YNL_DIR/cli.py' --spec '$GUESTLAN_SPEC' --no-schema --do switch-set --json '{\"ifindex\": $idx, \"ageing-time\": 0}' >/dev/null 2>&1"
gl_ns_send "$NSA" eth0 -s "$MA" -n 1
slowwait 10 gl_fdb_has "$sw" "$MA" "$pa"
out=$(ynl --dump fdb-get --json "{\"ifindex\": $idx}" 2>&1)
ktap_print_msg "$out"
gl_check "dump fdb-get has A's entry on A's port" \
	jqe -s --argjson p "$(gl_ifindex "$pa")" \
	'[.[] | if type == "array" then .[] else . end | .fdb | select(.["port-ifindex"] == $p and ((.mac | tostring | ascii_downcase | gsub(":"; "")) == "020000000a01"))] | length == 1' <<<"$out"

gl_finished
