/*
 * fuzz_fee_order.c — libFuzzer target for the allocation order's parser
 * (pm_fee_order_parse, lib/domain/fee_alloc.c).
 *
 * Only "civil" and "principal-first" parse, exactly: what parses is
 * named back as the input; what is refused is -1 with the order
 * untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fee_alloc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	pm_fee_order order = (pm_fee_order)77;
	char *s;
	int rc;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	rc = pm_fee_order_parse(s, &order);
	if (rc == 0) {
		if (strcmp(pm_fee_order_name(order), s) != 0)
			abort();
	} else if (rc != -1 || order != (pm_fee_order)77) {
		abort();
	}
	free(s);
	return 0;
}
