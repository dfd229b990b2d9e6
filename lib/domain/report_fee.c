/* report_fee.c — the monthly report's fees section; see report_fee.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "db.h"
#include "fee.h"
#include "fee_arrears.h"
#include "fee_report.h"
#include "i18n.h"
#include "ledger.h"
#include "report_fee.h"
#include "unit.h"

static const pm_fig_def fee_figs[] = {
	{ "fees.billed_fen", PM_FIG_FEN, N_("Billed"), 0 },
	{ "fees.collected_fen", PM_FIG_FEN, N_("Collected"), +1 },
	{ "fees.waived_fen", PM_FIG_FEN, N_("Waived"), 0 },
	{ "fees.collection_rate", PM_FIG_RATIO, N_("Collection rate (amount)"), +1 },
	{ "fees.household_rate", PM_FIG_RATIO, N_("Collection rate (households)"), +1 },
	{ "fees.arrears_fen", PM_FIG_FEN, N_("Arrears"), -1 },
	{ "fees.late_fee_fen", PM_FIG_FEN, N_("Late fees fixed"), 0 },
	{ "fees.budget_fen", PM_FIG_FEN, N_("Budget of the year"), 0 },
	{ "fees.spent_fen", PM_FIG_FEN, N_("Spent in the year"), 0 },
	{ "fees.budget_used", PM_FIG_RATIO, N_("Budget used"), 0 },
};

static const pm_fig_col ageing_cols[] = {
	{ "arrears_fen", PM_FIG_FEN, N_("Arrears") },
	{ "bills", PM_FIG_COUNT, N_("Bills") },
};

static const pm_fig_col trend_cols[] = {
	{ "collection_rate", PM_FIG_RATIO, N_("Collection rate") },
	{ "billed_fen", PM_FIG_FEN, N_("Billed") },
	{ "collected_fen", PM_FIG_FEN, N_("Collected") },
};

static const pm_fig_table_def fee_tables[] = {
	{ "fees.ageing", N_("Arrears by age"), N_("Overdue"), 2, ageing_cols, -1, 0,
	  (1u << PM_FIG_CUR) | (1u << PM_FIG_PREV) | (1u << PM_FIG_YOY), PM_FIG_CHART_COLS, 0,
	  PM_FIG_LABEL_MSGID },
	{ "fees.trend", N_("Collection rate, twelve months"), N_("Month"), 3, trend_cols, -1, 0,
	  1u << PM_FIG_CUR, PM_FIG_CHART_LINE, 0, PM_FIG_LABEL_DATA },
};

/* The buckets' row keys sort themselves; their labels (PM_AGE_*). */
static const struct {
	const char *key, *label;
} buckets[PM_AGE_N] = {
	{ "1_1-30", N_("1-30 days") },
	{ "2_31-90", N_("31-90 days") },
	{ "3_91-180", N_("91-180 days") },
	{ "4_181-365", N_("181-365 days") },
	{ "5_1-3y", N_("1-3 years") },
	{ "6_3y+", N_("over 3 years") },
};

/*
 * The arrears at three dates (?1 ?2 ?3; ?5 the earliest) of site ?4
 * (its id; 0: every site), reading only the bills that may have
 * something left at one of the dates (bill.opened and bill.settled,
 * 0027), never the settled history: unit by unit (its receivable
 * account by name), its bills not settled by the earliest date — the
 * open ones and those settled since, two ranges of bill_unit_settled
 * (a MULTI-INDEX OR: the unit's id is in each arm so that each is a
 * range) — that were opened by a date and not settled by it, and
 * only their postings (ledger_posting_unit_ref, one small range a
 * bill).  A row per posting: the unit's account, the bill, its due day,
 * the amount, whether it is dated by each date, and whether it is of a
 * principal line (amount > 0; a late fee, ref B12.L, has no line n).
 * The rows of a unit come together (the unit is the outer loop; the
 * ORDER BY costs no sort) and are judged in C, one unit at a time
 * (fold_unit), so memory is one unit's open bills.  The ref is "B" bill
 * "." n (fee.h).
 */
