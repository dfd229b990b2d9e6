/* doc.c — a written report in text, Markdown or HTML; see doc.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "doc.h"
#include "i18n.h"
#include "text.h"

struct pm_doc {
	FILE *fp;
	pm_doc_fmt fmt;
	int ncols;
	unsigned right;
	char **cells;           /* the table held: (nrows + 1) * ncols, header first */
	int *marked;
	int nrows, cap;
	int fail;               /* a write failed (errno kept in err) */
	int err;
};

int
pm_doc_fmt_parse(const char *s, pm_doc_fmt *out)
{
	static const char *const names[] = { "text", "md", "html" };
	int i = s != NULL ? pm_text_enum(names, 3, s) : -1;

	if (i < 0)
		return -1;
	*out = (pm_doc_fmt)i;
	return 0;
}

static void
put(pm_doc *d, const char *s)
{
	if (d->fail)
		return;
	if (fputs(s, d->fp) == EOF) {
		d->fail = 1;
		d->err = errno;
	}
}

/* s as the format wants it: escaped for html and md, harmless in text. */
static void
esc(pm_doc *d, const char *s, int in_table)
{
	pm_buf b;
	const char *p;

	if (s == NULL)
		return;
	pm_buf_init(&b);
	if (d->fmt == PM_DOC_TEXT) {
		pm_text_safe(&b, s);
	} else if (d->fmt == PM_DOC_HTML) {
		const char *nl;
		for (p = s; (nl = strchr(p, '\n')) != NULL; p = nl + 1) {
			pm_text_html(&b, p, (size_t)(nl - p));
			pm_buf_adds(&b, in_table ? "<br>" : "\n");
		}
		pm_text_html(&b, p, strlen(p));
	} else {
		for (p = s; *p != '\0'; p++) {
			if (*p == '\n') {
				pm_buf_adds(&b, in_table ? "<br>" : "  \n");
				continue;
			}
			if (*p == '\r')
				continue;
			/* what Markdown would read as markup or HTML (#
			 * only where it could open a heading) */
			if (strchr("\\`*_[]<>|~", *p) != NULL ||
			    (*p == '#' && (p == s || p[-1] == '\n')))
				pm_buf_addc(&b, '\\');
			pm_buf_addc(&b, *p);
		}
	}
	put(d, b.s);
	pm_buf_free(&b);
}

/*
 * The page: A4 with margins; the body one column of at most 180 mm (the
 * page less its margins).  Print rules: colours kept (header shading,
 * marked rows, charts), headings never last on a page, table rows and
 * charts never split, a long table's header repeated on every page.
 * Cells wrap at spaces (CJK between any two characters) and keep a
 * word whole; a cell holding a run too long for a column (a pasted
 * link, class b) may break it anywhere, so it cannot widen the page —
 * anywhere everywhere would cut short codes ("mai-nt") to make room.
 * Numbers are not nowrap: that would squeeze the text columns to one
 * character beside wide distributions ("25min / p90 1h30m (n 4)").
 */
static const char html_head[] =
	"<meta charset=\"utf-8\">\n"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	"<style>\n"
	"@page { size: A4; margin: 18mm 15mm; }\n"
	"html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }\n"
	"body { font-family: " PM_CHART_FONTS "; font-size: 10.5pt; line-height: 1.45; "
	"color: #111; max-width: 180mm; margin: 0 auto; }\n"
	"@media screen { body { padding: 8mm; } }\n"
	"h1 { font-size: 16pt; border-bottom: 2px solid #333; padding-bottom: 4pt; }\n"
	"h2 { font-size: 13pt; margin-top: 14pt; }\n"
	"h3 { font-size: 11pt; }\n"
	"h1, h2, h3 { break-after: avoid; page-break-after: avoid; break-inside: avoid; }\n"
	"p { orphans: 3; widows: 3; }\n"
	"table { border-collapse: collapse; width: 100%; margin: 6pt 0; table-layout: auto; }\n"
	"th, td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; "
	"overflow-wrap: break-word; }\n"
	"td.b { overflow-wrap: anywhere; }\n"
	"th { background: #eee; text-align: left; }\n"
	"td.n { text-align: right; overflow-wrap: normal; }\n"
	"thead { display: table-header-group; }\n"
	"tr { break-inside: avoid; page-break-inside: avoid; }\n"
	"tr.miss td { color: #b00; font-weight: bold; }\n"
	"figure.chart { margin: 4pt 0 10pt; break-inside: avoid; page-break-inside: avoid; }\n"
	"figure.chart svg { display: block; width: 100%; max-width: 170mm; height: auto; }\n"
	"</style>\n";

