/* test_hazard.c — hazards: the lifecycle table and schema, a hazard
 * through fix and re-inspection with its limits, a re-inspection by the
 * fixer refused, a failed one sending it back, a patrol check-in
 * opening one hazard however often retried, a work order made from one
 * moving it on, escalation, the listings' plans, what hooks see. */
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
#include "hazard.h"
#include "json.h"
#include "link.h"
#include "workorder.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);  /* what the verbs do, not who may */
	return fx_open(&ctx, "pm-patrol", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential');"
	    "INSERT INTO building (site_id, code, floors) VALUES (1, 'B3', 18);"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES ('zhou', 'Z', 0, 3), "
	    "('wang', 'W', 0, 2), ('chen', 'C', 0, 3), ('boss', 'B', 0, NULL);"
	    "INSERT INTO staff_site VALUES (1, 1), (2, 1);"
	    "UPDATE department SET head_id = 3 WHERE code = 'security';");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
must(int rc, const pm_err *err)
{
	if (rc != 0)
		fail_msg("%s", err->msg);
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

static void
as(const char *login, const char *when)
{
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", login);
	if (when != NULL)
		ctx.now = at(when);
}

/* One integer of the hazard's row (NULL reads -1). */
static int64_t
field(pm_id id, const char *col)
{
	char sql[128];
	int64_t v = -1;
	pm_err err;
	int found;

	snprintf(sql, sizeof sql, "SELECT coalesce(%s, -1) FROM hazard WHERE id = ?1", col);
	if (pm_db_get_int(ctx.db, &err, &v, &found, sql, "i", id.n) != 0 || !found)
		fail_msg("%s: %s", col, err.msg);
	return v;
}

static const char *
text(pm_id id, const char *col, char *buf, size_t n)
{
	char sql[128];
	pm_err err;
	int found;

	snprintf(sql, sizeof sql, "SELECT coalesce(%s, '') FROM hazard WHERE id = ?1", col);
	if (pm_db_get_text(ctx.db, &err, buf, n, &found, sql, "i", id.n) != 0 || !found)
		fail_msg("%s: %s", col, err.msg);
	return buf;
}

static pm_id
new_hazard(const char *severity, const char *place)
{
	pm_hazard_in in;
	pm_err err;
	pm_id id;

	memset(&in, 0, sizeof in);
	in.severity = severity;
	in.place = place;
	in.text = "消防通道堆放杂物";
	must(pm_hazard_new(&ctx, &in, &id, &err), &err);
	return id;
}

static int
act(const char *login, const char *when, const char *verb, pm_id id, const char *txt, int fail,
    pm_err *err)
{
	pm_hz_act a;

	as(login, when);
	memset(&a, 0, sizeof a);
	a.text = txt;
	a.fail = fail;
	return pm_hazard_act(&ctx, verb, id, &a, err);
}

static void
test_lifecycle(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&pm_hazard_lifecycle, &err), 0);
	if (pm_lifecycle_check_schema(&ctx, &pm_hazard_lifecycle, "hazard_open", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(pm_hazard_config.check(ctx.cfg, &err), 0);
}

/* Defaults: the severity 一般 in working time, the security department,
 * the actor as finder; a major one due in 24 calendar hours. */
static void
test_new(void **state)
{
	pm_hazard_in in;
	char buf[64];
	pm_err err;
	pm_id h, g;

	(void)state;
	as("zhou", NULL);
	h = new_hazard(NULL, "3号楼消防通道");
	assert_int_equal(h.type, 'H');
	assert_int_equal(h.n, 1);
	assert_string_equal(text(h, "severity", buf, sizeof buf), "一般");
	assert_string_equal(text(h, "clock", buf, sizeof buf), "business");
	assert_int_equal(field(h, "dept_id"), 3);
	assert_int_equal(field(h, "found_by_id"), 1);
	assert_true(field(h, "rectify_due") > ctx.now);
	assert_int_equal(field(h, "due_at"), field(h, "rectify_due"));
	g = new_hazard("重大", "北门");
	assert_int_equal(field(g, "rectify_due"), at("2026-12-01 09:00"));
	assert_string_equal(text(g, "clock", buf, sizeof buf), "calendar");
	/* the built-in grades in English */
	g = new_hazard("serious", "南门");
	assert_string_equal(text(g, "severity", buf, sizeof buf), "较大");
	/* bad input */
	memset(&in, 0, sizeof in);
	in.text = "x";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_USAGE);     /* nowhere */
	in.place = "大堂";
	in.severity = "天大";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_DATAERR);
	in.severity = NULL;
	in.building = "B9";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_NOINPUT);
	in.building = "B3";
	in.phone = "13812341234";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_USAGE);     /* whose? */
	in.reporter = "张三";
	in.phone = "12";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_DATAERR);
	in.phone = "+86 138-1234-1234";
	in.owner = "chen";
	must(pm_hazard_new(&ctx, &in, &g, &err), &err);
	assert_string_equal(text(g, "phone", buf, sizeof buf), "13812341234");
	assert_int_equal(field(g, "assignee_id"), 3);
	in.found = ctx.now + 60;
	in.has_found = 1;
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_DATAERR);
	in.has_found = 0;
	in.point = "bad code!";
	assert_int_equal(pm_hazard_new(&ctx, &in, &g, &err), PM_EX_USAGE);
}

