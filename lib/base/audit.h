/*
 * audit.h — the append-only audit log.
 *
 * Every change a tool makes writes one row in the same transaction:
 * when, actor (the login claimed), the operating-system user
 * that ran the command (actor.h, pm_os_user), tool, entity, entity id,
 * action, and the record before and after as JSON objects.  Refused
 * attempts are logged too.  The table's triggers refuse UPDATE and
 * DELETE.
 */
#ifndef PM_AUDIT_H
#define PM_AUDIT_H

#include <stdint.h>
#include "ctx.h"
#include "err.h"
#include "pmtime.h"

/* The schema version that added audit.os_user: older databases (only
 * pm-admin backup writes into one) get rows without it. */
#define PM_AUDIT_OS_USER_SINCE 11

/*
 * Write one audit row stamped with ctx's now, actor, tool and the
 * operating-system user.
 * entity: "ticket", "account", ...; id: the record's ID or code
 * (may be NULL); action: "init", "new", "set", "refused", ...;
 * before/after: JSON object text or NULL (must be valid JSON).
 */
int pm_audit_log(struct pm_ctx *ctx, const char *entity, const char *id,
	const char *action, const char *before, const char *after, pm_err *err);

/* A row read back. Strings are valid until the next pm_audit_next. */
typedef struct pm_audit_row {
	int64_t id;
	pm_time at;
	const char *actor, *tool, *entity, *entity_id, *action, *before, *after;
	const char *os_user;    /* NULL in rows older than the column */
} pm_audit_row;

/* Filters for pm_audit_list; zero/NULL fields do not filter. */
typedef struct pm_audit_filter {
	pm_time since, until;   /* [since, until); 0 = open */
	int has_since, has_until;
	const char *actor;
	const char *entity;
	const char *entity_id;
	const char *action;
	const char *os_user;
	int64_t limit;          /* 0 = all */
	int newest_first;
} pm_audit_filter;

typedef struct pm_audit_iter pm_audit_iter;

/* Start listing (oldest first unless newest_first).  Rows stream from the
 * database: memory does not grow with the log. */
int pm_audit_list(struct pm_ctx *ctx, const pm_audit_filter *f, pm_audit_iter **out, pm_err *err);
/* 1 and *row filled, 0 at the end, -1 on error. */
int pm_audit_next(pm_audit_iter *it, pm_audit_row *row, pm_err *err);
void pm_audit_iter_free(pm_audit_iter *it);

#endif
