/*
 * lifecycle.h — a record's states and transitions, declared as data.
 *
 * A process record (a ticket, a job, a finding, a task: whatever a tool
 * tracks through states) has
 * a status column and a table of transitions: for each verb, the states
 * it may start from, the state it leads to (or none: the status stays,
 * as for a note), the permission it needs and what it records.  One
 * function applies a transition: it checks the permission and the
 * current state, refusing with PM_EX_DATAERR and the states that would
 * have been allowed, then updates the status, writes the timeline event
 * and the audit row — all in the caller's transaction, so the domain
 * module adds its own columns in the same command.
 */
#ifndef PM_LIFECYCLE_H
#define PM_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"

typedef struct pm_transition {
	const char *verb;       /* "assign"; also the timeline event's name */
	const char *from;       /* "new|assigned"; "*" = any state */
	const char *to;         /* "assigned"; NULL keeps the status */
	const char *perm;       /* "complaint.assign" */
	const char *records;    /* what it records, for the man page and tests */
} pm_transition;

typedef struct pm_lifecycle {
	const char *entity;     /* timeline and audit entity: "contact" */
	const char *what;       /* in messages: "complaint" */
	char idtype;            /* 'C' */
	const char *table;      /* the table with id and status columns (a constant) */
	const char *states;     /* every state, "new|assigned|..." */
	const char *initial;    /* the state of a new record */
	const pm_transition *t; /* ends with verb NULL */
} pm_lifecycle;

/* The transition for verb, or NULL. */
const pm_transition *pm_lifecycle_find(const pm_lifecycle *lc, const char *verb);

/* 1 when state is in the |-list (or the list is "*"). */
int pm_lifecycle_in(const char *list, const char *state);

/*
 * Check the table itself: every from and to names a declared state,
 * verbs are unique, the initial state exists.  PM_EX_SOFTWARE naming
 * the fault (a unit test runs it on every table).
 */
int pm_lifecycle_validate(const pm_lifecycle *lc, pm_err *err);

/* The record's status into buf (n >= 32); no such record is
 * PM_EX_NOINPUT "no such complaint C9". */
int pm_lifecycle_status(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, char *buf,
	size_t n, pm_err *err);

/*
 * Apply verb to record id: permission (PM_EX_NOPERM), existence
 * (PM_EX_NOINPUT), allowed from the current state (PM_EX_DATAERR
 * "C12 is closed; reopen works on resolved, replied, closed"), then the
 * status update, one timeline event (at, note, data) and one audit row
 * (before: the old status; after: the new status and data's fields).
 * data: a JSON object text or NULL.  from (may be NULL, n >= 32)
 * receives the state the record was in.
 */
int pm_lifecycle_apply(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
	pm_time at, const char *note, const char *data, char *from, pm_err *err);

/* The record has just been inserted in lc->initial: write its "new"
 * timeline event and audit row (after = data). */
int pm_lifecycle_created(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, pm_time at,
	const char *note, const char *data, pm_err *err);

#endif
