/*
 * deadline.h — time limits from a policy, counted in calendar or
 * business time.
 *
 * A policy is a list of rules, first match wins.  A rule names the
 * attribute values it applies to (the caller's match keys: a kind, a
 * priority or severity, a category), its named limits (the caller's
 * names: a ticket's respond and resolve, a finding's rectify, a task's
 * due, a job's on_site and fixed; every rule gives each of them) and
 * the clock they are counted in:
 *
 *	ticket:
 *	  limits:
 *	    - { priority: urgent, respond: 30min, resolve: 4h, clock: calendar }
 *	    - { kind: question, respond: 1d, resolve: 5d, clock: business }
 *	    - { respond: 1d, resolve: 5d }
 *
 * A rule value matches the attribute when equal, or when the attribute
 * is below it in a tree ("维修" matches "维修/漏水").  A rule without
 * match keys matches everything.  When no configured rule matches, the
 * built-in default list is tried, so a policy always yields limits.
 */
#ifndef PM_DEADLINE_H
#define PM_DEADLINE_H

#include <stddef.h>
#include "calendar.h"
#include "config.h"
#include "pmtime.h"

#define PM_DL_KEYS 4             /* match keys of a policy, at most */
#define PM_DL_LIMITS 4           /* named limits of a policy, at most */

typedef struct pm_dl_rule {
	const char *val[PM_DL_KEYS];    /* per match key: the value to match, or NULL */
	const char *span[PM_DL_LIMITS]; /* per limit name: a span as text, "30min", "1d" */
	pm_clock clock;
} pm_dl_rule;

/* What a policy looks like: where it lives and its words. */
typedef struct pm_dl_spec {
	const char *path;               /* the config key (a TREE key) */
	const char *const *keys;        /* match keys, nkeys <= PM_DL_KEYS */
	int nkeys;
	const char *const *limits;      /* limit names, nlimits <= PM_DL_LIMITS */
	int nlimits;
	const pm_dl_rule *defaults;     /* when the key is unset, and after its rules */
	size_t ndef;
	/* validates a match value for key (the caller's vocabulary: known
	 * priorities, categories), setting err without a position; may be NULL */
	int (*check)(void *arg, int key, const char *val, pm_err *err);
	void *arg;
} pm_dl_spec;

typedef struct pm_deadline pm_deadline;

/* Load the policy spec describes (spec must outlive it).  Errors are
 * PM_EX_CONFIG with file:line:col. */
int pm_deadline_load(const pm_config *cfg, const pm_dl_spec *spec, pm_deadline **out,
	pm_err *err);
void pm_deadline_free(pm_deadline *p);

/* The first rule matching attrs[0..nkeys) (NULL attributes match only
 * rules that leave that key out). */
const pm_dl_rule *pm_deadline_match(const pm_deadline *p, const char *const *attrs);

/* The index of limit name in the policy, or -1. */
int pm_deadline_limit(const pm_deadline *p, const char *name);

/* Every limit of the matching rule, due[0..nlimits), for a record that
 * started at start. */
int pm_deadline_due(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
	pm_time start, pm_time *due, pm_err *err);

/* One limit (a span text) from start in clock. */
int pm_deadline_add(const pm_calendar *cal, pm_clock clock, const char *span, pm_time start,
	pm_time *due, pm_err *err);

#endif
