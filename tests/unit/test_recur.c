/* test_recur.c — recurrence rules: the syntax and its errors, the dates
 * of every kind of rule (short months, leap years, 2040, 2100), both
 * anchors, moves off the 2026 official holidays (Spring Festival and
 * its swapped Saturdays, National Day), a 2027 local calendar, hourly
 * windows, streaming, gaps.  The process runs with TZ=UTC and the
 * business zone Asia/Shanghai: local times are Beijing time. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "calendar.h"
#include "recur.h"
#include "registry.h"

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

static pm_time
at(const char *s)
{
	pm_time t;
	pm_err err;

	if (pm_time_parse(s, 0, &t, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return t;
}

static pm_recur
rule(const char *s)
{
	pm_recur r;
	pm_err err;

	pm_err_clear(&err);
	if (pm_recur_parse(s, &r, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return r;
}

struct acc {
	char s[4096];
	size_t n;
	int limit;
	const pm_recur *r;
};

/* "key" for each occurrence, ">due" after it when moved; space-separated. */
static int
collect(void *arg, const pm_recur_occ *o)
{
	struct acc *a = arg;
	char k[32], d[32];

	/* the nominal time to the minute where the rule has one (the key
	 * of a date rule is its date alone: test_next) */
	pm_time_format(o->nominal, a->r->freq == PM_RECUR_HOURS || a->r->has_at ?
		PM_TF_MINUTE : PM_TF_DATE, k, sizeof k);
	a->n += (size_t)snprintf(a->s + a->n, sizeof a->s - a->n, "%s%s", a->n ? " " : "", k);
	if (o->at != o->nominal) {
		pm_time_format(o->at, a->r->freq == PM_RECUR_HOURS || a->r->has_at ?
			PM_TF_MINUTE : PM_TF_DATE, d, sizeof d);
		a->n += (size_t)snprintf(a->s + a->n, sizeof a->s - a->n, ">%s", d);
	}
	return a->limit > 0 && --a->limit == 0;
}

static struct acc acc;
static pm_calendar *cal26;

/* The occurrences due in [from, to] of a rule with an anchor. */
static const char *
list(const char *text, pm_recur_mode mode, pm_recur_shift shift, const char *start,
    const char *done, const char *from, const char *to)
{
	pm_recur r = rule(text);
	pm_recur_anchor a;
	pm_err err;

	memset(&a, 0, sizeof a);
	a.mode = mode;
	a.shift = shift;
	a.start = at(start);
	if (done != NULL) {
		a.done = at(done);
		a.has_done = 1;
	}
	memset(&acc, 0, sizeof acc);
	acc.r = &r;
	if (pm_recur_each(&r, &a, cal26, at(from), at(to), collect, &acc, &err) != 0)
		fail_msg("%s: %s", text, err.msg);
	return acc.s;
}

#define CAL(t, from, to) list(t, PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2020-01-01", NULL, from, to)

static void
test_syntax(void **state)
{
	static const char *const same[] = {
		"daily", "daily at 08:30", "weekly mon,thu", "weekly mon-fri", "weekly mon,sat,sun",
		"every 15 days", "every 1 day", "every 2 weeks", "every 1 week", "monthly 31",
		"monthly last", "monthly 2nd tue", "monthly last fri", "monthly 1st mon at 09:00",
		"quarterly 01-15", "quarterly 02-10", "half-yearly 03-01", "yearly 06-30",
		"yearly 02-29", "every 2 hours 08:00-20:00 mon-fri", "every 1 hour",
		"every 3 hours sat,sun", "every 24 hours 00:00-24:00",
	};
	static const struct { const char *in, *out; } canon[] = {
		{ "  daily  ", "daily" },
		{ "weekly   thu,mon", "weekly mon,thu" },
		{ "weekly sat-mon", "weekly mon,sat,sun" },
		{ "weekly mon-wed,fri", "weekly mon-wed,fri" },
		{ "every 14 day", "every 14 days" },
		{ "every 1 days", "every 1 day" },
		{ "quarterly 15", "quarterly 01-15" },
		{ "half-yearly 1", "half-yearly 01-01" },
		{ "every 2 hour mon-sun", "every 2 hours" },
	};
	char buf[PM_RECUR_TEXT_MAX];
	pm_recur r, r2;
	pm_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof same / sizeof same[0]; i++) {
		r = rule(same[i]);
		assert_true(pm_recur_format(&r, buf, sizeof buf) < sizeof buf);
		assert_string_equal(buf, same[i]);
		r2 = rule(buf);
		assert_memory_equal(&r, &r2, sizeof r);
	}
	for (i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		r = rule(canon[i].in);
		pm_recur_format(&r, buf, sizeof buf);
		assert_string_equal(buf, canon[i].out);
	}
	/* a short buffer: truncated like snprintf, the length still whole */
	r = rule("every 2 hours 08:00-20:00 mon-fri");
	assert_int_equal(pm_recur_format(&r, buf, 6), strlen("every 2 hours 08:00-20:00 mon-fri"));
	assert_string_equal(buf, "every");
	(void)err;
}

