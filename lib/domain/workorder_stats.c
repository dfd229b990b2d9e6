/* workorder_stats.c — the month's work-order figures as streaming SQL aggregates; see
 * workorder_stats.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "org.h"
#include "stat.h"
#include "unit.h"
#include "workorder_stats.h"

const pm_col pm_workorder_stats_cols[PM_WS_NCOL] = {
	{ "by", PM_C_TEXT, 8, 0, 0 },
	{ "key", PM_C_TEXT, 24, 0, PM_COL_KEY },
	{ "jobs", PM_C_INT, 0, 0, 0 },
	{ "share_pct", PM_C_DEC2, 0, 0, 0 },
	{ "done", PM_C_INT, 0, 0, 0 },
	{ "cancelled", PM_C_INT, 0, 0, 0 },
	{ "planned_due", PM_C_INT, 0, 0, 0 },
	{ "planned_on_time", PM_C_INT, 0, 0, 0 },
	{ "completion_pct", PM_C_DEC2, 0, 0, 0 },
	{ "on_site_p50_s", PM_C_SPAN, 0, 0, 0 },
	{ "on_site_p90_s", PM_C_SPAN, 0, 0, 0 },
	{ "fix_p50_s", PM_C_SPAN, 0, 0, 0 },
	{ "fix_p90_s", PM_C_SPAN, 0, 0, 0 },
	{ "failures", PM_C_INT, 0, 0, 0 },
	{ "downtime_s", PM_C_SPAN, 0, 0, 0 },
	{ "mtbf_s", PM_C_SPAN, 0, 0, 0 },
	{ "minutes", PM_C_INT, 0, 0, 0 },
	{ "parts_fen", PM_C_MONEY, 0, 0, 0 },
	{ "cost_fen", PM_C_MONEY, 0, 0, 0 },
};

/*
 * Per grouping: the key of a job row w, and the label of a key k.k.
 * Nullable keys are folded to 0 so the joins between the partial
 * results stay plain equality joins (as in complaint_stats.c); the label
 * turns 0 back into NULL.
 */
static const struct grouping {
	const char *name, *key, *label;
} groupings[PM_WS_NBY] = {
	{ "all", "0", "'all'" },
	{ "source", "w.source_type", "k.k" },
	{ "type", "w.type", "k.k" },
	{ "dept", "coalesce(w.dept_id, 0)", "(SELECT d.code FROM department d WHERE d.id = k.k)" },
	{ "site", "w.site_id", "(SELECT s.code FROM site s WHERE s.id = k.k)" },
	{ "equip", "coalesce(w.equipment_id, 0)",
	  "(SELECT s.code || '/' || e.code FROM equipment e JOIN site s ON s.id = e.site_id "
	  "WHERE e.id = k.k)" },
};

int
pm_workorder_stats_by_parse(const char *s)
{
	int i;

	for (i = 0; i < PM_WS_NBY; i++)
		if (strcmp(s, groupings[i].name) == 0)
			return i;
	return -1;
}

const char *
pm_workorder_stats_by_name(pm_wo_stats_by by)
{
	return (unsigned)by < PM_WS_NBY ? groupings[by].name : "?";
}

int
pm_workorder_stats_by_list(const char *s, pm_wo_stats_by *by, int *n, pm_err *err)
{
	static const pm_wo_stats_by dflt[] = { PM_WS_ALL, PM_WS_SOURCE, PM_WS_TYPE, PM_WS_DEPT,
		PM_WS_EQUIP };
	unsigned seen = 0;
	char word[16];
	size_t len;
	int b;

	*n = 0;
	if (s == NULL || *s == '\0') {
		memcpy(by, dflt, sizeof dflt);
		*n = (int)(sizeof dflt / sizeof dflt[0]);
		return 0;
	}
	for (;;) {
		len = strcspn(s, ",");
		if (len >= sizeof word)
			len = sizeof word - 1;
		memcpy(word, s, len);
		word[len] = '\0';
		if ((b = pm_workorder_stats_by_parse(word)) < 0) {
			pm_buf qw;
			int rc;

			pm_buf_init(&qw);
			rc = pm_err_field(err, PM_EX_USAGE, "by", _("by: %s: not one of %s"),
			    pm_text_quote(&qw, word), "all, source, type, dept, site, equip");
			pm_buf_free(&qw);
			return rc;
		}
		if (!(seen & (1u << b)))
			by[(*n)++] = (pm_wo_stats_by)b;
		seen |= 1u << b;
		s += strcspn(s, ",");
		if (*s == '\0')
			return 0;
		s++;
	}
}

