/*
 * test_report_care.c — the care section(s) of the monthly report: a
 * placeholder until the care sections arrive (they replace this file):
 * the sections exist under their keys and count nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_care.h"

static void
test_keys(void **state)
{
	(void)state;
	assert_string_equal(pm_report_complaints_section.key, "complaints");
	assert_string_equal(pm_report_maintenance_section.key, "maintenance");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
