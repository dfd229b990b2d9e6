/* deadline.c — limit policies; see deadline.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "deadline.h"
#include "text.h"

struct pm_deadline {
	const pm_dl_spec *spec;
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

/* "a, b and c" of the limit names, for messages. */
static void
limit_names(const pm_dl_spec *spec, const char *last, pm_buf *b)
{
	int j;

	for (j = 0; j < spec->nlimits; j++)
		pm_buf_addf(b, "%s%s", j == 0 ? "" : j + 1 == spec->nlimits ? last : ", ",
		    spec->limits[j]);
}

static int
unknown_key(const pm_ydoc *doc, const pm_ynode *k, const pm_dl_spec *spec, pm_err *err)
{
	pm_buf b, names;
	int j, rc;

	pm_buf_init(&b);
	pm_buf_init(&names);
	pm_text_safe(&b, k->str);
	for (j = 0; j < spec->nkeys; j++)
		pm_buf_addf(&names, "%s, ", spec->keys[j]);
	limit_names(spec, ", ", &names);
	rc = pm_yaml_error(err, doc, k, "unknown key '%.40s' in a limit rule (%s, clock)", b.s,
	    names.s);
	pm_buf_free(&b);
	pm_buf_free(&names);
	return rc;
}

static int
load_rule(const pm_ydoc *doc, const pm_ynode *m, const pm_dl_spec *spec, pm_dl_rule *r,
    pm_err *err)
{
	const pm_ynode *lim[PM_DL_LIMITS], *k;
	const char *s;
	pm_buf names;
	pm_err e;
	size_t i;
	int j, idx, rc;

	pm_buf_init(&names);
	limit_names(spec, " and ", &names);
	if (m->kind != PM_Y_MAP) {
		rc = pm_yaml_error(err, doc, m, "expected a rule (a mapping with %s)", names.s);
		goto out;
	}
	memset(r, 0, sizeof *r);
	memset(lim, 0, sizeof lim);
	r->clock = PM_CLOCK_CALENDAR;
	for (i = 0, rc = 0; i < m->n && rc == 0; i++) {
		k = m->keys[i];
		for (j = 0; j < spec->nlimits; j++)
			if (strcmp(k->str, spec->limits[j]) == 0)
				break;
		if (j < spec->nlimits) {
			lim[j] = m->items[i];
			continue;
		}
		if (strcmp(k->str, "clock") == 0) {
			if ((rc = pm_yaml_enum(doc, m->items[i], "calendar|business", &idx, err)) == 0)
				r->clock = idx == 1 ? PM_CLOCK_BUSINESS : PM_CLOCK_CALENDAR;
			continue;
		}
		for (j = 0; j < spec->nkeys; j++)
			if (strcmp(k->str, spec->keys[j]) == 0)
				break;
		if (j == spec->nkeys) {
			rc = unknown_key(doc, k, spec, err);
		} else if ((rc = pm_yaml_str(doc, m->items[i], &s, err)) == 0) {
			if (spec->check != NULL && spec->check(spec->arg, j, s, &e) != 0)
				rc = pm_yaml_error(err, doc, m->items[i], "%s", e.msg);
			else
				r->val[j] = s;
		}
	}
	for (j = 0; j < spec->nlimits && rc == 0; j++)
		if (lim[j] == NULL)
			rc = pm_yaml_error(err, doc, m, "a limit rule needs %s", names.s);
	for (j = 0; j < spec->nlimits && rc == 0; j++)
		rc = check_span(doc, lim[j], r->clock, &r->span[j], err);
out:
	pm_buf_free(&names);
	return rc;
}

