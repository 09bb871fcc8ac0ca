# SPDX-License-Identifier: GPL-2.0
#
# guestlan: top-level build.  Kbuild (read by kbuild when M= points here)
# descends into kmod/; this Makefile drives kbuild, the userspace tools,
# code generation, the QEMU test VMs and CI.
#
#   make [KVER=...|KDIR=...] [W=1]  build kmod/guestlan.ko (copied to
#                                   build/KVER/guestlan.ko) and tools/glctl
#   make modules_install            install the module via kbuild
#   make install [DESTDIR=...]      guestlan.ko through DKMS for every kernel
#                                   with headers, glctl, man pages, bash
#                                   completion, udev rule, QMP agent and its
#                                   unit (DESTDIR: files only)
#   make uninstall [DESTDIR=...]    the reverse
#   make deb                        guestlan-dkms, glctl, guestlan-qmp .debs (build/deb)
#   make source                     extract the needed parts of linux-source
#   make regen / regen-check        ynl code generation / staleness check
#   make check-man                  man pages render cleanly and cover glctl
#                                   and the genl spec (tools/check-man)
#   make check [KVERS=..] [TESTS=..] full CI: deps, style, builds, VM tests
#   make check-style                checkpatch + W=1 builds on all kernels
#   make demo                       narrated demo in a VM
#   make vm-shell [KVER=...]        interactive shell in a test VM
#   make debug-kernel / check-debug the KASAN/lockdep/kmemleak/KUnit lane
#   make check-debug-ci             check-debug with CI's subset (CI_DEBUG_TESTS)
#   make check-vm-guest             a real nested QEMU guest asks (vm_guest.sh)
#   make bench [KVER=...] [MODE=wall] benchmarks in a VM: instruction-counted
#                                   (-icount) by default, MODE=wall plain TCG;
#                                   table, build/bench/results.json, plots
#   make bench-host                 the same benchmarks on this machine (root,
#                                   modules loadable; perf stat if installed)
#   make check-fresh                make demo + a first suite test on a bare
#                                   debootstrapped Debian 12 (build/fresh)
#   make clean / distclean

REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# The one place the version is written down.
VERSION := $(shell cat $(REPO)/VERSION)

# The running kernel may have no headers (or no module support at all): then
# build for the newest installed Debian headers.
ifeq ($(origin KVER),undefined)
  RUNNING_KVER := $(shell uname -r)
  ifneq ($(wildcard /lib/modules/$(RUNNING_KVER)/build/Makefile),)
    KVER := $(RUNNING_KVER)
  else
    KVER := $(patsubst /usr/src/linux-headers-%,%,$(lastword $(shell ls -d \
		/usr/src/linux-headers-*-amd64 2>/dev/null | sort -V)))
    ifneq ($(KVER),)
      ifeq ($(filter clean distclean source regen regen-check check-man check check-style check-debug check-debug-ci debug-kernel deps install% uninstall deb,$(MAKECMDGOALS)),)
        $(info guestlan: no headers for running kernel $(RUNNING_KVER); using $(KVER))
      endif
    endif
  endif
endif
KDIR ?= /lib/modules/$(KVER)/build

# Sources from the Debian linux-source package (kselftest, ynl, checkpatch).
LINUX_SOURCE_TAR ?= /usr/src/linux-source-6.12.tar.xz
LINUX_SRC := $(REPO)/build/linux-source-6.12
SRC_STAMP := $(LINUX_SRC)/.guestlan-extracted
SRC_MEMBERS := \
	tools/testing/selftests/kselftest \
	tools/testing/selftests/kselftest.h \
	tools/testing/selftests/kselftest_harness.h \
	tools/testing/selftests/lib.mk \
	tools/testing/selftests/net/lib.sh \
	tools/testing/selftests/net/lib \
	tools/testing/selftests/net/forwarding/lib.sh \
	tools/include \
	tools/net/ynl \
	Documentation/netlink \
	scripts/checkpatch.pl \
	scripts/spelling.txt \
	scripts/const_structs.checkpatch

KSFT_DIR := $(LINUX_SRC)/tools/testing/selftests
YNL_DIR := $(LINUX_SRC)/tools/net/ynl
export KSFT_DIR YNL_DIR LINUX_SRC

