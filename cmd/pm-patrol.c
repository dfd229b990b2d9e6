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
#include "cli_proc.h"
#include "cli_record.h"
#include "drill.h"
#include "hazard.h"
#include "incident.h"
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
	  N_("the issue's severity (default: config hazard.default_severity)")) },
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
	memset(&out, 0, sizeof out);
	if ((rc = pm_round_check(ctx, id.n, &in, &out, &ctx->err)) != 0)
		return rc;
	/* an issue opened a hazard: its ID, as every writer that makes one */
	if (out.hazard.type != 0)
		pm_cli_new_id(ctx, out.hazard);
	return 0;
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

/*
 * Hazards (H7) are lib/domain/hazard.h's: found anywhere (hazard new) or
 * by a patrol check-in with an issue, rectified (fix, or a work order
 * made from one), re-inspected by someone else (verify).
 */
struct hz_new_args {
	pm_hazard_in in;
};
#define HN(f) OFF(struct hz_new_args, f)

static const pm_opt hz_new_opts[] = {
	{ PM_OPT("severity", PM_O_STR, HN(in.severity), "S",
	  "重大, 较大 or 一般 (hazard.severity; default hazard.default_severity)") },
	{ PM_OPT("place", PM_O_STR, HN(in.place), "TEXT",
	  "where it is (3号楼消防通道)") },
	{ PM_OPT("text", PM_O_TEXT, HN(in.text), "TEXT",
	  "what is wrong"), .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, HN(in.site), "CODE",
	  "the site (default: the only active one)") },
	{ PM_OPT("building", PM_O_STR, HN(in.building), "CODE",
	  "the building it is in") },
	{ PM_OPT("point", PM_O_STR, HN(in.point), "CODE",
	  "the patrol checkpoint it is at") },
	{ PM_OPT("dept", PM_O_STR, HN(in.dept), "CODE",
	  "the responsible department (default hazard.dept)") },
	{ PM_OPT("owner", PM_O_STR, HN(in.owner), "LOGIN",
	  "the responsible person (needs hazard.assign)") },
	{ PM_OPT("by", PM_O_STR, HN(in.found_by), "LOGIN",
	  "who found it (default: the actor)"), .field = "found_by" },
	{ PM_OPT("reporter", PM_O_STR, HN(in.reporter), "NAME",
	  "someone not on staff who reported it (an owner)") },
	{ PM_OPT("phone", PM_O_STR, HN(in.phone), "PHONE",
	  "the reporter's phone") },
	{ PM_OPT("found", PM_O_TIME, HN(in.found), "TIME",
	  "when it was found (default now)"), .has = PM_HAS(struct hz_new_args, in.has_found) },
	{ .name = NULL }
};

static int
do_hz_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct hz_new_args *a = args;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_hazard_new(ctx, &a->in, &id, &ctx->err)) != 0)
		return rc;
	pm_cli_new_id(ctx, id);
	return 0;
}

/* What one run of a changing verb applies to each hazard. */
struct hz_each {
	pm_hz_act act;
	pm_out *o;
};
#define HE(f) OFF(struct hz_each, f)
#define HAT { PM_OPT("at", PM_O_TIME, HE(act.at), "TIME", "when it happened (default now)"), \
	.has = PM_HAS(struct hz_each, act.has_at) }

static const pm_opt hz_assign_opts[] = {
	{ PM_OPT("to", PM_O_STR, HE(act.to), "LOGIN",
	  "the person responsible for the rectification") },
	{ PM_OPT("dept", PM_O_STR, HE(act.dept), "CODE",
	  "the department responsible") },
	HAT, { .name = NULL }
};
static const pm_opt hz_fix_opts[] = {
	{ PM_OPT("action", PM_O_TEXT, HE(act.text), "TEXT",
	  "what was done to rectify it"), .flags = PM_OF_REQUIRED, .field = "action" },
	HAT, { .name = NULL }
};
static const pm_opt hz_verify_opts[] = {
	{ PM_OPT("fail", PM_O_FLAG, HE(act.fail), NULL,
	  "the re-inspection failed: back to rectification") },
	{ PM_OPT("note", PM_O_TEXT, HE(act.text), "TEXT",
	  "what the re-inspection found (required with --fail)"), .field = "note" },
	HAT, { .name = NULL }
};
static const pm_opt hz_note_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, HE(act.text), "NOTE",
	  "the note"), .flags = PM_OF_REQUIRED },
	HAT, { .name = NULL }
};
static const pm_opt hz_reason_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, HE(act.text), "TEXT",
	  "why"), .flags = PM_OF_REQUIRED, .field = "reason" },
	HAT, { .name = NULL }
};

