#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare two glctl binaries over a long list of invocations against the
# same live guestlan state: stdout, stderr, exit code, the netlink requests
# they send (strace of sendto) and, after the commands that change
# something, the state they leave.  Root, in a VM with guestlan loaded:
#
#   tools/vm/run --kernel KVER --ko build/KVER/guestlan.ko \
#	--env OLD=/tmp/glctl-old --env NEW=$PWD/tools/glctl/glctl \
#	-- tools/glctl/compare.sh
#
# The old binary runs in netns glo, the new one in netns gln; both hold
# the same devices with the same ifindexes and MACs (ifindexes are per
# netns), set up by the old binary:
#
#   lan0 (ifindex 100): va (101, peer pa down), vb (103, peer pb down),
#                       vc (105, peer pc up: UP, no traffic, no IPv6)
#   lan1 (110): no ports; dummy0 (120): not a guestlan device
#
# so that the requests are comparable byte for byte and a command that
# changes something changes both states alike (they are compared after
# it, and set up again at each group of commands).  FDB ages are the only
# values normalized (they tick between two runs).  One difference is
# intended and counted apart: the usage text lists "glctl completion
# bash".  KNOWN="N ..." lists more invocations whose difference is
# intended; they are shown but do not fail.  The last line is
# "N passed, N failed".

OLD=${OLD:-/tmp/glctl-old}
NEW=${NEW:-$(dirname "$(readlink -f "$0")")/glctl}
work=$(mktemp -d /tmp/glctl-compare.XXXXXX)
n=0 pass=0 fail=0 known=0
fails=()

[ "$(id -u)" -eq 0 ] || { echo "compare: needs root" >&2; exit 2; }
[ -x "$OLD" ] && [ -x "$NEW" ] || { echo "compare: OLD=$OLD NEW=$NEW?" >&2; exit 2; }
command -v strace >/dev/null || { echo "compare: strace missing" >&2; exit 2; }

# devices NS: the devices, with fixed ifindexes and MACs, in netns NS.
devices()
{
	local ns=$1

	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || return 1
	ip -n "$ns" -batch - <<-EOB || return 1
	link add lan0 index 100 address 02:00:00:00:aa:00 type guestlan
	link add lan1 index 110 address 02:00:00:00:aa:10 type guestlan
	link add va index 101 address 02:00:00:00:0a:01 type veth peer name pa index 102 address 02:00:00:00:0a:02
	link add vb index 103 address 02:00:00:00:0b:01 type veth peer name pb index 104 address 02:00:00:00:0b:02
	link add vc index 105 address 02:00:00:00:0c:01 type veth peer name pc index 106 address 02:00:00:00:0c:02
	link add dummy0 index 120 address 02:00:00:00:dd:00 type dummy
	EOB
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 \
		net.ipv6.conf.lan0.disable_ipv6=1 \
		net.ipv6.conf.lan1.disable_ipv6=1 \
		net.ipv6.conf.va.disable_ipv6=1 net.ipv6.conf.pa.disable_ipv6=1 \
		net.ipv6.conf.vb.disable_ipv6=1 net.ipv6.conf.pb.disable_ipv6=1 \
		net.ipv6.conf.vc.disable_ipv6=1 net.ipv6.conf.pc.disable_ipv6=1 \
		net.ipv6.conf.dummy0.disable_ipv6=1
	ip -n "$ns" -batch - <<-EOB || return 1
	link set va master lan0
	link set vb master lan0
	link set vc master lan0
	link set va up
	link set vb up
	link set vc up
	link set pc up
	link set lan0 up
	link set va promisc on
	EOB
}

# setup NS: the reference state, set with the old binary.
setup_ns()
{
	local g="nsenter --net=/run/netns/$1 $OLD"

	devices "$1" || return 1
	$g vlan add lan0 port va vid 10
	$g vlan add lan0 port va vid 20 untagged
	$g vlan add lan0 port vb vid 5 pvid untagged
	$g vlan add lan0 port vb vid 40
	$g vlan add lan0 port vb vid 41
	$g vlan add lan0 port vb vid 42
	$g vlan add lan0 port lan0 vid 10
	$g grant lan0 port vb promisc vlan 10,20-22 uid 1000 gid 1000
	$g grant lan0 port va promisc
	$g fdb add lan0 mac 02:00:00:00:00:01 port va
	$g fdb add lan0 mac 02:00:00:00:00:02 vlan 10 port vb
	$g port set lan0 port vc role primary
	$g port set lan0 port vb max-learned 5 learning_timeout 60
	$g set lan1 ageing 100 unknown-unicast bridgeport-only max-learned 9
}

