/* admin.c — init, migrate, check, backup; see admin.h. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "admin.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "ledger.h"
#include "lifecycle.h"

static int
meta_set(pm_ctx *ctx, const char *key, const char *value, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO meta (key, value) VALUES (?1, ?2) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, key);
	pm_stmt_bind_text(st, 2, value);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

int
pm_admin_init(pm_ctx *ctx, pm_err *err)
{
	char when[48], ver[16];
	int from, to, rc;
	pm_buf after;
	pm_json j;

	if ((rc = pm_db_migrate(ctx->db, &from, &to, err)) != 0)
		return rc;
	pm_time_format(ctx->now, PM_TF_ISO, when, sizeof when);
	snprintf(ver, sizeof ver, "%d", to);
	if ((rc = meta_set(ctx, "created_at", when, err)) != 0 ||
	    (rc = meta_set(ctx, "created_by", ctx->actor.login, err)) != 0 ||
	    (rc = meta_set(ctx, "pm_version", PM_VERSION, err)) != 0)
		return rc;
	pm_buf_init(&after);
	pm_json_init(&j, &after);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "schema_version", to);
	pm_json_s(&j, "pm_version", PM_VERSION);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "database", NULL, "init", NULL, after.s, err);
	pm_buf_free(&after);
	return rc;
}

/* DB.vOLD-YYYYmmddTHHMMSS.bak, in backup.dir when configured. */
static void
backup_name(pm_ctx *ctx, int from, char *buf, size_t n)
{
	const char *dir = pm_config_str(ctx->cfg, "backup.dir");
	const char *path = pm_db_path(ctx->db), *base = strrchr(path, '/');
	pm_tm tm;

	pm_time_local(ctx->now, &tm);
	base = base ? base + 1 : path;
	if (dir != NULL && *dir != '\0')
		snprintf(buf, n, "%s/%s.v%d-%04d%02d%02dT%02d%02d%02d.bak", dir, base, from,
		    tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec);
	else
		snprintf(buf, n, "%s.v%d-%04d%02d%02dT%02d%02d%02d.bak", path, from,
		    tm.year, tm.month, tm.day, tm.hour, tm.min, tm.sec);
}

/* Migrate copies without the write lock first and checks, under it,
 * that nobody committed meanwhile; after this many tries with writers in
 * between it copies under the lock. */
#define MIGRATE_TRIES 3

static const char *
verify_name(int verify)
{
	return verify == PM_DB_VERIFY_FULL ? "full" : "fast";
}

/*
 * The pre-migration copy, and the write lock: on return 0 the lock is
 * held (pm_db_begin_migrate: foreign keys off for the rebuilds), nobody has committed since the copy's snapshot, and *out is the
 * verified, unplaced copy.  The copy and its check (the slow part, all
 * of it for --verify full) run without the lock, so writers keep going;
 * the data version, read before and under the lock, says whether the
 * copy is still the database's state.  Only when writers got in between
 * on every try is the copy taken under the lock.
 */
static int
migrate_copy(pm_ctx *ctx, const char *dest, int verify, pm_db_copy **out, pm_err *err)
{
	int64_t before = 0, after = 0;
	int tries, locked, rc;

	*out = NULL;
	for (tries = 1;; tries++) {
		locked = tries >= MIGRATE_TRIES;
		if (locked)
			rc = pm_db_begin_migrate(ctx->db, err);
		else
			rc = pm_db_data_version(ctx->db, &before, err);
		if (rc != 0)
			return rc;
		if ((rc = pm_db_copy_make(ctx->db, dest, verify, out, err)) != 0) {
			pm_err_prefix(err, _("backup before migrating"));
			pm_db_rollback(ctx->db);
			return rc;
		}
		if (locked)
			return 0;
		if ((rc = pm_db_begin_migrate(ctx->db, err)) != 0 ||
		    (rc = pm_db_data_version(ctx->db, &after, err)) != 0) {
			pm_db_copy_free(*out);
			*out = NULL;
			pm_db_rollback(ctx->db);
			return rc;
		}
		if (after == before)
			return 0;
		pm_db_copy_free(*out);
		*out = NULL;
		pm_db_rollback(ctx->db);
	}
}

