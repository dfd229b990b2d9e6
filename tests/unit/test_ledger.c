/*
 * test_ledger.c — the append-only money journal, on accounts of a
 * scratch chart (the mechanism knows no domain): balanced posting only,
 * refusals, reversals, balances as of dates, gap-free sequences (also
 * under rollback and ten concurrent writers), the schema's triggers
 * through the sqlite3 shell, the checker against each kind of damage
 * injected on a copy, and the journal judged by ledger-cli and hledger.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "buf.h"
#include "fixture.h"
#include "ledger.h"
#include "money.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-test", "li.ming", NULL);
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static const char *
dbpath(void)
{
	static char p[300];

	snprintf(p, sizeof p, "%s/t.db", fx_dir);
	return p;
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;

	assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &n, NULL, sql, ""), 0);
	return n;
}

static const char *
value_of(const char *sql)
{
	static char v[256];
	int found = 0;

	v[0] = '\0';
	assert_int_equal(pm_db_get_text(ctx.db, &ctx.err, v, sizeof v, &found, sql, ""), 0);
	return v;
}

static pm_date
day(const char *s)
{
	pm_date d;
	pm_err e;

	assert_int_equal(pm_date_parse(s, &d, &e), 0);
	return d;
}

/* Post a two-line entry: amount from credit to debit, both lines about ref. */
static int
post2(const char *kind, const char *date, const char *debit, const char *credit,
    int64_t amount, const char *ref, const char *scope, int64_t *id, int64_t *no)
{
	pm_ledger_posting p[2] = {
		{ debit, amount, ref },
		{ credit, -amount, ref },
	};
	pm_ledger_entry e = { kind, day(date), ref, NULL, scope, p, 2 };

	return pm_ledger_post(&ctx, &e, id, no, &ctx.err);
}

static int64_t
bal(const char *account, const char *asof)
{
	pm_date d;
	int64_t b = -12345;

	if (asof != NULL)
		d = day(asof);
	assert_int_equal(pm_ledger_balance(&ctx, account, asof ? &d : NULL, &b, &ctx.err), 0);
	return b;
}

static int64_t
tree(const char *prefix, const char *asof)
{
	pm_date d;
	int64_t b = -12345;

	if (asof != NULL)
		d = day(asof);
	assert_int_equal(pm_ledger_balance_tree(&ctx, prefix, asof ? &d : NULL, &b, &ctx.err), 0);
	return b;
}

#define RECV "Assets:Receivable:S1:1-1502"
#define RECV2 "Assets:Receivable:S1:1-1503"
#define INCOME "Income:物业费"
#define CASH "Assets:Cash:微信"
#define UNAPPLIED "Liabilities:Unapplied:S1:1-1502"

/* ---- posting ------------------------------------------------------- */

static void
post_balanced(void **state)
{
	pm_ledger_posting p[3] = {
		{ RECV, 18593, "B1" },
		{ RECV ":违约金", 120, "B1" },
		{ INCOME, -18713, NULL },
	};
	pm_ledger_entry e = { "charge", { 2026, 11, 1 }, "B1", "十一月物业费", NULL, p, 3 };
	int64_t id = 0, no = -1;

	(void)state;
	assert_int_equal(pm_ledger_post(&ctx, &e, &id, &no, &ctx.err), 0);
	assert_int_equal(id, 1);
	assert_int_equal(no, 0);
	assert_int_equal(bal(RECV, NULL), 18593);
	assert_int_equal(bal(RECV ":违约金", NULL), 120);
	assert_int_equal(bal(INCOME, NULL), -18713);
	assert_int_equal(tree(RECV, NULL), 18713);
	assert_int_equal(tree("Assets", NULL), 18713);
	assert_int_equal(tree(NULL, NULL), 0);
	assert_int_equal(bal("Assets:Nothing", NULL), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_posting WHERE txn_id = 1"), 3);
	assert_int_equal(count("SELECT count(*) FROM ledger_account"), 3);
	/* a second entry reuses the accounts */
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 10000, "P1", NULL, &id,
	    NULL), 0);
	assert_int_equal(id, 2);
	assert_int_equal(count("SELECT count(*) FROM ledger_account"), 4);
	assert_int_equal(bal(RECV, NULL), 8593);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn WHERE actor = 'li.ming' "
	    "AND posted_at = 1796000400"), 2);
}

static void
refuse(const pm_ledger_entry *e, int status, const char *msg)
{
	pm_err_clear(&ctx.err);
	assert_int_equal(pm_ledger_post(&ctx, e, NULL, NULL, &ctx.err), status);
	if (msg != NULL && strstr(ctx.err.msg, msg) == NULL)
		fail_msg("want \"%s\" in \"%s\"", msg, ctx.err.msg);
}

static void
refuses_unbalanced_and_overflow(void **state)
{
	pm_ledger_posting p[3] = { { RECV, 18593, NULL }, { INCOME, -18592, NULL },
	    { CASH, 0, NULL } };
	pm_ledger_entry e = { "charge", { 2026, 11, 1 }, NULL, NULL, NULL, p, 2 };

	(void)state;
	refuse(&e, PM_EX_DATAERR, "sum to ¥0.01");
	p[1].amount = -18594;
	refuse(&e, PM_EX_DATAERR, "sum to -¥0.01");
	p[1].amount = -18593;
	e.npost = 1;
	refuse(&e, PM_EX_DATAERR, "two or more");
	e.npost = 3;
	refuse(&e, PM_EX_DATAERR, "zero");
	e.npost = 2;
	/* amounts at the limit, and over it */
	p[0].amount = PM_MONEY_MAX + 1;
	p[1].amount = -PM_MONEY_MAX - 1;
	refuse(&e, PM_EX_DATAERR, "overflow");
	p[0].amount = INT64_MAX;
	p[1].amount = INT64_MIN + 1;
	refuse(&e, PM_EX_DATAERR, "overflow");
	/* a sum that overflows before it could come back to zero */
	p[0].amount = PM_MONEY_MAX;
	p[1].amount = PM_MONEY_MAX;
	p[2].amount = -PM_MONEY_MAX;
	e.npost = 3;
	refuse(&e, PM_EX_DATAERR, "overflow");
	/* kinds */
	p[1].amount = -PM_MONEY_MAX;
	e.npost = 2;
	e.kind = "reversal";
	refuse(&e, PM_EX_DATAERR, "reversing");
	e.kind = "gift";
	refuse(&e, PM_EX_DATAERR, "gift: no such kind");
	e.kind = NULL;
	refuse(&e, PM_EX_DATAERR, NULL);
	e.kind = "charge";
	e.date.month = 2;
	e.date.day = 30;
	refuse(&e, PM_EX_DATAERR, "date");
	e.date.day = 28;
	e.ref = "B 1";
	refuse(&e, PM_EX_DATAERR, "ref");
	e.ref = NULL;
	e.seq_scope = "";
	refuse(&e, PM_EX_DATAERR, "scope");
	e.seq_scope = NULL;
	e.memo = "";
	refuse(&e, PM_EX_DATAERR, "memo");
	e.memo = NULL;
	e.post = NULL;
	refuse(&e, PM_EX_DATAERR, NULL);
	e.post = p;
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_posting"), 0);

	/* the largest amount goes in; a second takes the account's total
	 * beyond the range: posting does not sum the account's history, but
	 * the balance is refused where it is read (never a wrong number),
	 * and check names the account; a third brings it back */
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
	assert_int_equal(bal(RECV, NULL), PM_MONEY_MAX);
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
	{
		int64_t b = 0;
		long problems = 0;

		assert_int_equal(pm_ledger_balance(&ctx, RECV, NULL, &b, &ctx.err),
		    PM_EX_DATAERR);
		assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
		assert_int_equal(problems, 2);
	}
	p[0].amount = -PM_MONEY_MAX;
	p[1].amount = PM_MONEY_MAX;
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
	assert_int_equal(bal(RECV, NULL), PM_MONEY_MAX);
}

