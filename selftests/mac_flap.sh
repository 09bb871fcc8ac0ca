#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# MAC move dampening: a learned MAC that moved to another port moves again
# only after a 1 s hold-down.  Two guests sending from one MAC X (a loop,
# or a guest stealing another's address) would otherwise move it at frame
# rate, each move an RTM_NEWNEIGH ("bridge monitor fdb") and a hostnotify
# event, enough to overflow the hostnotify ring into abort events.  A
# refused move is counted in learn_dampened on the port that asked; its
# frame is still accepted and forwarded.  A first move (a migration) is
# immediate.  A and B yield their MACs (takeover_learning on: the opt-in
# for shared MACs, see mac_owner.sh), or X would not move at all.
#
#   NSA: eth0 ==veth== pa --+
#   NSB: eth0 ==veth== pb --+-- sw (guestlan)
#   NSC: eth0 ==veth== pc --+   C: hostnotify on, heard by "glctl monitor"
#
# flap:      A and B send from X to C at full rate (FLAP_GAP usec between
#            frames, default 0) for FLAP_SECS (default 4; B goes on alone
#            for 1.3 s more, so that X ends on B): bridge monitor sees X
#            move at least twice and at most once a second (window + 2);
#            learn_dampened of A + B grows by >= 100; C's listener gets
#            one learned event per move and no abort.
# hold_ends: more than 1 s after the last move, one frame from A moves X
#            to A; B's frame right after is refused (dampened); 1 s later
#            B's frame moves it back.
# migrate:   a fresh MAC learned on A moves to B with B's first frame.
#
# Everything is counted with counters and monitor lines, not captures.
# Run one case: TESTS="migrate" ./mac_flap.sh

source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

ALL_TESTS="
	flap
	hold_ends
	migrate
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([flap]=8 [hold_ends]=5 [migrate]=3)
: "${TESTS:=$ALL_TESTS}"
: "${FLAP_SECS:=4}"
: "${FLAP_GAP:=0}"	# usec between a sender's frames (0: full rate)

bp_require_all
gl_require_cmd bridge

sw=gm$GL_ID
# shellcheck disable=SC2034 # gl_guests_add finds pX and MX by name
{
pa=gma$GL_ID
pb=gmb$GL_ID
pc=gmc$GL_ID
MA=02:00:00:00:3a:01
MB=02:00:00:00:3b:01
MC=02:00:00:00:3c:01
}
X=02:00:00:00:3f:01	# the flapping MAC
MY=02:00:00:00:3f:02	# the migrating one
LAST_MOVE=		# usecs of the last move of X we caused (hold_over)
FMON=$GL_TMP/FMON.out

# pstat PORT KEY: a counter of PORT; "no KEY counter" when glctl has none
# for it (a module without learn_dampened), so checks fail, not the script
pstat()
{
	local v

	v=$(gl_port_stat "$sw" "$1" "$2" 2>/dev/null)
	if [[ $v =~ ^[0-9]+$ ]]; then
		echo "$v"
	else
		echo "no $2 counter"
	fi
}

# snap: the ports' counters, one glctl call (for ab)
snap()
{
	"$GLCTL" -j -s port show "$sw"
}

