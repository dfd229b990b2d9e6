/* fee_arrears.c — arrears, late fees, ageing, limitation; see fee_arrears.h. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_arrears.h"
#include "fee_limit.h"
#include "fee_pay.h"
#include "i18n.h"
#include "money.h"
#include "unit.h"

int
pm_fee_age_bucket(pm_date due, pm_date asof)
{
	int64_t days = pm_date_days(asof) - pm_date_days(due);
	pm_date end;

	if (days <= 30)
		return PM_AGE_30;
	if (days <= 90)
		return PM_AGE_90;
	if (days <= 180)
		return PM_AGE_180;
	if (days <= 365)
		return PM_AGE_365;
	if (pm_date_add_years(due, PM_FEE_LIMIT_YEARS, &end) != 0 || pm_date_cmp(asof, end) > 0)
		return PM_AGE_OVER;
	return PM_AGE_3Y;
}

/*
 * The open bills, set-based: every bill of the units chosen that is
 * due before the date, with its principal (positive lines), what is
 * left of them and of its fixed late fee in the unit's receivable as
 * of the date; only those with something left.  ?1 the date, ?2 the
 * site, ?3 the building, ?4 the unit (0: any), ?5 the latest due date
 * (the date less --older-than).  The receivable account is found by its
 * name (fee.h: Assets:Receivable:SITE:UNIT), each line by its ref.  A
 * unit whose receivable is nil as of the date owes nothing (a credit line
 * offsets what it would owe): one range of the account index decides it,
 * and only the units with a balance have their bills read — most units
 * of ten years of bills have paid them.
 */
static const char open_sql[] =
	"WITH du AS MATERIALIZED (SELECT s.code AS scode, u.code AS ucode, u.id AS uid, "
	"a.id AS aid FROM site s JOIN unit u ON u.site_id = s.id "
	"JOIN ledger_account a ON a.name = '" PM_FEE_ACC_RECEIVABLE ":' || s.code || ':' || u.code "
	"WHERE (?2 = 0 OR s.id = ?2) AND (?3 = 0 OR u.building_id = ?3) AND (?4 = 0 OR u.id = ?4) "
	"AND (SELECT sum(r.amount) FROM ledger_posting r WHERE r.account_id = a.id "
	"AND r.date <= ?1) <> 0) "
	"SELECT scode, ucode, uid, aid, bid, period, due, p, lft, lf FROM ("
	"SELECT du.scode AS scode, du.ucode AS ucode, du.uid AS uid, du.aid AS aid, b.id AS bid, "
	"b.period AS period, b.due AS due, "
	"(SELECT sum(l.amount) FROM bill_line l WHERE l.bill_id = b.id AND l.amount > 0) AS p, "
	"(SELECT coalesce(sum(pp.amount), 0) FROM bill_line l JOIN ledger_posting pp "
	" ON pp.ref = 'B' || l.bill_id || '.' || l.n AND pp.account_id = du.aid AND pp.date <= ?1 "
	" WHERE l.bill_id = b.id AND l.amount > 0) AS lft, "
	"(SELECT coalesce(sum(pp.amount), 0) FROM ledger_posting pp "
	" WHERE pp.ref = 'B' || b.id || '.L' AND pp.account_id = du.aid AND pp.date <= ?1) AS lf "
	"FROM du JOIN bill b ON b.unit_id = du.uid WHERE b.due < ?1 AND b.due <= ?5"
	") WHERE lft > 0 OR lf > 0 ORDER BY scode, ucode, due, bid";

/* The days bill ?1 was paid in part, in unit account ?2 as of ?3: the
 * allocations to its lines not reversed by then. */
static const char paid_sql[] =
	"SELECT DISTINCT pp.date FROM bill_line l JOIN ledger_posting pp "
	"ON pp.ref = 'B' || l.bill_id || '.' || l.n AND pp.account_id = ?2 AND pp.date <= ?3 "
	"AND pp.amount < 0 JOIN ledger_txn t ON t.id = pp.txn_id "
	"WHERE l.bill_id = ?1 AND l.amount > 0 AND t.kind = 'allocation' "
	"AND NOT EXISTS (SELECT 1 FROM ledger_txn r WHERE r.reverses = t.id AND r.date <= ?3) "
	"ORDER BY pp.date";

#define DEMANDS_MAX 64

static const char demand_sql[] =
	"SELECT kind, date FROM fee_demand WHERE unit_id = ?1 AND date <= ?2 "
	"ORDER BY date DESC, id DESC LIMIT 64";

static const char recv_sql[] =
	"SELECT coalesce(sum(amount), 0) FROM ledger_posting WHERE account_id = ?1 AND date <= ?2";

