/*
 * deadline.h — time limits from a policy, counted in calendar or
 * business time.
 *
 * A policy is a list of rules, first match wins.  A rule names the
 * attribute values it applies to (for complaints: kind, priority,
 * category), and two limits: respond (first response) and resolve,
 * with the clock they are counted in:
 *
 *	complaint:
 *	  limits:
 *	    - { priority: urgent, respond: 30min, resolve: 4h, clock: calendar }
 *	    - { kind: complaint, respond: 1d, resolve: 5d, clock: business }
 *	    - { respond: 1d, resolve: 5d }
 *
 * A rule value matches the attribute when equal, or when the attribute
 * is below it in a tree ("维修" matches "维修/漏水").  A rule without
 * match keys matches everything.  When no configured rule matches, the
 * built-in default list is tried, so a policy always yields limits.
 * Work orders, hazards and actions use the same module with their own
 * keys and defaults.
 */
#ifndef PM_DEADLINE_H
#define PM_DEADLINE_H

#include <stddef.h>
#include "calendar.h"
#include "config.h"
#include "pmtime.h"

#define PM_DL_KEYS 4

typedef struct pm_dl_rule {
	const char *val[PM_DL_KEYS];    /* per policy key: the value to match, or NULL */
	const char *respond;            /* spans as text: "30min", "1d" */
	const char *resolve;
	pm_clock clock;
} pm_dl_rule;

typedef struct pm_deadline pm_deadline;

/*
 * Load the policy at config path (a TREE key) for the match keys
 * keys[0..nkeys) (nkeys <= PM_DL_KEYS); defaults[0..ndef) apply when
 * the key is unset and after the configured rules.  check (may be
 * NULL) validates a match value for a key (the caller's vocabulary:
 * known priorities, categories); it sets err without a position.
 * Errors are PM_EX_CONFIG with file:line:col.
 */
int pm_deadline_load(const pm_config *cfg, const char *path, const char *const *keys,
	int nkeys, const pm_dl_rule *defaults, size_t ndef,
	int (*check)(void *arg, int key, const char *val, pm_err *err), void *arg,
	pm_deadline **out, pm_err *err);
void pm_deadline_free(pm_deadline *p);

/* The first rule matching attrs[0..nkeys) (NULL attributes match only
 * rules that leave that key out). */
const pm_dl_rule *pm_deadline_match(const pm_deadline *p, const char *const *attrs);

/* Both due times for a record that started at start. */
int pm_deadline_due(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
	pm_time start, pm_time *respond, pm_time *resolve, pm_err *err);

/* One limit (respond or resolve span text) from start in the rule's clock. */
int pm_deadline_add(const pm_calendar *cal, pm_clock clock, const char *span, pm_time start,
	pm_time *due, pm_err *err);

#endif
