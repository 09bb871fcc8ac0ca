#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# /dev/guestlan as a stranger, an owner and the admin use it (guestlan(4),
# IOCTLS): the request is the switch's own bit, dropped by a revoke; a
# stranger learns the public state and nothing of the grant; and nobody
# but a permitted change reaches RTNL.
#
#   NSA: eth0 (MA) ==veth== pa --+          VLAN 10 access
#   NSB: eth0 (MB) ==veth== pb --+          VLAN 10 access
#   NSC: eth0 (MC) ==veth== pc --+-- sw     trunk 10, 20: granted VLAN 10
#   NSD: eth0 (MD) ==veth== pd --+          VLAN 20 access
#   NSE: eth0 (ME) ==veth== pe --+          VLAN 20 access
#
# uid 4242 owns C's grant, uid 4343 is a stranger.  Copies are counted
# with C's port counter promisc_tx; RTNL takes with a kprobe on rtnl_lock
# filtered to the ioctl loop's own comm.
#
# Run one case: TESTS="revoke" ./promisc_ioctl.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

ALL_TESTS="
	visibility
	revoke
	guest_flag
	no_rtnl
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([visibility]=9 [revoke]=9 [guest_flag]=5 [no_rtnl]=5)
: "${TESTS:=$ALL_TESTS}"

gl_pr_require
gl_require_cmd jq python3 setpriv
[ -c /dev/guestlan ] || gl_skip_all "no /dev/guestlan"

TR=/sys/kernel/tracing
OWNER=(setpriv --reuid=4242 --regid=4242 --clear-groups --inh-caps=-all)
STRANGER=(setpriv --reuid=4343 --regid=4343 --clear-groups --inh-caps=-all)

# The ioctl loop: "ioc.py IFINDEX OP N" does N ioctls (OP: get, on, off)
# under the comm gl-ioc-loop and prints "ok=N enodev=N eperm=N other=N
# on=N state=N granted=N" (the last reply's fields).
IFS= read -r -d '' IOC_PY <<'PYEOF'
import ctypes, errno, fcntl, struct, sys

ctypes.CDLL(None).prctl(15, b"gl-ioc-loop", 0, 0, 0)	# PR_SET_NAME
SET, GET = 0xc010b701, 0xc010b702
idx, op, n = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
count = {"ok": 0, "enodev": 0, "eperm": 0, "other": 0}
last = (0, 0, 0, 0)
with open("/dev/guestlan", "rb", buffering=0) as f:
    for _ in range(n):
        buf = bytearray(struct.pack("4I", idx, op == "on", 0, 0))
        try:
            fcntl.ioctl(f, GET if op == "get" else SET, buf)
            count["ok"] += 1
            last = struct.unpack("4I", buf)
        except OSError as e:
            k = {errno.ENODEV: "enodev", errno.EPERM: "eperm"}.get(e.errno, "other")
            count[k] += 1
print(" ".join(f"{k}={v}" for k, v in count.items()),
      f"on={last[1]} state={last[2]} granted={last[3]}")
PYEOF

# ioc [USER...] -- IFINDEX OP N
ioc()
{
	local pre=()

	while [ "$1" != -- ]; do
		pre+=("$1")
		shift
	done
	shift
	"${pre[@]}" python3 -c "$IOC_PY" "$@"
}

ptx()
{
	gl_port_stat "$sw" "$pc" promisc_tx
}

# copies: one round of gl_pr_traffic; the copies C got
copies()
{
	local t0

	t0=$(ptx)
	gl_pr_traffic
	gl_settle
	echo $(($(ptx) - t0))
}

setup()
{
	gl_pr_topo || return 1
	cidx=$(gl_ifindex "$pc")
}

