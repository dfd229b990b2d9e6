/* complaint_stats.c — contact statistics as streaming SQL aggregates; see complaint_stats.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "complaint_stats.h"
#include "stat.h"

const pm_col pm_complaint_stats_cols[PM_CS_NCOL] = {
	{ "key", PM_C_TEXT, 24, 0, PM_COL_KEY },
	{ "count", PM_C_INT, 0, 0, 0 },
	{ "share_pct", PM_C_DEC2, 0, 0, 0 },
	{ "prev", PM_C_INT, 0, 0, 0 },
	{ "change", PM_C_INT, 0, 0, 0 },
	{ "response_p50_s", PM_C_SPAN, 0, 0, 0 },
	{ "response_p90_s", PM_C_SPAN, 0, 0, 0 },
	{ "resolve_p50_s", PM_C_SPAN, 0, 0, 0 },
	{ "resolve_p90_s", PM_C_SPAN, 0, 0, 0 },
	{ "in_time_pct", PM_C_DEC2, 0, 0, 0 },
	{ "repeat_pct", PM_C_DEC2, 0, 0, 0 },
	{ "satisfaction", PM_C_DEC2, 0, 0, 0 },
	{ "visit_pct", PM_C_DEC2, 0, 0, 0 },
};

/*
 * Per grouping: the key of a contact row c, and the label of a key k.k.
 * Nullable keys are folded to a value no real key has ('' or id 0) so
 * the joins between the partial results stay plain equality joins
 * (portable: no IS / IS NOT DISTINCT FROM); the label turns them back
 * into NULL.
 */
static const struct grouping {
	const char *name, *key, *label;
} groupings[PM_CS_NBY] = {
	{ "category", "coalesce(c.category, '')", "NULLIF(k.k, '')" },
	{ "building", "coalesce(c.building_id, 0)",
	  "(SELECT s.code || '/' || b.code FROM building b JOIN site s ON s.id = b.site_id "
	  "WHERE b.id = k.k)" },
	{ "site", "c.site_id", "(SELECT s.code FROM site s WHERE s.id = k.k)" },
	{ "channel", "c.channel", "k.k" },
	{ "dept", "coalesce(c.dept_id, 0)", "(SELECT d.code FROM department d WHERE d.id = k.k)" },
	{ "assignee", "coalesce(c.assignee_id, 0)",
	  "(SELECT s.login FROM staff s WHERE s.id = k.k)" },
	{ "kind", "c.kind", "k.k" },
	{ "all", "0", "'all'" },
};

int
pm_complaint_stats_by_parse(const char *s)
{
	int i;

	for (i = 0; i < PM_CS_NBY; i++)
		if (strcmp(s, groupings[i].name) == 0)
			return i;
	return -1;
}

const char *
pm_complaint_stats_by_name(pm_complaint_stats_by by)
{
	return (unsigned)by < PM_CS_NBY ? groupings[by].name : "?";
}

/*
 * The query, around the grouping's key and label.
 * Parameters: ?1 since, ?2 until, ?3 previous since, ?4 now, ?5 limit.
 *
 * cur      the period's contacts with their key: one index range read;
 * agg      counts and sums per key;
 * rp, sp   the nearest-rank p50 and p90 of the response and resolution
 *          times per key (stat.h);
 * prev     counts per key in the previous period;
 * keys     the keys of both periods (a group may have vanished).
 * Shares and means are stat.h's ratios: half up, NULL when nothing
 * divides.
 */
static const char sql_cur[] =
	" AS k, c.received_at, c.first_response_at, "
	"c.resolved_at, c.resolve_due, c.status, c.is_repeat, c.satisfaction, c.visits "
	"FROM contact c WHERE c.received_at >= ?1 AND c.received_at < ?2), "
	"agg AS (SELECT k, count(*) AS n, sum(is_repeat) AS rep, "
	"count(satisfaction) AS nsat, sum(satisfaction) AS ssat, "
	"sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS nclosed, "
	"sum(CASE WHEN status = 'closed' AND visits > 0 THEN 1 ELSE 0 END) AS nvisited, "
	"sum(CASE WHEN status IN ('rejected', 'duplicate') THEN 0 "
	"  WHEN resolved_at IS NOT NULL OR resolve_due <= ?4 THEN 1 ELSE 0 END) AS ndue, "
	"sum(CASE WHEN status IN ('rejected', 'duplicate') THEN 0 "
	"  WHEN resolved_at IS NOT NULL AND resolved_at <= resolve_due THEN 1 ELSE 0 END) "
	"  AS nintime "
	"FROM cur GROUP BY k), ";

