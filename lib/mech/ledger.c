/* ledger.c — the append-only money journal; see ledger.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "ledger.h"
#include "money.h"
#include "text.h"

/* Spaces that a journal reader may take for a separator, and controls:
 * never in an account name. */
static int
cp_refused(int32_t cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0x2000 && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || cp == 0x205f || cp == 0x3000 || cp == 0xfeff;
}

int
pm_ledger_account_valid(const char *name)
{
	size_t n, i, start;
	int32_t cp;
	int len;

	if (name == NULL || (n = strlen(name)) == 0 || n > PM_LEDGER_ACCOUNT_MAX ||
	    !pm_utf8_valid(name, n))
		return 0;
	start = 0;
	for (i = 0; i <= n; i += (size_t)len) {
		if (i == n || name[i] == ':') {
			/* a component: not empty, no space at either end */
			if (i == start || name[start] == ' ' || name[i - 1] == ' ')
				return 0;
			start = i + 1;
			len = 1;
			continue;
		}
		if ((len = pm_utf8_decode(name + i, n - i, &cp)) <= 0 || cp_refused(cp))
			return 0;
		if (strchr(";()[]=@\"", name[i]) != NULL || (name[i] == ' ' && name[i + 1] == ' '))
			return 0;
	}
	return 1;
}

int
pm_ledger_ref_valid(const char *s)
{
	size_t n;

	if (s == NULL)
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'A' && s[n] <= 'Z') || (s[n] >= 'a' && s[n] <= 'z') ||
		    (s[n] >= '0' && s[n] <= '9') || s[n] == '_' || s[n] == '.' || s[n] == '/' ||
		    s[n] == '-'))
			return 0;
	return n >= 1 && n <= PM_LEDGER_REF_MAX;
}

static const char *
date_str(pm_date d, char buf[16])
{
	pm_date_format(d, buf, 16);
	return buf;
}

/* The upper bound of asof for the queries: every date sorts before it. */
static const char *
asof_str(const pm_date *asof, char buf[16])
{
	if (asof == NULL)
		return "9999-99-99";
	return date_str(*asof, buf);
}

static int
quoted_fail(pm_err *err, const char *field, const char *fmt, const char *s)
{
	pm_text_fail(err, PM_EX_DATAERR, fmt, s);
	err->field = field;
	return PM_EX_DATAERR;
}

static int
need_write_txn(pm_ctx *ctx, pm_err *err)
{
	if (ctx->db == NULL || !pm_db_in_txn(ctx->db))
		return pm_err_set(err, PM_EX_SOFTWARE, _("ledger: a posting needs a write transaction"));
	return 0;
}

/* The id an account has, made on its first posting. */
static int
account_id(pm_ctx *ctx, const char *name, int64_t *id, pm_err *err)
{
	int found = 0, rc;

	if ((rc = pm_db_get_int(ctx->db, err, id, &found,
	    "SELECT id FROM ledger_account WHERE name = ?1", "t", name)) != 0 || found)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_account (name, created_at) "
	    "VALUES (?1, ?2)", "ti", name, (int64_t)ctx->now)) != 0)
		return rc;
	*id = pm_db_last_id(ctx->db);
	return 0;
}

/* Entry ids are taken by the writer holding the lock: the postings are
 * written before their entry row.  A posting left by a failed statement
 * outside pm (never posted) is stepped over, not joined. */
static int
next_txn_id(pm_ctx *ctx, int64_t *id, pm_err *err)
{
	return pm_db_get_int(ctx->db, err, id, NULL,
	    "SELECT max(coalesce((SELECT max(id) FROM ledger_txn), 0), "
	    "coalesce((SELECT max(txn_id) FROM ledger_posting), 0)) + 1", "");
}

static int
check_entry(pm_ctx *ctx, const pm_ledger_entry *e, pm_err *err)
{
	char buf[48];
	int64_t sum = 0;
	size_t i;
	int found = 0, rc;

	if (e->kind == NULL || strcmp(e->kind, "reversal") == 0)
		return pm_err_field(err, PM_EX_DATAERR, "kind",
		    _("a reversal is posted by reversing an entry"));
	if ((rc = pm_db_get_int(ctx->db, err, &sum, &found,
	    "SELECT 1 FROM ledger_kind WHERE name = ?1", "t", e->kind)) != 0)
		return rc;
	if (!found)
		return quoted_fail(err, "kind", _("%s: no such kind of ledger entry"), e->kind);
	if (!pm_date_valid(e->date.year, e->date.month, e->date.day))
		return pm_err_field(err, PM_EX_DATAERR, "date", _("not a valid date"));
	if (e->ref != NULL && !pm_ledger_ref_valid(e->ref))
		return quoted_fail(err, "ref", _("ref %s: must be 1-64 of A-Z a-z 0-9 _ . / -"),
		    e->ref);
	if (e->seq_scope != NULL && !pm_ledger_ref_valid(e->seq_scope))
		return quoted_fail(err, "scope",
		    _("sequence scope %s: must be 1-64 of A-Z a-z 0-9 _ . / -"), e->seq_scope);
	if (e->memo != NULL && (e->memo[0] == '\0' || strlen(e->memo) > 500 ||
	    !pm_utf8_valid(e->memo, strlen(e->memo))))
		return pm_err_field(err, PM_EX_DATAERR, "memo",
		    _("a memo is 1-500 bytes of UTF-8"));
	if (e->npost < 2 || e->post == NULL)
		return pm_err_set(err, PM_EX_DATAERR, _("a ledger entry needs two or more postings"));
	sum = 0;
	for (i = 0; i < e->npost; i++) {
		const pm_ledger_posting *p = &e->post[i];

		if (!pm_ledger_account_valid(p->account))
			return quoted_fail(err, "account", _("%s: not a valid account name"),
			    p->account != NULL ? p->account : "");
		if (p->ref != NULL && !pm_ledger_ref_valid(p->ref))
			return quoted_fail(err, "ref",
			    _("ref %s: must be 1-64 of A-Z a-z 0-9 _ . / -"), p->ref);
		if (p->amount == 0)
			return quoted_fail(err, "amount", _("account %s: a posting of zero"),
			    p->account);
		if (p->amount > PM_MONEY_MAX || p->amount < -PM_MONEY_MAX ||
		    pm_money_add(sum, p->amount, &sum) != 0)
			return pm_err_field(err, PM_EX_DATAERR, "amount",
			    _("the amounts of the entry overflow"));
	}
	if (sum != 0) {
		pm_money_format(sum, PM_MONEY_YUAN, buf, sizeof buf);
		return pm_err_field(err, PM_EX_DATAERR, "amount",
		    _("the entry does not balance: its postings sum to %s"), buf);
	}
	return 0;
}