static void
account_names(void **state)
{
	static const char *const good[] = {
		"Assets", "Assets:Receivable:S1:3-2-1502", "Income:物业费:公摊", "A b:C d",
		"Liabilities:维修资金:S1", "x:y.z/w-1_2", "A:#1", "A:B!",
	};
	static const char *const bad[] = {
		"", ":A", "A:", "A::B", "A  B", " A", "A ", "A: B", "A :B", "A;B", "A(B)",
		"A[B]", "A=B", "A@B", "A\"B", "A\tB", "A\nB", "A\x7f", "A\xc2\x85", "A\xe3\x80\x80" "B",
		"A\xef\xbb\xbf", "\xff", "A\xe2\x80\xa8",
	};
	char longest[PM_LEDGER_ACCOUNT_MAX + 2];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (!pm_ledger_account_valid(good[i]))
			fail_msg("refused: \"%s\"", good[i]);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (pm_ledger_account_valid(bad[i]))
			fail_msg("accepted: \"%s\"", bad[i]);
	assert_false(pm_ledger_account_valid(NULL));
	memset(longest, 'a', sizeof longest);
	longest[PM_LEDGER_ACCOUNT_MAX] = '\0';
	assert_true(pm_ledger_account_valid(longest));
	longest[PM_LEDGER_ACCOUNT_MAX] = 'a';
	longest[PM_LEDGER_ACCOUNT_MAX + 1] = '\0';
	assert_false(pm_ledger_account_valid(longest));
	assert_true(pm_ledger_ref_valid("B12"));
	assert_true(pm_ledger_ref_valid("S1/2026.a_b-c"));
	assert_false(pm_ledger_ref_valid(""));
	assert_false(pm_ledger_ref_valid("B 12"));
	assert_false(pm_ledger_ref_valid("B:12"));
	assert_false(pm_ledger_ref_valid("单元"));
	assert_false(pm_ledger_ref_valid(NULL));
	/* the refusal quotes the name harmlessly and posts nothing */
	assert_int_equal(post2("charge", "2026-11-01", "A\x1b[31m", INCOME, 1, NULL, NULL, NULL,
	    NULL), PM_EX_DATAERR);
	assert_null(strchr(ctx.err.msg, '\x1b'));
	assert_int_equal(count("SELECT count(*) FROM ledger_account"), 0);
}

static void
needs_write_transaction(void **state)
{
	(void)state;
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(post2("charge", "2026-11-01", RECV, INCOME, 1, NULL, NULL, NULL, NULL),
	    PM_EX_SOFTWARE);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

/* ---- reversals ------------------------------------------------------ */

struct info_copy {
	char kind[33];
	int64_t reverses, reversed_by, seq_no;
};

static int
copy_info(void *arg, const pm_ledger_info *e)
{
	struct info_copy *c = arg;

	snprintf(c->kind, sizeof c->kind, "%s", e->kind);
	c->reverses = e->reverses;
	c->reversed_by = e->reversed_by;
	c->seq_no = e->seq_no;
	return 0;
}

static void
reversal_rules(void **state)
{
	struct info_copy info;
	int64_t id = 0, rid = 0, no = 0;

	(void)state;
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 10000, "P1", "S1", &id, &no),
	    0);
	assert_int_equal(no, 1);
	/* not before the entry */
	assert_int_equal(pm_ledger_reverse(&ctx, id, day("2026-11-04"), NULL, &rid, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "2026-11-05"));
	assert_int_equal(pm_ledger_reverse(&ctx, id, day("2026-11-06"), "收款有误", &rid,
	    &ctx.err), 0);
	assert_int_equal(rid, 2);
	assert_int_equal(bal(CASH, NULL), 0);
	assert_int_equal(bal(RECV, NULL), 0);
	/* as of the day in between, the payment stands */
	assert_int_equal(bal(CASH, "2026-11-05"), 10000);
	assert_int_equal(pm_ledger_balance_ref(&ctx, RECV, "P1", NULL, &id, &ctx.err), 0);
	assert_int_equal(id, 0);
	id = 1;
	/* once only; never a reversal; never what is not there */
	assert_int_equal(pm_ledger_reverse(&ctx, 1, day("2026-11-07"), NULL, NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "by entry 2"));
	assert_int_equal(pm_ledger_reverse(&ctx, 2, day("2026-11-07"), NULL, NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "is a reversal"));
	assert_int_equal(pm_ledger_reverse(&ctx, 99, day("2026-11-07"), NULL, NULL, &ctx.err),
	    PM_EX_NOINPUT);
	assert_int_equal(pm_ledger_reverse(&ctx, 1, day("2026-11-07"), "", NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 2);
	/* the receipt keeps its number; the reversal takes none */
	assert_int_equal(pm_ledger_entry_get(&ctx, 1, copy_info, &info, &ctx.err), 0);
	assert_string_equal(info.kind, "payment");
	assert_int_equal(info.reversed_by, 2);
	assert_int_equal(info.seq_no, 1);
	assert_int_equal(pm_ledger_entry_get(&ctx, 2, copy_info, &info, &ctx.err), 0);
	assert_string_equal(info.kind, "reversal");
	assert_int_equal(info.reverses, 1);
	assert_int_equal(info.seq_no, 0);
	assert_int_equal(pm_ledger_entry_get(&ctx, 3, copy_info, &info, &ctx.err), PM_EX_NOINPUT);
	assert_string_equal(value_of("SELECT ref || ' ' || memo FROM ledger_txn WHERE id = 2"),
	    "P1 收款有误");
	/* the same payment posted again is a new entry with the next number */
	assert_int_equal(post2("payment", "2026-11-07", CASH, RECV, 10000, "P1", "S1", &id, &no),
	    0);
	assert_int_equal(no, 2);
	assert_int_equal(bal(RECV, NULL), -10000);
}

/* ---- balances -------------------------------------------------------- */

static int
collect(void *arg, const char *account, int64_t balance)
{
	pm_buf_addf(arg, "%s=%lld;", account, (long long)balance);
	return 0;
}

static const char *
each(const char *prefix, const char *asof)
{
	static char out[1024];
	pm_date d;
	pm_buf b;

	pm_buf_init(&b);
	if (asof != NULL)
		d = day(asof);
	assert_int_equal(pm_ledger_each_balance(&ctx, prefix, asof ? &d : NULL, collect, &b,
	    &ctx.err), 0);
	snprintf(out, sizeof out, "%s", b.s);
	pm_buf_free(&b);
	return out;
}

