/*
 * test_fee_report.c — what finance reads out of the journal: a unit's
 * statement with running balances, the collection figures of a period
 * (both rates, reversals netted, waivers apart, as of a date), the
 * journal export with its assertions judged by ledger-cli and hledger,
 * and the fee invariants of pm-admin check, each broken on a copy.
 *
 * The journal is posted here in the payments contract's shape with
 * pm_ledger_post (bills as fee_bill writes them, payments, allocations,
 * waivers, reversals), so the readers are tested on their own.
 */
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
#include "buf.h"
#include "fee_report.h"
#include "ledger.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	if (pm_registry_init() != 0)
		return -1;
	return fx_open(&ctx, "pm-fee", "qian",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential'),"
	    " (2, 'moon', '月亮', 'residential');"
	    "INSERT INTO building (id, site_id, code) VALUES (1, 1, '1'), (2, 1, '2');"
	    "INSERT INTO unit (id, site_id, building_id, code, area) VALUES"
	    " (1, 1, 1, '1-101', 10050), (2, 1, 1, '1-102', 8000), (3, 1, 2, '2-201', 9000),"
	    " (4, 2, NULL, '9-901', 12000);");
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

static const char *const site_of[] = { "", "sunny", "sunny", "sunny", "moon" };
static const char *const unit_of[] = { "", "1-101", "1-102", "2-201", "9-901" };

static const char *
recv(int unit)
{
	static char b[4][80];
	static int k;

	k = (k + 1) % 4;
	snprintf(b[k], sizeof b[k], "Assets:Receivable:%s:%s", site_of[unit], unit_of[unit]);
	return b[k];
}

static const char *
cred(int unit)
{
	static char b[4][80];
	static int k;

	k = (k + 1) % 4;
	snprintf(b[k], sizeof b[k], "Liabilities:Credit:%s:%s", site_of[unit], unit_of[unit]);
	return b[k];
}

/* A bill as fee_bill makes it: rows, and one charge entry ref "B<id>"
 * with the lines' postings.  amounts end with 0. */
static void
bill(int64_t id, int unit, const char *period, const char *date, const char *item, ...)
{
	pm_ledger_posting p[16];
	char refs[8][24], sql[512];
	pm_ledger_entry e;
	int64_t amount;
	va_list ap;
	int n = 0;

	snprintf(sql, sizeof sql, "INSERT INTO fee_run (id, kind, period, at, actor) "
	    "VALUES (%lld, 'bill', '%s', 0, 'x'); "
	    "INSERT INTO bill (id, run_id, site_id, unit_id, period, date, due) "
	    "VALUES (%lld, %lld, %d, %d, '%s', '%s', '%s')", (long long)id, period, (long long)id,
	    (long long)id, unit == 4 ? 2 : 1, unit, period, date, date);
	if (pm_db_exec(ctx.db, sql, &ctx.err) != 0)
		fail_msg("%s: %s", sql, ctx.err.msg);
	va_start(ap, item);
	while ((amount = va_arg(ap, int64_t)) != 0) {
		snprintf(refs[n], sizeof refs[n], "B%lld.%d", (long long)id, n + 1);
		snprintf(sql, sizeof sql, "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, "
		    "period, amount) VALUES (%lld, %d, %d, 'period', '%s', '%s', %lld)",
		    (long long)id, n + 1, unit, n == 0 ? item : "PARK", period, (long long)amount);
		if (pm_db_exec(ctx.db, sql, &ctx.err) != 0)
			fail_msg("%s: %s", sql, ctx.err.msg);
		p[2 * n] = (pm_ledger_posting){ recv(unit), amount, refs[n] };
		p[2 * n + 1] = (pm_ledger_posting){ n == 0 ? (strcmp(item, "PROP") == 0 ?
		    "Income:Fee:PROP" : "Income:Fee:WATER") : "Income:Fee:PARK", -amount, refs[n] };
		n++;
	}
	va_end(ap);
	snprintf(sql, sizeof sql, "B%lld", (long long)id);
	e = (pm_ledger_entry){ "charge", day(date), sql, NULL, NULL, p, (size_t)(2 * n) };
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
}

