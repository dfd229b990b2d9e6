/*
 * test_link.c — links between records of any two kinds, on kinds that
 * have no tables yet (work orders W, hazards H, equipment E): the
 * mechanism needs nothing of the records it joins but their typed IDs.
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
#include "lifecycle.h"
#include "link.h"

/* Each test gets a database of its own, write transaction open. */
static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-test", "li.ming", NULL);
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static pm_id
id(char type, int64_t n)
{
	pm_id i = { type, n };
	return i;
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

/* The links of one record as "H2 cause to li.ming 1796000400;" ... */
static int
collect(void *arg, const pm_link *l)
{
	pm_buf *b = arg;
	char other[24];

	pm_id_format(l->other, other, sizeof other);
	pm_buf_addf(b, "%s %s %s %s %lld;", other, l->rel, l->dir ? "to" : "from", l->actor,
	    (long long)l->at);
	return 0;
}

static const char *
links(pm_id of)
{
	static pm_buf b;

	if (b.s == NULL)
		pm_buf_init(&b);
	pm_buf_reset(&b);
	assert_int_equal(pm_link_each(&ctx, of, collect, &b, &ctx.err), 0);
	return b.s;
}

static void
add_and_read_from_both_ends(void **state)
{
	int added = -1;

	(void)state;
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "cause", &added, &ctx.err), 0);
	assert_int_equal(added, 1);
	assert_string_equal(links(id('W', 1)), "H2 cause to li.ming 1796000400;");
	assert_string_equal(links(id('H', 2)), "W1 cause from li.ming 1796000400;");
	/* the same numbers of other kinds are other records */
	assert_string_equal(links(id('H', 1)), "");
	assert_string_equal(links(id('W', 2)), "");
}

/* Added again (a rerun, a second cron job): one link, one audit row. */
static void
add_twice_is_one_link(void **state)
{
	int added = -1;

	(void)state;
	assert_int_equal(pm_link_add(&ctx, id('W', 7), id('E', 3), "repairs", &added, &ctx.err), 0);
	assert_int_equal(added, 1);
	ctx.now += 60;
	assert_int_equal(pm_link_add(&ctx, id('W', 7), id('E', 3), "repairs", &added, &ctx.err), 0);
	assert_int_equal(added, 0);
	assert_int_equal(pm_link_add(&ctx, id('W', 7), id('E', 3), "repairs", NULL, &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM link"), 1);
	/* the first time stands */
	assert_string_equal(links(id('E', 3)), "W7 repairs from li.ming 1796000400;");
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'link'"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'link' AND "
	    "entity_id = 'W7' AND action = 'link' AND actor = 'li.ming' AND tool = 'pm-test' AND "
	    "after = '{\"a\":\"W7\",\"b\":\"E3\",\"rel\":\"repairs\"}'"), 1);
}

/* Another relation, or the other direction, is another link; a record's
 * links come oldest first whichever end it is. */
static void
relations_and_directions(void **state)
{
	(void)state;
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "cause", NULL, &ctx.err), 0);
	ctx.now += 1;
	assert_int_equal(pm_link_add(&ctx, id('H', 2), id('W', 1), "cause", NULL, &ctx.err), 0);
	ctx.now += 1;
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "duplicate", NULL, &ctx.err), 0);
	ctx.now += 1;
	assert_int_equal(pm_link_add(&ctx, id('E', 9), id('W', 1), "fixed-by", NULL, &ctx.err), 0);
	assert_string_equal(links(id('W', 1)),
	    "H2 cause to li.ming 1796000400;"
	    "H2 cause from li.ming 1796000401;"
	    "H2 duplicate to li.ming 1796000402;"
	    "E9 fixed-by from li.ming 1796000403;");
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'link'"), 4);
}

static void
refusals_write_nothing(void **state)
{
	char longest[40];
	int added = -1;

	(void)state;
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('W', 4), "cause", &added, &ctx.err),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "W4 cannot be linked to itself");
	assert_int_equal(added, 0);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), NULL, NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "link relation must be 1-32 of a-z 0-9 _ -");
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "", NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "Cause", NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "a cause", NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "原因", NULL, &ctx.err),
	    PM_EX_DATAERR);
	memset(longest, 'r', 33);
	longest[33] = '\0';
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), longest, NULL, &ctx.err),
	    PM_EX_DATAERR);
	assert_int_equal(count("SELECT count(*) FROM link"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'link'"), 0);

	/* the edges of what is allowed */
	longest[32] = '\0';
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), longest, &added, &ctx.err), 0);
	assert_int_equal(added, 1);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "a_b-9", &added, &ctx.err), 0);
	assert_int_equal(pm_link_add(&ctx, id('W', 4), id('H', 4), "x", &added, &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM link"), 3);
}

static int
stop_after_one(void *arg, const pm_link *l)
{
	(void)l;
	++*(int *)arg;
	return 7;
}

static void
each_stops_when_told(void **state)
{
	int calls = 0;

	(void)state;
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 1), "cause", NULL, &ctx.err), 0);
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "cause", NULL, &ctx.err), 0);
	assert_int_equal(pm_link_each(&ctx, id('W', 1), stop_after_one, &calls, &ctx.err), 7);
	assert_int_equal(calls, 1);
	calls = 0;
	assert_int_equal(pm_link_each(&ctx, id('W', 99), stop_after_one, &calls, &ctx.err), 0);
	assert_int_equal(calls, 0);
}

