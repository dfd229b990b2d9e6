/* test_fee_meter.c — the reading rules (zero use, lower readings,
 * rollover and replacement arithmetic, order, idempotency), the parsers'
 * hostile inputs, and the exact split of shared meters. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "admin.h"
#include "fee_meter.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	/* three flats of 100.00, 100.00 and 50.50 m2 and a parking space in
	 * building 3; a shop alone in building 4 */
	return fx_open(&ctx, "pm-fee", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential');"
	    "INSERT INTO building (id, site_id, code) VALUES (1, 1, '3'), (2, 1, '4');"
	    "INSERT INTO unit (id, site_id, building_id, code, area, kind) VALUES "
	    "(1, 1, 1, '3-1', 10000, 'residence'), (2, 1, 1, '3-2', 10000, 'residence'), "
	    "(3, 1, 1, '3-3', 5050, 'residence'), (4, 1, 1, 'P1', 1200, 'parking'), "
	    "(5, 1, 2, '4-1', 8000, 'shop')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
parsers(void **state)
{
	int64_t max, step, r;
	pm_err err;

	(void)state;
	assert_int_equal(pm_fee_meter_max_parse("99999.9", &max, &step, &err), 0);
	assert_int_equal(max, 9999990);
	assert_int_equal(step, 10);
	assert_int_equal(pm_fee_meter_max_parse("9999", &max, &step, &err), 0);
	assert_int_equal(max, 999900);
	assert_int_equal(step, 100);
	assert_int_equal(pm_fee_meter_max_parse("9999.99", &max, &step, &err), 0);
	assert_int_equal(step, 1);
	static const char *const bad_max[] = { "0", "-5", "1.234", "", "1e5", "abc", "0.00",
	    "99999999999999", "NaN", " ", NULL };
	for (int i = 0; bad_max[i] != NULL; i++)
		if (pm_fee_meter_max_parse(bad_max[i], &max, &step, &err) != PM_EX_DATAERR)
			fail_msg("max %s accepted", bad_max[i]);
	assert_int_equal(pm_fee_meter_max_parse(NULL, &max, &step, &err), PM_EX_USAGE);

	assert_int_equal(pm_fee_meter_reading_parse("1,234.5", 10, 0, &r, &err), 0);
	assert_int_equal(r, 123450);
	assert_int_equal(pm_fee_meter_reading_parse("0", 100, 999900, &r, &err), 0);
	assert_int_equal(r, 0);
	static const char *const bad[] = { "12.345", "-1", "+1", "1e3", "NaN", "12,5", "1.",
	    ".5", "", "１２", "1 2", "99999999999999999999", "\x1b[31m", NULL };
	for (int i = 0; bad[i] != NULL; i++)
		if (pm_fee_meter_reading_parse(bad[i], 0, 0, &r, &err) != PM_EX_DATAERR)
			fail_msg("reading %s accepted", bad[i]);
	/* finer than the register, above it */
	assert_int_equal(pm_fee_meter_reading_parse("12.34", 10, 0, &r, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "last digit"));
	assert_int_equal(pm_fee_meter_reading_parse("100000", 10, 9999990, &r, &err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "maximum 99999.90"));
	assert_string_equal(err.field, "reading");
	/* a quoted input is harmless */
	assert_int_equal(pm_fee_meter_reading_parse("\x1b[2J", 0, 0, &r, &err), PM_EX_DATAERR);
	assert_null(strchr(err.msg, '\x1b'));
}

static void
arithmetic(void **state)
{
	int64_t used;
	pm_err err;

	(void)state;
	/* zero use is valid */
	assert_int_equal(pm_fee_meter_used(PM_METER_READ, 1230, 1230, -1, 9999990, 10, &used,
	    &err), 0);
	assert_int_equal(used, 0);
	assert_int_equal(pm_fee_meter_used(PM_METER_READ, 1230, 2000, -1, 9999990, 10, &used,
	    &err), 0);
	assert_int_equal(used, 770);
	/* lower without a reason: refused */
	assert_int_equal(pm_fee_meter_used(PM_METER_READ, 1230, 1220, -1, 9999990, 10, &used,
	    &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "lower than the previous 12.30"));
	/* rollover: 99999.9 - 99987.6 + 0.1 + 12.3 = 24.7 */
	assert_int_equal(pm_fee_meter_used(PM_METER_ROLLOVER, 9998760, 1230, -1, 9999990, 10,
	    &used, &err), 0);
	assert_int_equal(used, 2470);
	/* from the maximum to 0 is one step */
	assert_int_equal(pm_fee_meter_used(PM_METER_ROLLOVER, 9999990, 0, -1, 9999990, 10,
	    &used, &err), 0);
	assert_int_equal(used, 10);
	/* whole-number register 9999: 9990 -> 5 is 15 */
	assert_int_equal(pm_fee_meter_used(PM_METER_ROLLOVER, 999000, 500, -1, 999900, 100,
	    &used, &err), 0);
	assert_int_equal(used, 1500);
	/* a rollover that is not lower */
	assert_int_equal(pm_fee_meter_used(PM_METER_ROLLOVER, 100, 100, -1, 999900, 100, &used,
	    &err), PM_EX_DATAERR);
	/* replacement: the old meter's final reading counts, the new one starts */
	assert_int_equal(pm_fee_meter_used(PM_METER_REPLACE, 50000, 0, 51230, 9999990, 10,
	    &used, &err), 0);
	assert_int_equal(used, 1230);
	assert_int_equal(pm_fee_meter_used(PM_METER_REPLACE, 50000, 0, 49000, 9999990, 10,
	    &used, &err), PM_EX_DATAERR);
	assert_string_equal(err.field, "final");
	assert_int_equal(pm_fee_meter_used(PM_METER_REPLACE, 50000, 0, -1, 9999990, 10, &used,
	    &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_meter_used(PM_METER_REPLACE, 50000, 0, 99999990, 9999990, 10,
	    &used, &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_meter_used(PM_METER_READ, 0, 0, -1, 0, 10, &used, &err),
	    PM_EX_SOFTWARE);
}

static void
split_exact(void **state)
{
	int64_t w3[] = { 1, 1, 1 }, s[3], wa[] = { 10000, 10000, 5050 };

	(void)state;
	assert_int_equal(pm_fee_meter_split(100, w3, 3, s), 0);
	assert_int_equal(s[0], 34);
	assert_int_equal(s[1], 33);
	assert_int_equal(s[2], 33);
	/* 10.00 by area over 100.00, 100.00, 50.50: 3.98406..., 3.98406..., 2.01195... */
	assert_int_equal(pm_fee_meter_split(1000, wa, 3, s), 0);
	assert_int_equal(s[0] + s[1] + s[2], 1000);
	assert_int_equal(s[0], 399);
	assert_int_equal(s[1], 399);
	assert_int_equal(s[2], 202);
	/* every total from 0 to 2000 adds up */
	for (int64_t t = 0; t <= 2000; t++) {
		assert_int_equal(pm_fee_meter_split(t, wa, 3, s), 0);
		assert_int_equal(s[0] + s[1] + s[2], t);
	}
}

static int
rec(const char *meter, const char *reading, const char *time, const char *event,
    const char *final, pm_ichange *ch)
{
	pm_reading_in in = { NULL, meter, reading, time, event, final, NULL };

	pm_err_clear(&ctx.err);
	return pm_fee_meter_record(&ctx, 1, &in, ch, &ctx.err);
}

static int
sum_use(void *arg, const pm_meter_use *u)
{
	char *b = arg;
	size_t n = strlen(b);

	snprintf(b + n, 512 - n, "%s%s:%s=%lld", n ? " " : "", u->meter, u->unit,
	    (long long)u->used);
	return 0;
}

static void
readings(void **state)
{
	pm_meter_in m = { 0 };
	pm_ichange ch;
	char buf[512] = "";

	(void)state;
	m.code = "W31";
	m.kind = "water";
	m.unit = "3-1";
	m.max = "99999.9";
	m.initial = "99980.0";
	m.installed = 1790000000;       /* 2026-09-21 */
	m.has_installed = 1;
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), 0);
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), PM_EX_DATAERR);
	assert_int_equal(rec("W31", "99987.6", "2026-10-31 10:00", NULL, NULL, &ch), 0);
	assert_int_equal(ch, PM_I_INSERTED);
	/* the same again: nothing; another value at that time: refused */
	assert_int_equal(rec("W31", "99987.6", "2026-10-31 10:00", "", NULL, &ch), 0);
	assert_int_equal(ch, PM_I_UNCHANGED);
	assert_int_equal(rec("W31", "99987.7", "2026-10-31 10:00", NULL, NULL, &ch),
	    PM_EX_DATAERR);
	/* earlier than the latest: refused */
	assert_int_equal(rec("W31", "99987.6", "2026-10-30 10:00", NULL, NULL, &ch),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "time order"));
	/* lower: refused; with rollover: 24.7 */
	assert_int_equal(rec("W31", "12.3", "2026-11-29 10:00", NULL, NULL, &ch), PM_EX_DATAERR);
	assert_int_equal(rec("W31", "12.3", "2026-11-29 10:00", "rollover", NULL, &ch), 0);
	/* the future, a final without a replacement, an unknown event, meter */
	assert_int_equal(rec("W31", "13", "2026-12-29 10:00", NULL, NULL, &ch), PM_EX_DATAERR);
	assert_int_equal(rec("W31", "13", "2026-11-29 11:00", NULL, "12", &ch), PM_EX_DATAERR);
	assert_int_equal(rec("W31", "13", "2026-11-29 11:00", "reset", NULL, &ch), PM_EX_DATAERR);
	assert_int_equal(rec("W9", "13", "2026-11-29 11:00", NULL, NULL, &ch), PM_EX_NOINPUT);
	/* zero use, then a replacement: final 20.0, the new meter at 0.0 */
	assert_int_equal(rec("W31", "12.3", "2026-11-29 12:00", "read", NULL, &ch), 0);
	assert_int_equal(rec("W31", "0", "2026-11-29 13:00", "replace", "20.0", &ch), 0);
	assert_int_equal(rec("W31", "1.5", "2026-11-29 14:00", NULL, NULL, &ch), 0);
	/* November: 24.7 + 0 + 7.7 + 1.5 = 33.9 */
	assert_int_equal(pm_fee_meter_usage(&ctx, NULL, (pm_month){ 2026, 11 }, NULL, sum_use,
	    buf, &ctx.err), 0);
	assert_string_equal(buf, "W31:3-1=3390");
	buf[0] = '\0';
	assert_int_equal(pm_fee_meter_usage(&ctx, NULL, (pm_month){ 2026, 10 }, "water",
	    sum_use, buf, &ctx.err), 0);
	assert_string_equal(buf, "W31:3-1=760");
	/* the unit column must match */
	pm_reading_in in = { "3-2", "W31", "2", "2026-11-29 15:00", NULL, NULL, NULL };
	assert_int_equal(pm_fee_meter_record(&ctx, 1, &in, &ch, &ctx.err), PM_EX_DATAERR);
	/* the schema refuses changes to readings */
	assert_int_not_equal(pm_db_exec(ctx.db, "UPDATE meter_reading SET used = 0", &ctx.err), 0);
	assert_int_not_equal(pm_db_exec(ctx.db, "DELETE FROM meter_reading", &ctx.err), 0);
}

