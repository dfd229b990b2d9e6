/*
 * test_fee_bill.c — billing a period and one-off charges: the worked
 * examples of DOMAIN.md § Money through the whole set-based path (185.93
 * half-up and 185.92 half-even; a move-in on the 10th of a 30-day month
 * is 21/30; a rate from 2027-01 leaves 2026-12 alone; a shared 100.00
 * over three households is 33.34 + 33.33 + 33.33), the parts of a month
 * split by a move-out adding up, vacancy, metered tiers, idempotency,
 * the journal entries and the ledger checker.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fee.h"
#include "fee_bill.h"
#include "fixture.h"
#include "ledger.h"
#include "registry.h"

static pm_ctx ctx;

static const char seed[] =
	"INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光花园', 'residential'),"
	" (2, 'moon', '月亮湾', 'residential');"
	"INSERT INTO building (id, site_id, code) VALUES (1, 1, '1'), (2, 1, '2');"
	"INSERT INTO unit (id, site_id, building_id, code, area, kind, state, handover) VALUES "
	" (1, 1, 1, '1-101', 10050, 'residence', 'occupied', '2026-01-01'),"
	" (2, 1, 1, '1-102', 8000, 'residence', 'occupied', '2026-11-10'),"
	" (3, 1, 2, '2-101', 9000, 'shop', 'vacant', '2026-01-01'),"
	" (4, 1, NULL, 'P-1', 1200, 'parking', 'occupied', '2026-01-01'),"
	" (5, 2, NULL, '9-901', 12000, 'residence', 'occupied', NULL),"
	" (6, 2, NULL, '9-902', 12000, 'residence', 'vacant', NULL);"
	/* 9-901 has no handover: its owner's move-in starts the fee; 9-902's
	 * owner left on the 20th and nobody owns it now */
	"INSERT INTO occupant (unit_id, name, role, move_in, move_out) VALUES "
	" (5, '张三', 'owner', '2026-11-16', NULL),"
	" (6, '李四', 'owner', '2025-01-01', '2026-11-21');";

static const char config[] =
	"money:\n  rounding: %s\n"
	"fee:\n"
	"  proration: %s\n"
	"  due_day: 15\n"
	"  items:\n"
	"    PROP:\n      name: 物业费\n      basis: area\n      rates:\n"
	"        - from: 2026-01\n          rate: 1.85\n"
	"        - from: 2027-01\n          rate: 2.10\n"
	"        - from: 2026-01\n          kind: shop\n          rate: 3.20\n"
	"    PARK:\n      basis: parking\n      rates:\n"
	"        - from: 2026-01\n          rate: 150\n"
	"    LIFT:\n      basis: shared\n      split: household\n      rates:\n"
	"        - from: 2026-01\n          site: sunny\n          building: '1'\n"
	"          rate: 100.00\n"
	"        - from: 2026-01\n          site: sunny\n          building: '2'\n"
	"          rate: 0\n"
	"    WATER:\n      basis: metered\n      meter: water\n      rates:\n"
	"        - from: 2026-01\n          rate: 0\n          tiers:\n"
	"            - upto: 10\n              rate: 3.50\n            - rate: 5.00\n"
	"    REPAIR:\n      basis: oneoff\n"
	"  vacant:\n"
	"    - item: PROP\n      from: 2026-01\n      to: 2026-12\n      percent: 50\n";

static pm_fee_conf *conf;

static void
use_config(const char *rounding, const char *proration)
{
	char text[4096];
	pm_config *cfg = NULL;
	pm_err err;

	snprintf(text, sizeof text, config, rounding, proration);
	if (pm_config_parse("t.yaml", text, strlen(text), &cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
	pm_config_free(ctx.cfg);
	ctx.cfg = cfg;
	pm_fee_conf_free(conf);
	conf = NULL;
	if (pm_fee_conf_load(ctx.cfg, &conf, &err) != 0)
		fail_msg("fee config: %s", err.msg);
}

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-fee", "li.ming", seed) != 0)
		return -1;
	use_config("half-up", "actual");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pm_fee_conf_free(conf);
	conf = NULL;
	return fx_close(&ctx);
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	if (pm_db_get_int(ctx.db, &ctx.err, &n, NULL, sql, "") != 0)
		fail_msg("%s: %s", sql, ctx.err.msg);
	return n;
}

/* The amount of unit's line of item in period, -1 when none. */
static int64_t
line(const char *unit, const char *item, const char *period)
{
	int64_t v = -1;
	int found = 0;

	assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &v, &found, "SELECT l.amount FROM "
	    "bill_line l JOIN unit u ON u.id = l.unit_id WHERE u.code = ?1 AND l.item = ?2 "
	    "AND l.period = ?3", "ttt", unit, item, period), 0);
	return found ? v : -1;
}

