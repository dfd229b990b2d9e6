/* test_fee_arrears.c — arrears as of a date from the journal: principal
 * left, the documented late-fee example exact to the fen through bill,
 * payments, fixing and arrears, the waiver that freezes a late fee, the
 * ageing buckets' edges, the limitation period with its restarts (a
 * demand, a partial payment, an agreement), the payments-recorded
 * warning, and the reminder list. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin.h"
#include "db.h"
#include "fee_arrears.h"
#include "fee_notice.h"
#include "ledger.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;
static pm_fee_conf conf;

#define RECV "Assets:Receivable:sunny:3-1"
#define CREDIT "Liabilities:Credit:sunny:3-1"

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof conf);
	pm_fee_rules_default(&conf.rules);
	conf.rules.late.rate_ppm = 500;         /* 0.05 % a day */
	conf.rules.late.grace_days = 15;
	return fx_open(&ctx, "pm-fee", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential');"
	    "INSERT INTO building (id, site_id, code) VALUES (1, 1, 'B3');"
	    "INSERT INTO unit (id, site_id, code, area, building_id) VALUES (1, 1, '3-1', 10000, 1), "
	    "(2, 1, '3-2', 9000, NULL);"
	    "INSERT INTO occupant (unit_id, name, phone, role, move_in) VALUES "
	    "(1, '张三', '13812341234', 'owner', '2020-01-01')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_date
D(const char *s)
{
	pm_date d;
	pm_err e;

	assert_int_equal(pm_date_parse(s, &d, &e), 0);
	return d;
}

/* A bill of one line of amount, for period, due on due, charged to unit 3-1. */
static void
bill(int64_t id, const char *period, const char *date, const char *due, int64_t amount)
{
	char ref[16], lref[16];
	pm_ledger_posting p[2];
	pm_ledger_entry e;

	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO fee_run (id, kind, at, actor) "
	    "VALUES (?1, 'bill', 0, 'root')", "i", id), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO bill (id, run_id, site_id, "
	    "unit_id, period, date, due) VALUES (?1, ?1, 1, 1, ?2, ?3, ?4)", "ittt", id, period,
	    date, due), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO bill_line (bill_id, n, unit_id, "
	    "kind, item, period, amount) VALUES (?1, 1, 1, 'charge', 'PROP', ?2, ?3)", "iti", id,
	    period, amount), 0);
	snprintf(ref, sizeof ref, "B%lld", (long long)id);
	snprintf(lref, sizeof lref, "B%lld.1", (long long)id);
	p[0] = (pm_ledger_posting){ RECV, amount, lref };
	p[1] = (pm_ledger_posting){ "Income:Fee:PROP", -amount, lref };
	memset(&e, 0, sizeof e);
	e.kind = "charge";
	e.date = D(date);
	e.ref = ref;
	e.post = p;
	e.npost = 2;
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
}

static int64_t
post2(const char *kind, const char *date, const char *ref, const char *a1, int64_t x,
    const char *r1, const char *a2, const char *r2)
{
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	int64_t id;

	p[0] = (pm_ledger_posting){ a1, x, r1 };
	p[1] = (pm_ledger_posting){ a2, -x, r2 };
	memset(&e, 0, sizeof e);
	e.kind = kind;
	e.date = D(date);
	e.ref = ref;
	e.post = p;
	e.npost = 2;
	assert_int_equal(pm_ledger_post(&ctx, &e, &id, NULL, &ctx.err), 0);
	return id;
}

/* Payment P<n> of x on date, allocated to the principal of bill b's line 1
 * (the contract's payment and allocation entries); the allocation's id. */
static int64_t
pay(int n, const char *date, int64_t x, int64_t b)
{
	char p[16], l[16];

	snprintf(p, sizeof p, "P%d", n);
	snprintf(l, sizeof l, "B%lld.1", (long long)b);
	post2("payment", date, p, "Assets:Cash:bank", x, p, CREDIT, p);
	return post2("allocation", date, p, CREDIT, x, p, RECV, l);
}

