/*
 * perm.h — who may do what: permission names, roles and the policy hook.
 *
 * A permission is a dotted name ("ticket.close", "money.pay", "root").
 * The names are not invented here: each module declares the ones its
 * verbs ask for (pm_perm_declare, through lib/domain/registry.c), each
 * with one line saying what it allows.
 *
 * A role is a named set of permission patterns: an exact name,
 * "area.*" for every action of an area, or "*" for everything.  Where
 * roles are kept is not perm's business either: the module that knows
 * the organisation installs a role source (pm_perm_set_role_source),
 * which reads them from the database.  No configuration file defines a
 * role: who may do what is security state, not a setting of the caller.
 *
 * Who holds which roles is told by a holder (pm_perm_holder) that the
 * module keeping people installs; perm only asks it about ctx->actor.
 *
 * Every check goes through pm_perm_check (actor.h: base holds the hook,
 * so that any floor can ask with only ctx.h), which asks the installed
 * policy.  With none installed every check is refused, as the roles
 * policy refuses an actor who holds no role; the front installs
 * pm_perm_by_roles for a tool that names no policy.  So forgetting a
 * policy makes a tool too strict, never allow-all.  A refusal is
 * PM_EX_NOPERM and names the missing permission.
 *
 * Declared names and patterns:
 *   - a policy asked for a name nobody declared fails with
 *     PM_EX_SOFTWARE (pm_perm_name_check; the roles policy and the
 *     organisation's call it first), so a typo in a verb table is caught
 *     by the first test that reaches the check.  Only once some module
 *     has declared a name, so a test with no declarations may use any;
 *   - a role's pattern is checked for form (pm_perm_pattern_valid), and
 *     pm_perm_known says whether it grants any declared permission: the
 *     module that writes roles uses it to refuse a typo ("tikcet.*"),
 *     with what exceptions it knows (areas of tools still to come).
 */
#ifndef PM_PERM_H
#define PM_PERM_H

#include <stddef.h>
#include "ctx.h"

/* ---- the roles policy ---------------------------------------------- */

/*
 * A holder: call fn with each role name the acting ctx->actor holds
 * (any order; a name no role defines grants nothing), or refuse with
 * PM_EX_NOPERM when the actor may not act at all ("not an active
 * member").  fn returns 0.  Returns 0 or an error status with err set.
 */
typedef int (*pm_perm_holder)(struct pm_ctx *ctx, int (*fn)(void *arg, const char *role),
	void *arg, pm_err *err);

/* Install the holder the roles policy asks (NULL: nobody holds a role). */
void pm_perm_set_holder(pm_perm_holder fn);

/*
 * The roles policy with the holder h (NULL: nobody holds a role): the
 * holder must accept the actor, and for a non-empty perm one of the
 * roles it names must grant perm.  The refusal lists the roles held in
 * name order: "li may not do this: needs permission ticket.close
 * (roles: clerk, guard)" ("none" when there are none).  Roles that
 * cannot be read fail with the source's status, not as a refusal.
 */
int pm_perm_by_holder(struct pm_ctx *ctx, pm_perm_holder h, const char *perm, pm_err *err);

/* The default policy: pm_perm_by_holder with the installed holder.
 * Named pm_perm_by_roles because the type has the short name. */
int pm_perm_by_roles(struct pm_ctx *ctx, const char *perm, pm_err *err);

/* ---- permission names ------------------------------------------------ */

/* A permission a module's verbs ask for. */
typedef struct pm_perm_name {
	const char *name;       /* "ticket.close" */
	const char *doc;        /* one line: "close a ticket" */
} pm_perm_name;

#define PM_PERM_TABLES_MAX 32

/*
 * Declare a module's names: a table ending with name NULL, kept (not
 * copied).  Declaring the same table again is a no-op.  Returns -1 when
 * the tables are full, a name is malformed (it must be a pattern
 * without '*') or another table already declares it: programming errors
 * that every test would see.
 */
int pm_perm_declare(const pm_perm_name *names);

/* The declared names in declaration order: entry i, NULL past the end. */
const pm_perm_name *pm_perm_declared(size_t i);

/* Is name declared?  1 or 0. */
int pm_perm_is_declared(const char *name);

/* For a policy, before anything else: 0 when perm is NULL, "", declared,
 * or nothing is declared at all; else PM_EX_SOFTWARE "permission 'x' is
 * not declared by any module". */
int pm_perm_name_check(const char *perm, pm_err *err);

/* Does pattern grant at least one declared name?  1 or 0 ("*" always). */
int pm_perm_known(const char *pattern);

/* Forget every declaration (tests). */
void pm_perm_declare_reset(void);

/* ---- roles ----------------------------------------------------------- */

/* Does a role's permission pattern grant perm?  ("ticket.*" grants
 * "ticket.close"; "*" grants everything; "" is granted by anything). */
int pm_perm_match(const char *pattern, const char *perm);

/* Is s a well-formed pattern: "*", or [a-z0-9_]+ segments joined by
 * '.', optionally ending in ".*", at most 64 bytes?  1 or 0. */
int pm_perm_pattern_valid(const char *s);

/* Does pattern q grant everything pattern p grants?  ("*" covers all;
 * "fee.*" covers "fee.pay" and "fee.late.*"; every pattern covers
 * itself; "fee.pay" does not cover "fee.*".)  How a module decides that
 * whoever holds q may hand p on. */
int pm_perm_covers(const char *q, const char *p);

/* A role as the policy sees it. */
typedef struct pm_role {
	const char *name;               /* "guard" */
	const char *description;        /* "门卫 / gate keeper" */
	const char *const *perms;       /* NULL-terminated patterns */
	const char *source;             /* where it was defined, for listings */
} pm_role;

/*
 * A role source: call fn for every role in name order, the strings
 * valid during the call; fn returning nonzero stops and that value is
 * returned.  Returns 0 or an error status with err set.
 */
typedef int (*pm_perm_role_source)(struct pm_ctx *ctx,
	int (*fn)(void *arg, const pm_role *r), void *arg, pm_err *err);

/* Install the role source (NULL: there are no roles). */
void pm_perm_set_role_source(pm_perm_role_source fn);

/* Visit the roles through the installed source, in name order.  fn
 * returning nonzero stops; that value is returned.  NULL fn only
 * checks that the roles can be read. */
int pm_perm_roles(struct pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
	pm_err *err);

/* Is this role name defined?  (Roles that cannot be read define none.) */
int pm_perm_role_exists(struct pm_ctx *ctx, const char *name);

#endif
