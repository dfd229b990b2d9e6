/*
 * fuzz_time.c — libFuzzer target for lib/base/pmtime.c.
 *
 * Feeds one input to every parser.  Whatever parses must print and read
 * back as the same instant (or month): formatted output is what the
 * tools store and users paste back in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pmtime.h"

/* 2026-11-30T14:05:00+08:00 */
#define NOW INT64_C(1796018700)

/* The input's length picks the zone, so the DST and odd-offset paths
 * get their share without spending input bytes on it. */
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
check_time(const char *s)
{
	char iso[64], other[64];
	pm_time t, back;
	pm_err e;
	int f;

	if (pm_time_parse(s, NOW, &t, &e) != 0) {
		if (e.status != PM_EX_DATAERR || strchr(e.msg, '\n') != NULL)
			abort();
		return;
	}
	if (pm_time_format(t, PM_TF_ISO, iso, sizeof iso) >= 40)
		abort();
	if (pm_time_parse(iso, NOW, &back, &e) != 0 || back != t)
		abort();
	if (pm_time_format(t, PM_TF_UTC, other, sizeof other) >= 40)
		abort();
	/* near the ends the UTC date may be year 0 or 10000: refused then */
	if (pm_time_parse(other, NOW, &back, &e) == 0 ? back != t :
	    strncmp(other, "0000-", 5) != 0 && strncmp(other, "10000-", 6) != 0)
		abort();
	for (f = PM_TF_MINUTE; f <= PM_TF_MONTH; f++)
		if (pm_time_format(t, (pm_tfmt)f, other, sizeof other) >= 40)
			abort();
	/* its day starts no later than it */
	back = pm_time_day_start(t);
	if (back > t)
		abort();
}

static void
check_span(const char *s)
{
	char buf[64];
	pm_span sp;
	pm_err e;
	pm_time t;

	if (pm_span_parse(s, &sp, &e) != 0) {
		if (e.status != PM_EX_DATAERR)
			abort();
		return;
	}
	t = pm_time_add(NOW, sp);
	if (pm_time_format(t, PM_TF_ISO, buf, sizeof buf) >= 40)
		abort();
	/* no months: exactly the seconds, saturated */
	if (sp.months == 0 && t != (sp.seconds > INT64_MAX - NOW ? INT64_MAX :
	    NOW + sp.seconds))
		abort();
}

static void
check_month(const char *s)
{
	char buf[32];
	pm_month m, back;
	pm_err e;

	if (pm_month_parse(s, NOW, &m, &e) != 0) {
		if (e.status != PM_EX_DATAERR)
			abort();
		return;
	}
	if (m.year < 1 || m.year > 9999 || m.month < 1 || m.month > 12)
		abort();
	pm_month_format(m, buf, sizeof buf);
	if (pm_month_parse(buf, NOW, &back, &e) != 0 ||
	    back.year != m.year || back.month != m.month)
		abort();
	if (pm_month_start(m) >= pm_month_end(m))
		abort();
	back = pm_month_of(pm_month_start(m));
	if (back.year != m.year || back.month != m.month)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 4096)
		return 0;
	if ((s = malloc(size + 1)) == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	pick_zone(size);
	check_time(s);
	check_span(s);
	check_month(s);
	(void)pm_time_zone_check(s, NULL);
	free(s);
	return 0;
}
