/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console capture for ktest cases: record what the kernel prints while a
 * case runs and check it (KTEST_EXPECT_LOG_CONTAINS() in <ktest/assert.h>).
 * lib/ktest/log.c explains how the capture works.
 */
#ifndef _KTEST_LOG_H
#define _KTEST_LOG_H

#include <kmlab/types.h>
#include <ktest/test.h>

/* Bytes of console text one capture keeps, NUL not included. */
#define KTEST_LOG_SIZE 4096

/**
 * ktest_log_capture_start - record what the kernel prints while @test runs
 * @test: the running case
 *
 * From now until the case ends (pass, fail, skip, fault or timeout) or
 * ktest_log_capture_stop(), every printk() is also appended to a static
 * KTEST_LOG_SIZE-byte buffer: the text after the KERN_* level is stripped,
 * exactly as the serial console shows it. The capture reads the log
 * buffer (kmsg_dump_get_line()), which records every message whatever its
 * level: a message loglevel= keeps off the console is captured all the
 * same. The serial log is unchanged. Lines ktest prints itself
 * (its diagnostics, failure reports, ktest_printk()) are not captured.
 * Text past KTEST_LOG_SIZE bytes is dropped and counted (see
 * ktest_log_dropped()); the count is printed when the capture ends.
 *
 * Calling it again restarts the capture with an empty buffer. The capture
 * never allocates (it may run while the heap is under test); it ends
 * through a deferred action (see ktest_add_action()). One case runs at a
 * time, so there is one buffer. Context: a running case.
 *
 * Return: 0, or -ENOMEM when the case's action table is full (then no
 * capture runs and the case fails).
 */
int ktest_log_capture_start(struct ktest *test);

/**
 * ktest_log_capture_stop - stop recording before the case ends
 * @test: the case that started the capture
 *
 * What was captured stays readable until the next capture starts. Does
 * nothing if no capture runs.
 */
void ktest_log_capture_stop(struct ktest *test);

/**
 * ktest_log_capturing - whether a capture of @test is recording now
 * @test: a case
 *
 * Return: true between ktest_log_capture_start() and the end of the case
 * (or ktest_log_capture_stop()), false otherwise.
 */
bool ktest_log_capturing(struct ktest *test);

/**
 * ktest_log_text - what the capture of @test recorded so far
 * @test: the case that started the capture
 *
 * Return: the NUL-terminated text (lines end in '\n'); "" if @test has
 * not started a capture or its case has ended (the text is forgotten
 * then). Valid until the next capture starts.
 */
const char *ktest_log_text(struct ktest *test);

/**
 * ktest_log_dropped - bytes that did not fit in the capture buffer
 * @test: the case that started the capture
 *
 * Return: 0 if everything printed was kept, else the bytes lost after the
 * first KTEST_LOG_SIZE.
 */
size_t ktest_log_dropped(struct ktest *test);

/**
 * ktest_log_count - how often @substr occurs in the captured text
 * @test: the case that started the capture
 * @substr: a non-empty string (it may span lines)
 *
 * Occurrences do not overlap. Use it to check that a message was printed
 * exactly once: KTEST_EXPECT_EQ(test, ktest_log_count(test, "oops"), 1).
 *
 * Return: the number of occurrences, 0 for an empty @substr.
 */
unsigned int ktest_log_count(struct ktest *test, const char *substr);

#endif /* _KTEST_LOG_H */
