/* test_workorder.c — work orders: the lifecycle table and schema, a
 * fault job through every step with its times, pause and overdue state
 * in working time across National Day 2026, acceptance by someone else,
 * plan occurrences made once, sources (a contact both ways, a letter
 * with no handler), dispatch, checklist follow-ups, the parsers, the
 * list plan. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "admin.h"
#include "complaint.h"
#include "link.h"
#include "timeline.h"
#include "workorder.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);  /* what the verbs do, not who may */
	return fx_open(&ctx, "pm-workorder", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential');"
	    "INSERT INTO building (site_id, code, floors) VALUES (1, 'B3', 18);"
	    "INSERT INTO unit (site_id, building_id, code, area) VALUES (1, 1, '3-101', 9000);"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES ('wang', 'W', 0, 2), "
	    "('li', 'L', 0, 2), ('zhao', 'Z', 0, NULL), ('qian', 'Q', 0, 2);"
	    "INSERT INTO staff_site VALUES (1, 1), (2, 1);"
	    "INSERT INTO equipment (site_id, code, kind, building_id, dept_id) "
	    "VALUES (1, 'ELV-3-1', '电梯/客梯', 1, 2);"
	    "UPDATE department SET head_id = 1 WHERE code = 'maint';");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_time
at(const char *s)
{
	pm_time t;
	pm_err err;

	if (pm_time_parse(s, ctx.now, &t, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return t;
}

static pm_id
new_job(const char *title, const char *type, const char *priority, pm_time reported)
{
	pm_wo_in in;
	pm_err err;
	pm_id id;
	int existed;

	memset(&in, 0, sizeof in);
	in.title = title;
	in.type = type;
	in.priority = priority;
	in.equip = "ELV-3-1";
	in.reported = reported;
	in.has_reported = 1;
	if (pm_workorder_new(&ctx, &in, &id, &existed, &err) != 0)
		fail_msg("new: %s", err.msg);
	assert_int_equal(existed, 0);
	return id;
}

/* Apply verb as login at time t; returns the status. */
static int
act(const char *login, const char *verb, pm_id id, pm_time t, pm_wo_act *a, pm_err *err)
{
	pm_wo_act none;

	if (a == NULL) {
		memset(&none, 0, sizeof none);
		a = &none;
	}
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", login);
	ctx.now = t;
	a->at = t;
	a->has_at = 1;
	return pm_workorder_act(&ctx, verb, id, a, err);
}

static void
must(int rc, const pm_err *err)
{
	if (rc != 0)
		fail_msg("%s", err->msg);
}

/* One integer of the job's row. */
static int64_t
field(pm_id id, const char *col)
{
	char sql[128];
	int64_t v = -1;
	pm_err err;
	int found;

	snprintf(sql, sizeof sql, "SELECT coalesce(%s, -1) FROM workorder WHERE id = ?1", col);
	if (pm_db_get_int(ctx.db, &err, &v, &found, sql, "i", id.n) != 0 || !found)
		fail_msg("%s: %s", col, err.msg);
	return v;
}

static void
test_lifecycle(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&pm_workorder_lifecycle, &err), 0);
	if (pm_lifecycle_check_schema(&ctx, &pm_workorder_lifecycle, "workorder_open", &err) != 0)
		fail_msg("%s", err.msg);
	assert_true(pm_lifecycle_find(&pm_workorder_lifecycle, "charge")->flags & PM_LC_INTERNAL);
	assert_false(pm_lifecycle_find(&pm_workorder_lifecycle, "done")->flags & PM_LC_INTERNAL);
	assert_ptr_equal(pm_lifecycle_by_type('W'), &pm_workorder_lifecycle);
}

