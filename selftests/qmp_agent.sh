#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tools/qmp/guestlan-qmp: a QEMU guest's promiscuous request (virtio-net
# VIRTIO_NET_CTRL_RX, announced on QMP as NIC_RX_FILTER_CHANGED) reaches its
# tap port through /dev/guestlan, the agent running unprivileged as the
# grant's owner (uid 4242).
#
#   qmp_fake.py vm1 (uid 4242)       qmp_fake.py vm2      QEMU (uid 4242, -S)
#   nic0 nic1 nic2  nic3 nic4        nic0                 nic0       nic1
#    |    |    |    user e1000        |                  ifname=    fd= (the
#   tA   tC   tN         (tA)        tB                   tQ         tF  libvirt way)
#    |    |   (no switch)             |                    |          |
#   +-----+---------------------------+--------------------+----------+--+
#   |                       guestlan switch sw                           |
#   +--------------------------------------------------------------------+
#   grants (uid 4242): tA, tB, tQ, tF; none: tC
#
#      guestlan-qmp --dir RUN (uid 4242) <--QMP-- RUN/vm1.qmp, RUN/vm2.qmp
#      guestlan-qmp QRUN/q.qmp (uid 4242) <--QMP-- QEMU (a second -qmp for the test)
source "$(dirname "$(readlink -f "$0")")/lib.sh"
source "$(dirname "$(readlink -f "$0")")/lib_promisc.sh"

ALL_TESTS="
	t_ioctl_numbers
	t_resync_reset_default
	t_on_off
	t_reaction
	t_fast_toggle
	t_no_grant
	t_not_a_port
	t_garbage
	t_killed_server
	t_two_vms
	t_guest_reset
	t_once
	t_identity
	t_qemu
"
TESTS=${TESTS:-$ALL_TESTS}

AGENT=$GL_TOP/tools/qmp/guestlan-qmp
FAKE=$GL_DIR/qmp_fake.py
QEMU=qemu-system-x86_64
OWNER=4242
ROUNDS=${QMP_ROUNDS:-10}

gl_require_all
gl_require_cmd setpriv python3
[ -c /dev/guestlan ] || gl_skip_all "no /dev/guestlan"
[ -x "$AGENT" ] || gl_skip_all "no $AGENT"

tA=qa$GL_ID
tB=qb$GL_ID
tC=qc$GL_ID
tN=qn$GL_ID
tQ=qq$GL_ID
tF=qf$GL_ID
RUN=$GL_TMP/run
QRUN=$GL_TMP/qrun	# not in RUN: the --dir agent would take QEMU's monitors
LOG=$GL_TMP/agent.log
QLOG=$GL_TMP/agent-qemu.log

# "${AS_OWNER[@]}" CMD: CMD as uid/gid $OWNER without capabilities (an
# array, not a function: "$!" of a background job must be CMD itself)
AS_OWNER=(setpriv "--reuid=$OWNER" "--regid=$OWNER" --clear-groups --inh-caps=-all
	  --bounding-set=-all)

# fake_start VM NIC=BACKEND...: a fake QEMU monitor RUN/VM.qmp (as the
# owner; FAKE_DIR: elsewhere than RUN), holding its taps open as QEMU does
fake_start()
{
	local vm=$1 dir=${FAKE_DIR:-$RUN}; shift

	rm -f "$dir/$vm.qmp.ready"
	"${AS_OWNER[@]}" python3 "$FAKE" serve "$dir/$vm.qmp" "$@" >>"$GL_TMP/fake-$vm.log" 2>&1 &
	eval "FAKE_$vm=$!"
	GL_PIDS+=($!)
	slowwait 60 test -e "$dir/$vm.qmp.ready"
}

fake_kill()
{
	local pid_var="FAKE_$1"

	kill -KILL "${!pid_var}" 2>/dev/null
	wait "${!pid_var}" 2>/dev/null
	# a killed server leaves its sockets behind, as QEMU would
	return 0
}

# ctl VM COMMAND...: prints the fake server's answer (through its FIFOs:
# no interpreter to start per command)
ctl()
{
	local vm=$1 dir=${FAKE_DIR:-$RUN} reply; shift

	echo "$*" >"$dir/$vm.qmp.in" &&
		read -r -t 30 reply <"$dir/$vm.qmp.out"
	echo "$reply"
}

