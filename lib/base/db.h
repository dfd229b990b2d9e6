/*
 * db.h — the storage engine behind libpm, and its small statement API.
 *
 * Only lib/db*.c include sqlite3.h.  Domain modules reach the database
 * through pm_db_prepare / pm_stmt_bind_* / pm_stmt_step / pm_stmt_*
 * column reads, inside a transaction begun by the caller, so another
 * engine can later stand behind the same calls.
 *
 * Every open database has: foreign_keys=ON (checked, not assumed), a
 * busy timeout, journal_mode=WAL, synchronous=FULL, the pm application
 * id, and a schema version (user_version) equal to the last embedded
 * migration — unless opened with PM_DB_ANYVERSION.
 */
#ifndef PM_DB_H
#define PM_DB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "err.h"

struct pm_buf;

/* "pmdb" — marks the file as ours (PRAGMA application_id). */
#define PM_DB_APPLICATION_ID 0x706d6462

typedef struct pm_db pm_db;
typedef struct pm_stmt pm_stmt;

/* One schema/NNNN-name.sql file, embedded at build time (build/lib/schema.c). */
typedef struct pm_migration {
	int version;
	const char *name;
	const char *sql;
} pm_migration;

extern const pm_migration pm_migrations[];      /* ends with version 0 */

/* The schema version this build writes (the last migration). */
int pm_db_schema_latest(void);

/* flags for pm_db_open */
#define PM_DB_ANYVERSION 0x1    /* open whatever the schema version (check, migrate, backup) */
#define PM_DB_DRYRUN     0x2    /* the command will be rolled back: when the file cannot be
                                 * written (read-only file or directory), work on a private
                                 * temporary copy of it, so the dry run does all it would */

/*
 * Open an existing pm database.  A missing path, a directory, an empty
 * or foreign file is PM_EX_NOINPUT and nothing is created; a schema
 * version newer than this build, or older (needs pm-admin migrate), is
 * PM_EX_DATAERR unless PM_DB_ANYVERSION.  busy_ms: how long to wait for
 * another writer.
 *
 * Reading works wherever SQLite allows it: a read-only file; a
 * directory where the -wal and -shm cannot be created (read through
 * existing ones, or, when there is no -wal, as an immutable file).  A
 * write transaction on such a connection fails with PM_EX_CANTCREAT
 * naming the file and the cause.
 *
 * Any corruption SQLite reports, on any call, is PM_EX_DATAERR "PATH:
 * database damaged: run pm-admin check; restore from backup", and from
 * then on the connection commits no write transaction: a writer that
 * met a damaged page is rolled back even if its caller went on.
 */
int pm_db_open(const char *path, unsigned flags, int busy_ms, pm_db **out, pm_err *err);
int pm_db_open(const char *path, unsigned flags, int busy_ms, pm_db **out, pm_err *err);

/*
 * The SQL trace.  When the environment has PM_SQL_TRACE=FILE, every
 * connection pm_db_open and pm_db_create make appends to FILE (created
 * 0600) every statement it runs, in order, as it starts (SQLite's
 * SQLITE_TRACE_STMT): the statement's text with its bound values
 * written in (SQLite's expanded SQL), trailing ";" and blanks dropped,
 * then ";\n" (on a line of its own when the last line holds a "--"
 * comment).  The statements of trigger programs are not written:
 * replaying the statement that fired them runs them.  The pragmas of
 * the open, BEGIN and COMMIT are in it, so `sqlite3 DB < FILE` reruns
 * what the command did (the benches time a command against exactly its
 * own queries that way).  FILE holds the values unmasked: personal
 * data included.  A FILE that cannot be opened fails the open with
 * PM_EX_CANTCREAT "PM_SQL_TRACE: FILE: why"; a write error later stops
 * the trace, not the command.  Unset or empty: no trace, no cost.
 */

/*
 * The mode a new database file gets: 0660 when the process umask lets
 * the group read and write and denies others everything (umask 007: a
 * shared setup, SECURITY.md), else 0600.  Never any bit for others,
 * whatever the umask.
 */
unsigned pm_db_create_mode(void);

/*
 * Create a new, empty pm database file (schema version 0): the file must
 * not exist (PM_EX_CANTCREAT, and the existing file is not touched); it
 * is created with pm_db_create_mode(), missing parent directories 0700
 * (0770 for a shared setup; umask applies).  Apply the
 * schema with pm_db_migrate inside a write transaction.  On failure
 * after this call, pm_db_discard removes what was created.
 */
int pm_db_create(const char *path, int busy_ms, pm_db **out, pm_err *err);

/* Close; NULL is fine. */
void pm_db_close(pm_db *db);
/* Close and delete the database file and its -wal/-shm (failed init). */
void pm_db_discard(pm_db *db);
const char *pm_db_path(const pm_db *db);

