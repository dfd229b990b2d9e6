/*
 * lifecycle.h — a record's states and transitions, declared as data.
 *
 * A process record (a ticket, a job, a finding, a task: whatever a tool
 * tracks through states) has a status column and a table of
 * transitions: for each verb, the states it may start from, the state
 * it leads to (or none: the status stays, as for a note), the
 * permission it needs, its flags and its hook.  The lifecycle is the
 * single gate for state changes:
 *
 *	pm_lifecycle_begin   one permission check and one state check
 *	                     for the record (refusals: PM_EX_NOPERM,
 *	                     PM_EX_NOINPUT, PM_EX_DATAERR naming the states
 *	                     that would have been allowed)
 *	  (the caller reads its record, checks its arguments, adds data)
 *	pm_lifecycle_finish  the transition's hook (the domain's columns),
 *	                     the status update, the due-time hook when the
 *	                     transition has PM_LC_DUE, one timeline event
 *	                     and one audit row
 *
 * all in the caller's transaction.  pm_lifecycle_apply does both for a
 * caller that has nothing to do in between.
 *
 * The states are declared once, here: every state (the schema's CHECK
 * on the status column must list the same), the open ones (work is
 * pending: deadlines run, escalation climbs) and the final ones (nothing
 * happens unless reopened: a partial index of records still in play
 * leaves exactly these out).  pm_lifecycle_check_schema compares the
 * declaration with the database's own schema text.
 */
#ifndef PM_LIFECYCLE_H
#define PM_LIFECYCLE_H

#include <stddef.h>
#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "mask.h"
#include "json.h"

typedef struct pm_lc_step pm_lc_step;

/* Transition flags. */
#define PM_LC_DUE      0x1      /* due times are counted again afterwards (lc->due) */
#define PM_LC_INTERNAL 0x2      /* applied by the program itself (another module, a
                                 * mechanism), never a verb a user names */

typedef struct pm_transition {
	const char *verb;       /* "assign"; also the timeline event's name */
	const char *from;       /* "new|assigned"; "*" = any state */
	const char *to;         /* "assigned"; NULL keeps the status */
	const char *perm;       /* "ticket.assign"; NULL only when internal: the
	                         * caller's own verb checked its permission */
	unsigned flags;         /* PM_LC_ */
	/* the domain's part, run by finish before the status update: its
	 * columns, its data members; s->arg is the caller's.  May be NULL. */
	int (*hook)(pm_lc_step *s, pm_err *err);
	const char *records;    /* what it records, for the man page and tests */
	/* the next step when the record is in one of the states hint_on
	 * (none of from): "reply first" added to the refusal.  Only where
	 * there is one obvious step; both NULL otherwise. */
	const char *hint_on;
	const char *hint;
} pm_transition;

typedef struct pm_lifecycle {
	const char *entity;     /* timeline and audit entity: "ticket" */
	const char *what;       /* in messages: "ticket" */
	char idtype;            /* 'T' */
	const char *table;      /* the table with id and status columns (a constant) */
	const char *states;     /* every state, "new|assigned|..." */
	const char *open;       /* the states with work pending */
	const char *final;      /* the states out of play */
	const char *initial;    /* the state of a new record */
	/* counts the record's due times again after a PM_LC_DUE transition
	 * (s->to is the new state); NULL when the record has none */
	int (*due)(pm_lc_step *s, pm_err *err);
	const pm_transition *t; /* ends with verb NULL */
	/* Instead of due, the common case as data: the record's due_at
	 * column (escalate.h's convention) is due_expr, an SQL expression
	 * of its own columns (a constant: "CASE WHEN started_at IS NOT NULL
	 * THEN fix_due ELSE on_site_due END"), while it waits — in an open
	 * state that is not one of stopped (the states whose clock stands
	 * still, "paused"; NULL: none) — and NULL otherwise. */
	const char *due_expr;
	const char *stopped;
} pm_lifecycle;

/* One transition in progress, from begin to finish; end frees it. */
struct pm_lc_step {
	pm_ctx *ctx;
	const pm_lifecycle *lc;
	const pm_transition *t; /* NULL for a record being created */
	int64_t id;
	char idtext[24];        /* "T12" */
	char from[32];          /* the state it was in ("" when created) */
	const char *to;         /* the state it will be in */
	pm_time at;             /* when it happened (default ctx->now) */
	const char *note;       /* the timeline note, or NULL */
	void *arg;              /* the caller's, for the hooks */
	/* the data object (timeline data; audit "after" with the status) */
	pm_buf dbuf, abuf;
	pm_json data, after;
	int ndata;
	int written;            /* pm_lifecycle_written: finish writes only the
	                         * event and the audit row */
	int has_limit;          /* pm_lifecycle_limit: the event keeps limit */
	pm_time limit;
};

/* The transition for verb, or NULL. */
const pm_transition *pm_lifecycle_find(const pm_lifecycle *lc, const char *verb);

/* 1 when state is in the |-list (or the list is "*"). */
int pm_lifecycle_in(const char *list, const char *state);

/*
 * Check the table itself: every from, to, open and final state is
 * declared, open and final do not overlap, verbs are unique, the
 * initial state exists, only internal transitions go without a
 * permission, a PM_LC_DUE transition has lc->due or lc->due_expr (and
 * the stopped states are open ones), a hint comes with
 * the states it is about, declared ones the transition does not start
 * from.  PM_EX_SOFTWARE
 * naming the fault (a unit test runs it on every table).
 */
