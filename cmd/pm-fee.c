/*
 * pm-fee — the finance department's tool: fee items and rates, billing,
 * meters, payments and receipts, arrears and late fees, statements,
 * budgets and costs, the maintenance fund, and the ledger export that an
 * independent tool checks.
 *
 * All the rules live in lib: the money journal in lib/mech/ledger.c, the
 * money rules in lib/base/prorate.c, lib/base/accrue.c and
 * lib/domain/fee_*.c.  This file turns argv into calls and rows into
 * output.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "fee.h"
#include "fee_arrears.h"
#include "fee_bill.h"
#include "fee_budget.h"
#include "fee_fund.h"
#include "fee_meter.h"
#include "fee_notice.h"
#include "fee_pay.h"
#include "fee_report.h"
#include "money.h"
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- items, rates and billing -------------------------------------------- */

/* fee.credit auto after bill and charge (payments, below) */
static int credit_auto(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *unit);
static int credit_auto_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_id bill);

/* The fee settings of the command's configuration (78 when broken). */
static int
fee_conf(pm_ctx *ctx, pm_fee_conf **c)
{
	return pm_fee_conf_load(ctx->cfg, c, &ctx->err);
}

/* --on: a month ("2026-11", "this", "next") or a day in it; default
 * the month of now. */
static int
on_month(pm_ctx *ctx, const char *s, pm_month *m)
{
	pm_time t;
	pm_err e;

	if (s == NULL) {
		*m = pm_month_of(ctx->now);
		return 0;
	}
	if (pm_month_parse(s, ctx->now, m, &e) == 0)
		return 0;
	if (pm_cli_time(ctx, "--on", s, &t) != 0)
		return ctx->err.status;
	*m = pm_month_of(t);
	return 0;
}

static int
put_row(void *arg, const pm_cell *cells)
{
	return pm_out_cells(arg, cells, NULL) != 0;
}

struct item_args {
	const char *on;
};

static const pm_opt item_opts[] = {
	{ PM_OPT("on", PM_O_STR, OFF(struct item_args, on), "MONTH",
	  "the rates in force in MONTH (or on a DATE; default: this month)") },
	{ .name = NULL }
};

static int
do_item_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct item_args *a = args;
	pm_fee_conf *c = NULL;
	pm_month m;
	int rc;

	if ((rc = on_month(ctx, a->on, &m)) != 0 || (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_items(c, argc > 0 ? argv[0] : NULL, m, put_row,
	    pm_cli_out(ctx, pm_fee_item_cols, PM_FI_N), &ctx->err);
	pm_fee_conf_free(c);
	return rc;
}

struct rate_args {
	const char *on, *item;
};

static const pm_opt rate_opts[] = {
	{ PM_OPT("on", PM_O_STR, OFF(struct rate_args, on), "MONTH",
	  "only the rates in force in MONTH (or on a DATE)") },
	{ PM_OPT("item", PM_O_STR, OFF(struct rate_args, item), "ITEM",
	  "only this item's rates") },
	{ .name = NULL }
};

static int
do_rate_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct rate_args *a = args;
	pm_fee_conf *c = NULL;
	pm_month m;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = on_month(ctx, a->on, &m)) != 0 || (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_rates(c, a->item, m, a->on != NULL, put_row,
	    pm_cli_out(ctx, pm_fee_rate_cols, PM_FR_N), &ctx->err);
	pm_fee_conf_free(c);
	return rc;
}

struct bill_args {
	const char *period, *site;
};

static const pm_opt bill_opts[] = {
	{ PM_OPT("period", PM_O_STR, OFF(struct bill_args, period), "MONTH",
	  "the month to bill (2026-11, this, last, next)"), .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, OFF(struct bill_args, site), "SITE",
	  "only this site's units") },
	{ .name = NULL }
};

static const pm_col bill_cols[] = {
	{ "item", PM_C_ID, 0, 0, PM_COL_KEY }, { "lines", PM_C_INT, 0, 0, 0 },
	{ "total_fen", PM_C_MONEY, 0, 0, 0 }
};

static int
bill_row(void *arg, const pm_fee_sum *s)
{
	pm_out *o = arg;

	if (o == NULL)
		return 0;
	pm_out_text(o, 0, s->item);
	pm_out_int(o, 1, s->lines);
	pm_out_int(o, 2, s->total);
	return pm_out_row(o) != 0;
}

static int
do_bill(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct bill_args *a = args;
	pm_fee_conf *c = NULL;
	pm_fee_run res;
	pm_month m;
	pm_err e;
	int rc;

	(void)argc;
	(void)argv;
	if (pm_month_parse(a->period, ctx->now, &m, &e) != 0)
		return pm_cli_usage(ctx, _("--period: %s"), e.msg);
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	/* quiet on success, as cron wants it, unless -n or -o asks */
	rc = pm_fee_bill(ctx, c, m, a->site, ctx->dry_run, bill_row,
	    ctx->dry_run || ctx->fmt_set ? pm_cli_out(ctx, bill_cols, 3) : NULL, &res, &ctx->err);
	if (rc == 0)
		rc = credit_auto(ctx, c, a->site, NULL);
	pm_fee_conf_free(c);
	return rc;
}

struct charge_args {
	const char *site, *unit, *item, *reason, *from;
	int64_t amount;
	int has_amount;
};

static const pm_opt charge_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct charge_args, unit), "UNIT", "the unit charged") },
	{ PM_OPT("site", PM_O_STR, OFF(struct charge_args, site), "SITE",
	  "the unit's site (needed when two sites have the code)") },
	{ PM_OPT("item", PM_O_STR, OFF(struct charge_args, item), "ITEM",
	  "the fee item (with --from: default fee.repair_item)") },
	{ PM_OPT("amount", PM_O_MONEY, OFF(struct charge_args, amount), "AMOUNT",
	  "the amount in yuan"), .has = PM_HAS(struct charge_args, has_amount) },
	{ PM_OPT("reason", PM_O_TEXT, OFF(struct charge_args, reason), "TEXT",
	  "why the unit is charged (audited)") },
	{ PM_OPT("from", PM_O_STR, OFF(struct charge_args, from), "W",
	  "charge a paid repair: the work order done as chargeable") },
	{ .name = NULL }
};

static const pm_col charge_cols[] = {
	{ "bill", PM_C_ID, 0, 0, PM_COL_KEY }
};

static int
do_charge(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct charge_args *a = args;
	pm_fee_charge_in in;
	pm_fee_conf *c = NULL;
	pm_id w, bill;
	char id[24];
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	/* who may charge first: the permission walk's refusal comes before
	 * any option is judged */
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (a->from != NULL) {
		if (a->unit != NULL || a->has_amount || a->reason != NULL || a->site != NULL)
			return pm_cli_usage(ctx, _("--from takes its unit and amount from the work "
			    "order: no --unit, --site, --amount or --reason"));
		if (pm_id_parse(a->from, 'W', &w, &ctx->err) != 0)
			return pm_cli_usage(ctx, _("--from: %s"), ctx->err.msg);
	} else if (a->unit == NULL || a->item == NULL || !a->has_amount || a->reason == NULL) {
		return pm_cli_usage(ctx, _("charge needs --unit, --item, --amount and --reason "
		    "(or --from W)"));
	}
	if ((rc = fee_conf(ctx, &c)) != 0)
		return rc;
	if (a->from != NULL) {
		rc = pm_fee_charge_workorder(ctx, c, w, a->item != NULL ? a->item :
		    pm_config_str(ctx->cfg, "fee.repair_item"), &bill, &ctx->err);
	} else {
		memset(&in, 0, sizeof in);
		in.site = a->site;
		in.unit = a->unit;
		in.item = a->item;
		in.amount = a->amount;
		in.reason = a->reason;
		rc = pm_fee_charge(ctx, c, &in, &bill, &ctx->err);
	}
	if (rc == 0 && bill.type != 0)
		rc = credit_auto_bill(ctx, c, bill);
	pm_fee_conf_free(c);
	if (rc != 0 || bill.type == 0)
		return rc;
	o = pm_cli_out(ctx, charge_cols, 1);
	pm_id_format(bill, id, sizeof id);
	pm_out_text(o, 0, id);
	pm_out_row(o);
	return 0;
}

/* ---- meters, budgets, costs and the maintenance fund ---------------------- */

struct meter_new_args {
	pm_meter_in in;
};
#define MN(f) OFF(struct meter_new_args, f)