static void
bill(int year, int month, const char *site, pm_fee_run *res)
{
	pm_month m = { year, month };

	if (pm_fee_bill(&ctx, conf, m, site, 0, NULL, NULL, res, &ctx.err) != 0)
		fail_msg("bill: %s", ctx.err.msg);
}

static void
ledger_clean(void)
{
	long problems = 0;

	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
}

static void
worked_examples(void **state)
{
	pm_fee_run r;

	(void)state;
	bill(2026, 11, NULL, &r);
	/* 100.50 m2 x 1.85 = 185.925 -> 185.93 half-up */
	assert_int_equal(line("1-101", "PROP", "2026-11"), 18593);
	/* handed over on the 10th of a 30-day month: 21/30 of 148.00 */
	assert_int_equal(line("1-102", "PROP", "2026-11"), 10360);
	/* a vacant shop at its own rate, at the vacancy rule's 50 %: 90 x 3.20 / 2 */
	assert_int_equal(line("2-101", "PROP", "2026-11"), 14400);
	/* a parking space pays parking, not the area fee */
	assert_int_equal(line("P-1", "PARK", "2026-11"), 15000);
	assert_int_equal(line("P-1", "PROP", "2026-11"), -1);
	/* no handover: from the owner's move-in on the 16th, 15/30 of 222.00 */
	assert_int_equal(line("9-901", "PROP", "2026-11"), 11100);
	/* the owner left on the 21st (the 21st not charged), vacant: 20/30 of
	 * 222.00 at 50 % */
	assert_int_equal(line("9-902", "PROP", "2026-11"), 7400);
	/* shared 100.00 over the households of building 1 (two units) */
	assert_int_equal(line("1-101", "LIFT", "2026-11") + line("1-102", "LIFT", "2026-11"),
	    10000);
	assert_int_equal(line("2-101", "LIFT", "2026-11"), -1);
	assert_int_equal(r.bills, 6);
	/* the journal: one entry per bill, two postings per line */
	assert_int_equal(count("SELECT count(*) FROM ledger_txn WHERE kind = 'charge'"), 6);
	assert_int_equal(count("SELECT count(*) FROM ledger_posting"), 2 * r.lines);
	assert_int_equal(count("SELECT -sum(p.amount) FROM ledger_posting p JOIN ledger_account a "
	    "ON a.id = p.account_id WHERE a.name GLOB 'Income:Fee:*'"), r.total);
	{
		int64_t b = 0;

		assert_int_equal(pm_ledger_balance_ref(&ctx, "Assets:Receivable:sunny:1-101",
		    "B1.2", NULL, &b, &ctx.err), 0);
		assert_int_equal(b, 18593);
	}
	ledger_clean();
	/* due on the 15th of the next month */
	assert_int_equal(count("SELECT count(*) FROM bill WHERE due = '2026-12-15' "
	    "AND date = '2026-11-01'"), 6);
}

static void
half_even(void **state)
{
	pm_fee_run r;

	(void)state;
	use_config("half-even", "actual");
	bill(2026, 12, "sunny", &r);
	/* 185.925 -> 185.92 half-even */
	assert_int_equal(line("1-101", "PROP", "2026-12"), 18592);
	assert_int_equal(count("SELECT count(*) FROM bill b JOIN site s ON s.id = b.site_id "
	    "WHERE s.code <> 'sunny'"), 0);
}

static void
shared_three_households(void **state)
{
	pm_fee_run r;

	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO unit (id, site_id, building_id, code, "
	    "area, state, handover) VALUES (7, 1, 1, '1-103', 5000, 'occupied', '2026-01-01')", &ctx.err), 0);
	bill(2026, 11, "sunny", &r);
	assert_int_equal(line("1-101", "LIFT", "2026-11"), 3334);
	assert_int_equal(line("1-102", "LIFT", "2026-11"), 3333);
	assert_int_equal(line("1-103", "LIFT", "2026-11"), 3333);
}

