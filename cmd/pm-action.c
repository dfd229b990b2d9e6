/*
 * pm-action — the feedback and improvement loop (反馈与改进机制):
 * department work meetings and the issues raised at them, improvement
 * actions with a responsible person who follows them up, and the
 * month's written report for management review.
 *
 *	pm-action meeting new|list|show|issue
 *	pm-action new|progress|done|verify|reopen|cancel|assign|escalate|
 *	          list|show|history|due|review
 *
 * All the rules live in lib: meetings in lib/domain/meeting.c, actions
 * in lib/domain/action.c (lifecycle, deadline, escalate, link, timeline,
 * hooks), the review's figures in lib/domain/action_review.c; the
 * document is lib/base/doc.c's.  This file turns argv into calls and
 * rows into output.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action.h"
#include "action_review.h"
#include "buf.h"
#include "cli.h"
#include "cli_proc.h"
#include "doc.h"
#include "meeting.h"
#include "org.h"
#include "org_perm.h"
#include "timeline.h"

#define OFF(T, f) offsetof(T, f)

/* ---- meetings ------------------------------------------------------------ */

struct meeting_new_args {
	pm_meeting_in in;
	const char *minutes;    /* FILE, or - */
	pm_strv attendees;
};
#define MN(f) OFF(struct meeting_new_args, f)

