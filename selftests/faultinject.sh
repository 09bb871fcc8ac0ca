#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fault injection (kernel with CONFIG_FAILSLAB, CONFIG_FAIL_PAGE_ALLOC and
# CONFIG_FAULT_INJECTION_DEBUG_FS, e.g. the debug kernel of check-debug).
# With /proc/thread-self/fail-nth the helper fail-nth makes the N-th slab or
# page allocation fail in switch create (RTM_NEWLINK), port add (IFLA_MASTER),
# grant (genl), and a frame written to a tap port (its rx_handler runs in the
# writer's thread: FDB learning, the flood's clones), for N = 1, 2, ... until
# the operation runs out of allocations.  Every failure must be a clean error
# (state as before) or a counted drop (learn_refused, drop_nomem), the switch
# must work normally afterwards, and the kernel log stays clean.  Leaks show
# in kmemleak: check-debug scans after rmmod, this test only with
# FI_KMEMLEAK=1.
#
# Environment: FI_VERBOSE=1|2 (failslab/fail_page_alloc "verbose": a line, or
# a line and a stack, per injected fault), FI_TRACE=1 (fail-nth -v: one line
# per N), FI_RACE=0 (no traffic into the port being added), FI_GAP=USEC (gap
# between the frames of that traffic, default 200), FI_KMEMLEAK=1.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

DBG=/sys/kernel/debug
FS=$DBG/failslab
FP=$DBG/fail_page_alloc
FNTH=$GL_DIR/fail-nth

gl_require_root
if [ ! -d "$FS" ] && [ -d "$DBG" ] && ! grep -q " $DBG debugfs " /proc/mounts; then
	mount -t debugfs debugfs "$DBG" 2>/dev/null
fi
[ -d "$FS" ] ||
	gl_skip_all "no $FS: kernel without CONFIG_FAILSLAB/CONFIG_FAULT_INJECTION_DEBUG_FS"
[ -d "$FP" ] ||
	gl_skip_all "no $FP: kernel without CONFIG_FAIL_PAGE_ALLOC"
[ -e /proc/thread-self/fail-nth ] ||
	gl_skip_all "no /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION)"
gl_require_all
if [ ! -x "$FNTH" ]; then
	make -s -C "$GL_DIR" fail-nth >/dev/null 2>&1
	[ -x "$FNTH" ] || gl_skip_all "fail-nth helper not built (make -C selftests)"
fi

sw=gs$GL_ID
ta=gta$GL_ID
tb=gtb$GL_ID
tc=gtc$GL_ID
tt=gtt$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01

ktap_print_header
ktap_set_plan 14
gl_dmesg_mark
ktap_print_msg "started after ${SECONDS}s"

# fi_set KNOB VALUE: set a fault-injection knob, restored at exit
fi_set()
{
	local old

	old=$(cat "$1") || return 1
	gl_defer "echo '$old' > '$1'"
	echo "$2" >"$1"
}

# Only fail-nth injects: probability 0.  Sleeping allocations (GFP_KERNEL)
# count too, and page allocations of any order; user pages (highmem
# movable) of the helper do not.
for d in "$FS" "$FP"; do
	fi_set "$d/probability" 0
	fi_set "$d/times" 1
	fi_set "$d/interval" 1
	fi_set "$d/space" 0
	fi_set "$d/task-filter" N
	fi_set "$d/ignore-gfp-wait" N
	fi_set "$d/verbose" "${FI_VERBOSE:-0}"
	[ -e "$d/verbose_ratelimit_interval_ms" ] &&
		fi_set "$d/verbose_ratelimit_interval_ms" 0
done
fi_set "$FS/cache-filter" N
fi_set "$FP/min-order" 0
fi_set "$FP/ignore-gfp-highmem" Y

# kmemleak (FI_KMEMLEAK=1; a scan takes ~15 s under TCG, check-debug scans
# after rmmod anyway): what it reported before the test does not count
KML=$DBG/kmemleak
kml_ok=0
if [ "${FI_KMEMLEAK:-0}" = 1 ] && [ -w "$KML" ] &&
   grep -o '^unreferenced object 0x[0-9a-f]*' "$KML" 2>/dev/null | sort >"$GL_TMP/kml.before"; then
	kml_ok=1
fi

# fnth DESC ARGS...: one subtest, the helper's output as comments
fnth()
{
	local desc=$1; shift
	local out rc t0=$SECONDS

	out=$("$FNTH" ${FI_TRACE:+-v} "$@" 2>&1)
	rc=$?
	while IFS= read -r line; do
		ktap_print_msg "${line#\# }"
	done <<<"$out"
	ktap_print_msg "($((SECONDS - t0))s)"
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$desc"
	else
		ktap_test_fail "$desc"
	fi
}