static void
refused(const char *s, const char *want)
{
	pm_recur r;
	pm_err err;

	pm_err_clear(&err);
	if (pm_recur_parse(s, &r, &err) != PM_EX_DATAERR)
		fail_msg("accepted: %s", s);
	assert_string_equal(err.msg, want);
	assert_non_null(err.field);
	assert_string_equal(err.field, "recurrence");
}

static void
test_errors(void **state)
{
	char big[300];

	(void)state;
	refused("", "recurrence is empty");
	refused("   ", "recurrence is empty");
	refused("hourly", "recurrence at column 1: unknown rule \"hourly\" (daily, weekly, every, "
		"monthly, quarterly, half-yearly, yearly)");
	refused("Daily", "recurrence at column 1: unknown rule \"Daily\" (daily, weekly, every, "
		"monthly, quarterly, half-yearly, yearly)");
	refused("daily 08:00", "recurrence at column 7: expected \"at HH:MM\" or the end, found \"08:00\"");
	refused("daily at", "recurrence at column 9: unexpected end of the rule");
	refused("daily at 24:00", "recurrence at column 10: expected a time of day HH:MM (00:00-23:59), "
		"found \"24:00\"");
	refused("daily at 8:00", "recurrence at column 10: expected a time of day HH:MM (00:00-23:59), "
		"found \"8:00\"");
	refused("daily at 08:00 x", "recurrence at column 16: unexpected \"x\" after the rule");
	refused("weekly", "recurrence at column 7: unexpected end of the rule");
	refused("weekly mon,tues", "recurrence at column 12: expected a weekday (mon tue wed thu fri sat sun)");
	refused("weekly mon,", "recurrence at column 11: a weekday list ends with a comma");
	refused("weekly mon,mon", "recurrence at column 12: a weekday is listed twice");
	refused("weekly mon-fri,wed", "recurrence at column 16: a weekday is listed twice");
	refused("weekly mon-mon", "recurrence at column 12: a range needs two different weekdays");
	refused("weekly mon-wed-fri", "recurrence at column 15: a range has two ends");
	refused("every", "recurrence at column 6: unexpected end of the rule");
	refused("every x days", "recurrence at column 7: expected a number, found \"x\"");
	refused("every -1 days", "recurrence at column 7: expected a number, found \"-1\"");
	refused("every 0 days", "recurrence at column 7: the number of days must be 1..3660");
	refused("every 3661 days", "recurrence at column 7: the number of days must be 1..3660");
	refused("every 999999 days", "recurrence at column 7: expected a number, found \"999999\"");
	refused("every 15", "recurrence at column 9: unexpected end of the rule");
	refused("every 15 months", "recurrence at column 10: expected days, weeks or hours, found \"months\"");
	refused("every 25 hours", "recurrence at column 7: the number of hours must be 1..24");
	refused("every 2 hours 20:00-20:00", "recurrence at column 21: the window must not end where it starts");
	refused("every 2 hours 08:00-24:30", "recurrence at column 21: expected a time of day HH:MM (00:00-24:00)");
	refused("every 2 hours 8-20", "recurrence at column 15: expected a window HH:MM-HH:MM, found \"8-20\"");
	refused("every 2 hours mon-fri 08:00-20:00", "recurrence at column 23: unexpected \"08:00-20:00\" after the rule");
	refused("monthly", "recurrence at column 8: unexpected end of the rule");
	refused("monthly 0", "recurrence at column 9: expected a day 1..31, last, or 1st 2nd 3rd 4th, found \"0\"");
	refused("monthly 32", "recurrence at column 9: expected a day 1..31, last, or 1st 2nd 3rd 4th, found \"32\"");
	refused("monthly 5th fri", "recurrence at column 9: expected a day 1..31, last, or 1st 2nd 3rd 4th, found \"5th\"");
	refused("monthly 2nd", "recurrence at column 12: unexpected end of the rule");
	refused("monthly 2nd day", "recurrence at column 13: expected a weekday (mon tue wed thu fri sat sun), found \"day\"");
	refused("monthly last day", "recurrence at column 14: expected a weekday (mon tue wed thu fri sat sun), found \"day\"");
	refused("quarterly 04-01", "recurrence at column 11: expected a day 1..31 or a date MM-DD with MM 01..03, found \"04-01\"");
	refused("half-yearly 02-30", "recurrence at column 13: expected a day 1..31 or a date MM-DD with MM 01..06, found \"02-30\"");
	refused("yearly 15", "recurrence at column 8: expected a date MM-DD, found \"15\"");
	refused("yearly 13-01", "recurrence at column 8: expected a date MM-DD, found \"13-01\"");
	refused("daily\tat 08:00", "recurrence at column 6: unexpected character (rules are plain lower-case words)");
	refused("每天", "recurrence at column 1: unexpected character (rules are plain lower-case words)");
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	refused(big, "recurrence longer than 200 bytes");
}

