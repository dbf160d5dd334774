# SPDX-License-Identifier: GPL-2.0
#
# make debug: QEMU halted with its gdb stub, and gdb with the kernel's
# symbols attached to it. Documentation/dev-tools/debugging.rst.
#   GDBPORT=N        the stub's TCP port (default 1234)
#   GDB=none         only start QEMU, attach yourself
#   GDB_BATCH=FILE   run gdb in batch mode with the commands in FILE
GDBPORT ?= 1234
GDB ?= gdb
GDB_BATCH ?=
DEBUG_DIR := $(objtree)/build/debug

PHONY += debug
debug: $(run-deps)
	$(call require,qemu)
	$(Q)$(srctree)/scripts/debug-qemu --vmlinux $(objtree)/vmlinux --port $(GDBPORT) --parent $$PPID \
		$(if $(filter none,$(GDB)),--no-gdb) $(if $(GDB_BATCH),--gdb-batch $(GDB_BATCH)) -- \
		--boot $(QEMU_BOOT) --kernel $(objtree)/vmlinux --iso $(ISO) --mem $(MEM) \
		--log $(DEBUG_DIR)/serial.log --cmdline '$(call escsq,$(CMDLINE))' \
		$(foreach m,$(MODULES),--module $(m)) $(QEMU_EXTRA)

extra-help += 'debug              - QEMU halted with its gdb stub, gdb attached with symbols (GDBPORT=, GDB=none)'
