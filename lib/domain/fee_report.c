/* fee_report.c — statements, collection figures, the journal export and
 * the fee invariants; see fee_report.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_report.h"
#include "i18n.h"
#include "ledger.h"
#include "money.h"
#include "stat.h"
#include "unit.h"

/* The SQL of a unit's account under prefix: PREFIX:site:unit, for
 * statements whose FROM has site s and unit u. */
#define UNIT_ACCOUNT(prefix) "'" prefix ":' || s.code || ':' || u.code"

static int
date_text(pm_date d, char buf[16])
{
	pm_date_format(d, buf, 16);
	return 0;
}

/* The code of site (NULL: the only active site) and its id. */
static int
site_code(pm_ctx *ctx, const char *site, int64_t *id, char *code, size_t n, pm_err *err)
{
	const char *c;
	int rc;

	if ((rc = pm_unit_site_find(ctx, site, 0, id, err)) != 0)
		return rc;
	c = site != NULL ? site : pm_unit_default_site(ctx, err);
	if (c == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("fee: the site has no code"));
	snprintf(code, n, "%s", c);
	return 0;
}

/* ---- statement ------------------------------------------------------------ */

struct stmt_acc {
	pm_fee_stmt_row row;
	pm_buf lines, ref, receipt;
	int have;
};

static int
stmt_flush(struct stmt_acc *s, int (*fn)(void *, const pm_fee_stmt_row *), void *arg,
    pm_err *err)
{
	int64_t b, c;

	if (!s->have)
		return 0;
	s->have = 0;
	if (pm_money_add(s->row.balance, s->row.amount, &b) != 0 ||
	    pm_money_add(s->row.credit_balance, s->row.credit, &c) != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("statement: a balance beyond the largest "
		    "amount"));
	s->row.balance = b;
	s->row.credit_balance = c;
	s->row.ref = s->ref.len > 0 ? s->ref.s : NULL;
	s->row.receipt = s->receipt.len > 0 ? s->receipt.s : NULL;
	s->row.lines = s->lines.len > 0 ? s->lines.s : "";
	return fn(arg, &s->row);
}

/* The journal's kinds as static words (the row outlives the step). */
static const char *
kind_word(const char *k)
{
	static const char *const kinds[] = { "charge", "payment", "allocation", "accrual",
		"waiver", "reversal", "credit", "refund", "custody" };
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (k != NULL && strcmp(k, kinds[i]) == 0)
			return kinds[i];
	return "other";
}

/* An account's id, 0 when it was never posted to. */
static int
account_id(pm_ctx *ctx, const char *name, int64_t *id, pm_err *err)
{
	*id = 0;
	return pm_db_get_int(ctx->db, err, id, NULL, "SELECT id FROM ledger_account "
	    "WHERE name = ?1", "t", name);
}

static int
stmt_entries(pm_ctx *ctx, int64_t recv, int64_t cred, const char *from, const char *to,
    struct stmt_acc *s, int (*fn)(void *, const pm_fee_stmt_row *), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	const char *ref;
	int64_t id, amt;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT p.txn_id, p.date, t.kind, t.ref, t.seq_scope, "
	    "t.seq_year, t.seq_no, t.reverses, p.account_id, p.amount, p.ref "
	    "FROM ledger_posting p JOIN ledger_txn t ON t.id = p.txn_id "
	    "WHERE p.account_id IN (?1, ?2) AND p.date >= ?3 AND p.date <= ?4 "
	    "ORDER BY p.date, p.txn_id, p.id", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "iitt", recv, cred, from, to);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		id = pm_stmt_int(st, 0);
		if (!s->have || s->row.entry != id) {
			if ((rc = stmt_flush(s, fn, arg, err)) != 0)
				goto out;
			pm_buf_reset(&s->lines);
			pm_buf_reset(&s->ref);
			pm_buf_reset(&s->receipt);
			s->have = 1;
			s->row.entry = id;
			s->row.amount = s->row.credit = 0;
			s->row.kind = kind_word(pm_stmt_text(st, 2));
			if (pm_date_parse(pm_stmt_text(st, 1), &s->row.date, err) != 0) {
				rc = PM_EX_DATAERR;
				goto out;
			}
			s->row.reverses = pm_stmt_null(st, 7) ? 0 : pm_stmt_int(st, 7);
			if (!pm_stmt_null(st, 3))
				pm_buf_adds(&s->ref, pm_stmt_text(st, 3));
			if (!pm_stmt_null(st, 6) && strcmp(s->row.kind, "payment") == 0)
				pm_buf_addf(&s->receipt, "%s-%lld-%06lld", pm_stmt_text(st, 4),
				    (long long)pm_stmt_int(st, 5), (long long)pm_stmt_int(st, 6));
		}
		amt = pm_stmt_int(st, 9);
		if (pm_stmt_int(st, 8) == recv) {
			if (pm_money_add(s->row.amount, amt, &s->row.amount) != 0) {
				rc = pm_err_set(err, PM_EX_DATAERR, _("statement: an entry beyond the "
				    "largest amount"));
				goto out;
			}
			ref = pm_stmt_text(st, 10);
			if (ref != NULL && s->lines.len < 400) {
				if (s->lines.len > 0)
					pm_buf_addc(&s->lines, ',');
				pm_buf_adds(&s->lines, ref);
			}
		} else {
			/* a liability: what the unit holds is its credit side */
			if (pm_money_sub(s->row.credit, amt, &s->row.credit) != 0) {
				rc = pm_err_set(err, PM_EX_DATAERR, _("statement: an entry beyond the "
				    "largest amount"));
				goto out;
			}
		}
	}
	if (rc < 0)
		rc = err->status;
	else
		rc = stmt_flush(s, fn, arg, err);
