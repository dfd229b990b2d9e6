/*
 * fuzz_notice.c — libFuzzer target for the notice reader of
 * lib/mech/calendar.c (pm_calendar_parse, the holiday-cn JSON format
 * `pm-admin calendar import` takes).
 *
 * A file it accepts must give what calendar.h promises: days sorted by
 * date, one a date, each in the year or the December before, off 0 or
 * 1, names of 1 to 100 characters of valid UTF-8 on one line.  A
 * refusal is PM_EX_DATAERR with one line and no result.  Crashes and
 * sanitizer reports are the findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_cal_year *y = (pm_cal_year *)1;
	const pm_cal_day *d;
	pm_err err;
	size_t i;
	int yr, m;

	if (pm_calendar_parse("fuzz.json", (const char *)data, size, &y, &err) != 0) {
		if (err.status != PM_EX_DATAERR || strchr(err.msg, '\n') != NULL || y != NULL)
			abort();
		return 0;
	}
	if (y->ndays == 0)
		abort();
	for (i = 0; i < y->ndays; i++) {
		d = &y->days[i];
		yr = d->date / 10000;
		m = d->date / 100 % 100;
		if (!pm_date_valid(yr, m, d->date % 100) || d->year != y->year ||
		    (yr != y->year && !(yr == y->year - 1 && m == 12)) ||
		    (d->off != 0 && d->off != 1) || d->name[0] == '\0' ||
		    !pm_utf8_valid(d->name, strlen(d->name)) || pm_utf8_chars(d->name) > 100 ||
		    strchr(d->name, '\n') != NULL ||
		    (i > 0 && y->days[i - 1].date >= d->date))
			abort();
	}
	pm_calendar_year_free(y);
	return 0;
}
