/* report_safety.c — the report's patrols and actions sections; see report_safety.h. */
#include <stdio.h>
#include <string.h>

#include "action_review.h"
#include "db.h"
#include "drill.h"
#include "i18n.h"
#include "report_safety.h"
#include "unit.h"

/*
 * The statements.  Each reads its period by an index on the time it
 * counts: rounds by patrol_round_planned and their check-ins by the
 * (round_id, seq) key, hazards by hazard_found / hazard_rectified,
 * drills by drill_held_day (and those due by pm_drill_due: one statement
 * seeking drill_held and drill_next per site and kind), incidents by
 * incident_occurred.  What is open
 * at asof is the union of what is open now (the partial *_open indexes)
 * and what was closed after asof (the indexes on the closing times), so
 * no statement walks the history before the period.  ?N numbering is
 * given above each.
 */

/* ?1 start, ?2 cut (by asof: t < cut), ?3 now, ?4 site id (0: any) */
static const char rounds_sql[] =
	"SELECT s.code, s.name, count(*), "
	"sum(CASE WHEN x.started IS NOT NULL THEN 1 ELSE 0 END), "
	"sum(CASE WHEN x.started IS NULL AND x.closes <= ?3 THEN 1 ELSE 0 END), "
	"sum(x.points), sum(x.checked) "
	"FROM (SELECT r.site_id, r.started, r.closes, "
	" (SELECT count(*) FROM route_point rp WHERE rp.route_id = r.route_id "
	"  AND rp.version = r.version) AS points, "
	" (SELECT count(*) FROM checkin c WHERE c.round_id = r.id) AS checked "
	" FROM patrol_round r WHERE r.planned >= ?1 AND r.planned < ?2 "
	" AND (?4 = 0 OR r.site_id = ?4)) x "
	"JOIN site s ON s.id = x.site_id GROUP BY s.code, s.name ORDER BY s.code";

/* ?1 start, ?2 cut, ?3 site id */
static const char hazards_sql[] =
	"SELECT (SELECT count(*) FROM hazard WHERE found_at >= ?1 AND found_at < ?2 "
	"  AND (cancelled_at IS NULL OR cancelled_at >= ?2) AND (?3 = 0 OR site_id = ?3)), "
	" (SELECT count(*) FROM hazard WHERE rectified_at >= ?1 AND rectified_at < ?2 "
	"  AND (?3 = 0 OR site_id = ?3)), "
	" (SELECT count(*) FROM hazard WHERE rectified_at >= ?1 AND rectified_at < ?2 "
	"  AND rectified_at <= rectify_due AND (?3 = 0 OR site_id = ?3))";

/* ?1 cut, ?2 asof, ?3 site id */
static const char hazards_overdue_sql[] =
	"WITH cand (id) AS (SELECT id FROM hazard WHERE status <> 'verified' "
	" AND status <> 'cancelled' AND found_at < ?1 "
	"UNION SELECT id FROM hazard WHERE rectified_at >= ?1 "
	"UNION SELECT id FROM hazard WHERE cancelled_at >= ?1) "
	"SELECT count(*) FROM cand JOIN hazard h ON h.id = cand.id "
	"WHERE h.found_at < ?1 AND h.rectify_due <= ?2 "
	"AND (h.rectified_at IS NULL OR h.rectified_at >= ?1) "
	"AND (h.cancelled_at IS NULL OR h.cancelled_at >= ?1) AND (?3 = 0 OR h.site_id = ?3)";

/* ?1 first day, ?2 last day (dates), ?3 site id */
static const char drills_sql[] =
	"SELECT count(*) FROM drill WHERE held >= ?1 AND held <= ?2 AND (?3 = 0 OR site_id = ?3)";

/* ?1 start, ?2 cut, ?3 site id: per severity, the response in whole
 * minutes rounded up (NULL: not resolved by asof) and how many */
static const char incidents_sql[] =
	"SELECT i.severity, CASE WHEN i.resolved_at < ?2 "
	" THEN (i.resolved_at - i.occurred_at + 59) / 60 END AS m, count(*) "
	"FROM incident i WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2 "
	"AND (?3 = 0 OR i.site_id = ?3) GROUP BY i.severity, m ORDER BY i.severity, m";

/* ?1 cut, ?2 asof, ?3 site id: in play at asof and, of those, due */
static const char actions_sql[] =
	"WITH cand (id) AS (SELECT id FROM action WHERE status <> 'verified' "
	" AND status <> 'cancelled' AND created_at < ?1 "
	"UNION SELECT id FROM action WHERE done_at >= ?1 "
	"UNION SELECT id FROM action WHERE cancelled_at >= ?1) "
	"SELECT count(*), coalesce(sum(CASE WHEN a.due_end <= ?2 THEN 1 ELSE 0 END), 0) "
	"FROM cand JOIN action a ON a.id = cand.id "
	"WHERE a.created_at < ?1 AND (a.done_at IS NULL OR a.done_at >= ?1) "
	"AND (a.cancelled_at IS NULL OR a.cancelled_at >= ?1) AND (?3 = 0 OR a.site_id = ?3)";

