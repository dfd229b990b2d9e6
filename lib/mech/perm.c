/*
 * perm.c — permission names, patterns, roles and the roles policy; see
 * perm.h.
 *
 * Which names exist, where the roles are kept and who holds them are
 * told to this file by the modules that know (perm.h): it names no
 * process, no person and no table, and reads no configuration — no
 * file grants a permission.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "perm.h"
#include "text.h"

#define PATTERN_MAX 64

static pm_perm_role_source source;      /* supplied by a domain module */
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

/* ---- roles ----------------------------------------------------------- */

int
pm_perm_covers(const char *q, const char *p)
{
	size_t n;

	if (q == NULL || p == NULL)
		return 0;
	if (strcmp(q, p) == 0 || strcmp(q, "*") == 0)
		return 1;
	n = strlen(q);
	/* "fee.*" covers "fee.pay" and "fee.late.*": both start with "fee." */
	return n >= 2 && q[n - 1] == '*' && q[n - 2] == '.' && strncmp(q, p, n - 1) == 0 &&
	    strlen(p) > n - 1;
}

void
pm_perm_set_role_source(pm_perm_role_source fn)
{
	source = fn;
}

int
pm_perm_roles(struct pm_ctx *ctx, int (*fn)(void *arg, const pm_role *r), void *arg,
    pm_err *err)
{
	if (source == NULL)
		return 0;
	return source(ctx, fn, arg, err);
}

struct exists {
	const char *name;
	int found;
};

static int
exists_one(void *arg, const pm_role *r)
{
	struct exists *x = arg;

	if (strcmp(r->name, x->name) != 0)
		return 0;
	x->found = 1;
	return 1;
}

int
pm_perm_role_exists(struct pm_ctx *ctx, const char *name)
{
	struct exists x = { name, 0 };
	pm_err e;

	/* roles that cannot be read define nothing: callers that must
	 * report why ask pm_perm_roles */
	if (name != NULL)
		(void)pm_perm_roles(ctx, exists_one, &x, &e);
	return x.found;
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

/* Does one of the held roles grant perm?  Visited with each role. */
struct grant {
	const struct held *held;
	const char *perm;
	int granted;
};

static int
grant_one(void *arg, const pm_role *r)
{
	struct grant *g = arg;
	size_t i, j;

	for (i = 0; i < g->held->n; i++) {
		if (strcmp(g->held->v[i], r->name) != 0)
			continue;
		for (j = 0; r->perms[j] != NULL; j++)
			if (pm_perm_match(r->perms[j], g->perm)) {
				g->granted = 1;
				return 1;
			}
	}
	return 0;
}

int
pm_perm_by_holder(struct pm_ctx *ctx, pm_perm_holder h, const char *perm, pm_err *err)
{
	const char *login = ctx->actor.login;
	struct held held;
	struct grant g;
	pm_buf names;
	size_t i;
	int rc;

	memset(&held, 0, sizeof held);
	pm_buf_init(&names);
	if (perm == NULL)
		perm = "";
	if ((rc = pm_perm_name_check(perm, err)) != 0)
		goto out;
	if (h == NULL) {
		rc = *perm != '\0' ?
		    pm_err_set(err, PM_EX_NOPERM, _("%s may not do this: needs permission %s "
		    "(roles: none)"), login, perm) :
		    pm_err_set(err, PM_EX_NOPERM, _("%s may not do this (roles: none)"), login);
		goto out;
	}
	/* who the actor is comes first: someone who may not act at all is
	 * told so, whatever the roles say */
	if ((rc = h(ctx, held_add, &held, err)) != 0)
		goto out;
	if (*perm == '\0')
		goto out;
	g.held = &held;
	g.perm = perm;
	g.granted = 0;
	/* a role that is not defined (any more) grants nothing */
	if (held.n > 0 && (rc = pm_perm_roles(ctx, grant_one, &g, err)) != 0 && rc != 1)
		goto out;
	rc = 0;
	if (g.granted)
		goto out;
	if (held.n > 1)
		qsort(held.v, held.n, sizeof *held.v, str_cmp);
	for (i = 0; i < held.n; i++) {
		if (i > 0)
			pm_buf_adds(&names, ", ");
		pm_buf_adds(&names, held.v[i]);
	}
	rc = pm_err_set(err, PM_EX_NOPERM, _("%s may not do this: needs permission %s "
	    "(roles: %s)"), login, perm, names.len > 0 ? names.s : "none");
out:
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
	return pm_text_fail(err, PM_EX_SOFTWARE, _("permission '%s' is not declared by any module"),
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
