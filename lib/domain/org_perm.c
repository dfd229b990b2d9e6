/* org_perm.c — roles in the database, staff as role holders, who may grant,
 * the policy; see org_perm.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "db.h"
#include "json.h"
#include "org_perm.h"
#include "text.h"
#include "yaml.h"

/* schema/0004-org.sql made the staff table: an older database has no
 * staff at all, which is the bootstrap state. */
#define STAFF_SCHEMA 4
/* schema/0009-role.sql made the role tables */
#define ROLE_SCHEMA 9

#define ROLE_NAME_MAX 32
#define DESCRIPTION_MAX 200

/*
 * The areas of the process tools still to come (DESIGN.md): a role may
 * be written for them before they are installed, since a company's
 * roles are set up once.  Any other pattern must grant a permission a
 * module declares.  A tool that arrives declares its names and its area
 * leaves this list.
 */
const char *const pm_org_perm_areas[] = {
	"action", "budget", "drill", "equipment", "fee", "hazard", "incident", "patrol",
	"plan", "report", "workorder", NULL
};

const pm_perm_name pm_org_perm_names[] = {
	{ "org.edit", "add and change departments and staff, their roles and sites" },
	{ NULL, NULL }
};

/* ---- small helpers --------------------------------------------------- */

/* A growable list of owned strings. */
struct strvec {
	char **v;
	size_t n, cap;
};

static void
strvec_free(struct strvec *sv)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	memset(sv, 0, sizeof *sv);
}