static const pm_opt meter_new_opts[] = {
	{ PM_OPT("kind", PM_O_WORD, MN(in.kind), "KIND", N_("what it measures")),
	  .choices = "water|power|gas|heat", .flags = PM_OF_REQUIRED },
	{ PM_OPT("max", PM_O_STR, MN(in.max), "READING",
	  N_("the register's maximum (its decimals are the last digit): 99999.9")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("unit", PM_O_STR, MN(in.unit), "UNIT", N_("the unit's own meter")) },
	{ PM_OPT("split", PM_O_WORD, MN(in.split), "HOW",
	  N_("a shared meter (公摊), split by area or by household")),
	  .choices = "area|household" },
	{ PM_OPT("building", PM_O_STR, MN(in.building), "BUILDING",
	  N_("shared by this building's units (default: the whole site's)")) },
	{ PM_OPT("initial", PM_O_STR, MN(in.initial), "READING",
	  N_("the reading at installation (default 0)")) },
	{ PM_OPT("installed", PM_O_TIME, MN(in.installed), "TIME",
	  N_("when it was installed (default now)")),
	  .has = PM_HAS(struct meter_new_args, in.has_installed) },
	{ PM_OPT("site", PM_O_STR, MN(in.site), "SITE", N_("the site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_meter_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = { { "meter", PM_C_ID, 0, 0, PM_COL_KEY } };
	struct meter_new_args *a = args;
	pm_out *o;
	int rc;

	(void)argc;
	a->in.code = argv[0];
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_fee_meter_new(ctx, &a->in, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 1);
	pm_out_text(o, 0, argv[0]);
	pm_out_row(o);
	return 0;
}

static const pm_col meter_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "meter", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "kind", PM_C_TEXT, 6, 0, 0 },
	{ "unit", PM_C_TEXT, 16, 0, 0 },
	{ "building", PM_C_TEXT, 10, 0, 0 },
	{ "split", PM_C_TEXT, 10, 0, 0 },
	{ "max", PM_C_DEC2, 0, 0, 0 },
	{ "installed", PM_C_TEXT, 10, 0, 0 },
	{ "replaced", PM_C_TEXT, 10, 0, 0 },
	{ "last", PM_C_DEC2, 0, 0, 0 },
	{ "last_at", PM_C_TIME, 0, 0, 0 },
};

static int
meter_row(void *arg, const pm_meter_info *m)
{
	pm_out *o = arg;
	char d[16];

	pm_out_text(o, 0, m->site);
	pm_out_text(o, 1, m->code);
	pm_out_text(o, 2, m->kind);
	pm_out_text(o, 3, m->unit);
	pm_out_text(o, 4, m->building);
	pm_out_text(o, 5, m->split);
	pm_out_int(o, 6, m->max);
	pm_date_format(m->installed, d, sizeof d);
	pm_out_text(o, 7, d);
	if (m->has_replaced) {
		pm_date_format(m->replaced, d, sizeof d);
		pm_out_text(o, 8, d);
	}
	pm_out_int(o, 9, m->last);
	pm_out_int(o, 10, m->last_at);
	return pm_out_row(o);
}

struct meter_list_args {
	const char *site, *unit, *kind;
};

static const pm_opt meter_list_opts[] = {
	{ PM_OPT("site", PM_O_STR, OFF(struct meter_list_args, site), "SITE",
	  N_("only this site's")) },
	{ PM_OPT("unit", PM_O_STR, OFF(struct meter_list_args, unit), "UNIT",
	  N_("only this unit's own meters")) },
	{ PM_OPT("kind", PM_O_WORD, OFF(struct meter_list_args, kind), "KIND",
	  N_("only meters of this kind")), .choices = "water|power|gas|heat" },
	{ .name = NULL }
};

static int
do_meter_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct meter_list_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_meter_list(ctx, a->site, a->unit, a->kind, meter_row,
	    pm_cli_out(ctx, meter_cols, (int)(sizeof meter_cols / sizeof meter_cols[0])),
	    &ctx->err);
}

struct meter_import_args {
	int csv, jsonl;
	const char *site;
};

static const pm_opt meter_import_opts[] = {
	{ PM_OPT("csv", PM_O_FLAG, OFF(struct meter_import_args, csv), NULL, N_("FILE is CSV")) },
	{ PM_OPT("jsonl", PM_O_FLAG, OFF(struct meter_import_args, jsonl), NULL,
	  N_("FILE is JSON Lines")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct meter_import_args, site), "SITE",
	  N_("the meters' site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_meter_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = {
		{ "inserted", PM_C_INT, 0, 0, 0 },
		{ "updated", PM_C_INT, 0, 0, 0 },
		{ "unchanged", PM_C_INT, 0, 0, 0 },
	};
	struct meter_import_args *a = args;
	pm_icounts n;
	pm_out *o;
	int rc;

	(void)argc;
	if (a->csv && a->jsonl)
		return pm_cli_usage(ctx, _("%s: --csv or --jsonl, not both"), ctx->verb);
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_fee_meter_import(ctx, a->site, argv[0],
	    a->csv ? PM_IFMT_CSV : a->jsonl ? PM_IFMT_JSONL : PM_IFMT_AUTO, &n, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 3);
	pm_out_int(o, 0, n.inserted);
	pm_out_int(o, 1, n.updated);
	pm_out_int(o, 2, n.unchanged);
	pm_out_row(o);
	return 0;       /* -n: cli takes it all back (PM_V_DRYRUN) */
}

static const pm_col reading_cols[] = {
	{ "meter", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "kind", PM_C_TEXT, 6, 0, 0 },
	{ "unit", PM_C_TEXT, 16, 0, 0 },
	{ "time", PM_C_TIME, 0, 0, 0 },
	{ "period", PM_C_TEXT, 7, 0, 0 },
	{ "event", PM_C_TEXT, 8, 0, 0 },
	{ "reading", PM_C_DEC2, 0, 0, 0 },
	{ "final", PM_C_DEC2, 0, 0, 0 },
	{ "used", PM_C_DEC2, 0, 0, 0 },
};

static int
reading_row(void *arg, const pm_reading_info *r)
{
	pm_out *o = arg;

	pm_out_text(o, 0, r->meter);
	pm_out_text(o, 1, r->kind);
	pm_out_text(o, 2, r->unit);
	pm_out_int(o, 3, r->at);
	pm_out_text(o, 4, r->period);
	pm_out_text(o, 5, r->event);
	pm_out_int(o, 6, r->reading);
	if (r->has_final)
		pm_out_int(o, 7, r->final);
	pm_out_int(o, 8, r->used);
	return pm_out_row(o);
}

struct meter_readings_args {
	const char *site, *unit, *meter;
};

static const pm_opt meter_readings_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct meter_readings_args, unit), "UNIT",
	  N_("the readings of this unit's own meters")) },
	{ PM_OPT("meter", PM_O_STR, OFF(struct meter_readings_args, meter), "METER",
	  N_("the readings of this meter")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct meter_readings_args, site), "SITE",
	  N_("the site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_meter_readings(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct meter_readings_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_meter_readings(ctx, a->site, a->unit, a->meter, reading_row,
	    pm_cli_out(ctx, reading_cols, (int)(sizeof reading_cols / sizeof reading_cols[0])),
	    &ctx->err);
}

static const pm_col usage_cols[] = {
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "meter", PM_C_TEXT, 16, 0, 0 },
	{ "kind", PM_C_TEXT, 6, 0, 0 },
	{ "shared", PM_C_BOOL, 0, 0, 0 },
	{ "split", PM_C_TEXT, 10, 0, 0 },
	{ "weight", PM_C_TEXT, 12, 0, 0 },
	{ "used", PM_C_DEC2, 0, 0, 0 },
	{ "meter_used", PM_C_DEC2, 0, 0, 0 },
};

static int
usage_row(void *arg, const pm_meter_use *u)
{
	pm_out *o = arg;
	char w[48];

	pm_out_text(o, 0, u->unit);
	pm_out_text(o, 1, u->meter);
	pm_out_text(o, 2, u->kind);
	pm_out_int(o, 3, u->shared);
	pm_out_text(o, 4, u->split);
	if (u->shared) {
		/* an area in 0.01 m2, or one household */
		if (strcmp(u->split, "area") == 0)
			pm_decimal_format(u->weight, 2, w, sizeof w);
		else
			snprintf(w, sizeof w, "%lld", (long long)u->weight);
		pm_out_text(o, 5, w);
	}
	pm_out_int(o, 6, u->used);
	pm_out_int(o, 7, u->meter_used);
	return pm_out_row(o);
}

struct meter_usage_args {
	const char *period, *site, *kind;
};

static const pm_opt meter_usage_opts[] = {
	{ PM_OPT("period", PM_O_STR, OFF(struct meter_usage_args, period), "MONTH",
	  N_("the month whose readings count (2026-11, this, last)")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, OFF(struct meter_usage_args, site), "SITE",
	  N_("only this site's meters")) },
	{ PM_OPT("kind", PM_O_WORD, OFF(struct meter_usage_args, kind), "KIND",
	  N_("only meters of this kind")), .choices = "water|power|gas|heat" },
	{ .name = NULL }
};

static int
do_meter_usage(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct meter_usage_args *a = args;
	pm_month m;
	int rc;

	(void)argc;
	(void)argv;
	if (pm_month_parse(a->period, ctx->now, &m, &ctx->err) != 0)
		return pm_cli_usage(ctx, _("--period: %s"), ctx->err.msg);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_meter_usage(ctx, a->site, m, a->kind, usage_row,
	    pm_cli_out(ctx, usage_cols, (int)(sizeof usage_cols / sizeof usage_cols[0])),
	    &ctx->err);
}

struct budget_set_args {
	int year;
	const char *dept, *category;
	int64_t amount;
};
#define BS(f) OFF(struct budget_set_args, f)

