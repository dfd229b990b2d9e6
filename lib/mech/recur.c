/* recur.c — recurrence rules, anchors and occurrences; see recur.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "recur.h"
#include "text.h"

#define DAY INT64_C(86400)
#define LOOK_DAYS 3660          /* how far a move off non-working days looks */
#define RULE_MAX 200            /* longest rule text read */

static const char *const wday_names[7] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };

/* ---- dates ----------------------------------------------------------- */

/*
 * Dates are pm_date (pmtime.h).  A walk ends where the calendar does:
 * a date past 9999-12-31 (or before 0001-01-01) has no occurrence.
 */

/* The day a month rule falls on in month m. */
static pm_date
month_day(const pm_recur *r, pm_month m)
{
	pm_date a;
	int len, first, w;

	a.year = m.year;
	a.month = m.month;
	len = pm_month_days(m);
	if (r->nth == 0) {
		a.day = r->mday == 0 || r->mday > len ? len : r->mday;
		return a;
	}
	a.day = 1;
	first = pm_date_wday(a);
	if (r->nth > 0) {
		a.day = 1 + (r->wday - first + 7) % 7 + 7 * (r->nth - 1);
		return a;
	}
	w = (first + len - 1) % 7;
	a.day = len - (w - r->wday + 7) % 7;
	return a;
}

/* ---- names ----------------------------------------------------------- */

const char *
pm_recur_mode_name(pm_recur_mode m)
{
	return m == PM_RECUR_COMPLETION ? "completion" : "calendar";
}

const char *
pm_recur_shift_name(pm_recur_shift s)
{
	switch (s) {
	case PM_SHIFT_NEXT:
		return "next";
	case PM_SHIFT_PREVIOUS:
		return "previous";
	case PM_SHIFT_SKIP:
		return "skip";
	default:
		return "none";
	}
}

/* ---- parsing --------------------------------------------------------- */

struct lex {
	const char *s;          /* the whole text */
	size_t pos;             /* where the next word starts (after spaces) */
	const char *w;          /* the current word */
	size_t wn;
	size_t wpos;
	pm_err *err;
};

/* Move to the next word; 0 at the end. */
static int
next_word(struct lex *x)
{
	while (x->s[x->pos] == ' ')
		x->pos++;
	x->wpos = x->pos;
	x->w = x->s + x->pos;
	while (x->s[x->pos] != ' ' && x->s[x->pos] != '\0')
		x->pos++;
	x->wn = x->pos - x->wpos;
	return x->wn > 0;
}

static int
is_word(const struct lex *x, const char *w)
{
	return x->wn == strlen(w) && memcmp(x->w, w, x->wn) == 0;
}

/* An error at byte offset pos: "recurrence at column C: why". */
static int
fail_at(struct lex *x, size_t pos, const char *why)
{
	return pm_err_field(x->err, PM_EX_DATAERR, "recurrence", _("recurrence at column %d: %s"),
		(int)pos + 1, why);
}

static int
fail_end(struct lex *x)
{
	return fail_at(x, x->wpos, _("unexpected end of the rule"));
}

/* An error about the current word: why has one %s for it, quoted. */
static int
fail_word(struct lex *x, const char *why)
{
	char word[RULE_MAX + 1];
	char msg[PM_ERR_MSG];
	pm_buf q;

	if (x->wn == 0)
		return fail_end(x);
	memcpy(word, x->w, x->wn);
	word[x->wn] = '\0';
	pm_buf_init(&q);
	snprintf(msg, sizeof msg, why, pm_text_quote(&q, word));
	pm_buf_free(&q);
	return fail_at(x, x->wpos, msg);
}