static const pm_opt meeting_new_opts[] = {
	{ PM_OPT("title", PM_O_STR, MN(in.title), "TEXT",
	  N_("what the meeting was, in a line")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("dept", PM_O_STR, MN(in.dept), "CODE",
	  N_("the department that held it")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("date", PM_O_TIME, MN(in.held), "TIME",
	  N_("when it was held (default now)")), .has = PM_HAS(struct meeting_new_args, in.has_held),
	  .field = "held" },
	{ PM_OPT("site", PM_O_STR, MN(in.site), "CODE",
	  N_("the site it was about (default: company-wide)")) },
	{ PM_OPT("attendee", PM_O_STR, MN(attendees), "LOGIN",
	  N_("a member who attended (repeatable)")), .flags = PM_OF_REPEAT },
	{ PM_OPT("minutes", PM_O_STR, MN(minutes), "FILE",
	  N_("the minutes (纪要): a text file, - for stdin")) },
	{ .name = NULL }
};

/* The minutes file whole (at most text.max_chars characters, which lib
 * checks; a file far beyond any such limit is refused unread). */
static int
read_minutes(pm_ctx *ctx, const char *path, pm_buf *b)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[4096];
	size_t n;

	if (fp == NULL)
		return pm_err_set(&ctx->err, errno == ENOENT ? PM_EX_NOINPUT : PM_EX_IOERR,
		    _("--minutes: %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0 && b->len < 4 * 1024 * 1024)
		pm_buf_add(b, chunk, n);
	if (ferror(fp)) {
		if (fp != stdin)
			fclose(fp);
		return pm_err_set(&ctx->err, PM_EX_IOERR, _("--minutes: %s: read error"), path);
	}
	if (fp != stdin)
		fclose(fp);
	/* a file ends with a newline; the minutes do not */
	while (b->len > 0 && (b->s[b->len - 1] == '\n' || b->s[b->len - 1] == '\r'))
		b->s[--b->len] = '\0';
	return 0;
}

static int
do_meeting_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct meeting_new_args *a = args;
	pm_buf minutes;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	pm_buf_init(&minutes);
	a->in.attendees = a->attendees.v;
	a->in.nattendees = a->attendees.n;
	if ((rc = pm_cli_begin(ctx)) != 0)
		goto out;
	if (a->minutes != NULL) {
		if ((rc = read_minutes(ctx, a->minutes, &minutes)) != 0)
			goto out;
		a->in.minutes = minutes.s;
	}
	if ((rc = pm_meeting_new(ctx, &a->in, &id, &ctx->err)) == 0)
		pm_cli_new_id(ctx, id);
out:
	pm_buf_free(&minutes);
	return rc;
}

struct meeting_issue_args { const char *text; };

static const pm_opt meeting_issue_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, OFF(struct meeting_issue_args, text), "TEXT",
	  N_("the problem or suggestion raised, - for stdin")), .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
do_meeting_issue(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = { { "issue", PM_C_ID, 0, 0, PM_COL_KEY } };
	struct meeting_issue_args *a = args;
	char idtext[24], issue[48];
	int64_t n;
	pm_out *o;
	pm_id id;
	int rc;

	(void)argc;
	if (pm_id_parse(argv[0], 'G', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_meeting_issue(ctx, id, a->text, &n, &ctx->err)) != 0)
		return rc;
	pm_id_format(id, idtext, sizeof idtext);
	snprintf(issue, sizeof issue, "%s#%lld", idtext, (long long)n);
	o = pm_cli_out(ctx, cols, 1);
	pm_out_text(o, 0, issue);
	pm_out_row(o);
	return 0;
}

static const int meeting_list_cols[] = {
	PM_MC_ID, PM_MC_HELD, PM_MC_SITE, PM_MC_DEPT, PM_MC_NATTENDEES, PM_MC_ISSUES, PM_MC_TITLE
};
#define MEETING_NLIST (int)(sizeof meeting_list_cols / sizeof meeting_list_cols[0])

struct meeting_list_args {
	const char *month;
	pm_time since;
	int has_since, has_limit;
	pm_meeting_filter f;
};
#define ML(f) OFF(struct meeting_list_args, f)

static const pm_opt meeting_list_opts[] = {
	{ PM_OPT("month", PM_O_STR, ML(month), "YYYY-MM|this|last",
	  N_("held in this month")) },
	{ PM_OPT("since", PM_O_TIME, ML(since), "TIME",
	  N_("held at or after TIME")), .has = PM_HAS(struct meeting_list_args, has_since) },
	{ PM_OPT("dept", PM_O_STR, ML(f.dept), "CODE",
	  N_("held by department CODE")) },
	{ PM_OPT("site", PM_O_STR, ML(f.site), "CODE",
	  N_("about site CODE")) },
	{ PM_OPT("limit", PM_O_COUNT, ML(f.limit), "N",
	  N_("at most N rows (0: all; default 50 in a terminal table)")),
	  .has = PM_HAS(struct meeting_list_args, has_limit) },
	{ .name = NULL }
};

static int
do_meeting_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct meeting_list_args *a = args;
	pm_col cols[MEETING_NLIST];
	pm_meeting_iter *it = NULL;
	pm_meeting_row row;
	pm_month m;
	pm_out *o;
	int i, rc;

	(void)argc;
	(void)argv;
	if (a->month != NULL) {
		if (pm_month_parse(a->month, ctx->now, &m, &ctx->err) != 0)
			return pm_cli_usage(ctx, _("--month: %s"), ctx->err.msg);
		a->f.from = pm_month_start(m);
		a->f.to = pm_month_end(m);
	}
	if (a->has_since && a->since > a->f.from)
		a->f.from = a->since;
	if (!a->has_limit)
		a->f.limit = pm_cli_list_limit(ctx, 0);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_meeting_list(ctx, &a->f, &it, &ctx->err)) != 0)
		return rc;
	for (i = 0; i < MEETING_NLIST; i++)
		cols[i] = pm_meeting_cols[meeting_list_cols[i]];
	o = pm_cli_out(ctx, cols, MEETING_NLIST);
	while ((rc = pm_meeting_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, meeting_list_cols) != 0)
			break;
	pm_meeting_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_meeting_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_meeting_filter f;
	pm_meeting_iter *it = NULL;
	pm_meeting_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	memset(&f, 0, sizeof f);
	if (pm_id_parse(argv[0], 'G', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f.one = id.n;
	if ((rc = pm_meeting_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_meeting_next(it, &row, &ctx->err), pm_meeting_cols,
	    PM_MC_N, row.c, "meeting", id, _("meeting %s: no such meeting"));
	pm_meeting_iter_free(it);
	return rc;
}

/* ---- actions ------------------------------------------------------------- */

struct new_args {
	pm_action_in in;
	const char *due;
};
#define AN(f) OFF(struct new_args, f)

static const pm_opt new_opts[] = {
	{ PM_OPT("text", PM_O_TEXT, AN(in.text), "TEXT",
	  N_("the measure to take, - for stdin")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("owner", PM_O_STR, AN(in.owner), "LOGIN",
	  N_("the responsible person who follows it up")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("source", PM_O_STR, AN(in.source), "SRC",
	  N_("what it answers: meeting:G3 (G3#2: one issue), C12, W7, report:2026-11")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("due", PM_O_STR, AN(due), "DATE",
	  N_("due by the end of DATE (default: action.limits)")) },
	{ PM_OPT("site", PM_O_STR, AN(in.site), "CODE",
	  N_("the site it concerns (default: the meeting's)")) },
	{ .name = NULL }
};

static int
do_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct new_args *a = args;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	if (a->due != NULL) {
		if (pm_action_due_parse(a->due, ctx->now, &a->in.due, &ctx->err) != 0)
			return pm_cli_usage(ctx, _("--due: %s"), ctx->err.msg);
		a->in.has_due = 1;
	}
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_action_new(ctx, &a->in, &id, &ctx->err)) != 0)
		return rc;
	pm_cli_new_id(ctx, id);
	return 0;
}

/* What one run of a changing verb applies to each action. */
struct each {
	pm_action_args act;
	pm_out *o;
};
#define AE(f) OFF(struct each, f)
#define AAT { PM_OPT("at", PM_O_TIME, AE(act.at), "TIME", N_("when it happened (default now)")), \
	.has = PM_HAS(struct each, act.has_at) }

static const pm_opt progress_opts[] = {
	{ PM_OPT("note", PM_O_TEXT, AE(act.text), "TEXT",
	  N_("what has been done so far")), .flags = PM_OF_REQUIRED, .field = "text" },
	AAT, { .name = NULL }
};
static const pm_opt done_opts[] = {
	{ PM_OPT("result", PM_O_TEXT, AE(act.text), "TEXT",
	  N_("what was achieved")), .flags = PM_OF_REQUIRED, .field = "text" },
	AAT, { .name = NULL }
};
static const pm_opt verify_opts[] = {
	{ PM_OPT("note", PM_O_TEXT, AE(act.text), "TEXT",
	  N_("management's remark")), .field = "text" },
	AAT, { .name = NULL }
};
static const pm_opt reason_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, AE(act.text), "TEXT",
	  N_("why")), .flags = PM_OF_REQUIRED, .field = "text" },
	AAT, { .name = NULL }
};
static const pm_opt assign_opts[] = {
	{ PM_OPT("owner", PM_O_STR, AE(act.owner), "LOGIN",
	  N_("the new responsible person")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("note", PM_O_TEXT, AE(act.text), "TEXT",
	  N_("why")), .field = "text" },
	AAT, { .name = NULL }
};

static const pm_col act_cols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "status", PM_C_TEXT, 0, 0, 0 },
	{ "owner", PM_C_ID, 0, 0, 0 }
};