/* ---- the period -------------------------------------------------------------- */

/* What happened by asof is what happened before cut: the end itself
 * when asof is the end, else up to and including asof (now). */
static pm_time
cut_of(const pm_fig_period *p)
{
	return p->asof < p->end ? p->asof + 1 : p->end;
}

/* Prepare sql with ?1..?3 bound to a, b, c. */
static int
prepare3(pm_ctx *ctx, const char *sql, int64_t a, int64_t b, int64_t c, pm_stmt **st,
    pm_err *err)
{
	int rc;

	if ((rc = pm_db_prepare(ctx->db, sql, st, err)) != 0)
		return rc;
	pm_stmt_bindf(*st, "iii", a, b, c);     /* a failed bind fails the step */
	return 0;
}

/* The site's row id, 0 for every site. */
static int
site_of(pm_ctx *ctx, const pm_fig_period *p, int64_t *sid, pm_err *err)
{
	*sid = 0;
	return p->site != NULL ? pm_unit_site_find(ctx, p->site, 0, sid, err) : 0;
}

/* ---- patrols ------------------------------------------------------------------ */

enum { COV_COVERAGE = 0, COV_ROUNDS, COV_MISSED };

static const pm_fig_col coverage_cols[] = {
	[COV_COVERAGE] = { "coverage", PM_FIG_RATIO, N_("coverage") },
	[COV_ROUNDS] = { "rounds", PM_FIG_COUNT, N_("rounds") },
	[COV_MISSED] = { "missed", PM_FIG_COUNT, N_("missed") },
};

enum { LVL_COUNT = 0, LVL_RESPONSE };

static const pm_fig_col level_cols[] = {
	[LVL_COUNT] = { "count", PM_FIG_COUNT, N_("incidents") },
	[LVL_RESPONSE] = { "response", PM_FIG_DIST, N_("response") },
};

#define ALL_SLOTS ((1u << PM_FIG_CUR) | (1u << PM_FIG_PREV) | (1u << PM_FIG_YOY))

static const pm_fig_table_def patrol_tables[] = {
	{ "patrols.coverage_by_site", N_("Checkpoint coverage by site"), N_("site"),
	  3, coverage_cols, -1, 0, ALL_SLOTS, PM_FIG_CHART_COLS, COV_COVERAGE, PM_FIG_LABEL_DATA },
	{ "patrols.incidents_by_level", N_("Incidents by level"), N_("level"),
	  2, level_cols, LVL_COUNT, 0, ALL_SLOTS, PM_FIG_CHART_NONE, 0, PM_FIG_LABEL_MSGID },
};

static const pm_fig_def patrol_figs[] = {
	{ "patrols.rounds_planned", PM_FIG_COUNT, N_("rounds planned"), 0 },
	{ "patrols.rounds_walked", PM_FIG_COUNT, N_("rounds walked"), 1 },
	{ "patrols.rounds_missed", PM_FIG_COUNT, N_("rounds missed"), -1 },
	{ "patrols.coverage", PM_FIG_RATIO, N_("checkpoint coverage"), 1 },
	{ "patrols.hazards_found", PM_FIG_COUNT, N_("hazards found"), 0 },
	{ "patrols.hazards_rectified", PM_FIG_COUNT, N_("hazards rectified"), 1 },
	{ "patrols.hazards_overdue", PM_FIG_COUNT, N_("hazards overdue"), -1 },
	{ "patrols.hazards_in_time", PM_FIG_RATIO, N_("hazards rectified in time"), 1 },
	{ "patrols.drills_held", PM_FIG_COUNT, N_("drills held"), 1 },
	{ "patrols.drills_due", PM_FIG_COUNT, N_("drills due"), -1 },
	{ "patrols.incidents", PM_FIG_COUNT, N_("incidents"), -1 },
	{ "patrols.incident_response", PM_FIG_DIST, N_("incident response"), -1 },
};

