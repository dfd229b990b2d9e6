/*
 * fuzz_jsonv.c — the strict JSON reader and the report merge on
 * arbitrary bytes.
 *
 * Parses the input with the default limits and with PM_JV_UNIQUE, walks
 * the tree checking what jsonv.h promises (positions 1-based, strings
 * valid UTF-8 of len bytes, numbers' text non-empty, depth within the
 * limit, keys strings), then merges the bytes as a report into an empty
 * monthly report (lib/domain/report.c's sections).  A refusal is
 * PM_EX_DATAERR with one line naming the input; crashes, leaks and
 * sanitizer reports are the findings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "figure.h"
#include "jsonv.h"
#include "report.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
walk(const pm_jv *v, int depth)
{
	size_t i;

	if (v == NULL || v->line < 1 || v->col < 1 || depth > PM_JV_DEPTH + 1)
		abort();
	switch (v->type) {
	case PM_JV_STR:
		if (v->s == NULL || v->s[v->len] != '\0' || !pm_utf8_valid(v->s, v->len))
			abort();
		break;
	case PM_JV_NUM:
		if (v->s == NULL || v->len == 0 || strlen(v->s) != v->len)
			abort();
		break;
	case PM_JV_OBJ:
		for (i = 0; i < v->n; i++) {
			if (v->keys[i]->type != PM_JV_STR)
				abort();
			walk(v->keys[i], depth + 1);
		}
		/* fall through */
	case PM_JV_ARR:
		if (depth > PM_JV_DEPTH)
			abort();
		for (i = 0; i < v->n; i++)
			walk(v->items[i], depth + 1);
		break;
	case PM_JV_NULL:
	case PM_JV_BOOL:
	case PM_JV_INT:
		break;
	default:
		abort();
	}
}

static void
refusal(const pm_err *err)
{
	if (err->status != PM_EX_DATAERR || strncmp(err->msg, "f.json", 6) != 0 ||
	    strchr(err->msg, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_jv_limits lim = { 0, 0, PM_JV_UNIQUE };
	const char *s = (const char *)data;
	pm_month m = { 2026, 11 };
	pm_jv *v = NULL;
	pm_figs *f;
	pm_err err;

	if (pm_jv_parse(s, size, "f.json", NULL, &v, &err) == 0) {
		walk(v, 1);
		pm_jv_free(v);
	} else if (v != NULL) {
		abort();
	} else {
		refusal(&err);
	}
	if (pm_jv_parse(s, size, "f.json", &lim, &v, &err) == 0)
		pm_jv_free(v);
	else
		refusal(&err);
	f = pm_report_empty(m);
	if (pm_figs_merge(f, s, size, "f.json", &err) != 0)
		refusal(&err);
	pm_figs_free(f);
	return 0;
}
