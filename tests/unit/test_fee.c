/*
 * test_fee.c — pm-fee's shared part: the account names, the fee.*
 * settings (the items and rates accepted, and every malformed one
 * refused with its line), which rate is in force in a month, the due
 * date, and the rows item and rate listings print.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fee.h"
#include "registry.h"

static pm_config *
parsed(const char *text)
{
	pm_config *cfg = NULL;
	pm_err err;

	if (pm_config_parse("t.yaml", text, strlen(text), &cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
	return cfg;
}

static const char good[] =
	"money:\n  rounding: half-even\n"
	"fee:\n  proration: days30\n  due_day: 10\n  late_rate: 500\n  late_grace: 15\n"
	"  late_cap: -1\n  allocation: principal-first\n  credit: request\n"
	"  items:\n"
	"    PROP:\n      name: 物业费\n      basis: area\n      rates:\n"
	"        - from: 2026-01\n          rate: 1.85\n"
	"        - from: 2027-01\n          rate: 2.1\n"
	"        - from: 2026-06\n          site: sunny\n          building: '3'\n"
	"          kind: shop\n          rate: 3.2500\n"
	"    WATER:\n      basis: metered\n      meter: water\n      rates:\n"
	"        - from: 2026-01\n          rate: 0\n          tiers:\n"
	"            - upto: 10.5\n              rate: 3.5\n            - rate: 5\n"
	"    LIFT:\n      basis: shared\n      split: household\n      rates:\n"
	"        - from: 2026-01\n          rate: 100.00\n"
	"    REPAIR:\n      basis: oneoff\n"
	"  vacant:\n    - from: 2026-01\n      to: 2026-06\n      percent: 70\n";

static void
test_accounts(void **state)
{
	pm_buf b;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_RECEIVABLE, "sunny", "3-2-1502", &err), 0);
	assert_string_equal(b.s, "Assets:Receivable:sunny:3-2-1502");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_INCOME, "PROP", NULL, &err), 0);
	assert_string_equal(b.s, "Income:Fee:PROP");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_LATE, NULL, NULL, &err), 0);
	assert_string_equal(b.s, "Income:LateFee");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_FUND, "sunny", "1-1", &err), 0);
	assert_string_equal(b.s, "Liabilities:Fund:sunny:1-1");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_CASH, "", NULL, &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_EXPENSE, "a(b)", "c", &err), PM_EX_DATAERR);
	/* the fund's, costs' and payables' accounts: the same builder */
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_FUND_CASH, "sunny", NULL, &err), 0);
	assert_string_equal(b.s, "Assets:Fund:sunny");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_EXPENSE, "maint", "材料费", &err), 0);
	assert_string_equal(b.s, "Expenses:maint:材料费");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_PAYABLE, "maint", NULL, &err), 0);
	assert_string_equal(b.s, "Liabilities:Payable:maint");
	/* what no account component may hold */
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_EXPENSE, "maint", "a:b", &err),
	    PM_EX_DATAERR);
	assert_string_equal(err.field, "account");
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_FUND, "s:t", "u", &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_EXPENSE, "maint", " x", &err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_account(&b, PM_FEE_ACC_EXPENSE, "maint", "", &err),
	    PM_EX_DATAERR);
	pm_buf_free(&b);
}

