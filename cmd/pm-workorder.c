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
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- equipment ----------------------------------------------------------- */

/* ---- plans --------------------------------------------------------------- */

/* ---- work orders --------------------------------------------------------- */

static const pm_verb verbs[] = {
	/* equipment */
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
	return pm_cli_main(&tool, argc, argv);
}