static const char arrears_sql[] =
	"SELECT a.id, b.id, b.due, p.amount, p.date <= ?1, p.date <= ?2, p.date <= ?3,"
	" coalesce(l.amount > 0, 0)"
	" FROM unit u CROSS JOIN site s ON s.id = u.site_id"
	" CROSS JOIN ledger_account a"
	" ON a.name = '" PM_FEE_ACC_RECEIVABLE ":' || s.code || ':' || u.code"
	" CROSS JOIN bill b ON (b.unit_id = u.id AND b.settled IS NULL"
	" AND (b.opened IS NULL OR b.opened <= ?1 OR b.opened <= ?2 OR b.opened <= ?3))"
	" OR (b.unit_id = u.id AND b.settled > ?5"
	" AND ((b.settled > ?1 AND (b.opened IS NULL OR b.opened <= ?1))"
	" OR (b.settled > ?2 AND (b.opened IS NULL OR b.opened <= ?2))"
	" OR (b.settled > ?3 AND (b.opened IS NULL OR b.opened <= ?3))))"
	" CROSS JOIN ledger_posting p ON p.account_id = a.id AND p.ref >= 'B' || b.id || '.'"
	" AND p.ref < 'B' || b.id || '/' AND p.ref IS NOT NULL"
	" LEFT JOIN bill_line l ON l.bill_id = b.id"
	" AND l.n = CAST(substr(p.ref, instr(p.ref, '.') + 1) AS INTEGER)"
	" WHERE ?4 = 0 OR u.site_id = ?4"
	" ORDER BY u.id";

/* Late fees fixed in [?1, ?2] in the receivables ?3..?4: accruals, and
 * reversals of accruals negating them.  The month's entries of those two
 * kinds are small ranges of their partial date indexes (0027), not every
 * entry of the month (ledger_txn_date): a month's charges, payments and
 * allocations are most of them. */
static const char late_sql[] =
	"SELECT coalesce(sum(p.amount), 0) FROM ("
	" SELECT t.id AS id FROM ledger_txn t"
	" WHERE t.kind = 'accrual' AND t.date >= ?1 AND t.date <= ?2"
	" UNION ALL SELECT t.id FROM ledger_txn t JOIN ledger_txn o ON o.id = t.reverses"
	" WHERE t.kind = 'reversal' AND t.date >= ?1 AND t.date <= ?2 AND o.kind = 'accrual') x"
	" JOIN ledger_posting p ON p.txn_id = x.id JOIN ledger_account a ON a.id = p.account_id"
	" WHERE a.name >= ?3 AND a.name < ?4";

static const char spent_sql[] =
	"SELECT coalesce(sum(amount_fen), 0) FROM cost WHERE date >= ?1 AND date <= ?2"
	" AND (?3 = 0 OR site_id = ?3)";

static const char budget_sql[] =
	"SELECT coalesce(sum(amount_fen), 0) FROM budget WHERE year = ?1";

/* The receivable accounts of site (NULL: all): names in [lo, hi). */
static void
recv_range(const char *site, pm_buf *lo, pm_buf *hi)
{
	pm_buf p;

	pm_buf_init(&p);
	pm_buf_adds(&p, PM_FEE_ACC_RECEIVABLE);
	if (site != NULL)
		pm_buf_addf(&p, ":%s", site);
	pm_ledger_under(p.s, lo, hi);
	pm_buf_free(&p);
}

static int
site_id(pm_ctx *ctx, const char *site, int64_t *id, pm_err *err)
{
	*id = 0;
	return site != NULL ? pm_unit_site_find(ctx, site, 0, id, err) : 0;
}

/* One unit's bills that may be open at a date, as its rows come. */
struct fold_bill {
	int64_t id;
	pm_date due;
	int64_t left[PM_REPORT_FEE_DATES];      /* principal left as of each date */
};

