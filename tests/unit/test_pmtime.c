/* test_pmtime.c — instants, business-zone calendar, spans (lib/base/pmtime.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "registry.h"
#include "pmtime.h"

/* 2026-11-30T14:05:00+08:00, a Monday */
#define NOW INT64_C(1796018700)
#define NOV30 INT64_C(1795968000)       /* 2026-11-30T00:00:00+08:00 */
#define DEC01 INT64_C(1796054400)       /* 2026-12-01T00:00:00+08:00 */

static void
zone(const char *name)
{
	pm_err e;

	if (pm_time_set_zone(name, &e) != 0)
		fail_msg("set zone %s: %s", name ? name : "(default)", e.msg);
}

/* Zones from the system database: skip where it is not installed. */
static void
zone_or_skip(const char *name)
{
	if (pm_time_zone_check(name, NULL) != 0)
		skip();
	zone(name);
}

/* Whether the system zone database is there (tests of local mean time
 * and daylight saving need it; the built-in zones do not have them). */
static int
have_zoneinfo(void)
{
	return pm_time_zone_check("America/New_York", NULL) == 0;
}

static pm_time
parse_at(const char *s, pm_time now)
{
	pm_err e;
	pm_time t = -1;

	if (pm_time_parse(s, now, &t, &e) != 0)
		fail_msg("parse \"%s\": %s", s, e.msg);
	return t;
}

static pm_time
parse(const char *s)
{
	return parse_at(s, NOW);
}

static void
refused(const char *s, const char *why)
{
	pm_err e;
	pm_time t = 12345;

	memset(&e, 0, sizeof e);
	if (pm_time_parse(s, NOW, &t, &e) == 0)
		fail_msg("\"%s\" accepted as %lld", s, (long long)t);
	assert_int_equal(e.status, PM_EX_DATAERR);
	assert_int_equal(t, 12345);
	if (strstr(e.msg, why) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, e.msg, why);
	/* the message names the input */
	if (s[0] != '\0' && strchr(s, '\n') == NULL && strstr(e.msg, s) == NULL)
		fail_msg("\"%s\": message \"%s\" does not name it", s, e.msg);
	assert_null(strchr(e.msg, '\n'));
}

static const char *
fmt(pm_time t, pm_tfmt f)
{
	static char buf[4][64];
	static int i;
	char *b = buf[i++ % 4];
	size_t n = pm_time_format(t, f, b, 64);

	assert_int_equal(n, strlen(b));
	assert_true(n < 40);
	return b;
}

static pm_span
span(const char *s)
{
	pm_err e;
	pm_span sp = { 0, 0 };

	if (pm_span_parse(s, &sp, &e) != 0)
		fail_msg("span \"%s\": %s", s, e.msg);
	return sp;
}

static void
span_refused(const char *s, const char *why)
{
	pm_err e;
	pm_span sp = { 7, 7 };

	memset(&e, 0, sizeof e);
	if (pm_span_parse(s, &sp, &e) == 0)
		fail_msg("span \"%s\" accepted", s);
	assert_int_equal(e.status, PM_EX_DATAERR);
	assert_int_equal(sp.seconds, 7);
	if (strstr(e.msg, why) == NULL)
		fail_msg("span \"%s\": message \"%s\" lacks \"%s\"", s, e.msg, why);
}

/* Runs first: nothing has set a zone yet, the process says UTC, and the
 * business date must still be Shanghai's. */
static void
test_default_zone(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	assert_string_equal(fmt(INT64_C(1796056200), PM_TF_DATE), "2026-12-01");
	assert_string_equal(pm_time_zone(), "Asia/Shanghai");
	assert_string_equal(PM_TIME_ZONE_DEFAULT, "Asia/Shanghai");
}

/* BAD-INPUT 24. */
static void
test_process_tz_utc(void **state)
{
	pm_month m;
	pm_err e;
	pm_time t;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	zone("Asia/Shanghai");
	/* something else in the process resets TZ after we set the zone */
	setenv("TZ", "UTC", 1);
	tzset();
	t = parse("2026-11-30T16:30:00Z");
	assert_int_equal(t, INT64_C(1796056200));
	assert_string_equal(fmt(t, PM_TF_DATE), "2026-12-01");
	assert_string_equal(fmt(t, PM_TF_ISO), "2026-12-01T00:30:00+08:00");
	m = pm_month_of(t);
	assert_int_equal(m.year, 2026);
	assert_int_equal(m.month, 12);
	assert_int_equal(pm_time_day_start(t), DEC01);
	assert_int_equal(parse_at("today", t), DEC01);
	assert_int_equal(pm_month_parse("this", t, &m, &e), 0);
	assert_int_equal(m.month, 12);
	/* a 00:30 UTC job on the 1st: 08:30 on the 1st in Shanghai */
	t = parse("2026-12-01T00:30:00Z");
	assert_string_equal(fmt(t, PM_TF_MINUTE), "2026-12-01 08:30");
	/* a local time is Shanghai's, not UTC's */
	assert_int_equal(parse("2026-12-01"), DEC01);
}

