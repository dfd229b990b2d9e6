/*
 * equip.c — equipment, a kind of the record mechanism; see equip.h.
 *
 * The kind is declared once below: its fields, the SQL that reads each
 * back as text (codes and logins for references), the column it is
 * stored in, and the two hooks for what a field table cannot state —
 * the kind path and the importance it implies (norm), and the rules
 * across fields (validate).  Writing, diffing, auditing, importing and
 * listing are the engine's.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "equip.h"
#include "org.h"
#include "text.h"
#include "unit.h"

#define KEY PM_RF_KEY
#define REQ PM_RF_REQ

static int equip_norm(pm_ctx *ctx, const pm_rkind *k, int i, const char *const *v, pm_buf *out,
	pm_err *err);
static int equip_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err);

static const pm_rkind kind = {
	.name = "equipment", .table = "equipment",
	.from = "equipment t JOIN site s ON s.id = t.site_id "
	"LEFT JOIN building b ON b.id = t.building_id "
	"LEFT JOIN department d ON d.id = t.dept_id LEFT JOIN staff st ON st.id = t.staff_id",
	.order = "s.code, t.code", .current = "t.retired IS NULL", .scope = PM_EQ_SITE,
	.label = PM_EQ_CODE, .validate = equip_valid, .norm = equip_norm, .nf = PM_EQ_NFIELDS,
	.fl = {
	[PM_EQ_SITE] = { .name = "site", .type = PM_RF_REF, .flags = KEY | REQ,
	  .help = N_("site code"), .sel = "s.code", .col = "site_id", .ref = "site" },
	[PM_EQ_CODE] = { .name = "code", .type = PM_RF_CODE, .flags = KEY | REQ,
	  .help = N_("equipment code, unique within the site (ELV-3-1)"),
	  .sel = "t.code", .col = "code" },
	[PM_EQ_NAME] = { .name = "name", .type = PM_RF_TEXT, .max = 100, .def = "",
	  .help = N_("name (3号楼1号客梯)"), .sel = "t.name", .col = "name" },
	[PM_EQ_KIND] = { .name = "kind", .type = PM_RF_TEXT, .flags = REQ | PM_RF_HOOK, .max = 100,
	  .help = N_("kind, a path in the equipment kind tree (电梯/客梯)"),
	  .sel = "t.kind", .col = "kind" },
	[PM_EQ_BUILDING] = { .name = "building", .type = PM_RF_REF, .ref = "building",
	  .ref_scope = "site_id", .help = N_("building code"), .sel = "b.code",
	  .col = "building_id" },
	[PM_EQ_FLOOR] = { .name = "floor", .type = PM_RF_INT, .min = -10, .max = 300,
	  .help = N_("floor (negative below ground)"), .sel = "t.floor", .col = "floor" },
	[PM_EQ_PLACE] = { .name = "place", .type = PM_RF_TEXT, .max = 200, .def = "",
	  .help = N_("where it stands (地下二层泵房)"), .sel = "t.place", .col = "place" },
	[PM_EQ_VENDOR] = { .name = "vendor", .type = PM_RF_TEXT, .max = 100, .def = "",
	  .help = N_("maker or supplier"), .sel = "t.vendor", .col = "vendor" },
	[PM_EQ_CONTRACTOR] = { .name = "contractor", .type = PM_RF_TEXT, .max = 100, .def = "",
	  .help = N_("maintenance contractor"), .sel = "t.contractor", .col = "contractor" },
	[PM_EQ_INSTALLED] = { .name = "installed", .type = PM_RF_DATE,
	  .help = N_("installation date"), .sel = "t.installed", .col = "installed" },
	[PM_EQ_WARRANTY_END] = { .name = "warranty_end", .type = PM_RF_DATE,
	  .help = N_("last day of the warranty"), .sel = "t.warranty_end", .col = "warranty_end" },
	[PM_EQ_LIFE_YEARS] = { .name = "life_years", .type = PM_RF_INT, .min = 1, .max = 100,
	  .help = N_("expected life in years"), .sel = "t.life_years", .col = "life_years" },
	[PM_EQ_IMPORTANCE] = { .name = "importance", .type = PM_RF_ENUM, .flags = PM_RF_HOOK,
	  .choices = "A|B|C", .help = N_("A, B or C (default: the kind's)"),
	  .sel = "t.importance", .col = "importance" },
	[PM_EQ_DEPT] = { .name = "dept", .type = PM_RF_REF, .ref = "department",
	  .help = N_("responsible department code"), .sel = "d.code", .col = "dept_id" },
	[PM_EQ_RESPONSIBLE] = { .name = "responsible", .type = PM_RF_REF, .ref = "staff",
	  .ref_key = "login", .help = N_("responsible person (staff login)"), .sel = "st.login",
	  .col = "staff_id" },
	[PM_EQ_RETIRED] = { .name = "retired", .type = PM_RF_DATE,
	  .help = N_("retirement date"), .sel = "t.retired", .col = "retired" },
	[PM_EQ_RETIRE_REASON] = { .name = "retire_reason", .type = PM_RF_TEXT, .max = 500,
	  .def = "", .help = N_("why it was retired"), .sel = "t.retire_reason",
	  .col = "retire_reason" },
	} };

/* ---- the kind tree ------------------------------------------------------ */

