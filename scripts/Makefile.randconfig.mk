# SPDX-License-Identifier: GPL-2.0
#
# make check-randconfig: a fixed-seed set of random configurations
# (scripts/ktest run --randconfig, Documentation/dev-tools/ktest-runner.rst),
# built and booted as a make check step. The seeds are fixed so that a
# failure repeats; RANDCONFIG_N / RANDCONFIG_SEED run others, e.g.
# "make check-randconfig RANDCONFIG_N=200 RANDCONFIG_SEED=1".
# The boots leave out the cases marked slow, as "make run QUICK=1" does
# (kmalloc.random_stress: about half of a boot's guest time); every
# defconfig runs them in check-kernel and check-ubsan. RANDCONFIG_FILTER=
# (empty) runs them here too. Each configuration costs make check about
# 17 s of a core (a build that recompiles nearly everything, and a boot),
# so the set is 14 to keep make check within its 10 minutes on 2 cores;
# a longer sweep is RANDCONFIG_N=200.
RANDCONFIG_N ?= 14
RANDCONFIG_SEED ?= 1
RANDCONFIG_FILTER ?= speed>slow

PHONY += check-randconfig
CHECK_STEPS += randconfig
check-randconfig:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)$(PYTHON) $(srctree)/scripts/ktest run --randconfig $(RANDCONFIG_N) \
		--seed $(RANDCONFIG_SEED) --build-dir $(objtree)/build/randconfig \
		$(if $(RANDCONFIG_FILTER),--cmdline 'ktest.filter=$(RANDCONFIG_FILTER)')

extra-help += 'check-randconfig   - Build and boot RANDCONFIG_N random configurations from KCONFIG_SEED RANDCONFIG_SEED (a make check step)'
