/*
 * id.h — typed record IDs: C12 is complaint 12, W7 work order 7.
 *
 * The letter names the kind, the number is the row id.  Parsing accepts
 * the letter in either case, and a bare number where the caller says
 * which kind is expected.
 */
#ifndef PM_ID_H
#define PM_ID_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

typedef struct pm_id {
	char type;      /* 'C', 'W', ... */
	int64_t n;      /* 1 .. 2^53 */
} pm_id;

/* Largest number an ID may carry (exact in JSON numbers everywhere). */
#define PM_ID_MAX INT64_C(9007199254740991)

/* The kinds: letter, entity name (as in the audit log), description. */
typedef struct pm_idkind {
	char type;
	const char *entity;
	const char *what;
} pm_idkind;

extern const pm_idkind pm_idkinds[];    /* ends with type 0 */

/* The kind for a letter (case-insensitive), or NULL. */
const pm_idkind *pm_idkind_of(char type);

/*
 * Parse "C12" (or "c12"), or "12" when want is nonzero.  want: the kind
 * expected ('C'), or 0 for any kind (then a bare number is refused).
 * A different kind than want, no digits, leading zeros ("C012"), a
 * number of 0 or above PM_ID_MAX, junk: PM_EX_USAGE naming the input.
 */
int pm_id_parse(const char *s, char want, pm_id *out, pm_err *err);

/* "C12"; returns the length (snprintf-like).  24 bytes always suffice. */
size_t pm_id_format(pm_id id, char *buf, size_t n);

/*
 * A table of handlers keyed by ID letter: what each kind of record does
 * for a process that may start from it (a work order's sources, an
 * action's).  Moved here when the second process kept one.  A table is
 * a static pm_idreg (zeroed); entries are the caller's constants.
 */
#define PM_IDREG_MAX 16
typedef struct pm_idreg {
	char type[PM_IDREG_MAX];
	const void *entry[PM_IDREG_MAX];
	size_t n;
} pm_idreg;

/* Add entry for letter type: 0 (also when this very entry is there
 * already), -1 when the letter is taken by another or the table is full. */
int pm_idreg_add(pm_idreg *r, char type, const void *entry);

/* The entry for letter type, or NULL. */
const void *pm_idreg_find(const pm_idreg *r, char type);

#endif
