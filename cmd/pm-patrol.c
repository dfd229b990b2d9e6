/*
 * pm-patrol — the security department's tool: patrol checkpoints, routes
 * and rounds, hazards and their rectification, drills and incidents.
 *
 * Three kinds of verb share this binary:
 *
 *	pm-patrol point|route|round|check|due|missed ...   patrols
 *	pm-patrol hazard ...                               hazards (隐患整改)
 *	pm-patrol drill ... | incident ...                 drills, incidents
 *
 * All the rules live in lib (lib/domain/patrol*.c, hazard.c, drill.c,
 * incident.c, on the mechanisms of lib/mech).  This file turns argv into
 * calls and rows into output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_record.h"
#include "org_perm.h"
#include "patrol.h"
#include "patrol_round.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- checkpoints, routes and rounds --------------------------------------- */

/*
 * Checkpoints are a record kind (lib/domain/patrol.h): new and set take
 * its fields as options (cli_record.h), filled by main; the code is the
 * operand, and the retirement is retire's alone.
 */
static pm_cli_rkind point_opts;

static int
point_put(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_rmode mode = strcmp(ctx->verb, "point new") == 0 ? PM_PUT_NEW : PM_PUT_SET;

	return pm_cli_record_put(ctx, pm_checkpoint_kind(), args, mode, PM_CLI_R_SITE, argc, argv);
}

struct point_list_args { pm_checkpoint_filter f; };
#define PL(f) OFF(struct point_list_args, f)
#define POINT_SITE_OPT { .name = "site", .type = PM_O_STR, .off = PL(f.site), .arg = "CODE", \
	.help = N_("at site CODE") }

static const pm_opt point_list_opts[] = {
	POINT_SITE_OPT,
	{ PM_OPT("kind", PM_O_WORD, PL(f.kind), "KIND", N_("of kind KIND")),
	  .choices = PM_CHECKPOINT_KINDS },
	{ PM_OPT("building", PM_O_STR, PL(f.building), "CODE", N_("in building CODE")) },
	{ PM_OPT("all", PM_O_FLAG, PL(f.all), NULL, N_("retired checkpoints too")) },
	{ .name = NULL }
};
static const pm_opt point_show_opts[] = { POINT_SITE_OPT, { .name = NULL } };

static int
point_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_checkpoint_filter *f = &((struct point_list_args *)args)->f;
	int is_show = strcmp(ctx->verb, "point show") == 0;
	pm_riter *it = NULL;
	int rc;

	if (is_show && argc > 0)
		f->key = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (is_show && (rc = pm_cli_record_site(ctx, &f->site)) != 0)
		return rc;
	if ((rc = pm_checkpoint_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	return pm_cli_record_print(ctx, pm_checkpoint_kind(), it,
	    strcmp(ctx->verb, "point export") == 0 ? PM_R_EXPORT : 0, is_show ? f->key : NULL);
}

static int
point_retire(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_retire(ctx, args, argv[0], pm_checkpoint_retire);
}

static int
point_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_import(ctx, pm_checkpoint_kind(), args, argv[0]);
}

/* route load: one row, what loading did. */
static const pm_col route_change_cols[] = {
	{ "route", PM_C_ID, 20, 0, PM_COL_KEY },
	{ "action", PM_C_TEXT, 10, 0, 0 },
	{ "fields", PM_C_LIST, 40, 0, 0 },
	{ "version", PM_C_INT, 0, 0, 0 },
	{ "dropped", PM_C_INT, 0, 0, 0 },
};

static int
do_route_load(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_route_def *def = NULL;
	pm_route_change c;
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	/* the permission first, then the file */
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_route_read(argv[0], &def, &ctx->err)) != 0)
		return rc;
	if ((rc = pm_route_load(ctx, def, argv[0], &c, &ctx->err)) == 0) {
		o = pm_cli_out(ctx, route_change_cols, 5);
		pm_out_text(o, 0, c.route);
		pm_out_text(o, 1, c.action);
		pm_out_text(o, 2, c.fields);
		pm_out_int(o, 3, c.version);
		pm_out_int(o, 4, c.dropped);
		pm_out_row(o);
	}
	pm_route_def_free(def);
	return rc;      /* -n: cli takes it all back */
}

