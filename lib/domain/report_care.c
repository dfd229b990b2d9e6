/* report_care.c — the report sections "complaints" and "maintenance"; see report_care.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "config.h"
#include "report_care.h"
#include "unit.h"

#define SLOTS ((1u << PM_FIG_CUR) | (1u << PM_FIG_PREV) | (1u << PM_FIG_YOY))

static int compute_complaints(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err);
static int compute_maintenance(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err);

static const pm_fig_def complaint_figs[] = {
	{ "complaints.received", PM_FIG_COUNT, N_("Contacts received"), 0 },
	{ "complaints.open", PM_FIG_COUNT, N_("Still open"), -1 },
	{ "complaints.response", PM_FIG_DIST, N_("Response time"), -1 },
	{ "complaints.resolve", PM_FIG_DIST, N_("Resolution time"), -1 },
	{ "complaints.in_time", PM_FIG_RATIO, N_("Resolved within the limit"), 1 },
	{ "complaints.repeat", PM_FIG_RATIO, N_("Repeat contacts"), -1 },
	{ "complaints.satisfaction", PM_FIG_RATIO, N_("Satisfied at the follow-up visit"), 1 },
	{ "complaints.satisfaction_mean", PM_FIG_MEAN, N_("Mean visit score"), 1 },
	{ "complaints.visit_coverage", PM_FIG_RATIO, N_("Closed contacts visited"), 1 },
};

static const pm_fig_col count_col[] = {
	{ "count", PM_FIG_COUNT, N_("Contacts") },
};

static const pm_fig_table_def complaint_tables[] = {
	{ "complaints.by_kind", N_("Contacts by kind"), N_("Kind"), 1, count_col, 0, 0, SLOTS,
	  PM_FIG_CHART_NONE, 0, PM_FIG_LABEL_MSGID },
	{ "complaints.by_category", N_("Contacts by category"), N_("Category"), 1, count_col, 0,
	  0, SLOTS, PM_FIG_CHART_BAR, 0, PM_FIG_LABEL_DATA },
	{ "complaints.by_channel", N_("Contacts by channel"), N_("Channel"), 1, count_col, 0, 0,
	  SLOTS, PM_FIG_CHART_NONE, 0, PM_FIG_LABEL_MSGID },
	{ "complaints.top_problems", N_("Recurring problems"), N_("Building · category"), 1,
	  count_col, 0, 10, SLOTS, PM_FIG_CHART_NONE, 0, PM_FIG_LABEL_DATA },
};

const pm_fig_section pm_report_complaints_section = {
	"complaints", N_("Complaints and owner contacts"),
	complaint_figs, (int)(sizeof complaint_figs / sizeof complaint_figs[0]),
	complaint_tables, (int)(sizeof complaint_tables / sizeof complaint_tables[0]),
	compute_complaints
};

static const pm_fig_def maint_figs[] = {
	{ "maintenance.planned_due", PM_FIG_COUNT, N_("Planned jobs due"), 0 },
	{ "maintenance.planned_on_time", PM_FIG_RATIO, N_("Planned jobs done on time"), 1 },
	{ "maintenance.faults", PM_FIG_COUNT, N_("Faults reported"), -1 },
	{ "maintenance.onsite", PM_FIG_DIST, N_("Time to on site"), -1 },
	{ "maintenance.fix", PM_FIG_DIST, N_("Time to fix"), -1 },
	{ "maintenance.cost_fen", PM_FIG_FEN, N_("Maintenance cost"), 0 },
};

static const pm_fig_col equip_cols[] = {
	{ "failures", PM_FIG_COUNT, N_("Failures") },
	{ "cost_fen", PM_FIG_FEN, N_("Cost") },
};

static const pm_fig_table_def maint_tables[] = {
	{ "maintenance.top_equipment", N_("Equipment with the most failures"), N_("Equipment"),
	  2, equip_cols, 0, 10, SLOTS, PM_FIG_CHART_NONE, 0, PM_FIG_LABEL_DATA },
};

const pm_fig_section pm_report_maintenance_section = {
	"maintenance", N_("Maintenance"),
	maint_figs, (int)(sizeof maint_figs / sizeof maint_figs[0]),
	maint_tables, (int)(sizeof maint_tables / sizeof maint_tables[0]),
	compute_maintenance
};

/* The row labels of the kinds and channels a contact is stored with
 * (schema/0006-contact.sql): the row keys stay the stored words; the
 * labels are msgids, which the documents translate (figure.h). */
