/* test_fee_pay.c — payments on the journal: allocation in both orders
 * with late fees fixed, receipts, the same ref once, credit and its
 * later use, reversal (a bill never looks paid after its payment was
 * reversed and another recorded), refunds never beyond the credit,
 * waivers, and the append-only tables. */
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
#include "fee.h"
#include "fee_pay.h"
#include "ledger.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;
static pm_fee_conf conf;

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof conf);
	pm_fee_rules_default(&conf.rules);
	conf.rules.late.rate_ppm = 500;         /* 0.05 % a day */
	conf.credit_auto = 1;
	return fx_open(&ctx, "pm-fee", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'S1', '阳光', 'residential');"
	    "INSERT INTO unit (id, site_id, code, area) VALUES (1, 1, '1-101', 10000), "
	    "(2, 1, '1-102', 5000);"
	    "INSERT INTO occupant (unit_id, name, phone, role, move_in) VALUES "
	    "(1, '张三', '13812341234', 'owner', '2026-01-01')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* Bill id of unit (1-101 or 1-102), one line of amount, dated date, due due. */
static void
bill(int64_t id, int64_t unit, int64_t amount, const char *date, const char *due)
{
	char ref[24], lref[24], acct[64];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	pm_date d;

	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO fee_run (id, kind, period, "
	    "site_id, at, actor) VALUES (?1, 'bill', substr(?2, 1, 7), 1, 1790000000, 'root')",
	    "it", id, date), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO bill (id, run_id, site_id, "
	    "unit_id, period, date, due) VALUES (?1, ?1, 1, ?2, substr(?3, 1, 7), ?3, ?4)", "iitt",
	    id, unit, date, due), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO bill_line (bill_id, n, unit_id, "
	    "kind, item, period, amount) VALUES (?1, 1, ?2, 'period', 'PROP', substr(?3, 1, 7), "
	    "?4)", "iiti", id, unit, date, amount), 0);
	snprintf(ref, sizeof ref, "B%lld", (long long)id);
	snprintf(lref, sizeof lref, "B%lld.1", (long long)id);
	snprintf(acct, sizeof acct, "Assets:Receivable:S1:%s", unit == 1 ? "1-101" : "1-102");
	p[0] = (pm_ledger_posting){ acct, amount, lref };
	p[1] = (pm_ledger_posting){ "Income:Fee:PROP", -amount, lref };
	assert_int_equal(pm_date_parse(date, &d, &ctx.err), 0);
	memset(&e, 0, sizeof e);
	e.kind = "charge";
	e.date = d;
	e.ref = ref;
	e.post = p;
	e.npost = 2;
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
}

/* three months of 200.00, due 07-15, 08-15, 09-15 */
static void
three_bills(void)
{
	bill(1, 1, 20000, "2026-06-01", "2026-07-15");
	bill(2, 1, 20000, "2026-07-01", "2026-08-15");
	bill(3, 1, 20000, "2026-08-01", "2026-09-15");
}

static pm_time
at(const char *s)
{
	pm_time t;

	assert_int_equal(pm_time_parse(s, ctx.now, &t, &ctx.err), 0);
	return t;
}

static int64_t
left(const char *ref)
{
	int64_t b;

	assert_int_equal(pm_ledger_balance_ref(&ctx, "Assets:Receivable:S1:1-101", ref, NULL, &b,
	    &ctx.err), 0);
	return b;
}

static int
add_alloc(void *arg, const pm_cell *c)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 512 - n, "%s%s=%lld%s", n ? " " : "", c[PM_PA_TARGET].s,
	    (long long)c[PM_PA_AMOUNT].i, c[PM_PA_REVERSED].i ? "r" : "");
	return 0;
}

static const char *
allocs(int64_t pid)
{
	static char s[512];
	pm_id p = { 'P', pid };

	s[0] = '\0';
	assert_int_equal(pm_fee_payment_allocs(&ctx, p, add_alloc, s, &ctx.err), 0);
	return s;
}

