/*
 * calendar.c — working time, and due times counted in it; see calendar.h.
 *
 * Days are handled by their local day number: the business zone's wall
 * clock in seconds, divided by 86400, so day 0 is 1970-01-01 and the
 * weekday is arithmetic.  Each day's working ranges are turned into
 * instants one day at a time, which keeps daylight saving exact: a
 * range is only ever converted on the day it belongs to.  Holidays and
 * workdays are sorted, merged ranges of day numbers, searched by
 * bisection.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "text.h"
#include "yaml.h"

#define DAY INT64_C(86400)

/* Ranges in one day's hours: a lunch break needs two, shifts a few more. */
#define MAX_RANGES 16

/* How far ahead add and due look: 10 years of days. */
#define LOOKAHEAD 3660

/* A holiday or workday range longer than a year is a typo, not a plan. */
#define MAX_RANGE_DAYS 366

/* 0001-01-01 and 9999-12-31 in UTC, widened by two days for any zone:
 * instants outside are clamped so the day walk stays finite. */
#define T_MIN (INT64_C(-62135596800) - 2 * DAY)
#define T_MAX (INT64_C(253402300799) + 2 * DAY)

#define KEYS "hours, monday .. sunday, holidays, workdays"

/* One day's working hours, in seconds since local midnight. */
struct sched {
	int n;
	int32_t from[MAX_RANGES], to[MAX_RANGES];
};

/* Inclusive range of local day numbers. */
struct drange {
	int64_t from, to;
};

struct pm_calendar {
	struct sched hours;             /* the `hours` key: workdays use it */
	struct sched week[7];           /* 0 = Sunday, as pm_tm.wday */
	struct drange *hol, *work;      /* sorted, merged, disjoint */
	size_t nhol, nwork;
};

static const char *const wday_key[7] = {
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"
};

static const struct sched day_off;

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && (a < 0) != (b < 0))
		q--;
	return q;
}

static pm_time
clamp(pm_time t)
{
	return t < T_MIN ? T_MIN : t > T_MAX ? T_MAX : t;
}

/* The first instant of local day dn (after the gap if midnight is skipped). */
static pm_time
day_begin(int64_t dn)
{
	return pm_time_from_local(1970, 1, (int)(1 + dn), 0, 0, 0);
}

/* ---- the day walk --------------------------------------------------- */