static void
balances_as_of(void **state)
{
	int64_t b;

	(void)state;
	assert_int_equal(post2("charge", "2026-10-01", RECV, INCOME, 18593, "B1", NULL, NULL, NULL),
	    0);
	assert_int_equal(post2("charge", "2026-11-01", RECV, INCOME, 18593, "B2", NULL, NULL, NULL),
	    0);
	assert_int_equal(post2("charge", "2026-11-01", RECV2, INCOME, 5000, "B3", NULL, NULL, NULL),
	    0);
	/* "1-150" is no parent of "1-1502" */
	assert_int_equal(post2("charge", "2026-11-02", "Assets:Receivable:S1:1-150", INCOME, 7,
	    "B4", NULL, NULL, NULL), 0);
	assert_int_equal(post2("payment", "2026-11-15", CASH, RECV, 20000, "P1", NULL, NULL, NULL),
	    0);
	assert_int_equal(post2("allocation", "2026-11-15", RECV ":违约金", RECV, 30, "B1", NULL,
	    NULL, NULL), 0);

	assert_int_equal(bal(RECV, "2026-09-30"), 0);
	assert_int_equal(bal(RECV, "2026-10-01"), 18593);
	assert_int_equal(bal(RECV, "2026-10-31"), 18593);
	assert_int_equal(bal(RECV, "2026-11-01"), 37186);
	assert_int_equal(bal(RECV, "2026-11-15"), 37186 - 20000 - 30);
	assert_int_equal(bal(RECV, NULL), 37186 - 20030);
	assert_int_equal(tree(RECV, NULL), 37186 - 20000);
	assert_int_equal(tree("Assets:Receivable:S1:1-150", NULL), 7);
	assert_int_equal(tree("Assets:Receivable", "2026-11-01"), 18593 * 2 + 5000);
	assert_int_equal(tree("Assets:Receivable", NULL), 18593 * 2 + 5000 + 7 - 20000);
	assert_int_equal(tree("Income", "2026-10-15"), -18593);
	assert_int_equal(tree("Assets", NULL) + tree("Income", NULL), 0);
	/* what is left of one line */
	assert_int_equal(pm_ledger_balance_ref(&ctx, RECV, "B1", NULL, &b, &ctx.err), 0);
	assert_int_equal(b, 18593 - 30);
	assert_int_equal(pm_ledger_balance_ref(&ctx, RECV, "B2", NULL, &b, &ctx.err), 0);
	assert_int_equal(b, 18593);
	assert_int_equal(pm_ledger_balance_ref(&ctx, RECV2, "B2", NULL, &b, &ctx.err), 0);
	assert_int_equal(b, 0);
	/* streamed in name order; accounts without postings up to the date left out */
	assert_string_equal(each("Assets:Receivable", "2026-10-31"),
	    "Assets:Receivable:S1:1-1502=18593;");
	assert_string_equal(each("Assets:Receivable", NULL),
	    "Assets:Receivable:S1:1-150=7;"
	    "Assets:Receivable:S1:1-1502=17156;"
	    "Assets:Receivable:S1:1-1502:违约金=30;"
	    "Assets:Receivable:S1:1-1503=5000;");
	assert_string_equal(each(RECV, NULL), RECV "=17156;" RECV ":违约金=30;");
	assert_string_equal(each("Assets:Receivable:S1:1-15", NULL), "");
	assert_string_equal(each(NULL, "2026-10-01"), RECV "=18593;" INCOME "=-18593;");
}

/* One account's balance reads that account's postings only: an index
 * range, never the whole journal. */
static void
balance_uses_the_index(void **state)
{
	pm_buf plan;

	(void)state;
	pm_buf_init(&plan);
	assert_int_equal(pm_db_plan(ctx.db, &ctx.err, &plan,
	    "SELECT coalesce(sum(p.amount), 0) FROM ledger_account a "
	    "JOIN ledger_posting p ON p.account_id = a.id AND p.date <= ?2 WHERE a.name = ?1",
	    "tt", RECV, "2026-11-30"), 0);
	if (strstr(plan.s, "SEARCH p USING COVERING INDEX ledger_posting_account") == NULL ||
	    strstr(plan.s, "SCAN") != NULL)
		fail_msg("plan:\n%s", plan.s);
	pm_buf_free(&plan);
}

/* ---- sequence numbers ------------------------------------------------ */

static void
sequences_per_scope_and_year(void **state)
{
	int64_t no = 0;
	int i;

	(void)state;
	for (i = 1; i <= 3; i++) {
		assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 100, NULL, "S1", NULL,
		    &no), 0);
		assert_int_equal(no, i);
	}
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 100, NULL, "S2", NULL, &no), 0);
	assert_int_equal(no, 1);
	/* the year of the entry's date */
	assert_int_equal(post2("payment", "2027-01-01", CASH, RECV, 100, NULL, "S1", NULL, &no), 0);
	assert_int_equal(no, 1);
	assert_int_equal(post2("payment", "2026-12-31", CASH, RECV, 100, NULL, "S1", NULL, &no), 0);
	assert_int_equal(no, 4);
	/* unnumbered entries take none */
	assert_int_equal(post2("charge", "2026-12-31", RECV, INCOME, 100, NULL, NULL, NULL, &no),
	    0);
	assert_int_equal(no, 0);
	assert_string_equal(value_of("SELECT group_concat(scope || '/' || year || '=' || last, ' ') "
	    "FROM (SELECT * FROM ledger_seq ORDER BY scope, year)"), "S1/2026=4 S1/2027=1 S2/2026=1");
	/* a refused entry takes no number */
	assert_int_equal(post2("payment", "2026-12-31", CASH, "A::B", 100, NULL, "S1", NULL, &no),
	    PM_EX_DATAERR);
	assert_int_equal(post2("payment", "2026-12-31", CASH, RECV, 100, NULL, "S1", NULL, &no), 0);
	assert_int_equal(no, 5);
}

static void
rollback_leaves_no_gap(void **state)
{
	int64_t no = 0;

	(void)state;
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 100, "P1", "S1", NULL, &no), 0);
	assert_int_equal(no, 1);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	/* a command that fails after taking its number */
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 100, "P2", "S1", NULL, &no), 0);
	assert_int_equal(no, 2);
	pm_db_rollback(ctx.db);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 100, "P3", "S1", NULL, &no), 0);
	assert_int_equal(no, 2);
	assert_string_equal(value_of("SELECT group_concat(ref || '=' || seq_no, ' ') FROM "
	    "(SELECT * FROM ledger_txn ORDER BY id)"), "P1=1 P3=2");
	assert_int_equal(count("SELECT last FROM ledger_seq"), 2);
}

/*
 * Ten processes, each with its own connection, post a hundred numbered
 * entries each, one command (BEGIN IMMEDIATE ... COMMIT) per entry, all
 * at once: every entry is there, the numbers are 1..1000 without a gap
 * or a duplicate, and each process got the numbers it says it got.
 */
#define NWRITERS 10
#define NPOSTS 100

static int
writer(int w)
{
	char path[300], ref[32], line[64];
	pm_ctx c;
	FILE *fp;
	int64_t no;
	int j;

	memset(&c, 0, sizeof c);
	c.tool = "pm-test";
	c.now = 1796000400;
	snprintf(c.actor.login, sizeof c.actor.login, "w%d", w);
	snprintf(path, sizeof path, "%s/w%d.nos", fx_dir, w);
	if ((fp = fopen(path, "w")) == NULL ||
	    pm_db_open(dbpath(), 0, 20000, &c.db, &c.err) != 0)
		return 1;
	for (j = 0; j < NPOSTS; j++) {
		pm_ledger_posting p[2] = { { CASH, 100 + w, NULL }, { UNAPPLIED, -100 - w, NULL } };
		pm_ledger_entry e = { "payment", { 2026, 11, 30 }, ref, NULL, "S1", p, 2 };

		snprintf(ref, sizeof ref, "w%d-%d", w, j);
		if (pm_db_begin(c.db, 1, &c.err) != 0 ||
		    pm_ledger_post(&c, &e, NULL, &no, &c.err) != 0 ||
		    pm_db_commit(c.db, &c.err) != 0) {
			fprintf(stderr, "writer %d: %s\n", w, c.err.msg);
			return 1;
		}
		snprintf(line, sizeof line, "%lld %s\n", (long long)no, ref);
		fputs(line, fp);
	}
	pm_db_close(c.db);
	return fclose(fp) != 0;
}

