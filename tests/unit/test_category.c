/* test_category.c — category trees as a parameter: a fault-type tree
 * from its built-in default and from config, a second tree with its own
 * key and attribute side by side, the shared priority words, and config
 * errors with positions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "category.h"
#include "registry.h"

static const pm_cat_entry fault_default[] = {
	{ "电气", NULL, "normal" },
	{ "电气", "跳闸", "high" },
	{ "电气", "停电", "urgent" },
	{ "给排水", NULL, "high" },
	{ "给排水", "爆管", "urgent" },
	{ "其他", NULL, "low" },
};
static const pm_cat_spec faults = {
	"fault_types", "fault type", fault_default,
	sizeof fault_default / sizeof fault_default[0], "priority", NULL, NULL
};

/* a tree whose attribute is a severity, with its own default word */
static const pm_cat_entry kind_default[] = { { "火情", NULL, "urgent" } };
static const pm_cat_spec kinds = {
	"finding_kinds", "finding kind", kind_default, 1, "severity", PM_PRIORITIES, "high"
};

static const pm_cfg_key test_keys[] = {
	{ "fault_types", PM_CFG_TREE, NULL, NULL, 0, 0, "fault types", NULL },
	{ "finding_kinds", PM_CFG_TREE, NULL, NULL, 0, 0, "finding kinds", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};
static const pm_cfg_slice test_slice = { "test", test_keys, NULL };

static pm_config *
cfg_of(const char *yaml)
{
	pm_config *c = NULL;
	pm_err err;

	if (pm_config_parse("c.yaml", yaml, strlen(yaml), &c, &err) != 0)
		fail_msg("config: %s", err.msg);
	return c;
}

static int
collect(void *arg, const char *path, const char *attr)
{
	pm_buf *b = arg;

	pm_buf_addf(b, "%s=%s;", path, attr);
	return 0;
}

static void
test_builtin(void **state)
{
	pm_config *c = pm_config_defaults();
	pm_category *t;
	const char *prio;
	char canon[200];
	pm_buf all;
	pm_err err;

	(void)state;
	assert_int_equal(pm_category_load(c, &faults, &t, &err), 0);
	assert_int_equal(pm_category_find(t, "电气 › 停电", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(canon, "电气/停电");
	assert_string_equal(prio, "urgent");
	assert_int_equal(pm_category_find(t, "给排水", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "high");
	/* unknown: the tree's own word, and the subs of the top named */
	assert_int_equal(pm_category_find(t, "电气/漏电", canon, sizeof canon, &prio, &err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "no such fault type '电气/漏电'"));
	assert_non_null(strstr(err.msg, "跳闸, 停电"));
	pm_buf_init(&all);
	assert_int_equal(pm_category_each(t, collect, &all), 0);
	assert_string_equal(all.s, "电气=normal;电气/跳闸=high;电气/停电=urgent;给排水=high;"
	    "给排水/爆管=urgent;其他=low;");
	pm_buf_free(&all);
	pm_category_free(t);
	pm_config_free(c);
}

static void
test_from_config(void **state)
{
	pm_category *t, *k;
	const char *prio;
	char canon[200];
	pm_config *c;
	pm_err err;

	(void)state;
	c = cfg_of("fault_types:\n  电梯:\n    priority: high\n    sub: { 困人: urgent, 异响: low }\n"
	    "  门窗:\n    sub: [门锁, 玻璃]\n  照明: low\n"
	    "finding_kinds:\n  渗漏:\n    sub: [屋面]\n  堵塞: { severity: low }\n");
	assert_int_equal(pm_category_load(c, &faults, &t, &err), 0);
	assert_int_equal(pm_category_load(c, &kinds, &k, &err), 0);
	/* the configured tree replaces the built-in one */
	assert_int_equal(pm_category_find(t, "电气", canon, sizeof canon, &prio, &err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_category_find(t, "电梯>困人", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "urgent");
	assert_int_equal(pm_category_find(t, "门窗/玻璃", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "normal");            /* the parent's, its default */
	assert_int_equal(pm_category_find(t, "照明", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "low");
	/* the other tree: its own key, attribute and default word */
	assert_int_equal(pm_category_find(k, "渗漏/屋面", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "high");
	assert_int_equal(pm_category_find(k, "堵塞", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "low");
	assert_int_equal(pm_category_find(k, "电梯", canon, sizeof canon, &prio, &err),
	    PM_EX_DATAERR);
	pm_category_free(t);
	pm_category_free(k);
	pm_config_free(c);
}

static void
test_errors(void **state)
{
	pm_category *t;
	pm_config *c;
	pm_err err;

	(void)state;
	c = cfg_of("fault_types:\n  电梯:\n    priority: hgih\n");
	assert_int_equal(pm_category_load(c, &faults, &t, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:15"));
	pm_config_free(c);
	c = cfg_of("fault_types:\n  电梯:\n    sub: [困人, \"a/b\"]\n");
	assert_int_equal(pm_category_load(c, &faults, &t, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	assert_non_null(strstr(err.msg, "fault type name 'a/b'"));
	pm_config_free(c);
	/* the attribute's key is the tree's: priority is unknown in a severity tree */
	c = cfg_of("finding_kinds:\n  渗漏:\n    priority: high\n");
	assert_int_equal(pm_category_load(c, &kinds, &t, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "(severity, sub)"));
	pm_config_free(c);
}

static void
test_priority_words(void **state)
{
	(void)state;
	assert_true(pm_priority_valid("urgent"));
	assert_true(pm_priority_valid("low"));
	assert_false(pm_priority_valid("hgih"));
	assert_false(pm_priority_valid(""));
	assert_false(pm_priority_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_from_config),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_priority_words),
	};
	if (pm_registry_init() != 0 || pm_config_register(&test_slice) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
