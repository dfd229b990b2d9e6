/* escalate.c — escalation levels and the procedure; see escalate.h. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "escalate.h"
#include "id.h"
#include "json.h"

/* A rule split at its first colon: kind into k, arg pointing into k past
 * the colon (NULL when there is none). */
static void
split(const char *rule, char *k, size_t n, const char **arg)
{
	char *colon;

	snprintf(k, n, "%s", rule);
	*arg = NULL;
	if ((colon = strchr(k, ':')) != NULL) {
		*colon = '\0';
		*arg = colon + 1;
	}
}

int
pm_escalate_parse(const char *levels, const pm_esc_resolver *r, pm_escalation *out,
    pm_err *err)
{
	pm_escalation e;
	const char *p, *comma, *arg;
	char kind[48], why[PM_ERR_MSG];
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
			return pm_err_set(err, PM_EX_CONFIG, _("at most %d escalation levels"), PM_ESC_MAX);
		if (n == 0 || n >= sizeof e.who[0])
			return pm_err_set(err, PM_EX_CONFIG, _("empty or overlong escalation level"));
		memcpy(e.who[e.n], p, n);
		e.who[e.n][n] = '\0';
		split(e.who[e.n], kind, sizeof kind, &arg);
		if (r->check(kind, arg, err) != 0) {
			snprintf(why, sizeof why, "%s", err->msg);
			return pm_err_set(err, PM_EX_CONFIG, _("escalation level '%s': %s"), e.who[e.n],
			    why);
		}
		e.n++;
	}
	if (out != NULL)
		*out = e;
	return 0;
}

int
pm_escalate_target(const pm_escalation *e, pm_time due, pm_time now)
{
	int64_t late = now - due, level;

	if (late < 0 || e->n == 0)
		return 0;
	if (e->stepped) {
		for (level = 1; level < e->n && late >= e->after[level]; level++)
			;
		return (int)level;
	}
	level = 1 + (e->every > 0 ? late / e->every : 0);
	return level > e->n ? e->n : (int)level;
}

/* The login rule names for this group and site, or "". */
static int
who_by_rule(pm_ctx *ctx, const pm_esc_resolver *r, const char *rule, int64_t group_id,
    int64_t site_id, char *out, size_t n, pm_err *err)
{
	const char *arg;
	char kind[48];

	split(rule, kind, sizeof kind, &arg);
	return r->who(ctx, kind, arg, group_id, site_id, out, n, err);
}

int
pm_escalate_who(pm_ctx *ctx, const pm_esc_resolver *r, const pm_escalation *e, int level,
    const char *base, int64_t group_id, int64_t assignee_id, int64_t site_id, char *out,
    size_t n, pm_err *err)
{
	char self[48] = "";
	int rc, from;

	out[0] = '\0';
	if (level <= 0) {
		if (assignee_id != 0)
			return r->login(ctx, assignee_id, out, n, err);
		if (base == NULL)
			return 0;
		return who_by_rule(ctx, r, base, group_id, site_id, out, n, err);
	}
	if (level > e->n)
		level = e->n;
	/* A late record must land on someone: when nobody answers a level
	 * (no group, nobody heads it, nobody holds the role), the next level
	 * up takes it.  Nor does it climb to the person it is late with: a
	 * level that names the assignee (one who heads the group or
	 * holds the role) passes it up too, and lands it back on them only
	 * when no level above names anyone else. */
	if (assignee_id != 0 && (rc = r->login(ctx, assignee_id, self, sizeof self, err)) != 0)
		return rc;
	for (from = level; level >= 1 && level <= e->n; level++) {
		if ((rc = who_by_rule(ctx, r, e->who[level - 1], group_id, site_id, out, n,
		    err)) != 0)
			return rc;
		if (out[0] != '\0' && (self[0] == '\0' || strcmp(out, self) != 0))
			return 0;
	}
	if (self[0] != '\0') {
		/* only the assignee answers (or nobody at all) */
		for (level = from; level >= 1 && level <= e->n; level++) {
			if ((rc = who_by_rule(ctx, r, e->who[level - 1], group_id, site_id, out, n,
			    err)) != 0)
				return rc;
			if (out[0] != '\0')
				return 0;
		}
	}
	out[0] = '\0';
	return 0;
}

/* ---- the procedure ----------------------------------------------------- */

#define COL(d, f, def) ((d)->f != NULL ? (d)->f : (def))

/* The fields of a record the procedure looks at. */
struct erec {
	char status[32];
	int has_due;
	pm_time due;
	int64_t level, assignee_id, group_id, site_id;
};

