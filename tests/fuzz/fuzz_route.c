/*
 * fuzz_route.c — libFuzzer target for the route file reader
 * (lib/domain/patrol.c) and the checklist syntax it is loaded beside.
 *
 * The input is a route file.  A refusal must be PM_EX_DATAERR with one
 * line that starts with the file's name and a position; an accepted
 * route must hold what patrol.h promises: a code, a title, departments,
 * 1 to 16 rules whose stored schedule parses back to the same rules, 1
 * to 200 points none twice, positive windows within a day.  The input
 * is also read as a checklist: parsed, its canonical text must parse
 * back to itself.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "patrol.h"
#include "registry.h"

static void
checklist(const uint8_t *data, size_t size)
{
	char s[2100];
	pm_checklist c, c2;
	pm_buf b, b2;
	pm_err err;

	if (size >= sizeof s || memchr(data, '\0', size) != NULL)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (pm_checklist_parse(s, &c, &err) != 0) {
		if (err.status != PM_EX_DATAERR || strchr(err.msg, '\n') != NULL)
			abort();
		return;
	}
	pm_buf_init(&b);
	pm_buf_init(&b2);
	pm_checklist_format(&c, &b);
	if (pm_checklist_parse(b.s != NULL ? b.s : "", &c2, &err) != 0 || c2.n != c.n)
		abort();
	pm_checklist_format(&c2, &b2);
	if (strcmp(b.s != NULL ? b.s : "", b2.s != NULL ? b2.s : "") != 0)
		abort();
	pm_buf_free(&b);
	pm_buf_free(&b2);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_recur rules[PM_ROUTE_RULES_MAX];
	pm_route_def *def = NULL;
	static int ready;
	size_t i, k, n;
	pm_err err;

	if (!ready && pm_registry_init() != 0)
		abort();
	ready = 1;
	checklist(data, size);
	if (pm_route_parse("r.yaml", (const char *)data, size, &def, &err) != 0) {
		if (err.status != PM_EX_DATAERR || def != NULL || strchr(err.msg, '\n') != NULL ||
		    strncmp(err.msg, "r.yaml:", 7) != 0)
			abort();
		return 0;
	}
	if (def->code == NULL || def->title == NULL || def->ndepts == 0 || def->nrules == 0 ||
	    def->nrules > PM_ROUTE_RULES_MAX || def->npoints == 0 ||
	    def->npoints > PM_ROUTE_POINTS_MAX || def->window <= 0 || def->window > 86400)
		abort();
	if (pm_route_rules(def->schedule, rules, &n, &err) != 0 || n != def->nrules)
		abort();
	for (i = 0; i < n; i++)
		if (memcmp(&rules[i], &def->rules[i], sizeof rules[i]) != 0)
			abort();
	for (i = 0; i < def->npoints; i++) {
		if (def->points[i].window <= 0 || def->points[i].offset < 0)
			abort();
		for (k = 0; k < i; k++)
			if (strcmp(def->points[k].point, def->points[i].point) == 0)
				abort();
	}
	pm_route_def_free(def);
	return 0;
}
