/* fee_meter.c — meters, readings and consumption; see fee_meter.h. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "db.h"
#include "fee_meter.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "unit.h"

static const char *const event_names[] = { "read", "rollover", "replace", "install" };

int
pm_fee_meter_event_parse(const char *s, pm_meter_event *out)
{
	size_t i;

	if (s == NULL || *s == '\0') {
		*out = PM_METER_READ;
		return 0;
	}
	for (i = 0; i < sizeof event_names / sizeof event_names[0]; i++)
		if (strcmp(s, event_names[i]) == 0) {
			*out = (pm_meter_event)i;
			return 0;
		}
	return -1;
}

const char *
pm_fee_meter_event_name(pm_meter_event e)
{
	return (unsigned)e < sizeof event_names / sizeof event_names[0] ? event_names[e] :
	    "unknown";
}

/* The decimals written after the point of a number as pm_decimal_parse
 * reads it (trailing spaces and tabs aside). */
static int
decimals(const char *s)
{
	const char *p = strchr(s, '.');
	int n = 0;

	if (p == NULL)
		return 0;
	for (p++; *p >= '0' && *p <= '9'; p++)
		n++;
	return n;
}

int
pm_fee_meter_max_parse(const char *s, int64_t *max, int64_t *step, pm_err *err)
{
	pm_err e2;
	pm_buf q;
	int64_t v, st;
	int rc;

	pm_err_clear(&e2);
	if (s == NULL)
		return pm_err_field(err, PM_EX_USAGE, "max", _("the register's maximum is required"));
	if (pm_decimal_parse(s, PM_FEE_METER_SCALE, 0, &v, &e2) != 0) {
		pm_buf_init(&q);
		rc = pm_err_field(err, PM_EX_DATAERR, "max", _("maximum %s: %s"),
		    pm_text_quote(&q, s), e2.msg);
		pm_buf_free(&q);
		return rc;
	}
	st = decimals(s) == 0 ? 100 : decimals(s) == 1 ? 10 : 1;
	if (v <= 0 || v > PM_FEE_METER_MAX || v % st != 0) {
		pm_buf_init(&q);
		rc = pm_err_field(err, PM_EX_DATAERR, "max",
		    _("maximum %s: expected a reading above 0 and at most 1000000000000"),
		    pm_text_quote(&q, s));
		pm_buf_free(&q);
		return rc;
	}
	*max = v;
	*step = st;
	return 0;
}

int
pm_fee_meter_reading_parse(const char *s, int64_t step, int64_t max, int64_t *out,
    pm_err *err)
{
	char mb[48];
	pm_err e2;
	pm_buf q;
	int64_t v;
	int rc = 0;

	pm_err_clear(&e2);
	if (s == NULL || *s == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "reading", _("the reading is required"));
	pm_buf_init(&q);
	if (pm_decimal_parse(s, PM_FEE_METER_SCALE, 0, &v, &e2) != 0)
		rc = pm_err_field(err, PM_EX_DATAERR, "reading", _("reading %s: %s"),
		    pm_text_quote(&q, s), e2.msg);
	else if (step > 1 && v % step != 0)
		rc = pm_err_field(err, PM_EX_DATAERR, "reading",
		    _("reading %s: finer than the register's last digit (%s)"), pm_text_quote(&q, s),
		    step == 10 ? "0.1" : "1");
	else if (max > 0 && v > max) {
		pm_decimal_format(max, PM_FEE_METER_SCALE, mb, sizeof mb);
		rc = pm_err_field(err, PM_EX_DATAERR, "reading",
		    _("reading %s: above the register's maximum %s"), pm_text_quote(&q, s), mb);
	} else
		*out = v;
	pm_buf_free(&q);
	return rc;
}

