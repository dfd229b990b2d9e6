/* test_lifecycle.c — the gate on a scratch record that is no contact: a
 * table with id and status, its transition table with hooks and flags;
 * applied and refused transitions, one permission check per record, the
 * due hook, internal transitions, the timeline event and the audit row,
 * the declaration checked against the schema, and broken tables. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "audit.h"
#include "lifecycle.h"
#include "registry.h"
#include "timeline.h"
#include "fixture.h"

static pm_ctx ctx;

/* what the hooks and the policy saw */
static int perm_calls, due_calls, hook_calls;
static const char *deny;               /* the permission the policy refuses */
static char last_perm[64], due_to[32];

static int
count_policy(pm_ctx *c, const char *perm, pm_err *err)
{
	(void)c;
	perm_calls++;
	snprintf(last_perm, sizeof last_perm, "%s", perm);
	if (deny != NULL && strcmp(perm, deny) == 0)
		return pm_err_set(err, PM_EX_NOPERM, "%s: permission denied", perm);
	return 0;
}

static int
due(pm_lc_step *s, pm_err *err)
{
	(void)err;
	due_calls++;
	snprintf(due_to, sizeof due_to, "%s", s->to);
	return 0;
}

/* the domain's part of "fix": a column of its own, a data member, and a
 * refusal of its own when the caller's argument says so */
static int
fix_hook(pm_lc_step *s, pm_err *err)
{
	const char *how = s->arg;
	char sql[128];

	hook_calls++;
	if (how == NULL)
		return pm_err_set(err, PM_EX_USAGE, "how is required");
	pm_lifecycle_s(s, "how", how);
	pm_lifecycle_i(s, "from_hook", 1);
	snprintf(sql, sizeof sql, "UPDATE task SET done_at = %lld WHERE id = %lld",
	    (long long)s->at, (long long)s->id);
	return pm_db_exec(s->ctx->db, sql, err);
}

#define OPEN "todo|doing"

static const pm_transition steps[] = {
	{ "start", "todo", "doing", "task.work", 0, NULL, "nothing", "dropped", "reopen it first" },
	{ "fix", OPEN, "fixed", "task.work", PM_LC_DUE, fix_hook, "how, done time", NULL, NULL },
	{ "comment", "*", NULL, "task.comment", 0, NULL, "a note", NULL, NULL },
	{ "drop", OPEN, "dropped", "task.drop", PM_LC_DUE, NULL, "nothing", NULL, NULL },
	{ "reopen", "fixed|dropped", "todo", "task.drop", PM_LC_DUE, NULL, "nothing", NULL, NULL },
	{ "sync", OPEN, NULL, NULL, PM_LC_INTERNAL, NULL, "another module's effect", NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
};

static const pm_lifecycle task = {
	"task", "task", 'T', "task", "todo|doing|fixed|dropped", OPEN, "dropped", "todo", due,
	steps, NULL, NULL
};

static int
setup(void **state)
{
	(void)state;
	perm_calls = due_calls = hook_calls = 0;
	deny = NULL;
	if (fx_open(&ctx, "pm-test", "li",
	    "CREATE TABLE task (id INTEGER PRIMARY KEY, status TEXT NOT NULL DEFAULT 'todo' "
	    "CHECK (status = 'todo' OR status = 'doing' OR status = 'fixed' OR "
	    "status = 'dropped'), done_at INTEGER, CHECK (done_at IS NULL OR done_at > 0)) STRICT;"
	    "CREATE INDEX task_live ON task (id) WHERE status <> 'dropped';"
	    "INSERT INTO task (id) VALUES (1), (2), (3);") != 0)
		return -1;
	pm_perm_set_policy(count_policy);
	return 0;
}

static int
teardown(void **state)
{
	int rc;

	(void)state;
	pm_perm_set_policy(NULL);
	rc = fx_close(&ctx);
	memcpy(fx_dir + sizeof fx_dir - 7, "XXXXXX", 6);        /* the next test's mkdtemp */
	return rc;
}

static void
status_is(int64_t id, const char *want)
{
	char st[32];
	pm_err err;

	assert_int_equal(pm_lifecycle_status(&ctx, &task, id, st, sizeof st, &err), 0);
	assert_string_equal(st, want);
}

static int64_t
count(const char *sql)
{
	pm_stmt *st = NULL;
	pm_err err;
	int64_t n = -1;

	if (pm_db_prepare(ctx.db, sql, &st, &err) == 0 && pm_stmt_step(st, &err) == 1)
		n = pm_stmt_int(st, 0);
	pm_stmt_free(st);
	return n;
}

static void
test_table(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&task, &err), 0);
	assert_non_null(pm_lifecycle_find(&task, "fix"));
	assert_null(pm_lifecycle_find(&task, "fly"));
	assert_true(pm_lifecycle_in("fixed|dropped", "dropped"));
	assert_false(pm_lifecycle_in("fixed|dropped", "drop"));
	assert_true(pm_lifecycle_in("*", "anything"));
}