static void
test_load(void **state)
{
	pm_config *cfg = parsed(good);
	pm_fee_conf *c = NULL;
	const pm_fee_item *it;
	pm_month m;
	pm_date d;
	pm_err err;

	(void)state;
	assert_int_equal(pm_fee_conf_load(cfg, &c, &err), 0);
	assert_int_equal(c->rules.round, PM_ROUND_HALF_EVEN);
	assert_int_equal(c->rules.prorate, PM_PRORATE_DAYS30);
	assert_int_equal(c->rules.order, PM_FEE_ORDER_PRINCIPAL_FIRST);
	assert_int_equal(c->rules.late.rate_ppm, 500);
	assert_int_equal(c->rules.late.grace_days, 15);
	assert_int_equal(c->rules.late.cap_ppm, PM_FEE_LATE_NO_CAP);
	assert_int_equal(c->credit_auto, 0);
	assert_int_equal(c->nitems, 4);
	it = pm_fee_item_find(c, "PROP");
	assert_non_null(it);
	assert_string_equal(it->name, "物业费");
	assert_int_equal(it->basis, PM_FEE_AREA);
	assert_int_equal(it->nrates, 3);
	assert_int_equal(it->rates[0].rate, 18500);
	assert_int_equal(it->rates[1].rate, 21000);
	assert_string_equal(it->rates[2].building, "3");
	/* in force: 2026-12 the first, 2027-01 the second, each scope apart */
	m.year = 2026;
	m.month = 12;
	assert_true(pm_fee_rate_in_force(it, &it->rates[0], m));
	assert_false(pm_fee_rate_in_force(it, &it->rates[1], m));
	assert_true(pm_fee_rate_in_force(it, &it->rates[2], m));
	m.year = 2027;
	m.month = 1;
	assert_false(pm_fee_rate_in_force(it, &it->rates[0], m));
	assert_true(pm_fee_rate_in_force(it, &it->rates[1], m));
	m.year = 2025;
	assert_false(pm_fee_rate_in_force(it, &it->rates[0], m));
	it = pm_fee_item_find(c, "WATER");
	assert_string_equal(it->meter, "water");
	assert_int_equal(it->rates[0].ntiers, 2);
	assert_int_equal(it->rates[0].tiers[0].upto, 1050);
	assert_int_equal(it->rates[0].tiers[1].upto, 0);
	assert_int_equal(it->rates[0].tiers[1].rate, 50000);
	it = pm_fee_item_find(c, "LIFT");
	assert_int_equal(it->by_household, 1);
	assert_int_equal(pm_fee_item_find(c, "REPAIR")->nrates, 0);
	assert_null(pm_fee_item_find(c, "NOPE"));
	assert_int_equal(c->nvacant, 1);
	assert_int_equal(c->vacant[0].percent, 70);
	/* due the 10th of the next month; 0 would be the period's last day */
	m.year = 2026;
	m.month = 12;
	d = pm_fee_due(c, m);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20270110);
	c->due_day = 0;
	m.month = 2;
	d = pm_fee_due(c, m);
	assert_int_equal(d.month * 100 + d.day, 228);
	pm_fee_conf_free(c);
	pm_config_free(cfg);
}

static void
test_defaults(void **state)
{
	pm_config *cfg = pm_config_defaults();
	pm_fee_conf *c = NULL;
	pm_err err;

	(void)state;
	assert_int_equal(pm_fee_conf_load(cfg, &c, &err), 0);
	assert_int_equal(c->rules.round, PM_ROUND_HALF_UP);
	assert_int_equal(c->rules.prorate, PM_PRORATE_ACTUAL);
	assert_int_equal(c->rules.late.rate_ppm, 0);
	assert_int_equal(c->rules.late.cap_ppm, 1000000);
	assert_int_equal(c->due_day, 0);
	assert_int_equal(c->credit_auto, 1);
	assert_int_equal(c->nitems, 0);
	pm_fee_conf_free(c);
	pm_config_free(cfg);
}