static int
act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	static const int map[] = { PM_AC_ID, PM_AC_STATUS, PM_AC_OWNER };
	struct each *e = arg;
	pm_action_filter f;
	pm_action_iter *it = NULL;
	pm_action_row row;
	int rc;

	const char *perm;

	/* someone else's action needs action.work: asked here, so that a
	 * refusal is audited as one */
	if ((rc = pm_action_perm(ctx, ctx->verb, id, &perm, &ctx->err)) != 0 ||
	    (perm != NULL && (rc = pm_cli_require(ctx, perm)) != 0) ||
	    (rc = pm_action_act(ctx, ctx->verb, id, &e->act, &ctx->err)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	f.one = id.n;
	f.cols = PM_AC_BIT(PM_AC_ID) | PM_AC_BIT(PM_AC_STATUS) | PM_AC_BIT(PM_AC_OWNER);
	if ((rc = pm_action_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	if ((rc = pm_action_next(it, &row, &ctx->err)) == 1) {
		rc = 0;
		pm_out_cells(e->o, row.c, map);
	} else {
		rc = rc < 0 ? ctx->err.status : 0;
	}
	pm_action_iter_free(it);
	return rc;
}

static int
do_act(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct each *e = args;
	int rc;

	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	e->o = pm_cli_out(ctx, act_cols, 3);
	return pm_cli_each_id(ctx, argc, argv, stdin, 'A', act_one, e);
}

static int
do_escalate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)args;
	return pm_cli_escalate(ctx, argc, argv, 'A', pm_action_escalate);
}

/* The columns list and due print, in this order. */
static const int list_cols[] = {
	PM_AC_ID, PM_AC_CREATED, PM_AC_STATUS, PM_AC_OWNER, PM_AC_DEPT, PM_AC_SITE,
	PM_AC_SOURCE, PM_AC_DUE_END, PM_AC_LEVEL, PM_AC_TEXT
};
#define NLIST (int)(sizeof list_cols / sizeof list_cols[0])

struct list_args { pm_action_filter f; int has_limit; int64_t within; };
#define AL(f) OFF(struct list_args, f)

static const pm_opt list_opts[] = {
	{ PM_OPT("status", PM_O_STR, AL(f.status), "S",
	  N_("one state, or open (the default: not yet accepted or cancelled)")) },
	{ PM_OPT("open", PM_O_FLAG, AL(f.pending), NULL,
	  N_("only the actions with work pending (open, in_progress)")) },
	{ PM_OPT("overdue", PM_O_FLAG, AL(f.overdue), NULL,
	  N_("only actions past their due time")) },
	{ PM_OPT("due-within", PM_O_SPAN, AL(f.due_within), "SPAN",
	  N_("only actions due within SPAN")) },
	{ PM_OPT("owner", PM_O_STR, AL(f.owner), "LOGIN",
	  N_("owned by LOGIN")) },
	{ PM_OPT("site", PM_O_STR, AL(f.site), "CODE",
	  N_("at site CODE")) },
	{ PM_OPT("source", PM_O_STR, AL(f.source), "SRC",
	  N_("from a kind (G, C, W, report) or one source (G3, G3#2, C12, report:2026-11)")) },
	{ PM_OPT("all", PM_O_FLAG, AL(f.all), NULL,
	  N_("every state, verified and cancelled ones too")) },
	{ PM_OPT("limit", PM_O_COUNT, AL(f.limit), "N",
	  N_("at most N rows (0: all; default 50 in a terminal table)")),
	  .has = PM_HAS(struct list_args, has_limit) },
	{ .name = NULL }
};
static const pm_opt due_opts[] = {
	{ PM_OPT("within", PM_O_SPAN, AL(within), "SPAN",
	  N_("due from now to SPAN from now, and those late already (default 7d)")) },
	{ PM_OPT("owner", PM_O_STR, AL(f.owner), "LOGIN",
	  N_("owned by LOGIN")) },
	{ PM_OPT("site", PM_O_STR, AL(f.site), "CODE",
	  N_("at site CODE")) },
	{ .name = NULL }
};

static int
do_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct list_args *a = args;
	pm_action_filter *f = &a->f;
	pm_action_iter *it = NULL;
	pm_col cols[NLIST];
	pm_action_row row;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if (strcmp(ctx->verb, "due") == 0) {
		/* everything due by then, the late ones first */
		f->overdue = 1;
		f->due_within = a->within > 0 ? a->within : 7 * INT64_C(86400);
	}
	if (f->overdue && f->due_within > 0 && strcmp(ctx->verb, "due") != 0)
		return pm_cli_usage(ctx, _("--overdue or --due-within, not both"));
	if (!a->has_limit)
		f->limit = pm_cli_list_limit(ctx, f->overdue || f->due_within != 0);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f->cols = pm_cli_list_cols(ctx, pm_action_cols, list_cols, NLIST, PM_AC_ID, cols);
	if ((rc = pm_action_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, NLIST);
	while ((rc = pm_action_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, list_cols) != 0)
			break;
	pm_action_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_action_filter f;
	pm_action_iter *it = NULL;
	pm_action_row row;
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	memset(&f, 0, sizeof f);
	if (pm_id_parse(argv[0], 'A', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	f.one = id.n;
	if ((rc = pm_action_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_cli_show_found(ctx, pm_action_next(it, &row, &ctx->err), pm_action_cols, PM_AC_N,
	    row.c, "action", id, _("action %s: no such action"));
	pm_action_iter_free(it);
	return rc;
}

/* history: the action's timeline, one event a row, in the order written. */
static const pm_col history_cols[] = {
	{ "seq", PM_C_INT, 0, 0, PM_COL_KEY }, { "at", PM_C_TIME, 0, 0, 0 },
	{ "actor", PM_C_ID, 0, 0, 0 }, { "event", PM_C_TEXT, 0, 0, 0 },
	{ "note", PM_C_TEXT, 40, 0, 0 }, { "data", PM_C_JSON, 40, 0, 0 },
};

static int
history_row(void *arg, const pm_event *e)
{
	pm_out *o = arg;

	pm_out_int(o, 0, e->seq);
	pm_out_int(o, 1, e->at);
	pm_out_text(o, 2, e->actor);
	pm_out_text(o, 3, e->event);
	pm_out_text(o, 4, e->note);
	pm_out_text(o, 5, e->data);
	/* a failed write stops the walk; pm_out_finish reports it */
	return pm_out_row(o) != 0 ? -1 : 0;
}

static int
do_history(pm_ctx *ctx, void *args, int argc, char **argv)
{
	char status[32];
	pm_id id;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'A', &id, &ctx->err) != 0)
		return ctx->err.status;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_lifecycle_status(ctx, &pm_action_lifecycle, id.n, status, sizeof status,
	    &ctx->err)) != 0)
		return rc;
	rc = pm_timeline_each(ctx, "action", id.n, history_row, pm_cli_out(ctx, history_cols, 6),
	    &ctx->err);
	return rc == -1 ? 0 : rc;
}

/* ---- review ------------------------------------------------------------------ */

struct review_args { const char *month, *site, *kpi; };
#define AR(f) OFF(struct review_args, f)

static const pm_opt review_opts[] = {
	{ PM_OPT("month", PM_O_STR, AR(month), "YYYY-MM|this|last",
	  N_("the month reviewed (default last)")) },
	{ PM_OPT("site", PM_O_STR, AR(site), "CODE",
	  N_("only the meetings and actions of site CODE")) },
	{ PM_OPT("kpi", PM_O_STR, AR(kpi), "FILE",
	  N_("the month's KPIs, as pm-report kpi -o tsv writes them: the missed ones are listed")) },
	{ .name = NULL }
};

static void
date_of(pm_time t, char *buf, size_t n)
{
	if (t == 0)
		snprintf(buf, n, "-");
	else
		pm_time_format(t, PM_TF_DATE, buf, n);
}

/* The departments' names in the review's language: a department is
 * shown by its name, not its code. */
struct dept_names {
	char **code, **name;
	size_t n, cap;
	int zh;                 /* the document is Chinese: name_zh */
};

static int
dept_name_add(void *arg, const pm_dept *d)
{
	struct dept_names *dn = arg;
	const char *name = dn->zh ? d->name_zh : d->name_en;

	if (dn->n == dn->cap) {
		dn->cap = dn->cap ? dn->cap * 2 : 16;
		dn->code = realloc(dn->code, dn->cap * sizeof *dn->code);
		dn->name = realloc(dn->name, dn->cap * sizeof *dn->name);
		if (dn->code == NULL || dn->name == NULL)
			abort();
	}
	if (name == NULL || name[0] == '\0')
		name = dn->zh ? d->name_en : d->name_zh;
	dn->code[dn->n] = pm_xstrdup(d->code);
	dn->name[dn->n++] = pm_xstrdup(name != NULL && name[0] != '\0' ? name : d->code);
	return 0;
}

/* Department code's name; the code itself for one not listed. */
static const char *
dept_name(const struct dept_names *dn, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < dn->n; i++)
		if (strcmp(dn->code[i], code) == 0)
			return dn->name[i];
	return code;
}