static const pm_col route_cols[] = {
	{ "route", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "title", PM_C_TEXT, 24, 0, 0 },
	{ "site", PM_C_TEXT, 10, 0, 0 },
	{ "depts", PM_C_LIST, 16, 0, 0 },
	{ "schedule", PM_C_TEXT, 40, 0, 0 },
	{ "start", PM_C_TEXT, 10, 0, 0 },
	{ "window", PM_C_SPAN, 0, 0, 0 },
	{ "remind", PM_C_SPAN, 0, 0, 0 },
	{ "points", PM_C_INT, 0, 0, 0 },
	{ "version", PM_C_INT, 0, 0, 0 },
	{ "active", PM_C_BOOL, 0, 0, 0 },
	{ "file", PM_C_TEXT, 30, 0, 0 },
};
#define NROUTE_COLS ((int)(sizeof route_cols / sizeof route_cols[0]))

struct route_out {
	pm_out *o;
	int64_t id, version;
};

static int
route_row(void *arg, const pm_route *r)
{
	struct route_out *ro = arg;
	pm_out *o = ro->o;

	ro->id = r->id;
	ro->version = r->version;
	pm_out_text(o, 0, r->code);
	pm_out_text(o, 1, r->title);
	pm_out_text(o, 2, r->site);
	pm_out_text(o, 3, r->depts);
	pm_out_text(o, 4, r->schedule);
	pm_out_text(o, 5, r->start);
	pm_out_int(o, 6, r->window);
	pm_out_int(o, 7, r->remind);
	pm_out_int(o, 8, r->points);
	pm_out_int(o, 9, r->version);
	pm_out_int(o, 10, r->active);
	pm_out_text(o, 11, r->file);
	return pm_out_row(o);
}

/* the route's id and version alone */
static int
route_learn(void *arg, const pm_route *r)
{
	struct route_out *ro = arg;

	ro->id = r->id;
	ro->version = r->version;
	return 0;
}

struct route_list_args { const char *site; int all; };
static const pm_opt route_list_opts[] = {
	{ PM_OPT("site", PM_O_STR, OFF(struct route_list_args, site), "CODE", N_("at site CODE")) },
	{ PM_OPT("all", PM_O_FLAG, OFF(struct route_list_args, all), NULL,
	  N_("inactive routes too")) },
	{ .name = NULL }
};

static int
do_route_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct route_list_args *a = args;
	struct route_out ro;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	ro.o = pm_cli_out(ctx, route_cols, NROUTE_COLS);
	return pm_route_each(ctx, a->site, a->all, route_row, &ro, &ctx->err);
}

static const pm_col route_point_cols[] = {
	{ "seq", PM_C_INT, 0, 0, 0 },
	{ "point", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "name", PM_C_TEXT, 20, 0, 0 },
	{ "kind", PM_C_TEXT, 10, 0, 0 },
	{ "offset", PM_C_SPAN, 0, 0, 0 },
	{ "window", PM_C_SPAN, 0, 0, 0 },
	{ "tag", PM_C_TEXT, 16, 0, 0 },
	{ "checklist", PM_C_TEXT, 40, 0, 0 },
};
#define NRP_COLS ((int)(sizeof route_point_cols / sizeof route_point_cols[0]))

static int
route_point_row(void *arg, const pm_route_point *p)
{
	pm_out *o = arg;

	pm_out_int(o, 0, p->seq);
	pm_out_text(o, 1, p->code);
	pm_out_text(o, 2, p->name);
	pm_out_text(o, 3, p->kind);
	pm_out_int(o, 4, p->offset);
	pm_out_int(o, 5, p->window);
	pm_out_text(o, 6, p->tag);
	pm_out_text(o, 7, p->checklist);
	return pm_out_row(o);
}

/* route show: the route's row, a blank line, its points (text formats);
 * json: one object with its points under "points". */
struct route_points { int64_t id, version; };

static int
route_points_rows(pm_ctx *ctx, pm_out *o, void *arg)
{
	struct route_points *rp = arg;

	return pm_route_points_each(ctx, rp->id, rp->version, route_point_row, o, &ctx->err);
}

