/*
 * conform.c — pm's readers against conformance suites written by others.
 *
 *	conform [-v] EXTERNAL [yaml|json|csv]...
 *
 * EXTERNAL is the directory of public suites (../shared/external: each
 * folder has a SOURCE file naming origin, commit and licence).  For each
 * suite it prints one line of counts, and a line per case that breaks
 * what pm promises; the exit status is 1 when any does.
 *
 * yaml-test-suite, against lib/base/yaml.c (the strict reader):
 *   - a case marked invalid (a file named "error") must be refused with
 *     a position, "file:line:col: ...";
 *   - a valid case is either read, and then the tree written as the
 *     suite's event stream must equal test.event (scalars compared as
 *     text, plain or quoted; in.json, where the suite has one, must
 *     match too, with the JSON schema's typing undone: 65 matches the
 *     plain scalar "65", null an empty plain scalar), or refused for
 *     one of the restrictions yaml.h and pm-config(5) document, and the
 *     event stream must show the reason (an anchor, a tag, two
 *     documents, a collection as a key); or it is in LIBYAML_REFUSES, the
 *     valid inputs libyaml 0.2.5 itself cannot parse.
 *
 * JSONTestSuite, first against this directory's own JSON parser (jv.c,
 * the judge for everything else: y_ accepted, n_ refused), then against
 * the JSON Lines reader of lib/mech/import.c.  A JSON Lines record is
 * one line holding one object whose values are scalars, so "accepts" a
 * single-line y_ case means: yields exactly that one record with every
 * value as the suite wrote it — or refuses it for one of the record
 * rules import.h documents (a top level that is not an object, a nested
 * object or array, a key twice, \u0000), where jv confirms the rule
 * applies; they are counted apart.  Every n_ case must be refused,
 * except those holding only blanks, which are no record at all in JSON
 * Lines (counted apart).  i_ and test_transform cases must not crash.
 *
 * csv-spectrum, against the CSV reader: each file yields exactly the
 * records of its json/ file; location_coordinates.csv, the one with a
 * bare quote in an unquoted field (RFC 4180 2.5, see the suite's SOURCE
 * notes), must be refused.
 *
 * Crashes are what ASan is for: `make check-asan` runs this too.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "err.h"
#include "import.h"
#include "jsonv.h"
#include "yaml.h"
#include "jv.h"

static int verbose;
static int failures;

static void
failf(const char *fmt, ...)
{
	va_list ap;

	printf("FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	failures++;
}

static void
note(const char *fmt, ...)
{
	va_list ap;

	if (!verbose)
		return;
	printf("  ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- files ---------------------------------------------------------- */

static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	pm_buf b;
	char chunk[65536];
	size_t n;

	if (fp == NULL)
		return NULL;
	pm_buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
		pm_buf_add(&b, chunk, n);
	fclose(fp);
	*len = b.len;
	return pm_buf_detach(&b);
}

static int
exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static int
is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The entries of dir (no dot files), sorted; NULL-terminated. */
static char **
list_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t n = 0, cap = 0;

	*count = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n + 2 > cap) {
			cap = cap ? cap * 2 : 64;
			v = realloc(v, cap * sizeof *v);
			if (v == NULL)
				abort();
		}
		v[n++] = pm_xstrdup(e->d_name);
	}
	closedir(d);
	if (v == NULL)
		return NULL;
	qsort(v, n, sizeof *v, cmp_str);
	v[n] = NULL;
	*count = n;
	return v;
}

static void
free_list(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

static char *
path2(const char *a, const char *b)
{
	pm_buf p;

	pm_buf_init(&p);
	pm_buf_addf(&p, "%s/%s", a, b);
	return pm_buf_detach(&p);
}

/* "file:line:col: " at the start of msg, for file. */
static int
has_position(const char *msg, const char *file)
{
	size_t n = strlen(file);
	const char *p;
	int k;

	if (strncmp(msg, file, n) != 0 || msg[n] != ':')
		return 0;
	p = msg + n + 1;
	for (k = 0; k < 2; k++) {
		if (*p < '1' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p++ != ':')
			return 0;
	}
	return *p == ' ';
}

/* ---- YAML ----------------------------------------------------------- */

/*
 * Valid cases libyaml 0.2.5 itself refuses with a syntax error: YAML 1.2
 * constructs it does not implement.  pm's reader is libyaml plus
 * refusals, so it cannot read them either; the list is here so that a
 * new refusal, or a libyaml that learns one, shows up as a change.
 */
static const char *const LIBYAML_REFUSES[] = {
	/* reserved and future directives (%FOO, %YAML 1.3) */
	"2LFX", "6LVF", "BEC7", "MUS6/05", "MUS6/06",
	/* flow collections: keys and values across lines, empty keys,
	 * ':' right after a flow key */
	"4ABK", "4MUZ/00", "4MUZ/01", "4MUZ/02", "58MP", "5MUD", "5T43", "9SA2",
	"CFD4", "FRK4", "HM87/00", "K3WX", "NJ66", "UT92", "VJP3/01",
	/* plain characters, separation and indentation edge cases */
	"6BCT", "A2M4", "DBG4", "S3PD", "UKK6/00", "Y79Y/010",
	/* zero-indented block scalars, empty lines at the end */
	"DK3J", "FP8R", "NHX8",
	/* empty keys: a stream of ":", and 2JQS's two of them (which pm
	 * would refuse as a duplicate key) */
	"SM9W/01", "2JQS",
	/* "?x" in a flow collection, which libyaml reads as the key "x":
	 * yaml.c refuses it rather than misread it */
	"652Z", "HM87/01",
	NULL
};

/* The documented restrictions, by the words of their messages (yaml.c). */
static const struct restriction {
	const char *words;
	const char *name;
} RESTRICTIONS[] = {
	{ "anchors and aliases are not allowed", "anchors/aliases" },
	{ "tags are not allowed", "tags" },
	{ "more than one document", "several documents" },
	{ "empty document", "empty document" },
	{ "duplicate key", "duplicate key" },
	{ "a mapping key must be a scalar", "collection as key" },
	{ "tab in indentation", "tab in indentation" },
	{ "control character", "control character" },
	{ "NUL ", "NUL" },
	{ "nested deeper", "depth" },
	{ "UTF-", "encoding" },
};
#define NRESTR (sizeof RESTRICTIONS / sizeof RESTRICTIONS[0])

/* What the suite's test.event shows, and the stream without styles. */
struct events {
	pm_buf norm;            /* +DOC, +MAP, +SEQ, =VAL :text / =VAL "text, =ALI, -… */
	int docs;
	int anchors, aliases, tags;
	int complex_keys;       /* a collection where a key is due */
	int empty_doc;          /* a document holding only an empty plain scalar */
};

static unsigned char libyaml_seen[64];

static int
in_list(const char *const *list, const char *id)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], id) == 0) {
			if (i < sizeof libyaml_seen)
				libyaml_seen[i] = 1;
			return 1;
		}
	return 0;
}