static void
dept_names_free(struct dept_names *dn)
{
	size_t i;

	for (i = 0; i < dn->n; i++) {
		free(dn->code[i]);
		free(dn->name[i]);
	}
	free(dn->code);
	free(dn->name);
}

/* What the review's row writers need. */
struct review_out {
	pm_doc *d;
	const struct dept_names *depts;
};

static int
review_meeting(const struct review_out *ro, const pm_meeting_row *r)
{
	char held[16], att[24], iss[24];
	const char *cells[6];

	date_of(r->c[PM_MC_HELD].i, held, sizeof held);
	snprintf(att, sizeof att, "%lld", (long long)r->c[PM_MC_NATTENDEES].i);
	snprintf(iss, sizeof iss, "%lld", (long long)r->c[PM_MC_ISSUES].i);
	cells[0] = r->c[PM_MC_ID].s;
	cells[1] = held;
	cells[2] = dept_name(ro->depts, r->c[PM_MC_DEPT].s);
	cells[3] = r->c[PM_MC_TITLE].s;
	cells[4] = att;
	cells[5] = iss;
	pm_doc_row(ro->d, cells, 0);
	return 0;
}

static int
review_issue(void *arg, const pm_review_issue *r)
{
	const struct review_out *ro = arg;
	const char *cells[5];
	char held[16];

	date_of(r->held, held, sizeof held);
	cells[0] = r->ref;
	cells[1] = held;
	cells[2] = dept_name(ro->depts, r->dept);
	cells[3] = r->text;
	cells[4] = r->actions[0] != '\0' ? r->actions : "-";
	pm_doc_row(ro->d, cells, 0);
	return 0;
}

