/* fee_bill.c — billing a period and one-off charges; see fee_bill.h. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "fee_bill.h"
#include "fee_meter.h"
#include "i18n.h"
#include "json.h"
#include "ledger.h"
#include "link.h"
#include "money.h"
#include "prorate.h"
#include "text.h"
#include "timeline.h"
#include "workorder.h"

/* The journal entries of the bills of one run: the shape fee.h
 * documents, set-based. */
static const char entries_sql[] =
	"SELECT b.id AS entry, 'charge' AS kind, b.date AS date, 'B' || b.id AS ref "
	"FROM bill b WHERE b.run_id = ?1 ORDER BY b.id";
static const char postings_sql[] =
	"SELECT l.bill_id AS entry, '" PM_FEE_ACC_RECEIVABLE ":' || s.code || ':' || u.code "
	"AS account, l.amount AS amount, 'B' || l.bill_id || '.' || l.n AS ref "
	"FROM bill b JOIN bill_line l ON l.bill_id = b.id JOIN unit u ON u.id = l.unit_id "
	"JOIN site s ON s.id = u.site_id WHERE b.run_id = ?1 "
	"UNION ALL "
	"SELECT l.bill_id, '" PM_FEE_ACC_INCOME ":' || l.item, -l.amount, "
	"'B' || l.bill_id || '.' || l.n "
	"FROM bill b JOIN bill_line l ON l.bill_id = b.id WHERE b.run_id = ?1";

static int
site_id(pm_ctx *ctx, const char *code, int64_t *id, pm_err *err)
{
	int found = 0, rc;

	if ((rc = pm_db_get_int(ctx->db, err, id, &found, "SELECT id FROM site WHERE code = ?1",
	    "t", code)) != 0)
		return rc;
	if (!found)
		return pm_text_fail(err, PM_EX_NOINPUT, _("site %s: no such site"), code);
	return 0;
}

/* The configuration's items and the rates in force up to m, as small
 * temporary tables the billing statements join. */
