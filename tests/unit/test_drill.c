/* test_drill.c — drills: the lifecycle table and schema, the frequency
 * rules (built in, from config, hostile ones refused), key sites, the
 * interval arithmetic, plan and record with findings, the refusals, and
 * `due`: a key site's fire drill 7 months ago is overdue, 5 months ago
 * it is not, an ordinary site's 7 months ago is fine, a site that never
 * held one is said so. */
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
#include "drill.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);
	return fx_open(&ctx, "pm-patrol", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential'), "
	    "('hill', 'H', 'residential'), ('park', 'P', 'commercial');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_date
date(const char *s)
{
	pm_date d;
	pm_err err;

	if (pm_date_parse(s, &d, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return d;
}

/* A drill planned and held on day at site. */
static pm_id
held(const char *site, const char *kind, const char *day, const char *const *findings, int n)
{
	pm_drill_in in;
	pm_drill_act a;
	pm_err err;
	pm_id id;

	memset(&in, 0, sizeof in);
	in.site = site;
	in.kind = kind;
	in.date = date(day);
	if (pm_drill_plan(&ctx, &in, &id, &err) != 0)
		fail_msg("plan: %s", err.msg);
	memset(&a, 0, sizeof a);
	a.date = in.date;
	a.has_date = 1;
	a.participants = 20;
	a.has_participants = 1;
	a.minutes = 40;
	a.has_minutes = 1;
	a.findings = findings;
	a.nfindings = n;
	if (pm_drill_apply(&ctx, "record", id, &a, &err) != 0)
		fail_msg("record: %s", err.msg);
	return id;
}

static void
test_lifecycle(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&pm_drill_lifecycle, &err), 0);
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &pm_drill_lifecycle, "drill_open", &err), 0);
}

static void
test_rules(void **state)
{
	pm_drill_rule r[PM_DRILL_RULES_MAX];
	const pm_drill_rule *f;
	size_t n;
	pm_err err;

	(void)state;
	assert_int_equal(pm_drill_rules(ctx.cfg, r, &n, &err), 0);
	assert_int_equal(n, 5);
	f = pm_drill_rule_of(r, n, "fire");
	assert_non_null(f);
	assert_int_equal(f->every.months, 12);
	assert_int_equal(f->key.months, 6);
	assert_string_equal(pm_drill_rule_of(r, n, "lift-rescue")->every_text, "1y");
	assert_null(pm_drill_rule_of(r, n, "parade"));
	/* the file's rules replace the built-in ones */
	assert_int_equal(fx_config(&ctx, "drill:\n  rules:\n    fire: { every: 6mo, key: 3mo }\n"
	    "    typhoon: { every: 90d, name: 防台风 }\n", &err), 0);
	assert_int_equal(pm_drill_rules(ctx.cfg, r, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].every.seconds, 90 * 86400);
	assert_string_equal(r[1].name, "防台风");
	assert_string_equal(r[1].key_text, "");
	fx_config(&ctx, NULL, &err);
}

static void
test_rules_hostile(void **state)
{
	static const char *const bad[] = {
		"drill:\n  rules: [fire]\n",
		"drill:\n  rules: {}\n",
		"drill:\n  rules:\n    fire: 6mo\n",
		"drill:\n  rules:\n    fire: { key: 6mo }\n",
		"drill:\n  rules:\n    fire: { every: 5h }\n",
		"drill:\n  rules:\n    fire: { every: 0d }\n",
		"drill:\n  rules:\n    fire: { every: -1y }\n",
		"drill:\n  rules:\n    fire: { every: 1y, often: 2 }\n",
		"drill:\n  rules:\n    \"Fire Drill\": { every: 1y }\n",
		"drill:\n  key_sites: \"sunny,,hill\"\n",
		"drill:\n  key_sites: \"sun ny\"\n",
		"drill:\n  due_within: 1h\n",
	};
	int i;

	(void)state;
	if ((i = fx_config_refused(&ctx, bad, sizeof bad / sizeof bad[0])) >= 0)
		fail_msg("accepted: %s", bad[i]);
}

static void
test_key_sites_and_next(void **state)
{
	pm_date d;
	pm_err err;
	char s[16];

	(void)state;
	assert_int_equal(fx_config(&ctx, "drill:\n  key_sites: \"sunny, Plaza-1\"\n", &err), 0);
	assert_true(pm_drill_key_site(ctx.cfg, "sunny"));
	assert_true(pm_drill_key_site(ctx.cfg, "Plaza-1"));
	assert_false(pm_drill_key_site(ctx.cfg, "sun"));
	assert_false(pm_drill_key_site(ctx.cfg, "hill"));
	fx_config(&ctx, NULL, &err);
	assert_false(pm_drill_key_site(ctx.cfg, "sunny"));
	/* months clamp to the month's end; days are days */
	assert_int_equal(pm_drill_next(date("2026-05-31"), (pm_span){ 0, 6 }, &d), 0);
	pm_date_format(d, s, sizeof s);
	assert_string_equal(s, "2026-11-30");
	assert_int_equal(pm_drill_next(date("2024-02-29"), (pm_span){ 0, 12 }, &d), 0);
	pm_date_format(d, s, sizeof s);
	assert_string_equal(s, "2025-02-28");
	assert_int_equal(pm_drill_next(date("2026-11-30"), (pm_span){ 90 * 86400, 0 }, &d), 0);
	pm_date_format(d, s, sizeof s);
	assert_string_equal(s, "2027-02-28");
}

