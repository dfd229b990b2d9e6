/* plan.c — maintenance plan files, loading, interval checks; see plan.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "calendar.h"
#include "i18n.h"
#include "id.h"
#include "json.h"
#include "org.h"
#include "plan.h"
#include "text.h"
#include "unit.h"

/* ---- interval rules ---------------------------------------------------- */

static const pm_plan_rule builtin_rules[] = {
	{ "lift-upkeep", "电梯", "维保", "15d", { 15 * 86400, 0 } },
	{ "fire-monthly", "消防", "月检", "1mo", { 0, 1 } },
	{ "fire-yearly", "消防", "年检", "1y", { 0, 12 } },
	{ "tank-clean", "给排水/水箱", "清洗消毒", "6mo", { 0, 6 } },
	{ "water-test", "给排水/水箱", "水质检测", "1mo", { 0, 1 } },
};

int
pm_plan_rules(const pm_config *cfg, pm_plan_rule *rules, size_t *n, pm_err *err)
{
	const pm_ynode *list = cfg != NULL ? pm_config_node(cfg, "plan.intervals") : NULL;
	const pm_ydoc *doc = cfg != NULL ? pm_config_doc(cfg) : NULL;
	size_t i, j, k;
	int rc;

	*n = 0;
	if (list == NULL) {
		memcpy(rules, builtin_rules, sizeof builtin_rules);
		*n = sizeof builtin_rules / sizeof builtin_rules[0];
		return 0;
	}
	if (list->kind != PM_Y_SEQ)
		return pm_yaml_error(err, doc, list, _("expected a list of interval rules"));
	if (list->n > PM_PLAN_RULES_MAX)
		return pm_yaml_error(err, doc, list, _("more than %d interval rules"), PM_PLAN_RULES_MAX);
	for (i = 0; i < list->n; i++) {
		const pm_ynode *m = list->items[i];
		pm_plan_rule *r = &rules[i];
		int have[4] = { 0, 0, 0, 0 };
		pm_err e;

		memset(r, 0, sizeof *r);
		if (m->kind != PM_Y_MAP)
			return pm_yaml_error(err, doc, m, _("expected a mapping (id, kind, task, max)"));
		for (j = 0; j < m->n; j++) {
			const char *key = m->keys[j]->str;
			const pm_ynode *v = m->items[j];
			if (strcmp(key, "id") == 0) {
				rc = pm_yaml_copy(doc, v, r->id, sizeof r->id, err);
				if (rc == 0 && !pm_code_valid(r->id, 32, PM_CODE_UPPER))
					rc = pm_yaml_error(err, doc, v, _("an id is letters, digits, - and _"));
				have[0] = 1;
			} else if (strcmp(key, "kind") == 0) {
				rc = pm_yaml_copy(doc, v, r->kind, sizeof r->kind, err);
				have[1] = 1;
			} else if (strcmp(key, "task") == 0) {
				rc = pm_yaml_copy(doc, v, r->task, sizeof r->task, err);
				have[2] = 1;
			} else if (strcmp(key, "max") == 0) {
				rc = pm_yaml_copy(doc, v, r->max_text, sizeof r->max_text, err);
				if (rc == 0 && (pm_span_parse(r->max_text, &r->max, &e) != 0 ||
				    r->max.seconds < 0 || r->max.months < 0 ||
				    (r->max.seconds == 0 && r->max.months == 0)))
					rc = pm_yaml_error(err, doc, v, _("expected a positive span (15d, 1mo, 1y)"));
				have[3] = 1;
			} else {
				rc = pm_yaml_error(err, doc, m->keys[j], _("unknown key %s (id, kind, task, max)"),
					key);
			}
			if (rc != 0)
				return rc;
		}
		for (j = 0; j < 4; j++)
			if (!have[j])
				return pm_yaml_error(err, doc, m, _("an interval rule needs %s"),
					(const char *[]){ "id", "kind", "task", "max" }[j]);
		for (k = 0; k < i; k++)
			if (strcmp(rules[k].id, r->id) == 0)
				return pm_yaml_error(err, doc, m, _("interval rule %s twice"), r->id);
	}
	*n = list->n;
	return 0;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_plan_rule rules[PM_PLAN_RULES_MAX];
	size_t n;

	return pm_plan_rules(cfg, rules, &n, err);
}

