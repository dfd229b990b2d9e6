/*
 * calendar.c — working time, and due times counted in it; see calendar.h.
 *
 * Days are handled by their local day number: the business zone's wall
 * clock in seconds, divided by 86400, so day 0 is 1970-01-01 and the
 * weekday is arithmetic.  Each day's working ranges are turned into
 * instants one day at a time, which keeps daylight saving exact: a
 * range is only ever converted on the day it belongs to.  Holidays and
 * workdays are sorted, merged ranges of day numbers, searched by
 * bisection.  The official days (built in, then imported years over
 * them) are one sorted array of day numbers, and the years they cover
 * merged ranges of day numbers, so the walk asks three bisections a day.
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "db.h"
#include "json.h"
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

#define KEYS "hours, monday .. sunday, holidays, workdays, official"

/* One day's working hours, in seconds since local midnight. */
struct sched {
	int n;
	int32_t from[MAX_RANGES], to[MAX_RANGES];
};

/* Inclusive range of local day numbers. */
struct drange {
	int64_t from, to;
};

/* One official day in effect. */
struct oday {
	int64_t dn;
	int year;                       /* its notice */
	int off;
	int imported;
	const char *name;               /* the table's, or in names */
};

/* What a computation found out, through a const calendar. */
struct reach {
	int year;                       /* the first uncovered year reached */
	char *sink;                     /* ctx->warn, or NULL */
	size_t sinksz;
};

struct pm_calendar {
	struct sched hours;             /* the `hours` key: workdays use it */
	struct sched week[7];           /* 0 = Sunday, as pm_tm.wday */
	struct drange *hol, *work;      /* sorted, merged, disjoint */
	size_t nhol, nwork;
	int official;                   /* layers 1 and 2 (calendar.official) */
	struct oday *od;                /* sorted by day, one per day */
	size_t nod;
	struct drange *cov;             /* covered years as day ranges, merged */
	size_t ncov;
	char **names;                   /* imported names, owned */
	size_t nnames;
	struct reach *reach;
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

/* realloc that does what pm_xmalloc does when memory runs out */
static void *
grow(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (q == NULL)
		abort();
	return q;
}

/* Day number of a civil date (proleptic Gregorian; 1970-01-01 is 0),
 * and back: whole 400-year eras of 146097 days, March-based years so
 * that the leap day comes last. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t dn, int *y, int *m, int *d)
{
	int64_t z = dn + 719468, era, doe, yoe, doy, mp;

	era = floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
year_of(int64_t dn)
{
	int y, m, d;

	civil_from_days(dn, &y, &m, &d);
	return y;
}

/* YYYYMMDD -> day number; 0 when it is no date. */
static int
date_dn(int date, int64_t *dn)
{
	int y = date / 10000, m = date / 100 % 100, d = date % 100;

	if (date <= 0 || !pm_date_valid(y, m, d))
		return 0;
	*dn = days_from_civil(y, m, d);
	return 1;
}

static int
dn_date(int64_t dn)
{
	int y, m, d;

	civil_from_days(dn, &y, &m, &d);
	return y * 10000 + m * 100 + d;
}

static int64_t
wday_of(int64_t dn)
{
	return dn - floordiv(dn + 4, 7) * 7 + 4;        /* day 0 was a Thursday */
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

static const struct oday *
oday_find(const pm_calendar *cal, int64_t dn)
{
	size_t lo = 0, hi = cal->nod, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cal->od[mid].dn < dn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cal->nod && cal->od[lo].dn == dn ? &cal->od[lo] : NULL;
}

/* A computation reached a day of a year no notice covers: remember the
 * first such year, and say so once in the command's warning. */
static void
uncovered(const pm_calendar *cal, int64_t dn)
{
	struct reach *r = cal->reach;
	int y;

	if (r->year != 0)
		return;
	r->year = y = year_of(dn);
	if (r->sink != NULL && r->sink[0] == '\0')
		snprintf(r->sink, r->sinksz, "calendar: %d is not covered (no official holidays "
		    "known): working days in %d are counted by weekday rules; add the year with "
		    "pm-admin calendar import FILE", y, y);
}

static const struct sched *
sched_of(const pm_calendar *cal, int64_t dn)
{
	const struct oday *o;

	if (in_ranges(cal->hol, cal->nhol, dn))
		return &day_off;
	if (in_ranges(cal->work, cal->nwork, dn))
		return &cal->hours;
	if (cal->official) {
		if (!in_ranges(cal->cov, cal->ncov, dn))
			uncovered(cal, dn);
		else if ((o = oday_find(cal, dn)) != NULL)
			return o->off ? &day_off : &cal->hours;
	}
	return &cal->week[wday_of(dn)];
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
		return pm_err_set(err, PM_EX_CONFIG, _("calendar has no working time within 10 years"));
	return pm_err_set(err, PM_EX_CONFIG, _("the due time would be more than 10 years ahead"));
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
		return pm_err_set(err, PM_EX_DATAERR, _("negative working time"));
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
		return pm_err_set(err, PM_EX_SOFTWARE, _("unknown clock %d"), (int)clock);
	if (span.months != 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("months and years cannot be counted in working time"));
	if (span.seconds < 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("a negative span cannot be counted in working time"));
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
	size_t i;

	if (cal == NULL)
		return;
	free(cal->hol);
	free(cal->work);
	free(cal->od);
	free(cal->cov);
	for (i = 0; i < cal->nnames; i++)
		free(cal->names[i]);
	free(cal->names);
	free(cal->reach);
	free(cal);
}

/* ---- the official layer --------------------------------------------- */

static int
oday_cmp(const void *a, const void *b)
{
	const struct oday *x = a, *y = b;

	if (x->dn != y->dn)
		return (x->dn > y->dn) - (x->dn < y->dn);
	return (x->year > y->year) - (x->year < y->year);
}

static int
int_cmp(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

static int
has_year(const int *v, size_t n, int year)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] == year)
			return 1;
	return 0;
}

