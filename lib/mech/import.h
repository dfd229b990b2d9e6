/*
 * import.h — reading records from CSV and JSON Lines files.
 *
 * The mechanism every import verb shares: open a file (or "-" for
 * stdin), map its header to the columns the caller knows, and hand out
 * one record at a time with its line number, streaming (memory does not
 * grow with the file).  The caller upserts each record by its natural
 * key inside the command's one transaction, and stops at the first bad
 * record: the error is "file:line: reason" and the whole import rolls
 * back.
 *
 * CSV: RFC 4180 — fields separated by commas, optionally quoted with ",
 * "" inside quotes is a quote, quoted fields may hold commas and line
 * breaks; CRLF or LF line ends; a UTF-8 byte order mark is skipped; the
 * first line is the header.  Blank lines, and rows whose fields are
 * all empty (",,,", which spreadsheets leave behind), are skipped.
 * Header names are trimmed of spaces and tabs and matched case-
 * sensitively; values are kept exactly as written.  Strict where RFC
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

/* Set err to "file:line: reason" for the current record (PM_EX_DATAERR);
 * returns it.  For the caller's own checks (unknown building, area 0). */
int pm_import_error(const pm_import *imp, pm_err *err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

void pm_import_close(pm_import *imp);

#endif
