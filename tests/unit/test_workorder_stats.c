/*
 * test_workorder_stats.c — the month's work-order figures on known
 * jobs: counts by grouping, the plan's completion rate by occurrence
 * (a job generated the month before counts, one not yet due does not),
 * nearest-rank on-site and fix times (pauses left out), failures,
 * downtime cut at now, MTBF per equipment, cost; the site and department
 * filters, unknown ones, an empty month, the groupings list, and the
 * query plan: the month's rows through indexes only.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "workorder_stats.h"
#include "fixture.h"

static pm_ctx ctx;
static pm_time M;               /* 2026-11-01 00:00 Shanghai */

#define H 3600
#define D 86400
#define NO FX_NULL            /* a NULL in job() */

static int
setup(void **state)
{
	pm_month m = { 2026, 11 };

	(void)state;
	M = pm_month_start(m);
	return fx_open(&ctx, "pm-workorder", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential'), "
	    "('moon', 'M', 'residential');"
	    "INSERT INTO equipment (site_id, code, kind, dept_id) VALUES "
	    "(1, 'ELV-3-1', '电梯/客梯', 2), (1, 'PMP-1', '给排水/生活水泵', 2);");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* One job; times absolute (NO: none), occurrence NULL unless planned. */
static void
job(int64_t site, const char *src, int64_t equip, const char *status, pm_time reported,
    pm_time started, pm_time done, int64_t paused, int64_t minutes, int64_t parts,
    int64_t cost, const char *occurrence, const char *dept)
{
	pm_stmt *st = NULL;
	pm_err err;
	int plan = strcmp(src, "plan") == 0, other = !plan && strcmp(src, "staff") != 0;

	if (pm_db_prepare(ctx.db, "INSERT INTO workorder (site_id, title, source_type, source_id, "
	    "plan_item_id, plan_version, occurrence, equipment_id, place, type, status, dept_id, reported_at, "
	    "clock, on_site_due, fix_due, started_at, done_at, paused_s, minutes, parts_fen, "
	    "cost_fen, cancelled_at) VALUES (?1, 't', ?2, ?3, ?4, CASE WHEN ?4 IS NOT NULL THEN 1 END, ?5, ?6, "
	    "CASE WHEN ?6 IS NULL THEN '大堂' END, '电梯/故障', ?7, "
	    "(SELECT id FROM department WHERE code = ?8), ?9, 'calendar', ?9 + 3600, "
	    /* a planned job is due at the end of its day (Asia/Shanghai), as
	     * plan run makes it */
	    "CASE WHEN ?4 IS NULL THEN ?9 + 14400 "
	    "ELSE CAST(strftime('%s', substr(?5, 1, 10)) AS INTEGER) + 57600 END, "
	    "?10, ?11, ?12, ?13, ?14, ?15, CASE WHEN ?7 = 'cancelled' THEN ?9 + 60 END)", &st,
	    &err) != 0)
		fail_msg("%s", err.msg);
	pm_stmt_bind_int(st, 1, site);
	pm_stmt_bind_text(st, 2, src);
	fx_bind_opt(st, 3, other ? 1 : NO);
	fx_bind_opt(st, 4, plan ? 1 : NO);
	pm_stmt_bind_text(st, 5, occurrence);
	fx_bind_opt(st, 6, equip);
	pm_stmt_bind_text(st, 7, status);
	pm_stmt_bind_text(st, 8, dept);
	pm_stmt_bind_int(st, 9, reported);
	fx_bind_opt(st, 10, started);
	fx_bind_opt(st, 11, done);
	pm_stmt_bind_int(st, 12, paused);
	fx_bind_opt(st, 13, minutes);
	pm_stmt_bind_int(st, 14, parts);
	pm_stmt_bind_int(st, 15, cost);
	if (pm_stmt_run(st, &err) != 0)
		fail_msg("%s", err.msg);
	pm_stmt_free(st);
}

/*
 * November 2026 at sunny (now is 11-30 09:00), and one job elsewhere:
 *  1 staff fault ELV verified: on site 30 min, done 2 h with 10 min paused
 *  2 contact fault ELV done: on site 1 h, done 3 h
 *  3 hazard PMP in progress since 11-21 (down until now)
 *  4 staff fault ELV cancelled
 *  5 plan ELV due 11-15, generated 11-13, done 11-15 12:00: on time
 *  6 plan PMP due 11-01, generated 10-29, done 11-02 10:00: late
 *  7 plan ELV due 11-30, not done: not due yet (the day has not ended)
 *  8 plan PMP due 11-20, not done: late
 *  9 plan PMP due 12-01, generated 11-28: a November job, due in December
 * 10 staff fault ELV in October: not counted
 * 11 follow-up of W1 in the lobby (no equipment), done in 1 h
 * 12 a staff fault at moon, service department
 */
static void
seed(void)
{
	job(1, "staff", 1, "verified", M + D, M + D + 1800, M + D + 7200, 600, 90, 5000, 8000,
	    NULL, "maint");
	job(1, "C", 1, "done", M + 10 * D, M + 10 * D + H, M + 10 * D + 3 * H, 0, 30, 0, 15000,
	    NULL, "maint");
	job(1, "H", 2, "in_progress", M + 20 * D, M + 20 * D + 600, NO, 0, NO, 0, 0, NULL,
	    "maint");
	job(1, "staff", 1, "cancelled", M + 5 * D, NO, NO, 0, NO, 0, 0, NULL, "maint");
	job(1, "plan", 1, "verified", M + 12 * D, M + 14 * D + 10 * H, M + 14 * D + 12 * H, 0,
	    60, 2000, 2000, "2026-11-15", "maint");
	job(1, "plan", 2, "verified", M - 3 * D, M + D + 8 * H, M + D + 10 * H, 0, NO, 0, 0,
	    "2026-11-01", "maint");
	job(1, "plan", 1, "assigned", M + 26 * D, NO, NO, 0, NO, 0, 0, "2026-11-30", "maint");
	job(1, "plan", 2, "new", M + 17 * D, NO, NO, 0, NO, 0, 0, "2026-11-20", "maint");
	job(1, "plan", 2, "new", M + 27 * D, NO, NO, 0, NO, 0, 0, "2026-12-01", "maint");
	job(1, "staff", 1, "verified", M - 12 * D, M - 12 * D + 600, M - 12 * D + H, 0, 10, 0,
	    100, NULL, "maint");
	job(1, "W", NO, "done", M + 15 * D, M + 15 * D + 600, M + 15 * D + H, 0, NO, 0, 0, NULL,
	    "maint");
	job(2, "staff", NO, "new", M + 2 * D, NO, NO, 0, NO, 0, 0, NULL, "service");
}

/* The section's rows, "key jobs share done cancelled due on_time
 * completion os50 os90 fx50 fx90 failures downtime mtbf minutes parts
 * cost" with - for NULL, joined by "|". */
static const char *
rows(pm_wo_stats_by by, const char *site, const char *dept)
{
	static char out[4096];
	pm_wo_stats_iter *it = NULL;
	pm_wo_stats_row r;
	pm_wo_stats_q q;
	pm_err err;
	size_t n = 0;
	int i, rc;

	memset(&q, 0, sizeof q);
	q.month.year = 2026;
	q.month.month = 11;
	q.site = site;
	q.dept = dept;
	if (pm_workorder_stats(&ctx, &q, by, &it, &err) != 0)
		fail_msg("stats: %s", err.msg);
	out[0] = '\0';
	while ((rc = pm_workorder_stats_next(it, &r, &err)) == 1) {
		assert_string_equal(r.c[PM_WS_BY].s, pm_workorder_stats_by_name(by));
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%s", n > 0 ? "|" : "",
		    r.c[PM_WS_KEY].null ? "-" : r.c[PM_WS_KEY].s);
		for (i = PM_WS_JOBS; i < PM_WS_NCOL; i++)
			if (r.c[i].null)
				n += (size_t)snprintf(out + n, sizeof out - n, " -");
			else
				n += (size_t)snprintf(out + n, sizeof out - n, " %lld",
				    (long long)r.c[i].i);
	}
	if (rc < 0)
		fail_msg("next: %s", err.msg);
	pm_workorder_stats_iter_free(it);
	return out;
}

