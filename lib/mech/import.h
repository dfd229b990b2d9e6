/*
 * import.h — reading records from CSV and JSON Lines files.
 *
 * The mechanism every import verb shares: open a file (or "-" for
 * stdin), map its header to the columns the caller knows, and hand out
 * one record at a time with its line number, streaming (memory does not
 * grow with the file).  pm_import_run is the loop around it that every
 * import uses: the caller's row handler upserts each record by its
 * natural key inside the command's one transaction, the loop counts and
 * stops at the first bad record: the error is "file:line: reason" and
 * the whole import rolls back.
 *
 * CSV: RFC 4180 — fields separated by commas, optionally quoted with ",
 * "" inside quotes is a quote, quoted fields may hold commas and line
 * breaks; CRLF or LF line ends; a UTF-8 byte order mark is skipped; the
 * first line is the header.  Blank lines, and rows whose fields are
 * all empty (",,,", which spreadsheets leave behind), are skipped.
 * Header names are trimmed of spaces and tabs and matched case-
 * sensitively; values are kept exactly as written but for one thing:
 * a ' before = + - @ tab or CR (after any more ') is taken off, being
 * the formula neutralisation of pm's own csv output (out.h), so an
 * export reads back as what was exported.  Strict where RFC
 * 4180 is: text after a closing quote ("a"b,), a quote inside an
 * unquoted field, and a CR outside quotes that does not end a line are
 * refused.  Inside quotes CR and LF are data, as written.
 * JSON Lines: one object a line whose values are strings, numbers,
 * true/false or null (nested objects and arrays are refused); keys are
 * the column names.  Numbers are kept as the text written, true and
 * false as "true" and "false"; null reads as absent.  Strict JSON:
 * duplicate keys, lone surrogates, \u0000 and trailing text are refused.
 * Blank lines hold no record, so a file of blanks (or only a BOM) is an
 * import of nothing.  tests/conform checks both readers against
 * csv-spectrum and JSONTestSuite (conform.c says what "accepts" means
 * for a reader whose records must be objects of scalars).
 *
 * Refused, with the position: invalid UTF-8 — and when the bytes look
 * like GBK/GB18030 (a typical Excel export) the message says so and
 * names `iconv -f GB18030 -t UTF-8`; UTF-16 byte order marks; a NUL
 * byte; an unterminated quote; a header that lacks a required column,
 * names an unknown one, or repeats one; a row with more or fewer fields
 * than the header; a truncated last JSON line; a line over 1 MiB.
 * All errors are PM_EX_DATAERR, except a file that cannot be opened or
 * is a directory (PM_EX_NOINPUT, "file: reason") and read errors
 * (PM_EX_IOERR).  Positions are physical lines: a record's own errors
 * (field count, missing column) name the line it starts on; a bad byte
 * or quote names the line it is on.
 */
#ifndef PM_IMPORT_H
#define PM_IMPORT_H

#include <stddef.h>
#include "ctx.h"
#include "err.h"

typedef enum pm_ifmt {
	PM_IFMT_AUTO = 0,       /* by file name: .jsonl/.json/.ndjson -> JSONL, else (and "-") CSV */
	PM_IFMT_CSV,
	PM_IFMT_JSONL
} pm_ifmt;

/* A column the importer knows. */
typedef struct pm_icol {
	const char *name;       /* header name ("unit", "area") */
	int required;           /* must be in the header (its value may still be empty) */
} pm_icol;

typedef struct pm_import pm_import;

/*
 * Open path ("-" = stdin) and read the header (CSV) or prepare for
 * JSONL.  cols must outlive the importer.  For JSONL, required columns
 * are checked on every record, unknown keys refused per record.
 */
int pm_import_open(const char *path, pm_ifmt fmt, const pm_icol *cols, int ncols,
	pm_import **out, pm_err *err);

/*
 * Read the next record: returns 1 with the values available through
 * pm_import_get, 0 at the end of the file, or an error status with err
 * set to "file:line: reason".
 */
int pm_import_next(pm_import *imp, pm_err *err);

/* The value of column i (index into cols) in the current record: NULL
 * when the column is absent from the file or the JSON value is null;
 * "" for an empty CSV field.  Valid until the next pm_import_next. */
const char *pm_import_get(const pm_import *imp, int i);

/* The line the current record starts on (1-based), and the file name
 * as used in messages ("-" reads as "stdin"). */
long pm_import_line(const pm_import *imp);
const char *pm_import_file(const pm_import *imp);

void pm_import_close(pm_import *imp);

/* ---- the import loop ------------------------------------------------- */

/* What a row did to the database. */
typedef enum pm_ichange {
	PM_I_UNCHANGED = 0,
	PM_I_INSERTED,
	PM_I_UPDATED
} pm_ichange;

/* What an import did, counted in rows. */
typedef struct pm_icounts {
	long rows;
	long inserted;
	long updated;
	long unchanged;
} pm_icounts;

/*
 * A row handler: check the current record (pm_import_get) and write it,
 * saying in *change what that did.  An error is returned as its status
 * with err set as for any other call — the loop names the line.
 */
typedef int (*pm_irow_fn)(pm_ctx *ctx, const pm_import *imp, void *arg,
	pm_ichange *change, pm_err *err);

/*
 * The one import loop: open path with cols, hand every record to row,
 * count what each did, stop at the first error.  Every error — the
 * reader's, the handler's own checks, the database's — comes back with
 * its status as "file:line: reason" (a file that cannot be opened as
 * "file: reason"), field cleared: it is about a line, not an option.
 *
 * All or nothing and -n are the command's transaction: the loop writes
 * through ctx->db inside it, the caller (the front) rolls it back on an
 * error, and with ctx->dry_run after the counts are known.  *counts is
 * zeroed first and on an error holds the rows before the bad one.
 */
int pm_import_run(pm_ctx *ctx, const char *path, pm_ifmt fmt, const pm_icol *cols,
	int ncols, pm_irow_fn row, void *arg, pm_icounts *counts, pm_err *err);

#endif
