#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check (and, as root, install) the Debian packages guestlan needs to build
# the module for the Debian kernels, run the VM tests and generate code.
# Usage: tools/deps.sh [--check]   (--check: never install, just report)

set -o pipefail

required=(
	build-essential make gcc libc6-dev pkg-config
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	qemu-system-x86 busybox-static kmod xz-utils cpio
	iproute2 iputils-ping arping ethtool tcpdump psmisc procps util-linux
	jq python3 python3-scapy python3-pyroute2 python3-yaml python3-jsonschema
	libmnl-dev netsniff-ng shellcheck sparse groff-base man-db dkms
	bc bison flex libelf-dev libssl-dev rsync
	openvswitch-switch gnuplot-nox tshark nftables
)
optional=(iperf3)

check_only=0
[ "${1:-}" = --check ] && check_only=1

missing() {
	local pkg status
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null)
		[[ "$status" == ii* ]] || echo "$pkg"
	done
}

mapfile -t need < <(missing "${required[@]}")
mapfile -t want < <(missing "${optional[@]}")

if [ ${#need[@]} -eq 0 ]; then
	[ ${#want[@]} -eq 0 ] || echo "deps: optional packages missing: ${want[*]}"
	exit 0
fi

line="apt-get install -y --no-install-recommends ${need[*]} ${want[*]}"
if [ "$(id -u)" != 0 ] || [ "$check_only" = 1 ]; then
	echo "deps: missing packages: ${need[*]}" >&2
	echo "deps: as root, run: apt-get update && $line" >&2
	exit 1
fi

echo "deps: installing ${need[*]} ${want[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q || exit 1
if ! apt-get install -y -q --no-install-recommends "${need[@]}" "${want[@]}"; then
	# The optional ones may be unavailable; retry without them.
	apt-get install -y -q --no-install-recommends "${need[@]}" || exit 1
fi
mapfile -t still < <(missing "${required[@]}")
if [ ${#still[@]} -ne 0 ]; then
	echo "deps: still missing after install: ${still[*]}" >&2
	exit 1
fi
echo "deps: all required packages installed"
