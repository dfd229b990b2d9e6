/*
 * org_perm.h — the organisation's side of permissions: the built-in
 * roles, who holds which, and the policy every pm binary installs.
 *
 * perm.h is the mechanism (names, patterns, roles from config, the
 * roles policy); what it cannot know without naming the organisation
 * lives here: one built-in role per department plus manager and admin,
 * staff as the holders of roles, and the bootstrap of a new database.
 * lib/domain/registry.c hands the roles and the holder to perm.
 *
 * The policy (pm_tool.policy of every binary):
 *   - while the organisation has no staff at all (a new database, or
 *     one older than the staff table), only a verb that declares itself
 *     a bootstrap verb (ctx->bootstrap: pm-admin's, and the first
 *     `pm-org staff new`, which gets the admin role) may run; anything
 *     else is refused with "no staff yet: create the first
 *     administrator with pm-org staff new";
 *   - otherwise the actor must be an active staff member (permission ""
 *     asks only that) and hold the permission through a role.
 * A refusal is PM_EX_NOPERM and names what is missing.
 *
 * Issue 8 moves the role definitions into the database; the holder and
 * the policy stay as they are.
 */
#ifndef PM_ORG_PERM_H
#define PM_ORG_PERM_H

#include "ctx.h"
#include "perm.h"

/* The built-in roles, in name order; the entry with name NULL ends it. */
extern const pm_role pm_org_perm_roles[];

/* The permissions org's own verbs ask for ("org.edit"). */
extern const pm_perm_name pm_org_perm_names[];

/* The holder (perm.h): the roles of the active staff member ctx->actor;
 * anyone else is refused: "LOGIN is not an active staff member". */
int pm_org_perm_holder(pm_ctx *ctx, int (*fn)(void *arg, const char *role), void *arg,
	pm_err *err);

/* The policy described above (a pm_perm_policy). */
int pm_org_perm_policy(pm_ctx *ctx, const char *perm, pm_err *err);

#endif