/* The built-in tree: what a Chinese property company keeps, each with
 * the importance a new one takes (lifts, fire systems and power first).
 * Plans' interval rules name these paths. */
static const pm_cat_entry builtin_kinds[] = {
	{ "电梯", NULL, "A" },
	{ "电梯", "客梯", "A" },
	{ "电梯", "货梯", "A" },
	{ "电梯", "扶梯", "A" },
	{ "消防", NULL, "A" },
	{ "消防", "消防泵", "A" },
	{ "消防", "火灾报警控制器", "A" },
	{ "消防", "喷淋", "A" },
	{ "消防", "消火栓", "A" },
	{ "消防", "防排烟", "A" },
	{ "给排水", NULL, "B" },
	{ "给排水", "生活水泵", "A" },
	{ "给排水", "水箱", "B" },
	{ "给排水", "排污泵", "B" },
	{ "供配电", NULL, "A" },
	{ "供配电", "变压器", "A" },
	{ "供配电", "发电机", "A" },
	{ "供配电", "配电柜", "A" },
	{ "弱电", NULL, "C" },
	{ "弱电", "监控", "B" },
	{ "弱电", "门禁", "C" },
	{ "弱电", "道闸", "C" },
	{ "暖通", NULL, "B" },
	{ "暖通", "空调机组", "B" },
	{ "暖通", "锅炉", "A" },
	{ "其他", NULL, "C" },
};

const pm_cat_spec pm_equip_kinds_spec = {
	"equipment.kinds", "equipment kind", builtin_kinds,
	sizeof builtin_kinds / sizeof builtin_kinds[0], "importance", "A|B|C", "B"
};

int
pm_equip_kinds(const pm_config *cfg, pm_category **out, pm_err *err)
{
	return pm_category_load(cfg, &pm_equip_kinds_spec, out, err);
}

/* A kind as a user wrote it: its canonical path into canon, and the
 * importance it implies. */
static int
kind_find(const pm_config *cfg, const char *path, char *canon, size_t n, char imp[2],
    pm_err *err)
{
	pm_category *c = NULL;
	const char *attr = NULL;
	int rc;

	/* loaded per use: a tree of a few dozen entries costs less than
	 * the row's own statements, and there is no stale copy to keep */
	if ((rc = pm_equip_kinds(cfg, &c, err)) != 0)
		return rc;
	if ((rc = pm_category_find(c, path, canon, n, &attr, err)) == 0) {
		imp[0] = attr[0];
		imp[1] = '\0';
	} else {
		err->field = "kind";
	}
	pm_category_free(c);
	return rc;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_category *c = NULL;
	int rc;

	if ((rc = pm_equip_kinds(cfg, &c, err)) == 0)
		pm_category_free(c);
	return rc;
}

