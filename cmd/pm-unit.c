/*
 * pm-unit — sites, buildings, units, occupants and vehicles.
 *
 * Every kind has the same verbs (new, list, show, set, import, export);
 * their options are the kind's fields (lib/domain/unit.h), turned into
 * options and columns by the front of every record kind (cli_record.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_record.h"
#include "org_perm.h"
#include "unit.h"

static pm_pkind
kind_of(const pm_ctx *ctx)
{
	pm_pkind k = PM_P_SITE;
	char name[32];
	size_t n = strcspn(ctx->verb, " ");

	snprintf(name, sizeof name, "%.*s", (int)n, ctx->verb);
	pm_pkind_parse(name, &k);
	return k;
}

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* new and set take the kind's fields as options (cli_record.h), filled
 * by main before pm_cli_main reads the verb table. */
static pm_cli_rkind opts[PM_P_NKINDS];

static int
do_put(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_pkind k = kind_of(ctx);
	pm_rmode mode = strstr(ctx->verb, " new") ? PM_PUT_NEW : PM_PUT_SET;

	/* an occupant is changed by its number: its site comes from it */
	return pm_cli_record_put(ctx, pm_unit_kind(k), args, mode,
	    k == PM_P_OCCUPANT && mode == PM_PUT_SET ? 0 : PM_CLI_R_SITE, argc, argv);
}

/* list and export filter; show names one record and may name its site. */
struct list_args { pm_pfilter f; };
#define L(f) OFF(struct list_args, f)
#define SITE_OPT { .name = "site", .type = PM_O_STR, .off = L(f.site), .arg = "CODE", \
	.help = N_("at site CODE") }

static const pm_opt list_opts[] = {
	SITE_OPT,
	{ .name = "building", .type = PM_O_STR, .off = L(f.building), .arg = "CODE",
	  .help = N_("in building CODE (units, occupants)") },
	{ .name = "unit", .type = PM_O_STR, .off = L(f.unit), .arg = "CODE",
	  .help = N_("of unit CODE (occupants, vehicles)") },
	{ .name = "kind", .type = PM_O_STR, .off = L(f.kind), .arg = "KIND",
	  .help = N_("of one kind (sites, units)") },
	{ .name = "state", .type = PM_O_STR, .off = L(f.state), .arg = "STATE",
	  .help = N_("in one state (units)") },
	{ .name = "role", .type = PM_O_STR, .off = L(f.role), .arg = "ROLE",
	  .help = N_("in one role (occupants)") },
	{ .name = "all", .type = PM_O_FLAG, .off = L(f.all),
	  .help = N_("former occupants, inactive sites and vehicles too") },
	{ .name = NULL }
};
static const pm_opt show_opts[] = { SITE_OPT, { .name = NULL } };

/* list, show and export: one loop, different defaults. */
static int
do_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_pkind k = kind_of(ctx);
	int is_export = strstr(ctx->verb, " export") != NULL;
	int is_show = strstr(ctx->verb, " show") != NULL;
	pm_pfilter *flt = &((struct list_args *)args)->f;
	pm_riter *it = NULL;
	int rc;

	if (is_show && argc > 0)
		flt->key = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (is_show && k != PM_P_SITE && k != PM_P_OCCUPANT &&
	    (rc = pm_cli_record_site(ctx, &flt->site)) != 0)
		return rc;
	if ((rc = pm_unit_list(ctx, k, flt, &it, &ctx->err)) != 0)
		return rc;
	return pm_cli_record_print(ctx, pm_unit_kind(k), it, is_export ? PM_R_EXPORT : 0,
	    is_show ? flt->key : NULL);
}

static int
do_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	return pm_cli_record_import(ctx, pm_unit_kind(kind_of(ctx)), args, argv[0]);
}