setup()
{
	setup_ns glo && setup_ns gln ||
		{ echo "compare: setup failed" >&2; exit 2; }
}

normalize()
{
	sed -E 's/"age_ms": ?[0-9]+/"age_ms":N/g; s/ age [0-9]+\.[0-9]+/ age N/g' "$@"
}

# run BIN TAG NS ARGS...: outputs into $work/TAG.{out,err,rc,req}; the
# requests without strace's pid prefix.  With $nostrace set, no requests
# (the options -j -p -s do not change them: only the first variant of a
# read-only command is traced, to save time under TCG).
run()
{
	local bin=$1 tag=$2 ns=$3 l
	local -a req
	shift 3
	if [ -n "$nostrace" ]; then
		nsenter --net="/run/netns/$ns" "$bin" "$@" \
			>"$work/$tag.out" 2>"$work/$tag.err" </dev/null
		echo $? >"$work/$tag.rc"
		rm -f "$work/$tag.req"
		l=$(<"$work/$tag.out")
		[[ $l == *age* ]] && normalize -i "$work/$tag.out"
		return
	fi
	nsenter --net="/run/netns/$ns" strace -f --seccomp-bpf -qq -o "$work/$tag.strace" \
		-e trace=sendto -xx -s 65536 "$bin" "$@" \
		>"$work/$tag.out" 2>"$work/$tag.err" </dev/null
	echo $? >"$work/$tag.rc"
	mapfile -t req <"$work/$tag.strace"
	for l in "${req[@]}"; do
		echo "${l#* }"
	done >"$work/$tag.req"
	l=$(<"$work/$tag.out")
	[[ $l == *age* ]] && normalize -i "$work/$tag.out"
}

# The state of NS, read with the old binary.
snapshot()
{
	local g="nsenter --net=/run/netns/$2 $OLD"
	{
		$g -j -s show
		$g -j -s port show
		$g -j fdb show lan0
	} >"$work/$1.state" 2>&1
	normalize -i "$work/$1.state"
}

compare()
{
	local desc=$1 f d=0 k kd=0
	n=$((n + 1))
	for f in out err rc req state; do
		[ -f "$work/old.$f" ] || continue
		if [[ "$(<"$work/old.$f")" != "$(<"$work/new.$f")" ]]; then
			# Intended: the usage lists the new "completion" command.
			if [[ "$(<"$work/old.$f")" == "$(grep -vx '       glctl completion bash' "$work/new.$f")" ]]; then
				echo "# $n $desc: $f differs only by the usage line of \"glctl completion bash\""
				kd=1
				continue
			fi
			echo "# $n $desc: $f differs"
			diff -u "$work/old.$f" "$work/new.$f" | head -n 20 | sed 's/^/#   /'
			d=1
		fi
	done
	rm -f "$work/old.state" "$work/new.state"
	if [ $d = 0 ] && [ $kd = 1 ]; then
		known=$((known + 1))
		echo "ok $n $desc # known difference: usage"
		return
	fi
	if [ $d = 0 ]; then
		pass=$((pass + 1))
		echo "ok $n $desc"
		return
	fi
	for k in ${KNOWN:-} ${expect_diff:+$n}; do
		if [ "$k" = "$n" ]; then
			known=$((known + 1))
			echo "ok $n $desc # known difference"
			return
		fi
	done
	fail=$((fail + 1))
	fails+=("$n")
	echo "not ok $n $desc"
	resync=1
}

# ro ARGS...: a command that changes nothing, in each of $ro_opts.
ro()
{
	local o nostrace=
	for o in "${ro_opts[@]}"; do
		# shellcheck disable=SC2086
		run "$OLD" old glo $o "$@"
		# shellcheck disable=SC2086
		run "$NEW" new gln $o "$@"
		compare "glctl $o $*"
		[ -z "$resync" ] || { setup; resync=; }
		nostrace=1
	done
}

# rox ARGS...: ro whose difference is intended (see the report).
rox()
{
	local expect_diff=1
	ro "$@"
}

# roj ARGS...: ro, also with -j.
roj()
{
	local ro_opts=("" "-j")
	ro "$@"
}

# rw ARGS...: a command that changes the state: the states compared too.
rw()
{
	local o
	for o in "${rw_opts[@]}"; do
		# shellcheck disable=SC2086
		run "$OLD" old glo $o "$@"
		snapshot old glo
		# shellcheck disable=SC2086
		run "$NEW" new gln $o "$@"
		snapshot new gln
		compare "glctl $o $* (+state)"
		[ -z "$resync" ] || { setup; resync=; }
	done
}