static const pm_cfg_key config_keys[] = {
	{ "plan.intervals", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the longest interval allowed per equipment kind and task (plan check; plan.c checks it)",
	  NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_plan_config = { "plan", config_keys, config_check };

const pm_perm_name pm_plan_perm_names[] = {
	{ "plan.load", "load maintenance plan files" },
	{ "plan.check", "check plans against the interval rules" },
	{ "plan.exempt", "override an interval rule for one piece of equipment" },
	{ "plan.run", "make the work orders that plans fall due (plan run)" },
	{ NULL, NULL }
};

/* ---- the file ---------------------------------------------------------- */

static int
as_data(pm_err *err)
{
	if (err->status == PM_EX_CONFIG)
		err->status = PM_EX_DATAERR;
	return err->status;
}

#define BAD(n, ...) (pm_yaml_error(err, doc, (n), __VA_ARGS__), as_data(err))

/* The shared readers of yaml.h, their errors as data errors. */
static int
text_of(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out, pm_err *err)
{
	return pm_yaml_text(doc, n, max, out, err) != 0 ? as_data(err) : 0;
}

static int
code_of(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out, pm_err *err)
{
	return pm_yaml_code(doc, n, max, out, err) != 0 ? as_data(err) : 0;
}

static int
list_of(const pm_ydoc *doc, const pm_ynode *n, size_t maxchars, const char ***out,
    const pm_ynode ***nodes, size_t *count, pm_err *err)
{
	size_t i;

	if (pm_yaml_texts(doc, n, PM_PLAN_LIST_MAX, maxchars, out, count, err) != 0)
		return as_data(err);
	if (nodes != NULL) {
		*nodes = pm_xcalloc(n->n, sizeof **nodes);
		for (i = 0; i < n->n; i++)
			(*nodes)[i] = n->items[i];
	}
	return 0;
}

static const char *const item_keys =
	"key, title, task, site, kind, equipment, checklist, recurrence, anchor, shift, start, "
	"lead, dept, person, minutes";

static int
item_of(const pm_ydoc *doc, const pm_ynode *m, pm_plan_item_def *it, pm_err *err)
{
	const pm_ynode *need_at = m;
	int64_t v;
	size_t j, k;
	int rc = 0, idx, y, mo, d;
	pm_err e;

	it->node = m;
	if (m->kind != PM_Y_MAP)
		return BAD(m, _("expected a mapping (an item)"));
	for (j = 0; j < m->n; j++) {
		const char *key = m->keys[j]->str;
		const pm_ynode *n = m->items[j];

		if (strcmp(key, "key") == 0) {
			if ((rc = pm_yaml_str(doc, n, &it->key, err)) != 0)
				return as_data(err);
			if (!pm_code_valid(it->key, 64, PM_CODE_UPPER | PM_CODE_DOT))
				return BAD(n, _("a key is 1 to 64 letters, digits, '.', '-' and '_'"));
		} else if (strcmp(key, "title") == 0) {
			rc = text_of(doc, n, 200, &it->title, err);
		} else if (strcmp(key, "task") == 0) {
			rc = text_of(doc, n, 32, &it->task, err);
		} else if (strcmp(key, "site") == 0) {
			rc = code_of(doc, n, 32, &it->site, err);
		} else if (strcmp(key, "kind") == 0) {
			rc = text_of(doc, n, 100, &it->kind, err);
		} else if (strcmp(key, "equipment") == 0) {
			rc = list_of(doc, n, 32, &it->equipment, &it->equipment_nodes, &it->nequipment, err);
			for (k = 0; rc == 0 && k < it->nequipment; k++)
				if (!pm_code_valid(it->equipment[k], 32, PM_CODE_UPPER))
					rc = BAD(n->items[k], _("expected an equipment code"));
		} else if (strcmp(key, "checklist") == 0) {
			rc = list_of(doc, n, 200, &it->checklist, NULL, &it->nchecklist, err);
		} else if (strcmp(key, "recurrence") == 0) {
			const char *s;
			if ((rc = pm_yaml_str(doc, n, &s, err)) != 0)
				return as_data(err);
			if (pm_recur_parse(s, &it->rule, &e) != 0)
				return BAD(n, "%s", e.msg);
			pm_recur_format(&it->rule, it->recurrence, sizeof it->recurrence);
		} else if (strcmp(key, "anchor") == 0) {
			if ((rc = pm_yaml_enum(doc, n, PM_RECUR_MODES, &idx, err)) != 0)
				return as_data(err);
			it->anchor = (pm_recur_mode)idx;
		} else if (strcmp(key, "shift") == 0) {
			if ((rc = pm_yaml_enum(doc, n, PM_RECUR_SHIFTS, &idx, err)) != 0)
				return as_data(err);
			it->shift = (pm_recur_shift)idx;
		} else if (strcmp(key, "start") == 0) {
			if ((rc = pm_yaml_str(doc, n, &it->start, err)) != 0)
				return as_data(err);
			if (strlen(it->start) != 10 || sscanf(it->start, "%4d-%2d-%2d", &y, &mo, &d) != 3 ||
			    it->start[4] != '-' || it->start[7] != '-' || !pm_date_valid(y, mo, d))
				return BAD(n, _("expected a date YYYY-MM-DD"));
		} else if (strcmp(key, "lead") == 0) {
			if (pm_yaml_span(doc, n, 366 * INT64_C(86400),
			    _("expected a span of up to 366 days (3d, 2w, 12h)"), &it->lead, err) != 0)
				return as_data(err);
		} else if (strcmp(key, "dept") == 0) {
			rc = code_of(doc, n, 32, &it->dept, err);
		} else if (strcmp(key, "person") == 0) {
			rc = text_of(doc, n, 64, &it->person, err);
		} else if (strcmp(key, "minutes") == 0) {
			if ((rc = pm_yaml_int(doc, n, 1, 100000, &v, err)) != 0)
				return as_data(err);
			it->minutes = v;
		} else {
			return BAD(m->keys[j], _("unknown key %s (%s)"), key, item_keys);
		}
		if (rc != 0)
			return rc;
	}
	if (it->key == NULL)
		return BAD(need_at, _("an item needs key"));
	if (it->title == NULL)
		return BAD(need_at, _("item %s needs title"), it->key);
	if (it->task == NULL)
		return BAD(need_at, _("item %s needs task"), it->key);
	if (it->recurrence[0] == '\0')
		return BAD(need_at, _("item %s needs recurrence"), it->key);
	if (it->start == NULL)
		return BAD(need_at, _("item %s needs start"), it->key);
	if (it->dept == NULL)
		return BAD(need_at, _("item %s needs dept"), it->key);
	if ((it->kind == NULL) == (it->equipment == NULL))
		return BAD(need_at, _("item %s needs either kind or equipment"), it->key);
	if (pm_recur_anchor_check(&it->rule, it->anchor, it->shift, &e) != 0)
		return BAD(need_at, _("item %s: %s"), it->key, e.msg);
	for (j = 0; j < it->nequipment; j++)
		for (k = 0; k < j; k++)
			if (strcmp(it->equipment[j], it->equipment[k]) == 0)
				return BAD(it->equipment_nodes[j], _("equipment %s listed twice"),
					it->equipment[j]);
	return 0;
}

static int
def_of(pm_ydoc *doc, pm_plan_def **out, pm_err *err)
{
	const pm_ynode *root = doc->root, *items = NULL;
	pm_plan_def *def = pm_xcalloc(1, sizeof *def);
	size_t i, k;
	int rc = 0;

	def->doc = doc;
	*out = NULL;
	if (root->kind != PM_Y_MAP) {
		rc = BAD(root, _("expected a mapping (plan, title, site, items)"));
		goto out;
	}
	for (i = 0; i < root->n && rc == 0; i++) {
		const char *key = root->keys[i]->str;
		const pm_ynode *n = root->items[i];
		if (strcmp(key, "plan") == 0)
			rc = code_of(doc, n, 32, &def->code, err);
		else if (strcmp(key, "title") == 0)
			rc = text_of(doc, n, 200, &def->title, err);
		else if (strcmp(key, "site") == 0)
			rc = code_of(doc, n, 32, &def->site, err);
		else if (strcmp(key, "items") == 0)
			items = n;
		else
			rc = BAD(root->keys[i], _("unknown key %s (plan, title, site, items)"), key);
	}
	if (rc != 0)
		goto out;
	if (def->code == NULL) {
		rc = BAD(root, _("a plan needs plan (its code)"));
		goto out;
	}
	if (items == NULL) {
		rc = BAD(root, _("a plan needs items"));
		goto out;
	}
	if (items->kind != PM_Y_SEQ) {
		rc = BAD(items, _("expected a list of items"));
		goto out;
	}
	if (items->n > PM_PLAN_ITEMS_MAX) {
		rc = BAD(items, _("more than %d items"), PM_PLAN_ITEMS_MAX);
		goto out;
	}
	def->n = items->n;
	def->items = pm_xcalloc(items->n ? items->n : 1, sizeof *def->items);
	for (i = 0; i < items->n; i++) {
		if ((rc = item_of(doc, items->items[i], &def->items[i], err)) != 0)
			goto out;
		for (k = 0; k < i; k++)
			if (strcmp(def->items[k].key, def->items[i].key) == 0) {
				rc = BAD(items->items[i], _("item key %s twice (first at line %d)"),
					def->items[i].key, def->items[k].node->line);
				goto out;
			}
	}
out:
	if (rc != 0) {
		pm_plan_def_free(def);
		return rc;
	}
	*out = def;
	return 0;
}

int
pm_plan_parse(const char *file, const char *data, size_t len, pm_plan_def **out, pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_parse(file, data, len, &doc, err) != 0)
		return as_data(err);
	return def_of(doc, out, err);
}

int
pm_plan_read(const char *path, pm_plan_def **out, pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_load(path, &doc, err) != 0)
		return err->status == PM_EX_NOINPUT ? err->status : as_data(err);
	return def_of(doc, out, err);
}

