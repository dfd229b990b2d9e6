/* fee_pay.c — payments, receipts, credit, reversals, refunds and waivers;
 * see fee_pay.h (the contract is its header comment). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_alloc.h"
#include "fee_late.h"
#include "fee_pay.h"
#include "i18n.h"
#include "json.h"
#include "ledger.h"
#include "mask.h"
#include "money.h"
#include "text.h"
#include "timeline.h"
#include "unit.h"

#define REF_MAX 32      /* "B123456789012.L", "P12" */

/* ---- a unit and its two accounts ------------------------------------------- */

typedef struct who {
	int64_t site_id, unit_id;
	char site[64], unit[64];
	pm_buf recv, credit;    /* Assets:Receivable:SITE:UNIT, Liabilities:Credit:SITE:UNIT */
	int64_t recv_id;        /* their ledger_account ids, 0 before the first posting */
	int64_t credit_id;
} who;

static void
who_init(who *w)
{
	memset(w, 0, sizeof *w);
	pm_buf_init(&w->recv);
	pm_buf_init(&w->credit);
}

static void
who_free(who *w)
{
	pm_buf_free(&w->recv);
	pm_buf_free(&w->credit);
}

static int
account_id(pm_ctx *ctx, const char *name, int64_t *id, pm_err *err)
{
	*id = 0;
	return pm_db_get_int(ctx->db, err, id, NULL, "SELECT id FROM ledger_account WHERE name = ?1",
	    "t", name);
}

/* The accounts of the unit w names (site and unit codes filled). */
static int
who_accounts(pm_ctx *ctx, who *w, pm_err *err)
{
	int rc;

	if ((rc = pm_fee_account(&w->recv, PM_FEE_ACC_RECEIVABLE, w->site, w->unit, err)) != 0 ||
	    (rc = pm_fee_account(&w->credit, PM_FEE_ACC_CREDIT, w->site, w->unit, err)) != 0 ||
	    (rc = account_id(ctx, w->recv.s, &w->recv_id, err)) != 0)
		return rc;
	return account_id(ctx, w->credit.s, &w->credit_id, err);
}

/* A unit by site code (NULL: the only active site) and unit code. */
static int
who_find(pm_ctx *ctx, const char *site, const char *unit, who *w, pm_err *err)
{
	pm_unit_ref u;
	int rc;

	if (unit == NULL || *unit == '\0')
		return pm_err_field(err, PM_EX_USAGE, "unit", _("a unit is required"));
	if ((rc = pm_unit_site_find(ctx, site, 0, &w->site_id, err)) != 0 ||
	    (rc = pm_unit_find(ctx, w->site_id, unit, &u, err)) != 0 ||
	    (rc = pm_db_get_text(ctx->db, err, w->site, sizeof w->site, NULL,
	    "SELECT code FROM site WHERE id = ?1", "i", w->site_id)) != 0)
		return rc;
	w->unit_id = u.id;
	snprintf(w->unit, sizeof w->unit, "%s", unit);
	return who_accounts(ctx, w, err);
}

/* The unit of a row: its ids. */
static int
who_ids(pm_ctx *ctx, int64_t unit_id, who *w, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT u.site_id, s.code, u.code FROM unit u "
	    "JOIN site s ON s.id = u.site_id WHERE u.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, unit_id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : pm_err_set(err, PM_EX_SOFTWARE,
		    _("fee: unit %lld is missing"), (long long)unit_id);
	}
	w->unit_id = unit_id;
	w->site_id = pm_stmt_int(st, 0);
	snprintf(w->site, sizeof w->site, "%s", pm_stmt_text(st, 1));
	snprintf(w->unit, sizeof w->unit, "%s", pm_stmt_text(st, 2));
	pm_stmt_free(st);
	return who_accounts(ctx, w, err);
}

static int
date_of_text(const char *s, pm_date *d, pm_err *err)
{
	if (pm_date_parse(s, d, err) != 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("fee: a stored date is malformed"));
	return 0;
}

static pm_date
date_max(pm_date a, pm_date b)
{
	return pm_date_cmp(a, b) >= 0 ? a : b;
}

static int
check_reason(const char *reason, pm_err *err)
{
	if (reason == NULL || *reason == '\0')
		return pm_err_field(err, PM_EX_USAGE, "reason", _("a reason is required"));
	return pm_text_check(reason, strlen(reason), 500, "reason", err);
}

static int
check_method(const char *method, pm_err *err)
{
	if (method == NULL || !pm_text_word(PM_PAY_METHODS, method))
		return pm_err_field(err, PM_EX_DATAERR, "method",
		    _("the method is one of cash, wechat, alipay, bank, card"));
	return 0;
}

