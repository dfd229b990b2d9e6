/*
 * test_timeline.c — the shared, append-only history, on a scratch kind
 * of record (a "ticket" table the test makes): any process can keep its
 * events there under its own entity name.
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
#include "timeline.h"

/* Each test gets a database of its own, with two tickets, write
 * transaction open. */
static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-test", "li.ming",
	    "CREATE TABLE ticket (id INTEGER PRIMARY KEY, title TEXT NOT NULL) STRICT;"
	    "INSERT INTO ticket VALUES (1, '电梯异响'), (2, '门禁失灵');");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int64_t
count(const char *sql)
{
	pm_stmt *st = NULL;
	int64_t n;

	assert_int_equal(pm_db_prepare(ctx.db, sql, &st, &ctx.err), 0);
	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	n = pm_stmt_int(st, 0);
	pm_stmt_free(st);
	return n;
}

/* One record's events as "seq at actor event note data;" ... */
static int
collect(void *arg, const pm_event *e)
{
	pm_buf *b = arg;

	pm_buf_addf(b, "%lld %lld %s %s %s %s;", (long long)e->seq, (long long)e->at, e->actor,
	    e->event, e->note ? e->note : "-", e->data ? e->data : "-");
	return 0;
}

static const char *
events(const char *entity, int64_t id)
{
	static char out[1024];
	pm_buf b;

	pm_buf_init(&b);
	assert_int_equal(pm_timeline_each(&ctx, entity, id, collect, &b, &ctx.err), 0);
	snprintf(out, sizeof out, "%s", b.s);
	pm_buf_free(&b);
	return out;
}

static void
add_and_read_in_write_order(void **state)
{
	(void)state;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", "二楼电梯",
	    NULL, &ctx.err), 0);
	/* a backfilled event keeps its own time, and its place in write order */
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now - 86400, "call", NULL,
	    "{\"by\":\"phone\"}", &ctx.err), 0);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "wang");
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now + 60, "fix", NULL, NULL,
	    &ctx.err), 0);
	assert_string_equal(events("ticket", 1),
	    "1 1796000400 li.ming open 二楼电梯 -;"
	    "2 1795914000 li.ming call - {\"by\":\"phone\"};"
	    "3 1796000460 wang fix - -;");
	/* a ticket's events are in the table the mechanism owns, not in the ticket's */
	assert_int_equal(count("SELECT count(*) FROM event e JOIN ticket t ON t.id = e.entity_id "
	    "WHERE e.entity = 'ticket' AND t.title = '电梯异响'"), 3);
}

/* Records stand apart: by number, and by entity name. */
static void
records_apart(void **state)
{
	(void)state;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "inspection", 1, ctx.now, "plan", NULL, NULL,
	    &ctx.err), 0);
	assert_string_equal(events("ticket", 1), "1 1796000400 li.ming open - -;");
	assert_string_equal(events("ticket", 2), "2 1796000400 li.ming open - -;");
	assert_string_equal(events("inspection", 1), "3 1796000400 li.ming plan - -;");
	assert_string_equal(events("ticket", 3), "");
	assert_string_equal(events("tickets", 1), "");
}

static void
refusals_write_nothing(void **state)
{
	char longest[40];

	(void)state;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, "{not json",
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 0, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_timeline_add(&ctx, "", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	memset(longest, 'e', 33);
	longest[33] = '\0';
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, longest, NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_timeline_add(&ctx, longest, 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_int_equal(count("SELECT count(*) FROM event"), 0);
	longest[32] = '\0';
	assert_int_equal(pm_timeline_add(&ctx, longest, 1, ctx.now, longest, NULL, "{}",
	    &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM event"), 1);
}

/* Nobody rewrites history, not even with SQL of their own. */
static void
append_only(void **state)
{
	(void)state;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", "原文", NULL,
	    &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE event SET note = '改过'", &ctx.err), 0);
	assert_non_null(strstr(ctx.err.msg, "the timeline is append-only"));
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM event", &ctx.err), 0);
	assert_non_null(strstr(ctx.err.msg, "the timeline is append-only"));
	assert_string_equal(events("ticket", 1), "1 1796000400 li.ming open 原文 -;");
}

static int
stop_after_one(void *arg, const pm_event *e)
{
	(void)e;
	++*(int *)arg;
	return 5;
}

static void
each_stops_when_told(void **state)
{
	int calls = 0;

	(void)state;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "close", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_each(&ctx, "ticket", 1, stop_after_one, &calls, &ctx.err), 5);
	assert_int_equal(calls, 1);
}

static void
json(void **state)
{
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	assert_int_equal(pm_timeline_json(&ctx, "ticket", 1, &b, &ctx.err), 0);
	assert_string_equal(b.s, "[]");
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open",
	    "说 \"响\"\n\t第二行", NULL, &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now + 90, "fix", NULL,
	    "{\"parts\":[1,2]}", &ctx.err), 0);
	pm_buf_reset(&b);
	pm_buf_adds(&b, "{\"events\":");
	assert_int_equal(pm_timeline_json(&ctx, "ticket", 1, &b, &ctx.err), 0);
	assert_string_equal(b.s, "{\"events\":["
	    "{\"seq\":1,\"at\":\"2026-11-30T09:00:00+08:00\",\"actor\":\"li.ming\",\"event\":\"open\","
	    "\"note\":\"说 \\\"响\\\"\\n\\t第二行\",\"data\":null},"
	    "{\"seq\":2,\"at\":\"2026-11-30T09:01:30+08:00\",\"actor\":\"li.ming\",\"event\":\"fix\","
	    "\"note\":null,\"data\":{\"parts\":[1,2]}}]");
	pm_buf_free(&b);
}

/* Events are the caller's transaction: a failed command leaves none. */
static void
rollback_takes_them(void **state)
{
	(void)state;
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	pm_db_rollback(ctx.db);
	assert_int_equal(pm_db_begin(ctx.db, 0, &ctx.err), 0);
	assert_string_equal(events("ticket", 2), "");
	pm_db_rollback(ctx.db);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(add_and_read_in_write_order),
		T(records_apart),
		T(refusals_write_nothing),
		T(append_only),
		T(each_stops_when_told),
		T(json),
		T(rollback_takes_them),
	};
#undef T
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
