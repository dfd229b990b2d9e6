/*
 * fuzz_yaml.c — the strict YAML reader and the config schema on
 * arbitrary bytes.
 *
 * Parses the input, walks the whole tree checking what yaml.h promises
 * (scalars NUL-terminated at len, positions 1-based, maps with scalar
 * keys, depth within the limit), exercises the typed reads, then runs
 * the same bytes through the config validator.  Crashes, leaks and
 * sanitizer reports are the findings; refusals are normal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "config.h"
#include "yaml.h"

static void
walk(const pm_ydoc *doc, const pm_ynode *n, int depth)
{
	pm_err err;
	const char *s;
	int64_t v;
	int b, idx;
	size_t i;

	/* collections nest at most PM_YAML_MAX_DEPTH deep; scalars sit one below */
	if (n == NULL || depth > PM_YAML_MAX_DEPTH + 1 || n->line < 1 || n->col < 1)
		abort();
	if (n->kind != PM_Y_SCALAR && depth > PM_YAML_MAX_DEPTH)
		abort();
	switch (n->kind) {
	case PM_Y_SCALAR:
		if (n->str == NULL || n->str[n->len] != '\0' || strlen(n->str) != n->len)
			abort();
		if (pm_yaml_str(doc, n, &s, &err) != 0 || s != n->str)
			abort();
		(void)pm_yaml_int(doc, n, -1000, 1000, &v, &err);
		(void)pm_yaml_bool(doc, n, &b, &err);
		(void)pm_yaml_enum(doc, n, "half-up|half-even|", &idx, &err);
		break;
	case PM_Y_MAP:
		for (i = 0; i < n->n; i++) {
			if (n->keys[i]->kind != PM_Y_SCALAR)
				abort();
			walk(doc, n->keys[i], depth + 1);
			walk(doc, n->items[i], depth + 1);
			/* keys are unique, so lookup finds this very value */
			if (pm_yaml_get(n, n->keys[i]->str) != n->items[i])
				abort();
		}
		break;
	case PM_Y_SEQ:
		if (n->keys != NULL)
			abort();
		for (i = 0; i < n->n; i++)
			walk(doc, n->items[i], depth + 1);
		break;
	default:
		abort();
	}
	if (pm_yaml_str(doc, n, &s, &err) != 0 && err.status != PM_EX_CONFIG)
		abort();
}

static int
visit(void *ctx, const char *path, const char *value, const char *source)
{
	(void)ctx;
	if (path == NULL || value == NULL || source == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_ydoc *doc = NULL;
	pm_config *cfg = NULL;
	pm_err err;

	if (pm_yaml_parse("fuzz.yaml", (const char *)data, size, &doc, &err) == 0) {
		if (doc == NULL || doc->root == NULL)
			abort();
		walk(doc, doc->root, 1);
		pm_yaml_free(doc);
	} else if (doc != NULL || err.status != PM_EX_CONFIG || strchr(err.msg, '\n') != NULL) {
		abort();
	}
	if (pm_registry_init() != 0)
		return 0;
	if (pm_config_parse("fuzz.yaml", (const char *)data, size, &cfg, &err) == 0) {
		if (pm_config_str(cfg, "timezone") == NULL)
			abort();
		pm_config_each(cfg, visit, NULL);
		pm_config_free(cfg);
	} else if (cfg != NULL || err.status != PM_EX_CONFIG) {
		abort();
	}
	return 0;
}