/* Rounds and coverage, per site into the table and summed. */
static int
rounds(pm_ctx *ctx, const pm_fig_period *p, int64_t sid, pm_figs *f, pm_err *err)
{
	int64_t planned = 0, walked = 0, missed = 0, points = 0, checked = 0;
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, rounds_sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, p->start);
	pm_stmt_bind_int(st, 2, cut_of(p));
	pm_stmt_bind_int(st, 3, ctx->now);
	pm_stmt_bind_int(st, 4, sid);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *code = pm_stmt_text(st, 0), *name = pm_stmt_text(st, 1);

		planned += pm_stmt_int(st, 2);
		walked += pm_stmt_int(st, 3);
		missed += pm_stmt_int(st, 4);
		points += pm_stmt_int(st, 5);
		checked += pm_stmt_int(st, 6);
		pm_figs_cell(f, p->slot, "patrols.coverage_by_site", code, name, COV_COVERAGE,
		    pm_stmt_int(st, 6), pm_stmt_int(st, 5));
		pm_figs_cell(f, p->slot, "patrols.coverage_by_site", code, name, COV_ROUNDS,
		    pm_stmt_int(st, 2), 0);
		pm_figs_cell(f, p->slot, "patrols.coverage_by_site", code, name, COV_MISSED,
		    pm_stmt_int(st, 4), 0);
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	pm_figs_set(f, p->slot, "patrols.rounds_planned", planned, 0);
	pm_figs_set(f, p->slot, "patrols.rounds_walked", walked, 0);
	pm_figs_set(f, p->slot, "patrols.rounds_missed", missed, 0);
	pm_figs_set(f, p->slot, "patrols.coverage", checked, points);
	return 0;
}

