/* deadline.c — limit policies; see deadline.h. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "deadline.h"
#include "text.h"

struct pm_deadline {
	int nkeys;
	pm_dl_rule *r;          /* configured rules, then the defaults */
	size_t n;
};

void
pm_deadline_free(pm_deadline *p)
{
	if (p == NULL)
		return;
	free(p->r);
	free(p);
}

/* A limit in the file: a duration, positive, no months in business time. */
static int
check_span(const pm_ydoc *doc, const pm_ynode *n, pm_clock clock, const char **out, pm_err *err)
{
	pm_span span;
	pm_err e;
	int rc;

	if ((rc = pm_yaml_str(doc, n, out, err)) != 0)
		return rc;
	if (pm_span_parse(*out, &span, &e) != 0)
		return pm_yaml_error(err, doc, n, "%s", e.msg);
	if (span.seconds < 0 || span.months < 0 || (span.seconds == 0 && span.months == 0))
		return pm_yaml_error(err, doc, n, "a limit must be longer than 0");
	if (span.months != 0 && clock == PM_CLOCK_BUSINESS)
		return pm_yaml_error(err, doc, n, "months and years cannot be counted in business time");
	return 0;
}

static int
load_rule(const pm_ydoc *doc, const pm_ynode *m, const char *const *keys, int nkeys,
    int (*check)(void *arg, int key, const char *val, pm_err *err), void *arg,
    pm_dl_rule *r, pm_err *err)
{
	const pm_ynode *respond = NULL, *resolve = NULL, *k;
	const char *s;
	pm_err e;
	size_t i;
	int j, idx, rc;

	if (m->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, m, "expected a rule (a mapping with respond and resolve)");
	memset(r, 0, sizeof *r);
	r->clock = PM_CLOCK_CALENDAR;
	for (i = 0; i < m->n; i++) {
		k = m->keys[i];
		if (strcmp(k->str, "respond") == 0) {
			respond = m->items[i];
		} else if (strcmp(k->str, "resolve") == 0) {
			resolve = m->items[i];
		} else if (strcmp(k->str, "clock") == 0) {
			if ((rc = pm_yaml_enum(doc, m->items[i], "calendar|business", &idx, err)) != 0)
				return rc;
			r->clock = idx == 1 ? PM_CLOCK_BUSINESS : PM_CLOCK_CALENDAR;
		} else {
			for (j = 0; j < nkeys; j++)
				if (strcmp(k->str, keys[j]) == 0)
					break;
			if (j == nkeys) {
				pm_buf b, names;

				pm_buf_init(&b);
				pm_buf_init(&names);
				pm_text_safe(&b, k->str);
				for (j = 0; j < nkeys; j++)
					pm_buf_addf(&names, "%s, ", keys[j]);
				rc = pm_yaml_error(err, doc, k, "unknown key '%.40s' in a limit rule "
				    "(%srespond, resolve, clock)", b.s, names.s);
				pm_buf_free(&b);
				pm_buf_free(&names);
				return rc;
			}
			if ((rc = pm_yaml_str(doc, m->items[i], &s, err)) != 0)
				return rc;
			if (check != NULL && check(arg, j, s, &e) != 0)
				return pm_yaml_error(err, doc, m->items[i], "%s", e.msg);
			r->val[j] = s;
		}
	}
	if (respond == NULL || resolve == NULL)
		return pm_yaml_error(err, doc, m, "a limit rule needs respond and resolve");
	if ((rc = check_span(doc, respond, r->clock, &r->respond, err)) != 0)
		return rc;
	return check_span(doc, resolve, r->clock, &r->resolve, err);
}

int
pm_deadline_load(const pm_config *cfg, const char *path, const char *const *keys,
    int nkeys, const pm_dl_rule *defaults, size_t ndef,
    int (*check)(void *arg, int key, const char *val, pm_err *err), void *arg,
    pm_deadline **out, pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, path);
	const pm_ydoc *doc = pm_config_doc(cfg);
	pm_deadline *p = pm_xcalloc(1, sizeof *p);
	size_t i, ncfg = 0;
	int rc = 0;

	*out = NULL;
	p->nkeys = nkeys;
	if (node != NULL && node->kind != PM_Y_SEQ) {
		rc = pm_yaml_error(err, doc, node, "%s: expected a sequence of limit rules", path);
		goto out;
	}
	if (node != NULL)
		ncfg = node->n;
	p->r = pm_xcalloc(ncfg + ndef, sizeof *p->r);
	for (i = 0; i < ncfg; i++)
		if ((rc = load_rule(doc, node->items[i], keys, nkeys, check, arg, &p->r[p->n++],
		    err)) != 0)
			goto out;
	for (i = 0; i < ndef; i++)
		p->r[p->n++] = defaults[i];
out:
	if (rc != 0) {
		pm_deadline_free(p);
		return rc;
	}
	*out = p;
	return 0;
}

/* v matches a when equal, or when a is below v in a tree ("a/b"). */
static int
value_matches(const char *v, const char *a)
{
	size_t n = strlen(v);

	if (a == NULL)
		return 0;
	return strncmp(v, a, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

const pm_dl_rule *
pm_deadline_match(const pm_deadline *p, const char *const *attrs)
{
	size_t i;
	int j;

	for (i = 0; i < p->n; i++) {
		for (j = 0; j < p->nkeys; j++)
			if (p->r[i].val[j] != NULL && !value_matches(p->r[i].val[j], attrs[j]))
				break;
		if (j == p->nkeys)
			return &p->r[i];
	}
	return NULL;
}

int
pm_deadline_add(const pm_calendar *cal, pm_clock clock, const char *span, pm_time start,
    pm_time *due, pm_err *err)
{
	pm_span s;
	int rc;

	if ((rc = pm_span_parse(span, &s, err)) != 0)
		return rc;
	return pm_calendar_due(cal, clock, start, s, due, err);
}

int
pm_deadline_due(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
    pm_time start, pm_time *respond, pm_time *resolve, pm_err *err)
{
	const pm_dl_rule *r = pm_deadline_match(p, attrs);
	int rc;

	if (r == NULL)
		return pm_err_set(err, PM_EX_CONFIG, "no time limit rule matches (add a rule "
		    "without match keys)");
	if ((rc = pm_deadline_add(cal, r->clock, r->respond, start, respond, err)) != 0)
		return rc;
	return pm_deadline_add(cal, r->clock, r->resolve, start, resolve, err);
}