typedef struct run {
	pm_ctx *ctx;
	const pm_fee_conf *c;
	const pm_arrears_filter *f;
	char asof[16];
	pm_stmt *paid, *demand, *recv;
	pm_fee_restart ev[DEMANDS_MAX + 64];
	size_t nunit_ev;                /* the unit's demands and agreements */
	int64_t cur_unit;
	int have_row;
	pm_arrears_row row;
	char site[40], unit[40];
	int (*debt_fn)(void *arg, const pm_arrears_debt *d);
	int (*unit_fn)(void *arg, const pm_arrears_row *r);
	void *arg;
} run;

static int
parse_date(const char *s, pm_date *d, pm_err *err)
{
	pm_err e;

	if (s == NULL || pm_date_parse(s, d, &e) != 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("arrears: a bad date in the database: %s"),
		    s != NULL ? s : "NULL");
	return 0;
}

/* The unit's demands and agreements up to the date, newest first. */
static int
load_demands(run *r, int64_t unit_id, pm_err *err)
{
	int s;

	r->nunit_ev = 0;
	if (r->demand == NULL)
		return 0;
	pm_stmt_reset(r->demand);
	pm_stmt_bindf(r->demand, "it", unit_id, r->asof);
	while ((s = pm_stmt_step(r->demand, err)) == 1 && r->nunit_ev < DEMANDS_MAX) {
		pm_fee_restart *e = &r->ev[r->nunit_ev];

		if (parse_date(pm_stmt_text(r->demand, 1), &e->date, err) != 0)
			return err->status;
		e->kind = strcmp(pm_stmt_text(r->demand, 0), "agreement") == 0 ?
		    PM_FEE_RESTART_AGREEMENT : PM_FEE_RESTART_DEMAND;
		r->nunit_ev++;
	}
	return s < 0 ? err->status : 0;
}

static int
flush_unit(run *r)
{
	int rc = 0;

	if (r->have_row && r->unit_fn != NULL)
		rc = r->unit_fn(r->arg, &r->row);
	r->have_row = 0;
	return rc;
}

static int
start_unit(run *r, const char *site, const char *unit, int64_t uid, int64_t aid, pm_err *err)
{
	int rc, s;

	if ((rc = flush_unit(r)) != 0)
		return rc;
	memset(&r->row, 0, sizeof r->row);
	snprintf(r->site, sizeof r->site, "%s", site);
	snprintf(r->unit, sizeof r->unit, "%s", unit);
	r->row.site = r->site;
	r->row.unit = r->unit;
	r->row.unit_id = uid;
	r->cur_unit = uid;
	r->have_row = 1;
	pm_stmt_reset(r->recv);
	pm_stmt_bindf(r->recv, "it", aid, r->asof);
	if ((s = pm_stmt_step(r->recv, err)) < 0)
		return err->status;
	r->row.receivable = s == 1 ? pm_stmt_int(r->recv, 0) : 0;
	return load_demands(r, uid, err);
}

/* The partial payments of one bill up to the date (allocations to its
 * lines: restart events of its limitation period), after the unit's
 * demands in r->ev; *nev the count.  Beyond the room (a bill paid in
 * more parts than that) later payments are not counted: the period then
 * ends earlier, never later, than it may. */
static int
load_paid(run *r, int64_t bill, int64_t aid, size_t *nev, pm_err *err)
{
	int s;

	*nev = r->nunit_ev;
	pm_stmt_reset(r->paid);
	pm_stmt_bindf(r->paid, "iit", bill, aid, r->asof);
	while ((s = pm_stmt_step(r->paid, err)) == 1 && *nev < sizeof r->ev / sizeof r->ev[0]) {
		if (parse_date(pm_stmt_text(r->paid, 0), &r->ev[*nev].date, err) != 0)
			return err->status;
		r->ev[*nev].kind = PM_FEE_RESTART_PAYMENT;
		(*nev)++;
	}
	return s < 0 ? err->status : 0;
}

/* The late fee of a bill as of the date: fee_pay's judgement of one
 * bill (pm_fee_bill_state: frozen by a late waiver, never less than
 * fixed), so that the rule is computed in one place. */
static int
late_fee(run *r, pm_arrears_debt *d, pm_err *err)
{
	pm_bill_state b;
	int rc;

	if ((rc = pm_fee_bill_state(r->ctx, r->c, d->bill, &r->f->asof, &b, err)) != 0)
		return rc;
	d->late_fee = b.late;
	d->late_frozen = b.frozen;
	return 0;
}

/* The rules on one debt whose bill, account, due date, principal, left
 * and fixed late fee are set: its age, late fee and limitation. */
