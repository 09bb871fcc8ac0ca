#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Compare two glctl binaries over a long list of invocations against the
# same live guestlan state: stdout, stderr, exit code, the netlink requests
# they send (strace of sendto) and, for the commands that change
# something, the state they leave.  Root, in a VM with guestlan loaded:
#
#   tools/vm/run --kernel KVER --ko build/KVER/guestlan.ko \
#	--env OLD=/tmp/glctl-old --env NEW=$PWD/tools/glctl/glctl \
#	-- tools/glctl/compare.sh
#
#   lan0 (ifindex 100): va (101, peer pa down), vb (103, peer pb down),
#                       vc (105, peer pc up: UP, no traffic, no IPv6)
#   lan1 (110): no ports; dummy0 (120): not a guestlan device
#
# The devices are created with fixed ifindexes, so that the requests of
# a command on a freshly built state are comparable byte for byte.
# FDB ages are the only values normalized (they tick between two runs).
# KNOWN="N ..." lists invocations whose difference is intended (named in
# the report); they are shown but do not fail.  Prints "N passed, N failed".

OLD=${OLD:-/tmp/glctl-old}
NEW=${NEW:-$(dirname "$(readlink -f "$0")")/glctl}
work=$(mktemp -d /tmp/glctl-compare.XXXXXX)
n=0 pass=0 fail=0 known=0
fails=()

[ "$(id -u)" -eq 0 ] || { echo "compare: needs root" >&2; exit 2; }
[ -x "$OLD" ] && [ -x "$NEW" ] || { echo "compare: OLD=$OLD NEW=$NEW?" >&2; exit 2; }
command -v strace >/dev/null || { echo "compare: strace missing" >&2; exit 2; }

quiet()
{
	local d
	for d in "$@"; do
		sysctl -qw "net.ipv6.conf.$d.disable_ipv6=1" 2>/dev/null
	done
}

teardown()
{
	ip -force -batch - 2>/dev/null <<-EOB
	link del lan0
	link del lan1
	link del va
	link del vb
	link del vc
	link del dummy0
	EOB
}

