/* escalate.c — escalation levels; see escalate.h. */
#include <stdio.h>
#include <string.h>

#include "actor.h"
#include "escalate.h"

static int
word_ok(const char *w)
{
	if (strcmp(w, "head") == 0)
		return 1;
	if (strncmp(w, "role:", 5) == 0)
		return w[5] != '\0' && pm_login_valid(w + 5);
	if (strncmp(w, "staff:", 6) == 0)
		return pm_login_valid(w + 6);
	return 0;
}

int
pm_escalate_parse(const char *levels, pm_escalation *out, pm_err *err)
{
	pm_escalation e;
	const char *p, *comma;
	size_t n;

	memset(&e, 0, sizeof e);
	e.every = 86400;
	for (p = levels; p != NULL && *p != '\0'; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (e.n == PM_ESC_MAX)
			return pm_err_set(err, PM_EX_CONFIG, "at most %d escalation levels", PM_ESC_MAX);
		if (n == 0 || n >= sizeof e.who[0])
			return pm_err_set(err, PM_EX_CONFIG, "empty or overlong escalation level");
		memcpy(e.who[e.n], p, n);
		e.who[e.n][n] = '\0';
		if (!word_ok(e.who[e.n]))
			return pm_err_set(err, PM_EX_CONFIG, "escalation level '%s': use head, "
			    "role:NAME or staff:LOGIN", e.who[e.n]);
		e.n++;
	}
	if (out != NULL)
		*out = e;
	return 0;
}

int
pm_escalate_check(const char *levels, pm_err *err)
{
	return pm_escalate_parse(levels, NULL, err);
}

int
pm_escalate_target(const pm_escalation *e, pm_time due, pm_time now)
{
	int64_t late = now - due, level;

	if (late < 0 || e->n == 0)
		return 0;
	level = 1 + (e->every > 0 ? late / e->every : 0);
	return level > e->n ? e->n : (int)level;
}

/* The first row's text column 0 into out, or "". */
static int
one_login(pm_ctx *ctx, const char *sql, int64_t a, const char *b, int64_t c, char *out,
    size_t n, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	out[0] = '\0';
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, a);
	pm_stmt_bind_text(st, 2, b);
	pm_stmt_bind_int(st, 3, c);
	rc = pm_stmt_step(st, err);
	if (rc == 1 && pm_stmt_text(st, 0) != NULL)
		snprintf(out, n, "%s", pm_stmt_text(st, 0));
	rc = rc < 0 ? err->status : 0;
	pm_stmt_free(st);
	return rc;
}

static const char sql_head[] =
	"SELECT s.login FROM department d JOIN staff s ON s.id = d.head_id "
	"WHERE d.id = ?1 AND s.active = 1 AND ?2 IS NULL AND ?3 IS NOT NULL";

/* The login the rule of one level names, or "" when nobody fits. */
static int
who_at(pm_ctx *ctx, const char *w, int64_t dept_id, int64_t site_id, char *out, size_t n,
    pm_err *err)
{
	if (strcmp(w, "head") == 0)
		return one_login(ctx, sql_head, dept_id, NULL, 0, out, n, err);
	if (strncmp(w, "staff:", 6) == 0)
		return one_login(ctx, "SELECT login FROM staff WHERE login = ?2 AND active = 1 "
		    "AND ?1 IS NOT NULL AND ?3 IS NOT NULL", 0, w + 6, 0, out, n, err);
	/* role:NAME — someone serving the site first, then by login */
	return one_login(ctx, "SELECT s.login FROM staff s JOIN staff_role r ON r.staff_id = s.id "
	    "WHERE r.role = ?2 AND s.active = 1 AND ?1 IS NOT NULL "
	    "ORDER BY EXISTS (SELECT 1 FROM staff_site x WHERE x.staff_id = s.id "
	    "AND x.site_id = ?3) DESC, s.login LIMIT 1", 0, w + 5, site_id, out, n, err);
}

int
pm_escalate_who(pm_ctx *ctx, const pm_escalation *e, int level, int64_t dept_id,
    int64_t assignee_id, int64_t site_id, char *out, size_t n, pm_err *err)
{
	int rc;

	out[0] = '\0';
	if (level <= 0) {
		if (assignee_id != 0)
			return one_login(ctx, "SELECT login FROM staff WHERE id = ?1 AND ?2 IS NULL "
			    "AND ?3 IS NOT NULL", assignee_id, NULL, 0, out, n, err);
		return one_login(ctx, sql_head, dept_id, NULL, 0, out, n, err);
	}
	if (level > e->n)
		level = e->n;
	/* A late record must land on someone: when nobody fits a level (no
	 * department, no head set, nobody holds the role), the next level
	 * up takes it. */
	for (; level >= 1 && level <= e->n; level++) {
		if ((rc = who_at(ctx, e->who[level - 1], dept_id, site_id, out, n, err)) != 0)
			return rc;
		if (out[0] != '\0')
			break;
	}
	return 0;
}
