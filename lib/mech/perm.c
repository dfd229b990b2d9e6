/*
 * perm.c — roles, permission patterns and the policy; see perm.h.
 *
 * Roles live in the program and in the config file, never in the
 * database: a role is policy, and policy belongs with the rest of the
 * configuration an administrator reviews.  The database only records
 * which role names each staff member holds.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "perm.h"
#include "text.h"
#include "yaml.h"

/* schema/0004-org.sql made the staff table: an older database has no
 * staff at all, which is the bootstrap state. */
#define STAFF_SCHEMA 4

#define ROLE_NAME_MAX 32
#define PATTERN_MAX 64
#define DESCRIPTION_MAX 200

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

/* In name order: pm_perm_roles merges config roles into this order. */
static const pm_role builtin[] = {
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
};
#define NBUILTIN (sizeof builtin / sizeof builtin[0])

int
pm_perm_match(const char *pattern, const char *perm)
{
	size_t n;

	if (pattern == NULL || perm == NULL)
		return 0;
	if (*perm == '\0' || strcmp(pattern, "*") == 0)
		return 1;
	n = strlen(pattern);
	/* "fee.*" covers "fee.pay" and "fee.late.waive", but not "fee"
	 * itself nor "feed.x": the dot is part of the prefix */
	if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
		return strncmp(pattern, perm, n - 1) == 0 && perm[n - 1] != '\0';
	return strcmp(pattern, perm) == 0;
}

/* "*", or [a-z0-9_]+ segments joined by '.', optionally ending in ".*". */
static int
pattern_valid(const char *s)
{
	size_t seg = 0, n = strlen(s), i;

	if (strcmp(s, "*") == 0)
		return 1;
	if (n == 0 || n > PATTERN_MAX)
		return 0;
	if (n >= 2 && s[n - 1] == '*' && s[n - 2] == '.')
		n -= 2;
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') {
			seg++;
		} else if (c == '.' && seg > 0) {
			seg = 0;
		} else {
			return 0;
		}
	}
	return seg > 0;
}

/* Text from the file, quoted in a message that reaches a terminal. */
static void
shown(pm_buf *b, const char *s)
{
	pm_buf tmp;

	pm_buf_init(&tmp);
	pm_text_safe(&tmp, s);
	pm_text_fit(b, tmp.s, 40, 0);
	pm_buf_free(&tmp);
}

/* The effective roles of one call: built-ins merged with the config's. */
struct roleset {
	pm_role *r;
	const char ***perms;    /* config roles' pattern arrays, owned */
	size_t n, nperms;
};

static void
roleset_free(struct roleset *rs)
{
	size_t i;

	for (i = 0; i < rs->nperms; i++)
		free(rs->perms[i]);
	free(rs->perms);
	free(rs->r);
}

