/*
 * fuzz_fee_items.c — libFuzzer target for the fee settings' reader
 * (pm_fee_conf_load, lib/domain/fee.c: fee.items, fee.vacant and the
 * rules), fed a whole configuration file.
 *
 * Whatever the input, the reader either refuses it (PM_EX_CONFIG, a
 * message) or gives items that keep fee.h's promises: a valid code and
 * a name, a one-off item without rates and every other with some,
 * rates within their bounds, tiers only on metered items and rising, a
 * metered item naming a meter kind, no other item naming one.  The
 * listings then run over every item without failing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "fee.h"
#include "fee_meter.h"

static int
row(void *arg, const pm_cell *cells)
{
	(void)arg;
	(void)cells;
	return 0;
}

static void
items_sound(const pm_fee_conf *c)
{
	pm_month m = { 2026, 11 };
	pm_err err;
	size_t i, k;
	int t;

	for (i = 0; i < c->nitems; i++) {
		const pm_fee_item *it = &c->items[i];

		if (it->code == NULL || it->code[0] == '\0' ||
		    strlen(it->code) > PM_FEE_CODE_MAX || it->name == NULL)
			abort();
		if ((it->basis == PM_FEE_ONEOFF) != (it->nrates == 0))
			abort();
		if ((it->basis == PM_FEE_METERED) != (it->meter != NULL) ||
		    (it->meter != NULL && pm_fee_meter_kind(it->meter) < 0))
			abort();
		if (pm_fee_item_find(c, it->code) != it)
			abort();
		for (k = 0; k < it->nrates; k++) {
			const pm_fee_rate *r = &it->rates[k];

			if (r->rate < 0 || r->rate > PM_FEE_RATE_MAX || r->ntiers < 0 ||
			    r->ntiers > PM_FEE_TIERS_MAX ||
			    (r->ntiers > 0 && it->basis != PM_FEE_METERED))
				abort();
			for (t = 1; t < r->ntiers; t++)
				if (r->tiers[t - 1].upto <= 0 || (r->tiers[t].upto != 0 &&
				    r->tiers[t].upto <= r->tiers[t - 1].upto))
					abort();
		}
	}
	if (pm_fee_items(c, NULL, m, row, NULL, &err) != 0 ||
	    pm_fee_rates(c, NULL, m, 0, row, NULL, &err) != 0)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	pm_config *cfg = NULL;
	pm_fee_conf *c = NULL;
	pm_err err;
	int rc;

	if (pm_config_parse("fuzz.yaml", (const char *)d, n, &cfg, &err) != 0) {
		pm_config_free(cfg);
		return 0;
	}
	rc = pm_fee_conf_load(cfg, &c, &err);
	if (rc == 0)
		items_sound(c);
	else if (rc != PM_EX_CONFIG || err.msg[0] == '\0')
		abort();
	pm_fee_conf_free(c);
	pm_config_free(cfg);
	return 0;
}
