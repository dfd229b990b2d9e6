/*
 * db.c — SQLite behind the pm statement API; see db.h.
 *
 * This file and its siblings lib/db*.c are the only ones that know SQLite.
 */
/* O_TMPFILE, AT_EMPTY_PATH and mkostemp (Linux): copies without a name */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "i18n.h"
#include "db.h"

/* Prepared statements kept for reuse: an import runs the same few
 * statements once per row, and preparing is most of their cost. */
#define STMT_CACHE 48

struct cached {
	char *sql;
	uint32_t hash;          /* of sql: most lookups compare only this */
	pm_stmt *st;
};

struct pm_db {
	sqlite3 *h;
	char *path;
	int busy_ms;
	int64_t busy_start;     /* when the current wait began (ms, monotonic) */
	int txn;                /* 0 none, 1 read, 2 write */
	int fk_off;             /* foreign keys off for this transaction (migrations) */
	int identified;         /* the header was read: a pm database */
	int damaged;            /* SQLite found corruption: nothing is committed */
	int marked;             /* PATH-damaged exists: an earlier command found it */
	int last_rc;            /* the last SQLite error (for the open fallbacks) */
	char ro_why[200];       /* opened read-only: why writing cannot work; "" */
	int scratch;            /* a private copy of a read-only file (dry run) */
	struct cached cache[STMT_CACHE];
	int ncache;
	unsigned tick;          /* for least-recently-used eviction */
	int trace_fd;           /* PM_SQL_TRACE: the file statements go to; -1 none */
};

struct pm_stmt {
	pm_db *db;
	sqlite3_stmt *h;
	int bind_rc;            /* first binding error, reported at step */
	int cached;             /* owned by db->cache: pm_stmt_free only resets */
	int in_use;             /* handed out and not yet given back */
	unsigned used;          /* db->tick when last handed out */
};

int
pm_db_schema_latest(void)
{
	int v = 0;
	const pm_migration *m;

	for (m = pm_migrations; m->version != 0; m++)
		v = m->version;
	return v;
}

/* Map an SQLite result code to a sysexits status. */
static int
status_of(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return PM_EX_UNAVAILABLE;
	case SQLITE_CONSTRAINT:
	case SQLITE_MISMATCH:
	case SQLITE_TOOBIG:
	case SQLITE_CORRUPT:
		return PM_EX_DATAERR;
	case SQLITE_FULL:
	case SQLITE_IOERR:
		return PM_EX_IOERR;
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return PM_EX_CANTCREAT;
	case SQLITE_NOTADB:
		return PM_EX_NOINPUT;
	default:
		return PM_EX_SOFTWARE;
	}
}

/* What every corruption says: the one line an administrator acts on. */
#define DAMAGED "database damaged: run pm-admin check; restore from backup"

/*
 * Damage seen once is remembered beside the file, in PATH-damaged: a
 * writer that touches only sound pages cannot see the damage itself (a
 * full check at every open is far too slow), but it can see that an
 * earlier command did, for the price of one lstat.  pm-admin check
 * writes the mark when SQLite's integrity check fails and removes it
 * when the file is sound again (after a restore).  Best effort: where
 * the directory cannot be written, damage is still refused when met.
 */
static void
mark_damaged(pm_db *db, int on)
{
	pm_buf f;
	int fd;

	pm_buf_init(&f);
	pm_buf_addf(&f, "%s-damaged", db->path);
	if (on && !db->marked) {
		fd = open(f.s, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			static const char why[] = "SQLite reported corruption in this database; "
			    "restore it from a backup, then run pm-admin check\n";
			if (write(fd, why, sizeof why - 1) < 0) {
				/* the mark is there; its text is a courtesy */
			}
			close(fd);
			db->marked = 1;
		}
	} else if (!on && db->marked) {
		if (unlink(f.s) == 0 || errno == ENOENT)
			db->marked = 0;
	}
	pm_buf_free(&f);
}

/* The first corruption this connection meets. */
static void
set_damaged(pm_db *db)
{
	if (db->damaged)
		return;
	db->damaged = 1;
	mark_damaged(db, 1);
}

/* The directory of path, into buf. */
static void
path_dir(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

/*
 * Why the last write failed: the system's errno when SQLite kept it
 * (it is often gone by the time the statement returns: the rollback
 * that followed succeeded), else what the file system says now.
 */
static const char *
sys_cause(pm_db *db, const char *dflt)
{
	int e = db && db->h ? sqlite3_system_errno(db->h) : 0;
	struct statvfs vfs;
	struct rlimit lim;
	char dir[4096];

	if (e == 0 && db != NULL) {
		path_dir(db->path, dir, sizeof dir);
		if (statvfs(dir, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < (1u << 20))
			e = ENOSPC;
		else if (getrlimit(RLIMIT_FSIZE, &lim) == 0 && lim.rlim_cur != RLIM_INFINITY)
			e = EFBIG;
	}
	switch (e) {
	case 0: return dflt;
	case ENOSPC: return _("no space left on the device");
	case EDQUOT: return _("the disk quota is used up");
	case EFBIG: return _("the file size limit (ulimit -f) is reached");
	case EROFS: return _("the file system is read-only");
	default: return strerror(e);
	}
}

/*
 * Why a write to db cannot work, looked up when SQLite says "readonly":
 * the file itself, its file system, or the WAL index (-shm) and the
 * directory that must hold it.
 */
static const char *
ro_cause(pm_db *db, char *buf, size_t n)
{
	pm_buf f;
	char dir[4096];
	int shm_ro, dir_ro;

	if (db->ro_why[0] != '\0')
		return db->ro_why;
	if (access(db->path, W_OK) != 0)
		return errno == EROFS ? _("the file system is read-only") :
		    _("the file is not writable by this user");
	pm_buf_init(&f);
	pm_buf_addf(&f, "%s-shm", db->path);
	shm_ro = access(f.s, F_OK) == 0 && access(f.s, W_OK) != 0;
	pm_buf_free(&f);
	path_dir(db->path, dir, sizeof dir);
	dir_ro = access(dir, W_OK) != 0;
	if (shm_ro)
		snprintf(buf, n, dir_ro ? _("its WAL index %s-shm is read-only and the directory "
		    "is read-only, so it cannot be made anew") : _("its WAL index %s-shm is read-only"),
		    db->path);
	else if (dir_ro)
		snprintf(buf, n, "%s", _("the directory is read-only, so the WAL index cannot be "
		    "created"));
	else
		return NULL;
	return buf;
}

/* Set err from the connection's last error, in words an administrator
 * can act on: each names the file and the cause. */
static int
db_error(pm_db *db, int rc, pm_err *err, const char *what)
{
	int st = status_of(rc);
	const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
	const char *path = db ? db->path : "database";

	if (db != NULL)
		db->last_rc = rc;
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return pm_err_set(err, st, _("database is busy: another command kept it locked "
		    "for more than %d ms"), db ? db->busy_ms : 0);
	case SQLITE_FULL:
		return pm_err_set(err, st, _("%s: cannot write: %s"), path,
		    sys_cause(db, _("no space left on the device")));
	case SQLITE_IOERR: {
		const char *c = sys_cause(db, NULL);

		if (c != NULL)
			return pm_err_set(err, st, rc == SQLITE_IOERR_READ ||
			    rc == SQLITE_IOERR_SHORT_READ ? _("%s: cannot read: %s") :
			    _("%s: cannot write: %s"), path, c);
		return pm_err_set(err, st, _("%s: I/O error: %s"), path, msg);
	}
	case SQLITE_READONLY: {
		char why[200];
		const char *c = db != NULL ? ro_cause(db, why, sizeof why) : NULL;

		if (c == NULL && (rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT))
			c = "the directory is read-only, so the WAL index cannot be created";
		if (c != NULL)
			return pm_err_set(err, st, _("%s: database is read-only: %s"), path, c);
		return pm_err_set(err, st, _("%s: database is read-only"), path);
	}
	case SQLITE_CANTOPEN:
		return pm_err_set(err, st, _("%s: cannot open: %s"), path, sys_cause(db, msg));
	case SQLITE_CORRUPT:
		if (db != NULL)
			set_damaged(db);
		return pm_err_set(err, PM_EX_DATAERR, "%s: " DAMAGED, path);
	case SQLITE_NOTADB:
		/* a file that was a pm database a moment ago */
		if (db != NULL && db->identified) {
			set_damaged(db);
			return pm_err_set(err, PM_EX_DATAERR, "%s: " DAMAGED, path);
		}
		return pm_err_set(err, st, _("%s: not a pm database"), path);
	default:
		if (what != NULL)
			return pm_err_set(err, st, "%s: %s", what, msg);
		return pm_err_set(err, st, "%s", msg);
	}
}

/*
 * Busy handler: retry every 2 ms until busy_ms have passed.  SQLite's
 * own handler backs off to 100 ms between tries, and a command waiting
 * behind a steady stream of short writers can then miss every gap and
 * give up; frequent short polls find the gaps.
 */
static int
busy_wait(void *arg, int count)
{
	pm_db *db = arg;
	struct timespec now, nap = { 0, 2000000 };
	int64_t ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
	if (count == 0)
		db->busy_start = ms;
	if (ms - db->busy_start >= db->busy_ms)
		return 0;
	nanosleep(&nap, NULL);
	return 1;
}

/* Settings every connection gets, whatever the file says. */
static int
configure(pm_db *db, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc, on = 0;

	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_handler(db->h, busy_wait, db);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	/* trusted_schema stays on: the audit table's CHECK uses json_valid(),
	 * which this SQLite does not mark innocuous. */
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DML, 0, NULL);
	sqlite3_db_config(db->h, SQLITE_DBCONFIG_DQS_DDL, 0, NULL);
	if ((rc = pm_db_exec(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;", err)) != 0)
		return rc;
	/* foreign_keys is silently ignored by builds without it: check. */
	if ((rc = pm_db_prepare(db, "PRAGMA foreign_keys", &st, err)) != 0)
		return rc;
	if (pm_stmt_step(st, err) == 1)
		on = (int)pm_stmt_int(st, 0);
	pm_stmt_free(st);
	if (on != 1)
		return pm_err_set(err, PM_EX_SOFTWARE, _("this SQLite does not enforce foreign keys"));
	return 0;
}

static int
pragma_int(pm_db *db, const char *sql, int *out, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(db, sql, &st, err)) != 0)
		return rc;
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		*out = (int)pm_stmt_int(st, 0);
		rc = 0;
	} else if (rc == 0) {
		*out = 0;
	} else {
		rc = err ? err->status : PM_EX_SOFTWARE;
	}
	pm_stmt_free(st);
	return rc;
}

