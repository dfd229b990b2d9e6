/*
 * cli.h — what every pm binary shares: global options, verb tables,
 * option tables, per-verb help, the command's transaction, IDs from
 * stdin, exit statuses.
 *
 * A binary is a table of verbs, a table of options per verb, and a call
 * to pm_cli_main:
 *
 *	struct backup_args { const char *to; };
 *	static const pm_opt backup_opts[] = {
 *		{ .name = "to", .type = PM_O_STR, .off = offsetof(struct backup_args, to),
 *		  .arg = "FILE", .help = "where the copy goes", .flags = PM_OF_REQUIRED },
 *		{ .name = NULL }
 *	};
 *	static const pm_verb verbs[] = {
 *		{ .name = "check", .exec = do_check, .flags = PM_V_ANYVERSION,
 *		  .help = "check the database" },
 *		{ .name = "backup", .exec = do_backup, .opts = backup_opts,
 *		  .args_size = sizeof(struct backup_args), .help = "copy the database" },
 *		{ .name = NULL }
 *	};
 *	static const pm_tool tool = { "pm-admin", "database life", verbs };
 *	int main(int argc, char **argv) { return pm_cli_main(&tool, argc, argv); }
 *
 * pm_cli_main parses the global options wherever they appear, finds the
 * verb, refuses -n for a writer without PM_V_DRYRUN, loads the
 * configuration, sets the time zone and the clock (PM_NOW), resolves the
 * actor, parses the verb's options into a zeroed arguments struct and
 * checks its operand count, and calls exec with the operands alone.  The
 * verb calls pm_cli_begin, which opens the database, begins the command's
 * one transaction and checks the verb's permission (and --unmask) — so a
 * usage error never touches the database.  After the verb, cli commits
 * (or rolls back on any error, or after -n), then writes a writer's
 * rows (pm_cli_out), flushes and checks stdout, prints a failure as one
 * line "tool: message" on stderr, and returns the exit status.
 *
 * A row is printed only once what it reports is committed: the writers
 * pm_cli_out makes for a PM_V_WRITE verb hold their rows (out.h) until
 * the command's commit — and a PM_V_BATCH verb's until each batch's —
 * and drop them on a rollback, so a failed command prints none of them
 * and a verb never has to care.  -n prints them after its rollback.
 * Listings stream their rows as they are read.
 *
 * Option tables are usually static and const.  A tool whose options come
 * from lib (pm-unit: the record kinds' field tables) fills static pm_opt
 * arrays once in main, before pm_cli_main, and points its const verb
 * table at them: the table is read only after pm_cli_main starts.
 */
#ifndef PM_CLI_H
#define PM_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "ctx.h"
#include "i18n.h"
#include "id.h"

/* verb flags */
#define PM_V_NODB       0x01    /* needs no database (config, help-like verbs) */
#define PM_V_WRITE      0x02    /* changes the database: BEGIN IMMEDIATE */
#define PM_V_CREATE     0x04    /* creates the database (init); removed again on failure */
#define PM_V_ANYVERSION 0x08    /* works on any schema version (check, migrate, backup) */
#define PM_V_NOTXN      0x10    /* manages its own transactions */
#define PM_V_CONFIGARG  0x20    /* a first operand names the config file to load */
#define PM_V_DRYRUN     0x40    /* -n: does everything, prints what it would change, and
                                 * cli rolls it back; a writer without it refuses -n */
#define PM_V_UNMASK     0x80    /* takes --unmask --reason TEXT (cli parses and checks
                                 * them; the verb reads ctx->unmask) */
#define PM_V_BOOTSTRAP  0x100   /* may run before anyone holds a role (ctx->bootstrap):
                                 * what sets up a new database and its first member */
#define PM_V_BATCH      0x200   /* a writer over independent records (escalate -):
                                 * pm_cli_each_id commits every batch_records records
                                 * or PM_CLI_BATCH_MS, and begins again, so others
                                 * never wait long; each batch's rows are printed
                                 * after its commit; a failure rolls back only its
                                 * batch (and drops its rows), and a rerun completes
                                 * the rest.  Not with -n (one transaction, rolled
                                 * back) */
#define PM_V_ICS        0x400   /* its rows are events: the columns it prints declare
                                 * a start (out.h, event roles), so -o ics is a
                                 * calendar of them; every other verb refuses -o ics
                                 * (64) before the database is opened */
#define PM_V_DOC        0x800   /* it writes a document for a person (doc.h), not rows:
                                 * -o text|md|html (default text) into ctx->doc; the
                                 * row formats are refused (64) before the database
                                 * is opened, and other verbs refuse text, md, html */
