/* patrol.c — checkpoints (a record kind), checklists, route files; see patrol.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "i18n.h"
#include "json.h"
#include "org.h"
#include "patrol.h"
#include "text.h"
#include "unit.h"

#define KEY PM_RF_KEY
#define REQ PM_RF_REQ

static int cp_norm(pm_ctx *ctx, const pm_rkind *k, int i, const char *const *v, pm_buf *out,
	pm_err *err);
static int cp_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err);

static const pm_rkind kind = {
	.name = "checkpoint", .table = "checkpoint",
	.from = "checkpoint t JOIN site s ON s.id = t.site_id "
	"LEFT JOIN building b ON b.id = t.building_id",
	.order = "s.code, t.code", .current = "t.retired IS NULL", .scope = PM_CP_SITE,
	.label = PM_CP_CODE, .validate = cp_valid, .norm = cp_norm, .nf = PM_CP_NFIELDS,
	.fl = {
	[PM_CP_SITE] = { .name = "site", .type = PM_RF_REF, .flags = KEY | REQ,
	  .help = N_("site code"), .sel = "s.code", .col = "site_id", .ref = "site" },
	[PM_CP_CODE] = { .name = "code", .type = PM_RF_CODE, .flags = KEY | REQ,
	  .help = N_("checkpoint code, unique within the site (N-GATE)"),
	  .sel = "t.code", .col = "code" },
	[PM_CP_NAME] = { .name = "name", .type = PM_RF_TEXT, .max = 100, .def = "",
	  .help = N_("name (北门岗, 3号楼消防通道)"), .sel = "t.name", .col = "name" },
	[PM_CP_KIND] = { .name = "kind", .type = PM_RF_ENUM, .flags = REQ,
	  .choices = PM_CHECKPOINT_KINDS,
	  .help = N_("entrance, facility, cctv, fire, parking, perimeter, lift, plant or other"),
	  .sel = "t.kind", .col = "kind" },
	[PM_CP_BUILDING] = { .name = "building", .type = PM_RF_REF, .ref = "building",
	  .ref_scope = "site_id", .help = N_("building code"), .sel = "b.code",
	  .col = "building_id" },
	[PM_CP_PLACE] = { .name = "place", .type = PM_RF_TEXT, .max = 200, .def = "",
	  .help = N_("where it is (地下车库B区入口)"), .sel = "t.place", .col = "place" },
	[PM_CP_TAG] = { .name = "tag", .type = PM_RF_TEXT, .max = 64, .def = "",
	  .help = N_("the QR or NFC tag's text, unique within the site"), .sel = "t.tag",
	  .col = "tag" },
	[PM_CP_CHECKLIST] = { .name = "checklist", .type = PM_RF_TEXT, .flags = PM_RF_HOOK,
	  .max = 2000, .def = "", .help = N_("what is checked there (门锁;压力:number:0.8..1.2)"),
	  .sel = "t.checklist", .col = "checklist" },
	[PM_CP_RETIRED] = { .name = "retired", .type = PM_RF_DATE,
	  .help = N_("retirement date"), .sel = "t.retired", .col = "retired" },
	[PM_CP_RETIRE_REASON] = { .name = "retire_reason", .type = PM_RF_TEXT, .max = 500,
	  .def = "", .help = N_("why it was retired"), .sel = "t.retire_reason",
	  .col = "retire_reason" },
	} };

/* ---- configuration and permissions ------------------------------------ */

static const pm_cfg_key config_keys[] = {
	{ "patrol.recheck_within", PM_CFG_SPAN, "2h", NULL, 0, 7 * 86400,
	  "how long after a round ends a skipped point may still be checked (补检)", NULL },
	{ "patrol.start_early", PM_CFG_SPAN, "15min", NULL, 0, 86400,
	  "how long before its time a round may be started", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_patrol_config = { "patrol", config_keys, NULL };

const pm_perm_name pm_patrol_perm_names[] = {
	{ "patrol.point", "add, change and retire patrol checkpoints" },
	{ "patrol.import", "import patrol checkpoints from files" },
	{ "patrol.route", "load patrol route files" },
	{ "patrol.plan", "plan the rounds of the routes (round plan)" },
	{ "patrol.walk", "start, check in, finish and hand over patrol rounds" },
	{ NULL, NULL }
};

/* ---- checklists --------------------------------------------------------- */

/* s[0..n) without the spaces around it, into out (size bytes). */
static int
trimmed(const char *s, size_t n, char *out, size_t size)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n >= size)
		return -1;
	memmove(out, s, n);     /* out may be where s is */
	out[n] = '\0';
	return 0;
}

/* A decimal with up to 3 decimals as thousandths. */
static int
thousandths(const char *s, int64_t *out)
{
	int64_t v = 0;
	int neg = 0, dec = -1;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec == 3 || v > INT64_C(1000000000000))
			return -1;
		v = v * 10 + (*s - '0');
		if (dec >= 0)
			dec++;
	}
	if (dec == 0)
		return -1;      /* "1." */
	for (dec = dec < 0 ? 0 : dec; dec < 3; dec++)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

static void
put_thousandths(pm_buf *b, int64_t v)
{
	int64_t a = v < 0 ? -v : v;
	int64_t frac = a % 1000;

	pm_buf_addf(b, "%s%lld", v < 0 ? "-" : "", (long long)(a / 1000));
	if (frac != 0) {
		char f[8];
		int n;

		snprintf(f, sizeof f, ".%03lld", (long long)frac);
		for (n = (int)strlen(f); f[n - 1] == '0'; n--)
			f[n - 1] = '\0';
		pm_buf_adds(b, f);
	}
}

