/*
 * pmtime.h — instants, calendar dates in the business time zone, spans.
 * (The time module; named pmtime so it never shadows <time.h>.)
 *
 * An instant (pm_time) is seconds since 1970-01-01T00:00:00Z in 64 bits,
 * so dates past 2038 are ordinary.  Instants are stored in UTC; calendar
 * questions (what day is it, when does the month start) are answered in
 * the business time zone, which is set once per process from config
 * (default Asia/Shanghai) whatever TZ the process was started with.
 *
 * (Included as "time.h" from lib/; the build uses -iquote so <time.h>
 * still names the C library's header.)
 */
#ifndef PM_TIME_H
#define PM_TIME_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

typedef int64_t pm_time;

#define PM_TIME_ZONE_DEFAULT "Asia/Shanghai"

/*
 * Set the business time zone: an IANA name ("Asia/Shanghai", "UTC") or
 * a fixed offset ("+08:00").  A name is checked against the zoneinfo
 * database ($TZDIR or /usr/share/zoneinfo); when that database is
 * missing, the zones without daylight saving that matter here
 * (Asia/Shanghai, Asia/Chongqing, Asia/Hong_Kong, Asia/Macau,
 * Asia/Taipei, UTC) still work as fixed offsets.  Unknown names:
 * PM_EX_CONFIG.  NULL means the default.  This sets the process
 * environment variable TZ (and restores it if something else changes it).
 */
int pm_time_set_zone(const char *name, pm_err *err);
/* The same check as pm_time_set_zone, without changing anything. */
int pm_time_zone_check(const char *name, pm_err *err);
const char *pm_time_zone(void);

/*
 * The current instant: PM_NOW when set (any form pm_time_parse accepts,
 * relative forms counted from the real clock), else the real clock.
 * A malformed PM_NOW is PM_EX_USAGE; an empty one counts as unset.
 */
int pm_time_now(pm_time *now, pm_err *err);

/*
 * Parse a date/time given by a user, relative to `now`:
 *   2026-11-30                   start of that day, business zone
 *   2026-11-30 14:05             business zone (also 2026-11-30T14:05)
 *   2026-11-30 14:05:30
 *   2026-11-30T14:05:00+08:00    explicit offset (also Z, +0800)
 *   now today yesterday tomorrow (today etc. = start of that day)
 *   +30min -6h +3d -2w +1mo +1y  offsets from now (units as pm_span_parse)
 *   @1764482700                  seconds since the epoch
 * Refused (PM_EX_DATAERR, message names the input): impossible dates
 * (2023-02-29, 2024-13-01, 2024-00-10), hours > 23, trailing junk, and
 * any instant whose business-zone date is outside 0001..9999.
 */
int pm_time_parse(const char *s, pm_time now, pm_time *out, pm_err *err);

/*
 * A calendar month: "2026-11", or "this", "last", "next" (relative to
 * now in the business zone).  year 1..9999, month 1..12.
 */
typedef struct pm_month {
	int year;
	int month;
} pm_month;

int pm_month_parse(const char *s, pm_time now, pm_month *out, pm_err *err);
/* First instant of the month and first instant of the following month. */
pm_time pm_month_start(pm_month m);
pm_time pm_month_end(pm_month m);
pm_month pm_month_of(pm_time t);
pm_month pm_month_add(pm_month m, int months);
/* to - from, in months: 2025-11 -> 2026-02 is 3. */
int64_t pm_month_diff(pm_month from, pm_month to);
int pm_month_days(pm_month m);          /* 28..31 */

/*
 * A span: a calendar part (months, so +1mo from Jan 31 is Feb 28/29)
 * plus an exact part in seconds.  "+30min", "-6h", "3d", "2w", "1mo",
 * "1y", "90s", and combinations without spaces ("1h30min").  The sign
 * is optional.  Units: s, min, h, d, w, mo, y.  A number without unit,
 * an unknown unit ("3x") or overflow is PM_EX_DATAERR.
 */
typedef struct pm_span {
	int64_t seconds;
	int32_t months;
} pm_span;

int pm_span_parse(const char *s, pm_span *out, pm_err *err);
/* t + span: months are added on the business-zone calendar (day clamped
 * to the month's length, local time of day kept), then seconds. */
pm_time pm_time_add(pm_time t, pm_span span);

/* Broken-down time in the business zone. */
typedef struct pm_tm {
	int year, month, day;           /* 2026, 1..12, 1..31 */
	int hour, min, sec;
	int wday;                       /* 0 = Sunday .. 6 */
	int yday;                       /* 0..365 */
	int utcoff;                     /* seconds east of UTC */
} pm_tm;