static void
test_month_ends(void **state)
{
	(void)state;
	/* the 31st is the month's last day; February in common and leap years */
	assert_string_equal(CAL("monthly 31", "2026-01-01", "2026-06-30"),
		"2026-01-31 2026-02-28 2026-03-31 2026-04-30 2026-05-31 2026-06-30");
	assert_string_equal(CAL("monthly 31", "2028-02-01", "2028-03-01"), "2028-02-29");
	assert_string_equal(CAL("monthly last", "2027-02-01", "2027-04-30"),
		"2027-02-28 2027-03-31 2027-04-30");
	assert_string_equal(CAL("monthly 29", "2027-01-01", "2027-03-31"),
		"2027-01-29 2027-02-28 2027-03-29");
	assert_string_equal(CAL("monthly 30", "2028-02-01", "2028-03-31"), "2028-02-29 2028-03-30");
	assert_string_equal(CAL("yearly 02-29", "2026-01-01", "2029-01-01"),
		"2026-02-28 2027-02-28 2028-02-29");
	/* 2100 is not a leap year; 2040 is */
	assert_string_equal(CAL("monthly 31", "2100-02-01", "2100-03-01"), "2100-02-28");
	assert_string_equal(CAL("monthly 31", "2040-02-01", "2040-03-01"), "2040-02-29");
}

static void
test_rules(void **state)
{
	(void)state;
	assert_string_equal(CAL("daily", "2026-02-27 10:00", "2026-03-02"),
		"2026-02-28 2026-03-01 2026-03-02");
	/* an occurrence is due at 00:00 of its day: 10:00 is past it */
	assert_string_equal(CAL("daily at 10:00", "2026-02-27 10:00", "2026-03-01"),
		"2026-02-27 10:00 2026-02-28 10:00");
	assert_string_equal(CAL("weekly mon,thu", "2026-03-01", "2026-03-15"),
		"2026-03-02 2026-03-05 2026-03-09 2026-03-12");
	assert_string_equal(CAL("monthly 2nd tue", "2026-01-01", "2026-04-30"),
		"2026-01-13 2026-02-10 2026-03-10 2026-04-14");
	assert_string_equal(CAL("monthly last fri", "2026-01-01", "2026-05-31"),
		"2026-01-30 2026-02-27 2026-03-27 2026-04-24 2026-05-29");
	assert_string_equal(CAL("monthly 1st sun", "2026-02-01", "2026-03-31"),
		"2026-02-01 2026-03-01");
	assert_string_equal(CAL("quarterly 15", "2026-01-01", "2026-12-31"),
		"2026-01-15 2026-04-15 2026-07-15 2026-10-15");
	assert_string_equal(CAL("quarterly 03-31", "2026-01-01", "2026-12-31"),
		"2026-03-31 2026-06-30 2026-09-30 2026-12-31");
	assert_string_equal(CAL("half-yearly 03-01", "2026-01-01", "2027-12-31"),
		"2026-03-01 2026-09-01 2027-03-01 2027-09-01");
	assert_string_equal(CAL("yearly 06-30", "2026-07-01", "2028-07-01"), "2027-06-30 2028-06-30");
	/* every N days counts from the start date */
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-01-01",
		NULL, "2026-01-01", "2026-03-01"),
		"2026-01-01 2026-01-16 2026-01-31 2026-02-15");
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-01-01",
		NULL, "2026-01-20", "2026-02-20"), "2026-01-31 2026-02-15");
	assert_string_equal(list("every 2 weeks", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-03-02",
		NULL, "2026-03-01", "2026-03-31"), "2026-03-02 2026-03-16 2026-03-30");
	/* nothing before the start */
	assert_string_equal(list("monthly 15", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-03-16",
		NULL, "2026-01-01", "2026-05-31"), "2026-04-15 2026-05-15");
	assert_string_equal(list("weekly mon", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-03-09 15:00",
		NULL, "2026-03-01", "2026-03-16"), "2026-03-09 2026-03-16");
	/* from after to: none */
	assert_string_equal(CAL("daily", "2026-03-02", "2026-03-01"), "");
}