static void
pay(const char *unit, int64_t amount, const char *when, const char *ref, pm_pay_result *r)
{
	pm_pay_in in;

	memset(&in, 0, sizeof in);
	in.unit = unit;
	in.amount = amount;
	in.method = "wechat";
	in.ref = ref;
	if (when != NULL) {
		in.at = at(when);
		in.has_at = 1;
	}
	if (pm_fee_pay(&ctx, &conf, &in, r, &ctx.err) != 0)
		fail_msg("pay: %s", ctx.err.msg);
}

static int
get_paid(void *arg, const pm_cell *c)
{
	*(int *)arg = (int)c[PM_BC_PAID].i;
	return 0;
}

/* bill id's paid state as bill list derives it */
static int
paid(int64_t id)
{
	pm_bill_filter f = { .one = id };
	int v = -1;

	assert_int_equal(pm_fee_bill_list(&ctx, &conf, &f, get_paid, &v, &ctx.err), 0);
	return v;
}

static void
check_ledger(void)
{
	long problems = 0;

	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
}

/* 87, 56 and 25 days at 0.05 % of 200.00: 8.70, 5.60, 2.50; civil order */
static void
civil_order(void **state)
{
	pm_pay_result r;
	int64_t b;

	(void)state;
	three_bills();
	pay("1-101", 50000, "2026-10-10 10:00", "WX1", &r);
	assert_int_equal(r.payment.n, 1);
	assert_string_equal(r.receipt, "S1-2026-000001");
	assert_int_equal(r.allocated, 50000);
	assert_int_equal(r.credit, 0);
	assert_string_equal(allocs(1),
	    "B1.L=870 B1.1=20000 B2.L=560 B2.1=20000 B3.L=250 B3.1=8320");
	assert_int_equal(left("B1.1"), 0);
	assert_int_equal(left("B1.L"), 0);
	assert_int_equal(left("B3.1"), 11680);
	/* the late fees are income, fixed */
	assert_int_equal(pm_ledger_balance(&ctx, "Income:LateFee", NULL, &b, &ctx.err), 0);
	assert_int_equal(b, -(870 + 560 + 250));
	/* the same ref: one payment; for another amount refused */
	pay("1-101", 50000, NULL, "WX1", &r);
	assert_true(r.existed);
	assert_int_equal(r.payment.n, 1);
	{
		pm_pay_in in = { .unit = "1-101", .amount = 1, .method = "wechat", .ref = "WX1" };

		assert_int_equal(pm_fee_pay(&ctx, &conf, &in, &r, &ctx.err), PM_EX_DATAERR);
		assert_string_equal(ctx.err.field, "ref");
		in.ref = NULL;
		in.amount = 0;
		assert_int_equal(pm_fee_pay(&ctx, &conf, &in, &r, &ctx.err), PM_EX_DATAERR);
		in.amount = 1;
		in.method = "bitcoin";
		assert_int_equal(pm_fee_pay(&ctx, &conf, &in, &r, &ctx.err), PM_EX_DATAERR);
		in.method = "cash";
		in.unit = "9-9";
		assert_int_equal(pm_fee_pay(&ctx, &conf, &in, &r, &ctx.err), PM_EX_NOINPUT);
	}
	/* a second payment the next day: B3's late fee grew by one day of
	 * 116.80 (0.0584 -> 0.06), fixed before it is paid */
	pay("1-101", 20000, "2026-10-11 10:00", NULL, &r);
	assert_string_equal(r.receipt, "S1-2026-000002");
	assert_string_equal(allocs(2), "B3.L=6 B3.1=11680");
	assert_int_equal(r.credit, 20000 - 6 - 11680);
	check_ledger();
}

static void
principal_first(void **state)
{
	pm_pay_result r;

	(void)state;
	conf.rules.order = PM_FEE_ORDER_PRINCIPAL_FIRST;
	three_bills();
	pay("1-101", 50000, "2026-10-10 10:00", NULL, &r);
	assert_string_equal(allocs(1), "B1.1=20000 B1.L=870 B2.1=20000 B2.L=560 B3.1=8570");
	/* B3's late fee is fixed (money went to the bill) and unpaid */
	assert_int_equal(left("B3.L"), 250);
	assert_int_equal(left("B3.1"), 11430);
	check_ledger();
	conf.rules.order = PM_FEE_ORDER_CIVIL;
}