static void
rate_change_leaves_earlier_periods(void **state)
{
	pm_fee_run r;

	(void)state;
	bill(2026, 12, NULL, &r);
	bill(2027, 1, NULL, &r);
	assert_int_equal(line("1-101", "PROP", "2026-12"), 18593);
	/* 100.50 x 2.10 = 211.05 */
	assert_int_equal(line("1-101", "PROP", "2027-01"), 21105);
	/* the shop keeps its own, more specific rate */
	assert_int_equal(line("2-101", "PROP", "2027-01"), 28800);
	/* December billed again, now that 2027's rate is known: nothing new */
	bill(2026, 12, NULL, &r);
	assert_int_equal(r.lines, 0);
	assert_int_equal(line("1-101", "PROP", "2026-12"), 18593);
	ledger_clean();
}

static void
idempotent(void **state)
{
	pm_fee_run r, r2;
	pm_month m = { 2026, 11 };

	(void)state;
	bill(2026, 11, NULL, &r);
	bill(2026, 11, NULL, &r2);
	assert_int_equal(r2.bills, 0);
	assert_int_equal(r2.lines, 0);
	/* a unit handed over since: billed by the next run alone */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO unit (id, site_id, building_id, code, "
	    "area, state, handover) VALUES (7, 1, 2, '2-102', 10000, 'occupied', '2026-11-30')", &ctx.err), 0);
	bill(2026, 11, NULL, &r2);
	assert_int_equal(r2.bills, 1);
	assert_int_equal(line("2-102", "PROP", "2026-11"), 617); /* 185.00 / 30 */
	/* dry: counts, writes nothing */
	assert_int_equal(pm_fee_bill(&ctx, conf, m, NULL, 1, NULL, NULL, &r2, &ctx.err), 0);
	assert_int_equal(r2.lines, 0);
	/* the key refuses a second line even from raw SQL */
	assert_int_not_equal(pm_db_exec(ctx.db, "INSERT INTO bill_line (bill_id, n, unit_id, kind, "
	    "item, period, amount) VALUES (1, 9, 1, 'period', 'PROP', '2026-11', 1)", &ctx.err), 0);
	/* and bills are never changed */
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE bill_line SET amount = 1", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM bill", &ctx.err), 0);
	ledger_clean();
}

static void
dry_run_counts(void **state)
{
	pm_month m = { 2026, 11 };
	pm_fee_run r;

	(void)state;
	assert_int_equal(pm_fee_bill(&ctx, conf, m, NULL, 1, NULL, NULL, &r, &ctx.err), 0);
	assert_int_equal(r.bills, 6);
	assert_true(r.lines >= 8);
	assert_int_equal(count("SELECT count(*) FROM bill"), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 0);
}

/* The two sides of a move-out inside a month add up to the month. */
static void
move_out_parts_add_up(void **state)
{
	pm_fee_run r;
	int64_t first, second;

	(void)state;
	use_config("half-up", "days30");
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE unit SET handover = NULL, state = 'occupied' "
	    "WHERE id = 6;"
	    "INSERT INTO unit (id, site_id, code, area, state) VALUES (8, 2, '9-903', 10050, "
	    "'occupied');"
	    "INSERT INTO occupant (unit_id, name, role, move_in, move_out) VALUES "
	    " (8, '王五', 'owner', '2026-01-01', '2026-11-21')", &ctx.err), 0);
	bill(2026, 11, "moon", &r);
	first = line("9-903", "PROP", "2026-11");
	/* a new owner from the 21st: the rest of the month */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO occupant (unit_id, name, role, move_in) "
	    "VALUES (8, '赵六', 'owner', '2026-11-21')", &ctx.err), 0);
	/* the same unit billed for the rest is a later story (one line a
	 * period); the part alone: */
	{
		pm_month m = { 2026, 11 };
		int64_t num = 0, whole = 0;

		assert_int_equal(pm_fee_rules_area_num(10050, 18500, 0, &num), 0);
		assert_int_equal(pm_prorate_part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, m, num,
		    PM_FEE_AREA_DEN, 21, 30, &second), 0);
		assert_int_equal(pm_prorate_part(PM_PRORATE_DAYS30, PM_ROUND_HALF_UP, m, num,
		    PM_FEE_AREA_DEN, 1, 30, &whole), 0);
		assert_int_equal(first + second, whole);
		assert_int_equal(whole, 18593);
	}
}