resync=
setup

# --- read-only, with output variants
ro_opts=("" "-j" "-s" "-j -p -s")
ro show
ro show lan0
ro show dev lan0
ro show lan1
ro ls
ro s lan0
ro port show
ro port
ro port show lan0
ro port show lan1
ro port ls lan0
ro port list dev lan0
ro p s lan0
ro fdb show lan0
ro fdb show lan0 port va
ro fdb show lan0 port vb
ro fdb ls lan0
ro vlan show lan0
ro vlan show lan0 port vb
ro vlan show lan0 port lan0
ro vlan show lan1
ro vlan ls lan0
ro promisc va
ro promisc vb
ro promisc vc
ro promisc dev vb

# --- errors (usage, lookup, kernel): nothing changes, one state
ro_opts=("")
roj show nosuch
ro show lan0 extra
roj show va
ro show dummy0
ro show dev
roj port show nosuch
ro port show va
ro port show lan0 extra
ro port bogus
ro port help
ro port set
ro fdb
ro fdb show
ro fdb show nosuch
ro fdb show va
ro fdb show lan0 port
roj fdb show lan0 port nosuch
ro fdb show lan0 bogus
ro fdb show lan0 mac 02:00:00:00:00:01
roj fdb bogus
ro fdb help
ro vlan
ro vlan show
ro vlan show nosuch
ro vlan show lan0 port nosuch
roj vlan show lan0 port pa
ro vlan show va
ro vlan bogus
ro vlan help
ro promisc
roj promisc nosuch
roj promisc pa
ro promisc pa on
ro promisc dummy0
ro promisc va maybe
ro promisc va on extra
ro promisc help
ro grant
ro grant help
ro grant lan0
ro revoke
ro revoke help
ro set
ro set lan0
ro set lan0 bogus 1
ro monitor extra
roj help
ro
ro bogus
ro -x
ro -j
ro --
roj -V
ro -Version
ro --version
ro -h
ro --help
ro -help
ro h
ro m x
ro g
ro r
ro f s lan0
ro v s lan0
ro se lan0
ro pr va
# "c" was an unknown command, now it is "completion".
rox c
ro set lan0 ageing 0
ro set lan0 ageing 1000001
ro set lan0 ageing x
ro set lan0 ageing
ro set lan0 max-learned 4294967296
ro set lan0 unknown-unicast bogus
ro set nosuch ageing 5
roj set va ageing 5
ro port set lan0 port vb learning-timeout 1000001
ro port set lan0 port vb max_learned -1
ro port set lan0 port vc role bogus
roj port set lan0 port vc flooding off
ro port set lan0 port vb hostnotify maybe
ro port set lan0
ro port set lan0 port vb
ro port set lan0 port vb bogus x
ro port set lan0 port vb flooding
ro port set lan0 port nosuch flooding on
ro port set lan0 flooding on
ro port set lan0 port pa flooding on
ro port set lan0 port vb aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa on
ro fdb add lan0 mac 02:00:00:00:00:10
ro fdb add lan0 port va
ro fdb add lan0 mac zz:00:00:00:00:10 port va
ro fdb add lan0 mac 02:00:00:00:00 port va
roj fdb add lan0 mac 02:00:00:00:00:01 port va
ro fdb add lan0 mac 02:00:00:00:00:12 vlan 4095 port va
ro fdb add lan0 mac 02:00:00:00:00:12 vlan 0 port va
ro fdb add lan0 mac 02:00:00:00:00:13 port pa
ro fdb add lan0 mac 02:00:00:00:00:13 port va static
roj fdb del lan0 mac 02:00:00:00:00:99
ro fdb del lan0 mac 02:00:00:00:00:01 port va
ro fdb del lan0
ro fdb flush nosuch
ro vlan add lan0 port va
ro vlan add lan0 vid 5
ro vlan add lan0 port va vid 4095
roj vlan add lan0 port pa vid 7
ro vlan del lan0 port va vid 99
ro vlan del lan0 port va vid 10 pvid
ro grant lan0 port vc promisc uid nosuchuser
ro grant lan0 port vc promisc gid nosuchgroup
ro grant lan0 port vc
ro grant lan0 promisc
ro grant lan0 port vc promisc vlan 5-3
ro grant lan0 port vc promisc vlan ,1
ro grant lan0 port vc promisc vlan 1,,2
roj grant lan0 port vc promisc vlan 4095
ro grant lan0 port vc promisc vlan x
ro grant lan0 port vc promisc uid 4294967296
ro revoke lan0 port vb
ro revoke lan0 port vb promisc vlan 10

