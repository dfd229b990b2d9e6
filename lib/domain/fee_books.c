/* fee_books.c — account names (stand-in); see fee_books.h. */
#include <stdio.h>
#include <string.h>

#include "fee_books.h"
#include "i18n.h"
#include "ledger.h"
#include "text.h"

int
pm_fee_books_account(pm_books_acct which, const char *a, const char *b, char *buf, size_t n,
    pm_err *err)
{
	static const char *const prefix[] = {
		"Liabilities:Fund", "Assets:Custody:Fund", "Expenses", "Liabilities:Payable"
	};
	int two = which == PM_BOOKS_FUND || which == PM_BOOKS_EXPENSE;
	int len;

	if ((unsigned)which >= sizeof prefix / sizeof prefix[0] || a == NULL || n == 0 ||
	    (two && b == NULL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("books: bad account request"));
	/* a component never holds the separator */
	if (strchr(a, ':') != NULL || (two && strchr(b, ':') != NULL))
		return pm_text_fail(err, PM_EX_DATAERR, _("%s: ':' cannot be part of an account name"),
		    strchr(a, ':') != NULL ? a : b);
	len = two ? snprintf(buf, n, "%s:%s:%s", prefix[which], a, b) :
	    snprintf(buf, n, "%s:%s", prefix[which], a);
	if (len < 0 || (size_t)len >= n || !pm_ledger_account_valid(buf))
		return pm_text_fail(err, PM_EX_DATAERR, _("%s: not a valid account name"), buf);
	return 0;
}
