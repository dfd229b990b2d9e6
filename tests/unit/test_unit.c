/* test_unit.c — the property engine: put in its three modes, natural
 * keys, validation, listing filters, masking in output and audit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "unit.h"
#include "fixture.h"

/* Each test gets a database of its own: empty, or with one site and unit. */
static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-unit", "root", NULL);
}

static int
setup_sunny(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-unit", "root", "INSERT INTO site (code, name, kind) VALUES "
	    "('sunny', '阳光花园', 'residential'); INSERT INTO unit (site_id, code, area, state) "
	    "VALUES (1, '1-101', 9000, 'occupied')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* put(kind, mode, "field=value", ..., NULL) */
static int
put(pm_pkind k, pm_rmode mode, pm_rput *res, ...)
{
	pm_rrec rec;
	va_list ap;
	int rc;

	va_start(ap, res);
	rc = fx_record(pm_unit_kind(k), &rec, ap);
	va_end(ap);
	assert_int_equal(rc, 0);
	pm_err_clear(&ctx.err);
	return pm_unit_put(&ctx, k, &rec, mode, res, &ctx.err);
}

static long
count(const char *sql)
{
	pm_stmt *st = NULL;
	long n = -1;

	assert_int_equal(pm_db_prepare(ctx.db, sql, &st, &ctx.err), 0);
	if (pm_stmt_step(st, &ctx.err) == 1)
		n = (long)pm_stmt_int(st, 0);
	pm_stmt_free(st);
	return n;
}

static void
modes(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(PM_P_SITE, PM_PUT_NEW, &r, "code=sunny", "name=阳光花园",
	    "kind=residential", NULL), 0);
	assert_int_equal(r.change, PM_R_INSERTED);
	assert_string_equal(r.key, "sunny");
	assert_int_equal(put(PM_P_SITE, PM_PUT_NEW, &r, "code=sunny", "name=x",
	    "kind=office", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "already exists"));
	assert_int_equal(put(PM_P_SITE, PM_PUT_SET, &r, "code=moon", "name=x", NULL),
	    PM_EX_NOINPUT);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=1-101",
	    "area=89.5", NULL), 0);
	assert_int_equal(r.change, PM_R_INSERTED);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=1-101",
	    "area=89.50", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);     /* same value, other spelling */
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=1-101",
	    "area=90", "state=occupied", NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_int_equal(count("SELECT area FROM unit WHERE code = '1-101'"), 9000);
	/* one audit row per change, none for the unchanged put */
	assert_int_equal(count("SELECT count(*) FROM audit WHERE entity = 'unit'"), 2);
}

static void
validation(void **state)
{
	pm_rput r;

	(void)state;
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=1-102",
	    "area=0", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "area"));
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=1-102",
	    "area=10.123", NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=1-102",
	    "area=10", "building=9", NULL), PM_EX_NOINPUT);
	assert_non_null(strstr(ctx.err.msg, "building 9"));
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=1 02",
	    "area=10", NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=nowhere", "code=1-102",
	    "area=10", NULL), PM_EX_NOINPUT);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=1-102",
	    "area=10", "kind=castle", NULL), PM_EX_DATAERR);
	assert_int_equal(count("SELECT count(*) FROM unit WHERE code = '1-102'"), 0);
}