static const pm_opt budget_set_opts[] = {
	{ PM_OPT("year", PM_O_INT, BS(year), "YEAR", N_("the budget year")), .min = 1,
	  .max = 9999, .flags = PM_OF_REQUIRED },
	{ PM_OPT("dept", PM_O_STR, BS(dept), "DEPT", N_("the department (its code)")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("category", PM_O_STR, BS(category), "CATEGORY",
	  N_("what the money is for (材料费, 外包, ...)")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("amount", PM_O_MONEY, BS(amount), "AMOUNT", N_("the budget in yuan")),
	  .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
do_budget_set(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct budget_set_args *a = args;
	pm_ichange ch;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_budget_set(ctx, a->year, a->dept, a->category, a->amount, &ch, &ctx->err);
}

static const pm_col budget_cols[] = {
	{ "dept", PM_C_TEXT, 10, 0, PM_COL_KEY },
	{ "category", PM_C_TEXT, 20, 0, 0 },
	{ "budget_fen", PM_C_MONEY, 0, 0, 0 },
	{ "actual_fen", PM_C_MONEY, 0, 0, 0 },
	{ "remaining_fen", PM_C_MONEY, 0, 0, 0 },
	{ "used", PM_C_TEXT, 8, 0, 0 },
	{ "used_permille", PM_C_INT, 0, 0, 0 },
};

static int
budget_row(void *arg, const pm_budget_line *l)
{
	pm_out *o = arg;
	char pct[48];
	size_t n;

	pm_out_text(o, 0, l->dept);
	pm_out_text(o, 1, l->category);
	pm_out_int(o, 2, l->budget);
	pm_out_int(o, 3, l->actual);
	pm_out_int(o, 4, l->remaining);
	if (l->has_share) {
		/* per mille is a percent with one decimal */
		n = pm_decimal_format(l->permille, 1, pct, sizeof pct - 1);
		pct[n] = '%';
		pct[n + 1] = '\0';
		pm_out_text(o, 5, pct);
		pm_out_int(o, 6, l->permille);
	}
	return pm_out_row(o);
}

struct budget_report_args {
	int year;
	const char *dept;
};

static const pm_opt budget_report_opts[] = {
	{ PM_OPT("year", PM_O_INT, OFF(struct budget_report_args, year), "YEAR",
	  N_("the budget year")), .min = 1, .max = 9999, .flags = PM_OF_REQUIRED },
	{ PM_OPT("dept", PM_O_STR, OFF(struct budget_report_args, dept), "DEPT",
	  N_("only this department")) },
	{ .name = NULL }
};

static int
do_budget_report(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct budget_report_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_budget_report(ctx, a->year, a->dept, budget_row,
	    pm_cli_out(ctx, budget_cols, (int)(sizeof budget_cols / sizeof budget_cols[0])),
	    &ctx->err);
}

static const pm_col cost_cols[] = {
	{ "cost", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "entry", PM_C_INT, 0, 0, 0 },
};

static int
cost_print(pm_ctx *ctx, const pm_cost_result *r)
{
	pm_out *o = pm_cli_out(ctx, cost_cols, 3);

	pm_out_int(o, 0, r->id);
	pm_out_int(o, 1, r->amount);
	pm_out_int(o, 2, r->entry);
	pm_out_row(o);
	return 0;
}

struct cost_add_args {
	pm_cost_in in;
	const char *wo;
};
#define CA(f) OFF(struct cost_add_args, f)

static const pm_opt cost_add_opts[] = {
	{ PM_OPT("dept", PM_O_STR, CA(in.dept), "DEPT",
	  N_("the department that bears it (with --wo: default the job's)")) },
	{ PM_OPT("category", PM_O_STR, CA(in.category), "CATEGORY",
	  N_("what the money was for")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("amount", PM_O_MONEY, CA(in.amount), "AMOUNT", N_("the cost in yuan")),
	  .has = PM_HAS(struct cost_add_args, in.has_amount) },
	{ PM_OPT("date", PM_O_TIME, CA(in.date), "DATE",
	  N_("when (default today; with --wo the day the job was done)")),
	  .has = PM_HAS(struct cost_add_args, in.has_date) },
	{ PM_OPT("wo", PM_O_STR, CA(wo), "W12", N_("a done work order: its total cost, once")) },
	{ PM_OPT("text", PM_O_TEXT, CA(in.text), "TEXT", N_("what it was")) },
	{ .name = NULL }
};

static int
do_cost_add(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct cost_add_args *a = args;
	pm_cost_result r;
	pm_id id;
	int rc;

	(void)argc;
	(void)argv;
	if (a->wo != NULL) {
		if (pm_id_parse(a->wo, 'W', &id, &ctx->err) != 0)
			return pm_cli_usage(ctx, _("--wo: %s"), ctx->err.msg);
		a->in.wo = id.n;
	}
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_fee_budget_cost(ctx, &a->in, &r,
	    &ctx->err)) != 0)
		return rc;
	if (r.existed) {
		snprintf(ctx->warn, sizeof ctx->warn, _("%s: its cost is taken already"), a->wo);
		return 0;
	}
	return cost_print(ctx, &r);
}

struct cost_reverse_args {
	const char *reason;
};

static const pm_opt cost_reverse_opts[] = {
	{ PM_OPT("reason", PM_O_TEXT, OFF(struct cost_reverse_args, reason), "TEXT",
	  N_("why it is reversed")), .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
do_cost_reverse(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct cost_reverse_args *a = args;
	pm_cost_result r;
	char *end;
	long long n;
	int rc;

	(void)argc;
	n = strtoll(argv[0], &end, 10);
	if (*argv[0] < '1' || *argv[0] > '9' || *end != '\0' || n <= 0)
		return pm_cli_usage(ctx, _("%s: a cost's number is expected"), "COST");
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_fee_budget_cost_reverse(ctx, n, a->reason,
	    &r, &ctx->err)) != 0)
		return rc;
	return cost_print(ctx, &r);
}

struct fund_args {
	pm_fund_in in;
};
#define FA(f) OFF(struct fund_args, f)
#define FUND_OPTS \
	{ PM_OPT("unit", PM_O_STR, FA(in.unit), "UNIT", N_("the unit whose fund it is")), \
	  .flags = PM_OF_REQUIRED }, \
	{ PM_OPT("amount", PM_O_MONEY, FA(in.amount), "AMOUNT", N_("the amount in yuan")), \
	  .flags = PM_OF_REQUIRED }, \
	{ PM_OPT("at", PM_O_TIME, FA(in.at), "TIME", N_("the accounting date (default today)")), \
	  .has = PM_HAS(struct fund_args, in.has_at) }, \
	{ PM_OPT("ref", PM_O_STR, FA(in.ref), "REF", \
	  N_("the bank transaction: the same ref twice records one movement")) }, \
	{ PM_OPT("site", PM_O_STR, FA(in.site), "SITE", N_("the site (default: the only site)")) }

static const pm_opt fund_deposit_opts[] = {
	FUND_OPTS,
	{ .name = NULL }
};

static const pm_opt fund_withdraw_opts[] = {
	FUND_OPTS,
	{ PM_OPT("approval", PM_O_TEXT, FA(in.approval), "TEXT",
	  N_("the approval: the owners' vote or the authority's decision")),
	  .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
fund_move(pm_ctx *ctx, void *args, int withdraw)
{
	static const pm_col cols[] = {
		{ "id", PM_C_INT, 0, 0, PM_COL_KEY },
		{ "entry", PM_C_INT, 0, 0, 0 },
		{ "balance_fen", PM_C_MONEY, 0, 0, 0 },
		{ "existed", PM_C_BOOL, 0, 0, 0 },
	};
	struct fund_args *a = args;
	pm_fund_result r;
	pm_out *o;
	int rc;

	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	rc = withdraw ? pm_fee_fund_withdraw(ctx, &a->in, &r, &ctx->err) :
	    pm_fee_fund_deposit(ctx, &a->in, &r, &ctx->err);
	if (rc != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 4);
	pm_out_int(o, 0, r.id);
	pm_out_int(o, 1, r.entry);
	pm_out_int(o, 2, r.balance);
	pm_out_int(o, 3, r.existed);
	pm_out_row(o);
	return 0;
}

static int
do_fund_deposit(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return fund_move(ctx, args, 0);
}

static int
do_fund_withdraw(pm_ctx *ctx, void *args, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return fund_move(ctx, args, 1);
}

static const pm_col fund_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "balance_fen", PM_C_MONEY, 0, 0, 0 },
};

static int
fund_row(void *arg, const pm_fund_balance *b)
{
	pm_out *o = arg;

	pm_out_text(o, 0, b->site);
	pm_out_text(o, 1, b->unit);
	pm_out_int(o, 2, b->balance);
	return pm_out_row(o);
}

struct fund_balance_args {
	const char *unit, *site;
	pm_time asof;
	int has_asof;
};

static const pm_opt fund_balance_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct fund_balance_args, unit), "UNIT",
	  N_("one unit's balance")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct fund_balance_args, site), "SITE",
	  N_("the units of this site")) },
	{ PM_OPT("as-of", PM_O_TIME, OFF(struct fund_balance_args, asof), "DATE",
	  N_("the balance at the end of this day (default: everything posted)")),
	  .has = PM_HAS(struct fund_balance_args, has_asof) },
	{ .name = NULL }
};

static int
do_fund_balance(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct fund_balance_args *a = args;
	pm_date d;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	d = pm_date_of(a->asof);
	return pm_fee_fund_balance(ctx, a->site, a->unit, a->has_asof ? &d : NULL, fund_row,
	    pm_cli_out(ctx, fund_cols, 3), &ctx->err);
}

/* ---- payments, credit and receipts ---------------------------------------- */

static const pm_col pay_cols[] = {
	{ "payment", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "receipt", PM_C_TEXT, 24, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "allocated_fen", PM_C_MONEY, 0, 0, 0 },
	{ "credit_fen", PM_C_MONEY, 0, 0, 0 },
};

static const pm_col pay_import_cols[] = {
	{ "import", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "rows", PM_C_INT, 0, 0, 0 },
	{ "new", PM_C_INT, 0, 0, 0 },
	{ "unchanged", PM_C_INT, 0, 0, 0 },
};

#define PAY_BILLS_MAX 64

struct pay_args {
	pm_pay_in in;
	const char *bills, *import;
	int csv, jsonl, has_amount;
};
#define PA(f) OFF(struct pay_args, f)