#define PM_V_DOCJSON    0x1000  /* with PM_V_DOC: -o json is accepted too (the same
                                 * content for programs: ctx->fmt is PM_FMT_JSON,
                                 * else PM_FMT_TSV and ctx->doc the document's) */

/* The longest a PM_V_BATCH verb holds the write lock between commits
 * (one record's work more at most). */
#define PM_CLI_BATCH_MS 50

/*
 * Options declared once.  A verb's options are a table of typed entries
 * that write into the verb's own arguments struct (args_size bytes,
 * zeroed, handed to exec); cli converts and validates each value, names
 * the option in every error (exit 64), refuses options the verb does
 * not declare, generates the usage line and the options part of
 * --help, and `make lint` checks each man page's SYNOPSIS against the
 * table (`pm-<tool> --options` prints it).
 *
 *	struct list_args { pm_contact_filter f; };
 *	static const pm_opt list_opts[] = {
 *		{ "since", PM_O_TIME, OFF(struct list_args, f.since),
 *		  HAS(struct list_args, f.has_since), "TIME", "received at or after TIME" },
 *		...
 *		{ NULL }
 *	};
 */
typedef enum pm_opt_type {
	PM_O_FLAG = 1,  /* no value: int field set to 1 */
	PM_O_STR,       /* a value as given: const char * into argv */
	PM_O_TEXT,      /* free text, "-" reads it from stdin: const char * (cli
	                 * owns what it read); at most text.max_chars characters */
	PM_O_WORD,      /* one of choices "a|b|c": const char * */
	PM_O_TIME,      /* a date or time relative to PM_NOW: pm_time */
	PM_O_SPAN,      /* a positive duration without months: int64_t seconds */
	PM_O_COUNT,     /* an integer >= min (min is 0 unless set): int64_t */
	PM_O_INT,       /* an integer in [min, max]: int */
	PM_O_MONEY      /* an amount in yuan ("1,234.50"): int64_t fen, >= 0 */
} pm_opt_type;

#define PM_OF_REQUIRED  0x01    /* the verb cannot run without it */
#define PM_OF_REPEAT    0x02    /* PM_O_STR only: every value into a pm_strv */

/* offsetof for option tables; HAS is 0 when there is no "given" field */
#define PM_OFF(T, f)    offsetof(T, f)
#define PM_HAS(T, f)    (offsetof(T, f) + 1)

typedef struct pm_opt {
	const char *name;       /* "due-within": the long option without "--" */
	pm_opt_type type;
	size_t off;             /* where the value goes in the args struct */
	size_t has;             /* PM_HAS of an int set to 1 when given, or 0 */
	const char *arg;        /* the value's name in usage: "TIME" (NULL for flags) */
	const char *help;       /* one line for --help */
	unsigned flags;         /* PM_OF_* */
	const char *choices;    /* PM_O_WORD: "a|b|c" */
	int64_t min, max;       /* PM_O_INT; min for PM_O_COUNT */
	const char *field;      /* the lib field it fills, when not its name: lib
	                         * errors say "text is required", cli says --result */
} pm_opt;

/* The five fields every option has, for designated initializers:
 *	{ PM_OPT("limit", PM_O_COUNT, OFF(f.limit), "N", "at most N rows"), .flags = ... } */
#define PM_OPT(name_, type_, off_, arg_, help_) \
	.name = (name_), .type = (type_), .off = (off_), .arg = (arg_), .help = (help_)

/* Values of a PM_OF_REPEAT option, in order (cli owns the array). */
typedef struct pm_strv {
	const char **v;
	int n;
} pm_strv;

typedef struct pm_verb {
	const char *kind;       /* "occupant", or NULL for the tool's main kind */
	const char *name;       /* "list" */
	unsigned flags;         /* PM_V_* */
	const char *perm;       /* permission needed, or NULL */
	const char *help;       /* one line; more lines after a \n for <verb> --help */
	/* cli parses opts into a zeroed args struct and passes the operands
	 * alone (argv[0] is the first operand, argc their number) */
	int (*exec)(pm_ctx *ctx, void *args, int argc, char **argv);
	const pm_opt *opts;     /* ends with name NULL; NULL = no options */
	size_t args_size;
	const char *operands;   /* "ID...|-", "FILE", NULL for none */
	int min_ops, max_ops;   /* operand counts; max -1: no limit */
} pm_verb;

typedef struct pm_tool {
	const char *name;       /* "pm-admin" */
	const char *summary;    /* one line */
	const pm_verb *verbs;   /* ends with name NULL */
	pm_perm_policy policy;  /* who may do what (actor.h); NULL = the roles
	                         * policy of perm.h, never everyone */
} pm_tool;