/* Digits only, in [lo, hi]. */
static int
num_in(const char *s, size_t n, int lo, int hi, int *out)
{
	int64_t v = 0;
	size_t i;

	if (n == 0 || n > 5)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
wday_word(const char *s, size_t n)
{
	int i;

	if (n != 3)
		return -1;
	for (i = 0; i < 7; i++)
		if (memcmp(s, wday_names[i], 3) == 0)
			return i;
	return -1;
}

/* DAYS: mon,thu  mon-fri  sat-mon,wed */
static int
parse_days(struct lex *x, unsigned *bits)
{
	size_t i = 0, j;
	int a, b, ranged;

	*bits = 0;
	for (;;) {
		j = i;
		while (j < x->wn && x->w[j] != ',' && x->w[j] != '-')
			j++;
		if ((a = wday_word(x->w + i, j - i)) < 0)
			return fail_at(x, x->wpos + i, _("expected a weekday (mon tue wed thu fri sat sun)"));
		b = a;
		ranged = 0;
		if (j < x->wn && x->w[j] == '-') {
			ranged = 1;
			i = j + 1;
			j = i;
			while (j < x->wn && x->w[j] != ',' && x->w[j] != '-')
				j++;
			if ((b = wday_word(x->w + i, j - i)) < 0)
				return fail_at(x, x->wpos + i,
					_("expected a weekday (mon tue wed thu fri sat sun)"));
			if (j < x->wn && x->w[j] == '-')
				return fail_at(x, x->wpos + j, _("a range has two ends"));
		}
		if (ranged && a == b)
			return fail_at(x, x->wpos + i, _("a range needs two different weekdays"));
		for (;;) {
			if (*bits & (1u << a))
				return fail_at(x, x->wpos + i, _("a weekday is listed twice"));
			*bits |= 1u << a;
			if (a == b)
				break;
			a = (a + 1) % 7;
		}
		if (j == x->wn)
			return 0;
		i = j + 1;      /* past ',' */
		if (i == x->wn)
			return fail_at(x, x->wpos + j, _("a weekday list ends with a comma"));
	}
}

/* HH:MM as minutes; 24:00 only when end_ok. */
static int
hhmm(const char *s, size_t n, int end_ok, int *out)
{
	int h, m;

	if (n != 5 || s[2] != ':' || num_in(s, 2, 0, 24, &h) != 0 || num_in(s + 3, 2, 0, 59, &m) != 0)
		return -1;
	if (h == 24 && (m != 0 || !end_ok))
		return -1;
	*out = h * 60 + m;
	return 0;
}

/* An optional "at HH:MM" ending a date rule, then the end. */
static int
parse_at(struct lex *x, pm_recur *r)
{
	if (!next_word(x))
		return 0;
	if (!is_word(x, "at"))
		return fail_word(x, _("expected \"at HH:MM\" or the end, found \"%s\""));
	if (!next_word(x) || hhmm(x->w, x->wn, 0, &r->minute) != 0)
		return fail_word(x, _("expected a time of day HH:MM (00:00-23:59), found \"%s\""));
	r->has_at = 1;
	if (next_word(x))
		return fail_word(x, _("unexpected \"%s\" after the rule"));
	return 0;
}

/* D or MM-DD for a cycle of step months. */
static int
parse_cycle_day(struct lex *x, pm_recur *r, int step, int need_month)
{
	char why[160];
	int m, d;

	r->freq = PM_RECUR_MONTHS;
	r->step = step;
	r->m0 = 1;
	if (!next_word(x))
		return fail_end(x);
	if (!need_month && num_in(x->w, x->wn, 1, 31, &d) == 0) {
		r->mday = d;
		return parse_at(x, r);
	}
	if (x->wn == 5 && x->w[2] == '-' && num_in(x->w, 2, 1, step, &m) == 0 &&
	    num_in(x->w + 3, 2, 1, 31, &d) == 0 && pm_date_valid(2024, m, d)) {
		r->m0 = m;
		r->mday = d;
		return parse_at(x, r);
	}
	if (need_month)
		snprintf(why, sizeof why, "%s", _("expected a date MM-DD, found \"%s\""));
	else
		snprintf(why, sizeof why, _("expected a day 1..31 or a date MM-DD with MM 01..%02d, found \"%%s\""),
			step);
	return fail_word(x, why);
}

static int
parse_monthly(struct lex *x, pm_recur *r)
{
	static const char *const ords[] = { "1st", "2nd", "3rd", "4th" };
	int d, i;

	r->freq = PM_RECUR_MONTHS;
	r->step = 1;
	r->m0 = 1;
	if (!next_word(x))
		return fail_end(x);
	if (num_in(x->w, x->wn, 1, 31, &d) == 0) {
		r->mday = d;
		return parse_at(x, r);
	}
	for (i = 0; i < 4; i++)
		if (is_word(x, ords[i]))
			r->nth = i + 1;
	if (is_word(x, "last"))
		r->nth = -1;
	if (r->nth == 0)
		return fail_word(x, _("expected a day 1..31, last, or 1st 2nd 3rd 4th, found \"%s\""));
	if (r->nth == -1) {
		size_t save = x->pos;
		if (!next_word(x) || is_word(x, "at")) {
			/* "monthly last": the last day */
			x->pos = save;
			r->nth = 0;
			r->mday = 0;
			return parse_at(x, r);
		}
		x->pos = save;
	}
	if (!next_word(x) || (r->wday = wday_word(x->w, x->wn)) < 0)
		return fail_word(x, _("expected a weekday (mon tue wed thu fri sat sun), found \"%s\""));
	return parse_at(x, r);
}

static int
parse_every(struct lex *x, pm_recur *r)
{
	int n;
	size_t npos;

	if (!next_word(x))
		return fail_end(x);
	npos = x->wpos;
	if (num_in(x->w, x->wn, 0, 99999, &n) != 0)
		return fail_word(x, _("expected a number, found \"%s\""));
	if (!next_word(x))
		return fail_end(x);
	if (is_word(x, "day") || is_word(x, "days")) {
		if (n < 1 || n > LOOK_DAYS)
			return fail_at(x, npos, _("the number of days must be 1..3660"));
		r->freq = PM_RECUR_DAYS;
		r->n = n;
		return parse_at(x, r);
	}
	if (is_word(x, "week") || is_word(x, "weeks")) {
		if (n < 1 || n > 520)
			return fail_at(x, npos, _("the number of weeks must be 1..520"));
		r->freq = PM_RECUR_DAYS;
		r->n = 7 * n;
		r->weeks = 1;
		return parse_at(x, r);
	}
	if (!is_word(x, "hour") && !is_word(x, "hours"))
		return fail_word(x, _("expected days, weeks or hours, found \"%s\""));
	if (n < 1 || n > 24)
		return fail_at(x, npos, _("the number of hours must be 1..24"));
	r->freq = PM_RECUR_HOURS;
	r->n = n;
	r->win_start = 0;
	r->win_end = 1440;
	r->wdays = 0x7f;
	if (!next_word(x))
		return 0;
	if (x->wn == 11 && x->w[5] == '-') {
		if (hhmm(x->w, 5, 0, &r->win_start) != 0)
			return fail_at(x, x->wpos, _("expected a time of day HH:MM (00:00-23:59)"));
		if (hhmm(x->w + 6, 5, 1, &r->win_end) != 0)
			return fail_at(x, x->wpos + 6, _("expected a time of day HH:MM (00:00-24:00)"));
		/* an end before the start crosses midnight (20:00-06:00: the
		 * night that starts on a listed day) */
		if (r->win_end == r->win_start || (r->win_end < r->win_start && r->win_end == 1440))
			return fail_at(x, x->wpos + 6, _("the window must not end where it starts"));
		r->has_win = 1;
		if (!next_word(x))
			return 0;
	} else if (x->wn >= 1 && x->w[0] >= '0' && x->w[0] <= '9') {
		return fail_word(x, _("expected a window HH:MM-HH:MM, found \"%s\""));
	}
	if (parse_days(x, &r->wdays) != 0)
		return x->err->status;
	if (next_word(x))
		return fail_word(x, _("unexpected \"%s\" after the rule"));
	return 0;
}

int
pm_recur_parse(const char *s, pm_recur *out, pm_err *err)
{
	struct lex x;
	size_t i, n;
	pm_recur r;

	memset(&r, 0, sizeof r);
	memset(out, 0, sizeof *out);
	memset(&x, 0, sizeof x);
	x.s = s;
	x.err = err;
	n = strlen(s);
	if (n > RULE_MAX)
		return pm_err_field(err, PM_EX_DATAERR, "recurrence",
			_("recurrence longer than %d bytes"), RULE_MAX);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] >= 0x7f)
			return fail_at(&x, i, _("unexpected character (rules are plain lower-case words)"));
	if (!next_word(&x))
		return pm_err_field(err, PM_EX_DATAERR, "recurrence", _("recurrence is empty"));
	if (is_word(&x, "daily")) {
		r.freq = PM_RECUR_DAILY;
		if (parse_at(&x, &r) != 0)
			return err->status;
	} else if (is_word(&x, "weekly")) {
		r.freq = PM_RECUR_WEEKLY;
		if (!next_word(&x))
			return fail_end(&x);
		if (parse_days(&x, &r.wdays) != 0 || parse_at(&x, &r) != 0)
			return err->status;
	} else if (is_word(&x, "every")) {
		if (parse_every(&x, &r) != 0)
			return err->status;
	} else if (is_word(&x, "monthly")) {
		if (parse_monthly(&x, &r) != 0)
			return err->status;
	} else if (is_word(&x, "quarterly")) {
		if (parse_cycle_day(&x, &r, 3, 0) != 0)
			return err->status;
	} else if (is_word(&x, "half-yearly")) {
		if (parse_cycle_day(&x, &r, 6, 0) != 0)
			return err->status;
	} else if (is_word(&x, "yearly")) {
		if (parse_cycle_day(&x, &r, 12, 1) != 0)
			return err->status;
	} else {
		return fail_word(&x, _("unknown rule \"%s\" (daily, weekly, every, monthly, quarterly, "
			"half-yearly, yearly)"));
	}
	*out = r;
	return 0;
}

