/*
 * pm-report — the monthly summary for management review: complaints,
 * maintenance, patrols and safety, fees and improvement actions, each
 * figure beside last month and the same month a year before, held
 * against the KPI targets of config; and the company's report merged
 * from several databases' JSON.
 *
 *	pm-report monthly [--month M] [--site S]     -o text|md|html|json
 *	pm-report kpi [--month M] [--site S]         -o table|tsv|csv|json
 *	pm-report merge FILE...                      -o text|md|html|json
 *
 * The figures are lib/domain/report.c's sections on lib/mech/figure.c;
 * this file turns argv into calls and the report into output.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "doc.h"
#include "figure.h"
#include "org_perm.h"
#include "report.h"

#define OFF(T, f) offsetof(T, f)

struct month_args { const char *month, *site; };
#define MA(f) OFF(struct month_args, f)

static const pm_opt month_opts[] = {
	{ PM_OPT("month", PM_O_STR, MA(month), "YYYY-MM|this|last",
	  N_("the month reported (default last)")) },
	{ PM_OPT("site", PM_O_STR, MA(site), "CODE",
	  N_("only site CODE (default: every site)")) },
	{ .name = NULL }
};

/* The month reported: one that has begun (the month under way is a
 * report so far); a later one has no figures yet, and an empty report
 * would pass for a quiet month, so it is refused (65). */
