/* test_patrol.c — checkpoints on a fresh database, checklists and their
 * answers, route files (hostile ones too) and their loading. */
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
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-patrol", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential'),"
	    " (2, 'moon', '月亮', 'residential');"
	    "INSERT INTO staff (login, name, created_at) VALUES ('li', '李', 1700000000)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int
put(pm_rmode mode, ...)
{
	pm_rput res;
	pm_rrec rec;
	va_list ap;
	int rc;

	va_start(ap, mode);
	rc = fx_record(pm_checkpoint_kind(), &rec, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
	pm_err_clear(&ctx.err);
	return pm_checkpoint_put(&ctx, &rec, mode, &res, &ctx.err);
}

/* ---- checklists ------------------------------------------------------ */

static const char *
canon(const char *s)
{
	static pm_buf b;
	static pm_err err;
	pm_checklist c;

	pm_buf_free(&b);
	pm_buf_init(&b);
	if (pm_checklist_parse(s, &c, &err) != 0)
		return err.msg;
	pm_checklist_format(&c, &b);
	return b.s != NULL ? b.s : "";
}

static void
checklist_syntax(void **state)
{
	pm_checklist c;
	pm_err err;

	(void)state;
	assert_string_equal(canon(""), "");
	assert_string_equal(canon("门锁"), "门锁");
	assert_string_equal(canon("门锁:yesno"), "门锁");
	assert_string_equal(canon(" a : number : -1.5 .. 2.250 ; b:choice: x | y ;c:text"),
	    "a:number:-1.5..2.25;b:choice:x|y;c:text");
	assert_string_equal(canon("t:number"), "t:number");
	assert_string_equal(canon("a;a"), "checklist: key a twice");
	assert_string_equal(canon("a:number:2..1"),
	    "checklist: item a: expected a range MIN..MAX (0.8..1.2)");
	assert_string_equal(canon("a:number:1.2345..2"),
	    "checklist: item a: expected a range MIN..MAX (0.8..1.2)");
	assert_string_equal(canon("a:choice:x"),
	    "checklist: item a: 2 or more choices, in all at most 399 bytes");
	assert_string_equal(canon("a:choice:x||y"), "checklist: item a: an empty or bad choice");
	assert_string_equal(canon("a:mood"),
	    "checklist: item a: unknown type mood (yesno, number, choice, text)");
	assert_string_equal(canon("a:text:long"), "checklist: item a: text takes nothing after it");
	assert_string_equal(canon(";"), "checklist: an item needs a key");
	assert_string_equal(canon("a=b"), "checklist: key a=b: 1 to 32 characters without ; : = ,");
	assert_string_equal(canon("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"),
	    "checklist: key 一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三: "
	    "1 to 32 characters without ; : = ,");
	{
		char many[400] = "";
		int i;

		for (i = 0; i < PM_CHECKLIST_MAX + 1; i++)
			snprintf(many + strlen(many), sizeof many - strlen(many), "%sk%d", i ? ";" : "", i);
		assert_int_equal(pm_checklist_parse(many, &c, &err), PM_EX_DATAERR);
		assert_string_equal(err.msg, "checklist: more than 32 items");
	}
}

static int
answers(const char *list, int n, const char **a, const char **json, int *abnormal, int *missing)
{
	static pm_buf b;
	pm_checklist c;
	pm_err err;
	int rc;

	pm_buf_free(&b);
	pm_buf_init(&b);
	assert_int_equal(pm_checklist_parse(list, &c, &err), 0);
	rc = pm_checklist_answers(&c, a, n, &b, abnormal, missing, &ctx.err);
	*json = b.s != NULL ? b.s : "";
	return rc;
}

static void
checklist_answers(void **state)
{
	const char *L = "锁;压力:number:0.8..1.2;通道:choice:畅通|堵塞;备注:text;读数:number";
	const char *ok[] = { "锁=yes", "压力=1.000", "通道=畅通", "备注=无", "读数=-3" };
	const char *bad1[] = { "锁=maybe" }, *bad2[] = { "压力=1.0001" }, *bad3[] = { "通道=半开" };
	const char *bad4[] = { "颜色=红" }, *bad5[] = { "锁=yes", "锁=no" }, *bad6[] = { "锁" };
	const char *abn[] = { "锁=no", "压力=1.3", "通道=堵塞", "读数=9999" };
	const char *json;
	int abnormal, missing;

	(void)state;
	assert_int_equal(answers(L, 5, ok, &json, &abnormal, &missing), 0);
	assert_string_equal(json, "{\"锁\":true,\"压力\":1,\"通道\":\"畅通\",\"备注\":\"无\",\"读数\":-3}");
	assert_int_equal(abnormal, 0);
	assert_int_equal(missing, 0);
	assert_int_equal(answers(L, 4, abn, &json, &abnormal, &missing), 0);
	assert_int_equal(abnormal, 3);      /* a number without a range is never abnormal */
	assert_int_equal(missing, 1);
	assert_int_equal(answers(L, 0, NULL, &json, &abnormal, &missing), 0);
	assert_string_equal(json, "");
	assert_int_equal(missing, 5);
	assert_int_equal(answers(L, 1, bad1, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "answer 锁: expected yes or no");
	assert_int_equal(answers(L, 1, bad2, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_int_equal(answers(L, 1, bad3, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "answer 通道: expected one of 畅通|堵塞");
	assert_int_equal(answers(L, 1, bad4, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "answer 颜色: not on the checkpoint's checklist");
	assert_int_equal(answers(L, 2, bad5, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "answer 锁 given twice");
	assert_int_equal(answers(L, 1, bad6, &json, &abnormal, &missing), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "answer");
}

/* ---- checkpoints ------------------------------------------------------- */

static void
checkpoints(void **state)
{
	pm_checkpoint_ref cp;
	pm_rput res;

	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=N-GATE", "kind=entrance",
	    "tag=QR-1", "checklist=锁 ; 压力:number:0.80..1.2", NULL), 0);
	assert_int_equal(pm_checkpoint_find(&ctx, 1, "N-GATE", &cp, &ctx.err), 0);
	assert_string_equal(cp.checklist, "锁;压力:number:0.8..1.2");
	assert_string_equal(cp.tag, "QR-1");
	/* the same tag at another site is another tag */
	assert_int_equal(put(PM_PUT_NEW, "site=moon", "code=M-GATE", "kind=entrance", "tag=QR-1",
	    NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=X", "kind=cctv", "tag=QR-1", NULL),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "tag");
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=X", "kind=garden", NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=X", "kind=other", "checklist=a:bad",
	    NULL), PM_EX_DATAERR);
	assert_string_equal(ctx.err.field, "checklist");
	/* its own tag again is no conflict */
	assert_int_equal(put(PM_PUT_SET, "site=sunny", "code=N-GATE", "tag=QR-1", "name=北门",
	    NULL), 0);
	assert_int_equal(pm_checkpoint_find(&ctx, 1, "NOPE", &cp, &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(pm_checkpoint_get(&ctx, 2, &cp, &ctx.err), 0);
	assert_string_equal(cp.code, "M-GATE");
	/* retired: kept, once */
	assert_int_equal(pm_checkpoint_retire(&ctx, "sunny", "N-GATE", "2026-11-30", "拆除", &res,
	    &ctx.err), 0);
	assert_int_equal(pm_checkpoint_find(&ctx, 1, "N-GATE", &cp, &ctx.err), 0);
	assert_string_equal(cp.retired, "2026-11-30");
	assert_int_equal(pm_checkpoint_retire(&ctx, "sunny", "N-GATE", NULL, "again", &res,
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(put(PM_PUT_SET, "site=sunny", "code=N-GATE", "retire_reason=", NULL),
	    PM_EX_DATAERR);
	assert_true(pm_perm_is_declared("patrol.walk"));
	assert_true(pm_perm_is_declared("patrol.plan"));
}

/* ---- route files --------------------------------------------------------- */

static int
parse(const char *text, pm_route_def **def)
{
	pm_err_clear(&ctx.err);
	return pm_route_parse("r.yaml", text, strlen(text), def, &ctx.err);
}

static const char *
refused(const char *text)
{
	pm_route_def *def = NULL;

	if (parse(text, &def) == 0) {
		pm_route_def_free(def);
		return "accepted";
	}
	assert_int_equal(ctx.err.status, PM_EX_DATAERR);
	return ctx.err.msg;
}

#define HEAD "route: r\ntitle: t\ndepts: [security]\n"

static void
route_files(void **state)
{
	pm_route_def *def = NULL;
	char big[8192];
	size_t i, n;

	(void)state;
	assert_int_equal(parse(HEAD "schedule:\n  - every 2 hours 20:00-06:00\n"
	    "  - daily at 12:00\nwindow: 90min\nremind: 30min\npoints:\n  - A\n"
	    "  - point: B\n    offset: 10min\n    window: 5min\n", &def), 0);
	assert_string_equal(def->schedule, "every 2 hours 20:00-06:00; daily at 12:00");
	assert_int_equal(def->nrules, 2);
	assert_int_equal(def->window, 5400);
	assert_int_equal(def->point_window, 5400);
	assert_int_equal(def->points[0].window, 5400);
	assert_int_equal(def->points[1].offset, 600);
	assert_int_equal(def->points[1].window, 300);
	assert_int_equal(def->active, 1);
	pm_route_def_free(def);
	assert_string_equal(refused(""), "r.yaml:1:1: empty document");
	assert_string_equal(refused("[1]"), "r.yaml:1:1: expected a mapping (route, title, site, "
	    "depts, schedule, start, window, point_window, remind, active, points)");
	assert_string_equal(refused("route: r\n"), "r.yaml:1:1: route r needs title");
	assert_string_equal(refused(HEAD "schedule: daily\n"), "r.yaml:1:1: route r needs points");
	assert_string_equal(refused(HEAD "schedule: daily\npoints: []\n"),
	    "r.yaml:5:9: expected a list of 1 to 200 points");
	assert_string_equal(refused(HEAD "schedule: hourly\npoints: [A]\n"),
	    "r.yaml:4:11: recurrence at column 1: unknown rule \"hourly\" (daily, weekly, every, "
	    "monthly, quarterly, half-yearly, yearly)");
	assert_string_equal(refused(HEAD "schedule: daily\npoints: [A, {point: B, offset: 23h, "
	    "window: 3h}]\n"),
	    "r.yaml:5:13: point B: its window ends more than a day after the round's");
	assert_string_equal(refused(HEAD "schedule: daily\npoints: [{offset: 1h}]\n"),
	    "r.yaml:5:10: a route point needs point (a checkpoint code)");
	assert_string_equal(refused(HEAD "schedule: daily\nactive: yes\npoints: [A]\n"),
	    "r.yaml:5:9: expected true or false, found 'yes'");
	assert_string_equal(refused(HEAD "schedule: daily\npoints: [a b]\n"),
	    "r.yaml:5:10: expected a code of letters, digits, - and _ (at most 32)");
	assert_string_equal(refused("route: r\nroute: s\n"),
	    "r.yaml:2:1: duplicate key 'route' (first at line 1)");
	/* hostile: deep nesting, many rules, many points */
	n = 0;
	for (i = 0; i < 200; i++)
		big[n++] = '[';
	big[n] = '\0';
	assert_int_not_equal(strcmp(refused(big), "accepted"), 0);
	n = (size_t)snprintf(big, sizeof big, HEAD "points: [A]\nschedule:\n");
	for (i = 0; i < PM_ROUTE_RULES_MAX + 1; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "  - daily at %02d:00\n", (int)i);
	assert_string_equal(refused(big), "r.yaml:6:3: expected 1 to 16 entries");
	n = (size_t)snprintf(big, sizeof big, HEAD "schedule: daily\npoints: [");
	for (i = 0; i < PM_ROUTE_POINTS_MAX + 1; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "%sP%d", i ? "," : "", (int)i);
	snprintf(big + n, sizeof big - n, "]\n");
	assert_string_equal(refused(big), "r.yaml:5:9: expected a list of 1 to 200 points");
}

struct seen { int n; char codes[256]; };

static int
seen_point(void *arg, const pm_route_point *p)
{
	struct seen *s = arg;

	s->n++;
	snprintf(s->codes + strlen(s->codes), sizeof s->codes - strlen(s->codes), "%s%s/%lld",
	    s->n > 1 ? " " : "", p->code, (long long)p->window);
	return 0;
}

static int
seen_route(void *arg, const pm_route *r)
{
	*(int64_t *)arg = r->id * 1000 + r->version;
	return 0;
}

static void
route_loading(void **state)
{
	pm_route_def *def = NULL;
	pm_route_change c;
	struct seen s;
	int64_t rv = 0;

	(void)state;
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=A", "kind=entrance", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=sunny", "code=B", "kind=fire", NULL), 0);
	assert_int_equal(put(PM_PUT_NEW, "site=moon", "code=C", "kind=fire", NULL), 0);
	assert_int_equal(parse(HEAD "site: sunny\nschedule: daily at 08:00\npoints: [A, B]\n",
	    &def), 0);
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), 0);
	assert_string_equal(c.action, "added");
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), 0);
	assert_string_equal(c.action, "unchanged");
	pm_route_def_free(def);
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_route_find(&ctx, "r", seen_route, &rv, &ctx.err), 0);
	assert_int_equal(rv, 1001);
	assert_int_equal(pm_route_points_each(&ctx, 1, 1, seen_point, &s, &ctx.err), 0);
	assert_string_equal(s.codes, "A/3600 B/3600");
	/* a point of another site is no point of this route */
	assert_int_equal(parse(HEAD "site: sunny\nschedule: daily at 08:00\npoints: [A, C]\n",
	    &def), 0);
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), PM_EX_NOINPUT);
	assert_string_equal(ctx.err.msg, "r.yaml:6:13: checkpoint C: no such checkpoint");
	pm_route_def_free(def);
	/* new points: version 2; the title alone: no new version */
	assert_int_equal(parse(HEAD "site: sunny\nschedule: daily at 08:00\npoints: [B, A]\n",
	    &def), 0);
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), 0);
	assert_string_equal(c.fields, "points");
	assert_int_equal(c.version, 2);
	pm_route_def_free(def);
	assert_int_equal(parse("route: r\ntitle: t2\ndepts: [security]\nsite: sunny\nschedule: "
	    "daily at 08:00\npoints: [B, A]\n", &def), 0);
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), 0);
	assert_string_equal(c.fields, "title");
	assert_int_equal(c.version, 2);
	pm_route_def_free(def);
	assert_int_equal(pm_route_find(&ctx, "nope", seen_route, &rv, &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(parse(HEAD "site: nowhere\nschedule: daily\npoints: [A]\n", &def), 0);
	assert_int_equal(pm_route_load(&ctx, def, "r.yaml", &c, &ctx.err), PM_EX_NOINPUT);
	pm_route_def_free(def);
}

static void
stored_rules(void **state)
{
	pm_recur r[PM_ROUTE_RULES_MAX];
	size_t n;

	(void)state;
	assert_int_equal(pm_route_rules("every 2 hours 20:00-06:00; daily at 12:00", r, &n,
	    &ctx.err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].freq, PM_RECUR_HOURS);
	assert_int_equal(r[1].minute, 720);
	assert_int_equal(pm_route_rules("daily at 25:00", r, &n, &ctx.err), PM_EX_DATAERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(checklist_syntax, setup, teardown),
		cmocka_unit_test_setup_teardown(checklist_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(checkpoints, setup, teardown),
		cmocka_unit_test_setup_teardown(route_files, setup, teardown),
		cmocka_unit_test_setup_teardown(route_loading, setup, teardown),
		cmocka_unit_test_setup_teardown(stored_rules, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
