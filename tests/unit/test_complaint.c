/* test_complaint.c — the contact domain: lifecycle table, repeat
 * detection, escalation idempotence, the list plan, the work-order hook. */
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
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(fx_permit);  /* what the verbs do, not who may */
	return fx_open(&ctx, "pm-complaint", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', "
	    "'residential'); INSERT INTO unit (site_id, code, area) VALUES (1, '1-101', 9000);"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES ('wang', 'W', 0, 2), "
	    "('qian', 'Q', 0, 2); UPDATE department SET head_id = 2 WHERE code = 'maint';");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_id
new_contact(const char *unit, const char *category, pm_time received, int64_t *repeat_of)
{
	pm_contact_in in;
	pm_err err;
	pm_id id;
	int64_t r;

	memset(&in, 0, sizeof in);
	in.unit = unit;
	in.category = category;
	in.text = "t";
	in.received = received;
	in.has_received = 1;
	if (pm_complaint_new(&ctx, &in, &id, repeat_of ? repeat_of : &r, &err) != 0)
		fail_msg("new: %s", err.msg);
	return id;
}

static void
test_lifecycle_table(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&pm_complaint_lifecycle, &err), 0);
	assert_non_null(pm_lifecycle_find(&pm_complaint_lifecycle, "reopen"));
	assert_null(pm_lifecycle_find(&pm_complaint_lifecycle, "fly"));
	assert_true(pm_lifecycle_in("resolved|replied", "replied"));
	assert_false(pm_lifecycle_in("resolved|replied", "reply"));
	/* what the front offers as verbs vs what other modules apply */
	assert_true(pm_lifecycle_find(&pm_complaint_lifecycle, "done")->flags & PM_LC_INTERNAL);
	assert_false(pm_lifecycle_find(&pm_complaint_lifecycle, "close")->flags & PM_LC_INTERNAL);
}

/* The states are declared once, in complaint.c: the schema's CHECK on
 * contact.status and the partial index contact_open must agree. */
static void
test_lifecycle_schema(void **state)
{
	pm_err err;

	(void)state;
	if (pm_lifecycle_check_schema(&ctx, &pm_complaint_lifecycle, "contact_open", &err) != 0)
		fail_msg("%s", err.msg);
}