static pm_db *
db_alloc(const char *path, int busy_ms)
{
	static int configured;
	pm_db *db = calloc(1, sizeof *db);

	/* Before SQLite's first use in the process: no memory statistics,
	 * which nothing reads and which take a global lock on every
	 * allocation (several a row of an import).  Too late is harmless. */
	if (!configured) {
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
		configured = 1;
	}

	if (db == NULL || (db->path = strdup(path)) == NULL)
		abort();
	db->busy_ms = busy_ms < 0 ? 0 : busy_ms;
	db->trace_fd = -1;
	return db;
}

/* Is this file a pm database of a version we can use? */
static int
check_identity(pm_db *db, unsigned flags, pm_err *err)
{
	int app = 0, ver = 0, rc, latest = pm_db_schema_latest();

	/* Reading the header is the first real I/O: a text file fails here. */
	if ((rc = pragma_int(db, "PRAGMA application_id", &app, err)) != 0) {
		if (err && err->status == PM_EX_NOINPUT)
			return pm_err_set(err, PM_EX_NOINPUT, _("%s: not a pm database"), db->path);
		return rc;
	}
	if (app != PM_DB_APPLICATION_ID) {
		if (app == 0)
			return pm_err_set(err, PM_EX_NOINPUT, _("%s: not a pm database "
			    "(create one with pm-admin init)"), db->path);
		return pm_err_set(err, PM_EX_NOINPUT, _("%s: not a pm database"), db->path);
	}
	db->identified = 1;
	if ((rc = pragma_int(db, "PRAGMA user_version", &ver, err)) != 0)
		return rc;
	if (flags & PM_DB_ANYVERSION)
		return 0;
	if (ver > latest)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: database schema version %d is newer "
		    "than this pm supports (%d); use a newer pm"), db->path, ver, latest);
	if (ver < latest)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: database schema version %d is older "
		    "than this pm (%d); run pm-admin migrate"), db->path, ver, latest);
	return 0;
}

/* Finalize the cached statements: before the handle is closed or
 * replaced. */
static void
cache_clear(pm_db *db)
{
	int i;

	for (i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].st->h);
		free(db->cache[i].st);
		free(db->cache[i].sql);
	}
	db->ncache = 0;
}

/*
 * PM_SQL_TRACE=FILE: every statement the connection starts, as SQLite
 * expands it (bound values written in), then ";\n", appended to FILE
 * in the order they run.  One write(2) a statement on an O_APPEND
 * descriptor, so the lines of several commands do not interleave.
 * Trigger programs (SQLite reports them as "-- TRIGGER name") are left
 * out: replaying their statement runs them.
 */
static int
trace_stmt(unsigned type, void *arg, void *p, void *x)
{
	pm_db *db = arg;
	sqlite3_stmt *st = p;
	const char *sql = x, *nl;
	char *exp;
	size_t n;
	pm_buf b;

	if (type != SQLITE_TRACE_STMT || db->trace_fd < 0 || sql == NULL)
		return 0;
	if (sql[0] == '-' && sql[1] == '-')
		return 0;
	exp = sqlite3_expanded_sql(st);
	sql = exp != NULL ? exp : sqlite3_sql(st);
	if (sql == NULL) {
		sqlite3_free(exp);
		return 0;
	}
	n = strlen(sql);
	while (n > 0 && (sql[n - 1] == ';' || sql[n - 1] == ' ' || sql[n - 1] == '\t' ||
	    sql[n - 1] == '\n' || sql[n - 1] == '\r'))
		n--;
	pm_buf_init(&b);
	pm_buf_add(&b, sql, n);
	/* a last line that holds a comment would swallow the ";" */
	nl = strrchr(b.s, '\n');
	pm_buf_adds(&b, strstr(nl != NULL ? nl : b.s, "--") != NULL ? "\n;\n" : ";\n");
	if (write(db->trace_fd, b.s, b.len) < 0) {
		/* a trace that cannot be written is given up, not the command */
		close(db->trace_fd);
		db->trace_fd = -1;
	}
	pm_buf_free(&b);
	sqlite3_free(exp);
	return 0;
}

/* Start the trace on db->h when PM_SQL_TRACE names a file. */
static int
trace_start(pm_db *db, pm_err *err)
{
	const char *f = getenv("PM_SQL_TRACE");

	if (f == NULL || *f == '\0')
		return 0;
	if (db->trace_fd < 0 &&
	    (db->trace_fd = open(f, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600)) < 0)
		return pm_err_set(err, PM_EX_CANTCREAT, _("PM_SQL_TRACE: %s: %s"), f,
		    strerror(errno));
	sqlite3_trace_v2(db->h, SQLITE_TRACE_STMT, trace_stmt, db);
	return 0;
}

