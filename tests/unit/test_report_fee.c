/*
 * test_report_fee.c — the fees section's arrears at three dates in one
 * read against pm_fee_arrears, date by date and site by site; the bills'
 * opened and settled days (0027) as entries post and are reversed; the
 * section's statements held to their indexes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "fee.h"
#include "fee_arrears.h"
#include "fee_report.h"
#include "registry.h"
#include "report_fee.h"
#include "fixture.h"

static pm_ctx ctx;

/*
 * Five bills in the journal as pm-fee posts them (charge B<n>, postings
 * ref B<n>.<line>): 1-101's October 2025 (100.00, unpaid) and October
 * 2026 (200.00 in two lines, 50.00 paid on 2026-11-10); 1-102's
 * September 2026 (300.00, paid on 2026-11-05) and November 2026 (10.00,
 * due 11-30); 9-901's January 2023 (400.00, unpaid: over three years by
 * 2026-11-30), with a fixed late fee of 5.00 unpaid (B5.L).
 */
static int
setup(void **state)
{
	(void)state;
	if (pm_registry_init() != 0)
		return -1;
	return fx_open(&ctx, "pm-fee", "qian",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential'),"
	    " (2, 'moon', '月亮', 'residential');"
	    "INSERT INTO unit (id, site_id, code, area) VALUES (1, 1, '1-101', 10000),"
	    " (2, 1, '1-102', 8000), (4, 2, '9-901', 12000);"
	    "INSERT INTO fee_run (id, kind, at, actor) VALUES (1, 'bill', 0, 'qian'), (2, 'bill', 0, 'qian');"
	    "INSERT INTO bill (id, run_id, site_id, unit_id, period, date, due) VALUES"
	    " (1, 1, 1, 1, '2025-10', '2025-10-01', '2025-10-31'),"
	    " (2, 2, 1, 1, '2026-10', '2026-10-01', '2026-10-31'),"
	    " (3, 1, 1, 2, '2026-09', '2026-09-01', '2026-09-30'),"
	    " (4, 2, 1, 2, '2026-11', '2026-11-01', '2026-11-30'),"
	    " (5, 1, 2, 4, '2023-01', '2023-01-01', '2023-01-31');"
	    "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, period, amount) VALUES"
	    " (1, 1, 1, 'period', 'PROP', '2025-10', 10000),"
	    " (2, 1, 1, 'period', 'PROP', '2026-10', 15000),"
	    " (2, 2, 1, 'period', 'PARK', '2026-10', 5000),"
	    " (3, 1, 2, 'period', 'PROP', '2026-09', 30000),"
	    " (4, 1, 2, 'period', 'PROP', '2026-11', 1000),"
	    " (5, 1, 4, 'period', 'PROP', '2023-01', 40000);"
	    "INSERT INTO ledger_account (id, name, created_at) VALUES"
	    " (1, 'Assets:Receivable:sunny:1-101', 0), (2, 'Assets:Receivable:sunny:1-102', 0),"
	    " (3, 'Assets:Receivable:moon:9-901', 0), (9, 'Income:Fee:PROP', 0),"
	    " (10, 'Liabilities:Credit:sunny:1-101', 0), (11, 'Liabilities:Credit:sunny:1-102', 0),"
	    " (12, 'Income:LateFee', 0);"
	    "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES"
	    " (1, 1, '2025-10-01', 10000, 'B1.1'), (1, 9, '2025-10-01', -10000, 'B1.1'),"
	    " (2, 1, '2026-10-01', 15000, 'B2.1'), (2, 9, '2026-10-01', -15000, 'B2.1'),"
	    " (2, 1, '2026-10-01', 5000, 'B2.2'), (2, 9, '2026-10-01', -5000, 'B2.2'),"
	    " (3, 2, '2026-09-01', 30000, 'B3.1'), (3, 9, '2026-09-01', -30000, 'B3.1'),"
	    " (4, 2, '2026-11-01', 1000, 'B4.1'), (4, 9, '2026-11-01', -1000, 'B4.1'),"
	    " (5, 3, '2023-01-01', 40000, 'B5.1'), (5, 9, '2023-01-01', -40000, 'B5.1'),"
	    " (6, 1, '2026-11-10', -5000, 'B2.1'), (6, 10, '2026-11-10', 5000, 'P1'),"
	    " (7, 2, '2026-11-05', -30000, 'B3.1'), (7, 11, '2026-11-05', 30000, 'P2'),"
	    " (8, 3, '2024-03-01', 500, 'B5.L'), (8, 12, '2024-03-01', -500, 'B5.L');"
	    "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref) VALUES"
	    " (1, 'charge', '2025-10-01', 0, 'qian', 'B1'), (2, 'charge', '2026-10-01', 0, 'qian', 'B2'),"
	    " (3, 'charge', '2026-09-01', 0, 'qian', 'B3'), (4, 'charge', '2026-11-01', 0, 'qian', 'B4'),"
	    " (5, 'charge', '2023-01-01', 0, 'qian', 'B5'),"
	    " (6, 'allocation', '2026-11-10', 0, 'qian', 'P1'),"
	    " (7, 'allocation', '2026-11-05', 0, 'qian', 'P2'),"
	    " (8, 'accrual', '2024-03-01', 0, 'qian', 'B5');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_date
day(const char *s)
{
	pm_date d;
	pm_err e;

	assert_int_equal(pm_date_parse(s, &d, &e), 0);
	return d;
}

static int
add_unit(void *arg, const pm_arrears_row *r)
{
	pm_report_fee_ageing *a = arg;
	int k;

	for (k = 0; k < PM_AGE_N; k++)
		a->left[k] += r->age[k];
	a->total += r->principal;
	return 0;
}

static int
add_debt(void *arg, const pm_arrears_debt *d)
{
	pm_report_fee_ageing *a = arg;

	if (d->left > 0)
		a->bills[d->bucket]++;
	return 0;
}

/* What pm_fee_arrears (no late fees) says of site as of asof. */
static void
by_arrears(const char *site, pm_date asof, pm_report_fee_ageing *a)
{
	pm_arrears_filter f;
	pm_fee_conf c;

	memset(a, 0, sizeof *a);
	memset(&f, 0, sizeof f);
	memset(&c, 0, sizeof c);
	f.site = site;
	f.asof = asof;
	f.no_late = 1;
	assert_int_equal(pm_fee_arrears(&ctx, &c, &f, add_debt, add_unit, a, &ctx.err), 0);
}

static void
arrears_agree(void **state)
{
	static const char *const sites[] = { NULL, "sunny", "moon" };
	pm_date at[3] = { day("2026-11-30"), day("2026-10-31"), day("2025-11-30") };
	pm_report_fee_ageing got[3], want;
	size_t s;
	int i, k;

	(void)state;
	for (s = 0; s < sizeof sites / sizeof sites[0]; s++) {
		assert_int_equal(pm_report_fee_arrears(&ctx, sites[s], at, 3, got, &ctx.err), 0);
		for (i = 0; i < 3; i++) {
			by_arrears(sites[s], at[i], &want);
			assert_int_equal(got[i].total, want.total);
			for (k = 0; k < PM_AGE_N; k++) {
				if (got[i].left[k] != want.left[k] || got[i].bills[k] != want.bills[k])
					fail_msg("site %s, date %d, bucket %d: %lld in %lld bills, "
					    "arrears says %lld in %lld", sites[s] ? sites[s] : "*", i, k,
					    (long long)got[i].left[k], (long long)got[i].bills[k],
					    (long long)want.left[k], (long long)want.bills[k]);
			}
		}
	}
	/* the facts: as of 2026-11-30, 1-101's 100.00 (395 days: 1-3
	 * years) and 150.00 of 200.00 (30 days), 9-901's 400.00 over three
	 * years; 1-102's September settled, its November not due yet */
	assert_int_equal(pm_report_fee_arrears(&ctx, NULL, at, 3, got, &ctx.err), 0);
	assert_int_equal(got[0].total, 10000 + 15000 + 40000);
	assert_int_equal(got[0].left[PM_AGE_30], 15000);
	assert_int_equal(got[0].bills[PM_AGE_30], 1);
	assert_int_equal(got[0].left[PM_AGE_3Y], 10000);
	assert_int_equal(got[0].left[PM_AGE_OVER], 40000);
	/* as of 2026-10-31: 1-102's September still open (31 days),
	 * 1-101's October 2025 365 days overdue */
	assert_int_equal(got[1].total, 10000 + 30000 + 40000);
	assert_int_equal(got[1].left[PM_AGE_365], 10000);
	assert_int_equal(got[1].left[PM_AGE_90], 30000);
	/* as of 2025-11-30: 1-101's October 2025 (30 days), 9-901's (1-3 y) */
	assert_int_equal(got[2].total, 10000 + 40000);
	assert_int_equal(got[2].left[PM_AGE_30], 10000);
	assert_int_equal(got[2].left[PM_AGE_3Y], 40000);
	/* one date, and the refusals */
	assert_int_equal(pm_report_fee_arrears(&ctx, "moon", at, 1, got, &ctx.err), 0);
	assert_int_equal(got[0].total, 40000);
	assert_int_equal(pm_report_fee_arrears(&ctx, "nowhere", at, 3, got, &ctx.err),
	    PM_EX_NOINPUT);
	assert_int_equal(pm_report_fee_arrears(&ctx, NULL, at, 4, got, &ctx.err), PM_EX_SOFTWARE);
}

/* What bill_settled_track says of bill id: "OPENED SETTLED" (open: -). */
static const char *
days(int64_t id)
{
	static char out[64];
	int found = 0;

	assert_int_equal(pm_db_get_text(ctx.db, &ctx.err, out, sizeof out, &found,
	    "SELECT coalesce(opened, '-') || ' ' || coalesce(settled, '-') FROM bill WHERE id = ?1",
	    "i", id), 0);
	assert_true(found);
	return out;
}

/* The days the arrears read by (0027), as the journal's entries post:
 * kept by the trigger, whoever writes the entry. */
static void
days_follow_the_journal(void **state)
{
	(void)state;
	assert_string_equal(days(1), "2025-10-01 -");
	assert_string_equal(days(2), "2026-10-01 -");
	assert_string_equal(days(3), "2026-09-01 2026-11-05");
	assert_string_equal(days(4), "2026-11-01 -");
	assert_string_equal(days(5), "2023-01-01 -");
}

static int64_t
arrears_at(const char *asof)
{
	pm_date at[1] = { day(asof) };
	pm_report_fee_ageing got[1], want;

	assert_int_equal(pm_report_fee_arrears(&ctx, NULL, at, 1, got, &ctx.err), 0);
	by_arrears(NULL, at[0], &want);
	assert_int_equal(got[0].total, want.total);
	return got[0].total;
}

/* A reversal that reopens a settled bill brings it back into the
 * arrears from its day on, and paying it again settles it again. */
static void
reversal_reopens(void **state)
{
	(void)state;
	assert_int_equal(arrears_at("2026-11-30"), 10000 + 15000 + 40000);
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO ledger_posting (txn_id, account_id, date, "
	    "amount, ref) VALUES (9, 2, '2026-11-20', 30000, 'B3.1'), "
	    "(9, 11, '2026-11-20', -30000, 'P2');"
	    "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref, reverses) VALUES "
	    "(9, 'reversal', '2026-11-20', 0, 'qian', 'P2', 7);", &ctx.err), 0);
	assert_string_equal(days(3), "2026-09-01 -");
	assert_int_equal(arrears_at("2026-11-19"), 10000 + 15000 + 40000);
	assert_int_equal(arrears_at("2026-11-30"), 10000 + 15000 + 30000 + 40000);
	/* as of the days between the payment and its reversal it stays paid */
	assert_int_equal(arrears_at("2026-11-10"), 10000 + 15000 + 40000);
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO ledger_posting (txn_id, account_id, date, "
	    "amount, ref) VALUES (10, 2, '2026-11-25', -30000, 'B3.1'), "
	    "(10, 11, '2026-11-25', 30000, 'P3');"
	    "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref) VALUES "
	    "(10, 'allocation', '2026-11-25', 0, 'qian', 'P3');", &ctx.err), 0);
	assert_string_equal(days(3), "2026-09-01 2026-11-25");
	assert_int_equal(arrears_at("2026-11-22"), 10000 + 15000 + 30000 + 40000);
	assert_int_equal(arrears_at("2026-11-30"), 10000 + 15000 + 40000);
}