/* The built-in contact tree is the domain's, passed to the mechanism. */
static void
test_categories(void **state)
{
	pm_category *cat;
	const char *prio;
	char canon[200];
	pm_err err;

	(void)state;
	assert_int_equal(pm_category_load(ctx.cfg, &pm_complaint_categories, &cat, &err), 0);
	assert_int_equal(pm_category_find(cat, "维修 › 漏水", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(canon, "维修/漏水");
	assert_string_equal(prio, "high");
	assert_int_equal(pm_category_find(cat, "安全/消防", canon, sizeof canon, &prio, &err), 0);
	assert_string_equal(prio, "urgent");
	assert_int_equal(pm_category_find(cat, "维修/飞碟", canon, sizeof canon, &prio, &err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "no such category '维修/飞碟'"));
	assert_non_null(strstr(err.msg, "漏水"));
	pm_category_free(cat);
}

static void
test_repeat(void **state)
{
	int64_t rep;
	pm_id a, b;

	(void)state;
	a = new_contact("1-101", "维修/漏水", ctx.now - 40 * 86400, &rep);
	assert_int_equal(rep, 0);
	b = new_contact("1-101", "维修/漏水", ctx.now - 20 * 86400, &rep);
	assert_int_equal(rep, a.n);     /* 20 days after a, within 30: a repeat */
	(void)b;
}

static void
test_repeat_window(void **state)
{
	int64_t rep;
	pm_id a, b;

	(void)state;
	a = new_contact("1-101", "环境/噪音", ctx.now - 40 * 86400, &rep);
	b = new_contact("1-101", "环境/噪音", ctx.now - 5 * 86400, &rep);
	assert_int_equal(rep, 0);       /* 35 days apart: not a repeat */
	new_contact("1-101", "环境/噪音", ctx.now, &rep);
	assert_int_equal(rep, b.n);     /* 5 days: a repeat of the latest */
	new_contact("1-101", "环境/卫生", ctx.now, &rep);
	assert_int_equal(rep, 0);       /* another category */
	new_contact(NULL, "环境/噪音", ctx.now, &rep);
	assert_int_equal(rep, 0);       /* no unit */
	(void)a;
}

static void
test_escalate_idempotent(void **state)
{
	pm_contact_act a;
	pm_escalated r;
	pm_err err;
	pm_id id;
	pm_time now = ctx.now;

	(void)state;
	id = new_contact("1-101", "安全/消防", ctx.now, NULL);    /* urgent: 30 min */
	memset(&a, 0, sizeof a);
	a.to = "wang";
	assert_int_equal(pm_complaint_act(&ctx, "assign", id, &a, &err), 0);
	assert_int_equal(pm_complaint_escalate(&ctx, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);                             /* not late */
	ctx.now = now + 3600;
	assert_int_equal(pm_complaint_escalate(&ctx, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 1);
	assert_string_equal(r.who, "qian");
	assert_int_equal(pm_complaint_escalate(&ctx, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);                             /* same level */
	assert_int_equal(r.level, 1);
	ctx.now = now;
}

static void
test_transition_refused(void **state)
{
	pm_contact_act a;
	pm_err err;
	pm_id id, nope = { 'C', 999999 };

	(void)state;
	id = new_contact(NULL, NULL, ctx.now, NULL);
	memset(&a, 0, sizeof a);
	a.satisfaction = 5;
	assert_int_equal(pm_complaint_act(&ctx, "visit", id, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "visit works on replied"));
	assert_int_equal(pm_complaint_act(&ctx, "start", nope, &a, &err), PM_EX_NOINPUT);
	a.text = "x";
	a.at = ctx.now - 60;
	a.has_at = 1;
	assert_int_equal(pm_complaint_act(&ctx, "resolve", id, &a, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "before the contact was received"));
}

static void
test_workorder_hook(void **state)
{
	pm_id id, w = { 'W', 7 };
	int changed;
	pm_err err;
	pm_buf b;

	(void)state;
	id = new_contact("1-101", "维修/门窗", ctx.now, NULL);
	assert_int_equal(pm_complaint_link_workorder(&ctx, id, w, &err), 0);
	assert_int_equal(pm_complaint_link_workorder(&ctx, id, w, &err), 0);  /* idempotent */
	assert_int_equal(pm_complaint_workorder_done(&ctx, id, w, ctx.now, NULL, &changed, &err), 0);
	assert_int_equal(changed, 1);
	assert_int_equal(pm_complaint_workorder_done(&ctx, id, w, ctx.now, NULL, &changed, &err), 0);
	assert_int_equal(changed, 0);
	pm_buf_init(&b);
	assert_int_equal(pm_link_json(&ctx, id, &b, &err), 0);
	assert_non_null(strstr(b.s, "\"id\":\"W7\",\"rel\":\"workorder\""));
	pm_buf_reset(&b);
	assert_int_equal(pm_timeline_json(&ctx, "contact", id.n, &b, &err), 0);
	assert_non_null(strstr(b.s, "\"event\":\"link\""));
	assert_non_null(strstr(b.s, "\"event\":\"done\""));
	pm_buf_free(&b);
}

static void
test_list_plan(void **state)
{
	pm_contact_filter f;
	pm_err err;
	pm_buf plan;

	(void)state;
	memset(&f, 0, sizeof f);
	f.limit = 50;
	pm_buf_init(&plan);
	assert_int_equal(pm_complaint_list_plan(&ctx, &f, &plan, &err), 0);
	assert_non_null(strstr(plan.s, "contact_open"));
	assert_null(strstr(plan.s, "SCAN c\n"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_reset(&plan);
	f.overdue = 1;
	assert_int_equal(pm_complaint_list_plan(&ctx, &f, &plan, &err), 0);
	assert_non_null(strstr(plan.s, "contact_due"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	pm_buf_free(&plan);
}

/* The plan of f, for the assertions below. */
static const char *
plan_of(pm_contact_filter *f, pm_buf *plan)
{
	pm_err err;

	pm_buf_reset(plan);
	if (pm_complaint_list_plan(&ctx, f, plan, &err) != 0)
		fail_msg("plan: %s", err.msg);
	return plan->s;
}

/* A filter must not steal the index that drives the query: by due time
 * only contact_due gives the order, whatever else is filtered on. */
static void
test_list_plan_filters(void **state)
{
	static const char *const other[] = {
		"contact_assignee", "contact_dept", "contact_site", "contact_kind",
		"contact_channel", "contact_category", "contact_status", "contact_received",
	};
	pm_contact_filter f;
	pm_buf plan;
	size_t i;
	int round;

	(void)state;
	pm_buf_init(&plan);
	for (round = 0; round < 2; round++) {
		memset(&f, 0, sizeof f);
		if (round == 0)
			f.overdue = 1;
		else
			f.due_within = 7200;
		f.assignee = "wang";
		f.dept = "maint";
		f.site = "sunny";
		f.kind = "repair";
		f.channel = "phone";
		f.category = "维修";
		f.status = "assigned";
		f.since = 1;
		f.has_since = 1;
		plan_of(&f, &plan);
		assert_non_null(strstr(plan.s, "INDEX contact_due"));
		assert_null(strstr(plan.s, "TEMP B-TREE"));
		for (i = 0; i < sizeof other / sizeof other[0]; i++)
			if (strstr(plan.s, other[i]) != NULL)
				fail_msg("%s in the plan:\n%s", other[i], plan.s);
	}
	/* one filter alone, the case that was slow */
	memset(&f, 0, sizeof f);
	f.overdue = 1;
	f.assignee = "wang";
	assert_non_null(strstr(plan_of(&f, &plan), "INDEX contact_due"));
	assert_null(strstr(plan.s, "contact_assignee"));
	assert_null(strstr(plan.s, "TEMP B-TREE"));
	/* newest first, the assignee index gives the order too: still no sort */
	f.overdue = 0;
	f.limit = 50;
	assert_null(strstr(plan_of(&f, &plan), "TEMP B-TREE"));
	pm_buf_free(&plan);
}

/* Read what is printed: the id alone is one index, no table, no join. */
static void
test_list_columns(void **state)
{
	pm_contact_filter f;
	pm_contact_iter *it;
	pm_contact_row row;
	pm_err err;
	pm_buf plan;
	pm_id id;
	int n = 0, rc;

	(void)state;
	id = new_contact("1-101", NULL, 1795000000, NULL);
	pm_buf_init(&plan);
	memset(&f, 0, sizeof f);
	f.overdue = 1;
	f.cols = PM_CC_BIT(PM_CC_ID);
	plan_of(&f, &plan);
	assert_non_null(strstr(plan.s, "COVERING INDEX contact_due"));
	assert_null(strchr(strchr(plan.s, '\n') + 1, '\n'));   /* one line: no joins */
	f.overdue = 0;
	plan_of(&f, &plan);
	assert_non_null(strstr(plan.s, "INDEX contact_open"));
	assert_null(strchr(strchr(plan.s, '\n') + 1, '\n'));
	pm_buf_free(&plan);

	/* the rows: the id asked for, typed; everything else null */
	f.overdue = 1;
	assert_int_equal(pm_complaint_list(&ctx, &f, &it, &err), 0);
	while ((rc = pm_complaint_next(it, &row, &err)) == 1) {
		n++;
		assert_false(row.c[PM_CC_ID].null);
		assert_int_equal(row.c[PM_CC_ID].s[0], 'C');
		assert_true(row.c[PM_CC_SITE].null);
		assert_true(row.c[PM_CC_TEXT].null);
		assert_true(row.c[PM_CC_RECEIVED].null);
		if (row.c[PM_CC_ID].i == id.n)
			n += 100;
	}
	assert_int_equal(rc, 0);
	pm_complaint_iter_free(it);
	assert_true(n > 100);

	/* two columns: the code of a join and a time */
	f.cols = PM_CC_BIT(PM_CC_SITE) | PM_CC_BIT(PM_CC_DUE) | PM_CC_BIT(PM_CC_UNIT);
	f.one = id.n;
	assert_int_equal(pm_complaint_list(&ctx, &f, &it, &err), 0);
	assert_int_equal(pm_complaint_next(it, &row, &err), 1);
	assert_string_equal(row.c[PM_CC_SITE].s, "sunny");
	assert_string_equal(row.c[PM_CC_UNIT].s, "1-101");
	assert_false(row.c[PM_CC_DUE].null);
	assert_true(row.c[PM_CC_DUE].i > 1795000000);
	assert_true(row.c[PM_CC_ID].null);
	assert_true(row.c[PM_CC_KIND].null);
	assert_int_equal(pm_complaint_next(it, &row, &err), 0);
	pm_complaint_iter_free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_lifecycle_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lifecycle_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_categories, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat, setup, teardown),
		cmocka_unit_test_setup_teardown(test_repeat_window, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalate_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transition_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_workorder_hook, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_plan_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_list_columns, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
