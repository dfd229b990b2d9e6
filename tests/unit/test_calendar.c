/* test_calendar.c — working hours, holidays and swapped workdays, due
 * times in business time, and the config's errors with their positions.
 * The process runs with TZ=UTC and the business zone Asia/Shanghai, so
 * every local time below is Beijing time whatever the machine says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "registry.h"
#include "calendar.h"
#include "fixture.h"

#define H INT64_C(3600)

/* The calendar of this config text; fails the test on any error. */
static pm_calendar *
cal_of(const char *yaml)
{
	pm_config *cfg = NULL;
	pm_calendar *cal = NULL;
	pm_err err;

	pm_err_clear(&err);
	if (yaml != NULL && pm_config_parse("cal.yaml", yaml, strlen(yaml), &cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
	if (pm_calendar_load(cfg, &cal, &err) != 0)
		fail_msg("calendar: %s", err.msg);
	pm_config_free(cfg);
	return cal;
}

/* Loading this config text fails with exactly this message. */
static void
refused(const char *yaml, const char *want)
{
	pm_calendar *cal = (pm_calendar *)1;
	pm_config *cfg = NULL;
	pm_err err;

	pm_err_clear(&err);
	if (pm_config_parse("cal.yaml", yaml, strlen(yaml), &cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
	if (pm_calendar_load(cfg, &cal, &err) != PM_EX_CONFIG)
		fail_msg("accepted: %s", yaml);
	assert_null(cal);
	assert_string_equal(err.msg, want);
	pm_config_free(cfg);
}

/* A business-zone time "2026-10-16 17:00". */
static pm_time
at(const char *s)
{
	pm_time t;
	pm_err err;

	if (pm_time_parse(s, 0, &t, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return t;
}

static const char *
show(pm_time t)
{
	static char buf[4][64];
	static int i;

	i = (i + 1) % 4;
	pm_time_format(t, PM_TF_MINUTE, buf[i], sizeof buf[i]);
	return buf[i];
}

/* start + span in business time, as "YYYY-MM-DD HH:MM". */
static const char *
due(const pm_calendar *cal, const char *start, const char *span)
{
	pm_span sp;
	pm_time t;
	pm_err err;

	if (pm_span_parse(span, &sp, &err) != 0)
		fail_msg("%s: %s", span, err.msg);
	if (pm_calendar_due(cal, PM_CLOCK_BUSINESS, at(start), sp, &t, &err) != 0)
		fail_msg("%s + %s: %s", start, span, err.msg);
	return show(t);
}

/* start + seconds of working time, checked against between(). */
static const char *
add(const pm_calendar *cal, const char *start, int64_t seconds)
{
	pm_time t;
	pm_err err;

	if (pm_calendar_add(cal, at(start), seconds, &t, &err) != 0)
		fail_msg("%s + %llds: %s", start, (long long)seconds, err.msg);
	assert_true(t >= at(start));
	assert_int_equal(pm_calendar_between(cal, at(start), t), seconds);
	return show(t);
}

static void
test_defaults(void **state)
{
	pm_calendar *cal = cal_of(NULL), *cal2 = cal_of("timezone: UTC\n");

	(void)state;
	/* Monday 2026-10-12 .. Sunday 2026-10-18 */
	assert_false(pm_calendar_working(cal, at("2026-10-12 08:59")));
	assert_true(pm_calendar_working(cal, at("2026-10-12 09:00")));
	assert_true(pm_calendar_working(cal, at("2026-10-12 17:59:59")));
	assert_false(pm_calendar_working(cal, at("2026-10-12 18:00")));
	assert_true(pm_calendar_working(cal, at("2026-10-16 12:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-17 12:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-18 12:00")));
	assert_int_equal(pm_calendar_between(cal, at("2026-10-12"), at("2026-10-13")), 9 * H);
	assert_int_equal(pm_calendar_between(cal, at("2026-10-12"), at("2026-10-19")), 45 * H);
	assert_int_equal(pm_calendar_between(cal2, at("2026-10-12"), at("2026-10-19")), 45 * H);
	assert_int_equal(pm_calendar_between(cal, at("2026-10-19"), at("2026-10-12")), 0);
	assert_int_equal(pm_calendar_between(cal, at("2026-10-12 10:00"),
	    at("2026-10-12 10:00")), 0);
	pm_calendar_free(cal);
	pm_calendar_free(cal2);
	pm_calendar_free(NULL);
}

static void
test_hours_across_weekend(void **state)
{
	pm_calendar *cal = cal_of(NULL);

	(void)state;
	/* Friday 2026-10-16 */
	assert_string_equal(due(cal, "2026-10-16 17:00", "2h"), "2026-10-19 10:00");
	assert_string_equal(due(cal, "2026-10-16 17:00", "1h"), "2026-10-16 18:00");
	assert_string_equal(due(cal, "2026-10-16 17:00", "30min"), "2026-10-16 17:30");
	assert_string_equal(add(cal, "2026-10-16 17:00", 2 * H), "2026-10-19 10:00");
	assert_string_equal(add(cal, "2026-10-16 17:00", 10 * H), "2026-10-19 18:00");
	assert_string_equal(add(cal, "2026-10-16 17:00", 10 * H + 1), "2026-10-20 09:00");
	/* zero: the next working moment, or start itself */
	assert_string_equal(add(cal, "2026-10-16 18:00", 0), "2026-10-19 09:00");
	assert_string_equal(add(cal, "2026-10-16 12:34", 0), "2026-10-16 12:34");
	assert_string_equal(add(cal, "2026-10-17 03:00", 3 * H), "2026-10-19 12:00");
	pm_calendar_free(cal);
}

static void
test_days(void **state)
{
	pm_calendar *cal = cal_of(NULL);

	(void)state;
	assert_string_equal(due(cal, "2026-10-16 17:00", "1d"), "2026-10-19 17:00");
	assert_string_equal(due(cal, "2026-10-16 17:00", "1d2h"), "2026-10-20 10:00");
	assert_string_equal(due(cal, "2026-10-12 10:00", "3d"), "2026-10-15 10:00");
	assert_string_equal(due(cal, "2026-10-12 10:00", "1w"), "2026-10-21 10:00");
	/* received outside hours: counted from when work resumes, so a
	 * full working day is left (documented in calendar.h) */
	assert_string_equal(due(cal, "2026-10-17 10:00", "1d"), "2026-10-20 09:00");
	assert_string_equal(due(cal, "2026-10-16 18:00", "1d"), "2026-10-20 09:00");
	assert_string_equal(due(cal, "2026-10-12 07:00", "1d"), "2026-10-13 09:00");
	assert_string_equal(due(cal, "2026-10-17 10:00", "2h"), "2026-10-19 11:00");
	pm_calendar_free(cal);
}

static void
test_clocks(void **state)
{
	pm_calendar *cal = cal_of(NULL);
	pm_span sp = { 86400, 0 };
	pm_time t;
	pm_err err;

	(void)state;
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_CALENDAR, at("2026-10-16 17:00"), sp,
	    &t, &err), 0);
	assert_string_equal(show(t), "2026-10-17 17:00");
	sp.months = 1;
	sp.seconds = 0;
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_CALENDAR, at("2026-01-31 10:00"), sp,
	    &t, &err), 0);
	assert_string_equal(show(t), "2026-02-28 10:00");
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_BUSINESS, at("2026-01-31 10:00"), sp,
	    &t, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "months and years cannot be counted in working time");
	sp.months = 0;
	sp.seconds = -3600;
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_BUSINESS, at("2026-01-31 10:00"), sp,
	    &t, &err), PM_EX_DATAERR);
	assert_int_equal(pm_calendar_add(cal, at("2026-01-31 10:00"), -1, &t, &err),
	    PM_EX_DATAERR);
	pm_calendar_free(cal);
}

