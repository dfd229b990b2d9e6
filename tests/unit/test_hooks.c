/*
 * test_hooks.c — executables run on timeline events, on a scratch kind
 * of record (a "ticket" table the test makes, typed T): the pre- veto,
 * the on- queue run after the commit, the JSON line, the environment,
 * the timeout, the limit, the catch-alls, masking.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <cmocka.h>

#include "buf.h"
#include "fixture.h"
#include "hooks.h"
#include "pii.h"
#include "timeline.h"

static pm_ctx ctx;
static char hookdir[300];

/* The ticket as its hooks see it: a title, and a reporter whose name is
 * personal data. */
static int
ticket_record(pm_ctx *c, int64_t id, int clear, pm_json *j, pm_err *err)
{
	char name[64];
	int found, rc;
	pm_buf m;

	if ((rc = pm_db_get_text(c->db, err, name, sizeof name, &found,
	    "SELECT reporter FROM ticket WHERE id = ?1", "i", id)) != 0)
		return rc;
	pm_buf_init(&m);
	pm_pii_name(&m, name);
	pm_json_i(j, "n", id);
	pm_json_s(j, "reporter", clear ? name : m.s);
	pm_buf_free(&m);
	return 0;
}

static const pm_hook_kind ticket_kind = { "ticket", 'T', ticket_record };

/* A configuration with hooks in hookdir and the extra lines given. */
static void
configure(const char *extra)
{
	char yaml[1024];
	pm_config *cfg = NULL;
	int n;

	n = snprintf(yaml, sizeof yaml, "hooks:\n  dir: %s\n  timeout: 1s\n%s", hookdir,
	    extra ? extra : "");
	assert_int_equal(pm_config_parse("t.yaml", yaml, (size_t)n, &cfg, &ctx.err), 0);
	pm_config_free(ctx.cfg);
	ctx.cfg = cfg;
	assert_int_equal(pm_hooks_open(&ctx, &ctx.err), 0);
	assert_non_null(ctx.hooks);
}

/* An executable hook named name with the shell body given. */
static void
hook(const char *name, const char *body)
{
	char path[400];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", hookdir, name);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	assert_int_equal(chmod(path, 0755), 0);
}

/* The contents of a file in fx_dir ("" when missing). */
static const char *
slurp(const char *name)
{
	static char buf[8192];
	char path[400];
	size_t n = 0;
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", fx_dir, name);
	buf[0] = '\0';
	if ((fp = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
	}
	buf[n] = '\0';
	return buf;
}

static int64_t
count(const char *sql)
{
	int64_t n;
	int found;

	assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &n, &found, sql, ""), 0);
	return n;
}

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-test", "li.ming",
	    "CREATE TABLE ticket (id INTEGER PRIMARY KEY, title TEXT NOT NULL, "
	    "reporter TEXT NOT NULL) STRICT;"
	    "INSERT INTO ticket VALUES (1, '电梯异响', '张三'), (2, '门禁失灵', '李四');") != 0)
		return -1;
	ctx.db_path = "/nowhere/t.db";
	snprintf(hookdir, sizeof hookdir, "%s/hooks", fx_dir);
	return mkdir(hookdir, 0755);
}

static int
teardown(void **state)
{
	(void)state;
	pm_hooks_free(ctx.hooks);
	ctx.hooks = NULL;
	return fx_close(&ctx);
}

/* The report lines of pm_hooks_run, joined with '|'. */
static void
collect(void *arg, const char *line)
{
	pm_buf *b = arg;

	if (b->len > 0)
		pm_buf_addc(b, '|');
	pm_buf_adds(b, line);
}

static char reports[2048];

static int
run_on(void)
{
	pm_buf b;
	int n;

	pm_buf_init(&b);
	n = pm_hooks_run(&ctx, collect, &b);
	snprintf(reports, sizeof reports, "%s", b.len ? b.s : "");
	pm_buf_free(&b);
	return n;
}

static void
no_dir_no_hooks(void **state)
{
	(void)state;
	assert_int_equal(pm_hooks_open(&ctx, &ctx.err), 0);
	assert_null(ctx.hooks);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(run_on(), 0);
	assert_int_equal(pm_hooks_unmasked(NULL), 0);
}

/* Whether a hook would see an event: its own pre- or on- hook, or a
 * catch-all; none without a hooks directory. */