/* (Re)open db->h on name with SQLite flags; err set on failure. */
static int
open_handle(pm_db *db, const char *name, int oflags, pm_err *err)
{
	int rc;

	if (db->h != NULL) {
		cache_clear(db);
		sqlite3_close_v2(db->h);
		db->h = NULL;
	}
	/* No SQLITE_OPEN_CREATE: a typo in --db must not leave a new file.
	 * NOMUTEX: a connection is one command's, used by one thread, so
	 * the lock SQLite takes around every call buys nothing. */
	rc = sqlite3_open_v2(name, &db->h, oflags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX,
	    NULL);
	if (rc != SQLITE_OK) {
		pm_err_set(err, PM_EX_NOINPUT, _("%s: cannot open: %s"), db->path,
		    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		return PM_EX_NOINPUT;
	}
	sqlite3_extended_result_codes(db->h, 1);
	/* Reading the header already needs the busy handler: another
	 * process may be checkpointing the WAL right now. */
	sqlite3_busy_handler(db->h, busy_wait, db);
	return trace_start(db, err);
}

/* The first read failed because the -wal or -shm file cannot be made
 * or opened for writing beside the database. */
static int
cannot_make_wal(int rc)
{
	return rc == SQLITE_READONLY_DIRECTORY || rc == SQLITE_READONLY_CANTINIT ||
	    (rc & 0xff) == SQLITE_CANTOPEN || rc == SQLITE_READONLY;
}

/*
 * A reader in a directory it cannot write, so SQLite cannot create the
 * WAL index (-shm) there.  When the -wal and -shm exist, SQLite reads
 * through them read-only.  When there is no -wal, every committed row
 * is in the file itself and, the directory being read-only, no writer
 * can start a -wal either: the file is read as immutable.  (A writer
 * that can write the directory and starts during this read may make it
 * inconsistent; such a reader reruns.)
 */
static int
reopen_readonly(pm_db *db, unsigned flags, pm_err *err)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-._~";
	static const char hexd[] = "0123456789ABCDEF";
	struct stat sb;
	pm_buf uri;
	const char *p;
	int rc;

	if (ro_cause(db, db->ro_why, sizeof db->ro_why) == NULL)
		snprintf(db->ro_why, sizeof db->ro_why, "the WAL index cannot be created");
	if ((rc = open_handle(db, db->path, SQLITE_OPEN_READONLY, err)) != 0)
		return rc;
	pm_err_clear(err);
	if ((rc = check_identity(db, flags, err)) == 0 || !cannot_make_wal(db->last_rc))
		return rc;
	pm_buf_init(&uri);
	pm_buf_addf(&uri, "%s-wal", db->path);
	if (lstat(uri.s, &sb) == 0) {
		pm_buf_free(&uri);
		return rc;
	}
	pm_buf_reset(&uri);
	pm_buf_adds(&uri, "file:");
	for (p = db->path; *p != '\0'; p++) {
		if (strchr(ok, *p) != NULL) {
			pm_buf_addc(&uri, *p);
		} else {
			pm_buf_addc(&uri, '%');
			pm_buf_addc(&uri, hexd[(unsigned char)*p >> 4]);
			pm_buf_addc(&uri, hexd[(unsigned char)*p & 0xf]);
		}
	}
	pm_buf_adds(&uri, "?immutable=1");
	rc = open_handle(db, uri.s, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err);
	pm_buf_free(&uri);
	if (rc != 0)
		return rc;
	pm_err_clear(err);
	return check_identity(db, flags, err);
}

/*
 * A dry run on a file it cannot write: everything it does goes into a
 * private temporary copy (SQLite's "" database, deleted on close), so
 * it runs exactly as it would and shows what would change; nothing can
 * reach the file, and the transaction is rolled back anyway.
 */
static int
scratch_copy(pm_db *db, pm_err *err)
{
	sqlite3 *tmp = NULL;
	sqlite3_backup *bk;
	int rc;

	rc = sqlite3_open_v2("", &tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		sqlite3_close_v2(tmp);
		return pm_err_set(err, PM_EX_CANTCREAT, _("%s: no temporary copy for the dry run: %s"),
		    db->path, sqlite3_errstr(rc));
	}
	if ((bk = sqlite3_backup_init(tmp, "main", db->h, "main")) == NULL) {
		rc = pm_err_set(err, PM_EX_IOERR, _("%s: no temporary copy for the dry run: %s"),
		    db->path, sqlite3_errmsg(tmp));
		sqlite3_close_v2(tmp);
		return rc;
	}
	rc = sqlite3_backup_step(bk, -1);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		db_error(db, rc, err, NULL);
		sqlite3_close_v2(tmp);
		return err ? err->status : PM_EX_IOERR;
	}
	cache_clear(db);
	sqlite3_close_v2(db->h);
	db->h = tmp;
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_handler(db->h, busy_wait, db);
	db->scratch = 1;
	return trace_start(db, err);
}

int
pm_db_open(const char *path, unsigned flags, int busy_ms, pm_db **out, pm_err *err)
{
	struct stat sb;
	pm_db *db;
	int rc;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return pm_err_set(err, PM_EX_NOINPUT, "%s: %s%s", path, strerror(errno),
		    errno == ENOENT ? _(" (create it with pm-admin init)") : "");
	if (S_ISDIR(sb.st_mode))
		return pm_err_set(err, PM_EX_NOINPUT, _("%s: is a directory"), path);
	if (!S_ISREG(sb.st_mode))
		return pm_err_set(err, PM_EX_NOINPUT, _("%s: not a regular file"), path);
	if (sb.st_size == 0)
		return pm_err_set(err, PM_EX_NOINPUT, _("%s: empty file, not a pm database"), path);

	db = db_alloc(path, busy_ms);
	{
		pm_buf f;
		struct stat mb;

		pm_buf_init(&f);
		pm_buf_addf(&f, "%s-damaged", path);
		db->marked = lstat(f.s, &mb) == 0;
		pm_buf_free(&f);
	}
	if ((rc = open_handle(db, path, SQLITE_OPEN_READWRITE, err)) != 0) {
		pm_db_close(db);
		return rc;
	}
	rc = check_identity(db, flags, err);
	/* a reader where SQLite cannot make the WAL index still reads */
	if (rc != 0 && cannot_make_wal(db->last_rc) && !db->identified)
		rc = reopen_readonly(db, flags, err);
	/* read-only without a fallback: the file, or a -shm SQLite opened
	 * read-only; say why once, up front */
	if (rc == 0 && db->ro_why[0] == '\0' && sqlite3_db_readonly(db->h, "main") == 1) {
		const char *c = ro_cause(db, db->ro_why, sizeof db->ro_why);
		if (c != db->ro_why)
			snprintf(db->ro_why, sizeof db->ro_why, "%s", c ? c : _("opened read-only"));
	}
	if (rc == 0 && db->ro_why[0] != '\0' && (flags & PM_DB_DRYRUN))
		rc = scratch_copy(db, err);
	if (rc != 0 || (rc = configure(db, err)) != 0) {
		pm_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

/* mkdir -p for the parents of path, mode 0700. */
static int
make_parents(const char *path, pm_err *err)
{
	char *dir = strdup(path), *p;
	int rc = 0;

	if (dir == NULL)
		abort();
	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, pm_db_create_mode() == 0660 ? 0770 : 0700) != 0 && errno != EEXIST) {
			rc = pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", dir, strerror(errno));
			break;
		}
		*p = '/';
	}
	free(dir);
	return rc;
}

