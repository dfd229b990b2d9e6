/* category.c — category trees; see category.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "category.h"
#include "text.h"

#define NAME_MAX_CHARS 32
#define VOCAB_MAX 16

struct cat {
	char *top;
	char *sub;              /* NULL for the top level itself */
	int attr;               /* index into words */
};

struct pm_category {
	const pm_cat_spec *spec;
	char *vocab;            /* a copy, cut at the bars into words */
	const char *words[VOCAB_MAX];
	int nwords;
	int attr_default;
	struct cat *v;
	size_t n, cap;
};

int
pm_priority_valid(const char *s)
{
	return pm_text_word(PM_PRIORITIES, s);
}

/* The index of word in the vocabulary, or the default's. */
static int
attr_index(const pm_category *c, const char *word)
{
	int i;

	for (i = 0; word != NULL && i < c->nwords; i++)
		if (strcmp(word, c->words[i]) == 0)
			return i;
	return c->attr_default;
}

static void
add(pm_category *c, const char *top, const char *sub, int attr)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 32;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		if (c->v == NULL)
			abort();
	}
	c->v[c->n].top = pm_xstrdup(top);
	c->v[c->n].sub = sub != NULL ? pm_xstrdup(sub) : NULL;
	c->v[c->n].attr = attr;
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
	free(c->vocab);
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
bad_name(const pm_category *c, const pm_ydoc *doc, const pm_ynode *n, pm_err *err)
{
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	pm_text_fit(&b, n->str != NULL ? n->str : "", 40, 0);
	rc = pm_yaml_error(err, doc, n, "%s name '%s': use 1-32 characters without "
	    "/ > or control characters", c->spec->what, b.s);
	pm_buf_free(&b);
	return rc;
}

static int
attr_of(const pm_category *c, const pm_ydoc *doc, const pm_ynode *n, int *out, pm_err *err)
{
	return pm_yaml_enum(doc, n, c->spec->vocab != NULL ? c->spec->vocab : PM_PRIORITIES, out,
	    err);
}

static int
load_subs(pm_category *c, const pm_ydoc *doc, const char *top, int tattr,
    const pm_ynode *subs, pm_err *err)
{
	const pm_ynode *name;
	size_t i;
	int attr, rc;

	if (subs->kind == PM_Y_SCALAR)
		return pm_yaml_error(err, doc, subs, "sub: expected a mapping of names to a %s "
		    "each, or a sequence of names", c->spec->attr);
	for (i = 0; i < subs->n; i++) {
		name = subs->kind == PM_Y_MAP ? subs->keys[i] : subs->items[i];
		attr = tattr;
		if (name->kind != PM_Y_SCALAR)
			return pm_yaml_error(err, doc, name, "expected a %s name", c->spec->what);
		if (!name_ok(name->str))
			return bad_name(c, doc, name, err);
		if (subs->kind == PM_Y_MAP && (rc = attr_of(c, doc, subs->items[i], &attr, err)) != 0)
			return rc;
		add(c, top, name->str, attr);
	}
	return 0;
}

static int
load_top(pm_category *c, const pm_ydoc *doc, const pm_ynode *key, const pm_ynode *val,
    pm_err *err)
{
	const char *attr_key = c->spec->attr;
	const pm_ynode *subs = NULL;
	int attr = c->attr_default;
	size_t i;
	int rc;

	if (!name_ok(key->str))
		return bad_name(c, doc, key, err);
	if (val->kind == PM_Y_SCALAR) {
		if ((rc = attr_of(c, doc, val, &attr, err)) != 0)
			return rc;
		add(c, key->str, NULL, attr);
		return 0;
	}
	if (val->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, val,
		    "expected a %s or a mapping with %s and sub", attr_key, attr_key);
	for (i = 0; i < val->n; i++) {
		if (strcmp(val->keys[i]->str, attr_key) == 0) {
			if ((rc = attr_of(c, doc, val->items[i], &attr, err)) != 0)
				return rc;
		} else if (strcmp(val->keys[i]->str, "sub") == 0) {
			subs = val->items[i];
		} else {
			pm_buf b;

			pm_buf_init(&b);
			pm_text_fit(&b, val->keys[i]->str, 40, 0);
			rc = pm_yaml_error(err, doc, val->keys[i],
			    "unknown key '%s' in a %s (%s, sub)", b.s, c->spec->what, attr_key);
			pm_buf_free(&b);
			return rc;
		}
	}
	add(c, key->str, NULL, attr);
	return subs != NULL ? load_subs(c, doc, key->str, attr, subs, err) : 0;
}

/* The vocabulary's words, and the default's index. */
static int
vocab_init(pm_category *c, pm_err *err)
{
	const pm_cat_spec *spec = c->spec;
	char *w, *save = NULL;

	c->vocab = pm_xstrdup(spec->vocab != NULL ? spec->vocab : PM_PRIORITIES);
	for (w = strtok_r(c->vocab, "|", &save); w != NULL; w = strtok_r(NULL, "|", &save)) {
		if (c->nwords == VOCAB_MAX)
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s: more than %d %s words"),
			    spec->path, VOCAB_MAX, spec->attr);
		c->words[c->nwords++] = w;
	}
	c->attr_default = -1;
	c->attr_default = attr_index(c, spec->attr_default != NULL ? spec->attr_default :
	    "normal");
	if (c->nwords == 0 || c->attr_default < 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: the default %s is not in %s"),
		    spec->path, spec->attr, c->vocab);
	return 0;
}

int
pm_category_load(const pm_config *cfg, const pm_cat_spec *spec, pm_category **out,
    pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, spec->path);
	const pm_ydoc *doc = pm_config_doc(cfg);
	pm_category *c = pm_xcalloc(1, sizeof *c);
	size_t i;
	int rc;

	*out = NULL;
	c->spec = spec;
	if ((rc = vocab_init(c, err)) != 0)
		goto out;
	if (node == NULL) {
		for (i = 0; i < spec->nbuiltin; i++)
			add(c, spec->builtin[i].top, spec->builtin[i].sub,
			    attr_index(c, spec->builtin[i].attr));
		goto out;
	}
	if (node->kind != PM_Y_MAP || node->n == 0) {
		rc = pm_yaml_error(err, doc, node, "%s: expected a mapping of top-level %s names",
		    spec->path, spec->what);
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
    const char **attr, pm_err *err)
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
			*attr = c->words[c->v[i].attr];
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
	rc = pm_err_set(err, PM_EX_DATAERR, _("no such %s '%s' (known: %s)"), c->spec->what, q.s,
	    known.s);
	pm_buf_free(&known);
	pm_buf_free(&q);
	return rc;
}

int
pm_category_each(const pm_category *c,
    int (*fn)(void *arg, const char *path, const char *attr), void *arg)
{
	char path[200];
	size_t i;
	int rc = 0;

	for (i = 0; i < c->n && rc == 0; i++) {
		if (c->v[i].sub != NULL)
			snprintf(path, sizeof path, "%s/%s", c->v[i].top, c->v[i].sub);
		else
			snprintf(path, sizeof path, "%s", c->v[i].top);
		rc = fn(arg, path, c->words[c->v[i].attr]);
	}
	return rc;
}