/*
 * The table, with each imported year (iyears; its days in imp, names
 * owned by the calendar already) replacing the table's days of that
 * notice.  Where two notices name one date the later notice wins.
 */
static void
official_build(pm_calendar *cal, const struct oday *imp, size_t nimp, const int *iyears,
    size_t niy)
{
	size_t i, k, n = 0, ny = 0;
	int *years;
	int64_t dn;

	cal->od = pm_xcalloc(pm_holidays_cn_count + nimp + 1, sizeof *cal->od);
	years = pm_xcalloc(pm_holidays_cn_count + niy + 1, sizeof *years);
	for (i = 0; i < pm_holidays_cn_count; i++) {
		const pm_cal_day *d = &pm_holidays_cn[i];

		if (!date_dn(d->date, &dn) || has_year(iyears, niy, d->year))
			continue;
		cal->od[n].dn = dn;
		cal->od[n].year = d->year;
		cal->od[n].off = d->off;
		cal->od[n].name = d->name;
		n++;
		if (ny == 0 || years[ny - 1] != d->year)
			years[ny++] = d->year;
	}
	for (i = 0; i < nimp; i++)
		cal->od[n++] = imp[i];
	for (i = 0; i < niy; i++)
		years[ny++] = iyears[i];
	/* the table is sorted by date already, one row a date
	 * (test_holidays_cn): only imported days need a sort */
	if (nimp > 0)
		qsort(cal->od, n, sizeof *cal->od, oday_cmp);
	for (i = k = 0; i < n; i++) {
		if (k > 0 && cal->od[k - 1].dn == cal->od[i].dn)
			k--;
		cal->od[k++] = cal->od[i];
	}
	cal->nod = k;
	qsort(years, ny, sizeof *years, int_cmp);
	cal->cov = pm_xcalloc(ny + 1, sizeof *cal->cov);
	for (i = k = 0; i < ny; i++) {
		int64_t from = days_from_civil(years[i], 1, 1), to = days_from_civil(years[i], 12, 31);

		if (k > 0 && from <= cal->cov[k - 1].to + 1) {
			if (to > cal->cov[k - 1].to)
				cal->cov[k - 1].to = to;
			continue;
		}
		cal->cov[k].from = from;
		cal->cov[k].to = to;
		k++;
	}
	cal->ncov = k;
	free(years);
}

int
pm_calendar_covers(const pm_calendar *cal, int year)
{
	return !cal->official || in_ranges(cal->cov, cal->ncov, days_from_civil(year, 7, 1));
}

int
pm_calendar_uncovered(const pm_calendar *cal)
{
	return cal->reach->year;
}

