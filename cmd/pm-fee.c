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
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- items, rates and billing -------------------------------------------- */

/* ---- meters, budgets, costs and the maintenance fund ---------------------- */

/* ---- payments, arrears and statements ------------------------------------ */

static const pm_verb verbs[] = {
	/* items, rates and billing */
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