static void
concurrent_writers(void **state)
{
	pid_t pid[NWRITERS];
	char path[300], ref[32];
	long long no;
	long problems = 0;
	int w, st, bad = 0;
	FILE *fp;

	(void)state;
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	for (w = 0; w < NWRITERS; w++) {
		if ((pid[w] = fork()) == 0)
			_exit(writer(w));
		assert_true(pid[w] > 0);
	}
	for (w = 0; w < NWRITERS; w++) {
		assert_int_equal(waitpid(pid[w], &st, 0), pid[w]);
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			fail_msg("writer %d failed", w);
	}
	assert_int_equal(pm_db_begin(ctx.db, 0, &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), NWRITERS * NPOSTS);
	assert_int_equal(count("SELECT count(DISTINCT seq_no) FROM ledger_txn"), NWRITERS * NPOSTS);
	assert_int_equal(count("SELECT min(seq_no) FROM ledger_txn"), 1);
	assert_int_equal(count("SELECT max(seq_no) FROM ledger_txn"), NWRITERS * NPOSTS);
	assert_int_equal(count("SELECT last FROM ledger_seq WHERE scope = 'S1' AND year = 2026"),
	    NWRITERS * NPOSTS);
	/* the number each writer was told is the one its entry has */
	for (w = 0; w < NWRITERS; w++) {
		snprintf(path, sizeof path, "%s/w%d.nos", fx_dir, w);
		assert_non_null(fp = fopen(path, "r"));
		while (fscanf(fp, "%lld %31s", &no, ref) == 2) {
			int64_t got = 0;
			int found = 0;

			assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &got, &found,
			    "SELECT seq_no FROM ledger_txn WHERE ref = ?1", "t", ref), 0);
			if (!found || got != no)
				bad++;
		}
		fclose(fp);
	}
	assert_int_equal(bad, 0);
	/* no posting lost: each writer's amounts, all of them */
	assert_int_equal(bal(CASH, NULL), (int64_t)NPOSTS * (100 * NWRITERS + 45));
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
	pm_db_rollback(ctx.db);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

/* ---- the schema's guards, from the sqlite3 shell ---------------------- */

static int
have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", tool);
	return system(cmd) == 0;
}

/* Run sql through the sqlite3 shell on db; its exit status, and what it
 * said on stderr into said. */
static int
shell(const char *db, const char *sql, char *said, size_t n)
{
	char cmd[1200], sqlf[300], errf[300];
	FILE *fp;
	size_t k;
	int st;

	snprintf(sqlf, sizeof sqlf, "%s/shell.sql", fx_dir);
	snprintf(errf, sizeof errf, "%s/shell.err", fx_dir);
	assert_non_null(fp = fopen(sqlf, "w"));
	fputs(sql, fp);
	fclose(fp);
	if ((size_t)snprintf(cmd, sizeof cmd, "sqlite3 -bail '%s' < '%s' > /dev/null 2> '%s'", db, sqlf,
	    errf) >= sizeof cmd)
		fail();
	st = system(cmd);
	said[0] = '\0';
	if ((fp = fopen(errf, "r")) != NULL) {
		k = fread(said, 1, n - 1, fp);
		said[k] = '\0';
		fclose(fp);
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A journal of a few entries, committed: a payment with its number, a
 * charge, a reversal. */
static void
small_journal(void)
{
	int64_t id;

	assert_int_equal(post2("charge", "2026-11-01", RECV, INCOME, 18593, "B1", NULL, NULL, NULL),
	    0);
	assert_int_equal(post2("payment", "2026-11-05", CASH, RECV, 10000, "P1", "S1", &id, NULL),
	    0);
	assert_int_equal(post2("payment", "2026-11-06", CASH, RECV, 5000, "P2", "S1", NULL, NULL),
	    0);
	assert_int_equal(pm_ledger_reverse(&ctx, id, day("2026-11-07"), NULL, NULL, &ctx.err), 0);
	assert_int_equal(post2("payment", "2026-11-08", CASH, RECV, 10000, "P3", "S1", NULL, NULL),
	    0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
}

static void
shell_cannot_rewrite(void **state)
{
	static const char *const sql[] = {
		"UPDATE ledger_posting SET amount = 1 WHERE id = 1;",
		"DELETE FROM ledger_posting WHERE id = 1;",
		"UPDATE ledger_txn SET date = '2026-01-01' WHERE id = 1;",
		"DELETE FROM ledger_txn WHERE id = 5;",
		"UPDATE ledger_account SET name = 'X' WHERE id = 1;",
		"DELETE FROM ledger_account;",
		"UPDATE ledger_kind SET name = 'x' WHERE name = 'waiver';",
		"DELETE FROM ledger_seq;",
		"UPDATE ledger_seq SET last = 1;",
		"UPDATE ledger_seq SET last = last + 2;",
		/* a posting added to a posted entry */
		"INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		"VALUES (1, 1, '2026-11-01', 5);",
		/* an unbalanced entry, and one of a single posting */
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) VALUES "
		"(9, 1, '2026-11-09', 5), (9, 2, '2026-11-09', -4); INSERT INTO ledger_txn "
		"(id, kind, date, posted_at, actor) VALUES (9, 'charge', '2026-11-09', 0, 'x'); COMMIT;",
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) VALUES "
		"(9, 1, '2026-11-09', 5); INSERT INTO ledger_txn "
		"(id, kind, date, posted_at, actor) VALUES (9, 'charge', '2026-11-09', 0, 'x'); COMMIT;",
		/* postings of another date */
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) VALUES "
		"(9, 1, '2026-11-09', 5), (9, 2, '2026-11-10', -5); INSERT INTO ledger_txn "
		"(id, kind, date, posted_at, actor) VALUES (9, 'charge', '2026-11-09', 0, 'x'); COMMIT;",
		/* entry 2 is reversed already; entry 4 is a reversal; a wrong negation */
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		"SELECT 9, account_id, '2026-11-09', -amount FROM ledger_posting WHERE txn_id = 2; "
		"INSERT INTO ledger_txn (id, kind, date, posted_at, actor, reverses) "
		"VALUES (9, 'reversal', '2026-11-09', 0, 'x', 2); COMMIT;",
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		"SELECT 9, account_id, '2026-11-09', -amount FROM ledger_posting WHERE txn_id = 4; "
		"INSERT INTO ledger_txn (id, kind, date, posted_at, actor, reverses) "
		"VALUES (9, 'reversal', '2026-11-09', 0, 'x', 4); COMMIT;",
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		"SELECT 9, account_id, '2026-11-09', -amount * 2 FROM ledger_posting WHERE txn_id = 3; "
		"INSERT INTO ledger_txn (id, kind, date, posted_at, actor, reverses) "
		"VALUES (9, 'reversal', '2026-11-09', 0, 'x', 3); COMMIT;",
		/* a number not the counter's next, and one given twice */
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) VALUES "
		"(9, 1, '2026-11-09', 5), (9, 2, '2026-11-09', -5); INSERT INTO ledger_txn "
		"(id, kind, date, posted_at, actor, seq_scope, seq_year, seq_no) "
		"VALUES (9, 'payment', '2026-11-09', 0, 'x', 'S1', 2026, 7); COMMIT;",
		"BEGIN; INSERT INTO ledger_posting (txn_id, account_id, date, amount) VALUES "
		"(9, 1, '2026-11-09', 5), (9, 2, '2026-11-09', -5); INSERT INTO ledger_txn "
		"(id, kind, date, posted_at, actor, seq_scope, seq_year, seq_no) "
		"VALUES (9, 'payment', '2026-11-09', 0, 'x', 'S1', 2026, 3); COMMIT;",
	};
	char said[512], before[64];
	size_t i;

	(void)state;
	if (!have("sqlite3"))
		skip();
	small_journal();
	snprintf(before, sizeof before, "%s", value_of("SELECT count(*) || ' ' || sum(amount) || "
	    "' ' || sum(id) FROM ledger_posting"));
	for (i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		if (shell(dbpath(), sql[i], said, sizeof said) == 0)
			fail_msg("the shell could: %s", sql[i]);
		if (strstr(said, "ledger: ") == NULL && strstr(said, "UNIQUE") == NULL)
			fail_msg("%s: %s", sql[i], said);
	}
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_string_equal(value_of("SELECT count(*) || ' ' || sum(amount) || ' ' || sum(id) "
	    "FROM ledger_posting"), before);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 5);
	/* what the shell may do: post a balanced entry the way the ledger does */
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(shell(dbpath(), "BEGIN; INSERT INTO ledger_posting (txn_id, account_id, "
	    "date, amount) VALUES (6, 1, '2026-11-09', 5), (6, 2, '2026-11-09', -5); "
	    "INSERT INTO ledger_txn (id, kind, date, posted_at, actor) "
	    "VALUES (6, 'charge', '2026-11-09', 0, 'x'); COMMIT;", said, sizeof said), 0);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 6);
}