void
pm_plan_def_free(pm_plan_def *def)
{
	size_t i;

	if (def == NULL)
		return;
	for (i = 0; i < def->n; i++) {
		free(def->items[i].equipment);
		free(def->items[i].equipment_nodes);
		free(def->items[i].checklist);
	}
	free(def->items);
	pm_yaml_free(def->doc);
	free(def);
}

/* ---- loading ----------------------------------------------------------- */

/* An error from a lookup, placed at node n of the file. */
static int
at_node(const pm_ydoc *doc, const pm_ynode *n, pm_err *err)
{
	return pm_err_prefix(err, "%s:%d:%d", doc->file, n->line, n->col);
}

/* The fields an item stores, as text, in plan_item's column order. */
#define NFIELD 13
static const char *const field_names[NFIELD] = {
	"site", "title", "task", "kind", "equipment", "checklist", "recurrence", "anchor",
	"shift", "start", "lead", "dept", "person",
};
/* minutes compared apart (an integer that may be absent) */

struct resolved {
	int64_t site_id, dept_id, staff_id;
	char *v[NFIELD];        /* text of each field (NULL for absent) */
	int64_t *equip_ids;
	size_t nequip;
};

static void
resolved_free(struct resolved *r)
{
	int i;

	for (i = 0; i < NFIELD; i++)
		free(r->v[i]);
	free(r->equip_ids);
	memset(r, 0, sizeof *r);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
resolve(pm_ctx *ctx, const pm_plan_def *def, const pm_plan_item_def *it, struct resolved *r,
    pm_err *err)
{
	const pm_ydoc *doc = def->doc;
	const char *site = it->site != NULL ? it->site : def->site;
	char num[32], code[40];
	const char **sorted;
	pm_buf b;
	pm_json j;
	size_t i;
	int rc, found;
	int64_t n;

	memset(r, 0, sizeof *r);
	if ((rc = pm_unit_site_find(ctx, site, PM_SITE_ACTIVE, &r->site_id, err)) != 0)
		return at_node(doc, it->node, err);
	if ((rc = pm_org_dept_id(ctx, it->dept, PM_ORG_ACTIVE, &r->dept_id, err)) != 0)
		return at_node(doc, pm_yaml_get(it->node, "dept"), err);
	if (it->person != NULL &&
	    (rc = pm_org_staff_id(ctx, it->person, PM_ORG_ACTIVE, &r->staff_id, err)) != 0)
		return at_node(doc, pm_yaml_get(it->node, "person"), err);
	if ((rc = pm_db_get_text(ctx->db, err, code, sizeof code, NULL,
	    "SELECT code FROM site WHERE id = ?1", "i", r->site_id)) != 0)
		return rc;
	r->v[0] = pm_xstrdup(code);
	r->v[1] = pm_xstrdup(it->title);
	r->v[2] = pm_xstrdup(it->task);
	if (it->kind != NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, &n, &found,
		    "SELECT count(*) FROM equipment WHERE site_id = ?1 AND retired IS NULL AND "
		    "(kind = ?2 OR (kind >= ?2 || '/' AND kind < ?2 || '0'))", "it",
		    r->site_id, it->kind)) != 0)
			return rc;
		if (n == 0) {
			pm_buf_init(&b);
			pm_err_set(err, PM_EX_DATAERR, _("no equipment of kind %s at site %s"),
				pm_text_quote(&b, it->kind), code);
			pm_buf_free(&b);
			return at_node(doc, pm_yaml_get(it->node, "kind"), err);
		}
		r->v[3] = pm_xstrdup(it->kind);
	} else {
		r->equip_ids = pm_xcalloc(it->nequipment, sizeof *r->equip_ids);
		r->nequip = it->nequipment;
		for (i = 0; i < it->nequipment; i++) {
			if ((rc = pm_db_get_int(ctx->db, err, &r->equip_ids[i], &found,
			    "SELECT id FROM equipment WHERE site_id = ?1 AND code = ?2 AND retired IS NULL",
			    "it", r->site_id, it->equipment[i])) != 0)
				return rc;
			if (!found) {
				pm_text_fail(err, PM_EX_NOINPUT, _("equipment %s: no such equipment"),
					it->equipment[i]);
				pm_err_prefix(err, _("site %s"), code);
				return at_node(doc, it->equipment_nodes[i], err);
			}
		}
		sorted = pm_xcalloc(it->nequipment, sizeof *sorted);
		memcpy(sorted, it->equipment, it->nequipment * sizeof *sorted);
		qsort(sorted, it->nequipment, sizeof *sorted, cmp_str);
		pm_buf_init(&b);
		for (i = 0; i < it->nequipment; i++) {
			if (i > 0)
				pm_buf_addc(&b, ',');
			pm_buf_adds(&b, sorted[i]);
		}
		free(sorted);
		r->v[4] = pm_xstrdup(b.s);
		pm_buf_free(&b);
	}
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_arr(&j, NULL);
	for (i = 0; i < it->nchecklist; i++)
		pm_json_s(&j, NULL, it->checklist[i]);
	pm_json_end(&j);
	r->v[5] = pm_xstrdup(b.s);
	pm_buf_free(&b);
	r->v[6] = pm_xstrdup(it->recurrence);
	r->v[7] = pm_xstrdup(pm_recur_mode_name(it->anchor));
	r->v[8] = pm_xstrdup(pm_recur_shift_name(it->shift));
	r->v[9] = pm_xstrdup(it->start);
	snprintf(num, sizeof num, "%lld", (long long)it->lead);
	r->v[10] = pm_xstrdup(num);
	r->v[11] = pm_xstrdup(it->dept);
	r->v[12] = it->person != NULL ? pm_xstrdup(it->person) : NULL;
	return 0;
}