# A stranger reads the public state; the grant and the request are the
# owner's and the admin's.
visibility()
{
	local out

	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 uid 4242
	gl_check_eq "owner's GET: granted, not asked, off" "on=0 state=0 granted=1" \
		"$(ioc "${OWNER[@]}" -- "$cidx" get 1 | cut -d' ' -f5-)"
	gl_check_eq "stranger's GET: off, and nothing of the grant" "on=0 state=0 granted=0" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" get 1 | cut -d' ' -f5-)"
	"${OWNER[@]}" "$GLCTL" promisc "$pc" on
	gl_promisc_wait "$sw" "$pc" active
	gl_check_eq "owner asked: stranger's GET shows active, not the grant" \
		"on=0 state=2 granted=0" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" get 1 | cut -d' ' -f5-)"
	out=$("${STRANGER[@]}" "$GLCTL" -j port show "$sw" 2>&1)
	gl_check_eq "stranger's port-get: promisc active, no grant" "active null" \
		"$(jq -r --arg p "$pc" '.[] | select(.ifname == $p) |
			"\(.promisc) \(.grant)"' <<<"$out")"
	gl_check_eq "stranger's off: nothing of its own, the owner's request stands" \
		"ok=1 on=0 state=2 granted=0" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" off 1 | cut -d' ' -f1,5-)"
	"${OWNER[@]}" "$GLCTL" promisc "$pc" off
	gl_promisc_wait "$sw" "$pc" off
	gl_check_eq "nothing asked: stranger's off succeeds, changes nothing" \
		"ok=1 on=0 state=0 granted=0" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" off 1 | cut -d' ' -f1,5-)"
	"$GLCTL" revoke "$sw" port "$pc" promisc
	gl_check_eq "no grant: the stranger's off answers the same" \
		"ok=1 on=0 state=0 granted=0" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" off 1 | cut -d' ' -f1,5-)"
	gl_check_eq "no grant: the stranger's on, EPERM as with one" \
		"ok=0 enodev=0 eperm=1" \
		"$(ioc "${STRANGER[@]}" -- "$cidx" on 1 | cut -d' ' -f1-3)"
	gl_check_eq "the admin's GET: no grant, off" "on=0 state=0 granted=0" \
		"$(ioc -- "$cidx" get 1 | cut -d' ' -f5-)"
}

# grant, owner on, revoke, grant again: off, no copies until the owner
# asks again
revoke()
{
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 uid 4242
	"${OWNER[@]}" "$GLCTL" promisc "$pc" on
	gl_promisc_wait "$sw" "$pc" active
	gl_check_eq "owner asked: VLAN 10's unicast copied" $((2 * PR_N)) "$(copies)"
	"$GLCTL" revoke "$sw" port "$pc" promisc
	gl_check "revoked: the request went with the grant (off)" \
		gl_promisc_wait "$sw" "$pc" off
	gl_check "the former owner's off: nothing to withdraw, no EPERM" \
		"${OWNER[@]}" "$GLCTL" promisc "$pc" off
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 uid 4242
	gl_check_eq "granted again: still off" off "$(gl_promisc_state "$sw" "$pc")"
	gl_check_eq "granted again: no copies" 0 "$(copies)"
	gl_check "the owner asks again" "${OWNER[@]}" "$GLCTL" promisc "$pc" on
	gl_check_eq "asked again: copies" $((2 * PR_N)) "$(copies)"
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10,20 uid 4242
	gl_check_eq "a changed grant keeps the request: both VLANs copied" \
		$((4 * PR_N)) "$(copies)"
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10,20 uid 4343
	gl_check_eq "a grant to another owner drops it: off, no copies" "off 0" \
		"$(gl_promisc_state "$sw" "$pc") $(copies)"
	"$GLCTL" revoke "$sw" port "$pc" promisc
	gl_promisc_wait "$sw" "$pc" off
}

# eth0_flag: the user flag of C's own eth0
eth0_flag()
{
	ip -n "$NSC" -j link show eth0 | jq -r '.[0].flags | index("PROMISC") != null'
}