/* The late fee fixed: an accrual of x to bill b on date. */
static void
accrue(int64_t b, const char *date, int64_t x)
{
	char r[16], l[16];

	snprintf(r, sizeof r, "B%lld", (long long)b);
	snprintf(l, sizeof l, "B%lld.L", (long long)b);
	post2("accrual", date, r, RECV, x, l, "Income:LateFee", l);
}

struct got {
	pm_arrears_row row;
	pm_arrears_debt debt[8];
	int nrows, ndebts;
};

static int
got_debt(void *arg, const pm_arrears_debt *d)
{
	struct got *g = arg;

	if (g->ndebts < 8)
		g->debt[g->ndebts++] = *d;
	return 0;
}

static int
got_row(void *arg, const pm_arrears_row *r)
{
	struct got *g = arg;

	g->row = *r;
	g->nrows++;
	return 0;
}

static void
arrears(const char *asof, struct got *g)
{
	pm_arrears_filter f;

	memset(g, 0, sizeof *g);
	memset(&f, 0, sizeof f);
	f.asof = D(asof);
	assert_int_equal(pm_fee_arrears(&ctx, &conf, &f, got_debt, got_row, g, &ctx.err), 0);
}

/* The documented example of fee_late.h through the journal: 1,859.25 due
 * 2026-11-30, 15 days' grace, 0.05 % a day, 1,000.00 paid on 2026-12-31
 * and the rest on 2027-01-14: 20.89. */
static void
late_fee_example(void **state)
{
	struct got g;

	(void)state;
	bill(12, "2026-11", "2026-11-01", "2026-11-30", 185925);
	/* as of the due date nothing is overdue */
	arrears("2026-11-30", &g);
	assert_int_equal(g.nrows, 0);
	/* in the grace period: owed, no late fee */
	arrears("2026-12-15", &g);
	assert_int_equal(g.nrows, 1);
	assert_int_equal(g.row.principal, 185925);
	assert_int_equal(g.row.late_fee, 0);
	/* the first day that costs: 1,859.25 x 0.0005 = 0.929625 -> 0.93 */
	arrears("2026-12-16", &g);
	assert_int_equal(g.row.late_fee, 93);
	pay(1, "2026-12-31", 100000, 12);
	accrue(12, "2026-12-31", 1487);         /* 16 days on 1,859.25: 14.874 */
	arrears("2026-12-31", &g);
	assert_int_equal(g.row.principal, 85925);
	assert_int_equal(g.row.late_fee, 1487);
	assert_int_equal(g.row.receivable, 85925 + 1487);
	assert_int_equal(g.debt[0].late_fixed, 1487);
	/* computed beyond what is fixed: 16 days on 1,859.25 and 13 on 859.25 */
	arrears("2027-01-13", &g);
	assert_int_equal(g.row.late_fee, 2046);
	assert_int_equal(g.row.receivable, 85925 + 1487);
	pay(2, "2027-01-14", 85925, 12);
	accrue(12, "2027-01-14", 2089 - 1487);
	arrears("2027-01-14", &g);
	assert_int_equal(g.nrows, 1);
	assert_int_equal(g.row.principal, 0);
	assert_int_equal(g.row.late_fee, 2089);
	assert_int_equal(g.row.receivable, 2089);
	/* nothing accrues once the principal is paid */
	arrears("2027-06-30", &g);
	assert_int_equal(g.row.late_fee, 2089);
	/* as of a day before the second payment, the journal as it stood */
	arrears("2027-01-13", &g);
	assert_int_equal(g.row.late_fee, 2046);
}

