/* test_prorate.c — prorate.c: a month's amount over its days. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "db.h"
#include "registry.h"
#include "prorate.h"

__extension__ typedef __int128 i128;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL INT64_C(-4242)

static const pm_prorate rules[] = {
	PM_PRORATE_ACTUAL, PM_PRORATE_DAYS30, PM_PRORATE_WHOLE, PM_PRORATE_NONE
};
static const pm_round modes[] = {
	PM_ROUND_HALF_UP, PM_ROUND_HALF_EVEN, PM_ROUND_DOWN, PM_ROUND_UP
};

static pm_month
M(int y, int m)
{
	pm_month r = { y, m };

	return r;
}

static int64_t
part(pm_prorate rule, pm_round mode, pm_month m, int64_t num, int64_t den,
    int first, int last)
{
	int64_t v = SENTINEL;

	if (pm_prorate_part(rule, mode, m, num, den, first, last, &v) != 0)
		fail_msg("%s %04d-%02d %lld/%lld days %d..%d: refused",
		    pm_prorate_name(rule), m.year, m.month, (long long)num,
		    (long long)den, first, last);
	return v;
}

static int64_t
whole(pm_prorate rule, pm_round mode, pm_month m, int64_t num, int64_t den)
{
	return part(rule, mode, m, num, den, 1, pm_month_days(m));
}

/* The examples of the issue and of DOMAIN.md § Money, and of prorate.h. */
static void
test_worked_examples(void **state)
{
	pm_month nov = M(2026, 11), dec = M(2026, 12), feb = M(2026, 2);
	int64_t line = INT64_C(10050) * 18500;  /* 100.50 m2 x 1.85 yuan */

	(void)state;
	/* a move-in on the 10th of a 30-day month: 21/30 of the month */
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, 30000,
	    1, 10, 30), 21000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, nov, 30000,
	    1, 10, 30), 21000);
	/* the bill line, rounded once: 185.925 -> 185.93 or 185.92 */
	assert_int_equal(whole(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, line,
	    10000), 18593);
	assert_int_equal(whole(PM_PRORATE_ACTUAL, PM_ROUND_HALF_EVEN, nov,
	    line, 10000), 18592);
	/* its move-in part: 21/30 of 185.925 = 130.1475, and the rest
	 * 55.7775: 130.15 + 55.78 = 185.93 */
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, line,
	    10000, 10, 30), 13015);
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, line,
	    10000, 1, 9), 5578);

	/* actual: 22/31 in December, 19/28 in February 2026 */
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, dec, 31000,
	    1, 10, 31), 22000);
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, feb, 28000,
	    1, 10, 28), 19000);

	/* days30: 21/30 from the 10th whatever the month's length */
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, dec, 30000,
	    1, 10, 31), 21000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, feb, 30000,
	    1, 10, 28), 21000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, M(2024, 2),
	    30000, 1, 10, 29), 21000);
	/* the 1st to the 20th: 20/30 */
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, dec, 30000,
	    1, 1, 20), 20000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, feb, 30000,
	    1, 1, 20), 20000);
	/* the 31st weighs nothing, the 1st..30th of December is whole */
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, dec, 30000,
	    1, 31, 31), 0);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, dec, 30000,
	    1, 1, 30), 30000);
	/* the last day of February weighs up to the 30th */
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, feb, 30000,
	    1, 28, 28), 3000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, M(2024, 2),
	    30000, 1, 29, 29), 2000);
	assert_int_equal(part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, M(2024, 2),
	    30000, 1, 28, 28), 1000);

	/* whole: the range holding the last day; none: the first day */
	assert_int_equal(part(PM_PRORATE_WHOLE, PM_ROUND_HALF_UP, nov, 30000,
	    1, 10, 30), 30000);
	assert_int_equal(part(PM_PRORATE_WHOLE, PM_ROUND_HALF_UP, nov, 30000,
	    1, 1, 20), 0);
	assert_int_equal(part(PM_PRORATE_NONE, PM_ROUND_HALF_UP, nov, 30000,
	    1, 10, 30), 0);
	assert_int_equal(part(PM_PRORATE_NONE, PM_ROUND_HALF_UP, nov, 30000,
	    1, 1, 20), 30000);
	assert_int_equal(part(PM_PRORATE_WHOLE, PM_ROUND_HALF_EVEN, nov, line,
	    10000, 30, 30), 18592);
	assert_int_equal(part(PM_PRORATE_NONE, PM_ROUND_HALF_UP, nov, line,
	    10000, 1, 1), 18593);
	assert_int_equal(part(PM_PRORATE_NONE, PM_ROUND_HALF_UP, nov, line,
	    10000, 2, 30), 0);

	/* a credit mirrors a charge */
	assert_int_equal(part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, -line,
	    10000, 10, 30), -13015);
	assert_int_equal(whole(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP, nov, -line,
	    10000), -18593);
}

