/*
 * cli.h — what every pm binary shares: global options, verb tables,
 * per-verb help, the command's transaction, IDs from stdin, exit statuses.
 *
 * A binary is a table of verbs and a call to pm_cli_main:
 *
 *	static const pm_verb verbs[] = {
 *		{ NULL, "check", do_check, PM_V_ANYVERSION, NULL, "", "check the database" },
 *		...
 *		{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
 *	};
 *	static const pm_tool tool = { "pm-admin", "database life", verbs };
 *	int main(int argc, char **argv) { return pm_cli_main(&tool, argc, argv); }
 *
 * pm_cli_main parses the global options wherever they appear, finds the
 * verb, loads the configuration, sets the time zone and the clock
 * (PM_NOW), resolves the actor and runs the verb.  The verb parses its
 * own options first and then calls pm_cli_begin, which opens the
 * database, begins the command's one transaction and checks the verb's
 * permission — so a usage error never touches the database.  After the
 * verb, cli commits (or rolls back on any error), flushes and checks
 * stdout, prints a failure as one line "tool: message" on stderr, and
 * returns the exit status.
 */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <getopt.h>
#include <stdio.h>
#include "ctx.h"
#include "id.h"

/* verb flags */
#define PM_V_NODB       0x01    /* needs no database (config, help-like verbs) */
#define PM_V_WRITE      0x02    /* changes the database: BEGIN IMMEDIATE */
#define PM_V_CREATE     0x04    /* creates the database (init); removed again on failure */
#define PM_V_ANYVERSION 0x08    /* works on any schema version (check, migrate, backup) */
#define PM_V_NOTXN      0x10    /* manages its own transactions */
#define PM_V_CONFIGARG  0x20    /* a first operand names the config file to load */

typedef struct pm_verb {
	const char *kind;       /* "occupant", or NULL for the tool's main kind */
	const char *name;       /* "list" */
	int (*run)(pm_ctx *ctx, int argc, char **argv); /* argv[0] is the verb */
	unsigned flags;
	const char *perm;       /* permission needed, or NULL */
	const char *synopsis;   /* options and operands: "[--since DATE] FILE" */
	const char *help;       /* one line; more lines after a \n for <verb> --help */
} pm_verb;

typedef struct pm_tool {
	const char *name;       /* "pm-admin" */
	const char *summary;    /* one line */
	const pm_verb *verbs;   /* ends with name NULL */
	pm_perm_policy policy;  /* who may do what (perm.h); NULL = everyone */
} pm_tool;

/*
 * Open (or, for PM_V_CREATE, create) the database, begin the command's
 * transaction (BEGIN IMMEDIATE for PM_V_WRITE; none for PM_V_NOTXN) and
 * check the verb's permission; a refusal is audited and returns
 * PM_EX_NOPERM.  Call it after parsing options.  Does nothing for
 * PM_V_NODB verbs or when already done.
 */
int pm_cli_begin(pm_ctx *ctx);

/*
 * Check a permission the verb needs beyond its own (--unmask needs
 * "pii.unmask").  A refusal is audited in its own transaction (the
 * command's is rolled back) and returns PM_EX_NOPERM with ctx->err set.
 * perm "" asks only that the actor be an active staff member.
 */
int pm_cli_require(pm_ctx *ctx, const char *perm);

/*
 * --unmask --reason TEXT: check that the actor holds "pii.unmask" (a
 * refusal is audited, PM_EX_NOPERM) and that a reason is given
 * (PM_EX_USAGE).  On success the verb prints unmasked data, and when it
 * has finished cli records one audit row (entity "pii", action "unmask")
 * with the command, the reason and the number of rows shown, in its own
 * transaction.  Call after pm_cli_begin.
 */
int pm_cli_unmask(pm_ctx *ctx, const char *reason);

/* Run the tool; returns the process exit status. */
int pm_cli_main(const pm_tool *tool, int argc, char **argv);

/*
 * getopt_long for a verb's own options, quiet, with errors as usage:
 * returns the option character (or long option's val), -1 at the end of
 * options, or '?' with ctx->err set to PM_EX_USAGE ("unknown option
 * '--x'", "option '--since' needs a value").  Reset happens on the first
 * call of each verb.  After -1, argv[optind..argc) are the operands.
 */
int pm_cli_opt(pm_ctx *ctx, int argc, char **argv, const char *shortopts,
	const struct option *longopts);

/* Set a usage error (PM_EX_USAGE) on ctx and return it. */
int pm_cli_usage(pm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse a date/time option value relative to ctx->now; errors name the
 * option ("--since: 2023-02-29: no such date") with PM_EX_USAGE.
 */
int pm_cli_time(pm_ctx *ctx, const char *opt, const char *s, pm_time *out);

/* A writer for the verb's rows in the chosen format (ctx->out; cli
 * finishes and frees it). */
pm_out *pm_cli_out(pm_ctx *ctx, const pm_col *cols, int ncols);

/*
 * Call fn for each record ID named by the operands argv[0..argc).  An
 * operand "-" reads IDs from in, one a line, taking the first field
 * (up to a tab or space) so `-o id` and `-o tsv` both pipe in; blank
 * lines are skipped.  want is the ID kind (a bare number means that
 * kind).  Stops at the first error and returns its status; no operands
 * at all is a usage error.
 */
int pm_cli_each_id(pm_ctx *ctx, int argc, char **argv, FILE *in, char want,
	int (*fn)(pm_ctx *ctx, pm_id id, void *arg), void *arg);

/* The default database path: $XDG_DATA_HOME/pm/pm.db (~/.local/share/pm/pm.db).
 * Writes into buf; returns buf, or NULL when HOME is unknown too. */
const char *pm_cli_default_db(char *buf, size_t n);

#endif
