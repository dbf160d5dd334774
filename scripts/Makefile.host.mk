# SPDX-License-Identifier: GPL-2.0
#
# make check-arch-host: every defconfig built with ARCH=host under KASAN
# (AddressSanitizer) and UBSan (configs/ubsan.config) and run as a Linux
# process, its KTAP read by scripts/ktest's parser, as check-kernel does
# in QEMU (Documentation/dev-tools/arch-host.rst). The defconfigs are
# built one after another in one directory: fixdep recompiles only what
# the backend's Kconfig symbols reach, which pays for the sanitizers.
PHONY += check-arch-host
CHECK_STEPS += arch-host
check-arch-host:
	$(call require,gcc32 libc32 asan32 kconfiglib)
	$(Q)$(PYTHON) $(srctree)/scripts/ktest run --arch host --all \
		--kunitconfig $(srctree)/configs/ubsan.config \
		--kconfig-add CONFIG_KASAN=y \
		--one-build-dir --build-dir $(objtree)/build/ktest-host

extra-help += 'check-arch-host    - Every defconfig under KASAN+UBSan as a Linux process (ARCH=host), KTAP parsed (a make check step)'