out:
	pm_stmt_free(st);
	return rc;
}

int
pm_fee_statement(pm_ctx *ctx, const char *site, const char *unit, pm_date from, pm_date to,
    int (*fn)(void *arg, const pm_fee_stmt_row *row), void *arg, pm_err *err)
{
	char scode[40], f[16], t[16];
	struct stmt_acc s;
	pm_buf recv, cred;
	pm_unit_ref u;
	pm_date before;
	int64_t site_id, rid, cid, b;
	int rc;

	memset(&s, 0, sizeof s);
	pm_buf_init(&recv);
	pm_buf_init(&cred);
	pm_buf_init(&s.lines);
	pm_buf_init(&s.ref);
	pm_buf_init(&s.receipt);
	if (pm_date_cmp(from, to) > 0) {
		rc = pm_err_field(err, PM_EX_USAGE, "from", _("the statement starts after it ends"));
		goto out;
	}
	if ((rc = site_code(ctx, site, &site_id, scode, sizeof scode, err)) != 0 ||
	    (rc = pm_unit_find(ctx, site_id, unit, &u, err)) != 0 ||
	    (rc = pm_fee_account(&recv, PM_FEE_ACC_RECEIVABLE, scode, unit, err)) != 0 ||
	    (rc = pm_fee_account(&cred, PM_FEE_ACC_CREDIT, scode, unit, err)) != 0)
		goto out;
	if (pm_date_add_days(from, -1, &before) != 0) {
		rc = pm_err_field(err, PM_EX_USAGE, "from", _("no such date"));
		goto out;
	}
	/* the opening: everything before the first day */
	if ((rc = pm_ledger_balance(ctx, recv.s, &before, &b, err)) != 0)
		goto out;
	s.row.balance = b;
	if ((rc = pm_ledger_balance(ctx, cred.s, &before, &b, err)) != 0)
		goto out;
	s.row.credit_balance = -b;
	s.row.kind = "opening";
	s.row.date = from;
	s.row.lines = "";
	if ((rc = fn(arg, &s.row)) != 0)
		goto out;
	if ((rc = account_id(ctx, recv.s, &rid, err)) != 0 ||
	    (rc = account_id(ctx, cred.s, &cid, err)) != 0)
		goto out;
	date_text(from, f);
	date_text(to, t);
	if ((rid != 0 || cid != 0) &&
	    (rc = stmt_entries(ctx, rid, cid, f, t, &s, fn, arg, err)) != 0)
		goto out;
	s.row.kind = "closing";
	s.row.date = to;
	s.row.entry = s.row.reverses = 0;
	s.row.amount = s.row.credit = 0;
	s.row.ref = s.row.receipt = NULL;
	s.row.lines = "";
	rc = fn(arg, &s.row);
out:
	pm_buf_free(&recv);
	pm_buf_free(&cred);
	pm_buf_free(&s.lines);
	pm_buf_free(&s.ref);
	pm_buf_free(&s.receipt);
	return rc;
}

/* ---- collection figures --------------------------------------------------- */

const pm_col pm_fee_stats_cols[PM_FS_NCOL] = {
	{ "period", PM_C_TEXT, 7, 0, 0 },
	{ "by", PM_C_TEXT, 8, 0, 0 },
	{ "site", PM_C_ID, 12, 0, PM_COL_KEY },
	{ "building", PM_C_TEXT, 10, 0, 0 },
	{ "item", PM_C_TEXT, 12, 0, 0 },
	{ "billed_fen", PM_C_MONEY, 0, 0, 0 },
	{ "collected_fen", PM_C_MONEY, 0, 0, 0 },
	{ "waived_fen", PM_C_MONEY, 0, 0, 0 },
	{ "arrears_fen", PM_C_MONEY, 0, 0, 0 },
	{ "collection_pct", PM_C_DEC2, 0, 0, 0 },
	{ "units_billed", PM_C_INT, 0, 0, 0 },
	{ "units_paid", PM_C_INT, 0, 0, 0 },
	{ "household_pct", PM_C_DEC2, 0, 0, 0 },
};

static const char *const by_names[] = { "all", "site", "building", "item" };

int
pm_fee_stats_by_parse(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < sizeof by_names / sizeof by_names[0]; i++)
		if (strcmp(s, by_names[i]) == 0)
			return (int)i;
	return -1;
}

