/* category.c — the contact category tree; see category.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "category.h"
#include "text.h"

#define NAME_MAX_CHARS 32
#define PRIORITIES "urgent|high|normal|low"

struct cat {
	char *top;
	char *sub;              /* NULL for the top level itself */
	const char *priority;   /* a static string from PRIORITIES */
};

struct pm_category {
	struct cat *v;
	size_t n, cap;
};

/* The default tree: what a Chinese property company sorts contacts by.
 * A top level's own priority comes first, then its subs. */
static const char *const builtin[][3] = {
	{ "维修", NULL, "normal" },
	{ "维修", "漏水", "high" },
	{ "维修", "电梯", "high" },
	{ "维修", "水电", "high" },
	{ "维修", "门窗", "normal" },
	{ "维修", "公共设施", "normal" },
	{ "环境", NULL, "normal" },
	{ "环境", "噪音", "normal" },
	{ "环境", "卫生", "normal" },
	{ "环境", "绿化", "low" },
	{ "环境", "异味", "normal" },
	{ "安全", NULL, "high" },
	{ "安全", "门禁", "high" },
	{ "安全", "监控", "normal" },
	{ "安全", "消防", "urgent" },
	{ "安全", "盗窃", "urgent" },
	{ "收费", NULL, "normal" },
	{ "收费", "物业费", "normal" },
	{ "收费", "停车费", "normal" },
	{ "收费", "水电费", "normal" },
	{ "服务", NULL, "normal" },
	{ "服务", "态度", "normal" },
	{ "服务", "效率", "normal" },
	{ "其他", NULL, "low" },
};

static const char *const prio_words[] = { "urgent", "high", "normal", "low" };

int
pm_priority_valid(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < 4; i++)
		if (strcmp(s, prio_words[i]) == 0)
			return 1;
	return 0;
}

static const char *
prio_static(const char *s)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, prio_words[i]) == 0)
			return prio_words[i];
	return "normal";
}

static void
add(pm_category *c, const char *top, const char *sub, const char *priority)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		if (c->v == NULL)
			abort();
	}
	c->v[c->n].top = pm_xstrdup(top);
	c->v[c->n].sub = sub != NULL ? pm_xstrdup(sub) : NULL;
	c->v[c->n].priority = prio_static(priority);
	c->n++;
}

void
pm_category_free(pm_category *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].top);
		free(c->v[i].sub);
	}
	free(c->v);
	free(c);
}

/* A name: valid text, 1-32 characters, none of the path separators. */
static int
name_ok(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n = strlen(s);

	if (!pm_utf8_valid(s, n) || pm_utf8_chars(s) < 1 || pm_utf8_chars(s) > NAME_MAX_CHARS)
		return 0;
	for (i = 0; i < n; i++)
		if (u[i] < 0x20 || u[i] == 0x7F || u[i] == '/' || u[i] == '>')
			return 0;
	return strstr(s, "\xE2\x80\xBA") == NULL && s[0] != ' ' && s[n - 1] != ' ';
}

static int
bad_name(const pm_ydoc *doc, const pm_ynode *n, pm_err *err)
{
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	pm_text_fit(&b, n->str != NULL ? n->str : "", 40, 0);
	rc = pm_yaml_error(err, doc, n, "category name '%s': use 1-32 characters without "
	    "/ > or control characters", b.s);
	pm_buf_free(&b);
	return rc;
}

static int
prio_of(const pm_ydoc *doc, const pm_ynode *n, const char **out, pm_err *err)
{
	int idx, rc;

	if ((rc = pm_yaml_enum(doc, n, PRIORITIES, &idx, err)) != 0)
		return rc;
	*out = prio_words[idx];
	return 0;
}

static int
load_subs(pm_category *c, const pm_ydoc *doc, const char *top, const char *tprio,
    const pm_ynode *subs, pm_err *err)
{
	const char *prio;
	const pm_ynode *name;
	size_t i;
	int rc;

	if (subs->kind == PM_Y_SCALAR)
		return pm_yaml_error(err, doc, subs,
		    "sub: expected a mapping of names to priorities, or a sequence of names");
	for (i = 0; i < subs->n; i++) {
		name = subs->kind == PM_Y_MAP ? subs->keys[i] : subs->items[i];
		prio = tprio;
		if (name->kind != PM_Y_SCALAR)
			return pm_yaml_error(err, doc, name, "expected a category name");
		if (!name_ok(name->str))
			return bad_name(doc, name, err);
		if (subs->kind == PM_Y_MAP && (rc = prio_of(doc, subs->items[i], &prio, err)) != 0)
			return rc;
		add(c, top, name->str, prio);
	}
	return 0;
}