static const pm_opt pay_opts[] = {
	{ PM_OPT("unit", PM_O_STR, PA(in.unit), "UNIT", N_("the unit that pays")) },
	{ PM_OPT("amount", PM_O_MONEY, PA(in.amount), "AMOUNT", N_("the amount in yuan")),
	  .has = PM_HAS(struct pay_args, has_amount) },
	{ PM_OPT("method", PM_O_WORD, PA(in.method), "METHOD", N_("how it was paid")),
	  .choices = PM_PAY_METHODS },
	{ PM_OPT("ref", PM_O_STR, PA(in.ref), "TXN",
	  N_("the bank's or WeChat's transaction id: the same ref twice is one payment")) },
	{ PM_OPT("for", PM_O_STR, PA(bills), "B12,B13",
	  N_("the bills it settles (default: the oldest due first)")) },
	{ PM_OPT("at", PM_O_TIME, PA(in.at), "TIME", N_("when it was paid (default now)")),
	  .has = PM_HAS(struct pay_args, in.has_at) },
	{ PM_OPT("site", PM_O_STR, PA(in.site), "SITE", N_("the site (default: the only site)")) },
	{ PM_OPT("import", PM_O_STR, PA(import), "FILE",
	  N_("record the payments of a CSV or JSON Lines file (a bank or WeChat statement)")) },
	{ PM_OPT("csv", PM_O_FLAG, PA(csv), NULL, N_("FILE is CSV")) },
	{ PM_OPT("jsonl", PM_O_FLAG, PA(jsonl), NULL, N_("FILE is JSON Lines")) },
	{ .name = NULL }
};

/* --for B12,B13 (commas or spaces) */
static int
pay_bills(pm_ctx *ctx, const char *s, pm_id *v, size_t *n)
{
	char tok[32];

	*n = 0;
	while (*s != '\0') {
		size_t k = strcspn(s, ", ");

		if (k > 0) {
			if (k >= sizeof tok || *n == PAY_BILLS_MAX)
				return pm_cli_usage(ctx, _("--for: too many or too long bill IDs"));
			memcpy(tok, s, k);
			tok[k] = '\0';
			if (pm_id_parse(tok, 'B', &v[*n], &ctx->err) != 0)
				return pm_cli_usage(ctx, _("--for: %s"), ctx->err.msg);
			(*n)++;
		}
		s += k;
		s += strspn(s, ", ");
	}
	if (*n == 0)
		return pm_cli_usage(ctx, _("--for: no bill named"));
	return 0;
}

static int
do_pay(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct pay_args *a = args;
	pm_id bills[PAY_BILLS_MAX];
	pm_fee_conf *c = NULL;
	pm_pay_result r;
	pm_icounts n;
	int64_t imp = 0;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	/* who may pay first: the permission walk's refusal comes before any
	 * option is judged */
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (a->import != NULL) {
		if (a->in.unit != NULL || a->has_amount || a->in.method != NULL ||
		    a->in.ref != NULL || a->bills != NULL || a->in.has_at)
			return pm_cli_usage(ctx, _("--import takes the payments from the file: no "
			    "--unit, --amount, --method, --ref, --for or --at"));
		if (a->csv && a->jsonl)
			return pm_cli_usage(ctx, _("%s: --csv or --jsonl, not both"), ctx->verb);
		if ((rc = fee_conf(ctx, &c)) != 0)
			return rc;
		rc = pm_fee_pay_import(ctx, c, a->in.site, a->import, a->csv ? PM_IFMT_CSV :
		    a->jsonl ? PM_IFMT_JSONL : PM_IFMT_AUTO, &n, &imp, &ctx->err);
		pm_fee_conf_free(c);
		if (rc != 0)
			return rc;
		o = pm_cli_out(ctx, pay_import_cols, 4);
		pm_out_int(o, 0, imp);
		pm_out_int(o, 1, n.rows);
		pm_out_int(o, 2, n.inserted);
		pm_out_int(o, 3, n.unchanged);
		pm_out_row(o);
		return 0;       /* -n: cli takes it all back (PM_V_DRYRUN) */
	}
	if (a->in.unit == NULL || !a->has_amount || a->in.method == NULL)
		return pm_cli_usage(ctx, _("pay needs --unit, --amount and --method (or --import "
		    "FILE)"));
	if (a->csv || a->jsonl)
		return pm_cli_usage(ctx, _("--csv and --jsonl go with --import"));
	if (a->bills != NULL) {
		if ((rc = pay_bills(ctx, a->bills, bills, &a->in.nbills)) != 0)
			return rc;
		a->in.bills = bills;
	}
	if ((rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_pay(ctx, c, &a->in, &r, &ctx->err);
	pm_fee_conf_free(c);
	if (rc != 0)
		return rc;
	o = pm_cli_out(ctx, pay_cols, 5);
	{
		char id[24];

		pm_id_format(r.payment, id, sizeof id);
		pm_out_text(o, 0, id);
	}
	pm_out_text(o, 1, r.receipt);
	pm_out_int(o, 2, r.amount);
	pm_out_int(o, 3, r.allocated);
	pm_out_int(o, 4, r.credit);
	pm_out_row(o);
	return 0;
}

/*
 * fee.credit auto: after bill and charge, the new bills are settled
 * from the credit units hold (the loop runs over the credit accounts).
 */
static int
credit_auto(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *unit)
{
	if (!c->credit_auto || ctx->dry_run)
		return 0;
	return pm_fee_credit_apply(ctx, c, site, unit, NULL, &ctx->err);
}

/* a charge: the credit of the bill's unit */
static int
credit_auto_bill(pm_ctx *ctx, const pm_fee_conf *c, pm_id bill)
{
	if (!c->credit_auto || ctx->dry_run)
		return 0;
	return pm_fee_credit_apply_bill(ctx, c, bill, &ctx->err);
}

struct credit_args {
	const char *unit, *site;
};

static const pm_opt credit_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct credit_args, unit), "UNIT", N_("only this unit")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct credit_args, site), "SITE", N_("only this site")) },
	{ .name = NULL }
};

static int
do_credit_apply(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = { { "applied_fen", PM_C_MONEY, 0, 0, 0 } };
	struct credit_args *a = args;
	pm_fee_conf *c = NULL;
	int64_t applied = 0;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_credit_apply(ctx, c, a->site, a->unit, &applied, &ctx->err);
	pm_fee_conf_free(c);
	if (rc != 0 || !(ctx->fmt_set || ctx->dry_run))
		return rc;
	o = pm_cli_out(ctx, cols, 1);
	pm_out_int(o, 0, applied);
	pm_out_row(o);
	return 0;
}

static const pm_col credit_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "credit_fen", PM_C_MONEY, 0, 0, 0 },
	{ "payments", PM_C_INT, 0, 0, 0 },
};

static int
credit_row(void *arg, const pm_credit_row *r)
{
	pm_out *o = arg;

	pm_out_text(o, 0, r->site);
	pm_out_text(o, 1, r->unit);
	pm_out_int(o, 2, r->credit);
	pm_out_int(o, 3, r->payments);
	return pm_out_row(o) != 0;
}

static int
do_credit_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct credit_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_credit_list(ctx, a->site, a->unit, credit_row,
	    pm_cli_out(ctx, credit_cols, 4), &ctx->err);
}

static int
do_reverse(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct cost_reverse_args *a = args;      /* --reason, as cost reverse */
	pm_id p;
	int rc;

	(void)argc;
	if (pm_id_parse(argv[0], 'P', &p, &ctx->err) != 0)
		return pm_cli_usage(ctx, "%s", ctx->err.msg);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_pay_reverse(ctx, p, a->reason, &ctx->err);
}

struct refund_args {
	pm_refund_in in;
};
#define RA(f) OFF(struct refund_args, f)

