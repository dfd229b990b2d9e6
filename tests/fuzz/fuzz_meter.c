/*
 * fuzz_meter.c — libFuzzer target for the meter parsers and the
 * consumption rules (fee_meter.h).
 *
 * A maximum that parses has a step of 1, 10 or 100 dividing it; a
 * reading that parses on a register is within it and a multiple of its
 * step, and formats back to itself; refusals are status 65 with a
 * one-line message.  Whatever two readings and an event the rules
 * accept gives a use that is never negative and never more than one
 * full turn of the register (a replacement: up to the old maximum).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fee_meter.h"
#include "money.h"

static void
refused(int rc, const pm_err *err)
{
	if (rc != PM_EX_DATAERR || err->msg[0] == '\0' || strchr(err->msg, '\n') != NULL)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	int64_t max = 9999990, step = 10, r, prev, used;
	char *s, *bar, buf[48];
	pm_err err;
	int rc, ev;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	/* "MAX|READING" tries both; anything else is one reading */
	if ((bar = strchr(s, '|')) != NULL) {
		*bar++ = '\0';
		rc = pm_fee_meter_max_parse(s, &max, &step, &err);
		if (rc != 0) {
			refused(rc, &err);
			max = 9999990;
			step = 10;
		} else if (max <= 0 || max > PM_FEE_METER_MAX ||
		    (step != 1 && step != 10 && step != 100) || max % step != 0)
			abort();
	} else
		bar = s;
	rc = pm_fee_meter_reading_parse(bar, step, max, &r, &err);
	if (rc != 0) {
		refused(rc, &err);
		goto out;
	}
	if (r < 0 || r > max || r % step != 0)
		abort();
	pm_decimal_format(r, PM_FEE_METER_SCALE, buf, sizeof buf);
	if (pm_fee_meter_reading_parse(buf, step, max, &prev, &err) != 0 || prev != r)
		abort();
	/* the reading against a few previous ones, by every event */
	for (ev = PM_METER_READ; ev <= PM_METER_REPLACE; ev++) {
		static const int64_t prevs[] = { 0, 10, 5000000, 9999990 };
		for (size_t i = 0; i < sizeof prevs / sizeof prevs[0]; i++) {
			if (prevs[i] > max)
				continue;
			rc = pm_fee_meter_used((pm_meter_event)ev, prevs[i], r, r, max, step, &used,
			    &err);
			if (rc != 0) {
				refused(rc, &err);
				continue;
			}
			if (used < 0 || used > max + step)
				abort();
		}
	}
out:
	free(s);
	return 0;
}
