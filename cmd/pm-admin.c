/*
 * pm-admin — the life of a pm database: init, migrate, check, backup,
 * the audit log, and the configuration.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "cli.h"
#include "complaint.h"
#include "org_perm.h"

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

static int
do_init(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_admin_init(ctx, &ctx->err);
}

static const pm_col migrate_cols[] = {
	{ "from_version", PM_C_INT, 0, 0, 0 },
	{ "to_version", PM_C_INT, 0, 0, 0 },
	{ "backup", PM_C_TEXT, 0, 0, 0 },
};

/* --verify fast|full, for migrate's backup and backup's copy */
static int
verify_level(const char *word)
{
	return word != NULL && strcmp(word, "full") == 0 ? PM_DB_VERIFY_FULL : PM_DB_VERIFY_FAST;
}

#define VERIFY_OPT(T) \
	{ .name = "verify", .type = PM_O_WORD, .off = OFF(T, verify), .arg = "HOW", \
	  .choices = "fast|full", .help = N_("check the copy: fast (header, length, schema; " \
	  "the default) or full (SQLite's integrity check of every page)") }

struct migrate_args { const char *backup, *verify; };

static const pm_opt migrate_opts[] = {
	{ .name = "backup", .type = PM_O_STR, .off = OFF(struct migrate_args, backup),
	  .arg = "FILE", .help = N_("the backup goes to FILE (default: backup.dir, else beside "
	  "the database)") },
	VERIFY_OPT(struct migrate_args),
	{ .name = NULL }
};

static int
do_migrate(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct migrate_args *a = args;
	pm_admin_migration m;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if ((rc = pm_admin_migrate(ctx, a->backup, verify_level(a->verify), &m, &ctx->err)) != 0)
		return rc;
	if (m.from == m.to)
		return 0;       /* already current: nothing to say */
	o = pm_cli_out(ctx, migrate_cols, 3);
	pm_out_int(o, 0, m.from);
	pm_out_int(o, 1, m.to);
	pm_out_text(o, 2, m.backup);
	pm_out_row(o);
	return 0;
}

static const pm_col check_cols[] = {
	{ "check", PM_C_TEXT, 12, 0, PM_COL_KEY },
	{ "problem", PM_C_TEXT, 100, 0, 0 },
};

static int
check_row(void *arg, const char *check, const char *detail)
{
	pm_out *o = arg;

	pm_out_text(o, 0, check);
	pm_out_text(o, 1, detail);
	return pm_out_row(o) != 0;
}

static int
do_check(pm_ctx *ctx, void *args, int argc, char **argv)
{
	long problems = 0;
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	o = pm_cli_out(ctx, check_cols, 2);
	if ((rc = pm_admin_check(ctx, check_row, o, &problems, &ctx->err)) != 0)
		return rc;
	return problems > 0 ? PM_EX_NOTFOUND : 0;
}

struct backup_args { const char *verify; };

static const pm_opt backup_opts[] = {
	VERIFY_OPT(struct backup_args),
	{ .name = NULL }
};

static int
do_backup(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct backup_args *a = args;
	int rc;

	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_admin_backup(ctx, argv[0], verify_level(a->verify), &ctx->err);
}

static const pm_col audit_cols[] = {
	{ "id", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "at", PM_C_TIME, 0, 0, 0 },
	{ "actor", PM_C_ID, 16, 0, 0 },
	{ "tool", PM_C_TEXT, 14, 0, 0 },
	{ "entity", PM_C_TEXT, 14, 0, 0 },
	{ "entity_id", PM_C_ID, 16, 0, 0 },
	{ "action", PM_C_TEXT, 12, 0, 0 },
	{ "before", PM_C_JSON, 40, 0, 0 },
	{ "after", PM_C_JSON, 40, 0, 0 },
	{ "os_user", PM_C_ID, 16, 0, 0 },
};

struct audit_args { pm_audit_filter f; const char *entity; };
#define A(f) OFF(struct audit_args, f)