static int
count_problem(void *arg, const char *check, const char *detail)
{
	(void)check;
	if (strstr(detail, "bill B1: opened 2025-10-01, settled 2025-11-01 in the bill") != NULL)
		++*(int *)arg;
	return 0;
}

/* pm-admin check (check "fee") finds a cache that disagrees with the
 * journal. */
static void
check_finds_stale_days(void **state)
{
	long before = 0, after = 0;
	int found = 0;

	(void)state;
	assert_int_equal(pm_fee_check(&ctx, count_problem, &found, &before, &ctx.err), 0);
	assert_int_equal(found, 0);
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE bill SET settled = '2025-11-01' WHERE id = 1",
	    &ctx.err), 0);
	assert_int_equal(pm_fee_check(&ctx, count_problem, &found, &after, &ctx.err), 0);
	assert_int_equal(found, 1);
	assert_int_equal(after, before + 1);
}

/* Unit by unit (the outer loop, so the rows of a unit come together
 * without a sort), the bills that may be open at a date are two ranges
 * of bill_unit_settled, and their postings, bill by bill, a range of
 * the covered index of 0026: a bill settled long ago is never read.
 * The month's accruals and reversals and its costs are ranges of their
 * date indexes. */
static void
plans_hold(void **state)
{
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	assert_int_equal(pm_report_fee_plan(&ctx, &b, &ctx.err), 0);
	if (strstr(b.s, "MULTI-INDEX OR") == NULL ||
	    strstr(b.s, "INDEX bill_unit_settled (unit_id=? AND settled=?)") == NULL ||
	    strstr(b.s, "INDEX bill_unit_settled (unit_id=? AND settled>?)") == NULL ||
	    strstr(b.s, "TEMP B-TREE FOR ORDER BY") != NULL ||
	    strstr(b.s, "COVERING INDEX ledger_posting_unit_ref (account_id=? AND ref>? AND ref<?)")
	    == NULL ||
	    strstr(b.s, "INDEX ledger_txn_accrual (date>? AND date<?)") == NULL ||
	    strstr(b.s, "INDEX ledger_txn_reversal (date>? AND date<?)") == NULL ||
	    strstr(b.s, "cost_date (date>? AND date<?)") == NULL ||
	    strstr(b.s, "SCAN p\n") != NULL || strstr(b.s, "SCAN b\n") != NULL ||
	    strstr(b.s, "SCAN l\n") != NULL || strstr(b.s, "SCAN t\n") != NULL)
		fail_msg("plans:\n%s", b.s);
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(arrears_agree),
		T(days_follow_the_journal),
		T(reversal_reopens),
		T(check_finds_stale_days),
		T(plans_hold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
