/* test_err.c — the error type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "err.h"

static void
set_returns_status(void **state)
{
	pm_err e;

	(void)state;
	pm_err_clear(&e);
	assert_int_equal(pm_err_set(&e, PM_EX_DATAERR, "bad %s %d", "thing", 7), 65);
	assert_int_equal(e.status, 65);
	assert_string_equal(e.msg, "bad thing 7");
	assert_int_equal(pm_err_set(NULL, PM_EX_IOERR, "x"), 74);
}

static void
one_line(void **state)
{
	pm_err e;

	(void)state;
	pm_err_set(&e, PM_EX_USAGE, "a\nb\rc");
	assert_string_equal(e.msg, "a b c");
	/* echoed arguments cannot act on the terminal */
	pm_err_set(&e, PM_EX_USAGE, "unknown verb '%s'", "x\033[2J\xe2\x80\xaey\xc2\x9b");
	assert_string_equal(e.msg, "unknown verb 'x?[2J" "?" "?" "?y" "?" "?'");
	pm_err_set(&e, PM_EX_USAGE, "%s", "物业\xe2\x81\xa6");
	assert_string_equal(e.msg, "物业?" "?" "?");
}

static void
prefix_keeps_status(void **state)
{
	pm_err e;

	(void)state;
	pm_err_set(&e, PM_EX_CONFIG, "unknown key");
	assert_int_equal(pm_err_prefix(&e, "%s:%d:%d", "f.yaml", 3, 1), 78);
	assert_string_equal(e.msg, "f.yaml:3:1: unknown key");
}

static void
long_messages_are_cut(void **state)
{
	char big[2000];
	pm_err e;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	pm_err_set(&e, PM_EX_DATAERR, "%s", big);
	assert_int_equal(strlen(e.msg), PM_ERR_MSG - 1);
	pm_err_prefix(&e, "pre");
	assert_int_equal(strlen(e.msg), PM_ERR_MSG - 1);
	assert_memory_equal(e.msg, "pre: xxx", 8);
}

/* A message that quotes the previous one (aliasing e->msg) is fine. */
static void
rewrap_own_message(void **state)
{
	pm_err e;

	(void)state;
	pm_err_set(&e, PM_EX_DATAERR, "2026-13: no such month");
	pm_err_set(&e, PM_EX_USAGE, "--month: %s", e.msg);
	assert_string_equal(e.msg, "--month: 2026-13: no such month");
	assert_int_equal(e.status, PM_EX_USAGE);
}

static void
names(void **state)
{
	(void)state;
	assert_string_equal(pm_err_name(PM_EX_UNAVAILABLE), "busy");
	assert_string_equal(pm_err_name(PM_EX_NOPERM), "permission denied");
	assert_string_equal(pm_err_name(12345), "error");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(set_returns_status),
		cmocka_unit_test(one_line),
		cmocka_unit_test(prefix_keeps_status),
		cmocka_unit_test(long_messages_are_cut),
		cmocka_unit_test(rewrap_own_message),
		cmocka_unit_test(names),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
