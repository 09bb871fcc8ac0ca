#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a switch in a user namespace may cost the host.  Any local user can
# `unshare -Urn`, create a guestlan switch there and administer it, and
# the switch learns source MACs in softirq, where no task is current.
# Here uid 65534 does just that -- its own user namespace and netns, a
# veth pair in it, one end a port of its switch, tap-helper sending from
# random source MACs on the other end -- and:
#
#   caps_refused  it cannot lift its switch's learning limits: max-learned
#                 is 1..65536, ageing and a port's learning_timeout at most
#                 1000 s (EPERM, the extack names the attribute); a switch
#                 of the initial namespace may still learn without limit
#   charged       learned entries are charged to the memory cgroup of the
#                 switch's creator, wherever the frames come from
#   tight_cgroup  a creator's cgroup at its memory.max learns no more
#                 (learn_refused), stays within it, and nothing is logged
#   shared_total  the switches of one user namespace share 4 x 65536
#                 learned entries
#
# The user's processes: a holder (unshare -Urn sleep) keeps its user
# namespace and netns alive; every command of the user enters them with
# nsenter, as the same unprivileged user (--preserve-credentials: root of
# its own namespace only).  The holder and the commands that create and set
# up the switch run in the case's memory cgroup (cgroup2 +memory); the
# floods run outside it, so the cgroup grows by the learned entries only.
# Counters are read by root from outside (nsenter -n glctl).
#
# Run one case: TESTS="charged tight_cgroup" ./userns_limits.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	caps_refused
	charged
	tight_cgroup
	shared_total
"
# shellcheck disable=SC2034 # gl_plan_cases reads it
declare -A NCHECKS=([caps_refused]=10 [charged]=4 [tight_cgroup]=5
		    [shared_total]=5)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd setpriv unshare nsenter

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
LIMIT=65536			# a user namespace's switch learns at most this
NS_TOTAL=$((4 * LIMIT))		# all the switches of one user namespace
FLOOD=70000			# frames from random sources: more than LIMIT
CGP=				# our cgroup2 directory (cg_setup)

##############################################################################
# Helpers

# ge A B / le A B / grew A B N: numeric comparisons that fail (not error
# out) on a missing value
ge()
{
	[[ $1 =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]] && [ "$1" -ge "$2" ]
}

le()
{
	[[ $1 =~ ^[0-9]+$ ]] && [[ $2 =~ ^[0-9]+$ ]] && [ "$1" -le "$2" ]
}

# B is at least A + N
grew()
{
	[[ $1 =~ ^[0-9]+$ ]] && ge "$2" $(($1 + $3))
}

# cg_setup: a cgroup2 directory of ours with the memory controller for its
# children, in $CGP (mounting cgroup2 if nobody did); fails without memcg
cg_setup()
{
	local root=/sys/fs/cgroup

	[ -n "$CGP" ] && return 0
	if [ ! -e "$root/cgroup.controllers" ]; then
		root=$GL_TMP/cgroup2
		mkdir -p "$root" || return 1
		mount -t cgroup2 cgroup2 "$root" || return 1
		gl_defer "umount $root"
	fi
	grep -qw memory "$root/cgroup.controllers" || return 1
	grep -qw memory "$root/cgroup.subtree_control" ||
		echo +memory >"$root/cgroup.subtree_control" || return 1
	mkdir "$root/guestlan-userns-$GL_ID" || return 1
	gl_defer "rmdir $root/guestlan-userns-$GL_ID"
	echo +memory >"$root/guestlan-userns-$GL_ID/cgroup.subtree_control" || return 1
	CGP=$root/guestlan-userns-$GL_ID
}

# cg_new VAR NAME [MAX]: child cgroup NAME of $CGP (memory.max MAX), its
# path in $VAR
cg_new()
{
	local d=$CGP/$2

	mkdir "$d" || return 1
	gl_defer "rmdir $d"
	if [ -n "$3" ]; then
		echo "$3" >"$d/memory.max" || return 1
	fi
	printf -v "$1" %s "$d"
}