static void
watched_events(void **state)
{
	(void)state;
	assert_int_equal(pm_hooks_open(&ctx, &ctx.err), 0);
	assert_int_equal(pm_hooks_watched(&ctx, "ticket", "open"), 0);
	hook("pre-ticket.open", "exit 0");
	hook("on-ticket.close", "exit 0");
	configure(NULL);
	assert_int_equal(pm_hooks_watched(&ctx, "ticket", "open"), 1);
	assert_int_equal(pm_hooks_watched(&ctx, "ticket", "close"), 1);
	assert_int_equal(pm_hooks_watched(&ctx, "ticket", "note"), 0);
	hook("on-any", "exit 0");
	configure(NULL);
	assert_int_equal(pm_hooks_watched(&ctx, "ticket", "note"), 1);
}

static void
dir_must_exist_and_be_absolute(void **state)
{
	char yaml[400];
	pm_config *cfg = NULL;
	int n;

	(void)state;
	n = snprintf(yaml, sizeof yaml, "hooks:\n  dir: %s/missing\n", fx_dir);
	assert_int_equal(pm_config_parse("t.yaml", yaml, (size_t)n, &cfg, &ctx.err), 0);
	pm_config_free(ctx.cfg);
	ctx.cfg = cfg;
	assert_int_equal(pm_hooks_open(&ctx, &ctx.err), PM_EX_CONFIG);
	assert_non_null(strstr(ctx.err.msg, "hooks.dir"));
	assert_null(ctx.hooks);
	assert_int_equal(pm_config_parse("t.yaml", "hooks:\n  dir: rel/hooks\n", 23, &cfg,
	    &ctx.err), PM_EX_CONFIG);
}

static void
pre_vetoes_with_its_first_line(void **state)
{
	(void)state;
	configure(NULL);
	hook("pre-ticket.close", "echo 'not before the survey' >&2; echo second >&2; exit 1");
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "close", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_string_equal(ctx.err.msg, "ticket.close T1 refused by hook pre-ticket.close: "
	    "not before the survey");
	/* the caller rolls back; other events pass */
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
}

static void
veto_line_is_made_harmless(void **state)
{
	(void)state;
	configure(NULL);
	hook("pre-any", "printf '\\033[31mred\\007 alert\\n' >&2; exit 2");
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_null(strchr(ctx.err.msg, '\033'));
	assert_null(strchr(ctx.err.msg, '\007'));
	assert_non_null(strstr(ctx.err.msg, "pre-any"));
	/* silent: how it ended */
	hook("pre-any", "exit 4");
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "pre-any: exit 4"));
}

static void
json_line_and_environment(void **state)
{
	char cmd[600];
	const char *j;

	(void)state;
	setenv("PM_HOOK_URL", "https://example.invalid/x", 1);
	setenv("SECRET_THING", "leak", 1);
	snprintf(cmd, sizeof cmd, "cat > %s/in.json; env | sort > %s/env", fx_dir, fx_dir);
	hook("pre-ticket.assign", cmd);
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, 1796000000, "assign", "说明",
	    "{\"to\":\"wang\"}", &ctx.err), 0);
	j = slurp("in.json");
	assert_non_null(strstr(j, "{\"event\":\"ticket.assign\",\"entity\":\"ticket\","
	    "\"id\":\"T1\",\"seq\":"));
	assert_non_null(strstr(j, "\"at\":\"2026-11-30T08:53:20+08:00\",\"actor\":\"li.ming\","
	    "\"tool\":\"pm-test\",\"note\":\"说明\",\"data\":{\"to\":\"wang\"},"
	    "\"record\":{\"n\":1,\"reporter\":\"张*\"},\"masked\":true,\"dry_run\":false}\n"));
	assert_int_equal(strchr(j, '\n') - j + 1, (long)strlen(j));
	j = slurp("env");
	assert_non_null(strstr(j, "PM_ACTOR=li.ming\n"));
	assert_non_null(strstr(j, "PM_DB=/nowhere/t.db\n"));
	assert_non_null(strstr(j, "PM_ENTITY=ticket\n"));
	assert_non_null(strstr(j, "PM_EVENT=ticket.assign\n"));
	assert_non_null(strstr(j, "PM_HOOK=pre-ticket.assign\n"));
	assert_non_null(strstr(j, "PM_HOOK_URL=https://example.invalid/x\n"));
	assert_non_null(strstr(j, "PM_ID=T1\n"));
	assert_non_null(strstr(j, "PATH="));
	assert_null(strstr(j, "SECRET_THING"));
	unsetenv("PM_HOOK_URL");
	unsetenv("SECRET_THING");
}

