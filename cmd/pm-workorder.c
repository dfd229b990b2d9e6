/*
 * pm-workorder — the maintenance department's tool: equipment, annual
 * maintenance plans, work orders and the record of every job.
 *
 * Three kinds of verb share this binary:
 *
 *	pm-workorder equip new|list|show|set|retire|import|export
 *	pm-workorder plan load|check|run|due|calendar
 *	pm-workorder new|assign|dispatch|start|pause|resume|log|done|verify|
 *	             reopen|cancel|escalate|list|show|history|stats
 *
 * All the rules live in lib: equipment in lib/domain/equip.c (a kind of
 * the record engine), plans in lib/domain/plan.c (recurrence from
 * lib/mech/recur.c), work orders in lib/domain/workorder.c (lifecycle,
 * deadline, escalate, category, link, timeline, hooks).  This file turns
 * argv into calls and rows into output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_proc.h"
#include "cli_record.h"
#include "equip.h"
#include "org_perm.h"
#include "plan.h"
#include "plan_gen.h"
#include "workorder.h"
#include "workorder_stats.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- equipment ----------------------------------------------------------- */

/*
 * Equipment is a record kind (lib/domain/equip.h): new and set take its
 * fields as options (cli_record.h), filled by main; the code is the
 * operand, and the retirement is retire's alone.
 */
static pm_cli_rkind equip_opts;

static int
equip_put(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_rmode mode = strcmp(ctx->verb, "equip new") == 0 ? PM_PUT_NEW : PM_PUT_SET;

	return pm_cli_record_put(ctx, pm_equip_kind(), args, mode, PM_CLI_R_SITE, argc, argv);
}

struct equip_list_args { pm_equip_filter f; };
#define EL(f) OFF(struct equip_list_args, f)
#define EQUIP_SITE_OPT { .name = "site", .type = PM_O_STR, .off = EL(f.site), .arg = "CODE", \
	.help = N_("at site CODE") }

static const pm_opt equip_list_opts[] = {
	EQUIP_SITE_OPT,
	{ .name = "kind", .type = PM_O_STR, .off = EL(f.kind), .arg = "KIND",
	  .help = N_("of kind KIND or below it (电梯: every lift)") },
	{ .name = "building", .type = PM_O_STR, .off = EL(f.building), .arg = "CODE",
	  .help = N_("in building CODE") },
	{ .name = "dept", .type = PM_O_STR, .off = EL(f.dept), .arg = "CODE",
	  .help = N_("in the care of department CODE") },
	{ .name = "importance", .type = PM_O_STR, .off = EL(f.importance), .arg = "A|B|C",
	  .help = N_("of importance A, B or C") },
	{ .name = "all", .type = PM_O_FLAG, .off = EL(f.all),
	  .help = N_("retired equipment too") },
	{ .name = NULL }
};
static const pm_opt equip_show_opts[] = { EQUIP_SITE_OPT, { .name = NULL } };

/*
 * The jobs equip show and plan show print after their record, in one
 * set of columns: open ones (newest reported first), then the finished
 * ones (newest done first: the maintenance history).  A done job that
 * awaits acceptance is history, not open.
 */
static const int equip_job_cols[] = {
	PM_WC_ID, PM_WC_STATUS, PM_WC_REPORTED, PM_WC_DONE, PM_WC_TYPE, PM_WC_SOURCE,
	PM_WC_ASSIGNEE, PM_WC_WORKER, PM_WC_MINUTES, PM_WC_COST_FEN, PM_WC_TITLE
};
#define EQUIP_NJOB (int)(sizeof equip_job_cols / sizeof equip_job_cols[0])
static const int plan_job_cols[] = {
	PM_WC_ID, PM_WC_STATUS, PM_WC_OCCURRENCE, PM_WC_EQUIP, PM_WC_REPORTED, PM_WC_DONE,
	PM_WC_WORKER, PM_WC_TITLE
};
#define PLAN_NJOB (int)(sizeof plan_job_cols / sizeof plan_job_cols[0])

struct jobs_out {
	pm_wo_filter f;
	const int *map;
	int n;
	int skip_done;          /* the open section: done ones are history */
	pm_out *o;              /* text formats: made before the first row */
};

static void
job_cols(const int *map, int n, pm_col *cols)
{
	int i;

	for (i = 0; i < n; i++)
		cols[i] = pm_workorder_cols[map[i]];
}

/* The rows of j's filter into o, or (o NULL: text formats) into a
 * writer made before the first row, after a blank line. */
static int
jobs_rows(pm_ctx *ctx, pm_out *o, void *arg)
{
	struct jobs_out *j = arg;
	pm_col cols[PM_WC_N];
	pm_wo_iter *it = NULL;
	pm_wo_row row;
	int i, rc;

	j->f.cols = 0;
	for (i = 0; i < j->n; i++)
		j->f.cols |= PM_WC_BIT(j->map[i]);
	if ((rc = pm_workorder_list(ctx, &j->f, &it, &ctx->err)) != 0)
		return rc;
	while ((rc = pm_workorder_next(it, &row, &ctx->err)) == 1) {
		if (j->skip_done && strcmp(row.c[PM_WC_STATUS].s, "done") == 0)
			continue;
		if (o == NULL && j->o == NULL) {
			if ((rc = pm_out_finish(ctx->out, &ctx->err)) != 0)
				break;
			fputc('\n', stdout);
			job_cols(j->map, j->n, cols);
			j->o = pm_cli_out(ctx, cols, j->n);
		}
		if (pm_out_cells(o != NULL ? o : j->o, row.c, j->map) != 0)
			break;
	}
	pm_workorder_iter_free(it);
	return rc < 0 ? ctx->err.status : rc;
}

static int
equip_jobs_open(pm_ctx *ctx, pm_out *o, void *arg)
{
	struct jobs_out *j = arg;

	j->skip_done = 1;
	j->f.history = 0;
	return jobs_rows(ctx, o, j);
}

static int
equip_jobs_history(pm_ctx *ctx, pm_out *o, void *arg)
{
	struct jobs_out *j = arg;

	j->skip_done = 0;
	j->f.history = 1;
	return jobs_rows(ctx, o, j);
}

static void
equip_jobs_init(struct jobs_out *j, const char *site, const char *code)
{
	memset(j, 0, sizeof *j);
	j->map = equip_job_cols;
	j->n = EQUIP_NJOB;
	j->f.site = site;
	j->f.equip = code;
}

/* equip show -o json: one object, the record's fields and its jobs
 * under "open" and "history". */
