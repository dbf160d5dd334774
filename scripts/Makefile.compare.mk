# SPDX-License-Identifier: GPL-2.0
#
# make compare: every backend with kbench, booted under -icount with the
# real traces, one table, results.json and report.html with plots
# (Documentation/mm/compare.rst). The work is done by scripts/compare.
#
#   make compare                     tools/mm/traces/*.kmt.xz, MEM=128M
#   make compare TRACE=path          replay that trace (same format) instead
#   make compare COMPARE_ARGS=--no-scale   skip the 64M / 1G replays
#   make compare COMPARE_ARGS=--no-smp     skip the scaling runs on 1, 2, 4 CPUs
#   make compare ANCHORS=0           skip the host side (glibc, jemalloc,
#                                    mimalloc, tcmalloc under callgrind)
#   make compare VARIANTS=all        every line of scripts/compare-variants
#                                    too, not the backends alone (an hour
#                                    or more); VARIANTS="slob slob-freeptr"
#                                    those only
#   make check-compare               short run for make check

COMPARE_DIR ?= $(objtree)/build/compare
COMPARE_TIMEOUT ?= 900
TRACE ?=
COMPARE_ARGS ?=
ANCHORS ?= 1
VARIANTS ?=
# The host side's tools: valgrind and Debian's :i386 allocators.
compare-tools = gcc32 kconfiglib qemu xz gnuplot $(if $(filter 0,$(ANCHORS)),,valgrind anchors32)
# $(call compare,OUTPUT_DIR,EXTRA_ARGS)
compare = $(PYTHON) $(srctree)/scripts/compare --out $(1) --mem $(MEM) \
	--timeout $(COMPARE_TIMEOUT) $(foreach t,$(TRACE),--trace $(t)) \
	$(if $(filter 0,$(ANCHORS)),--no-anchors) \
	$(if $(filter all,$(VARIANTS)),--all-variants,$(foreach v,$(VARIANTS),--variant $(v))) $(2)

PHONY += compare check-compare
compare:
	$(call require,$(compare-tools))
	$(Q)$(call compare,$(COMPARE_DIR),$(COMPARE_ARGS))

CHECK_STEPS += compare
check-compare:
	$(call require,$(compare-tools))
	$(Q)$(call compare,$(objtree)/build/compare-check,--check)

extra-help += 'compare            - Benchmark every backend on the traces: table, build/compare/report.html (TRACE=path)'
