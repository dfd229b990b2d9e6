/*
 * plan.h — maintenance plans: the YAML files the maintenance department
 * keeps (pm-plan(5)), loaded into the database, checked against the
 * legal and contractual maximum intervals.
 *
 * A plan file (the whole format and a full example: man/pm-plan.5):
 *
 *	plan: maint-2027            # the plan's code, its identity
 *	title: 2027 年度设备维保计划
 *	site: sunny                 # default site of the items (optional with one site)
 *	items:
 *	  - key: lift-upkeep        # the item's identity within the plan, for ever
 *	    title: 电梯半月保养
 *	    task: 维保              # the task word the interval rules match
 *	    kind: 电梯              # every equipment of this kind (path prefix) at the site,
 *	    # equipment: [ELV-1-1]  # or these equipment codes (exactly one of the two)
 *	    checklist: [曳引机, 制动器, 门锁]
 *	    recurrence: every 15 days      # recur.h
 *	    anchor: calendar        # or completion (default calendar)
 *	    shift: next             # none|next|previous|skip (default none)
 *	    start: 2027-01-01
 *	    lead: 3d                # the job is created this long before it is due (default 0)
 *	    dept: maint
 *	    person: wang.qiang      # optional
 *	    minutes: 120            # estimated, optional
 *
 * The reader is strict like the config's (yaml.h): unknown keys, wrong
 * types, duplicate keys (and duplicate item keys), missing required
 * ones, bad values are PM_EX_DATAERR "file:line:col: message".
 *
 * Loading (pm_plan_load) is idempotent and keeps identities: an item is
 * (plan, key).  A new key is added; a changed item is updated in place
 * (version + 1, an audit row "set" with the changed fields before and
 * after); an item no longer in the file is deactivated (never deleted;
 * the same key loaded again reactivates it).  Jobs already generated
 * keep what they were made with; the generator uses the item as it is
 * when it runs.  Lookups against the database: the site (pm_unit_site_find),
 * the department and person (pm_org_dept_id, pm_org_staff_id, active
 * ones), each equipment code at the item's site (not retired), and for
 * a kind at least one equipment of it at the site; a failure is the
 * lookup's status with the item's file:line:col.
 *
 * For the generator (plan run, due, calendar): pm_plan_items_each
 * streams the active items with their parsed rule and anchor (index
 * plan_item_active), pm_plan_targets_each the equipment an item covers
 * (plan_target for a list; for a kind, the site's unretired equipment
 * whose kind is the prefix or below it, by equipment_site_kind).  The
 * identity of a job is (item id, equipment id, pm_recur_key of the
 * occurrence), the work order's plan_item_id, equipment_id and
 * occurrence (workorder.h, plan_gen.h); an item's id never changes, its
 * version (the job's plan_version) says which definition a job was
 * generated from.
 */
#ifndef PM_PLAN_H
#define PM_PLAN_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "perm.h"
#include "recur.h"
#include "yaml.h"

/* ---- interval rules (config plan.intervals) ------------------------ */

/*
 * plan.intervals: the legal or contractual maximum interval per
 * equipment kind and task, a list of
 *
 *	- id: lift-upkeep        # name used by exemptions and reports
 *	  kind: 电梯              # kind path prefix (电梯 covers 电梯/客梯)
 *	  task: 维保              # the items' task word
 *	  max: 15d               # a span: d, w, mo, y (1mo = up to 31 days)
 *
 * Unset, the built-in rules apply (DOMAIN.md): lift-upkeep 电梯 维保
 * 15d, fire-monthly 消防 月检 1mo, fire-yearly 消防 年检 1y, tank-clean
 * 给排水/水箱 清洗消毒 6mo, water-test 给排水/水箱 水质检测 1mo.  Setting
 * the key replaces them all ([] for none).
 */
typedef struct pm_plan_rule {
	char id[33];
	char kind[101];
	char task[33];
	char max_text[33];
	pm_span max;
} pm_plan_rule;

#define PM_PLAN_RULES_MAX 64

/* The rules in effect; *n set to their number. */
int pm_plan_rules(const pm_config *cfg, pm_plan_rule *rules, size_t *n, pm_err *err);

extern const pm_cfg_slice pm_plan_config;
extern const pm_perm_name pm_plan_perm_names[];

/* ---- the file ------------------------------------------------------ */

#define PM_PLAN_ITEMS_MAX 2000
#define PM_PLAN_LIST_MAX 500