# --- changes: a fresh state per binary, the state compared too
setup
rw_opts=("" "-j")
rw set lan0 ageing 100
rw port set lan0 port vb flooding off
rw fdb add lan0 mac 02:00:00:00:00:10 port va
rw grant lan0 port vc promisc vlan 1,5-7
rw_opts=("")
rw set lan0 max-learned 10
rw set lan0 max_learned 4294967295
rw set lan0 unknown-unicast bridgeport-only
rw set lan0 ageing-time 5 max-learned 3 unknown_unicast flood
rw set lan0 ageing_time 7 ageing 8
setup
rw port set lan0 port vb mcast-flooding off rx_bcast off
rw port set lan0 port vb learning off learning_timeout 30
rw port set lan0 port vb takeover_learning off takeover-setvmac on bridge_invisible on
rw port set lan0 port vb max-learned 7
rw port set lan0 port vc role secondary
rw port set lan0 port va role primary
rw port set lan0 port vb reflect_promisc primary
rw port set lan0 port vb reflect-promisc none hostnotify on
rw port set lan0 port vb port va flooding off
setup
rw fdb add lan0 mac 02:00:00:00:00:10 vlan 10 port va
rw fdb add lan0 lladdr 02:00:00:00:00:11 vid 20 port va
rw fdb a lan0 mac 2:0:0:0:0:14 port vb
rw fdb del lan0 mac 02:00:00:00:00:01
rw fdb del lan0 mac 02:00:00:00:00:02 vlan 10
rw fdb delete lan0 mac 02:00:00:00:00:02 vid 10
setup
rw fdb flush lan0
rw fdb flush lan0 static
rw fdb flush lan0 port va
rw fdb flush lan0 port vb static
setup
rw vlan add lan0 port va vid 50
rw vlan add lan0 port va vid 51 pvid
rw vlan add lan0 port va vid 52 untagged
rw vlan add lan0 port va vlan 53 pvid untag
rw vlan add lan0 port lan0 vid 7 pvid
rw vlan del lan0 port va vid 10
rw vlan delete lan0 port vb vid 5
setup
rw grant lan0 port vc promisc
rw grant lan0 port vc promiscuous vlans 8 vid 9
rw grant lan0 port vc promisc uid 0 gid 0
rw grant lan0 port vc promisc uid root gid root
rw grant lan0 port vc promisc vlan 1-4094
rw revoke lan0 port vb promisc
rw revoke lan0 port vc promisc
setup
rw promisc va on
rw promisc va off
rw promisc vc on
rw promisc vb on

# --- monitor: each binary listens in its netns, text and -j; the same
# changes in both
setup
for o in "" "-j"; do
	# shellcheck disable=SC2086
	ip netns exec glo timeout 90 "$OLD" $o monitor >"$work/mon.old$o" 2>&1 &
	# shellcheck disable=SC2086
	ip netns exec gln timeout 90 "$NEW" $o monitor >"$work/mon.new$o" 2>&1 &
done
sleep 3
for ns in glo gln; do
	g="nsenter --net=/run/netns/$ns $OLD"
	$g port set lan0 port vb hostnotify on
	ip -n $ns link set pb up
	ip -n $ns link set vb down
	ip -n $ns link set vb up
	$g promisc vb on
	$g port set lan0 port vc role none
	$g port set lan0 port va role secondary
	ip -n $ns addr add 10.9.9.1/24 dev pc
	ip netns exec $ns ping -c 1 -W 1 -I pc 10.9.9.9 >/dev/null 2>&1
	ip -n $ns link set vc down
	$g set lan0 ageing 42
	$g fdb flush lan0
	ip -n $ns link set vb nomaster
	ip -n $ns link set vb master lan0
	ip -n $ns link del vc
done
sleep 5
kill %1 %2 %3 %4 2>/dev/null
wait
for o in "" "-j"; do
	cp "$work/mon.old$o" "$work/old.out"
	cp "$work/mon.new$o" "$work/new.out"
	normalize -i "$work/old.out" "$work/new.out"
	echo "# monitor $o: $(wc -l <"$work/old.out") lines"
	compare "monitor $o"
done
rm -f "$work"/old.* "$work"/new.*

ip netns del glo
ip netns del gln
rm -rf "$work"
echo "# ${#fails[@]} failed: ${fails[*]}"
echo "# Totals: pass:$((pass + known)) fail:$fail (identical: $pass, known differences: $known)"
echo "$((pass + known)) passed, $fail failed"
[ "$fail" -eq 0 ]