static const pm_opt audit_opts[] = {
	{ .name = "since", .type = PM_O_TIME, .off = A(f.since),
	  .has = PM_HAS(struct audit_args, f.has_since), .arg = "DATE",
	  .help = N_("rows at or after DATE") },
	{ .name = "until", .type = PM_O_TIME, .off = A(f.until),
	  .has = PM_HAS(struct audit_args, f.has_until), .arg = "DATE",
	  .help = N_("rows before DATE") },
	{ .name = "actor", .type = PM_O_STR, .off = A(f.actor), .arg = "LOGIN",
	  .help = N_("rows written by LOGIN") },
	{ .name = "os-user", .type = PM_O_STR, .off = A(f.os_user), .arg = "NAME",
	  .help = N_("rows of commands run by the operating-system user NAME") },
	{ .name = "entity", .type = PM_O_STR, .off = A(entity), .arg = "ENTITY[:ID]",
	  .help = N_("rows about one kind of record, or one record (contact:C12)") },
	{ .name = "action", .type = PM_O_STR, .off = A(f.action), .arg = "ACTION",
	  .help = N_("rows of one action (new, set, refused, ...)") },
	{ .name = "limit", .type = PM_O_COUNT, .off = A(f.limit), .arg = "N", .min = 1,
	  .help = N_("at most N rows") },
	{ .name = "reverse", .type = PM_O_FLAG, .off = A(f.newest_first),
	  .help = N_("newest first") },
	{ .name = NULL }
};

static int
do_audit(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct audit_args *a = args;
	pm_audit_filter *f = &a->f;
	pm_audit_iter *it = NULL;
	pm_audit_row r;
	pm_buf entity;
	const char *colon;
	pm_out *o;
	int rc;

	(void)argc;
	(void)argv;
	/* --entity contact:C12 narrows to one record */
	pm_buf_init(&entity);
	if (a->entity != NULL && (colon = strchr(a->entity, ':')) != NULL) {
		pm_buf_add(&entity, a->entity, (size_t)(colon - a->entity));
		f->entity = entity.s;
		f->entity_id = colon + 1;
	} else {
		f->entity = a->entity;
	}
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_audit_list(ctx, f, &it, &ctx->err)) != 0)
		goto out;
	o = pm_cli_out(ctx, audit_cols, 10);
	while ((rc = pm_audit_next(it, &r, &ctx->err)) == 1) {
		pm_out_int(o, 0, r.id);
		pm_out_int(o, 1, r.at);
		pm_out_text(o, 2, r.actor);
		pm_out_text(o, 3, r.tool);
		pm_out_text(o, 4, r.entity);
		pm_out_text(o, 5, r.entity_id);
		pm_out_text(o, 6, r.action);
		pm_out_text(o, 7, r.before);
		pm_out_text(o, 8, r.after);
		pm_out_text(o, 9, r.os_user);
		if (pm_out_row(o) != 0)
			break;
	}
	rc = rc < 0 ? ctx->err.status : 0;
out:
	pm_audit_iter_free(it);
	pm_buf_free(&entity);
	return rc;
}

static const pm_col config_cols[] = {
	{ "key", PM_C_TEXT, 0, 0, PM_COL_KEY },
	{ "value", PM_C_TEXT, 0, 0, 0 },
	{ "source", PM_C_TEXT, 0, 0, 0 },
};

static int
config_row(void *arg, const char *key, const char *value, const char *source)
{
	pm_out *o = arg;

	pm_out_text(o, 0, key);
	pm_out_text(o, 1, value);
	pm_out_text(o, 2, source);
	return pm_out_row(o) != 0;
}

static int
do_config(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	/* cli has loaded FILE (or the configuration in use) already: a bad
	 * file never gets here.  The trees the schema does not look into
	 * (roles, calendar, categories, limits) are checked by the slices
	 * that own them, so a file that passes here works everywhere. */
	if ((rc = pm_config_check(ctx->cfg, &ctx->err)) != 0)
		return rc;
	pm_config_each(ctx->cfg, config_row, pm_cli_out(ctx, config_cols, 3));
	return 0;
}

