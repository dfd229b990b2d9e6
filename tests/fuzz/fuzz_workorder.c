/*
 * fuzz_workorder.c — libFuzzer target for the parsers of done's values:
 * a part (NAME:QTY:PRICE) and a checklist result (ITEM=RESULT[:NOTE]).
 *
 * What parses has a name and item of valid UTF-8 within their limits, a
 * quantity in 1..1000000, a price in range, a result word of the three;
 * what is refused is refused with status 64 and a one-line message.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "money.h"
#include "text.h"
#include "workorder.h"

int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);

static void
check_refusal(int rc, const pm_err *err)
{
	if (rc != PM_EX_USAGE || err->status != PM_EX_USAGE || err->msg[0] == '\0' ||
	    strchr(err->msg, '\n') != NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	char name[101], item[201], res[8], note[501];
	int64_t qty, price;
	pm_err err;
	char *s;
	int rc;

	if ((s = malloc(n + 1)) == NULL)
		return 0;
	memcpy(s, d, n);
	s[n] = '\0';
	rc = pm_workorder_part_parse(s, name, sizeof name, &qty, &price, &err);
	if (rc == 0) {
		if (name[0] == '\0' || !pm_utf8_valid(name, strlen(name)) || qty < 1 ||
		    qty > 1000000 || price < 0 || price > PM_MONEY_MAX)
			abort();
	} else {
		check_refusal(rc, &err);
	}
	rc = pm_workorder_check_parse(s, item, sizeof item, res, sizeof res, note, sizeof note,
	    &err);
	if (rc == 0) {
		if (item[0] == '\0' || !pm_utf8_valid(item, strlen(item)) ||
		    !pm_utf8_valid(note, strlen(note)) ||
		    (strcmp(res, "pass") != 0 && strcmp(res, "flag") != 0 && strcmp(res, "fail") != 0))
			abort();
	} else {
		check_refusal(rc, &err);
	}
	free(s);
	return 0;
}
