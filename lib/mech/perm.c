/*
 * perm.c — permission names, patterns, roles and the roles policy; see
 * perm.h.
 *
 * Roles live, for now, in the program and in the config file (the
 * next step keeps them in the database, behind pm_perm_roles).  Which
 * names exist, which roles are built in and who holds them are told to
 * this file by the modules that know (perm.h): it names no process, no
 * person and no table.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "perm.h"
#include "text.h"
#include "yaml.h"

#define ROLE_NAME_MAX 32
#define PATTERN_MAX 64
#define DESCRIPTION_MAX 200

static const pm_role *builtin;          /* supplied by a domain module */
static pm_perm_holder holder;

static const pm_perm_name *tables[PM_PERM_TABLES_MAX];
static size_t ntables;

int
pm_perm_match(const char *pattern, const char *perm)
{
	size_t n;

	if (pattern == NULL || perm == NULL)
		return 0;
	if (*perm == '\0' || strcmp(pattern, "*") == 0)
		return 1;
	n = strlen(pattern);
	/* "ticket.*" covers "ticket.close" and "ticket.late.waive", but not
	 * "ticket" itself nor "tickets.x": the dot is part of the prefix */
	if (n >= 2 && pattern[n - 1] == '*' && pattern[n - 2] == '.')
		return strncmp(pattern, perm, n - 1) == 0 && perm[n - 1] != '\0';
	return strcmp(pattern, perm) == 0;
}

int
pm_perm_pattern_valid(const char *s)
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
	pm_text_quote(&b, key->str);
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
			pm_text_quote(&b, k->str);
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
		if (!pm_perm_pattern_valid(s)) {
			pm_buf_reset(&b);
			pm_text_quote(&b, s);
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
	size_t i, j, ncfg = 0, nbuiltin = 0;
	int rc;

	memset(rs, 0, sizeof *rs);
	while (builtin != NULL && builtin[nbuiltin].name != NULL)
		nbuiltin++;
	if (node != NULL && node->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, node,
		    "roles: expected a mapping of role names to roles");
	if (node != NULL)
		ncfg = node->n;
	rs->r = pm_xcalloc(nbuiltin + ncfg, sizeof *rs->r);
	rs->perms = pm_xcalloc(ncfg, sizeof *rs->perms);
	for (i = 0; i < ncfg; i++) {
		if ((rc = config_role(doc, node->keys[i], node->items[i], &rs->r[rs->n],
		    &rs->perms[rs->nperms], err)) != 0) {
			roleset_free(rs);
			memset(rs, 0, sizeof *rs);      /* freeing again is harmless */
			return rc;
		}
		rs->n++;
		rs->nperms++;
	}
	for (i = 0; i < nbuiltin; i++) {
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

void
pm_perm_set_builtin_roles(const pm_role *roles)
{
	builtin = roles;
}

/* ---- the roles policy ------------------------------------------------ */

void
pm_perm_set_holder(pm_perm_holder fn)
{
	holder = fn;
}

/* The role names a holder gives, kept for matching and the refusal. */
struct held {
	char **v;
	size_t n, cap;
};

static int
held_add(void *arg, const char *role)
{
	struct held *h = arg;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->v[i], role) == 0)
			return 0;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		if ((h->v = realloc(h->v, h->cap * sizeof *h->v)) == NULL)
			abort();        /* as buf.h */
	}
	if ((h->v[h->n++] = strdup(role)) == NULL)
		abort();
	return 0;
}

static void
held_free(struct held *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->v[i]);
	free(h->v);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
