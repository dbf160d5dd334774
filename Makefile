# SPDX-License-Identifier: GPL-2.0
#
# kmlab top-level Makefile.
#
# A single, non-recursive make in the spirit of Linux's Kbuild: every
# directory's Kbuild file lists its objects with obj-y / obj-$(CONFIG_FOO),
# subdirectories with "obj-y += dir/". Commands are recorded in .*.cmd files
# next to each object so that a changed command line or a changed CONFIG_
# symbol that a source file uses rebuilds exactly that object.
#
# Usage: make help

MAKEFLAGS += -rR --no-print-directory
.SUFFIXES:
.DEFAULT_GOAL := all

srctree := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))

# The architecture: i386 (the kernel, booted in QEMU) or host (the same
# kernel as a 32-bit Linux process, Documentation/dev-tools/arch-host.rst).
# ARCH=host builds in build/host unless O= names another directory, so
# that the two never share objects.
ARCH ?= i386
ifeq ($(filter i386 host,$(ARCH)),)
$(error ARCH=$(ARCH): unknown architecture; give ARCH=i386 (the default) or ARCH=host)
endif
SRCARCH := $(ARCH)
ifeq ($(SRCARCH)$(O),host)
O := $(srctree)/build/host
endif
ifneq ($(O),)
objtree := $(abspath $(O))
# A build directory that cannot be made or written stops here, in one line,
# not in a traceback of kconfiglib or a compiler error further on.
objtree-error := $(shell { mkdir -p '$(objtree)' && touch '$(objtree)/.kmlab-probe' && \
	rm -f '$(objtree)/.kmlab-probe'; } 2>&1 | sed -n '1s/.*: //p')
ifneq ($(objtree-error),)
$(error O=$(O): cannot use $(objtree) as the build directory: $(objtree-error); give a directory that can be created and written)
endif
else
objtree := $(srctree)
endif

# ---------------------------------------------------------------------------
# Verbosity: V=1 echoes every command, as in Linux.
ifeq ($(V),1)
Q :=
quiet :=
else
Q := @
quiet := quiet_
endif

# ---------------------------------------------------------------------------
# Host tools.  Debian's own python3 sees apt-installed modules (kconfiglib);
# the pyenv python3 that may be first on PATH does not.
PYTHON ?= /usr/bin/python3
CC := gcc
LD := ld
NM := nm
OBJCOPY := objcopy
HOSTCC := gcc
export PYTHON

# Installs (or names) the Debian packages that provide the listed tools.
require = $(Q)$(srctree)/scripts/require $(1)

# ---------------------------------------------------------------------------
# Configuration
# Not exported: make run from a test or a script must not inherit it.
KCONFIG_CONFIG := $(objtree)/.config
kconfig := KCONFIG_CONFIG=$(KCONFIG_CONFIG) srctree=$(srctree) objtree=$(objtree) \
	SRCARCH=$(SRCARCH) \
	$(PYTHON) $(srctree)/scripts/kconfig/kconfig.py
