/* plan_gen.c — the plan generator: plan run, due, calendar; see plan_gen.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "calendar.h"
#include "category.h"
#include "i18n.h"
#include "plan_gen.h"
#include "text.h"
#include "unit.h"
#include "workorder.h"
#include "yaml.h"

/* How far before the watermark (or the series' first day) a run looks
 * for occurrences that shift previous moved earlier than their nominal
 * time (no other shift moves one earlier). */
#define LOOKBACK (31 * INT64_C(86400))
#define BACK(a) ((a)->shift == PM_SHIFT_PREVIOUS ? LOOKBACK : 0)

enum mode { RUN, DUE, CAL };

/* A row of plan due, held until the window is sorted. */
struct held {
	pm_time due, at, nominal;
	int64_t item_id, version, equip_id, w;
	int timed;
	char *plan, *key, *site, *title, *equip, *kind, *status;
	char occ[24];
};

struct gen {
	pm_ctx *ctx;
	enum mode mode;
	const pm_plan_gen_filter *f;
	pm_calendar *cal;
	pm_category *types;
	pm_wo_batch *batch;
	pm_time through;        /* RUN: the end of the day run through */
	pm_time from, to;       /* DUE: the window; CAL: the year */
	pm_plan_occ_fn fn;
	void *arg;
	int64_t made;
	pm_err *err;
	/* the item */
	const pm_plan_item *it;
	pm_ydoc *cdoc;          /* its checklist, parsed */
	const char **checklist;
	int nchecklist;
	/* the equipment */
	const pm_plan_target *t;
	pm_time lower;          /* the series' first day */
	char last[24];          /* the watermark: the greatest key made, or "" */
	char type[200];         /* the jobs' fault type, or "" for the default */
	/* DUE */
	struct held *held;
	size_t nheld, cap;
};

/* 00:00 of the day after t's local day. */
static pm_time
next_day(pm_time t)
{
	pm_date d;

	if (pm_date_add_days(pm_date_of(t), 1, &d) != 0)
		return t;
	return pm_date_start(d);
}

/* A new zeroed row of plan due. */
static struct held *
held_push(struct gen *g)
{
	struct held *h;

	if (g->nheld == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 64;
		if ((h = realloc(g->held, g->cap * sizeof *g->held)) == NULL)
			abort();        /* as pm_xcalloc: nothing useful to do without memory */
		g->held = h;
	}
	h = &g->held[g->nheld++];
	memset(h, 0, sizeof *h);
	return h;
}

/* The event's UID: item, equipment and key, letters and digits only
 * ("M3-E7-20270315", an hourly one "M3-E7-20270315T0800"). */
static void
uid_of(char *uid, size_t size, int64_t item, int64_t equip, const char *key)
{
	size_t i, n = (size_t)snprintf(uid, size, "M%lld-E%lld-", (long long)item,
	    (long long)equip);

	for (i = 0; key[i] != '\0' && n + 1 < size; i++) {
		if (key[i] == ' ')
			uid[n++] = 'T';
		else if (key[i] != '-' && key[i] != ':')
			uid[n++] = key[i];
	}
	uid[n] = '\0';
}

/* Fill o from the rule's occurrence r for the current item and equipment. */
static void
occ_of(const struct gen *g, const pm_recur_occ *r, pm_plan_occ *o)
{
	const pm_recur *rule = &g->it->rule;

	memset(o, 0, sizeof *o);
	o->it = g->it;
	o->equip_id = g->t->id;
	o->equip = g->t->code;
	o->kind = g->t->kind;
	o->nominal = r->nominal;
	o->at = r->at;
	o->timed = rule->freq == PM_RECUR_HOURS || rule->has_at;
	o->due = o->timed ? r->at : next_day(r->at);
	pm_recur_key(rule, r, o->key, sizeof o->key);
	uid_of(o->uid, sizeof o->uid, g->it->id, g->t->id, o->key);
}

/* ---- making a job ---------------------------------------------------------- */

