/*
 * patrol.h — the security department's patrol checkpoints and routes.
 *
 * Checkpoints are a kind of the record mechanism (record.h): new / set /
 * import / list / show / export are the engine's.  A checkpoint is named
 * by its code within its site (N-GATE), the natural key.  Its fields, in
 * output and import order:
 *
 *	site code name kind building place tag checklist retired retire_reason
 *
 * kind is one of entrance, facility (a public facility), cctv, fire
 * (fire equipment), parking, perimeter, lift, plant (a plant room) and
 * other.  tag is what the point's QR code or NFC chip carries (unique
 * within the site; a scanned check-in must match it).  checklist is
 * what a guard answers there, items separated by ';', each
 *
 *	KEY                      yes/no (the default type)
 *	KEY:yesno                yes/no; "no" is abnormal
 *	KEY:number               a number (up to 3 decimals)
 *	KEY:number:MIN..MAX      a number; outside the range is abnormal
 *	KEY:choice:A|B|C         one of the choices; the first is normal
 *	KEY:text                 free text (up to 500 characters)
 *
 * e.g. "门锁;灭火器压力:number:0.8..1.2;通道:choice:畅通|堵塞;备注:text".
 * KEY is 1 to 32 characters without ';', ':', '=' or ','; keys are
 * unique within a checklist.  It is stored in that canonical spelling
 * (spaces around the parts dropped).  Checkpoints are retired, never
 * deleted (check-ins name them); a retired one cannot be put on a
 * route.
 *
 * Routes come from YAML files (pm-route(5)), one route a file, loaded
 * by pm_route_load: idempotent (the same file again changes nothing),
 * the identity being the route code.  A change of the points writes a
 * new version of them (rounds keep the version they were planned
 * with); a change of the schedule, windows, start or points removes
 * the route's rounds that are still planned and not yet due, so the
 * next round plan makes them from the new definition.  Rounds are
 * planned from the route's start (its date's 00:00; default the day it
 * was first loaded), never before the instant it was first loaded: a
 * route loaded at noon has no missed rounds that morning.
 */
#ifndef PM_PATROL_H
#define PM_PATROL_H

#include <stddef.h>
#include <stdint.h>
#include "config.h"
#include "ctx.h"
#include "perm.h"
#include "record.h"
#include "recur.h"
#include "yaml.h"

/* ---- checkpoints ---------------------------------------------------- */

const pm_rkind *pm_checkpoint_kind(void);

enum {
	PM_CP_SITE = 0, PM_CP_CODE, PM_CP_NAME, PM_CP_KIND, PM_CP_BUILDING, PM_CP_PLACE,
	PM_CP_TAG, PM_CP_CHECKLIST, PM_CP_RETIRED, PM_CP_RETIRE_REASON, PM_CP_NFIELDS
};

/* The kinds, for the field and the man page. */
#define PM_CHECKPOINT_KINDS "entrance|facility|cctv|fire|parking|perimeter|lift|plant|other"

int pm_checkpoint_put(pm_ctx *ctx, const pm_rrec *rec, pm_rmode mode, pm_rput *res,
	pm_err *err);

/* Retire the checkpoint code at site (NULL: the only site) on date
 * (NULL: today) for reason; as pm_equip_retire. */
int pm_checkpoint_retire(pm_ctx *ctx, const char *site, const char *code, const char *date,
	const char *reason, pm_rput *res, pm_err *err);

typedef struct pm_checkpoint_filter {
	const char *site;       /* site code */
	const char *kind;       /* one of the kinds */
	const char *building;   /* building code */
	const char *key;        /* one record: its code (retired ones too) */
	int all;                /* retired ones too */
} pm_checkpoint_filter;

int pm_checkpoint_cols(unsigned show, pm_col *cols);
int pm_checkpoint_list(pm_ctx *ctx, const pm_checkpoint_filter *f, pm_riter **out,
	pm_err *err);

/* A checkpoint for other modules (routes, rounds). */
typedef struct pm_checkpoint_ref {
	int64_t id, site_id;
	char code[40];
	char name[404];
	char kind[16];
	char tag[260];
	char checklist[2004];
	char retired[12];       /* "" while in use */
} pm_checkpoint_ref;

/* By code within site site_id: none is PM_EX_NOINPUT "checkpoint CODE:
 * no such checkpoint" (field "point").  By row id: pm_checkpoint_get. */
int pm_checkpoint_find(pm_ctx *ctx, int64_t site_id, const char *code, pm_checkpoint_ref *out,
	pm_err *err);
int pm_checkpoint_get(pm_ctx *ctx, int64_t id, pm_checkpoint_ref *out, pm_err *err);

/* ---- checklists ------------------------------------------------------ */

typedef enum pm_check_type {
	PM_CHK_YESNO = 0,
	PM_CHK_NUMBER,
	PM_CHK_CHOICE,
	PM_CHK_TEXT
} pm_check_type;

#define PM_CHECKLIST_MAX 32

