/*
 * record.c — records by field table; see record.h.
 *
 * Every statement is assembled from a kind's constant fragments (its
 * table, FROM clause, each field's read-back expression and column) and
 * kept per kind: an import runs them once a row, and the same text each
 * time is what lets the connection's statement cache (db.c) hand back
 * the prepared one.  Values are always bound.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "mask.h"
#include "money.h"
#include "pii.h"
#include "record.h"
#include "text.h"

int
pm_record_field(const pm_rkind *k, const char *name)
{
	int i;

	for (i = 0; i < k->nf; i++)
		if (strcmp(k->fl[i].name, name) == 0)
			return i;
	return -1;
}

/* Is word one of the |-separated choices? */
static int
in_choices(const char *word, const char *choices)
{
	size_t n = strlen(word);
	const char *p = choices;

	if (n == 0)
		return 0;
	while (p != NULL && *p != '\0') {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, word, n) == 0)
			return 1;
		p = bar ? bar + 1 : NULL;
	}
	return 0;
}

/* The personal-data class of a field (mask.h): what the writers and
 * the audit log mask it by.  Names are personal in exports (and the
 * audit log) only. */
static pm_pii_class
pii_class(const pm_rfield *f, unsigned show)
{
	switch (f->type) {
	case PM_RF_PHONE: return PM_PII_PHONE;
	case PM_RF_IDNUM: return PM_PII_IDNUM;
	case PM_RF_PLATE: return PM_PII_PLATE;
	case PM_RF_NAME: return show & PM_R_EXPORT ? PM_PII_NAME : PM_PII_NONE;
	default: return PM_PII_NONE;
	}
}

/* A value in an error message: safe for the terminal, short. */
static const char *
shown(pm_buf *b, const char *s)
{
	pm_buf_reset(b);
	pm_text_fit(b, s, 40, 0);
	return b->s;
}

/* Field f's value in an error message: personal data masked by its
 * class, as the audit log masks it (a message ends up in logs and
 * terminals that --unmask never vouched for). */
static const char *
shown_as(pm_buf *b, const pm_rfield *f, const char *s)
{
	pm_buf m;

	if (pii_class(f, PM_R_EXPORT) == PM_PII_NONE)
		return shown(b, s);
	pm_buf_init(&m);
	pm_mask(&m, pii_class(f, PM_R_EXPORT), s);
	shown(b, m.s);
	pm_buf_free(&m);
	return b->s;
}

/* Does an import's value of a personal field look masked: does it hold
 * the star the maskers put in place of what they hide (pii.h)?  Stored,
 * it would replace a person's data by its mask for good. */
static int
looks_masked(const pm_rfield *f, const char *v)
{
	return pii_class(f, PM_R_EXPORT) != PM_PII_NONE && strchr(v, '*') != NULL;
}

static pm_ctype
ctype_of(const pm_rfield *f)
{
	switch (f->type) {
	case PM_RF_ID: case PM_RF_INT: return PM_C_INT;
	case PM_RF_DEC: return f->scale == 2 ? PM_C_DEC2 : PM_C_TEXT;
	case PM_RF_MONEY: return PM_C_MONEY;
	case PM_RF_BOOL: return PM_C_BOOL;     /* pm(7): a flag, true/false in JSON */
	case PM_RF_CODE: case PM_RF_REF: return PM_C_ID;
	default: return PM_C_TEXT;
	}
}

int
pm_record_cols(const pm_rkind *k, unsigned show, pm_col *cols)
{
	int i;

	for (i = 0; i < k->nf; i++) {
		const pm_rfield *f = &k->fl[i];
		cols[i].name = f->name;
		cols[i].type = ctype_of(f);
		cols[i].maxw = f->type == PM_RF_TEXT ? 30 : 0;
		cols[i].pii = pii_class(f, show);
		/* -o id prints the record's own key, not the scope's code
		 * that comes first (a building's site) */
		cols[i].flags = i == k->label ? PM_COL_KEY : 0;
	}
	return k->nf;
}

static int
parse_bool(const char *s, int *out)
{
	if (strcmp(s, "yes") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "no") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0)
		*out = 0;
	else
		return -1;
	return 0;
}

