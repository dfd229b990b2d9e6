/*
 * unit.h — property data: sites, buildings, units, occupants, vehicles.
 *
 * Five kinds of the record mechanism (record.h): each is a table of
 * fields, and new / set / import / list / show / export are the same
 * code for all of them.  Records are written by natural key — site
 * code; site + building code; site + unit code; site + unit + name +
 * role + move-in date; site + plate — so an import run twice changes
 * nothing the second time.  Occupants are changed by their number.
 *
 * Personal data (occupant phone and ID number, vehicle plate, and in
 * exports occupant names) carries its class in the kind's columns
 * (pm_unit_cols): the writers mask it on the way out unless the front
 * unmasks (out.h), and the audit log always masks it, by the same
 * classes.  Rows are handed out raw.
 */
#ifndef PM_UNIT_H
#define PM_UNIT_H

#include <stdint.h>
#include "ctx.h"
#include "perm.h"
#include "record.h"

typedef enum pm_pkind {
	PM_P_SITE = 0,
	PM_P_BUILDING,
	PM_P_UNIT,
	PM_P_OCCUPANT,
	PM_P_VEHICLE,
	PM_P_NKINDS
} pm_pkind;

/* "site", "building", "unit", "occupant", "vehicle". */
int pm_pkind_parse(const char *s, pm_pkind *out);
const char *pm_pkind_name(pm_pkind k);

/* The kind's declaration; its fields in output and import order. */
const pm_rkind *pm_unit_kind(pm_pkind k);
const pm_rfield *pm_unit_fields(pm_pkind k, int *n);
/* Index of the field named name, or -1. */
int pm_unit_field(pm_pkind k, const char *name);

/*
 * Write one record (pm_record_put).  An unknown site, building or unit
 * is PM_EX_NOINPUT; a move-out before the move-in, or a vehicle's space
 * that is not a parking unit, PM_EX_DATAERR.
 */
int pm_unit_put(pm_ctx *ctx, pm_pkind k, const pm_rrec *rec, pm_rmode mode,
	pm_rput *res, pm_err *err);

/* Import records of kind k from path (pm_record_import): every error
 * "file:line: reason", all or nothing within the command. */
int pm_unit_import(pm_ctx *ctx, pm_pkind k, const char *path, pm_ifmt fmt,
	pm_icounts *counts, pm_err *err);

/* Filters for listing; NULL / 0 do not filter. */
typedef struct pm_pfilter {
	const char *site;       /* site code */
	const char *building;   /* building code (units) */
	const char *unit;       /* unit code (occupants, vehicles) */
	const char *kind;       /* site kind or unit kind */
	const char *state;      /* unit state */
	const char *role;       /* occupant role */
	const char *key;        /* one record: its code / plate / occupant id */
	int all;                /* occupants: former ones too; sites, vehicles: inactive too */
} pm_pfilter;

/* The output columns of a kind (pm_record_cols; show PM_R_EXPORT:
 * names are personal data too); returns how many. */
int pm_unit_cols(pm_pkind k, unsigned show, pm_col *cols);

/* List records in natural-key order, streaming, rows raw: read with
 * pm_record_next, free with pm_record_iter_free. */
int pm_unit_list(pm_ctx *ctx, pm_pkind k, const pm_pfilter *f, pm_riter **out, pm_err *err);

/*
 * Sites for every module: the one rule for "which site".
 *
 * pm_unit_site_find: the site named code, or with code NULL the only
 * active site.  None or several active: PM_EX_USAGE "which site? ...";
 * no such code: PM_EX_NOINPUT; with PM_SITE_ACTIVE, a deactivated site
 * is PM_EX_DATAERR (new records go only to sites in service; filters
 * and reports may name an old one).  *id is set on success.
 *
 * pm_unit_default_site: the code of the only active site, or NULL (err
 * clear when there is none or several).  The string is static.
 */
#define PM_SITE_ACTIVE 0x01
int pm_unit_site_find(pm_ctx *ctx, const char *code, unsigned flags, int64_t *id, pm_err *err);
const char *pm_unit_default_site(pm_ctx *ctx, pm_err *err);

/* The permissions pm-unit's verbs ask for (perm.h). */
extern const pm_perm_name pm_unit_perm_names[];

/*
 * A unit by its code within a site, for every module: its id, building
 * (0 when none) and kind ("flat", "shop", "parking", ...).  No such unit:
 * PM_EX_NOINPUT "no such unit CODE" (fields "unit").
 */
typedef struct pm_unit_ref {
	int64_t id, building_id;
	char kind[16];
} pm_unit_ref;
int pm_unit_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_unit_ref *out,
	pm_err *err);

#endif