int
pm_fee_meter_used(pm_meter_event ev, int64_t prev, int64_t r, int64_t final, int64_t max,
    int64_t step, int64_t *used, pm_err *err)
{
	char pb[48], rb[48];

	if (max <= 0 || max > PM_FEE_METER_MAX || (step != 1 && step != 10 && step != 100) ||
	    prev < 0 || r < 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("meter: bad register"));
	pm_decimal_format(prev, PM_FEE_METER_SCALE, pb, sizeof pb);
	pm_decimal_format(r, PM_FEE_METER_SCALE, rb, sizeof rb);
	switch (ev) {
	case PM_METER_INSTALL:
		*used = 0;
		return 0;
	case PM_METER_READ:
		if (r < prev)
			return pm_err_field(err, PM_EX_DATAERR, "reading",
			    _("reading %s is lower than the previous %s: a rollover or a "
			    "replacement must say so (event)"), rb, pb);
		*used = r - prev;
		return 0;
	case PM_METER_ROLLOVER:
		if (r >= prev)
			return pm_err_field(err, PM_EX_DATAERR, "reading",
			    _("rollover: reading %s is not lower than the previous %s"), rb, pb);
		if (prev > max)
			return pm_err_field(err, PM_EX_DATAERR, "reading",
			    _("rollover: the previous reading %s is above the register's maximum"),
			    pb);
		/* from prev up to max, one step to 0, then up to r */
		*used = (max - prev) + step + r;
		return 0;
	case PM_METER_REPLACE:
		if (final < 0)
			return pm_err_field(err, PM_EX_DATAERR, "final",
			    _("replace: the old meter's final reading is required"));
		pm_decimal_format(final, PM_FEE_METER_SCALE, rb, sizeof rb);
		if (final < prev)
			return pm_err_field(err, PM_EX_DATAERR, "final",
			    _("replace: the old meter's final reading %s is lower than the previous %s"),
			    rb, pb);
		if (final > max)
			return pm_err_field(err, PM_EX_DATAERR, "final",
			    _("replace: the old meter's final reading %s is above its maximum"), rb);
		*used = final - prev;
		return 0;
	}
	return pm_err_set(err, PM_EX_SOFTWARE, _("meter: bad event"));
}

int
pm_fee_meter_split(int64_t total, const int64_t *weights, size_t n, int64_t *shares)
{
	return pm_money_allocate(total, weights, n, shares);
}

/* ---- meters -------------------------------------------------------------- */

static const char *const kind_names[] = { "water", "power", "gas", "heat" };

int
pm_fee_meter_kind(const char *s)
{
	return pm_text_enum(kind_names, sizeof kind_names / sizeof kind_names[0], s);
}

static int
kind_check(const char *kind, pm_err *err)
{
	pm_buf q;
	int rc;

	if (pm_fee_meter_kind(kind) >= 0)
		return 0;
	if (kind == NULL)
		return pm_err_field(err, PM_EX_USAGE, "kind", _("the meter's kind is required"));
	pm_buf_init(&q);
	rc = pm_err_field(err, PM_EX_DATAERR, "kind", _("kind %s: one of water, power, gas, heat"),
	    pm_text_quote(&q, kind));
	pm_buf_free(&q);
	return rc;
}

static void
period_of(pm_time t, char *buf, size_t n)
{
	pm_month_format(pm_month_of(t), buf, n);
}

