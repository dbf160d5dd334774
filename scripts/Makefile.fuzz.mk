# SPDX-License-Identifier: GPL-2.0
#
# CONFIG_KMALLOC_FUZZ (ARCH=host, clang): every kernel object carries
# libFuzzer's coverage instrumentation and the program links
# libclang_rt's i386 libFuzzer without its main() (the kernel boots and
# runs the loop from an initcall). make fuzz / fuzz-repro / check-fuzz:
# scripts/fuzz. Documentation/dev-tools/fuzzing.rst.
ifeq ($(CONFIG_KMALLOC_FUZZ),y)
ifeq ($(filter clang%,$(notdir $(CC))),)
$(error CONFIG_KMALLOC_FUZZ needs clang: give CC=clang (make ARCH=host CC=clang ...), or use make fuzz)
endif
# UBSan: clang's checks and runtime (part of its ASan runtime), every
# report fatal, so that libFuzzer keeps the input.
FUZZ_UBSAN := -fsanitize=undefined -fno-sanitize-recover=undefined
KBUILD_CFLAGS += -fsanitize=fuzzer-no-link $(FUZZ_UBSAN)
KBUILD_LDFLAGS += $(FUZZ_UBSAN)
# Coverage is the heap's feedback: the target's own checks and memset()'s
# loops would only add slow, meaningless edges.
CFLAGS_mm/kmalloc_fuzz.o += -fno-sanitize=fuzzer-no-link
CFLAGS_lib/string.o += -fno-sanitize=fuzzer-no-link
# clang's ASan puts red zones around globals in the kernel's registry
# sections (parameters, initcalls), which are arrays walked from end to
# end; gcc's leaves globals with a section alone. Do as gcc does.
CFLAGS_KASAN += -mllvm -asan-globals=0
# FUZZ_COVERAGE=OBJS (scripts/fuzz coverage): clang's source-based
# coverage of those objects only (a backend's own files), so that the
# rest of the build stays as it is; the profile is written at exit.
ifneq ($(FUZZ_COVERAGE),)
$(foreach o,$(FUZZ_COVERAGE),$(eval CFLAGS_$(o) += -fprofile-instr-generate -fcoverage-mapping))
KBUILD_LDFLAGS += -fprofile-instr-generate
endif
# FUZZ_LDFLAGS: more link flags (tools/testing/fuzz breaks a backend).
KBUILD_LIBS += $(FUZZ_LDFLAGS) $(shell $(CC) -print-resource-dir)/lib/linux/libclang_rt.fuzzer_no_main-i386.a -lstdc++
endif

# make fuzz [FUZZ_TARGET=kmalloc|kmtrace_replay|kmtrace|cmdline] [BACKEND=NAME] [FUZZ_TIME=seconds] [FUZZ_MODE=ok|bad]
# make fuzz-repro BACKEND=NAME FILE=crash-... [FUZZ_MODE=ok|bad] [FUZZ_TARGET=...]
FUZZ_TIME ?= 60
FUZZ_MODE ?= ok
fuzz-args = --build-dir $(objtree)/build/fuzz --mode '$(call escsq,$(FUZZ_MODE))' \
	$(if $(BACKEND),--backend '$(call escsq,$(BACKEND))') \
	$(if $(FUZZ_TARGET),--target '$(call escsq,$(FUZZ_TARGET))')
PHONY += fuzz fuzz-repro check-fuzz
fuzz:
	$(call require,libfuzzer32 libc32 kconfiglib)
	$(Q)$(PYTHON) $(srctree)/scripts/fuzz run $(fuzz-args) --time '$(call escsq,$(FUZZ_TIME))'
fuzz-repro:
	$(call require,libfuzzer32 libc32 kconfiglib)
	$(Q)$(PYTHON) $(srctree)/scripts/fuzz repro $(fuzz-args) --file '$(call escsq,$(FILE))'

# make fuzz-coverage [BACKEND=NAME] [FUZZ_TIME=seconds]: the lines and
# branches of each backend's own files that the heap's fuzz target
# reaches alone (FUZZ_TIME per mode, from the seeds).
PHONY += fuzz-coverage
fuzz-coverage:
	$(call require,libfuzzer32 libc32 kconfiglib llvm-cov)
	$(Q)$(PYTHON) $(srctree)/scripts/fuzz coverage --build-dir $(objtree)/build/fuzz \
		$(if $(BACKEND),--backend '$(call escsq,$(BACKEND))') --time '$(call escsq,$(FUZZ_TIME))'

# make check: every backend, both modes, a fixed number of deterministic
# runs (-seed=1) from the seed corpus and the kmtrace replay (fewer runs),
# then the parsers' targets (kmtrace,
# cmdline) on the last backend built; a finding fails the step with the
# reproducer's path.
CHECK_STEPS += fuzz
check-fuzz:
	$(call require,libfuzzer32 libc32 kconfiglib)
	$(Q)$(PYTHON) $(srctree)/scripts/fuzz check --build-dir $(objtree)/build/fuzz

extra-help += 'fuzz               - libFuzzer on the heap, every backend or BACKEND=, FUZZ_TIME= s each (ARCH=host, clang)'
extra-help += '                     FUZZ_TARGET=kmtrace_replay: kmtrace modules replayed on the heap (every backend)'
extra-help += '                     FUZZ_TARGET=kmtrace|cmdline: the kmtrace module checker or the command-line parser'
extra-help += 'fuzz-repro         - Replay one fuzz input FILE= on BACKEND=, printing its operations'
extra-help += 'fuzz-coverage      - Line and branch coverage of each backend file reached by fuzzing alone (llvm-cov)'
extra-help += 'check-fuzz         - Every backend fuzzed for a fixed number of runs from the seed corpus (a make check step)'