/* A reversed payment counts as never made; a waived late fee is frozen. */
static void
reversal_and_waiver(void **state)
{
	struct got g;
	int64_t alloc, w;

	(void)state;
	bill(12, "2026-11", "2026-11-01", "2026-11-30", 185925);
	alloc = pay(1, "2026-12-31", 100000, 12);
	assert_int_equal(pm_ledger_reverse(&ctx, alloc, D("2027-01-05"), NULL, NULL, &ctx.err), 0);
	arrears("2027-01-04", &g);
	assert_int_equal(g.row.principal, 85925);
	arrears("2027-01-05", &g);
	assert_int_equal(g.row.principal, 185925);
	/* 21 days on the whole: 1,859.25 x 0.0005 x 21 = 19.52 */
	assert_int_equal(g.row.late_fee, 1952);
	/* waived on 2027-01-05 as `waive --late-fee` does it: fixed (an
	 * accrual), waived (the waiver entry) and recorded (fee_waiver) */
	accrue(12, "2027-01-05", 1952);
	w = post2("waiver", "2027-01-05", "B12", "Income:LateFee", 1952, "B12.L", RECV, "B12.L");
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO fee_waiver (bill_id, kind, "
	    "amount, date, at, actor, reason, entry_id) VALUES (12, 'late', 1952, '2027-01-05', 0, "
	    "'root', '困难户', ?1)", "i", w), 0);
	arrears("2027-03-31", &g);
	assert_int_equal(g.row.principal, 185925);
	assert_int_equal(g.row.late_fee, 0);
	assert_true(g.debt[0].late_frozen);
}

static void
no_late_rule(void **state)
{
	struct got g;

	(void)state;
	conf.rules.late.rate_ppm = 0;
	bill(1, "2026-01", "2026-01-01", "2026-01-31", 10000);
	arrears("2026-11-30", &g);
	assert_int_equal(g.row.principal, 10000);
	assert_int_equal(g.row.late_fee, 0);
}

static void
age_edges(void **state)
{
	pm_date due = D("2026-01-01"), d;

	(void)state;
	assert_int_equal(pm_fee_age_bucket(due, D("2026-01-02")), PM_AGE_30);
	assert_int_equal(pm_fee_age_bucket(due, D("2026-01-31")), PM_AGE_30);     /* 30 */
	assert_int_equal(pm_fee_age_bucket(due, D("2026-02-01")), PM_AGE_90);     /* 31 */
	pm_date_add_days(due, 90, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_90);
	pm_date_add_days(due, 91, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_180);
	pm_date_add_days(due, 180, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_180);
	pm_date_add_days(due, 181, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_365);
	pm_date_add_days(due, 365, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_365);
	pm_date_add_days(due, 366, &d);
	assert_int_equal(pm_fee_age_bucket(due, d), PM_AGE_3Y);
	/* three years by the calendar (2028 has a 29 February) */
	assert_int_equal(pm_fee_age_bucket(due, D("2029-01-01")), PM_AGE_3Y);
	assert_int_equal(pm_fee_age_bucket(due, D("2029-01-02")), PM_AGE_OVER);
}

static void
aging_through_arrears(void **state)
{
	struct got g;

	(void)state;
	conf.rules.late.rate_ppm = 0;
	bill(1, "2026-10", "2026-10-01", "2026-10-31", 100);    /* 30 days on 11-30 */
	bill(2, "2026-09", "2026-09-01", "2026-10-30", 200);    /* 31 */
	bill(3, "2023-11", "2023-11-01", "2023-11-30", 400);    /* 3 years: 2026-11-30 */
	bill(4, "2023-10", "2023-10-01", "2023-11-29", 800);    /* 3 years and a day */
	arrears("2026-11-30", &g);
	assert_int_equal(g.row.age[PM_AGE_30], 100);
	assert_int_equal(g.row.age[PM_AGE_90], 200);
	assert_int_equal(g.row.age[PM_AGE_3Y], 400);
	assert_int_equal(g.row.age[PM_AGE_OVER], 800);
	assert_int_equal(g.row.barred, 800);
	assert_int_equal(g.row.principal, 1500);
	assert_int_equal(g.row.bills, 4);
	assert_int_equal(pm_date_cmp(g.row.oldest_due, D("2023-11-29")), 0);
	/* --older-than 30d: the debt 30 days overdue is left out */
	{
		pm_arrears_filter f;

		memset(&f, 0, sizeof f);
		f.asof = D("2026-11-30");
		f.older_than = 30;
		memset(&g, 0, sizeof g);
		assert_int_equal(pm_fee_arrears(&ctx, &conf, &f, NULL, got_row, &g, &ctx.err), 0);
		assert_int_equal(g.row.principal, 1400);
		f.building = "B3";
		assert_int_equal(pm_fee_arrears(&ctx, &conf, &f, NULL, got_row, &g, &ctx.err), 0);
		f.building = "B9";
		assert_int_equal(pm_fee_arrears(&ctx, &conf, &f, NULL, got_row, &g, &ctx.err),
		    PM_EX_NOINPUT);
		f.building = NULL;
		f.unit = "9-9";
		assert_int_equal(pm_fee_arrears(&ctx, &conf, &f, NULL, got_row, &g, &ctx.err),
		    PM_EX_NOINPUT);
	}
}

