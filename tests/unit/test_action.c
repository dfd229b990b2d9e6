/* test_action.c — improvement actions: the lifecycle table and schema;
 * the source and due parsers (hostile input); new from each source kind
 * with its link, a kind with no table line, a missing record; the
 * default due from action.limits; the flow, the owner refused as
 * acceptor; reopen counting a passed limit again; escalation of an
 * overdue action, once per level; the listing's filters and query plan;
 * the source table; the hook record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "action.h"
#include "json.h"
#include "link.h"
#include "meeting.h"
#include "fixture.h"

#define DAY INT64_C(86400)

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);
	return fx_open(&ctx, "pm-action", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential');"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES "
	    "('wang', 'W', 0, (SELECT id FROM department WHERE code = 'maint')), "
	    "('qian', 'Q', 0, (SELECT id FROM department WHERE code = 'maint')), "
	    "('zhao', 'Z', 0, (SELECT id FROM department WHERE code = 'mgmt'));"
	    "INSERT INTO staff_role VALUES (3, 'manager');"
	    "UPDATE department SET head_id = 2 WHERE code = 'maint';"
	    "INSERT INTO meeting (site_id, dept_id, held_at, title, created_at) VALUES "
	    "(1, (SELECT id FROM department WHERE code = 'maint'), 1795000000, '例会', 1795000000);"
	    "INSERT INTO contact (site_id, kind, channel, text, received_at, status, response_due, "
	    "resolve_due) "
	    "VALUES (1, 'complaint', 'phone', '漏水', 1795000000, 'new', 1795100000, 1795200000);");
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

static pm_id
new_action(const char *text, const char *owner, const char *source, pm_time due)
{
	pm_action_in in;
	pm_err err;
	pm_id id;

	memset(&in, 0, sizeof in);
	in.text = text;
	in.owner = owner;
	in.source = source;
	in.due = due;
	in.has_due = due != 0;
	must(pm_action_new(&ctx, &in, &id, &err), &err);
	return id;
}

static int
act(const char *login, const char *verb, pm_id id, const char *text, pm_err *err)
{
	pm_action_args a;

	memset(&a, 0, sizeof a);
	a.text = text;
	a.owner = strcmp(verb, "assign") == 0 ? text : NULL;
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", login);
	return pm_action_act(&ctx, verb, id, &a, err);
}

static int64_t
field(pm_id id, const char *col)
{
	char sql[128];
	int64_t v = -1;
	pm_err err;

	snprintf(sql, sizeof sql, "SELECT coalesce(%s, -1) FROM action WHERE id = ?1", col);
	if (pm_db_get_int(ctx.db, &err, &v, NULL, sql, "i", id.n) != 0)
		fail_msg("%s: %s", col, err.msg);
	return v;
}

static const char *
status(pm_id id)
{
	static char buf[32];
	pm_err err;

	must(pm_lifecycle_status(&ctx, &pm_action_lifecycle, id.n, buf, sizeof buf, &err), &err);
	return buf;
}

static void
test_lifecycle(void **state)
{
	pm_err err;

	(void)state;
	must(pm_lifecycle_validate(&pm_action_lifecycle, &err), &err);
	must(pm_lifecycle_check_schema(&ctx, &pm_action_lifecycle, "action_open", &err), &err);
	assert_ptr_equal(pm_lifecycle_by_type('A'), &pm_action_lifecycle);
}

static void
test_source_parse(void **state)
{
	static const char *const bad[] = {
		"", "meeting:", "meeting:G", "meeting:C3", "meeting:G0", "meeting:G01", "G", "C",
		"report:", "report:2026-13", "report:2026-1", "report:last", "report:2026-11x",
		"C12x", "12", "meeting:MT", "xx:1", "report:0000-01",
		"C99999999999999999999", "meeting:G3 ", "G3#", "G3#0", "G3#01", "G3#x", "G3#2#3",
		"C12#1", "G3#1234567", "#2", "meeting:#2", "report:2026-11#1",
	};
	pm_action_src sp;
	pm_err err;
	size_t i;

	(void)state;
	must(pm_action_source_parse("meeting:G3", &sp, &err), &err);
	assert_int_equal(sp.id.type, 'G');
	assert_int_equal(sp.id.n, 3);
	assert_int_equal(sp.issue, 0);
	must(pm_action_source_parse("meeting:3", &sp, &err), &err);
	assert_int_equal(sp.id.n, 3);
	must(pm_action_source_parse("meeting:MT3", &sp, &err), &err);
	assert_int_equal(sp.id.type, 'G');
	must(pm_action_source_parse("meeting:mt7", &sp, &err), &err);
	assert_int_equal(sp.id.n, 7);
	must(pm_action_source_parse("G4", &sp, &err), &err);
	assert_int_equal(sp.id.type, 'G');
	must(pm_action_source_parse("G4#2", &sp, &err), &err);
	assert_int_equal(sp.id.n, 4);
	assert_int_equal(sp.issue, 2);
	must(pm_action_source_parse("meeting:MT4#15", &sp, &err), &err);
	assert_int_equal(sp.issue, 15);
	must(pm_action_source_parse("meeting:4#999999", &sp, &err), &err);
	assert_int_equal(sp.issue, 999999);
	must(pm_action_source_parse("c12", &sp, &err), &err);
	assert_int_equal(sp.id.type, 'C');
	assert_int_equal(sp.id.n, 12);
	must(pm_action_source_parse("report:2026-11", &sp, &err), &err);
	assert_int_equal(sp.id.type, 0);
	assert_int_equal(sp.month.year, 2026);
	assert_int_equal(sp.month.month, 11);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (pm_action_source_parse(bad[i], &sp, &err) != PM_EX_USAGE)
			fail_msg("accepted %s", bad[i]);
		assert_null(strchr(err.msg, '\n'));
	}
	assert_int_equal(pm_action_source_parse(NULL, &sp, &err), PM_EX_USAGE);
	assert_int_equal(pm_action_source_parse("report:2026-11\n", &sp, &err), PM_EX_USAGE);
}

static void
test_due_parse(void **state)
{
	pm_time t;
	pm_err err;

	(void)state;
	must(pm_action_due_parse("2026-12-10", ctx.now, &t, &err), &err);
	/* 2026-12-10 23:59:59 +08:00 */
	assert_int_equal(t, INT64_C(1796918399));
	must(pm_action_due_parse("2026-12-10 18:00", ctx.now, &t, &err), &err);
	assert_int_equal(t, INT64_C(1796896800));
	must(pm_action_due_parse("+3d", ctx.now, &t, &err), &err);
	assert_int_equal(t, ctx.now + 3 * DAY);
	assert_int_equal(pm_action_due_parse("2026-02-30", ctx.now, &t, &err), PM_EX_USAGE);
	assert_int_equal(pm_action_due_parse("soon", ctx.now, &t, &err), PM_EX_USAGE);
	assert_int_equal(pm_action_due_parse("", ctx.now, &t, &err), PM_EX_USAGE);
	assert_int_equal(pm_action_due_parse(NULL, ctx.now, &t, &err), PM_EX_USAGE);
}

