#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The QEMU recipe of the README: QEMU creates a tap and runs
# tools/qemu-ifup-guestlan, which makes it a port of the switch; frames
# from the switch reach the tap; when QEMU exits the tap and the port go.
#
#   netns A: eth0 (MA) ==veth== gqa ----+
#                                       |
#                                  sw (guestlan)
#                                       |
#      gltap (tap, ifname= of -netdev) --+    <- script=qemu-ifup-guestlan
#        |
#      qemu-system-x86_64 -machine q35 -S (guest never runs)
#        -netdev tap,id=n0,ifname=gltap,script=...,downscript=no
#        -device virtio-net-pci,netdev=n0
#
# The guest CPU is stopped (-S), so QEMU does not read the tap: frames the
# switch sends out of the port wait in the tap's queue.  They are counted
# by the switch (port tx_packets) and by the tap's root qdisc (handed to
# the tun driver); the tap's own tx_packets only counts a frame once QEMU
# reads it, tx_dropped when the queue is full.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="qemu_attach port_shown frames_reach_tap qemu_exit script_by_name"
[[ "${TESTS:-}" == *.sh* ]] && TESTS=
# shellcheck disable=SC2206 # word lists
cases=(${TESTS:-$ALL_TESTS})

gl_require_all
gl_require_cmd qemu-system-x86_64 tc
SCRIPT=$GL_TOP/tools/qemu-ifup-guestlan
[ -x "$SCRIPT" ] || gl_skip_all "$SCRIPT missing"

sw=gq$GL_ID
pa=gqa$GL_ID
tap=gltap$GL_ID
MA=02:00:00:00:0a:01
N=20
qpid=

# qemu_run TAP SCRIPT [ENV...]: QEMU in the background holding TAP.
qemu_run()
{
	local t=$1 s=$2; shift 2

	env "$@" qemu-system-x86_64 -machine q35 -accel tcg -m 64 -S \
		-nodefaults -no-user-config -display none -monitor none -serial none \
		-netdev "tap,id=n0,ifname=$t,script=$s,downscript=no" \
		-device virtio-net-pci,netdev=n0,mac=52:54:00:12:34:56 \
		>"$GL_TMP/qemu-$t.log" 2>&1 &
	qpid=$!
	GL_PIDS+=("$qpid")
}

is_port()
{
	[ "$(ip -j link show "$1" 2>/dev/null | jq -r '.[0].master')" == "$sw" ] &&
		"$GLCTL" -j port show "$sw" | jq -e --arg p "$1" 'any(.[]; .ifname == $p)' >/dev/null
}

is_up()
{
	ip -j link show "$1" | jq -e '.[0].flags | index("UP")' >/dev/null
}

gone()
{
	[ ! -e "/sys/class/net/$1" ] &&
		! "$GLCTL" -j port show "$sw" | jq -e --arg p "$1" 'any(.[]; .ifname == $p)' >/dev/null
}

qemu_stop()
{
	kill -TERM "$qpid" 2>/dev/null
	wait "$qpid" 2>/dev/null
	qpid=
}

tap_stat()
{
	ip -s -j link show "$tap" | jq -r ".[0].stats64.tx.$1"
}

# --- cases ----------------------------------------------------------------

qemu_attach()
{
	qemu_run "$tap" "$SCRIPT" GUESTLAN_SWITCH="$sw"
	if ! slowwait 60 is_port "$tap"; then
		ktap_print_msg "$tap did not become a port of $sw: $(cat "$GL_TMP/qemu-$tap.log")"
		return 1
	fi
	kill -0 "$qpid" || { ktap_print_msg "QEMU exited: $(cat "$GL_TMP/qemu-$tap.log")"; return 1; }
	# the host's IPv6 on the tap (RS, MLD) would add to its qdisc counts
	gl_quiet "$tap"
	ktap_print_msg "QEMU $qpid holds $tap, a port of $sw after ${SECONDS}s"
}

