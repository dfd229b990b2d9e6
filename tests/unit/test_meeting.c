/* test_meeting.c — department work meetings: new with attendees (each
 * once) and minutes, its event and audit row; issues numbered within
 * the meeting, and known by number; the refusals; list by time range,
 * department and site; the hook record. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "json.h"
#include "meeting.h"
#include "timeline.h"
#include "fixture.h"

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
	    "('li', 'L', 0, (SELECT id FROM department WHERE code = 'service'));"
	    "INSERT INTO staff (login, name, created_at, active, deactivated_at) VALUES ('gone', 'G', 0, 0, 1);");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_id
meeting(const char *title, const char *dept, const char *site, pm_time held)
{
	static const char *const who[] = { "wang", "li", "wang" };
	pm_meeting_in in;
	pm_err err;
	pm_id id;

	memset(&in, 0, sizeof in);
	in.title = title;
	in.dept = dept;
	in.site = site;
	in.held = held;
	in.has_held = 1;
	in.attendees = who;
	in.nattendees = 3;
	in.minutes = "纪要";
	if (pm_meeting_new(&ctx, &in, &id, &err) != 0)
		fail_msg("new: %s", err.msg);
	return id;
}

static int64_t
count(const char *sql)
{
	int64_t v = -1;
	pm_err err;

	if (pm_db_get_int(ctx.db, &err, &v, NULL, sql, "") != 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static void
test_new_and_issues(void **state)
{
	pm_id id = meeting("维修部总结会", "maint", "sunny", ctx.now - 86400), other;
	int64_t n;
	pm_err err;

	(void)state;
	assert_int_equal(id.type, 'G');
	assert_int_equal(id.n, 1);
	assert_int_equal(count("SELECT count(*) FROM meeting_attendee"), 2);
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity = 'meeting' AND "
	    "event = 'new'"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'meeting'"), 1);
	assert_int_equal(pm_meeting_issue(&ctx, id, "电梯困人", &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pm_meeting_issue(&ctx, id, "照明", &n, &err), 0);
	assert_int_equal(n, 2);
	other = meeting("客服会", "service", NULL, ctx.now);
	assert_int_equal(pm_meeting_issue(&ctx, other, "回访", &n, &err), 0);
	assert_int_equal(n, 1);       /* numbered within its meeting */
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity = 'meeting' AND "
	    "event = 'issue'"), 3);
	assert_int_equal(pm_meeting_exists(&ctx, id, &err), 0);
	other.n = 99;
	assert_int_equal(pm_meeting_exists(&ctx, other, &err), PM_EX_NOINPUT);
	assert_non_null(strstr(err.msg, "meeting G99: no such meeting"));
	assert_int_equal(pm_meeting_issue(&ctx, other, "x", &n, &err), PM_EX_NOINPUT);
	assert_int_equal(pm_meeting_issue(&ctx, id, "", &n, &err), PM_EX_USAGE);
	assert_int_equal(pm_meeting_issue(&ctx, id, NULL, &n, &err), PM_EX_USAGE);
}

static void
test_refusals(void **state)
{
	static const char *const gone[] = { "gone" };
	static const char *const nobody[] = { "nobody" };
	pm_meeting_in in;
	pm_err err;
	pm_id id;

	(void)state;
	memset(&in, 0, sizeof in);
	in.dept = "maint";
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_USAGE);    /* title */
	in.title = "x";
	in.dept = NULL;
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_USAGE);    /* dept */
	in.dept = "nope";
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.dept = "maint";
	in.site = "nope";
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.site = NULL;
	in.held = ctx.now + 60;
	in.has_held = 1;
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_DATAERR);
	in.has_held = 0;
	in.attendees = gone;
	in.nattendees = 1;
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_DATAERR);
	in.attendees = nobody;
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_NOINPUT);
	in.nattendees = 0;
	in.minutes = "";
	assert_int_equal(pm_meeting_new(&ctx, &in, &id, &err), PM_EX_USAGE);
	assert_int_equal(count("SELECT count(*) FROM meeting"), 0);
}

static void
test_list(void **state)
{
	pm_meeting_filter f;
	pm_meeting_iter *it = NULL;
	pm_meeting_row row;
	pm_buf b;
	pm_err err;
	int64_t n;
	pm_id a, c;

	(void)state;
	a = meeting("A", "maint", "sunny", ctx.now - 40 * 86400);
	meeting("B", "service", NULL, ctx.now - 10 * 86400);
	c = meeting("C", "maint", NULL, ctx.now - 86400);
	assert_int_equal(pm_meeting_issue(&ctx, a, "老问题", &n, &err), 0);
	assert_int_equal(pm_meeting_issue(&ctx, c, "新问题", &n, &err), 0);
	assert_int_equal(pm_meeting_issue_exists(&ctx, a, 1, &err), 0);
	assert_int_equal(pm_meeting_issue_exists(&ctx, a, 2, &err), PM_EX_NOINPUT);
	assert_non_null(strstr(err.msg, "meeting G1 has no issue #2"));
	pm_buf_init(&b);
	memset(&f, 0, sizeof f);
	assert_int_equal(pm_meeting_list(&ctx, &f, &it, &err), 0);
	while (pm_meeting_next(it, &row, &err) == 1)
		pm_buf_addf(&b, "%s %s %lld;", row.c[PM_MC_ID].s, row.c[PM_MC_TITLE].s,
		    (long long)row.c[PM_MC_ISSUES].i);
	pm_meeting_iter_free(it);
	assert_string_equal(b.s, "G3 C 1;G2 B 0;G1 A 1;");
	pm_buf_reset(&b);
	f.from = ctx.now - 20 * 86400;
	f.dept = "maint";
	f.asc = 1;
	assert_int_equal(pm_meeting_list(&ctx, &f, &it, &err), 0);
	while (pm_meeting_next(it, &row, &err) == 1)
		pm_buf_addf(&b, "%s %s;", row.c[PM_MC_ID].s, row.c[PM_MC_ATTENDEES].s);
	pm_meeting_iter_free(it);
	assert_string_equal(b.s, "G3 li,wang;");
	pm_buf_reset(&b);
	memset(&f, 0, sizeof f);
	f.one = a.n;
	assert_int_equal(pm_meeting_list(&ctx, &f, &it, &err), 0);
	assert_int_equal(pm_meeting_next(it, &row, &err), 1);
	assert_string_equal(row.c[PM_MC_SITE].s, "sunny");
	assert_string_equal(row.c[PM_MC_MINUTES].s, "纪要");
	assert_int_equal(pm_meeting_next(it, &row, &err), 0);
	pm_meeting_iter_free(it);
	f.dept = "nope";
	assert_int_equal(pm_meeting_list(&ctx, &f, &it, &err), PM_EX_NOINPUT);
	pm_buf_free(&b);
}

static void
test_hook_record(void **state)
{
	pm_id id = meeting("例会", "maint", "sunny", ctx.now);
	pm_buf b;
	pm_json j;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	assert_int_equal(pm_meeting_hook_kind.record(&ctx, id.n, 0, &j, &err), 0);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "\"title\":\"例会\",\"dept\":\"maint\",\"site\":\"sunny\""));
	assert_non_null(strstr(b.s, "\"issues\":0"));
	assert_int_equal(pm_meeting_hook_kind.idtype, 'G');
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_issues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hook_record, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
