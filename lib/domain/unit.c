/*
 * unit.c — sites, buildings, units, occupants, vehicles; see unit.h.
 *
 * Five kinds of the record mechanism (record.h), each described once
 * below: its fields, the SQL expression that reads each field back as
 * text (codes for references), the column it is stored in, the FROM
 * clause that joins the codes in, and the rules the field table cannot
 * state (validate hooks).  The engine — normalise, natural key, diff,
 * write, masked audit, import, list — is the mechanism's.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "text.h"
#include "unit.h"

#define KEY PM_RF_KEY
#define REQ PM_RF_REQ
/* The site every kind but the site itself belongs to: the scope its
 * building and unit codes are resolved in. */
#define SITE_FIELD(col_) { .name = "site", .type = PM_RF_REF, .flags = KEY | REQ, \
	.help = N_("site code"), .sel = "s.code", .col = col_, .ref = "site" }
#define IN_SITE(table) .ref = table, .ref_scope = "site_id"

static int occupant_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err);
static int vehicle_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err);

static const pm_rkind kinds[PM_P_NKINDS] = {
	[PM_P_SITE] = { .name = "site", .table = "site", .from = "site t", .order = "t.code",
	    .current = "t.active = 1", .scope = -1, .label = 0, .nf = 5, .fl = {
		{ .name = "code", .type = PM_RF_CODE, .flags = KEY | REQ,
		  .help = N_("code of the site (letters, digits, - and _)"), .sel = "t.code", .col = "code" },
		{ .name = "name", .type = PM_RF_TEXT, .flags = REQ, .max = 100,
		  .help = N_("name (阳光花园)"), .sel = "t.name", .col = "name" },
		{ .name = "kind", .type = PM_RF_ENUM, .flags = REQ,
		  .choices = "residential|commercial|office",
		  .help = N_("residential, commercial or office"), .sel = "t.kind", .col = "kind" },
		{ .name = "address", .type = PM_RF_TEXT, .max = 200, .def = "",
		  .help = N_("address"), .sel = "t.address", .col = "address" },
		{ .name = "active", .type = PM_RF_BOOL, .def = "yes",
		  .help = N_("yes or no"), .sel = "t.active", .col = "active" },
	} },
	[PM_P_BUILDING] = { .name = "building", .table = "building",
	    .from = "building t JOIN site s ON s.id = t.site_id", .order = "s.code, t.code",
	    .scope = 0, .label = 1, .nf = 4, .fl = {
		SITE_FIELD("site_id"),
		{ .name = "code", .type = PM_RF_CODE, .flags = KEY | REQ,
		  .help = N_("code of the building (letters, digits, - and _)"), .sel = "t.code", .col = "code" },
		{ .name = "name", .type = PM_RF_TEXT, .max = 100, .def = "",
		  .help = N_("name (3号楼)"), .sel = "t.name", .col = "name" },
		{ .name = "floors", .type = PM_RF_INT, .min = 1, .max = 300,
		  .help = N_("number of floors"), .sel = "t.floors", .col = "floors" },
	} },
	[PM_P_UNIT] = { .name = "unit", .table = "unit",
	    .from = "unit t JOIN site s ON s.id = t.site_id "
	    "LEFT JOIN building b ON b.id = t.building_id",
	    .order = "s.code, t.code", .scope = 0, .label = 1, .nf = 8, .fl = {
		SITE_FIELD("site_id"),
		{ .name = "code", .type = PM_RF_CODE, .flags = KEY | REQ,
		  .help = N_("unit code, unique within the site (3-2-1502)"),
		  .sel = "t.code", .col = "code" },
		{ .name = "building", .type = PM_RF_REF, IN_SITE("building"),
		  .help = N_("building code"), .sel = "b.code", .col = "building_id" },
		{ .name = "floor", .type = PM_RF_INT, .min = -10, .max = 300,
		  .help = N_("floor (negative below ground)"), .sel = "t.floor", .col = "floor" },
		{ .name = "area", .type = PM_RF_DEC, .flags = REQ, .scale = 2, .unit = "m2",
		  .min = 1, .max = 100000000,
		  .help = N_("building area in m2, up to 2 decimals"), .sel = "t.area", .col = "area" },
		{ .name = "kind", .type = PM_RF_ENUM,
		  .choices = "residence|shop|office|parking|storage", .def = "residence",
		  .help = N_("residence, shop, office, parking or storage"),
		  .sel = "t.kind", .col = "kind" },
		{ .name = "state", .type = PM_RF_ENUM, .choices = "occupied|vacant|renovating",
		  .def = "vacant", .help = N_("occupied, vacant or renovating"),
		  .sel = "t.state", .col = "state" },
		{ .name = "handover", .type = PM_RF_DATE,
		  .help = N_("handover date"), .sel = "t.handover", .col = "handover" },
	} },
	[PM_P_OCCUPANT] = { .name = "occupant", .table = "occupant",
	    .from = "occupant t JOIN unit u ON u.id = t.unit_id JOIN site s ON s.id = u.site_id "
	    "LEFT JOIN building b ON b.id = u.building_id",
	    .order = "s.code, u.code, t.move_in, t.id", .current = "t.move_out IS NULL",
	    .scope = 1, .label = 0, .validate = occupant_valid, .nf = 9, .fl = {
		{ .name = "id", .type = PM_RF_ID,
		  .help = N_("occupant number (from list)"), .sel = "t.id" },
		SITE_FIELD(NULL),
		{ .name = "unit", .type = PM_RF_REF, .flags = KEY | REQ, IN_SITE("unit"),
		  .help = N_("unit code"), .sel = "u.code", .col = "unit_id" },
		{ .name = "name", .type = PM_RF_NAME, .flags = KEY | REQ, .max = 64,
		  .help = N_("name"), .sel = "t.name", .col = "name" },
		{ .name = "role", .type = PM_RF_ENUM, .flags = KEY | REQ,
		  .choices = "owner|tenant|family",
		  .help = N_("owner, tenant or family"), .sel = "t.role", .col = "role" },
		{ .name = "move_in", .type = PM_RF_DATE, .flags = KEY | REQ,
		  .help = N_("move-in date"), .sel = "t.move_in", .col = "move_in" },
		{ .name = "move_out", .type = PM_RF_DATE,
		  .help = N_("move-out date"), .sel = "t.move_out", .col = "move_out" },
		{ .name = "phone", .type = PM_RF_PHONE,
		  .help = N_("phone number"), .sel = "t.phone", .col = "phone" },
		{ .name = "id_number", .type = PM_RF_IDNUM,
		  .help = N_("resident ID number"), .sel = "t.id_number", .col = "id_number" },
	} },
	[PM_P_VEHICLE] = { .name = "vehicle", .table = "vehicle",
	    .from = "vehicle t JOIN site s ON s.id = t.site_id LEFT JOIN unit u ON u.id = t.unit_id "
	    "LEFT JOIN unit sp ON sp.id = t.space_id",
	    .order = "s.code, t.plate", .current = "t.active = 1",
	    .scope = 0, .label = 1, .validate = vehicle_valid, .nf = 5, .fl = {
		SITE_FIELD("site_id"),
		{ .name = "plate", .type = PM_RF_PLATE, .flags = KEY | REQ,
		  .help = N_("licence plate (京A12345)"), .sel = "t.plate", .col = "plate" },
		{ .name = "unit", .type = PM_RF_REF, IN_SITE("unit"),
		  .help = N_("the owner's unit"), .sel = "u.code", .col = "unit_id" },
		{ .name = "space", .type = PM_RF_REF, IN_SITE("unit"),
		  .help = N_("parking space (a unit of kind parking)"), .sel = "sp.code",
		  .col = "space_id" },
		{ .name = "active", .type = PM_RF_BOOL, .def = "yes",
		  .help = N_("yes or no"), .sel = "t.active", .col = "active" },
	} },
};

