/* test_complaint_stats.c — contact statistics on known data: counts, shares,
 * nearest-rank medians and p90, the previous period, NULL keys, --top,
 * empty periods. */
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
#include "complaint_stats.h"
#include "fixture.h"

static pm_ctx ctx;

#define NOW 1500000     /* "in time" is judged here */
#define NO (-1)         /* a NULL column in add() */

static void
bind_opt(pm_stmt *st, int i, int64_t v)
{
	if (v == NO)
		pm_stmt_bind_null(st, i);
	else
		pm_stmt_bind_int(st, i, v);
}

/* One contact received at t; resp and res are offsets from t (NO =
 * none), due the resolve_due offset. */
static int64_t
add(const char *category, int64_t building, int64_t t, int64_t resp, int64_t res, int64_t due,
    const char *status, int64_t repeat_of, int64_t sat, int64_t visits)
{
	pm_stmt *st = NULL;
	pm_err err;

	if (pm_db_prepare(ctx.db, "INSERT INTO contact (kind, channel, site_id, building_id, "
	    "text, category, status, received_at, response_due, resolve_due, "
	    "first_response_at, resolved_at, is_repeat, repeat_of, satisfaction, visits) "
	    "VALUES ('complaint', 'phone', 1, ?1, 't', ?2, ?3, ?4, ?4 + 3600, ?4 + ?5, "
	    "?4 + ?6, ?4 + ?7, ?8 IS NOT NULL, ?8, ?9, ?10)", &st, &err) != 0)
		fail_msg("%s", err.msg);
	bind_opt(st, 1, building);
	pm_stmt_bind_text(st, 2, category);
	pm_stmt_bind_text(st, 3, status);
	pm_stmt_bind_int(st, 4, t);
	pm_stmt_bind_int(st, 5, due);
	bind_opt(st, 6, resp);
	bind_opt(st, 7, res);
	bind_opt(st, 8, repeat_of);
	bind_opt(st, 9, sat);
	pm_stmt_bind_int(st, 10, visits);
	if (pm_stmt_run(st, &err) != 0)
		fail_msg("%s", err.msg);
	pm_stmt_free(st);
	return pm_db_last_id(ctx.db);
}

