#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# VLANs: vlan add/del/show, untagged ingress to the PVID (no PVID: dropped),
# tagged ingress of a VLAN the port is not in dropped and counted
# (drop_vlan), floods stay in their VLAN, egress tagged unless untagged on
# the port, FDB entries per {MAC, VID}, the switch device as a VLAN member.
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

gl_pr_require

ktap_print_header
ktap_set_plan 27
gl_dmesg_mark

gl_pr_topo || ktap_exit_fail_msg "cannot set up the topology"
MA2=02:00:00:00:0a:02
MX=02:00:00:00:0c:02
BC=ff:ff:ff:ff:ff:ff
N=3

# --- configuration as shown ------------------------------------------------
vjson()
{
	"$GLCTL" -j vlan show "$sw" | jq -c --arg p "$1" \
		'.[] | select(.port == $p) | [.pvid, [.vlans[] | [.vid, .pvid, .untagged]]]'
}
gl_check_eq "vlan show: access port A: pvid 10, 10 untagged only" \
	'[10,[[10,true,true]]]' "$(vjson "$pa")"
gl_check_eq "vlan show: access port D: pvid 20, 20 untagged only" \
	'[20,[[20,true,true]]]' "$(vjson "$pd")"
c_vlans=$("$GLCTL" -j vlan show "$sw" | jq -c --arg p "$pc" \
	'.[] | select(.port == $p) | [.vlans[] | [.vid, .pvid, .untagged]]')
gl_check_eq "vlan show: trunk C: 10 and 20 tagged, no PVID VLAN" \
	'[[10,false,false],[20,false,false]]' "$c_vlans"
gl_check_eq "vlan show: the switch device: VLAN 1 pvid untagged" \
	'[1,[[1,true,true]]]' "$(vjson "$sw")"
gl_check_eq "port show: pvid and vlans agree" "10 20" \
	"$(gl_port_json "$sw" "$pa" .pvid) $(gl_port_json "$sw" "$pd" .pvid)"
gl_check "vlan add vid 4095 refused" \
	bash -c "! '$GLCTL' vlan add '$sw' port '$pa' vid 4095 2>/dev/null"
gl_check "vlan add vid 0 refused" \
	bash -c "! '$GLCTL' vlan add '$sw' port '$pa' vid 0 2>/dev/null"

# --- one capture window, frames told apart by source and tag ----------------
dv_a=$(gl_port_stat "$sw" "$pa" drop_vlan)
dv_c=$(gl_port_stat "$sw" "$pc" drop_vlan)
gl_td_start C "$NSC" eth0
gl_td_start B "$NSB" eth0
gl_cap_start A "$NSA" raw eth0 -e "$GL_ETYPE"
gl_cap_start D "$NSD" raw eth0 -e "$GL_ETYPE"
gl_cap_start E "$NSE" raw eth0 -e "$GL_ETYPE"
gl_cap_start H "" raw "$sw" -e "$GL_ETYPE"

# a: A broadcasts untagged -> VLAN 10
gl_ns_send "$NSA" eth0 -s "$MA" -d "$BC" -n $N
# b: D broadcasts untagged -> VLAN 20
gl_ns_send "$NSD" eth0 -s "$MD" -d "$BC" -n $N
# c: A sends tagged 20: not a member -> dropped
gl_ns_send "$NSA" eth0 -s "$MA2" -d "$BC" -v 20 -n $N
# d: C sends tagged 30: not a member -> dropped
gl_ns_send "$NSC" eth0 -s "$MC" -d "$BC" -v 30 -n $N
# e: C sends tagged 10 to B
gl_ns_send "$NSC" eth0 -s "$MC" -d "$MB" -v 10 -n $N
# f: C sends untagged: C has no PVID -> dropped
gl_ns_send "$NSC" eth0 -s "$MC" -d "$BC" -n $N
# g: A to C (static {MC, 10})
gl_ns_send "$NSA" eth0 -s "$MA" -d "$MC" -n $N
# h: C broadcasts tagged 20 from a new MAC
gl_ns_send "$NSC" eth0 -s "$MX" -d "$BC" -v 20 -n 1
gl_settle
gl_td_stop C
gl_td_stop B
gl_td_text C
gl_td_text B