# log_count FILE ERE: lines of the agent's log matching
log_count()
{
	grep -cE -- "$2" "$1"
}

# log_wait FILE ERE [N]: until at least N (1) lines match.  The waits
# poll cheaply (one grep, no jq) and long: the test VM may be starved.
log_wait()
{
	local end=$((SECONDS + ${QMP_WAIT:-60}))

	while [ "$(grep -cE -- "$2" "$1")" -lt "${3:-1}" ]; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.2
	done
}

# state PORT: "STATE ON": the switch's promisc state and the request of
# the ioctl (the switch's own bit, which the agent sets), from one
# "glctl -j promisc PORT" (the GET ioctl), without jq
# log_wait_long: log_wait for QEMU, which may start slowly in the test VM
log_wait_long()
{
	QMP_WAIT=180 log_wait "$@"
}

state()
{
	local j re='"on": ?(true|false).*"state": ?"([a-z]+)"'

	j=$("$GLCTL" -j promisc "$1" 2>/dev/null)
	if [[ $j =~ $re ]]; then
		echo "${BASH_REMATCH[2]} ${BASH_REMATCH[1]}"
	else
		echo "? ?"
	fi
}

# state_wait PORT "STATE FLAG"
state_wait()
{
	local end=$((SECONDS + ${QMP_WAIT:-60}))

	while [ "$(state "$1")" != "$2" ]; do
		[ $SECONDS -ge $end ] && { ktap_print_msg "$1: $(state "$1")"; return 1; }
		sleep 0.2
	done
}

setup()
{
	gl_switch_add "$sw" || return 1
	# QEMU's user may attach them (the fake QEMU holds them open)
	gl_tap_add "$tA" "$sw" $OWNER && gl_tap_add "$tB" "$sw" $OWNER &&
		gl_tap_add "$tC" "$sw" $OWNER && gl_tap_add "$tN" - $OWNER || return 1
	"$GLCTL" grant "$sw" port "$tA" promisc uid $OWNER &&
		"$GLCTL" grant "$sw" port "$tB" promisc uid $OWNER || return 1
	mkdir -p "$RUN" "$QRUN" && chown $OWNER:$OWNER "$RUN" "$QRUN" &&
		chmod 755 "$GL_TMP" || return 1
	fake_start vm1 nic0=tap:"$tA" nic1=tap:"$tC" nic2=tap:"$tN" nic3=user \
		nic4=e1000:"$tA" || return 1
	: >"$LOG"
	"${AS_OWNER[@]}" python3 "$AGENT" -v --dir "$RUN" >"$LOG" 2>&1 &
	GL_PIDS+=($!)
	log_wait "$LOG" "vm1: connected"
}

t_ioctl_numbers()
{
	local c=$GL_TMP/ioc.c exp

	if ! command -v cc >/dev/null; then
		ktap_test_skip "ioctl numbers: no C compiler to read uapi/linux/guestlan.h"
		return
	fi
	cat >"$c" <<-'EOF'
	#include <stdio.h>
	#include <linux/guestlan.h>
	int main(void)
	{
		printf("GUESTLAN_IOC_SET_PROMISC=0x%08x GUESTLAN_IOC_GET_PROMISC=0x%08x "
		       "sizeof(struct guestlan_promisc)=%zu\n",
		       (unsigned int)GUESTLAN_IOC_SET_PROMISC,
		       (unsigned int)GUESTLAN_IOC_GET_PROMISC,
		       sizeof(struct guestlan_promisc));
		return 0;
	}
	EOF
	cc -I "$GL_TOP/uapi" -o "$GL_TMP/ioc" "$c" && exp=$("$GL_TMP/ioc")
	gl_check_eq "ioctl numbers and struct size match uapi/linux/guestlan.h" \
		"$exp" "$(python3 "$AGENT" --print-ioctl)"
}

t_resync_reset_default()
{
	gl_check "connect: info network maps nic0->$tA nic1->$tC nic2->$tN nic3->- nic4->$tA" \
		grep -q "vm1: connected to .* 5 NICs: nic0->$tA, nic1->$tC, nic2->$tN, nic3->-, nic4->$tA" "$LOG"
	gl_check "resync: promiscuous=true of a reset NIC is not applied" \
		grep -q "vm1: nic0 -> $tA: promiscuous=true is QEMU's reset default" "$LOG"
	gl_check_eq "resync: $tA stays off" "off false" "$(state "$tA")"
}