static void
test_new_sources(void **state)
{
	pm_action_in in;
	pm_err err;
	int64_t n, maint;
	int found;
	pm_id id;

	(void)state;
	id = new_action("演练", "wang", "meeting:G1", ctx.now + 10 * DAY);
	assert_int_equal(id.n, 1);
	assert_string_equal(status(id), "open");
	assert_int_equal(field(id, "site_id"), 1);           /* the meeting's */
	must(pm_db_get_int(ctx.db, &err, &maint, &found, "SELECT id FROM department WHERE "
	    "code = 'maint'", ""), &err);
	assert_int_equal(field(id, "dept_id"), maint);      /* the owner's */
	assert_int_equal(field(id, "due_at"), ctx.now + 10 * DAY);
	must(pm_db_get_int(ctx.db, &err, &n, &found, "SELECT count(*) FROM link WHERE "
	    "rel = 'action'", ""), &err);
	assert_int_equal(n, 1);
	/* the default: 14 days, 30 for a report */
	id = new_action("回访", "wang", "C1", 0);
	assert_int_equal(field(id, "due_end"), ctx.now + 14 * DAY);
	assert_int_equal(field(id, "site_id"), 1);            /* the contact's */
	id = new_action("收缴", "wang", "report:2026-11", 0);
	assert_int_equal(field(id, "due_end"), ctx.now + 30 * DAY);
	memset(&in, 0, sizeof in);
	in.text = "x";
	in.owner = "wang";
	in.source = "E7";       /* equipment: no line in the table */
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "E7: actions are not made from records of this kind"));
	in.source = "C9";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.source = "G1#1";     /* the meeting has no issues */
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	assert_non_null(strstr(err.msg, "meeting G1 has no issue #1"));
	in.source = "G9";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.source = "W1";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.source = "C1";
	in.owner = "nobody";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.owner = "wang";
	in.due = ctx.now;
	in.has_due = 1;
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_DATAERR);
	in.has_due = 0;
	in.text = "";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_USAGE);
	in.text = "x";
	in.site = "nope";
	assert_int_equal(pm_action_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
}