/*
 * Normalise test.event: document and collection markers without their
 * "---", "{}", "[]"; anchors and tags counted and dropped; a scalar's
 * style reduced to plain (':') or not ('"'), which is what pm keeps.
 */
static void
read_events(const char *text, struct events *ev)
{
	const char *line = text, *nl, *p;
	/* per open collection: is it a map, and how many nodes it holds */
	int ismap[256], count[256], depth = 0, node, docnodes = 0, docplainempty = 0;

	memset(ev, 0, sizeof *ev);
	pm_buf_init(&ev->norm);
	for (; *line != '\0'; line = nl + 1) {
		char kind[5];

		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (nl - line < 4)
			goto next;
		memcpy(kind, line, 4);
		kind[4] = '\0';
		p = line + 4;
		node = 0;
		if (strcmp(kind, "+STR") == 0 || strcmp(kind, "-STR") == 0)
			goto next;
		if (strcmp(kind, "+DOC") == 0) {
			ev->docs++;
			docnodes = 0;
			docplainempty = 0;
			pm_buf_adds(&ev->norm, "+DOC\n");
			goto next;
		}
		if (strcmp(kind, "-DOC") == 0) {
			if (docnodes == 1 && docplainempty)
				ev->empty_doc = 1;
			pm_buf_adds(&ev->norm, "-DOC\n");
			goto next;
		}
		if (strcmp(kind, "-MAP") == 0 || strcmp(kind, "-SEQ") == 0) {
			if (depth > 0)
				depth--;
			pm_buf_addf(&ev->norm, "%s\n", kind);
			goto next;
		}
		if (strcmp(kind, "=ALI") == 0) {
			ev->aliases++;
			pm_buf_adds(&ev->norm, "=ALI\n");
			node = 1;
		}
		/* properties: " {}" / " []", " &anchor", " <tag>" */
		while (!node && *p == ' ') {
			if (p[1] == '&') {
				ev->anchors++;
				p += 2;
				while (p < nl && *p != ' ')
					p++;
			} else if (p[1] == '<') {
				ev->tags++;
				p = strchr(p, '>');
				p = p != NULL && p < nl ? p + 1 : nl;
			} else if ((p[1] == '{' && p[2] == '}') || (p[1] == '[' && p[2] == ']')) {
				p += 3;
			} else {
				break;
			}
		}
		if (strcmp(kind, "+MAP") == 0 || strcmp(kind, "+SEQ") == 0) {
			pm_buf_addf(&ev->norm, "%s\n", kind);
			if (depth > 0 && ismap[depth - 1] && count[depth - 1] % 2 == 0)
				ev->complex_keys++;
			if (depth > 0)
				count[depth - 1]++;
			else
				docnodes++;
			if (depth < 256) {
				ismap[depth] = kind[1] == 'M';
				count[depth] = 0;
				depth++;
			}
			goto next;
		}
		if (strcmp(kind, "=VAL") == 0 && *p == ' ') {
			p++;
			pm_buf_addf(&ev->norm, "=VAL %c", *p == ':' ? ':' : '"');
			if (p < nl)
				pm_buf_add(&ev->norm, p + 1, (size_t)(nl - p - 1));
			pm_buf_addc(&ev->norm, '\n');
			if (depth == 0) {
				docnodes++;
				docplainempty = *p == ':' && p + 1 == nl;
			}
			node = 1;
		}
		if (node && depth > 0)
			count[depth - 1]++;
		else if (node && strcmp(kind, "=ALI") == 0)
			docnodes++;
next:
		if (*nl == '\0')
			break;
	}
}

/* The scalar as test.event writes it: \\ \b \n \r \t escaped. */
static void
event_text(pm_buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\\': pm_buf_adds(b, "\\\\"); break;
		case '\b': pm_buf_adds(b, "\\b"); break;
		case '\n': pm_buf_adds(b, "\\n"); break;
		case '\r': pm_buf_adds(b, "\\r"); break;
		case '\t': pm_buf_adds(b, "\\t"); break;
		default: pm_buf_addc(b, s[i]); break;
		}
	}
}

