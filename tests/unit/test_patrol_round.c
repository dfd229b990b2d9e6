/* test_patrol_round.c — rounds on a fresh database: planning across
 * midnight (idempotent), the windows of a round and its points, missed
 * rounds and skipped points, re-inspection, and the plan of missed's
 * query (one day's rounds by the planned index, check-ins by round). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin.h"
#include "patrol.h"
#include "patrol_round.h"
#include "perm.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

#define ROUTE "route: night\ntitle: 夜间\ndepts: [security]\nschedule: every 2 hours 20:00-06:00\n" \
	"window: 1h\nremind: 30min\npoints:\n  - point: A\n    window: 10min\n" \
	"  - point: B\n    offset: 10min\n    window: 10min\n  - point: C\n    offset: 20min\n" \
	"    window: 10min\n"

static pm_time
at(const char *s)
{
	pm_time t;
	pm_err err;

	assert_int_equal(pm_time_parse(s, 0, &t, &err), 0);
	return t;
}

static int
setup(void **state)
{
	pm_route_def *def = NULL;
	pm_route_change c;
	pm_rput res;
	pm_rrec rec;
	const char *codes[] = { "A", "B", "C" };
	int i;

	(void)state;
	if (fx_open(&ctx, "pm-patrol", "li",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential');"
	    "INSERT INTO staff (login, name, created_at) VALUES ('li', '李', 1700000000), "
	    "('wang', '王', 1700000000)") != 0)
		return -1;
	pm_perm_set_policy(fx_permit);
	ctx.now = at("2026-12-01 09:00");
	for (i = 0; i < 3; i++) {
		memset(&rec, 0, sizeof rec);
		rec.v[PM_CP_SITE] = "sunny";
		rec.v[PM_CP_CODE] = codes[i];
		rec.v[PM_CP_KIND] = "other";
		rec.v[PM_CP_TAG] = i == 0 ? "TAG-A" : NULL;
		rec.v[PM_CP_CHECKLIST] = i == 1 ? "锁;压力:number:0.8..1.2" : NULL;
		if (pm_checkpoint_put(&ctx, &rec, PM_PUT_NEW, &res, &ctx.err) != 0)
			return -1;
	}
	if (pm_route_parse("r.yaml", ROUTE, strlen(ROUTE), &def, &ctx.err) != 0 ||
	    pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err) != 0)
		return -1;
	pm_route_def_free(def);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

struct made { int n; char keys[512]; };

static int
made_one(void *arg, const pm_round_made *m)
{
	struct made *md = arg;

	md->n++;
	snprintf(md->keys + strlen(md->keys), sizeof md->keys - strlen(md->keys), "%s%s",
	    md->n > 1 ? "|" : "", m->occurrence);
	return 0;
}

static void
plan_across_midnight(void **state)
{
	struct made md;
	int64_t made, missed, n;

	(void)state;
	memset(&md, 0, sizeof md);
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-02 00:00"), made_one, &md, &made, &missed,
	    &ctx.err), 0);
	assert_int_equal(made, 7);
	assert_string_equal(md.keys, "2026-12-01 20:00|2026-12-01 22:00|2026-12-02 00:00|"
	    "2026-12-02 02:00|2026-12-02 04:00|2026-12-02 20:00|2026-12-02 22:00");
	/* again, and from a later day: nothing twice */
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-02 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	assert_int_equal(made, 0);
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-03 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	assert_int_equal(made, 5);
	assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &n, NULL, "SELECT count(DISTINCT "
	    "occurrence) FROM patrol_round", ""), 0);
	assert_int_equal(n, 12);
	/* R1 closes at 21:00: noted missed then, once */
	ctx.now = at("2026-12-01 20:59");
	assert_int_equal(pm_round_plan(&ctx, ctx.now, NULL, NULL, &made, &missed, &ctx.err), 0);
	assert_int_equal(missed, 0);
	ctx.now = at("2026-12-01 21:00");
	assert_int_equal(pm_round_plan(&ctx, ctx.now, NULL, NULL, &made, &missed, &ctx.err), 0);
	assert_int_equal(missed, 1);
	assert_int_equal(pm_round_plan(&ctx, ctx.now, NULL, NULL, &made, &missed, &ctx.err), 0);
	assert_int_equal(missed, 0);
}

struct rows { int n; char text[1024]; };

static int
missed_row(void *arg, const pm_cell *c)
{
	struct rows *r = arg;

	r->n++;
	snprintf(r->text + strlen(r->text), sizeof r->text - strlen(r->text), "%s%s %s %s",
	    r->n > 1 ? "|" : "", c[PM_RM_WHAT].s, c[PM_RM_ROUND].s,
	    c[PM_RM_POINT].null ? "-" : c[PM_RM_POINT].s);
	return 0;
}