static void
test_weights(void **state)
{
	int n, e;
	size_t r;

	(void)state;
	for (n = 28; n <= 31; n++)
		for (r = 0; r < NELEM(rules); r++) {
			assert_int_equal(pm_prorate_weight(rules[r], n, 0), 0);
			for (e = 1; e <= n; e++)
				assert_true(pm_prorate_weight(rules[r], n, e) >=
				    pm_prorate_weight(rules[r], n, e - 1));
			assert_int_equal(pm_prorate_weight(rules[r], n, -1), -1);
			assert_int_equal(pm_prorate_weight(rules[r], n, n + 1), -1);
		}
	assert_int_equal(pm_prorate_weight(PM_PRORATE_ACTUAL, 31, 31), 31);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_DAYS30, 31, 30), 30);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_DAYS30, 31, 31), 30);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_DAYS30, 28, 27), 27);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_DAYS30, 28, 28), 30);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_WHOLE, 30, 29), 0);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_WHOLE, 30, 30), 1);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_NONE, 30, 1), 1);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_ACTUAL, 27, 1), -1);
	assert_int_equal(pm_prorate_weight(PM_PRORATE_ACTUAL, 32, 1), -1);
	assert_int_equal(pm_prorate_weight((pm_prorate)4, 30, 1), -1);
	assert_int_equal(pm_prorate_weight((pm_prorate)-1, 30, 1), -1);
}

/*
 * |part - exact share| < 1 fen (at most 1 in half-even, where both ends
 * can be ties rounded opposite ways), and a range from the 1st is the
 * exact share rounded once in the mode.
 */
static void
check_near(pm_prorate rule, pm_round mode, pm_month m, int64_t num,
    int64_t den, int first, int last, int64_t got)
{
	int n = pm_month_days(m);
	i128 W = pm_prorate_weight(rule, n, n);
	i128 dw = pm_prorate_weight(rule, n, last) -
	    pm_prorate_weight(rule, n, first - 1);
	i128 off = (i128)got * den * W - (i128)num * dw;
	i128 lim = (i128)den * W;
	int64_t direct;

	if (mode == PM_ROUND_HALF_EVEN ? off < -lim || off > lim :
	    off <= -lim || off >= lim)
		fail_msg("%s %04d-%02d %lld/%lld days %d..%d: %lld is a fen "
		    "or more off", pm_prorate_name(rule), m.year, m.month,
		    (long long)num, (long long)den, first, last, (long long)got);
	if (first == 1) {
		assert_int_equal(pm_money_muldiv(num, (int64_t)dw,
		    den * (int64_t)W, mode, &direct), 0);
		assert_int_equal(got, direct);
	}
}

/*
 * The property of the issue: over every month of 2000..2100 and every
 * day a month can be split at, the two parts add up to the whole month,
 * for every rule and rounding mode, with amounts in fen and as area x
 * rate fractions.  Three-way splits (a vacancy or a rate change inside
 * the month) are checked over every pair of days in every month of two
 * years, one with a leap February.
 */
static void
test_split_adds_up(void **state)
{
	static const struct { int64_t num, den; } amounts[] = {
		{ 18593, 1 }, { 1, 1 }, { 29, 1 }, { 100000, 1 },
		{ INT64_C(10050) * 18500, 10000 },      /* 185.925 */
		{ INT64_C(8833) * 23456, 10000 },
		{ -12345, 1 }, { INT64_C(7) * 1000003, 977 },
		{ PM_MONEY_MAX, 1 }, { -PM_MONEY_MAX, 1 },
	};
	int y, mo, s, t, n;
	size_t r, md, a;
	int64_t w, p1, p2, p3;
	pm_month m;
	long checked = 0;

	(void)state;
	for (y = 2000; y <= 2100; y++)
		for (mo = 1; mo <= 12; mo++) {
			m = M(y, mo);
			n = pm_month_days(m);
			for (r = 0; r < NELEM(rules); r++)
				for (md = 0; md < NELEM(modes); md++)
					for (a = 0; a < NELEM(amounts); a++) {
		int64_t num = amounts[a].num, den = amounts[a].den;

		w = whole(rules[r], modes[md], m, num, den);
		assert_int_equal(pm_money_muldiv(num, 1, den, modes[md], &p1), 0);
		assert_int_equal(w, p1);        /* the month, rounded once */
		for (s = 2; s <= n; s++) {
			p1 = part(rules[r], modes[md], m, num, den, 1, s - 1);
			p2 = part(rules[r], modes[md], m, num, den, s, n);
			if (p1 + p2 != w)
				fail_msg("%s %s %04d-%02d %lld/%lld split at %d: "
				    "%lld + %lld != %lld", pm_prorate_name(rules[r]),
				    pm_round_name(modes[md]), y, mo, (long long)num,
				    (long long)den, s, (long long)p1, (long long)p2,
				    (long long)w);
			if (rules[r] == PM_PRORATE_ACTUAL ||
			    rules[r] == PM_PRORATE_DAYS30) {
				check_near(rules[r], modes[md], m, num, den, 1,
				    s - 1, p1);
				check_near(rules[r], modes[md], m, num, den, s, n,
				    p2);
			}
			checked++;
		}
		if (y != 2023 && y != 2024)
			continue;
		for (s = 2; s <= n; s++)
			for (t = s; t <= n; t++) {
				p1 = part(rules[r], modes[md], m, num, den, 1, s - 1);
				p2 = part(rules[r], modes[md], m, num, den, s, t);
				p3 = t < n ? part(rules[r], modes[md], m, num, den,
				    t + 1, n) : 0;
				if (p1 + p2 + p3 != w)
					fail_msg("%s %04d-%02d: 1..%d, %d..%d, "
					    "%d..%d do not add up",
					    pm_prorate_name(rules[r]), y, mo,
					    s - 1, s, t, t + 1, n);
				checked++;
			}
					}
		}
	assert_true(checked > 5000000);
}

