/*
 * cli_proc.h — the front of a process tool: the verbs every tool whose
 * records move along a lifecycle (pm-complaint's contacts, pm-workorder's
 * jobs; hazards and incidents next) prints the same way.
 *
 * Moved down from pm-complaint when pm-workorder became the second such
 * tool, so escalate, list and show read the same in every one.
 */
#ifndef PM_CLI_PROC_H
#define PM_CLI_PROC_H

#include <stdint.h>
#include "cli.h"
#include "escalate.h"
#include "out.h"

/*
 * escalate ID...|-: call esc for each record named (pm_cli_each_id,
 * IDs of kind want) and print id level responsible for those it raised
 * — nothing for the rest, so the cron job stays quiet when nothing
 * changed.  Begins the command.
 */
int pm_cli_escalate(pm_ctx *ctx, int argc, char **argv, char want,
	int (*esc)(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err));

#endif