static void
test_all(void **state)
{
	(void)state;
	seed();
	/* 9 jobs; due 5 6 8 (7 not yet), on time 5; on site 600 600 1800
	 * 3600 208800; fix 3600 6600 10800 216000; failures 1 2 3 11, down
	 * 7200 + 10800 + (now - 11-21) + 3600 */
	assert_string_equal(rows(PM_WS_ALL, "sunny", NULL),
	    "all 9 10000 4 1 3 1 3333 1800 208800 6600 216000 4 831600 - 180 7000 25000");
	/* every site: the moon job is one more, not started or done */
	assert_string_equal(rows(PM_WS_ALL, NULL, NULL),
	    "all 10 10000 4 1 3 1 3333 1800 208800 6600 216000 5 3196800 - 180 7000 25000");
}

static void
test_equip(void **state)
{
	(void)state;
	seed();
	/* MTBF: (29 d 9 h - downtime) / failures */
	assert_string_equal(rows(PM_WS_EQUIP, "sunny", NULL),
	    "sunny/ELV-3-1 5 5556 3 1 1 1 10000 3600 208800 10800 216000 2 18000 1260000 180 "
	    "7000 25000|"
	    "sunny/PMP-1 3 3333 0 0 2 0 0 600 600 - - 1 810000 1728000 0 0 0|"
	    "- 1 1111 1 0 0 0 - 600 600 3600 3600 1 3600 - 0 0 0");
}