unsigned
pm_db_create_mode(void)
{
	mode_t mask = umask(077);

	umask(mask);
	/* A umask that lets the group read and write and denies others
	 * everything (007) is how a shared setup asks for a shared file:
	 * 0660.  Any other keeps it private — 002 and 000 too, which are
	 * common by default or by accident and say nothing about others.
	 * SQLite gives the -wal and -shm files the database's mode. */
	return (mask & 060) == 0 && (mask & 007) == 007 ? 0660 : 0600;
}

int
pm_db_create(const char *path, int busy_ms, pm_db **out, pm_err *err)
{
	pm_db *db;
	int fd, rc;

	*out = NULL;
	if ((rc = make_parents(path, err)) != 0)
		return rc;
	/* O_EXCL: never overwrite, never follow a planted symlink. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", path,
		    errno == EEXIST ? _("already exists; not overwritten") : strerror(errno));
	/* Exactly the mode asked for, whatever the umask took away or the
	 * directory's default ACL added; never anything for others. */
	(void)fchmod(fd, pm_db_create_mode());
	close(fd);
	{
		/* a damage mark left by a file that was here before */
		pm_buf f;

		pm_buf_init(&f);
		pm_buf_addf(&f, "%s-damaged", path);
		unlink(f.s);
		pm_buf_free(&f);
	}

	db = db_alloc(path, busy_ms);
	rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW |
	    SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		db_error(db, rc, err, path);
		pm_db_discard(db);
		return PM_EX_CANTCREAT;
	}
	if ((rc = trace_start(db, err)) != 0) {
		pm_db_discard(db);
		return rc;
	}
	{
		char sql[128];
		snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA journal_mode=WAL;",
		    PM_DB_APPLICATION_ID);
		if ((rc = pm_db_exec(db, sql, err)) != 0 || (rc = configure(db, err)) != 0) {
			pm_db_discard(db);
			return rc;
		}
	}
	*out = db;
	return 0;
}

void
pm_db_close(pm_db *db)
{
	if (db == NULL)
		return;
	if (db->h != NULL) {
		if (db->txn)
			pm_db_rollback(db);
		cache_clear(db);
		sqlite3_close_v2(db->h);
	}
	if (db->trace_fd >= 0)
		close(db->trace_fd);
	free(db->path);
	free(db);
}

void
pm_db_discard(pm_db *db)
{
	pm_buf b;

	if (db == NULL)
		return;
	pm_buf_init(&b);
	pm_buf_adds(&b, db->path);
	pm_db_close(db);
	unlink(b.s);
	pm_buf_adds(&b, "-wal");
	unlink(b.s);
	b.len -= 4;
	pm_buf_adds(&b, "-shm");
	unlink(b.s);
	b.len -= 4;
	pm_buf_adds(&b, "-journal");
	unlink(b.s);
	pm_buf_free(&b);
}

const char *
pm_db_path(const pm_db *db)
{
	return db->path;
}

int
pm_db_version(pm_db *db, int *version, pm_err *err)
{
	return pragma_int(db, "PRAGMA user_version", version, err);
}

static void fk_restore(pm_db *db);

int
pm_db_begin(pm_db *db, int write, pm_err *err)
{
	int rc;

	if (db->txn)
		return pm_err_set(err, PM_EX_SOFTWARE, _("transaction already open"));
	/* say why before SQLite says only "readonly" */
	if (write && db->ro_why[0] != '\0' && !db->scratch)
		return pm_err_set(err, PM_EX_CANTCREAT, _("%s: database is read-only: %s"), db->path,
		    db->ro_why);
	if (write && (db->damaged || db->marked))
		return pm_err_set(err, PM_EX_DATAERR, "%s: " DAMAGED, db->path);
	rc = pm_db_exec(db, write ? "BEGIN IMMEDIATE" : "BEGIN", err);
	if (rc != 0)
		return rc;
	db->txn = write ? 2 : 1;
	/* A deferred BEGIN takes its snapshot at the first read; take it
	 * now so the whole command sees one state of the database. */
	if (!write)
		rc = pm_db_exec(db, "SELECT 1 FROM sqlite_schema LIMIT 1", err);
	return rc;
}

/*
 * The table rebuilds of a migration drop a parent table and rename its
 * copy into place, which foreign keys enforced row by row refuse even
 * though every reference is whole again at the end.  SQLite lets them be
 * switched only outside a transaction, so this is a begin of its own;
 * pm_db_migrate checks every reference before it returns, and the end
 * of the transaction switches them back on.
 */
int
pm_db_begin_migrate(pm_db *db, pm_err *err)
{
	int rc;

	if (db->txn)
		return pm_err_set(err, PM_EX_SOFTWARE, _("transaction already open"));
	if ((rc = pm_db_exec(db, "PRAGMA foreign_keys=OFF", err)) != 0)
		return rc;
	db->fk_off = 1;
	if ((rc = pm_db_begin(db, 1, err)) != 0)
		fk_restore(db);
	return rc;
}

static void
fk_restore(pm_db *db)
{
	if (db->fk_off)
		sqlite3_exec(db->h, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	db->fk_off = 0;
}

int
pm_db_commit(pm_db *db, pm_err *err)
{
	int rc;

	if (!db->txn)
		return 0;
	/* A write transaction that met a damaged page anywhere (even one
	 * its caller got past) commits nothing into the damaged file. */
	if (db->txn == 2 && (db->damaged || db->marked)) {
		pm_db_rollback(db);
		return pm_err_set(err, PM_EX_DATAERR, "%s: " DAMAGED, db->path);
	}
	rc = pm_db_exec(db, "COMMIT", err);
	if (rc != 0) {
		/* a reader that met a damaged page has nothing to keep: what
		 * it reported (check's rows) stands */
		int reader = db->txn == 1 && db->damaged;
		pm_db_rollback(db);
		if (reader)
			pm_err_clear(err);
		return reader ? 0 : rc;
	}
	db->txn = 0;
	fk_restore(db);
	return 0;
}

void
pm_db_rollback(pm_db *db)
{
	if (db == NULL || !db->txn)
		return;
	if (sqlite3_get_autocommit(db->h) == 0)
		sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
	db->txn = 0;
	fk_restore(db);
}

int
pm_db_damaged(const pm_db *db)
{
	return db->damaged;
}

int
pm_db_in_txn(const pm_db *db)
{
	return db->txn != 0;
}

static int
fk_whole(pm_db *db, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(db, "SELECT \"table\", rowid, parent FROM pragma_foreign_key_check "
	    "LIMIT 1", &st, err)) != 0)
		return rc;
	rc = pm_stmt_step(st, err);
	if (rc == 1)
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s row %lld refers to a missing %s row"),
		    pm_stmt_text(st, 0), (long long)pm_stmt_int(st, 1), pm_stmt_text(st, 2));
	else if (rc < 0)
		rc = err->status;
	pm_stmt_free(st);
	return rc;
}

int
pm_db_migrate(pm_db *db, int *from, int *to, pm_err *err)
{
	return pm_db_migrate_upto(db, 0, from, to, err);
}

int
pm_db_migrate_upto(pm_db *db, int upto, int *from, int *to, pm_err *err)
{
	const pm_migration *m;
	int ver = 0, latest = pm_db_schema_latest(), rc;
	char sql[64];

	if (db->txn != 2)
		return pm_err_set(err, PM_EX_SOFTWARE, _("migrate outside a write transaction"));
	if ((rc = pm_db_version(db, &ver, err)) != 0)
		return rc;
	if (from)
		*from = ver;
	if (to)
		*to = ver;
	if (ver > latest)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: database schema version %d is newer "
		    "than this pm supports (%d)"), db->path, ver, latest);
	for (m = pm_migrations; m->version != 0; m++) {
		if (m->version <= ver)
			continue;
		if (upto > 0 && m->version > upto)
			break;
		if ((rc = pm_db_exec(db, m->sql, err)) != 0)
			return pm_err_prefix(err, _("migration %04d-%s"), m->version, m->name);
		ver = m->version;
	}
	/* a rebuilt table must leave every reference whole (foreign keys
	 * may be off for the rebuild: pm_db_begin_migrate) */
	if ((rc = fk_whole(db, err)) != 0)
		return rc;
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", ver);
	if ((rc = pm_db_exec(db, sql, err)) != 0)
		return rc;
	if (to)
		*to = ver;
	return 0;
}