static const char *const row_labels[][2] = {
	{ "complaint", N_("Complaint") },
	{ "repair", N_("Repair request") },
	{ "suggestion", N_("Suggestion") },
	{ "inquiry", N_("Inquiry") },
	{ "praise", N_("Praise") },
	{ "phone", N_("Telephone") },
	{ "letter", N_("Letter") },
	{ "online", N_("Online platform") },
	{ "walkin", N_("Walk-in") },
	{ "wechat", N_("WeChat") },
	{ "email", N_("E-mail") },
	{ "meeting", N_("Owners' meeting") },
	{ "survey", N_("Survey") },
};

static const char *
row_label(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof row_labels / sizeof row_labels[0]; i++)
		if (strcmp(row_labels[i][0], key) == 0)
			return row_labels[i][1];
	return NULL;
}

/*
 * Both statements return tagged rows (tag, key, row, label, a, b):
 *
 *	f  a scalar figure key: pm_figs_set(a, b)
 *	d  a DIST key: b values equal to a (minutes)
 *	c  table key, row: column 0 is a (label NULL: the row's own label)
 *	c2 the same, and column 1 is b
 *
 * Parameters: ?1 start, ?2 end (or just after asof, when that is
 * earlier), ?3 asof, ?4 the site's id (bound only
 * with a site), ?5 the lowest satisfied score; ?6 and ?7 the first days
 * of the month and the next as text (occurrences compare as text).
 *
 * A record's state at asof is its timeline's: per record the last
 * event id of each kind that moves it in or out of being resolved (a
 * contact) or done (a job) at or before asof, one seek of event_entity
 * per record of the period, so no history outside the period is read.
 * Within one record event ids are the order things happened.  lim_id
 * is the last event that set the record's limit (event.due) by asof:
 * its due is the limit in force then, and the one a resolution in force
 * was made against (report_care.h); the column when there is none.
 */
static const char contact_cur[] =
	"WITH cur AS (SELECT c.id, c.kind, c.channel, c.category, c.site_id, c.building_id, "
	"c.received_at, c.first_response_at, c.resolve_due, c.is_repeat, c.satisfaction "
	"FROM contact c WHERE c.received_at >= ?1 AND c.received_at < ?2";