static int
hazards(pm_ctx *ctx, const pm_fig_period *p, int64_t sid, pm_figs *f, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t overdue = 0;
	int rc;

	if ((rc = prepare3(ctx, hazards_sql, p->start, cut_of(p), sid, &st, err)) != 0)
		return rc;
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_figs_set(f, p->slot, "patrols.hazards_found", pm_stmt_int(st, 0), 0);
		pm_figs_set(f, p->slot, "patrols.hazards_rectified", pm_stmt_int(st, 1), 0);
		pm_figs_set(f, p->slot, "patrols.hazards_in_time", pm_stmt_int(st, 2),
		    pm_stmt_int(st, 1));
		rc = 0;
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if ((rc = pm_db_get_int(ctx->db, err, &overdue, NULL, hazards_overdue_sql, "iii",
	    (int64_t)cut_of(p), (int64_t)p->asof, sid)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "patrols.hazards_overdue", overdue, 0);
	return 0;
}

static int
count_due(void *arg, const pm_cell *cells)
{
	(void)cells;
	(*(int64_t *)arg)++;
	return 0;
}

/* Drills held on the period's days, and the site × kind pairs due on
 * asof's day. */
static int
drills(pm_ctx *ctx, const pm_fig_period *p, int64_t sid, pm_figs *f, pm_err *err)
{
	char first[16], last[16];
	pm_drill_due_q q;
	int64_t held = 0, due = 0;
	int rc;

	pm_date_format(pm_date_of(p->start), first, sizeof first);
	pm_date_format(pm_date_of(cut_of(p) - 1), last, sizeof last);
	if ((rc = pm_db_get_int(ctx->db, err, &held, NULL, drills_sql, "tti", first, last,
	    sid)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "patrols.drills_held", held, 0);
	memset(&q, 0, sizeof q);
	q.site = p->site;
	q.as_of = pm_date_of(cut_of(p) - 1);
	if ((rc = pm_drill_due(ctx, &q, count_due, &due, err)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "patrols.drills_due", due, 0);
	return 0;
}

/* The severities' names (incident.h), the level table's row labels:
 * msgids, which the documents translate (figure.h). */
static const struct { const char *key, *label; } level_names[] = {
	{ "general", N_("general") }, { "serious", N_("serious") },
	{ "major", N_("major") }, { "critical", N_("critical") },
};

static const char *
level_label(const char *level)
{
	size_t i;

	for (i = 0; i < sizeof level_names / sizeof level_names[0]; i++)
		if (strcmp(level_names[i].key, level) == 0)
			return level_names[i].label;
	return level;
}

/* A severity's count, once its rows are summed. */
static void
level_flush(pm_figs *f, int slot, const char *level, int64_t n)
{
	if (level[0] != '\0')
		pm_figs_cell(f, slot, "patrols.incidents_by_level", level, level_label(level),
		    LVL_COUNT, n, 0);
}

/* Incidents by severity and their response times: the statement gives
 * a row per severity and response minute, ordered by severity. */
static int
incidents(pm_ctx *ctx, const pm_fig_period *p, int64_t sid, pm_figs *f, pm_err *err)
{
	char level[40] = "";
	pm_stmt *st = NULL;
	int64_t total = 0, n_level = 0;
	int rc;

	if ((rc = prepare3(ctx, incidents_sql, p->start, cut_of(p), sid, &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		int64_t n = pm_stmt_int(st, 2);

		if (strcmp(level, pm_stmt_text(st, 0)) != 0) {
			level_flush(f, p->slot, level, n_level);
			snprintf(level, sizeof level, "%s", pm_stmt_text(st, 0));
			n_level = 0;
		}
		n_level += n;
		total += n;
		/* one not resolved by asof is counted, not timed */
		if (!pm_stmt_null(st, 1)) {
			pm_figs_dist(f, p->slot, "patrols.incident_response", pm_stmt_int(st, 1), n);
			pm_figs_cell_dist(f, p->slot, "patrols.incidents_by_level", level,
			    level_label(level), LVL_RESPONSE, pm_stmt_int(st, 1), n);
		}
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	level_flush(f, p->slot, level, n_level);
	pm_figs_set(f, p->slot, "patrols.incidents", total, 0);
	return 0;
}

static int
patrols_compute(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	int64_t sid;
	int rc;

	if ((rc = site_of(ctx, p, &sid, err)) != 0 ||
	    (rc = rounds(ctx, p, sid, f, err)) != 0 ||
	    (rc = hazards(ctx, p, sid, f, err)) != 0 ||
	    (rc = drills(ctx, p, sid, f, err)) != 0 ||
	    (rc = incidents(ctx, p, sid, f, err)) != 0)
		return rc;
	return 0;
}

const pm_fig_section pm_report_patrols_section = {
	"patrols", N_("Patrols and safety"),
	patrol_figs, (int)(sizeof patrol_figs / sizeof patrol_figs[0]),
	patrol_tables, (int)(sizeof patrol_tables / sizeof patrol_tables[0]),
	patrols_compute,
};

/* ---- actions ------------------------------------------------------------------- */

static const pm_fig_def action_figs[] = {
	{ "actions.opened", PM_FIG_COUNT, N_("actions opened"), 0 },
	{ "actions.done", PM_FIG_COUNT, N_("actions done"), 1 },
	{ "actions.verified", PM_FIG_COUNT, N_("actions verified"), 1 },
	{ "actions.overdue", PM_FIG_COUNT, N_("actions overdue"), -1 },
	{ "actions.pending", PM_FIG_COUNT, N_("actions pending"), 0 },
};

static int
actions_compute(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	pm_review_counts rc_;
	pm_stmt *st = NULL;
	int64_t sid;
	int rc;

	/* made, done and accepted in the month: the review's counts, which
	 * are read by event time; what is in play is judged at asof here */
	if ((rc = pm_action_review_counts(ctx, p->month, p->site, &rc_, err)) != 0 ||
	    (rc = site_of(ctx, p, &sid, err)) != 0)
		return rc;
	pm_figs_set(f, p->slot, "actions.opened", rc_.opened, 0);
	pm_figs_set(f, p->slot, "actions.done", rc_.done, 0);
	pm_figs_set(f, p->slot, "actions.verified", rc_.verified, 0);
	if ((rc = prepare3(ctx, actions_sql, cut_of(p), p->asof, sid, &st, err)) != 0)
		return rc;
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_figs_set(f, p->slot, "actions.pending", pm_stmt_int(st, 0), 0);
		pm_figs_set(f, p->slot, "actions.overdue", pm_stmt_int(st, 1), 0);
		rc = 0;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

const pm_fig_section pm_report_actions_section = {
	"actions", N_("Improvement actions"),
	action_figs, (int)(sizeof action_figs / sizeof action_figs[0]),
	NULL, 0,
	actions_compute,
};

/* ---- the plans ------------------------------------------------------------------ */

int
pm_report_safety_plan(pm_ctx *ctx, pm_buf *plan, pm_err *err)
{
	static const struct { const char *name, *sql, *spec; } q[] = {
		{ "rounds", rounds_sql, "iiii" },
		{ "hazards", hazards_sql, "iii" },
		{ "hazards_overdue", hazards_overdue_sql, "iii" },
		{ "drills", drills_sql, "tti" },
		{ "incidents", incidents_sql, "iii" },
		{ "actions", actions_sql, "iii" },
	};
	const pm_time t = pm_month_start((pm_month){ 2026, 11 });
	size_t i;
	int rc;

	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		pm_buf_addf(plan, "-- %s\n", q[i].name);
		if (strcmp(q[i].spec, "tti") == 0)
			rc = pm_db_plan(ctx->db, err, plan, q[i].sql, q[i].spec, "2026-11-01",
			    "2026-11-30", (int64_t)0);
		else if (strcmp(q[i].spec, "iiii") == 0)
			rc = pm_db_plan(ctx->db, err, plan, q[i].sql, q[i].spec, (int64_t)t,
			    (int64_t)t + 30 * 86400, (int64_t)t + 31 * 86400, (int64_t)0);
		else
			rc = pm_db_plan(ctx->db, err, plan, q[i].sql, q[i].spec, (int64_t)t,
			    (int64_t)t + 30 * 86400, (int64_t)0);
		if (rc != 0)
			return rc;
	}
	/* drills_due is pm_drill_due's one statement per period */
	pm_buf_adds(plan, "-- drills_due\n");
	return pm_drill_due_plan(ctx, plan, err);
}