static const char golden_week[] =
	"calendar:\n"
	"  holidays: [2026-10-01..2026-10-07]\n"
	"  workdays:\n"
	"    - 2026-09-27\n"
	"    - 2026-10-10\n";

static void
test_holiday_week(void **state)
{
	pm_calendar *cal = cal_of(golden_week);

	(void)state;
	/* Sunday 2026-09-27 is worked, the holiday week is not */
	assert_true(pm_calendar_working(cal, at("2026-09-27 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-01 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-05 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-07 10:00")));
	assert_true(pm_calendar_working(cal, at("2026-10-08 10:00")));
	assert_true(pm_calendar_working(cal, at("2026-10-10 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-11 10:00")));
	assert_string_equal(due(cal, "2026-09-30 17:00", "2h"), "2026-10-08 10:00");
	assert_string_equal(due(cal, "2026-09-30 17:00", "1d"), "2026-10-08 17:00");
	assert_string_equal(due(cal, "2026-10-03 11:00", "1d"), "2026-10-09 09:00");
	assert_string_equal(due(cal, "2026-09-26 10:00", "1h"), "2026-09-27 10:00");
	assert_string_equal(due(cal, "2026-10-09 17:00", "1d"), "2026-10-10 17:00");
	/* Sep 30, Oct 8, 9 and the Saturday Oct 10 */
	assert_int_equal(pm_calendar_between(cal, at("2026-09-30"), at("2026-10-11")), 36 * H);
	/* Sep 27 (Sunday, worked) + Sep 28..30 */
	assert_int_equal(pm_calendar_between(cal, at("2026-09-26"), at("2026-10-08")), 36 * H);
	pm_calendar_free(cal);
}

