/*
 * out.h — streaming record writers: table, tsv, csv, json, id, ics.
 *
 * A verb declares its columns once, then for each record sets the cells
 * and calls pm_out_row().  Rows are written as they come; only the table
 * format holds back the first PM_OUT_TABLE_SAMPLE rows to choose column
 * widths, so memory never grows with the result.
 *
 *   table  aligned by display width (CJK = 2 columns), header line (also
 *          when there are no rows), text made terminal-safe and cut with
 *          "…" to the column's width (maxw, default 40); NULL as "-".
 *          INT, MONEY, DEC2 and SPAN are right-aligned and never cut: a number
 *          wider than its column (after the sample) overflows its line.
 *   tsv    one record a line, no header unless PM_OUT_HEADER; tab,
 *          newline, carriage return and backslash in a value written as
 *          \t \n \r \\ (other bytes as stored: tsv and csv are data;
 *          with PM_OUT_TERMINAL also made harmless, as a table is).
 *   csv    RFC 4180 (CRLF, quotes doubled), UTF-8 with a BOM so
 *          spreadsheets detect it (none on a terminal), header line; text cells starting with
 *          = + - @ tab or CR (after any ') get a leading ' (formula
 *          neutralisation), which CSV import takes off again.
 *   json   JSON Lines: one object a record, keys = column names in
 *          declaration order; money as integer fen, times ISO 8601 with
 *          offset, NULL as null.
 *   id     the record's key: the column flagged PM_COL_KEY, else the
 *          first of type PM_C_ID (else column 0), one a line, escaped as
 *          a tsv field; a NULL id writes no line.
 *   ics    RFC 5545 iCalendar: one VCALENDAR, one VEVENT a row, for
 *          rows that are events — the columns say which value plays
 *          which part (the event roles below); pm_out_new refuses ics
 *          for columns with no PM_COL_START.  UTF-8, CRLF line ends,
 *          lines folded at 75 octets between characters, text escaped
 *          (backslash ; , newline).  The header is written with the
 *          first row, END:VCALENDAR by pm_out_finish; nothing is held.
 *
 * Types in machine output (pm(7)): a flag (PM_C_BOOL) is a JSON boolean
 * and 1/0 in tsv/csv; a list (PM_C_LIST) is a JSON array of strings and
 * comma-separated elsewhere; a missing value (NULL) is null in json,
 * "-" in a table and empty in tsv/csv.
 *
 * Personal data: a column with a class (mask.h) has every text cell
 * masked by that class as it is set, so no format — table, tsv, csv,
 * json, id — can show it in clear, unless the writer was made with
 * PM_OUT_UNMASK (set by the front only after the --unmask checks).
 * The caller hands the value raw; deciding whether to mask is out's.
 *
 * Write errors are remembered and reported by pm_out_finish(): EPIPE (the
 * reader went away, `| head`) is a quiet success, anything else is
 * PM_EX_IOERR.  After an error pm_out_row() returns nonzero so the caller
 * can stop reading rows.  SIGPIPE must be ignored by the program (cli does).
 */
#ifndef PM_OUT_H
#define PM_OUT_H

#include <stdio.h>
#include <stdint.h>
#include "err.h"
#include "mask.h"

typedef enum pm_fmt {
	PM_FMT_TABLE = 0,
	PM_FMT_TSV,
	PM_FMT_CSV,
	PM_FMT_JSON,
	PM_FMT_ID,
	PM_FMT_ICS
} pm_fmt;

/* "table", "tsv", "csv", "json", "id", "ics" -> 0; anything else -> -1. */
int pm_fmt_parse(const char *s, pm_fmt *out);
const char *pm_fmt_name(pm_fmt f);