struct fold {
	const pm_date *asof;
	int n;
	pm_report_fee_ageing *out;
	int64_t aid;                            /* the unit's account; 0: none yet */
	int64_t bal[PM_REPORT_FEE_DATES];       /* its receivable as of each date */
	struct fold_bill *b;
	size_t nb, cap;
};

/* The unit's debts into the ageing: per date, when its receivable is
 * not nil, each bill due before the date with principal left. */
static void
fold_unit(struct fold *f)
{
	size_t j;
	int i, k;

	for (i = 0; i < f->n; i++) {
		if (f->bal[i] == 0)
			continue;
		for (j = 0; j < f->nb; j++) {
			if (f->b[j].left[i] <= 0 || pm_date_cmp(f->b[j].due, f->asof[i]) >= 0)
				continue;
			k = pm_fee_age_bucket(f->b[j].due, f->asof[i]);
			f->out[i].left[k] += f->b[j].left[i];
			f->out[i].bills[k]++;
			f->out[i].total += f->b[j].left[i];
		}
	}
	f->nb = 0;
	memset(f->bal, 0, sizeof f->bal);
}

/* The bill of this row: the unit's last one, or an earlier one. */
static struct fold_bill *
fold_bill_of(struct fold *f, int64_t id, const char *due, pm_err *err)
{
	struct fold_bill *nb;
	char due_s[16];
	size_t j;

	for (j = f->nb; j > 0; j--)
		if (f->b[j - 1].id == id)
			return &f->b[j - 1];
	if (f->nb == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 16;
		if ((nb = realloc(f->b, f->cap * sizeof *nb)) == NULL) {
			pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
			return NULL;
		}
		f->b = nb;
	}
	nb = &f->b[f->nb];
	memset(nb, 0, sizeof *nb);
	nb->id = id;
	snprintf(due_s, sizeof due_s, "%s", due ? due : "");
	if (pm_date_parse(due_s, &nb->due, err) != 0) {
		pm_err_set(err, PM_EX_SOFTWARE, _("arrears: a bad due date in the database: %s"),
		    due_s);
		return NULL;
	}
	f->nb++;
	return nb;
}