static const int hz_act_map[] = { PM_HC_ID, PM_HC_STATUS, PM_HC_OWNER, PM_HC_DUE };
#define HZ_NACT (int)(sizeof hz_act_map / sizeof hz_act_map[0])

/* The hazard's row in the given columns (one: show and the changing
 * verbs read it the same way). */
static int
hz_one(pm_ctx *ctx, pm_id id, uint64_t cols, pm_hazard_iter **it, pm_hazard_row *row)
{
	pm_hazard_filter f;
	int rc;

	memset(&f, 0, sizeof f);
	f.one = id.n;
	f.cols = cols;
	if ((rc = pm_hazard_list(ctx, &f, it, &ctx->err)) != 0)
		return -1;
	return pm_hazard_next(*it, row, &ctx->err);
}

static int
hz_act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct hz_each *e = arg;
	pm_hazard_iter *it = NULL;
	pm_hazard_row row;
	uint64_t cols = 0;
	int i, rc;

	if ((rc = pm_hazard_act(ctx, ctx->verb + strlen("hazard "), id, &e->act, &ctx->err)) != 0)
		return rc;
	for (i = 0; i < HZ_NACT; i++)
		cols |= PM_HC_BIT(hz_act_map[i]);
	if ((rc = hz_one(ctx, id, cols, &it, &row)) == 1)
		pm_out_cells(e->o, row.c, hz_act_map);
	pm_hazard_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_hz_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct hz_each *e = args;
	pm_col cols[HZ_NACT];
	int i, rc;

	if (e->act.fail && e->act.text == NULL)
		return pm_cli_usage(ctx, _("verify --fail: --note is required"));
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	for (i = 0; i < HZ_NACT; i++)
		cols[i] = pm_hazard_cols[hz_act_map[i]];
	e->o = pm_cli_out(ctx, cols, HZ_NACT);
	return pm_cli_each_id(ctx, argc, argv, stdin, 'H', hz_act_one, e);
}

static int
do_hz_escalate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return pm_cli_escalate(ctx, argc, argv, 'H', pm_hazard_escalate);
}

/* The columns list and history print, in this order. */
static const int hz_list_cols[] = {
	PM_HC_ID, PM_HC_FOUND, PM_HC_STATUS, PM_HC_SEVERITY, PM_HC_SITE, PM_HC_BUILDING,
	PM_HC_POINT, PM_HC_PLACE, PM_HC_SOURCE, PM_HC_DEPT, PM_HC_OWNER, PM_HC_DUE, PM_HC_LEVEL,
	PM_HC_TEXT
};
#define HZ_NLIST (int)(sizeof hz_list_cols / sizeof hz_list_cols[0])
static const int hz_history_cols[] = {
	PM_HC_ID, PM_HC_FOUND, PM_HC_STATUS, PM_HC_SEVERITY, PM_HC_POINT, PM_HC_PLACE,
	PM_HC_FOUND_BY, PM_HC_RECTIFIED, PM_HC_FIXER, PM_HC_VERIFIED, PM_HC_VERIFIER,
	PM_HC_FAILS, PM_HC_TEXT, PM_HC_ACTION
};
#define HZ_NHISTORY (int)(sizeof hz_history_cols / sizeof hz_history_cols[0])

struct hz_list_args { pm_hazard_filter f; int open, has_limit; };
#define HL(f) OFF(struct hz_list_args, f)
#define HZ_SITE_OPT { PM_OPT("site", PM_O_STR, HL(f.site), "CODE", "at site CODE") }
#define HZ_SEVERITY_OPT { PM_OPT("severity", PM_O_STR, HL(f.severity), "S", \
	"of this severity (and below it)") }
#define HZ_SINCE_OPTS { PM_OPT("since", PM_O_TIME, HL(f.since), "TIME", \
	"found at or after TIME"), .has = PM_HAS(struct hz_list_args, f.has_since) }, \
	{ PM_OPT("until", PM_O_TIME, HL(f.until), "TIME", "found before TIME"), \
	.has = PM_HAS(struct hz_list_args, f.has_until) }
#define HZ_LIMIT_OPT { PM_OPT("limit", PM_O_COUNT, HL(f.limit), "N", \
	"at most N rows (0: all; default 50 in a terminal table)"), \
	.has = PM_HAS(struct hz_list_args, has_limit) }

