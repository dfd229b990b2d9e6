/* survey.c — owner surveys: questionnaire, answers, statistics; see survey.h. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "survey.h"
#include "text.h"
#include "unit.h"

#define TITLE_MAX 200
#define QTEXT_MAX 500
#define ATEXT_MAX 2000
#define CODE_MAX 32

const pm_col pm_survey_stats_cols[PM_SQ_NCOL] = {
	{ "n", PM_C_INT, 0, 0, PM_COL_KEY },
	{ "kind", PM_C_TEXT, 0, 0, 0 },
	{ "question", PM_C_TEXT, 30, 0, 0 },
	{ "responses", PM_C_INT, 0, 0, 0 },
	{ "units", PM_C_INT, 0, 0, 0 },
	{ "rate_pct", PM_C_DEC2, 0, 0, 0 },
	{ "mean", PM_C_DEC2, 0, 0, 0 },
	{ "satisfied_pct", PM_C_DEC2, 0, 0, 0 },
};

const pm_col pm_survey_list_cols[PM_SL_NCOL] = {
	{ "survey", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "title", PM_C_TEXT, 30, 0, 0 },
	{ "site", PM_C_ID, 0, 0, 0 },
	{ "created", PM_C_TIME, 0, 0, 0 },
	{ "questions", PM_C_INT, 0, 0, 0 },
	{ "respondents", PM_C_INT, 0, 0, 0 },
};

/* ---- the questionnaire ----------------------------------------------- */

/* A questionnaire is data the user hands us, not configuration: its
 * errors are bad data (65), though yaml.c reports them as config (78). */
static int
as_data(pm_err *err)
{
	if (err->status == PM_EX_CONFIG)
		err->status = PM_EX_DATAERR;
	return err->status;
}

/* 1 when word is one of the |-separated choices. */
static int
word_in(const char *choices, const char *word)
{
	size_t n = strlen(word);
	const char *p = choices, *bar;

	for (;;) {
		bar = strchr(p, '|');
		if ((size_t)((bar ? bar : p + strlen(p)) - p) == n && strncmp(p, word, n) == 0)
			return 1;
		if (bar == NULL)
			return 0;
		p = bar + 1;
	}
}

/* A map's keys must all be among the |-separated allowed ones. */
static int
keys_known(const pm_ydoc *doc, const pm_ynode *map, const char *allowed, pm_err *err)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (!word_in(allowed, map->keys[i]->str))
			return pm_yaml_error(err, doc, map->keys[i], "unknown key \"%.40s\" (expected %s)",
			    map->keys[i]->str, allowed);
	return 0;
}

/* A required text value of 1..maxchars characters. */
static int
text_of(const pm_ydoc *doc, const pm_ynode *map, const pm_ynode *at, const char *key,
    size_t maxchars, const char **out, pm_err *err)
{
	const pm_ynode *n = pm_yaml_get(map, key);
	pm_err terr;

	*out = NULL;
	if (n == NULL)
		return pm_yaml_error(err, doc, at, "missing %s", key);
	if (pm_yaml_str(doc, n, out, err) != 0)
		return err->status;
	if (n->len == 0)
		return pm_yaml_error(err, doc, n, "%s is empty", key);
	if (pm_text_check(n->str, n->len, maxchars, key, &terr) != 0)
		return pm_yaml_error(err, doc, n, "%s", terr.msg);
	return 0;
}

