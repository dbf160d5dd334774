# SPDX-License-Identifier: GPL-2.0
#
# Coverage: make coverage [DEFCONFIG=NAME_defconfig], make check-coverage.
# Documentation/dev-tools/coverage.rst. The work is done by scripts/coverage:
# every backend defconfig is built with configs/coverage.config under
# $(COVERAGE_DIR)/NAME, booted, its COM2 capture turned into .gcda files,
# and the runs merged into one lcov/genhtml report and Cobertura XML.

COVERAGE_DIR ?= $(objtree)/build/coverage
# Empty: every backend defconfig (configs/*_defconfig without "example" or
# "test" in the name). One or more names: just those.
DEFCONFIG ?=
# PER_TEST=1: coverage per ktest case (gcov.per_test=1): per-test.info,
# per-test.json, an HTML report that lists each line's cases.
PER_TEST ?=
# HOST=1: each defconfig also built for ARCH=host and run as a program
# (libgcov writes its .gcda files), merged in, and summed up apart.
HOST ?=
COVERAGE = $(PYTHON) $(srctree)/scripts/coverage --out $(COVERAGE_DIR) \
	--timeout $(TIMEOUT) --mem $(MEM) $(if $(CMDLINE),--cmdline '$(call escsq,$(CMDLINE))') \
	$(foreach d,$(DEFCONFIG),--defconfig $(d)) $(if $(filter 1,$(PER_TEST)),--per-test) \
	$(if $(filter 1,$(HOST)),--host)

coverage-tools = gcc32 kconfiglib qemu lcov gcovr $(if $(filter 1,$(HOST)),libc32)

PHONY += coverage check-coverage
coverage:
	$(call require,$(coverage-tools))
	$(Q)$(COVERAGE)

# make check: one check per backend run and one per gate of
# scripts/coverage-threshold. The known-count tests of the i386 and host
# kernels (tools/testing/coverage/) run in the host-scripts step.
CHECK_STEPS += coverage
check-coverage:
	$(call require,$(coverage-tools))
	$(Q)$(COVERAGE) --check

extra-help += 'coverage           - Coverage of every backend (DEFCONFIG=x_defconfig: one): lcov HTML, summary line'
extra-help += '                     PER_TEST=1: per ktest case (scripts/coverage which FILE:LINE, per-test)'
extra-help += '                     HOST=1: ARCH=host runs of every defconfig merged in (and summed apart)'
extra-help += 'check-coverage     - make coverage, gated on scripts/coverage-threshold (a make check step)'