static const pm_opt hz_list_opts[] = {
	{ PM_OPT("open", PM_O_FLAG, HL(open), NULL,
	  "only open ones: pending or rectified, not verified or cancelled (the default)") },
	{ PM_OPT("overdue", PM_O_FLAG, HL(f.overdue), NULL,
	  "only hazards past their rectification or re-inspection deadline") },
	{ PM_OPT("due-within", PM_O_SPAN, HL(f.due_within), "SPAN",
	  "only hazards due within SPAN") },
	HZ_SITE_OPT, HZ_SEVERITY_OPT,
	{ PM_OPT("status", PM_O_STR, HL(f.status), "S",
	  "one state (pending, rectified, verified, cancelled), or open: the first two") },
	{ PM_OPT("dept", PM_O_STR, HL(f.dept), "CODE",
	  "of department CODE") },
	{ PM_OPT("owner", PM_O_STR, HL(f.owner), "LOGIN",
	  "the responsibility of LOGIN") },
	{ PM_OPT("point", PM_O_STR, HL(f.point), "CODE",
	  "at checkpoint CODE") },
	HZ_SINCE_OPTS, HZ_LIMIT_OPT,
	{ PM_OPT("all", PM_O_FLAG, HL(f.all), NULL,
	  "every state, verified and cancelled ones too") },
	{ .name = NULL }
};
static const pm_opt hz_history_opts[] = {
	{ PM_OPT("point", PM_O_STR, HL(f.point), "CODE",
	  "the hazards of checkpoint CODE") },
	HZ_SITE_OPT, HZ_SEVERITY_OPT, HZ_SINCE_OPTS, HZ_LIMIT_OPT,
	{ .name = NULL }
};

static int
do_hz_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct hz_list_args *a = args;
	pm_hazard_filter *f = &a->f;
	int history = strcmp(ctx->verb, "hazard history") == 0;
	const int *map = history ? hz_history_cols : hz_list_cols;
	int n = history ? HZ_NHISTORY : HZ_NLIST, rc;
	pm_col cols[HZ_NLIST];
	pm_hazard_iter *it = NULL;
	pm_hazard_row row;
	pm_out *o;

	(void)argc;
	(void)argv;
	if (a->open && (f->all || f->status != NULL))
		return pm_cli_usage(ctx, _("--open: not with --all or --status"));
	f->history = history;
	if (!a->has_limit)
		f->limit = pm_cli_list_limit(ctx, f->overdue || f->due_within != 0);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f->cols = pm_cli_list_cols(ctx, pm_hazard_cols, map, n, PM_HC_ID, cols);
	if ((rc = pm_hazard_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, n);
	while ((rc = pm_hazard_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, map) != 0)
			break;
	pm_hazard_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_hz_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_hazard_iter *it = NULL;
	pm_hazard_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'H', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, hz_one(ctx, id, ~UINT64_C(0), &it, &row), pm_hazard_cols,
	    PM_HC_N, row.c, "hazard", id, _("hazard %s: no such hazard"));
	pm_hazard_iter_free(it);
	return rc;
}

/* ---- drills and incidents -------------------------------------------------- */

struct drill_plan_args {
	pm_drill_in in;
	pm_time date;
};
#define DP(f) OFF(struct drill_plan_args, f)

static const pm_opt drill_plan_opts[] = {
	{ PM_OPT("kind", PM_O_STR, DP(in.kind), "KIND",
	  N_("fire, evacuation, flood, power-outage, lift-rescue (drill.rules)")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("date", PM_O_TIME, DP(date), "DATE", N_("the day it is planned for")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, DP(in.site), "CODE", N_("the site (default: the only active one)")) },
	{ PM_OPT("text", PM_O_TEXT, DP(in.text), "TEXT", N_("the scenario, who organises it")) },
	{ .name = NULL }
};

static int
do_drill_plan(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct drill_plan_args *a = args;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	a->in.date = pm_date_of(a->date);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_drill_plan(ctx, &a->in, &id, &ctx->err)) != 0)
		return rc;
	pm_cli_new_id(ctx, id);
	return 0;
}

struct drill_act_args {
	pm_drill_act act;
	pm_time date;
	pm_strv findings;
};
#define DA(f) OFF(struct drill_act_args, f)

static const pm_opt drill_record_opts[] = {
	{ PM_OPT("participants", PM_O_COUNT, DA(act.participants), "N", N_("how many took part")),
	  .has = PM_HAS(struct drill_act_args, act.has_participants), .flags = PM_OF_REQUIRED },
	{ PM_OPT("minutes", PM_O_COUNT, DA(act.minutes), "M", N_("how long it took, in minutes")),
	  .has = PM_HAS(struct drill_act_args, act.has_minutes), .flags = PM_OF_REQUIRED,
	  .min = 1 },
	{ PM_OPT("findings", PM_O_STR, DA(findings), "TEXT",
	  N_("a finding: what went wrong or must improve (repeatable)")), .flags = PM_OF_REPEAT },
	{ PM_OPT("date", PM_O_TIME, DA(date), "DATE", N_("the day it was held (default: the planned day, or today if that is to come)")),
	  .has = PM_HAS(struct drill_act_args, act.has_date) },
	{ .name = NULL }
};
static const pm_opt drill_cancel_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, DA(act.text), "TEXT", N_("why")), .flags = PM_OF_REQUIRED,
	  .field = "text" },
	{ .name = NULL }
};

