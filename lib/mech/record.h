/*
 * record.h — records described by a table of fields, written by natural
 * key: normalise, look up, diff, insert or update, audit.
 *
 * A kind of record is a declaration: its table, the FROM clause that
 * reads it back (the kind's table aliased t, joined to whatever turns
 * references into codes), and its fields — per field the name people
 * and files use, a type that says how a value is checked, normalised,
 * stored and shown, whether it is part of the natural key or required,
 * the SQL expression that reads it back as text and the column it is
 * written to.  Rules that span fields, or need the database, go in the
 * kind's validate hook.  Every statement is assembled from the
 * declaration's constant fragments, once per kind (and column set), and
 * kept, so an import of a million rows prepares each once; values are
 * always bound.
 *
 * Records are written by natural key, so a file imported twice changes
 * nothing the second time.  A kind that has a field of type PM_RF_ID
 * (the row id) is named by it when changed (PM_PUT_SET), its natural key
 * being too long to type.
 *
 * References (PM_RF_REF) are codes of rows in another table: "code" in
 * that table (or the column ref_key names: a login), or, for a
 * reference with ref_scope, the code within the row the kind's scope
 * field names (a building code within a site: the scope is the site
 * field, ref_scope the referred table's column holding the site's id).
 *
 * A value whose rules are the kind's own (a path in a tree read from
 * the configuration, a default taken from another field) is flagged
 * PM_RF_HOOK and passed through the kind's normalise hook.
 *
 * Personal data (PM_RF_PHONE, PM_RF_IDNUM, PM_RF_PLATE, and in exports
 * PM_RF_NAME) carries its class in the kind's columns (pm_record_cols):
 * the writers mask it on the way out unless the front unmasks (out.h,
 * mask.h), and the audit log always masks it, by the same classes.
 * Rows are handed out raw.
 */
#ifndef PM_RECORD_H
#define PM_RECORD_H

#include <stdint.h>
#include "buf.h"
#include "ctx.h"
#include "import.h"
#include "out.h"

typedef enum pm_rtype {
	PM_RF_ID = 0,   /* the row id (a kind without a short key is named by it) */
	PM_RF_CODE,     /* 1-32 of A-Z a-z 0-9 _ - */
	PM_RF_TEXT,     /* free text, checked (UTF-8, at most max characters) */
	PM_RF_NAME,     /* a person's name (at most max characters): personal in exports */
	PM_RF_ENUM,     /* one of choices */
	PM_RF_INT,      /* integer in [min, max] */
	PM_RF_DEC,      /* decimal with scale decimals, stored as an integer in
	                 * [min, max] of 10^-scale; unit names it in messages */
	PM_RF_MONEY,    /* yuan, stored as integer fen in [min, max] */
	PM_RF_DATE,     /* YYYY-MM-DD (anything pm_time_parse takes is turned into one) */
	PM_RF_BOOL,     /* yes/no (also true/false, 1/0), stored as 1/0 */
	PM_RF_PHONE,    /* personal: normalised, masked */
	PM_RF_IDNUM,    /* personal: GB 11643 checked, masked */
	PM_RF_PLATE,    /* personal: normalised, masked */
	PM_RF_REF       /* the code of a row of table ref, stored as its id */
} pm_rtype;

#define PM_RF_KEY 0x1   /* part of the natural key */
#define PM_RF_REQ 0x2   /* required for new records and in imports */
#define PM_RF_HOOK 0x4  /* also checked and rewritten by the kind's norm hook */

typedef struct pm_rfield {
	const char *name;       /* in output, imports, messages and the audit */
	pm_rtype type;
	unsigned flags;         /* PM_RF_KEY, PM_RF_REQ */
	const char *choices;    /* ENUM: "new|used|broken" */
	int64_t min, max;       /* INT, DEC, MONEY range; TEXT/NAME longest in characters */
	const char *def;        /* default for new records, or NULL */
	const char *help;       /* one line for --help and the man page */
	const char *sel;        /* SQL reading it back as text ("t.code", "s.code") */
	const char *col;        /* column written, or NULL (derived, or the id) */
	const char *ref;        /* REF: the table referred to */
	const char *ref_scope;  /* REF: its column holding the scope's id, or NULL */
	const char *ref_key;    /* REF: its column holding what people type, NULL =
	                         * "code"; another key may hold dots (a login) */
	int scale;              /* DEC: decimals */
	const char *unit;       /* DEC: what it counts, for messages ("m2"), or NULL */
} pm_rfield;

#define PM_R_MAXF 24    /* at most 32: columns are kept in bit masks */

typedef struct pm_rkind pm_rkind;

/*
 * The validate hook: cross-field rules and those that need the
 * database, run before a record is written (not when nothing changes).
 * v[i] is field i as it will be stored, canonical text ("" = empty).
 * Returns 0 or an error status with err set (naming fields).
 */
typedef int (*pm_rvalidate)(pm_ctx *ctx, const pm_rkind *k, const char *const *v, pm_err *err);

