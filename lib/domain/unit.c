/*
 * unit.c — sites, buildings, units, occupants, vehicles; see unit.h.
 *
 * One engine for five kinds.  Each kind is described once below: its
 * fields, the SQL expression that reads each field back as text (codes
 * for references), the column it is stored in, and the FROM clause that
 * joins the codes in.  Every statement is assembled from these constant
 * fragments; values are always bound.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "json.h"
#include "pii.h"
#include "money.h"
#include "text.h"
#include "unit.h"

typedef struct kfield {
	pm_pfield f;
	const char *sel;        /* SQL reading it back ("s.code", "t.area") */
	const char *col;        /* column written, or NULL (derived, or the id) */
} kfield;

typedef struct kind {
	const char *name;       /* "unit" */
	const char *table;      /* "unit" */
	const char *from;       /* FROM clause, the kind's table aliased t */
	const char *order;      /* ORDER BY: natural-key order */
	const char *current;    /* condition hiding former records unless --all */
	int nf;
	kfield fl[PM_P_MAXF];
} kind;

#define CODE_HELP(what) "code of the " what " (letters, digits, - and _)"

static const kind kinds[PM_P_NKINDS] = {
	[PM_P_SITE] = { "site", "site", "site t", "t.code", "t.active = 1", 5, {
		{ { "code", PM_PF_CODE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    CODE_HELP("site") }, "t.code", "code" },
		{ { "name", PM_PF_TEXT, PM_PF_REQ, NULL, 0, 100, NULL,
		    "name (阳光花园)" }, "t.name", "name" },
		{ { "kind", PM_PF_ENUM, PM_PF_REQ, "residential|commercial|office", 0, 0, NULL,
		    "residential, commercial or office" }, "t.kind", "kind" },
		{ { "address", PM_PF_TEXT, 0, NULL, 0, 200, "", "address" }, "t.address", "address" },
		{ { "active", PM_PF_BOOL, 0, NULL, 0, 0, "yes", "yes or no" }, "t.active", "active" },
	} },
	[PM_P_BUILDING] = { "building", "building",
	    "building t JOIN site s ON s.id = t.site_id", "s.code, t.code", NULL, 4, {
		{ { "site", PM_PF_SITE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    "site code" }, "s.code", "site_id" },
		{ { "code", PM_PF_CODE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    CODE_HELP("building") }, "t.code", "code" },
		{ { "name", PM_PF_TEXT, 0, NULL, 0, 100, "", "name (3号楼)" }, "t.name", "name" },
		{ { "floors", PM_PF_INT, 0, NULL, 1, 300, NULL, "number of floors" },
		    "t.floors", "floors" },
	} },
	[PM_P_UNIT] = { "unit", "unit",
	    "unit t JOIN site s ON s.id = t.site_id LEFT JOIN building b ON b.id = t.building_id",
	    "s.code, t.code", NULL, 8, {
		{ { "site", PM_PF_SITE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    "site code" }, "s.code", "site_id" },
		{ { "code", PM_PF_CODE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    "unit code, unique within the site (3-2-1502)" }, "t.code", "code" },
		{ { "building", PM_PF_BUILDING, 0, NULL, 0, 0, NULL, "building code" },
		    "b.code", "building_id" },
		{ { "floor", PM_PF_INT, 0, NULL, -10, 300, NULL, "floor (negative below ground)" },
		    "t.floor", "floor" },
		{ { "area", PM_PF_AREA, PM_PF_REQ, NULL, 0, 0, NULL,
		    "building area in m2, up to 2 decimals" }, "t.area", "area" },
		{ { "kind", PM_PF_ENUM, 0, "residence|shop|office|parking|storage", 0, 0,
		    "residence", "residence, shop, office, parking or storage" }, "t.kind", "kind" },
		{ { "state", PM_PF_ENUM, 0, "occupied|vacant|renovating", 0, 0, "vacant",
		    "occupied, vacant or renovating" }, "t.state", "state" },
		{ { "handover", PM_PF_DATE, 0, NULL, 0, 0, NULL, "handover date" },
		    "t.handover", "handover" },
	} },
	[PM_P_OCCUPANT] = { "occupant", "occupant",
	    "occupant t JOIN unit u ON u.id = t.unit_id JOIN site s ON s.id = u.site_id "
	    "LEFT JOIN building b ON b.id = u.building_id",
	    "s.code, u.code, t.move_in, t.id", "t.move_out IS NULL", 9, {
		{ { "id", PM_PF_ID, 0, NULL, 0, 0, NULL, "occupant number (from list)" },
		    "t.id", NULL },
		{ { "site", PM_PF_SITE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL, "site code" },
		    "s.code", NULL },
		{ { "unit", PM_PF_UNIT, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL, "unit code" },
		    "u.code", "unit_id" },
		{ { "name", PM_PF_NAME, PM_PF_KEY | PM_PF_REQ, NULL, 0, 64, NULL, "name" },
		    "t.name", "name" },
		{ { "role", PM_PF_ENUM, PM_PF_KEY | PM_PF_REQ, "owner|tenant|family", 0, 0, NULL,
		    "owner, tenant or family" }, "t.role", "role" },
		{ { "move_in", PM_PF_DATE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    "move-in date" }, "t.move_in", "move_in" },
		{ { "move_out", PM_PF_DATE, 0, NULL, 0, 0, NULL, "move-out date" },
		    "t.move_out", "move_out" },
		{ { "phone", PM_PF_PHONE, 0, NULL, 0, 0, NULL, "phone number" },
		    "t.phone", "phone" },
		{ { "id_number", PM_PF_IDNUM, 0, NULL, 0, 0, NULL, "resident ID number" },
		    "t.id_number", "id_number" },
	} },
	[PM_P_VEHICLE] = { "vehicle", "vehicle",
	    "vehicle t JOIN site s ON s.id = t.site_id LEFT JOIN unit u ON u.id = t.unit_id "
	    "LEFT JOIN unit sp ON sp.id = t.space_id", "s.code, t.plate", "t.active = 1", 5, {
		{ { "site", PM_PF_SITE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL, "site code" },
		    "s.code", "site_id" },
		{ { "plate", PM_PF_PLATE, PM_PF_KEY | PM_PF_REQ, NULL, 0, 0, NULL,
		    "licence plate (京A12345)" }, "t.plate", "plate" },
		{ { "unit", PM_PF_UNIT, 0, NULL, 0, 0, NULL, "the owner's unit" },
		    "u.code", "unit_id" },
		{ { "space", PM_PF_UNIT, 0, NULL, 0, 0, NULL, "parking space (a unit of kind parking)" },
		    "sp.code", "space_id" },
		{ { "active", PM_PF_BOOL, 0, NULL, 0, 0, "yes", "yes or no" }, "t.active", "active" },
	} },
};