void pm_time_local(pm_time t, pm_tm *out);
/* Local calendar fields -> instant (fields normalised: day 32 rolls over).
 * In a DST gap the later offset is used: the time moves forward by the
 * gap (02:30 on a New York spring-forward day is 03:30 EDT).  In an
 * overlap the earlier offset: the first of the two instants. */
pm_time pm_time_from_local(int year, int month, int day, int hour, int min, int sec);
pm_time pm_time_day_start(pm_time t);   /* 00:00 of t's local day */
int pm_date_valid(int year, int month, int day);
int pm_days_in_month(int year, int month);

/* Formats for pm_time_format. */
typedef enum pm_tfmt {
	PM_TF_ISO = 0,   /* 2026-11-30T14:05:00+08:00 (json, tsv, csv); a
	                  * local-mean-time offset keeps its seconds
	                  * (+08:05:43) so it reads back exactly */
	PM_TF_MINUTE,    /* 2026-11-30 14:05 (tables) */
	PM_TF_DATE,      /* 2026-11-30 */
	PM_TF_MONTH,     /* 2026-11 */
	PM_TF_UTC        /* 2026-11-30T06:05:00Z */
} pm_tfmt;

/* Returns the length written (like snprintf); 40 bytes always suffice. */
size_t pm_time_format(pm_time t, pm_tfmt f, char *buf, size_t n);
size_t pm_month_format(pm_month m, char *buf, size_t n);

/*
 * Civil dates: a day on the calendar, with no time of day and no zone —
 * what a due date, a first or last day of a range, or a delivery is.
 * Valid dates are 0001-01-01..9999-12-31 (pm_date_valid).  A day number
 * counts days from 1970-01-01 (day 0, earlier dates negative), so the
 * days between two dates are a subtraction and "the day after" is + 1.
 */
typedef struct pm_date {
	int year, month, day;
} pm_date;

#define PM_DATE_DAYS_MIN INT64_C(-719162)   /* 0001-01-01 */
#define PM_DATE_DAYS_MAX INT64_C(2932896)   /* 9999-12-31 */

/* The day number of a date; fields outside their range are normalised
 * (month 13 is January of the next year, day 0 the last of the month
 * before), so only a valid date round-trips. */
int64_t pm_date_days(pm_date d);
/* The date of a day number: 0, or -1 outside 0001-01-01..9999-12-31
 * (*out untouched). */
int pm_date_from_days(int64_t days, pm_date *out);
/* to - from, in days: 2024-02-28 -> 2024-03-01 is 2. */
int64_t pm_date_diff(pm_date from, pm_date to);
/* <0, 0, >0 as a is before, the same day as, or after b. */
int pm_date_cmp(pm_date a, pm_date b);
/* d + n days; -1 (and *out untouched) when the result leaves 0001..9999. */
int pm_date_add_days(pm_date d, int64_t n, pm_date *out);
/*
 * d + n months (n < 0 goes back), the day kept where the target month
 * has it, else the last day of that month: 2024-01-31 + 1 month is
 * 2024-02-29, 2024-02-29 + 12 months is 2025-02-28.  pm_date_add_years
 * adds 12 * n months.  -1 when d is not a valid date or the result
 * leaves 0001..9999.
 */
int pm_date_add_months(pm_date d, int n, pm_date *out);
int pm_date_add_years(pm_date d, int n, pm_date *out);
/*
 * Exactly YYYY-MM-DD (nothing before or after, no time of day).  A
 * malformed or impossible date (2023-02-29) is PM_EX_DATAERR naming
 * the input.  For "today", "+3d" and times, parse with pm_time_parse
 * and take pm_date_of.
 */
int pm_date_parse(const char *s, pm_date *out, pm_err *err);
/* YYYY-MM-DD; returns the length the full string has (like snprintf);
 * 16 bytes always suffice for a valid date. */
size_t pm_date_format(pm_date d, char *buf, size_t n);
/* The business-zone date of an instant, and the first instant of a
 * date in the business zone. */
pm_date pm_date_of(pm_time t);
pm_time pm_date_start(pm_date d);
/* The instant of a local time of day on a date, in minutes after
 * midnight (540 is 09:00; 1440 the next day's start), with
 * pm_time_from_local's rules for daylight-saving gaps and overlaps. */
pm_time pm_date_at(pm_date d, int minute);
/* The weekday of a date: 0 = Sunday .. 6 (any zone: a date has none). */
int pm_date_wday(pm_date d);

#endif