static const pm_opt refund_opts[] = {
	{ PM_OPT("unit", PM_O_STR, RA(in.unit), "UNIT", N_("the unit whose credit is paid back")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("amount", PM_O_MONEY, RA(in.amount), "AMOUNT", N_("the amount in yuan")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("method", PM_O_WORD, RA(in.method), "METHOD", N_("how it is paid back")),
	  .choices = PM_PAY_METHODS, .flags = PM_OF_REQUIRED },
	{ PM_OPT("reason", PM_O_TEXT, RA(in.reason), "TEXT", N_("why (audited)")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("site", PM_O_STR, RA(in.site), "SITE", N_("the site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_refund(pm_ctx *ctx, void *args, int argc, char **argv)
{
	static const pm_col cols[] = { { "refund", PM_C_INT, 0, 0, PM_COL_KEY } };
	struct refund_args *a = args;
	int64_t id;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = pm_fee_refund(ctx, &a->in, &id,
	    &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 1);
	pm_out_int(o, 0, id);
	pm_out_row(o);
	return 0;
}

struct waive_args {
	int late;
	int64_t amount;
	int has_amount;
	const char *reason;
};

static const pm_opt waive_opts[] = {
	{ PM_OPT("late-fee", PM_O_FLAG, OFF(struct waive_args, late), NULL,
	  N_("waive the late fee (fixed as of today, and no more accrues)")) },
	{ PM_OPT("amount", PM_O_MONEY, OFF(struct waive_args, amount), "AMOUNT",
	  N_("waive this much of the principal, over the lines in order")),
	  .has = PM_HAS(struct waive_args, has_amount) },
	{ PM_OPT("reason", PM_O_TEXT, OFF(struct waive_args, reason), "TEXT",
	  N_("why (audited)")), .flags = PM_OF_REQUIRED },
	{ .name = NULL }
};

static int
do_waive(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct waive_args *a = args;
	pm_fee_conf *c = NULL;
	int64_t id, waived;
	pm_id b;
	int rc;

	(void)argc;
	/* who may waive first: 77 before any option is judged */
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (pm_id_parse(argv[0], 'B', &b, &ctx->err) != 0)
		return pm_cli_usage(ctx, "%s", ctx->err.msg);
	if (a->late == a->has_amount)
		return pm_cli_usage(ctx, _("waive needs --late-fee or --amount (one of them)"));
	if ((rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_waive(ctx, c, b, a->late, a->amount, a->reason, &id, &waived, &ctx->err);
	pm_fee_conf_free(c);
	return rc;
}

struct payment_list_args {
	pm_pay_filter f;
	pm_time since;
};

static const pm_opt payment_list_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct payment_list_args, f.unit), "UNIT",
	  N_("only this unit's")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct payment_list_args, f.site), "SITE",
	  N_("only this site's")) },
	{ PM_OPT("since", PM_O_TIME, OFF(struct payment_list_args, since), "DATE",
	  N_("only those dated on or after DATE")),
	  .has = PM_HAS(struct payment_list_args, f.has_since) },
	{ PM_OPT("method", PM_O_WORD, OFF(struct payment_list_args, f.method), "METHOD",
	  N_("only those paid this way")), .choices = PM_PAY_METHODS },
	{ .name = NULL }
};

static int
do_payment_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct payment_list_args *a = args;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	a->f.since = pm_date_of(a->since);
	return pm_fee_payment_list(ctx, &a->f, put_row,
	    pm_cli_out(ctx, pm_fee_payment_cols, PM_PC_N), &ctx->err);
}

/*
 * A section of a show: in json an array of its rows (cols: amounts in
 * fen), in the text formats one list column, "B1.1=185.93,B1.L=2.00".
 */
struct show_list {
	pm_buf b;
	const pm_col *cols;
	int ncols;
	int target, amount, flag;       /* the cells the list reads; flag -1: none */
	const char *mark;               /* after a flagged item */
	int (*each)(pm_ctx *ctx, struct show_list *l, int (*fn)(void *arg,
	    const pm_cell *cells), void *arg);
	const pm_fee_conf *c;
	pm_id id;
};

static int
show_item(void *arg, const pm_cell *cells)
{
	struct show_list *l = arg;
	char m[48];

	if (l->b.len > 0)
		pm_buf_addc(&l->b, ',');
	pm_money_format(cells[l->amount].i, 0, m, sizeof m);
	pm_buf_addf(&l->b, "%s=%s", cells[l->target].s, m);
	if (l->flag >= 0 && cells[l->flag].i)
		pm_buf_adds(&l->b, l->mark);
	return 0;
}

static int
show_rows(pm_ctx *ctx, pm_out *o, void *arg)
{
	struct show_list *l = arg;

	return l->each(ctx, l, put_row, o);
}

static int
each_alloc(pm_ctx *ctx, struct show_list *l, int (*fn)(void *arg, const pm_cell *cells),
    void *arg)
{
	return pm_fee_payment_allocs(ctx, l->id, fn, arg, &ctx->err);
}

static int
each_line(pm_ctx *ctx, struct show_list *l, int (*fn)(void *arg, const pm_cell *cells),
    void *arg)
{
	return pm_fee_bill_lines(ctx, l->c, l->id, fn, arg, &ctx->err);
}

struct one_row {
	pm_cell cells[16];      /* the widest of the payment's and the bill's columns */
	char s[16][96];
	int n;                  /* the columns the lib's rows have */
	int found;
};

static int
keep_row(void *arg, const pm_cell *cells)
{
	struct one_row *r = arg;
	size_t i;

	for (i = 0; i < (size_t)r->n; i++) {
		r->cells[i] = cells[i];
		if (cells[i].s != NULL) {
			snprintf(r->s[i], sizeof r->s[i], "%s", cells[i].s);
			r->cells[i].s = r->s[i];
		}
	}
	r->found = 1;
	return 1;
}

static int
show_with_list(pm_ctx *ctx, const pm_col *cols, int ncols, struct one_row *r,
    const char *name, struct show_list *l, const char *entity)
{
	pm_col all[PM_PC_N + PM_BC_N + 1];
	pm_cell vals[PM_PC_N + PM_BC_N + 1];
	int json = ctx->fmt == PM_FMT_JSON, rc;

	pm_buf_init(&l->b);
	rc = json ? pm_cli_json_rows(ctx, l->cols, l->ncols, show_rows, l, &l->b) :
	    l->each(ctx, l, show_item, l);
	if (rc != 0)
		goto out;
	memcpy(all, cols, (size_t)ncols * sizeof *all);
	memcpy(vals, r->cells, (size_t)ncols * sizeof *vals);
	memset(&all[ncols], 0, sizeof all[ncols]);
	memset(&vals[ncols], 0, sizeof vals[ncols]);
	all[ncols].name = name;
	all[ncols].type = json ? PM_C_JSON : PM_C_LIST;
	vals[ncols].s = l->b.s != NULL ? l->b.s : "";
	rc = pm_cli_show(ctx, all, ncols + 1, vals, entity, l->id);
out:
	pm_buf_free(&l->b);
	return rc;
}

static int
do_payment_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct show_list l = { .cols = pm_fee_pay_alloc_cols, .ncols = PM_PA_N,
	    .target = PM_PA_TARGET, .amount = PM_PA_AMOUNT, .flag = PM_PA_REVERSED,
	    .mark = "(reversed)", .each = each_alloc };
	struct one_row r;
	pm_pay_filter f;
	pm_id p;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'P', &p, &ctx->err) != 0)
		return pm_cli_usage(ctx, "%s", ctx->err.msg);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	r.n = PM_PC_N;
	f.one = p.n;
	if ((rc = pm_fee_payment_list(ctx, &f, keep_row, &r, &ctx->err)) != 0 && rc != 1)
		return rc;
	if (!r.found)
		return pm_err_set(&ctx->err, PM_EX_NOINPUT, _("payment %s: no such payment"),
		    argv[0]);
	l.id = p;
	return show_with_list(ctx, pm_fee_payment_cols, PM_PC_N, &r, "allocations", &l,
	    "payment");
}

struct bill_list_args {
	pm_bill_filter f;
};

static const pm_opt bill_list_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct bill_list_args, f.unit), "UNIT",
	  N_("only this unit's")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct bill_list_args, f.site), "SITE",
	  N_("only this site's")) },
	{ PM_OPT("unpaid", PM_O_FLAG, OFF(struct bill_list_args, f.unpaid), NULL,
	  N_("only bills not paid in full")) },
	{ .name = NULL }
};

static int
do_bill_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct bill_list_args *a = args;
	pm_fee_conf *c = NULL;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_bill_list(ctx, c, &a->f, put_row, pm_cli_out(ctx, pm_fee_bill_cols, PM_BC_N),
	    &ctx->err);
	pm_fee_conf_free(c);
	return rc;
}

static int
do_bill_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct show_list l = { .cols = pm_fee_bill_line_cols, .ncols = PM_BL_N,
	    .target = PM_BL_LINE, .amount = PM_BL_LEFT, .flag = -1, .each = each_line };
	pm_fee_conf *c = NULL;
	pm_bill_filter f;
	struct one_row r;
	pm_id b;
	int rc;

	(void)args;
	(void)argc;
	if (pm_id_parse(argv[0], 'B', &b, &ctx->err) != 0)
		return pm_cli_usage(ctx, "%s", ctx->err.msg);
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	memset(&f, 0, sizeof f);
	memset(&r, 0, sizeof r);
	r.n = PM_BC_N;
	f.one = b.n;
	l.id = b;
	l.c = c;
	if ((rc = pm_fee_bill_list(ctx, c, &f, keep_row, &r, &ctx->err)) == 1)
		rc = show_with_list(ctx, pm_fee_bill_cols, PM_BC_N, &r, "lines", &l, "bill");
	pm_fee_conf_free(c);
	return rc;
}


/* ---- arrears, late fees, limitation and notices --------------------------- */

/* --as-of: the end of that day; default today. */
static pm_date
asof_date(pm_ctx *ctx, int has, pm_time t)
{
	return pm_date_of(has ? t : ctx->now);
}

/* --older-than: whole days (30d, 2w), more than that many overdue. */
static int
older_days(pm_ctx *ctx, int has, int64_t span, int64_t *days)
{
	*days = 0;
	if (!has)
		return 0;
	if (span % 86400 != 0)
		return pm_cli_usage(ctx, _("--older-than: whole days, such as 30d or 2w"));
	*days = span / 86400;
	return 0;
}

/* The warning that late fees may run ahead of the payments recorded. */
static int
late_warning(pm_ctx *ctx, const pm_fee_conf *c, pm_date asof)
{
	pm_date through;
	char d[16], a[16];
	int has, warn, rc;

	if ((rc = pm_fee_arrears_recorded(ctx, c, asof, &through, &has, &warn, &ctx->err)) != 0 ||
	    !warn || ctx->warn[0] != '\0')
		return rc;
	pm_date_format(asof, a, sizeof a);
	if (!has) {
		snprintf(ctx->warn, sizeof ctx->warn, _("late fees as of %s: no payment is "
		    "recorded yet; a payment not yet recorded is not counted"), a);
	} else {
		pm_date_format(through, d, sizeof d);
		snprintf(ctx->warn, sizeof ctx->warn, _("late fees as of %s: payments are recorded "
		    "through %s only; a payment after that is not counted"), a, d);
	}
	return 0;
}

struct arrears_args {
	const char *site, *building, *unit;
	pm_time asof;
	int has_asof, has_older, aging;
	int64_t older;
};
#define AR(f) OFF(struct arrears_args, f)

static const pm_opt arrears_opts[] = {
	{ PM_OPT("as-of", PM_O_TIME, AR(asof), "DATE",
	  N_("the arrears at the end of this day (default today)")),
	  .has = PM_HAS(struct arrears_args, has_asof) },
	{ PM_OPT("site", PM_O_STR, AR(site), "SITE", N_("only this site's units")) },
	{ PM_OPT("building", PM_O_STR, AR(building), "BUILDING", N_("only this building's units")) },
	{ PM_OPT("unit", PM_O_STR, AR(unit), "UNIT", N_("only this unit")) },
	{ PM_OPT("older-than", PM_O_SPAN, AR(older), "AGE",
	  N_("only debts overdue more than AGE (30d, 2w)")),
	  .has = PM_HAS(struct arrears_args, has_older) },
	{ PM_OPT("aging", PM_O_FLAG, AR(aging), NULL,
	  N_("the principal by days overdue, and what is past the limitation period")) },
	{ .name = NULL }
};