static void
occupants_and_masking(void **state)
{
	pm_pfilter f;
	pm_riter *it = NULL;
	pm_rrow row;
	pm_rput r;
	int phone = pm_unit_field(PM_P_OCCUPANT, "phone");
	int name = pm_unit_field(PM_P_OCCUPANT, "name");

	(void)state;
	assert_int_equal(put(PM_P_OCCUPANT, PM_PUT_NEW, &r, "site=sunny", "unit=1-101",
	    "name=张三", "role=owner", "move_in=2020-01-01", "phone=+86 138 1234 5678", NULL), 0);
	assert_string_equal(r.key, "1");
	/* set by number; move-out before move-in is refused */
	assert_int_equal(put(PM_P_OCCUPANT, PM_PUT_SET, &r, "id=1", "move_out=2019-12-31",
	    NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_P_OCCUPANT, PM_PUT_SET, &r, "id=1", "move_out=2025-06-30",
	    NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);

	memset(&f, 0, sizeof f);
	f.all = 1;
	/* rows come raw; the columns carry the classes the writers mask by */
	assert_int_equal(pm_unit_list(&ctx, PM_P_OCCUPANT, &f, &it, &ctx.err), 0);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 1);
	assert_string_equal(row.c[phone].s, "13812345678");
	assert_string_equal(row.c[name].s, "张三");
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 0);
	pm_record_iter_free(it);
	{
		pm_col cols[PM_R_MAXF];
		int idnum = pm_unit_field(PM_P_OCCUPANT, "id_number");

		assert_int_equal(pm_unit_cols(PM_P_OCCUPANT, 0, cols), 9);
		assert_int_equal(cols[phone].pii, PM_PII_PHONE);
		assert_int_equal(cols[idnum].pii, PM_PII_IDNUM);
		assert_int_equal(cols[name].pii, PM_PII_NONE);
		assert_int_equal(pm_unit_cols(PM_P_OCCUPANT, PM_R_EXPORT, cols), 9);
		assert_int_equal(cols[name].pii, PM_PII_NAME);      /* exports mask names */
		assert_int_equal(cols[phone].pii, PM_PII_PHONE);
		pm_unit_cols(PM_P_VEHICLE, 0, cols);
		assert_int_equal(cols[pm_unit_field(PM_P_VEHICLE, "plate")].pii, PM_PII_PLATE);
		assert_int_equal(cols[pm_unit_field(PM_P_VEHICLE, "site")].pii, PM_PII_NONE);
	}
	/* a former occupant is hidden without --all */
	f.all = 0;
	assert_int_equal(pm_unit_list(&ctx, PM_P_OCCUPANT, &f, &it, &ctx.err), 0);
	assert_int_equal(pm_record_next(it, &row, &ctx.err), 0);
	pm_record_iter_free(it);
	/* the audit log never holds the number in clear */
	assert_int_equal(count("SELECT count(*) FROM audit WHERE after LIKE '%13812345678%'"), 0);
	assert_int_equal(count("SELECT count(*) FROM audit WHERE after LIKE '%138****5678%'"), 2);
}

static void
filters(void **state)
{
	pm_pfilter f;
	pm_riter *it = NULL;

	(void)state;
	memset(&f, 0, sizeof f);
	f.state = "vacant";
	assert_int_equal(pm_unit_list(&ctx, PM_P_OCCUPANT, &f, &it, &ctx.err), PM_EX_USAGE);
	assert_null(it);
	/* the field, not an option: the front adds "(--state)" */
	assert_string_equal(ctx.err.msg, "a state filter does not apply to occupants");
	assert_string_equal(ctx.err.field, "state");
	assert_int_equal(pm_unit_list(&ctx, PM_P_UNIT, &f, &it, &ctx.err), 0);
	pm_record_iter_free(it);
}

/* Dates: YYYY-MM-DD checked by arithmetic, anything else through the
 * zone, both to the same canonical date and the same refusals. */
static void
dates(void **state)
{
	pm_stmt *st = NULL;
	pm_rput r;

	(void)state;
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-1", "area=10",
	    "handover=2024-02-29", NULL), 0);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-2", "area=10",
	    "handover=2026-02-29", NULL), PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "handover"));
	assert_non_null(strstr(ctx.err.msg, "no such date"));
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-2", "area=10",
	    "handover=0000-01-01", NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-2", "area=10",
	    "handover=2026-13-01", NULL), PM_EX_DATAERR);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-2", "area=10",
	    "handover=2026-1-01", NULL), PM_EX_DATAERR);
	/* other spellings of a date come out as the date */
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-2", "area=10",
	    "handover=2026-11-30 23:59", NULL), 0);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_NEW, &r, "site=sunny", "code=d-3", "area=10",
	    "handover=today", NULL), 0);
	assert_int_equal(pm_db_prepare(ctx.db, "SELECT group_concat(handover, ' ') FROM "
	    "(SELECT handover FROM unit WHERE code GLOB 'd-*' ORDER BY code)", &st, &ctx.err), 0);
	assert_int_equal(pm_stmt_step(st, &ctx.err), 1);
	assert_string_equal(pm_stmt_text(st, 0), "2024-02-29 2026-11-30 2026-11-30");
	pm_stmt_free(st);
	/* the same date again is no change; the key's statements are reused
	 * with another set of columns in between */
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=d-1",
	    "handover=2024-02-29", NULL), 0);
	assert_int_equal(r.change, PM_R_UNCHANGED);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=d-1",
	    "floor=3", NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_int_equal(put(PM_P_UNIT, PM_PUT_UPSERT, &r, "site=sunny", "code=d-1",
	    "handover=2024-03-01", "kind=shop", NULL), 0);
	assert_int_equal(r.change, PM_R_UPDATED);
	assert_int_equal(count("SELECT floor * 10000 + (kind = 'shop') * 1000 + "
	    "(handover = '2024-03-01') FROM unit WHERE code = 'd-1'"), 31001);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(modes, setup, teardown),
		cmocka_unit_test_setup_teardown(validation, setup_sunny, teardown),
		cmocka_unit_test_setup_teardown(dates, setup_sunny, teardown),
		cmocka_unit_test_setup_teardown(occupants_and_masking, setup_sunny, teardown),
		cmocka_unit_test_setup_teardown(filters, setup_sunny, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
