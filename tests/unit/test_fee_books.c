/* test_fee_books.c — the account names of the fund and of costs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "fee_books.h"

static void
names(void **state)
{
	char b[256];
	pm_err err;

	(void)state;
	assert_int_equal(pm_fee_books_account(PM_BOOKS_FUND, "sunny", "3-2-1502", b, sizeof b,
	    &err), 0);
	assert_string_equal(b, "Liabilities:Fund:sunny:3-2-1502");
	assert_int_equal(pm_fee_books_account(PM_BOOKS_CUSTODY, "sunny", NULL, b, sizeof b, &err),
	    0);
	assert_string_equal(b, "Assets:Custody:Fund:sunny");
	assert_int_equal(pm_fee_books_account(PM_BOOKS_EXPENSE, "maint", "材料费", b, sizeof b,
	    &err), 0);
	assert_string_equal(b, "Expenses:maint:材料费");
	assert_int_equal(pm_fee_books_account(PM_BOOKS_PAYABLE, "maint", NULL, b, sizeof b, &err),
	    0);
	assert_string_equal(b, "Liabilities:Payable:maint");
	/* what no account may hold */
	assert_int_equal(pm_fee_books_account(PM_BOOKS_EXPENSE, "maint", "a:b", b, sizeof b,
	    &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_books_account(PM_BOOKS_EXPENSE, "maint", "a(b)", b, sizeof b,
	    &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_books_account(PM_BOOKS_EXPENSE, "maint", " x", b, sizeof b,
	    &err), PM_EX_DATAERR);
	assert_int_equal(pm_fee_books_account(PM_BOOKS_EXPENSE, "maint", "", b, sizeof b, &err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_books_account(PM_BOOKS_FUND, "s", "u", b, 8, &err),
	    PM_EX_DATAERR);
	assert_int_equal(pm_fee_books_account(PM_BOOKS_FUND, "s", NULL, b, sizeof b, &err),
	    PM_EX_SOFTWARE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