#define KIND(K, KEY, NEWKEY, NEWMAX, OPS) \
	{ .kind = #K, .name = "new", .exec = do_put, .flags = PM_V_WRITE, .perm = "unit.edit", \
	  .opts = opts[PM_P_##OPS].new_opts, .args_size = sizeof(pm_rrec), .operands = NEWKEY, \
	  .max_ops = NEWMAX, .help = "add a " #K }, \
	{ .kind = #K, .name = "list", .exec = do_list, .flags = PM_V_UNMASK, .opts = list_opts, \
	  .args_size = sizeof(struct list_args), .help = LIST_HELP_##OPS }, \
	{ .kind = #K, .name = "show", .exec = do_list, .flags = PM_V_UNMASK, .opts = show_opts, \
	  .args_size = sizeof(struct list_args), .operands = KEY, .min_ops = 1, .max_ops = 1, \
	  .help = "show one " #K }, \
	{ .kind = #K, .name = "set", .exec = do_put, .flags = PM_V_WRITE, .perm = "unit.edit", \
	  .opts = opts[PM_P_##OPS].set_opts, .args_size = sizeof(pm_rrec), .operands = KEY, \
	  .max_ops = 1, .help = "change a " #K \
	  "\nOnly the options given change; the key fields name the record." }, \
	{ .kind = #K, .name = "import", .exec = do_import, .flags = PM_V_WRITE | PM_V_DRYRUN, \
	  .perm = "unit.import", .opts = pm_cli_import_opts, .args_size = sizeof(pm_cli_import_args), \
	  .operands = "FILE", .min_ops = 1, .max_ops = 1, \
	  .help = "import " #K "s from CSV or JSON Lines\n" \
	  "All or nothing: the first bad row is reported as FILE:LINE and nothing is\n" \
	  "written.  Records are matched by natural key; a second run of the same\n" \
	  "file changes nothing.  Prints inserted, updated, unchanged.  -n: check only." }, \
	{ .kind = #K, .name = "export", .exec = do_list, .flags = PM_V_UNMASK, .opts = list_opts, \
	  .args_size = sizeof(struct list_args), \
	  .help = "export " #K "s (CSV unless -o), in the columns import reads\n" \
	  "Personal data, names included, is masked unless --unmask --reason." }

#define LIST_HELP_SITE N_("list sites\nColumns: code name kind address active.")
#define LIST_HELP_BUILDING N_("list buildings\nColumns: site code name floors.")
#define LIST_HELP_UNIT N_("list units\nColumns: site code building floor area kind state handover.")
#define LIST_HELP_OCCUPANT N_("list current occupants (--all: former ones too)\n" \
	"Columns: id site unit name role move_in move_out phone id_number.")
#define LIST_HELP_VEHICLE N_("list vehicles\nColumns: site plate unit space active.")

/* The help lines KIND spells, listed for `make pot` (xgettext reads
 * through #if 0; cli translates .help when it prints it).  Keep in step
 * with KIND: the zh_CN help test finds a line left untranslated. */
#if 0
N_("add a site")
N_("show one site")
N_("change a site\nOnly the options given change; the key fields name the record.")
N_("import sites from CSV or JSON Lines\n"
	"All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	"written.  Records are matched by natural key; a second run of the same\n"
	"file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.")
N_("export sites (CSV unless -o), in the columns import reads\n"
	"Personal data, names included, is masked unless --unmask --reason.")
N_("add a building")
N_("show one building")
N_("change a building\nOnly the options given change; the key fields name the record.")
N_("import buildings from CSV or JSON Lines\n"
	"All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	"written.  Records are matched by natural key; a second run of the same\n"
	"file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.")
N_("export buildings (CSV unless -o), in the columns import reads\n"
	"Personal data, names included, is masked unless --unmask --reason.")
N_("add a unit")
N_("show one unit")
N_("change a unit\nOnly the options given change; the key fields name the record.")
N_("import units from CSV or JSON Lines\n"
	"All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	"written.  Records are matched by natural key; a second run of the same\n"
	"file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.")
N_("export units (CSV unless -o), in the columns import reads\n"
	"Personal data, names included, is masked unless --unmask --reason.")
N_("add a occupant")
N_("show one occupant")
N_("change a occupant\nOnly the options given change; the key fields name the record.")
N_("import occupants from CSV or JSON Lines\n"
	"All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	"written.  Records are matched by natural key; a second run of the same\n"
	"file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.")
N_("export occupants (CSV unless -o), in the columns import reads\n"
	"Personal data, names included, is masked unless --unmask --reason.")
N_("add a vehicle")
N_("show one vehicle")
N_("change a vehicle\nOnly the options given change; the key fields name the record.")
N_("import vehicles from CSV or JSON Lines\n"
	"All or nothing: the first bad row is reported as FILE:LINE and nothing is\n"
	"written.  Records are matched by natural key; a second run of the same\n"
	"file changes nothing.  Prints inserted, updated, unchanged.  -n: check only.")
N_("export vehicles (CSV unless -o), in the columns import reads\n"
	"Personal data, names included, is masked unless --unmask --reason.")
#endif

/* An occupant has no key to give to new: lib numbers it. */
static const pm_verb verbs[] = {
	KIND(site, "CODE", "[CODE]", 1, SITE),
	KIND(building, "CODE", "[CODE]", 1, BUILDING),
	KIND(unit, "CODE", "[CODE]", 1, UNIT),
	KIND(occupant, "ID", "", 0, OCCUPANT),
	KIND(vehicle, "PLATE", "[PLATE]", 1, VEHICLE),
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-unit",
	N_("Sites, buildings, units, occupants and vehicles; import and export."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	int k;

	for (k = 0; k < PM_P_NKINDS; k++)
		pm_cli_record_init(&opts[k], pm_unit_kind((pm_pkind)k), 0);
	return pm_cli_main(&tool, argc, argv);
}
