# SPDX-License-Identifier: GPL-2.0
#
# make python: the Python package kmlab (Documentation/dev-tools/python.rst)
# in $(objtree)/build/python: for every backend defconfig, the ARCH=host
# kernel built position-independent as libkmlab-NAME.so (C entry API:
# arch/host/lib/api.c), the 32-bit kmlab-heapd that loads one per heap, and
# the package's Python files.

PY_OUT := $(objtree)/build/python
# The backends' objects, outside the package (pip copies all of build/python):
# one directory for all of them, configured for each in turn, so that
# fixdep recompiles only the objects a backend's symbols reach (a fresh
# make python compiled every object 5 times: measured, 7.6 s of CPU for
# the first backend, 3.4 to 4.4 s for each next one in the same directory).
PY_OBJ := $(objtree)/build/python-obj
# A backend is a defconfig that is no example or test (scripts/kmlab_lib/backends.py).
py-backends := $(patsubst %_defconfig,%,$(foreach d,$(defconfigs),$(if $(findstring example,$(d))$(findstring test,$(d)),,$(d))))
py-lib = $(PY_OUT)/kmlab/lib/libkmlab-$(1).so

# In one backend's build directory (the sub-make below): every object
# position-independent, and the library linked from all of them with
# ld's shared-object script plus the registries of vmlinux.lds, no
# symbol table (%pS prints addresses), only kmlab_* exported.
ifeq ($(KMLAB_PIC),1)
KBUILD_CFLAGS += -fPIC
USER_CFLAGS += -fPIC
py-api-o := $(objtree)/arch/host/lib/api.o
quiet_cmd_link_so = LD      $(rel)
      cmd_link_so = $(CC) -m32 -shared -Wl,-z,noexecstack -Wl,-T,$(lds) \
	-Wl,--version-script=$(srctree)/arch/host/lib/libkmlab.map \
	-Wl,--defsym=_start=ADDR\(.text\) -o $@ \
	$(objs) $(py-api-o) $(call kallsyms-o,0)
$(objtree)/libkmlab.so: $(objs) $(py-api-o) $(lds) $(call kallsyms-o,0) \
		$(srctree)/arch/host/lib/libkmlab.map FORCE
	$(call if_changed,link_so)
-include $(objtree)/.libkmlab.so.cmd $(objtree)/arch/host/lib/.api.o.cmd
# The package's gfp_t and slab_flags_t tables, from the headers as this
# build's compiler sees them (scripts/gen-python-flags).
quiet_cmd_py_flags = GEN     $(rel)
      cmd_py_flags = $(PYTHON) $(srctree)/scripts/gen-python-flags $@ $(CC) \
	$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS)
$(objtree)/gfp_flags.py: $(srctree)/scripts/gen-python-flags \
		$(srctree)/include/kmlab/gfp.h $(srctree)/include/kmlab/slab.h FORCE \
		| $(objtree)/include/generated/autoconf.h
	$(call if_changed,py_flags)
-include $(objtree)/.gfp_flags.py.cmd
PHONY += libkmlab python-flags
libkmlab: $(objtree)/libkmlab.so
python-flags: $(objtree)/gfp_flags.py
endif

# The heap server: built against glibc, like arch/host/os/.
quiet_cmd_heapd = CC      $(rel)
      cmd_heapd = $(CC) -m32 -march=i686 -std=gnu11 -D_GNU_SOURCE -O2 -g \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-I$(srctree)/arch/host/include/shared -o $@ $< -ldl
$(PY_OUT)/kmlab/lib/kmlab-heapd: $(srctree)/arch/host/lib/heapd.c \
		$(srctree)/arch/host/include/shared/kmlab_api.h FORCE
	@mkdir -p $(@D)
	$(call if_changed,heapd)
-include $(PY_OUT)/kmlab/lib/.kmlab-heapd.cmd

py-sources := $(wildcard $(srctree)/tools/python/kmlab/*.py)
PHONY += python
python: $(PY_OUT)/kmlab/lib/kmlab-heapd
	$(call require,gcc32 libc32 kconfiglib matplotlib)
	$(Q)$(foreach b,$(py-backends),\
		$(MAKE) -f $(srctree)/Makefile ARCH=host O=$(PY_OBJ) \
			$(b)_defconfig FRAGMENTS=$(srctree)/configs/python.config >/dev/null && \
		$(MAKE) -f $(srctree)/Makefile ARCH=host O=$(PY_OBJ) \
			KMLAB_PIC=1 libkmlab \
			$(if $(filter $(b),$(firstword $(py-backends))),python-flags) && \
		cp $(PY_OBJ)/libkmlab.so $(call py-lib,$(b)) &&) true
	$(Q)mkdir -p $(PY_OUT)/kmlab/kmtrace_lib
	$(Q)cp $(py-sources) $(PY_OBJ)/gfp_flags.py $(PY_OUT)/kmlab/
	$(Q)cp $(srctree)/scripts/kmtrace_lib/*.py $(PY_OUT)/kmlab/kmtrace_lib/
	$(Q)cp $(srctree)/tools/python/pyproject.toml $(PY_OUT)/
	@echo '  PY      $(patsubst $(objtree)/%,%,$(PY_OUT))/kmlab ($(py-backends))'

# Its tests (tools/testing/python/) run in make check's host-scripts step
# with every other host test; this runs them alone.
PHONY += check-python
check-python:
	$(call require,gcc32 libc32 kconfiglib qemu matplotlib pip)
	$(Q)$(srctree)/tools/testing/run-host-tests $(srctree)/tools/testing/python

extra-help += 'python             - libkmlab-NAME.so per backend and the Python package kmlab in build/python'
extra-help += 'check-python       - The tests of the Python bindings alone (part of the host-scripts step of make check)'