static int
debt_rules(run *r, pm_arrears_debt *d, pm_err *err)
{
	size_t nev;
	int rc;

	d->days = pm_date_days(r->f->asof) - pm_date_days(d->due);
	d->bucket = pm_fee_age_bucket(d->due, r->f->asof);
	if ((rc = load_paid(r, d->bill, d->account_id, &nev, err)) != 0)
		return rc;
	d->late_fee = d->late_fixed;
	if (!r->f->no_late && (rc = late_fee(r, d, err)) != 0)
		return rc;
	if (pm_fee_limit_last_day(d->due, r->ev, nev, NULL, NULL, &d->last_day) != 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("B%lld: its limitation period cannot be "
		    "computed"), (long long)d->bill);
	d->barred = pm_fee_limit_barred(d->last_day, r->f->asof);
	return 0;
}

static int
one_bill(run *r, pm_stmt *st, pm_err *err)
{
	pm_arrears_debt d;
	int64_t aid;
	int rc;

	memset(&d, 0, sizeof d);
	if (pm_stmt_int(st, 2) != r->cur_unit || !r->have_row) {
		if ((rc = start_unit(r, pm_stmt_text(st, 0), pm_stmt_text(st, 1), pm_stmt_int(st, 2),
		    pm_stmt_int(st, 3), err)) != 0)
			return rc;
	}
	aid = pm_stmt_int(st, 3);
	d.site = r->site;
	d.unit = r->unit;
	d.unit_id = r->cur_unit;
	d.account_id = aid;
	d.bill = pm_stmt_int(st, 4);
	d.period = pm_stmt_text(st, 5);
	if (parse_date(pm_stmt_text(st, 6), &d.due, err) != 0)
		return err->status;
	d.principal = pm_stmt_null(st, 7) ? 0 : pm_stmt_int(st, 7);
	d.left = pm_stmt_int(st, 8);
	if (d.left < 0)
		d.left = 0;
	d.late_fixed = pm_stmt_int(st, 9);
	if ((rc = debt_rules(r, &d, err)) != 0)
		return rc;
	if (r->debt_fn != NULL && (rc = r->debt_fn(r->arg, &d)) != 0)
		return rc;
	r->row.bills++;
	r->row.principal += d.left;
	r->row.late_fee += d.late_fee;
	r->row.age[d.bucket] += d.left;
	if (d.barred)
		r->row.barred += d.left;
	else if (d.left > 0 && (r->row.next_barred.year == 0 ||
	    pm_date_cmp(d.last_day, r->row.next_barred) < 0))
		r->row.next_barred = d.last_day;
	if (r->row.bills == 1)
		r->row.oldest_due = d.due;
	return 0;
}

/* The statements every debt needs (r->ctx set). */
static int
run_prepare(run *r, pm_err *err)
{
	pm_db *db = r->ctx->db;
	int rc;

	if ((rc = pm_db_prepare(db, paid_sql, &r->paid, err)) != 0 ||
	    (rc = pm_db_prepare(db, demand_sql, &r->demand, err)) != 0)
		return rc;
	return pm_db_prepare(db, recv_sql, &r->recv, err);
}

static void
run_free(run *r)
{
	pm_stmt_free(r->paid);
	pm_stmt_free(r->demand);
	pm_stmt_free(r->recv);
}

/* The ids the filter names (0: any). */
static int
filter_ids(pm_ctx *ctx, const pm_arrears_filter *f, int64_t *site, int64_t *building,
    int64_t *unit, pm_err *err)
{
	pm_unit_ref u;
	int found, rc;

	*site = *building = *unit = 0;
	if (f->site != NULL || f->building != NULL || f->unit != NULL) {
		if ((rc = pm_unit_site_find(ctx, f->site, 0, site, err)) != 0)
			return rc;
	}
	if (f->unit != NULL) {
		if ((rc = pm_unit_find(ctx, *site, f->unit, &u, err)) != 0)
			return rc;
		*unit = u.id;
	}
	if (f->building != NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, building, &found, "SELECT id FROM building "
		    "WHERE site_id = ?1 AND code = ?2", "it", *site, f->building)) != 0)
			return rc;
		if (!found)
			return pm_err_field(err, PM_EX_NOINPUT, "building", _("building %s: no such "
			    "building"), f->building);
	}
	return 0;
}

