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
#include "fee_bill.h"
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- items, rates and billing -------------------------------------------- */

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
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = fee_conf(ctx, &c)) != 0)
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

/* ---- payments, arrears and statements ------------------------------------ */

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
	/* payments, arrears and statements */
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
