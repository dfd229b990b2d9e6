/*
 * admin.h — database life as pm-admin offers it: init, migrate, check,
 * backup.  Each function runs inside the command's context (ctx.h) and
 * writes its audit rows itself.
 */
#ifndef PM_ADMIN_H
#define PM_ADMIN_H

#include "ctx.h"
#include "perm.h"

/*
 * Fill a freshly created database (ctx->db, write transaction open):
 * every migration, the meta facts (created_at, created_by, pm_version),
 * and an audit row.
 */
int pm_admin_init(pm_ctx *ctx, pm_err *err);

typedef struct pm_admin_migration {
	int from, to;
	char backup[4096];      /* where the backup went; "" when none was needed */
} pm_admin_migration;

/*
 * Upgrade ctx->db (opened with PM_DB_ANYVERSION, no transaction open):
 * back up to backup_path (NULL: config backup.dir, else beside the
 * database, named DB.vOLD-YYYYmmddTHHMMSS.bak), verified as verify says
 * (PM_DB_VERIFY_FAST or _FULL, db.h), then under the write lock apply
 * the pending migrations and an audit row, commit.  The copy and its
 * check run without the write lock; the lock is then taken and the copy
 * used only if nobody committed since (else it is taken again), so the
 * backup is exactly the pre-migration state.  On failure nothing is
 * changed and no backup is left.  A current database is left alone
 * (m->from == m->to).  Newer than this build: PM_EX_DATAERR.
 */
int pm_admin_migrate(pm_ctx *ctx, const char *backup_path, int verify, pm_admin_migration *m,
	pm_err *err);

/*
 * Check ctx->db: identity, schema version, integrity, foreign keys, and
 * that the audit log and the timeline are still append-only (their
 * triggers exist; checks "audit" and "timeline"), each registered
 * lifecycle against the schema ("lifecycle"), and the money journal's
 * invariants (pm_ledger_check, check "ledger"), then each check a
 * module registered (pm_admin_check_register: a tool's own invariants,
 * under its own check name).  fn is called per problem; *problems
 * counts them.
 */
int pm_admin_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
	void *arg, long *problems, pm_err *err);

/*
 * Back up ctx->db to dest (no transaction open): a consistent snapshot
 * while others write, verified (verify: PM_DB_VERIFY_FAST or _FULL),
 * then its audit row committed, and only then the copy given its name.
 * A failure at any step (the row cannot be written: busy, read-only)
 * leaves no dest.  A database newer than this build is refused
 * (PM_EX_DATAERR) before anything is copied or written.
 */
int pm_admin_backup(pm_ctx *ctx, const char *dest, int verify, pm_err *err);

/* The permission pm-admin's verbs ask for (perm.h). */
extern const pm_perm_name pm_admin_perm_names[];

/*
 * A module's invariants for pm_admin_check: fn per problem, *problems
 * added to, 0 when the checks ran (whatever they found).  registry.c
 * registers them, so admin names no tool; registering one twice keeps
 * it once.  -1 when the table is full (an internal error).
 */
typedef int (*pm_admin_checker)(pm_ctx *ctx, int (*fn)(void *arg, const char *check,
	const char *detail), void *arg, long *problems, pm_err *err);
int pm_admin_check_register(pm_admin_checker check);

#endif