# The guest's own IFF_PROMISC is the guest's: the ioctl sets no flag, and
# a revoke leaves the guest's flag alone.
guest_flag()
{
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10
	ip netns exec "$NSC" "$GLCTL" promisc eth0 on
	gl_promisc_wait "$sw" "$pc" active
	gl_check_eq "the guest's ioctl: active, no flag on eth0 or the port" \
		"active false false" \
		"$(gl_promisc_state "$sw" "$pc") $(eth0_flag) $(gl_user_promisc "$pc")"
	ip netns exec "$NSC" "$GLCTL" promisc eth0 off
	ip -n "$NSC" link set eth0 promisc on
	gl_check "the guest's own flag: active" gl_promisc_wait "$sw" "$pc" active
	"$GLCTL" revoke "$sw" port "$pc" promisc
	gl_check "revoked: requested (the guest still asks)" \
		gl_promisc_wait "$sw" "$pc" requested
	gl_check_eq "the guest's flag untouched" true "$(eth0_flag)"
	ip -n "$NSC" link set eth0 promisc off
	gl_check "the guest withdrew: off" gl_promisc_wait "$sw" "$pc" off
}

# kprobe on rtnl_lock for the ioctl loop's comm; HITS is read back
kp_start()
{
	[ -d "$TR/events" ] || mount -t tracefs nodev "$TR" || return 1
	echo 'p:gl_rtnl rtnl_lock' >>"$TR/kprobe_events" || return 1
	echo 'comm == "gl-ioc-loop"' >"$TR/events/kprobes/gl_rtnl/filter" &&
		echo >"$TR/trace" &&
		echo 1 >"$TR/events/kprobes/gl_rtnl/enable"
}

kp_hits()
{
	grep -c 'gl_rtnl:' "$TR/trace"
}

kp_stop()
{
	echo 0 >"$TR/events/kprobes/gl_rtnl/enable" 2>/dev/null
	echo '-:gl_rtnl' >>"$TR/kprobe_events" 2>/dev/null
	echo >"$TR/trace"
	return 0
}

# GET and SET on a missing ifindex, a stranger's and an owner's unchanged
# request: answered, and none takes RTNL; a change does (the probe works).
no_rtnl()
{
	local n=200 miss res

	[ -d "$TR/events" ] || mount -t tracefs nodev "$TR"
	if [ ! -e "$TR/kprobe_events" ]; then
		# the debug kernel (make check-debug) is built without kprobes
		for _ in 1 2 3 4 5; do
			ktap_test_skip "no kprobe events in this kernel (CONFIG_KPROBE_EVENTS): RTNL takes not counted"
		done
		return
	fi
	if ! kp_start; then
		gl_check "kprobe on rtnl_lock" false
		return
	fi
	gl_defer kp_stop
	miss=$(($(cat /sys/class/net/*/ifindex | sort -n | tail -n1) + 1000))
	"$GLCTL" grant "$sw" port "$pc" promisc vlan 10 uid 4242
	res="$(ioc -- "$miss" get $n) | $(ioc -- "$miss" on $n)"
	gl_check_eq "missing ifindex: $n GETs and $n SETs, all ENODEV" \
		"ok=0 enodev=$n | ok=0 enodev=$n" \
		"$(sed -E 's/ eperm=[0-9]+ other=[0-9]+ on=[0-9]+ state=[0-9]+ granted=[0-9]+//g' <<<"$res")"
	res="$(ioc "${STRANGER[@]}" -- "$cidx" on $n | cut -d' ' -f1-3) | $(ioc "${STRANGER[@]}" -- "$cidx" get $n | cut -d' ' -f1-3)"
	gl_check_eq "stranger: $n refused SETs, $n GETs" \
		"ok=0 enodev=0 eperm=$n | ok=$n enodev=0 eperm=0" "$res"
	"${OWNER[@]}" "$GLCTL" promisc "$pc" on
	res=$(ioc "${OWNER[@]}" -- "$cidx" on $n | cut -d' ' -f1,5-)
	gl_check_eq "owner: $n unchanged requests answered" "ok=$n on=1 state=2 granted=1" "$res"
	gl_check_eq "none of those took RTNL" 0 "$(kp_hits)"
	ioc "${OWNER[@]}" -- "$cidx" off 1 >/dev/null
	gl_check "a changed request did (the probe sees it: $(kp_hits))" \
		test "$(kp_hits)" -ge 1
	kp_stop
	"$GLCTL" revoke "$sw" port "$pc" promisc
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
