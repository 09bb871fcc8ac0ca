#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Stress, bounded in time (STRESS_SECS, default 30): four guests send
# traffic (known and unknown unicast, broadcast from random sources, tagged
# frames for a VLAN that comes and goes) while, in parallel loops, ports
# are added and removed, port devices deleted while enslaved, guest netns
# deleted under traffic, a promiscuous grant and the promiscuous flag
# toggled, bridge-port roles flapped, VLANs added and removed, and the FDB
# flushed and aged (ageing 1 s).  Then: every loop made progress, the
# counters of the surviving ports reconcile (what a guest sent = what its
# port received + what the veth dropped; received = accepted + ingress
# drops), the switch still forwards, no kernel warnings; finally rmmod
# under all that traffic, and the module is inserted again.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
: "${STRESS_SECS:=30}"
sw=gs$GL_ID
names=(a b c d)
declare -A port mac ns
for g in "${names[@]}"; do
	port[$g]=gp$g$GL_ID
	mac[$g]=02:00:00:00:0$g:01
done

# counters of the guests' veth eth0 (in their netns)
veth_stat()
{
	ip -n "$1" -s -j link show eth0 | jq -r ".[0].stats64.$2"
}

# One loop per kind of churn: run BODY until the deadline; count the rounds
# and those in which every step succeeded.
churn()
{
	local name=$1; shift
	local n=0 ok=0

	while [ "$EPOCHSECONDS" -lt "$deadline" ]; do
		"$@" >>"$GL_TMP/churn.$name.log" 2>&1 && ok=$((ok + 1))
		n=$((n + 1))
	done
	echo "$ok $n" >"$GL_TMP/rounds.$name"
}