static void
test_lunch_break(void **state)
{
	pm_calendar *cal = cal_of("calendar:\n"
	    "  hours: \"09:00-12:00, 13:30-18:00\"\n"
	    "  tuesday: 09:00-12:00\n"
	    "  saturday: 10:00-16:00\n");

	(void)state;
	assert_false(pm_calendar_working(cal, at("2026-10-12 12:30")));
	assert_true(pm_calendar_working(cal, at("2026-10-12 13:30")));
	assert_true(pm_calendar_working(cal, at("2026-10-17 15:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-13 13:30")));
	assert_int_equal(pm_calendar_between(cal, at("2026-10-12"), at("2026-10-13")),
	    7 * H + H / 2);
	/* 3 + 7.5 * 3 + 6 hours */
	assert_int_equal(pm_calendar_between(cal, at("2026-10-12"), at("2026-10-19")),
	    4 * (7 * H + H / 2) + 3 * H + 6 * H);
	assert_string_equal(due(cal, "2026-10-12 11:00", "2h"), "2026-10-12 14:30");
	assert_string_equal(due(cal, "2026-10-12 12:30", "1h"), "2026-10-12 14:30");
	assert_string_equal(due(cal, "2026-10-12 11:30", "1d"), "2026-10-13 11:30");
	/* at lunch: counting starts 13:30, so 13:30 the next working day */
	assert_string_equal(due(cal, "2026-10-14 12:30", "1d"), "2026-10-15 13:30");
	/* Monday 17:00 + 1d is Tuesday 17:00, after Tuesday's hours: moved
	 * to the next working moment */
	assert_string_equal(due(cal, "2026-10-12 17:00", "1d"), "2026-10-14 09:00");
	/* Saturday 17:00 is past its hours, Sunday is off */
	assert_string_equal(due(cal, "2026-10-16 17:00", "1d"), "2026-10-19 09:00");
	assert_string_equal(due(cal, "2026-10-16 17:00", "1d1h"), "2026-10-19 10:00");
	pm_calendar_free(cal);
}

static void
test_between(void **state)
{
	/* the config's lists alone (the official table would add 02-23) */
	pm_calendar *cal = cal_of("calendar:\n"
	    "  official: false\n"
	    "  holidays: [2026-01-01..2026-01-03, 2026-02-16..2026-02-22, 2026-05-01]\n"
	    "  workdays: [2026-01-04, 2026-02-14, 2026-02-28]\n");
	struct timespec t0, t1;
	int64_t w, sum, ms;
	pm_time a, b;
	int i;

	(void)state;
	/* Friday 17:30 to Monday 09:30 */
	assert_int_equal(pm_calendar_between(cal, at("2026-10-16 17:30"),
	    at("2026-10-19 09:30")), H);
	/* 2025-12-31 (Wed) to 2026-01-06: Dec 31, Jan 4 (Sun, worked), 5 */
	assert_int_equal(pm_calendar_between(cal, at("2025-12-31"), at("2026-01-06")), 27 * H);
	/* February 2026: 20 weekdays, minus 16..20 (5), plus two Saturdays */
	assert_int_equal(pm_calendar_between(cal, at("2026-02-01"), at("2026-03-01")),
	    (20 - 5 + 2) * 9 * H);
	/* a year is the sum of its days */
	sum = 0;
	for (i = 0; i < 365; i++) {
		a = pm_time_from_local(2026, 1, 1 + i, 0, 0, 0);
		b = pm_time_from_local(2026, 1, 2 + i, 0, 0, 0);
		sum += pm_calendar_between(cal, a, b);
	}
	assert_int_equal(pm_calendar_between(cal, at("2026-01-01"), at("2027-01-01")), sum);
	/* 261 weekdays, 3 holidays on weekdays x3, 5, 1 off; 3 workdays */
	assert_int_equal(sum, (261 - 2 - 5 - 1 + 3) * 9 * H);
	/* thirty years: a few milliseconds (generous bound for sanitizers
	 * and valgrind) */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	w = pm_calendar_between(cal, at("2020-01-01"), at("2050-01-01"));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	assert_true(w > 30 * 250 * 9 * H && w < 30 * 262 * 9 * H);
	assert_true(ms < 2000);
	pm_calendar_free(cal);
}

static void
test_past_2038(void **state)
{
	pm_calendar *cal = cal_of("calendar:\n"
	    "  holidays: [2040-02-10, 2099-12-31..2100-01-01]\n"
	    "  workdays: [2040-02-11]\n");

	(void)state;
	/* Friday 2040-02-10 off, Saturday 2040-02-11 worked */
	assert_false(pm_calendar_working(cal, at("2040-02-10 10:00")));
	assert_true(pm_calendar_working(cal, at("2040-02-11 10:00")));
	assert_string_equal(due(cal, "2040-02-09 17:00", "2h"), "2040-02-11 10:00");
	assert_string_equal(due(cal, "2040-02-09 17:00", "1d"), "2040-02-11 17:00");
	assert_string_equal(due(cal, "2099-12-30 17:00", "2h"), "2100-01-04 10:00");
	assert_int_equal(pm_calendar_between(cal, at("2040-02-06"), at("2040-02-13")), 45 * H);
	assert_int_equal(pm_calendar_between(cal, at("2037-01-01"), at("2040-01-01")),
	    pm_calendar_between(cal, at("2037-01-01"), at("2038-06-01")) +
	    pm_calendar_between(cal, at("2038-06-01"), at("2040-01-01")));
	assert_string_equal(add(cal, "2038-01-19 11:14", 9 * H * 300), "2039-03-15 11:14");
	pm_calendar_free(cal);
}

