# SPDX-License-Identifier: GPL-2.0
#
# make check-randconfig: a fixed-seed set of random configurations
# (scripts/ktest run --randconfig, Documentation/dev-tools/ktest-runner.rst),
# built and booted as a make check step. The seeds are fixed so that a
# failure repeats; RANDCONFIG_N / RANDCONFIG_SEED run others, e.g.
# "make check-randconfig RANDCONFIG_N=200 RANDCONFIG_SEED=1".
RANDCONFIG_N ?= 20
RANDCONFIG_SEED ?= 1

PHONY += check-randconfig
CHECK_STEPS += randconfig
check-randconfig:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)$(PYTHON) $(srctree)/scripts/ktest run --randconfig $(RANDCONFIG_N) \
		--seed $(RANDCONFIG_SEED) --build-dir $(objtree)/build/randconfig

extra-help += 'check-randconfig   - Build and boot RANDCONFIG_N random configurations from KCONFIG_SEED RANDCONFIG_SEED (a make check step)'
