/* test_deadline.c — limit policies (first match, tree values, config
 * errors with positions), business-hours due times and categories
 * (escalation levels: test_escalate.c). */
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
static const pm_dl_rule defs[] = {
	{ { NULL, "urgent", NULL, NULL }, "30min", "4h", PM_CLOCK_CALENDAR },
	{ { NULL, NULL, NULL, NULL }, "1d", "5d", PM_CLOCK_BUSINESS },
};

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
	c = cfg_of("complaint:\n  limits:\n    - { category: 维修, respond: 1h, resolve: 1d }\n", &err);
	assert_non_null(c);
	assert_int_equal(pm_deadline_load(c, "complaint.limits", keys, 3, defs, 2, NULL, NULL, &p,
	    &err), 0);
	assert_string_equal(pm_deadline_match(p, a1)->respond, "30min");
	assert_string_equal(pm_deadline_match(p, a2)->respond, "1h");   /* the tree matches */
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
	c = cfg_of("complaint:\n  limits:\n    - { kind: repair, respond: 0h, resolve: 1d }\n", &err);
	assert_int_equal(pm_deadline_load(c, "complaint.limits", keys, 3, defs, 2, NULL, NULL, &p,
	    &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	pm_config_free(c);
	c = cfg_of("complaint:\n  limits:\n    - { respond: 1mo, resolve: 1d, clock: business }\n",
	    &err);
	assert_int_equal(pm_deadline_load(c, "complaint.limits", keys, 3, defs, 2, NULL, NULL, &p,
	    &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "business time"));
	pm_config_free(c);
	c = cfg_of("complaint:\n  limits:\n    - { respond: 1h }\n", &err);
	assert_int_equal(pm_deadline_load(c, "complaint.limits", keys, 3, defs, 2, NULL, NULL, &p,
	    &err), PM_EX_CONFIG);
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
	pm_time respond, resolve, fri = 0;
	pm_err err;

	(void)state;
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
	assert_int_equal(pm_time_parse("2026-12-04 17:00", 0, &fri, &err), 0);
	assert_int_equal(pm_calendar_load(c, &cal, &err), 0);
	assert_int_equal(pm_deadline_load(c, "complaint.limits", keys, 3, defs, 2, NULL, NULL, &p,
	    &err), 0);
	assert_int_equal(pm_deadline_due(p, cal, attrs, fri, &respond, &resolve, &err), 0);
	assert_int_equal(respond, fri + 3 * 86400);     /* Friday 17:00 -> Monday 17:00 */
	assert_true(resolve > respond);
	pm_deadline_free(p);
	pm_calendar_free(cal);
	pm_config_free(c);
}

static void
test_categories(void **state)
{
	pm_category *cat;
	pm_config *c = pm_config_defaults();
	const char *prio;
	char canon[200];
	pm_err err;

	(void)state;
	assert_int_equal(pm_category_load(c, &cat, &err), 0);
	assert_int_equal(pm_category_find(cat, "维修 › 漏水", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(canon, "维修/漏水");
	assert_string_equal(prio, "high");
	assert_int_equal(pm_category_find(cat, "安全/消防", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "urgent");
	assert_int_equal(pm_category_find(cat, "维修/飞碟", canon, sizeof canon, &prio, &err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "漏水"));
	pm_category_free(cat);
	pm_config_free(c);
	c = cfg_of("categories:\n  维修:\n    priority: hgih\n", &err);
	assert_int_equal(pm_category_load(c, &cat, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:15"));
	pm_config_free(c);
	c = cfg_of("categories:\n  维修:\n    sub: [漏水, \"a/b\"]\n", &err);
	assert_int_equal(pm_category_load(c, &cat, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	pm_config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_business_due),
		cmocka_unit_test(test_categories),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