static void
unknown_kind_has_a_bare_id(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "cat > %s/in.json", fx_dir);
	hook("pre-any", cmd);
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "gadget", 7, ctx.now, "new", NULL, NULL,
	    &ctx.err), 0);
	assert_non_null(strstr(slurp("in.json"), "\"id\":\"7\""));
	assert_non_null(strstr(slurp("in.json"), "\"record\":null"));
}

static void
unmask_gives_clear_data(void **state)
{
	char cmd[300];

	(void)state;
	configure("  unmask: true\n");
	/* no hook yet: nothing to audit */
	assert_int_equal(pm_hooks_unmasked(ctx.hooks), 0);
	snprintf(cmd, sizeof cmd, "cat > %s/in.json", fx_dir);
	hook("on-ticket.open", cmd);
	assert_int_equal(pm_hooks_unmasked(ctx.hooks), 1);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(run_on(), 0);
	assert_non_null(strstr(slurp("in.json"), "\"reporter\":\"李四\"},\"masked\":false"));
}

static void
on_hooks_run_after_in_order(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "echo \"$PM_HOOK $PM_ID\" >> %s/log", fx_dir);
	hook("on-ticket.open", cmd);
	hook("on-any", cmd);
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 2, ctx.now, "close", NULL, NULL,
	    &ctx.err), 0);
	/* nothing ran yet: the caller has not committed */
	assert_string_equal(slurp("log"), "");
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	assert_int_equal(run_on(), 0);
	assert_string_equal(slurp("log"), "on-ticket.open T1\non-any T1\non-any T2\n");
	/* the queue was emptied */
	assert_int_equal(run_on(), 0);
	assert_string_equal(slurp("log"), "on-ticket.open T1\non-any T1\non-any T2\n");
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

static void
discard_forgets(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "echo ran >> %s/log", fx_dir);
	hook("on-any", cmd);
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	pm_hooks_discard(ctx.hooks);
	assert_int_equal(run_on(), 0);
	assert_string_equal(slurp("log"), "");
}

static void
dry_run_queues_nothing(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "echo on >> %s/log", fx_dir);
	hook("on-any", cmd);
	snprintf(cmd, sizeof cmd, "grep -q '\"dry_run\":true' && echo pre >> %s/log", fx_dir);
	hook("pre-any", cmd);
	configure(NULL);
	ctx.dry_run = 1;
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(run_on(), 0);
	assert_string_equal(slurp("log"), "pre\n");
}

static void
failures_are_reported_not_fatal(void **state)
{
	time_t t0;

	(void)state;
	hook("on-ticket.open", "echo 'webhook down' >&2; exit 7");
	hook("on-ticket.close", "sleep 30");
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "close", NULL, NULL,
	    &ctx.err), 0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);
	t0 = time(NULL);
	assert_int_equal(run_on(), 2);
	assert_true(time(NULL) - t0 < 5);
	assert_string_equal(reports, "on-ticket.open T1: exit 7: webhook down|"
	    "on-ticket.close T1: killed after 1s");
	assert_int_equal(count("SELECT count(*) FROM event WHERE entity = 'ticket'"), 2);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
}

static void
hanging_pre_vetoes(void **state)
{
	(void)state;
	/* a background child keeps stderr open: the group goes with it */
	hook("pre-ticket.open", "sleep 30 & sleep 30");
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "killed after 1s"));
}

static void
limit_bounds_the_runs(void **state)
{
	char cmd[300];
	int i;

	(void)state;
	snprintf(cmd, sizeof cmd, "echo $PM_ID >> %s/log", fx_dir);
	hook("on-ticket.open", cmd);
	configure("  limit: 2\n");
	for (i = 0; i < 5; i++)
		assert_int_equal(pm_timeline_add(&ctx, "ticket", 1 + i % 2, ctx.now, "open", NULL,
		    NULL, &ctx.err), 0);
	assert_int_equal(run_on(), 1);
	assert_string_equal(slurp("log"), "T1\nT2\n");
	assert_string_equal(reports, "on- hooks not run for 3 more events (hooks.limit is 2)");
}

