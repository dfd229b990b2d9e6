/* test_plan_gen.c — the plan generator: run makes each occurrence once
 * and goes on from its watermark; the job's due time and key (a date,
 * an hourly rule's date and time); completion anchoring waits for the
 * job out; calendar streams the year; due sorts the window, made and
 * not made. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fixture.h"
#include "plan.h"
#include "plan_gen.h"
#include "registry.h"

static pm_ctx ctx;

static const char plan[] =
	"plan: p\n"
	"site: sunny\n"
	"items:\n"
	"  - key: lift\n"
	"    title: 电梯保养\n"
	"    task: 维保\n"
	"    kind: 电梯\n"
	"    checklist: [门锁, 制动器]\n"
	"    recurrence: every 15 days\n"
	"    start: 2027-01-01\n"
	"    lead: 3d\n"
	"    dept: maint\n"
	"  - key: pump\n"
	"    title: 水泵巡检\n"
	"    task: 巡检\n"
	"    equipment: [P-1]\n"
	"    recurrence: every 6 hours 06:00-24:00\n"
	"    start: 2027-01-01\n"
	"    dept: maint\n"
	"  - key: lift-c\n"
	"    title: 电梯按完成\n"
	"    task: 维保\n"
	"    equipment: [ELV-1]\n"
	"    recurrence: every 10 days\n"
	"    anchor: completion\n"
	"    start: 2027-01-01\n"
	"    dept: maint\n";

static int
setup(void **state)
{
	pm_plan_def *def = NULL;
	pm_plan_counts n;
	pm_err err;

	(void)state;
	pm_perm_set_policy(fx_permit);  /* what the generator does, not who may */
	if (fx_open(&ctx, "pm-workorder", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential');"
	    "INSERT INTO equipment (site_id, code, kind) VALUES (1, 'ELV-1', '电梯/客梯'), "
	    "(1, 'ELV-2', '电梯/货梯'), (1, 'P-1', '给排水/生活水泵');") != 0)
		return -1;
	ctx.verb = "plan run";
	if (pm_plan_parse("p.yaml", plan, strlen(plan), &def, &err) != 0 ||
	    pm_plan_load(&ctx, def, "p.yaml", NULL, NULL, &n, &err) != 0 ||
	    pm_db_commit(ctx.db, &err) != 0) {
		fprintf(stderr, "setup: %s\n", err.msg);
		pm_plan_def_free(def);
		return -1;
	}
	pm_plan_def_free(def);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int
begin(void **state)
{
	(void)state;
	return pm_db_begin(ctx.db, 1, &ctx.err);
}