static int
point_row(void *arg, const pm_cell *c)
{
	struct rows *r = arg;

	r->n++;
	snprintf(r->text + strlen(r->text), sizeof r->text - strlen(r->text), "%s%s:%s",
	    r->n > 1 ? " " : "", c[PM_RP_POINT].s, c[PM_RP_TIMING].s);
	return 0;
}

static int
check(const char *when, int64_t round, const char *point, const char *issue,
    const char *const *answers, int n)
{
	pm_checkin_in in;
	pm_checkin out;

	memset(&in, 0, sizeof in);
	ctx.now = at(when);
	in.point = point;
	in.issue = issue;
	in.answers = answers;
	in.nanswers = n;
	pm_err_clear(&ctx.err);
	return pm_round_check(&ctx, round, &in, &out, &ctx.err);
}

static void
walk_skip_late(void **state)
{
	const char *ans[] = { "锁=yes", "压力=1" }, *low[] = { "锁=yes", "压力=0.2" };
	struct rows r;
	int64_t made, missed;

	(void)state;
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-01 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	ctx.now = at("2026-12-01 19:44");
	assert_int_equal(pm_round_start(&ctx, 1, "li", &ctx.err), PM_EX_DATAERR);
	ctx.now = at("2026-12-01 19:45");
	assert_int_equal(pm_round_start(&ctx, 1, "li, wang", &ctx.err), 0);
	/* A on time; B late (due 20:10-20:20); C skipped */
	assert_int_equal(check("2026-12-01 20:05", 1, "A", NULL, NULL, 0), 0);
	assert_int_equal(check("2026-12-01 20:25", 1, "B", NULL, ans, 1), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "answer");
	assert_int_equal(check("2026-12-01 20:25", 1, "B", NULL, low, 2), PM_EX_DATAERR);
	assert_int_equal(check("2026-12-01 20:25", 1, "B", NULL, ans, 2), 0);
	assert_int_equal(check("2026-12-01 20:26", 1, "B", NULL, ans, 2), PM_EX_DATAERR);
	ctx.now = at("2026-12-01 20:30");
	assert_int_equal(pm_round_finish(&ctx, 1, &ctx.err), 0);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_round_points(&ctx, 1, point_row, &r, &ctx.err), 0);
	assert_string_equal(r.text, "A:on-time B:late C:missing");
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_round_missed(&ctx, NULL, at("2026-12-01 00:00"), ctx.now, missed_row,
	    &r, &ctx.err), 0);
	assert_string_equal(r.text, "point R1 C");
	/* an unwalked round is missed once its window closes */
	ctx.now = at("2026-12-01 22:59");
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_round_missed(&ctx, NULL, at("2026-12-01 00:00"), ctx.now, missed_row,
	    &r, &ctx.err), 0);
	assert_string_equal(r.text, "point R1 C");
	ctx.now = at("2026-12-01 23:00");
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_round_missed(&ctx, NULL, at("2026-12-01 00:00"), ctx.now, missed_row,
	    &r, &ctx.err), 0);
	assert_string_equal(r.text, "point R1 C|round R2 -");
	/* 补检 of C within patrol.recheck_within (2h) of 20:30 */
	assert_int_equal(check("2026-12-01 22:31", 1, "C", NULL, NULL, 0), PM_EX_DATAERR);
	assert_int_equal(check("2026-12-01 22:30", 1, "C", NULL, NULL, 0), 0);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_round_points(&ctx, 1, point_row, &r, &ctx.err), 0);
	assert_string_equal(r.text, "A:on-time B:late C:late");
	/* the missed one cannot be started, nor checked */
	ctx.now = at("2026-12-01 23:00");
	assert_int_equal(pm_round_start(&ctx, 2, "li", &ctx.err), PM_EX_DATAERR);
	assert_int_equal(check("2026-12-01 23:00", 2, "A", NULL, NULL, 0), PM_EX_DATAERR);
	assert_int_equal(pm_round_finish(&ctx, 2, &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_round_start(&ctx, 99, "li", &ctx.err), PM_EX_NOINPUT);
}