int
pm_admin_migrate(pm_ctx *ctx, const char *backup_path, int verify, pm_admin_migration *m,
    pm_err *err)
{
	int latest = pm_db_schema_latest(), rc, ver = 0;
	pm_db_copy *copy = NULL;
	pm_buf after;
	pm_json j;

	memset(m, 0, sizeof *m);
	if ((rc = pm_db_version(ctx->db, &m->from, err)) != 0)
		return rc;
	m->to = m->from;
	if (m->from > latest)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: database schema version %d is newer "
		    "than this pm supports (%d); use a newer pm"), pm_db_path(ctx->db), m->from,
		    latest);
	if (m->from == latest)
		return 0;
	if (backup_path != NULL)
		snprintf(m->backup, sizeof m->backup, "%s", backup_path);
	else
		backup_name(ctx, m->from, m->backup, sizeof m->backup);
	/* The copy and the migration see one state: nobody writes between
	 * them (migrate_copy returns with the write lock). */
	if ((rc = migrate_copy(ctx, m->backup, verify, &copy, err)) != 0)
		return rc;
	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0)
		goto fail;
	if (ver != m->from) {
		/* another migrate got there first: this copy is not needed */
		pm_db_copy_free(copy);
		copy = NULL;
		m->from = m->to = ver;
		m->backup[0] = '\0';
		pm_db_rollback(ctx->db);
		return ver == latest ? 0 : pm_err_set(err, PM_EX_UNAVAILABLE, _("%s: another "
		    "migration is running; try again"), pm_db_path(ctx->db));
	}
	/* Placed before migrating: a crash during the migration leaves the
	 * backup it was taken for. */
	if ((rc = pm_db_copy_place(copy, err)) != 0) {
		pm_err_prefix(err, _("backup before migrating"));
		goto fail;
	}
	if ((rc = pm_db_migrate(ctx->db, &m->from, &m->to, err)) != 0)
		goto fail;
	if ((rc = meta_set(ctx, "pm_version", PM_VERSION, err)) != 0)
		goto fail;
	pm_buf_init(&after);
	pm_json_init(&j, &after);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "from_version", m->from);
	pm_json_i(&j, "to_version", m->to);
	pm_json_s(&j, "backup", m->backup);
	pm_json_s(&j, "verify", verify_name(verify));
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "database", NULL, "migrate", NULL, after.s, err);
	pm_buf_free(&after);
	if (rc != 0)
		goto fail;
	if ((rc = pm_db_commit(ctx->db, err)) != 0)
		goto fail;
	pm_db_copy_free(copy);
	return 0;
fail:
	pm_db_rollback(ctx->db);
	/* Nothing changed, and the audit row that would name the backup is
	 * rolled back with the migration: the copy goes too. */
	if (copy != NULL && pm_db_copy_placed(copy))
		unlink(m->backup);
	pm_db_copy_free(copy);
	return rc;
}

/*
 * The append-only tables and the triggers that keep them so.  The
 * protection is part of the schema; if someone dropped a trigger,
 * history could be rewritten — a problem check must report.  since:
 * the schema version that created them (an older database has nothing
 * to protect yet, and check already says it needs migrating).
 */
static const struct {
	const char *check, *table, *trigger, *what;
	int since;
} append_only[] = {
	{ "audit", "audit", "audit_no_update", "the log", 1 },
	{ "audit", "audit", "audit_no_delete", "the log", 1 },
	{ "timeline", "event", "event_no_update", "the timeline", 5 },
	{ "timeline", "event", "event_no_delete", "the timeline", 5 },
};