int pm_lifecycle_validate(const pm_lifecycle *lc, pm_err *err);

/*
 * Check the declaration against the database: the CHECKs on the status
 * column of lc->table name exactly lc->states, and the WHERE of the
 * partial index `index` (may be NULL) names exactly lc->final.
 * PM_EX_SOFTWARE naming the difference.
 */
int pm_lifecycle_check_schema(pm_ctx *ctx, const pm_lifecycle *lc, const char *index,
	pm_err *err);

/*
 * Lifecycles registered for `pm-admin check` (lib/domain/registry.c
 * registers each tool's, with its open-records index): the check runs
 * pm_lifecycle_check_schema on each whose table exists, and calls fn
 * once per disagreement (check "lifecycle").  Registering one twice is
 * a no-op; at most PM_LC_REGISTERED_MAX.
 */
#define PM_LC_REGISTERED_MAX 32
int pm_lifecycle_register(const pm_lifecycle *lc, const char *index);
int pm_lifecycle_check_all(pm_ctx *ctx, int (*fn)(void *arg, const char *check,
	const char *detail), void *arg, long *problems, pm_err *err);

/* The registered lifecycle of records with ID letter idtype, or NULL:
 * how a link's other end is shown with its state (link.h). */
const pm_lifecycle *pm_lifecycle_by_type(char idtype);

/* Append `(col <> 'a' AND col <> 'b')` for the final states (neg = 0:
 * `(col = 'a' OR col = 'b')`): the term a list of records still in play
 * uses, matching the partial index term for term.  Schemas write the
 * index's WHERE the same way (not NOT IN: schema/0010). */
void pm_lifecycle_sql_final(const pm_lifecycle *lc, const char *col, int neg, pm_buf *b);

/* The record's status into buf (n >= 32); no such record is
 * PM_EX_NOINPUT "no such ticket T9". */
int pm_lifecycle_status(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, char *buf,
	size_t n, pm_err *err);

/*
 * The gate, once per record: the transition exists (else
 * PM_EX_SOFTWARE), the permission (PM_EX_NOPERM), the record
 * (PM_EX_NOINPUT), the state (PM_EX_DATAERR "T12 is closed; reopen
 * works on resolved, closed", and the transition's hint when the state
 * is one it is about: "T12 is resolved; visit works on replied: reply
 * first").  Fills s; call pm_lifecycle_end(s)
 * whatever happens, also when this fails.
 */
int pm_lifecycle_begin(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
	pm_lc_step *s, pm_err *err);

/* For a record just inserted in lc->initial: a step whose finish
 * writes its "new" event and audit row (no before).  Call end after. */
void pm_lifecycle_created(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, pm_lc_step *s);

/*
 * For a transition the caller has written itself, together with the
 * record (a record inserted straight in the state the transition leads
 * to: the hook's columns, the status and the due time in its own
 * statement): a step from state `from` whose finish writes only the
 * transition's event and audit row, the same ones as a full finish.
 * The caller checked the permission (t->perm) and knows the record was
 * in `from`, a state the transition starts from (else
 * PM_EX_SOFTWARE); it adds the data members the hook would.  Call end
 * after, also when this fails.
 */
int pm_lifecycle_written(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
	const char *from, pm_lc_step *s, pm_err *err);

/* Members of the data object (timeline data, and the audit's after
 * beside the status).  v NULL writes null. */
void pm_lifecycle_s(pm_lc_step *s, const char *k, const char *v);
void pm_lifecycle_i(pm_lc_step *s, const char *k, int64_t v);
/* A personal value: masked by its class (mask.h) in the data and the
 * audit alike — the timeline and the audit log keep facts, never
 * personal data in clear. */
void pm_lifecycle_pii(pm_lc_step *s, const char *k, pm_pii_class c, const char *v);
void pm_lifecycle_t(pm_lc_step *s, const char *k, pm_time t);
/*
 * A time member that is the record's limit this step sets (a ticket's
 * resolution due time when it is made, classified or reopened): as
 * pm_lifecycle_t, and the event keeps t in its due column (timeline.h),
 * so what the limit was at any past moment is the due of the record's
 * last event with one up to then — a report judges a past month by the
 * limit in force in it, not by the one a later reopen set.  One limit
 * per kind of record; a step that does not move it sets none.
 */
void pm_lifecycle_limit(pm_lc_step *s, const char *k, pm_time t);

/*
 * The step's time: at when given (has_at), else now.  One in the future
 * is PM_EX_DATAERR "T12: fix time is in the future"; one before since
 * (when the record came in) is PM_EX_DATAERR with before, the caller's
 * translated message taking the ID, the verb, the time and since
 * ("%s: %s at %s is before the ticket was opened (%s)").
 */
int pm_lifecycle_at(pm_lc_step *s, int has_at, pm_time at, pm_time since, const char *before,
	pm_err *err);

/* Write due_at from lc->due_expr for record id in state (see
 * pm_lifecycle): finish does after a PM_LC_DUE transition; the caller
 * does for a record it just inserted. */
int pm_lifecycle_due(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, const char *state,
	pm_err *err);

/* The hook, the status update, due times, the event and the audit row. */
int pm_lifecycle_finish(pm_lc_step *s, pm_err *err);
void pm_lifecycle_end(pm_lc_step *s);

/* begin, then finish with at, note and arg for the hooks. */
int pm_lifecycle_apply(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
	pm_time at, const char *note, void *arg, pm_err *err);

#endif