static void
metered_tiers(void **state)
{
	pm_fee_run r;

	(void)state;
	/* own water meters of 1-101, 1-102, 2-101, a power meter of 1-101
	 * (another kind: not water), and building 1's shared water meter
	 * (1.01 m3 by household over 1-101 and 1-102: 0.51 + 0.50) */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO meter (id, site_id, code, kind, unit_id, "
	    "building_id, split, max_reading, step, installed) VALUES "
	    "(1, 1, 'W1', 'water', 1, NULL, NULL, 9999900, 100, '2026-10-01'), "
	    "(2, 1, 'W2', 'water', 2, NULL, NULL, 9999900, 100, '2026-10-01'), "
	    "(3, 1, 'W3', 'water', 3, NULL, NULL, 9999900, 100, '2026-10-01'), "
	    "(4, 1, 'E1', 'power', 1, NULL, NULL, 9999900, 100, '2026-10-01'), "
	    "(5, 1, 'WS1', 'water', NULL, 1, 'household', 9999900, 1, '2026-10-01');"
	    "INSERT INTO meter_reading (meter_id, at, period, reading, event, max_reading, step, "
	    "used) VALUES (1, 1790000000, '2026-09', 0, 'install', 9999900, 100, 0), "
	    "(1, 1795000000, '2026-11', 1200, 'read', 9999900, 100, 1200), "
	    "(1, 1795100000, '2026-11', 1250, 'read', 9999900, 100, 50), "
	    "(2, 1795000000, '2026-11', 800, 'read', 9999900, 100, 800), "
	    "(3, 1795000000, '2026-11', 0, 'read', 9999900, 100, 0), "
	    "(4, 1795000000, '2026-11', 99900, 'read', 9999900, 100, 99900), "
	    "(5, 1795000000, '2026-11', 101, 'read', 9999900, 1, 101), "
	    "(5, 1797000000, '2026-12', 201, 'read', 9999900, 1, 100)", &ctx.err), 0);
	bill(2026, 11, NULL, &r);
	/* 1-101: 12.50 + 0.51 = 13.01: 10 x 3.50 + 3.01 x 5.00 */
	assert_int_equal(line("1-101", "WATER", "2026-11"), 5005);
	/* 1-102: 8.00 + 0.50 = 8.50 x 3.50 */
	assert_int_equal(line("1-102", "WATER", "2026-11"), 2975);
	/* the shared meter's shares add up to it exactly */
	assert_int_equal(count("SELECT sum(qty) FROM bill_line WHERE item = 'WATER' "
	    "AND period = '2026-11'"), 1250 + 800 + 101);
	/* zero use: no line; no water meter: no line */
	assert_int_equal(line("2-101", "WATER", "2026-11"), -1);
	assert_int_equal(line("P-1", "WATER", "2026-11"), -1);
	/* billed once: the same period again charges nothing more */
	bill(2026, 11, NULL, &r);
	assert_int_equal(count("SELECT count(*) FROM bill_line WHERE item = 'WATER'"), 2);
}

static void
one_off_charge(void **state)
{
	pm_fee_charge_in in;
	pm_id b;

	(void)state;
	memset(&in, 0, sizeof in);
	in.site = "sunny";
	in.unit = "1-101";
	in.item = "REPAIR";
	in.amount = 8000;
	in.reason = "换阀门";
	assert_int_equal(pm_fee_charge(&ctx, conf, &in, &b, &ctx.err), 0);
	assert_int_equal(b.type, 'B');
	assert_int_equal(count("SELECT count(*) FROM bill_line WHERE kind = 'charge' "
	    "AND amount = 8000 AND reason = '换阀门'"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'bill' "
	    "AND action = 'charge'"), 1);
	in.item = "NOPE";
	assert_int_equal(pm_fee_charge(&ctx, conf, &in, &b, &ctx.err), PM_EX_NOINPUT);
	in.item = "REPAIR";
	in.unit = "0-000";
	assert_int_equal(pm_fee_charge(&ctx, conf, &in, &b, &ctx.err), PM_EX_NOINPUT);
	in.unit = "1-101";
	in.reason = "";
	assert_int_equal(pm_fee_charge(&ctx, conf, &in, &b, &ctx.err), PM_EX_USAGE);
	in.reason = "x";
	in.amount = -5;
	assert_int_equal(pm_fee_charge(&ctx, conf, &in, &b, &ctx.err), PM_EX_DATAERR);
	ledger_clean();
}

static void
unknown_site(void **state)
{
	pm_month m = { 2026, 11 };
	pm_fee_run r;

	(void)state;
	assert_int_equal(pm_fee_bill(&ctx, conf, m, "nowhere", 0, NULL, NULL, &r, &ctx.err),
	    PM_EX_NOINPUT);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(worked_examples),
		T(half_even),
		T(shared_three_households),
		T(rate_change_leaves_earlier_periods),
		T(idempotent),
		T(dry_run_counts),
		T(move_out_parts_add_up),
		T(metered_tiers),
		T(one_off_charge),
		T(unknown_site),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
