/*
 * fee_meter.h — water, power, gas and heat meters, their readings, and
 * the consumption billing charges (schema/0017-meter.sql).
 *
 * Quantities.  A reading is an INTEGER in 0.01 of the meter's unit (m3,
 * kWh, GJ), parsed with pm_decimal_parse at scale 2 (PM_FEE_METER_SCALE):
 * "1234.5" is 123450, "12.345" is refused; no floating point.  The scale
 * is the area's (0.01 m2), so consumption x a price in 0.0001 yuan is
 * 10^-4 fen exactly, as area x rate is: a bill line is
 * pm_money_muldiv(used, price, PM_FEE_AREA_DEN, mode, &fen), rounded once.
 *
 * The register.  A meter's register shows 0 up to its maximum (--max,
 * "99999.9") and then 0 again.  The maximum's decimals are the
 * register's last digit, its step: "99999.9" has step 0.1 (10 in 0.01
 * units), "9999" step 1 (100).  One full turn is max + step.  A reading
 * must not exceed the maximum nor be finer than the step.
 *
 * What a reading measured (used, since the meter's previous reading p):
 *
 *	read      r >= p: used = r - p (r = p is zero use, valid);
 *	          r < p is refused: a lower reading must say why
 *	rollover  the register passed its maximum once: r < p, and
 *	          used = (max - p) + step + r
 *	          (max 99999.9, p 99987.6, r 12.3: 12.3 + 0.1 + 12.3 = 24.7);
 *	          r >= p with rollover is refused (a full turn is never
 *	          assumed)
 *	replace   the meter was exchanged: final is the old register's last
 *	          reading (p <= final <= the old max), used = final - p, and
 *	          r is the new register's first reading, from which the next
 *	          one counts; the new register's maximum may be given (the
 *	          old one's otherwise).  The meter (the metering point, its
 *	          code) stays; its `replaced` date is set.
 *	install   the first reading, at installation (meter new --initial,
 *	          default 0): used 0.
 *
 * Order.  A meter's readings are recorded in time order: a reading at
 * or before the meter's latest is refused (the schema refuses it too),
 * except the exact same reading at the same time again, which changes
 * nothing — so an import file can be imported twice.  Sort a file by
 * time (rows of different meters may interleave).  A reading after the
 * command's clock or before the meter was installed is refused.  used
 * is computed once, when the reading is recorded, and never again:
 * readings are append-only.
 *
 * Shared meters (公摊).  A meter with a split belongs to a building, or
 * to the whole site when no building is named.  Its consumption in a
 * period is split among the building's (site's) units that are
 * households — every unit but parking spaces and storage rooms — by
 * area (unit.area) or one share a household, with pm_money_allocate on
 * the integer quantity (0.01 units): each share is the floor of its
 * exact part and the rest go one each to the largest remainders, ties
 * to the first unit code, so the shares add up to the meter's
 * consumption exactly (1.00 m3 over three equal flats: 0.34 + 0.33 +
 * 0.33).
 *
 * Consumption of a period.  A period is a calendar month; a reading
 * belongs to the month of its time in the business zone (the meter
 * reading cycle: read at the end of November, billed as November).  The
 * consumption of a meter in a period is the sum of used over its
 * readings of that month.  Billing reads it from:
 *
 *	pm_fee_meter_usage  every unit's consumption per meter, private
 *	                    meters and shares of shared ones (below);
 *	view meter_use      (site_id, unit_id, meter_id, kind, period, used)
 *	                    for units' own meters only, for set-based
 *	                    INSERT ... SELECT; shared meters' shares come
 *	                    from pm_fee_meter_shares (the split is lib's).
 *
 * Billing (fee_bill.c) reads own meters from the view in one statement
 * and the shares of shared meters from pm_fee_meter_shares into a
 * temporary table, in the bill's transaction.
 */
#ifndef PM_FEE_METER_H
#define PM_FEE_METER_H