static const pm_col arrears_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "bills", PM_C_INT, 0, 0, 0 },
	{ "principal_fen", PM_C_MONEY, 0, 0, 0 },
	{ "late_fee_fen", PM_C_MONEY, 0, 0, 0 },
	{ "total_fen", PM_C_MONEY, 0, 0, 0 },
	{ "receivable_fen", PM_C_MONEY, 0, 0, 0 },
	{ "oldest_due", PM_C_TEXT, 10, 0, 0 },
	{ "barred_fen", PM_C_MONEY, 0, 0, 0 },
};

static const pm_col aging_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "principal_fen", PM_C_MONEY, 0, 0, 0 },
	{ "d1_30_fen", PM_C_MONEY, 0, 0, 0 },
	{ "d31_90_fen", PM_C_MONEY, 0, 0, 0 },
	{ "d91_180_fen", PM_C_MONEY, 0, 0, 0 },
	{ "d181_365_fen", PM_C_MONEY, 0, 0, 0 },
	{ "y1_3_fen", PM_C_MONEY, 0, 0, 0 },
	{ "over_3y_fen", PM_C_MONEY, 0, 0, 0 },
	{ "barred_fen", PM_C_MONEY, 0, 0, 0 },
	{ "barred", PM_C_BOOL, 0, 0, 0 },
	{ "barred_from", PM_C_TEXT, 10, 0, 0 },
};

struct arrears_out {
	pm_out *o;
	int aging;
	pm_arrears_row sum;
};

static int
arrears_row(void *arg, const pm_arrears_row *r)
{
	struct arrears_out *x = arg;
	pm_out *o = x->o;
	pm_date next;
	char d[16];
	int i;

	if (r == &x->sum)
		goto put;
	x->sum.bills += r->bills;
	x->sum.principal += r->principal;
	x->sum.late_fee += r->late_fee;
	x->sum.receivable += r->receivable;
	x->sum.barred += r->barred;
	for (i = 0; i < PM_AGE_N; i++)
		x->sum.age[i] += r->age[i];
put:
	if (r->site != NULL)
		pm_out_text(o, 0, r->site);
	pm_out_text(o, 1, r->unit);
	if (x->aging) {
		pm_out_int(o, 2, r->principal);
		for (i = 0; i < PM_AGE_N; i++)
			pm_out_int(o, 3 + i, r->age[i]);
		pm_out_int(o, 9, r->barred);
		if (r->site != NULL) {
			pm_out_int(o, 10, r->barred > 0);
			/* the day the next debt becomes time-barred */
			if (r->next_barred.year != 0 && pm_date_add_days(r->next_barred, 1,
			    &next) == 0) {
				pm_date_format(next, d, sizeof d);
				pm_out_text(o, 11, d);
			}
		}
		return pm_out_row(o) != 0;
	}
	pm_out_int(o, 2, r->bills);
	pm_out_int(o, 3, r->principal);
	pm_out_int(o, 4, r->late_fee);
	pm_out_int(o, 5, r->principal + r->late_fee);
	pm_out_int(o, 6, r->receivable);
	if (r->site != NULL) {
		pm_date_format(r->oldest_due, d, sizeof d);
		pm_out_text(o, 7, d);
	}
	pm_out_int(o, 8, r->barred);
	return pm_out_row(o) != 0;
}

static int
do_arrears(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct arrears_args *a = args;
	struct arrears_out x;
	pm_arrears_filter f;
	pm_fee_conf *c = NULL;
	int rc;

	(void)argc;
	(void)argv;
	memset(&f, 0, sizeof f);
	memset(&x, 0, sizeof x);
	if ((rc = older_days(ctx, a->has_older, a->older, &f.older_than)) != 0)
		return rc;
	f.site = a->site;
	f.building = a->building;
	f.unit = a->unit;
	f.asof = asof_date(ctx, a->has_asof, a->asof);
	f.no_late = a->aging;   /* the ageing is of the principal */
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	x.aging = a->aging;
	x.o = a->aging ? pm_cli_out(ctx, aging_cols, 12) : pm_cli_out(ctx, arrears_cols, 9);
	rc = pm_fee_arrears(ctx, c, &f, NULL, arrears_row, &x, &ctx->err);
	/* a clerk reading the table wants the sum; scripts add it up themselves */
	if (rc == 0 && ctx->fmt == PM_FMT_TABLE && x.sum.bills > 0) {
		x.sum.unit = _("total");
		rc = arrears_row(&x, &x.sum);
	}
	if (rc == 0 && !a->aging)
		rc = late_warning(ctx, c, f.asof);
	pm_fee_conf_free(c);
	return rc;
}

struct notice_args {
	const char *site, *unit, *method;
	pm_time asof, delivered;
	int has_asof, has_delivered, html;
};
#define NO(f) OFF(struct notice_args, f)

static const pm_opt notice_opts[] = {
	{ PM_OPT("unit", PM_O_STR, NO(unit), "UNIT", N_("the unit (or as the operand)")) },
	{ PM_OPT("site", PM_O_STR, NO(site), "SITE", N_("the unit's site (default: the only site)")) },
	{ PM_OPT("as-of", PM_O_TIME, NO(asof), "DATE",
	  N_("the debts at the end of this day (default today)")),
	  .has = PM_HAS(struct notice_args, has_asof) },
	{ PM_OPT("html", PM_O_FLAG, NO(html), NULL,
	  N_("one self-contained HTML file for printing on A4 (default: text)")) },
	{ PM_OPT("delivered", PM_O_TIME, NO(delivered), "DATE",
	  N_("record that a notice was delivered on DATE (a demand: restarts the limitation "
	  "period)")), .has = PM_HAS(struct notice_args, has_delivered) },
	{ PM_OPT("method", PM_O_WORD, NO(method), "HOW", N_("how it was delivered")),
	  .choices = "post|hand|email|sms|notary" },
	{ .name = NULL }
};

static const pm_col demand_cols[] = {
	{ "demand", PM_C_INT, 0, 0, PM_COL_KEY }
};

static int
print_new_id(pm_ctx *ctx, int64_t id)
{
	pm_out *o = pm_cli_out(ctx, demand_cols, 1);

	pm_out_int(o, 0, id);
	return pm_out_row(o) != 0 ? ctx->err.status : 0;
}

