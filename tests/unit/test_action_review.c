/* test_action_review.c — the month's review: its figures and its list of
 * actions on a seeded month whose facts are known (what came before,
 * during and after the month; a site), and the KPI lines of pm-report
 * (header, blank lines, CRLF, the refusals with file:line, a file). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "action_review.h"
#include "buf.h"
#include "fixture.h"

/* 2026-11-01 00:00 +08:00 and 2026-12-01 00:00 +08:00 */
#define NOV INT64_C(1793462400)
#define DEC INT64_C(1796054400)
#define DAY INT64_C(86400)

static pm_ctx ctx;

static int
setup(void **state)
{
	char sql[4096];

	(void)state;
	snprintf(sql, sizeof sql,
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', 'residential'), "
	    "('moon', 'M', 'residential');"
	    "INSERT INTO staff (login, name, created_at, dept_id) VALUES "
	    "('wang', '王', 0, (SELECT id FROM department WHERE code = 'maint'));"
	    /* October's meeting, November's two (one at moon), December's */
	    "INSERT INTO meeting (id, site_id, dept_id, held_at, title, created_at) VALUES "
	    "(1, 1, 1, %lld, 'oct', 0), (2, 1, 1, %lld, 'nov1', 0), (3, 2, 1, %lld, 'nov2', 0), "
	    "(4, NULL, 1, %lld, 'dec', 0);"
	    "INSERT INTO meeting_issue VALUES (1, 1, 'o', 0), (2, 1, 'a', 0), (2, 2, 'b', 0), "
	    "(3, 1, 'c', 0), (4, 1, 'd', 0);"
	    /* A1 October, still open in November; A2 October, accepted in
	     * October; A3..A5 November; A6 December */
	    "INSERT INTO action (id, site_id, text, owner_id, source_type, source_id, status, "
	    "created_at, due_end, done_at, verified_at, cancelled_at) VALUES "
	    "(1, 1, 'a1', 1, 'G', 1, 'done', %lld, %lld, %lld, NULL, NULL), "
	    "(2, 1, 'a2', 1, 'G', 1, 'verified', %lld, %lld, %lld, %lld, NULL), "
	    "(3, 1, 'a3', 1, 'G', 2, 'open', %lld, %lld, NULL, NULL, NULL), "
	    "(4, 1, 'a4', 1, 'G', 2, 'in_progress', %lld, %lld, NULL, NULL, NULL), "
	    "(5, 2, 'a5', 1, 'G', 3, 'cancelled', %lld, %lld, NULL, NULL, %lld), "
	    "(6, NULL, 'a6', 1, 'G', 4, 'open', %lld, %lld, NULL, NULL, NULL);",
	    (long long)(NOV - 10 * DAY), (long long)(NOV + 5 * DAY), (long long)(NOV + 12 * DAY),
	    (long long)(DEC + DAY),
	    (long long)(NOV - 9 * DAY), (long long)(NOV + 9 * DAY), (long long)(NOV + 20 * DAY),
	    (long long)(NOV - 9 * DAY), (long long)(NOV - 5 * DAY), (long long)(NOV - 6 * DAY),
	    (long long)(NOV - 4 * DAY),
	    (long long)(NOV + 5 * DAY), (long long)(NOV + 20 * DAY),
	    (long long)(NOV + 5 * DAY), (long long)(DEC + 10 * DAY),
	    (long long)(NOV + 12 * DAY), (long long)(DEC + 20 * DAY), (long long)(NOV + 14 * DAY),
	    (long long)(DEC + DAY), (long long)(DEC + 9 * DAY));
	/* A3 and A4 answer G2's first issue */
	snprintf(sql + strlen(sql), sizeof sql - strlen(sql),
	    "UPDATE action SET source_issue = 1 WHERE id IN (3, 4);");
	pm_perm_set_policy(fx_permit);
	if (fx_open(&ctx, "pm-action", "root", sql) != 0)
		return -1;
	ctx.now = DEC + 2 * DAY;
	return 0;
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

static void
test_counts(void **state)
{
	pm_month m = { 2026, 11 };
	pm_review_counts c;
	pm_err err;

	(void)state;
	must(pm_action_review_counts(&ctx, m, NULL, &c, &err), &err);
	assert_int_equal(c.meetings, 2);
	assert_int_equal(c.issues, 3);
	assert_int_equal(c.opened, 3);          /* A3 A4 A5 */
	assert_int_equal(c.done, 1);            /* A1 */
	assert_int_equal(c.verified, 0);
	assert_int_equal(c.cancelled, 1);       /* A5 */
	assert_int_equal(c.pending, 2);         /* A3 A4 (A6 is December's) */
	assert_int_equal(c.overdue, 1);         /* A3, due 11-21 */
	must(pm_action_review_counts(&ctx, m, "moon", &c, &err), &err);
	assert_int_equal(c.meetings, 1);
	assert_int_equal(c.issues, 1);
	assert_int_equal(c.opened, 1);
	assert_int_equal(c.pending, 0);
	m.month = 10;
	must(pm_action_review_counts(&ctx, m, NULL, &c, &err), &err);
	assert_int_equal(c.meetings, 1);
	assert_int_equal(c.opened, 2);
	assert_int_equal(c.verified, 1);
	assert_int_equal(pm_action_review_counts(&ctx, m, "nope", &c, &err), PM_EX_NOINPUT);
}

static int
row(void *arg, const pm_review_action *a)
{
	pm_buf *b = arg;

	pm_buf_addf(b, "%s %s %s %s%s;", a->id, a->source, a->status, a->owner_name,
	    a->overdue ? " late" : "");
	return 0;
}

static void
test_actions(void **state)
{
	pm_month m = { 2026, 11 };
	pm_buf b;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	must(pm_action_review_actions(&ctx, m, NULL, row, &b, &err), &err);
	/* by due time; A2 was accepted before the month, A6 made after it */
	assert_string_equal(b.s, "A1 G1 done 王;A3 G2#1 open 王 late;A4 G2#1 in_progress 王;"
	    "A5 G3 cancelled 王;");
	pm_buf_reset(&b);
	must(pm_action_review_actions(&ctx, m, "moon", row, &b, &err), &err);
	assert_string_equal(b.s, "A5 G3 cancelled 王;");
	pm_buf_free(&b);
}

static int
issue(void *arg, const pm_review_issue *i)
{
	pm_buf *b = arg;

	pm_buf_addf(b, "%s %s %s [%s];", i->ref, i->dept, i->text, i->actions);
	return 0;
}

static void
test_issues(void **state)
{
	pm_month m = { 2026, 11 };
	pm_buf b;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	must(pm_action_review_issues(&ctx, m, NULL, issue, &b, &err), &err);
	assert_string_equal(b.s, "G2#1 mgmt a [A3,A4];G2#2 mgmt b [];G3#1 mgmt c [];");
	pm_buf_reset(&b);
	must(pm_action_review_issues(&ctx, m, "moon", issue, &b, &err), &err);
	assert_string_equal(b.s, "G3#1 mgmt c [];");
	pm_buf_free(&b);
}

struct kpis {
	pm_buf b;
	int stop;
};

static int
kpi(void *arg, const pm_kpi_line *k)
{
	struct kpis *x = arg;

	pm_buf_addf(&x->b, "%ld:%s=%s/%s:%d;", k->line, k->kpi, k->value, k->target, k->met);
	if (k->label != NULL)   /* a figure of pm-report's: its msgid */
		pm_buf_addf(&x->b, "[%s]", k->label);
	return x->stop;
}

static int
parse(const char *text, struct kpis *x, pm_err *err)
{
	pm_buf_reset(&x->b);
	return pm_action_kpi_parse(text, strlen(text), "k.tsv", kpi, x, err);
}

static void
test_kpi(void **state)
{
	static const char *const bad[] = {
		"a\tb\tc\n", "a\tb\tc\td\te\n", "a\tb\tc\t2\n", "\tb\tc\t1\n", "a\tb\tc\t\n",
		"a\tb\tc\tyes\n", "a\xff\tb\tc\t1\n",
	};
	struct kpis x;
	char big[3000], path[300];
	pm_err err;
	FILE *fp;
	size_t i;

	(void)state;
	memset(&x, 0, sizeof x);
	pm_buf_init(&x.b);
	must(parse("kpi\tvalue\ttarget\tmet\ncollection\t93%\t95%\t0\n\nsat\t91%\t90%\t1\r\n", &x,
	    &err), &err);
	assert_string_equal(x.b.s, "2:collection=93%/95%:0;4:sat=91%/90%:1;");
	must(parse("fees.collection_rate\t41.67%\t>= 95.00%\t0\n", &x, &err), &err);
	assert_string_equal(x.b.s, "1:fees.collection_rate=41.67%/>= 95.00%:0;[Collection rate (amount)]");
	must(parse("a\t\t\t1", &x, &err), &err);        /* no final newline; empty fields */
	assert_string_equal(x.b.s, "1:a=/:1;");
	must(parse("", &x, &err), &err);
	assert_string_equal(x.b.s, "");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (parse(bad[i], &x, &err) != PM_EX_DATAERR)
			fail_msg("accepted %s", bad[i]);
		assert_true(strncmp(err.msg, "k.tsv:1: ", 9) == 0);
	}
	assert_int_equal(pm_action_kpi_parse("a\0b\tc\td\t1\n", 11, "k.tsv", kpi, &x, &err),
	    PM_EX_DATAERR);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(parse(big, &x, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "too long"));
	/* a callback's nonzero stops the reading */
	x.stop = 7;
	assert_int_equal(parse("a\t1\t2\t1\nb\t1\t2\t1\n", &x, &err), 7);
	assert_string_equal(x.b.s, "1:a=1/2:1;");
	x.stop = 0;
	/* from a file */
	snprintf(path, sizeof path, "%s/k.tsv", fx_dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("rate\t1\t2\t0\n", fp);
	fclose(fp);
	pm_buf_reset(&x.b);
	must(pm_action_kpi_read(path, kpi, &x, &err), &err);
	assert_string_equal(x.b.s, "1:rate=1/2:0;");
	snprintf(path, sizeof path, "%s/none.tsv", fx_dir);
	assert_int_equal(pm_action_kpi_read(path, kpi, &x, &err), PM_EX_NOINPUT);
	pm_buf_free(&x.b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_actions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_issues, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kpi, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