static void
test_apply(void **state)
{
	char want[400];
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 1, ctx.now, NULL, NULL, &err),
	    0);
	status_is(1, "doing");
	assert_int_equal(perm_calls, 1);                /* one permission check */
	assert_string_equal(last_perm, "task.work");
	assert_int_equal(due_calls, 0);                 /* start has no PM_LC_DUE */
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "fix", 1, ctx.now - 60, "done",
	    (void *)"glued", &err), 0);
	status_is(1, "fixed");
	assert_int_equal(perm_calls, 2);
	assert_int_equal(hook_calls, 1);
	assert_int_equal(due_calls, 1);
	assert_string_equal(due_to, "fixed");           /* after the status update */
	snprintf(want, sizeof want, "SELECT count(*) FROM task WHERE id = 1 AND done_at = %lld",
	    (long long)(ctx.now - 60));
	assert_int_equal(count(want), 1);               /* the hook's column */
	/* the timeline event: verb, time, actor, note, data */
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity = 'task' AND "
	    "entity_id = 1"), 2);
	snprintf(want, sizeof want, "SELECT count(*) FROM event WHERE entity = 'task' AND "
	    "entity_id = 1 AND event = 'fix' AND at = %lld AND actor = 'li' AND note = 'done' AND "
	    "data = '{\"how\":\"glued\",\"from_hook\":1}'", (long long)(ctx.now - 60));
	assert_int_equal(count(want), 1);
	assert_int_equal(count("SELECT count(*) FROM event WHERE event = 'start' AND "
	    "data IS NULL"), 1);
	/* the audit row: before the old status, after the new one and the data */
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'task' AND "
	    "entity_id = 'T1' AND action = 'fix' AND before = '{\"status\":\"doing\"}' AND "
	    "after = '{\"status\":\"fixed\",\"how\":\"glued\",\"from_hook\":1}'"), 1);
	/* a verb that keeps the status from any state */
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "comment", 1, ctx.now, "n", NULL, &err),
	    0);
	status_is(1, "fixed");
	assert_int_equal(count("SELECT count(*) FROM audit WHERE action = 'comment' AND "
	    "before = '{\"status\":\"fixed\"}' AND after = '{\"status\":\"fixed\"}'"), 1);
}

static void
test_refuse(void **state)
{
	int64_t events = count("SELECT count(*) FROM event"), audits;
	pm_err err;

	(void)state;
	audits = count("SELECT count(*) FROM audit");
	/* wrong state: the states that would have been allowed */
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "reopen", 2, ctx.now, NULL, NULL, &err),
	    PM_EX_DATAERR);
	assert_string_equal(err.msg, "T2 is todo; reopen works on fixed, dropped");
	/* no such record, no such transition */
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 99, ctx.now, NULL, NULL, &err),
	    PM_EX_NOINPUT);
	assert_string_equal(err.msg, "task T99: no such task");
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "fly", 2, ctx.now, NULL, NULL, &err),
	    PM_EX_SOFTWARE);
	/* permission: refused before the record is read */
	deny = "task.drop";
	perm_calls = 0;
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "drop", 99, ctx.now, NULL, NULL, &err),
	    PM_EX_NOPERM);
	assert_int_equal(perm_calls, 1);
	deny = NULL;
	/* the hook's own refusal: nothing changes */
	hook_calls = due_calls = 0;
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "fix", 2, ctx.now, NULL, NULL, &err),
	    PM_EX_USAGE);
	assert_int_equal(hook_calls, 1);
	assert_int_equal(due_calls, 0);
	status_is(2, "todo");
	assert_int_equal(count("SELECT count(*) FROM event"), events);
	assert_int_equal(count("SELECT count(*) FROM audit"), audits);
}

/* A refusal adds the transition's hint when the state is one it is
 * about, and only then. */