/* A posting the shell left behind outside a transaction (its entry
 * refused) was never posted: it may be deleted, pm steps over its entry
 * id, and check reports it until then. */
static void
stray_postings(void **state)
{
	char said[512];
	long problems = 0;
	int64_t id = 0;

	(void)state;
	if (!have("sqlite3"))
		skip();
	small_journal();
	assert_int_equal(shell(dbpath(), "INSERT INTO ledger_posting (txn_id, account_id, date, "
	    "amount) VALUES (6, 1, '2026-11-09', 5);", said, sizeof said), 0);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 1);
	assert_int_equal(post2("charge", "2026-11-10", RECV, INCOME, 1, NULL, NULL, &id, NULL), 0);
	assert_int_equal(id, 7);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(shell(dbpath(), "DELETE FROM ledger_posting WHERE txn_id = 6;", said,
	    sizeof said), 0);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	problems = 0;
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
}

/* ---- the checker ------------------------------------------------------ */

static int
gather(void *arg, const char *check, const char *detail)
{
	pm_buf_addf(arg, "%s: %s\n", check, detail);
	return 0;
}

/* Unguard a copy of the journal (every trigger and unique index
 * dropped), damage it with sql, and check it: the problems found. */
#define UNGUARD \
	"DROP TRIGGER ledger_posting_closed; DROP TRIGGER ledger_txn_balanced; " \
	"DROP TRIGGER ledger_txn_reversal; DROP TRIGGER ledger_txn_seq_next; " \
	"DROP TRIGGER ledger_seq_first; DROP TRIGGER ledger_seq_step; " \
	"DROP TRIGGER ledger_seq_no_delete; DROP TRIGGER ledger_txn_no_update; " \
	"DROP TRIGGER ledger_txn_no_delete; DROP TRIGGER ledger_posting_no_update; " \
	"DROP TRIGGER ledger_posting_no_delete; DROP TRIGGER ledger_account_no_update; " \
	"DROP TRIGGER ledger_account_no_delete; DROP TRIGGER ledger_kind_no_update; " \
	"DROP TRIGGER ledger_kind_no_delete; DROP INDEX ledger_txn_reverses; " \
	"DROP INDEX ledger_txn_seq;"

static long
damaged(const char *name, const char *sql, pm_buf *found)
{
	char copy[300], said[512];
	pm_ctx c = ctx;
	long problems = 0;

	snprintf(copy, sizeof copy, "%s/%s.db", fx_dir, name);
	assert_int_equal(pm_db_backup(ctx.db, copy, PM_DB_VERIFY_FAST, &ctx.err), 0);
	if (shell(copy, sql, said, sizeof said) != 0)
		fail_msg("%s: %s", name, said);
	assert_int_equal(pm_db_open(copy, 0, 1000, &c.db, &c.err), 0);
	assert_int_equal(pm_db_begin(c.db, 0, &c.err), 0);
	pm_buf_reset(found);
	assert_int_equal(pm_ledger_check(&c, gather, found, &problems, &c.err), 0);
	pm_db_close(c.db);
	return problems;
}

static void
checker_finds_each_damage(void **state)
{
	static const struct {
		const char *name, *sql, *want;
	} cases[] = {
		{ "amount", "UPDATE ledger_posting SET amount = 18594 WHERE id = 1;",
		  "ledger entry 1 does not balance: its postings sum to ¥0.01" },
		{ "lone", "DELETE FROM ledger_posting WHERE id = 2;",
		  "ledger entry 1 has 1 postings (two or more needed)" },
		{ "empty", "DELETE FROM ledger_posting WHERE txn_id = 1;",
		  "ledger entry 1 has 0 postings" },
		{ "date", "UPDATE ledger_posting SET date = '2026-11-02' WHERE id = 1;",
		  "ledger entry 1 has postings of another date" },
		{ "overflow", "UPDATE ledger_posting SET amount = 9000000000000000000 WHERE txn_id = 1;",
		  "ledger entry 1: its postings overflow" },
		{ "orphan", "DELETE FROM ledger_txn WHERE id = 3;",
		  "2 postings name ledger entry 3, which does not exist" },
		{ "revrev", "INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		  "SELECT 9, account_id, '2026-11-09', -amount FROM ledger_posting WHERE txn_id = 4; "
		  "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, reverses) "
		  "VALUES (9, 'reversal', '2026-11-09', 0, 'x', 4);",
		  "ledger entry 9 reverses entry 4, itself a reversal" },
		{ "twice", "INSERT INTO ledger_posting (txn_id, account_id, date, amount) "
		  "SELECT 9, account_id, '2026-11-09', -amount FROM ledger_posting WHERE txn_id = 2; "
		  "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, reverses) "
		  "VALUES (9, 'reversal', '2026-11-09', 0, 'x', 2);",
		  "ledger entry 2 is reversed 2 times" },
		{ "negation", "UPDATE ledger_posting SET account_id = 3 WHERE txn_id = 4 AND amount > 0;",
		  "ledger entry 4 does not negate the entry 2 it reverses" },
		{ "gone", "DELETE FROM ledger_txn WHERE id = 2;",
		  "ledger entry 4 reverses entry 2, which does not exist" },
		{ "earlier", "UPDATE ledger_txn SET date = '2026-11-01' WHERE id = 4; "
		  "UPDATE ledger_posting SET date = '2026-11-01' WHERE txn_id = 4;",
		  "ledger entry 4 reverses the later entry 2" },
		{ "dup", "UPDATE ledger_txn SET seq_no = 2 WHERE id = 5;",
		  "sequence S1/2026 gives 1 numbers to more than one entry" },
		{ "gap", "UPDATE ledger_txn SET seq_no = NULL, seq_scope = NULL, seq_year = NULL "
		  "WHERE id = 3;", "sequence S1/2026 has a gap: 2 is missing" },
		{ "first", "UPDATE ledger_txn SET seq_no = NULL, seq_scope = NULL, seq_year = NULL "
		  "WHERE id = 2;", "sequence S1/2026 has a gap: 1 is missing" },
		{ "counter", "UPDATE ledger_seq SET last = 5;",
		  "sequence S1/2026: its counter is at 5, its highest number 3" },
		{ "nocounter", "DELETE FROM ledger_seq;", "sequence S1/2026 has no counter" },
	};
	char said[512];
	pm_buf found;
	size_t i;

	(void)state;
	if (!have("sqlite3"))
		skip();
	small_journal();
	pm_buf_init(&found);
	/* the journal as written: nothing to report */
	assert_int_equal(damaged("clean", "SELECT 1;", &found), 0);
	/* every guard gone: each is reported, and nothing else */
	assert_int_equal(damaged("unguarded", UNGUARD, &found), 17);
	assert_non_null(strstr(found.s, "ledger: trigger ledger_txn_no_update is missing"));
	assert_non_null(strstr(found.s, "ledger: index ledger_txn_seq is missing"));
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char sql[1024];

		snprintf(sql, sizeof sql, "%s %s", UNGUARD, cases[i].sql);
		if (damaged(cases[i].name, sql, &found) < 18 || strstr(found.s, cases[i].want) == NULL)
			fail_msg("%s: want \"%s\" in\n%s", cases[i].name, cases[i].want, found.s);
	}
	/* pm-admin check runs it */
	assert_int_equal(shell(dbpath(), UNGUARD "UPDATE ledger_posting SET amount = 1 WHERE id = 1;",
	    said, sizeof said), 0);
	{
		pm_ctx c = ctx;
		long problems = 0;

		assert_int_equal(pm_db_open(dbpath(), PM_DB_ANYVERSION, 1000, &c.db, &c.err), 0);
		pm_buf_reset(&found);
		assert_int_equal(pm_admin_check(&c, gather, &found, &problems, &c.err), 0);
		assert_int_equal(problems, 18);
		assert_non_null(strstr(found.s, "ledger: ledger entry 1 does not balance"));
		pm_db_close(c.db);
	}
	pm_buf_free(&found);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

