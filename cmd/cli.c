/*
 * cli.c — the shared front end of every pm binary; see cli.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "json.h"
#include "cli.h"
#include "hooks.h"
#include "i18n.h"
#include "link.h"
#include "money.h"
#include "perm.h"
#include "registry.h"
#include "text.h"
#include "timeline.h"

#ifndef PM_VERSION
#define PM_VERSION "0"
#endif

/* Global options, gathered from anywhere on the command line. */
typedef struct globals {
	const char *db, *config, *as, *format;
	const char *cfgarg;     /* operand of a PM_V_CONFIGARG verb */
	int header, dry_run, help, version, options;
} globals;

static const char global_help[] = N_(
	"global options (before or after the verb):\n"
	"  -d, --db PATH       database file (PM_DB; config database:; else\n"
	"                      $XDG_DATA_HOME/pm/pm.db)\n"
	"  -c, --config PATH   configuration file (PM_CONFIG; else\n"
	"                      $XDG_CONFIG_HOME/pm/config.yaml, /etc/pm/config.yaml)\n"
	"      --as LOGIN      act as this staff member (PM_USER; else your login)\n"
	"  -o, --format FMT    table, tsv, csv, json, id, or ics (an iCalendar of\n"
	"                      the verbs that list events; default: table on a\n"
	"                      terminal, tsv otherwise); text, md or html for the\n"
	"                      verbs that write a report\n"
	"      --header        print a header line with tsv\n"
	"  -n, --dry-run       bulk writers: say what would change, change nothing\n"
	"  -h, --help          this help; <verb> --help explains one verb\n"
	"      --version       print the version\n"
	"      --options       list every verb's options (for completion)\n"
	"environment: PM_DB PM_CONFIG PM_USER PM_NOW (the current time, for tests\n"
	"and backfilling)\n");

/* If arg is the global option long/short, take its value (inline or the
 * next argument).  Returns 1 when matched, -1 when the value is missing. */
static int
take_value(int argc, char **argv, int *i, const char *shortopt, const char *longopt,
    const char **out)
{
	const char *a = argv[*i];
	size_t ll = strlen(longopt);

	if (shortopt != NULL && strncmp(a, shortopt, 2) == 0) {
		if (a[2] != '\0') {
			*out = a + 2;
			return 1;
		}
	} else if (strncmp(a, longopt, ll) == 0 && a[ll] == '=') {
		*out = a + ll + 1;
		return 1;
	} else if (strcmp(a, longopt) != 0) {
		return 0;
	}
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 1;
}

/*
 * Split argv into global options and the rest (kept in order in rest[]).
 * Returns 0, or PM_EX_USAGE with err set.
 */
static int
scan_globals(int argc, char **argv, globals *g, char **rest, int *nrest, pm_err *err)
{
	static const struct { const char *s, *l; size_t off; } valued[] = {
		{ "-d", "--db", offsetof(globals, db) },
		{ "-c", "--config", offsetof(globals, config) },
		{ NULL, "--as", offsetof(globals, as) },
		{ "-o", "--format", offsetof(globals, format) },
	};
	int i, k, n = 0, r;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0) {
			for (; i < argc; i++)
				rest[n++] = argv[i];
			break;
		}
		for (k = 0; k < (int)(sizeof valued / sizeof valued[0]); k++) {
			const char **slot = (const char **)(void *)((char *)g + valued[k].off);
			r = take_value(argc, argv, &i, valued[k].s, valued[k].l, slot);
			if (r < 0)
				return pm_err_set(err, PM_EX_USAGE, _("option '%s' needs a value"), a);
			if (r > 0)
				break;
		}
		if (k < (int)(sizeof valued / sizeof valued[0]))
			continue;
		if (strcmp(a, "--header") == 0)
			g->header = 1;
		else if (strcmp(a, "-n") == 0 || strcmp(a, "--dry-run") == 0)
			g->dry_run = 1;
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			g->help = 1;
		else if (strcmp(a, "--version") == 0)
			g->version = 1;
		else if (strcmp(a, "--options") == 0)
			g->options = 1;
		else
			rest[n++] = argv[i];
	}
	rest[n] = NULL;
	*nrest = n;
	return 0;
}

static int
any_kind(const pm_tool *tool)
{
	const pm_verb *v;

	for (v = tool->verbs; v->name != NULL; v++)
		if (v->kind != NULL)
			return 1;
	return 0;
}

static int
has_kind(const pm_tool *tool, const char *kind)
{
	const pm_verb *v;

	for (v = tool->verbs; v->name != NULL; v++)
		if (v->kind != NULL && strcmp(v->kind, kind) == 0)
			return 1;
	return 0;
}

static const pm_verb *
find_verb(const pm_tool *tool, const char *kind, const char *name)
{
	const pm_verb *v;

	for (v = tool->verbs; v->name != NULL; v++) {
		if ((kind == NULL) != (v->kind == NULL))
			continue;
		if (kind != NULL && strcmp(kind, v->kind) != 0)
			continue;
		if (strcmp(name, v->name) == 0)
			return v;
	}
	return NULL;
}

/* The first line of a verb's help (up to the first newline). */
static int
first_line_len(const char *s)
{
	const char *nl = strchr(s, '\n');

	return nl ? (int)(nl - s) : (int)strlen(s);
}

static void
tool_help(FILE *fp, const pm_tool *tool)
{
	const pm_verb *v;
	char name[64];

	fprintf(fp, _("usage: %s [global options] %s<verb> [options] [operands]\n\n%s\n\nverbs:\n"),
	    tool->name, any_kind(tool) ? _("[kind] ") : "", _(tool->summary));
	for (v = tool->verbs; v->name != NULL; v++) {
		const char *help = _(v->help);

		snprintf(name, sizeof name, "%s%s%s", v->kind ? v->kind : "", v->kind ? " " : "",
		    v->name);
		fprintf(fp, "  %-18s %.*s\n", name, first_line_len(help), help);
	}
	fprintf(fp, "\n%s\n", _(global_help));
	fprintf(fp, _("See %s(1) for details.\n"), tool->name);
}

static void declared_synopsis(pm_buf *out, const pm_tool *tool, const pm_verb *v);
static void declared_options(FILE *fp, const pm_verb *v);
static void print_options(FILE *fp, const pm_tool *tool);

static void
verb_usage_line(FILE *fp, const pm_tool *tool, const pm_verb *v)
{
	pm_buf b;

	pm_buf_init(&b);
	declared_synopsis(&b, tool, v);
	fprintf(fp, "%s\n", b.s);
	pm_buf_free(&b);
}

static void
verb_help(FILE *fp, const pm_tool *tool, const pm_verb *v)
{
	const char *help = _(v->help);
	const char *more = strchr(help, '\n');

	verb_usage_line(fp, tool, v);
	fprintf(fp, "\n%.*s\n", first_line_len(help), help);
	if (more != NULL)
		fprintf(fp, "%s\n", more);
	declared_options(fp, v);
	fprintf(fp, "\n%s", _(global_help));
}

const char *
pm_cli_default_db(char *buf, size_t n)
{
	const char *x = getenv("XDG_DATA_HOME"), *home = getenv("HOME");

	if (x != NULL && x[0] == '/')
		snprintf(buf, n, "%s/pm/pm.db", x);
	else if (home != NULL && *home != '\0')
		snprintf(buf, n, "%s/.local/share/pm/pm.db", home);
	else
		return NULL;
	return buf;
}

int
pm_cli_usage(pm_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pm_err_vset(&ctx->err, PM_EX_USAGE, fmt, ap);
	va_end(ap);
	return PM_EX_USAGE;
}

int
pm_cli_time(pm_ctx *ctx, const char *opt, const char *s, pm_time *out)
{
	int rc = pm_time_parse(s, ctx->now, out, &ctx->err);

	if (rc != 0) {
		ctx->err.status = PM_EX_USAGE;
		pm_err_prefix(&ctx->err, "%s", opt);
		return PM_EX_USAGE;
	}
	return 0;
}

/* The writer's flags: --header, and personal data in clear only once
 * --unmask has passed its checks (ctx->unmask is set no earlier). */
