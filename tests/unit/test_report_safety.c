/*
 * test_report_safety.c — the safety section(s) of the monthly report: a
 * placeholder until the safety sections arrive (they replace this file):
 * the sections exist under their keys and count nothing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "report_safety.h"

static void
test_keys(void **state)
{
	(void)state;
	assert_string_equal(pm_report_patrols_section.key, "patrols");
	assert_string_equal(pm_report_actions_section.key, "actions");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
