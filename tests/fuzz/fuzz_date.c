/*
 * fuzz_date.c — libFuzzer target for the civil-date parser
 * (pm_date_parse, lib/base/pmtime.c).
 *
 * Exactly YYYY-MM-DD is accepted, so whatever parses formats back to the
 * input byte for byte, is a valid date, and survives the trip through
 * its day number and back; whatever is refused is refused with status 65,
 * a one-line message, and *out untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pmtime.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	static const pm_date canary = { 7, 7, 7 };
	char *s, buf[16];
	pm_date date = canary, back, next;
	pm_err err;
	int rc;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	rc = pm_date_parse(s, &date, &err);
	if (rc != 0) {
		if (rc != PM_EX_DATAERR || err.status != PM_EX_DATAERR || err.msg[0] == '\0' ||
		    strchr(err.msg, '\n') != NULL || memcmp(&date, &canary, sizeof date) != 0)
			abort();
		goto out;
	}
	if (!pm_date_valid(date.year, date.month, date.day))
		abort();
	if (pm_date_format(date, buf, sizeof buf) != 10 || strcmp(buf, s) != 0)
		abort();
	if (pm_date_from_days(pm_date_days(date), &back) != 0 || pm_date_cmp(back, date) != 0)
		abort();
	/* the day after is one day later, whatever the month or year */
	if (pm_date_add_days(date, 1, &next) == 0 &&
	    (pm_date_diff(date, next) != 1 || pm_date_cmp(date, next) >= 0))
		abort();
out:
	free(s);
	return 0;
}
