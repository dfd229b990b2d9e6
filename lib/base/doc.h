/*
 * doc.h — a written report as a document: plain text, Markdown, or one
 * self-contained HTML page that prints on A4.
 *
 * Where out.h writes rows for programs, a document is for a person to
 * read, print and file: a title, headings, paragraphs and small tables
 * (a month's meetings, its actions).  The same calls make every format,
 * so the three show the same figures:
 *
 *	text  the title underlined, headings numbered by the caller, tables
 *	      aligned by display width (CJK characters are two columns);
 *	      text made harmless on a terminal (pm_text_safe)
 *	md    ATX headings, pipe tables (| and \ escaped, newlines as <br>)
 *	html  <!DOCTYPE html>, UTF-8, lang, one <style> (no scripts, no
 *	      external assets: fonts are the reader's CJK families), @page A4
 *	      with margins, table headers repeated on each printed page, rows
 *	      and charts never split, headings kept with what follows,
 *	      colours kept in print; every text escaped (& < > " ')
 *
 * A table is held until pm_doc_table_end (text needs its widths; its
 * rows are the caller's bounded section, never a stream of history).
 * A row may be marked (a target missed, an action overdue): bold red in
 * html, "**" around its first cell in md, "!" before it in text.
 *
 * Write errors are remembered and returned by pm_doc_finish: EPIPE is a
 * quiet success, anything else PM_EX_IOERR.
 */
#ifndef PM_DOC_H
#define PM_DOC_H

#include <stdio.h>
#include "err.h"

typedef enum pm_doc_fmt {
	PM_DOC_TEXT = 0,
	PM_DOC_MD,
	PM_DOC_HTML
} pm_doc_fmt;

/* "text", "md", "html" -> 0 and *out; anything else -1. */
int pm_doc_fmt_parse(const char *s, pm_doc_fmt *out);

typedef struct pm_doc pm_doc;

/* Start a document on fp (not owned) with its title; lang is the
 * html lang attribute ("zh-CN"). */
pm_doc *pm_doc_new(FILE *fp, pm_doc_fmt fmt, const char *title, const char *lang);

/* The format d writes (a caller skips work only html shows). */
pm_doc_fmt pm_doc_format(const pm_doc *d);

/* A heading of level 1 (a section) or 2; a paragraph. */
void pm_doc_heading(pm_doc *d, int level, const char *text);
void pm_doc_para(pm_doc *d, const char *text);

/* A table of ncols columns (1..16) with these headers; then rows of
 * ncols cells (NULL: empty) and the end.  right: bit i set when column
 * i holds numbers (right-aligned). */
#define PM_DOC_MAXCOLS 16
void pm_doc_table(pm_doc *d, const char *const *head, int ncols, unsigned right);
void pm_doc_row(pm_doc *d, const char *const *cells, int marked);
void pm_doc_table_end(pm_doc *d);

/*
 * A picture the caller drew as one <svg> element (lib/base/chart.h),
 * written as it is: it must be well-formed markup with its text
 * escaped, which chart.h's output is.  html places it in a block
 * (<figure class="chart">) that is never split across printed pages
 * and stays with the heading before it; text and md write nothing, for
 * a chart only draws figures the document also gives as a table (a
 * picture in a terminal or a mail's Markdown would be noise).
 */
void pm_doc_svg(pm_doc *d, const char *svg);

/* Close the document, flush, free; 0, or PM_EX_IOERR in err. */
int pm_doc_finish(pm_doc *d, pm_err *err);

#endif
