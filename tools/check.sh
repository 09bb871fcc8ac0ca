#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# guestlan CI: dependencies, generated code, style, W=1 builds for every
# installed Debian kernel, userspace builds, a DKMS build per kernel in a
# private dkms tree (tools/dkms.sh test), then one QEMU VM per kernel
# running the kselftest suite.  Every step counts as one test; each test of
# the suite counts once per kernel.  The last line printed is
# "N passed, N failed, N skipped".
#
#   tools/check.sh            everything (what `make check` runs)
#   tools/check.sh --style    checkpatch and W=1 builds only (`make check-style`)
#   tools/check.sh --list-kernels
#
# Environment: KVERS="kver ..." (default: newest installed 6.1 and 6.12
# kernels with headers), TESTS="a.sh b.sh" (subset of the suite),
# CHECK_VM_TIMEOUT (seconds per VM, default 3600), CHECK_PARALLEL=0 (boot
# the VMs one after the other), CHECK_SMP=N (vCPUs per VM, default the
# host's CPUs shared out among the VMs), VM_GUEST_KERNEL=debian (vm_guest.sh's nested
# guest boots the Debian kernel instead of the small guest kernel).

set -o pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo" || exit 2

linux_src=$repo/build/linux-source-6.12
ksft_dir=$linux_src/tools/testing/selftests
ynl_dir=$linux_src/tools/net/ynl
vm_timeout=${CHECK_VM_TIMEOUT:-3600}

# Newest kernel of each major.minor series that has both headers and an image.
list_kernels() {
	local d v
	for d in /usr/src/linux-headers-*-amd64; do
		v=${d#/usr/src/linux-headers-}
		[ -f "$d/Makefile" ] && [ -r "/boot/vmlinuz-$v" ] && echo "$v"
	done | sort -V | awk -F. '{ s = $1 "." $2; last[s] = $0; if (!(s in seen)) { seen[s] = 1; order[n++] = s } }
		END { for (i = 0; i < n; i++) print last[order[i]] }'
}

mode=all
case "${1:-}" in
--style) mode=style ;;
--list-kernels) list_kernels; exit 0 ;;
"") ;;
*) echo "usage: $0 [--style|--list-kernels]" >&2; exit 2 ;;
esac

read -r -a tests <<<"${TESTS:-}"

n=0 pass=0 fail=0 skip=0
failed=()
declare -A kpass kfail kskip

# result ok|fail|skip NAME [COMMENT]
result() {
	n=$((n + 1))
	case "$1" in
	ok) pass=$((pass + 1)); echo "ok $n guestlan-check: $2${3:+ # $3}" ;;
	skip) skip=$((skip + 1)); echo "ok $n guestlan-check: $2 # SKIP ${3:-}" ;;
	*) fail=$((fail + 1)); failed+=("$2"); echo "not ok $n guestlan-check: $2${3:+ # $3}" ;;
	esac
}

# step NAME LOG CMD...: run CMD quietly into LOG, count it, show the tail of
# the log when it fails.
step() {
	local name=$1 log=$2
	shift 2
	echo "# $name: $*"
	if "$@" >"$log" 2>&1; then
		result ok "$name"
		return 0
	fi
	tail -n 30 "$log" | sed 's/^/# /'
	result fail "$name" "see ${log#"$repo"/}"
	return 1
}

