/*
 * fuzz_recur.c — libFuzzer target for lib/mech/recur.c.
 *
 * The input is rule text.  A refusal must be PM_EX_DATAERR with one
 * line; an accepted rule must format to text that parses back to the
 * same rule, and its occurrences (both anchors, every shift, over a
 * stretch of 2026 and of 2100) must come in order of nominal time with
 * due times in order and inside the range, moved only to working days,
 * and pm_recur_next must agree with the enumeration.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "recur.h"
#include "registry.h"

#define DAY INT64_C(86400)
/* 2026-01-01T00:00:00+08:00 and 2100-01-01T00:00:00+08:00 */
#define Y2026 INT64_C(1767196800)
#define Y2100 INT64_C(4102416000)

struct seen {
	const pm_calendar *cal;
	pm_recur_shift shift;
	pm_time from, to;
	pm_recur_occ last;
	int64_t n;
	pm_recur_occ first;
};

static int
check(void *arg, const pm_recur_occ *o)
{
	struct seen *s = arg;
	pm_cal_info info;
	pm_tm tm;

	if (o->at < s->from || o->at > s->to)
		abort();
	if (s->n > 0 && (o->nominal <= s->last.nominal || o->at < s->last.at))
		abort();
	if (s->shift == PM_SHIFT_NONE && o->at != o->nominal)
		abort();
	if (s->shift != PM_SHIFT_NONE) {
		pm_time_local(o->at, &tm);
		if (pm_calendar_day(s->cal, tm.year * 10000 + tm.month * 100 + tm.day, &info, NULL) != 0 ||
		    !info.working)
			abort();
	}
	if (s->n == 0)
		s->first = *o;
	s->last = *o;
	if (++s->n > 24 * 64)
		abort();        /* at most 24 a day over the 60 days looked at */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static pm_calendar *cal;
	static const pm_time bases[] = { Y2026 + 20 * DAY, Y2026 + 260 * DAY, Y2100 };
	char text[256], again[PM_RECUR_TEXT_MAX];
	pm_recur r, r2;
	pm_recur_anchor a;
	pm_recur_occ nx;
	struct seen s;
	pm_err err;
	size_t bi;
	int mode, shift, rc;

	if (size >= sizeof text)
		return 0;
	if (cal == NULL) {
		if (pm_time_set_zone(PM_TIME_ZONE_DEFAULT, NULL) != 0 || pm_registry_init() != 0 ||
		    pm_calendar_load(NULL, &cal, &err) != 0)
			abort();
	}
	memcpy(text, data, size);
	text[size] = '\0';
	if (memchr(data, '\0', size) != NULL)
		return 0;
	if (pm_recur_parse(text, &r, &err) != 0) {
		if (err.status != PM_EX_DATAERR || strchr(err.msg, '\n') != NULL)
			abort();
		return 0;
	}
	if (pm_recur_format(&r, again, sizeof again) >= sizeof again)
		abort();
	if (pm_recur_parse(again, &r2, &err) != 0 || memcmp(&r, &r2, sizeof r) != 0)
		abort();
	for (bi = 0; bi < sizeof bases / sizeof bases[0]; bi++)
		for (mode = 0; mode < 2; mode++)
			for (shift = 0; shift < 4; shift++) {
				memset(&a, 0, sizeof a);
				a.mode = (pm_recur_mode)mode;
				a.shift = (pm_recur_shift)shift;
				a.start = bases[bi] - 10 * DAY;
				a.has_done = mode == 1 && bi == 1;
				a.done = bases[bi] - 3 * DAY + 3600;
				memset(&s, 0, sizeof s);
				s.cal = cal;
				s.shift = a.shift;
				s.from = bases[bi];
				s.to = bases[bi] + 60 * DAY;
				rc = pm_recur_each(&r, &a, cal, s.from, s.to, check, &s, &err);
				if (rc == PM_EX_DATAERR &&
				    pm_recur_anchor_check(&r, a.mode, a.shift, NULL) != 0)
					continue;       /* refused as documented */
				if (rc != 0)
					abort();
				rc = pm_recur_next(&r, &a, cal, s.from - 1, &nx, &err);
				if (rc != 0 && rc != PM_EX_NOTFOUND)
					abort();
				if (s.n > 0 && (rc != 0 || nx.nominal != s.first.nominal ||
				    nx.at != s.first.at))
					abort();
			}
	return 0;
}