#define BADITEM(...) pm_err_field(err, PM_EX_DATAERR, "checklist", __VA_ARGS__)

static int
item_parse(const char *s, size_t n, pm_check_item *it, pm_err *err)
{
	char part[2004], *type, *spec, *dots;
	pm_err e;

	memset(it, 0, sizeof *it);
	if (trimmed(s, n, part, sizeof part) != 0)
		return BADITEM(_("checklist: an item is too long"));
	if ((type = strchr(part, ':')) != NULL)
		*type++ = '\0';
	if (trimmed(part, strlen(part), it->key, sizeof it->key) != 0 || it->key[0] == '\0')
		return BADITEM(_("checklist: an item needs a key"));
	if (strpbrk(it->key, "=,") != NULL || pm_text_check(it->key, strlen(it->key), 32,
	    "key", &e) != 0)
		return BADITEM(_("checklist: key %s: 1 to 32 characters without ; : = ,"), it->key);
	if (type == NULL)
		return 0;
	if ((spec = strchr(type, ':')) != NULL)
		*spec++ = '\0';
	if (trimmed(type, strlen(type), part, sizeof part) != 0)
		return BADITEM(_("checklist: item %s: a bad type"), it->key);
	if (strcmp(part, "yesno") == 0) {
		it->type = PM_CHK_YESNO;
	} else if (strcmp(part, "text") == 0) {
		it->type = PM_CHK_TEXT;
	} else if (strcmp(part, "number") == 0) {
		it->type = PM_CHK_NUMBER;
		if (spec != NULL) {
			char lo[64], hi[64];

			if ((dots = strstr(spec, "..")) == NULL ||
			    trimmed(spec, (size_t)(dots - spec), lo, sizeof lo) != 0 ||
			    trimmed(dots + 2, strlen(dots + 2), hi, sizeof hi) != 0 ||
			    thousandths(lo, &it->min) != 0 || thousandths(hi, &it->max) != 0 ||
			    it->min > it->max)
				return BADITEM(_("checklist: item %s: expected a range MIN..MAX "
				    "(0.8..1.2)"), it->key);
			it->has_range = 1;
			spec = NULL;
		}
	} else if (strcmp(part, "choice") == 0) {
		const char *c, *bar;
		char w[400];
		pm_buf b;

		it->type = PM_CHK_CHOICE;
		if (spec == NULL)
			return BADITEM(_("checklist: item %s: a choice needs its choices (choice:A|B)"),
			    it->key);
		pm_buf_init(&b);
		for (c = spec;; c = bar + 1) {
			bar = strchr(c, '|');
			if (trimmed(c, bar ? (size_t)(bar - c) : strlen(c), w, sizeof w) != 0 ||
			    w[0] == '\0' || strchr(w, ',') != NULL) {
				pm_buf_free(&b);
				return BADITEM(_("checklist: item %s: an empty or bad choice"), it->key);
			}
			pm_buf_addf(&b, "%s%s", b.len ? "|" : "", w);
			if (bar == NULL)
				break;
		}
		if (b.len >= sizeof it->choices || !strchr(b.s, '|')) {
			pm_buf_free(&b);
			return BADITEM(_("checklist: item %s: 2 or more choices, in all at most %d "
			    "bytes"), it->key, (int)sizeof it->choices - 1);
		}
		memcpy(it->choices, b.s, b.len + 1);
		pm_buf_free(&b);
		spec = NULL;
	} else {
		return BADITEM(_("checklist: item %s: unknown type %s (yesno, number, choice, "
		    "text)"), it->key, part);
	}
	if (spec != NULL)
		return BADITEM(_("checklist: item %s: %s takes nothing after it"), it->key, part);
	return 0;
}

int
pm_checklist_parse(const char *s, pm_checklist *out, pm_err *err)
{
	const char *semi;
	int i, rc;

	memset(out, 0, sizeof *out);
	if (s == NULL)
		return 0;
	for (; *s != '\0'; s = semi + 1) {
		semi = strchr(s, ';');
		if (semi == NULL)
			semi = s + strlen(s);
		if (out->n == PM_CHECKLIST_MAX)
			return BADITEM(_("checklist: more than %d items"), PM_CHECKLIST_MAX);
		if ((rc = item_parse(s, (size_t)(semi - s), &out->items[out->n], err)) != 0)
			return rc;
		for (i = 0; i < out->n; i++)
			if (strcmp(out->items[i].key, out->items[out->n].key) == 0)
				return BADITEM(_("checklist: key %s twice"), out->items[i].key);
		out->n++;
		if (*semi == '\0')
			break;
	}
	return 0;
}

void
pm_checklist_format(const pm_checklist *c, pm_buf *out)
{
	static const char *const names[] = { "yesno", "number", "choice", "text" };
	int i;

	for (i = 0; i < c->n; i++) {
		const pm_check_item *it = &c->items[i];

		if (i > 0)
			pm_buf_adds(out, ";");
		pm_buf_adds(out, it->key);
		if (it->type == PM_CHK_YESNO)
			continue;
		pm_buf_addf(out, ":%s", names[it->type]);
		if (it->type == PM_CHK_NUMBER && it->has_range) {
			pm_buf_adds(out, ":");
			put_thousandths(out, it->min);
			pm_buf_adds(out, "..");
			put_thousandths(out, it->max);
		} else if (it->type == PM_CHK_CHOICE) {
			pm_buf_addf(out, ":%s", it->choices);
		}
	}
}