static int
code_ok(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 1 || n > CODE_MAX || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

static int
parse_questions(pm_survey_def *d, const pm_ynode *qs, pm_err *err)
{
	const pm_ydoc *doc = d->doc;
	const pm_ynode *item, *kind;
	int idx;
	size_t i;

	if (qs->kind != PM_Y_SEQ || qs->n == 0)
		return pm_yaml_error(err, doc, qs, "questions: expected a list of questions");
	if (qs->n > PM_SURVEY_MAXQ)
		return pm_yaml_error(err, doc, qs->items[PM_SURVEY_MAXQ],
		    "more than %d questions", PM_SURVEY_MAXQ);
	for (i = 0; i < qs->n; i++) {
		item = qs->items[i];
		if (item->kind != PM_Y_MAP)
			return pm_yaml_error(err, doc, item,
			    "a question is a mapping with text: and kind:");
		if (keys_known(doc, item, "text|kind", err) != 0 ||
		    text_of(doc, item, item, "text", QTEXT_MAX, &d->q[i].text, err) != 0)
			return err->status;
		d->q[i].score = 1;      /* most questions in a satisfaction survey are scores */
		d->q[i].line = item->line;
		if ((kind = pm_yaml_get(item, "kind")) != NULL) {
			if (pm_yaml_enum(doc, kind, "score|text", &idx, err) != 0)
				return err->status;
			d->q[i].score = idx == 0;
		}
	}
	d->nq = (int)qs->n;
	return 0;
}

static int
parse_def(pm_survey_def *d, pm_err *err)
{
	const pm_ydoc *doc = d->doc;
	const pm_ynode *root = doc->root, *n, *qs;

	if (root->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, root,
		    "expected a mapping with title:, questions: (and code:, site:)");
	if (keys_known(doc, root, "code|title|site|questions", err) != 0 ||
	    text_of(doc, root, root, "title", TITLE_MAX, &d->title, err) != 0)
		return err->status;
	if ((n = pm_yaml_get(root, "code")) != NULL) {
		if (pm_yaml_str(doc, n, &d->code, err) != 0)
			return err->status;
		if (!code_ok(d->code))
			return pm_yaml_error(err, doc, n, "code: 1-%d of A-Z a-z 0-9 _ -, "
			    "starting with a letter", CODE_MAX);
	}
	if ((n = pm_yaml_get(root, "site")) != NULL &&
	    pm_yaml_str(doc, n, &d->site, err) != 0)
		return err->status;
	if ((qs = pm_yaml_get(root, "questions")) == NULL)
		return pm_yaml_error(err, doc, root, "missing questions");
	return parse_questions(d, qs, err);
}

static int
def_from_doc(pm_ydoc *doc, pm_survey_def **out, pm_err *err)
{
	pm_survey_def *d;

	if ((d = calloc(1, sizeof *d)) == NULL)
		abort();
	d->doc = doc;
	if (parse_def(d, err) != 0) {
		pm_survey_def_free(d);
		return as_data(err);
	}
	*out = d;
	return 0;
}

int
pm_survey_parse(const char *file, const char *data, size_t len, pm_survey_def **out,
    pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_parse(file, data, len, &doc, err) != 0)
		return as_data(err);
	return def_from_doc(doc, out, err);
}

int
pm_survey_load(const char *path, pm_survey_def **out, pm_err *err)
{
	pm_ydoc *doc = NULL;

	*out = NULL;
	if (pm_yaml_load(path, &doc, err) != 0)
		return as_data(err);
	return def_from_doc(doc, out, err);
}

void
pm_survey_def_free(pm_survey_def *def)
{
	if (def == NULL)
		return;
	pm_yaml_free(def->doc);
	free(def);
}

/* ---- lookups ---------------------------------------------------------- */

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* A survey as the import needs it. */
struct survey {
	int64_t id, site_id;
	int nq;
	char kind[PM_SURVEY_MAXQ];      /* 's' score, 't' text, per question n-1 */
	char name[40];                  /* code or number */
	char site[40];                  /* site code */
};