int
pm_calendar_load(const pm_config *cfg, pm_calendar **out, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, "calendar");
	const pm_ydoc *doc = pm_config_doc(cfg);
	const pm_ynode *hours = NULL, *hol = NULL, *work = NULL, *off = NULL, *days[7] = { NULL };
	struct entry *eh = NULL, *ew = NULL;
	pm_calendar *cal = pm_xcalloc(1, sizeof *cal);
	size_t i, neh = 0, nw = 0;
	int rc = 0, wd, any = 0;
	pm_buf b;

	pm_buf_init(&b);
	*out = NULL;
	cal->reach = pm_xcalloc(1, sizeof *cal->reach);
	cal->official = 1;
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
		} else if (strcmp(k, "official") == 0) {
			off = node->items[i];
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
	if (off != NULL && (rc = pm_yaml_bool(doc, off, &cal->official, err)) != 0)
		goto out;
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
	if (rc == 0 && cal->official)
		official_build(cal, NULL, 0, NULL, 0);
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

/* ---- the command's calendar ----------------------------------------- */

/* The years imported into the database, over the table. */
static int
load_imported(pm_ctx *ctx, pm_calendar *cal, pm_err *err)
{
	struct oday *imp = NULL;
	int *years = NULL;
	size_t nimp = 0, cap = 0, ny = 0, ycap = 0;
	pm_stmt *st = NULL;
	int rc, date;
	int64_t dn;

	if ((rc = pm_db_prepare(ctx->db, "SELECT year FROM calendar_year ORDER BY year", &st,
	    err)) != 0)
		goto out;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if (ny == ycap) {
			ycap = ycap ? 2 * ycap : 8;
			years = grow(years, ycap * sizeof *years);
		}
		years[ny++] = (int)pm_stmt_int(st, 0);
	}
	if (rc < 0)
		goto fail;
	pm_stmt_free(st);
	st = NULL;
	if (ny == 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "SELECT year, day, off, name FROM calendar_day "
	    "ORDER BY day, year", &st, err)) != 0)
		goto out;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *day = pm_stmt_text(st, 1);

		/* the schema's CHECK keeps day YYYY-MM-DD */
		date = atoi(day) * 10000 + atoi(day + 5) * 100 + atoi(day + 8);
		if (!date_dn(date, &dn))
			continue;
		if (nimp == cap) {
			cap = cap ? 2 * cap : 64;
			imp = grow(imp, cap * sizeof *imp);
			cal->names = grow(cal->names, cap * sizeof *cal->names);
		}
		imp[nimp].dn = dn;
		imp[nimp].year = (int)pm_stmt_int(st, 0);
		imp[nimp].off = pm_stmt_int(st, 2) != 0;
		imp[nimp].imported = 1;
		imp[nimp].name = cal->names[cal->nnames++] = pm_xstrdup(pm_stmt_text(st, 3));
		nimp++;
	}
	if (rc < 0)
		goto fail;
	free(cal->od);
	free(cal->cov);
	official_build(cal, imp, nimp, years, ny);
	rc = 0;
	goto out;
fail:
	rc = err->status;
out:
	pm_stmt_free(st);
	free(imp);
	free(years);
	return rc;
}

int
pm_calendar_open(pm_ctx *ctx, pm_calendar **out, pm_err *err)
{
	pm_calendar *cal = NULL;
	int rc;

	*out = NULL;
	if ((rc = pm_calendar_load(ctx->cfg, &cal, err)) != 0)
		return rc;
	if (cal->official && ctx->db != NULL && (rc = load_imported(ctx, cal, err)) != 0) {
		pm_calendar_free(cal);
		return rc;
	}
	cal->reach->sink = ctx->warn;
	cal->reach->sinksz = sizeof ctx->warn;
	*out = cal;
	return 0;
}

/* ---- explaining days ------------------------------------------------ */

const char *
pm_calendar_why_name(pm_cal_why why)
{
	static const char *const name[] = {
		"weekday", "weekend", "holiday", "workday", "local holiday", "local workday"
	};

	return (unsigned)why < sizeof name / sizeof name[0] ? name[why] : "?";
}

/* As sched_of, and why. */
static void
explain(const pm_calendar *cal, int64_t dn, pm_cal_info *in)
{
	const struct oday *o;

	memset(in, 0, sizeof *in);
	in->date = dn_date(dn);
	in->wday = (int)wday_of(dn);
	in->name = "";
	in->covered = !cal->official || in_ranges(cal->cov, cal->ncov, dn);
	if (!in->covered)
		uncovered(cal, dn);
	if (in_ranges(cal->hol, cal->nhol, dn)) {
		in->why = PM_CAL_LOCAL_HOLIDAY;
	} else if (in_ranges(cal->work, cal->nwork, dn)) {
		in->why = PM_CAL_LOCAL_WORKDAY;
		in->working = cal->hours.n > 0;
	}
	/* the official day under a local one is still named */
	if (cal->official && in->covered && (o = oday_find(cal, dn)) != NULL) {
		in->name = o->name;
		in->notice = o->year;
		in->imported = o->imported;
		if (in->why == PM_CAL_WEEKDAY) {
			in->why = o->off ? PM_CAL_HOLIDAY : PM_CAL_WORKDAY;
			in->working = !o->off && cal->hours.n > 0;
		}
		return;
	}
	if (in->why != PM_CAL_WEEKDAY)
		return;
	in->working = cal->week[in->wday].n > 0;
	in->why = in->working ? PM_CAL_WEEKDAY : PM_CAL_WEEKEND;
}

int
pm_calendar_day(const pm_calendar *cal, int date, pm_cal_info *out, pm_err *err)
{
	int64_t dn;

	if (!date_dn(date, &dn))
		return pm_err_set(err, PM_EX_DATAERR, _("%d is not a date"), date);
	explain(cal, dn, out);
	return 0;
}

int64_t
pm_calendar_count(const pm_calendar *cal, int a, int b)
{
	int64_t from, to, dn, n = 0;
	pm_cal_info in;

	if (!date_dn(a, &from) || !date_dn(b, &to))
		return 0;
	for (dn = from; dn <= to; dn++) {
		explain(cal, dn, &in);
		n += in.working;
	}
	return n;
}

static int
dn_cmp(const void *a, const void *b)
{
	const int64_t *x = a, *y = b;

	return (*x > *y) - (*x < *y);
}