/* an overpayment is credit; a later bill uses it, oldest payment first */
static void
credit_later(void **state)
{
	pm_pay_result r;
	int64_t applied, b;
	pm_id b4 = { 'B', 4 };

	(void)state;
	ctx.now = at("2026-05-25 10:00");
	pay("1-101", 3000, "2026-05-20 10:00", NULL, &r);      /* before any bill */
	pay("1-101", 5000, "2026-05-21 10:00", NULL, &r);
	assert_int_equal(r.credit, 5000);
	bill(4, 1, 6000, "2026-06-01", "2026-06-30");
	assert_int_equal(pm_fee_credit_apply_bill(&ctx, &conf, b4, &ctx.err), 0);
	assert_string_equal(allocs(1), "B4.1=3000");
	assert_string_equal(allocs(2), "B4.1=3000");
	assert_int_equal(pm_ledger_balance(&ctx, "Liabilities:Credit:S1:1-101", NULL, &b,
	    &ctx.err), 0);
	assert_int_equal(b, -2000);
	/* dated the bill's day: no receivable is ever negative */
	{
		char d[16];

		assert_int_equal(pm_db_get_text(ctx.db, &ctx.err, d, sizeof d, NULL, "SELECT max(date) "
		    "FROM ledger_txn WHERE kind = 'allocation'", ""), 0);
		assert_string_equal(d, "2026-06-01");
	}
	/* the request policy: the rest on a new bill only when asked */
	bill(5, 1, 1500, "2026-07-01", "2026-07-31");
	assert_int_equal(pm_fee_credit_apply(&ctx, &conf, NULL, NULL, &applied, &ctx.err), 0);
	assert_int_equal(applied, 1500);
	assert_int_equal(left("B5.1"), 0);
	assert_int_equal(pm_fee_credit_apply(&ctx, &conf, "S1", "1-101", &applied, &ctx.err), 0);
	assert_int_equal(applied, 0);
	check_ledger();
}