/*
 * The statement: ln, the period's lines with their unit's receivable
 * account (the sites named first, so each site's bills are one range
 * of bill_period, never a scan of every period's bills); mv, each line's postings up to as-of split by what
 * moved them (a reversal counts as the kind it negates); hh, per group
 * and unit; then per group.  ?1 period, ?2 as-of, ?3 site id (0:
 * every site), ?4 the grouping's name, ?5 the site code asked for.
 */
static void
stats_sql(pm_buf *sql, pm_fee_stats_by by)
{
	static const char *const keys[] = {
		/* all */ "",
		/* site */ "site_code",
		/* building */ "site_code, bcode",
		/* item */ "item",
	};
	static const char *const cols[] = {
		"?5, NULL, NULL",
		"coalesce(?5, site_code), NULL, NULL",
		"coalesce(?5, site_code), bcode, NULL",
		"?5, NULL, item",
	};
	const char *k = keys[by];

	pm_buf_adds(sql,
	    "WITH ln AS ("
	    " SELECT l.id AS line_id, b.unit_id, s.code AS site_code, bd.code AS bcode,"
	    " l.item, l.amount, 'B' || l.bill_id || '.' || l.n AS ref, a.id AS account_id"
	    " FROM bill b JOIN bill_line l ON l.bill_id = b.id JOIN site s ON s.id = b.site_id"
	    " JOIN unit u ON u.id = b.unit_id LEFT JOIN building bd ON bd.id = u.building_id"
	    " LEFT JOIN ledger_account a ON a.name = " UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE)
	    " WHERE b.site_id IN (SELECT id FROM site WHERE ?3 = 0 OR id = ?3)"
	    " AND b.period = ?1 AND b.date <= ?2),"
	    " mv AS ("
	    " SELECT ln.line_id, ln.unit_id, ln.site_code, ln.bcode, ln.item, ln.amount,"
	    " coalesce(sum(CASE WHEN coalesce(r.kind, t.kind) = 'allocation' THEN p.amount END), 0)"
	    " AS alloc,"
	    " coalesce(sum(CASE WHEN coalesce(r.kind, t.kind) = 'waiver' THEN p.amount END), 0)"
	    " AS waived,"
	    " coalesce(sum(p.amount), 0) AS lft"
	    " FROM ln LEFT JOIN ledger_posting p ON p.ref = ln.ref AND p.account_id = ln.account_id"
	    " AND p.date <= ?2"
	    " LEFT JOIN ledger_txn t ON t.id = p.txn_id LEFT JOIN ledger_txn r ON r.id = t.reverses"
	    " GROUP BY ln.line_id, ln.unit_id, ln.site_code, ln.bcode, ln.item, ln.amount),"
	    " hh AS ("
	    " SELECT ");
	if (*k != '\0')
		pm_buf_addf(sql, "%s, ", k);
	pm_buf_adds(sql, "unit_id, sum(amount) AS billed, -sum(alloc) AS coll,"
	    " -sum(waived) AS wv, sum(lft) AS lft,"
	    " max(CASE WHEN amount > 0 THEN 1 ELSE 0 END) AS hbilled,"
	    " max(CASE WHEN amount > 0 AND lft <> 0 THEN 1 ELSE 0 END) AS hopen"
	    " FROM mv GROUP BY ");
	if (*k != '\0')
		pm_buf_addf(sql, "%s, ", k);
	pm_buf_addf(sql, "unit_id)"
	    " SELECT ?1, ?4, %s, coalesce(sum(billed), 0), coalesce(sum(coll), 0),"
	    " coalesce(sum(wv), 0), coalesce(sum(lft), 0), ", cols[by]);
	pm_stat_ratio_sql(sql, "coalesce(sum(coll), 0)", "coalesce(sum(billed), 0)", 10000);
	pm_buf_adds(sql, ", coalesce(sum(hbilled), 0), "
	    "coalesce(sum(CASE WHEN hbilled = 1 AND hopen = 0 THEN 1 ELSE 0 END), 0), ");
	pm_stat_ratio_sql(sql, "coalesce(sum(CASE WHEN hbilled = 1 AND hopen = 0 THEN 1 "
	    "ELSE 0 END), 0)", "coalesce(sum(hbilled), 0)", 10000);
	pm_buf_adds(sql, " FROM hh");
	if (*k != '\0')
		pm_buf_addf(sql, " GROUP BY %s ORDER BY %s", k, k);
}

int
pm_fee_stats(pm_ctx *ctx, pm_month m, pm_fee_stats_by by, const char *site, pm_date asof,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_cell c[PM_FS_NCOL];
	char per[16], d[16];
	int64_t site_id = 0;
	pm_stmt *st = NULL;
	pm_buf sql;
	int rc, i;

	if ((int)by < 0 || by > PM_FS_ITEM)
		return pm_err_field(err, PM_EX_USAGE, "by", _("no such grouping"));
	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		return rc;
	pm_buf_init(&sql);
	stats_sql(&sql, by);
	pm_month_format(m, per, sizeof per);
	date_text(asof, d);
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "ttitT", per, d, site_id, by_names[by], site);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		for (i = 0; i < PM_FS_NCOL; i++) {
			c[i].null = pm_stmt_null(st, i);
			c[i].s = pm_stmt_text(st, i);
			c[i].i = pm_stmt_int(st, i);
		}
		if ((rc = fn(arg, c)) != 0)
			goto out;
	}
	if (rc < 0)
		rc = err->status;
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