int
pm_fee_meter_new(pm_ctx *ctx, const pm_meter_in *in, pm_err *err)
{
	int64_t site_id, building_id = 0, max, step, initial = 0, n;
	pm_time at = in->has_installed ? in->installed : ctx->now;
	char date[16], period[16], ib[48];
	pm_unit_ref u;
	pm_buf q, a;
	pm_json j;
	int found, rc;

	pm_buf_init(&q);
	pm_buf_init(&a);
	if (in->code == NULL || !pm_code_valid(in->code, 32, PM_CODE_UPPER)) {
		rc = pm_err_field(err, PM_EX_DATAERR, "code",
		    _("meter code %s: 1-32 letters, digits, _ or -"),
		    pm_text_quote(&q, in->code != NULL ? in->code : ""));
		goto out;
	}
	if ((rc = kind_check(in->kind, err)) != 0)
		goto out;
	if (in->unit != NULL && (in->split != NULL || in->building != NULL)) {
		rc = pm_err_field(err, PM_EX_USAGE, "unit",
		    _("a unit's own meter has no split or building"));
		goto out;
	}
	if (in->unit == NULL && in->split == NULL) {
		rc = pm_err_field(err, PM_EX_USAGE, "unit",
		    _("a meter is a unit's own (unit) or shared (split)"));
		goto out;
	}
	if (in->split != NULL && strcmp(in->split, "area") != 0 &&
	    strcmp(in->split, "household") != 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "split", _("split %s: area or household"),
		    pm_text_quote(&q, in->split));
		goto out;
	}
	if ((rc = pm_fee_meter_max_parse(in->max, &max, &step, err)) != 0)
		goto out;
	if (in->initial != NULL &&
	    (rc = pm_fee_meter_reading_parse(in->initial, step, max, &initial, err)) != 0) {
		err->field = "initial";
		goto out;
	}
	if (at > ctx->now) {
		rc = pm_err_field(err, PM_EX_DATAERR, "installed",
		    _("installed: a meter is recorded once it is installed, not before"));
		goto out;
	}
	if ((rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site_id, err)) != 0)
		goto out;
	u.id = 0;
	if (in->unit != NULL && (rc = pm_unit_find(ctx, site_id, in->unit, &u, err)) != 0)
		goto out;
	if (in->building != NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, &building_id, &found, "SELECT id FROM building "
		    "WHERE site_id = ?1 AND code = ?2", "it", site_id, in->building)) != 0)
			goto out;
		if (!found) {
			rc = pm_err_field(err, PM_EX_NOINPUT, "building",
			    _("no such building %s"), pm_text_quote(&q, in->building));
			goto out;
		}
	}
	if ((rc = pm_db_get_int(ctx->db, err, &n, &found, "SELECT count(*) FROM meter WHERE "
	    "site_id = ?1 AND code = ?2", "it", site_id, in->code)) != 0)
		goto out;
	if (n > 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "code", _("meter %s exists already"),
		    pm_text_quote(&q, in->code));
		goto out;
	}
	pm_time_format(at, PM_TF_DATE, date, sizeof date);
	period_of(at, period, sizeof period);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO meter (site_id, code, kind, unit_id, "
	    "building_id, split, max_reading, step, installed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9)", "ittIITiit", site_id, in->code, in->kind, u.id, building_id, in->split,
	    max, step, date)) != 0)
		goto out;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO meter_reading (meter_id, at, period, "
	    "reading, event, max_reading, step, used) SELECT id, ?3, ?4, ?5, 'install', "
	    "max_reading, step, 0 FROM meter WHERE site_id = ?1 AND code = ?2", "ititi", site_id,
	    in->code, at, period, initial)) != 0)
		goto out;
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "kind", in->kind);
	pm_json_s(&j, "unit", in->unit);
	pm_json_s(&j, "building", in->building);
	pm_json_s(&j, "split", in->split);
	pm_decimal_format(max, PM_FEE_METER_SCALE, ib, sizeof ib);
	pm_json_s(&j, "max", ib);
	pm_decimal_format(initial, PM_FEE_METER_SCALE, ib, sizeof ib);
	pm_json_s(&j, "initial", ib);
	pm_json_s(&j, "installed", date);
	pm_json_end(&j);
	rc = pm_audit_log(ctx, "meter", in->code, "new", NULL, a.s, err);
out:
	pm_buf_free(&q);
	pm_buf_free(&a);
	return rc;
}

