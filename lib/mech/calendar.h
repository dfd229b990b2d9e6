/*
 * calendar.h — working time, and due times counted in it.
 *
 * Time limits (a request answered within 1 working day, an urgent
 * repair on site within 30 minutes) are counted either in calendar time
 * or in business time: the working hours of each weekday, minus public
 * holidays, plus the swapped working days (调休) China moves weekends to.
 * The calendar comes from the config file's `calendar:` key:
 *
 *	calendar:
 *	  hours: "09:00-12:00,13:30-18:00"   # every working day (default 09:00-18:00)
 *	  saturday: ""                        # per-weekday override; "" = not working
 *	  sunday: ""                          # (default: saturday and sunday off)
 *	  holidays: [2026-10-01, 2026-10-02, 2026-10-03..2026-10-07]
 *	  workdays: [2026-09-27, 2026-10-10]  # weekend days that are worked
 *
 * hours and the weekday keys (monday .. sunday) are comma-separated
 * HH:MM-HH:MM ranges, in order, not overlapping, within 00:00-24:00
 * (24:00 only as an end); "" makes a weekday a day off.  Monday to
 * Friday default to `hours`, Saturday and Sunday to "".  holidays and
 * workdays are dates YYYY-MM-DD or inclusive ranges
 * YYYY-MM-DD..YYYY-MM-DD of at most 366 days.  A holiday has no working
 * time whatever its weekday; a workday is worked with `hours` whatever
 * its weekday.  A date in both lists is an error, and so is a calendar
 * where every weekday is "" and no workday is listed.
 *
 * All in the business time zone (time.h), converted day by day, so a
 * daylight-saving change inside working hours lengthens or shortens
 * that day's working time by the change.  Errors in the config are
 * PM_EX_CONFIG with file:line:col.
 */
#ifndef PM_CALENDAR_H
#define PM_CALENDAR_H

#include <stdint.h>
#include "config.h"
#include "pmtime.h"

typedef struct pm_calendar pm_calendar;

/* The calendar of the configuration (defaults when `calendar:` is unset). */
int pm_calendar_load(const pm_config *cfg, pm_calendar **out, pm_err *err);
void pm_calendar_free(pm_calendar *cal);

/* Is t inside working time?  Ranges include their start, not their end
 * (with hours 09:00-18:00, 09:00 is working time and 18:00 is not). */
int pm_calendar_working(const pm_calendar *cal, pm_time t);

/*
 * The instant `seconds` of working time after start (start itself may be
 * outside working time: counting begins at the next working moment).
 * A count that uses up a range ends at the range's end (Friday 17:00 +
 * 1h is Friday 18:00), and seconds == 0 gives the next working moment
 * (start itself when it is working time).  seconds < 0 is
 * PM_EX_DATAERR.  Looks at most 10 years (3660 days) ahead; beyond that
 * (a calendar with no working time left, or a count longer than 10
 * years of it) returns PM_EX_CONFIG.
 * Always pm_calendar_between(cal, start, *due) == seconds.
 */
int pm_calendar_add(const pm_calendar *cal, pm_time start, int64_t seconds, pm_time *due,
	pm_err *err);

/* Working seconds between a and b (0 when b <= a). */
int64_t pm_calendar_between(const pm_calendar *cal, pm_time a, pm_time b);

/* How a limit is counted. */
typedef enum pm_clock {
	PM_CLOCK_CALENDAR = 0,
	PM_CLOCK_BUSINESS
} pm_clock;

/*
 * start + span in the given clock.
 *
 * Calendar clock: pm_time_add(start, span).
 *
 * Business clock: span.seconds is split into whole days n (seconds /
 * 86400; "1w" is 7 days) and a rest r (< 1 day).
 *   - n == 0: pm_calendar_add(start, r): "2h" is two working hours.
 *   - n > 0: start is first moved to the next working moment (a
 *     request received Saturday 10:00 counts as received Monday
 *     09:00).  The due time is that local time of day on the n-th
 *     working day after that moment's date (a working day is one with
 *     any working time); if it is not working time there (shorter
 *     hours, a lunch break) it moves to the next working moment; then
 *     r working seconds are added as by pm_calendar_add.  So with the
 *     default hours: Friday 17:00 + 1d = Monday 17:00, Saturday 10:00 +
 *     1d = Tuesday 09:00, Friday 17:00 + 1d2h = Tuesday 10:00.
 * Months or years (span.months != 0) and negative spans are
 * PM_EX_DATAERR; a due time beyond the 10-year look-ahead PM_EX_CONFIG.
 */
int pm_calendar_due(const pm_calendar *cal, pm_clock clock, pm_time start, pm_span span,
	pm_time *due, pm_err *err);

/* The `calendar` setting, with its check (config.h). */
extern const pm_cfg_slice pm_calendar_config;

#endif