/* Room for element n of *v (cap elements of size bytes), doubling. */
static int
grow(void *v, size_t *cap, size_t n, size_t size, pm_err *err)
{
	void **pv = v, *nv;
	size_t want;

	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 16;
	if ((nv = realloc(*pv, want * size)) == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
	*pv = nv;
	*cap = want;
	return 0;
}

/* ---- a bill as it stands ----------------------------------------------------- */

typedef struct bline {
	int64_t n, amount, left;
	char item[PM_FEE_CODE_MAX + 1];
} bline;

typedef struct bstate {
	int64_t id;
	pm_date due, date;
	bline *lines;
	size_t nlines;
	int64_t principal;      /* billed: the positive lines */
	int64_t left;           /* principal left */
	int64_t fixed;          /* late fee fixed (accruals not reversed) */
	int64_t fixed_unpaid;   /* the balance of B12.L */
	int64_t accrue;         /* the late fee as of the day beyond what is fixed */
	int frozen;             /* a late waiver: the fee stands as of frozen_at */
	pm_date frozen_at;
	char lim[16];           /* what is posted up to this day counts (9999-12-31: all) */
} bstate;

static void
bstate_free(bstate *b)
{
	free(b->lines);
	b->lines = NULL;
}

/*
 * The late fee of bill b as of day d (fee_late.h) on its principal
 * payments: allocations and waivers of its lines not reversed.
 */
static int
late_fee(pm_ctx *ctx, const pm_fee_conf *c, const who *w, bstate *b, pm_date d, int64_t *fee,
    pm_err *err)
{
	pm_fee_late_paid *paid = NULL;
	size_t n = 0, cap = 0;
	pm_stmt *st = NULL;
	char pat[REF_MAX];
	int64_t sum = 0;
	int rc;

	*fee = 0;
	if (c->rules.late.rate_ppm == 0 || b->principal <= 0 || w->recv_id == 0)
		return 0;
	if (b->frozen && pm_date_cmp(b->frozen_at, d) < 0)
		d = b->frozen_at;
	snprintf(pat, sizeof pat, "B%lld.[0-9]*", (long long)b->id);
	if ((rc = pm_db_prepare(ctx->db, "SELECT p.date, -sum(p.amount) FROM ledger_posting p "
	    "JOIN ledger_txn t ON t.id = p.txn_id WHERE p.ref GLOB ?1 AND p.account_id = ?2 "
	    "AND p.amount < 0 AND p.date <= ?3 AND (t.kind = 'allocation' OR t.kind = 'waiver') "
	    "AND NOT EXISTS (SELECT 1 FROM ledger_txn r WHERE r.reverses = t.id AND r.date <= ?3) "
	    "GROUP BY p.date ORDER BY p.date", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "tit", pat, w->recv_id, b->lim);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		int64_t x = pm_stmt_int(st, 1);

		/* never more than the principal (a credit line elsewhere) */
		if (x > b->principal - sum)
			x = b->principal - sum;
		if (x <= 0)
			continue;
		if ((rc = grow(&paid, &cap, n, sizeof *paid, err)) != 0)
			goto out;
		if ((rc = date_of_text(pm_stmt_text(st, 0), &paid[n].date, err)) != 0)
			goto out;
		paid[n++].principal = x;
		sum += x;
	}
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	rc = 0;
	if (pm_fee_late_fee(&c->rules.late, c->rules.round, b->due, b->principal, paid, n, d,
	    fee) != 0)
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("fee: B%lld: the late fee cannot be computed"),
		    (long long)b->id);
out:
	pm_stmt_free(st);
	free(paid);
	return rc;
}

/* Bill id of unit w as it stands after what is posted up to asof (NULL:
 * all of it), its late fee as of day d. */
static int
bstate_load(pm_ctx *ctx, const pm_fee_conf *c, const who *w, int64_t id, pm_date d,
    const pm_date *asof, bstate *b, pm_err *err)
{
	pm_stmt *st = NULL;
	char ref[REF_MAX], buf[16];
	size_t cap = 0;
	int64_t late;
	int found, rc;

	memset(b, 0, sizeof *b);
	b->id = id;
	if (asof != NULL)
		pm_date_format(*asof, b->lim, sizeof b->lim);
	else
		snprintf(b->lim, sizeof b->lim, "9999-12-31");
	if ((rc = pm_db_prepare(ctx->db, "SELECT b.due, b.date, l.n, l.item, l.amount FROM bill b "
	    "JOIN bill_line l ON l.bill_id = b.id WHERE b.id = ?1 ORDER BY l.n", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		bline *l;

		if (b->nlines == 0 && ((rc = date_of_text(pm_stmt_text(st, 0), &b->due, err)) != 0 ||
		    (rc = date_of_text(pm_stmt_text(st, 1), &b->date, err)) != 0))
			goto out;
		if ((rc = grow(&b->lines, &cap, b->nlines, sizeof *b->lines, err)) != 0)
			goto out;
		l = &b->lines[b->nlines++];
		l->n = pm_stmt_int(st, 2);
		snprintf(l->item, sizeof l->item, "%s", pm_stmt_text(st, 3));
		l->amount = pm_stmt_int(st, 4);
		l->left = 0;
	}
	pm_stmt_free(st);
	st = NULL;
	if (rc < 0)
		return err->status;
	rc = 0;
	for (size_t i = 0; i < b->nlines; i++) {
		bline *l = &b->lines[i];

		snprintf(ref, sizeof ref, "B%lld.%lld", (long long)id, (long long)l->n);
		if ((rc = pm_ledger_balance_ref(ctx, w->recv.s, ref, asof, &l->left, err)) != 0)
			goto out;
		if (l->amount > 0) {
			b->principal += l->amount;
			if (l->left > 0)
				b->left += l->left;
		}
	}
	snprintf(ref, sizeof ref, "B%lld.L", (long long)id);
	if ((rc = pm_ledger_balance_ref(ctx, w->recv.s, ref, asof, &b->fixed_unpaid, err)) != 0)
		goto out;
	if (w->recv_id != 0 && (rc = pm_db_get_int(ctx->db, err, &b->fixed, NULL,
	    "SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p JOIN ledger_txn t "
	    "ON t.id = p.txn_id WHERE p.ref = ?1 AND p.account_id = ?2 AND t.kind = 'accrual' "
	    "AND p.date <= ?3 AND NOT EXISTS (SELECT 1 FROM ledger_txn r WHERE r.reverses = t.id "
	    "AND r.date <= ?3)", "tit", ref, w->recv_id, b->lim)) != 0)
		goto out;
	if ((rc = pm_db_get_text(ctx->db, err, buf, sizeof buf, &found, "SELECT min(date) FROM "
	    "fee_waiver WHERE bill_id = ?1 AND kind = 'late' AND date <= ?2", "it", id, b->lim)) != 0)
		goto out;
	if (found && buf[0] != '\0') {
		b->frozen = 1;
		if ((rc = date_of_text(buf, &b->frozen_at, err)) != 0)
			goto out;
	}
	if ((rc = late_fee(ctx, c, w, b, d, &late, err)) != 0)
		goto out;
	b->accrue = late > b->fixed ? late - b->fixed : 0;
	return 0;
out:
	pm_stmt_free(st);
	bstate_free(b);
	return rc;
}

/* Bill id's unit into w (initialised by the caller) and, with b, the
 * bill as bstate_load gives it.  PM_EX_NOINPUT: no such bill. */
static int
bill_of(pm_ctx *ctx, const pm_fee_conf *c, int64_t id, pm_date d, const pm_date *asof,
    who *w, bstate *b, pm_err *err)
{
	int64_t unit = 0;
	int found, rc;

	if ((rc = pm_db_get_int(ctx->db, err, &unit, &found, "SELECT unit_id FROM bill WHERE id = ?1",
	    "i", id)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("bill B%lld: no such bill"), (long long)id);
	if ((rc = who_ids(ctx, unit, w, err)) != 0 || b == NULL)
		return rc;
	return bstate_load(ctx, c, w, id, d, asof, b, err);
}

/* What of the bill's late fee is owed as of its day. */
static int64_t
bstate_late(const bstate *b)
{
	int64_t x = b->fixed_unpaid + b->accrue;

	return x > 0 ? x : 0;
}

/* ---- posting ---------------------------------------------------------------- */

static int
entry_of(pm_ctx *ctx, int64_t pid, int64_t entry, const char *role, pm_err *err)
{
	return pm_db_run(ctx->db, err, "INSERT INTO payment_entry (payment_id, entry_id, role) "
	    "VALUES (?1, ?2, ?3)", "iit", pid, entry, role);
}

/* Fix x more of bill b's late fee on day d (an accrual entry); pid the
 * payment it is fixed for (0: none), *entry its id. */
static int
post_accrual(pm_ctx *ctx, const who *w, int64_t bill, int64_t x, pm_date d, int64_t pid,
    pm_err *err)
{
	char ref[REF_MAX], lref[REF_MAX];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	int64_t entry;
	int rc;

	snprintf(ref, sizeof ref, "B%lld", (long long)bill);
	snprintf(lref, sizeof lref, "B%lld.L", (long long)bill);
	p[0] = (pm_ledger_posting){ w->recv.s, x, lref };
	p[1] = (pm_ledger_posting){ PM_FEE_ACC_LATE, -x, lref };
	memset(&e, 0, sizeof e);
	e.kind = "accrual";
	e.date = d;
	e.ref = ref;
	e.post = p;
	e.npost = 2;
	if ((rc = pm_ledger_post(ctx, &e, &entry, NULL, err)) != 0)
		return rc;
	return pid != 0 ? entry_of(ctx, pid, entry, "accrual", err) : 0;
}

/*
 * Allocate up to avail fen of payment pid's credit on day d over bills
 * ids[0..n) of unit w (in due order): late fees fixed where money goes,
 * then one allocation entry.  *used what it took.
 */
static int
allocate(pm_ctx *ctx, const pm_fee_conf *c, who *w, int64_t pid, int64_t avail, pm_date d,
    const int64_t *ids, size_t n, int64_t *used, pm_err *err)
{
	bstate *bs = NULL;
	pm_fee_debt *debts = NULL;
	pm_fee_alloc *alloc = NULL;
	pm_ledger_posting *post = NULL;
	char (*refs)[REF_MAX] = NULL;
	char pref[REF_MAX];
	size_t i, k, np = 1, nlines = 0, loaded = 0;
	int64_t credit;
	pm_ledger_entry e;
	int rc = 0;

	*used = 0;
	if (n == 0 || avail <= 0)
		return 0;
	if ((bs = calloc(n, sizeof *bs)) == NULL || (debts = calloc(n, sizeof *debts)) == NULL ||
	    (alloc = calloc(n, sizeof *alloc)) == NULL) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
		goto out;
	}
	for (i = 0; i < n; i++, loaded++) {
		if ((rc = bstate_load(ctx, c, w, ids[i], d, NULL, &bs[i], err)) != 0)
			goto out;
		debts[i].due = bs[i].due;
		debts[i].late_fee = bstate_late(&bs[i]);
		debts[i].principal = bs[i].left;
		nlines += bs[i].nlines;
	}
	if (pm_fee_alloc_pay(c->rules.order, debts, n, avail, alloc, &credit) != 0) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("fee: the allocation failed"));
		goto out;
	}
	*used = avail - credit;
	if (*used == 0)
		goto out;
	if ((post = calloc(1 + 2 * n + nlines, sizeof *post)) == NULL ||
	    (refs = calloc(1 + 2 * n + nlines, sizeof *refs)) == NULL) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
		goto out;
	}
	snprintf(pref, sizeof pref, "P%lld", (long long)pid);
	post[0] = (pm_ledger_posting){ w->credit.s, *used, pref };
	for (i = 0; i < n; i++) {
		int64_t rest = alloc[i].principal;

		if (alloc[i].late_fee + alloc[i].principal == 0)
			continue;
		/* the late fee as of today is fixed before it is paid */
		if (bs[i].accrue > 0 && (rc = post_accrual(ctx, w, bs[i].id, bs[i].accrue, d, pid,
		    err)) != 0)
			goto out;
		/* the postings in the order the money settles them */
		if (alloc[i].late_fee > 0 && c->rules.order == PM_FEE_ORDER_CIVIL) {
			snprintf(refs[np], REF_MAX, "B%lld.L", (long long)bs[i].id);
			post[np] = (pm_ledger_posting){ w->recv.s, -alloc[i].late_fee, refs[np] };
			np++;
		}
		for (k = 0; k < bs[i].nlines && rest > 0; k++) {
			bline *l = &bs[i].lines[k];
			int64_t take;

			if (l->amount <= 0 || l->left <= 0)
				continue;
			take = l->left < rest ? l->left : rest;
			snprintf(refs[np], REF_MAX, "B%lld.%lld", (long long)bs[i].id, (long long)l->n);
			post[np] = (pm_ledger_posting){ w->recv.s, -take, refs[np] };
			np++;
			rest -= take;
		}
		if (alloc[i].late_fee > 0 && c->rules.order != PM_FEE_ORDER_CIVIL) {
			snprintf(refs[np], REF_MAX, "B%lld.L", (long long)bs[i].id);
			post[np] = (pm_ledger_posting){ w->recv.s, -alloc[i].late_fee, refs[np] };
			np++;
		}
	}
	memset(&e, 0, sizeof e);
	e.kind = "allocation";
	e.date = d;
	e.ref = pref;
	e.post = post;
	e.npost = np;
	{
		int64_t entry;

		if ((rc = pm_ledger_post(ctx, &e, &entry, NULL, err)) != 0 ||
		    (rc = entry_of(ctx, pid, entry, "allocation", err)) != 0)
			goto out;
	}
out:
	for (i = 0; bs != NULL && i < loaded; i++)
		bstate_free(&bs[i]);
	free(bs);
	free(debts);
	free(alloc);
	free(post);
	free(refs);
	return rc;
}

/* ---- lists of bills and payments of a unit ------------------------------------ */

typedef struct obill {
	int64_t id;
	pm_date due, date;
} obill;

typedef struct cpay {
	int64_t id;
	pm_date date;
	int64_t credit;
} cpay;