static int
drill_act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct drill_act_args *a = arg;

	return pm_drill_apply(ctx, strchr(ctx->verb, ' ') + 1, id, &a->act, &ctx->err);
}

static int
do_drill_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct drill_act_args *a = args;
	int rc;

	a->act.date = pm_date_of(a->date);
	a->act.findings = a->findings.v;
	a->act.nfindings = a->findings.n;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_cli_each_id(ctx, argc, argv, stdin, 'D', drill_act_one, a);
}

static const int drill_list_cols[] = {
	PM_DC_ID, PM_DC_PLANNED, PM_DC_STATUS, PM_DC_KIND, PM_DC_SITE, PM_DC_HELD,
	PM_DC_PARTICIPANTS, PM_DC_MINUTES, PM_DC_NFINDINGS, PM_DC_TEXT
};
#define DRILL_NLIST (int)(sizeof drill_list_cols / sizeof drill_list_cols[0])

struct drill_list_args { pm_drill_filter f; int has_limit; };
#define DL(f) OFF(struct drill_list_args, f)

static const pm_opt drill_list_opts[] = {
	{ PM_OPT("status", PM_O_WORD, DL(f.status), "S", N_("planned (the default), done or cancelled")),
	  .choices = "planned|done|cancelled" },
	{ PM_OPT("site", PM_O_STR, DL(f.site), "CODE", N_("at site CODE")) },
	{ PM_OPT("kind", PM_O_STR, DL(f.kind), "KIND", N_("of this kind")) },
	{ PM_OPT("all", PM_O_FLAG, DL(f.all), NULL, N_("every state, newest first")) },
	{ PM_OPT("limit", PM_O_COUNT, DL(f.limit), "N",
	  N_("at most N rows (0: all; default 50 in a terminal table)")),
	  .has = PM_HAS(struct drill_list_args, has_limit) },
	{ .name = NULL }
};