static void
test_no_working_time(void **state)
{
	pm_calendar *cal;
	pm_span sp = { 86400, 0 };
	pm_time t;
	pm_err err;

	(void)state;
	refused("calendar:\n"
	    "  monday: \"\"\n  tuesday: \"\"\n  wednesday: \"\"\n  thursday: \"\"\n"
	    "  friday:\n",
	    "cal.yaml:2:3: calendar: no working time at all: every weekday is \"\" and "
	    "there are no workdays");
	/* only a workday long past: fine to load, no use for deadlines */
	cal = cal_of("calendar:\n"
	    "  monday: \"\"\n  tuesday: \"\"\n  wednesday: \"\"\n  thursday: \"\"\n"
	    "  friday: \"\"\n  workdays: [2020-01-04]\n");
	assert_int_equal(pm_calendar_add(cal, at("2026-10-16 17:00"), H, &t, &err),
	    PM_EX_CONFIG);
	assert_string_equal(err.msg, "calendar has no working time within 10 years");
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_BUSINESS, at("2026-10-16 17:00"), sp,
	    &t, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "calendar has no working time within 10 years");
	assert_string_equal(add(cal, "2019-12-30 17:00", H), "2020-01-04 10:00");
	pm_calendar_free(cal);

	/* more working time than 10 years hold */
	cal = cal_of(NULL);
	assert_int_equal(pm_calendar_add(cal, at("2026-10-16 17:00"), 3000 * 9 * H, &t, &err),
	    PM_EX_CONFIG);
	assert_string_equal(err.msg, "the due time would be more than 10 years ahead");
	sp.seconds = 3000 * 86400;
	assert_int_equal(pm_calendar_due(cal, PM_CLOCK_BUSINESS, at("2026-10-16 17:00"), sp,
	    &t, &err), PM_EX_CONFIG);
	assert_string_equal(add(cal, "2026-10-16 17:00", 2500 * 9 * H), "2036-05-16 17:00");
	pm_calendar_free(cal);
}

static void
test_errors(void **state)
{
	(void)state;
	refused("calendar:\n  hours: \"09:00-25:00\"\n",
	    "cal.yaml:2:10: calendar.hours: '09:00-25:00' is not a range of times "
	    "HH:MM-HH:MM from 00:00 to 24:00");
	refused("calendar:\n  monday: 09:00-12:60\n",
	    "cal.yaml:2:11: calendar.monday: '09:00-12:60' is not a range of times "
	    "HH:MM-HH:MM from 00:00 to 24:00");
	refused("calendar:\n  monday: 24:00-24:00\n",
	    "cal.yaml:2:11: calendar.monday: 24:00-24:00 does not end after it starts");
	refused("calendar:\n  sunday: 9:00-12:00\n",
	    "cal.yaml:2:11: calendar.sunday: '9:00-12:00' is not a range of times "
	    "HH:MM-HH:MM from 00:00 to 24:00");
	refused("calendar:\n  hours: 09:00-13:00,12:00-18:00\n",
	    "cal.yaml:2:10: calendar.hours: 12:00-18:00 overlaps or comes before the range "
	    "ahead of it; list ranges in order");
	refused("calendar:\n  hours: 13:00-18:00,09:00-12:00\n",
	    "cal.yaml:2:10: calendar.hours: 09:00-12:00 overlaps or comes before the range "
	    "ahead of it; list ranges in order");
	refused("calendar:\n  hours: 18:00-09:00\n",
	    "cal.yaml:2:10: calendar.hours: 18:00-09:00 does not end after it starts");
	refused("calendar:\n  hours: 09:00-12:00,\n",
	    "cal.yaml:2:10: calendar.hours: a range is missing after the last comma");
	refused("calendar:\n  hours: 09:00-12:00,,13:00-14:00\n",
	    "cal.yaml:2:10: calendar.hours: '' is not a range of times HH:MM-HH:MM from "
	    "00:00 to 24:00");
	refused("calendar:\n  hours: \"\"\n",
	    "cal.yaml:2:10: calendar.hours: cannot be empty; to make a weekday a day off, "
	    "set that day to \"\"");
	refused("calendar:\n  hours: [09:00-18:00]\n",
	    "cal.yaml:2:10: expected a string, found a sequence");
	refused("calendar:\n  holidays:\n    - 2026-10-01\n    - 2026-02-30\n",
	    "cal.yaml:4:7: calendar.holidays: '2026-02-30' is not a date YYYY-MM-DD or a "
	    "range YYYY-MM-DD..YYYY-MM-DD");
	refused("calendar:\n  holidays: [2026-10-1]\n",
	    "cal.yaml:2:14: calendar.holidays: '2026-10-1' is not a date YYYY-MM-DD or a "
	    "range YYYY-MM-DD..YYYY-MM-DD");
	refused("calendar:\n  workdays: [2026-10-07..2026-10-03]\n",
	    "cal.yaml:2:14: calendar.workdays: 2026-10-07..2026-10-03 ends before it starts");
	refused("calendar:\n  holidays: [2026-01-01..2027-01-02]\n",
	    "cal.yaml:2:14: calendar.holidays: 2026-01-01..2027-01-02 is longer than 366 days");
	refused("calendar:\n  holidays: 2026-10-01\n",
	    "cal.yaml:2:13: calendar.holidays: expected a sequence of dates (YYYY-MM-DD or "
	    "YYYY-MM-DD..YYYY-MM-DD)");
	refused("calendar:\n"
	    "  holidays: [2026-10-01..2026-10-07]\n"
	    "  workdays: [2026-09-27, 2026-10-05..2026-10-10]\n",
	    "cal.yaml:3:26: calendar.workdays: 2026-10-05 is also a holiday");
	refused("calendar:\n"
	    "  workdays: [2026-10-10]\n"
	    "  holidays: [2026-10-01..2026-10-07, 2026-10-09..2026-10-11]\n",
	    "cal.yaml:2:14: calendar.workdays: 2026-10-10 is also a holiday");
	refused("calendar:\n  hours: 09:00-18:00\n  hollidays: [2026-10-01]\n",
	    "cal.yaml:3:3: calendar: unknown key 'hollidays' (hours, monday .. sunday, "
	    "holidays, workdays, official)");
	refused("calendar:\n  - 2026-10-01\n",
	    "cal.yaml:2:3: calendar: expected a mapping (hours, monday .. sunday, holidays, "
	    "workdays, official)");
	refused("calendar:\n  monday: \"09:00-12:00\\e\"\n",
	    "cal.yaml:2:11: calendar.monday: '09:00-12:00\\e' is not a range of times "
	    "HH:MM-HH:MM from 00:00 to 24:00");
}