/* ---- formatting ------------------------------------------------------ */

static void
put(char *buf, size_t n, size_t *len, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
put(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(*len < n ? buf + *len : NULL, *len < n ? n - *len : 0, fmt, ap);
	va_end(ap);
	if (k > 0)
		*len += (size_t)k;
}

/* Weekday bits as runs, Monday first: mon-fri,sun. */
static void
put_days(char *buf, size_t n, size_t *len, unsigned bits)
{
	int order[7] = { 1, 2, 3, 4, 5, 6, 0 };
	int i = 0, j, first = 1;

	while (i < 7) {
		if (!(bits & (1u << order[i]))) {
			i++;
			continue;
		}
		j = i;
		while (j + 1 < 7 && (bits & (1u << order[j + 1])))
			j++;
		put(buf, n, len, "%s%s", first ? "" : ",", wday_names[order[i]]);
		if (j > i + 1)
			put(buf, n, len, "-%s", wday_names[order[j]]);
		else if (j == i + 1)
			put(buf, n, len, ",%s", wday_names[order[j]]);
		first = 0;
		i = j + 1;
	}
}

size_t
pm_recur_format(const pm_recur *r, char *buf, size_t n)
{
	static const char *const ords[] = { "", "1st", "2nd", "3rd", "4th" };
	size_t len = 0;

	if (n > 0)
		buf[0] = '\0';
	switch (r->freq) {
	case PM_RECUR_DAILY:
		put(buf, n, &len, "daily");
		break;
	case PM_RECUR_WEEKLY:
		put(buf, n, &len, "weekly ");
		put_days(buf, n, &len, r->wdays);
		break;
	case PM_RECUR_DAYS:
		if (r->weeks)
			put(buf, n, &len, "every %d week%s", r->n / 7, r->n == 7 ? "" : "s");
		else
			put(buf, n, &len, "every %d day%s", r->n, r->n == 1 ? "" : "s");
		break;
	case PM_RECUR_MONTHS:
		if (r->step == 1) {
			if (r->nth != 0)
				put(buf, n, &len, "monthly %s %s", r->nth < 0 ? "last" : ords[r->nth],
					wday_names[r->wday]);
			else if (r->mday == 0)
				put(buf, n, &len, "monthly last");
			else
				put(buf, n, &len, "monthly %d", r->mday);
		} else {
			put(buf, n, &len, "%s %02d-%02d",
				r->step == 3 ? "quarterly" : r->step == 6 ? "half-yearly" : "yearly",
				r->m0, r->mday);
		}
		break;
	case PM_RECUR_HOURS:
		put(buf, n, &len, "every %d hour%s", r->n, r->n == 1 ? "" : "s");
		if (r->has_win)
			put(buf, n, &len, " %02d:%02d-%02d:%02d", r->win_start / 60, r->win_start % 60,
				r->win_end / 60, r->win_end % 60);
		if (r->wdays != 0x7f) {
			put(buf, n, &len, " ");
			put_days(buf, n, &len, r->wdays);
		}
		return len;
	}
	if (r->has_at)
		put(buf, n, &len, " at %02d:%02d", r->minute / 60, r->minute % 60);
	return len;
}

size_t
pm_recur_key(const pm_recur *r, const pm_recur_occ *o, char *buf, size_t n)
{
	/* a date rule has one nominal time a day: its date is enough, and
	 * stays the identity when the rule's "at" changes */
	return pm_time_format(o->nominal, r->freq == PM_RECUR_HOURS ? PM_TF_MINUTE : PM_TF_DATE,
		buf, n);
}

static int
popcount7(unsigned b)
{
	int c = 0, i;

	for (i = 0; i < 7; i++)
		c += (b >> i) & 1;
	return c;
}

int
pm_recur_anchor_check(const pm_recur *r, pm_recur_mode mode, pm_recur_shift shift, pm_err *err)
{
	if (r->freq == PM_RECUR_HOURS && (shift == PM_SHIFT_NEXT || shift == PM_SHIFT_PREVIOUS))
		return pm_err_field(err, PM_EX_DATAERR, "shift",
			_("an hourly rule cannot be moved to another day (use none or skip)"));
	if (mode != PM_RECUR_COMPLETION)
		return 0;
	if (r->freq == PM_RECUR_WEEKLY && popcount7(r->wdays) > 1)
		return pm_err_field(err, PM_EX_DATAERR, "anchor",
			_("a weekly rule on several days cannot be anchored to completion "
			"(it has no single period): use every N days"));
	if (r->freq == PM_RECUR_MONTHS && r->nth != 0)
		return pm_err_field(err, PM_EX_DATAERR, "anchor",
			_("a rule on the Nth weekday cannot be anchored to completion "
			"(it has no single period): use a day of the month"));
	return 0;
}

/* ---- walking --------------------------------------------------------- */

/* An hourly window that crosses midnight (20:00-06:00), and where its
 * slots end in minutes from the start of the day it starts on. */
#define CROSSES(r) ((r)->win_end < (r)->win_start)
#define WIN_END(r) (CROSSES(r) ? (r)->win_end + 1440 : (r)->win_end)

/* The instant of minute slot (may be past 24:00) counted from day d. */
static pm_time
slot_time(pm_date d, int slot)
{
	pm_date nd = d;

	if (slot >= 1440 && pm_date_add_days(d, slot / 1440, &nd) == 0)
		slot %= 1440;
	return pm_date_at(nd, slot);
}

struct walk {
	const pm_recur *r;
	const pm_recur_anchor *a;
	const pm_calendar *cal;
	pm_time from, to;
	pm_time give_up;        /* a nominal past this ends the walk (skip, previous) */
	pm_recur_fn fn;
	void *arg;
	int64_t seq;
	pm_err *err;
};

static int
is_working(const pm_calendar *cal, pm_date a, int *w, pm_err *err)
{
	pm_cal_info info;
	int rc;

	if ((rc = pm_calendar_day(cal, a.year * 10000 + a.month * 100 + a.day, &info, err)) != 0)
		return rc;
	*w = info.working;
	return 0;
}

/* The working day nearest a in direction dir (+1, -1), a itself when working. */
static int
working_from(const pm_calendar *cal, pm_date a, int dir, pm_date *out, pm_err *err)
{
	int k, w, rc;
	pm_date d;

	for (k = 0; k <= LOOK_DAYS; k++) {
		if (pm_date_add_days(a, (int64_t)k * dir, &d) != 0)
			break;
		if ((rc = is_working(cal, d, &w, err)) != 0)
			return rc;
		if (w) {
			*out = d;
			return 0;
		}
	}
	return pm_err_set(err, PM_EX_CONFIG, _("no working day within 10 years"));
}

/* One nominal occurrence on date d at minute: 0 go on, 1 stop, else an error. */
static int
emit(struct walk *w, pm_date d, int minute)
{
	pm_recur_occ o;
	pm_date s = d, nd = d;
	int rc, ok;

	/* a slot of a window that crossed midnight falls on the next day;
	 * the day it belongs to (listed, working) is still d */
	if (minute >= 1440) {
		if (pm_date_add_days(d, minute / 1440, &nd) != 0)
			return 1;
		minute %= 1440;
	}
	o.nominal = pm_date_at(nd, minute);
	if (o.nominal > w->give_up)
		return 1;
	switch (w->a->shift) {
	case PM_SHIFT_NONE:
		break;
	case PM_SHIFT_SKIP:
		if (o.nominal > w->to)
			return 1;
		if ((rc = is_working(w->cal, d, &ok, w->err)) != 0)
			return rc;
		if (!ok)
			return 0;
		break;
	case PM_SHIFT_NEXT:
	case PM_SHIFT_PREVIOUS:
		if ((rc = working_from(w->cal, d, w->a->shift == PM_SHIFT_NEXT ? 1 : -1, &s,
		    w->err)) != 0)
			return rc;
		break;
	}
	o.at = pm_date_cmp(s, d) == 0 ? o.nominal : pm_date_at(s, minute);    /* hourly: s == d */
	if (o.at > w->to)
		return 1;
	if (o.at < w->from)
		return 0;
	o.seq = w->seq++;
	return w->fn(w->arg, &o) != 0 ? 1 : 0;
}

/* Calendar series from date lo (nominals before the start never come). */
static int
walk_calendar(struct walk *w, pm_date lo)
{
	const pm_recur *r = w->r;
	pm_date start = pm_date_of(w->a->start), d;
	pm_month m;
	int64_t k;
	int rc, slot;

	if (pm_date_cmp(lo, start) < 0)
		lo = start;
	switch (r->freq) {
	case PM_RECUR_DAILY:
	case PM_RECUR_WEEKLY:
		for (d = lo;; ) {
			if ((r->freq == PM_RECUR_DAILY || (r->wdays & (1u << pm_date_wday(d)))) &&
			    (rc = emit(w, d, r->minute)) != 0)
				return rc;
			if (pm_date_add_days(d, 1, &d) != 0)
				return 1;
		}
	case PM_RECUR_DAYS:
		k = pm_date_diff(start, lo);
		k = k <= 0 ? 0 : (k + r->n - 1) / r->n;
		for (;; k++) {
			if (pm_date_add_days(start, k * r->n, &d) != 0)
				return 1;
			if ((rc = emit(w, d, r->minute)) != 0)
				return rc;
		}
	case PM_RECUR_MONTHS:
		m.year = lo.year;
		m.month = lo.month;
		/* back to the cycle's month at or before lo's */
		m = pm_month_add(m, -(((lo.month - r->m0) % r->step + r->step) % r->step));
		for (;; m = pm_month_add(m, r->step)) {
			d = month_day(r, m);
			if (d.year > 9999)
				return 1;
			if (pm_date_cmp(d, lo) < 0)
				continue;
			if ((rc = emit(w, d, r->minute)) != 0)
				return rc;
		}
	case PM_RECUR_HOURS:
		/* the night of the day before lo reaches into lo */
		d = lo;
		if (CROSSES(r))
			(void)pm_date_add_days(lo, -1, &d);
		for (;; ) {
			if (!(r->wdays & (1u << pm_date_wday(d)))) {
				/* a day not listed still ends a walk that is past its end */
				if (pm_date_at(d, 0) > w->give_up)
					return 1;
			} else {
				for (slot = r->win_start; slot < WIN_END(r); slot += r->n * 60) {
					if (slot_time(d, slot) < w->a->start)
						continue;
					if ((rc = emit(w, d, slot)) != 0)
						return rc;
				}
			}
			if (pm_date_add_days(d, 1, &d) != 0)
				return 1;
		}
	}
	return pm_err_set(w->err, PM_EX_SOFTWARE, _("unknown recurrence %d"), (int)r->freq);
}

/* The period of a date rule in days (months == 0) or months. */
static void
period_of(const pm_recur *r, int *days, int *months)
{
	*days = 0;
	*months = 0;
	switch (r->freq) {
	case PM_RECUR_DAILY:
		*days = 1;
		break;
	case PM_RECUR_WEEKLY:
		*days = 7;
		break;
	case PM_RECUR_DAYS:
		*days = r->n;
		break;
	case PM_RECUR_MONTHS:
		*months = r->step;
		break;
	case PM_RECUR_HOURS:
		break;
	}
}

/* The local minute of day of t. */
static int
minute_of(pm_time t)
{
	pm_tm tm;

	pm_time_local(t, &tm);
	return tm.hour * 60 + tm.min;
}

/* t moved forward into a listed day's window (t itself when inside).  A
 * window that crosses midnight belongs to the day it starts on. */
static pm_time
into_window(const pm_recur *r, pm_time t)
{
	pm_date d = pm_date_of(t), e;
	int minute = minute_of(t), wd = pm_date_wday(d), k;

	if (CROSSES(r)) {
		if (minute < r->win_end && (r->wdays & (1u << ((wd + 6) % 7))))
			return t;       /* the night of the day before */
		if (minute >= r->win_start && (r->wdays & (1u << wd)))
			return t;
	} else if ((r->wdays & (1u << wd)) && minute >= r->win_start && minute < r->win_end) {
		return t;
	}
	if ((r->wdays & (1u << wd)) && minute < r->win_start)
		return pm_date_at(d, r->win_start);
	for (k = 1; k <= 7; k++) {
		if (pm_date_add_days(d, k, &e) != 0)
			break;
		if (r->wdays & (1u << pm_date_wday(e)))
			return pm_date_at(e, r->win_start);
	}
	return t;       /* no day listed: the parser never makes one */
}

/* The first nominal of the calendar series (the completion series' first). */
static int
first_nominal(void *arg, const pm_recur_occ *o)
{
	*(pm_time *)arg = o->nominal;
	return 1;
}

/* Completion series: the first calendar occurrence, or one period after the
 * last completion, then projected a period apart. */
static int
walk_completion(struct walk *w, pm_date lo)
{
	const pm_recur *r = w->r;
	int days, months, rc;
	pm_time t, first = 0;
	int64_t k, off;
	pm_date base, d;

	if (!w->a->has_done) {
		struct walk f = *w;
		pm_recur_anchor a0 = *w->a;

		a0.shift = PM_SHIFT_NONE;
		a0.mode = PM_RECUR_CALENDAR;
		f.a = &a0;
		f.from = INT64_MIN;
		f.to = INT64_MAX;
		f.give_up = INT64_MAX;
		f.fn = first_nominal;
		f.arg = &first;
		if ((rc = walk_calendar(&f, pm_date_of(a0.start))) > 1)
			return rc;
	}
	if (r->freq == PM_RECUR_HOURS) {
		t = w->a->has_done ? into_window(r, w->a->done + (int64_t)r->n * 3600) : first;
		for (;; t = into_window(r, t + (int64_t)r->n * 3600)) {
			base = pm_date_of(t);
			if (pm_date_cmp(base, lo) < 0)
				continue;
			if ((rc = emit(w, base, minute_of(t))) != 0)
				return rc;
		}
	}
	period_of(r, &days, &months);
	/* every projection from the same origin, so a clamped day (31 -> 28
	 * February) does not stick: the k-th is origin + (k + off) periods */
	base = pm_date_of(w->a->has_done ? w->a->done : first);
	off = w->a->has_done ? 1 : 0;
	k = 0;
	if (pm_date_cmp(base, lo) < 0) {
		if (months)
			k = pm_month_diff((pm_month){ base.year, base.month },
				(pm_month){ lo.year, lo.month }) / months - 1 - off;
		else
			k = pm_date_diff(base, lo) / days - 1 - off;
		if (k < 0)
			k = 0;
	}
	for (;; k++) {
		/* 0001..9999 is under 120000 months: (k + off) * months fits an int */
		if ((months ? pm_date_add_months(base, (int)((k + off) * months), &d) :
		    pm_date_add_days(base, (k + off) * days, &d)) != 0)
			return 1;
		if (pm_date_cmp(d, lo) < 0)
			continue;
		if ((rc = emit(w, d, r->minute)) != 0)
			return rc;
	}
}

int
pm_recur_each(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
    pm_time from, pm_time to, pm_recur_fn fn, void *arg, pm_err *err)
{
	struct walk w;
	pm_date lo, e;
	int rc;

	if ((rc = pm_recur_anchor_check(r, a->mode, a->shift, err)) != 0)
		return rc;
	if (a->shift != PM_SHIFT_NONE && cal == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("recurrence moved off non-working days without a calendar"));
	if (from > to)
		return 0;
	memset(&w, 0, sizeof w);
	w.r = r;
	w.a = a;
	w.cal = cal;
	w.from = from;
	w.to = to;
	w.fn = fn;
	w.arg = arg;
	w.err = err;
	/* a nominal past to can still be due by to only when moved back */
	w.give_up = to;
	lo = pm_date_of(from);
	switch (a->shift) {
	case PM_SHIFT_NEXT:
		/* nominals after the last working day before from are due at or after it
		 * (the calendar's first day has no day before it) */
		if (pm_date_add_days(lo, -1, &e) != 0)
			break;
		if ((rc = working_from(cal, e, -1, &e, err)) != 0)
			return rc;
		(void)pm_date_add_days(e, 1, &lo);
		break;
	case PM_SHIFT_PREVIOUS:
		if ((rc = working_from(cal, lo, 1, &lo, err)) != 0)
			return rc;
		/* past the calendar's last day nothing is moved back */
		if (pm_date_add_days(pm_date_of(to), 1, &e) != 0)
			break;
		if ((rc = working_from(cal, e, 1, &e, err)) != 0)
			return rc;
		w.give_up = pm_date_at(e, 0) - 1;
		if (w.give_up < to)
			w.give_up = to;
		break;
	default:
		break;
	}
	rc = a->mode == PM_RECUR_COMPLETION ? walk_completion(&w, lo) : walk_calendar(&w, lo);
	return rc == 1 ? 0 : rc;
}

struct first {
	pm_recur_occ occ;
	int found;
};

static int
take_first(void *arg, const pm_recur_occ *o)
{
	struct first *f = arg;

	f->occ = *o;
	f->found = 1;
	return 1;
}

int
pm_recur_next(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
    pm_time after, pm_recur_occ *out, pm_err *err)
{
	struct first f;
	pm_span y11 = { 0, 12 * 11 };
	int rc;

	memset(&f, 0, sizeof f);
	if ((rc = pm_recur_each(r, a, cal, after + 1, pm_time_add(after, y11), take_first, &f,
	    err)) != 0)
		return rc;
	if (!f.found)
		return pm_err_set(err, PM_EX_NOTFOUND, _("no occurrence within 11 years"));
	*out = f.occ;
	return 0;
}

/* ---- gaps ------------------------------------------------------------ */

/* The longest k consecutive calendar months can be, in days. */
static int64_t
longest_months(int64_t k)
{
	int64_t best = 0, sum;
	int64_t i, s;

	if (k <= 0)
		return 0;
	if (k > 12 * 400)
		return k * 31;
	/* any four consecutive years hold every arrangement of a leap year
	 * that matters here; 2100 (not leap) only shortens */
	for (s = 0; s < 48; s++) {
		sum = 0;
		for (i = 0; i < k; i++)
			sum += pm_month_days(pm_month_add((pm_month){ 2024, 1 }, (int)(s + i)));
		if (sum > best)
			best = sum;
	}
	return best;
}

struct gaps {
	pm_recur_gap *g;
	int64_t days, rest;     /* the maximum as local days and exact seconds */
	pm_recur_occ prev;
};

static int
gap_step(void *arg, const pm_recur_occ *o)
{
	struct gaps *s = arg;
	pm_recur_gap *g = s->g;
	pm_time limit;
	pm_tm tm;

	if (g->count++ > 0) {
		if (o->at - s->prev.at > g->seconds) {
			g->seconds = o->at - s->prev.at;
			g->a = s->prev;
			g->b = *o;
		}
		pm_time_local(s->prev.at, &tm);
		limit = pm_time_from_local(tm.year, tm.month, tm.day + (int)s->days, tm.hour, tm.min,
			tm.sec) + s->rest;
		if (!g->breach && o->at > limit) {
			g->breach = 1;
			g->ba = s->prev;
			g->bb = *o;
		}
	}
	s->prev = *o;
	return 0;
}

int
pm_recur_gaps(const pm_recur *r, const pm_recur_anchor *a, const pm_calendar *cal,
    pm_time from, pm_time to, pm_span max, pm_recur_gap *out, pm_err *err)
{
	struct gaps s;

	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	s.g = out;
	if (max.seconds < 0 || max.months < 0)
		return pm_err_set(err, PM_EX_DATAERR, _("a maximum interval cannot be negative"));
	s.days = longest_months(max.months) + max.seconds / DAY;
	if (s.days > 100000)
		s.days = 100000;
	s.rest = max.seconds % DAY;
	return pm_recur_each(r, a, cal, from, to, gap_step, &s, err);
}
