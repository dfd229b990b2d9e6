/*
 * fuzz_prorate.c — libFuzzer target for the proration rule's parser
 * (pm_prorate_parse, lib/base/prorate.c).
 *
 * Only the four names parse, exactly: what parses is named back as the
 * input; what is refused is -1 with the rule untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "prorate.h"

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	pm_prorate rule = (pm_prorate)77;
	char *s;
	int rc;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	rc = pm_prorate_parse(s, &rule);
	if (rc == 0) {
		if (strcmp(pm_prorate_name(rule), s) != 0)
			abort();
	} else if (rc != -1 || rule != (pm_prorate)77) {
		abort();
	}
	free(s);
	return 0;
}