static int
digits_at(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/* Is s a real calendar date written YYYY-MM-DD (years 0001..9999)? */
static int
iso_date(const char *s)
{
	int y, m, d;

	return digits_at(s, 4, &y) && s[4] == '-' && digits_at(s + 5, 2, &m) &&
	    s[7] == '-' && digits_at(s + 8, 2, &d) && s[10] == '\0' &&
	    pm_date_valid(y, m, d);
}

/* A DEC or MONEY field's stored integer as text: "100.50", "1234.50". */
static void
dec_text(char *buf, size_t n, const pm_rfield *f, int64_t v)
{
	if (f->type == PM_RF_MONEY)
		pm_money_format(v, 0, buf, n);
	else
		pm_decimal_format(v, f->scale, buf, n);
}

/* Parse a DEC or MONEY value into its stored integer. */
static int
dec_parse(const pm_rfield *f, const char *v, int64_t *n, pm_err *err)
{
	int flags = f->min < 0 ? PM_MONEY_SIGNED : 0;

	if (f->type == PM_RF_MONEY)
		return pm_money_parse(v, flags, n, err);
	return pm_decimal_parse(v, f->scale, flags, n, err);
}

/* "must be more than 0 and at most 1000000 m2": the range of a DEC or
 * MONEY field in the words people use (no trailing zeros). */
static int
dec_range_error(const pm_rfield *f, const char *v, pm_err *err)
{
	char lo[48], hi[48];
	pm_buf b;
	size_t n;
	int rc;

	/* the smallest step above zero is "more than 0" */
	if (f->min == 1)
		snprintf(lo, sizeof lo, "%s", _("more than 0"));
	else {
		char min[40];

		dec_text(min, sizeof min, f, f->min);
		snprintf(lo, sizeof lo, _("at least %s"), min);
	}
	dec_text(hi, sizeof hi, f, f->max);
	if (strchr(hi, '.') != NULL) {
		n = strlen(hi);
		while (hi[n - 1] == '0')
			hi[--n] = '\0';
		if (hi[n - 1] == '.')
			hi[--n] = '\0';
	}
	pm_buf_init(&b);
	rc = pm_err_set(err, PM_EX_DATAERR, _("%s %s: must be %s and at most %s%s%s"), f->name,
	    shown_as(&b, f, v), lo, hi, f->unit ? " " : "", f->unit ? f->unit : "");
	pm_buf_free(&b);
	return rc;
}

/*
 * Normalise one given value into canonical text (what list shows with
 * everything unmasked) in out; "" stays "" (clear the field).
 */
static int
normalise(pm_ctx *ctx, const pm_rfield *f, const char *v, pm_buf *out, pm_err *err)
{
	char tmp[64];
	pm_buf b;
	int64_t n;
	int rc = 0, yes;

	pm_buf_reset(out);
	if (*v == '\0')
		return 0;
	pm_buf_init(&b);
	switch (f->type) {
	case PM_RF_ID:
	case PM_RF_INT: {
		char *end;
		long long ll = strtoll(v, &end, 10);
		if (*end != '\0' || end == v || ll < (f->type == PM_RF_ID ? 1 : f->min) ||
		    (f->type == PM_RF_INT && ll > f->max)) {
			if (f->type == PM_RF_ID)
				rc = pm_err_set(err, PM_EX_USAGE, _("%s '%s': expected a number"),
				    f->name, shown_as(&b, f, v));
			else
				rc = pm_err_set(err, PM_EX_DATAERR, _("%s '%s': expected a whole "
				    "number from %lld to %lld"), f->name, shown_as(&b, f, v),
				    (long long)f->min, (long long)f->max);
			break;
		}
		pm_buf_addi(out, ll);
		break;
	}
	case PM_RF_CODE:
	case PM_RF_REF:
		if (!pm_code_valid(v, 32, PM_CODE_UPPER |
		    (f->type == PM_RF_REF && f->ref_key != NULL ? PM_CODE_DOT : 0))) {
			rc = pm_err_set(err, PM_EX_DATAERR, _("%s '%s': a code is 1-32 letters, "
			    "digits, - and _"), f->name, shown_as(&b, f, v));
			break;
		}
		pm_buf_adds(out, v);
		break;
	case PM_RF_TEXT:
	case PM_RF_NAME:
		if ((rc = pm_text_check(v, strlen(v), (size_t)f->max, f->name, err)) != 0)
			break;
		pm_buf_adds(out, v);
		break;
	case PM_RF_ENUM:
		if (!in_choices(v, f->choices)) {
			rc = pm_err_set(err, PM_EX_DATAERR, _("%s '%s': expected %s"), f->name,
			    shown_as(&b, f, v), f->choices);
			break;
		}
		pm_buf_adds(out, v);
		break;
	case PM_RF_DEC:
	case PM_RF_MONEY:
		if ((rc = dec_parse(f, v, &n, err)) != 0) {
			pm_err_prefix(err, "%s", f->name);
			break;
		}
		if (n < f->min || n > f->max) {
			rc = dec_range_error(f, v, err);
			break;
		}
		dec_text(tmp, sizeof tmp, f, n);
		pm_buf_adds(out, tmp);
		break;
	case PM_RF_DATE: {
		pm_time t;
		/* A date written YYYY-MM-DD is what imports hold row after row:
		 * checked by arithmetic, it is already canonical.  Anything
		 * else (today, +3d, a time) goes through the zone. */
		if (iso_date(v)) {
			pm_buf_adds(out, v);
			break;
		}
		if ((rc = pm_time_parse(v, ctx->now, &t, err)) != 0) {
			pm_err_prefix(err, "%s", f->name);
			break;
		}
		pm_time_format(t, PM_TF_DATE, tmp, sizeof tmp);
		pm_buf_adds(out, tmp);
		break;
	}
	case PM_RF_BOOL:
		if (parse_bool(v, &yes) != 0) {
			rc = pm_err_set(err, PM_EX_DATAERR, _("%s '%s': expected yes or no"), f->name,
			    shown_as(&b, f, v));
			break;
		}
		pm_buf_adds(out, yes ? "yes" : "no");
		break;
	case PM_RF_PHONE:
		if ((rc = pm_phone_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	case PM_RF_IDNUM:
		if ((rc = pm_idnum_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	case PM_RF_PLATE:
		if ((rc = pm_plate_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	}
	pm_buf_free(&b);
	return rc;
}

/* Turn the raw column i of a SELECT into canonical text. */
static void
column_text(pm_stmt *st, int col, const pm_rfield *f, pm_buf *out, int64_t *iv)
{
	char tmp[64];

	pm_buf_reset(out);
	*iv = 0;
	if (pm_stmt_null(st, col))
		return;
	switch (f->type) {
	case PM_RF_ID:
	case PM_RF_INT:
		*iv = pm_stmt_int(st, col);
		pm_buf_addi(out, *iv);
		break;
	case PM_RF_DEC:
	case PM_RF_MONEY:
		*iv = pm_stmt_int(st, col);
		dec_text(tmp, sizeof tmp, f, *iv);
		pm_buf_adds(out, tmp);
		break;
	case PM_RF_BOOL:
		*iv = pm_stmt_int(st, col);
		pm_buf_adds(out, *iv ? "yes" : "no");
		break;
	default:
		pm_buf_adds(out, pm_stmt_text(st, col));
		break;
	}
}

/* SELECT t.id, <each field> FROM <from> */
static void
select_sql(pm_buf *sql, const pm_rkind *k)
{
	int i;

	pm_buf_adds(sql, "SELECT t.id");
	for (i = 0; i < k->nf; i++) {
		pm_buf_adds(sql, ", ");
		pm_buf_adds(sql, k->fl[i].sel);
	}
	pm_buf_adds(sql, " FROM ");
	pm_buf_adds(sql, k->from);
}

/*
 * The statements of a kind, built from its fields once and kept by the
 * kind's address (kinds are static declarations).  Which columns an
 * INSERT or UPDATE names depends on the fields given, which is the same
 * for every row of a file, so the last one built per kind is kept with
 * its column mask.
 */
enum { Q_KEY, Q_ID, Q_INSERT, Q_UPDATE, Q_N };
struct ksql {
	pm_buf sql;
	unsigned mask;
	int built;
};
#define MAXKINDS 64
static struct kcache {
	const pm_rkind *k;
	struct ksql q[Q_N];
	struct ksql ref[PM_R_MAXF];     /* per REF field: its lookup */
	struct refmemo {                /* per REF field: its last answer */
		int valid;
		int64_t scope_id, id;
		char code[64];
	} memo[PM_R_MAXF];
} cache[MAXKINDS];
static int ncache;
/* During an import the rows a REF names (a unit's site and building)
 * cannot change, and consecutive rows mostly name the same ones: the
 * last answer per field is kept for the length of the import only. */
static int memo_on;

static struct kcache *
cache_of(const pm_rkind *k)
{
	struct kcache *c;
	int i;

	for (i = 0; i < ncache; i++)
		if (cache[i].k == k)
			return &cache[i];
	/* more kinds than slots: the last slot is taken over (still
	 * correct, only slower) */
	if (ncache < MAXKINDS)
		c = &cache[ncache++];
	else
		c = &cache[MAXKINDS - 1];
	for (i = 0; i < Q_N; i++)
		c->q[i].built = 0;
	for (i = 0; i < PM_R_MAXF; i++)
		c->ref[i].built = 0;
	c->k = k;
	return c;
}

/* Start q's text afresh (its buffer is allocated once and kept). */
static pm_buf *
ksql_start(struct ksql *q)
{
	pm_buf_reset(&q->sql);
	q->built = 1;
	return &q->sql;
}

static int
is_key(const pm_rkind *k, int i, int by_id)
{
	return by_id ? k->fl[i].type == PM_RF_ID : (k->fl[i].flags & PM_RF_KEY) != 0;
}

/* SELECT t.id, <fields> FROM <from> WHERE <the key, or the id> */
static const char *
find_sql(struct kcache *c, int by_id)
{
	struct ksql *q = &c->q[by_id ? Q_ID : Q_KEY];
	const pm_rkind *k = c->k;
	pm_buf *s;
	int i, p;

	if (q->built)
		return q->sql.s;
	s = ksql_start(q);
	select_sql(s, k);
	pm_buf_adds(s, " WHERE 1");
	for (i = 0, p = 0; i < k->nf; i++)
		if (is_key(k, i, by_id))
			pm_buf_addf(s, " AND %s = ?%d", k->fl[i].sel, ++p);
	return s->s;
}

/* The column field f is written to: the id field's is the row id. */
static const char *
col_of(const pm_rfield *f)
{
	return f->col != NULL ? f->col : "id";
}

/* INSERT INTO table (<cols in mask>) VALUES (?1, ...), or
 * UPDATE table SET <col> = ?1, ... WHERE id = ?N */
static const char *
write_sql(struct kcache *c, int update, unsigned mask)
{
	struct ksql *q = &c->q[update ? Q_UPDATE : Q_INSERT];
	const pm_rkind *k = c->k;
	pm_buf *s;
	int i, p;

	if (q->built && q->mask == mask)
		return q->sql.s;
	s = ksql_start(q);
	if (update) {
		pm_buf_addf(s, "UPDATE %s SET ", k->table);
		for (i = 0, p = 0; i < k->nf; i++)
			if (mask & (1u << i)) {
				pm_buf_addf(s, "%s%s = ?%d", p ? ", " : "", col_of(&k->fl[i]), p + 1);
				p++;
			}
		pm_buf_addf(s, " WHERE id = ?%d", p + 1);
	} else {
		pm_buf_addf(s, "INSERT INTO %s (", k->table);
		for (i = 0, p = 0; i < k->nf; i++)
			if (mask & (1u << i))
				pm_buf_addf(s, "%s%s", p++ ? ", " : "", col_of(&k->fl[i]));
		pm_buf_adds(s, ") VALUES (");
		for (i = 0; i < p; i++)
			pm_buf_addf(s, "%s?%d", i ? ", " : "", i + 1);
		pm_buf_adds(s, ")");
	}
	q->mask = mask;
	return s->s;
}

/* The id of the row REF field i names: SELECT id FROM <ref> WHERE
 * code = ?1, or <ref_scope> = ?1 AND code = ?2.  Unknown: PM_EX_NOINPUT. */
static int
ref_id(pm_ctx *ctx, struct kcache *c, int i, int64_t scope_id, const char *code,
    int64_t *id, pm_err *err)
{
	const pm_rfield *f = &c->k->fl[i];
	struct ksql *q = &c->ref[i];
	int rc, found = 0;
	pm_buf b;

	if (!q->built) {
		pm_buf *s = ksql_start(q);
		const char *key = f->ref_key != NULL ? f->ref_key : "code";
		pm_buf_addf(s, "SELECT id FROM %s WHERE ", f->ref);
		if (f->ref_scope != NULL)
			pm_buf_addf(s, "%s = ?1 AND %s = ?2", f->ref_scope, key);
		else
			pm_buf_addf(s, "%s = ?1", key);
	}
	struct refmemo *m = &c->memo[i];

	if (memo_on && m->valid && m->scope_id == scope_id && strcmp(m->code, code) == 0) {
		*id = m->id;
		return 0;
	}
	if (f->ref_scope != NULL)
		rc = pm_db_get_int(ctx->db, err, id, &found, q->sql.s, "it", scope_id, code);
	else
		rc = pm_db_get_int(ctx->db, err, id, &found, q->sql.s, "t", code);
	if (rc == 0 && found && memo_on && strlen(code) < sizeof m->code) {
		m->valid = 1;
		m->scope_id = scope_id;
		m->id = *id;
		memcpy(m->code, code, strlen(code) + 1);
	}
	if (rc != 0 || found)
		return rc;
	pm_buf_init(&b);
	rc = pm_err_set(err, PM_EX_NOINPUT, _("%s %s: no such %s"), f->name, shown(&b, code), f->name);
	pm_buf_free(&b);
	return rc;
}

/* The JSON object of a record for the audit log: personal data masked. */
static void
audit_json(pm_buf *j, const pm_rkind *k, pm_buf *vals, const int *has)
{
	pm_buf m;
	int i, first = 1;

	pm_buf_init(&m);
	pm_buf_addc(j, '{');
	for (i = 0; i < k->nf; i++) {
		const pm_rfield *f = &k->fl[i];
		if (!has[i])
			continue;
		if (!first)
			pm_buf_addc(j, ',');
		first = 0;
		pm_json_str(j, f->name);
		pm_buf_addc(j, ':');
		if (vals[i].len == 0) {
			pm_buf_adds(j, "null");
			continue;
		}
		/* the audit log masks as an export does, --unmask or not */
		pm_buf_reset(&m);
		pm_mask(&m, pii_class(f, PM_R_EXPORT), vals[i].s);
		pm_json_str(j, m.s);
	}
	pm_buf_addc(j, '}');
	pm_buf_free(&m);
}

/* Bind a canonical value to a column, typed. */
static int
bind_value(pm_ctx *ctx, struct kcache *c, pm_stmt *st, int p, int i, const char *v,
    int64_t scope_id, pm_err *err)
{
	const pm_rfield *f = &c->k->fl[i];
	int64_t n = 0;
	int rc = 0, yes = 0;

	if (*v == '\0') {
		/* free text is cleared to "", anything else to NULL */
		if (f->type == PM_RF_TEXT)
			pm_stmt_bind_text(st, p, "");
		else
			pm_stmt_bind_null(st, p);
		return 0;
	}
	switch (f->type) {
	case PM_RF_ID:
	case PM_RF_INT:
		pm_stmt_bind_int(st, p, strtoll(v, NULL, 10));
		break;
	case PM_RF_DEC:
	case PM_RF_MONEY:
		if ((rc = dec_parse(f, v, &n, err)) == 0)
			pm_stmt_bind_int(st, p, n);
		break;
	case PM_RF_BOOL:
		parse_bool(v, &yes);
		pm_stmt_bind_int(st, p, yes);
		break;
	case PM_RF_REF:
		if (i == c->k->scope)
			pm_stmt_bind_int(st, p, scope_id);
		else if ((rc = ref_id(ctx, c, i, scope_id, v, &n, err)) == 0)
			pm_stmt_bind_int(st, p, n);
		break;
	default:
		pm_stmt_bind_text(st, p, v);
		break;
	}
	return rc;
}

int
pm_record_put(pm_ctx *ctx, const pm_rkind *k, const pm_rrec *rec, pm_rmode mode,
    pm_rput *res, pm_err *err)
{
	/* An import calls this once a row: the buffers stay allocated from
	 * one call to the next instead of twenty-odd mallocs a row. */
	static pm_buf nv[PM_R_MAXF], ov[PM_R_MAXF], before, after, b;
	struct kcache *c = cache_of(k);
	const char *vals[PM_R_MAXF];
	int given[PM_R_MAXF], had[PM_R_MAXF], all[PM_R_MAXF];
	unsigned cols = 0;
	pm_stmt *st = NULL;
	int64_t id = 0, scope_id = 0, iv;
	int i, rc = 0, found = 0, changed = 0, p, by_id = 0;
	const pm_rfield *label = &k->fl[k->label];
	char idtext[32];

	memset(res, 0, sizeof *res);
	pm_buf_reset(&before);
	pm_buf_reset(&after);
	pm_buf_reset(&b);
	for (i = 0; i < PM_R_MAXF; i++) {
		pm_buf_reset(&nv[i]);
		pm_buf_reset(&ov[i]);
		given[i] = had[i] = all[i] = 0;
	}
	/* a kind with an id field is named by it when changed: its natural
	 * key is too long to type; an import that has the id (an export
	 * read back) names the record by it too, so a re-import updates the
	 * one it came from, whatever changed in its natural key */
	for (i = 0; i < k->nf; i++)
		if (k->fl[i].type == PM_RF_ID && (mode == PM_PUT_SET ||
		    (mode == PM_PUT_UPSERT && rec->v[i] != NULL && *rec->v[i] != '\0')))
			by_id = 1;

	for (i = 0; i < k->nf; i++) {
		const char *v = rec->v[i];
		if (v == NULL)
			continue;
		if (mode == PM_PUT_UPSERT && looks_masked(&k->fl[i], v)) {
			rc = pm_err_set(err, PM_EX_DATAERR, _("%s: %s looks masked (it holds *): "
			    "export with --unmask to re-import"), k->name, k->fl[i].name);
			goto out;
		}
		/* an import never wipes personal data with an empty cell:
		 * the file may come from where it was not to be shown (clear
		 * it with set) */
		if (mode == PM_PUT_UPSERT && *v == '\0' &&
		    pii_class(&k->fl[i], PM_R_EXPORT) != PM_PII_NONE)
			continue;
		if ((rc = normalise(ctx, &k->fl[i], v, &nv[i], err)) != 0)
			goto out;
		if ((k->fl[i].flags & PM_RF_HOOK) && k->norm != NULL && nv[i].len > 0) {
			for (p = 0; p < k->nf; p++)
				vals[p] = nv[p].s;
			if ((rc = k->norm(ctx, k, i, vals, &nv[i], err)) != 0)
				goto out;
		}
		given[i] = 1;
	}
	/* the key must be whole */
	for (i = 0; i < k->nf; i++) {
		if (is_key(k, i, by_id) && (!given[i] || nv[i].len == 0)) {
			rc = pm_err_set(err, mode == PM_PUT_UPSERT ? PM_EX_DATAERR : PM_EX_USAGE,
			    _("%s: %s is needed"), k->name, k->fl[i].name);
			goto out;
		}
	}

	/* find the record by its key */
	if ((rc = pm_db_prepare(ctx->db, find_sql(c, by_id), &st, err)) != 0)
		goto out;
	for (i = 0, p = 0; i < k->nf; i++) {
		if (!is_key(k, i, by_id))
			continue;
		if (k->fl[i].type == PM_RF_ID)
			pm_stmt_bind_int(st, ++p, strtoll(nv[i].s, NULL, 10));
		else
			pm_stmt_bind_text(st, ++p, nv[i].s);
	}
	rc = pm_stmt_step(st, err);
	if (rc < 0) {
		rc = err->status;
		goto out;
	}
	if (rc == 1) {
		found = 1;
		id = pm_stmt_int(st, 0);
		for (i = 0; i < k->nf; i++) {
			column_text(st, i + 1, &k->fl[i], &ov[i], &iv);
			had[i] = 1;
		}
	}
	rc = 0;
	pm_stmt_free(st);
	st = NULL;

	if (found && mode == PM_PUT_NEW) {
		/* named by its whole key as people type it, the scope aside
		 * and personal data masked: a label that is the record's id
		 * is not known to someone adding it */
		pm_buf key, m;

		pm_buf_init(&key);
		pm_buf_init(&m);
		for (i = 0; i < k->nf; i++) {
			if (!(k->fl[i].flags & PM_RF_KEY) || i == k->scope)
				continue;
			if (key.len > 0)
				pm_buf_addc(&key, '/');
			pm_buf_reset(&m);
			pm_mask(&m, pii_class(&k->fl[i], PM_R_EXPORT), nv[i].s);
			pm_buf_adds(&key, m.s);
		}
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s %s: already exists (use set to change it)"),
		    k->name, shown(&b, key.len > 0 ? key.s : nv[k->label].s));
		pm_buf_free(&key);
		pm_buf_free(&m);
		goto out;
	}
	if (!found && mode == PM_PUT_SET) {
		rc = pm_err_set(err, PM_EX_NOINPUT, _("%s %s: no such %s"), k->name,
		    shown_as(&b, label, nv[k->label].s), k->name);
		goto out;
	}
	if (by_id && found && k->scope >= 0) {
		/* the scope comes from the record, for resolving references */
		pm_buf_reset(&nv[k->scope]);
		pm_buf_adds(&nv[k->scope], ov[k->scope].s);
		given[k->scope] = 1;
	}
	res->id = id;

	/* what the record will be */
	for (i = 0; i < k->nf; i++) {
		const pm_rfield *f = &k->fl[i];
		if (given[i]) {
			/* present but empty is no value: refused here, by name,
			 * not by the schema's CHECK */
			if ((f->flags & PM_RF_REQ) && nv[i].len == 0) {
				rc = pm_err_set(err, mode == PM_PUT_UPSERT ? PM_EX_DATAERR :
				    PM_EX_USAGE, _("%s: %s is needed"), k->name, f->name);
				goto out;
			}
			all[i] = 1;
			/* an id column in an import is a reference, not data */
			if (found && f->type != PM_RF_ID && strcmp(nv[i].s, ov[i].s) != 0)
				changed = 1;
			continue;
		}
		if (found) {
			pm_buf_adds(&nv[i], ov[i].s);
			all[i] = 1;
		} else if (f->def != NULL) {
			pm_buf_adds(&nv[i], f->def);
			all[i] = 1;
		} else if ((f->flags & PM_RF_HOOK) && k->norm != NULL) {
			/* a default the kind works out from the fields before */
			for (p = 0; p < k->nf; p++)
				vals[p] = nv[p].s;
			if ((rc = k->norm(ctx, k, i, vals, &nv[i], err)) != 0)
				goto out;
			all[i] = nv[i].len > 0;
		}
		if (!found && (f->flags & PM_RF_REQ) && nv[i].len == 0) {
			rc = pm_err_set(err, mode == PM_PUT_UPSERT ? PM_EX_DATAERR : PM_EX_USAGE,
			    _("%s: %s is needed"), k->name, f->name);
			goto out;
		}
	}
	{
		size_t n = nv[k->label].len < sizeof res->key ? nv[k->label].len :
		    sizeof res->key - 1;
		memcpy(res->key, nv[k->label].s, n);      /* once a row: no printf */
		res->key[n] = '\0';
	}
	if (found && !changed)
		goto out;       /* the cron-safe case: nothing to do */

	for (i = 0; i < k->nf; i++)
		vals[i] = nv[i].s;
	if (k->validate != NULL && (rc = k->validate(ctx, k, vals, err)) != 0)
		goto out;
	if (k->scope >= 0 && nv[k->scope].len > 0 &&
	    (rc = ref_id(ctx, c, k->scope, 0, nv[k->scope].s, &scope_id, err)) != 0)
		goto out;

	/* write it: the columns given (update, keys aside) or known (insert) */
	/* (named by its id, the natural key is data like any other field;
	 * an import inserting a record by id keeps the id it was exported
	 * with) */
	for (i = 0; i < k->nf; i++)
		if ((k->fl[i].col != NULL || (by_id && k->fl[i].type == PM_RF_ID && !found)) &&
		    (found ? given[i] && !is_key(k, i, by_id) : all[i]))
			cols |= 1u << i;
	if ((rc = pm_db_prepare(ctx->db, write_sql(c, found, cols), &st, err)) != 0)
		goto out;
	for (i = 0, p = 0; i < k->nf; i++) {
		if (!(cols & (1u << i)))
			continue;
		if ((rc = bind_value(ctx, c, st, ++p, i, nv[i].s, scope_id, err)) != 0)
			goto out;
	}
	if (found)
		pm_stmt_bind_int(st, ++p, id);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	if (!found) {
		id = res->id = pm_db_last_id(ctx->db);
		if (label->type == PM_RF_ID)
			snprintf(res->key, sizeof res->key, "%lld", (long long)id);
	}

	/* audit: the record before and after, personal data masked */
	if (found)
		audit_json(&before, k, ov, had);
	audit_json(&after, k, nv, all);
	snprintf(idtext, sizeof idtext, "%lld", (long long)id);
	{
		/* the record's name in the log: its key, as people type it */
		pm_buf key;
		pm_buf_init(&key);
		if (label->type == PM_RF_ID) {
			pm_buf_adds(&key, idtext);
		} else {
			for (i = 0; i < k->nf; i++) {
				if (!(k->fl[i].flags & PM_RF_KEY))
					continue;
				if (key.len > 0)
					pm_buf_addc(&key, '/');
				pm_mask(&key, pii_class(&k->fl[i], PM_R_EXPORT), nv[i].s);
			}
		}
		rc = pm_audit_log(ctx, k->name, key.s, found ? "set" : "new",
		    found ? before.s : NULL, after.s, err);
		pm_buf_free(&key);
	}
	if (rc == 0)
		res->change = found ? PM_R_UPDATED : PM_R_INSERTED;
out:
	pm_stmt_free(st);
	return rc;
}

/* ---- import ----------------------------------------------------------- */

/*
 * The records one import has written, by row id, with the line that
 * wrote each: a file that names a record twice is refused (which of
 * its rows should win?), not counted as two updates.  Open addressing;
 * row ids are never 0.
 */
struct import_seen {
	const pm_rkind *k;
	int64_t *id;
	long *line;
	size_t cap, n;
};

/* 0 with the record noted, or the line that wrote it before. */
static long
seen_add(struct import_seen *s, int64_t id, long line)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		struct import_seen g = { s->k, NULL, NULL, s->cap ? 2 * s->cap : 1024, 0 };

		g.id = pm_xcalloc(g.cap, sizeof *g.id);
		g.line = pm_xcalloc(g.cap, sizeof *g.line);
		for (i = 0; i < s->cap; i++)
			if (s->id[i] != 0)
				seen_add(&g, s->id[i], s->line[i]);
		free(s->id);
		free(s->line);
		*s = g;
	}
	for (i = (size_t)(((uint64_t)id * UINT64_C(0x9e3779b97f4a7c15)) >> 40) & (s->cap - 1);
	    s->id[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->id[i] == id)
			return s->line[i];
	s->id[i] = id;
	s->line[i] = line;
	s->n++;
	return 0;
}

static int
import_row(pm_ctx *ctx, const pm_import *imp, void *arg, pm_ichange *change, pm_err *err)
{
	struct import_seen *seen = arg;
	const pm_rkind *k = seen->k;
	pm_rrec rec;
	pm_rput res;
	long first;
	int i, rc;

	for (i = 0; i < k->nf; i++)
		rec.v[i] = pm_import_get(imp, i);
	if ((rc = pm_record_put(ctx, k, &rec, PM_PUT_UPSERT, &res, err)) != 0)
		return rc;
	if ((first = seen_add(seen, res.id, pm_import_line(imp))) != 0) {
		pm_buf m, q;

		pm_buf_init(&m);
		pm_buf_init(&q);
		pm_mask(&m, pii_class(&k->fl[k->label], PM_R_EXPORT), res.key);
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s %s: already on line %ld (a file names "
		    "each record once)"), k->name, shown(&q, m.s), first);
		pm_buf_free(&m);
		pm_buf_free(&q);
		return rc;
	}
	*change = (pm_ichange)res.change;
	return 0;
}

int
pm_record_import(pm_ctx *ctx, const pm_rkind *k, const char *path, pm_ifmt fmt,
    pm_icounts *counts, pm_err *err)
{
	struct import_seen seen = { k, NULL, NULL, 0, 0 };
	pm_icol cols[PM_R_MAXF];
	struct kcache *c;
	int i, rc;

	for (i = 0; i < k->nf; i++) {
		cols[i].name = k->fl[i].name;
		cols[i].required = (k->fl[i].flags & PM_RF_KEY) != 0;
	}
	c = cache_of(k);
	for (i = 0; i < PM_R_MAXF; i++)
		c->memo[i].valid = 0;
	memo_on = 1;
	rc = pm_import_run(ctx, path, fmt, cols, k->nf, import_row, &seen, counts, err);
	memo_on = 0;
	free(seen.id);
	free(seen.line);
	return rc;
}

/* ---- listing ---------------------------------------------------------- */

struct pm_riter {
	const pm_rkind *k;
	pm_stmt *st;
	pm_buf val[PM_R_MAXF];
};

int
pm_record_list(pm_ctx *ctx, const pm_rkind *k, const pm_rfilter *f, int nf,
    unsigned flags, pm_riter **out, pm_err *err)
{
	pm_buf sql;
	pm_stmt *st = NULL;
	pm_riter *it;
	int i, p, rc;

	*out = NULL;
	pm_buf_init(&sql);
	select_sql(&sql, k);
	pm_buf_adds(&sql, " WHERE 1");
	/* each filter adds a fixed fragment; its value is bound (a path
	 * three times: itself, and the range of what is below it, from
	 * "a/" up to "a0" — '0' follows '/' — which an index serves) */
	for (i = 0, p = 0; i < nf; i++) {
		if (f[i].op == PM_RF_UNDER) {
			pm_buf_addf(&sql, " AND (%s = ?%d OR (%s > ?%d AND %s < ?%d))", f[i].frag,
			    p + 1, f[i].frag, p + 2, f[i].frag, p + 3);
			p += 3;
		} else
			pm_buf_addf(&sql, " AND %s = ?%d", f[i].frag, ++p);
	}
	if (!(flags & PM_R_ALL) && k->current != NULL)
		pm_buf_addf(&sql, " AND %s", k->current);
	pm_buf_addf(&sql, " ORDER BY %s", k->order);
	rc = pm_db_prepare(ctx->db, sql.s, &st, err);
	pm_buf_free(&sql);
	if (rc != 0)
		return rc;
	for (i = 0, p = 0; i < nf; i++) {
		pm_stmt_bind_text(st, ++p, f[i].value);
		if (f[i].op == PM_RF_UNDER) {
			pm_buf b;

			pm_buf_init(&b);
			pm_buf_addf(&b, "%s/", f[i].value);
			pm_stmt_bind_text(st, ++p, b.s);
			b.s[b.len - 1] = '0';
			pm_stmt_bind_text(st, ++p, b.s);
			pm_buf_free(&b);
		}
	}
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->k = k;
	it->st = st;
	for (i = 0; i < PM_R_MAXF; i++)
		pm_buf_init(&it->val[i]);
	*out = it;
	return 0;
}

int
pm_record_next(pm_riter *it, pm_rrow *row, pm_err *err)
{
	int i, rc = pm_stmt_step(it->st, err);

	if (rc != 1)
		return rc;
	memset(row, 0, sizeof *row);
	for (i = 0; i < it->k->nf; i++) {
		pm_cell *c = &row->c[i];
		column_text(it->st, i + 1, &it->k->fl[i], &it->val[i], &c->i);
		c->null = pm_stmt_null(it->st, i + 1);
		c->s = c->null ? NULL : it->val[i].s;
	}
	return 1;
}

void
pm_record_iter_free(pm_riter *it)
{
	int i;

	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	for (i = 0; i < PM_R_MAXF; i++)
		pm_buf_free(&it->val[i]);
	free(it);
}
