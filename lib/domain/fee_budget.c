/* fee_budget.c — budgets and costs; see fee_budget.h. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_budget.h"
#include "i18n.h"
#include "json.h"
#include "ledger.h"
#include "money.h"
#include "org.h"
#include "text.h"

int
pm_fee_budget_category_check(const char *category, pm_err *err)
{
	pm_buf q, acct;
	int rc = 0;

	if (category == NULL)
		return pm_err_field(err, PM_EX_USAGE, "category", _("the category is required"));
	if ((rc = pm_text_check(category, strlen(category), 32, "category", err)) != 0)
		return rc;
	pm_buf_init(&q);
	pm_buf_init(&acct);
	/* the category is an account's last component: the ledger's rules */
	if (*category == '\0' ||
	    pm_fee_account(&acct, PM_FEE_ACC_EXPENSE, "x", category, err) != 0)
		rc = pm_err_field(err, PM_EX_DATAERR, "category",
		    _("category %s: 1-32 characters, none of : ; ( ) [ ] = @ \" or controls, "
		    "no space at either end"), pm_text_quote(&q, category));
	pm_buf_free(&q);
	pm_buf_free(&acct);
	return rc;
}

int
pm_fee_budget_permille(int64_t actual, int64_t budget, int64_t *permille)
{
	if (budget <= 0)
		return -1;
	return pm_money_muldiv(actual, 1000, budget, PM_ROUND_HALF_UP, permille);
}

int
pm_fee_budget_set(pm_ctx *ctx, int year, const char *dept, const char *category,
    int64_t amount, pm_ichange *change, pm_err *err)
{
	int64_t dept_id, old;
	char key[128];
	pm_buf b, a;
	pm_json j;
	int found, rc;

	*change = PM_I_UNCHANGED;
	if (year < 1 || year > 9999)
		return pm_err_field(err, PM_EX_DATAERR, "year", _("year %d: 1-9999"), year);
	if (amount < 0 || amount > PM_MONEY_MAX)
		return pm_err_field(err, PM_EX_DATAERR, "amount", _("a budget is 0 or more"));
	if ((rc = pm_fee_budget_category_check(category, err)) != 0 ||
	    (rc = pm_org_dept_id(ctx, dept, 0, &dept_id, err)) != 0)
		return rc;
	if ((rc = pm_db_get_int(ctx->db, err, &old, &found, "SELECT amount_fen FROM budget "
	    "WHERE year = ?1 AND dept_id = ?2 AND category = ?3", "iit", (int64_t)year, dept_id,
	    category)) != 0)
		return rc;
	if (found && old == amount)
		return 0;
	if ((rc = pm_db_run(ctx->db, err, found ?
	    "UPDATE budget SET amount_fen = ?4 WHERE year = ?1 AND dept_id = ?2 AND category = ?3" :
	    "INSERT INTO budget (year, dept_id, category, amount_fen) VALUES (?1, ?2, ?3, ?4)",
	    "iiti", (int64_t)year, dept_id, category, amount)) != 0)
		return rc;
	snprintf(key, sizeof key, "%d/%s", year, dept);
	pm_buf_init(&b);
	pm_buf_init(&a);
	if (found) {
		pm_json_init(&j, &b);
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "category", category);
		pm_json_i(&j, "amount_fen", old);
		pm_json_end(&j);
	}
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "category", category);
	pm_json_i(&j, "amount_fen", amount);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "budget", key, found ? "set" : "new", found ? b.s : NULL, a.s,
	    err);
	pm_buf_free(&b);
	pm_buf_free(&a);
	if (rc == 0)
		*change = found ? PM_I_UPDATED : PM_I_INSERTED;
	return rc;
}

static int post_to(pm_ctx *ctx, const char *exp, const char *pay, int64_t dept_id,
    const char *dept, const char *category, int64_t amount, pm_date date, int64_t site_id,
    int64_t wo, const char *text, int64_t reverses, pm_cost_result *res, pm_err *err);

/* Post amount (nonzero) to dept's category on date, and record the cost
 * row: the one writer of costs.  The accounts are fee.h's. */
static int
post(pm_ctx *ctx, int64_t dept_id, const char *dept, const char *category, int64_t amount,
    pm_date date, int64_t site_id, int64_t wo, const char *text, int64_t reverses,
    pm_cost_result *res, pm_err *err)
{
	pm_buf exp, pay;
	int rc;

	pm_buf_init(&exp);
	pm_buf_init(&pay);
	if ((rc = pm_fee_account(&exp, PM_FEE_ACC_EXPENSE, dept, category, err)) == 0 &&
	    (rc = pm_fee_account(&pay, PM_FEE_ACC_PAYABLE, dept, NULL, err)) == 0)
		rc = post_to(ctx, exp.s, pay.s, dept_id, dept, category, amount, date, site_id, wo,
		    text, reverses, res, err);
	pm_buf_free(&exp);
	pm_buf_free(&pay);
	return rc;
}

