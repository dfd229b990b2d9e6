/* timeline.c — the shared event table; see timeline.h. */
#include "hooks.h"
#include "json.h"
#include "timeline.h"

int
pm_timeline_add(pm_ctx *ctx, const char *entity, int64_t id, pm_time at,
    const char *event, const char *note, const char *data, pm_err *err)
{
	return pm_timeline_add_due(ctx, entity, id, at, event, note, data, NULL, err);
}

int
pm_timeline_add_due(pm_ctx *ctx, const char *entity, int64_t id, pm_time at,
    const char *event, const char *note, const char *data, const pm_time *due, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO event (entity, entity_id, at, actor, "
	    "event, note, data, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &st, err)) != 0)
		return rc;
	if (due != NULL)
		pm_stmt_bind_int(st, 8, *due);
	else
		pm_stmt_bind_null(st, 8);
	pm_stmt_bind_text(st, 1, entity);
	pm_stmt_bind_int(st, 2, id);
	pm_stmt_bind_int(st, 3, at);
	pm_stmt_bind_text(st, 4, ctx->actor.login);
	pm_stmt_bind_text(st, 5, event);
	pm_stmt_bind_text(st, 6, note);
	pm_stmt_bind_text(st, 7, data);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	if (rc == 0 && ctx->hooks != NULL) {
		/* every event is a hook event: pre- hooks may veto it here */
		pm_hook_event ev = { entity, id, pm_db_last_id(ctx->db), at, event, note, data };
		rc = pm_hooks_event(ctx, &ev, err);
	}
	return rc;
}

int
pm_timeline_each(pm_ctx *ctx, const char *entity, int64_t id,
    int (*fn)(void *arg, const pm_event *e), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_event e;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT id, at, actor, event, note, data FROM event "
	    "WHERE entity = ?1 AND entity_id = ?2 ORDER BY id", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, entity);
	pm_stmt_bind_int(st, 2, id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		e.seq = pm_stmt_int(st, 0);
		e.at = pm_stmt_int(st, 1);
		e.actor = pm_stmt_text(st, 2);
		e.event = pm_stmt_text(st, 3);
		e.note = pm_stmt_text(st, 4);
		e.data = pm_stmt_text(st, 5);
		if ((rc = fn(arg, &e)) != 0)
			goto out;
	}
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	return rc;
}

static int
event_json(void *arg, const pm_event *e)
{
	pm_buf *b = arg;
	pm_json j;

	/* one element of the array the caller opened */
	if (b->s[b->len - 1] != '[')
		pm_buf_addc(b, ',');
	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "seq", e->seq);
	pm_json_t(&j, "at", e->at);
	pm_json_s(&j, "actor", e->actor);
	pm_json_s(&j, "event", e->event);
	pm_json_s(&j, "note", e->note);
	pm_json_raw(&j, "data", e->data);
	pm_json_end(&j);
	return 0;
}

int
pm_timeline_json(pm_ctx *ctx, const char *entity, int64_t id, pm_buf *out, pm_err *err)
{
	int rc;

	pm_buf_addc(out, '[');
	rc = pm_timeline_each(ctx, entity, id, event_json, out, err);
	pm_buf_addc(out, ']');
	return rc;
}