int
pm_db_has_trigger(pm_db *db, const char *table, const char *name, int *found, pm_err *err)
{
	int64_t one = 0;

	return pm_db_get_int(db, err, &one, found, "SELECT 1 FROM sqlite_schema "
	    "WHERE type = 'trigger' AND tbl_name = ?1 AND name = ?2", "tt", table, name);
}

/* One problem found by a check. */
static int
problem(const char *name, const char *detail, int (*fn)(void *, const char *, const char *),
    void *ctx, long *problems)
{
	(*problems)++;
	return fn ? fn(ctx, name, detail) : 0;
}

/*
 * Run a check query; each row's columns, joined, is one problem unless
 * it is the single word "ok".  SQLite's integrity check may put several
 * problems in one row, a line each, under a "*** in database main ***"
 * heading: each line is a problem of its own.  A check that the damage
 * stops halfway is a problem too, not a failure of check: check exists
 * to report a damaged file.
 */
static int
check_query(pm_db *db, const char *name, const char *sql,
    int (*fn)(void *, const char *, const char *), void *ctx, long *problems, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_buf b;
	char *line, *next;
	int rc, i, stop = 0;

	if ((rc = pm_db_prepare(db, sql, &st, err)) != 0)
		goto damaged;
	pm_buf_init(&b);
	while (!stop && (rc = pm_stmt_step(st, err)) == 1) {
		pm_buf_reset(&b);
		for (i = 0; i < pm_stmt_ncol(st); i++) {
			const char *v = pm_stmt_text(st, i);
			if (i > 0)
				pm_buf_adds(&b, i == 1 ? ": " : " ");
			pm_buf_adds(&b, v ? v : "NULL");
		}
		if (strcmp(b.s, "ok") == 0)
			continue;
		for (line = b.s; line != NULL && !stop; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			if (*line == '\0' || strncmp(line, "*** in database ", 16) == 0)
				continue;
			stop = problem(name, line, fn, ctx, problems) != 0;
		}
	}
	pm_buf_free(&b);
	pm_stmt_free(st);
	if (rc >= 0)
		return 0;
	rc = err->status;
damaged:
	if (!db->damaged)
		return rc;
	problem(name, "the check stopped at a damaged page: restore from backup", fn, ctx,
	    problems);
	pm_err_clear(err);
	return 0;
}

int
pm_db_check(pm_db *db, int (*fn)(void *ctx, const char *check, const char *detail),
    void *ctx, long *problems, pm_err *err)
{
	int app = 0, ver = 0, latest = pm_db_schema_latest(), rc;
	long before;
	char msg[160];

	*problems = 0;
	if ((rc = pragma_int(db, "PRAGMA application_id", &app, err)) != 0)
		return rc;
	if (app != PM_DB_APPLICATION_ID) {
		(*problems)++;
		snprintf(msg, sizeof msg, "application_id is %d, expected %d", app,
		    PM_DB_APPLICATION_ID);
		if (fn)
			fn(ctx, "identity", msg);
	}
	if ((rc = pm_db_version(db, &ver, err)) != 0)
		return rc;
	if (ver != latest) {
		(*problems)++;
		snprintf(msg, sizeof msg, ver < latest ?
		    _("schema version %d, this pm has %d (run pm-admin migrate)") :
		    _("schema version %d, this pm has %d (use a newer pm)"), ver, latest);
		if (fn)
			fn(ctx, "schema", msg);
	}
	before = *problems;
	if ((rc = check_query(db, "integrity", "PRAGMA integrity_check", fn, ctx,
	    problems, err)) != 0)
		return rc;
	/* writers refuse a file that failed its integrity check, and take
	 * it again once it passes (restored from backup) */
	if (*problems > before)
		mark_damaged(db, 1);
	else if (!db->damaged)
		mark_damaged(db, 0);
	/* what integrity_check could not read, the foreign key check cannot */
	if (db->damaged)
		return 0;
	return check_query(db, "foreign_key",
	    "SELECT \"table\", 'row ' || rowid || ' refers to missing ' || parent "
	    "FROM pragma_foreign_key_check", fn, ctx, problems, err);
}

/* ---- copies ---------------------------------------------------------- */

/*
 * A copy is written into a file that has no name until it is complete,
 * verified and placed (O_TMPFILE, then linkat): a copy killed midway, or
 * one whose audit row cannot be written, leaves nothing behind.  Where
 * the filesystem has no O_TMPFILE the copy goes to DEST.tmp-XXXXXX, mode
 * 0600 from the start (readable by nobody else even if left by a kill),
 * removed on every failure.  Either way SQLite writes it with
 * journal_mode=OFF, so no -journal file exists beside it: a copy that
 * fails is thrown away whole, there is nothing to roll back.
 *
 * SQLite opens files by name.  For the unnamed file, the unix VFS's
 * open and stat system calls are wrapped for the time of the copy: one
 * name that exists nowhere (the "alias") opens a duplicate of our
 * descriptor and stats it; every other name is passed through.
 */
struct pm_db_copy {
	char *dest;             /* where it goes */
	char *name;             /* what SQLite opens: the alias or the temporary name */
	int fd;                 /* the file, open read-write */
	int unnamed;            /* 1: O_TMPFILE; 0: a temporary name to remove */
	int placed;
};

static const char *alias_name;
static int alias_fd = -1;
static sqlite3_syscall_ptr real_open, real_stat;

/* SQLite hands the system calls its own full path name of the alias
 * (the working directory prepended): the last component is what is
 * compared, a name made unique per process. */
static int
is_alias(const char *path)
{
	const char *a, *p;

	if (alias_name == NULL)
		return 0;
	a = strrchr(alias_name, '/');
	p = strrchr(path, '/');
	return strcmp(p ? p + 1 : path, a ? a + 1 : alias_name) == 0;
}

static int
alias_open(const char *path, int flags, int mode)
{
	if (is_alias(path))
		return fcntl(alias_fd, F_DUPFD_CLOEXEC, 3);
	return ((int (*)(const char *, int, int))real_open)(path, flags, mode);
}

static int
alias_stat(const char *path, struct stat *sb)
{
	if (is_alias(path))
		return fstat(alias_fd, sb);
	return ((int (*)(const char *, struct stat *))real_stat)(path, sb);
}

/* Point SQLite's alias at c (or, c NULL, put the real calls back). */
static int
alias_set(pm_db_copy *c)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);

	if (vfs == NULL || vfs->iVersion < 3 || vfs->xSetSystemCall == NULL)
		return -1;
	if (c == NULL) {
		if (real_open != NULL) {
			vfs->xSetSystemCall(vfs, "open", real_open);
			vfs->xSetSystemCall(vfs, "stat", real_stat);
		}
		real_open = real_stat = NULL;
		alias_name = NULL;
		alias_fd = -1;
		return 0;
	}
	real_open = vfs->xGetSystemCall(vfs, "open");
	real_stat = vfs->xGetSystemCall(vfs, "stat");
	if (real_open == NULL || real_stat == NULL ||
	    vfs->xSetSystemCall(vfs, "open", (sqlite3_syscall_ptr)alias_open) != SQLITE_OK ||
	    vfs->xSetSystemCall(vfs, "stat", (sqlite3_syscall_ptr)alias_stat) != SQLITE_OK) {
		if (real_open != NULL)
			vfs->xSetSystemCall(vfs, "open", real_open);
		real_open = real_stat = NULL;
		return -1;
	}
	alias_name = c->name;
	alias_fd = c->fd;
	return 0;
}