/* The rows of st into a new array *out of *n elements of size bytes,
 * each filled by row; st is freed. */
static int
collect(pm_stmt *st, void *out, size_t *n, size_t size,
    int (*row)(pm_stmt *st, void *elem, pm_err *err), pm_err *err)
{
	void **pv = out;
	char *v = NULL;
	size_t cap = 0;
	int rc;

	*pv = NULL;
	*n = 0;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if ((rc = grow(&v, &cap, *n, size, err)) != 0 ||
		    (rc = row(st, v + *n * size, err)) != 0)
			break;
		(*n)++;
	}
	if (rc < 0)
		rc = err->status;
	pm_stmt_free(st);
	if (rc != 0) {
		free(v);
		*n = 0;
		return rc;
	}
	*pv = v;
	return 0;
}

static int
obill_row(pm_stmt *st, void *elem, pm_err *err)
{
	obill *b = elem;
	int rc;

	b->id = pm_stmt_int(st, 0);
	if ((rc = date_of_text(pm_stmt_text(st, 1), &b->due, err)) != 0)
		return rc;
	return date_of_text(pm_stmt_text(st, 2), &b->date, err);
}

static int
cpay_row(pm_stmt *st, void *elem, pm_err *err)
{
	cpay *p = elem;

	p->id = pm_stmt_int(st, 0);
	p->credit = pm_stmt_int(st, 2);
	return date_of_text(pm_stmt_text(st, 1), &p->date, err);
}

/* The unit's unpaid bills, oldest due first (then by ID). */
static int
open_bills(pm_ctx *ctx, const who *w, obill **out, size_t *n, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (w->recv_id == 0)
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT b.id, b.due, b.date FROM bill b "
	    "WHERE b.unit_id = ?1 AND (EXISTS (SELECT 1 FROM bill_line l WHERE l.bill_id = b.id "
	    "AND l.amount > 0 AND (SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p "
	    "WHERE p.ref = 'B' || b.id || '.' || l.n AND p.account_id = ?2) > 0) "
	    "OR (SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p "
	    "WHERE p.ref = 'B' || b.id || '.L' AND p.account_id = ?2) > 0) "
	    "ORDER BY b.due, b.id", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "ii", w->unit_id, w->recv_id);
	return collect(st, out, n, sizeof **out, obill_row, err);
}

/* The unit's payments with credit left, oldest first; only pid when not 0. */
static int
credit_payments(pm_ctx *ctx, const who *w, int64_t pid, cpay **out, size_t *n, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	*out = NULL;
	*n = 0;
	if (w->credit_id == 0)
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, date, credit FROM (SELECT y.id, y.date, "
	    "-(SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.ref = 'P' || y.id "
	    "AND p.account_id = ?2) AS credit FROM payment y WHERE y.unit_id = ?1 "
	    "AND (?3 = 0 OR y.id = ?3)) WHERE credit > 0 ORDER BY date, id", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "iii", w->unit_id, w->credit_id, pid);
	return collect(st, out, n, sizeof **out, cpay_row, err);
}

/*
 * Settle bills of unit w from credit: bills (or, NULL, the unit's
 * unpaid ones), each from the payments with credit (only pid's when not
 * 0), oldest first, one allocation entry per bill and payment drawn,
 * dated the latest of day a, the bill's date and the payment's date.
 */
static int
settle_from_credit(pm_ctx *ctx, const pm_fee_conf *c, who *w, pm_date a, int64_t pid,
    const obill *bills, size_t nbills, int64_t *applied, pm_err *err)
{
	obill *own = NULL;
	cpay *pays = NULL;
	size_t np = 0, i, k = 0;
	int64_t used;
	int rc;

	if ((rc = credit_payments(ctx, w, pid, &pays, &np, err)) != 0 || np == 0)
		goto out;
	if (bills == NULL) {
		if ((rc = open_bills(ctx, w, &own, &nbills, err)) != 0)
			goto out;
		bills = own;
	}
	for (i = 0; i < nbills && k < np; i++) {
		while (k < np) {
			pm_date d = date_max(date_max(a, bills[i].date), pays[k].date);

			if ((rc = allocate(ctx, c, w, pays[k].id, pays[k].credit, d, &bills[i].id, 1,
			    &used, err)) != 0)
				goto out;
			pays[k].credit -= used;
			if (applied != NULL)
				*applied += used;
			if (pays[k].credit > 0)
				break;  /* the bill is settled */
			k++;
		}
	}
out:
	free(own);
	free(pays);
	return rc;
}

/* ---- pay ------------------------------------------------------------------- */

static void
receipt_format(char *buf, size_t n, const char *scope, int64_t year, int64_t no)
{
	snprintf(buf, n, "%s-%04lld-%06lld", scope, (long long)year, (long long)no);
}

/* res for payment pid as it stands. */
static int
pay_get(pm_ctx *ctx, int64_t pid, pm_pay_result *res, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = pm_db_prepare(ctx->db, "SELECT y.amount, t.seq_scope, t.seq_year, t.seq_no, "
	    "EXISTS (SELECT 1 FROM payment_void v WHERE v.payment_id = y.id), "
	    "(SELECT -coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.ref = 'P' || y.id "
	    "AND p.account_id = a.id), "
	    "(SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p JOIN ledger_txn x "
	    "ON x.id = p.txn_id WHERE p.ref = 'P' || y.id AND p.account_id = a.id "
	    "AND x.kind = 'allocation' AND NOT EXISTS (SELECT 1 FROM ledger_txn r "
	    "WHERE r.reverses = x.id)) "
	    "FROM payment y JOIN ledger_txn t ON t.id = y.entry_id "
	    "JOIN site s ON s.id = y.site_id JOIN unit u ON u.id = y.unit_id "
	    "LEFT JOIN ledger_account a ON a.name = '" PM_FEE_ACC_CREDIT ":' || s.code || ':' "
	    "|| u.code WHERE y.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, pid);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		if (rc < 0)
			return err->status;
		return pm_err_set(err, PM_EX_NOINPUT, _("payment P%lld: no such payment"),
		    (long long)pid);
	}
	res->payment.type = 'P';
	res->payment.n = pid;
	res->amount = pm_stmt_int(st, 0);
	receipt_format(res->receipt, sizeof res->receipt, pm_stmt_text(st, 1), pm_stmt_int(st, 2),
	    pm_stmt_int(st, 3));
	res->voided = (int)pm_stmt_int(st, 4);
	res->credit = pm_stmt_int(st, 5);
	res->allocated = pm_stmt_int(st, 6);
	pm_stmt_free(st);
	return 0;
}