/* The worked example of fee_limit.h through the demands table. */
static void
limitation_demand(void **state)
{
	pm_demand_in in;
	struct got g;
	int64_t id;

	(void)state;
	conf.rules.late.rate_ppm = 0;
	bill(1, "2022-01", "2022-01-01", "2022-01-31", 5000);
	arrears("2025-01-31", &g);
	assert_false(g.debt[0].barred);
	arrears("2025-02-01", &g);
	assert_true(g.debt[0].barred);
	assert_int_equal(g.row.barred, 5000);
	memset(&in, 0, sizeof in);
	in.unit = "3-1";
	in.date = D("2024-06-01");
	in.method = "post";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), 0);
	assert_true(id > 0);
	arrears("2027-06-01", &g);
	assert_false(g.debt[0].barred);
	assert_int_equal(pm_date_cmp(g.debt[0].last_day, D("2027-06-01")), 0);
	arrears("2027-06-02", &g);
	assert_true(g.debt[0].barred);
	/* as of a day before the demand, it was not made yet */
	arrears("2024-05-31", &g);
	assert_int_equal(pm_date_cmp(g.debt[0].last_day, D("2025-01-31")), 0);
	/* refusals: a date to come, no method, an agreement with one */
	in.date = D("2026-12-01");
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_DATAERR);
	in.date = D("2024-06-01");
	in.method = "fax";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "method");
	in.method = NULL;
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_DATAERR);
	in.unit = "9-9";
	in.method = "hand";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_NOINPUT);
	/* append-only */
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE fee_demand SET date = '2025-01-01'",
	    &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM fee_demand", &ctx.err), 0);
}

/* A partial payment restarts the period of the bill it pays; an agreement
 * after the period ended revives it. */
static void
limitation_payment_agreement(void **state)
{
	pm_demand_in in;
	struct got g;
	int64_t id;

	(void)state;
	conf.rules.late.rate_ppm = 0;
	bill(1, "2022-01", "2022-01-01", "2022-01-31", 5000);
	bill(2, "2022-02", "2022-02-01", "2022-02-28", 5000);
	pay(1, "2023-05-10", 1000, 1);
	arrears("2026-05-10", &g);
	assert_int_equal(g.ndebts, 2);
	assert_false(g.debt[0].barred);         /* paid in part: to 2026-05-10 */
	assert_true(g.debt[1].barred);          /* since 2025-03-01 */
	assert_int_equal(g.row.barred, 5000);
	arrears("2026-05-11", &g);
	assert_true(g.debt[0].barred);
	assert_int_equal(g.row.barred, 9000);
	memset(&in, 0, sizeof in);
	in.unit = "3-1";
	in.agreement = 1;
	in.date = D("2026-06-01");
	in.text = "分三期付清";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), 0);
	arrears("2026-06-02", &g);
	assert_false(g.debt[0].barred);
	assert_false(g.debt[1].barred);
	assert_int_equal(pm_date_cmp(g.debt[1].last_day, D("2029-06-01")), 0);
	in.method = "post";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_USAGE);
}

