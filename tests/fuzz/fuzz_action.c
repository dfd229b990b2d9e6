/*
 * fuzz_action.c — libFuzzer target for pm-action's readers: an action's
 * source (meeting:G3, C12, report:YYYY-MM), a due date, and the KPI
 * lines of pm-report (kpi value target met).
 *
 * An accepted source is a meeting (perhaps one issue of it, 1-999999)
 * or a typed ID with a number in range, or a month in range; an accepted due time is a time; a refusal is
 * status 64 (65 for the KPI lines) with a one-line message.  Every KPI
 * line handed over has four fields of valid UTF-8, a non-empty name
 * and met 0 or 1.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "action_review.h"
#include "err.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void
one_line(const pm_err *err, int want)
{
	if (err->status != want || err->msg[0] == '\0' || strchr(err->msg, '\n') != NULL)
		abort();
}

static int
line(void *arg, const pm_kpi_line *k)
{
	(void)arg;
	if (k->kpi[0] == '\0' || (k->met != 0 && k->met != 1) || k->line < 1 ||
	    !pm_utf8_valid(k->kpi, strlen(k->kpi)) || !pm_utf8_valid(k->value, strlen(k->value)) ||
	    !pm_utf8_valid(k->target, strlen(k->target)) || strchr(k->target, '\t') != NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	pm_action_src sp;
	pm_time t;
	pm_err err;
	char *s;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	if (pm_action_source_parse(s, &sp, &err) == 0) {
		if (sp.id.type != 0 ? (sp.id.n < 1 || sp.id.n > PM_ID_MAX) :
		    (sp.month.year < 1 || sp.month.year > 9999 || sp.month.month < 1 ||
		    sp.month.month > 12))
			abort();
		if (sp.issue < 0 || sp.issue > 999999 || (sp.issue != 0 && sp.id.type != 'G'))
			abort();
	} else {
		one_line(&err, PM_EX_USAGE);
	}
	if (pm_action_due_parse(s, INT64_C(1796000400), &t, &err) != 0)
		one_line(&err, PM_EX_USAGE);
	if (pm_action_kpi_parse((const char *)d, n, "f", line, NULL, &err) != 0)
		one_line(&err, PM_EX_DATAERR);
	free(s);
	return 0;
}