static int
equip_show_json(pm_ctx *ctx, pm_equip_filter *f, const pm_rrow *row)
{
	pm_col cols[PM_R_MAXF + 2], jc[EQUIP_NJOB];
	pm_cell vals[PM_R_MAXF + 2];
	struct jobs_out j;
	pm_buf open, hist;
	int nf, rc;

	pm_buf_init(&open);
	pm_buf_init(&hist);
	equip_jobs_init(&j, f->site, f->key);
	job_cols(equip_job_cols, EQUIP_NJOB, jc);
	nf = pm_equip_cols(0, cols);
	if ((rc = pm_cli_json_rows(ctx, jc, EQUIP_NJOB, equip_jobs_open, &j, &open)) != 0 ||
	    (rc = pm_cli_json_rows(ctx, jc, EQUIP_NJOB, equip_jobs_history, &j, &hist)) != 0)
		goto out;
	memcpy(vals, row->c, (size_t)nf * sizeof *vals);
	memset(&cols[nf], 0, 2 * sizeof *cols);
	memset(&vals[nf], 0, 2 * sizeof *vals);
	cols[nf].name = "open";
	cols[nf].type = PM_C_JSON;
	cols[nf + 1].name = "history";
	cols[nf + 1].type = PM_C_JSON;
	vals[nf].s = open.s;
	vals[nf + 1].s = hist.s;
	pm_out_cells(pm_cli_out(ctx, cols, nf + 2), vals, NULL);
out:
	pm_buf_free(&open);
	pm_buf_free(&hist);
	return rc;
}

/* list, show and export: one loop, different defaults. */
static int
equip_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_equip_filter *f = &((struct equip_list_args *)args)->f;
	int is_show = strcmp(ctx->verb, "equip show") == 0;
	pm_riter *it = NULL;
	struct jobs_out j;
	pm_rrow row;
	int rc;

	if (is_show && argc > 0)
		f->key = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (is_show && (rc = pm_cli_record_site(ctx, &f->site)) != 0)
		return rc;
	if ((rc = pm_equip_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	if (is_show && ctx->fmt == PM_FMT_JSON) {
		int found = pm_record_next(it, &row, &ctx->err);

		rc = found == 1 ? equip_show_json(ctx, f, &row) : 0;
		pm_record_iter_free(it);
		if (found < 0)
			return ctx->err.status;
		if (found == 1 || rc != 0)
			return rc;
		/* none: the record front says so, as for every kind */
		if ((rc = pm_equip_list(ctx, f, &it, &ctx->err)) != 0)
			return rc;
		return pm_cli_record_print(ctx, pm_equip_kind(), it, 0, f->key);
	}
	/* show: the record's row, then its jobs after a blank line — the
	 * later module (work orders) read here, never by equip.c */
	rc = pm_cli_record_print(ctx, pm_equip_kind(), it,
	    strcmp(ctx->verb, "equip export") == 0 ? PM_R_EXPORT : 0, is_show ? f->key : NULL);
	if (rc != 0 || !is_show || ctx->fmt == PM_FMT_ID)
		return rc;
	equip_jobs_init(&j, f->site, f->key);
	if ((rc = equip_jobs_open(ctx, NULL, &j)) != 0)
		return rc;
	return equip_jobs_history(ctx, NULL, &j);
}

static int
equip_retire(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_retire(ctx, args, argv[0], pm_equip_retire);
}

static int
equip_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_import(ctx, pm_equip_kind(), args, argv[0]);
}

/* ---- plans --------------------------------------------------------------- */

static const pm_col change_cols[] = {
	{ "plan", PM_C_TEXT, 20, 0, 0 },
	{ "item", PM_C_TEXT, 24, 0, 0 },
	{ "action", PM_C_TEXT, 12, 0, 0 },
	{ "fields", PM_C_LIST, 40, 0, 0 },
	{ "id", PM_C_ID, 10, 0, PM_COL_KEY },
	{ "version", PM_C_INT, 0, 0, 0 },
};

static int
change_row(void *arg, const pm_plan_change *c)
{
	pm_out *o = arg;
	char id[32];

	snprintf(id, sizeof id, "M%lld", (long long)c->id);
	pm_out_text(o, 0, c->plan);
	pm_out_text(o, 1, c->key);
	pm_out_text(o, 2, c->action);
	pm_out_text(o, 3, c->fields);
	pm_out_text(o, 4, id);
	pm_out_int(o, 5, c->version);
	return pm_out_row(o);
}

static const pm_col breach_cols[] = {
	{ "plan", PM_C_TEXT, 20, 0, 0 },
	{ "item", PM_C_TEXT, 24, 0, 0 },
	{ "equipment", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "kind", PM_C_TEXT, 20, 0, 0 },
	{ "task", PM_C_TEXT, 10, 0, 0 },
	{ "rule", PM_C_TEXT, 16, 0, 0 },
	{ "max", PM_C_TEXT, 8, 0, 0 },
	{ "gap", PM_C_SPAN, 0, 0, 0 },
	{ "from", PM_C_DATE, 0, 0, 0 },
	{ "to", PM_C_DATE, 0, 0, 0 },
	{ "breach", PM_C_BOOL, 0, 0, 0 },
	{ "exempt", PM_C_TEXT, 30, 0, 0 },
};

static int
breach_row(void *arg, const pm_plan_breach *b)
{
	pm_out *o = arg;

	pm_out_text(o, 0, b->plan);
	pm_out_text(o, 1, b->item);
	pm_out_text(o, 2, b->equipment);
	pm_out_text(o, 3, b->kind);
	pm_out_text(o, 4, b->task);
	pm_out_text(o, 5, b->rule);
	pm_out_text(o, 6, b->max);
	pm_out_int(o, 7, b->gap);
	pm_out_int(o, 8, b->from);
	pm_out_int(o, 9, b->to);
	pm_out_int(o, 10, b->breach);
	pm_out_text(o, 11, b->exempt);
	return pm_out_row(o);
}

/* plan load's warning: one line per breach on stderr. */
static int
breach_warn(void *arg, const pm_plan_breach *b)
{
	pm_ctx *ctx = arg;
	char from[16], to[16];

	pm_time_format(b->from, PM_TF_DATE, from, sizeof from);
	pm_time_format(b->to, PM_TF_DATE, to, sizeof to);
	fprintf(stderr, _("%s: warning: plan %s item %s equipment %s: %s to %s is longer than "
	    "%s allows (%s)\n"), ctx->tool, b->plan, b->item, b->equipment, from, to, b->rule,
	    b->max);
	return 0;
}

struct plan_load_args {
	int quiet;
};

static const pm_opt plan_load_opts[] = {
	{ PM_OPT("quiet", PM_O_FLAG, OFF(struct plan_load_args, quiet), NULL,
	  N_("print only the items that changed")) },
	{ .name = NULL }
};

