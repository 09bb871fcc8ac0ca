#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The golden transcript: a scripted glctl and ynl session over every object,
# command and option (text and JSON, errors and exit codes) must print what
# golden/<kernel>.txt holds, byte for byte.  A change of the netlink code
# that is meant to be behaviour-neutral keeps it; a change on purpose
# updates it in its own commit (tools/golden-update writes the files).
#
#   netns gold-*: every ifindex is given (ip link add ... index N), IPv6 off,
#   no traffic (counters stay 0, the FDB holds only what the script adds)
#
#   e1 (51) == d1 (11) --+
#   e2 (52) == d2 (12) --+-- lan0 (20, guestlan) -- host port
#   e3 (53) == d3 (13) --+
#   e4 (54) == d4 (14) --+          ers (30, erspan external: ERSPAN dest)
#   notswp (41) == notsw (40): not a port
#
# Cases: one, "transcript" (the comparison; the difference is printed).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
[ -r "$YNL_DIR/cli.py" ] || gl_skip_all "no ynl cli.py in YNL_DIR (${YNL_DIR:-unset})"
python3 -c 'import yaml' 2>/dev/null || gl_skip_all "no python3 with the yaml module"
gl_modprobe ip_gre psample

kver=$(uname -r | cut -d. -f1,2)
version=$(cat "$GL_TOP/VERSION")
golden=${GOLDEN_DIR:-$GL_DIR/golden}/$kver.txt
out=$GL_TMP/transcript

# $ glctl ARGS: its output (stdout and stderr, in order) and exit code
g()
{
	local rc

	echo "\$ glctl $*"
	ip netns exec "$NS" "$GLCTL" "$@" 2>&1 | norm
	rc=${PIPESTATUS[0]}
	echo "[exit $rc]"
}

# ynl requests, "do|dump OP JSON" per line on stdin (golden_ynl.py)
y()
{
	ip netns exec "$NS" python3 "$GL_DIR/golden_ynl.py" "$YNL_DIR" \
		"$GUESTLAN_SPEC" | norm
}

# What varies between runs: an FDB entry's age; between releases: the
# project's version (VERSION), which glctl -V and the module report
norm()
{
	sed -E -e 's/("age(_ms)?": ?)[0-9]+/\1N/g' -e 's/(age )[0-9.]+s?/\1N/g' \
		-e "s/^glctl $version /glctl VERSION /"
}