static int
post_to(pm_ctx *ctx, const char *exp, const char *pay, int64_t dept_id, const char *dept,
    const char *category, int64_t amount, pm_date date, int64_t site_id, int64_t wo,
    const char *text, int64_t reverses, pm_cost_result *res, pm_err *err)
{
	char ref[32], pref[32], d[16];
	pm_ledger_posting p[2];
	pm_ledger_entry e;
	int64_t next;
	pm_buf a;
	pm_json j;
	int rc;

	if ((rc = pm_db_get_int(ctx->db, err, &next, NULL, "SELECT coalesce(max(id), 0) + 1 "
	    "FROM cost", "")) != 0)
		return rc;
	snprintf(ref, sizeof ref, "cost/%lld", (long long)next);
	snprintf(pref, sizeof pref, "W%lld", (long long)wo);
	pm_date_format(date, d, sizeof d);
	if (reverses != 0) {
		int64_t txn;
		if ((rc = pm_db_get_int(ctx->db, err, &txn, NULL, "SELECT txn_id FROM cost "
		    "WHERE id = ?1", "i", reverses)) != 0 ||
		    (rc = pm_ledger_reverse(ctx, txn, date, text, &res->entry, err)) != 0)
			return rc;
	} else {
		p[0] = (pm_ledger_posting){ exp, amount, wo != 0 ? pref : NULL };
		p[1] = (pm_ledger_posting){ pay, -amount, wo != 0 ? pref : NULL };
		memset(&e, 0, sizeof e);
		e.kind = "cost";
		e.date = date;
		e.ref = ref;
		e.memo = text;
		e.post = p;
		e.npost = 2;
		if ((rc = pm_ledger_post(ctx, &e, &res->entry, NULL, err)) != 0)
			return rc;
	}
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO cost (id, date, dept_id, category, "
	    "amount_fen, site_id, workorder_id, text, reverses, txn_id, posted_at) VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", "ititiIITIii", next, d, dept_id,
	    category, amount, site_id, wo, text, reverses, res->entry, ctx->now)) != 0)
		return rc;
	res->id = next;
	res->amount = amount;
	pm_buf_init(&a);
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "date", d);
	pm_json_s(&j, "dept", dept);
	pm_json_s(&j, "category", category);
	pm_json_i(&j, "amount_fen", amount);
	if (wo != 0)
		pm_json_s(&j, "workorder", pref);
	if (reverses != 0)
		pm_json_i(&j, "reverses", reverses);
	pm_json_s(&j, "text", text);
	pm_json_i(&j, "entry", res->entry);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "cost", ref, reverses != 0 ? "reverse" : "add", NULL, a.s, err);
	pm_buf_free(&a);
	return rc;
}