t_on_off()
{
	gl_check_eq "guest promisc on: event sent" "ok sent" "$(ctl vm1 promisc nic0 on)"
	gl_check "guest promisc on: $tA active, user flag set" state_wait "$tA" "active true"
	gl_check "log: promisc on (state active)" \
		log_wait "$LOG" "vm1: nic0 -> $tA: promisc on \(state active, [0-9.]+ ms after the event \([0-9.]+ ms in the agent\)\)"
	gl_check_eq "guest promisc off: event sent (query-rx-filter re-armed it)" \
		"ok sent" "$(ctl vm1 promisc nic0 off)"
	gl_check "guest promisc off: $tA off, user flag clear" state_wait "$tA" "off false"
}

# reaction SED: min/median/max of the last 2 * ROUNDS applied lines' times
reaction()
{
	grep -E "vm1: nic0 -> $tA: promisc (on|off) \(state" "$LOG" |
		tail -n $((2 * ROUNDS)) | sed -nE "$1" | sort -n |
		awk '{ a[NR] = $1 } END { if (NR) printf "n=%d min=%s median=%s max=%s", NR, a[1], a[int((NR + 1) / 2)], a[NR] }'
}

t_reaction()
{
	local i w fails=0 n0

	n0=$(log_count "$LOG" "vm1: nic0 -> $tA: promisc (on|off) \(state")
	for ((i = 1; i <= ROUNDS; i++)); do
		for w in on off; do
			[ "$(ctl vm1 promisc nic0 $w)" = "ok sent" ] || fails=$((fails + 1))
			n0=$((n0 + 1))
			log_wait "$LOG" "vm1: nic0 -> $tA: promisc (on|off) \(state" $n0 ||
				fails=$((fails + 1))
		done
	done
	gl_check_eq "$ROUNDS on/off rounds: every event sent and applied" 0 "$fails"
	ktap_print_msg "reaction time, ms, event timestamp -> ioctl done: $(reaction 's/.*, ([0-9.]+) ms after the event.*/\1/p')"
	ktap_print_msg "reaction time, ms, event read by the agent -> ioctl done: $(reaction 's/.*\(([0-9.]+) ms in the agent\).*/\1/p')"
	gl_check_eq "after the rounds: $tA off" "off false" "$(state "$tA")"
}

# burst N FIRST: N alternating requests of nic0, FIRST first, as fast as
# the control FIFO goes; prints how many the fake sent as events
burst()
{
	local i w=$2 sent=0

	for ((i = 0; i < $1; i++)); do
		[ "$(ctl vm1 promisc nic0 $w)" = "ok sent" ] && sent=$((sent + 1))
		if [ "$w" = on ]; then w=off; else w=on; fi
	done
	echo "$sent"
}

# exhaust TAP on|off: the owner's 10 changes a second, spent at once and
# ending in that state, so that the agent's next change meets the limit
exhaust()
{
	"${AS_OWNER[@]}" python3 - "$(gl_ifindex "$1")" "$2" <<-'PYEOF'
	import fcntl, struct, sys
	last = sys.argv[2] == "on"
	with open("/dev/guestlan", "rb", buffering=0) as f:
	    for i in range(10):
	        on = last if i % 2 else not last
	        fcntl.ioctl(f, 0xc010b701, bytearray(struct.pack("4I", int(sys.argv[1]), on, 0, 0)))
	PYEOF
}

# A guest that toggles faster than the switch lets an unprivileged owner
# change its request (10 a second): its tap ends in the state of its last
# request -- made while the limit holds -- and the agent says so once per
# burst.
t_fast_toggle()
{
	local n0 n

	n0=$(log_count "$LOG" "the switch rate-limits changes")
	ktap_print_msg "24 requests, on first: $(burst 24 on) events"
	exhaust "$tA" off
	ctl vm1 promisc nic0 on >/dev/null
	gl_check "the 25th, on, under the limit: $tA active" \
		state_wait "$tA" "active true"
	ktap_print_msg "24 requests, off first: $(burst 24 off) events"
	exhaust "$tA" on
	ctl vm1 promisc nic0 off >/dev/null
	gl_check "the 25th, off, under the limit: $tA off" \
		state_wait "$tA" "off false"
	sleep 2
	gl_check_eq "... and it stays off" "off false" "$(state "$tA")"
	n=$(($(log_count "$LOG" "the switch rate-limits changes") - n0))
	gl_check "the rate limit met, and said once per burst ($n)" \
		test "$n" -ge 1 -a "$n" -le 2
}

