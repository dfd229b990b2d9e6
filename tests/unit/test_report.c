/*
 * test_report.c — the monthly report's glue: the sections in their
 * order, the KPI targets (built-in defaults, changed, turned off, added
 * by report.kpi; every bad entry refused with file:line:col), and the
 * report of a month for a site or for every site (an unknown site is
 * no input; sites listed sorted).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "admin.h"
#include "fixture.h"
#include "registry.h"
#include "report.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	if (pm_registry_init() != 0)
		return -1;
	return fx_open(&ctx, "pm-report", "admin",
	    "INSERT INTO site (code, name, kind) VALUES ('S2', 'two', 'residential'), "
	    "('S1', 'one', 'office');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
test_sections(void **state)
{
	static const char *const order[] = {
		"complaints", "maintenance", "patrols", "fees", "actions"
	};
	int i;

	(void)state;
	assert_int_equal(pm_report_nsections, 5);
	for (i = 0; i < 5; i++)
		assert_string_equal(pm_report_sections[i]->key, order[i]);
}

/* The first figure of kind k the report declares, or NULL. */
static const char *
some_figure(pm_fig_kind k)
{
	int i, j;

	for (i = 0; i < pm_report_nsections; i++)
		for (j = 0; j < pm_report_sections[i]->nfigs; j++)
			if (pm_report_sections[i]->figs[j].kind == k)
				return pm_report_sections[i]->figs[j].key;
	return NULL;
}

static void
test_defaults(void **state)
{
	static const char *const keys[] = {
		"fees.collection_rate", "complaints.satisfaction", "complaints.in_time",
		"maintenance.planned_on_time", "patrols.coverage", "patrols.hazards_in_time",
		"actions.overdue"
	};
	pm_fig_target *t;
	int n, i, want = 0;
	pm_err err;

	(void)state;
	assert_int_equal(pm_report_targets(ctx.cfg, &t, &n, &err), 0);
	/* the defaults of the figures this build has, in their order */
	for (i = 0; i < 7; i++) {
		if (pm_figs_kind_of(pm_report_sections, pm_report_nsections, keys[i]) < 0)
			continue;
		assert_true(want < n);
		assert_string_equal(t[want].key, keys[i]);
		if (strcmp(keys[i], "actions.overdue") == 0) {
			assert_int_equal(t[want].op, -1);
			assert_int_equal(t[want].value, 0);
		} else {
			assert_int_equal(t[want].op, 1);
		}
		want++;
	}
	assert_int_equal(n, want);
	pm_report_targets_free(t, n);
}

static void
test_config(void **state)
{
	const char *ratio = some_figure(PM_FIG_RATIO);
	const char *count = some_figure(PM_FIG_COUNT);
	char yaml[400];
	pm_fig_target *t;
	int n, i, found;
	pm_err err;

	(void)state;
	if (ratio == NULL || count == NULL)
		skip();     /* the placeholder sections declare nothing */
	snprintf(yaml, sizeof yaml, "report:\n  kpi:\n    %s: \">= 50.5%%\"\n    %s: \"<= 3\"\n",
	    ratio, count);
	assert_int_equal(fx_config(&ctx, yaml, &err), 0);
	assert_int_equal(pm_config_check(ctx.cfg, &err), 0);
	assert_int_equal(pm_report_targets(ctx.cfg, &t, &n, &err), 0);
	for (i = 0, found = 0; i < n; i++) {
		if (strcmp(t[i].key, ratio) == 0) {
			assert_int_equal(t[i].value, 5050);
			found++;
		}
		if (strcmp(t[i].key, count) == 0) {
			assert_int_equal(t[i].op, -1);
			assert_int_equal(t[i].value, 3);
			found++;
		}
	}
	assert_int_equal(found, 2);
	pm_report_targets_free(t, n);
	/* off removes it */
	snprintf(yaml, sizeof yaml, "report:\n  kpi:\n    %s: \"off\"\n", ratio);
	assert_int_equal(fx_config(&ctx, yaml, &err), 0);
	assert_int_equal(pm_report_targets(ctx.cfg, &t, &n, &err), 0);
	for (i = 0; i < n; i++)
		assert_string_not_equal(t[i].key, ratio);
	pm_report_targets_free(t, n);
	/* a ratio's target is a percentage */
	snprintf(yaml, sizeof yaml, "report:\n  kpi:\n    %s: \">= 95\"\n", ratio);
	assert_int_equal(fx_config(&ctx, yaml, &err), 0);
	assert_int_equal(pm_config_check(ctx.cfg, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	fx_config(&ctx, NULL, &err);
}

static void
test_config_refused(void **state)
{
	static const char *const bad[] = {
		"report:\n  kpi: 95\n",
		"report:\n  kpi:\n    - a\n",
		"report:\n  kpi:\n    nosuch.figure: \">= 5\"\n",
		"report:\n  kpi:\n    complaints: \">= 5\"\n",
		"report:\n  kpi:\n    x:\n      y: 1\n",
		"report:\n  other: 1\n",
	};
	pm_err err;

	(void)state;
	assert_int_equal(fx_config_refused(&ctx, bad, sizeof bad / sizeof bad[0]), -1);
	/* where: the key that names no figure */
	assert_int_equal(fx_config(&ctx, bad[2], &err), 0);
	assert_int_equal(pm_config_check(ctx.cfg, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:5:"));
	assert_non_null(strstr(err.msg, "nosuch.figure"));
	fx_config(&ctx, NULL, &err);
}

static void
test_monthly(void **state)
{
	pm_month m = { 2026, 11 };
	pm_figs *f = NULL;
	pm_err err;
	char *s = NULL;
	size_t n = 0;
	FILE *fp;

	(void)state;
	assert_int_equal(pm_report_monthly(&ctx, m, "S9", &f, &err), PM_EX_NOINPUT);
	assert_null(f);
	assert_int_equal(pm_report_monthly(&ctx, m, NULL, &f, &err), 0);
	fp = open_memstream(&s, &n);
	assert_int_equal(pm_figs_json(f, fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(s, "\"site\":null,\"sites\":[\"S1\",\"S2\"]"));
	free(s);
	pm_figs_free(f);
	assert_int_equal(pm_report_monthly(&ctx, m, "S2", &f, &err), 0);
	fp = open_memstream(&s, &n);
	assert_int_equal(pm_figs_json(f, fp, &err), 0);
	fclose(fp);
	assert_non_null(strstr(s, "\"site\":\"S2\",\"sites\":[\"S2\"]"));
	free(s);
	pm_figs_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_config_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_monthly, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
