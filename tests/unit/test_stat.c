/*
 * test_stat.c — nearest-rank percentiles and integer ratios, run as SQL
 * on a scratch table of measurements (no record kind of pm's): ranks of
 * small groups, one value, ties, NULLs left out, the condition, and
 * ratios half up with NULL for nothing to divide by.
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
#include "buf.h"
#include "fixture.h"
#include "stat.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-test", "li.ming", "CREATE TEMP TABLE m (g TEXT, v INTEGER, "
	    "ok INTEGER)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
put(const char *g, int64_t v, int ok)
{
	pm_err err;

	if (pm_db_run(ctx.db, &err, "INSERT INTO m VALUES (?1, ?2, ?3)", "tii", g, v,
	    (int64_t)ok) != 0)
		fail_msg("%s", err.msg);
}

/* "g p50 p90;" for every group, in group order. */
static const char *
pcts(const char *cond)
{
	static char out[512];
	pm_stmt *st = NULL;
	pm_buf sql;
	pm_err err;
	size_t n = 0;

	pm_buf_init(&sql);
	pm_buf_adds(&sql, "WITH src AS (SELECT g AS k, v, ok FROM m), ");
	pm_stat_pct_sql(&sql, "x", "src", "v", cond);
	pm_buf_adds(&sql, " SELECT k, p50, p90 FROM x ORDER BY k");
	if (pm_db_prepare(ctx.db, sql.s, &st, &err) != 0)
		fail_msg("%s: %s", err.msg, sql.s);
	out[0] = '\0';
	while (pm_stmt_step(st, &err) == 1)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s %lld %lld;", pm_stmt_text(st, 0),
		    (long long)pm_stmt_int(st, 1), (long long)pm_stmt_int(st, 2));
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return out;
}

static void
test_rank(void **state)
{
	(void)state;
	assert_int_equal(pm_stat_rank(50, 0), 0);
	assert_int_equal(pm_stat_rank(50, 1), 1);
	assert_int_equal(pm_stat_rank(90, 1), 1);
	assert_int_equal(pm_stat_rank(50, 4), 2);       /* the lower middle */
	assert_int_equal(pm_stat_rank(50, 5), 3);
	assert_int_equal(pm_stat_rank(90, 10), 9);
	assert_int_equal(pm_stat_rank(90, 11), 10);
	assert_int_equal(pm_stat_rank(100, 7), 7);
	assert_int_equal(pm_stat_rank(90, INT64_C(1000000)), INT64_C(900000));
}

static void
test_pct(void **state)
{
	int i;

	(void)state;
	/* a: 1..10 shuffled: p50 the 5th, p90 the 9th */
	static const int a[] = { 7, 3, 10, 1, 9, 2, 8, 5, 4, 6 };
	for (i = 0; i < 10; i++)
		put("a", a[i], i % 2);
	/* b: one value; c: four with ties; d: only a NULL (no group) */
	put("b", 42, 1);
	put("c", 30, 1);
	put("c", 10, 1);
	put("c", 30, 0);
	put("c", 20, 1);
	put("d", -1, 1);
	assert_int_equal(pm_db_run(ctx.db, &ctx.err, "UPDATE m SET v = NULL WHERE g = 'd'", ""), 0);
	assert_string_equal(pcts(NULL), "a 5 9;b 42 42;c 20 30;");
	/* the condition picks rows: a's odd positions (3 1 2 5 6), c's ok ones */
	assert_string_equal(pcts("ok = 1"), "a 3 6;b 42 42;c 20 30;");
	assert_string_equal(pcts("ok = 1 AND v > 15"), "b 42 42;c 20 30;");
}

static const char *
ratio(int64_t num, int64_t den, int64_t scale)
{
	static char out[64];
	pm_buf sql;
	int64_t v;
	int found;
	pm_err err;

	pm_buf_init(&sql);
	pm_buf_adds(&sql, "SELECT ");
	pm_stat_ratio_sql(&sql, "?1", "?2", scale);
	if (pm_db_get_int(ctx.db, &err, &v, &found, sql.s, "ii", num, den) != 0)
		fail_msg("%s", err.msg);
	pm_buf_free(&sql);
	if (!found)
		fail_msg("no row");
	snprintf(out, sizeof out, "%lld", (long long)v);
	return out;
}

static void
test_ratio(void **state)
{
	pm_stmt *st = NULL;
	pm_buf sql;

	(void)state;
	assert_string_equal(ratio(5, 6, 10000), "8333");
	assert_string_equal(ratio(1, 8, 10000), "1250");
	assert_string_equal(ratio(1, 3, 100), "33");
	assert_string_equal(ratio(2, 3, 100), "67");        /* half up */
	assert_string_equal(ratio(1, 200, 100), "1");       /* 0.5 up */
	assert_string_equal(ratio(0, 7, 10000), "0");
	assert_string_equal(ratio(7, 7, 10000), "10000");
	/* nothing to divide by: NULL, also for a NULL denominator */
	pm_buf_init(&sql);
	pm_buf_adds(&sql, "SELECT ");
	pm_stat_ratio_sql(&sql, "?1", "?2", 10000);
	pm_buf_adds(&sql, ", ");
	pm_stat_ratio_sql(&sql, "1", "NULL", 100);
	assert_int_equal(pm_db_prepare(ctx.db, sql.s, &st, &ctx.err), 0);
	pm_stmt_bind_int(st, 1, 3);
	pm_stmt_bind_int(st, 2, 0);
	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	assert_true(pm_stmt_null(st, 0));
	assert_true(pm_stmt_null(st, 1));
	pm_stmt_free(st);
	pm_buf_free(&sql);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rank),
		cmocka_unit_test_setup_teardown(test_pct, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ratio, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