static int
do_notice(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct notice_args *a = args;
	const char *unit = a->unit;
	pm_demand_in in;
	pm_fee_conf *c = NULL;
	int64_t id, total;
	int rc;

	if (argc > 0 && unit != NULL)
		return pm_cli_usage(ctx, _("notice: the unit as the operand or --unit, not both"));
	if (argc > 0)
		unit = argv[0];
	if (unit == NULL)
		return pm_cli_usage(ctx, _("notice: which unit?"));
	if (a->has_delivered != (a->method != NULL))
		return pm_cli_usage(ctx, _("notice: --delivered and --method go together"));
	if (a->has_delivered && (a->html || a->has_asof))
		return pm_cli_usage(ctx, _("notice: --delivered records a demand; it prints no "
		    "notice (no --html or --as-of)"));
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (a->has_delivered) {
		if ((rc = pm_cli_require(ctx, "fee.notice")) != 0)
			return rc;
		memset(&in, 0, sizeof in);
		in.site = a->site;
		in.unit = unit;
		in.date = pm_date_of(a->delivered);
		in.method = a->method;
		if ((rc = pm_fee_demand_add(ctx, &in, &id, &ctx->err)) != 0)
			return rc;
		return print_new_id(ctx, id);
	}
	if ((rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_notice_write(ctx, c, a->site, unit, asof_date(ctx, a->has_asof, a->asof),
	    a->html ? PM_NOTICE_HTML : PM_NOTICE_TEXT, stdout, &total, &ctx->err);
	if (rc == 0)
		rc = late_warning(ctx, c, asof_date(ctx, a->has_asof, a->asof));
	pm_fee_conf_free(c);
	return rc;
}

struct agreement_args {
	const char *site, *text;
	pm_time date;
};

static const pm_opt agreement_opts[] = {
	{ PM_OPT("date", PM_O_TIME, OFF(struct agreement_args, date), "DATE",
	  N_("the day the owner signed it")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("text", PM_O_TEXT, OFF(struct agreement_args, text), "TEXT",
	  N_("its terms (the plan: amounts and dates)")) },
	{ PM_OPT("site", PM_O_STR, OFF(struct agreement_args, site), "SITE",
	  N_("the unit's site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_agreement(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct agreement_args *a = args;
	pm_demand_in in;
	int64_t id;
	int rc;

	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	memset(&in, 0, sizeof in);
	in.site = a->site;
	in.unit = argv[0];
	in.agreement = 1;
	in.date = pm_date_of(a->date);
	in.text = a->text;
	if ((rc = pm_fee_demand_add(ctx, &in, &id, &ctx->err)) != 0)
		return rc;
	return print_new_id(ctx, id);
}

struct demand_list_args {
	const char *site;
};

static const pm_opt demand_list_opts[] = {
	{ PM_OPT("site", PM_O_STR, OFF(struct demand_list_args, site), "SITE",
	  N_("the unit's site (default: the only site)")) },
	{ .name = NULL }
};

static const pm_col demand_list_cols[] = {
	{ "demand", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, 0 },
	{ "kind", PM_C_TEXT, 10, 0, 0 },
	{ "date", PM_C_TEXT, 10, 0, 0 },
	{ "method", PM_C_TEXT, 8, 0, 0 },
	{ "text", PM_C_TEXT, 40, 0, 0 },
	{ "actor", PM_C_TEXT, 12, 0, 0 },
	{ "at", PM_C_TIME, 0, 0, 0 },
};

static int
demand_row(void *arg, const pm_demand_info *d)
{
	pm_out *o = arg;

	pm_out_int(o, 0, d->id);
	pm_out_text(o, 1, d->site);
	pm_out_text(o, 2, d->unit);
	pm_out_text(o, 3, d->kind);
	pm_out_text(o, 4, d->date);
	pm_out_text(o, 5, d->method);
	pm_out_text(o, 6, d->text);
	pm_out_text(o, 7, d->actor);
	pm_out_int(o, 8, d->at);
	return pm_out_row(o) != 0;
}

static int
do_demand_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct demand_list_args *a = args;
	int rc;

	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_demand_list(ctx, a->site, argv[0], demand_row,
	    pm_cli_out(ctx, demand_list_cols, 9), &ctx->err);
}

struct remind_args {
	const char *site;
	pm_time asof;
	int has_asof, has_older;
	int64_t older;
};

static const pm_opt remind_opts[] = {
	{ PM_OPT("older-than", PM_O_SPAN, OFF(struct remind_args, older), "AGE",
	  N_("only units with a debt overdue more than AGE (30d, 2w)")),
	  .has = PM_HAS(struct remind_args, has_older) },
	{ PM_OPT("site", PM_O_STR, OFF(struct remind_args, site), "SITE",
	  N_("only this site's units")) },
	{ PM_OPT("as-of", PM_O_TIME, OFF(struct remind_args, asof), "DATE",
	  N_("the debts at the end of this day (default today)")),
	  .has = PM_HAS(struct remind_args, has_asof) },
	{ .name = NULL }
};

static const pm_col remind_cols[] = {
	{ "site", PM_C_TEXT, 12, 0, 0 },
	{ "unit", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "owner_name", PM_C_TEXT, 12, PM_PII_NAME, 0 },
	{ "phone", PM_C_TEXT, 14, PM_PII_PHONE, 0 },
	{ "owed_fen", PM_C_MONEY, 0, 0, 0 },
	{ "bills", PM_C_INT, 0, 0, 0 },
	{ "oldest_due", PM_C_TEXT, 10, 0, 0 },
};

static int
remind_row(void *arg, const pm_remind_row *r)
{
	pm_out *o = arg;
	char d[16];

	pm_out_text(o, 0, r->site);
	pm_out_text(o, 1, r->unit);
	pm_out_text(o, 2, r->name);
	pm_out_text(o, 3, r->phone);
	pm_out_int(o, 4, r->owed);
	pm_out_int(o, 5, r->bills);
	pm_date_format(r->oldest_due, d, sizeof d);
	pm_out_text(o, 6, d);
	return pm_out_row(o) != 0;
}

static int
do_remind(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct remind_args *a = args;
	pm_arrears_filter f;
	pm_fee_conf *c = NULL;
	int rc;

	(void)argc;
	(void)argv;
	memset(&f, 0, sizeof f);
	if ((rc = older_days(ctx, a->has_older, a->older, &f.older_than)) != 0)
		return rc;
	f.site = a->site;
	f.asof = asof_date(ctx, a->has_asof, a->asof);
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
		return rc;
	rc = pm_fee_remind(ctx, c, &f, remind_row, pm_cli_out(ctx, remind_cols, 7), &ctx->err);
	pm_fee_conf_free(c);
	return rc;
}

/* ---- statements, collection and the ledger export ------------------------- */

static const pm_col statement_cols[] = {
	{ "date", PM_C_TEXT, 10, 0, 0 },
	{ "kind", PM_C_TEXT, 10, 0, 0 },
	{ "entry", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "ref", PM_C_ID, 10, 0, 0 },
	{ "receipt", PM_C_TEXT, 20, 0, 0 },
	{ "line_refs", PM_C_TEXT, 24, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "balance_fen", PM_C_MONEY, 0, 0, 0 },
	{ "credit_fen", PM_C_MONEY, 0, 0, 0 },
	{ "credit_balance_fen", PM_C_MONEY, 0, 0, 0 },
	{ "reverses", PM_C_INT, 0, 0, 0 },
};

static int
statement_row(void *arg, const pm_fee_stmt_row *r)
{
	pm_out *o = arg;
	char d[16];

	pm_date_format(r->date, d, sizeof d);
	pm_out_text(o, 0, d);
	pm_out_text(o, 1, r->kind);
	if (r->entry != 0)
		pm_out_int(o, 2, r->entry);
	pm_out_text(o, 3, r->ref);
	pm_out_text(o, 4, r->receipt);
	pm_out_text(o, 5, r->lines);
	pm_out_int(o, 6, r->amount);
	pm_out_int(o, 7, r->balance);
	pm_out_int(o, 8, r->credit);
	pm_out_int(o, 9, r->credit_balance);
	if (r->reverses != 0)
		pm_out_int(o, 10, r->reverses);
	return pm_out_row(o) != 0;
}

struct statement_args {
	const char *unit, *site;
	pm_time from, to;
	int has_from, has_to;
};

static const pm_opt statement_opts[] = {
	{ PM_OPT("unit", PM_O_STR, OFF(struct statement_args, unit), "UNIT", N_("the unit")),
	  .flags = PM_OF_REQUIRED },
	{ PM_OPT("from", PM_O_TIME, OFF(struct statement_args, from), "DATE",
	  N_("the first day (default: the first of this month)")),
	  .has = PM_HAS(struct statement_args, has_from) },
	{ PM_OPT("to", PM_O_TIME, OFF(struct statement_args, to), "DATE",
	  N_("the last day (default today)")), .has = PM_HAS(struct statement_args, has_to) },
	{ PM_OPT("site", PM_O_STR, OFF(struct statement_args, site), "SITE",
	  N_("the unit's site (default: the only site)")) },
	{ .name = NULL }
};

static int
do_statement(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct statement_args *a = args;
	pm_date from, to;
	int rc;

	(void)argc;
	(void)argv;
	to = pm_date_of(a->has_to ? a->to : ctx->now);
	from = pm_date_of(a->has_from ? a->from : pm_month_start(pm_month_of(ctx->now)));
	if (pm_date_cmp(from, to) > 0)
		return pm_cli_usage(ctx, _("--from is after --to"));
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_statement(ctx, a->site, a->unit, from, to, statement_row,
	    pm_cli_out(ctx, statement_cols, (int)(sizeof statement_cols / sizeof statement_cols[0])),
	    &ctx->err);
}

struct stats_args {
	const char *period, *by, *site;
	pm_time asof;
	int has_asof;
};

static const pm_opt stats_opts[] = {
	{ PM_OPT("period", PM_O_STR, OFF(struct stats_args, period), "MONTH",
	  N_("the billing period (2026-11, this, last)")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("by", PM_O_WORD, OFF(struct stats_args, by), "GROUP",
	  N_("one row per site, building or item (default: one row)")),
	  .choices = PM_FEE_STATS_BY },
	{ PM_OPT("as-of", PM_O_TIME, OFF(struct stats_args, asof), "DATE",
	  N_("collected up to the end of this day (default today)")),
	  .has = PM_HAS(struct stats_args, has_asof) },
	{ PM_OPT("site", PM_O_STR, OFF(struct stats_args, site), "SITE", N_("only this site")) },
	{ .name = NULL }
};

static int
do_stats(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct stats_args *a = args;
	pm_month m;
	pm_err e;
	int rc, by;

	(void)argc;
	(void)argv;
	if (pm_month_parse(a->period, ctx->now, &m, &e) != 0)
		return pm_cli_usage(ctx, _("--period: %s"), e.msg);
	by = a->by != NULL ? pm_fee_stats_by_parse(a->by) : PM_FS_ALL;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_fee_stats(ctx, m, (pm_fee_stats_by)by, a->site,
	    pm_date_of(a->has_asof ? a->asof : ctx->now), put_row,
	    pm_cli_out(ctx, pm_fee_stats_cols, PM_FS_NCOL), &ctx->err);
}

struct export_args {
	int ledger;
	pm_time asof;
	int has_asof;
};

static const pm_opt export_opts[] = {
	{ PM_OPT("ledger", PM_O_FLAG, OFF(struct export_args, ledger), NULL,
	  N_("the journal in ledger-cli / hledger format")), .flags = PM_OF_REQUIRED },
	{ PM_OPT("as-of", PM_O_TIME, OFF(struct export_args, asof), "DATE",
	  N_("entries up to this day, and the balances asserted on it (default today)")),
	  .has = PM_HAS(struct export_args, has_asof) },
	{ .name = NULL }
};

static int
do_export(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct export_args *a = args;
	pm_date d;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	d = pm_date_of(a->has_asof ? a->asof : ctx->now);
	return pm_fee_export_ledger(ctx, &d, stdout, &ctx->err);
}

static const pm_verb verbs[] = {
	/* items, rates and billing */
	{ .kind = "item", .name = "list", .perm = "fee.read", .exec = do_item_list,
	  .opts = item_opts, .args_size = sizeof(struct item_args),
	  .help = N_("list the fee items and the rate each has in force") },
	{ .kind = "item", .name = "show", .perm = "fee.read", .exec = do_item_list,
	  .opts = item_opts, .args_size = sizeof(struct item_args), .operands = "ITEM",
	  .min_ops = 1, .max_ops = 1, .help = N_("show one fee item") },
	{ .kind = "rate", .name = "list", .perm = "fee.read", .exec = do_rate_list,
	  .opts = rate_opts, .args_size = sizeof(struct rate_args),
	  .help = N_("list the rates, or those in force in a month") },
	{ .name = "bill", .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "fee.bill", .exec = do_bill,
	  .opts = bill_opts, .args_size = sizeof(struct bill_args),
	  .help = N_("bill every unit for a period (once: a rerun bills only what is new)") },
	{ .name = "charge", .flags = PM_V_WRITE, .perm = "fee.charge", .exec = do_charge,
	  .opts = charge_opts, .args_size = sizeof(struct charge_args),
	  .help = N_("charge a unit a one-off amount, or a paid repair (--from W12)") },
	/* meters, budgets, costs and the maintenance fund */
	{ .kind = "meter", .name = "new", .exec = do_meter_new, .flags = PM_V_WRITE,
	  .perm = "fee.meter", .opts = meter_new_opts, .args_size = sizeof(struct meter_new_args),
	  .operands = "CODE", .min_ops = 1, .max_ops = 1,
	  .help = N_("create a meter: a unit's own (--unit) or shared (--split)") },
	{ .kind = "meter", .name = "list", .exec = do_meter_list, .opts = meter_list_opts,
	  .args_size = sizeof(struct meter_list_args),
	  .help = N_("list meters with their latest reading") },
	{ .kind = "meter", .name = "import", .exec = do_meter_import,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "fee.meter", .opts = meter_import_opts,
	  .args_size = sizeof(struct meter_import_args), .operands = "FILE", .min_ops = 1,
	  .max_ops = 1,
	  .help = N_("record readings from CSV or JSON Lines\n"
	  "Columns: unit meter reading time, optional event (read, rollover, replace), "
	  "final, max.\nAll or nothing; the same file again records nothing new.") },
	{ .kind = "meter", .name = "readings", .exec = do_meter_readings,
	  .opts = meter_readings_opts, .args_size = sizeof(struct meter_readings_args),
	  .help = N_("list readings and what each measured") },
	{ .kind = "meter", .name = "usage", .exec = do_meter_usage, .opts = meter_usage_opts,
	  .args_size = sizeof(struct meter_usage_args),
	  .help = N_("consumption of a month per unit and meter, shared meters split exactly") },
	{ .kind = "budget", .name = "set", .exec = do_budget_set, .flags = PM_V_WRITE,
	  .perm = "fee.budget", .opts = budget_set_opts,
	  .args_size = sizeof(struct budget_set_args),
	  .help = N_("set a department's budget for a category and year") },
	{ .kind = "budget", .name = "report", .exec = do_budget_report, .opts = budget_report_opts,
	  .args_size = sizeof(struct budget_report_args),
	  .help = N_("budget, actual cost and share used by department and category") },
	{ .kind = "cost", .name = "add", .exec = do_cost_add, .flags = PM_V_WRITE,
	  .perm = "fee.cost", .opts = cost_add_opts, .args_size = sizeof(struct cost_add_args),
	  .help = N_("post a cost (or a done work order's total, once)") },
	{ .kind = "cost", .name = "reverse", .exec = do_cost_reverse, .flags = PM_V_WRITE,
	  .perm = "fee.cost", .opts = cost_reverse_opts,
	  .args_size = sizeof(struct cost_reverse_args), .operands = "COST", .min_ops = 1,
	  .max_ops = 1, .help = N_("reverse a cost posted by mistake") },
	{ .kind = "fund", .name = "deposit", .exec = do_fund_deposit, .flags = PM_V_WRITE,
	  .perm = "fee.fund", .opts = fund_deposit_opts, .args_size = sizeof(struct fund_args),
	  .help = N_("take a deposit into a unit's maintenance fund (维修资金)") },
	{ .kind = "fund", .name = "withdraw", .exec = do_fund_withdraw, .flags = PM_V_WRITE,
	  .perm = "fee.fund.withdraw", .opts = fund_withdraw_opts,
	  .args_size = sizeof(struct fund_args),
	  .help = N_("pay an approved withdrawal out of a unit's fund, never beyond it") },
	{ .kind = "fund", .name = "balance", .exec = do_fund_balance, .opts = fund_balance_opts,
	  .args_size = sizeof(struct fund_balance_args),
	  .help = N_("maintenance fund balances per unit") },
	/* payments, credit and receipts */
	{ .name = "pay", .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "fee.pay", .exec = do_pay,
	  .opts = pay_opts, .args_size = sizeof(struct pay_args),
	  .help = N_("record a payment and its receipt: the bills named, else the oldest due "
	  "first\nWith --import FILE (CSV or JSON Lines: unit amount method ref, optional at for "
	  "site) all or nothing; the same ref again records nothing new.") },
	{ .kind = "credit", .name = "apply", .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "fee.pay",
	  .exec = do_credit_apply, .opts = credit_opts, .args_size = sizeof(struct credit_args),
	  .help = N_("settle unpaid bills from the credit units hold, oldest payment first") },
	{ .kind = "credit", .name = "list", .perm = "fee.read", .exec = do_credit_list,
	  .opts = credit_opts, .args_size = sizeof(struct credit_args),
	  .help = N_("list the units that hold credit") },
	{ .name = "reverse", .flags = PM_V_WRITE, .perm = "fee.reverse", .exec = do_reverse,
	  .opts = cost_reverse_opts, .args_size = sizeof(struct cost_reverse_args), .operands = "P12",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("reverse a payment: its allocations undone, its receipt kept as void") },
	{ .name = "refund", .flags = PM_V_WRITE, .perm = "fee.refund", .exec = do_refund,
	  .opts = refund_opts, .args_size = sizeof(struct refund_args),
	  .help = N_("pay a unit's credit back, never beyond it") },
	{ .name = "waive", .flags = PM_V_WRITE, .perm = "fee.waive", .exec = do_waive,
	  .opts = waive_opts, .args_size = sizeof(struct waive_args), .operands = "B12",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("waive a bill's late fee or part of its principal (audited)") },
	{ .kind = "payment", .name = "list", .perm = "fee.read", .exec = do_payment_list,
	  .opts = payment_list_opts, .args_size = sizeof(struct payment_list_args),
	  .help = N_("list payments with their receipts, what they settled and their credit") },
	{ .kind = "payment", .name = "show", .perm = "fee.read", .exec = do_payment_show,
	  .operands = "P12", .min_ops = 1, .max_ops = 1,
	  .help = N_("show a payment: receipt, allocations, void state, history") },
	{ .kind = "bill", .name = "list", .perm = "fee.read", .exec = do_bill_list,
	  .opts = bill_list_opts, .args_size = sizeof(struct bill_list_args),
	  .help = N_("list bills with what is left of them (from the journal)") },
	{ .kind = "bill", .name = "show", .perm = "fee.read", .exec = do_bill_show,
	  .operands = "B12", .min_ops = 1, .max_ops = 1,
	  .help = N_("show a bill: its lines and late fee, what is left, history") },
	/* arrears, late fees, limitation and notices */
	{ .name = "arrears", .perm = "fee.read", .exec = do_arrears, .opts = arrears_opts,
	  .args_size = sizeof(struct arrears_args),
	  .help = N_("what each unit owes as of a date: principal, late fee, ageing, "
	  "limitation\nA late fee is computed up to the date; a warning says when payments "
	  "are recorded only through an earlier day.") },
	{ .name = "notice", .flags = PM_V_WRITE, .perm = "fee.read", .exec = do_notice,
	  .opts = notice_opts, .args_size = sizeof(struct notice_args), .operands = "[UNIT]",
	  .min_ops = 0, .max_ops = 1,
	  .help = N_("print a unit's payment reminder (催缴通知书), or record one delivered "
	  "(--delivered --method: needs fee.notice)") },
	{ .name = "agreement", .flags = PM_V_WRITE, .perm = "fee.notice", .exec = do_agreement,
	  .opts = agreement_opts, .args_size = sizeof(struct agreement_args), .operands = "UNIT",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("record a repayment agreement (restarts the limitation period)") },
	{ .kind = "demand", .name = "list", .perm = "fee.read", .exec = do_demand_list,
	  .opts = demand_list_opts, .args_size = sizeof(struct demand_list_args),
	  .operands = "UNIT", .min_ops = 1, .max_ops = 1,
	  .help = N_("a unit's demands delivered and repayment agreements (the limitation's "
	  "restarts)") },
	{ .name = "remind", .flags = PM_V_UNMASK, .perm = "fee.read", .exec = do_remind,
	  .opts = remind_opts, .args_size = sizeof(struct remind_args),
	  .help = N_("the units to remind: owner, phone (masked unless --unmask), amount "
	  "owed, oldest due") },
	/* statements, collection and the ledger export */
	{ .name = "statement", .perm = "fee.read", .exec = do_statement, .opts = statement_opts,
	  .args_size = sizeof(struct statement_args),
	  .help = N_("a unit's statement: opening, every entry with the running balance and "
	  "credit, closing\nColumns: date kind entry ref receipt line_refs amount_fen balance_fen "
	  "credit_fen credit_balance_fen reverses.") },
	{ .name = "stats", .perm = "fee.read", .exec = do_stats, .opts = stats_opts,
	  .args_size = sizeof(struct stats_args),
	  .help = N_("a period's billed, collected and arrears, and the collection rates\n"
	  "Columns: period by site building item billed_fen collected_fen waived_fen "
	  "arrears_fen collection_pct units_billed units_paid household_pct.") },
	{ .name = "export", .perm = "fee.export", .exec = do_export, .opts = export_opts,
	  .args_size = sizeof(struct export_args),
	  .help = N_("write the journal for ledger-cli and hledger, with balance assertions "
	  "per unit\nledger -f FILE --strict --pedantic balance; hledger -f FILE check.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-fee",
	N_("Fees: items, billing, meters, payments, arrears and late fees, to the fen."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
