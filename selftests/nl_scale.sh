#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The control plane at scale, and what a non-admin may read:
# - a trunk port (every VLAN, scattered into 4094 ranges, a grant on 500
#   scattered VLANs): its port-get reply, the port dump and its port-ntf
#   are sized for it (they used to fail with EMSGSIZE past ~600 ranges);
#   its VLANs and grant are runs of VIDs, bounded however scattered: a
#   grant on every odd VLAN and 1023 vlan-dels that split its runs are
#   taken, and every port-get and port-ntf parses with ynl (they used to
#   be refused, or the port nest's u16 length wrapped);
# - dumps resumed while their list changes are flagged NLM_F_DUMP_INTR
#   (glctl warns), and a dump that is not flagged has no duplicate;
# - hostnotify's initial list of a 64k-entry FDB (16k on the debug
#   kernel) reaches a listener whole, and a listener whose buffer
#   overflows gets ENOBUFS and an abort;
# - only CAP_NET_ADMIN joins the hostnotify group; a grant is shown to
#   admins and to its owner only;
# - the promisc poller costs nothing on a switch without ports and backs
#   off while no port has a grant, reflect_promisc or a request.
#
#   NSA: eth0 (MA, many sources) ==veth== pa --+
#   NSB: eth0 (MB)               ==veth== pb --+-- sw (guestlan) --- pt (veth: the trunk)
#                                    sw2 (guestlan, poller_idle) --- pp (veth)
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
gl_require_cmd setpriv
sw=gs$GL_ID
sw2=gq$GL_ID
pa=gpa$GL_ID
pb=gpb$GL_ID
pt=gpt$GL_ID
pp=gpp$GL_ID
MA=02:00:00:00:0a:01
MB=02:00:00:00:0b:01
BC=ff:ff:ff:ff:ff:ff
BULK=$(dirname "$(readlink -f "$0")")/nl_bulk.py
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all)
# The FDB's size for the dump and hostnotify cases.  On the debug kernel
# (KASAN, lockdep: make check-debug sets GUESTLAN_DEBUG) 64k entries took
# more than the 900 s a test may take; a quarter of them goes through the
# same batching, dump resumption and overrun paths.
if [ -n "${GUESTLAN_DEBUG:-}" ]; then
	FILL=16384
else
	FILL=65536
fi
LEARNED=$((FILL - FILL / 16))	# what must be learned of FILL + 4000 sources
# dumps of the full FDB under churn (each ~15 s in the test VM; every one
# was flagged in 10 of 10 before)
DUMPS=4
TR=/sys/kernel/tracing

ALL_TESTS="
	poller_idle
	trunk_do
	trunk_dump
	trunk_ntf
	trunk_scatter
	grant_private
	hostnotify_admin
	fdb_dump_intr
	hostnotify_overrun
	hostnotify_whole
"
: "${TESTS:=$ALL_TESTS}"
declare -A NCHECKS=([poller_idle]=3 [trunk_do]=3 [trunk_dump]=4 [trunk_ntf]=1
		    [trunk_scatter]=5 [grant_private]=3 [hostnotify_admin]=3
		    [fdb_dump_intr]=2 [hostnotify_overrun]=2 [hostnotify_whole]=3)

[ -r "$YNL_DIR/lib/ynl.py" ] || gl_skip_all "no ynl library in YNL_DIR (${YNL_DIR:-unset})"
[ -r "$GUESTLAN_SPEC" ] || gl_skip_all "no spec at GUESTLAN_SPEC (${GUESTLAN_SPEC:-unset})"
python3 -c 'import yaml' 2>/dev/null || gl_skip_all "no python3 with the yaml module"

bulk()
{
	python3 "$BULK" "$@"
}

port_json()
{
	"$GLCTL" -j port show "$sw" | jq -c --arg p "$1" ".[] | select(.ifname == \$p) | $2"
}

