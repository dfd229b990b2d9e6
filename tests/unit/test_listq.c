/*
 * test_listq.c — the query of a filtered listing, on a scratch table of
 * tasks with a lifecycle of its own: only the columns asked for and
 * their joins, the four driving conditions, filters spelled to stay
 * filters, parameters bound where used, rows as cells, and the plan.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "fixture.h"
#include "listq.h"

static pm_ctx ctx;

static const pm_transition steps[] = {
	{ "drop", "todo|doing", "dropped", "task.drop", 0, NULL, "nothing", NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
};
static const pm_lifecycle task = {
	"task", "task", 'T', "task", "todo|doing|dropped", "todo|doing", "dropped", "todo", NULL,
	steps, NULL, NULL
};

enum { K_ID, K_STATUS, K_MADE, K_DUE, K_PLACE, K_NOTE, K_EXTRA, K_N };
static const pm_col cols[K_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "status", PM_C_TEXT, 0, 0, 0 },
	{ "made", PM_C_TIME, 0, 0, 0 }, { "due", PM_C_TIME, 0, 0, 0 },
	{ "place", PM_C_TEXT, 0, 0, 0 }, { "note", PM_C_TEXT, 0, 0, 0 },
	{ "extra", PM_C_JSON, 0, 0, 0 },
};
static const pm_lq_col sql[K_N] = {
	{ "t.id", 0 }, { "t.status", 0 }, { "t.made_at", 0 }, { "t.due_at", 0 },
	{ "p.code", 1 }, { "t.note", 0 }, { NULL, 0 },
};
static const char *const joins[] = { " LEFT JOIN place p ON p.id = t.place_id" };
#define B(k) (UINT64_C(1) << (k))

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-test", "li",
	    "CREATE TABLE place (id INTEGER PRIMARY KEY, code TEXT NOT NULL) STRICT;"
	    "CREATE TABLE task (id INTEGER PRIMARY KEY, status TEXT NOT NULL, "
	    "made_at INTEGER NOT NULL, due_at INTEGER, place_id INTEGER, note TEXT) STRICT;"
	    "CREATE INDEX task_open ON task (made_at) WHERE (status <> 'dropped');"
	    "CREATE INDEX task_due ON task (due_at) WHERE due_at IS NOT NULL;"
	    "INSERT INTO place VALUES (1, 'A1');"
	    "INSERT INTO task VALUES (1, 'todo', 100, 500, 1, 'leak'), "
	    "(2, 'doing', 200, NULL, NULL, NULL), (3, 'dropped', 300, 400, NULL, 'gone');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
test_select(void **state)
{
	pm_listq q;

	(void)state;
	/* the columns asked for, in column order; a join only for p.code;
	 * a column without SQL is left to the caller */
	pm_listq_init(&q, 0);
	pm_listq_select(&q, sql, K_N, B(K_NOTE) | B(K_ID) | B(K_EXTRA), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	assert_string_equal(q.sql.s, "SELECT t.id, t.note FROM task t");
	assert_int_equal(q.sel.ncol, 2);
	assert_int_equal(q.sel.cc[0], K_ID);
	assert_int_equal(q.sel.cc[1], K_NOTE);
	pm_listq_free(&q);

	pm_listq_init(&q, 0);
	pm_listq_select(&q, sql, K_N, B(K_PLACE), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	assert_string_equal(q.sql.s, "SELECT p.code FROM task t LEFT JOIN place p ON p.id = t.place_id");
	pm_listq_free(&q);

	/* nothing asked for: the rows themselves, by their key */
	pm_listq_init(&q, 0);
	pm_listq_select(&q, sql, K_N, B(K_EXTRA), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	assert_string_equal(q.sql.s, "SELECT t.id FROM task t");
	assert_int_equal(q.sel.ncol, 1);
	assert_int_equal(q.used, 0);
	pm_listq_free(&q);
}

static void
state_sql(const char *status, int all, int due, int overdue, const char *want, unsigned used)
{
	pm_listq q;

	pm_listq_init(&q, PM_LQ_P(3));
	pm_listq_state(&q, &task, "t", "made_at", status, all, due, overdue);
	assert_string_equal(q.sql.s, want);
	assert_int_equal(q.used, used);
	pm_listq_free(&q);
}

static void
test_state(void **state)
{
	(void)state;
	state_sql(NULL, 0, 0, 0, " WHERE (t.status <> 'dropped') AND t.made_at <= ?1",
	    PM_LQ_P(1));
	state_sql("open", 0, 0, 0, " WHERE (t.status <> 'dropped') AND t.made_at <= ?1",
	    PM_LQ_P(1));
	state_sql(NULL, 1, 0, 0, " WHERE t.made_at <= ?1", PM_LQ_P(1));
	/* a status beside all still narrows */
	state_sql("doing", 1, 0, 0, " WHERE t.status = ?3 AND t.made_at <= ?1",
	    PM_LQ_P(1) | PM_LQ_P(3));
	state_sql(NULL, 0, 1, 1, " WHERE t.due_at IS NOT NULL AND t.due_at <= ?2", PM_LQ_P(2));
	state_sql("doing", 0, 1, 0, " WHERE t.due_at IS NOT NULL AND t.due_at <= ?2 AND "
	    "t.due_at > ?1", PM_LQ_P(1) | PM_LQ_P(2));
}

static void
test_and(void **state)
{
	pm_listq q;

	(void)state;
	pm_listq_init(&q, 0);
	pm_listq_and(&q, 0, "t.place_id = ?4", "+t.place_id = ?4", PM_LQ_P(4));
	pm_listq_and(&q, 1, "t.note = ?5", "t.note || '' = ?5", PM_LQ_P(5));
	pm_listq_add(&q, " LIMIT ?6", PM_LQ_P(6));
	assert_string_equal(q.sql.s, " AND t.place_id = ?4 AND t.note || '' = ?5 LIMIT ?6");
	assert_int_equal(q.used, PM_LQ_P(4) | PM_LQ_P(5) | PM_LQ_P(6));
	pm_listq_free(&q);
}

/* The rows of a listing: integers and text as their columns say, the
 * columns not selected null, a parameter left out (?2, ?3) not bound. */
static void
test_rows(void **state)
{
	pm_cell c[K_N];
	pm_stmt *st = NULL;
	pm_listq q;

	(void)state;
	pm_listq_init(&q, PM_LQ_P(3) | PM_LQ_P(5));
	pm_listq_select(&q, sql, K_N, B(K_ID) | B(K_STATUS) | B(K_DUE) | B(K_PLACE), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	pm_listq_state(&q, &task, "t", "made_at", NULL, 0, 0, 0);
	pm_listq_and(&q, 0, "t.made_at >= ?4", "+t.made_at >= ?4", PM_LQ_P(4));
	pm_listq_add(&q, " ORDER BY t.made_at DESC", 0);
	q.p[1] = 1000;
	q.p[4] = 100;
	q.t[5] = "unused";
	assert_int_equal(pm_listq_prepare(ctx.db, &q, &st, &ctx.err), 0);
	pm_listq_free(&q);

	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	pm_listq_cells(st, &q.sel, cols, B(K_ID), c, K_N);
	assert_int_equal(c[K_ID].i, 2);
	assert_false(c[K_ID].null);
	assert_string_equal(c[K_STATUS].s, "doing");
	assert_true(c[K_DUE].null);
	assert_true(c[K_PLACE].null);
	assert_null(c[K_PLACE].s);
	assert_true(c[K_NOTE].null);    /* not selected */
	assert_true(c[K_MADE].null);

	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	pm_listq_cells(st, &q.sel, cols, B(K_ID), c, K_N);
	assert_int_equal(c[K_ID].i, 1);
	assert_int_equal(c[K_DUE].i, 500);
	assert_string_equal(c[K_PLACE].s, "A1");
	assert_int_equal(pm_stmt_step(st, &ctx.err), 0);   /* 3 is dropped */
	pm_stmt_free(st);
}

/* The rows iterator: cells and the key as a typed ID. */
static void
test_rows_iter(void **state)
{
	pm_cell c[K_N];
	pm_listq_rows r;
	pm_listq q;

	(void)state;
	pm_listq_init(&q, 0);
	pm_listq_select(&q, sql, K_N, B(K_ID) | B(K_PLACE), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	pm_listq_add(&q, " ORDER BY t.id", 0);
	assert_int_equal(pm_listq_rows_open(ctx.db, &q, cols, K_N, K_ID, 'T', &r, &ctx.err), 0);
	assert_int_equal(pm_listq_rows_next(&r, c, &ctx.err), 1);
	assert_string_equal(c[K_ID].s, "T1");
	assert_int_equal(c[K_ID].i, 1);
	assert_string_equal(c[K_PLACE].s, "A1");
	assert_int_equal(pm_listq_rows_next(&r, c, &ctx.err), 1);
	assert_string_equal(c[K_ID].s, "T2");
	assert_true(c[K_PLACE].null);
	assert_int_equal(pm_listq_rows_next(&r, c, &ctx.err), 1);
	assert_int_equal(pm_listq_rows_next(&r, c, &ctx.err), 0);
	pm_listq_rows_close(&r);
	/* a statement that does not prepare: closed, q freed */
	pm_listq_init(&q, 0);
	pm_listq_add(&q, "SELECT nothing FROM nowhere", 0);
	assert_int_not_equal(pm_listq_rows_open(ctx.db, &q, cols, K_N, K_ID, 'T', &r, &ctx.err), 0);
	assert_null(r.st);
}

/* The open listing is served by the partial index it spells. */
static void
test_plan(void **state)
{
	pm_buf plan;
	pm_listq q;

	(void)state;
	pm_buf_init(&plan);
	pm_listq_init(&q, 0);
	pm_listq_select(&q, sql, K_N, B(K_ID), K_ID);
	pm_listq_from(&q, " FROM task t", joins, 1);
	pm_listq_state(&q, &task, "t", "made_at", NULL, 0, 0, 0);
	pm_listq_add(&q, " ORDER BY t.made_at DESC", 0);
	q.p[1] = 1000;
	assert_int_equal(pm_listq_plan(ctx.db, &q, &plan, &ctx.err), 0);
	assert_non_null(strstr(plan.s, "task_open"));
	pm_listq_free(&q);
	pm_buf_free(&plan);
}

/* open and explain: the builder's query prepared (its selection kept),
 * or its plan; a builder's failure passes through, nothing prepared. */
static int
build_open(void *arg, pm_listq *q, pm_err *err)
{
	pm_listq_init(q, 0);
	if (arg != NULL)
		return pm_err_set(err, PM_EX_USAGE, "%s", (const char *)arg);
	pm_listq_select(q, sql, K_N, B(K_ID) | B(K_PLACE), K_ID);
	pm_listq_from(q, " FROM task t", joins, 1);
	pm_listq_state(q, &task, "t", "made_at", NULL, 0, 0, 0);
	pm_listq_add(q, " ORDER BY t.made_at DESC", 0);
	q->p[1] = 1000;
	return 0;
}

static void
test_open_explain(void **state)
{
	pm_lq_sel sel;
	pm_stmt *st;
	pm_buf plan;

	(void)state;
	assert_int_equal(pm_listq_open(ctx.db, build_open, NULL, &st, &sel, &ctx.err), 0);
	assert_int_equal(sel.ncol, 2);
	assert_int_equal(sel.cc[1], K_PLACE);
	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	assert_int_equal(pm_stmt_int(st, 0), 2);            /* newest open first */
	pm_stmt_free(st);
	assert_int_equal(pm_listq_open(ctx.db, build_open, "bad", &st, &sel, &ctx.err),
	    PM_EX_USAGE);
	assert_null(st);
	pm_buf_init(&plan);
	assert_int_equal(pm_listq_explain(ctx.db, build_open, NULL, &plan, &ctx.err), 0);
	assert_non_null(strstr(plan.s, "task_open"));
	pm_buf_free(&plan);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_state),
		cmocka_unit_test(test_and),
		cmocka_unit_test_setup_teardown(test_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_explain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_iter, setup, teardown),
	};

	pm_registry_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
