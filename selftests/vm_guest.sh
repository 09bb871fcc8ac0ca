#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A real VM guest asks for itself: a QEMU guest nested in the test VM (TCG
# inside TCG: the small kernel of tools/debug-kernel/build --guest, or with
# VM_GUEST_KERNEL=debian the test VM's own Debian kernel, each with a
# busybox initramfs),
# virtio-net on the tap port tV, QEMU and the agent (tools/qmp/guestlan-qmp)
# running unprivileged as the grant's owner (uid 4242).  The guest's init
# takes commands on its second serial port: "promisc_on" runs
# `ip link set eth0 promisc on` (virtio-net's VIRTIO_NET_CTRL_RX -> QEMU's
# NIC_RX_FILTER_CHANGED -> the agent -> /dev/guestlan on tV), "count"
# reports eth0's rx_packets.  Of B's unicast to C the guest captures: 0
# without a grant, all with one, 0 once it turns promiscuous mode off.
# Measured: the nested boot, and the reaction from the guest's flag to the
# first copy on tV.
#
#                 +--------------- test VM ----------------------------+
#   NSB: eth0 (MB) ==veth== pb --+                                      |
#   NSC: eth0 (MC) ==veth== pc --+-- sw (guestlan)                      |
#                                +-- tV (tap, uid 4242) == QEMU (uid 4242)
#                                       guestlan-qmp (uid 4242) --QMP--' |
#                                       guest: eth0 (virtio-net, MV),    |
#                                       ttyS0 console, ttyS1 commands    |
#                 +-----------------------------------------------------+
source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="
	boot
	ungranted
	granted
	off_again
"
: "${TESTS:=$ALL_TESTS}"
declare -A NCHECKS=([boot]=1 [ungranted]=2 [granted]=2 [off_again]=1)

gl_require_all
gl_require_cmd setpriv python3 busybox cpio gzip qemu-system-x86_64
[ -c /dev/guestlan ] || gl_skip_all "no /dev/guestlan"
# The small guest kernel boots nested in seconds (everything built in); the
# Debian kernel needs virtio_net and its dependencies from the initramfs and
# took minutes (measured in the closing note).
TINY=$GL_TOP/build/debug-kernel/guest/bzImage
case "${VM_GUEST_KERNEL:-tiny}" in
tiny)
	KIMG=$TINY MODS=
	[ -r "$KIMG" ] || gl_skip_all "no guest kernel at $KIMG:" \
		"tools/debug-kernel/build --guest (make check builds it)" ;;
debian)
	KIMG=/boot/vmlinuz-$(uname -r)
	MODS=/lib/modules/$(uname -r)/kernel
	[ -r "$KIMG" ] || gl_skip_all "no guest kernel at $KIMG"
	[ -d "$MODS" ] || gl_skip_all "no modules at $MODS" ;;
*)	gl_skip_all "VM_GUEST_KERNEL=$VM_GUEST_KERNEL: tiny or debian" ;;
esac

AGENT=$GL_TOP/tools/qmp/guestlan-qmp
OWNER=4242
AS_OWNER=(setpriv "--reuid=$OWNER" "--regid=$OWNER" --clear-groups --inh-caps=-all
	  --bounding-set=-all)
sw=gs$GL_ID
pb=gpb$GL_ID
pc=gpc$GL_ID
tV=gtv$GL_ID
MB=02:00:00:00:0b:01
MC=02:00:00:00:0c:01
MV=02:00:00:00:0f:01
BC=ff:ff:ff:ff:ff:ff
N=50
RUN=$GL_TMP/vm
BOOT_TIMEOUT=${VM_GUEST_BOOT_TIMEOUT:-600}