# Taps only (no netns: quicker to set up); the helper and tap-helper attach
# to them.  C stays out of the switch.
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_tap_add "$ta" "$sw" && gl_tap_add "$tb" "$sw" && gl_tap_add "$tt" "$sw" &&
	gl_tap_add "$tc" || ktap_exit_fail_msg "cannot add ports"
ktap_print_msg "topology after ${SECONDS}s"

# 1. switch create
fnth "switch create: each allocation failure is a clean error, no half-made switch" \
	newlink "gn$GL_ID"

# 2. port add, while C's guest sends from random MACs: a frame that gets in
# between the rx_handler and a failure must not leave an FDB entry behind
# (FI_RACE=0: no traffic)
[ "${FI_RACE:-1}" = 0 ] ||
	gl_bg TRAFFIC "$TAPH" open "$tc" send -r -L -t 0 -g "${FI_GAP:-200}"
fnth "port add: each allocation failure is a clean error (master, promiscuity, port list)" \
	master "$tc" "$sw"
[ "${FI_RACE:-1}" = 0 ] || gl_bg_stop TRAFFIC
gl_check_eq "port add: C not a port, no FDB entry on it" "" \
	"$("$GLCTL" -j fdb show "$sw" | jq -r --arg p "$tc" '.[] | select(.port == $p) | .mac')"
gl_check_eq "port add: fdb_learned matches the dynamic entries" \
	"$(gl_fdb_dyn_count "$sw")" "$(gl_sw_get "$sw" .fdb_learned)"
gl_check_eq "port add: ports are A, B and T" \
	"$(printf '%s\n' "$ta" "$tb" "$tt" | sort)" "$(gl_port_list "$sw")"

# 3. grants
fnth "grant: each allocation failure is a clean error, no grant left" \
	grant "$sw" "$ta" uid 4242 vlan 1
"$GLCTL" grant "$sw" port "$ta" promisc uid 4242 || ktap_exit_fail_msg "grant failed"
fnth "grant replaced: a failed grant keeps the old one" \
	grant "$sw" "$ta" gid 4545 vlan 1 / uid 4242
gl_check_eq "grant: the old grant is in place" '{"vlans":"all","uid":4242}' \
	"$("$GLCTL" -j port show "$sw" | jq -c --arg p "$ta" '.[] | select(.ifname == $p) | .grant')"
"$GLCTL" revoke "$sw" port "$ta" promisc

# 4. a frame's way, in the writer's thread: learning and the flood's clones
# (to A, B and the host)
fnth "frame in: a failed write, or learned/learn_refused and tx/drop_nomem on each port" \
	tapwrite "$tt" "$sw" "$ta" "$tb"

# 5. all back to normal
gl_cap_start B "" open "$tb" -e "$GL_ETYPE"
"$TAPH" open "$ta" send -s "$MA" -n 2 >/dev/null
gl_check "afterwards: a new source is learned" slowwait 10 gl_fdb_has "$sw" "$MA" "$ta"
"$TAPH" open "$ta" send -s "$MA" -d "$MB" -n 3 >/dev/null
gl_settle
gl_check_eq "afterwards: flooded frames arrive" 5 "$(gl_cap_stop B)"

ip link del "$sw"
gl_check_eq "switch deleted, no guestlan device left from this test" "" \
	"$(ip -o link show type guestlan | grep -E "(gs|gn)$GL_ID" )"

if [ $kml_ok = 1 ]; then
	t0=$SECONDS
	sleep 5		# kmemleak reports objects older than 5 s
	echo scan >"$KML"
	echo scan >"$KML"
	ktap_print_msg "kmemleak scans: $((SECONDS - t0))s"
	grep -o '^unreferenced object 0x[0-9a-f]*' "$KML" | sort >"$GL_TMP/kml.after"
	new=$(comm -13 "$GL_TMP/kml.before" "$GL_TMP/kml.after" | wc -l)
	if [ "$new" -ne 0 ]; then
		awk -v RS='unreferenced object' 'NR > 1 { print "unreferenced object" $0 }' "$KML" |
			head -n 60 | while IFS= read -r line; do ktap_print_msg "$line"; done
	fi
	gl_check_eq "kmemleak: no new suspected leaks" 0 "$new"
else
	ktap_test_skip "kmemleak: not scanned here (FI_KMEMLEAK=1; check-debug scans after rmmod)"
fi

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