static void
test_hint(void **state)
{
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "drop", 2, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 2, ctx.now, NULL, NULL, &err),
	    PM_EX_DATAERR);
	assert_string_equal(err.msg, "T2 is dropped; start works on todo: reopen it first");
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 3, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 3, ctx.now, NULL, NULL, &err),
	    PM_EX_DATAERR);
	assert_string_equal(err.msg, "T3 is doing; start works on todo");
}

static void
test_begin_finish(void **state)
{
	pm_lc_step s;
	pm_err err;

	(void)state;
	/* an internal transition: no permission of its own; the caller adds
	 * data between the gate and the writes */
	perm_calls = 0;
	assert_int_equal(pm_lifecycle_begin(&ctx, &task, "sync", 3, &s, &err), 0);
	assert_string_equal(s.from, "todo");
	assert_string_equal(s.to, "todo");
	assert_string_equal(s.idtext, "T3");
	pm_lifecycle_s(&s, "ref", "W7");
	pm_lifecycle_t(&s, "when", 0);
	assert_int_equal(pm_lifecycle_finish(&s, &err), 0);
	pm_lifecycle_end(&s);
	assert_int_equal(perm_calls, 0);
	assert_int_equal(count("SELECT count(*) FROM event WHERE event = 'sync' AND "
	    "data = '{\"ref\":\"W7\",\"when\":\"1970-01-01T08:00:00+08:00\"}'"), 1);
	/* a failed gate still ends cleanly */
	assert_int_equal(pm_lifecycle_begin(&ctx, &task, "reopen", 3, &s, &err), PM_EX_DATAERR);
	pm_lifecycle_end(&s);
	/* a record just created: its "new" event and an audit row without before */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO task (id) VALUES (4)", &err), 0);
	pm_lifecycle_created(&ctx, &task, 4, &s);
	pm_lifecycle_s(&s, "title", "漏水");
	assert_int_equal(pm_lifecycle_finish(&s, &err), 0);
	pm_lifecycle_end(&s);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity_id = 'T4' AND "
	    "action = 'new' AND before IS NULL AND "
	    "after = '{\"status\":\"todo\",\"title\":\"漏水\"}'"), 1);
	/* drop then reopen: due is counted with the state after each */
	due_calls = 0;
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "drop", 4, ctx.now, NULL, NULL, &err), 0);
	assert_string_equal(due_to, "dropped");
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "reopen", 4, ctx.now, NULL, NULL, &err),
	    0);
	assert_string_equal(due_to, "todo");
	assert_int_equal(due_calls, 2);
}

/* A step that sets the record's limit: the data member as a time, and
 * the event keeps it in its due column; other events keep none. */
static void
test_limit(void **state)
{
	pm_lc_step s;
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_begin(&ctx, &task, "sync", 2, &s, &err), 0);
	pm_lifecycle_limit(&s, "due", 86400);
	assert_int_equal(pm_lifecycle_finish(&s, &err), 0);
	pm_lifecycle_end(&s);
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "start", 2, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity_id = 2 AND event = 'sync' "
	    "AND due = 86400 AND data = '{\"due\":\"1970-01-02T08:00:00+08:00\"}'"), 1);
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity_id = 2 AND event = 'start' "
	    "AND due IS NULL"), 1);
}

/* A transition the caller wrote with the record: the same event and
 * audit row as a full finish, and nothing else (no hook, permission,
 * status update or due hook). */