# poller runs in SECS seconds: workqueue_execute_start of gl_promisc_work
poller_runs()
{
	local inst=$TR/instances/gl$GL_ID n

	mkdir -p "$inst" || return 1
	echo 1 >"$inst/events/workqueue/workqueue_execute_start/enable"
	echo >"$inst/trace"
	sleep "$1"
	echo 0 >"$inst/events/workqueue/workqueue_execute_start/enable"
	n=$(grep -c 'function gl_promisc_work' "$inst/trace")
	rmdir "$inst"
	echo "$n"
}

poller_idle()
{
	local n

	if [ ! -d "$TR/events/workqueue" ]; then
		mount -t tracefs nodev "$TR" 2>/dev/null
	fi
	if [ ! -d "$TR/events/workqueue/workqueue_execute_start" ]; then
		for _ in 1 2 3; do
			ktap_test_skip "no workqueue tracepoints in $TR"
		done
		return
	fi
	# the only switch during this case
	gl_switch_add "$sw2" || ktap_exit_fail_msg "cannot create $sw2"
	n=$(poller_runs 4)
	gl_check_eq "no ports: the poller does not run (4 s)" 0 "$n"
	ip link add "$pp" type veth peer name "${pp}p" && GL_DEVS+=("$pp")
	ip link set "$pp" up && ip link set "$pp" master "$sw2"
	sleep 1
	n=$(poller_runs 4)
	gl_check "a port, no grant: at most 3 polls in 4 s ($n)" test "$n" -le 3
	"$GLCTL" grant "$sw2" port "$pp" promisc
	n=$(poller_runs 4)
	gl_check "a granted port: at least 10 polls in 4 s ($n)" test "$n" -ge 10
	ip link del "$sw2"
}

trunk_setup()
{
	local odd

	[ -e "/sys/class/net/$pt" ] && return 0
	ip link add "$pt" type veth peer name "${pt}p" && GL_DEVS+=("$pt")
	ip link set "$pt" up && ip link set "$pt" master "$sw" || return 1
	[ "$(bulk trunk "$(gl_ifindex "$sw")" "$(gl_ifindex "$pt")")" == ok ] || return 1
	odd=$(seq -s, 1 2 999)
	"$GLCTL" grant "$sw" port "$pt" promisc vlan "$odd" uid 4242
}

trunk_do()
{
	local out

	trunk_setup || ktap_exit_fail_msg "cannot set the trunk port up"
	out=$("$GLCTL" -j vlan show "$sw" port "$pt" 2>&1)
	gl_check_eq "port-get of the trunk: 4094 VLANs" 4094 \
		"$(jq '.[0].vlans | length' <<<"$out" 2>/dev/null || echo "$out")"
	gl_check_eq "... 2047 odd VLANs untagged" 2047 \
		"$(jq '[.[0].vlans[] | select(.untagged)] | length' <<<"$out" 2>/dev/null)"
	gl_check_eq "... its grant: 500 VLANs" 500 \
		"$(port_json "$pt" '.grant.vlans | length')"
}

trunk_dump()
{
	local out

	trunk_setup || ktap_exit_fail_msg "cannot set the trunk port up"
	out=$("$GLCTL" -j port show "$sw" 2>&1)
	gl_check_eq "port dump: every port, the trunk among them" \
		"$(printf '%s\n' "$pa" "$pb" "$pt" | sort | tr '\n' ' ')" \
		"$(jq -r '.[].ifname' <<<"$out" 2>/dev/null | sort | tr '\n' ' ')"
	gl_check_eq "port dump: the trunk's 4094 VLANs" 4094 \
		"$(jq --arg p "$pt" '.[] | select(.ifname == $p) | .vlans | length' <<<"$out")"
	gl_check_eq "port dump: the trunk's grant, 500 VLANs" 500 \
		"$(jq --arg p "$pt" '.[] | select(.ifname == $p) | .grant.vlans | length' <<<"$out")"
	gl_check_eq "vlan dump of the switch lists the trunk's VLANs" 4094 \
		"$("$GLCTL" -j vlan show "$sw" | jq --arg p "$pt" '.[] | select(.port == $p) | .vlans | length')"
}