static unsigned
out_flags(const pm_ctx *ctx)
{
	return ctx->outflags | (ctx->unmask ? PM_OUT_UNMASK : 0);
}

/*
 * A writer verb's rows wait for its commit (pm(7): a row is printed only
 * once what it reports is committed): every writer pm_cli_out makes for
 * it holds its rows (out.h) until held_end, which the front calls after
 * the command's commit or rollback and a PM_V_BATCH verb's after each
 * batch's.  A writer the verb replaced with a new one is kept, in
 * order, until then.  Listings (no PM_V_WRITE) stream as before.
 */
static int hold_rows;
static pm_out **earlier;
static int nearlier, capearlier;

pm_out *
pm_cli_out(pm_ctx *ctx, const pm_col *cols, int ncols)
{
	if (ctx->out != NULL && hold_rows) {
		if (nearlier == capearlier) {
			pm_out **grown;
			capearlier = capearlier ? 2 * capearlier : 4;
			grown = realloc(earlier, (size_t)capearlier * sizeof *earlier);
			if (grown == NULL)
				abort();
			earlier = grown;
		}
		earlier[nearlier++] = ctx->out;
	} else if (ctx->out != NULL) {
		pm_out_free(ctx->out);
	}
	ctx->out = pm_out_new(stdout, ctx->fmt, cols, ncols, out_flags(ctx));
	/* a column table of 0 or > 64 columns, or a PM_V_ICS verb's
	 * without a start, is a bug */
	if (ctx->out == NULL)
		abort();
	pm_out_clock(ctx->out, ctx->now);
	if (hold_rows)
		pm_out_hold(ctx->out);
	return ctx->out;
}

/*
 * The held rows once the transaction that made them has ended: written
 * when show is 1 (committed, or a dry run's report of what it would
 * do), dropped when 0 (rolled back).  Writers the verb has replaced are
 * finished and freed here, a failed write remembered in err (the first
 * one).  The current writer goes on holding: cli finishes it.
 */
static void
held_end(pm_ctx *ctx, int show, pm_err *err)
{
	pm_err e;
	int i;

	for (i = 0; i < nearlier; i++) {
		if (show)
			pm_out_release(earlier[i]);
		else
			pm_out_discard(earlier[i]);
		pm_err_clear(&e);
		if (pm_out_rows(earlier[i]) > 0 && pm_out_finish(earlier[i], &e) != 0 &&
		    err->status == 0)
			*err = e;
		pm_out_free(earlier[i]);
	}
	nearlier = 0;
	if (ctx->out == NULL)
		return;
	if (show)
		pm_out_release(ctx->out);
	else
		pm_out_discard(ctx->out);
}

/* ---- show ------------------------------------------------------------ */

static const pm_col field_cols[] = {
	{ "field", PM_C_TEXT, 0, 0, 0 }, { "value", PM_C_TEXT, 60, 0, 0 }
};
static const pm_col event_cols[] = {
	{ "at", PM_C_TIME, 0, 0, 0 }, { "actor", PM_C_ID, 0, 0, 0 }, { "event", PM_C_TEXT, 0, 0, 0 },
	{ "note", PM_C_TEXT, 50, 0, 0 }, { "data", PM_C_JSON, 60, 0, 0 }
};

static int
event_row(void *arg, const pm_event *e)
{
	pm_out *o = arg;

	pm_out_int(o, 0, e->at);
	pm_out_text(o, 1, e->actor);
	pm_out_text(o, 2, e->event);
	pm_out_text(o, 3, e->note);
	pm_out_text(o, 4, e->data);
	return pm_out_row(o) != 0;
}

static const pm_col link_cols[] = {
	{ "link", PM_C_ID, 0, 0, 0 }, { "rel", PM_C_TEXT, 0, 0, 0 }, { "dir", PM_C_TEXT, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "at", PM_C_TIME, 0, 0, 0 }
};

struct links_out {
	pm_ctx *ctx;
	pm_out *o;
};

/* One link: the blank line and the writer before the first. */
static int
link_row(void *arg, const pm_link *l)
{
	struct links_out *lo = arg;
	char id[24];

	if (lo->o == NULL) {
		fputc('\n', stdout);
		lo->o = pm_cli_out(lo->ctx, link_cols, 5);
	}
	pm_id_format(l->other, id, sizeof id);
	pm_out_text(lo->o, 0, id);
	pm_out_text(lo->o, 1, l->rel);
	pm_out_text(lo->o, 2, l->dir ? "to" : "from");
	pm_out_text(lo->o, 3, l->status);
	pm_out_int(lo->o, 4, l->at);
	return pm_out_row(lo->o) != 0;
}

/* The record as field/value lines, a blank line, the timeline; then,
 * when it has links, a blank line and its links (the other end, the
 * relation, its direction, the other end's state, when). */
static int
show_text(pm_ctx *ctx, const pm_col *cols, int ncols, const pm_cell *cells,
    const char *entity, pm_id id)
{
	pm_out *o = pm_out_new(stdout, ctx->fmt, field_cols, 2, out_flags(ctx));
	struct links_out lo;
	int i, rc;

	if (o == NULL)
		abort();
	for (i = 0; i < ncols; i++) {
		/* a field's name is a label in a table, data in tsv and csv */
		pm_out_text(o, 0, ctx->fmt == PM_FMT_TABLE ? pm_i18n_column(cols[i].name) :
		    cols[i].name);
		pm_out_value(o, 1, &cols[i], &cells[i]);
		if (pm_out_row(o) != 0)
			break;
	}
	rc = pm_out_finish(o, &ctx->err);
	pm_out_free(o);
	if (rc != 0)
		return rc;
	fputc('\n', stdout);
	if ((rc = pm_timeline_each(ctx, entity, id.n, event_row,
	    pm_cli_out(ctx, event_cols, 5), &ctx->err)) != 0)
		return rc;
	/* the timeline's rows are out before the links' blank line */
	if ((rc = pm_out_finish(ctx->out, &ctx->err)) != 0)
		return rc;
	lo.ctx = ctx;
	lo.o = NULL;
	return pm_link_each(ctx, id, link_row, &lo, &ctx->err);
}

/* One JSON object: the record's columns, its events and its links. */
static int
show_json(pm_ctx *ctx, const pm_col *cols, int ncols, const pm_cell *cells,
    const char *entity, pm_id id)
{
	pm_col all[64];
	pm_cell vals[64];
	pm_buf ev, ln;
	int rc;

	if (ncols > 62)
		abort();        /* a column table that leaves no room is a bug */
	pm_buf_init(&ev);
	pm_buf_init(&ln);
	memcpy(all, cols, (size_t)ncols * sizeof *cols);
	memset(&all[ncols], 0, 2 * sizeof *all);
	all[ncols].name = "events";
	all[ncols].type = PM_C_JSON;
	all[ncols + 1].name = "links";
	all[ncols + 1].type = PM_C_JSON;
	if ((rc = pm_timeline_json(ctx, entity, id.n, &ev, &ctx->err)) != 0 ||
	    (rc = pm_link_json(ctx, id, &ln, &ctx->err)) != 0)
		goto out;
	memcpy(vals, cells, (size_t)ncols * sizeof *cells);
	memset(&vals[ncols], 0, 2 * sizeof *vals);
	vals[ncols].s = ev.s;
	vals[ncols + 1].s = ln.s;
	pm_out_cells(pm_cli_out(ctx, all, ncols + 2), vals, NULL);
out:
	pm_buf_free(&ev);
	pm_buf_free(&ln);
	return rc;
}

int
pm_cli_show(pm_ctx *ctx, const pm_col *cols, int ncols, const pm_cell *cells,
    const char *entity, pm_id id)
{
	static const pm_col idcol[] = { { "id", PM_C_ID, 0, 0, 0 } };
	char idtext[24];
	pm_out *o;

	if (ctx->fmt == PM_FMT_JSON)
		return show_json(ctx, cols, ncols, cells, entity, id);
	if (ctx->fmt != PM_FMT_ID)
		return show_text(ctx, cols, ncols, cells, entity, id);
	o = pm_cli_out(ctx, idcol, 1);
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(o, 0, idtext);
	pm_out_row(o);
	return 0;
}

