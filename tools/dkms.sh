#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guestlan.ko through DKMS.
#
#   tools/dkms.sh install     dkms add + build + install the sources in
#                             /usr/src/guestlan-VERSION (make install copies
#                             them there) for every kernel with headers
#   tools/dkms.sh uninstall   dkms remove every registered guestlan version
#   tools/dkms.sh test KVER   CI: dkms add + build for KVER in a private
#                             tree under build/dkms/KVER (dkms --dkmstree,
#                             --sourcetree, --installtree, a throwaway
#                             signing key): nothing outside build/ changes;
#                             also runs depmod for a mirror of
#                             /lib/modules/KVER plus that build
#                             (build/dkms/KVER/depmod, for selftests/install.sh)
#
# Environment: DKMS (default dkms); DKMS_NO_DEPMOD=1 passes --no-depmod to
# dkms install and remove.

set -o pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(cat "$repo/VERSION") || exit 2
dkms=${DKMS:-dkms}
mod=guestlan
nodepmod=()
[ "${DKMS_NO_DEPMOD:-0}" = 1 ] && nodepmod=(--no-depmod)

die()
{
	echo "dkms.sh: $*" >&2
	exit 1
}

need_dkms()
{
	command -v "$dkms" >/dev/null 2>&1 ||
		die "dkms not found: apt-get install dkms (tools/deps.sh)"
}

# Kernels whose headers are installed (a kbuild tree at /lib/modules/K/build).
kernels_with_headers()
{
	local d

	for d in /lib/modules/*/build; do
		[ -f "$d/Makefile" ] || continue
		d=${d%/build}
		echo "${d#/lib/modules/}"
	done | sort -V
}

# Versions of guestlan in dkms' tree (its directories, not the
# kernel-* links): cheaper than parsing `dkms status`.
registered_versions()
{
	local d

	for d in "${dkms_tree:-/var/lib/dkms}/$mod"/*; do
		[ -d "$d" ] && [ ! -L "$d" ] && echo "${d##*/}"
	done
}

do_uninstall()
{
	local v

	if ! command -v "$dkms" >/dev/null 2>&1; then
		echo "dkms.sh: dkms not installed: no module to remove"
		return 0
	fi
	for v in $(registered_versions); do
		echo "dkms.sh: dkms remove $mod/$v --all"
		"$dkms" remove -m "$mod" -v "$v" --all "${nodepmod[@]}" || return 1
	done
	return 0
}

do_install()
{
	local src=/usr/src/$mod-$version k rc=0 kernels

	need_dkms
	[ -f "$src/dkms.conf" ] || die "$src/dkms.conf missing (make install-dkms-source)"
	# A reinstall starts from the sources just copied: drop what dkms has.
	do_uninstall || return 1
	"$dkms" add -m "$mod" -v "$version" || return 1
	kernels=$(kernels_with_headers)
	if [ -z "$kernels" ]; then
		echo "dkms.sh: no kernel headers installed: nothing built yet;" \
		     "dkms builds $mod when linux-headers-* are installed (AUTOINSTALL)"
		return 0
	fi
	for k in $kernels; do
		echo "dkms.sh: dkms install $mod/$version -k $k"
		if ! "$dkms" install -m "$mod" -v "$version" -k "$k" "${nodepmod[@]}"; then
			echo "dkms.sh: building for $k failed" \
			     "(see /var/lib/dkms/$mod/$version/build/make.log)" >&2
			rc=1
		fi
	done
	return $rc
}

