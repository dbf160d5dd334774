// SPDX-License-Identifier: GPL-2.0
/*
 * Managed resources of the running case: deferred actions and the
 * allocations of ktest_kmalloc()/ktest_kzalloc(), which are deferred
 * kfree()s.
 *
 * One case runs at a time, so the resources live in one fixed table (a
 * stack: actions run newest first, like KUnit's). The table itself never
 * comes from kmalloc(), so it cannot disturb the leak check that follows
 * the actions. A full table fails the case with a clear message rather
 * than losing an action.
 */
#include <kmlab/printk.h>
#include <kmlab/errno.h>
#include "ktest-internal.h"

struct ktest_resource {
	ktest_action_fn action;
	void *arg;
};

static struct ktest_resource resources[KTEST_MAX_RESOURCES];

static void kfree_action(void *ptr)
{
	kfree(ptr);
}

int ktest_add_action(struct ktest *test, ktest_action_fn action, void *arg)
{
	if (test->nr_resources >= KTEST_MAX_RESOURCES) {
		ktest_set_failure(test);
		ktest_diag(test,
			   "more than %d pending actions and managed "
			   "allocations; running %ps now",
			   KTEST_MAX_RESOURCES, action);
		action(arg);
		return -ENOMEM;
	}
	resources[test->nr_resources].action = action;
	resources[test->nr_resources].arg = arg;
	test->nr_resources++;
	return 0;
}

void *ktest_kmalloc(struct ktest *test, size_t size, gfp_t gfp)
{
	void *p = kmalloc(size, gfp);

	if (!p)
		return NULL;
	if (ktest_add_action(test, kfree_action, p))
		return NULL; /* freed already by the action */
	return p;
}

void *ktest_kzalloc(struct ktest *test, size_t size, gfp_t gfp)
{
	return ktest_kmalloc(test, size, gfp | __GFP_ZERO);
}

void ktest_kfree(struct ktest *test, const void *ptr)
{
	if (!ptr)
		return;
	for (unsigned int i = test->nr_resources; i-- > 0;) {
		if (resources[i].action != kfree_action ||
		    resources[i].arg != ptr)
			continue;
		for (unsigned int j = i + 1; j < test->nr_resources; j++)
			resources[j - 1] = resources[j];
		test->nr_resources--;
		kfree(ptr);
		return;
	}
	ktest_set_failure(test);
	ktest_diag(test,
		   "ktest_kfree(%p): not a managed allocation of this "
		   "case (caller %pS)",
		   ptr, (void *)_RET_IP_);
}

void ktest_run_actions(struct ktest *test)
{
	while (test->nr_resources) {
		struct ktest_resource *r = &resources[--test->nr_resources];

		r->action(r->arg);
	}
}

void ktest_allow_leak(struct ktest *test)
{
	test->allow_leak = true;
}
