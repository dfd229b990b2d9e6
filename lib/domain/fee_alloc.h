/*
 * fee_alloc.h — a payment allocated over the debts it settles.
 *
 * Between debts: the oldest due first (Civil Code art. 560); debts due
 * on the same day in the order the caller gives them (pass them in a
 * stable order, e.g. by bill ID, and the result is deterministic).
 * Within a debt, the configured order of its three components:
 *
 *   civil            costs of enforcing the claim, then late fee
 *                    (interest), then principal — art. 561, the default;
 *   principal-first  principal, then late fee, then costs.
 *
 * A debt is settled component by component before the next debt gets
 * anything.  What is left when everything is paid is credit.  A payment
 * that names its bills is allocated over those bills only: pass only
 * them.
 */
#ifndef PM_FEE_ALLOC_H
#define PM_FEE_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "pmtime.h"

typedef enum pm_fee_order {
	PM_FEE_ORDER_CIVIL = 0,         /* costs, late fee, principal */
	PM_FEE_ORDER_PRINCIPAL_FIRST    /* principal, late fee, costs */
} pm_fee_order;

/* What is still owed of one debt (a bill), in fen, each >= 0. */
typedef struct pm_fee_debt {
	pm_date due;
	int64_t costs;          /* costs of enforcing the claim */
	int64_t late_fee;       /* late fee outstanding */
	int64_t principal;      /* principal outstanding */
} pm_fee_debt;

/* What the payment gives one debt. */
typedef struct pm_fee_alloc {
	int64_t costs, late_fee, principal;
} pm_fee_alloc;

/*
 * Allocate `amount` fen (>= 0) over debts[0..n): alloc[i] is what debt i
 * receives (in the caller's order, whatever order it is paid in),
 * *credit the rest.  Guaranteed: each component gets at most what is owed of
 * it, the allocations and the credit add up to amount exactly, and
 * credit is > 0 only when every debt is paid in full.  Returns 0, or -1
 * (nothing written) for a bad order, a negative amount or owed
 * component, an invalid due date, a NULL array with n > 0, or sums
 * beyond PM_MONEY_MAX.  Never allocates; linear when the debts come
 * sorted by due date, quadratic otherwise.
 */
int pm_fee_alloc_pay(pm_fee_order order, const pm_fee_debt *debts, size_t n,
    int64_t amount, pm_fee_alloc *alloc, int64_t *credit);

/* "civil", "principal-first" (exactly); 0 or -1.  pm_fee_order_name
 * gives them back, "unknown" for others. */
int pm_fee_order_parse(const char *s, pm_fee_order *order);
const char *pm_fee_order_name(pm_fee_order order);

#endif