t_no_grant()
{
	local d0

	d0=$(gl_port_stat "$sw" "$tC" promisc_denied)
	ctl vm1 promisc nic1 on >/dev/null
	gl_check "no grant: 'denied: no grant for $tC' logged" \
		log_wait "$LOG" "vm1: denied: no grant for $tC owned by uid $OWNER \(nic1 asked promisc on\)"
	# without a grant the unprivileged agent owns nothing: /dev/guestlan
	# refuses it as a stranger, which is not counted as the guest asking
	gl_check_eq "no grant: an unprivileged stranger is not counted" "$d0" \
		"$(gl_port_stat "$sw" "$tC" promisc_denied)"
	# /dev/guestlan refuses before setting the flag: nothing is requested
	gl_check_eq "no grant: $tC stays off (EPERM, flag not set)" "off false" "$(state "$tC")"
	ctl vm1 promisc nic1 off >/dev/null
	sleep 0.5
	gl_check_eq "no grant: off again is not a denial" 1 \
		"$(log_count "$LOG" "denied: no grant for $tC")"
}

t_not_a_port()
{
	ctl vm1 promisc nic2 on >/dev/null
	log_wait "$LOG" "vm1: nic2 -> $tN: not a guestlan port: ignored"
	ctl vm1 promisc nic2 off >/dev/null
	ctl vm1 promisc nic2 on >/dev/null
	sleep 0.5
	gl_check_eq "a tap that is no guestlan port (ENOTTY): one log line" 1 \
		"$(log_count "$LOG" "nic2 -> $tN: not a guestlan port: ignored")"
	gl_check_eq "a user-mode backend: one log line" 1 \
		"$(log_count "$LOG" "vm1: nic3: backend is not a tap with a known name \(netdev net3, type=user\): ignored")"
	gl_check_eq "a NIC without rx-filter support: one log line" 1 \
		"$(log_count "$LOG" "vm1: nic4 \(e1000\): query-rx-filter: .*doesn't support rx-filter querying: ignored")"
}

t_garbage()
{
	ctl vm1 garbage >/dev/null
	ctl vm1 unexpected >/dev/null
	gl_check "garbage: 'not JSON' logged" log_wait "$LOG" "vm1: ignoring a message that is not JSON"
	gl_check "unexpected reply and array: logged" \
		log_wait "$LOG" "vm1: ignoring an unexpected message: .*(nobody-asked|\[1, 2, 3\])" 2
	ctl vm1 promisc nic0 on >/dev/null
	gl_check "after garbage: the agent still applies promisc on" state_wait "$tA" "active true"
}

t_killed_server()
{
	local n

	n=$(log_count "$LOG" "vm1: connected")
	fake_kill vm1
	gl_check "killed server: connection loss logged" \
		log_wait "$LOG" "vm1: .*vm1.qmp: (connection closed|Connection reset by peer); reconnecting"
	gl_check "killed server: QEMU gone, $tA leaves promiscuous mode" state_wait "$tA" "off false"
	fake_start vm1 nic0=tap:"$tA" nic1=tap:"$tC" nic2=tap:"$tN" nic3=user \
		nic4=e1000:"$tA"
	gl_check "server back: the agent reconnects" log_wait "$LOG" "vm1: connected" $((n + 1))
	ctl vm1 promisc nic0 on >/dev/null
	gl_check "after the reconnect: promisc on applied" state_wait "$tA" "active true"
	ctl vm1 promisc nic0 off >/dev/null
	state_wait "$tA" "off false"
}