/* Days of r[0..n) that fall in [from, to], appended to *v. */
static void
days_in(const struct drange *r, size_t n, int64_t from, int64_t to, int64_t **v, size_t *nv,
    size_t *cap)
{
	int64_t dn;
	size_t i;

	for (i = 0; i < n; i++)
		for (dn = r[i].from > from ? r[i].from : from; dn <= r[i].to && dn <= to; dn++) {
			if (*nv == *cap) {
				*cap = *cap ? 2 * *cap : 64;
				*v = grow(*v, *cap * sizeof **v);
			}
			(*v)[(*nv)++] = dn;
		}
}

int
pm_calendar_each(const pm_calendar *cal, int year,
	int (*fn)(void *arg, const pm_cal_info *info), void *arg)
{
	int64_t from = days_from_civil(year, 1, 1), to = days_from_civil(year, 12, 31);
	int64_t *v = NULL;
	size_t i, nv = 0, cap = 0;
	struct drange one;
	pm_cal_info in;
	int rc = 0;

	if (cal->official && !in_ranges(cal->cov, cal->ncov, from))
		uncovered(cal, from);
	days_in(cal->hol, cal->nhol, from, to, &v, &nv, &cap);
	days_in(cal->work, cal->nwork, from, to, &v, &nv, &cap);
	for (i = 0; cal->official && i < cal->nod; i++) {
		if (cal->od[i].dn < from || cal->od[i].dn > to)
			continue;
		one.from = one.to = cal->od[i].dn;
		days_in(&one, 1, from, to, &v, &nv, &cap);
	}
	if (nv > 0)
		qsort(v, nv, sizeof *v, dn_cmp);
	for (i = 0; i < nv && rc == 0; i++) {
		if (i > 0 && v[i] == v[i - 1])
			continue;
		explain(cal, v[i], &in);
		rc = fn(arg, &in);
	}
	free(v);
	return rc;
}

/* ---- reading a notice (holiday-cn JSON) ------------------------------ */

/* A small strict reader for this one shape; the rest of JSON is
 * accepted and skipped where the format allows other members. */
/* A notice lists a few dozen days; a file with more is not one. */
#define MAX_DAYS 1000

struct jr {
	const char *file, *s, *p, *end;
	pm_err *err;
	int depth;
	int line[MAX_DAYS];     /* where each day begins, in file order */
};

static int
jr_line(const struct jr *j)
{
	const char *q;
	int line = 1;

	for (q = j->s; q < j->p && q < j->end; q++)
		line += *q == '\n';
	return line;
}

static int
jr_fail_at(struct jr *j, int line, const char *what)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_text_safe(&b, j->file);
	pm_err_set(j->err, PM_EX_DATAERR, "%s:%d: %s", b.s, line, what);
	pm_buf_free(&b);
	return PM_EX_DATAERR;
}

static int
jr_fail(struct jr *j, const char *what)
{
	return jr_fail_at(j, jr_line(j), what);
}

static void
jr_ws(struct jr *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' ||
	    *j->p == '\r'))
		j->p++;
}

static int
jr_peek(struct jr *j, char c)
{
	jr_ws(j);
	return j->p < j->end && *j->p == c;
}

static int
jr_want(struct jr *j, char c)
{
	char what[32];

	if (!jr_peek(j, c)) {
		snprintf(what, sizeof what, "expected '%c'", c);
		return jr_fail(j, what);
	}
	j->p++;
	return 0;
}

static int
hexval(const char *p, int32_t *v)
{
	int i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = p[i];
		if (c >= '0' && c <= '9')
			c -= '0';
		else if (c >= 'a' && c <= 'f')
			c -= 'a' - 10;
		else if (c >= 'A' && c <= 'F')
			c -= 'A' - 10;
		else
			return 0;
		*v = *v * 16 + c;
	}
	return 1;
}

static void
put_utf8(pm_buf *b, int32_t cp)
{
	if (cp < 0x80) {
		pm_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		pm_buf_addc(b, (char)(0xc0 | cp >> 6));
		pm_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		pm_buf_addc(b, (char)(0xe0 | cp >> 12));
		pm_buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		pm_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	} else {
		pm_buf_addc(b, (char)(0xf0 | cp >> 18));
		pm_buf_addc(b, (char)(0x80 | (cp >> 12 & 0x3f)));
		pm_buf_addc(b, (char)(0x80 | (cp >> 6 & 0x3f)));
		pm_buf_addc(b, (char)(0x80 | (cp & 0x3f)));
	}
}