static int
load_rates(pm_ctx *ctx, const pm_fee_conf *c, pm_month m, pm_err *err)
{
	char from[16];
	size_t i, k;
	int t, found, rc;

	if ((rc = pm_db_exec(ctx->db,
	    "CREATE TEMP TABLE IF NOT EXISTS fee_item_t (code TEXT PRIMARY KEY, basis INTEGER, "
	    "household INTEGER, meter TEXT);"
	    "CREATE TEMP TABLE IF NOT EXISTS fee_use_t (unit_id INTEGER, kind TEXT, used INTEGER);"
	    "CREATE INDEX IF NOT EXISTS temp.fee_use_k ON fee_use_t (unit_id, kind);"
	    "CREATE TEMP TABLE IF NOT EXISTS fee_rate_t (id INTEGER PRIMARY KEY, item TEXT, "
	    "from_p TEXT, site_id INTEGER, building_id INTEGER, kind TEXT, rate INTEGER, "
	    "spec INTEGER);"
	    "CREATE TEMP TABLE IF NOT EXISTS fee_tier_t (rate_id INTEGER, lo INTEGER, hi INTEGER, "
	    "rate INTEGER);"
	    "CREATE TEMP TABLE IF NOT EXISTS fee_vacant_t (ord INTEGER PRIMARY KEY, item TEXT, "
	    "site_id INTEGER, percent INTEGER);"
	    "CREATE TEMP TABLE IF NOT EXISTS fee_stage (unit_id INTEGER, site_id INTEGER, "
	    "item TEXT, rate INTEGER, qty INTEGER, day_from INTEGER, day_to INTEGER, "
	    "amount INTEGER);"
	    "DELETE FROM temp.fee_item_t; DELETE FROM temp.fee_rate_t; "
	    "DELETE FROM temp.fee_tier_t; DELETE FROM temp.fee_vacant_t; "
	    "DELETE FROM temp.fee_stage; DELETE FROM temp.fee_use_t", err)) != 0)
		return rc;
	for (i = 0; i < c->nitems; i++) {
		const pm_fee_item *it = &c->items[i];

		if (it->basis == PM_FEE_ONEOFF)
			continue;
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO temp.fee_item_t (code, basis, "
		    "household, meter) VALUES (?1, ?2, ?3, ?4)", "tiiT", it->code,
		    (int64_t)it->basis, (int64_t)it->by_household, it->meter)) != 0)
			return rc;
		for (k = 0; k < it->nrates; k++) {
			const pm_fee_rate *r = &it->rates[k];
			int64_t sid = 0, bid = 0, rid;

			if (r->from.year * 12 + r->from.month > m.year * 12 + m.month)
				continue;
			if (r->site != NULL) {
				if ((rc = pm_db_get_int(ctx->db, err, &sid, &found,
				    "SELECT id FROM site WHERE code = ?1", "t", r->site)) != 0)
					return rc;
				if (!found)
					return pm_err_set(err, PM_EX_CONFIG, _("fee.items %s (line %d): "
					    "no such site in the database"), it->code, r->line);
			}
			if (r->building != NULL) {
				if ((rc = pm_db_get_int(ctx->db, err, &bid, &found, "SELECT id FROM "
				    "building WHERE site_id = ?1 AND code = ?2", "it", sid,
				    r->building)) != 0)
					return rc;
				if (!found)
					return pm_err_set(err, PM_EX_CONFIG, _("fee.items %s (line %d): "
					    "no such building in the database"), it->code, r->line);
			}
			snprintf(from, sizeof from, "%04d-%02d", r->from.year, r->from.month);
			/* the most specific first: building, site, kind */
			if ((rc = pm_db_run(ctx->db, err, "INSERT INTO temp.fee_rate_t (item, from_p, "
			    "site_id, building_id, kind, rate, spec) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			    "ttIITii", it->code, from, sid, bid, r->kind, r->rate,
			    (int64_t)((r->building ? 4 : 0) + (r->site ? 2 : 0) + (r->kind ? 1 : 0))))
			    != 0)
				return rc;
			rid = pm_db_last_id(ctx->db);
			for (t = 0; t < r->ntiers; t++)
				if ((rc = pm_db_run(ctx->db, err, "INSERT INTO temp.fee_tier_t (rate_id, "
				    "lo, hi, rate) VALUES (?1, ?2, ?3, ?4)", "iiIi", rid,
				    t > 0 ? r->tiers[t - 1].upto : (int64_t)0, r->tiers[t].upto,
				    r->tiers[t].rate)) != 0)
					return rc;
		}
	}
	for (i = 0; i < c->nvacant; i++) {
		const pm_fee_vacant *v = &c->vacant[i];
		int64_t sid = 0;
		int at = m.year * 12 + m.month;

		if (at < v->from.year * 12 + v->from.month || at > v->to.year * 12 + v->to.month)
			continue;
		if (v->site != NULL) {
			if ((rc = pm_db_get_int(ctx->db, err, &sid, &found,
			    "SELECT id FROM site WHERE code = ?1", "t", v->site)) != 0)
				return rc;
			if (!found)
				return pm_text_fail(err, PM_EX_CONFIG,
				    _("fee.vacant: site %s: no such site in the database"), v->site);
		}
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO temp.fee_vacant_t (ord, item, site_id, "
		    "percent) VALUES (?1, ?2, ?3, ?4)", "iTIi", (int64_t)i + 1, v->item, sid,
		    (int64_t)v->percent)) != 0)
			return rc;
	}
	return 0;
}

static int
add_share(void *arg, const pm_meter_use *u)
{
	pm_ctx *ctx = ((void **)arg)[0];
	pm_err *err = ((void **)arg)[1];

	return pm_db_run(ctx->db, err, "INSERT INTO temp.fee_use_t (unit_id, kind, used) "
	    "VALUES (?1, ?2, ?3)", "iti", u->unit_id, u->kind, u->used);
}

/*
 * The period's consumption per unit and meter kind, for the metered
 * items (fee.h): units' own meters from the view meter_use in one
 * statement, the shares of shared meters from pm_fee_meter_shares (the
 * split is the meter module's: one row per sharing unit, nothing else
 * per unit).  Nothing when no metered item has a rate.
 */
