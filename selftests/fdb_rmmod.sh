#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# rmmod right after thousands of FDB entries were freed: the module's exit
# must wait for every pending free before it destroys the gl_fdb cache
# (kfree_rcu() batches are not waited for by rcu_barrier() before 6.12:
# "Objects remaining in gl_fdb on __kmem_cache_shutdown()", then frees
# into a destroyed cache).  The module is inserted again at the end.
#
#   NSA: eth0 (N random sources) ==veth== pa -- sw (guestlan)
#
# The symptom shows only when gl_fdb is a cache of its own: Debian's
# kernels merge it into an alias (/sys/kernel/slab/gl_fdb -> :00000xx)
# unless booted with slab_nomerge; the test says which case it ran.
source "$(dirname "$(readlink -f "$0")")/lib.sh"

gl_require_all
sw=gs$GL_ID
pa=gpa$GL_ID
MA=02:00:00:00:0a:01
N=3000

[ -n "$GUESTLAN_KO" ] && [ -r "$GUESTLAN_KO" ] ||
	gl_skip_all "GUESTLAN_KO not set: could not insert the module again"

ktap_print_header
ktap_set_plan 6
gl_dmesg_mark

if [ -L /sys/kernel/slab/gl_fdb ]; then
	ktap_print_msg "gl_fdb is merged into $(readlink /sys/kernel/slab/gl_fdb):" \
		"a leak would not show (boot with slab_nomerge to see one)"
else
	ktap_print_msg "gl_fdb is a cache of its own"
fi

backlog=$(sysctl -n net.core.netdev_max_backlog)
sysctl -qw net.core.netdev_max_backlog=$((N * 4))
gl_defer sysctl -qw net.core.netdev_max_backlog="$backlog"

gl_switch_add "$sw" || ktap_exit_fail_msg "cannot create switch"
gl_ns_add NSA || ktap_exit_fail_msg "cannot create netns"
gl_guest_add "$sw" "$pa" "$NSA" "$MA" || ktap_exit_fail_msg "cannot add guest"
"$GLCTL" port set "$sw" port "$pa" max-learned 0

gl_ns_send "$NSA" eth0 -r -n $N
gl_check "$N entries learned" slowwait 20 \
	bash -c "[ \"\$('$GLCTL' -j show '$sw' | jq '.[0].fdb_learned')\" -ge $N ]"
# deleting the switch frees every entry; rmmod follows at once
gl_check "delete the switch and rmmod at once" \
	bash -c "ip link del '$sw' && rmmod guestlan"
gl_check "module gone" test ! -d /sys/module/guestlan
# a late free into a destroyed cache would show now
sleep 6
gl_check "no objects left in the destroyed cache (dmesg)" \
	bash -c "! dmesg | tail -n +$((GL_DMESG_LINES + 1)) | grep -E 'Objects remaining in gl_fdb|gl_fdb: Slab cache still has objects'"
gl_check "insmod \$GUESTLAN_KO again" insmod "$GUESTLAN_KO"
gl_check "no kernel warnings" gl_dmesg_clean

gl_finished
