/* audit.c — the append-only audit log; see audit.h. */
#include <stdlib.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"

struct pm_audit_iter {
	pm_stmt *st;
};

int
pm_audit_log(struct pm_ctx *ctx, const char *entity, const char *id,
    const char *action, const char *before, const char *after, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc, ver = 0;

	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0)
		return pm_err_prefix(err, _("audit"));
	if (ver >= PM_AUDIT_OS_USER_SINCE)
		rc = pm_db_prepare(ctx->db, "INSERT INTO audit (at, actor, tool, entity, entity_id, "
		    "action, before, after, os_user) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		    &st, err);
	else
		rc = pm_db_prepare(ctx->db, "INSERT INTO audit (at, actor, tool, entity, entity_id, "
		    "action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, err);
	if (rc != 0)
		return rc;
	pm_stmt_bind_int(st, 1, ctx->now);
	pm_stmt_bind_text(st, 2, ctx->actor.login);
	pm_stmt_bind_text(st, 3, ctx->tool);
	pm_stmt_bind_text(st, 4, entity);
	pm_stmt_bind_text(st, 5, id);
	pm_stmt_bind_text(st, 6, action);
	pm_stmt_bind_text(st, 7, before);
	pm_stmt_bind_text(st, 8, after);
	if (ver >= PM_AUDIT_OS_USER_SINCE)
		pm_stmt_bind_text(st, 9, pm_os_user());
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	if (rc != 0)
		pm_err_prefix(err, _("audit"));
	return rc;
}

int
pm_audit_list(struct pm_ctx *ctx, const pm_audit_filter *f, pm_audit_iter **out, pm_err *err)
{
	pm_audit_iter *it;
	pm_stmt *st = NULL;
	pm_buf sql;
	int rc;

	*out = NULL;
	/* The query is assembled from fixed fragments (values are bound,
	 * never formatted in) so each filter leaves the planner free to use
	 * its index; a catch-all "?1 IS NULL OR at >= ?1" would not. */
	pm_buf_init(&sql);
	pm_buf_adds(&sql, "SELECT id, at, actor, tool, entity, entity_id, action, before, after, os_user "
	    "FROM audit WHERE 1");
	if (f->has_since)
		pm_buf_adds(&sql, " AND at >= ?1");
	if (f->has_until)
		pm_buf_adds(&sql, " AND at < ?2");
	if (f->actor)
		pm_buf_adds(&sql, " AND actor = ?3");
	if (f->entity)
		pm_buf_adds(&sql, " AND entity = ?4");
	if (f->entity_id)
		pm_buf_adds(&sql, " AND entity_id = ?5");
	if (f->action)
		pm_buf_adds(&sql, " AND action = ?6");
	if (f->os_user)
		pm_buf_adds(&sql, " AND os_user = ?8");
	/* (at, id) is the order every audit index already holds */
	pm_buf_adds(&sql, f->newest_first ? " ORDER BY at DESC, id DESC" : " ORDER BY at, id");
	pm_buf_adds(&sql, " LIMIT ?7");
	rc = pm_db_prepare(ctx->db, sql.s, &st, err);
	pm_buf_free(&sql);
	if (rc != 0)
		return rc;
	if (f->has_since)
		pm_stmt_bind_int(st, 1, f->since);
	if (f->has_until)
		pm_stmt_bind_int(st, 2, f->until);
	if (f->actor)
		pm_stmt_bind_text(st, 3, f->actor);
	if (f->entity)
		pm_stmt_bind_text(st, 4, f->entity);
	if (f->entity_id)
		pm_stmt_bind_text(st, 5, f->entity_id);
	if (f->action)
		pm_stmt_bind_text(st, 6, f->action);
	if (f->os_user)
		pm_stmt_bind_text(st, 8, f->os_user);
	pm_stmt_bind_int(st, 7, f->limit > 0 ? f->limit : -1);
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->st = st;
	*out = it;
	return 0;
}

int
pm_audit_next(pm_audit_iter *it, pm_audit_row *row, pm_err *err)
{
	pm_stmt *st = it->st;
	int rc = pm_stmt_step(st, err);

	if (rc != 1)
		return rc;
	row->id = pm_stmt_int(st, 0);
	row->at = pm_stmt_int(st, 1);
	row->actor = pm_stmt_text(st, 2);
	row->tool = pm_stmt_text(st, 3);
	row->entity = pm_stmt_text(st, 4);
	row->entity_id = pm_stmt_text(st, 5);
	row->action = pm_stmt_text(st, 6);
	row->before = pm_stmt_text(st, 7);
	row->after = pm_stmt_text(st, 8);
	row->os_user = pm_stmt_text(st, 9);
	return 1;
}

void
pm_audit_iter_free(pm_audit_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}