static const pm_cfg_key config_keys[] = {
	{ "equipment.kinds", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the two-level tree of equipment kinds and the importance (A, B, C) each implies "
	  "(category.c checks it)", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_equip_config = { "equipment", config_keys, config_check };

const pm_perm_name pm_equip_perm_names[] = {
	{ "equipment.edit", "add, change and retire equipment" },
	{ "equipment.import", "import equipment from files" },
	{ NULL, NULL }
};

/* ---- the hooks ------------------------------------------------------------ */

/* The kind is stored by its canonical path; a new equipment not given
 * an importance takes its kind's. */
static int
equip_norm(pm_ctx *ctx, const pm_rkind *k, int i, const char *const *v, pm_buf *out,
    pm_err *err)
{
	char canon[200], imp[2];
	int rc;

	(void)k;
	if (i == PM_EQ_KIND) {
		if ((rc = kind_find(ctx->cfg, out->s, canon, sizeof canon, imp, err)) != 0)
			return rc;
		pm_buf_reset(out);
		pm_buf_adds(out, canon);
		return 0;
	}
	if (i == PM_EQ_IMPORTANCE && out->len == 0 && *v[PM_EQ_KIND] != '\0') {
		if ((rc = kind_find(ctx->cfg, v[PM_EQ_KIND], canon, sizeof canon, imp, err)) != 0)
			return rc;
		pm_buf_adds(out, imp);
	}
	return 0;
}

/* "warranty_end 2020-01-01 is before installed 2021-05-01" */
static int
date_order(const char *const *v, int later, int earlier, pm_err *err)
{
	const pm_rfield *f = kind.fl;

	if (*v[later] == '\0' || *v[earlier] == '\0' || strcmp(v[later], v[earlier]) >= 0)
		return 0;
	return pm_err_field(err, PM_EX_DATAERR, f[later].name, _("%s %s is before %s %s"),
	    f[later].name, v[later], f[earlier].name, v[earlier]);
}

/* Rules across fields, and the references named the way org names
 * them ("department x: no such department", not the engine's field
 * wording). */
static int
equip_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err)
{
	int64_t id;
	int rc;

	(void)k;
	if ((rc = date_order(v, PM_EQ_WARRANTY_END, PM_EQ_INSTALLED, err)) != 0 ||
	    (rc = date_order(v, PM_EQ_RETIRED, PM_EQ_INSTALLED, err)) != 0)
		return rc;
	if (*v[PM_EQ_RETIRED] != '\0' && *v[PM_EQ_RETIRE_REASON] == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "retire_reason",
		    _("retire_reason is needed with retired"));
	if (*v[PM_EQ_RETIRED] == '\0' && *v[PM_EQ_RETIRE_REASON] != '\0')
		return pm_err_field(err, PM_EX_DATAERR, "retired",
		    _("retired is needed with retire_reason"));
	if (*v[PM_EQ_DEPT] != '\0' && (rc = pm_org_dept_id(ctx, v[PM_EQ_DEPT], 0, &id, err)) != 0)
		return rc;
	if (*v[PM_EQ_RESPONSIBLE] != '\0' &&
	    (rc = pm_org_staff_id(ctx, v[PM_EQ_RESPONSIBLE], 0, &id, err)) != 0)
		return rc;
	return 0;
}

/* ---- writing and listing ---------------------------------------------- */

const pm_rkind *
pm_equip_kind(void)
{
	return &kind;
}

int
pm_equip_put(pm_ctx *ctx, const pm_rrec *rec, pm_rmode mode, pm_rput *res, pm_err *err)
{
	return pm_record_put(ctx, &kind, rec, mode, res, err);
}

int
pm_equip_import(pm_ctx *ctx, const char *path, pm_ifmt fmt, pm_icounts *counts, pm_err *err)
{
	return pm_record_import(ctx, &kind, path, fmt, counts, err);
}

int
pm_equip_cols(unsigned show, pm_col *cols)
{
	return pm_record_cols(&kind, show, cols);
}

int
pm_equip_list(pm_ctx *ctx, const pm_equip_filter *f, pm_riter **out, pm_err *err)
{
	pm_rfilter rf[6];
	char canon[200], imp[2];
	int64_t id;
	int n = 0, rc;

	*out = NULL;
	/* a filter that names nothing is reported, not an empty list a
	 * pipeline would act on */
	if (f->site != NULL) {
		if ((rc = pm_unit_site_find(ctx, f->site, 0, &id, err)) != 0)
			return rc;
		rf[n++] = (pm_rfilter){ "s.code", f->site, PM_RF_EQ };
	}
	if (f->kind != NULL) {
		if ((rc = kind_find(ctx->cfg, f->kind, canon, sizeof canon, imp, err)) != 0)
			return rc;
		rf[n++] = (pm_rfilter){ "t.kind", canon, PM_RF_UNDER };
	}
	if (f->building != NULL)
		rf[n++] = (pm_rfilter){ "b.code", f->building, PM_RF_EQ };
	if (f->dept != NULL) {
		if ((rc = pm_org_dept_id(ctx, f->dept, 0, &id, err)) != 0)
			return rc;
		rf[n++] = (pm_rfilter){ "d.code", f->dept, PM_RF_EQ };
	}
	if (f->importance != NULL) {
		if (strcmp(f->importance, "A") != 0 && strcmp(f->importance, "B") != 0 &&
		    strcmp(f->importance, "C") != 0)
			return pm_text_fail(err, PM_EX_DATAERR, _("importance %s: expected A, B or C"),
			    f->importance);
		rf[n++] = (pm_rfilter){ "t.importance", f->importance, PM_RF_EQ };
	}
	if (f->key != NULL)
		rf[n++] = (pm_rfilter){ "t.code", f->key, PM_RF_EQ };
	return pm_record_list(ctx, &kind, rf, n, f->all || f->key != NULL ? PM_R_ALL : 0, out,
	    err);
}

int
pm_equip_retire(pm_ctx *ctx, const char *site, const char *code, const char *date,
    const char *reason, pm_rput *res, pm_err *err)
{
	pm_equip_ref e;
	int64_t site_id;
	pm_rrec rec;
	pm_buf q;
	int rc;

	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0 ||
	    (rc = pm_equip_find(ctx, site_id, code, &e, err)) != 0)
		return rc;
	if (e.retired[0] != '\0') {
		pm_buf_init(&q);
		rc = pm_err_set(err, PM_EX_DATAERR, _("equipment %s: already retired on %s"),
		    pm_text_quote(&q, code), e.retired);
		pm_buf_free(&q);
		return rc;
	}
	memset(&rec, 0, sizeof rec);
	rec.v[PM_EQ_SITE] = site != NULL ? site : pm_unit_default_site(ctx, err);
	rec.v[PM_EQ_CODE] = code;
	rec.v[PM_EQ_RETIRED] = date != NULL ? date : "today";
	rec.v[PM_EQ_RETIRE_REASON] = reason != NULL ? reason : "";
	if (rec.v[PM_EQ_SITE] == NULL)
		return err->status ? err->status : pm_err_set(err, PM_EX_SOFTWARE, _("retire: no site"));
	return pm_record_put(ctx, &kind, &rec, PM_PUT_SET, res, err);
}