/* ---- the independent judge: ledger-cli and hledger --------------------- */

/* A year of a small estate's money: charges, late fees, payments with
 * receipt numbers, allocations, a reversal, a waiver, a refund, custody. */
static void
year_of_entries(void)
{
	pm_ledger_posting late[2] = { { RECV ":违约金", 1234, "B1" }, { "Income:违约金", -1234, NULL } };
	pm_ledger_entry accrual = { "accrual", { 2026, 3, 31 }, "B1", NULL, NULL, late, 2 };
	pm_ledger_posting big[3] = {
		{ "Assets:Bank:工商银行", 1234567890, NULL },
		{ RECV2, -1234567800, "B9" },
		{ "Liabilities:Unapplied:S1:1-1503", -90, NULL },
	};
	pm_ledger_entry pay = { "payment", { 2026, 6, 30 }, "P9", NULL, "S1", big, 3 };
	int64_t id;
	int m;
	char d[32];

	for (m = 1; m <= 12; m++) {
		snprintf(d, sizeof d, "2026-%02d-01", m);
		assert_int_equal(post2("charge", d, RECV, INCOME, 18593, "B1", NULL, NULL, NULL), 0);
		assert_int_equal(post2("charge", d, RECV2, INCOME, 21130, "B2", NULL, NULL, NULL), 0);
	}
	assert_int_equal(post2("charge", "2026-01-15", RECV2, INCOME, 1234567800, "B9", NULL, NULL,
	    NULL), 0);
	assert_int_equal(pm_ledger_post(&ctx, &accrual, NULL, NULL, &ctx.err), 0);
	assert_int_equal(post2("payment", "2026-04-02", CASH, UNAPPLIED, 60000, "P1", "S1", &id,
	    NULL), 0);
	assert_int_equal(post2("allocation", "2026-04-02", UNAPPLIED, RECV ":违约金", 1234, "B1",
	    NULL, NULL, NULL), 0);
	assert_int_equal(post2("allocation", "2026-04-02", UNAPPLIED, RECV, 55779, "B1", NULL,
	    NULL, NULL), 0);
	assert_int_equal(pm_ledger_post(&ctx, &pay, NULL, NULL, &ctx.err), 0);
	assert_int_equal(post2("payment", "2026-07-01", CASH, UNAPPLIED, 100, "P10", "S1", &id,
	    NULL), 0);
	assert_int_equal(pm_ledger_reverse(&ctx, id, day("2026-07-02"), "录入错误", NULL,
	    &ctx.err), 0);
	assert_int_equal(post2("waiver", "2026-08-01", "Expenses:减免", RECV2, 21130, "B2", NULL,
	    NULL, NULL), 0);
	assert_int_equal(post2("refund", "2026-09-01", UNAPPLIED, CASH, 1000, "R1", NULL, NULL,
	    NULL), 0);
	assert_int_equal(post2("custody", "2026-10-01", "Assets:Custody:维修资金", 
	    "Liabilities:维修资金:S1:1-1502", 888800, "F1", NULL, NULL, NULL), 0);
	/* after the as-of date: left out */
	assert_int_equal(post2("charge", "2027-01-01", RECV, INCOME, 18593, "B1", NULL, NULL, NULL),
	    0);
}

/* "account<TAB>yuan" lines of a tool's report into "account=fen;" ...,
 * sorted, nonzero balances only. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
tool_balances(const char *cmd, int csv, pm_buf *out)
{
	char line[512], *lines[256], *tab, *amt, *e;
	size_t n = 0, i;
	int64_t fen;
	pm_err err;
	FILE *fp;

	assert_non_null(fp = popen(cmd, "r"));
	while (fgets(line, sizeof line, fp) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		if (csv) {
			/* "account","¥1234.56" */
			if (strncmp(line, "\"account\"", 9) == 0 || line[0] != '"')
				continue;
			if ((tab = strstr(line, "\",\"")) == NULL)
				fail_msg("%s: %s", cmd, line);
			*tab = '\0';
			memmove(line, line + 1, strlen(line + 1) + 1);
			amt = tab + 3;
			if ((e = strrchr(amt, '"')) != NULL)
				*e = '\0';
			tab = line + strlen(line);
		} else {
			if ((tab = strchr(line, '\t')) == NULL)
				fail_msg("%s: %s", cmd, line);
			*tab = '\0';
			amt = tab + 1;
		}
		if (strncmp(amt, "\xc2\xa5", 2) == 0)
			amt += 2;
		/* ledger writes 1000 for 1000.00, hledger 0 for zero */
		if (pm_money_parse(amt, PM_MONEY_SIGNED, &fen, &err) != 0)
			fail_msg("%s: %s: %s", cmd, amt, err.msg);
		if (fen == 0)
			continue;
		assert_true(n < 256);
		snprintf(line + strlen(line), sizeof line - strlen(line), "=%lld;", (long long)fen);
		(void)tab;
		lines[n++] = strdup(line);
	}
	assert_int_equal(pclose(fp), 0);
	qsort(lines, n, sizeof lines[0], cmp_str);
	for (i = 0; i < n; i++) {
		pm_buf_adds(out, lines[i]);
		free(lines[i]);
	}
}

