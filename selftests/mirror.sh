#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Mirror sessions (SPAN): the admin copies what some ports send and/or
# receive to a destination port, which gets those copies -- once per
# session and frame, tagged with their VLAN, cut to snaplen, one in N when
# sampled -- and nothing else: what it sends is dropped, it learns
# nothing, no flood or unicast reaches it.  Sessions are admin-only; bad
# requests are refused with a message naming the problem; ports deleted
# under a session leave it (the destination: inactive).
#
#   NSA: eth0 (MA) ==veth== pa --+
#   NSB: eth0 (MB) ==veth== pb --+
#   NSC: eth0 (MC) ==veth== pc --+-- sw (guestlan) --- the host (sw itself)
#   NSD: eth0 (MD) ==veth== pd --+      SPAN destination of every session
#   NSE: eth0 (ME) ==veth== pe --+      a second destination (port_gone)
#
# Frames are counted on D's (and the others') interface counters; tcpdump
# only tells what D got (tags, lengths).
#
# Run one case: TESTS="span_rx snaplen" ./mirror.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	span_rx
	span_tx
	once_per_session
	flood_once
	dest_isolated
	vlan_filter
	tagged_copies
	snaplen
	sample
	with_promisc
	host_source
	rspan
	refused
	admin_only
	churn
	port_gone
"
declare -A NCHECKS=([span_rx]=3 [span_tx]=2 [once_per_session]=2
		    [flood_once]=2 [dest_isolated]=6 [vlan_filter]=2
		    [tagged_copies]=1 [snaplen]=3 [sample]=2 [with_promisc]=3 [host_source]=2 [rspan]=5
		    [refused]=17
		    [admin_only]=3 [churn]=2 [port_gone]=5)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq tcpdump taskset setpriv python3
[ -r "$YNL_DIR/cli.py" ] || gl_skip_all "no ynl cli.py in YNL_DIR (${YNL_DIR:-unset})"

sw=gm$GL_ID
pa=gma$GL_ID
pb=gmb$GL_ID
pc=gmc$GL_ID
pd=gmd$GL_ID
pe=gme$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
MD=02:00:00:00:0d:01
ME=02:00:00:00:0e:01
BC=ff:ff:ff:ff:ff:ff
N=20
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)

mirror()
{
	"$GLCTL" mirror "$@"
}

# mstat ID KEY: a counter of session ID
mstat()
{
	local j

	# one session: {...,"stats":{flat counters}} (jq only as a fallback)
	j=$("$GLCTL" -j mirror show "$sw" id "$1") || return
	gl_json_stat "$j" "$2" || jq -r ".[0].stats.$2" <<<"$j"
}

# intro: every guest sends one broadcast, so the FDB knows them all
intro()
{
	local x

	for x in a b c d e; do
		gl_guest_send "$x" "$BC" 1
	done
	gl_settle
}

# got X: frames guest X's eth0 received since the last mark X
mark()
{
	local x ns

	for x; do
		ns=NS${x^^}
		gl_rx_mark "$x" "${!ns}" eth0
	done
}

got()
{
	gl_settle
	gl_rx_delta "$1"
}

setup()
{
	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c d e || return 1
	"$GLCTL" set "$sw" ageing 1000000
}

span_rx()
{
	intro
	mirror add "$sw" id 1 source "$pa" rx dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "source A rx: D gets A's $N frames to B" $N "$(got d)"
	mark d
	gl_guest_send b "$MA" $N
	gl_check_eq "source A rx: D gets none of B's frames to A" 0 "$(got d)"
	gl_check_eq "session counter: mirrored $N" $N "$(mstat 1 mirrored)"
	mirror del "$sw" id 1
}

span_tx()
{
	intro
	mirror add "$sw" id 2 source "$pb" tx dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "source B tx: D gets A's $N frames to B" $N "$(got d)"
	mark d
	gl_guest_send b "$MA" $N
	gl_check_eq "source B tx: D gets none of B's own frames" 0 "$(got d)"
	mirror del "$sw" id 2
}

once_per_session()
{
	intro
	mirror add "$sw" id 1 source "$pa" both source "$pb" both dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "A and B both ways: A->B mirrored once per frame" $N "$(got d)"
	mirror add "$sw" id 2 source "$pb" tx dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "two sessions see A->B: D gets one copy from each" $((2 * N)) "$(got d)"
	mirror del "$sw" id 1
	mirror del "$sw" id 2
}