static int
load_use(pm_ctx *ctx, const char *site, int64_t sid, pm_month m, const char *period,
    pm_err *err)
{
	void *arg[2] = { ctx, err };
	int found = 0, rc;
	int64_t any;

	if ((rc = pm_db_get_int(ctx->db, err, &any, &found, "SELECT 1 FROM temp.fee_item_t i "
	    "WHERE i.basis = 3 AND EXISTS (SELECT 1 FROM temp.fee_rate_t r WHERE r.item = i.code)",
	    "")) != 0 || !found)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO temp.fee_use_t (unit_id, kind, used) "
	    "SELECT unit_id, kind, used FROM meter_use WHERE period = ?1 AND (?2 = 0 OR "
	    "site_id = ?2)", "ti", period, sid)) != 0)
		return rc;
	return pm_fee_meter_shares(ctx, site, m, NULL, add_share, arg, err);
}

/*
 * The units billed in the month, with the days of it their fee runs
 * (fee_bill.h: from handover, else the first owner's move-in, to the
 * day before the last owner's move-out when none is current).
 * Parameters: ?1 site id (when site), ?2 first day, ?3 last day, ?4
 * days in the month, ?5 the period.
 */
static void
units_cte(pm_buf *q, int by_site)
{
	pm_buf_adds(q, "WITH u AS ("
	    "SELECT x.id, x.site_id, x.building_id, x.kind, x.area, x.state, "
	    "coalesce(x.handover, (SELECT min(o.move_in) FROM occupant o "
	    "  WHERE o.unit_id = x.id AND o.role = 'owner')) AS start, "
	    "CASE WHEN EXISTS (SELECT 1 FROM occupant o WHERE o.unit_id = x.id "
	    "  AND o.role = 'owner') AND NOT EXISTS (SELECT 1 FROM occupant o "
	    "  WHERE o.unit_id = x.id AND o.role = 'owner' AND o.move_out IS NULL) "
	    "THEN (SELECT max(o.move_out) FROM occupant o WHERE o.unit_id = x.id "
	    "  AND o.role = 'owner') END AS stop "
	    "FROM unit x");
	pm_buf_adds(q, by_site ? " WHERE x.site_id = ?1" : " WHERE ?1 = 0");
	pm_buf_adds(q, "), s AS ("
	    "SELECT u.*, CASE WHEN u.start > ?2 THEN CAST(substr(u.start, 9, 2) AS INTEGER) "
	    "ELSE 1 END AS d1, CASE WHEN u.stop IS NOT NULL AND u.stop <= ?3 "
	    "THEN CAST(substr(u.stop, 9, 2) AS INTEGER) - 1 ELSE ?4 END AS d2 "
	    "FROM u WHERE u.start IS NOT NULL AND u.start <= ?3 "
	    "AND (u.stop IS NULL OR u.stop > ?2)), ");
}

/* The rate of item i for unit s (fee.h: the most specific, then the
 * latest); parking rates for parking spaces only; area, fixed and
 * shared rates that name no kind for everything else. */
static const char rate_pick[] =
	"(SELECT r.id FROM temp.fee_rate_t r WHERE r.item = i.code "
	"AND (r.site_id IS NULL OR r.site_id = s.site_id) "
	"AND (r.building_id IS NULL OR r.building_id = s.building_id) "
	"AND (r.kind IS NULL OR r.kind = s.kind) "
	"AND (i.basis <> 2 OR s.kind = 'parking') "
	"AND (i.basis = 2 OR i.basis = 3 OR r.kind IS NOT NULL OR s.kind <> 'parking') "
	"ORDER BY r.spec DESC, r.from_p DESC, r.id DESC LIMIT 1) AS rate_id ";

static const char not_billed[] =
	"NOT EXISTS (SELECT 1 FROM bill_line l WHERE l.unit_id = %s AND l.item = %s "
	"AND l.period = ?5 AND l.kind = 'period')";

