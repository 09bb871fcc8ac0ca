#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Common helpers for the guestlan selftests.  Source it from a test script:
#   source "$(dirname "$(readlink -f "$0")")/lib.sh"
#
# Environment (all optional when run from the repo):
#   KSFT_DIR       tools/testing/selftests of linux-source-6.12
#   GLCTL          glctl binary
#   GUESTLAN_KO    guestlan.ko for the running kernel (insmod'ed if needed)
#   YNL_DIR        tools/net/ynl (cli.py)
#   GUESTLAN_SPEC  uapi/specs/guestlan.yaml

GL_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
GL_TOP=$(readlink -f "$GL_DIR/..")

if [ -z "$KSFT_DIR" ]; then
	for d in "$GL_TOP/build/linux-source-6.12/tools/testing/selftests" \
		 /tmp/ls/linux-source-6.12/tools/testing/selftests; do
		[ -r "$d/net/lib.sh" ] && KSFT_DIR=$d && break
	done
fi
if [ ! -r "$KSFT_DIR/net/lib.sh" ] || [ ! -r "$KSFT_DIR/kselftest/ktap_helpers.sh" ]; then
	echo "1..0 # SKIP KSFT_DIR (${KSFT_DIR:-unset}) lacks net/lib.sh or kselftest/ktap_helpers.sh"
	exit 4
fi
: "${WAIT_TIMEOUT:=20}"
# shellcheck source=/dev/null
source "$KSFT_DIR/net/lib.sh"
# shellcheck source=/dev/null
source "$KSFT_DIR/kselftest/ktap_helpers.sh"

: "${GLCTL:=$GL_TOP/tools/glctl/glctl}"
: "${GUESTLAN_SPEC:=$GL_TOP/uapi/specs/guestlan.yaml}"
: "${YNL_DIR:=$(readlink -f "$KSFT_DIR/../../net/ynl")}"
TAPH=$GL_DIR/tap-helper
# Our ethertype for test frames (IEEE local experimental).
GL_ETYPE=0x88b5

# Unique per run: device names stay <= 15 characters.
GL_ID=$(printf '%04x' $(( (RANDOM ^ $$) & 0xffff )))
GL_TMP=$(mktemp -d "/tmp/guestlan-$(basename "$0" .sh).XXXXXX")
GL_DEVS=()
GL_PIDS=()
GL_DEFER=()

##############################################################################
# Skips and results

# gl_skip_all REASON: nothing can run here; exit with $ksft_skip.
gl_skip_all()
{
	ktap_print_header
	ktap_skip_all "$*"
	exit "$ksft_skip"
}

gl_require_root()
{
	[ "$(id -u)" -eq 0 ] || gl_skip_all "needs root"
}

gl_require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || gl_skip_all "'$c' not found"
	done
}

gl_require_helper()
{
	if [ ! -x "$TAPH" ]; then
		make -s -C "$GL_DIR" tap-helper >/dev/null 2>&1
		[ -x "$TAPH" ] || gl_skip_all "tap-helper not built (make -C selftests)"
	fi
}

gl_require_glctl()
{
	[ -x "$GLCTL" ] || gl_skip_all "glctl not found at $GLCTL (set GLCTL)"
}

# The guestlan link kind must be usable: load $GUESTLAN_KO if needed.
gl_require_module()
{
	local probe="glp$GL_ID"

	if [ ! -d /sys/module/guestlan ]; then
		[ -r /proc/modules ] || gl_skip_all "kernel without module support and no guestlan"
		[ -n "$GUESTLAN_KO" ] && [ -r "$GUESTLAN_KO" ] ||
			gl_skip_all "guestlan module not loaded and GUESTLAN_KO (${GUESTLAN_KO:-unset}) not readable"
		# what it needs first (psample); insmod does not resolve it
		gl_modprobe $(modinfo -F depends "$GUESTLAN_KO" 2>/dev/null | tr , ' ')
		insmod "$GUESTLAN_KO" ||
			gl_skip_all "insmod $GUESTLAN_KO failed"
	fi
	ip link add "$probe" type guestlan 2>/dev/null ||
		gl_skip_all "ip link add type guestlan fails (module loaded but no link kind?)"
	ip link del "$probe"
}