static void
tree_events(pm_buf *b, const pm_ynode *n)
{
	size_t i;

	switch (n->kind) {
	case PM_Y_SCALAR:
		pm_buf_addf(b, "=VAL %c", n->plain ? ':' : '"');
		event_text(b, n->str, n->len);
		pm_buf_addc(b, '\n');
		break;
	case PM_Y_MAP:
		pm_buf_adds(b, "+MAP\n");
		for (i = 0; i < n->n; i++) {
			tree_events(b, n->keys[i]);
			tree_events(b, n->items[i]);
		}
		pm_buf_adds(b, "-MAP\n");
		break;
	case PM_Y_SEQ:
		pm_buf_adds(b, "+SEQ\n");
		for (i = 0; i < n->n; i++)
			tree_events(b, n->items[i]);
		pm_buf_adds(b, "-SEQ\n");
		break;
	}
}

static int
text_is(const pm_ynode *n, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strcmp(n->str, words[i]) == 0)
			return 1;
	return 0;
}

/* A plain scalar that the YAML 1.2 core schema reads as this number. */
static int
same_number(const pm_ynode *n, const jv *v)
{
	char *end;
	double a, b;

	if (n->len == 0)
		return 0;
	errno = 0;
	a = strtod(n->str, &end);
	if (*end != '\0')
		return 0;
	b = strtod(v->s, NULL);
	return a == b;
}

/* in.json, with the JSON schema's typing undone on pm's side. */
static int
tree_matches_json(const pm_ynode *n, const jv *v)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL", NULL };
	static const char *const trues[] = { "true", "True", "TRUE", NULL };
	static const char *const falses[] = { "false", "False", "FALSE", NULL };
	size_t i;

	switch (v->type) {
	case JV_STR:
		return n->kind == PM_Y_SCALAR && n->len == v->len && memcmp(n->str, v->s, v->len) == 0;
	case JV_NULL:
		return n->kind == PM_Y_SCALAR && n->plain && text_is(n, nulls);
	case JV_TRUE:
		return n->kind == PM_Y_SCALAR && n->plain && text_is(n, trues);
	case JV_FALSE:
		return n->kind == PM_Y_SCALAR && n->plain && text_is(n, falses);
	case JV_NUM:
		return n->kind == PM_Y_SCALAR && n->plain && same_number(n, v);
	case JV_ARR:
		if (n->kind != PM_Y_SEQ || n->n != v->n)
			return 0;
		for (i = 0; i < v->n; i++)
			if (!tree_matches_json(n->items[i], v->items[i]))
				return 0;
		return 1;
	case JV_OBJ:
		/* unordered, as JSON objects are (RR7F's in.json reorders) */
		if (n->kind != PM_Y_MAP || n->n != v->n)
			return 0;
		for (i = 0; i < v->n; i++) {
			size_t j;

			for (j = 0; j < n->n; j++)
				if (n->keys[j]->len == v->keys[i]->len &&
				    memcmp(n->keys[j]->str, v->keys[i]->s, v->keys[i]->len) == 0)
					break;
			if (j == n->n || !tree_matches_json(n->items[j], v->items[i]))
				return 0;
		}
		return 1;
	}
	return 0;
}

/* Does the case show the restriction it was refused for? */
static int
shows(const struct events *ev, const char *name, const char *yaml)
{
	const char *p;

	if (strcmp(name, "anchors/aliases") == 0)
		return ev->anchors + ev->aliases > 0;
	if (strcmp(name, "tags") == 0)
		return ev->tags > 0 || strstr(yaml, "%TAG") != NULL;
	if (strcmp(name, "several documents") == 0)
		return ev->docs > 1;
	if (strcmp(name, "empty document") == 0)
		return ev->docs == 0 || ev->empty_doc;
	if (strcmp(name, "collection as key") == 0)
		return ev->complex_keys > 0;
	if (strcmp(name, "tab in indentation") == 0) {
		/* a line whose leading blanks hold a tab */
		for (p = yaml; *p != '\0'; p++) {
			if (p != yaml && p[-1] != '\n')
				continue;
			while (*p == ' ')
				p++;
			if (*p == '\t')
				return 1;
		}
		return 0;
	}
	/* duplicate keys, characters, depth: the reader's own rules,
	 * which the event stream cannot show */
	return 1;
}

/* A restriction the case has, whatever libyaml thinks of it. */
static const char *
restricted_anyway(const struct events *ev, const char *yaml)
{
	static const char *const names[] = { "anchors/aliases", "tags", "several documents",
	    "empty document", "collection as key", "tab in indentation", NULL };
	size_t i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(names[i], "tags") == 0 ? ev->tags > 0 : shows(ev, names[i], yaml))
			return names[i];
	return NULL;
}

struct ycount {
	int cases, invalid, valid;
	int read, json_checked;
	int refused_invalid;
	int restricted[NRESTR];
	int libyaml, libyaml_restricted;
};

