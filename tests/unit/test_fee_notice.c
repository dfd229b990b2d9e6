/* test_fee_notice.c — the written reminder (text and HTML): the debts as
 * of a date with their late fees and the total, the company's name, no
 * threat of cutting a supply in any wording, nothing for a unit that owes
 * nothing; demands and agreements listed. */
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
#include "db.h"
#include "fee_notice.h"
#include "ledger.h"
#include "registry.h"
#include "fixture.h"

static pm_ctx ctx;
static pm_fee_conf conf;

static int
setup(void **state)
{
	(void)state;
	memset(&conf, 0, sizeof conf);
	pm_fee_rules_default(&conf.rules);
	conf.rules.late.rate_ppm = 500;
	conf.rules.late.grace_days = 15;
	return fx_open(&ctx, "pm-fee", "root",
	    "INSERT INTO site (id, code, name, kind) VALUES (1, 'sunny', '阳光', 'residential');"
	    "INSERT INTO unit (id, site_id, code, area) VALUES (1, 1, '3-1', 10000), "
	    "(2, 1, '3-2', 9000);"
	    "INSERT INTO fee_run (id, kind, at, actor) VALUES (1, 'bill', 0, 'root');"
	    "INSERT INTO bill (id, run_id, site_id, unit_id, period, date, due) VALUES "
	    "(12, 1, 1, 1, '2026-10', '2026-10-01', '2026-10-31');"
	    "INSERT INTO bill_line (bill_id, n, unit_id, kind, item, period, amount) VALUES "
	    "(12, 1, 1, 'charge', 'PROP', '2026-10', 185925)");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static void
charge(void)
{
	pm_ledger_posting p[2] = {
		{ "Assets:Receivable:sunny:3-1", 185925, "B12.1" },
		{ "Income:Fee:PROP", -185925, "B12.1" },
	};
	pm_ledger_entry e;

	memset(&e, 0, sizeof e);
	e.kind = "charge";
	e.date = (pm_date){ 2026, 10, 1 };
	e.ref = "B12";
	e.post = p;
	e.npost = 2;
	assert_int_equal(pm_ledger_post(&ctx, &e, NULL, NULL, &ctx.err), 0);
}

/* The notice of 3-1 as of 2026-11-30 in fmt, into buf. */
static int
notice(const char *unit, int fmt, char *buf, size_t n, int64_t *total)
{
	FILE *fp = fmemopen(buf, n, "w");
	int rc;

	assert_non_null(fp);
	rc = pm_fee_notice_write(&ctx, &conf, NULL, unit, (pm_date){ 2026, 11, 30 }, fmt, fp,
	    total, &ctx.err);
	fclose(fp);
	return rc;
}

/* Nothing pm prints threatens to cut water, power, gas or heating. */
static void
no_threat(const char *s)
{
	static const char *const words[] = { "停水", "停电", "停气", "停暖", "断水", "断电",
		"cut off", "disconnect", "shut off", "suspend", NULL };
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		assert_null(strstr(s, words[i]));
}

static void
text_notice(void **state)
{
	static char buf[16384];
	int64_t total;

	(void)state;
	charge();
	/* 15 days (11-16 .. 11-30) on 1,859.25 x 0.0005 = 13.94 */
	assert_int_equal(notice("3-1", PM_NOTICE_TEXT, buf, sizeof buf, &total), 0);
	assert_int_equal(total, 185925 + 1394);
	assert_non_null(strstr(buf, "催缴通知书"));
	assert_non_null(strstr(buf, "3-1"));
	assert_non_null(strstr(buf, "1859.25"));
	assert_non_null(strstr(buf, "13.94"));
	assert_non_null(strstr(buf, "1873.19"));
	assert_non_null(strstr(buf, "2026-10-31"));
	no_threat(buf);
	/* issued: audited */
	{
		int64_t n;

		assert_int_equal(pm_db_get_int(ctx.db, &ctx.err, &n, NULL, "SELECT count(*) FROM "
		    "audit WHERE entity = 'notice' AND action = 'issued'", ""), 0);
		assert_int_equal(n, 1);
	}
	/* a unit that owes nothing gets no notice */
	assert_int_equal(notice("3-2", PM_NOTICE_TEXT, buf, sizeof buf, &total), PM_EX_DATAERR);
	assert_int_equal(notice("9-9", PM_NOTICE_TEXT, buf, sizeof buf, &total), PM_EX_NOINPUT);
}

static void
html_notice(void **state)
{
	static char buf[16384];
	int64_t total;

	(void)state;
	charge();
	{
		static const char y[] = "company:\n  name: \"阳光 & 月亮物业\"\n";
		pm_config *cfg;

		assert_int_equal(pm_config_parse("t.yaml", y, sizeof y - 1, &cfg, &ctx.err), 0);
		pm_config_free(ctx.cfg);
		ctx.cfg = cfg;
	}
	assert_int_equal(notice("3-1", PM_NOTICE_HTML, buf, sizeof buf, &total), 0);
	assert_true(strncmp(buf, "<!DOCTYPE html>", 15) == 0);
	assert_non_null(strstr(buf, "size: A4"));
	assert_non_null(strstr(buf, "阳光 &amp; 月亮物业"));
	assert_non_null(strstr(buf, "</html>"));
	/* self-contained: no scripts, nothing fetched */
	assert_null(strstr(buf, "<script"));
	assert_null(strstr(buf, "src="));
	assert_null(strstr(buf, "href="));
	no_threat(buf);
}

static int
got_demand(void *arg, const pm_demand_info *d)
{
	char *s = arg;
	size_t n = strlen(s);

	snprintf(s + n, 256 - n, "%s%s:%s:%s", n ? " " : "", d->kind, d->date,
	    d->method != NULL ? d->method : "-");
	return 0;
}

static void
demands(void **state)
{
	pm_demand_in in;
	char buf[256] = "";
	int64_t id;

	(void)state;
	memset(&in, 0, sizeof in);
	in.unit = "3-1";
	in.date = (pm_date){ 2026, 11, 2 };
	in.method = "notary";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), 0);
	in.method = NULL;
	in.agreement = 1;
	in.date = (pm_date){ 2026, 11, 1 };
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), 0);
	in.text = "";
	assert_int_equal(pm_fee_demand_add(&ctx, &in, &id, &ctx.err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_demand_list(&ctx, NULL, "3-1", got_demand, buf, &ctx.err), 0);
	assert_string_equal(buf, "agreement:2026-11-01:- demand:2026-11-02:notary");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(text_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(html_notice, setup, teardown),
		cmocka_unit_test_setup_teardown(demands, setup, teardown),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