# gl_modprobe MOD...: load modules explicitly (in the test VM the kernel's
# own module autoloading runs outside the test root and cannot find them).
gl_modprobe()
{
	command -v modprobe >/dev/null 2>&1 && modprobe -a -q "$@" 2>/dev/null
	return 0
}

# Standard preamble: root, module, tools.
gl_require_all()
{
	gl_require_root
	gl_modprobe veth tun af_packet
	[ -e /dev/net/tun ] || gl_skip_all "no /dev/net/tun (tun module missing?)"
	gl_require_cmd ip jq timeout
	gl_require_module
	gl_require_glctl
	gl_require_helper
}

# gl_finished: like ktap_finished, but everything skipped exits $ksft_skip.
gl_finished()
{
	if [ "$KTAP_CNT_SKIP" -gt 0 ] && [ "$KTAP_CNT_SKIP" -eq "$KSFT_NUM_TESTS" ]; then
		ktap_print_totals
		exit "$ksft_skip"
	fi
	ktap_finished
}

# gl_check DESC CMD...: one subtest, passes when CMD succeeds.
gl_check()
{
	local desc=$1; shift

	if "$@"; then
		ktap_test_pass "$desc"
	else
		ktap_print_msg "failed: $*"
		ktap_test_fail "$desc"
	fi
}

# gl_check_eq DESC EXPECTED ACTUAL
gl_check_eq()
{
	if [ "$2" == "$3" ]; then
		ktap_test_pass "$1"
	else
		ktap_print_msg "expected '$2', got '$3'"
		ktap_test_fail "$1"
	fi
}

# gl_check_fail DESC KEYWORD CMD...: CMD must fail and its output must
# mention KEYWORD (extended regex, case-insensitive).
gl_check_fail()
{
	local desc=$1; shift
	local kw=$1; shift
	local out rc

	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ktap_print_msg "unexpected success: $*"
		ktap_test_fail "$desc"
	elif ! grep -qiE -- "$kw" <<<"$out"; then
		ktap_print_msg "'$*' failed but output lacks /$kw/: $out"
		ktap_test_fail "$desc"
	else
		ktap_print_msg "refused as expected: $(head -n1 <<<"$out")"
		ktap_test_pass "$desc"
	fi
}

# gl_plan_cases COUNTS [EXTRA]: the ALL_TESTS/TESTS= pattern of
# selftests/net/forwarding.  COUNTS names an associative array of the
# number of subtests of each case; print the KTAP header and the plan of
# the cases in $TESTS plus EXTRA subtests.  An unknown case is an error.
gl_plan_cases()
{
	local -n gl_counts=$1
	local t plan=${2:-0}

	for t in $TESTS; do
		[ -n "${gl_counts[$t]:-}" ] ||
			ktap_exit_fail_msg "unknown case $t (cases: $(echo $ALL_TESTS))"
		plan=$((plan + gl_counts[$t]))
	done
	ktap_print_header
	ktap_set_plan "$plan"
}

##############################################################################
# Cleanup

gl_defer()
{
	GL_DEFER+=("$*")
}

