/* test_cli.c — the shared front end: globals anywhere, verbs, declared
 * options (every type, its conversion and its error), operands, --unmask
 * --reason, -n, generated usage and --options, IDs from stdin. */
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
#include "cli.h"

/* What a verb saw, copied out: cli frees the arguments after the verb. */
static struct {
	int called, argc, dry, fmt, unmask, bootstrap;
	char as[40], ops[128], verb[40];
	struct echo_args {
		int flag, has_time, xopt;
		const char *str, *text, *word;
		pm_time time;
		int64_t span, count, pos, fen;
		pm_strv tags;
	} a;
	char text[64], tags[64];
	pm_time now;
	int doc;
} seen;

static void
see(pm_ctx *ctx, int argc, char **argv)
{
	int i;

	seen.called++;
	seen.argc = argc;
	seen.dry = ctx->dry_run;
	seen.fmt = ctx->fmt;
	seen.doc = (int)ctx->doc;
	seen.now = ctx->now;
	seen.unmask = ctx->unmask;
	seen.bootstrap = ctx->bootstrap;
	snprintf(seen.as, sizeof seen.as, "%s", ctx->actor.login);
	snprintf(seen.verb, sizeof seen.verb, "%s", ctx->verb);
	for (i = 0; i < argc; i++)
		snprintf(seen.ops + strlen(seen.ops), sizeof seen.ops - strlen(seen.ops), "%s%s",
		    i ? "," : "", argv[i]);
}

static int
verb_echo(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct echo_args *a = args;
	int i;

	see(ctx, argc, argv);
	seen.a = *a;
	snprintf(seen.text, sizeof seen.text, "%s", a->text ? a->text : "(null)");
	for (i = 0; i < a->tags.n; i++)
		snprintf(seen.tags + strlen(seen.tags), sizeof seen.tags - strlen(seen.tags), "%s%s",
		    i ? "," : "", a->tags.v[i]);
	seen.a.tags.v = NULL;   /* cli frees it */
	seen.a.text = NULL;
	return 0;
}

static int
verb_plain(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	see(ctx, argc, argv);
	return 0;
}

/* A writer that must not reach the database in a unit test. */
static int
verb_fail(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	see(ctx, argc, argv);
	return pm_err_set(&ctx->err, PM_EX_DATAERR, "no good");
}

/* Asks for a permission the way a verb beyond its own would. */
static int
verb_guarded(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	see(ctx, argc, argv);
	return pm_cli_require(ctx, "unit.edit");
}

#define E(f) offsetof(struct echo_args, f)
static const pm_opt echo_opts[] = {
	{ .name = "xopt", .type = PM_O_INT, .off = E(xopt), .arg = "N", .min = 0, .max = 99,
	  .help = "a number from 0 to 99" },
	{ .name = "flag", .type = PM_O_FLAG, .off = E(flag), .help = "a flag" },
	{ .name = "str", .type = PM_O_STR, .off = E(str), .arg = "S", .help = "as given" },
	{ .name = "text", .type = PM_O_TEXT, .off = E(text), .arg = "TEXT", .help = "free text" },
	{ .name = "word", .type = PM_O_WORD, .off = E(word), .arg = "W", .choices = "red|green",
	  .help = "a colour" },
	{ .name = "time", .type = PM_O_TIME, .off = E(time), .has = PM_HAS(struct echo_args,
	  has_time), .arg = "TIME", .help = "a time" },
	{ .name = "span", .type = PM_O_SPAN, .off = E(span), .arg = "SPAN", .help = "a span" },
	{ .name = "count", .type = PM_O_COUNT, .off = E(count), .arg = "N", .help = "a count" },
	{ .name = "pos", .type = PM_O_COUNT, .off = E(pos), .arg = "N", .min = 1,
	  .help = "a positive count" },
	{ .name = "fen", .type = PM_O_MONEY, .off = E(fen), .arg = "YUAN", .help = "money" },
	{ .name = "tag", .type = PM_O_STR, .off = E(tags), .arg = "T", .flags = PM_OF_REPEAT,
	  .help = "a tag (repeatable)" },
	{ .name = NULL }
};
static const pm_opt req_opts[] = {
	{ .name = "must", .type = PM_O_STR, .off = E(str), .arg = "X", .flags = PM_OF_REQUIRED,
	  .help = "needed" },
	{ .name = "text", .type = PM_O_TEXT, .off = E(text), .arg = "TEXT", .help = "free text" },
	{ .name = NULL }
};