/* The SELECT giving an item's fields as text, in field_names order, then
 * id, active, version, minutes. */
static const char item_sql[] =
	"SELECT s.code, i.title, i.task, i.kind, i.equipment, i.checklist, i.recurrence, i.anchor, "
	"i.shift, i.start, CAST(i.lead AS TEXT), d.code, f.login, i.id, i.active, i.version, "
	"i.minutes FROM plan_item i JOIN site s ON s.id = i.site_id "
	"JOIN department d ON d.id = i.dept_id LEFT JOIN staff f ON f.id = i.staff_id "
	"WHERE i.plan_id = ?1 AND i.key = ?2";

static int
streq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

static void
json_fields(pm_buf *b, const unsigned *which, char *const *v, int64_t minutes)
{
	pm_json j;
	int i;

	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	for (i = 0; i < NFIELD; i++)
		if (which == NULL || (*which & (1u << i)))
			pm_json_s(&j, field_names[i], v[i]);
	if (which == NULL || (*which & (1u << NFIELD))) {
		if (minutes > 0)
			pm_json_i(&j, "minutes", minutes);
		else
			pm_json_null(&j, "minutes");
	}
	pm_json_end(&j);
}

static int
write_targets(pm_ctx *ctx, int64_t item, const struct resolved *r, pm_err *err)
{
	size_t i;
	int rc;

	if ((rc = pm_db_run(ctx->db, err, "DELETE FROM plan_target WHERE item_id = ?1", "i", item)) != 0)
		return rc;
	for (i = 0; i < r->nequip; i++)
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO plan_target (item_id, equipment_id) "
		    "VALUES (?1, ?2) ON CONFLICT DO NOTHING", "ii", item, r->equip_ids[i])) != 0)
			return rc;
	return 0;
}