/* Check one role of the config and fill r; the strings point into doc. */
static int
config_role(const pm_ydoc *doc, const pm_ynode *key, const pm_ynode *val, pm_role *r,
    const char ***perms_out, pm_err *err)
{
	const pm_ynode *perms = NULL, *k;
	const char **list = NULL;
	const char *s;
	pm_buf b;
	pm_err e;
	size_t i;
	int rc = 0;

	pm_buf_init(&b);
	shown(&b, key->str);
	if (!pm_code_valid(key->str, ROLE_NAME_MAX, 0)) {
		rc = pm_yaml_error(err, doc, key, "role name '%s': use 1-32 of a-z 0-9 _ -", b.s);
		goto out;
	}
	if (val->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, val,
		    "role '%s': expected a mapping with description and perms", b.s);
		goto out;
	}
	r->name = key->str;
	r->description = "";
	r->from_config = 1;
	for (i = 0; i < val->n; i++) {
		k = val->keys[i];
		if (strcmp(k->str, "description") == 0) {
			if ((rc = pm_yaml_str(doc, val->items[i], &s, err)) != 0)
				goto out;
			if (pm_text_check(s, strlen(s), DESCRIPTION_MAX, "description", &e) != 0) {
				rc = pm_yaml_error(err, doc, val->items[i], "role '%s': %s", b.s, e.msg);
				goto out;
			}
			r->description = s;
		} else if (strcmp(k->str, "perms") == 0) {
			perms = val->items[i];
		} else {
			pm_buf_reset(&b);
			shown(&b, k->str);
			rc = pm_yaml_error(err, doc, k, "unknown key '%s' in a role "
			    "(description, perms)", b.s);
			goto out;
		}
	}
	if (perms == NULL) {
		rc = pm_yaml_error(err, doc, key, "role '%s' has no perms", b.s);
		goto out;
	}
	if (perms->kind != PM_Y_SEQ) {
		rc = pm_yaml_error(err, doc, perms, "role '%s': perms: expected a sequence "
		    "of permission patterns", b.s);
		goto out;
	}
	if (perms->n == 0) {
		rc = pm_yaml_error(err, doc, perms, "role '%s' has no perms", b.s);
		goto out;
	}
	list = pm_xcalloc(perms->n + 1, sizeof *list);
	for (i = 0; i < perms->n; i++) {
		if ((rc = pm_yaml_str(doc, perms->items[i], &s, err)) != 0)
			goto out;
		if (!pattern_valid(s)) {
			pm_buf_reset(&b);
			shown(&b, s);
			rc = pm_yaml_error(err, doc, perms->items[i], "'%s' is not a permission "
			    "pattern (area.action, area.*, or *)", b.s);
			goto out;
		}
		list[i] = s;
	}
	r->perms = list;
	*perms_out = list;
	list = NULL;
out:
	free(list);
	pm_buf_free(&b);
	return rc;
}

static int
role_cmp(const void *a, const void *b)
{
	return strcmp(((const pm_role *)a)->name, ((const pm_role *)b)->name);
}

/* Built-ins, replaced or joined by the config's roles, sorted by name. */
static int
roleset_load(const pm_config *cfg, struct roleset *rs, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, "roles");
	const pm_ydoc *doc = pm_config_doc(cfg);
	size_t i, j, ncfg = 0;
	int rc;

	memset(rs, 0, sizeof *rs);
	if (node != NULL && node->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, node,
		    "roles: expected a mapping of role names to roles");
	if (node != NULL)
		ncfg = node->n;
	rs->r = pm_xcalloc(NBUILTIN + ncfg, sizeof *rs->r);
	rs->perms = pm_xcalloc(ncfg, sizeof *rs->perms);
	for (i = 0; i < ncfg; i++) {
		if ((rc = config_role(doc, node->keys[i], node->items[i], &rs->r[rs->n],
		    &rs->perms[rs->nperms], err)) != 0) {
			roleset_free(rs);
			return rc;
		}
		rs->n++;
		rs->nperms++;
	}
	for (i = 0; i < NBUILTIN; i++) {
		for (j = 0; j < ncfg; j++)
			if (strcmp(rs->r[j].name, builtin[i].name) == 0)
				break;
		if (j == ncfg)
			rs->r[rs->n++] = builtin[i];
	}
	qsort(rs->r, rs->n, sizeof *rs->r, role_cmp);
	return 0;
}

int
pm_perm_roles(struct pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
    pm_err *err)
{
	struct roleset rs;
	size_t i;
	int rc;

	if ((rc = roleset_load(ctx->cfg, &rs, err)) != 0)
		return rc;
	for (i = 0; fn != NULL && i < rs.n && rc == 0; i++)
		rc = fn(arg, &rs.r[i]);
	roleset_free(&rs);
	return rc;
}

static const pm_role *
roleset_find(const struct roleset *rs, const char *name)
{
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (strcmp(rs->r[i].name, name) == 0)
			return &rs->r[i];
	return NULL;
}

int
pm_perm_role_exists(struct pm_ctx *ctx, const char *name)
{
	struct roleset rs;
	pm_err e;
	int found;

	/* a broken config defines nothing: callers report it via pm_perm_roles */
	if (roleset_load(ctx->cfg, &rs, &e) != 0)
		return 0;
	found = roleset_find(&rs, name) != NULL;
	roleset_free(&rs);
	return found;
}