flood_once()
{
	intro
	mirror add "$sw" id 3 source "$pa" rx source "$pb" tx source "$pc" tx \
		dest "$pd"
	mark d b
	gl_guest_send a "$BC" $N
	gl_check_eq "A's broadcast, seen by 3 sources: D gets one copy each" $N "$(got d)"
	gl_check_eq "... and B still gets it once" $N "$(got b)"
	mirror del "$sw" id 3
}

dest_isolated()
{
	local f0

	intro
	gl_check "before: D's MAC is learned" gl_fdb_has "$sw" "$MD" "$pd"
	mirror add "$sw" id 4 source "$pc" rx dest "$pd"
	gl_check "a destination keeps no learned entry" gl_fdb_absent "$sw" "$MD"
	mark d
	gl_guest_send a "$BC" $N
	gl_guest_send a "$MD" $N
	gl_check_eq "no flood and no unicast reach the destination" 0 "$(got d)"
	f0=$(gl_port_stat "$sw" "$pd" drop_filtered)
	mark a b
	gl_guest_send d "$BC" $N
	gl_guest_send d "$MA" $N
	gl_check_eq "what the destination sends reaches nobody" "0 0" "$(got a) $(got b)"
	gl_check_eq "... dropped as filtered" $((f0 + 2 * N)) \
		"$(gl_port_stat "$sw" "$pd" drop_filtered)"
	gl_check "... and is not learned" gl_fdb_absent "$sw" "$MD"
	mirror del "$sw" id 4
}

vlan_filter()
{
	intro
	mirror add "$sw" id 5 source "$pa" rx vlan 20 dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "session of VLAN 20: nothing of VLAN 1" 0 "$(got d)"
	mirror del "$sw" id 5
	mirror add "$sw" id 5 source "$pa" rx vlan 1,20 dest "$pd"
	mark d
	gl_guest_send a "$MB" $N
	gl_check_eq "session of VLANs 1, 20: VLAN 1's frames" $N "$(got d)"
	mirror del "$sw" id 5
}

tagged_copies()
{
	local out

	intro
	mirror add "$sw" id 6 source "$pa" rx dest "$pd"
	ip netns exec "$NSD" timeout 10 tcpdump -i eth0 -e -n -c 3 \
		>"$GL_TMP/td.out" 2>/dev/null &
	sleep 1.5
	gl_guest_send a "$MB" 3
	wait $!
	out=$(grep -c "$MA > $MB, ethertype 802.1Q (0x8100), length .*vlan 1," "$GL_TMP/td.out")
	gl_check_eq "copies leave the destination tagged with their VLAN (3 seen)" 3 "$out"
	mirror del "$sw" id 6
}

snaplen()
{
	local b0

	intro
	mirror add "$sw" id 7 source "$pa" rx dest "$pd" snaplen 64
	mark d
	b0=$(ip netns exec "$NSD" cat /sys/class/net/eth0/statistics/rx_bytes)
	gl_guest_send a "$MB" $N -l 200
	gl_check_eq "snaplen 64: D gets $N copies" $N "$(got d)"
	gl_check_eq "... of 64 bytes each" $((64 * N)) \
		$(( $(ip netns exec "$NSD" cat /sys/class/net/eth0/statistics/rx_bytes) - b0 ))
	gl_check_eq "... counted as truncated" $N "$(mstat 7 truncated)"
	mirror del "$sw" id 7
}

sample()
{
	intro
	mirror add "$sw" id 8 source "$pa" rx dest "$pd" sample 4
	mark d
	# one sending CPU: the sampling count is per CPU
	ip netns exec "$NSA" taskset -c 0 "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$MA" -d "$MB" -n 40 >/dev/null
	gl_check_eq "sample 4: 10 of 40 frames mirrored" 10 "$(got d)"
	gl_check_eq "... and counted" 10 "$(mstat 8 mirrored)"
	mirror del "$sw" id 8
}

# promisc_is PORT STATE: the port's promiscuous state reached STATE
promisc_is()
{
	slowwait 10 bash -c "[ \"\$('$GLCTL' -j port show '$sw' | jq -r '.[] | select(.ifname == \"$1\") | .promisc')\" = '$2' ]"
}

with_promisc()
{
	intro
	"$GLCTL" grant "$sw" port "$pc" promisc
	ip -n "$NSC" link set eth0 promisc on
	promisc_is "$pc" active
	mirror add "$sw" id 13 source "$pa" rx dest "$pd"
	mark c d
	gl_guest_send a "$MB" $N
	gl_check_eq "a promiscuous C and a session: C gets $N copies" $N "$(got c)"
	gl_check_eq "... D gets $N" $N "$(got d)"
	gl_check_eq "... the session counts $N" $N "$(mstat 13 mirrored)"
	mirror del "$sw" id 13
	ip -n "$NSC" link set eth0 promisc off
	"$GLCTL" revoke "$sw" port "$pc" promisc
	promisc_is "$pc" off
}