/* fix, then a re-inspection: refused to the fixer, failed by another
 * (back to pending, the deadline standing), fixed again, accepted. */
static void
test_fix_verify(void **state)
{
	pm_err err;
	pm_id h;

	(void)state;
	as("zhou", NULL);
	h = new_hazard("重大", "北门");
	assert_int_equal(act("wang", "2026-11-30 10:00", "verify", h, NULL, 0, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "rectified first"));
	assert_int_equal(act("wang", NULL, "fix", h, NULL, 0, &err), PM_EX_USAGE);
	must(act("wang", NULL, "fix", h, "清理杂物", 0, &err), &err);
	{
		char st[32];
		assert_string_equal(text(h, "status", st, sizeof st), "rectified");
	}
	assert_int_equal(field(h, "rectified_at"), at("2026-11-30 10:00"));
	assert_int_equal(field(h, "reinspect_due"), at("2026-11-30 14:00"));
	assert_int_equal(field(h, "due_at"), at("2026-11-30 14:00"));
	assert_int_equal(field(h, "fixer_id"), 2);
	/* the fixer may not accept the fix */
	assert_int_equal(act("wang", "2026-11-30 11:00", "verify", h, NULL, 0, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "someone else"));
	assert_int_equal(act("wang", NULL, "verify", h, "再看", 1, &err), PM_EX_DATAERR);
	/* a failed re-inspection needs a note, and sends it back */
	assert_int_equal(act("chen", NULL, "verify", h, NULL, 1, &err), PM_EX_USAGE);
	must(act("chen", NULL, "verify", h, "仍有杂物", 1, &err), &err);
	assert_int_equal(field(h, "fails"), 1);
	assert_int_equal(field(h, "rectified_at"), -1);
	assert_int_equal(field(h, "due_at"), at("2026-12-01 09:00"));
	must(act("wang", "2026-11-30 12:00", "fix", h, "全部清走", 0, &err), &err);
	must(act("chen", "2026-11-30 13:00", "verify", h, NULL, 0, &err), &err);
	assert_int_equal(field(h, "verifier_id"), 3);
	assert_int_equal(field(h, "due_at"), -1);
	/* out of play: reopen with a reason, a new deadline from now */
	assert_int_equal(act("chen", NULL, "fix", h, "x", 0, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "reopen it first"));
	assert_int_equal(act("chen", NULL, "reopen", h, NULL, 0, &err), PM_EX_USAGE);
	must(act("chen", NULL, "reopen", h, "又堆上了", 0, &err), &err);
	assert_int_equal(field(h, "rectify_due"), at("2026-12-01 13:00"));
	assert_int_equal(field(h, "reopened"), 1);
	must(act("chen", NULL, "cancel", h, "重复登记", 0, &err), &err);
	assert_int_equal(field(h, "due_at"), -1);
	/* a time before it was found */
	h = new_hazard(NULL, "大堂");
	as("wang", NULL);
	{
		pm_hz_act a;
		memset(&a, 0, sizeof a);
		a.text = "修好";
		a.at = at("2026-11-01");
		a.has_at = 1;
		assert_int_equal(pm_hazard_act(&ctx, "fix", h, &a, &err), PM_EX_DATAERR);
		assert_int_equal(pm_hazard_act(&ctx, "workorder_done", h, &a, &err), PM_EX_SOFTWARE);
	}
	h.n = 99;
	assert_int_equal(act("chen", NULL, "log", h, "x", 0, &err), PM_EX_NOINPUT);
}