/* ---- the working calendar ------------------------------------------- */

static const pm_col cal_import_cols[] = {
	{ "year", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "action", PM_C_TEXT, 0, 0, 0 },
	{ "off", PM_C_INT, 0, 0, 0 },
	{ "work", PM_C_INT, 0, 0, 0 },
};

static int
do_cal_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_cal_result r;
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_calendar_import(ctx, argv[0], &r, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cal_import_cols, 4);
	pm_out_int(o, 0, r.year);
	pm_out_text(o, 1, r.action);
	pm_out_int(o, 2, r.off);
	pm_out_int(o, 3, r.work);
	pm_out_row(o);
	return 0;
}

static const pm_col cal_day_cols[] = {
	{ "date", PM_C_TEXT, 0, 0, PM_COL_KEY },
	{ "weekday", PM_C_TEXT, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 },
	{ "why", PM_C_TEXT, 0, 0, 0 },
	{ "name", PM_C_TEXT, 40, 0, 0 },
	{ "source", PM_C_TEXT, 0, 0, 0 },
};

static int
cal_row(void *arg, const pm_cal_info *in)
{
	static const char *const wd[] = { "sun", "mon", "tue", "wed", "thu", "fri", "sat" };
	pm_out *o = arg;
	char date[16];

	snprintf(date, sizeof date, "%04d-%02d-%02d", in->date / 10000, in->date / 100 % 100,
	    in->date % 100);
	pm_out_text(o, 0, date);
	pm_out_text(o, 1, wd[in->wday]);
	pm_out_text(o, 2, in->working ? "working" : "off");
	pm_out_text(o, 3, pm_calendar_why_name(in->why));
	pm_out_text(o, 4, in->name);
	pm_out_text(o, 5, in->why == PM_CAL_LOCAL_HOLIDAY || in->why == PM_CAL_LOCAL_WORKDAY ?
	    "config" : in->why == PM_CAL_HOLIDAY || in->why == PM_CAL_WORKDAY ?
	    (in->imported ? "imported" : "builtin") : "week");
	return pm_out_row(o) != 0;
}

struct cal_show_args { int year; };

static const pm_opt cal_show_opts[] = {
	{ PM_OPT("year", PM_O_INT, OFF(struct cal_show_args, year), "YEAR",
	  "the calendar year to list"), .flags = PM_OF_REQUIRED, .min = 1900, .max = 9999 },
	{ .name = NULL }
};

static int
do_cal_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct cal_show_args *a = args;
	pm_calendar *cal = NULL;
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_calendar_open(ctx, &cal, &ctx->err)) != 0)
		return rc;
	/* an uncovered year lists only the config's days, and warns */
	pm_calendar_each(cal, a->year, cal_row, pm_cli_out(ctx, cal_day_cols, 6));
	pm_calendar_free(cal);
	return 0;
}

static int
do_cal_check(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_calendar *cal = NULL;
	pm_cal_info in;
	pm_time t;
	pm_out *o;
	pm_tm tm;
	int i, rc;

	(void)args;
	/* every operand is checked before anything is printed */
	for (i = 0; i < argc; i++)
		if ((rc = pm_cli_time(ctx, "date", argv[i], &t)) != 0)
			return rc;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_calendar_open(ctx, &cal, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cal_day_cols, 6);
	for (i = 0; i < argc && rc == 0; i++) {
		pm_cli_time(ctx, "date", argv[i], &t);
		pm_time_local(t, &tm);
		if ((rc = pm_calendar_day(cal, tm.year * 10000 + tm.month * 100 + tm.day, &in,
		    &ctx->err)) == 0 && cal_row(o, &in) != 0)
			break;
	}
	pm_calendar_free(cal);
	return rc;
}

/* init, migrate and backup change the database outside one rollable
 * transaction (or make it), so they have no dry run: -n is refused.
 * Every verb may run before the organisation has anyone in it
 * (PM_V_BOOTSTRAP): the database's life comes before its people. */
