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
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* ---- checkpoints, routes and rounds --------------------------------------- */

/* ---- hazards and rectification -------------------------------------------- */

/* ---- drills and incidents -------------------------------------------------- */

static const pm_verb verbs[] = {
	/* checkpoints, routes and rounds */
	/* hazards */
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