/* pm_prorate_split is the parts of its ranges. */
static void
test_split(void **state)
{
	pm_month nov = M(2026, 11), feb = M(2024, 2);
	int64_t parts[4], sum;
	int st[4] = { 1, 10, 15, 30 }, e;
	size_t r, i;

	(void)state;
	for (r = 0; r < NELEM(rules); r++) {
		assert_int_equal(pm_prorate_split(rules[r], PM_ROUND_HALF_UP, nov,
		    18593, 1, st, 4, parts), 0);
		assert_int_equal(parts[0], part(rules[r], PM_ROUND_HALF_UP, nov,
		    18593, 1, 1, 9));
		assert_int_equal(parts[1], part(rules[r], PM_ROUND_HALF_UP, nov,
		    18593, 1, 10, 14));
		assert_int_equal(parts[2], part(rules[r], PM_ROUND_HALF_UP, nov,
		    18593, 1, 15, 29));
		assert_int_equal(parts[3], part(rules[r], PM_ROUND_HALF_UP, nov,
		    18593, 1, 30, 30));
		for (sum = 0, i = 0; i < 4; i++)
			sum += parts[i];
		assert_int_equal(sum, 18593);
	}
	/* one range: the whole month */
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    feb, 100, 1, st, 1, parts), 0);
	assert_int_equal(parts[0], 100);
	/* one range a day: 100 fen over 29 days */
	{
		int days[29];
		int64_t p[29];

		for (e = 0; e < 29; e++)
			days[e] = e + 1;
		assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL,
		    PM_ROUND_HALF_UP, feb, 100, 1, days, 29, p), 0);
		for (sum = 0, e = 0; e < 29; e++) {
			assert_true(p[e] == 3 || p[e] == 4);
			sum += p[e];
		}
		assert_int_equal(sum, 100);
	}
}

static void
test_refused(void **state)
{
	pm_month nov = M(2026, 11);
	int64_t v = SENTINEL, parts[3] = { SENTINEL, SENTINEL, SENTINEL };
	int bad1[2] = { 2, 10 }, bad2[3] = { 1, 10, 10 }, bad3[2] = { 1, 31 },
	    bad4[3] = { 1, 12, 11 }, ok[2] = { 1, 10 };

	(void)state;
	/* ranges */
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, 0, 10, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, 11, 10, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, 1, 31, &v), -1);
	assert_int_equal(pm_prorate_cum(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, -1, &v), -1);
	/* months, rules, modes, fractions */
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    M(2026, 13), 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    M(2026, 0), 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    M(0, 1), 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    M(10000, 1), 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part((pm_prorate)9, PM_ROUND_HALF_UP,
	    nov, 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, (pm_round)9,
	    nov, 100, 1, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 0, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, -5, 1, 1, &v), -1);
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, INT64_MAX, 1, 1, &v), -1);       /* den * 30 overflows */
	/* a whole month beyond the range of amounts */
	assert_int_equal(pm_prorate_part(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, INT64_MAX, 1, 1, 30, &v), -1);
	assert_int_equal(v, SENTINEL);
	/* splits */
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, bad1, 2, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, bad2, 3, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, bad3, 2, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, bad4, 3, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, ok, 0, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, NULL, 1, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, 100, 1, ok, 2, NULL), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, (pm_round)7,
	    nov, 100, 1, ok, 2, parts), -1);
	assert_int_equal(pm_prorate_split(PM_PRORATE_ACTUAL, PM_ROUND_HALF_UP,
	    nov, INT64_MAX, 1, ok, 2, parts), -1);
	assert_int_equal(parts[0], SENTINEL);
	assert_int_equal(parts[1], SENTINEL);
	assert_int_equal(parts[2], SENTINEL);
}

