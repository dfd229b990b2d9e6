/*
 * timeline.h — the shared, append-only history of process records.
 *
 * Every kind of process record writes its events here, under its own
 * entity name (schema/0005-process.sql): which record (entity
 * name and row id), when it happened, who did it, what (a short event
 * word such as "assign"), a free-text note and a JSON object of
 * details.  `show` verbs read it back in the order it was written.
 * Events are never changed or deleted (triggers refuse it).
 */
#ifndef PM_TIMELINE_H
#define PM_TIMELINE_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"

/*
 * Append one event, stamped with ctx's actor.  at: when it happened
 * (may be earlier than ctx->now for a backfilled reply).  note: free
 * text or NULL; data: a JSON object text or NULL.  Runs inside the
 * caller's transaction.  The event is then a hook event (hooks.h): its
 * pre- hooks run here and may veto it (PM_EX_DATAERR), its on- hooks
 * are queued for after the commit.
 */
int pm_timeline_add(pm_ctx *ctx, const char *entity, int64_t id, pm_time at,
	const char *event, const char *note, const char *data, pm_err *err);
/* The same, and the limit the event sets on its record (due, NULL for
 * none) kept in the event's due column: the record's limit at a past
 * moment is the due of its last event with one, up to then
 * (pm_lifecycle_limit).  Events before schema 28 have none. */
int pm_timeline_add_due(pm_ctx *ctx, const char *entity, int64_t id, pm_time at,
	const char *event, const char *note, const char *data, const pm_time *due, pm_err *err);

/* An event read back; strings are valid during the callback only. */
typedef struct pm_event {
	int64_t seq;            /* the event's own id: write order */
	pm_time at;
	const char *actor;
	const char *event;
	const char *note;       /* NULL when none */
	const char *data;       /* JSON object text, or NULL */
} pm_event;

/* Call fn for each event of one record in write order, streaming.  fn
 * returning nonzero stops the walk; that value is returned. */
int pm_timeline_each(pm_ctx *ctx, const char *entity, int64_t id,
	int (*fn)(void *arg, const pm_event *e), void *arg, pm_err *err);

/* Append the record's events as a JSON array of objects (seq, at in ISO
 * 8601, actor, event, note, data) to out. */
int pm_timeline_json(pm_ctx *ctx, const char *entity, int64_t id, pm_buf *out, pm_err *err);

#endif