static int
make_job(struct gen *g, const pm_plan_occ *o)
{
	const pm_plan_item *it = g->it;
	pm_plan_occ out = *o;
	pm_wo_in in;
	int existed, rc;

	memset(&in, 0, sizeof in);
	in.title = it->title;
	in.text = it->task;
	in.equip_id = o->equip_id;
	in.type = g->type[0] != '\0' ? g->type : NULL;
	in.priority = "normal";
	in.dept = it->dept;
	in.plan_item = it->id;
	in.plan_version = it->version;
	in.occurrence = o->key;
	in.due = o->due;
	in.has_due = 1;
	in.est_minutes = it->minutes;
	in.assignee = it->person;
	in.checklist = g->checklist;
	in.nchecklist = g->nchecklist;
	if ((rc = pm_workorder_batch_new(g->batch, &in, &out.w, &existed, g->err)) != 0)
		return pm_err_prefix(g->err, "%s:%s %s %s", it->plan, it->key, o->equip, o->key);
	if (existed)
		return 0;
	snprintf(g->last, sizeof g->last, "%s", o->key);
	g->made++;
	out.status = it->person != NULL ? "assigned" : "new";
	return g->fn != NULL ? g->fn(g->arg, &out) : 0;
}

/* ---- the series ------------------------------------------------------------ */

/* An occurrence of the series (not before its first day) that is not
 * made yet (after the watermark)? */
static int
fresh(const struct gen *g, const pm_plan_occ *o)
{
	if (o->nominal < g->lower)
		return 0;
	return g->last[0] == '\0' || strcmp(o->key, g->last) > 0;
}

static int
each_occ(void *arg, const pm_recur_occ *r)
{
	struct gen *g = arg;
	pm_plan_occ o;

	occ_of(g, r, &o);
	switch (g->mode) {
	case RUN:
		if (o.at - g->it->lead > g->through || !fresh(g, &o))
			return 0;
		return make_job(g, &o) != 0 ? -1 : 0;
	case DUE:
		if (!fresh(g, &o) || o.due < g->from || o.due > g->to)
			return 0;
		break;
	case CAL:
		if (o.nominal < g->lower)
			return 0;
		break;
	}
	if (g->mode == DUE) {
		struct held *h;
		h = held_push(g);
		h->due = o.due;
		h->at = o.at;
		h->nominal = o.nominal;
		h->item_id = g->it->id;
		h->version = g->it->version;
		h->equip_id = o.equip_id;
		h->timed = o.timed;
		h->plan = pm_xstrdup(g->it->plan);
		h->key = pm_xstrdup(g->it->key);
		h->site = pm_xstrdup(g->it->site);
		h->title = pm_xstrdup(g->it->title);
		h->equip = pm_xstrdup(o.equip);
		h->kind = pm_xstrdup(o.kind);
		snprintf(h->occ, sizeof h->occ, "%s", o.key);
		return 0;
	}
	return g->fn(g->arg, &o) != 0 ? -1 : 0;
}

/* The greatest key made for the item and equipment into g->last, and
 * the latest completion. */
static int
watermark(struct gen *g, pm_time *done, int *has_done, int64_t *open)
{
	pm_db *db = g->ctx->db;
	int found, rc;

	g->last[0] = '\0';
	*has_done = 0;
	*open = 0;
	if ((rc = pm_db_get_text(db, g->err, g->last, sizeof g->last, &found,
	    "SELECT max(occurrence) FROM workorder WHERE plan_item_id = ?1 AND equipment_id = ?2",
	    "ii", g->it->id, g->t->id)) != 0)
		return rc;
	if (!found)
		g->last[0] = '\0';
	if (g->it->anchor.mode != PM_RECUR_COMPLETION || g->last[0] == '\0')
		return 0;
	if ((rc = pm_db_get_int(db, g->err, done, &found, "SELECT max(done_at) FROM workorder "
	    "WHERE plan_item_id = ?1 AND equipment_id = ?2 AND (status = 'done' OR "
	    "status = 'verified')", "ii", g->it->id, g->t->id)) != 0)
		return rc;
	*has_done = found && *done != 0;
	return pm_db_get_int(db, g->err, open, NULL, "SELECT count(*) FROM workorder "
	    "WHERE plan_item_id = ?1 AND equipment_id = ?2 AND status <> 'done' AND "
	    "status <> 'verified' AND status <> 'cancelled'", "ii", g->it->id, g->t->id);
}

/* The nominal time of key k of the current rule. */
static int
key_time(struct gen *g, const char *k, pm_time *out)
{
	return pm_time_parse(k, 0, out, g->err);
}