pm_doc *
pm_doc_new(FILE *fp, pm_doc_fmt fmt, const char *title, const char *lang)
{
	pm_doc *d = pm_xcalloc(1, sizeof *d);
	size_t w, i;

	d->fp = fp;
	d->fmt = fmt;
	switch (fmt) {
	case PM_DOC_HTML:
		put(d, "<!DOCTYPE html>\n<html lang=\"");
		esc(d, lang != NULL ? lang : "en", 0);
		put(d, "\">\n<head>\n");
		put(d, html_head);
		put(d, "<title>");
		esc(d, title, 0);
		put(d, "</title>\n</head>\n<body>\n<h1>");
		esc(d, title, 0);
		put(d, "</h1>\n");
		break;
	case PM_DOC_MD:
		put(d, "# ");
		esc(d, title, 0);
		put(d, "\n");
		break;
	default:
		esc(d, title, 0);
		put(d, "\n");
		w = pm_text_width(title);
		for (i = 0; i < w; i++)
			put(d, "=");
		put(d, "\n");
		break;
	}
	return d;
}

pm_doc_fmt
pm_doc_format(const pm_doc *d)
{
	return d->fmt;
}

void
pm_doc_heading(pm_doc *d, int level, const char *text)
{
	size_t w, i;

	switch (d->fmt) {
	case PM_DOC_HTML:
		put(d, level <= 1 ? "<h2>" : "<h3>");
		esc(d, text, 0);
		put(d, level <= 1 ? "</h2>\n" : "</h3>\n");
		break;
	case PM_DOC_MD:
		put(d, level <= 1 ? "\n## " : "\n### ");
		esc(d, text, 0);
		put(d, "\n");
		break;
	default:
		put(d, "\n");
		esc(d, text, 0);
		put(d, "\n");
		w = pm_text_width(text);
		for (i = 0; i < w; i++)
			put(d, level <= 1 ? "-" : "~");
		put(d, "\n");
		break;
	}
}

void
pm_doc_para(pm_doc *d, const char *text)
{
	switch (d->fmt) {
	case PM_DOC_HTML:
		put(d, "<p>");
		esc(d, text, 0);
		put(d, "</p>\n");
		break;
	default:
		put(d, "\n");
		esc(d, text, 0);
		put(d, "\n");
		break;
	}
}

static void
hold(pm_doc *d, const char *const *cells, int marked)
{
	int i;

	if (d->nrows + 1 >= d->cap) {
		d->cap = d->cap ? 2 * d->cap : 16;
		d->cells = realloc(d->cells, (size_t)d->cap * (size_t)d->ncols * sizeof *d->cells);
		d->marked = realloc(d->marked, (size_t)d->cap * sizeof *d->marked);
		if (d->cells == NULL || d->marked == NULL)
			abort();
	}
	for (i = 0; i < d->ncols; i++)
		d->cells[d->nrows * d->ncols + i] = pm_xstrdup(cells[i] != NULL ? cells[i] : "");
	d->marked[d->nrows++] = marked;
}

void
pm_doc_table(pm_doc *d, const char *const *head, int ncols, unsigned right)
{
	if (ncols < 1)
		ncols = 1;
	if (ncols > PM_DOC_MAXCOLS)
		ncols = PM_DOC_MAXCOLS;
	d->ncols = ncols;
	d->right = right;
	d->nrows = 0;
	hold(d, head, 0);
}

void
pm_doc_row(pm_doc *d, const char *const *cells, int marked)
{
	if (d->ncols > 0)
		hold(d, cells, marked);
}

/* One text line of row r, each cell padded to its column's width. */
static void
text_row(pm_doc *d, int r, const size_t *w)
{
	pm_buf b, s;
	int i;

	pm_buf_init(&b);
	pm_buf_init(&s);
	pm_buf_adds(&b, d->marked[r] ? "! " : "  ");
	for (i = 0; i < d->ncols; i++) {
		size_t cw;
		pm_buf_reset(&s);
		pm_text_safe(&s, d->cells[r * d->ncols + i]);
		cw = pm_text_width(s.s);
		if (i > 0)
			pm_buf_adds(&b, "  ");
		if ((d->right >> i) & 1)
			while (cw++ < w[i])
				pm_buf_addc(&b, ' ');
		pm_buf_adds(&b, s.s);
		if (!((d->right >> i) & 1) && i + 1 < d->ncols)
			while (cw++ < w[i])
				pm_buf_addc(&b, ' ');
	}
	pm_buf_addc(&b, '\n');
	put(d, b.s);
	pm_buf_free(&s);
	pm_buf_free(&b);
}