void
pm_db_copy_free(pm_db_copy *c)
{
	pm_buf b;

	if (c == NULL)
		return;
	if (c->name != NULL && alias_name == c->name)
		alias_set(NULL);
	if (c->fd >= 0)
		close(c->fd);
	if (c->name != NULL && !c->unnamed && !c->placed) {
		unlink(c->name);
		pm_buf_init(&b);
		pm_buf_addf(&b, "%s-journal", c->name);
		unlink(b.s);
		pm_buf_free(&b);
	}
	free(c->dest);
	free(c->name);
	free(c);
}

/* The directory dest is in, for O_TMPFILE. */
static char *
dir_of(const char *dest)
{
	const char *slash = strrchr(dest, '/');
	char *d;

	if (slash == NULL)
		return strdup(".");
	if (slash == dest)
		return strdup("/");
	if ((d = strndup(dest, (size_t)(slash - dest))) == NULL)
		abort();
	return d;
}

/* A file for the copy: unnamed if the filesystem can, else named. */
static int
copy_file(pm_db_copy *c, pm_err *err)
{
	char *dir = dir_of(c->dest);
	pm_buf b;
	int e;

	if (dir == NULL)
		abort();
	pm_buf_init(&b);
#ifdef O_TMPFILE
	c->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	e = errno;
	free(dir);
	if (c->fd >= 0) {
		c->unnamed = 1;
		pm_buf_addf(&b, "%s.tmp-unnamed-%ld", c->dest, (long)getpid());
		c->name = b.s;
		return 0;
	}
	/* only "this filesystem cannot" falls back; EACCES, ENOENT, EROFS
	 * would fail for a named file too */
	if (e != EOPNOTSUPP && e != EISDIR && e != EINVAL) {
		pm_buf_free(&b);
		return pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", c->dest, strerror(e));
	}
#else
	free(dir);
#endif
	pm_buf_addf(&b, "%s.tmp-XXXXXX", c->dest);
	if ((c->fd = mkostemp(b.s, O_CLOEXEC)) < 0) {
		e = errno;
		pm_buf_free(&b);
		return pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", c->dest, strerror(e));
	}
	c->name = b.s;
	(void)fchmod(c->fd, 0600);
	return 0;
}

static uint32_t
get4(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The copy's own header, read from the file: a database, pages of the
 * source's size and count, ours, the same schema version — and nothing
 * more or less in the file than those pages.  The backup API copies
 * pages verbatim, so this is what can go wrong in copying (a short
 * write, a full disk); damage inside the source's b-trees is what
 * --verify full looks for.  Also sets the copy to rollback-journal
 * mode (bytes 18, 19): it is no longer the WAL database it came from.
 */
static int
copy_header(pm_db_copy *c, int64_t pages, int app, int ver, pm_err *err)
{
	static const unsigned char rollback[2] = { 1, 1 };
	unsigned char h[100];
	struct stat sb;
	uint32_t psize;

	if (pread(c->fd, h, sizeof h, 0) != (ssize_t)sizeof h || fstat(c->fd, &sb) != 0)
		return pm_err_set(err, PM_EX_IOERR, _("backup: %s: cannot read the copy"), c->dest);
	psize = (uint32_t)h[16] << 8 | h[17];
	if (psize == 1)
		psize = 65536;
	if (memcmp(h, "SQLite format 3", 16) != 0 || psize < 512 || (psize & (psize - 1)) != 0 ||
	    get4(h + 28) != (uint32_t)pages || get4(h + 24) != get4(h + 92) ||
	    (int64_t)sb.st_size != pages * (int64_t)psize)
		return pm_err_set(err, PM_EX_IOERR, _("backup: %s: the copy is incomplete "
		    "(%lld of %lld pages)"), c->dest, (long long)(sb.st_size / (psize ? psize : 1)),
		    (long long)pages);
	if ((int)get4(h + 68) != app || (int)get4(h + 60) != ver)
		return pm_err_set(err, PM_EX_IOERR, _("backup: %s: the copy's header does not "
		    "match the database"), c->dest);
	if (pwrite(c->fd, rollback, 2, 18) != 2)
		return pm_err_set(err, PM_EX_IOERR, _("backup: %s: %s"), c->dest, strerror(errno));
	return 0;
}

/* Read the copy through SQLite: its schema parses; for a full check,
 * every page, row and index. */
static int
copy_read(pm_db_copy *c, int verify, pm_err *err)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *st = NULL;
	const char *sql = verify == PM_DB_VERIFY_FULL ? "PRAGMA integrity_check"
	    : "SELECT count(*) FROM sqlite_schema";
	int rc, ret = 0;

	rc = sqlite3_open_v2(c->name, &h, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		if (verify == PM_DB_VERIFY_FULL && (v == NULL || strcmp(v, "ok") != 0))
			ret = pm_err_set(err, PM_EX_IOERR, _("backup: %s: the copy fails its "
			    "integrity check: %.200s"), c->dest, v ? v : "?");
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK && ret == 0)
		ret = pm_err_set(err, PM_EX_IOERR, _("backup: %s: the copy cannot be read: %s"),
		    c->dest, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
	sqlite3_finalize(st);
	sqlite3_close_v2(h);
	return ret;
}

int
pm_db_copy_make(pm_db *db, const char *dest, int verify, pm_db_copy **out, pm_err *err)
{
	sqlite3 *dst = NULL, *src = NULL;
	sqlite3_backup *bk;
	pm_db_copy *c;
	struct stat sb;
	int64_t pages = 0;
	int rc, ret = 0, waited, app = 0, ver = 0;

	*out = NULL;
	if (lstat(dest, &sb) == 0)
		return pm_err_set(err, PM_EX_CANTCREAT, _("%s: already exists; not overwritten"), dest);
	if ((c = calloc(1, sizeof *c)) == NULL || (c->dest = strdup(dest)) == NULL)
		abort();
	c->fd = -1;
	if ((ret = copy_file(c, err)) != 0)
		goto fail;
	if (c->unnamed && alias_set(c) != 0) {
		ret = pm_err_set(err, PM_EX_SOFTWARE, _("backup: this SQLite cannot open an "
		    "unnamed file"));
		goto fail;
	}
	rc = sqlite3_open_v2(c->name, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode=OFF", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		ret = pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", dest, sqlite3_errstr(rc));
		goto fail;
	}
	/* Copy through a connection of its own: the caller's may hold the
	 * write lock (migrate takes it so nobody writes between backup and
	 * upgrade), and SQLite will not back up from a connection that is
	 * writing.  Its snapshot is then exactly the caller's state. */
	rc = sqlite3_open_v2(db->path, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL);
	if (rc != SQLITE_OK) {
		ret = pm_err_set(err, PM_EX_IOERR, _("backup: %s: %s"), db->path, sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(src, db->busy_ms);
	/* One step copies every page under one read snapshot of the source,
	 * so writers elsewhere cannot make the copy inconsistent. */
	bk = sqlite3_backup_init(dst, "main", src, "main");
	if (bk == NULL) {
		ret = pm_err_set(err, PM_EX_IOERR, _("backup: %s"), sqlite3_errmsg(dst));
		goto fail;
	}
	for (waited = 0;; waited += 50) {
		rc = sqlite3_backup_step(bk, -1);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= db->busy_ms)
			break;
		sqlite3_sleep(50);
	}
	pages = sqlite3_backup_pagecount(bk);
	sqlite3_backup_finish(bk);
	if (rc != SQLITE_DONE) {
		ret = pm_err_set(err, status_of(rc) == PM_EX_SOFTWARE ? PM_EX_IOERR : status_of(rc),
		    _("backup: %s"), sqlite3_errstr(rc));
		goto fail;
	}
	/* What the copy must say about itself: the source's identity and
	 * schema version.  Asked of the source, never of dst: the copied
	 * page 1 still says WAL, and reading it through dst would make
	 * SQLite create a -wal and -shm beside the alias name. */
	{
		sqlite3_stmt *st = NULL;
		if (sqlite3_prepare_v2(src, "SELECT (SELECT application_id FROM "
		    "pragma_application_id), (SELECT user_version FROM pragma_user_version)",
		    -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
			app = sqlite3_column_int(st, 0);
			ver = sqlite3_column_int(st, 1);
		}
		sqlite3_finalize(st);
	}
	sqlite3_close_v2(src);
	src = NULL;
	sqlite3_close_v2(dst);
	dst = NULL;
	if ((ret = copy_header(c, pages, app, ver, err)) != 0 ||
	    (ret = copy_read(c, verify, err)) != 0)
		goto fail;
	if (fsync(c->fd) != 0) {
		ret = pm_err_set(err, PM_EX_IOERR, "%s: %s", dest, strerror(errno));
		goto fail;
	}
	if (c->unnamed)
		alias_set(NULL);
	*out = c;
	return 0;
fail:
	if (src != NULL)
		sqlite3_close_v2(src);
	if (dst != NULL)
		sqlite3_close_v2(dst);
	pm_db_copy_free(c);
	return ret;
}

/* fsync the directory dest is in, so the new name survives a crash. */
static void
sync_dir(const char *dest)
{
	char *dir = dir_of(dest);
	int fd;

	if (dir == NULL)
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		close(fd);
	}
	free(dir);
}

int
pm_db_copy_place(pm_db_copy *c, pm_err *err)
{
	char proc[64];
	int rc;

	/* link, never rename: a file that appeared at dest meanwhile is
	 * not replaced */
	if (c->unnamed) {
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", c->fd);
		rc = linkat(AT_FDCWD, proc, AT_FDCWD, c->dest, AT_SYMLINK_FOLLOW);
		if (rc != 0 && errno == ENOENT)
			rc = linkat(c->fd, "", AT_FDCWD, c->dest, AT_EMPTY_PATH);
	} else {
		rc = link(c->name, c->dest);
	}
	if (rc != 0)
		return pm_err_set(err, PM_EX_CANTCREAT, "%s: %s", c->dest, strerror(errno));
	c->placed = 1;
	if (!c->unnamed)
		unlink(c->name);
	sync_dir(c->dest);
	return 0;
}

int
pm_db_copy_placed(const pm_db_copy *c)
{
	return c->placed;
}

int
pm_db_backup(pm_db *db, const char *dest, int verify, pm_err *err)
{
	pm_db_copy *c = NULL;
	int rc;

	if ((rc = pm_db_copy_make(db, dest, verify, &c, err)) != 0)
		return rc;
	rc = pm_db_copy_place(c, err);
	pm_db_copy_free(c);
	return rc;
}

int
pm_db_data_version(pm_db *db, int64_t *out, pm_err *err)
{
	int v = 0, rc;

	rc = pragma_int(db, "PRAGMA data_version", &v, err);
	*out = v;
	return rc;
}

int
pm_db_exec(pm_db *db, const char *sql, pm_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		int st;
		int c = rc & 0xff;
		if (msg != NULL && c != SQLITE_BUSY && c != SQLITE_LOCKED && c != SQLITE_FULL &&
		    c != SQLITE_IOERR && c != SQLITE_READONLY && c != SQLITE_CANTOPEN &&
		    c != SQLITE_CORRUPT && c != SQLITE_NOTADB) {
			st = pm_err_set(err, status_of(rc), "%s", msg);
		} else {
			st = db_error(db, rc, err, NULL);
		}
		sqlite3_free(msg);
		return st;
	}
	return 0;
}

