/*
 * fixture.h — the temporary directory and database of a unit test.
 *
 * Tests that need a database make it in fx_dir (mkdtemp) and end with
 * fx_close, which closes it, frees the configuration and removes the
 * directory.  Included by the test files only; everything is static.
 *
 * Every fx_open makes a new directory and a new database, so a file can
 * give each test its own (fx_open in a cmocka per-test setup, fx_close
 * in its teardown) and no test sees what another one left behind.
 */
#ifndef PM_TEST_FIXTURE_H
#define PM_TEST_FIXTURE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <string.h>

#include "admin.h"
#include "ctx.h"
#include "record.h"

#define FX_TEMPLATE "/tmp/pm-test.XXXXXX"
static char fx_dir[] = FX_TEMPLATE;

/*
 * A policy for tests about what a verb does, not who may: everyone may
 * do everything.  Without a policy every permission check is refused
 * (actor.h), so such a test installs this one (pm_perm_set_policy).
 */
__attribute__((unused)) static int
fx_permit(pm_ctx *c, const char *perm, pm_err *err)
{
	(void)c;
	(void)perm;
	(void)err;
	return 0;
}

/*
 * A fresh database in fx_dir made the way pm-admin init makes it, with
 * the clock at Monday 2026-11-30 09:00 Shanghai, acting as login for
 * tool, then sql (seed rows; may be NULL).  The write transaction stays
 * open: the caller commits when its seeding is done.
 */
__attribute__((unused)) static int
fx_open(pm_ctx *c, const char *tool, const char *login, const char *sql)
{
	char p[300];
	pm_err err;

	/* mkdtemp wrote the last directory's name over the template */
	memcpy(fx_dir, FX_TEMPLATE, sizeof fx_dir);
	if (mkdtemp(fx_dir) == NULL)
		return -1;
	snprintf(p, sizeof p, "%s/t.db", fx_dir);
	memset(c, 0, sizeof *c);
	c->tool = tool;
	c->verb = "test";
	c->now = 1796000400;
	c->cfg = pm_config_defaults();
	snprintf(c->actor.login, sizeof c->actor.login, "%s", login);
	if (pm_time_set_zone("Asia/Shanghai", &err) != 0 ||
	    pm_db_create(p, 1000, &c->db, &err) != 0 ||
	    pm_db_begin(c->db, 1, &err) != 0 ||
	    pm_admin_init(c, &err) != 0 ||
	    (sql != NULL && pm_db_exec(c->db, sql, &err) != 0)) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		return -1;
	}
	return 0;
}

/* unused in a test that keeps its configuration past the database */
__attribute__((unused)) static int
fx_close(pm_ctx *c)
{
	char cmd[300];

	pm_db_close(c->db);
	c->db = NULL;
	pm_config_free(c->cfg);
	c->cfg = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
	return system(cmd) == 0 ? 0 : -1;
}

/*
 * The configuration of c from yaml (the defaults when NULL), in place of
 * the one it had: 0, or the parse's status with err set.
 */
__attribute__((unused)) static int
fx_config(pm_ctx *c, const char *yaml, pm_err *err)
{
	pm_config_free(c->cfg);
	c->cfg = NULL;
	if (yaml == NULL) {
		c->cfg = pm_config_defaults();
		return 0;
	}
	return pm_config_parse("c.yaml", yaml, strlen(yaml), &c->cfg, err);
}

/*
 * Each of the n configurations bad is refused, by the reader or the
 * slices' checks, as PM_EX_CONFIG naming c.yaml; c is back on the
 * defaults after.  Returns the index of the first accepted, or -1.
 */
__attribute__((unused)) static int
fx_config_refused(pm_ctx *c, const char *const *bad, size_t n)
{
	pm_err err;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = fx_config(c, bad[i], &err)) == 0)
			rc = pm_config_check(c->cfg, &err);
		if (rc != PM_EX_CONFIG || strstr(err.msg, "c.yaml:") == NULL)
			break;
	}
	fx_config(c, NULL, &err);
	return i < n ? (int)i : -1;
}

/*
 * A record of kind k from "field=value" strings, the list ended by NULL:
 * the values point into the strings.  -1 when a field is unknown.
 */
__attribute__((unused)) static int
fx_record(const pm_rkind *k, pm_rrec *rec, va_list ap)
{
	const char *kv, *eq;
	int i;

	memset(rec, 0, sizeof *rec);
	while ((kv = va_arg(ap, const char *)) != NULL) {
		if ((eq = strchr(kv, '=')) == NULL)
			return -1;
		for (i = 0; i < k->nf; i++)
			if (strncmp(k->fl[i].name, kv, (size_t)(eq - kv)) == 0 &&
			    k->fl[i].name[eq - kv] == '\0')
				break;
		if (i == k->nf)
			return -1;
		rec->v[i] = eq + 1;
	}
	return 0;
}

/* Bind v, or NULL when v is FX_NULL: seed rows with optional columns. */
#define FX_NULL INT64_MIN
__attribute__((unused)) static void
fx_bind_opt(pm_stmt *st, int i, int64_t v)
{
	if (v == FX_NULL)
		pm_stmt_bind_null(st, i);
	else
		pm_stmt_bind_int(st, i, v);
}

#endif