# userns_start VAR CG: start the user's holder in cgroup CG (none if
# empty): uid 65534 in a user namespace and netns of its own; its pid in
# $VAR
userns_start()
{
	local holder

	# one process all along: bash, setpriv, unshare exec each other
	# shellcheck disable=SC2016
	bash -c '[ -z "$0" ] || echo $$ >"$0/cgroup.procs" || exit 1; exec "$@"' \
		"$2" "${NOBODY[@]}" unshare -Urn sleep 1000 >/dev/null &
	holder=$!
	GL_PIDS+=("$holder")
	slowwait 10 holder_ready "$holder" || return 1
	printf -v "$1" %s "$holder"
}

holder_ready()
{
	[ "$(cat "/proc/$1/comm" 2>/dev/null)" = sleep ]
}

# userns_stop PID SW...: the user deletes its switches, the holder ends
userns_stop()
{
	local pid=$1 sw; shift

	for sw; do
		u "$pid" "" ip link del "$sw" ||
			ktap_print_msg "the user cannot delete $sw"
	done
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# u PID CG CMD...: CMD as the user (uid 65534) in holder PID's user
# namespace and netns, in cgroup CG (empty: the test's own)
u()
{
	local pid=$1 cg=$2; shift 2
	local cmd=("${NOBODY[@]}" nsenter --preserve-credentials -t "$pid" -U -n "$@")

	if [ -z "$cg" ]; then
		"${cmd[@]}"
		return
	fi
	# shellcheck disable=SC2016
	bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cg" "${cmd[@]}"
}

# uglctl PID ARGS...: the user's glctl
uglctl()
{
	local pid=$1; shift

	u "$pid" "" "$GLCTL" "$@"
}

# usw_add PID CG SW MAC PORT PEER: the user, in cgroup CG, creates switch
# SW (address MAC) and a veth pair PORT (SW's port) - PEER
usw_add()
{
	u "$1" "$2" sh -c "
		sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
		ip link add $3 address $4 type guestlan &&
		ip link add $5 type veth peer name $6 &&
		ip link set $5 master $3 &&
		ip link set $3 up && ip link set $5 up && ip link set $6 up"
}

# attacker PID SW PORT: what the user of the old module did: no learning
# limits (whether the switch takes them is caps_refused's business)
attacker()
{
	local out

	out=$(uglctl "$1" set "$2" max-learned 0 2>&1) ||
		ktap_print_msg "user: set $2 max-learned 0 refused: $out"
	uglctl "$1" port set "$2" port "$3" max-learned 0 ||
		ktap_print_msg "user: port set $2 port $3 max-learned 0 failed"
}

# usw_get PID SW JQPATH: gl_sw_get of switch SW in holder PID's netns,
# read by root
usw_get()
{
	GL_NSPID=$1 GLCTL=$GL_TMP/glctl-ns gl_sw_get "$2" "$3"
}

# flood PID PEER DST N: the user sends N frames from random sources to DST
# on PEER, outside the test's cgroups; prints how many it sent and the
# time it took
flood()
{
	local t0=${EPOCHREALTIME/./} n t

	n=$(u "$1" "" "$TAPH" raw "$2" send -e "$GL_ETYPE" -r -d "$3" -n "$4")
	t=$(( (${EPOCHREALTIME/./} - t0) / 1000 ))
	echo "${n:-0} frames in $((t / 1000)).$(printf %03d $((t % 1000))) s"
}

# frames OUT: the frame count of flood's output
frames()
{
	echo "${1%% *}"
}

# cg_mem CG: memory.peak (since the cgroup was made) if the kernel has it,
# else memory.current
cg_peak()
{
	if [ -r "$1/memory.peak" ]; then
		cat "$1/memory.peak"
	else
		cat "$1/memory.current"
	fi
}

# quiet_log: no warnings and no allocation failure or OOM reports since
# gl_dmesg_mark
quiet_log()
{
	local bad

	gl_dmesg_clean || return 1
	bad=$(gl_dmesg_new | grep -E "allocation failure|out of memory|oom-kill|oom_reaper")
	if [ -n "$bad" ]; then
		ktap_print_msg "kernel log: $bad"
		return 1
	fi
	return 0
}

# skip_case CASE WHY: the case's checks all skipped
skip_case()
{
	local i

	for ((i = 0; i < NCHECKS[$1]; i++)); do
		ktap_test_skip "$1: $2"
	done
}

# fail_case CASE WHY: the case's checks all failed
fail_case()
{
	local i

	for ((i = 0; i < NCHECKS[$1]; i++)); do
		ktap_test_fail "$1: $2"
	done
}

##############################################################################
# Cases

# The user's switch keeps its limits; the host's switches may drop them
caps_refused()
{
	local pid sw=gu$GL_ID p=gua$GL_ID rsw=gr$GL_ID

	if ! userns_start pid "" ||
	   ! usw_add "$pid" "" "$sw" 02:00:00:00:5b:01 "$p" "gub$GL_ID"; then
		fail_case caps_refused "the user cannot make a switch in its namespace"
		return
	fi
	gl_check_fail "user namespace: set max-learned 0 (no limit): EPERM, extack" \
		"In a user namespace, max-learned is 1\.\.$LIMIT" \
		uglctl "$pid" set "$sw" max-learned 0
	gl_check_fail "user namespace: set max-learned 100000: EPERM, extack" \
		"In a user namespace, max-learned is 1\.\.$LIMIT" \
		uglctl "$pid" set "$sw" max-learned 100000
	gl_check_fail "user namespace: set ageing 1000000: EPERM, extack" \
		"In a user namespace, ageing-time is at most 1000 s" \
		uglctl "$pid" set "$sw" ageing 1000000
	gl_check_fail "user namespace: port set learning_timeout 5000: EPERM, extack" \
		"In a user namespace, learning-timeout is at most 1000 s" \
		uglctl "$pid" port set "$sw" port "$p" learning_timeout 5000
	gl_check "user namespace: set max-learned 1000 works" \
		uglctl "$pid" set "$sw" max-learned 1000
	gl_check "user namespace: set ageing 600 works" \
		uglctl "$pid" set "$sw" ageing 600
	gl_check "user namespace: port set learning_timeout 600 works" \
		uglctl "$pid" port set "$sw" port "$p" learning_timeout 600
	gl_check_eq "... the switch has max_learned 1000, ageing 600 (the refused sets changed nothing)" \
		"1000 600" "$(usw_get "$pid" "$sw" .max_learned) $(usw_get "$pid" "$sw" .ageing_time)"
	userns_stop "$pid" "$sw"

	if ! gl_switch_add "$rsw"; then
		ktap_test_fail "initial namespace: set max-learned 0 works (no switch)"
		ktap_test_fail "... and reads 0 (no switch)"
		return
	fi
	gl_check "initial namespace: set max-learned 0 (no limit) works" \
		"$GLCTL" set "$rsw" max-learned 0
	gl_check_eq "... and reads 0" 0 "$(gl_sw_get "$rsw" .max_learned)"
}

# The learned entries are the creator's charge: its cgroup grows with them
charged()
{
	local cg pid sw=gc$GL_ID p=gca$GL_ID q=gcb$GL_ID mac=02:00:00:00:5c:01
	local m0 m1 l0 l r out need max

	if ! cg_setup; then
		skip_case charged "no cgroup2 memory controller"
		return
	fi
	if ! cg_new cg charged 64M || ! userns_start pid "$cg" ||
	   ! usw_add "$pid" "$cg" "$sw" "$mac" "$p" "$q"; then
		fail_case charged "the user cannot make a switch in its cgroup and namespace"
		return
	fi
	attacker "$pid" "$sw" "$p"
	# the sender's pages (libc, tap-helper) in the page cache first
	u "$pid" "" "$TAPH" raw "$q" send -e "$GL_ETYPE" -d "$mac" -n 1 >/dev/null
	l0=$(usw_get "$pid" "$sw" .fdb_learned)
	m0=$(cat "$cg/memory.current")
	out=$(flood "$pid" "$q" "$mac" $FLOOD)
	l=$(usw_get "$pid" "$sw" .fdb_learned)
	r=$(usw_get "$pid" "$sw" .stats.learn_refused)
	m1=$(cat "$cg/memory.current")
	max=$(cat "$cg/memory.max")
	ktap_print_msg "flood: $out; fdb_learned $l0 -> $l, learn_refused $r;" \
		"memory.current $m0 -> $m1 (+$((m1 - m0)) bytes), memory.max $max"

	gl_check "the switch learned the flood: fdb_learned $l >= 50000" ge "$l" 50000
	gl_check "... but no more than $LIMIT: fdb_learned $l" le "$l" $LIMIT
	# an entry is 80 bytes and its obj_cgroup pointer
	need=$(( (l - l0) * 64 ))
	[ "$need" -ge $((2 << 20)) ] 2>/dev/null || need=$((2 << 20))
	gl_check "the creator's memory.current grew by $((m1 - m0)) bytes, >= $need (64 per learned entry, 2 MiB at least)" \
		ge $((m1 - m0)) "$need"
	gl_check "memory.current $m1 <= memory.max $max" le "$m1" "$max"
	userns_stop "$pid" "$sw"
}

# A cgroup at its limit: learning stops there, quietly
tight_cgroup()
{
	local cg pid sw=gt$GL_ID p=gta$GL_ID q=gtb$GL_ID mac=02:00:00:00:5d:01
	local m0 max l r out peak mark=$GL_DMESG_LINES

	if ! cg_setup; then
		skip_case tight_cgroup "no cgroup2 memory controller"
		return
	fi
	if ! cg_new cg tight || ! userns_start pid "$cg" ||
	   ! usw_add "$pid" "$cg" "$sw" "$mac" "$p" "$q"; then
		fail_case tight_cgroup "the user cannot make a switch in its cgroup and namespace"
		return
	fi
	attacker "$pid" "$sw" "$p"
	# room for 1 MiB more than the cgroup ever used: its peak, checked
	# below, is then the flood's
	m0=$(cat "$cg/memory.current")
	max=$(cg_peak "$cg")
	[ "$max" -ge "$m0" ] || max=$m0
	max=$((max + (1 << 20)))
	echo "$max" >"$cg/memory.max"
	gl_dmesg_mark
	out=$(flood "$pid" "$q" "$mac" $FLOOD)
	l=$(usw_get "$pid" "$sw" .fdb_learned)
	r=$(usw_get "$pid" "$sw" .stats.learn_refused)
	peak=$(cg_peak "$cg")
	ktap_print_msg "flood: $out; fdb_learned $l, learn_refused $r;" \
		"memory.current $m0 -> $(cat "$cg/memory.current"), peak $peak, memory.max $max;" \
		"memory.events: $(tr '\n' ' ' <"$cg/memory.events")"

	# the entries fit in the room the cgroup had (88 bytes each)
	gl_check "memory.max stopped learning: fdb_learned $l <= $(( (max - m0) / 64 )) (the room, $((max - m0)) bytes, / 64)" \
		le "$l" $(( (max - m0) / 64 ))
	gl_check "... after some: fdb_learned $l >= 1000" ge "$l" 1000
	gl_check "... the refusals are counted: learn_refused $r > 0" ge "$r" 1
	gl_check "... the cgroup never went over: peak $peak <= memory.max $max" le "$peak" "$max"
	gl_check "... and the kernel logged nothing (no warning, allocation failure or OOM)" \
		quiet_log
	GL_DMESG_LINES=$mark
	userns_stop "$pid" "$sw"
}

# Five switches of one user namespace learn 4 x 65536 entries together
shared_total()
{
	local pid i sw out l r l5 r5 sum=0 full=0 t0 setup=
	local sws=() outs=()
	local -A learned refused

	t0=$SECONDS
	if ! userns_start pid ""; then
		fail_case shared_total "the user cannot make its namespace"
		return
	fi
	# all set up by one command: each costs ~0.3 s in the TCG test VM;
	# ageing at the namespace's most: on the debug kernel the five floods
	# take ~10 min, longer than the default 300 s
	for i in 1 2 3 4 5; do
		sw=gn$i$GL_ID
		sws+=("$sw")
		setup+="ip link add $sw address 02:00:00:00:5e:0$i type guestlan &&
			ip link add gna$i type veth peer name gnb$i &&
			ip link set gna$i master $sw && ip link set $sw up &&
			ip link set gna$i up && ip link set gnb$i up &&
			$(printf %q "$GLCTL") set $sw max-learned $LIMIT ageing 1000 &&
			$(printf %q "$GLCTL") port set $sw port gna$i max-learned $LIMIT && "
	done
	if ! u "$pid" "" sh -c "sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
				net.ipv6.conf.default.disable_ipv6=1; $setup true"; then
		userns_stop "$pid"
		fail_case shared_total "the user cannot make 5 switches in its namespace"
		return
	fi
	for i in 1 2 3 4 5; do
		outs+=("$(flood "$pid" "gnb$i" "02:00:00:00:5e:0$i" $FLOOD)")
	done
	# the counters of all five at once (the floods are over)
	out=$(nsenter -t "$pid" -n "$GLCTL" -j -s show |
	      jq -r '.[] | "\(.ifname) \(.fdb_learned) \(.stats.learn_refused)"')
	while read -r sw l r; do
		learned[$sw]=$l refused[$sw]=$r
	done <<<"$out"
	for i in 1 2 3 4 5; do
		sw=${sws[i - 1]}
		l=${learned[$sw]:-none} r=${refused[$sw]:-none}
		ktap_print_msg "switch $i: flood: ${outs[i - 1]}; fdb_learned $l, learn_refused $r"
		if [[ $l =~ ^[0-9]+$ ]] && [[ $sum =~ ^[0-9]+$ ]]; then
			sum=$((sum + l))
		else
			sum="(no fdb_learned of $sw)"
		fi
		[ "$i" -le 4 ] && [ "$l" = $LIMIT ] && full=$((full + 1))
	done
	l5=$l r5=$r
	ktap_print_msg "5 switches set up, flooded and read in $((SECONDS - t0)) s"

	gl_check_eq "switches 1-4 each learned their max-learned ($LIMIT)" 4 "$full"
	gl_check "the namespace's switches learned $sum <= $NS_TOTAL together" \
		le "$sum" $NS_TOTAL
	gl_check "... switch 5 was stopped short of its own limit: fdb_learned $l5 < $LIMIT" \
		le "$l5" $((LIMIT - 1))
	gl_check "... its refusals counted: learn_refused $r5 > 0" ge "$r5" 1
	# a switch that goes returns its share
	u "$pid" "" ip link del "${sws[0]}"
	out=$(flood "$pid" gnb5 02:00:00:00:5e:05 1000)
	l=$(usw_get "$pid" "${sws[4]}" .fdb_learned)
	ktap_print_msg "switch 1 deleted; switch 5: flood: $out; fdb_learned $l5 -> $l"
	gl_check "switch 1 deleted: switch 5 learns again ($l5 -> $l, 1000 sent)" \
		grew "$l5" "$l" 900
	userns_stop "$pid" "${sws[@]:1}"
}

##############################################################################

# shellcheck disable=SC2016 # for the wrapper to expand
printf '#!/bin/sh\nexec nsenter -t "$GL_NSPID" -n %q "$@"\n' "$GLCTL" >"$GL_TMP/glctl-ns"
chmod +x "$GL_TMP/glctl-ns"

# a flood must not overflow the receiver's backlog
backlog=$(sysctl -n net.core.netdev_max_backlog)
gl_defer sysctl -qw net.core.netdev_max_backlog="$backlog"
sysctl -qw net.core.netdev_max_backlog=10000

gl_plan_cases NCHECKS 1
if ! "${NOBODY[@]}" unshare -Urn true 2>/dev/null; then
	for t in $TESTS; do
		skip_case "$t" "uid 65534 cannot create a user namespace here"
	done
	ktap_test_skip "kernel log clean (nothing ran)"
	gl_finished
fi
gl_dmesg_mark
for t in $TESTS; do
	t0=$SECONDS
	"$t"
	ktap_print_msg "$t: $((SECONDS - t0)) s"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