static void
test_types(void **state)
{
	pm_category *cat;
	const char *prio;
	char canon[200];
	pm_err err;

	(void)state;
	assert_int_equal(pm_category_load(ctx.cfg, &pm_workorder_types, &cat, &err), 0);
	assert_int_equal(pm_category_find(cat, "电梯/困人", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "urgent");
	assert_int_equal(pm_category_find(cat, "给排水>堵塞", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(canon, "给排水/堵塞");
	assert_int_equal(pm_category_find(cat, "其他", canon, sizeof canon, &prio, &err), 0);
	pm_category_free(cat);
}

/*
 * An urgent lift job, calendar clock: on site within 30 minutes, fixed
 * within 4 hours; an hour's pause moves the fix due time by an hour; the
 * worker may not accept it, someone else does.
 */
static void
test_flow(void **state)
{
	pm_time t0 = at("2026-11-30 09:00");
	pm_wo_act a;
	pm_err err;
	pm_id w;

	(void)state;
	w = new_job("困人", "电梯/困人", NULL, t0);
	assert_int_equal(field(w, "on_site_due"), t0 + 1800);
	assert_int_equal(field(w, "fix_due"), t0 + 4 * 3600);
	assert_int_equal(field(w, "due_at"), t0 + 1800);
	assert_int_equal(act("wang", "start", w, t0 + 60, NULL, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "assign it first"));
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(act("li", "assign", w, t0 + 300, &a, &err), &err);
	must(act("wang", "start", w, t0 + 1200, NULL, &err), &err);
	assert_int_equal(field(w, "started_at"), t0 + 1200);
	assert_int_equal(field(w, "due_at"), t0 + 4 * 3600);    /* on site: now the fix */
	memset(&a, 0, sizeof a);
	assert_int_equal(act("wang", "pause", w, t0 + 1800, &a, &err), PM_EX_USAGE);
	a.text = "等配件";
	must(act("wang", "pause", w, t0 + 1800, &a, &err), &err);
	assert_int_equal(field(w, "due_at"), -1);               /* paused: not late */
	must(act("wang", "resume", w, t0 + 1800 + 3600, NULL, &err), &err);
	assert_int_equal(field(w, "paused_s"), 3600);
	assert_int_equal(field(w, "fix_due"), t0 + 5 * 3600);
	assert_int_equal(field(w, "due_at"), t0 + 5 * 3600);
	memset(&a, 0, sizeof a);
	a.text = "更换门机板";
	a.minutes = 90;
	a.has_minutes = 1;
	must(act("wang", "done", w, t0 + 3 * 3600, &a, &err), &err);
	assert_int_equal(field(w, "due_at"), -1);
	memset(&a, 0, sizeof a);
	assert_int_equal(act("wang", "verify", w, t0 + 4 * 3600, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "acceptance is by someone else"));
	must(act("zhao", "verify", w, t0 + 4 * 3600, &a, &err), &err);
	assert_int_equal(field(w, "verified_at"), t0 + 4 * 3600);
	assert_int_equal(act("zhao", "verify", w, t0 + 4 * 3600, &a, &err), PM_EX_DATAERR);
}

/* A failed acceptance sends the job back; reopen after verified. */
static void
test_fail_reopen(void **state)
{
	pm_time t0 = ctx.now;
	pm_wo_act a;
	pm_err err;
	pm_id w;

	(void)state;
	w = new_job("x", "电梯/故障", NULL, t0);
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(act("li", "assign", w, t0, &a, &err), &err);
	must(act("wang", "start", w, t0, NULL, &err), &err);
	memset(&a, 0, sizeof a);
	a.text = "修好";
	must(act("wang", "done", w, t0 + 60, &a, &err), &err);
	memset(&a, 0, sizeof a);
	a.fail = 1;
	assert_int_equal(act("zhao", "verify", w, t0 + 120, &a, &err), PM_EX_USAGE);
	a.text = "还有异响";
	must(act("zhao", "verify", w, t0 + 120, &a, &err), &err);
	assert_int_equal(field(w, "done_at"), -1);
	must(act("wang", "start", w, t0 + 180, NULL, &err), &err);
	assert_int_equal(field(w, "started_at"), t0);   /* the first on-site time stays */
	memset(&a, 0, sizeof a);
	a.text = "cancel";
	must(act("zhao", "cancel", w, t0 + 240, &a, &err), &err);
	must(act("zhao", "reopen", w, t0 + 300, &a, &err), &err);
	assert_int_equal(field(w, "reopened"), 2);
}

/*
 * Working time across National Day 2026 (1-7 October off, Saturday 10
 * October worked): a normal job reported Wednesday 30 September 16:00
 * is due on site 4 working hours later (Thursday 8 October 11:00) and
 * fixed within a working day (8 October 16:00).  Paused from 17:00 on
 * 30 September to 10:00 on 8 October, the pause covered two working
 * hours: the fix due time moves to 18:00, while the wall clock counts
 * 7 days 17 hours paused.
 */
static void
test_working_time_holiday(void **state)
{
	pm_time t0 = at("2026-09-30 16:00");
	pm_wo_filter f;
	pm_wo_iter *it;
	pm_wo_row row;
	pm_wo_act a;
	pm_err err;
	pm_id w;

	(void)state;
	ctx.now = at("2026-10-08 12:00");
	w = new_job("漏水", "给排水/堵塞", NULL, t0);
	assert_int_equal(field(w, "on_site_due"), at("2026-10-08 11:00"));
	assert_int_equal(field(w, "fix_due"), at("2026-10-08 16:00"));
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(act("li", "assign", w, t0, &a, &err), &err);
	must(act("wang", "start", w, at("2026-09-30 16:30"), NULL, &err), &err);
	memset(&a, 0, sizeof a);
	a.text = "等配件";
	must(act("wang", "pause", w, at("2026-09-30 17:00"), &a, &err), &err);
	must(act("wang", "resume", w, at("2026-10-08 10:00"), NULL, &err), &err);
	assert_int_equal(field(w, "paused_s"), 7 * 86400 + 17 * 3600);
	assert_int_equal(field(w, "fix_due"), at("2026-10-08 18:00"));
	/* overdue: not at 17:00, yes at 18:30 */
	memset(&f, 0, sizeof f);
	f.overdue = 1;
	ctx.now = at("2026-10-08 17:00");
	assert_int_equal(pm_workorder_list(&ctx, &f, &it, &err), 0);
	assert_int_equal(pm_workorder_next(it, &row, &err), 0);
	pm_workorder_iter_free(it);
	ctx.now = at("2026-10-08 18:30");
	assert_int_equal(pm_workorder_list(&ctx, &f, &it, &err), 0);
	assert_int_equal(pm_workorder_next(it, &row, &err), 1);
	assert_string_equal(row.c[PM_WC_ID].s, "W1");
	pm_workorder_iter_free(it);
}

/* A generator offering the same occurrence twice gets one job. */
static void
test_plan_once(void **state)
{
	pm_wo_in in;
	pm_err err;
	pm_id a, b;
	int existed;

	(void)state;
	memset(&in, 0, sizeof in);
	in.title = "半月保养";
	in.type = "电梯/故障";
	in.equip_id = 1;
	in.plan_item = 7;
	in.occurrence = "2026-12-01";
	must(pm_workorder_new(&ctx, &in, &a, &existed, &err), &err);
	assert_int_equal(existed, 0);
	must(pm_workorder_new(&ctx, &in, &b, &existed, &err), &err);
	assert_int_equal(existed, 1);
	assert_int_equal(a.n, b.n);
	in.occurrence = "2026-12-16";
	must(pm_workorder_new(&ctx, &in, &b, &existed, &err), &err);
	assert_int_equal(existed, 0);
	assert_int_not_equal(a.n, b.n);
	in.occurrence = "2026-13-01";
	assert_int_equal(pm_workorder_new(&ctx, &in, &b, &existed, &err), PM_EX_USAGE);
	in.occurrence = "2026-12-01";
	in.equip_id = 0;
	assert_int_equal(pm_workorder_new(&ctx, &in, &b, &existed, &err), PM_EX_USAGE);
}

static int
link_status(void *arg, const pm_link *l)
{
	snprintf(arg, 32, "%s", l->status != NULL ? l->status : "-");
	return 0;
}

/* new --from C1 links both ways; done resolves the contact; a letter
 * without a handler is refused. */
static void
test_from_contact(void **state)
{
	pm_contact_in ci;
	pm_wo_in in;
	pm_wo_act a;
	pm_id c, w, bad = { 'E', 3 };
	char st[32], cst[32];
	int64_t rep;
	int existed;
	pm_err err;

	(void)state;
	memset(&ci, 0, sizeof ci);
	ci.kind = "repair";
	ci.unit = "3-101";
	ci.text = "漏水";
	must(pm_complaint_new(&ctx, &ci, &c, &rep, &err), &err);
	memset(&in, 0, sizeof in);
	in.title = "漏水";
	in.unit = "3-101";
	in.type = "给排水/漏水";
	in.from = bad;
	assert_int_equal(pm_workorder_new(&ctx, &in, &w, &existed, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "E3"));
	in.from = c;
	must(pm_workorder_new(&ctx, &in, &w, &existed, &err), &err);
	st[0] = '\0';
	must(pm_link_each(&ctx, c, link_status, st, &err), &err);
	assert_string_equal(st, "new");         /* the job's state, seen from C1 */
	must(pm_link_each(&ctx, w, link_status, st, &err), &err);
	assert_string_equal(st, "new");         /* the contact's */
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(act("li", "assign", w, ctx.now, &a, &err), &err);
	must(act("wang", "start", w, ctx.now, NULL, &err), &err);
	memset(&a, 0, sizeof a);
	a.text = "换阀门";
	must(act("wang", "done", w, ctx.now, &a, &err), &err);
	must(pm_lifecycle_status(&ctx, &pm_complaint_lifecycle, c.n, cst, sizeof cst, &err), &err);
	assert_string_equal(cst, "resolved");
}

/* Two members serve the site, one does not: the one with fewer open
 * jobs gets it, ties to the first login. */
static void
test_dispatch(void **state)
{
	pm_wo_act a;
	pm_err err;
	pm_id w1, w2, w3;

	(void)state;
	w1 = new_job("a", NULL, NULL, ctx.now);
	w2 = new_job("b", NULL, NULL, ctx.now);
	w3 = new_job("c", NULL, NULL, ctx.now);
	memset(&a, 0, sizeof a);
	must(act("zhao", "dispatch", w1, ctx.now, &a, &err), &err);
	assert_string_equal(a.who, "li");       /* li < wang; qian serves no site */
	must(act("zhao", "dispatch", w2, ctx.now, &a, &err), &err);
	assert_string_equal(a.who, "wang");
	must(act("zhao", "dispatch", w3, ctx.now, &a, &err), &err);
	assert_string_equal(a.who, "li");
	assert_int_equal(pm_db_run(ctx.db, &err, "DELETE FROM staff_site", ""), 0);
	assert_int_equal(act("zhao", "dispatch", w3, ctx.now, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "serves its site"));
}

/* A flagged item makes a follow-up linked to the first; an unchecked
 * item refuses done. */
static void
test_checklist(void **state)
{
	static const char *const items[] = { "门锁", "钢丝绳" };
	static const char *const part[] = { "门机板:1:1200", "螺丝:10:0.50" };
	const char *checks[2];
	pm_wo_in in;
	pm_wo_act a;
	pm_err err;
	pm_id w;
	int existed;

	(void)state;
	memset(&in, 0, sizeof in);
	in.title = "保养";
	in.equip = "ELV-3-1";
	in.checklist = items;
	in.nchecklist = 2;
	must(pm_workorder_new(&ctx, &in, &w, &existed, &err), &err);
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(act("li", "assign", w, ctx.now, &a, &err), &err);
	must(act("wang", "start", w, ctx.now, NULL, &err), &err);
	memset(&a, 0, sizeof a);
	a.text = "保养完成";
	checks[0] = "门锁=pass";
	a.checks = checks;
	a.nchecks = 1;
	assert_int_equal(act("wang", "done", w, ctx.now, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "1 checklist items"));
	checks[1] = "钢丝绳=flag:有磨损";
	a.nchecks = 2;
	a.parts = part;
	a.nparts = 2;
	must(act("wang", "done", w, ctx.now, &a, &err), &err);
	assert_int_equal(a.followups, 1);
	assert_int_equal(field(w, "parts_fen"), 120500);
	assert_int_equal(field(w, "cost_fen"), 120500);
	assert_int_equal(field((pm_id){ 'W', 2 }, "source_id"), w.n);
	assert_int_equal(field((pm_id){ 'W', 2 }, "equipment_id"), 1);
}

static void
test_parsers(void **state)
{
	static const char *const bad_parts[] = { "", "x", "x:1", ":1:2", "x::2", "x:1:",
	    "x:0:1", "x:01:1", "x:-1:1", "x:1:1.234", "x:1:-1", "x:1000001:1", "x:1e3:1",
	    "x:99999999999999999999:1", "x:1:abc", NULL };
	static const char *const bad_checks[] = { "", "=pass", "x", "x=", "x=ok", "x=passed",
	    "x=pass:", "x=PASS", NULL };
	char name[101], item[201], res[8], note[501];
	int64_t q, p;
	pm_err err;
	int i;

	(void)state;
	must(pm_workorder_part_parse("a:b:2:1,234.50", name, sizeof name, &q, &p, &err), &err);
	assert_string_equal(name, "a:b");
	assert_int_equal(q, 2);
	assert_int_equal(p, 123450);
	for (i = 0; bad_parts[i] != NULL; i++)
		if (pm_workorder_part_parse(bad_parts[i], name, sizeof name, &q, &p, &err) !=
		    PM_EX_USAGE)
			fail_msg("part %s accepted", bad_parts[i]);
	must(pm_workorder_check_parse("门锁=fail:锁舌断:换", item, sizeof item, res, sizeof res,
	    note, sizeof note, &err), &err);
	assert_string_equal(item, "门锁");
	assert_string_equal(res, "fail");
	assert_string_equal(note, "锁舌断:换");
	for (i = 0; bad_checks[i] != NULL; i++)
		if (pm_workorder_check_parse(bad_checks[i], item, sizeof item, res, sizeof res, note,
		    sizeof note, &err) != PM_EX_USAGE)
			fail_msg("check %s accepted", bad_checks[i]);
}

/* The newest open jobs come from the partial index, the overdue ones
 * from the due index, history from the equipment's done index: no sort. */
static void
test_list_plan(void **state)
{
	pm_wo_filter f;
	pm_buf plan;
	pm_err err;

	(void)state;
	pm_buf_init(&plan);
	memset(&f, 0, sizeof f);
	f.limit = 50;
	must(pm_workorder_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "workorder_open"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	f.overdue = 1;
	f.assignee = "wang";
	must(pm_workorder_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "workorder_due"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	memset(&f, 0, sizeof f);
	f.history = 1;
	f.equip = "ELV-3-1";
	must(pm_workorder_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "workorder_equipment_done"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_free(&plan);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_types, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_reopen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_working_time_holiday, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_contact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dispatch, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checklist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_parsers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_plan, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