/*
 * The normalise hook, for fields flagged PM_RF_HOOK.  Called with out
 * holding field i's value as its type normalised it (never empty), it
 * may refuse it or rewrite it (a path into its canonical spelling);
 * called with out empty, for a new record not given field i (whose
 * def is NULL), it may fill a default.  v[j] is field j's value so far
 * ("" = none yet): complete for the fields before i when filling a
 * default.  Returns 0 or an error status with err set (naming fields).
 */
typedef int (*pm_rnorm)(pm_ctx *ctx, const pm_rkind *k, int i, const char *const *v,
	pm_buf *out, pm_err *err);

struct pm_rkind {
	const char *name;       /* "asset": messages, the audit's entity */
	const char *table;      /* the table written */
	const char *from;       /* FROM clause reading it: the table aliased t, with joins */
	const char *order;      /* ORDER BY of lists: natural-key order */
	const char *current;    /* condition hiding former records unless PM_R_ALL, or NULL */
	int scope;              /* the REF field scoping the others, or -1 */
	int label;              /* the field naming a record to people (code, plate, id) */
	pm_rvalidate validate;  /* or NULL */
	pm_rnorm norm;          /* for PM_RF_HOOK fields, or NULL */
	int nf;
	pm_rfield fl[PM_R_MAXF];
};

/* Index of k's field named name, or -1. */
int pm_record_field(const pm_rkind *k, const char *name);

/* A record as given: one text value per field, NULL = not given. */
typedef struct pm_rrec {
	const char *v[PM_R_MAXF];
} pm_rrec;

typedef enum pm_rmode {
	PM_PUT_NEW = 0,   /* must not exist yet (PM_EX_DATAERR "already exists") */
	PM_PUT_SET,       /* must exist (PM_EX_NOINPUT); only given fields change */
	PM_PUT_UPSERT     /* import: insert, update or leave alone */
} pm_rmode;

/* What pm_record_put did; the order of pm_icounts (import.h). */
typedef enum pm_rchange {
	PM_R_UNCHANGED = PM_I_UNCHANGED,
	PM_R_INSERTED = PM_I_INSERTED,
	PM_R_UPDATED = PM_I_UPDATED
} pm_rchange;

typedef struct pm_rput {
	pm_rchange change;
	int64_t id;             /* the row's id */
	char key[64];           /* its label as normalised: code, plate, id */
} pm_rput;

/*
 * Write one record.  Values are validated and normalised (a bad one is
 * PM_EX_DATAERR naming the field; an unknown reference PM_EX_NOINPUT),
 * the natural key looked up, the validate hook run, and the row
 * inserted or updated with an audit row (personal data masked in it).
 * *res tells what happened.  Not reentrant: the buffers and statements
 * are kept between calls.
 */
int pm_record_put(pm_ctx *ctx, const pm_rkind *k, const pm_rrec *rec, pm_rmode mode,
	pm_rput *res, pm_err *err);

/*
 * Import records of kind k from path ("-" = stdin) through the import
 * loop (import.h): columns are the fields (the key ones required), each
 * row upserted; counts and errors as pm_import_run.
 */
int pm_record_import(pm_ctx *ctx, const pm_rkind *k, const char *path, pm_ifmt fmt,
	pm_icounts *counts, pm_err *err);

/* A filter of a list: frag is a constant SQL expression ("s.code")
 * compared with the bound value: for equality, or with PM_RF_UNDER as a
 * path ("a/b"): the value itself or anything below it ("a" matches "a"
 * and "a/b", not "ab"), by a range an index on frag serves. */
typedef enum pm_rfop {
	PM_RF_EQ = 0,
	PM_RF_UNDER
} pm_rfop;

typedef struct pm_rfilter {
	const char *frag;
	const char *value;
	pm_rfop op;
} pm_rfilter;

/* Columns as shown (pm_record_cols) and records listed (pm_record_list). */
#define PM_R_EXPORT 0x2         /* an export: names are personal data too */
#define PM_R_ALL    0x4         /* former records too (the kind's current is not applied) */

/*
 * The output columns of k (returns k->nf) into cols: name, type, width,
 * and personal-data class — phone, ID number and plate always, a
 * person's name with PM_R_EXPORT only (a list is read by those who look
 * after the people in it; an export leaves the office).
 */
int pm_record_cols(const pm_rkind *k, unsigned show, pm_col *cols);

typedef struct pm_riter pm_riter;

/* List records matching every filter, in natural-key order, streaming;
 * flags PM_R_ALL. */
int pm_record_list(pm_ctx *ctx, const pm_rkind *k, const pm_rfilter *f, int nf,
	unsigned flags, pm_riter **out, pm_err *err);

/* A row: a cell per field (pm_record_cols' order), null or its
 * canonical text (decimals "100.50", money "1234.50", booleans
 * "yes"/"no", personal data raw) plus the integers behind ID, INT, DEC,
 * MONEY and BOOL fields.  Valid until the next call. */
typedef struct pm_rrow {
	pm_cell c[PM_R_MAXF];
} pm_rrow;

/* 1 with *row filled, 0 at the end, -1 on error. */
int pm_record_next(pm_riter *it, pm_rrow *row, pm_err *err);
void pm_record_iter_free(pm_riter *it);

#endif