typedef struct pm_plan_item_def {
	const pm_ynode *node;   /* for file:line:col */
	const char *key, *title, *task, *site, *kind, *start, *dept, *person;
	const char **equipment; /* codes, NULL with kind */
	size_t nequipment;
	const pm_ynode **equipment_nodes;
	const char **checklist;
	size_t nchecklist;
	pm_recur rule;
	char recurrence[PM_RECUR_TEXT_MAX];     /* canonical */
	pm_recur_mode anchor;
	pm_recur_shift shift;
	int64_t lead;           /* seconds */
	int64_t minutes;        /* 0: not given */
} pm_plan_item_def;

typedef struct pm_plan_def {
	pm_ydoc *doc;
	const char *code, *title, *site;
	size_t n;
	pm_plan_item_def *items;
} pm_plan_def;

int pm_plan_parse(const char *file, const char *data, size_t len, pm_plan_def **out,
	pm_err *err);
/* Read and parse a file (missing: PM_EX_NOINPUT). */
int pm_plan_read(const char *path, pm_plan_def **out, pm_err *err);
void pm_plan_def_free(pm_plan_def *def);

/* ---- loading ------------------------------------------------------- */

/* What loading did to one item. */
typedef struct pm_plan_change {
	const char *plan;
	const char *key;
	const char *action;     /* "added", "changed", "reactivated", "removed", "unchanged" */
	const char *fields;     /* changed: "recurrence,lead" ("" otherwise) */
	int64_t id;             /* the item's id (M<id>) */
	int64_t version;
} pm_plan_change;

typedef struct pm_plan_counts {
	int64_t added, changed, removed, unchanged;
} pm_plan_counts;

/* Load def into ctx->db (path names the file in the plan row); fn is
 * called for each item in file order, then for each removed one.
 * All or nothing: the first failure returns with nothing kept (the
 * command's transaction). */
int pm_plan_load(pm_ctx *ctx, const pm_plan_def *def, const char *path,
	int (*fn)(void *arg, const pm_plan_change *c), void *arg, pm_plan_counts *counts,
	pm_err *err);

/* ---- checking ------------------------------------------------------ */

/* One item, one equipment, one rule that applies. */
typedef struct pm_plan_breach {
	const char *plan, *item, *equipment, *kind, *task, *rule, *recurrence;
	const char *max;        /* the rule's maximum, or the exemption's */
	const char *exempt;     /* the exemption's reason, or NULL */
	int64_t gap;            /* the longest gap seen, seconds */
	pm_time from, to;       /* its two occurrences (due times) */
	int breach;             /* gap over max */
} pm_plan_breach;

/*
 * Check every active item (of plan code, or all with NULL) against the
 * interval rules: for each equipment it covers and each rule whose kind
 * is a prefix of the equipment's and whose task is the item's, the
 * occurrences over two years from the later of the item's start and
 * today (with its shift, by the working calendar) are held against the
 * rule's maximum, or the equipment's exemption.  fn sees every such
 * pair with breach 1, and with all set the ones that pass too.
 * *nbreach counts breaches.
 */
int pm_plan_check(pm_ctx *ctx, const char *plan, int all,
	int (*fn)(void *arg, const pm_plan_breach *b), void *arg, int64_t *nbreach, pm_err *err);

/* Record (or replace) an exemption for equipment code at site (NULL:
 * the only site) from rule: max (a span) and the reason; audited. */
int pm_plan_exempt(pm_ctx *ctx, const char *site, const char *equipment, const char *rule,
	const char *max, const char *reason, pm_err *err);

/* ---- reading, for lists and the generator -------------------------- */

typedef struct pm_plan_item {
	int64_t id, version, site_id, dept_id, staff_id;
	const char *plan, *key, *site, *title, *task, *kind, *equipment, *checklist;
	const char *recurrence, *dept, *person;
	int active;
	pm_recur rule;
	pm_recur_anchor anchor; /* start and shift; has_done 0 (the generator fills done) */
	int64_t lead, minutes;
} pm_plan_item;

/* Stream items (active only unless all), ordered by plan and key.
 * Strings valid during the call. */
int pm_plan_items_each(pm_ctx *ctx, const char *plan, int all,
	int (*fn)(void *arg, const pm_plan_item *it), void *arg, pm_err *err);

/* One item by M<id> or plan:key ("maint-2027:lift-upkeep") or key
 * alone when only one plan has it. */
int pm_plan_item_find(pm_ctx *ctx, const char *name, int (*fn)(void *arg, const pm_plan_item *it),
	void *arg, pm_err *err);

/* One piece of equipment an item covers; strings valid during the call. */
typedef struct pm_plan_target {
	int64_t id;
	const char *code, *kind;
	const char *installed;  /* YYYY-MM-DD, or NULL */
} pm_plan_target;

/* The equipment an item covers (unretired), by code. */
int pm_plan_targets_each(pm_ctx *ctx, const pm_plan_item *it,
	int (*fn)(void *arg, const pm_plan_target *t), void *arg, pm_err *err);

#endif