gl_cleanup()
{
	local p d i

	for p in "${GL_PIDS[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${GL_PIDS[@]}"; do
		wait "$p" 2>/dev/null
	done
	for ((i = ${#GL_DEFER[@]} - 1; i >= 0; i--)); do
		eval "${GL_DEFER[i]}" >/dev/null 2>&1
	done
	for d in "${GL_DEVS[@]}"; do
		ip link del "$d" 2>/dev/null
	done
	cleanup_all_ns >/dev/null 2>&1
	rm -rf "$GL_TMP"
	echo "# $(basename "$0"): ${SECONDS}s"
}
trap gl_cleanup EXIT

##############################################################################
# Switches and ports

# Quiet a netdev: no IPv6 (router solicitations, MLD and DAD would add
# frames to exact counts).
gl_quiet()
{
	local dev=$1 ns=$2

	# the /proc path, not sysctl's dotted name: a VLAN device's name
	# (lan0.10) has dots of its own
	if [ -n "$ns" ]; then
		ip netns exec "$ns" sh -c "echo 1 >/proc/sys/net/ipv6/conf/$dev/disable_ipv6" 2>/dev/null
	else
		{ echo 1 >"/proc/sys/net/ipv6/conf/$dev/disable_ipv6"; } 2>/dev/null
	fi
	return 0
}

# gl_switch_add NAME: create a guestlan switch, up, without IPv6.
gl_switch_add()
{
	local sw=$1

	ip link add "$sw" type guestlan || return 1
	GL_DEVS+=("$sw")
	gl_quiet "$sw"
	ip link set "$sw" up
}

# gl_ns_add VAR: a netns with IPv6 off; its name is stored in $VAR.
gl_ns_add()
{
	setup_ns "$1" || return 1
	ip netns exec "${!1}" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	ip netns exec "${!1}" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
	return 0
}

# gl_guest_add SWITCH PORTDEV NS MAC [IP/PLEN]: veth PORTDEV (init netns,
# enslaved to SWITCH) whose peer is eth0 in netns NS with address MAC.
gl_guest_add()
{
	local sw=$1 port=$2 ns=$3 mac=$4 ip=$5

	ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	GL_DEVS+=("$port")
	gl_quiet "$port"
	ip -n "$ns" link set eth0 address "$mac" || return 1
	ip -n "$ns" link set eth0 up || return 1
	[ -n "$ip" ] && { ip -n "$ns" addr add "$ip" dev eth0 || return 1; }
	ip link set "$port" up || return 1
	if [ -n "$sw" ]; then
		ip link set "$port" master "$sw" || return 1
	fi
	return 0
}

# gl_tap_add NAME [SWITCH [USER]]: persistent tap (attach with tap-helper;
# with USER, that user may attach it too, as QEMU does)
gl_tap_add()
{
	local tap=$1 sw=$2 user=${3:-}

	ip tuntap add dev "$tap" mode tap ${user:+user "$user"} || return 1
	GL_DEVS+=("$tap")
	gl_quiet "$tap"
	ip link set "$tap" up || return 1
	if [ -n "$sw" ] && [ "$sw" != - ]; then
		ip link set "$tap" master "$sw" || return 1
	fi
	return 0
}

##############################################################################
# glctl queries

gl_ifindex()
{
	cat "/sys/class/net/$1/ifindex" 2>/dev/null
}

# The JSON helpers below read glctl's compact JSON with bash alone where
# they can: one jq costs ~0.3 s in the TCG test VM, ten times glctl's own
# run, and the suite asks for counters thousands of times.  They lean on
# glctl's fixed key order (documented above its printers); anything the
# fast path does not find goes to jq, so the answer is always jq's.

# gl_json_scalar JSON KEY: jq -r's output for the first "KEY" of a flat
# object (a number, bool or string without escapes); fails if absent
gl_json_scalar()
{
	local re="\"$2\":(\"([^\"\\]*)\"|[-0-9a-z.]+)"

	[[ $1 =~ $re ]] || return 1
	if [ -n "${BASH_REMATCH[2]}" ] || [ "${BASH_REMATCH[1]}" = '""' ]; then
		echo "${BASH_REMATCH[2]}"
	else
		echo "${BASH_REMATCH[1]}"
	fi
}

# gl_json_stat JSON KEY: jq -r's output for KEY of the first "stats"
# object in JSON (glctl's counters: a flat object); fails if absent
gl_json_stat()
{
	local s=${1#*\"stats\":\{}

	[ "$s" != "$1" ] && gl_json_scalar "${s%%\}*}" "$2"
}

# gl_sw_get SWITCH JQPATH: e.g. gl_sw_get lan0 .ageing_time
gl_sw_get()
{
	local j

	j=$("$GLCTL" -j -s show "$1") || return
	# a switch object: its scalars, then "stats":{...} (glctl switch.c)
	if [[ $2 =~ ^\.stats\.([a-z0-9_]+)$ ]] && gl_json_stat "$j" "${BASH_REMATCH[1]}"; then
		return 0
	fi
	if [[ $2 =~ ^\.([a-z0-9_]+)$ ]] && gl_json_scalar "${j%%\"stats\":\{*}" "${BASH_REMATCH[1]}"; then
		return 0
	fi
	jq -r ".[0]$2" <<<"$j"
}

gl_sw_stat()
{
	gl_sw_get "$1" ".stats.$2"
}

# gl_port_stat SWITCH PORT KEY
gl_port_stat()
{
	local j p

	j=$("$GLCTL" -j -s port show "$1") || return
	# a port object: {"switch":..,"ifname":"PORT",..,"stats":{...},..}
	p=${j#*\"ifname\":\"$2\",}
	[ "$p" != "$j" ] && gl_json_stat "$p" "$3" && return 0
	jq -r --arg p "$2" ".[] | select(.ifname == \$p) | .stats.$3" <<<"$j"
}

# gl_port_count SWITCH PORT KEY: a port counter, or "none" without it
# (a number always: a test compares it, never an empty string)
gl_port_count()
{
	local v

	v=$(gl_port_stat "$@" 2>/dev/null)
	[[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo none
}

# gl_port_list SWITCH: sorted port names, one per line.
gl_port_list()
{
	"$GLCTL" -j port show "$1" | jq -r '.[].ifname' | sort
}

# gl_fdb SWITCH: the FDB as JSON
gl_fdb()
{
	"$GLCTL" -j fdb show "$1"
}

# gl_fdb_entry SWITCH MAC [VLAN]: the entry's JSON object (empty if none)
gl_fdb_entry()
{
	local vlan=${3:-1}

	gl_fdb "$1" | jq -c --arg m "${2,,}" --argjson v "$vlan" \
		'.[] | select((.mac | ascii_downcase) == $m and .vlan == $v)'
}

# gl_fdb_port SWITCH MAC [VLAN]: name of the port MAC is behind
gl_fdb_port()
{
	local j key="\"mac\":\"${2,,}\",\"vlan\":${3:-1},"
	local re="$key\"port\":\"([^\"]*)\""

	# an entry: {"switch":..,"mac":..,"vlan":..,"port":..,...} (fdb.c)
	j=$(gl_fdb "$1") || return
	[[ $j == *"$key"* ]] || return 0
	if [[ $j =~ $re ]]; then
		echo "${BASH_REMATCH[1]}"
		return 0
	fi
	jq -r --arg m "${2,,}" --argjson v "${3:-1}" \
		'.[] | select((.mac | ascii_downcase) == $m and .vlan == $v) | .port' <<<"$j"
}

# gl_fdb_has SWITCH MAC PORT: succeed when MAC (vlan 1) is behind PORT
gl_fdb_has()
{
	[ "$(gl_fdb_port "$1" "$2")" == "$3" ]
}

gl_fdb_absent()
{
	[[ $(gl_fdb "$1") != *"\"mac\":\"${2,,}\",\"vlan\":1,"* ]]
}

# gl_fdb_learned_count SWITCH: number of non-static, non-local entries
gl_fdb_dyn_count()
{
	gl_fdb "$1" | jq '[.[] | select((.flags // []) | index("static") == null and index("local") == null)] | length'
}

##############################################################################
# Traffic and captures

# gl_guests_add SWITCH X...: for each letter X, netns $NSX (gl_ns_add) with
# its guest eth0, MAC $MX, behind veth port $pX of SWITCH (x lower-case:
# $pa; NS and M upper-case: $NSA, $MA), as the mirror tests name them.
gl_guests_add()
{
	local sw=$1 x p ns mac; shift

	for x; do
		gl_ns_add "NS${x^^}" || return 1
		p=p$x mac=M${x^^} ns=NS${x^^}
		gl_guest_add "$sw" "${!p}" "${!ns}" "${!mac}" || return 1
	done
}

# gl_guest_send X DEST N [ARGS]: N frames from guest X's eth0 (netns $NSX,
# source MAC $MX, as gl_guests_add names them) to DEST
gl_guest_send()
{
	local x=${1^^} ns mac

	ns=NS$x mac=M$x
	gl_ns_send "${!ns}" eth0 -s "${!mac}" -d "$2" -n "$3" "${@:4}"
}

# gl_ynl_do OP ARGS...: a raw request through ynl's cli.py (what glctl
# never sends)
gl_ynl_do()
{
	python3 "$YNL_DIR/cli.py" --spec "$GUESTLAN_SPEC" --no-schema --do "$@"
}

# gl_mirror_get SWITCH ID JQ: a field of mirror session ID
gl_mirror_get()
{
	"$GLCTL" -j mirror show "$1" id "$2" | jq -c ".[0]$3"
}

# gl_ns_send NS DEV ARGS...: tap-helper raw DEV send ARGS... in NS
gl_ns_send()
{
	local ns=$1 dev=$2; shift 2

	ip netns exec "$ns" "$TAPH" raw "$dev" send -e "$GL_ETYPE" "$@" >/dev/null
}

# gl_cap_start TAG NS|"" raw|open DEV ARGS...: start a capture in the
# background (tap-helper ... capture -t 0 ARGS); wait until it is attached.
gl_cap_start()
{
	local tag=$1 ns=$2 how=$3 dev=$4; shift 4
	local pre=()

	[ -n "$ns" ] && pre=(ip netns exec "$ns")
	rm -f "$GL_TMP/$tag.ready"
	if [ "$how" = raw ]; then
		gl_rx_mark "$tag" "$ns" "$dev"
	fi
	"${pre[@]}" "$TAPH" "$how" "$dev" capture -t 0 -w "$GL_TMP/$tag.ready" "$@" \
		>"$GL_TMP/$tag.out" 2>"$GL_TMP/$tag.err" &
	eval "GL_CAP_$tag=$!"
	GL_PIDS+=($!)
	slowwait 10 test -e "$GL_TMP/$tag.ready"
}

# gl_rx_packets NS|"" DEV: the interface's rx_packets counter
gl_rx_packets()
{
	if [ -n "$1" ]; then
		ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"
	else
		cat "/sys/class/net/$2/statistics/rx_packets"
	fi
}

# gl_rx_mark TAG NS|"" DEV: remember DEV's rx_packets for gl_rx_delta TAG.
gl_rx_mark()
{
	eval "GL_RX_NS_$1=\$2 GL_RX_DEV_$1=\$3"
	eval "GL_RX_$1=$(gl_rx_packets "$2" "$3")"
}

# gl_rx_delta TAG: frames DEV received since gl_rx_mark (or gl_cap_start).
gl_rx_delta()
{
	local ns_var="GL_RX_NS_$1" dev_var="GL_RX_DEV_$1" base_var="GL_RX_$1"

	echo $(($(gl_rx_packets "${!ns_var}" "${!dev_var}") - ${!base_var}))
}

# gl_cap_rx TAG: stop a raw capture and print how many frames its
# interface received meanwhile.  Counts come from the interface counter,
# which never drops; a capture can drop under load, so it only says *what*
# arrived: a capture that saw fewer matching frames is reported, one that
# saw more than the interface received is impossible and fails the count.
# The guests have no IPv6 (gl_ns_add), so nothing but the test's frames
# reaches them.
gl_cap_rx()
{
	local tag=$1 n cap

	cap=$(gl_cap_stop "$tag")
	n=$(gl_rx_delta "$tag")
	if [ "${cap:-0}" -gt "$n" ]; then
		echo "# $tag: capture saw $cap frames, the interface only $n" >&2
		echo "capture:$cap>rx:$n"
		return
	fi
	[ "${cap:-0}" -eq "$n" ] ||
		echo "# $tag: interface received $n, capture matched $cap" >&2
	echo "$n"
}

# gl_cap_stop TAG: stop the capture and print its count.
gl_cap_stop()
{
	local tag=$1
	local pid_var="GL_CAP_$tag"
	local pid=${!pid_var}

	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	cat "$GL_TMP/$tag.out"
}

# gl_settle: let frames in flight arrive before a capture is stopped.
gl_settle()
{
	sleep "${GL_SETTLE:-0.5}"
}

# gl_bg TAG CMD...: run CMD in the background, killed at cleanup.
gl_bg()
{
	local tag=$1; shift

	"$@" >"$GL_TMP/$tag.out" 2>&1 &
	eval "GL_BG_$tag=$!"
	GL_PIDS+=($!)
}

gl_bg_stop()
{
	local pid_var="GL_BG_$1"
	local pid=${!pid_var}

	kill -TERM "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# gl_dmesg_mark / gl_dmesg_new: kernel messages since the mark
gl_dmesg_mark()
{
	GL_DMESG_LINES=$(dmesg 2>/dev/null | wc -l)
}

gl_dmesg_new()
{
	dmesg 2>/dev/null | tail -n +"$((GL_DMESG_LINES + 1))"
}

# gl_dmesg_clean: no BUG/WARNING/Oops since the mark
gl_dmesg_clean()
{
	local bad

	bad=$(gl_dmesg_new | grep -E "BUG|WARNING|Oops|general protection|RCU stall|refcount_t")
	if [ -n "$bad" ]; then
		ktap_print_msg "kernel log: $bad"
		return 1
	fi
	return 0
}