trunk_ntf()
{
	trunk_setup || ktap_exit_fail_msg "cannot set the trunk port up"
	gl_bg mon "$GLCTL" -j monitor
	sleep 1
	"$GLCTL" vlan del "$sw" port "$pt" vid 4094
	gl_check "port-ntf of the trunk (4093 VLANs) is sent" slowwait 5 \
		grep -q "\"ifname\":\"$pt\".*\"vlans\"" "$GL_TMP/mon.out"
	gl_bg_stop mon
}

trunk_scatter()
{
	local out odd n

	trunk_setup || ktap_exit_fail_msg "cannot set the trunk port up"
	# every VLAN but what trunk_ntf deleted (4094), less 4, 8, ... 4092
	n=$(($("$GLCTL" -j vlan show "$sw" port "$pt" | jq '.[0].vlans | length') - 1023))
	out=$(bulk scatter "$(gl_ifindex "$sw")" "$(gl_ifindex "$pt")" 2>&1)
	gl_check "a grant on every odd VLAN, every fourth VLAN deleted: taken ($out)" \
		grep -q "^vlans=" <<<"$out"
	gl_check_eq "ynl parses port-get: $n VLANs, a grant on 2047" \
		"vlans=$n grant=2047" "$(cut -d' ' -f1-2 <<<"$out")"
	gl_check_eq "ynl parses a port-ntf per vlan-del, the last with $n VLANs" \
		"ntf=1023 last=$n" "$(cut -d' ' -f3-4 <<<"$out")"
	gl_check_eq "glctl: $n VLANs, a grant on 2047" "$n 2047" \
		"$("$GLCTL" -j vlan show "$sw" port "$pt" | jq '.[0].vlans | length') $(port_json "$pt" '.grant.vlans | length')"
	# the trunk as trunk_setup left it, for the cases after
	odd=$(seq -s, 1 2 999)
	"$GLCTL" grant "$sw" port "$pt" promisc vlan "$odd" uid 4242
	gl_check_eq "... and its grant back: 500 VLANs" 500 \
		"$(port_json "$pt" '.grant.vlans | length')"
}

grant_private()
{
	trunk_setup || ktap_exit_fail_msg "cannot set the trunk port up"
	gl_check_eq "root sees the grant" 4242 "$(port_json "$pt" .grant.uid)"
	gl_check_eq "nobody does not see it" null \
		"$("${NOBODY[@]}" "$GLCTL" -j port show "$sw" |
		   jq -c --arg p "$pt" '.[] | select(.ifname == $p) | .grant')"
	gl_check_eq "its owner (uid 4242) sees it" 4242 \
		"$(setpriv --reuid=4242 --regid=4242 --clear-groups --inh-caps=-all \
		   "$GLCTL" -j port show "$sw" |
		   jq -c --arg p "$pt" '.[] | select(.ifname == $p) | .grant.uid')"
}

hostnotify_admin()
{
	gl_check_eq "nobody cannot join hostnotify" "Operation not permitted" \
		"$("${NOBODY[@]}" python3 "$BULK" join hostnotify 2>&1 | tail -n1)"
	gl_check_eq "nobody joins events" ok \
		"$("${NOBODY[@]}" python3 "$BULK" join events 2>&1 | tail -n1)"
	gl_check_eq "root joins hostnotify" ok "$(bulk join hostnotify 2>&1 | tail -n1)"
}

fill_fdb()
{
	[ "$(gl_sw_get "$sw" .fdb_learned)" -ge $LEARNED ] && return 0
	"$GLCTL" port set "$sw" port "$pa" max-learned 0
	ip netns exec "$NSA" "$TAPH" raw eth0 send -e "$GL_ETYPE" -r -d "$BC" \
		-n $((FILL + 4000)) >/dev/null
	slowwait 60 bash -c "[ \"\$($GLCTL -j show $sw | jq '.[0].fdb_learned')\" -ge $LEARNED ]"
}

# a text dump in FILE ("MAC vlan VID port ..." per entry): "dups" if an
# entry shows twice, else "ok" (text, not JSON: jq takes seconds on 64k
# entries in the test VM, ten times over)
dump_dups()
{
	cut -d' ' -f1,3 "$1" | sort | uniq -d | grep -q . && echo dups || echo ok
}