/* FNV-1a of the statement's text. */
static uint32_t
sql_hash(const char *sql)
{
	uint32_t h = 2166136261u;

	for (; *sql != '\0'; sql++)
		h = (h ^ (unsigned char)*sql) * 16777619u;
	return h;
}

/* A cached statement for sql (of hash h) that nobody holds now, or NULL. */
static pm_stmt *
cache_take(pm_db *db, const char *sql, uint32_t h)
{
	int i;

	for (i = 0; i < db->ncache; i++) {
		pm_stmt *st = db->cache[i].st;
		if (db->cache[i].hash == h && !st->in_use && strcmp(db->cache[i].sql, sql) == 0) {
			st->in_use = 1;
			st->used = ++db->tick;
			return st;
		}
	}
	return NULL;
}

/* Keep st for reuse: in a free slot, else instead of the least recently
 * used statement nobody holds; when every one is held, do not keep it. */
static void
cache_put(pm_db *db, const char *sql, uint32_t h, pm_stmt *st)
{
	int i, victim = -1;

	if (db->ncache < STMT_CACHE) {
		victim = db->ncache++;
	} else {
		for (i = 0; i < db->ncache; i++) {
			pm_stmt *c = db->cache[i].st;
			if (!c->in_use && (victim < 0 || c->used < db->cache[victim].st->used))
				victim = i;
		}
		if (victim < 0)
			return;
		sqlite3_finalize(db->cache[victim].st->h);
		free(db->cache[victim].st);
		free(db->cache[victim].sql);
	}
	if ((db->cache[victim].sql = strdup(sql)) == NULL)
		abort();
	db->cache[victim].hash = h;
	db->cache[victim].st = st;
	st->cached = 1;
}

int
pm_db_prepare(pm_db *db, const char *sql, pm_stmt **out, pm_err *err)
{
	uint32_t h = sql_hash(sql);
	pm_stmt *st;
	int rc;

	*out = NULL;
	if ((st = cache_take(db, sql, h)) != NULL) {
		*out = st;
		return 0;
	}
	if ((st = calloc(1, sizeof *st)) == NULL)
		abort();
	st->db = db;
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->h, NULL);
	if (rc != SQLITE_OK) {
		db_error(db, rc, err, NULL);
		/* A statement that does not compile is a bug in pm, not bad
		 * input — except when the database is busy or broken. */
		if (err && err->status == PM_EX_DATAERR && !db->damaged)
			err->status = PM_EX_SOFTWARE;
		free(st);
		return err ? err->status : PM_EX_SOFTWARE;
	}
	st->in_use = 1;
	st->used = ++db->tick;
	cache_put(db, sql, h, st);
	*out = st;
	return 0;
}