.PHONY: demo-vm all modules glctl selftests modules_install clean distclean deps \
	source regen regen-check check-man check check-style demo vm-shell vm-shell-run \
	debug-kernel check-debug check-debug-ci check-vm-guest bench bench-host check-fresh \
	install install-dkms install-dkms-source install-glctl install-data \
	install-man install-completion install-udev install-qmp \
	uninstall deb

all: modules glctl

modules:
	@if [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "guestlan: no kernel build tree at $(KDIR) (KVER=$(KVER));" \
		     "install linux-headers or set KDIR" >&2; exit 1; fi
	$(MAKE) -C $(KDIR) M=$(REPO) modules
	@mkdir -p build/$(KVER)
	cp kmod/guestlan.ko build/$(KVER)/guestlan.ko
	@echo "guestlan: built build/$(KVER)/guestlan.ko"

modules_install:
	$(MAKE) -C $(KDIR) M=$(REPO) modules_install

# --- install ---------------------------------------------------------------
# The module goes through DKMS (rebuilt for every new kernel): its sources
# are copied to $(DKMS_SRCDIR) and tools/dkms.sh runs dkms add/build/install
# for every kernel with headers.  With DESTDIR (packaging) only files are
# copied and dkms is left to the package's postinst.
PREFIX ?= /usr
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
UDEVRULESDIR ?= /lib/udev/rules.d
SYSTEMDUNITDIR ?= /lib/systemd/system
DKMS_SRCDIR ?= $(DESTDIR)/usr/src/guestlan-$(VERSION)
INSTALL ?= install
# Installed from these paths when they exist.
MAN_PAGES := $(wildcard man/glctl.8 man/guestlan.4)
BASH_COMPLETION := $(wildcard tools/glctl/glctl.bash-completion)
# What the module build needs (kmod/tests is the KUnit lane's, not DKMS').
DKMS_FILES := Kbuild VERSION $(filter-out %.mod.c,$(wildcard kmod/*.c kmod/*.h)) kmod/Kbuild \
	$(wildcard uapi/linux/*.h)

install: install-dkms install-glctl install-data install-qmp
	@echo "guestlan: installed $(VERSION)$(if $(DESTDIR), into $(DESTDIR))." \
	     "Load at boot: echo guestlan > /etc/modules-load.d/guestlan.conf" \
	     "(not needed for ip link/glctl: they autoload it)"

install-dkms-source:
	rm -rf $(DKMS_SRCDIR)
	$(INSTALL) -d $(DKMS_SRCDIR)/kmod $(DKMS_SRCDIR)/uapi/linux
	for f in $(DKMS_FILES); do $(INSTALL) -m 0644 $$f $(DKMS_SRCDIR)/$$f || exit 1; done
	sed '/^PACKAGE_VERSION=/s/#MODULE_VERSION#/$(VERSION)/' dkms.conf >$(DKMS_SRCDIR)/dkms.conf

install-dkms: install-dkms-source
ifeq ($(DESTDIR),)
	tools/dkms.sh install
else
	@echo "guestlan: DESTDIR set: sources in $(DKMS_SRCDIR), dkms not run"
endif

install-glctl: glctl
	$(INSTALL) -D -m 0755 tools/glctl/glctl $(DESTDIR)$(SBINDIR)/glctl

install-data: install-man install-completion install-udev

# The QMP agent (tools/qmp) and its unit, whose ExecStart names where the
# agent went.
install-qmp:
	$(INSTALL) -D -m 0755 tools/qmp/guestlan-qmp $(DESTDIR)$(SBINDIR)/guestlan-qmp
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's#@SBINDIR@#$(SBINDIR)#g' tools/qmp/guestlan-qmp@.service \
		>$(DESTDIR)$(SYSTEMDUNITDIR)/guestlan-qmp@.service

install-man:
	for m in $(MAN_PAGES); do d=$(DESTDIR)$(MANDIR)/man$${m##*.}; \
		$(INSTALL) -d $$d && gzip -9nc $$m >$$d/$${m##*/}.gz || exit 1; done

install-completion:
	@true
	$(if $(BASH_COMPLETION),$(INSTALL) -D -m 0644 $(BASH_COMPLETION) \
		$(DESTDIR)$(BASHCOMPDIR)/glctl)

install-udev:
	$(INSTALL) -D -m 0644 packaging/udev/60-guestlan.rules \
		$(DESTDIR)$(UDEVRULESDIR)/60-guestlan.rules
ifeq ($(DESTDIR),)
	-@if [ -d /run/udev ] && command -v udevadm >/dev/null; then \
		udevadm control --reload-rules && \
		udevadm trigger --subsystem-match=misc --sysname-match=guestlan; fi
endif

uninstall:
ifeq ($(DESTDIR),)
	tools/dkms.sh uninstall
endif
	rm -rf $(DKMS_SRCDIR)
	rm -f $(DESTDIR)$(SBINDIR)/glctl $(DESTDIR)$(MANDIR)/man8/glctl.8.gz \
		$(DESTDIR)$(MANDIR)/man4/guestlan.4.gz $(DESTDIR)$(BASHCOMPDIR)/glctl \
		$(DESTDIR)$(UDEVRULESDIR)/60-guestlan.rules \
		$(DESTDIR)$(SBINDIR)/guestlan-qmp \
		$(DESTDIR)$(SYSTEMDUNITDIR)/guestlan-qmp@.service

# --- Debian packages -----------------------------------------------------
# guestlan-dkms (sources, dkms.conf, udev rule, guestlan.4), glctl and
# guestlan-qmp (the QMP agent and its unit),
# from a copy of the tree with packaging/debian as debian/ and a changelog
# written from VERSION.
DEB_DIR := $(REPO)/build/deb
DEB_SRC := $(DEB_DIR)/guestlan-$(VERSION)
deb:
	@for p in dpkg-dev debhelper dh-dkms libmnl-dev pkg-config; do \
		dpkg-query -W -f='$${db:Status-Abbrev}' $$p 2>/dev/null | grep -q '^ii' || \
		{ echo "guestlan: make deb needs: apt-get install debhelper dh-dkms dpkg-dev libmnl-dev pkg-config" >&2; exit 1; }; done
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC)
	tar -C $(REPO) --exclude=./build --exclude=./.git --exclude='*.o' \
		--exclude='*.ko' --exclude='.*.cmd' -cf - . | tar -C $(DEB_SRC) -xf -
	cp -r packaging/debian $(DEB_SRC)/debian
	printf 'guestlan (%s) unstable; urgency=medium\n\n  * guestlan %s (make deb).\n\n -- %s  %s\n' \
		$(VERSION) $(VERSION) "The guestlan developers <guestlan@localhost>" \
		"$$(date -R)" >$(DEB_SRC)/debian/changelog
	cd $(DEB_SRC) && dpkg-buildpackage -b -us -uc
	@ls -l $(DEB_DIR)/*.deb

glctl:
	@if [ -f tools/glctl/Makefile ]; then $(MAKE) -C tools/glctl; \
	else echo "guestlan: tools/glctl not there yet, skipping"; fi

selftests: $(SRC_STAMP)
	$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR)

deps:
	tools/deps.sh

$(SRC_STAMP): $(wildcard $(LINUX_SOURCE_TAR))
	@test -r $(LINUX_SOURCE_TAR) || { echo "guestlan: $(LINUX_SOURCE_TAR)" \
		"missing; install linux-source-6.12 (tools/deps.sh)" >&2; exit 1; }
	@echo "guestlan: extracting parts of $(LINUX_SOURCE_TAR)"
	@rm -rf $(LINUX_SRC) $(LINUX_SRC).tmp && mkdir -p $(LINUX_SRC).tmp
	tar -xJf $(LINUX_SOURCE_TAR) -C $(LINUX_SRC).tmp \
		$(addprefix linux-source-6.12/,$(SRC_MEMBERS))
	@mv $(LINUX_SRC).tmp/linux-source-6.12 $(LINUX_SRC) && rmdir $(LINUX_SRC).tmp
	@touch $@

source: $(SRC_STAMP)

regen: $(SRC_STAMP)
	tools/regen.sh

regen-check: $(SRC_STAMP)
	tools/regen.sh --check

check-man: glctl
	tools/check-man

check:
	KVERS="$(KVERS)" TESTS="$(TESTS)" tools/check.sh

check-style:
	KVERS="$(KVERS)" tools/check.sh --style

demo:
	tools/demo.sh --vm $(if $(DEMO_KVER),--kernel $(DEMO_KVER))

# The sniffer story told by a real VM (~3 min): selftests/vm_guest.sh, whose
# narration is its KTAP output -- the nested QEMU guest turns promiscuous,
# is denied and sees 0 frames, is granted and sees the conversation, turns
# it off and sees 0 again.
demo-vm:
	@echo "demo-vm: a QEMU guest nested in a test VM asks for promiscuous mode itself"
	@echo "demo-vm: (virtio-net -> QMP -> guestlan-qmp as the grant owner -> /dev/guestlan)"
	$(MAKE) --no-print-directory check-vm-guest

# The debug-kernel lane: a KASAN/lockdep/kmemleak/KUnit 6.12 kernel built
# from linux-source-6.12 (cached outside the checkout, in $GUESTLAN_CACHE or
# ~/.cache/guestlan), the KUnit module and the whole suite in a VM on it,
# failing on any splat.
debug-kernel: deps
	tools/debug-kernel/build

# The whole suite takes ~80 min on the KASAN kernel alone (110 min with
# other VMs beside it): past check-debug's default VM timeout (2400 s, CI's
# subset), so the whole run gets 10800 s.
check-debug:
	CHECK_VM_TIMEOUT="$(or $(CHECK_VM_TIMEOUT),10800)" TESTS="$(TESTS)" tools/debug-kernel/check-debug

# The nested real-VM guest (selftests/vm_guest.sh) alone, on 6.12; make check
# runs it on its newest kernel (the guest's small 6.12 kernel boots nested
# in ~30 s).  VM_GUEST_KERNEL=debian boots Debian's kernel instead.
check-vm-guest:
	KVERS="$(lastword $(shell tools/check.sh --list-kernels))" TESTS=vm_guest.sh tools/check.sh

# What CI (.ci/run, after make check) runs on the debug kernel besides
# KUnit: the tests most likely to find lifetime bugs (stress, rmmod under
# traffic, fault injection, teardown), what feeds the kernel bad input
# (malformed frames, the netlink fuzzer, /dev/guestlan's RCU-only paths:
# promisc_ioctl.sh) and the isolation tests, in suite
# order (teardown.sh last); mirror copies of GSO frames, which warned
# (mirror_gso.sh).  The rest runs in make check-debug (userns_limits.sh
# takes 6 min there: its five floods).
CI_DEBUG_TESTS := host_mac.sh fair_learning.sh malformed.sh mac_guard.sh nl_fuzz.sh \
	promisc_ioctl.sh host_isolation.sh datapath.sh mirror_gso.sh stress.sh fdb_rmmod.sh \
	faultinject.sh teardown.sh

check-debug-ci:
	TESTS="$(CI_DEBUG_TESTS)" tools/debug-kernel/check-debug

check-fresh:
	tools/check-fresh

MODE ?= icount
bench:
	tools/bench/run --mode $(MODE) $(if $(filter command line,$(origin KVER)),$(KVER))

bench-host:
	tools/bench/run --mode host

# Install first, then discover: KVER above was computed before tools/deps.sh
# could install a kernel, so the shell runs in a fresh make that looks again.
vm-shell: deps
	@$(MAKE) --no-print-directory vm-shell-run $(if $(filter command line,$(origin KVER)),KVER=$(KVER))

vm-shell-run: modules glctl
	@test -n "$(KVER)" || { echo "vm-shell: no kernel with headers installed" >&2; exit 1; }
	tools/vm/run --kernel $(KVER) --shell \
		--env KSFT_DIR=$(KSFT_DIR) --env YNL_DIR=$(YNL_DIR) \
		--env GLCTL=$(REPO)/tools/glctl/glctl \
		--env GUESTLAN_KO=$(REPO)/build/$(KVER)/guestlan.ko \
		--env GUESTLAN_SPEC=$(REPO)/uapi/specs/guestlan.yaml

clean:
	@if [ -f "$(KDIR)/Makefile" ]; then $(MAKE) -C $(KDIR) M=$(REPO) clean; \
	else rm -f kmod/*.o kmod/*.ko kmod/*.mod kmod/*.mod.c kmod/.*.cmd \
		kmod/modules.order Module.symvers modules.order .*.cmd; fi
	@if [ -f tools/glctl/Makefile ]; then $(MAKE) -C tools/glctl clean; fi
	@if [ -f selftests/Makefile ] && [ -f $(SRC_STAMP) ]; then \
		$(MAKE) -C selftests KSFT_DIR=$(KSFT_DIR) clean; fi
	rm -f kmod/tests/*.o kmod/tests/*.ko kmod/tests/*.mod kmod/tests/*.mod.c \
		kmod/tests/.*.cmd kmod/tests/modules.order
	rm -rf build/vm $(wildcard build/*/guestlan.ko)

distclean: clean
	rm -rf build