static int
do_route_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_col cols[NROUTE_COLS + 1];
	struct route_points rp;
	struct route_out ro;
	pm_buf pts;
	int rc;

	(void)args;
	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (ctx->fmt != PM_FMT_JSON) {
		ro.o = pm_cli_out(ctx, route_cols, NROUTE_COLS);
		if ((rc = pm_route_find(ctx, argv[0], route_row, &ro, &ctx->err)) != 0 ||
		    ctx->fmt == PM_FMT_ID)
			return rc;
		if ((rc = pm_out_finish(ctx->out, &ctx->err)) != 0)
			return rc;
		fputc('\n', stdout);
		return pm_route_points_each(ctx, ro.id, ro.version, route_point_row,
		    pm_cli_out(ctx, route_point_cols, NRP_COLS), &ctx->err);
	}
	/* json: learn the route, then print it with its points */
	memset(&ro, 0, sizeof ro);
	if ((rc = pm_route_find(ctx, argv[0], route_learn, &ro, &ctx->err)) != 0)
		return rc;
	rp.id = ro.id;
	rp.version = ro.version;
	pm_buf_init(&pts);
	if ((rc = pm_cli_json_rows(ctx, route_point_cols, NRP_COLS, route_points_rows, &rp,
	    &pts)) == 0) {
		memcpy(cols, route_cols, sizeof route_cols);
		memset(&cols[NROUTE_COLS], 0, sizeof cols[0]);
		cols[NROUTE_COLS].name = "checkpoints";
		cols[NROUTE_COLS].type = PM_C_JSON;
		ro.o = pm_cli_out(ctx, cols, NROUTE_COLS + 1);
		pm_out_text(ro.o, NROUTE_COLS, pts.s);
		rc = pm_route_find(ctx, argv[0], route_row, &ro, &ctx->err);
	}
	pm_buf_free(&pts);
	return rc;
}

/* round plan: quiet; --list prints the rounds made (-n: would make). */
static const pm_col made_cols[] = {
	{ "id", PM_C_ID, 8, 0, PM_COL_KEY },
	{ "route", PM_C_TEXT, 16, 0, PM_COL_SUMMARY },
	{ "site", PM_C_TEXT, 10, 0, PM_COL_LOCATION },
	{ "occurrence", PM_C_TEXT, 16, 0, 0 },
	{ "planned", PM_C_TIME, 0, 0, PM_COL_START },
	{ "closes", PM_C_TIME, 0, 0, PM_COL_END },
};

static int
made_row(void *arg, const pm_round_made *m)
{
	pm_out *o = arg;
	char id[24];

	snprintf(id, sizeof id, "R%lld", (long long)m->id);
	pm_out_text(o, 0, id);
	pm_out_text(o, 1, m->route);
	pm_out_text(o, 2, m->site);
	pm_out_text(o, 3, m->occurrence);
	pm_out_int(o, 4, m->planned);
	pm_out_int(o, 5, m->closes);
	return pm_out_row(o);
}

struct round_plan_args { pm_time through; int has_through, list; };
static const pm_opt round_plan_opts[] = {
	{ PM_OPT("through", PM_O_TIME, OFF(struct round_plan_args, through), "DATE",
	  N_("plan the rounds through the end of DATE (default today)")),
	  .has = PM_HAS(struct round_plan_args, has_through) },
	{ PM_OPT("list", PM_O_FLAG, OFF(struct round_plan_args, list), NULL,
	  N_("print a row for each round made (-n: each it would make)")) },
	{ .name = NULL }
};

static int
do_round_plan(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct round_plan_args *a = args;
	int64_t made, missed;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_round_plan(ctx, a->has_through ? a->through : ctx->now,
	    a->list || ctx->dry_run ? made_row : NULL,
	    a->list || ctx->dry_run ? pm_cli_out(ctx, made_cols, 6) : NULL, &made, &missed,
	    &ctx->err);
}

