#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VLAN / promiscuous-mode / sniffing selftests (vlan.sh,
# promisc.sh, promisc_owner.sh, sniff.sh, drop_tap.sh).  Source after lib.sh.
#
# The standard topology (gl_pr_topo):
#   A, B   access ports of VLAN 10 (pvid 10 untagged, VLAN 1 removed)
#   D, E   access ports of VLAN 20
#   C      trunk: tagged 10 and 20, VLAN 1 removed (the would-be sniffer)
# Each guest is eth0 in its own netns; the switch-side ports are $pa..$pe.
# All guest MACs are static FDB entries, so unicast never floods.

MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
MD=02:00:00:00:0d:01
ME=02:00:00:00:0e:01

sw=gs$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
pd=gpd$GL_ID
pe=gpe$GL_ID

gl_pr_require()
{
	gl_require_all
	gl_require_cmd tcpdump
	gl_modprobe 8021q
}

# gl_pr_vlan_access PORT VID: PORT becomes an access port of VID only
gl_pr_vlan_access()
{
	"$GLCTL" vlan add "$sw" port "$1" vid "$2" pvid untagged &&
		"$GLCTL" vlan del "$sw" port "$1" vid 1
}

# gl_pr_vlan_trunk PORT VID...: PORT carries VID... tagged, no VLAN 1
gl_pr_vlan_trunk()
{
	local p=$1 v; shift

	for v in "$@"; do
		"$GLCTL" vlan add "$sw" port "$p" vid "$v" || return 1
	done
	"$GLCTL" vlan del "$sw" port "$p" vid 1
}

gl_pr_topo()
{
	gl_switch_add "$sw" || return 1
	gl_ns_add NSA && gl_ns_add NSB && gl_ns_add NSC &&
		gl_ns_add NSD && gl_ns_add NSE || return 1
	gl_guest_add "$sw" "$pa" "$NSA" "$MA" &&
		gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
		gl_guest_add "$sw" "$pc" "$NSC" "$MC" &&
		gl_guest_add "$sw" "$pd" "$NSD" "$MD" &&
		gl_guest_add "$sw" "$pe" "$NSE" "$ME" || return 1
	gl_pr_vlan_access "$pa" 10 && gl_pr_vlan_access "$pb" 10 &&
		gl_pr_vlan_access "$pd" 20 && gl_pr_vlan_access "$pe" 20 &&
		gl_pr_vlan_trunk "$pc" 10 20 || return 1
	# whatever was learned while the ports were still in VLAN 1 goes
	gl_fdb_flush_dyn
	"$GLCTL" fdb add "$sw" mac "$MA" vlan 10 port "$pa" &&
		"$GLCTL" fdb add "$sw" mac "$MB" vlan 10 port "$pb" &&
		"$GLCTL" fdb add "$sw" mac "$MD" vlan 20 port "$pd" &&
		"$GLCTL" fdb add "$sw" mac "$ME" vlan 20 port "$pe" &&
		"$GLCTL" fdb add "$sw" mac "$MC" vlan 10 port "$pc" &&
		"$GLCTL" fdb add "$sw" mac "$MC" vlan 20 port "$pc"
}

gl_fdb_flush_dyn()
{
	"$GLCTL" fdb flush "$sw" >/dev/null 2>&1
	return 0
}

##############################################################################
# Captures with tcpdump (they show the 802.1Q tags that tap-helper's raw
# sockets cannot see)