static void
json(void **state)
{
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	assert_int_equal(pm_link_json(&ctx, id('W', 1), &b, &ctx.err), 0);
	assert_string_equal(b.s, "[]");
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "cause", NULL, &ctx.err), 0);
	ctx.now += 3600;
	assert_int_equal(pm_link_add(&ctx, id('E', 5), id('W', 1), "fixed-by", NULL, &ctx.err), 0);
	pm_buf_reset(&b);
	assert_int_equal(pm_link_json(&ctx, id('W', 1), &b, &ctx.err), 0);
	assert_string_equal(b.s,
	    "[{\"id\":\"H2\",\"rel\":\"cause\",\"dir\":\"to\",\"at\":\"2026-11-30T09:00:00+08:00\",\"status\":null},"
	    "{\"id\":\"E5\",\"rel\":\"fixed-by\",\"dir\":\"from\",\"at\":\"2026-11-30T10:00:00+08:00\",\"status\":null}]");
	/* appended to what the caller has */
	pm_buf_reset(&b);
	pm_buf_adds(&b, "{\"links\":");
	assert_int_equal(pm_link_json(&ctx, id('H', 2), &b, &ctx.err), 0);
	assert_string_equal(b.s, "{\"links\":[{\"id\":\"W1\",\"rel\":\"cause\",\"dir\":\"from\","
	    "\"at\":\"2026-11-30T09:00:00+08:00\",\"status\":null}]");
	pm_buf_free(&b);
}

/* The link and its audit row are the caller's transaction: rolled back
 * together. */
static void
rollback_takes_both(void **state)
{
	(void)state;
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_link_add(&ctx, id('W', 1), id('H', 2), "cause", NULL, &ctx.err), 0);
	pm_db_rollback(ctx.db);
	assert_int_equal(pm_db_begin(ctx.db, 0, &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM link"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'link'"), 0);
	pm_db_rollback(ctx.db);
}

/* A link a record learns of: its event written once, with the other end
 * under the relation, on a scratch kind that is not a domain's. */
static const pm_transition ticket_steps[] = {
	{ .verb = "handled", .from = "*", .flags = PM_LC_INTERNAL, .records = "who handles it" },
	{ .verb = NULL }
};
static const pm_lifecycle ticket = {
	"ticket", "ticket", 'T', "ticket", "open|shut", "open", "shut", "open", NULL,
	ticket_steps, NULL, NULL
};

static void
logged_once_with_its_event(void **state)
{
	(void)state;
	assert_int_equal(pm_db_exec(ctx.db, "CREATE TABLE ticket (id INTEGER PRIMARY KEY, "
	    "status TEXT NOT NULL); INSERT INTO ticket VALUES (4, 'shut');", &ctx.err), 0);
	assert_int_equal(pm_link_logged(&ctx, &ticket, "handled", id('T', 4), id('W', 9), "workorder",
	    &ctx.err), 0);
	assert_int_equal(pm_link_logged(&ctx, &ticket, "handled", id('T', 4), id('W', 9), "workorder",
	    &ctx.err), 0);
	assert_int_equal(count("SELECT count(*) FROM link"), 1);
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity = 'ticket' AND "
	    "entity_id = 4 AND event = 'handled' AND data = '{\"workorder\":\"W9\"}'"), 1);
	/* no such record: nothing linked */
	assert_int_equal(pm_link_logged(&ctx, &ticket, "handled", id('T', 5), id('W', 9), "workorder",
	    &ctx.err), PM_EX_NOINPUT);
	assert_int_equal(count("SELECT count(*) FROM link"), 1);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(add_and_read_from_both_ends),
		T(add_twice_is_one_link),
		T(relations_and_directions),
		T(refusals_write_nothing),
		T(each_stops_when_told),
		T(json),
		T(rollback_takes_both),
		T(logged_once_with_its_event),
	};
#undef T
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
