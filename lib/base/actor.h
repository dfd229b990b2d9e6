/*
 * actor.h — who is acting, and whether they may.
 *
 * The actor is named by --as, else PM_USER, else the login name of the
 * process (LOGNAME/USER, then the password database).  Logins are
 * 1..32 characters of a-z 0-9 . _ - (lower case).
 *
 * Permissions are dotted names ("ticket.close", "money.pay",
 * "pii.unmask", "admin").  Until the organisation module installs a
 * policy with pm_perm_set_policy, every actor may do everything; the
 * check is still made at every mutating verb, so installing the policy
 * is the only change needed to enforce roles.
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

/* Is s a well-formed login?  1 or 0. */
int pm_login_valid(const char *s);

struct pm_ctx;

/*
 * A permission policy: return 0 when ctx->actor may use perm, else set
 * err (PM_EX_NOPERM, naming the missing permission) and return it.
 */
typedef int (*pm_perm_policy)(struct pm_ctx *ctx, const char *perm, pm_err *err);

/* Install the policy (NULL restores allow-all). */
void pm_perm_set_policy(pm_perm_policy fn);

/* Ask the policy.  0 or PM_EX_NOPERM with err set. */
int pm_perm_check(struct pm_ctx *ctx, const char *perm, pm_err *err);

#endif