pm_perm_by_holder(struct pm_ctx *ctx, pm_perm_holder h, const char *perm, pm_err *err)
{
	const char *login = ctx->actor.login;
	struct held held;
	struct roleset rs;
	const pm_role *r;
	pm_buf names;
	size_t i, j;
	int granted = 0, rc;

	memset(&held, 0, sizeof held);
	memset(&rs, 0, sizeof rs);
	pm_buf_init(&names);
	if (perm == NULL)
		perm = "";
	if ((rc = pm_perm_name_check(perm, err)) != 0)
		goto out;
	if (h == NULL) {
		rc = *perm != '\0' ?
		    pm_err_set(err, PM_EX_NOPERM, "%s may not do this: needs permission %s "
		    "(roles: none)", login, perm) :
		    pm_err_set(err, PM_EX_NOPERM, "%s may not do this (roles: none)", login);
		goto out;
	}
	/* who the actor is comes first: someone who may not act at all is
	 * told so, even when the roles in the config are broken */
	if ((rc = h(ctx, held_add, &held, err)) != 0)
		goto out;
	if (*perm == '\0')
		goto out;
	if ((rc = roleset_load(ctx->cfg, &rs, err)) != 0)
		goto out;
	if (held.n > 1)
		qsort(held.v, held.n, sizeof *held.v, str_cmp);
	for (i = 0; i < held.n; i++) {
		if (i > 0)
			pm_buf_adds(&names, ", ");
		pm_buf_adds(&names, held.v[i]);
		if ((r = roleset_find(&rs, held.v[i])) == NULL)
			continue;       /* no longer defined: grants nothing */
		for (j = 0; r->perms[j] != NULL; j++)
			if (pm_perm_match(r->perms[j], perm))
				granted = 1;
	}
	if (!granted)
		rc = pm_err_set(err, PM_EX_NOPERM, "%s may not do this: needs permission %s "
		    "(roles: %s)", login, perm, names.len > 0 ? names.s : "none");
out:
	roleset_free(&rs);
	held_free(&held);
	pm_buf_free(&names);
	return rc;
}

int
pm_perm_by_roles(struct pm_ctx *ctx, const char *perm, pm_err *err)
{
	return pm_perm_by_holder(ctx, holder, perm, err);
}

/* ---- permission names ------------------------------------------------ */

/* The declared entry called name, or NULL. */
static const pm_perm_name *
declared_find(const char *name)
{
	const pm_perm_name *p;
	size_t t;

	for (t = 0; t < ntables; t++)
		for (p = tables[t]; p->name != NULL; p++)
			if (strcmp(p->name, name) == 0)
				return p;
	return NULL;
}

int
pm_perm_declare(const pm_perm_name *names)
{
	const pm_perm_name *p, *q;
	size_t t;

	for (t = 0; t < ntables; t++)
		if (tables[t] == names)
			return 0;
	if (ntables == PM_PERM_TABLES_MAX)
		return -1;
	for (p = names; p->name != NULL; p++) {
		if (!pm_perm_pattern_valid(p->name) || strchr(p->name, '*') != NULL ||
		    declared_find(p->name) != NULL)
			return -1;
		for (q = names; q < p; q++)
			if (strcmp(q->name, p->name) == 0)
				return -1;
	}
	tables[ntables++] = names;
	return 0;
}

const pm_perm_name *
pm_perm_declared(size_t i)
{
	const pm_perm_name *p;
	size_t t;

	for (t = 0; t < ntables; t++)
		for (p = tables[t]; p->name != NULL; p++)
			if (i-- == 0)
				return p;
	return NULL;
}

int
pm_perm_is_declared(const char *name)
{
	return name != NULL && declared_find(name) != NULL;
}

int
pm_perm_name_check(const char *perm, pm_err *err)
{
	if (perm == NULL || *perm == '\0' || ntables == 0 || declared_find(perm) != NULL)
		return 0;
	return pm_text_fail(err, PM_EX_SOFTWARE, "permission '%s' is not declared by any module",
	    perm);
}

int
pm_perm_known(const char *pattern)
{
	const pm_perm_name *p;
	size_t t;

	if (pattern == NULL || *pattern == '\0')
		return 0;
	for (t = 0; t < ntables; t++)
		for (p = tables[t]; p->name != NULL; p++)
			if (pm_perm_match(pattern, p->name))
				return 1;
	return 0;
}

void
pm_perm_declare_reset(void)
{
	ntables = 0;
}

/* ---- the config slice ------------------------------------------------ */

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
