# SPDX-License-Identifier: GPL-2.0
#
# UBSan (Documentation/dev-tools/ubsan.rst), as Linux's scripts/Makefile.ubsan:
# the -fsanitize= checks that the CONFIG_UBSAN_* options pick, added to
# every object's flags (lib/Kbuild builds lib/ubsan.o without them), and
# the make check step that boots every backend with them. Linux's
# -fsanitize=enum is left out: GCC instruments no enum load in C.

ubsan-cflags-$(CONFIG_UBSAN_BOUNDS)	+= -fsanitize=bounds
ubsan-cflags-$(CONFIG_UBSAN_SHIFT)	+= -fsanitize=shift
ubsan-cflags-$(CONFIG_UBSAN_DIV_ZERO)	+= -fsanitize=integer-divide-by-zero
ubsan-cflags-$(CONFIG_UBSAN_SIGNED_WRAP) += -fsanitize=signed-integer-overflow
ubsan-cflags-$(CONFIG_UBSAN_UNREACHABLE) += -fsanitize=unreachable
ubsan-cflags-$(CONFIG_UBSAN_BOOL)	+= -fsanitize=bool
ubsan-cflags-$(CONFIG_UBSAN_BUILTIN)	+= -fsanitize=builtin
ubsan-cflags-$(CONFIG_UBSAN_ALIGNMENT)	+= -fsanitize=alignment
ubsan-checks := $(ubsan-cflags-y)
# No check selected: nothing to trap on either.
ubsan-trap-$(CONFIG_UBSAN_TRAP)	:= $(if $(ubsan-checks),-fsanitize-undefined-trap-on-error)
CFLAGS_UBSAN := $(ubsan-checks) $(ubsan-trap-y)
KBUILD_CFLAGS += $(CFLAGS_UBSAN)

# make check: every backend defconfig with configs/ubsan.config, built and
# booted through the ktest runner; a report fails the case it happens in,
# or the run when no case was running. The same builds have KFENCE
# (Documentation/dev-tools/kfence.rst) on, sampling one allocation in 100
# by default: its suite runs on every backend, and so do all the others
# with sampled objects among theirs (a second set of five builds would
# cost as much again). They share one build directory, as check-kernel's.
# One CPU (--smp 1): the defconfigs are SMP kernels, whose concurrent
# suites check-kernel and check-smp boot on several CPUs; with KFENCE
# every sampled free waits for the other CPUs' TLB shootdown, which a
# loaded host makes slow (scripts/Makefile.smp.mk).
PHONY += check-ubsan
CHECK_STEPS += ubsan
check-ubsan:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)$(PYTHON) $(srctree)/scripts/ktest run --all \
		--kunitconfig $(srctree)/configs/ubsan.config \
		--kconfig-add CONFIG_KFENCE=y --smp 1 \
		--one-build-dir --build-dir $(objtree)/build/ubsan

extra-help += 'check-ubsan        - Every backend built with configs/ubsan.config (UBSan) and KFENCE, and booted (a make check step)'
