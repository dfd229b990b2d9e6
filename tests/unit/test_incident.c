/* test_incident.c — incidents: the lifecycle table and schema, the
 * emergency plans (built in, from config, hostile ones refused), the
 * stepped escalation they make, open with its times, close without a
 * cause refused, cron escalation raising exactly the late ones (and a
 * resolved one never), escalation by hand, the year's statistics. */
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
#include "incident.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);
	return fx_open(&ctx, "pm-patrol", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential'), "
	    "('hill', 'H', 'residential');"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES "
	    "('zhang', 'Z', 0, (SELECT id FROM department WHERE code = 'security')), "
	    "('zhao', 'M', 0, NULL);"
	    "INSERT INTO staff_role VALUES (2, 'manager');"
	    "UPDATE department SET head_id = 1 WHERE code = 'security';");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_id
open_one(const char *kind, const char *site, pm_time at)
{
	pm_inc_in in;
	pm_err err;
	pm_id id;

	memset(&in, 0, sizeof in);
	in.kind = kind;
	in.site = site;
	in.text = "事件";
	in.at = at;
	in.has_at = 1;
	if (pm_incident_open(&ctx, &in, &id, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	return id;
}

static int64_t
field(pm_id id, const char *col)
{
	char sql[128];
	pm_stmt *st = NULL;
	pm_err err;
	int64_t v = -1;

	snprintf(sql, sizeof sql, "SELECT coalesce(%s, -1) FROM incident WHERE id = ?1", col);
	assert_int_equal(pm_db_prepare(ctx.db, sql, &st, &err), 0);
	pm_stmt_bind_int(st, 1, id.n);
	if (pm_stmt_step(st, &err) == 1)
		v = pm_stmt_int(st, 0);
	pm_stmt_free(st);
	return v;
}

static void
test_lifecycle(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&pm_incident_lifecycle, &err), 0);
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &pm_incident_lifecycle, "incident_open",
	    &err), 0);
}

static void
test_plans(void **state)
{
	static const char *const kinds[] = { "fire", "flood", "theft", "injury",
	    "lift-entrapment", "power" };
	pm_inc_plan p;
	pm_escalation e;
	pm_err err;
	char buf[200];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		assert_int_equal(pm_incident_plan(ctx.cfg, kinds[i], &p, &err), 0);
	assert_int_equal(pm_incident_plan(ctx.cfg, "fire", &p, &err), 0);
	assert_string_equal(p.name, "火警");
	assert_int_equal(p.nsteps, 6);
	assert_int_equal(p.respond, 300);
	assert_int_equal(p.nlevels, 2);
	assert_string_equal(p.levels[1].who, "role:manager");
	assert_int_equal(pm_incident_escalation(&p, &e, &err), 0);
	assert_int_equal(e.n, 2);
	assert_true(e.stepped);
	assert_int_equal(e.after[1], 900);
	assert_int_equal(pm_incident_plan(ctx.cfg, "alien", &p, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "fire, flood, theft"));
	pm_incident_kinds(ctx.cfg, buf, sizeof buf);
	assert_string_equal(buf, "fire, flood, theft, injury, lift-entrapment, power");
	/* the file's plans replace the built-in ones; levels add up */
	assert_int_equal(fx_config(&ctx, "incident:\n  plans:\n    gas:\n      steps: [关阀, 开窗]\n"
	    "      respond: 10min\n      levels:\n        - { who: head, within: 10min }\n"
	    "        - { who: \"staff:zhao\", within: 20min, contact: 赵 }\n"
	    "        - { who: \"role:manager\", within: 1h }\n", &err), 0);
	assert_int_equal(pm_incident_plan(ctx.cfg, "gas", &p, &err), 0);
	assert_int_equal(pm_incident_escalation(&p, &e, &err), 0);
	assert_int_equal(e.n, 3);
	assert_int_equal(e.after[1], 600);
	assert_int_equal(e.after[2], 1800);
	assert_int_equal(pm_incident_plan(ctx.cfg, "fire", &p, &err), PM_EX_DATAERR);
	fx_config(&ctx, NULL, &err);
}

static void
test_plans_hostile(void **state)
{
	static const char *const bad[] = {
		"incident:\n  plans: [fire]\n",
		"incident:\n  plans:\n    fire: 1\n",
		"incident:\n  plans:\n    fire: { respond: 5min, levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 5min }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 1mo, levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 5min, levels: [{ who: boss, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 5min, levels: [{ who: head }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 5min, levels: [] }\n",
		"incident:\n  plans:\n    fire: { steps: a, respond: 5min, levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [a], respond: 5min, colour: red, levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    \"火\": { steps: [a], respond: 5min, levels: [{ who: head, within: 5min }] }\n",
		"incident:\n  plans:\n    fire: { steps: [\"\"], respond: 5min, levels: [{ who: head, within: 5min }] }\n",
	};
	int i;

	(void)state;
	if ((i = fx_config_refused(&ctx, bad, sizeof bad / sizeof bad[0])) >= 0)
		fail_msg("accepted: %s", bad[i]);
}

