/*
 * recur.h — recurrence rules: when something falls due, again and again.
 *
 * Schedules of every kind say "every so often".  A rule (pm_recur) says on which dates or times;
 * an anchor (pm_recur_anchor) says where the series starts, whether it
 * follows the calendar or the last completion, and whether occurrences
 * move off non-working days (calendar.h).  Everything is computed in
 * the business time zone (pmtime.h) on 64-bit instants, so 2040 and
 * 2100 are ordinary dates and a zone with daylight saving keeps local
 * times of day (09:00 stays 09:00 across a change).
 *
 * The text syntax (what every file with a schedule writes; one
 * rule, lower case, words separated by spaces):
 *
 *	daily [at HH:MM]
 *	weekly DAYS [at HH:MM]               weekly mon,thu   weekly mon-fri
 *	every N days [at HH:MM]              every 15 days    (N 1..3660; "day" too)
 *	every N weeks [at HH:MM]             every 2 weeks = every 14 days
 *	monthly D [at HH:MM]                 monthly 31       (D 1..31)
 *	monthly last [at HH:MM]              the month's last day
 *	monthly ORD WDAY [at HH:MM]          monthly 2nd tue  monthly last fri
 *	                                     (ORD 1st 2nd 3rd 4th last)
 *	quarterly D | MM-DD [at HH:MM]       quarterly 15     quarterly 02-10 (MM 01..03)
 *	half-yearly D | MM-DD [at HH:MM]     half-yearly 03-01 (MM 01..06)
 *	yearly MM-DD [at HH:MM]              yearly 06-30
 *	every N hours [HH:MM-HH:MM] [DAYS]   every 2 hours 08:00-20:00 mon-fri
 *	                                     (N 1..24; "hour" too)
 *
 * DAYS is a comma-separated list of weekdays (mon tue wed thu fri sat
 * sun) or ranges of them (mon-fri; sat-mon wraps over the week's end).
 *
 * Month days that do not exist.  A day past the end of a month means the
 * month's last day: "monthly 31" falls on 30 April and on 28 February
 * (29 in a leap year); "monthly 29" on 28 February in a common year;
 * "yearly 02-29" on 28 February in common years.  Never skipped, never
 * moved into the next month: a monthly job happens every month.
 *
 * Quarters and half-years are the calendar's: "quarterly MM-DD" falls on
 * that day of month MM, MM+3, MM+6 and MM+9 (quarterly 02-10: 10 Feb,
 * May, Aug, Nov), "quarterly D" is "quarterly 01-D"; "half-yearly 03-01"
 * on 1 March and 1 September.
 *
 * Hours.  "every N hours" falls at the window's start and every N hours
 * after it while before the window's end (the end is not included, as
 * in the working calendar: 08:00-20:00 every 2 hours is 08:00, 10:00,
 * ..., 18:00), on the days listed (every day when none); no window is
 * 00:00-24:00.  A window whose end is before its start crosses midnight
 * (a night patrol, 20:00-06:00 every 2 hours: 20:00, 22:00, 00:00,
 * 02:00, 04:00): it belongs to the day it starts on — that day is the
 * one listed (20:00-06:00 fri is Friday night into Saturday morning) and
 * the one skip judges — and its slots after midnight fall on the next
 * day, keyed by their own date and time.  Date rules fall at the time given by "at" (00:00 when
 * none).
 *
 * Anchors.
 *   - calendar: occurrences are the rule's dates on or after the start
 *     date (hourly rules: the slots at or after the start instant).
 *     "every N days" counts from the start date itself (start, start +
 *     N, ...).  Completions do not matter.
 *   - completion: the first occurrence is the first of the calendar
 *     series (as above); after a completion the next one is one period
 *     after the completion, and the ones after it are projected one
 *     period apart (as if each were done on time).  The period: daily 1
 *     day, weekly (one weekday only) and every N weeks 7N days, every N
 *     days N days, monthly 1 month, quarterly 3, half-yearly 6, yearly
 *     12 months (added to the completion's date, its day clamped to the
 *     month's length, at the rule's time of day), every N hours N hours
 *     (then moved forward into the next window on a listed day, if it
 *     falls outside).  So a lift every 15 days serviced 3 days early is
 *     next due 15 days after that service.  "monthly 2nd tue" and weekly
 *     rules on several days have no single period and are refused
 *     (pm_recur_anchor_check).
 *
 * Non-working days (pm_recur_shift), by the working calendar (a day is
 * working when it has working time): none leaves every occurrence where
 * the rule puts it; next / previous moves one on a non-working day to
 * the next / previous working day, keeping its time of day; skip drops
 * it.  Moving can put two occurrences on one day (a daily rule with next
 * makes the National Day week's occurrences all fall on 8 October):
 * they stay two occurrences.  Use skip for rules that must not pile up.
 * Hourly rules take none or skip only.
 *
 * Identity.  An occurrence is identified by its rule and its nominal
 * time: where the rule puts it before any move (pm_recur_occ.nominal,
 * and the text key pm_recur_key).  A calendar imported later can move
 * its due time (at), never its identity, so a generator that stores
 * (item, key) UNIQUE creates each occurrence once however often it runs.
 * In completion mode the next occurrence depends on the last completion:
 * a generator should create only the one after the last completion
 * (pm_recur_next with that anchor) and wait for it to be done, since
 * the later ones are projections that a completion moves.
 *
 * No function here allocates per occurrence: enumeration streams through
 * a callback.
 */