# gl_td_start TAG NS|"" DEV [tcpdump args]: tcpdump -Q in -w $GL_TMP/TAG.pcap
# (received frames only; immediate mode: TPACKET_V3 blocks not yet handed
# over when tcpdump is stopped would be lost).  In a guest's netns it runs
# with -p: a promiscuous tcpdump on the guest's own interface is the guest
# asking for promiscuous mode (promisc.c), which a capture that only
# watches must not do; gl_td_start_promisc is the guest's own tcpdump.
gl_td_start()
{
	local tag=$1 ns=$2 dev=$3; shift 3
	local pre=()

	if [ -n "$ns" ]; then
		pre=(ip netns exec "$ns")
		[ "${GL_TD_PROMISC:-0}" = 1 ] || set -- -p "$@"
	fi
	rm -f "$GL_TMP/$tag.pcap" "$GL_TMP/$tag.td"
	"${pre[@]}" tcpdump -i "$dev" -Q in -n -U --immediate-mode -w "$GL_TMP/$tag.pcap" "$@" \
		>"$GL_TMP/$tag.td" 2>&1 &
	eval "GL_TD_$tag=$!"
	GL_PIDS+=($!)
	slowwait 20 grep -q "listening on" "$GL_TMP/$tag.td"
}

# gl_td_start_promisc TAG NS DEV [tcpdump args]: the guest's own plain tcpdump
gl_td_start_promisc()
{
	GL_TD_PROMISC=1 gl_td_start "$@"
}

gl_td_stop()
{
	local pid_var="GL_TD_$1"
	local pid=${!pid_var}

	# let a loaded (emulated) machine's tcpdump catch up
	sleep "${GL_TD_SETTLE:-1}"
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# gl_td_lines TAG: the whole capture as "tcpdump -e" text
gl_td_lines()
{
	tcpdump -r "$GL_TMP/$1.pcap" -n -e 2>/dev/null
}

# gl_td_text TAG: decode the capture once into $GL_TMP/TAG.txt
# ("tcpdump -e" lines of our test ethertype only)
gl_td_text()
{
	gl_td_lines "$1" | grep "0x88b5" >"$GL_TMP/$1.txt"
	return 0
}

# gl_td_count TAG SRC DST VLAN: frames SRC > DST (of our test ethertype)
# with 802.1Q tag VLAN ("-": untagged) in the decoded capture
gl_td_count()
{
	local tag=$1 src=$2 dst=$3 vlan=$4
	local n

	if [ "$vlan" = "-" ]; then
		n=$(grep -i " $src > $dst, " "$GL_TMP/$tag.txt" |
			grep -vc "ethertype 802.1Q")
	else
		n=$(grep -ic " $src > $dst, ethertype 802.1Q (0x8100), length [0-9]*: vlan $vlan," \
			"$GL_TMP/$tag.txt")
	fi
	echo $((n))
}

# gl_td_total TAG: frames of our test ethertype, whatever their tags
gl_td_total()
{
	echo $(($(wc -l <"$GL_TMP/$1.txt")))
}

##############################################################################
# Promiscuous mode

# gl_promisc_ioctl DEV on|off: SIOCSIFFLAGS, the second of the three ways
# to ask: busybox ifconfig (fast) or python3's fcntl.ioctl
gl_promisc_ioctl()
{
	if busybox ifconfig --help 2>&1 | grep -q promisc; then
		if [ "$2" = on ]; then
			busybox ifconfig "$1" promisc
		else
			busybox ifconfig "$1" -promisc
		fi
		return
	fi
	python3 - "$1" "$2" <<'PYEOF'
import fcntl, socket, struct, sys
SIOCGIFFLAGS, SIOCSIFFLAGS, IFF_PROMISC = 0x8913, 0x8914, 0x100
dev, on = sys.argv[1].encode(), sys.argv[2] == "on"
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
flags = struct.unpack("16sH", fcntl.ioctl(s, SIOCGIFFLAGS, struct.pack("16sH", dev, 0))[:18])[1]
flags = flags | IFF_PROMISC if on else flags & ~IFF_PROMISC
fcntl.ioctl(s, SIOCSIFFLAGS, struct.pack("16sH", dev, flags))
PYEOF
}

# gl_promisc_set WAY DEV on|off, WAY: iplink | sioc | glctl
gl_promisc_set()
{
	case "$1" in
	iplink) ip link set "$2" promisc "$3" ;;
	sioc) gl_promisc_ioctl "$2" "$3" ;;
	glctl) "$GLCTL" promisc "$2" "$3" ;;
	*) return 2 ;;
	esac
}