int
pm_fee_stats_plan(pm_ctx *ctx, pm_fee_stats_by by, pm_buf *plan, pm_err *err)
{
	pm_buf sql;
	int rc;

	if ((int)by < 0 || by > PM_FS_ITEM)
		return pm_err_field(err, PM_EX_USAGE, "by", _("no such grouping"));
	pm_buf_init(&sql);
	stats_sql(&sql, by);
	rc = pm_db_plan(ctx->db, err, plan, sql.s, "ttitT", "2026-11", "2026-11-30", (int64_t)0,
	    by_names[by], (const char *)NULL);
	pm_buf_free(&sql);
	return rc;
}

/* ---- the journal for ledger-cli and hledger ----------------------------- */

int
pm_fee_export_ledger(pm_ctx *ctx, const pm_date *asof, FILE *fp, pm_err *err)
{
	/* what each unit owes, holds as credit and holds in the fund */
	static const char *const assert[] = {
		PM_FEE_ACC_RECEIVABLE, PM_FEE_ACC_CREDIT, PM_FEE_ACC_FUND
	};

	return pm_ledger_journal(ctx, asof, assert, sizeof assert / sizeof assert[0], fp, err);
}

/* ---- the invariants ------------------------------------------------------- */

struct fcheck {
	pm_ctx *ctx;
	int (*fn)(void *arg, const char *check, const char *detail);
	void *arg;
	long *problems;
	int quiet;              /* fn asked to stop hearing about them */
};

static void
report(struct fcheck *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
report(struct fcheck *c, const char *fmt, ...)
{
	char detail[320];
	va_list ap;

	++*c->problems;
	if (c->fn == NULL || c->quiet)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	c->quiet = c->fn(c->arg, "fee", detail) != 0;
}

static const char *
yuan(int64_t fen, char buf[48])
{
	buf[0] = '\xc2';
	buf[1] = '\xa5';
	pm_money_format(fen, 0, buf + 2, 46);
	return buf;
}

static int
has_table(pm_ctx *ctx, const char *name, int *found, pm_err *err)
{
	pm_buf sql;
	int rc;

	pm_buf_init(&sql);
	rc = pm_db_schema_sql(ctx->db, err, "table", name, &sql, found);
	pm_buf_free(&sql);
	return rc;
}

/* Run a statement whose rows are problems; per row, say(c, st). */
static int
each_problem(struct fcheck *c, const char *sql, void (*say)(struct fcheck *, pm_stmt *),
    pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(c->ctx->db, sql, &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1)
		say(c, st);
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

/* Each bill line: charged once, by its bill's entry, for its amount;
 * what is left of it between 0 and the amount. */
static const char line_sql[] =
	"SELECT bill_id, n, amount, charged, ncharge, lft FROM ("
	" SELECT l.bill_id, l.n, l.amount,"
	" coalesce(sum(CASE WHEN t.kind = 'charge' AND t.ref = 'B' || l.bill_id"
	" THEN p.amount END), 0) AS charged,"
	" count(CASE WHEN t.kind = 'charge' THEN 1 END) AS ncharge,"
	" coalesce(sum(p.amount), 0) AS lft"
	" FROM bill b JOIN bill_line l ON l.bill_id = b.id JOIN unit u ON u.id = b.unit_id"
	" JOIN site s ON s.id = u.site_id"
	" LEFT JOIN ledger_account a ON a.name = " UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE)
	" LEFT JOIN ledger_posting p ON p.ref = 'B' || l.bill_id || '.' || l.n AND p.account_id = a.id"
	" LEFT JOIN ledger_txn t ON t.id = p.txn_id"
	" GROUP BY l.id, l.bill_id, l.n, l.amount) x"
	" WHERE charged <> amount OR ncharge <> 1"
	" OR (amount > 0 AND (lft < 0 OR lft > amount)) OR (amount < 0 AND (lft > 0 OR lft < amount))"
	" ORDER BY bill_id, n";

static void
say_line(struct fcheck *c, pm_stmt *st)
{
	long long bill = (long long)pm_stmt_int(st, 0), n = (long long)pm_stmt_int(st, 1);
	int64_t amount = pm_stmt_int(st, 2), charged = pm_stmt_int(st, 3);
	int64_t lft = pm_stmt_int(st, 5);
	char a[48], b[48];

	if (charged != amount || pm_stmt_int(st, 4) != 1)
		report(c, "bill line B%lld.%lld of %s is charged %s in %lld postings", bill, n,
		    yuan(amount, a), yuan(charged, b), (long long)pm_stmt_int(st, 4));
	else
		report(c, "bill line B%lld.%lld of %s has %s left: %s", bill, n, yuan(amount, a),
		    yuan(lft, b), lft < 0 ? "more than it was settled" : "more than it is");
}

/*
 * A unit's receivable against its bills: the account's balance and
 * postings, and those with a ref of one of its bills' lines or late fee
 * (index lookups by ref); and the postings of kinds that have no
 * business there.
 */
static const char recv_sql[] =
	"SELECT name, bal, nall, known, nknown, odd FROM ("
	" SELECT a.name,"
	" (SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.account_id = a.id) AS bal,"
	" (SELECT count(*) FROM ledger_posting p WHERE p.account_id = a.id) AS nall,"
	" (SELECT coalesce(sum(p.amount), 0) FROM bill b JOIN bill_line l ON l.bill_id = b.id"
	"  JOIN ledger_posting p ON p.ref = 'B' || l.bill_id || '.' || l.n AND p.account_id = a.id"
	"  WHERE b.unit_id = u.id) +"
	" (SELECT coalesce(sum(p.amount), 0) FROM bill b"
	"  JOIN ledger_posting p ON p.ref = 'B' || b.id || '.L' AND p.account_id = a.id"
	"  WHERE b.unit_id = u.id) AS known,"
	" (SELECT count(*) FROM bill b JOIN bill_line l ON l.bill_id = b.id"
	"  JOIN ledger_posting p ON p.ref = 'B' || l.bill_id || '.' || l.n AND p.account_id = a.id"
	"  WHERE b.unit_id = u.id) +"
	" (SELECT count(*) FROM bill b"
	"  JOIN ledger_posting p ON p.ref = 'B' || b.id || '.L' AND p.account_id = a.id"
	"  WHERE b.unit_id = u.id) AS nknown,"
	" (SELECT count(*) FROM ledger_posting p JOIN ledger_txn t ON t.id = p.txn_id"
	"  LEFT JOIN ledger_txn r ON r.id = t.reverses WHERE p.account_id = a.id"
	"  AND coalesce(r.kind, t.kind) NOT IN ('charge', 'accrual', 'allocation', 'waiver')) AS odd"
	" FROM unit u JOIN site s ON s.id = u.site_id"
	" JOIN ledger_account a ON a.name = " UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE) ") x"
	" WHERE bal <> known OR nall <> nknown OR odd > 0 ORDER BY name";

