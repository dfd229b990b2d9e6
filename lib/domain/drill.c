/* drill.c — fire and emergency drills and their frequency rules; see drill.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "drill.h"
#include "json.h"
#include "listq.h"
#include "text.h"
#include "unit.h"

#define FINAL "done|cancelled"

static int h_record(pm_lc_step *s, pm_err *err);
static int h_cancel(pm_lc_step *s, pm_err *err);

static const pm_transition transitions[] = {
	{ .verb = "record", .from = "planned", .to = "done", .perm = "drill.record",
	  .hook = h_record,
	  .records = "the day it was held, participants, minutes and the findings" },
	{ .verb = "cancel", .from = "planned", .to = "cancelled", .perm = "drill.plan",
	  .hook = h_cancel, .records = "why" },
	{ .verb = NULL }
};

const pm_lifecycle pm_drill_lifecycle = {
	"drill", "drill", 'D', "drill", "planned|" FINAL, "planned", FINAL, "planned", NULL,
	transitions, NULL, NULL
};

/* ---- frequency rules ----------------------------------------------------- */

/* DOMAIN.md: a fire drill every 6 months for key units, yearly for the
 * others; a lift emergency drill at least yearly. */
static const struct { const char *kind, *name, *every, *key; } builtin_rules[] = {
	{ "fire", "消防演练", "1y", "6mo" },
	{ "evacuation", "疏散演练", "1y", "" },
	{ "flood", "防汛演练", "1y", "" },
	{ "power-outage", "停电应急演练", "1y", "" },
	{ "lift-rescue", "电梯困人救援演练", "1y", "" },
};
#define NBUILTIN (sizeof builtin_rules / sizeof builtin_rules[0])

/* A span of months and whole days, positive: what a drill interval is. */
static int
interval_parse(const char *s, pm_span *out)
{
	pm_err e;

	return pm_span_parse(s, out, &e) == 0 && out->months >= 0 && out->seconds >= 0 &&
	    out->seconds % 86400 == 0 && (out->months > 0 || out->seconds > 0) ? 0 : -1;
}

static int
rule_set(pm_drill_rule *r, const char *kind, const char *name, const char *every,
    const char *key)
{
	memset(r, 0, sizeof *r);
	snprintf(r->kind, sizeof r->kind, "%s", kind);
	snprintf(r->name, sizeof r->name, "%s", name);
	snprintf(r->every_text, sizeof r->every_text, "%s", every);
	snprintf(r->key_text, sizeof r->key_text, "%s", key);
	if (interval_parse(every, &r->every) != 0)
		return -1;
	if (*key != '\0' && interval_parse(key, &r->key) != 0)
		return -1;
	return 0;
}

/* One rule: kind: { every: SPAN, key: SPAN, name: TEXT }. */
static int
rule_read(const pm_ydoc *doc, const pm_ynode *k, const pm_ynode *m, pm_drill_rule *r,
    pm_err *err)
{
	char every[16] = "", key[16] = "", name[65] = "";
	pm_span sp;
	size_t j;
	int rc = 0;

	if (!pm_code_valid(k->str, 32, 0))
		return pm_yaml_error(err, doc, k, _("a drill kind is letters, digits, - and _"));
	if (m->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, m, _("expected a mapping (every, key, name)"));
	for (j = 0; j < m->n && rc == 0; j++) {
		const char *w = m->keys[j]->str;
		const pm_ynode *v = m->items[j];

		if (strcmp(w, "every") == 0 || strcmp(w, "key") == 0) {
			char *dst = w[0] == 'e' ? every : key;
			if ((rc = pm_yaml_copy(doc, v, dst, 16, err)) == 0 && interval_parse(dst, &sp) != 0)
				rc = pm_yaml_error(err, doc, v,
				    _("expected months or days (6mo, 1y, 90d)"));
		} else if (strcmp(w, "name") == 0) {
			rc = pm_yaml_copy(doc, v, name, sizeof name, err);
		} else {
			rc = pm_yaml_error(err, doc, m->keys[j], _("unknown key %s (every, key, name)"), w);
		}
	}
	if (rc != 0)
		return rc;
	if (every[0] == '\0')
		return pm_yaml_error(err, doc, m, _("a drill rule needs every"));
	return rule_set(r, k->str, name, every, key) == 0 ? 0 :
	    pm_yaml_error(err, doc, m, _("bad interval"));
}