/* A string into b (reset first). */
static int
jr_str(struct jr *j, pm_buf *b)
{
	int32_t cp, lo;
	char c;

	pm_buf_reset(b);
	if (jr_want(j, '"') != 0)
		return PM_EX_DATAERR;
	for (;;) {
		if (j->p >= j->end)
			return jr_fail(j, "unterminated string");
		c = *j->p++;
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20)
			return jr_fail(j, "control character in a string");
		if (c != '\\') {
			pm_buf_addc(b, c);
			continue;
		}
		if (j->p >= j->end)
			return jr_fail(j, "unterminated string");
		c = *j->p++;
		switch (c) {
		case '"': case '\\': case '/': pm_buf_addc(b, c); break;
		case 'b': pm_buf_addc(b, '\b'); break;
		case 'f': pm_buf_addc(b, '\f'); break;
		case 'n': pm_buf_addc(b, '\n'); break;
		case 'r': pm_buf_addc(b, '\r'); break;
		case 't': pm_buf_addc(b, '\t'); break;
		case 'u':
			if (j->end - j->p < 4 || !hexval(j->p, &cp))
				return jr_fail(j, "bad \\u escape");
			j->p += 4;
			if (cp >= 0xd800 && cp < 0xdc00) {
				if (j->end - j->p < 6 || j->p[0] != '\\' || j->p[1] != 'u' ||
				    !hexval(j->p + 2, &lo) || lo < 0xdc00 || lo > 0xdfff)
					return jr_fail(j, "unpaired surrogate in a \\u escape");
				j->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			} else if (cp >= 0xdc00 && cp < 0xe000) {
				return jr_fail(j, "unpaired surrogate in a \\u escape");
			}
			if (cp == 0)
				return jr_fail(j, "NUL in a string");
			put_utf8(b, cp);
			break;
		default:
			return jr_fail(j, "bad escape in a string");
		}
	}
	if (!pm_utf8_valid(b->s, b->len))
		return jr_fail(j, "a string is not valid UTF-8");
	return 0;
}

/* A bare word: a number, true, false or null. */
static int
jr_word(struct jr *j, const char **w, size_t *n)
{
	jr_ws(j);
	*w = j->p;
	while (j->p < j->end && (strchr("+-.eE", *j->p) != NULL ||
	    (*j->p >= '0' && *j->p <= '9') || (*j->p >= 'a' && *j->p <= 'z')))
		j->p++;
	*n = (size_t)(j->p - *w);
	if (*n == 0)
		return jr_fail(j, "expected a value");
	return 0;
}

static int jr_skip(struct jr *j);

static int
jr_skip_items(struct jr *j, char close, int keys)
{
	pm_buf b;
	int rc = 0;

	pm_buf_init(&b);
	if (++j->depth > 64) {
		rc = jr_fail(j, "nested too deeply");
		goto out;
	}
	j->p++;
	if (jr_peek(j, close)) {
		j->p++;
		goto out;
	}
	for (;;) {
		if (keys && ((rc = jr_str(j, &b)) != 0 || (rc = jr_want(j, ':')) != 0))
			goto out;
		if ((rc = jr_skip(j)) != 0)
			goto out;
		if (jr_peek(j, ',')) {
			j->p++;
			continue;
		}
		rc = jr_want(j, close);
		break;
	}
out:
	j->depth--;
	pm_buf_free(&b);
	return rc;
}

static int
jr_skip(struct jr *j)
{
	const char *w;
	pm_buf b;
	size_t n;
	int rc;

	if (jr_peek(j, '{'))
		return jr_skip_items(j, '}', 1);
	if (jr_peek(j, '['))
		return jr_skip_items(j, ']', 0);
	if (jr_peek(j, '"')) {
		pm_buf_init(&b);
		rc = jr_str(j, &b);
		pm_buf_free(&b);
		return rc;
	}
	return jr_word(j, &w, &n);
}

void
pm_calendar_year_free(pm_cal_year *y)
{
	size_t i;

	if (y == NULL)
		return;
	for (i = 0; i < y->ndays; i++)
		free((char *)y->days[i].name);
	for (i = 0; i < y->npapers; i++)
		free(y->papers[i]);
	free(y->days);
	free(y->papers);
	free(y);
}

/* "YYYY-MM-DD" -> YYYYMMDD, or 0. */
static int
iso_date(const char *s)
{
	int y, m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
	    !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !pm_date_valid(y, m, d))
		return 0;
	return y * 10000 + m * 100 + d;
}

static int
day_cmp(const void *a, const void *b)
{
	const pm_cal_day *x = a, *y = b;

	if (x->date != y->date)
		return (x->date > y->date) - (x->date < y->date);
	return strcmp(x->name, y->name);
}