static void
say_recv(struct fcheck *c, pm_stmt *st)
{
	const char *name = pm_stmt_text(st, 0);
	char a[48], b[48];

	if (pm_stmt_int(st, 5) > 0)
		report(c, "%s: %lld postings of a kind that never posts to a receivable", name,
		    (long long)pm_stmt_int(st, 5));
	if (pm_stmt_int(st, 1) != pm_stmt_int(st, 3) || pm_stmt_int(st, 2) != pm_stmt_int(st, 4))
		report(c, "%s stands at %s, its bills' lines and late fees at %s: %lld postings "
		    "name no bill of the unit", name, yuan(pm_stmt_int(st, 1), a),
		    yuan(pm_stmt_int(st, 3), b),
		    (long long)(pm_stmt_int(st, 2) - pm_stmt_int(st, 4)));
}

/* Accounts under a prefix that are no unit's. */
static int
orphan_accounts(struct fcheck *c, const char *prefix, pm_err *err)
{
	int64_t all = 0, units = 0;
	pm_buf lo, hi, sql;
	int rc;

	pm_buf_init(&lo);
	pm_buf_init(&hi);
	pm_buf_init(&sql);
	pm_buf_addf(&lo, "%s:", prefix);
	pm_buf_addf(&hi, "%s;", prefix);
	pm_buf_addf(&sql, "SELECT count(*) FROM unit u JOIN site s ON s.id = u.site_id "
	    "JOIN ledger_account a ON a.name = '%s:' || s.code || ':' || u.code", prefix);
	if ((rc = pm_db_get_int(c->ctx->db, err, &all, NULL, "SELECT count(*) FROM "
	    "ledger_account WHERE name >= ?1 AND name < ?2", "tt", lo.s, hi.s)) == 0 &&
	    (rc = pm_db_get_int(c->ctx->db, err, &units, NULL, sql.s, "")) == 0 && all != units)
		report(c, "%lld accounts under %s belong to no unit", (long long)(all - units),
		    prefix);
	pm_buf_free(&lo);
	pm_buf_free(&hi);
	pm_buf_free(&sql);
	return rc;
}

/* Allocations must be a payment's of the same unit; accruals fix a late
 * fee (ref B12.L); waivers are fee_waiver rows of the unit's bills, of
 * their amount. */