int
pm_fee_meter_list(pm_ctx *ctx, const char *site, const char *unit, const char *kind,
    int (*fn)(void *arg, const pm_meter_info *m), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_meter_info m;
	int64_t site_id = 0;
	pm_buf sql;
	int rc, r;

	pm_buf_init(&sql);
	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		goto out;
	if (kind != NULL && (rc = kind_check(kind, err)) != 0)
		goto out;
	pm_buf_adds(&sql, "SELECT s.code, m.code, m.kind, u.code, b.code, m.split, m.max_reading, "
	    "m.step, m.installed, m.replaced, r.reading, r.at FROM meter m "
	    "JOIN site s ON s.id = m.site_id LEFT JOIN unit u ON u.id = m.unit_id "
	    "LEFT JOIN building b ON b.id = m.building_id "
	    "JOIN meter_reading r ON r.meter_id = m.id AND r.at = "
	    "(SELECT max(at) FROM meter_reading WHERE meter_id = m.id) WHERE 1 = 1");
	if (site != NULL)
		pm_buf_adds(&sql, " AND m.site_id = ?1");
	if (unit != NULL)
		pm_buf_adds(&sql, " AND u.code = ?2");
	if (kind != NULL)
		pm_buf_adds(&sql, " AND m.kind = ?3");
	pm_buf_adds(&sql, " ORDER BY s.code, m.code");
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	if (site != NULL)
		pm_stmt_bind_int(st, 1, site_id);
	if (unit != NULL)
		pm_stmt_bind_text(st, 2, unit);
	if (kind != NULL)
		pm_stmt_bind_text(st, 3, kind);
	while ((r = pm_stmt_step(st, err)) == 1) {
		memset(&m, 0, sizeof m);
		m.site = pm_stmt_text(st, 0);
		m.code = pm_stmt_text(st, 1);
		m.kind = pm_stmt_text(st, 2);
		m.unit = pm_stmt_text(st, 3);
		m.building = pm_stmt_text(st, 4);
		m.split = pm_stmt_text(st, 5);
		m.max = pm_stmt_int(st, 6);
		m.step = pm_stmt_int(st, 7);
		if (pm_date_parse(pm_stmt_text(st, 8), &m.installed, err) != 0) {
			rc = PM_EX_SOFTWARE;
			goto out;
		}
		if (!pm_stmt_null(st, 9)) {
			if (pm_date_parse(pm_stmt_text(st, 9), &m.replaced, err) != 0) {
				rc = PM_EX_SOFTWARE;
				goto out;
			}
			m.has_replaced = 1;
		}
		m.last = pm_stmt_int(st, 10);
		m.last_at = pm_stmt_int(st, 11);
		if ((rc = fn(arg, &m)) != 0)
			goto out;
	}
	rc = r < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

/* ---- readings ------------------------------------------------------------ */

/* A meter as a reading needs it. */
struct meter_row {
	int64_t id, max, step;
	char unit[40];
	int shared;
	pm_date installed;
};

static int
meter_find(pm_ctx *ctx, int64_t site_id, const char *code, struct meter_row *m, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_buf q;
	int rc, r;

	if ((rc = pm_db_prepare(ctx->db, "SELECT m.id, m.max_reading, m.step, u.code, "
	    "m.installed FROM meter m LEFT JOIN unit u ON u.id = m.unit_id "
	    "WHERE m.site_id = ?1 AND m.code = ?2", &st, err)) != 0)
		return rc;
	pm_stmt_bindf(st, "it", site_id, code);
	if ((r = pm_stmt_step(st, err)) == 1) {
		m->id = pm_stmt_int(st, 0);
		m->max = pm_stmt_int(st, 1);
		m->step = pm_stmt_int(st, 2);
		m->shared = pm_stmt_null(st, 3);
		snprintf(m->unit, sizeof m->unit, "%s", m->shared ? "" : pm_stmt_text(st, 3));
		rc = pm_date_parse(pm_stmt_text(st, 4), &m->installed, err) != 0 ?
		    PM_EX_SOFTWARE : 0;
	} else if (r == 0) {
		pm_buf_init(&q);
		rc = pm_err_field(err, PM_EX_NOINPUT, "meter", _("no such meter %s"),
		    pm_text_quote(&q, code));
		pm_buf_free(&q);
	} else
		rc = err->status;
	pm_stmt_free(st);
	return rc;
}

int
pm_fee_meter_record(pm_ctx *ctx, int64_t site_id, const pm_reading_in *in,
    pm_ichange *change, pm_err *err)
{
	struct meter_row m;
	pm_meter_event ev;
	int64_t r, final = -1, nmax, nstep, prev = 0, used;
	pm_time at, prev_at = 0;
	char period[16], tb[40], rb[48];
	pm_stmt *st = NULL;
	pm_buf q, a;
	pm_json j;
	int rc, s, found_prev = 0;

	pm_buf_init(&q);
	pm_buf_init(&a);
	*change = PM_I_UNCHANGED;
	if (in->meter == NULL || *in->meter == '\0') {
		rc = pm_err_field(err, PM_EX_DATAERR, "meter", _("the meter is required"));
		goto out;
	}
	if ((rc = meter_find(ctx, site_id, in->meter, &m, err)) != 0)
		goto out;
	if (in->unit != NULL && strcmp(in->unit, m.unit) != 0) {
		rc = m.shared ? pm_err_field(err, PM_EX_DATAERR, "unit",
		    _("meter %s is shared: its unit is left empty"), pm_text_quote(&q, in->meter)) :
		    pm_err_field(err, PM_EX_DATAERR, "unit", _("meter %s is unit %s's, not %s's"),
		    in->meter, m.unit, pm_text_quote(&q, in->unit));
		goto out;
	}
	if (pm_fee_meter_event_parse(in->event, &ev) != 0 || ev == PM_METER_INSTALL) {
		rc = pm_err_field(err, PM_EX_DATAERR, "event",
		    _("event %s: read, rollover or replace"), pm_text_quote(&q, in->event));
		goto out;
	}
	if (ev != PM_METER_REPLACE && ((in->final != NULL && *in->final != '\0') ||
	    (in->max != NULL && *in->max != '\0'))) {
		rc = pm_err_field(err, PM_EX_DATAERR, "final",
		    _("a final reading and a new maximum belong to a replacement only"));
		goto out;
	}
	if (in->time == NULL || *in->time == '\0') {
		rc = pm_err_field(err, PM_EX_DATAERR, "time", _("the time of the reading is required"));
		goto out;
	}
	if ((rc = pm_time_parse(in->time, ctx->now, &at, err)) != 0) {
		err->field = "time";
		goto out;
	}
	if (at > ctx->now) {
		rc = pm_err_field(err, PM_EX_DATAERR, "time",
		    _("time %s: a reading cannot be in the future"), pm_text_quote(&q, in->time));
		goto out;
	}
	nmax = m.max;
	nstep = m.step;
	if (ev == PM_METER_REPLACE) {
		if (in->final == NULL || *in->final == '\0') {
			rc = pm_err_field(err, PM_EX_DATAERR, "final",
			    _("replace: the old meter's final reading is required"));
			goto out;
		}
		if ((rc = pm_fee_meter_reading_parse(in->final, m.step, 0, &final, err)) != 0) {
			err->field = "final";
			goto out;
		}
		if (in->max != NULL && *in->max != '\0' &&
		    (rc = pm_fee_meter_max_parse(in->max, &nmax, &nstep, err)) != 0)
			goto out;
	}
	if ((rc = pm_fee_meter_reading_parse(in->reading, nstep, nmax, &r, err)) != 0)
		goto out;

	/* the same reading again: nothing new */
	if ((rc = pm_db_prepare(ctx->db, "SELECT reading, event, final FROM meter_reading "
	    "WHERE meter_id = ?1 AND at = ?2", &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "ii", m.id, at);
	if ((s = pm_stmt_step(st, err)) < 0) {
		rc = err->status;
		goto out;
	}
	if (s == 1) {
		if (pm_stmt_int(st, 0) == r && strcmp(pm_stmt_text(st, 1), event_names[ev]) == 0 &&
		    (pm_stmt_null(st, 2) ? -1 : pm_stmt_int(st, 2)) == final)
			goto out;       /* unchanged */
		pm_time_format(at, PM_TF_MINUTE, tb, sizeof tb);
		pm_decimal_format(pm_stmt_int(st, 0), PM_FEE_METER_SCALE, rb, sizeof rb);
		rc = pm_err_field(err, PM_EX_DATAERR, "reading",
		    _("meter %s has another reading at %s (%s, %s): readings are never changed"),
		    in->meter, tb, rb, pm_stmt_text(st, 1));
		goto out;
	}
	pm_stmt_free(st);
	st = NULL;

	if ((rc = pm_db_prepare(ctx->db, "SELECT at, reading FROM meter_reading WHERE "
	    "meter_id = ?1 ORDER BY at DESC LIMIT 1", &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "i", m.id);
	if ((s = pm_stmt_step(st, err)) < 0) {
		rc = err->status;
		goto out;
	}
	if (s == 1) {
		found_prev = 1;
		prev_at = pm_stmt_int(st, 0);
		prev = pm_stmt_int(st, 1);
	}
	pm_stmt_free(st);
	st = NULL;
	if (!found_prev || at <= prev_at) {
		pm_time_format(found_prev ? prev_at : pm_date_start(m.installed), PM_TF_MINUTE, tb,
		    sizeof tb);
		rc = pm_err_field(err, PM_EX_DATAERR, "time",
		    _("meter %s: a reading must be later than its latest one (%s); "
		    "readings are recorded in time order"), in->meter, tb);
		goto out;
	}
	if ((rc = pm_fee_meter_used(ev, prev, r, final, m.max, m.step, &used, err)) != 0)
		goto out;
	period_of(at, period, sizeof period);
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO meter_reading (meter_id, at, period, "
	    "reading, event, final, max_reading, step, used) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9)", &st, err)) != 0)
		goto out;
	pm_stmt_bindf(st, "iititiiii", m.id, at, period, r, event_names[ev], final, nmax, nstep,
	    used);
	if (final < 0)
		pm_stmt_bind_null(st, 6);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	pm_stmt_free(st);
	st = NULL;
	if (ev == PM_METER_REPLACE) {
		pm_time_format(at, PM_TF_DATE, tb, sizeof tb);
		if ((rc = pm_db_run(ctx->db, err, "UPDATE meter SET max_reading = ?2, step = ?3, "
		    "replaced = ?4 WHERE id = ?1", "iiit", m.id, nmax, nstep, tb)) != 0)
			goto out;
	}
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_t(&j, "at", at);
	pm_json_s(&j, "event", event_names[ev]);
	pm_decimal_format(r, PM_FEE_METER_SCALE, rb, sizeof rb);
	pm_json_s(&j, "reading", rb);
	if (final >= 0) {
		pm_decimal_format(final, PM_FEE_METER_SCALE, rb, sizeof rb);
		pm_json_s(&j, "final", rb);
	}
	pm_decimal_format(used, PM_FEE_METER_SCALE, rb, sizeof rb);
	pm_json_s(&j, "used", rb);
	pm_json_end(&j);
	if ((rc = pm_audit_log(ctx, "meter", in->meter, "reading", NULL, a.s, err)) != 0)
		goto out;
	*change = PM_I_INSERTED;
out:
	pm_stmt_free(st);
	pm_buf_free(&q);
	pm_buf_free(&a);
	return rc;
}

enum { IC_UNIT, IC_METER, IC_READING, IC_TIME, IC_EVENT, IC_FINAL, IC_MAX, IC_N };
static const pm_icol import_cols[IC_N] = {
	{ "unit", 1 }, { "meter", 1 }, { "reading", 1 }, { "time", 1 },
	{ "event", 0 }, { "final", 0 }, { "max", 0 },
};

static int
import_row(pm_ctx *ctx, const pm_import *imp, void *arg, pm_ichange *change, pm_err *err)
{
	const char *unit = pm_import_get(imp, IC_UNIT);
	pm_reading_in in;

	in.unit = unit != NULL ? unit : "";
	in.meter = pm_import_get(imp, IC_METER);
	in.reading = pm_import_get(imp, IC_READING);
	in.time = pm_import_get(imp, IC_TIME);
	in.event = pm_import_get(imp, IC_EVENT);
	in.final = pm_import_get(imp, IC_FINAL);
	in.max = pm_import_get(imp, IC_MAX);
	return pm_fee_meter_record(ctx, *(const int64_t *)arg, &in, change, err);
}

int
pm_fee_meter_import(pm_ctx *ctx, const char *site, const char *path, pm_ifmt fmt,
    pm_icounts *counts, pm_err *err)
{
	int64_t site_id;
	int rc;

	memset(counts, 0, sizeof *counts);
	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		return rc;
	return pm_import_run(ctx, path, fmt, import_cols, IC_N, import_row, &site_id, counts,
	    err);
}

int
pm_fee_meter_readings(pm_ctx *ctx, const char *site, const char *unit, const char *meter,
    int (*fn)(void *arg, const pm_reading_info *r), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_reading_info ri;
	pm_unit_ref u;
	int64_t site_id;
	pm_buf sql;
	int rc, r;

	pm_buf_init(&sql);
	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		goto out;
	if (unit != NULL && (rc = pm_unit_find(ctx, site_id, unit, &u, err)) != 0)
		goto out;
	pm_buf_adds(&sql, "SELECT m.code, m.kind, u.code, r.at, r.period, r.reading, r.event, "
	    "r.final, r.used FROM meter m JOIN meter_reading r ON r.meter_id = m.id "
	    "LEFT JOIN unit u ON u.id = m.unit_id WHERE m.site_id = ?1");
	if (unit != NULL)
		pm_buf_adds(&sql, " AND m.unit_id = ?2");
	if (meter != NULL)
		pm_buf_adds(&sql, " AND m.code = ?3");
	pm_buf_adds(&sql, " ORDER BY m.code, r.at");
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, site_id);
	if (unit != NULL)
		pm_stmt_bind_int(st, 2, u.id);
	if (meter != NULL)
		pm_stmt_bind_text(st, 3, meter);
	while ((r = pm_stmt_step(st, err)) == 1) {
		memset(&ri, 0, sizeof ri);
		ri.meter = pm_stmt_text(st, 0);
		ri.kind = pm_stmt_text(st, 1);
		ri.unit = pm_stmt_text(st, 2);
		ri.at = pm_stmt_int(st, 3);
		ri.period = pm_stmt_text(st, 4);
		ri.reading = pm_stmt_int(st, 5);
		ri.event = pm_stmt_text(st, 6);
		ri.has_final = !pm_stmt_null(st, 7);
		ri.final = pm_stmt_int(st, 7);
		ri.used = pm_stmt_int(st, 8);
		if ((rc = fn(arg, &ri)) != 0)
			goto out;
	}
	rc = r < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

/* ---- consumption ----------------------------------------------------------- */

/* The households sharing a meter: ids, codes, weights. */
struct sharers {
	int64_t *id, *w, *share;
	char **code;
	size_t n, cap;
};

static void
sharers_free(struct sharers *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->code[i]);
	free(s->id);
	free(s->w);
	free(s->share);
	free(s->code);
	memset(s, 0, sizeof *s);
}

static int
sharers_add(struct sharers *s, int64_t id, const char *code, int64_t w)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		int64_t *ni = realloc(s->id, cap * sizeof *ni);
		if (ni == NULL)
			return -1;
		s->id = ni;
		if ((ni = realloc(s->w, cap * sizeof *ni)) == NULL)
			return -1;
		s->w = ni;
		if ((ni = realloc(s->share, cap * sizeof *ni)) == NULL)
			return -1;
		s->share = ni;
		char **nc = realloc(s->code, cap * sizeof *nc);
		if (nc == NULL)
			return -1;
		s->code = nc;
		s->cap = cap;
	}
	if ((s->code[s->n] = strdup(code)) == NULL)
		return -1;
	s->id[s->n] = id;
	s->w[s->n] = w;
	s->n++;
	return 0;
}