static const char *
state_word(const char *status)
{
	static const struct { const char *s, *w; } words[] = {
		{ "open", N_("open") }, { "in_progress", N_("in progress") },
		{ "done", N_("done, awaiting acceptance") }, { "verified", N_("accepted") },
		{ "cancelled", N_("cancelled") },
	};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcmp(words[i].s, status) == 0)
			return _(words[i].w);
	return status;
}

static int
review_action(void *arg, const pm_review_action *a)
{
	char due[16], done[16], owner[120];
	const char *cells[7];

	date_of(a->due, due, sizeof due);
	date_of(a->done, done, sizeof done);
	snprintf(owner, sizeof owner, "%s (%s)", a->owner_name, a->owner);
	cells[0] = a->id;
	cells[1] = a->text;
	cells[2] = owner;
	cells[3] = a->source;
	cells[4] = due;
	cells[5] = a->overdue ? _("overdue") : state_word(a->status);
	cells[6] = done;
	pm_doc_row(arg, cells, a->overdue);
	return 0;
}

struct kpi_out {
	pm_doc *d;
	int missed, table;
};

static int
review_kpi(void *arg, const pm_kpi_line *k)
{
	static const char *head[3];
	struct kpi_out *ko = arg;
	const char *cells[3];
	char name[200];

	if (k->met)
		return 0;
	if (!ko->table) {
		head[0] = _("KPI");
		head[1] = _("value");
		head[2] = _("target");
		pm_doc_table(ko->d, head, 3, 0x6);
		ko->table = 1;
	}
	/* the figure's label; md, which is pasted on into mails and
	 * tickets, adds the key that report.kpi sets the target by */
	if (k->label == NULL)
		cells[0] = k->kpi;
	else if (pm_doc_format(ko->d) == PM_DOC_MD) {
		snprintf(name, sizeof name, "%s (%s)", _(k->label), k->kpi);
		cells[0] = name;
	} else
		cells[0] = _(k->label);
	cells[1] = k->value;
	cells[2] = k->target;
	pm_doc_row(ko->d, cells, 1);
	ko->missed++;
	return 0;
}

