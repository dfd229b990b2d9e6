/*
 * pm-complaint — owner contacts: intake, classification, assignment,
 * handling, reply, follow-up visit, escalation.
 *
 * Every verb that changes contacts takes IDs as operands or `-` to read
 * them from stdin, so `pm-complaint list --overdue -o id | pm-complaint
 * escalate -` is the cron job.  All the rules live in lib/domain/complaint.c;
 * statistics in lib/domain/complaint_stats.c, surveys in lib/domain/survey.c.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_proc.h"
#include "complaint.h"
#include "complaint_stats.h"
#include "link.h"
#include "org_perm.h"
#include "survey.h"
#include "text.h"
#include "timeline.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- new ---------------------------------------------------------------- */

struct new_args { pm_contact_in in; };
#define N(f) OFF(struct new_args, in.f)

static const pm_opt new_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, N(text), "TEXT",
	  "what the owner said"), .flags = PM_OF_REQUIRED },
	{ PM_OPT("kind", PM_O_STR, N(kind), "KIND",
	  "complaint (default), repair, suggestion, "
	  "inquiry or praise") },
	{ PM_OPT("channel", PM_O_STR, N(channel), "CH",
	  "how it came in (default phone)") },
	{ PM_OPT("site", PM_O_STR, N(site), "CODE",
	  "the site (default: the only active one)") },
	{ PM_OPT("unit", PM_O_STR, N(unit), "CODE",
	  "the unit it is about") },
	{ PM_OPT("place", PM_O_STR, N(place), "TEXT",
	  "a public place instead of a unit") },
	{ PM_OPT("name", PM_O_STR, N(name), "NAME",
	  "who called (masked in output)") },
	{ PM_OPT("phone", PM_O_STR, N(phone), "PHONE",
	  "their phone (masked in output)") },
	{ PM_OPT("category", PM_O_STR, N(category), "PATH",
	  "category path, e.g. 维修/漏水") },
	{ PM_OPT("priority", PM_O_STR, N(priority), "P",
	  "low, normal, high or urgent "
	  "(default: the category's)") },
	{ PM_OPT("received", PM_O_TIME, N(received), "TIME",
	  "when it was received (default now)"), .has = PM_HAS(struct new_args, in.has_received) },
	{ .name = NULL }
};

static int
do_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct new_args *a = args;
	int64_t repeat_of;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_complaint_new(ctx, &a->in, &id, &repeat_of, &ctx->err)) != 0)
		return rc;
	pm_cli_new_id(ctx, id);
	return 0;
}

/* ---- the verbs that move contacts along ------------------------------------ */

/* What one run of a changing verb applies to each ID. */
struct each {
	const char *verb;       /* the lib verb: "duplicate" for duplicate-of */
	pm_contact_act act;
	pm_out *o;
};
#define E(f) OFF(struct each, act.f)
#define AT { PM_OPT("at", PM_O_TIME, E(at), "TIME", "when it happened (default now)"), \
	.has = PM_HAS(struct each, act.has_at) }
#define NOTE(req) { PM_OPT("text", PM_O_TEXT, E(text), req ? "TEXT" : "NOTE", "the note"), \
	.flags = req ? PM_OF_REQUIRED : 0 }

static const pm_opt classify_opts[] = {
	{ PM_OPT("category", PM_O_STR, E(category), "PATH",
	  "the category path") },
	{ PM_OPT("priority", PM_O_STR, E(priority), "P",
	  "low, normal, high or urgent") },
	{ PM_OPT("kind", PM_O_STR, E(kind), "KIND",
	  "complaint, repair, suggestion, inquiry, praise") },
	AT, { .name = NULL }
};
static const pm_opt assign_opts[] = {
	{ PM_OPT("dept", PM_O_STR, E(dept), "CODE",
	  "the department that handles it") },
	{ PM_OPT("to", PM_O_STR, E(to), "LOGIN",
	  "the person who handles it") },
	AT, { .name = NULL }
};
static const pm_opt note_opts[] = { NOTE(0), AT, { .name = NULL } };
static const pm_opt note_req_opts[] = { NOTE(1), AT, { .name = NULL } };
static const pm_opt resolve_opts[] = {
	{ PM_OPT("result", PM_O_TEXT, E(text), "TEXT",
	  "what was done"), .flags = PM_OF_REQUIRED, .field = "text" },
	AT, { .name = NULL }
};
static const pm_opt reply_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, E(text), "TEXT",
	  "what the owner was told"), .flags = PM_OF_REQUIRED },
	{ PM_OPT("channel", PM_O_STR, E(channel), "CH",
	  "how: phone, letter, online, walkin, "
	  "wechat, email or meeting") },
	AT, { .name = NULL }
};
static const pm_opt visit_opts[] = {
	{ PM_OPT("satisfaction", PM_O_INT, E(satisfaction), "1-5",
	  "the owner's score"), .flags = PM_OF_REQUIRED, .min = 1, .max = 5 },
	{ PM_OPT("comment", PM_O_TEXT, E(text), "TEXT",
	  "what the owner said"), .field = "text" },
	AT, { .name = NULL }
};
static const pm_opt reason_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, E(text), "TEXT",
	  "why"), .flags = PM_OF_REQUIRED, .field = "text" },
	AT, { .name = NULL }
};