/* Completion anchoring, run: the one next job, when none is out. */
static int
run_completion(struct gen *g, const pm_recur_anchor *a, int64_t open)
{
	pm_recur_occ r;
	pm_plan_occ o;
	pm_time after;
	int i, rc;

	if (open > 0)
		return 0;
	if (g->last[0] == '\0')
		after = g->lower - 1;
	else if ((rc = key_time(g, g->last, &after)) != 0)
		return rc;
	for (i = 0; i < 4; i++) {
		rc = pm_recur_next(&g->it->rule, a, g->cal, after, &r, g->err);
		if (rc == PM_EX_NOTFOUND)
			return 0;
		if (rc != 0)
			return rc;
		occ_of(g, &r, &o);
		if (o.at - g->it->lead > g->through)
			return 0;
		if (fresh(g, &o))
			return make_job(g, &o);
		after = r.at;
	}
	return 0;
}

/* The job type: the kind's top level when it is a fault type. */
static void
type_of(struct gen *g, const char *kind)
{
	char top[101];
	const char *attr;
	size_t n = strcspn(kind, "/");
	pm_err e;

	g->type[0] = '\0';
	if (n >= sizeof top)
		return;
	memcpy(top, kind, n);
	top[n] = '\0';
	if (pm_category_find(g->types, top, g->type, sizeof g->type, &attr, &e) != 0)
		g->type[0] = '\0';
}

static int
each_target(void *arg, const pm_plan_target *t)
{
	struct gen *g = arg;
	pm_recur_anchor a = g->it->anchor;
	pm_time from, to, done = 0, wm;
	int64_t open = 0;
	int has_done = 0, rc;

	g->t = t;
	g->lower = pm_time_day_start(a.start);
	if (t->installed != NULL) {
		pm_time inst;
		if (pm_time_parse(t->installed, 0, &inst, g->err) != 0)
			return g->err->status;
		if (inst > g->lower)
			g->lower = inst;
	}
	if (g->mode == CAL) {
		g->last[0] = '\0';
		/* the projection from the last completion */
		if (a.mode == PM_RECUR_COMPLETION &&
		    (rc = watermark(g, &done, &has_done, &open)) != 0)
			return rc;
		a.done = done;
		a.has_done = has_done;
		g->last[0] = '\0';
		return pm_recur_each(&g->it->rule, &a, g->cal, g->from, g->to, each_occ, g, g->err);
	}
	if ((rc = watermark(g, &done, &has_done, &open)) != 0)
		return rc;
	a.done = done;
	a.has_done = has_done;
	if (g->mode == RUN) {
		type_of(g, t->kind);
		if (a.mode == PM_RECUR_COMPLETION)
			return run_completion(g, &a, open);
		to = g->through + g->it->lead;
	} else {
		to = g->to;
	}
	from = g->lower;
	if (g->last[0] != '\0') {
		if ((rc = key_time(g, g->last, &wm)) != 0)
			return rc;
		if (wm > from)
			from = wm;
	}
	if (g->mode == DUE && g->from > from)
		from = g->from;
	return pm_recur_each(&g->it->rule, &a, g->cal, from - BACK(&a), to, each_occ, g, g->err);
}

/* The checklist of an item: its JSON array of strings, which is YAML
 * too (a flow sequence of double-quoted scalars). */
static int
checklist_of(struct gen *g, const pm_plan_item *it)
{
	const pm_ynode *root;
	size_t i;

	pm_yaml_free(g->cdoc);
	g->cdoc = NULL;
	free(g->checklist);
	g->checklist = NULL;
	g->nchecklist = 0;
	if (it->checklist == NULL || g->mode != RUN)
		return 0;
	if (pm_yaml_parse("checklist", it->checklist, strlen(it->checklist), &g->cdoc, g->err) != 0)
		return g->err->status;
	root = g->cdoc->root;
	if (root == NULL || root->kind != PM_Y_SEQ)
		return 0;
	g->checklist = pm_xcalloc(root->n ? root->n : 1, sizeof *g->checklist);
	for (i = 0; i < root->n; i++)
		if (root->items[i]->str != NULL)
			g->checklist[g->nchecklist++] = root->items[i]->str;
	return 0;
}