static void
test_past_2038(void **state)
{
	(void)state;
	/* 2040-01-01 is a Sunday; 2100-03-01 a Monday */
	assert_string_equal(CAL("weekly sun", "2040-01-01", "2040-01-08"), "2040-01-01 2040-01-08");
	assert_string_equal(CAL("weekly mon", "2100-02-27", "2100-03-01"), "2100-03-01");
	assert_string_equal(CAL("monthly last fri", "2100-12-01", "2100-12-31"), "2100-12-31");
	/* every 15 days from 2026-01-01 jumps to 2100 without walking there */
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-01-01",
		NULL, "2100-01-01", "2100-01-20"), "2100-01-03 2100-01-18");
	assert_string_equal(CAL("every 6 hours 00:00-12:00", "2100-12-31", "2101-01-01"),
		"2100-12-31 00:00 2100-12-31 06:00 2101-01-01 00:00");
}

/* The 2026 notice built in: Spring Festival 15-23 Feb off, Saturdays 14
 * and 28 Feb worked; National Day 1-7 Oct off, Sunday 20 Sep and
 * Saturday 10 Oct worked. */
static void
test_shift_2026(void **state)
{
	(void)state;
	/* every 15 days from 1 Feb: Sunday 1 Feb -> Monday 2; 16 Feb -> Tuesday 24 */
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_NEXT, "2026-02-01",
		NULL, "2026-02-01", "2026-03-10"),
		"2026-02-01>2026-02-02 2026-02-16>2026-02-24 2026-03-03");
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_PREVIOUS, "2026-02-01",
		NULL, "2026-01-01", "2026-03-10"),
		"2026-02-01>2026-01-30 2026-02-16>2026-02-14 2026-03-03");
	/* the swapped Saturdays are working days: skip keeps them */
	assert_string_equal(list("daily", PM_RECUR_CALENDAR, PM_SHIFT_SKIP, "2026-01-01", NULL,
		"2026-02-12", "2026-03-01"), "2026-02-12 2026-02-13 2026-02-14 2026-02-24 2026-02-25 "
		"2026-02-26 2026-02-27 2026-02-28");
	/* National Day: Thursday 1 Oct and Monday 5 Oct both land on Thursday 8 */
	assert_string_equal(list("weekly mon,thu", PM_RECUR_CALENDAR, PM_SHIFT_NEXT, "2026-01-01",
		NULL, "2026-09-28", "2026-10-12"),
		"2026-09-28 2026-10-01>2026-10-08 2026-10-05>2026-10-08 2026-10-08 2026-10-12");
	assert_string_equal(list("weekly mon,thu", PM_RECUR_CALENDAR, PM_SHIFT_PREVIOUS, "2026-01-01",
		NULL, "2026-09-28", "2026-10-12"),
		"2026-09-28 2026-10-01>2026-09-30 2026-10-05>2026-09-30 2026-10-08 2026-10-12");
	assert_string_equal(list("weekly mon,thu", PM_RECUR_CALENDAR, PM_SHIFT_SKIP, "2026-01-01",
		NULL, "2026-09-28", "2026-10-12"), "2026-09-28 2026-10-08 2026-10-12");
	/* moved in from outside the range: 1 Oct moved back to 30 Sep is due in
	 * September's range, not in October's */
	assert_string_equal(list("monthly 1", PM_RECUR_CALENDAR, PM_SHIFT_PREVIOUS, "2026-01-01",
		NULL, "2026-09-15", "2026-09-30"), "2026-10-01>2026-09-30");
	assert_string_equal(list("monthly 1", PM_RECUR_CALENDAR, PM_SHIFT_PREVIOUS, "2026-01-01",
		NULL, "2026-10-01", "2026-10-31"), "2026-11-01>2026-10-30");
	/* Sunday 20 Sep is worked: nothing to move */
	assert_string_equal(list("monthly 20", PM_RECUR_CALENDAR, PM_SHIFT_NEXT, "2026-01-01",
		NULL, "2026-09-01", "2026-09-30"), "2026-09-20");
	/* a moved occurrence keeps its time of day */
	assert_string_equal(list("monthly 1 at 09:30", PM_RECUR_CALENDAR, PM_SHIFT_NEXT, "2026-01-01",
		NULL, "2026-10-01", "2026-10-31"), "2026-10-01 09:30>2026-10-08 09:30");
}