# gl_port_json SWITCH PORT JQPATH
gl_port_json()
{
	"$GLCTL" -j -s port show "$1" |
		jq -r --arg p "$2" ".[] | select(.ifname == \$p) | $3"
}

gl_promisc_state()
{
	gl_port_json "$1" "$2" .promisc
}

# gl_promisc_wait SWITCH PORT STATE: the poller noticed
gl_promisc_wait()
{
	slowwait 10 bash -c "[ \"\$('$GLCTL' -j port show '$1' | jq -r '.[] | select(.ifname == \"$2\") | .promisc')\" = '$3' ]"
}

# gl_user_promisc DEV: 1 if the user flag (ip link's PROMISC) is set
gl_user_promisc()
{
	ip -j link show "$1" | jq -r '.[0].flags | index("PROMISC") != null'
}

##############################################################################
# Traffic

: "${PR_N:=6}"		# unicast frames each way per pair
: "${PR_NB:=4}"		# broadcasts per VLAN

# gl_pr_traffic: A->B, B->A, D->E, E->D ($PR_N each), $PR_NB broadcasts
# from A (VLAN 10) and from D (VLAN 20)
gl_pr_traffic()
{
	gl_ns_send "$NSA" eth0 -s "$MA" -d "$MB" -n "$PR_N" &&
		gl_ns_send "$NSB" eth0 -s "$MB" -d "$MA" -n "$PR_N" &&
		gl_ns_send "$NSD" eth0 -s "$MD" -d "$ME" -n "$PR_N" &&
		gl_ns_send "$NSE" eth0 -s "$ME" -d "$MD" -n "$PR_N" &&
		gl_ns_send "$NSA" eth0 -s "$MA" -d ff:ff:ff:ff:ff:ff -n "$PR_NB" &&
		gl_ns_send "$NSD" eth0 -s "$MD" -d ff:ff:ff:ff:ff:ff -n "$PR_NB"
}

# gl_pr_summary TAG: what capture TAG saw of gl_pr_traffic, as
# "ab=N ba=N de=N ed=N bc10=N bc20=N total=N" (tags 10 and 20 expected)
gl_pr_summary()
{
	local t=$1

	gl_td_text "$t"
	echo "ab=$(gl_td_count "$t" "$MA" "$MB" 10)" \
	     "ba=$(gl_td_count "$t" "$MB" "$MA" 10)" \
	     "de=$(gl_td_count "$t" "$MD" "$ME" 20)" \
	     "ed=$(gl_td_count "$t" "$ME" "$MD" 20)" \
	     "bc10=$(gl_td_count "$t" "$MA" ff:ff:ff:ff:ff:ff 10)" \
	     "bc20=$(gl_td_count "$t" "$MD" ff:ff:ff:ff:ff:ff 20)" \
	     "total=$(gl_td_total "$t")"
}

# gl_pr_expect AB DE: the summary when A<->B copies are AB each way, D<->E
# copies DE each way (broadcasts always $PR_NB per VLAN)
gl_pr_expect()
{
	echo "ab=$1 ba=$1 de=$2 ed=$2 bc10=$PR_NB bc20=$PR_NB" \
	     "total=$((2 * $1 + 2 * $2 + 2 * PR_NB))"
}

# gl_pr_round TAG: capture on C's eth0 while gl_pr_traffic runs; prints
# the summary
gl_pr_round()
{
	gl_td_start "$1" "$NSC" eth0 || { echo "tcpdump did not start"; return; }
	gl_pr_traffic
	gl_settle
	gl_td_stop "$1"
	if [ "$(stat -c %s "$GL_TMP/$1.pcap" 2>/dev/null || echo 0)" -le 24 ]; then
		echo "# capture $1 is empty; tcpdump said:" >&2
		sed 's/^/#   /' "$GL_TMP/$1.td" >&2
	fi
	gl_pr_summary "$1"
}
