/* test_fee_budget.c — budgets, costs on the ledger, a work order's cost
 * taken once (and its change), reversals, the report's share used. */
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
#include "fee_budget.h"
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
	    "INSERT INTO workorder (id, site_id, title, source_type, type, status, dept_id, "
	    "reported_at, clock, on_site_due, fix_due, done_at, parts_fen, cost_fen) VALUES "
	    "(12, 1, '换泵', 'staff', '给排水', 'done', (SELECT id FROM department WHERE code = "
	    "'maint'), 1790000000, 'calendar', 1790001800, 1790014400, 1790020000, 120500, 150000), "
	    "(13, 1, '漏水', 'staff', '给排水', 'in_progress', NULL, 1790000000, 'calendar', "
	    "1790001800, 1790014400, NULL, 0, 0)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int
line(void *arg, const pm_budget_line *l)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 512 - n, "%s%s/%s %lld %lld %lld %s", n ? "; " : "", l->dept,
	    l->category != NULL ? l->category : "*", (long long)l->budget, (long long)l->actual,
	    (long long)l->remaining, l->has_share ? "" : "-");
	if (l->has_share) {
		n = strlen(s);
		snprintf(s + n, 512 - n, "%lld", (long long)l->permille);
	}
	return 0;
}

static void
permille(void **state)
{
	int64_t p;

	(void)state;
	assert_int_equal(pm_fee_budget_permille(8525, 10000, &p), 0);
	assert_int_equal(p, 853);       /* 852.5 half-up */
	assert_int_equal(pm_fee_budget_permille(8524, 10000, &p), 0);
	assert_int_equal(p, 852);
	assert_int_equal(pm_fee_budget_permille(1, 3, &p), 0);
	assert_int_equal(p, 333);
	assert_int_equal(pm_fee_budget_permille(2, 3, &p), 0);
	assert_int_equal(p, 667);
	assert_int_equal(pm_fee_budget_permille(0, 0, &p), -1);
	assert_int_equal(pm_fee_budget_permille(20000, 10000, &p), 0);
	assert_int_equal(p, 2000);
}

static void
costs(void **state)
{
	pm_cost_in in = { 0 };
	pm_cost_result r;
	pm_ichange ch;
	char buf[512] = "";
	long problems = 0;
	int64_t bal, rev;

	(void)state;
	assert_int_equal(pm_fee_budget_set(&ctx, 2026, "maint", "材料费", 1000000, &ch,
	    &ctx.err), 0);
	assert_int_equal(ch, PM_I_INSERTED);
	assert_int_equal(pm_fee_budget_set(&ctx, 2026, "maint", "材料费", 1000000, &ch,
	    &ctx.err), 0);
	assert_int_equal(ch, PM_I_UNCHANGED);
	assert_int_equal(pm_fee_budget_set(&ctx, 2026, "maint", "外包", 300000, &ch, &ctx.err), 0);
	assert_int_equal(pm_fee_budget_set(&ctx, 2026, "nope", "外包", 1, &ch, &ctx.err),
	    PM_EX_NOINPUT);
	assert_int_equal(pm_fee_budget_set(&ctx, 2026, "maint", "a:b", 1, &ch, &ctx.err),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "category");
	assert_int_equal(pm_fee_budget_set(&ctx, 0, "maint", "x", 1, &ch, &ctx.err),
	    PM_EX_DATAERR);

	in.dept = "maint";
	in.category = "材料费";
	in.amount = 500000;
	in.has_amount = 1;
	in.text = "电梯配件";
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.id, 1);
	in.amount = 0;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	in.has_amount = 0;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), PM_EX_USAGE);

	/* W12's total (its cost 1500.00, parts 1205.00), once */
	memset(&in, 0, sizeof in);
	in.category = "材料费";
	in.wo = 12;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.amount, 150000);
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), 0);
	assert_true(r.existed);
	/* done again at another total: the difference */
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE workorder SET cost_fen = 140000 WHERE id = 12",
	    &ctx.err), 0);
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), 0);
	assert_int_equal(r.amount, -10000);
	in.has_amount = 1;
	in.amount = 5;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), PM_EX_USAGE);
	in.has_amount = 0;
	in.wo = 13;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), PM_EX_DATAERR);
	in.wo = 99;
	assert_int_equal(pm_fee_budget_cost(&ctx, &in, &r, &ctx.err), PM_EX_NOINPUT);

	/* reverse the first cost: once, and a reversal never */
	assert_int_equal(pm_fee_budget_cost_reverse(&ctx, 1, "记错", &r, &ctx.err), 0);
	assert_int_equal(r.amount, -500000);
	rev = r.id;
	assert_int_equal(pm_fee_budget_cost_reverse(&ctx, 1, "again", &r, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_budget_cost_reverse(&ctx, rev, "again", &r, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_budget_cost_reverse(&ctx, 77, "x", &r, &ctx.err), PM_EX_NOINPUT);

	/* the job's cost was dated the day it was done (2026-09-22) */
	assert_int_equal(pm_fee_budget_report(&ctx, 2026, NULL, line, buf, &ctx.err), 0);
	assert_string_equal(buf, "maint/外包 300000 0 300000 0; "
	    "maint/材料费 1000000 140000 860000 140; maint/* 1300000 140000 1160000 108");
	buf[0] = '\0';
	assert_int_equal(pm_fee_budget_report(&ctx, 2025, "maint", line, buf, &ctx.err), 0);
	assert_string_equal(buf, "");
	assert_int_equal(pm_ledger_balance_tree(&ctx, "Expenses:maint", NULL, &bal, &ctx.err), 0);
	assert_int_equal(bal, 140000);
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE cost SET amount_fen = 1", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM cost", &ctx.err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(permille),
		cmocka_unit_test_setup_teardown(costs, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