/* ---- lookups for other modules ------------------------------------------ */

#define REF_COLS "id, site_id, building_id, dept_id, staff_id, code, kind, importance, retired"

static void
ref_of(pm_stmt *st, pm_equip_ref *e)
{
	const char *s;

	memset(e, 0, sizeof *e);
	e->id = pm_stmt_int(st, 0);
	e->site_id = pm_stmt_int(st, 1);
	e->building_id = pm_stmt_null(st, 2) ? 0 : pm_stmt_int(st, 2);
	e->dept_id = pm_stmt_null(st, 3) ? 0 : pm_stmt_int(st, 3);
	e->staff_id = pm_stmt_null(st, 4) ? 0 : pm_stmt_int(st, 4);
	snprintf(e->code, sizeof e->code, "%s", pm_stmt_text(st, 5));
	snprintf(e->kind, sizeof e->kind, "%s", pm_stmt_text(st, 6));
	snprintf(e->importance, sizeof e->importance, "%s", pm_stmt_text(st, 7));
	s = pm_stmt_null(st, 8) ? "" : pm_stmt_text(st, 8);
	snprintf(e->retired, sizeof e->retired, "%s", s);
}

/* One row of sql (bound by spec: "it" site and code, "i" id) into *out. */
static int
find_one(pm_ctx *ctx, const char *sql, int64_t n, const char *code, pm_equip_ref *out,
    pm_err *err)
{
	pm_stmt *st = NULL;
	char num[24];
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, n);
	if (code != NULL)
		pm_stmt_bind_text(st, 2, code);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		ref_of(st, out);
		rc = 0;
	} else if (rc == 0) {
		if (code == NULL) {
			snprintf(num, sizeof num, "%lld", (long long)n);
			code = num;
		}
		rc = pm_text_fail(err, PM_EX_NOINPUT, _("equipment %s: no such equipment"), code);
		err->field = "equipment";
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

int
pm_equip_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_equip_ref *out, pm_err *err)
{
	return find_one(ctx, "SELECT " REF_COLS " FROM equipment WHERE site_id = ?1 AND code = ?2",
	    site_id, code, out, err);
}

