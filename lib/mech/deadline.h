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
#include "category.h"
#include "config.h"
#include "ctx.h"
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

/* One limit (index limit) of the rule matching attrs, from start in the
 * rule's clock; no rule matching is PM_EX_CONFIG. */
int pm_deadline_due_one(const pm_deadline *p, const pm_calendar *cal, const char *const *attrs,
	int limit, pm_time start, pm_time *due, pm_err *err);

/*
 * A process's time policy whole: its limits, the category tree one of
 * their match keys names (a ticket's category, a job's fault type), the
 * words the other keys take, and the working calendar the limits are
 * counted in.  Every process tool loads these three together, in the
 * command and in its config check; moved here when the second process
 * tool wrote the loading again.
 */
typedef struct pm_dl_decl {
	pm_dl_spec limits;              /* its check and arg unset: the policy's own */
	const pm_cat_spec *tree;        /* NULL: no key names a tree */
	int tree_key;                   /* the match key whose values are tree entries */
	/* per match key: the words it takes ("a|b|c"; a rule naming another
	 * is PM_EX_CONFIG "kind: one of a|b|c"), or NULL: any */
	const char *words[PM_DL_KEYS];
} pm_dl_decl;

typedef struct pm_dl_policy {
	pm_dl_spec spec;        /* the deadline keeps a pointer: the policy must not move */
	const pm_dl_decl *decl;
	pm_category *tree;      /* NULL when decl->tree is */
	pm_deadline *dl;
	pm_calendar *cal;
} pm_dl_policy;

/*
 * Load the tree, then the limits (each rule's values checked against
 * the tree and the words), then the calendar: with ctx the command's
 * (pm_calendar_open: the imported years, the uncovered-year warning),
 * without it the configuration's alone (the config check).  Errors are
 * PM_EX_CONFIG with file:line:col; on failure p holds nothing.  Free
 * with pm_dl_policy_free (also after a failure).
 */
int pm_dl_policy_load(const pm_config *cfg, pm_ctx *ctx, const pm_dl_decl *d,
	pm_dl_policy *p, pm_err *err);
void pm_dl_policy_free(pm_dl_policy *p);

/* A config slice's check of the policy: load without a database, free. */
int pm_dl_policy_check(const pm_config *cfg, const pm_dl_decl *d, pm_err *err);

#endif