static int
cmp_obill(const void *a, const void *b)
{
	const obill *x = a, *y = b;
	int c = pm_date_cmp(x->due, y->due);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The bills a payment names: the unit's, each once, in due order. */
static int
named_bills(pm_ctx *ctx, const who *w, const pm_id *ids, size_t n, obill **out, size_t *nout,
    pm_err *err)
{
	obill *v;
	size_t i, k, m = 0;
	int rc = 0;

	*out = NULL;
	*nout = 0;
	if ((v = calloc(n, sizeof *v)) == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
	for (i = 0; i < n; i++) {
		pm_stmt *st = NULL;
		int64_t unit;

		for (k = 0; k < m && v[k].id != ids[i].n; k++)
			;
		if (k < m)
			continue;
		if ((rc = pm_db_prepare(ctx->db, "SELECT unit_id, due, date FROM bill WHERE id = ?1",
		    &st, err)) != 0)
			goto out;
		pm_stmt_bind_int(st, 1, ids[i].n);
		if ((rc = pm_stmt_step(st, err)) != 1) {
			pm_stmt_free(st);
			rc = rc < 0 ? err->status : pm_err_field(err, PM_EX_NOINPUT, "for",
			    _("bill B%lld: no such bill"), (long long)ids[i].n);
			goto out;
		}
		unit = pm_stmt_int(st, 0);
		v[m].id = ids[i].n;
		rc = date_of_text(pm_stmt_text(st, 1), &v[m].due, err);
		if (rc == 0)
			rc = date_of_text(pm_stmt_text(st, 2), &v[m].date, err);
		pm_stmt_free(st);
		if (rc != 0)
			goto out;
		if (unit != w->unit_id) {
			rc = pm_err_field(err, PM_EX_DATAERR, "for",
			    _("bill B%lld is not a bill of this unit"), (long long)ids[i].n);
			goto out;
		}
		m++;
	}
	qsort(v, m, sizeof *v, cmp_obill);
out:
	if (rc != 0) {
		free(v);
		return rc;
	}
	*out = v;
	*nout = m;
	return 0;
}

static int
pay_event(pm_ctx *ctx, const who *w, int64_t pid, pm_time at, const pm_pay_in *in,
    const pm_pay_result *res, pm_err *err)
{
	char id[24];
	pm_buf a;
	pm_json j;
	int rc;

	pm_buf_init(&a);
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "site", w->site);
	pm_json_s(&j, "unit", w->unit);
	pm_json_i(&j, "amount_fen", in->amount);
	pm_json_s(&j, "method", in->method);
	pm_json_s(&j, "ref", in->ref);
	pm_json_s(&j, "receipt", res->receipt);
	pm_json_i(&j, "allocated_fen", res->allocated);
	pm_json_i(&j, "credit_fen", res->credit);
	if (in->import_id != 0)
		pm_json_i(&j, "import", in->import_id);
	pm_json_end(&j);
	snprintf(id, sizeof id, "P%lld", (long long)pid);
	if ((rc = pm_audit_log(ctx, "payment", id, "pay", NULL, a.s, err)) == 0)
		rc = pm_timeline_add(ctx, "payment", pid, at, "new", NULL, a.s, err);
	pm_buf_free(&a);
	return rc;
}

int
pm_fee_pay(pm_ctx *ctx, const pm_fee_conf *c, const pm_pay_in *in, pm_pay_result *res,
    pm_err *err)
{
	char pref[REF_MAX], date[16];
	pm_buf cash, q;
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	obill *bills = NULL;
	size_t nbills = 0, nnow = 0, i;
	int64_t pid, entry, seq, avail, used;
	pm_time at = in->has_at ? in->at : ctx->now;
	pm_date d = pm_date_of(at);
	pm_stmt *st = NULL;
	who w;
	int rc;

	memset(res, 0, sizeof *res);
	who_init(&w);
	pm_buf_init(&cash);
	pm_buf_init(&q);
	if (in->amount <= 0 || in->amount > PM_MONEY_MAX) {
		rc = pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount must be above 0"));
		goto out;
	}
	if ((rc = check_method(in->method, err)) != 0)
		goto out;
	if (in->ref != NULL && (*in->ref == '\0' ||
	    (rc = pm_text_check(in->ref, strlen(in->ref), 64, "ref", err)) != 0)) {
		if (rc == 0)
			rc = pm_err_field(err, PM_EX_DATAERR, "ref", _("ref is empty"));
		goto out;
	}
	/* a transaction id is a code: no line break or escape in it */
	for (const char *ch = in->ref; ch != NULL && *ch != '\0'; ch++)
		if ((unsigned char)*ch < 0x20 || *ch == 0x7f) {
			rc = pm_text_fail(err, PM_EX_DATAERR,
			    _("ref %s: control characters are not allowed"), in->ref);
			err->field = "ref";
			goto out;
		}
	if (pm_date_cmp(d, pm_date_of(ctx->now)) > 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "at", _("a payment is not dated after today"));
		goto out;
	}
	if ((rc = who_find(ctx, in->site, in->unit, &w, err)) != 0)
		goto out;

	/* the same transaction again: one payment */
	if (in->ref != NULL) {
		if ((rc = pm_db_prepare(ctx->db, "SELECT id, unit_id, amount FROM payment "
		    "WHERE method = ?1 AND ref = ?2", &st, err)) != 0)
			goto out;
		pm_stmt_bindf(st, "tt", in->method, in->ref);
		if ((rc = pm_stmt_step(st, err)) < 0) {
			rc = err->status;
			goto out;
		}
		if (rc == 1) {
			pid = pm_stmt_int(st, 0);
			if (pm_stmt_int(st, 1) != w.unit_id || pm_stmt_int(st, 2) != in->amount) {
				rc = pm_err_field(err, PM_EX_DATAERR, "ref",
				    _("ref %s records another payment already (P%lld)"),
				    pm_text_quote(&q, in->ref), (long long)pid);
				goto out;
			}
			if ((rc = pay_get(ctx, pid, res, err)) == 0)
				res->existed = 1;
			goto out;
		}
		pm_stmt_free(st);
		st = NULL;
	}
	if (in->nbills > 0)
		rc = named_bills(ctx, &w, in->bills, in->nbills, &bills, &nbills, err);
	else
		rc = open_bills(ctx, &w, &bills, &nbills, err);
	if (rc != 0)
		goto out;

	/* the payment: its receipt number, its money the unit's credit */
	if ((rc = pm_db_get_int(ctx->db, err, &pid, NULL, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM payment", "")) != 0 ||
	    (rc = pm_fee_account(&cash, PM_FEE_ACC_CASH, in->method, NULL, err)) != 0)
		goto out;
	snprintf(pref, sizeof pref, "P%lld", (long long)pid);
	p[0] = (pm_ledger_posting){ cash.s, in->amount, pref };
	p[1] = (pm_ledger_posting){ w.credit.s, -in->amount, pref };
	memset(&e, 0, sizeof e);
	e.kind = "payment";
	e.date = d;
	e.ref = pref;
	e.seq_scope = w.site;
	e.post = p;
	e.npost = 2;
	if ((rc = pm_ledger_post(ctx, &e, &entry, &seq, err)) != 0)
		goto out;
	pm_date_format(d, date, sizeof date);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO payment (id, site_id, unit_id, amount, "
	    "method, ref, date, at, recorded_at, actor, import_id, entry_id) VALUES (?1, ?2, ?3, "
	    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", "iiiitttiitIi", pid, w.site_id, w.unit_id,
	    in->amount, in->method, in->ref, date, (int64_t)at, (int64_t)ctx->now,
	    ctx->actor.login, in->import_id, entry)) != 0)
		goto out;
	if ((rc = entry_of(ctx, pid, entry, "payment", err)) != 0 ||
	    (rc = account_id(ctx, w.credit.s, &w.credit_id, err)) != 0)
		goto out;

	/* the bills dated by the payment's day in one allocation, later ones
	 * each as credit applied on their own day */
	for (nnow = 0; nnow < nbills && pm_date_cmp(bills[nnow].date, d) <= 0; nnow++)
		;
	if (nnow < nbills) {
		/* keep the due order among the bills of the day: move the later
		 * ones behind (stable) */
		obill *v = malloc(nbills * sizeof *v);
		size_t a = 0, b;

		if (v == NULL) {
			rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
			goto out;
		}
		for (i = 0; i < nbills; i++)
			if (pm_date_cmp(bills[i].date, d) <= 0)
				v[a++] = bills[i];
		nnow = a;
		for (b = 0; b < nbills; b++)
			if (pm_date_cmp(bills[b].date, d) > 0)
				v[a++] = bills[b];
		free(bills);
		bills = v;
	}
	{
		int64_t *ids = NULL;

		if (nnow > 0 && (ids = malloc(nnow * sizeof *ids)) == NULL) {
			rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
			goto out;
		}
		for (i = 0; i < nnow; i++)
			ids[i] = bills[i].id;
		rc = allocate(ctx, c, &w, pid, in->amount, d, ids, nnow, &used, err);
		free(ids);
		if (rc != 0)
			goto out;
	}
	avail = in->amount - used;
	if (avail > 0 && nnow < nbills &&
	    (rc = settle_from_credit(ctx, c, &w, d, pid, bills + nnow, nbills - nnow, NULL,
	    err)) != 0)
		goto out;
	if ((rc = pay_get(ctx, pid, res, err)) != 0)
		goto out;
	(void)seq;
	rc = pay_event(ctx, &w, pid, at, in, res, err);
out:
	pm_stmt_free(st);
	free(bills);
	who_free(&w);
	pm_buf_free(&cash);
	pm_buf_free(&q);
	return rc;
}

/* ---- pay --import ------------------------------------------------------------ */

enum { PI_UNIT, PI_AMOUNT, PI_METHOD, PI_REF, PI_AT, PI_FOR, PI_SITE, PI_N };
static const pm_icol pay_cols[PI_N] = {
	{ "unit", 1 }, { "amount", 1 }, { "method", 1 }, { "ref", 1 }, { "at", 0 }, { "for", 0 },
	{ "site", 0 },
};

struct pay_import {
	const pm_fee_conf *c;
	const char *site;
	int64_t import_id;
	char first[16], last[16];
};

#define BILLS_MAX 64

static int
import_row(pm_ctx *ctx, const pm_import *imp, void *arg, pm_ichange *change, pm_err *err)
{
	struct pay_import *pi = arg;
	const char *s, *site = pm_import_get(imp, PI_SITE);
	pm_id bills[BILLS_MAX];
	char tok[32], date[16];
	pm_pay_result res;
	pm_pay_in in;
	int rc;

	memset(&in, 0, sizeof in);
	in.site = site != NULL && *site != '\0' ? site : pi->site;
	in.unit = pm_import_get(imp, PI_UNIT);
	in.method = pm_import_get(imp, PI_METHOD);
	in.ref = pm_import_get(imp, PI_REF);
	in.import_id = pi->import_id;
	if (in.ref == NULL || *in.ref == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "ref",
		    _("ref is required in a file (the transaction id)"));
	if ((s = pm_import_get(imp, PI_AMOUNT)) == NULL ||
	    pm_money_parse(s, 0, &in.amount, err) != 0)
		return s == NULL ? pm_err_field(err, PM_EX_DATAERR, "amount",
		    _("the amount is required")) : err->status;
	if ((s = pm_import_get(imp, PI_AT)) != NULL && *s != '\0') {
		if (pm_time_parse(s, ctx->now, &in.at, err) != 0)
			return err->status;
		in.has_at = 1;
	}
	if ((s = pm_import_get(imp, PI_FOR)) != NULL) {
		while (*s != '\0') {
			size_t n = strcspn(s, " ,");

			if (n > 0) {
				if (n >= sizeof tok || in.nbills == BILLS_MAX)
					return pm_text_fail(err, PM_EX_DATAERR,
					    _("for: %s: too long"), s);
				memcpy(tok, s, n);
				tok[n] = '\0';
				if (pm_id_parse(tok, 'B', &bills[in.nbills], err) != 0)
					return PM_EX_DATAERR;
				in.nbills++;
			}
			s += n;
			s += strspn(s, " ,");
		}
		in.bills = bills;
	}
	if ((rc = pm_fee_pay(ctx, pi->c, &in, &res, err)) != 0)
		return rc;
	*change = res.existed ? PM_I_UNCHANGED : PM_I_INSERTED;
	pm_date_format(pm_date_of(in.has_at ? in.at : ctx->now), date, sizeof date);
	if (pi->first[0] == '\0' || strcmp(date, pi->first) < 0)
		snprintf(pi->first, sizeof pi->first, "%s", date);
	if (strcmp(date, pi->last) > 0)
		snprintf(pi->last, sizeof pi->last, "%s", date);
	return 0;
}