/* Field indexes the hooks and filters name. */
enum { OCC_MOVE_IN = 5, OCC_MOVE_OUT = 6, VEH_SITE = 0, VEH_SPACE = 3 };

/* An occupant cannot move out before moving in (the schema would only
 * state it as a constraint, without saying which dates). */
static int
occupant_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err)
{
	(void)ctx;
	(void)k;
	if (*v[OCC_MOVE_OUT] != '\0' && strcmp(v[OCC_MOVE_OUT], v[OCC_MOVE_IN]) < 0)
		return pm_err_set(err, PM_EX_DATAERR, _("move_out %s is before move_in %s"),
		    v[OCC_MOVE_OUT], v[OCC_MOVE_IN]);
	return 0;
}

/* A vehicle's space must be a parking unit (a missing one is reported
 * when the mechanism resolves it). */
static int
vehicle_valid(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err)
{
	const char *space = v[VEH_SPACE];
	pm_stmt *st = NULL;
	int rc;

	(void)k;
	if (*space == '\0')
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT u.kind FROM unit u JOIN site s ON "
	    "s.id = u.site_id WHERE s.code = ?1 AND u.code = ?2", &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, v[VEH_SITE]);
	pm_stmt_bind_text(st, 2, space);
	rc = pm_stmt_step(st, err);
	if (rc == 1 && strcmp(pm_stmt_text(st, 0), "parking") != 0)
		rc = pm_err_set(err, PM_EX_DATAERR, _("space %s: unit is a %s, not a parking space"),
		    space, pm_stmt_text(st, 0));
	else
		rc = rc < 0 ? err->status : 0;
	pm_stmt_free(st);
	return rc;
}

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