/* A check-in with an issue opens one hazard, however often it is retried. */
static void
test_from_checkin(void **state)
{
	pm_hazard_checkin c;
	char buf[64];
	int existed;
	pm_err err;
	pm_id h, again;

	(void)state;
	as("zhou", NULL);
	memset(&c, 0, sizeof c);
	c.checkin_id = 41;
	c.round_id = 7;
	c.site_id = 1;
	c.point = "N-GATE";
	c.place = "北门岗";
	c.text = "监控摄像头不亮";
	c.severity = "较大";
	c.found_by = "chen";
	c.at = at("2026-11-30 08:40");
	must(pm_hazard_from_checkin(&ctx, &c, &h, &existed, &err), &err);
	assert_int_equal(existed, 0);
	assert_int_equal(field(h, "found_by_id"), 3);
	assert_int_equal(field(h, "found_at"), c.at);
	assert_int_equal(field(h, "round_id"), 7);
	assert_string_equal(text(h, "source_type", buf, sizeof buf), "checkin");
	assert_int_equal(field(h, "rectify_due"), at("2026-12-03 08:40"));
	must(pm_hazard_from_checkin(&ctx, &c, &again, &existed, &err), &err);
	assert_int_equal(existed, 1);
	assert_int_equal(again.n, h.n);
	c.checkin_id = 0;
	assert_int_equal(pm_hazard_from_checkin(&ctx, &c, &again, &existed, &err), PM_EX_SOFTWARE);
	c.checkin_id = 42;
	c.text = NULL;
	assert_int_equal(pm_hazard_from_checkin(&ctx, &c, &again, &existed, &err), PM_EX_USAGE);
}

static int
link_rel(void *arg, const pm_link *l)
{
	char *out = arg;

	snprintf(out, 64, "%c%lld %s %s", l->other.type, (long long)l->other.n, l->rel,
	    l->status != NULL ? l->status : "-");
	return 0;
}

/* pm-workorder new --from H1: linked both ways; done moves the hazard
 * to rectified with the worker as the fixer, who may not verify it. */
static void
test_workorder(void **state)
{
	pm_wo_in in;
	pm_wo_act a;
	char buf[64];
	int existed, changed;
	pm_err err;
	pm_id h, w;

	(void)state;
	as("zhou", NULL);
	h = new_hazard("一般", "2号楼大堂");
	memset(&in, 0, sizeof in);
	in.title = "大堂灯不亮";
	in.place = "2号楼大堂";
	in.from = h;
	must(pm_workorder_new(&ctx, &in, &w, &existed, &err), &err);
	must(pm_link_each(&ctx, h, link_rel, buf, &err), &err);
	assert_string_equal(buf, "W1 workorder new");
	must(pm_link_each(&ctx, w, link_rel, buf, &err), &err);
	assert_string_equal(buf, "H1 workorder pending");
	/* the link again changes nothing */
	must(pm_hazard_link_workorder(&ctx, h, w, &err), &err);
	memset(&a, 0, sizeof a);
	a.to = "wang";
	must(pm_workorder_act(&ctx, "assign", w, &a, &err), &err);
	as("wang", "2026-11-30 10:00");
	memset(&a, 0, sizeof a);
	must(pm_workorder_act(&ctx, "start", w, &a, &err), &err);
	a.text = "换灯管";
	must(pm_workorder_act(&ctx, "done", w, &a, &err), &err);
	assert_string_equal(text(h, "status", buf, sizeof buf), "rectified");
	assert_string_equal(text(h, "action", buf, sizeof buf), "换灯管");
	assert_int_equal(field(h, "fixer_id"), 2);
	/* done again (a second job): left alone */
	must(pm_hazard_workorder_done(&ctx, h, w, ctx.now, NULL, &changed, &err), &err);
	assert_int_equal(changed, 0);
	assert_int_equal(act("wang", NULL, "verify", h, NULL, 0, &err), PM_EX_DATAERR);
	must(act("chen", NULL, "verify", h, NULL, 0, &err), &err);
	assert_string_equal(text(h, "status", buf, sizeof buf), "verified");
	/* an unknown hazard is no source */
	in.from.n = 9;
	assert_int_equal(pm_workorder_new(&ctx, &in, &w, &existed, &err), PM_EX_NOINPUT);
}