int
pm_report_fee_arrears(pm_ctx *ctx, const char *site, const pm_date *asof, int n,
    pm_report_fee_ageing *out, pm_err *err)
{
	char d[PM_REPORT_FEE_DATES][16], lo_d[16];
	struct fold f;
	struct fold_bill *b;
	pm_stmt *st = NULL;
	int64_t sid, aid, amt;
	int i, rc, s;

	if (n < 1 || n > PM_REPORT_FEE_DATES)
		return pm_err_set(err, PM_EX_SOFTWARE, _("arrears: %d dates"), n);
	if ((rc = site_id(ctx, site, &sid, err)) != 0)
		return rc;
	memset(out, 0, (size_t)n * sizeof out[0]);
	memset(&f, 0, sizeof f);
	f.asof = asof;
	f.n = n;
	f.out = out;
	for (i = 0; i < PM_REPORT_FEE_DATES; i++)
		pm_date_format(asof[i < n ? i : 0], d[i], sizeof d[i]);
	/* the earliest date: ISO days sort as text */
	snprintf(lo_d, sizeof lo_d, "%s", d[0]);
	for (i = 1; i < PM_REPORT_FEE_DATES; i++)
		if (strcmp(d[i], lo_d) < 0)
			snprintf(lo_d, sizeof lo_d, "%s", d[i]);
	if ((rc = pm_db_prepare(ctx->db, arrears_sql, &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "tttit", d[0], d[1], d[2], sid, lo_d);
	while ((s = pm_stmt_step(st, err)) == 1) {
		aid = pm_stmt_int(st, 0);
		if (aid != f.aid) {
			fold_unit(&f);
			f.aid = aid;
		}
		if ((b = fold_bill_of(&f, pm_stmt_int(st, 1), pm_stmt_text(st, 2), err)) == NULL) {
			rc = err->status;
			goto out;
		}
		amt = pm_stmt_int(st, 3);
		for (i = 0; i < n; i++) {
			if (pm_stmt_int(st, 4 + i) == 0)
				continue;
			f.bal[i] += amt;
			if (pm_stmt_int(st, 7))
				b->left[i] += amt;
		}
	}
	if (s < 0)
		rc = err->status;
	else
		fold_unit(&f);
out:
	free(f.b);
	pm_stmt_free(st);
	return rc;
}

int
pm_report_fee_plan(pm_ctx *ctx, pm_buf *plan, pm_err *err)
{
	int rc;

	if ((rc = pm_db_plan(ctx->db, err, plan, arrears_sql, "tttit", "2026-11-30",
	    "2026-10-31", "2025-11-30", (int64_t)0, "2025-11-30")) != 0 ||
	    (rc = pm_db_plan(ctx->db, err, plan, late_sql, "tttt", "2026-11-01", "2026-11-30",
	    PM_FEE_ACC_RECEIVABLE ":", PM_FEE_ACC_RECEIVABLE ";")) != 0 ||
	    (rc = pm_db_plan(ctx->db, err, plan, spent_sql, "tti", "2026-01-01", "2026-11-30",
	    (int64_t)0)) != 0)
		return rc;
	return pm_db_plan(ctx->db, err, plan, budget_sql, "i", (int64_t)2026);
}

/* ---- the section ---------------------------------------------------------- */

/* The day a state is judged on: the business-zone day of the instant
 * just before asof (asof is the period's end, exclusive, or now). */
static pm_date
asof_day(pm_time asof)
{
	return pm_date_of(asof - 1);
}

struct stats {
	int have;
	int64_t billed, coll, waived, units, paid;
};

static int
take_stats(void *arg, const pm_cell *c)
{
	struct stats *s = arg;

	s->have = 1;
	s->billed = c[PM_FS_BILLED].i;
	s->coll = c[PM_FS_COLLECTED].i;
	s->waived = c[PM_FS_WAIVED].i;
	s->units = c[PM_FS_UNITS_BILLED].i;
	s->paid = c[PM_FS_UNITS_PAID].i;
	return 0;
}

static int
month_stats(pm_ctx *ctx, pm_month m, const char *site, pm_date day, struct stats *s,
    pm_err *err)
{
	memset(s, 0, sizeof *s);
	return pm_fee_stats(ctx, m, PM_FS_ALL, site, day, take_stats, s, err);
}

/* The twelve months to the month, each as of its own end (or asof). */
static int
trend(pm_ctx *ctx, const pm_fig_period *p, const struct stats *cur, pm_figs *f, pm_err *err)
{
	struct stats s;
	const struct stats *use;
	char key[16];
	pm_month m;
	pm_time at;
	int k, rc;

	for (k = 11; k >= 0; k--) {
		m = pm_month_add(p->month, -k);
		at = pm_month_end(m) < p->asof ? pm_month_end(m) : p->asof;
		if (at <= pm_month_start(m))
			continue;
		use = cur;
		if (k > 0) {
			if ((rc = month_stats(ctx, m, p->site, asof_day(at), &s, err)) != 0)
				return rc;
			use = &s;
		}
		pm_month_format(m, key, sizeof key);
		pm_figs_cell(f, p->slot, "fees.trend", key, NULL, 0, use->coll, use->billed);
		pm_figs_cell(f, p->slot, "fees.trend", key, NULL, 1, use->billed, 0);
		pm_figs_cell(f, p->slot, "fees.trend", key, NULL, 2, use->coll, 0);
	}
	return 0;
}

/* The arrears of the three slots in one read (report_fee.h), when the
 * current slot is computed. */
static int
arrears(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	pm_fig_period per[PM_FIG_NSLOT];
	pm_report_fee_ageing a[PM_FIG_NSLOT];
	pm_date days[PM_FIG_NSLOT];
	int s, k, rc;

	pm_figs_periods(f, ctx->now, per);
	for (s = 0; s < PM_FIG_NSLOT; s++)
		days[s] = asof_day(per[s].asof);
	if ((rc = pm_report_fee_arrears(ctx, p->site, days, PM_FIG_NSLOT, a, err)) != 0)
		return rc;
	for (s = 0; s < PM_FIG_NSLOT; s++) {
		pm_figs_set(f, s, "fees.arrears_fen", a[s].total, 0);
		for (k = 0; k < PM_AGE_N; k++) {
			pm_figs_cell(f, s, "fees.ageing", buckets[k].key, buckets[k].label, 0,
			    a[s].left[k], 0);
			pm_figs_cell(f, s, "fees.ageing", buckets[k].key, buckets[k].label, 1,
			    a[s].bills[k], 0);
		}
	}
	return 0;
}

static int
late_fees(pm_ctx *ctx, const pm_fig_period *p, pm_date day, pm_figs *f, pm_err *err)
{
	char from[16], to[16];
	pm_buf lo, hi;
	int64_t v = 0;
	int rc;

	pm_date_format(pm_date_of(p->start), from, sizeof from);
	pm_date_format(day, to, sizeof to);
	pm_buf_init(&lo);
	pm_buf_init(&hi);
	recv_range(p->site, &lo, &hi);
	rc = pm_db_get_int(ctx->db, err, &v, NULL, late_sql, "tttt", from, to, lo.s, hi.s);
	if (rc == 0)
		pm_figs_set(f, p->slot, "fees.late_fee_fen", v, 0);
	pm_buf_free(&lo);
	pm_buf_free(&hi);
	return rc;
}

static int
budget(pm_ctx *ctx, const pm_fig_period *p, pm_date day, pm_figs *f, pm_err *err)
{
	char from[16], to[16];
	int64_t sid, spent = 0, plan = 0;
	int rc;

	if ((rc = site_id(ctx, p->site, &sid, err)) != 0)
		return rc;
	snprintf(from, sizeof from, "%04d-01-01", p->month.year);
	pm_date_format(day, to, sizeof to);
	if ((rc = pm_db_get_int(ctx->db, err, &spent, NULL, spent_sql, "tti", from, to, sid)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "fees.spent_fen", spent, 0);
	if (p->site != NULL)
		return 0;
	if ((rc = pm_db_get_int(ctx->db, err, &plan, NULL, budget_sql, "i",
	    (int64_t)p->month.year)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "fees.budget_fen", plan, 0);
	pm_figs_set(f, p->slot, "fees.budget_used", spent, plan);
	return 0;
}

static int
fees_compute(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	pm_date day = asof_day(p->asof);
	struct stats s;
	int rc;

	if (p->asof <= p->start)
		return 0;       /* a month to come: nothing to count yet */
	if ((rc = month_stats(ctx, p->month, p->site, day, &s, err)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "fees.billed_fen", s.billed, 0);
	pm_figs_set(f, p->slot, "fees.collected_fen", s.coll, 0);
	pm_figs_set(f, p->slot, "fees.waived_fen", s.waived, 0);
	pm_figs_set(f, p->slot, "fees.collection_rate", s.coll, s.billed);
	pm_figs_set(f, p->slot, "fees.household_rate", s.paid, s.units);
	if ((rc = late_fees(ctx, p, day, f, err)) != 0 ||
	    (rc = budget(ctx, p, day, f, err)) != 0)
		return rc;
	if (p->slot != PM_FIG_CUR)
		return 0;
	if ((rc = arrears(ctx, p, f, err)) != 0)
		return rc;
	return trend(ctx, p, &s, f, err);
}

const pm_fig_section pm_report_fees_section = {
	"fees", N_("Fees"), fee_figs, (int)(sizeof fee_figs / sizeof fee_figs[0]),
	fee_tables, (int)(sizeof fee_tables / sizeof fee_tables[0]), fees_compute
};