int
pm_drill_rules(const pm_config *cfg, pm_drill_rule *rules, size_t *n, pm_err *err)
{
	const pm_ynode *map = cfg != NULL ? pm_config_node(cfg, "drill.rules") : NULL;
	const pm_ydoc *doc = cfg != NULL ? pm_config_doc(cfg) : NULL;
	size_t i;
	int rc;

	*n = 0;
	if (map == NULL) {
		for (i = 0; i < NBUILTIN; i++)
			rule_set(&rules[i], builtin_rules[i].kind, builtin_rules[i].name,
			    builtin_rules[i].every, builtin_rules[i].key);
		*n = NBUILTIN;
		return 0;
	}
	if (map->kind != PM_Y_MAP || map->n == 0)
		return pm_yaml_error(err, doc, map, _("expected a mapping of drill kinds"));
	if (map->n > PM_DRILL_RULES_MAX)
		return pm_yaml_error(err, doc, map, _("more than %d drill kinds"), PM_DRILL_RULES_MAX);
	for (i = 0; i < map->n; i++)
		if ((rc = rule_read(doc, map->keys[i], map->items[i], &rules[i], err)) != 0)
			return rc;
	*n = map->n;
	return 0;
}

const pm_drill_rule *
pm_drill_rule_of(const pm_drill_rule *rules, size_t n, const char *kind)
{
	size_t i;

	for (i = 0; kind != NULL && i < n; i++)
		if (strcmp(rules[i].kind, kind) == 0)
			return &rules[i];
	return NULL;
}

/* The next item of the comma-separated list at *p, spaces trimmed, into
 * out (n bytes): 1 with *p past it, 0 at the end, -1 for an empty or
 * overlong item. */
static int
list_next(const char **p, char *out, size_t n)
{
	const char *s = *p;
	size_t len;

	if (*s == '\0')
		return 0;
	s += strspn(s, " ");
	len = strcspn(s, ",");
	*p = s + len + (s[len] == ',');
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || len >= n)
		return -1;
	memcpy(out, s, len);
	out[len] = '\0';
	return 1;
}

int
pm_drill_key_site(const pm_config *cfg, const char *code)
{
	const char *p = pm_config_str(cfg, "drill.key_sites");
	char item[64];
	int rc;

	while ((rc = list_next(&p, item, sizeof item)) != 0)
		if (rc > 0 && strcmp(item, code) == 0)
			return 1;
	return 0;
}

int
pm_drill_next(pm_date last, pm_span every, pm_date *out)
{
	pm_date d;

	if (pm_date_add_months(last, every.months, &d) != 0 ||
	    pm_date_add_days(d, every.seconds / 86400, out) != 0)
		return -1;
	return 0;
}

/* The key sites: comma-separated site codes. */
static int
key_sites_check(const char *v, pm_err *err)
{
	char code[64];
	int rc;

	while ((rc = list_next(&v, code, sizeof code)) != 0) {
		if (rc < 0)
			return pm_err_set(err, PM_EX_CONFIG, _("a list of site codes, comma-separated"));
		if (!pm_code_valid(code, 32, PM_CODE_UPPER))
			return pm_err_set(err, PM_EX_CONFIG, _("%s: not a site code"), code);
	}
	return 0;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_drill_rule rules[PM_DRILL_RULES_MAX];
	size_t n;

	return pm_drill_rules(cfg, rules, &n, err);
}