static const pm_verb verbs[] = {
	{ .name = "echo", .exec = verb_echo, .flags = PM_V_NODB, .opts = echo_opts,
	  .args_size = sizeof(struct echo_args), .operands = "[ARG]", .max_ops = 1,
	  .help = "echo\nmore help" },
	{ .kind = "thing", .name = "list", .exec = verb_plain, .flags = PM_V_NODB,
	  .help = "list things" },
	{ .name = "fail", .exec = verb_fail, .flags = PM_V_NODB, .help = "fail" },
	{ .name = "req", .exec = verb_echo, .flags = PM_V_NODB, .opts = req_opts,
	  .args_size = sizeof(struct echo_args), .operands = "A B...|-", .min_ops = 2,
	  .max_ops = -1, .help = "needs things" },
	{ .name = "peek", .exec = verb_plain, .flags = PM_V_NODB | PM_V_UNMASK,
	  .help = "personal data" },
	{ .name = "write", .exec = verb_fail, .flags = PM_V_WRITE, .help = "a writer" },
	{ .name = "load", .exec = verb_fail, .flags = PM_V_WRITE | PM_V_DRYRUN,
	  .help = "a writer with a dry run" },
	{ .name = "guarded", .exec = verb_guarded, .flags = PM_V_NODB,
	  .help = "needs a permission" },
	{ .name = "boot", .exec = verb_guarded, .flags = PM_V_NODB | PM_V_BOOTSTRAP,
	  .help = "a bootstrap verb" },
	{ .name = "report", .exec = verb_plain, .flags = PM_V_NODB | PM_V_DOC,
	  .help = "writes a document" },
	{ .name = NULL }
};
static const pm_tool tool = { "pm-test", "a test tool", verbs, NULL };

/* What the last run printed. */
static char out_buf[4096], err_buf[4096];

static int
tmpfd(void)
{
	char path[] = "/tmp/pm-test-cli.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

static void
slurp(int fd, char *buf, size_t n)
{
	ssize_t got;

	lseek(fd, 0, SEEK_SET);
	got = read(fd, buf, n - 1);
	buf[got > 0 ? got : 0] = '\0';
	close(fd);
}

/* run(arg, ..., NULL): pm-test with those arguments, stdout and stderr
 * caught in out_buf and err_buf. */
static int
run(const char *first, ...)
{
	char *argv[32];
	va_list ap;
	int argc = 1, rc, fo, fe, so, se;
	const char *a;

	argv[0] = (char *)"pm-test";
	va_start(ap, first);
	for (a = first; a != NULL && argc < 31; a = va_arg(ap, const char *))
		argv[argc++] = (char *)a;
	argv[argc] = NULL;
	va_end(ap);
	memset(&seen, 0, sizeof seen);
	fflush(stdout);
	fflush(stderr);
	so = dup(1);
	se = dup(2);
	fo = tmpfd();
	fe = tmpfd();
	dup2(fo, 1);
	dup2(fe, 2);
	rc = pm_cli_main(&tool, argc, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(so, 1);
	dup2(se, 2);
	close(so);
	close(se);
	slurp(fo, out_buf, sizeof out_buf);
	slurp(fe, err_buf, sizeof err_buf);
	return rc;
}

/* The next runs read stdin from a file holding text. */
static void
stdin_from(const char *text)
{
	char path[] = "/tmp/pm-test-cli-in.XXXXXX";
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	assert_non_null(freopen(path, "r", stdin));
	unlink(path);
}

#define ERR_HAS(s) do { \
	if (strstr(err_buf, (s)) == NULL) \
		fail_msg("stderr lacks \"%s\": %s", (s), err_buf); \
} while (0)
#define OUT_HAS(s) do { \
	if (strstr(out_buf, (s)) == NULL) \
		fail_msg("stdout lacks \"%s\": %s", (s), out_buf); \
} while (0)