port_shown()
{
	is_up "$tap" || { ktap_print_msg "$tap not up"; return 1; }
	ktap_print_msg "glctl port show: $("$GLCTL" port show "$sw" | grep "$tap")"
	ktap_print_msg "ip -d link: $(ip -d link show "$tap" | grep -oE 'master [^ ]+|tun type [a-z]+|guestlan_slave[^\n]*' | tr '\n' ' ')"
	is_port "$tap"
}

# Frames the tap's driver was handed: its root qdisc's sent count; nothing
# printed on a kernel without the qdisc layer (no CONFIG_NET_SCHED, as the
# debug kernel: "Operation not supported"), where frames go straight to the
# driver.
tap_qdisc_sent()
{
	local out

	out=$(tc -s -j qdisc show dev "$tap" 2>/dev/null) || return 0
	jq '[.[] | select(.root == true) | .packets] | add // 0' <<<"$out"
}

frames_reach_tap()
{
	local sw_tx0 q0 tap_drop0 tap_tx0 sw_tx q tap_tx tap_drop

	sw_tx0=$(gl_port_stat "$sw" "$tap" tx_packets)
	q0=$(tap_qdisc_sent)
	tap_drop0=$(tap_stat dropped)
	tap_tx0=$(tap_stat packets)
	gl_ns_send "$NSA" eth0 -s "$MA" -d ff:ff:ff:ff:ff:ff -n $N || return 1
	gl_settle
	sw_tx=$(( $(gl_port_stat "$sw" "$tap" tx_packets) - sw_tx0 ))
	q=
	[ -n "$q0" ] && q=$(( $(tap_qdisc_sent) - q0 ))
	tap_tx=$(( $(tap_stat packets) - tap_tx0 ))
	tap_drop=$(( $(tap_stat dropped) - tap_drop0 ))
	ktap_print_msg "sent $N broadcasts from A: switch port $tap tx_packets +$sw_tx," \
		"tap qdisc sent +${q:-?}, tap tx_dropped +$tap_drop, tap tx_packets +$tap_tx" \
		"(counted when QEMU reads the frame: its guest is stopped)"
	[ "$sw_tx" -eq $N ] || { ktap_print_msg "switch sent $sw_tx, not $N"; return 1; }
	# (more if the host's own IPv6 on the tap sent something first)
	if [ -z "$q" ]; then
		ktap_print_msg "no qdisc layer in this kernel (tc qdisc show fails):" \
			"the tap's qdisc count is not checked, its tx_dropped is"
	elif [ "$q" -lt $N ]; then
		ktap_print_msg "the tap's qdisc sent $q, not $N"
		return 1
	fi
	[ "$tap_drop" -eq 0 ] || { ktap_print_msg "the tap dropped $tap_drop"; return 1; }
}

qemu_exit()
{
	qemu_stop
	if ! slowwait 20 gone "$tap"; then
		ktap_print_msg "$tap still there or still a port after QEMU exited"
		return 1
	fi
	is_port "$pa" || { ktap_print_msg "the other port $pa went too"; return 1; }
	[ "$("$GLCTL" -j port show "$sw" | jq length)" -eq 1 ]
}

# libvirt runs the script without QEMU's environment: the switch comes from
# the script's name (a symlink qemu-ifup-guestlan@SWITCH).
script_by_name()
{
	local link=$GL_TMP/qemu-ifup-guestlan@$sw t=glt2$GL_ID

	ln -s "$SCRIPT" "$link" || return 1
	qemu_run "$t" "$link" -u GUESTLAN_SWITCH
	slowwait 60 is_port "$t" || {
		ktap_print_msg "$t did not become a port of $sw: $(cat "$GL_TMP/qemu-$t.log")"
		qemu_stop
		return 1
	}
	qemu_stop
	slowwait 20 gone "$t"
}

ktap_print_header
ktap_set_plan $((${#cases[@]} + 1))
gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" || ktap_exit_fail_msg "cannot add guest"

for c in "${cases[@]}"; do
	if "$c"; then
		ktap_test_pass "$c"
	else
		ktap_test_fail "$c"
	fi
done
[ -z "$qpid" ] || qemu_stop
gl_check "no BUG/WARNING/Oops in dmesg" gl_dmesg_clean
gl_finished