/* 2027 is not built in: a local calendar gives its Spring Festival. */
static void
test_local_2027(void **state)
{
	pm_calendar *c = cal_of("calendar:\n"
		"  holidays: [2027-02-05..2027-02-13]\n"
		"  workdays: [2027-01-31, 2027-02-20]\n");
	pm_calendar *save = cal26;

	(void)state;
	cal26 = c;
	assert_string_equal(list("weekly mon", PM_RECUR_CALENDAR, PM_SHIFT_NEXT, "2027-01-01", NULL,
		"2027-02-01", "2027-02-16"), "2027-02-01 2027-02-08>2027-02-15 2027-02-15");
	/* the local working Saturday takes a moved Friday... */
	assert_string_equal(list("weekly fri", PM_RECUR_CALENDAR, PM_SHIFT_PREVIOUS, "2027-01-01",
		NULL, "2027-01-29", "2027-02-13"), "2027-01-29 2027-02-05>2027-02-04 2027-02-12>2027-02-04");
	/* ... and is kept by skip */
	assert_string_equal(list("weekly sat", PM_RECUR_CALENDAR, PM_SHIFT_SKIP, "2027-01-01",
		NULL, "2027-02-01", "2027-02-28"), "2027-02-20");
	cal26 = save;
	pm_calendar_free(c);
}

static void
test_completion(void **state)
{
	(void)state;
	/* a lift every 15 days from 1 March: due 1, 16, 31 March by the calendar */
	assert_string_equal(list("every 15 days", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-03-01",
		"2026-03-13", "2026-03-02", "2026-04-30"), "2026-03-16 2026-03-31 2026-04-15 2026-04-30");
	/* serviced 3 days early (13 March): by completion the next is 28 March */
	assert_string_equal(list("every 15 days", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-03-01",
		"2026-03-13 16:20", "2026-03-02", "2026-04-30"), "2026-03-28 2026-04-12 2026-04-27");
	/* before any completion: the calendar's first, then a period apart */
	assert_string_equal(list("every 15 days", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-03-01",
		NULL, "2026-03-01", "2026-04-01"), "2026-03-01 2026-03-16 2026-03-31");
	assert_string_equal(list("monthly 15", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-03-01",
		NULL, "2026-03-01", "2026-05-31"), "2026-03-15 2026-04-15 2026-05-15");
	assert_string_equal(list("monthly 15", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-03-01",
		"2026-03-12", "2026-03-01", "2026-06-30"), "2026-04-12 2026-05-12 2026-06-12");
	/* a month added to the 31st, clamped each time from the same day */
	assert_string_equal(list("monthly 31", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-01-01",
		"2026-01-31", "2026-01-01", "2026-05-31"), "2026-02-28 2026-03-31 2026-04-30 2026-05-31");
	assert_string_equal(list("yearly 06-30", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-01-01",
		"2026-06-20", "2026-01-01", "2028-12-31"), "2027-06-20 2028-06-20");
	/* a completion far back: the projections jump to the range */
	assert_string_equal(list("every 15 days", PM_RECUR_COMPLETION, PM_SHIFT_NONE, "2026-01-01",
		"2026-01-01", "2100-01-01", "2100-01-20"), "2100-01-03 2100-01-18");
	/* moved off the Spring Festival, but projected from the nominal date */
	assert_string_equal(list("every 15 days", PM_RECUR_COMPLETION, PM_SHIFT_NEXT, "2026-01-01",
		"2026-02-01", "2026-02-01", "2026-03-10"), "2026-02-16>2026-02-24 2026-03-03");
	/* hourly: 2 hours after 19:30 on Friday is outside the window: Monday 08:00 */
	assert_string_equal(list("every 2 hours 08:00-20:00 mon-fri", PM_RECUR_COMPLETION,
		PM_SHIFT_NONE, "2026-12-01", "2026-12-04 19:30", "2026-12-04", "2026-12-07 12:00"),
		"2026-12-07 08:00 2026-12-07 10:00 2026-12-07 12:00");
}