static int
strvec_has(const struct strvec *sv, const char *s)
{
	size_t i;

	for (i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return 1;
	return 0;
}

/* Append a copy of s unless it is there already; keep a NULL after the
 * last, so v is a pattern list as pm_role wants it. */
static void
strvec_add(struct strvec *sv, const char *s)
{
	if (strvec_has(sv, s))
		return;
	if (sv->n + 1 >= sv->cap) {
		sv->cap = sv->cap ? sv->cap * 2 : 8;
		if ((sv->v = realloc(sv->v, sv->cap * sizeof *sv->v)) == NULL)
			abort();        /* as buf.h */
	}
	if ((sv->v[sv->n++] = strdup(s)) == NULL)
		abort();
	sv->v[sv->n] = NULL;
}

static void
strvec_remove(struct strvec *sv, size_t i)
{
	free(sv->v[i]);
	memmove(&sv->v[i], &sv->v[i + 1], (sv->n - i) * sizeof *sv->v);  /* with the NULL */
	sv->n--;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
strvec_sort(struct strvec *sv)
{
	if (sv->n > 1)
		qsort(sv->v, sv->n, sizeof *sv->v, str_cmp);
}

static int
strvec_equal(const struct strvec *a, const struct strvec *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	for (i = 0; i < a->n; i++)
		if (!strvec_has(b, a->v[i]))
			return 0;
	return 1;
}

/* Split a comma-separated list into out (appending); an empty item is
 * a mistake worth naming. */
static int
split(const char *s, const char *what, struct strvec *out, pm_err *err)
{
	const char *p = s, *comma;
	char item[256];
	size_t n;

	for (;;) {
		comma = strchr(p, ',');
		n = comma ? (size_t)(comma - p) : strlen(p);
		if (n == 0)
			return pm_err_field(err, PM_EX_DATAERR, what, _("%s: an empty pattern in the "
			    "list"), what);
		if (n >= sizeof item)
			return pm_err_field(err, PM_EX_DATAERR, what, _("%s: a pattern in the list is "
			    "too long"), what);
		memcpy(item, p, n);
		item[n] = '\0';
		strvec_add(out, item);
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* ---- the role source ------------------------------------------------- */

static int
schema_version(pm_ctx *ctx, int *ver, pm_err *err)
{
	*ver = 0;
	return ctx->db == NULL ? 0 : pm_db_version(ctx->db, ver, err);
}

int
pm_org_perm_roles(pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
    pm_err *err)
{
	static const char *const all[] = { "*", NULL };
	struct strvec pats;
	pm_stmt *st = NULL;
	pm_buf name, desc, src;
	pm_role r;
	int ver, rc, more, stop = 0;

	if ((rc = schema_version(ctx, &ver, err)) != 0 || ctx->db == NULL)
		return rc;
	if (ver < ROLE_SCHEMA) {
		/* enough for the administrator to migrate it (org_perm.h) */
		r.name = "admin";
		r.description = "";
		r.perms = all;
		r.source = "builtin";
		return fn != NULL ? fn(arg, &r) : 0;
	}
	memset(&pats, 0, sizeof pats);
	pm_buf_init(&name);
	pm_buf_init(&desc);
	pm_buf_init(&src);
	if ((rc = pm_db_prepare(ctx->db, "SELECT r.name, r.description, r.source, p.pattern "
	    "FROM role r JOIN role_perm p ON p.role = r.name ORDER BY r.name, p.pattern", &st,
	    err)) != 0)
		goto out;
	more = pm_stmt_step(st, err);
	/* one role per run of rows with the same name */
	while (more == 1 && stop == 0) {
		pm_buf_reset(&name);
		pm_buf_adds(&name, pm_stmt_text(st, 0));
		pm_buf_reset(&desc);
		pm_buf_adds(&desc, pm_stmt_text(st, 1));
		pm_buf_reset(&src);
		pm_buf_adds(&src, pm_stmt_text(st, 2));
		strvec_free(&pats);
		do
			strvec_add(&pats, pm_stmt_text(st, 3));
		while ((more = pm_stmt_step(st, err)) == 1 &&
		    strcmp(pm_stmt_text(st, 0), name.s) == 0);
		r.name = name.s;
		r.description = desc.s;
		r.perms = (const char *const *)pats.v;
		r.source = src.s;
		if (fn != NULL)
			stop = fn(arg, &r);
	}
	rc = more < 0 ? err->status : stop;
out:
	pm_stmt_free(st);
	strvec_free(&pats);
	pm_buf_free(&name);
	pm_buf_free(&desc);
	pm_buf_free(&src);
	return rc;
}

/* ---- the config key that used to define roles -------------------------- */

int
pm_org_perm_config_check(const pm_config *cfg, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, "roles");

	if (node == NULL)
		return 0;
	return pm_yaml_error(err, pm_config_doc(cfg), node, "roles: no longer read from the "
	    "configuration (roles are kept in the database): move this section to a file "
	    "of its own, load it with pm-org role import FILE, and remove it here");
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	return pm_org_perm_config_check(cfg, err);
}

static const pm_cfg_key config_keys[] = {
	{ "roles", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "refused: roles are kept in the database (pm-org role import reads this shape)",
	  NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_org_perm_config = { "org", config_keys, config_check };

/* ---- the policy ------------------------------------------------------ */

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
		return pm_err_set(err, PM_EX_NOPERM, _("%s is not an active staff member"), login);
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
	    (rc = pm_org_perm_config_check(ctx->cfg, err)) != 0 ||
	    (rc = org_empty(ctx, &empty, err)) != 0)
		return rc;
	/* a verb says it sets up a new database; the policy decides that
	 * this is the state in which it may */
	if (empty)
		return ctx->bootstrap ? 0 : pm_err_set(err, PM_EX_NOPERM,
		    _("no staff yet: create the first administrator with pm-org staff new"));
	return pm_perm_by_holder(ctx, pm_org_perm_holder, perm, err);
}

/* ---- administrators and grants ----------------------------------------- */

struct admins {
	struct strvec roles;    /* roles granting "admin" */
};

static int
admins_add(void *arg, const pm_role *r)
{
	struct admins *a = arg;
	size_t i;

	for (i = 0; r->perms[i] != NULL; i++)
		if (pm_perm_match(r->perms[i], "admin"))
			strvec_add(&a->roles, r->name);
	return 0;
}

int
pm_org_perm_admin_held(pm_ctx *ctx, int *yes, pm_err *err)
{
	struct admins a;
	int64_t one;
	size_t i;
	int found = 0, rc;

	*yes = 0;
	memset(&a, 0, sizeof a);
	if ((rc = pm_perm_roles(ctx, admins_add, &a, err)) != 0)
		goto out;
	for (i = 0; i < a.roles.n && !found; i++)
		if ((rc = pm_db_get_int(ctx->db, err, &one, &found, "SELECT 1 FROM staff_role r "
		    "JOIN staff s ON s.id = r.staff_id WHERE r.role = ?1 AND s.active = 1 LIMIT 1",
		    "t", a.roles.v[i])) != 0)
			goto out;
	*yes = found;
out:
	strvec_free(&a.roles);
	return rc;
}

/* Column 0 of every row of sql (bound to the text t) into out. */
static int
texts(pm_ctx *ctx, const char *sql, const char *t, struct strvec *out, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, t);
	while ((rc = pm_stmt_step(st, err)) == 1)
		strvec_add(out, pm_stmt_text(st, 0));
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_org_perm_may_grant(pm_ctx *ctx, const char *role, const char *what, pm_err *err)
{
	struct strvec mine, theirs;
	pm_buf lacks, q;
	size_t i, j;
	int rc;

	memset(&mine, 0, sizeof mine);
	memset(&theirs, 0, sizeof theirs);
	pm_buf_init(&lacks);
	pm_buf_init(&q);
	/* what the actor holds, as the policy sees it: an active member's roles */
	if ((rc = texts(ctx, "SELECT p.pattern FROM staff s JOIN staff_role r "
	    "ON r.staff_id = s.id JOIN role_perm p ON p.role = r.role "
	    "WHERE s.login = ?1 AND s.active = 1", ctx->actor.login, &mine, err)) != 0 ||
	    (rc = texts(ctx, "SELECT pattern FROM role_perm WHERE role = ?1 ORDER BY pattern",
	    role, &theirs, err)) != 0)
		goto out;
	for (i = 0; i < mine.n; i++)
		if (pm_perm_match(mine.v[i], "admin"))
			goto out;
	for (i = 0; i < theirs.n; i++) {
		for (j = 0; j < mine.n; j++)
			if (pm_perm_covers(mine.v[j], theirs.v[i]))
				break;
		if (j < mine.n)
			continue;
		if (lacks.len > 0)
			pm_buf_addc(&lacks, ',');
		pm_buf_adds(&lacks, theirs.v[i]);
	}
	if (lacks.len > 0)
		rc = pm_err_set(err, PM_EX_NOPERM, _("%s may not %s role %s: needs admin, or every "
		    "permission of the role (lacks %s)"), ctx->actor.login, what,
		    pm_text_quote(&q, role), lacks.s);
out:
	strvec_free(&mine);
	strvec_free(&theirs);
	pm_buf_free(&lacks);
	pm_buf_free(&q);
	return rc;
}

/* ---- changing roles ---------------------------------------------------- */

/* May pattern p go into a role?  Well formed, and granting something a
 * module declares or in the area of a tool to come. */
static int
pattern_check(const char *p, pm_err *err)
{
	size_t i, n;

	if (!pm_perm_pattern_valid(p))
		return pm_text_fail(err, PM_EX_DATAERR, _("'%s' is not a permission pattern "
		    "(area.action, area.*, or *)"), p);
	if (pm_perm_known(p))
		return 0;
	for (i = 0; pm_org_perm_areas[i] != NULL; i++) {
		n = strlen(pm_org_perm_areas[i]);
		if (strncmp(p, pm_org_perm_areas[i], n) == 0 && p[n] == '.')
			return 0;
	}
	return pm_text_fail(err, PM_EX_DATAERR, _("'%s' grants no permission that any tool "
	    "declares (nor lies in the area of a tool to come)"), p);
}

/* A role as it is stored, read to compare and for the audit row. */
struct stored {
	int exists;
	pm_buf description, source;
	struct strvec perms;
};

static void
stored_init(struct stored *s)
{
	memset(s, 0, sizeof *s);
	pm_buf_init(&s->description);
	pm_buf_init(&s->source);
}

static void
stored_free(struct stored *s)
{
	pm_buf_free(&s->description);
	pm_buf_free(&s->source);
	strvec_free(&s->perms);
}

static int
stored_read(pm_ctx *ctx, const char *name, struct stored *s, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	stored_free(s);
	stored_init(s);
	if ((rc = pm_db_prepare(ctx->db, "SELECT description, source FROM role WHERE name = ?1",
	    &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, name);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		s->exists = 1;
		pm_buf_adds(&s->description, pm_stmt_text(st, 0));
		pm_buf_adds(&s->source, pm_stmt_text(st, 1));
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	return texts(ctx, "SELECT pattern FROM role_perm WHERE role = ?1 ORDER BY pattern", name,
	    &s->perms, err);
}

static void
stored_json(const char *name, const struct stored *s, pm_buf *b)
{
	pm_json j;
	size_t i;

	pm_buf_reset(b);
	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "name", name);
	pm_json_s(&j, "description", s->description.s);
	pm_json_s(&j, "source", s->source.s);
	pm_json_arr(&j, "perms");
	for (i = 0; i < s->perms.n; i++)
		pm_json_s(&j, NULL, s->perms.v[i]);
	pm_json_end(&j);
	pm_json_end(&j);
}

enum { PUT_NEW, PUT_SET, PUT_IMPORT };
enum { PUT_INSERTED, PUT_UPDATED, PUT_UNCHANGED };

/*
 * Store role name with description (NULL: keep) and patterns (sorted,
 * checked by the caller): one write and one audit row, or nothing when
 * nothing changes.  *change says which.  The last-administrator guard
 * applies to every change.
 */
static int
role_put(pm_ctx *ctx, const char *name, const char *description, struct strvec *perms,
    int mode, int *change, pm_err *err)
{
	static const char *const action[] = { "new", "set", "import" };
	struct stored before, after;
	pm_buf bj, aj;
	size_t i;
	int had_admin = 0, has_admin, rc;

	stored_init(&before);
	stored_init(&after);
	pm_buf_init(&bj);
	pm_buf_init(&aj);
	if ((rc = stored_read(ctx, name, &before, err)) != 0)
		goto out;
	if (mode == PUT_NEW && before.exists) {
		rc = pm_text_fail(err, PM_EX_DATAERR, _("role %s exists"), name);
		goto out;
	}
	if (mode == PUT_SET && !before.exists) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("role %s: no such role"), name);
		goto out;
	}
	if (description == NULL)
		description = before.exists ? before.description.s : "";
	if (before.exists && strcmp(description, before.description.s) == 0 &&
	    strvec_equal(perms, &before.perms)) {
		*change = PUT_UNCHANGED;
		goto out;
	}
	if ((rc = pm_org_perm_admin_held(ctx, &had_admin, err)) != 0)
		goto out;
	if (before.exists)
		rc = pm_db_run(ctx->db, err, "UPDATE role SET description = ?2, source = 'local', "
		    "changed_at = ?3 WHERE name = ?1", "tti", name, description, ctx->now);
	else
		rc = pm_db_run(ctx->db, err, "INSERT INTO role (name, description, source, "
		    "changed_at) VALUES (?1, ?2, 'local', ?3)", "tti", name, description, ctx->now);
	if (rc != 0 || (rc = pm_db_run(ctx->db, err, "DELETE FROM role_perm WHERE role = ?1",
	    "t", name)) != 0)
		goto out;
	for (i = 0; i < perms->n; i++)
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO role_perm (role, pattern) "
		    "VALUES (?1, ?2)", "tt", name, perms->v[i])) != 0)
			goto out;
	if ((rc = pm_org_perm_admin_held(ctx, &has_admin, err)) != 0)
		goto out;
	if (had_admin && !has_admin) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("that would leave no active administrator "
		    "(a role granting admin, held by an active staff member)"));
		goto out;
	}
	if ((rc = stored_read(ctx, name, &after, err)) != 0)
		goto out;
	if (before.exists)
		stored_json(name, &before, &bj);
	stored_json(name, &after, &aj);
	*change = before.exists ? PUT_UPDATED : PUT_INSERTED;
	rc = pm_audit_log(ctx, "role", name, action[mode], before.exists ? bj.s : NULL, aj.s,
	    err);