host_source()
{
	intro
	mirror add "$sw" id 14 source "$sw" rx dest "$pd"
	mark d b
	"$TAPH" raw "$sw" send -e "$GL_ETYPE" -s 02:00:00:00:99:99 -d "$MB" \
		-n $N >/dev/null
	gl_check_eq "the host as source: its $N frames to B reach B" $N "$(got b)"
	gl_check_eq "... and D" $N "$(got d)"
	mirror del "$sw" id 14
}

# RSPAN: VLAN 99, carried by D and E (tagged), is a session's destination
rspan()
{
	local v0

	intro
	"$GLCTL" vlan add "$sw" port "$pd" vid 99
	"$GLCTL" vlan add "$sw" port "$pe" vid 99
	mirror add "$sw" id 16 source "$pa" rx dest vlan 99
	mark d e
	gl_guest_send a "$MB" $N
	gl_check_eq "RSPAN VLAN 99: D and E each get A's $N frames" "$N $N" \
		"$(got d) $(got e)"
	v0=$(gl_port_stat "$sw" "$pe" drop_vlan)
	mark d
	gl_guest_send e "$BC" $N -v 99
	gl_check_eq "the RSPAN VLAN carries nothing else: E's VLAN 99 reaches nobody" \
		0 "$(got d)"
	gl_check_eq "... dropped as drop_vlan" $((v0 + N)) \
		"$(gl_port_stat "$sw" "$pe" drop_vlan)"
	gl_check_fail "a session's VLANs include its RSPAN VLAN" "own RSPAN VLAN" \
		mirror add "$sw" id 15 source "$pb" rx vlan 10,99 dest vlan 99
	mirror del "$sw" id 16
	mark d
	gl_guest_send e "$BC" $N -v 99
	gl_check_eq "session deleted: VLAN 99 is an ordinary VLAN again" $N "$(got d)"
	"$GLCTL" vlan del "$sw" port "$pd" vid 99
	"$GLCTL" vlan del "$sw" port "$pe" vid 99
}

# many_sources: port A as a source, once more than the switch has ports
many_sources()
{
	local i n a

	n=$(($("$GLCTL" -j port show "$sw" | jq length) + 2))
	a="{\"port-ifindex\": $(gl_ifindex "$pa")}"
	for ((i = 1; i < n; i++)); do
		printf '%s, ' "$a"
	done
	printf '%s' "$a"
}

refused()
{
	local other=gmo$GL_ID po=gmp$GL_ID

	gl_switch_add "$other" &&
		ip link add "$po" type veth peer name "${po}p" && GL_DEVS+=("$po") &&
		ip link set "$po" master "$other"
	mirror add "$sw" id 9 source "$pa" dest "$pd"
	gl_check_fail "an existing id" "exists" \
		mirror add "$sw" id 9 source "$pb" dest "$pd"
	gl_check_fail "id 17 (1..16)" "range|invalid|id" \
		mirror add "$sw" id 17 source "$pb" dest "$pd"
	gl_check_fail "the switch itself as destination" "not a port" \
		mirror add "$sw" id 10 source "$pa" dest "$sw"
	gl_check_fail "another switch's port as destination" "not a port of this switch" \
		mirror add "$sw" id 10 source "$pa" dest "$po"
	gl_check_fail "another switch's port as source" "not a port of this switch" \
		mirror add "$sw" id 10 source "$po" dest "$pe"
	gl_check_fail "the destination as a source" "destination port cannot be a source" \
		mirror add "$sw" id 10 source "$pd" dest "$pd"
	gl_check_fail "a destination as another session's source" "destination, which has no other use" \
		mirror add "$sw" id 10 source "$pd" dest "$pe"
	gl_check_fail "a source as another session's destination" "is a source of a mirror session" \
		mirror add "$sw" id 10 source "$pb" dest "$pa"
	gl_check_fail "snaplen 10" "snaplen" \
		mirror add "$sw" id 10 source "$pa" dest "$pe" snaplen 10
	# what glctl refuses itself, the kernel refuses too
	gl_check_fail "the kernel: id 17" "out of range|range" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 17, \"source\": [{\"port-ifindex\": $(gl_ifindex "$pa")}], \"dest-ifindex\": $(gl_ifindex "$pe")}}"
	gl_check_fail "the kernel: snaplen 10" "snaplen is 0 .* or at least 14" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 10, \"source\": [{\"port-ifindex\": $(gl_ifindex "$pa")}], \"dest-ifindex\": $(gl_ifindex "$pe"), \"snaplen\": 10}}"
	gl_check_fail "a grant on a destination" "destination, which has no other use" \
		"$GLCTL" grant "$sw" port "$pd" promisc
	gl_check_fail "a static FDB entry to a destination" "destination" \
		"$GLCTL" fdb add "$sw" mac "$ME" port "$pd"
	"$GLCTL" grant "$sw" port "$pe" promisc
	gl_check_fail "a grant holder as destination" "holds a promiscuous grant" \
		mirror add "$sw" id 10 source "$pa" dest "$pe"
	"$GLCTL" revoke "$sw" port "$pe" promisc
	gl_check_fail "delete a session that does not exist" "no such mirror session" \
		mirror del "$sw" id 11
	gl_check_fail "more sources than ports, to the kernel" "more mirror sources than the switch has ports" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 10, \"source\": [$(many_sources)], \"dest-ifindex\": $(gl_ifindex "$pe")}}"
	if "$GLCTL" port set "$sw" port "$pe" sample_rate 100 sample_group 7 2>/dev/null; then
		gl_check_fail "a sampled port as destination" "sampled" \
			mirror add "$sw" id 10 source "$pa" dest "$pe"
		"$GLCTL" port set "$sw" port "$pe" sample_rate 0
	else
		gl_check "sampling set on E" false
	fi
	mirror del "$sw" id 9
	ip link del "$other"
}