int
pm_fee_pay_import(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *path,
    pm_ifmt fmt, pm_icounts *counts, int64_t *import_id, pm_err *err)
{
	struct pay_import pi;
	char id[24], after[160];
	int rc;

	memset(&pi, 0, sizeof pi);
	memset(counts, 0, sizeof *counts);
	pi.c = c;
	pi.site = site;
	if ((rc = pm_db_get_int(ctx->db, err, &pi.import_id, NULL, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM pay_import", "")) != 0 ||
	    (rc = pm_import_run(ctx, path, fmt, pay_cols, PI_N, import_row, &pi, counts,
	    err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO pay_import (id, at, actor, rows, new, "
	    "first_date, last_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", "iitiiTT", pi.import_id,
	    (int64_t)ctx->now, ctx->actor.login, (int64_t)counts->rows,
	    (int64_t)counts->inserted, pi.first, pi.last)) != 0)
		return rc;
	if (import_id != NULL)
		*import_id = pi.import_id;
	snprintf(id, sizeof id, "%lld", (long long)pi.import_id);
	snprintf(after, sizeof after, "{\"rows\":%ld,\"new\":%ld,\"first_date\":%s%s%s,"
	    "\"last_date\":%s%s%s}", counts->rows, counts->inserted,
	    pi.first[0] ? "\"" : "", pi.first[0] ? pi.first : "null", pi.first[0] ? "\"" : "",
	    pi.last[0] ? "\"" : "", pi.last[0] ? pi.last : "null", pi.last[0] ? "\"" : "");
	return pm_audit_log(ctx, "pay_import", id, "import", NULL, after, err);
}

/* ---- credit --------------------------------------------------------------------- */

/* Each unit holding credit (of site, NULL: all): fn(arg, site, unit, credit),
 * from the credit accounts (only units that ever paid have one). */
static int
each_credit(pm_ctx *ctx, const char *site, int (*fn)(void *arg, const char *site,
    const char *unit, int64_t credit), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_buf pat;
	size_t skip = strlen(PM_FEE_ACC_CREDIT ":");
	int rc;

	pm_buf_init(&pat);
	pm_buf_adds(&pat, PM_FEE_ACC_CREDIT ":");
	if (site != NULL) {
		pm_buf_adds(&pat, site);
		pm_buf_addc(&pat, ':');
	}
	pm_buf_addc(&pat, '*');
	if ((rc = pm_db_prepare(ctx->db, "SELECT a.name, -(SELECT sum(p.amount) FROM ledger_posting p "
	    "WHERE p.account_id = a.id) AS credit FROM ledger_account a WHERE a.name GLOB ?1 "
	    "AND credit > 0 ORDER BY a.name", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, pat.s);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		char s[PM_LEDGER_ACCOUNT_MAX + 1], *colon;

		snprintf(s, sizeof s, "%s", pm_stmt_text(st, 0) + skip);
		if ((colon = strchr(s, ':')) == NULL)
			continue;
		*colon = '\0';
		if ((rc = fn(arg, s, colon + 1, pm_stmt_int(st, 1))) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
out:
	pm_stmt_free(st);
	pm_buf_free(&pat);
	return rc;
}

struct unit_list {
	char (*v)[2][64];
	size_t n, cap;
};

static int
collect_unit(void *arg, const char *site, const char *unit, int64_t credit)
{
	struct unit_list *l = arg;

	(void)credit;
	if (l->n == l->cap) {
		char (*nv)[2][64];

		l->cap = l->cap ? l->cap * 2 : 64;
		if ((nv = realloc(l->v, l->cap * sizeof *nv)) == NULL)
			return -1;
		l->v = nv;
	}
	snprintf(l->v[l->n][0], 64, "%s", site);
	snprintf(l->v[l->n][1], 64, "%s", unit);
	l->n++;
	return 0;
}

int
pm_fee_credit_apply(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *unit,
    int64_t *applied, pm_err *err)
{
	struct unit_list l = { NULL, 0, 0 };
	int64_t sum = 0;
	pm_date today = pm_date_of(ctx->now);
	size_t i;
	who w;
	int rc;

	if (applied != NULL)
		*applied = 0;
	if (unit != NULL) {
		who_init(&w);
		if ((rc = who_find(ctx, site, unit, &w, err)) == 0)
			rc = settle_from_credit(ctx, c, &w, today, 0, NULL, 0, &sum, err);
		who_free(&w);
		goto out;
	}
	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, &(int64_t){ 0 }, err)) != 0)
		return rc;
	/* the units first, then the writes: no statement open over the journal */
	if ((rc = each_credit(ctx, site, collect_unit, &l, err)) != 0) {
		if (rc == -1)
			rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
		goto out;
	}
	for (i = 0; i < l.n; i++) {
		who_init(&w);
		if ((rc = who_find(ctx, l.v[i][0], l.v[i][1], &w, err)) == 0)
			rc = settle_from_credit(ctx, c, &w, today, 0, NULL, 0, &sum, err);
		who_free(&w);
		if (rc != 0)
			goto out;
	}
out:
	free(l.v);
	if (rc == 0 && applied != NULL)
		*applied = sum;
	return rc;
}

int
pm_fee_credit_apply_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_id b, pm_err *err)
{
	int rc;
	who w;

	who_init(&w);
	if ((rc = bill_of(ctx, c, b.n, pm_date_of(ctx->now), NULL, &w, NULL, err)) == 0)
		rc = settle_from_credit(ctx, c, &w, pm_date_of(ctx->now), 0, NULL, 0, NULL, err);
	who_free(&w);
	return rc;
}

struct credit_each {
	pm_ctx *ctx;
	int (*fn)(void *arg, const pm_credit_row *r);
	void *arg;
	pm_err *err;
};

static int
credit_row(void *arg, const char *site, const char *unit, int64_t credit)
{
	struct credit_each *x = arg;
	pm_credit_row r;
	int64_t n = 0;
	int rc;

	/* the payments it is left from */
	if ((rc = pm_db_get_int(x->ctx->db, x->err, &n, NULL, "SELECT count(*) FROM payment y "
	    "JOIN unit u ON u.id = y.unit_id JOIN site s ON s.id = u.site_id "
	    "JOIN ledger_account a ON a.name = '" PM_FEE_ACC_CREDIT ":' || s.code || ':' || u.code "
	    "WHERE s.code = ?1 AND u.code = ?2 AND (SELECT coalesce(sum(p.amount), 0) "
	    "FROM ledger_posting p WHERE p.ref = 'P' || y.id AND p.account_id = a.id) < 0",
	    "tt", site, unit)) != 0)
		return rc;
	r.site = site;
	r.unit = unit;
	r.credit = credit;
	r.payments = n;
	return x->fn(x->arg, &r);
}

int
pm_fee_credit_list(pm_ctx *ctx, const char *site, const char *unit,
    int (*fn)(void *arg, const pm_credit_row *r), void *arg, pm_err *err)
{
	struct credit_each x = { ctx, fn, arg, err };
	int64_t bal;
	who w;
	int rc;

	if (unit == NULL)
		return each_credit(ctx, site, credit_row, &x, err);
	who_init(&w);
	if ((rc = who_find(ctx, site, unit, &w, err)) == 0 &&
	    (rc = pm_ledger_balance(ctx, w.credit.s, NULL, &bal, err)) == 0 && bal < 0)
		rc = credit_row(&x, w.site, w.unit, -bal);
	who_free(&w);
	return rc;
}

/* ---- reverse, refund, waive ---------------------------------------------------- */

int
pm_fee_pay_reverse(pm_ctx *ctx, pm_id p, const char *reason, pm_err *err)
{
	int64_t *ids = NULL, unit = 0, x;
	size_t n = 0, cap = 0, i;
	pm_date d = pm_date_of(ctx->now), ed;
	char id[24], date[16], memo[40];
	pm_stmt *st = NULL;
	pm_buf a;
	pm_json j;
	int found, rc;

	pm_buf_init(&a);
	snprintf(id, sizeof id, "P%lld", (long long)p.n);
	if ((rc = check_reason(reason, err)) != 0)
		goto out;
	if ((rc = pm_db_get_int(ctx->db, err, &unit, &found, "SELECT unit_id FROM payment "
	    "WHERE id = ?1", "i", p.n)) != 0)
		goto out;
	if (!found) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("payment %s: no such payment"), id);
		goto out;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &x, &found, "SELECT 1 FROM payment_void "
	    "WHERE payment_id = ?1", "i", p.n)) != 0)
		goto out;
	if (found) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("payment %s is reversed already"), id);
		goto out;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &x, &found, "SELECT 1 FROM payment_entry "
	    "WHERE payment_id = ?1 AND role = 'refund'", "i", p.n)) != 0)
		goto out;
	if (found) {
		rc = pm_text_fail(err, PM_EX_DATAERR,
		    _("payment %s: a refund drew on it; it cannot be reversed"), id);
		goto out;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &x, &found, "SELECT fw.bill_id FROM payment_entry pe "
	    "JOIN ledger_posting lp ON lp.txn_id = pe.entry_id JOIN fee_waiver fw "
	    "ON fw.kind = 'late' AND fw.entry_id > pe.entry_id AND lp.ref GLOB 'B' || fw.bill_id "
	    "|| '.*' WHERE pe.payment_id = ?1 LIMIT 1", "i", p.n)) != 0)
		goto out;
	if (found) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("payment %s: the late fee of bill B%lld it "
		    "settled was waived since; it cannot be reversed"), id, (long long)x);
		goto out;
	}
	/* its entries not reversed yet, newest first; the reversal is dated
	 * today or the latest of them */
	if ((rc = pm_db_prepare(ctx->db, "SELECT pe.entry_id, t.date FROM payment_entry pe "
	    "JOIN ledger_txn t ON t.id = pe.entry_id WHERE pe.payment_id = ?1 AND "
	    "NOT EXISTS (SELECT 1 FROM ledger_txn r WHERE r.reverses = t.id) "
	    "ORDER BY pe.entry_id DESC", &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, p.n);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if ((rc = grow(&ids, &cap, n, sizeof *ids, err)) != 0)
			goto out;
		ids[n++] = pm_stmt_int(st, 0);
		if ((rc = date_of_text(pm_stmt_text(st, 1), &ed, err)) != 0)
			goto out;
		d = date_max(d, ed);
	}
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	pm_stmt_free(st);
	st = NULL;
	snprintf(memo, sizeof memo, "void %s", id);
	for (i = 0; i < n; i++)
		if ((rc = pm_ledger_reverse(ctx, ids[i], d, memo, NULL, err)) != 0)
			goto out;
	pm_date_format(d, date, sizeof date);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO payment_void (payment_id, date, at, actor, "
	    "reason) VALUES (?1, ?2, ?3, ?4, ?5)", "ititt", p.n, date, (int64_t)ctx->now,
	    ctx->actor.login, reason)) != 0)
		goto out;
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "date", date);
	pm_json_s(&j, "reason", reason);
	pm_json_i(&j, "entries", (int64_t)n);
	pm_json_end(&j);
	if ((rc = pm_audit_log(ctx, "payment", id, "reverse", NULL, a.s, err)) == 0)
		rc = pm_timeline_add(ctx, "payment", p.n, ctx->now, "reverse", reason, a.s, err);