/* The lines of the prorated and metered items, one statement. */
static int
stage_lines(pm_ctx *ctx, const pm_fee_conf *c, int64_t sid, const char *fd, const char *ld,
    int n, const char *period, pm_err *err)
{
	pm_buf q, area, fixed, metered;
	int rc;

	pm_buf_init(&q);
	pm_buf_init(&area);
	pm_buf_init(&fixed);
	pm_buf_init(&metered);
	/* area (0.01 m2) x rate (0.0001 yuan) x percent: 10^-8 yuan */
	if (pm_prorate_part_sql(&area, c->rules.prorate, c->rules.round, "q.area * q.rate * q.pct",
	    "1000000", "?4", "q.d1", "q.d2") != 0 ||
	    pm_prorate_part_sql(&fixed, c->rules.prorate, c->rules.round, "q.rate * q.pct", "10000",
	    "?4", "q.d1", "q.d2") != 0 ||
	    pm_money_muldiv_sql(&metered, "q.mnum", "1", "10000", c->rules.round) != 0) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("fee: a bad rounding or proration rule"));
		goto out;
	}
	pm_buf_adds(&q, "INSERT INTO temp.fee_stage (unit_id, site_id, item, rate, qty, day_from, "
	    "day_to, amount) ");
	units_cte(&q, sid != 0);
	pm_buf_addf(&q, "p AS (SELECT s.*, i.code AS item, i.basis AS basis, "
	    "i.meter AS meter, %s "
	    "FROM s CROSS JOIN temp.fee_item_t i WHERE i.basis <= 3 AND ", rate_pick);
	pm_buf_addf(&q, not_billed, "s.id", "i.code");
	pm_buf_adds(&q, "), q0 AS (SELECT p.*, r.rate AS rate, "
	    "CASE WHEN p.state = 'vacant' AND p.basis < 3 THEN coalesce((SELECT v.percent "
	    "  FROM temp.fee_vacant_t v WHERE (v.item IS NULL OR v.item = p.item) "
	    "  AND (v.site_id IS NULL OR v.site_id = p.site_id) ORDER BY v.ord LIMIT 1), 100) "
	    "ELSE 100 END AS pct, "
	    "(SELECT sum(k.used) FROM temp.fee_use_t k WHERE p.basis = 3 AND k.unit_id = p.id "
	    "  AND k.kind = p.meter) AS used "
	    "FROM p JOIN temp.fee_rate_t r ON r.id = p.rate_id), "
	    "q AS (SELECT q0.*, CASE WHEN q0.basis = 3 THEN coalesce((SELECT sum(CASE WHEN "
	    "  q0.used > t.lo THEN ((CASE WHEN t.hi IS NULL OR q0.used < t.hi THEN q0.used "
	    "  ELSE t.hi END) - t.lo) * t.rate ELSE 0 END) FROM temp.fee_tier_t t "
	    "  WHERE t.rate_id = q0.rate_id), q0.used * q0.rate) END AS mnum "
	    "FROM q0 WHERE q0.basis <> 3 OR q0.used IS NOT NULL) "
	    "SELECT id, site_id, item, rate, qty, df, dt, amount FROM ("
	    "SELECT q.id, q.site_id, q.item, q.rate, "
	    "CASE q.basis WHEN 0 THEN q.area WHEN 3 THEN q.used ELSE 1 END AS qty, "
	    "CASE WHEN q.basis = 3 THEN NULL ELSE q.d1 END AS df, "
	    "CASE WHEN q.basis = 3 THEN NULL ELSE q.d2 END AS dt, CASE q.basis WHEN 0 THEN ");
	pm_buf_adds(&q, area.s);
	pm_buf_adds(&q, " WHEN 3 THEN ");
	pm_buf_adds(&q, metered.s);
	pm_buf_adds(&q, " ELSE ");
	pm_buf_adds(&q, fixed.s);
	pm_buf_adds(&q, " END AS amount FROM q WHERE q.d1 <= q.d2) WHERE amount <> 0");
	rc = pm_db_run(ctx->db, err, q.s, "ittit", sid, fd, ld, (int64_t)n, period);
out:
	pm_buf_free(&q);
	pm_buf_free(&area);
	pm_buf_free(&fixed);
	pm_buf_free(&metered);
	return rc;
}

/* The lines of the shared items: each rate's total over the units it
 * applies to, by weight, largest remainder (as pm_money_allocate). */