admin_only()
{
	local idx

	idx=$(gl_ifindex "$sw")
	mirror add "$sw" id 12 source "$pa" dest "$pd"
	gl_check_fail "not admin: mirror show" "not permitted|EPERM|permission" \
		"${NOBODY[@]}" "$GLCTL" mirror show "$sw"
	gl_check_fail "not admin: mirror del" "not permitted|EPERM|permission" \
		"${NOBODY[@]}" "$GLCTL" mirror del "$sw" id 12
	gl_check_fail "a reply-only attribute in mirror-add" "mirror.stats is reply-only" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $idx, \"mirror\": {\"id\": 13, \"dest-ifindex\": $(gl_ifindex "$pe"), \"stats\": {\"mirrored\": 1}}}"
	mirror del "$sw" id 12
}

# stream: A sends to B in the background (gl_bg_stop flow)
stream()
{
	gl_bg flow ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$MA" -d "$MB" -L -t 30 -g 200
}

# sessions come and go, and change, under traffic
churn()
{
	local i

	intro
	mark d
	stream
	for i in $(seq 1 20); do
		mirror add "$sw" id $((i % 16 + 1)) source "$pa" rx source "$pb" tx \
			dest "$pd" snaplen 64 sample $((i % 3 + 1))
		mirror add "$sw" id 16 source "$pa" both dest vlan 77 2>/dev/null
		mirror del "$sw" id $((i % 16 + 1))
		mirror del "$sw" id 16 2>/dev/null
	done
	gl_bg_stop flow
	gl_check "20 sessions made and deleted under traffic: D got copies" \
		test "$(got d)" -gt 0
	gl_check_eq "... and none is left" 0 \
		"$("$GLCTL" -j mirror show "$sw" | jq length)"
}

port_gone()
{
	local tmp=gmt$GL_ID d0

	intro
	ip link add "$tmp" type veth peer name "${tmp}p" && GL_DEVS+=("$tmp")
	ip link set "$tmp" up && ip link set "$tmp" master "$sw"
	mirror add "$sw" id 14 source "$pa" rx source "$pb" rx dest "$pe"
	mirror add "$sw" id 15 source "$tmp" rx dest "$pd"
	# the destination goes away under A's traffic
	stream
	sleep 1
	ip link del "$pe"
	gl_bg_stop flow
	gl_check_eq "destination deleted: the session is inactive" false "$(gl_mirror_get "$sw" 14 .active)"
	d0=$(mstat 14 dropped)
	mark d
	gl_guest_send a "$MB" $N
	# an inactive session leaves its sources' masks: nothing is tried,
	# so nothing is counted (and nothing is paid per frame)
	gl_check_eq "... its sources no longer try it: nothing counted as dropped" \
		"$d0" "$(mstat 14 dropped)"
	gl_check_eq "... nothing strays to another destination" 0 "$(got d)"
	ip link del "$tmp"
	gl_check_eq "the only source deleted: the session has no source" 0 \
		"$(gl_mirror_get "$sw" 15 '.sources | length')"
	ip link del "$pb"
	gl_check_eq "one source of two deleted: one left" 1 \
		"$(gl_mirror_get "$sw" 14 '.sources | length')"
	mirror del "$sw" id 14
	mirror del "$sw" id 15
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