static int
pm_line(void *arg, const char *account, int64_t balance)
{
	char s[300];
	pm_buf *b = arg;

	if (balance == 0)
		return 0;
	snprintf(s, sizeof s, "%s=%lld;", account, (long long)balance);
	pm_buf_adds(b, s);
	return 0;
}

static void
journal_file(const char *path, const char *const *assert, size_t n)
{
	pm_date asof = day("2026-12-31");
	FILE *fp;

	assert_non_null(fp = fopen(path, "w"));
	assert_int_equal(pm_ledger_journal(&ctx, &asof, assert, n, fp, &ctx.err), 0);
	assert_int_equal(fclose(fp), 0);
}

static void
journal_format(void **state)
{
	static const char *const assert[] = { "Assets:Receivable", "Liabilities" };
	char path[300], text[16384];
	size_t k;
	FILE *fp;

	(void)state;
	year_of_entries();
	snprintf(path, sizeof path, "%s/j.journal", fx_dir);
	journal_file(path, assert, 2);
	assert_non_null(fp = fopen(path, "r"));
	k = fread(text, 1, sizeof text - 1, fp);
	text[k] = '\0';
	fclose(fp);
	assert_non_null(strstr(text, "\ncommodity ¥\n"));
	assert_non_null(strstr(text, "\naccount " RECV ":违约金\n"));
	assert_non_null(strstr(text, "\n2026-04-02 * (S1/2026/000001) payment P1\n"
	    "    ; pm entry 27\n    " CASH "    ¥600.00\n    " UNAPPLIED "    ¥-600.00\n"));
	assert_non_null(strstr(text, "\n2026-06-30 * (S1/2026/000002) payment P9\n"
	    "    ; pm entry 30\n    Assets:Bank:工商银行    ¥12345678.90\n"));
	assert_non_null(strstr(text, "\n2026-07-02 * reversal P10\n    ; pm entry 32, reverses 31\n"));
	assert_non_null(strstr(text, "\n2026-12-31 * balance assertions\n"
	    "    " RECV "    ¥0.00 = ¥1673.37\n"));
	assert_non_null(strstr(text, "    Liabilities:维修资金:S1:1-1502    ¥0.00 = ¥-8888.00\n"));
	/* the memo and 2027 stay out */
	assert_null(strstr(text, "录入错误"));
	assert_null(strstr(text, "2027-"));
	/* nothing asserted: no assertion transaction */
	journal_file(path, NULL, 0);
	assert_non_null(fp = fopen(path, "r"));
	k = fread(text, 1, sizeof text - 1, fp);
	text[k] = '\0';
	fclose(fp);
	assert_null(strstr(text, "balance assertions"));
	/* a full disk is an error */
	if ((fp = fopen("/dev/full", "w")) != NULL) {
		pm_date asof = day("2026-12-31");

		assert_int_equal(pm_ledger_journal(&ctx, &asof, assert, 2, fp, &ctx.err),
		    PM_EX_IOERR);
		fclose(fp);
	}
}

static void
judged_by_ledger_and_hledger(void **state)
{
	static const char *const assert[] = { "Assets:Receivable", "Liabilities", "Income" };
	char path[300], bad[300], cmd[1024];
	pm_date asof = day("2026-12-31");
	pm_buf mine, theirs;

	(void)state;
	if (!have("ledger") || !have("hledger")) {
		print_message("ledger or hledger not installed (scripts/install-deps)\n");
		skip();
	}
	year_of_entries();
	snprintf(path, sizeof path, "%s/j.journal", fx_dir);
	journal_file(path, assert, 3);

	/* both accept it, strictly: every account and the commodity
	 * declared, every transaction balanced, every assertion true */
	snprintf(cmd, sizeof cmd, "ledger -f '%s' --strict --pedantic balance >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "hledger -f '%s' check >/dev/null && "
	    "hledger -f '%s' --strict check >/dev/null", path, path);
	assert_int_equal(system(cmd), 0);

	/* and their balances, account by account, are pm's to the fen */
	pm_buf_init(&mine);
	pm_buf_init(&theirs);
	assert_int_equal(pm_ledger_each_balance(&ctx, NULL, &asof, pm_line, &mine, &ctx.err), 0);
	{
		/* pm's in the same order the comparison sorts by */
		char *lines[256], *s = mine.s, *semi;
		size_t n = 0, i;
		pm_buf sorted;

		pm_buf_init(&sorted);
		while ((semi = strchr(s, ';')) != NULL) {
			lines[n++] = strndup(s, (size_t)(semi - s + 1));
			s = semi + 1;
		}
		qsort(lines, n, sizeof lines[0], cmp_str);
		for (i = 0; i < n; i++) {
			pm_buf_adds(&sorted, lines[i]);
			free(lines[i]);
		}
		pm_buf_reset(&mine);
		pm_buf_adds(&mine, sorted.s);
		pm_buf_free(&sorted);
	}
	assert_non_null(strstr(mine.s, RECV "=167337;"));
	snprintf(cmd, sizeof cmd, "ledger -f '%s' --strict --pedantic balance --flat --no-total "
	    "--empty -F '%%(account)\\t%%(quantity(amount))\\n'", path);
	tool_balances(cmd, 0, &theirs);
	assert_string_equal(theirs.s, mine.s);
	pm_buf_reset(&theirs);
	snprintf(cmd, sizeof cmd, "hledger -f '%s' --strict balance --flat -N -E -O csv", path);
	tool_balances(cmd, 1, &theirs);
	assert_string_equal(theirs.s, mine.s);

	/* the judge is not a rubber stamp: one fen off in an assertion,
	 * and both refuse the file */
	snprintf(bad, sizeof bad, "%s/bad.journal", fx_dir);
	snprintf(cmd, sizeof cmd, "sed 's/= ¥1673.37$/= ¥1673.38/' '%s' > '%s' && "
	    "grep -q '= ¥1673.38$' '%s'", path, bad, bad);
	assert_int_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "ledger -f '%s' --strict --pedantic balance >/dev/null 2>&1", bad);
	assert_int_not_equal(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "hledger -f '%s' check >/dev/null 2>&1", bad);
	assert_int_not_equal(system(cmd), 0);
	pm_buf_free(&mine);
	pm_buf_free(&theirs);
}

/* ---- many entries at once -------------------------------------------------- */

/* A scratch table of charges, one an entry: debit acct, credit INCOME. */
static void
seed_src(int n)
{
	pm_buf sql;
	int i;

	pm_buf_init(&sql);
	pm_buf_adds(&sql, "CREATE TABLE src (id INTEGER PRIMARY KEY, acct TEXT, amount INTEGER, "
	    "day TEXT DEFAULT '2026-11-01');");
	for (i = 1; i <= n; i++)
		pm_buf_addf(&sql, "INSERT INTO src (id, acct, amount) VALUES (%d, "
		    "'Assets:Receivable:S1:U%d', %d);", i + 100, i % 7, 1000 + i);
	assert_int_equal(pm_db_exec(ctx.db, sql.s, &ctx.err), 0);
	pm_buf_free(&sql);
}

#define BULK_ENTRIES "SELECT id AS entry, 'charge' AS kind, day AS date, 'B' || id AS ref " \
	"FROM src WHERE id > ?1 ORDER BY id"
#define BULK_POSTINGS "SELECT id AS entry, acct AS account, amount, 'B' || id || '.1' AS ref " \
	"FROM src WHERE id > ?1 UNION ALL SELECT id, '" INCOME "', -amount, 'B' || id || '.1' " \
	"FROM src WHERE id > ?1"