# a port that comes and goes: enslave, traffic, then either nomaster and
# delete, or delete while still enslaved
churn_port()
{
	local p q rc=0

	p=gx$GL_ID$(printf %04x $RANDOM)
	q=gy${p#gx}
	ip link add "$p" type veth peer name "$q" || return 1
	{ ip link set "$p" up && ip link set "$q" up &&
	  ip link set "$p" master "$sw" &&
	  "$TAPH" raw "$q" send -e "$GL_ETYPE" -r -n 20 -g 1000 >/dev/null; } || rc=1
	if [ $((RANDOM % 2)) = 0 ]; then
		ip link set "$p" nomaster || rc=1
	fi
	ip link del "$p" || rc=1
	return $rc
}

# a guest in its own netns, deleted while it sends
churn_ns()
{
	local p n rc=0

	p=gz$GL_ID$(printf %04x $RANDOM)
	n=gl-stress-${p#gz}
	ip netns add "$n" || return 1
	{ ip link add "$p" type veth peer name eth0 netns "$n" &&
	  ip -n "$n" link set eth0 up && ip link set "$p" up &&
	  ip link set "$p" master "$sw"; } || rc=1
	ip netns exec "$n" "$TAPH" raw eth0 send -e "$GL_ETYPE" -r -L -t 0 -g 500 >/dev/null &
	sleep 0.5
	# the guest dies under traffic: its sender, then the netns and with
	# it the veth pair, while the others' floods are sent to it
	ip netns pids "$n" | xargs -r kill
	ip netns del "$n" || rc=1
	wait
	return $rc
}

churn_promisc()
{
	local pc=${port[c]} rc=0

	"$GLCTL" grant "$sw" port "$pc" promisc || rc=1
	ip link set "$pc" promisc on || rc=1
	sleep 0.3
	"$GLCTL" revoke "$sw" port "$pc" promisc || rc=1
	sleep 0.2
	ip link set "$pc" promisc off || rc=1
	return $rc
}

churn_roles()
{
	local rc=0

	"$GLCTL" port set "$sw" port "${port[b]}" role primary || rc=1
	"$GLCTL" port set "$sw" port "${port[d]}" role secondary || rc=1
	"$GLCTL" port set "$sw" port "${port[b]}" role none || rc=1
	"$GLCTL" port set "$sw" port "${port[d]}" role none || rc=1
	return $rc
}

churn_vlan()
{
	local g rc=0

	for g in a b; do
		"$GLCTL" vlan add "$sw" port "${port[$g]}" vid 10 || rc=1
	done
	sleep 0.2
	for g in a b; do
		"$GLCTL" vlan del "$sw" port "${port[$g]}" vid 10 || rc=1
	done
	return $rc
}

churn_fdb()
{
	"$GLCTL" fdb flush "$sw" || return 1
	sleep 0.5
}

# received = accepted + ingress drops, for every port of the switch (a
# missing drop counter is a mismatch too)
reconcile()
{
	"$GLCTL" -j -s port show "$sw" | jq -e '
		[.[] | .stats as $s
		 | [$s.drop_runt, $s.drop_bad_src, $s.drop_vlan, $s.drop_loop,
		    $s.drop_down, $s.drop_filtered, $s.drop_forged_src,
		    $s.drop_stacked_tag] as $d
		 | select(($d | any(. == null)) or
			  $s.rx_packets != $s.rx_accepted + ($d | add))
		 | "\(.ifname): \($s)"] | if length == 0 then true
		 else (.[] | debug) | false end' >/dev/null 2>"$GL_TMP/reconcile.err"
	local rc=$?

	[ $rc = 0 ] || ktap_print_msg "$(cat "$GL_TMP/reconcile.err")"
	return $rc
}

start_traffic()
{
	gl_bg SENDA ip netns exec "${ns[a]}" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "${mac[a]}" -d "${mac[b]}" -L -t 0 -g 300
	gl_bg SENDA10 ip netns exec "${ns[a]}" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "${mac[a]}" -v 10 -L -t 0 -g 2000
	gl_bg SENDB ip netns exec "${ns[b]}" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-r -L -t 0 -g 1000
	gl_bg SENDC ip netns exec "${ns[c]}" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "${mac[c]}" -d "${mac[a]}" -L -t 0 -g 300
	gl_bg SENDD ip netns exec "${ns[d]}" "$TAPH" raw eth0 send -e "$GL_ETYPE" \
		-s "${mac[d]}" -d 02:00:00:00:ee:ee -L -t 0 -g 500
}

stop_traffic()
{
	local t

	for t in SENDA SENDA10 SENDB SENDC SENDD; do
		gl_bg_stop "$t"
	done
}

ktap_print_header
ktap_set_plan 17

gl_dmesg_mark
gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
"$GLCTL" set "$sw" ageing 1 || ktap_exit_fail_msg "cannot set ageing"
for g in "${names[@]}"; do
	gl_ns_add "NS$g" || ktap_exit_fail_msg "cannot create netns"
	v=NS$g
	ns[$g]=${!v}
	gl_guest_add "$sw" "${port[$g]}" "${ns[$g]}" "${mac[$g]}" ||
		ktap_exit_fail_msg "cannot add guest $g"
done
"$GLCTL" vlan add "$sw" port "${port[c]}" vid 10

start_traffic
deadline=$((EPOCHSECONDS + STRESS_SECS))
loops=(port ns promisc roles vlan fdb)
for l in "${loops[@]}"; do
	churn "$l" "churn_$l" &
	GL_PIDS+=($!)
done
wait "${GL_PIDS[@]: -${#loops[@]}}"
stop_traffic
sleep 1

for l in "${loops[@]}"; do
	read -r ok n <"$GL_TMP/rounds.$l"
	if [ "${ok:-0}" != "${n:-x}" ]; then
		ktap_print_msg "$l: $(tail -n 3 "$GL_TMP/churn.$l.log")"
	fi
	gl_check "churn '$l': every round succeeded (${ok:-0} of ${n:-0} in ${STRESS_SECS}s)" \
		test "${ok:-0}" -gt 0 -a "${ok:-0}" = "${n:-0}"
done
stable=$(printf '%s\n' "${port[@]}" | sort)
gl_check "the churned ports are gone" \
	slowwait 20 bash -c "[ \"\$('$GLCTL' -j port show '$sw' | jq -r '.[].ifname' | sort)\" = '$stable' ]"

# Every frame a guest sent reached its port or was dropped by the veth
sent=0 lost=""
for t in SENDA SENDA10 SENDB SENDC SENDD; do
	n=$(tail -n1 "$GL_TMP/$t.out")
	[ -n "$n" ] && [ "$n" -gt 0 ] || lost+=" $t:none"
	sent=$((sent + ${n:-0}))
done
gl_check_eq "every traffic generator sent frames" "" "$lost"
arrived=0
for g in "${names[@]}"; do
	arrived=$((arrived + $(gl_port_stat "$sw" "${port[$g]}" rx_packets) +
		   $(veth_stat "${ns[$g]}" tx.dropped)))
done
ktap_print_msg "the guests sent $sent frames"
gl_check_eq "sent = received by the ports + dropped by the veths" "$sent" "$arrived"
gl_check "per port: rx_packets = rx_accepted + ingress drops" reconcile
gl_check_eq "no drop_mtu/drop_nomem" "0 0" "$(gl_sw_stat "$sw" drop_mtu) $(gl_sw_stat "$sw" drop_nomem)"

# The survivors still switch known unicast exactly
"$GLCTL" set "$sw" ageing 300
"$GLCTL" fdb flush "$sw"
gl_ns_send "${ns[b]}" eth0 -s "${mac[b]}" -n 1
slowwait 10 gl_fdb_has "$sw" "${mac[b]}" "${port[b]}"
gl_cap_start B "${ns[b]}" raw eth0 -s "${mac[a]}" -e "$GL_ETYPE"
gl_ns_send "${ns[a]}" eth0 -s "${mac[a]}" -d "${mac[b]}" -n 20
gl_settle
gl_check_eq "switch still forwards A->B exactly" 20 "$(gl_cap_rx B)"
gl_check "no kernel warnings after the churn" gl_dmesg_clean

# rmmod under traffic and churn
if [ -z "$GUESTLAN_KO" ] || [ ! -r "$GUESTLAN_KO" ]; then
	for t in "rmmod under traffic and churn" "module gone" "insmod again" \
		 "no kernel warnings after rmmod"; do
		ktap_test_skip "$t (GUESTLAN_KO not set: could not reload the module)"
	done
	gl_finished
fi
start_traffic
deadline=$((EPOCHSECONDS + 5))
for l in port promisc; do
	churn "$l" "churn_$l" &
	GL_PIDS+=($!)
done
sleep 2
gl_check "rmmod guestlan under traffic and churn" timeout 60 rmmod guestlan
wait "${GL_PIDS[@]: -2}"
stop_traffic
gl_check "module gone" test ! -d /sys/module/guestlan
gl_check "insmod \$GUESTLAN_KO again" insmod "$GUESTLAN_KO"
gl_check "no kernel warnings after rmmod" gl_dmesg_clean

gl_finished