static const pm_verb verbs[] = {
	{ .name = "init", .exec = do_init, .flags = PM_V_CREATE | PM_V_WRITE | PM_V_BOOTSTRAP,
	  .help = N_("create a new database\n"
	  "Creates the database file (mode 0600; 0660 under umask 007, for a shared\n"
	  "setup: see SECURITY.md) with the current schema and the six\n"
	  "default departments.  An existing file is never overwritten (exit 73).") },
	{ .name = "migrate", .exec = do_migrate,
	  .flags = PM_V_ANYVERSION | PM_V_NOTXN | PM_V_BOOTSTRAP,
	  .perm = "admin", .opts = migrate_opts, .args_size = sizeof(struct migrate_args),
	  .help = N_("upgrade an older database to this version's schema\n"
	  "Takes a backup first (to FILE, else into backup.dir, else beside the\n"
	  "database) and checks it (--verify) while others keep working, then\n"
	  "applies every pending migration in one transaction.\n"
	  "Prints from_version, to_version and the backup path; nothing when the\n"
	  "database is already current.") },
	{ .name = "check", .exec = do_check, .flags = PM_V_ANYVERSION | PM_V_BOOTSTRAP,
	  .help = N_("check integrity, foreign keys and schema version\n"
	  "Prints one row per problem (check, problem) and exits 1 when there is any;\n"
	  "prints nothing and exits 0 when the database is sound.") },
	{ .name = "backup", .exec = do_backup,
	  .flags = PM_V_ANYVERSION | PM_V_NOTXN | PM_V_BOOTSTRAP,
	  .perm = "admin", .operands = "FILE", .min_ops = 1, .max_ops = 1,
	  .opts = backup_opts, .args_size = sizeof(struct backup_args),
	  .help = N_("copy the database, consistently, while others keep working\n"
	  "FILE must not exist.  The copy is written without a name, checked\n"
	  "(--verify), recorded in the audit log, and only then named FILE, mode\n"
	  "0600: a backup that fails or is killed leaves nothing.") },
	{ .name = "audit", .exec = do_audit, .flags = PM_V_BOOTSTRAP, .opts = audit_opts,
	  .args_size = sizeof(struct audit_args),
	  .help = N_("list the audit log\n"
	  "Columns: id at actor tool entity entity_id action before after os_user\n"
	  "(the operating-system user that ran the command; empty in rows written\n"
	  "before pm recorded it).\n"
	  "Oldest first (--reverse: newest first); --since is inclusive, --until\n"
	  "exclusive.") },
	{ .name = "config", .exec = do_config, .flags = PM_V_NODB | PM_V_CONFIGARG | PM_V_BOOTSTRAP,
	  .operands = "[FILE]", .max_ops = 1,
	  .help = N_("validate a configuration file and print the effective configuration\n"
	  "Columns: key value source.  Without FILE, the configuration in use.") },
	{ .kind = "calendar", .name = "import", .exec = do_cal_import,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "admin", .operands = "FILE",
	  .min_ops = 1, .max_ops = 1,
	  .help = N_("add or replace a year of official holidays from a notice file\n"
	  "FILE is one year of the holiday-cn JSON format (- reads standard input);\n"
	  "the year replaces the built-in or earlier imported one.  Prints year,\n"
	  "action (new, replaced, unchanged), off and work (the file's days off and\n"
	  "swapped working days).  -n checks and prints, and changes nothing.") },
	{ .kind = "calendar", .name = "show", .exec = do_cal_show, .opts = cal_show_opts,
	  .args_size = sizeof(struct cal_show_args),
	  .help = N_("list a year's days off and swapped working days\n"
	  "Columns: date weekday status why name source, in date order: the official\n"
	  "days in effect and the config's local ones; ordinary weekends are not listed.") },
	{ .kind = "calendar", .name = "check", .exec = do_cal_check,
	  .operands = "DATE...", .min_ops = 1, .max_ops = -1,
	  .help = N_("say whether dates are working days, and why\n"
	  "Columns: date weekday status why name source, one row per DATE.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-admin",
	N_("The life of a pm database: init, migrate, check, backup, audit log, config, calendar."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