typedef enum pm_ctype {
	PM_C_TEXT = 0,  /* UTF-8 text; may hold anything anyone typed */
	PM_C_INT,       /* int64, right-aligned in tables */
	PM_C_MONEY,     /* int64 fen: "1234.50" in table/tsv/csv, integer in json */
	PM_C_DEC2,      /* int64 hundredths (area in 0.01 m2): "100.50"; json number 100.50 */
	PM_C_TIME,      /* pm_time: "2026-11-30 14:05" in tables, ISO 8601 elsewhere */
	PM_C_DATE,      /* pm_time shown as its business-zone date "2026-11-30" */
	PM_C_ID,        /* a typed ID or code given as text ("C12", "3-2-1502") */
	PM_C_BOOL,      /* int64 0/1: "yes"/"no" in table, 1/0 in tsv/csv, true/false in json */
	PM_C_JSON,      /* text holding a JSON value: embedded raw in json output */
	PM_C_SPAN,      /* int64 seconds: "5h20min" in tables (the two largest units,
	                 * the rest dropped), the integer elsewhere */
	PM_C_LIST       /* text "a,b,c": as is in table/tsv/csv, ["a","b","c"] in
	                 * json; "" is the empty list [] (items hold no comma) */
} pm_ctype;

typedef struct pm_col {
	const char *name;   /* json key and header; money columns end in _fen */
	pm_ctype type;
	int maxw;           /* table: widest the column may get; 0 = 40 */
	pm_pii_class pii;   /* personal data: masked unless PM_OUT_UNMASK; 0 none */
	unsigned flags;     /* PM_COL_* */
} pm_col;

/* The column that names the record: what `-o id` prints and the show
 * verb of its kind accepts.  Every list sets it on one column. */
#define PM_COL_KEY 0x1

/*
 * Event roles, for ics: what a column is to a calendar.  Roles are
 * flags, so one column may play two parts (a text in the summary, cut,
 * and in the description, whole).  Formats other than ics ignore them.
 *
 *   the key     the column -o id prints (PM_COL_KEY, else the first
 *               ID): UID is the key and PM_OUT_ICS_UID_DOMAIN, so the
 *               same record is the same event in every feed and on
 *               every refresh — a changed time moves it, never doubles it
 *   START       DTSTART: a TIME is an instant (UTC, ...Z: every calendar
 *               shows it in its own zone); a DATE is an all-day event on
 *               that business-zone date (VALUE=DATE).  With several
 *               START columns a row starts at the first that is set (a
 *               list of timed and all-day events: a TIME column, NULL in
 *               the all-day rows, before a DATE one).  A row whose start
 *               is NULL is not an event and is left out
 *   END         a TIME or DATE is DTEND (a DATE is the last day, so
 *               DTEND is the day after, as RFC 5545 counts); a SPAN is
 *               DURATION (whole days for an all-day event).  An end not
 *               after the start, or none, is left out: the event is a
 *               moment (a time) or the one day (a date)
 *   SUMMARY     SUMMARY: these columns' values in order, joined by a
 *               space, each cut like a table cell to its maxw (a short
 *               line), NULLs left out; none at all: the key
 *   LOCATION    LOCATION: these columns' values joined by a space
 *   DESC        DESCRIPTION starts with these values, whole, a paragraph
 *               each; then a "label: value" line (label as the table's
 *               header, value as a table shows it, uncut) for every
 *               other column that is not NULL and is not the key, START,
 *               END, LOCATION or DESC
 */
#define PM_COL_START    0x2
#define PM_COL_END      0x4
#define PM_COL_SUMMARY  0x8
#define PM_COL_LOCATION 0x10
#define PM_COL_DESC     0x20

/* The right-hand part of every UID: fixed, so re-subscribing, or a
 * second feed holding the same record, never duplicates an event. */
#define PM_OUT_ICS_UID_DOMAIN "pm.invalid"

#define PM_OUT_HEADER 0x1       /* tsv: print a header line */
#define PM_OUT_UNMASK 0x2       /* personal data in clear (after --unmask) */
#define PM_OUT_TERMINAL 0x4     /* fp is a terminal: tsv, csv and id text made
                                 * harmless as in a table (pm_text_safe, after
                                 * their own escaping); in a pipe they are data */
#define PM_OUT_TABLE_SAMPLE 256 /* rows buffered to size table columns */

typedef struct pm_out pm_out;