/* Payment P<id>: the money lands as the unit's credit, numbered. */
static int64_t
payment(int64_t id, int unit, const char *date, int64_t amount)
{
	char ref[16];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	int64_t eid;

	snprintf(ref, sizeof ref, "P%lld", (long long)id);
	p[0] = (pm_ledger_posting){ "Assets:Cash:wechat", amount, ref };
	p[1] = (pm_ledger_posting){ cred(unit), -amount, ref };
	e = (pm_ledger_entry){ "payment", day(date), ref, NULL, site_of[unit], p, 2 };
	assert_int_equal(pm_ledger_post(&ctx, &e, &eid, NULL, &ctx.err), 0);
	/* its rows, as fee_pay writes them */
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO payment (id, site_id, unit_id, "
	    "amount, method, date, at, recorded_at, actor, entry_id) VALUES (?1, ?2, ?3, ?4, "
	    "'wechat', ?5, 0, 0, 'qian', ?6)", "iiiiti", id, (int64_t)(unit == 4 ? 2 : 1),
	    (int64_t)unit, amount, date, eid), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO payment_entry (payment_id, "
	    "entry_id, role) VALUES (?1, ?2, 'payment')", "ii", id, eid), 0);
	return eid;
}

/* An allocation of payment P<pay> to one line (or "B12.L"). */
static int64_t
allocate(int64_t pay, int unit, const char *date, const char *line, int64_t x)
{
	char ref[16];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	int64_t eid;

	snprintf(ref, sizeof ref, "P%lld", (long long)pay);
	p[0] = (pm_ledger_posting){ cred(unit), x, ref };
	p[1] = (pm_ledger_posting){ recv(unit), -x, line };
	e = (pm_ledger_entry){ "allocation", day(date), ref, NULL, NULL, p, 2 };
	assert_int_equal(pm_ledger_post(&ctx, &e, &eid, NULL, &ctx.err), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO payment_entry (payment_id, "
	    "entry_id, role) VALUES (?1, ?2, 'allocation')", "ii", pay, eid), 0);
	return eid;
}

static void
waive(const char *bill_ref, int unit, const char *date, const char *line, int64_t x)
{
	pm_ledger_posting p[2] = {
		{ "Income:Fee:PROP", x, line },
		{ recv(unit), -x, line },
	};
	pm_ledger_entry e = { "waiver", day(date), bill_ref, NULL, NULL, p, 2 };
	int64_t eid;

	assert_int_equal(pm_ledger_post(&ctx, &e, &eid, NULL, &ctx.err), 0);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO fee_waiver (bill_id, kind, "
	    "amount, date, at, actor, reason, entry_id) VALUES (?1, 'amount', ?2, ?3, 0, 'qian', "
	    "'漏水补偿', ?4)", "iiti", (int64_t)atoll(bill_ref + 1), x, date, eid), 0);
}

/* ---- statement ------------------------------------------------------------ */

static int
gather_stmt(void *arg, const pm_fee_stmt_row *r)
{
	pm_buf *b = arg;
	char d[16];

	pm_date_format(r->date, d, sizeof d);
	pm_buf_addf(b, "%s %s %lld %s %s [%s] %lld %lld %lld %lld", d, r->kind,
	    (long long)r->entry, r->ref ? r->ref : "-", r->receipt ? r->receipt : "-", r->lines,
	    (long long)r->amount, (long long)r->balance, (long long)r->credit,
	    (long long)r->credit_balance);
	if (r->reverses)
		pm_buf_addf(b, " rev%lld", (long long)r->reverses);
	pm_buf_addc(b, '\n');
	return 0;
}

