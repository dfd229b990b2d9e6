/*
 * test_report_fee.c — the fee section(s) of the monthly report: a
 * placeholder until the fee sections arrive (they replace this file):
 * the sections exist under their keys and count nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_fee.h"

static void
test_keys(void **state)
{
	(void)state;
	assert_string_equal(pm_report_fees_section.key, "fees");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