# ab SNAP KEY: KEY of A plus KEY of B in SNAP (or "no KEY counter")
ab()
{
	local x v n=0 p

	for x in "$pa" "$pb"; do
		p=${1#*\"ifname\":\""$x"\",}
		v=$(gl_json_stat "$p" "$2")
		[[ $v =~ ^[0-9]+$ ]] || { echo "no $2 counter"; return; }
		n=$((n + v))
	done
	echo "$n"
}

# minus NEW OLD: NEW - OLD when both are numbers
minus()
{
	if [[ $1 =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]]; then
		echo $(($1 - $2))
	else
		echo "no counter"
	fi
}

# send X MAC: one frame from guest X's eth0 with source MAC to C
send()
{
	local ns=NS${1^^}

	gl_ns_send "${!ns}" eth0 -s "$2" -d "$MC" -n 1
}

# pair NS1 NS2 MAC: one frame to C with source MAC out of eth0 of NS1, then
# one out of eth0 of NS2, microseconds apart (two tap-helper runs can be
# most of a second apart in a loaded TCG VM)
pair()
{
	"$BP_PY" -S -c '
import ctypes, os, socket, sys

etype, src, dst = int(sys.argv[1], 0), sys.argv[2], sys.argv[3]
libc = ctypes.CDLL(None, use_errno=True)
socks = []
for ns in sys.argv[4:]:
    fd = os.open("/run/netns/" + ns, os.O_RDONLY)
    if libc.setns(fd, 0x40000000) != 0:           # CLONE_NEWNET
        raise OSError(ctypes.get_errno(), "setns " + ns)
    os.close(fd)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind(("eth0", 0))
    socks.append(s)
mac = lambda m: bytes.fromhex(m.replace(":", ""))
frame = (mac(dst) + mac(src) + etype.to_bytes(2, "big")).ljust(60, b"\0")
for s in socks:
    s.send(frame)
' "$GL_ETYPE" "$3" "$MC" "$1" "$2"
}

# usecs: the wall clock in microseconds
usecs()
{
	local t=$EPOCHREALTIME

	echo $((10#${t/./}))
}

# hold_over T: sleep until 1.2 s (more than the hold-down) after T (usecs)
hold_over()
{
	local left=$(($1 + 1200000 - $(usecs)))

	[ $left -gt 0 ] && sleep "$(printf '%d.%06d' $((left / 1000000)) $((left % 1000000)))"
	return 0
}

# fmoves: bridge monitor's lines for X (a learn or a move each)
fmoves()
{
	grep -c "^$X dev " "$FMON"
}

# fmon_after N: the ports of bridge monitor's lines for X after the
# first N, space-separated (where X was learned or moved to)
fmon_after()
{
	grep "^$X dev " "$FMON" | tail -n +$(($1 + 1)) | cut -d' ' -f3 | paste -sd' '
}

# fmon_first N PORT: the first line for X after the first N: PORT
fmon_first()
{
	[ "$(fmon_after "$1" | cut -d' ' -f1)" = "$2" ]
}

# stays N PORT: X is on PORT, and moved only there since the first N lines
stays()
{
	gl_fdb_has "$sw" "$X" "$2" && [ "$(fmon_after "$1")" = "$2" ]
}

# fmon_ready: a fresh MAC from A shows up in bridge monitor's output
# (slowwait runs it in a subshell: a random MAC, not a counter)
fmon_ready()
{
	gl_ns_send "$NSA" eth0 -n 1 \
		-s "$(printf '02:00:00:3e:%02x:%02x' $((RANDOM % 256)) $((RANDOM % 256)))"
	grep -q " dev $pa " "$FMON"
}

# hn_learned: C's learned events for X; hn_aborts: C's abort events
# (the monitor's JSON lines, one event each)
hn_learned()
{
	grep -F "\"ifname\":\"$pc\"" "$BP_MON" | grep -F '"host_event":"learned"' |
		grep -cF "\"mac\":\"$X\""
}

hn_aborts()
{
	grep -F "\"ifname\":\"$pc\"" "$BP_MON" | grep -cF '"host_event":"abort"'
}

# agree M0 E0: as many moves of X in bridge monitor's lines since M0 as
# learned events for X on C since E0
agree()
{
	[ $(($(fmoves) - $1)) -eq $(($(hn_learned) - $2)) ]
}

# ge_cmd MIN CMD...: CMD prints a number >= MIN
ge_cmd()
{
	local n

	n=$("${@:2}")
	ge "$n" "$1"
}

# le N MAX: N <= MAX
le()
{
	[[ $1 =~ ^[0-9]+$ ]] && [ "$1" -le "$2" ]
}

# ge N MIN: N >= MIN
ge()
{
	[[ $1 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ]
}

# both_ge N M MIN: N >= MIN and M >= MIN
both_ge()
{
	ge "$1" "$3" && ge "$2" "$3"
}

# on_port MAC PORT: MAC (vlan 1) is behind PORT, said at once or within 2 s
on_port()
{
	slowwait 2 gl_fdb_has "$sw" "$1" "$2"
}

setup()
{
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c || return 1
	"$GLCTL" set "$sw" ageing 1000000 || return 1
	# A and B share X (a loop, VRRP): both yield it (MAC ownership)
	bp_set "$sw" "$pa" takeover_learning on || return 1
	bp_set "$sw" "$pb" takeover_learning on || return 1
	gl_guest_send c "$MA" 1
	slowwait 10 gl_fdb_has "$sw" "$MC" "$pc" || return 1
	# the listeners: bridge monitor fdb, and glctl monitor for C's
	# hostnotify events
	gl_bg FMON bridge monitor fdb
	slowwait 10 fmon_ready || return 1
	bp_mon_start "$sw" || return 1
	bp_set "$sw" "$pc" hostnotify on || return 1
	slowwait 10 bash -c "grep -q '\"host_event\":\"reset\"' '$BP_MON'"
}

# A and B flap X, measured by bridge monitor, glctl monitor and counters
flap()
{
	local m0 e0 s0 s1 t0 t1 win max moves events sa sb d

	# X learned on A, seen by both listeners: the baselines
	send a "$X"
	slowwait 10 ge_cmd 1 fmoves
	slowwait 10 ge_cmd 1 hn_learned
	m0=$(fmoves)
	e0=$(hn_learned)
	s0=$(snap)
	gl_bg FA ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$X" -d "$MC" -L -t "$FLAP_SECS" -g "$FLAP_GAP" -w "$GL_TMP/FA.ready"
	gl_bg FB ip netns exec "$NSB" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$X" -d "$MC" -L -t 0 -g "$FLAP_GAP" -w "$GL_TMP/FB.ready"
	# the window: from both sending (X moves at most once before) ...
	slowwait 10 test -e "$GL_TMP/FA.ready" -a -e "$GL_TMP/FB.ready"
	t0=$(usecs)
	wait "$GL_BG_FA"
	# B alone for longer than the hold-down: X ends on B
	sleep 1.3
	gl_bg_stop FB
	# ... to B's last frame
	LAST_MOVE=$(usecs)
	t1=$LAST_MOVE
	gl_settle
	# both listeners have every move (unless one lost some: then fail below)
	slowwait 3 agree "$m0" "$e0"
	s1=$(snap)
	# at most one move a second in the window (W s, rounded up), one just
	# before it (B's first frame), one for the jiffies' rounding
	win=$(((t1 - t0 + 999999) / 1000000))
	max=$((win + 2))
	moves=$(minus "$(fmoves)" "$m0")
	events=$(minus "$(hn_learned)" "$e0")
	sa=$(tail -n1 "$GL_TMP/FA.out")
	sb=$(tail -n1 "$GL_TMP/FB.out")
	d=$(minus "$(ab "$s1" learn_dampened)" "$(ab "$s0" learn_dampened)")
	ktap_print_msg "window $(((t1 - t0) / 1000)) ms: A sent $sa, B sent $sb;" \
		"X moved $moves times (bridge monitor), $events learned events" \
		"(hostnotify), learn_dampened of A + B +$d"
	gl_check "A and B both sent >= 100 frames from X ($sa, $sb)" \
		both_ge "$sa" "$sb" 100
	gl_check "bridge monitor: X moved at least twice (it flapped, and moved again after the hold-down): $moves" \
		ge "$moves" 2
	gl_check "bridge monitor: X moved at most once a second ($moves in ${win}s, <= $max)" \
		le "$moves" "$max"
	gl_check "learn_dampened of A + B grew by >= 100 (+$d)" ge "$d" 100
	gl_check_eq "the refused frames are accepted all the same: rx_accepted of A + B grew as their rx_packets" \
		"$(minus "$(ab "$s1" rx_packets)" "$(ab "$s0" rx_packets)")" \
		"$(minus "$(ab "$s1" rx_accepted)" "$(ab "$s0" rx_accepted)")"
	gl_check_eq "hostnotify on C: one learned event for X per move" "$moves" "$events"
	gl_check_eq "hostnotify on C: no abort event" 0 "$(hn_aborts)"
	gl_check_eq "glctl monitor lost no events (no queue overrun)" 0 \
		"$(grep -c "overrun" "$BP_MON")"
}

# the hold-down ends: 1 s after the last move one frame moves X
hold_ends()
{
	local d0 m0

	# X on B (where the flap leaves it; learned there when run alone)
	if ! gl_fdb_has "$sw" "$X" "$pb"; then
		send b "$X"
		LAST_MOVE=$(usecs)
	fi
	hold_over "${LAST_MOVE:-0}"
	gl_check "before: X on B" gl_fdb_has "$sw" "$X" "$pb"
	d0=$(pstat "$pb" learn_dampened)
	m0=$(fmoves)
	# A's frame, then B's at once: well within A's hold-down
	pair "$NSA" "$NSB" "$X"
	LAST_MOVE=$(usecs)
	gl_check "more than 1 s after the last move, A's one frame moves X to A" \
		slowwait 2 fmon_first "$m0" "$pa"
	gl_check "... B's frame right after does not move it back (hold-down)" \
		stays "$m0" "$pa"
	gl_check_eq "... B's learn_dampened +1" 1 \
		"$(minus "$(pstat "$pb" learn_dampened)" "$d0")"
	hold_over "$LAST_MOVE"
	send b "$X"
	gl_check "1 s later B's one frame moves X to B" on_port "$X" "$pb"
}

# a first move is not dampened: a guest migrates from A to B
migrate()
{
	local d0

	send a "$MY"
	gl_check "a fresh MAC from A: learned on A" on_port "$MY" "$pa"
	d0=$(pstat "$pb" learn_dampened)
	send b "$MY"
	gl_check "its first frame from B moves it to B at once" on_port "$MY" "$pb"
	gl_check_eq "... B's learn_dampened +0" 0 \
		"$(minus "$(pstat "$pb" learn_dampened)" "$d0")"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology and listeners"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