static void
test_groupings(void **state)
{
	(void)state;
	seed();
	assert_string_equal(rows(PM_WS_SOURCE, "sunny", NULL),
	    "plan 4 4444 1 0 3 1 3333 208800 208800 216000 216000 0 0 - 60 2000 2000|"
	    "staff 2 2222 1 1 0 0 - 1800 1800 6600 6600 1 7200 - 90 5000 8000|"
	    "C 1 1111 1 0 0 0 - 3600 3600 10800 10800 1 10800 - 30 0 15000|"
	    "H 1 1111 0 0 0 0 - 600 600 - - 1 810000 - 0 0 0|"
	    "W 1 1111 1 0 0 0 - 600 600 3600 3600 1 3600 - 0 0 0");
	assert_string_equal(rows(PM_WS_DEPT, NULL, NULL),
	    "maint 9 9000 4 1 3 1 3333 1800 208800 6600 216000 4 831600 - 180 7000 25000|"
	    "service 1 1000 0 0 0 0 - - - - - 1 2365200 - 0 0 0");
	assert_string_equal(rows(PM_WS_SITE, NULL, "service"),
	    "moon 1 10000 0 0 0 0 - - - - - 1 2365200 - 0 0 0");
	assert_string_equal(rows(PM_WS_TYPE, "sunny", "maint"),
	    "电梯/故障 9 10000 4 1 3 1 3333 1800 208800 6600 216000 4 831600 - 180 7000 25000");
}

