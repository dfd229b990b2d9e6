/* test_fee_fund.c — the maintenance fund: deposits and approved
 * withdrawals on the ledger, never below zero nor back-dated, the same
 * ref once, balances as of a date, kept apart from Income. */
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
#include "fee_fund.h"
#include "ledger.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-fee", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential');"
	    "INSERT INTO unit (id, site_id, code, area) VALUES (1, 1, '3-1', 10000), "
	    "(2, 1, '3-2', 9000)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int
line(void *arg, const pm_fund_balance *b)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 256 - n, "%s%s/%s=%lld", n ? " " : "", b->site, b->unit,
	    (long long)b->balance);
	return 0;
}

static void
moves(void **state)
{
	pm_fund_in in = { 0 };
	pm_fund_result r;
	char buf[256] = "";
	pm_date d = { 2026, 11, 1 };
	int64_t bal;
	long problems = 0;

	(void)state;
	in.unit = "3-1";
	in.amount = 500000;
	in.ref = "BK-001";
	in.at = 1793500000;     /* 2026-11-01 10:26 */
	in.has_at = 1;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.balance, 500000);
	assert_false(r.existed);
	/* the same ref again: one deposit */
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), 0);
	assert_true(r.existed);
	assert_int_equal(r.balance, 500000);
	/* the same ref for something else: refused */
	in.amount = 1;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "ref");
	in.ref = NULL;
	in.amount = 0;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	in.amount = -5;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	in.unit = "9-9";
	in.amount = 5;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), PM_EX_NOINPUT);

	/* withdrawals: approval needed, never beyond the balance */
	in.unit = "3-1";
	in.has_at = 0;
	in.amount = 120000;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), PM_EX_USAGE);
	in.approval = "业主大会决议 2026-3";
	in.amount = 500001;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "holds 5000.00"));
	in.amount = 120000;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.balance, 380000);
	/* back-dated before the latest movement: refused */
	in.at = 1793500000;
	in.has_at = 1;
	in.amount = 1;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "at");
	/* all of it: 0 left, then nothing more */
	in.has_at = 0;
	in.amount = 380000;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.balance, 0);
	in.amount = 1;
	assert_int_equal(pm_fee_fund_withdraw(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);

	/* balances: the unit, as of a date, the site; never Income */
	assert_int_equal(pm_fee_fund_balance(&ctx, NULL, "3-1", &d, line, buf, &ctx.err), 0);
	assert_string_equal(buf, "sunny/3-1=500000");
	buf[0] = '\0';
	assert_int_equal(pm_fee_fund_balance(&ctx, NULL, "3-2", NULL, line, buf, &ctx.err), 0);
	assert_string_equal(buf, "sunny/3-2=0");
	buf[0] = '\0';
	in.unit = "3-2";
	in.amount = 700;
	assert_int_equal(pm_fee_fund_deposit(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(pm_fee_fund_balance(&ctx, "sunny", NULL, NULL, line, buf, &ctx.err), 0);
	assert_string_equal(buf, "sunny/3-1=0 sunny/3-2=700");
	assert_int_equal(pm_ledger_balance(&ctx, "Assets:Fund:sunny", NULL, &bal,
	    &ctx.err), 0);
	assert_int_equal(bal, 700);
	assert_int_equal(pm_ledger_balance_tree(&ctx, "Income", NULL, &bal, &ctx.err), 0);
	assert_int_equal(bal, 0);
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
	/* posted money is never edited */
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE fund_move SET amount_fen = 1", &ctx.err),
	    0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM fund_move", &ctx.err), 0);
	assert_true(pm_perm_is_declared("fee.fund.withdraw"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(moves, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