static int
each_item(void *arg, const pm_plan_item *it)
{
	struct gen *g = arg;
	int rc;

	if (g->f != NULL && g->f->site != NULL && strcmp(it->site, g->f->site) != 0)
		return 0;
	g->it = it;
	if ((rc = checklist_of(g, it)) != 0)
		return rc;
	return pm_plan_targets_each(g->ctx, it, each_target, g, g->err);
}

/* Open what every mode needs; check the filter names something. */
static int
gen_open(struct gen *g, pm_ctx *ctx, enum mode mode, const pm_plan_gen_filter *f, pm_err *err)
{
	int64_t id;
	int found, rc;

	memset(g, 0, sizeof *g);
	g->ctx = ctx;
	g->mode = mode;
	g->f = f;
	g->err = err;
	if (f != NULL && f->site != NULL &&
	    (rc = pm_unit_site_find(ctx, f->site, 0, &id, err)) != 0)
		return rc;
	if (f != NULL && f->plan != NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, &id, &found, "SELECT id FROM plan WHERE code = ?1",
		    "t", f->plan)) != 0)
			return rc;
		if (!found)
			return pm_text_fail(err, PM_EX_NOINPUT, _("plan %s: no such plan"), f->plan);
	}
	return pm_calendar_open(ctx, &g->cal, err);
}

static void
gen_close(struct gen *g)
{
	size_t i;

	for (i = 0; i < g->nheld; i++) {
		struct held *h = &g->held[i];
		free(h->plan);
		free(h->key);
		free(h->site);
		free(h->title);
		free(h->equip);
		free(h->kind);
		free(h->status);
	}
	free(g->held);
	pm_yaml_free(g->cdoc);
	free(g->checklist);
	pm_workorder_batch_free(g->batch);
	pm_category_free(g->types);
	pm_calendar_free(g->cal);
}

int
pm_plan_gen_run(pm_ctx *ctx, pm_time through, pm_plan_occ_fn fn, void *arg, int64_t *made,
    pm_err *err)
{
	struct gen g;
	int rc;

	*made = 0;
	if ((rc = pm_perm_check(ctx, "plan.run", err)) != 0)
		return rc;
	if ((rc = gen_open(&g, ctx, RUN, NULL, err)) != 0 ||
	    (rc = pm_category_load(ctx->cfg, &pm_workorder_types, &g.types, err)) != 0 ||
	    (rc = pm_workorder_batch_open(ctx, &g.batch, err)) != 0)
		goto out;
	/* through the end of its day: its last second */
	g.through = next_day(through) - 1;
	g.fn = fn;
	g.arg = arg;
	rc = pm_plan_items_each(ctx, NULL, 0, each_item, &g, err);
	*made = g.made;
out:
	gen_close(&g);
	return rc;
}

/* ---- due ------------------------------------------------------------------- */

static int
held_cmp(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;
	int c;

	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->item_id != b->item_id)
		return a->item_id < b->item_id ? -1 : 1;
	if ((c = strcmp(a->equip, b->equip)) != 0)
		return c;
	return strcmp(a->occ, b->occ);
}