/* The rows as JSON Lines into memory, then the lines joined into an
 * array: the same writer, so the same keys, types and masking.  Out of
 * memory aborts, as everywhere in pm. */
int
pm_cli_json_rows(pm_ctx *ctx, const pm_col *cols, int ncols,
    int (*fn)(pm_ctx *ctx, pm_out *o, void *arg), void *arg, pm_buf *out)
{
	char *mem = NULL, *p;
	size_t len = 0, n;
	pm_out *o;
	FILE *fp;
	int rc, wrc;

	if ((fp = open_memstream(&mem, &len)) == NULL)
		abort();
	if ((o = pm_out_new(fp, PM_FMT_JSON, cols, ncols, out_flags(ctx))) == NULL)
		abort();        /* a column table of 0 or > 64 columns is a bug */
	rc = fn(ctx, o, arg);
	wrc = pm_out_finish(o, &ctx->err);
	pm_out_free(o);
	if (fclose(fp) != 0)
		abort();
	pm_buf_addc(out, '[');
	for (p = mem; p != NULL && *p != '\0'; p += n + (p[n] == '\n')) {
		n = strcspn(p, "\n");
		if (p != mem)
			pm_buf_addc(out, ',');
		pm_buf_add(out, p, n);
	}
	pm_buf_addc(out, ']');
	free(mem);
	return rc != 0 ? rc : wrc;
}

/* ---- declared options ---------------------------------------------- */

/* What cli allocated for one verb's arguments, freed after it ran. */
static struct {
	char *texts[8];         /* PM_O_TEXT values read from stdin */
	int ntexts;
	pm_strv *vecs[16];      /* PM_OF_REPEAT values, arrays realloc'd */
	int nvecs;
} owned;

static void
owned_free(void)
{
	int i;

	for (i = 0; i < owned.ntexts; i++)
		free(owned.texts[i]);
	for (i = 0; i < owned.nvecs; i++)
		free(owned.vecs[i]->v);
	memset(&owned, 0, sizeof owned);
}

/* The options cli adds to a PM_V_UNMASK verb. */
static const pm_opt unmask_opts[] = {
	{ "unmask", PM_O_FLAG, 0, 0, NULL,
	  N_("print names, phones and ID numbers in clear (needs pii.unmask; audited)"),
	  0, NULL, 0, 0, NULL },
	{ "reason", PM_O_TEXT, 0, 0, "TEXT", N_("why --unmask is needed (goes to the audit log)"),
	  0, NULL, 0, 0, NULL },
	{ NULL, 0, 0, 0, NULL, NULL, 0, NULL, 0, 0, NULL }
};