t_two_vms()
{
	fake_start vm2 nic0=tap:"$tB"
	gl_check "--dir: vm2.qmp appears, the agent connects" log_wait "$LOG" "vm2: connected"
	ctl vm1 promisc nic0 on >/dev/null
	ctl vm2 promisc nic0 on >/dev/null
	gl_check "two VMs: $tA active" state_wait "$tA" "active true"
	gl_check "two VMs: $tB active" state_wait "$tB" "active true"
	ctl vm2 promisc nic0 off >/dev/null
	gl_check "two VMs: vm2 off, $tB off" state_wait "$tB" "off false"
	gl_check_eq "two VMs: vm1 untouched, $tA active" "active true" "$(state "$tA")"
	ctl vm2 promisc nic0 on >/dev/null
	state_wait "$tB" "active true"
	fake_kill vm2
	rm -f "$RUN/vm2.qmp" "$RUN/vm2.qmp".*
	gl_check "vm2's socket removed: logged gone" log_wait "$LOG" "vm2: .*vm2.qmp is gone"
	gl_check "vm2 gone: $tB off" state_wait "$tB" "off false"
	gl_check_eq "vm2 gone: vm1 untouched, $tA active" "active true" "$(state "$tA")"
}

t_guest_reset()
{
	[ "$(state "$tA")" = "active true" ] || { ctl vm1 promisc nic0 on; state_wait "$tA" "active true"; }
	ctl vm1 reset >/dev/null
	gl_check "guest reset (RESET): $tA off" state_wait "$tA" "off false"
	gl_check "guest reset: logged" log_wait "$LOG" "vm1: RESET \(guest-reset\)"
}

# no_traceback FILE TEXT
no_traceback()
{
	! grep -q Traceback "$1" && ! grep -q Traceback <<<"$2"
}

# One VM's QEMU cannot toggle another VM's tap (README, "VM guests"): each
# VM's agent runs as QEMU's uid plus a group of that VM's own
# (guestlan-qmp@VM: SupplementaryGroups=guestlan-VM), and the VM's grant is
# owned by that group, not by QEMU's uid.  The agent tracks its taps by
# ifindex, acts only on taps its QMP peer holds, is not dumpable, and
# keeps no /dev/guestlan open while idle.
t_identity()
{
	local run2=$GL_TMP/run2 pid tI=qi$GL_ID tJ=qj$GL_ID tK=qk$GL_ID

	mkdir -p "$run2" && chown $OWNER:$OWNER "$run2" &&
		gl_tap_add "$tI" "$sw" $OWNER && gl_tap_add "$tJ" "$sw" $OWNER &&
		"$GLCTL" grant "$sw" port "$tI" promisc gid 5001 &&
		"$GLCTL" grant "$sw" port "$tJ" promisc gid 5002 &&
		FAKE_DIR=$run2 fake_start vm3 nic0=tap:"$tI" &&
		FAKE_DIR=$run2 fake_start vm4 nic0=tap:"$tJ" ||
		{ gl_check "identity: setup" false; return; }
	setpriv "--reuid=$OWNER" "--regid=$OWNER" --groups=5001 --inh-caps=-all \
		--bounding-set=-all python3 "$AGENT" "$run2/vm3.qmp" >"$GL_TMP/agent3.log" 2>&1 &
	pid=$!
	GL_PIDS+=($!)
	setpriv "--reuid=$OWNER" "--regid=$OWNER" --groups=5002 --inh-caps=-all \
		--bounding-set=-all python3 "$AGENT" "$run2/vm4.qmp" >"$GL_TMP/agent4.log" 2>&1 &
	GL_PIDS+=($!)
	log_wait "$GL_TMP/agent3.log" "vm3: connected" && log_wait "$GL_TMP/agent4.log" "vm4: connected"
	FAKE_DIR=$run2 ctl vm3 promisc nic0 on >/dev/null
	gl_check "vm3's agent (group 5001): its guest's request, $tI active" \
		state_wait "$tI" "active true"
	FAKE_DIR=$run2 ctl vm3 promisc nic0 off >/dev/null
	state_wait "$tI" "off false"
	gl_check_fail "QEMU's uid alone cannot toggle $tI" "not permitted" \
		"${AS_OWNER[@]}" "$GLCTL" promisc "$tI" on
	FAKE_DIR=$run2 ctl vm3 promisc nic0 on >/dev/null
	state_wait "$tI" "active true"
	gl_check_fail "vm3's agent's identity cannot toggle vm4's $tJ" "not permitted" \
		setpriv "--reuid=$OWNER" "--regid=$OWNER" --groups=5001 --inh-caps=-all \
		"$GLCTL" promisc "$tJ" on
	FAKE_DIR=$run2 ctl vm4 promisc nic0 on >/dev/null
	gl_check "vm4's agent (group 5002): $tJ active" state_wait "$tJ" "active true"
	gl_check "QEMU's uid cannot read the agent's fds (not dumpable)" \
		bash -c "! ${AS_OWNER[*]} ls /proc/$pid/fd >/dev/null 2>&1"
	gl_check_eq "an idle agent keeps no /dev/guestlan open (rmmod works)" 0 \
		"$(ls -l "/proc/$pid/fd" 2>/dev/null | grep -c /dev/guestlan)"
	# vm3's tap renamed, another device takes its name: the agent follows
	# its tap by ifindex and never touches the other one
	ip link set "$tI" down && ip link set "$tI" name "$tK" && ip link set "$tK" up &&
		gl_tap_add "$tI" "$sw" && "$GLCTL" grant "$sw" port "$tI" promisc gid 5001
	FAKE_DIR=$run2 ctl vm3 promisc nic0 off >/dev/null
	gl_check "renamed: the guest's off reaches its tap, now $tK" \
		state_wait "$tK" "off false"
	FAKE_DIR=$run2 ctl vm3 promisc nic0 on >/dev/null
	state_wait "$tK" "active true"
	gl_check_eq "... and never the new $tI" "off" "$(gl_promisc_state "$sw" "$tI")"
	# a monitor that names a tap its process does not hold is not believed
	fake_start vm5 nic0=tap:"$tJ"
	gl_check "a QMP peer naming a tap it does not hold: ignored" \
		log_wait "$LOG" "vm5: nic0: $tJ is not held by the QMP peer \(pid [0-9]+\): ignored"
	fake_kill vm5
	rm -f "$RUN"/vm5.qmp*
}