static int
do_review(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct review_args *a = args;
	const char *mhead[6], *ihead[5], *ahead[7];
	char title[200], month[16], line[400];
	pm_meeting_iter *it = NULL;
	pm_meeting_filter f;
	pm_meeting_row row;
	pm_review_counts c;
	struct dept_names depts;
	struct review_out ro;
	struct kpi_out ko;
	const char *lang;
	pm_month m;
	pm_doc *d;
	int rc;

	(void)argc;
	(void)argv;
	if (pm_month_parse(a->month != NULL ? a->month : "last", ctx->now, &m, &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--month: %s"), ctx->err.msg);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_action_review_counts(ctx, m, a->site, &c, &ctx->err)) != 0)
		return rc;
	pm_month_format(m, month, sizeof month);
	if (a->site != NULL)
		snprintf(title, sizeof title, _("Work summary and improvement report %s (site %s)"),
		    month, a->site);
	else
		snprintf(title, sizeof title, _("Work summary and improvement report %s"), month);
	/* TRANSLATORS: the report's language tag (the HTML lang attribute):
	 * zh-CN for Chinese */
	lang = _("en");
	memset(&depts, 0, sizeof depts);
	depts.zh = strncmp(lang, "zh", 2) == 0;
	if ((rc = pm_org_dept_list(ctx, dept_name_add, &depts, &ctx->err)) != 0) {
		dept_names_free(&depts);
		return rc;
	}
	ro.depts = &depts;
	d = pm_doc_new(stdout, ctx->doc, title, lang);
	ro.d = d;
	snprintf(line, sizeof line, _("For management review.  Meetings held: %lld; issues "
	    "raised: %lld; actions opened: %lld, done: %lld, accepted: %lld, cancelled: %lld; "
	    "still open: %lld, of which overdue: %lld."), (long long)c.meetings,
	    (long long)c.issues, (long long)c.opened, (long long)c.done, (long long)c.verified,
	    (long long)c.cancelled, (long long)c.pending, (long long)c.overdue);
	pm_doc_para(d, line);

	/* 1. the meetings held */
	pm_doc_heading(d, 1, _("1. Department work meetings"));
	memset(&f, 0, sizeof f);
	f.from = pm_month_start(m);
	f.to = pm_month_end(m);
	f.site = a->site;
	f.asc = 1;
	if (c.meetings == 0) {
		pm_doc_para(d, _("No meetings were held this month."));
	} else {
		mhead[0] = _("meeting");
		mhead[1] = _("date");
		mhead[2] = _("department");
		mhead[3] = _("title");
		mhead[4] = _("attendees");
		mhead[5] = _("issues");
		pm_doc_table(d, mhead, 6, 0x30);
		if ((rc = pm_meeting_list(ctx, &f, &it, &ctx->err)) != 0)
			goto out;
		while ((rc = pm_meeting_next(it, &row, &ctx->err)) == 1)
			review_meeting(&ro, &row);
		pm_meeting_iter_free(it);
		if (rc < 0) {
			rc = ctx->err.status;
			goto out;
		}
		pm_doc_table_end(d);
	}

	/* 2. the problems and suggestions raised */
	pm_doc_heading(d, 1, _("2. Issues raised"));
	if (c.issues == 0) {
		pm_doc_para(d, _("No issues were recorded."));
	} else {
		ihead[0] = _("issue");
		ihead[1] = _("date");
		ihead[2] = _("department");
		ihead[3] = _("problem or suggestion");
		ihead[4] = _("actions");
		pm_doc_table(d, ihead, 5, 0);
		if ((rc = pm_action_review_issues(ctx, m, a->site, review_issue, &ro, &ctx->err)) != 0)
			goto out;
		pm_doc_table_end(d);
	}

	/* 3. the actions and who follows them up */
	pm_doc_heading(d, 1, _("3. Improvement actions"));
	pm_doc_para(d, _("Made this month, or still open when it began; the state as of this "
	    "report.  Overdue ones are marked."));
	ahead[0] = _("action");
	ahead[1] = _("measure");
	ahead[2] = _("owner");
	ahead[3] = _("source");
	ahead[4] = _("due");
	ahead[5] = _("state");
	ahead[6] = _("done");
	pm_doc_table(d, ahead, 7, 0);
	if ((rc = pm_action_review_actions(ctx, m, a->site, review_action, d, &ctx->err)) != 0)
		goto out;
	pm_doc_table_end(d);

	/* 4. the figures that missed their targets (pm-report kpi) */
	pm_doc_heading(d, 1, _("4. Targets missed"));
	if (a->kpi == NULL) {
		pm_doc_para(d, _("No KPI figures were given (--kpi FILE, from pm-report kpi)."));
	} else {
		memset(&ko, 0, sizeof ko);
		ko.d = d;
		if ((rc = pm_action_kpi_read(a->kpi, review_kpi, &ko, &ctx->err)) != 0)
			goto out;
		if (ko.table)
			pm_doc_table_end(d);
		else
			pm_doc_para(d, _("Every target was met."));
	}
out:
	dept_names_free(&depts);
	if (rc == 0)
		return pm_doc_finish(d, &ctx->err);
	pm_err e;
	pm_doc_finish(d, &e);
	return rc;
}

/* ---- the verbs ----------------------------------------------------------------- */

#define IDS .operands = "ID...|-", .min_ops = 1, .max_ops = -1
#define ACT(verb, opts_, perm_, help_) { .name = verb, .exec = do_act, \
	.flags = PM_V_WRITE, .perm = perm_, .opts = opts_, .args_size = sizeof(struct each), \
	IDS, .help = help_ }

static const pm_verb verbs[] = {
	/* meetings */
	{ .kind = "meeting", .name = "new", .exec = do_meeting_new, .flags = PM_V_WRITE,
	  .perm = "action.meeting", .opts = meeting_new_opts,
	  .args_size = sizeof(struct meeting_new_args),
	  .help = N_("record a department work meeting (工作总结会议) and print its ID\n"
	  "With its attendees and minutes; the issues raised are added with meeting issue.") },
	{ .kind = "meeting", .name = "issue", .exec = do_meeting_issue, .flags = PM_V_WRITE,
	  .perm = "action.meeting", .opts = meeting_issue_opts,
	  .args_size = sizeof(struct meeting_issue_args), .operands = "ID", .min_ops = 1,
	  .max_ops = 1,
	  .help = N_("record a problem or suggestion raised at a meeting\n"
	  "Prints the issue's reference, G3#2 (the meeting and its number in it).") },
	{ .kind = "meeting", .name = "list", .exec = do_meeting_list, .flags = PM_V_ICS,
	  .opts = meeting_list_opts, .args_size = sizeof(struct meeting_list_args),
	  .help = N_("list meetings, newest first\n"
	  "Columns: id held site dept nattendees issues title.  -o ics: a calendar of them.") },
	{ .kind = "meeting", .name = "show", .exec = do_meeting_show, .operands = "ID",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("show a meeting: its fields, attendees, minutes, the issues raised (its "
	  "timeline)\nand the actions made from it (its links)") },
	/* actions */
	{ .name = "new", .exec = do_new, .flags = PM_V_WRITE, .perm = "action.create",
	  .opts = new_opts, .args_size = sizeof(struct new_args),
	  .help = N_("set an improvement action with its responsible person; print its ID\n"
	  "--source names what it answers (a meeting, a contact, a work order, a month's\n"
	  "report); a record is linked to the action.  Without --due the limit comes from\n"
	  "action.limits.") },
	ACT("progress", progress_opts, "",
	    N_("record progress on actions (跟进)\n"
	    "The owner on their own actions; anyone else needs action.work.")),
	ACT("done", done_opts, "",
	    N_("the action is carried out: record the result; it awaits acceptance\n"
	    "The owner on their own actions; anyone else needs action.work.")),
	ACT("verify", verify_opts, "action.verify",
	    N_("accept done actions (management review)\n"
	    "Acceptance is by someone other than the action's owner.")),
	ACT("reopen", reason_opts, "action.close",
	    N_("reopen done, accepted or cancelled actions (the result is not accepted)\n"
	    "A due time that has passed is counted again from now.")),
	ACT("cancel", reason_opts, "action.close", N_("cancel actions")),
	ACT("assign", assign_opts, "action.create",
	    N_("give actions to another responsible person")),
	{ .name = "escalate", .exec = do_escalate, .flags = PM_V_WRITE | PM_V_BATCH,
	  .perm = "action.escalate", IDS,
	  .help = N_("escalate late actions one level per period of lateness\n"
	  "Prints id level responsible for each action escalated; nothing for actions not\n"
	  "late or already at their level, so reruns change nothing.") },
	{ .name = "list", .exec = do_list, .flags = PM_V_ICS, .opts = list_opts,
	  .args_size = sizeof(struct list_args),
	  .help = N_("list actions (the ones in play, the 50 newest first)\n"
	  "Columns: id created status owner dept site source due_end level text.\n"
	  "--overdue and --due-within sort by due time.  -o ics: a calendar of the due\n"
	  "times.") },
	{ .name = "due", .exec = do_list, .flags = PM_V_ICS, .opts = due_opts,
	  .args_size = sizeof(struct list_args),
	  .help = N_("the actions due soon and those late already, by due time\n"
	  "In list's columns; -o ics: a calendar to subscribe to.") },
	{ .name = "show", .exec = do_show, .operands = "ID", .min_ops = 1, .max_ops = 1,
	  .help = N_("show an action: its fields, timeline and links") },
	{ .name = "history", .exec = do_history, .operands = "ID", .min_ops = 1, .max_ops = 1,
	  .help = N_("the follow-up of an action, one event a row\n"
	  "Columns: seq at actor event note data.") },
	{ .name = "review", .exec = do_review, .flags = PM_V_DOC, .opts = review_opts,
	  .args_size = sizeof(struct review_args),
	  .help = N_("the month's written report for management review (书面报告)\n"
	  "Meetings held, issues raised, actions with owner, due date and state, and the\n"
	  "targets missed (--kpi).  -o text, md or html (one self-contained page for A4).") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-action",
	N_("Improvement: department work meetings, improvement actions, the monthly review."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