/* reversed: the bill is unpaid again, and stays so after a smaller payment */
static void
reverse(void **state)
{
	pm_pay_result r;
	pm_id p1 = { 'P', 1 }, p9 = { 'P', 9 };
	pm_refund_in rf = { NULL, "1-101", 0, "cash", "多缴退还" };
	int64_t rid, b;

	(void)state;
	bill(1, 1, 20000, "2026-11-01", "2026-11-30");
	pay("1-101", 20000, NULL, NULL, &r);
	assert_int_equal(left("B1.1"), 0);
	assert_int_equal(paid(1), 1);
	assert_int_equal(pm_fee_pay_reverse(&ctx, p1, "录错单元", &ctx.err), 0);
	assert_int_equal(left("B1.1"), 20000);
	assert_int_equal(pm_fee_pay_reverse(&ctx, p1, "again", &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_pay_reverse(&ctx, p9, "none", &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(pm_fee_pay_reverse(&ctx, p1, "", &ctx.err), PM_EX_USAGE);
	assert_string_equal(allocs(1), "B1.1=20000r");
	pay("1-101", 5000, NULL, NULL, &r);
	assert_string_equal(r.receipt, "S1-2026-000002");      /* P1 keeps number 1 */
	assert_int_equal(left("B1.1"), 15000);
	assert_int_equal(paid(1), 0);
	/* refunds: never beyond the credit; a payment drawn on is never reversed */
	pay("1-102", 8000, NULL, NULL, &r);
	rf.unit = "1-102";
	rf.amount = 8001;
	assert_int_equal(pm_fee_refund(&ctx, &rf, &rid, &ctx.err), PM_EX_DATAERR);
	rf.amount = 3000;
	assert_int_equal(pm_fee_refund(&ctx, &rf, &rid, &ctx.err), 0);
	assert_int_equal(pm_ledger_balance(&ctx, "Liabilities:Credit:S1:1-102", NULL, &b,
	    &ctx.err), 0);
	assert_int_equal(b, -5000);
	assert_int_equal(pm_fee_pay_reverse(&ctx, r.payment, "x", &ctx.err), PM_EX_DATAERR);
	check_ledger();
}

/* waivers: the late fee fixed, waived and frozen; principal never beyond */
static void
waive(void **state)
{
	pm_pay_result r;
	pm_id b1 = { 'B', 1 };
	int64_t id, x;

	(void)state;
	bill(1, 1, 20000, "2026-06-01", "2026-07-15");
	/* 2026-11-30: 138 days x 10.00 = 13.80 */
	assert_int_equal(pm_fee_waive(&ctx, &conf, b1, 1, 0, "困难户减免", &id, &x, &ctx.err), 0);
	assert_int_equal(x, 1380);
	assert_int_equal(left("B1.L"), 0);
	assert_int_equal(pm_fee_waive(&ctx, &conf, b1, 1, 0, "again", &id, &x, &ctx.err),
	    PM_EX_DATAERR);
	/* frozen: a payment a month later fixes no more late fee */
	ctx.now += 30 * 86400;
	pay("1-101", 5000, NULL, NULL, &r);
	assert_string_equal(allocs(1), "B1.1=5000");
	assert_int_equal(pm_fee_waive(&ctx, &conf, b1, 0, 15001, "x", &id, &x, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_waive(&ctx, &conf, b1, 0, 5000, "协商减免", &id, &x, &ctx.err), 0);
	assert_int_equal(left("B1.1"), 10000);
	/* a late fee it settled was waived since: P1 paid no late fee, fine */
	assert_int_equal(pm_fee_pay_reverse(&ctx, r.payment, "误收", &ctx.err), 0);
	assert_int_equal(left("B1.1"), 15000);
	check_ledger();
}

/* a bill as of a day: what was posted by then, reversals from their date */
static void
bill_state(void **state)
{
	pm_pay_result r;
	pm_bill_state bs;
	pm_date d1 = { 2026, 10, 10 }, d0 = { 2026, 10, 9 };

	(void)state;
	three_bills();
	pay("1-101", 20870, "2026-10-10 10:00", NULL, &r);     /* B1 with its late fee */
	ctx.now = at("2026-10-20 10:00");
	assert_int_equal(pm_fee_pay_reverse(&ctx, r.payment, "误收", &ctx.err), 0);
	/* as of 10-10: paid; the reversal of 10-20 not yet */
	assert_int_equal(pm_fee_bill_state(&ctx, &conf, 1, &d1, &bs, &ctx.err), 0);
	assert_true(bs.paid);
	assert_int_equal(bs.left, 0);
	assert_int_equal(bs.late_fixed, 870);
	/* as of 10-09: nothing paid, 86 days of late fee */
	assert_int_equal(pm_fee_bill_state(&ctx, &conf, 1, &d0, &bs, &ctx.err), 0);
	assert_false(bs.paid);
	assert_int_equal(bs.left, 20000);
	assert_int_equal(bs.late, 860);
	/* now: reversed, 97 days */
	assert_int_equal(pm_fee_bill_state(&ctx, &conf, 1, NULL, &bs, &ctx.err), 0);
	assert_false(bs.paid);
	assert_int_equal(bs.late_fixed, 0);
	assert_int_equal(bs.late, 970);
	assert_int_equal(pm_fee_bill_state(&ctx, &conf, 99, NULL, &bs, &ctx.err), PM_EX_NOINPUT);
}

static void
append_only(void **state)
{
	pm_pay_result r;

	(void)state;
	pay("1-101", 100, NULL, "T1", &r);
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE payment SET amount = 1", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM payment", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM payment_entry", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE payment_entry SET role = 'x'", &ctx.err),
	    0);
	assert_true(pm_perm_is_declared("fee.waive"));
	assert_true(pm_perm_is_declared("fee.reverse"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(civil_order, setup, teardown),
		cmocka_unit_test_setup_teardown(principal_first, setup, teardown),
		cmocka_unit_test_setup_teardown(credit_later, setup, teardown),
		cmocka_unit_test_setup_teardown(reverse, setup, teardown),
		cmocka_unit_test_setup_teardown(waive, setup, teardown),
		cmocka_unit_test_setup_teardown(bill_state, setup, teardown),
		cmocka_unit_test_setup_teardown(append_only, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