static void
recorded_through(void **state)
{
	pm_date t;
	int has, warn;

	(void)state;
	assert_int_equal(pm_fee_arrears_recorded(&ctx, &conf, D("2026-11-30"), &t, &has, &warn,
	    &ctx.err), 0);
	assert_false(has);
	assert_true(warn);
	bill(1, "2026-10", "2026-10-01", "2026-10-31", 10000);
	pay(1, "2026-11-20", 1000, 1);
	assert_int_equal(pm_fee_arrears_recorded(&ctx, &conf, D("2026-11-30"), &t, &has, &warn,
	    &ctx.err), 0);
	assert_true(has);
	assert_true(warn);
	assert_int_equal(pm_date_cmp(t, D("2026-11-20")), 0);
	assert_int_equal(pm_fee_arrears_recorded(&ctx, &conf, D("2026-11-20"), &t, &has, &warn,
	    &ctx.err), 0);
	assert_false(warn);
	/* an import covers through its last day, whatever was typed in since */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO pay_import (at, actor, rows, new, "
	    "first_date, last_date) VALUES (1796000000, 'root', 3, 3, '2026-11-01', '2026-11-29')",
	    &ctx.err), 0);
	assert_int_equal(pm_fee_arrears_recorded(&ctx, &conf, D("2026-11-30"), &t, &has, &warn,
	    &ctx.err), 0);
	assert_int_equal(pm_date_cmp(t, D("2026-11-29")), 0);
	assert_true(warn);
	/* no late fees in force: nothing to warn about */
	conf.rules.late.rate_ppm = 0;
	assert_int_equal(pm_fee_arrears_recorded(&ctx, &conf, D("2026-11-30"), &t, &has, &warn,
	    &ctx.err), 0);
	assert_false(warn);
}

static int
got_remind(void *arg, const pm_remind_row *r)
{
	char *s = arg;

	snprintf(s, 128, "%s %s %s %lld %lld", r->unit, r->name, r->phone, (long long)r->owed,
	    (long long)r->bills);
	return 0;
}

static void
remind(void **state)
{
	pm_arrears_filter f;
	char buf[128] = "";

	(void)state;
	bill(1, "2026-09", "2026-09-01", "2026-09-30", 10000);
	bill(2, "2026-10", "2026-10-01", "2026-10-31", 10000);
	memset(&f, 0, sizeof f);
	f.asof = D("2026-11-30");
	f.older_than = 30;
	assert_int_equal(pm_fee_remind(&ctx, &conf, &f, got_remind, buf, &ctx.err), 0);
	/* the lib hands the owner over in clear (the writer masks it), with
	 * everything overdue: the old debt chose the unit */
	assert_string_equal(buf, "3-1 张三 13812341234 20000 2");
	/* nothing more than 61 days overdue: nobody to remind */
	buf[0] = '\0';
	f.older_than = 61;
	assert_int_equal(pm_fee_remind(&ctx, &conf, &f, got_remind, buf, &ctx.err), 0);
	assert_string_equal(buf, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(late_fee_example, setup, teardown),
		cmocka_unit_test_setup_teardown(reversal_and_waiver, setup, teardown),
		cmocka_unit_test_setup_teardown(no_late_rule, setup, teardown),
		cmocka_unit_test(age_edges),
		cmocka_unit_test_setup_teardown(aging_through_arrears, setup, teardown),
		cmocka_unit_test_setup_teardown(limitation_demand, setup, teardown),
		cmocka_unit_test_setup_teardown(limitation_payment_agreement, setup, teardown),
		cmocka_unit_test_setup_teardown(recorded_through, setup, teardown),
		cmocka_unit_test_setup_teardown(remind, setup, teardown),
	};

	pm_registry_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
