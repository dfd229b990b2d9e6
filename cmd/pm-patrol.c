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
#include "hazard.h"
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- checkpoints, routes and rounds --------------------------------------- */

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

static const pm_verb verbs[] = {
	/* checkpoints, routes and rounds */
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
	return pm_cli_main(&tool, argc, argv);
}