static const pm_opt *
opt_find(const pm_opt *opts, const char *name, size_t len)
{
	for (; opts != NULL && opts->name != NULL; opts++)
		if (strlen(opts->name) == len && memcmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

/* The value's name in usage: TEXT|- for text read from stdin. */
static void
opt_usage(pm_buf *b, const pm_opt *o)
{
	pm_buf_addf(b, "--%s", o->name);
	if (o->type == PM_O_FLAG)
		return;
	pm_buf_addf(b, " %s", o->arg != NULL ? o->arg : "VALUE");
	if (o->type == PM_O_TEXT)
		pm_buf_adds(b, "|-");
}

/* The caller closed stdin (see hold_std_fds). */
static int stdin_closed;

/*
 * A standard descriptor the caller closed gets /dev/null, opened
 * read-only, as SQLite does for its own files: so no file pm opens
 * lands on 0, 1 or 2 (rows printed into a backup), and writing to a
 * closed stdout or stderr still fails.  A closed stdin is remembered:
 * reading "-" from it is an error, not empty input.
 */
static void
hold_std_fds(void)
{
	int fd, n;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (fd == 0)
			stdin_closed = 1;
		if ((n = open("/dev/null", O_RDONLY)) >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
}

/* How much of an over-long text on stdin is read to count it: a
 * pipe that never ends (--text - < /dev/zero) must not run forever. */
#define TEXT_COUNT_MAX ((size_t)64 << 20)

/*
 * Read all of stdin as the text of option o (at most text.max_chars).
 * max_chars characters are at most 4 bytes each; what goes beyond that
 * is not kept but read on and counted, so an over-long text is reported
 * as too long with its length, never as cut mid-character.
 */
static int
text_stdin(pm_ctx *ctx, const pm_opt *o, const char **out)
{
	size_t maxc = (size_t)pm_config_int(ctx->cfg, "text.max_chars");
	size_t max = maxc * 4 + 1, n = 0, got, total, chars = 0, i;
	char *buf, spill[8192];
	int last = -1;

	if (stdin_closed)
		return pm_err_set(&ctx->err, PM_EX_IOERR, _("--%s -: cannot read stdin: it is closed"),
		    o->name);
	if (owned.ntexts == (int)(sizeof owned.texts / sizeof owned.texts[0]))
		return pm_cli_usage(ctx, _("--%s -: stdin can be read once"), o->name);
	buf = pm_xmalloc(max + 1);
	while (n < max && (got = fread(buf + n, 1, max - n, stdin)) > 0)
		n += got;
	total = n;
	if (n == max && !ferror(stdin)) {
		/* longer than any text within the limit: count the rest */
		for (i = 0; i < n; i++)
			chars += ((unsigned char)buf[i] & 0xc0) != 0x80;
		last = (unsigned char)buf[n - 1];
		while (total < TEXT_COUNT_MAX && (got = fread(spill, 1, sizeof spill, stdin)) > 0) {
			for (i = 0; i < got; i++)
				chars += ((unsigned char)spill[i] & 0xc0) != 0x80;
			last = (unsigned char)spill[got - 1];
			total += got;
		}
	}
	if (ferror(stdin)) {
		free(buf);
		return pm_err_set(&ctx->err, PM_EX_IOERR, _("--%s -: cannot read stdin: %s"), o->name,
		    strerror(errno));
	}
	if (total > n) {
		free(buf);
		/* the trailing newline ends the line, it is not text */
		if (last == '\n')
			chars--;
		if (total >= TEXT_COUNT_MAX)
			return pm_err_set(&ctx->err, PM_EX_DATAERR, _("%s: too long (more than "
			    "%zu characters, at most %zu)"), o->name, chars, maxc);
		return pm_err_set(&ctx->err, PM_EX_DATAERR, _("%s: too long (%zu characters, "
		    "at most %zu)"), o->name, chars, maxc);
	}
	/* one trailing newline is the end of the line, not of the text */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	owned.texts[owned.ntexts++] = buf;
	if (n == 0)
		return pm_cli_usage(ctx, _("--%s -: stdin is empty (the text is required)"), o->name);
	if (pm_text_check(buf, n, maxc, o->name, &ctx->err) != 0)
		return ctx->err.status;
	*out = buf;
	return 0;
}

static int
bad_value(pm_ctx *ctx, const pm_opt *o, const char *v, const char *want)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_text_fit(&b, v, 40, 0);
	pm_cli_usage(ctx, "--%s %s: %s", o->name, b.s, want);
	pm_buf_free(&b);
	return PM_EX_USAGE;
}

static int
parse_int64(const char *s, int64_t *out)
{
	char *end;
	long long v;

	if (*s == '\0' || (*s != '-' && (*s < '0' || *s > '9')))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/* Convert v for option o and store it into args. */
static int
opt_store(pm_ctx *ctx, const pm_opt *o, const char *v, char *args, int *stdin_text)
{
	void *slot = args + o->off;
	pm_span span;
	int64_t n;
	pm_err e;

	switch (o->type) {
	case PM_O_FLAG:
		*(int *)slot = 1;
		break;
	case PM_O_STR:
		if (o->flags & PM_OF_REPEAT) {
			pm_strv *sv = slot;
			const char **nv;

			if (sv->n == 0) {
				if (owned.nvecs == (int)(sizeof owned.vecs / sizeof owned.vecs[0]))
					return pm_cli_usage(ctx, _("too many repeated options"));
				owned.vecs[owned.nvecs++] = sv;
			}
			nv = realloc(sv->v, (size_t)(sv->n + 1) * sizeof *nv);
			if (nv == NULL)
				abort();
			sv->v = nv;
			sv->v[sv->n++] = v;
			break;
		}
		*(const char **)slot = v;
		break;
	case PM_O_TEXT:
		if (strcmp(v, "-") == 0) {
			if ((*stdin_text)++)
				return pm_cli_usage(ctx, _("--%s -: stdin is read once"), o->name);
			return text_stdin(ctx, o, (const char **)slot) == 0 ? 0 : ctx->err.status;
		}
		*(const char **)slot = v;
		break;
	case PM_O_WORD: {
		const char *c = o->choices, *bar;
		size_t wl = strlen(v);

		for (; c != NULL; c = bar ? bar + 1 : NULL) {
			bar = strchr(c, '|');
			if ((size_t)(bar ? bar - c : (ptrdiff_t)strlen(c)) == wl &&
			    memcmp(c, v, wl) == 0)
				break;
		}
		if (c == NULL) {
			pm_buf want;
			int rc;

			pm_buf_init(&want);
			pm_buf_adds(&want, _("one of "));
			for (c = o->choices; *c; c++)
				if (*c == '|')
					pm_buf_adds(&want, ", ");
				else
					pm_buf_addc(&want, *c);
			rc = bad_value(ctx, o, v, want.s);
			pm_buf_free(&want);
			return rc;
		}
		*(const char **)slot = v;
		break;
	}
	case PM_O_TIME:
		if (pm_cli_time(ctx, "", v, (pm_time *)slot) != 0) {
			pm_err_set(&e, PM_EX_USAGE, "--%s: %s", o->name, ctx->err.msg + 2);
			ctx->err = e;
			return PM_EX_USAGE;
		}
		break;
	case PM_O_SPAN:
		pm_err_clear(&e);
		if (pm_span_parse(v, &span, &e) != 0 || span.months != 0 || span.seconds <= 0)
			return bad_value(ctx, o, v, _("a duration such as 2h, 30min or 3d"));
		*(int64_t *)slot = span.seconds;
		break;
	case PM_O_COUNT:
		if (parse_int64(v, &n) != 0 || n < (o->min > 0 ? o->min : 0)) {
			char want[48];

			snprintf(want, sizeof want, _("a count (%lld or more)"),
			    (long long)(o->min > 0 ? o->min : 0));
			return bad_value(ctx, o, v, want);
		}
		*(int64_t *)slot = n;
		break;
	case PM_O_INT:
		if (parse_int64(v, &n) != 0 || n < o->min || n > o->max) {
			char want[64];

			snprintf(want, sizeof want, _("a number from %lld to %lld"),
			    (long long)o->min, (long long)o->max);
			return bad_value(ctx, o, v, want);
		}
		*(int *)slot = (int)n;
		break;
	case PM_O_MONEY:
		pm_err_clear(&e);
		if (pm_money_parse(v, 0, &n, &e) != 0)
			return bad_value(ctx, o, v, e.msg);
		*(int64_t *)slot = n;
		break;
	}
	if (o->has != 0)
		*(int *)(args + o->has - 1) = 1;
	return 0;
}

/*
 * Parse a declared verb's argv (argv[0] is the verb) into args; the
 * operands are gathered, in order, into ops.  Options and operands may
 * mix; "--" ends the options.
 */
static int
parse_declared(pm_ctx *ctx, const pm_verb *v, int argc, char **argv, char *args,
    char **ops, int *nops, int *unmask, const char **reason)
{
	unsigned char given[64] = { 0 };
	const pm_opt *o;
	int i, n = 0, stdin_text = 0, stdin_ids = 0, rc;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		size_t len;
		int is_unmask = 0;

		if (strcmp(a, "--") == 0) {
			while (++i < argc)
				ops[n++] = argv[i];
			break;
		}
		if (a[0] != '-' || a[1] == '\0') {
			if (strcmp(a, "-") == 0)
				stdin_ids = 1;
			ops[n++] = argv[i];
			continue;
		}
		if (a[1] != '-') {
			pm_buf b;

			pm_buf_init(&b);
			pm_text_fit(&b, a, 20, 0);
			pm_cli_usage(ctx, _("%s: unknown option '%s'"), ctx->verb, b.s);
			pm_buf_free(&b);
			return PM_EX_USAGE;
		}
		a += 2;
		eq = strchr(a, '=');
		len = eq ? (size_t)(eq - a) : strlen(a);
		o = opt_find(v->opts, a, len);
		if (o == NULL && (v->flags & PM_V_UNMASK) && (o = opt_find(unmask_opts, a, len)))
			is_unmask = 1;
		if (o == NULL) {
			pm_buf raw, b;

			pm_buf_init(&raw);
			pm_buf_init(&b);
			pm_buf_add(&raw, argv[i], len + 2);
			pm_text_fit(&b, raw.s, 40, 0);
			pm_cli_usage(ctx, _("%s: unknown option '%s'"), ctx->verb, b.s);
			pm_buf_free(&raw);
			pm_buf_free(&b);
			return PM_EX_USAGE;
		}
		if (o->type == PM_O_FLAG) {
			if (eq != NULL)
				return pm_cli_usage(ctx, _("%s: option '--%s' takes no value"),
				    ctx->verb, o->name);
		} else if (eq != NULL) {
			val = eq + 1;
		} else if (i + 1 < argc) {
			val = argv[++i];
		} else {
			return pm_cli_usage(ctx, _("%s: option '--%s' needs a value"), ctx->verb,
			    o->name);
		}
		if (is_unmask) {
			if (o->type == PM_O_FLAG)
				*unmask = 1;
			else if ((rc = pm_text_check(val, strlen(val), 500, "--reason",
			    &ctx->err)) != 0)
				return rc;
			else
				*reason = val;
			continue;
		}
		if ((rc = opt_store(ctx, o, val, args, &stdin_text)) != 0)
			return rc;
		if (o - v->opts < (ptrdiff_t)sizeof given)
			given[o - v->opts] = 1;
	}
	ops[n] = NULL;
	*nops = n;
	if (stdin_text && stdin_ids)
		return pm_cli_usage(ctx, _("%s: stdin holds the IDs already; give the text as an "
		    "argument"), ctx->verb);
	if (stdin_ids && stdin_closed)
		return pm_err_set(&ctx->err, PM_EX_IOERR, _("-: cannot read stdin: it is closed"));
	for (o = v->opts; o != NULL && o->name != NULL; o++) {
		if ((o->flags & PM_OF_REQUIRED) && !given[o - v->opts]) {
			pm_buf b;

			pm_buf_init(&b);
			opt_usage(&b, o);
			pm_cli_usage(ctx, _("%s: %s is required"), ctx->verb, b.s);
			pm_buf_free(&b);
			return PM_EX_USAGE;
		}
	}
	if (*reason != NULL && !*unmask)
		return pm_cli_usage(ctx, _("--reason goes with --unmask"));
	if (*unmask && (*reason == NULL || **reason == '\0'))
		return pm_cli_usage(ctx, _("--unmask needs --reason TEXT (it goes to the audit log)"));
	if (n < v->min_ops || (v->max_ops >= 0 && n > v->max_ops)) {
		if (n > v->max_ops && v->max_ops >= 0) {
			pm_buf b;

			pm_buf_init(&b);
			pm_text_fit(&b, ops[v->max_ops], 40, 0);
			pm_cli_usage(ctx, _("%s: unexpected operand '%s'"), ctx->verb, b.s);
			pm_buf_free(&b);
			return PM_EX_USAGE;
		}
		return pm_cli_usage(ctx, _("%s: give %s"), ctx->verb,
		    v->operands != NULL ? v->operands : _("no operands"));
	}
	return 0;
}

/* The usage line of a declared verb, wrapped at 78 columns. */
static void
declared_synopsis(pm_buf *out, const pm_tool *tool, const pm_verb *v)
{
	const pm_opt *o;
	size_t col, start;
	pm_buf w;
	int pass;

	pm_buf_addf(out, _("usage: %s %s%s%s"), tool->name, v->kind ? v->kind : "",
	    v->kind ? " " : "", v->name);
	col = out->len;
	pm_buf_init(&w);
	/* required options first, then the optional ones, then operands */
	for (pass = 0; pass < 4; pass++) {
		const pm_opt *list = pass == 2 ? unmask_opts : v->opts;

		if (pass == 2 && !(v->flags & PM_V_UNMASK))
			continue;
		if (pass == 3) {
			if (v->operands == NULL || *v->operands == '\0')
				continue;
			pm_buf_reset(&w);
			pm_buf_adds(&w, v->operands);
			goto emit;
		}
		if (pass == 2) {
			pm_buf_reset(&w);
			pm_buf_adds(&w, "[--unmask --reason TEXT]");
			goto emit;
		}
		for (o = list; o != NULL && o->name != NULL; o++) {
			int req = (o->flags & PM_OF_REQUIRED) != 0;

			if (req != (pass == 0))
				continue;
			pm_buf_reset(&w);
			if (!req)
				pm_buf_addc(&w, '[');
			opt_usage(&w, o);
			if (!req)
				pm_buf_addc(&w, ']');
			if (o->flags & PM_OF_REPEAT)
				pm_buf_adds(&w, "...");
			start = out->len;
			if (col + 1 + w.len > 78) {
				pm_buf_adds(out, "\n      ");
				col = 6;
				start = out->len;
			}
			pm_buf_addf(out, " %s", w.s);
			col += out->len - start;
		}
		continue;
emit:
		start = out->len;
		if (col + 1 + w.len > 78) {
			pm_buf_adds(out, "\n      ");
			col = 6;
			start = out->len;
		}
		pm_buf_addf(out, " %s", w.s);
		col += out->len - start;
	}
	pm_buf_free(&w);
}

/* The options part of a declared verb's --help. */
static void
declared_options(FILE *fp, const pm_verb *v)
{
	const pm_opt *o;
	int pass;
	pm_buf b;

	if ((v->opts == NULL || v->opts->name == NULL) && !(v->flags & PM_V_UNMASK))
		return;
	fprintf(fp, "\n%s", _("options:\n"));
	pm_buf_init(&b);
	for (pass = 0; pass < 2; pass++) {
		const pm_opt *list = pass == 0 ? v->opts : unmask_opts;

		if (pass == 1 && !(v->flags & PM_V_UNMASK))
			break;
		for (o = list; o != NULL && o->name != NULL; o++) {
			pm_buf_reset(&b);
			opt_usage(&b, o);
			if (b.len <= 20)
				fprintf(fp, "  %-20s  %s%s\n", b.s, o->help ? _(o->help) : "",
				    (o->flags & PM_OF_REQUIRED) ? _(" (required)") : "");
			else
				fprintf(fp, "  %s\n  %-20s  %s%s\n", b.s, "", o->help ? _(o->help) : "",
				    (o->flags & PM_OF_REQUIRED) ? _(" (required)") : "");
		}
	}
	pm_buf_free(&b);
}

/* What a verb does to the database, for --options: "create" (init),
 * "write" (a writer, or a verb that runs its own transactions: migrate,
 * backup), "read" for the rest. */
static const char *
verb_access(const pm_verb *v)
{
	if (v->flags & PM_V_NODB)
		return "read";
	if (v->flags & PM_V_CREATE)
		return "create";
	if (v->flags & (PM_V_WRITE | PM_V_NOTXN))
		return "write";
	return "read";
}

/* `pm-<tool> --options`: every verb, one a line, for lint, shell
 * completion and the permission walk (tests/stress):
 * "kind verb<TAB>--a --b ...<TAB>access<TAB>permission", access being
 * read, write or create and the permission "-" when the verb names none.
 * Readers of the first two columns ignore the rest. */
static void
print_options(FILE *fp, const pm_tool *tool)
{
	const pm_verb *v;
	const pm_opt *o;

	for (v = tool->verbs; v->name != NULL; v++) {
		fprintf(fp, "%s%s%s\t", v->kind ? v->kind : "", v->kind ? " " : "", v->name);
		for (o = v->opts; o != NULL && o->name != NULL; o++)
			fprintf(fp, "%s--%s", o == v->opts ? "" : " ", o->name);
		if (v->flags & PM_V_UNMASK)
			fprintf(fp, "%s--unmask --reason", v->opts && v->opts->name ? " " : "");
		fprintf(fp, "\t%s\t%s\n", verb_access(v),
		    v->perm != NULL && *v->perm != '\0' ? v->perm : "-");
	}
}

static const pm_verb *cur_verb;
static void hook_report(void *arg, const char *line);

/* A PM_V_BATCH verb's batch: records since the last commit, and when
 * the batch began. */
struct batch {
	int on;
	int64_t n, max;
	struct timespec t0;
	long commits;
};

static void
batch_start(pm_ctx *ctx, struct batch *b)
{
	memset(b, 0, sizeof *b);
	b->on = cur_verb != NULL && (cur_verb->flags & PM_V_BATCH) && !ctx->dry_run &&
	    ctx->db != NULL && pm_db_in_txn(ctx->db);
	b->max = pm_config_int(ctx->cfg, "batch_records");
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
}

/*
 * After one record: when the batch is full or has held the write lock
 * for PM_CLI_BATCH_MS, commit it, run its on- hooks (holding no lock),
 * and begin the next.  An intake waiting on the lock gets it between
 * two batches.
 */
static int
batch_step(pm_ctx *ctx, struct batch *b)
{
	struct timespec now;
	int64_t ms;
	int rc;

	if (!b->on)
		return 0;
	b->n++;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)(now.tv_sec - b->t0.tv_sec) * 1000 + (now.tv_nsec - b->t0.tv_nsec) / 1000000;
	if (b->n < b->max && ms < PM_CLI_BATCH_MS)
		return 0;
	if ((rc = pm_db_commit(ctx->db, &ctx->err)) != 0)
		return rc;
	b->commits++;
	/* the batch's rows, now that what they report is committed; a
	 * failed write is pm_out_finish's to report at the end */
	{
		pm_err e;
		pm_err_clear(&e);
		held_end(ctx, 1, &e);
	}
	pm_hooks_run(ctx, hook_report, ctx);
	/* A writer waiting on the lock polls for it every 2 ms (db.c's
	 * busy handler): leave it a gap longer than that, or this loop
	 * takes the lock straight back, batch after batch. */
	{
		struct timespec gap = { 0, 3000000 };
		nanosleep(&gap, NULL);
	}
	if ((rc = pm_db_begin(ctx->db, 1, &ctx->err)) != 0)
		return rc;
	b->n = 0;
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	return 0;
}

static int
each_id_word(pm_ctx *ctx, const char *word, char want,
    int (*fn)(pm_ctx *, pm_id, void *), void *arg)
{
	pm_id id;
	int rc;

	if ((rc = pm_id_parse(word, want, &id, &ctx->err)) != 0)
		return rc;
	return fn(ctx, id, arg);
}

int
pm_cli_each_id(pm_ctx *ctx, int argc, char **argv, FILE *in, char want,
    int (*fn)(pm_ctx *ctx, pm_id id, void *arg), void *arg)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno;
	int i, rc = 0, stdin_used = 0;
	struct batch b;

	if (argc <= 0)
		return pm_cli_usage(ctx, _("%s: no IDs given (use - to read them from stdin)"),
		    ctx->verb);
	batch_start(ctx, &b);
	for (i = 0; i < argc && rc == 0; i++) {
		if (strcmp(argv[i], "-") != 0) {
			if ((rc = each_id_word(ctx, argv[i], want, fn, arg)) == 0)
				rc = batch_step(ctx, &b);
			continue;
		}
		if (stdin_used++)
			continue;
		lineno = 0;
		while (rc == 0 && (len = getline(&line, &cap, in)) >= 0) {
			size_t n = strcspn(line, "\t \r\n");
			lineno++;
			if ((size_t)len != strlen(line)) {
				rc = pm_err_set(&ctx->err, PM_EX_DATAERR, _("stdin:%ld: NUL byte"), lineno);
				break;
			}
			if (n == 0)
				continue;
			line[n] = '\0';
			rc = each_id_word(ctx, line, want, fn, arg);
			if (rc != 0 && ctx->err.status == PM_EX_USAGE) {
				ctx->err.status = PM_EX_DATAERR;
				pm_err_prefix(&ctx->err, _("stdin:%ld"), lineno);
				rc = PM_EX_DATAERR;
			}
			if (rc == 0)
				rc = batch_step(ctx, &b);
		}
		if (rc == 0 && ferror(in))
			rc = pm_err_set(&ctx->err, PM_EX_IOERR, _("stdin: %s"), strerror(errno));
	}
	free(line);
	return rc;
}

