#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A Linux bridge as a LAN segment behind guestlan: the bridge (in its own
# netns) has three hosts and an uplink veth whose other end is the primary
# bridge port of the switch, learning on.  A guest on the switch pings
# every host end to end; the switch learns their MACs on the bridge port,
# the bridge learns the guest's MAC on its uplink.
source "$(dirname "$(readlink -f "$0")")/lib_bp.sh"

bp_require_all
gl_require_cmd ping
gl_modprobe bridge
sw=gs$GL_ID
pu=gpu$GL_ID	# the bridge's uplink, on the switch
pg=gpg$GL_ID	# the guest's port
pz=gpz$GL_ID	# a plain bystander port
MG=02:00:00:00:01:01
MZ=02:00:00:00:01:02
HOSTS="1 2 3"

# ping_ok NS IP: two echo replies
ping_ok()
{
	ip netns exec "$1" ping -q -c 2 -i 0.3 -W 3 "$2" >/dev/null
}

ktap_print_header
ktap_set_plan 20

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSG && gl_ns_add NSZ && gl_ns_add NSBR || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pg" "$NSG" "$MG" 192.0.2.1/24 &&
	gl_guest_add "$sw" "$pz" "$NSZ" "$MZ" 192.0.2.99/24 ||
	ktap_exit_fail_msg "cannot add guests"
gl_dmesg_mark

# the bridge and its uplink: eth0 in NSBR is the uplink
gl_guest_add "" "$pu" "$NSBR" 02:00:00:00:02:00 || ktap_exit_fail_msg "cannot add uplink"
ip -n "$NSBR" link add br0 type bridge || gl_skip_all "no bridge support"
ip netns exec "$NSBR" sysctl -qw net.ipv6.conf.br0.disable_ipv6=1
ip -n "$NSBR" link set eth0 master br0
ip -n "$NSBR" link set br0 up
for h in $HOSTS; do
	gl_ns_add "NSH$h" || ktap_exit_fail_msg "cannot create netns"
	ns=NSH$h
	ip -n "$NSBR" link add "h$h" type veth peer name eth0 netns "${!ns}" ||
		ktap_exit_fail_msg "cannot create host veth"
	ip -n "${!ns}" link set eth0 address "02:00:00:00:03:0$h"
	ip -n "${!ns}" addr add "192.0.2.1$h/24" dev eth0
	ip -n "${!ns}" link set eth0 up
	ip -n "$NSBR" link set "h$h" master br0
	ip -n "$NSBR" link set "h$h" up
done
ip link set "$pu" master "$sw" || ktap_exit_fail_msg "cannot attach the uplink"

bp_set "$sw" "$pu" role primary
bp_check_states "uplink is the active primary bridge port" "$sw" "primary/active" "$pu"
gl_check_eq "learning on the uplink" true "$(bp_port "$sw" "$pu" .vnicc.learning)"
busywait 10000 bash -c "ip -n '$NSBR' link show br0 | grep -q 'state UP'"

for h in $HOSTS; do
	gl_check "guest pings host $h behind the bridge" \
		ping_ok "$NSG" "192.0.2.1$h"
done
for h in $HOSTS; do
	gl_check "FDB: host $h's MAC on the bridge port" \
		gl_fdb_has "$sw" "02:00:00:00:03:0$h" "$pu"
done
gl_check "FDB: the guest's MAC on its own port" gl_fdb_has "$sw" "$MG" "$pg"
gl_check_eq "3 MACs learned on the bridge port" 3 "$(bp_port "$sw" "$pu" .n_learned)"
gl_check "bridge learned the guest's MAC on its uplink" \
	bash -c "bridge -n '$NSBR' fdb show br br0 | grep -i '$MG' | grep -qw eth0"
gl_check "host 2 pings the guest" ping_ok "$NSH2" 192.0.2.1

# known unicast to the hosts goes to the bridge port only, not to Z
tx=$(gl_port_stat "$sw" "$pu" tx_packets)
gl_cap_start Z "$NSZ" raw eth0 -s "$MG"
ip netns exec "$NSG" ping -c 3 -i 0.3 -W 3 192.0.2.13 >/dev/null
gl_settle
gl_check_eq "bystander sees none of the guest's unicast" 0 "$(gl_cap_stop Z)"
gl_check "bridge port sent >= 3 more" \
	test "$(gl_port_stat "$sw" "$pu" tx_packets)" -ge $((tx + 3))

# bridgeport-only: ARP for a new target still works (broadcast), and
# frames to a MAC behind the bridge that the switch has not learned yet
# reach the bridge through the active bridge port only
"$GLCTL" set "$sw" unknown-unicast bridgeport-only
"$GLCTL" fdb flush "$sw" port "$pu"
ip -n "$NSG" neigh flush dev eth0
# counted in the kernel, test frames only: the guest's stack may meanwhile
# answer host 1's unicast ARP probe of it (NUD_PROBE after the pings above),
# which reaches host 1 the same way
gl_cap_start Z "$NSZ" raw eth0 -k -e "$GL_ETYPE"
gl_cap_start H "$NSH1" raw eth0 -k -e "$GL_ETYPE"
gl_ns_send "$NSG" eth0 -s "$MG" -d 02:00:00:00:03:01 -n 4
gl_settle
gl_check_eq "bridgeport-only: unknown unicast reaches host 1 via the bridge" 4 "$(gl_cap_stop H)"
gl_check_eq "bridgeport-only: not the bystander" 0 "$(gl_cap_stop Z)"
ip -n "$NSG" neigh flush dev eth0
for h in $HOSTS; do
	gl_check "bridgeport-only: guest pings host $h" \
		ping_ok "$NSG" "192.0.2.1$h"
done
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