int
pm_fee_budget_cost(pm_ctx *ctx, const pm_cost_in *in, pm_cost_result *res, pm_err *err)
{
	char dept[40], status[16];
	int64_t dept_id = 0, site_id = 0, total = 0, taken, amount, done_at = 0;
	pm_date date = pm_date_of(in->has_date ? in->date : ctx->now);
	pm_stmt *st = NULL;
	int rc, r;

	memset(res, 0, sizeof *res);
	if ((rc = pm_fee_budget_category_check(in->category, err)) != 0)
		return rc;
	if (in->text != NULL && (rc = pm_text_check(in->text, strlen(in->text), 500, "text",
	    err)) != 0)
		return rc;
	if (in->text != NULL && *in->text == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "text", _("text is empty"));
	if (in->wo != 0 && in->has_amount)
		return pm_err_field(err, PM_EX_USAGE, "amount",
		    _("a work order's cost is its own total: no amount is given"));
	if (in->wo == 0 && !in->has_amount)
		return pm_err_field(err, PM_EX_USAGE, "amount", _("the amount is required"));
	if (in->wo == 0 && in->dept == NULL)
		return pm_err_field(err, PM_EX_USAGE, "dept", _("the department is required"));
	dept[0] = '\0';
	if (in->wo != 0) {
		if ((rc = pm_db_prepare(ctx->db, "SELECT w.status, w.cost_fen, w.dept_id, d.code, "
		    "w.site_id, w.done_at FROM workorder w LEFT JOIN department d ON d.id = w.dept_id "
		    "WHERE w.id = ?1", &st, err)) != 0)
			return rc;
		pm_stmt_bind_int(st, 1, in->wo);
		if ((r = pm_stmt_step(st, err)) == 1) {
			snprintf(status, sizeof status, "%s", pm_stmt_text(st, 0));
			total = pm_stmt_int(st, 1);
			dept_id = pm_stmt_int(st, 2);
			if (!pm_stmt_null(st, 3))
				snprintf(dept, sizeof dept, "%s", pm_stmt_text(st, 3));
			site_id = pm_stmt_int(st, 4);
			done_at = pm_stmt_int(st, 5);
		}
		pm_stmt_free(st);
		if (r < 0)
			return err->status;
		if (r == 0)
			return pm_err_field(err, PM_EX_NOINPUT, "wo", _("no such work order W%lld"),
			    (long long)in->wo);
		if (strcmp(status, "done") != 0 && strcmp(status, "verified") != 0)
			return pm_err_field(err, PM_EX_DATAERR, "wo",
			    _("W%lld is %s: its cost is known once it is done"), (long long)in->wo,
			    status);
		if (!in->has_date)
			date = pm_date_of(done_at);
	}
	if (in->dept != NULL) {
		if ((rc = pm_org_dept_id(ctx, in->dept, 0, &dept_id, err)) != 0)
			return rc;
		snprintf(dept, sizeof dept, "%s", in->dept);
	} else if (dept_id == 0)
		return pm_err_field(err, PM_EX_USAGE, "dept",
		    _("W%lld has no department: name the one that bears the cost"),
		    (long long)in->wo);
	if (in->wo == 0) {
		if (in->amount <= 0 || in->amount > PM_MONEY_MAX)
			return pm_err_field(err, PM_EX_DATAERR, "amount",
			    _("the amount must be above 0"));
		return post(ctx, dept_id, dept, in->category, in->amount, date, 0, 0, in->text, 0,
		    res, err);
	}
	/* once per job: what was taken already, the difference if it changed */
	if ((rc = pm_db_get_int(ctx->db, err, &taken, NULL, "SELECT coalesce(sum(amount_fen), 0) "
	    "FROM cost WHERE workorder_id = ?1", "i", in->wo)) != 0)
		return rc;
	if (pm_money_sub(total, taken, &amount) != 0)
		return pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount is too large"));
	if (amount == 0) {
		res->existed = 1;
		return 0;
	}
	return post(ctx, dept_id, dept, in->category, amount, date, site_id, in->wo, in->text, 0,
	    res, err);
}