/* 1 while the organisation has no staff (or the schema predates them). */
static int
org_empty(struct pm_ctx *ctx, int *empty, pm_err *err)
{
	pm_stmt *st = NULL;
	int ver = 0, rc;

	*empty = 1;
	if (ctx->db == NULL)
		return 0;
	if ((rc = pm_db_version(ctx->db, &ver, err)) != 0 || ver < STAFF_SCHEMA)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, "SELECT 1 FROM staff LIMIT 1", &st, err)) != 0)
		return rc;
	rc = pm_stmt_step(st, err);
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	*empty = rc == 0;
	return 0;
}

static int
bootstrap_allows(const struct pm_ctx *ctx)
{
	if (ctx->tool != NULL && strcmp(ctx->tool, "pm-admin") == 0)
		return 1;
	return ctx->tool != NULL && ctx->verb != NULL && strcmp(ctx->tool, "pm-org") == 0 &&
	    strcmp(ctx->verb, "staff new") == 0;
}

/* Does any of the actor's roles grant perm?  Collects their names into
 * names ("service, finance") for the refusal. */
static int
actor_granted(struct pm_ctx *ctx, int64_t staff_id, const char *perm, int *granted,
    pm_buf *names, pm_err *err)
{
	struct roleset rs;
	const pm_role *r;
	pm_stmt *st = NULL;
	size_t i;
	int rc;

	*granted = 0;
	if ((rc = roleset_load(ctx->cfg, &rs, err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, "SELECT role FROM staff_role WHERE staff_id = ?1 "
	    "ORDER BY role", &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, staff_id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *name = pm_stmt_text(st, 0);

		if (names->len > 0)
			pm_buf_adds(names, ", ");
		pm_buf_adds(names, name);
		if ((r = roleset_find(&rs, name)) == NULL)
			continue;       /* no longer defined: grants nothing */
		for (i = 0; r->perms[i] != NULL; i++)
			if (pm_perm_match(r->perms[i], perm))
				*granted = 1;
	}
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	roleset_free(&rs);
	return rc;
}

int
pm_perm_by_roles(struct pm_ctx *ctx, const char *perm, pm_err *err)
{
	const char *login = ctx->actor.login;
	pm_stmt *st = NULL;
	int64_t staff_id = 0;
	int empty, active = 0, granted = 0, rc;
	pm_buf names;

	pm_buf_init(&names);
	if ((rc = org_empty(ctx, &empty, err)) != 0)
		goto out;
	if (empty) {
		if (!bootstrap_allows(ctx))
			rc = pm_err_set(err, PM_EX_NOPERM,
			    "no staff yet: create the first administrator with pm-org staff new");
		goto out;
	}
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, active FROM staff WHERE login = ?1",
	    &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, login);
	if ((rc = pm_stmt_step(st, err)) < 0) {
		rc = err->status;
		goto out;
	}
	if (rc == 1) {
		staff_id = pm_stmt_int(st, 0);
		active = pm_stmt_int(st, 1) != 0;
	}
	rc = 0;
	if (!active) {
		rc = pm_err_set(err, PM_EX_NOPERM, "%s is not an active staff member", login);
		goto out;
	}
	if (perm == NULL || *perm == '\0')
		goto out;
	if ((rc = actor_granted(ctx, staff_id, perm, &granted, &names, err)) != 0)
		goto out;
	if (!granted)
		rc = pm_err_set(err, PM_EX_NOPERM, "%s may not do this: needs permission %s "
		    "(roles: %s)", login, perm, names.len > 0 ? names.s : "none");
out:
	pm_stmt_free(st);
	pm_buf_free(&names);
	return rc;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	struct roleset rs;
	int rc;

	if ((rc = roleset_load(cfg, &rs, err)) == 0)
		roleset_free(&rs);
	return rc;
}

static const pm_cfg_key config_keys[] = {
	{ "roles", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "roles and their permissions, added to or replacing the built-in ones (perm.c checks them)",
	  NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_perm_config = { "perm", config_keys, config_check };
