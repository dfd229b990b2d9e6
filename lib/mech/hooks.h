/*
 * hooks.h — executables the administrator puts in a directory, run on
 * every timeline event.
 *
 * Every event a process record writes to the timeline (timeline.h) is a
 * hook event named "<entity>.<event>" ("ticket.assign").  In the
 * directory of config `hooks.dir` (an absolute path; empty, the default,
 * runs no hooks) two executables may wait for it, and two catch-alls
 * for every event:
 *
 *	pre-<entity>.<event>, then pre-any
 *	    run inside the command's transaction when the event is
 *	    written.  A non-zero exit (or a kill after hooks.timeout, or
 *	    an executable that cannot be started) vetoes: the event fails
 *	    with PM_EX_DATAERR naming the hook and quoting the first line
 *	    of its stderr, and the caller rolls everything back.
 *	on-<entity>.<event>, then on-any
 *	    queued, and run by the front after the commit
 *	    (pm_hooks_run), one event after another in write order, at most
 *	    hooks.limit events a command.  They cannot undo anything: a
 *	    failure is only reported.
 *
 * A name that is missing, not a regular file or not executable is not
 * run.  Each hook gets the event as one JSON line on stdin, stdout
 * /dev/null, its stderr captured (the first line is kept), no other
 * open file of the process, its own process group (killed whole after
 * hooks.timeout), and a small environment:
 *
 *	PM_HOOK   the hook's name ("on-ticket.new")
 *	PM_EVENT  "ticket.new"    PM_ENTITY "ticket"    PM_ID "T12"
 *	PM_DB     the database    PM_ACTOR  the acting login
 *	PATH      the caller's (or /usr/bin:/bin)
 *	PM_HOOK_* passed through from the caller's environment (a
 *	          webhook URL, a mail address: the hook's own settings)
 *
 * The JSON line (pm(7) HOOKS documents it for administrators):
 *
 *	{"event":"ticket.new","entity":"ticket","id":"T12","seq":41,
 *	 "at":"2026-11-30T09:00:00+08:00","actor":"li.ming","tool":"pm-x",
 *	 "note":null,"data":{...},"record":{...},"masked":true,
 *	 "dry_run":false}
 *
 * seq is the event's own number (unique, increasing: a hook can use it
 * to ignore a repeat), at the event's time, note and data what the
 * timeline keeps, record the record as its kind describes it (below;
 * null when the kind has no describer).  Personal data in record is
 * masked unless config `hooks.unmask` is true ("masked":false); the
 * front audits every command that runs hooks unmasked before it runs.
 */
#ifndef PM_HOOKS_H
#define PM_HOOKS_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "json.h"
#include "mask.h"

/* What a kind of record tells its hooks about itself (registered once,
 * lib/domain/registry.c). */
typedef struct pm_hook_kind {
	const char *entity;     /* the timeline entity: "ticket" */
	char idtype;            /* 'T': hooks see "T12"; 0: the bare number */
	/* the record's fields as members of the open object j, personal data
	 * masked unless clear; called inside the transaction, after the
	 * change.  NULL: "record" is null. */
	int (*record)(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err);
} pm_hook_kind;

/*
 * A kind's record as a declaration: sql selects one record (?1 its row
 * id), column i being fields[i] (the list ends with name NULL), each
 * written as a member by its type — 's' text, 't' a time, 'i' an
 * integer; a NULL value is null — text of a personal-data class masked
 * (mask.h) unless clear.  For a record function that has nothing else
 * to say; a missing record writes nothing.
 */
typedef struct pm_hook_field {
	const char *name;
	char type;
	pm_pii_class pii;
} pm_hook_field;
int pm_hooks_record_row(pm_ctx *ctx, const char *sql, int64_t id, const pm_hook_field *fields,
	int clear, pm_json *j, pm_err *err);

/* Add a kind.  -1 when the table is full or the entity is taken. */
int pm_hooks_declare(const pm_hook_kind *k);

/* hooks.dir, hooks.timeout, hooks.limit, hooks.unmask (pm-config(5)). */
extern const pm_cfg_slice pm_hooks_config;

typedef struct pm_hooks pm_hooks;

/*
 * The hooks of one command, into ctx->hooks: NULL (nothing will run, at
 * no cost) when hooks.dir is empty.  A hooks.dir that is not a
 * directory is PM_EX_CONFIG.  Free with pm_hooks_free.
 */
int pm_hooks_open(pm_ctx *ctx, pm_err *err);
void pm_hooks_free(pm_hooks *h);

/* 1 when the hooks receive personal data in clear (hooks.unmask) and
 * the directory holds at least one hook: the front audits it first. */
int pm_hooks_unmasked(const pm_hooks *h);

/* An event just written, as the timeline hands it over. */
typedef struct pm_hook_event {
	const char *entity;
	int64_t id;             /* the record's row id */
	int64_t seq;            /* the event's own id */
	pm_time at;
	const char *event;
	const char *note;       /* NULL when none */
	const char *data;       /* JSON object text, or NULL */
} pm_hook_event;

/*
 * Run the event's pre- hooks and queue it for its on- hooks.  No-op when
 * ctx->hooks is NULL or no hook waits for it.  A veto is PM_EX_DATAERR;
 * anything else failing is its own status.  Called by pm_timeline_add.
 */
int pm_hooks_event(pm_ctx *ctx, const pm_hook_event *e, pm_err *err);

/* 1 when a hook (pre- or on-, the event's own or a catch-all) would see
 * the event entity.event: what it reads of the record then matters.
 * 0 when ctx->hooks is NULL. */
int pm_hooks_watched(pm_ctx *ctx, const char *entity, const char *event);

/*
 * After the commit: run the queued on- hooks (the queue is emptied).
 * report is called with one line (no newline, harmless text) for each
 * hook that failed, hung or could not start, and once for the events
 * past hooks.limit.  Returns how many lines were reported.  Holds no
 * lock: the caller has committed.
 */
int pm_hooks_run(pm_ctx *ctx, void (*report)(void *arg, const char *line), void *arg);

/* Forget the queued events (the transaction was rolled back). */
void pm_hooks_discard(pm_hooks *h);

/*
 * One run of one executable, the primitive under the above: path with
 * env (NULL-terminated "K=V"), input on stdin, killed with its process
 * group after timeout_ms.  Fills *status (the exit status; 128+signal
 * when a signal ended it; -1 when it could not be started) and *killed;
 * line gets the first line of its stderr (n bytes, "" when none).
 * Returns 0 when it ran to completion with status 0.
 */
int pm_hook_spawn(const char *path, char *const env[], const char *input, int64_t timeout_ms,
	int *status, int *killed, char *line, size_t n);

#endif