/* Is w one of "a|b|c"?  *first set when it is the first. */
static int
choice_of(const char *choices, const char *w, int *first)
{
	const char *c, *bar;
	size_t n = strlen(w);
	int i;

	for (i = 0, c = choices;; i++, c = bar + 1) {
		bar = strchr(c, '|');
		if ((size_t)(bar ? bar - c : (ptrdiff_t)strlen(c)) == n && memcmp(c, w, n) == 0) {
			*first = i == 0;
			return 1;
		}
		if (bar == NULL)
			return 0;
	}
}

#define BADANS(...) pm_err_field(err, PM_EX_DATAERR, "answer", __VA_ARGS__)

int
pm_checklist_answers(const pm_checklist *c, const char *const *answers, int n, pm_buf *json,
    int *abnormal, int *missing, pm_err *err)
{
	const char *val[PM_CHECKLIST_MAX];
	pm_json j;
	int i, k, first;
	int64_t v;

	*abnormal = 0;
	*missing = 0;
	memset(val, 0, sizeof val);
	for (k = 0; k < n; k++) {
		const char *eq = strchr(answers[k], '=');
		size_t kl;

		if (eq == NULL)
			return BADANS(_("answer %s: expected KEY=VALUE"), answers[k]);
		kl = (size_t)(eq - answers[k]);
		for (i = 0; i < c->n; i++)
			if (strlen(c->items[i].key) == kl && memcmp(c->items[i].key, answers[k], kl) == 0)
				break;
		if (i == c->n)
			return BADANS(_("answer %.*s: not on the checkpoint's checklist"), (int)kl,
			    answers[k]);
		if (val[i] != NULL)
			return BADANS(_("answer %s given twice"), c->items[i].key);
		val[i] = eq + 1;
	}
	if (n > 0) {
		pm_json_init(&j, json);
		pm_json_obj(&j, NULL);
	}
	for (i = 0; i < c->n; i++) {
		const pm_check_item *it = &c->items[i];
		pm_err e;

		if (val[i] == NULL) {
			(*missing)++;
			continue;
		}
		switch (it->type) {
		case PM_CHK_YESNO:
			if (strcmp(val[i], "yes") != 0 && strcmp(val[i], "no") != 0)
				return BADANS(_("answer %s: expected yes or no"), it->key);
			if (val[i][0] == 'n')
				(*abnormal)++;
			pm_json_b(&j, it->key, val[i][0] == 'y');
			break;
		case PM_CHK_NUMBER:
			if (thousandths(val[i], &v) != 0)
				return BADANS(_("answer %s: expected a number with up to 3 decimals"),
				    it->key);
			if (it->has_range && (v < it->min || v > it->max))
				(*abnormal)++;
			{
				pm_buf num;

				pm_buf_init(&num);
				put_thousandths(&num, v);
				pm_json_raw(&j, it->key, num.s);
				pm_buf_free(&num);
			}
			break;
		case PM_CHK_CHOICE:
			if (!choice_of(it->choices, val[i], &first))
				return BADANS(_("answer %s: expected one of %s"), it->key, it->choices);
			if (!first)
				(*abnormal)++;
			pm_json_s(&j, it->key, val[i]);
			break;
		case PM_CHK_TEXT:
			if (pm_text_check(val[i], strlen(val[i]), 500, "answer", &e) != 0)
				return BADANS(_("answer %s: %s"), it->key, e.msg);
			pm_json_s(&j, it->key, val[i]);
			break;
		}
	}
	if (n > 0)
		pm_json_end(&j);
	return 0;
}

/* ---- checkpoints ---------------------------------------------------------- */

static int
cp_norm(pm_ctx *ctx, const pm_rkind *k, int i, const char *const *v, pm_buf *out, pm_err *err)
{
	pm_checklist c;
	int rc;

	(void)ctx;
	(void)k;
	(void)v;
	if (i != PM_CP_CHECKLIST || out->len == 0)
		return 0;
	if ((rc = pm_checklist_parse(out->s, &c, err)) != 0)
		return rc;
	pm_buf_reset(out);
	pm_checklist_format(&c, out);
	return 0;
}

static int
cp_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err)
{
	int64_t site_id, other;
	int found, rc;

	(void)k;
	if ((*v[PM_CP_RETIRED] == '\0') != (*v[PM_CP_RETIRE_REASON] == '\0'))
		return pm_err_field(err, PM_EX_DATAERR, "retire_reason",
		    _("a retirement needs a reason, and a reason a retirement"));
	if (*v[PM_CP_TAG] == '\0')
		return 0;
	/* a tag names one point of its site: say which holds it */
	if ((rc = pm_unit_site_find(ctx, v[PM_CP_SITE], 0, &site_id, err)) != 0)
		return rc;
	if ((rc = pm_db_get_int(ctx->db, err, &other, &found, "SELECT id FROM checkpoint "
	    "WHERE site_id = ?1 AND tag = ?2 AND code <> ?3", "itt", site_id, v[PM_CP_TAG],
	    v[PM_CP_CODE])) != 0)
		return rc;
	if (found)
		return pm_err_field(err, PM_EX_DATAERR, "tag",
		    _("tag %s is another checkpoint's at this site"), v[PM_CP_TAG]);
	return 0;
}

