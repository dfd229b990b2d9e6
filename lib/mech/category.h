/*
 * category.h — the two-level category tree of owner contacts.
 *
 * From the config file's `categories:` key, else a built-in Chinese
 * tree (维修, 环境, 安全, 收费, 服务, 其他).  Each category has a
 * default priority, which a new contact takes unless it is given one:
 *
 *	categories:
 *	  维修:
 *	    priority: normal
 *	    sub: { 漏水: high, 电梯: urgent, 门窗: normal }
 *	  噪音: normal                # a top-level category without subs
 *	  服务:
 *	    sub: [态度, 效率]          # subs take the parent's priority
 *
 * A category is named by its path, "维修/漏水" ("维修 › 漏水" and
 * "维修>漏水" are read the same), or by its top level alone ("维修").
 * Names are 1-32 characters without / › > or control characters.
 */
#ifndef PM_CATEGORY_H
#define PM_CATEGORY_H

#include <stddef.h>
#include "config.h"

typedef struct pm_category pm_category;

/* Load the tree; config errors are PM_EX_CONFIG with file:line:col. */
int pm_category_load(const pm_config *cfg, pm_category **out, pm_err *err);
void pm_category_free(pm_category *c);

/*
 * Find a category given by a user: canonical path "top/sub" into canon
 * (n >= 200) and its default priority.  Unknown: PM_EX_DATAERR naming
 * it, with the known top levels (or subs of the top named).
 */
int pm_category_find(const pm_category *c, const char *path, char *canon, size_t n,
	const char **priority, pm_err *err);

/* Visit every category in tree order: top levels, each followed by its
 * subs.  fn returning nonzero stops; that value is returned. */
int pm_category_each(const pm_category *c,
	int (*fn)(void *arg, const char *path, const char *priority), void *arg);

/* Is s one of urgent, high, normal, low? */
int pm_priority_valid(const char *s);

#endif
