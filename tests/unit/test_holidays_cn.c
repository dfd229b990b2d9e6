/* test_holidays_cn.c — the generated table of official days: its shape
 * (sorted, valid dates, each in its notice's year or the December
 * before, one row a date, names given) and the years it covers.  That it
 * is what scripts/gen-holidays makes of the data set is
 * tests/cli/0012-gen-holidays.t; what the days mean is test_calendar. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"

static void
test_shape(void **state)
{
	const pm_cal_day *d;
	size_t i;
	int y, m, dd;

	(void)state;
	assert_true(pm_holidays_cn_count > 600);
	for (i = 0; i < pm_holidays_cn_count; i++) {
		d = &pm_holidays_cn[i];
		y = d->date / 10000;
		m = d->date / 100 % 100;
		dd = d->date % 100;
		if (!pm_date_valid(y, m, dd))
			fail_msg("row %zu: %d is no date", i, d->date);
		if (y != d->year && !(y == d->year - 1 && m == 12))
			fail_msg("row %zu: %d is not in %d or the December before", i, d->date,
			    d->year);
		assert_true(d->off == 0 || d->off == 1);
		assert_true(d->name != NULL && d->name[0] != '\0');
		if (i > 0 && pm_holidays_cn[i - 1].date >= d->date)
			fail_msg("row %zu: %d is not after %d", i, d->date,
			    pm_holidays_cn[i - 1].date);
	}
}

/* Every notice from 2007 to 2026, each with holidays and working days. */
static void
test_years(void **state)
{
	int off[2100 - 2000] = { 0 }, work[2100 - 2000] = { 0 }, y;
	size_t i;

	(void)state;
	for (i = 0; i < pm_holidays_cn_count; i++) {
		y = pm_holidays_cn[i].year;
		assert_true(y >= 2007 && y <= 2026);
		if (pm_holidays_cn[i].off)
			off[y - 2000]++;
		else
			work[y - 2000]++;
	}
	for (y = 2007; y <= 2026; y++) {
		if (off[y - 2000] < 20 || work[y - 2000] < 3)
			fail_msg("%d: %d days off, %d working days", y, off[y - 2000],
			    work[y - 2000]);
	}
	/* 2026: 33 days off and 6 swapped working days */
	assert_int_equal(off[26], 33);
	assert_int_equal(work[26], 6);
	/* the first row is the 2007 notice's 2006-12-30 */
	assert_int_equal(pm_holidays_cn[0].date, 20061230);
	assert_int_equal(pm_holidays_cn[0].year, 2007);
	assert_string_equal(pm_holidays_cn[0].name, "元旦");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_years),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
