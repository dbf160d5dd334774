/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A deliberately broken kmtrace checker for test_fuzz.py: linked with
 * -Wl,--wrap=kmt_walk, the fuzz target's kmt_walk() accepts a module that
 * frees an ID twice, as a checker that forgot the double-free check
 * would. The target's reference walk must catch it.
 */
#include <kmlab/kmtrace.h>
#include <kmlab/string.h>

const char *__real_kmt_walk(const struct kmt_header *h, struct kmt_walk_id *ids,
			    u32 *off);
const char *__wrap_kmt_walk(const struct kmt_header *h, struct kmt_walk_id *ids,
			    u32 *off);

const char *__wrap_kmt_walk(const struct kmt_header *h, struct kmt_walk_id *ids,
			    u32 *off)
{
	const char *err = __real_kmt_walk(h, ids, off);

	return err && !strcmp(err, "double free of ID") ? NULL : err;
}
