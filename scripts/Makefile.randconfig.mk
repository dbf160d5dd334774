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
# (empty) runs them here too.
#
# Then the hardening set: one random configuration per backend with that
# backend and configs/hardening.config pinned (every heap hardening
# option the backend offers, on; Documentation/mm/hardening.rst), so
# that each option runs in make check on every backend that offers it,
# mixed with whatever debug options the seed draws. Its seeds follow the
# plain set's: the 20 seeds of the step are those it always had, the
# last five now hardened. RANDCONFIG_N=0 runs the hardening set alone,
# RANDCONFIG_HARDENING= (empty) the plain set alone.
RANDCONFIG_N ?= 15
RANDCONFIG_SEED ?= 1
RANDCONFIG_FILTER ?= speed>slow
RANDCONFIG_HARDENING ?= bump firstfit buddy_slab slob tlsf
RANDCONFIG_HARDENING_SEED ?= $(shell echo $$(($(RANDCONFIG_SEED) + $(RANDCONFIG_N))))

randconfig-ktest = $(PYTHON) $(srctree)/scripts/ktest run \
	--build-dir $(objtree)/build/randconfig \
	$(if $(RANDCONFIG_FILTER),--cmdline 'ktest.filter=$(RANDCONFIG_FILTER)')

PHONY += check-randconfig
CHECK_STEPS += randconfig
check-randconfig:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)fail=0; \
	$(if $(filter-out 0,$(RANDCONFIG_N)),$(randconfig-ktest) \
		--randconfig $(RANDCONFIG_N) --seed $(RANDCONFIG_SEED) || fail=1;) \
	seed=$(RANDCONFIG_HARDENING_SEED); \
	for b in $(RANDCONFIG_HARDENING); do \
		$(randconfig-ktest) --randconfig 1 --seed $$seed \
			--kunitconfig $(srctree)/configs/hardening.config \
			--kconfig-add CONFIG_KMALLOC_$$(echo $$b | tr a-z A-Z)=y \
			|| { echo "FAILED: hardening set, $$b, KCONFIG_SEED=$$seed"; fail=1; }; \
		seed=$$((seed + 1)); \
	done; \
	exit $$fail

extra-help += 'check-randconfig   - Build and boot RANDCONFIG_N random configurations from KCONFIG_SEED RANDCONFIG_SEED,'
extra-help += '                     then one per backend of RANDCONFIG_HARDENING with configs/hardening.config (a make check step)'