static void
yaml_case(const char *root, const char *id, struct ycount *k)
{
	char *dir = path2(root, id), *yp = path2(dir, "in.yaml"), *ep = path2(dir, "test.event");
	char *jp = path2(dir, "in.json"), *errp = path2(dir, "error");
	char *yaml = NULL, *evtext = NULL, *json = NULL;
	char name[256], why[256];
	size_t ylen, elen, jlen;
	struct events ev;
	pm_ydoc *doc = NULL;
	pm_err err;
	pm_buf got;
	size_t r;
	int rc, invalid = exists(errp), known = in_list(LIBYAML_REFUSES, id);
	const char *also;
	jv *want;

	pm_buf_init(&got);
	pm_buf_init(&ev.norm);
	snprintf(name, sizeof name, "%s/in.yaml", id);
	if ((yaml = slurp(yp, &ylen)) == NULL || (evtext = slurp(ep, &elen)) == NULL) {
		failf("yaml %s: cannot read the case", id);
		goto out;
	}
	k->cases++;
	pm_buf_free(&ev.norm);
	read_events(evtext, &ev);
	pm_err_clear(&err);
	rc = pm_yaml_parse(name, yaml, ylen, &doc, &err);
	if (invalid) {
		k->invalid++;
		if (rc == 0)
			failf("yaml %s (%s): invalid, but read", id, name);
		else if (!has_position(err.msg, name))
			failf("yaml %s: refused without a position: %s", id, err.msg);
		else
			k->refused_invalid++;
		note("%s invalid: %s", id, rc ? err.msg : "READ");
		goto out;
	}
	k->valid++;
	if (rc != 0) {
		if (!has_position(err.msg, name) && strstr(err.msg, "larger than") == NULL) {
			failf("yaml %s: refused without a position: %s", id, err.msg);
			goto out;
		}
		for (r = 0; r < NRESTR; r++)
			if (strstr(err.msg, RESTRICTIONS[r].words) != NULL)
				break;
		if (r < NRESTR) {
			if (!shows(&ev, RESTRICTIONS[r].name, yaml))
				failf("yaml %s: refused for %s, which the case does not have: %s",
				    id, RESTRICTIONS[r].name, err.msg);
			else
				k->restricted[r]++;
		} else if ((also = restricted_anyway(&ev, yaml)) != NULL) {
			k->libyaml_restricted++;
			note("%s: libyaml refuses it, and it has %s", id, also);
		} else if (known) {
			k->libyaml++;
		} else {
			failf("yaml %s: valid, refused: %s", id, err.msg);
		}
		note("%s valid, refused: %s", id, err.msg);
		goto out;
	}
	if (known)
		failf("yaml %s: read, but listed in LIBYAML_REFUSES (remove it)", id);
	pm_buf_adds(&got, "+DOC\n");
	tree_events(&got, doc->root);
	pm_buf_adds(&got, "-DOC\n");
	if (strcmp(got.s, ev.norm.s) != 0) {
		failf("yaml %s: read, but not as test.event says", id);
		if (verbose)
			printf("--- want\n%s--- got\n%s", ev.norm.s, got.s);
		goto out;
	}
	k->read++;
	if ((json = slurp(jp, &jlen)) != NULL) {
		if ((want = jv_parse(json, jlen, 0, why, sizeof why)) == NULL) {
			failf("yaml %s: in.json: %s", id, why);
		} else {
			if (!tree_matches_json(doc->root, want))
				failf("yaml %s: read, but the tree does not match in.json", id);
			else
				k->json_checked++;
			jv_free(want);
		}
	}
	note("%s read", id);
out:
	pm_yaml_free(doc);
	pm_buf_free(&got);
	pm_buf_free(&ev.norm);
	free(yaml);
	free(evtext);
	free(json);
	free(dir);
	free(yp);
	free(ep);
	free(jp);
	free(errp);
}

static void
yaml_suite(const char *ext)
{
	char *root = path2(ext, "yaml-test-suite/data"), **ids, **subs, *d, *y;
	struct ycount k;
	size_t n, m, i, j, r;
	pm_buf id, line;
	int restricted = 0;

	memset(&k, 0, sizeof k);
	if ((ids = list_dir(root, &n)) == NULL) {
		failf("yaml-test-suite: no cases in %s", root);
		free(root);
		return;
	}
	pm_buf_init(&id);
	for (i = 0; i < n; i++) {
		d = path2(root, ids[i]);
		y = path2(d, "in.yaml");
		if (exists(y)) {
			yaml_case(root, ids[i], &k);
		} else if ((subs = list_dir(d, &m)) != NULL) {
			/* a case in several variants: ID/00, ID/01 … */
			for (j = 0; j < m; j++) {
				pm_buf_reset(&id);
				pm_buf_addf(&id, "%s/%s", ids[i], subs[j]);
				yaml_case(root, id.s, &k);
			}
			free_list(subs);
		}
		free(y);
		free(d);
	}
	for (i = 0; LIBYAML_REFUSES[i] != NULL; i++)
		if (i >= sizeof libyaml_seen || !libyaml_seen[i])
			failf("yaml %s: in LIBYAML_REFUSES, but not in the suite", LIBYAML_REFUSES[i]);
	pm_buf_init(&line);
	for (r = 0; r < NRESTR; r++) {
		if (k.restricted[r] == 0)
			continue;
		pm_buf_addf(&line, "%s%s %d", restricted ? ", " : "", RESTRICTIONS[r].name,
		    k.restricted[r]);
		restricted += k.restricted[r];
	}
	printf("yaml-test-suite: %d cases (%d invalid, %d valid): %d refused (invalid, with a position); "
	    "%d read (%d also checked against in.json), %d refused (restriction: %s), "
	    "%d that libyaml 0.2.5 cannot read (%d with a restriction anyway, %d known losses)\n",
	    k.cases, k.invalid, k.valid, k.refused_invalid, k.read, k.json_checked, restricted,
	    line.s, k.libyaml + k.libyaml_restricted, k.libyaml_restricted, k.libyaml);
	pm_buf_free(&line);
	pm_buf_free(&id);
	free_list(ids);
	free(root);
}

/* ---- JSON ----------------------------------------------------------- */