/* One element of days: {"name": ..., "date": ..., "isOffDay": ...}. */
static int
jr_day(struct jr *j, pm_cal_year *y, size_t *cap)
{
	pm_buf key, name, date, q;
	int rc, off = -1, has_name = 0, d = 0;
	const char *w;
	size_t n;

	pm_buf_init(&key);
	pm_buf_init(&name);
	pm_buf_init(&date);
	pm_buf_init(&q);
	if (y->ndays == MAX_DAYS) {
		rc = jr_fail(j, "more than 1000 days: not one year's notice");
		goto out;
	}
	jr_ws(j);
	j->line[y->ndays] = jr_line(j);
	if ((rc = jr_want(j, '{')) != 0)
		goto out;
	if (jr_peek(j, '}')) {
		rc = jr_fail(j, "a day without name, date and isOffDay");
		goto out;
	}
	for (;;) {
		if ((rc = jr_str(j, &key)) != 0 || (rc = jr_want(j, ':')) != 0)
			goto out;
		if (strcmp(key.s, "name") == 0) {
			if (!jr_peek(j, '"')) {
				rc = jr_fail(j, "name: expected a string");
				goto out;
			}
			if ((rc = jr_str(j, &name)) != 0)
				goto out;
			has_name = 1;
		} else if (strcmp(key.s, "date") == 0) {
			if (!jr_peek(j, '"')) {
				rc = jr_fail(j, "date: expected a string YYYY-MM-DD");
				goto out;
			}
			if ((rc = jr_str(j, &date)) != 0)
				goto out;
			if ((d = iso_date(date.s)) == 0) {
				pm_buf_adds(&q, "date ");
				pm_text_quote(&q, date.s);
				pm_buf_adds(&q, ": not a date YYYY-MM-DD");
				rc = jr_fail(j, q.s);
				goto out;
			}
		} else if (strcmp(key.s, "isOffDay") == 0) {
			if ((rc = jr_word(j, &w, &n)) != 0)
				goto out;
			if (n == 4 && memcmp(w, "true", 4) == 0)
				off = 1;
			else if (n == 5 && memcmp(w, "false", 5) == 0)
				off = 0;
			else {
				rc = jr_fail(j, "isOffDay: expected true or false");
				goto out;
			}
		} else if ((rc = jr_skip(j)) != 0) {
			goto out;
		}
		if (jr_peek(j, ',')) {
			j->p++;
			continue;
		}
		if ((rc = jr_want(j, '}')) != 0)
			goto out;
		break;
	}
	if (!has_name || d == 0 || off < 0) {
		rc = jr_fail(j, "a day needs name, date and isOffDay");
		goto out;
	}
	if ((rc = pm_text_check(name.s, name.len, 100, "name", j->err)) != 0 ||
	    name.len == 0 || strpbrk(name.s, "\t\n\r") != NULL) {
		rc = jr_fail(j, "name: 1 to 100 characters of one line");
		goto out;
	}
	if (y->ndays == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		y->days = grow(y->days, *cap * sizeof *y->days);
	}
	y->days[y->ndays].date = d;
	y->days[y->ndays].off = off;
	y->days[y->ndays].name = pm_buf_detach(&name);
	y->ndays++;
out:
	pm_buf_free(&key);
	pm_buf_free(&name);
	pm_buf_free(&date);
	pm_buf_free(&q);
	return rc;
}

int
pm_calendar_parse(const char *file, const char *text, size_t len, pm_cal_year **out,
    pm_err *err)
{
	pm_cal_year *y = pm_xcalloc(1, sizeof *y);
	struct jr j;
	size_t cap = 0, pcap = 0, i, k;
	int rc, has_year = 0, has_days = 0;
	char what[160];
	const char *w;
	pm_buf key, s;
	size_t n;

	pm_buf_init(&key);
	pm_buf_init(&s);
	memset(&j, 0, sizeof j);
	j.file = file;
	j.s = j.p = text;
	j.end = text + len;
	j.err = err;
	*out = NULL;
	/* a byte order mark from a Windows editor is not an error */
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		j.p += 3;
	if ((rc = jr_want(&j, '{')) != 0)
		goto out;
	while (!jr_peek(&j, '}')) {
		if ((rc = jr_str(&j, &key)) != 0 || (rc = jr_want(&j, ':')) != 0)
			goto out;
		if (strcmp(key.s, "year") == 0) {
			if ((rc = jr_word(&j, &w, &n)) != 0)
				goto out;
			if (n != 4 || !digits(w, 4, &y->year) || y->year < 1900) {
				rc = jr_fail(&j, "year: expected a year from 1900 to 9999");
				goto out;
			}
			has_year = 1;
		} else if (strcmp(key.s, "papers") == 0) {
			if ((rc = jr_want(&j, '[')) != 0)
				goto out;
			while (!jr_peek(&j, ']')) {
				if ((rc = jr_str(&j, &s)) != 0)
					goto out;
				if (y->npapers == pcap) {
					pcap = pcap ? 2 * pcap : 4;
					y->papers = grow(y->papers, pcap * sizeof *y->papers);
				}
				y->papers[y->npapers++] = pm_buf_detach(&s);
				if (!jr_peek(&j, ','))
					break;
				j.p++;
			}
			if ((rc = jr_want(&j, ']')) != 0)
				goto out;
		} else if (strcmp(key.s, "days") == 0) {
			if ((rc = jr_want(&j, '[')) != 0)
				goto out;
			while (!jr_peek(&j, ']')) {
				if ((rc = jr_day(&j, y, &cap)) != 0)
					goto out;
				if (!jr_peek(&j, ','))
					break;
				j.p++;
			}
			if ((rc = jr_want(&j, ']')) != 0)
				goto out;
			has_days = 1;
		} else if ((rc = jr_skip(&j)) != 0) {
			goto out;
		}
		if (!jr_peek(&j, ','))
			break;
		j.p++;
	}
	if ((rc = jr_want(&j, '}')) != 0)
		goto out;
	jr_ws(&j);
	if (j.p != j.end) {
		rc = jr_fail(&j, "text after the object");
		goto out;
	}
	if (!has_year || !has_days) {
		rc = jr_fail(&j, "not a notice: expected {\"year\": ..., \"days\": [...]}");
		goto out;
	}
	if (y->ndays == 0) {
		snprintf(what, sizeof what, "no days: the notice for %d is not in this file "
		    "(not published yet?)", y->year);
		rc = jr_fail(&j, what);
		goto out;
	}
	/* in file order, so that a message names the day's line */
	for (i = 0; i < y->ndays; i++) {
		int d = y->days[i].date;

		y->days[i].year = y->year;
		if (d / 10000 != y->year && !(d / 10000 == y->year - 1 && d / 100 % 100 == 12)) {
			snprintf(what, sizeof what, "%04d-%02d-%02d is not in %d or the December "
			    "before", d / 10000, d / 100 % 100, d % 100, y->year);
			rc = jr_fail_at(&j, j.line[i], what);
			goto out;
		}
		for (k = 0; k < i; k++)
			if (y->days[k].date == d && y->days[k].off != y->days[i].off) {
				snprintf(what, sizeof what, "%04d-%02d-%02d is listed both as a day "
				    "off and as a working day", d / 10000, d / 100 % 100, d % 100);
				rc = jr_fail_at(&j, j.line[i], what);
				goto out;
			}
	}
	/* a date listed twice with one meaning is one day (the least name) */
	qsort(y->days, y->ndays, sizeof *y->days, day_cmp);
	for (i = k = 0; i < y->ndays; i++) {
		if (k > 0 && y->days[k - 1].date == y->days[i].date) {
			free((char *)y->days[i].name);
			continue;
		}
		y->days[k++] = y->days[i];
	}
	y->ndays = k;
	*out = y;
	y = NULL;
out:
	pm_calendar_year_free(y);
	pm_buf_free(&key);
	pm_buf_free(&s);
	return rc;
}

