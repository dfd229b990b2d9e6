/*
 * config.c — the configuration file; see config.h.
 *
 * The schema below is the single list of settings: validation, defaults,
 * `pm-admin config` and pm-config(5) all follow it.  A file is accepted
 * only if every key in it is in the schema and every value has the
 * right shape, so a typo is an error rather than a silently ignored line.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "config.h"
#include "err.h"
#include "pmtime.h"
#include "yaml.h"

/* base's own settings; every other key comes from a registered slice */
static const pm_cfg_key base_keys[] = {
	{ "database", PM_CFG_STR, "", NULL, 0, 0,
	  "database file (default $XDG_DATA_HOME/pm/pm.db)", NULL },
	{ "timezone", PM_CFG_STR, PM_TIME_ZONE_DEFAULT, NULL, 0, 0,
	  "business time zone", pm_time_zone_check },
	{ "busy_timeout", PM_CFG_SPAN, "5s", NULL, 0, 3600,
	  "how long a command waits for another writer", NULL },
	{ "money.rounding", PM_CFG_ENUM, "half-up", "half-up|half-even", 0, 0,
	  "rounding of bill lines to the fen", NULL },
	{ "backup.dir", PM_CFG_STR, "", NULL, 0, 0,
	  "where pm-admin migrate puts its automatic backup (default: beside the database)", NULL },
	{ "company.name", PM_CFG_STR, "", NULL, 0, 0,
	  "name shown in report headings", NULL },
	{ "text.max_chars", PM_CFG_INT, "2000", NULL, 1, 100000,
	  "longest free text accepted, in characters", NULL },
	{ "batch_records", PM_CFG_INT, "500", NULL, 1, 1000000,
	  "records a bulk verb over independent records commits together at most", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

static const pm_cfg_slice base_slice = { "config", base_keys, NULL };

/* The registry: slices in order, and every key flattened with its slice. */
static const pm_cfg_slice *slices[PM_CFG_SLICES_MAX] = { &base_slice };
static size_t nslices = 1;
static const pm_cfg_key *schema[PM_CFG_KEYS_MAX];
static const pm_cfg_slice *schema_slice[PM_CFG_KEYS_MAX];
static size_t nschema;

static void
schema_init(void)
{
	const pm_cfg_key *k;

	if (nschema > 0)
		return;
	for (k = base_keys; k->path != NULL; k++) {
		schema_slice[nschema] = &base_slice;
		schema[nschema++] = k;
	}
}

static int key_index(const char *path);

int
pm_config_register(const pm_cfg_slice *slice)
{
	const pm_cfg_key *k;
	size_t i, n = 0;

	schema_init();
	for (i = 0; i < nslices; i++)
		if (slices[i] == slice)
			return 0;
	for (k = slice->keys; k != NULL && k->path != NULL; k++, n++)
		if (key_index(k->path) >= 0)
			return -1;
	if (nslices == PM_CFG_SLICES_MAX || nschema + n > PM_CFG_KEYS_MAX)
		return -1;
	slices[nslices++] = slice;
	for (k = slice->keys; k != NULL && k->path != NULL; k++) {
		schema_slice[nschema] = slice;
		schema[nschema++] = k;
	}
	return 0;
}

const pm_cfg_key *
pm_config_key(size_t i)
{
	schema_init();
	return i < nschema ? schema[i] : NULL;
}

const pm_cfg_slice *
pm_config_key_slice(size_t i)
{
	schema_init();
	return i < nschema ? schema_slice[i] : NULL;
}

int
pm_config_check(const pm_config *cfg, pm_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < nslices; i++)
		if (slices[i]->check != NULL && (rc = slices[i]->check(cfg, err)) != 0)
			return rc;
	return 0;
}

/* Longest dotted path worth building; anything longer is unknown anyway. */
#define PATH_MAX_CFG 128

struct cfgval {
	const char *str;        /* effective text: default or the file's scalar */
	int64_t num;            /* INT value, BOOL 0/1, ENUM index, SPAN seconds */
	int set;                /* the file set it */
	int line;
	const pm_ynode *node;   /* TREE: the file's node */
};

struct pm_config {
	char *file;             /* NULL on defaults */
	pm_ydoc *doc;
	size_t nkeys;
	struct cfgval *v;
};

static int
key_index(const char *path)
{
	size_t i;

	if (path == NULL)
		return -1;
	schema_init();
	for (i = 0; i < nschema; i++)
		if (strcmp(schema[i]->path, path) == 0)
			return (int)i;
	return -1;
}

/* 1 when path names a level above some key ("money" for "money.rounding"). */
static int
is_level(const char *path, size_t len)
{
	size_t i;

	schema_init();
	for (i = 0; i < nschema; i++) {
		const char *k = schema[i]->path;

		if (strncmp(k, path, len) == 0 && k[len] == '.')
			return 1;
	}
	return 0;
}

/* Index of word in "a|b|c", or -1. */
static int
choice_index(const char *choices, const char *word)
{
	size_t wl = strlen(word), l;
	const char *c, *bar;
	int i;

	for (i = 0, c = choices; c != NULL; i++, c = bar ? bar + 1 : NULL) {
		bar = strchr(c, '|');
		l = bar ? (size_t)(bar - c) : strlen(c);
		if (l == wl && memcmp(c, word, l) == 0)
			return i;
	}
	return -1;
}

static pm_config *
config_new(void)
{
	pm_config *cfg = pm_xcalloc(1, sizeof *cfg);
	const pm_cfg_key *k;
	pm_span span;
	size_t i;

	schema_init();
	cfg->nkeys = nschema;
	cfg->v = pm_xcalloc(cfg->nkeys, sizeof *cfg->v);
	for (i = 0; i < cfg->nkeys; i++) {
		k = schema[i];
		cfg->v[i].str = k->def != NULL ? k->def : "";
		switch (k->type) {
		case PM_CFG_INT:
			cfg->v[i].num = strtoll(k->def, NULL, 10);
			break;
		case PM_CFG_BOOL:
			cfg->v[i].num = strcmp(k->def, "true") == 0;
			break;
		case PM_CFG_ENUM:
			cfg->v[i].num = choice_index(k->choices, k->def);
			break;
		case PM_CFG_SPAN:
			/* defaults are constants checked by the tests */
			if (pm_span_parse(k->def, &span, NULL) == 0)
				cfg->v[i].num = span.seconds;
			break;
		default:
			break;
		}
	}
	return cfg;
}

pm_config *
pm_config_defaults(void)
{
	return config_new();
}

void
pm_config_free(pm_config *cfg)
{
	if (cfg == NULL)
		return;
	pm_yaml_free(cfg->doc);
	free(cfg->file);
	free(cfg->v);
	free(cfg);
}

/* ---- validation ----------------------------------------------------- */

static const char *
kind_name(const pm_ynode *n)
{
	if (n->kind == PM_Y_MAP)
		return "a mapping";
	if (n->kind == PM_Y_SEQ)
		return "a sequence";
	if (n->plain && n->len == 0)
		return "an empty value";
	return "a string";
}

/*
 * Edit distance with adjacent transpositions counted as one edit
 * ("timezoen"), for "did you mean".  Long strings are never close.
 */
static size_t
distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t d[3][PATH_MAX_CFG + 1];  /* rows i-2, i-1, i, rotating */

	if (la > PATH_MAX_CFG || lb > PATH_MAX_CFG)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++) {
		size_t *cur = d[i % 3], *prev = d[(i - 1) % 3], *prev2 = d[(i + 1) % 3];

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t cost = a[i - 1] != b[j - 1], v;

			v = prev[j] + 1;
			if (cur[j - 1] + 1 < v)
				v = cur[j - 1] + 1;
			if (prev[j - 1] + cost < v)
				v = prev[j - 1] + cost;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
			    && prev2[j - 2] + 1 < v)
				v = prev2[j - 2] + 1;
			cur[j] = v;
		}
	}
	return d[la % 3][lb];
}