static int
stage_shared(pm_ctx *ctx, int64_t sid, const char *fd, const char *ld, int n,
    const char *period, pm_err *err)
{
	pm_buf q;
	int rc;

	pm_buf_init(&q);
	pm_buf_adds(&q, "INSERT INTO temp.fee_stage (unit_id, site_id, item, rate, qty, day_from, "
	    "day_to, amount) ");
	units_cte(&q, sid != 0);
	pm_buf_addf(&q, "p AS (SELECT s.id, s.site_id, s.area, i.code AS item, "
	    "i.household AS household, %s FROM s CROSS JOIN temp.fee_item_t i "
	    "WHERE i.basis = 4 AND s.d1 <= s.d2), ", rate_pick);
	pm_buf_adds(&q, "g AS (SELECT p.*, r.rate AS rate, r.rate / 100 AS total, "
	    "CASE WHEN p.household = 1 THEN 1 ELSE p.area END AS w "
	    "FROM p JOIN temp.fee_rate_t r ON r.id = p.rate_id WHERE r.rate > 0), "
	    "h AS (SELECT g.*, sum(g.w) OVER (PARTITION BY g.rate_id) AS wsum FROM g), "
	    "k AS (SELECT h.*, h.total * h.w / h.wsum AS fl, h.total * h.w % h.wsum AS rem "
	    "FROM h), "
	    "z AS (SELECT k.*, k.total - sum(k.fl) OVER (PARTITION BY k.rate_id) AS rest, "
	    "row_number() OVER (PARTITION BY k.rate_id ORDER BY k.rem DESC, k.id) AS rk FROM k) "
	    "SELECT id, site_id, item, rate, w, NULL, NULL, amount FROM (SELECT z.*, "
	    "z.fl + CASE WHEN z.rk <= z.rest THEN 1 ELSE 0 END AS amount FROM z) "
	    "WHERE amount <> 0 AND ");
	pm_buf_addf(&q, not_billed, "id", "item");
	rc = pm_db_run(ctx->db, err, q.s, "ittit", sid, fd, ld, (int64_t)n, period);
	pm_buf_free(&q);
	return rc;
}

