/*
 * mask.h — personal-data classes, and the one place output masks them.
 *
 * A column (out.h) or an audit field carries a class: a person's name,
 * a phone number, an ID number, a licence plate.  Every format the
 * writers produce and every audit object masks a classed value through
 * pm_mask(), unless the writer was made with PM_OUT_UNMASK (the front
 * sets it only after the permission and reason checks of --unmask).
 * The audit log never unmasks.
 *
 * How each class is masked is lib/mech/pii's business (it knows Chinese
 * phone numbers and GB 11643 ID numbers); base cannot call mech, so pii's
 * masker is installed here by pm_registry_init (lib/domain/registry.c).
 * With no masker installed masking fails closed: a classed value comes
 * out as "***", never in clear.
 */
#ifndef PM_MASK_H
#define PM_MASK_H

#include "buf.h"
#include "json.h"

typedef enum pm_pii_class {
	PM_PII_NONE = 0,        /* not personal data: shown as it is */
	PM_PII_NAME,            /* a person's name: 张三 -> 张* */
	PM_PII_PHONE,           /* 13812341234 -> 138****1234 */
	PM_PII_IDNUM,           /* a resident ID number: first 1 and last 4 kept */
	PM_PII_PLATE            /* 京A12345 -> 京A***45 */
} pm_pii_class;

/* Appends the masked form of s (never NULL, class never NONE) to b. */
typedef void (*pm_masker)(pm_buf *b, pm_pii_class c, const char *s);

/* Install the masker (NULL: none, so everything classed is "***"). */
void pm_mask_set(pm_masker m);

/* Append s masked by class c to b: PM_PII_NONE appends s as it is; s
 * NULL or "" appends nothing (there is nothing to hide). */
void pm_mask(pm_buf *b, pm_pii_class c, const char *s);

/* A member of a JSON object, masked by class (v NULL: null). */
void pm_mask_json(pm_json *j, const char *k, pm_pii_class c, const char *v);

#endif
