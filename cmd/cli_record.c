/*
 * cli_record.c — the front of a record kind; see cli_record.h.
 *
 * Moved down from pm-unit when pm-workorder's equipment became the
 * second tool with record kinds: one place turns field tables into
 * options and rows into output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli_record.h"
#include "import.h"
#include "mask.h"
#include "text.h"
#include "unit.h"

/* The value's name in usage: what the field holds. */
static const char *
field_arg(const pm_rfield *f, char *buf, size_t n)
{
	const char *w = f->name;
	size_t i;

	switch (f->type) {
	case PM_RF_ID: case PM_RF_IDNUM: return "ID";
	case PM_RF_TEXT:
		if (f->flags & PM_RF_HOOK)
			goto capitals;  /* a word of the kind's own: KIND */
		return strcmp(f->name, "name") == 0 ? "NAME" : "TEXT";
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
	capitals:
		/* what it counts, or the word's field name, in capitals */
		for (i = 0; i + 1 < n && w[i] != '\0'; i++)
			buf[i] = w[i] >= 'a' && w[i] <= 'z' ? w[i] - 'a' + 'A' : w[i];
		buf[i] = '\0';
		return buf;
	case PM_RF_REF:
		/* a reference by another key than a code: a login */
		return f->ref_key != NULL && strcmp(f->ref_key, "login") == 0 ? "LOGIN" : "CODE";
	default: return "CODE";
	}
}

void
pm_cli_record_init(pm_cli_rkind *r, const pm_rkind *k, unsigned skip)
{
	const pm_rfield *f = k->fl;
	int i, j, n = 0;

	memset(r, 0, sizeof *r);
	r->k = k;
	for (i = 0; i < k->nf && i < PM_R_MAXF; i++) {
		pm_opt *o = &r->set_opts[n];

		if (skip & (1u << i))
			continue;
		for (j = 0; j < 23 && f[i].name[j] != '\0'; j++)
			r->names[n][j] = f[i].name[j] == '_' ? '-' : f[i].name[j];
		o->name = r->names[n];
		o->type = PM_O_STR;
		o->off = offsetof(pm_rrec, v) + (size_t)i * sizeof(const char *);
		o->arg = field_arg(&f[i], r->args[n], sizeof r->args[n]);
		o->help = f[i].help;
		o->field = f[i].name;
		r->new_opts[n] = *o;
		/* new needs the required fields, but for the key (the
		 * operand) and the site (the only one, when left out) */
		if ((f[i].flags & PM_RF_REQ) && i != k->label && i != k->scope)
			r->new_opts[n].flags = PM_OF_REQUIRED;
		n++;
	}
}

int
pm_cli_record_site(pm_ctx *ctx, const char **site)
{
	if (*site != NULL)
		return 0;
	*site = pm_unit_default_site(ctx, &ctx->err);
	if (*site == NULL && ctx->err.status == 0)
		return pm_cli_usage(ctx, _("%s: which site? use --site CODE"), ctx->verb);
	return ctx->err.status;
}

int
pm_cli_record_put(pm_ctx *ctx, const pm_rkind *k, pm_rrec *rec, pm_rmode mode,
    unsigned flags, int argc, char **argv)
{
	int rc, sf = pm_record_field(k, "site");
	pm_rput res;

	/* the operand is the key field (the verb table allows it only
	 * where there is one) */
	if (argc > 0)
		rec->v[k->label] = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if ((flags & PM_CLI_R_SITE) && sf >= 0 && (rc = pm_cli_record_site(ctx, &rec->v[sf])) != 0)
		return rc;
	if ((rc = pm_record_put(ctx, k, rec, mode, &res, &ctx->err)) != 0)
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

int
pm_cli_record_print(pm_ctx *ctx, const pm_rkind *k, pm_riter *it, unsigned show,
    const char *key)
{
	pm_col cols[PM_R_MAXF];
	pm_rrow row;
	pm_out *o;
	int nf, rc;

	if ((show & PM_R_EXPORT) && !ctx->fmt_set)
		ctx->fmt = PM_FMT_CSV;
	nf = pm_record_cols(k, show, cols);
	o = pm_cli_out(ctx, cols, nf);
	while ((rc = pm_record_next(it, &row, &ctx->err)) == 1)
		if (pm_out_cells(o, row.c, NULL) != 0)
			break;
	pm_record_iter_free(it);
	if (rc < 0)
		return ctx->err.status;
	if (key != NULL && pm_out_rows(o) == 0) {
		/* the key as typed, masked as an export masks it (a plate) */
		pm_col ec[PM_R_MAXF];
		pm_buf b, m;

		pm_record_cols(k, PM_R_EXPORT, ec);
		pm_buf_init(&b);
		pm_buf_init(&m);
		pm_mask(&m, ec[k->label].pii, key);
		pm_text_fit(&b, m.s, 40, 0);
		rc = pm_err_set(&ctx->err, PM_EX_NOINPUT, _("%s %s: no such %s"), k->name, b.s,
		    k->name);
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

const pm_opt pm_cli_import_opts[] = {
	{ .name = "csv", .type = PM_O_FLAG, .off = offsetof(pm_cli_import_args, csv),
	  .help = N_("FILE is CSV") },
	{ .name = "jsonl", .type = PM_O_FLAG, .off = offsetof(pm_cli_import_args, jsonl),
	  .help = N_("FILE is JSON Lines") },
	{ .name = NULL }
};

int
pm_cli_record_import(pm_ctx *ctx, const pm_rkind *k, const pm_cli_import_args *a,
    const char *path)
{
	pm_ifmt fmt = a->csv ? PM_IFMT_CSV : a->jsonl ? PM_IFMT_JSONL : PM_IFMT_AUTO;
	pm_icounts n;
	pm_out *o;
	int rc;

	if (a->csv && a->jsonl)
		return pm_cli_usage(ctx, _("%s: --csv or --jsonl, not both"), ctx->verb);
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_record_import(ctx, k, path, fmt, &n, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, import_cols, 3);
	pm_out_int(o, 0, n.inserted);
	pm_out_int(o, 1, n.updated);
	pm_out_int(o, 2, n.unchanged);
	pm_out_row(o);
	return 0;       /* -n: cli takes it all back (PM_V_DRYRUN) */
}

const pm_opt pm_cli_retire_opts[] = {
	{ .name = "site", .type = PM_O_STR, .off = offsetof(pm_cli_retire_args, site),
	  .arg = "CODE", .help = N_("at site CODE") },
	{ .name = "reason", .type = PM_O_STR, .off = offsetof(pm_cli_retire_args, reason),
	  .arg = "TEXT", .help = N_("why it is retired"), .flags = PM_OF_REQUIRED,
	  .field = "retire_reason" },
	{ .name = "date", .type = PM_O_STR, .off = offsetof(pm_cli_retire_args, date),
	  .arg = "DATE", .help = N_("retired on DATE (default: today)"), .field = "retired" },
	{ .name = NULL }
};

int
pm_cli_record_retire(pm_ctx *ctx, const pm_cli_retire_args *a, const char *code,
    pm_cli_retire_fn retire)
{
	const char *site = a->site;
	pm_rput res;
	int rc;

	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_cli_record_site(ctx, &site)) != 0)
		return rc;
	return retire(ctx, site, code, a->date, a->reason, &res, &ctx->err);
}