static int
setup(void **state)
{
	(void)state;
	setenv("XDG_CONFIG_HOME", "/nonexistent-pm-test", 1);
	setenv("PM_DB", "/nonexistent-pm-test/pm.db", 1);
	setenv("PM_USER", "admin", 1);
	unsetenv("PM_CONFIG");
	setenv("PM_NOW", "2026-11-30T09:00:00+08:00", 1);
	return 0;
}

static void
globals_before_and_after(void **state)
{
	(void)state;
	assert_int_equal(run("-o", "json", "echo", "--as", "wang", "-n", NULL), 0);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.fmt, PM_FMT_JSON);
	assert_int_equal(seen.dry, 1);          /* a reader may be given -n */
	assert_string_equal(seen.as, "wang");
	assert_int_equal(seen.argc, 0);         /* globals removed, verb too */
	assert_true(seen.now == 1796000400);

	assert_int_equal(run("echo", "--xopt", "7", "--format=csv", "operand", NULL), 0);
	assert_int_equal(seen.a.xopt, 7);
	assert_int_equal(seen.fmt, PM_FMT_CSV);
	assert_string_equal(seen.ops, "operand");
	assert_int_equal(run("echo", "--", "-o", NULL), 0);       /* after -- nothing is global */
	assert_string_equal(seen.ops, "-o");
}

static void
kinds_and_usage(void **state)
{
	(void)state;
	assert_int_equal(run("thing", "list", NULL), 0);
	assert_int_equal(seen.called, 1);
	assert_string_equal(seen.verb, "thing list");
	assert_int_equal(run(NULL), PM_EX_USAGE);
	ERR_HAS("usage: pm-test [global options] [kind] <verb>");
	assert_int_equal(run("nope", NULL), PM_EX_USAGE);
	ERR_HAS("unknown verb 'nope'");
	assert_int_equal(run("thing", NULL), PM_EX_USAGE);
	ERR_HAS("thing: which verb?");
	assert_int_equal(run("-o", "xml", "echo", NULL), PM_EX_USAGE);
	assert_int_equal(seen.called, 0);       /* bad format: the verb never ran */
	assert_int_equal(run("echo", "-o", NULL), PM_EX_USAGE);
	assert_int_equal(run("fail", NULL), PM_EX_DATAERR);
	assert_string_equal(err_buf, "pm-test: no good\n");
}