const pm_rkind *
pm_checkpoint_kind(void)
{
	return &kind;
}

int
pm_checkpoint_put(pm_ctx *ctx, const pm_rrec *rec, pm_rmode mode, pm_rput *res, pm_err *err)
{
	return pm_record_put(ctx, &kind, rec, mode, res, err);
}

int
pm_checkpoint_cols(unsigned show, pm_col *cols)
{
	return pm_record_cols(&kind, show, cols);
}

int
pm_checkpoint_list(pm_ctx *ctx, const pm_checkpoint_filter *f, pm_riter **out, pm_err *err)
{
	pm_rfilter rf[4];
	int64_t id;
	int n = 0, rc;

	*out = NULL;
	if (f->site != NULL) {
		if ((rc = pm_unit_site_find(ctx, f->site, 0, &id, err)) != 0)
			return rc;
		rf[n++] = (pm_rfilter){ "s.code", f->site, PM_RF_EQ };
	}
	if (f->kind != NULL) {
		int first;

		if (!choice_of(PM_CHECKPOINT_KINDS, f->kind, &first))
			return pm_err_field(err, PM_EX_DATAERR, "kind", _("kind %s: expected one of %s"),
			    f->kind, PM_CHECKPOINT_KINDS);
		rf[n++] = (pm_rfilter){ "t.kind", f->kind, PM_RF_EQ };
	}
	if (f->building != NULL)
		rf[n++] = (pm_rfilter){ "b.code", f->building, PM_RF_EQ };
	if (f->key != NULL)
		rf[n++] = (pm_rfilter){ "t.code", f->key, PM_RF_EQ };
	return pm_record_list(ctx, &kind, rf, n, f->all || f->key != NULL ? PM_R_ALL : 0, out,
	    err);
}

#define CP_COLS "id, site_id, code, name, kind, tag, checklist, coalesce(retired, '')"

static int
cp_one(pm_ctx *ctx, const char *sql, int64_t n, const char *code, pm_checkpoint_ref *out,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, n);
	if (code != NULL)
		pm_stmt_bind_text(st, 2, code);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		out->id = pm_stmt_int(st, 0);
		out->site_id = pm_stmt_int(st, 1);
		snprintf(out->code, sizeof out->code, "%s", pm_stmt_text(st, 2));
		snprintf(out->name, sizeof out->name, "%s", pm_stmt_text(st, 3));
		snprintf(out->kind, sizeof out->kind, "%s", pm_stmt_text(st, 4));
		snprintf(out->tag, sizeof out->tag, "%s", pm_stmt_text(st, 5));
		snprintf(out->checklist, sizeof out->checklist, "%s", pm_stmt_text(st, 6));
		snprintf(out->retired, sizeof out->retired, "%s", pm_stmt_text(st, 7));
		rc = 0;
	} else if (rc == 0) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("checkpoint %s: no such checkpoint"),
		    code != NULL ? code : "?");
		err->field = "point";
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

int
pm_checkpoint_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_checkpoint_ref *out,
    pm_err *err)
{
	return cp_one(ctx, "SELECT " CP_COLS " FROM checkpoint WHERE site_id = ?1 AND code = ?2",
	    site_id, code, out, err);
}

int
pm_checkpoint_get(pm_ctx *ctx, int64_t id, pm_checkpoint_ref *out, pm_err *err)
{
	return cp_one(ctx, "SELECT " CP_COLS " FROM checkpoint WHERE id = ?1", id, NULL, out, err);
}

int
pm_checkpoint_retire(pm_ctx *ctx, const char *site, const char *code, const char *date,
    const char *reason, pm_rput *res, pm_err *err)
{
	pm_checkpoint_ref cp;
	const char *site_code = site;
	int64_t site_id;
	pm_rrec rec;
	int rc;

	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0 ||
	    (rc = pm_checkpoint_find(ctx, site_id, code, &cp, err)) != 0)
		return rc;
	if (cp.retired[0] != '\0')
		return pm_text_fail(err, PM_EX_DATAERR, _("checkpoint %s: already retired"), code);
	if (site_code == NULL && (site_code = pm_unit_default_site(ctx, err)) == NULL)
		return err->status ? err->status : pm_err_set(err, PM_EX_SOFTWARE, _("retire: no site"));
	memset(&rec, 0, sizeof rec);
	rec.v[PM_CP_SITE] = site_code;
	rec.v[PM_CP_CODE] = code;
	rec.v[PM_CP_RETIRED] = date != NULL ? date : "today";
	rec.v[PM_CP_RETIRE_REASON] = reason;
	return pm_record_put(ctx, &kind, &rec, PM_PUT_SET, res, err);
}

/* ---- route files ------------------------------------------------------------ */

static int
as_data(pm_err *err)
{
	if (err->status == PM_EX_CONFIG)
		err->status = PM_EX_DATAERR;
	return err->status;
}

#define BAD(n, ...) (pm_yaml_error(err, doc, (n), __VA_ARGS__), as_data(err))
#define DAY INT64_C(86400)

static const char *const route_keys =
	"route, title, site, depts, schedule, start, window, point_window, remind, active, points";