/* The open plan jobs due in the window (due_at: workorder_due). */
static int
due_made(struct gen *g)
{
	pm_stmt *st = NULL;
	int rc, step;

	if ((rc = pm_db_prepare(g->ctx->db, "SELECT w.due_at, w.id, w.plan_item_id, w.plan_version, "
	    "w.equipment_id, w.occurrence, w.status, p.code, i.key, s.code, i.title, e.code, e.kind, "
	    "i.recurrence FROM workorder w JOIN plan_item i ON i.id = w.plan_item_id "
	    "JOIN plan p ON p.id = i.plan_id JOIN site s ON s.id = w.site_id "
	    "JOIN equipment e ON e.id = w.equipment_id "
	    "WHERE w.due_at >= ?1 AND w.due_at <= ?2 AND w.plan_item_id IS NOT NULL "
	    "AND w.status <> 'done' AND (?3 = '' OR p.code = ?3) AND (?4 = '' OR s.code = ?4)",
	    &st, g->err)) != 0)
		return rc;
	pm_stmt_bindf(st, "iitt", g->from, g->to,
	    g->f != NULL && g->f->plan != NULL ? g->f->plan : "",
	    g->f != NULL && g->f->site != NULL ? g->f->site : "");
	while ((step = pm_stmt_step(st, g->err)) == 1) {
		struct held *h;
		pm_recur r;
		pm_err e;

		h = held_push(g);
		h->due = pm_stmt_int(st, 0);
		h->w = pm_stmt_int(st, 1);
		h->item_id = pm_stmt_int(st, 2);
		h->version = pm_stmt_int(st, 3);
		h->equip_id = pm_stmt_int(st, 4);
		snprintf(h->occ, sizeof h->occ, "%s", pm_stmt_text(st, 5));
		h->status = pm_xstrdup(pm_stmt_text(st, 6));
		h->plan = pm_xstrdup(pm_stmt_text(st, 7));
		h->key = pm_xstrdup(pm_stmt_text(st, 8));
		h->site = pm_xstrdup(pm_stmt_text(st, 9));
		h->title = pm_xstrdup(pm_stmt_text(st, 10));
		h->equip = pm_xstrdup(pm_stmt_text(st, 11));
		h->kind = pm_xstrdup(pm_stmt_text(st, 12));
		h->timed = strlen(h->occ) > 10 ||
		    (pm_recur_parse(pm_stmt_text(st, 13), &r, &e) == 0 && r.has_at);
		/* an all-day job is due by the end of its day: it falls on that day */
		h->at = h->timed ? h->due : h->due - 1;
		if (pm_time_parse(h->occ, 0, &h->nominal, g->err) != 0) {
			pm_stmt_free(st);
			return g->err->status;
		}
	}
	pm_stmt_free(st);
	return step < 0 ? g->err->status : 0;
}

int
pm_plan_gen_due(pm_ctx *ctx, const pm_plan_gen_filter *f, pm_time from, pm_time to,
    pm_plan_occ_fn fn, void *arg, pm_err *err)
{
	struct gen g;
	pm_plan_item it;
	pm_plan_occ o;
	size_t i;
	int rc;

	if ((rc = gen_open(&g, ctx, DUE, f, err)) != 0)
		goto out;
	g.from = from;
	g.to = to;
	if ((rc = due_made(&g)) != 0 ||
	    (rc = pm_plan_items_each(ctx, f != NULL ? f->plan : NULL, 0, each_item, &g, err)) != 0)
		goto out;
	qsort(g.held, g.nheld, sizeof *g.held, held_cmp);
	for (i = 0; i < g.nheld && rc == 0; i++) {
		const struct held *h = &g.held[i];
		memset(&it, 0, sizeof it);
		memset(&o, 0, sizeof o);
		it.id = h->item_id;
		it.version = h->version;
		it.plan = h->plan;
		it.key = h->key;
		it.site = h->site;
		it.title = h->title;
		o.it = &it;
		o.equip_id = h->equip_id;
		o.equip = h->equip;
		o.kind = h->kind;
		snprintf(o.key, sizeof o.key, "%s", h->occ);
		uid_of(o.uid, sizeof o.uid, h->item_id, h->equip_id, o.key);
		o.nominal = h->nominal;
		o.at = h->at;
		o.due = h->due;
		o.timed = h->timed;
		if (h->w != 0) {
			o.w.type = 'W';
			o.w.n = h->w;
		}
		o.status = h->status;
		rc = fn(arg, &o);
	}
out:
	gen_close(&g);
	return rc;
}

/* ---- calendar -------------------------------------------------------------- */

int
pm_plan_gen_calendar(pm_ctx *ctx, const pm_plan_gen_filter *f, int year, pm_plan_occ_fn fn,
    void *arg, pm_err *err)
{
	struct gen g;
	int rc;

	if (year < 1970 || year > 9999)
		return pm_err_field(err, PM_EX_USAGE, "year", _("year: 1970 to 9999"));
	if ((rc = gen_open(&g, ctx, CAL, f, err)) != 0)
		goto out;
	g.from = pm_time_from_local(year, 1, 1, 0, 0, 0);
	g.to = pm_time_from_local(year + 1, 1, 1, 0, 0, 0) - 1;
	g.fn = fn;
	g.arg = arg;
	rc = pm_plan_items_each(ctx, f != NULL ? f->plan : NULL, 0, each_item, &g, err);
out:
	gen_close(&g);
	return rc;
}