struct load_out {
	pm_out *o;
	int quiet;
};

static int
load_row(void *arg, const pm_plan_change *c)
{
	struct load_out *lo = arg;

	if (lo->quiet && strcmp(c->action, "unchanged") == 0)
		return 0;
	return change_row(lo->o, c);
}

static int
do_plan_load(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_load_args *a = args;
	pm_plan_def *def = NULL;
	pm_plan_counts n;
	struct load_out lo;
	int64_t nb;
	int rc;

	(void)argc;
	/* the permission first: a clerk who may not load plans learns
	 * that, not what is wrong with the file */
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_plan_read(argv[0], &def, &ctx->err)) != 0)
		return rc;
	lo.o = pm_cli_out(ctx, change_cols, 6);
	lo.quiet = a->quiet;
	if ((rc = pm_plan_load(ctx, def, argv[0], load_row, &lo, &n, &ctx->err)) != 0)
		goto out;
	/* the interval rules warn; the plan is loaded all the same */
	rc = pm_plan_check(ctx, def->code, 0, breach_warn, ctx, &nb, &ctx->err);
out:
	pm_plan_def_free(def);
	return rc;      /* -n: cli takes it all back (PM_V_DRYRUN) */
}

struct plan_check_args {
	int all;
	const char *plan;
};

static const pm_opt plan_check_opts[] = {
	{ PM_OPT("all", PM_O_FLAG, OFF(struct plan_check_args, all), NULL,
	  N_("list every item, equipment and rule checked, not only the breaches")) },
	{ PM_OPT("plan", PM_O_STR, OFF(struct plan_check_args, plan), "CODE",
	  N_("only this plan")) },
	{ .name = NULL }
};

static int
do_plan_check(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_check_args *a = args;
	pm_plan_def *def = NULL;
	pm_plan_counts n;
	const char *plan = a->plan;
	int64_t nb = 0;
	int rc;

	/* FILE is loaded into the command's transaction and checked there:
	 * nothing is ever kept */
	ctx->dry_run = 1;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (argc == 1 && (rc = pm_plan_read(argv[0], &def, &ctx->err)) != 0))
		return rc;
	if (def != NULL) {
		if ((rc = pm_plan_load(ctx, def, argv[0], NULL, NULL, &n, &ctx->err)) != 0)
			goto out;
		plan = def->code;
	}
	rc = pm_plan_check(ctx, plan, a->all, breach_row, pm_cli_out(ctx, breach_cols, 12), &nb,
	    &ctx->err);
	if (rc == 0 && nb > 0)
		rc = PM_EX_NOTFOUND;    /* like a linter: 1 when anything breaks a rule */
out:
	pm_plan_def_free(def);
	return rc;
}

struct plan_exempt_args {
	const char *rule, *max, *reason, *site;
};

