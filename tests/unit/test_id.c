/* test_id.c — typed IDs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "id.h"

static void
parse_typed(void **state)
{
	pm_id id;
	pm_err e;

	(void)state;
	assert_int_equal(pm_id_parse("C12", 0, &id, &e), 0);
	assert_int_equal(id.type, 'C');
	assert_int_equal(id.n, 12);
	assert_int_equal(pm_id_parse("w7", 'W', &id, &e), 0);
	assert_int_equal(id.type, 'W');
	assert_int_equal(id.n, 7);
	assert_int_equal(pm_id_parse("9007199254740991", 'A', &id, &e), 0);
	assert_int_equal(id.n, PM_ID_MAX);
}

static void
parse_bare_needs_kind(void **state)
{
	pm_id id;
	pm_err e;

	(void)state;
	assert_int_equal(pm_id_parse("12", 'C', &id, &e), 0);
	assert_int_equal(id.type, 'C');
	assert_int_equal(pm_id_parse("12", 0, &id, &e), PM_EX_USAGE);
}

static void
parse_refusals(void **state)
{
	static const char *const bad[] = {
		"", "C", "C0", "C012", "C-1", "C1x", "C 1", "X12", "C9007199254740992",
		"C99999999999999999999999", "\033[31m", "1.5", "C+1",
	};
	pm_id id;
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		pm_err_clear(&e);
		assert_int_equal(pm_id_parse(bad[i], 'C', &id, &e), PM_EX_USAGE);
		assert_true(e.msg[0] != '\0');
		assert_null(strchr(e.msg, '\033'));
	}
	assert_int_equal(pm_id_parse("W7", 'C', &id, &e), PM_EX_USAGE);
	assert_non_null(strstr(e.msg, "not a complaint"));
}

static void
format_round_trip(void **state)
{
	char buf[24];
	pm_id id = { 'H', 345 }, back;
	pm_err e;

	(void)state;
	assert_int_equal(pm_id_format(id, buf, sizeof buf), 4);
	assert_string_equal(buf, "H345");
	assert_int_equal(pm_id_parse(buf, 0, &back, &e), 0);
	assert_int_equal(back.type, 'H');
	assert_int_equal(back.n, 345);
}

static void
kinds(void **state)
{
	(void)state;
	assert_string_equal(pm_idkind_of('c')->entity, "contact");
	assert_string_equal(pm_idkind_of('W')->entity, "workorder");
	assert_null(pm_idkind_of('Z'));
}

static void
idreg(void **state)
{
	static pm_idreg r;
	static const int a = 1, b = 2;
	int i;

	(void)state;
	assert_null(pm_idreg_find(&r, 'C'));
	assert_int_equal(pm_idreg_add(&r, 'C', &a), 0);
	assert_int_equal(pm_idreg_add(&r, 'C', &a), 0);         /* the same again */
	assert_int_equal(pm_idreg_add(&r, 'C', &b), -1);        /* the letter is taken */
	assert_int_equal(pm_idreg_add(&r, 'W', &b), 0);
	assert_ptr_equal(pm_idreg_find(&r, 'C'), &a);
	assert_ptr_equal(pm_idreg_find(&r, 'W'), &b);
	assert_null(pm_idreg_find(&r, 'c'));                    /* letters as given */
	for (i = 2; i < PM_IDREG_MAX; i++)
		assert_int_equal(pm_idreg_add(&r, (char)('a' + i), (const char *)&a + i), 0);
	assert_int_equal(pm_idreg_add(&r, 'Z', &r), -1);        /* full */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_typed),
		cmocka_unit_test(parse_bare_needs_kind),
		cmocka_unit_test(parse_refusals),
		cmocka_unit_test(format_round_trip),
		cmocka_unit_test(kinds),
		cmocka_unit_test(idreg),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
