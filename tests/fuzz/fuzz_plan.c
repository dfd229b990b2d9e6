/*
 * fuzz_plan.c — libFuzzer target for the plan file reader (lib/domain/plan.c).
 *
 * The input is a plan file.  A refusal must be PM_EX_DATAERR (or, for
 * what the YAML reader refuses, the same status) with one line that
 * starts with the file's name and a position; an accepted plan must
 * hold what plan.h promises: a code, items with a key, a title, a task,
 * a canonical recurrence that parses back, exactly one of kind and
 * equipment, and no key twice.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "registry.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_plan_def *def = NULL;
	pm_recur r;
	pm_err err;
	size_t i, k;

	static int ready;

	if (!ready && pm_registry_init() != 0)
		abort();
	ready = 1;
	if (pm_plan_parse("p.yaml", (const char *)data, size, &def, &err) != 0) {
		if (err.status != PM_EX_DATAERR || def != NULL || strchr(err.msg, '\n') != NULL ||
		    strncmp(err.msg, "p.yaml:", 7) != 0)
			abort();
		return 0;
	}
	if (def->code == NULL)
		abort();
	for (i = 0; i < def->n; i++) {
		const pm_plan_item_def *it = &def->items[i];
		if (it->key == NULL || it->title == NULL || it->task == NULL || it->start == NULL ||
		    it->dept == NULL || (it->kind == NULL) == (it->equipment == NULL))
			abort();
		if (pm_recur_parse(it->recurrence, &r, &err) != 0 ||
		    memcmp(&r, &it->rule, sizeof r) != 0)
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(def->items[k].key, it->key) == 0)
				abort();
	}
	pm_plan_def_free(def);
	return 0;
}