t_once()
{
	local out rc

	ctl vm1 promisc nic0 on >/dev/null
	state_wait "$tA" "active true"
	# the running agent holds vm1's monitor as QEMU would allow several:
	# the fake one takes a second client too
	"$GLCTL" promisc "$tA" off
	out=$("${AS_OWNER[@]}" timeout 20 python3 "$AGENT" --once "$RUN/vm1.qmp" 2>&1)
	rc=$?
	gl_check_eq "--once: exit 0" 0 "$rc"
	gl_check "--once: resync applies the guest's promisc on" \
		grep -q "vm1: nic0 -> $tA: promisc on (state active)" <<<"$out"
	gl_check_eq "--once: $tA active" "active true" "$(state "$tA")"
	gl_check "no traceback in the agent's logs" no_traceback "$LOG" "$out"
	ctl vm1 promisc nic0 off >/dev/null
}

# qmp CMD [ARGS]: on the test's own monitor of the real QEMU
qmp()
{
	python3 "$FAKE" qmp "$QRUN/q-test.qmp" "$@"
}

# qemu_quit: quit on the test's monitor, wait (bounded) until QEMU is gone
qemu_quit()
{
	qmp quit >/dev/null
	slowwait 60 bash -c "! kill -0 $QEMU_PID 2>/dev/null"
	kill -KILL "$QEMU_PID" 2>/dev/null
	wait "$QEMU_PID" 2>/dev/null
	return 0
}

qemu_start()
{
	# nic1's tap is opened by somebody else and passed as fd 5 (libvirt)
	"${AS_OWNER[@]}" python3 - "$tF" "$QEMU" -machine q35 -accel tcg -nodefaults \
		-display none -S \
		-netdev tap,id=n0,ifname="$tQ",script=no,downscript=no \
		-device virtio-net-pci,netdev=n0,id=nic0 \
		-netdev tap,id=n1,fd=5 -device virtio-net-pci,netdev=n1,id=nic1 \
		-qmp unix:"$QRUN/q.qmp",server=on,wait=off \
		-qmp unix:"$QRUN/q-test.qmp",server=on,wait=off \
		>>"$GL_TMP/qemu.log" 2>&1 <<-'EOF' &
	import fcntl, os, struct, sys
	fd = os.open("/dev/net/tun", os.O_RDWR)
	fcntl.ioctl(fd, 0x400454ca, struct.pack("16sH", sys.argv[1].encode(), 0x1002))
	if fd != 5:
	    os.dup2(fd, 5)
	os.set_inheritable(5, True)
	os.execvp(sys.argv[2], sys.argv[2:])
	EOF
	QEMU_PID=$!
	GL_PIDS+=($!)
	# a loaded test VM may take minutes before QEMU's monitors answer
	slowwait 240 bash -c "python3 '$FAKE' qmp '$QRUN/q-test.qmp' query-status >/dev/null 2>&1"
}