static void
test_names(void **state)
{
	pm_prorate r = PM_PRORATE_NONE;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rules); i++) {
		assert_int_equal(pm_prorate_parse(pm_prorate_name(rules[i]), &r), 0);
		assert_int_equal(r, rules[i]);
	}
	assert_string_equal(pm_prorate_name(PM_PRORATE_ACTUAL), "actual");
	assert_string_equal(pm_prorate_name(PM_PRORATE_DAYS30), "days30");
	assert_string_equal(pm_prorate_name((pm_prorate)4), "unknown");
	assert_int_equal(pm_prorate_parse("Actual", &r), -1);
	assert_int_equal(pm_prorate_parse("days/30", &r), -1);
	assert_int_equal(pm_prorate_parse("", &r), -1);
	assert_int_equal(pm_prorate_parse(NULL, &r), -1);
}

/*
 * The SQL form agrees with the C form: every rule and mode, every month
 * length, every range of days, amounts from 0 to the largest the
 * callers allow (62 * num below 2^63), and the half-way cases.
 */
static void
test_sql_form(void **state)
{
	static const pm_month months[] = { { 2026, 2 }, { 2024, 2 }, { 2026, 4 }, { 2026, 1 } };
	static const int64_t nums[] = { 0, 1, 7, 185925000, 99999999, INT64_C(148000000000000000) };
	static const int64_t dens[] = { 1, 100, 10000, 1000000 };
	char dir[] = "/tmp/pm-prorate.XXXXXX", path[300];
	pm_db *db = NULL;
	pm_err err;
	int rule, mode, mi, first, last;
	size_t ni, di;
	long n = 0;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(pm_db_create(path, 1000, &db, &err), 0);
	for (rule = 0; rule <= PM_PRORATE_NONE; rule++)
		for (mode = 0; mode <= PM_ROUND_UP; mode++) {
			pm_buf sql;
			pm_stmt *st = NULL;

			pm_buf_init(&sql);
			pm_buf_adds(&sql, "SELECT ");
			assert_int_equal(pm_prorate_part_sql(&sql, (pm_prorate)rule, (pm_round)mode,
			    "?1", "?2", "?3", "?4", "?5"), 0);
			assert_int_equal(pm_db_prepare(db, sql.s, &st, &err), 0);
			for (mi = 0; mi < 4; mi++)
				for (first = 1; first <= pm_month_days(months[mi]); first++)
					for (last = first; last <= pm_month_days(months[mi]); last++)
						for (ni = 0; ni < sizeof nums / sizeof nums[0]; ni++)
							for (di = 0; di < sizeof dens / sizeof dens[0]; di++) {
								int64_t want = 0, got;

								assert_int_equal(pm_prorate_part((pm_prorate)rule,
								    (pm_round)mode, months[mi], nums[ni], dens[di],
								    first, last, &want), 0);
								pm_stmt_reset(st);
								pm_stmt_bindf(st, "iiiii", nums[ni], dens[di],
								    (int64_t)pm_month_days(months[mi]),
								    (int64_t)first, (int64_t)last);
								assert_int_equal(pm_stmt_step(st, &err), 1);
								got = pm_stmt_int(st, 0);
								if (got != want)
									fail_msg("%s %s %d days %d..%d %lld/%lld: "
									    "SQL %lld, C %lld",
									    pm_prorate_name((pm_prorate)rule),
									    pm_round_name((pm_round)mode),
									    pm_month_days(months[mi]), first, last,
									    (long long)nums[ni], (long long)dens[di],
									    (long long)got, (long long)want);
								n++;
							}
			pm_stmt_free(st);
			pm_buf_free(&sql);
		}
	assert_true(n > 100000);
	/* a bad rule or mode writes nothing */
	{
		pm_buf b;

		pm_buf_init(&b);
		assert_int_equal(pm_prorate_part_sql(&b, (pm_prorate)9, PM_ROUND_HALF_UP, "1", "1",
		    "30", "1", "2"), -1);
		assert_int_equal(pm_prorate_part_sql(&b, PM_PRORATE_ACTUAL, (pm_round)9, "1", "1",
		    "30", "1", "2"), -1);
		assert_int_equal(b.len, 0);
		pm_buf_free(&b);
	}
	pm_db_discard(db);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_worked_examples),
		cmocka_unit_test(test_weights),
		cmocka_unit_test(test_split_adds_up),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_sql_form),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