/* Flush stdout and check it: a full disk is an error, a closed pipe is
 * a quiet end. */
static int
finish_stdout(pm_err *err)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	if (errno == EPIPE)
		return 0;
	return pm_err_set(err, PM_EX_IOERR, _("write error: %s"), strerror(errno));
}

/* The command line, for the unmask audit rows. */
static int main_argc;
static char **main_argv;

/* The command for an audit row: {"verb":..., key: val[, "argv":[...]]}. */
static void
command_json(pm_buf *b, const char *verb, const char *key, const char *val, int with_argv)
{
	pm_json j;
	int i;

	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "verb", verb);
	pm_json_s(&j, key, val);
	if (with_argv) {
		pm_json_arr(&j, "argv");
		for (i = 0; i < main_argc; i++)
			pm_json_s(&j, NULL, main_argv[i]);
		pm_json_end(&j);
	}
	pm_json_end(&j);
}

/* Record a refused attempt in its own transaction: the verb's own work
 * was rolled back, the refusal must still be on file. */
static void
audit_refusal(pm_ctx *ctx, const char *perm)
{
	pm_err e;
	pm_buf after;

	if (ctx->db == NULL)
		return;
	pm_err_clear(&e);
	pm_buf_init(&after);
	command_json(&after, ctx->verb, "perm", perm, 0);
	pm_db_rollback(ctx->db);
	if (pm_db_begin(ctx->db, 1, &e) == 0) {
		if (pm_audit_log(ctx, "permission", perm, "refused", NULL, after.s, &e) == 0)
			pm_db_commit(ctx->db, &e);
		else
			pm_db_rollback(ctx->db);
	}
	pm_buf_free(&after);
}

