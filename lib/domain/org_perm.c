/* org_perm.c — built-in roles, staff as role holders, the policy; see org_perm.h. */
#include <string.h>

#include "db.h"
#include "org_perm.h"

/* schema/0004-org.sql made the staff table: an older database has no
 * staff at all, which is the bootstrap state. */
#define STAFF_SCHEMA 4

/*
 * Department roles are organisation knowledge.  They name the areas of
 * every process tool, including those still to come (fee, workorder,
 * patrol, report, action ...): a company's roles are set up once, not
 * every time a tool is installed.
 */
static const char *const p_admin[] = { "*", NULL };
static const char *const p_clerk[] = { "unit.edit", "unit.import", NULL };
static const char *const p_finance[] = { "fee.*", "budget.*", NULL };
/* maintenance and security handle the contacts assigned to them */
static const char *const p_maint[] = {
	"workorder.*", "equipment.*", "plan.*", "complaint.handle", NULL
};
static const char *const p_manager[] = {
	"org.*", "unit.*", "complaint.*", "survey.*", "workorder.*", "equipment.*",
	"plan.*", "patrol.*", "hazard.*", "drill.*", "incident.*", "fee.*", "budget.*",
	"report.*", "action.*", "pii.unmask", NULL
};
static const char *const p_market[] = { "report.*", "survey.*", NULL };
static const char *const p_security[] = {
	"patrol.*", "hazard.*", "drill.*", "incident.*", "complaint.handle", NULL
};
static const char *const p_service[] = { "complaint.*", "survey.*", NULL };

const pm_role pm_org_perm_roles[] = {
	{ "admin", "系统管理员: 全部权限 / Administrator: everything", p_admin, 0 },
	{ "clerk", "资料员: 房产资料录入 / Clerk: property data entry", p_clerk, 0 },
	{ "finance", "财务部: 收费、欠费、预算 / Finance: fees, payments, arrears, budgets",
	  p_finance, 0 },
	{ "maint", "维修维护部: 工单、设备、维保计划 / Maintenance: work orders, equipment, plans",
	  p_maint, 0 },
	{ "manager", "经理: 除系统管理外的全部 / Manager: everything but administration",
	  p_manager, 0 },
	{ "market", "市场拓展部: 报表、业主调查 / Market expansion: reports, owner surveys",
	  p_market, 0 },
	{ "security", "安保部: 巡逻、隐患、演练、事件 / Security: patrols, hazards, drills, incidents",
	  p_security, 0 },
	{ "service", "客服部: 投诉受理、回访、调查 / Customer service: complaints, visits, surveys",
	  p_service, 0 },
	{ NULL, NULL, NULL, 0 }
};

const pm_perm_name pm_org_perm_names[] = {
	{ "org.edit", "add and change departments and staff, their roles and sites" },
	{ NULL, NULL }
};

/* 1 while the organisation has no staff (or the schema predates them). */
static int
org_empty(pm_ctx *ctx, int *empty, pm_err *err)
{
	int64_t one;
	int ver = 0, found = 0, rc;

	*empty = 1;
	if (ctx->db == NULL)
		return 0;
	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0 || ver < STAFF_SCHEMA)
		return rc;
	if ((rc = pm_db_get_int(ctx->db, err, &one, &found, "SELECT 1 FROM staff LIMIT 1",
	    "")) != 0)
		return rc;
	*empty = !found;
	return 0;
}

int
pm_org_perm_holder(pm_ctx *ctx, int (*fn)(void *arg, const char *role), void *arg,
    pm_err *err)
{
	const char *login = ctx->actor.login;
	pm_stmt *st = NULL;
	int64_t staff_id = 0;
	int found = 0, rc;

	if (ctx->db != NULL && (rc = pm_db_get_int(ctx->db, err, &staff_id, &found,
	    "SELECT id FROM staff WHERE login = ?1 AND active = 1", "t", login)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOPERM, "%s is not an active staff member", login);
	if ((rc = pm_db_prepare(ctx->db, "SELECT role FROM staff_role WHERE staff_id = ?1 "
	    "ORDER BY role", &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, staff_id);
	while ((rc = pm_stmt_step(st, err)) == 1)
		if ((rc = fn(arg, pm_stmt_text(st, 0))) != 0)
			goto out;
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	return rc;
}

int
pm_org_perm_policy(pm_ctx *ctx, const char *perm, pm_err *err)
{
	int empty, rc;

	if ((rc = pm_perm_name_check(perm, err)) != 0 ||
	    (rc = org_empty(ctx, &empty, err)) != 0)
		return rc;
	/* a verb says it sets up a new database; the policy decides that
	 * this is the state in which it may */
	if (empty)
		return ctx->bootstrap ? 0 : pm_err_set(err, PM_EX_NOPERM,
		    "no staff yet: create the first administrator with pm-org staff new");
	return pm_perm_by_holder(ctx, pm_org_perm_holder, perm, err);
}