static const char source_sql[] =
	"SELECT t.id, t.kind, a.name, p.ref FROM ledger_txn t"
	" JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id"
	" WHERE t.kind IN ('allocation', 'accrual') AND a.name >= '" PM_FEE_ACC_RECEIVABLE ":'"
	" AND a.name < '" PM_FEE_ACC_RECEIVABLE ";'"
	" AND ((t.kind = 'accrual' AND p.ref NOT LIKE 'B%.L')"
	" OR (t.kind = 'allocation' AND NOT EXISTS (SELECT 1 FROM payment_entry pe"
	"  JOIN payment py ON py.id = pe.payment_id JOIN unit u ON u.id = py.unit_id"
	"  JOIN site s ON s.id = u.site_id WHERE pe.entry_id = t.id AND pe.role = 'allocation'"
	"  AND a.name = " UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE) ")))"
	" ORDER BY t.id, p.id";

static void
say_source(struct fcheck *c, pm_stmt *st)
{
	if (strcmp(pm_stmt_text(st, 1), "accrual") == 0)
		report(c, "ledger entry %lld (accrual) posts to %s with ref %s: no bill's late fee",
		    (long long)pm_stmt_int(st, 0), pm_stmt_text(st, 2),
		    pm_stmt_null(st, 3) ? "(none)" : pm_stmt_text(st, 3));
	else
		report(c, "ledger entry %lld (allocation) to %s is no payment's of the unit",
		    (long long)pm_stmt_int(st, 0), pm_stmt_text(st, 2));
}

static const char waiver_sql[] =
	"SELECT t.id, w.id, w.amount, coalesce(-sum(CASE WHEN a.name = "
	UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE) " AND p.ref LIKE 'B' || b.id || '.%' THEN p.amount END),"
	" 0) AS took"
	" FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id"
	" JOIN ledger_account a ON a.id = p.account_id"
	" LEFT JOIN fee_waiver w ON w.entry_id = t.id LEFT JOIN bill b ON b.id = w.bill_id"
	" LEFT JOIN unit u ON u.id = b.unit_id LEFT JOIN site s ON s.id = u.site_id"
	" WHERE t.kind = 'waiver'"
	" GROUP BY t.id, w.id, w.amount HAVING w.id IS NULL OR coalesce(-sum(CASE WHEN a.name = "
	UNIT_ACCOUNT(PM_FEE_ACC_RECEIVABLE) " AND p.ref LIKE 'B' || b.id || '.%' THEN p.amount END),"
	" 0) <> w.amount ORDER BY t.id";

static void
say_waiver(struct fcheck *c, pm_stmt *st)
{
	char a[48], b[48];

	if (pm_stmt_null(st, 1))
		report(c, "ledger entry %lld (waiver) is no waiver's", (long long)pm_stmt_int(st, 0));
	else
		report(c, "waiver %lld of %s takes %s off its bill's receivable (entry %lld)",
		    (long long)pm_stmt_int(st, 1), yuan(pm_stmt_int(st, 2), a),
		    yuan(pm_stmt_int(st, 3), b), (long long)pm_stmt_int(st, 0));
}

/* Each payment: its entry, and what is left of it as credit. */
static const char payment_sql[] =
	"SELECT id, amount, method, okentry, cash, cr, lft, isvoid FROM ("
	" SELECT py.id, py.amount, py.method,"
	" (SELECT count(*) FROM ledger_txn t WHERE t.id = py.entry_id AND t.kind = 'payment'"
	"  AND t.seq_no IS NOT NULL AND t.ref = 'P' || py.id) AS okentry,"
	/* the entry's own postings (the index by entry), not the cash
	 * account's, which holds every payment of that method */
	" (SELECT coalesce(sum(CASE WHEN ca.name = '" PM_FEE_ACC_CASH ":' || py.method"
	"  THEN p.amount END), 0) FROM ledger_posting p JOIN ledger_account ca"
	"  ON ca.id = p.account_id WHERE p.txn_id = py.entry_id) AS cash,"
	" (SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.txn_id = py.entry_id"
	"  AND p.account_id = a.id) AS cr,"
	" (SELECT coalesce(-sum(p.amount), 0) FROM ledger_posting p WHERE p.ref = 'P' || py.id"
	"  AND p.account_id = a.id) AS lft,"
	" CASE WHEN v.payment_id IS NULL THEN 0 ELSE 1 END AS isvoid"
	" FROM payment py JOIN unit u ON u.id = py.unit_id JOIN site s ON s.id = u.site_id"
	" LEFT JOIN ledger_account a ON a.name = " UNIT_ACCOUNT(PM_FEE_ACC_CREDIT)
	" LEFT JOIN payment_void v ON v.payment_id = py.id) x"
	" WHERE okentry <> 1 OR cash <> amount OR cr <> -amount OR lft < 0 OR lft > amount"
	" OR (isvoid = 1 AND lft <> 0) ORDER BY id";