static int
do_drill_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct drill_list_args *a = args;
	pm_col cols[DRILL_NLIST];
	pm_drill_iter *it = NULL;
	pm_drill_row row;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if (!a->has_limit)
		a->f.limit = pm_cli_list_limit(ctx, 0);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	a->f.cols = pm_cli_list_cols(ctx, pm_drill_cols, drill_list_cols, DRILL_NLIST, PM_DC_ID,
	    cols);
	if ((rc = pm_drill_list(ctx, &a->f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, DRILL_NLIST);
	while ((rc = pm_drill_next_row(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, drill_list_cols) != 0)
			break;
	pm_drill_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_drill_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_drill_filter f;
	pm_drill_iter *it = NULL;
	pm_drill_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'D', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.one = id.n;
	f.cols = ~UINT64_C(0);
	if ((rc = pm_drill_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_drill_next_row(it, &row, &ctx->err), pm_drill_cols, PM_DC_N,
	    row.c, "drill", id, _("drill %s: no such drill"));
	pm_drill_iter_free(it);
	return rc;
}

struct drill_due_args { pm_drill_due_q q; pm_time asof; int has_asof; };
#define DD(f) OFF(struct drill_due_args, f)

static const pm_opt drill_due_opts[] = {
	{ PM_OPT("as-of", PM_O_TIME, DD(asof), "DATE", N_("the day asked about (default today)")),
	  .has = PM_HAS(struct drill_due_args, has_asof) },
	{ PM_OPT("site", PM_O_STR, DD(q.site), "CODE", N_("only this site")) },
	{ PM_OPT("kind", PM_O_STR, DD(q.kind), "KIND", N_("only this kind")) },
	{ PM_OPT("all", PM_O_FLAG, DD(q.all), NULL, N_("every site and kind, due or not")) },
	{ .name = NULL }
};

/* A row of a lib's cells into the writer arg. */
static int
cells_row(void *arg, const pm_cell *cells)
{
	return pm_out_cells(arg, cells, NULL) != 0 ? PM_EX_IOERR : 0;
}

static int
do_drill_due(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct drill_due_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	a->q.as_of = pm_date_of(a->has_asof ? a->asof : ctx->now);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_drill_due(ctx, &a->q, cells_row, pm_cli_out(ctx, pm_drill_due_cols, PM_DD_N),
	    &ctx->err);
}

/* The emergency plan as rows: its name, the numbered steps, the numbers
 * to call, the respond limit (level 0) and each escalation level with
 * its limit and rule. */
static const pm_col plan_cols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "part", PM_C_TEXT, 0, 0, 0 },
	{ "n", PM_C_INT, 0, 0, 0 }, { "text", PM_C_TEXT, 60, 0, 0 },
	{ "within", PM_C_TEXT, 0, 0, 0 }, { "who", PM_C_TEXT, 0, 0, 0 }
};
static const pm_col kind_plan_cols[] = {
	{ "kind", PM_C_ID, 0, 0, PM_COL_KEY }, { "part", PM_C_TEXT, 0, 0, 0 },
	{ "n", PM_C_INT, 0, 0, 0 }, { "text", PM_C_TEXT, 60, 0, 0 },
	{ "within", PM_C_TEXT, 0, 0, 0 }, { "who", PM_C_TEXT, 0, 0, 0 }
};

static void
plan_row(pm_out *o, const char *ref, const char *part, int n, const char *text,
    const char *within, const char *who)
{
	pm_out_text(o, 0, ref);
	pm_out_text(o, 1, part);
	pm_out_int(o, 2, n);
	pm_out_text(o, 3, text);
	pm_out_text(o, 4, within);
	pm_out_text(o, 5, who);
	pm_out_row(o);
}

static void
plan_print(pm_ctx *ctx, const pm_col *cols, const char *ref, const pm_inc_plan *p)
{
	pm_out *o = pm_cli_out(ctx, cols, 6);
	int i;

	plan_row(o, ref, "plan", 0, p->name[0] ? p->name : p->kind, NULL, NULL);
	for (i = 0; i < p->nsteps; i++)
		plan_row(o, ref, "step", i + 1, p->steps[i], NULL, NULL);
	for (i = 0; i < p->ncalls; i++)
		plan_row(o, ref, "call", i + 1, p->calls[i], NULL, NULL);
	plan_row(o, ref, "level", 0, _("on duty: bring it under control"), p->respond_text, NULL);
	for (i = 0; i < p->nlevels; i++)
		plan_row(o, ref, "level", i + 1, p->levels[i].contact, p->levels[i].within_text,
		    p->levels[i].who);
}

struct inc_open_args { pm_inc_in in; };
#define IO(f) OFF(struct inc_open_args, f)

static const pm_opt inc_open_opts[] = {
	{ PM_OPT("kind", PM_O_STR, IO(in.kind), "KIND",
	  N_("fire, flood, theft, injury, lift-entrapment, power (incident.plans)")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("severity", PM_O_WORD, IO(in.severity), "S",
	  N_("general (the default), serious, major or critical")), .choices = PM_INCIDENT_SEVERITIES },
	{ PM_OPT("place", PM_O_STR, IO(in.place), "TEXT", N_("where: 3号楼地下车库")) },
	{ PM_OPT("text", PM_O_TEXT, IO(in.text), "TEXT", N_("what happened")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, IO(in.site), "CODE", N_("the site (default: the only active one)")) },
	{ PM_OPT("at", PM_O_TIME, IO(in.at), "TIME", N_("when it happened (default now)")),
	  .has = PM_HAS(struct inc_open_args, in.has_at) },
	{ .name = NULL }
};

static int
do_inc_open(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct inc_open_args *a = args;
	pm_inc_plan plan;
	char idtext[24];
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	memset(&plan, 0, sizeof plan);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_incident_open(ctx, &a->in, &id, &plan, &ctx->err)) != 0)
		return rc;
	if (ctx->fmt == PM_FMT_ID) {
		pm_cli_new_id(ctx, id);
		return 0;
	}
	pm_id_format(id, idtext, sizeof idtext);
	plan_print(ctx, plan_cols, idtext, &plan);
	return 0;
}

static int
do_inc_plan(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_inc_plan plan;
	int rc;

	(void)args;
	(void)argc;
	memset(&plan, 0, sizeof plan);
	if ((rc = pm_incident_plan(ctx->cfg, argv[0], &plan, &ctx->err)) != 0)
		return rc;
	plan_print(ctx, kind_plan_cols, plan.kind, &plan);
	return 0;
}

struct inc_act_args { pm_inc_act act; };
#define IA(f) OFF(struct inc_act_args, f)
#define IAT { PM_OPT("at", PM_O_TIME, IA(act.at), "TIME", N_("when it happened (default now)")), \
	.has = PM_HAS(struct inc_act_args, act.has_at) }

