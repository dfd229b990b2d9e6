/*
 * calendar.h — working time, and due times counted in it.
 *
 * Time limits (a complaint answered within 1 working day, an urgent
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
 * All in the business time zone (time.h).  Errors in the config are
 * PM_EX_CONFIG with file:line:col.
 */
#ifndef PM_CALENDAR_H
#define PM_CALENDAR_H

#include <stdint.h>
#include "config.h"
#include "time.h"

typedef struct pm_calendar pm_calendar;

/* The calendar of the configuration (defaults when `calendar:` is unset). */
int pm_calendar_load(const pm_config *cfg, pm_calendar **out, pm_err *err);
void pm_calendar_free(pm_calendar *cal);

/* Is t inside working time? */
int pm_calendar_working(const pm_calendar *cal, pm_time t);

/*
 * The instant `seconds` of working time after start (start itself may be
 * outside working time: counting begins at the next working moment).
 * seconds >= 0.  Looks at most 10 years ahead; beyond that (a calendar
 * with no working time at all) returns PM_EX_CONFIG.
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
 * start + span in the given clock.  In business time, "2h" is two working
 * hours, and "1d"/"3d" are one/three working days: the same time of day
 * on the n-th following working day (a complaint received Friday 17:00
 * with 1d is due Monday 17:00), moved into working hours if it falls
 * outside them.  Month/year spans are refused in business time.
 */
int pm_calendar_due(const pm_calendar *cal, pm_clock clock, pm_time start, pm_span span,
	pm_time *due, pm_err *err);

#endif