gl_check_eq "untagged ingress on A: B gets it untagged" "$N" "$(gl_td_count B "$MA" "$BC" -)"
gl_check_eq "untagged ingress on A: trunk C gets it tagged 10" "$N" "$(gl_td_count C "$MA" "$BC" 10)"
gl_check_eq "untagged ingress on D: trunk C gets it tagged 20" "$N" "$(gl_td_count C "$MD" "$BC" 20)"
gl_check_eq "tagged ingress 10 on C: B gets it untagged" "$N" "$(gl_td_count B "$MC" "$MB" -)"
gl_check_eq "unicast A -> C: tagged 10 on the trunk" "$N" "$(gl_td_count C "$MA" "$MC" 10)"
gl_check_eq "B: nothing else (no VLAN 20, no drops leaked)" $((2 * N)) "$(gl_td_total B)"
gl_check_eq "C: nothing else (own frames not back, drops not leaked)" $((3 * N)) "$(gl_td_total C)"
gl_check_eq "A: gets nothing (VLAN 20 floods, own floods)" 0 "$(gl_cap_stop A)"
gl_check_eq "D and E: only the VLAN 20 floods" "1 $((N + 1))" \
	"$(gl_cap_stop D) $(gl_cap_stop E)"
gl_check_eq "host (VLAN 1 only): nothing" 0 "$(gl_cap_stop H)"
gl_check_eq "A tagged 20 (not a member): drop_vlan +$N on A" $((dv_a + N)) \
	"$(gl_port_stat "$sw" "$pa" drop_vlan)"
gl_check_eq "C tagged 30 and untagged without PVID: drop_vlan +$((2 * N)) on C" \
	$((dv_c + 2 * N)) "$(gl_port_stat "$sw" "$pc" drop_vlan)"
gl_check_eq "FDB: new MAC learned in VLAN 20 only" "$pc -" \
	"$(gl_fdb_port "$sw" "$MX" 20) $(gl_fdb_entry "$sw" "$MX" 10)$(gl_fdb_entry "$sw" "$MX" 1)-"
gl_check "FDB: dropped source not learned" \
	bash -c "[ -z \"\$('$GLCTL' -j fdb show '$sw' | jq -r '.[] | select(.mac == \"$MA2\")')\" ]"

# --- vlan del ---------------------------------------------------------------
"$GLCTL" vlan del "$sw" port "$pc" vid 20
gl_check_eq "vlan del: C only in VLAN 10" '[[10,false,false]]' \
	"$("$GLCTL" -j vlan show "$sw" | jq -c --arg p "$pc" \
		'.[] | select(.port == $p) | [.vlans[] | [.vid, .pvid, .untagged]]')"
gl_cap_start C "$NSC" raw eth0 -e "$GL_ETYPE"
gl_ns_send "$NSD" eth0 -s "$MD" -d "$BC" -n $N
gl_settle
gl_check_eq "vlan del: C no longer gets VLAN 20 floods" 0 "$(gl_cap_stop C)"

# --- the switch device as a member of VLAN 10 -------------------------------
hv=ghv$GL_ID
"$GLCTL" vlan add "$sw" port "$sw" vid 10
ip link add link "$sw" name "$hv" type vlan id 10 && GL_DEVS+=("$hv")
gl_quiet "$hv"
ip addr add 10.99.10.254/24 dev "$hv"
ip link set "$hv" up
ip -n "$NSA" addr add 10.99.10.1/24 dev eth0
gl_check "host over $sw.10 pings A in VLAN 10" \
	ping -c 2 -W 5 -I "$hv" 10.99.10.1
gl_check_eq "FDB: the host's MAC learned/local in VLAN 10 on the switch device" "$sw" \
	"$(gl_fdb_port "$sw" "$(cat "/sys/class/net/$sw/address")" 10)"
"$GLCTL" vlan del "$sw" port "$sw" vid 10
gl_check "vlan del on the switch device: ping fails" \
	bash -c "! ping -c 1 -W 2 -I '$hv' 10.99.10.1 >/dev/null 2>&1"

gl_check "kernel log clean" gl_dmesg_clean

gl_finished
