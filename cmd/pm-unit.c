/*
 * pm-unit — sites, buildings, units, occupants and vehicles.
 *
 * Every kind has the same verbs (new, list, show, set, import, export);
 * their options are the kind's fields (lib/domain/unit.h), so this file only
 * turns argv into records and records into output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "import.h"
#include "perm.h"
#include "text.h"
#include "unit.h"

/* Long options: the kind's fields (move_in as --move-in) then the
 * verbs' own.  Option values >= 256 are fields, 256 + index. */
enum {
	O_SITE = 1, O_BUILDING, O_UNIT, O_KIND, O_STATE, O_ROLE, O_ALL, O_UNMASK, O_REASON,
	O_CSV, O_JSONL, O_FIELD = 256
};

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

/* Option names with '-' for '_', kept for the life of the command. */
static char optnames[PM_P_MAXF][24];

static int
field_options(pm_pkind k, struct option *o, int n)
{
	const pm_pfield *f;
	int nf, i, j;

	f = pm_unit_fields(k, &nf);
	for (i = 0; i < nf && n < 40; i++) {
		for (j = 0; j < 23 && f[i].name[j] != '\0'; j++)
			optnames[i][j] = f[i].name[j] == '_' ? '-' : f[i].name[j];
		optnames[i][j] = '\0';
		o[n].name = optnames[i];
		o[n].has_arg = required_argument;
		o[n].flag = NULL;
		o[n].val = O_FIELD + i;
		n++;
	}
	return n;
}

static int
add_option(struct option *o, int n, const char *name, int arg, int val)
{
	o[n].name = name;
	o[n].has_arg = arg;
	o[n].flag = NULL;
	o[n].val = val;
	return n + 1;
}

/* The field a positional operand names: the code, plate or occupant id. */
static int
key_field(pm_pkind k)
{
	const pm_pfield *f;
	int nf, i;

	f = pm_unit_fields(k, &nf);
	for (i = 0; i < nf; i++)
		if (f[i].type == PM_PF_ID || f[i].type == PM_PF_CODE || f[i].type == PM_PF_PLATE)
			return i;
	return -1;
}

/* --site left out: the only site, if there is exactly one. */
static int
default_site(pm_ctx *ctx, pm_pkind k, const char **site)
{
	if (*site != NULL || k == PM_P_SITE)
		return 0;
	*site = pm_unit_default_site(ctx, &ctx->err);
	if (*site == NULL && ctx->err.status == 0)
		return pm_cli_usage(ctx, "%s: which site? use --site CODE", ctx->verb);
	return ctx->err.status;
}

static int
do_put(pm_ctx *ctx, int argc, char **argv)
{
	pm_pkind k = kind_of(ctx);
	pm_pmode mode = strstr(ctx->verb, " new") ? PM_PUT_NEW : PM_PUT_SET;
	struct option lo[48];
	const char *site = NULL;
	pm_pput res;
	pm_prec rec;
	int n, c, rc, kf = key_field(k), sf = pm_unit_field(k, "site");

	memset(&rec, 0, sizeof rec);
	memset(lo, 0, sizeof lo);
	n = field_options(k, lo, 0);
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == '?')
			return PM_EX_USAGE;
		rec.v[c - O_FIELD] = optarg;
	}
	(void)n;
	if (optind < argc) {
		if (kf < 0 || (k == PM_P_OCCUPANT && mode == PM_PUT_NEW))
			return pm_cli_usage(ctx, "%s: unexpected operand '%s'", ctx->verb, argv[optind]);
		rec.v[kf] = argv[optind++];
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "%s: one record at a time", ctx->verb);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (sf >= 0 && !(k == PM_P_OCCUPANT && mode == PM_PUT_SET)) {
		site = rec.v[sf];
		if ((rc = default_site(ctx, k, &site)) != 0)
			return rc;
		rec.v[sf] = site;
	}
	if ((rc = pm_unit_put(ctx, k, &rec, mode, &res, &ctx->err)) != 0)
		return rc;
	if (mode == PM_PUT_NEW) {
		/* new prints the key of what it made, for the next command */
		static const pm_col col[] = { { "key", PM_C_ID, 0 } };
		pm_out *o = pm_cli_out(ctx, col, 1);
		pm_out_text(o, 0, res.key);
		pm_out_row(o);
	}
	return 0;
}

static pm_ctype
ctype_of(pm_ptype t)
{
	switch (t) {
	case PM_PF_ID: case PM_PF_INT: return PM_C_INT;
	case PM_PF_AREA: return PM_C_DEC2;
	case PM_PF_CODE: case PM_PF_SITE: case PM_PF_BUILDING: case PM_PF_UNIT: return PM_C_ID;
	default: return PM_C_TEXT;
	}
}

