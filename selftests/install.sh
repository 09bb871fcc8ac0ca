#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install like a package: the module installed by dkms (the CI's own dkms
# build of this tree, tools/dkms.sh test, put into the system dkms tree)
# and glctl, the man pages, bash completion and udev rule by `make
# install-glctl install-data`; then, with guestlan not loaded, the kernel
# loads it by itself:
#
#   ip link add gi0 type guestlan        glctl show (installed /usr/sbin/glctl)
#        |                                    |
#   rtnetlink: no "guestlan" kind        genl: no family "guestlan"
#        |                                    |
#   request_module("rtnl-link-guestlan") request_module("net-pf-16-proto-16-family-guestlan")
#        \__________________  ________________/
#                           \/
#   /sbin/modprobe -> modules.alias -> /lib/modules/KVER/updates/dkms/guestlan.ko
#
# and `modprobe guestlan` / `modprobe -r guestlan`, /dev/guestlan 0666 (the
# udev rule agrees); `make uninstall` removes it all and autoloading stops.
# Ends with the harness's module ($GUESTLAN_KO) loaded again.
#
# It writes to /lib/modules, /usr and /var/lib/dkms: only in the test VM
# (GUESTLAN_VM=1, a tmpfs overlay over the host's root).
source "$(dirname "$(readlink -f "$0")")/lib.sh"

ALL_TESTS="install_files install_qmp install_module autoload_rtnl autoload_genl
	modprobe_dev udev_rule uninstall restore"
# TESTS= picks cases (in this order; later ones need the earlier ones).  A
# list of scripts (make check TESTS="a.sh ...") is not a list of cases.
[[ "${TESTS:-}" == *.sh* ]] && TESTS=
# shellcheck disable=SC2206 # word lists
cases=(${TESTS:-$ALL_TESTS})

gl_require_root
[ "${GUESTLAN_VM:-0}" = 1 ] ||
	gl_skip_all "installs into /lib/modules and /usr: runs only in the test VM (GUESTLAN_VM=1, tools/vm/run)"
gl_require_cmd ip jq make modprobe rmmod depmod modinfo udevadm
gl_require_module
[ -n "$GUESTLAN_KO" ] && [ -r "$GUESTLAN_KO" ] ||
	gl_skip_all "GUESTLAN_KO (${GUESTLAN_KO:-unset}) not readable: could not restore the module"

kver=$(uname -r)
ver=$(cat "$GL_TOP/VERSION")
sw=gi$GL_ID
# The CI's dkms build for this kernel (tools/dkms.sh test, make check).
ci_tree=$GL_TOP/build/dkms/$kver/tree/guestlan/$ver
moddir=/lib/modules/$kver/updates/dkms
# depmod's output for /lib/modules/KVER plus that module, computed on the
# host by tools/dkms.sh test: a depmod of 6.12's 4000 xz-compressed modules
# takes minutes in the TCG VM.  Used (dkms --no-depmod) when present.
pre=$GL_TOP/build/dkms/$kver/depmod/lib/modules/$kver
saved=$GL_TMP/modules-orig

# depmod_or_restore: after removing the module, the indexes as they were.
depmod_or_restore()
{
	if [ -f "$saved/modules.dep.bin" ]; then
		cp "$saved"/modules.* "/lib/modules/$kver/"
	else
		depmod -a "$kver"
	fi
}

# Whatever happens, leave no installed module behind (later tests and
# teardown.sh expect no autoloading) and the harness's module loaded.
restore_state()
{
	rm -rf /var/lib/dkms/guestlan "/usr/src/guestlan-$ver"
	make -s -C "$GL_TOP" uninstall DESTDIR=/ >/dev/null 2>&1
	if ls "$moddir"/guestlan.ko* >/dev/null 2>&1; then
		rm -f "$moddir"/guestlan.ko*
		depmod_or_restore
	fi
	[ -d /sys/module/guestlan ] || insmod "$GUESTLAN_KO"
}
gl_defer restore_state

# dkms uses <(...), which needs /dev/fd; the VM's bare devtmpfs lacks it
# (udev/systemd would create it).
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd

unload()
{
	local n

	[ -d /sys/module/guestlan ] || return 0
	n=$(ip -d -j link show | jq '[.[] | select(.linkinfo.info_kind == "guestlan")] | length')
	if [ "$n" != 0 ]; then
		ktap_print_msg "$n guestlan devices left by earlier tests: cannot unload"
		return 1
	fi
	rmmod guestlan || return 1
	[ ! -d /sys/module/guestlan ]
}

loaded()
{
	[ -d /sys/module/guestlan ]
}

# --- cases ----------------------------------------------------------------