static void
test_open_close(void **state)
{
	pm_inc_plan p;
	pm_inc_in in;
	pm_inc_act a;
	pm_err err;
	pm_id id;

	(void)state;
	memset(&in, 0, sizeof in);
	in.kind = "fire";
	in.site = "sunny";
	in.text = "配电箱冒烟";
	in.place = "3号楼";
	in.at = ctx.now - 120;
	in.has_at = 1;
	assert_int_equal(pm_incident_open(&ctx, &in, &id, &p, &err), 0);
	assert_int_equal(id.n, 1);
	assert_string_equal(p.steps[2], "拨打 119 报警，派人到路口接应消防车");
	assert_int_equal(field(id, "occurred_at"), ctx.now - 120);
	assert_int_equal(field(id, "reported_at"), ctx.now);
	assert_int_equal(field(id, "respond_due"), ctx.now - 120 + 300);
	assert_int_equal(field(id, "due_at"), ctx.now - 120 + 300);
	/* refusals at open */
	in.at = ctx.now + 60;
	assert_int_equal(pm_incident_open(&ctx, &in, &id, NULL, &err), PM_EX_DATAERR);
	in.has_at = 0;
	in.severity = "apocalyptic";
	assert_int_equal(pm_incident_open(&ctx, &in, &id, NULL, &err), PM_EX_USAGE);
	in.severity = NULL;
	in.kind = "alien";
	assert_int_equal(pm_incident_open(&ctx, &in, &id, NULL, &err), PM_EX_DATAERR);
	/* closing needs the cause and the measures: 65, nothing written */
	id.n = 1;
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_incident_apply(&ctx, "close", id, &a, &err), PM_EX_DATAERR);
	assert_string_equal(err.field, "cause");
	a.cause = "线路老化";
	assert_int_equal(pm_incident_apply(&ctx, "close", id, &a, &err), PM_EX_DATAERR);
	assert_string_equal(err.field, "measures");
	assert_int_equal(field(id, "closed_at"), -1);
	a.measures = "更换线路";
	assert_int_equal(pm_incident_apply(&ctx, "close", id, &a, &err), 0);
	assert_int_equal(field(id, "resolved_at"), ctx.now);
	assert_int_equal(field(id, "due_at"), -1);
	assert_int_equal(pm_incident_apply(&ctx, "resolve", id, &a, &err), PM_EX_DATAERR);
	/* a log needs text, and works on a closed one */
	a.text = NULL;
	assert_int_equal(pm_incident_apply(&ctx, "log", id, &a, &err), PM_EX_USAGE);
	a.text = "补充记录";
	assert_int_equal(pm_incident_apply(&ctx, "log", id, &a, &err), 0);
}

