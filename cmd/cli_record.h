/*
 * cli_record.h — the front of a record kind (lib/mech/record.h): what
 * turns a kind's field table into the options of new and set, prints
 * list, show and export in the kind's columns, and runs import.
 *
 * Every tool that keeps a kind of record (pm-unit's sites, buildings,
 * units, occupants and vehicles; pm-workorder's equipment; patrol
 * checkpoints next) uses it, so a kind's options, columns and import
 * counts read the same everywhere:
 *
 *	static pm_cli_rkind equip;
 *	...
 *	{ .kind = "equip", .name = "new", .exec = do_new, .opts = equip.new_opts,
 *	  .args_size = sizeof(pm_rrec), ... },
 *	int main(...) { pm_cli_record_init(&equip, pm_equip_kind(), 0); ... }
 *
 * A field's option is its name with - for _ (move_in: --move-in), whose
 * value is written as text into the pm_rrec the verb is handed; lib
 * checks and normalises it, so a field's rules live once, in its table.
 */
#ifndef PM_CLI_RECORD_H
#define PM_CLI_RECORD_H

#include "cli.h"
#include "record.h"

/* The option tables of one kind, filled once by pm_cli_record_init
 * before pm_cli_main reads the verb table that points at them. */
typedef struct pm_cli_rkind {
	const pm_rkind *k;
	pm_opt new_opts[PM_R_MAXF + 1];
	pm_opt set_opts[PM_R_MAXF + 1];
	char names[PM_R_MAXF][24];
	char args[PM_R_MAXF][16];
} pm_cli_rkind;

/*
 * Fill r's tables from k's fields.  new requires the required fields,
 * but for the label (the operand) and the scope (a site left out is the
 * only one); fields whose bit is set in skip (1u << field index) are
 * no option of either (a field only another verb writes: a retirement).
 */
void pm_cli_record_init(pm_cli_rkind *r, const pm_rkind *k, unsigned skip);

/* pm_cli_record_put's flags */
#define PM_CLI_R_SITE 0x1       /* a "site" field left out is the only active site */

/*
 * new (PM_PUT_NEW) and set (PM_PUT_SET): the operand, if any, is the
 * label field; begins the command; writes rec.  new prints the key of
 * what it made (for the next command); set prints nothing.
 */
int pm_cli_record_put(pm_ctx *ctx, const pm_rkind *k, pm_rrec *rec, pm_rmode mode,
	unsigned flags, int argc, char **argv);

/* --site left out: *site becomes the only active site's code, or a usage
 * error says to name one. */
int pm_cli_record_site(pm_ctx *ctx, const char **site);

/*
 * Print the records it yields in k's columns (PM_R_EXPORT in show for
 * an export, which also defaults to CSV), and free it.  For show (key
 * not NULL) no row at all is PM_EX_NOINPUT "KIND KEY: no such KIND",
 * the key masked as an export masks it.  Call after pm_cli_begin.
 */
int pm_cli_record_print(pm_ctx *ctx, const pm_rkind *k, pm_riter *it, unsigned show,
	const char *key);

/* import's options (--csv, --jsonl) and their arguments struct */
typedef struct pm_cli_import_args {
	int csv, jsonl;
} pm_cli_import_args;
extern const pm_opt pm_cli_import_opts[];

/* import FILE: begins the command, imports records of k, prints
 * inserted, updated, unchanged.  -n: cli takes it all back. */
int pm_cli_record_import(pm_ctx *ctx, const pm_rkind *k, const pm_cli_import_args *a,
	const char *path);

/*
 * retire CODE for a kind retired, never deleted (equipment, patrol
 * checkpoints): --site (default the only active one), --reason
 * (required), --date (default today); begins the command and calls the
 * kind's retire, which says what retiring means for it.
 */
typedef struct pm_cli_retire_args {
	const char *site, *reason, *date;
} pm_cli_retire_args;
extern const pm_opt pm_cli_retire_opts[];
typedef int (*pm_cli_retire_fn)(pm_ctx *ctx, const char *site, const char *code,
	const char *date, const char *reason, pm_rput *res, pm_err *err);
int pm_cli_record_retire(pm_ctx *ctx, const pm_cli_retire_args *a, const char *code,
	pm_cli_retire_fn retire);

#endif
