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
#include "cli_record.h"
#include "equip.h"
#include "org_perm.h"

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

/* list, show and export: one loop, different defaults. */
static int
equip_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_equip_filter *f = &((struct equip_list_args *)args)->f;
	int is_show = strcmp(ctx->verb, "equip show") == 0;
	pm_riter *it = NULL;
	int rc;

	if (is_show && argc > 0)
		f->key = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (is_show && (rc = pm_cli_record_site(ctx, &f->site)) != 0)
		return rc;
	if ((rc = pm_equip_list(ctx, f, &it, &ctx->err)) != 0)
		return rc;
	/* show prints the record alone; the equipment's maintenance
	 * history and open work orders come after it once work orders
	 * exist (workorder.h: the later module reads equipment, never
	 * the other way) */
	return pm_cli_record_print(ctx, pm_equip_kind(), it,
	    strcmp(ctx->verb, "equip export") == 0 ? PM_R_EXPORT : 0, is_show ? f->key : NULL);
}

struct equip_retire_args { const char *site, *reason, *date; };
#define ER(f) OFF(struct equip_retire_args, f)
static const pm_opt equip_retire_opts[] = {
	{ .name = "site", .type = PM_O_STR, .off = ER(site), .arg = "CODE",
	  .help = N_("at site CODE") },
	{ .name = "reason", .type = PM_O_STR, .off = ER(reason), .arg = "TEXT",
	  .help = N_("why it is retired"), .flags = PM_OF_REQUIRED, .field = "retire_reason" },
	{ .name = "date", .type = PM_O_STR, .off = ER(date), .arg = "DATE",
	  .help = N_("retired on DATE (default: today)"), .field = "retired" },
	{ .name = NULL }
};

static int
equip_retire(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct equip_retire_args *a = args;
	pm_rput res;
	int rc;

	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_cli_record_site(ctx, &a->site)) != 0)
		return rc;
	return pm_equip_retire(ctx, a->site, argv[0], a->date, a->reason, &res, &ctx->err);
}

static int
equip_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_import(ctx, pm_equip_kind(), args, argv[0]);
}

/* ---- plans --------------------------------------------------------------- */

/* ---- work orders --------------------------------------------------------- */

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
	  .perm = "equipment.edit", .opts = equip_retire_opts,
	  .args_size = sizeof(struct equip_retire_args), .operands = "CODE", .min_ops = 1,
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
	/* work orders */
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