int
pm_pkind_parse(const char *s, pm_pkind *out)
{
	int k;

	for (k = 0; k < PM_P_NKINDS; k++)
		if (strcmp(s, kinds[k].name) == 0) {
			*out = (pm_pkind)k;
			return 0;
		}
	return -1;
}

const char *
pm_pkind_name(pm_pkind k)
{
	return kinds[k].name;
}

const pm_pfield *
pm_unit_fields(pm_pkind k, int *n)
{
	/* kfield starts with its pm_pfield, but the array stride differs:
	 * hand out a table of plain fields built once. */
	static pm_pfield plain[PM_P_NKINDS][PM_P_MAXF];
	static int built;
	int i, j;

	if (!built) {
		for (i = 0; i < PM_P_NKINDS; i++)
			for (j = 0; j < kinds[i].nf; j++)
				plain[i][j] = kinds[i].fl[j].f;
		built = 1;
	}
	*n = kinds[k].nf;
	return plain[k];
}

int
pm_unit_field(pm_pkind k, const char *name)
{
	int i;

	for (i = 0; i < kinds[k].nf; i++)
		if (strcmp(kinds[k].fl[i].f.name, name) == 0)
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

/* A value in an error message: safe for the terminal, short. */
static const char *
shown(pm_buf *b, const char *s)
{
	pm_buf_reset(b);
	pm_text_fit(b, s, 40, 0);
	return b->s;
}

/* v in decimal, without printf: a few a row in an import. */
static void
add_int(pm_buf *out, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	pm_buf_add(out, p, (size_t)(tmp + sizeof tmp - p));
}

/* The personal-data class of a field (mask.h): what the writers and
 * the audit log mask it by.  Names are personal in exports (and the
 * audit log) only. */
static pm_pii_class
pii_class(const pm_pfield *f, unsigned show)
{
	switch (f->type) {
	case PM_PF_PHONE: return PM_PII_PHONE;
	case PM_PF_IDNUM: return PM_PII_IDNUM;
	case PM_PF_PLATE: return PM_PII_PLATE;
	case PM_PF_NAME: return show & PM_P_EXPORT ? PM_PII_NAME : PM_PII_NONE;
	default: return PM_PII_NONE;
	}
}

static pm_ctype
ctype_of(pm_ptype t)
{
	switch (t) {
	case PM_PF_ID: case PM_PF_INT: return PM_C_INT;
	case PM_PF_AREA: return PM_C_DEC2;
	case PM_PF_CODE: case PM_PF_SITE: case PM_PF_BUILDING: case PM_PF_UNIT: return PM_C_ID;
	default: return PM_C_TEXT;
	}
}

int
pm_unit_cols(pm_pkind k, unsigned show, pm_col *cols)
{
	int i;

	for (i = 0; i < kinds[k].nf; i++) {
		const pm_pfield *f = &kinds[k].fl[i].f;
		cols[i].name = f->name;
		cols[i].type = ctype_of(f->type);
		cols[i].maxw = f->type == PM_PF_TEXT ? 30 : 0;
		cols[i].pii = pii_class(f, show);
	}
	return kinds[k].nf;
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

/*
 * Normalise one given value into canonical text (what list shows with
 * everything unmasked) in out; "" stays "" (clear the field).
 */
static int
normalise(pm_ctx *ctx, const pm_pfield *f, const char *v, pm_buf *out, pm_err *err)
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
	case PM_PF_ID:
	case PM_PF_INT: {
		char *end;
		long long ll = strtoll(v, &end, 10);
		if (*end != '\0' || end == v || ll < (f->type == PM_PF_ID ? 1 : f->min) ||
		    (f->type == PM_PF_INT && ll > f->max)) {
			if (f->type == PM_PF_ID)
				rc = pm_err_set(err, PM_EX_USAGE, "%s '%s': expected a number",
				    f->name, shown(&b, v));
			else
				rc = pm_err_set(err, PM_EX_DATAERR, "%s '%s': expected a whole "
				    "number from %lld to %lld", f->name, shown(&b, v),
				    (long long)f->min, (long long)f->max);
			break;
		}
		add_int(out, ll);
		break;
	}
	case PM_PF_CODE:
	case PM_PF_SITE:
	case PM_PF_BUILDING:
	case PM_PF_UNIT:
		if (!pm_code_valid(v, 32, PM_CODE_UPPER)) {
			rc = pm_err_set(err, PM_EX_DATAERR, "%s '%s': a code is 1-32 letters, "
			    "digits, - and _", f->name, shown(&b, v));
			break;
		}
		pm_buf_adds(out, v);
		break;
	case PM_PF_TEXT:
	case PM_PF_NAME:
		if ((rc = pm_text_check(v, strlen(v), (size_t)f->max, f->name, err)) != 0)
			break;
		pm_buf_adds(out, v);
		break;
	case PM_PF_ENUM:
		if (!in_choices(v, f->choices)) {
			rc = pm_err_set(err, PM_EX_DATAERR, "%s '%s': expected %s", f->name,
			    shown(&b, v), f->choices);
			break;
		}
		pm_buf_adds(out, v);
		break;
	case PM_PF_AREA:
		if ((rc = pm_decimal_parse(v, 2, 0, &n, err)) != 0) {
			pm_err_prefix(err, "%s", f->name);
			break;
		}
		if (n <= 0 || n > 100000000) {
			rc = pm_err_set(err, PM_EX_DATAERR, "%s %s: must be more than 0 and at most "
			    "1000000 m2", f->name, shown(&b, v));
			break;
		}
		pm_decimal_format(n, 2, tmp, sizeof tmp);
		pm_buf_adds(out, tmp);
		break;
	case PM_PF_DATE: {
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
	case PM_PF_BOOL:
		if (parse_bool(v, &yes) != 0) {
			rc = pm_err_set(err, PM_EX_DATAERR, "%s '%s': expected yes or no", f->name,
			    shown(&b, v));
			break;
		}
		pm_buf_adds(out, yes ? "yes" : "no");
		break;
	case PM_PF_PHONE:
		if ((rc = pm_phone_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	case PM_PF_IDNUM:
		if ((rc = pm_idnum_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	case PM_PF_PLATE:
		if ((rc = pm_plate_normalize(v, tmp, sizeof tmp, err)) == 0)
			pm_buf_adds(out, tmp);
		break;
	}
	pm_buf_free(&b);
	return rc;
}

/* Turn the raw column i of a SELECT into canonical text. */
static void
column_text(pm_stmt *st, int col, const pm_pfield *f, pm_buf *out, int64_t *iv)
{
	char tmp[64];

	pm_buf_reset(out);
	*iv = 0;
	if (pm_stmt_null(st, col))
		return;
	switch (f->type) {
	case PM_PF_ID:
	case PM_PF_INT:
		*iv = pm_stmt_int(st, col);
		add_int(out, *iv);
		break;
	case PM_PF_AREA:
		*iv = pm_stmt_int(st, col);
		pm_decimal_format(*iv, 2, tmp, sizeof tmp);
		pm_buf_adds(out, tmp);
		break;
	case PM_PF_BOOL:
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
select_sql(pm_buf *sql, const kind *k)
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
 * The statements of a kind are built from its fields once and kept: an
 * import runs them once a row, and the same text each time is what lets
 * the connection's statement cache (db.c) hand back the prepared one.
 * Which columns an INSERT or UPDATE names depends on the fields given,
 * which is the same for every row of a file, so the last one built per
 * kind is kept with its column mask.
 */
enum { Q_KEY, Q_ID, Q_INSERT, Q_UPDATE, Q_N };
static struct ksql {
	pm_buf sql;
	unsigned mask;
	int built;
} ksql[PM_P_NKINDS][Q_N];

static int
is_key(const kind *k, int i, int by_id)
{
	return by_id ? k->fl[i].f.type == PM_PF_ID : (k->fl[i].f.flags & PM_PF_KEY) != 0;
}

/* SELECT t.id, <fields> FROM <from> WHERE <the key, or the id> */
static const char *
find_sql(const kind *k, int by_id)
{
	struct ksql *q = &ksql[k - kinds][by_id ? Q_ID : Q_KEY];
	int i, p;

	if (q->built)
		return q->sql.s;
	pm_buf_init(&q->sql);
	select_sql(&q->sql, k);
	pm_buf_adds(&q->sql, " WHERE 1");
	for (i = 0, p = 0; i < k->nf; i++)
		if (is_key(k, i, by_id))
			pm_buf_addf(&q->sql, " AND %s = ?%d", k->fl[i].sel, ++p);
	q->built = 1;
	return q->sql.s;
}

/* INSERT INTO table (<cols in mask>) VALUES (?1, ...), or
 * UPDATE table SET <col> = ?1, ... WHERE id = ?N */
static const char *
write_sql(const kind *k, int update, unsigned mask)
{
	struct ksql *q = &ksql[k - kinds][update ? Q_UPDATE : Q_INSERT];
	int i, p;

	if (q->built && q->mask == mask)
		return q->sql.s;
	if (!q->built)
		pm_buf_init(&q->sql);
	pm_buf_reset(&q->sql);
	if (update) {
		pm_buf_addf(&q->sql, "UPDATE %s SET ", k->table);
		for (i = 0, p = 0; i < k->nf; i++)
			if (mask & (1u << i)) {
				pm_buf_addf(&q->sql, "%s%s = ?%d", p ? ", " : "", k->fl[i].col, p + 1);
				p++;
			}
		pm_buf_addf(&q->sql, " WHERE id = ?%d", p + 1);
	} else {
		pm_buf_addf(&q->sql, "INSERT INTO %s (", k->table);
		for (i = 0, p = 0; i < k->nf; i++)
			if (mask & (1u << i))
				pm_buf_addf(&q->sql, "%s%s", p++ ? ", " : "", k->fl[i].col);
		pm_buf_adds(&q->sql, ") VALUES (");
		for (i = 0; i < p; i++)
			pm_buf_addf(&q->sql, "%s?%d", i ? ", " : "", i + 1);
		pm_buf_adds(&q->sql, ")");
	}
	q->mask = mask;
	q->built = 1;
	return q->sql.s;
}

/* Look a code up: SELECT id FROM table WHERE [site_id = ? AND] code = ? */
static int
ref_id(pm_ctx *ctx, const char *table, int64_t site_id, const char *code, const char *what,
    int64_t *id, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	rc = pm_db_prepare(ctx->db, strcmp(table, "site") == 0 ?
	    "SELECT id FROM site WHERE code = ?2" : strcmp(table, "building") == 0 ?
	    "SELECT id FROM building WHERE site_id = ?1 AND code = ?2" :
	    "SELECT id FROM unit WHERE site_id = ?1 AND code = ?2", &st, err);
	if (rc != 0)
		return rc;
	pm_stmt_bind_int(st, 1, site_id);
	pm_stmt_bind_text(st, 2, code);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		*id = pm_stmt_int(st, 0);
		rc = 0;
	} else if (rc == 0) {
		pm_buf b;
		pm_buf_init(&b);
		rc = pm_err_set(err, PM_EX_NOINPUT, "%s %s: no such %s", what, shown(&b, code), what);
		pm_buf_free(&b);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* The JSON object of a record for the audit log: personal data masked. */
static void
audit_json(pm_buf *j, const kind *k, pm_buf *vals, const int *has)
{
	pm_buf m;
	int i, first = 1;

	pm_buf_init(&m);
	pm_buf_addc(j, '{');
	for (i = 0; i < k->nf; i++) {
		const pm_pfield *f = &k->fl[i].f;
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
		pm_mask(&m, pii_class(f, PM_P_EXPORT), vals[i].s);
		pm_json_str(j, m.s);
	}
	pm_buf_addc(j, '}');
	pm_buf_free(&m);
}

/* Bind a canonical value to a column, typed. */
static int
bind_value(pm_ctx *ctx, pm_stmt *st, int p, const kfield *kf, const char *v,
    int64_t site_id, pm_err *err)
{
	int64_t n = 0;
	int rc = 0, yes = 0;

	if (*v == '\0') {
		/* free text is cleared to "", anything else to NULL */
		if (kf->f.type == PM_PF_TEXT)
			pm_stmt_bind_text(st, p, "");
		else
			pm_stmt_bind_null(st, p);
		return 0;
	}
	switch (kf->f.type) {
	case PM_PF_INT:
		pm_stmt_bind_int(st, p, strtoll(v, NULL, 10));
		break;
	case PM_PF_AREA:
		if ((rc = pm_decimal_parse(v, 2, 0, &n, err)) == 0)
			pm_stmt_bind_int(st, p, n);
		break;
	case PM_PF_BOOL:
		parse_bool(v, &yes);
		pm_stmt_bind_int(st, p, yes);
		break;
	case PM_PF_SITE:
		pm_stmt_bind_int(st, p, site_id);
		break;
	case PM_PF_BUILDING:
		if ((rc = ref_id(ctx, "building", site_id, v, "building", &n, err)) == 0)
			pm_stmt_bind_int(st, p, n);
		break;
	case PM_PF_UNIT:
		if ((rc = ref_id(ctx, "unit", site_id, v, strcmp(kf->f.name, "space") == 0 ?
		    "space" : "unit", &n, err)) == 0)
			pm_stmt_bind_int(st, p, n);
		break;
	default:
		pm_stmt_bind_text(st, p, v);
		break;
	}
	return rc;
}

/* A vehicle's space must be a parking unit. */
static int
check_space(pm_ctx *ctx, const char *site, const char *space, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if (space == NULL || *space == '\0')
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT u.kind FROM unit u JOIN site s ON "
	    "s.id = u.site_id WHERE s.code = ?1 AND u.code = ?2", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, site);
	pm_stmt_bind_text(st, 2, space);
	rc = pm_stmt_step(st, err);
	if (rc == 1 && strcmp(pm_stmt_text(st, 0), "parking") != 0)
		rc = pm_err_set(err, PM_EX_DATAERR, "space %s: unit is a %s, not a parking space",
		    space, pm_stmt_text(st, 0));
	else
		rc = rc < 0 ? err->status : 0;     /* missing: reported when bound */
	pm_stmt_free(st);
	return rc;
}

int
pm_unit_put(pm_ctx *ctx, pm_pkind kk, const pm_prec *rec, pm_pmode mode,
    pm_pput *res, pm_err *err)
{
	/* An import calls this once a row: the buffers stay allocated from
	 * one call to the next instead of twenty-odd mallocs a row. */
	static pm_buf nv[PM_P_MAXF], ov[PM_P_MAXF], before, after, b;
	const kind *k = &kinds[kk];
	int given[PM_P_MAXF], had[PM_P_MAXF], all[PM_P_MAXF];
	unsigned cols = 0;
	pm_stmt *st = NULL;
	int64_t id = 0, site_id = 0, iv;
	int i, rc = 0, found = 0, changed = 0, p, site_f = -1, by_id;
	char idtext[32];

	memset(res, 0, sizeof *res);
	pm_buf_reset(&before);
	pm_buf_reset(&after);
	pm_buf_reset(&b);
	for (i = 0; i < PM_P_MAXF; i++) {
		pm_buf_reset(&nv[i]);
		pm_buf_reset(&ov[i]);
		given[i] = had[i] = all[i] = 0;
	}
	/* occupants have no short natural key: set names them by id */
	by_id = mode == PM_PUT_SET && k->fl[0].f.type == PM_PF_ID;

	for (i = 0; i < k->nf; i++) {
		const pm_pfield *f = &k->fl[i].f;
		if (f->type == PM_PF_SITE)
			site_f = i;
		if (rec->v[i] == NULL)
			continue;
		if ((rc = normalise(ctx, f, rec->v[i], &nv[i], err)) != 0)
			goto out;
		given[i] = 1;
	}
	/* the key must be whole */
	for (i = 0; i < k->nf; i++) {
		const pm_pfield *f = &k->fl[i].f;
		int need = by_id ? f->type == PM_PF_ID : (f->flags & PM_PF_KEY) != 0;
		if (need && (!given[i] || nv[i].len == 0)) {
			rc = pm_err_set(err, mode == PM_PUT_UPSERT ? PM_EX_DATAERR : PM_EX_USAGE,
			    "%s: %s is needed", k->name, f->name);
			goto out;
		}
	}

	/* find the record by its key */
	if ((rc = pm_db_prepare(ctx->db, find_sql(k, by_id), &st, err)) != 0)
		goto out;
	for (i = 0, p = 0; i < k->nf; i++) {
		const pm_pfield *f = &k->fl[i].f;
		if (!is_key(k, i, by_id))
			continue;
		if (f->type == PM_PF_ID)
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
			column_text(st, i + 1, &k->fl[i].f, &ov[i], &iv);
			had[i] = 1;
		}
	}
	rc = 0;
	pm_stmt_free(st);
	st = NULL;

	if (found && mode == PM_PUT_NEW) {
		rc = pm_err_set(err, PM_EX_DATAERR, "%s %s: already exists (use set to change it)",
		    k->name, shown(&b, nv[k->fl[0].f.type == PM_PF_SITE ? 1 : 0].s));
		goto out;
	}
	if (!found && mode == PM_PUT_SET) {
		rc = pm_err_set(err, PM_EX_NOINPUT, "%s %s: no such %s", k->name,
		    shown(&b, by_id ? nv[0].s : nv[k->fl[0].f.type == PM_PF_SITE ? 1 : 0].s), k->name);
		goto out;
	}
	if (by_id) {
		/* the site comes from the record, for resolving unit codes */
		pm_buf_reset(&nv[site_f]);
		pm_buf_adds(&nv[site_f], ov[site_f].s);
		given[site_f] = 1;
	}
	res->id = id;

	/* what the record will be */
	for (i = 0; i < k->nf; i++) {
		const pm_pfield *f = &k->fl[i].f;
		if (given[i]) {
			all[i] = 1;
			/* an id column in an import is a reference, not data */
			if (found && f->type != PM_PF_ID && strcmp(nv[i].s, ov[i].s) != 0)
				changed = 1;
			continue;
		}
		if (found) {
			pm_buf_adds(&nv[i], ov[i].s);
			all[i] = 1;
		} else if (f->def != NULL) {
			pm_buf_adds(&nv[i], f->def);
			all[i] = 1;
		}
		if (!found && (f->flags & PM_PF_REQ) && nv[i].len == 0) {
			rc = pm_err_set(err, mode == PM_PUT_UPSERT ? PM_EX_DATAERR : PM_EX_USAGE,
			    "%s: %s is needed", k->name, f->name);
			goto out;
		}
	}
	for (i = 0; i < k->nf; i++) {
		pm_ptype t = k->fl[i].f.type;
		if (t == PM_PF_ID || t == PM_PF_CODE || t == PM_PF_PLATE) {
			size_t n = nv[i].len < sizeof res->key ? nv[i].len : sizeof res->key - 1;
			memcpy(res->key, nv[i].s, n);      /* once a row: no printf */
			res->key[n] = '\0';
			break;
		}
	}
	if (found && !changed)
		goto out;       /* the cron-safe case: nothing to do */

	/* cross-field rules the schema would only state as a constraint
	 * (move_in is the field just before move_out) */
	for (i = 1; i < k->nf; i++)
		if (strcmp(k->fl[i].f.name, "move_out") == 0 && nv[i].len > 0 &&
		    strcmp(nv[i].s, nv[i - 1].s) < 0) {
			rc = pm_err_set(err, PM_EX_DATAERR, "move_out %s is before move_in %s",
			    nv[i].s, nv[i - 1].s);
			goto out;
		}
	if (kk == PM_P_VEHICLE && (rc = check_space(ctx, nv[0].s, nv[3].s, err)) != 0)
		goto out;
	if (site_f >= 0 &&
	    (rc = ref_id(ctx, "site", 0, nv[site_f].s, "site", &site_id, err)) != 0)
		goto out;

	/* write it: the columns given (update, keys aside) or known (insert) */
	for (i = 0; i < k->nf; i++)
		if (k->fl[i].col != NULL && (found ? given[i] && !(k->fl[i].f.flags & PM_PF_KEY) :
		    all[i]))
			cols |= 1u << i;
	if ((rc = pm_db_prepare(ctx->db, write_sql(k, found, cols), &st, err)) != 0)
		goto out;
	for (i = 0, p = 0; i < k->nf; i++) {
		if (!(cols & (1u << i)))
			continue;
		if ((rc = bind_value(ctx, st, ++p, &k->fl[i], nv[i].s, site_id, err)) != 0)
			goto out;
	}
	if (found)
		pm_stmt_bind_int(st, ++p, id);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	if (!found) {
		id = res->id = pm_db_last_id(ctx->db);
		if (k->fl[0].f.type == PM_PF_ID)
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
		if (k->fl[0].f.type == PM_PF_ID) {
			pm_buf_adds(&key, idtext);
		} else {
			for (i = 0; i < k->nf; i++) {
				if (!(k->fl[i].f.flags & PM_PF_KEY))
					continue;
				if (key.len > 0)
					pm_buf_addc(&key, '/');
				pm_mask(&key, pii_class(&k->fl[i].f, PM_P_EXPORT), nv[i].s);
			}
		}
		rc = pm_audit_log(ctx, k->name, key.s, found ? "set" : "new",
		    found ? before.s : NULL, after.s, err);
		pm_buf_free(&key);
	}
	if (rc == 0)
		res->change = found ? PM_P_UPDATED : PM_P_INSERTED;
out:
	pm_stmt_free(st);
	return rc;
}

struct pm_piter {
	const kind *k;
	pm_stmt *st;
	pm_buf val[PM_P_MAXF];
};

int
pm_unit_list(pm_ctx *ctx, pm_pkind kk, const pm_pfilter *f, pm_piter **out, pm_err *err)
{
	const kind *k = &kinds[kk];
	const char *binds[8];
	pm_buf sql;
	pm_stmt *st = NULL;
	pm_piter *it;
	int nb = 0, i, rc;

	*out = NULL;
	pm_buf_init(&sql);
	select_sql(&sql, k);
	pm_buf_adds(&sql, " WHERE 1");
	/* each filter adds a fixed fragment; its value is bound.  A filter
	 * the kind does not have is a usage error, never silently ignored. */
	{
		static const struct {
			pm_pkind k;
			size_t off;
			const char *opt, *frag;
		} fl[] = {
			{ PM_P_SITE, offsetof(pm_pfilter, site), "--site", "t.code" },
			{ PM_P_SITE, offsetof(pm_pfilter, kind), "--kind", "t.kind" },
			{ PM_P_SITE, offsetof(pm_pfilter, key), "", "t.code" },
			{ PM_P_BUILDING, offsetof(pm_pfilter, site), "--site", "s.code" },
			{ PM_P_BUILDING, offsetof(pm_pfilter, key), "", "t.code" },
			{ PM_P_UNIT, offsetof(pm_pfilter, site), "--site", "s.code" },
			{ PM_P_UNIT, offsetof(pm_pfilter, building), "--building", "b.code" },
			{ PM_P_UNIT, offsetof(pm_pfilter, kind), "--kind", "t.kind" },
			{ PM_P_UNIT, offsetof(pm_pfilter, state), "--state", "t.state" },
			{ PM_P_UNIT, offsetof(pm_pfilter, key), "", "t.code" },
			{ PM_P_OCCUPANT, offsetof(pm_pfilter, site), "--site", "s.code" },
			{ PM_P_OCCUPANT, offsetof(pm_pfilter, building), "--building", "b.code" },
			{ PM_P_OCCUPANT, offsetof(pm_pfilter, unit), "--unit", "u.code" },
			{ PM_P_OCCUPANT, offsetof(pm_pfilter, role), "--role", "t.role" },
			{ PM_P_OCCUPANT, offsetof(pm_pfilter, key), "", "t.id" },
			{ PM_P_VEHICLE, offsetof(pm_pfilter, site), "--site", "s.code" },
			{ PM_P_VEHICLE, offsetof(pm_pfilter, unit), "--unit", "u.code" },
			{ PM_P_VEHICLE, offsetof(pm_pfilter, key), "", "t.plate" },
		};
		static const struct { size_t off; const char *opt; } all[] = {
			{ offsetof(pm_pfilter, building), "--building" },
			{ offsetof(pm_pfilter, unit), "--unit" },
			{ offsetof(pm_pfilter, kind), "--kind" },
			{ offsetof(pm_pfilter, state), "--state" },
			{ offsetof(pm_pfilter, role), "--role" },
		};
		size_t j, a;

		for (a = 0; a < sizeof all / sizeof all[0]; a++) {
			const char *v = *(const char *const *)(const void *)((const char *)f + all[a].off);
			int known = 0;
			if (v == NULL)
				continue;
			for (j = 0; j < sizeof fl / sizeof fl[0]; j++)
				if (fl[j].k == kk && fl[j].off == all[a].off)
					known = 1;
			if (!known) {
				pm_buf_free(&sql);
				return pm_err_set(err, PM_EX_USAGE, "%s does not apply to %ss",
				    all[a].opt, k->name);
			}
		}
		for (j = 0; j < sizeof fl / sizeof fl[0]; j++) {
			const char *v = *(const char *const *)(const void *)((const char *)f + fl[j].off);
			if (fl[j].k != kk || v == NULL)
				continue;
			pm_buf_addf(&sql, " AND %s = ?%d", fl[j].frag, nb + 1);
			binds[nb++] = v;
		}
	}
	if (!f->all && f->key == NULL && k->current != NULL)
		pm_buf_addf(&sql, " AND %s", k->current);
	pm_buf_addf(&sql, " ORDER BY %s", k->order);
	rc = pm_db_prepare(ctx->db, sql.s, &st, err);
	pm_buf_free(&sql);
	if (rc != 0)
		return rc;
	for (i = 0; i < nb; i++)
		pm_stmt_bind_text(st, i + 1, binds[i]);
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->k = k;
	it->st = st;
	for (i = 0; i < PM_P_MAXF; i++)
		pm_buf_init(&it->val[i]);
	*out = it;
	return 0;
}

int
pm_unit_next(pm_piter *it, pm_prow *row, pm_err *err)
{
	int i, rc = pm_stmt_step(it->st, err);

	if (rc != 1)
		return rc;
	memset(row, 0, sizeof *row);
	for (i = 0; i < it->k->nf; i++) {
		pm_cell *c = &row->c[i];
		column_text(it->st, i + 1, &it->k->fl[i].f, &it->val[i], &c->i);
		c->null = pm_stmt_null(it->st, i + 1);
		c->s = c->null ? NULL : it->val[i].s;
	}
	return 1;
}

void
pm_unit_iter_free(pm_piter *it)
{
	int i;

	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	for (i = 0; i < PM_P_MAXF; i++)
		pm_buf_free(&it->val[i]);
	free(it);
}

const char *
pm_unit_default_site(pm_ctx *ctx, pm_err *err)
{
	static char code[40];
	pm_stmt *st = NULL;
	int rc, n = 0;

	if (pm_db_prepare(ctx->db, "SELECT code FROM site WHERE active = 1 LIMIT 2", &st, err) != 0)
		return NULL;
	while ((rc = pm_stmt_step(st, err)) == 1)
		if (n++ == 0)
			snprintf(code, sizeof code, "%s", pm_stmt_text(st, 0));
	pm_stmt_free(st);
	return rc == 0 && n == 1 ? code : NULL;
}

int
pm_unit_site_find(pm_ctx *ctx, const char *code, unsigned flags, int64_t *id, pm_err *err)
{
	int64_t active = 0, n = 0;
	int found, rc;
	pm_buf q;

	*id = 0;
	if (code == NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, &n, NULL,
		    "SELECT count(*) FROM site WHERE active = 1", "")) != 0)
			return rc;
		if (n != 1)
			return pm_err_field(err, PM_EX_USAGE, "site", "which site? %s",
			    n == 0 ? "no site is active" : "more than one is active; name one");
		return pm_db_get_int(ctx->db, err, id, NULL, "SELECT id FROM site WHERE active = 1",
		    "");
	}
	if ((rc = pm_db_get_int(ctx->db, err, id, &found, "SELECT id FROM site WHERE code = ?1",
	    "t", code)) != 0)
		return rc;
	if (found && (flags & PM_SITE_ACTIVE) &&
	    (rc = pm_db_get_int(ctx->db, err, &active, NULL,
	    "SELECT active FROM site WHERE id = ?1", "i", *id)) != 0)
		return rc;
	if (found && (!(flags & PM_SITE_ACTIVE) || active))
		return 0;
	pm_buf_init(&q);
	pm_text_fit(&q, code, 40, 0);
	if (!found)
		rc = pm_err_field(err, PM_EX_NOINPUT, "site", "no such site %s", q.s);
	else
		rc = pm_err_field(err, PM_EX_DATAERR, "site", "site %s is deactivated", q.s);
	pm_buf_free(&q);
	*id = 0;
	return rc;
}

const pm_perm_name pm_unit_perm_names[] = {
	{ "unit.edit", "add and change sites, buildings, units, occupants and vehicles" },
	{ "unit.import", "import property data from files" },
	{ NULL, NULL }
};