static const pm_col act_cols[] = { { "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "status", PM_C_TEXT, 0, 0, 0 } };

static int
act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct each *e = arg;
	char idtext[24], status[32];
	int rc;

	if ((rc = pm_complaint_act(ctx, e->verb, id, &e->act, &ctx->err)) != 0 ||
	    (rc = pm_lifecycle_status(ctx, &pm_complaint_lifecycle, id.n, status, sizeof status,
	    &ctx->err)) != 0)
		return rc;
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(e->o, 0, idtext);
	pm_out_text(e->o, 1, status);
	pm_out_row(e->o);
	return 0;
}

static int
do_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct each *e = args;
	int rc;

	e->verb = strcmp(ctx->verb, "duplicate-of") == 0 ? "duplicate" : ctx->verb;
	if (strcmp(e->verb, "duplicate") == 0) {
		if (pm_id_parse(argv[0], 'C', &e->act.of, &ctx->err) != 0)
			return ctx->err.status;
		argc--;
		argv++;
	}
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	e->o = pm_cli_out(ctx, act_cols, 2);
	return pm_cli_each_id(ctx, argc, argv, stdin, 'C', act_one, e);
}

static int
do_escalate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return pm_cli_escalate(ctx, argc, argv, 'C', pm_complaint_escalate);
}

/* ---- list and show ---------------------------------------------------------- */

/* The columns list prints, in this order. */
static const int list_cols[] = {
	PM_CC_ID, PM_CC_RECEIVED, PM_CC_KIND, PM_CC_STATUS, PM_CC_PRIORITY, PM_CC_CATEGORY,
	PM_CC_SITE, PM_CC_UNIT, PM_CC_PLACE, PM_CC_DEPT, PM_CC_ASSIGNEE, PM_CC_DUE, PM_CC_LEVEL,
	PM_CC_REPEAT, PM_CC_TEXT
};
#define NLIST (int)(sizeof list_cols / sizeof list_cols[0])

struct list_args { pm_contact_filter f; int has_limit; };
#define L(f) OFF(struct list_args, f)

static const pm_opt list_opts[] = {
	{ PM_OPT("status", PM_O_STR, L(f.status), "S",
	  "one state, or open (the default)") },
	{ PM_OPT("overdue", PM_O_FLAG, L(f.overdue), NULL,
	  "only contacts past their due time") },
	{ PM_OPT("due-within", PM_O_SPAN, L(f.due_within), "SPAN",
	  "only contacts due within SPAN") },
	{ PM_OPT("assignee", PM_O_STR, L(f.assignee), "LOGIN",
	  "handled by LOGIN") },
	{ PM_OPT("dept", PM_O_STR, L(f.dept), "CODE",
	  "handled by department CODE") },
	{ PM_OPT("category", PM_O_STR, L(f.category), "PATH",
	  "in the category (and below it)") },
	{ PM_OPT("kind", PM_O_STR, L(f.kind), "KIND",
	  "of one kind") },
	{ PM_OPT("channel", PM_O_STR, L(f.channel), "CH",
	  "received by one channel") },
	{ PM_OPT("site", PM_O_STR, L(f.site), "CODE",
	  "at site CODE") },
	{ PM_OPT("since", PM_O_TIME, L(f.since), "TIME",
	  "received at or after TIME"), .has = PM_HAS(struct list_args, f.has_since) },
	{ PM_OPT("until", PM_O_TIME, L(f.until), "TIME",
	  "received before TIME"), .has = PM_HAS(struct list_args, f.has_until) },
	{ PM_OPT("limit", PM_O_COUNT, L(f.limit), "N",
	  "at most N rows (0: all; default 50 in a terminal table)"), .has = PM_HAS(struct list_args, has_limit) },
	{ PM_OPT("all", PM_O_FLAG, L(f.all), NULL,
	  "every state, closed ones too") },
	{ .name = NULL }
};