static void
shared(void **state)
{
	pm_meter_in m = { 0 };
	pm_ichange ch;
	char buf[512] = "";

	(void)state;
	m.code = "S3";
	m.kind = "power";
	m.building = "3";
	m.split = "household";
	m.max = "999999";
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), 0);
	m.code = "SA";
	m.building = NULL;
	m.split = "area";
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), 0);
	m.code = "X";
	m.unit = "3-1";
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), PM_EX_USAGE);
	m.unit = NULL;
	m.split = NULL;
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), PM_EX_USAGE);
	m.split = "floors";
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), PM_EX_DATAERR);
	m.split = "area";
	m.kind = "steam";
	assert_int_equal(pm_fee_meter_new(&ctx, &m, &ctx.err), PM_EX_DATAERR);

	ctx.now += 86400;
	assert_int_equal(rec("S3", "1", "today", NULL, NULL, &ch), 0);
	assert_int_equal(rec("SA", "10", "today", NULL, NULL, &ch), 0);
	assert_int_equal(pm_fee_meter_usage(&ctx, "sunny", pm_month_of(ctx.now), NULL, sum_use,
	    buf, &ctx.err), 0);
	/* 1.00 over three households (not the parking space): 0.34 0.33 0.33;
	 * 10.00 by area over 100, 100, 50.50 and the shop's 80.00 (of 330.50):
	 * 302.57, 302.57, 152.80, 242.05; the two left go to .80 and the
	 * first .57 */
	assert_string_equal(buf, "S3:3-1=34 S3:3-2=33 S3:3-3=33 "
	    "SA:3-1=303 SA:3-2=302 SA:3-3=153 SA:4-1=242");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parsers),
		cmocka_unit_test(arithmetic),
		cmocka_unit_test(split_exact),
		cmocka_unit_test_setup_teardown(readings, setup, teardown),
		cmocka_unit_test_setup_teardown(shared, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