/* The closest schema path or level within 2 edits of path, or NULL. */
static const char *
suggest(const char *path, char *buf, size_t size)
{
	size_t best = 3, dist, l, i;
	const char *k, *dot;
	int found = 0;

	for (i = 0; i < nschema; i++) {
		k = schema[i]->path;
		/* the key itself, then each level above it ("money") */
		for (l = strlen(k);; l = (size_t)(dot - k)) {
			char cand[PATH_MAX_CFG + 1];

			if (l > PATH_MAX_CFG)
				break;
			memcpy(cand, k, l);
			cand[l] = '\0';
			if ((dist = distance(path, cand)) < best) {
				best = dist;
				snprintf(buf, size, "%s", cand);
				found = 1;
			}
			for (dot = k + l; dot > k && *--dot != '.';)
				;
			if (dot == k)
				break;
		}
	}
	return found ? buf : NULL;
}

/*
 * Copy file text (or a message quoting it) for an error message: at
 * most max bytes, cut at a character boundary, with control characters
 * (C0, DEL, C1: a double-quoted "\e" makes them) replaced, because the
 * message ends up on a terminal.  out has room for max + 8 bytes.
 */
static void
harmless(char *out, const char *s, size_t max)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0;

	while (u[i] != '\0') {
		/* past max, stop at the next character boundary (at most
		 * 3 bytes on, even if the text is not valid UTF-8) */
		if (i >= max && ((u[i] & 0xC0) != 0x80 || i >= max + 3))
			break;
		if (u[i] < 0x20 || u[i] == 0x7F) {
			out[o++] = '?';
			i++;
		} else if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
			out[o++] = '?';
			i += 2;
		} else {
			out[o++] = (char)u[i++];
		}
	}
	if (u[i] != '\0') {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
}

