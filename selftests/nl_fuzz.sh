#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Netlink fuzz: first every attribute a request does not list in the spec
# (reply-only ones such as stats, grant.range, vlan.vid-end, and other
# commands' ones), in every request, refused with an extack message naming
# it; then thousands of random and malformed guestlan genl messages, as
# root and unprivileged.  No splat, every rejection by guestlan says why,
# unprivileged writes are always refused, the switch still works after.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_require_cmd python3 setpriv
python3 -c 'import yaml' 2>/dev/null || gl_skip_all "no python3 yaml module (the fuzzer reads the spec)"
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
HDR=$GL_TOP/uapi/linux/guestlan_netlink.h
FUZZ=(python3 "$GL_DIR/nl_fuzz.py" --header "$HDR" --spec "$GUESTLAN_SPEC")
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
: "${NL_FUZZ_COUNT:=1500}"

ktap_print_header
ktap_set_plan 5

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" 02:00:00:00:0a:01 &&
	gl_guest_add "$sw" "$pb" "$NSB" 02:00:00:00:0b:01 ||
	ktap_exit_fail_msg "cannot add guests"
# the switch first, then one of its ports (the spec checks use both)
ids=(--ifindex "$(gl_ifindex "$sw")" --ifindex "$(gl_ifindex "$pa")"
     --ifindex "$(gl_ifindex "$pb")" --ifindex 1)
gl_dmesg_mark

gl_check "root: unlisted request attributes refused; $NL_FUZZ_COUNT messages, every guestlan rejection has an extack message" \
	"${FUZZ[@]}" --count "$NL_FUZZ_COUNT" --seed 1 "${ids[@]}"
gl_check "unprivileged: $((NL_FUZZ_COUNT / 3)) messages, no write accepted" \
	"${NOBODY[@]}" "${FUZZ[@]}" --unpriv --count $((NL_FUZZ_COUNT / 3)) --seed 2 "${ids[@]}"
if unshare -Ur true 2>/dev/null; then
	gl_check "user namespace root: no write accepted" \
		unshare -Ur "${FUZZ[@]}" --unpriv --count $((NL_FUZZ_COUNT / 3)) --seed 3 "${ids[@]}"
else
	ktap_test_skip "user namespace root: cannot create a user namespace here ($(unshare -Ur true 2>&1 | head -n1))"
fi

# the fuzzer may have changed settings; the switch must still be whole
gl_check "switch still listed with its two ports" \
	bash -c "'$GLCTL' -j port show '$sw' | jq -e 'length == 2' >/dev/null"
gl_check "no kernel splat" gl_dmesg_clean

gl_finished