int
pm_fee_arrears(pm_ctx *ctx, const pm_fee_conf *c, const pm_arrears_filter *f,
    int (*debt_fn)(void *arg, const pm_arrears_debt *d),
    int (*unit_fn)(void *arg, const pm_arrears_row *r), void *arg, pm_err *err)
{
	int64_t site, building, unit;
	char latest[16];
	pm_stmt *st = NULL;
	pm_date last;
	run r;
	int rc, s;

	memset(&r, 0, sizeof r);
	r.ctx = ctx;
	r.c = c;
	r.f = f;
	r.debt_fn = debt_fn;
	r.unit_fn = unit_fn;
	r.arg = arg;
	r.cur_unit = -1;
	if (!pm_date_valid(f->asof.year, f->asof.month, f->asof.day) || f->older_than < 0 ||
	    f->older_than > 3660000 || pm_date_add_days(f->asof, -f->older_than - 1, &last) != 0)
		return pm_err_set(err, PM_EX_USAGE, _("arrears: a bad date or age"));
	pm_date_format(f->asof, r.asof, sizeof r.asof);
	pm_date_format(last, latest, sizeof latest);
	if ((rc = filter_ids(ctx, f, &site, &building, &unit, err)) != 0)
		return rc;
	if ((rc = run_prepare(&r, err)) != 0 ||
	    (rc = pm_db_prepare(ctx->db, open_sql, &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "tiiit", r.asof, site, building, unit, latest);
	while ((s = pm_stmt_step(st, err)) == 1)
		if ((rc = one_bill(&r, st, err)) != 0)
			goto out;
	if (s < 0) {
		rc = err->status;
		goto out;
	}
	rc = flush_unit(&r);
out:
	pm_stmt_free(st);
	run_free(&r);
	return rc;
}

int
pm_fee_arrears_recorded(pm_ctx *ctx, const pm_fee_conf *c, pm_date asof, pm_date *through,
    int *has, int *warn, pm_err *err)
{
	char d[16] = "";
	int found = 0, rc;

	*has = 0;
	*warn = 0;
	if ((rc = pm_db_get_text(ctx->db, err, d, sizeof d, &found, "SELECT last_date "
	    "FROM pay_import WHERE last_date IS NOT NULL ORDER BY at DESC, id DESC LIMIT 1",
	    "")) != 0)
		return rc;
	if (!found || d[0] == '\0') {
		if ((rc = pm_db_get_text(ctx->db, err, d, sizeof d, &found, "SELECT t.date FROM "
		    "ledger_txn t WHERE t.kind = 'payment' AND NOT EXISTS (SELECT 1 FROM ledger_txn "
		    "r WHERE r.reverses = t.id) ORDER BY t.date DESC, t.id DESC LIMIT 1", "")) != 0)
			return rc;
	}
	if (found && d[0] != '\0') {
		if ((rc = parse_date(d, through, err)) != 0)
			return rc;
		*has = 1;
	}
	*warn = c->rules.late.rate_ppm > 0 && (!*has || pm_date_cmp(*through, asof) < 0);
	return 0;
}

struct remind {
	pm_ctx *ctx;
	pm_date latest;         /* a unit is listed when its oldest debt is due by then */
	pm_stmt *owner;
	int (*fn)(void *arg, const pm_remind_row *r);
	void *arg;
	pm_err *err;
};

static int
remind_unit(void *arg, const pm_arrears_row *a)
{
	struct remind *x = arg;
	pm_remind_row r;
	int s;

	if (pm_date_cmp(a->oldest_due, x->latest) > 0)
		return 0;
	memset(&r, 0, sizeof r);
	r.site = a->site;
	r.unit = a->unit;
	r.owed = a->principal + a->late_fee;
	r.bills = a->bills;
	r.oldest_due = a->oldest_due;
	pm_stmt_reset(x->owner);
	pm_stmt_bindf(x->owner, "i", a->unit_id);
	if ((s = pm_stmt_step(x->owner, x->err)) < 0)
		return x->err->status;
	if (s == 1) {
		r.name = pm_stmt_text(x->owner, 0);
		r.phone = pm_stmt_text(x->owner, 1);
	}
	return x->fn(x->arg, &r);
}

int
pm_fee_remind(pm_ctx *ctx, const pm_fee_conf *c, const pm_arrears_filter *f,
    int (*fn)(void *arg, const pm_remind_row *r), void *arg, pm_err *err)
{
	pm_arrears_filter g = *f;
	struct remind x;
	int rc;

	x.ctx = ctx;
	x.fn = fn;
	x.arg = arg;
	x.err = err;
	g.no_late = 1;
	g.older_than = 0;
	if (f->older_than < 0 || f->older_than > 3660000 ||
	    pm_date_add_days(f->asof, -f->older_than - 1, &x.latest) != 0)
		return pm_err_set(err, PM_EX_USAGE, _("remind: a bad date or age"));
	if ((rc = pm_db_prepare(ctx->db, "SELECT name, phone FROM occupant WHERE unit_id = ?1 "
	    "AND role = 'owner' AND move_out IS NULL ORDER BY move_in, id LIMIT 1", &x.owner,
	    err)) != 0)
		return rc;
	rc = pm_fee_arrears(ctx, c, &g, NULL, remind_unit, &x, err);
	pm_stmt_free(x.owner);
	return rc;
}