/* Each malformed fee.items / fee.vacant is refused with its place. */
static void
test_refused(void **state)
{
	static const struct {
		const char *items, *want;
	} cases[] = {
		{ "  items: [1]\n", "mapping of item codes" },
		{ "  items:\n    'A B':\n      basis: area\n", "item code" },
		{ "  items:\n    P:\n      rates: []\n", "basis" },
		{ "  items:\n    P:\n      basis: gold\n", "t.yaml:" },
		{ "  items:\n    P:\n      basis: area\n", "list of rates" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - rate: 1\n", "from" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-13\n"
		  "          rate: 1\n", "YYYY-MM" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n",
		  "needs rate" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1.23456\n", "t.yaml:" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 5000\n", "a rate above" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: -1\n", "t.yaml:" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          building: '1'\n", "within its site" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          kind: castle\n", "unit kind" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          colour: red\n", "unknown key colour" },
		{ "  items:\n    P:\n      basis: area\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          tiers:\n            - rate: 1\n", "metered" },
		{ "  items:\n    P:\n      basis: metered\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          tiers:\n            - rate: 1\n            - rate: 2\n",
		  "last tier" },
		{ "  items:\n    P:\n      basis: metered\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n          tiers:\n            - upto: 5\n              rate: 1\n"
		  "            - upto: 5\n              rate: 2\n", "rise" },
		{ "  items:\n    P:\n      basis: shared\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1.005\n", "whole fen" },
		{ "  items:\n    P:\n      basis: metered\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n", "names the kind of meter" },
		{ "  items:\n    P:\n      basis: metered\n      meter: steam\n      rates:\n"
		  "        - from: 2026-01\n          rate: 1\n", "t.yaml:" },
		{ "  items:\n    P:\n      basis: area\n      meter: water\n      rates:\n"
		  "        - from: 2026-01\n          rate: 1\n", "only a metered item" },
		{ "  items:\n    P:\n      basis: area\n      split: area\n      rates:\n"
		  "        - from: 2026-01\n          rate: 1\n", "shared" },
		{ "  items:\n    P:\n      basis: oneoff\n      rates:\n        - from: 2026-01\n"
		  "          rate: 1\n", "no rates" },
		{ "  vacant:\n    - from: 2026-01\n      to: 2025-01\n      percent: 50\n",
		  "before" },
		{ "  vacant:\n    - from: 2026-01\n      to: 2026-02\n      percent: 150\n", "t.yaml:" },
		{ "  vacant:\n    - from: 2026-01\n      to: 2026-02\n      percent: 50\n"
		  "      item: NOPE\n", "no such fee item" },
		{ "  vacant:\n    - to: 2026-02\n      percent: 50\n", "from" },
		{ "  vacant: {}\n", "vacant-unit rules" },
	};
	char text[1024];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pm_config *cfg = NULL;
		pm_fee_conf *c = NULL;
		pm_err err;
		int rc;

		snprintf(text, sizeof text, "fee:\n%s", cases[i].items);
		/* the slice's check runs at load: either refusal will do */
		if ((rc = pm_config_parse("t.yaml", text, strlen(text), &cfg, &err)) == 0) {
			rc = pm_fee_conf_load(cfg, &c, &err);
			pm_config_free(cfg);
		}
		if (rc == 0)
			fail_msg("case %zu accepted: %s", i, cases[i].items);
		assert_int_equal(rc, PM_EX_CONFIG);
		if (strstr(err.msg, cases[i].want) == NULL)
			fail_msg("case %zu: want \"%s\" in \"%s\"", i, cases[i].want, err.msg);
		assert_null(c);
	}
}

struct rows {
	int n;
	char first[200];
};

static int
row(void *arg, const pm_cell *cells)
{
	struct rows *r = arg;

	if (r->n++ == 0)
		snprintf(r->first, sizeof r->first, "%s %s %s", cells[0].s,
		    cells[1].null ? "-" : cells[1].s, cells[5].null ? "-" : cells[5].s);
	return 0;
}

static void
test_listing(void **state)
{
	pm_config *cfg = parsed(good);
	pm_fee_conf *c = NULL;
	struct rows r;
	pm_month m = { 2027, 2 };
	pm_err err;

	(void)state;
	assert_int_equal(pm_fee_conf_load(cfg, &c, &err), 0);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_fee_items(c, NULL, m, row, &r, &err), 0);
	assert_int_equal(r.n, 4);
	assert_string_equal(r.first, "PROP 物业费 2.1000");
	assert_int_equal(pm_fee_items(c, "NOPE", m, row, &r, &err), PM_EX_NOINPUT);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_fee_rates(c, NULL, m, 0, row, &r, &err), 0);
	assert_int_equal(r.n, 5);
	memset(&r, 0, sizeof r);
	assert_int_equal(pm_fee_rates(c, "PROP", m, 1, row, &r, &err), 0);
	assert_int_equal(r.n, 2);
	assert_string_equal(r.first, "PROP 2027-01 2.1000");
	assert_int_equal(pm_fee_rates(c, "NOPE", m, 1, row, &r, &err), PM_EX_NOINPUT);
	assert_string_equal(pm_fee_basis_name(PM_FEE_SHARED), "shared");
	assert_string_equal(pm_fee_basis_name((pm_fee_basis)42), "unknown");
	pm_fee_conf_free(c);
	pm_config_free(cfg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accounts),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_listing),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
