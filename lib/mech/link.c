/* link.c — entity <-> entity links; see link.h. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "lifecycle.h"
#include "link.h"

static int
rel_valid(const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		if (!((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') ||
		    s[n] == '_' || s[n] == '-'))
			return 0;
	return n >= 1 && n <= 32;
}

/* The link table names kinds by their letter ("C"), which is stable and
 * short; entity names are for people. */
static void
type_str(char type, char out[2])
{
	out[0] = type;
	out[1] = '\0';
}

int
pm_link_add(pm_ctx *ctx, pm_id a, pm_id b, const char *rel, int *added, pm_err *err)
{
	char ta[2], tb[2], ida[24], idb[24];
	pm_stmt *st = NULL;
	pm_buf after;
	pm_json j;
	int rc;

	if (added != NULL)
		*added = 0;
	if (rel == NULL || !rel_valid(rel))
		return pm_err_set(err, PM_EX_DATAERR, _("link relation must be 1-32 of a-z 0-9 _ -"));
	pm_id_format(a, ida, sizeof ida);
	pm_id_format(b, idb, sizeof idb);
	if (a.type == b.type && a.n == b.n)
		return pm_err_set(err, PM_EX_DATAERR, _("%s cannot be linked to itself"), ida);
	type_str(a.type, ta);
	type_str(b.type, tb);
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO link (a_type, a_id, b_type, b_id, rel, at, "
	    "actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, ta);
	pm_stmt_bind_int(st, 2, a.n);
	pm_stmt_bind_text(st, 3, tb);
	pm_stmt_bind_int(st, 4, b.n);
	pm_stmt_bind_text(st, 5, rel);
	pm_stmt_bind_int(st, 6, ctx->now);
	pm_stmt_bind_text(st, 7, ctx->actor.login);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	if (rc != 0 || pm_db_changes(ctx->db) == 0)
		return rc;
	if (added != NULL)
		*added = 1;
	pm_buf_init(&after);
	pm_json_init(&j, &after);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "a", ida);
	pm_json_s(&j, "b", idb);
	pm_json_s(&j, "rel", rel);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "link", ida, "link", NULL, after.s, err);
	pm_buf_free(&after);
	return rc;
}

int
pm_link_each(pm_ctx *ctx, pm_id id, int (*fn)(void *arg, const pm_link *l), void *arg,
    pm_err *err)
{
	pm_stmt *st = NULL;
	const pm_lifecycle *lc;
	char t[2], status[32];
	const char *ot;
	pm_link l;
	pm_err e;
	int rc;

	type_str(id.type, t);
	if ((rc = pm_db_prepare(ctx->db,
	    "SELECT b_type, b_id, rel, 1, at, actor, id FROM link WHERE a_type = ?1 AND a_id = ?2 "
	    "UNION ALL "
	    "SELECT a_type, a_id, rel, 0, at, actor, id FROM link WHERE b_type = ?1 AND b_id = ?2 "
	    "ORDER BY 7", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, t);
	pm_stmt_bind_int(st, 2, id.n);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		ot = pm_stmt_text(st, 0);
		l.other.type = ot != NULL ? ot[0] : '?';
		l.other.n = pm_stmt_int(st, 1);
		l.rel = pm_stmt_text(st, 2);
		l.dir = (int)pm_stmt_int(st, 3);
		l.at = pm_stmt_int(st, 4);
		l.actor = pm_stmt_text(st, 5);
		l.status = NULL;
		/* a record the link outlived has no state to show */
		if ((lc = pm_lifecycle_by_type(l.other.type)) != NULL &&
		    pm_lifecycle_status(ctx, lc, l.other.n, status, sizeof status, &e) == 0)
			l.status = status;
		if ((rc = fn(arg, &l)) != 0)
			goto out;
	}
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	return rc;
}

static int
link_json(void *arg, const pm_link *l)
{
	pm_buf *b = arg;
	char id[24];
	pm_json j;

	pm_id_format(l->other, id, sizeof id);
	/* one element of the array the caller opened */
	if (b->s[b->len - 1] != '[')
		pm_buf_addc(b, ',');
	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "id", id);
	pm_json_s(&j, "rel", l->rel);
	pm_json_s(&j, "dir", l->dir ? "to" : "from");
	pm_json_t(&j, "at", l->at);
	pm_json_s(&j, "status", l->status);
	pm_json_end(&j);
	return 0;
}

int
pm_link_json(pm_ctx *ctx, pm_id id, pm_buf *out, pm_err *err)
{
	int rc;

	pm_buf_addc(out, '[');
	rc = pm_link_each(ctx, id, link_json, out, err);
	pm_buf_addc(out, ']');
	return rc;
}

int
pm_link_logged(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, pm_id a, pm_id b,
    const char *rel, pm_err *err)
{
	pm_lc_step s;
	char bt[24];
	int added, rc;

	if ((rc = pm_lifecycle_begin(ctx, lc, verb, a.n, &s, err)) == 0 &&
	    (rc = pm_link_add(ctx, a, b, rel, &added, err)) == 0 && added) {
		pm_id_format(b, bt, sizeof bt);
		pm_lifecycle_s(&s, rel, bt);
		rc = pm_lifecycle_finish(&s, err);
	}
	pm_lifecycle_end(&s);
	return rc;
}