static int
point_of(const pm_ydoc *doc, const pm_ynode *m, pm_route_point_def *p, pm_err *err)
{
	size_t j;

	p->node = m;
	if (m->kind == PM_Y_SCALAR)     /* "- N-GATE": the point alone */
		return pm_yaml_code(doc, m, 32, &p->point, err) != 0 ? as_data(err) : 0;
	if (m->kind != PM_Y_MAP)
		return BAD(m, _("expected a checkpoint code or a mapping (point, offset, window)"));
	for (j = 0; j < m->n; j++) {
		const char *key = m->keys[j]->str;
		const pm_ynode *n = m->items[j];
		int rc;

		if (strcmp(key, "point") == 0)
			rc = pm_yaml_code(doc, n, 32, &p->point, err);
		else if (strcmp(key, "offset") == 0)
			rc = pm_yaml_span(doc, n, DAY, _("expected a span of up to a day (15min, 1h)"),
			    &p->offset, err);
		else if (strcmp(key, "window") == 0)
			rc = pm_yaml_span(doc, n, DAY, _("expected a span of up to a day (15min, 1h)"),
			    &p->window, err);
		else
			return BAD(m->keys[j], _("unknown key %s (point, offset, window)"), key);
		if (rc != 0)
			return as_data(err);
		if (strcmp(key, "window") == 0 && p->window == 0)
			return BAD(n, _("a window must be longer than 0"));
	}
	if (p->point == NULL)
		return BAD(m, _("a route point needs point (a checkpoint code)"));
	return 0;
}

static int
schedule_of(const pm_ydoc *doc, const pm_ynode *n, pm_route_def *def, pm_err *err)
{
	const char **rules = NULL;
	size_t i, k, len = 0;
	int rc = 0;
	pm_err e;

	if (n->kind == PM_Y_SCALAR) {
		static const char *one[1];

		if (pm_yaml_text(doc, n, PM_RECUR_TEXT_MAX, &one[0], err) != 0)
			return as_data(err);
		def->nrules = 1;
		rules = one;
	} else if (pm_yaml_texts(doc, n, PM_ROUTE_RULES_MAX, PM_RECUR_TEXT_MAX, &rules,
	    &def->nrules, err) != 0) {
		free(rules);
		return as_data(err);
	}
	for (i = 0; i < def->nrules && rc == 0; i++) {
		const pm_ynode *at = n->kind == PM_Y_SEQ ? n->items[i] : n;
		char canon[PM_RECUR_TEXT_MAX];

		if (pm_recur_parse(rules[i], &def->rules[i], &e) != 0) {
			rc = BAD(at, "%s", e.msg);
			break;
		}
		pm_recur_format(&def->rules[i], canon, sizeof canon);
		for (k = 0; k < i && rc == 0; k++)
			if (memcmp(&def->rules[k], &def->rules[i], sizeof def->rules[i]) == 0)
				rc = BAD(at, _("rule %s twice"), canon);
		len += (size_t)snprintf(def->schedule + len, sizeof def->schedule - len, "%s%s",
		    i ? "; " : "", canon);
	}
	if (n->kind == PM_Y_SEQ)
		free(rules);
	return rc;
}