int
pm_deadline_load(const pm_config *cfg, const pm_dl_spec *spec, pm_deadline **out,
    pm_err *err)
{
	const pm_ynode *node = pm_config_node(cfg, spec->path);
	const pm_ydoc *doc = pm_config_doc(cfg);
	pm_deadline *p = pm_xcalloc(1, sizeof *p);
	size_t i, ncfg = 0;
	int rc = 0;

	*out = NULL;
	p->spec = spec;
	p->nkeys = spec->nkeys;
	if (spec->nkeys > PM_DL_KEYS || spec->nlimits > PM_DL_LIMITS || spec->nlimits < 1) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("%s: 1 to %d limits and at most %d keys"),
		    spec->path, PM_DL_LIMITS, PM_DL_KEYS);
		goto out;
	}
	if (node != NULL && node->kind != PM_Y_SEQ) {
		rc = pm_yaml_error(err, doc, node, "%s: expected a sequence of limit rules",
		    spec->path);
		goto out;
	}
	if (node != NULL)
		ncfg = node->n;
	p->r = pm_xcalloc(ncfg + spec->ndef, sizeof *p->r);
	for (i = 0; i < ncfg; i++)
		if ((rc = load_rule(doc, node->items[i], spec, &p->r[p->n++], err)) != 0)
			goto out;
	for (i = 0; i < spec->ndef; i++)
		p->r[p->n++] = spec->defaults[i];
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
pm_deadline_limit(const pm_deadline *p, const char *name)
{
	int j;

	for (j = 0; j < p->spec->nlimits; j++)
		if (strcmp(p->spec->limits[j], name) == 0)
			return j;
	return -1;
}

int
pm_deadline_due(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
    pm_time start, pm_time *due, pm_err *err)
{
	const pm_dl_rule *r = pm_deadline_match(p, attrs);
	int j, rc;

	if (r == NULL)
		return pm_err_set(err, PM_EX_CONFIG, _("no time limit rule matches (add a rule "
		    "without match keys)"));
	for (j = 0; j < p->spec->nlimits; j++)
		if ((rc = pm_deadline_add(cal, r->clock, r->span[j], start, &due[j], err)) != 0)
			return rc;
	return 0;
}

int
pm_deadline_due_one(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
    int limit, pm_time start, pm_time *due, pm_err *err)
{
	const pm_dl_rule *r = pm_deadline_match(p, attrs);

	if (r == NULL)
		return pm_err_set(err, PM_EX_CONFIG, _("no time limit rule matches"));
	return pm_deadline_add(cal, r->clock, r->span[limit], start, due, err);
}

/* ---- a process's policy ---------------------------------------------- */

/* The limits' value check: the tree key's values are entries of the
 * tree, the other keys' are their words. */
static int
policy_value(void *arg, int key, const char *val, pm_err *err)
{
	const pm_dl_policy *p = arg;
	const pm_dl_decl *d = p->decl;
	const char *attr;
	char canon[200];

	if (p->tree != NULL && key == d->tree_key)
		return pm_category_find(p->tree, val, canon, sizeof canon, &attr, err);
	if (d->words[key] != NULL && !pm_text_word(d->words[key], val))
		return pm_err_set(err, PM_EX_CONFIG, _("%s: one of %s"), d->limits.keys[key],
		    d->words[key]);
	return 0;
}

void
pm_dl_policy_free(pm_dl_policy *p)
{
	pm_category_free(p->tree);
	pm_deadline_free(p->dl);
	pm_calendar_free(p->cal);
	memset(p, 0, sizeof *p);
}

int
pm_dl_policy_load(const pm_config *cfg, pm_ctx *ctx, const pm_dl_decl *d, pm_dl_policy *p,
    pm_err *err)
{
	int rc;

	memset(p, 0, sizeof *p);
	p->decl = d;
	p->spec = d->limits;
	p->spec.check = policy_value;
	p->spec.arg = p;
	if ((d->tree != NULL && (rc = pm_category_load(cfg, d->tree, &p->tree, err)) != 0) ||
	    (rc = pm_deadline_load(cfg, &p->spec, &p->dl, err)) != 0 ||
	    (rc = ctx != NULL ? pm_calendar_open(ctx, &p->cal, err) :
	    pm_calendar_load(cfg, &p->cal, err)) != 0)
		pm_dl_policy_free(p);
	return rc;
}

int
pm_dl_policy_check(const pm_config *cfg, const pm_dl_decl *d, pm_err *err)
{
	pm_dl_policy p;
	int rc;

	if ((rc = pm_dl_policy_load(cfg, NULL, d, &p, err)) == 0)
		pm_dl_policy_free(&p);
	return rc;
}