static int
do_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct list_args *a = args;
	pm_contact_filter *f = &a->f;
	pm_col cols[NLIST];
	pm_contact_iter *it = NULL;
	pm_contact_row row;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if (!a->has_limit)
		f->limit = pm_cli_list_limit(ctx, f->overdue || f->due_within != 0);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f->cols = pm_cli_list_cols(ctx, pm_complaint_cols, list_cols, NLIST, PM_CC_ID, cols);
	if ((rc = pm_complaint_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, NLIST);
	while ((rc = pm_complaint_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, list_cols) != 0)
			break;
	pm_complaint_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_contact_filter f;
	pm_contact_iter *it = NULL;
	pm_contact_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	memset(&f, 0, sizeof f);
	if (pm_id_parse(argv[0], 'C', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f.one = id.n;
	if ((rc = pm_complaint_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_complaint_next(it, &row, &ctx->err), pm_complaint_cols,
	    PM_CC_N, row.c, "contact", id, _("complaint %s: no such complaint"));
	pm_complaint_iter_free(it);
	return rc;
}

/* ---- statistics and surveys ------------------------------------------ */

/* The period of stats: --month M, or --since [--until] (until defaults
 * to now), or this month.  The previous period is the month before, or
 * the window of the same length just before --since. */
static int
stats_period(pm_ctx *ctx, const char *month, const char *since, const char *until,
    pm_complaint_stats_q *q)
{
	pm_month m;

	if (month != NULL && (since != NULL || until != NULL))
		return pm_cli_usage(ctx, _("stats: --month or --since/--until, not both"));
	if (until != NULL && since == NULL)
		return pm_cli_usage(ctx, _("stats: --until needs --since"));
	if (since != NULL) {
		q->until = ctx->now;
		if (pm_cli_time(ctx, "--since", since, &q->since) != 0 ||
		    (until != NULL && pm_cli_time(ctx, "--until", until, &q->until) != 0))
			return ctx->err.status;
		if (q->until <= q->since)
			return pm_cli_usage(ctx, _("stats: --until must be after --since"));
		q->prev_since = q->since - (q->until - q->since);
		return 0;
	}
	if (pm_month_parse(month != NULL ? month : "this", ctx->now, &m, &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--month: %s"), ctx->err.msg);
	q->since = pm_month_start(m);
	q->until = pm_month_end(m);
	q->prev_since = pm_month_start(pm_month_add(m, -1));
	return 0;
}

struct stats_args { const char *month, *since, *until, *by; int64_t top; };
#define S(f) OFF(struct stats_args, f)

static const pm_opt stats_opts[] = {
	{ PM_OPT("month", PM_O_STR, S(month), "YYYY-MM|this|last",
	  "one month (default this)") },
	{ PM_OPT("since", PM_O_STR, S(since), "TIME",
	  "received at or after TIME") },
	{ PM_OPT("until", PM_O_STR, S(until), "TIME",
	  "received before TIME (with --since; "
	  "default now)") },
	{ PM_OPT("by", PM_O_WORD, S(by), "GROUP",
	  "one row per category (default), building, site, "
	  "channel, dept, assignee, kind, or all"), .choices = PM_COMPLAINT_STATS_BY },
	{ PM_OPT("top", PM_O_COUNT, S(top), "N",
	  "the N largest groups only (0: all)") },
	{ .name = NULL }
};

static int
do_stats(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct stats_args *a = args;
	pm_col cols[PM_CS_NCOL];
	pm_complaint_stats_iter *it = NULL;
	pm_complaint_stats_row row;
	pm_complaint_stats_q q;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	memset(&q, 0, sizeof q);
	q.by = a->by != NULL ? (pm_complaint_stats_by)pm_complaint_stats_by_parse(a->by) :
	    PM_CS_CATEGORY;
	q.top = a->top;
	if ((rc = stats_period(ctx, a->month, a->since, a->until, &q)) != 0 ||
	    (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_complaint_stats(ctx, &q, &it, &ctx->err)) != 0)
		return rc;
	memcpy(cols, pm_complaint_stats_cols, sizeof cols);
	cols[PM_CS_KEY].name = pm_complaint_stats_by_name(q.by);
	o = pm_cli_out(ctx, cols, PM_CS_NCOL);
	while ((rc = pm_complaint_stats_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, NULL) != 0)
			break;
	pm_complaint_stats_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_survey_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = { { "survey", PM_C_ID, 0, 0, PM_COL_KEY } };
	pm_survey_def *def = NULL;
	char name[40];
	int64_t id;
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	/* read the file before the database: a bad questionnaire locks nothing */
	if ((rc = pm_survey_load(argv[0], &def, &ctx->err)) != 0 ||
	    (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_survey_new(ctx, def, &id, name, sizeof name, &ctx->err)) != 0)
		goto out;
	o = pm_cli_out(ctx, cols, 1);
	pm_out_text(o, 0, name);
	pm_out_row(o);
out:
	pm_survey_def_free(def);
	return rc;
}

struct import_args { int csv, jsonl; };

static const pm_opt import_opts[] = {
	{ PM_OPT("csv", PM_O_FLAG, OFF(struct import_args, csv), NULL,
	  "FILE is CSV") },
	{ PM_OPT("jsonl", PM_O_FLAG, OFF(struct import_args, jsonl), NULL,
	  "FILE is JSON Lines") },
	{ .name = NULL }
};

static int
do_survey_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = {
		{ "inserted", PM_C_INT, 0, 0, 0 }, { "updated", PM_C_INT, 0, 0, 0 }, { "unchanged", PM_C_INT, 0, 0, 0 }
	};
	struct import_args *a = args;
	pm_ifmt fmt = a->csv ? PM_IFMT_CSV : a->jsonl ? PM_IFMT_JSONL : PM_IFMT_AUTO;
	pm_icounts res;
	pm_out *o;
	int rc;

	(void)argc;
	if (a->csv && a->jsonl)
		return pm_cli_usage(ctx, _("survey import: --csv or --jsonl, not both"));
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_survey_import(ctx, argv[0], argv[1], fmt, &res, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 3);
	pm_out_int(o, 0, res.inserted);
	pm_out_int(o, 1, res.updated);
	pm_out_int(o, 2, res.unchanged);
	pm_out_row(o);
	return 0;
}

/* survey stats SURVEY and survey list: the same row shape. */
static int
do_survey_read(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int stats = strcmp(ctx->verb, "survey stats") == 0;
	const pm_col *cols = stats ? pm_survey_stats_cols : pm_survey_list_cols;
	int ncol = stats ? PM_SQ_NCOL : PM_SL_NCOL;
	pm_survey_iter *it = NULL;
	pm_survey_row row;
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = stats ? pm_survey_stats(ctx, argv[0], &it, &ctx->err) :
	    pm_survey_list(ctx, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, ncol);
	while ((rc = pm_survey_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, NULL) != 0)
			break;
	pm_survey_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

/* ---- the verb table ----------------------------------------------------- */

#define IDS .operands = "ID...|-", .min_ops = 1, .max_ops = -1
#define ACT(verb, opts_, perm_, help_) { .name = verb, .exec = do_act, .flags = PM_V_WRITE, \
	.perm = perm_, .opts = opts_, .args_size = sizeof(struct each), IDS, .help = help_ }

static const pm_verb verbs[] = {
	{ .name = "new", .exec = do_new, .flags = PM_V_WRITE, .perm = "complaint.new",
	  .opts = new_opts, .args_size = sizeof(struct new_args),
	  .help = N_("record a contact and print its ID\n"
	  "Kinds: complaint (default) repair suggestion inquiry praise.  Channels: phone\n"
	  "(default) letter online walkin wechat email meeting survey.  The priority\n"
	  "defaults to the category's; due times follow complaint.limits.") },
	{ .name = "list", .exec = do_list, .flags = PM_V_UNMASK | PM_V_ICS, .opts = list_opts,
	  .args_size = sizeof(struct list_args),
	  .help = N_("list contacts (open ones, the 50 newest first)\n"
	  "Columns: id received kind status priority category site unit place dept\n"
	  "assignee due level repeat text.  --overdue and --due-within sort by due time.\n"
	  "-o ics: a calendar of the due times (subscribe to --due-within 2d).") },
	{ .name = "show", .exec = do_show, .flags = PM_V_UNMASK, .operands = "ID",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("show a contact and its timeline\n"
	  "Text formats: field/value lines, a blank line, then the timeline (at actor event\n"
	  "note data).  -o json: one object with every field, an events and a links array.") },
	ACT("classify", classify_opts, "complaint.assign",
	    "set category, priority or kind; due times are counted again"),
	ACT("assign", assign_opts, "complaint.assign",
	    "give contacts to a department and a person"),
	ACT("start", note_opts, "complaint.handle", "handling has started (the first response)"),
	ACT("note", note_req_opts, "complaint.handle", "add a note to the timeline"),
	ACT("resolve", resolve_opts, "complaint.handle", "record the result of the handling"),
	ACT("reply", reply_opts, "complaint.handle", "record what the owner was told, and how"),
	ACT("visit", visit_opts, "complaint.visit",
	    "record a follow-up visit (回访) and the owner's satisfaction"),
	ACT("close", note_opts, "complaint.close",
	    "close replied contacts (a visit first, where complaint.followup asks for one)"),
	ACT("reopen", reason_opts, "complaint.close", "reopen contacts"),
	ACT("reject", reason_opts, "complaint.close", "reject contacts (not ours to handle)"),
	{ .name = "duplicate-of", .exec = do_act, .flags = PM_V_WRITE, .perm = "complaint.close",
	  .opts = note_opts, .args_size = sizeof(struct each), .operands = "ORIGINAL ID...|-",
	  .min_ops = 2, .max_ops = -1, .help = N_("mark contacts as duplicates of ORIGINAL") },
	{ .name = "escalate", .exec = do_escalate, .flags = PM_V_WRITE | PM_V_BATCH,
	  .perm = "complaint.escalate", IDS,
	  .help = N_("escalate late contacts one level per period of lateness\n"
	  "Prints id level responsible for each contact escalated; nothing for contacts\n"
	  "not late or already at their level, so reruns change nothing.") },
	{ .name = "stats", .exec = do_stats, .opts = stats_opts,
	  .args_size = sizeof(struct stats_args),
	  .help = N_("statistics of the contacts received in a period, one row per group\n"
	  "Default: this month, by category, every group.  Columns: the group, count\n"
	  "share_pct prev change response_p50_s response_p90_s resolve_p50_s resolve_p90_s\n"
	  "in_time_pct repeat_pct satisfaction visit_pct.  Percentiles are nearest-rank;\n"
	  "prev is the month before (--month) or the same length before --since.") },
	{ .kind = "survey", .name = "new", .exec = do_survey_new, .flags = PM_V_WRITE,
	  .perm = "survey.new", .operands = "FILE", .min_ops = 1, .max_ops = 1,
	  .help = N_("create a survey from a YAML questionnaire and print its name\n"
	  "FILE has title:, questions: (a list of text: and kind: score|text), and\n"
	  "optionally code: and site:.") },
	{ .kind = "survey", .name = "import", .exec = do_survey_import,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "survey.import", .opts = import_opts,
	  .args_size = sizeof(struct import_args), .operands = "SURVEY FILE", .min_ops = 2,
	  .max_ops = 2,
	  .help = N_("import answers, one row per unit: unit, q1..qN (a score 1-5 or text)\n"
	  "Optional columns: site, answered.  All or nothing: the first bad row is\n"
	  "reported as FILE:LINE.  A unit's answers are replaced; a second run of the\n"
	  "same file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.") },
	{ .kind = "survey", .name = "stats", .exec = do_survey_read, .operands = "SURVEY",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("response rate, mean score and share satisfied per question\n"
	  "Columns: n kind question responses units rate_pct mean satisfied_pct.") },
	{ .kind = "survey", .name = "list", .exec = do_survey_read,
	  .help = N_("list surveys\nColumns: survey title site created questions respondents.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-complaint",
	N_("Owner contacts: intake, handling, reply, follow-up visit, escalation, statistics, surveys."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
