/* test_cli.c — the shared front end: globals anywhere, verbs, IDs from stdin. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "cli.h"

static struct {
	int called, argc, dry, fmt, opt_x;
	char arg1[64], as[40], operand[64];
	pm_time now;
} seen;

static int
verb_echo(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "xopt", required_argument, NULL, 'x' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	seen.called++;
	seen.argc = argc;
	seen.dry = ctx->dry_run;
	seen.fmt = ctx->fmt;
	seen.now = ctx->now;
	snprintf(seen.as, sizeof seen.as, "%s", ctx->actor.login);
	snprintf(seen.arg1, sizeof seen.arg1, "%s", argc > 1 ? argv[1] : "");
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == '?')
			return PM_EX_USAGE;
		if (c == 'x')
			seen.opt_x = atoi(optarg);
	}
	snprintf(seen.operand, sizeof seen.operand, "%s", optind < argc ? argv[optind] : "");
	return 0;
}

static int
verb_fail(pm_ctx *ctx, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return pm_err_set(&ctx->err, PM_EX_DATAERR, "no good");
}

static const pm_verb verbs[] = {
	{ NULL, "echo", verb_echo, PM_V_NODB, NULL, "[--xopt N] [ARG]", "echo\nmore help" },
	{ "thing", "list", verb_echo, PM_V_NODB, NULL, "", "list things" },
	{ NULL, "fail", verb_fail, PM_V_NODB, NULL, "", "fail" },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
};
static const pm_tool tool = { "pm-test", "a test tool", verbs, NULL };

/* run(arg, ..., NULL): pm-test with those arguments. */
static int
run(const char *first, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 1;
	const char *a;

	argv[0] = (char *)"pm-test";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	va_end(ap);
	memset(&seen, 0, sizeof seen);
	return pm_cli_main(&tool, argc, argv);
}

static int
setup(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent-pm-test", 1);
	setenv("PM_DB", "/nonexistent-pm-test/pm.db", 1);
	setenv("PM_USER", "admin", 1);
	unsetenv("PM_CONFIG");
	setenv("PM_NOW", "2026-11-30T09:00:00+08:00", 1);
	/* usage messages go to stderr; keep the test output readable */
	return 0;
}

static void
globals_before_and_after(void **state)
{
	(void)state;
	assert_int_equal(run("-o", "json", "echo", "--as", "wang", "-n", NULL), 0);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.fmt, PM_FMT_JSON);
	assert_int_equal(seen.dry, 1);
	assert_string_equal(seen.as, "wang");
	assert_int_equal(seen.argc, 1);         /* globals removed from the verb's argv */
	assert_true(seen.now == 1796000400);

	assert_int_equal(run("echo", "--xopt", "7", "--format=csv", "operand", NULL), 0);
	assert_int_equal(seen.opt_x, 7);
	assert_int_equal(seen.fmt, PM_FMT_CSV);
	assert_string_equal(seen.operand, "operand");
	assert_int_equal(run("echo", "--", "-o", NULL), 0);       /* after -- nothing is global */
}

static void
kinds_and_usage(void **state)
{
	(void)state;
	assert_int_equal(run("thing", "list", NULL), 0);
	assert_int_equal(seen.called, 1);
	assert_int_equal(run(NULL), PM_EX_USAGE);
	assert_int_equal(run("nope", NULL), PM_EX_USAGE);
	assert_int_equal(run("thing", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--bogus", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--xopt", NULL), PM_EX_USAGE);
	assert_int_equal(run("-o", "xml", "echo", NULL), PM_EX_USAGE);
	assert_int_equal(seen.called, 0);       /* bad format: the verb never ran */
	assert_int_equal(run("echo", "-o", NULL), PM_EX_USAGE);
	assert_int_equal(run("fail", NULL), PM_EX_DATAERR);
}

static void
clock_and_actor(void **state)
{
	(void)state;
	setenv("PM_NOW", "2023-02-29", 1);
	assert_int_equal(run("echo", NULL), PM_EX_USAGE);
	assert_int_equal(seen.called, 0);
	setenv("PM_NOW", "2026-11-30T09:00:00+08:00", 1);
	assert_int_equal(run("--as", "Bad Name", "echo", NULL), PM_EX_USAGE);
}

static int
collect(pm_ctx *ctx, pm_id id, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);

	(void)ctx;
	snprintf(out + n, 200 - n, "%c%lld,", id.type, (long long)id.n);
	return 0;
}

static void
ids_from_operands_and_stdin(void **state)
{
	static char in_text[] = "C3\tnew\t投诉\n\n  \nC4 x\n5\n";
	char got[200] = "";
	char *argv[] = { (char *)"C1", (char *)"-", (char *)"2", NULL };
	pm_ctx ctx;
	FILE *in = fmemopen(in_text, strlen(in_text), "r");

	(void)state;
	memset(&ctx, 0, sizeof ctx);
	ctx.verb = "escalate";
	assert_int_equal(pm_cli_each_id(&ctx, 3, argv, in, 'C', collect, got), 0);
	assert_string_equal(got, "C1,C3,C4,C5,C2,");
	fclose(in);

	got[0] = '\0';
	in = fmemopen((char *)"C1\nW2\n", 6, "r");
	assert_int_equal(pm_cli_each_id(&ctx, 1, argv + 1, in, 'C', collect, got), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "stdin:2"));
	fclose(in);
	assert_int_equal(pm_cli_each_id(&ctx, 0, argv, NULL, 'C', collect, got), PM_EX_USAGE);
}

static void
default_db_path(void **state)
{
	char buf[256];

	(void)state;
	setenv("XDG_DATA_HOME", "/x/data", 1);
	assert_string_equal(pm_cli_default_db(buf, sizeof buf), "/x/data/pm/pm.db");
	setenv("XDG_DATA_HOME", "relative", 1);       /* ignored, per the XDG spec */
	setenv("HOME", "/home/li", 1);
	assert_string_equal(pm_cli_default_db(buf, sizeof buf), "/home/li/.local/share/pm/pm.db");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(globals_before_and_after),
		cmocka_unit_test(kinds_and_usage),
		cmocka_unit_test(clock_and_actor),
		cmocka_unit_test(ids_from_operands_and_stdin),
		cmocka_unit_test(default_db_path),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, NULL);
}