#include <stdint.h>
#include "ctx.h"
#include "import.h"
#include "perm.h"
#include "pmtime.h"

#define PM_FEE_METER_SCALE 2                    /* readings in 0.01 units */
#define PM_FEE_METER_MAX INT64_C(100000000000000)       /* largest register max */

typedef enum pm_meter_event {
	PM_METER_READ = 0,
	PM_METER_ROLLOVER,
	PM_METER_REPLACE,
	PM_METER_INSTALL
} pm_meter_event;

/* A meter's kind: "water", "power", "gas", "heat" (exactly): its index
 * 0..3, or -1 (also for NULL).  The one list of kinds: meters, and the
 * metered fee items that charge them (fee.items meter:), name them. */
int pm_fee_meter_kind(const char *s);
#define PM_FEE_METER_KINDS "water|power|gas|heat"

/* "read", "rollover", "replace", "install" ("" reads as read). */
int pm_fee_meter_event_parse(const char *s, pm_meter_event *out);
const char *pm_fee_meter_event_name(pm_meter_event e);

/*
 * The parsers of quantities (for import, options and fuzzing).
 * pm_fee_meter_max_parse: a register's maximum ("99999.9") into *max
 * (0.01 units) and its step (1, 10 or 100) from the decimals written;
 * 0, a sign, or more than two decimals is refused.
 * pm_fee_meter_reading_parse: a reading into *out, not finer than step
 * (0 for any) and not above max (0 for no limit).  Refusals are
 * PM_EX_DATAERR naming field "reading" (or "max") and quoting the input.
 */
int pm_fee_meter_max_parse(const char *s, int64_t *max, int64_t *step, pm_err *err);
int pm_fee_meter_reading_parse(const char *s, int64_t step, int64_t max, int64_t *out,
	pm_err *err);

/*
 * What reading r measured after previous reading prev on a register of
 * max and step, by event (the rules above); final for replace.  *used
 * on success; PM_EX_DATAERR with the reason otherwise (a lower reading
 * without rollover or replacement, a rollover that is not lower, a final
 * reading below the previous one or above max, ...).
 */
int pm_fee_meter_used(pm_meter_event ev, int64_t prev, int64_t r, int64_t final,
	int64_t max, int64_t step, int64_t *used, pm_err *err);

/* Split total (0.01 units) over n weights exactly (largest remainder,
 * pm_money_allocate); -1 on bad weights. */
int pm_fee_meter_split(int64_t total, const int64_t *weights, size_t n, int64_t *shares);

/* A meter to create. */
typedef struct pm_meter_in {
	const char *site;       /* site code, NULL: the only active site */
	const char *code;       /* the metering point's code, unique in the site */
	const char *kind;       /* water, power, gas, heat */
	const char *unit;       /* a unit's own meter: the unit code */
	const char *building;   /* shared by a building's units (with split) */
	const char *split;      /* shared: area or household (no unit) */
	const char *max;        /* the register's maximum, "99999.9" */
	const char *initial;    /* the installation reading, NULL: 0 */
	pm_time installed;      /* when (has_installed; default ctx->now) */
	int has_installed;
} pm_meter_in;

/* Create a meter and its installation reading.  A duplicate code is
 * PM_EX_DATAERR; an unknown site, unit or building PM_EX_NOINPUT. */
int pm_fee_meter_new(pm_ctx *ctx, const pm_meter_in *in, pm_err *err);

/* A meter as listed; strings valid during the callback. */
typedef struct pm_meter_info {
	const char *site, *code, *kind;
	const char *unit;       /* NULL for a shared meter */
	const char *building;   /* NULL unless shared by a building */
	const char *split;      /* NULL for a unit's own meter */
	int64_t max, step;      /* the register now */
	pm_date installed;
	pm_date replaced;       /* has_replaced */
	int has_replaced;
	int64_t last;           /* the latest reading, at last_at */
	pm_time last_at;
} pm_meter_info;

