/* mask.c — the masking hook; see mask.h. */
#include <stddef.h>

#include "mask.h"

static pm_masker masker;

void
pm_mask_set(pm_masker m)
{
	masker = m;
}

void
pm_mask(pm_buf *b, pm_pii_class c, const char *s)
{
	if (s == NULL || *s == '\0')
		return;
	if (c == PM_PII_NONE)
		pm_buf_adds(b, s);
	else if (masker != NULL)
		masker(b, c, s);
	else
		pm_buf_adds(b, "***");  /* fail closed: nobody said how to mask */
}

void
pm_mask_json(pm_json *j, const char *k, pm_pii_class c, const char *v)
{
	pm_buf m;

	if (v == NULL || c == PM_PII_NONE) {
		pm_json_s(j, k, v);
		return;
	}
	pm_buf_init(&m);
	pm_mask(&m, c, v);
	pm_json_s(j, k, m.s);
	pm_buf_free(&m);
}