static void
test_flow_and_owner(void **state)
{
	pm_id id;
	pm_err err;

	(void)state;
	/* zhao, a manager, owns it: may not accept it himself */
	id = new_action("制度", "zhao", "C1", ctx.now + 5 * DAY);
	assert_int_equal(act("zhao", "verify", id, NULL, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "it must be done first"));
	assert_int_equal(act("zhao", "progress", id, NULL, &err), PM_EX_USAGE);
	must(act("zhao", "progress", id, "起草中", &err), &err);
	assert_string_equal(status(id), "in_progress");
	assert_int_equal(field(id, "progress_n"), 1);
	assert_int_equal(act("zhao", "done", id, NULL, &err), PM_EX_USAGE);
	must(act("zhao", "done", id, "已发布", &err), &err);
	assert_string_equal(status(id), "done");
	assert_int_equal(field(id, "due_at"), -1);
	assert_int_equal(act("zhao", "verify", id, NULL, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "zhao owns this action"));
	assert_string_equal(status(id), "done");
	must(act("qian", "verify", id, NULL, &err), &err);
	assert_string_equal(status(id), "verified");
	assert_int_equal(field(id, "verifier_id"), 2);
	assert_int_equal(act("qian", "progress", id, "x", &err), PM_EX_DATAERR);
	assert_int_equal(act("qian", "escalate", id, NULL, &err), PM_EX_SOFTWARE);
	assert_int_equal(act("qian", "nonsense", id, NULL, &err), PM_EX_SOFTWARE);
	/* cancel and assign */
	id = new_action("b", "wang", "C1", ctx.now + 5 * DAY);
	must(act("zhao", "assign", id, "qian", &err), &err);
	assert_int_equal(field(id, "owner_id"), 2);
	assert_int_equal(act("zhao", "cancel", id, NULL, &err), PM_EX_USAGE);
	must(act("zhao", "cancel", id, "重复", &err), &err);
	assert_string_equal(status(id), "cancelled");
	assert_int_equal(field(id, "due_at"), -1);
	assert_int_equal(act("zhao", "assign", id, "wang", &err), PM_EX_DATAERR);
	id.n = 99;
	assert_int_equal(act("zhao", "progress", id, "x", &err), PM_EX_NOINPUT);
}

static void
test_reopen_counts_again(void **state)
{
	pm_time made = ctx.now;
	pm_id id = new_action("a", "wang", "C1", made + 2 * DAY);
	pm_err err;

	(void)state;
	must(act("wang", "done", id, "ok", &err), &err);
	must(act("zhao", "verify", id, NULL, &err), &err);
	/* before the limit: it stands */
	ctx.now = made + DAY;
	must(act("zhao", "reopen", id, "不合格", &err), &err);
	assert_string_equal(status(id), "in_progress");
	assert_int_equal(field(id, "due_at"), made + 2 * DAY);
	assert_int_equal(field(id, "verified_at"), -1);
	must(act("wang", "done", id, "ok2", &err), &err);
	/* after it: 14 days from the reopening */
	ctx.now = made + 5 * DAY;
	must(act("zhao", "reopen", id, "仍不合格", &err), &err);
	assert_int_equal(field(id, "due_at"), made + 19 * DAY);
	assert_int_equal(field(id, "reopened"), 2);
	assert_int_equal(act("zhao", "reopen", id, NULL, &err), PM_EX_DATAERR);
	ctx.now = made;
}

static void
test_escalate(void **state)
{
	pm_time made = ctx.now;
	pm_id id = new_action("a", "wang", "C1", made + DAY);
	pm_escalated res;
	pm_err err;

	(void)state;
	must(pm_action_escalate(&ctx, id, &res, &err), &err);
	assert_int_equal(res.changed, 0);
	ctx.now = made + DAY + 60;
	must(pm_action_escalate(&ctx, id, &res, &err), &err);
	assert_int_equal(res.changed, 1);
	assert_int_equal(res.level, 1);
	assert_string_equal(res.who, "qian");          /* the head of maint */
	must(pm_action_escalate(&ctx, id, &res, &err), &err);
	assert_int_equal(res.changed, 0);
	ctx.now = made + 5 * DAY;                      /* 3d more: level 2 */
	must(pm_action_escalate(&ctx, id, &res, &err), &err);
	assert_int_equal(res.level, 2);
	assert_string_equal(res.who, "zhao");
	/* done: out of escalation */
	must(act("wang", "done", id, "ok", &err), &err);
	ctx.now = made + 30 * DAY;
	must(pm_action_escalate(&ctx, id, &res, &err), &err);
	assert_int_equal(res.changed, 0);
	ctx.now = made;
}