static int
unknown_key(const pm_ydoc *doc, const pm_ynode *key, const char *path, pm_err *err)
{
	char shown[PATH_MAX_CFG + 4], near[PATH_MAX_CFG + 1];
	const char *s;

	harmless(shown, path, 60);
	if (strchr(key->str, '.') != NULL && (key_index(path) >= 0 || is_level(path, strlen(path))))
		return pm_yaml_error(err, doc, key,
			"unknown key '%s'; write it as nested mappings, one level per line", shown);
	if ((s = suggest(path, near, sizeof near)) != NULL)
		return pm_yaml_error(err, doc, key, "unknown key '%s'; did you mean '%s'?", shown, s);
	return pm_yaml_error(err, doc, key, "unknown key '%s'", shown);
}

static int
check_span(pm_config *cfg, const pm_cfg_key *k, struct cfgval *v, const pm_ynode *n, pm_err *err)
{
	char shown[PM_ERR_MSG + 4];
	pm_span span;
	pm_err e;

	if (n->kind != PM_Y_SCALAR)
		return pm_yaml_error(err, cfg->doc, n, "expected a duration such as 5s, found %s",
			kind_name(n));
	pm_err_clear(&e);
	if (pm_span_parse(n->str, &span, &e) != 0) {
		harmless(shown, e.msg, 300);
		return pm_yaml_error(err, cfg->doc, n, "%s", shown);
	}
	/* a month has no fixed length in seconds, so a timeout cannot be one */
	if (span.months != 0)
		return pm_yaml_error(err, cfg->doc, n,
			"months and years are not allowed here; use s, min, h, d or w");
	if (span.seconds < k->min || span.seconds > k->max) {
		harmless(shown, n->str, 60);
		return pm_yaml_error(err, cfg->doc, n,
			"expected a duration from %llds to %llds, found '%s'",
			(long long)k->min, (long long)k->max, shown);
	}
	v->num = span.seconds;
	return 0;
}

