/* test_deadline.c — limit policies (first match, tree values, config
 * errors with positions, limit names of the caller's) and business-hours
 * due times (categories: test_category.c, escalation levels:
 * test_escalate.c). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "category.h"
#include "deadline.h"

static const char *const keys[] = { "kind", "priority", "category" };
static const char *const names[] = { "respond", "resolve" };
static const pm_dl_rule defs[] = {
	{ { NULL, "urgent", NULL, NULL }, { "30min", "4h" }, PM_CLOCK_CALENDAR },
	{ { NULL, NULL, NULL, NULL }, { "1d", "5d" }, PM_CLOCK_BUSINESS },
};
static const pm_dl_spec spec = { "ticket.limits", keys, 3, names, 2, defs, 2, NULL, NULL };

/* The scratch tools' keys: a ticket's limits, a job's limits. */
static const pm_cfg_key test_keys[] = {
	{ "ticket.limits", PM_CFG_TREE, NULL, NULL, 0, 0, "a ticket's limits", NULL },
	{ "job.limits", PM_CFG_TREE, NULL, NULL, 0, 0, "a job's limits", NULL },
	{ "job.faults", PM_CFG_TREE, NULL, NULL, 0, 0, "a job's fault tree", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};
static const pm_cfg_slice test_slice = { "test", test_keys, NULL };

static pm_config *
cfg_of(const char *yaml, pm_err *err)
{
	pm_config *c = NULL;

	if (pm_config_parse("c.yaml", yaml, strlen(yaml), &c, err) != 0)
		return NULL;
	return c;
}

static void
test_match(void **state)
{
	const char *a1[3] = { "complaint", "urgent", NULL };
	const char *a2[3] = { "repair", "normal", "维修/漏水" };
	pm_config *c;
	pm_deadline *p;
	pm_err err;

	(void)state;
	c = cfg_of("ticket:\n  limits:\n    - { category: 维修, respond: 1h, resolve: 1d }\n", &err);
	assert_non_null(c);
	assert_int_equal(pm_deadline_load(c, &spec, &p, &err), 0);
	assert_string_equal(pm_deadline_match(p, a1)->span[0], "30min");
	assert_string_equal(pm_deadline_match(p, a2)->span[0], "1h");   /* the tree matches */
	pm_deadline_free(p);
	pm_config_free(c);
}

static void
test_errors(void **state)
{
	pm_config *c;
	pm_deadline *p;
	pm_err err;

	(void)state;
	c = cfg_of("ticket:\n  limits:\n    - { kind: repair, respond: 0h, resolve: 1d }\n", &err);
	assert_int_equal(pm_deadline_load(c, &spec, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	pm_config_free(c);
	c = cfg_of("ticket:\n  limits:\n    - { respond: 1mo, resolve: 1d, clock: business }\n",
	    &err);
	assert_int_equal(pm_deadline_load(c, &spec, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "business time"));
	pm_config_free(c);
	c = cfg_of("ticket:\n  limits:\n    - { respond: 1h }\n", &err);
	assert_int_equal(pm_deadline_load(c, &spec, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "needs respond and resolve"));
	pm_config_free(c);
}

static void
test_business_due(void **state)
{
	const char *attrs[3] = { "complaint", "normal", NULL };
	pm_config *c = pm_config_defaults();
	pm_calendar *cal;
	pm_deadline *p;
	pm_time due[2], fri = 0;
	pm_err err;

	(void)state;
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
	assert_int_equal(pm_time_parse("2026-12-04 17:00", 0, &fri, &err), 0);
	assert_int_equal(pm_calendar_load(c, &cal, &err), 0);
	assert_int_equal(pm_deadline_load(c, &spec, &p, &err), 0);
	assert_int_equal(pm_deadline_due(p, cal, attrs, fri, due, &err), 0);
	assert_int_equal(due[0], fri + 3 * 86400);      /* Friday 17:00 -> Monday 17:00 */
	assert_true(due[1] > due[0]);
	pm_deadline_free(p);
	pm_calendar_free(cal);
	pm_config_free(c);
}

/* A policy with other limits: a job is on site and fixed, matched by
 * severity and fault type, none of them respond or resolve. */
static const char *const job_keys[] = { "severity", "fault" };
static const char *const job_limits[] = { "on_site", "fixed", "report" };
static const pm_dl_rule job_defs[] = {
	{ { NULL, NULL, NULL, NULL }, { "4h", "2d", "3d" }, PM_CLOCK_BUSINESS },
};

static int
job_check(void *arg, int key, const char *val, pm_err *err)
{
	(void)arg;
	if (key == 0 && !pm_priority_valid(val))
		return pm_err_set(err, PM_EX_CONFIG, "severity: one of %s", PM_PRIORITIES);
	return 0;
}

static void
test_other_limits(void **state)
{
	static const pm_dl_spec job = { "job.limits", job_keys, 2, job_limits, 3, job_defs, 1,
		job_check, NULL };
	const char *urgent[2] = { "urgent", "电气/跳闸" }, *low[2] = { "low", NULL };
	pm_calendar *cal;
	pm_config *c;
	pm_deadline *p;
	pm_time due[3];
	pm_err err;

	(void)state;
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
	c = cfg_of("job:\n  limits:\n    - { severity: urgent, fault: 电气, on_site: 30min, "
	    "fixed: 4h, report: 1d }\n", &err);
	assert_non_null(c);
	assert_int_equal(pm_calendar_load(c, &cal, &err), 0);
	assert_int_equal(pm_deadline_load(c, &job, &p, &err), 0);
	assert_int_equal(pm_deadline_limit(p, "fixed"), 1);
	assert_int_equal(pm_deadline_limit(p, "resolve"), -1);
	assert_string_equal(pm_deadline_match(p, urgent)->span[1], "4h");
	assert_string_equal(pm_deadline_match(p, low)->span[0], "4h");    /* the default */
	assert_int_equal(pm_deadline_due(p, cal, urgent, 1796000400, due, &err), 0);
	assert_int_equal(due[0], 1796000400 + 1800);
	assert_int_equal(due[1], 1796000400 + 4 * 3600);
	assert_int_equal(due[2], 1796000400 + 86400);
	pm_deadline_free(p);
	pm_calendar_free(cal);
	pm_config_free(c);

	/* every limit of the policy is required, and only its own names are keys */
	c = cfg_of("job:\n  limits:\n    - { on_site: 1h, fixed: 1d }\n", &err);
	assert_int_equal(pm_deadline_load(c, &job, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "needs on_site, fixed and report"));
	pm_config_free(c);
	c = cfg_of("job:\n  limits:\n    - { respond: 1h, on_site: 1h, fixed: 1d, report: 1d }\n",
	    &err);
	assert_int_equal(pm_deadline_load(c, &job, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	assert_non_null(strstr(err.msg, "(severity, fault, on_site, fixed, report, clock)"));
	pm_config_free(c);
	c = cfg_of("job:\n  limits:\n    - { severity: hgih, on_site: 1h, fixed: 1d, report: 1d }\n",
	    &err);
	assert_int_equal(pm_deadline_load(c, &job, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "severity: one of"));
	pm_config_free(c);
}

/* A process's policy whole: the tree key's values are the tree's
 * entries, the word keys' their words, and the limits come out in the
 * calendar's time. */
static const pm_cat_entry faults[] = {
	{ "电气", NULL, "normal" }, { "电气", "跳闸", "high" }, { "漏水", NULL, "high" },
};
static const pm_cat_spec fault_tree = { "job.faults", "fault", faults, 3, "priority", NULL,
	NULL };
static const pm_dl_decl job_policy = {
	{ "job.limits", job_keys, 2, job_limits, 3, job_defs, 1, NULL, NULL },
	&fault_tree, 1, { PM_PRIORITIES, NULL, NULL, NULL }
};

static void
test_policy(void **state)
{
	const char *attrs[2] = { "urgent", "电气/跳闸" }, *other[2] = { "low", "漏水" };
	pm_dl_policy p;
	pm_config *c;
	pm_time due;
	pm_err err;

	(void)state;
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
	c = cfg_of("job:\n  limits:\n    - { severity: urgent, fault: 电气, on_site: 30min, "
	    "fixed: 4h, report: 1d, clock: calendar }\n", &err);
	assert_non_null(c);
	assert_int_equal(pm_dl_policy_check(c, &job_policy, &err), 0);
	assert_int_equal(pm_dl_policy_load(c, NULL, &job_policy, &p, &err), 0);
	assert_non_null(p.tree);
	assert_non_null(p.cal);
	assert_int_equal(pm_deadline_limit(p.dl, "fixed"), 1);
	assert_int_equal(pm_deadline_due_one(p.dl, p.cal, attrs, 1, 1796000400, &due, &err), 0);
	assert_int_equal(due, 1796000400 + 4 * 3600);
	assert_int_equal(pm_deadline_due_one(p.dl, p.cal, other, 0, 1796000400, &due, &err), 0);
	assert_true(due > 1796000400);                          /* the default, business time */
	pm_dl_policy_free(&p);
	assert_null(p.dl);
	pm_dl_policy_free(&p);                                  /* twice is harmless */
	pm_config_free(c);

	/* a word key's value outside its words, with its position */
	c = cfg_of("job:\n  limits:\n    - { severity: hgih, on_site: 1h, fixed: 1d, report: 1d }\n",
	    &err);
	assert_int_equal(pm_dl_policy_check(c, &job_policy, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	assert_non_null(strstr(err.msg, "severity: one of urgent|high|normal|low"));
	pm_config_free(c);
	/* the tree key's value is not in the tree */
	c = cfg_of("job:\n  limits:\n    - { fault: 电梯, on_site: 1h, fixed: 1d, report: 1d }\n",
	    &err);
	assert_int_equal(pm_dl_policy_load(c, NULL, &job_policy, &p, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	assert_null(p.tree);
	assert_null(p.dl);
	pm_dl_policy_free(&p);
	pm_config_free(c);
	/* the tree's own errors come first */
	c = cfg_of("job:\n  faults: [1, 2]\n", &err);
	assert_int_equal(pm_dl_policy_check(c, &job_policy, &err), PM_EX_CONFIG);
	pm_config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_business_due),
		cmocka_unit_test(test_other_limits),
		cmocka_unit_test(test_policy),
	};
	if (pm_registry_init() != 0 || pm_config_register(&test_slice) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
