/* prorate.c — a month's amount over its days; see prorate.h. */
#include <string.h>

#include "buf.h"
#include "prorate.h"
#include "text.h"

int64_t
pm_prorate_weight(pm_prorate rule, int n, int e)
{
	if (n < 28 || n > 31 || e < 0 || e > n)
		return -1;
	switch (rule) {
	case PM_PRORATE_ACTUAL:
		return e;
	case PM_PRORATE_DAYS30:
		/* the month's end is the 30th, however long the month is */
		return e == n ? 30 : e < 30 ? e : 30;
	case PM_PRORATE_WHOLE:
		return e == n;
	case PM_PRORATE_NONE:
		return e >= 1;
	default:
		return -1;
	}
}

static int
month_days(pm_month m)
{
	if (m.year < 1 || m.year > 9999 || m.month < 1 || m.month > 12)
		return -1;
	return pm_days_in_month(m.year, m.month);
}

int
pm_prorate_cum(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, int e, int64_t *out)
{
	int n = month_days(m);
	int64_t w, total, div;

	if (n < 0 || den < 1)
		return -1;
	w = pm_prorate_weight(rule, n, e);
	total = pm_prorate_weight(rule, n, n);
	if (w < 0 || total <= 0)
		return -1;
	/* den * W: W <= 31, refuse rather than wrap */
	if (__builtin_mul_overflow(den, total, &div))
		return -1;
	/* muldiv checks the mode and the result's range */
	return pm_money_muldiv(num, w, div, mode, out);
}

int
pm_prorate_part(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, int first, int last, int64_t *out)
{
	int64_t hi, lo;

	if (first < 1 || first > last)
		return -1;
	if (pm_prorate_cum(rule, mode, m, num, den, last, &hi) != 0 ||
	    pm_prorate_cum(rule, mode, m, num, den, first - 1, &lo) != 0)
		return -1;
	/* cum is monotone and both lie within PM_MONEY_MAX of 0 with the
	 * same sign: the difference cannot overflow */
	*out = hi - lo;
	return 0;
}

int
pm_prorate_split(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, const int *starts, size_t n, int64_t *parts)
{
	int days = month_days(m);
	int64_t prev, cur;
	size_t i;
	int end;

	if (days < 0 || starts == NULL || parts == NULL || n == 0 ||
	    starts[0] != 1)
		return -1;
	for (i = 1; i < n; i++)
		if (starts[i] <= starts[i - 1] || starts[i] > days)
			return -1;
	/* all checks first: parts stay untouched on any failure */
	if (pm_prorate_cum(rule, mode, m, num, den, days, &cur) != 0)
		return -1;
	prev = 0;
	for (i = 0; i < n; i++) {
		end = i + 1 < n ? starts[i + 1] - 1 : days;
		if (pm_prorate_cum(rule, mode, m, num, den, end, &cur) != 0)
			return -1;      /* not reached: same inputs as above */
		parts[i] = cur - prev;
		prev = cur;
	}
	return 0;
}

static const char *const prorate_names[] = {
	"actual", "days30", "whole", "none"
};

#define N_PRORATE (sizeof prorate_names / sizeof prorate_names[0])

int
pm_prorate_parse(const char *s, pm_prorate *rule)
{
	int i = pm_text_enum(prorate_names, N_PRORATE, s);

	if (i < 0)
		return -1;
	*rule = (pm_prorate)i;
	return 0;
}

const char *
pm_prorate_name(pm_prorate rule)
{
	return pm_text_enum_name(prorate_names, N_PRORATE, (int)rule);
}

/* w(e) of the rule as SQL, e and n expressions; W into total. */
static int
weight_sql(pm_buf *out, pm_prorate rule, const char *n, const char *e, pm_buf *total)
{
	switch (rule) {
	case PM_PRORATE_ACTUAL:
		pm_buf_addf(out, "(%s)", e);
		pm_buf_addf(total, "(%s)", n);
		return 0;
	case PM_PRORATE_DAYS30:
		pm_buf_addf(out, "(CASE WHEN (%s) >= (%s) OR (%s) > 30 THEN 30 ELSE (%s) END)",
		    e, n, e, e);
		pm_buf_adds(total, "30");
		return 0;
	case PM_PRORATE_WHOLE:
		pm_buf_addf(out, "(CASE WHEN (%s) >= (%s) THEN 1 ELSE 0 END)", e, n);
		pm_buf_adds(total, "1");
		return 0;
	case PM_PRORATE_NONE:
		pm_buf_addf(out, "(CASE WHEN (%s) >= 1 THEN 1 ELSE 0 END)", e);
		pm_buf_adds(total, "1");
		return 0;
	default:
		return -1;
	}
}

/* cum(e) as SQL: muldiv(num, w(e), den * W). */
static int
cum_sql(pm_buf *out, pm_prorate rule, pm_round mode, const char *num, const char *den,
    const char *n, const char *e)
{
	pm_buf w, total, div;
	int rc;

	pm_buf_init(&w);
	pm_buf_init(&total);
	pm_buf_init(&div);
	if ((rc = weight_sql(&w, rule, n, e, &total)) == 0) {
		pm_buf_addf(&div, "(%s) * %s", den, total.s);
		rc = pm_money_muldiv_sql(out, num, w.s, div.s, mode);
	}
	pm_buf_free(&w);
	pm_buf_free(&total);
	pm_buf_free(&div);
	return rc;
}

int
pm_prorate_part_sql(pm_buf *out, pm_prorate rule, pm_round mode, const char *num,
    const char *den, const char *ndays, const char *first, const char *last)
{
	pm_buf hi, lo, before;
	int rc;

	pm_buf_init(&hi);
	pm_buf_init(&lo);
	pm_buf_init(&before);
	pm_buf_addf(&before, "(%s) - 1", first);
	if ((rc = cum_sql(&hi, rule, mode, num, den, ndays, last)) == 0 &&
	    (rc = cum_sql(&lo, rule, mode, num, den, ndays, before.s)) == 0)
		pm_buf_addf(out, "(%s - %s)", hi.s, lo.s);
	pm_buf_free(&hi);
	pm_buf_free(&lo);
	pm_buf_free(&before);
	return rc;
}
