/*
 * pm-unit — sites, buildings, units, occupants and vehicles.
 *
 * Every kind has the same verbs (new, list, show, set, import, export);
 * their options are the kind's fields (lib/domain/unit.h), so this file only
 * turns argv into records and records into output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "import.h"
#include "mask.h"
#include "org_perm.h"
#include "text.h"
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

/*
 * new and set take the kind's fields as options (move_in as --move-in),
 * each writing its value as text into the record; lib checks and
 * normalises them, so a field's rules live once, next to its table.
 * The tables are filled by opts_init before pm_cli_main reads them.
 */
static pm_opt new_opts[PM_P_NKINDS][PM_R_MAXF + 1];
static pm_opt set_opts[PM_P_NKINDS][PM_R_MAXF + 1];
static char opt_names[PM_P_NKINDS][PM_R_MAXF][24];

/* The value's name in usage: what the field holds. */
static const char *
field_arg(const pm_rfield *f, char *buf, size_t n)
{
	const char *w = f->name;
	size_t i;

	switch (f->type) {
	case PM_RF_ID: case PM_RF_IDNUM: return "ID";
	case PM_RF_TEXT: return strcmp(f->name, "name") == 0 ? "NAME" : "TEXT";
	case PM_RF_NAME: return "NAME";
	case PM_RF_INT: return "N";
	case PM_RF_MONEY: return "YUAN";
	case PM_RF_DATE: return "DATE";
	case PM_RF_BOOL: return "yes|no";
	case PM_RF_PHONE: return "PHONE";
	case PM_RF_PLATE: return "PLATE";
	case PM_RF_DEC:
		if (f->unit == NULL)
			return "N";
		w = f->unit;
		/* FALLTHROUGH */
	case PM_RF_ENUM:
		/* what it counts, or the word's field name, in capitals */
		for (i = 0; i + 1 < n && w[i] != '\0'; i++)
			buf[i] = w[i] >= 'a' && w[i] <= 'z' ? w[i] - 'a' + 'A' : w[i];
		buf[i] = '\0';
		return buf;
	default: return "CODE";
	}
}

static int key_field(pm_pkind k);

static void
opts_init(void)
{
	static char args[PM_P_NKINDS][PM_R_MAXF][16];
	const pm_rfield *f;
	int k, i, j, nf;

	for (k = 0; k < PM_P_NKINDS; k++) {
		f = pm_unit_fields((pm_pkind)k, &nf);
		for (i = 0; i < nf && i < PM_R_MAXF; i++) {
			pm_opt *o = &set_opts[k][i];

			for (j = 0; j < 23 && f[i].name[j] != '\0'; j++)
				opt_names[k][i][j] = f[i].name[j] == '_' ? '-' : f[i].name[j];
			o->name = opt_names[k][i];
			o->type = PM_O_STR;
			o->off = OFF(pm_rrec, v) + (size_t)i * sizeof(const char *);
			o->arg = field_arg(&f[i], args[k][i], sizeof args[k][i]);
			o->help = f[i].help;
			o->field = f[i].name;
			new_opts[k][i] = *o;
			/* new needs the required fields, but for the key (the
			 * operand) and the site (the only one, when left out) */
			if ((f[i].flags & PM_RF_REQ) && i != key_field((pm_pkind)k) &&
			    i != pm_unit_kind((pm_pkind)k)->scope)
				new_opts[k][i].flags = PM_OF_REQUIRED;
		}
	}
}

/* The field a positional operand names: the code, plate or occupant id. */
static int
key_field(pm_pkind k)
{
	return pm_unit_kind(k)->label;
}

/* --site left out: the only site, if there is exactly one. */
static int
default_site(pm_ctx *ctx, pm_pkind k, const char **site)
{
	if (*site != NULL || k == PM_P_SITE)
		return 0;
	*site = pm_unit_default_site(ctx, &ctx->err);
	if (*site == NULL && ctx->err.status == 0)
		return pm_cli_usage(ctx, _("%s: which site? use --site CODE"), ctx->verb);
	return ctx->err.status;
}