install_files()
{
	local f

	make -s -C "$GL_TOP" install-glctl install-data || return 1
	[ -x /usr/sbin/glctl ] || { ktap_print_msg "no /usr/sbin/glctl"; return 1; }
	[ "$(command -v glctl)" = /usr/sbin/glctl ] ||
		{ ktap_print_msg "glctl on PATH is $(command -v glctl)"; return 1; }
	cmp -s "$GL_TOP/packaging/udev/60-guestlan.rules" /lib/udev/rules.d/60-guestlan.rules ||
		{ ktap_print_msg "udev rule not installed"; return 1; }
	for f in man/glctl.8:/usr/share/man/man8/glctl.8.gz \
		 man/guestlan.4:/usr/share/man/man4/guestlan.4.gz \
		 tools/glctl/glctl.bash-completion:/usr/share/bash-completion/completions/glctl; do
		if [ ! -f "$GL_TOP/${f%%:*}" ]; then
			ktap_print_msg "${f%%:*} not in the tree (yet): not installed"
		elif [ "${f##*.}" = gz ]; then
			zcmp -s "${f#*:}" "$GL_TOP/${f%%:*}" ||
				{ ktap_print_msg "${f#*:} differs from ${f%%:*}"; return 1; }
		else
			cmp -s "${f#*:}" "$GL_TOP/${f%%:*}" ||
				{ ktap_print_msg "${f#*:} differs from ${f%%:*}"; return 1; }
		fi
	done
	ktap_print_msg "installed: $(ls /usr/sbin/glctl /lib/udev/rules.d/60-guestlan.rules \
		/usr/share/man/man*/glctl.8.gz /usr/share/man/man*/guestlan.4.gz \
		/usr/share/bash-completion/completions/glctl 2>/dev/null | tr '\n' ' ')"
}

# The QMP agent and its unit at the paths the unit names, which systemd
# accepts (systemd-analyze verify: the command exists, the options parse).
install_qmp()
{
	local unit=/lib/systemd/system/guestlan-qmp@.service

	make -s -C "$GL_TOP" install-qmp || return 1
	[ -x /usr/sbin/guestlan-qmp ] && /usr/sbin/guestlan-qmp --print-ioctl >/dev/null ||
		{ ktap_print_msg "no working /usr/sbin/guestlan-qmp"; return 1; }
	grep -q '^ExecStart=/usr/sbin/guestlan-qmp ' "$unit" ||
		{ ktap_print_msg "$unit: $(grep ^ExecStart "$unit")"; return 1; }
	if ! command -v systemd-analyze >/dev/null; then
		ktap_print_msg "no systemd-analyze here to verify $unit"
		return 1
	fi
	systemd-analyze verify "$unit" >"$GL_TMP/verify.log" 2>&1 ||
		{ sed 's/^/# /' "$GL_TMP/verify.log"; return 1; }
	ktap_print_msg "installed: /usr/sbin/guestlan-qmp $unit (systemd-analyze verify: ok)"
}