out:
	stored_free(&before);
	stored_free(&after);
	pm_buf_free(&bj);
	pm_buf_free(&aj);
	return rc;
}

static int
name_check(const char *name, pm_err *err)
{
	if (!pm_code_valid(name, ROLE_NAME_MAX, 0))
		return pm_text_fail(err, PM_EX_DATAERR, _("'%s': not a role name (1-32 of a-z 0-9 _ -)"),
		    name);
	return 0;
}

static int
description_check(const char *s, pm_err *err)
{
	if (s == NULL)
		return 0;
	return pm_text_check(s, strlen(s), DESCRIPTION_MAX, "description", err);
}

/* Apply c's pattern lists to perms (the stored ones, or empty for new). */
static int
change_perms(const pm_role_change *c, struct strvec *perms, pm_err *err)
{
	struct strvec rm;
	size_t i, j;
	int rc = 0;

	memset(&rm, 0, sizeof rm);
	if (c->perms != NULL) {
		strvec_free(perms);
		if ((rc = split(c->perms, "perms", perms, err)) != 0)
			goto out;
	}
	if (c->add_perm != NULL && (rc = split(c->add_perm, "add_perm", perms, err)) != 0)
		goto out;
	if (c->remove_perm != NULL) {
		if ((rc = split(c->remove_perm, "remove_perm", &rm, err)) != 0)
			goto out;
		for (i = 0; i < rm.n; i++) {
			for (j = 0; j < perms->n && strcmp(perms->v[j], rm.v[i]) != 0; j++)
				;
			if (j == perms->n) {
				rc = pm_text_fail(err, PM_EX_DATAERR, _("the role has no pattern %s"),
				    rm.v[i]);
				goto out;
			}
			strvec_remove(perms, j);
		}
	}
	if (perms->n == 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "perms", _("a role needs at least one "
		    "permission pattern"));
		goto out;
	}
	for (i = 0; i < perms->n; i++)
		if ((rc = pattern_check(perms->v[i], err)) != 0)
			goto out;
	strvec_sort(perms);