static int
route_of(pm_ydoc *doc, pm_route_def **out, pm_err *err)
{
	const pm_ynode *root = doc->root, *points = NULL, *sched = NULL;
	pm_route_def *def = pm_xcalloc(1, sizeof *def);
	size_t i, k;
	int rc = 0, y, mo, d;

	def->doc = doc;
	def->active = 1;
	def->window = 3600;
	*out = NULL;
	if (root->kind != PM_Y_MAP) {
		rc = BAD(root, _("expected a mapping (%s)"), route_keys);
		goto out;
	}
	for (i = 0; i < root->n && rc == 0; i++) {
		const char *key = root->keys[i]->str;
		const pm_ynode *n = root->items[i];

		if (strcmp(key, "route") == 0) {
			rc = pm_yaml_code(doc, n, 32, &def->code, err);
		} else if (strcmp(key, "title") == 0) {
			rc = pm_yaml_text(doc, n, 200, &def->title, err);
		} else if (strcmp(key, "site") == 0) {
			rc = pm_yaml_code(doc, n, 32, &def->site, err);
			def->site_node = n;
		} else if (strcmp(key, "depts") == 0) {
			def->depts_node = n;
			rc = pm_yaml_texts(doc, n, PM_ROUTE_DEPTS_MAX, 32, &def->depts, &def->ndepts,
			    err);
			for (k = 0; rc == 0 && k < def->ndepts; k++)
				if (!pm_code_valid(def->depts[k], 32, PM_CODE_UPPER))
					rc = pm_yaml_error(err, doc, n->items[k],
					    _("expected a department code"));
		} else if (strcmp(key, "schedule") == 0) {
			sched = n;
		} else if (strcmp(key, "start") == 0) {
			if ((rc = pm_yaml_str(doc, n, &def->start, err)) == 0 &&
			    (strlen(def->start) != 10 || sscanf(def->start, "%4d-%2d-%2d", &y, &mo,
			    &d) != 3 || def->start[4] != '-' || def->start[7] != '-' ||
			    !pm_date_valid(y, mo, d)))
				rc = pm_yaml_error(err, doc, n, _("expected a date YYYY-MM-DD"));
		} else if (strcmp(key, "window") == 0) {
			rc = pm_yaml_span(doc, n, DAY, _("expected a span of up to a day (45min, 2h)"),
			    &def->window, err);
			if (rc == 0 && def->window == 0)
				rc = pm_yaml_error(err, doc, n, _("a window must be longer than 0"));
		} else if (strcmp(key, "point_window") == 0) {
			rc = pm_yaml_span(doc, n, DAY, _("expected a span of up to a day (45min, 2h)"),
			    &def->point_window, err);
			if (rc == 0 && def->point_window == 0)
				rc = pm_yaml_error(err, doc, n, _("a window must be longer than 0"));
		} else if (strcmp(key, "remind") == 0) {
			rc = pm_yaml_span(doc, n, DAY, _("expected a span of up to a day (30min)"),
			    &def->remind, err);
		} else if (strcmp(key, "active") == 0) {
			rc = pm_yaml_bool(doc, n, &def->active, err);
		} else if (strcmp(key, "points") == 0) {
			points = n;
		} else {
			rc = pm_yaml_error(err, doc, root->keys[i], _("unknown key %s (%s)"), key,
			    route_keys);
		}
		if (rc != 0)
			rc = as_data(err);
	}
	if (rc != 0)
		goto out;
	if (def->code == NULL) {
		rc = BAD(root, _("a route needs route (its code)"));
		goto out;
	}
	if (def->title == NULL || def->depts == NULL || sched == NULL || points == NULL) {
		rc = BAD(root, _("route %s needs %s"), def->code, def->title == NULL ? "title" :
		    def->depts == NULL ? "depts" : sched == NULL ? "schedule" : "points");
		goto out;
	}
	for (i = 0; i < def->ndepts; i++)
		for (k = 0; k < i; k++)
			if (strcmp(def->depts[i], def->depts[k]) == 0) {
				rc = BAD(def->depts_node->items[i], _("department %s listed twice"),
				    def->depts[i]);
				goto out;
			}
	if ((rc = schedule_of(doc, sched, def, err)) != 0)
		goto out;
	if (def->point_window == 0)
		def->point_window = def->window;
	if (points->kind != PM_Y_SEQ || points->n == 0 || points->n > PM_ROUTE_POINTS_MAX) {
		rc = BAD(points, _("expected a list of 1 to %d points"), PM_ROUTE_POINTS_MAX);
		goto out;
	}
	def->npoints = points->n;
	def->points = pm_xcalloc(points->n, sizeof *def->points);
	for (i = 0; i < points->n; i++) {
		pm_route_point_def *p = &def->points[i];

		if ((rc = point_of(doc, points->items[i], p, err)) != 0)
			goto out;
		if (p->window == 0)
			p->window = def->point_window;
		for (k = 0; k < i; k++)
			if (strcmp(def->points[k].point, p->point) == 0) {
				rc = BAD(points->items[i], _("point %s twice (first at line %d)"),
				    p->point, def->points[k].node->line);
				goto out;
			}
		if (p->offset + p->window > def->window + DAY) {
			rc = BAD(points->items[i], _("point %s: its window ends more than a day after "
			    "the round's"), p->point);
			goto out;
		}
	}
out:
	if (rc != 0) {
		pm_route_def_free(def);
		return rc;
	}
	*out = def;
	return 0;
}

int
pm_route_parse(const char *file, const char *data, size_t len, pm_route_def **out, pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_parse(file, data, len, &doc, err) != 0)
		return as_data(err);
	return route_of(doc, out, err);
}

int
pm_route_read(const char *path, pm_route_def **out, pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_load(path, &doc, err) != 0)
		return err->status == PM_EX_NOINPUT ? err->status : as_data(err);
	return route_of(doc, out, err);
}

void
pm_route_def_free(pm_route_def *def)
{
	if (def == NULL)
		return;
	free(def->depts);
	free(def->points);
	pm_yaml_free(def->doc);
	free(def);
}

int
pm_route_rules(const char *schedule, pm_recur *rules, size_t *n, pm_err *err)
{
	char one[PM_RECUR_TEXT_MAX + 8];
	const char *s = schedule, *semi;
	int rc;

	*n = 0;
	for (; *s != '\0' && *n < PM_ROUTE_RULES_MAX; s = semi + 2) {
		semi = strstr(s, "; ");
		if (trimmed(s, semi ? (size_t)(semi - s) : strlen(s), one, sizeof one) != 0)
			return pm_err_set(err, PM_EX_SOFTWARE, _("a stored schedule is too long"));
		if ((rc = pm_recur_parse(one, &rules[(*n)++], err)) != 0)
			return rc;
		if (semi == NULL)
			break;
	}
	return 0;
}

/* ---- loading -------------------------------------------------------------- */

static int
at_node(const pm_ydoc *doc, const pm_ynode *n, pm_err *err)
{
	return pm_err_prefix(err, "%s:%d:%d", doc->file, n->line, n->col);
}

/* The stored points of a version as "code/offset/window" lines, for the
 * comparison with a file's. */
