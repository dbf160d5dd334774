# SPDX-License-Identifier: GPL-2.0
#
# make check-arch-host: every defconfig built with ARCH=host and run as a
# Linux process, its KTAP read by scripts/ktest's parser, as check-kernel
# does in QEMU (Documentation/dev-tools/arch-host.rst).
PHONY += check-arch-host
CHECK_STEPS += arch-host
check-arch-host:
	$(call require,gcc32 libc32 kconfiglib)
	$(Q)$(PYTHON) $(srctree)/scripts/ktest run --arch host --all \
		--build-dir $(objtree)/build/ktest-host

extra-help += 'check-arch-host    - Build and run every defconfig as a Linux process (ARCH=host), parse KTAP (a make check step)'