static const pm_cfg_key config_keys[] = {
	{ "drill.rules", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the drill kinds and the longest interval between two drills of each at a site, "
	  "and at a key site (drill.c checks them)", NULL },
	{ "drill.key_sites", PM_CFG_STR, "", NULL, 0, 0,
	  "the key sites (重点单位), comma-separated codes: their drills follow the key interval",
	  key_sites_check },
	{ "drill.due_within", PM_CFG_SPAN, "14d", NULL, 86400, 366 * 86400,
	  "how far ahead drill due reports a drill falling due", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_drill_config = { "drill", config_keys, config_check };

const pm_perm_name pm_drill_perm_names[] = {
	{ "drill.plan", "plan drills and cancel planned ones" },
	{ "drill.record", "record a drill as held, with its findings" },
	{ NULL, NULL }
};

/* ---- small helpers ---------------------------------------------------------- */

static size_t
max_chars(pm_ctx *ctx)
{
	return (size_t)pm_config_int(ctx->cfg, "text.max_chars");
}

/* The rule of kind in effect, or PM_EX_DATAERR naming the kinds there are. */
static int
kind_rule(pm_ctx *ctx, const char *kind, pm_drill_rule *out, pm_err *err)
{
	pm_drill_rule rules[PM_DRILL_RULES_MAX];
	const pm_drill_rule *r;
	pm_buf kinds;
	size_t i, n;
	int rc;

	if ((rc = pm_drill_rules(ctx->cfg, rules, &n, err)) != 0)
		return rc;
	if ((r = pm_drill_rule_of(rules, n, kind)) != NULL) {
		*out = *r;
		return 0;
	}
	pm_buf_init(&kinds);
	for (i = 0; i < n; i++)
		pm_buf_addf(&kinds, "%s%s", i ? ", " : "", rules[i].kind);
	pm_text_one_of(err, "kind", kind, kinds.s);
	err->status = PM_EX_DATAERR;
	pm_buf_free(&kinds);
	return PM_EX_DATAERR;
}

/* ---- plan ------------------------------------------------------------------- */

int
pm_drill_plan(pm_ctx *ctx, const pm_drill_in *in, pm_id *id, pm_err *err)
{
	pm_drill_rule rule;
	char date[16];
	int64_t site;
	pm_lc_step s;
	int rc;

	memset(&s, 0, sizeof s);
	if ((rc = pm_perm_check(ctx, "drill.plan", err)) != 0 ||
	    (rc = pm_text_need(in->kind, "kind", err)) != 0 ||
	    (rc = pm_text_field(in->text, max_chars(ctx), "text", err)) != 0)
		return rc;
	if (!pm_date_valid(in->date.year, in->date.month, in->date.day))
		return pm_err_field(err, PM_EX_USAGE, "date", _("date is required"));
	if ((rc = kind_rule(ctx, in->kind, &rule, err)) != 0 ||
	    (rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site, err)) != 0)
		return rc;
	pm_date_format(in->date, date, sizeof date);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO drill (site_id, kind, planned, text, "
	    "created_at) VALUES (?1, ?2, ?3, ?4, ?5)", "ittTi", site, in->kind, date, in->text,
	    ctx->now)) != 0)
		return rc;
	id->type = 'D';
	id->n = pm_db_last_id(ctx->db);
	pm_lifecycle_created(ctx, &pm_drill_lifecycle, id->n, &s);
	pm_lifecycle_s(&s, "kind", in->kind);
	pm_lifecycle_s(&s, "planned", date);
	rc = pm_lifecycle_finish(&s, err);
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- record and cancel ---------------------------------------------------------- */