static int
sums(pm_ctx *ctx, const char *sql, int64_t run, int (*fn)(void *arg, const pm_fee_sum *sum),
    void *arg, pm_fee_run *res, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_fee_sum s;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	if (run != 0)
		pm_stmt_bind_int(st, 1, run);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		s.item = pm_stmt_text(st, 0);
		s.lines = pm_stmt_int(st, 1);
		s.total = pm_stmt_int(st, 2);
		res->lines += s.lines;
		if (pm_money_add(res->total, s.total, &res->total) != 0) {
			rc = pm_err_set(err, PM_EX_DATAERR, _("fee: the run's total overflows"));
			break;
		}
		if (fn != NULL && (rc = fn(arg, &s)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

int
pm_fee_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_month m, const char *site, int dry,
    int (*fn)(void *arg, const pm_fee_sum *sum), void *arg, pm_fee_run *res, pm_err *err)
{
	char fd[24], ld[24], period[16], due[16], after[256];
	int64_t sid = 0, base = 0;
	int n = pm_month_days(m), rc;

	memset(res, 0, sizeof *res);
	if (site != NULL && (rc = site_id(ctx, site, &sid, err)) != 0)
		return rc;
	snprintf(period, sizeof period, "%04d-%02d", m.year, m.month);
	snprintf(fd, sizeof fd, "%04d-%02d-01", m.year % 10000, m.month % 100);
	snprintf(ld, sizeof ld, "%04d-%02d-%02d", m.year % 10000, m.month % 100, n % 100);
	pm_date_format(pm_fee_due(c, m), due, sizeof due);
	if ((rc = load_rates(ctx, c, m, err)) != 0 ||
	    (rc = load_use(ctx, site, sid, m, period, err)) != 0 ||
	    (rc = stage_lines(ctx, c, sid, fd, ld, n, period, err)) != 0 ||
	    (rc = stage_shared(ctx, sid, fd, ld, n, period, err)) != 0)
		return rc;
	if (dry) {
		rc = sums(ctx, "SELECT item, count(*), sum(amount) FROM temp.fee_stage "
		    "GROUP BY item ORDER BY item", 0, fn, arg, res, err);
		if (rc == 0)
			rc = pm_db_get_int(ctx->db, err, &res->bills, NULL,
			    "SELECT count(DISTINCT unit_id) FROM temp.fee_stage", "");
		return rc;
	}
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO fee_run (kind, period, site_id, at, actor) "
	    "VALUES ('bill', ?1, ?2, ?3, ?4)", "tIit", period, sid, (int64_t)ctx->now,
	    ctx->actor.login)) != 0)
		return rc;
	res->run = pm_db_last_id(ctx->db);
	if ((rc = pm_db_get_int(ctx->db, err, &base, NULL, "SELECT coalesce(max(id), 0) FROM bill",
	    "")) != 0)
		return rc;
	/* bills B<base+1>.. in unit order, then their lines in item order */
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO bill (id, run_id, site_id, unit_id, period, "
	    "date, due) SELECT ?1 + row_number() OVER (ORDER BY unit_id), ?2, site_id, unit_id, "
	    "?3, ?4, ?5 FROM (SELECT unit_id, min(site_id) AS site_id FROM temp.fee_stage "
	    "GROUP BY unit_id) x", "iittt", base, res->run, period, fd, due)) != 0)
		return rc;
	res->bills = pm_db_changes(ctx->db);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, "
	    "period, rate, qty, day_from, day_to, amount) SELECT b.id, row_number() OVER "
	    "(PARTITION BY s.unit_id ORDER BY s.item), s.unit_id, 'period', s.item, ?2, s.rate, "
	    "s.qty, s.day_from, s.day_to, s.amount FROM temp.fee_stage s JOIN bill b "
	    "ON b.run_id = ?1 AND b.unit_id = s.unit_id", "it", res->run, period)) != 0)
		return rc;
	if ((rc = pm_ledger_post_select(ctx, err, NULL, entries_sql, postings_sql, "i",
	    res->run)) != 0)
		return rc;
	if ((rc = sums(ctx, "SELECT l.item, count(*), sum(l.amount) FROM bill b JOIN bill_line l "
	    "ON l.bill_id = b.id WHERE b.run_id = ?1 GROUP BY l.item ORDER BY l.item", res->run,
	    fn, arg, res, err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "UPDATE fee_run SET bills = ?2, lines = ?3, total = ?4 "
	    "WHERE id = ?1", "iiii", res->run, res->bills, res->lines, res->total)) != 0)
		return rc;
	snprintf(after, sizeof after, "{\"period\":\"%s\",\"site\":%s%s%s,\"bills\":%lld,"
	    "\"lines\":%lld,\"total_fen\":%lld}", period, site ? "\"" : "", site ? site : "null",
	    site ? "\"" : "", (long long)res->bills, (long long)res->lines, (long long)res->total);
	{
		char id[32];

		snprintf(id, sizeof id, "%lld", (long long)res->run);
		rc = pm_audit_log(ctx, "fee_run", id, "bill", NULL, after, err);
	}
	return rc;
}

/* ---- one-off charges ------------------------------------------------------- */

static int
unit_of(pm_ctx *ctx, const char *site, const char *unit, int64_t *uid, int64_t *sid,
    char *scode, size_t n, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, site != NULL ?
	    "SELECT u.id, u.site_id, s.code FROM unit u JOIN site s ON s.id = u.site_id "
	    "WHERE s.code = ?2 AND u.code = ?1" :
	    "SELECT u.id, u.site_id, s.code FROM unit u JOIN site s ON s.id = u.site_id "
	    "WHERE u.code = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, unit);
	if (site != NULL)
		pm_stmt_bind_text(st, 2, site);
	*uid = 0;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if (*uid != 0) {
			pm_stmt_free(st);
			return pm_text_fail(err, PM_EX_USAGE,
			    _("unit %s: more than one site has it: name the site"), unit);
		}
		*uid = pm_stmt_int(st, 0);
		*sid = pm_stmt_int(st, 1);
		snprintf(scode, n, "%s", pm_stmt_text(st, 2));
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if (*uid == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("unit %s: no such unit"), unit);
	return 0;
}

