#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ERSPAN mirror sessions: the destination port is a kernel erspan device in
# external (collect_md) mode, and every copy goes to a remote analyzer
# encapsulated, its ERSPAN header naming the session and the source port
# the frame came from or went to -- version 1: the source's ifindex as the
# index; version 2: its slot in the session as the hardware id, plus the
# direction.  What the analyzer gets is counted on its interface and
# decoded with tshark.  The erspan port takes nothing but copies: ERSPAN
# coming back from the far side is dropped at the switch.
#
#   NSA: eth0 (MA) ==veth== pa --+
#   NSB: eth0 (MB) ==veth== pb --+-- sw (guestlan)
#   NSC: eth0 (MC) ==veth== pc --+     |
#   NSG: eth0      ==veth== (source_gone's port, deleted under traffic)
#                         ers (erspan external: a port of sw)
#                                      | underlay, routed in the init netns
#                 ul0 192.0.2.1/24 ==veth== ul1 192.0.2.2/24 (NSF: analyzer,
#                                               tcpdump + tshark, and an
#                                               erspan device sending back)
#
# Run one case: TESTS="v1_index v2_hwid_dir" ./erspan.sh

source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	v1_index
	v2_hwid_dir
	vlan_filter
	refused
	dest_rx_dropped
	source_gone
	dest_gone
"
declare -A NCHECKS=([v1_index]=7 [v2_hwid_dir]=5 [vlan_filter]=2
		    [refused]=6 [dest_rx_dropped]=3 [source_gone]=3
		    [dest_gone]=3)
: "${TESTS:=$ALL_TESTS}"

gl_require_all
gl_require_cmd jq tcpdump tshark python3
gl_modprobe ip_gre
[ -r "$YNL_DIR/cli.py" ] || gl_skip_all "no ynl cli.py in YNL_DIR (${YNL_DIR:-unset})"

sw=ge$GL_ID
pa=gea$GL_ID
pb=geb$GL_ID
pc=gec$GL_ID
ers=ger$GL_ID
ul0=geu$GL_ID
MA=02:00:00:00:1a:01
MB=02:00:00:00:1b:01
MC=02:00:00:00:1c:01
LOCAL=192.0.2.1
REMOTE=192.0.2.2
N=20

mirror()
{
	"$GLCTL" mirror "$@"
}

# pcap_start: the analyzer starts capturing GRE on ul1
pcap_start()
{
	gl_rx_mark far "$NSF" ul1
	rm -f "$GL_TMP/far.pcap" "$GL_TMP/far.err"
	ip netns exec "$NSF" tcpdump -i ul1 --immediate-mode -U -n -w "$GL_TMP/far.pcap" \
		ip proto gre 2>"$GL_TMP/far.err" &
	GL_PCAP=$!
	GL_PIDS+=($!)
	slowwait 10 grep -q "listening on" "$GL_TMP/far.err"
}

# pcap_stop: stop it; print the analyzer's rx frames meanwhile
pcap_stop()
{
	gl_settle
	kill -INT "$GL_PCAP" 2>/dev/null
	wait "$GL_PCAP" 2>/dev/null
	gl_rx_delta far
}

# decoded FIELDS...: the ERSPAN frames captured, one line of FIELDS each
# (the innermost occurrence: eth.src is the mirrored frame's), counted:
# "N f1 f2 ...;" per distinct line
decoded()
{
	local f args=()

	for f; do
		args+=(-e "$f")
	done
	tshark -r "$GL_TMP/far.pcap" -Y erspan -T fields -E separator=' ' \
		-E occurrence=l "${args[@]}" 2>/dev/null | sort | uniq -c |
		sed 's/^ *//' | tr '\n' ';'
}

setup()
{
	local x

	gl_switch_add "$sw" || return 1
	gl_guests_add "$sw" a b c || return 1
	"$GLCTL" set "$sw" ageing 1000000

	# the underlay to the analyzer, static neighbours: nothing but GRE
	gl_ns_add NSF || return 1
	ip link add "$ul0" type veth peer name ul1 netns "$NSF" || return 1
	GL_DEVS+=("$ul0")
	gl_quiet "$ul0"
	ip addr add "$LOCAL/24" dev "$ul0" &&
		ip link set "$ul0" up &&
		ip -n "$NSF" addr add "$REMOTE/24" dev ul1 &&
		ip -n "$NSF" link set ul1 up || return 1
	ip neigh replace "$REMOTE" dev "$ul0" \
		lladdr "$(ip -n "$NSF" -j link show ul1 | jq -r '.[0].address')" &&
	ip -n "$NSF" neigh replace "$LOCAL" dev ul1 \
		lladdr "$(ip -j link show "$ul0" | jq -r '.[0].address')" || return 1

	ip link add "$ers" type erspan external || return 1
	GL_DEVS+=("$ers")
	gl_quiet "$ers"
	ip link set "$ers" up && ip link set "$ers" master "$sw" || return 1

	# the FDB knows every guest
	for x in a b c; do
		gl_guest_send "$x" ff:ff:ff:ff:ff:ff 1
	done
	gl_settle
}