static void
not_executable_is_not_run(void **state)
{
	char path[400];

	(void)state;
	hook("pre-ticket.open", "exit 1");
	snprintf(path, sizeof path, "%s/pre-ticket.open", hookdir);
	assert_int_equal(chmod(path, 0644), 0);
	snprintf(path, sizeof path, "%s/pre-any", hookdir);
	assert_int_equal(mkdir(path, 0755), 0);
	configure(NULL);
	assert_int_equal(pm_timeline_add(&ctx, "ticket", 1, ctx.now, "open", NULL, NULL,
	    &ctx.err), 0);
}

static void
spawn_gives_no_open_files(void **state)
{
	char *env[] = { "PATH=/usr/bin:/bin", NULL };
	char line[256], path[400];
	int status, killed;

	(void)state;
	/* the database is open in this process; the hook sees 0, 1, 2 only
	 * (and the descriptor ls opens to list them) */
	hook("fds", "ls /proc/self/fd | wc -l >&2; read x; echo \"$x\" | grep -q '^hi$'");
	snprintf(path, sizeof path, "%s/fds", hookdir);
	assert_int_equal(pm_hook_spawn(path, env, "hi\n", 5000, &status, &killed, line,
	    sizeof line), 0);
	assert_string_equal(line, "4");
	assert_int_equal(status, 0);
	snprintf(path, sizeof path, "%s/none", hookdir);
	assert_int_not_equal(pm_hook_spawn(path, env, "x\n", 5000, &status, &killed, line,
	    sizeof line), 0);
	assert_int_equal(status, 127);
	/* a hook that never reads a large input is not a deadlock */
	{
		size_t n = 1 << 20;
		char *big = malloc(n + 1);
		assert_non_null(big);
		memset(big, 'x', n);
		big[n] = '\0';
		hook("deaf", "exit 0");
		snprintf(path, sizeof path, "%s/deaf", hookdir);
		pm_hook_spawn(path, env, big, 5000, &status, &killed, line, sizeof line);
		assert_int_equal(killed, 0);
		assert_int_equal(status, 0);
		free(big);
	}
}

/* A record as a declaration: each field by its type, a personal one
 * masked unless clear, NULL as null, no record as nothing. */
static void
record_row_by_declaration(void **state)
{
	static const pm_hook_field f[] = {
		{ "title", 's', 0 }, { "reporter", 's', PM_PII_NAME }, { "n", 'i', 0 },
		{ "at", 't', 0 }, { "none", 's', 0 }, { NULL, 0, 0 }
	};
	static const char sql[] = "SELECT title, reporter, id, 1764464400, NULL FROM ticket "
	    "WHERE id = ?1";
	pm_buf b;
	pm_json j;

	(void)state;
	pm_mask_set(pm_pii_mask);
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	assert_int_equal(pm_hooks_record_row(&ctx, sql, 1, f, 0, &j, &ctx.err), 0);
	pm_json_end(&j);
	assert_string_equal(b.s, "{\"title\":\"电梯异响\",\"reporter\":\"张*\",\"n\":1,"
	    "\"at\":\"2025-11-30T09:00:00+08:00\",\"none\":null}");
	pm_buf_reset(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	assert_int_equal(pm_hooks_record_row(&ctx, sql, 2, f, 1, &j, &ctx.err), 0);
	pm_json_end(&j);
	assert_non_null(strstr(b.s, "\"reporter\":\"李四\""));
	pm_buf_reset(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	assert_int_equal(pm_hooks_record_row(&ctx, sql, 9, f, 0, &j, &ctx.err), 0);
	pm_json_end(&j);
	assert_string_equal(b.s, "{}");
	pm_buf_free(&b);
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(no_dir_no_hooks),
		T(watched_events),
		T(dir_must_exist_and_be_absolute),
		T(pre_vetoes_with_its_first_line),
		T(veto_line_is_made_harmless),
		T(json_line_and_environment),
		T(unknown_kind_has_a_bare_id),
		T(unmask_gives_clear_data),
		T(on_hooks_run_after_in_order),
		T(discard_forgets),
		T(dry_run_queues_nothing),
		T(failures_are_reported_not_fatal),
		T(hanging_pre_vetoes),
		T(limit_bounds_the_runs),
		T(not_executable_is_not_run),
		T(spawn_gives_no_open_files),
		T(record_row_by_declaration),
	};
#undef T
	if (pm_config_register(&pm_hooks_config) != 0 || pm_hooks_declare(&ticket_kind) != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