static int
erec_load(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, struct erec *r, pm_err *err)
{
	char sql[512], idtext[24];
	pm_stmt *st = NULL;
	pm_id pid;
	int rc;

	memset(r, 0, sizeof *r);
	/* names from the declaration: constants of the program */
	snprintf(sql, sizeof sql, "SELECT status, %s, %s, %s, %s, %s FROM %s WHERE id = ?1",
	    COL(d, due, "due_at"), COL(d, level, "esc_level"), COL(d, assignee, "assignee_id"),
	    COL(d, group, "group_id"), COL(d, site, "site_id"), d->lc->table);
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		snprintf(r->status, sizeof r->status, "%s", pm_stmt_text(st, 0));
		r->has_due = !pm_stmt_null(st, 1);
		r->due = pm_stmt_int(st, 1);
		r->level = pm_stmt_int(st, 2);
		r->assignee_id = pm_stmt_null(st, 3) ? 0 : pm_stmt_int(st, 3);
		r->group_id = pm_stmt_null(st, 4) ? 0 : pm_stmt_int(st, 4);
		r->site_id = pm_stmt_null(st, 5) ? 0 : pm_stmt_int(st, 5);
		rc = 0;
	} else if (rc == 0) {
		pid.type = d->lc->idtype;
		pid.n = id;
		pm_id_format(pid, idtext, sizeof idtext);
		rc = pm_err_set(err, PM_EX_NOINPUT, _("%s %s: no such %s"), d->lc->what, idtext,
		    d->lc->what);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

static int
set_level(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, int level, pm_err *err)
{
	pm_stmt *st = NULL;
	char sql[256];
	int rc;

	snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1, %s = ?2 WHERE id = ?3", d->lc->table,
	    COL(d, level, "esc_level"), COL(d, escalated, "escalated_at"));
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, level);
	pm_stmt_bind_int(st, 2, ctx->now);
	pm_stmt_bind_int(st, 3, id);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

/* The levels of d's records (or of record id, d->levels). */
static int
levels_of(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_escalation *e, pm_err *err)
{
	int rc;

	if (d->levels != NULL)
		return d->levels(ctx, id, e, err);
	if ((rc = pm_escalate_parse(pm_config_str(ctx->cfg, d->levels_key), d->resolver, e,
	    err)) != 0)
		return rc;
	e->every = pm_config_span(ctx->cfg, d->every_key);
	return 0;
}

/* Set the level res says, and apply the transition with its data. */
static int
climb(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_lc_step *s, const pm_escalated *res,
    int manual, pm_err *err)
{
	int rc;

	if ((rc = set_level(ctx, d, id, res->level, err)) != 0)
		return rc;
	pm_lifecycle_i(s, "level", res->level);
	pm_lifecycle_s(s, "responsible", res->who[0] ? res->who : NULL);
	if (manual)
		pm_lifecycle_i(s, "manual", 1);
	return pm_lifecycle_finish(s, err);
}

int
pm_escalate_apply(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_escalated *res,
    pm_err *err)
{
	pm_escalation e;
	struct erec r;
	pm_lc_step s;
	int open, target, rc;

	memset(res, 0, sizeof *res);
	/* the lifecycle's gate, once: the transition's permission, the record,
	 * its state.  A record out of the transition's states waits on no
	 * deadline: nothing climbs, but who answers for it is still said. */
	rc = pm_lifecycle_begin(ctx, d->lc, d->verb, id, &s, err);
	open = rc == 0;
	if (rc == PM_EX_DATAERR)
		rc = 0;
	if (rc != 0 ||
	    (rc = erec_load(ctx, d, id, &r, err)) != 0 ||
	    (rc = levels_of(ctx, d, id, &e, err)) != 0)
		goto out;
	res->level = (int)r.level;
	target = r.has_due && open ? pm_escalate_target(&e, r.due, ctx->now) : 0;
	if (target > res->level) {
		res->level = target;
		res->changed = 1;
	}
	if ((rc = pm_escalate_who(ctx, d->resolver, &e, res->level, d->base_rule, r.group_id,
	    r.assignee_id, r.site_id, res->who, sizeof res->who, err)) != 0 || !res->changed)
		goto out;
	rc = climb(ctx, d, id, &s, res, 0, err);
out:
	pm_lifecycle_end(&s);
	return rc;
}

int
pm_escalate_raise(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_escalated *res,
    pm_err *err)
{
	pm_escalation e;
	struct erec r;
	pm_lc_step s;
	int rc;

	memset(res, 0, sizeof *res);
	if ((rc = pm_lifecycle_begin(ctx, d->lc, d->verb, id, &s, err)) != 0 ||
	    (rc = erec_load(ctx, d, id, &r, err)) != 0 ||
	    (rc = levels_of(ctx, d, id, &e, err)) != 0)
		goto out;
	if (r.level >= e.n) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s is at the top level (%d)"), s.idtext,
		    (int)r.level);
		goto out;
	}
	res->level = (int)r.level + 1;
	res->changed = 1;
	if ((rc = pm_escalate_who(ctx, d->resolver, &e, res->level, d->base_rule, r.group_id,
	    r.assignee_id, r.site_id, res->who, sizeof res->who, err)) != 0)
		goto out;
	rc = climb(ctx, d, id, &s, res, 1, err);
out:
	pm_lifecycle_end(&s);
	return rc;
}