static int
load_item(pm_ctx *ctx, const pm_plan_def *def, int64_t plan_id, const pm_plan_item_def *it,
    int (*fn)(void *arg, const pm_plan_change *c), void *arg, pm_plan_counts *counts,
    pm_err *err)
{
	struct resolved r;
	pm_stmt *st = NULL;
	char *old[NFIELD];
	char idtext[32], fields[256];
	int64_t id = 0, version = 1, old_minutes = 0;
	unsigned diff = 0;
	pm_plan_change c;
	pm_buf before, after;
	int rc, i, active = 1, found = 0;

	memset(old, 0, sizeof old);
	pm_buf_init(&before);
	pm_buf_init(&after);
	fields[0] = '\0';
	if ((rc = resolve(ctx, def, it, &r, err)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, item_sql, &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "it", plan_id, it->key);
	if ((rc = pm_stmt_step(st, err)) < 0) {
		rc = err->status;
		goto out;
	}
	if (rc == 1) {
		found = 1;
		for (i = 0; i < NFIELD; i++)
			old[i] = pm_stmt_text(st, i) != NULL ? pm_xstrdup(pm_stmt_text(st, i)) : NULL;
		id = pm_stmt_int(st, NFIELD);
		active = (int)pm_stmt_int(st, NFIELD + 1);
		version = pm_stmt_int(st, NFIELD + 2);
		old_minutes = pm_stmt_int(st, NFIELD + 3);
	}
	pm_stmt_free(st);
	st = NULL;
	rc = 0;
	memset(&c, 0, sizeof c);
	c.plan = def->code;
	c.key = it->key;
	c.fields = "";
	if (!found) {
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO plan_item (plan_id, key, site_id, title, "
		    "task, kind, equipment, checklist, recurrence, anchor, shift, start, lead, dept_id, "
		    "staff_id, minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
		    "?14, ?15, ?16)", "ititttttttttiiII", plan_id, it->key, r.site_id, r.v[1], r.v[2],
		    r.v[3], r.v[4], r.v[5], r.v[6], r.v[7], r.v[8], r.v[9], it->lead, r.dept_id,
		    r.staff_id, it->minutes)) != 0)
			goto out;
		id = pm_db_last_id(ctx->db);
		if ((rc = write_targets(ctx, id, &r, err)) != 0)
			goto out;
		json_fields(&after, NULL, r.v, it->minutes);
		snprintf(idtext, sizeof idtext, "M%lld", (long long)id);
		if ((rc = pm_audit_log(ctx, "plan", idtext, "new", NULL, after.s, err)) != 0)
			goto out;
		c.action = "added";
		counts->added++;
	} else {
		size_t fn_len = 0;
		for (i = 0; i < NFIELD; i++)
			if (!streq(old[i], r.v[i])) {
				diff |= 1u << i;
				fn_len += (size_t)snprintf(fields + fn_len, sizeof fields - fn_len, "%s%s",
					fn_len ? "," : "", field_names[i]);
			}
		if (old_minutes != it->minutes) {
			diff |= 1u << NFIELD;
			snprintf(fields + fn_len, sizeof fields - fn_len, "%sminutes", fn_len ? "," : "");
		}
		c.fields = fields;
		if (diff == 0 && active) {
			c.action = "unchanged";
			counts->unchanged++;
		} else {
			version++;
			if ((rc = pm_db_run(ctx->db, err, "UPDATE plan_item SET site_id = ?2, title = ?3, "
			    "task = ?4, kind = ?5, equipment = ?6, checklist = ?7, recurrence = ?8, "
			    "anchor = ?9, shift = ?10, start = ?11, lead = ?12, dept_id = ?13, "
			    "staff_id = ?14, minutes = ?15, active = 1, version = ?16 WHERE id = ?1",
			    "iitttttttttiiIIi", id, r.site_id, r.v[1], r.v[2], r.v[3], r.v[4], r.v[5],
			    r.v[6], r.v[7], r.v[8], r.v[9], it->lead, r.dept_id, r.staff_id, it->minutes,
			    version)) != 0)
				goto out;
			if ((diff & ((1u << 0) | (1u << 3) | (1u << 4))) &&
			    (rc = write_targets(ctx, id, &r, err)) != 0)
				goto out;
			json_fields(&before, &diff, old, old_minutes);
			json_fields(&after, &diff, r.v, it->minutes);
			snprintf(idtext, sizeof idtext, "M%lld", (long long)id);
			if ((rc = pm_audit_log(ctx, "plan", idtext, active ? "set" : "reactivate",
			    before.s, after.s, err)) != 0)
				goto out;
			c.action = active ? "changed" : "reactivated";
			counts->changed++;
		}
	}
	c.id = id;
	c.version = version;
	if (fn != NULL)
		rc = fn(arg, &c);
out:
	pm_stmt_free(st);
	for (i = 0; i < NFIELD; i++)
		free(old[i]);
	resolved_free(&r);
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}

