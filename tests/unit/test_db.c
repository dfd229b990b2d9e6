/* test_db.c — the storage engine and its statement API. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "buf.h"
#include "db.h"

static char dir[] = "/tmp/pm-test-db.XXXXXX";

static const char *
path(const char *name)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
	return buf[k];
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[300];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A fresh database at the latest schema. */
static pm_db *
fresh(const char *name)
{
	pm_db *db = NULL;
	pm_err e;

	unlink(path(name));
	assert_int_equal(pm_db_create(path(name), 1000, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_migrate(db, NULL, NULL, &e), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	return db;
}

static void
create_is_private_and_exclusive(void **state)
{
	pm_db *db, *db2 = NULL;
	struct stat sb;
	pm_err e;

	(void)state;
	db = fresh("a.db");
	assert_int_equal(stat(path("a.db"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	pm_db_close(db);
	assert_int_equal(pm_db_create(path("a.db"), 1000, &db2, &e), PM_EX_CANTCREAT);
	assert_null(db2);
	assert_non_null(strstr(e.msg, "already exists"));
	assert_int_equal(pm_db_create(path("sub/dir/b.db"), 1000, &db2, &e), 0);
	pm_db_close(db2);
	assert_int_equal(stat(path("sub/dir"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
}

static void
open_refusals(void **state)
{
	pm_db *db = NULL;
	pm_err e;
	FILE *fp;

	(void)state;
	assert_int_equal(pm_db_open(path("missing.db"), 0, 100, &db, &e), PM_EX_NOINPUT);
	assert_int_equal(access(path("missing.db"), F_OK), -1);
	fp = fopen(path("empty.db"), "w");
	fclose(fp);
	assert_int_equal(pm_db_open(path("empty.db"), 0, 100, &db, &e), PM_EX_NOINPUT);
	fp = fopen(path("text.db"), "w");
	fputs("not a database at all, just some text that is long enough\n", fp);
	fclose(fp);
	assert_int_equal(pm_db_open(path("text.db"), 0, 100, &db, &e), PM_EX_NOINPUT);
	assert_non_null(strstr(e.msg, "not a pm database"));
	assert_int_equal(pm_db_open(dir, 0, 100, &db, &e), PM_EX_NOINPUT);
	assert_non_null(strstr(e.msg, "directory"));
	assert_null(db);
}

static void
versions(void **state)
{
	pm_db *db = fresh("v.db");
	pm_err e;
	int v = 0;

	(void)state;
	assert_int_equal(pm_db_version(db, &v, &e), 0);
	assert_int_equal(v, pm_db_schema_latest());
	assert_true(pm_db_schema_latest() >= 2);
	assert_int_equal(pm_db_exec(db, "PRAGMA user_version=1", &e), 0);
	pm_db_close(db);
	assert_int_equal(pm_db_open(path("v.db"), 0, 100, &db, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "run pm-admin migrate"));
	assert_int_equal(pm_db_open(path("v.db"), PM_DB_ANYVERSION, 100, &db, &e), 0);
	pm_db_close(db);

	db = fresh("v2.db");
	assert_int_equal(pm_db_exec(db, "PRAGMA user_version=99", &e), 0);
	pm_db_close(db);
	assert_int_equal(pm_db_open(path("v2.db"), 0, 100, &db, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "newer"));
	assert_int_equal(pm_db_open(path("v2.db"), PM_DB_ANYVERSION, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_migrate(db, NULL, NULL, &e), PM_EX_DATAERR);
	pm_db_close(db);
}

static void
statements(void **state)
{
	pm_db *db = fresh("s.db");
	pm_stmt *st = NULL;
	pm_err e;
	int n = 0;

	(void)state;
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, "
	    "s TEXT, n INTEGER NOT NULL CHECK (n >= 0)) STRICT", &e), 0);
	assert_int_equal(pm_db_prepare(db, "INSERT INTO t (s, n) VALUES (?1, ?2)", &st, &e), 0);
	pm_stmt_bind_text(st, 1, "物业'; DROP TABLE t; --");
	pm_stmt_bind_int(st, 2, INT64_MAX);
	assert_int_equal(pm_stmt_run(st, &e), 0);
	assert_int_equal(pm_db_last_id(db), 1);
	assert_int_equal(pm_db_changes(db), 1);
	pm_stmt_reset(st);
	pm_stmt_bind_null(st, 1);
	pm_stmt_bind_int(st, 2, -1);
	assert_int_equal(pm_stmt_run(st, &e), PM_EX_DATAERR);      /* CHECK */
	pm_stmt_reset(st);
	pm_stmt_bind_int(st, 3, 1);                                 /* no such parameter */
	assert_int_equal(pm_stmt_run(st, &e), PM_EX_SOFTWARE);
	pm_stmt_free(st);

	assert_int_equal(pm_db_prepare(db, "SELECT s, n, NULL AS z FROM t", &st, &e), 0);
	assert_int_equal(pm_stmt_ncol(st), 3);
	while (pm_stmt_step(st, &e) == 1) {
		assert_string_equal(pm_stmt_text(st, 0), "物业'; DROP TABLE t; --");
		assert_true(pm_stmt_int(st, 1) == INT64_MAX);
		assert_true(pm_stmt_null(st, 2));
		assert_null(pm_stmt_text(st, 2));
		assert_string_equal(pm_stmt_colname(st, 2), "z");
		n++;
	}
	assert_int_equal(n, 1);
	pm_stmt_free(st);
	assert_int_equal(pm_db_prepare(db, "SELEKT nonsense", &st, &e), PM_EX_SOFTWARE);
	assert_null(st);
	pm_db_rollback(db);
	/* rolled back: the table is gone */
	assert_int_equal(pm_db_prepare(db, "SELECT * FROM t", &st, &e), PM_EX_SOFTWARE);
	pm_db_close(db);
}

static void
foreign_keys_are_on(void **state)
{
	pm_db *db = fresh("fk.db");
	pm_err e;

	(void)state;
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_exec(db, "CREATE TABLE p (id INTEGER PRIMARY KEY);"
	    "CREATE TABLE c (id INTEGER PRIMARY KEY, p INTEGER REFERENCES p(id))", &e), 0);
	assert_int_equal(pm_db_exec(db, "INSERT INTO c VALUES (1, 42)", &e), PM_EX_DATAERR);
	pm_db_rollback(db);
	pm_db_close(db);
}

static int
fk_on(pm_db *db)
{
	pm_stmt *st = NULL;
	pm_err e;
	int on = -1;

	assert_int_equal(pm_db_prepare(db, "PRAGMA foreign_keys", &st, &e), 0);
	if (pm_stmt_step(st, &e) == 1)
		on = (int)pm_stmt_int(st, 0);
	pm_stmt_free(st);
	return on;
}

/* A migration's transaction: references unchecked inside it, checked
 * whole by pm_db_migrate, and enforced again once it ends either way. */
static void
migrate_transaction(void **state)
{
	pm_db *db = fresh("mig.db");
	pm_err e;

	(void)state;
	assert_int_equal(fk_on(db), 1);
	assert_int_equal(pm_db_begin_migrate(db, &e), 0);
	assert_int_equal(fk_on(db), 0);
	assert_int_equal(pm_db_begin_migrate(db, &e), PM_EX_SOFTWARE);
	pm_db_rollback(db);
	assert_int_equal(fk_on(db), 1);

	/* a reference broken inside it stops pm_db_migrate */
	assert_int_equal(pm_db_begin_migrate(db, &e), 0);
	assert_int_equal(pm_db_exec(db, "INSERT INTO unit (site_id, code, area) VALUES (7, 'x', 1)",
	    &e), 0);
	assert_int_equal(pm_db_migrate(db, NULL, NULL, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "unit row 1 refers to a missing site row"));
	pm_db_rollback(db);
	assert_int_equal(fk_on(db), 1);

	/* committed: on again too */
	assert_int_equal(pm_db_begin_migrate(db, &e), 0);
	assert_int_equal(pm_db_migrate(db, NULL, NULL, &e), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	assert_int_equal(fk_on(db), 1);
	pm_db_close(db);
}

static void
busy_writer_waits_then_gives_up(void **state)
{
	pm_db *a = fresh("busy.db"), *b = NULL;
	pm_err e;

	(void)state;
	assert_int_equal(pm_db_open(path("busy.db"), 0, 150, &b, &e), 0);
	assert_int_equal(pm_db_begin(a, 1, &e), 0);
	assert_int_equal(pm_db_begin(b, 1, &e), PM_EX_UNAVAILABLE);
	assert_non_null(strstr(e.msg, "busy"));
	/* a reader is not blocked by the writer (WAL) */
	assert_int_equal(pm_db_begin(b, 0, &e), 0);
	pm_db_rollback(b);
	pm_db_commit(a, &e);
	assert_int_equal(pm_db_begin(b, 1, &e), 0);
	pm_db_rollback(b);
	pm_db_close(a);
	pm_db_close(b);
}

static int
count_problem(void *ctx, const char *check, const char *detail)
{
	(void)check;
	(void)detail;
	(*(int *)ctx)++;
	return 0;
}

static void
check_and_backup(void **state)
{
	pm_db *db = fresh("c.db"), *copy = NULL;
	long problems = -1;
	int seen = 0;
	pm_err e;
	struct stat sb;

	(void)state;
	assert_int_equal(pm_db_check(db, count_problem, &seen, &problems, &e), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(pm_db_backup(db, path("c.bak"), PM_DB_VERIFY_FAST, &e), 0);
	assert_int_equal(stat(path("c.bak"), &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(pm_db_backup(db, path("c.bak"), PM_DB_VERIFY_FAST, &e), PM_EX_CANTCREAT);
	assert_int_equal(pm_db_open(path("c.bak"), 0, 100, &copy, &e), 0);
	assert_int_equal(pm_db_check(copy, NULL, NULL, &problems, &e), 0);
	assert_int_equal(problems, 0);
	pm_db_close(copy);

	/* inside an open write transaction the copy is its snapshot */
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_backup(db, path("c2.bak"), PM_DB_VERIFY_FAST, &e), 0);
	pm_db_rollback(db);

	assert_int_equal(pm_db_exec(db, "PRAGMA user_version=1", &e), 0);
	assert_int_equal(pm_db_check(db, count_problem, &seen, &problems, &e), 0);
	assert_int_equal(problems, 1);
	assert_int_equal(seen, 1);
	pm_db_close(db);
}

/* Overwrite the first bytes of page N of a closed database file. */
static void
smash_page(const char *file, int64_t page)
{
	static const char junk[16] = "\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377";
	FILE *fp = fopen(file, "r+b");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, (long)((page - 1) * 4096), SEEK_SET), 0);
	assert_int_equal(fwrite(junk, 1, sizeof junk, fp), sizeof junk);
	assert_int_equal(fclose(fp), 0);
}

/*
 * A damaged page (issue 8 item 10): one clear message that says what to
 * do; a writer that met it commits nothing, even if its caller went on;
 * the damage is remembered beside the file, so a writer that touches
 * only sound pages refuses too; check reports it as rows (one a line of
 * SQLite's report) and, on a sound file again, forgets the mark.
 */
static void
damaged_file(void **state)
{
	pm_db *db = fresh("dmg.db");
	int64_t root = 0, n = -1;
	char sound[300], cmd[700];
	long problems = -1;
	int seen = 0;
	pm_err e;

	(void)state;
	pm_err_clear(&e);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_exec(db, "CREATE TABLE a (x TEXT); CREATE TABLE b (x TEXT); "
	    "INSERT INTO a VALUES ('one'), ('two'); INSERT INTO b VALUES ('one')", &e), 0);
	assert_int_equal(pm_db_get_int(db, &e, &root, NULL,
	    "SELECT rootpage FROM sqlite_schema WHERE name = 'a'", ""), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);
	snprintf(sound, sizeof sound, "%s", path("dmg.sound"));
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", path("dmg.db"), sound);
	assert_int_equal(system(cmd), 0);
	smash_page(path("dmg.db"), root);

	/* the writer: b is sound, a is not; the caller ignores the error */
	assert_int_equal(pm_db_open(path("dmg.db"), 0, 100, &db, &e), 0);
	assert_int_equal(pm_db_damaged(db), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO b VALUES ('two')", ""), 0);
	assert_int_equal(pm_db_get_int(db, &e, &n, NULL, "SELECT count(*) FROM a", ""),
	    PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "dmg.db: database damaged: run pm-admin check; "
	    "restore from backup"));
	assert_int_equal(pm_db_damaged(db), 1);
	pm_err_clear(&e);
	assert_int_equal(pm_db_commit(db, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "database damaged"));
	assert_int_equal(pm_db_in_txn(db), 0);
	pm_db_close(db);
	assert_int_equal(access(path("dmg.db-damaged"), F_OK), 0);

	/* the next writer never reads a; the mark stops it; readers read */
	assert_int_equal(pm_db_open(path("dmg.db"), 0, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 0, &e), 0);
	assert_int_equal(pm_db_get_int(db, &e, &n, NULL, "SELECT count(*) FROM b", ""), 0);
	assert_int_equal(n, 1);                 /* the first writer's row is not there */
	assert_int_equal(pm_db_commit(db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "database damaged"));

	/* check: rows, no internal failure */
	assert_int_equal(pm_db_begin(db, 0, &e), 0);
	assert_int_equal(pm_db_check(db, count_problem, &seen, &problems, &e), 0);
	assert_true(problems >= 1);
	assert_int_equal(seen, problems);
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);

	/* restored from the backup: check passes and forgets the mark */
	snprintf(cmd, sizeof cmd, "cp '%s' '%s'", sound, path("dmg.db"));
	assert_int_equal(system(cmd), 0);
	assert_int_equal(pm_db_open(path("dmg.db"), 0, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), PM_EX_DATAERR);
	assert_int_equal(pm_db_begin(db, 0, &e), 0);
	assert_int_equal(pm_db_check(db, NULL, NULL, &problems, &e), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	assert_int_equal(access(path("dmg.db-damaged"), F_OK), -1);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);

	/* a new database where a damaged one was starts unmarked */
	assert_int_equal(close(open(path("new.db-damaged"), O_CREAT | O_WRONLY, 0600)), 0);
	db = fresh("new.db");
	assert_int_equal(access(path("new.db-damaged"), F_OK), -1);
	pm_db_close(db);
}

/* A dry run on a file it cannot write works on a private copy: it can
 * write, and nothing reaches the file. */
static void
dry_run_copy(void **state)
{
	pm_db *db = fresh("ro.db");
	int64_t n = -1;
	pm_err e;

	(void)state;
	pm_err_clear(&e);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_exec(db, "CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('a')",
	    &e), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);
	/* root writes any file: open it as a read-only one would be */
	if (geteuid() == 0) {
		skip();
		return;
	}
	assert_int_equal(chmod(path("ro.db"), 0400), 0);
	assert_int_equal(pm_db_open(path("ro.db"), 0, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), PM_EX_CANTCREAT);
	assert_non_null(strstr(e.msg, "ro.db: database is read-only: the file is not writable"));
	pm_db_close(db);
	assert_int_equal(pm_db_open(path("ro.db"), PM_DB_DRYRUN, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO t VALUES ('b')", ""), 0);
	assert_int_equal(pm_db_get_int(db, &e, &n, NULL, "SELECT count(*) FROM t", ""), 0);
	assert_int_equal(n, 2);
	pm_db_rollback(db);
	pm_db_close(db);
	assert_int_equal(pm_db_open(path("ro.db"), 0, 100, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 0, &e), 0);
	assert_int_equal(pm_db_get_int(db, &e, &n, NULL, "SELECT count(*) FROM t", ""), 0);
	assert_int_equal(n, 1);
	pm_db_close(db);
}

static void
discard_removes_files(void **state)
{
	pm_db *db = NULL;
	pm_err e;

	(void)state;
	assert_int_equal(pm_db_create(path("d.db"), 100, &db, &e), 0);
	pm_db_discard(db);
	assert_int_equal(access(path("d.db"), F_OK), -1);
	assert_int_equal(access(path("d.db-wal"), F_OK), -1);
}

/* Statements are cached per connection: reuse after free starts clean,
 * two holders of the same SQL get two statements, eviction works. */
static void
statement_cache(void **state)
{
	pm_db *db = fresh("cache.db");
	pm_stmt *a = NULL, *b = NULL, *c = NULL;
	char sql[64];
	pm_err e;
	int i;

	(void)state;
	assert_int_equal(pm_db_prepare(db, "SELECT ?1, ?2", &a, &e), 0);
	assert_int_equal(pm_db_prepare(db, "SELECT ?1, ?2", &b, &e), 0);
	assert_ptr_not_equal(a, b);             /* both held: two statements */
	pm_stmt_bind_int(a, 1, 7);
	pm_stmt_bind_text(a, 2, "物业");
	assert_int_equal(pm_stmt_step(a, &e), 1);
	assert_int_equal(pm_stmt_int(a, 0), 7);
	pm_stmt_free(a);                        /* mid-result: reset, not lost */
	assert_int_equal(pm_db_prepare(db, "SELECT ?1, ?2", &c, &e), 0);
	assert_ptr_equal(c, a);                 /* reused */
	assert_int_equal(pm_stmt_step(c, &e), 1);
	assert_true(pm_stmt_null(c, 0));        /* bindings were cleared */
	assert_true(pm_stmt_null(c, 1));
	pm_stmt_free(c);
	pm_stmt_free(b);
	/* more distinct statements than the cache holds */
	for (i = 0; i < 200; i++) {
		snprintf(sql, sizeof sql, "SELECT %d", i);
		assert_int_equal(pm_db_prepare(db, sql, &a, &e), 0);
		assert_int_equal(pm_stmt_step(a, &e), 1);
		assert_int_equal(pm_stmt_int(a, 0), i);
		pm_stmt_free(a);
	}
	pm_db_close(db);
}

/* One-call statements: bind specifications, get-one with found, plans
 * and schema text behind db.h. */
static void
one_call(void **state)
{
	pm_db *db = fresh("onecall.db");
	char text[8];
	int64_t v = -1;
	pm_buf b;
	pm_err e;
	int found = -1;

	(void)state;
	pm_err_clear(&e);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_exec(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, "
	    "s TEXT) STRICT; CREATE INDEX t_n ON t (n)", &e), 0);
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO t VALUES (?1, ?2, ?3)", "iit",
	    (int64_t)1, (int64_t)40, "物业管理"), 0);
	/* I and T bind NULL for 0 and "" */
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO t VALUES (?1, ?2, ?3)", "iIT",
	    (int64_t)2, (int64_t)0, ""), 0);
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO t VALUES (?1, ?2, ?3)", "inT",
	    (int64_t)3, NULL), 0);
	assert_int_equal(pm_db_get_int(db, &e, &v, &found,
	    "SELECT count(*) FROM t WHERE n IS NULL AND s IS NULL", ""), 0);
	assert_int_equal(found, 1);
	assert_int_equal(v, 2);
	assert_int_equal(pm_db_get_int(db, &e, &v, &found, "SELECT n FROM t WHERE s = ?1", "t",
	    "物业管理"), 0);
	assert_int_equal(v, 40);
	/* no row: found 0, out untouched */
	v = 99;
	assert_int_equal(pm_db_get_int(db, &e, &v, &found, "SELECT n FROM t WHERE id = ?1", "i",
	    (int64_t)9), 0);
	assert_int_equal(found, 0);
	assert_int_equal(v, 99);
	/* text is cut to the buffer, at a byte (callers size it) */
	assert_int_equal(pm_db_get_text(db, &e, text, sizeof text, &found,
	    "SELECT s || 'x' FROM t WHERE id = ?1", "i", (int64_t)1), 0);
	assert_int_equal(found, 1);
	assert_int_equal(strlen(text), 7);
	assert_int_equal(pm_db_get_text(db, &e, text, sizeof text, NULL,
	    "SELECT s FROM t WHERE id = ?1", "i", (int64_t)2), 0);
	assert_string_equal(text, "");
	/* a bad letter is an internal error, and nothing runs */
	assert_int_equal(pm_db_run(db, &e, "DELETE FROM t WHERE id = ?1", "x", (int64_t)1),
	    PM_EX_SOFTWARE);
	assert_int_equal(pm_db_get_int(db, &e, &v, NULL, "SELECT count(*) FROM t", ""), 0);
	assert_int_equal(v, 3);
	/* a constraint is bad data */
	assert_int_equal(pm_db_run(db, &e, "INSERT INTO t VALUES (?1, ?2, ?3)", "iit",
	    (int64_t)1, (int64_t)1, "dup"), PM_EX_DATAERR);
	/* the plan and the schema text */
	pm_buf_init(&b);
	assert_int_equal(pm_db_plan(db, &e, &b, "SELECT id FROM t WHERE n = ?1", "i",
	    (int64_t)40), 0);
	assert_non_null(strstr(b.s, "t_n"));
	pm_buf_reset(&b);
	assert_int_equal(pm_db_schema_sql(db, &e, "index", "t_n", &b, &found), 0);
	assert_int_equal(found, 1);
	assert_string_equal(b.s, "CREATE INDEX t_n ON t (n)");
	pm_buf_reset(&b);
	assert_int_equal(pm_db_schema_sql(db, &e, "trigger", "t_n", &b, &found), 0);
	assert_int_equal(found, 0);
	pm_buf_free(&b);
	pm_db_rollback(db);
	pm_db_close(db);
}