static void
say_payment(struct fcheck *c, pm_stmt *st)
{
	long long id = (long long)pm_stmt_int(st, 0);
	int64_t amount = pm_stmt_int(st, 1), lft = pm_stmt_int(st, 6);
	char a[48], b[48];

	if (pm_stmt_int(st, 3) != 1 || pm_stmt_int(st, 4) != amount || pm_stmt_int(st, 5) != -amount)
		report(c, "payment P%lld: its entry does not move %s from %s:%s into the unit's "
		    "credit under a receipt number", id, yuan(amount, a), PM_FEE_ACC_CASH,
		    pm_stmt_text(st, 2));
	if (lft < 0)
		report(c, "payment P%lld of %s: its allocations and refunds exceed it by %s", id,
		    yuan(amount, a), yuan(-lft, b));
	else if (lft > amount)
		report(c, "payment P%lld of %s leaves more credit (%s) than it paid", id,
		    yuan(amount, a), yuan(lft, b));
	else if (pm_stmt_int(st, 7) && lft != 0)
		report(c, "voided payment P%lld still leaves %s of credit", id, yuan(lft, b));
}

/* A unit's credit is what is left of its payments, never below 0. */
static const char credit_sql[] =
	"SELECT name, bal, nall, known, nknown FROM ("
	" SELECT a.name,"
	" (SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.account_id = a.id) AS bal,"
	" (SELECT count(*) FROM ledger_posting p WHERE p.account_id = a.id) AS nall,"
	" (SELECT coalesce(sum(p.amount), 0) FROM payment py JOIN ledger_posting p"
	"  ON p.ref = 'P' || py.id AND p.account_id = a.id WHERE py.unit_id = u.id) AS known,"
	" (SELECT count(*) FROM payment py JOIN ledger_posting p"
	"  ON p.ref = 'P' || py.id AND p.account_id = a.id WHERE py.unit_id = u.id) AS nknown"
	" FROM unit u JOIN site s ON s.id = u.site_id"
	" JOIN ledger_account a ON a.name = " UNIT_ACCOUNT(PM_FEE_ACC_CREDIT) ") x"
	" WHERE bal > 0 OR bal <> known OR nall <> nknown ORDER BY name";

static void
say_credit(struct fcheck *c, pm_stmt *st)
{
	const char *name = pm_stmt_text(st, 0);
	char a[48], b[48];

	if (pm_stmt_int(st, 1) > 0)
		report(c, "%s is below 0: %s", name, yuan(-pm_stmt_int(st, 1), a));
	if (pm_stmt_int(st, 1) != pm_stmt_int(st, 3) || pm_stmt_int(st, 2) != pm_stmt_int(st, 4))
		report(c, "%s holds %s, its payments' credit %s: %lld postings name no payment "
		    "of the unit", name, yuan(-pm_stmt_int(st, 1), a), yuan(-pm_stmt_int(st, 3), b),
		    (long long)(pm_stmt_int(st, 2) - pm_stmt_int(st, 4)));
}

/* A voided payment's entries are all reversed. */
static const char void_sql[] =
	"SELECT v.payment_id, pe.entry_id, pe.role FROM payment_void v"
	" JOIN payment_entry pe ON pe.payment_id = v.payment_id"
	" WHERE NOT EXISTS (SELECT 1 FROM ledger_txn r WHERE r.reverses = pe.entry_id)"
	" ORDER BY v.payment_id, pe.entry_id";

static void
say_void(struct fcheck *c, pm_stmt *st)
{
	report(c, "voided payment P%lld: its %s entry %lld is not reversed",
	    (long long)pm_stmt_int(st, 0), pm_stmt_text(st, 2), (long long)pm_stmt_int(st, 1));
}

/* Each bill's opened and settled days (0027, a cache of the journal)
 * against what its receivable postings say now: the computation of the
 * migration and of bill_settled_track, every bill at once. */
static const char settled_sql[] =
	"SELECT b.id, b.opened, b.settled, s.opened, s.settled FROM bill b LEFT JOIN ("
	" SELECT bid, coalesce(min(orf), min(fst)) AS opened,"
	" CASE WHEN max(op) = 1 THEN NULL ELSE max(sr) END AS settled FROM ("
	"  SELECT CAST(substr(ref, 2, instr(ref, '.') - 2) AS INTEGER) AS bid,"
	"  max(run <> 0 AND nxt IS NULL) AS op,"
	"  coalesce(max(CASE WHEN run <> 0 THEN nxt END), min(date)) AS sr,"
	"  min(CASE WHEN run <> 0 THEN date END) AS orf, min(date) AS fst FROM ("
	"   SELECT aid, ref, date, sum(amt) OVER w AS run, lead(date) OVER w AS nxt FROM ("
	"    SELECT p.account_id AS aid, p.ref AS ref, p.date AS date, sum(p.amount) AS amt"
	"    FROM ledger_account a JOIN ledger_posting p ON p.account_id = a.id"
	"    AND p.ref IS NOT NULL"
	"    WHERE a.name >= '" PM_FEE_ACC_RECEIVABLE ":' AND a.name < '" PM_FEE_ACC_RECEIVABLE ";'"
	"    AND p.ref LIKE 'B%.%' GROUP BY p.account_id, p.ref, p.date)"
	"   WINDOW w AS (PARTITION BY aid, ref ORDER BY date))"
	"  GROUP BY aid, ref)"
	" GROUP BY bid) s ON s.bid = b.id"
	" WHERE b.opened IS NOT s.opened OR b.settled IS NOT s.settled ORDER BY b.id";