# The devices, with fixed ifindexes and MACs.
devices()
{
	teardown
	ip -batch - <<-EOB || return 1
	link add lan0 index 100 address 02:00:00:00:aa:00 type guestlan
	link add lan1 index 110 address 02:00:00:00:aa:10 type guestlan
	link add va index 101 address 02:00:00:00:0a:01 type veth peer name pa index 102 address 02:00:00:00:0a:02
	link add vb index 103 address 02:00:00:00:0b:01 type veth peer name pb index 104 address 02:00:00:00:0b:02
	link add vc index 105 address 02:00:00:00:0c:01 type veth peer name pc index 106 address 02:00:00:00:0c:02
	link add dummy0 index 120 address 02:00:00:00:dd:00 type dummy
	EOB
	sysctl -qw net.ipv6.conf.lan0.disable_ipv6=1 \
		net.ipv6.conf.lan1.disable_ipv6=1 \
		net.ipv6.conf.va.disable_ipv6=1 net.ipv6.conf.pa.disable_ipv6=1 \
		net.ipv6.conf.vb.disable_ipv6=1 net.ipv6.conf.pb.disable_ipv6=1 \
		net.ipv6.conf.vc.disable_ipv6=1 net.ipv6.conf.pc.disable_ipv6=1 \
		net.ipv6.conf.dummy0.disable_ipv6=1
	ip -batch - <<-EOB || return 1
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

# The reference state of the read-only commands, set with the old binary.
setup()
{
	local g=$OLD

	devices || return 1
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

# A smaller one for the commands that change the state (rebuilt per run).
setup_rw()
{
	local g=$OLD

	devices || return 1
	$g vlan add lan0 port va vid 10
	$g vlan add lan0 port vb vid 5 pvid untagged
	$g grant lan0 port vb promisc vlan 10,20-22 uid 1000
	$g fdb add lan0 mac 02:00:00:00:00:01 port va
	$g fdb add lan0 mac 02:00:00:00:00:02 vlan 10 port vb
	$g port set lan0 port vc role primary
}

normalize()
{
	sed -E 's/"age_ms":[0-9]+/"age_ms":N/g; s/ age [0-9]+\.[0-9]+/ age N/g' "$@"
}

# run BIN TAG ARGS...: outputs into $work/TAG.{out,err,rc,req}; the
# requests without strace's pid prefix.
run()
{
	local bin=$1 tag=$2 l
	local -a req
	shift 2
	strace -f --seccomp-bpf -qq -o "$work/$tag.strace" -e trace=sendto \
		-xx -s 65536 "$bin" "$@" >"$work/$tag.out" 2>"$work/$tag.err" </dev/null
	echo $? >"$work/$tag.rc"
	mapfile -t req <"$work/$tag.strace"
	for l in "${req[@]}"; do
		echo "${l#* }"
	done >"$work/$tag.req"
	l=$(<"$work/$tag.out")
	[[ $l == *age* ]] && normalize -i "$work/$tag.out"
}

# The state a command left, read with the old binary.
snapshot()
{
	{
		"$OLD" -j -s show
		"$OLD" -j -s port show
		"$OLD" -j fdb show lan0
	} >"$work/$1.state" 2>&1
	normalize -i "$work/$1.state"
}

compare()
{
	local desc=$1 f d=0 k
	n=$((n + 1))
	for f in out err rc req state; do
		[ -f "$work/old.$f" ] || continue
		if [[ "$(<"$work/old.$f")" != "$(<"$work/new.$f")" ]]; then
			echo "# $n $desc: $f differs"
			diff -u "$work/old.$f" "$work/new.$f" | head -n 20 | sed 's/^/#   /'
			d=1
		fi
	done
	rm -f "$work/old.state" "$work/new.state"
	if [ $d = 0 ]; then
		pass=$((pass + 1))
		echo "ok $n $desc"
		return
	fi
	for k in ${KNOWN:-}; do
		if [ "$k" = "$n" ]; then
			known=$((known + 1))
			echo "ok $n $desc # known difference"
			return
		fi
	done
	fail=$((fail + 1))
	fails+=("$n")
	echo "not ok $n $desc"
}

# ro ARGS...: a command that changes nothing, both binaries on one state,
# in text and the JSON variants given by $RO_OPTS.
ro()
{
	local o
	for o in "${ro_opts[@]}"; do
		# shellcheck disable=SC2086
		run "$OLD" old $o "$@"
		# shellcheck disable=SC2086
		run "$NEW" new $o "$@"
		compare "ro: glctl $o $*"
	done
}

# rw ARGS...: a command that changes the state: a fresh state for each
# binary, then the state it left compared too; the options of $rw_opts.
rw()
{
	local o
	for o in "${rw_opts[@]}"; do
		setup_rw || { echo "compare: setup failed" >&2; exit 2; }
		# shellcheck disable=SC2086
		run "$OLD" old $o "$@"
		snapshot old
		setup_rw || { echo "compare: setup failed" >&2; exit 2; }
		# shellcheck disable=SC2086
		run "$NEW" new $o "$@"
		snapshot new
		compare "rw: glctl $o $*"
	done
}

setup || { echo "compare: setup failed" >&2; exit 2; }

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
ro_opts=("" "-j")
ro show nosuch
ro show lan0 extra
ro show va
ro show dummy0
ro show dev
ro port show nosuch
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
ro fdb show lan0 port nosuch
ro fdb show lan0 bogus
ro fdb show lan0 mac 02:00:00:00:00:01
ro fdb bogus
ro fdb help
ro vlan
ro vlan show
ro vlan show nosuch
ro vlan show lan0 port nosuch
ro vlan show lan0 port pa
ro vlan show va
ro vlan bogus
ro vlan help
ro promisc
ro promisc nosuch
ro promisc pa
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
ro help
ro
ro bogus
ro -x
ro -j
ro --
ro -V
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
ro c
ro set lan0 ageing 0
ro set lan0 ageing 1000001
ro set lan0 ageing x
ro set lan0 ageing
ro set lan0 max-learned 4294967296
ro set lan0 unknown-unicast bogus
ro set nosuch ageing 5
ro set va ageing 5
ro port set lan0 port vb learning-timeout 1000001
ro port set lan0 port vb max_learned -1
ro port set lan0 port vc role bogus
ro port set lan0 port vc flooding off
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
ro fdb add lan0 mac 02:00:00:00:00:01 port va
ro fdb add lan0 mac 02:00:00:00:00:12 vlan 4095 port va
ro fdb add lan0 mac 02:00:00:00:00:12 vlan 0 port va
ro fdb add lan0 mac 02:00:00:00:00:13 port pa
ro fdb add lan0 mac 02:00:00:00:00:13 port va static
ro fdb del lan0 mac 02:00:00:00:00:99
ro fdb del lan0 mac 02:00:00:00:00:01 port va
ro fdb del lan0
ro fdb flush nosuch
ro vlan add lan0 port va
ro vlan add lan0 vid 5
ro vlan add lan0 port va vid 4095
ro vlan add lan0 port pa vid 7
ro vlan del lan0 port va vid 99
ro vlan del lan0 port va vid 10 pvid
ro grant lan0 port vc promisc uid nosuchuser
ro grant lan0 port vc promisc gid nosuchgroup
ro grant lan0 port vc
ro grant lan0 promisc
ro grant lan0 port vc promisc vlan 5-3
ro grant lan0 port vc promisc vlan ,1
ro grant lan0 port vc promisc vlan 1,,2
ro grant lan0 port vc promisc vlan 4095
ro grant lan0 port vc promisc vlan x
ro grant lan0 port vc promisc uid 4294967296
ro revoke lan0 port vb
ro revoke lan0 port vb promisc vlan 10

# --- changes: a fresh state per binary, the state compared too
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
rw port set lan0 port vb mcast-flooding off rx_bcast off
rw port set lan0 port vb learning off learning_timeout 30
rw port set lan0 port vb takeover_learning off takeover-setvmac on bridge_invisible on
rw port set lan0 port vb max-learned 7
rw port set lan0 port vc role secondary
rw port set lan0 port va role primary
rw port set lan0 port vb reflect_promisc primary
rw port set lan0 port vb reflect-promisc none hostnotify on
rw port set lan0 port vb port va flooding off
rw fdb add lan0 mac 02:00:00:00:00:10 vlan 10 port va
rw fdb add lan0 lladdr 02:00:00:00:00:11 vid 20 port va
rw fdb a lan0 mac 2:0:0:0:0:14 port vb
rw fdb del lan0 mac 02:00:00:00:00:01
rw fdb del lan0 mac 02:00:00:00:00:02 vlan 10
rw fdb delete lan0 mac 02:00:00:00:00:02 vid 10
rw fdb flush lan0
rw fdb flush lan0 static
rw fdb flush lan0 port va
rw fdb flush lan0 port vb static
rw vlan add lan0 port va vid 50
rw vlan add lan0 port va vid 51 pvid
rw vlan add lan0 port va vid 52 untagged
rw vlan add lan0 port va vlan 53 pvid untag
rw vlan add lan0 port lan0 vid 7 pvid
rw vlan del lan0 port va vid 10
rw vlan delete lan0 port vb vid 5
rw grant lan0 port vc promisc
rw grant lan0 port vc promiscuous vlans 8 vid 9
rw grant lan0 port vc promisc uid 0 gid 0
rw grant lan0 port vc promisc uid root gid root
rw grant lan0 port vc promisc vlan 1-4094
rw revoke lan0 port vb promisc
rw revoke lan0 port vc promisc
rw promisc va on
rw promisc va off
rw promisc vc on
rw promisc vb on

# --- monitor: both binaries listen at once, text and -j
setup
for b in OLD NEW; do
	for o in "" "-j"; do
		t=mon.$b${o:+.j}
		# shellcheck disable=SC2086
		timeout 60 "${!b}" $o monitor >"$work/$t" 2>&1 &
	done
done
sleep 2
"$OLD" port set lan0 port vb hostnotify on
ip link set pb up
"$OLD" grant lan0 port vb promisc
ip link set vb down
ip link set vb up
"$OLD" promisc vb on
"$OLD" port set lan0 port vc role none
"$OLD" port set lan0 port va role secondary
ip addr add 10.9.9.1/24 dev pc
ping -c 1 -W 1 -I pc 10.9.9.9 >/dev/null 2>&1
ip link set vc down
"$OLD" set lan0 ageing 42
"$OLD" fdb flush lan0
ip link set vb nomaster
ip link set vb master lan0
ip link del vc
sleep 3
kill %1 %2 %3 %4 2>/dev/null
wait
for o in "" ".j"; do
	cp "$work/mon.OLD$o" "$work/old.out"
	cp "$work/mon.NEW$o" "$work/new.out"
	normalize -i "$work/old.out" "$work/new.out"
	echo "# monitor${o:+ -j}: $(wc -l <"$work/old.out") lines"
	compare "monitor${o:+ -j}"
done

teardown
rm -rf "$work"
echo "# ${#fails[@]} failed: ${fails[*]}"
echo "# Totals: pass:$((pass + known)) fail:$fail (of which known differences: $known)"
echo "$((pass + known)) passed, $fail failed"
[ "$fail" -eq 0 ]
