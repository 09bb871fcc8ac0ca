#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Malformed frames are dropped and counted, never learned, and the switch
# keeps forwarding:
# - runts (< 14 bytes; the kernel refuses to send them, then skipped);
# - zero, multicast and broadcast source MACs: drop_bad_src;
# - truncated 802.1Q tags (TPID + TCI without the ethertype, or half a TCI):
#   the core's skb_vlan_untag() frees them before the switch sees them; the
#   switch drops (drop_vlan) any it does see.  So: they reach the port
#   device, and the port's rx_packets and drop_vlan grow alike;
# - 802.1ad S-tagged frames (QinQ, with and without an inner 802.1Q tag) are
#   not switched: drop_vlan;
# - frames bigger than the egress port's MTU: drop_mtu on the egress port,
#   delivered once its MTU is raised.  veth refuses to deliver them into
#   the switch, so they come from a tap (tun does not check the MTU).
# Frames with a bad tag use VLAN 1 (the PVID, allowed everywhere) so that
# only the tag itself can get them dropped.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
tap=gt$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MT=02:00:00:00:0a:02	# truncated tags
MQ=02:00:00:00:0a:03	# QinQ
MX=02:00:00:00:0c:01	# oversize, from the tap

ktap_print_header
ktap_set_plan 20

# roll: S0 = the previous snapshot, S1 = every port counter of $sw now, as
# S1[PORT.KEY] (one glctl and one jq for all of them).
declare -A S0 S1
roll()
{
	local k v

	S0=()
	for k in "${!S1[@]}"; do
		S0[$k]=${S1[$k]}
	done
	S1=()
	# (no process substitution: the test VM has no /dev/fd)
	while read -r k v; do
		[ -n "$k" ] && S1[$k]=$v
	done <<<"$("$GLCTL" -j port show "$sw" |
		   jq -r '.[] | .ifname as $p | .stats | to_entries[] |
			  "\($p).\(.key) \(.value)"')"
}

# delta PORT.KEY: growth of a port counter from S0 to S1
delta()
{
	if [ -z "${S0[$1]}" ] || [ -z "${S1[$1]}" ]; then
		echo "no $1"
	else
		echo $((S1[$1] - S0[$1]))
	fi
}

# rx_packets of a device in this netns, without starting a process
dev_rx()
{
	local v

	read -r v <"/sys/class/net/$1/statistics/rx_packets"
	echo "$v"
}

gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" && gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
	ktap_exit_fail_msg "cannot add guests"

roll
if out=$(ip netns exec "$NSA" "$TAPH" raw eth0 send -n 10 -l 10 2>&1); then
	sleep 0.5
	roll
	gl_check_eq "runt frames (10 bytes): drop_runt +10" 10 \
		"$(delta "$pa.drop_runt")"
else
	# dev_validate_header(): AF_PACKET refuses frames shorter than
	# dev->min_header_len (ETH_HLEN on Ethernet), tap likewise.
	ktap_test_skip "runt frames: the kernel refuses to send < 14 byte frames on veth ($out)"
fi

bad_case()
{
	local name=$1 src=$2 n=10

	gl_cap_start B "$NSB" raw eth0 -s "$src" -e "$GL_ETYPE"
	gl_ns_send "$NSA" eth0 -s "$src" -n $n
	gl_settle
	gl_check_eq "$name source: not forwarded" 0 "$(gl_cap_rx B)"
	roll
	gl_check_eq "$name source: drop_bad_src +$n" $n \
		"$(delta "$pa.drop_bad_src")"
}
bad_case zero 00:00:00:00:00:00
bad_case multicast 01:00:5e:00:00:01
bad_case broadcast ff:ff:ff:ff:ff:ff

# tag_case NAME SRC all|seen SEND-ARGS... [-- SEND-ARGS...]: 10 frames
# from SRC out of A's eth0 per SEND-ARGS (broadcast: flooded if let in).
# None may reach B.  "all": the switch drops them all as drop_vlan; "seen":
# they all reach $pa, and the switch drops (drop_vlan) as many as it sees
# (rx_packets), maybe none.
tag_case()
{
	local name=$1 src=$2 want=$3 n=0
	local vrx rx dv a args=()
	shift 3

	vrx=$(dev_rx "$pa")
	gl_cap_start B "$NSB" raw eth0 -s "$src"
	for a in "$@" --; do
		if [ "$a" != -- ]; then
			args+=("$a")
			continue
		fi
		gl_ns_send "$NSA" eth0 -s "$src" -n 10 "${args[@]}"
		n=$((n + 10))
		args=()
	done
	gl_settle
	gl_check_eq "$name: not forwarded" 0 "$(gl_cap_rx B)"
	roll
	vrx=$(($(dev_rx "$pa") - vrx))
	rx=$(delta "$pa.rx_packets")
	dv=$(delta "$pa.drop_vlan")
	ktap_print_msg "$name: $pa got $vrx, switch rx_packets +$rx drop_vlan +$dv"
	if [ "$want" = all ]; then
		gl_check_eq "$name: drop_vlan +$n" $n "$dv"
	else
		gl_check_eq "$name: reach $pa ($n), drop_vlan == rx_packets" \
			"$n $rx" "$vrx $dv"
	fi
}
tag_case "truncated 802.1Q tags (16, 15 bytes)" "$MT" seen -v 1 -l 16 -- -v 1 -l 15
tag_case "802.1ad S-tag + 802.1Q tag" "$MQ" all -q 1 -v 1
tag_case "802.1ad S-tag only" "$MQ" all -q 1

learned=$(gl_sw_get "$sw" .fdb_learned)
[ "$learned" == 0 ] || ktap_print_msg "fdb: $(gl_fdb "$sw")"
gl_check_eq "malformed sources never learned" 0 "$learned"

gl_ns_send "$NSB" eth0 -s "$MB" -n 1
slowwait 10 gl_fdb_has "$sw" "$MB" "$pb"
gl_cap_start B "$NSB" raw eth0 -s "$MA" -e "$GL_ETYPE"
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n 10
gl_settle
gl_check_eq "still forwards afterwards" 10 "$(gl_cap_rx B)"

# big_case NAME GOT: 10 frames of 1600 bytes from the tap to MB (learned
# on $pb): B gets GOT of them, $pb drops (drop_mtu) the others, and only
# what it sent counts in its tx_packets.
big_case()
{
	local name=$1 got=$2 n=10 drops

	roll
	gl_cap_start B "$NSB" raw eth0 -s "$MX" -d "$MB"
	"$TAPH" open "$tap" send -l 1600 -s "$MX" -d "$MB" -n $n >/dev/null
	gl_settle
	gl_check_eq "$name: B receives $got" "$got" "$(gl_cap_rx B)"
	roll
	drops=$(delta "$pb.drop_mtu")
	[ "$drops" == $((n - got)) ] ||
		ktap_print_msg "$name: $tap rx_packets ${S1[$tap.rx_packets]} in all"
	gl_check_eq "$name: $pb drop_mtu +$((n - got)), tx_packets +$got" \
		"$((n - got)) $got" "$drops $(delta "$pb.tx_packets")"
}
gl_tap_add "$tap" "$sw" || ktap_exit_fail_msg "cannot add a tap port"
big_case "1600 bytes, MTU 1500" 0
if ! ip link set "$pb" mtu 9000 || ! ip -n "$NSB" link set eth0 mtu 9000; then
	ktap_print_msg "cannot raise the MTU of $pb and its peer to 9000"
fi
big_case "1600 bytes, MTU 9000" 10

gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