out:
	strvec_free(&rm);
	return rc;
}

int
pm_org_role_new(pm_ctx *ctx, const char *name, const pm_role_change *c, pm_err *err)
{
	struct strvec perms;
	int change, rc;

	memset(&perms, 0, sizeof perms);
	if ((rc = name_check(name, err)) != 0 || (rc = description_check(c->description, err)) != 0)
		return rc;
	if (c->perms == NULL)
		return pm_err_field(err, PM_EX_DATAERR, "perms", _("a role needs at least one "
		    "permission pattern"));
	if ((rc = change_perms(c, &perms, err)) == 0)
		rc = role_put(ctx, name, c->description, &perms, PUT_NEW, &change, err);
	strvec_free(&perms);
	return rc;
}

int
pm_org_role_set(pm_ctx *ctx, const char *name, const pm_role_change *c, pm_err *err)
{
	struct stored cur;
	int change, rc;

	stored_init(&cur);
	if ((rc = description_check(c->description, err)) != 0 ||
	    (rc = stored_read(ctx, name, &cur, err)) != 0)
		goto out;
	if (!cur.exists) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("role %s: no such role"), name);
		goto out;
	}
	if ((rc = change_perms(c, &cur.perms, err)) == 0)
		rc = role_put(ctx, name, c->description, &cur.perms, PUT_SET, &change, err);
