#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The owner (uid or gid) of a promiscuous grant may turn promiscuous mode on
# and off through /dev/guestlan without CAP_NET_ADMIN; nobody else may, and
# an unprivileged "ip link set PORT promisc on" is refused by the kernel.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require
gl_require_cmd setpriv
[ -c /dev/guestlan ] || gl_skip_all "no /dev/guestlan"

ktap_print_header
ktap_set_plan 19
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"

# as UID GID [setpriv options] -- CMD...
as()
{
	local u=$1 g=$2; shift 2

	setpriv --reuid="$u" --regid="$g" --clear-groups --inh-caps=-all \
		--bounding-set=-all "$@"
}

"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 uid 4242 ||
	ktap_exit_fail_msg "grant failed"
gl_check_eq "port show: grant owned by uid 4242" '{"vlans":[10],"uid":4242}' \
	"$(gl_port_json "$sw" "$pc" '.grant | tojson')"
gl_check_eq "uid 4242 reads the state (granted, off)" "true off" \
	"$(as 4242 4242 "$GLCTL" -j promisc "$pc" | jq -r '"\(.granted) \(.state)"')"
gl_check "owner uid 4242: glctl promisc on" as 4242 4242 "$GLCTL" promisc "$pc" on
gl_check "owner uid 4242: state active" gl_promisc_wait "$sw" "$pc" active
gl_check_eq "owner uid 4242: C gets A<->B once each, no VLAN 20 unicast" \
	"$(gl_pr_expect "$PR_N" 0)" "$(gl_pr_round own)"
gl_check "uid 4343: glctl promisc off, nothing of its own to withdraw" \
	as 4343 4343 "$GLCTL" promisc "$pc" off
gl_check_eq "... the owner's request stands" active "$(gl_promisc_state "$sw" "$pc")"
gl_check "owner uid 4242: glctl promisc off" as 4242 4242 "$GLCTL" promisc "$pc" off
gl_check "owner uid 4242: state off" gl_promisc_wait "$sw" "$pc" off
gl_check_fail "uid 4343: glctl promisc on refused" "not permitted" \
	as 4343 4343 "$GLCTL" promisc "$pc" on
gl_check_fail "owner uid 4242: ip link set promisc on refused (CAP_NET_ADMIN)" \
	"not permitted" as 4242 4242 ip link set "$pc" promisc on
gl_check_eq "nothing refused changed the flag" "false off" \
	"$(gl_user_promisc "$pc") $(gl_promisc_state "$sw" "$pc")"

# a new grant owned by gid 4545 replaces the uid one
"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 gid 4545
gl_check "gid 4545 (primary): glctl promisc on" as 4343 4545 "$GLCTL" promisc "$pc" on
gl_check "gid 4545: state active" gl_promisc_wait "$sw" "$pc" active
gl_check "gid 4545 (supplementary): glctl promisc off" \
	setpriv --reuid=4343 --regid=4343 --groups=4545 "$GLCTL" promisc "$pc" off
gl_check_fail "uid 4242 no longer owns the grant" "not permitted" \
	as 4242 4242 "$GLCTL" promisc "$pc" on
gl_check_fail "gid 4646: refused" "not permitted" as 4343 4646 "$GLCTL" promisc "$pc" on

# no grant: even the former owner is refused
"$GLCTL" revoke "$sw" port "$pc" promisc
gl_check_fail "after revoke: gid 4545 refused" "not permitted" \
	as 4343 4545 "$GLCTL" promisc "$pc" on

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