static int
rollback(void **state)
{
	(void)state;
	pm_db_rollback(ctx.db);
	return 0;
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

/* "item/equipment/key[/W][=due]" for each occurrence, space-separated */
struct acc {
	char s[1 << 17];
	size_t n;
	int due;
};

static int
collect(void *arg, const pm_plan_occ *o)
{
	struct acc *a = arg;
	char d[40] = "";

	if (a->n + 100 >= sizeof a->s)
		fail_msg("collect: more than the buffer holds");
	if (a->due)
		pm_time_format(o->due, PM_TF_MINUTE, d, sizeof d);
	a->n += (size_t)snprintf(a->s + a->n, sizeof a->s - a->n, "%s%s/%s/%s%s%s%s", a->n ? " " : "",
	    o->it->key, o->equip, o->key, o->w.type ? "/W" : "", a->due ? "=" : "", d);
	return 0;
}

static int64_t
count(const char *sql)
{
	int64_t n = -1;
	pm_err err;

	if (pm_db_get_int(ctx.db, &err, &n, NULL, sql, "") != 0)
		fail_msg("%s", err.msg);
	return n;
}

static void
run_once(void **state)
{
	static struct acc a;
	int64_t made;
	pm_err err;

	(void)state;
	memset(&a, 0, sizeof a);
	a.due = 1;
	ctx.now = at("2027-01-01 01:00");
	assert_int_equal(pm_plan_gen_run(&ctx, at("2027-01-01"), collect, &a, &made, &err), 0);
	/* items by key (lift, lift-c, pump); the lead brings nothing more
	 * on the first day; the hourly slots to the minute, due at the slot */
	assert_string_equal(a.s,
	    "lift/ELV-1/2027-01-01/W=2027-01-02 00:00 lift/ELV-2/2027-01-01/W=2027-01-02 00:00 "
	    "lift-c/ELV-1/2027-01-01/W=2027-01-02 00:00 "
	    "pump/P-1/2027-01-01 06:00/W=2027-01-01 06:00 pump/P-1/2027-01-01 12:00/W=2027-01-01 12:00 "
	    "pump/P-1/2027-01-01 18:00/W=2027-01-01 18:00");
	assert_int_equal(made, 6);
	assert_int_equal(count("SELECT count(*) FROM checklist_result"), 4);
	assert_int_equal(count("SELECT count(*) FROM workorder WHERE on_site_due <> fix_due "
	    "OR est_minutes IS NOT NULL OR plan_version <> 1"), 0);
	/* again: nothing */
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_plan_gen_run(&ctx, at("2027-01-01"), collect, &a, &made, &err), 0);
	assert_int_equal(made, 0);
	assert_string_equal(a.s, "");
	/* a later day: the lead (3d) brings 16 January on the 13th; the
	 * completion item waits for its job */
	ctx.now = at("2027-01-13 01:00");
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_plan_gen_run(&ctx, at("2027-01-13"), collect, &a, &made, &err), 0);
	assert_non_null(strstr(a.s, "lift/ELV-1/2027-01-16/W"));
	assert_null(strstr(a.s, "lift-c"));
	assert_null(strstr(a.s, "lift/ELV-1/2027-01-01"));
	assert_int_equal(count("SELECT count(*) FROM workorder WHERE occurrence LIKE '2027-01-13 %'"), 3);
	assert_int_equal(count("SELECT count(*) FROM workorder WHERE occurrence LIKE '2027-01-05 %'"), 3);
	/* the completion item after its job is done on the 4th: 14 January */
	assert_int_equal(count("SELECT count(*) FROM workorder w JOIN plan_item i ON i.id = w.plan_item_id "
	    "WHERE i.key = 'lift-c'"), 1);
	{
		pm_err e;
		assert_int_equal(pm_db_run(ctx.db, &e, "UPDATE workorder SET status = 'done', done_at = ?1 "
		    "WHERE plan_item_id = 3", "i", at("2027-01-04 10:00")), 0);
	}
	ctx.now = at("2027-01-14 01:00");
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_plan_gen_run(&ctx, at("2027-01-14"), collect, &a, &made, &err), 0);
	assert_non_null(strstr(a.s, "lift-c/ELV-1/2027-01-14/W"));
}

static void
calendar_and_due(void **state)
{
	static struct acc a;
	int64_t made;
	pm_plan_gen_filter f = { "p", NULL };
	pm_err err;

	(void)state;
	memset(&a, 0, sizeof a);
	f.plan = NULL;
	assert_int_equal(pm_plan_gen_calendar(&ctx, &f, 2027, collect, &a, &err), 0);
	/* 25 services a lift, 2 for the first projection of lift-c onward
	 * (every 10 days: 37), 3 slots a day for the pump */
	{
		size_t n = 0;
		const char *p;
		for (p = a.s; (p = strstr(p, "lift/ELV-2/")) != NULL; p++)
			n++;
		assert_int_equal(n, 25);
		for (n = 0, p = a.s; (p = strstr(p, "lift-c/")) != NULL; p++)
			n++;
		assert_int_equal(n, 37);
	}
	f.plan = "nosuch";
	assert_int_equal(pm_plan_gen_calendar(&ctx, &f, 2027, collect, &a, &err), PM_EX_NOINPUT);
	f.plan = NULL;
	f.site = "nosuch";
	assert_int_equal(pm_plan_gen_calendar(&ctx, &f, 2027, collect, &a, &err), PM_EX_NOINPUT);
	f.site = NULL;
	assert_int_equal(pm_plan_gen_calendar(&ctx, &f, 1969, collect, &a, &err), PM_EX_USAGE);
	/* due: a lift made on the 1st, one not made, by due time */
	ctx.now = at("2027-01-01 01:00");
	assert_int_equal(pm_plan_gen_run(&ctx, at("2027-01-01"), NULL, NULL, &made, &err), 0);
	memset(&a, 0, sizeof a);
	f.plan = "p";
	assert_int_equal(pm_plan_gen_due(&ctx, &f, at("2027-01-01 13:00"), at("2027-01-02 07:00"),
	    collect, &a, &err), 0);
	assert_string_equal(a.s, "pump/P-1/2027-01-01 18:00/W "
	    "lift/ELV-1/2027-01-01/W lift/ELV-2/2027-01-01/W lift-c/ELV-1/2027-01-01/W "
	    "pump/P-1/2027-01-02 06:00");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(run_once, begin, rollback),
		cmocka_unit_test_setup_teardown(calendar_and_due, begin, rollback),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