/* ---- importing a notice --------------------------------------------- */

/* A notice is a few kilobytes; anything much bigger is the wrong file. */
#define MAX_FILE (1024 * 1024)

static int
read_all(const char *path, pm_buf *b, pm_err *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[8192];
	size_t n;
	int rc = 0;

	if (fp == NULL) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("%s: cannot open"), path);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		pm_buf_add(b, chunk, n);
		if (b->len > MAX_FILE) {
			rc = pm_text_fail(err, PM_EX_DATAERR, _("%s: larger than 1 MiB: not a "
			    "notice file"), path);
			goto out;
		}
	}
	if (ferror(fp))
		rc = pm_text_fail(err, PM_EX_IOERR, _("%s: read error"), path);
out:
	if (fp != NULL && fp != stdin)
		fclose(fp);
	return rc;
}

/* The days of notice year in effect now, as the file would list them. */
static int
current_days(pm_ctx *ctx, int year, int *stored, pm_cal_year *cur, pm_err *err)
{
	pm_stmt *st = NULL;
	size_t i, cap = 0;
	int64_t found = 0;
	int rc, f;

	memset(cur, 0, sizeof *cur);
	cur->year = year;
	if ((rc = pm_db_get_int(ctx->db, err, &found, &f, "SELECT count(*) FROM calendar_year "
	    "WHERE year = ?1", "i", (int64_t)year)) != 0)
		return rc;
	*stored = found > 0;
	if (!*stored) {
		for (i = 0; i < pm_holidays_cn_count; i++) {
			if (pm_holidays_cn[i].year != year)
				continue;
			if (cur->ndays == cap) {
				cap = cap ? 2 * cap : 64;
				cur->days = grow(cur->days, cap * sizeof *cur->days);
			}
			cur->days[cur->ndays] = pm_holidays_cn[i];
			cur->days[cur->ndays].name = pm_xstrdup(pm_holidays_cn[i].name);
			cur->ndays++;
		}
		goto sort;
	}
	if ((rc = pm_db_prepare(ctx->db, "SELECT day, off, name FROM calendar_day WHERE year = ?1",
	    &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, year);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *day = pm_stmt_text(st, 0);

		if (cur->ndays == cap) {
			cap = cap ? 2 * cap : 64;
			cur->days = grow(cur->days, cap * sizeof *cur->days);
		}
		cur->days[cur->ndays].year = year;
		cur->days[cur->ndays].date = iso_date(day);
		cur->days[cur->ndays].off = pm_stmt_int(st, 1) != 0;
		cur->days[cur->ndays].name = pm_xstrdup(pm_stmt_text(st, 2));
		cur->ndays++;
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
sort:
	if (cur->ndays > 0)
		qsort(cur->days, cur->ndays, sizeof *cur->days, day_cmp);
	return 0;
}

static int
same_days(const pm_cal_year *a, const pm_cal_year *b)
{
	size_t i;

	if (a->ndays != b->ndays)
		return 0;
	for (i = 0; i < a->ndays; i++)
		if (a->days[i].date != b->days[i].date || a->days[i].off != b->days[i].off ||
		    strcmp(a->days[i].name, b->days[i].name) != 0)
			return 0;
	return 1;
}

/* The audit's picture of a year: its counts, where it came from, its papers. */
static void
year_json(pm_buf *b, const pm_cal_year *y, const char *source)
{
	int64_t off = 0, work = 0;
	pm_json j;
	size_t i;

	for (i = 0; i < y->ndays; i++) {
		off += y->days[i].off;
		work += !y->days[i].off;
	}
	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "year", y->year);
	pm_json_s(&j, "source", source);
	pm_json_i(&j, "off", off);
	pm_json_i(&j, "work", work);
	if (y->papers != NULL) {
		pm_json_arr(&j, "papers");
		for (i = 0; i < y->npapers; i++)
			pm_json_s(&j, NULL, y->papers[i]);
		pm_json_end(&j);
	}
	pm_json_end(&j);
}

static int
store(pm_ctx *ctx, const pm_cal_year *y, int stored, pm_err *err)
{
	pm_buf papers;
	pm_json j;
	pm_stmt *st = NULL;
	char day[16];
	size_t i;
	int rc;

	pm_buf_init(&papers);
	pm_json_init(&j, &papers);
	pm_json_arr(&j, NULL);
	for (i = 0; i < y->npapers; i++)
		pm_json_s(&j, NULL, y->papers[i]);
	pm_json_end(&j);
	if (stored)
		rc = pm_db_run(ctx->db, err, "DELETE FROM calendar_day WHERE year = ?1", "i",
		    (int64_t)y->year);
	else
		rc = pm_db_run(ctx->db, err, "INSERT INTO calendar_year (year, papers, imported_at, "
		    "actor) VALUES (?1, ?2, ?3, ?4)", "itit", (int64_t)y->year, papers.s,
		    (int64_t)ctx->now, ctx->actor.login);
	if (rc == 0 && stored)
		rc = pm_db_run(ctx->db, err, "UPDATE calendar_year SET papers = ?2, imported_at = ?3, "
		    "actor = ?4 WHERE year = ?1", "itit", (int64_t)y->year, papers.s,
		    (int64_t)ctx->now, ctx->actor.login);
	if (rc != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO calendar_day (year, day, off, name) "
	    "VALUES (?1, ?2, ?3, ?4)", &st, err)) != 0)
		goto out;
	for (i = 0; i < y->ndays && rc == 0; i++) {
		int d = y->days[i].date;

		snprintf(day, sizeof day, "%04d-%02d-%02d", d / 10000, d / 100 % 100, d % 100);
		pm_stmt_reset(st);
		pm_stmt_bind_int(st, 1, y->year);
		pm_stmt_bind_text(st, 2, day);
		pm_stmt_bind_int(st, 3, y->days[i].off);
		pm_stmt_bind_text(st, 4, y->days[i].name);
		rc = pm_stmt_run(st, err);
	}