/* Current schema version (user_version). */
int pm_db_version(pm_db *db, int *version, pm_err *err);

/*
 * Transactions.  Writers take the write lock up front (BEGIN IMMEDIATE)
 * so two writers queue on the busy timeout instead of failing midway;
 * readers (write = 0) get one consistent snapshot for the whole command.
 * Busy beyond the timeout is PM_EX_UNAVAILABLE.
 */
int pm_db_begin(pm_db *db, int write, pm_err *err);
/* 1 once SQLite reported corruption on this connection (see pm_db_open). */
int pm_db_damaged(const pm_db *db);
int pm_db_commit(pm_db *db, pm_err *err);
void pm_db_rollback(pm_db *db);         /* no-op outside a transaction */
int pm_db_in_txn(const pm_db *db);

/*
 * A write transaction for pm_db_migrate: foreign keys are off until it
 * ends (a migration may rebuild a parent table the way SQLite documents:
 * new table, copy, drop, rename), and pm_db_migrate refuses to finish
 * while any reference is broken.  Migrating a database that holds rows
 * needs it: with foreign keys on, dropping the old table checks every
 * reference to it row by row and fails.  (A new, empty database may be
 * migrated in a plain pm_db_begin, as pm-admin init does.)
 */
int pm_db_begin_migrate(pm_db *db, pm_err *err);

/*
 * Apply every embedded migration above the current version, in order,
 * and set user_version; every foreign key must hold afterwards.  Must be
 * called inside a write transaction;
 * sets *from and *to (either may be NULL).  A database newer than this
 * build is PM_EX_DATAERR.
 */
int pm_db_migrate(pm_db *db, int *from, int *to, pm_err *err);

/*
 * The same, stopping after migration `upto` (0 or above the latest: all
 * of them).  The database then stands where a build that ended at that
 * migration left it: how tests make a database of every earlier schema
 * version to upgrade.  A target below the current version applies
 * nothing (a database is never downgraded).
 */
int pm_db_migrate_upto(pm_db *db, int upto, int *from, int *to, pm_err *err);

/*
 * Check the database: integrity, foreign keys, application id, schema
 * version.  Calls fn(ctx, check, detail) once per problem found; sets
 * *problems to the count.  Returns 0 when the checks could run (even if
 * they found problems), else an error.
 */
int pm_db_check(pm_db *db, int (*fn)(void *ctx, const char *check, const char *detail),
	void *ctx, long *problems, pm_err *err);

/*
 * Copies (backups).  pm_db_copy_make copies the database with the online
 * backup API — a consistent snapshot even while other processes write,
 * read through a connection of its own, so it holds committed data only
 * (called while the caller holds the write lock with nothing written
 * yet, it is exactly the state the caller sees) — into a file that has
 * no name yet (or, where the filesystem cannot, DEST.tmp-XXXXXX, mode
 * 0600), and verifies it:
 *
 *	PM_DB_VERIFY_FAST  the copy's header against the source's page
 *	                   size, page count, application id and schema
 *	                   version, its length, and that its schema parses
 *	PM_DB_VERIFY_FULL  that, and SQLite's integrity_check of every page
 *
 * pm_db_copy_place then gives it its name, dest (mode 0600; a dest that
 * exists is PM_EX_CANTCREAT, checked first and again here: it is never
 * replaced).  pm_db_copy_free throws away a copy not placed: nothing is
 * left behind, and a process killed before the place leaves nothing
 * either (with the named fallback: an unreadable-to-others temp file).
 * pm_db_backup is make and place.
 */
#define PM_DB_VERIFY_FAST 0
#define PM_DB_VERIFY_FULL 1

typedef struct pm_db_copy pm_db_copy;

int pm_db_copy_make(pm_db *db, const char *dest, int verify, pm_db_copy **out, pm_err *err);
int pm_db_copy_place(pm_db_copy *c, pm_err *err);
int pm_db_copy_placed(const pm_db_copy *c);  /* 1 once it has its name */
void pm_db_copy_free(pm_db_copy *c);            /* NULL is fine */
int pm_db_backup(pm_db *db, const char *dest, int verify, pm_err *err);

/*
 * A number that changes when another connection commits to the database
 * (PRAGMA data_version): read before an unlocked copy and again under
 * the write lock, equal values mean nobody wrote in between.
 */
int pm_db_data_version(pm_db *db, int64_t *out, pm_err *err);

/*
 * Whether table has a trigger of that name (*found 1 or 0): how a check
 * sees that an append-only table is still protected, without schema
 * introspection outside the engine.
 */
int pm_db_has_trigger(pm_db *db, const char *table, const char *name, int *found, pm_err *err);

/* Run SQL without parameters or results (schema, pragmas).  Several
 * statements are allowed. */