/* The whole of a small file (the trace), NUL-terminated. */
static char *
slurp(const char *name)
{
	static char buf[8192];
	FILE *fp = fopen(name, "r");
	size_t n;

	assert_non_null(fp);
	n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	return buf;
}

/* PM_SQL_TRACE: each statement started, its values written in, then
 * ";\n", in order; trigger programs left out; the file appended to;
 * nothing without the variable; a file that cannot be made refused. */
static void
sql_trace(void **state)
{
	pm_db *db = fresh("trace.db"), *db2 = NULL;
	pm_stmt *st = NULL;
	const char *t;
	pm_err e;

	(void)state;
	assert_int_equal(pm_db_exec(db, "CREATE TABLE t (a INTEGER, b TEXT);"
	    "CREATE TABLE n (k INTEGER);"
	    "CREATE TRIGGER t_n AFTER INSERT ON t BEGIN INSERT INTO n VALUES (new.a); END;", &e), 0);
	pm_db_close(db);
	unlink(path("trace.sql"));
	setenv("PM_SQL_TRACE", path("trace.sql"), 1);
	assert_int_equal(pm_db_open(path("trace.db"), 0, 1000, &db, &e), 0);
	assert_int_equal(pm_db_begin(db, 1, &e), 0);
	assert_int_equal(pm_db_prepare(db, "INSERT INTO t (a, b) VALUES (?1, ?2)", &st, &e), 0);
	pm_stmt_bind_int(st, 1, 42);
	pm_stmt_bind_text(st, 2, "it's 物业");
	assert_int_equal(pm_stmt_step(st, &e), 0);
	pm_stmt_free(st);
	assert_int_equal(pm_db_prepare(db, "SELECT count(*) FROM t -- how many", &st, &e), 0);
	assert_int_equal(pm_stmt_step(st, &e), 1);
	pm_stmt_free(st);
	assert_int_equal(pm_db_exec(db, "SELECT ?1 IS NULL;;  ", &e), 0);
	assert_int_equal(pm_db_commit(db, &e), 0);
	pm_db_close(db);
	t = slurp(path("trace.sql"));
	assert_non_null(strstr(t, "PRAGMA foreign_keys=ON;\n"));
	assert_non_null(strstr(t, "\nBEGIN IMMEDIATE;\n"
	    "INSERT INTO t (a, b) VALUES (42, 'it''s 物业');\n"
	    "SELECT count(*) FROM t -- how many\n;\n"
	    "SELECT NULL IS NULL;\n"
	    "COMMIT;\n"));
	assert_null(strstr(t, "TRIGGER"));
	assert_null(strstr(t, "INSERT INTO n"));
	assert_int_equal(t[strlen(t) - 1], '\n');
	/* a second command appends */
	assert_int_equal(pm_db_open(path("trace.db"), 0, 1000, &db, &e), 0);
	pm_db_close(db);
	t = slurp(path("trace.sql"));
	assert_non_null(strstr(strstr(t, "COMMIT;\n"), "PRAGMA application_id;\n"));
	/* a file that cannot be made: the open is refused, naming it */
	setenv("PM_SQL_TRACE", path("no/such/dir/trace.sql"), 1);
	assert_int_equal(pm_db_open(path("trace.db"), 0, 1000, &db2, &e), PM_EX_CANTCREAT);
	assert_null(db2);
	assert_non_null(strstr(e.msg, "PM_SQL_TRACE"));
	/* unset (or empty): nothing is written */
	setenv("PM_SQL_TRACE", "", 1);
	unlink(path("trace.sql"));
	assert_int_equal(pm_db_open(path("trace.db"), 0, 1000, &db, &e), 0);
	pm_db_close(db);
	unsetenv("PM_SQL_TRACE");
	assert_int_equal(access(path("trace.sql"), F_OK), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(create_is_private_and_exclusive),
		cmocka_unit_test(open_refusals),
		cmocka_unit_test(versions),
		cmocka_unit_test(statements),
		cmocka_unit_test(foreign_keys_are_on),
		cmocka_unit_test(migrate_transaction),
		cmocka_unit_test(busy_writer_waits_then_gives_up),
		cmocka_unit_test(check_and_backup),
		cmocka_unit_test(damaged_file),
		cmocka_unit_test(dry_run_copy),
		cmocka_unit_test(discard_removes_files),
		cmocka_unit_test(statement_cache),
		cmocka_unit_test(one_call),
		cmocka_unit_test(sql_trace),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
