/*
 * category.h — two-level category trees, one per use.
 *
 * A tool sorts its records by a tree of its own (a ticket's category, a
 * job's fault type, a finding's kind): the tree comes from a config key,
 * else from the tool's built-in default.  Each entry carries one
 * attribute word from a vocabulary (by default the shared priority
 * words below), which a new record takes unless it is given one:
 *
 *	faults:
 *	  电气:
 *	    priority: normal
 *	    sub: { 跳闸: high, 停电: urgent, 照明: normal }
 *	  漏水: high                  # a top-level entry without subs
 *	  门窗:
 *	    sub: [门锁, 玻璃]          # subs take the parent's word
 *
 * An entry is named by its path, "电气/跳闸" ("电气 › 跳闸" and
 * "电气>跳闸" are read the same), or by its top level alone ("电气").
 * Names are 1-32 characters without / › > or control characters.
 */
#ifndef PM_CATEGORY_H
#define PM_CATEGORY_H

#include <stddef.h>
#include "config.h"

/* The one priority / severity vocabulary every tree and policy shares,
 * most pressing first. */
#define PM_PRIORITIES "urgent|high|normal|low"

/* One entry of a built-in tree: a top level comes before its subs. */
typedef struct pm_cat_entry {
	const char *top;
	const char *sub;        /* NULL for the top level itself */
	const char *attr;       /* a word of the vocabulary */
} pm_cat_entry;

/* What a tree is: where it lives, its default, its attribute. */
typedef struct pm_cat_spec {
	const char *path;               /* the config key: "faults" */
	const char *what;               /* in messages: "fault type" */
	const pm_cat_entry *builtin;    /* the tree when the key is unset */
	size_t nbuiltin;
	const char *attr;               /* the attribute's key in the file: "priority" */
	const char *vocab;              /* its words, "|"-separated; NULL: PM_PRIORITIES */
	const char *attr_default;       /* for a top level that names none; NULL: "normal" */
} pm_cat_spec;

typedef struct pm_category pm_category;

/* Load the tree spec describes (spec must outlive it); config errors are
 * PM_EX_CONFIG with file:line:col. */
int pm_category_load(const pm_config *cfg, const pm_cat_spec *spec, pm_category **out,
	pm_err *err);
void pm_category_free(pm_category *c);

/*
 * Find an entry given by a user: canonical path "top/sub" into canon
 * (n >= 200) and its attribute word (valid while the tree lives).
 * Unknown: PM_EX_DATAERR naming it, with the known top levels (or subs
 * of the top named).
 */
int pm_category_find(const pm_category *c, const char *path, char *canon, size_t n,
	const char **attr, pm_err *err);

/* Visit every entry in tree order: top levels, each followed by its
 * subs.  fn returning nonzero stops; that value is returned. */
int pm_category_each(const pm_category *c,
	int (*fn)(void *arg, const char *path, const char *attr), void *arg);

/* Is s one of the shared priority words? */
int pm_priority_valid(const char *s);

#endif