out:
	pm_stmt_free(st);
	free(ids);
	pm_buf_free(&a);
	return rc;
}

int
pm_fee_refund(pm_ctx *ctx, const pm_refund_in *in, int64_t *id, pm_err *err)
{
	pm_date d = pm_date_of(ctx->now);
	char date[16], held[48], pref[REF_MAX], rid[24];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	pm_buf cash, a;
	cpay *pays = NULL;
	size_t np = 0, i;
	int64_t bal, rest, entry, rfid;
	pm_json j;
	who w;
	int rc;

	*id = 0;
	who_init(&w);
	pm_buf_init(&cash);
	pm_buf_init(&a);
	if (in->amount <= 0 || in->amount > PM_MONEY_MAX) {
		rc = pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount must be above 0"));
		goto out;
	}
	if ((rc = check_method(in->method, err)) != 0 || (rc = check_reason(in->reason, err)) != 0 ||
	    (rc = who_find(ctx, in->site, in->unit, &w, err)) != 0 ||
	    (rc = pm_fee_account(&cash, PM_FEE_ACC_CASH, in->method, NULL, err)) != 0 ||
	    (rc = pm_ledger_balance(ctx, w.credit.s, NULL, &bal, err)) != 0)
		goto out;
	bal = -bal;
	if (in->amount > bal) {
		pm_money_format(bal > 0 ? bal : 0, 0, held, sizeof held);
		rc = pm_err_field(err, PM_EX_DATAERR, "amount",
		    _("unit %s holds %s of credit: a refund never goes beyond it"), w.unit, held);
		goto out;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &rfid, NULL, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM refund", "")) != 0 ||
	    (rc = credit_payments(ctx, &w, 0, &pays, &np, err)) != 0)
		goto out;
	pm_date_format(d, date, sizeof date);
	rest = in->amount;
	for (i = 0; i < np && rest > 0; i++) {
		int64_t x = pays[i].credit < rest ? pays[i].credit : rest;

		snprintf(pref, sizeof pref, "P%lld", (long long)pays[i].id);
		p[0] = (pm_ledger_posting){ w.credit.s, x, pref };
		p[1] = (pm_ledger_posting){ cash.s, -x, pref };
		memset(&e, 0, sizeof e);
		e.kind = "refund";
		e.date = date_max(d, pays[i].date);
		e.ref = pref;
		e.post = p;
		e.npost = 2;
		if ((rc = pm_ledger_post(ctx, &e, &entry, NULL, err)) != 0 ||
		    (rc = entry_of(ctx, pays[i].id, entry, "refund", err)) != 0)
			goto out;
		rest -= x;
	}
	if (rest != 0) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("fee: the credit is not held by payments"));
		goto out;
	}
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO refund (id, site_id, unit_id, amount, method, "
	    "date, at, actor, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", "iiiittitt",
	    rfid, w.site_id, w.unit_id, in->amount, in->method, date, (int64_t)ctx->now,
	    ctx->actor.login, in->reason)) != 0)
		goto out;
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "site", w.site);
	pm_json_s(&j, "unit", w.unit);
	pm_json_i(&j, "amount_fen", in->amount);
	pm_json_s(&j, "method", in->method);
	pm_json_s(&j, "reason", in->reason);
	pm_json_end(&j);
	snprintf(rid, sizeof rid, "%lld", (long long)rfid);
	if ((rc = pm_audit_log(ctx, "refund", rid, "refund", NULL, a.s, err)) != 0 ||
	    (rc = pm_timeline_add(ctx, "refund", rfid, ctx->now, "new", in->reason, a.s, err)) != 0)
		goto out;
	*id = rfid;
out:
	free(pays);
	who_free(&w);
	pm_buf_free(&cash);
	pm_buf_free(&a);
	return rc;
}

int
pm_fee_waive(pm_ctx *ctx, const pm_fee_conf *c, pm_id b, int late, int64_t amount,
    const char *reason, int64_t *id, int64_t *waived, pm_err *err)
{
	pm_date d = pm_date_of(ctx->now);
	char bid[24], date[16], lref[REF_MAX];
	pm_ledger_posting *post = NULL;
	char (*refs)[REF_MAX] = NULL;
	pm_buf *inc = NULL;
	pm_ledger_entry e;
	int64_t entry = 0, x = 0, wid;
	size_t np = 0, i;
	bstate bs;
	pm_buf a;
	pm_json j;
	who w;
	int rc, loaded = 0;

	memset(&bs, 0, sizeof bs);
	*id = 0;
	*waived = 0;
	who_init(&w);
	pm_buf_init(&a);
	snprintf(bid, sizeof bid, "B%lld", (long long)b.n);
	if ((rc = check_reason(reason, err)) != 0)
		goto out;
	if (!late && (amount <= 0 || amount > PM_MONEY_MAX)) {
		rc = pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount must be above 0"));
		goto out;
	}
	if ((rc = bill_of(ctx, c, b.n, d, NULL, &w, &bs, err)) != 0)
		goto out;
	loaded = 1;
	if (late && bs.frozen) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("bill %s: its late fee is waived already"), bid);
		goto out;
	}
	if (!late && amount > bs.left) {
		char left[48];

		pm_money_format(bs.left, 0, left, sizeof left);
		rc = pm_err_field(err, PM_EX_DATAERR, "amount",
		    _("bill %s has %s of principal left: a waiver never goes beyond it"), bid, left);
		goto out;
	}
	if ((post = calloc(2 * (bs.nlines + 1), sizeof *post)) == NULL ||
	    (refs = calloc(bs.nlines + 1, sizeof *refs)) == NULL ||
	    (inc = calloc(bs.nlines + 1, sizeof *inc)) == NULL) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
		goto out;
	}
	for (i = 0; i <= bs.nlines; i++)
		pm_buf_init(&inc[i]);
	if (late) {
		/* fixed as of today, then all of it unpaid waived */
		if (bs.accrue > 0 && (rc = post_accrual(ctx, &w, b.n, bs.accrue, d, 0, err)) != 0)
			goto out;
		x = bstate_late(&bs);
		snprintf(lref, sizeof lref, "B%lld.L", (long long)b.n);
		if (x > 0) {
			post[0] = (pm_ledger_posting){ PM_FEE_ACC_LATE, x, lref };
			post[1] = (pm_ledger_posting){ w.recv.s, -x, lref };
			np = 2;
		}
	} else {
		int64_t rest = amount;

		for (i = 0; i < bs.nlines && rest > 0; i++) {
			bline *l = &bs.lines[i];
			int64_t take;

			if (l->amount <= 0 || l->left <= 0)
				continue;
			take = l->left < rest ? l->left : rest;
			snprintf(refs[i], REF_MAX, "B%lld.%lld", (long long)b.n, (long long)l->n);
			if ((rc = pm_fee_account(&inc[i], PM_FEE_ACC_INCOME, l->item, NULL, err)) != 0)
				goto out;
			post[np++] = (pm_ledger_posting){ inc[i].s, take, refs[i] };
			post[np++] = (pm_ledger_posting){ w.recv.s, -take, refs[i] };
			rest -= take;
		}
		x = amount;
	}
	if (np > 0) {
		memset(&e, 0, sizeof e);
		e.kind = "waiver";
		e.date = d;
		e.ref = bid;
		e.post = post;
		e.npost = np;
		if ((rc = pm_ledger_post(ctx, &e, &entry, NULL, err)) != 0)
			goto out;
	}
	pm_date_format(d, date, sizeof date);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO fee_waiver (bill_id, kind, amount, date, at, "
	    "actor, reason, entry_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "ititittI", b.n,
	    late ? "late" : "amount", x, date, (int64_t)ctx->now, ctx->actor.login, reason,
	    entry)) != 0)
		goto out;
	wid = pm_db_last_id(ctx->db);
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "waiver", wid);
	pm_json_s(&j, "kind", late ? "late" : "amount");
	pm_json_i(&j, "amount_fen", x);
	pm_json_s(&j, "date", date);
	pm_json_s(&j, "reason", reason);
	pm_json_end(&j);
	if ((rc = pm_audit_log(ctx, "bill", bid, "waive", NULL, a.s, err)) != 0 ||
	    (rc = pm_timeline_add(ctx, "bill", b.n, ctx->now, "waive", reason, a.s, err)) != 0)
		goto out;
	*id = wid;
	*waived = x;