/* Late hazards climb: the department's head, then a manager. */
static void
test_escalate(void **state)
{
	pm_escalated res;
	pm_err err;
	pm_id h;

	(void)state;
	as("zhou", NULL);
	h = new_hazard("重大", "配电房");
	must(pm_hazard_escalate(&ctx, h, &res, &err), &err);
	assert_int_equal(res.changed, 0);
	as("zhou", "2026-12-01 10:00");
	must(pm_hazard_escalate(&ctx, h, &res, &err), &err);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.level, 1);
	assert_string_equal(res.who, "chen");
	must(pm_hazard_escalate(&ctx, h, &res, &err), &err);
	assert_int_equal(res.changed, 0);
	assert_int_equal(field(h, "esc_level"), 1);
}

static int64_t
count(const pm_hazard_filter *f)
{
	pm_hazard_iter *it = NULL;
	pm_hazard_row row;
	int64_t n = 0;
	pm_err err;
	int rc;

	must(pm_hazard_list(&ctx, f, &it, &err), &err);
	while ((rc = pm_hazard_next(it, &row, &err)) == 1)
		n++;
	pm_hazard_iter_free(it);
	if (rc < 0)
		fail_msg("%s", err.msg);
	return n;
}

/* The listings: open, overdue, by severity, one checkpoint's history;
 * each served by an index, without a sort. */
static void
test_list(void **state)
{
	pm_hazard_filter f;
	pm_hazard_checkin c;
	pm_buf plan;
	int existed;
	pm_err err;
	pm_id h;

	(void)state;
	as("zhou", NULL);
	new_hazard("重大", "A");
	h = new_hazard("一般", "B");
	memset(&c, 0, sizeof c);
	c.checkin_id = 1;
	c.site_id = 1;
	c.point = "P1";
	c.text = "破损";
	c.at = ctx.now;
	must(pm_hazard_from_checkin(&ctx, &c, &h, &existed, &err), &err);
	must(act("chen", NULL, "cancel", h, "误报", 0, &err), &err);
	memset(&f, 0, sizeof f);
	assert_int_equal(count(&f), 2);
	f.all = 1;
	assert_int_equal(count(&f), 3);
	memset(&f, 0, sizeof f);
	f.severity = "重大";
	assert_int_equal(count(&f), 1);
	memset(&f, 0, sizeof f);
	f.point = "P1";
	f.history = 1;
	assert_int_equal(count(&f), 1);
	f.history = 0;
	assert_int_equal(count(&f), 0);     /* not open */
	as("zhou", "2026-12-02 09:00");
	memset(&f, 0, sizeof f);
	f.overdue = 1;
	assert_int_equal(count(&f), 1);
	f.status = "bogus";
	{
		pm_hazard_iter *it = NULL;
		assert_int_equal(pm_hazard_list(&ctx, &f, &it, &err), PM_EX_USAGE);
		assert_null(it);
	}

	pm_buf_init(&plan);
	memset(&f, 0, sizeof f);
	f.limit = 50;
	must(pm_hazard_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "hazard_open"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	f.overdue = 1;
	f.site = "sunny";
	must(pm_hazard_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "hazard_due"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	memset(&f, 0, sizeof f);
	f.point = "P1";
	f.history = 1;
	must(pm_hazard_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "hazard_point"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_free(&plan);
}

/* What hooks see: the reporter's name and phone masked unless clear. */
static void
test_hook_record(void **state)
{
	pm_hazard_in in;
	pm_buf b;
	pm_json j;
	pm_err err;
	pm_id h;

	(void)state;
	as("zhou", NULL);
	memset(&in, 0, sizeof in);
	in.place = "车库";
	in.text = "地面油污";
	in.reporter = "张三";
	in.phone = "13812341234";
	must(pm_hazard_new(&ctx, &in, &h, &err), &err);
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	must(pm_hazard_hook_kind.record(&ctx, h.n, 0, &j, &err), &err);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "\"phone\":\"138****1234\""));
	assert_non_null(strstr(b.s, "\"reporter\":\"张*\""));
	assert_null(strstr(b.s, "13812341234"));
	pm_buf_reset(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	must(pm_hazard_hook_kind.record(&ctx, h.n, 1, &j, &err), &err);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "13812341234"));
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fix_verify, setup, teardown),
		cmocka_unit_test_setup_teardown(test_from_checkin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_record, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