static void
test_written(void **state)
{
	pm_lc_step s;
	pm_err err;

	(void)state;
	/* the reference: fix applied in full on task 1 */
	assert_int_equal(pm_lifecycle_apply(&ctx, &task, "fix", 1, ctx.now, NULL, "glue", &err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO task (id, status, done_at) "
	    "VALUES (5, 'fixed', 100)", &err), 0);
	perm_calls = due_calls = hook_calls = 0;
	assert_int_equal(pm_lifecycle_written(&ctx, &task, "fix", 5, "todo", &s, &err), 0);
	assert_string_equal(s.from, "todo");
	assert_string_equal(s.to, "fixed");
	assert_string_equal(s.idtext, "T5");
	pm_lifecycle_s(&s, "how", "glue");
	pm_lifecycle_i(&s, "from_hook", 1);
	assert_int_equal(pm_lifecycle_finish(&s, &err), 0);
	pm_lifecycle_end(&s);
	assert_int_equal(perm_calls + due_calls + hook_calls, 0);
	status_is(5, "fixed");
	assert_int_equal(count("SELECT count(*) FROM event a JOIN event b ON b.entity_id = 5 "
	    "AND a.event = b.event AND a.data = b.data AND a.at = b.at AND a.actor IS b.actor "
	    "WHERE a.entity_id = 1 AND a.event = 'fix'"), 1);
	assert_int_equal(count("SELECT count(*) FROM audit a JOIN audit b ON b.entity_id = 'T5' "
	    "AND a.action = b.action AND a.before = b.before AND a.after = b.after "
	    "WHERE a.entity_id = 'T1' AND a.action = 'fix' AND "
	    "a.before = '{\"status\":\"todo\"}'"), 1);
	/* a state the transition does not start from, or no such verb: a bug */
	assert_int_equal(pm_lifecycle_written(&ctx, &task, "start", 5, "fixed", &s, &err),
	    PM_EX_SOFTWARE);
	pm_lifecycle_end(&s);
	assert_int_equal(pm_lifecycle_written(&ctx, &task, "nope", 5, "todo", &s, &err),
	    PM_EX_SOFTWARE);
	pm_lifecycle_end(&s);
}

static void
test_schema(void **state)
{
	static const pm_lifecycle more = {
		"task", "task", 'T', "task", "todo|doing|fixed|dropped|lost", OPEN, "dropped",
		"todo", due, steps, NULL, NULL
	};
	static const pm_lifecycle fewer = {
		"task", "task", 'T', "task", "todo|doing|fixed|dropped", OPEN, "fixed|dropped",
		"todo", due, steps, NULL, NULL
	};
	pm_buf b;
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &task, "task_live", &err), 0);
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &more, NULL, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "status CHECK allows"));
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &fewer, "task_live", &err),
	    PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "task_live"));
	assert_int_equal(pm_lifecycle_check_schema(&ctx, &task, "nosuch", &err), PM_EX_NOINPUT);
	/* the term a list of live records uses, as the index writes it */
	pm_buf_init(&b);
	pm_lifecycle_sql_final(&fewer, "t.status", 1, &b);
	assert_string_equal(b.s, "(t.status <> 'fixed' AND t.status <> 'dropped')");
	pm_buf_reset(&b);
	pm_lifecycle_sql_final(&task, "status", 0, &b);
	assert_string_equal(b.s, "(status = 'dropped')");
	pm_buf_reset(&b);
	pm_lifecycle_sql_final(&fewer, "status", 0, &b);
	assert_string_equal(b.s, "(status = 'fixed' OR status = 'dropped')");
	pm_buf_free(&b);
}