out:
	stored_free(&cur);
	return rc;
}

struct getone {
	const char *name;
	int (*fn)(void *arg, const pm_role *r);
	void *arg;
	int found;
};

static int
get_one(void *arg, const pm_role *r)
{
	struct getone *g = arg;

	if (strcmp(r->name, g->name) != 0)
		return 0;
	g->found = 1;
	return g->fn(g->arg, r);
}

int
pm_org_role_get(pm_ctx *ctx, const char *name, int (*fn)(void *arg, const pm_role *r),
    void *arg, pm_err *err)
{
	struct getone g = { name, fn, arg, 0 };
	int rc;

	if ((rc = pm_perm_roles(ctx, get_one, &g, err)) != 0)
		return rc;
	if (!g.found)
		return pm_text_fail(err, PM_EX_NOINPUT, _("role %s: no such role"), name);
	return 0;
}

/* ---- import ------------------------------------------------------------ */

/* One role of the file: checked, then stored; errors at its position. */
static int
import_role(pm_ctx *ctx, const pm_ydoc *doc, const pm_ynode *key, const pm_ynode *val,
    long counts[3], pm_err *err)
{
	const pm_ynode *perms = NULL, *k, *at;
	const char *desc = "", *s;
	struct strvec list;
	pm_buf q;
	pm_err e;
	size_t i;
	int change, rc = 0;

	memset(&list, 0, sizeof list);
	pm_buf_init(&q);
	pm_text_quote(&q, key->str);
	if (!pm_code_valid(key->str, ROLE_NAME_MAX, 0)) {
		rc = pm_yaml_error(err, doc, key, "role name '%s': use 1-32 of a-z 0-9 _ -", q.s);
		goto out;
	}
	if (val->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, val,
		    "role '%s': expected a mapping with description and perms", q.s);
		goto out;
	}
	for (i = 0; i < val->n; i++) {
		k = val->keys[i];
		if (strcmp(k->str, "description") == 0) {
			if ((rc = pm_yaml_str(doc, val->items[i], &desc, err)) != 0)
				goto out;
			if (description_check(desc, &e) != 0) {
				rc = pm_yaml_error(err, doc, val->items[i], "role '%s': %s", q.s, e.msg);
				goto out;
			}
		} else if (strcmp(k->str, "perms") == 0) {
			perms = val->items[i];
		} else {
			pm_buf_reset(&q);
			rc = pm_yaml_error(err, doc, k, "unknown key '%s' in a role "
			    "(description, perms)", pm_text_quote(&q, k->str));
			goto out;
		}
	}
	at = perms != NULL ? perms : key;
	if (perms != NULL && perms->kind != PM_Y_SEQ) {
		rc = pm_yaml_error(err, doc, perms, "role '%s': perms: expected a sequence "
		    "of permission patterns", q.s);
		goto out;
	}
	if (perms == NULL || perms->n == 0) {
		rc = pm_yaml_error(err, doc, at, "role '%s' has no perms", q.s);
		goto out;
	}
	for (i = 0; i < perms->n; i++) {
		if ((rc = pm_yaml_str(doc, perms->items[i], &s, err)) != 0)
			goto out;
		if (pattern_check(s, &e) != 0) {
			rc = pm_yaml_error(err, doc, perms->items[i], "%s", e.msg);
			goto out;
		}
		strvec_add(&list, s);
	}
	strvec_sort(&list);
	if ((rc = role_put(ctx, key->str, desc, &list, PUT_IMPORT, &change, &e)) != 0) {
		/* the guard or the database: where, and the status it has */
		pm_yaml_error(err, doc, key, "role '%s': %s", q.s, e.msg);
		rc = err->status = e.status;
		goto out;
	}
	counts[change]++;