static void
test_parse_absolute(void **state)
{
	(void)state;
	zone("Asia/Shanghai");
	assert_int_equal(parse("2026-11-30"), NOV30);
	assert_int_equal(parse("2026-11-30 14:05"), NOW);
	assert_int_equal(parse("2026-11-30T14:05"), NOW);
	assert_int_equal(parse("2026-11-30 14:05:30"), NOW + 30);
	assert_int_equal(parse("2026-11-30T14:05:00"), NOW);
	assert_int_equal(parse("2026-11-30T14:05:00+08:00"), NOW);
	assert_int_equal(parse("2026-11-30T14:05:00+0800"), NOW);
	assert_int_equal(parse("2026-11-30T06:05:00Z"), NOW);
	assert_int_equal(parse("2026-11-30T06:05Z"), NOW);
	assert_int_equal(parse("2026-11-30 01:05:00-05:00"), NOW);
	assert_int_equal(parse("2026-11-30T11:50:00+05:45"), NOW);
	assert_int_equal(parse("2026-11-30T06:05:00+00:00"), NOW);
	assert_int_equal(parse("2026-11-30T06:05:00-00:00"), NOW);
	assert_int_equal(parse("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(parse("2038-01-19T03:14:08Z"), INT64_C(2147483648));
	assert_int_equal(parse("0001-01-01T00:00:00Z"), INT64_C(-62135596800));
	if (have_zoneinfo())    /* local mean time, +08:05:43 */
		assert_int_equal(parse("0001-01-01T08:05:43"),
		    INT64_C(-62135596800));
	assert_int_equal(parse("9999-12-31T23:59:59+08:00"),
	    INT64_C(253402300799) - 8 * 3600);
	assert_int_equal(parse("2026-11-30 00:00"), NOV30);
	assert_int_equal(parse("2026-11-30 23:59:59"), DEC01 - 1);
}

static void
test_parse_relative(void **state)
{
	(void)state;
	zone("Asia/Shanghai");
	assert_int_equal(parse("now"), NOW);
	assert_int_equal(parse("today"), NOV30);
	assert_int_equal(parse("yesterday"), NOV30 - 86400);
	assert_int_equal(parse("tomorrow"), DEC01);
	assert_int_equal(parse_at("tomorrow", DEC01 - 1), DEC01);
	assert_int_equal(parse_at("yesterday", DEC01), NOV30);
	assert_int_equal(parse("+30min"), NOW + 1800);
	assert_int_equal(parse("-6h"), NOW - 6 * 3600);
	assert_int_equal(parse("+3d"), NOW + 3 * 86400);
	assert_int_equal(parse("-2w"), NOW - 14 * 86400);
	assert_int_equal(parse("+90s"), NOW + 90);
	assert_int_equal(parse("+1h30min"), NOW + 5400);
	assert_int_equal(parse("-1h30min"), NOW - 5400);
	assert_string_equal(fmt(parse("+1mo"), PM_TF_ISO), "2026-12-30T14:05:00+08:00");
	assert_string_equal(fmt(parse("-1mo"), PM_TF_ISO), "2026-10-30T14:05:00+08:00");
	assert_string_equal(fmt(parse("+1y"), PM_TF_ISO), "2027-11-30T14:05:00+08:00");
	assert_string_equal(fmt(parse("+3mo"), PM_TF_DATE), "2027-02-28");
	assert_int_equal(parse("@1764482700"), INT64_C(1764482700));
	assert_int_equal(parse("@0"), 0);
	assert_int_equal(parse("@-1"), -1);
	assert_int_equal(parse("@000042"), 42);
	assert_int_equal(parse("@253402271999"), INT64_C(253402271999));
}

static void
test_parse_refused(void **state)
{
	pm_err e;
	pm_time t;

	(void)state;
	zone("Asia/Shanghai");
	refused("2023-02-29", "2023-02-29: no such date");
	refused("2024-13-01", "no such date");
	refused("2024-00-10", "no such date");
	refused("2024-04-31", "no such date");
	refused("2024-02-30", "no such date");
	refused("2024-01-00", "no such date");
	refused("1900-02-29", "no such date");
	refused("2100-02-29", "no such date");
	refused("0000-01-01", "no such date");
	refused("2026-11-30 24:00", "hour must be 00..23");
	refused("2026-11-30 23:60", "minute must be 00..59");
	refused("2026-11-30 23:59:60", "second must be 00..59");
	refused("2026-11-30x", "unexpected \"x\"");
	refused("2026-11-30 14:05 ", "unexpected");
	refused("2026-11-30T14:05:00.5", "unexpected \".5\"");
	refused("2026-11-30T14:05:00z", "unexpected");
	refused("2026-11-30+08:00", "unexpected");
	refused("2026-11-30T14:05:00+24:00", "no such UTC offset");
	refused("2026-11-30T14:05:00+08:60", "no such UTC offset");
	refused("2026-11-30T14:05:00+08", "not a date or time");
	refused("2026-11-30T14:05:00+8:00", "not a date or time");
	refused("2026-11-30  14:05", "not a date or time");
	refused("2026-11-30T", "not a date or time");
	refused("2026-11-30T1:05", "not a date or time");
	refused("2026-11-30T14", "not a date or time");
	refused("2026-11-30T14:5", "not a date or time");
	refused("26-11-30", "not a date or time");
	refused("2026-1-30", "not a date or time");
	refused("2026-11-3", "not a date or time");
	refused("20260-11-30", "not a date or time");
	refused("2026/11/30", "not a date or time");
	refused("2026-11", "not a date or time");
	refused(" 2026-11-30", "not a date or time");
	refused("", "not a date or time");
	refused("Now", "not a date or time");
	refused("today ", "not a date or time");
	refused("noon", "not a date or time");
	refused("@", "not a number of seconds");
	refused("@x", "not a number of seconds");
	refused("@12x", "not a number of seconds");
	refused("@+5", "not a number of seconds");
	refused("@-", "not a number of seconds");
	refused("@99999999999999999999", "out of range");
	refused("@-99999999999999999999", "out of range");
	refused("@99999999999999999999x", "not a number of seconds");
	refused("@9223372036854775807", "out of range");
	refused("@253402271999999", "out of range");
	refused("@253402272000", "out of range");         /* 10000-01-01 +08 */
	refused("@-62135625944", "out of range");
	refused("3d", "needs a sign (+3d or -3d)");
	refused("+3x", "unknown unit \"x\"");
	refused("+", "not a span");
	refused("+30m", "ambiguous");
	refused("+100000y", "out of range");
	refused("-100000y", "out of range");
	refused("+2147483647mo", "out of range");
	refused("+99999999999999999999s", "too large");
	refused("+9223372036854775807s", "out of range");
	refused("-9223372036854775807s", "out of range");
	refused("9999-12-31T23:00:00-05:00", "out of range");
	refused("0001-01-01T00:00:00+09:00", "out of range");
	assert_int_equal(pm_time_parse(NULL, NOW, &t, &e), PM_EX_DATAERR);
	/* err may be NULL */
	assert_int_equal(pm_time_parse("2023-02-29", NOW, &t, NULL), PM_EX_DATAERR);
}

/* User text in a message is bounded and kept on one line. */
static void
test_message_quoting(void **state)
{
	char big[2000];
	pm_err e;
	pm_time t;

	(void)state;
	refused("2026-11-30\n", "unexpected");
	assert_int_equal(pm_time_parse("2026-11-30\x1b[2J", NOW, &t, &e),
	    PM_EX_DATAERR);
	assert_null(strchr(e.msg, '\x1b'));
	memset(big, '9', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(pm_time_parse(big, NOW, &t, &e), PM_EX_DATAERR);
	assert_true(strlen(e.msg) < 400);
	assert_non_null(strstr(e.msg, "..."));
}

static void
test_leap_years(void **state)
{
	(void)state;
	zone("Asia/Shanghai");
	assert_true(pm_date_valid(2024, 2, 29));
	assert_false(pm_date_valid(2023, 2, 29));
	assert_false(pm_date_valid(1900, 2, 29));
	assert_true(pm_date_valid(2000, 2, 29));
	assert_false(pm_date_valid(2100, 2, 29));
	assert_true(pm_date_valid(2400, 2, 29));
	assert_true(pm_date_valid(1, 1, 1));
	assert_true(pm_date_valid(9999, 12, 31));
	assert_false(pm_date_valid(0, 1, 1));
	assert_false(pm_date_valid(10000, 1, 1));
	assert_false(pm_date_valid(2024, 0, 1));
	assert_false(pm_date_valid(2024, 13, 1));
	assert_false(pm_date_valid(2024, 1, 0));
	assert_false(pm_date_valid(2024, 1, 32));
	assert_false(pm_date_valid(2024, 4, 31));
	assert_int_equal(pm_days_in_month(2024, 2), 29);
	assert_int_equal(pm_days_in_month(2023, 2), 28);
	assert_int_equal(pm_days_in_month(1900, 2), 28);
	assert_int_equal(pm_days_in_month(2000, 2), 29);
	assert_int_equal(pm_days_in_month(2026, 1), 31);
	assert_int_equal(pm_days_in_month(2026, 4), 30);
	assert_int_equal(pm_days_in_month(2026, 12), 31);
	assert_int_equal(pm_days_in_month(2026, 13), 0);
	assert_int_equal(pm_days_in_month(2026, 0), 0);
	assert_int_equal(parse("2024-02-29"), INT64_C(1709136000));
	assert_int_equal(parse("2000-02-29"), INT64_C(951753600));
	assert_string_equal(fmt(parse("2024-02-29") + 86400, PM_TF_DATE), "2024-03-01");
	assert_string_equal(fmt(parse("2023-02-28") + 86400, PM_TF_DATE), "2023-03-01");
	assert_string_equal(fmt(parse("1900-02-28") + 86400, PM_TF_DATE), "1900-03-01");
	assert_string_equal(fmt(parse("2000-02-28") + 86400, PM_TF_DATE), "2000-02-29");
}

static void
test_span_parse(void **state)
{
	static const struct {
		const char *s;
		int64_t seconds;
		int32_t months;
	} ok[] = {
		{ "+30min", 1800, 0 }, { "-6h", -21600, 0 }, { "3d", 259200, 0 },
		{ "+3d", 259200, 0 }, { "2w", 1209600, 0 }, { "-2w", -1209600, 0 },
		{ "1mo", 0, 1 }, { "+1mo", 0, 1 }, { "1y", 0, 12 },
		{ "-1y", 0, -12 }, { "90s", 90, 0 }, { "1h30min", 5400, 0 },
		{ "-1h30min", -5400, 0 }, { "1y2mo", 0, 14 },
		{ "1mo15d", 15 * 86400, 1 }, { "0d", 0, 0 }, { "007s", 7, 0 },
		{ "30y", 0, 360 }, { "1w1d1h1min1s", 694861, 0 },
		{ "9223372036854775807s", INT64_MAX, 0 },
		{ "-9223372036854775807s", -INT64_MAX, 0 },
		{ "2147483647mo", 0, INT32_MAX }, { "-2147483647mo", 0, -INT32_MAX },
		{ "178956970y7mo", 0, INT32_MAX },
	};
	size_t i;
	pm_span sp;

	(void)state;
	for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		sp = span(ok[i].s);
		if (sp.seconds != ok[i].seconds || sp.months != ok[i].months)
			fail_msg("span %s: %lld s %d mo", ok[i].s,
			    (long long)sp.seconds, (int)sp.months);
	}
}

static void
test_span_refused(void **state)
{
	pm_span sp;

	(void)state;
	span_refused("3x", "unknown unit \"x\"");
	span_refused("3x", "units: s, min, h, d, w, mo, y");
	span_refused("3", "a number needs a unit");
	span_refused("3", "units: s, min, h, d, w, mo, y");
	span_refused("+3", "a number needs a unit");
	span_refused("", "not a span");
	span_refused("+", "not a span");
	span_refused("-", "not a span");
	span_refused("h", "not a span");
	span_refused("30m", "ambiguous: write min (minutes) or mo (months)");
	span_refused("1h30m", "ambiguous");
	span_refused("3D", "unknown unit \"D\"");
	span_refused("3days", "unknown unit \"days\"");
	span_refused("3mins", "unknown unit \"mins\"");
	span_refused("1h 30min", "not a span");
	span_refused(" 1h", "not a span");
	span_refused("1h ", "not a span");
	span_refused("1h-30min", "not a span");
	span_refused("--1h", "not a span");
	span_refused("1.5h", "not a span");
	span_refused("99999999999999999999s", "too large");
	span_refused("9223372036854775808s", "too large");
	span_refused("106751991167301d", "too large");
	span_refused("9223372036854775807s1s", "too large");
	span_refused("2147483648mo", "too large");
	span_refused("178956971y", "too large");
	span_refused("2147483647mo1mo", "too large");
	assert_int_equal(pm_span_parse(NULL, &sp, NULL), PM_EX_DATAERR);
}

static pm_time
add(const char *at, const char *sp)
{
	return pm_time_add(parse(at), span(sp));
}

static void
test_time_add(void **state)
{
	(void)state;
	zone("Asia/Shanghai");
	assert_string_equal(fmt(add("2026-01-31 10:00", "1mo"), PM_TF_MINUTE),
	    "2026-02-28 10:00");
	assert_string_equal(fmt(add("2024-01-31 10:00", "1mo"), PM_TF_MINUTE),
	    "2024-02-29 10:00");
	assert_string_equal(fmt(add("2024-03-31 10:00", "-1mo"), PM_TF_MINUTE),
	    "2024-02-29 10:00");
	assert_string_equal(fmt(add("2024-02-29", "1y"), PM_TF_DATE), "2025-02-28");
	assert_string_equal(fmt(add("2024-02-29", "12mo"), PM_TF_DATE), "2025-02-28");
	assert_string_equal(fmt(add("2024-02-29", "4y"), PM_TF_DATE), "2028-02-29");
	assert_string_equal(fmt(add("2026-12-15 08:30:15", "1mo"), PM_TF_ISO),
	    "2027-01-15T08:30:15+08:00");
	assert_string_equal(fmt(add("2026-01-15", "-1mo"), PM_TF_DATE), "2025-12-15");
	assert_string_equal(fmt(add("2026-01-15", "-13mo"), PM_TF_DATE), "2024-12-15");
	assert_string_equal(fmt(add("2026-05-31", "-3mo"), PM_TF_DATE), "2026-02-28");
	/* months first, then the exact part */
	assert_string_equal(fmt(add("2026-01-31", "1mo1d"), PM_TF_DATE), "2026-03-01");
	assert_string_equal(fmt(add("2026-01-31", "-1mo1d"), PM_TF_DATE), "2025-12-30");
	assert_int_equal(add("2026-11-30", "0s"), NOV30);
	assert_int_equal(add("2026-11-30", "2h"), NOV30 + 7200);
	/* saturates instead of wrapping */
	{
		pm_span big = { INT64_MAX, 0 }, small = { -INT64_MAX, 0 };
		assert_int_equal(pm_time_add(INT64_MAX - 5, big), INT64_MAX);
		assert_int_equal(pm_time_add(INT64_MIN + 5, small), INT64_MIN);
	}
}

static void
test_month(void **state)
{
	pm_month m, n;
	pm_err e;
	char buf[16];

	(void)state;
	zone("Asia/Shanghai");
	assert_int_equal(pm_month_parse("2026-11", NOW, &m, &e), 0);
	assert_int_equal(m.year, 2026);
	assert_int_equal(m.month, 11);
	assert_int_equal(pm_month_start(m), NOV30 - 29 * 86400);
	assert_int_equal(pm_month_end(m), DEC01);
	assert_int_equal(pm_month_days(m), 30);
	n = pm_month_of(DEC01 - 1);
	assert_int_equal(n.year, 2026);
	assert_int_equal(n.month, 11);
	n = pm_month_of(DEC01);
	assert_int_equal(n.month, 12);
	assert_int_equal(pm_month_parse("this", NOW, &m, &e), 0);
	assert_int_equal(m.month, 11);
	assert_int_equal(pm_month_parse("last", NOW, &m, &e), 0);
	assert_int_equal(m.month, 10);
	assert_int_equal(pm_month_parse("next", NOW, &m, &e), 0);
	assert_int_equal(m.month, 12);
	assert_int_equal(m.year, 2026);
	assert_int_equal(pm_month_parse("next", parse("2026-12-15"), &m, &e), 0);
	assert_int_equal(m.year, 2027);
	assert_int_equal(m.month, 1);
	assert_int_equal(pm_month_parse("last", parse("2027-01-02"), &m, &e), 0);
	assert_int_equal(m.year, 2026);
	assert_int_equal(m.month, 12);
	assert_int_equal(pm_month_parse("last", parse("0001-01-15"), &m, &e),
	    PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "out of range"));
	assert_int_equal(pm_month_parse("next", parse("9999-12-15"), &m, &e),
	    PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("2026-13", NOW, &m, &e), PM_EX_DATAERR);
	assert_string_equal(e.msg, "2026-13: no such month");
	assert_int_equal(pm_month_parse("2026-00", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("0000-01", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("2026-1", NOW, &m, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "not a month"));
	assert_int_equal(pm_month_parse("26-11", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("2026-11-01", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("2026-11 ", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("This", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse("", NOW, &m, &e), PM_EX_DATAERR);
	assert_int_equal(pm_month_parse(NULL, NOW, &m, &e), PM_EX_DATAERR);

	m.year = 2026;
	m.month = 11;
	n = pm_month_add(m, 2);
	assert_int_equal(n.year, 2027);
	assert_int_equal(n.month, 1);
	n = pm_month_add(m, -11);
	assert_int_equal(n.year, 2025);
	assert_int_equal(n.month, 12);
	n = pm_month_add(m, -23);
	assert_int_equal(n.year, 2024);
	assert_int_equal(n.month, 12);
	n = pm_month_add(m, 0);
	assert_int_equal(n.year, 2026);
	assert_int_equal(n.month, 11);
	m.month = 2;
	m.year = 2024;
	assert_int_equal(pm_month_days(m), 29);
	m.year = 2023;
	assert_int_equal(pm_month_days(m), 28);
	m.year = 1900;
	assert_int_equal(pm_month_days(m), 28);
	m.year = 2000;
	assert_int_equal(pm_month_days(m), 29);
	m.year = 2026;
	m.month = 12;
	assert_int_equal(pm_month_days(m), 31);
	assert_int_equal(pm_month_end(m), parse("2027-01-01"));
	assert_int_equal(pm_month_format(m, buf, sizeof buf), 7);
	assert_string_equal(buf, "2026-12");
	m.year = 7;
	m.month = 3;
	pm_month_format(m, buf, sizeof buf);
	assert_string_equal(buf, "0007-03");
}

/* BAD-INPUT 26: a 30-year plan runs past 2038. */
static void
test_past_2038(void **state)
{
	pm_time t;
	pm_tm tm;
	pm_month m;

	(void)state;
	zone("Asia/Shanghai");
	t = parse("2056-03-01");
	assert_int_equal(t, INT64_C(2719065600));
	assert_string_equal(fmt(t, PM_TF_DATE), "2056-03-01");
	assert_string_equal(fmt(t, PM_TF_ISO), "2056-03-01T00:00:00+08:00");
	assert_string_equal(fmt(t, PM_TF_UTC), "2056-02-29T16:00:00Z");
	assert_int_equal(parse(fmt(t, PM_TF_ISO)), t);
	assert_int_equal(parse(fmt(t, PM_TF_UTC)), t);
	pm_time_local(t, &tm);
	assert_int_equal(tm.year, 2056);
	assert_int_equal(tm.wday, 3);
	assert_int_equal(tm.yday, 60);
	assert_int_equal(parse("2038-01-19 11:14:08"), INT64_C(2147483648));
	assert_string_equal(fmt(INT64_C(2147483648), PM_TF_UTC), "2038-01-19T03:14:08Z");
	/* a 30-year span */
	assert_int_equal(add("2026-01-31", "30y"), INT64_C(2716473600));
	assert_int_equal(add("2026-01-31", "360mo"), INT64_C(2716473600));
	assert_string_equal(fmt(add("2026-01-31", "+30y1mo"), PM_TF_DATE), "2056-02-29");
	assert_int_equal(parse_at("+30y", parse("2026-03-01")), t);
	assert_int_equal(pm_time_add(t, span("-30y")), parse("2026-03-01"));
	m.year = 2056;
	m.month = 2;
	assert_int_equal(pm_month_days(m), 29);
	assert_int_equal(pm_month_end(m), t);
	assert_int_equal(pm_month_start(pm_month_of(t)), t);
	assert_string_equal(fmt(parse("9999-12-31 23:59:59"), PM_TF_ISO),
	    "9999-12-31T23:59:59+08:00");
}

static void
test_from_local(void **state)
{
	(void)state;
	zone("Asia/Shanghai");
	assert_int_equal(pm_time_from_local(2026, 11, 30, 14, 5, 0), NOW);
	assert_int_equal(pm_time_from_local(2026, 11, 31, 0, 0, 0), DEC01);
	assert_int_equal(pm_time_from_local(2026, 11, 30, 24, 0, 0), DEC01);
	assert_int_equal(pm_time_from_local(2026, 12, 1, 0, 0, -1), DEC01 - 1);
	assert_int_equal(pm_time_from_local(2026, 12, 0, 0, 0, 0), NOV30);
	assert_int_equal(pm_time_from_local(2026, 13, 1, 0, 0, 0), parse("2027-01-01"));
	assert_int_equal(pm_time_from_local(2027, 0, 1, 0, 0, 0), DEC01);
	assert_int_equal(pm_time_from_local(2027, -1, 1, 0, 0, 0), DEC01 - 30 * 86400);
	assert_int_equal(pm_time_from_local(2026, 2, 29, 0, 0, 0), parse("2026-03-01"));
	assert_int_equal(pm_time_from_local(2026, 11, 30, 14, 65, 0), NOW + 3600);
	assert_int_equal(pm_time_day_start(NOW), NOV30);
	assert_int_equal(pm_time_day_start(NOV30), NOV30);
	assert_int_equal(pm_time_day_start(DEC01 - 1), NOV30);
}

static void
test_local_fields(void **state)
{
	pm_tm tm;

	(void)state;
	zone("Asia/Shanghai");
	pm_time_local(NOW + 7, &tm);
	assert_int_equal(tm.year, 2026);
	assert_int_equal(tm.month, 11);
	assert_int_equal(tm.day, 30);
	assert_int_equal(tm.hour, 14);
	assert_int_equal(tm.min, 5);
	assert_int_equal(tm.sec, 7);
	assert_int_equal(tm.wday, 1);
	assert_int_equal(tm.yday, 333);
	assert_int_equal(tm.utcoff, 8 * 3600);
	/* never fails, even far out of range */
	pm_time_local(INT64_MAX, &tm);
	assert_true(tm.year > 9999);
	pm_time_local(INT64_MIN, &tm);
	assert_true(tm.year < 1);
}

/* America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT, 2026-11-01
 * 02:00 EDT -> 01:00 EST. */
static void
test_dst(void **state)
{
	pm_tm tm;
	pm_time t;

	(void)state;
	zone_or_skip("America/New_York");
	/* gap: 02:30 does not exist; it moves forward to 03:30 EDT */
	t = pm_time_from_local(2026, 3, 8, 2, 30, 0);
	assert_int_equal(t, INT64_C(1772955000));
	assert_string_equal(fmt(t, PM_TF_ISO), "2026-03-08T03:30:00-04:00");
	assert_int_equal(parse("2026-03-08 02:30"), t);
	assert_string_equal(fmt(pm_time_from_local(2026, 3, 8, 2, 0, 0), PM_TF_ISO),
	    "2026-03-08T03:00:00-04:00");
	assert_string_equal(fmt(pm_time_from_local(2026, 3, 8, 1, 59, 59), PM_TF_ISO),
	    "2026-03-08T01:59:59-05:00");
	assert_string_equal(fmt(pm_time_from_local(2026, 3, 8, 3, 0, 0), PM_TF_ISO),
	    "2026-03-08T03:00:00-04:00");
	/* overlap: 01:30 happens twice; the first (EDT) is taken */
	t = pm_time_from_local(2026, 11, 1, 1, 30, 0);
	assert_int_equal(t, INT64_C(1793511000));
	assert_string_equal(fmt(t, PM_TF_ISO), "2026-11-01T01:30:00-04:00");
	assert_string_equal(fmt(t + 3600, PM_TF_ISO), "2026-11-01T01:30:00-05:00");
	assert_int_equal(parse("2026-11-01 01:30"), t);
	assert_int_equal(parse("2026-11-01T01:30:00-05:00"), INT64_C(1793514600));
	assert_int_equal(parse(fmt(t + 3600, PM_TF_ISO)), t + 3600);
	assert_string_equal(fmt(pm_time_from_local(2026, 11, 1, 2, 0, 0), PM_TF_ISO),
	    "2026-11-01T02:00:00-05:00");
	/* the spring-forward day has 23 hours, the fall-back day 25 */
	t = parse("2026-03-08");
	assert_int_equal(t, INT64_C(1772946000));
	assert_int_equal(parse_at("tomorrow", parse("2026-03-08 12:00")),
	    INT64_C(1773028800));
	assert_int_equal(parse("2026-03-09") - t, 23 * 3600);
	assert_int_equal(parse("2026-11-02") - parse("2026-11-01"), 25 * 3600);
	assert_int_equal(pm_time_day_start(parse("2026-11-01 23:00")),
	    parse("2026-11-01"));
	/* d is exactly 86400 s; mo keeps the local time of day */
	assert_string_equal(fmt(add("2026-03-07 12:00", "1d"), PM_TF_ISO),
	    "2026-03-08T13:00:00-04:00");
	assert_string_equal(fmt(add("2026-02-08 12:00", "1mo"), PM_TF_ISO),
	    "2026-03-08T12:00:00-04:00");
	assert_string_equal(fmt(add("2026-02-08 02:30", "1mo"), PM_TF_ISO),
	    "2026-03-08T03:30:00-04:00");
	assert_string_equal(fmt(parse("2026-07-04 12:00"), PM_TF_ISO),
	    "2026-07-04T12:00:00-04:00");
	assert_string_equal(fmt(parse("2026-01-04 12:00"), PM_TF_ISO),
	    "2026-01-04T12:00:00-05:00");
	pm_time_local(parse("2026-07-04 12:00"), &tm);
	assert_int_equal(tm.utcoff, -4 * 3600);
	pm_time_local(parse("2026-01-04 12:00"), &tm);
	assert_int_equal(tm.utcoff, -5 * 3600);
	{
		pm_month m = { 2026, 3 };
		assert_int_equal(pm_month_end(m) - pm_month_start(m),
		    31 * 86400 - 3600);
	}
}

static void
test_fixed_offsets(void **state)
{
	pm_err e;
	pm_tm tm;

	(void)state;
	zone("-05:30");
	assert_string_equal(pm_time_zone(), "-05:30");
	assert_int_equal(parse("2026-11-30 14:05"), INT64_C(1796067300));
	assert_string_equal(fmt(INT64_C(1796067300), PM_TF_ISO),
	    "2026-11-30T14:05:00-05:30");
	pm_time_local(0, &tm);
	assert_int_equal(tm.utcoff, -19800);
	zone("+08:00");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T14:05:00+08:00");
	zone("+0545");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T11:50:00+05:45");
	zone("+05:45:30");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T11:50:30+05:45:30");
	assert_int_equal(parse(fmt(NOW, PM_TF_ISO)), NOW);
	zone("+00:00");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T06:05:00+00:00");
	zone("-00:00");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T06:05:00+00:00");
	zone("UTC");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T06:05:00+00:00");
	assert_int_equal(parse("2026-11-30 06:05"), NOW);
	zone("+14:00");
	assert_string_equal(fmt(NOW, PM_TF_DATE), "2026-11-30");
	zone("-12:00");
	assert_string_equal(fmt(NOW, PM_TF_MINUTE), "2026-11-29 18:05");
	/* a failed set leaves the zone as it was */
	assert_int_equal(pm_time_set_zone("Nowhere/Atall", &e), PM_EX_CONFIG);
	assert_string_equal(pm_time_zone(), "-12:00");
	assert_string_equal(fmt(NOW, PM_TF_MINUTE), "2026-11-29 18:05");
	zone(NULL);
	assert_string_equal(pm_time_zone(), "Asia/Shanghai");
}

static void
zone_refused(const char *name)
{
	pm_err e;
	char want[300];

	memset(&e, 0, sizeof e);
	if (pm_time_zone_check(name, &e) == 0)
		fail_msg("zone \"%s\" accepted", name);
	assert_int_equal(e.status, PM_EX_CONFIG);
	snprintf(want, sizeof want, "unknown time zone %s", name);
	if (strchr(name, '\n') == NULL)
		assert_string_equal(e.msg, want);
}

static void
test_zone_names(void **state)
{
	(void)state;
	assert_int_equal(pm_time_zone_check("Asia/Shanghai", NULL), 0);
	assert_int_equal(pm_time_zone_check("UTC", NULL), 0);
	assert_int_equal(pm_time_zone_check("+08:00", NULL), 0);
	assert_int_equal(pm_time_zone_check("-05:30", NULL), 0);
	assert_int_equal(pm_time_zone_check("+0800", NULL), 0);
	assert_int_equal(pm_time_zone_check("+23:59", NULL), 0);
	assert_int_equal(pm_time_zone_check(NULL, NULL), 0);
	zone_refused("Mars/Olympus_Mons");
	zone_refused("");
	zone_refused("+24:00");
	zone_refused("+08:60");
	zone_refused("+8");
	zone_refused("+08:0");
	zone_refused("+08:00x");
	zone_refused("08:00");
	zone_refused("utc");
	zone_refused("../../../etc/passwd");
	zone_refused("Asia/../Asia/Shanghai");
	zone_refused("/usr/share/zoneinfo/Asia/Shanghai");
	zone_refused("/etc/passwd");
	zone_refused("Asia/Shang hai");
	zone_refused("Asia/Shanghai\n");
	zone_refused("Asia/Shanghai;rm");
	zone_refused("zone.tab");
	zone_refused("right/UTC");
	zone_refused("Asia/Shanghai/");
	if (have_zoneinfo()) {
		/* a directory, and a table that is not a compiled zone */
		zone_refused("Asia");
		zone_refused("leapseconds");
		zone_refused("Asia/");
	}
}

/* Without a zoneinfo database the Chinese zones and UTC still work. */
static void
test_zone_fallback(void **state)
{
	const char *old = getenv("TZDIR");
	char saved[4096];
	pm_err e;

	(void)state;
	if (old != NULL)
		snprintf(saved, sizeof saved, "%s", old);
	setenv("TZDIR", "/nonexistent/zoneinfo", 1);
	assert_int_equal(pm_time_zone_check("Asia/Shanghai", &e), 0);
	assert_int_equal(pm_time_zone_check("Asia/Chongqing", &e), 0);
	assert_int_equal(pm_time_zone_check("Asia/Hong_Kong", &e), 0);
	assert_int_equal(pm_time_zone_check("Asia/Macau", &e), 0);
	assert_int_equal(pm_time_zone_check("Asia/Taipei", &e), 0);
	assert_int_equal(pm_time_zone_check("UTC", &e), 0);
	assert_int_equal(pm_time_zone_check("America/New_York", &e), PM_EX_CONFIG);
	assert_string_equal(e.msg, "unknown time zone America/New_York");
	zone("Asia/Taipei");
	assert_string_equal(fmt(INT64_C(1796056200), PM_TF_ISO),
	    "2026-12-01T00:30:00+08:00");
	zone("Asia/Shanghai");
	assert_int_equal(parse("2026-11-30 14:05"), NOW);
	assert_string_equal(fmt(INT64_C(1796056200), PM_TF_DATE), "2026-12-01");
	if (old != NULL)
		setenv("TZDIR", saved, 1);
	else
		unsetenv("TZDIR");
	zone("Asia/Shanghai");
}

static void
test_pm_now(void **state)
{
	pm_time t, real;
	pm_err e;

	(void)state;
	zone("Asia/Shanghai");
	unsetenv("PM_NOW");
	real = (pm_time)time(NULL);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_true(t >= real && t <= real + 2);
	setenv("PM_NOW", "", 1);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_true(t >= real && t <= real + 2);
	setenv("PM_NOW", "2026-11-30 14:05", 1);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_int_equal(t, NOW);
	setenv("PM_NOW", "2026-11-30T16:30:00Z", 1);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_string_equal(fmt(t, PM_TF_DATE), "2026-12-01");
	setenv("PM_NOW", "@1764482700", 1);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_int_equal(t, INT64_C(1764482700));
	setenv("PM_NOW", "-1d", 1);
	real = (pm_time)time(NULL);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_true(t >= real - 86400 && t <= real - 86400 + 2);
	setenv("PM_NOW", "today", 1);
	assert_int_equal(pm_time_now(&t, &e), 0);
	assert_int_equal(t, pm_time_day_start((pm_time)time(NULL)));
	setenv("PM_NOW", "garbage", 1);
	t = 99;
	assert_int_equal(pm_time_now(&t, &e), PM_EX_USAGE);
	assert_int_equal(e.status, PM_EX_USAGE);
	assert_int_equal(t, 99);
	assert_true(strncmp(e.msg, "PM_NOW: garbage: ", 17) == 0);
	setenv("PM_NOW", "2023-02-29", 1);
	assert_int_equal(pm_time_now(&t, &e), PM_EX_USAGE);
	assert_string_equal(e.msg, "PM_NOW: 2023-02-29: no such date");
	assert_int_equal(pm_time_now(&t, NULL), PM_EX_USAGE);
	unsetenv("PM_NOW");
}

static void
test_format(void **state)
{
	char buf[64];
	pm_time t;
	size_t n;
	int f;

	(void)state;
	zone("Asia/Shanghai");
	assert_string_equal(fmt(NOW, PM_TF_ISO), "2026-11-30T14:05:00+08:00");
	assert_string_equal(fmt(NOW, PM_TF_MINUTE), "2026-11-30 14:05");
	assert_string_equal(fmt(NOW, PM_TF_DATE), "2026-11-30");
	assert_string_equal(fmt(NOW, PM_TF_MONTH), "2026-11");
	assert_string_equal(fmt(NOW, PM_TF_UTC), "2026-11-30T06:05:00Z");
	assert_string_equal(fmt(0, PM_TF_UTC), "1970-01-01T00:00:00Z");
	assert_string_equal(fmt(-1, PM_TF_UTC), "1969-12-31T23:59:59Z");
	assert_string_equal(fmt(-1, PM_TF_ISO), "1970-01-01T07:59:59+08:00");
	assert_string_equal(fmt(INT64_C(-62135596800), PM_TF_UTC),
	    "0001-01-01T00:00:00Z");
	assert_string_equal(fmt(INT64_C(253402300799), PM_TF_UTC),
	    "9999-12-31T23:59:59Z");
	/* before 1901 Shanghai kept local mean time: the offset has seconds,
	 * and the output still reads back exactly */
	if (have_zoneinfo()) {
		t = parse("1900-06-01");
		assert_string_equal(fmt(t, PM_TF_ISO),
		    "1900-06-01T00:00:00+08:05:43");
		assert_int_equal(parse(fmt(t, PM_TF_ISO)), t);
	}
	/* snprintf semantics */
	n = pm_time_format(NOW, PM_TF_ISO, buf, 5);
	assert_int_equal(n, 25);
	assert_string_equal(buf, "2026");
	assert_int_equal(pm_time_format(NOW, PM_TF_DATE, NULL, 0), 10);
	/* 40 bytes always suffice */
	for (f = PM_TF_ISO; f <= PM_TF_UTC; f++) {
		assert_true(pm_time_format(INT64_MAX, (pm_tfmt)f, buf, sizeof buf) < 40);
		assert_true(pm_time_format(INT64_MIN, (pm_tfmt)f, buf, sizeof buf) < 40);
	}
}

/* Whatever ISO and UTC print reads back as the same instant. */
static void
test_round_trip(void **state)
{
	static const char *zones[] = {
		"Asia/Shanghai", "America/New_York", "Australia/Lord_Howe",
		"+05:45", "UTC",
	};
	size_t z;
	pm_time t;

	(void)state;
	for (z = 0; z < sizeof zones / sizeof zones[0]; z++) {
		if (pm_time_zone_check(zones[z], NULL) != 0)
			continue;
		zone(zones[z]);
		for (t = INT64_C(-2300000000); t < INT64_C(4200000000);
		    t += INT64_C(1800) * 97 + 13) {
			char iso[40];
			pm_time_format(t, PM_TF_ISO, iso, sizeof iso);
			assert_int_equal(parse(iso), t);
			assert_int_equal(parse(fmt(t, PM_TF_UTC)), t);
		}
	}
	zone("Asia/Shanghai");
}

/* The offsets kept by the hour (pmtime.c lt) give what localtime_r
 * gives, second by second across transitions, in zones with daylight
 * saving, half-hour rules and local mean time, and forget a zone when it
 * changes. */
static void
local_is_libc(pm_time from, pm_time to, pm_time step)
{
	pm_time t;

	for (t = from; t <= to; t += step) {
		time_t tt = (time_t)t;
		struct tm want;
		pm_tm got;

		localtime_r(&tt, &want);
		pm_time_local(t, &got);
		if (got.year != want.tm_year + 1900 || got.month != want.tm_mon + 1 ||
		    got.day != want.tm_mday || got.hour != want.tm_hour ||
		    got.min != want.tm_min || got.sec != want.tm_sec ||
		    got.wday != want.tm_wday || got.yday != want.tm_yday ||
		    got.utcoff != want.tm_gmtoff)
			fail_msg("%lld: %04d-%02d-%02d %02d:%02d:%02d %+d, libc %04d-%02d-%02d "
			    "%02d:%02d:%02d %+ld", (long long)t, got.year, got.month, got.day,
			    got.hour, got.min, got.sec, got.utcoff, want.tm_year + 1900,
			    want.tm_mon + 1, want.tm_mday, want.tm_hour, want.tm_min, want.tm_sec,
			    (long)want.tm_gmtoff);
	}
}

/* The hand-written formats (a buffer of 40 or more) write what the
 * snprintf ones (a smaller buffer) write. */
static void
formats_agree(pm_time from, pm_time to, pm_time step)
{
	static const pm_tfmt f[] = { PM_TF_ISO, PM_TF_MINUTE, PM_TF_DATE, PM_TF_MONTH, PM_TF_UTC };
	char fast[64], slow[39];
	pm_time t;
	size_t i, a, b;

	for (t = from; t <= to; t += step)
		for (i = 0; i < sizeof f / sizeof f[0]; i++) {
			a = pm_time_format(t, f[i], fast, sizeof fast);
			b = pm_time_format(t, f[i], slow, sizeof slow);
			if (a != b || strcmp(fast, slow) != 0)
				fail_msg("%lld format %d: \"%s\" (%zu), snprintf \"%s\" (%zu)",
				    (long long)t, (int)f[i], fast, a, slow, b);
		}
}

static void
test_offset_cache(void **state)
{
	static const char *const zones[] = {
		"America/New_York", "Australia/Lord_Howe", "Europe/Dublin", "Asia/Kathmandu",
		"America/St_Johns", "Pacific/Chatham",
	};
	size_t i;

	(void)state;
	/* built-in zone first: always there */
	zone("Asia/Shanghai");
	local_is_libc(NOW - 40 * 86400, NOW + 40 * 86400, 3607);
	local_is_libc(INT64_C(-2208988800), INT64_C(-2208988800) + 86400, 61);  /* 1900 */
	local_is_libc(INT64_C(-62135596800), INT64_C(-62135596800) + 3 * 86400, 997);  /* 0001 */
	local_is_libc(INT64_C(253402300799) - 86400, INT64_C(253402300799), 997);  /* 9999 */
	formats_agree(NOW - 86400, NOW + 86400, 599);
	formats_agree(INT64_C(-62135596800) - 86400, INT64_C(-62135596800) + 86400, 3599);
	formats_agree(INT64_C(253402300799) - 86400, INT64_C(253402300799) + 86400, 3599);
	if (!have_zoneinfo()) {
		zone(NULL);
		skip();
	}
	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		zone(zones[i]);
		/* a year by 7 minutes 7 seconds, and each 2026 transition by the second */
		local_is_libc(INT64_C(1767225600), INT64_C(1798761600), 427);
		local_is_libc(INT64_C(1772928000), INT64_C(1773100800), 1);  /* 2026-03-08 NY */
		local_is_libc(INT64_C(1793491200), INT64_C(1793664000), 1);  /* 2026-11-01 NY */
		local_is_libc(INT64_C(1775260800), INT64_C(1775433600), 1);  /* 2026-04-04 AU */
		/* local mean time and the first rules, 1850-1920 */
		local_is_libc(INT64_C(-3786825600), INT64_C(-1577923200), 86399);
		formats_agree(INT64_C(-3786825600), INT64_C(-1577923200), 864007);
	}
	/* after a change of zone nothing of the last one is kept */
	zone("America/New_York");
	local_is_libc(NOW, NOW + 86400, 601);
	zone("Asia/Shanghai");
	local_is_libc(NOW, NOW + 86400, 601);
	zone(NULL);
}

static pm_date
D(int y, int m, int d)
{
	pm_date r = { y, m, d };

	return r;
}

#define assert_date(got, y, m, d) do { \
	pm_date g_ = (got); \
	if (g_.year != (y) || g_.month != (m) || g_.day != (d)) \
		fail_msg("date %04d-%02d-%02d, wanted %04d-%02d-%02d", \
		    g_.year, g_.month, g_.day, (y), (m), (d)); \
} while (0)

/* Day numbers against a count kept by hand, day after day, over the
 * whole range: every date of 0001..9999 round-trips. */
static void
test_date_days(void **state)
{
	int64_t n = PM_DATE_DAYS_MIN;
	pm_date d = { 1, 1, 1 }, back;

	(void)state;
	assert_int_equal(pm_date_days(D(1970, 1, 1)), 0);
	assert_int_equal(pm_date_days(D(1969, 12, 31)), -1);
	assert_int_equal(pm_date_days(D(2000, 3, 1)), 11017);
	assert_int_equal(pm_date_days(D(9999, 12, 31)), PM_DATE_DAYS_MAX);
	for (;;) {
		if (pm_date_days(d) != n)
			fail_msg("%04d-%02d-%02d: %lld, wanted %lld", d.year,
			    d.month, d.day, (long long)pm_date_days(d),
			    (long long)n);
		assert_int_equal(pm_date_from_days(n, &back), 0);
		assert_date(back, d.year, d.month, d.day);
		if (d.year == 9999 && d.month == 12 && d.day == 31)
			break;
		n++;
		if (++d.day > pm_days_in_month(d.year, d.month)) {
			d.day = 1;
			if (++d.month > 12) {
				d.month = 1;
				d.year++;
			}
		}
	}
	assert_int_equal(n, PM_DATE_DAYS_MAX);
	back = D(7, 7, 7);
	assert_int_equal(pm_date_from_days(PM_DATE_DAYS_MAX + 1, &back), -1);
	assert_int_equal(pm_date_from_days(PM_DATE_DAYS_MIN - 1, &back), -1);
	assert_int_equal(pm_date_from_days(INT64_MIN, &back), -1);
	assert_date(back, 7, 7, 7);
	/* out-of-range fields are normalised */
	assert_int_equal(pm_date_days(D(2025, 13, 1)), pm_date_days(D(2026, 1, 1)));
	assert_int_equal(pm_date_days(D(2026, 0, 31)), pm_date_days(D(2025, 12, 31)));
	assert_int_equal(pm_date_days(D(2024, 3, 0)), pm_date_days(D(2024, 2, 29)));
}

static void
test_date_arith(void **state)
{
	pm_date r;

	(void)state;
	assert_int_equal(pm_date_diff(D(2024, 2, 28), D(2024, 3, 1)), 2);
	assert_int_equal(pm_date_diff(D(2023, 2, 28), D(2023, 3, 1)), 1);
	assert_int_equal(pm_date_diff(D(2024, 3, 1), D(2024, 2, 28)), -2);
	assert_int_equal(pm_date_diff(D(2022, 1, 31), D(2025, 1, 31)), 1096);
	assert_int_equal(pm_date_cmp(D(2024, 1, 1), D(2023, 12, 31)), 1);
	assert_int_equal(pm_date_cmp(D(2023, 12, 31), D(2024, 1, 1)), -1);
	assert_int_equal(pm_date_cmp(D(2024, 1, 1), D(2024, 1, 1)), 0);

	assert_int_equal(pm_date_add_days(D(2024, 2, 28), 1, &r), 0);
	assert_date(r, 2024, 2, 29);
	assert_int_equal(pm_date_add_days(D(2024, 2, 29), 1, &r), 0);
	assert_date(r, 2024, 3, 1);
	assert_int_equal(pm_date_add_days(D(2024, 3, 1), -366, &r), 0);
	assert_date(r, 2023, 3, 1);
	assert_int_equal(pm_date_add_days(D(9999, 12, 31), 1, &r), -1);
	assert_int_equal(pm_date_add_days(D(1, 1, 1), -1, &r), -1);
	assert_int_equal(pm_date_add_days(D(2024, 1, 1), INT64_MAX, &r), -1);
	assert_int_equal(pm_date_add_days(D(2024, 1, 1), INT64_MIN, &r), -1);

	/* months: the day kept, or the month's last day */
	assert_int_equal(pm_date_add_months(D(2024, 1, 31), 1, &r), 0);
	assert_date(r, 2024, 2, 29);
	assert_int_equal(pm_date_add_months(D(2023, 1, 31), 1, &r), 0);
	assert_date(r, 2023, 2, 28);
	assert_int_equal(pm_date_add_months(D(2024, 3, 31), -1, &r), 0);
	assert_date(r, 2024, 2, 29);
	assert_int_equal(pm_date_add_months(D(2024, 5, 31), 1, &r), 0);
	assert_date(r, 2024, 6, 30);
	assert_int_equal(pm_date_add_months(D(2024, 11, 15), 2, &r), 0);
	assert_date(r, 2025, 1, 15);
	assert_int_equal(pm_date_add_months(D(2024, 1, 15), -13, &r), 0);
	assert_date(r, 2022, 12, 15);
	assert_int_equal(pm_date_add_months(D(9999, 12, 1), 1, &r), -1);
	assert_int_equal(pm_date_add_months(D(1, 1, 1), -1, &r), -1);
	assert_int_equal(pm_date_add_months(D(2023, 2, 29), 1, &r), -1);
	assert_int_equal(pm_date_add_months(D(2024, 1, 1), INT32_MAX, &r), -1);
	assert_int_equal(pm_date_add_months(D(2024, 1, 1), INT32_MIN, &r), -1);

	/* years: 29 February becomes 28 February outside leap years */
	assert_int_equal(pm_date_add_years(D(2024, 2, 29), 3, &r), 0);
	assert_date(r, 2027, 2, 28);
	assert_int_equal(pm_date_add_years(D(2024, 2, 29), 4, &r), 0);
	assert_date(r, 2028, 2, 29);
	assert_int_equal(pm_date_add_years(D(2096, 2, 29), 4, &r), 0);
	assert_date(r, 2100, 2, 28);          /* 2100 is no leap year */
	assert_int_equal(pm_date_add_years(D(1996, 2, 29), 4, &r), 0);
	assert_date(r, 2000, 2, 29);          /* 2000 is one */
	assert_int_equal(pm_date_add_years(D(2024, 6, 1), 3, &r), 0);
	assert_date(r, 2027, 6, 1);
	assert_int_equal(pm_date_add_years(D(2025, 2, 28), -1, &r), 0);
	assert_date(r, 2024, 2, 28);
	assert_int_equal(pm_date_add_years(D(2024, 1, 1), INT32_MAX, &r), -1);
	assert_int_equal(pm_date_add_years(D(2024, 1, 1), INT32_MIN, &r), -1);
	assert_int_equal(pm_date_add_years(D(9999, 1, 1), 1, &r), -1);
}

static void
test_date_parse_format(void **state)
{
	static const char *const bad[] = {
		"", "2024-2-29", "2024-02-29 ", " 2024-02-29", "2024-02-29T00:00",
		"2023-02-29", "2024-13-01", "2024-00-10", "2024-04-31",
		"0000-01-01", "20240229", "2024/02/29", "+2024-02-29", "today",
		"2024-02-2x", "2024-02-\n9",
	};
	pm_date d = { 7, 7, 7 };
	pm_err e;
	char buf[16];
	size_t i;

	(void)state;
	assert_int_equal(pm_date_parse("2024-02-29", &d, &e), 0);
	assert_date(d, 2024, 2, 29);
	assert_int_equal(pm_date_parse("0001-01-01", &d, &e), 0);
	assert_date(d, 1, 1, 1);
	assert_int_equal(pm_date_parse("9999-12-31", &d, &e), 0);
	assert_date(d, 9999, 12, 31);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d = D(7, 7, 7);
		if (pm_date_parse(bad[i], &d, &e) != PM_EX_DATAERR)
			fail_msg("%s: accepted", bad[i]);
		assert_date(d, 7, 7, 7);
		assert_null(strchr(e.msg, '\n'));
	}
	assert_int_equal(pm_date_parse(NULL, &d, &e), PM_EX_DATAERR);
	assert_int_equal(pm_date_parse("2023-02-29", &d, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "2023-02-29"));

	assert_int_equal(pm_date_format(D(2027, 6, 1), buf, sizeof buf), 10);
	assert_string_equal(buf, "2027-06-01");
	assert_int_equal(pm_date_format(D(1, 1, 1), buf, sizeof buf), 10);
	assert_string_equal(buf, "0001-01-01");
	assert_int_equal(pm_date_format(D(2027, 6, 1), buf, 5), 10);
	assert_string_equal(buf, "2027");
}

static void
test_date_instants(void **state)
{
	(void)state;
	zone(NULL);
	/* 2026-11-30 14:05 in Shanghai; 23:30 UTC on the 30th is 1 December */
	assert_date(pm_date_of(NOW), 2026, 11, 30);
	assert_date(pm_date_of(NOV30), 2026, 11, 30);
	assert_date(pm_date_of(NOV30 - 1), 2026, 11, 29);
	assert_date(pm_date_of(DEC01 - 1800), 2026, 11, 30);
	assert_int_equal(pm_date_start(D(2026, 11, 30)), NOV30);
	assert_int_equal(pm_date_start(D(2026, 12, 1)), DEC01);
	zone("UTC");
	assert_date(pm_date_of(DEC01 - 1800), 2026, 11, 30);
	assert_date(pm_date_of(DEC01), 2026, 11, 30);   /* 16:00 UTC */
	zone(NULL);
}

/* A time of day on a date; weekdays; months between months. */
static void
test_date_at_wday(void **state)
{
	pm_date d;
	int64_t n;
	int w;

	(void)state;
	zone(NULL);
	assert_int_equal(pm_date_at(D(2026, 11, 30), 0), NOV30);
	assert_int_equal(pm_date_at(D(2026, 11, 30), 14 * 60 + 5), NOW);
	assert_int_equal(pm_date_at(D(2026, 11, 30), 1439), DEC01 - 60);
	assert_int_equal(pm_date_at(D(2026, 11, 30), 1440), DEC01);
	assert_int_equal(pm_date_at(D(2026, 11, 30), 0), pm_date_start(D(2026, 11, 30)));
	/* 1970-01-01 was a Thursday, 2026-11-30 a Monday */
	assert_int_equal(pm_date_wday(D(1970, 1, 1)), 4);
	assert_int_equal(pm_date_wday(D(1969, 12, 28)), 0);
	assert_int_equal(pm_date_wday(D(2026, 11, 30)), 1);
	assert_int_equal(pm_date_wday(D(2026, 12, 6)), 0);
	assert_int_equal(pm_date_wday(D(2100, 3, 1)), 1);
	assert_int_equal(pm_date_wday(D(1, 1, 1)), 1);
	assert_int_equal(pm_date_wday(D(9999, 12, 31)), 5);
	/* the same as the zone's weekday, day after day, wherever noon is */
	d = D(2024, 1, 1);
	w = 1;
	for (n = 0; n < 800; n++) {
		pm_tm tm;

		pm_time_local(pm_date_at(d, 720), &tm);
		assert_int_equal(pm_date_wday(d), tm.wday);
		assert_int_equal(pm_date_wday(d), w);
		assert_int_equal(pm_date_add_days(d, 1, &d), 0);
		w = (w + 1) % 7;
	}
	assert_int_equal(pm_month_diff((pm_month){ 2025, 11 }, (pm_month){ 2026, 2 }), 3);
	assert_int_equal(pm_month_diff((pm_month){ 2026, 2 }, (pm_month){ 2025, 11 }), -3);
	assert_int_equal(pm_month_diff((pm_month){ 2026, 5 }, (pm_month){ 2026, 5 }), 0);
	assert_int_equal(pm_month_diff((pm_month){ 1, 1 }, (pm_month){ 9999, 12 }), 9998 * 12 + 11);
}

/* A zone with daylight saving: a time of day on the day of a change. */
static void
test_date_at_dst(void **state)
{
	(void)state;
	zone_or_skip("America/New_York");
	/* 02:30 on spring-forward day is 03:30 EDT, as pm_time_from_local */
	assert_int_equal(pm_date_at(D(2026, 3, 8), 150), INT64_C(1772955000));
	assert_int_equal(pm_date_at(D(2026, 3, 8), 150), pm_time_from_local(2026, 3, 8, 2, 30, 0));
	/* 01:30 on fall-back day: the first of the two */
	assert_int_equal(pm_date_at(D(2026, 11, 1), 90), INT64_C(1793511000));
	assert_int_equal(pm_date_wday(D(2026, 3, 8)), 0);
	zone(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_zone),
		cmocka_unit_test(test_process_tz_utc),
		cmocka_unit_test(test_parse_absolute),
		cmocka_unit_test(test_parse_relative),
		cmocka_unit_test(test_parse_refused),
		cmocka_unit_test(test_message_quoting),
		cmocka_unit_test(test_leap_years),
		cmocka_unit_test(test_span_parse),
		cmocka_unit_test(test_span_refused),
		cmocka_unit_test(test_time_add),
		cmocka_unit_test(test_month),
		cmocka_unit_test(test_past_2038),
		cmocka_unit_test(test_from_local),
		cmocka_unit_test(test_local_fields),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_fixed_offsets),
		cmocka_unit_test(test_zone_names),
		cmocka_unit_test(test_zone_fallback),
		cmocka_unit_test(test_pm_now),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_offset_cache),
		cmocka_unit_test(test_date_days),
		cmocka_unit_test(test_date_arith),
		cmocka_unit_test(test_date_parse_format),
		cmocka_unit_test(test_date_instants),
		cmocka_unit_test(test_date_at_wday),
		cmocka_unit_test(test_date_at_dst),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