transcript()
{
	local ip="ip -n $NS"

	$ip link add lan0 index 20 address 02:00:00:00:00:20 type guestlan ||
		{ echo "cannot add lan0" >&2; return 1; }
	# veth pairs (the debug kernel has no dummy), the peers up and idle
	for i in 1 2 3 4; do
		{ $ip link add d$i index 1$i address 02:00:00:00:00:1$i type veth \
			peer name e$i index 5$i address 02:00:00:00:00:5$i &&
			$ip link set e$i up && $ip link set d$i master lan0 &&
			$ip link set d$i up; } || { echo "cannot add port d$i" >&2; return 1; }
	done
	$ip link set lan0 up
	{ $ip link add ers index 30 type erspan external && $ip link set ers up &&
		$ip link set ers master lan0; } || { echo "cannot add ers" >&2; return 1; }
	$ip link add notsw index 40 type veth peer name notswp index 41 ||
		{ echo "cannot add notsw" >&2; return 1; }

	echo "# versions"
	echo "module $(sed "s/^$version\$/VERSION/" /sys/module/guestlan/version 2>&1)"
	g -V
	g help
	g show
	g -s show lan0
	g -j show
	g -j -p -s show lan0
	g show nosuch
	g show notsw
	g set lan0 ageing 600 max-learned 100 unknown-unicast bridgeport-only
	g -j show lan0
	g set lan0 ageing 0
	g set lan0 unknown-unicast sometimes
	g set notsw ageing 10
	g set lan0 ageing 300 max-learned 0 unknown-unicast flood
	g set lan0 mac-moves any
	g -j show lan0
	g set lan0 mac-moves sometimes
	g set lan0 mac-moves owner

	echo "# ports"
	g port show
	g port show lan0
	g -j -s port show lan0
	g -j -p port show lan0
	g port show notsw
	g port set lan0 port d1 flooding off mcast_flooding off rx_bcast off \
		learning off learning_timeout 30 takeover_learning on \
		takeover_setvmac on bridge_invisible on max-learned 7
	g -j port show lan0
	g port set lan0 port d1 role primary
	g port set lan0 port d1 flooding on mcast-flooding on rx-bcast on \
		learning on learning-timeout 0 takeover-learning off \
		takeover-setvmac off bridge-invisible off max-learned 0
	g port set lan0 port d2 role primary
	g port set lan0 port d2 flooding off
	g port set lan0 port d2 role none
	g port set lan0 port d3 reflect_promisc secondary
	g port set lan0 port d3 role primary
	g port set lan0 port d3 reflect_promisc none
	g port set lan0 port d2 hostnotify on
	g port set lan0 port d2 hostnotify off
	g port set lan0 port d4 sample_rate 100 sample_group 5 \
		sample_direction rx sample_trunc 64
	g -j port show lan0
	g port set lan0 port d4 sample_rate 100
	g port set lan0 port d4 sample_rate 0
	g port set lan0 port d3 sample_rate 10
	g port set lan0 port d3 sample_group 10
	g port set lan0 port d4 stacked_tags on
	g port set lan0 port lan0 stacked_tags on
	g port set lan0 port lan0 flooding off
	g port set lan0 port notsw flooding off
	g port set lan0 port d1 flooding maybe
	g port set lan0 port d1
	g port show lan0
	g port set lan0 port d4 stacked_tags off
	g port set lan0 port d4 uplink on
	g -j port show lan0
	g port set lan0 port lan0 uplink on
	g port set lan0 port d4 uplink off
	g port set lan0 port lan0 stacked_tags off
	g port set lan0 port d3 mac_guard 02:00:00:00:bb:01,02:00:00:00:bb:02 sticky 2
	g port show lan0
	g -j port show lan0
	g port set lan0 port d3 mac_guard 01:00:5e:00:00:01
	g port set lan0 port d3 mac_guard 02:00:00:00:bb:01,02:00:00:00:bb:01
	g port set lan0 port d3 mac_guard 02:00:00:00:bb:0g
	g port set lan0 port d3 sticky 1
	g port set lan0 port lan0 mac_guard off
	g port set lan0 port d3 mac_guard off sticky 17
	g port set lan0 port d3 mac_guard off
	g set lan0 template-sticky 2
	g show lan0
	g -j show lan0
	g set lan0 template-sticky 17
	g set lan0 template-sticky 0

	echo "# vlans"
	g vlan add lan0 port d1 vid 10
	g vlan add lan0 port d1 vid 11
	g vlan add lan0 port d1 vid 12 untagged
	g vlan add lan0 port d2 vid 20 pvid untagged
	g vlan add lan0 port lan0 vid 10
	g vlan add lan0 port d1 vid 4095
	g vlan add lan0 port d1 vid 0
	g vlan add lan0 port notsw vid 10
	g vlan show lan0
	g vlan show lan0 port d1
	g -j vlan show lan0
	g -j -p vlan show lan0 port d2
	g vlan del lan0 port d1 vid 11
	g vlan del lan0 port d1 vid 99
	g vlan del lan0 port lan0 vid 10
	g vlan show lan0

	echo "# fdb"
	g fdb add lan0 mac 02:00:00:00:aa:01 port d1
	g fdb add lan0 mac 02:00:00:00:aa:02 vlan 10 port d1
	g fdb add lan0 mac 02:00:00:00:aa:03 port lan0
	g fdb add lan0 mac 01:00:5e:00:00:01 port d1
	g fdb add lan0 mac 00:00:00:00:00:00 port d1
	g fdb add lan0 mac 02:00:00:00:aa:04 port notsw
	g fdb add lan0 mac 02:00:00:00:aa:04 vlan 4095 port d1
	g fdb add lan0 mac zz port d1
	g fdb show lan0
	g fdb show lan0 port d1
	g -j fdb show lan0
	g -j -p fdb show lan0 port lan0
	g fdb show notsw
	g fdb del lan0 mac 02:00:00:00:aa:01
	g fdb del lan0 mac 02:00:00:00:aa:01
	g fdb flush lan0 port d1
	g fdb show lan0
	g fdb flush lan0 port d1 static
	g fdb show lan0
	g fdb add lan0 mac 02:00:00:00:aa:05 port d2
	g fdb flush lan0 static
	g fdb show lan0

	echo "# grants"
	g grant lan0 port d2 promisc
	g grant lan0 port d1 promisc vlan 10,12 uid 1000 gid 1000
	g grant lan0 port lan0 promisc
	g grant lan0 port notsw promisc
	g port show lan0
	g -j port show lan0
	g promisc d1
	g -j promisc d1
	g promisc d1 on
	g promisc d1
	g promisc d1 off
	g promisc notsw on
	g revoke lan0 port d2 promisc
	g revoke lan0 port d2 promisc

	echo "# mirrors"
	g mirror add lan0 id 1 source d1 source d2 rx dest d4 vlan 10-12 snaplen 128 sample 2
	g mirror add lan0 id 1 source d1 dest d4
	g mirror add lan0 id 2 source d4 dest d3
	g mirror add lan0 id 2 source d3 dest d1
	g mirror add lan0 id 2 source d3 source d3 dest vlan 30
	g mirror add lan0 id 2 source d3 dest d3
	g mirror add lan0 id 2 source d3 dest vlan 30 vlan 30
	g mirror add lan0 id 2 source d3 tx dest vlan 30
	g mirror add lan0 id 3 source d3 dest ers erspan 2 remote 192.0.2.1 local 192.0.2.2 erspan-id 7 ttl 9
	g mirror add lan0 id 4 source d3 dest ers
	g mirror add lan0 id 4 source d3 dest vlan 31 erspan 1 remote 192.0.2.1
	g mirror add lan0 id 4 source d3 dest d4 snaplen 5
	g mirror add lan0 id 99 source d3 dest vlan 31
	g mirror add lan0 id 4 source notsw dest vlan 31
	g mirror show lan0
	g -s mirror show lan0
	g -s mirror show lan0 id 3
	g -j -s mirror show lan0
	g -j -p mirror show lan0 id 1
	g mirror show lan0 id 4
	g fdb add lan0 mac 02:00:00:00:aa:06 port d4
	g grant lan0 port d4 promisc
	g port set lan0 port d4 sample_rate 10 sample_group 1
	g vlan add lan0 port d4 vid 10
	g mirror del lan0 id 1
	g mirror del lan0 id 1
	g mirror show lan0

	echo "# ynl"
	y <<-'EOF'
	dump switch-get {}
	do switch-get {"ifindex": 20}
	do switch-get {"ifindex": 40}
	do switch-get {"ifindex": 99}
	do switch-get {}
	dump port-get {}
	dump port-get {"ifindex": 20}
	dump port-get {"ifindex": 40}
	dump port-get {"ifindex": 99}
	do port-get {"ifindex": 20, "port": {"ifindex": 11}}
	do port-get {"ifindex": 20, "port": {"ifindex": 20}}
	do port-get {"ifindex": 20, "port": {"ifindex": 40}}
	do port-get {"ifindex": 20, "port": {"ifname": "d1"}}
	do port-get {"ifindex": 20, "port": {"ifindex": 11, "removed": true}}
	do port-get {"ifindex": 20}
	dump fdb-get {"ifindex": 20}
	dump fdb-get {"ifindex": 20, "fdb": {"port-ifindex": 20}}
	dump fdb-get {"ifindex": 20, "fdb": {"port-ifindex": 40}}
	dump fdb-get {"ifindex": 40}
	dump fdb-get {}
	do fdb-add {"ifindex": 20, "fdb": {"mac": "0200000000aa07", "port-ifindex": 11}}
	do fdb-add {"ifindex": 20, "fdb": {"mac": "02000000aa07", "port-ifindex": 11, "flags": 1}}
	do fdb-add {"ifindex": 20, "fdb": {"mac": "02000000aa07", "vid": 10, "port-ifindex": 11}}
	dump fdb-get {"ifindex": 20, "fdb": {"port-ifindex": 11}}
	do fdb-add {"ifindex": 20, "fdb": {"port-ifindex": 11}}
	do fdb-add {"ifindex": 20}
	do fdb-del {"ifindex": 20, "fdb": {"mac": "02000000aa07", "vid": 10, "port-ifindex": 11}}
	do fdb-del {"ifindex": 20, "fdb": {"mac": "02000000aa07", "vid": 10}}
	do fdb-del {"ifindex": 20, "fdb": {"mac": "02000000aa07", "vid": 10}}
	do fdb-flush {"ifindex": 20, "fdb": {"mac": "02000000aa07"}}
	do fdb-flush {"ifindex": 20, "fdb": {"port-ifindex": 40}}
	do fdb-flush {"ifindex": 20, "fdb": {"port-ifindex": 11}, "flush-static": true}
	do vlan-add {"ifindex": 20, "port": {"ifindex": 11}}
	do vlan-add {"ifindex": 20, "port": {"ifindex": 11, "vlan": {"vid": 40, "vid-end": 41}}}
	do vlan-add {"ifindex": 20, "port": {"ifindex": 11, "vlan": {"pvid": true}}}
	do vlan-del {"ifindex": 20, "port": {"ifindex": 11, "vlan": {"vid": 40, "pvid": true}}}
	do grant-set {"ifindex": 20, "port": {"ifindex": 12, "grant": {"range": {"vid": 1}}}}
	do grant-del {"ifindex": 20, "port": {"ifindex": 13}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "n-learned": 3}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "role": 9}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "sample-direction": 7, "sample-rate": 1, "sample-group": 1}}
	do switch-set {"ifindex": 20, "fdb-count": 3}
	do switch-set {"ifindex": 20, "ageing-time": 2000000}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "mac-guard": {"sticky": 17}}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "mac-guard": {"sticky-mac": "02000000bb01"}}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "mac-guard": {"mac": "02000000bb"}}}
	do switch-set {"ifindex": 20, "port-template": {"flooding": 1}}
	do switch-set {"ifindex": 20, "port-template": {"mac-guard": {"mac": "02000000bb01"}}}
	do switch-set {"ifindex": 20, "port-template": {"mac-guard": {"sticky": 3}}}
	do switch-get {"ifindex": 20}
	do switch-set {"ifindex": 20, "port-template": {}}
	do switch-get {"ifindex": 20}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "mac-guard": {"sticky": 2}}}
	do port-get {"ifindex": 20, "port": {"ifindex": 11}}
	do port-set {"ifindex": 20, "port": {"ifindex": 11, "mac-guard": {}}}
	dump mirror-get {"ifindex": 20}
	dump mirror-get {}
	dump mirror-get {"ifindex": 40}
	dump mirror-get {"ifindex": 99}
	do mirror-get {"ifindex": 20, "mirror": {"id": 3}}
	do mirror-get {"ifindex": 20, "mirror": {"id": 5}}
	do mirror-get {"ifindex": 20, "mirror": {"id": 0}}
	do mirror-get {"ifindex": 20, "mirror": {"id": 3, "active": 1}}
	do mirror-add {"ifindex": 20, "mirror": {"id": 5, "dest-vid": 31}}
	do mirror-add {"ifindex": 20, "mirror": {"id": 5, "source": {"port-ifindex": 13}}}
	do mirror-add {"ifindex": 20, "mirror": {"id": 5, "dest-vid": 31, "source": {"port-ifindex": 13, "erspan-index": 1}}}
	do mirror-add {"ifindex": 20, "mirror": {"id": 5, "dest-ifindex": 30, "source": {"port-ifindex": 13}, "erspan": {"version": 2}}}
	do mirror-add {"ifindex": 20, "mirror": {"id": 5, "dest-ifindex": 30, "source": {"port-ifindex": 13}, "erspan": {"version": 2, "remote": 0}}}
	do mirror-del {"ifindex": 20, "mirror": {"id": 2, "snaplen": 1}}
	do mirror-del {"ifindex": 20}
	EOF

	echo "# after"
	g -s show
	g -j -s port show
	g fdb show lan0
	g -j -s mirror show lan0
}

ktap_print_header
ktap_set_plan 1

setup_ns NS || ktap_exit_fail_msg "cannot create a netns"
ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip netns exec "$NS" sysctl -qw net.ipv6.conf.default.disable_ipv6=1
transcript >"$out" 2>"$GL_TMP/topology.err" ||
	ktap_print_msg "the topology could not be made: $(cat "$GL_TMP/topology.err")"

# The VM's root is read-only: the new transcript goes to the console,
# between markers, for tools/golden-update to write into golden/.
if [ -n "$GOLDEN_UPDATE" ]; then
	echo "GOLDEN-BEGIN $kver"
	cat "$out"
	echo "GOLDEN-END $kver"
fi
if [ ! -r "$golden" ]; then
	ktap_print_msg "no $golden: tools/golden-update writes it"
	ktap_test_fail "transcript"
elif diff -u "$golden" "$out" >"$GL_TMP/diff"; then
	ktap_test_pass "transcript ($(wc -l <"$out") lines as $golden)"
else
	sed 's/^/# /' "$GL_TMP/diff" | head -200
	ktap_test_fail "transcript"
fi
ktap_finished
