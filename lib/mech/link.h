/*
 * link.h — links between records of any two kinds (C12 <-> W7).
 *
 * A link has two ends (typed IDs), a relation word ("cause",
 * "duplicate", "fixed-by") and who made it when.  The same link added
 * twice is one link, so a cron job or a rerun can add it again safely.
 * Links are read from either end.
 */
#ifndef PM_LINK_H
#define PM_LINK_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "id.h"

/*
 * Link a to b with relation rel (1-32 of a-z 0-9 _ -).  A link to
 * itself is PM_EX_DATAERR.  *added (may be NULL) is 1 when the link is
 * new, 0 when it existed; only a new link writes an audit row.
 */
int pm_link_add(pm_ctx *ctx, pm_id a, pm_id b, const char *rel, int *added, pm_err *err);

/*
 * Link record a (of lifecycle lc) to b with rel, and when the link is
 * new write a's transition verb (an internal one, a note on any state)
 * through the lifecycle's gate, its data {rel: "B"}: how a record learns
 * that another one handles it.  The same link again writes nothing.
 */
struct pm_lifecycle;
int pm_link_logged(pm_ctx *ctx, const struct pm_lifecycle *lc, const char *verb, pm_id a,
	pm_id b, const char *rel, pm_err *err);

/* A link seen from one end: the other end and the relation.  dir is
 * 1 when the record asked about is the link's a end, 0 when b. */
typedef struct pm_link {
	pm_id other;
	const char *rel;
	int dir;
	pm_time at;
	const char *actor;
	/* the other end's state, when its kind has a registered lifecycle
	 * (lifecycle.h: C12 is "resolved", W7 "in_progress"); else NULL */
	const char *status;
} pm_link;

/* Call fn for each link of id (either end), oldest first.  fn returning
 * nonzero stops; that value is returned. */
int pm_link_each(pm_ctx *ctx, pm_id id, int (*fn)(void *arg, const pm_link *l), void *arg,
	pm_err *err);

/* Append the links of id as a JSON array of objects (id, rel, dir "to"
 * or "from", at, status: the other end's state or null) to out. */
int pm_link_json(pm_ctx *ctx, pm_id id, pm_buf *out, pm_err *err);

#endif