static void
test_broken_tables(void **state)
{
	static const pm_transition bad_from[] = {
		{ "go", "todo|nowhere", "doing", "t.go", 0, NULL, "", NULL, NULL },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition no_perm[] = {
		{ "go", "todo", "doing", NULL, 0, NULL, "", NULL, NULL },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition twice[] = {
		{ "go", "todo", "doing", "t.go", 0, NULL, "", NULL, NULL },
		{ "go", "doing", "todo", "t.go", 0, NULL, "", NULL, NULL },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition hint_alone[] = {
		{ "go", "todo", "doing", "t.go", 0, NULL, "", NULL, "do it" },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition hint_unknown[] = {
		{ "go", "todo", "doing", "t.go", 0, NULL, "", "limbo", "do it" },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition hint_own[] = {
		{ "go", "todo|doing", "fixed", "t.go", 0, NULL, "", "doing", "do it" },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	static const pm_transition needs_due[] = {
		{ "go", "todo", "doing", "t.go", PM_LC_DUE, NULL, "", NULL, NULL },
		{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
	};
	pm_lifecycle lc = task;
	pm_err err;

	(void)state;
	lc.t = bad_from;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	lc.t = no_perm;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "no permission"));
	lc.t = twice;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	lc.t = hint_alone;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "hint"));
	lc.t = hint_unknown;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	lc.t = hint_own;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "a state it works on"));
	lc.t = needs_due;
	lc.due = NULL;
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	lc = task;
	lc.final = "doing";                     /* open and final overlap */
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
	lc = task;
	lc.initial = "limbo";
	assert_int_equal(pm_lifecycle_validate(&lc, &err), PM_EX_SOFTWARE);
}

/* A step's time: now by default, the given one when it is neither in
 * the future nor before the record came in (the caller's message). */
/* Due times as data: due_at is the expression while the record waits,
 * NULL while it is stopped or out of the open states. */
static int
job_start(pm_lc_step *s, pm_err *err)
{
	return pm_db_run(s->ctx->db, err, "UPDATE job SET started = ?2 WHERE id = ?1", "ii",
	    s->id, s->at);
}

static const pm_transition job_steps[] = {
	{ "start", "new", "doing", "task.work", PM_LC_DUE, job_start, "started", NULL, NULL },
	{ "pause", "doing", "paused", "task.work", PM_LC_DUE, NULL, "nothing", NULL, NULL },
	{ "resume", "paused", "doing", "task.work", PM_LC_DUE, NULL, "nothing", NULL, NULL },
	{ "finish", "doing", "done", "task.work", PM_LC_DUE, NULL, "nothing", NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
};

static const pm_lifecycle job = {
	"job", "job", 'J', "job", "new|doing|paused|done", "new|doing|paused", "done", "new",
	NULL, job_steps, "CASE WHEN started IS NOT NULL THEN b ELSE a END", "paused"
};

static void
test_due_expr(void **state)
{
	pm_lifecycle bad = job;
	pm_err err;

	(void)state;
	assert_int_equal(pm_lifecycle_validate(&job, &err), 0);
	bad.stopped = "done";
	assert_int_equal(pm_lifecycle_validate(&bad, &err), PM_EX_SOFTWARE);
	bad.stopped = NULL;
	bad.due_expr = NULL;
	assert_int_equal(pm_lifecycle_validate(&bad, &err), PM_EX_SOFTWARE);
	assert_int_equal(pm_db_exec(ctx.db, "CREATE TABLE job (id INTEGER PRIMARY KEY, "
	    "status TEXT NOT NULL DEFAULT 'new', a INTEGER, b INTEGER, started INTEGER, "
	    "due_at INTEGER); INSERT INTO job (id, a, b) VALUES (1, 100, 200)", &err), 0);
	assert_int_equal(pm_lifecycle_due(&ctx, &job, 1, job.initial, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM job WHERE due_at = 100"), 1);
	assert_int_equal(pm_lifecycle_apply(&ctx, &job, "start", 1, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM job WHERE due_at = 200"), 1);
	assert_int_equal(pm_lifecycle_apply(&ctx, &job, "pause", 1, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM job WHERE due_at IS NULL"), 1);
	assert_int_equal(pm_lifecycle_apply(&ctx, &job, "resume", 1, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM job WHERE due_at = 200"), 1);
	assert_int_equal(pm_lifecycle_apply(&ctx, &job, "finish", 1, ctx.now, NULL, NULL, &err), 0);
	assert_int_equal(count("SELECT count(*) FROM job WHERE due_at IS NULL"), 1);
}

static void
test_at(void **state)
{
	pm_lc_step s;
	pm_err err;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(pm_lifecycle_begin(&ctx, &task, "start", 1, &s, &err), 0);
	assert_int_equal(pm_lifecycle_at(&s, 0, 0, ctx.now - 3600, "%s %s %s %s", &err), 0);
	assert_int_equal(s.at, ctx.now);
	assert_int_equal(pm_lifecycle_at(&s, 1, ctx.now - 60, ctx.now - 3600, "%s %s %s %s",
	    &err), 0);
	assert_int_equal(s.at, ctx.now - 60);
	assert_int_equal(pm_lifecycle_at(&s, 1, ctx.now + 1, 0, "%s %s %s %s", &err),
	    PM_EX_DATAERR);
	assert_string_equal(err.msg, "T1: start time is in the future");
	assert_int_equal(pm_lifecycle_at(&s, 1, ctx.now - 7200, ctx.now - 3600,
	    "%s: %s at %s is before it came (%s)", &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "T1: start at "));
	assert_non_null(strstr(err.msg, " is before it came ("));
	pm_lifecycle_end(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test_setup_teardown(test_apply, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_begin_finish, setup, teardown),
		cmocka_unit_test_setup_teardown(test_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema, setup, teardown),
		cmocka_unit_test_setup_teardown(test_at, setup, teardown),
		cmocka_unit_test_setup_teardown(test_due_expr, setup, teardown),
		cmocka_unit_test(test_broken_tables),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
