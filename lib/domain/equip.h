/*
 * equip.h — the equipment the maintenance department keeps: lifts, fire
 * pumps, water tanks, transformers, cameras, barrier gates.
 *
 * A kind of the record mechanism (record.h): new / set / import / list /
 * show / export are the engine's, the rules below are this module's
 * hooks.  A piece of equipment is named by its code within its site
 * (ELV-3-1), the natural key, so an import run twice changes nothing
 * the second time.  Its fields, in output and import order:
 *
 *	site code name kind building floor place vendor contractor
 *	installed warranty_end life_years importance dept responsible
 *	retired retire_reason
 *
 * kind is a path in the equipment kind tree (pm_equip_kinds): config
 * `equipment.kinds`, else the built-in Chinese tree (电梯/客梯,
 * 消防/消防泵, 给排水/水箱, ...; pm-config(5)).  "电梯 › 客梯" and
 * "电梯>客梯" are stored "电梯/客梯"; an unknown kind is PM_EX_DATAERR
 * with the known ones.  Each entry of the tree carries an importance
 * (A, B or C): a new equipment not given one takes its kind's.
 *
 * Rules (PM_EX_DATAERR unless said): dates are real dates; the warranty
 * cannot end before the installation, nor a retirement precede it; a
 * retirement has a reason and a reason a retirement; an unknown site,
 * building (within the site), department or login is PM_EX_NOINPUT; a
 * deactivated department or staff member cannot be made responsible.
 *
 * Equipment is retired, never deleted (its work orders keep naming it):
 * lists hide retired equipment unless asked, and a retired equipment
 * takes no new work (pm_equip_accepts_work).
 */
#ifndef PM_EQUIP_H
#define PM_EQUIP_H

#include <stdint.h>
#include "category.h"
#include "config.h"
#include "ctx.h"
#include "perm.h"
#include "record.h"

/* The kind's declaration (for the record engine and the front). */
const pm_rkind *pm_equip_kind(void);

/* Field indexes, in the order above. */
enum {
	PM_EQ_SITE = 0, PM_EQ_CODE, PM_EQ_NAME, PM_EQ_KIND, PM_EQ_BUILDING, PM_EQ_FLOOR,
	PM_EQ_PLACE, PM_EQ_VENDOR, PM_EQ_CONTRACTOR, PM_EQ_INSTALLED, PM_EQ_WARRANTY_END,
	PM_EQ_LIFE_YEARS, PM_EQ_IMPORTANCE, PM_EQ_DEPT, PM_EQ_RESPONSIBLE, PM_EQ_RETIRED,
	PM_EQ_RETIRE_REASON, PM_EQ_NFIELDS
};

/* Write one record (pm_record_put): PM_PUT_NEW, PM_PUT_SET, PM_PUT_UPSERT. */
int pm_equip_put(pm_ctx *ctx, const pm_rrec *rec, pm_rmode mode, pm_rput *res, pm_err *err);

/* Import equipment from path (pm_record_import): every error
 * "file:line: reason", all or nothing within the command. */
int pm_equip_import(pm_ctx *ctx, const char *path, pm_ifmt fmt, pm_icounts *counts,
	pm_err *err);

/*
 * Retire the equipment code at site (a code; NULL: the only active
 * site) on date (anything pm_time_parse takes; NULL: today) for reason
 * (required).  No such equipment: PM_EX_NOINPUT; already retired, or a
 * date before its installation: PM_EX_DATAERR.  Audited as a change of
 * the record.  *res as pm_record_put's.
 */
int pm_equip_retire(pm_ctx *ctx, const char *site, const char *code, const char *date,
	const char *reason, pm_rput *res, pm_err *err);

/* Filters for listing; NULL / 0 do not filter.  An unknown site or
 * department is PM_EX_NOINPUT, an unknown kind PM_EX_DATAERR (a filter
 * that names nothing is a mistake, not an empty list). */
typedef struct pm_equip_filter {
	const char *site;       /* site code */
	const char *kind;       /* a path: that kind and every kind below it (电梯: all lifts) */
	const char *building;   /* building code */
	const char *dept;       /* department code */
	const char *importance; /* A, B or C */
	const char *key;        /* one record: its code (retired ones too) */
	int all;                /* retired ones too */
} pm_equip_filter;

/* The output columns (pm_record_cols; show PM_R_EXPORT for exports). */
int pm_equip_cols(unsigned show, pm_col *cols);

/* List equipment in natural-key order (site, code), streaming, rows raw:
 * read with pm_record_next, free with pm_record_iter_free. */
int pm_equip_list(pm_ctx *ctx, const pm_equip_filter *f, pm_riter **out, pm_err *err);

/*
 * Lookups for other modules (plans, work orders, patrols).
 *
 * pm_equip_find: the equipment code within site site_id.  None:
 * PM_EX_NOINPUT "equipment CODE: no such equipment" (field
 * "equipment").  Retired equipment is found too: check with
 * pm_equip_accepts_work before giving it new work.
 * pm_equip_get: the same by row id (a work order's equipment_id).
 */
typedef struct pm_equip_ref {
	int64_t id, site_id;
	int64_t building_id;    /* 0 when none */
	int64_t dept_id;        /* the responsible department, 0 when none */
	int64_t staff_id;       /* the responsible person, 0 when none */
	char code[40];
	char kind[200];         /* its path in the kind tree: "电梯/客梯" */
	char importance[2];     /* "A", "B" or "C" */
	char retired[12];       /* YYYY-MM-DD, "" while in service */
} pm_equip_ref;
int pm_equip_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_equip_ref *out,
	pm_err *err);
int pm_equip_get(pm_ctx *ctx, int64_t id, pm_equip_ref *out, pm_err *err);

/* 0 when e may be given new work (a plan's job, a repair); a retired
 * equipment is PM_EX_DATAERR "equipment CODE was retired on DATE: it
 * takes no new work" (field "equipment"). */
int pm_equip_accepts_work(const pm_equip_ref *e, pm_err *err);

/*
 * Every equipment in service at site site_id whose kind is kind or
 * below it ("电梯": every lift; "电梯/客梯": the passenger lifts; NULL:
 * all), in code order, streaming (an index on site and kind serves it):
 * "every lift at site S" in a plan.  kind is taken as given (check it
 * with pm_equip_kinds and pm_category_find first when a user typed it).
 * fn returning nonzero stops the walk; that value is returned.  fn must
 * not write equipment.
 */
int pm_equip_each(pm_ctx *ctx, int64_t site_id, const char *kind,
	int (*fn)(void *arg, const pm_equip_ref *e), void *arg, pm_err *err);

/* The equipment kind tree of cfg (config `equipment.kinds`, else the
 * built-in one); free with pm_category_free.  Its attribute is the
 * default importance (A, B, C). */
extern const pm_cat_spec pm_equip_kinds_spec;
int pm_equip_kinds(const pm_config *cfg, pm_category **out, pm_err *err);

/* The configuration slice (equipment.kinds) and the permission names
 * (equipment.edit, equipment.import) equipment's verbs ask for. */
extern const pm_cfg_slice pm_equip_config;
extern const pm_perm_name pm_equip_perm_names[];

/*
 * Later (issue 10, work orders): `equip show` prints this record; the
 * equipment's maintenance history and its open work orders are added
 * by lib/domain/workorder.h (which calls these lookups), not here —
 * equipment is the earlier module and never reads work orders.
 */

#endif
