/*
 * org_perm.h — the organisation's side of permissions: the roles (kept
 * in the database), who holds which, who may grant them, and the policy
 * every pm binary installs.
 *
 * perm.h is the mechanism (names, patterns, the roles policy); what it
 * cannot know without naming the organisation lives here: the role and
 * role_perm tables (schema/0009-role.sql seeds the built-in roles, one
 * per department plus manager and admin), staff as the holders of roles,
 * and the bootstrap of a new database.  lib/domain/registry.c hands the
 * role source and the holder to perm.
 *
 * No configuration file grants a permission.  The config key `roles:`
 * (what defined roles before schema 9) is refused with PM_EX_CONFIG
 * pointing to `pm-org role import`, by `pm-admin config`, by the policy
 * and by every pm-org verb.
 *
 * The policy (pm_tool.policy of every binary):
 *   - a config that still has `roles:` is refused (above);
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
 * A database older than the role table (only pm-admin's any-version
 * verbs open one: check, migrate, backup) has one role, admin, granting
 * everything: enough for its administrator to migrate it.
 */
#ifndef PM_ORG_PERM_H
#define PM_ORG_PERM_H

#include "config.h"
#include "ctx.h"
#include "perm.h"

/* The permissions org's own verbs ask for ("org.edit"). */
extern const pm_perm_name pm_org_perm_names[];

/* The holder (perm.h): the roles of the active staff member ctx->actor;
 * anyone else is refused: "LOGIN is not an active staff member". */
int pm_org_perm_holder(pm_ctx *ctx, int (*fn)(void *arg, const char *role), void *arg,
	pm_err *err);

/* The policy described above (a pm_perm_policy). */
int pm_org_perm_policy(pm_ctx *ctx, const char *perm, pm_err *err);

/* The role source (perm.h): the roles of ctx->db in name order, each
 * role's patterns in pattern order; no database: no roles. */
int pm_org_perm_roles(pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
	pm_err *err);

/* The `roles` setting, refused (config.h), and the same check for a
 * loaded configuration: PM_EX_CONFIG "file:line:col: roles: ..." when
 * the file sets it. */
extern const pm_cfg_slice pm_org_perm_config;
int pm_org_perm_config_check(const pm_config *cfg, pm_err *err);

/*
 * Is there an active staff member holding a role that grants "admin"?
 * The last-administrator guard of staff and role changes.
 */
int pm_org_perm_admin_held(pm_ctx *ctx, int *yes, pm_err *err);

/*
 * May the actor hand role on to someone, or take it away (what says
 * which, "grant" or "take away", for the message)?  Yes when the actor
 * holds a role granting "admin", or when the actor's roles together
 * cover every pattern of role (pm_perm_covers): nobody gives what they
 * do not have.  A role that is not defined holds nothing.  Else
 * PM_EX_NOPERM "li may not grant role admin: needs admin, or every
 * permission of the role (lacks *)".
 */
int pm_org_perm_may_grant(pm_ctx *ctx, const char *role, const char *what, pm_err *err);

/* ---- changing roles ---------------------------------------------------- */

/*
 * What pm_org_role_new sets and pm_org_role_set changes; NULL leaves a
 * field alone.  Lists are comma-separated patterns; perms replaces the
 * list, then add_perm is added and remove_perm removed.  A role keeps at
 * least one pattern.  Every pattern must be well formed
 * (pm_perm_pattern_valid) and grant a permission some module declares
 * (pm_perm_known), or lie in the area of a tool still to come
 * (pm_org_perm_areas): a typo is refused, not stored.
 */
typedef struct pm_role_change {
	const char *description;        /* at most 200 characters */
	const char *perms;
	const char *add_perm;
	const char *remove_perm;
} pm_role_change;

/* Areas of the tools still to come, NULL-terminated ("fee", "patrol"...). */
extern const char *const pm_org_perm_areas[];

/*
 * Create a role (perms required; description "" when NULL).  The name is
 * 1-32 of a-z 0-9 _ -; an existing one is PM_EX_DATAERR.  Source
 * "local"; one audit row (entity role).  The caller checks that the
 * actor may (admin): the verb's permission.
 */
int pm_org_role_new(pm_ctx *ctx, const char *name, const pm_role_change *c, pm_err *err);

/*
 * Change a role (no such role: PM_EX_NOINPUT).  A change that would
 * leave an organisation that had an active administrator without one
 * is PM_EX_DATAERR.  A change that changes nothing writes nothing;
 * otherwise the source becomes "local" and one audit row is written.
 */
int pm_org_role_set(pm_ctx *ctx, const char *name, const pm_role_change *c, pm_err *err);

/* Call fn once for the role name; none is PM_EX_NOINPUT "no such role x". */
int pm_org_role_get(pm_ctx *ctx, const char *name, int (*fn)(void *arg, const pm_role *r),
	void *arg, pm_err *err);

/*
 * Load roles from a YAML file of the shape the config key `roles:` had:
 *
 *	roles:
 *	  night_guard:
 *	    description: 夜班保安 / night guard
 *	    perms: [patrol.*, hazard.report]
 *
 * Each role is created, or replaces the description and patterns of
 * the role of that name; roles the file does not name are left alone.
 * All or nothing: the first bad entry is PM_EX_DATAERR "file:line:col:
 * why" (a missing file PM_EX_NOINPUT).  counts: inserted, updated,
 * unchanged; importing the same file twice changes nothing.
 */
int pm_org_role_import(pm_ctx *ctx, const char *path, long counts[3], pm_err *err);

#endif