/* list, show and export: one loop, different defaults. */
static int
do_list(pm_ctx *ctx, int argc, char **argv)
{
	pm_pkind k = kind_of(ctx);
	int is_export = strstr(ctx->verb, " export") != NULL;
	int is_show = strstr(ctx->verb, " show") != NULL;
	struct option lo[24];
	pm_col cols[PM_P_MAXF];
	const pm_pfield *f;
	pm_pfilter flt;
	pm_piter *it = NULL;
	pm_prow row;
	pm_out *o;
	const char *reason = NULL;
	unsigned show = is_export ? PM_P_EXPORT : 0;
	int n = 0, nf, c, i, rc, unmask = 0;

	memset(&flt, 0, sizeof flt);
	memset(lo, 0, sizeof lo);
	n = add_option(lo, n, "site", required_argument, O_SITE);
	if (!is_show) {
		n = add_option(lo, n, "building", required_argument, O_BUILDING);
		n = add_option(lo, n, "unit", required_argument, O_UNIT);
		n = add_option(lo, n, "kind", required_argument, O_KIND);
		n = add_option(lo, n, "state", required_argument, O_STATE);
		n = add_option(lo, n, "role", required_argument, O_ROLE);
		n = add_option(lo, n, "all", no_argument, O_ALL);
	}
	n = add_option(lo, n, "unmask", no_argument, O_UNMASK);
	n = add_option(lo, n, "reason", required_argument, O_REASON);
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case O_SITE: flt.site = optarg; break;
		case O_BUILDING: flt.building = optarg; break;
		case O_UNIT: flt.unit = optarg; break;
		case O_KIND: flt.kind = optarg; break;
		case O_STATE: flt.state = optarg; break;
		case O_ROLE: flt.role = optarg; break;
		case O_ALL: flt.all = 1; break;
		case O_UNMASK: unmask = 1; break;
		case O_REASON: reason = optarg; break;
		default: return PM_EX_USAGE;
		}
	}
	if (is_show) {
		if (argc - optind != 1)
			return pm_cli_usage(ctx, "%s: name one record", ctx->verb);
		flt.key = argv[optind];
	} else if (optind < argc) {
		return pm_cli_usage(ctx, "%s: unexpected operand '%s'", ctx->verb, argv[optind]);
	}
	if (reason != NULL && !unmask)
		return pm_cli_usage(ctx, "--reason goes with --unmask");
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (unmask) {
		if ((rc = pm_cli_unmask(ctx, reason)) != 0)
			return rc;
		show |= PM_P_UNMASK;
	}
	if (is_show && k != PM_P_SITE && k != PM_P_OCCUPANT &&
	    (rc = default_site(ctx, k, &flt.site)) != 0)
		return rc;
	if (is_export && !ctx->fmt_set)
		ctx->fmt = PM_FMT_CSV;
	f = pm_unit_fields(k, &nf);
	for (i = 0; i < nf; i++) {
		cols[i].name = f[i].name;
		cols[i].type = ctype_of(f[i].type);
		cols[i].maxw = f[i].type == PM_PF_TEXT ? 30 : 0;
	}
	if ((rc = pm_unit_list(ctx, k, &flt, show, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, nf);
	while ((rc = pm_unit_next(it, &row, &ctx->err)) == 1) {
		for (i = 0; i < nf; i++) {
			if (row.v[i] == NULL)
				pm_out_null(o, i);
			else if (cols[i].type == PM_C_INT || cols[i].type == PM_C_DEC2)
				pm_out_int(o, i, row.i[i]);
			else
				pm_out_text(o, i, row.v[i]);
		}
		if (pm_out_row(o) != 0)
			break;
	}
	pm_unit_iter_free(it);
	if (rc < 0)
		return ctx->err.status;
	if (is_show && pm_out_rows(o) == 0) {
		pm_buf b;
		pm_buf_init(&b);
		pm_text_fit(&b, flt.key, 40, 0);
		rc = pm_err_set(&ctx->err, PM_EX_NOINPUT, "%s %s: not found", pm_pkind_name(k), b.s);
		pm_buf_free(&b);
		return rc;
	}
	return 0;
}

static const pm_col import_cols[] = {
	{ "inserted", PM_C_INT, 0 },
	{ "updated", PM_C_INT, 0 },
	{ "unchanged", PM_C_INT, 0 },
};

static int
do_import(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "csv", no_argument, NULL, O_CSV },
		{ "jsonl", no_argument, NULL, O_JSONL },
		{ NULL, 0, NULL, 0 }
	};
	pm_pkind k = kind_of(ctx);
	pm_icol icols[PM_P_MAXF];
	pm_ifmt fmt = PM_IFMT_AUTO;
	const pm_pfield *f;
	pm_import *imp = NULL;
	long counts[3] = { 0, 0, 0 };
	pm_pput res;
	pm_prec rec;
	pm_out *o;
	int nf, i, c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == O_CSV)
			fmt = PM_IFMT_CSV;
		else if (c == O_JSONL)
			fmt = PM_IFMT_JSONL;
		else
			return PM_EX_USAGE;
	}
	if (argc - optind != 1)
		return pm_cli_usage(ctx, "%s: give one FILE (or - for stdin)", ctx->verb);
	f = pm_unit_fields(k, &nf);
	for (i = 0; i < nf; i++) {
		icols[i].name = f[i].name;
		icols[i].required = (f[i].flags & PM_PF_KEY) != 0;
	}
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if ((rc = pm_import_open(argv[optind], fmt, icols, nf, &imp, &ctx->err)) != 0)
		return rc;
	while ((rc = pm_import_next(imp, &ctx->err)) == 1) {
		for (i = 0; i < nf; i++)
			rec.v[i] = pm_import_get(imp, i);
		if ((rc = pm_unit_put(ctx, k, &rec, PM_PUT_UPSERT, &res, &ctx->err)) != 0) {
			/* name the line, keep the reason (and its status) */
			char where[300];
			snprintf(where, sizeof where, "%s:%ld", pm_import_file(imp),
			    pm_import_line(imp));
			pm_err_prefix(&ctx->err, "%s", where);
			break;
		}
		counts[res.change]++;
	}
	pm_import_close(imp);
	if (rc != 0)
		return rc;
	o = pm_cli_out(ctx, import_cols, 3);
	pm_out_int(o, 0, counts[PM_P_INSERTED]);
	pm_out_int(o, 1, counts[PM_P_UPDATED]);
	pm_out_int(o, 2, counts[PM_P_UNCHANGED]);
	pm_out_row(o);
	/* -n: everything was checked and written; now take it back */
	if (ctx->dry_run)
		pm_db_rollback(ctx->db);
	return 0;
}

