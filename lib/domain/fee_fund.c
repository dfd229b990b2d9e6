/* fee_fund.c — the maintenance fund in custody; see fee_fund.h. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_fund.h"
#include "i18n.h"
#include "json.h"
#include "ledger.h"
#include "money.h"
#include "text.h"
#include "unit.h"

/* The site's id and code (the only active site when code is NULL). */
static int
site_of(pm_ctx *ctx, const char *code, unsigned flags, int64_t *id, char *buf, size_t n,
    pm_err *err)
{
	const char *c;
	int rc;

	if ((rc = pm_unit_site_find(ctx, code, flags, id, err)) != 0)
		return rc;
	c = code != NULL ? code : pm_unit_default_site(ctx, err);
	if (c == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("fund: the site has no code"));
	snprintf(buf, n, "%s", c);
	return 0;
}

static int
move(pm_ctx *ctx, int withdraw, const pm_fund_in *in, pm_fund_result *res, pm_err *err)
{
	char scode[40];
	char ref[32], date[16], last[16], ab[48];
	const char *kind = withdraw ? "withdraw" : "deposit";
	int64_t site_id, next, bal, after;
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	pm_unit_ref u;
	pm_stmt *st = NULL;
	pm_date d;
	pm_buf q, a, fund, custody;
	pm_json j;
	int rc, r, found;

	memset(res, 0, sizeof *res);
	pm_buf_init(&q);
	pm_buf_init(&a);
	pm_buf_init(&fund);
	pm_buf_init(&custody);
	if (in->amount <= 0 || in->amount > PM_MONEY_MAX) {
		rc = pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount must be above 0"));
		goto out;
	}
	if (in->ref != NULL && (rc = pm_text_check(in->ref, strlen(in->ref), 64, "ref", err)) != 0)
		goto out;
	if (in->ref != NULL && *in->ref == '\0') {
		rc = pm_err_field(err, PM_EX_DATAERR, "ref", _("ref is empty"));
		goto out;
	}
	if (withdraw && (in->approval == NULL || *in->approval == '\0')) {
		rc = pm_err_field(err, PM_EX_USAGE, "approval",
		    _("a withdrawal needs its approval (reference and text)"));
		goto out;
	}
	if (withdraw && (rc = pm_text_check(in->approval, strlen(in->approval), 500, "approval",
	    err)) != 0)
		goto out;
	if ((rc = site_of(ctx, in->site, 0, &site_id, scode, sizeof scode, err)) != 0 ||
	    (rc = pm_unit_find(ctx, site_id, in->unit, &u, err)) != 0)
		goto out;
	if ((rc = pm_fee_account(&fund, PM_FEE_ACC_FUND, scode, in->unit, err)) != 0 ||
	    (rc = pm_fee_account(&custody, PM_FEE_ACC_FUND_CASH, scode, NULL, err)) != 0)
		goto out;
	d = pm_date_of(in->has_at ? in->at : ctx->now);
	pm_date_format(d, date, sizeof date);

	/* the same bank transaction again */
	if (in->ref != NULL) {
		if ((rc = pm_db_prepare(ctx->db, "SELECT id, unit_id, kind, amount_fen, txn_id "
		    "FROM fund_move WHERE site_id = ?1 AND ref = ?2", &st, err)) != 0)
			goto out;
		pm_stmt_bindf(st, "it", site_id, in->ref);
		if ((r = pm_stmt_step(st, err)) < 0) {
			rc = err->status;
			goto out;
		}
		if (r == 1) {
			if (pm_stmt_int(st, 1) != u.id || strcmp(pm_stmt_text(st, 2), kind) != 0 ||
			    pm_stmt_int(st, 3) != in->amount) {
				rc = pm_err_field(err, PM_EX_DATAERR, "ref",
				    _("ref %s records another movement already (%lld)"),
				    pm_text_quote(&q, in->ref), (long long)pm_stmt_int(st, 0));
				goto out;
			}
			res->id = pm_stmt_int(st, 0);
			res->entry = pm_stmt_int(st, 4);
			res->existed = 1;
			pm_stmt_free(st);
			st = NULL;
			if ((rc = pm_ledger_balance(ctx, fund.s, NULL, &bal, err)) != 0)
				goto out;
			res->balance = -bal;
			goto out;
		}
		pm_stmt_free(st);
		st = NULL;
	}
	if ((rc = pm_ledger_balance(ctx, fund.s, NULL, &bal, err)) != 0)
		goto out;
	bal = -bal;     /* a liability: credit is what the owners hold */
	if (withdraw) {
		if ((rc = pm_db_get_text(ctx->db, err, last, sizeof last, &found, "SELECT max(date) "
		    "FROM fund_move WHERE unit_id = ?1", "i", u.id)) != 0)
			goto out;
		if (found && last[0] != '\0' && strcmp(date, last) < 0) {
			rc = pm_err_field(err, PM_EX_DATAERR, "at",
			    _("a withdrawal is not dated before the unit's latest movement (%s)"),
			    last);
			goto out;
		}
		if (in->amount > bal) {
			pm_money_format(bal, 0, ab, sizeof ab);
			rc = pm_err_field(err, PM_EX_DATAERR, "amount",
			    _("unit %s holds %s in the fund: a withdrawal never goes beyond it"),
			    in->unit, ab);
			goto out;
		}
		after = bal - in->amount;
	} else if (pm_money_add(bal, in->amount, &after) != 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount is too large"));
		goto out;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &next, NULL, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM fund_move", "")) != 0)
		goto out;
	snprintf(ref, sizeof ref, "fund/%lld", (long long)next);
	p[0] = (pm_ledger_posting){ custody.s, withdraw ? -in->amount : in->amount, NULL };
	p[1] = (pm_ledger_posting){ fund.s, withdraw ? in->amount : -in->amount, NULL };
	memset(&e, 0, sizeof e);
	e.kind = "custody";
	e.date = d;
	e.ref = ref;
	e.memo = withdraw ? in->approval : NULL;
	e.post = p;
	e.npost = 2;
	if ((rc = pm_ledger_post(ctx, &e, &res->entry, NULL, err)) != 0)
		goto out;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO fund_move (id, site_id, unit_id, kind, "
	    "amount_fen, date, ref, approval, txn_id, posted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10)", "iiititTTii", next, site_id, u.id, kind, in->amount, date, in->ref,
	    withdraw ? in->approval : NULL, res->entry, ctx->now)) != 0)
		goto out;
	res->id = next;
	res->balance = after;
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "unit", in->unit);
	pm_json_i(&j, "amount_fen", in->amount);
	pm_json_s(&j, "date", date);
	pm_json_s(&j, "ref", in->ref);
	if (withdraw)
		pm_json_s(&j, "approval", in->approval);
	pm_json_i(&j, "entry", res->entry);
	pm_json_i(&j, "balance_fen", after);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "fund", ref, kind, NULL, a.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&q);
	pm_buf_free(&a);
	pm_buf_free(&fund);
	pm_buf_free(&custody);
	return rc;
}

