#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Generate the netlink uapi header and the kernel policy/ops tables from
# uapi/specs/guestlan.yaml with ynl-gen-c.py from linux-source-6.12, and
# the request rules for nests (kmod/netlink-req.h) with tools/ynl-req.py.
#   tools/regen.sh           regenerate the committed files in place
#   tools/regen.sh --check   regenerate into a temporary directory and fail
#                            if the committed files differ
# LINUX_SRC (default build/linux-source-6.12, see `make source`) must hold
# tools/net/ynl and Documentation/netlink.

set -o pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
src=${LINUX_SRC:-$repo/build/linux-source-6.12}
ynl=$src/tools/net/ynl
stage=$repo/build/ynl
check=0
[ "${1:-}" = --check ] && check=1

if [ ! -f "$ynl/ynl-gen-c.py" ] || [ ! -f "$src/Documentation/netlink/genetlink-legacy.yaml" ]; then
	echo "regen: $src lacks ynl; run 'make source' first" >&2
	exit 2
fi

# ynl-gen-c wants the schema at <spec dir>/../<protocol>.yaml and a
# MAINTAINERS file in a parent directory (or it loops forever).
mkdir -p "$stage/specs" || exit 2
cp "$src"/Documentation/netlink/genetlink*.yaml "$stage/" || exit 2
: >"$stage/MAINTAINERS"
cp "$repo/uapi/specs/guestlan.yaml" "$stage/specs/guestlan.yaml" || exit 2
spec=$stage/specs/guestlan.yaml

outputs=(uapi/linux/guestlan_netlink.h kmod/netlink-gen.h kmod/netlink-gen.c
	 kmod/netlink-req.h)
modes=("--mode uapi --header" "--mode kernel --header" "--mode kernel --source"
       req)

if [ "$check" = 1 ]; then
	out=$(mktemp -d) || exit 2
	trap 'rm -rf "$out"' EXIT
else
	out=$repo
fi

rc=0
for i in "${!outputs[@]}"; do
	mkdir -p "$out/$(dirname "${outputs[$i]}")"
	if [ "${modes[$i]}" = req ]; then
		gen=("$repo/tools/ynl-req.py")
	else
		# shellcheck disable=SC2206
		gen=("$ynl/ynl-gen-c.py" ${modes[$i]})
	fi
	if ! python3 "${gen[@]}" --spec "$spec" -o "$out/${outputs[$i]}"; then
		echo "regen: ynl-gen-c failed for ${outputs[$i]}" >&2
		exit 1
	fi
	if [ "$check" = 1 ]; then
		if ! diff -u "$repo/${outputs[$i]}" "$out/${outputs[$i]}"; then
			echo "regen: ${outputs[$i]} is stale; run 'make regen'" >&2
			rc=1
		fi
	else
		echo "regen: wrote ${outputs[$i]}"
	fi
done
[ "$check" = 1 ] && [ "$rc" = 0 ] && echo "regen: generated files are up to date"
exit "$rc"