int
pm_fee_budget_cost_reverse(pm_ctx *ctx, int64_t id, const char *reason,
    pm_cost_result *res, pm_err *err)
{
	char dept[40], category[160], d[16];
	int64_t dept_id = 0, amount = 0, site_id = 0, wo = 0, rev = 0, by;
	pm_stmt *st = NULL;
	pm_date date;
	int rc, r, found;

	memset(res, 0, sizeof *res);
	if (reason == NULL || *reason == '\0')
		return pm_err_field(err, PM_EX_USAGE, "reason", _("a reversal needs its reason"));
	if ((rc = pm_text_check(reason, strlen(reason), 500, "reason", err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, "SELECT c.dept_id, d.code, c.category, c.amount_fen, "
	    "c.site_id, c.workorder_id, c.reverses, c.date FROM cost c "
	    "JOIN department d ON d.id = c.dept_id WHERE c.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((r = pm_stmt_step(st, err)) == 1) {
		dept_id = pm_stmt_int(st, 0);
		snprintf(dept, sizeof dept, "%s", pm_stmt_text(st, 1));
		snprintf(category, sizeof category, "%s", pm_stmt_text(st, 2));
		amount = pm_stmt_int(st, 3);
		site_id = pm_stmt_int(st, 4);
		wo = pm_stmt_int(st, 5);
		rev = pm_stmt_int(st, 6);
		snprintf(d, sizeof d, "%s", pm_stmt_text(st, 7));
	}
	pm_stmt_free(st);
	if (r < 0)
		return err->status;
	if (r == 0)
		return pm_err_field(err, PM_EX_NOINPUT, "id", _("no such cost %lld"), (long long)id);
	if (rev != 0)
		return pm_err_set(err, PM_EX_DATAERR,
		    _("cost %lld is a reversal: record the cost again instead"), (long long)id);
	if ((rc = pm_db_get_int(ctx->db, err, &by, &found, "SELECT id FROM cost WHERE "
	    "reverses = ?1", "i", id)) != 0)
		return rc;
	if (found)
		return pm_err_set(err, PM_EX_DATAERR, _("cost %lld is reversed already (by %lld)"),
		    (long long)id, (long long)by);
	date = pm_date_of(ctx->now);
	{
		pm_date orig;
		if (pm_date_parse(d, &orig, err) != 0)
			return PM_EX_SOFTWARE;
		if (pm_date_cmp(date, orig) < 0)
			date = orig;    /* a reversal is never dated before what it reverses */
	}
	return post(ctx, dept_id, dept, category, -amount, date, site_id, wo, reason, id, res,
	    err);
}

int
pm_fee_budget_report(pm_ctx *ctx, int year, const char *dept,
    int (*fn)(void *arg, const pm_budget_line *l), void *arg, pm_err *err)
{
	char from[16], to[16], cur[40];
	int64_t tb = 0, ta = 0, dept_id = 0;
	pm_budget_line l;
	pm_stmt *st = NULL;
	pm_buf sql;
	int rc, r, any = 0;

	if (year < 1 || year > 9999)
		return pm_err_field(err, PM_EX_DATAERR, "year", _("year %d: 1-9999"), year);
	if (dept != NULL && (rc = pm_org_dept_id(ctx, dept, 0, &dept_id, err)) != 0)
		return rc;
	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	pm_buf_init(&sql);
	pm_buf_adds(&sql, "WITH k AS (SELECT dept_id, category FROM budget WHERE year = ?1 "
	    "UNION SELECT dept_id, category FROM cost WHERE date BETWEEN ?2 AND ?3) "
	    "SELECT d.code, k.category, coalesce((SELECT amount_fen FROM budget b WHERE "
	    "b.year = ?1 AND b.dept_id = k.dept_id AND b.category = k.category), 0), "
	    "(SELECT coalesce(sum(amount_fen), 0) FROM cost c WHERE c.dept_id = k.dept_id AND "
	    "c.date BETWEEN ?2 AND ?3 AND c.category = k.category) "
	    "FROM k JOIN department d ON d.id = k.dept_id");
	if (dept != NULL)
		pm_buf_adds(&sql, " WHERE k.dept_id = ?4");
	pm_buf_adds(&sql, " ORDER BY d.code, k.category");
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "itt", (int64_t)year, from, to);
	if (dept != NULL)
		pm_stmt_bind_int(st, 4, dept_id);
	cur[0] = '\0';
	while ((r = pm_stmt_step(st, err)) == 1) {
		const char *dcode = pm_stmt_text(st, 0);
		if (any && strcmp(dcode, cur) != 0) {
			memset(&l, 0, sizeof l);
			l.dept = cur;
			l.budget = tb;
			l.actual = ta;
			if (pm_money_sub(tb, ta, &l.remaining) != 0)
				goto overflow;
			l.has_share = pm_fee_budget_permille(ta, tb, &l.permille) == 0;
			if ((rc = fn(arg, &l)) != 0)
				goto out;
			tb = ta = 0;
		}
		any = 1;
		snprintf(cur, sizeof cur, "%s", dcode);
		memset(&l, 0, sizeof l);
		l.dept = cur;
		l.category = pm_stmt_text(st, 1);
		l.budget = pm_stmt_int(st, 2);
		l.actual = pm_stmt_int(st, 3);
		if (pm_money_sub(l.budget, l.actual, &l.remaining) != 0 ||
		    pm_money_add(tb, l.budget, &tb) != 0 || pm_money_add(ta, l.actual, &ta) != 0)
			goto overflow;
		l.has_share = pm_fee_budget_permille(l.actual, l.budget, &l.permille) == 0;
		if ((rc = fn(arg, &l)) != 0)
			goto out;
	}
	if (r < 0) {
		rc = err->status;
		goto out;
	}
	if (any) {
		memset(&l, 0, sizeof l);
		l.dept = cur;
		l.budget = tb;
		l.actual = ta;
		if (pm_money_sub(tb, ta, &l.remaining) != 0)
			goto overflow;
		l.has_share = pm_fee_budget_permille(ta, tb, &l.permille) == 0;
		rc = fn(arg, &l);
	}
	goto out;
overflow:
	rc = pm_err_set(err, PM_EX_DATAERR, _("budget report: a total is too large"));
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

const pm_perm_name pm_fee_budget_perm_names[] = {
	{ "fee.budget", "set departments' yearly budgets" },
	{ "fee.cost", "record and reverse costs (work orders' too)" },
	{ NULL, NULL }
};
