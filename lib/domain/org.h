/*
 * org.h — the organisation: departments and staff, the roles staff hold
 * and the sites they serve.
 *
 * Every other tool names people by login and departments by code; this
 * module is where those names are made, checked and listed.  Roles are
 * defined in the database (org_perm.h); here they are only assigned,
 * and only by an actor who may grant them (pm_org_perm_may_grant: admin,
 * or holding every permission of the role).  Staff are deactivated, never
 * deleted: a deactivated staff member keeps their history but can no
 * longer act (the policy in org_perm.c refuses them) nor be assigned
 * (pm_org_assignable).
 *
 * Every function runs inside the command's transaction (ctx->db), and
 * every change writes one audit row with the record before and after as
 * JSON.  Phone numbers appear in audit rows masked only (by the class
 * of the phone column, mask.h): the audit log is for who changed what,
 * not a second copy of personal data.
 *
 * Errors: an unknown department, staff member or site is PM_EX_NOINPUT
 * ("no such department x"); a malformed value, an unknown role name or
 * a change the rules forbid is PM_EX_DATAERR.  Text from the caller is
 * quoted in messages made harmless for a terminal.
 */
#ifndef PM_ORG_H
#define PM_ORG_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "escalate.h"

/* ---- departments ----------------------------------------------------- */

/* A department as listed; strings are valid during the callback only. */
typedef struct pm_dept {
	int64_t id;
	const char *code;       /* "maint" */
	const char *name_zh;    /* "维修维护部" */
	const char *name_en;    /* "Maintenance" */
	const char *head;       /* the head's login, or NULL */
	int active;
} pm_dept;

/* Call fn for every department (inactive ones too), in code order.
 * fn returning nonzero stops the walk; that value is returned. */
int pm_org_dept_list(pm_ctx *ctx, int (*fn)(void *arg, const pm_dept *d), void *arg,
	pm_err *err);

/* Add a department: code 1-32 of a-z 0-9 _ -, names 1-64 characters.
 * An existing code is PM_EX_DATAERR. */
int pm_org_dept_add(pm_ctx *ctx, const char *code, const char *name_zh, const char *name_en,
	pm_err *err);

/* What pm_org_dept_set changes; NULL (active: -1) leaves a field alone. */
typedef struct pm_dept_change {
	const char *name_zh, *name_en;
	const char *head;       /* a login that pm_org_assignable accepts; "" = no head */
	int active;             /* 1, 0, or -1 */
} pm_dept_change;

int pm_org_dept_set(pm_ctx *ctx, const char *code, const pm_dept_change *c, pm_err *err);

/* ---- staff ----------------------------------------------------------- */

/* The columns of a staff member, in the order staff show prints them
 * (staff list: the first PM_SC_LIST), with their personal-data classes:
 * the phone is masked by every writer unless --unmask (out.h). */
enum {
	PM_SC_LOGIN = 0, PM_SC_NAME, PM_SC_PHONE, PM_SC_DEPT, PM_SC_ACTIVE, PM_SC_ROLES,
	PM_SC_SITES, PM_SC_CREATED, PM_SC_DEACTIVATED, PM_SC_PERMS, PM_SC_N
};
#define PM_SC_LIST PM_SC_CREATED
extern const pm_col pm_org_staff_cols[PM_SC_N];

/* A staff member as listed; strings are valid during the callback only.
 * Values are raw: the phone is in clear, for the writer to mask. */
typedef struct pm_staff {
	int64_t id;
	const char *login;
	const char *name;
	const char *phone;      /* NULL, or normalised digits (13812341234) */
	const char *dept;       /* department code, or NULL */
	int active;
	pm_time created_at;
	pm_time deactivated_at; /* 0 while active */
	const char *roles;      /* role names in name order, comma-separated; "" for none */
	const char *sites;      /* site codes in code order, comma-separated; "" for none */
	pm_cell c[PM_SC_N];     /* the same as cells of pm_org_staff_cols; PM_SC_PERMS
	                         * is null (pm_org_perms of roles fills it) */
} pm_staff;

/* Filters for pm_org_staff_list; NULL/0 does not filter. */
typedef struct pm_staff_filter {
	const char *dept;       /* department code (unknown: PM_EX_NOINPUT) */
	const char *role;       /* holds this role (undefined role: PM_EX_NOINPUT) */
	int all;                /* include deactivated staff */
} pm_staff_filter;

/* Call fn for each matching staff member in login order, streaming
 * from the database.  fn returning nonzero stops; that value is returned. */
int pm_org_staff_list(pm_ctx *ctx, const pm_staff_filter *f,
	int (*fn)(void *arg, const pm_staff *s), void *arg, pm_err *err);

