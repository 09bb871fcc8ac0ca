#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Permissions: anybody may read, only CAP_NET_ADMIN over the device's
# netns may change anything; a user namespace does not help.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_require_cmd setpriv unshare
sw=gs$GL_ID
pa=gpa$GL_ID
MA=02:00:00:00:0a:01
M=02:00:00:00:5a:01
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

ktap_print_header
ktap_set_plan 10

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" || ktap_exit_fail_msg "cannot add guest"
"$GLCTL" fdb add "$sw" mac "$M" port "$pa"

gl_check "unprivileged glctl show works" \
	bash -c "${NOBODY[*]} '$GLCTL' -j show '$sw' | jq -e '.[0].ageing_time == 300' >/dev/null"
gl_check "unprivileged glctl fdb show works" \
	bash -c "${NOBODY[*]} '$GLCTL' -j fdb show '$sw' | jq -e 'length >= 1' >/dev/null"
gl_check_fail "unprivileged set: EPERM" "not permitted" \
	"${NOBODY[@]}" "$GLCTL" set "$sw" ageing 10
gl_check_fail "unprivileged fdb add: EPERM" "not permitted" \
	"${NOBODY[@]}" "$GLCTL" fdb add "$sw" mac 02:00:00:00:5a:02 port "$pa"
gl_check_fail "unprivileged fdb del: EPERM" "not permitted" \
	"${NOBODY[@]}" "$GLCTL" fdb del "$sw" mac "$M"
gl_check_fail "unprivileged fdb flush: EPERM" "not permitted" \
	"${NOBODY[@]}" "$GLCTL" fdb flush "$sw" static
if unshare -Ur true 2>/dev/null; then
	gl_check_fail "user namespace root (unshare -Ur): set EPERM" "not permitted" \
		unshare -Ur "$GLCTL" set "$sw" ageing 10
	gl_check_fail "user namespace root (unshare -Ur): fdb flush EPERM" "not permitted" \
		unshare -Ur "$GLCTL" fdb flush "$sw" static
else
	# unshare(CLONE_NEWUSER) fails with EPERM inside a chroot
	why="cannot create a user namespace here: $(unshare -Ur true 2>&1 | head -n1)"
	ktap_test_skip "user namespace root (unshare -Ur): set EPERM ($why)"
	ktap_test_skip "user namespace root (unshare -Ur): fdb flush EPERM ($why)"
fi
if "${NOBODY[@]}" unshare -Ur true 2>/dev/null; then
	gl_check_fail "unprivileged user's own user namespace: set EPERM" "not permitted" \
		"${NOBODY[@]}" unshare -Ur "$GLCTL" set "$sw" ageing 10
else
	ktap_test_skip "unprivileged user's own user namespace: set EPERM (cannot create one here)"
fi
gl_check_eq "nothing changed: ageing 300, static entry kept" "300 $pa" \
	"$(gl_sw_get "$sw" .ageing_time) $(gl_fdb_port "$sw" "$M")"

gl_finished
