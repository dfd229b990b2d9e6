/*
 * fuzz_calendar.c — libFuzzer target for lib/mech/calendar.c.
 *
 * The input is a config file.  Whatever calendar it makes must keep
 * the promises of calendar.h: a due time is never before its start,
 * the working time between start and an added due time is exactly what
 * was added, the last second counted is working time (the first one
 * when nothing is added), and business
 * "30min" is the same as adding 30 working minutes.  Refusals must be
 * PM_EX_CONFIG with one line; crashes and sanitizer reports are the
 * findings.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"
#include "calendar.h"

/* 2026-10-16T17:00:00+08:00, a Friday afternoon */
#define BASE INT64_C(1792141200)
#define YEAR INT64_C(31556952)

/* The input's length picks the zone, so the daylight-saving paths get
 * their share without spending input bytes on it. */
static void
pick_zone(size_t size)
{
	static const char *zones[] = {
		"Asia/Shanghai", "America/New_York", "+05:45", "Australia/Lord_Howe",
	};
	static const char *cur;
	const char *z = zones[size % (sizeof zones / sizeof zones[0])];

	if (z == cur)
		return;
	if (pm_time_set_zone(z, NULL) != 0)
		z = PM_TIME_ZONE_DEFAULT;       /* no zoneinfo installed */
	if (pm_time_set_zone(z, NULL) != 0)
		abort();
	cur = z;
}

static void
check_add(const pm_calendar *cal, pm_time start, int64_t seconds)
{
	pm_time due;
	pm_err err;

	if (pm_calendar_add(cal, start, seconds, &due, &err) != 0) {
		if (err.status != PM_EX_CONFIG || strchr(err.msg, '\n') != NULL)
			abort();
		return;
	}
	if (due < start || pm_calendar_between(cal, start, due) != seconds)
		abort();
	if (seconds > 0 && !pm_calendar_working(cal, due - 1))
		abort();
	if (seconds == 0 && !pm_calendar_working(cal, due))
		abort();
}

static void
check_due(const pm_calendar *cal, pm_time start, int64_t seconds)
{
	pm_span span = { seconds, 0 };
	pm_time due, added;
	pm_err err;

	if (pm_calendar_due(cal, PM_CLOCK_BUSINESS, start, span, &due, &err) != 0) {
		if (err.status != PM_EX_CONFIG || strchr(err.msg, '\n') != NULL)
			abort();
		return;
	}
	if (due < start)
		abort();
	if (seconds < 86400 && (pm_calendar_add(cal, start, seconds, &added, &err) != 0 ||
	    added != due))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t seconds[] = { 0, 1, 3600, 9 * 3600 + 1, 40 * 3600 };
	pm_calendar *cal = NULL;
	pm_config *cfg = NULL;
	uint64_t h = 1469598103934665603u;
	pm_time starts[3];
	int64_t w;
	pm_err err;
	size_t i, j;

	if (size > 8192)
		return 0;
	pick_zone(size);
	if (pm_registry_init() != 0)
		return 0;
	if (pm_config_parse("fuzz.yaml", (const char *)data, size, &cfg, &err) != 0)
		return 0;
	if (pm_calendar_load(cfg, &cal, &err) != 0) {
		if (err.status != PM_EX_CONFIG || strchr(err.msg, '\n') != NULL || cal != NULL)
			abort();
		goto out;
	}
	/* an FNV hash of the input spreads the third start over 1996..2056 */
	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 1099511628211u;
	starts[0] = BASE;
	starts[1] = BASE + 17 * 3600 + 1;       /* Saturday 10:00:01 */
	starts[2] = BASE + (int64_t)(h % (uint64_t)(60 * YEAR)) - 30 * YEAR;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < sizeof seconds / sizeof seconds[0]; j++)
			check_add(cal, starts[i], seconds[j]);
		check_add(cal, starts[i], (int64_t)(h % (400 * 3600)));
		check_due(cal, starts[i], 1800);
		check_due(cal, starts[i], 86400);
		check_due(cal, starts[i], 3 * 86400 + 7200);
		w = pm_calendar_between(cal, starts[i], starts[i] + 14 * 86400);
		if (w < 0 || w > 14 * 86400)
			abort();
		if (pm_calendar_between(cal, starts[i], starts[i] - 1) != 0)
			abort();
		(void)pm_calendar_working(cal, starts[i]);
	}
out:
	pm_calendar_free(cal);
	pm_config_free(cfg);
	return 0;
}