/* Open (or create) the database and begin the command's transaction. */
static int
open_db(pm_ctx *ctx, const pm_verb *v, pm_err *err)
{
	int busy_ms = (int)(pm_config_span(ctx->cfg, "busy_timeout") * 1000);
	int rc;

	if (v->flags & PM_V_CREATE)
		rc = pm_db_create(ctx->db_path, busy_ms, &ctx->db, err);
	else
		rc = pm_db_open(ctx->db_path, ((v->flags & PM_V_ANYVERSION) ? PM_DB_ANYVERSION : 0) |
		    (ctx->dry_run && (v->flags & PM_V_DRYRUN) ? PM_DB_DRYRUN : 0),
		    busy_ms, &ctx->db, err);
	if (rc != 0 || (v->flags & PM_V_NOTXN))
		return rc;
	return pm_db_begin(ctx->db, (v->flags & (PM_V_WRITE | PM_V_CREATE)) != 0, err);
}

static int
setup(pm_ctx *ctx, const globals *g, const pm_verb *v)
{
	const char *cfgpath = g->config ? g->config : getenv("PM_CONFIG");

	/* `pm-admin config FILE` checks FILE, not the configuration in use. */
	if ((v->flags & PM_V_CONFIGARG) && g->cfgarg != NULL)
		cfgpath = g->cfgarg;
	static char dbbuf[4096];
	int rc;

	if (v->flags & PM_V_DOC) {
		/* a document: its own formats, the row formats make no sense */
		ctx->doc = PM_DOC_TEXT;
		ctx->fmt = PM_FMT_TSV;
		if (g->format != NULL && (v->flags & PM_V_DOCJSON) && strcmp(g->format, "json") == 0)
			ctx->fmt = PM_FMT_JSON;
		else if (g->format != NULL && pm_doc_fmt_parse(g->format, &ctx->doc) != 0) {
			pm_buf b;
			pm_buf_init(&b);
			pm_text_safe(&b, g->format);
			rc = pm_err_set(&ctx->err, PM_EX_USAGE, (v->flags & PM_V_DOCJSON) ?
			    _("-o %.40s: %s writes a document (formats: text, md, html, json)") :
			    _("-o %.40s: %s writes a document (formats: text, md, html)"), b.s, ctx->verb);
			pm_buf_free(&b);
			return rc;
		}
		ctx->fmt_set = g->format != NULL;
	} else if (g->format != NULL) {
		ctx->fmt_set = 1;
		if (pm_fmt_parse(g->format, &ctx->fmt) != 0) {
			pm_buf b;
			pm_buf_init(&b);
			pm_text_safe(&b, g->format);
			rc = pm_err_set(&ctx->err, PM_EX_USAGE, _("-o %.40s: unknown format "
			    "(table, tsv, csv, json, id, ics)"), b.s);
			pm_buf_free(&b);
			return rc;
		}
		/* a calendar needs rows that are events: said before the
		 * database is touched, not found out half-way */
		if (ctx->fmt == PM_FMT_ICS && !(v->flags & PM_V_ICS))
			return pm_err_set(&ctx->err, PM_EX_USAGE, _("-o ics: %s lists no events "
			    "(formats: table, tsv, csv, json, id)"), ctx->verb);
	} else {
		ctx->fmt = isatty(STDOUT_FILENO) ? PM_FMT_TABLE : PM_FMT_TSV;
	}
	ctx->outflags = g->header ? PM_OUT_HEADER : 0;
	/* owners' text reaches a terminal harmless in every format */
	if (isatty(STDOUT_FILENO))
		ctx->outflags |= PM_OUT_TERMINAL;
	ctx->dry_run = g->dry_run;
	if (cfgpath != NULL && *cfgpath == '\0')
		cfgpath = NULL;
	if (pm_registry_init() != 0)
		return pm_err_set(&ctx->err, PM_EX_SOFTWARE, _("two modules claim one setting"));
	if ((rc = pm_config_load(cfgpath, &ctx->cfg, &ctx->err)) != 0)
		return rc;
	if ((rc = pm_time_set_zone(pm_config_str(ctx->cfg, "timezone"), &ctx->err)) != 0)
		return rc;
	if ((rc = pm_time_now(&ctx->now, &ctx->err)) != 0)
		return rc;
	if ((rc = pm_actor_resolve(g->as, &ctx->actor, &ctx->err)) != 0) {
		/* the actor comes from --as or PM_USER: name them for lib */
		if (ctx->err.field != NULL && strcmp(ctx->err.field, "as") == 0) {
			char msg[PM_ERR_MSG];

			snprintf(msg, sizeof msg, "%.*s (--as LOGIN or PM_USER)",
			    (int)sizeof msg - 32, ctx->err.msg);
			pm_err_set(&ctx->err, rc, "%s", msg);
		}
		return rc;
	}

	ctx->db_path = g->db ? g->db : getenv("PM_DB");
	if (ctx->db_path == NULL || *ctx->db_path == '\0')
		ctx->db_path = pm_config_str(ctx->cfg, "database");
	if (ctx->db_path == NULL || *ctx->db_path == '\0')
		ctx->db_path = pm_cli_default_db(dbbuf, sizeof dbbuf);
	if (ctx->db_path == NULL && !(v->flags & PM_V_NODB))
		return pm_err_set(&ctx->err, PM_EX_USAGE, _("no database: use --db PATH or PM_DB"));
	return 0;
}

/* The verb being run (declared above): pm_cli_begin needs its flags and
 * permission, and the --reason of a declared verb's --unmask. */
static const char *cur_reason;
/* The unmask audit row committed before the verb showed anything (0:
 * none), for the row count written after it. */