static const pm_opt plan_exempt_opts[] = {
	{ PM_OPT("rule", PM_O_STR, OFF(struct plan_exempt_args, rule), "RULE",
	  N_("the interval rule overridden (its id)")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("max", PM_O_STR, OFF(struct plan_exempt_args, max), "SPAN",
	  N_("the longest interval allowed for this equipment instead")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("reason", PM_O_TEXT, OFF(struct plan_exempt_args, reason), "TEXT",
	  N_("why (the exemption's reference)")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, OFF(struct plan_exempt_args, site), "SITE",
	  N_("the equipment's site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_plan_exempt(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_exempt_args *a = args;
	int rc;

	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_plan_exempt(ctx, a->site, argv[0], a->rule, a->max, a->reason, &ctx->err);
}

static const pm_col item_cols[] = {
	{ "id", PM_C_ID, 8, 0, PM_COL_KEY },
	{ "plan", PM_C_TEXT, 16, 0, 0 },
	{ "item", PM_C_TEXT, 20, 0, 0 },
	{ "site", PM_C_TEXT, 10, 0, 0 },
	{ "title", PM_C_TEXT, 24, 0, 0 },
	{ "task", PM_C_TEXT, 10, 0, 0 },
	{ "covers", PM_C_TEXT, 24, 0, 0 },
	{ "recurrence", PM_C_TEXT, 30, 0, 0 },
	{ "anchor", PM_C_TEXT, 10, 0, 0 },
	{ "shift", PM_C_TEXT, 8, 0, 0 },
	{ "start", PM_C_TEXT, 10, 0, 0 },
	{ "lead", PM_C_SPAN, 0, 0, 0 },
	{ "dept", PM_C_TEXT, 10, 0, 0 },
	{ "person", PM_C_TEXT, 12, 0, 0 },
	{ "minutes", PM_C_INT, 0, 0, 0 },
	{ "version", PM_C_INT, 0, 0, 0 },
	{ "active", PM_C_BOOL, 0, 0, 0 },
	{ "checklist", PM_C_JSON, 40, 0, 0 },
};
#define NITEM_COLS ((int)(sizeof item_cols / sizeof item_cols[0]))

static void
item_cells(pm_out *o, const pm_plan_item *it)
{
	char id[32];

	snprintf(id, sizeof id, "M%lld", (long long)it->id);
	pm_out_text(o, 0, id);
	pm_out_text(o, 1, it->plan);
	pm_out_text(o, 2, it->key);
	pm_out_text(o, 3, it->site);
	pm_out_text(o, 4, it->title);
	pm_out_text(o, 5, it->task);
	pm_out_text(o, 6, it->kind != NULL ? it->kind : it->equipment);
	pm_out_text(o, 7, it->recurrence);
	pm_out_text(o, 8, pm_recur_mode_name(it->anchor.mode));
	pm_out_text(o, 9, pm_recur_shift_name(it->anchor.shift));
	{
		char d[16];
		pm_time_format(it->anchor.start, PM_TF_DATE, d, sizeof d);
		pm_out_text(o, 10, d);
	}
	pm_out_int(o, 11, it->lead);
	pm_out_text(o, 12, it->dept);
	pm_out_text(o, 13, it->person);
	if (it->minutes > 0)
		pm_out_int(o, 14, it->minutes);
	pm_out_int(o, 15, it->version);
	pm_out_int(o, 16, it->active);
	pm_out_text(o, 17, it->checklist);
}

static int
item_row(void *arg, const pm_plan_item *it)
{
	item_cells(arg, it);
	return pm_out_row(arg);
}

struct plan_list_args {
	int all;
	const char *plan;
};

static const pm_opt plan_list_opts[] = {
	{ PM_OPT("all", PM_O_FLAG, OFF(struct plan_list_args, all), NULL,
	  N_("deactivated items too")) },
	{ PM_OPT("plan", PM_O_STR, OFF(struct plan_list_args, plan), "CODE",
	  N_("only this plan")) },
	{ .name = NULL }
};

static int
do_plan_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_list_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_plan_items_each(ctx, a->plan, a->all, item_row,
	    pm_cli_out(ctx, item_cols, NITEM_COLS), &ctx->err);
}

/* plan show: the item's row (and its jobs as "jobs" in json). */
struct plan_show {
	pm_out *o;              /* NULL: only learn the item's id */
	const char *jobs;
	int64_t id;
};

static int
plan_show_row(void *arg, const pm_plan_item *it)
{
	struct plan_show *ps = arg;

	ps->id = it->id;
	if (ps->o == NULL)
		return 0;
	item_cells(ps->o, it);
	if (ps->jobs != NULL)
		pm_out_text(ps->o, NITEM_COLS, ps->jobs);
	return pm_out_row(ps->o);
}

static int
do_plan_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_col cols[NITEM_COLS + 1], jc[PLAN_NJOB];
	struct plan_show ps;
	struct jobs_out j;
	pm_buf jobs;
	int rc;

	(void)args;
	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&ps, 0, sizeof ps);
	memset(&j, 0, sizeof j);
	j.map = plan_job_cols;
	j.n = PLAN_NJOB;
	if (ctx->fmt != PM_FMT_JSON) {
		ps.o = pm_cli_out(ctx, item_cols, NITEM_COLS);
		if ((rc = pm_plan_item_find(ctx, argv[0], plan_show_row, &ps, &ctx->err)) != 0 ||
		    ctx->fmt == PM_FMT_ID)
			return rc;
		j.f.plan_item = ps.id;
		return jobs_rows(ctx, NULL, &j);
	}
	/* json: one object, the item's fields and its jobs */
	if ((rc = pm_plan_item_find(ctx, argv[0], plan_show_row, &ps, &ctx->err)) != 0)
		return rc;
	j.f.plan_item = ps.id;
	job_cols(plan_job_cols, PLAN_NJOB, jc);
	pm_buf_init(&jobs);
	if ((rc = pm_cli_json_rows(ctx, jc, PLAN_NJOB, jobs_rows, &j, &jobs)) == 0) {
		memcpy(cols, item_cols, sizeof item_cols);
		memset(&cols[NITEM_COLS], 0, sizeof cols[0]);
		cols[NITEM_COLS].name = "jobs";
		cols[NITEM_COLS].type = PM_C_JSON;
		ps.o = pm_cli_out(ctx, cols, NITEM_COLS + 1);
		ps.jobs = jobs.s;
		rc = pm_plan_item_find(ctx, argv[0], plan_show_row, &ps, &ctx->err);
	}
	pm_buf_free(&jobs);
	return rc;
}

/*
 * plan run / due / calendar: one row per occurrence.  The key is the
 * occurrence's UID (item, equipment, occurrence key: the same event in
 * every feed and on every refresh); an all-day occurrence starts at its
 * date, a timed one at its time (out.h: the first START set).
 */
static const pm_col occ_cols[] = {
	{ "uid", PM_C_ID, 24, 0, PM_COL_KEY },
	{ "time", PM_C_TIME, 0, 0, PM_COL_START },
	{ "date", PM_C_DATE, 0, 0, PM_COL_START },
	{ "due", PM_C_TIME, 0, 0, 0 },
	{ "plan", PM_C_TEXT, 16, 0, 0 },
	{ "item", PM_C_TEXT, 20, 0, 0 },
	{ "site", PM_C_ID, 10, 0, PM_COL_LOCATION },
	{ "equipment", PM_C_ID, 16, 0, PM_COL_SUMMARY | PM_COL_LOCATION },
	{ "kind", PM_C_TEXT, 16, 0, 0 },
	{ "title", PM_C_TEXT, 24, 0, PM_COL_SUMMARY },
	{ "occurrence", PM_C_TEXT, 16, 0, 0 },
	{ "job", PM_C_ID, 10, 0, 0 },
	{ "status", PM_C_TEXT, 12, 0, 0 },
};
#define NOCC_COLS ((int)(sizeof occ_cols / sizeof occ_cols[0]))

static int
occ_row(void *arg, const pm_plan_occ *o)
{
	pm_out *out = arg;
	char w[24];

	pm_out_text(out, 0, o->uid);
	if (o->timed)
		pm_out_int(out, 1, o->at);
	pm_out_int(out, 2, o->at);
	pm_out_int(out, 3, o->due);
	pm_out_text(out, 4, o->it->plan);
	pm_out_text(out, 5, o->it->key);
	pm_out_text(out, 6, o->it->site);
	pm_out_text(out, 7, o->equip);
	pm_out_text(out, 8, o->kind);
	pm_out_text(out, 9, o->it->title);
	pm_out_text(out, 10, o->key);
	if (o->w.type != 0) {
		pm_id_format(o->w, w, sizeof w);
		pm_out_text(out, 11, w);
	}
	pm_out_text(out, 12, o->status);
	return pm_out_row(out);
}

struct plan_run_args {
	pm_time through;
	int has_through;
	int list;
};

static const pm_opt plan_run_opts[] = {
	{ PM_OPT("through", PM_O_TIME, OFF(struct plan_run_args, through), "DATE",
	  N_("make the jobs falling due through the end of DATE (default today)")),
	  .has = PM_HAS(struct plan_run_args, has_through) },
	{ PM_OPT("list", PM_O_FLAG, OFF(struct plan_run_args, list), NULL,
	  N_("print a row for each job made (-n: each it would make)")) },
	{ .name = NULL }
};

static int
do_plan_run(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_run_args *a = args;
	pm_out *o = NULL;
	int64_t made;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (a->list || ctx->dry_run)
		o = pm_cli_out(ctx, occ_cols, NOCC_COLS);
	return pm_plan_gen_run(ctx, a->has_through ? a->through : ctx->now, o != NULL ? occ_row :
	    NULL, o, &made, &ctx->err);     /* -n: cli takes it all back (PM_V_DRYRUN) */
}

struct plan_due_args {
	int64_t within;
	pm_plan_gen_filter f;
};

static const pm_opt plan_due_opts[] = {
	{ PM_OPT("within", PM_O_SPAN, OFF(struct plan_due_args, within), "SPAN",
	  N_("due from now to SPAN from now (default 7d)")) },
	{ PM_OPT("plan", PM_O_STR, OFF(struct plan_due_args, f.plan), "CODE",
	  N_("only this plan")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct plan_due_args, f.site), "CODE",
	  N_("only items at this site")) },
	{ .name = NULL }
};

static int
do_plan_due(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_due_args *a = args;
	int64_t within = a->within > 0 ? a->within : 7 * INT64_C(86400);
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_plan_gen_due(ctx, &a->f, ctx->now, ctx->now + within, occ_row,
	    pm_cli_out(ctx, occ_cols, NOCC_COLS), &ctx->err);
}

struct plan_calendar_args {
	int year;
	pm_plan_gen_filter f;
};

static const pm_opt plan_calendar_opts[] = {
	{ PM_OPT("year", PM_O_INT, OFF(struct plan_calendar_args, year), "YEAR",
	  N_("the year (default this year)")), .min = 1970, .max = 9999 },
	{ PM_OPT("plan", PM_O_STR, OFF(struct plan_calendar_args, f.plan), "CODE",
	  N_("only this plan")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct plan_calendar_args, f.site), "CODE",
	  N_("only items at this site")) },
	{ .name = NULL }
};