defconfigs := $(sort $(notdir $(wildcard $(srctree)/configs/*_defconfig)))

config-targets := config menuconfig nconfig oldconfig olddefconfig defconfig \
	savedefconfig listnewconfig helpnewconfig %_defconfig allnoconfig \
	allyesconfig alldefconfig randconfig
# make check and its steps (check-*) build in directories of their own
# under build/: they leave the configuration of the tree alone.
no-config-targets := $(config-targets) help clean mrproper distclean python \
	tags cscope compare check check-%

need-config := 1
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(no-config-targets),$(MAKECMDGOALS)),)
need-config :=
endif
endif

# ---------------------------------------------------------------------------
# Shell helpers (Linux's scripts/Kbuild.include, trimmed).
squote := '
empty :=
space := $(empty) $(empty)
escsq = $(subst $(squote),'\$(squote)',$1)
dot-target = $(dir $@).$(notdir $@)
cmd = @set -e; $(if $(quiet),$(if $(quiet_cmd_$(1)),echo '  $(call escsq,$(quiet_cmd_$(1)))';),echo '$(call escsq,$(cmd_$(1)))';) $(cmd_$(1))
newer-prereqs = $(filter-out FORCE,$?)
cmd-changed = $(strip $(filter-out $(cmd_$(1)),$(savedcmd_$@)) $(filter-out $(savedcmd_$@),$(cmd_$(1))))
make-cmd = $(call escsq,$(subst $$,$$$$,$(cmd_$(1))))
# Rebuild when a prerequisite is newer or the command line changed; record
# the command and the header/config dependencies in .TARGET.cmd.
if_changed_dep = $(if $(newer-prereqs)$(cmd-changed),$(call cmd_and_fixdep,$(1)),@:)
cmd_and_fixdep = $(call cmd,$(1)); \
	$(srctree)/scripts/basic/fixdep $(dot-target).d $@ '$(make-cmd)' \
		$(objtree)/include/config > $(dot-target).cmd; \
	rm -f $(dot-target).d
if_changed = $(if $(newer-prereqs)$(cmd-changed),$(call cmd,$(1)); \
	printf '%s\n' 'savedcmd_$@ := $(make-cmd)' > $(dot-target).cmd,@:)

PHONY := FORCE
FORCE:

# ---------------------------------------------------------------------------
# Compiler flags: freestanding i386, no PIC, no stack protector, frame
# pointers kept for backtraces.
KBUILD_CFLAGS := -m32 -march=i686 -std=gnu11 -ffreestanding -fno-pic -fno-pie \
	-fno-stack-protector -fno-omit-frame-pointer -fno-optimize-sibling-calls \
	-fno-strict-aliasing -fno-common -fno-builtin -mno-sse -mno-mmx \
	-mno-80387 -O2 -g -fmacro-prefix-map=$(srctree)/= \
	-Wall -Wextra -Werror -Wno-unused-parameter \
	-Wno-sign-compare -Wno-missing-field-initializers \
	-Wmissing-prototypes -Wstrict-prototypes
KBUILD_AFLAGS := -m32 -D__ASSEMBLY__ -g
# The build directory's generated headers first: a stale in-tree build
# (include/generated/ in the source tree) must not shadow O='s config.
KBUILD_CPPFLAGS := -nostdinc -isystem $(shell $(CC) -m32 -print-file-name=include) \
	-I$(objtree)/include -I$(srctree)/arch/$(SRCARCH)/include -I$(srctree)/include \
	-include $(srctree)/include/kmlab/kconfig.h
KBUILD_LDFLAGS := -m32 -nostdlib -static -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--no-warn-rwx-segments
# gcc's 32-bit runtime is in its "32" multilib directory (gcc-multilib).
# Without it "gcc -m32 -print-file-name" names the 64-bit file instead, so
# only a path through /32/ counts. Expanded when used: scripts/require may
# install gcc-multilib after this Makefile was read.
gcc32-file = $(filter %/32/$(1),$(shell $(CC) -m32 -print-file-name=$(1)))
KBUILD_LIBS = $(or $(call gcc32-file,libgcc.a),$(error the 32-bit libgcc.a is missing: install gcc-multilib ('make check-deps' or 'apt-get install gcc-multilib')))
# The architecture's own settings (arch/host: the C library, its linker script).
-include $(srctree)/arch/$(SRCARCH)/Makefile

# ---------------------------------------------------------------------------
# Walk the Kbuild files.  $(call descend,DIR) reads DIR/Kbuild and collects
# its objects into kbuild-objs; per-directory flags use the directory name
# as a suffix so that recursion does not clobber them.
#   obj-y += foo.o            object in this directory
#   obj-$(CONFIG_X) += bar/   descend into a subdirectory
#   ccflags-y                 extra CFLAGS for the directory
#   CFLAGS_foo.o              extra CFLAGS for one object
#   GCOV_PROFILE := n         no coverage for the directory
#   GCOV_PROFILE_foo.o := n   no coverage for one object
#   KASAN_SANITIZE := n       no AddressSanitizer for the directory (CONFIG_KASAN)
#   KASAN_SANITIZE_foo.o := n no AddressSanitizer for one object (or := y)
#   USER_OBJS := y            the directory talks to the C library: built
#                             with $(USER_CFLAGS) instead of the kernel's
#                             flags (arch/host/os/, as Linux's UML os-Linux/)
kbuild-objs :=
define descend
obj-y :=
obj-m :=
ccflags-y :=
GCOV_PROFILE :=
KASAN_SANITIZE :=
USER_OBJS :=
include $(srctree)/$(if $(1),$(1)/)Kbuild
user-dir-$(1) := $$(USER_OBJS)
kasan-dir-$(1) := $$(KASAN_SANITIZE)
$$(foreach o,$$(filter %.o,$$(obj-y)),$$(eval KASAN_SANITIZE_$(if $(1),$(1)/)$$(o) := $$(KASAN_SANITIZE_$$(o))))
objs-$(1) := $$(addprefix $(if $(1),$(1)/),$$(filter %.o,$$(obj-y)))
subdirs-$(1) := $$(addprefix $(if $(1),$(1)/),$$(patsubst %/,%,$$(filter %/,$$(obj-y))))
ccflags-dir-$(1) := $$(ccflags-y)
$$(foreach o,$$(objs-$(1)),$$(eval dir-of-$$(o) := $(1)))
$$(foreach o,$$(filter %.o,$$(obj-y)),$$(eval GCOV_PROFILE_$(if $(1),$(1)/)$$(o) := $$(GCOV_PROFILE_$$(o))))
$$(foreach o,$$(filter %.o,$$(obj-y)),$$(eval CFLAGS_$(if $(1),$(1)/)$$(o) := $$(CFLAGS_$$(o))))
gcov-dir-$(1) := $$(GCOV_PROFILE)
kbuild-objs += $$(objs-$(1))
$$(foreach d,$$(subdirs-$(1)),$$(eval $$(call descend,$$(d))))
endef

ifeq ($(need-config),1)
-include $(objtree)/include/config/auto.conf
endif

# A build directory configured for one architecture is not built for the
# other: the objects would mix.
ifeq ($(need-config),1)
config-arch := $(if $(wildcard $(KCONFIG_CONFIG)),$(if $(shell grep -s '^CONFIG_ARCH_HOST=y' '$(KCONFIG_CONFIG)'),host,i386))
ifneq ($(filter-out $(SRCARCH),$(config-arch)),)
$(error $(KCONFIG_CONFIG) is a configuration for ARCH=$(config-arch): give ARCH=$(config-arch), or build ARCH=$(SRCARCH) in another directory (O=DIR, after 'make ARCH=$(SRCARCH) O=DIR NAME_defconfig'))
endif
$(eval $(call descend,))
endif

# Coverage (Documentation/dev-tools/coverage.rst): with CONFIG_GCOV_KERNEL
# an object is profiled when the first setting found says y: its own
# GCOV_PROFILE_foo.o, then GCOV_PROFILE of its directory and of each parent
# directory, then CONFIG_GCOV_PROFILE_ALL.
gcov-dir-chain = $(strip $(gcov-dir-$(1)) $(if $(filter-out .,$(1)),$(call gcov-dir-chain,$(patsubst %/,%,$(dir $(1))))))
gcov-setting = $(firstword $(GCOV_PROFILE_$(1)) $(call gcov-dir-chain,$(dir-of-$(1))) $(if $(CONFIG_GCOV_PROFILE_ALL),y,n))
gcov-flags = $(if $(CONFIG_GCOV_KERNEL),$(if $(filter y,$(call gcov-setting,$(1))),$(CFLAGS_GCOV)))
# ARCH=host has libgcov register the objects and write the files itself:
# its Makefile empties GCOV_INFO_SECTION.
GCOV_INFO_SECTION ?= -fprofile-info-section
CFLAGS_GCOV := --coverage $(GCOV_INFO_SECTION) -fprofile-update=single \
	-fno-tree-loop-im

# CONFIG_KASAN (ARCH=host, Documentation/dev-tools/arch-host.rst): an
# object is built with $(CFLAGS_KASAN) unless the first setting found,
# its own KASAN_SANITIZE_foo.o then its directories', says n.
kasan-dir-chain = $(strip $(kasan-dir-$(1)) $(if $(filter-out .,$(1)),$(call kasan-dir-chain,$(patsubst %/,%,$(dir $(1))))))
kasan-flags = $(if $(CONFIG_KASAN),$(if $(filter n,$(firstword $(KASAN_SANITIZE_$(1)) $(call kasan-dir-chain,$(dir-of-$(1))) y)),,$(CFLAGS_KASAN)))

objs := $(addprefix $(objtree)/,$(kbuild-objs))
rel = $(patsubst $(objtree)/%,%,$@)

c_flags = $(if $(user-dir-$(dir-of-$(rel))),$(USER_CFLAGS),$(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS)) \
	$(ccflags-dir-$(dir-of-$(rel))) \
	$(CFLAGS_$(rel)) $(call gcov-flags,$(rel)) $(call kasan-flags,$(rel))
a_flags = $(KBUILD_CPPFLAGS) $(KBUILD_AFLAGS) $(ccflags-dir-$(dir-of-$(rel)))

quiet_cmd_cc_o_c = CC      $(rel)
      cmd_cc_o_c = $(CC) $(c_flags) -MMD -MP -MF $(dot-target).d -c -o $@ $<
quiet_cmd_as_o_S = AS      $(rel)
      cmd_as_o_S = $(CC) $(a_flags) -MMD -MP -MF $(dot-target).d -c -o $@ $<

$(objtree)/%.o: $(srctree)/%.c FORCE | $(objtree)/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(call if_changed_dep,cc_o_c)

$(objtree)/%.o: $(srctree)/%.S FORCE | $(objtree)/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(call if_changed_dep,as_o_S)

# ---------------------------------------------------------------------------
# Linking with an embedded symbol table (Documentation/dev-tools/build.rst):
# pass 1 links with an empty table, pass 2 with the table made from pass 1.
# The table lives after .bss, so it moves no other symbol.
lds := $(objtree)/arch/$(SRCARCH)/kernel/vmlinux.lds
KALLSYMS := $(PYTHON) $(srctree)/scripts/kallsyms.py

quiet_cmd_lds = LDS     $(rel)
      cmd_lds = $(CC) -E -P -x c $(KBUILD_CPPFLAGS) -D__ASSEMBLY__ -o $@ $<
$(lds): $(srctree)/arch/$(SRCARCH)/kernel/vmlinux.lds.S FORCE | $(objtree)/include/generated/autoconf.h
	@mkdir -p $(@D)
	$(call if_changed,lds)

quiet_cmd_link = LD      $(rel)
      cmd_link = $(CC) $(KBUILD_LDFLAGS) -Wl,-T,$(lds) -o $@ \
	$(objs) $(filter-out $(objs),$(filter %.o,$^)) $(KBUILD_LIBS) $(if $(CONFIG_GCOV_KERNEL),$(LIBGCOV) $(KBUILD_LIBS))
LIBGCOV = $(call gcc32-file,libgcov.a)
ifeq ($(CONFIG_GCOV_KERNEL),y)
ifeq ($(wildcard $(LIBGCOV)),)
$(error CONFIG_GCOV_KERNEL=y needs the 32-bit libgcov.a, which '$(CC) -m32 -print-file-name=libgcov.a' does not find: install gcc-multilib ('make check-deps' or 'apt-get install gcc-multilib'), or turn CONFIG_GCOV_KERNEL off)
endif
endif

kallsyms-c = $(objtree)/.tmp_kallsyms$(1).c
kallsyms-o = $(objtree)/.tmp_kallsyms$(1).o
quiet_cmd_kallsyms = KSYM    $(rel)
      cmd_kallsyms = $(NM) -n $< | $(KALLSYMS) > $@
quiet_cmd_kallsyms0 = KSYM    $(rel)
      cmd_kallsyms0 = $(KALLSYMS) < /dev/null > $@
quiet_cmd_cc_kallsyms = CC      $(rel)
      cmd_cc_kallsyms = $(CC) $(KBUILD_CPPFLAGS) $(KBUILD_CFLAGS) -c -o $@ $<

# The generator is a prerequisite: a changed scripts/kallsyms.py remakes both tables.
$(call kallsyms-c,0): $(srctree)/scripts/kallsyms.py FORCE
	$(call if_changed,kallsyms0)
$(call kallsyms-o,0): $(call kallsyms-c,0)
	$(call cmd,cc_kallsyms)
$(objtree)/.tmp_vmlinux1: $(objs) $(lds) $(call kallsyms-o,0) FORCE
	$(call if_changed,link)
$(call kallsyms-c,1): $(objtree)/.tmp_vmlinux1 $(srctree)/scripts/kallsyms.py
	$(call cmd,kallsyms)
$(call kallsyms-o,1): $(call kallsyms-c,1)
	$(call cmd,cc_kallsyms)

quiet_cmd_link_vmlinux = LD      $(rel)
      cmd_link_vmlinux = $(cmd_link) && \
	$(srctree)/scripts/check-kallsyms $(objtree)/.tmp_vmlinux1 $@ && \
	$(NM) -n $@ > $(objtree)/System.map
$(objtree)/vmlinux: $(objs) $(lds) $(call kallsyms-o,1) FORCE
	$(call if_changed,link_vmlinux)

PHONY += all vmlinux
all: vmlinux
	$(Q)$(PYTHON) $(srctree)/scripts/gen_compile_commands.py $(objtree) $(objtree)/compile_commands.json
vmlinux: $(objtree)/vmlinux

# .cmd files from earlier builds: saved command lines and dependencies.
-include $(wildcard $(foreach o,$(objs) $(lds) $(objtree)/vmlinux $(objtree)/.tmp_vmlinux1 \
	$(call kallsyms-c,0),$(dir $(o)).$(notdir $(o)).cmd))

# ---------------------------------------------------------------------------
# Kconfig.  auto.conf and autoconf.h come from .config; include/config/
# holds one file per symbol, touched when that symbol changes (fixdep makes
# each object depend on the symbols its sources mention).
ifeq ($(need-config),1)
$(objtree)/include/config/auto.conf $(objtree)/include/generated/autoconf.h: $(KCONFIG_CONFIG) $(shell find $(srctree) -name 'Kconfig*' -not -path '*/.git/*')
	$(call require,kconfiglib gcc32)
	$(Q)$(kconfig) syncconfig
# No .config yet (a fresh clone): start from the default, as the README
# promises that `make run` works right away.
$(KCONFIG_CONFIG):
	$(call require,kconfiglib)
	@echo >&2 "*** No configuration in $(KCONFIG_CONFIG): using configs/buddy_slab_defconfig."
	@echo >&2 "*** Change it with 'make menuconfig' or 'make <name>_defconfig' ($(defconfigs))."
	$(Q)$(kconfig) defconfig $(srctree)/configs/buddy_slab_defconfig >/dev/null
endif

PHONY += $(config-targets)
menuconfig nconfig config oldconfig olddefconfig savedefconfig listnewconfig \
helpnewconfig allnoconfig allyesconfig alldefconfig:
	$(call require,kconfiglib)
	$(Q)$(kconfig) $@

# KCONFIG_SEED=N repeats a randconfig (the seed is printed on every run);
# KCONFIG_ALLCONFIG=FILE pins the symbols FILE sets.
randconfig:
	$(call require,kconfiglib)
	$(Q)KCONFIG_SEED='$(KCONFIG_SEED)' KCONFIG_ALLCONFIG='$(KCONFIG_ALLCONFIG)' $(kconfig) $@

# KBUILD_DEFCONFIG=FILE loads another file, e.g. one savedefconfig wrote.
KBUILD_DEFCONFIG ?= $(srctree)/configs/buddy_slab_defconfig
defconfig:
	$(call require,kconfiglib)
	$(Q)$(kconfig) defconfig $(KBUILD_DEFCONFIG) $(FRAGMENTS)

%_defconfig:
	$(call require,kconfiglib)
	$(Q)if [ ! -f $(srctree)/configs/$@ ]; then \
		echo >&2 "make: no such defconfig: configs/$@"; \
		echo >&2 "make: the defconfigs are: $(defconfigs)"; \
		exit 2; fi
	$(Q)$(kconfig) defconfig $(srctree)/configs/$@ $(FRAGMENTS)

# ---------------------------------------------------------------------------
# Running, testing and the other tool fragments.
include $(srctree)/scripts/Makefile.run
-include $(wildcard $(srctree)/scripts/Makefile.*.mk)

# ---------------------------------------------------------------------------
PHONY += clean mrproper distclean help check-deps tags cscope
# Editor indexes of the sources, as Linux's scripts/tags.sh (no .config
# needed). clangd reads compile_commands.json, which every build writes.
tag-sources = cd $(srctree) && find arch include init kernel lib mm \
	-name '*.[chS]' -not -path '*/generated/*' | sort
tags:
	$(call require,ctags)
	$(Q)$(tag-sources) | ctags -o $(objtree)/tags -L -
cscope:
	$(call require,cscope)
	$(Q)$(tag-sources) | sed 's|^|$(srctree)/|' > $(objtree)/cscope.files
	$(Q)cd $(objtree) && cscope -b -q -k -i cscope.files

clean:
	$(Q)find $(objtree) \( -name '*.o' -o -name '.*.cmd' -o -name '.*.d' \
		-o -name '*.gcda' -o -name '*.gcno' \) -not -path '*/.git/*' -delete
	$(Q)rm -rf $(objtree)/vmlinux $(objtree)/.tmp_vmlinux* $(objtree)/.tmp_kallsyms* \
		$(objtree)/System.map $(objtree)/arch/*/kernel/vmlinux.lds \
		$(objtree)/build $(objtree)/compile_commands.json

mrproper distclean: clean
	$(Q)rm -rf $(objtree)/.config $(objtree)/.config.old \
		$(objtree)/include/generated $(objtree)/include/config \
		$(objtree)/tags $(objtree)/cscope.files $(objtree)/cscope.out \
		$(objtree)/cscope.in.out $(objtree)/cscope.po.out

check-deps:
	$(Q)$(srctree)/scripts/require --all

help:
	@echo 'Configuration:'
	@echo '  defconfig          - New .config with the default backend (buddy+slab)'
	@$(foreach d,$(defconfigs),printf '  %-18s - New .config from configs/%s\n' $(d) $(d);)
	@echo '  menuconfig         - Change .config in a curses menu'
	@echo '  nconfig            - The same menu (kconfiglib has no separate nconfig)'
	@echo '  config             - Update .config, asking about new symbols (as oldconfig)'
	@echo '  oldconfig          - Update .config, asking about new symbols, marked (NEW)'
	@echo '  olddefconfig       - Update .config, new symbols at their defaults'
	@echo '  savedefconfig      - Write the minimal config to ./defconfig'
	@echo '  listnewconfig      - List symbols that .config does not set yet'
	@echo '  helpnewconfig      - The same, with their help texts'
	@echo '  allnoconfig        - New .config with every symbol off that can be'
	@echo '  allyesconfig       - New .config with every symbol on that can be'
	@echo '  alldefconfig       - New .config with every symbol at its default'
	@echo '  randconfig         - New random .config (KCONFIG_SEED=N repeats one, KCONFIG_ALLCONFIG=FILE pins symbols)'
	@echo '  FRAGMENTS="f ..."  - With a *_defconfig: merge config fragments'
	@echo ''
	@echo 'Building:'
	@echo '  all / vmlinux      - Build the kernel (default target)'
	@echo '  iso                - Bootable GRUB rescue image build/kmlab.iso'
	@echo '  clean              - Remove build outputs, keep .config'
	@echo '  mrproper           - Remove build outputs and the configuration'
	@echo '  distclean          - mrproper, and the tags and cscope files'
	@echo '  tags               - ctags index of the sources (no .config needed)'
	@echo '  cscope             - cscope database of the sources'
	@echo '                       (clangd: compile_commands.json, written by every build)'
	@echo ''
	@echo 'Running and testing:'
	@echo '  run                - Boot in QEMU, print the console, exit with the kernel status'
	@echo '  check              - Build, boot and test everything; last line "N passed, N failed"'
	@$(foreach s,$(CHECK_STEPS),$(if $(findstring 'check-$(s) ,$(extra-help)),,printf '  %-18s - One step of make check: %s\n' check-$(s) $(s);))
	@echo '  check-deps         - Install every Debian package the targets need'
	@echo '  help               - This list'
	@$(if $(extra-help),printf '  %s\n' $(extra-help))
	@echo ''
	@echo 'Variables:'
	@echo '  O=DIR              - Build out of tree in DIR'
	@echo '  ARCH=host          - The kernel as a 32-bit Linux process (default O=build/host)'
	@echo '  V=1                - Show every command'
	@echo '  CMDLINE="..."      - Kernel command line for run'
	@echo '  QUICK=1            - run: leave out the ktest cases marked slow (ktest.filter=speed>slow)'
	@echo '  QEMU_BOOT=kernel   - Boot with -kernel instead of the GRUB ISO (faster)'
	@echo '  TIMEOUT=S          - Kill a run after S seconds (default 60)'
	@echo '  MEM=SIZE           - Guest RAM for run (default 128M)'
	@echo '  SMP=N              - CPUs for run (QEMU -smp N; used by a CONFIG_SMP kernel)'
	@echo '  CHECK_JOBS=N       - make check steps run at once (default 2)'
	@echo '  MODULES="f ..."    - Files loaded as multiboot modules for run'
	@echo '  QEMU_EXTRA="..."   - Extra scripts/run-qemu arguments (e.g. "--icount")'
	@echo ''
	@echo 'Kernel parameters: Documentation/admin-guide/kernel-parameters.rst'

.PHONY: $(PHONY)
