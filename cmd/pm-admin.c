/*
 * pm-admin — the life of a pm database: init, migrate, check, backup,
 * the audit log, and the configuration.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "cli.h"
#include "complaint.h"
#include "perm.h"

static int
do_init(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if (optind < argc)
		return pm_cli_usage(ctx, "init: unexpected operand '%s'", argv[optind]);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_admin_init(ctx, &ctx->err);
}

static const pm_col migrate_cols[] = {
	{ "from_version", PM_C_INT, 0 },
	{ "to_version", PM_C_INT, 0 },
	{ "backup", PM_C_TEXT, 0 },
};

static int
do_migrate(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "backup", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 }
	};
	pm_admin_migration m;
	const char *backup = NULL;
	pm_out *o;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == '?')
			return PM_EX_USAGE;
		if (c == 'b')
			backup = optarg;
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "migrate: unexpected operand '%s'", argv[optind]);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if ((rc = pm_admin_migrate(ctx, backup, &m, &ctx->err)) != 0)
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
	{ "check", PM_C_TEXT, 12 },
	{ "problem", PM_C_TEXT, 100 },
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
do_check(pm_ctx *ctx, int argc, char **argv)
{
	long problems = 0;
	pm_out *o;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if (optind < argc)
		return pm_cli_usage(ctx, "check: unexpected operand '%s'", argv[optind]);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	o = pm_cli_out(ctx, check_cols, 2);
	if ((rc = pm_admin_check(ctx, check_row, o, &problems, &ctx->err)) != 0)
		return rc;
	return problems > 0 ? PM_EX_NOTFOUND : 0;
}

static int
do_backup(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if (argc - optind != 1)
		return pm_cli_usage(ctx, "backup: give one destination FILE");
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_admin_backup(ctx, argv[optind], &ctx->err);
}

static const pm_col audit_cols[] = {
	{ "id", PM_C_INT, 0 },
	{ "at", PM_C_TIME, 0 },
	{ "actor", PM_C_ID, 16 },
	{ "tool", PM_C_TEXT, 14 },
	{ "entity", PM_C_TEXT, 14 },
	{ "entity_id", PM_C_ID, 16 },
	{ "action", PM_C_TEXT, 12 },
	{ "before", PM_C_JSON, 40 },
	{ "after", PM_C_JSON, 40 },
};

static int
do_audit(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "actor", required_argument, NULL, 'a' },
		{ "entity", required_argument, NULL, 'e' },
		{ "action", required_argument, NULL, 'A' },
		{ "limit", required_argument, NULL, 'l' },
		{ "reverse", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 }
	};
	pm_audit_filter f;
	pm_audit_iter *it = NULL;
	pm_audit_row r;
	pm_out *o;
	char *colon, *end;
	int c, rc;

	memset(&f, 0, sizeof f);
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case 's':
			if ((rc = pm_cli_time(ctx, "--since", optarg, &f.since)) != 0)
				return rc;
			f.has_since = 1;
			break;
		case 'u':
			if ((rc = pm_cli_time(ctx, "--until", optarg, &f.until)) != 0)
				return rc;
			f.has_until = 1;
			break;
		case 'a':
			f.actor = optarg;
			break;
		case 'e':
			/* --entity contact:C12 narrows to one record */
			f.entity = optarg;
			if ((colon = strchr(optarg, ':')) != NULL) {
				*colon = '\0';
				f.entity_id = colon + 1;
			}
			break;
		case 'A':
			f.action = optarg;
			break;
		case 'l':
			f.limit = strtoll(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || f.limit <= 0)
				return pm_cli_usage(ctx, "--limit %s: expected a positive number", optarg);
			break;
		case 'r':
			f.newest_first = 1;
			break;
		default:
			return PM_EX_USAGE;
		}
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "audit: unexpected operand '%s'", argv[optind]);
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if ((rc = pm_audit_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, audit_cols, 9);
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
		if (pm_out_row(o) != 0)
			break;
	}
	pm_audit_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static const pm_col config_cols[] = {
	{ "key", PM_C_TEXT, 0 },
	{ "value", PM_C_TEXT, 0 },
	{ "source", PM_C_TEXT, 0 },
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
do_config(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if (argc - optind > 1)
		return pm_cli_usage(ctx, "config: at most one FILE");
	/* cli has loaded FILE (or the configuration in use) already: a bad
	 * file never gets here.  The trees the schema does not look into
	 * (roles, calendar, categories, limits) are checked by the slices
	 * that own them, so a file that passes here works everywhere. */
	if ((rc = pm_config_check(ctx->cfg, &ctx->err)) != 0)
		return rc;
	pm_config_each(ctx->cfg, config_row, pm_cli_out(ctx, config_cols, 3));
	return 0;
}

static const pm_verb verbs[] = {
	{ NULL, "init", do_init, PM_V_CREATE | PM_V_WRITE, NULL, "",
	  "create a new database\n"
	  "Creates the database file (mode 0600) with the current schema and the six\n"
	  "default departments.  An existing file is never overwritten (exit 73)." },
	{ NULL, "migrate", do_migrate, PM_V_ANYVERSION | PM_V_NOTXN, "admin", "[--backup FILE]",
	  "upgrade an older database to this version's schema\n"
	  "Takes a backup first (to FILE, else into backup.dir, else beside the\n"
	  "database), then applies every pending migration in one transaction.\n"
	  "Prints from_version, to_version and the backup path; nothing when the\n"
	  "database is already current." },
	{ NULL, "check", do_check, PM_V_ANYVERSION, NULL, "",
	  "check integrity, foreign keys and schema version\n"
	  "Prints one row per problem (check, problem) and exits 1 when there is any;\n"
	  "prints nothing and exits 0 when the database is sound." },
	{ NULL, "backup", do_backup, PM_V_ANYVERSION | PM_V_NOTXN, "admin", "FILE",
	  "copy the database, consistently, while others keep working\n"
	  "FILE must not exist; it is created mode 0600 and checked." },
	{ NULL, "audit", do_audit, 0, NULL,
	  "[--since DATE] [--until DATE] [--actor LOGIN] [--entity ENTITY[:ID]]\n"
	  "       [--action ACTION] [--limit N] [--reverse]",
	  "list the audit log\n"
	  "Columns: id at actor tool entity entity_id action before after.\n"
	  "Oldest first (--reverse: newest first); --since is inclusive, --until\n"
	  "exclusive." },
	{ NULL, "config", do_config, PM_V_NODB | PM_V_CONFIGARG, NULL, "[FILE]",
	  "validate a configuration file and print the effective configuration\n"
	  "Columns: key value source.  Without FILE, the configuration in use." },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const pm_tool tool = {
	"pm-admin",
	"The life of a pm database: init, migrate, check, backup, audit log, config.",
	verbs,
	pm_perm_by_roles
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