install_module()
{
	local path

	# A real dkms install takes 4-6 minutes under TCG (dkms is a shell
	# script of many processes): only with GUESTLAN_VM_DKMS=1.  The host
	# step dkms-build-KVER of make check builds the module with dkms.
	if [ "${GUESTLAN_VM_DKMS:-0}" = 1 ] && [ -d "$ci_tree/$kver" ] &&
	   command -v dkms >/dev/null; then
		# The system dkms gets the CI's build: dkms install copies it
		# to /lib/modules and runs depmod, exactly as after a build.
		make -s -C "$GL_TOP" install-dkms-source || return 1
		rm -rf /var/lib/dkms/guestlan
		mkdir -p /var/lib/dkms/guestlan || return 1
		cp -a "$ci_tree" /var/lib/dkms/guestlan/ || return 1
		ln -sfn "/usr/src/guestlan-$ver" "/var/lib/dkms/guestlan/$ver/source"
		local nodep=()
		if [ -f "$pre/modules.dep.bin" ]; then
			mkdir -p "$saved" && cp /lib/modules/"$kver"/modules.* "$saved/" ||
				return 1
			nodep=(--no-depmod)
		fi
		dkms install -m guestlan -v "$ver" -k "$kver" "${nodep[@]}" \
			>"$GL_TMP/dkms.log" 2>&1 || { cat "$GL_TMP/dkms.log"; return 1; }
		if [ ${#nodep[@]} -gt 0 ]; then
			ktap_print_msg "dkms install --no-depmod; the indexes of depmod run" \
				"on the host (${pre#"$GL_TOP"/})"
			cp "$pre"/modules.* "/lib/modules/$kver/" || return 1
		fi
		ktap_print_msg "dkms install of build/dkms/$kver done"
	else
		ktap_print_msg "installing the module in $moddir as dkms install would" \
			"(GUESTLAN_VM_DKMS=1: a real dkms install)"
		if [ -f "$pre/modules.dep.bin" ]; then
			# the module dkms built (6.12: compressed, guestlan.ko.xz),
			# under the name the host's depmod indexed
			mkdir -p "$moddir" "$saved" &&
				cp "$pre"/updates/dkms/guestlan.ko* "$moddir/" &&
				cp /lib/modules/"$kver"/modules.* "$saved/" &&
				cp "$pre"/modules.* "/lib/modules/$kver/" || return 1
			ktap_print_msg "dkms's module and the indexes of the depmod run on the host" \
				"(${pre#"$GL_TOP"/})"
		else
			install -D -m 0644 "$GUESTLAN_KO" "$moddir/guestlan.ko" || return 1
			depmod -a "$kver" || return 1
			saved=
		fi
	fi
	path=$(modinfo -n guestlan) || return 1
	ktap_print_msg "modinfo -n guestlan: $path"
	[[ "$path" == "$moddir"/guestlan.ko* ]]
}

autoload_rtnl()
{
	unload || return 1
	ip link add "$sw" type guestlan || { ktap_print_msg "ip link add failed"; return 1; }
	GL_DEVS+=("$sw")
	loaded || { ktap_print_msg "link created but no /sys/module/guestlan?"; return 1; }
	[ "$(ip -d -j link show "$sw" | jq -r '.[0].linkinfo.info_kind')" = guestlan ] || return 1
	ip link del "$sw"
}

autoload_genl()
{
	local out

	unload || return 1
	out=$(/usr/sbin/glctl show 2>&1) || { ktap_print_msg "glctl show: $out"; return 1; }
	loaded || { ktap_print_msg "glctl show worked without the module?"; return 1; }
	ktap_print_msg "glctl show loaded guestlan: $(cut -d' ' -f1-3 /proc/modules | grep '^guestlan ')"
}

modprobe_dev()
{
	local mode

	unload || return 1
	modprobe guestlan || return 1
	loaded || return 1
	[ -c /dev/guestlan ] || { ktap_print_msg "no /dev/guestlan"; return 1; }
	mode=$(stat -c %a /dev/guestlan)
	[ "$mode" = 666 ] || { ktap_print_msg "/dev/guestlan mode $mode"; return 1; }
	modprobe -r guestlan || return 1
	! loaded || return 1
	modprobe guestlan && loaded
}

# udevadm test runs the rules for the device without udevd and prints what
# they set: our rule must be read and give MODE 0666.
udev_rule()
{
	local out

	loaded || modprobe guestlan || return 1
	out=$(udevadm test --action=add /class/misc/guestlan 2>&1)
	if ! grep -q "60-guestlan.rules" <<<"$out" || ! grep -qE "MODE.*0?666" <<<"$out"; then
		ktap_print_msg "udevadm test: $(grep -iE 'guestlan|mode' <<<"$out" | head -n 10)"
		return 1
	fi
	ktap_print_msg "$(grep -E '60-guestlan.rules' <<<"$out" | head -n 1)"
}

uninstall()
{
	unload || return 1
	local flag=0

	[ -f "$saved/modules.dep.bin" ] && flag=1
	DKMS_NO_DEPMOD=$flag make -s -C "$GL_TOP" uninstall >"$GL_TMP/uninstall.log" 2>&1 ||
		{ cat "$GL_TMP/uninstall.log"; return 1; }
	[ $flag = 1 ] && cp "$saved"/modules.* "/lib/modules/$kver/"
	[ ! -e /usr/sbin/glctl ] && [ ! -e /lib/udev/rules.d/60-guestlan.rules ] &&
		[ ! -e "/usr/src/guestlan-$ver" ] && [ ! -e /usr/sbin/guestlan-qmp ] &&
		[ ! -e /lib/systemd/system/guestlan-qmp@.service ] ||
		{ ktap_print_msg "files left: $(ls -d /usr/sbin/glctl /lib/udev/rules.d/60-guestlan.rules \
			"/usr/src/guestlan-$ver" /usr/sbin/guestlan-qmp \
			/lib/systemd/system/guestlan-qmp@.service 2>/dev/null)"; return 1; }
	if [ -d /var/lib/dkms/guestlan ] && [ -n "$(ls /var/lib/dkms/guestlan)" ]; then
		ktap_print_msg "dkms still has: $(ls /var/lib/dkms/guestlan)"
		return 1
	fi
	# the copy mode of install_module has no dkms to undo it
	if ls "$moddir"/guestlan.ko* >/dev/null 2>&1; then
		rm -f "$moddir"/guestlan.ko* && depmod_or_restore
	fi
	! modinfo -n guestlan >/dev/null 2>&1 ||
		{ ktap_print_msg "modinfo still finds $(modinfo -n guestlan)"; return 1; }
	if ip link add "$sw" type guestlan 2>/dev/null; then
		GL_DEVS+=("$sw")
		ktap_print_msg "ip link add type guestlan still works after uninstall"
		return 1
	fi
	! loaded
}

restore()
{
	insmod "$GUESTLAN_KO" && loaded
}

ktap_print_header
ktap_set_plan $((${#cases[@]} + 1))
gl_dmesg_mark
for c in "${cases[@]}"; do
	t0=$SECONDS
	"$c"
	rc=$?
	ktap_print_msg "$c took $((SECONDS - t0))s"
	if [ $rc -eq 0 ]; then
		ktap_test_pass "$c"
	else
		ktap_test_fail "$c"
	fi
done
restore_state
gl_check "no BUG/WARNING/Oops in dmesg" gl_dmesg_clean
gl_finished