static int
survey_find(pm_ctx *ctx, const char *name, struct survey *s, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc, n;

	memset(s, 0, sizeof *s);
	if ((rc = pm_db_prepare(ctx->db, "SELECT v.id, v.site_id, coalesce(v.code, v.id), s.code "
	    "FROM survey v JOIN site s ON s.id = v.site_id "
	    "WHERE v.code = ?1 OR (?2 = 1 AND v.id = ?3)", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, name);
	pm_stmt_bind_int(st, 2, all_digits(name));
	pm_stmt_bind_int(st, 3, all_digits(name) && strlen(name) < 19 ? strtoll(name, NULL, 10) : 0);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		s->id = pm_stmt_int(st, 0);
		s->site_id = pm_stmt_int(st, 1);
		snprintf(s->name, sizeof s->name, "%s", pm_stmt_text(st, 2));
		snprintf(s->site, sizeof s->site, "%s", pm_stmt_text(st, 3));
	}
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if (rc == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, _("survey %s: no such survey"), name);
	if ((rc = pm_db_prepare(ctx->db, "SELECT n, kind FROM survey_question WHERE survey_id = ?1 "
	    "ORDER BY n", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, s->id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		n = (int)pm_stmt_int(st, 0);
		if (n >= 1 && n <= PM_SURVEY_MAXQ) {
			s->kind[n - 1] = pm_stmt_text(st, 1)[0];
			if (n > s->nq)
				s->nq = n;
		}
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

/* ---- survey new ------------------------------------------------------- */

static void
def_json(pm_buf *j, const pm_survey_def *def, const char *site)
{
	pm_json w;
	int i;

	pm_json_init(&w, j);
	pm_json_obj(&w, NULL);
	pm_json_s(&w, "code", def->code);
	pm_json_s(&w, "title", def->title);
	pm_json_s(&w, "site", site);
	pm_json_arr(&w, "questions");
	for (i = 0; i < def->nq; i++) {
		pm_json_obj(&w, NULL);
		pm_json_s(&w, "kind", def->q[i].score ? "score" : "text");
		pm_json_s(&w, "text", def->q[i].text);
		pm_json_end(&w);
	}
	pm_json_end(&w);
	pm_json_end(&w);
}

int
pm_survey_new(pm_ctx *ctx, const pm_survey_def *def, int64_t *id, char *name, size_t namesz,
    pm_err *err)
{
	const char *site = def->site;
	pm_stmt *st = NULL;
	int64_t site_id, have;
	pm_buf j;
	int i, rc;

	pm_buf_init(&j);
	*id = 0;
	/* the questionnaire's site: (or the only active site) must be in service */
	if ((rc = pm_unit_site_find(ctx, site, PM_SITE_ACTIVE, &site_id, err)) != 0) {
		if (rc == PM_EX_USAGE)
			rc = err->status = PM_EX_DATAERR;       /* the file's fault, not argv's */
		pm_err_prefix(err, _("%s: site:"), def->doc->file);
		goto out;
	}
	if (def->code != NULL) {
		have = 0;
		if ((rc = pm_db_get_int(ctx->db, err, &have, NULL,
		    "SELECT id FROM survey WHERE code = ?1", "t", def->code)) != 0)
			goto out;
		if (have != 0) {
			rc = pm_text_fail(err, PM_EX_DATAERR, _("survey %s: already exists"), def->code);
			goto out;
		}
	}
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO survey (code, title, site_id, created_at) "
	    "VALUES (?1, ?2, ?3, ?4)", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, def->code);
	pm_stmt_bind_text(st, 2, def->title);
	pm_stmt_bind_int(st, 3, site_id);
	pm_stmt_bind_int(st, 4, ctx->now);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	*id = pm_db_last_id(ctx->db);
	pm_stmt_free(st);
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO survey_question (survey_id, n, kind, text) "
	    "VALUES (?1, ?2, ?3, ?4)", &st, err)) != 0)
		goto out;
	for (i = 0; i < def->nq; i++) {
		pm_stmt_reset(st);
		pm_stmt_bind_int(st, 1, *id);
		pm_stmt_bind_int(st, 2, i + 1);
		pm_stmt_bind_text(st, 3, def->q[i].score ? "score" : "text");
		pm_stmt_bind_text(st, 4, def->q[i].text);
		if ((rc = pm_stmt_run(st, err)) != 0)
			goto out;
	}
	if (def->code != NULL)
		snprintf(name, namesz, "%s", def->code);
	else
		snprintf(name, namesz, "%lld", (long long)*id);
	def_json(&j, def, site);
	rc = pm_audit_log(ctx, "survey", name, "new", NULL, j.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&j);
	return rc;
}

/* ---- survey import ---------------------------------------------------- */

/* The unit ids seen so far in one import, so a unit given twice is
 * refused (a second row would silently undo the first, and a re-run
 * would then "change" both).  Open addressing; ids are > 0. */
struct idset {
	int64_t *v;
	long *line;
	size_t n, cap;
};

static size_t
idset_slot(const struct idset *s, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * UINT64_C(0x9e3779b97f4a7c15) >> 20) & (s->cap - 1);

	while (s->v[i] != 0 && s->v[i] != id)
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* Add id; returns the line it was first seen on, or 0 when new. */
static long
idset_add(struct idset *s, int64_t id, long line)
{
	struct idset big;
	size_t i, k;

	if (2 * (s->n + 1) > s->cap) {
		big.cap = s->cap ? 2 * s->cap : 64;
		big.n = s->n;
		if ((big.v = calloc(big.cap, sizeof *big.v)) == NULL ||
		    (big.line = calloc(big.cap, sizeof *big.line)) == NULL)
			abort();
		for (i = 0; i < s->cap; i++)
			if (s->v[i] != 0) {
				k = idset_slot(&big, s->v[i]);
				big.v[k] = s->v[i];
				big.line[k] = s->line[i];
			}
		free(s->v);
		free(s->line);
		*s = big;
	}
	i = idset_slot(s, id);
	if (s->v[i] == id)
		return s->line[i];
	s->v[i] = id;
	s->line[i] = line;
	s->n++;
	return 0;
}

static void
idset_free(struct idset *s)
{
	free(s->v);
	free(s->line);
}

/* Columns of the answers file: unit, site, answered, q1..qN. */
enum { IC_UNIT = 0, IC_SITE, IC_ANSWERED, IC_Q1 };

struct importer {
	pm_ctx *ctx;
	struct survey s;
	const pm_import *imp;   /* the file being read, during a row */
	pm_icol cols[IC_Q1 + PM_SURVEY_MAXQ];
	char qnames[PM_SURVEY_MAXQ][8];
	pm_stmt *old, *del, *ins;
	struct idset seen;
	pm_buf before, after, key;
};

/* The unit's answers as a JSON object {"q1":5,"q2":"text"}, from the
 * database (old) or from the row being imported. */
static int
old_answers(struct importer *im, int64_t unit_id, pm_buf *j, pm_err *err)
{
	int rc, any = 0;

	pm_buf_reset(j);
	pm_stmt_reset(im->old);
	pm_stmt_bind_int(im->old, 1, im->s.id);
	pm_stmt_bind_int(im->old, 2, unit_id);
	pm_buf_addc(j, '{');
	while ((rc = pm_stmt_step(im->old, err)) == 1) {
		pm_buf_addf(j, "%s\"q%lld\":", any++ ? "," : "",
		    (long long)pm_stmt_int(im->old, 0));
		if (pm_stmt_null(im->old, 1))
			pm_json_str(j, pm_stmt_text(im->old, 2));
		else
			pm_buf_addf(j, "%lld", (long long)pm_stmt_int(im->old, 1));
	}
	pm_buf_addc(j, '}');
	return rc < 0 ? err->status : any;
}

/* Check the row's answers and build their JSON (same shape as old_answers,
 * so equal text means equal answers). */
static int
new_answers(struct importer *im, pm_buf *j, pm_err *err)
{
	const char *v;
	pm_err terr;
	int q, any = 0;

	pm_buf_reset(j);
	pm_buf_addc(j, '{');
	for (q = 1; q <= im->s.nq; q++) {
		v = pm_import_get(im->imp, IC_Q1 + q - 1);
		if (v == NULL || *v == '\0')
			continue;
		pm_buf_addf(j, "%s\"q%d\":", any++ ? "," : "", q);
		if (im->s.kind[q - 1] == 's') {
			if (v[0] < '1' || v[0] > '5' || v[1] != '\0')
				return pm_err_set(err, PM_EX_DATAERR, _("q%d: a score is 1 to 5, not \"%.20s\""), q, v);
			pm_buf_addc(j, v[0]);
		} else {
			if (pm_text_check(v, strlen(v), ATEXT_MAX, "answer", &terr) != 0)
				return pm_err_set(err, PM_EX_DATAERR, "q%d: %s", q, terr.msg);
			pm_json_str(j, v);
		}
	}
	pm_buf_addc(j, '}');
	return 0;
}

/* Replace the unit's answers with the row's. */
static int
write_answers(struct importer *im, int64_t unit_id, pm_time at, pm_err *err)
{
	const char *v;
	int q, rc;

	pm_stmt_reset(im->del);
	pm_stmt_bind_int(im->del, 1, im->s.id);
	pm_stmt_bind_int(im->del, 2, unit_id);
	if ((rc = pm_stmt_run(im->del, err)) != 0)
		return rc;
	for (q = 1; q <= im->s.nq; q++) {
		v = pm_import_get(im->imp, IC_Q1 + q - 1);
		if (v == NULL || *v == '\0')
			continue;
		pm_stmt_reset(im->ins);
		pm_stmt_bind_int(im->ins, 1, im->s.id);
		pm_stmt_bind_int(im->ins, 2, unit_id);
		pm_stmt_bind_int(im->ins, 3, q);
		if (im->s.kind[q - 1] == 's')
			pm_stmt_bind_int(im->ins, 4, v[0] - '0');
		else
			pm_stmt_bind_text(im->ins, 5, v);
		pm_stmt_bind_int(im->ins, 6, at);
		if ((rc = pm_stmt_run(im->ins, err)) != 0)
			return rc;
	}
	return 0;
}

/* One row of the answers file (the import loop's handler). */
static int
import_row(pm_ctx *ctx, const pm_import *imp, void *arg, pm_ichange *change, pm_err *err)
{
	struct importer *im = arg;
	const char *unit = pm_import_get(imp, IC_UNIT);
	const char *site = pm_import_get(imp, IC_SITE);
	const char *when = pm_import_get(imp, IC_ANSWERED);
	pm_time at = ctx->now;
	int64_t unit_id;
	long first;
	pm_unit_ref ref;
	int had, rc;

	im->imp = imp;
	if (site != NULL && *site != '\0' && strcmp(site, im->s.site) != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("site %.40s: survey %s is for site %s"), site,
		    im->s.name, im->s.site);
	if (unit == NULL || *unit == '\0')
		return pm_err_set(err, PM_EX_DATAERR, _("unit: missing"));
	if ((rc = pm_unit_find(ctx, im->s.site_id, unit, &ref, err)) != 0) {
		if (rc != PM_EX_NOINPUT)
			return rc;
		return pm_err_set(err, PM_EX_DATAERR, _("unit %.40s: no such unit in site %s"), unit,
		    im->s.site);
	}
	unit_id = ref.id;
	/* parking spaces and storerooms have nobody living there to ask */
	if (strcmp(ref.kind, "parking") == 0 || strcmp(ref.kind, "storage") == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("unit %.40s: a %s does not answer surveys"),
		    unit, ref.kind);
	if ((first = idset_add(&im->seen, unit_id, pm_import_line(imp))) != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("unit %.40s: already on line %ld"), unit, first);
	if (when != NULL && *when != '\0') {
		pm_err terr;

		if (pm_time_parse(when, ctx->now, &at, &terr) != 0)
			return pm_err_set(err, PM_EX_DATAERR, _("answered: %s"), terr.msg);
		if (at > ctx->now)
			return pm_err_set(err, PM_EX_DATAERR, _("answered: %.40s is in the future"), when);
	}
	if ((rc = new_answers(im, &im->after, err)) != 0)
		return rc;
	if ((had = old_answers(im, unit_id, &im->before, err)) < 0)
		return err->status;
	/* same answers: leave the row (and its answered time) alone */
	if (strcmp(im->before.s, im->after.s) == 0) {
		*change = PM_I_UNCHANGED;
		return 0;
	}
	if ((rc = write_answers(im, unit_id, at, err)) != 0)
		return rc;
	*change = had ? PM_I_UPDATED : PM_I_INSERTED;
	pm_buf_reset(&im->key);
	pm_buf_addf(&im->key, "%s/%s", im->s.name, unit);
	return pm_audit_log(ctx, "survey_answer", im->key.s, had ? "update" : "import",
	    had ? im->before.s : NULL, im->after.s, err);
}

static int
prepare_all(struct importer *im, pm_err *err)
{
	pm_db *db = im->ctx->db;
	int rc;

	if ((rc = pm_db_prepare(db, "SELECT n, score, text FROM survey_answer "
	    "WHERE survey_id = ?1 AND unit_id = ?2 ORDER BY n", &im->old, err)) != 0 ||
	    (rc = pm_db_prepare(db, "DELETE FROM survey_answer WHERE survey_id = ?1 "
	    "AND unit_id = ?2", &im->del, err)) != 0 ||
	    (rc = pm_db_prepare(db, "INSERT INTO survey_answer (survey_id, unit_id, n, score, "
	    "text, answered_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", &im->ins, err)) != 0)
		return rc;
	return 0;
}

int
pm_survey_import(pm_ctx *ctx, const char *survey, const char *path, pm_ifmt fmt,
    pm_icounts *res, pm_err *err)
{
	struct importer *im;
	int q, rc;

	memset(res, 0, sizeof *res);
	if ((im = calloc(1, sizeof *im)) == NULL)
		abort();
	im->ctx = ctx;
	pm_buf_init(&im->before);
	pm_buf_init(&im->after);
	pm_buf_init(&im->key);
	if ((rc = survey_find(ctx, survey, &im->s, err)) != 0)
		goto out;
	im->cols[IC_UNIT].name = "unit";
	im->cols[IC_UNIT].required = 1;
	im->cols[IC_SITE].name = "site";
	im->cols[IC_ANSWERED].name = "answered";
	/* absent question columns are unanswered questions (JSONL nulls too) */
	for (q = 1; q <= im->s.nq; q++) {
		snprintf(im->qnames[q - 1], sizeof im->qnames[q - 1], "q%d", q);
		im->cols[IC_Q1 + q - 1].name = im->qnames[q - 1];
	}
	if ((rc = prepare_all(im, err)) != 0)
		goto out;
	rc = pm_import_run(ctx, path, fmt, im->cols, IC_Q1 + im->s.nq, import_row, im, res, err);
out:
	pm_stmt_free(im->old);
	pm_stmt_free(im->del);
	pm_stmt_free(im->ins);
	idset_free(&im->seen);
	pm_buf_free(&im->before);
	pm_buf_free(&im->after);
	pm_buf_free(&im->key);
	free(im);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

struct pm_survey_iter {
	pm_stmt *st;
	int ncol;
};

/* Per question: answers joined to the question, counted by integer
 * aggregates; the share and mean are rounded half up (all values are
 * positive) with integer division, never floating point. */
static const char stats_sql[] =
	"WITH u AS (SELECT count(*) AS n FROM unit "
	"  WHERE site_id = ?2 AND kind NOT IN ('parking', 'storage')) "
	"SELECT q.n, q.kind, q.text, count(a.unit_id), u.n, "
	"  CASE WHEN u.n > 0 THEN (count(a.unit_id) * 10000 + u.n / 2) / u.n END, "
	"  CASE WHEN count(a.score) > 0 "
	"    THEN (sum(a.score) * 100 + count(a.score) / 2) / count(a.score) END, "
	"  CASE WHEN count(a.score) > 0 THEN "
	"    (sum(CASE WHEN a.score >= 4 THEN 1 ELSE 0 END) * 10000 + count(a.score) / 2) "
	"    / count(a.score) END "
	"FROM survey_question q CROSS JOIN u "
	"LEFT JOIN survey_answer a ON a.survey_id = q.survey_id AND a.n = q.n "
	"WHERE q.survey_id = ?1 "
	"GROUP BY q.n, q.kind, q.text, u.n ORDER BY q.n";

static const char list_sql[] =
	"SELECT coalesce(v.code, v.id), v.title, s.code, v.created_at, "
	"  (SELECT count(*) FROM survey_question q WHERE q.survey_id = v.id), "
	"  (SELECT count(DISTINCT a.unit_id) FROM survey_answer a WHERE a.survey_id = v.id) "
	"FROM survey v JOIN site s ON s.id = v.site_id ORDER BY v.id";

static int
iter_open(pm_ctx *ctx, const char *sql, int ncol, pm_survey_iter **out, pm_err *err)
{
	pm_survey_iter *it;
	int rc;

	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->ncol = ncol;
	if ((rc = pm_db_prepare(ctx->db, sql, &it->st, err)) != 0) {
		free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int
pm_survey_stats(pm_ctx *ctx, const char *survey, pm_survey_iter **out, pm_err *err)
{
	struct survey s;
	int rc;

	*out = NULL;
	if ((rc = survey_find(ctx, survey, &s, err)) != 0 ||
	    (rc = iter_open(ctx, stats_sql, PM_SQ_NCOL, out, err)) != 0)
		return rc;
	pm_stmt_bind_int((*out)->st, 1, s.id);
	pm_stmt_bind_int((*out)->st, 2, s.site_id);
	return 0;
}

int
pm_survey_list(pm_ctx *ctx, pm_survey_iter **out, pm_err *err)
{
	*out = NULL;
	return iter_open(ctx, list_sql, PM_SL_NCOL, out, err);
}

int
pm_survey_next(pm_survey_iter *it, pm_survey_row *row, pm_err *err)
{
	int i, rc;

	if ((rc = pm_stmt_step(it->st, err)) != 1)
		return rc;
	memset(row, 0, sizeof *row);
	for (i = 0; i < it->ncol; i++) {
		pm_cell *c = &row->c[i];
		c->null = pm_stmt_null(it->st, i);
		c->s = pm_stmt_text(it->st, i);
		c->i = c->null ? 0 : pm_stmt_int(it->st, i);
	}
	return 1;
}

void
pm_survey_iter_free(pm_survey_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

const pm_perm_name pm_survey_perm_names[] = {
	{ "survey.new", "create a survey from its definition" },
	{ "survey.import", "import survey answers" },
	{ NULL, NULL }
};