/* Run the JSON Lines reader over a file with these columns. */
struct jrun {
	int rc;                 /* 0, or the refusal's status */
	int records;
	pm_err err;
	char **vals;            /* the first record's values (NULL: absent) */
};

static void
jrun_free(struct jrun *r, int ncols)
{
	int c;

	if (r->vals != NULL)
		for (c = 0; c < ncols; c++)
			free(r->vals[c]);
	free(r->vals);
	r->vals = NULL;
}

static void
jsonl_read(const char *path, char **names, int ncols, struct jrun *r)
{
	pm_icol *cols = pm_xcalloc((size_t)ncols + 1, sizeof *cols);
	pm_import *imp = NULL;
	const char *v;
	int c, rc;

	memset(r, 0, sizeof *r);
	for (c = 0; c < ncols; c++)
		cols[c].name = names[c];
	pm_err_clear(&r->err);
	rc = pm_import_open(path, PM_IFMT_JSONL, cols, ncols, &imp, &r->err);
	while (rc == 0 && (rc = pm_import_next(imp, &r->err)) == 1) {
		if (r->records++ == 0) {
			r->vals = pm_xcalloc((size_t)ncols + 1, sizeof *r->vals);
			for (c = 0; c < ncols; c++)
				if ((v = pm_import_get(imp, c)) != NULL)
					r->vals[c] = pm_xstrdup(v);
		}
		rc = 0;
	}
	r->rc = rc;
	pm_import_close(imp);
	free(cols);
}

/*
 * The reader refuses keys it does not know, so give it the keys the
 * case has: those jv found, then each one the reader names as unknown.
 */
static void
jsonl_try(const char *path, const jv *top, struct jrun *r, char ***pnames, int *pncols)
{
	char **names = pm_xcalloc(64, sizeof *names);
	int ncols = 0, tries;
	size_t i;
	const char *q, *e;

	if (top != NULL && top->type == JV_OBJ)
		for (i = 0; i < top->n && ncols < 32; i++)
			if (strlen(top->keys[i]->s) == top->keys[i]->len)
				names[ncols++] = pm_xstrdup(top->keys[i]->s);
	for (tries = 0;; tries++) {
		jsonl_read(path, names, ncols, r);
		if (r->rc == 0 || tries > 16 || ncols >= 60 ||
		    (q = strstr(r->err.msg, ": unknown column '")) == NULL)
			break;
		q += strlen(": unknown column '");
		if ((e = strchr(q, '\'')) == NULL)
			break;
		jrun_free(r, ncols);
		names[ncols++] = strndup(q, (size_t)(e - q));
	}
	*pnames = names;
	*pncols = ncols;
}

static int
has_nul(const jv *v)
{
	size_t i;

	if (v->type == JV_STR)
		return memchr(v->s, '\0', v->len) != NULL;
	for (i = 0; i < v->n; i++)
		if ((v->keys != NULL && has_nul(v->keys[i])) || has_nul(v->items[i]))
			return 1;
	return 0;
}

static int
has_duplicate(const jv *v)
{
	size_t i, j;

	for (i = 0; i < v->n; i++)
		for (j = 0; j < i; j++)
			if (v->keys[i]->len == v->keys[j]->len &&
			    memcmp(v->keys[i]->s, v->keys[j]->s, v->keys[i]->len) == 0)
				return 1;
	return 0;
}

static int
has_nested(const jv *v)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (v->items[i]->type == JV_ARR || v->items[i]->type == JV_OBJ)
			return 1;
	return 0;
}

/* The value the reader must give for v: text as written, NULL for null. */
static int
same_value(const char *got, const jv *v)
{
	switch (v->type) {
	case JV_NULL: return got == NULL;
	case JV_TRUE: return got != NULL && strcmp(got, "true") == 0;
	case JV_FALSE: return got != NULL && strcmp(got, "false") == 0;
	case JV_NUM:
	case JV_STR: return got != NULL && strlen(got) == v->len && memcmp(got, v->s, v->len) == 0;
	default: return 0;
	}
}

enum { R_NOTOBJ, R_NESTED, R_DUP, R_NUL, NRULES };
static const char *const RULE_NAME[NRULES] = {
	"not an object", "nested value", "key twice", "\\u0000"
};
static const char *const RULE_WORDS[NRULES] = {
	"expected '{'", "values must be strings", "twice", "\\u0000 is not allowed"
};

struct jcount {
	int y, y_multi, y_accepted, y_rule[NRULES], n, n_refused, n_blank, i, i_accepted,
	    t, t_accepted;
	int self_y, self_n, self_i_acc, self_total;
	int w, w_read, w_refused, w_rule, w_i_differ, w_skip;
	int v_total, v_y, v_n, v_i_acc, v_agree;
};