/* Daylight saving, where the business zone has it: working hours that
 * span the change are an hour shorter or longer that day. */
static void
test_dst(void **state)
{
	pm_calendar *cal;
	pm_err err;

	(void)state;
	if (pm_time_set_zone("America/New_York", &err) != 0)
		skip();
	cal = cal_of("calendar:\n  hours: 00:00-24:00\n  saturday: 00:00-24:00\n"
	    "  sunday: 01:00-04:00\n");
	/* 2026-03-08 02:00 -> 03:00; 2026-11-01 02:00 -> 01:00 */
	assert_int_equal(pm_calendar_between(cal, at("2026-03-07"), at("2026-03-08")), 24 * H);
	assert_int_equal(pm_calendar_between(cal, at("2026-03-08"), at("2026-03-09")), 2 * H);
	assert_int_equal(pm_calendar_between(cal, at("2026-11-01"), at("2026-11-02")), 4 * H);
	assert_int_equal(pm_calendar_between(cal, at("2026-03-01"), at("2026-03-15")),
	    12 * 24 * H + 3 * H + 2 * H);
	assert_string_equal(add(cal, "2026-03-07 23:00", 2 * H), "2026-03-08 03:00");
	assert_string_equal(add(cal, "2026-11-01 00:00", 4 * H), "2026-11-01 04:00");
	assert_string_equal(due(cal, "2026-03-06 02:30", "2d"), "2026-03-08 03:30");
	assert_true(pm_calendar_working(cal, at("2026-11-01 03:59")));
	assert_false(pm_calendar_working(cal, at("2026-11-01 04:00")));
	pm_calendar_free(cal);
	/* weeks of weekday rules: the Chinese holidays are not New York's */
	cal = cal_of("calendar:\n  official: false\n");
	assert_int_equal(pm_calendar_between(cal, at("2026-01-05"), at("2026-12-28")),
	    51 * 45 * H);
	pm_calendar_free(cal);
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
}

/* The same config answers in the business zone, not the process's. */
static void
test_zone(void **state)
{
	pm_calendar *cal = cal_of(NULL);
	char iso[64];
	pm_time t;
	pm_err err;

	(void)state;
	assert_int_equal(pm_calendar_add(cal, at("2026-10-16 17:00"), 2 * H, &t, &err), 0);
	pm_time_format(t, PM_TF_ISO, iso, sizeof iso);
	assert_string_equal(iso, "2026-10-19T10:00:00+08:00");
	pm_time_format(t, PM_TF_UTC, iso, sizeof iso);
	assert_string_equal(iso, "2026-10-19T02:00:00Z");
	/* 2026-10-19T01:30Z is 09:30 in Beijing: working, though 01:30 UTC */
	assert_true(pm_calendar_working(cal, at("2026-10-19T01:30:00Z")));
	assert_false(pm_calendar_working(cal, at("2026-10-19T10:30:00Z")));
	assert_int_equal(pm_time_set_zone("UTC", &err), 0);
	assert_false(pm_calendar_working(cal, at("2026-10-19T01:30:00Z")));
	assert_true(pm_calendar_working(cal, at("2026-10-19T10:30:00Z")));
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
	pm_calendar_free(cal);
}

/* ---- the official calendar ------------------------------------------ */

