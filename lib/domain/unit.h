/*
 * unit.h — property data: sites, buildings, units, occupants, vehicles.
 *
 * The five kinds share one shape, so they share one engine: each kind
 * is a table of fields (name, type, whether it is part of the natural
 * key, whether it is required), and new / set / import / list / show /
 * export are the same code for all of them.  Records are written by
 * natural key — site code; site + building code; site + unit code; site
 * + unit + name + role + move-in date; site + plate — so an import run
 * twice changes nothing the second time.
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

typedef enum pm_ptype {
	PM_PF_ID = 0,   /* the row id (occupants are named by it) */
	PM_PF_CODE,     /* 1-32 of A-Z a-z 0-9 _ - */
	PM_PF_TEXT,     /* free text, checked (UTF-8, length) */
	PM_PF_NAME,     /* a person's name: personal data in exports */
	PM_PF_ENUM,     /* one of choices */
	PM_PF_INT,      /* integer in [min, max] */
	PM_PF_AREA,     /* m2 with up to 2 decimals, > 0; stored in 0.01 m2 */
	PM_PF_DATE,     /* YYYY-MM-DD */
	PM_PF_BOOL,     /* yes/no (also true/false, 1/0) */
	PM_PF_PHONE,    /* personal: normalised, masked */
	PM_PF_IDNUM,    /* personal: GB 11643 checked, masked */
	PM_PF_PLATE,    /* personal: normalised, masked */
	PM_PF_SITE,     /* a site code */
	PM_PF_BUILDING, /* a building code within the record's site */
	PM_PF_UNIT      /* a unit code within the record's site */
} pm_ptype;

#define PM_PF_KEY 0x1   /* part of the natural key */
#define PM_PF_REQ 0x2   /* required for new records and in imports */

typedef struct pm_pfield {
	const char *name;       /* column name in output and imports; option --name */
	pm_ptype type;
	unsigned flags;
	const char *choices;    /* ENUM: "owner|tenant|family" */
	int64_t min, max;       /* INT range; TEXT/NAME longest in characters */
	const char *def;        /* default for new records, or NULL */
	const char *help;       /* one line for --help and the man page */
} pm_pfield;

#define PM_P_MAXF 12

/* The fields of a kind, in output and import order. */
const pm_pfield *pm_unit_fields(pm_pkind k, int *n);
/* Index of the field named name, or -1. */
int pm_unit_field(pm_pkind k, const char *name);

/* A record as given: one text value per field, NULL = not given. */
typedef struct pm_prec {
	const char *v[PM_P_MAXF];
} pm_prec;

typedef enum pm_pmode {
	PM_PUT_NEW = 0,   /* must not exist yet (PM_EX_DATAERR "already exists") */
	PM_PUT_SET,       /* must exist (PM_EX_NOINPUT); only given fields change */
	PM_PUT_UPSERT     /* import: insert, update or leave alone */
} pm_pmode;

typedef enum pm_pchange {
	PM_P_UNCHANGED = 0,
	PM_P_INSERTED,
	PM_P_UPDATED
} pm_pchange;

/* What pm_unit_put did. */
typedef struct pm_pput {
	pm_pchange change;
	int64_t id;             /* the row's id */
	char key[64];           /* its main key as normalised: code, plate, occupant id */
} pm_pput;

/*
 * Write one record.  Values are validated and normalised (a bad one is
 * PM_EX_DATAERR naming the field; an unknown site, building or unit is
 * PM_EX_NOINPUT), the natural key looked up, and the row inserted or
 * updated with an audit row (personal data masked in it).  *res tells
 * what happened.  Occupants in PM_PUT_SET mode are named by the "id"
 * value instead of the natural key.
 */
int pm_unit_put(pm_ctx *ctx, pm_pkind k, const pm_prec *rec, pm_pmode mode,
	pm_pput *res, pm_err *err);

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

/* The output columns of a kind (n = its fields, at most PM_P_MAXF)
 * into cols: name, type, width, and personal-data class — phone, ID
 * number and plate always, a person's name in an export only (a list
 * is for the staff who look after the people in it). */
#define PM_P_EXPORT 0x2         /* an export: names are personal data too */
int pm_unit_cols(pm_pkind k, unsigned show, pm_col *cols);

typedef struct pm_piter pm_piter;

/* List records in natural-key order, streaming. */
int pm_unit_list(pm_ctx *ctx, pm_pkind k, const pm_pfilter *f, pm_piter **out, pm_err *err);

/* A row: a cell per field (pm_unit_cols' order), null or its canonical
 * text (areas "100.50", booleans "yes"/"no", personal data raw) plus the
 * integers behind ID, INT, AREA (0.01 m2) and BOOL fields.  Valid until
 * the next call. */
typedef struct pm_prow {
	pm_cell c[PM_P_MAXF];
} pm_prow;

/* 1 with *row filled, 0 at the end, -1 on error. */
int pm_unit_next(pm_piter *it, pm_prow *row, pm_err *err);
void pm_unit_iter_free(pm_piter *it);

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

#endif
