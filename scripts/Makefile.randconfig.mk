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
# mixed with whatever debug options the seed draws. Its seeds are 16 to
# 20 (seeds the plain set once drew, now hardened). RANDCONFIG_N=0 runs
# the hardening set alone, RANDCONFIG_HARDENING= (empty) the plain set
# alone.
#
# Each configuration costs make check about 17 s of a core (a build that
# recompiles nearly everything, and a boot), so the plain set is 6 and
# the whole step 11 configurations, to keep make check within its 10
# minutes on 2 cores; a longer sweep is RANDCONFIG_N=200.
RANDCONFIG_N ?= 6
RANDCONFIG_SEED ?= 1
RANDCONFIG_FILTER ?= speed>slow
RANDCONFIG_HARDENING ?= bump firstfit buddy_slab slob tlsf
RANDCONFIG_HARDENING_SEED ?= 16

# The heaviest configurations (gcov, UBSan, KFENCE, poisoning and
# CONFIG_KMALLOC_CHECK_EVERY_OP drawn together) boot for about 30 s of a
# quiet core and went past make run's 60 s on a loaded machine; a case
# that really hangs is still caught by ktest's own per-case timeout.
RANDCONFIG_TIMEOUT ?= 150

randconfig-ktest = $(PYTHON) $(srctree)/scripts/ktest run \
	--build-dir $(objtree)/build/randconfig --timeout $(RANDCONFIG_TIMEOUT) \
	$(if $(RANDCONFIG_FILTER),--cmdline 'ktest.filter=$(RANDCONFIG_FILTER)')

randconfig-log = $(objtree)/build/randconfig.log

PHONY += check-randconfig
CHECK_STEPS += randconfig
check-randconfig:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)for b in $(RANDCONFIG_HARDENING); do \
		[ -f $(srctree)/configs/$${b}_defconfig ] || { \
			echo "check-randconfig: RANDCONFIG_HARDENING: no backend '$$b'" \
			     "(no configs/$${b}_defconfig)"; exit 2; }; \
	done; \
	mkdir -p $(objtree)/build; rm -f $(randconfig-log) $(randconfig-log).failed; \
	$(if $(filter-out 0,$(RANDCONFIG_N)),$(call run-counted,$(randconfig-ktest) \
		--randconfig $(RANDCONFIG_N) --seed $(RANDCONFIG_SEED),$(randconfig-log),plain set)) \
	seed=$(RANDCONFIG_HARDENING_SEED); \
	for b in $(RANDCONFIG_HARDENING); do \
		$(call run-counted,$(randconfig-ktest) --randconfig 1 --seed $$seed \
			--kunitconfig $(srctree)/configs/hardening.config \
			--kconfig-add CONFIG_KMALLOC_$$(echo $$b | tr a-z A-Z)=y, \
			$(randconfig-log),hardening set: $$b KCONFIG_SEED=$$seed) \
		seed=$$((seed + 1)); \
	done; \
	$(call sum-counts,$(randconfig-log))

extra-help += 'check-randconfig   - Build and boot RANDCONFIG_N random configurations from KCONFIG_SEED RANDCONFIG_SEED,'
extra-help += '                     then one per backend of RANDCONFIG_HARDENING with configs/hardening.config (a make check step)'