static int
points_text(pm_ctx *ctx, int64_t route, int64_t version, pm_buf *out, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT c.code, p.offset_s, p.window_s FROM route_point p "
	    "JOIN checkpoint c ON c.id = p.checkpoint_id WHERE p.route_id = ?1 AND p.version = ?2 "
	    "ORDER BY p.seq", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, route);
	pm_stmt_bind_int(st, 2, version);
	while ((rc = pm_stmt_step(st, err)) == 1)
		pm_buf_addf(out, "%s/%lld/%lld\n", pm_stmt_text(st, 0),
		    (long long)pm_stmt_int(st, 1), (long long)pm_stmt_int(st, 2));
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_route_load(pm_ctx *ctx, const pm_route_def *def, const char *path, pm_route_change *out,
    pm_err *err)
{
	static char fields[128];
	int64_t site_id, dept, id = 0, version = 1, ids[PM_ROUTE_POINTS_MAX];
	char start[16], depts[200], old_title[808], old_depts[200], old_sched[sizeof def->schedule];
	char old_start[16];
	int64_t old_window = 0, old_remind = 0, old_active = 0;
	pm_buf pts, oldpts, after;
	pm_stmt *st = NULL;
	size_t i, len = 0;
	int rc, found = 0, timing = 0;

	memset(out, 0, sizeof *out);
	out->route = def->code;
	fields[0] = '\0';
	pm_buf_init(&pts);
	pm_buf_init(&oldpts);
	pm_buf_init(&after);
	if ((rc = pm_unit_site_find(ctx, def->site, PM_SITE_ACTIVE, &site_id, err)) != 0) {
		rc = at_node(def->doc, def->site_node != NULL ? def->site_node : def->doc->root, err);
		goto out;
	}
	for (i = 0; i < def->ndepts; i++) {
		if ((rc = pm_org_dept_id(ctx, def->depts[i], PM_ORG_ACTIVE, &dept, err)) != 0) {
			rc = at_node(def->doc, def->depts_node->items[i], err);
			goto out;
		}
		len += (size_t)snprintf(depts + len, sizeof depts - len, "%s%s", i ? "," : "",
		    def->depts[i]);
	}
	for (i = 0; i < def->npoints; i++) {
		pm_checkpoint_ref cp;

		if ((rc = pm_checkpoint_find(ctx, site_id, def->points[i].point, &cp, err)) != 0) {
			rc = at_node(def->doc, def->points[i].node, err);
			goto out;
		}
		if (cp.retired[0] != '\0') {
			rc = pm_err_set(err, PM_EX_DATAERR, _("checkpoint %s was retired on %s"),
			    cp.code, cp.retired);
			rc = at_node(def->doc, def->points[i].node, err);
			goto out;
		}
		ids[i] = cp.id;
		pm_buf_addf(&pts, "%s/%lld/%lld\n", cp.code, (long long)def->points[i].offset,
		    (long long)def->points[i].window);
	}
	/* start: the file's, else the day the route was first loaded */
	pm_time_format(ctx->now, PM_TF_DATE, start, sizeof start);
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, version, title, depts, schedule, start, "
	    "window_s, remind_s, active FROM route WHERE code = ?1", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, def->code);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		found = 1;
		id = pm_stmt_int(st, 0);
		version = pm_stmt_int(st, 1);
		snprintf(old_title, sizeof old_title, "%s", pm_stmt_text(st, 2));
		snprintf(old_depts, sizeof old_depts, "%s", pm_stmt_text(st, 3));
		snprintf(old_sched, sizeof old_sched, "%s", pm_stmt_text(st, 4));
		snprintf(old_start, sizeof old_start, "%s", pm_stmt_text(st, 5));
		old_window = pm_stmt_int(st, 6);
		old_remind = pm_stmt_int(st, 7);
		old_active = pm_stmt_int(st, 8);
		snprintf(start, sizeof start, "%s", old_start);
	}
	pm_stmt_free(st);
	st = NULL;
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	if (def->start != NULL)
		snprintf(start, sizeof start, "%s", def->start);
	if (found && (rc = points_text(ctx, id, version, &oldpts, err)) != 0)
		goto out;
	if (found) {
		size_t fl = 0;
#define CHANGED(name, cond) do { if (cond) fl += (size_t)snprintf(fields + fl, \
	sizeof fields - fl, "%s%s", fl ? "," : "", name); } while (0)
		CHANGED("title", strcmp(old_title, def->title) != 0);
		CHANGED("depts", strcmp(old_depts, depts) != 0);
		CHANGED("schedule", strcmp(old_sched, def->schedule) != 0);
		CHANGED("start", strcmp(old_start, start) != 0);
		CHANGED("window", old_window != def->window);
		CHANGED("remind", old_remind != def->remind);
		CHANGED("active", old_active != def->active);
		CHANGED("points", strcmp(oldpts.s ? oldpts.s : "", pts.s ? pts.s : "") != 0);