static const char contact_rest[] =
	"), ev AS (SELECT e.entity_id AS id, "
	"max(CASE WHEN e.event = 'resolve' OR e.event = 'done' THEN e.id END) AS res_id, "
	"max(CASE WHEN e.event = 'resolve' OR e.event = 'done' THEN e.at END) AS res_at, "
	"max(CASE WHEN e.event = 'reopen' THEN e.id END) AS reo_id, "
	"max(CASE WHEN e.event = 'reject' OR e.event = 'duplicate' THEN e.id END) AS rej_id, "
	"max(CASE WHEN e.event = 'close' THEN e.id END) AS clo_id, "
	"max(CASE WHEN e.event = 'visit' THEN e.id END) AS vis_id, "
	"max(CASE WHEN e.due IS NOT NULL THEN e.id END) AS lim_id "
	"FROM event e WHERE e.entity = 'contact' AND e.entity_id IN (SELECT id FROM cur) "
	"AND e.at <= ?3 GROUP BY e.entity_id), "
	"st AS (SELECT cur.*, coalesce(lim.due, cur.resolve_due) AS due_then, "
	"CASE WHEN ev.res_id > coalesce(ev.reo_id, 0) AND ev.res_id > coalesce(ev.rej_id, 0) "
	"  THEN ev.res_at END AS solved_at, "
	"CASE WHEN ev.rej_id > coalesce(ev.reo_id, 0) AND ev.rej_id > coalesce(ev.res_id, 0) "
	"  THEN 1 ELSE 0 END AS dropped, "
	"CASE WHEN ev.clo_id > coalesce(ev.reo_id, 0) THEN 1 ELSE 0 END AS closed, "
	"CASE WHEN ev.vis_id > coalesce(ev.reo_id, 0) THEN 1 ELSE 0 END AS visited, "
	"CASE WHEN ev.vis_id IS NOT NULL THEN cur.satisfaction END AS score "
	"FROM cur LEFT JOIN ev ON ev.id = cur.id LEFT JOIN event lim ON lim.id = ev.lim_id), "
	"agg AS (SELECT count(*) AS n, "
	"coalesce(sum(CASE WHEN solved_at IS NULL AND dropped = 0 THEN 1 ELSE 0 END), 0) AS nopen, "
	"coalesce(sum(CASE WHEN dropped = 0 AND solved_at <= due_then THEN 1 ELSE 0 END), 0) "
	"  AS nintime, "
	"coalesce(sum(CASE WHEN dropped = 0 AND (solved_at IS NOT NULL OR due_then <= ?3) "
	"  THEN 1 ELSE 0 END), 0) AS ndue, "
	"coalesce(sum(is_repeat), 0) AS nrep, "
	"coalesce(sum(CASE WHEN score >= ?5 THEN 1 ELSE 0 END), 0) AS nsat, "
	"count(score) AS nscore, coalesce(sum(score), 0) AS sscore, "
	"coalesce(sum(closed * visited), 0) AS nvisited, coalesce(sum(closed), 0) AS nclosed "
	"FROM st) "
	"SELECT 'f', 'complaints.received', NULL, NULL, n, 0 FROM agg "
	"UNION ALL SELECT 'f', 'complaints.open', NULL, NULL, nopen, 0 FROM agg "
	"UNION ALL SELECT 'f', 'complaints.in_time', NULL, NULL, nintime, ndue FROM agg "
	"UNION ALL SELECT 'f', 'complaints.repeat', NULL, NULL, nrep, n FROM agg "
	"UNION ALL SELECT 'f', 'complaints.satisfaction', NULL, NULL, nsat, nscore FROM agg "
	"UNION ALL SELECT 'f', 'complaints.satisfaction_mean', NULL, NULL, sscore, nscore FROM agg "
	"UNION ALL SELECT 'f', 'complaints.visit_coverage', NULL, NULL, nvisited, nclosed FROM agg "
	"UNION ALL SELECT 'd', 'complaints.response', NULL, NULL, "
	"  (first_response_at - received_at + 59) / 60, count(*) FROM st "
	"  WHERE first_response_at <= ?3 GROUP BY 5 "
	"UNION ALL SELECT 'd', 'complaints.resolve', NULL, NULL, "
	"  (solved_at - received_at + 59) / 60, count(*) FROM st "
	"  WHERE solved_at IS NOT NULL GROUP BY 5 "
	"UNION ALL SELECT 'c', 'complaints.by_kind', kind, NULL, count(*), 0 FROM st GROUP BY 3 "
	"UNION ALL SELECT 'c', 'complaints.by_channel', channel, NULL, count(*), 0 FROM st "
	"  GROUP BY 3 "
	"UNION ALL SELECT 'c', 'complaints.by_category', coalesce(category, '-'), "
	"  coalesce(category, '-'), count(*), 0 FROM st GROUP BY 3 "
	"UNION ALL SELECT * FROM (SELECT 'c', 'complaints.top_problems', "
	"  coalesce(st.category, '-') || '|' || s.code || coalesce('/' || b.code, ''), "
	"  coalesce(CASE WHEN b.name <> '' THEN b.name ELSE b.code END, s.name) || ' · ' || "
	"  coalesce(st.category, '-'), count(*) AS n, 0 "
	"  FROM st JOIN site s ON s.id = st.site_id LEFT JOIN building b ON b.id = st.building_id "
	"  GROUP BY 3, 4 ORDER BY n DESC, 3 LIMIT 500) AS tp";

/* Faults by reported time; planned jobs by occurrence, the site spelled
 * with + there so the occurrence index keeps driving the read. */
static const char maint_flt[] =
	"WITH flt AS (SELECT w.id, w.equipment_id, w.reported_at, w.started_at, w.paused_s, "
	"w.cost_fen FROM workorder w WHERE w.reported_at >= ?1 AND w.reported_at < ?2 "
	"AND w.source_type <> 'plan'";

static const char maint_pln[] =
	"), pln AS (SELECT w.id, w.fix_due, w.cost_fen FROM workorder w "
	"WHERE w.plan_item_id IS NOT NULL AND w.occurrence >= ?6 AND w.occurrence < ?7";