/* round start | finish | handover: one round, by its ID. */
struct round_act_args { const char *by, *to; };
static const pm_opt round_start_opts[] = {
	{ PM_OPT("by", PM_O_STR, OFF(struct round_act_args, by), "LOGIN[,LOGIN]",
	  N_("who walks it (several: a joint inspection)")), .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};
static const pm_opt round_handover_opts[] = {
	{ PM_OPT("to", PM_O_STR, OFF(struct round_act_args, to), "LOGIN[,LOGIN]",
	  N_("who walks it on")), .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
do_round_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct round_act_args *a = args;
	pm_id id;
	int rc;

	(void)argc;
	if (pm_id_parse(argv[0], 'R', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (strcmp(ctx->verb, "round start") == 0)
		return pm_round_start(ctx, id.n, a->by, &ctx->err);
	if (strcmp(ctx->verb, "round handover") == 0)
		return pm_round_handover(ctx, id.n, a->to, &ctx->err);
	return pm_round_finish(ctx, id.n, &ctx->err);
}

/* check R POINT: one check-in. */
struct check_args {
	int ok;
	const char *issue, *severity, *method, *tag;
	pm_time at;
	int has_at;
	pm_strv answers;
};
#define CK(f) OFF(struct check_args, f)
static const pm_opt check_opts[] = {
	{ PM_OPT("ok", PM_O_FLAG, CK(ok), NULL, N_("all is well there")) },
	{ PM_OPT("issue", PM_O_TEXT, CK(issue), "TEXT", N_("what is wrong (opens a hazard)")) },
	{ PM_OPT("severity", PM_O_STR, CK(severity), "S",
	  N_("the issue's severity (default: config patrol.severity)")) },
	{ PM_OPT("method", PM_O_WORD, CK(method), "qr|nfc|manual",
	  N_("how it was checked (default: qr with --tag, else manual)")),
	  .choices = "qr|nfc|manual" },
	{ PM_OPT("tag", PM_O_STR, CK(tag), "T", N_("the tag scanned (must be the point's)")) },
	{ PM_OPT("at", PM_O_TIME, CK(at), "TIME", N_("when (default now)")),
	  .has = PM_HAS(struct check_args, has_at) },
	{ PM_OPT("answer", PM_O_STR, CK(answers), "KEY=VALUE",
	  N_("an answer to the point's checklist (repeat for each)")), .flags = PM_OF_REPEAT },
	{ .name = NULL }
};

static int
do_check(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct check_args *a = args;
	pm_checkin_in in;
	pm_checkin out;
	pm_id id;
	int rc;

	(void)argc;
	if (a->ok == (a->issue != NULL))
		return pm_cli_usage(ctx, _("check: give --ok or --issue TEXT"));
	if (a->severity != NULL && a->issue == NULL)
		return pm_cli_usage(ctx, _("check: --severity is the issue's"));
	if (pm_id_parse(argv[0], 'R', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&in, 0, sizeof in);
	in.point = argv[1];
	in.issue = a->issue;
	in.severity = a->severity;
	in.method = a->method;
	in.tag = a->tag;
	in.at = a->at;
	in.has_at = a->has_at;
	in.answers = a->answers.v;
	in.nanswers = a->answers.n;
	return pm_round_check(ctx, id.n, &in, &out, &ctx->err);
}

/* round list | due: rows of rounds in pm_round_cols. */
static int
round_row(void *arg, const pm_cell *c)
{
	return pm_out_cells(arg, c, NULL);
}

struct round_list_args {
	pm_round_filter f;
	pm_time from, to;
	int has_from, has_to;
};
#define RL(f) OFF(struct round_list_args, f)
static const pm_opt round_list_opts[] = {
	{ PM_OPT("site", PM_O_STR, RL(f.site), "CODE", N_("at site CODE")) },
	{ PM_OPT("route", PM_O_STR, RL(f.route), "CODE", N_("on route CODE")) },
	{ PM_OPT("status", PM_O_WORD, RL(f.status), "S",
	  N_("planned, walking, done or missed")), .choices = "planned|walking|done|missed" },
	{ PM_OPT("from", PM_O_TIME, RL(from), "TIME", N_("planned at or after TIME (default "
	  "today 00:00)")), .has = PM_HAS(struct round_list_args, has_from) },
	{ PM_OPT("to", PM_O_TIME, RL(to), "TIME", N_("planned before TIME (default: a day "
	  "after --from)")), .has = PM_HAS(struct round_list_args, has_to) },
	{ .name = NULL }
};

static int
do_round_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct round_list_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	a->f.from = a->has_from ? a->from : pm_time_day_start(ctx->now);
	a->f.to = a->has_to ? a->to : a->f.from + 86400;
	if (a->f.to <= a->f.from)
		return pm_cli_usage(ctx, _("--to must be after --from"));
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_round_each(ctx, &a->f, round_row, pm_cli_out(ctx, pm_round_cols, PM_RC_N),
	    &ctx->err);
}

/* round show: the round's fields and timeline (pm_cli_show), then its
 * points after a blank line; json: one object, the points under "points". */
struct round_show {
	pm_ctx *ctx;
	pm_id id;
	const char *points;     /* json */
	int rc;
};

static int
round_show_row(void *arg, const pm_cell *c)
{
	struct round_show *rs = arg;
	pm_col cols[PM_RC_N + 1];
	pm_cell cells[PM_RC_N + 1];

	memcpy(cols, pm_round_cols, sizeof pm_round_cols);
	memcpy(cells, c, PM_RC_N * sizeof *c);
	if (rs->points == NULL) {
		rs->rc = pm_cli_show(rs->ctx, cols, PM_RC_N, cells, "round", rs->id);
		return 1;
	}
	memset(&cols[PM_RC_N], 0, sizeof cols[0]);
	memset(&cells[PM_RC_N], 0, sizeof cells[0]);
	cols[PM_RC_N].name = "checkpoints";
	cols[PM_RC_N].type = PM_C_JSON;
	cells[PM_RC_N].s = rs->points;
	rs->rc = pm_cli_show(rs->ctx, cols, PM_RC_N + 1, cells, "round", rs->id);
	return 1;
}

static int
round_points_rows(pm_ctx *ctx, pm_out *o, void *arg)
{
	return pm_round_points(ctx, *(int64_t *)arg, round_row, o, &ctx->err);
}

static int
do_round_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_round_filter f;
	struct round_show rs;
	pm_buf pts;
	int rc;

	(void)args;
	(void)argc;
	memset(&rs, 0, sizeof rs);
	memset(&f, 0, sizeof f);
	if (pm_id_parse(argv[0], 'R', &rs.id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	rs.ctx = ctx;
	rs.rc = -1;
	f.one = rs.id.n;
	pm_buf_init(&pts);
	if (ctx->fmt == PM_FMT_JSON) {
		if ((rc = pm_cli_json_rows(ctx, pm_round_point_cols, PM_RP_N, round_points_rows,
		    &f.one, &pts)) != 0 && rc != PM_EX_NOINPUT)
			goto out;
		rs.points = pts.s != NULL ? pts.s : "[]";
	}
	if ((rc = pm_round_each(ctx, &f, round_show_row, &rs, &ctx->err)) != 0 && rc != 1)
		goto out;
	if (rs.rc < 0) {
		rc = pm_err_set(&ctx->err, PM_EX_NOINPUT, _("round %s: no such round"), argv[0]);
		goto out;
	}
	if ((rc = rs.rc) != 0 || ctx->fmt == PM_FMT_JSON || ctx->fmt == PM_FMT_ID)
		goto out;
	if ((rc = pm_out_finish(ctx->out, &ctx->err)) != 0)
		goto out;
	fputc('\n', stdout);
	rc = pm_round_points(ctx, rs.id.n, round_row, pm_cli_out(ctx, pm_round_point_cols,
	    PM_RP_N), &ctx->err);
out:
	pm_buf_free(&pts);
	return rc;
}

struct due_args { int64_t within; const char *site; };
static const pm_opt due_opts[] = {
	{ PM_OPT("within", PM_O_SPAN, OFF(struct due_args, within), "SPAN",
	  N_("rounds whose reminder falls within SPAN from now (default 30min)")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct due_args, site), "CODE", N_("at site CODE")) },
	{ .name = NULL }
};

static int
do_due(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct due_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_round_due(ctx, a->site, a->within != 0 ? a->within : 1800, round_row,
	    pm_cli_out(ctx, pm_round_cols, PM_RC_N), &ctx->err);
}

struct missed_args { pm_time since, until; int has_until; const char *site; };
static const pm_opt missed_opts[] = {
	{ PM_OPT("since", PM_O_TIME, OFF(struct missed_args, since), "TIME",
	  N_("rounds planned at or after TIME")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("until", PM_O_TIME, OFF(struct missed_args, until), "TIME",
	  N_("and before TIME (default now)")), .has = PM_HAS(struct missed_args, has_until) },
	{ PM_OPT("site", PM_O_STR, OFF(struct missed_args, site), "CODE", N_("at site CODE")) },
	{ .name = NULL }
};

static int
do_missed(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct missed_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_round_missed(ctx, a->site, a->since, a->has_until ? a->until : ctx->now,
	    round_row, pm_cli_out(ctx, pm_round_missed_cols, PM_RM_N), &ctx->err);
}

/* ---- hazards and rectification -------------------------------------------- */

/* ---- drills and incidents -------------------------------------------------- */

static const pm_verb verbs[] = {
	/* checkpoints, routes and rounds */
	{ .kind = "point", .name = "new", .exec = point_put, .flags = PM_V_WRITE,
	  .perm = "patrol.point", .opts = point_opts.new_opts, .args_size = sizeof(pm_rrec),
	  .operands = "CODE", .min_ops = 1, .max_ops = 1,
	  .help = N_("add a patrol checkpoint\nPrints its code.  --site may be left out when one "
	  "site is active.") },
	{ .kind = "point", .name = "list", .exec = point_list, .opts = point_list_opts,
	  .args_size = sizeof(struct point_list_args),
	  .help = N_("list checkpoints in use (--all: retired too)\nColumns: site code name kind "
	  "building place tag checklist retired retire_reason.") },
	{ .kind = "point", .name = "show", .exec = point_list, .opts = point_show_opts,
	  .args_size = sizeof(struct point_list_args), .operands = "CODE", .min_ops = 1,
	  .max_ops = 1, .help = N_("show one checkpoint, retired or not") },
	{ .kind = "point", .name = "set", .exec = point_put, .flags = PM_V_WRITE,
	  .perm = "patrol.point", .opts = point_opts.set_opts, .args_size = sizeof(pm_rrec),
	  .operands = "CODE", .min_ops = 1, .max_ops = 1,
	  .help = N_("change a checkpoint\nOnly the options given change; an empty value clears "
	  "a field.") },
	{ .kind = "point", .name = "retire", .exec = point_retire, .flags = PM_V_WRITE,
	  .perm = "patrol.point", .opts = pm_cli_retire_opts,
	  .args_size = sizeof(pm_cli_retire_args), .operands = "CODE", .min_ops = 1,
	  .max_ops = 1, .help = N_("retire a checkpoint: it goes on no route\nIt stays in the "
	  "records (list --all, show) with its date and reason.") },
	{ .kind = "point", .name = "import", .exec = point_import,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "patrol.import", .opts = pm_cli_import_opts,
	  .args_size = sizeof(pm_cli_import_args), .operands = "FILE", .min_ops = 1, .max_ops = 1,
	  .help = N_("import checkpoints from CSV or JSON Lines\n"
	  "All or nothing; matched by site and code, so a second run changes nothing.\n"
	  "Prints inserted, updated, unchanged.  -n: check only.") },
	{ .kind = "point", .name = "export", .exec = point_list, .opts = point_list_opts,
	  .args_size = sizeof(struct point_list_args),
	  .help = N_("export checkpoints (CSV unless -o), in the columns import reads") },
	{ .kind = "route", .name = "load", .exec = do_route_load,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "patrol.route", .operands = "FILE",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("load a route file (pm-route(5))\n"
	  "Adds the route or updates it; the same file again changes nothing.  Prints\n"
	  "route action fields version dropped (planned rounds not yet due, made again\n"
	  "by the next round plan).  -n: say what would change, change nothing.") },
	{ .kind = "route", .name = "list", .exec = do_route_list, .opts = route_list_opts,
	  .args_size = sizeof(struct route_list_args),
	  .help = N_("list routes\nColumns: route title site depts schedule start window remind "
	  "points version\nactive file.") },
	{ .kind = "route", .name = "show", .exec = do_route_show, .operands = "CODE",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("show a route and its points\nColumns of the points: seq point name kind "
	  "offset window tag checklist.") },
	{ .kind = "round", .name = "plan", .exec = do_round_plan,
	  .flags = PM_V_WRITE | PM_V_DRYRUN | PM_V_ICS, .perm = "patrol.plan",
	  .opts = round_plan_opts, .args_size = sizeof(struct round_plan_args),
	  .help = N_("make the rounds the routes' schedules fall through DATE (for cron)\n"
	  "Each round once, however often or however many at once it runs; notes the\n"
	  "rounds missed (hook round.missed).  Quiet; --list prints the rounds made.") },
	{ .kind = "round", .name = "start", .exec = do_round_act, .flags = PM_V_WRITE,
	  .perm = "patrol.walk", .opts = round_start_opts,
	  .args_size = sizeof(struct round_act_args), .operands = "ROUND", .min_ops = 1,
	  .max_ops = 1, .help = N_("start walking a round\nFrom patrol.start_early before its "
	  "time until its window closes.") },
	{ .kind = "round", .name = "finish", .exec = do_round_act, .flags = PM_V_WRITE,
	  .perm = "patrol.walk", .args_size = sizeof(struct round_act_args),
	  .operands = "ROUND", .min_ops = 1, .max_ops = 1,
	  .help = N_("finish a round: the points not checked are skipped") },
	{ .kind = "round", .name = "handover", .exec = do_round_act, .flags = PM_V_WRITE,
	  .perm = "patrol.walk", .opts = round_handover_opts,
	  .args_size = sizeof(struct round_act_args), .operands = "ROUND", .min_ops = 1,
	  .max_ops = 1, .help = N_("hand a round being walked over to others (流转)") },
	{ .kind = "round", .name = "list", .exec = do_round_list, .flags = PM_V_ICS,
	  .opts = round_list_opts, .args_size = sizeof(struct round_list_args),
	  .help = N_("list rounds (today's unless --from, --to)\n"
	  "Columns: id route title site depts planned closes remind status walkers started\n"
	  "finished points checked skipped late early issues rechecks.  -o ics: a calendar.") },
	{ .kind = "round", .name = "show", .exec = do_round_show, .operands = "ROUND",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("show a round, its timeline and its points\nColumns of the points: seq "
	  "point name kind due_from due_to at timing by method\nresult severity issue recheck "
	  "answers.") },
	{ .name = "check", .exec = do_check, .flags = PM_V_WRITE, .perm = "patrol.walk",
	  .opts = check_opts, .args_size = sizeof(struct check_args), .operands = "ROUND POINT",
	  .min_ops = 2, .max_ops = 2,
	  .help = N_("check in at a point of a round being walked (or re-inspect one, 补检)\n"
	  "--ok answers the whole checklist normally; --issue records what is wrong and\n"
	  "opens a hazard.  A qr or nfc check-in names the tag scanned.") },
	{ .name = "due", .exec = do_due, .flags = PM_V_ICS, .opts = due_opts,
	  .args_size = sizeof(struct due_args),
	  .help = N_("the rounds to remind of: who should walk which route (for cron)\n"
	  "Not started, window open, reminder (planned - remind) within SPAN; in round\n"
	  "list's columns.") },
	{ .name = "missed", .exec = do_missed, .opts = missed_opts,
	  .args_size = sizeof(struct missed_args),
	  .help = N_("missed rounds and skipped points of the rounds planned since TIME\n"
	  "Columns: what round route site planned closes seq point name walkers.") },
	/* hazards */
	/* drills and incidents */
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-patrol",
	N_("Safety: patrol rounds, hazards and their rectification, drills, incidents."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	/* checkpoints: the code is the operand; only retire retires */
	pm_cli_record_init(&point_opts, pm_checkpoint_kind(), 1u << PM_CP_CODE |
	    1u << PM_CP_RETIRED | 1u << PM_CP_RETIRE_REASON);
	return pm_cli_main(&tool, argc, argv);
}