int
pm_fee_charge(pm_ctx *ctx, const pm_fee_conf *c, const pm_fee_charge_in *in, pm_id *bill,
    pm_err *err)
{
	char scode[64], period[16], date[16], due[16], ref[32], lref[40], src[24] = "", ucode[64];
	pm_buf recv, inc, after;
	pm_ledger_posting post[2];
	pm_ledger_entry e;
	pm_month m;
	int64_t uid = 0, sid = 0, run, bid;
	int rc;

	memset(bill, 0, sizeof *bill);
	if (in->unit == NULL || in->unit[0] == '\0')
		return pm_err_field(err, PM_EX_USAGE, "unit", _("a unit is required"));
	if (in->item == NULL || pm_fee_item_find(c, in->item) == NULL)
		return pm_text_fail(err, PM_EX_NOINPUT, _("fee item %s: no such item"),
		    in->item != NULL ? in->item : "");
	if (in->amount == 0 || in->amount > PM_MONEY_MAX || in->amount < -PM_MONEY_MAX ||
	    (in->amount < 0 && in->source.type == 0))
		return pm_err_field(err, PM_EX_DATAERR, "amount", _("the amount must be above 0"));
	if (in->reason == NULL || in->reason[0] == '\0' || strlen(in->reason) > 500 ||
	    !pm_utf8_valid(in->reason, strlen(in->reason)))
		return pm_err_field(err, PM_EX_USAGE, "reason",
		    _("a reason is required (1-500 bytes of UTF-8)"));
	if ((rc = unit_of(ctx, in->site, in->unit, &uid, &sid, scode, sizeof scode, err)) != 0)
		return rc;
	snprintf(ucode, sizeof ucode, "%s", in->unit);
	m = pm_month_of(ctx->now);
	snprintf(period, sizeof period, "%04d-%02d", m.year, m.month);
	pm_date_format(pm_date_of(ctx->now), date, sizeof date);
	pm_date_format(pm_fee_due(c, m), due, sizeof due);
	if (strcmp(due, date) < 0)
		snprintf(due, sizeof due, "%s", date);
	if (in->source.type != 0)
		pm_id_format(in->source, src, sizeof src);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO fee_run (kind, period, site_id, at, actor, "
	    "bills, lines, total) VALUES ('charge', ?1, ?2, ?3, ?4, 1, 1, ?5)", "tiiti", period,
	    sid, (int64_t)ctx->now, ctx->actor.login, in->amount)) != 0)
		return rc;
	run = pm_db_last_id(ctx->db);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO bill (id, run_id, site_id, unit_id, period, "
	    "date, due) VALUES ((SELECT coalesce(max(id), 0) + 1 FROM bill), ?1, ?2, ?3, ?4, ?5, "
	    "?6)", "iiittt", run, sid, uid, period, date, due)) != 0)
		return rc;
	bid = pm_db_last_id(ctx->db);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, "
	    "period, amount, reason, source, source_event) VALUES (?1, 1, ?2, 'charge', ?3, ?4, "
	    "?5, ?6, ?7, ?8)", "iittitTI", bid, uid, in->item, period, in->amount, in->reason, src,
	    in->source_event)) != 0)
		return rc;
	snprintf(ref, sizeof ref, "B%lld", (long long)bid);
	snprintf(lref, sizeof lref, "B%lld.1", (long long)bid);
	pm_buf_init(&recv);
	pm_buf_init(&inc);
	pm_buf_init(&after);
	if ((rc = pm_fee_account(&recv, PM_FEE_ACC_RECEIVABLE, scode, ucode, err)) != 0 ||
	    (rc = pm_fee_account(&inc, PM_FEE_ACC_INCOME, in->item, NULL, err)) != 0)
		goto out;
	post[0].account = recv.s;
	post[0].amount = in->amount;
	post[0].ref = lref;
	post[1].account = inc.s;
	post[1].amount = -in->amount;
	post[1].ref = lref;
	memset(&e, 0, sizeof e);
	e.kind = "charge";
	e.date = pm_date_of(ctx->now);
	e.ref = ref;
	e.post = post;
	e.npost = 2;
	if ((rc = pm_ledger_post(ctx, &e, NULL, NULL, err)) != 0)
		goto out;
	pm_buf_adds(&after, "{\"unit\":");
	pm_json_str(&after, ucode);
	pm_buf_adds(&after, ",\"item\":");
	pm_json_str(&after, in->item);
	pm_buf_addf(&after, ",\"amount_fen\":%lld,\"reason\":", (long long)in->amount);
	pm_json_str(&after, in->reason);
	if (src[0] != '\0') {
		pm_buf_adds(&after, ",\"source\":");
		pm_json_str(&after, src);
	}
	pm_buf_addc(&after, '}');
	if ((rc = pm_audit_log(ctx, "bill", ref, "charge", NULL, after.s, err)) != 0)
		goto out;
	bill->type = 'B';
	bill->n = bid;