static int
do_plan_calendar(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct plan_calendar_args *a = args;
	int year = a->year;
	pm_tm tm;
	int rc;

	(void)argc;
	(void)argv;
	if (year == 0) {
		pm_time_local(ctx->now, &tm);
		year = tm.year;
	}
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_plan_gen_calendar(ctx, &a->f, year, occ_row, pm_cli_out(ctx, occ_cols, NOCC_COLS),
	    &ctx->err);
}

/* ---- work orders --------------------------------------------------------- */

struct wo_new_args {
	pm_wo_in in;
	const char *from;
	pm_strv checklist;
};
#define WN(f) OFF(struct wo_new_args, f)

static const pm_opt wo_new_opts[] = {
	{ PM_OPT("title", PM_O_STR, WN(in.title), "TEXT",
	  "what is wrong, in a line (required unless --from gives one)") },
	{ PM_OPT("text", PM_O_TEXT, WN(in.text), "TEXT",
	  "more about it") },
	{ PM_OPT("site", PM_O_STR, WN(in.site), "CODE",
	  "the site (default: the only active one)") },
	{ PM_OPT("equip", PM_O_STR, WN(in.equip), "CODE",
	  "the equipment at fault"), .field = "equipment" },
	{ PM_OPT("unit", PM_O_STR, WN(in.unit), "CODE",
	  "the unit it is in") },
	{ PM_OPT("place", PM_O_STR, WN(in.place), "TEXT",
	  "a public place instead of a unit") },
	{ PM_OPT("type", PM_O_STR, WN(in.type), "PATH",
	  "fault type, e.g. 电梯/困人 (default 其他)") },
	{ PM_OPT("priority", PM_O_WORD, WN(in.priority), "P",
	  "urgent, high, normal or low (default: the type's)"), .choices = PM_PRIORITIES },
	{ PM_OPT("dept", PM_O_STR, WN(in.dept), "CODE",
	  "the responsible department (default: the equipment's, else workorder.dept)") },
	{ PM_OPT("from", PM_O_STR, WN(from), "ID",
	  "the record it comes from: a contact C12, a hazard H3") },
	{ PM_OPT("check", PM_O_STR, WN(checklist), "ITEM",
	  "a checklist item to check at done (repeatable)"), .flags = PM_OF_REPEAT },
	{ PM_OPT("charge", PM_O_MONEY, WN(in.charge), "AMOUNT",
	  "a paid repair (有偿维修): what the owner pays"), .has = PM_HAS(struct wo_new_args, in.has_charge) },
	{ PM_OPT("reported", PM_O_TIME, WN(in.reported), "TIME",
	  "when it was reported (default now)"), .has = PM_HAS(struct wo_new_args, in.has_reported) },
	{ .name = NULL }
};

static int
do_wo_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct wo_new_args *a = args;
	int existed, rc;
	pm_id id;

	(void)argc;
	(void)argv;
	if (a->from != NULL && pm_id_parse(a->from, 0, &a->in.from, &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--from: %s"), ctx->err.msg);
	a->in.checklist = a->checklist.v;
	a->in.nchecklist = a->checklist.n;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_workorder_new(ctx, &a->in, &id, &existed, &ctx->err)) != 0)
		return rc;
	pm_cli_new_id(ctx, id);
	return 0;
}

/* What one run of a changing verb applies to each job. */
struct wo_each {
	pm_wo_act act;
	pm_strv parts, checks;
	pm_out *o;
};
#define WE(f) OFF(struct wo_each, f)
#define WAT { PM_OPT("at", PM_O_TIME, WE(act.at), "TIME", "when it happened (default now)"), \
	.has = PM_HAS(struct wo_each, act.has_at) }

static const pm_opt wo_assign_opts[] = {
	{ PM_OPT("to", PM_O_STR, WE(act.to), "LOGIN",
	  "the person who does the job") },
	{ PM_OPT("dept", PM_O_STR, WE(act.dept), "CODE",
	  "the department that does it") },
	WAT, { .name = NULL }
};
static const pm_opt wo_at_opts[] = { WAT, { .name = NULL } };
static const pm_opt wo_note_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, WE(act.text), "NOTE", "a note") },
	WAT, { .name = NULL }
};
static const pm_opt wo_reason_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, WE(act.text), "TEXT",
	  "why"), .flags = PM_OF_REQUIRED, .field = "text" },
	WAT, { .name = NULL }
};
static const pm_opt wo_done_opts[] = {
	{ PM_OPT("work", PM_O_TEXT, WE(act.text), "TEXT",
	  "what was done"), .flags = PM_OF_REQUIRED, .field = "work" },
	{ PM_OPT("minutes", PM_O_COUNT, WE(act.minutes), "N",
	  "minutes worked"), .has = PM_HAS(struct wo_each, act.has_minutes) },
	{ PM_OPT("part", PM_O_STR, WE(parts), "NAME:QTY:PRICE",
	  "a part used: name, quantity, unit price (repeatable)"), .flags = PM_OF_REPEAT },
	{ PM_OPT("cost", PM_O_MONEY, WE(act.cost), "AMOUNT",
	  "the job's cost (default: the parts')"), .has = PM_HAS(struct wo_each, act.has_cost) },
	{ PM_OPT("check", PM_O_STR, WE(checks), "ITEM=RESULT[:NOTE]",
	  "a checklist result: pass, flag or fail (repeatable)"), .flags = PM_OF_REPEAT },
	{ PM_OPT("charge", PM_O_MONEY, WE(act.charge), "AMOUNT",
	  "a paid repair (有偿维修): what the owner pays"), .has = PM_HAS(struct wo_each, act.has_charge) },
	WAT, { .name = NULL }
};
static const pm_opt wo_verify_opts[] = {
	{ PM_OPT("fail", PM_O_FLAG, WE(act.fail), NULL,
	  "the work is not accepted: back to the worker") },
	{ PM_OPT("reason", PM_O_TEXT, WE(act.text), "TEXT",
	  "why (required with --fail)"), .field = "text" },
	WAT, { .name = NULL }
};