int
pm_fee_fund_deposit(pm_ctx *ctx, const pm_fund_in *in, pm_fund_result *res, pm_err *err)
{
	return move(ctx, 0, in, res, err);
}

int
pm_fee_fund_withdraw(pm_ctx *ctx, const pm_fund_in *in, pm_fund_result *res, pm_err *err)
{
	return move(ctx, 1, in, res, err);
}

struct each {
	int (*fn)(void *arg, const pm_fund_balance *b);
	void *arg;
	size_t skip;    /* strlen(PM_FEE_ACC_FUND ":") */
};

static int
each_account(void *arg, const char *account, int64_t balance)
{
	struct each *x = arg;
	char site[PM_LEDGER_ACCOUNT_MAX + 1];
	pm_fund_balance b;
	char *colon;

	if (strlen(account) <= x->skip)
		return 0;       /* the parent account itself holds nothing */
	snprintf(site, sizeof site, "%s", account + x->skip);
	if ((colon = strchr(site, ':')) == NULL)
		return 0;
	*colon = '\0';
	b.site = site;
	b.unit = colon + 1;
	b.balance = -balance;
	return x->fn(x->arg, &b);
}

int
pm_fee_fund_balance(pm_ctx *ctx, const char *site, const char *unit, const pm_date *asof,
    int (*fn)(void *arg, const pm_fund_balance *b), void *arg, pm_err *err)
{
	char scode[40];
	struct each x;
	pm_fund_balance b;
	int64_t site_id, bal;
	pm_unit_ref u;
	pm_buf acct;
	int rc;

	x.fn = fn;
	x.arg = arg;
	x.skip = strlen(PM_FEE_ACC_FUND ":");
	pm_buf_init(&acct);
	if (unit != NULL) {
		if ((rc = site_of(ctx, site, 0, &site_id, scode, sizeof scode, err)) == 0 &&
		    (rc = pm_unit_find(ctx, site_id, unit, &u, err)) == 0 &&
		    (rc = pm_fee_account(&acct, PM_FEE_ACC_FUND, scode, unit, err)) == 0 &&
		    (rc = pm_ledger_balance(ctx, acct.s, asof, &bal, err)) == 0) {
			b.site = scode;
			b.unit = unit;
			b.balance = -bal;
			rc = fn(arg, &b);
		}
		goto out;
	}
	if (site != NULL && (rc = site_of(ctx, site, 0, &site_id, scode, sizeof scode, err)) != 0)
		goto out;
	if ((rc = pm_fee_account(&acct, PM_FEE_ACC_FUND, site != NULL ? scode : NULL, NULL,
	    err)) == 0)
		rc = pm_ledger_each_balance(ctx, acct.s, asof, each_account, &x, err);
out:
	pm_buf_free(&acct);
	return rc;
}

const pm_perm_name pm_fee_fund_perm_names[] = {
	{ "fee.fund", "take deposits into the maintenance fund (维修资金)" },
	{ "fee.fund.withdraw", "pay approved withdrawals out of the maintenance fund" },
	{ NULL, NULL }
};