static int
parse_month(pm_ctx *ctx, const char *s, pm_month *m)
{
	char month[16], now[16];

	if (pm_month_parse(s != NULL ? s : "last", ctx->now, m, &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--month: %s"), ctx->err.msg);
	if (pm_month_diff(pm_month_of(ctx->now), *m) > 0) {
		pm_month_format(*m, month, sizeof month);
		pm_month_format(pm_month_of(ctx->now), now, sizeof now);
		return pm_err_set(&ctx->err, PM_EX_DATAERR,
		    _("--month: %s has not begun (this month is %s)"), month, now);
	}
	return 0;
}

/* The report as the chosen format asks: JSON, or a document. */
static int
write_report(pm_ctx *ctx, const pm_figs *f, pm_month m, const char *site)
{
	char title[200], month[16];
	pm_doc *d;
	int rc;

	if (ctx->fmt == PM_FMT_JSON)
		return pm_figs_json(f, stdout, &ctx->err);
	pm_month_format(m, month, sizeof month);
	if (site != NULL)
		snprintf(title, sizeof title, _("Monthly report %s (site %s)"), month, site);
	else
		snprintf(title, sizeof title, _("Monthly report %s"), month);
	/* TRANSLATORS: the report's language tag (the HTML lang attribute) */
	d = pm_doc_new(stdout, ctx->doc, title, _("en"));
	if ((rc = pm_figs_doc(f, d, &ctx->err)) != 0) {
		pm_err e;
		pm_doc_finish(d, &e);
		return rc;
	}
	return pm_doc_finish(d, &ctx->err);
}

/* The month's report the options ask for, into *f. */
static int
month_report(pm_ctx *ctx, const struct month_args *a, pm_month *m, pm_figs **f)
{
	int rc;

	if ((rc = parse_month(ctx, a->month, m)) != 0 || (rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_report_monthly(ctx, *m, a->site, f, &ctx->err);
}

static int
do_monthly(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct month_args *a = args;
	pm_figs *f = NULL;
	pm_month m;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = month_report(ctx, a, &m, &f)) != 0)
		return rc;
	rc = write_report(ctx, f, m, a->site);
	pm_figs_free(f);
	return rc;
}

/* ---- kpi ------------------------------------------------------------------------ */

/* For people and pm-action review --kpi (tsv): value and target as
 * the report shows them ("93.50%", ">= 95.00%"), met 1/0. */
static const pm_col kpi_cols[] = {
	{ "kpi", PM_C_TEXT, 0, 0, PM_COL_KEY },
	{ "value", PM_C_TEXT, 0, 0, 0 },
	{ "target", PM_C_TEXT, 0, 0, 0 },
	{ "met", PM_C_BOOL, 0, 0, 0 },
};

/* For programs (-o json): the types of monthly -o json's kpi entries —
 * numbers in the figure's stored unit, value null when there is no
 * figure, met a boolean. */
static const pm_col kpi_json_cols[] = {
	{ "kpi", PM_C_TEXT, 0, 0, PM_COL_KEY },
	{ "op", PM_C_TEXT, 0, 0, 0 },
	{ "target", PM_C_INT, 0, 0, 0 },
	{ "value", PM_C_INT, 0, 0, 0 },
	{ "met", PM_C_BOOL, 0, 0, 0 },
};

static int
kpi_line(void *arg, const pm_fig_kpi *k)
{
	pm_out *o = arg;
	char target[80];

	snprintf(target, sizeof target, "%s %s", k->op, k->target);
	pm_out_text(o, 0, k->key);
	pm_out_text(o, 1, k->value);
	pm_out_text(o, 2, target);
	pm_out_int(o, 3, k->met);
	pm_out_row(o);     /* a write error is the writer's to report */
	return 0;
}

static int
kpi_json_line(void *arg, const pm_fig_kpi *k)
{
	pm_out *o = arg;

	pm_out_text(o, 0, k->key);
	pm_out_text(o, 1, k->op);
	pm_out_int(o, 2, k->target_n);
	if (k->value_set)
		pm_out_int(o, 3, k->value_n);
	pm_out_int(o, 4, k->met);
	pm_out_row(o);
	return 0;
}

static int
do_kpi(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct month_args *a = args;
	pm_figs *f = NULL;
	pm_month m;
	pm_out *o;
	int rc, missed;

	(void)argc;
	(void)argv;
	if ((rc = month_report(ctx, a, &m, &f)) != 0)
		return rc;
	if (ctx->fmt == PM_FMT_JSON) {
		o = pm_cli_out(ctx, kpi_json_cols, 5);
		missed = pm_figs_kpi(f, kpi_json_line, o, &ctx->err);
	} else {
		o = pm_cli_out(ctx, kpi_cols, 4);
		/* the "column" word for target is pm-fee's (where a payment went) */
		/* TRANSLATORS: the header of the KPI's target value (目标) */
		pm_out_header(o, 2, C_("KPI", "target"));
		missed = pm_figs_kpi(f, kpi_line, o, &ctx->err);
	}
	pm_figs_free(f);
	if (missed < 0)
		return ctx->err.status;
	return missed > 0 ? PM_EX_NOTFOUND : 0;
}

/* ---- merge ------------------------------------------------------------------------ */

/* A file whole ("-": standard input, read once), at most PM_JV_BYTES. */
static int
slurp(pm_ctx *ctx, const char *path, pm_buf *b)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int rc = 0;

	if (fp == NULL)
		return pm_err_set(&ctx->err, errno == ENOENT ? PM_EX_NOINPUT : PM_EX_IOERR,
		    "%s: %s", path, errno == ENOENT ? _("no such file") : strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		pm_buf_add(b, chunk, n);
		if (b->len > 64u * 1024 * 1024) {
			rc = pm_err_set(&ctx->err, PM_EX_DATAERR, _("%s: too large for a report"),
			    path);
			break;
		}
	}
	if (rc == 0 && ferror(fp))
		rc = pm_err_set(&ctx->err, PM_EX_IOERR, _("%s: read error"), path);
	if (fp != stdin)
		fclose(fp);
	return rc;
}

static int
do_merge(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_figs *f = NULL;
	int i, rc = 0, stdin_used = 0;
	pm_month m = { 0, 0 };
	pm_buf b;

	(void)args;
	pm_buf_init(&b);
	for (i = 0; i < argc && rc == 0; i++) {
		const char *name = strcmp(argv[i], "-") == 0 ? _("(standard input)") : argv[i];
		if (strcmp(argv[i], "-") == 0 && stdin_used++) {
			rc = pm_cli_usage(ctx, _("- (standard input) may be named once"));
			break;
		}
		pm_buf_reset(&b);
		if ((rc = slurp(ctx, argv[i], &b)) != 0)
			break;
		if (f == NULL) {
			if ((rc = pm_figs_peek_month(b.s, b.len, name, &m, &ctx->err)) != 0)
				break;
			f = pm_report_empty(m);
		}
		rc = pm_figs_merge(f, b.s, b.len, name, &ctx->err);
	}
	if (rc == 0 && f == NULL)
		rc = pm_cli_usage(ctx, _("no report to merge"));
	if (rc == 0)
		rc = pm_report_hold(ctx, f, &ctx->err);
	if (rc == 0)
		rc = write_report(ctx, f, m, NULL);
	pm_figs_free(f);
	pm_buf_free(&b);
	return rc;
}

/* ---- the verbs --------------------------------------------------------------------- */

static const pm_verb verbs[] = {
	{ .name = "monthly", .exec = do_monthly, .flags = PM_V_DOC | PM_V_DOCJSON,
	  .perm = "report.read", .opts = month_opts, .args_size = sizeof(struct month_args),
	  .help = N_("the month's report: every figure beside last month and a year ago\n"
	  "Complaints, maintenance, patrols and safety, fees, improvement actions, with the\n"
	  "KPI targets of report.kpi.  -o text, md, html (one self-contained page for A4)\n"
	  "or json (every figure, stable keys: what merge adds up).") },
	{ .name = "kpi", .exec = do_kpi, .perm = "report.read", .opts = month_opts,
	  .args_size = sizeof(struct month_args),
	  .help = N_("the month's KPIs, one a line; exit 1 when a target is missed\n"
	  "Columns: kpi value target met.  pm-action review --kpi reads -o tsv.") },
	{ .name = "merge", .exec = do_merge, .flags = PM_V_NODB | PM_V_DOC | PM_V_DOCJSON,
	  .operands = "FILE...|-", .min_ops = 1, .max_ops = -1,
	  .help = N_("add up monthly -o json reports (one per database) into one\n"
	  "The company's report from its sites': counts, money, ratios, means and\n"
	  "distributions add up exactly.  - reads a report from standard input.  -o as\n"
	  "monthly; the targets are this config's.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-report",
	N_("Reports: the monthly summary, its KPIs, the company's report merged from sites."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