/*
 * The parameters: ?1 the month's start, ?2 its end, ?3 now, ?4 site,
 * ?5 department, ?6 and ?7 the first dates of the month and the next
 * (occurrences compare as text), ?8 the end of what is counted (the
 * month's end, or now within it).  A planned job is on time when it was
 * done by its own due time (fix_due: the end of its occurrence's day, or
 * of the working day plan run moved it to), not by its nominal date.
 *
 * cur      the month's jobs with their key: one index range read;
 * agg      counts and sums per key;
 * due      the planned jobs whose occurrence is in the month, with the
 *          day's end: one range of workorder_occurrence;
 * os, fx   nearest-rank p50 and p90 of on-site and fix times (stat.h);
 * keys     the keys of the month's jobs and of the planned ones due.
 */

struct pm_wo_stats_iter {
	pm_stmt *st;
	pm_wo_stats_by by;
};

struct statq {
	pm_buf sql;
	int64_t site, dept;
	pm_time since, until, end, now;
	char from[40], to[40];
};

/* The filters of a read of workorder w; spelled with + where another
 * index drives the read (the occurrence's), so the planner keeps it. */
static void
filters(struct statq *q, int driven)
{
	if (q->site != 0)
		pm_buf_adds(&q->sql, driven ? " AND +w.site_id = ?4" : " AND w.site_id = ?4");
	if (q->dept != 0)
		pm_buf_adds(&q->sql, driven ? " AND +w.dept_id = ?5" : " AND w.dept_id = ?5");
}

#define DONE(p) "(" p "status = 'done' OR " p "status = 'verified')"

static int
statq_build(pm_ctx *ctx, const pm_wo_stats_q *in, pm_wo_stats_by by, struct statq *q,
    pm_err *err)
{
	const struct grouping *g;
	pm_month next;
	int rc;

	memset(q, 0, sizeof *q);
	pm_buf_init(&q->sql);
	if ((unsigned)by >= PM_WS_NBY)
		return pm_err_set(err, PM_EX_USAGE, _("stats: bad grouping"));
	if (in->month.month < 1 || in->month.month > 12 || in->month.year < 1 ||
	    in->month.year > 9998)
		return pm_err_field(err, PM_EX_USAGE, "month", _("month: out of range"));
	g = &groupings[by];
	if ((in->site != NULL && (rc = pm_unit_site_find(ctx, in->site, 0, &q->site, err)) != 0) ||
	    (in->dept != NULL && (rc = pm_org_dept_id(ctx, in->dept, 0, &q->dept, err)) != 0))
		return rc;
	q->since = pm_month_start(in->month);
	q->until = pm_month_end(in->month);
	q->now = ctx->now;
	q->end = ctx->now < q->until ? ctx->now : q->until;
	if (q->end < q->since)
		q->end = q->since;
	next = pm_month_add(in->month, 1);
	snprintf(q->from, sizeof q->from, "%04d-%02d-01", in->month.year, in->month.month);
	snprintf(q->to, sizeof q->to, "%04d-%02d-01", next.year, next.month);

	pm_buf_addf(&q->sql, "WITH cur AS (SELECT %s AS k, w.status, w.source_type, w.reported_at, "
	    "w.started_at, w.done_at, w.paused_s, w.minutes, w.parts_fen, w.cost_fen "
	    "FROM workorder w WHERE w.reported_at >= ?1 AND w.reported_at < ?2", g->key);
	filters(q, 0);
	pm_buf_adds(&q->sql, "), agg AS (SELECT k, count(*) AS n, "
	    "sum(CASE WHEN " DONE("") " THEN 1 ELSE 0 END) AS ndone, "
	    "sum(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END) AS ncanc, "
	    "sum(CASE WHEN source_type <> 'plan' AND status <> 'cancelled' THEN 1 ELSE 0 END) "
	    "AS nfail, "
	    "sum(CASE WHEN source_type <> 'plan' AND status <> 'cancelled' THEN "
	    "(CASE WHEN " DONE("") " AND done_at < ?8 THEN done_at ELSE ?8 END) - reported_at "
	    "ELSE 0 END) AS down, "
	    "coalesce(sum(minutes), 0) AS mins, sum(parts_fen) AS parts, sum(cost_fen) AS cost "
	    "FROM cur GROUP BY k), ");
	pm_buf_addf(&q->sql, "due AS (SELECT %s AS k, count(*) AS n, "
	    "sum(CASE WHEN " DONE("w.") " AND w.done_at <= w.fix_due THEN 1 ELSE 0 END) AS ok "
	    "FROM workorder w "
	    "WHERE w.plan_item_id IS NOT NULL AND w.occurrence >= ?6 AND w.occurrence < ?7 "
	    "AND w.status <> 'cancelled' AND (" DONE("w.") " OR w.fix_due <= ?3)", g->key);
	filters(q, 1);
	pm_buf_adds(&q->sql, " GROUP BY 1), ");
	pm_stat_pct_sql(&q->sql, "os", "cur", "started_at - reported_at", NULL);
	pm_buf_adds(&q->sql, ", ");
	pm_stat_pct_sql(&q->sql, "fx", "cur", "done_at - reported_at - paused_s", DONE(""));
	pm_buf_addf(&q->sql, ", tot AS (SELECT count(*) AS n FROM cur), keys AS (%s) "
	    "SELECT * FROM (SELECT '%s', %s AS label, coalesce(agg.n, 0) AS n, ",
	    by == PM_WS_ALL ? "SELECT 0 AS k" : "SELECT k FROM agg UNION SELECT k FROM due",
	    g->name, g->label);
	pm_stat_ratio_sql(&q->sql, "coalesce(agg.n, 0)", "tot.n", 10000);
	pm_buf_adds(&q->sql, ", coalesce(agg.ndone, 0), coalesce(agg.ncanc, 0), "
	    "coalesce(due.n, 0), coalesce(due.ok, 0), ");
	pm_stat_ratio_sql(&q->sql, "due.ok", "due.n", 10000);
	pm_buf_adds(&q->sql, ", os.p50, os.p90, fx.p50, fx.p90, coalesce(agg.nfail, 0), "
	    "coalesce(agg.down, 0), ");
	if (by == PM_WS_EQUIP) {
		/* the month's time in service per failure; overlapping
		 * failures of one equipment cannot make it negative */
		pm_buf_adds(&q->sql, "CASE WHEN k.k <> 0 THEN ");
		pm_stat_ratio_sql(&q->sql, "CASE WHEN ?8 - ?1 > agg.down THEN ?8 - ?1 - agg.down "
		    "ELSE 0 END", "agg.nfail", 1);
		pm_buf_adds(&q->sql, " END");
	} else {
		pm_buf_adds(&q->sql, "NULL");
	}
	pm_buf_adds(&q->sql, ", coalesce(agg.mins, 0), coalesce(agg.parts, 0), "
	    "coalesce(agg.cost, 0) FROM keys k CROSS JOIN tot "
	    "LEFT JOIN agg ON agg.k = k.k LEFT JOIN due ON due.k = k.k "
	    "LEFT JOIN os ON os.k = k.k LEFT JOIN fx ON fx.k = k.k) AS r "
	    "ORDER BY n DESC, CASE WHEN label IS NULL THEN 1 ELSE 0 END, label");
	return 0;
}