/* Does s hold a run of more than 24 characters with no place to break
 * a line (no space; CJK, which breaks anywhere, ends a run)? */
static int
long_run(const char *s)
{
	int run = 0;

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch >= 0xe0)
			run = 0;
		else if ((ch & 0xc0) != 0x80 && ++run > 24)
			return 1;
	}
	return 0;
}

void
pm_doc_table_end(pm_doc *d)
{
	size_t w[PM_DOC_MAXCOLS];
	int r, i;

	if (d->ncols == 0)
		return;
	if (d->fmt == PM_DOC_TEXT) {
		pm_buf s;
		pm_buf_init(&s);
		for (i = 0; i < d->ncols; i++) {
			w[i] = 0;
			for (r = 0; r < d->nrows; r++) {
				size_t cw;
				pm_buf_reset(&s);
				pm_text_safe(&s, d->cells[r * d->ncols + i]);
				if ((cw = pm_text_width(s.s)) > w[i])
					w[i] = cw;
			}
		}
		pm_buf_free(&s);
		put(d, "\n");
		for (r = 0; r < d->nrows; r++)
			text_row(d, r, w);
	} else if (d->fmt == PM_DOC_MD) {
		put(d, "\n");
		for (r = 0; r < d->nrows; r++) {
			put(d, "|");
			for (i = 0; i < d->ncols; i++) {
				const char *c = d->cells[r * d->ncols + i];
				int bold = d->marked[r] && i == 0 && *c != '\0';
				put(d, " ");
				if (bold)
					put(d, "**");
				esc(d, c, 1);
				if (bold)
					put(d, "**");
				put(d, " |");
			}
			put(d, "\n");
			if (r == 0) {
				put(d, "|");
				for (i = 0; i < d->ncols; i++)
					put(d, ((d->right >> i) & 1) ? " ---: |" : " --- |");
				put(d, "\n");
			}
		}
	} else {
		put(d, "<table>\n<thead><tr>");
		for (i = 0; i < d->ncols; i++) {
			put(d, "<th>");
			esc(d, d->cells[i], 1);
			put(d, "</th>");
		}
		put(d, "</tr></thead>\n<tbody>\n");
		for (r = 1; r < d->nrows; r++) {
			put(d, d->marked[r] ? "<tr class=\"miss\">" : "<tr>");
			for (i = 0; i < d->ncols; i++) {
				const char *c = d->cells[r * d->ncols + i];
				put(d, ((d->right >> i) & 1) ? "<td class=\"n\">" :
				    long_run(c) ? "<td class=\"b\">" : "<td>");
				esc(d, c, 1);
				put(d, "</td>");
			}
			put(d, "</tr>\n");
		}
		put(d, "</tbody>\n</table>\n");
	}
	for (r = 0; r < d->nrows * d->ncols; r++)
		free(d->cells[r]);
	d->nrows = 0;
	d->ncols = 0;
}

void
pm_doc_svg(pm_doc *d, const char *svg)
{
	if (d->fmt != PM_DOC_HTML || svg == NULL)
		return;
	if (d->ncols > 0)
		pm_doc_table_end(d);
	put(d, "<figure class=\"chart\">\n");
	put(d, svg);
	put(d, "</figure>\n");
}

int
pm_doc_finish(pm_doc *d, pm_err *err)
{
	int rc = 0;

	if (d == NULL)
		return 0;
	if (d->ncols > 0)
		pm_doc_table_end(d);
	if (d->fmt == PM_DOC_HTML)
		put(d, "</body>\n</html>\n");
	if (!d->fail && fflush(d->fp) == EOF) {
		d->fail = 1;
		d->err = errno;
	}
	if (d->fail && d->err != EPIPE)
		rc = pm_err_set(err, PM_EX_IOERR, _("cannot write the document: %s"),
		    strerror(d->err));
	free(d->cells);
	free(d->marked);
	free(d);
	return rc;
}