/* Known answers from the State Council's notices. */
static void
test_official_vectors(void **state)
{
	pm_calendar *cal = cal_of(NULL);

	(void)state;
	/* 国庆节、中秋节 2025: Oct 1-8 off, Sunday 9-28 and Saturday 10-11 worked */
	assert_string_equal(due(cal, "2025-09-30 10:00", "1d"), "2025-10-09 10:00");
	assert_string_equal(due(cal, "2025-09-27 10:00", "1d"), "2025-09-29 09:00");
	assert_string_equal(due(cal, "2025-09-26 10:00", "1d"), "2025-09-28 10:00");
	assert_string_equal(due(cal, "2025-10-10 17:00", "1d"), "2025-10-11 17:00");
	/* 春节 2026: Saturday 2-14 worked, 2-15..2-23 off */
	assert_string_equal(due(cal, "2026-02-13 10:00", "2d"), "2026-02-24 10:00");
	assert_string_equal(due(cal, "2026-02-13 17:00", "2h"), "2026-02-14 10:00");
	assert_string_equal(add(cal, "2026-02-14 17:00", 2 * H), "2026-02-24 10:00");
	assert_false(pm_calendar_working(cal, at("2026-02-16 10:00")));
	assert_true(pm_calendar_working(cal, at("2026-02-14 10:00")));
	assert_true(pm_calendar_working(cal, at("2026-02-28 10:00")));
	/* working days a year */
	assert_int_equal(pm_calendar_count(cal, 20240101, 20241231), 251);
	assert_int_equal(pm_calendar_count(cal, 20250101, 20251231), 248);
	assert_int_equal(pm_calendar_count(cal, 20260101, 20261231), 248);
	/* the 2019 notice moves 2018-12-29 (Saturday) to work, 12-31 off */
	assert_true(pm_calendar_working(cal, at("2018-12-29 10:00")));
	assert_false(pm_calendar_working(cal, at("2018-12-31 10:00")));
	/* 2015's second notice: 9-3 and 9-4 off, Sunday 9-6 worked */
	assert_false(pm_calendar_working(cal, at("2015-09-04 10:00")));
	assert_true(pm_calendar_working(cal, at("2015-09-06 10:00")));
	/* a weekend inside a holiday week is not listed, and still off */
	assert_false(pm_calendar_working(cal, at("2015-06-21 10:00")));
	/* 2020: the Spring Festival extended by the second notice to 2-2 */
	assert_false(pm_calendar_working(cal, at("2020-01-31 10:00")));
	assert_true(pm_calendar_working(cal, at("2020-02-03 10:00")));
	assert_int_equal(pm_calendar_uncovered(cal), 0);
	pm_calendar_free(cal);
}

static void
test_official_explain(void **state)
{
	pm_calendar *cal = cal_of(NULL);
	pm_cal_info in;
	pm_err err;

	(void)state;
	assert_int_equal(pm_calendar_day(cal, 20251001, &in, &err), 0);
	assert_false(in.working);
	assert_int_equal(in.why, PM_CAL_HOLIDAY);
	assert_string_equal(in.name, "国庆节、中秋节");
	assert_int_equal(in.notice, 2025);
	assert_int_equal(in.wday, 3);
	assert_int_equal(pm_calendar_day(cal, 20260214, &in, &err), 0);
	assert_true(in.working);
	assert_string_equal(pm_calendar_why_name(in.why), "workday");
	assert_int_equal(pm_calendar_day(cal, 20260213, &in, &err), 0);
	assert_true(in.working);
	assert_int_equal(in.why, PM_CAL_WEEKDAY);
	assert_string_equal(in.name, "");
	assert_int_equal(pm_calendar_day(cal, 20261128, &in, &err), 0);
	assert_string_equal(pm_calendar_why_name(in.why), "weekend");
	assert_int_equal(pm_calendar_day(cal, 20260230, &in, &err), PM_EX_DATAERR);
	assert_int_equal(pm_calendar_covers(cal, 2007), 1);
	assert_int_equal(pm_calendar_covers(cal, 2026), 1);
	assert_int_equal(pm_calendar_covers(cal, 2006), 0);
	assert_int_equal(pm_calendar_covers(cal, 2027), 0);
	pm_calendar_free(cal);
}

static int
count_row(void *arg, const pm_cal_info *in)
{
	int *n = arg;

	(void)in;
	(*n)++;
	return 0;
}

/* config over the table: a site closed for a typhoon on a swapped
 * working day, a holiday worked */
static void
test_official_precedence(void **state)
{
	pm_calendar *cal = cal_of("calendar:\n"
	    "  holidays: [2026-02-14, 2026-07-15]\n"
	    "  workdays: [2026-10-01]\n");
	pm_cal_info in;
	pm_err err;
	int n = 0;

	(void)state;
	assert_false(pm_calendar_working(cal, at("2026-02-14 10:00")));
	assert_true(pm_calendar_working(cal, at("2026-10-01 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-07-15 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-10-02 10:00")));
	assert_string_equal(due(cal, "2026-02-13 10:00", "1d"), "2026-02-24 10:00");
	assert_int_equal(pm_calendar_day(cal, 20260214, &in, &err), 0);
	assert_int_equal(in.why, PM_CAL_LOCAL_HOLIDAY);
	assert_string_equal(in.name, "春节");   /* the official day under it is named */
	assert_int_equal(pm_calendar_day(cal, 20261001, &in, &err), 0);
	assert_int_equal(in.why, PM_CAL_LOCAL_WORKDAY);
	assert_true(in.working);
	/* 2026: 39 official days, one more local one (7-15) */
	pm_calendar_each(cal, 2026, count_row, &n);
	assert_int_equal(n, 40);
	assert_int_equal(pm_calendar_count(cal, 20260101, 20261231), 248 - 2 + 1);
	pm_calendar_free(cal);

	/* official: false is the weekday rules and the config alone */
	cal = cal_of("calendar:\n  official: false\n");
	assert_true(pm_calendar_working(cal, at("2026-10-01 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-02-14 10:00")));
	assert_int_equal(pm_calendar_covers(cal, 2099), 1);
	assert_string_equal(due(cal, "2026-12-31 10:00", "1d"), "2027-01-01 10:00");
	assert_int_equal(pm_calendar_uncovered(cal), 0);
	n = 0;
	pm_calendar_each(cal, 2026, count_row, &n);
	assert_int_equal(n, 0);
	pm_calendar_free(cal);
	refused("calendar:\n  official: maybe\n",
	    "cal.yaml:2:13: expected true or false, found 'maybe'");
}