#define LISTOPTS "[--site CODE] [--building CODE] [--unit CODE] [--kind KIND] [--state STATE]\n" \
	"       [--role ROLE] [--all] [--unmask --reason TEXT]"
#define KINDVERBS(K, KEY, NEWOPTS, LISTHELP) \
	{ K, "new", do_put, PM_V_WRITE, "unit.edit", KEY NEWOPTS, "add a " K }, \
	{ K, "list", do_list, 0, NULL, LISTOPTS, LISTHELP }, \
	{ K, "show", do_list, 0, NULL, "[--site CODE] [--unmask --reason TEXT] " KEY, \
	  "show one " K }, \
	{ K, "set", do_put, PM_V_WRITE, "unit.edit", KEY NEWOPTS, "change a " K \
	  "\nOnly the options given change; the key fields name the record." }, \
	{ K, "import", do_import, PM_V_WRITE | PM_V_DRYRUN, "unit.import", "[--csv | --jsonl] FILE", \
	  "import " K "s from CSV or JSON Lines\n" \
	  "All or nothing: the first bad row is reported as FILE:LINE and nothing is\n" \
	  "written.  Records are matched by natural key; a second run of the same\n" \
	  "file changes nothing.  Prints inserted, updated, unchanged.  -n: check only." }, \
	{ K, "export", do_list, 0, NULL, LISTOPTS, \
	  "export " K "s (CSV unless -o), in the columns import reads\n" \
	  "Personal data, names included, is masked unless --unmask --reason." }

static const pm_verb verbs[] = {
	KINDVERBS("site", "CODE", " --name NAME --kind KIND [--address TEXT] [--active yes|no]",
	    "list sites\nColumns: code name kind address active."),
	KINDVERBS("building", "CODE", " [--site CODE] [--name NAME] [--floors N]",
	    "list buildings\nColumns: site code name floors."),
	KINDVERBS("unit", "CODE", " [--site CODE] --area M2 [--building CODE] [--floor N]\n"
	    "       [--kind KIND] [--state STATE] [--handover DATE]",
	    "list units\nColumns: site code building floor area kind state handover."),
	KINDVERBS("occupant", "ID", " [--site CODE] --unit CODE --name NAME --role ROLE\n"
	    "       --move-in DATE [--move-out DATE] [--phone PHONE] [--id-number ID]",
	    "list current occupants (--all: former ones too)\n"
	    "Columns: id site unit name role move_in move_out phone id_number."),
	KINDVERBS("vehicle", "PLATE", " [--site CODE] [--unit CODE] [--space CODE] [--active yes|no]",
	    "list vehicles\nColumns: site plate unit space active."),
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const pm_tool tool = {
	"pm-unit",
	"Sites, buildings, units, occupants and vehicles; import and export.",
	verbs,
	pm_perm_by_roles
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