#ifndef PM_RECUR_H
#define PM_RECUR_H

#include <stddef.h>
#include <stdint.h>
#include "calendar.h"
#include "err.h"
#include "pmtime.h"

typedef enum pm_recur_freq {
	PM_RECUR_DAILY = 0,
	PM_RECUR_WEEKLY,        /* on the weekdays in wdays */
	PM_RECUR_DAYS,          /* every n days (every N weeks: n = 7N, weeks set) */
	PM_RECUR_MONTHS,        /* every step months from month m0, on mday or nth wday */
	PM_RECUR_HOURS          /* every n hours in [win_start, win_end) on wdays */
} pm_recur_freq;

/* A parsed rule; plain data (copy it freely). */
typedef struct pm_recur {
	pm_recur_freq freq;
	int n;                  /* DAYS: days; HOURS: hours */
	int weeks;              /* DAYS written as "every N weeks" (for formatting) */
	unsigned wdays;         /* WEEKLY, HOURS: bit w for weekday w (0 = Sunday) */
	int step;               /* MONTHS: 1 monthly, 3 quarterly, 6 half-yearly, 12 yearly */
	int m0;                 /* MONTHS: the first month of the cycle, 1..step */
	int mday;               /* MONTHS: day 1..31, or 0 for the last day */
	int nth;                /* MONTHS (monthly only): 1..4, -1 last; 0 when by mday */
	int wday;               /* with nth: 0 = Sunday .. 6 */
	int minute;             /* date rules: time of day in minutes (at HH:MM) */
	int has_at;             /* "at" was written */
	int win_start, win_end; /* HOURS: minutes 0..1440, start < end */
	int has_win;            /* a window was written */
} pm_recur;

/* The longest rule text pm_recur_format writes, with its NUL. */
#define PM_RECUR_TEXT_MAX 64

/*
 * Parse rule text.  Strict: exactly the syntax above, one space or more
 * between words, nothing else.  Errors are PM_EX_DATAERR, "recurrence
 * at column C: why" (C 1-based, in bytes), with field "recurrence".
 */
int pm_recur_parse(const char *s, pm_recur *out, pm_err *err);

/* The canonical text of a rule (what parses back to the same rule):
 * single spaces, weekday ranges as written by the rule's bits (mon-fri).
 * Returns the length (like snprintf); PM_RECUR_TEXT_MAX always suffices. */
size_t pm_recur_format(const pm_recur *r, char *buf, size_t n);

typedef enum pm_recur_mode {
	PM_RECUR_CALENDAR = 0,
	PM_RECUR_COMPLETION
} pm_recur_mode;

typedef enum pm_recur_shift {
	PM_SHIFT_NONE = 0,
	PM_SHIFT_NEXT,
	PM_SHIFT_PREVIOUS,
	PM_SHIFT_SKIP
} pm_recur_shift;

/* "calendar|completion" and "none|next|previous|skip": the words of the
 * two enums in order, for readers (pm_yaml_enum) and writers. */
#define PM_RECUR_MODES "calendar|completion"
#define PM_RECUR_SHIFTS "none|next|previous|skip"
const char *pm_recur_mode_name(pm_recur_mode m);
const char *pm_recur_shift_name(pm_recur_shift s);