const pm_rkind *
pm_unit_kind(pm_pkind k)
{
	return &kinds[k];
}

const pm_rfield *
pm_unit_fields(pm_pkind k, int *n)
{
	*n = kinds[k].nf;
	return kinds[k].fl;
}

int
pm_unit_field(pm_pkind k, const char *name)
{
	return pm_record_field(&kinds[k], name);
}

int
pm_unit_put(pm_ctx *ctx, pm_pkind k, const pm_rrec *rec, pm_rmode mode, pm_rput *res,
    pm_err *err)
{
	return pm_record_put(ctx, &kinds[k], rec, mode, res, err);
}

int
pm_unit_import(pm_ctx *ctx, pm_pkind k, const char *path, pm_ifmt fmt, pm_icounts *counts,
    pm_err *err)
{
	return pm_record_import(ctx, &kinds[k], path, fmt, counts, err);
}

int
pm_unit_cols(pm_pkind k, unsigned show, pm_col *cols)
{
	return pm_record_cols(&kinds[k], show, cols);
}

int
pm_unit_list(pm_ctx *ctx, pm_pkind kk, const pm_pfilter *f, pm_riter **out, pm_err *err)
{
	const pm_rkind *k = &kinds[kk];
	/* each filter is a fixed fragment of the kind's FROM clause; a
	 * filter the kind does not have is a usage error, never silently
	 * ignored */
	static const struct {
		pm_pkind k;
		size_t off;
		const char *frag;
	} fl[] = {
		{ PM_P_SITE, offsetof(pm_pfilter, site), "t.code" },
		{ PM_P_SITE, offsetof(pm_pfilter, kind), "t.kind" },
		{ PM_P_SITE, offsetof(pm_pfilter, key), "t.code" },
		{ PM_P_BUILDING, offsetof(pm_pfilter, site), "s.code" },
		{ PM_P_BUILDING, offsetof(pm_pfilter, key), "t.code" },
		{ PM_P_UNIT, offsetof(pm_pfilter, site), "s.code" },
		{ PM_P_UNIT, offsetof(pm_pfilter, building), "b.code" },
		{ PM_P_UNIT, offsetof(pm_pfilter, kind), "t.kind" },
		{ PM_P_UNIT, offsetof(pm_pfilter, state), "t.state" },
		{ PM_P_UNIT, offsetof(pm_pfilter, key), "t.code" },
		{ PM_P_OCCUPANT, offsetof(pm_pfilter, site), "s.code" },
		{ PM_P_OCCUPANT, offsetof(pm_pfilter, building), "b.code" },
		{ PM_P_OCCUPANT, offsetof(pm_pfilter, unit), "u.code" },
		{ PM_P_OCCUPANT, offsetof(pm_pfilter, role), "t.role" },
		{ PM_P_OCCUPANT, offsetof(pm_pfilter, key), "t.id" },
		{ PM_P_VEHICLE, offsetof(pm_pfilter, site), "s.code" },
		{ PM_P_VEHICLE, offsetof(pm_pfilter, unit), "u.code" },
		{ PM_P_VEHICLE, offsetof(pm_pfilter, key), "t.plate" },
	};
	static const struct { size_t off; const char *field; } all[] = {
		{ offsetof(pm_pfilter, building), "building" },
		{ offsetof(pm_pfilter, unit), "unit" },
		{ offsetof(pm_pfilter, kind), "kind" },
		{ offsetof(pm_pfilter, state), "state" },
		{ offsetof(pm_pfilter, role), "role" },
	};
	pm_rfilter rf[sizeof fl / sizeof fl[0]];
	unsigned flags = 0;
	size_t j, a;
	int n = 0;

	*out = NULL;
	for (a = 0; a < sizeof all / sizeof all[0]; a++) {
		const char *v = *(const char *const *)(const void *)((const char *)f + all[a].off);
		int known = 0;
		if (v == NULL)
			continue;
		for (j = 0; j < sizeof fl / sizeof fl[0]; j++)
			if (fl[j].k == kk && fl[j].off == all[a].off)
				known = 1;
		if (!known)
			return pm_err_field(err, PM_EX_USAGE, all[a].field,
			    _("a %s filter does not apply to %ss"), all[a].field, k->name);
	}
	for (j = 0; j < sizeof fl / sizeof fl[0]; j++) {
		const char *v = *(const char *const *)(const void *)((const char *)f + fl[j].off);
		if (fl[j].k != kk || v == NULL)
			continue;
		rf[n].frag = fl[j].frag;
		rf[n++].value = v;
	}
	/* a filter naming no site is a mistake to report, not an empty
	 * list a pipeline would act on (complaint lists do the same) */
	if (f->site != NULL && kk != PM_P_SITE) {
		int64_t site_id;
		int rc;

		if ((rc = pm_unit_site_find(ctx, f->site, 0, &site_id, err)) != 0)
			return rc;
	}
	if (f->all || f->key != NULL)
		flags |= PM_R_ALL;
	return pm_record_list(ctx, k, rf, n, flags, out, err);
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
			return pm_err_field(err, PM_EX_USAGE, "site", _("which site? %s"),
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
		rc = pm_err_field(err, PM_EX_NOINPUT, "site", _("site %s: no such site"), q.s);
	else
		rc = pm_err_field(err, PM_EX_DATAERR, "site", _("site %s is deactivated"), q.s);
	pm_buf_free(&q);
	*id = 0;
	return rc;
}

const pm_perm_name pm_unit_perm_names[] = {
	{ "unit.edit", "add and change sites, buildings, units, occupants and vehicles" },
	{ "unit.import", "import property data from files" },
	{ NULL, NULL }
};

int
pm_unit_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_unit_ref *out, pm_err *err)
{
	pm_stmt *st = NULL;
	const char *kind;
	pm_buf q;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, building_id, kind FROM unit "
	    "WHERE site_id = ?1 AND code = ?2", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, site_id);
	pm_stmt_bind_text(st, 2, code);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		out->id = pm_stmt_int(st, 0);
		out->building_id = pm_stmt_null(st, 1) ? 0 : pm_stmt_int(st, 1);
		kind = pm_stmt_text(st, 2);
		snprintf(out->kind, sizeof out->kind, "%s", kind != NULL ? kind : "");
		rc = 0;
	} else if (rc == 0) {
		pm_buf_init(&q);
		rc = pm_err_field(err, PM_EX_NOINPUT, "unit", _("unit %s: no such unit"),
		    pm_text_quote(&q, code));
		pm_buf_free(&q);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}
