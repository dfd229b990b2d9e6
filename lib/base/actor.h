/*
 * actor.h — who is acting, and whether they may.
 *
 * The actor is named by --as, else PM_USER, else the login name of the
 * process (LOGNAME/USER, then the password database).  Logins are
 * 1..32 characters of a-z 0-9 . _ - (lower case).
 *
 * Whether the actor may do something is asked here, with
 * pm_perm_check, so that every floor can ask with only ctx.h; what the
 * answer is belongs to the policy the binary installs (lib/mech/perm.h
 * has the roles policy, the domain the one that knows its people).
 * Until a policy is installed every check is refused: a program that
 * forgets to install one can do nothing that needs a permission, rather
 * than everything.
 */
#ifndef PM_ACTOR_H
#define PM_ACTOR_H

#include "err.h"

#define PM_LOGIN_MAX 32

typedef struct pm_actor {
	char login[PM_LOGIN_MAX + 1];
	const char *source;     /* "--as", "PM_USER" or "login" */
} pm_actor;

/* Resolve the actor; as is the --as value or NULL.  A malformed login is
 * PM_EX_USAGE; no login at all is PM_EX_NOPERM. */
int pm_actor_resolve(const char *as, pm_actor *out, pm_err *err);

/*
 * The operating-system user running this process, as the audit log
 * records it beside the claimed actor: the name of the effective uid
 * from the password database, else the uid as a number.  Looked up
 * once per process.
 */
const char *pm_os_user(void);

/* Is s a well-formed login?  1 or 0. */
int pm_login_valid(const char *s);

struct pm_ctx;

/*
 * A permission policy: return 0 when ctx->actor may use perm, else set
 * err (PM_EX_NOPERM, naming the missing permission) and return it.
 * perm is a dotted name ("ticket.close"), or "" when the actor only has
 * to be someone who may act at all.
 */
typedef int (*pm_perm_policy)(struct pm_ctx *ctx, const char *perm, pm_err *err);

/* Install the policy (NULL: none, every check is refused). */
void pm_perm_set_policy(pm_perm_policy fn);

/* Ask the policy.  perm NULL needs nothing: 0.  Otherwise 0, or the
 * policy's error (PM_EX_NOPERM for a refusal) with err set. */
int pm_perm_check(struct pm_ctx *ctx, const char *perm, pm_err *err);

#endif
