# SPDX-License-Identifier: GPL-2.0
#
# Bochs: make bochs (the debugger, with the kernel's symbols), make
# bochs-check (a headless run of the ktest suites) and the check-bochs
# step of make check. Documentation/dev-tools/bochs.rst.

BOCHS_DIR := $(objtree)/build/bochs
BOCHS_TIMEOUT ?= 300
# make bochs: BREAK="kmalloc panic" sets breakpoints, BOCHS_RC=FILE runs
# more debugger commands, BOCHS_SERIAL=file|tty: COM1 only in
# build/bochs/serial.log or also on the terminal (default: auto, file when
# CONFIG_DEBUG_E9_CONSOLE puts the 0xE9 console on the terminal).
BREAK ?=
BOCHS_RC ?=
BOCHS_SERIAL ?= auto
# make check: the default defconfig, built in its own directory, booted
# with this command line (a ktest.filter_glob= here keeps the run short).
BOCHS_CHECK_CMDLINE ?=
BOCHS_CHECK_OBJ := $(objtree)/build/check-bochs

BOCHS_RUN = $(srctree)/scripts/bochs-run --iso $(ISO) \
	--system-map $(objtree)/System.map --dir $(BOCHS_DIR) --mem $(MEM)

PHONY += bochs bochs-check check-bochs
bochs: $(ISO)
	$(call require,bochs)
	$(Q)$(BOCHS_RUN) --serial $(BOCHS_SERIAL) --config $(KCONFIG_CONFIG) $(foreach b,$(BREAK),--break $(b)) \
		$(if $(BOCHS_RC),--rc $(BOCHS_RC))

bochs-check: $(ISO)
	$(call require,bochs)
	$(Q)$(BOCHS_RUN) --check --timeout $(BOCHS_TIMEOUT)

CHECK_STEPS += bochs
check-bochs:
	$(call require,gcc32 kconfiglib grub xorriso mtools bochs)
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(BOCHS_CHECK_OBJ) defconfig >/dev/null
	$(Q)$(MAKE) -f $(srctree)/Makefile O=$(BOCHS_CHECK_OBJ) \
		CMDLINE='$(call escsq,$(BOCHS_CHECK_CMDLINE))' bochs-check

extra-help += 'bochs              - Boot the ISO in Bochs, debugger stopped, symbols loaded (BREAK="sym ...")'
extra-help += 'bochs-check        - Boot the ISO in Bochs headless, run ktest, parse KTAP (BOCHS_TIMEOUT=S)'