# The guest's initramfs: busybox, for the Debian kernel virtio-net and its
# two dependencies, and an init that answers commands on ttyS1.
mkinitramfs()
{
	local root=$RUN/root m f

	mkdir -p "$root"/{bin,proc,sys,dev} || return 1
	cp "$(command -v busybox)" "$root/bin/busybox" || return 1
	for m in ${MODS:+net/core/failover drivers/net/net_failover drivers/net/virtio_net}; do
		f=$(ls "$MODS/$m".ko* 2>/dev/null | head -n1)
		[ -n "$f" ] || { echo "no module $m"; return 1; }
		case "$f" in
		*.xz) xz -dc "$f" >"$root/${m##*/}.ko" ;;
		*.zst) zstd -dqc "$f" >"$root/${m##*/}.ko" ;;
		*) cp "$f" "$root/${m##*/}.ko" ;;
		esac || return 1
	done
	cat >"$root/init" <<-'INIT'
	#!/bin/busybox sh
	/bin/busybox --install -s /bin
	export PATH=/bin
	mount -t proc proc /proc
	mount -t sysfs sysfs /sys
	mount -t devtmpfs dev /dev
	for m in failover net_failover virtio_net; do
		[ -f /$m.ko ] && insmod /$m.ko
	done
	ip link set eth0 up
	stty -F /dev/ttyS1 -echo -onlcr
	echo "GUEST-READY $(cat /proc/uptime)" >/dev/ttyS1
	while read -r cmd; do
		case "$cmd" in
		promisc_on) ip link set eth0 promisc on; echo "GUEST-ACK on" ;;
		promisc_off) ip link set eth0 promisc off; echo "GUEST-ACK off" ;;
		count) echo "GUEST-RX $(cat /sys/class/net/eth0/statistics/rx_packets)" ;;
		halt) poweroff -f ;;
		esac
	done </dev/ttyS1 >/dev/ttyS1
	INIT
	chmod +x "$root/init"
	(cd "$root" && find . | cpio -o -H newc 2>/dev/null | gzip -1) >"$RUN/initrd.gz"
}

# guest CMD: send CMD, print the value of its reply (REPLY-WORD value)
guest()
{
	local word=$2 n

	n=$(grep -c "^GUEST-$word" "$RUN/replies" 2>/dev/null)
	echo "$1" >"$RUN/cmd.in"
	slowwait 60 bash -c "[ \$(grep -c '^GUEST-$word' '$RUN/replies') -gt $n ]" || return 1
	grep "^GUEST-$word" "$RUN/replies" | tail -n1 | tr -d '\r' | cut -d' ' -f2
}

# B's N unicast frames to C; prints how many the guest received meanwhile
round()
{
	local a b

	# B and C (re)introduce themselves first: the FDB knows them, so B's
	# unicast to C goes to C alone (the guest sees it only as a copy)
	gl_ns_send "$NSB" eth0 -s "$MB" -d "$BC" -n 1
	gl_ns_send "$NSC" eth0 -s "$MC" -d "$BC" -n 1
	gl_settle
	a=$(guest count RX) || return 1
	gl_ns_send "$NSB" eth0 -s "$MB" -d "$MC" -n $N
	gl_settle
	sleep 1
	b=$(guest count RX) || return 1
	echo $((b - a))
}

setup()
{
	gl_switch_add "$sw" &&
		gl_ns_add NSB && gl_ns_add NSC &&
		gl_guest_add "$sw" "$pb" "$NSB" "$MB" &&
		gl_guest_add "$sw" "$pc" "$NSC" "$MC" &&
		ip tuntap add dev "$tV" mode tap user $OWNER && GL_DEVS+=("$tV") &&
		gl_quiet "$tV" && ip link set "$tV" up &&
		ip link set "$tV" master "$sw" || return 1
	# the owner's QEMU creates its sockets and files in RUN
	# (a copy of the kernel: the cache under /root is not theirs to read)
	chmod 711 "$GL_TMP" && mkdir -p "$RUN" && mkinitramfs &&
		cp "$KIMG" "$RUN/bzImage" || return 1
	mkfifo "$RUN/cmd.in" "$RUN/cmd.out" && chown -R $OWNER:$OWNER "$RUN" || return 1
	# a slow nested boot must not age B and C out
	"$GLCTL" set "$sw" ageing 1000000
}