static void
statement_in_order(void **state)
{
	pm_buf b;
	int64_t a1;

	(void)state;
	bill(1, 1, "2026-10", "2026-10-01", "PROP", (int64_t)18593, (int64_t)5000, (int64_t)0);
	bill(2, 1, "2026-11", "2026-11-01", "PROP", (int64_t)18593, (int64_t)0);
	bill(3, 2, "2026-11", "2026-11-01", "PROP", (int64_t)14800, (int64_t)0);
	payment(1, 1, "2026-11-05", 30000);
	a1 = allocate(1, 1, "2026-11-05", "B1.1", 18593);
	(void)a1;
	{
		/* one allocation entry over two lines */
		pm_ledger_posting p[3] = {
			{ cred(1), 5000, "P1" }, { recv(1), -3000, "B1.2" }, { recv(1), -2000, "B2.1" },
		};
		pm_ledger_entry e = { "allocation", day("2026-11-06"), "P1", NULL, NULL, p, 3 };
		int64_t eid;
		long problems = 0;

		assert_int_equal(pm_ledger_post(&ctx, &e, &eid, NULL, &ctx.err), 0);
		assert_int_equal(pm_db_run(ctx.db, &ctx.err, "INSERT INTO payment_entry (payment_id, "
		    "entry_id, role) VALUES (1, ?1, 'allocation')", "i", eid), 0);
		/* the journal so far is sound */
		assert_int_equal(pm_fee_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
		assert_int_equal(problems, 0);
	}
	/* the first allocation reversed on the 20th */
	assert_int_equal(pm_ledger_reverse(&ctx, 5, day("2026-11-20"), "wrong", NULL, &ctx.err), 0);
	pm_buf_init(&b);
	assert_int_equal(pm_fee_statement(&ctx, "sunny", "1-101", day("2026-11-01"),
	    day("2026-11-30"), gather_stmt, &b, &ctx.err), 0);
	assert_string_equal(b.s,
	    "2026-11-01 opening 0 - - [] 0 23593 0 0\n"
	    "2026-11-01 charge 2 B2 - [B2.1] 18593 42186 0 0\n"
	    "2026-11-05 payment 4 P1 sunny-2026-000001 [] 0 42186 30000 30000\n"
	    "2026-11-05 allocation 5 P1 - [B1.1] -18593 23593 -18593 11407\n"
	    "2026-11-06 allocation 6 P1 - [B1.2,B2.1] -5000 18593 -5000 6407\n"
	    "2026-11-20 reversal 7 P1 - [B1.1] 18593 37186 18593 25000 rev5\n"
	    "2026-11-30 closing 0 - - [] 0 37186 0 25000\n");
	/* a part of it: the opening carries what came before */
	pm_buf_reset(&b);
	assert_int_equal(pm_fee_statement(&ctx, NULL, "1-101", day("2026-11-06"),
	    day("2026-11-10"), gather_stmt, &b, &ctx.err), PM_EX_USAGE);  /* two sites */
	assert_int_equal(pm_fee_statement(&ctx, "sunny", "1-101", day("2026-11-06"),
	    day("2026-11-10"), gather_stmt, &b, &ctx.err), 0);
	assert_string_equal(b.s,
	    "2026-11-06 opening 0 - - [] 0 23593 0 11407\n"
	    "2026-11-06 allocation 6 P1 - [B1.2,B2.1] -5000 18593 -5000 6407\n"
	    "2026-11-10 closing 0 - - [] 0 18593 0 6407\n");
	/* a unit that never had an entry */
	pm_buf_reset(&b);
	assert_int_equal(pm_fee_statement(&ctx, "sunny", "2-201", day("2026-11-01"),
	    day("2026-11-30"), gather_stmt, &b, &ctx.err), 0);
	assert_string_equal(b.s, "2026-11-01 opening 0 - - [] 0 0 0 0\n"
	    "2026-11-30 closing 0 - - [] 0 0 0 0\n");
	/* refusals */
	assert_int_equal(pm_fee_statement(&ctx, "sunny", "9-9", day("2026-11-01"),
	    day("2026-11-30"), gather_stmt, &b, &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(pm_fee_statement(&ctx, "nowhere", "1-101", day("2026-11-01"),
	    day("2026-11-30"), gather_stmt, &b, &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(pm_fee_statement(&ctx, "sunny", "1-101", day("2026-11-02"),
	    day("2026-11-01"), gather_stmt, &b, &ctx.err), PM_EX_USAGE);
	assert_string_equal(ctx.err.field, "from");
	pm_buf_free(&b);
}

/* ---- collection figures --------------------------------------------------- */

static int
gather_stats(void *arg, const pm_cell *c)
{
	pm_buf *b = arg;
	int i;

	for (i = 0; i < PM_FS_NCOL; i++) {
		if (i > 0)
			pm_buf_addc(b, ' ');
		if (c[i].null)
			pm_buf_adds(b, "-");
		else if (pm_fee_stats_cols[i].type == PM_C_TEXT || pm_fee_stats_cols[i].type == PM_C_ID)
			pm_buf_adds(b, c[i].s);
		else
			pm_buf_addi(b, c[i].i);
	}
	pm_buf_addc(b, '\n');
	return 0;
}

static const char *
stats(pm_buf *b, pm_fee_stats_by by, const char *site, const char *asof)
{
	pm_month m = { 2026, 10 };

	pm_buf_reset(b);
	if (pm_fee_stats(&ctx, m, by, site, day(asof), gather_stats, b, &ctx.err) != 0)
		fail_msg("stats: %s", ctx.err.msg);
	return b->s;
}

/* half up, as stat.h rounds */
static int64_t
pct(int64_t num, int64_t den)
{
	return (num * 10000 + den / 2) / den;
}

static void
collection_rates(void **state)
{
	char want[512];
	int64_t a2;
	pm_buf b;

	(void)state;
	/* October: 1-101 pays both lines in full; 1-102 pays 40.00 of
	 * 100.00; 2-201 has 50.00 waived; 9-901 (moon) pays nothing;
	 * November's bill is another period */
	bill(1, 1, "2026-10", "2026-10-01", "PROP", (int64_t)18593, (int64_t)5000, (int64_t)0);
	bill(2, 2, "2026-10", "2026-10-01", "PROP", (int64_t)10000, (int64_t)0);
	bill(3, 3, "2026-10", "2026-10-01", "PROP", (int64_t)5000, (int64_t)0);
	bill(4, 4, "2026-10", "2026-10-01", "PROP", (int64_t)7000, (int64_t)0);
	bill(5, 1, "2026-11", "2026-11-01", "PROP", (int64_t)18593, (int64_t)0);
	payment(1, 1, "2026-10-20", 23593);
	allocate(1, 1, "2026-10-20", "B1.1", 18593);
	allocate(1, 1, "2026-10-20", "B1.2", 5000);
	payment(2, 2, "2026-11-03", 4000);
	a2 = allocate(2, 2, "2026-11-03", "B2.1", 4000);
	waive("B3", 3, "2026-11-04", "B3.1", 5000);
	pm_buf_init(&b);

	/* as of the 31st: only 1-101's payment */
	assert_string_equal(stats(&b, PM_FS_ALL, NULL, "2026-10-31"),
	    "2026-10 all - - - 45593 23593 0 22000 5175 4 1 2500\n");
	assert_int_equal(pct(23593, 45593), 5175);
	/* as of the 30th of November: billed 455.93, collected 275.93,
	 * waived 50.00, arrears 130.00 (60.00 of 1-102, 70.00 of 9-901);
	 * rate 275.93 / 455.93 = 60.52 %; households 2 of 4 = 50.00 % (the
	 * waived one is settled) */
	snprintf(want, sizeof want, "2026-10 all - - - 45593 27593 5000 13000 %lld 4 2 5000\n",
	    (long long)pct(27593, 45593));
	assert_string_equal(stats(&b, PM_FS_ALL, NULL, "2026-11-30"), want);
	assert_int_equal(pct(27593, 45593), 6052);
	/* by site, by building (moon has no building), by item */
	assert_string_equal(stats(&b, PM_FS_SITE, NULL, "2026-11-30"),
	    "2026-10 site moon - - 7000 0 0 7000 0 1 0 0\n"
	    "2026-10 site sunny - - 38593 27593 5000 6000 7150 3 2 6667\n");
	assert_string_equal(stats(&b, PM_FS_BUILDING, NULL, "2026-11-30"),
	    "2026-10 building moon - - 7000 0 0 7000 0 1 0 0\n"
	    "2026-10 building sunny 1 - 33593 27593 0 6000 8214 2 1 5000\n"
	    "2026-10 building sunny 2 - 5000 0 5000 0 0 1 1 10000\n");
	assert_string_equal(stats(&b, PM_FS_ITEM, "sunny", "2026-11-30"),
	    "2026-10 item sunny - PARK 5000 5000 0 0 10000 1 1 10000\n"
	    "2026-10 item sunny - PROP 33593 22593 5000 6000 6726 3 2 6667\n");
	/* a reversed allocation collected nothing */
	assert_int_equal(pm_ledger_reverse(&ctx, a2, day("2026-11-10"), NULL, NULL, &ctx.err), 0);
	assert_string_equal(stats(&b, PM_FS_SITE, "sunny", "2026-11-30"),
	    "2026-10 site sunny - - 38593 23593 5000 10000 6113 3 2 6667\n");
	/* but as of before the reversal it had */
	assert_string_equal(stats(&b, PM_FS_SITE, "sunny", "2026-11-09"),
	    "2026-10 site sunny - - 38593 27593 5000 6000 7150 3 2 6667\n");
	/* nothing billed: one row, no rate */
	{
		pm_month m = { 2025, 1 };

		pm_buf_reset(&b);
		assert_int_equal(pm_fee_stats(&ctx, m, PM_FS_ALL, NULL, day("2026-11-30"),
		    gather_stats, &b, &ctx.err), 0);
		assert_string_equal(b.s, "2025-01 all - - - 0 0 0 0 - 0 0 -\n");
		pm_buf_reset(&b);
		assert_int_equal(pm_fee_stats(&ctx, m, PM_FS_SITE, NULL, day("2026-11-30"),
		    gather_stats, &b, &ctx.err), 0);
		assert_string_equal(b.s, "");
	}
	assert_int_equal(pm_fee_stats(&ctx, (pm_month){ 2026, 10 }, PM_FS_ALL, "nowhere",
	    day("2026-11-30"), gather_stats, &b, &ctx.err), PM_EX_NOINPUT);
	/* a period's bills are ranges of bill_period, each line's postings
	 * lookups by (ref, account) — of the ref index or of 0026's
	 * (account, ref), whichever the planner takes: no scan of other
	 * periods' lines */
	{
		pm_fee_stats_by by;

		for (by = PM_FS_ALL; by <= PM_FS_ITEM; by++) {
			pm_buf_reset(&b);
			assert_int_equal(pm_fee_stats_plan(&ctx, by, &b, &ctx.err), 0);
			if (strstr(b.s, "bill_period (site_id=? AND period=?)") == NULL ||
			    (strstr(b.s, "ledger_posting_ref (ref=? AND account_id=?") == NULL &&
			    strstr(b.s, "ledger_posting_unit_ref (account_id=? AND ref=?") == NULL) ||
			    strstr(b.s, "SCAN l") != NULL || strstr(b.s, "SCAN b") != NULL)
				fail_msg("grouping %d:\n%s", (int)by, b.s);
		}
	}
	assert_int_equal(pm_fee_stats_by_parse("building"), PM_FS_BUILDING);
	assert_int_equal(pm_fee_stats_by_parse("dept"), -1);
	pm_buf_free(&b);
}

/* ---- export and check ----------------------------------------------------- */

static int
have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

static void
some_money(void)
{
	bill(1, 1, "2026-10", "2026-10-01", "PROP", (int64_t)18593, (int64_t)5000, (int64_t)0);
	bill(2, 2, "2026-10", "2026-10-01", "PROP", (int64_t)10000, (int64_t)0);
	payment(1, 1, "2026-10-20", 30000);
	allocate(1, 1, "2026-10-20", "B1.1", 18593);
	waive("B2", 2, "2026-11-04", "B2.1", 1000);
}

static void
export_judged(void **state)
{
	char path[300], cmd[700], line[256];
	int asserts = 0;
	pm_date d = day("2026-11-30");
	FILE *fp;

	(void)state;
	some_money();
	snprintf(path, sizeof path, "%s/j.ledger", fx_dir);
	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(pm_fee_export_ledger(&ctx, &d, fp, &ctx.err), 0);
	fclose(fp);
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof line, fp) != NULL)
		if (strstr(line, "\xc2\xa5" "0.00 = ") != NULL) {
			asserts++;
			if (strstr(line, "Assets:Receivable:sunny:1-101") != NULL)
				assert_non_null(strstr(line, "= \xc2\xa5" "50.00"));
			if (strstr(line, "Liabilities:Credit:sunny:1-101") != NULL)
				assert_non_null(strstr(line, "= \xc2\xa5" "-114.07"));
			if (strstr(line, "Assets:Receivable:sunny:1-102") != NULL)
				assert_non_null(strstr(line, "= \xc2\xa5" "90.00"));
		}
	fclose(fp);
	assert_int_equal(asserts, 3);
	if (have("ledger")) {
		snprintf(cmd, sizeof cmd, "ledger -f '%s' --strict --pedantic balance >/dev/null 2>&1",
		    path);
		assert_int_equal(system(cmd), 0);
	}
	if (have("hledger")) {
		snprintf(cmd, sizeof cmd, "hledger -f '%s' check >/dev/null 2>&1 && "
		    "hledger -f '%s' --strict check >/dev/null 2>&1", path, path);
		assert_int_equal(system(cmd), 0);
	}
	/* a closed stream is an I/O error */
	assert_non_null(fp = fopen("/dev/full", "w"));
	assert_int_equal(pm_fee_export_ledger(&ctx, &d, fp, &ctx.err), PM_EX_IOERR);
	fclose(fp);
}

static int
gather(void *arg, const char *check, const char *detail)
{
	pm_buf_addf(arg, "%s: %s\n", check, detail);
	return 0;
}

/* Check a copy of the database damaged by sql (triggers dropped first
 * by the caller's sql): the problems, their text in found. */
static long
damaged(const char *name, const char *sql, pm_buf *found)
{
	char copy[300], cmd[2048];
	pm_ctx c = ctx;
	long problems = 0;
	FILE *p;

	snprintf(copy, sizeof copy, "%s/%s.db", fx_dir, name);
	assert_int_equal(pm_db_backup(ctx.db, copy, PM_DB_VERIFY_FAST, &ctx.err), 0);
	snprintf(cmd, sizeof cmd, "sqlite3 '%s' >/dev/null", copy);
	assert_non_null(p = popen(cmd, "w"));
	fputs(sql, p);
	assert_int_equal(pclose(p), 0);
	assert_int_equal(pm_db_open(copy, 0, 1000, &c.db, &c.err), 0);
	assert_int_equal(pm_db_begin(c.db, 0, &c.err), 0);
	pm_buf_reset(found);
	assert_int_equal(pm_fee_check(&c, gather, found, &problems, &c.err), 0);
	pm_db_close(c.db);
	return problems;
}

#define UNGUARD_LEDGER \
	"DROP TRIGGER ledger_posting_closed; DROP TRIGGER ledger_txn_balanced; " \
	"DROP TRIGGER ledger_txn_no_update; DROP TRIGGER ledger_posting_no_update; " \
	"DROP TRIGGER ledger_posting_no_delete; DROP TRIGGER ledger_txn_no_delete; "

static void
check_finds_each_break(void **state)
{
	static const struct {
		const char *name, *sql, *want;
	} cases[] = {
		{ "line-amount", "DROP TRIGGER bill_line_no_update; "
		  "UPDATE bill_line SET amount = 18594 WHERE bill_id = 1 AND n = 1;",
		  "fee: bill line B1.1 of ¥185.94 is charged ¥185.93 in 1 postings" },
		{ "guard", "DROP TRIGGER bill_no_delete;",
		  "fee: trigger bill_no_delete is missing: bill is not append-only" },
		{ "uncharged", UNGUARD_LEDGER "DELETE FROM ledger_posting WHERE ref = 'B2.1' "
		  "AND amount = 10000;", "fee: bill line B2.1 of ¥100.00 is charged ¥0.00 in 0" },
		{ "over", UNGUARD_LEDGER "UPDATE ledger_posting SET amount = 20000 WHERE txn_id = 4 "
		  "AND amount = 18593; UPDATE ledger_posting SET amount = -20000 WHERE txn_id = 4 "
		  "AND amount = -18593;",
		  "fee: bill line B1.1 of ¥185.93 has ¥-14.07 left: more than it was settled" },
		{ "stray", UNGUARD_LEDGER "INSERT INTO ledger_posting (txn_id, account_id, date, "
		  "amount, ref) SELECT 99, id, '2026-11-05', 700, 'X1' FROM ledger_account WHERE "
		  "name = 'Assets:Receivable:sunny:1-101'; INSERT INTO ledger_posting (txn_id, "
		  "account_id, date, amount, ref) SELECT 99, id, '2026-11-05', -700, 'X1' FROM "
		  "ledger_account WHERE name = 'Income:Fee:PROP'; INSERT INTO ledger_txn (id, "
		  "kind, date, posted_at, actor) VALUES (99, 'charge', '2026-11-05', 0, 'x');",
		  "fee: Assets:Receivable:sunny:1-101 stands at ¥57.00, its bills' lines and late "
		  "fees at ¥50.00: 1 postings name no bill of the unit" },
		{ "kind", UNGUARD_LEDGER "INSERT INTO ledger_posting (txn_id, account_id, date, "
		  "amount, ref) SELECT 99, id, '2026-11-05', -700, 'B1.2' FROM ledger_account WHERE "
		  "name = 'Assets:Receivable:sunny:1-101'; INSERT INTO ledger_posting (txn_id, "
		  "account_id, date, amount, ref) SELECT 99, id, '2026-11-05', 700, 'X1' FROM "
		  "ledger_account WHERE name = 'Assets:Cash:wechat'; INSERT INTO ledger_txn (id, "
		  "kind, date, posted_at, actor) VALUES (99, 'payment', '2026-11-05', 0, 'x');",
		  "fee: Assets:Receivable:sunny:1-101: 1 postings of a kind that never posts to a "
		  "receivable" },
		{ "exceeds", UNGUARD_LEDGER "UPDATE ledger_posting SET amount = 40000 WHERE txn_id = 4 "
		  "AND amount = 18593; UPDATE ledger_posting SET amount = -40000 WHERE txn_id = 4 "
		  "AND amount = -18593;",
		  "fee: payment P1 of ¥300.00: its allocations and refunds exceed it by ¥100.00" },
		{ "void", "INSERT INTO payment_void VALUES (1, '2026-11-30', 0, 'qian', '退票');",
		  "fee: voided payment P1: its payment entry 3 is not reversed" },
		{ "unpaid-allocation", "DROP TRIGGER payment_entry_no_delete; "
		  "DELETE FROM payment_entry WHERE entry_id = 4;",
		  "fee: ledger entry 4 (allocation) to Assets:Receivable:sunny:1-101 is no payment's" },
		{ "waiver", "DROP TRIGGER fee_waiver_no_update; UPDATE fee_waiver SET amount = 999;",
		  "fee: waiver 1 of ¥9.99 takes ¥10.00 off its bill's receivable (entry 5)" },
		{ "orphan", "INSERT INTO ledger_account (name, created_at) VALUES "
		  "('Assets:Receivable:sunny:7-7', 0);",
		  "fee: 1 accounts under Assets:Receivable belong to no unit" },
	};
	pm_buf found;
	size_t i;

	(void)state;
	if (!have("sqlite3"))
		skip();
	some_money();
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	pm_buf_init(&found);
	assert_int_equal(damaged("clean", "SELECT 1;", &found), 0);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		if (damaged(cases[i].name, cases[i].sql, &found) < 1 ||
		    strstr(found.s, cases[i].want) == NULL)
			fail_msg("%s: want \"%s\" in\n%s", cases[i].name, cases[i].want, found.s);
	/* pm-admin check runs it, as the registry registered it */
	{
		pm_ctx c = ctx;
		long problems = 0;
		char copy[300];

		snprintf(copy, sizeof copy, "%s/line-amount.db", fx_dir);
		assert_int_equal(pm_db_open(copy, PM_DB_ANYVERSION, 1000, &c.db, &c.err), 0);
		pm_buf_reset(&found);
		assert_int_equal(pm_admin_check(&c, gather, &found, &problems, &c.err), 0);
		assert_int_equal(problems, 2);  /* the line, and the dropped trigger */
		assert_non_null(strstr(found.s, "fee: bill line B1.1"));
		pm_db_close(c.db);
	}
	pm_buf_free(&found);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(statement_in_order),
		T(collection_rates),
		T(export_judged),
		T(check_finds_each_break),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