/*
 * Start a writer on fp (not owned).  cols is copied (the names it
 * points to must outlive the writer: literals, or the caller's static
 * strings).
 * Returns NULL only when ncols is 0 or > 64, or for ics when no column
 * is the START (pm_out_events says so beforehand).
 */
pm_out *pm_out_new(FILE *fp, pm_fmt fmt, const pm_col *cols, int ncols, unsigned flags);

/* 1 when cols can be written as ics: some column is PM_COL_START. */
int pm_out_events(const pm_col *cols, int ncols);

/* ics: the DTSTAMP of every event — the command's clock (PM_NOW), set
 * before the first row.  Unset, the writer asks pm_time_now once. */
void pm_out_clock(pm_out *o, int64_t now);

/*
 * The header column col shows a person (table, and the labels of ics
 * descriptions): text, already in the reader's language and not copied
 * (a literal or a catalogue's string), instead of the name's "column"
 * translation — for a name whose "column" word means something else
 * in another tool ("target": a payment's, a KPI's).  tsv, csv and json
 * keep the name.  Before the first row.
 */
void pm_out_header(pm_out *o, int col, const char *text);

/* Cell setters for the current row; values are copied.  Unset cells are NULL. */
void pm_out_text(pm_out *o, int col, const char *s);   /* s NULL = NULL */
void pm_out_int(pm_out *o, int col, int64_t v);        /* INT, MONEY, DEC2, TIME, DATE, BOOL */
void pm_out_null(pm_out *o, int col);

/*
 * One value of a record as a lib iterator hands it out: text for TEXT,
 * ID and JSON columns (an ID column may carry its number in i too), the
 * integer for every other type.  Raw: classed values are not masked.
 */
typedef struct pm_cell {
	int null;
	const char *s;
	int64_t i;
} pm_cell;

/* Set every column c of the current row from cells[map ? map[c] : c]
 * (the lib's full row, the caller's choice of columns) and write the
 * row: pm_out_row's result.  The one way to stream a lib's rows. */
int pm_out_cells(pm_out *o, const pm_cell *cells, const int *map);

/* Set text column col to v spelled as a person reads a value of column
 * as in a field/value listing (times to the minute in a table, ISO 8601
 * in tsv/csv; booleans yes/no; numbers as in the table), masked by as's
 * class unless the writer unmasks.  show verbs print records with it. */
void pm_out_value(pm_out *o, int col, const pm_col *as, const pm_cell *v);

/* Write the current row and clear the cells.  Returns 0, or -1 once the
 * output has failed or been closed (stop producing rows). */
int pm_out_row(pm_out *o);

/*
 * Holding rows for a writer's transaction (pm(7): a row is printed only
 * once what it reports is committed).  After pm_out_hold, pm_out_row
 * keeps each row — its cells as set, masked already — in memory and
 * writes nothing; pm_out_release writes the rows held so far, in order,
 * as pm_out_row would have (a table still sizes its columns from its
 * first rows), and holding goes on; pm_out_discard drops them.
 * Memory grows with the rows held, so hold only a writer's own report
 * (the front holds each writer verb's rows until its commit, and a
 * batch's until that batch's commit), never a listing.
 * pm_out_release returns 0, or -1 once the output has failed (as
 * pm_out_row).  pm_out_rows counts released rows only.
 */
void pm_out_hold(pm_out *o);
int pm_out_release(pm_out *o);
void pm_out_discard(pm_out *o);

/*
 * Write what is held back (table; rows held by pm_out_hold and not
 * released are dropped), flush, and check the stream.
 * Returns 0 (also after EPIPE: see pm_out_closed) or PM_EX_IOERR.
 */
int pm_out_finish(pm_out *o, pm_err *err);
int pm_out_closed(const pm_out *o);     /* 1 after EPIPE */
long pm_out_rows(const pm_out *o);      /* rows accepted so far (held-back table rows too) */
void pm_out_free(pm_out *o);

/* Does the csv writer give text s[0..n) a leading ' (formula
 * neutralisation): does it start with = + - @ tab or CR, after any
 * number of '?  The CSV import (import.h) takes that ' off again. */
int pm_out_csv_formula(const char *s, size_t n);

#endif