static int
do_put(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_pkind k = kind_of(ctx);
	pm_rmode mode = strstr(ctx->verb, " new") ? PM_PUT_NEW : PM_PUT_SET;
	pm_rrec *rec = args;
	const char *site = NULL;
	pm_rput res;
	int rc, kf = key_field(k), sf = pm_unit_field(k, "site");

	/* the operand is the key field (the verb table allows it only
	 * where there is one) */
	if (argc > 0)
		rec->v[kf] = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (sf >= 0 && !(k == PM_P_OCCUPANT && mode == PM_PUT_SET)) {
		site = rec->v[sf];
		if ((rc = default_site(ctx, k, &site)) != 0)
			return rc;
		rec->v[sf] = site;
	}
	if ((rc = pm_unit_put(ctx, k, rec, mode, &res, &ctx->err)) != 0)
		return rc;
	if (mode == PM_PUT_NEW) {
		/* new prints the key of what it made, for the next command */
		static const pm_col col[] = { { "key", PM_C_ID, 0, 0, PM_COL_KEY } };
		pm_out *o = pm_cli_out(ctx, col, 1);
		pm_out_text(o, 0, res.key);
		pm_out_row(o);
	}
	return 0;
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
	pm_col cols[PM_R_MAXF];
	pm_riter *it = NULL;
	pm_rrow row;
	pm_out *o;
	int nf, rc;

	if (is_show && argc > 0)
		flt->key = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (is_show && k != PM_P_SITE && k != PM_P_OCCUPANT &&
	    (rc = default_site(ctx, k, &flt->site)) != 0)
		return rc;
	if (is_export && !ctx->fmt_set)
		ctx->fmt = PM_FMT_CSV;
	nf = pm_unit_cols(k, is_export ? PM_R_EXPORT : 0, cols);
	if ((rc = pm_unit_list(ctx, k, flt, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, nf);
	while ((rc = pm_record_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, NULL) != 0)
			break;
	pm_record_iter_free(it);
	if (rc < 0)
		return ctx->err.status;
	if (is_show && pm_out_rows(o) == 0) {
		/* the key as typed, masked as an export masks it (a plate) */
		pm_col ec[PM_R_MAXF];
		pm_buf b, m;
		pm_unit_cols(k, PM_R_EXPORT, ec);
		pm_buf_init(&b);
		pm_buf_init(&m);
		pm_mask(&m, ec[key_field(k)].pii, flt->key);
		pm_text_fit(&b, m.s, 40, 0);
		rc = pm_err_set(&ctx->err, PM_EX_NOINPUT, _("%s %s: no such %s"), pm_pkind_name(k), b.s,
		    pm_pkind_name(k));
		pm_buf_free(&m);
		pm_buf_free(&b);
		return rc;
	}
	return 0;
}

static const pm_col import_cols[] = {
	{ "inserted", PM_C_INT, 0, 0, 0 },
	{ "updated", PM_C_INT, 0, 0, 0 },
	{ "unchanged", PM_C_INT, 0, 0, 0 },
};

struct import_args { int csv, jsonl; };

static const pm_opt import_opts[] = {
	{ .name = "csv", .type = PM_O_FLAG, .off = OFF(struct import_args, csv),
	  .help = N_("FILE is CSV") },
	{ .name = "jsonl", .type = PM_O_FLAG, .off = OFF(struct import_args, jsonl),
	  .help = N_("FILE is JSON Lines") },
	{ .name = NULL }
};

static int
do_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct import_args *a = args;
	pm_ifmt fmt = a->csv ? PM_IFMT_CSV : a->jsonl ? PM_IFMT_JSONL : PM_IFMT_AUTO;
	pm_icounts n;
	pm_out *o;
	int rc;

	(void)argc;
	if (a->csv && a->jsonl)
		return pm_cli_usage(ctx, _("%s: --csv or --jsonl, not both"), ctx->verb);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_unit_import(ctx, kind_of(ctx), argv[0], fmt, &n, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, import_cols, 3);
	pm_out_int(o, 0, n.inserted);
	pm_out_int(o, 1, n.updated);
	pm_out_int(o, 2, n.unchanged);
	pm_out_row(o);
	return 0;       /* -n: cli takes it all back (PM_V_DRYRUN) */
}

#define KIND(K, KEY, NEWKEY, NEWMAX, OPS) \
	{ .kind = #K, .name = "new", .exec = do_put, .flags = PM_V_WRITE, .perm = "unit.edit", \
	  .opts = new_opts[PM_P_##OPS], .args_size = sizeof(pm_rrec), .operands = NEWKEY, \
	  .max_ops = NEWMAX, .help = "add a " #K }, \
	{ .kind = #K, .name = "list", .exec = do_list, .flags = PM_V_UNMASK, .opts = list_opts, \
	  .args_size = sizeof(struct list_args), .help = LIST_HELP_##OPS }, \
	{ .kind = #K, .name = "show", .exec = do_list, .flags = PM_V_UNMASK, .opts = show_opts, \
	  .args_size = sizeof(struct list_args), .operands = KEY, .min_ops = 1, .max_ops = 1, \
	  .help = "show one " #K }, \
	{ .kind = #K, .name = "set", .exec = do_put, .flags = PM_V_WRITE, .perm = "unit.edit", \
	  .opts = set_opts[PM_P_##OPS], .args_size = sizeof(pm_rrec), .operands = KEY, \
	  .max_ops = 1, .help = "change a " #K \
	  "\nOnly the options given change; the key fields name the record." }, \
	{ .kind = #K, .name = "import", .exec = do_import, .flags = PM_V_WRITE | PM_V_DRYRUN, \
	  .perm = "unit.import", .opts = import_opts, .args_size = sizeof(struct import_args), \
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
	opts_init();
	return pm_cli_main(&tool, argc, argv);
}