#undef CHANGED
		timing = strstr(fields, "schedule") || strstr(fields, "start") ||
		    strstr(fields, "window") || strstr(fields, "points") || strstr(fields, "active");
	}
	out->action = !found ? "added" : fields[0] != '\0' ? "changed" : "unchanged";
	out->fields = fields;
	if (found && fields[0] == '\0') {
		out->version = version;
		goto out;
	}
	if (found && strstr(fields, "points") != NULL)
		version++;
	if (!found) {
		rc = pm_db_run(ctx->db, err, "INSERT INTO route (code, title, site_id, depts, schedule, "
		    "start, window_s, remind_s, version, active, file, loaded, since) VALUES (?1, ?2, "
		    "?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?11, ?11)", "ttitttiiiti", def->code,
		    def->title, site_id, depts, def->schedule, start, def->window, def->remind,
		    (int64_t)def->active, path, ctx->now);
		id = pm_db_last_id(ctx->db);
	} else {
		rc = pm_db_run(ctx->db, err, "UPDATE route SET title = ?2, site_id = ?3, depts = ?4, "
		    "schedule = ?5, start = ?6, window_s = ?7, remind_s = ?8, version = ?9, "
		    "active = ?10, file = ?11, loaded = ?12 WHERE id = ?1", "ititttiiiiti", id,
		    def->title, site_id, depts, def->schedule, start, def->window, def->remind,
		    version, (int64_t)def->active, path, ctx->now);
	}
	if (rc != 0)
		goto out;
	if (!found || strstr(fields, "points") != NULL)
		for (i = 0; i < def->npoints; i++)
			if ((rc = pm_db_run(ctx->db, err, "INSERT INTO route_point (route_id, version, "
			    "seq, checkpoint_id, offset_s, window_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			    "iiiiii", id, version, (int64_t)(i + 1), ids[i], def->points[i].offset,
			    def->points[i].window)) != 0)
				goto out;
	/* rounds not yet due are made again from the new definition */
	if (timing) {
		if ((rc = pm_db_run(ctx->db, err, "DELETE FROM patrol_round WHERE route_id = ?1 AND "
		    "status = 'planned' AND planned > ?2", "ii", id, ctx->now)) != 0)
			goto out;
		out->dropped = pm_db_changes(ctx->db);
	}
	out->version = version;
	{
		pm_json j;

		pm_json_init(&j, &after);
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "title", def->title);
		pm_json_s(&j, "depts", depts);
		pm_json_s(&j, "schedule", def->schedule);
		pm_json_s(&j, "start", start);
		pm_json_i(&j, "window", def->window);
		pm_json_i(&j, "remind", def->remind);
		pm_json_b(&j, "active", def->active);
		pm_json_i(&j, "version", version);
		pm_json_s(&j, "changed", fields);
		pm_json_end(&j);
	}
	rc = pm_audit_log(ctx, "route", def->code, found ? "set" : "new", NULL, after.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&pts);
	pm_buf_free(&oldpts);
	pm_buf_free(&after);
	return rc;
}

/* ---- reading ---------------------------------------------------------------- */

#define ROUTE_SQL "SELECT r.id, r.site_id, r.version, r.code, r.title, s.code, r.depts, " \
	"r.schedule, r.start, r.file, r.window_s, r.remind_s, r.active, r.loaded, r.since, " \
	"(SELECT count(*) FROM route_point p WHERE p.route_id = r.id AND p.version = r.version) " \
	"FROM route r JOIN site s ON s.id = r.site_id "

static int
routes_run(pm_stmt *st, int (*fn)(void *arg, const pm_route *r), void *arg, int *n,
    pm_err *err)
{
	pm_route r;
	int rc;

	while ((rc = pm_stmt_step(st, err)) == 1) {
		r.id = pm_stmt_int(st, 0);
		r.site_id = pm_stmt_int(st, 1);
		r.version = pm_stmt_int(st, 2);
		r.code = pm_stmt_text(st, 3);
		r.title = pm_stmt_text(st, 4);
		r.site = pm_stmt_text(st, 5);
		r.depts = pm_stmt_text(st, 6);
		r.schedule = pm_stmt_text(st, 7);
		r.start = pm_stmt_text(st, 8);
		r.file = pm_stmt_text(st, 9);
		r.window = pm_stmt_int(st, 10);
		r.remind = pm_stmt_int(st, 11);
		r.active = (int)pm_stmt_int(st, 12);
		r.loaded = pm_stmt_int(st, 13);
		r.since = pm_stmt_int(st, 14);
		r.points = pm_stmt_int(st, 15);
		if (n != NULL)
			(*n)++;
		if ((rc = fn(arg, &r)) != 0)
			return rc;
	}
	return rc < 0 ? err->status : 0;
}

int
pm_route_each(pm_ctx *ctx, const char *site, int all, int (*fn)(void *arg, const pm_route *r),
    void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t site_id = 0;
	int rc;

	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, ROUTE_SQL "WHERE (r.active = 1 OR ?1 = 1) AND "
	    "(r.site_id = ?2 OR ?2 = 0) ORDER BY r.code", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, all);
	pm_stmt_bind_int(st, 2, site_id);
	rc = routes_run(st, fn, arg, NULL, err);
	pm_stmt_free(st);
	return rc;
}

int
pm_route_find(pm_ctx *ctx, const char *code, int (*fn)(void *arg, const pm_route *r), void *arg,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int rc, n = 0;

	if ((rc = pm_db_prepare(ctx->db, ROUTE_SQL "WHERE r.code = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, code);
	rc = routes_run(st, fn, arg, &n, err);
	pm_stmt_free(st);
	if (rc == 0 && n == 0) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("route %s: no such route"), code);
		err->field = "route";
	}
	return rc;
}

int
pm_route_points_each(pm_ctx *ctx, int64_t route_id, int64_t version,
    int (*fn)(void *arg, const pm_route_point *p), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_route_point p;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT p.seq, p.checkpoint_id, p.offset_s, p.window_s, "
	    "c.code, c.name, c.kind, c.tag, c.checklist FROM route_point p JOIN checkpoint c "
	    "ON c.id = p.checkpoint_id WHERE p.route_id = ?1 AND p.version = ?2 ORDER BY p.seq",
	    &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, route_id);
	pm_stmt_bind_int(st, 2, version);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		p.seq = pm_stmt_int(st, 0);
		p.checkpoint_id = pm_stmt_int(st, 1);
		p.offset = pm_stmt_int(st, 2);
		p.window = pm_stmt_int(st, 3);
		p.code = pm_stmt_text(st, 4);
		p.name = pm_stmt_text(st, 5);
		p.kind = pm_stmt_text(st, 6);
		p.tag = pm_stmt_text(st, 7);
		p.checklist = pm_stmt_text(st, 8);
		if ((rc = fn(arg, &p)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}
