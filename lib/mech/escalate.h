/*
 * escalate.h — who is responsible as a late record climbs levels.
 *
 * The whole procedure is here (pm_escalate_apply): is the record late,
 * which level its lateness calls for, who is responsible there, the
 * update and the timeline event.  What a level's rule means (who heads a
 * group, who holds a role, whether a login is an active person) is not:
 * a resolver answers it, installed by the module that knows the people
 * (lib/domain/org.h provides one).  So any process with a late record —
 * a ticket, a job, a finding, a task — escalates the same way.
 *
 * Levels.  Level 0 is the record's assignee.  The levels above come from
 * config (a key the declaration names, "<tool>.escalate_levels") as a
 * comma-separated list of rules, one per level, in order.  A rule is a
 * word ("head") or KIND:ARG ("role:manager"); the mechanism only splits
 * it at the first colon and hands both parts to the resolver, which says
 * whether it is a rule at all (the config check) and who answers it.
 * The level a late record should be at is 1 once its deadline has
 * passed, plus one for every further `every` of lateness (a second key,
 * "<tool>.escalate_every"), at most the number of levels.  Escalating is
 * idempotent per level: a record already at (or above) that level is not
 * changed, so a cron job that escalates every overdue record every 15
 * minutes moves each one up once per level.  When nobody answers a
 * level's rule, the next level up is asked, so a late record lands on
 * someone; nobody only when no level above has anyone.
 *
 * The column convention.  The record lives in the declaration's
 * lifecycle table (lc->table: id INTEGER PRIMARY KEY, status TEXT, see
 * lifecycle.h), which also has these columns, named as here unless the
 * declaration names them otherwise:
 *
 *	due_at        INTEGER, NULL    late from this time (Unix seconds);
 *	                               NULL: not waiting on anything
 *	esc_level     INTEGER NOT NULL DEFAULT 0, CHECK (esc_level BETWEEN 0
 *	                               AND PM_ESC_MAX): the level reached
 *	escalated_at  INTEGER, NULL    when it last climbed
 *	assignee_id   INTEGER, NULL    the person responsible at level 0
 *	group_id      INTEGER, NULL    the part of the organisation the
 *	                               record belongs to (the resolver's
 *	                               "head" is that group's head)
 *	site_id       INTEGER, NULL    the site, for rules that prefer
 *	                               people serving it
 *
 * A record escalates only in a state the declaration's transition may
 * start from (its open states); the event is that transition through
 * the lifecycle's gate (pm_lifecycle_begin and _finish: one permission
 * and state check, timeline event, audit row), in the caller's
 * transaction.  Table and column names are the program's
 * constants, never user text: they are formatted into the SQL.
 */
#ifndef PM_ESCALATE_H
#define PM_ESCALATE_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"
#include "lifecycle.h"

#define PM_ESC_MAX 9

typedef struct pm_escalation {
	int n;                          /* levels above 0 */
	char who[PM_ESC_MAX][48];       /* each level's rule: "head", "role:manager" */
	int64_t every;                  /* seconds of lateness per further level */
	/* Levels with limits of their own (an emergency plan: level 1 has
	 * 15 minutes, level 2 30 more): when stepped, level k is reached
	 * once the lateness is at least after[k - 1] (after[0] 0,
	 * ascending), and every is not used. */
	int stepped;
	int64_t after[PM_ESC_MAX];
} pm_escalation;

/*
 * What a level's rule means.  kind is the rule up to its first colon,
 * arg what follows it (NULL when the rule has no colon).  group_id and
 * site_id are the record's (0 when unknown).
 */
typedef struct pm_esc_resolver {
	/* Is this a rule?  0, or PM_EX_CONFIG with err saying which rules
	 * there are ("use head, role:NAME or ..."). */
	int (*check)(const char *kind, const char *arg, pm_err *err);
	/* The login that answers the rule into out (n >= 33); "" when
	 * nobody does. */
	int (*who)(pm_ctx *ctx, const char *kind, const char *arg, int64_t group_id,
		int64_t site_id, char *out, size_t n, pm_err *err);
	/* The login of person id (a level-0 assignee) into out; "" when
	 * there is no such person. */
	int (*login)(pm_ctx *ctx, int64_t id, char *out, size_t n, pm_err *err);
} pm_esc_resolver;

/*
 * One entity's escalation: a constant of the domain module that owns
 * the entity.  Column names NULL: the convention's (above).
 */
typedef struct pm_esc_decl {
	const pm_lifecycle *lc;         /* table, entity, ID type */
	const char *verb;               /* its transition that records a climb: "escalate" */
	const char *levels_key;         /* config key of the level list */
	const char *every_key;          /* config key (a span) of the lateness per level */
	const char *base_rule;          /* who is responsible at level 0 with no
	                                   assignee ("head"); NULL: nobody */
	const pm_esc_resolver *resolver;
	const char *due, *level, *escalated, *assignee, *group, *site;
	/* The record's own levels (a plan per kind of record), instead of
	 * levels_key and every_key; NULL: the keys.  Fills out (stepped or
	 * not) or fails as pm_escalate_parse would. */
	int (*levels)(pm_ctx *ctx, int64_t id, pm_escalation *out, pm_err *err);
} pm_esc_decl;

/* What pm_escalate_apply did. */
typedef struct pm_escalated {
	int level;              /* the level now */
	int changed;            /* 1 when this call raised it */
	char who[33];           /* who is responsible now; "" when nobody fits */
} pm_escalated;

/* Parse a level list ("head,role:manager"), each rule checked by r;
 * PM_EX_CONFIG naming the bad entry.  out may be NULL (a config check).
 * every is set to one day; the caller sets it from its key. */
int pm_escalate_parse(const char *levels, const pm_esc_resolver *r, pm_escalation *out,
	pm_err *err);

/* The level a record due at due should be at by now: 0 when not late. */
int pm_escalate_target(const pm_escalation *e, pm_time due, pm_time now);

/*
 * Who is responsible at level: the assignee's login at 0 (or, with no
 * assignee, whoever base answers; base may be NULL), else the level's
 * rule, climbing while nobody answers.  Writes the login to out
 * (n >= 33), "" when nobody.  group_id, assignee_id, site_id: 0 when
 * unknown.
 */
int pm_escalate_who(pm_ctx *ctx, const pm_esc_resolver *r, const pm_escalation *e, int level,
	const char *base, int64_t group_id, int64_t assignee_id, int64_t site_id, char *out,
	size_t n, pm_err *err);

/*
 * Escalate record id of d's entity to the level its lateness calls for:
 * the transition's permission (PM_EX_NOPERM), the record (PM_EX_NOINPUT
 * "no such <what> X9"), the levels from config (PM_EX_CONFIG); then,
 * when the record is open, late and below that level, set its level and
 * escalated_at and apply d->verb with data {"level":n,
 * "responsible":login|null}.  res says the level now, whether it
 * changed and who is responsible (also when nothing changed).
 */
int pm_escalate_apply(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_escalated *res,
	pm_err *err);

/*
 * Raise record id one level by hand, late or not (someone decides the
 * next level must take over): as pm_escalate_apply, but a record out of
 * the transition's states is refused (PM_EX_DATAERR from the lifecycle),
 * and one at the top level is PM_EX_DATAERR "I4 is at the top level
 * (2)".  The event's data carries "manual":1.  res->changed is 1.
 */
int pm_escalate_raise(pm_ctx *ctx, const pm_esc_decl *d, int64_t id, pm_escalated *res,
	pm_err *err);

#endif