typedef struct pm_check_item {
	char key[132];          /* up to 32 characters */
	pm_check_type type;
	int has_range;
	int64_t min, max;       /* NUMBER: in thousandths */
	char choices[400];      /* CHOICE: "A|B|C" */
} pm_check_item;

typedef struct pm_checklist {
	int n;
	pm_check_item items[PM_CHECKLIST_MAX];
} pm_checklist;

/* Parse a checklist (the syntax above; "" is none).  Errors are
 * PM_EX_DATAERR naming the item, field "checklist". */
int pm_checklist_parse(const char *s, pm_checklist *out, pm_err *err);
/* Its canonical text into out. */
void pm_checklist_format(const pm_checklist *c, pm_buf *out);

/*
 * Check answers ("KEY=VALUE" each) against c: an unknown key, a key
 * twice, or a value of the wrong type (yes/no for yesno; a number; one
 * of the choices) is PM_EX_DATAERR, field "answer".  *abnormal counts
 * the answers outside what is normal (no; a number outside the range; a
 * choice other than the first) and *missing the items not answered.
 * The answers are written into json as one object, keys in checklist
 * order, numbers as JSON numbers, yes/no as booleans (json untouched
 * when n is 0).
 */
int pm_checklist_answers(const pm_checklist *c, const char *const *answers, int n,
	pm_buf *json, int *abnormal, int *missing, pm_err *err);

/* ---- routes ---------------------------------------------------------- */

#define PM_ROUTE_POINTS_MAX 200
#define PM_ROUTE_RULES_MAX 16
#define PM_ROUTE_DEPTS_MAX 4

typedef struct pm_route_point_def {
	const pm_ynode *node;
	const char *point;      /* checkpoint code */
	int64_t offset, window; /* seconds; window 0: the route's point_window */
} pm_route_point_def;

typedef struct pm_route_def {
	pm_ydoc *doc;
	const char *code, *title, *site, *start;
	const pm_ynode *site_node;
	const char **depts;
	size_t ndepts;
	const pm_ynode *depts_node;
	size_t nrules;
	pm_recur rules[PM_ROUTE_RULES_MAX];
	char schedule[PM_ROUTE_RULES_MAX * (PM_RECUR_TEXT_MAX + 2)];   /* "r1; r2" */
	int64_t window, point_window, remind;  /* seconds */
	int active;
	size_t npoints;
	pm_route_point_def *points;
} pm_route_def;

/*
 * Parse a route file (pm-route(5)); strict as every file's reader:
 * unknown keys, wrong types, duplicates, missing keys and bad values are
 * PM_EX_DATAERR "file:line:col: message".
 */
int pm_route_parse(const char *file, const char *data, size_t len, pm_route_def **out,
	pm_err *err);
int pm_route_read(const char *path, pm_route_def **out, pm_err *err);
void pm_route_def_free(pm_route_def *def);

/* What loading did. */
typedef struct pm_route_change {
	const char *route;
	const char *action;     /* "added", "changed", "unchanged" */
	const char *fields;     /* changed: "schedule,points" */
	int64_t version;        /* of its points */
	int64_t dropped;        /* planned rounds removed (to be planned again) */
} pm_route_change;

/* Load def (the lookups of the site, departments and checkpoints give
 * their status with file:line:col); audited. */
int pm_route_load(pm_ctx *ctx, const pm_route_def *def, const char *path,
	pm_route_change *out, pm_err *err);

/* A route as stored; strings valid during the call. */
typedef struct pm_route {
	int64_t id, site_id, version;
	const char *code, *title, *site, *depts, *schedule, *start, *file;
	int64_t window, remind, points;
	int active;
	pm_time loaded;         /* the last load */
	pm_time since;          /* the first: no round is planned before it */
} pm_route;

/* Routes (of site code, NULL all; active only unless all) by code;
 * one by code with pm_route_find (PM_EX_NOINPUT when none). */
int pm_route_each(pm_ctx *ctx, const char *site, int all,
	int (*fn)(void *arg, const pm_route *r), void *arg, pm_err *err);
int pm_route_find(pm_ctx *ctx, const char *code,
	int (*fn)(void *arg, const pm_route *r), void *arg, pm_err *err);

/* One point of a route's version; strings valid during the call. */
typedef struct pm_route_point {
	int64_t seq, checkpoint_id, offset, window;
	const char *code, *name, *kind, *tag, *checklist;
} pm_route_point;

int pm_route_points_each(pm_ctx *ctx, int64_t route_id, int64_t version,
	int (*fn)(void *arg, const pm_route_point *p), void *arg, pm_err *err);

/* The rules of a stored schedule ("r1; r2"). */
int pm_route_rules(const char *schedule, pm_recur *rules, size_t *n, pm_err *err);

/* The configuration slice (patrol.*) and the permission names. */
extern const pm_cfg_slice pm_patrol_config;
extern const pm_perm_name pm_patrol_perm_names[];

#endif