fdb_dump_intr()
{
	local flagged=0 dups=0

	fill_fdb || ktap_exit_fail_msg "cannot fill the FDB"
	# churn: an entry added and deleted again and again
	gl_bg churn bash -c "while :; do $GLCTL fdb add $sw mac 02:00:00:00:ee:01 port $pa;
			     $GLCTL fdb del $sw mac 02:00:00:00:ee:01; done"
	for _ in $(seq $DUMPS); do
		"$GLCTL" fdb show "$sw" >"$GL_TMP/fdb.txt" 2>"$GL_TMP/fdb.err"
		if grep -q 'interrupted' "$GL_TMP/fdb.err"; then
			flagged=$((flagged + 1))
		elif [ "$(dump_dups "$GL_TMP/fdb.txt")" != ok ]; then
			dups=$((dups + 1))
		fi
	done
	gl_bg_stop churn
	gl_check "dumps under churn are flagged interrupted ($flagged of $DUMPS)" test "$flagged" -ge 1
	gl_check_eq "no unflagged dump has a duplicate" 0 "$dups"
}

host_events()
{
	grep -c "\"event\":\"host\".*\"ifname\":\"$pb\"" "$GL_TMP/mon.out"
}

hostnotify_whole()
{
	local want

	fill_fdb || ktap_exit_fail_msg "cannot fill the FDB"
	want=$(( $("$GLCTL" fdb show "$sw" port "$pa" | wc -l) + 1 ))
	gl_dmesg_mark
	gl_bg mon "$GLCTL" -j monitor
	sleep 1
	"$GLCTL" port set "$sw" port "$pb" hostnotify on
	slowwait 120 bash -c "[ \$(grep -c '\"ifname\":\"$pb\"' $GL_TMP/mon.out) -ge $want ]"
	gl_check "hostnotify on a $((want - 1))-entry FDB: reset + every entry" \
		test "$(host_events)" -ge "$want"
	gl_check_eq "... no abort" 0 "$(grep -c '"host_event":"abort"' "$GL_TMP/mon.out")"
	gl_check_eq "... no overrun at the listener" 0 "$(grep -c overrun "$GL_TMP/mon.out")"
	gl_bg_stop mon
	"$GLCTL" port set "$sw" port "$pb" hostnotify off
}

hostnotify_overrun()
{
	fill_fdb || ktap_exit_fail_msg "cannot fill the FDB"
	gl_dmesg_mark
	gl_bg deaf python3 "$BULK" deaf 4096 8
	slowwait 10 grep -q joined "$GL_TMP/deaf.out"
	"$GLCTL" port set "$sw" port "$pb" hostnotify on
	slowwait 20 bash -c "grep -q -v joined $GL_TMP/deaf.out"
	gl_check_eq "a listener that does not read gets ENOBUFS (the loss, announced)" \
		enobufs "$(grep -v joined "$GL_TMP/deaf.out")"
	gl_check "no kernel warning" gl_dmesg_clean
	"$GLCTL" port set "$sw" port "$pb" hostnotify off
}

gl_plan_cases NCHECKS
gl_dmesg_mark

backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=$((FILL * 2))
gl_defer sysctl -qw net.core.netdev_max_backlog="$backlog"

gl_ns_add NSA && gl_ns_add NSB || ktap_exit_fail_msg "cannot create netns"
for t in $TESTS; do
	if [ "$t" != poller_idle ] && [ ! -e "/sys/class/net/$sw" ]; then
		gl_switch_add "$sw" &&
		gl_guest_add "$sw" "$pa" "$NSA" "$MA" &&
		gl_guest_add "$sw" "$pb" "$NSB" "$MB" ||
			ktap_exit_fail_msg "cannot set the switch up"
		# the 64k learned entries must not age out (aged events
		# overflowing hostnotify's queue end in an abort) during the run
		"$GLCTL" set "$sw" ageing 1000000
	fi
	t0=$SECONDS
	"$t"
	ktap_print_msg "$t: $((SECONDS - t0)) s"
done
gl_finished