typedef struct pm_recur_anchor {
	pm_recur_mode mode;
	pm_recur_shift shift;
	pm_time start;          /* where the series starts (its local date for
	                         * date rules, the instant for hourly ones) */
	pm_time done;           /* completion mode: the last completion ... */
	int has_done;           /* ... when there was one */
} pm_recur_anchor;

/* Can rule r be anchored and moved this way?  0, or PM_EX_DATAERR:
 * field "anchor" for completion mode with no single period, field
 * "shift" for an hourly rule moved next or previous (its slots would
 * land among the next day's: hourly rules take none or skip). */
int pm_recur_anchor_check(const pm_recur *r, pm_recur_mode mode, pm_recur_shift shift,
	pm_err *err);

/* One occurrence. */
typedef struct pm_recur_occ {
	pm_time nominal;        /* where the rule puts it: its identity */
	pm_time at;             /* when it is due: nominal moved off a non-working
	                         * day by the anchor's shift (== nominal otherwise) */
	int64_t seq;            /* 0, 1, 2 ... within one enumeration (not an identity) */
} pm_recur_occ;

/*
 * The occurrence key: the nominal time as local text — its date
 * "2026-03-15" for every date rule (with or without "at": a date rule
 * puts at most one nominal time on a date, so the date is the identity,
 * and a plan that moves "at 08:00" to "at 09:00" keeps its keys), the
 * date and time "2026-03-15 08:00" for hourly rules.  Keys of one rule
 * sort as their nominal times do (plain byte order), so the greatest
 * key generated is a generator's watermark.  Stable across calendar
 * imports; a generator stores it UNIQUE with the record the rule
 * belongs to.
 * Returns the length; 24 bytes always suffice.
 */
size_t pm_recur_key(const pm_recur *r, const pm_recur_occ *o, char *buf, size_t n);

/*
 * Call fn for every occurrence whose due time (at) lies in [from, to],
 * in order of nominal time (due times are then in order too, ties
 * possible).  fn returns nonzero to stop: pm_recur_each then returns 0.
 * cal is needed when a.shift is not none (else it may be NULL); moving
 * looks at most 3660 days for a working day, beyond that PM_EX_CONFIG
 * ("no working day within 10 years").  from > to is no occurrences.
 * A bad anchor for r (pm_recur_anchor_check) is PM_EX_DATAERR.
 * Work is proportional to the rule's dates in the range (every N days
 * jumps straight to from), not to the distance from the start.
 */
typedef int (*pm_recur_fn)(void *arg, const pm_recur_occ *occ);
int pm_recur_each(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
	pm_time from, pm_time to, pm_recur_fn fn, void *arg, pm_err *err);

/*
 * The first occurrence due strictly after `after`.  Returns 0 with *out
 * set, PM_EX_NOTFOUND when none is due within 11 years after it (only
 * skip on a calendar without working days can do that), or an error as
 * pm_recur_each.
 */
int pm_recur_next(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
	pm_time after, pm_recur_occ *out, pm_err *err);

/*
 * The longest gap: the consecutive occurrences a, b due in [from, to]
 * with the largest b.at - a.at (the first such pair), and whether any
 * pair is further apart than max.  A maximum's months count as the
 * longest that many calendar months can be (1mo 31 days, 3mo 92, 6mo
 * 184, 1y 366; "monthly 31" never breaks 1mo, "monthly 2nd tue", up to
 * 35 days apart, does), its days as local calendar days (a
 * daylight-saving change neither breaks nor hides one), its hours and
 * less as exact seconds.  The due times are used, so a move off a
 * holiday that stretches a gap counts.  To check a legal maximum, look
 * at least two periods of the rule plus the longest holiday ahead (two
 * years is plenty for every rule).
 */
typedef struct pm_recur_gap {
	int64_t count;          /* occurrences seen */
	int breach;             /* some pair is further apart than max */
	pm_recur_occ a, b;      /* the pair with the longest gap (count >= 2) */
	int64_t seconds;        /* b.at - a.at, 0 with fewer than 2 */
	pm_recur_occ ba, bb;    /* the first breaching pair (breach) */
} pm_recur_gap;

int pm_recur_gaps(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
	pm_time from, pm_time to, pm_span max, pm_recur_gap *out, pm_err *err);

#endif