int64_t
pm_db_last_id(pm_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int64_t
pm_db_changes(pm_db *db)
{
	return sqlite3_changes64(db->h);
}

static void
bind_check(pm_stmt *st, int rc)
{
	if (rc != SQLITE_OK && st->bind_rc == SQLITE_OK)
		st->bind_rc = rc;
}

void
pm_stmt_bind_int(pm_stmt *st, int i, int64_t v)
{
	bind_check(st, sqlite3_bind_int64(st->h, i, v));
}

void
pm_stmt_bind_text(pm_stmt *st, int i, const char *s)
{
	if (s == NULL)
		bind_check(st, sqlite3_bind_null(st->h, i));
	else
		bind_check(st, sqlite3_bind_text(st->h, i, s, -1, SQLITE_TRANSIENT));
}

void
pm_stmt_bind_null(pm_stmt *st, int i)
{
	bind_check(st, sqlite3_bind_null(st->h, i));
}

int
pm_stmt_step(pm_stmt *st, pm_err *err)
{
	int rc;

	if (st->bind_rc != SQLITE_OK) {
		pm_err_set(err, PM_EX_SOFTWARE, _("bind: %s"), sqlite3_errstr(st->bind_rc));
		return -1;
	}
	rc = sqlite3_step(st->h);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	db_error(st->db, rc, err, NULL);
	return -1;
}

int
pm_stmt_run(pm_stmt *st, pm_err *err)
{
	int rc;

	while ((rc = pm_stmt_step(st, err)) == 1)
		;
	return rc < 0 ? (err ? err->status : PM_EX_SOFTWARE) : 0;
}

void
pm_stmt_reset(pm_stmt *st)
{
	sqlite3_reset(st->h);
	sqlite3_clear_bindings(st->h);
	st->bind_rc = SQLITE_OK;
}

void
pm_stmt_free(pm_stmt *st)
{
	if (st == NULL)
		return;
	if (st->cached) {
		/* back to the cache, ready for the next caller */
		sqlite3_reset(st->h);
		sqlite3_clear_bindings(st->h);
		st->bind_rc = SQLITE_OK;
		st->in_use = 0;
		return;
	}
	sqlite3_finalize(st->h);
	free(st);
}

int
pm_stmt_ncol(pm_stmt *st)
{
	return sqlite3_column_count(st->h);
}

int
pm_stmt_null(pm_stmt *st, int i)
{
	return sqlite3_column_type(st->h, i) == SQLITE_NULL;
}

int64_t
pm_stmt_int(pm_stmt *st, int i)
{
	return sqlite3_column_int64(st->h, i);
}

const char *
pm_stmt_text(pm_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st->h, i);
}

const char *
pm_stmt_colname(pm_stmt *st, int i)
{
	return sqlite3_column_name(st->h, i);
}

/* ---- statements in one call ----------------------------------------- */

int
pm_stmt_bindv(pm_stmt *st, const char *spec, va_list ap)
{
	const char *s;
	int64_t v;
	int i;

	for (i = 1; spec != NULL && spec[i - 1] != '\0'; i++) {
		switch (spec[i - 1]) {
		case 'i':
			pm_stmt_bind_int(st, i, va_arg(ap, int64_t));
			break;
		case 'I':
			if ((v = va_arg(ap, int64_t)) != 0)
				pm_stmt_bind_int(st, i, v);
			else
				pm_stmt_bind_null(st, i);
			break;
		case 't':
			pm_stmt_bind_text(st, i, va_arg(ap, const char *));
			break;
		case 'T':
			s = va_arg(ap, const char *);
			pm_stmt_bind_text(st, i, s != NULL && *s != '\0' ? s : NULL);
			break;
		case 'n':
			pm_stmt_bind_null(st, i);
			break;
		default:
			if (st->bind_rc == SQLITE_OK)
				st->bind_rc = SQLITE_MISUSE;
			return PM_EX_SOFTWARE;
		}
	}
	return 0;
}

int
pm_stmt_bindf(pm_stmt *st, const char *spec, ...)
{
	va_list ap;
	int rc;

	va_start(ap, spec);
	rc = pm_stmt_bindv(st, spec, ap);
	va_end(ap);
	return rc;
}

/* Prepare sql and bind spec's values from ap. */
static int
prepare_bound(pm_db *db, pm_err *err, const char *sql, const char *spec, va_list ap,
    pm_stmt **out)
{
	int rc;

	if ((rc = pm_db_prepare(db, sql, out, err)) != 0)
		return rc;
	if (pm_stmt_bindv(*out, spec, ap) != 0) {
		pm_stmt_free(*out);
		*out = NULL;
		return pm_err_set(err, PM_EX_SOFTWARE, _("bad bind specification '%s'"), spec);
	}
	return 0;
}

int
pm_db_run(pm_db *db, pm_err *err, const char *sql, const char *spec, ...)
{
	pm_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, spec);
	rc = prepare_bound(db, err, sql, spec, ap, &st);
	va_end(ap);
	if (rc != 0)
		return rc;
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

/* Prepare, bind and step once: 1 with a row (st to read and free), 0
 * without (st freed), or -1 (err set, st freed). */
static int
get_one(pm_db *db, pm_err *err, int *found, const char *sql, const char *spec, va_list ap,
    pm_stmt **st)
{
	int rc;

	if (found != NULL)
		*found = 0;
	if (prepare_bound(db, err, sql, spec, ap, st) != 0)
		return -1;
	if ((rc = pm_stmt_step(*st, err)) == 1) {
		if (found != NULL)
			*found = 1;
		return 1;
	}
	pm_stmt_free(*st);
	*st = NULL;
	return rc;
}

int
pm_db_get_int(pm_db *db, pm_err *err, int64_t *out, int *found, const char *sql,
    const char *spec, ...)
{
	pm_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, spec);
	rc = get_one(db, err, found, sql, spec, ap, &st);
	va_end(ap);
	if (rc == 1) {
		*out = pm_stmt_int(st, 0);
		pm_stmt_free(st);
	}
	return rc < 0 ? err->status : 0;
}

int
pm_db_get_text(pm_db *db, pm_err *err, char *out, size_t n, int *found, const char *sql,
    const char *spec, ...)
{
	const char *t;
	pm_stmt *st;
	va_list ap;
	int rc;

	va_start(ap, spec);
	rc = get_one(db, err, found, sql, spec, ap, &st);
	va_end(ap);
	if (rc == 1) {
		t = pm_stmt_text(st, 0);
		if (n > 0)
			snprintf(out, n, "%s", t != NULL ? t : "");
		pm_stmt_free(st);
	}
	return rc < 0 ? err->status : 0;
}

int
pm_db_plan(pm_db *db, pm_err *err, pm_buf *plan, const char *sql, const char *spec, ...)
{
	pm_buf q;
	pm_stmt *st;
	va_list ap;
	int rc, detail = 3;

	pm_buf_init(&q);
	pm_buf_adds(&q, "EXPLAIN QUERY PLAN ");
	pm_buf_adds(&q, sql);
	va_start(ap, spec);
	rc = prepare_bound(db, err, q.s, spec, ap, &st);
	va_end(ap);
	pm_buf_free(&q);
	if (rc != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *d = pm_stmt_text(st, detail);

		pm_buf_adds(plan, d != NULL ? d : "");
		pm_buf_addc(plan, '\n');
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_db_prepare_plan(pm_db *db, const char *sql, pm_stmt **out, pm_err *err)
{
	pm_buf q;
	int rc;

	pm_buf_init(&q);
	pm_buf_adds(&q, "EXPLAIN QUERY PLAN ");
	pm_buf_adds(&q, sql);
	rc = pm_db_prepare(db, q.s, out, err);
	pm_buf_free(&q);
	return rc;
}

int
pm_stmt_plan(pm_stmt *st, pm_buf *plan, pm_err *err)
{
	int rc;

	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *d = pm_stmt_text(st, pm_stmt_ncol(st) - 1);

		pm_buf_adds(plan, d != NULL ? d : "");
		pm_buf_addc(plan, '\n');
	}
	return rc < 0 ? err->status : 0;
}

int
pm_db_schema_sql(pm_db *db, pm_err *err, const char *type, const char *name, pm_buf *out,
    int *found)
{
	pm_stmt *st;
	int rc;

	*found = 0;
	if ((rc = pm_db_prepare(db, "SELECT sql FROM sqlite_schema WHERE type = ?1 AND name = ?2",
	    &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, type);
	pm_stmt_bind_text(st, 2, name);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		const char *t = pm_stmt_text(st, 0);

		pm_buf_adds(out, t != NULL ? t : "");
		*found = 1;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}