int pm_db_exec(pm_db *db, const char *sql, pm_err *err);

/* Prepare one statement; free with pm_stmt_free.  Statements are kept
 * per connection and reused (pm_stmt_free then only resets), so the same
 * SQL prepared again is cheap; two holders of the same SQL at once get
 * two statements. */
int pm_db_prepare(pm_db *db, const char *sql, pm_stmt **out, pm_err *err);

/* Rowid of the last INSERT, and rows changed by the last statement. */
int64_t pm_db_last_id(pm_db *db);
int64_t pm_db_changes(pm_db *db);

/*
 * Binding: parameters are numbered from 1.  Values are copied.  A
 * binding error (wrong index) is remembered and reported by the next
 * pm_stmt_step, so call sites stay flat.
 */
void pm_stmt_bind_int(pm_stmt *st, int i, int64_t v);
void pm_stmt_bind_text(pm_stmt *st, int i, const char *s);   /* NULL binds NULL */
void pm_stmt_bind_null(pm_stmt *st, int i);

/*
 * Step: 1 when a row is ready, 0 when done, -1 on error (err set; busy
 * PM_EX_UNAVAILABLE, constraint PM_EX_DATAERR, full disk or I/O
 * PM_EX_IOERR, read-only PM_EX_CANTCREAT, else PM_EX_SOFTWARE).
 */
int pm_stmt_step(pm_stmt *st, pm_err *err);
/* Step until done (statements without result rows): 0 or the status. */
int pm_stmt_run(pm_stmt *st, pm_err *err);
/* Reset for another run; bindings are cleared too. */
void pm_stmt_reset(pm_stmt *st);
void pm_stmt_free(pm_stmt *st);         /* NULL is fine */

/* Column reads of the current row (columns numbered from 0).  Text is
 * valid until the next step, reset or free; NULL for SQL NULL. */
int pm_stmt_ncol(pm_stmt *st);
int pm_stmt_null(pm_stmt *st, int i);
int64_t pm_stmt_int(pm_stmt *st, int i);
const char *pm_stmt_text(pm_stmt *st, int i);
const char *pm_stmt_colname(pm_stmt *st, int i);

/*
 * Statements in one call, with a bind specification: one letter per
 * parameter, bound to ?1, ?2, ... in order.
 *
 *	i  int64_t                       t  const char * (NULL binds NULL)
 *	I  int64_t, NULL when 0 (an optional id)
 *	T  const char *, NULL when NULL or ""
 *	n  SQL NULL (takes no argument)
 *
 *	pm_db_run(db, err, "UPDATE ticket SET level = ?2 WHERE id = ?1", "ii", id, (int64_t)3);
 *
 * Every parameter is bound to a value of its own type, so no statement
 * needs untyped "?N IS NULL" padding to keep its numbering (which a
 * server engine would refuse).  An unknown letter is PM_EX_SOFTWARE.
 * Integers are read as int64_t: pass int64_t values, and cast literals
 * ((int64_t)3), as with any variadic function.
 */
int pm_stmt_bindv(pm_stmt *st, const char *spec, va_list ap);
int pm_stmt_bindf(pm_stmt *st, const char *spec, ...);

/* Prepare, bind and run a statement without result rows: 0 or the status. */
int pm_db_run(pm_db *db, pm_err *err, const char *sql, const char *spec, ...);

/*
 * The first column of the first row.  *found is 1 when there was a row
 * (then *out is set; SQL NULL reads as 0 or ""), 0 when none (*out is
 * left alone); found may be NULL.  Text is copied into out (n bytes,
 * cut at n - 1).
 */
int pm_db_get_int(pm_db *db, pm_err *err, int64_t *out, int *found, const char *sql,
	const char *spec, ...);
int pm_db_get_text(pm_db *db, pm_err *err, char *out, size_t n, int *found, const char *sql,
	const char *spec, ...);

/*
 * Engine-specific questions, answered here so no other module writes
 * SQLite-only SQL.  pm_db_plan: the query plan of sql (its details, one
 * a line) into plan, with spec's values bound.  pm_db_schema_sql: the
 * CREATE statement of object name ("table", "index" or "trigger") into
 * out; *found 0 when there is none.
 */
int pm_db_plan(pm_db *db, pm_err *err, struct pm_buf *plan, const char *sql,
	const char *spec, ...);
int pm_db_schema_sql(pm_db *db, pm_err *err, const char *type, const char *name,
	struct pm_buf *out, int *found);
/* The same plan for a caller that binds the statement itself: prepare
 * the plan of sql, bind as for sql, then pm_stmt_plan collects it. */
int pm_db_prepare_plan(pm_db *db, const char *sql, pm_stmt **out, pm_err *err);
int pm_stmt_plan(pm_stmt *st, struct pm_buf *plan, pm_err *err);

#endif