static void
test_hours(void **state)
{
	(void)state;
	assert_string_equal(CAL("every 2 hours 08:00-20:00 mon-fri", "2026-12-04", "2026-12-06 23:59"),
		"2026-12-04 08:00 2026-12-04 10:00 2026-12-04 12:00 2026-12-04 14:00 "
		"2026-12-04 16:00 2026-12-04 18:00");
	assert_string_equal(CAL("every 5 hours", "2026-12-05", "2026-12-06 01:00"),
		"2026-12-05 00:00 2026-12-05 05:00 2026-12-05 10:00 2026-12-05 15:00 "
		"2026-12-05 20:00 2026-12-06 00:00");
	assert_string_equal(CAL("every 3 hours 22:00-24:00 sat", "2026-12-05", "2026-12-12 23:00"),
		"2026-12-05 22:00 2026-12-12 22:00");
	/* slots before the start instant are not due */
	assert_string_equal(list("every 4 hours 08:00-20:00", PM_RECUR_CALENDAR, PM_SHIFT_NONE,
		"2026-12-04 11:00", NULL, "2026-12-04", "2026-12-04 23:00"),
		"2026-12-04 12:00 2026-12-04 16:00");
	/* patrols on working days only: National Day's are skipped */
	assert_string_equal(list("every 6 hours 06:00-18:00", PM_RECUR_CALENDAR, PM_SHIFT_SKIP,
		"2026-01-01", NULL, "2026-09-30 12:00", "2026-10-08 06:00"),
		"2026-09-30 12:00 2026-10-08 06:00");
}

/* A window that crosses midnight: the night belongs to the day it starts
 * on (its weekday), its slots run on into the next day. */
static void
test_hours_night(void **state)
{
	pm_recur r = rule("every 2 hours 20:00-06:00 fri");
	char buf[PM_RECUR_TEXT_MAX];

	(void)state;
	pm_recur_format(&r, buf, sizeof buf);
	assert_string_equal(buf, "every 2 hours 20:00-06:00 fri");
	/* 06:00 is the end, not included */
	assert_string_equal(CAL("every 2 hours 20:00-06:00", "2026-12-01 12:00", "2026-12-02 12:00"),
		"2026-12-01 20:00 2026-12-01 22:00 2026-12-02 00:00 2026-12-02 02:00 "
		"2026-12-02 04:00");
	/* from inside a night: the night of the day before is found */
	assert_string_equal(CAL("every 2 hours 20:00-06:00", "2026-12-02 03:00", "2026-12-02 21:00"),
		"2026-12-02 04:00 2026-12-02 20:00");
	/* Friday's night only: Saturday morning's slots, not Friday morning's */
	assert_string_equal(CAL("every 3 hours 21:00-03:00 fri", "2026-12-04", "2026-12-06"),
		"2026-12-04 21:00 2026-12-05 00:00");
	/* the start instant cuts the first night */
	assert_string_equal(list("every 2 hours 20:00-06:00", PM_RECUR_CALENDAR, PM_SHIFT_NONE,
		"2026-12-02", NULL, "2026-12-01", "2026-12-02 05:00"),
		"2026-12-02 00:00 2026-12-02 02:00 2026-12-02 04:00");
	/* completion: 2 hours after 05:30 is outside: the next night at 20:00 */
	assert_string_equal(list("every 2 hours 20:00-06:00", PM_RECUR_COMPLETION,
		PM_SHIFT_NONE, "2026-12-01", "2026-12-02 05:30", "2026-12-02", "2026-12-02 22:00"),
		"2026-12-02 20:00 2026-12-02 22:00");
	assert_string_equal(list("every 2 hours 20:00-06:00", PM_RECUR_COMPLETION,
		PM_SHIFT_NONE, "2026-12-01", "2026-12-02 01:00", "2026-12-02", "2026-12-02 05:00"),
		"2026-12-02 03:00 2026-12-02 05:00");
}