static int
in_ranges(const struct drange *r, size_t n, int64_t dn)
{
	size_t lo = 0, hi = n, mid;

	/* the last range starting on or before dn is the only candidate */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (r[mid].from <= dn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 && dn <= r[lo - 1].to;
}

static const struct sched *
sched_of(const pm_calendar *cal, int64_t dn)
{
	int64_t wd;

	if (in_ranges(cal->hol, cal->nhol, dn))
		return &day_off;
	if (in_ranges(cal->work, cal->nwork, dn))
		return &cal->hours;
	wd = dn - floordiv(dn + 4, 7) * 7 + 4;  /* day 0 was a Thursday */
	return &cal->week[wd];
}

/* One local day and its working intervals [s[i], e[i]) as instants. */
struct day {
	const pm_calendar *cal;
	int64_t dn;
	pm_time start, end;     /* first instant of this day and of the next */
	int n;
	pm_time s[MAX_RANGES], e[MAX_RANGES];
};

/*
 * Fill in d->end and the intervals, d->dn and d->start being set.
 * Most days are 86400 seconds with one offset throughout: one
 * localtime call proves it (no zone changes its offset twice within
 * three days, so equal offsets at both midnights mean none in between),
 * and the intervals are plain sums.  Other days convert each end with
 * pm_time_from_local, which knows about gaps and overlaps.
 */
static void
day_load(struct day *d)
{
	const struct sched *sc = sched_of(d->cal, d->dn);
	pm_time guess = d->start + DAY, s, e, prev;
	int nominal, i;
	pm_tm tm;

	pm_time_local(guess, &tm);
	nominal = tm.hour == 0 && tm.min == 0 && tm.sec == 0 &&
	    floordiv(guess + tm.utcoff, DAY) == d->dn + 1;
	d->end = nominal ? guess : day_begin(d->dn + 1);
	d->n = 0;
	prev = d->start;
	for (i = 0; i < sc->n; i++) {
		if (nominal) {
			s = d->start + sc->from[i];
			e = d->start + sc->to[i];
		} else {
			s = pm_time_from_local(1970, 1, (int)(1 + d->dn), 0, 0, sc->from[i]);
			e = pm_time_from_local(1970, 1, (int)(1 + d->dn), 0, 0, sc->to[i]);
		}
		/* a gap can push a start past the previous end, or past
		 * its own end; a skipped date has no room at all */
		if (s < prev)
			s = prev;
		if (e > d->end)
			e = d->end;
		if (e <= s)
			continue;
		d->s[d->n] = s;
		d->e[d->n] = e;
		d->n++;
		prev = e;
	}
}

static void
day_first(struct day *d, const pm_calendar *cal, pm_time t)
{
	pm_tm tm;

	t = clamp(t);
	pm_time_local(t, &tm);
	d->cal = cal;
	d->dn = floordiv(t + tm.utcoff, DAY);
	d->start = day_begin(d->dn);
	day_load(d);
}

static void
day_next(struct day *d)
{
	d->dn++;
	d->start = d->end;
	day_load(d);
}

/* ---- questions ------------------------------------------------------ */

int
pm_calendar_working(const pm_calendar *cal, pm_time t)
{
	struct day d;
	int i;

	day_first(&d, cal, t);
	for (i = 0; i < d.n; i++)
		if (d.s[i] <= t && t < d.e[i])
			return 1;
	return 0;
}

int64_t
pm_calendar_between(const pm_calendar *cal, pm_time a, pm_time b)
{
	int64_t total = 0;
	pm_time lo, hi;
	struct day d;
	int i;

	if (b <= a)
		return 0;
	a = clamp(a);
	b = clamp(b);
	for (day_first(&d, cal, a);; day_next(&d)) {
		for (i = 0; i < d.n; i++) {
			lo = d.s[i] > a ? d.s[i] : a;
			hi = d.e[i] < b ? d.e[i] : b;
			if (hi > lo)
				total += hi - lo;
		}
		/* later days start at or after d.end */
		if (d.end >= b)
			break;
	}
	return total;
}

static int
too_far(pm_err *err, int found)
{
	/* a deadline policy is configuration too, hence PM_EX_CONFIG either way */
	if (!found)
		return pm_err_set(err, PM_EX_CONFIG, "calendar has no working time within 10 years");
	return pm_err_set(err, PM_EX_CONFIG, "the due time would be more than 10 years ahead");
}

int
pm_calendar_add(const pm_calendar *cal, pm_time start, int64_t seconds, pm_time *due,
	pm_err *err)
{
	int64_t rem = seconds, avail;
	int i, k, found = 0;
	struct day d;
	pm_time lo;

	if (seconds < 0)
		return pm_err_set(err, PM_EX_DATAERR, "negative working time");
	day_first(&d, cal, start);
	for (k = 0; k <= LOOKAHEAD; k++, day_next(&d)) {
		for (i = 0; i < d.n; i++) {
			lo = d.s[i] > start ? d.s[i] : start;
			if (d.e[i] <= lo)
				continue;
			found = 1;
			avail = d.e[i] - lo;
			/* <=: a count that ends with a range ends at its end
			 * (Friday 17:00 + 1h is Friday 18:00, not Monday) */
			if (rem <= avail) {
				*due = lo + rem;
				return 0;
			}
			rem -= avail;
		}
	}
	return too_far(err, found);
}

/* The n-th working day after t's (n >= 1), at t's local time of day. */
static int
nth_day(const pm_calendar *cal, pm_time t, int64_t n, pm_time *out, pm_err *err)
{
	int64_t count = 0, tod;
	struct day d;
	int k;
	pm_tm tm;

	pm_time_local(clamp(t), &tm);
	tod = (int64_t)tm.hour * 3600 + tm.min * 60 + tm.sec;
	day_first(&d, cal, t);
	for (k = 0; k < LOOKAHEAD; k++) {
		day_next(&d);
		if (d.n > 0 && ++count == n) {
			*out = pm_time_from_local(1970, 1, (int)(1 + d.dn), 0, 0, (int)tod);
			return 0;
		}
	}
	return too_far(err, count > 0);
}

int
pm_calendar_due(const pm_calendar *cal, pm_clock clock, pm_time start, pm_span span,
	pm_time *due, pm_err *err)
{
	int64_t days, rest;
	pm_time t;
	int rc;

	if (clock == PM_CLOCK_CALENDAR) {
		*due = pm_time_add(start, span);
		return 0;
	}
	if (clock != PM_CLOCK_BUSINESS)
		return pm_err_set(err, PM_EX_SOFTWARE, "unknown clock %d", (int)clock);
	if (span.months != 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    "months and years cannot be counted in working time");
	if (span.seconds < 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    "a negative span cannot be counted in working time");
	days = span.seconds / DAY;
	rest = span.seconds % DAY;
	if (days == 0)
		return pm_calendar_add(cal, start, rest, due, err);
	/* something received after hours is taken as received when work
	 * resumes, so "1d" always leaves a full working day */
	if ((rc = pm_calendar_add(cal, start, 0, &t, err)) != 0)
		return rc;
	if ((rc = nth_day(cal, t, days, &t, err)) != 0)
		return rc;
	/* outside hours on that day (shorter hours, a lunch break): the
	 * next working moment, which is where add starts counting anyway */
	return pm_calendar_add(cal, t, rest, due, err);
}

/* ---- the config ----------------------------------------------------- */

/* Text from the file, quoted in a message that reaches a terminal. */
static void
shown(pm_buf *b, const char *s, size_t n)
{
	pm_buf raw, safe;

	pm_buf_init(&raw);
	pm_buf_init(&safe);
	pm_buf_add(&raw, s, n);
	pm_text_safe(&safe, raw.s);
	pm_text_fit(b, safe.s, 40, 0);
	pm_buf_free(&safe);
	pm_buf_free(&raw);
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* "HH:MM" from 00:00 to 24:00 -> seconds since midnight, or -1. */
static int32_t
parse_hhmm(const char *s, size_t len)
{
	int h, m;

	if (len != 5 || s[2] != ':' || !digits(s, 2, &h) || !digits(s + 3, 2, &m))
		return -1;
	if (m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 3600 + m * 60;
}

/* "09:00-12:00,13:30-18:00" (blanks around the commas allowed); "" is a day off. */
static int
parse_sched(const pm_ydoc *doc, const pm_ynode *n, const char *key, struct sched *out,
    pm_err *err)
{
	const char *s, *p, *end, *dash;
	int32_t from, to;
	size_t len;
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	memset(out, 0, sizeof *out);
	if ((rc = pm_yaml_str(doc, n, &s, err)) != 0)
		goto out;
	for (p = s; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		while (*p == ' ')
			p++;
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		for (len = (size_t)(end - p); len > 0 && p[len - 1] == ' '; len--)
			;
		pm_buf_reset(&b);
		shown(&b, p, len);
		dash = memchr(p, '-', len);
		if (dash == NULL || (from = parse_hhmm(p, (size_t)(dash - p))) < 0 ||
		    (to = parse_hhmm(dash + 1, len - (size_t)(dash + 1 - p))) < 0) {
			rc = pm_yaml_error(err, doc, n, "calendar.%s: '%s' is not a range of "
			    "times HH:MM-HH:MM from 00:00 to 24:00", key, b.s);
			goto out;
		}
		if (to <= from) {
			rc = pm_yaml_error(err, doc, n, "calendar.%s: %s does not end after "
			    "it starts", key, b.s);
			goto out;
		}
		if (out->n > 0 && from < out->to[out->n - 1]) {
			rc = pm_yaml_error(err, doc, n, "calendar.%s: %s overlaps or comes "
			    "before the range ahead of it; list ranges in order", key, b.s);
			goto out;
		}
		if (out->n == MAX_RANGES) {
			rc = pm_yaml_error(err, doc, n, "calendar.%s: more than %d ranges",
			    key, MAX_RANGES);
			goto out;
		}
		out->from[out->n] = from;
		out->to[out->n] = to;
		out->n++;
		if (*end == ',' && end[1] == '\0') {
			rc = pm_yaml_error(err, doc, n, "calendar.%s: a range is missing "
			    "after the last comma", key);
			goto out;
		}
	}
out:
	pm_buf_free(&b);
	return rc;
}

/* "YYYY-MM-DD" -> local day number; 0 when it is not a date. */
static int
parse_date(const char *s, size_t len, int64_t *dn)
{
	int y, m, d;
	pm_time t;
	pm_tm tm;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !pm_date_valid(y, m, d))
		return 0;
	/* noon exists on every date, whatever the zone does at night */
	t = pm_time_from_local(y, m, d, 12, 0, 0);
	pm_time_local(t, &tm);
	*dn = floordiv(t + tm.utcoff, DAY);
	return 1;
}

/* One entry of holidays or workdays, remembered with its node. */
struct entry {
	int64_t from, to;
	const pm_ynode *node;
};

static int
parse_dates(const pm_ydoc *doc, const pm_ynode *n, const char *key, struct entry **out,
    size_t *nout, pm_err *err)
{
	struct entry *v = NULL;
	const char *s, *dots;
	size_t i, len;
	pm_buf b;
	int rc = 0;

	pm_buf_init(&b);
	*out = NULL;
	*nout = 0;
	if (n->kind != PM_Y_SEQ) {
		rc = pm_yaml_error(err, doc, n, "calendar.%s: expected a sequence of dates "
		    "(YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)", key);
		goto out;
	}
	v = pm_xcalloc(n->n, sizeof *v);
	for (i = 0; i < n->n; i++) {
		if ((rc = pm_yaml_str(doc, n->items[i], &s, err)) != 0)
			goto out;
		len = strlen(s);
		pm_buf_reset(&b);
		shown(&b, s, len);
		v[i].node = n->items[i];
		dots = strstr(s, "..");
		if (dots == NULL ? !parse_date(s, len, &v[i].from) :
		    !parse_date(s, (size_t)(dots - s), &v[i].from) ||
		    !parse_date(dots + 2, strlen(dots + 2), &v[i].to)) {
			rc = pm_yaml_error(err, doc, n->items[i], "calendar.%s: '%s' is not a "
			    "date YYYY-MM-DD or a range YYYY-MM-DD..YYYY-MM-DD", key, b.s);
			goto out;
		}
		if (dots == NULL)
			v[i].to = v[i].from;
		if (v[i].to < v[i].from) {
			rc = pm_yaml_error(err, doc, n->items[i], "calendar.%s: %s ends before "
			    "it starts", key, b.s);
			goto out;
		}
		if (v[i].to - v[i].from >= MAX_RANGE_DAYS) {
			rc = pm_yaml_error(err, doc, n->items[i], "calendar.%s: %s is longer "
			    "than %d days", key, b.s, MAX_RANGE_DAYS);
			goto out;
		}
	}
	*out = v;
	*nout = n->n;
	v = NULL;
out:
	free(v);
	pm_buf_free(&b);
	return rc;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return (x->from > y->from) - (x->from < y->from);
}

/* Sort the entries and merge overlapping or touching ones. */
static struct drange *
merge(struct entry *v, size_t n, size_t *nout)
{
	struct drange *r = pm_xcalloc(n, sizeof *r);
	size_t i, k = 0;

	if (n > 0)
		qsort(v, n, sizeof *v, entry_cmp);
	for (i = 0; i < n; i++) {
		if (k > 0 && v[i].from <= r[k - 1].to + 1) {
			if (v[i].to > r[k - 1].to)
				r[k - 1].to = v[i].to;
			continue;
		}
		r[k].from = v[i].from;
		r[k].to = v[i].to;
		k++;
	}
	*nout = k;
	return r;
}

/* A date both off and worked is a mistake in one of the two lists. */
static int
clash(const pm_ydoc *doc, const struct drange *hol, size_t nhol, const struct entry *w,
    size_t nw, pm_err *err)
{
	size_t i, lo, hi, mid;
	char date[40];
	int64_t first;

	for (i = 0; i < nw; i++) {
		/* the first holiday range ending on or after the workday's start */
		for (lo = 0, hi = nhol; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (hol[mid].to < w[i].from)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo == nhol || hol[lo].from > w[i].to)
			continue;
		first = hol[lo].from > w[i].from ? hol[lo].from : w[i].from;
		pm_time_format(pm_time_from_local(1970, 1, (int)(1 + first), 12, 0, 0),
		    PM_TF_DATE, date, sizeof date);
		return pm_yaml_error(err, doc, w[i].node, "calendar.workdays: %s is also a "
		    "holiday", date);
	}
	return 0;
}

static int
weekday_index(const char *key)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(key, wday_key[i]) == 0)
			return i;
	return -1;
}