out:
	pm_stmt_free(st);
	pm_buf_free(&papers);
	return rc;
}

int
pm_calendar_import(pm_ctx *ctx, const char *path, pm_cal_result *res, pm_err *err)
{
	pm_cal_year *y = NULL, cur;
	pm_buf text, before, after;
	char id[16];
	int rc, stored = 0;
	size_t i;

	memset(res, 0, sizeof *res);
	memset(&cur, 0, sizeof cur);
	pm_buf_init(&text);
	pm_buf_init(&before);
	pm_buf_init(&after);
	if ((rc = read_all(path, &text, err)) != 0 ||
	    (rc = pm_calendar_parse(strcmp(path, "-") == 0 ? "stdin" : path, text.s, text.len,
	    &y, err)) != 0)
		goto out;
	res->year = y->year;
	for (i = 0; i < y->ndays; i++) {
		res->off += y->days[i].off;
		res->work += !y->days[i].off;
	}
	if ((rc = current_days(ctx, y->year, &stored, &cur, err)) != 0)
		goto out;
	if (same_days(&cur, y)) {
		res->action = "unchanged";
		goto out;
	}
	res->action = stored || cur.ndays > 0 ? "replaced" : "new";
	if ((rc = store(ctx, y, stored, err)) != 0)
		goto out;
	if (stored || cur.ndays > 0)
		year_json(&before, &cur, stored ? "imported" : "builtin");
	year_json(&after, y, "imported");
	snprintf(id, sizeof id, "%d", y->year);
	rc = pm_audit_log(ctx, "calendar", id, "import", before.len ? before.s : NULL, after.s,
	    err);
out:
	for (i = 0; i < cur.ndays; i++)
		free((char *)cur.days[i].name);
	free(cur.days);
	pm_calendar_year_free(y);
	pm_buf_free(&text);
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}