static void
test_zone(void **state)
{
	pm_recur r = rule("daily at 09:00");
	pm_recur_anchor a;
	char buf[40];
	pm_err err;

	(void)state;
	/* midnight in Shanghai is 16:00 UTC the day before */
	memset(&a, 0, sizeof a);
	a.start = at("2026-03-01");
	r = rule("monthly 15");
	memset(&acc, 0, sizeof acc);
	acc.r = &r;
	assert_int_equal(pm_recur_each(&r, &a, NULL, at("2026-03-01"), at("2026-03-31"), collect,
		&acc, &err), 0);
	{
		pm_recur_occ o;
		assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-03-01"), &o, &err), 0);
		pm_time_format(o.nominal, PM_TF_UTC, buf, sizeof buf);
		assert_string_equal(buf, "2026-03-14T16:00:00Z");
	}
	/* a zone with daylight saving keeps 09:00 local across the change
	 * (New York: 8 March 2026) */
	if (pm_time_set_zone("America/New_York", &err) != 0)
		skip();
	r = rule("daily at 09:00");
	a.start = at("2026-03-01");
	memset(&acc, 0, sizeof acc);
	acc.r = &r;
	assert_int_equal(pm_recur_each(&r, &a, NULL, at("2026-03-07"), at("2026-03-09 23:00"),
		collect, &acc, &err), 0);
	assert_string_equal(acc.s, "2026-03-07 09:00 2026-03-08 09:00 2026-03-09 09:00");
	assert_string_equal(list("every 1 day", PM_RECUR_CALENDAR, PM_SHIFT_NONE, "2026-03-01", NULL,
		"2026-03-07", "2026-03-10"), "2026-03-07 2026-03-08 2026-03-09 2026-03-10");
	/* 02:00 does not exist on 8 March: the gap moves it forward an hour */
	r = rule("every 1 hour 01:00-04:00");
	memset(&acc, 0, sizeof acc);
	acc.r = &r;
	assert_int_equal(pm_recur_each(&r, &a, NULL, at("2026-03-08"), at("2026-03-08 12:00"),
		collect, &acc, &err), 0);
	assert_string_equal(acc.s, "2026-03-08 01:00 2026-03-08 03:00 2026-03-08 03:00");
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", &err), 0);
}

static void
test_stream_next(void **state)
{
	pm_recur r = rule("daily");
	pm_recur_anchor a;
	pm_recur_occ o;
	pm_err err;
	char k[32];

	(void)state;
	memset(&a, 0, sizeof a);
	a.start = at("2026-01-01");
	/* fn stops the walk: three of a year */
	memset(&acc, 0, sizeof acc);
	acc.r = &r;
	acc.limit = 3;
	assert_int_equal(pm_recur_each(&r, &a, NULL, at("2026-01-01"), at("2026-12-31"), collect,
		&acc, &err), 0);
	assert_string_equal(acc.s, "2026-01-01 2026-01-02 2026-01-03");
	/* next after: strictly after */
	r = rule("yearly 06-30");
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-06-30"), &o, &err), 0);
	pm_recur_key(&r, &o, k, sizeof k);
	assert_string_equal(k, "2027-06-30");
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-06-29 23:59"), &o, &err), 0);
	pm_recur_key(&r, &o, k, sizeof k);
	assert_string_equal(k, "2026-06-30");
	a.shift = PM_SHIFT_NEXT;
	r = rule("monthly 1");
	assert_int_equal(pm_recur_next(&r, &a, cal26, at("2026-09-15"), &o, &err), 0);
	pm_recur_key(&r, &o, k, sizeof k);
	assert_string_equal(k, "2026-10-01");
	pm_time_format(o.at, PM_TF_DATE, k, sizeof k);
	assert_string_equal(k, "2026-10-08");
	/* a date rule's key is its date, with or without a time of day;
	 * an hourly rule's has the time */
	r = rule("daily at 09:30");
	a.shift = PM_SHIFT_NONE;
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-09-15"), &o, &err), 0);
	pm_recur_key(&r, &o, k, sizeof k);
	assert_string_equal(k, "2026-09-15");
	r = rule("every 2 hours 08:00-12:00");
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-09-15 08:00"), &o, &err), 0);
	pm_recur_key(&r, &o, k, sizeof k);
	assert_string_equal(k, "2026-09-15 10:00");
	a.shift = PM_SHIFT_NEXT;
	r = rule("monthly 1");
	/* moving needs a calendar */
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-09-15"), &o, &err), PM_EX_SOFTWARE);
	/* anchors a rule cannot have */
	a.shift = PM_SHIFT_NONE;
	a.mode = PM_RECUR_COMPLETION;
	r = rule("weekly mon,thu");
	assert_int_equal(pm_recur_next(&r, &a, NULL, at("2026-09-15"), &o, &err), PM_EX_DATAERR);
	assert_string_equal(err.field, "anchor");
	r = rule("monthly 2nd tue");
	assert_int_equal(pm_recur_anchor_check(&r, PM_RECUR_COMPLETION, PM_SHIFT_NONE, &err), PM_EX_DATAERR);
	assert_int_equal(pm_recur_anchor_check(&r, PM_RECUR_CALENDAR, PM_SHIFT_NEXT, &err), 0);
	r = rule("weekly thu");
	assert_int_equal(pm_recur_anchor_check(&r, PM_RECUR_COMPLETION, PM_SHIFT_PREVIOUS, &err), 0);
	r = rule("every 2 hours");
	assert_int_equal(pm_recur_anchor_check(&r, PM_RECUR_CALENDAR, PM_SHIFT_NEXT, &err),
		PM_EX_DATAERR);
	assert_string_equal(err.field, "shift");
	assert_int_equal(pm_recur_anchor_check(&r, PM_RECUR_COMPLETION, PM_SHIFT_SKIP, &err), 0);
}