void
pm_calendar_free(pm_calendar *cal)
{
	if (cal == NULL)
		return;
	free(cal->hol);
	free(cal->work);
	free(cal);
}

int
pm_calendar_load(const pm_config *cfg, pm_calendar **out, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, "calendar");
	const pm_ydoc *doc = pm_config_doc(cfg);
	const pm_ynode *hours = NULL, *hol = NULL, *work = NULL, *days[7] = { NULL };
	struct entry *eh = NULL, *ew = NULL;
	pm_calendar *cal = pm_xcalloc(1, sizeof *cal);
	size_t i, neh = 0, nw = 0;
	int rc = 0, wd, any = 0;
	pm_buf b;

	pm_buf_init(&b);
	*out = NULL;
	cal->hours.n = 1;
	cal->hours.from[0] = 9 * 3600;
	cal->hours.to[0] = 18 * 3600;
	if (node != NULL && node->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, node, "calendar: expected a mapping (" KEYS ")");
		goto out;
	}
	for (i = 0; node != NULL && i < node->n; i++) {
		const char *k = node->keys[i]->str;

		if (strcmp(k, "hours") == 0) {
			hours = node->items[i];
		} else if (strcmp(k, "holidays") == 0) {
			hol = node->items[i];
		} else if (strcmp(k, "workdays") == 0) {
			work = node->items[i];
		} else if ((wd = weekday_index(k)) >= 0) {
			days[wd] = node->items[i];
		} else {
			shown(&b, k, strlen(k));
			rc = pm_yaml_error(err, doc, node->keys[i], "calendar: unknown key '%s' "
			    "(" KEYS ")", b.s);
			goto out;
		}
	}
	if (hours != NULL) {
		if ((rc = parse_sched(doc, hours, "hours", &cal->hours, err)) != 0)
			goto out;
		if (cal->hours.n == 0) {
			rc = pm_yaml_error(err, doc, hours, "calendar.hours: cannot be empty; "
			    "to make a weekday a day off, set that day to \"\"");
			goto out;
		}
	}
	for (wd = 0; wd < 7; wd++) {
		if (days[wd] != NULL) {
			if ((rc = parse_sched(doc, days[wd], wday_key[wd], &cal->week[wd],
			    err)) != 0)
				goto out;
		} else if (wd >= 1 && wd <= 5) {
			cal->week[wd] = cal->hours;
		}
		any |= cal->week[wd].n > 0;
	}
	if (hol != NULL && (rc = parse_dates(doc, hol, "holidays", &eh, &neh, err)) != 0)
		goto out;
	if (work != NULL && (rc = parse_dates(doc, work, "workdays", &ew, &nw, err)) != 0)
		goto out;
	cal->hol = merge(eh, neh, &cal->nhol);
	if ((rc = clash(doc, cal->hol, cal->nhol, ew, nw, err)) != 0)
		goto out;
	cal->work = merge(ew, nw, &cal->nwork);
	/* caught here so `pm-admin config` reports it, not the first deadline */
	if (!any && cal->nwork == 0)
		rc = pm_yaml_error(err, doc, node, "calendar: no working time at all: "
		    "every weekday is \"\" and there are no workdays");
out:
	free(eh);
	free(ew);
	pm_buf_free(&b);
	if (rc != 0) {
		pm_calendar_free(cal);
		return rc;
	}
	*out = cal;
	return 0;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_calendar *cal = NULL;
	int rc;

	if ((rc = pm_calendar_load(cfg, &cal, err)) == 0)
		pm_calendar_free(cal);
	return rc;
}

static const pm_cfg_key config_keys[] = {
	{ "calendar", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "working hours, days off, holidays and swapped workdays for limits counted in "
	  "business time (calendar.c checks them)", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_calendar_config = { "calendar", config_keys, config_check };