/* Meters in code order; site NULL: every site; unit, kind NULL: all. */
int pm_fee_meter_list(pm_ctx *ctx, const char *site, const char *unit, const char *kind,
	int (*fn)(void *arg, const pm_meter_info *m), void *arg, pm_err *err);

/*
 * meter import: the columns unit, meter, reading, time (required), and
 * event, final, max (optional: the event and, for a replacement, the
 * old register's final reading and the new register's maximum).  unit
 * must be the meter's unit ("" for a shared meter).  Through
 * pm_import_run: all or nothing, "file:line: reason", counts inserted
 * (readings recorded) and unchanged (the same reading again).
 */
int pm_fee_meter_import(pm_ctx *ctx, const char *site, const char *path, pm_ifmt fmt,
	pm_icounts *counts, pm_err *err);

/* One reading as recorded (one row of the import), for tests and
 * callers that read from elsewhere. */
typedef struct pm_reading_in {
	const char *unit;       /* NULL: not checked */
	const char *meter;
	const char *reading;
	const char *time;       /* any pm_time_parse form */
	const char *event;      /* NULL or "": read */
	const char *final;      /* replace only */
	const char *max;        /* replace only */
} pm_reading_in;
int pm_fee_meter_record(pm_ctx *ctx, int64_t site_id, const pm_reading_in *in,
	pm_ichange *change, pm_err *err);

/* A reading as listed. */
typedef struct pm_reading_info {
	const char *meter, *kind;
	const char *unit;       /* NULL for a shared meter */
	pm_time at;
	const char *period;     /* "2026-11" */
	int64_t reading;
	const char *event;
	int64_t final;          /* has_final */
	int has_final;
	int64_t used;
} pm_reading_info;

/* Readings in (meter code, time) order: of a unit's meters (unit), one
 * meter (meter), or every meter of the site. */
int pm_fee_meter_readings(pm_ctx *ctx, const char *site, const char *unit,
	const char *meter, int (*fn)(void *arg, const pm_reading_info *r), void *arg,
	pm_err *err);

/* One unit's consumption from one meter in a period. */
typedef struct pm_meter_use {
	int64_t site_id;
	int64_t unit_id;
	const char *unit;       /* unit code */
	int64_t meter_id;
	const char *meter;      /* meter code */
	const char *kind;
	int shared;             /* 1: the unit's share of a shared meter */
	const char *split;      /* shared: area or household */
	int64_t weight;         /* shared: the unit's area (0.01 m2) or 1 */
	int64_t used;           /* 0.01 units: this unit's consumption */
	int64_t meter_used;     /* the meter's whole consumption in the period */
} pm_meter_use;

/*
 * THE consumption billing charges: for every meter of site (NULL:
 * every site) of kind (NULL: any) read in period, fn once per unit it
 * serves: a unit's own meter once, a shared meter once per sharing unit
 * with its exact share (the shares of one meter add up to meter_used).
 * Meters in (site, code) order, the units of a shared meter in code
 * order; a meter not read in the period gives nothing; a shared meter
 * with no household to share it is PM_EX_DATAERR.  Streams (memory:
 * the units of one shared meter).  fn's nonzero return stops and is
 * returned.
 */
int pm_fee_meter_usage(pm_ctx *ctx, const char *site, pm_month period, const char *kind,
	int (*fn)(void *arg, const pm_meter_use *u), void *arg, pm_err *err);

/* The same for shared meters only (what billing cannot read from the
 * view meter_use): a shared meter's sharing units and their shares. */
int pm_fee_meter_shares(pm_ctx *ctx, const char *site, pm_month period, const char *kind,
	int (*fn)(void *arg, const pm_meter_use *u), void *arg, pm_err *err);

/* The permissions of the meter verbs: fee.meter. */
extern const pm_perm_name pm_fee_meter_perm_names[];

#endif