/* Blanks only, after the UTF-8 byte order mark import.h says is skipped. */
static int
blank_only(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/*
 * The value level: most y_ cases are a top-level array of one value or a
 * bare value, which a record cannot be.  Written as the record
 * {"v": value} they test the reader's strings, escapes and numbers;
 * jv's verdict on that record (and the record rules) is what the reader
 * must do: an n_ case that jv still finds invalid must be refused (one
 * that the rewriting made valid is left out); i_ cases are counted as
 * agreeing or not.
 */
static void
json_wrapped(const char *data, size_t len, const char *file, struct jcount *k)
{
	char tmpl[4096], why[256], **names = NULL;
	const char *tmpdir = getenv("TMPDIR");
	size_t a = 0, b = len, i;
	pm_buf w;
	struct jrun r;
	jv *top;
	FILE *fp;
	int fd, ncols = 0, rule = -1, agree;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		return;
	while (a < b && strchr(" \t\r\n", data[a]) != NULL)
		a++;
	while (b > a && strchr(" \t\r\n", data[b - 1]) != NULL)
		b--;
	if (a == b || data[a] == '{')
		return;
	pm_buf_init(&w);
	pm_buf_adds(&w, "{\"v\":");
	if (data[a] == '[' && data[b - 1] == ']' && b - a >= 2)
		pm_buf_add(&w, data + a + 1, b - a - 2);
	else
		pm_buf_add(&w, data + a, b - a);
	pm_buf_adds(&w, "}\n");
	if (memchr(w.s, '\n', w.len - 1) != NULL) {
		pm_buf_free(&w);
		return;
	}
	top = jv_parse(w.s, w.len, 0, why, sizeof why);
	if (file[0] == 'n' && top != NULL) {
		/* the rewriting made it valid ("[1]]" is no such case, but
		 * some could be): nothing to say about it */
		k->w_skip++;
		jv_free(top);
		pm_buf_free(&w);
		return;
	}
	snprintf(tmpl, sizeof tmpl, "%s/pm-conform-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if ((fd = mkstemp(tmpl)) < 0 || (fp = fdopen(fd, "wb")) == NULL) {
		failf("json %s: cannot write a temporary file", file);
		pm_buf_free(&w);
		jv_free(top);
		return;
	}
	fwrite(w.s, 1, w.len, fp);
	fclose(fp);
	jsonl_try(tmpl, top, &r, &names, &ncols);
	unlink(tmpl);
	if (top != NULL) {
		if (has_nested(top))
			rule = R_NESTED;
		else if (has_nul(top))
			rule = R_NUL;
	}
	if (top == NULL)
		agree = r.rc != 0;
	else if (rule >= 0)
		agree = r.rc != 0 && strstr(r.err.msg, RULE_WORDS[rule]) != NULL;
	else
		agree = r.rc == 0 && r.records == 1 && ncols == 1 &&
		    same_value(r.vals[0], top->items[0]);
	k->w++;
	if (agree && top == NULL)
		k->w_refused++;
	else if (agree && rule >= 0)
		k->w_rule++;
	else if (agree)
		k->w_read++;
	else if (file[0] == 'i')
		k->w_i_differ++;
	else
		failf("jsonl %s as %.*s: %s", file, (int)(w.len > 80 ? 80 : w.len - 1), w.s,
		    r.rc ? r.err.msg : top ? "value read differently" : "read, though invalid");
	note("%s wrapped: %s", file, agree ? "agrees" : "differs");
	jrun_free(&r, ncols);
	for (i = 0; i < (size_t)ncols; i++)
		free(names[i]);
	free(names);
	jv_free(top);
	pm_buf_free(&w);
}

/* jsonv's node and jv's are the same kind of value. */
static int
same_type(const pm_jv *a, const jv *b)
{
	switch (a->type) {
	case PM_JV_NULL: return b->type == JV_NULL;
	case PM_JV_BOOL: return b->type == (a->b ? JV_TRUE : JV_FALSE);
	case PM_JV_INT: case PM_JV_NUM: return b->type == JV_NUM;
	case PM_JV_STR: return b->type == JV_STR;
	case PM_JV_ARR: return b->type == JV_ARR;
	case PM_JV_OBJ: return b->type == JV_OBJ;
	}
	return 0;
}

static void
json_case(const char *dir, const char *file, int transform, struct jcount *k)
{
	char *path = path2(dir, file), *data, why[256], **names = NULL;
	size_t len, c;
	int single, ncols = 0, rule = -1, i;
	struct jrun r;
	jv *top;

	if ((data = slurp(path, &len)) == NULL) {
		failf("json %s: cannot read", file);
		free(path);
		return;
	}
	/* one line, or one line and its newline */
	single = memchr(data, '\n', len) == NULL ||
	    (memchr(data, '\n', len) == data + len - 1);
	top = jv_parse(data, len, 0, why, sizeof why);
	/* the judge first */
	if (!transform) {
		k->self_total++;
		if (file[0] == 'y' && top == NULL)
			failf("jv (the tests' JSON parser) refuses %s: %s", file, why);
		else if (file[0] == 'n' && top != NULL)
			failf("jv (the tests' JSON parser) accepts %s", file);
		else if (file[0] == 'y')
			k->self_y++;
		else if (file[0] == 'n')
			k->self_n++;
		else if (top != NULL)
			k->self_i_acc++;
	}
	/* lib/base/jsonv.c, the reader merge uses: y_ read, n_ refused, i_
	 * either; where it reads, it agrees with jv on the shape */
	{
		pm_jv *mine = NULL;
		pm_err e;
		int rc = pm_jv_parse(data, len, file, NULL, &mine, &e);
		if (!transform) {
			k->v_total++;
			if (file[0] == 'y' && rc != 0)
				failf("jsonv refuses %s: %s", file, e.msg);
			else if (file[0] == 'n' && rc == 0)
				failf("jsonv accepts %s", file);
			else if (file[0] == 'y')
				k->v_y++;
			else if (file[0] == 'n')
				k->v_n++;
			else if (rc == 0)
				k->v_i_acc++;
		}
		if (rc != 0 && (e.status != PM_EX_DATAERR || strchr(e.msg, '\n') != NULL ||
		    strncmp(e.msg, file, strlen(file)) != 0))
			failf("jsonv %s: a refusal not as jsonv.h says: %s", file, e.msg);
		if (rc == 0 && top != NULL && !same_type(mine, top))
			failf("jsonv %s: a %s where jv reads another type", file,
			    pm_jv_type_name(mine->type));
		else if (rc == 0 && top != NULL)
			k->v_agree++;
		pm_jv_free(mine);
	}
	jsonl_try(path, top, &r, &names, &ncols);
	if (single && !transform)
		json_wrapped(data, len, file, k);
	if (transform) {
		k->t++;
		k->t_accepted += r.rc == 0;
	} else if (file[0] == 'i') {
		k->i++;
		k->i_accepted += r.rc == 0;
	} else if (file[0] == 'n') {
		k->n++;
		if (r.rc != 0)
			k->n_refused++;
		else if (blank_only(data, len) && r.records == 0)
			k->n_blank++;
		else
			failf("jsonl %s: invalid JSON, but read (%d records)", file, r.records);
	} else if (!single) {
		k->y++;
		k->y_multi++;
	} else {
		k->y++;
		if (top == NULL)
			goto out;       /* reported by the judge */
		if (top->type != JV_OBJ)
			rule = R_NOTOBJ;
		else if (has_nested(top))
			rule = R_NESTED;
		else if (has_duplicate(top))
			rule = R_DUP;
		else if (has_nul(top))
			rule = R_NUL;
		if (rule >= 0) {
			if (r.rc == 0)
				failf("jsonl %s: read, though %s", file, RULE_NAME[rule]);
			else if (strstr(r.err.msg, RULE_WORDS[rule]) == NULL)
				failf("jsonl %s: refused, but not as %s: %s", file,
				    RULE_NAME[rule], r.err.msg);
			else
				k->y_rule[rule]++;
		} else if (r.rc != 0) {
			failf("jsonl %s: valid, refused: %s", file, r.err.msg);
		} else if (r.records != 1) {
			failf("jsonl %s: %d records, want 1", file, r.records);
		} else {
			for (c = 0; c < top->n; c++) {
				for (i = 0; i < ncols; i++)
					if (strcmp(names[i], top->keys[c]->s) == 0)
						break;
				if (i == ncols || !same_value(r.vals[i], top->items[c])) {
					failf("jsonl %s: key '%s' read as '%s'", file, top->keys[c]->s,
					    i < ncols && r.vals[i] ? r.vals[i] : "(none)");
					break;
				}
			}
			if (c == top->n)
				k->y_accepted++;
		}
	}
out:
	note("%s: %s%s", file, r.rc ? "refused: " : "read", r.rc ? r.err.msg : "");
	jrun_free(&r, ncols);
	for (i = 0; i < ncols; i++)
		free(names[i]);
	free(names);
	jv_free(top);
	free(data);
	free(path);
}

static void
json_suite(const char *ext)
{
	char *pdir = path2(ext, "JSONTestSuite/test_parsing");
	char *tdir = path2(ext, "JSONTestSuite/test_transform");
	char **files;
	size_t n, i;
	struct jcount k;

	memset(&k, 0, sizeof k);
	if ((files = list_dir(pdir, &n)) == NULL) {
		failf("JSONTestSuite: no cases in %s", pdir);
		goto out;
	}
	for (i = 0; i < n; i++)
		json_case(pdir, files[i], 0, &k);
	free_list(files);
	if ((files = list_dir(tdir, &n)) != NULL) {
		for (i = 0; i < n; i++)
			json_case(tdir, files[i], 1, &k);
		free_list(files);
	}
	printf("JSONTestSuite, the tests' own JSON parser (tests/conform/jv.c): %d cases: "
	    "%d y_ accepted, %d n_ refused, %d i_ accepted\n",
	    k.self_total, k.self_y, k.self_n, k.self_i_acc);
	printf("JSONTestSuite, lib/base/jsonv.c: %d cases: %d y_ accepted, %d n_ refused, "
	    "%d i_ accepted; %d read alike by jv\n", k.v_total, k.v_y, k.v_n, k.v_i_acc, k.v_agree);
	printf("JSONTestSuite, JSON Lines import: %d y_: %d read exactly, %d refused by record rule "
	    "(%s %d, %s %d, %s %d, %s %d), %d multi-line (not a JSON Lines record); "
	    "%d n_: %d refused, %d blank (no record); %d i_: %d read, %d refused; "
	    "%d test_transform: %d read, %d refused; no crash\n",
	    k.y, k.y_accepted, k.y_rule[0] + k.y_rule[1] + k.y_rule[2] + k.y_rule[3],
	    RULE_NAME[0], k.y_rule[0], RULE_NAME[1], k.y_rule[1], RULE_NAME[2], k.y_rule[2],
	    RULE_NAME[3], k.y_rule[3], k.y_multi,
	    k.n, k.n_refused, k.n_blank, k.i, k.i_accepted, k.i - k.i_accepted,
	    k.t, k.t_accepted, k.t - k.t_accepted);
	printf("JSONTestSuite, values as the record {\"v\": value}: %d cases: %d read exactly, "
	    "%d refused as jv refuses them, %d refused by record rule, %d i_ where pm and jv differ "
	    "(%d n_ left out: valid once rewritten)\n",
	    k.w, k.w_read, k.w_refused, k.w_rule, k.w_i_differ, k.w_skip);
out:
	free(pdir);
	free(tdir);
}

/* ---- CSV ------------------------------------------------------------ */

/* RFC 4180 2.5: a field with a quote must be quoted; this one is not. */
static const char CSV_BREAKS_RFC[] = "location_coordinates.csv";

static void
csv_file(const char *root, const char *file, int *ok, int *records, int *refused)
{
	char *cdir = path2(root, "csvs"), *jdir = path2(root, "json");
	char *cpath = path2(cdir, file), *jpath, *json = NULL, why[256];
	pm_icol *cols = NULL;
	pm_import *imp = NULL;
	pm_err err;
	jv *want = NULL;
	const jv *row;
	size_t len, c, nrec = 0, ncols;
	const char *v;
	pm_buf jp;
	int rc;

	pm_buf_init(&jp);
	/* csvs/X.csv -> json/X.json */
	pm_buf_addf(&jp, "%s/%.*s.json", jdir, (int)(strlen(file) - 4), file);
	jpath = pm_buf_detach(&jp);
	pm_err_clear(&err);
	if (strcmp(file, CSV_BREAKS_RFC) == 0) {
		/* its header, so that only the record can be refused (the
		 * suite's expected JSON for it is wrong, see SOURCE) */
		static const pm_icol lc[] = { { "Contact Phone Number", 1 },
		    { "Location Coordinates", 1 }, { "Cities", 1 }, { "Counties", 1 } };

		rc = pm_import_open(cpath, PM_IFMT_CSV, lc, 4, &imp, &err);
		while (rc == 0 && (rc = pm_import_next(imp, &err)) == 1)
			rc = 0;
		if (rc == 0)
			failf("csv %s: breaks RFC 4180 2.5, but read", file);
		else if (strstr(err.msg, "quote") == NULL)
			failf("csv %s: refused, but not for its quote: %s", file, err.msg);
		else
			(*refused)++;
		note("%s: %s", file, err.msg);
		goto out;
	}
	if ((json = slurp(jpath, &len)) == NULL ||
	    (want = jv_parse(json, len, 0, why, sizeof why)) == NULL || want->type != JV_ARR ||
	    want->n == 0 || want->items[0]->type != JV_OBJ) {
		failf("csv %s: no usable expected records in %s", file, jpath);
		goto out;
	}
	ncols = want->items[0]->n;
	cols = pm_xcalloc(ncols + 1, sizeof *cols);
	for (c = 0; c < ncols; c++) {
		cols[c].name = want->items[0]->keys[c]->s;
		cols[c].required = 1;
	}
	rc = pm_import_open(cpath, PM_IFMT_CSV, cols, (int)ncols, &imp, &err);
	while (rc == 0 && (rc = pm_import_next(imp, &err)) == 1) {
		rc = 0;
		if (nrec >= want->n) {
			nrec++;
			continue;
		}
		row = want->items[nrec++];
		for (c = 0; c < ncols; c++) {
			const jv *w = jv_get(row, cols[c].name);

			v = pm_import_get(imp, (int)c);
			if (w == NULL || w->type != JV_STR || v == NULL || strlen(v) != w->len ||
			    memcmp(v, w->s, w->len) != 0) {
				failf("csv %s: record %zu, '%s' read as '%s'", file, nrec,
				    cols[c].name, v ? v : "(none)");
				goto out;
			}
		}
	}
	if (rc != 0) {
		failf("csv %s: refused: %s", file, err.msg);
		goto out;
	}
	if (nrec != want->n) {
		failf("csv %s: %zu records, want %zu", file, nrec, want->n);
		goto out;
	}
	(*ok)++;
	*records += (int)nrec;
	note("%s: %zu records as expected", file, nrec);
out:
	pm_import_close(imp);
	jv_free(want);
	free(cols);
	free(json);
	free(jpath);
	free(cpath);
	free(cdir);
	free(jdir);
}

static void
csv_suite(const char *ext)
{
	char *root = path2(ext, "csv-spectrum"), *cdir = path2(root, "csvs"), **files;
	size_t n, i;
	int ok = 0, records = 0, refused = 0, total = 0, saw_breaker = 0;

	if ((files = list_dir(cdir, &n)) == NULL) {
		failf("csv-spectrum: no files in %s", cdir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (strlen(files[i]) < 5 || strcmp(files[i] + strlen(files[i]) - 4, ".csv") != 0)
			continue;
		total++;
		saw_breaker |= strcmp(files[i], CSV_BREAKS_RFC) == 0;
		csv_file(root, files[i], &ok, &records, &refused);
	}
	if (!saw_breaker)
		failf("csv-spectrum: %s is missing", CSV_BREAKS_RFC);
	printf("csv-spectrum: %d files: %d read as expected (%d records), %d refused "
	    "(%s: a bare quote in an unquoted field, RFC 4180 2.5)\n",
	    total, ok, records, refused, CSV_BREAKS_RFC);
	free_list(files);
out:
	free(cdir);
	free(root);
}

int
main(int argc, char **argv)
{
	const char *ext;
	int i = 1, all;

	if (i < argc && strcmp(argv[i], "-v") == 0) {
		verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: conform [-v] EXTERNAL [yaml|json|csv]...\n");
		return 64;
	}
	ext = argv[i++];
	if (!is_dir(ext)) {
		fprintf(stderr, "conform: %s: not a directory\n", ext);
		return 66;
	}
	all = i == argc;
	for (; all || i < argc; i++) {
		if (all || strcmp(argv[i], "yaml") == 0)
			yaml_suite(ext);
		if (all || strcmp(argv[i], "json") == 0)
			json_suite(ext);
		if (all || strcmp(argv[i], "csv") == 0)
			csv_suite(ext);
		if (all)
			break;
	}
	if (failures > 0)
		printf("conformance: %d failure%s\n", failures, failures == 1 ? "" : "s");
	return failures > 0;
}
