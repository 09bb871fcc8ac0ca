#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# sFlow-style sampling through psample: a port set to sample_rate N sends
# one frame in N (at random) of what it receives and/or sends to a psample
# group, as hsflowd's psample module reads it: the frame's first
# sample_trunc bytes, its length, the rate, the input and output ifindex
# and the group's sequence number.  psample_rx.py listens on the psample
# family's "packets" group; the port's "sampled" counter counts.
#
#   NSA: eth0 (MA) ==veth== pa --+
#   NSB: eth0 (MB) ==veth== pb --+-- sw (guestlan)
#   NSC: eth0 (MC) ==veth== pc --+   (pc: a mirror destination in refused)
#
#   psample_rx.py (init netns) <-- genl "psample" group "packets"
#
# Run one case: TESTS="rx_all trunc" ./sflow.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	rx_all
	tx_all
	trunc
	rate
	refused
	off
	port_gone
"
declare -A NCHECKS=([rx_all]=6 [tx_all]=3 [trunc]=2 [rate]=4 [refused]=5
		    [off]=2 [port_gone]=2)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq python3 setpriv
gl_modprobe psample
[ -d /sys/module/psample ] || grep -qw psample_sample_packet /proc/kallsyms ||
	gl_skip_all "no psample in this kernel (CONFIG_PSAMPLE)"

sw=gs$GL_ID
pa=gsa$GL_ID
pb=gsb$GL_ID
pc=gsc$GL_ID
MA=02:00:00:00:2a:01
MB=02:00:00:00:2b:01
MC=02:00:00:00:2c:01
N=20
RX=$(dirname "$(readlink -f "$0")")/psample_rx.py

pset()
{
	"$GLCTL" port set "$sw" "$@"
}

# listen: start psample_rx.py; wait until it is subscribed
listen()
{
	rm -f "$GL_TMP/ps.ready" "$GL_TMP/ps.done"
	python3 "$RX" --ready "$GL_TMP/ps.ready" --done "$GL_TMP/ps.done" \
		--idle 1 >"$GL_TMP/ps.out" \
		2>"$GL_TMP/ps.err" &
	GL_PS=$!
	GL_PIDS+=($!)
	slowwait 20 test -e "$GL_TMP/ps.ready"
}

# heard: the sending is done; wait for the listener to go idle (1 s).
# Not in a subshell: the listener is this shell's child.
heard()
{
	touch "$GL_TMP/ps.done"
	wait "$GL_PS" 2>/dev/null
	[ -s "$GL_TMP/ps.err" ] && sed 's/^/# listener: /' "$GL_TMP/ps.err" >&2
	return 0
}

# nheard: the samples heard
nheard()
{
	wc -l <"$GL_TMP/ps.out"
}

# field NAME: the distinct values of field NAME in the samples heard
field()
{
	sed -n "s/.* $1=\([^ ]*\).*/\1/p; s/^$1=\([^ ]*\).*/\1/p" \
		"$GL_TMP/ps.out" | sort -u | tr '\n' ' '
}

# seq_ok: the sequence numbers heard are consecutive
seq_ok()
{
	sed -n 's/.* seq=\([0-9]*\).*/\1/p' "$GL_TMP/ps.out" |
		awk 'NR > 1 && $1 != prev + 1 { bad = 1 } { prev = $1 }
		     END { exit bad || !NR }'
}

sampled()
{
	gl_port_stat "$sw" "$1" sampled
}

setup()
{
	local x

	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c || return 1
	"$GLCTL" set "$sw" ageing 1000000
	for x in a b c; do
		gl_guest_send "$x" ff:ff:ff:ff:ff:ff 1
	done
	gl_settle
}

rx_all()
{
	local s0 ia

	ia=$(gl_ifindex "$pa")
	pset port "$pa" sample_rate 1 sample_group 7 sample_direction rx
	s0=$(sampled "$pa")
	listen
	gl_guest_send a "$MB" $N
	gl_guest_send b "$MA" $N		# A's tx: not sampled
	heard
	gl_check_eq "rate 1, rx: $N samples of $N frames A sent" $N \
		"$(nheard)"
	gl_check_eq "... group 7, rate 1, iif A, no oif, from A to B" \
		"7 |1 |$ia |0 |$MA |$MB " \
		"$(field group)|$(field rate)|$(field iif)|$(field oif)|$(field src)|$(field dst)"
	gl_check "... consecutive sequence numbers" seq_ok
	gl_check_eq "... A's sampled counter +$N" $((s0 + N)) "$(sampled "$pa")"
	gl_check_eq "port show: the setting" "1 7 \"rx\" 128" \
		"$("$GLCTL" -j port show "$sw" | jq -r --arg p "$pa" \
		  '.[] | select(.ifname == $p) | "\(.sample_rate) \(.sample_group) \(.sample_direction | tojson) \(.sample_trunc)"')"
	gl_check_eq "port show, not admin: no setting, sampled 0" "null 0" \
		"$(setpriv --reuid=4343 --regid=4343 --clear-groups --inh-caps=-all \
		   "$GLCTL" -j -s port show "$sw" | jq -r --arg p "$pa" \
		  '.[] | select(.ifname == $p) | "\(.sample_rate) \(.stats.sampled)"')"
	pset port "$pa" sample_rate 0
}