/* Read the households of a building (building_id) or a site into s. */
static int
sharers_read(pm_ctx *ctx, int64_t site_id, int64_t building_id, int by_area,
    struct sharers *s, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc, r;

	rc = pm_db_prepare(ctx->db, building_id != 0 ?
	    "SELECT id, code, area FROM unit WHERE building_id = ?1 AND kind <> 'parking' AND "
	    "kind <> 'storage' ORDER BY code" :
	    "SELECT id, code, area FROM unit WHERE site_id = ?1 AND kind <> 'parking' AND "
	    "kind <> 'storage' ORDER BY code", &st, err);
	if (rc != 0)
		return rc;
	pm_stmt_bind_int(st, 1, building_id != 0 ? building_id : site_id);
	while ((r = pm_stmt_step(st, err)) == 1)
		if (sharers_add(s, pm_stmt_int(st, 0), pm_stmt_text(st, 1),
		    by_area ? pm_stmt_int(st, 2) : 1) != 0) {
			pm_stmt_free(st);
			return pm_err_set(err, PM_EX_SOFTWARE, _("out of memory"));
		}
	pm_stmt_free(st);
	return r < 0 ? err->status : 0;
}

static int
usage(pm_ctx *ctx, const char *site, pm_month period, const char *kind, int shared_only,
    int (*fn)(void *arg, const pm_meter_use *u), void *arg, pm_err *err)
{
	struct sharers sh;
	pm_stmt *st = NULL;
	pm_meter_use u;
	int64_t site_id = 0;
	char per[16], mcode[40], mkind[8], split[16];
	pm_buf sql;
	size_t i;
	int rc, r;

	memset(&sh, 0, sizeof sh);
	pm_buf_init(&sql);
	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0)
		goto out;
	if (kind != NULL && (rc = kind_check(kind, err)) != 0)
		goto out;
	pm_month_format(period, per, sizeof per);
	pm_buf_adds(&sql, "SELECT m.id, m.site_id, m.code, m.kind, m.unit_id, u.code, "
	    "m.building_id, m.split, sum(r.used) FROM meter_reading r "
	    "JOIN meter m ON m.id = r.meter_id LEFT JOIN unit u ON u.id = m.unit_id "
	    "WHERE r.period = ?1");
	if (site != NULL)
		pm_buf_adds(&sql, " AND m.site_id = ?2");
	if (kind != NULL)
		pm_buf_adds(&sql, " AND m.kind = ?3");
	if (shared_only)
		pm_buf_adds(&sql, " AND m.unit_id IS NULL");
	pm_buf_adds(&sql, " GROUP BY m.id, m.site_id, m.code, m.kind, m.unit_id, u.code, "
	    "m.building_id, m.split ORDER BY m.site_id, m.code");
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, per);
	if (site != NULL)
		pm_stmt_bind_int(st, 2, site_id);
	if (kind != NULL)
		pm_stmt_bind_text(st, 3, kind);
	while ((r = pm_stmt_step(st, err)) == 1) {
		memset(&u, 0, sizeof u);
		u.meter_id = pm_stmt_int(st, 0);
		u.site_id = pm_stmt_int(st, 1);
		snprintf(mcode, sizeof mcode, "%s", pm_stmt_text(st, 2));
		snprintf(mkind, sizeof mkind, "%s", pm_stmt_text(st, 3));
		u.meter = mcode;
		u.kind = mkind;
		u.meter_used = pm_stmt_int(st, 8);
		if (!pm_stmt_null(st, 4)) {
			u.unit_id = pm_stmt_int(st, 4);
			u.unit = pm_stmt_text(st, 5);
			u.used = u.meter_used;
			if ((rc = fn(arg, &u)) != 0)
				goto out;
			continue;
		}
		snprintf(split, sizeof split, "%s", pm_stmt_text(st, 7));
		u.shared = 1;
		u.split = split;
		sharers_free(&sh);
		if ((rc = sharers_read(ctx, u.site_id, pm_stmt_int(st, 6),
		    strcmp(split, "area") == 0, &sh, err)) != 0)
			goto out;
		if (sh.n == 0 || pm_fee_meter_split(u.meter_used, sh.w, sh.n, sh.share) != 0) {
			rc = pm_err_set(err, PM_EX_DATAERR,
			    _("shared meter %s: no household to share it"), mcode);
			goto out;
		}
		for (i = 0; i < sh.n; i++) {
			u.unit_id = sh.id[i];
			u.unit = sh.code[i];
			u.weight = sh.w[i];
			u.used = sh.share[i];
			if ((rc = fn(arg, &u)) != 0)
				goto out;
		}
	}
	rc = r < 0 ? err->status : 0;
out:
	sharers_free(&sh);
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

int
pm_fee_meter_usage(pm_ctx *ctx, const char *site, pm_month period, const char *kind,
    int (*fn)(void *arg, const pm_meter_use *u), void *arg, pm_err *err)
{
	return usage(ctx, site, period, kind, 0, fn, arg, err);
}

int
pm_fee_meter_shares(pm_ctx *ctx, const char *site, pm_month period, const char *kind,
    int (*fn)(void *arg, const pm_meter_use *u), void *arg, pm_err *err)
{
	return usage(ctx, site, period, kind, 1, fn, arg, err);
}

const pm_perm_name pm_fee_meter_perm_names[] = {
	{ "fee.meter", "create meters and record their readings" },
	{ NULL, NULL }
};
