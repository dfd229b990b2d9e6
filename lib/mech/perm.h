/*
 * perm.h — who may do what: permissions, roles, the acting staff member.
 *
 * A permission is a dotted name ("complaint.close", "fee.pay",
 * "pii.unmask", "admin").  A role is a named set of permissions, with
 * wildcards ("complaint.*", "*").  The default roles ship built in
 * (one per department, a manager role, admin); the config file's
 * `roles:` key adds roles or redefines them.  Staff hold roles
 * (pm-org staff set --roles).
 *
 * The policy (installed by every binary through pm_tool.policy):
 *   - while the database has no staff at all (just made by pm-admin
 *     init), only bootstrap is possible: pm-admin's verbs and the first
 *     `pm-org staff new`, which gets the admin role;
 *   - the actor must be an active staff member to write anything
 *     (permission "" = any active staff);
 *   - and must hold the named permission through one of their roles.
 * A refusal says which permission is missing (PM_EX_NOPERM).
 */
#ifndef PM_PERM_H
#define PM_PERM_H

#include "ctx.h"

/* The policy for pm_tool.policy (a pm_perm_policy, actor.h).  Named
 * pm_perm_by_roles because the type already has the short name. */
int pm_perm_by_roles(struct pm_ctx *ctx, const char *perm, pm_err *err);

/* Does a role's permission pattern grant perm?  ("complaint.*" grants
 * "complaint.close"; "*" grants everything; "" is granted by anything). */
int pm_perm_match(const char *pattern, const char *perm);

/* A role as the policy sees it: built in or from config. */
typedef struct pm_role {
	const char *name;               /* "service" */
	const char *description;        /* "客服: 投诉受理、回访" */
	const char *const *perms;       /* NULL-terminated patterns */
	int from_config;
} pm_role;

/* Visit the effective roles (built in, overridden or added by config), in
 * name order.  fn returning nonzero stops.  Config errors (a role
 * without perms, an unknown key) are PM_EX_CONFIG with file:line:col.
 * fn NULL only checks the config's roles. */
int pm_perm_roles(struct pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
	pm_err *err);

/* Is this role name defined (built in or in config)? */
int pm_perm_role_exists(struct pm_ctx *ctx, const char *name);

/* The `roles` setting, with its check (config.h). */
extern const pm_cfg_slice pm_perm_config;

#endif