static int
h_record(pm_lc_step *s, pm_err *err)
{
	const pm_drill_act *a = s->arg;
	pm_date today = pm_date_of(s->ctx->now), held = today, planned;
	char date[16];
	pm_stmt *st = NULL;
	pm_err e;
	int i, rc;

	/* by default held on its planned day, unless that is still to come */
	if ((rc = pm_db_prepare(s->ctx->db, "SELECT planned FROM drill WHERE id = ?1", &st,
	    err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, s->id);
	if ((rc = pm_stmt_step(st, err)) == 1 &&
	    pm_date_parse(pm_stmt_text(st, 0), &planned, &e) == 0 &&
	    pm_date_cmp(planned, today) <= 0)
		held = planned;
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if (a->has_date)
		held = a->date;

	if (!a->has_participants)
		return pm_err_field(err, PM_EX_USAGE, "participants", _("participants is required"));
	if (!a->has_minutes)
		return pm_err_field(err, PM_EX_USAGE, "minutes", _("minutes is required"));
	if (a->participants < 0 || a->participants > 100000)
		return pm_err_field(err, PM_EX_DATAERR, "participants",
		    _("participants: 0 to 100000"));
	if (a->minutes < 1 || a->minutes > 100000)
		return pm_err_field(err, PM_EX_DATAERR, "minutes", _("minutes: 1 to 100000"));
	if (pm_date_cmp(held, today) > 0)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: held date is in the future"), s->idtext);
	for (i = 0; i < a->nfindings; i++)
		if ((rc = pm_text_need(a->findings[i], "findings", err)) != 0 ||
		    (rc = pm_text_field(a->findings[i], max_chars(s->ctx), "findings", err)) != 0)
			return rc;
	pm_date_format(held, date, sizeof date);
	if ((rc = pm_db_run(s->ctx->db, err, "UPDATE drill SET held = ?2, participants = ?3, "
	    "minutes = ?4, recorded_at = ?5 WHERE id = ?1", "itiii", s->id, date, a->participants,
	    a->minutes, s->ctx->now)) != 0)
		return rc;
	for (i = 0; i < a->nfindings; i++)
		if ((rc = pm_db_run(s->ctx->db, err, "INSERT INTO drill_finding (drill_id, n, text) "
		    "VALUES (?1, ?2, ?3)", "iit", s->id, (int64_t)i + 1, a->findings[i])) != 0)
			return rc;
	pm_lifecycle_s(s, "held", date);
	pm_lifecycle_i(s, "participants", a->participants);
	pm_lifecycle_i(s, "minutes", a->minutes);
	pm_lifecycle_i(s, "findings", a->nfindings);
	return 0;
}

static int
h_cancel(pm_lc_step *s, pm_err *err)
{
	const pm_drill_act *a = s->arg;
	int rc;

	if ((rc = pm_text_need(a->text, "text", err)) != 0 ||
	    (rc = pm_text_field(a->text, max_chars(s->ctx), "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE drill SET cancelled_at = ?2, reason = ?3 "
	    "WHERE id = ?1", "iit", s->id, s->ctx->now, a->text);
}

int
pm_drill_apply(pm_ctx *ctx, const char *verb, pm_id id, const pm_drill_act *a, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(&pm_drill_lifecycle, verb);

	if (t == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("drill: %s is not an act"), verb);
	return pm_lifecycle_apply(ctx, &pm_drill_lifecycle, verb, id.n, ctx->now,
	    strcmp(verb, "cancel") == 0 ? a->text : NULL, (void *)a, err);
}

/* ---- reading -------------------------------------------------------------------- */

const pm_col pm_drill_cols[PM_DC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "planned", PM_C_TEXT, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "kind", PM_C_TEXT, 0, 0, 0 },
	{ "site", PM_C_ID, 0, 0, 0 }, { "held", PM_C_TEXT, 0, 0, 0 },
	{ "participants", PM_C_INT, 0, 0, 0 }, { "minutes", PM_C_INT, 0, 0, 0 },
	{ "nfindings", PM_C_INT, 0, 0, 0 }, { "text", PM_C_TEXT, 30, 0, 0 },
	{ "created", PM_C_TIME, 0, 0, 0 }, { "recorded", PM_C_TIME, 0, 0, 0 },
	{ "cancelled", PM_C_TIME, 0, 0, 0 }, { "reason", PM_C_TEXT, 30, 0, 0 },
	{ "findings", PM_C_JSON, 60, 0, 0 },
};

static const pm_lq_col dcol[PM_DC_N] = {
	{ "d.id", 0 }, { "d.planned", 0 }, { "d.status", 0 }, { "d.kind", 0 }, { "s.code", 1 },
	{ "d.held", 0 }, { "d.participants", 0 }, { "d.minutes", 0 },
	{ "(SELECT count(*) FROM drill_finding f WHERE f.drill_id = d.id)", 0 }, { "d.text", 0 },
	{ "d.created_at", 0 }, { "d.recorded_at", 0 }, { "d.cancelled_at", 0 },
	{ "d.reason", 0 }, { NULL, 0 },
};
static const char *const djoins[] = { " JOIN site s ON s.id = d.site_id" };

struct pm_drill_iter {
	pm_ctx *ctx;
	pm_listq_rows rows;
	int64_t one;
	uint64_t cols;
	pm_buf findings;
};

/* ?3 status, ?4 kind, ?5 site, ?6 limit, ?7 one. */
static int
listq_build(pm_ctx *ctx, const pm_drill_filter *f, pm_listq *q, pm_err *err)
{
	uint64_t cols = f->cols != 0 ? f->cols : ~PM_DC_BIT(PM_DC_FINDINGS);
	int newest = f->all || (f->status != NULL && strcmp(f->status, "planned") != 0), rc;

	pm_listq_init(q, PM_LQ_P(3) | PM_LQ_P(4));
	if (f->status != NULL && !pm_lifecycle_in(pm_drill_lifecycle.states, f->status))
		return pm_text_one_of(err, "status", f->status, "planned, done, cancelled");
	if (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[5], err)) != 0)
		return rc;
	q->t[3] = f->status;
	q->t[4] = f->kind;
	q->p[6] = f->limit;
	q->p[7] = f->one;
	pm_listq_select(q, dcol, PM_DC_N, cols, PM_DC_ID);
	pm_listq_from(q, " FROM drill d", djoins, 1);
	if (f->one != 0) {
		pm_listq_add(q, " WHERE d.id = ?7", PM_LQ_P(7));
		return 0;
	}
	if (f->status != NULL) {
		pm_listq_add(q, " WHERE d.status = ?3", PM_LQ_P(3));
	} else if (f->all) {
		pm_listq_add(q, " WHERE 1 = 1", 0);
	} else {        /* term for term the partial index drill_open */
		pm_listq_add(q, " WHERE ", 0);
		pm_lifecycle_sql_final(&pm_drill_lifecycle, "d.status", 1, &q->sql);
	}
	if (f->kind != NULL)
		pm_listq_and(q, 1, "", "d.kind = ?4", PM_LQ_P(4));
	if (f->site != NULL)
		pm_listq_and(q, 1, "", "+d.site_id = ?5", PM_LQ_P(5));
	pm_listq_add(q, newest ? " ORDER BY d.planned DESC, d.id DESC" :
	    " ORDER BY d.planned, d.id", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?6", PM_LQ_P(6));
	return 0;
}

int
pm_drill_list(pm_ctx *ctx, const pm_drill_filter *f, pm_drill_iter **out, pm_err *err)
{
	pm_drill_iter *it;
	pm_listq q;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &q, err)) != 0) {
		pm_listq_free(&q);
		return rc;
	}
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->ctx = ctx;
	it->one = f->one;
	it->cols = f->cols;
	pm_buf_init(&it->findings);
	if ((rc = pm_listq_rows_open(ctx->db, &q, pm_drill_cols, PM_DC_N, PM_DC_ID, 'D', &it->rows,
	    err)) != 0) {
		pm_drill_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

/* The drill's findings as a JSON array of {n, text} (show). */
static int
findings_json(pm_drill_iter *it, int64_t id, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_json j;
	int rc;

	pm_buf_reset(&it->findings);
	if ((rc = pm_db_prepare(it->ctx->db, "SELECT n, text FROM drill_finding WHERE "
	    "drill_id = ?1 ORDER BY n", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	pm_json_init(&j, &it->findings);
	pm_json_arr(&j, NULL);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_obj(&j, NULL);
		pm_json_i(&j, "n", pm_stmt_int(st, 0));
		pm_json_s(&j, "text", pm_stmt_text(st, 1));
		pm_json_end(&j);
	}
	pm_json_end(&j);
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_drill_next_row(pm_drill_iter *it, pm_drill_row *row, pm_err *err)
{
	int rc;

	if ((rc = pm_listq_rows_next(&it->rows, row->c, err)) != 1)
		return rc;
	if (it->one != 0 && (it->cols & PM_DC_BIT(PM_DC_FINDINGS))) {
		if (findings_json(it, it->one, err) != 0)
			return -1;
		row->c[PM_DC_FINDINGS].null = 0;
		row->c[PM_DC_FINDINGS].s = it->findings.s;
	}
	return 1;
}

void
pm_drill_iter_free(pm_drill_iter *it)
{
	if (it == NULL)
		return;
	pm_listq_rows_close(&it->rows);
	pm_buf_free(&it->findings);
	free(it);
}

/* ---- due -------------------------------------------------------------------------- */

const pm_col pm_drill_due_cols[PM_DD_N] = {
	{ "site", PM_C_ID, 0, 0, PM_COL_KEY }, { "kind", PM_C_TEXT, 0, 0, 0 },
	{ "key_site", PM_C_BOOL, 0, 0, 0 }, { "last", PM_C_TEXT, 0, 0, 0 },
	{ "last_id", PM_C_ID, 0, 0, 0 }, { "every", PM_C_TEXT, 0, 0, 0 },
	{ "due", PM_C_TEXT, 0, 0, 0 }, { "days", PM_C_INT, 0, 0, 0 },
	{ "state", PM_C_TEXT, 0, 0, 0 }, { "planned", PM_C_TEXT, 0, 0, 0 },
	{ "planned_id", PM_C_ID, 0, 0, 0 },
};

/* A text cell: NULL when s is empty. */
static void
cell_text(pm_cell *c, const char *s)
{
	c->s = s;
	c->null = *s == '\0';
}

/*
 * The due statement for nkinds kinds: per site (?1: that one, 0: the
 * active ones) and kind (?3.. in rule order, numbered 0..), the last
 * drill held by the day ?2 (a seek on drill_held) and the next one
 * planned (a seek on drill_next), by site code and rule order.  Only
 * placeholders are written into it.  The WHERE of the next-planned
 * seek is drill_next's, term for term: planned is the only other state.
 */
static void
due_sql(pm_buf *sql, size_t nkinds)
{
	size_t i;

	pm_buf_adds(sql, "WITH rule (n, kind) AS (VALUES ");
	for (i = 0; i < nkinds; i++)
		pm_buf_addf(sql, "%s(%zu, ?%zu)", i > 0 ? ", " : "", i, i + 3);
	pm_buf_adds(sql, ") SELECT site.id, site.code, rule.n, l.held, l.id, p.planned, p.id "
	    "FROM site JOIN rule "
	    "LEFT JOIN drill l ON l.id = (SELECT x.id FROM drill x WHERE x.site_id = site.id "
	    " AND x.kind = rule.kind AND x.held <= ?2 ORDER BY x.held DESC, x.id DESC LIMIT 1) "
	    "LEFT JOIN drill p ON p.id = (SELECT y.id FROM drill y WHERE y.status <> 'done' "
	    " AND y.status <> 'cancelled' AND y.site_id = site.id AND y.kind = rule.kind "
	    " ORDER BY y.planned, y.id LIMIT 1) "
	    "WHERE (site.active = 1 AND ?1 = 0) OR site.id = ?1 "
	    "ORDER BY site.code, rule.n");
}

/* Bind the due statement: site, the day, the kinds. */
static void
due_bind(pm_stmt *st, int64_t site, const char *asof, const char *const *kinds,
    size_t nkinds)
{
	size_t i;

	pm_stmt_bind_int(st, 1, site);
	pm_stmt_bind_text(st, 2, asof);
	for (i = 0; i < nkinds; i++)
		pm_stmt_bind_text(st, (int)i + 3, kinds[i]);
}

/* Format drill id n as D<n> into buf (24 bytes), "" for NULL. */
static void
drill_idtext(pm_stmt *st, int col, char *buf)
{
	pm_id id;

	buf[0] = '\0';
	if (pm_stmt_null(st, col))
		return;
	id.type = 'D';
	id.n = pm_stmt_int(st, col);
	pm_id_format(id, buf, 24);
}

/* One row of the due statement: a site and rule, with its last held
 * drill and the next planned one. */
static int
due_one(pm_ctx *ctx, pm_stmt *st, const pm_drill_rule *r, const pm_drill_due_q *q,
    int64_t within, int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_cell c[PM_DD_N];
	char code[64], lastd[16] = "", lastid[24], dued[16] = "", plan[16] = "", planid[24];
	int key;
	const char *state = "never";
	pm_span every;
	pm_date ld, dd;
	int64_t days = 0;
	pm_err e;

	snprintf(code, sizeof code, "%s", pm_stmt_text(st, 1));
	key = pm_drill_key_site(ctx->cfg, code);
	every = key && r->key_text[0] ? r->key : r->every;
	if (!pm_stmt_null(st, 3))
		snprintf(lastd, sizeof lastd, "%s", pm_stmt_text(st, 3));
	drill_idtext(st, 4, lastid);
	if (!pm_stmt_null(st, 5))
		snprintf(plan, sizeof plan, "%s", pm_stmt_text(st, 5));
	drill_idtext(st, 6, planid);
	memset(c, 0, sizeof c);
	if (lastd[0] != '\0') {
		if (pm_date_parse(lastd, &ld, &e) != 0 || pm_drill_next(ld, every, &dd) != 0)
			return pm_err_set(err, PM_EX_SOFTWARE, _("drill %s: bad held date"), lastid);
		pm_date_format(dd, dued, sizeof dued);
		days = pm_date_diff(q->as_of, dd);
		state = days < 0 ? "overdue" : days <= within ? "due" : "ok";
	}
	if (!q->all && strcmp(state, "ok") == 0)
		return 0;
	c[PM_DD_SITE].s = code;
	c[PM_DD_KIND].s = r->kind;
	c[PM_DD_KEY].i = key;
	cell_text(&c[PM_DD_LAST], lastd);
	cell_text(&c[PM_DD_LAST_ID], lastid);
	c[PM_DD_EVERY].s = key && r->key_text[0] ? r->key_text : r->every_text;
	cell_text(&c[PM_DD_DUE], dued);
	c[PM_DD_DAYS].i = days;
	c[PM_DD_DAYS].null = dued[0] == '\0';
	c[PM_DD_STATE].s = state;
	cell_text(&c[PM_DD_PLANNED], plan);
	cell_text(&c[PM_DD_PLANNED_ID], planid);
	return fn(arg, c);
}

int
pm_drill_due(pm_ctx *ctx, const pm_drill_due_q *q,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_drill_rule rules[PM_DRILL_RULES_MAX];
	const pm_drill_rule *use[PM_DRILL_RULES_MAX];
	const char *kinds[PM_DRILL_RULES_MAX];
	int64_t within = pm_config_span(ctx->cfg, "drill.due_within") / 86400, site = 0;
	pm_stmt *st = NULL;
	char asof[16];
	size_t i, n, nuse = 0;
	pm_buf sql;
	int rc;

	if ((rc = pm_drill_rules(ctx->cfg, rules, &n, err)) != 0)
		return rc;
	if (q->kind != NULL && pm_drill_rule_of(rules, n, q->kind) == NULL) {
		pm_drill_rule r;
		return kind_rule(ctx, q->kind, &r, err);
	}
	if (q->site != NULL && (rc = pm_unit_site_find(ctx, q->site, 0, &site, err)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (q->kind == NULL || strcmp(q->kind, rules[i].kind) == 0) {
			use[nuse] = &rules[i];
			kinds[nuse++] = rules[i].kind;
		}
	if (nuse == 0)
		return 0;
	/* the last drill held by the day asked about: a day in the past is
	 * answered as it stood then */
	pm_date_format(q->as_of, asof, sizeof asof);
	pm_buf_init(&sql);
	due_sql(&sql, nuse);
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	due_bind(st, site, asof, kinds, nuse);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		int64_t k = pm_stmt_int(st, 2);

		if (k < 0 || (size_t)k >= nuse) {
			rc = pm_err_set(err, PM_EX_SOFTWARE, _("drill due: rule %lld out of range"),
			    (long long)k);
			goto out;
		}
		if ((rc = due_one(ctx, st, use[k], q, within, fn, arg, err)) != 0)
			goto out;
	}
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

int
pm_drill_due_plan(pm_ctx *ctx, pm_buf *plan, pm_err *err)
{
	pm_drill_rule rules[PM_DRILL_RULES_MAX];
	const char *kinds[PM_DRILL_RULES_MAX];
	pm_stmt *st = NULL;
	size_t i, n;
	pm_buf sql;
	int rc;

	if ((rc = pm_drill_rules(ctx->cfg, rules, &n, err)) != 0)
		return rc;
	if (n == 0)
		return 0;
	for (i = 0; i < n; i++)
		kinds[i] = rules[i].kind;
	pm_buf_init(&sql);
	due_sql(&sql, n);
	if ((rc = pm_db_prepare_plan(ctx->db, sql.s, &st, err)) == 0) {
		due_bind(st, 0, "2026-11-30", kinds, n);
		rc = pm_stmt_plan(st, plan, err);
	}
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

/* ---- what hooks see of a drill ------------------------------------------------------ */

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	(void)clear;    /* a drill holds no personal data */
	if ((rc = pm_db_prepare(ctx->db, "SELECT d.kind, d.status, s.code, d.planned, d.held, "
	    "d.participants, d.minutes FROM drill d JOIN site s ON s.id = d.site_id "
	    "WHERE d.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_s(j, "kind", pm_stmt_text(st, 0));
		pm_json_s(j, "status", pm_stmt_text(st, 1));
		pm_json_s(j, "site", pm_stmt_text(st, 2));
		pm_json_s(j, "planned", pm_stmt_text(st, 3));
		pm_json_s(j, "held", pm_stmt_null(st, 4) ? NULL : pm_stmt_text(st, 4));
		if (pm_stmt_null(st, 5))
			pm_json_null(j, "participants");
		else
			pm_json_i(j, "participants", pm_stmt_int(st, 5));
		if (pm_stmt_null(st, 6))
			pm_json_null(j, "minutes");
		else
			pm_json_i(j, "minutes", pm_stmt_int(st, 6));
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

const pm_hook_kind pm_drill_hook_kind = { "drill", 'D', hook_record };