static void
walk_rules(void **state)
{
	pm_checkin_in in;
	pm_checkin out;
	int64_t made, missed;

	(void)state;
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-01 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	ctx.now = at("2026-12-01 20:00");
	assert_int_equal(pm_round_start(&ctx, 1, "wang", &ctx.err), 0);
	/* li is not walking it; handed over, li is */
	assert_int_equal(check("2026-12-01 20:01", 1, "A", NULL, NULL, 0), PM_EX_DATAERR);
	assert_int_equal(pm_round_handover(&ctx, 1, "li", &ctx.err), 0);
	assert_int_equal(pm_round_handover(&ctx, 1, "li", &ctx.err), PM_EX_DATAERR);
	memset(&in, 0, sizeof in);
	ctx.now = at("2026-12-01 20:02");
	in.point = "A";
	in.method = "nfc";
	assert_int_equal(pm_round_check(&ctx, 1, &in, &out, &ctx.err), PM_EX_DATAERR);
	in.tag = "TAG-B";
	assert_int_equal(pm_round_check(&ctx, 1, &in, &out, &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "tag");
	in.tag = "TAG-A";
	in.issue = "门禁损坏";
	assert_int_equal(pm_round_check(&ctx, 1, &in, &out, &ctx.err), 0);
	/* what the hazard helper needs */
	assert_int_equal(out.round_id, 1);
	assert_int_equal(out.site_id, 1);
	assert_int_equal(out.seq, 1);
	assert_string_equal(out.point, "A");
	assert_string_equal(out.severity, "一般");
	assert_string_equal(out.timing, "on-time");
	assert_int_equal(out.at, ctx.now);
	assert_true(out.id > 0);
	/* early: C is due from 20:20 */
	assert_int_equal(check("2026-12-01 20:03", 1, "C", NULL, NULL, 0), 0);
	assert_int_equal(check("2026-12-01 20:03", 1, "X", NULL, NULL, 0), PM_EX_NOINPUT);
	memset(&in, 0, sizeof in);
	in.point = "B";
	in.has_at = 1;
	in.at = at("2026-12-01 20:04");
	in.issue = "x";
	assert_int_equal(pm_round_check(&ctx, 1, &in, &out, &ctx.err), PM_EX_DATAERR);  /* future */
	assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &made, NULL, "SELECT count(*) FROM "
	    "checkin WHERE timing = 'early'", ""), 0);
	assert_int_equal(made, 1);
	assert_int_equal(pm_round_start(&ctx, 1, "", &ctx.err), PM_EX_DATAERR);
}

static int
count_row(void *arg, const pm_cell *c)
{
	(void)c;
	(*(int *)arg)++;
	return 0;
}

static void
due_and_list(void **state)
{
	pm_round_filter f;
	int64_t made, missed;
	int n = 0;

	(void)state;
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-02 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	ctx.now = at("2026-12-01 19:28");
	assert_int_equal(pm_round_due(&ctx, NULL, 60, count_row, &n, &ctx.err), 0);
	assert_int_equal(n, 0);
	ctx.now = at("2026-12-01 19:30");
	assert_int_equal(pm_round_due(&ctx, NULL, 60, count_row, &n, &ctx.err), 0);
	assert_int_equal(n, 1);
	memset(&f, 0, sizeof f);
	f.from = at("2026-12-01");
	f.to = at("2026-12-03");
	f.status = "planned";
	n = 0;
	assert_int_equal(pm_round_each(&ctx, &f, count_row, &n, &ctx.err), 0);
	assert_int_equal(n, 7);
	f.status = "lost";
	assert_int_equal(pm_round_each(&ctx, &f, count_row, &n, &ctx.err), PM_EX_USAGE);
	f.status = NULL;
	f.route = "nope";
	assert_int_equal(pm_round_each(&ctx, &f, count_row, &n, &ctx.err), PM_EX_NOINPUT);
}

/* missed --since for one day reads that day's rounds by the planned
 * index and their check-ins by checkin's (round_id, seq) key: never a
 * scan of the big table. */
static void
missed_plan(void **state)
{
	pm_buf plan;

	(void)state;
	pm_buf_init(&plan);
	assert_int_equal(pm_db_plan(ctx.db, &ctx.err, &plan, pm_round_missed_sql, "iiii",
	    at("2026-12-01"), at("2026-12-02"), ctx.now, (int64_t)0), 0);
	if (strstr(plan.s, "USING INDEX patrol_round_planned") == NULL ||
	    strstr(plan.s, "sqlite_autoindex_checkin_1") == NULL ||
	    strstr(plan.s, "SCAN c") != NULL || strstr(plan.s, "SCAN checkin") != NULL)
		fail_msg("plan:\n%s", plan.s);
	pm_buf_free(&plan);
}

static void
hook_record(void **state)
{
	pm_json j;
	pm_buf b;
	int64_t made, missed;

	(void)state;
	assert_int_equal(pm_round_plan(&ctx, at("2026-12-01 00:00"), NULL, NULL, &made, &missed,
	    &ctx.err), 0);
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	assert_int_equal(pm_round_hook_kind.record(&ctx, 1, 0, &j, &ctx.err), 0);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "\"route\":\"night\",\"occurrence\":\"2026-12-01 20:00\""));
	assert_non_null(strstr(b.s, "\"status\":\"planned\""));
	pm_buf_free(&b);
	assert_int_equal(pm_round_hook_kind.idtype, 'R');
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(plan_across_midnight, setup, teardown),
		cmocka_unit_test_setup_teardown(walk_skip_late, setup, teardown),
		cmocka_unit_test_setup_teardown(walk_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(due_and_list, setup, teardown),
		cmocka_unit_test_setup_teardown(missed_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(hook_record, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