finish() {
	local k
	echo "#"
	for k in "${kvers[@]}"; do
		[ -n "${kpass[$k]+x}" ] || continue
		echo "# $k suite: pass:${kpass[$k]} fail:${kfail[$k]} skip:${kskip[$k]}"
	done
	[ ${#failed[@]} -eq 0 ] || echo "# failed: ${failed[*]}"
	echo "# Totals: pass:$pass fail:$fail xfail:0 xpass:0 skip:$skip error:0"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit $?
}

mkdir -p build/logs
start=$(date +%s)

# Install first, then discover: on a fresh machine the kernels, headers and
# linux-source come from tools/deps.sh, so nothing may look for them before.
kvers=()
step deps build/logs/deps.log tools/deps.sh || finish
read -r -a kvers <<<"${KVERS:-$(list_kernels | tr '\n' ' ')}"
echo "# guestlan check: kernels ${kvers[*]:-none}"

if [ ${#kvers[@]} -eq 0 ]; then
	result fail kernels "no kernel with headers and /boot image found (tools/deps.sh)"
	finish
fi
step source build/logs/source.log make -s source || finish

# Style: checkpatch on the hand-written module sources.  Out of tree,
# "#if LINUX_VERSION_CODE >= KERNEL_VERSION(...)" compat checks are expected.
srcs=()
for f in kmod/*.c kmod/*.h kmod/tests/*.c kmod/tests/*.h; do
	case "$f" in
	kmod/netlink-gen.[ch] | *.mod.c) ;;
	*) [ -f "$f" ] && srcs+=("$f") ;;
	esac
done
if [ ${#srcs[@]} -eq 0 ]; then
	result fail checkpatch "no kmod sources"
else
	step checkpatch build/logs/checkpatch.log \
		perl "$linux_src/scripts/checkpatch.pl" --no-tree -f --quiet \
		--ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON "${srcs[@]}"
fi

# W=1 builds, one per kernel, each copied to build/KVER/guestlan.ko.
declare -A built
for k in "${kvers[@]}"; do
	log=build/logs/build-$k.log
	rm -f "build/$k/guestlan.ko"
	echo "# build-w1-$k: make modules KVER=$k W=1"
	if make -s modules KVER="$k" W=1 >"$log" 2>&1; then
		built[$k]=1
		if grep -q 'warning:' "$log"; then
			grep -A3 'warning:' "$log" | sed 's/^/# /'
			result fail "build-w1-$k" "warnings, see $log"
		else
			result ok "build-w1-$k"
		fi
	else
		tail -n 30 "$log" | sed 's/^/# /'
		result fail "build-w1-$k" "build failed, see $log"
	fi
done

if [ "$mode" = style ]; then
	finish
fi

# The KUnit module links (the debug lane runs it; tools/kunit-link)
for k in "${kvers[@]}"; do
	case "$k" in
	6.12.*) step "kunit-link-$k" "build/logs/kunit-link-$k.log" \
		tools/kunit-link "$k" ;;
	esac
done

step regen-check build/logs/regen-check.log tools/regen.sh --check
step build-glctl build/logs/glctl.log make -s glctl
step check-man build/logs/check-man.log tools/check-man

# DKMS, one step per kernel: dkms add + build in a private tree under
# build/dkms/KVER (tools/dkms.sh test): nothing on this host is installed.
for k in "${kvers[@]}"; do
	step "dkms-build-$k" "build/logs/dkms-$k.log" tools/dkms.sh test "$k" &&
		grep -h '^dkms.sh: dkms build' "build/logs/dkms-$k.log" | sed 's/^/# /'
done
if [ -f selftests/Makefile ]; then
	step build-selftests build/logs/selftests.log \
		make -s -C selftests KSFT_DIR="$ksft_dir"
else
	result fail build-selftests "selftests/Makefile missing"
fi

# The nested real-VM guest (selftests/vm_guest.sh) runs on the newest kernel
# only (GUESTLAN_NESTED=1 there), on a small 6.12 guest kernel built once
# into the cache of tools/debug-kernel/build.
nested=
case " ${tests[*]:-vm_guest.sh} " in
*" vm_guest.sh "*)
	step guest-kernel build/logs/guest-kernel.log \
		tools/debug-kernel/build --guest && nested=${kvers[-1]} ;;
esac

# How many suite tests to expect, to count the ones a dead VM never ran.
# shellcheck disable=SC2016
count_tests() {
	printf 'guestlan-print-tests:\n\t@echo $(TEST_PROGS)\n' |
		make -s --no-print-directory -C selftests -f Makefile -f - \
			KSFT_DIR="$ksft_dir" "$@" guestlan-print-tests 2>/dev/null | wc -w
}
declare -A expected
for k in "${kvers[@]}"; do
	if [ ${#tests[@]} -gt 0 ]; then
		expected[$k]=${#tests[@]}
	elif [ "$k" = "$nested" ]; then
		expected[$k]=$(count_tests GUESTLAN_NESTED=1)
	else
		expected[$k]=$(count_tests)
	fi
	[ "${expected[$k]:-0}" -gt 0 ] || expected[$k]=1
done

run_vm() {
	local k=$1
	local args=(make -C selftests run_tests KSFT_DIR="$ksft_dir") nenv=()

	[ ${#tests[@]} -gt 0 ] && args+=(TEST_PROGS="${tests[*]}")
	[ "$k" = "$nested" ] && nenv=(--env GUESTLAN_NESTED=1)
	[ -n "${VM_GUEST_KERNEL:-}" ] && nenv+=(--env VM_GUEST_KERNEL="$VM_GUEST_KERNEL")
	tools/vm/run --kernel "$k" --timeout "$vm_timeout" --smp "$vm_smp" \
		--log "$repo/build/check-$k.log" \
		--ko "$repo/build/$k/guestlan.ko" \
		--env GUESTLAN_KO="$repo/build/$k/guestlan.ko" \
		--env GLCTL="$repo/tools/glctl/glctl" \
		--env KSFT_DIR="$ksft_dir" --env YNL_DIR="$ynl_dir" \
		--env GUESTLAN_SPEC="$repo/uapi/specs/guestlan.yaml" \
		"${nenv[@]}" -- "${args[@]}"
}

# One VM per kernel.  With CHECK_PARALLEL=1 (default) they run at the same
# time; the first one streams its console, the others are shown from their
# logs when done.  Each VM gets its share of the host's CPUs as vCPUs
# (CHECK_SMP overrides): TCG runs a thread per vCPU, and more vCPU threads
# than host CPUs make guest spinlocks spin while the holder's thread waits
# for a host CPU.  Measured on 2 host CPUs, two VMs at once: unicast.sh took
# 61 s with 2 vCPUs each and 26 s with 1 (23 s alone with 2).
nvms=0
for k in "${kvers[@]}"; do
	[ -n "${built[$k]:-}" ] && nvms=$((nvms + 1))
done
[ "${CHECK_PARALLEL:-1}" = 1 ] || nvms=1
[ "$nvms" -gt 0 ] || nvms=1
vm_smp=${CHECK_SMP:-$(( $(nproc) / nvms ))}
[ "$vm_smp" -ge 1 ] || vm_smp=1
echo "# $nvms VM(s) at once, $vm_smp vCPU(s) each (host CPUs: $(nproc))"
declare -A vrcs pids
trap 'kill "${pids[@]}" 2>/dev/null; exit 130' INT TERM
first=
vstart=$(date +%s)
for k in "${kvers[@]}"; do
	[ -n "${built[$k]:-}" ] || continue
	: >"$repo/build/check-$k.log"
	if [ -z "$first" ]; then
		first=$k
	elif [ "${CHECK_PARALLEL:-1}" = 1 ]; then
		echo "# $k: booting VM in the background (log build/check-$k.log)"
		run_vm "$k" >/dev/null 2>"$repo/build/logs/vm-$k.err" &
		pids[$k]=$!
	fi
done
for k in "${kvers[@]}"; do
	[ -n "${built[$k]:-}" ] || continue
	if [ -n "${pids[$k]:-}" ]; then
		wait "${pids[$k]}"
		vrcs[$k]=$?
		echo "# ---- console of the $k VM ----"
		cat "$repo/build/check-$k.log"
		cat "$repo/build/logs/vm-$k.err"
	else
		echo "# $k: booting VM"
		run_vm "$k"
		vrcs[$k]=$?
	fi
	echo "# $k: VM done after $(( $(date +%s) - vstart ))s (exit ${vrcs[$k]})"
done

for k in "${kvers[@]}"; do
	kpass[$k]=0 kfail[$k]=0 kskip[$k]=0
	log=$repo/build/check-$k.log
	if [ -z "${built[$k]:-}" ]; then
		echo "# $k: module did not build, not booting; ${expected[$k]} suite tests fail"
		for ((i = 0; i < expected[$k]; i++)); do
			result fail "$k/suite-test-$((i + 1))" "no module"
		done
		kfail[$k]=${expected[$k]}
		continue
	fi
	vrc=${vrcs[$k]}

	# The kselftest runner's own lines: plan "1..N", "ok N selftests: ..."
	plan=$(sed -n 's/^1\.\.\([0-9][0-9]*\)$/\1/p' "$log" | head -n1)
	seen=0
	while IFS= read -r line; do
		seen=$((seen + 1))
		name=${line#* selftests: }
		name=${name%% # *}
		name=$k/${name##*: }
		case "$line" in
		not\ ok*) result fail "$name" ; kfail[$k]=$((kfail[$k] + 1)) ;;
		*'# SKIP'*) result skip "$name" ; kskip[$k]=$((kskip[$k] + 1)) ;;
		*) result ok "$name" ; kpass[$k]=$((kpass[$k] + 1)) ;;
		esac
	done < <(grep -E '^(not )?ok [0-9]+ selftests: ' "$log")
	total=${plan:-${expected[$k]}}
	if [ "$seen" -lt "$total" ]; then
		echo "# $k: only $seen of $total suite tests reported (VM exit $vrc)"
		for ((i = seen; i < total; i++)); do
			result fail "$k/suite-test-$((i + 1))" "did not run"
		done
		kfail[$k]=$((kfail[$k] + total - seen))
	elif [ "$vrc" -ne 0 ] && [ "${kfail[$k]}" -eq 0 ]; then
		result fail "$k/vm" "VM exit $vrc"
		kfail[$k]=$((kfail[$k] + 1))
	fi
done

# The failed checks again, by kernel and test, so that the end of the
# output (all a CI summary may show) names them.
for k in "${kvers[@]}"; do
	[ -f "$repo/build/check-$k.log" ] || continue
	awk -v k="$k" '/^# selftests: [^ ]+: / { t = $4 }
		/^# not ok / { sub(/^# /, ""); print "# failed on " k ", " t ": " $0 }' \
		"$repo/build/check-$k.log"
done
echo "# guestlan check took $(( $(date +%s) - start ))s"
finish