int
pm_plan_load(pm_ctx *ctx, const pm_plan_def *def, const char *path,
    int (*fn)(void *arg, const pm_plan_change *c), void *arg, pm_plan_counts *counts,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t plan_id = 0;
	char title[256] = "";
	int found, rc, step;
	size_t i;

	memset(counts, 0, sizeof *counts);
	if ((rc = pm_db_get_int(ctx->db, err, &plan_id, &found, "SELECT id FROM plan WHERE code = ?1",
	    "t", def->code)) != 0)
		return rc;
	if (!found) {
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO plan (code, title, file, loaded) "
		    "VALUES (?1, ?2, ?3, ?4)", "ttTi", def->code, def->title != NULL ? def->title : "",
		    path, ctx->now)) != 0)
			return rc;
		plan_id = pm_db_last_id(ctx->db);
	} else {
		if ((rc = pm_db_get_text(ctx->db, err, title, sizeof title, NULL,
		    "SELECT title FROM plan WHERE id = ?1", "i", plan_id)) != 0)
			return rc;
	}
	for (i = 0; i < def->n; i++)
		if ((rc = load_item(ctx, def, plan_id, &def->items[i], fn, arg, counts, err)) != 0)
			return rc;
	/* items gone from the file: deactivated, never deleted */
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, key, version FROM plan_item "
	    "WHERE plan_id = ?1 AND active = 1 ORDER BY key", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "i", plan_id);
	while ((step = pm_stmt_step(st, err)) == 1) {
		const char *key = pm_stmt_text(st, 1);
		int64_t id = pm_stmt_int(st, 0);
		char idtext[32], keybuf[80];
		pm_plan_change c;
		size_t k;

		for (k = 0; k < def->n && strcmp(def->items[k].key, key) != 0; k++)
			;
		if (k < def->n)
			continue;
		snprintf(keybuf, sizeof keybuf, "%s", key);
		memset(&c, 0, sizeof c);
		c.plan = def->code;
		c.key = keybuf;
		c.action = "removed";
		c.fields = "";
		c.id = id;
		c.version = pm_stmt_int(st, 2);
		counts->removed++;
		snprintf(idtext, sizeof idtext, "M%lld", (long long)id);
		if ((rc = pm_db_run(ctx->db, err, "UPDATE plan_item SET active = 0 WHERE id = ?1", "i",
		    id)) != 0 ||
		    (rc = pm_audit_log(ctx, "plan", idtext, "deactivate", "{\"active\":true}",
		    "{\"active\":false}", err)) != 0 ||
		    (fn != NULL && (rc = fn(arg, &c)) != 0)) {
			pm_stmt_free(st);
			return rc;
		}
	}
	pm_stmt_free(st);
	if (step < 0)
		return err->status;
	if (counts->added + counts->changed + counts->removed > 0 || !found ||
	    !streq(title, def->title != NULL ? def->title : "")) {
		if ((rc = pm_db_run(ctx->db, err, "UPDATE plan SET title = ?2, file = ?3, loaded = ?4 "
		    "WHERE id = ?1", "itTi", plan_id, def->title != NULL ? def->title : "", path,
		    ctx->now)) != 0)
			return rc;
	}
	return 0;
}

/* ---- reading ----------------------------------------------------------- */

static const char items_sql[] =
	"SELECT i.id, i.version, i.site_id, i.dept_id, coalesce(i.staff_id, 0), p.code, i.key, "
	"s.code, i.title, i.task, i.kind, i.equipment, i.checklist, i.recurrence, d.code, f.login, "
	"i.active, i.anchor, i.shift, i.start, i.lead, coalesce(i.minutes, 0) "
	"FROM plan_item i JOIN plan p ON p.id = i.plan_id JOIN site s ON s.id = i.site_id "
	"JOIN department d ON d.id = i.dept_id LEFT JOIN staff f ON f.id = i.staff_id ";

static int
item_row(pm_stmt *st, pm_plan_item *it, pm_err *err)
{
	pm_time t;
	int idx;

	memset(it, 0, sizeof *it);
	it->id = pm_stmt_int(st, 0);
	it->version = pm_stmt_int(st, 1);
	it->site_id = pm_stmt_int(st, 2);
	it->dept_id = pm_stmt_int(st, 3);
	it->staff_id = pm_stmt_int(st, 4);
	it->plan = pm_stmt_text(st, 5);
	it->key = pm_stmt_text(st, 6);
	it->site = pm_stmt_text(st, 7);
	it->title = pm_stmt_text(st, 8);
	it->task = pm_stmt_text(st, 9);
	it->kind = pm_stmt_text(st, 10);
	it->equipment = pm_stmt_text(st, 11);
	it->checklist = pm_stmt_text(st, 12);
	it->recurrence = pm_stmt_text(st, 13);
	it->dept = pm_stmt_text(st, 14);
	it->person = pm_stmt_text(st, 15);
	it->active = (int)pm_stmt_int(st, 16);
	it->anchor.mode = strcmp(pm_stmt_text(st, 17), "completion") == 0 ? PM_RECUR_COMPLETION :
		PM_RECUR_CALENDAR;
	for (idx = 0; idx < 4; idx++)
		if (strcmp(pm_stmt_text(st, 18), pm_recur_shift_name((pm_recur_shift)idx)) == 0)
			it->anchor.shift = (pm_recur_shift)idx;
	if (pm_time_parse(pm_stmt_text(st, 19), 0, &t, err) != 0)
		return err->status;
	it->anchor.start = t;
	it->lead = pm_stmt_int(st, 20);
	it->minutes = pm_stmt_int(st, 21);
	if (pm_recur_parse(it->recurrence, &it->rule, err) != 0)
		return err->status;
	return 0;
}

static int
items_run(pm_stmt *st, int (*fn)(void *arg, const pm_plan_item *it), void *arg, int *n,
    pm_err *err)
{
	pm_plan_item it;
	int step, rc;

	*n = 0;
	while ((step = pm_stmt_step(st, err)) == 1) {
		if ((rc = item_row(st, &it, err)) != 0)
			return rc;
		(*n)++;
		if ((rc = fn(arg, &it)) != 0)
			return rc;
	}
	return step < 0 ? err->status : 0;
}

int
pm_plan_items_each(pm_ctx *ctx, const char *plan, int all,
    int (*fn)(void *arg, const pm_plan_item *it), void *arg, pm_err *err)
{
	pm_buf sql;
	pm_stmt *st = NULL;
	int rc, n;

	pm_buf_init(&sql);
	pm_buf_adds(&sql, items_sql);
	pm_buf_adds(&sql, all ? "WHERE (?1 = 1 OR i.active = 1)" : "WHERE i.active = 1 AND ?1 = 0");
	pm_buf_adds(&sql, plan != NULL ? " AND p.code = ?2" : " AND ?2 = ''");
	pm_buf_adds(&sql, " ORDER BY p.code, i.key");
	rc = pm_db_prepare(ctx->db, sql.s, &st, err);
	pm_buf_free(&sql);
	if (rc != 0)
		return rc;
	pm_stmt_bindf(st, "it", (int64_t)(all ? 1 : 0), plan != NULL ? plan : "");
	rc = items_run(st, fn, arg, &n, err);
	pm_stmt_free(st);
	return rc;
}