int
pm_equip_get(pm_ctx *ctx, int64_t id, pm_equip_ref *out, pm_err *err)
{
	return find_one(ctx, "SELECT " REF_COLS " FROM equipment WHERE id = ?1", id, NULL, out,
	    err);
}

int
pm_equip_accepts_work(const pm_equip_ref *e, pm_err *err)
{
	pm_buf q;
	int rc;

	if (e->retired[0] == '\0')
		return 0;
	pm_buf_init(&q);
	rc = pm_err_field(err, PM_EX_DATAERR, "equipment", _("equipment %s was retired on %s: "
	    "it takes no new work"), pm_text_quote(&q, e->code), e->retired);
	pm_buf_free(&q);
	return rc;
}

int
pm_equip_each(pm_ctx *ctx, int64_t site_id, const char *kind_path,
    int (*fn)(void *arg, const pm_equip_ref *e), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_equip_ref e;
	pm_buf lo;
	int rc;

	/* the kind and what is below it: the range "k/" .. "k0" ('0'
	 * follows '/'), which the (site_id, kind) index serves */
	rc = pm_db_prepare(ctx->db, kind_path == NULL ?
	    "SELECT " REF_COLS " FROM equipment WHERE site_id = ?1 AND retired IS NULL "
	    "ORDER BY code" :
	    "SELECT " REF_COLS " FROM equipment WHERE site_id = ?1 AND retired IS NULL "
	    "AND (kind = ?2 OR (kind > ?3 AND kind < ?4)) ORDER BY code", &st, err);
	if (rc != 0)
		return rc;
	pm_stmt_bind_int(st, 1, site_id);
	if (kind_path != NULL) {
		pm_buf_init(&lo);
		pm_buf_addf(&lo, "%s/", kind_path);
		pm_stmt_bind_text(st, 2, kind_path);
		pm_stmt_bind_text(st, 3, lo.s);
		lo.s[lo.len - 1] = '0';
		pm_stmt_bind_text(st, 4, lo.s);
		pm_buf_free(&lo);
	}
	while ((rc = pm_stmt_step(st, err)) == 1) {
		ref_of(st, &e);
		if ((rc = fn(arg, &e)) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
	pm_stmt_free(st);
	return rc;
}