static void
test_list(void **state)
{
	pm_action_filter f;
	pm_action_iter *it = NULL;
	pm_action_row row;
	pm_buf b, plan;
	pm_err err;
	pm_id a;

	(void)state;
	must(pm_db_run(ctx.db, &err, "INSERT INTO meeting_issue VALUES (1, 1, '照明', 0)", ""),
	    &err);
	a = new_action("一", "wang", "G1#1", ctx.now + DAY);
	new_action("二", "qian", "C1", ctx.now + 3 * DAY);
	new_action("三", "wang", "report:2026-10", ctx.now + 9 * DAY);
	must(act("wang", "done", a, "ok", &err), &err);
	pm_buf_init(&b);
	pm_buf_init(&plan);
#define LIST() do { pm_buf_reset(&b); must(pm_action_list(&ctx, &f, &it, &err), &err); \
	while (pm_action_next(it, &row, &err) == 1) pm_buf_addf(&b, "%s %s;", \
	    row.c[PM_AC_ID].s, row.c[PM_AC_SOURCE].s); pm_action_iter_free(it); } while (0)
	memset(&f, 0, sizeof f);
	LIST();
	assert_string_equal(b.s, "A3 report:2026-10;A2 C1;A1 G1#1;");
	f.pending = 1;
	LIST();
	assert_string_equal(b.s, "A3 report:2026-10;A2 C1;");
	f.pending = 0;
	f.owner = "wang";
	LIST();
	assert_string_equal(b.s, "A3 report:2026-10;A1 G1#1;");
	memset(&f, 0, sizeof f);
	f.source = "report:2026-10";
	LIST();
	assert_string_equal(b.s, "A3 report:2026-10;");
	f.source = "C";
	LIST();
	assert_string_equal(b.s, "A2 C1;");
	f.source = "G1";
	LIST();
	assert_string_equal(b.s, "A1 G1#1;");
	f.source = "G1#1";
	LIST();
	assert_string_equal(b.s, "A1 G1#1;");
	f.source = "G1#2";
	LIST();
	assert_string_equal(b.s, "");
	f.source = "bogus:1";
	assert_int_equal(pm_action_list(&ctx, &f, &it, &err), PM_EX_USAGE);
	memset(&f, 0, sizeof f);
	f.due_within = 5 * DAY;
	LIST();
	assert_string_equal(b.s, "A2 C1;");
	f.due_within = 0;
	ctx.now += 4 * DAY;
	f.overdue = 1;
	LIST();
	assert_string_equal(b.s, "A2 C1;");
	ctx.now -= 4 * DAY;
	memset(&f, 0, sizeof f);
	f.status = "nope";
	assert_int_equal(pm_action_list(&ctx, &f, &it, &err), PM_EX_USAGE);
	f.status = "done";
	LIST();
	assert_string_equal(b.s, "A1 G1#1;");
	/* the plans: the open ones by action_open, late ones by action_due */
	memset(&f, 0, sizeof f);
	f.limit = 50;
	must(pm_action_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "action_open"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	f.overdue = 1;
	f.owner = "wang";
	must(pm_action_list_plan(&ctx, &f, &plan, &err), &err);
	assert_non_null(strstr(plan.s, "action_due"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_free(&plan);
	pm_buf_free(&b);
}

static int
no_check(pm_ctx *c, pm_id id, pm_err *err)
{
	(void)c;
	(void)id;
	(void)err;
	return 0;
}

static void
test_source_table(void **state)
{
	static const pm_action_source again = { 'C', "contact", NULL, no_check, "contact" };
	static const pm_action_source none = { 'Z', "z", NULL, NULL, NULL };

	(void)state;
	assert_int_equal(pm_action_source_register(&again), -1);     /* C is taken */
	assert_int_equal(pm_action_source_register(&none), -1);      /* no way to know */
}

static void
test_hook_record(void **state)
{
	pm_id id = new_action("演练", "wang", "report:2026-11", ctx.now + DAY);
	pm_buf b;
	pm_json j;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	must(pm_action_hook_kind.record(&ctx, id.n, 0, &j, &err), &err);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "\"text\":\"演练\",\"status\":\"open\",\"owner\":\"wang\","
	    "\"dept\":\"maint\",\"site\":null,\"source\":\"report:2026-11\""));
	assert_non_null(strstr(b.s, "\"esc_level\":0"));
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle, setup, teardown),
		cmocka_unit_test(test_source_parse),
		cmocka_unit_test_setup_teardown(test_due_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_new_sources, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flow_and_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reopen_counts_again, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test(test_source_table),
		cmocka_unit_test_setup_teardown(test_hook_record, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