out:
	pm_buf_free(&recv);
	pm_buf_free(&inc);
	pm_buf_free(&after);
	return rc;
}

/* ---- paid repairs ----------------------------------------------------------- */

struct last_charge {
	int64_t seq;
};

static int
find_charge(void *arg, const pm_event *e)
{
	struct last_charge *l = arg;

	if (strcmp(e->event, "charge") == 0)
		l->seq = e->seq;
	return 0;
}

int
pm_fee_charge_workorder(pm_ctx *ctx, const pm_fee_conf *c, pm_id w, const char *item,
    pm_id *bill, pm_err *err)
{
	pm_wo_filter f;
	pm_wo_iter *it = NULL;
	pm_wo_row row;
	struct last_charge lc = { 0 };
	pm_fee_charge_in in;
	char unit[64] = "", site[64] = "", src[24], reason[96];
	int64_t charge = 0, charged = 0;
	int found = 0, rc;

	memset(bill, 0, sizeof *bill);
	memset(&f, 0, sizeof f);
	f.all = 1;
	f.one = w.n;
	f.cols = PM_WC_BIT(PM_WC_ID) | PM_WC_BIT(PM_WC_SITE) | PM_WC_BIT(PM_WC_UNIT) |
	    PM_WC_BIT(PM_WC_CHARGE_FEN);
	if ((rc = pm_workorder_list(ctx, &f, &it, err)) != 0)
		return rc;
	if ((rc = pm_workorder_next(it, &row, err)) == 1) {
		found = 1;
		if (!row.c[PM_WC_SITE].null && row.c[PM_WC_SITE].s != NULL)
			snprintf(site, sizeof site, "%s", row.c[PM_WC_SITE].s);
		if (!row.c[PM_WC_UNIT].null && row.c[PM_WC_UNIT].s != NULL)
			snprintf(unit, sizeof unit, "%s", row.c[PM_WC_UNIT].s);
		charge = row.c[PM_WC_CHARGE_FEN].null ? -1 : row.c[PM_WC_CHARGE_FEN].i;
	}
	pm_workorder_iter_free(it);
	if (rc < 0)
		return err->status;
	pm_id_format(w, src, sizeof src);
	if (!found)
		return pm_text_fail(err, PM_EX_NOINPUT, _("work order %s: no such work order"), src);
	if ((rc = pm_timeline_each(ctx, "workorder", w.n, find_charge, &lc, err)) != 0)
		return rc;
	if (lc.seq == 0 || charge < 0 || unit[0] == '\0')
		return pm_text_fail(err, PM_EX_DATAERR,
		    _("work order %s: not done as a chargeable job"), src);
	/* this event charged already: nothing more */
	if ((rc = pm_db_get_int(ctx->db, err, &charged, &found, "SELECT bill_id FROM bill_line "
	    "WHERE source = ?1 AND source_event = ?2", "ti", src, lc.seq)) != 0)
		return rc;
	if (found) {
		bill->type = 'B';
		bill->n = charged;
		return 0;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &charged, NULL, "SELECT coalesce(sum(amount), 0) "
	    "FROM bill_line WHERE source = ?1", "t", src)) != 0)
		return rc;
	if (charge == charged)
		return 0;
	memset(&in, 0, sizeof in);
	in.site = site[0] != '\0' ? site : NULL;
	in.unit = unit;
	in.item = item;
	in.amount = charge - charged;
	snprintf(reason, sizeof reason, charged == 0 ? "paid repair %s" :
	    "paid repair %s: amount changed", src);
	in.reason = reason;
	in.source = w;
	in.source_event = lc.seq;
	if ((rc = pm_fee_charge(ctx, c, &in, bill, err)) != 0)
		return rc;
	return pm_link_add(ctx, w, *bill, "charge", NULL, err);
}
