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

#endif
