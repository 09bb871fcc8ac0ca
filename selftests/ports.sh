#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Attaching and detaching ports, and the devices that must be refused.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_modprobe bridge 8021q
sw=gs$GL_ID
sw2=gt$GL_ID
tap=gtap$GL_ID
va=gva$GL_ID
vb=gvb$GL_ID
tun=gtun$GL_ID
br=gbr$GL_ID
vx=gvx$GL_ID
vy=gvy$GL_ID
vz=gvz$GL_ID

ktap_print_header
ktap_set_plan 17

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_switch_add "$sw2" || ktap_exit_fail_msg "cannot create second switch"
gl_tap_add "$tap" || ktap_exit_fail_msg "cannot create tap"
ip link add "$va" type veth peer name "$vb" && GL_DEVS+=("$va")
gl_quiet "$va"; gl_quiet "$vb"
ip link set "$va" up; ip link set "$vb" up

gl_check "attach tap port" ip link set "$tap" master "$sw"
gl_check "attach veth port" ip link set "$va" master "$sw"
gl_check_eq "glctl port show lists both" "$(printf '%s\n' "$tap" "$va" | sort)" \
	"$(gl_port_list "$sw")"
gl_check_eq "n_ports 2" 2 "$(gl_sw_get "$sw" .n_ports)"
gl_check_eq "port has the switch as master" "$sw" \
	"$(ip -j link show "$va" | jq -r '.[0].master')"
gl_check "port is promiscuous" \
	test "$(ip -d -j link show "$va" | jq -r '.[0].promiscuity')" -ge 1
gl_check "detach veth (nomaster)" ip link set "$va" nomaster
gl_check_eq "detached port gone, n_ports 1" "$tap 1" \
	"$(gl_port_list "$sw" | tr '\n' ' ')$(gl_sw_get "$sw" .n_ports)"

gl_check_fail "loopback refused" "loopback" ip link set lo master "$sw"

ip tuntap add dev "$tun" mode tun && GL_DEVS+=("$tun")
gl_check_fail "non-Ethernet (tun) refused" "ethernet" ip link set "$tun" master "$sw"

gl_check_fail "switch into itself refused" "itself|loop" ip link set "$sw" master "$sw"
gl_check_fail "guestlan switch as a port refused" "guestlan" ip link set "$sw2" master "$sw"

# rtnetlink's do_set_master() releases a device from its current master
# (ndo_del_slave) before ndo_add_slave, so "ip link set X master" moves a
# port of another switch or bridge: check that the move is clean.
ip link set "$va" master "$sw2"
gl_check_eq "port of another guestlan switch moves over cleanly" "$sw 0" \
	"$(ip link set "$va" master "$sw" && ip -j link show "$va" | jq -r '.[0].master') $(gl_sw_get "$sw2" .n_ports)"
ip link set "$va" nomaster

if ip link add "$br" type bridge 2>/dev/null; then
	GL_DEVS+=("$br")
	ip link add "$vx" type veth peer name "$vy" && GL_DEVS+=("$vx")
	ip link set "$vx" master "$br"
	gl_check_eq "bridge port moves over cleanly" "$sw 0" \
		"$(ip link set "$vx" master "$sw" && ip -j link show "$vx" | jq -r '.[0].master') $(ip -j link show master "$br" | jq length)"
	ip link set "$vx" nomaster
else
	ktap_test_skip "bridge port moves over cleanly (cannot create a Linux bridge here)"
fi

if ip link add link "$sw" name "$vz" type vlan id 10 2>/dev/null; then
	GL_DEVS+=("$vz")
	gl_check_fail "vlan on top of the switch refused (loop)" \
		"loop|upper|itself|guestlan|busy" ip link set "$vz" master "$sw"
else
	ktap_test_skip "vlan on top of the switch refused (cannot create a vlan device here)"
fi

gl_check_eq "refusals left the port list alone" "$tap" "$(gl_port_list "$sw")"
ip link del "$tap"
gl_check_eq "deleting the tap removes the port" 0 "$(gl_sw_get "$sw" .n_ports)"

gl_finished