# A private DKMS: its own dkms tree, source tree, install tree and signing
# key under build/dkms/KVER.  /var/lib/dkms, /usr/src and /lib/modules are
# only read (the kernel headers).
do_test()
{
	local k=$1 top tree srctree insttree ko f start
	local before after

	[ -n "$k" ] || die "usage: $0 test KVER"
	need_dkms
	[ -f "/lib/modules/$k/build/Makefile" ] || die "no headers for $k"
	top=$repo/build/dkms/$k
	tree=$top/tree srctree=$top/src insttree=$top/modules
	rm -rf "$top"
	mkdir -p "$tree" "$srctree" "$insttree" "$top/key" || return 1
	make -s -C "$repo" install-dkms-source DKMS_SRCDIR="$srctree/$mod-$version" ||
		return 1
	before=$(ls -d /var/lib/dkms/$mod /usr/src/$mod-* \
		/lib/modules/"$k"/updates/dkms/$mod.ko* 2>/dev/null)

	local args=(--dkmstree "$tree" --sourcetree "$srctree" --installtree "$insttree")
	export mok_signing_key=$top/key/mok.key mok_certificate=$top/key/mok.pub
	start=$(date +%s.%N)
	"$dkms" add -m "$mod" -v "$version" "${args[@]}" || return 1
	if ! "$dkms" build -m "$mod" -v "$version" -k "$k" "${args[@]}"; then
		cat "$tree/$mod/$version/build/make.log" 2>/dev/null
		return 1
	fi
	printf 'dkms.sh: dkms build for %s took %.1fs\n' "$k" \
		"$(echo "$(date +%s.%N) - $start" | bc)"

	ko=
	for f in "$tree/$mod/$version/$k"/*/module/"$mod".ko*; do
		[ -f "$f" ] && ko=$f
	done
	[ -n "$ko" ] || die "no $mod.ko in $tree/$mod/$version/$k/*/module"
	echo "dkms.sh: built ${ko#"$repo"/}"
	modinfo -F vermagic "$ko" | grep -q "^$k " ||
		die "vermagic of $ko is not $k: $(modinfo -F vermagic "$ko")"
	for a in rtnl-link-guestlan net-pf-16-proto-16-family-guestlan; do
		modinfo -F alias "$ko" | grep -qx "$a" || die "$ko lacks alias $a"
	done
	"$dkms" status -m "$mod" "${args[@]}" | grep -q "$k.*: built" ||
		die "dkms status does not say built for $k"
	after=$(ls -d /var/lib/dkms/$mod /usr/src/$mod-* \
		/lib/modules/"$k"/updates/dkms/$mod.ko* 2>/dev/null)
	[ "$before" == "$after" ] ||
		die "the system's dkms/source/module trees changed: '$before' -> '$after'"
	echo "dkms.sh: $k ok (system trees untouched)"
	precompute_depmod "$k" "$ko" "$top/depmod"
}

# What depmod makes of /lib/modules/K once dkms install has put the module
# in updates/dkms: a mirror (symlinks to the kernel's module directories,
# copies of the files depmod reads) plus the module, depmod -b on it.  In
# the TCG test VM a depmod of 6.12's 4000 xz-compressed modules takes
# minutes; selftests/install.sh copies these indexes instead.
precompute_depmod()
{
	local k=$1 ko=$2 base=$3 dir e start

	dir=$base/lib/modules/$k
	rm -rf "$base"
	mkdir -p "$dir/updates/dkms" || return 1
	for e in /lib/modules/"$k"/*; do
		case "${e##*/}" in
		build | source | updates | modules.*) ;;
		*) [ -d "$e" ] && ln -s "$e" "$dir/${e##*/}" ;;
		esac
	done
	for e in modules.order modules.builtin modules.builtin.modinfo; do
		[ -f "/lib/modules/$k/$e" ] && cp "/lib/modules/$k/$e" "$dir/"
	done
	cp "$ko" "$dir/updates/dkms/" || return 1
	start=$(date +%s.%N)
	depmod -b "$base" "$k" || return 1
	grep -q "^alias rtnl-link-guestlan guestlan$" "$dir/modules.alias" ||
		die "depmod -b $base: no guestlan alias"
	printf 'dkms.sh: depmod of the mirror took %.1fs\n' \
		"$(echo "$(date +%s.%N) - $start" | bc)"
}

case "${1:-}" in
install) do_install ;;
uninstall) do_uninstall ;;
test) do_test "$2" ;;
*) sed -n 's/^#   //p' "$0" >&2; exit 2 ;;
esac