t_qemu()
{
	local n

	if ! command -v $QEMU >/dev/null; then
		ktap_test_skip "real QEMU: $QEMU not installed"
		return
	fi
	ip tuntap add dev "$tQ" mode tap user $OWNER && GL_DEVS+=("$tQ") &&
		ip tuntap add dev "$tF" mode tap user $OWNER && GL_DEVS+=("$tF") &&
		gl_quiet "$tQ" && gl_quiet "$tF" &&
		ip link set "$tQ" up && ip link set "$tQ" master "$sw" &&
		ip link set "$tF" up && ip link set "$tF" master "$sw" &&
		"$GLCTL" grant "$sw" port "$tQ" promisc uid $OWNER &&
		"$GLCTL" grant "$sw" port "$tF" promisc uid $OWNER ||
		{ ktap_test_fail "real QEMU: taps"; return; }
	if ! qemu_start; then
		ktap_print_msg "QEMU did not start: $(tail -n 3 "$GL_TMP/qemu.log")"
		ktap_test_fail "real QEMU: started"
		return
	fi
	ktap_test_pass "real QEMU: started (-S, two -qmp monitors)"
	"${AS_OWNER[@]}" python3 "$AGENT" -v "$QRUN/q.qmp" >"$QLOG" 2>&1 &
	GL_PIDS+=($!)
	gl_check "real QEMU: info network maps nic0->$tQ (ifname=), nic1->$tF (fd=, /proc fdinfo)" \
		log_wait_long "$QLOG" "q: connected to .* 2 NICs: nic0->$tQ, nic1->$tF"
	gl_check "real QEMU: reports promiscuous=true at reset, not applied" \
		log_wait "$QLOG" "q: nic0 -> $tQ: promiscuous=true is QEMU's reset default"
	ktap_print_msg "QEMU's rx filter of a reset NIC: $(qmp query-rx-filter '{"name": "nic0"}' |
		jq -c '.[0] | {promiscuous, unicast, multicast, "broadcast-allowed", "unicast-table", "multicast-table"}')"
	gl_check_eq "real QEMU: $tQ and $tF off" "off false off false" "$(state "$tQ") $(state "$tF")"

	"$GLCTL" promisc "$tQ" on && "$GLCTL" promisc "$tF" on
	qmp system_reset >/dev/null
	gl_check "real QEMU: system_reset (RESET): $tQ off" state_wait "$tQ" "off false"
	gl_check "real QEMU: system_reset (RESET): $tF off" state_wait "$tF" "off false"

	"$GLCTL" promisc "$tQ" on
	n=$(log_count "$QLOG" "q: connected")
	qemu_quit
	gl_check "real QEMU: quit (SHUTDOWN): $tQ off" state_wait "$tQ" "off false"
	gl_check "real QEMU: quit: the agent waits" \
		log_wait "$QLOG" "q: .*(connection closed; reconnecting|waiting for)"
	if ! qemu_start; then
		ktap_test_fail "real QEMU: a new QEMU on the same socket"
		return
	fi
	gl_check "real QEMU: the agent reconnects to the new QEMU" \
		log_wait "$QLOG" "q: connected to .* 2 NICs: nic0->$tQ, nic1->$tF" $((n + 1))
	qemu_quit
	gl_check "real QEMU: no traceback" no_traceback "$QLOG" ""
}

ktap_print_header
ktap_set_plan 63
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up: $(cat "$LOG" 2>/dev/null)"

for t in $TESTS; do
	$t
done
gl_check "kernel log clean" gl_dmesg_clean
ktap_print_msg "agent log: $(wc -l <"$LOG") lines; the QEMU agent's: $(wc -l <"$QLOG" 2>/dev/null || echo 0)"
sed 's/^/# agent: /' "$LOG" | grep -v "debug:" | tail -n "${QMP_LOG_LINES:-40}"
[ -e "$QLOG" ] && sed 's/^/# agent (QEMU): /' "$QLOG" | grep -v "debug:" | tail -n "${QMP_LOG_LINES:-40}"
gl_finished