int
pm_plan_item_find(pm_ctx *ctx, const char *name, int (*fn)(void *arg, const pm_plan_item *it),
    void *arg, pm_err *err)
{
	const char *colon = strchr(name, ':');
	pm_stmt *st = NULL;
	char plan[64] = "";
	int64_t id = 0, count = 0;
	int rc, n;
	pm_id pid;
	pm_err scratch;

	if (pm_id_parse(name, 'M', &pid, &scratch) == 0) {
		id = pid.n;
	} else if (colon != NULL && (size_t)(colon - name) < sizeof plan) {
		memcpy(plan, name, (size_t)(colon - name));
		plan[colon - name] = '\0';
		name = colon + 1;
	} else if ((rc = pm_db_get_int(ctx->db, err, &count, NULL,
	    "SELECT count(*) FROM plan_item WHERE key = ?1", "t", name)) != 0) {
		return rc;
	} else if (count > 1) {
		return pm_text_fail(err, PM_EX_USAGE,
			_("plan item %s: in several plans (name it PLAN:KEY)"), name);
	}
	{
		pm_buf sql;
		pm_buf_init(&sql);
		pm_buf_adds(&sql, items_sql);
		pm_buf_adds(&sql, id > 0 ? "WHERE i.id = ?1 AND ?2 = '' AND ?3 = ''" :
			"WHERE ?1 = 0 AND i.key = ?2 AND (?3 = '' OR p.code = ?3)");
		rc = pm_db_prepare(ctx->db, sql.s, &st, err);
		pm_buf_free(&sql);
	}
	if (rc != 0)
		return rc;
	pm_stmt_bindf(st, "itt", id, id > 0 ? "" : name, plan);
	rc = items_run(st, fn, arg, &n, err);
	pm_stmt_free(st);
	if (rc == 0 && n == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("plan item %s: no such plan item"), name);
	return rc;
}

int
pm_plan_targets_each(pm_ctx *ctx, const pm_plan_item *it,
    int (*fn)(void *arg, const pm_plan_target *t), void *arg, pm_err *err)
{
	pm_plan_target t;
	pm_stmt *st = NULL;
	int rc, step;

	if (it->kind != NULL)
		rc = pm_db_prepare(ctx->db, "SELECT id, code, kind, installed FROM equipment "
		    "WHERE site_id = ?1 AND retired IS NULL AND "
		    "(kind = ?2 OR (kind >= ?2 || '/' AND kind < ?2 || '0')) ORDER BY code", &st, err);
	else
		rc = pm_db_prepare(ctx->db, "SELECT e.id, e.code, e.kind, e.installed FROM plan_target t "
		    "JOIN equipment e ON e.id = t.equipment_id WHERE t.item_id = ?1 AND ?2 = '' "
		    "AND e.retired IS NULL ORDER BY e.code", &st, err);
	if (rc != 0)
		return rc;
	if (it->kind != NULL)
		pm_stmt_bindf(st, "it", it->site_id, it->kind);
	else
		pm_stmt_bindf(st, "it", it->id, "");
	rc = 0;
	while ((step = pm_stmt_step(st, err)) == 1) {
		t.id = pm_stmt_int(st, 0);
		t.code = pm_stmt_text(st, 1);
		t.kind = pm_stmt_text(st, 2);
		t.installed = pm_stmt_text(st, 3);
		if ((rc = fn(arg, &t)) != 0)
			break;
	}
	pm_stmt_free(st);
	if (rc == 0 && step < 0)
		rc = err->status;
	return rc;
}

/* ---- checking ---------------------------------------------------------- */

struct check {
	pm_ctx *ctx;
	pm_calendar *cal;
	pm_plan_rule rules[PM_PLAN_RULES_MAX];
	size_t nrules;
	int all;
	int (*fn)(void *arg, const pm_plan_breach *b);
	void *arg;
	int64_t nbreach;
	const pm_plan_item *it;
	pm_err *err;
};

static int
kind_under(const char *kind, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(kind, prefix, n) == 0 && (kind[n] == '\0' || kind[n] == '/');
}

