# SPDX-License-Identifier: GPL-2.0
#
# The check-smp step of make check (Documentation/core-api/smp.rst): the
# default defconfig with CONFIG_SMP, CONFIG_DEBUG_SPINLOCK and
# CONFIG_PROVE_LOCKING (lock-order checking: any report fails its case;
# the lockdep suite provokes each on purpose) (and the heap
# hardening options, whose attack suites need a boot with them on:
# Documentation/mm/hardening.rst; and CONFIG_KFENCE, whose suite then runs
# with two CPUs: a use after free on the CPU the free did not run on,
# Documentation/dev-tools/kfence.rst), built once,
# booted four times through the ktest runner:
#   -smp 2  every suite (nothing breaks with a second CPU online)
#   -smp 4  the SMP suites (ktest attribute area=smp)
#   -smp 4  nr_cpus=3 smp.fail_cpu=1: a CPU left out by the limit and one
#           that does not come up; the console must report the latter
#           (after smp.boot_timeout_ms=50: the default second of guest
#           time is 10^9 instructions under -icount, 7 s of this boot's
#           10 s on a quiet host)
#   -smp 1  the SMP suites on one CPU (the cases needing two skip), with
#           noapictimer (the apic_timer suite checks the timer masked)
# The kmalloc_smp suite (every CPU on the heap at once) runs in each:
# its default count (20000) with -smp 2 and -smp 4, 2000 in the boot with
# CPU 1 failing, 100000 on one CPU. Issue 19's 10^6 operations per
# backend run in check-kernel, whose defconfig builds are CONFIG_SMP=y
# (scripts/Makefile.run): every backend, buddy+slab included, at -smp 2,
# and the area=smp suites at -smp 4 under -icount; this step adds what
# needs a build of its own (the lock checkers, the hardening options and
# KFENCE with two CPUs, a CPU that does not come up, one CPU).
# Documentation/core-api/smp.rst, "Tests".
# The -smp 4 boots run under -icount: four vCPU threads on a 2-core host
# (with another make check step beside them) left a ticket-lock holder
# descheduled for seconds, and the 10 s case timeouts of the spinlock
# suite fired (seen in a fresh-root make check); with -icount QEMU runs
# the vCPUs in turn on one thread and the guest's time is its instruction
# count, so the timeouts no longer depend on the host's load. The -smp 2
# and -smp 1 boots keep real parallel vCPUs.
# buddy+slab's per-CPU object caches (Documentation/mm/slab-percpu.rst)
# are on in every boot but the -smp 1 one (slab_cpu_cache=0), where
# kmalloc_smp runs every operation under heap_lock.
# The step's counts are the sum of the boots' "N passed, N failed" lines,
# plus one test for the console report. A boot may take up to 180 s on a
# busy host (kmalloc_smp alone may take 60 s there).

SMP_CHECK_OBJ := $(objtree)/build/check-smp
# KFENCE samples nothing outside its own suite (which samples every
# allocation of its cases): each sampled free shoots the other CPUs' TLBs
# down and waits for them, and with kmalloc_smp's two CPUs busy on a
# loaded host each wait is the host scheduling the other vCPU thread
# (about 45 ms at load 12): 1 in 100 made kmalloc_smp take 18 s instead
# of 3, 1 in 1000 still 13 s.
SMP_KFENCE := kfence.sample_interval=0
smp-ktest = $(PYTHON) $(srctree)/scripts/ktest run --defconfig buddy_slab \
	--kconfig-add CONFIG_SLAB_FREELIST_HARDENED=y \
	--kconfig-add CONFIG_SLAB_FREELIST_RANDOM=y \
	--kconfig-add CONFIG_INIT_ON_ALLOC_FREE=y \
	--kconfig-add CONFIG_KMALLOC_QUARANTINE=y \
	--kconfig-add CONFIG_SMP=y --kconfig-add CONFIG_DEBUG_SPINLOCK=y \
	--kconfig-add CONFIG_LOCK_STAT=y --kconfig-add CONFIG_PROVE_LOCKING=y \
	--kconfig-add CONFIG_KFENCE=y \
	--build-dir $(SMP_CHECK_OBJ) --timeout 180

PHONY += check-smp
CHECK_STEPS += smp
check-smp:
	$(call require,gcc32 kconfiglib qemu)
	$(Q)rm -f $(SMP_CHECK_OBJ).log $(SMP_CHECK_OBJ).log.failed; mkdir -p $(SMP_CHECK_OBJ); \
	$(call run-counted,$(smp-ktest) --smp 2 \
		--cmdline '$(SMP_KFENCE)',$(SMP_CHECK_OBJ).log,-smp 2) \
	$(call run-counted,$(smp-ktest) --smp 4 --icount --filter-attr area=smp \
		--cmdline '$(SMP_KFENCE)',$(SMP_CHECK_OBJ).log,-smp 4) \
	$(call run-counted,$(smp-ktest) --smp 4 --icount --filter-attr area=smp \
		--cmdline 'nr_cpus=3 smp.fail_cpu=1 smp.boot_timeout_ms=50 kmalloc_smp.ops=2000 $(SMP_KFENCE)', \
		$(SMP_CHECK_OBJ).log,-smp 4 with CPU 1 failing) \
	if grep -q 'smp: CPU 1 (APIC ID 1) did not come up within 50 ms' $(SMP_CHECK_OBJ)/build/run/serial.log; \
	then echo '1 passed, 0 failed' >> $(SMP_CHECK_OBJ).log; \
	else echo 'check-smp: no "smp: CPU 1 ... did not come up within 50 ms" report on the console'; \
		echo '0 passed, 1 failed' >> $(SMP_CHECK_OBJ).log; fi; \
	$(call run-counted,$(smp-ktest) --smp 1 --filter-attr area=smp \
		--cmdline 'kmalloc_smp.ops=100000 slab_cpu_cache=0 noapictimer',$(SMP_CHECK_OBJ).log,-smp 1) \
	$(call sum-counts,$(SMP_CHECK_OBJ).log,smp: )

extra-help += 'check-smp          - make check step: CONFIG_SMP kernel booted with -smp 1, 2 and 4'