static void
statq_bind(const struct statq *q, pm_stmt *st)
{

	pm_stmt_bind_int(st, 1, q->since);
	pm_stmt_bind_int(st, 2, q->until);
	pm_stmt_bind_int(st, 3, q->now);
	if (q->site != 0)
		pm_stmt_bind_int(st, 4, q->site);
	if (q->dept != 0)
		pm_stmt_bind_int(st, 5, q->dept);
	pm_stmt_bind_text(st, 6, q->from);
	pm_stmt_bind_text(st, 7, q->to);
	pm_stmt_bind_int(st, 8, q->end);
}

int
pm_workorder_stats(pm_ctx *ctx, const pm_wo_stats_q *q, pm_wo_stats_by by,
    pm_wo_stats_iter **out, pm_err *err)
{
	pm_wo_stats_iter *it = NULL;
	struct statq s;
	int rc;

	*out = NULL;
	if ((rc = statq_build(ctx, q, by, &s, err)) != 0)
		goto out;
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->by = by;
	if ((rc = pm_db_prepare(ctx->db, s.sql.s, &it->st, err)) != 0)
		goto out;
	statq_bind(&s, it->st);
	*out = it;
	it = NULL;
out:
	pm_workorder_stats_iter_free(it);
	pm_buf_free(&s.sql);
	return rc;
}

int
pm_workorder_stats_next(pm_wo_stats_iter *it, pm_wo_stats_row *row, pm_err *err)
{
	int i, rc;

	if ((rc = pm_stmt_step(it->st, err)) != 1)
		return rc;
	for (i = 0; i < PM_WS_NCOL; i++) {
		pm_cell *c = &row->c[i];
		c->null = pm_stmt_null(it->st, i);
		c->i = c->null || i <= PM_WS_KEY ? 0 : pm_stmt_int(it->st, i);
		c->s = NULL;
	}
	row->c[PM_WS_BY].s = pm_stmt_text(it->st, PM_WS_BY);
	row->c[PM_WS_KEY].s = pm_stmt_text(it->st, PM_WS_KEY);
	return 1;
}

void
pm_workorder_stats_iter_free(pm_wo_stats_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

int
pm_workorder_stats_plan(pm_ctx *ctx, const pm_wo_stats_q *q, pm_wo_stats_by by,
    pm_buf *plan, pm_err *err)
{
	pm_stmt *st = NULL;
	struct statq s;
	int rc;

	if ((rc = statq_build(ctx, q, by, &s, err)) == 0 &&
	    (rc = pm_db_prepare_plan(ctx->db, s.sql.s, &st, err)) == 0) {
		statq_bind(&s, st);
		rc = pm_stmt_plan(st, plan, err);
	}
	pm_stmt_free(st);
	pm_buf_free(&s.sql);
	return rc;
}