static int
load_top(pm_category *c, const pm_ydoc *doc, const pm_ynode *key, const pm_ynode *val,
    pm_err *err)
{
	const pm_ynode *subs = NULL;
	const char *prio = "normal";
	size_t i;
	int rc;

	if (!name_ok(key->str))
		return bad_name(doc, key, err);
	if (val->kind == PM_Y_SCALAR) {
		if ((rc = prio_of(doc, val, &prio, err)) != 0)
			return rc;
		add(c, key->str, NULL, prio);
		return 0;
	}
	if (val->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, val,
		    "expected a priority or a mapping with priority and sub");
	for (i = 0; i < val->n; i++) {
		if (strcmp(val->keys[i]->str, "priority") == 0) {
			if ((rc = prio_of(doc, val->items[i], &prio, err)) != 0)
				return rc;
		} else if (strcmp(val->keys[i]->str, "sub") == 0) {
			subs = val->items[i];
		} else {
			pm_buf b;

			pm_buf_init(&b);
			pm_text_fit(&b, val->keys[i]->str, 40, 0);
			rc = pm_yaml_error(err, doc, val->keys[i],
			    "unknown key '%s' in a category (priority, sub)", b.s);
			pm_buf_free(&b);
			return rc;
		}
	}
	add(c, key->str, NULL, prio);
	return subs != NULL ? load_subs(c, doc, key->str, prio, subs, err) : 0;
}

int
pm_category_load(const pm_config *cfg, pm_category **out, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, "categories");
	const pm_ydoc *doc = pm_config_doc(cfg);
	pm_category *c = calloc(1, sizeof *c);
	size_t i;
	int rc = 0;

	if (c == NULL)
		abort();
	*out = NULL;
	if (node == NULL) {
		for (i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
			add(c, builtin[i][0], builtin[i][1], builtin[i][2]);
		goto out;
	}
	if (node->kind != PM_Y_MAP || node->n == 0) {
		rc = pm_yaml_error(err, doc, node, "categories: expected a mapping of top-level "
		    "categories");
		goto out;
	}
	for (i = 0; i < node->n && rc == 0; i++)
		rc = load_top(c, doc, node->keys[i], node->items[i], err);
out:
	if (rc != 0) {
		pm_category_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

/* Copy s[0..n) trimmed of spaces into out (size m). */
static void
trimmed(const char *s, size_t n, char *out, size_t m)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= m)
		n = m - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

int
pm_category_find(const pm_category *c, const char *path, char *canon, size_t n,
    const char **priority, pm_err *err)
{
	char top[160], sub[160];
	const char *sep = NULL, *p;
	size_t i, seplen = 0;
	pm_buf known, q;
	int rc;

	for (p = path; *p != '\0'; p++) {
		if (*p == '/' || *p == '>') {
			sep = p;
			seplen = 1;
			break;
		}
		if (strncmp(p, "\xE2\x80\xBA", 3) == 0) {
			sep = p;
			seplen = 3;
			break;
		}
	}
	if (sep != NULL) {
		trimmed(path, (size_t)(sep - path), top, sizeof top);
		trimmed(sep + seplen, strlen(sep + seplen), sub, sizeof sub);
	} else {
		trimmed(path, strlen(path), top, sizeof top);
		sub[0] = '\0';
	}
	for (i = 0; i < c->n; i++) {
		if (strcmp(c->v[i].top, top) != 0)
			continue;
		if ((sub[0] == '\0' && c->v[i].sub == NULL) ||
		    (c->v[i].sub != NULL && strcmp(c->v[i].sub, sub) == 0)) {
			if (c->v[i].sub != NULL)
				snprintf(canon, n, "%s/%s", top, sub);
			else
				snprintf(canon, n, "%s", top);
			*priority = c->v[i].priority;
			return 0;
		}
	}
	/* say what would have been right: the subs of a known top, else the tops */
	pm_buf_init(&known);
	pm_buf_init(&q);
	for (i = 0; i < c->n; i++) {
		if (sep != NULL && c->v[i].sub != NULL && strcmp(c->v[i].top, top) == 0)
			pm_buf_addf(&known, "%s%s", known.len ? ", " : "", c->v[i].sub);
	}
	if (known.len == 0)
		for (i = 0; i < c->n; i++)
			if (c->v[i].sub == NULL)
				pm_buf_addf(&known, "%s%s", known.len ? ", " : "", c->v[i].top);
	pm_text_fit(&q, path, 40, 0);
	rc = pm_err_set(err, PM_EX_DATAERR, "no such category '%s' (known: %s)", q.s, known.s);
	pm_buf_free(&known);
	pm_buf_free(&q);
	return rc;
}

int
pm_category_each(const pm_category *c,
    int (*fn)(void *arg, const char *path, const char *priority), void *arg)
{
	char path[200];
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n && rc == 0; i++) {
		if (c->v[i].sub != NULL)
			snprintf(path, sizeof path, "%s/%s", c->v[i].top, c->v[i].sub);
		else
			snprintf(path, sizeof path, "%s", c->v[i].top);
		rc = fn(arg, path, c->v[i].priority);
	}
	return rc;
}
