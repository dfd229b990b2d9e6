/*
 * escalate.h — who is responsible as a late record climbs levels.
 *
 * Level 0 is the assignee.  The levels above come from config as a
 * comma-separated list of who takes over, in order:
 *
 *	head          the head of the record's department
 *	role:NAME     an active staff member holding role NAME (one who
 *	              serves the record's site first, then by login)
 *	staff:LOGIN   that staff member
 *
 * (default for complaints "head,role:manager": assignee -> department
 * head -> manager).  The level a late record should be at is 1 once its
 * deadline has passed, plus one for every further `every` of lateness,
 * at most the number of levels.  Escalating is idempotent per level: a
 * record already at (or above) that level is not changed, so a cron job
 * that escalates every overdue record every 15 minutes moves each one
 * up once per level.
 */
#ifndef PM_ESCALATE_H
#define PM_ESCALATE_H

#include <stddef.h>
#include <stdint.h>
#include "ctx.h"

#define PM_ESC_MAX 9

typedef struct pm_escalation {
	int n;                          /* levels above 0 */
	char who[PM_ESC_MAX][48];       /* "head", "role:manager", "staff:li" */
	int64_t every;                  /* seconds of lateness per further level */
} pm_escalation;

/* Parse a level list ("head,role:manager"); PM_EX_CONFIG naming the bad
 * entry.  Also the config check of the key (out may be NULL). */
int pm_escalate_parse(const char *levels, pm_escalation *out, pm_err *err);
int pm_escalate_check(const char *levels, pm_err *err);

/* The level a record due at due should be at by now: 0 when not late. */
int pm_escalate_target(const pm_escalation *e, pm_time due, pm_time now);

/*
 * Who is responsible at level: the assignee's login at 0 (or, with no
 * assignee, the department head), else the level's rule.  Writes the
 * login to out (n >= 33).  When nobody fits a level (no department, no
 * head set, nobody holds the role) the next level up is asked, so a late
 * record lands on someone; "" only when no level has anyone.  dept_id, assignee_id, site_id: 0 when unknown.
 */
int pm_escalate_who(pm_ctx *ctx, const pm_escalation *e, int level, int64_t dept_id,
	int64_t assignee_id, int64_t site_id, char *out, size_t n, pm_err *err);

#endif