static const char maint_rest[] =
	"), ev AS (SELECT e.entity_id AS id, "
	"max(CASE WHEN e.event = 'done' THEN e.id END) AS done_id, "
	"max(CASE WHEN e.event = 'done' THEN e.at END) AS done_at, "
	"max(CASE WHEN e.event = 'fail' OR e.event = 'reopen' THEN e.id END) AS back_id, "
	"max(CASE WHEN e.event = 'cancel' THEN e.id END) AS canc_id, "
	"max(CASE WHEN e.due IS NOT NULL THEN e.id END) AS lim_id "
	"FROM event e WHERE e.entity = 'workorder' "
	"AND e.entity_id IN (SELECT id FROM flt UNION ALL SELECT id FROM pln) "
	"AND e.at <= ?3 GROUP BY e.entity_id), "
	"st AS (SELECT j.planned, j.equipment_id, j.reported_at, j.started_at, j.paused_s, "
	"j.cost_fen, coalesce(lim.due, j.fix_due) AS fix_due, "
	"CASE WHEN ev.done_id > coalesce(ev.back_id, 0) AND ev.done_id > coalesce(ev.canc_id, 0) "
	"  THEN ev.done_at END AS done_at, "
	"CASE WHEN ev.canc_id > coalesce(ev.back_id, 0) AND ev.canc_id > coalesce(ev.done_id, 0) "
	"  THEN 1 ELSE 0 END AS cancelled "
	"FROM (SELECT id, 0 AS planned, equipment_id, reported_at, started_at, paused_s, cost_fen, "
	"  NULL AS fix_due FROM flt UNION ALL SELECT id, 1, NULL, NULL, NULL, 0, cost_fen, fix_due "
	"  FROM pln) AS j LEFT JOIN ev ON ev.id = j.id LEFT JOIN event lim ON lim.id = ev.lim_id), "
	"agg AS (SELECT "
	"coalesce(sum(CASE WHEN planned = 1 AND cancelled = 0 AND "
	"  (done_at IS NOT NULL OR fix_due <= ?3) THEN 1 ELSE 0 END), 0) AS ndue, "
	"coalesce(sum(CASE WHEN planned = 1 AND done_at <= fix_due THEN 1 ELSE 0 END), 0) AS nok, "
	"coalesce(sum(CASE WHEN planned = 0 AND cancelled = 0 THEN 1 ELSE 0 END), 0) AS nfault, "
	"coalesce(sum(CASE WHEN done_at IS NOT NULL THEN cost_fen ELSE 0 END), 0) AS cost "
	"FROM st) "
	"SELECT 'f', 'maintenance.planned_due', NULL, NULL, ndue, 0 FROM agg "
	"UNION ALL SELECT 'f', 'maintenance.planned_on_time', NULL, NULL, nok, ndue FROM agg "
	"UNION ALL SELECT 'f', 'maintenance.faults', NULL, NULL, nfault, 0 FROM agg "
	"UNION ALL SELECT 'f', 'maintenance.cost_fen', NULL, NULL, cost, 0 FROM agg "
	"UNION ALL SELECT 'd', 'maintenance.onsite', NULL, NULL, "
	"  (started_at - reported_at + 59) / 60, count(*) FROM st "
	"  WHERE planned = 0 AND cancelled = 0 AND started_at <= ?3 GROUP BY 5 "
	"UNION ALL SELECT 'd', 'maintenance.fix', NULL, NULL, "
	"  CASE WHEN done_at - reported_at - paused_s > 0 "
	"  THEN (done_at - reported_at - paused_s + 59) / 60 ELSE 0 END, count(*) FROM st "
	"  WHERE planned = 0 AND done_at IS NOT NULL GROUP BY 5 "
	"UNION ALL SELECT * FROM (SELECT 'c2', 'maintenance.top_equipment', "
	"  s.code || '/' || e.code, "
	"  s.code || '/' || e.code || CASE WHEN e.name <> '' THEN ' ' || e.name ELSE '' END, "
	"  count(*) AS n, coalesce(sum(CASE WHEN st.done_at IS NOT NULL THEN st.cost_fen END), 0) "
	"  FROM st JOIN equipment e ON e.id = st.equipment_id JOIN site s ON s.id = e.site_id "
	"  WHERE st.planned = 0 AND st.cancelled = 0 "
	"  GROUP BY 3, 4 ORDER BY n DESC, 3 LIMIT 500) AS te";

/* One section's statement for one period, and what it binds. */
struct careq {
	pm_buf sql;
	int64_t site, satisfied;
	pm_time start, end, asof;
	char from[16], to[16];
	int occurrences;
};