static int
setup(void **state)
{
	pm_err err;
	int64_t c1;

	(void)state;
	if (fx_open(&ctx, "pm-complaint", "root", "INSERT INTO site (code, name, kind) VALUES "
	    "('sunny', 'S', 'residential'); INSERT INTO building (site_id, code) VALUES (1, '3');")
	    != 0)
		return -1;
	ctx.verb = "stats";
	ctx.now = NOW;
	/* the period [1000000, 2000000): 维修/漏水 x4, 环境/噪音 x2, unclassified x1 */
	c1 = add("维修/漏水", 1, 1000000, 60, 1000, 2000, "closed", NO, 5, 1);
	add("维修/漏水", 1, 1000100, 120, 3000, 2000, "closed", NO, NO, 0);
	add("维修/漏水", 1, 1000200, 180, 500, 2000, "resolved", c1, NO, 0);
	add("维修/漏水", 1, 1000300, NO, NO, 2000, "new", NO, NO, 0);        /* late, open */
	add("环境/噪音", NO, 1100000, 10, NO, 2000, "rejected", NO, NO, 0);
	add("环境/噪音", NO, 1100050, 30, 100, 50, "closed", NO, 3, 1);
	add(NULL, NO, 1200000, NO, NO, 9000000, "new", NO, NO, 0);          /* not due yet */
	/* the previous period [0, 1000000) */
	add("维修/漏水", 1, 10, 1, 2, 3, "closed", NO, NO, 0);
	add("环境/卫生", 1, 20, 1, 2, 3, "closed", NO, NO, 0);
	add("环境/卫生", 1, 30, 1, 2, 3, "closed", NO, NO, 0);
	/* after the period: never counted */
	add("维修/漏水", 1, 2000000, 1, 2, 3, "closed", NO, NO, 0);
	return pm_db_commit(ctx.db, &err) == 0 ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* The rows of one query, flattened: key + 12 numbers (NULL as -1). */
struct res {
	int n;
	char key[8][64];
	int64_t v[8][PM_CS_NCOL];
};

static void
run(pm_complaint_stats_by by, pm_time since, pm_time until, pm_time prev, int64_t top, struct res *r)
{
	pm_complaint_stats_iter *it = NULL;
	pm_complaint_stats_row row;
	pm_complaint_stats_q q;
	pm_err err;
	int rc, i;

	memset(r, 0, sizeof *r);
	memset(&q, 0, sizeof q);
	q.by = by;
	q.since = since;
	q.until = until;
	q.prev_since = prev;
	q.top = top;
	assert_int_equal(pm_db_begin(ctx.db, 0, &err), 0);
	if (pm_complaint_stats(&ctx, &q, &it, &err) != 0)
		fail_msg("%s", err.msg);
	while ((rc = pm_complaint_stats_next(it, &row, &err)) == 1) {
		assert_true(r->n < 8);
		snprintf(r->key[r->n], sizeof r->key[r->n], "%s", row.c[PM_CS_KEY].null ? "NULL" :
		    row.c[PM_CS_KEY].s);
		for (i = 1; i < PM_CS_NCOL; i++)
			r->v[r->n][i] = row.c[i].null ? -1 : row.c[i].i;
		r->n++;
	}
	if (rc != 0)
		fail_msg("%s", err.msg);
	pm_complaint_stats_iter_free(it);
	pm_db_rollback(ctx.db);
}

static void
expect(const struct res *r, int row, const char *key, const int64_t want[PM_CS_NCOL - 1])
{
	int i;

	assert_string_equal(r->key[row], key);
	for (i = 1; i < PM_CS_NCOL; i++)
		if (r->v[row][i] != want[i - 1])
			fail_msg("row %d (%s) column %s: got %lld, want %lld", row, key,
			    pm_complaint_stats_cols[i].name, (long long)r->v[row][i], (long long)want[i - 1]);
}

static void
by_category(void **state)
{
	struct res r;
	/* count share prev change rp50 rp90 sp50 sp90 intime repeat sat visit */
	static const int64_t leak[] = { 4, 5714, 1, 3, 120, 180, 1000, 3000, 5000, 2500, 500, 5000 };
	static const int64_t noise[] = { 2, 2857, 0, 2, 10, 30, 100, 100, 0, 0, 300, 10000 };
	static const int64_t none[] = { 1, 1429, 0, 1, -1, -1, -1, -1, -1, 0, -1, -1 };
	static const int64_t gone[] = { 0, 0, 2, -2, -1, -1, -1, -1, -1, -1, -1, -1 };

	(void)state;
	run(PM_CS_CATEGORY, 1000000, 2000000, 0, 0, &r);
	assert_int_equal(r.n, 4);
	expect(&r, 0, "维修/漏水", leak);
	expect(&r, 1, "环境/噪音", noise);
	expect(&r, 2, "NULL", none);    /* unclassified: its own group, key NULL */
	expect(&r, 3, "环境/卫生", gone);      /* only in the previous period */
}

static void
all_and_even_median(void **state)
{
	struct res r;
	/* response times 10 30 60 120 180: p50 = 3rd, p90 = 5th; resolution
	 * times 100 500 1000 3000: p50 = 2nd (lower middle), p90 = 4th */
	static const int64_t all[] = { 7, 10000, 3, 4, 60, 180, 500, 3000, 4000, 1429, 400, 6667 };

	(void)state;
	run(PM_CS_ALL, 1000000, 2000000, 0, 0, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "all", all);
}

static void
top_and_building(void **state)
{
	struct res r;

	(void)state;
	run(PM_CS_CATEGORY, 1000000, 2000000, 0, 2, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[1], "环境/噪音");
	run(PM_CS_BUILDING, 1000000, 2000000, 0, 0, &r);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.key[0], "sunny/3");
	assert_int_equal(r.v[0][PM_CS_COUNT], 4);
	assert_int_equal(r.v[0][PM_CS_PREV], 3);
	assert_int_equal(r.v[0][PM_CS_CHANGE], 1);
	assert_string_equal(r.key[1], "NULL");  /* no building */
	assert_int_equal(r.v[1][PM_CS_COUNT], 3);
	assert_int_equal(r.v[1][PM_CS_CHANGE], 3);
	run(PM_CS_SITE, 1000000, 2000000, 0, 0, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "sunny");
	run(PM_CS_ASSIGNEE, 1000000, 2000000, 0, 0, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "NULL");  /* nobody assigned */
	assert_int_equal(r.v[0][PM_CS_PREV], 3);
}

static void
empty_period(void **state)
{
	struct res r;
	static const int64_t all[] = { 0, -1, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1 };

	(void)state;
	run(PM_CS_CATEGORY, 5000000, 6000000, 4000000, 0, &r);
	assert_int_equal(r.n, 0);
	run(PM_CS_ALL, 5000000, 6000000, 4000000, 0, &r);
	assert_int_equal(r.n, 1);
	expect(&r, 0, "all", all);
	/* nothing received in [2000001, 3000000); the previous period given
	 * as [1000000, 2000001) holds the seven and the one at 2000000 */
	run(PM_CS_KIND, 2000001, 3000000, 1000000, 0, &r);
	assert_int_equal(r.n, 1);
	assert_string_equal(r.key[0], "complaint");
	assert_int_equal(r.v[0][PM_CS_PREV], 7 + 1);
	assert_int_equal(r.v[0][PM_CS_CHANGE], -8);
}

static void
bad_queries(void **state)
{
	pm_complaint_stats_iter *it = NULL;
	pm_complaint_stats_q q;
	pm_err err;

	(void)state;
	assert_int_equal(pm_complaint_stats_by_parse("dept"), PM_CS_DEPT);
	assert_int_equal(pm_complaint_stats_by_parse("floor"), -1);
	assert_string_equal(pm_complaint_stats_by_name(PM_CS_ASSIGNEE), "assignee");
	memset(&q, 0, sizeof q);
	q.since = 10;
	q.until = 10;
	assert_int_equal(pm_complaint_stats(&ctx, &q, &it, &err), PM_EX_USAGE);
	assert_null(it);
	q.until = 20;
	q.prev_since = 11;
	assert_int_equal(pm_complaint_stats(&ctx, &q, &it, &err), PM_EX_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(by_category, setup, teardown),
		cmocka_unit_test_setup_teardown(all_and_even_median, setup, teardown),
		cmocka_unit_test_setup_teardown(top_and_building, setup, teardown),
		cmocka_unit_test_setup_teardown(empty_period, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_queries, setup, teardown),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