/* Each type converts its value, or names the option and the value. */
static void
option_types(void **state)
{
	(void)state;
	assert_int_equal(run("echo", "--flag", "--str", "as is", "--text", "t", "--word", "green",
	    "--time", "2026-12-01", "--span", "2h", "--count", "0", "--pos", "3",
	    "--fen", "1,234.50", "--xopt=99", NULL), 0);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.a.flag, 1);
	assert_string_equal(seen.a.str, "as is");
	assert_string_equal(seen.text, "t");
	assert_string_equal(seen.a.word, "green");
	assert_int_equal(seen.a.has_time, 1);
	assert_true(seen.a.time == 1796054400);         /* 2026-12-01 00:00 +08:00 */
	assert_int_equal(seen.a.span, 7200);
	assert_int_equal(seen.a.count, 0);
	assert_int_equal(seen.a.pos, 3);
	assert_int_equal(seen.a.fen, 123450);
	assert_int_equal(seen.a.xopt, 99);

	/* relative times count from PM_NOW */
	assert_int_equal(run("echo", "--time", "+1d", NULL), 0);
	assert_true(seen.a.time == 1796000400 + 86400);
	/* what is not given stays zero, and says so */
	assert_int_equal(run("echo", NULL), 0);
	assert_int_equal(seen.a.has_time, 0);
	assert_null(seen.a.str);

	assert_int_equal(run("echo", "--flag=yes", NULL), PM_EX_USAGE);
	ERR_HAS("option '--flag' takes no value");
	assert_int_equal(run("echo", "--word", "blue", NULL), PM_EX_USAGE);
	ERR_HAS("--word blue: one of red, green");
	assert_int_equal(run("echo", "--word", "re", NULL), PM_EX_USAGE);   /* no prefixes */
	assert_int_equal(run("echo", "--time", "2023-02-29", NULL), PM_EX_USAGE);
	ERR_HAS("pm-test: --time: 2023-02-29");
	assert_int_equal(run("echo", "--span", "soon", NULL), PM_EX_USAGE);
	ERR_HAS("--span soon: a duration");
	assert_int_equal(run("echo", "--span", "1mo", NULL), PM_EX_USAGE);  /* months vary */
	assert_int_equal(run("echo", "--span", "-2h", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--count", "-1", NULL), PM_EX_USAGE);
	ERR_HAS("--count -1: a count (0 or more)");
	assert_int_equal(run("echo", "--count", "2x", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--count", "99999999999999999999", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--pos", "0", NULL), PM_EX_USAGE);
	ERR_HAS("--pos 0: a count (1 or more)");
	assert_int_equal(run("echo", "--xopt", "100", NULL), PM_EX_USAGE);
	ERR_HAS("--xopt 100: a number from 0 to 99");
	assert_int_equal(run("echo", "--xopt", "", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--fen", "1.234", NULL), PM_EX_USAGE);
	ERR_HAS("--fen 1.234:");
	assert_int_equal(run("echo", "--fen", "-5", NULL), PM_EX_USAGE);
	assert_int_equal(run("echo", "--str", NULL), PM_EX_USAGE);
	ERR_HAS("echo: option '--str' needs a value");
	assert_int_equal(seen.called, 0);       /* no bad value ever reaches the verb */
	/* the error is followed by the verb's usage */
	assert_non_null(strstr(err_buf, "\nusage: pm-test echo "));
}

static void
unknown_options(void **state)
{
	(void)state;
	assert_int_equal(run("echo", "--bogus", NULL), PM_EX_USAGE);
	ERR_HAS("echo: unknown option '--bogus'");
	assert_int_equal(run("echo", "--bogus=secret", NULL), PM_EX_USAGE);
	ERR_HAS("unknown option '--bogus'");
	assert_null(strstr(err_buf, "secret"));         /* the value is not echoed */
	assert_int_equal(run("echo", "-z", NULL), PM_EX_USAGE);
	ERR_HAS("unknown option '-z'");
	/* an option of another verb is foreign here */
	assert_int_equal(run("req", "--flag", "--must", "x", "a", "b", NULL), PM_EX_USAGE);
	ERR_HAS("req: unknown option '--flag'");
	/* --unmask only where the verb declares it */
	assert_int_equal(run("echo", "--unmask", "--reason", "x", NULL), PM_EX_USAGE);
	ERR_HAS("unknown option '--unmask'");
	/* an escape in an option name is not echoed raw */
	assert_int_equal(run("echo", "--a\033[2Jb", NULL), PM_EX_USAGE);
	assert_null(strchr(err_buf, '\033'));
	assert_int_equal(seen.called, 0);
	/* "-" alone is an operand, "--" ends the options */
	assert_int_equal(run("echo", "-", NULL), 0);
	assert_string_equal(seen.ops, "-");
	assert_int_equal(run("echo", "--", "--bogus", NULL), 0);
	assert_string_equal(seen.ops, "--bogus");
}

static void
required_and_operands(void **state)
{
	(void)state;
	assert_int_equal(run("req", "a", "b", NULL), PM_EX_USAGE);
	ERR_HAS("req: --must X is required");
	assert_int_equal(run("req", "--must", "x", "a", NULL), PM_EX_USAGE);
	ERR_HAS("req: give A B...|-");
	assert_int_equal(run("req", "a", "--must", "x", "b", "c", NULL), 0);   /* they mix */
	assert_string_equal(seen.ops, "a,b,c");
	assert_string_equal(seen.a.str, "x");
	assert_int_equal(run("echo", "one", "two", NULL), PM_EX_USAGE);
	ERR_HAS("echo: unexpected operand 'two'");
	assert_int_equal(run("thing", "list", "x", NULL), PM_EX_USAGE);
	ERR_HAS("thing list: unexpected operand 'x'");
	assert_int_equal(seen.called, 0);
}

static void
repeatable(void **state)
{
	(void)state;
	assert_int_equal(run("echo", "--tag", "a", "--tag=b", "--tag", "", NULL), 0);
	assert_int_equal(seen.a.tags.n, 3);
	assert_string_equal(seen.tags, "a,b,");
	assert_int_equal(run("echo", NULL), 0);
	assert_int_equal(seen.a.tags.n, 0);
	/* a plain option given twice: the last one counts */
	assert_int_equal(run("echo", "--str", "a", "--str", "b", NULL), 0);
	assert_string_equal(seen.a.str, "b");
}

static void
unmask_and_reason(void **state)
{
	(void)state;
	assert_int_equal(run("peek", "--unmask", NULL), PM_EX_USAGE);
	ERR_HAS("--unmask needs --reason TEXT");
	assert_int_equal(run("peek", "--reason", "why", NULL), PM_EX_USAGE);
	ERR_HAS("--reason goes with --unmask");
	assert_int_equal(run("peek", "--unmask", "--reason", "", NULL), PM_EX_USAGE);
	/* bad text is bad data, as anywhere */
	assert_int_equal(run("peek", "--unmask", "--reason", "\377", NULL), PM_EX_DATAERR);
	assert_int_equal(seen.called, 0);
	assert_int_equal(run("peek", "--reason=停水通知", "--unmask", NULL), 0);
	assert_int_equal(seen.unmask, 1);
	assert_int_equal(run("peek", NULL), 0);
	assert_int_equal(seen.unmask, 0);
}

static void
dry_run(void **state)
{
	(void)state;
	/* a writer without a dry run refuses -n before it runs */
	assert_int_equal(run("-n", "write", NULL), PM_EX_USAGE);
	ERR_HAS("-n: write has no dry run");
	assert_int_equal(seen.called, 0);
	assert_int_equal(run("write", "--dry-run", NULL), PM_EX_USAGE);
	assert_int_equal(seen.called, 0);
	/* one with a dry run gets it */
	assert_int_equal(run("load", "-n", NULL), PM_EX_DATAERR);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.dry, 1);
	assert_int_equal(run("write", NULL), PM_EX_DATAERR);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.dry, 0);
}

static void
text_from_stdin(void **state)
{
	(void)state;
	stdin_from("电梯异响\n");
	assert_int_equal(run("echo", "--text", "-", NULL), 0);
	assert_string_equal(seen.text, "电梯异响");     /* one trailing newline dropped */
	stdin_from("two\nlines\n\n");
	assert_int_equal(run("echo", "--text", "-", NULL), 0);
	assert_string_equal(seen.text, "two\nlines\n");
	stdin_from("bad \377 byte");
	assert_int_equal(run("echo", "--text", "-", NULL), PM_EX_DATAERR);
	ERR_HAS("text");
	assert_int_equal(seen.called, 0);
	/* stdin holds one thing: text or IDs, not both */
	stdin_from("x\n");
	assert_int_equal(run("req", "--must", "m", "--text", "-", "a", "-", NULL), PM_EX_USAGE);
	ERR_HAS("stdin holds the IDs already");
	assert_int_equal(run("echo", "--text", "plain", NULL), 0);
	assert_string_equal(seen.text, "plain");
}

static void
generated_help(void **state)
{
	(void)state;
	assert_int_equal(run("req", "--help", NULL), 0);
	OUT_HAS("usage: pm-test req --must X [--text TEXT|-] A B...|-\n");
	OUT_HAS("\nneeds things\n");
	OUT_HAS("\noptions:\n  --must X              needed (required)\n");
	assert_int_equal(run("help", "peek", NULL), 0);
	OUT_HAS("usage: pm-test peek [--unmask --reason TEXT]\n");
	OUT_HAS("  --unmask ");
	/* long usage lines wrap at 78 columns, continued indented */
	assert_int_equal(run("echo", "--help", NULL), 0);
	OUT_HAS("usage: pm-test echo [--xopt N] [--flag] [--str S] [--text TEXT|-]");
	OUT_HAS("\n       [--tag T]...");
	OUT_HAS("more help");
	assert_null(strstr(out_buf, "usage: pm-test echo [--xopt N] [--flag] [--str S] [--text "
	    "TEXT|-] [--word W] [--time TIME] [--span SPAN]"));
	assert_int_equal(run("thing", "list", "--help", NULL), 0);
	OUT_HAS("usage: pm-test thing list\n");
	assert_null(strstr(out_buf, "options:"));
	/* a usage error prints the verb's usage after the message */
	assert_int_equal(run("req", NULL), PM_EX_USAGE);
	ERR_HAS("\nusage: pm-test req --must X");

	assert_int_equal(run("--options", NULL), 0);
	/* verb, options, read|write|create, the permission ("-": none) */
	OUT_HAS("echo\t--xopt --flag --str --text --word --time --span --count --pos --fen "
	    "--tag\tread\t-\n");
	OUT_HAS("thing list\t\tread\t-\n");
	OUT_HAS("req\t--must --text\tread\t-\n");
	OUT_HAS("peek\t--unmask --reason\tread\t-\n");
	OUT_HAS("\nwrite\t\twrite\t-\n");
	OUT_HAS("\nload\t\twrite\t-\n");
	assert_string_equal(err_buf, "");
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

/* The tool names no policy: it gets the roles policy, never allow-all,
 * and a verb's PM_V_BOOTSTRAP reaches the policy as ctx->bootstrap. */
static void
policy_default(void **state)
{
	(void)state;
	assert_int_equal(run("guarded", NULL), PM_EX_NOPERM);
	assert_int_equal(seen.called, 1);
	assert_int_equal(seen.bootstrap, 0);
	/* the roles policy knows no bootstrap: still refused */
	assert_int_equal(run("boot", NULL), PM_EX_NOPERM);
	assert_int_equal(seen.bootstrap, 1);
	assert_int_equal(run("thing", "list", NULL), 0);        /* asks for nothing */
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

/* A document verb takes text, md or html (default text) and refuses the
 * row formats; the others refuse the document formats. */
static void
document_formats(void **state)
{
	(void)state;
	assert_int_equal(run("report", NULL), 0);
	assert_int_equal(seen.doc, PM_DOC_TEXT);
	assert_int_equal(run("-o", "md", "report", NULL), 0);
	assert_int_equal(seen.doc, PM_DOC_MD);
	assert_int_equal(run("report", "-o", "html", NULL), 0);
	assert_int_equal(seen.doc, PM_DOC_HTML);
	assert_int_equal(run("-o", "text", "report", NULL), 0);
	assert_int_equal(seen.doc, PM_DOC_TEXT);
	memset(&seen, 0, sizeof seen);
	assert_int_equal(run("-o", "json", "report", NULL), PM_EX_USAGE);
	assert_int_equal(seen.called, 0);
	ERR_HAS("-o json: report writes a document (formats: text, md, html)");
	assert_int_equal(run("-o", "ics", "report", NULL), PM_EX_USAGE);
	assert_int_equal(run("-o", "md", "echo", NULL), PM_EX_USAGE);
	ERR_HAS("unknown format");
	assert_int_equal(run("-o", "html", "thing", "list", NULL), PM_EX_USAGE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(globals_before_and_after),
		cmocka_unit_test(kinds_and_usage),
		cmocka_unit_test(option_types),
		cmocka_unit_test(unknown_options),
		cmocka_unit_test(required_and_operands),
		cmocka_unit_test(repeatable),
		cmocka_unit_test(unmask_and_reason),
		cmocka_unit_test(dry_run),
		cmocka_unit_test(text_from_stdin),
		cmocka_unit_test(generated_help),
		cmocka_unit_test(clock_and_actor),
		cmocka_unit_test(ids_from_operands_and_stdin),
		cmocka_unit_test(policy_default),
		cmocka_unit_test(default_db_path),
		cmocka_unit_test(document_formats),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, NULL);
}