static int64_t unmask_row;

/* The unmask, on file before anything is shown: who (the row's actor and
 * operating-system user), why, and the command line, committed in a
 * transaction of its own.  The verb's transaction, begun by open_db with
 * nothing read for the verb yet, is given up and begun again after it,
 * so the verb reads a state in which the row exists.  If the row cannot
 * be written (busy, a read-only file) the verb does not run. */
static int
audit_unmask_first(pm_ctx *ctx, const pm_verb *v, const char *reason)
{
	pm_buf after;
	int rc;

	pm_buf_init(&after);
	command_json(&after, ctx->verb, "reason", reason, 1);
	pm_db_rollback(ctx->db);
	rc = pm_db_begin(ctx->db, 1, &ctx->err);
	if (rc == 0)
		rc = pm_audit_log(ctx, "pii", NULL, "unmask", NULL, after.s, &ctx->err);
	if (rc == 0) {
		unmask_row = pm_db_last_id(ctx->db);
		rc = pm_db_commit(ctx->db, &ctx->err);
	} else {
		pm_db_rollback(ctx->db);
	}
	pm_buf_free(&after);
	if (rc != 0) {
		unmask_row = 0;
		return pm_err_prefix(&ctx->err, _("--unmask: nothing shown, the audit row "
		    "could not be written"));
	}
	if (v->flags & PM_V_NOTXN)
		return 0;
	return pm_db_begin(ctx->db, (v->flags & (PM_V_WRITE | PM_V_CREATE)) != 0, &ctx->err);
}

/* --unmask --reason TEXT of a PM_V_UNMASK verb: allowed, then audited. */
static int
unmask_check(pm_ctx *ctx, const pm_verb *v, const char *reason)
{
	int rc;

	if (reason == NULL || *reason == '\0')
		return pm_cli_usage(ctx, _("--unmask needs --reason TEXT (it goes to the audit log)"));
	if ((rc = pm_text_check(reason, strlen(reason), 500, "--reason", &ctx->err)) != 0)
		return rc;
	if ((rc = pm_cli_require(ctx, "pii.unmask")) != 0)
		return rc;
	return audit_unmask_first(ctx, v, reason);
}

/*
 * After a verb that showed unmasked data: how many rows it showed, in a
 * second row (entity pii, the unmask row's id, action "shown").  The
 * data is out already, so this one is best effort: when it cannot be
 * written the command keeps its status and says so on stderr.
 */
static void
audit_unmask_rows(pm_ctx *ctx)
{
	char id[24];
	pm_buf after;
	pm_err e;
	int rc;

	pm_err_clear(&e);
	pm_buf_init(&after);
	{
		pm_json j;

		pm_json_init(&j, &after);
		pm_json_obj(&j, NULL);
		pm_json_i(&j, "rows", ctx->out ? pm_out_rows(ctx->out) : 0L);
		pm_json_end(&j);
	}
	snprintf(id, sizeof id, "%lld", (long long)unmask_row);
	pm_db_rollback(ctx->db);
	rc = pm_db_begin(ctx->db, 1, &e);
	if (rc == 0)
		rc = pm_audit_log(ctx, "pii", id, "shown", NULL, after.s, &e);
	if (rc == 0)
		rc = pm_db_commit(ctx->db, &e);
	else
		pm_db_rollback(ctx->db);
	if (rc != 0)
		fprintf(stderr, _("%s: warning: the unmask is audited (row %s), its row count "
		    "is not: %s\n"), ctx->tool, id, e.msg);
	pm_buf_free(&after);
}

/* Before the verb's transaction, when its hooks will see personal data
 * in clear (hooks.unmask): on file before any hook has seen anything, as
 * an --unmask is, so it commits first. */
static int
audit_hooks_unmask(pm_ctx *ctx)
{
	pm_buf after;
	int rc;

	pm_buf_init(&after);
	command_json(&after, ctx->verb, "dir", pm_config_str(ctx->cfg, "hooks.dir"), 1);
	rc = pm_audit_log(ctx, "hooks", NULL, "unmask", NULL, after.s, &ctx->err);
	if (rc == 0)
		rc = pm_db_commit(ctx->db, &ctx->err);
	if (rc == 0)
		rc = pm_db_begin(ctx->db, 1, &ctx->err);
	pm_buf_free(&after);
	return rc;
}

int
pm_cli_begin(pm_ctx *ctx)
{
	const pm_verb *v = cur_verb;
	int rc = 0;

	if (ctx->db != NULL || v == NULL || (v->flags & PM_V_NODB))
		return 0;
	if ((rc = open_db(ctx, v, &ctx->err)) != 0)
		return rc;
	/* Every writer is checked: one without a named permission still
	 * needs an active staff member (the empty permission).  init makes
	 * the database and is checked by nobody. */
	if (v->perm != NULL)
		rc = pm_cli_require(ctx, v->perm);
	else if ((v->flags & PM_V_WRITE) && !(v->flags & PM_V_CREATE))
		rc = pm_cli_require(ctx, "");
	if (rc == 0 && ctx->unmask && (v->flags & PM_V_UNMASK))
		rc = unmask_check(ctx, v, cur_reason);
	if (rc == 0 && (v->flags & PM_V_WRITE) && pm_db_in_txn(ctx->db) &&
	    pm_hooks_unmasked(ctx->hooks))
		rc = audit_hooks_unmask(ctx);
	return rc;
}

int
pm_cli_require(pm_ctx *ctx, const char *perm)
{
	int rc;

	/* Only a refusal is audited as one; a policy that could not decide
	 * (bad roles in the config: 78, busy: 69) fails as what it is. */
	if ((rc = pm_perm_check(ctx, perm, &ctx->err)) != 0) {
		if (rc == PM_EX_NOPERM)
			audit_refusal(ctx, perm);
		return rc;
	}
	return 0;
}

static int after_verb(pm_ctx *ctx, const pm_verb *v, int rc);

/* A library message about a field names the option that fills it:
 * "text is required" from resolve becomes "... (--result)". */
static void
name_field(pm_ctx *ctx, const pm_verb *v, int rc)
{
	const pm_opt *o;
	char name[48];
	size_t i, n;

	if (rc == 0 || ctx->err.field == NULL)
		return;
	for (o = v->opts; o != NULL && o->name != NULL; o++) {
		if (o->field == NULL) {
			n = strlen(o->name);
			if (n >= sizeof name)
				continue;
			for (i = 0; i <= n; i++)
				name[i] = o->name[i] == '-' ? '_' : o->name[i];
		}
		if (strcmp(o->field != NULL ? o->field : name, ctx->err.field) != 0)
			continue;
		n = strlen(ctx->err.msg);
		if (n + strlen(o->name) + 6 < sizeof ctx->err.msg)
			snprintf(ctx->err.msg + n, sizeof ctx->err.msg - n, " (--%s)", o->name);
		break;
	}
	ctx->err.field = NULL;
}

static int
run_verb(pm_ctx *ctx, const pm_verb *v, int argc, char **argv)
{
	int rc;

	char **ops = pm_xcalloc((size_t)argc + 1, sizeof *ops);
	char *args = pm_xcalloc(1, v->args_size > 0 ? v->args_size : 1);
	int nops = 0;

	cur_verb = v;
	cur_reason = NULL;
	hold_rows = (v->flags & PM_V_WRITE) && !(v->flags & PM_V_NOTXN);
	rc = parse_declared(ctx, v, argc, argv, args, ops, &nops, &ctx->unmask, &cur_reason);
	/* only writers make events */
	if (rc == 0 && (v->flags & PM_V_WRITE))
		rc = pm_hooks_open(ctx, &ctx->err);
	if (rc == 0)
		rc = v->exec(ctx, args, nops, ops);
	rc = after_verb(ctx, v, rc);
	owned_free();
	free(args);
	free(ops);
	return rc;
}

/* An on- hook that failed: the change stands, so a warning. */
static void
hook_report(void *arg, const char *line)
{
	fprintf(stderr, _("%s: warning: hook %s\n"), ((pm_ctx *)arg)->tool, line);
}