tx_all()
{
	local ia ib

	ia=$(gl_ifindex "$pa") ib=$(gl_ifindex "$pb")
	pset port "$pa" sample_rate 1 sample_group 8 sample_direction tx
	listen
	gl_guest_send b "$MA" $N		# A's tx
	gl_guest_send a "$MB" $N		# A's rx: not sampled
	gl_guest_send c "$MB" $N		# not A's
	heard
	gl_check_eq "tx: $N samples, of what reached A" $N "$(nheard)"
	gl_check_eq "... iif B, oif A" "$ib |$ia " "$(field iif)|$(field oif)"
	gl_check_eq "... from B" "$MB " "$(field src)"
	pset port "$pa" sample_rate 0
}

trunc()
{
	pset port "$pa" sample_rate 1 sample_group 9 sample_trunc 32
	listen
	gl_guest_send a "$MB" $N -l 200
	heard
	gl_check_eq "sample_trunc 32: 32 bytes of each frame" "32 " "$(field datalen)"
	gl_check_eq "... and its whole length" "200 " "$(field origsize)"
	pset port "$pa" sample_rate 0
}

# 1 in 10 at random over 10000 frames: binomial, sd 30; bounds +-5 sd
rate()
{
	local s0 n heard_n

	pset port "$pa" sample_rate 10 sample_group 10 sample_direction rx
	s0=$(sampled "$pa")
	listen
	gl_guest_send a "$MB" 10000
	heard
	heard_n=$(nheard)
	n=$(( $(sampled "$pa") - s0 ))
	gl_check "rate 10: $n of 10000 frames sampled (850..1150)" \
		test "$n" -ge 850 -a "$n" -le 1150
	gl_check_eq "... every sample heard" "$n" "$heard_n"
	gl_check_eq "... each says rate 10" "10 " "$(field rate)"
	gl_check "... consecutive sequence numbers" seq_ok
	pset port "$pa" sample_rate 0
}

refused()
{
	gl_check_fail "a rate without a group" "psample group" \
		pset port "$pb" sample_rate 5
	gl_check_fail "a group while sampling is off" "sampling is off" \
		pset port "$pb" sample_group 5
	gl_check_fail "sample_trunc 70000" "trunc|range|invalid" \
		pset port "$pb" sample_rate 5 sample_group 5 sample_trunc 70000
	gl_check_fail "the switch device itself" "port" \
		pset port "$sw" sample_rate 5 sample_group 5
	"$GLCTL" mirror add "$sw" id 1 source "$pb" dest "$pc"
	gl_check_fail "a mirror destination" "destination" \
		pset port "$pc" sample_rate 5 sample_group 5
	"$GLCTL" mirror del "$sw" id 1
}

off()
{
	pset port "$pa" sample_rate 1 sample_group 11
	pset port "$pa" sample_rate 0
	gl_check_eq "sample_rate 0: port show has no sampling" "null" \
		"$("$GLCTL" -j port show "$sw" | jq -c --arg p "$pa" \
		  '.[] | select(.ifname == $p) | .sample_rate')"
	listen
	gl_guest_send a "$MB" $N
	heard
	gl_check_eq "... and nothing is sampled" 0 "$(nheard)"
}

# a sampled port deleted under its traffic
port_gone()
{
	local tmp=gstmp$GL_ID

	gl_ns_add NSG && gl_guest_add "$sw" "$tmp" "$NSG" 02:00:00:00:2d:01
	pset port "$tmp" sample_rate 2 sample_group 12
	listen
	gl_bg flow ip netns exec "$NSG" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s 02:00:00:00:2d:01 -d "$MB" -n 1000000
	sleep 1
	ip link del "$tmp"
	gl_bg_stop flow
	heard
	gl_check "the port was sampled until it went" test "$(nheard)" -gt 0
	gl_check_eq "... and is gone" "" "$(gl_port_list "$sw" | grep -x "$tmp")"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