out:
	strvec_free(&list);
	pm_buf_free(&q);
	return rc;
}

int
pm_org_role_import(pm_ctx *ctx, const char *path, long counts[3], pm_err *err)
{
	const pm_ynode *root, *roles = NULL;
	pm_ydoc *doc = NULL;
	pm_buf q;
	size_t i;
	int rc;

	counts[0] = counts[1] = counts[2] = 0;
	pm_buf_init(&q);
	if ((rc = pm_yaml_load(path, &doc, err)) != 0)
		goto out;
	root = doc->root;
	if (root->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, root, "expected a mapping with the key roles");
		goto out;
	}
	for (i = 0; i < root->n; i++) {
		if (strcmp(root->keys[i]->str, "roles") != 0) {
			rc = pm_yaml_error(err, doc, root->keys[i], "unknown key '%s' (a roles file "
			    "has only roles)", pm_text_quote(&q, root->keys[i]->str));
			goto out;
		}
		roles = root->items[i];
	}
	if (roles == NULL) {
		rc = pm_yaml_error(err, doc, root, "expected a mapping with the key roles");
		goto out;
	}
	if (roles->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, roles, "roles: expected a mapping of role names to roles");
		goto out;
	}
	for (i = 0; i < roles->n && rc == 0; i++)
		rc = import_role(ctx, doc, roles->keys[i], roles->items[i], counts, err);
out:
	/* a bad file is bad data here (yaml.h speaks of configuration) */
	if (rc == PM_EX_CONFIG)
		rc = err->status = PM_EX_DATAERR;
	pm_yaml_free(doc);
	pm_buf_free(&q);
	return rc;
}