static void
say_settled(struct fcheck *c, pm_stmt *st)
{
	const char *o = pm_stmt_text(st, 1), *d = pm_stmt_text(st, 2);
	const char *wo = pm_stmt_text(st, 3), *wd = pm_stmt_text(st, 4);

	report(c, "bill B%lld: opened %s, settled %s in the bill; the journal says opened %s, "
	    "settled %s", (long long)pm_stmt_int(st, 0), o ? o : "-", d ? d : "(open)",
	    wo ? wo : "-", wd ? wd : "(open)");
}

/* Whether the bill table has the days of 0027. */
static int
has_settled(pm_ctx *ctx, int *found, pm_err *err)
{
	pm_buf sql;
	int rc;

	pm_buf_init(&sql);
	rc = pm_db_schema_sql(ctx->db, err, "table", "bill", &sql, found);
	if (rc == 0 && *found)
		*found = strstr(sql.s, "settled TEXT") != NULL;
	pm_buf_free(&sql);
	return rc;
}

/* The append-only tables of pm-fee and the triggers that keep them so
 * (the journal's own are pm_ledger_check's). */
static const struct {
	const char *table, *trigger;
	int pay;        /* a table of the payments (schema 0018) */
} guards[] = {
	{ "bill", "bill_no_update", 0 }, { "bill", "bill_no_delete", 0 },
	{ "bill_line", "bill_line_no_update", 0 }, { "bill_line", "bill_line_no_delete", 0 },
	{ "pay_import", "pay_import_no_update", 1 }, { "pay_import", "pay_import_no_delete", 1 },
	{ "payment", "payment_no_update", 1 }, { "payment", "payment_no_delete", 1 },
	{ "payment_entry", "payment_entry_no_update", 1 },
	{ "payment_entry", "payment_entry_no_delete", 1 },
	{ "payment_void", "payment_void_no_update", 1 },
	{ "payment_void", "payment_void_no_delete", 1 },
	{ "fee_waiver", "fee_waiver_no_update", 1 }, { "fee_waiver", "fee_waiver_no_delete", 1 },
	{ "refund", "refund_no_update", 1 }, { "refund", "refund_no_delete", 1 },
};

static int
check_guards(struct fcheck *c, int pay, pm_err *err)
{
	size_t i;
	int found, rc;

	for (i = 0; i < sizeof guards / sizeof guards[0]; i++) {
		if (guards[i].pay && !pay)
			continue;
		if ((rc = pm_db_has_trigger(c->ctx->db, guards[i].table, guards[i].trigger, &found,
		    err)) != 0)
			return rc;
		if (!found)
			report(c, "trigger %s is missing: %s is not append-only", guards[i].trigger,
			    guards[i].table);
	}
	return 0;
}

int
pm_fee_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
    void *arg, long *problems, pm_err *err)
{
	struct fcheck c = { ctx, fn, arg, problems, 0 };
	int found = 0, pay = 0, settled = 0, rc;

	if ((rc = has_table(ctx, "bill_line", &found, err)) != 0 || !found ||
	    (rc = has_table(ctx, "ledger_txn", &found, err)) != 0 || !found)
		return rc;
	if ((rc = has_table(ctx, "payment_entry", &pay, err)) != 0 ||
	    (rc = check_guards(&c, pay, err)) != 0 ||
	    (rc = each_problem(&c, line_sql, say_line, err)) != 0 ||
	    (rc = each_problem(&c, recv_sql, say_recv, err)) != 0 ||
	    (rc = orphan_accounts(&c, PM_FEE_ACC_RECEIVABLE, err)) != 0 ||
	    (rc = has_settled(ctx, &settled, err)) != 0)
		return rc;
	if (settled) {
		if ((rc = pm_db_has_trigger(ctx->db, "ledger_txn", "bill_settled_track", &found,
		    err)) != 0)
			return rc;
		if (!found)
			report(&c, "trigger bill_settled_track is missing: the bills' settled days "
			    "are not kept");
		if ((rc = each_problem(&c, settled_sql, say_settled, err)) != 0)
			return rc;
	}
	if (!pay)
		return 0;
	if ((rc = each_problem(&c, source_sql, say_source, err)) != 0 ||
	    (rc = each_problem(&c, waiver_sql, say_waiver, err)) != 0 ||
	    (rc = each_problem(&c, payment_sql, say_payment, err)) != 0 ||
	    (rc = each_problem(&c, credit_sql, say_credit, err)) != 0 ||
	    (rc = orphan_accounts(&c, PM_FEE_ACC_CREDIT, err)) != 0 ||
	    (rc = each_problem(&c, void_sql, say_void, err)) != 0)
		return rc;
	return 0;
}

const pm_perm_name pm_fee_report_perm_names[] = {
	{ "fee.export", "export the whole journal (the books) for ledger-cli and hledger" },
	{ NULL, NULL }
};