/* What cli does after every verb: the database check of a verb that
 * touched nothing, output finished, commit or roll back (-n rolls
 * back), the unmask's row count, the on- hooks of what was committed. */
static int
after_verb(pm_ctx *ctx, const pm_verb *v, int rc)
{
	int committed = 0, show;

	name_field(ctx, v, rc);
	/* a verb that parsed its arguments and did nothing else still
	 * checks that the database is there and usable */
	if (rc == 0 && ctx->db == NULL)
		rc = pm_cli_begin(ctx);
	cur_verb = NULL;
	if (rc != 0 && ctx->err.status == 0)
		pm_err_set(&ctx->err, rc, _("%s failed"), ctx->verb);
	/* A predicate that found nothing (1) is not a failure: keep its work.
	 * A writer's rows are written out just before its commit, once all
	 * its work is done: a change that is rolled back prints nothing
	 * (not even a table's header), and a row that cannot be written
	 * (a full disk, a closed stdout) takes its change back, 74.  A dry
	 * run prints what it would do, then rolls back.  A listing has
	 * streamed its rows already and finishes them here. */
	show = rc == 0 || rc == PM_EX_NOTFOUND;
	{
		pm_err e, fe;
		pm_err_clear(&e);
		pm_err_clear(&fe);
		held_end(ctx, show, &e);
		if (ctx->out != NULL && (show || !hold_rows || pm_out_rows(ctx->out) > 0) &&
		    pm_out_finish(ctx->out, &fe) != 0 && e.status == 0)
			e = fe;
		if (e.status != 0 && show) {
			ctx->err = e;
			rc = e.status;
			show = 0;
		}
	}
	if (ctx->db != NULL && pm_db_in_txn(ctx->db)) {
		if (show && ctx->dry_run && (v->flags & PM_V_DRYRUN)) {
			pm_db_rollback(ctx->db);
		} else if (show) {
			/* a commit that fails after the rows went out: the status
			 * and the line on stderr say it did not happen */
			int crc = pm_db_commit(ctx->db, &ctx->err);
			if (crc != 0)
				rc = crc;
			else
				committed = 1;
		} else {
			pm_db_rollback(ctx->db);
		}
	}
	hold_rows = 0;
	if (unmask_row != 0 && ctx->db != NULL)
		audit_unmask_rows(ctx);
	unmask_row = 0;
	/* after the commit and outside any transaction: a slow hook holds
	 * no lock; its failure cannot undo the change, the status says it
	 * was made */
	if (committed)
		pm_hooks_run(ctx, hook_report, ctx);
	else
		pm_hooks_discard(ctx->hooks);
	return rc;
}

int
pm_cli_main(const pm_tool *tool, int argc, char **argv)
{
	pm_ctx ctx;
	globals g;
	const pm_verb *v = NULL, *plain;
	char **rest;
	char verbname[96];
	int nrest = 0, rc, vi = 0;

	hold_std_fds();
	signal(SIGPIPE, SIG_IGN);
	pm_i18n_init(PM_LOCALEDIR);
	/* a tool that names no policy gets the roles policy, not allow-all */
	pm_perm_set_policy(tool->policy != NULL ? tool->policy : pm_perm_by_roles);
	main_argc = argc;
	main_argv = argv;
	memset(&ctx, 0, sizeof ctx);
	memset(&g, 0, sizeof g);
	ctx.tool = tool->name;
	if ((rest = calloc((size_t)argc + 1, sizeof *rest)) == NULL)
		abort();

	if ((rc = scan_globals(argc, argv, &g, rest, &nrest, &ctx.err)) != 0)
		goto out;
	if (g.version && nrest == 0) {
		printf("%s %s\n", tool->name, PM_VERSION);
		goto out;
	}
	if (g.options && nrest == 0) {
		print_options(stdout, tool);
		goto out;
	}
	if (nrest > 0 && strcmp(rest[0], "help") == 0) {
		/* "pm-x help [kind] verb" is "pm-x [kind] verb --help" */
		g.help = 1;
		memmove(rest, rest + 1, (size_t)nrest * sizeof *rest);
		nrest--;
	}
	if (nrest == 0) {
		if (g.help) {
			tool_help(stdout, tool);
			goto out;
		}
		tool_help(stderr, tool);
		rc = PM_EX_USAGE;
		goto out;
	}
	if (nrest >= 2 && has_kind(tool, rest[0])) {
		v = find_verb(tool, rest[0], rest[1]);
		vi = 1;
	}
	/* a main-kind verb may share its name with a kind (pm-fee bill
	 * --period, bill list): what follows it is no verb of the kind */
	if (v == NULL && (plain = find_verb(tool, NULL, rest[0])) != NULL) {
		v = plain;
		vi = 0;
	}
	if (v == NULL) {
		pm_buf b;
		pm_buf_init(&b);
		pm_text_safe(&b, rest[vi]);
		if (vi == 0 && has_kind(tool, rest[0]))
			rc = pm_err_set(&ctx.err, PM_EX_USAGE, _("%.40s: which verb? see %s --help"),
			    b.s, tool->name);
		else
			rc = pm_err_set(&ctx.err, PM_EX_USAGE, _("unknown verb '%.40s'; see %s --help"),
			    b.s, tool->name);
		pm_buf_free(&b);
		goto out;
	}
	snprintf(verbname, sizeof verbname, "%s%s%s", v->kind ? v->kind : "", v->kind ? " " : "",
	    v->name);
	ctx.verb = verbname;
	ctx.bootstrap = (v->flags & PM_V_BOOTSTRAP) != 0;
	if (g.help) {
		verb_help(stdout, tool, v);
		goto out;
	}
	/* -n promises that nothing changes: a writer that cannot keep the
	 * promise refuses it rather than write anyway */
	if (g.dry_run && (v->flags & (PM_V_WRITE | PM_V_CREATE | PM_V_NOTXN)) &&
	    !(v->flags & PM_V_DRYRUN) && !(v->flags & PM_V_NODB)) {
		rc = pm_err_set(&ctx.err, PM_EX_USAGE, _("-n: %s has no dry run (it would change "
		    "the database)"), verbname);
		goto out;
	}
	if ((v->flags & PM_V_CONFIGARG) && nrest - vi >= 2 && rest[vi + 1][0] != '-')
		g.cfgarg = rest[vi + 1];
	if ((rc = setup(&ctx, &g, v)) != 0)
		goto out;
	rc = run_verb(&ctx, v, nrest - vi, rest + vi);
	if (rc != 0 && (v->flags & PM_V_CREATE) && ctx.db != NULL) {
		pm_db_discard(ctx.db);
		ctx.db = NULL;
	}
out:
	if (rc == 0) {
		rc = finish_stdout(&ctx.err);
	} else {
		finish_stdout(&ctx.err);
	}
	/* a warning from lib (an uncovered calendar year), once per command */
	if (ctx.warn[0] != '\0')
		fprintf(stderr, _("%s: warning: %s\n"), tool->name, ctx.warn);
	if (rc != 0 && rc != PM_EX_NOTFOUND) {
		if (ctx.err.msg[0] == '\0')
			pm_err_set(&ctx.err, rc, "%s", pm_err_name(rc));
		fprintf(stderr, "%s: %s\n", tool->name, ctx.err.msg);
		if (rc == PM_EX_USAGE && v != NULL)
			verb_usage_line(stderr, tool, v);
	}
	if (ctx.out != NULL)
		pm_out_free(ctx.out);
	pm_hooks_free(ctx.hooks);
	pm_db_close(ctx.db);
	pm_config_free(ctx.cfg);
	free(rest);
	switch (rc) {
	case PM_OK: case PM_EX_NOTFOUND: case PM_EX_USAGE: case PM_EX_DATAERR:
	case PM_EX_NOINPUT: case PM_EX_UNAVAILABLE: case PM_EX_SOFTWARE:
	case PM_EX_CANTCREAT: case PM_EX_IOERR: case PM_EX_NOPERM: case PM_EX_CONFIG:
		return rc;
	default:
		return PM_EX_SOFTWARE;
	}
}
