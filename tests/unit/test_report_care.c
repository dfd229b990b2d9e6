/*
 * test_report_care.c — the report sections complaints and maintenance
 * on records written as the tools write them (rows and their timeline
 * events): in time (resolved by the due time, overdue, not due yet,
 * rejected left out), the repeat rate, durations rounded up to minutes
 * and nearest-rank percentiles at their edges, a contact reopened before
 * and after asof, visits and coverage, planned jobs on time / late / not
 * due / cancelled, faults with a pause and a failed acceptance after
 * asof, cost and the equipment table, the site filter, and the query
 * plans: the period's contacts and jobs through their indexes, their
 * events by event_entity, no table scanned.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "figure.h"
#include "fixture.h"
#include "registry.h"
#include "report_care.h"

static pm_ctx ctx;
static pm_time M;               /* 2026-11-01 00:00 Shanghai */

#define MIN 60
#define H 3600
#define D 86400
#define NO FX_NULL

static const pm_fig_section *const sections[] = {
	&pm_report_complaints_section, &pm_report_maintenance_section
};

static int
setup(void **state)
{
	pm_month m = { 2026, 11 };

	(void)state;
	M = pm_month_start(m);
	return fx_open(&ctx, "pm-report", "admin",
	    "INSERT INTO site (code, name, kind) VALUES ('S1', '一号苑', 'residential'), "
	    "('S2', '二号苑', 'residential');"
	    "INSERT INTO building (site_id, code, name) VALUES (1, '1', '1号楼'), (2, '1', '');"
	    "INSERT INTO equipment (site_id, code, name, kind) VALUES "
	    "(1, 'ELV-1', '客梯', '电梯/客梯'), (1, 'PMP-1', '', '给排水/生活水泵'), "
	    "(2, 'ELV-1', '', '电梯/客梯');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
sql(const char *s)
{
	if (pm_db_exec(ctx.db, s, &ctx.err) != 0)
		fail_msg("%s: %s", s, ctx.err.msg);
}

/* An event of a record, at a time. */
static void
ev(const char *entity, int64_t id, pm_time at, const char *event)
{
	pm_stmt *st;

	assert_int_equal(pm_db_prepare(ctx.db, "INSERT INTO event (entity, entity_id, at, actor, "
	    "event) VALUES (?1, ?2, ?3, 'admin', ?4)", &st, &ctx.err), 0);
	pm_stmt_bind_text(st, 1, entity);
	pm_stmt_bind_int(st, 2, id);
	pm_stmt_bind_int(st, 3, at);
	pm_stmt_bind_text(st, 4, event);
	assert_int_equal(pm_stmt_run(st, &ctx.err), 0);
	pm_stmt_free(st);
}

/* A contact received at rec with its resolution due at due; its "new"
 * event written; repeat_of 0: not a repeat.  Returns its id. */
static int64_t
contact(int64_t site, const char *kind, const char *channel, const char *category,
    int64_t building, pm_time rec, pm_time due, int64_t repeat_of)
{
	pm_stmt *st;
	int64_t id;

	assert_int_equal(pm_db_prepare(ctx.db, "INSERT INTO contact (kind, channel, site_id, "
	    "building_id, text, category, received_at, response_due, resolve_due, is_repeat, "
	    "repeat_of) VALUES (?1, ?2, ?3, ?4, 'x', ?5, ?6, ?6 + 3600, ?7, ?8, ?9)", &st,
	    &ctx.err), 0);
	pm_stmt_bind_text(st, 1, kind);
	pm_stmt_bind_text(st, 2, channel);
	pm_stmt_bind_int(st, 3, site);
	fx_bind_opt(st, 4, building ? building : NO);
	pm_stmt_bind_text(st, 5, category);
	pm_stmt_bind_int(st, 6, rec);
	pm_stmt_bind_int(st, 7, due);
	pm_stmt_bind_int(st, 8, repeat_of != 0);
	fx_bind_opt(st, 9, repeat_of ? repeat_of : NO);
	assert_int_equal(pm_stmt_run(st, &ctx.err), 0);
	pm_stmt_free(st);
	id = pm_db_last_id(ctx.db);
	ev("contact", id, rec, "new");
	return id;
}

/* Move the contacts so far there are out of every period (events
 * cannot be deleted, and a new row could take a deleted one's id). */
static void
away(void)
{
	sql("UPDATE contact SET received_at = received_at - 800 * 86400");
}

/* The first response (the column, as start writes it, and its event). */
static void
respond(int64_t id, pm_time at)
{
	char q[200];

	snprintf(q, sizeof q, "UPDATE contact SET first_response_at = %lld WHERE id = %lld",
	    (long long)at, (long long)id);
	sql(q);
	ev("contact", id, at, "start");
}

static void
visit(int64_t id, pm_time at, int score)
{
	char q[200];

	snprintf(q, sizeof q, "UPDATE contact SET satisfaction = %d, visits = visits + 1 "
	    "WHERE id = %lld", score, (long long)id);
	sql(q);
	ev("contact", id, at, "visit");
}

/* A work order: a fault (occurrence NULL) or a planned job (occurrence
 * 'YYYY-MM-DD', due at fix_due); its "new" event. */
static int64_t
job(int64_t site, int64_t equip, const char *occurrence, pm_time rep, pm_time fix_due,
    pm_time started, int64_t paused_s, int64_t cost)
{
	pm_stmt *st;
	int64_t id;
	int plan = occurrence != NULL;

	assert_int_equal(pm_db_prepare(ctx.db, "INSERT INTO workorder (site_id, title, "
	    "source_type, plan_item_id, plan_version, occurrence, equipment_id, type, reported_at, "
	    "clock, on_site_due, fix_due, started_at, paused_s, cost_fen) VALUES (?1, 't', ?2, ?3, "
	    "?4, ?5, ?6, '电梯', ?7, 'calendar', ?7 + 1800, ?8, ?9, ?10, ?11)", &st, &ctx.err), 0);
	pm_stmt_bind_int(st, 1, site);
	pm_stmt_bind_text(st, 2, plan ? "plan" : "staff");
	fx_bind_opt(st, 3, plan ? 1 : NO);
	fx_bind_opt(st, 4, plan ? 1 : NO);
	pm_stmt_bind_text(st, 5, occurrence);
	fx_bind_opt(st, 6, equip ? equip : NO);
	pm_stmt_bind_int(st, 7, rep);
	pm_stmt_bind_int(st, 8, fix_due);
	fx_bind_opt(st, 9, started);
	pm_stmt_bind_int(st, 10, paused_s);
	pm_stmt_bind_int(st, 11, cost);
	assert_int_equal(pm_stmt_run(st, &ctx.err), 0);
	pm_stmt_free(st);
	id = pm_db_last_id(ctx.db);
	ev("workorder", id, rep, "new");
	return id;
}

/* The report of November for site (NULL: all) at now. */
static pm_figs *
report(const char *site, pm_time now)
{
	pm_month m = { 2026, 11 };
	pm_figs *f;

	ctx.now = now;
	f = pm_figs_new(m, site, site != NULL ? site : "S1,S2", sections, 2);
	assert_non_null(f);
	if (pm_figs_compute(f, &ctx, &ctx.err) != 0)
		fail_msg("compute: %s", ctx.err.msg);
	return f;
}

/* A figure of the current slot as text: "n" (count, fen), "a/b" (ratio,
 * mean), "n:p50:p90" (dist), "-" unset. */
static const char *
val(const pm_figs *f, int slot, const char *key)
{
	static char s[64];
	pm_fig_val v;
	int i;

	if (pm_figs_get(f, slot, key, &v) != 0)
		fail_msg("no figure %s", key);
	if (!v.set)
		return "-";
	for (i = 0; i < 2; i++) {
		const pm_fig_section *sec = sections[i];
		int j;

		for (j = 0; j < sec->nfigs; j++) {
			if (strcmp(sec->figs[j].key, key) != 0)
				continue;
			switch (sec->figs[j].kind) {
			case PM_FIG_COUNT:
			case PM_FIG_FEN:
				snprintf(s, sizeof s, "%lld", (long long)v.a);
				break;
			case PM_FIG_DIST:
				snprintf(s, sizeof s, "%lld:%lld:%lld", (long long)v.a,
				    (long long)v.p50, (long long)v.p90);
				break;
			default:
				snprintf(s, sizeof s, "%lld/%lld", (long long)v.a, (long long)v.b);
			}
			return s;
		}
	}
	fail_msg("undeclared %s", key);
	return NULL;
}

#define cur(f, key) val(f, PM_FIG_CUR, key)

/* The report's JSON, for the tables (caller frees). */
static char *
json(const pm_figs *f)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	assert_non_null(fp);
	assert_int_equal(pm_figs_json(f, fp, &ctx.err), 0);
	fclose(fp);
	return s;
}

static void
has(const char *text, const char *want)
{
	if (strstr(text, want) == NULL)
		fail_msg("no %s in\n%s", want, text);
}

/*
 * In time, with now after the month (asof = the month's end):
 *	a resolved 2 h after, due in 1 d: in time
 *	b resolved 3 d after, due in 1 d: late
 *	c not resolved, due in 1 d: late (due has passed)
 *	d received 11-30 20:00, due 12-02: not due, not counted
 *	e rejected: left out
 * and the repeat rate: b is a repeat of a.
 */
static void
test_in_time(void **state)
{
	int64_t a, b, c, d, e;
	pm_figs *f;

	(void)state;
	a = contact(1, "complaint", "phone", "维修/漏水", 1, M + D, M + 2 * D, 0);
	ev("contact", a, M + D + 2 * H, "resolve");
	b = contact(1, "complaint", "phone", "维修/漏水", 1, M + 3 * D, M + 4 * D, a);
	ev("contact", b, M + 6 * D, "resolve");
	c = contact(1, "repair", "online", "环境/噪音", 1, M + 5 * D, M + 6 * D, 0);
	d = contact(1, "inquiry", "phone", "环境/噪音", 0, M + 29 * D + 20 * H, M + 31 * D, 0);
	e = contact(1, "complaint", "letter", NULL, 0, M + 7 * D, M + 8 * D, 0);
	ev("contact", e, M + 7 * D + H, "reject");
	(void)c;
	(void)d;
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.received"), "5");
	assert_string_equal(cur(f, "complaints.in_time"), "1/3");
	assert_string_equal(cur(f, "complaints.repeat"), "1/5");
	assert_string_equal(cur(f, "complaints.open"), "2");
	assert_string_equal(cur(f, "complaints.resolve"), "2:120:4320");
	assert_string_equal(cur(f, "complaints.response"), "-");
	pm_figs_free(f);
	/* at 11-03 00:00 (asof = now): what was received after now is not
	 * counted, and a is in time */
	f = report(NULL, M + 2 * D);
	assert_string_equal(cur(f, "complaints.received"), "1");
	assert_string_equal(cur(f, "complaints.in_time"), "1/1");
	pm_figs_free(f);
}

/*
 * Durations: seconds rounded up to whole minutes (0 s 0, 1 s 1, 60 s 1,
 * 61 s 2), nearest rank: one value is every percentile; of 2 values
 * p50 is the first; of 10 values p90 is the 9th.
 */
static void
test_percentiles(void **state)
{
	static const int64_t secs[] = { 0, 1, 60, 61 };
	pm_figs *f;
	char *j;
	int64_t id;
	int i;

	(void)state;
	id = contact(1, "complaint", "phone", "维修", 1, M + D, M + 9 * D, 0);
	respond(id, M + D + 1);
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.response"), "1:1:1");
	pm_figs_free(f);
	id = contact(1, "complaint", "phone", "维修", 1, M + 2 * D, M + 9 * D, 0);
	respond(id, M + 2 * D + 30 * MIN);
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.response"), "2:1:30");
	pm_figs_free(f);
	away();
	for (i = 0; i < 4; i++) {
		id = contact(1, "complaint", "phone", "维修", 1, M + 3 * D, M + 9 * D, 0);
		respond(id, M + 3 * D + secs[i]);
	}
	f = report(NULL, M + 32 * D);
	/* 0 1 1 2 minutes: p50 the 2nd, p90 the 4th */
	assert_string_equal(cur(f, "complaints.response"), "4:1:2");
	j = json(f);
	has(j, "\"complaints.response\":{\"kind\":\"dist\",\"cur\":{\"n\":4,\"p50\":1,"
	    "\"p90\":2,\"hist\":[[0,1],[1,2],[2,1]]}");
	free(j);
	pm_figs_free(f);
	away();
	for (i = 1; i <= 10; i++) {
		id = contact(1, "complaint", "phone", "维修", 1, M + 4 * D, M + 9 * D, 0);
		respond(id, M + 4 * D + i * MIN);
	}
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.response"), "10:5:9");
	pm_figs_free(f);
	/* a response after asof is not one yet */
	f = report(NULL, M + 4 * D + 5 * MIN);
	assert_string_equal(cur(f, "complaints.response"), "5:3:5");
	pm_figs_free(f);
}

/*
 * A contact resolved, replied, visited (5), closed, then reopened on
 * 11-20 and resolved again on 11-22: its resolution is the last one; at
 * 11-21 it is open and not closed (coverage has nothing to count), its
 * latest score still counts as a visit.  Another one resolved on 11-10
 * and reopened after asof (12-01 at now 12-02 for November) stays
 * resolved in November.
 */
static void
test_reopened(void **state)
{
	int64_t a, b;
	pm_figs *f;

	(void)state;
	a = contact(1, "complaint", "phone", "维修/漏水", 1, M + D, M + 20 * D, 0);
	respond(a, M + D + 10 * MIN);
	ev("contact", a, M + D + H, "resolve");
	ev("contact", a, M + D + 2 * H, "reply");
	visit(a, M + 2 * D, 5);
	ev("contact", a, M + 2 * D + MIN, "close");
	ev("contact", a, M + 19 * D, "reopen");
	ev("contact", a, M + 21 * D, "resolve");
	f = report(NULL, M + 20 * D);
	assert_string_equal(cur(f, "complaints.open"), "1");
	assert_string_equal(cur(f, "complaints.resolve"), "-");
	assert_string_equal(cur(f, "complaints.visit_coverage"), "-");
	assert_string_equal(cur(f, "complaints.satisfaction"), "1/1");
	assert_string_equal(cur(f, "complaints.in_time"), "0/1");	/* due at 11-21 00:00 */
	pm_figs_free(f);
	f = report(NULL, M + 2 * D + H);
	assert_string_equal(cur(f, "complaints.visit_coverage"), "1/1");
	assert_string_equal(cur(f, "complaints.resolve"), "1:60:60");
	pm_figs_free(f);
	b = contact(1, "complaint", "phone", "维修/漏水", 1, M + 9 * D, M + 12 * D, 0);
	ev("contact", b, M + 10 * D, "resolve");
	ev("contact", b, M + 30 * D + H, "reopen");
	f = report(NULL, M + 31 * D);
	/* a: 20 d after, b: 1 d after */
	assert_string_equal(cur(f, "complaints.resolve"), "2:1440:28800");
	assert_string_equal(cur(f, "complaints.open"), "0");
	assert_string_equal(cur(f, "complaints.in_time"), "1/2");	/* a late: its due was not moved */
	/* the visit was before the reopen: a is closed no more */
	assert_string_equal(cur(f, "complaints.visit_coverage"), "-");
	assert_string_equal(cur(f, "complaints.satisfaction"), "1/1");
	assert_string_equal(cur(f, "complaints.satisfaction_mean"), "5/1");
	pm_figs_free(f);
}

/* The tables, the site filter and an unknown site. */
static void
test_site(void **state)
{
	pm_figs *f;
	char *j;
	int64_t id;

	(void)state;
	id = contact(1, "complaint", "phone", "维修/漏水", 1, M + D, M + 9 * D, 0);
	visit(id, M + 2 * D, 3);
	contact(1, "complaint", "wechat", "维修/漏水", 1, M + 2 * D, M + 9 * D, id);
	contact(1, "suggestion", "letter", NULL, 0, M + 3 * D, M + 9 * D, 0);
	contact(2, "complaint", "phone", "维修/漏水", 2, M + 4 * D, M + 9 * D, 0);
	contact(2, "complaint", "phone", "维修/漏水", 2, M - D, M + 9 * D, 0);
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.received"), "4");
	assert_string_equal(val(f, PM_FIG_PREV, "complaints.received"), "1");
	assert_string_equal(val(f, PM_FIG_YOY, "complaints.received"), "0");
	assert_string_equal(cur(f, "complaints.satisfaction"), "0/1");
	assert_string_equal(cur(f, "complaints.satisfaction_mean"), "3/1");
	j = json(f);
	has(j, "{\"key\":\"维修/漏水|S1/1\",\"label\":\"1号楼 · 维修/漏水\",\"cur\":[{\"n\":2}]");
	has(j, "{\"key\":\"维修/漏水|S2/1\",\"label\":\"1 · 维修/漏水\",\"cur\":[{\"n\":1}]");
	has(j, "{\"key\":\"-|S1\",\"label\":\"一号苑 · -\",\"cur\":[{\"n\":1}]");
	has(j, "{\"key\":\"-\",\"label\":\"-\",\"cur\":[{\"n\":1}]");
	has(j, "{\"key\":\"wechat\",\"label\":\"WeChat\",\"cur\":[{\"n\":1}]");
	has(j, "{\"key\":\"suggestion\",\"label\":\"Suggestion\",\"cur\":[{\"n\":1}]");
	free(j);
	pm_figs_free(f);
	f = report("S2", M + 32 * D);
	assert_string_equal(cur(f, "complaints.received"), "1");
	assert_string_equal(val(f, PM_FIG_PREV, "complaints.received"), "1");
	assert_string_equal(cur(f, "complaints.repeat"), "0/1");
	j = json(f);
	assert_null(strstr(j, "S1/1"));
	free(j);
	pm_figs_free(f);
	{
		pm_month m = { 2026, 11 };

		f = pm_figs_new(m, "S9", "S9", sections, 2);
		assert_int_equal(pm_figs_compute(f, &ctx, &ctx.err), PM_EX_NOINPUT);
		pm_figs_free(f);
	}
}

/*
 * Maintenance in November, now 11-30 09:00 (asof):
 *	f1 ELV-1 reported 11-02 10:00, on site 10:20, paused 1 h, done
 *	   12:20: fix 80 min, 300 yuan (fix times 80 120 180: p50 120)
 *	f2 ELV-1 reported 11-10, on site 1 h, done 3 h after, 100 yuan;
 *	   its acceptance failed at 11-30 12:00, after asof
 *	f3 PMP-1 reported 11-20, on site 10 s after (1 min), not done
 *	f4 ELV-1 cancelled: no fault
 *	f5 S2's ELV-1, on site 1 h, done 2 h after, 40 yuan
 *	p1 planned 11-01 due 11-02 00:00 done 11-01: on time, 50 yuan
 *	p2 planned 11-16 due 11-17 done 11-18: late
 *	p3 planned 11-20 due 11-21, not done: due, late
 *	p4 planned 11-30 due 12-01, not done: not due yet
 *	p5 planned 11-05, cancelled: left out
 *	p6 planned 12-01 (made in November): December's
 *	f0 October fault: not November's
 */
static void
test_maintenance(void **state)
{
	int64_t id;
	pm_figs *f;
	char *j;

	(void)state;
	id = job(1, 1, NULL, M + D + 10 * H, M + 2 * D, M + D + 10 * H + 20 * MIN, H, 30000);
	ev("workorder", id, M + D + 12 * H + 20 * MIN, "done");
	id = job(1, 1, NULL, M + 9 * D, M + 10 * D, M + 9 * D + H, 0, 10000);
	ev("workorder", id, M + 9 * D + 3 * H, "done");
	ev("workorder", id, M + 29 * D + 12 * H, "fail");
	job(1, 2, NULL, M + 19 * D, M + 20 * D, M + 19 * D + 10, 0, 0);
	id = job(1, 1, NULL, M + 4 * D, M + 5 * D, NO, 0, 0);
	ev("workorder", id, M + 4 * D + H, "cancel");
	id = job(2, 3, NULL, M + 4 * D, M + 5 * D, M + 4 * D + H, 0, 4000);
	ev("workorder", id, M + 4 * D + 2 * H, "done");
	id = job(1, 1, "2026-11-01", M - 2 * D, M + D, M + 9 * H, 0, 5000);
	ev("workorder", id, M + 10 * H, "done");
	id = job(1, 1, "2026-11-16", M + 13 * D, M + 16 * D, M + 17 * D, 0, 0);
	ev("workorder", id, M + 17 * D + H, "done");
	job(1, 1, "2026-11-20", M + 17 * D, M + 20 * D, NO, 0, 0);
	job(1, 2, "2026-11-30", M + 27 * D, M + 30 * D, NO, 0, 0);
	id = job(1, 2, "2026-11-05", M + 2 * D, M + 5 * D, NO, 0, 0);
	ev("workorder", id, M + 3 * D, "cancel");
	job(1, 1, "2026-12-01", M + 28 * D, M + 31 * D, NO, 0, 0);
	job(1, 1, NULL, M - 5 * D, M - 4 * D, NO, 0, 0);

	f = report(NULL, M + 29 * D + 9 * H);
	assert_string_equal(cur(f, "maintenance.planned_due"), "3");
	assert_string_equal(cur(f, "maintenance.planned_on_time"), "1/3");
	assert_string_equal(cur(f, "maintenance.faults"), "4");
	assert_string_equal(cur(f, "maintenance.onsite"), "4:20:60");
	assert_string_equal(cur(f, "maintenance.fix"), "3:120:180");
	assert_string_equal(cur(f, "maintenance.cost_fen"), "49000");
	assert_string_equal(val(f, PM_FIG_PREV, "maintenance.faults"), "1");
	assert_string_equal(val(f, PM_FIG_PREV, "maintenance.fix"), "-");
	j = json(f);
	has(j, "{\"key\":\"S1/ELV-1\",\"label\":\"S1/ELV-1 客梯\",\"cur\":[{\"n\":2},{\"fen\":40000}]");
	has(j, "{\"key\":\"S1/PMP-1\",\"label\":\"S1/PMP-1\",\"cur\":[{\"n\":1},{\"fen\":0}]");
	has(j, "{\"key\":\"S2/ELV-1\",\"label\":\"S2/ELV-1\",\"cur\":[{\"n\":1},{\"fen\":4000}]");
	free(j);
	pm_figs_free(f);
	/* after the month: f2's failed acceptance leaves it not done; p4 due */
	f = report(NULL, M + 31 * D);
	assert_string_equal(cur(f, "maintenance.planned_due"), "4");
	assert_string_equal(cur(f, "maintenance.planned_on_time"), "1/4");
	assert_string_equal(cur(f, "maintenance.fix"), "2:80:120");
	assert_string_equal(cur(f, "maintenance.cost_fen"), "39000");
	pm_figs_free(f);
	f = report("S2", M + 31 * D);
	assert_string_equal(cur(f, "maintenance.faults"), "1");
	assert_string_equal(cur(f, "maintenance.planned_due"), "0");
	assert_string_equal(cur(f, "maintenance.planned_on_time"), "-");
	assert_string_equal(cur(f, "maintenance.cost_fen"), "4000");
	pm_figs_free(f);
}

/* A line of the plan that reads a table (c contact, w workorder, e
 * event) other than through an index: a full scan. */
static const char *
full_scan(const char *plan)
{
	static const char *const t[] = { "SCAN c", "SCAN w", "SCAN e" };
	const char *p;
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		for (p = plan; (p = strstr(p, t[i])) != NULL; p++)
			if (p[6] == '\0' || p[6] == ' ' || p[6] == '\n')
				return p;
	return NULL;
}

static void
test_plan(void **state)
{
	static const char *const sites[] = { NULL, "S1" };
	static const char *const cidx[] = { "contact_received", "contact_site" };
	static const char *const widx[] = { "workorder_reported", "workorder_site" };
	pm_fig_period p[PM_FIG_NSLOT];
	pm_month m = { 2026, 11 };
	pm_figs *f;
	pm_buf plan;
	int i;

	(void)state;
	pm_buf_init(&plan);
	for (i = 0; i < 2; i++) {
		f = pm_figs_new(m, sites[i], "S1", sections, 2);
		pm_figs_periods(f, ctx.now, p);
		p[PM_FIG_PREV].site = sites[i];
		pm_buf_reset(&plan);
		if (pm_report_care_plan(&ctx, &pm_report_complaints_section, &p[PM_FIG_PREV],
		    &plan, &ctx.err) != 0)
			fail_msg("plan: %s", ctx.err.msg);
		if (strstr(plan.s, cidx[i]) == NULL || strstr(plan.s, "event_entity") == NULL ||
		    full_scan(plan.s) != NULL)
			fail_msg("complaints %s:\n%s", cidx[i], plan.s);
		pm_buf_reset(&plan);
		if (pm_report_care_plan(&ctx, &pm_report_maintenance_section, &p[PM_FIG_PREV],
		    &plan, &ctx.err) != 0)
			fail_msg("plan: %s", ctx.err.msg);
		if (strstr(plan.s, widx[i]) == NULL || strstr(plan.s, "workorder_occurrence") ==
		    NULL || strstr(plan.s, "event_entity") == NULL || full_scan(plan.s) != NULL)
			fail_msg("maintenance %s:\n%s", widx[i], plan.s);
		pm_figs_free(f);
	}
	pm_buf_free(&plan);
}

/* An empty month: counts 0, ratios with nothing to divide, no dist. */
static void
test_empty(void **state)
{
	pm_figs *f;

	(void)state;
	f = report(NULL, M + 32 * D);
	assert_string_equal(cur(f, "complaints.received"), "0");
	assert_string_equal(cur(f, "complaints.in_time"), "-");
	assert_string_equal(cur(f, "complaints.response"), "-");
	assert_string_equal(cur(f, "maintenance.cost_fen"), "0");
	assert_string_equal(cur(f, "maintenance.onsite"), "-");
	pm_figs_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_in_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_percentiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopened, setup, teardown),
		cmocka_unit_test_setup_teardown(test_site, setup, teardown),
		cmocka_unit_test_setup_teardown(test_maintenance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
