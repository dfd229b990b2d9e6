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

/*
 * new's output: the one ID the new record got, as an id column (so
 * `-o id` and tsv both pipe it into the next verb).
 */
void pm_cli_new_id(pm_ctx *ctx, pm_id id);

/*
 * list's row limit when --limit is not given: a person at a terminal
 * wants the newest 50; a pipe (`-o id | escalate -`) and the deadline
 * listings (deadline: --overdue or --due-within) want every row, or cron
 * would silently skip what is late beyond the first 50.  0: no limit.
 */
int64_t pm_cli_list_limit(const pm_ctx *ctx, int deadline);

/*
 * list's columns: cols[i] = all[map[i]] for i < n, and the set of
 * columns to read (bit map[i] of each) — with -o id the key column
 * alone, so the listing reads what it prints.
 */
uint64_t pm_cli_list_cols(const pm_ctx *ctx, const pm_col *all, const int *map, int n,
	int key, pm_col *cols);

/*
 * show's end, after the record's row was read: found is what the
 * lib's next returned (1 a row in cells, 0 none: PM_EX_NOINPUT with
 * nosuch, a translated format taking the ID; -1 an error already in
 * ctx->err).  A row is printed with pm_cli_show.
 */
int pm_cli_show_found(pm_ctx *ctx, int found, const pm_col *cols, int ncols,
	const pm_cell *cells, const char *entity, pm_id id, const char *nosuch);

#endif
