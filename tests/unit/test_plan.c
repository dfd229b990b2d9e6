/* test_plan.c — plan files: the strict reader and its positions; load
 * (added, unchanged, changed with its fields, removed, reactivated);
 * the interval check (a lift every 30 days breaks 15d; an exemption);
 * the streams the generator reads. */
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
#include "registry.h"

static pm_ctx ctx;

static const char good[] =
	"plan: p1\n"
	"site: sunny\n"
	"items:\n"
	"  - key: lift\n"
	"    title: 电梯保养\n"
	"    task: 维保\n"
	"    kind: 电梯\n"
	"    checklist: [门锁, 制动器]\n"
	"    recurrence: every  15 day\n"
	"    shift: next\n"
	"    start: 2027-01-01\n"
	"    lead: 3d\n"
	"    dept: maint\n"
	"  - key: pump\n"
	"    title: 消防泵\n"
	"    task: 月检\n"
	"    equipment: [FP-1]\n"
	"    recurrence: monthly 31\n"
	"    start: 2027-01-01\n"
	"    dept: maint\n"
	"    minutes: 30\n";

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-workorder", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential');"
	    "INSERT INTO equipment (site_id, code, kind) VALUES (1, 'ELV-1', '电梯/客梯'), "
	    "(1, 'ELV-2', '电梯/扶梯'), (1, 'FP-1', '消防/消防泵'), (1, 'X-1', '电梯间');") != 0 ||
	    pm_db_commit(ctx.db, &ctx.err) != 0)
		return -1;
	ctx.verb = "plan load";
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

static pm_plan_def *
def_of(const char *text)
{
	pm_plan_def *def;
	pm_err err;

	if (pm_plan_parse("p.yaml", text, strlen(text), &def, &err) != 0)
		fail_msg("%s", err.msg);
	return def;
}

static void
parse_good(void **state)
{
	pm_plan_def *def = def_of(good);

	(void)state;
	assert_string_equal(def->code, "p1");
	assert_int_equal(def->n, 2);
	assert_string_equal(def->items[0].recurrence, "every 15 days");
	assert_int_equal(def->items[0].shift, PM_SHIFT_NEXT);
	assert_int_equal(def->items[0].lead, 3 * 86400);
	assert_int_equal(def->items[0].nchecklist, 2);
	assert_string_equal(def->items[1].equipment[0], "FP-1");
	assert_int_equal(def->items[1].minutes, 30);
	pm_plan_def_free(def);
}

static void
refused(const char *text, const char *want)
{
	pm_plan_def *def = NULL;
	pm_err err;

	if (pm_plan_parse("p.yaml", text, strlen(text), &def, &err) != PM_EX_DATAERR)
		fail_msg("accepted: %s", text);
	assert_null(def);
	assert_string_equal(err.msg, want);
}

#define ITEM "items:\n  - key: a\n    title: t\n    task: 维保\n    kind: 电梯\n    start: 2027-01-01\n    dept: maint\n"

static void
parse_errors(void **state)
{
	(void)state;
	refused("items: []\n", "p.yaml:1:1: a plan needs plan (its code)");
	refused("plan: x\n", "p.yaml:1:1: a plan needs items");
	refused("plan: x y\nitems: []\n", "p.yaml:1:7: expected a code of letters, digits, - and _ (at most 32)");
	refused("plan: x\nitem: []\n", "p.yaml:2:1: unknown key item (plan, title, site, items)");
	refused("plan: x\n" ITEM, "p.yaml:3:5: item a needs recurrence");
	refused("plan: x\n" ITEM "    recurrence: monthly 32\n",
		"p.yaml:9:17: recurrence at column 9: expected a day 1..31, last, or 1st 2nd 3rd 4th, found \"32\"");
	refused("plan: x\n" ITEM "    recurrence: daily\n    anchor: sometimes\n",
		"p.yaml:10:13: expected one of calendar, completion, found 'sometimes'");
	refused("plan: x\n" ITEM "    recurrence: daily\n    lead: 1mo\n",
		"p.yaml:10:11: expected a span of up to 366 days (3d, 2w, 12h)");
	refused("plan: x\n" ITEM "    recurrence: daily\n    equipment: [E-1]\n",
		"p.yaml:3:5: item a needs either kind or equipment");
	refused("plan: x\n" ITEM "    recurrence: every 2 hours\n    shift: next\n",
		"p.yaml:3:5: item a: an hourly rule cannot be moved to another day (use none or skip)");
	refused("plan: x\n" ITEM "    recurrence: daily\n    minutes: 0\n", "p.yaml:10:14: expected an integer from 1 to 100000, found '0'");
	refused("plan: x\nitems:\n  - key: a b\n", "p.yaml:3:10: a key is 1 to 64 letters, digits, '.', '-' and '_'");
	refused("plan: x\nitems: [\n", "p.yaml:3:1: did not find expected node content while parsing a flow node");
}