static void
test_empty_and_errors(void **state)
{
	pm_wo_stats_iter *it = NULL;
	pm_wo_stats_by by[PM_WS_NBY];
	pm_wo_stats_q q;
	int n;

	(void)state;
	/* nothing at all: one all row of zeros, no other rows */
	assert_string_equal(rows(PM_WS_ALL, NULL, NULL),
	    "all 0 - 0 0 0 0 - - - - - 0 0 - 0 0 0");
	assert_string_equal(rows(PM_WS_EQUIP, NULL, NULL), "");
	memset(&q, 0, sizeof q);
	q.month.year = 2026;
	q.month.month = 11;
	q.site = "nowhere";
	assert_int_equal(pm_workorder_stats(&ctx, &q, PM_WS_ALL, &it, &ctx.err), PM_EX_NOINPUT);
	assert_null(it);
	q.site = NULL;
	q.dept = "nodept";
	assert_int_equal(pm_workorder_stats(&ctx, &q, PM_WS_ALL, &it, &ctx.err), PM_EX_NOINPUT);
	q.dept = NULL;
	assert_int_equal(pm_workorder_stats(&ctx, &q, PM_WS_NBY, &it, &ctx.err), PM_EX_USAGE);
	q.month.month = 13;
	assert_int_equal(pm_workorder_stats(&ctx, &q, PM_WS_ALL, &it, &ctx.err), PM_EX_USAGE);
	/* the groupings list */
	assert_int_equal(pm_workorder_stats_by_list(NULL, by, &n, &ctx.err), 0);
	assert_int_equal(n, 5);
	assert_int_equal(by[0], PM_WS_ALL);
	assert_int_equal(by[4], PM_WS_EQUIP);
	assert_int_equal(pm_workorder_stats_by_list("equip,source,equip", by, &n, &ctx.err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(by[0], PM_WS_EQUIP);
	assert_int_equal(by[1], PM_WS_SOURCE);
	assert_int_equal(pm_workorder_stats_by_list("equip,,all", by, &n, &ctx.err), PM_EX_USAGE);
	assert_int_equal(pm_workorder_stats_by_list("type,bogus", by, &n, &ctx.err), PM_EX_USAGE);
	assert_string_equal(ctx.err.field, "by");
	assert_int_equal(pm_workorder_stats_by_list("a-very-long-word-indeed", by, &n, &ctx.err),
	    PM_EX_USAGE);
	assert_int_equal(pm_workorder_stats_by_parse("site"), PM_WS_SITE);
	assert_int_equal(pm_workorder_stats_by_parse("sites"), -1);
}

/* A line of the plan that reads the workorder table other than through
 * an index range: a full scan, or a scan of a whole index. */
static const char *
full_scan(const char *plan)
{
	const char *p;

	for (p = plan; (p = strstr(p, "SCAN w")) != NULL; p++)
		if (p[6] == '\0' || p[6] == ' ' || p[6] == '\n')
			return p;
	return NULL;
}

/* Every grouping, with and without filters: the month's jobs come from
 * an index range by reported time, the planned ones from the
 * occurrence index; the table is never scanned. */
static void
test_plan(void **state)
{
	static const char *const sites[] = { NULL, "sunny", NULL };
	static const char *const depts[] = { NULL, NULL, "maint" };
	static const char *const idx[] = { "workorder_reported", "workorder_site",
		"workorder_dept" };
	pm_wo_stats_q q;
	pm_buf plan;
	int by, f;

	(void)state;
	seed();
	pm_buf_init(&plan);
	memset(&q, 0, sizeof q);
	q.month.year = 2026;
	q.month.month = 11;
	for (by = 0; by < PM_WS_NBY; by++)
		for (f = 0; f < 3; f++) {
			q.site = sites[f];
			q.dept = depts[f];
			pm_buf_reset(&plan);
			if (pm_workorder_stats_plan(&ctx, &q, (pm_wo_stats_by)by, &plan, &ctx.err) != 0)
				fail_msg("plan: %s", ctx.err.msg);
			if (strstr(plan.s, idx[f]) == NULL || strstr(plan.s, "workorder_occurrence") ==
			    NULL || full_scan(plan.s) != NULL)
				fail_msg("%s %s:\n%s", pm_workorder_stats_by_name((pm_wo_stats_by)by),
				    idx[f], plan.s);
		}
	pm_buf_free(&plan);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_equip, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groupings, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_and_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