out:
	if (inc != NULL)
		for (i = 0; i <= bs.nlines; i++)
			pm_buf_free(&inc[i]);
	free(inc);
	free(post);
	free(refs);
	if (loaded)
		bstate_free(&bs);
	who_free(&w);
	pm_buf_free(&a);
	return rc;
}

/* ---- reading -------------------------------------------------------------------- */

const pm_col pm_fee_payment_cols[PM_PC_N] = {
	{ "payment", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "receipt", PM_C_TEXT, 24, 0, 0 },
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, 0 },
	{ "date", PM_C_TEXT, 10, 0, 0 },
	{ "method", PM_C_TEXT, 6, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "allocated_fen", PM_C_MONEY, 0, 0, 0 },
	{ "credit_fen", PM_C_MONEY, 0, 0, 0 },
	{ "ref", PM_C_TEXT, 24, 0, 0 },
	{ "void", PM_C_BOOL, 0, 0, 0 },
};

int
pm_fee_payment_list(pm_ctx *ctx, const pm_pay_filter *f,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_cell cells[PM_PC_N];
	char pid[24], receipt[PM_PAY_RECEIPT_MAX], since[16];
	pm_buf q;
	int k = 0, rc;

	pm_buf_init(&q);
	pm_buf_adds(&q, "SELECT y.id, t.seq_scope, t.seq_year, t.seq_no, s.code, u.code, y.date, "
	    "y.method, y.amount, "
	    "(SELECT coalesce(sum(p.amount), 0) FROM ledger_posting p JOIN ledger_txn x "
	    "ON x.id = p.txn_id WHERE p.ref = 'P' || y.id AND p.account_id = a.id "
	    "AND x.kind = 'allocation' AND NOT EXISTS (SELECT 1 FROM ledger_txn r "
	    "WHERE r.reverses = x.id)), "
	    "(SELECT -coalesce(sum(p.amount), 0) FROM ledger_posting p WHERE p.ref = 'P' || y.id "
	    "AND p.account_id = a.id), y.ref, "
	    "EXISTS (SELECT 1 FROM payment_void v WHERE v.payment_id = y.id) "
	    "FROM payment y JOIN ledger_txn t ON t.id = y.entry_id "
	    "JOIN site s ON s.id = y.site_id JOIN unit u ON u.id = y.unit_id "
	    "LEFT JOIN ledger_account a ON a.name = '" PM_FEE_ACC_CREDIT ":' || s.code || ':' "
	    "|| u.code WHERE 1 = 1");
	/* the conditions in the order they are bound */
	if (f->one != 0)
		pm_buf_addf(&q, " AND y.id = ?%d", ++k);
	if (f->site != NULL)
		pm_buf_addf(&q, " AND s.code = ?%d", ++k);
	if (f->unit != NULL)
		pm_buf_addf(&q, " AND u.code = ?%d", ++k);
	if (f->method != NULL)
		pm_buf_addf(&q, " AND y.method = ?%d", ++k);
	if (f->has_since)
		pm_buf_addf(&q, " AND y.date >= ?%d", ++k);
	pm_buf_adds(&q, " ORDER BY y.date, y.id");
	if ((rc = pm_db_prepare(ctx->db, q.s, &st, err)) != 0)
		goto out;
	k = 0;
	if (f->one != 0)
		pm_stmt_bind_int(st, ++k, f->one);
	if (f->site != NULL)
		pm_stmt_bind_text(st, ++k, f->site);
	if (f->unit != NULL)
		pm_stmt_bind_text(st, ++k, f->unit);
	if (f->method != NULL)
		pm_stmt_bind_text(st, ++k, f->method);
	if (f->has_since) {
		pm_date_format(f->since, since, sizeof since);
		pm_stmt_bind_text(st, ++k, since);
	}
	while ((rc = pm_stmt_step(st, err)) == 1) {
		memset(cells, 0, sizeof cells);
		snprintf(pid, sizeof pid, "P%lld", (long long)pm_stmt_int(st, 0));
		receipt_format(receipt, sizeof receipt, pm_stmt_text(st, 1), pm_stmt_int(st, 2),
		    pm_stmt_int(st, 3));
		cells[PM_PC_PAYMENT].s = pid;
		cells[PM_PC_PAYMENT].i = pm_stmt_int(st, 0);
		cells[PM_PC_RECEIPT].s = receipt;
		cells[PM_PC_SITE].s = pm_stmt_text(st, 4);
		cells[PM_PC_UNIT].s = pm_stmt_text(st, 5);
		cells[PM_PC_DATE].s = pm_stmt_text(st, 6);
		cells[PM_PC_METHOD].s = pm_stmt_text(st, 7);
		cells[PM_PC_AMOUNT].i = pm_stmt_int(st, 8);
		cells[PM_PC_ALLOCATED].i = pm_stmt_int(st, 9);
		cells[PM_PC_CREDIT].i = pm_stmt_int(st, 10);
		cells[PM_PC_REF].null = pm_stmt_null(st, 11);
		cells[PM_PC_REF].s = pm_stmt_text(st, 11);
		cells[PM_PC_VOID].i = pm_stmt_int(st, 12);
		if ((rc = fn(arg, cells)) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
out:
	pm_stmt_free(st);
	pm_buf_free(&q);
	return rc;
}

const pm_col pm_fee_pay_alloc_cols[PM_PA_N] = {
	{ "target", PM_C_ID, 20, 0, PM_COL_KEY },
	{ "date", PM_C_TEXT, 10, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "reversed", PM_C_BOOL, 0, 0, 0 },
};

int
pm_fee_payment_allocs(pm_ctx *ctx, pm_id p, int (*fn)(void *arg, const pm_cell *cells),
    void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_cell cells[PM_PA_N];
	int64_t x;
	int found, rc;

	if ((rc = pm_db_get_int(ctx->db, err, &x, &found, "SELECT 1 FROM payment WHERE id = ?1", "i",
	    p.n)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("payment P%lld: no such payment"),
		    (long long)p.n);
	if ((rc = pm_db_prepare(ctx->db, "SELECT lp.ref, t.date, -lp.amount, EXISTS (SELECT 1 "
	    "FROM ledger_txn r WHERE r.reverses = t.id) FROM payment_entry pe "
	    "JOIN ledger_txn t ON t.id = pe.entry_id JOIN ledger_posting lp ON lp.txn_id = t.id "
	    "WHERE pe.payment_id = ?1 AND pe.role = 'allocation' AND lp.amount < 0 "
	    "ORDER BY t.id, lp.id", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, p.n);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		memset(cells, 0, sizeof cells);
		cells[PM_PA_TARGET].s = pm_stmt_text(st, 0);
		cells[PM_PA_DATE].s = pm_stmt_text(st, 1);
		cells[PM_PA_AMOUNT].i = pm_stmt_int(st, 2);
		cells[PM_PA_REVERSED].i = pm_stmt_int(st, 3);
		if ((rc = fn(arg, cells)) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
	pm_stmt_free(st);
	return rc;
}

const pm_col pm_fee_bill_cols[PM_BC_N] = {
	{ "bill", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, 0 },
	{ "period", PM_C_TEXT, 7, 0, 0 },
	{ "date", PM_C_TEXT, 10, 0, 0 },
	{ "due", PM_C_TEXT, 10, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "left_fen", PM_C_MONEY, 0, 0, 0 },
	{ "late_fee_fen", PM_C_MONEY, 0, 0, 0 },
	{ "paid", PM_C_BOOL, 0, 0, 0 },
};

int
pm_fee_bill_list(pm_ctx *ctx, const pm_fee_conf *c, const pm_bill_filter *f,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_date today = pm_date_of(ctx->now);
	pm_stmt *st = NULL;
	pm_cell cells[PM_BC_N];
	char bid[24];
	pm_buf q;
	who w;
	int k = 0, rc;

	who_init(&w);
	pm_buf_init(&q);
	pm_buf_adds(&q, "SELECT b.id, s.code, u.code, b.period, b.date, b.due, "
	    "(SELECT sum(l.amount) FROM bill_line l WHERE l.bill_id = b.id), b.unit_id "
	    "FROM bill b JOIN site s ON s.id = b.site_id JOIN unit u ON u.id = b.unit_id "
	    "WHERE 1 = 1");
	if (f->one != 0)
		pm_buf_addf(&q, " AND b.id = ?%d", ++k);
	if (f->site != NULL)
		pm_buf_addf(&q, " AND s.code = ?%d", ++k);
	if (f->unit != NULL)
		pm_buf_addf(&q, " AND u.code = ?%d", ++k);
	pm_buf_adds(&q, " ORDER BY b.id");
	if ((rc = pm_db_prepare(ctx->db, q.s, &st, err)) != 0)
		goto out;
	k = 0;
	if (f->one != 0)
		pm_stmt_bind_int(st, ++k, f->one);
	if (f->site != NULL)
		pm_stmt_bind_text(st, ++k, f->site);
	if (f->unit != NULL)
		pm_stmt_bind_text(st, ++k, f->unit);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		bstate bs;
		int64_t late;
		int paid;

		if (pm_stmt_int(st, 7) != w.unit_id && (rc = who_ids(ctx, pm_stmt_int(st, 7), &w,
		    err)) != 0)
			break;
		if ((rc = bstate_load(ctx, c, &w, pm_stmt_int(st, 0), today, NULL, &bs, err)) != 0)
			break;
		late = bstate_late(&bs);
		paid = bs.left == 0 && bs.fixed_unpaid <= 0;
		bstate_free(&bs);
		if (f->unpaid && paid)
			continue;
		memset(cells, 0, sizeof cells);
		snprintf(bid, sizeof bid, "B%lld", (long long)pm_stmt_int(st, 0));
		cells[PM_BC_BILL].s = bid;
		cells[PM_BC_BILL].i = pm_stmt_int(st, 0);
		cells[PM_BC_SITE].s = pm_stmt_text(st, 1);
		cells[PM_BC_UNIT].s = pm_stmt_text(st, 2);
		cells[PM_BC_PERIOD].s = pm_stmt_text(st, 3);
		cells[PM_BC_DATE].s = pm_stmt_text(st, 4);
		cells[PM_BC_DUE].s = pm_stmt_text(st, 5);
		cells[PM_BC_AMOUNT].i = pm_stmt_int(st, 6);
		cells[PM_BC_LEFT].i = bs.left;
		cells[PM_BC_LATE].i = late;
		cells[PM_BC_PAID].i = paid;
		if ((rc = fn(arg, cells)) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
	else if (rc == 0 && f->one != 0 && w.unit_id == 0)
		rc = pm_err_set(err, PM_EX_NOINPUT, _("bill B%lld: no such bill"), (long long)f->one);
out:
	pm_stmt_free(st);
	pm_buf_free(&q);
	who_free(&w);
	return rc;
}

const pm_col pm_fee_bill_line_cols[PM_BL_N] = {
	{ "line", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "item", PM_C_TEXT, 12, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "left_fen", PM_C_MONEY, 0, 0, 0 },
};

int
pm_fee_bill_lines(pm_ctx *ctx, const pm_fee_conf *c, pm_id b,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_cell cells[PM_BL_N];
	char ref[REF_MAX];
	size_t i;
	bstate bs;
	who w;
	int rc;

	who_init(&w);
	if ((rc = bill_of(ctx, c, b.n, pm_date_of(ctx->now), NULL, &w, &bs, err)) != 0)
		goto out;
	for (i = 0; i <= bs.nlines && rc == 0; i++) {
		memset(cells, 0, sizeof cells);
		if (i < bs.nlines) {
			snprintf(ref, sizeof ref, "B%lld.%lld", (long long)b.n,
			    (long long)bs.lines[i].n);
			cells[PM_BL_ITEM].s = bs.lines[i].item;
			cells[PM_BL_AMOUNT].i = bs.lines[i].amount;
			cells[PM_BL_LEFT].i = bs.lines[i].left;
		} else {
			/* the late fee: what is fixed and accrued as of today, and unpaid */
			if (bs.fixed + bs.accrue == 0)
				break;
			snprintf(ref, sizeof ref, "B%lld.L", (long long)b.n);
			cells[PM_BL_ITEM].s = PM_FEE_ACC_LATE;
			cells[PM_BL_AMOUNT].i = bs.fixed + bs.accrue;
			cells[PM_BL_LEFT].i = bstate_late(&bs);
		}
		cells[PM_BL_LINE].s = ref;
		rc = fn(arg, cells);
	}
	bstate_free(&bs);
out:
	who_free(&w);
	return rc;
}

int
pm_fee_bill_state(pm_ctx *ctx, const pm_fee_conf *c, int64_t bill, const pm_date *asof,
    pm_bill_state *out, pm_err *err)
{
	bstate bs;
	who w;
	int rc;

	memset(out, 0, sizeof *out);
	who_init(&w);
	if ((rc = bill_of(ctx, c, bill, asof != NULL ? *asof : pm_date_of(ctx->now), asof, &w, &bs,
	    err)) != 0)
		goto out;
	out->due = bs.due;
	out->date = bs.date;
	out->principal = bs.principal;
	out->left = bs.left;
	out->late_fixed = bs.fixed;
	out->late_unpaid = bs.fixed_unpaid;
	out->late = bstate_late(&bs);
	out->paid = bs.left == 0 && bs.fixed_unpaid <= 0;
	out->frozen = bs.frozen;
	out->frozen_at = bs.frozen_at;
	bstate_free(&bs);
out:
	who_free(&w);
	return rc;
}

/* ---- hooks and permissions ---------------------------------------------------- */

/* The unit's current owner, masked unless clear (a receipt hook may
 * message them). */
static int
hook_owner(pm_ctx *ctx, int64_t unit, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT name, phone FROM occupant WHERE unit_id = ?1 "
	    "AND role = 'owner' AND move_out IS NULL ORDER BY move_in, id LIMIT 1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, unit);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_mask_json(j, "owner", clear ? PM_PII_NONE : PM_PII_NAME, pm_stmt_text(st, 0));
		pm_mask_json(j, "phone", clear ? PM_PII_NONE : PM_PII_PHONE,
		    pm_stmt_null(st, 1) ? NULL : pm_stmt_text(st, 1));
	} else {
		pm_json_null(j, "owner");
		pm_json_null(j, "phone");
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

/*
 * The record's fields from sql (bound to id): its first column the
 * unit's id (for the owner), the others members named as the columns,
 * "_fen" ones as integers, the rest as text.
 */
static int
hook_fields(pm_ctx *ctx, const char *sql, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t unit;
	int i, rc;

	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : 0;
	}
	unit = pm_stmt_int(st, 0);
	for (i = 1; i < pm_stmt_ncol(st); i++) {
		const char *k = pm_stmt_colname(st, i);
		size_t n = strlen(k);

		if (pm_stmt_null(st, i))
			pm_json_null(j, k);
		else if (n > 4 && strcmp(k + n - 4, "_fen") == 0)
			pm_json_i(j, k, pm_stmt_int(st, i));
		else
			pm_json_s(j, k, pm_stmt_text(st, i));
	}
	pm_stmt_free(st);
	return hook_owner(ctx, unit, clear, j, err);
}

static int
hook_payment(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_pay_result r;
	int rc;

	if ((rc = pay_get(ctx, id, &r, err)) != 0)
		return rc == PM_EX_NOINPUT ? 0 : rc;
	pm_json_s(j, "receipt", r.receipt);
	pm_json_i(j, "allocated_fen", r.allocated);
	pm_json_i(j, "credit_fen", r.credit);
	pm_json_b(j, "void", r.voided);
	return hook_fields(ctx, "SELECT y.unit_id, s.code AS site, u.code AS unit, "
	    "y.amount AS amount_fen, y.method AS method, y.ref AS ref, y.date AS date "
	    "FROM payment y JOIN site s ON s.id = y.site_id JOIN unit u ON u.id = y.unit_id "
	    "WHERE y.id = ?1", id, clear, j, err);
}

static int
hook_refund(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	return hook_fields(ctx, "SELECT r.unit_id, s.code AS site, u.code AS unit, "
	    "r.amount AS amount_fen, r.method AS method, r.date AS date FROM refund r "
	    "JOIN site s ON s.id = r.site_id JOIN unit u ON u.id = r.unit_id WHERE r.id = ?1",
	    id, clear, j, err);
}

static int
hook_bill(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	return hook_fields(ctx, "SELECT b.unit_id, s.code AS site, u.code AS unit, "
	    "b.period AS period, b.due AS due, (SELECT sum(l.amount) FROM bill_line l "
	    "WHERE l.bill_id = b.id) AS amount_fen FROM bill b JOIN site s ON s.id = b.site_id "
	    "JOIN unit u ON u.id = b.unit_id WHERE b.id = ?1", id, clear, j, err);
}

const pm_hook_kind pm_fee_payment_hook_kind = { "payment", 'P', hook_payment };
const pm_hook_kind pm_fee_refund_hook_kind = { "refund", 0, hook_refund };
const pm_hook_kind pm_fee_bill_hook_kind = { "bill", 'B', hook_bill };

const pm_perm_name pm_fee_pay_perm_names[] = {
	{ "fee.pay", "record payments and settle bills from credit" },
	{ "fee.reverse", "reverse a payment recorded by mistake (its receipt is voided)" },
	{ "fee.refund", "pay a unit's credit back" },
	{ "fee.waive", "waive a bill's late fee or part of its principal" },
	{ NULL, NULL }
};