struct seen {
	char s[1024];
};

static int
seen_change(void *arg, const pm_plan_change *c)
{
	struct seen *s = arg;
	size_t n = strlen(s->s);

	snprintf(s->s + n, sizeof s->s - n, "%s%s %s %s v%lld", n ? "; " : "", c->key, c->action,
		c->fields, (long long)c->version);
	return 0;
}

static void
load_reload(void **state)
{
	pm_plan_def *def = def_of(good), *def2;
	pm_plan_counts n;
	struct seen s;
	char *changed;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_plan_load(&ctx, def, "p.yaml", seen_change, &s, &n, &ctx.err), 0);
	assert_string_equal(s.s, "lift added  v1; pump added  v1");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_plan_load(&ctx, def, "p.yaml", seen_change, &s, &n, &ctx.err), 0);
	assert_string_equal(s.s, "lift unchanged  v1; pump unchanged  v1");
	assert_int_equal(n.unchanged, 2);
	/* the lift's shift and checklist change, the pump goes */
	changed = strdup(good);
	*strstr(changed, "  - key: pump") = '\0';
	memcpy(strstr(changed, "next"), "skip", 4);
	memcpy(strstr(changed, "门锁"), "轿厢", strlen("轿厢"));
	def2 = def_of(changed);
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_plan_load(&ctx, def2, "p.yaml", seen_change, &s, &n, &ctx.err), 0);
	assert_string_equal(s.s, "lift changed checklist,shift v2; pump removed  v1");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_plan_load(&ctx, def, "p.yaml", seen_change, &s, &n, &ctx.err), 0);
	assert_string_equal(s.s, "lift changed checklist,shift v3; pump reactivated  v2");
	pm_plan_def_free(def);
	pm_plan_def_free(def2);
	free(changed);
}

static int
count_target(void *arg, const pm_plan_target *t)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 256 - n, "%s%s", n ? "," : "", t->code);
	return 0;
}

static int
targets_of(void *arg, const pm_plan_item *it)
{
	return pm_plan_targets_each(&ctx, it, count_target, arg, &ctx.err);
}

static int
breach_of(void *arg, const pm_plan_breach *b)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 512 - n, "%s%s %s %s %lld %d", n ? "; " : "", b->equipment, b->rule, b->max,
		(long long)(b->gap / 86400), b->breach);
	return 0;
}

static void
check_and_streams(void **state)
{
	pm_plan_def *def;
	pm_plan_counts n;
	char *text = strdup(good);
	char targets[256] = "", found[512] = "";
	int64_t nb;

	(void)state;
	memcpy(strstr(text, "every  15 day"), "every  30 day", strlen("every  30 day"));
	def = def_of(text);
	assert_int_equal(pm_plan_load(&ctx, def, "p.yaml", NULL, NULL, &n, &ctx.err), 0);
	/* a kind is a path prefix: 电梯间 is not under 电梯 */
	assert_int_equal(pm_plan_items_each(&ctx, "p1", 0, targets_of, targets, &ctx.err), 0);
	assert_string_equal(targets, "ELV-1,ELV-2,FP-1");
	assert_int_equal(pm_plan_check(&ctx, NULL, 0, breach_of, found, &nb, &ctx.err), 0);
	assert_int_equal(nb, 2);
	assert_string_equal(found, "ELV-1 lift-upkeep 15d 31 1; ELV-2 lift-upkeep 15d 31 1");
	assert_int_equal(pm_plan_exempt(&ctx, NULL, "ELV-1", "lift-upkeep", "5w", "豁免", &ctx.err), 0);
	found[0] = '\0';
	assert_int_equal(pm_plan_check(&ctx, NULL, 1, breach_of, found, &nb, &ctx.err), 0);
	assert_int_equal(nb, 1);
	assert_string_equal(found, "ELV-1 lift-upkeep 5w 32 0; ELV-2 lift-upkeep 15d 31 1; "
		"FP-1 fire-monthly 1mo 31 0");
	assert_int_equal(pm_plan_exempt(&ctx, NULL, "ELV-1", "nosuch", "1mo", "x", &ctx.err),
		PM_EX_NOINPUT);
	pm_plan_def_free(def);
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test_setup_teardown(load_reload, begin, rollback),
		cmocka_unit_test_setup_teardown(check_and_streams, begin, rollback),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