static void
post_select_many(void **state)
{
	int64_t n = -1, id = 0;
	long problems = 0;

	(void)state;
	/* an entry posted one by one before: the batch's ids follow it */
	assert_int_equal(post2("charge", "2026-10-01", RECV, INCOME, 500, "B1", NULL, &id, NULL), 0);
	seed_src(50);
	assert_int_equal(pm_ledger_post_select(&ctx, &ctx.err, &n, BULK_ENTRIES, BULK_POSTINGS,
	    "i", (int64_t)0), 0);
	assert_int_equal(n, 50);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 51);
	assert_int_equal(count("SELECT min(id) FROM ledger_txn WHERE ref <> 'B1'"), 2);
	assert_int_equal(count("SELECT max(id) FROM ledger_txn"), 51);
	/* entry order: B101 is entry 2 */
	assert_string_equal(value_of("SELECT ref FROM ledger_txn WHERE id = 2"), "B101");
	assert_int_equal(count("SELECT count(*) FROM ledger_posting"), 102);
	assert_int_equal(bal("Assets:Receivable:S1:U1", NULL), 1001 + 1008 + 1015 + 1022 + 1029 +
	    1036 + 1043 + 1050);
	assert_int_equal(bal(INCOME, NULL), -(500 + 50 * 1000 + 50 * 51 / 2));
	assert_int_equal(count("SELECT count(*) FROM ledger_txn WHERE actor = 'li.ming' "
	    "AND posted_at = 1796000400"), 51);
	/* a line is addressable by its ref */
	{
		int64_t b = 0;

		assert_int_equal(pm_ledger_balance_ref(&ctx, "Assets:Receivable:S1:U3", "B103.1",
		    NULL, &b, &ctx.err), 0);
		assert_int_equal(b, 1003);
	}
	/* an empty batch writes nothing */
	assert_int_equal(pm_ledger_post_select(&ctx, &ctx.err, &n, BULK_ENTRIES, BULK_POSTINGS,
	    "i", (int64_t)1000), 0);
	assert_int_equal(n, 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 51);
	/* posting one by one after it goes on from there */
	assert_int_equal(post2("charge", "2026-12-01", RECV, INCOME, 700, "B2", NULL, &id, NULL), 0);
	assert_int_equal(id, 52);
	/* and the checker finds nothing wrong */
	assert_int_equal(pm_ledger_check(&ctx, NULL, NULL, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
}

/* Each refusal leaves the journal as it was once the caller rolls back. */
static void
post_select_refuse(const char *entries, const char *postings, const char *msg)
{
	int64_t n = -1;

	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	pm_err_clear(&ctx.err);
	assert_int_equal(pm_ledger_post_select(&ctx, &ctx.err, &n, entries, postings, "i",
	    (int64_t)0), PM_EX_DATAERR);
	if (msg != NULL && strstr(ctx.err.msg, msg) == NULL)
		fail_msg("want \"%s\" in \"%s\"", msg, ctx.err.msg);
	pm_db_rollback(ctx.db);
	assert_int_equal(count("SELECT count(*) FROM ledger_txn"), 0);
	assert_int_equal(count("SELECT count(*) FROM ledger_posting"), 0);
}

static void
post_select_refusals(void **state)
{
	int64_t n = 0;

	(void)state;
	seed_src(5);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	/* unbalanced: the income side is short by one fen */
	post_select_refuse(BULK_ENTRIES, "SELECT id AS entry, acct AS account, amount, NULL AS ref "
	    "FROM src WHERE id > ?1 UNION ALL SELECT id, 'Income:X', 1 - amount, NULL FROM src "
	    "WHERE id > ?1", "sum to zero");
	/* one posting only */
	post_select_refuse(BULK_ENTRIES, "SELECT id AS entry, acct AS account, amount, NULL AS ref "
	    "FROM src WHERE id > ?1", "two or more");
	/* a posting of an entry not in the batch */
	post_select_refuse("SELECT id AS entry, 'charge' AS kind, day AS date, NULL AS ref FROM src "
	    "WHERE id > ?1 AND id < 105", BULK_POSTINGS, NULL);
	/* an account no journal reader takes */
	post_select_refuse(BULK_ENTRIES, "SELECT id AS entry, 'Assets:(bad)' AS account, amount, "
	    "NULL AS ref FROM src WHERE id > ?1 UNION ALL SELECT id, 'Income:X', -amount, NULL "
	    "FROM src WHERE id > ?1", "not a valid account name");
	/* a kind that is no kind, a reversal, a date that is no date */
	post_select_refuse("SELECT id AS entry, 'gift' AS kind, day AS date, NULL AS ref FROM src "
	    "WHERE id > ?1", BULK_POSTINGS, "no such kind");
	post_select_refuse("SELECT id AS entry, 'reversal' AS kind, day AS date, NULL AS ref FROM src "
	    "WHERE id > ?1", BULK_POSTINGS, "reversing");
	post_select_refuse("SELECT id AS entry, 'charge' AS kind, '2026-02-30' AS date, NULL AS ref "
	    "FROM src WHERE id > ?1", BULK_POSTINGS, "not a valid date");
	/* a zero amount */
	post_select_refuse(BULK_ENTRIES, "SELECT id AS entry, acct AS account, 0 AS amount, NULL AS "
	    "ref FROM src WHERE id > ?1 UNION ALL SELECT id, 'Income:X', 0, NULL FROM src "
	    "WHERE id > ?1", NULL);
	/* outside a write transaction */
	assert_int_equal(pm_ledger_post_select(&ctx, &ctx.err, &n, BULK_ENTRIES, BULK_POSTINGS,
	    "i", (int64_t)0), PM_EX_SOFTWARE);
}

/* The names under a prefix: a byte range that never takes in a sibling
 * that merely begins the same. */
static void
names_under(void **state)
{
	pm_buf lo, hi;

	(void)state;
	pm_buf_init(&lo);
	pm_buf_init(&hi);
	pm_ledger_under("Assets:Receivable:s1", &lo, &hi);
	assert_string_equal(lo.s, "Assets:Receivable:s1:");
	assert_string_equal(hi.s, "Assets:Receivable:s1;");
	assert_true(strcmp("Assets:Receivable:s1:u9", lo.s) >= 0 &&
	    strcmp("Assets:Receivable:s1:u9", hi.s) < 0);
	assert_true(strcmp("Assets:Receivable:s10:u1", hi.s) >= 0 ||
	    strcmp("Assets:Receivable:s10:u1", lo.s) < 0);
	pm_buf_reset(&lo);
	pm_buf_reset(&hi);
	pm_ledger_under(NULL, &lo, &hi);
	assert_string_equal(lo.s, "");
	assert_true(strcmp("Liabilities:Credit:s1:u1", hi.s) < 0);
	pm_buf_free(&lo);
	pm_buf_free(&hi);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(names_under),
		T(post_balanced),
		T(refuses_unbalanced_and_overflow),
		T(account_names),
		T(needs_write_transaction),
		T(reversal_rules),
		T(balances_as_of),
		T(balance_uses_the_index),
		T(sequences_per_scope_and_year),
		T(rollback_leaves_no_gap),
		T(concurrent_writers),
		T(shell_cannot_rewrite),
		T(stray_postings),
		T(checker_finds_each_damage),
		T(journal_format),
		T(judged_by_ledger_and_hledger),
		T(post_select_many),
		T(post_select_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