/* One row always for the whole period; otherwise the keys of both periods. */
#define KEYS_ALL "SELECT 0 AS k"
#define KEYS_BOTH "SELECT k FROM agg UNION SELECT k FROM prev"

struct pm_complaint_stats_iter {
	pm_stmt *st;
};

static void
build_sql(pm_buf *sql, pm_complaint_stats_by by)
{
	const struct grouping *g = &groupings[by];

	pm_buf_addf(sql, "WITH cur AS (SELECT %s%s", g->key, sql_cur);
	pm_stat_pct_sql(sql, "rp", "cur", "first_response_at - received_at",
	    "first_response_at IS NOT NULL");
	pm_buf_adds(sql, ", ");
	pm_stat_pct_sql(sql, "sp", "cur", "resolved_at - received_at", "resolved_at IS NOT NULL");
	pm_buf_addf(sql, ", prev AS (SELECT %s AS k, count(*) AS n FROM contact c "
	    "WHERE c.received_at >= ?3 AND c.received_at < ?1 GROUP BY 1), "
	    "tot AS (SELECT count(*) AS n FROM cur), keys AS (%s) "
	    "SELECT * FROM (SELECT %s AS label, coalesce(agg.n, 0) AS n, ", g->key,
	    by == PM_CS_ALL ? KEYS_ALL : KEYS_BOTH, g->label);
	pm_stat_ratio_sql(sql, "coalesce(agg.n, 0)", "tot.n", 10000);
	pm_buf_adds(sql, ", coalesce(prev.n, 0), coalesce(agg.n, 0) - coalesce(prev.n, 0), "
	    "rp.p50, rp.p90, sp.p50, sp.p90, ");
	pm_stat_ratio_sql(sql, "agg.nintime", "agg.ndue", 10000);
	pm_buf_adds(sql, ", ");
	pm_stat_ratio_sql(sql, "agg.rep", "agg.n", 10000);
	pm_buf_adds(sql, ", ");
	pm_stat_ratio_sql(sql, "agg.ssat", "agg.nsat", 100);
	pm_buf_adds(sql, ", ");
	pm_stat_ratio_sql(sql, "agg.nvisited", "agg.nclosed", 10000);
	pm_buf_adds(sql, " FROM keys k CROSS JOIN tot "
	    "LEFT JOIN agg ON agg.k = k.k LEFT JOIN prev ON prev.k = k.k "
	    "LEFT JOIN rp ON rp.k = k.k LEFT JOIN sp ON sp.k = k.k) AS r "
	    "ORDER BY n DESC, CASE WHEN label IS NULL THEN 1 ELSE 0 END, label LIMIT ?5");
}

int
pm_complaint_stats(pm_ctx *ctx, const pm_complaint_stats_q *q, pm_complaint_stats_iter **out, pm_err *err)
{
	pm_complaint_stats_iter *it = NULL;
	pm_buf sql;
	int rc;

	*out = NULL;
	pm_buf_init(&sql);
	if ((unsigned)q->by >= PM_CS_NBY || q->top < 0) {
		rc = pm_err_set(err, PM_EX_USAGE, _("stats: bad grouping or top count"));
		goto out;
	}
	if (q->until <= q->since || q->prev_since > q->since) {
		rc = pm_err_set(err, PM_EX_USAGE, _("stats: the period ends before it starts"));
		goto out;
	}
	build_sql(&sql, q->by);
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	if ((rc = pm_db_prepare(ctx->db, sql.s, &it->st, err)) != 0)
		goto out;
	pm_stmt_bind_int(it->st, 1, q->since);
	pm_stmt_bind_int(it->st, 2, q->until);
	pm_stmt_bind_int(it->st, 3, q->prev_since);
	pm_stmt_bind_int(it->st, 4, ctx->now);
	pm_stmt_bind_int(it->st, 5, q->top > 0 ? q->top : INT64_MAX);
	*out = it;
	it = NULL;
out:
	pm_complaint_stats_iter_free(it);
	pm_buf_free(&sql);
	return rc;
}

int
pm_complaint_stats_next(pm_complaint_stats_iter *it, pm_complaint_stats_row *row, pm_err *err)
{
	int i, rc;

	if ((rc = pm_stmt_step(it->st, err)) != 1)
		return rc;
	for (i = 0; i < PM_CS_NCOL; i++) {
		pm_cell *c = &row->c[i];
		c->null = pm_stmt_null(it->st, i);
		c->i = c->null || i == PM_CS_KEY ? 0 : pm_stmt_int(it->st, i);
		c->s = NULL;
	}
	row->c[PM_CS_KEY].s = pm_stmt_text(it->st, PM_CS_KEY);
	return 1;
}

void
pm_complaint_stats_iter_free(pm_complaint_stats_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}
