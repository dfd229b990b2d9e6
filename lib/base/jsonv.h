/*
 * jsonv.h — the one JSON reader: strict RFC 8259 text into a small tree.
 *
 * json.h writes JSON; this reads it back, for what pm reads whole (a
 * report to merge).  Strict: exactly the grammar of RFC 8259 — one
 * value, whitespace only space, tab, CR and LF, no BOM, no comments,
 * no trailing commas, no leading zeros, no NaN; strings valid UTF-8
 * with every escape decoded (\u surrogate pairs joined; a lone
 * surrogate is refused, since it cannot be UTF-8) and control
 * characters refused.  Integers (no fraction, no exponent) are int64:
 * one that does not fit is refused, never rounded; other numbers are
 * kept as their text (PM_JV_NUM) for the caller to judge.  Nesting is
 * bounded (depth), so is the text (bytes): hostile input cannot
 * exhaust the stack or the memory.
 *
 * Every error is PM_EX_DATAERR "name:line:col: why" (col counts
 * characters from 1).  Every node knows where it began, so a caller's
 * own refusal names the place too (pm_jv_error).
 */
#ifndef PM_JSONV_H
#define PM_JSONV_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

typedef enum pm_jv_type {
	PM_JV_NULL = 0,
	PM_JV_BOOL,
	PM_JV_INT,      /* i */
	PM_JV_NUM,      /* a number that is not an int64 integer: s is its text */
	PM_JV_STR,      /* s, len bytes (valid UTF-8; may hold NUL from \u0000) */
	PM_JV_ARR,      /* n items */
	PM_JV_OBJ       /* n keys (keys[k]->s) and items, in the text's order */
} pm_jv_type;

typedef struct pm_jv pm_jv;
struct pm_jv {
	pm_jv_type type;
	int line, col;          /* where the value begins, 1-based */
	int b;                  /* BOOL */
	int64_t i;              /* INT */
	char *s;                /* STR, NUM: NUL-terminated; else NULL */
	size_t len;
	size_t n;
	pm_jv **keys;           /* OBJ: n strings */
	pm_jv **items;          /* ARR, OBJ: n values */
};

#define PM_JV_DEPTH 64                  /* arrays and objects nested */
#define PM_JV_BYTES (64 * 1024 * 1024)  /* the text */

/* flags */
#define PM_JV_UNIQUE 0x1        /* an object naming a key twice is refused (RFC 8259
                                 * allows it; a reader that adds values up cannot) */

typedef struct pm_jv_limits {
	int depth;              /* 0: PM_JV_DEPTH */
	size_t bytes;           /* 0: PM_JV_BYTES */
	unsigned flags;
} pm_jv_limits;

/*
 * Parse text[0..len) (name for messages; lim NULL: the defaults).  0
 * with *out (free with pm_jv_free), or PM_EX_DATAERR with *out NULL.
 */
int pm_jv_parse(const char *text, size_t len, const char *name, const pm_jv_limits *lim,
	pm_jv **out, pm_err *err);
void pm_jv_free(pm_jv *v);

/* The value of key in object o (the first when named twice), or NULL
 * (also when o is not an object). */
const pm_jv *pm_jv_get(const pm_jv *o, const char *key);

/* "array", "object", "string", ... for messages. */
const char *pm_jv_type_name(pm_jv_type t);

/* Set err to PM_EX_DATAERR "name:line:col: message" at v; returns it. */
int pm_jv_error(pm_err *err, const char *name, const pm_jv *v, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