/* Call fn once for the staff member login, active or not; no such staff
 * member is PM_EX_NOINPUT "no such staff LOGIN". */
int pm_org_staff_get(pm_ctx *ctx, const char *login,
	int (*fn)(void *arg, const pm_staff *s), void *arg, pm_err *err);

/*
 * What pm_org_staff_new sets and pm_org_staff_set changes.  NULL leaves
 * a field alone (new: unset); "" clears phone, dept, roles or sites.
 * Lists are comma-separated ("service,finance"); duplicates are merged.
 * Roles must be defined (perm.h), sites are site codes, dept a code.
 * The phone is normalised with pm_phone_normalize.  The roles list
 * replaces the roles held; then add_role is added and remove_role
 * removed (each may also be a comma-separated list).  Every role given
 * or taken away must be one the actor may grant (pm_org_perm_may_grant,
 * PM_EX_NOPERM), except for the first member of an empty organisation.
 */
typedef struct pm_staff_change {
	const char *name;       /* 1-64 characters; required for new */
	const char *phone;
	const char *dept;
	const char *roles;
	const char *add_role;
	const char *remove_role;
	const char *sites;
} pm_staff_change;

/*
 * Create a staff member (active).  The login follows pm_login_valid; an
 * existing login is PM_EX_DATAERR.  The first staff member of an empty
 * organisation always gets the admin role too, so that someone can
 * manage everyone else; *first (may be NULL) says so.
 */
int pm_org_staff_new(pm_ctx *ctx, const char *login, const pm_staff_change *c, int *first,
	pm_err *err);

/*
 * Change a staff member.  Removing a role they do not hold is
 * PM_EX_DATAERR, and so is any change that would leave an organisation
 * that had an active administrator (a role granting "admin") without one.
 */
int pm_org_staff_set(pm_ctx *ctx, const char *login, const pm_staff_change *c, pm_err *err);

/*
 * Deactivate a staff member: they keep their roles, sites and history
 * but can no longer act or be assigned.  Already deactivated, or the last
 * active administrator: PM_EX_DATAERR.
 */
int pm_org_staff_deactivate(pm_ctx *ctx, const char *login, pm_err *err);

/* Let a deactivated staff member act again (someone who comes back): the
 * same login, roles and history.  Already active: PM_EX_DATAERR. */
int pm_org_staff_activate(pm_ctx *ctx, const char *login, pm_err *err);

/*
 * May work be assigned to login (a work order, a department, an action)?
 * 0, or PM_EX_NOINPUT "no such staff LOGIN", or PM_EX_DATAERR
 * "LOGIN is deactivated".
 */
int pm_org_assignable(pm_ctx *ctx, const char *login, pm_err *err);

/*
 * The effective permissions of a comma-separated list of role names:
 * every pattern of every defined role in it, each once, in name order,
 * leaving out those another pattern covers ("fee.pay" under "fee.*",
 * everything under "*"), comma-separated, appended to out.  Names that
 * are not defined grant nothing.
 */
int pm_org_perms(pm_ctx *ctx, const char *roles, pm_buf *out, pm_err *err);

/* ---- escalation ------------------------------------------------------ */

/*
 * Who answers an escalation level (escalate.h), for every tool whose
 * records escalate.  The rules, as written in a levels key
 * ("<tool>.escalate_levels"):
 *
 *	head          the head of the record's department (group_id), if
 *	              active
 *	role:NAME     an active staff member holding role NAME: one who
 *	              serves the record's site first, then by login
 *	staff:LOGIN   that staff member, if active
 *
 * Level 0 (the assignee) is named by login, active or not.
 */
extern const pm_esc_resolver pm_org_resolver;

/* The config check of a levels key (pm_cfg_key.check). */
int pm_org_escalate_check(const char *levels, pm_err *err);

/*
 * Lookups for every module: a department by code, a staff member by
 * login.  No such one: PM_EX_NOINPUT "no such department X"; with
 * PM_ORG_ACTIVE a deactivated one is PM_EX_DATAERR "department X is
 * deactivated" (new work goes to those in service; filters may name old
 * ones).  *id is set on success.
 */
#define PM_ORG_ACTIVE 0x01
int pm_org_dept_id(pm_ctx *ctx, const char *code, unsigned flags, int64_t *id, pm_err *err);
int pm_org_staff_id(pm_ctx *ctx, const char *login, unsigned flags, int64_t *id, pm_err *err);

/* The staff row id of the acting login, 0 when the actor is no staff
 * member (root in a fresh database): who did a step, for the rules that
 * ask "not the same person" (an acceptance, a verification). */
int64_t pm_org_actor_id(pm_ctx *ctx);

#endif