static const pm_col wo_act_cols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "status", PM_C_TEXT, 0, 0, 0 },
	{ "assignee", PM_C_ID, 0, 0, 0 }
};

static int
wo_act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct wo_each *e = arg;
	pm_wo_filter f;
	pm_wo_iter *it = NULL;
	pm_wo_row row;
	int rc;

	if ((rc = pm_workorder_act(ctx, ctx->verb, id, &e->act, &ctx->err)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.one = id.n;
	f.cols = PM_WC_BIT(PM_WC_ID) | PM_WC_BIT(PM_WC_STATUS) | PM_WC_BIT(PM_WC_ASSIGNEE);
	if ((rc = pm_workorder_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	if ((rc = pm_workorder_next(it, &row, &ctx->err)) == 1) {
		static const int map[] = { PM_WC_ID, PM_WC_STATUS, PM_WC_ASSIGNEE };
		rc = 0;
		pm_out_cells(e->o, row.c, map);
	} else {
		rc = rc < 0 ? ctx->err.status : 0;
	}
	pm_workorder_iter_free(it);
	return rc;
}

static int
do_wo_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct wo_each *e = args;
	int rc;

	if (e->act.fail && e->act.text == NULL)
		return pm_cli_usage(ctx, _("verify --fail: --reason is required"));
	e->act.parts = e->parts.v;
	e->act.nparts = e->parts.n;
	e->act.checks = e->checks.v;
	e->act.nchecks = e->checks.n;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	e->o = pm_cli_out(ctx, wo_act_cols, 3);
	return pm_cli_each_id(ctx, argc, argv, stdin, 'W', wo_act_one, e);
}

static int
do_wo_escalate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return pm_cli_escalate(ctx, argc, argv, 'W', pm_workorder_escalate);
}

/* The columns list and history print, in this order. */
static const int wo_list_cols[] = {
	PM_WC_ID, PM_WC_REPORTED, PM_WC_STATUS, PM_WC_PRIORITY, PM_WC_TYPE, PM_WC_SITE,
	PM_WC_EQUIP, PM_WC_UNIT, PM_WC_PLACE, PM_WC_SOURCE, PM_WC_DEPT, PM_WC_ASSIGNEE,
	PM_WC_DUE, PM_WC_LEVEL, PM_WC_TITLE
};
#define WO_NLIST (int)(sizeof wo_list_cols / sizeof wo_list_cols[0])
static const int wo_history_cols[] = {
	PM_WC_ID, PM_WC_DONE, PM_WC_STATUS, PM_WC_TYPE, PM_WC_SOURCE, PM_WC_WORKER,
	PM_WC_MINUTES, PM_WC_COST_FEN, PM_WC_TITLE, PM_WC_WORK
};
#define WO_NHISTORY (int)(sizeof wo_history_cols / sizeof wo_history_cols[0])

struct wo_list_args { pm_wo_filter f; int has_limit; };
#define WL(f) OFF(struct wo_list_args, f)

static const pm_opt wo_list_opts[] = {
	{ PM_OPT("status", PM_O_STR, WL(f.status), "S",
	  "one state, or open (the default)") },
	{ PM_OPT("assignee", PM_O_STR, WL(f.assignee), "LOGIN",
	  "assigned to LOGIN") },
	{ PM_OPT("dept", PM_O_STR, WL(f.dept), "CODE",
	  "of department CODE") },
	{ PM_OPT("equip", PM_O_STR, WL(f.equip), "CODE",
	  "on the equipment CODE"), .field = "equipment" },
	{ PM_OPT("site", PM_O_STR, WL(f.site), "CODE",
	  "at site CODE") },
	{ PM_OPT("source", PM_O_STR, WL(f.source), "SRC",
	  "plan, staff, an ID letter (C, H, W) or an ID (C12)") },
	{ PM_OPT("type", PM_O_STR, WL(f.type), "PATH",
	  "of the fault type (and below it)") },
	{ PM_OPT("overdue", PM_O_FLAG, WL(f.overdue), NULL,
	  "only jobs past their due time") },
	{ PM_OPT("due-within", PM_O_SPAN, WL(f.due_within), "SPAN",
	  "only jobs due within SPAN") },
	{ PM_OPT("limit", PM_O_COUNT, WL(f.limit), "N",
	  "at most N rows (0: all; default 50 in a terminal table)"), .has = PM_HAS(struct wo_list_args, has_limit) },
	{ PM_OPT("all", PM_O_FLAG, WL(f.all), NULL,
	  "every state, verified and cancelled ones too") },
	{ .name = NULL }
};
static const pm_opt wo_history_opts[] = {
	{ PM_OPT("equip", PM_O_STR, WL(f.equip), "CODE",
	  "the equipment"), .flags = PM_OF_REQUIRED, .field = "equipment" },
	{ PM_OPT("site", PM_O_STR, WL(f.site), "CODE",
	  "its site (default: the only active one)") },
	{ PM_OPT("limit", PM_O_COUNT, WL(f.limit), "N",
	  "at most N rows (0: all)"), .has = PM_HAS(struct wo_list_args, has_limit) },
	{ .name = NULL }
};

static int
do_wo_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct wo_list_args *a = args;
	pm_wo_filter *f = &a->f;
	int history = strcmp(ctx->verb, "history") == 0;
	const int *map = history ? wo_history_cols : wo_list_cols;
	int n = history ? WO_NHISTORY : WO_NLIST, rc;
	pm_col cols[WO_NLIST];
	pm_wo_iter *it = NULL;
	pm_wo_row row;
	pm_out *o;

	(void)argc;
	(void)argv;
	f->history = history;
	if (!a->has_limit)
		f->limit = pm_cli_list_limit(ctx, f->overdue || f->due_within != 0);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f->cols = pm_cli_list_cols(ctx, pm_workorder_cols, map, n, PM_WC_ID, cols);
	if ((rc = pm_workorder_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, n);
	while ((rc = pm_workorder_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, map) != 0)
			break;
	pm_workorder_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_wo_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_wo_filter f;
	pm_wo_iter *it = NULL;
	pm_wo_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	memset(&f, 0, sizeof f);
	if (pm_id_parse(argv[0], 'W', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f.one = id.n;
	f.cols = ~UINT64_C(0);
	if ((rc = pm_workorder_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_workorder_next(it, &row, &ctx->err), pm_workorder_cols,
	    PM_WC_N, row.c, "workorder", id, _("work order %s: no such work order"));
	pm_workorder_iter_free(it);
	return rc;
}

/* stats: one writer for every section (the same columns), so a table
 * aligns them all and a pipe reads one stream of rows. */
struct wo_stats_args { const char *month, *by; pm_wo_stats_q q; };
#define WS(f) OFF(struct wo_stats_args, f)

static const pm_opt wo_stats_opts[] = {
	{ PM_OPT("month", PM_O_STR, WS(month), "YYYY-MM|this|last",
	  "one month (default this)") },
	{ PM_OPT("site", PM_O_STR, WS(q.site), "CODE",
	  "only the jobs at site CODE") },
	{ PM_OPT("dept", PM_O_STR, WS(q.dept), "CODE",
	  "only the jobs of department CODE") },
	{ PM_OPT("by", PM_O_STR, WS(by), "LIST",
	  "sections, comma-separated: all, source, type, dept, site, equip "
	  "(default all,source,type,dept,equip)") },
	{ .name = NULL }
};

static int
do_wo_stats(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct wo_stats_args *a = args;
	pm_wo_stats_by by[PM_WS_NBY];
	pm_wo_stats_iter *it = NULL;
	pm_wo_stats_row row;
	pm_out *o;
	int i, n, rc = 0;

	(void)argc;
	(void)argv;
	if (pm_month_parse(a->month != NULL ? a->month : "this", ctx->now, &a->q.month,
	    &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--month: %s"), ctx->err.msg);
	if ((rc = pm_workorder_stats_by_list(a->by, by, &n, &ctx->err)) != 0 ||
	    (rc = pm_cli_begin(ctx)) != 0)
		return rc;
	o = pm_cli_out(ctx, pm_workorder_stats_cols, PM_WS_NCOL);
	for (i = 0; i < n && !pm_out_closed(o); i++) {
		if ((rc = pm_workorder_stats(ctx, &a->q, by[i], &it, &ctx->err)) != 0)
			return rc;
		while ((rc = pm_workorder_stats_next(it, &row, &ctx->err)) == 1)
			if (pm_out_cells(o, row.c, NULL) != 0)
				break;
		pm_workorder_stats_iter_free(it);
		if (rc < 0)
			return ctx->err.status;
	}
	return 0;
}

#define WO_IDS .operands = "ID...|-", .min_ops = 1, .max_ops = -1
#define WO_ACT(verb, opts_, perm_, help_) { .name = verb, .exec = do_wo_act, \
	.flags = PM_V_WRITE, .perm = perm_, .opts = opts_, .args_size = sizeof(struct wo_each), \
	WO_IDS, .help = help_ }

static const pm_verb verbs[] = {
	/* equipment */
	{ .kind = "equip", .name = "new", .exec = equip_put, .flags = PM_V_WRITE,
	  .perm = "equipment.edit", .opts = equip_opts.new_opts, .args_size = sizeof(pm_rrec),
	  .operands = "CODE", .min_ops = 1, .max_ops = 1,
	  .help = N_("add equipment\nPrints its code.  --site may be left out when one site is "
	  "active; --importance\ndefaults to the kind's.") },
	{ .kind = "equip", .name = "list", .exec = equip_list, .opts = equip_list_opts,
	  .args_size = sizeof(struct equip_list_args),
	  .help = N_("list equipment in service (--all: retired too)\nColumns: site code name "
	  "kind building floor place vendor contractor installed\nwarranty_end life_years "
	  "importance dept responsible retired retire_reason.") },
	{ .kind = "equip", .name = "show", .exec = equip_list, .opts = equip_show_opts,
	  .args_size = sizeof(struct equip_list_args), .operands = "CODE", .min_ops = 1,
	  .max_ops = 1, .help = N_("show one equipment, retired or not") },
	{ .kind = "equip", .name = "set", .exec = equip_put, .flags = PM_V_WRITE,
	  .perm = "equipment.edit", .opts = equip_opts.set_opts, .args_size = sizeof(pm_rrec),
	  .operands = "CODE", .min_ops = 1, .max_ops = 1,
	  .help = N_("change equipment\nOnly the options given change; an empty value clears "
	  "a field.") },
	{ .kind = "equip", .name = "retire", .exec = equip_retire, .flags = PM_V_WRITE,
	  .perm = "equipment.edit", .opts = pm_cli_retire_opts,
	  .args_size = sizeof(pm_cli_retire_args), .operands = "CODE", .min_ops = 1,
	  .max_ops = 1, .help = N_("retire equipment: it takes no new work\nIt stays in the "
	  "records (list --all, show) with its date and reason.") },
	{ .kind = "equip", .name = "import", .exec = equip_import, .flags = PM_V_WRITE | PM_V_DRYRUN,
	  .perm = "equipment.import", .opts = pm_cli_import_opts,
	  .args_size = sizeof(pm_cli_import_args), .operands = "FILE", .min_ops = 1, .max_ops = 1,
	  .help = N_("import equipment from CSV or JSON Lines\n"
	  "All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	  "written.  Records are matched by site and code; a second run of the same\n"
	  "file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.") },
	{ .kind = "equip", .name = "export", .exec = equip_list, .opts = equip_list_opts,
	  .args_size = sizeof(struct equip_list_args),
	  .help = N_("export equipment (CSV unless -o), in the columns import reads") },
	/* plans */
	{ .kind = "plan", .name = "load", .exec = do_plan_load, .flags = PM_V_WRITE | PM_V_DRYRUN,
	  .perm = "plan.load", .opts = plan_load_opts, .args_size = sizeof(struct plan_load_args),
	  .operands = "FILE", .min_ops = 1, .max_ops = 1,
	  .help = N_("load a maintenance plan file (pm-plan(5))\n"
	  "Adds new items, updates changed ones (version + 1), deactivates items no longer\n"
	  "in the file; the same file again changes nothing.  Prints one row per item:\n"
	  "plan item action fields id version.  Items that break an interval rule are\n"
	  "warned about on stderr and loaded.  -n: say what would change, change nothing.") },
	{ .kind = "plan", .name = "check", .exec = do_plan_check, .flags = PM_V_WRITE | PM_V_DRYRUN,
	  .perm = "plan.check", .opts = plan_check_opts, .args_size = sizeof(struct plan_check_args),
	  .operands = "[FILE]", .min_ops = 0, .max_ops = 1,
	  .help = N_("check plans against the interval rules (plan.intervals)\n"
	  "Lists each item and equipment whose longest gap over two years is longer than a\n"
	  "rule or the equipment's exemption allows; FILE is checked as if loaded, and\n"
	  "nothing is written.  Exit status 1 when anything breaks a rule, 0 when clean.\n"
	  "Columns: plan item equipment kind task rule max gap from to breach exempt.") },
	{ .kind = "plan", .name = "exempt", .exec = do_plan_exempt, .flags = PM_V_WRITE,
	  .perm = "plan.exempt", .opts = plan_exempt_opts,
	  .args_size = sizeof(struct plan_exempt_args), .operands = "EQUIPMENT", .min_ops = 1,
	  .max_ops = 1,
	  .help = N_("override an interval rule for one piece of equipment, with the reason\n"
	  "Replaces an earlier exemption from the same rule; audited.") },
	{ .kind = "plan", .name = "run", .exec = do_plan_run, .flags = PM_V_WRITE | PM_V_DRYRUN,
	  .perm = "plan.run", .opts = plan_run_opts, .args_size = sizeof(struct plan_run_args),
	  .help = N_("make the work orders the plans fall due (for a daily cron job)\n"
	  "For every active item and every equipment it covers, each occurrence falling\n"
	  "through the end of DATE plus the item's lead that has no job yet; a rerun, or\n"
	  "two at once, make each job once.  Quiet on success; --list prints the jobs\n"
	  "made, -n the jobs it would make (in plan due's columns).") },
	{ .kind = "plan", .name = "due", .exec = do_plan_due, .flags = PM_V_ICS,
	  .opts = plan_due_opts, .args_size = sizeof(struct plan_due_args),
	  .help = N_("list the planned jobs due soon, made or not, by due time\n"
	  "Columns: uid time date due plan item site equipment kind title occurrence job\n"
	  "status (job and status for the jobs made).  -o ics: a calendar of them.") },
	{ .kind = "plan", .name = "calendar", .exec = do_plan_calendar, .flags = PM_V_ICS,
	  .opts = plan_calendar_opts, .args_size = sizeof(struct plan_calendar_args),
	  .help = N_("every occurrence of a year, per item and equipment\n"
	  "In plan due's columns (no job, no status); -o ics: a calendar of them (all-day\n"
	  "events for rules without a time of day), UIDs stable across runs.") },
	{ .kind = "plan", .name = "list", .exec = do_plan_list, .opts = plan_list_opts,
	  .args_size = sizeof(struct plan_list_args),
	  .help = N_("list plan items\nColumns: id plan item site title task covers recurrence "
	  "anchor shift start lead dept person minutes version active checklist.") },
	{ .kind = "plan", .name = "show", .exec = do_plan_show, .operands = "ITEM", .min_ops = 1,
	  .max_ops = 1,
	  .help = N_("show one plan item (M7, PLAN:KEY or KEY), in plan list's columns") },
	/* work orders */
	{ .name = "new", .exec = do_wo_new, .flags = PM_V_WRITE, .perm = "workorder.new",
	  .opts = wo_new_opts, .args_size = sizeof(struct wo_new_args),
	  .help = N_("open a work order and print its ID\n"
	  "The priority defaults to the fault type's; on-site and fix due times follow\n"
	  "workorder.limits.  --from C12 links the job and the contact both ways;\n"
	  "--from H7 also takes the hazard's site, place, a title and its severity's\n"
	  "priority unless given, and the job's done moves the hazard to rectified.") },
	WO_ACT("assign", wo_assign_opts, "workorder.assign",
	    N_("give jobs to a person (and their department) or a department")),
	WO_ACT("dispatch", wo_at_opts, "workorder.assign",
	    N_("give jobs to the least-loaded member of their department serving the site")),
	WO_ACT("start", wo_note_opts, "workorder.work", N_("someone is on site (the response time)")),
	WO_ACT("pause", wo_reason_opts, "workorder.work",
	    N_("pause jobs (waiting for parts): the fix limit stops")),
	WO_ACT("resume", wo_note_opts, "workorder.work",
	    N_("resume paused jobs: the fixed due time moves by the pause")),
	WO_ACT("log", wo_note_opts, "workorder.work", N_("add a note to the timeline")),
	WO_ACT("done", wo_done_opts, "workorder.work",
	    N_("record the work done, parts, cost and checklist results\n"
	    "A flagged or failed checklist item opens a follow-up work order.  A job from a\n"
	    "contact moves the contact to resolved.")),
	WO_ACT("verify", wo_verify_opts, "workorder.verify",
	    N_("accept finished jobs (验收), or send them back with --fail\n"
	    "Acceptance is by someone other than the job's worker and assignee.")),
	WO_ACT("reopen", wo_reason_opts, "workorder.close", N_("reopen verified or cancelled jobs")),
	WO_ACT("cancel", wo_reason_opts, "workorder.close", N_("cancel jobs")),
	{ .name = "escalate", .exec = do_wo_escalate, .flags = PM_V_WRITE | PM_V_BATCH,
	  .perm = "workorder.escalate", WO_IDS,
	  .help = N_("escalate late jobs one level per period of lateness\n"
	  "Prints id level responsible for each job escalated; nothing for jobs not late\n"
	  "or already at their level, so reruns change nothing.") },
	{ .name = "list", .exec = do_wo_list, .opts = wo_list_opts,
	  .args_size = sizeof(struct wo_list_args),
	  .help = N_("list work orders (open ones, the 50 newest first)\n"
	  "Columns: id reported status priority type site equip unit place source dept\n"
	  "assignee due level title.  --overdue and --due-within sort by due time.") },
	{ .name = "show", .exec = do_wo_show, .operands = "ID", .min_ops = 1, .max_ops = 1,
	  .help = N_("show a work order: its fields, checklist, parts, timeline and links") },
	{ .name = "stats", .exec = do_wo_stats, .opts = wo_stats_opts,
	  .args_size = sizeof(struct wo_stats_args),
	  .help = N_("the month's figures: jobs, plan completion, times, failures, cost\n"
	  "The plan's completion rate, on-site and fix times (median, 90th percentile),\n"
	  "failures, downtime, MTBF and cost, one section per grouping (--by).  Columns: by key jobs share_pct done cancelled planned_due\n"
	  "planned_on_time completion_pct on_site_p50_s on_site_p90_s fix_p50_s fix_p90_s\n"
	  "failures downtime_s mtbf_s minutes parts_fen cost_fen.") },
	{ .name = "history", .exec = do_wo_list, .opts = wo_history_opts,
	  .args_size = sizeof(struct wo_list_args),
	  .help = N_("the finished jobs of one equipment, newest first\n"
	  "Columns: id done status type source worker minutes cost_fen title work.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-workorder",
	N_("Maintenance: equipment, annual plans, work orders and their records."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	/* the code is the operand; only retire retires */
	pm_cli_record_init(&equip_opts, pm_equip_kind(), 1u << PM_EQ_CODE | 1u << PM_EQ_RETIRED |
	    1u << PM_EQ_RETIRE_REASON);
	return pm_cli_main(&tool, argc, argv);
}