v1_index()
{
	local ia ib got txd

	ia=$(gl_ifindex "$pa") ib=$(gl_ifindex "$pb")
	txd=$(cat "/sys/class/net/$ers/statistics/tx_dropped")
	mirror add "$sw" id 1 source "$pa" rx source "$pb" tx dest "$ers" \
		erspan 1 remote "$REMOTE" local "$LOCAL" erspan-id 100
	pcap_start
	gl_guest_send a "$MB" $N		# A's rx (and B's tx: mirrored once, as A's)
	gl_guest_send c "$MB" $N		# B's tx
	gl_guest_send b "$MC" $N		# neither
	got=$(pcap_stop)
	gl_check_eq "v1: the analyzer gets one copy of each of 2 x $N frames" \
		$((2 * N)) "$got"
	gl_check_eq "... session 100, A's frames indexed by A's ifindex, C's to B by B's" \
		"$N 1 100 $ia $MA;$N 1 100 $ib $MC;" \
		"$(decoded erspan.version erspan.spanid erspan.index eth.src)"
	gl_check_eq "... from the tunnel's local address to the analyzer" \
		"$((2 * N)) $LOCAL $REMOTE;" "$(decoded ip.src ip.dst)"
	gl_check_eq "session counter: mirrored $((2 * N))" $((2 * N)) \
		"$(gl_mirror_get "$sw" 1 .stats.mirrored)"
	gl_check_eq "the erspan device sent every copy (none lacked metadata)" \
		"$txd" "$(cat "/sys/class/net/$ers/statistics/tx_dropped")"
	gl_check_eq "mirror show: the index of each source" "[$ia,$ib]" \
		"$(gl_mirror_get "$sw" 1 '.sources | map(.erspan_index)')"
	gl_check_eq "mirror show: the tunnel" \
		"{\"version\":1,\"session_id\":100,\"remote\":\"$REMOTE\",\"local\":\"$LOCAL\",\"ttl\":0}" \
		"$(gl_mirror_get "$sw" 1 .erspan)"
	mirror del "$sw" id 1
}

v2_hwid_dir()
{
	local got

	mirror add "$sw" id 2 source "$pa" rx source "$pb" both dest "$ers" \
		erspan 2 remote "$REMOTE"
	pcap_start
	gl_guest_send a "$MC" $N		# A's rx: hw id 0, ingress
	gl_guest_send c "$MB" $N		# B's tx: hw id 1, egress
	gl_guest_send b "$MC" $N		# B's rx: hw id 1, ingress
	got=$(pcap_stop)
	gl_check_eq "v2: the analyzer gets one copy of each of 3 x $N frames" \
		$((3 * N)) "$got"
	# tshark: direction 0 ingress, 1 egress
	gl_check_eq "... session 2 (the id), hw id = slot, direction per frame" \
		"$N 2 2 0 0 $MA;$N 2 2 1 0 $MB;$N 2 2 1 1 $MC;" \
		"$(decoded erspan.version erspan.spanid erspan.hw erspan.direction eth.src)"
	gl_check_eq "mirror show: the hardware id of each source" "[0,1]" \
		"$(gl_mirror_get "$sw" 2 '.sources | map(.erspan_index)')"
	gl_check_eq "... the session id defaults to the session's" 2 \
		"$(gl_mirror_get "$sw" 2 .erspan.session_id)"
	gl_check_eq "session counter: mirrored $((3 * N))" $((3 * N)) \
		"$(gl_mirror_get "$sw" 2 .stats.mirrored)"
	mirror del "$sw" id 2
}

vlan_filter()
{
	local got

	for p in "$pa" "$pb"; do
		"$GLCTL" vlan add "$sw" port "$p" vid 20
	done
	mirror add "$sw" id 3 source "$pa" rx dest "$ers" vlan 20 \
		erspan 1 remote "$REMOTE"
	pcap_start
	gl_guest_send a "$MB" 200		# VLAN 1 (untagged): not mirrored
	gl_guest_send a "$MB" $N -v 20
	got=$(pcap_stop)
	gl_check_eq "VLAN 20 only: $N of 200 + $N frames reach the analyzer" $N "$got"
	gl_check_eq "... tagged 20 inside" "$N 20;" "$(decoded vlan.id)"
	mirror del "$sw" id 3
	for p in "$pa" "$pb"; do
		"$GLCTL" vlan del "$sw" port "$p" vid 20
	done
}