/* A year no notice covers: counted by weekday rules, remembered, and
 * warned about once in the command's ctx. */
static void
test_uncovered(void **state)
{
	pm_calendar *cal = cal_of(NULL);
	pm_ctx c;

	(void)state;
	/* inside 2026: nothing reached */
	assert_string_equal(due(cal, "2026-12-30 10:00", "1d"), "2026-12-31 10:00");
	assert_int_equal(pm_calendar_uncovered(cal), 0);
	/* 2027-01-01 is a Friday: by weekday rules, worked */
	assert_string_equal(due(cal, "2026-12-31 10:00", "1d"), "2027-01-01 10:00");
	assert_int_equal(pm_calendar_uncovered(cal), 2027);
	pm_calendar_free(cal);

	assert_int_equal(fx_open(&c, "pm-test", "admin", NULL), 0);
	assert_int_equal(pm_calendar_open(&c, &cal, &c.err), 0);
	assert_string_equal(c.warn, "");
	assert_string_equal(due(cal, "2006-12-29 10:00", "1d"), "2007-01-04 10:00");
	assert_non_null(strstr(c.warn, "2006 is not covered"));
	assert_non_null(strstr(c.warn, "pm-admin calendar import"));
	/* the first warning stays: one per command */
	assert_string_equal(due(cal, "2026-12-31 10:00", "1d"), "2027-01-01 10:00");
	assert_null(strstr(c.warn, "2027"));
	assert_int_equal(pm_calendar_uncovered(cal), 2006);
	pm_calendar_free(cal);
	pm_db_rollback(c.db);
	fx_close(&c);
}

/* ---- notices read and imported -------------------------------------- */

static const char notice_2027[] =
    "{\n"
    "  \"$schema\": \"https://example.org/schema.json\",\n"
    "  \"year\": 2027,\n"
    "  \"papers\": [\"https://www.gov.cn/test\"],\n"
    "  \"days\": [\n"
    "    { \"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true },\n"
    "    { \"name\": \"春节\", \"date\": \"2027-02-06\", \"isOffDay\": false },\n"
    "    { \"name\": \"\\u6625\\u8282\", \"date\": \"2027-02-08\", \"isOffDay\": true },\n"
    "    { \"name\": \"元旦\", \"date\": \"2026-12-31\", \"isOffDay\": true },\n"
    "    { \"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true }\n"
    "  ]\n"
    "}\n";

static void
parse_fails(const char *text, const char *want)
{
	pm_cal_year *y = (pm_cal_year *)1;
	pm_err err;

	pm_err_clear(&err);
	if (pm_calendar_parse("n.json", text, strlen(text), &y, &err) != PM_EX_DATAERR)
		fail_msg("accepted: %s", text);
	assert_null(y);
	assert_string_equal(err.msg, want);
}