/* Is the longest gap of a rule over 2026-2027 beyond max? */
static int
gap(const char *text, pm_recur_shift shift, const char *max, int64_t *days)
{
	pm_recur r = rule(text);
	pm_recur_anchor a;
	pm_recur_gap g;
	pm_span s;
	pm_err err;

	memset(&a, 0, sizeof a);
	a.shift = shift;
	a.start = at("2026-01-01");
	if (pm_span_parse(max, &s, &err) != 0)
		fail_msg("%s", err.msg);
	if (pm_recur_gaps(&r, &a, cal26, at("2026-01-01"), at("2027-12-31"), s, &g, &err) != 0)
		fail_msg("%s: %s", text, err.msg);
	*days = (g.seconds + 43200) / 86400;
	return g.breach;
}

static void
test_gaps(void **state)
{
	int64_t d;

	(void)state;
	assert_true(gap("every 30 days", PM_SHIFT_NONE, "15d", &d));
	assert_int_equal(d, 30);
	assert_false(gap("every 15 days", PM_SHIFT_NONE, "15d", &d));
	assert_int_equal(d, 15);
	/* the Spring Festival stretches a 15-day gap to 22 days when moved */
	assert_true(gap("every 15 days", PM_SHIFT_NEXT, "15d", &d));
	assert_int_equal(d, 22);
	assert_false(gap("monthly 31", PM_SHIFT_NONE, "1mo", &d));
	assert_int_equal(d, 31);
	assert_true(gap("monthly 2nd tue", PM_SHIFT_NONE, "1mo", &d));
	assert_int_equal(d, 35);
	assert_false(gap("half-yearly 01-01", PM_SHIFT_NONE, "6mo", &d));
	assert_true(gap("yearly 06-30", PM_SHIFT_NONE, "6mo", &d));
	assert_false(gap("yearly 06-30", PM_SHIFT_NONE, "1y", &d));
	assert_int_equal(d, 365);
	assert_false(gap("quarterly 03-31", PM_SHIFT_NONE, "3mo", &d));
	assert_false(gap("every 2 hours 08:00-20:00", PM_SHIFT_NONE, "14h", &d));
	assert_true(gap("every 2 hours 08:00-20:00", PM_SHIFT_NONE, "13h", &d));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_month_ends),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_past_2038),
		cmocka_unit_test(test_shift_2026),
		cmocka_unit_test(test_local_2027),
		cmocka_unit_test(test_completion),
		cmocka_unit_test(test_hours),
		cmocka_unit_test(test_hours_night),
		cmocka_unit_test(test_stream_next),
		cmocka_unit_test(test_gaps),
		cmocka_unit_test(test_zone),
	};
	pm_err err;
	int rc;

	setenv("TZ", "UTC", 1);
	if (pm_time_set_zone("Asia/Shanghai", &err) != 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (pm_registry_init() != 0)
		return 1;
	cal26 = cal_of(NULL);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	pm_calendar_free(cal26);
	return rc;
}