static void
test_cron_escalates_exactly_late(void **state)
{
	pm_time now = ctx.now;
	pm_id late = open_one("fire", "sunny", now - 301);   /* respond 5min: late */
	pm_id fresh = open_one("fire", "sunny", now - 299);  /* not yet */
	pm_id handled = open_one("fire", "hill", now - 3600);
	pm_escalated r;
	pm_inc_act a;
	pm_err err;

	(void)state;
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_incident_apply(&ctx, "resolve", handled, &a, &err), 0);
	assert_int_equal(pm_incident_escalate(&ctx, late, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 1);
	assert_string_equal(r.who, "zhang");    /* the security head */
	assert_int_equal(pm_incident_escalate(&ctx, fresh, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(pm_incident_escalate(&ctx, handled, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(field(handled, "esc_level"), 0);
	/* again: idempotent per level */
	assert_int_equal(pm_incident_escalate(&ctx, late, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	/* level 1 has 15 minutes: then level 2, the manager */
	ctx.now = now + 15 * 60 - 1;
	assert_int_equal(pm_incident_escalate(&ctx, late, &r, &err), 0);
	assert_int_equal(r.level, 2);
	assert_string_equal(r.who, "zhao");
	assert_int_equal(pm_incident_escalate(&ctx, fresh, &r, &err), 0);
	assert_int_equal(r.level, 1);           /* 898 s late: level 1 still */
	ctx.now = now + 2 * 3600;               /* far later: the top level in one step */
	assert_int_equal(pm_incident_escalate(&ctx, fresh, &r, &err), 0);
	assert_int_equal(r.level, 2);
	ctx.now = now;
}

static void
test_raise(void **state)
{
	pm_id id = open_one("theft", "sunny", ctx.now);
	pm_escalated r;
	pm_inc_act a;
	pm_err err;

	(void)state;
	assert_int_equal(pm_incident_raise(&ctx, id, &r, &err), 0);
	assert_int_equal(r.level, 1);
	assert_int_equal(field(id, "escalated_at"), ctx.now);
	assert_int_equal(pm_incident_raise(&ctx, id, &r, &err), 0);
	assert_int_equal(r.level, 2);
	assert_int_equal(pm_incident_raise(&ctx, id, &r, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "I1 is at the top level (2)");
	memset(&a, 0, sizeof a);
	a.cause = "门禁损坏";
	a.measures = "修门禁";
	assert_int_equal(pm_incident_apply(&ctx, "close", id, &a, &err), 0);
	assert_int_equal(pm_incident_raise(&ctx, id, &r, &err), PM_EX_DATAERR);
}

struct rows { int n; char line[16][96]; };

static int
collect(void *arg, const pm_cell *c)
{
	struct rows *r = arg;

	if (r->n < 16)
		snprintf(r->line[r->n++], sizeof r->line[0], "%s %s %lld %lld %lld %s %s",
		    c[PM_IS_BY].s, c[PM_IS_KEY].s, (long long)c[PM_IS_INCIDENTS].i,
		    (long long)c[PM_IS_CLOSED].i, (long long)c[PM_IS_ESCALATED].i,
		    c[PM_IS_P50].null ? "-" : "n", c[PM_IS_P90].null ? "-" : "n");
	return 0;
}

static void
test_stats(void **state)
{
	pm_time now = ctx.now;
	pm_escalated r;
	pm_inc_act a;
	struct rows rows;
	pm_err err;
	int i;

	(void)state;
	/* four fires resolved after 60, 120, 180 and 600 seconds, one theft
	 * open, one fire last year */
	memset(&a, 0, sizeof a);
	for (i = 0; i < 4; i++) {
		pm_id id = open_one("fire", i < 3 ? "sunny" : "hill", now - 3600);
		a.at = now - 3600 + (i < 3 ? 60 * (i + 1) : 600);
		a.has_at = 1;
		assert_int_equal(pm_incident_apply(&ctx, "resolve", id, &a, &err), 0);
	}
	pm_incident_raise(&ctx, open_one("theft", "sunny", now), &r, &err);
	open_one("fire", "sunny", now - 400 * 86400);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(pm_incident_stats(&ctx, 2026, "kind,site", collect, &rows, &err), 0);
	assert_int_equal(rows.n, 4);
	assert_string_equal(rows.line[0], "kind fire 4 0 0 n n");
	assert_string_equal(rows.line[1], "kind theft 1 0 1 - -");
	assert_string_equal(rows.line[2], "site sunny 4 0 1 n n");
	assert_int_equal(pm_incident_stats(&ctx, 2026, "nonsense", collect, &rows, &err),
	    PM_EX_USAGE);
	assert_int_equal(pm_incident_stats(&ctx, 2026, "kind,", collect, &rows, &err), 0);
}

static int
grab_fire(void *arg, const pm_cell *c)
{
	int64_t *v = arg;

	if (strcmp(c[PM_IS_KEY].s, "fire") == 0) {
		v[0] = c[PM_IS_P50].i;
		v[1] = c[PM_IS_P90].i;
	}
	return 0;
}

/* The figures themselves: the median is the 2nd of 4 (120 s), p90 the 4th. */
static void
test_stats_figures(void **state)
{
	pm_time now = ctx.now;
	int64_t v[2] = { 0, 0 };
	pm_inc_act a;
	pm_err err;
	int i;

	(void)state;
	memset(&a, 0, sizeof a);
	for (i = 0; i < 4; i++) {
		pm_id id = open_one("fire", "sunny", now - 3600);
		a.at = now - 3600 + (i < 3 ? 60 * (i + 1) : 600);
		a.has_at = 1;
		assert_int_equal(pm_incident_apply(&ctx, "resolve", id, &a, &err), 0);
	}
	assert_int_equal(pm_incident_stats(&ctx, 2026, "kind", grab_fire, v, &err), 0);
	assert_int_equal(v[0], 120);
	assert_int_equal(v[1], 600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plans_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_close, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cron_escalates_exactly_late, setup, teardown),
		cmocka_unit_test_setup_teardown(test_raise, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_figures, setup, teardown),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