int
pm_ledger_post(pm_ctx *ctx, const pm_ledger_entry *e, int64_t *id, int64_t *seq_no,
    pm_err *err)
{
	char d[16];
	pm_stmt *st = NULL;
	int64_t tid = 0, acct = 0, no = 0;
	size_t i;
	int rc;

	if ((rc = need_write_txn(ctx, err)) != 0 || (rc = check_entry(ctx, e, err)) != 0)
		return rc;
	date_str(e->date, d);
	if ((rc = next_txn_id(ctx, &tid, err)) != 0)
		return rc;
	for (i = 0; i < e->npost; i++) {
		const pm_ledger_posting *p = &e->post[i];

		if ((rc = account_id(ctx, p->account, &acct, err)) != 0)
			goto out;
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_posting (txn_id, account_id, "
		    "date, amount, ref) VALUES (?1, ?2, ?3, ?4, ?5)", "iitiT", tid, acct, d,
		    p->amount, p->ref)) != 0)
			goto out;
	}
	/* the number: the counter's next value, in this transaction */
	if (e->seq_scope != NULL && (rc = pm_db_get_int(ctx->db, err, &no, NULL,
	    "INSERT INTO ledger_seq (scope, year, last) VALUES (?1, ?2, 1) "
	    "ON CONFLICT (scope, year) DO UPDATE SET last = last + 1 RETURNING last",
	    "ti", e->seq_scope, (int64_t)e->date.year)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, "
	    "ref, memo, seq_scope, seq_year, seq_no) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	    &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "ittitTTTII", tid, e->kind, d, (int64_t)ctx->now, ctx->actor.login,
	    e->ref, e->memo, e->seq_scope, e->seq_scope != NULL ? (int64_t)e->date.year : 0,
	    no);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	if (id != NULL)
		*id = tid;
	if (seq_no != NULL)
		*seq_no = no;
out:
	pm_stmt_free(st);
	return rc;
}

int
pm_ledger_reverse(pm_ctx *ctx, int64_t id, pm_date date, const char *memo, int64_t *rid,
    pm_err *err)
{
	char d[16], orig[16] = "", kind[33] = "", ref[PM_LEDGER_REF_MAX + 1] = "";
	pm_stmt *st = NULL;
	int64_t tid = 0, by = 0;
	int found = 0, rc;

	if ((rc = need_write_txn(ctx, err)) != 0)
		return rc;
	if (!pm_date_valid(date.year, date.month, date.day))
		return pm_err_field(err, PM_EX_DATAERR, "date", _("not a valid date"));
	if (memo != NULL && (memo[0] == '\0' || strlen(memo) > 500 ||
	    !pm_utf8_valid(memo, strlen(memo))))
		return pm_err_field(err, PM_EX_DATAERR, "memo", _("a memo is 1-500 bytes of UTF-8"));
	if ((rc = pm_db_prepare(ctx->db, "SELECT kind, date, ref FROM ledger_txn WHERE id = ?1",
	    &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		found = 1;
		snprintf(kind, sizeof kind, "%s", pm_stmt_text(st, 0));
		snprintf(orig, sizeof orig, "%s", pm_stmt_text(st, 1));
		if (!pm_stmt_null(st, 2))
			snprintf(ref, sizeof ref, "%s", pm_stmt_text(st, 2));
	}
	pm_stmt_free(st);
	st = NULL;
	if (rc < 0)
		return err->status;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("ledger entry %lld: no such entry"),
		    (long long)id);
	if (strcmp(kind, "reversal") == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("ledger entry %lld is a reversal: it cannot "
		    "be reversed (post the entry again)"), (long long)id);
	if ((rc = pm_db_get_int(ctx->db, err, &by, &found,
	    "SELECT id FROM ledger_txn WHERE reverses = ?1", "i", id)) != 0)
		return rc;
	if (found)
		return pm_err_set(err, PM_EX_DATAERR, _("ledger entry %lld is reversed already, "
		    "by entry %lld"), (long long)id, (long long)by);
	date_str(date, d);
	if (strcmp(d, orig) < 0)
		return pm_err_field(err, PM_EX_DATAERR, "date", _("ledger entry %lld is of %s: "
		    "its reversal cannot be dated before it"), (long long)id, orig);
	if ((rc = next_txn_id(ctx, &tid, err)) != 0)
		return rc;
	/* set-based: every posting negated, in the same order */
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_posting (txn_id, account_id, date, "
	    "amount, ref) SELECT ?1, account_id, ?2, -amount, ref FROM ledger_posting "
	    "WHERE txn_id = ?3 ORDER BY id", "iti", tid, d, id)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, "
	    "ref, memo, reverses) VALUES (?1, 'reversal', ?2, ?3, ?4, ?5, ?6, ?7)", "ititTTi",
	    tid, d, (int64_t)ctx->now, ctx->actor.login, ref, memo, id)) != 0)
		return rc;
	if (rid != NULL)
		*rid = tid;
	return 0;
}