static void
test_parse(void **state)
{
	pm_cal_year *y = NULL;
	pm_err err;

	(void)state;
	assert_int_equal(pm_calendar_parse("n.json", notice_2027, strlen(notice_2027), &y, &err),
	    0);
	assert_int_equal(y->year, 2027);
	assert_int_equal(y->npapers, 1);
	assert_string_equal(y->papers[0], "https://www.gov.cn/test");
	/* sorted, the duplicate 01-01 merged, the December before kept */
	assert_int_equal(y->ndays, 4);
	assert_int_equal(y->days[0].date, 20261231);
	assert_int_equal(y->days[1].date, 20270101);
	assert_int_equal(y->days[2].off, 0);
	assert_string_equal(y->days[3].name, "春节");
	assert_int_equal(y->days[3].year, 2027);
	pm_calendar_year_free(y);

	parse_fails("", "n.json:1: expected '{'");
	parse_fails("{\"year\": 2027, \"days\": []}",
	    "n.json:1: no days: the notice for 2027 is not in this file (not published yet?)");
	parse_fails("{\"year\": 2027}",
	    "n.json:1: not a notice: expected {\"year\": ..., \"days\": [...]}");
	parse_fails("{\"year\": 2027, \"days\": [\n{\"name\": \"x\", \"date\": \"2027-02-30\", "
	    "\"isOffDay\": true}]}", "n.json:2: date 2027-02-30: not a date YYYY-MM-DD");
	parse_fails("{\"year\": 2027, \"days\": [\n{\"name\": \"x\", \"date\": \"2027-02-03\", "
	    "\"isOffDay\": true},\n{\"name\": \"x\", \"date\": \"2026-11-30\", "
	    "\"isOffDay\": true}]}", "n.json:3: 2026-11-30 is not in 2027 or the December before");
	parse_fails("{\"year\": 2027, \"days\": [\n{\"name\": \"x\", \"date\": \"2027-02-03\", "
	    "\"isOffDay\": true},\n{\"name\": \"y\", \"date\": \"2027-02-03\", "
	    "\"isOffDay\": false}]}",
	    "n.json:3: 2027-02-03 is listed both as a day off and as a working day");
	parse_fails("{\"year\": 2027, \"days\": [{\"name\": \"x\", \"date\": \"2027-02-03\", "
	    "\"isOffDay\": 1}]}", "n.json:1: isOffDay: expected true or false");
	parse_fails("{\"year\": 2027, \"days\": [{\"date\": \"2027-02-03\", \"isOffDay\": true}]}",
	    "n.json:1: a day needs name, date and isOffDay");
	parse_fails("{\"year\": \"2027\", \"days\": []}", "n.json:1: expected a value");
	parse_fails("{\"year\": 2027, \"days\": [{\"name\": \"\\ud800\", \"date\": \"2027-02-03\", "
	    "\"isOffDay\": true}]}", "n.json:1: unpaired surrogate in a \\u escape");
	parse_fails("{\"year\": 2027, \"days\": []} x", "n.json:1: text after the object");
	parse_fails("[[[[[[[[", "n.json:1: expected '{'");
	parse_fails("{\"a\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
	    "n.json:1: nested too deeply");
}

static void
test_import(void **state)
{
	pm_calendar *cal = NULL;
	pm_cal_result r;
	pm_cal_info in;
	char path[400];
	FILE *fp;
	pm_ctx c;

	(void)state;
	assert_int_equal(fx_open(&c, "pm-test", "admin", NULL), 0);
	snprintf(path, sizeof path, "%s/2027.json", fx_dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(notice_2027, fp);
	fclose(fp);
	assert_int_equal(pm_calendar_import(&c, path, &r, &c.err), 0);
	assert_int_equal(r.year, 2027);
	assert_string_equal(r.action, "new");
	assert_int_equal(r.off, 3);
	assert_int_equal(r.work, 1);
	assert_int_equal(pm_calendar_import(&c, path, &r, &c.err), 0);
	assert_string_equal(r.action, "unchanged");

	assert_int_equal(pm_calendar_open(&c, &cal, &c.err), 0);
	assert_int_equal(pm_calendar_covers(cal, 2027), 1);
	/* the 2027 notice's 2026-12-31 (a Thursday) is off; 2-6 (Saturday) worked */
	assert_false(pm_calendar_working(cal, at("2026-12-31 10:00")));
	assert_string_equal(due(cal, "2026-12-30 10:00", "1d"), "2027-01-04 10:00");
	assert_string_equal(due(cal, "2027-02-05 17:00", "2h"), "2027-02-06 10:00");
	assert_int_equal(pm_calendar_day(cal, 20270208, &in, &c.err), 0);
	assert_true(in.imported);
	assert_string_equal(in.name, "春节");
	assert_string_equal(c.warn, "");
	pm_calendar_free(cal);

	/* replacing a built-in year: 2026 with only New Year's Day */
	assert_non_null(fp = fopen(path, "w"));
	fputs("{\"year\": 2026, \"papers\": [], \"days\": [{\"name\": \"元旦\", "
	    "\"date\": \"2026-01-01\", \"isOffDay\": true}]}", fp);
	fclose(fp);
	assert_int_equal(pm_calendar_import(&c, path, &r, &c.err), 0);
	assert_string_equal(r.action, "replaced");
	assert_int_equal(pm_calendar_open(&c, &cal, &c.err), 0);
	assert_true(pm_calendar_working(cal, at("2026-10-01 10:00")));
	assert_false(pm_calendar_working(cal, at("2026-01-01 10:00")));
	assert_true(pm_calendar_working(cal, at("2025-10-09 10:00")));
	assert_false(pm_calendar_working(cal, at("2025-10-08 10:00")));
	pm_calendar_free(cal);

	snprintf(path, sizeof path, "%s/none.json", fx_dir);
	assert_int_equal(pm_calendar_import(&c, path, &r, &c.err), PM_EX_NOINPUT);
	pm_db_rollback(c.db);
	fx_close(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_hours_across_weekend),
		cmocka_unit_test(test_days),
		cmocka_unit_test(test_clocks),
		cmocka_unit_test(test_holiday_week),
		cmocka_unit_test(test_lunch_break),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_past_2038),
		cmocka_unit_test(test_no_working_time),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_dst),
		cmocka_unit_test(test_zone),
		cmocka_unit_test(test_official_vectors),
		cmocka_unit_test(test_official_explain),
		cmocka_unit_test(test_official_precedence),
		cmocka_unit_test(test_uncovered),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_import),
	};
	pm_err err;

	/* the machine's zone must not matter: only the business zone does */
	setenv("TZ", "UTC", 1);
	if (pm_time_set_zone("Asia/Shanghai", &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