static int
careq_build(pm_ctx *ctx, const pm_fig_section *s, const pm_fig_period *p, struct careq *q,
    pm_err *err)
{
	pm_month next;
	int rc;

	memset(q, 0, sizeof *q);
	pm_buf_init(&q->sql);
	if (p->site != NULL && (rc = pm_unit_site_find(ctx, p->site, 0, &q->site, err)) != 0)
		return rc;
	/* nothing is received or reported after asof (a clock set back) */
	q->start = p->start;
	q->end = p->asof < p->end ? p->asof + 1 : p->end;
	q->asof = p->asof;
	if (s == &pm_report_complaints_section) {
		q->satisfied = pm_config_int(ctx->cfg, "complaint.satisfied_min");
		pm_buf_adds(&q->sql, contact_cur);
		if (q->site != 0)
			pm_buf_adds(&q->sql, " AND c.site_id = ?4");
		pm_buf_adds(&q->sql, contact_rest);
		return 0;
	}
	if (s != &pm_report_maintenance_section)
		return pm_err_set(err, PM_EX_SOFTWARE, _("report: %s: not a section of report_care"),
		    s->key);
	q->occurrences = 1;
	next = pm_month_add(p->month, 1);
	snprintf(q->from, sizeof q->from, "%04d-%02d-01", p->month.year, p->month.month);
	snprintf(q->to, sizeof q->to, "%04d-%02d-01", next.year, next.month);
	pm_buf_adds(&q->sql, maint_flt);
	if (q->site != 0)
		pm_buf_adds(&q->sql, " AND w.site_id = ?4");
	pm_buf_adds(&q->sql, maint_pln);
	if (q->site != 0)
		pm_buf_adds(&q->sql, " AND +w.site_id = ?4");
	pm_buf_adds(&q->sql, maint_rest);
	return 0;
}

static void
careq_bind(const struct careq *q, pm_stmt *st)
{
	pm_stmt_bind_int(st, 1, q->start);
	pm_stmt_bind_int(st, 2, q->end);
	pm_stmt_bind_int(st, 3, q->asof);
	if (q->site != 0)
		pm_stmt_bind_int(st, 4, q->site);
	if (q->occurrences) {
		pm_stmt_bind_text(st, 6, q->from);
		pm_stmt_bind_text(st, 7, q->to);
	} else {
		pm_stmt_bind_int(st, 5, q->satisfied);
	}
}

/* Store one tagged row in slot. */
static void
store(pm_figs *f, int slot, pm_stmt *st)
{
	const char *tag = pm_stmt_text(st, 0), *key = pm_stmt_text(st, 1);
	int64_t a = pm_stmt_int(st, 4), b = pm_stmt_int(st, 5);
	const char *row, *label;

	switch (tag[0]) {
	case 'f':
		pm_figs_set(f, slot, key, a, b);
		break;
	case 'd':
		pm_figs_dist(f, slot, key, a, b);
		break;
	case 'c':
		row = pm_stmt_text(st, 2);
		label = pm_stmt_null(st, 3) ? row_label(row) : pm_stmt_text(st, 3);
		pm_figs_cell(f, slot, key, row, label, 0, a, 0);
		if (tag[1] == '2')
			pm_figs_cell(f, slot, key, row, label, 1, b, 0);
		break;
	}
}

static int
compute(pm_ctx *ctx, const pm_fig_section *s, const pm_fig_period *p, pm_figs *f,
    pm_err *err)
{
	pm_stmt *st = NULL;
	struct careq q;
	int rc;

	if ((rc = careq_build(ctx, s, p, &q, err)) != 0 ||
	    (rc = pm_db_prepare(ctx->db, q.sql.s, &st, err)) != 0)
		goto out;
	careq_bind(&q, st);
	while ((rc = pm_stmt_step(st, err)) == 1)
		store(f, p->slot, st);
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&q.sql);
	return rc;
}

static int
compute_complaints(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	return compute(ctx, &pm_report_complaints_section, p, f, err);
}

static int
compute_maintenance(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	return compute(ctx, &pm_report_maintenance_section, p, f, err);
}

int
pm_report_care_plan(pm_ctx *ctx, const pm_fig_section *s, const pm_fig_period *p,
    pm_buf *plan, pm_err *err)
{
	pm_stmt *st = NULL;
	struct careq q;
	int rc;

	if ((rc = careq_build(ctx, s, p, &q, err)) == 0 &&
	    (rc = pm_db_prepare_plan(ctx->db, q.sql.s, &st, err)) == 0) {
		careq_bind(&q, st);
		rc = pm_stmt_plan(st, plan, err);
	}
	pm_stmt_free(st);
	pm_buf_free(&q.sql);
	return rc;
}
