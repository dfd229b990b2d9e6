/*
 * test_registry.c — libpm's configuration slices: they all register, no
 * key is claimed twice, registering is idempotent, and the schema they
 * make together is one the defaults pass.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "config.h"
#include "registry.h"

static size_t
nkeys(void)
{
	size_t n = 0;

	while (pm_config_key(n) != NULL)
		n++;
	return n;
}

static size_t base_keys;        /* before the registry ran */

static void
every_slice_registers(void **state)
{
	size_t i, n;
	int org = 0, calendar = 0;

	(void)state;
	assert_int_equal(pm_registry_init(), 0);
	n = nkeys();
	assert_true(n > base_keys);
	/* base's own keys first, then the slices in registration order */
	for (i = 0; i < base_keys; i++)
		assert_string_equal(pm_config_key_slice(i)->module, "config");
	for (i = 0; i < n; i++) {
		const pm_cfg_slice *s = pm_config_key_slice(i);
		assert_non_null(s);
		assert_non_null(s->module);
		assert_true(s->module[0] != '\0');
		assert_non_null(pm_config_key(i)->doc);
		org |= strcmp(s->module, "org") == 0;
		calendar |= strcmp(s->module, "calendar") == 0;
		if (i >= base_keys)
			assert_string_not_equal(s->module, "config");
	}
	/* a mechanism whose keys any process reads, and org's (the refused
	 * roles key) */
	assert_true(org);
	assert_true(calendar);
	assert_null(pm_config_key_slice(n));
}

static void
no_key_claimed_twice(void **state)
{
	size_t i, j, n = nkeys();

	(void)state;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(pm_config_key(i)->path, pm_config_key(j)->path) == 0)
				fail_msg("%s is claimed by %s and by %s", pm_config_key(i)->path,
				    pm_config_key_slice(i)->module, pm_config_key_slice(j)->module);
}

/* A slice's keys stay together, so pm-config(5) reads slice by slice. */
static void
slices_are_contiguous(void **state)
{
	size_t i, j, n = nkeys();

	(void)state;
	for (i = 1; i < n; i++) {
		if (pm_config_key_slice(i) == pm_config_key_slice(i - 1))
			continue;
		for (j = 0; j + 1 < i; j++)
			assert_ptr_not_equal(pm_config_key_slice(j), pm_config_key_slice(i));
	}
}

static void
init_is_idempotent(void **state)
{
	size_t n = nkeys();

	(void)state;
	assert_int_equal(pm_registry_init(), 0);
	assert_int_equal(pm_registry_init(), 0);
	assert_int_equal(nkeys(), n);
}

static const pm_cfg_key dup_keys[] = {
	{ "scratch.fresh", PM_CFG_INT, "1", NULL, 0, 9, "a key nobody has", NULL },
	{ "timezone", PM_CFG_STR, "UTC", NULL, 0, 0, "base's key, claimed again", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};
static const pm_cfg_slice dup_slice = { "scratch", dup_keys, NULL };

static const pm_cfg_key ok_keys[] = {
	{ "scratch.level", PM_CFG_INT, "3", NULL, 1, 9, "a scratch mechanism's key", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};
static const pm_cfg_slice ok_slice = { "scratch", ok_keys, NULL };
static const pm_cfg_slice ok_again = { "scratch-copy", ok_keys, NULL };

/* A slice that claims a key another owns is refused whole: none of its
 * keys, not even the fresh one, joins the schema. */
static void
duplicate_key_is_refused(void **state)
{
	size_t n = nkeys(), i;

	(void)state;
	assert_int_equal(pm_config_register(&dup_slice), -1);
	assert_int_equal(nkeys(), n);
	for (i = 0; i < n; i++)
		assert_string_not_equal(pm_config_key(i)->path, "scratch.fresh");
}

/* A new slice joins at the end and is read with the defaults; the same
 * slice again is a no-op; another slice with its keys is refused. */
static void
new_slice_joins(void **state)
{
	pm_config *cfg;
	pm_err err;
	size_t n = nkeys();

	(void)state;
	assert_int_equal(pm_config_register(&ok_slice), 0);
	assert_int_equal(nkeys(), n + 1);
	assert_string_equal(pm_config_key(n)->path, "scratch.level");
	assert_ptr_equal(pm_config_key_slice(n), &ok_slice);
	assert_int_equal(pm_config_register(&ok_slice), 0);
	assert_int_equal(nkeys(), n + 1);
	assert_int_equal(pm_config_register(&ok_again), -1);
	assert_int_equal(nkeys(), n + 1);

	cfg = pm_config_defaults();
	assert_int_equal(pm_config_int(cfg, "scratch.level"), 3);
	assert_int_equal(pm_config_check(cfg, &err), 0);
	pm_config_free(cfg);
	assert_int_equal(pm_config_parse("t.yaml", "scratch:\n  level: 12\n", 21, &cfg, &err),
	    PM_EX_CONFIG);
}

/* Every slice's own check passes on the built-in defaults. */
static void
defaults_pass_every_check(void **state)
{
	pm_config *cfg = pm_config_defaults();
	pm_err err;

	(void)state;
	if (pm_config_check(cfg, &err) != 0)
		fail_msg("the defaults fail a slice's check: %s", err.msg);
	pm_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_slice_registers),
		cmocka_unit_test(no_key_claimed_twice),
		cmocka_unit_test(slices_are_contiguous),
		cmocka_unit_test(init_is_idempotent),
		cmocka_unit_test(duplicate_key_is_refused),
		cmocka_unit_test(defaults_pass_every_check),
		cmocka_unit_test(new_slice_joins),
	};

	base_keys = nkeys();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