static const pm_opt inc_log_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, IA(act.text), "TEXT", N_("what was done, who came")),
	  .flags = PM_OF_REQUIRED },
	IAT, { .name = NULL }
};
static const pm_opt inc_resolve_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, IA(act.text), "TEXT", N_("how it was brought under control")) },
	IAT, { .name = NULL }
};
static const pm_opt inc_close_opts[] = {
	{ PM_OPT("cause", PM_O_TEXT, IA(act.cause), "TEXT",
	  N_("the cause analysis (required to close)")) },
	{ PM_OPT("measures", PM_O_TEXT, IA(act.measures), "TEXT",
	  N_("the measures taken against it happening again (required to close)")) },
	IAT, { .name = NULL }
};

static int
inc_act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct inc_act_args *a = arg;

	return pm_incident_apply(ctx, strchr(ctx->verb, ' ') + 1, id, &a->act, &ctx->err);
}

static int
do_inc_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_cli_each_id(ctx, argc, argv, stdin, 'I', inc_act_one, args);
}

/* escalate -: the IDs on stdin climb as their lateness calls for (cron);
 * IDs named: one level each, now. */
static int
do_inc_escalate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int i, cron = argc == 1 && strcmp(argv[0], "-") == 0;

	(void)args;
	for (i = 0; !cron && i < argc; i++)
		if (strcmp(argv[i], "-") == 0)
			return pm_cli_usage(ctx, _("escalate: - alone, or IDs"));
	return pm_cli_escalate(ctx, argc, argv, 'I', cron ? pm_incident_escalate :
	    pm_incident_raise);
}

static const int inc_list_cols[] = {
	PM_IC_ID, PM_IC_OCCURRED, PM_IC_STATUS, PM_IC_KIND, PM_IC_SEVERITY, PM_IC_SITE,
	PM_IC_PLACE, PM_IC_LEVEL, PM_IC_DUE, PM_IC_RESOLVED, PM_IC_TEXT
};
#define INC_NLIST (int)(sizeof inc_list_cols / sizeof inc_list_cols[0])

struct inc_list_args { pm_inc_filter f; int has_limit; };
#define IL(f) OFF(struct inc_list_args, f)

static const pm_opt inc_list_opts[] = {
	{ PM_OPT("status", PM_O_WORD, IL(f.status), "S",
	  N_("open (the default: not closed), resolved or closed")),
	  .choices = "open|resolved|closed" },
	{ PM_OPT("all", PM_O_FLAG, IL(f.all), NULL, N_("every state, closed ones too")) },
	{ PM_OPT("overdue", PM_O_FLAG, IL(f.overdue), NULL,
	  N_("only incidents not under control within their limit")) },
	{ PM_OPT("site", PM_O_STR, IL(f.site), "CODE", N_("at site CODE")) },
	{ PM_OPT("kind", PM_O_STR, IL(f.kind), "KIND", N_("of this kind")) },
	{ PM_OPT("severity", PM_O_WORD, IL(f.severity), "S", N_("of this severity")),
	  .choices = PM_INCIDENT_SEVERITIES },
	{ PM_OPT("limit", PM_O_COUNT, IL(f.limit), "N",
	  N_("at most N rows (0: all; default 50 in a terminal table)")),
	  .has = PM_HAS(struct inc_list_args, has_limit) },
	{ .name = NULL }
};