static int
check_target(void *arg, const pm_plan_target *t)
{
	struct check *c = arg;
	int64_t eid = t->id;
	const char *code = t->code, *kind = t->kind;
	const pm_plan_item *it = c->it;
	char max_text[40], reason[520];
	pm_recur_anchor a = it->anchor;
	pm_plan_breach b;
	pm_recur_gap g;
	pm_span max;
	pm_time from;
	pm_span two = { 0, 24 };
	size_t i;
	int rc, found;

	for (i = 0; i < c->nrules; i++) {
		const pm_plan_rule *r = &c->rules[i];
		if (strcmp(r->task, it->task) != 0 || !kind_under(kind, r->kind))
			continue;
		max = r->max;
		snprintf(max_text, sizeof max_text, "%s", r->max_text);
		if ((rc = pm_db_get_text(c->ctx->db, c->err, reason, sizeof reason, &found,
		    "SELECT reason FROM plan_exempt WHERE equipment_id = ?1 AND rule = ?2", "it",
		    eid, r->id)) != 0)
			return rc;
		if (found) {
			if ((rc = pm_db_get_text(c->ctx->db, c->err, max_text, sizeof max_text, NULL,
			    "SELECT max FROM plan_exempt WHERE equipment_id = ?1 AND rule = ?2", "it",
			    eid, r->id)) != 0)
				return rc;
			if (pm_span_parse(max_text, &max, c->err) != 0)
				return c->err->status;
		}
		from = pm_time_day_start(c->ctx->now);
		if (a.start > from)
			from = a.start;
		if ((rc = pm_recur_gaps(&it->rule, &a, c->cal, from, pm_time_add(from, two), max, &g,
		    c->err)) != 0)
			return rc;
		if (!g.breach && !c->all)
			continue;
		memset(&b, 0, sizeof b);
		b.plan = it->plan;
		b.item = it->key;
		b.equipment = code;
		b.kind = kind;
		b.task = it->task;
		b.rule = r->id;
		b.recurrence = it->recurrence;
		b.max = max_text;
		b.exempt = found ? reason : NULL;
		b.gap = g.breach ? g.bb.at - g.ba.at : g.seconds;
		b.from = g.breach ? g.ba.at : g.a.at;
		b.to = g.breach ? g.bb.at : g.b.at;
		b.breach = g.breach;
		if (g.breach)
			c->nbreach++;
		if ((rc = c->fn(c->arg, &b)) != 0)
			return rc;
	}
	return 0;
}

static int
check_item(void *arg, const pm_plan_item *it)
{
	struct check *c = arg;

	c->it = it;
	return pm_plan_targets_each(c->ctx, it, check_target, c, c->err);
}

int
pm_plan_check(pm_ctx *ctx, const char *plan, int all,
    int (*fn)(void *arg, const pm_plan_breach *b), void *arg, int64_t *nbreach, pm_err *err)
{
	struct check *c = pm_xcalloc(1, sizeof *c);
	int rc;

	c->ctx = ctx;
	c->all = all;
	c->fn = fn;
	c->arg = arg;
	c->err = err;
	*nbreach = 0;
	if ((rc = pm_plan_rules(ctx->cfg, c->rules, &c->nrules, err)) != 0)
		goto out;
	if ((rc = pm_calendar_open(ctx, &c->cal, err)) != 0)
		goto out;
	rc = pm_plan_items_each(ctx, plan, 0, check_item, c, err);
	*nbreach = c->nbreach;
out:
	pm_calendar_free(c->cal);
	free(c);
	return rc;
}

int
pm_plan_exempt(pm_ctx *ctx, const char *site, const char *equipment, const char *rule,
    const char *max, const char *reason, pm_err *err)
{
	pm_plan_rule rules[PM_PLAN_RULES_MAX];
	int64_t site_id, eid;
	char idtext[64], oldmax[40] = "", oldreason[600] = "";
	pm_buf before, after;
	pm_json j;
	pm_span span;
	size_t n, i;
	int rc, found;

	if ((rc = pm_plan_rules(ctx->cfg, rules, &n, err)) != 0)
		return rc;
	for (i = 0; i < n && strcmp(rules[i].id, rule) != 0; i++)
		;
	if (i == n)
		return pm_text_fail(err, PM_EX_NOINPUT, _("interval rule %s: no such rule"), rule);
	if (pm_span_parse(max, &span, err) != 0 || span.seconds < 0 || span.months < 0 ||
	    (span.seconds == 0 && span.months == 0))
		return pm_err_field(err, PM_EX_DATAERR, "max",
			_("max: expected a positive span (15d, 1mo, 1y)"));
	if (pm_text_check(reason, strlen(reason), 500, "reason", err) != 0)
		return err->status;
	if (*reason == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "reason", _("reason is required"));
	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		return rc;
	if ((rc = pm_db_get_int(ctx->db, err, &eid, &found,
	    "SELECT id FROM equipment WHERE site_id = ?1 AND code = ?2", "it", site_id,
	    equipment)) != 0)
		return rc;
	if (!found)
		return pm_text_fail(err, PM_EX_NOINPUT, _("equipment %s: no such equipment"), equipment);
	if ((rc = pm_db_get_text(ctx->db, err, oldmax, sizeof oldmax, &found,
	    "SELECT max FROM plan_exempt WHERE equipment_id = ?1 AND rule = ?2", "it", eid,
	    rule)) != 0 ||
	    (rc = pm_db_get_text(ctx->db, err, oldreason, sizeof oldreason, NULL,
	    "SELECT reason FROM plan_exempt WHERE equipment_id = ?1 AND rule = ?2", "it", eid,
	    rule)) != 0)
		return rc;
	pm_buf_init(&before);
	pm_json_init(&j, &before);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "rule", rule);
	pm_json_s(&j, "max", oldmax);
	pm_json_s(&j, "reason", oldreason);
	pm_json_end(&j);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO plan_exempt (equipment_id, rule, max, reason, "
	    "at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (equipment_id, rule) DO UPDATE "
	    "SET max = excluded.max, reason = excluded.reason, at = excluded.at, "
	    "actor = excluded.actor", "itttit", eid, rule, max, reason, ctx->now,
	    ctx->actor.login)) != 0) {
		pm_buf_free(&before);
		return rc;
	}
	pm_buf_init(&after);
	pm_json_init(&j, &after);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "rule", rule);
	pm_json_s(&j, "max", max);
	pm_json_s(&j, "reason", reason);
	pm_json_end(&j);
	snprintf(idtext, sizeof idtext, "E%lld", (long long)eid);
	rc = pm_audit_log(ctx, "equipment", idtext, "exempt", found ? before.s : NULL, after.s, err);
	pm_buf_free(&before);
	pm_buf_free(&after);
	return rc;
}