refused()
{
	local json

	gl_check_fail "erspan to a port that is no erspan device" \
		"needs an erspan device in external mode" \
		mirror add "$sw" id 4 source "$pa" dest "$pc" erspan 1 remote "$REMOTE"
	gl_check_fail "an external erspan destination without erspan" \
		"needs mirror.erspan" \
		mirror add "$sw" id 4 source "$pa" dest "$ers"
	gl_check_fail "erspan with an RSPAN VLAN" \
		"needs a destination port" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 4, \"source\": [{\"port-ifindex\": $(gl_ifindex "$pa")}], \"dest-vid\": 99, \"erspan\": {\"version\": 1, \"remote\": 33685506}}}"
	json="{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 4, \"source\": [{\"port-ifindex\": $(gl_ifindex "$pa")}], \"dest-ifindex\": $(gl_ifindex "$ers"), \"erspan\": {\"version\": 1}}}"
	gl_check_fail "the kernel: erspan without remote" "remote" \
		gl_ynl_do mirror-add --json "$json"
	gl_check_fail "the kernel: version 3" "version|range" \
		gl_ynl_do mirror-add --json "${json/\"version\": 1/\"version\": 3, \"remote\": 33685506}"
	gl_check_fail "the kernel: erspan-index is reply-only" "reply-only" \
		gl_ynl_do mirror-add --json "{\"ifindex\": $(gl_ifindex "$sw"), \"mirror\": {\"id\": 4, \"source\": [{\"port-ifindex\": $(gl_ifindex "$pa"), \"erspan-index\": 7}], \"dest-ifindex\": $(gl_ifindex "$ers"), \"erspan\": {\"version\": 1, \"remote\": 33685506}}}"
}

# ERSPAN from the far side decapsulates on the erspan port: dropped, with
# a session or without (the port is a mirror destination for good)
dest_rx_dropped()
{
	local d0

	ip -n "$NSF" link add back type erspan local "$REMOTE" remote "$LOCAL" \
		seq key 7 erspan_ver 1 erspan 7 &&
		ip -n "$NSF" link set back up
	d0=$(gl_port_stat "$sw" "$ers" drop_filtered)
	gl_rx_mark b "$NSB" eth0
	gl_ns_send "$NSF" back -s 02:00:00:00:1f:01 -d ff:ff:ff:ff:ff:ff -n $N
	gl_settle
	gl_check_eq "no session: what the erspan port receives is dropped" \
		$((d0 + N)) "$(gl_port_stat "$sw" "$ers" drop_filtered)"
	gl_check_eq "... and reaches no guest" 0 "$(gl_rx_delta b)"
	mirror add "$sw" id 5 source "$pa" rx dest "$ers" erspan 1 remote "$REMOTE"
	gl_ns_send "$NSF" back -s 02:00:00:00:1f:01 -d ff:ff:ff:ff:ff:ff -n $N
	gl_settle
	gl_check_eq "a session: dropped too" $((d0 + 2 * N)) \
		"$(gl_port_stat "$sw" "$ers" drop_filtered)"
	ip -n "$NSF" link del back
	mirror del "$sw" id 5
}

# a source deleted under its traffic leaves the session; the others stay
source_gone()
{
	local tmp=getmp$GL_ID got

	gl_ns_add NSG && gl_guest_add "$sw" "$tmp" "$NSG" 02:00:00:00:1c:02
	mirror add "$sw" id 6 source "$tmp" rx source "$pa" rx dest "$ers" \
		erspan 2 remote "$REMOTE"
	gl_bg flow ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$MA" -d "$MB" -n 1000000
	sleep 1
	ip link del "$tmp"
	gl_bg_stop flow
	gl_check_eq "the deleted source leaves the session" "[\"$pa\"]" \
		"$(gl_mirror_get "$sw" 6 '.sources | map(.ifname)')"
	gl_check_eq "... A keeps its hardware id (slot 1)" "[1]" \
		"$(gl_mirror_get "$sw" 6 '.sources | map(.erspan_index)')"
	pcap_start
	gl_guest_send a "$MB" $N
	got=$(pcap_stop)
	gl_check_eq "... and A's frames still reach the analyzer" $N "$got"
	mirror del "$sw" id 6
}

# the erspan device deleted under traffic: the session is inactive
dest_gone()
{
	local d0

	mirror add "$sw" id 7 source "$pa" rx dest "$ers" erspan 1 remote "$REMOTE"
	gl_bg flow ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "$MA" -d "$MB" -n 1000000
	sleep 1
	ip link del "$ers"
	gl_bg_stop flow
	gl_check_eq "erspan device deleted: the session is inactive" false \
		"$(gl_mirror_get "$sw" 7 .active)"
	d0=$(gl_mirror_get "$sw" 7 .stats.dropped)
	pcap_start
	gl_guest_send a "$MB" $N
	gl_check_eq "... nothing reaches the analyzer" 0 "$(pcap_stop)"
	# an inactive session leaves its sources' masks: nothing tried, counted
	gl_check_eq "... its source no longer tries it: nothing counted as dropped" \
		"$d0" "$(gl_mirror_get "$sw" 7 .stats.dropped)"
	mirror del "$sw" id 7
	# for the cases after this one
	ip link add "$ers" type erspan external && gl_quiet "$ers" &&
		ip link set "$ers" up && ip link set "$ers" master "$sw"
}

gl_plan_cases NCHECKS 1
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the topology"
for t in $TESTS; do
	"$t"
done
gl_check "kernel log clean" gl_dmesg_clean
gl_finished