/* ---- many entries at once ---------------------------------------------- */

static int sum_failed(pm_err *err, int rc);

/* Prepare sql and bind the caller's values (a copy of ap: every
 * statement of the batch binds the same ones). */
static int
bulk_prepare(pm_ctx *ctx, pm_buf *sql, const char *spec, va_list ap, pm_stmt **st, pm_err *err)
{
	va_list aq;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, sql->s, st, err)) != 0)
		return rc;
	va_copy(aq, ap);
	rc = pm_stmt_bindv(*st, spec, aq);
	va_end(aq);
	if (rc != 0) {
		pm_stmt_free(*st);
		*st = NULL;
		return pm_err_set(err, PM_EX_SOFTWARE, _("ledger: a bad bind specification"));
	}
	return 0;
}

/* Run sql (the caller's SELECT inside) with the caller's values and,
 * when extra > 0, extra integer values after them. */
static int
bulk_run(pm_ctx *ctx, pm_buf *sql, const char *spec, va_list ap, int nextra,
    const int64_t *extra, pm_err *err)
{
	pm_stmt *st = NULL;
	int i, k = (int)strlen(spec), rc;

	if ((rc = bulk_prepare(ctx, sql, spec, ap, &st, err)) != 0)
		return rc;
	for (i = 0; i < nextra; i++)
		pm_stmt_bind_int(st, k + 1 + i, extra[i]);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

/* The accounts the batch posts to for the first time: staged once,
 * each checked as pm_ledger_post checks it, then made in one statement. */
static int
bulk_accounts(pm_ctx *ctx, const char *postings, const char *spec, va_list ap, pm_err *err)
{
	pm_buf sql;
	pm_stmt *st = NULL;
	int rc;

	pm_buf_init(&sql);
	if ((rc = pm_db_exec(ctx->db, "CREATE TEMP TABLE IF NOT EXISTS ledger_bulk_account ("
	    "name TEXT PRIMARY KEY); DELETE FROM temp.ledger_bulk_account", err)) != 0)
		goto out;
	pm_buf_addf(&sql, "INSERT INTO temp.ledger_bulk_account (name) "
	    "SELECT DISTINCT p.account FROM (%s) AS p WHERE NOT EXISTS "
	    "(SELECT 1 FROM ledger_account a WHERE a.name = p.account)", postings);
	if ((rc = bulk_run(ctx, &sql, spec, ap, 0, NULL, err)) != 0 ||
	    (rc = pm_db_prepare(ctx->db, "SELECT name FROM temp.ledger_bulk_account", &st,
	    err)) != 0)
		goto out;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *name = pm_stmt_text(st, 0);

		if (!pm_ledger_account_valid(name)) {
			rc = quoted_fail(err, "account", _("%s: not a valid account name"),
			    name != NULL ? name : "");
			goto out;
		}
	}
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	pm_stmt_free(st);
	st = NULL;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_account (name, created_at) "
	    "SELECT name, ?1 FROM temp.ledger_bulk_account ORDER BY name", "i",
	    (int64_t)ctx->now)) != 0)
		goto out;
	rc = pm_db_exec(ctx->db, "DELETE FROM temp.ledger_bulk_account", err);
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