/*
 * Open (or, for PM_V_CREATE, create) the database, begin the command's
 * transaction (BEGIN IMMEDIATE for PM_V_WRITE; none for PM_V_NOTXN) and
 * check the verb's permission, and for a PM_V_UNMASK verb given --unmask
 * that the actor holds "pii.unmask" and commits the unmask's audit row
 * (the command and the reason) before the verb can show anything — when
 * it cannot be written the verb fails and shows nothing; after the verb
 * a second, best-effort row records how many rows were shown.  A refusal
 * is audited and returns PM_EX_NOPERM.  Call it once the verb has checked what it can
 * without the database.  Does nothing for
 * PM_V_NODB verbs or when already done.
 */
int pm_cli_begin(pm_ctx *ctx);

/*
 * Check a permission the verb needs beyond its own.  A refusal is audited in its own transaction (the
 * command's is rolled back) and returns PM_EX_NOPERM with ctx->err set.
 * perm "" asks only that the actor be an active staff member.
 */
int pm_cli_require(pm_ctx *ctx, const char *perm);

/* Run the tool; returns the process exit status. */
int pm_cli_main(const pm_tool *tool, int argc, char **argv);

/* Set a usage error (PM_EX_USAGE) on ctx and return it. */
int pm_cli_usage(pm_ctx *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse a date/time option value relative to ctx->now; errors name the
 * option ("--since: 2023-02-29: no such date") with PM_EX_USAGE.
 */
int pm_cli_time(pm_ctx *ctx, const char *opt, const char *s, pm_time *out);

/* A writer for the verb's rows in the chosen format (ctx->out; cli
 * finishes and frees it).  With -o ics (a PM_V_ICS verb) the columns
 * must have a PM_COL_START, and every event is stamped with ctx->now.
 * A PM_V_WRITE verb's writer holds its rows until the commit (above);
 * one replaced by a second call is kept, and written, until then. */
pm_out *pm_cli_out(pm_ctx *ctx, const pm_col *cols, int ncols);

/*
 * show: print one record — cols[0..ncols) and their cells (the lib's
 * column table and row, raw) — with its timeline (entity, id.n) and its
 * links.  Text formats (table, tsv, csv): a field/value line per column,
 * a blank line, then the timeline's events in the order they were
 * written (at actor event note data).  json: one object with every
 * column, then an "events" and a "links" array.  id: the record's ID.
 * Personal data is masked by the columns' classes unless --unmask
 * (out.h); the verb never decides.  ncols is at most 62.
 *
 * For a record kind with a timeline (contacts now; work orders, hazards,
 * incidents, actions next).  pm-org staff show and pm-unit's show verbs
 * print one row of their list's columns instead, as documented in their
 * man pages: no timeline to follow, and scripts read that row.
 */
int pm_cli_show(pm_ctx *ctx, const pm_col *cols, int ncols, const pm_cell *cells,
	const char *entity, pm_id id);

/*
 * A section of a show verb in json: the rows fn writes into o (with
 * pm_out_cells, in cols), as one JSON array appended to out ("[]" when
 * none) — each row as -o json writes it, masked by the columns' classes
 * unless --unmask — for a show that prints its record as one object with
 * its related rows under a key (equip show: its jobs).  Returns fn's
 * status, else the writer's.
 */
int pm_cli_json_rows(pm_ctx *ctx, const pm_col *cols, int ncols,
	int (*fn)(pm_ctx *ctx, pm_out *o, void *arg), void *arg, struct pm_buf *out);

/*
 * Call fn for each record ID named by the operands argv[0..argc).  An
 * operand "-" reads IDs from in, one a line, taking the first field
 * (up to a tab or space) so `-o id` and `-o tsv` both pipe in; blank
 * lines are skipped.  want is the ID kind (a bare number means that
 * kind).  Stops at the first error and returns its status; no operands
 * at all is a usage error.  For a PM_V_BATCH verb, commits between
 * records in bounded batches (and runs the on- hooks of each batch).
 */
int pm_cli_each_id(pm_ctx *ctx, int argc, char **argv, FILE *in, char want,
	int (*fn)(pm_ctx *ctx, pm_id id, void *arg), void *arg);

/* The default database path: $XDG_DATA_HOME/pm/pm.db (~/.local/share/pm/pm.db).
 * Writes into buf; returns buf, or NULL when HOME is unknown too. */
const char *pm_cli_default_db(char *buf, size_t n);

#endif