static int
do_inc_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct inc_list_args *a = args;
	pm_col cols[INC_NLIST];
	pm_inc_iter *it = NULL;
	pm_inc_row row;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if (!a->has_limit)
		a->f.limit = pm_cli_list_limit(ctx, a->f.overdue);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	a->f.cols = pm_cli_list_cols(ctx, pm_incident_cols, inc_list_cols, INC_NLIST, PM_IC_ID, cols);
	if ((rc = pm_incident_list(ctx, &a->f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, INC_NLIST);
	while ((rc = pm_incident_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, inc_list_cols) != 0)
			break;
	pm_incident_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_inc_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_inc_filter f;
	pm_inc_iter *it = NULL;
	pm_inc_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'I', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.one = id.n;
	if ((rc = pm_incident_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_incident_next(it, &row, &ctx->err), pm_incident_cols,
	    PM_IC_N, row.c, "incident", id, _("incident %s: no such incident"));
	pm_incident_iter_free(it);
	return rc;
}

struct inc_stats_args { int year; const char *by; };

static const pm_opt inc_stats_opts[] = {
	{ PM_OPT("year", PM_O_INT, OFF(struct inc_stats_args, year), "YEAR",
	  N_("the year (default this year)")), .min = 1970, .max = 9998 },
	{ PM_OPT("by", PM_O_STR, OFF(struct inc_stats_args, by), "LIST",
	  N_("sections, comma-separated: kind, site, severity (default all three)")) },
	{ .name = NULL }
};

static int
do_inc_stats(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct inc_stats_args *a = args;
	pm_tm tm;
	int rc;

	(void)argc;
	(void)argv;
	if (a->year == 0) {
		pm_time_local(ctx->now, &tm);
		a->year = tm.year;
	}
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_incident_stats(ctx, a->year, a->by, cells_row,
	    pm_cli_out(ctx, pm_incident_stats_cols, PM_IS_N), &ctx->err);
}

#define IDS .operands = "ID...|-", .min_ops = 1, .max_ops = -1
#define ONE_ID .operands = "ID", .min_ops = 1, .max_ops = 1

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
#define HZ_IDS .operands = "ID...|-", .min_ops = 1, .max_ops = -1
#define HZ_ACT(verb, opts_, perm_, help_) { .kind = "hazard", .name = verb, .exec = do_hz_act, \
	.flags = PM_V_WRITE, .perm = perm_, .opts = opts_, .args_size = sizeof(struct hz_each), \
	HZ_IDS, .help = help_ }
	{ .kind = "hazard", .name = "new", .exec = do_hz_new, .flags = PM_V_WRITE,
	  .perm = "hazard.report", .opts = hz_new_opts, .args_size = sizeof(struct hz_new_args),
	  .help = N_("record a hazard found anywhere and print its ID\n"
	  "One of --place, --building or --point says where.  The rectification deadline\n"
	  "follows hazard.limits for its severity; the department is hazard.dept unless\n"
	  "--dept.  A patrol check with --issue opens one by itself.") },
	HZ_ACT("assign", hz_assign_opts, "hazard.assign",
	    N_("name the person (and their department) or the department responsible")),
	HZ_ACT("fix", hz_fix_opts, "hazard.fix",
	    N_("record the rectification: it awaits re-inspection\n"
	    "The actor is the fixer; the re-inspection limit starts.")),
	HZ_ACT("verify", hz_verify_opts, "hazard.verify",
	    N_("re-inspect rectified hazards: accept them, or --fail back to rectification\n"
	    "By someone other than the fixer (exit 65 otherwise).")),
	HZ_ACT("log", hz_note_opts, "hazard.report", N_("add a note to the timeline")),
	HZ_ACT("cancel", hz_reason_opts, "hazard.close",
	    N_("cancel hazards (a false report, a duplicate)")),
	HZ_ACT("reopen", hz_reason_opts, "hazard.close",
	    N_("reopen verified or cancelled hazards: rectify due again from now")),
	{ .kind = "hazard", .name = "escalate", .exec = do_hz_escalate,
	  .flags = PM_V_WRITE | PM_V_BATCH, .perm = "hazard.escalate", HZ_IDS,
	  .help = N_("escalate late hazards one level per period of lateness\n"
	  "Prints id level responsible for each hazard escalated; nothing for hazards not\n"
	  "late or already at their level, so reruns change nothing.") },
	{ .kind = "hazard", .name = "list", .exec = do_hz_list, .flags = PM_V_ICS,
	  .opts = hz_list_opts, .args_size = sizeof(struct hz_list_args),
	  .help = N_("list hazards (open ones, the 50 newest first)\n"
	  "Columns: id found status severity site building point place source dept owner\n"
	  "due level text.  --overdue and --due-within sort by due time.  -o ics: a\n"
	  "calendar of the deadlines.") },
	{ .kind = "hazard", .name = "show", .exec = do_hz_show, .flags = PM_V_UNMASK,
	  .operands = "ID", .min_ops = 1, .max_ops = 1,
	  .help = N_("show a hazard: its fields, timeline and links (its work orders)") },
	{ .kind = "hazard", .name = "history", .exec = do_hz_list,
	  .opts = hz_history_opts, .args_size = sizeof(struct hz_list_args),
	  .help = N_("the hazard record (隐患台账): every hazard in every state, newest first\n"
	  "Columns: id found status severity point place found_by rectified fixer verified\n"
	  "verifier fails text action.") },
	/* drills and incidents */
	{ .kind = "drill", .name = "plan", .exec = do_drill_plan, .flags = PM_V_WRITE,
	  .perm = "drill.plan", .opts = drill_plan_opts, .args_size = sizeof(struct drill_plan_args),
	  .help = N_("plan a drill for a site, a kind and a day, and print its ID\n"
	  "Kinds are those of drill.rules; a past day is fine (a drill held before, to be\n"
	  "recorded).") },
	{ .kind = "drill", .name = "record", .exec = do_drill_act, .flags = PM_V_WRITE,
	  .perm = "drill.record", .opts = drill_record_opts,
	  .args_size = sizeof(struct drill_act_args), IDS,
	  .help = N_("record planned drills as held: participants, minutes, findings\n"
	  "--participants and --minutes are required; each --findings is one finding,\n"
	  "numbered in show (D12 #2) so an improvement action can name it.") },
	{ .kind = "drill", .name = "cancel", .exec = do_drill_act, .flags = PM_V_WRITE,
	  .perm = "drill.plan", .opts = drill_cancel_opts,
	  .args_size = sizeof(struct drill_act_args), IDS,
	  .help = N_("cancel planned drills, with the reason") },
	{ .kind = "drill", .name = "list", .exec = do_drill_list, .opts = drill_list_opts,
	  .args_size = sizeof(struct drill_list_args),
	  .help = N_("list drills (planned ones, soonest first)\n"
	  "Columns: id planned status kind site held participants minutes nfindings text.") },
	{ .kind = "drill", .name = "show", .exec = do_drill_show, ONE_ID,
	  .help = N_("show a drill: its fields, findings and timeline") },
	{ .kind = "drill", .name = "due", .exec = do_drill_due, .opts = drill_due_opts,
	  .args_size = sizeof(struct drill_due_args),
	  .help = N_("which site is due for which drill, by the frequency rules\n"
	  "One row per active site and kind that is overdue, due within drill.due_within\n"
	  "or never drilled (--all: every one).  Columns: site kind key_site last last_id every\n"
	  "due days state planned planned_id.") },
	{ .kind = "incident", .name = "open", .exec = do_inc_open, .flags = PM_V_WRITE,
	  .perm = "incident.report", .opts = inc_open_opts,
	  .args_size = sizeof(struct inc_open_args),
	  .help = N_("record an incident and print its ID and its emergency plan\n"
	  "The plan (incident.plans) as rows: id part n text within who: its name, the\n"
	  "numbered steps, the numbers to call, the respond limit (level 0) and each\n"
	  "escalation level with its limit.  -o id prints the ID alone.") },
	{ .kind = "incident", .name = "plan", .exec = do_inc_plan, .flags = PM_V_NODB,
	  .operands = "KIND", .min_ops = 1, .max_ops = 1,
	  .help = N_("print the emergency plan of a kind, as open prints it") },
	{ .kind = "incident", .name = "log", .exec = do_inc_act, .flags = PM_V_WRITE,
	  .perm = "incident.report", .opts = inc_log_opts, .args_size = sizeof(struct inc_act_args),
	  IDS, .help = N_("add a note to incidents' timelines") },
	{ .kind = "incident", .name = "resolve", .exec = do_inc_act, .flags = PM_V_WRITE,
	  .perm = "incident.handle", .opts = inc_resolve_opts,
	  .args_size = sizeof(struct inc_act_args), IDS,
	  .help = N_("record incidents as under control: the response time; escalation stops") },
	{ .kind = "incident", .name = "close", .exec = do_inc_act, .flags = PM_V_WRITE,
	  .perm = "incident.close", .opts = inc_close_opts,
	  .args_size = sizeof(struct inc_act_args), IDS,
	  .help = N_("close incidents with the cause analysis and the measures taken\n"
	  "Without --cause or --measures the close is refused (exit 65).") },
	{ .kind = "incident", .name = "escalate", .exec = do_inc_escalate,
	  .flags = PM_V_WRITE | PM_V_BATCH, .perm = "incident.escalate", IDS,
	  .help = N_("escalate incidents: named ones one level now; - (IDs on stdin) by lateness\n"
	  "With -, each incident not under control climbs to the level its plan's limits\n"
	  "call for, once per level (for cron).  Prints id level responsible for each one\n"
	  "raised.") },
	{ .kind = "incident", .name = "list", .exec = do_inc_list, .opts = inc_list_opts,
	  .args_size = sizeof(struct inc_list_args),
	  .help = N_("list incidents (not closed, newest first)\n"
	  "Columns: id occurred status kind severity site place level due resolved text.") },
	{ .kind = "incident", .name = "show", .exec = do_inc_show, ONE_ID,
	  .help = N_("show an incident: its fields and timeline") },
	{ .kind = "incident", .name = "stats", .exec = do_inc_stats, .opts = inc_stats_opts,
	  .args_size = sizeof(struct inc_stats_args),
	  .help = N_("the year's incidents by kind, site and severity, with response times\n"
	  "Columns: by key incidents open resolved closed escalated response_p50_s\n"
	  "response_p90_s (from the time it happened to resolved, nearest rank).") },
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
