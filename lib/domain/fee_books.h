/*
 * fee_books.h — the ledger account names of meters' neighbours: the
 * maintenance fund, its custody account, costs and what they are owed
 * to (ledger.h: accounts are paths; the fee tool's convention below).
 *
 * STAND-IN, to be replaced at merge by the billing module's account
 * builder (the same names: Assets:Receivable:<SITE>:<UNIT>,
 * Income:Fee:<ITEM>, Assets:Cash:<METHOD>, Liabilities:Credit:<SITE>:
 * <UNIT>, Liabilities:Fund:<SITE>:<UNIT>, Expenses:<DEPT>:<CATEGORY>).
 * Only this function builds names for fee_fund and fee_budget.
 *
 *	PM_BOOKS_FUND      Liabilities:Fund:<SITE>:<UNIT>  owners' fund, per unit
 *	PM_BOOKS_CUSTODY   Assets:Custody:Fund:<SITE>      the custody bank account
 *	                                                   holding it (专户), never cash
 *	PM_BOOKS_EXPENSE   Expenses:<DEPT>:<CATEGORY>      a cost
 *	PM_BOOKS_PAYABLE   Liabilities:Payable:<DEPT>      what a cost is owed to
 *	                                                   until finance pays it
 *
 * a and b are the two components (b NULL where there is one).  A name
 * that is no valid account (ledger.h: a component with ':' or
 * ; ( ) [ ] = @ ", too long) is PM_EX_DATAERR.
 */
#ifndef PM_FEE_BOOKS_H
#define PM_FEE_BOOKS_H

#include <stddef.h>
#include "err.h"

typedef enum pm_books_acct {
	PM_BOOKS_FUND = 0,
	PM_BOOKS_CUSTODY,
	PM_BOOKS_EXPENSE,
	PM_BOOKS_PAYABLE
} pm_books_acct;

int pm_fee_books_account(pm_books_acct which, const char *a, const char *b, char *buf,
	size_t n, pm_err *err);

#endif