static void
test_plan_record(void **state)
{
	static const char *const f[] = { "消防通道堆放杂物", "广播音量不足" };
	pm_drill_filter flt;
	pm_drill_iter *it = NULL;
	pm_drill_row row;
	pm_drill_act a;
	pm_drill_in in;
	pm_err err;
	pm_id id = held("sunny", "fire", "2026-04-28", f, 2), id2;

	(void)state;
	assert_int_equal(id.n, 1);
	memset(&flt, 0, sizeof flt);
	flt.one = id.n;
	flt.cols = ~UINT64_C(0);
	assert_int_equal(pm_drill_list(&ctx, &flt, &it, &err), 0);
	assert_int_equal(pm_drill_next_row(it, &row, &err), 1);
	assert_string_equal(row.c[PM_DC_ID].s, "D1");
	assert_string_equal(row.c[PM_DC_STATUS].s, "done");
	assert_string_equal(row.c[PM_DC_HELD].s, "2026-04-28");
	assert_int_equal(row.c[PM_DC_NFINDINGS].i, 2);
	assert_string_equal(row.c[PM_DC_FINDINGS].s,
	    "[{\"n\":1,\"text\":\"消防通道堆放杂物\"},{\"n\":2,\"text\":\"广播音量不足\"}]");
	pm_drill_iter_free(it);
	/* refusals */
	memset(&in, 0, sizeof in);
	in.site = "sunny";
	in.kind = "parade";
	in.date = date("2026-12-10");
	assert_int_equal(pm_drill_plan(&ctx, &in, &id2, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "fire, evacuation"));
	in.kind = "fire";
	in.site = "nowhere";
	assert_int_equal(pm_drill_plan(&ctx, &in, &id2, &err), PM_EX_NOINPUT);
	in.site = "sunny";
	assert_int_equal(pm_drill_plan(&ctx, &in, &id2, &err), 0);
	memset(&a, 0, sizeof a);
	assert_int_equal(pm_drill_apply(&ctx, "record", id2, &a, &err), PM_EX_USAGE);
	a.participants = 5;
	a.has_participants = 1;
	a.minutes = 0;
	a.has_minutes = 1;
	assert_int_equal(pm_drill_apply(&ctx, "record", id2, &a, &err), PM_EX_DATAERR);
	a.minutes = 30;
	a.date = date("2026-12-10");   /* tomorrow and after: not held yet */
	a.has_date = 1;
	assert_int_equal(pm_drill_apply(&ctx, "record", id2, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "future"));
	/* a done drill is not recorded again, nor cancelled */
	a.date = date("2026-11-30");
	assert_int_equal(pm_drill_apply(&ctx, "record", id, &a, &err), PM_EX_DATAERR);
	a.text = NULL;
	assert_int_equal(pm_drill_apply(&ctx, "cancel", id2, &a, &err), PM_EX_USAGE);
	a.text = "台风";
	assert_int_equal(pm_drill_apply(&ctx, "cancel", id2, &a, &err), 0);
	assert_int_equal(pm_drill_apply(&ctx, "cancel", id, &a, &err), PM_EX_DATAERR);
}

struct rows { int n; char line[16][96]; };

static int
collect(void *arg, const pm_cell *c)
{
	struct rows *r = arg;

	if (r->n < 16)
		snprintf(r->line[r->n++], sizeof r->line[0], "%s %s %s %s %s", c[PM_DD_SITE].s,
		    c[PM_DD_KIND].s, c[PM_DD_STATE].s, c[PM_DD_LAST].null ? "-" : c[PM_DD_LAST].s,
		    c[PM_DD_DUE].null ? "-" : c[PM_DD_DUE].s);
	return 0;
}

static void
test_due(void **state)
{
	pm_drill_due_q q;
	struct rows r;
	pm_err err;

	(void)state;
	assert_int_equal(fx_config(&ctx, "drill:\n  key_sites: sunny,hill\n", &err), 0);
	held("sunny", "fire", "2026-04-30", NULL, 0);  /* 7 months ago, key site */
	held("hill", "fire", "2026-06-30", NULL, 0);   /* 5 months ago, key site */
	held("park", "fire", "2026-04-30", NULL, 0);   /* 7 months ago, yearly */
	held("hill", "fire", "2026-03-01", NULL, 0);   /* older: not the last */
	memset(&q, 0, sizeof q);
	q.kind = "fire";
	q.as_of = pm_date_of(ctx.now);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_drill_due(&ctx, &q, collect, &r, &err), 0);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.line[0], "sunny fire overdue 2026-04-30 2026-10-30");
	/* every row: the others are fine */
	q.all = 1;
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_drill_due(&ctx, &q, collect, &r, &err), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.line[0], "hill fire ok 2026-06-30 2026-12-30");
	assert_string_equal(r.line[1], "park fire ok 2026-04-30 2027-04-30");
	/* two weeks before hill's date it is due */
	q.all = 0;
	q.as_of = date("2026-12-16");
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_drill_due(&ctx, &q, collect, &r, &err), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.line[0], "hill fire due 2026-06-30 2026-12-30");
	/* a kind no site has held: never, at every site */
	q.kind = "flood";
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_drill_due(&ctx, &q, collect, &r, &err), 0);
	assert_int_equal(r.n, 3);
	assert_string_equal(r.line[2], "sunny flood never - -");
	q.kind = "parade";
	assert_int_equal(pm_drill_due(&ctx, &q, collect, &r, &err), PM_EX_DATAERR);
	fx_config(&ctx, NULL, &err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rules_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_key_sites_and_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan_record, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due, setup, teardown),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