/* Check one value against its schema entry and record it. */
static int
set_value(pm_config *cfg, int idx, const pm_ynode *n, pm_err *err)
{
	const pm_cfg_key *k = schema[idx];
	struct cfgval *v = &cfg->v[idx];
	char shown[PM_ERR_MSG + 4];
	const char *s;
	int b, rc = 0;
	pm_err e;

	switch (k->type) {
	case PM_CFG_STR:
		if ((rc = pm_yaml_str(cfg->doc, n, &s, err)) != 0)
			return rc;
		pm_err_clear(&e);
		if (k->check != NULL && k->check(s, &e) != 0) {
			harmless(shown, e.msg, 300);
			return pm_yaml_error(err, cfg->doc, n, "%s", shown);
		}
		break;
	case PM_CFG_INT:
		rc = pm_yaml_int(cfg->doc, n, k->min, k->max, &v->num, err);
		break;
	case PM_CFG_BOOL:
		if ((rc = pm_yaml_bool(cfg->doc, n, &b, err)) == 0)
			v->num = b;
		break;
	case PM_CFG_ENUM:
		if ((rc = pm_yaml_enum(cfg->doc, n, k->choices, &b, err)) == 0)
			v->num = b;
		break;
	case PM_CFG_SPAN:
		rc = check_span(cfg, k, v, n, err);
		break;
	case PM_CFG_TREE:
		if (n->kind == PM_Y_SCALAR)
			return pm_yaml_error(err, cfg->doc, n,
				"expected a mapping or a sequence, found %s", kind_name(n));
		v->node = n;
		break;
	}
	if (rc != 0)
		return rc;
	v->str = n->kind == PM_Y_SCALAR ? n->str : "(set)";
	v->set = 1;
	v->line = n->line;
	return 0;
}

/* Check every key of map, whose dotted path is prefix ("" at the top). */
static int
walk(pm_config *cfg, const pm_ynode *map, const char *prefix, pm_err *err)
{
	char path[PATH_MAX_CFG + 1];
	const pm_ynode *key, *val;
	size_t i, plen = strlen(prefix);
	int idx, rc;

	for (i = 0; i < map->n; i++) {
		key = map->keys[i];
		val = map->items[i];
		if (plen + 1 + key->len > PATH_MAX_CFG) {
			/* too long to be in the schema: show what fits */
			snprintf(path, sizeof path, "%s%s%.*s", prefix, plen ? "." : "",
				(int)(PATH_MAX_CFG / 2), key->str);
			return unknown_key(cfg->doc, key, path, err);
		}
		snprintf(path, sizeof path, "%s%s%s", prefix, plen ? "." : "", key->str);
		/* "money.rounding:" at the top looks right but is one key
		 * with a dot in it; say how to write it instead of guessing */
		if (strchr(key->str, '.') != NULL)
			return unknown_key(cfg->doc, key, path, err);
		if ((idx = key_index(path)) >= 0 && (size_t)idx < cfg->nkeys) {
			if ((rc = set_value(cfg, idx, val, err)) != 0)
				return rc;
		} else if (is_level(path, strlen(path))) {
			if (val->kind != PM_Y_MAP)
				return pm_yaml_error(err, cfg->doc, val,
					"expected a mapping, found %s", kind_name(val));
			if ((rc = walk(cfg, val, path, err)) != 0)
				return rc;
		} else {
			return unknown_key(cfg->doc, key, path, err);
		}
	}
	return 0;
}

/* Check doc and make the configuration; takes doc in every case. */
static int
from_doc(pm_ydoc *doc, const char *file, pm_config **out, pm_err *err)
{
	pm_config *cfg = config_new();
	int rc;

	cfg->doc = doc;
	cfg->file = pm_xstrdup(file);
	if (doc->root->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, doc->root,
			"expected a mapping of settings at the top level, found %s",
			kind_name(doc->root));
		goto out;
	}
	rc = walk(cfg, doc->root, "", err);
out:
	if (rc != 0) {
		pm_config_free(cfg);
		return rc;
	}
	*out = cfg;
	return 0;
}

int
pm_config_parse(const char *file, const char *data, size_t len, pm_config **out, pm_err *err)
{
	pm_ydoc *doc;
	int rc;

	*out = NULL;
	if (file == NULL)
		file = "-";
	if ((rc = pm_yaml_parse(file, data, len, &doc, err)) != 0)
		return rc;
	return from_doc(doc, file, out, err);
}