boot()
{
	local t0=$SECONDS qemu

	"${AS_OWNER[@]}" qemu-system-x86_64 -machine pc -accel tcg -m 256 -nodefaults \
		-display none -no-reboot -kernel "$RUN/bzImage" -initrd "$RUN/initrd.gz" \
		-append "console=ttyS0 quiet ipv6.disable=1 panic=-1 acpi=off" \
		-serial file:"$RUN/console.log" -serial pipe:"$RUN/cmd" \
		-netdev tap,id=n0,ifname="$tV",script=no,downscript=no \
		-device virtio-net-pci,netdev=n0,id=nic0,mac=$MV \
		-qmp unix:"$RUN/q.qmp",server=on,wait=off >"$GL_TMP/qemu.log" 2>&1 &
	qemu=$!
	GL_PIDS+=($!)
	cat "$RUN/cmd.out" >"$RUN/replies" &
	GL_PIDS+=($!)
	slowwait 60 test -S "$RUN/q.qmp"
	"${AS_OWNER[@]}" python3 "$AGENT" -v "$RUN/q.qmp" >"$GL_TMP/agent.log" 2>&1 &
	GL_PIDS+=($!)
	slowwait "$BOOT_TIMEOUT" bash -c \
		"grep -q GUEST-READY '$RUN/replies' || ! kill -0 $qemu 2>/dev/null"
	if ! grep -q GUEST-READY "$RUN/replies"; then
		ktap_print_msg "console: $(tail -n 5 "$RUN/console.log" 2>/dev/null)"
		ktap_print_msg "qemu: $(tail -n 3 "$GL_TMP/qemu.log")"
		ktap_exit_fail_msg "the nested guest did not boot (${BOOT_TIMEOUT}s at most)"
	fi
	ktap_print_msg "nested guest booted in $((SECONDS - t0)) s (test VM's clock;" \
		"guest uptime at init: $(grep -m1 GUEST-READY "$RUN/replies" | cut -d' ' -f2) s)"
	gl_check_eq "the guest's eth0 is up, nothing captured yet" 0 \
		"$(round)"
}

ungranted()
{
	local n

	gl_check_eq "the guest turns promiscuous, no grant: ack" on "$(guest promisc_on ACK)"
	slowwait 30 grep -q "denied: no grant for $tV" "$GL_TMP/agent.log"
	n=$(round)
	gl_check_eq "... the agent is denied; the guest captures 0 of $N" "denied 0" \
		"$(grep -q "denied: no grant for $tV" "$GL_TMP/agent.log" && echo denied) $n"
}

granted()
{
	local t0 base ms n

	"$GLCTL" grant "$sw" port "$tV" promisc uid $OWNER
	guest promisc_off ACK >/dev/null
	sleep 2
	# reaction: the guest's flag -> the first copy on tV, with B sending
	base=$(gl_port_stat "$sw" "$tV" promisc_tx)
	gl_bg talk ip netns exec "$NSB" bash -c \
		"while :; do $TAPH raw eth0 send -s $MB -d $MC -e $GL_ETYPE -n 1 >/dev/null; sleep 0.02; done"
	t0=$(timestamp_ms)
	echo promisc_on >"$RUN/cmd.in"
	slowwait 60 bash -c "[ \$($GLCTL -j -s port show $sw | jq --arg p $tV '.[] | select(.ifname == \$p) | .stats.promisc_tx') -gt $base ]"
	ms=$(( $(timestamp_ms) - t0 ))
	gl_bg_stop talk
	ktap_print_msg "reaction, guest flag -> first copy on $tV: $ms ms (test VM's clock, nested TCG)"
	gl_check "the agent applied the guest's request" \
		slowwait 30 grep -q "nic0 -> $tV: promisc on" "$GL_TMP/agent.log"
	sleep 1
	n=$(round)
	gl_check_eq "granted: the guest captures all $N of B's unicast to C" $N "$n"
}

off_again()
{
	guest promisc_off ACK >/dev/null
	sleep 2
	gl_check_eq "off again: the guest captures 0 of $N" 0 "$(round)"
}

gl_plan_cases NCHECKS
gl_dmesg_mark
setup || ktap_exit_fail_msg "cannot set up the test"
for t in $TESTS; do
	"$t"
done
echo halt >"$RUN/cmd.in" 2>/dev/null
ktap_print_msg "agent: $(grep -v debug: "$GL_TMP/agent.log" | tail -n 8 | tr '\n' '|')"
gl_finished