/* The batch's kinds and dates, each distinct value once. */
static int
bulk_check_entries(pm_ctx *ctx, pm_err *err)
{
	char kind[40], d[16];
	pm_stmt *st = NULL;
	pm_date date;
	pm_err e;
	int found = 0, rc;

	if ((rc = pm_db_get_text(ctx->db, err, kind, sizeof kind, &found,
	    "SELECT coalesce(b.kind, '') FROM (SELECT DISTINCT kind FROM temp.ledger_bulk) b "
	    "WHERE b.kind IS NULL OR b.kind = 'reversal' OR NOT EXISTS "
	    "(SELECT 1 FROM ledger_kind k WHERE k.name = b.kind) LIMIT 1", "")) != 0)
		return rc;
	if (found) {
		if (strcmp(kind, "reversal") == 0)
			return pm_err_field(err, PM_EX_DATAERR, "kind",
			    _("a reversal is posted by reversing an entry"));
		return quoted_fail(err, "kind", _("%s: no such kind of ledger entry"), kind);
	}
	if ((rc = pm_db_prepare(ctx->db, "SELECT DISTINCT date FROM temp.ledger_bulk", &st,
	    err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *s = pm_stmt_text(st, 0);

		/* the canonical form only: what every query compares */
		if (s == NULL || pm_date_parse(s, &date, &e) != 0 ||
		    strcmp(date_str(date, d), s) != 0) {
			rc = quoted_fail(err, "date", _("%s: not a valid date"), s != NULL ? s : "");
			break;
		}
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

int
pm_ledger_post_select(pm_ctx *ctx, pm_err *err, int64_t *n, const char *entries,
    const char *postings, const char *spec, ...)
{
	va_list ap;
	pm_buf sql;
	int64_t count = 0, lo = 0, next = 0, base, extra[3];
	int k, rc;

	if (n != NULL)
		*n = 0;
	if ((rc = need_write_txn(ctx, err)) != 0)
		return rc;
	if (spec == NULL)
		spec = "";
	k = (int)strlen(spec);
	pm_buf_init(&sql);
	va_start(ap, spec);
	if ((rc = pm_db_exec(ctx->db, "CREATE TEMP TABLE IF NOT EXISTS ledger_bulk ("
	    "entry INTEGER PRIMARY KEY, kind TEXT, date TEXT, ref TEXT);"
	    "DELETE FROM temp.ledger_bulk", err)) != 0)
		goto out;
	pm_buf_addf(&sql, "INSERT INTO temp.ledger_bulk (entry, kind, date, ref) "
	    "SELECT e.entry, e.kind, e.date, e.ref FROM (%s) AS e", entries);
	if ((rc = bulk_run(ctx, &sql, spec, ap, 0, NULL, err)) != 0)
		goto out;
	if ((rc = pm_db_get_int(ctx->db, err, &count, NULL,
	    "SELECT count(*) FROM temp.ledger_bulk", "")) != 0 || count == 0)
		goto out;
	if ((rc = pm_db_get_int(ctx->db, err, &lo, NULL,
	    "SELECT min(entry) FROM temp.ledger_bulk", "")) != 0 ||
	    (rc = bulk_check_entries(ctx, err)) != 0 ||
	    (rc = bulk_accounts(ctx, postings, spec, ap, err)) != 0 ||
	    (rc = next_txn_id(ctx, &next, err)) != 0)
		goto out;
	/* entry e becomes entry id e + base: ids from next on, in entry
	 * order, after every id taken (the writer holds the lock) */
	base = next - lo;
	pm_buf_reset(&sql);
	/* a posting naming no entry of the batch gets no entry id: NOT NULL
	 * refuses it */
	pm_buf_addf(&sql, "INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) "
	    "SELECT b.entry + ?%d, a.id, b.date, p.amount, p.ref FROM (%s) AS p "
	    "LEFT JOIN temp.ledger_bulk b ON b.entry = p.entry "
	    "LEFT JOIN ledger_account a ON a.name = p.account", k + 1, postings);
	extra[0] = base;
	if ((rc = bulk_run(ctx, &sql, spec, ap, 1, extra, err)) != 0)
		goto out;
	/* the entry rows close them: the triggers check each one */
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO ledger_txn (id, kind, date, posted_at, actor, "
	    "ref) SELECT entry + ?1, kind, date, ?2, ?3, ref FROM temp.ledger_bulk ORDER BY entry",
	    "iit", base, (int64_t)ctx->now, ctx->actor.login)) != 0)
		goto out;
	rc = pm_db_exec(ctx->db, "DELETE FROM temp.ledger_bulk", err);
	if (rc == 0 && n != NULL)
		*n = count;
out:
	va_end(ap);
	pm_buf_free(&sql);
	return rc;
}

static int
parse_date(const char *s, pm_date *d)
{
	pm_err e;

	if (s == NULL || pm_date_parse(s, d, &e) != 0) {
		memset(d, 0, sizeof *d);
		return -1;
	}
	return 0;
}

int
pm_ledger_entry_get(pm_ctx *ctx, int64_t id, int (*fn)(void *arg, const pm_ledger_info *e),
    void *arg, pm_err *err)
{
	pm_ledger_info e;
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT t.id, t.kind, t.date, t.posted_at, t.actor, t.ref, "
	    "t.memo, t.reverses, r.id, t.seq_scope, t.seq_year, t.seq_no FROM ledger_txn t "
	    "LEFT JOIN ledger_txn r ON r.reverses = t.id WHERE t.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		memset(&e, 0, sizeof e);
		e.id = pm_stmt_int(st, 0);
		e.kind = pm_stmt_text(st, 1);
		parse_date(pm_stmt_text(st, 2), &e.date);
		e.posted_at = pm_stmt_int(st, 3);
		e.actor = pm_stmt_text(st, 4);
		e.ref = pm_stmt_text(st, 5);
		e.memo = pm_stmt_text(st, 6);
		e.reverses = pm_stmt_int(st, 7);
		e.reversed_by = pm_stmt_int(st, 8);
		e.seq_scope = pm_stmt_text(st, 9);
		e.seq_year = (int)pm_stmt_int(st, 10);
		e.seq_no = pm_stmt_int(st, 11);
		rc = fn(arg, &e);
	} else if (rc == 0) {
		rc = pm_err_set(err, PM_EX_NOINPUT, _("ledger entry %lld: no such entry"),
		    (long long)id);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* SQLite's sum() stops with an error rather than wrap; either way the
 * caller gets a refusal, never a wrong number. */
static int
sum_failed(pm_err *err, int rc)
{
	if (rc != 0 && strstr(err->msg, "integer overflow") != NULL)
		return pm_err_set(err, PM_EX_DATAERR, _("ledger: a balance beyond the largest amount"));
	return rc;
}

int
pm_ledger_balance(pm_ctx *ctx, const char *account, const pm_date *asof, int64_t *out,
    pm_err *err)
{
	char d[16];

	*out = 0;
	return sum_failed(err, pm_db_get_int(ctx->db, err, out, NULL,
	    "SELECT coalesce(sum(p.amount), 0) FROM ledger_account a "
	    "JOIN ledger_posting p ON p.account_id = a.id AND p.date <= ?2 WHERE a.name = ?1",
	    "tt", account != NULL ? account : "", asof_str(asof, d)));
}

int
pm_ledger_balance_ref(pm_ctx *ctx, const char *account, const char *ref, const pm_date *asof,
    int64_t *out, pm_err *err)
{
	char d[16];

	*out = 0;
	return sum_failed(err, pm_db_get_int(ctx->db, err, out, NULL,
	    "SELECT coalesce(sum(p.amount), 0) FROM ledger_account a "
	    "JOIN ledger_posting p ON p.ref = ?2 AND p.account_id = a.id AND p.date <= ?3 "
	    "WHERE a.name = ?1", "ttt", account != NULL ? account : "", ref != NULL ? ref : "",
	    asof_str(asof, d)));
}

void
pm_ledger_under(const char *prefix, pm_buf *lo, pm_buf *hi)
{
	if (prefix == NULL || prefix[0] == '\0') {
		pm_buf_adds(lo, "");
		pm_buf_adds(hi, "\xf4\x90");    /* above every UTF-8 name */
		return;
	}
	pm_buf_addf(lo, "%s:", prefix);
	pm_buf_addf(hi, "%s;", prefix);
}

/*
 * The accounts at and under prefix: the name itself, then the range of
 * names that begin "prefix:" — [prefix ":", prefix ";"), ';' being the
 * byte after ':' — so "A:B" never takes in "A:BC".  Read as the one
 * index range [prefix, prefix ";") in name order (no sort: memory stays
 * flat however many accounts), the few names in it that are neither
 * (A:B0, A:B-1) filtered out.  Each account's sum is then one range of
 * ledger_posting_account.
 */
static int
each_account(pm_ctx *ctx, const char *prefix, const pm_date *asof, int (*fn)(void *arg,
    const char *account, int64_t balance), void *arg, pm_err *err)
{
	char d[16];
	pm_buf lo, hi;
	pm_stmt *st = NULL;
	int rc;

	pm_buf_init(&lo);
	pm_buf_init(&hi);
	pm_ledger_under(prefix, &lo, &hi);
	if ((rc = pm_db_prepare(ctx->db,
	    "SELECT a.name, (SELECT sum(p.amount) FROM ledger_posting p "
	    "                WHERE p.account_id = a.id AND p.date <= ?4) AS bal "
	    "FROM ledger_account a WHERE a.name >= ?1 AND a.name < ?3 "
	    "AND (a.name = ?1 OR a.name >= ?2) ORDER BY a.name", &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "tttt", prefix != NULL ? prefix : "", lo.s, hi.s, asof_str(asof, d));
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if (pm_stmt_null(st, 1))
			continue;
		if ((rc = fn(arg, pm_stmt_text(st, 0), pm_stmt_int(st, 1))) != 0)
			goto out;
	}
	rc = rc < 0 ? sum_failed(err, err->status) : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&lo);
	pm_buf_free(&hi);
	return rc;
}

int
pm_ledger_each_balance(pm_ctx *ctx, const char *prefix, const pm_date *asof,
    int (*fn)(void *arg, const char *account, int64_t balance), void *arg, pm_err *err)
{
	return each_account(ctx, prefix, asof, fn, arg, err);
}

struct tree_sum {
	int64_t sum;
	int overflow;
};

static int
tree_add(void *arg, const char *account, int64_t balance)
{
	struct tree_sum *t = arg;

	(void)account;
	if (pm_money_add(t->sum, balance, &t->sum) != 0) {
		t->overflow = 1;
		return 1;
	}
	return 0;
}

int
pm_ledger_balance_tree(pm_ctx *ctx, const char *prefix, const pm_date *asof, int64_t *out,
    pm_err *err)
{
	struct tree_sum t = { 0, 0 };
	int rc;

	*out = 0;
	rc = each_account(ctx, prefix, asof, tree_add, &t, err);
	if (t.overflow)
		return pm_err_set(err, PM_EX_DATAERR, _("ledger: a balance beyond the largest amount"));
	if (rc == 0)
		*out = t.sum;
	return rc;
}

/* ---- the invariants ------------------------------------------------ */

struct check {
	pm_ctx *ctx;
	int (*fn)(void *arg, const char *check, const char *detail);
	void *arg;
	long *problems;
	int stop;               /* fn asked to stop */
};

static void
problem(struct check *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
problem(struct check *c, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	(*c->problems)++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (c->fn != NULL && !c->stop && c->fn(c->arg, "ledger", msg) != 0)
		c->stop = 1;
}

/* What keeps the journal append-only and its rules true; a copy without
 * one of them can be rewritten. */
static const struct {
	const char *table, *name;
} guards[] = {
	{ "ledger_posting", "ledger_posting_closed" },
	{ "ledger_txn", "ledger_txn_balanced" },
	{ "ledger_txn", "ledger_txn_reversal" },
	{ "ledger_txn", "ledger_txn_seq_next" },
	{ "ledger_seq", "ledger_seq_first" },
	{ "ledger_seq", "ledger_seq_step" },
	{ "ledger_seq", "ledger_seq_no_delete" },
	{ "ledger_txn", "ledger_txn_no_update" },
	{ "ledger_txn", "ledger_txn_no_delete" },
	{ "ledger_posting", "ledger_posting_no_update" },
	{ "ledger_posting", "ledger_posting_no_delete" },
	{ "ledger_account", "ledger_account_no_update" },
	{ "ledger_account", "ledger_account_no_delete" },
	{ "ledger_kind", "ledger_kind_no_update" },
	{ "ledger_kind", "ledger_kind_no_delete" },
};
static const char *const unique_indexes[] = { "ledger_txn_reverses", "ledger_txn_seq" };

static int
check_guards(struct check *c, pm_err *err)
{
	pm_buf sql;
	size_t i;
	int found, rc = 0;

	for (i = 0; i < sizeof guards / sizeof guards[0]; i++) {
		if ((rc = pm_db_has_trigger(c->ctx->db, guards[i].table, guards[i].name, &found,
		    err)) != 0)
			return rc;
		if (!found)
			problem(c, _("trigger %s is missing: the journal's rules are not enforced"),
			    guards[i].name);
	}
	pm_buf_init(&sql);
	for (i = 0; i < sizeof unique_indexes / sizeof unique_indexes[0] && rc == 0; i++) {
		pm_buf_reset(&sql);
		if ((rc = pm_db_schema_sql(c->ctx->db, err, "index", unique_indexes[i], &sql,
		    &found)) == 0 && !found)
			problem(c, _("index %s is missing: the journal's rules are not enforced"),
			    unique_indexes[i]);
	}
	pm_buf_free(&sql);
	return rc;
}

/* One pass over the entries in id order with their postings. */
static void
balance_done(struct check *c, int64_t id, int64_t n, int64_t sum, int overflow, int dates)
{
	char buf[48];

	if (id == 0)
		return;
	if (n < 2)
		problem(c, _("ledger entry %lld has %lld postings (two or more needed)"),
		    (long long)id, (long long)n);
	if (overflow) {
		problem(c, _("ledger entry %lld: its postings overflow"), (long long)id);
	} else if (sum != 0) {
		pm_money_format(sum, PM_MONEY_YUAN, buf, sizeof buf);
		problem(c, _("ledger entry %lld does not balance: its postings sum to %s"),
		    (long long)id, buf);
	}
	if (dates)
		problem(c, _("ledger entry %lld has postings of another date"), (long long)id);
}

static int
check_balanced(struct check *c, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t cur = 0, n = 0, sum = 0, id;
	int overflow = 0, dates = 0, rc;

	if ((rc = pm_db_prepare(c->ctx->db, "SELECT t.id, p.amount, p.date IS NOT t.date "
	    "FROM ledger_txn t LEFT JOIN ledger_posting p ON p.txn_id = t.id ORDER BY t.id",
	    &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		id = pm_stmt_int(st, 0);
		if (id != cur) {
			balance_done(c, cur, n, sum, overflow, dates);
			cur = id;
			n = sum = 0;
			overflow = dates = 0;
		}
		if (pm_stmt_null(st, 1))
			continue;
		n++;
		if (!overflow && pm_money_add(sum, pm_stmt_int(st, 1), &sum) != 0)
			overflow = 1;
		dates |= pm_stmt_int(st, 2) != 0;
	}
	if (rc == 0)
		balance_done(c, cur, n, sum, overflow, dates);
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	/* postings no entry closes: left outside a transaction, never posted */
	if ((rc = pm_db_prepare(c->ctx->db, "SELECT txn_id, count(*) FROM ledger_posting p "
	    "WHERE NOT EXISTS (SELECT 1 FROM ledger_txn t WHERE t.id = p.txn_id) "
	    "GROUP BY txn_id ORDER BY txn_id", &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1)
		problem(c, _("%lld postings name ledger entry %lld, which does not exist"),
		    (long long)pm_stmt_int(st, 1), (long long)pm_stmt_int(st, 0));
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

static int
check_reversals(struct check *c, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t id, of;
	int rc;

	if ((rc = pm_db_prepare(c->ctx->db, "SELECT t.id, coalesce(t.reverses, 0), "
	    "t.kind = 'reversal', o.id IS NULL, o.kind = 'reversal', o.date > t.date, "
	    "EXISTS (SELECT 1 FROM (SELECT account_id, ref, amount FROM ledger_posting "
	    "                       WHERE txn_id = t.reverses "
	    "                       UNION ALL "
	    "                       SELECT account_id, ref, amount FROM ledger_posting "
	    "                       WHERE txn_id = t.id) "
	    "        GROUP BY account_id, ref HAVING sum(amount) <> 0) "
	    "FROM ledger_txn t LEFT JOIN ledger_txn o ON o.id = t.reverses "
	    "WHERE t.reverses IS NOT NULL OR t.kind = 'reversal' ORDER BY t.id", &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		id = pm_stmt_int(st, 0);
		of = pm_stmt_int(st, 1);
		if (of == 0 || !pm_stmt_int(st, 2)) {
			problem(c, _("ledger entry %lld: a reversal must name the entry it reverses, "
			    "and only a reversal may"), (long long)id);
			continue;
		}
		if (pm_stmt_int(st, 3)) {
			problem(c, _("ledger entry %lld reverses entry %lld, which does not exist"),
			    (long long)id, (long long)of);
			continue;
		}
		if (pm_stmt_int(st, 4))
			problem(c, _("ledger entry %lld reverses entry %lld, itself a reversal"),
			    (long long)id, (long long)of);
		if (pm_stmt_int(st, 5))
			problem(c, _("ledger entry %lld reverses the later entry %lld"),
			    (long long)id, (long long)of);
		if (pm_stmt_int(st, 6))
			problem(c, _("ledger entry %lld does not negate the entry %lld it reverses"),
			    (long long)id, (long long)of);
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if ((rc = pm_db_prepare(c->ctx->db, "SELECT reverses, count(*) FROM ledger_txn "
	    "WHERE reverses IS NOT NULL GROUP BY reverses HAVING count(*) > 1 ORDER BY reverses",
	    &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1)
		problem(c, _("ledger entry %lld is reversed %lld times"),
		    (long long)pm_stmt_int(st, 0), (long long)pm_stmt_int(st, 1));
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

/* Accounts whose total left +-PM_MONEY_MAX (posting does not sum an
 * account's history; reads refuse such a balance, and this names it).
 * The sum is taken in two integer parts, the billions of fen and the
 * rest, so that it cannot overflow however far beyond the range it is
 * (up to 10^9 postings per account): total = h x 10^9 + l, |l| < 10^9. */
static int
check_accounts(struct check *c, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(c->ctx->db, "WITH s AS (SELECT account_id, "
	    "sum(amount / 1000000000) AS hi, sum(amount % 1000000000) AS lo "
	    "FROM ledger_posting GROUP BY account_id), "
	    "t AS (SELECT account_id, hi + lo / 1000000000 AS h, lo % 1000000000 AS l FROM s) "
	    "SELECT a.name FROM t JOIN ledger_account a ON a.id = t.account_id "
	    "WHERE t.h > 9000000000 OR (t.h = 9000000000 AND t.l > 0) "
	    "OR t.h < -9000000000 OR (t.h = -9000000000 AND t.l < 0) ORDER BY a.name",
	    &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1)
		problem(c, _("ledger account %s: its balance is beyond the range of amounts"),
		    pm_stmt_text(st, 0));
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

/* The lowest number missing from 1..hi in one sequence. */
static int
first_gap(pm_ctx *ctx, const char *scope, int64_t year, int64_t *gap, pm_err *err)
{
	*gap = 1;
	return pm_db_get_int(ctx->db, err, gap, NULL,
	    "SELECT coalesce(min(t.seq_no) + 1, 1) FROM ledger_txn t "
	    "WHERE t.seq_scope = ?1 AND t.seq_year = ?2 AND t.seq_no IS NOT NULL "
	    "AND EXISTS (SELECT 1 FROM ledger_txn s WHERE s.seq_scope = ?1 AND s.seq_year = ?2 "
	    "            AND s.seq_no = 1) "
	    "AND NOT EXISTS (SELECT 1 FROM ledger_txn u WHERE u.seq_scope = ?1 "
	    "                AND u.seq_year = ?2 AND u.seq_no = t.seq_no + 1)", "ti", scope, year);
}

static int
check_sequences(struct check *c, pm_err *err)
{
	char scope[PM_LEDGER_REF_MAX + 1];
	pm_stmt *st = NULL;
	int64_t year, last, n, nd, hi, gap;
	int rc;

	if ((rc = pm_db_prepare(c->ctx->db,
	    "SELECT k.scope, k.year, s.last, count(t.id), count(DISTINCT t.seq_no), "
	    "coalesce(max(t.seq_no), 0) "
	    "FROM (SELECT scope, year FROM ledger_seq "
	    "      UNION SELECT seq_scope, seq_year FROM ledger_txn WHERE seq_no IS NOT NULL) k "
	    "LEFT JOIN ledger_seq s ON s.scope = k.scope AND s.year = k.year "
	    "LEFT JOIN ledger_txn t ON t.seq_scope = k.scope AND t.seq_year = k.year "
	    "     AND t.seq_no IS NOT NULL "
	    "GROUP BY k.scope, k.year ORDER BY k.scope, k.year", &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		snprintf(scope, sizeof scope, "%s", pm_stmt_text(st, 0) ? pm_stmt_text(st, 0) : "");
		year = pm_stmt_int(st, 1);
		last = pm_stmt_null(st, 2) ? -1 : pm_stmt_int(st, 2);
		n = pm_stmt_int(st, 3);
		nd = pm_stmt_int(st, 4);
		hi = pm_stmt_int(st, 5);
		if (n != nd)
			problem(c, _("sequence %s/%lld gives %lld numbers to more than one entry"),
			    scope, (long long)year, (long long)(n - nd));
		if (nd != hi) {
			if ((rc = first_gap(c->ctx, scope, year, &gap, err)) != 0)
				break;
			problem(c, _("sequence %s/%lld has a gap: %lld is missing"), scope,
			    (long long)year, (long long)gap);
		}
		if (last < 0)
			problem(c, _("sequence %s/%lld has no counter"), scope, (long long)year);
		else if (last != hi)
			problem(c, _("sequence %s/%lld: its counter is at %lld, its highest number "
			    "%lld"), scope, (long long)year, (long long)last, (long long)hi);
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

int
pm_ledger_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
    void *arg, long *problems, pm_err *err)
{
	struct check c = { ctx, fn, arg, problems, 0 };
	pm_buf sql;
	int found = 0, rc;

	pm_buf_init(&sql);
	rc = pm_db_schema_sql(ctx->db, err, "table", "ledger_txn", &sql, &found);
	pm_buf_free(&sql);
	if (rc != 0 || !found)
		return rc;
	if ((rc = check_guards(&c, err)) != 0 || (rc = check_balanced(&c, err)) != 0 ||
	    (rc = check_reversals(&c, err)) != 0 || (rc = check_sequences(&c, err)) != 0 ||
	    (rc = check_accounts(&c, err)) != 0)
		return rc;
	return 0;
}

/* ---- the journal for ledger-cli and hledger --------------------------- */

/* ¥, a minus when negative, yuan without grouping, two decimals. */
static void
journal_amount(pm_buf *b, int64_t fen)
{
	char s[48];

	pm_money_format(fen, 0, s, sizeof s);
	pm_buf_adds(b, "\xc2\xa5");
	pm_buf_adds(b, s);
}

static int
journal_flush(FILE *fp, pm_buf *b, pm_err *err)
{
	if (b->len > 0 && fwrite(b->s, 1, b->len, fp) != b->len)
		return pm_err_set(err, PM_EX_IOERR, _("ledger journal: write error"));
	pm_buf_reset(b);
	return 0;
}

struct assertions {
	pm_buf *b;
	FILE *fp;
	int any;
	pm_err *err;
};

static int
journal_assert(void *arg, const char *account, int64_t balance)
{
	struct assertions *a = arg;

	a->any = 1;
	pm_buf_addf(a->b, "    %s    \xc2\xa5" "0.00 = ", account);
	journal_amount(a->b, balance);
	pm_buf_addc(a->b, '\n');
	return a->b->len >= 8192 ? journal_flush(a->fp, a->b, a->err) : 0;
}

static int
journal_accounts(pm_ctx *ctx, pm_buf *b, FILE *fp, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT name FROM ledger_account ORDER BY name", &st,
	    err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		pm_buf_addf(b, "account %s\n", pm_stmt_text(st, 0));
		if (b->len >= 8192 && (rc = journal_flush(fp, b, err)) != 0)
			break;
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	return rc;
}

static int
journal_entries(pm_ctx *ctx, const char *asof, pm_buf *b, FILE *fp, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t cur = 0, id;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT t.id, t.date, t.kind, t.ref, t.seq_scope, "
	    "t.seq_year, t.seq_no, t.reverses, a.name, p.amount "
	    "FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id "
	    "JOIN ledger_account a ON a.id = p.account_id "
	    "WHERE t.date <= ?1 ORDER BY t.date, t.id, p.id", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, asof);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		id = pm_stmt_int(st, 0);
		if (id != cur) {
			cur = id;
			pm_buf_addf(b, "\n%s *", pm_stmt_text(st, 1));
			if (!pm_stmt_null(st, 6))
				pm_buf_addf(b, " (%s/%lld/%06lld)", pm_stmt_text(st, 4),
				    (long long)pm_stmt_int(st, 5), (long long)pm_stmt_int(st, 6));
			pm_buf_addf(b, " %s", pm_stmt_text(st, 2));
			if (!pm_stmt_null(st, 3))
				pm_buf_addf(b, " %s", pm_stmt_text(st, 3));
			pm_buf_addf(b, "\n    ; pm entry %lld", (long long)id);
			if (!pm_stmt_null(st, 7))
				pm_buf_addf(b, ", reverses %lld", (long long)pm_stmt_int(st, 7));
			pm_buf_addc(b, '\n');
		}
		pm_buf_addf(b, "    %s    ", pm_stmt_text(st, 8));
		journal_amount(b, pm_stmt_int(st, 9));
		pm_buf_addc(b, '\n');
		if (b->len >= 8192 && (rc = journal_flush(fp, b, err)) != 0)
			break;
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	return rc;
}

int
pm_ledger_journal(pm_ctx *ctx, const pm_date *asof, const char *const *assert,
    size_t nassert, FILE *fp, pm_err *err)
{
	char d[16], now[40];
	struct assertions a;
	pm_buf b, head;
	size_t i;
	int rc;

	pm_buf_init(&b);
	pm_buf_init(&head);
	if (asof == NULL)
		pm_date_format(pm_date_of(ctx->now), d, sizeof d);
	else
		pm_date_format(*asof, d, sizeof d);
	pm_time_format(ctx->now, PM_TF_ISO, now, sizeof now);
	pm_buf_addf(&b, "; pm ledger journal: entries dated up to %s, written %s\n"
	    "; check: ledger -f FILE --strict --pedantic balance; hledger -f FILE --strict check\n\n"
	    "commodity \xc2\xa5\n\n", d, now);
	if ((rc = journal_accounts(ctx, &b, fp, err)) != 0 ||
	    (rc = journal_entries(ctx, d, &b, fp, err)) != 0 ||
	    (rc = journal_flush(fp, &b, err)) != 0)
		goto out;
	/* the assertions close the day: they see every entry of asof */
	pm_buf_addf(&head, "\n%s * balance assertions\n", d);
	a.b = &head;
	a.fp = fp;
	a.any = 0;
	a.err = err;
	for (i = 0; i < nassert; i++) {
		pm_date ad;

		if (parse_date(d, &ad) != 0 ||
		    (rc = pm_ledger_each_balance(ctx, assert[i], &ad, journal_assert, &a, err)) != 0)
			goto out;
	}
	if (a.any && (rc = journal_flush(fp, &head, err)) != 0)
		goto out;
	if (fflush(fp) != 0 || ferror(fp))
		rc = pm_err_set(err, PM_EX_IOERR, _("ledger journal: write error"));
out:
	pm_buf_free(&b);
	pm_buf_free(&head);
	return rc;
}