static int
load_file(const char *path, pm_config **out, pm_err *err)
{
	pm_ydoc *doc;
	int rc;

	if ((rc = pm_yaml_load(path, &doc, err)) != 0)
		return rc;
	return from_doc(doc, path, out, err);
}

int
pm_config_load(const char *path, pm_config **out, pm_err *err)
{
	char user[4096];
	const char *base, *home;
	int rc, n = -1;

	*out = NULL;
	if (path != NULL)
		return load_file(path, out, err);

	/* XDG: an unset, empty or relative XDG_CONFIG_HOME means ~/.config */
	base = getenv("XDG_CONFIG_HOME");
	if (base != NULL && base[0] == '/') {
		n = snprintf(user, sizeof user, "%s/pm/config.yaml", base);
	} else if ((home = getenv("HOME")) != NULL && home[0] != '\0') {
		n = snprintf(user, sizeof user, "%s/.config/pm/config.yaml", home);
	}
	if (n >= (int)sizeof user)
		return pm_err_set(err, PM_EX_CONFIG,
			_("XDG_CONFIG_HOME or HOME is too long for a file name"));
	/* Only "no such file" moves on to the next place: a file that is
	 * there but unreadable or wrong must not be skipped in silence. */
	if (n >= 0) {
		rc = load_file(user, out, err);
		if (rc != PM_EX_NOINPUT)
			return rc;
	}
	rc = load_file("/etc/pm/config.yaml", out, err);
	if (rc != PM_EX_NOINPUT)
		return rc;
	pm_err_clear(err);
	*out = config_new();
	return 0;
}

/* ---- reading ------------------------------------------------------- */

const char *
pm_config_file(const pm_config *cfg)
{
	return cfg != NULL ? cfg->file : NULL;
}

const char *
pm_config_str(const pm_config *cfg, const char *path)
{
	int i = key_index(path);

	if (i < 0)
		return NULL;
	/* a configuration loaded before the key's slice was registered
	 * has only the default */
	if (cfg == NULL || (size_t)i >= cfg->nkeys)
		return schema[i]->def != NULL ? schema[i]->def : "";
	return cfg->v[i].str;
}

int64_t
pm_config_int(const pm_config *cfg, const char *path)
{
	int i = key_index(path);

	return i >= 0 && cfg != NULL && (size_t)i < cfg->nkeys ? cfg->v[i].num : 0;
}

int64_t
pm_config_span(const pm_config *cfg, const char *path)
{
	int i = key_index(path);

	return i >= 0 && cfg != NULL && (size_t)i < cfg->nkeys ? cfg->v[i].num : 0;
}

int
pm_config_is_set(const pm_config *cfg, const char *path)
{
	int i = key_index(path);

	return i >= 0 && cfg != NULL && (size_t)i < cfg->nkeys ? cfg->v[i].set : 0;
}

const pm_ynode *
pm_config_node(const pm_config *cfg, const char *path)
{
	int i = key_index(path);

	return i >= 0 && cfg != NULL && (size_t)i < cfg->nkeys ? cfg->v[i].node : NULL;
}

const pm_ydoc *
pm_config_doc(const pm_config *cfg)
{
	return cfg != NULL ? cfg->doc : NULL;
}

int
pm_config_each(const pm_config *cfg,
	int (*fn)(void *ctx, const char *path, const char *value, const char *source),
	void *ctx)
{
	const pm_cfg_key *k;
	const struct cfgval *v;
	char *src = NULL;
	const char *value;
	size_t i, size = 0;
	int rc = 0;

	if (cfg->file != NULL) {
		size = strlen(cfg->file) + 24;  /* ":" and any int */
		src = pm_xcalloc(size, 1);
	}
	for (i = 0; i < cfg->nkeys && rc == 0; i++) {
		k = schema[i];
		v = &cfg->v[i];
		value = v->str;
		if (k->type == PM_CFG_TREE)
			value = v->set ? "(set)" : "(default)";
		if (v->set) {
			snprintf(src, size, "%s:%d", cfg->file, v->line);
			rc = fn(ctx, k->path, value, src);
		} else {
			rc = fn(ctx, k->path, value, "default");
		}
	}
	free(src);
	return rc;
}