static int
check_triggers(pm_ctx *ctx, int (*fn)(void *, const char *, const char *),
    void *arg, long *problems, pm_err *err)
{
	char msg[128];
	size_t i;
	int rc, ver = 0, found;

	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0)
		return rc;
	for (i = 0; i < sizeof append_only / sizeof append_only[0]; i++) {
		if (ver < append_only[i].since)
			continue;
		if ((rc = pm_db_has_trigger(ctx->db, append_only[i].table, append_only[i].trigger,
		    &found, err)) != 0)
			return rc;
		if (found)
			continue;
		(*problems)++;
		snprintf(msg, sizeof msg, "trigger %s is missing: %s is not append-only",
		    append_only[i].trigger, append_only[i].what);
		if (fn)
			fn(arg, append_only[i].check, msg);
	}
	return 0;
}

/* the tools' own checks, in the order registered */
#define CHECKERS_MAX 16
static pm_admin_checker checkers[CHECKERS_MAX];
static size_t ncheckers;

int
pm_admin_check_register(pm_admin_checker check)
{
	size_t i;

	for (i = 0; i < ncheckers; i++)
		if (checkers[i] == check)
			return 0;
	if (ncheckers == CHECKERS_MAX)
		return -1;
	checkers[ncheckers++] = check;
	return 0;
}

int
pm_admin_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
    void *arg, long *problems, pm_err *err)
{
	size_t i;
	int rc;

	if ((rc = pm_db_check(ctx->db, fn, arg, problems, err)) != 0)
		return rc;
	/* a damaged file is reported; its schema may not be readable */
	if (pm_db_damaged(ctx->db))
		return 0;
	if ((rc = check_triggers(ctx, fn, arg, problems, err)) != 0)
		return rc;
	/* each tool's states, as its lifecycle declares them, against the
	 * schema's CHECK and open-records index */
	if ((rc = pm_lifecycle_check_all(ctx, fn, arg, problems, err)) != 0)
		return rc;
	/* the money journal: balanced, reversals, gap-free numbers, guards */
	if ((rc = pm_ledger_check(ctx, fn, arg, problems, err)) != 0)
		return rc;
	for (i = 0; i < ncheckers; i++)
		if ((rc = checkers[i](ctx, fn, arg, problems, err)) != 0)
			return rc;
	return 0;
}

int
pm_admin_backup(pm_ctx *ctx, const char *dest, int verify, pm_err *err)
{
	int latest = pm_db_schema_latest(), ver = 0, rc;
	pm_db_copy *copy = NULL;
	pm_buf after;

	/* A newer pm's database: its audit log is not ours to write, and a
	 * backup without its row is not made. */
	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0)
		return rc;
	if (ver > latest)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: database schema version %d is newer "
		    "than this pm supports (%d); back it up with a newer pm"),
		    pm_db_path(ctx->db), ver, latest);
	if ((rc = pm_db_begin(ctx->db, 0, err)) != 0)
		return rc;
	rc = pm_db_copy_make(ctx->db, dest, verify, &copy, err);
	pm_db_rollback(ctx->db);
	if (rc != 0)
		return rc;
	/*
	 * A backup carries every owner's personal data: who took one is on
	 * file before the copy has a name.  The copy is complete and
	 * verified but unnamed; if the row cannot be written it is thrown
	 * away and nothing is left.  A database too old to have the audit
	 * table is backed up (that is what migrate needs) without the row.
	 */
	if (ver >= 1) {
		pm_json j;

		pm_buf_init(&after);
		pm_json_init(&j, &after);
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "file", dest);
		pm_json_s(&j, "verify", verify_name(verify));
		pm_json_end(&j);
		if ((rc = pm_db_begin(ctx->db, 1, err)) == 0 &&
		    (rc = pm_audit_log(ctx, "database", NULL, "backup", NULL, after.s, err)) == 0)
			rc = pm_db_commit(ctx->db, err);
		pm_db_rollback(ctx->db);
		pm_buf_free(&after);
		if (rc != 0) {
			pm_db_copy_free(copy);
			return pm_err_prefix(err, _("backup not made, it could not be audited"));
		}
	}
	rc = pm_db_copy_place(copy, err);
	pm_db_copy_free(copy);
	return rc;
}

const pm_perm_name pm_admin_perm_names[] = {
	{ "admin", "the database itself: migrate, back up" },
	{ NULL, NULL }
};
