/* out.c — streaming record writers; see out.h. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "out.h"
#include "text.h"
#include "pmtime.h"

#define MAX_COLS 64
#define DEFAULT_MAXW 40

enum { CELL_NULL = 0, CELL_TEXT, CELL_INT };

/* How a value is spelled: for a terminal, for tsv/csv, or inside JSON. */
enum mode { M_TABLE, M_PLAIN, M_JSON };

struct cell {
	int kind;
	int64_t v;
	pm_buf text;    /* reused row after row, so it stops growing */
};

struct pm_out {
	FILE *fp;
	pm_fmt fmt;
	const pm_col *cols;
	pm_col colcopy[MAX_COLS];
	int ncols;
	unsigned flags;
	int idcol;              /* the column -o id prints */
	const char *head[MAX_COLS];     /* table and ics labels set by pm_out_header */
	int startcol, endcol;   /* ics: the first START and END columns, or -1 */
	struct cell cell[MAX_COLS];
	pm_buf line;            /* the line being built */
	pm_buf val;             /* one rendered value */
	pm_buf raw;             /* ics: a property's value before escaping */
	int64_t stamp;          /* ics: DTSTAMP, the command's clock */
	int has_stamp;
	int started;            /* BOM / header written */
	int finished;
	int closed;             /* the reader went away (EPIPE) */
	int error;              /* errno of the first other write error */
	long rows;
	/* table only */
	size_t width[MAX_COLS];
	int sized;              /* widths chosen, rows now stream */
	int nsample;
	pm_buf sample;          /* held-back cells, NUL-separated, already safe */
	size_t *offs;           /* nsample * ncols offsets into sample */
	/* pm_out_hold: rows kept, as their cells, until released */
	int holding;
	pm_buf held;            /* per row, per cell: kind byte, then an int64 or a
	                         * size_t length and the (already masked) text */
};

static int is_text(pm_ctype t);
static size_t col_maxw(const pm_col *c);
static void render_int(pm_buf *dst, pm_ctype type, int64_t v, enum mode m);

int
pm_fmt_parse(const char *s, pm_fmt *out)
{
	static const pm_fmt all[] = {
		PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_CSV, PM_FMT_JSON, PM_FMT_ID, PM_FMT_ICS
	};
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		if (strcmp(s, pm_fmt_name(all[i])) == 0) {
			*out = all[i];
			return 0;
		}
	}
	return -1;
}

const char *
pm_fmt_name(pm_fmt f)
{
	switch (f) {
	case PM_FMT_TABLE: return "table";
	case PM_FMT_TSV: return "tsv";
	case PM_FMT_CSV: return "csv";
	case PM_FMT_JSON: return "json";
	case PM_FMT_ID: return "id";
	case PM_FMT_ICS: return "ics";
	}
	return "?";
}

int
pm_out_events(const pm_col *cols, int ncols)
{
	int i;

	for (i = 0; i < ncols; i++)
		if (cols[i].flags & PM_COL_START)
			return 1;
	return 0;
}

pm_out *
pm_out_new(FILE *fp, pm_fmt fmt, const pm_col *cols, int ncols, unsigned flags)
{
	pm_out *o;
	int i;

	if (cols == NULL || ncols <= 0 || ncols > MAX_COLS)
		return NULL;
	if (fmt == PM_FMT_ICS && !pm_out_events(cols, ncols))
		return NULL;
	/* Like pm_buf: without memory the tools can do nothing useful. */
	if ((o = calloc(1, sizeof *o)) == NULL)
		abort();
	o->fp = fp;
	o->fmt = fmt;
	/* a copy: the writer is finished after the verb that declared the
	 * columns has returned, so they must not live on its stack */
	memcpy(o->colcopy, cols, (size_t)ncols * sizeof *cols);
	o->cols = o->colcopy;
	o->ncols = ncols;
	o->flags = flags;
	for (i = 0; i < ncols; i++)
		pm_buf_init(&o->cell[i].text);
	pm_buf_init(&o->line);
	pm_buf_init(&o->val);
	pm_buf_init(&o->raw);
	pm_buf_init(&o->sample);
	pm_buf_init(&o->held);
	/* the key the table names, else the first ID: a listing of
	 * buildings starts with its site, which names no building */
	o->idcol = -1;
	for (i = 0; i < ncols && o->idcol < 0; i++)
		if (cols[i].flags & PM_COL_KEY)
			o->idcol = i;
	for (i = 0; i < ncols && o->idcol < 0; i++)
		if (cols[i].type == PM_C_ID)
			o->idcol = i;
	if (o->idcol < 0)
		o->idcol = 0;
	o->startcol = o->endcol = -1;
	for (i = ncols - 1; i >= 0; i--) {
		if (cols[i].flags & PM_COL_START)
			o->startcol = i;
		if (cols[i].flags & PM_COL_END)
			o->endcol = i;
	}
	if (fmt == PM_FMT_TABLE) {
		o->offs = calloc((size_t)PM_OUT_TABLE_SAMPLE * (size_t)ncols, sizeof *o->offs);
		if (o->offs == NULL)
			abort();
	}
	return o;
}

void
pm_out_free(pm_out *o)
{
	int i;

	if (o == NULL)
		return;
	for (i = 0; i < o->ncols; i++)
		pm_buf_free(&o->cell[i].text);
	pm_buf_free(&o->line);
	pm_buf_free(&o->val);
	pm_buf_free(&o->raw);
	pm_buf_free(&o->sample);
	pm_buf_free(&o->held);
	free(o->offs);
	free(o);
}

void
pm_out_clock(pm_out *o, int64_t now)
{
	o->stamp = now;
	o->has_stamp = 1;
}

void
pm_out_header(pm_out *o, int col, const char *text)
{
	if (col >= 0 && col < o->ncols)
		o->head[col] = text;
}

/* Column i's header as a person reads it (table, ics labels). */
static const char *
col_head(const pm_out *o, int i)
{
	return o->head[i] != NULL ? o->head[i] : pm_i18n_column(o->cols[i].name);
}

/* Setters ignore a column number out of range rather than write past
 * the row: the lib never aborts on a caller's slip it can survive. */
void
pm_out_text(pm_out *o, int col, const char *s)
{
	struct cell *c;

	if (col < 0 || col >= o->ncols)
		return;
	c = &o->cell[col];
	if (s == NULL) {
		c->kind = CELL_NULL;
		return;
	}
	c->kind = CELL_TEXT;
	pm_buf_reset(&c->text);
	if (o->cols[col].pii != PM_PII_NONE && !(o->flags & PM_OUT_UNMASK))
		pm_mask(&c->text, o->cols[col].pii, s);
	else
		pm_buf_adds(&c->text, s);
}

void
pm_out_int(pm_out *o, int col, int64_t v)
{
	if (col < 0 || col >= o->ncols)
		return;
	o->cell[col].kind = CELL_INT;
	o->cell[col].v = v;
}

void
pm_out_null(pm_out *o, int col)
{
	if (col < 0 || col >= o->ncols)
		return;
	o->cell[col].kind = CELL_NULL;
}

int
pm_out_cells(pm_out *o, const pm_cell *cells, const int *map)
{
	int i;

	for (i = 0; i < o->ncols; i++) {
		const pm_cell *c = &cells[map != NULL ? map[i] : i];
		if (c->null)
			pm_out_null(o, i);
		else if (is_text(o->cols[i].type))
			pm_out_text(o, i, c->s);
		else
			pm_out_int(o, i, c->i);
	}
	return pm_out_row(o);
}

void
pm_out_value(pm_out *o, int col, const pm_col *as, const pm_cell *v)
{
	struct cell *c;

	if (col < 0 || col >= o->ncols)
		return;
	c = &o->cell[col];
	if (v->null) {
		c->kind = CELL_NULL;
		return;
	}
	if (is_text(as->type)) {
		c->kind = CELL_TEXT;
		pm_buf_reset(&c->text);
		if (as->pii != PM_PII_NONE && !(o->flags & PM_OUT_UNMASK))
			pm_mask(&c->text, as->pii, v->s);
		else
			pm_buf_adds(&c->text, v->s);
		return;
	}
	/* a flag is spelled as its own column would be: yes/no for people,
	 * 1/0 in tsv/csv (pm(7): one spelling of a flag in machine output) */
	c->kind = CELL_TEXT;
	pm_buf_reset(&c->text);
	render_int(&c->text, as->type, v->i, o->fmt == PM_FMT_TABLE ? M_TABLE : M_PLAIN);
}

int
pm_out_closed(const pm_out *o)
{
	return o->closed;
}

long
pm_out_rows(const pm_out *o)
{
	return o->rows;
}

static int
failed(const pm_out *o)
{
	return o->closed || o->error != 0;
}

/*
 * Write the built line.  stdio may only see the error at a later flush,
 * so fwrite's short count is checked here and fflush/ferror again in
 * pm_out_finish.  EPIPE is the reader saying "enough" (`| head`), not a
 * failure: remember it apart so finish stays quiet.
 */
static void
put_line(pm_out *o)
{
	size_t n;

	if (failed(o) || o->line.len == 0)
		return;
	errno = 0;
	n = fwrite(o->line.s, 1, o->line.len, o->fp);
	if (n != o->line.len) {
		if (errno == EPIPE)
			o->closed = 1;
		else
			o->error = errno != 0 ? errno : EIO;
	}
}

static int
is_number(pm_ctype t)
{
	return t == PM_C_INT || t == PM_C_MONEY || t == PM_C_DEC2 || t == PM_C_SPAN;
}

/*
 * A duration for people: its largest unit of d, h, min, s (the words
 * spans are written with) and the next one down when not zero, the rest
 * dropped, since a table is read, not computed with: 45s, 50min,
 * 59min59s, 5h, 5h20min, 6d4h.  0 is "0s".
 */
static size_t
span_format(int64_t v, char *buf, size_t n)
{
	static const int64_t secs[] = { 86400, 3600, 60, 1 };
	static const char *const unit[] = { "d", "h", "min", "s" };
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	size_t i = 0;
	int w;

	while (i < 3 && a < (uint64_t)secs[i])
		i++;
	w = snprintf(buf, n, "%s%llu%s", v < 0 ? "-" : "",
	    (unsigned long long)(a / (uint64_t)secs[i]), unit[i]);
	a %= (uint64_t)secs[i];
	if (i < 3 && a / (uint64_t)secs[i + 1] > 0 && w > 0 && (size_t)w < n)
		w += snprintf(buf + w, n - (size_t)w, "%llu%s",
		    (unsigned long long)(a / (uint64_t)secs[i + 1]), unit[i + 1]);
	return w > 0 ? (size_t)w : 0;
}

static int
is_text(pm_ctype t)
{
	return t == PM_C_TEXT || t == PM_C_ID || t == PM_C_JSON || t == PM_C_LIST;
}

/* Append an integer cell to dst, spelled for mode and column type. */
static void
render_int(pm_buf *dst, pm_ctype type, int64_t v, enum mode m)
{
	char tmp[64];
	size_t n;

	switch (type) {
	case PM_C_MONEY:
		if (m == M_JSON)
			goto plain;
		n = pm_money_format(v, 0, tmp, sizeof tmp);
		break;
	case PM_C_DEC2:
		/* "100.50" is also a JSON number, so all modes agree. */
		n = pm_decimal_format(v, 2, tmp, sizeof tmp);
		break;
	case PM_C_TIME:
		n = pm_time_format(v, m == M_TABLE ? PM_TF_MINUTE : PM_TF_ISO, tmp, sizeof tmp);
		break;
	case PM_C_DATE:
		n = pm_time_format(v, PM_TF_DATE, tmp, sizeof tmp);
		break;
	case PM_C_SPAN:
		if (m != M_TABLE)
			goto plain;
		n = span_format(v, tmp, sizeof tmp);
		break;
	case PM_C_BOOL:
		if (m == M_TABLE)
			pm_buf_adds(dst, v ? "yes" : "no");
		else if (m == M_JSON)
			pm_buf_adds(dst, v ? "true" : "false");
		else
			pm_buf_adds(dst, v ? "1" : "0");
		return;
	default:
		goto plain;
	}
	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	if (m == M_JSON && (type == PM_C_TIME || type == PM_C_DATE)) {
		pm_buf_addc(dst, '"');
		pm_buf_add(dst, tmp, n);
		pm_buf_addc(dst, '"');
	} else {
		pm_buf_add(dst, tmp, n);
	}
	return;
plain:
	pm_buf_addi(dst, v);
}

/*
 * JSON-typed text is trusted to be one JSON value and embedded as is.
 * A raw CR or LF can only be whitespace between tokens in valid JSON
 * (inside a string it would be invalid anyway), so turning it into a
 * space keeps the value and keeps one record on one line.  Empty text
 * is no value at all: write null rather than break the object.
 */
static void
render_json_raw(pm_buf *dst, const char *s)
{
	size_t start = dst->len, i;

	if (*s == '\0') {
		pm_buf_adds(dst, "null");
		return;
	}
	pm_buf_adds(dst, s);
	for (i = start; i < dst->len; i++)
		if (dst->s[i] == '\n' || dst->s[i] == '\r')
			dst->s[i] = ' ';
}

/* A list "a,b" as the JSON array ["a","b"]; "" is [] (no items, which
 * is a value: the member holds no role), never [""]. */
static void
render_json_list(pm_buf *dst, const char *s)
{
	pm_buf item;
	const char *p = s;

	pm_buf_init(&item);
	pm_buf_addc(dst, '[');
	while (*s != '\0') {
		const char *comma = strchr(p, ',');
		size_t n = comma != NULL ? (size_t)(comma - p) : strlen(p);
		pm_buf_reset(&item);
		pm_buf_add(&item, p, n);
		if (p != s)
			pm_buf_addc(dst, ',');
		pm_json_str(dst, item.s);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	pm_buf_addc(dst, ']');
	pm_buf_free(&item);
}

/* Append cell col of the current row to dst, spelled for mode. */
static void
render(pm_out *o, int col, enum mode m, pm_buf *dst)
{
	const struct cell *c = &o->cell[col];
	pm_ctype type = o->cols[col].type;

	switch (c->kind) {
	case CELL_NULL:
		if (m == M_TABLE)
			pm_buf_addc(dst, '-');
		else if (m == M_JSON)
			pm_buf_adds(dst, "null");
		return;
	case CELL_INT:
		render_int(dst, type, c->v, m);
		return;
	}
	if (m == M_TABLE)
		pm_text_safe(dst, c->text.s);
	else if (m == M_PLAIN)
		pm_buf_adds(dst, c->text.s);
	else if (type == PM_C_JSON)
		render_json_raw(dst, c->text.s);
	else if (type == PM_C_LIST)
		render_json_list(dst, c->text.s);
	else
		pm_json_str(dst, c->text.s);
}

static void
tsv_escape(pm_buf *dst, const char *s, size_t n)
{
	size_t i, run = 0;

	for (i = 0; i < n; i++) {
		const char *e = NULL;
		switch (s[i]) {
		case '\t': e = "\\t"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\\': e = "\\\\"; break;
		}
		if (e == NULL)
			continue;
		pm_buf_add(dst, s + run, i - run);
		pm_buf_adds(dst, e);
		run = i + 1;
	}
	pm_buf_add(dst, s + run, n - run);
}

int
pm_out_csv_formula(const char *s, size_t n)
{
	size_t i = 0;

	/* a cell that already starts with ' before one of them gets one
	 * more, so that import, taking one off, gives back what was there */
	while (i < n && s[i] == '\'')
		i++;
	return i < n && strchr("=+-@\t\r", s[i]) != NULL;
}

/*
 * One CSV field.  A spreadsheet runs a cell starting with = + - @ (and
 * tab or CR, which it strips first) as a formula, so text that people
 * typed is given a leading ' there; numbers are ours and stay numbers.
 */
static void
csv_field(pm_buf *dst, const char *s, size_t n, int neutralise)
{
	int quote;
	size_t i;

	neutralise = neutralise && pm_out_csv_formula(s, n);
	/* Spreadsheets trim unquoted blanks at either end; quoting keeps them. */
	quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (quote)
		pm_buf_addc(dst, '"');
	if (neutralise)
		pm_buf_addc(dst, '\'');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			pm_buf_addc(dst, '"');
		pm_buf_addc(dst, s[i]);
	}
	if (quote)
		pm_buf_addc(dst, '"');
}

static void
end_line(pm_out *o, const char *eol)
{
	pm_buf_adds(&o->line, eol);
	put_line(o);
	pm_buf_reset(&o->line);
}

/* BOM and header for csv, header for tsv when asked; once. */
static void
start(pm_out *o)
{
	int i;

	if (o->started)
		return;
	o->started = 1;
	pm_buf_reset(&o->line);
	if (o->fmt == PM_FMT_CSV) {
		/* The BOM is what makes Excel and WPS read the file as UTF-8;
		 * a terminal is no spreadsheet and shows none. */
		if (!(o->flags & PM_OUT_TERMINAL))
			pm_buf_adds(&o->line, "\xef\xbb\xbf");
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				pm_buf_addc(&o->line, ',');
			csv_field(&o->line, o->cols[i].name, strlen(o->cols[i].name), 0);
		}
		end_line(o, "\r\n");
	} else if (o->fmt == PM_FMT_ICS) {
		/* the clock of the command, else of now; a PM_NOW too bad to
		 * read has been refused before any writer exists */
		pm_err e;

		if (!o->has_stamp && pm_time_now(&o->stamp, &e) != 0)
			o->stamp = (int64_t)time(NULL);
		pm_buf_adds(&o->line, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
		    "PRODID:-//pm//pm//EN\r\nCALSCALE:GREGORIAN\r\n");
		put_line(o);
		pm_buf_reset(&o->line);
	} else if (o->fmt == PM_FMT_TSV && (o->flags & PM_OUT_HEADER)) {
		for (i = 0; i < o->ncols; i++) {
			if (i > 0)
				pm_buf_addc(&o->line, '\t');
			tsv_escape(&o->line, o->cols[i].name, strlen(o->cols[i].name));
		}
		end_line(o, "\n");
	}
}

static void
row_tsv(pm_out *o)
{
	int i;

	for (i = 0; i < o->ncols; i++) {
		const struct cell *c = &o->cell[i];
		if (i > 0)
			pm_buf_addc(&o->line, '\t');
		/* straight into the line, as render would spell them: text
		 * escaped, numbers and times (which hold nothing to escape)
		 * as they are, NULL as nothing */
		if (c->kind == CELL_TEXT && (o->flags & PM_OUT_TERMINAL)) {
			pm_buf_reset(&o->val);
			tsv_escape(&o->val, c->text.s, c->text.len);
			pm_text_safe(&o->line, o->val.s);
		} else if (c->kind == CELL_TEXT)
			tsv_escape(&o->line, c->text.s, c->text.len);
		else if (c->kind == CELL_INT)
			render_int(&o->line, o->cols[i].type, c->v, M_PLAIN);
	}
	end_line(o, "\n");
}

/* A line of tsv, csv or id for a terminal: text made harmless as a
 * table's is (escapes, bidi and invisible characters); what goes into
 * a pipe or a file stays data, byte for byte. */
static void
line_safe(pm_out *o, size_t from)
{
	pm_buf_reset(&o->val);
	pm_buf_adds(&o->val, o->line.s + from);
	o->line.len = from;
	o->line.s[from] = '\0';
	pm_text_safe(&o->line, o->val.s);
}

static void
row_csv(pm_out *o)
{
	size_t from = o->line.len;
	int i;

	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			pm_buf_addc(&o->line, ',');
		pm_buf_reset(&o->val);
		render(o, i, M_PLAIN, &o->val);
		csv_field(&o->line, o->val.s, o->val.len,
		    o->cell[i].kind == CELL_TEXT && is_text(o->cols[i].type));
	}
	if (o->flags & PM_OUT_TERMINAL)
		line_safe(o, from);
	end_line(o, "\r\n");
}

static void
row_json(pm_out *o)
{
	int i;

	pm_buf_addc(&o->line, '{');
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			pm_buf_addc(&o->line, ',');
		pm_json_str(&o->line, o->cols[i].name);
		pm_buf_addc(&o->line, ':');
		render(o, i, M_JSON, &o->line);
	}
	end_line(o, "}\n");
}

/* The id is the first tsv field of a line, escaped alike, so `-o id`
 * and `-o tsv` feed the same `-` readers.  A NULL id has no line. */
static void
row_id(pm_out *o)
{
	if (o->cell[o->idcol].kind == CELL_NULL)
		return;
	pm_buf_reset(&o->val);
	render(o, o->idcol, M_PLAIN, &o->val);
	tsv_escape(&o->line, o->val.s, o->val.len);
	if (o->flags & PM_OUT_TERMINAL)
		line_safe(o, 0);
	end_line(o, "\n");
}

/* ---- ics (RFC 5545) ---------------------------------------------------- */

/*
 * Append the logical content line s[0..n) to dst folded as RFC 5545
 * says: at most 75 octets a line (CRLF not counted), each continuation
 * starting with one space, which counts.  A fold never falls inside a
 * UTF-8 character — a calendar that unfolds by octets (they all do)
 * gets the character back whole, and one that shows the raw lines never
 * sees half of one — nor inside a backslash escape, which RFC 5545
 * allows but readers that unescape line by line get wrong.
 */
static void
ics_fold(pm_buf *dst, const char *s, size_t n)
{
	size_t i = 0, lim = 75, cut, k;

	while (n - i > lim) {
		cut = i + lim;
		while (cut > i && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
		/* an odd run of backslashes before the cut ends in an escape's
		 * first half: take it to the next line */
		for (k = cut; k > i && s[k - 1] == '\\'; k--)
			;
		if ((cut - k) % 2 == 1)
			cut--;
		if (cut == i)   /* no character starts here: not UTF-8 at all */
			cut = i + lim;
		pm_buf_add(dst, s + i, cut - i);
		pm_buf_adds(dst, "\r\n ");
		i = cut;
		lim = 74;
	}
	pm_buf_add(dst, s + i, n - i);
	pm_buf_adds(dst, "\r\n");
}

/*
 * Append s as an RFC 5545 TEXT value: backslash, semicolon and comma
 * escaped, a line break (LF, CRLF or CR) as \n.  TEXT may hold no other
 * control character than tab, and a strict reader refuses invalid
 * UTF-8: both become U+FFFD, so one odd byte typed by someone never
 * costs the whole calendar.
 */
static void
ics_text(pm_buf *dst, const char *s)
{
	size_t n = strlen(s), i = 0;
	int32_t cp;
	int k;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '\\': case ';': case ',':
			pm_buf_addc(dst, '\\');
			pm_buf_addc(dst, (char)c);
			i++;
			continue;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			/* fall through */
		case '\n':
			pm_buf_adds(dst, "\\n");
			i++;
			continue;
		}
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			pm_buf_adds(dst, "\xef\xbf\xbd");
			i++;
			continue;
		}
		k = pm_utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			pm_buf_adds(dst, "\xef\xbf\xbd");
		else
			pm_buf_add(dst, s + i, (size_t)k);
		i += (size_t)k;
	}
}

/* One property whose value is the TEXT raw: NAME:escaped, folded into
 * the event being built. */
static void
ics_prop(pm_out *o, const char *name, const char *raw)
{
	pm_buf_reset(&o->val);
	pm_buf_adds(&o->val, name);
	pm_buf_addc(&o->val, ':');
	ics_text(&o->val, raw);
	/* typed text reaches a terminal harmless in every format (raw,
	 * which may be o->raw, is read by now) */
	if (o->flags & PM_OUT_TERMINAL) {
		pm_buf_reset(&o->raw);
		pm_buf_adds(&o->raw, o->val.s);
		pm_buf_reset(&o->val);
		pm_text_safe(&o->val, o->raw.s);
	}
	ics_fold(&o->line, o->val.s, o->val.len);
}

/* name then an instant as 20261130T060500Z, or its business-zone date
 * as VALUE=DATE:20261130 — one property line (nothing to escape). */
static void
ics_when(pm_out *o, const char *name, int64_t t, int date)
{
	char tmp[48];
	size_t n, i;

	n = pm_time_format(t, date ? PM_TF_DATE : PM_TF_UTC, tmp, sizeof tmp);
	pm_buf_reset(&o->val);
	pm_buf_adds(&o->val, name);
	pm_buf_adds(&o->val, date ? ";VALUE=DATE:" : ":");
	for (i = 0; i < n && i < sizeof tmp; i++)
		if (tmp[i] != '-' && tmp[i] != ':')
			pm_buf_addc(&o->val, tmp[i]);
	ics_fold(&o->line, o->val.s, o->val.len);
}

/* 00:00 of the business-zone day after t's. */
static int64_t
next_day(int64_t t)
{
	pm_tm tm;

	pm_time_local(t, &tm);
	return pm_time_from_local(tm.year, tm.month, tm.day + 1, 0, 0, 0);
}

/* DURATION of v > 0 seconds: P2D, PT1H30M, P1DT0H0M5S (RFC 5545 takes
 * hours, minutes, seconds only in that order with none skipped between
 * two given).  An all-day event lasts whole days, rounded up. */
static void
ics_duration(pm_out *o, int64_t v, int date)
{
	int64_t d = v / 86400, h = v % 86400 / 3600, m = v % 3600 / 60, sec = v % 60;

	pm_buf_reset(&o->val);
	pm_buf_adds(&o->val, "DURATION:P");
	if (date) {
		pm_buf_addf(&o->val, "%" PRId64 "D", d + (v % 86400 != 0));
	} else {
		if (d > 0)
			pm_buf_addf(&o->val, "%" PRId64 "D", d);
		if (h + m + sec > 0)
			pm_buf_addc(&o->val, 'T');
		if (h > 0)
			pm_buf_addf(&o->val, "%" PRId64 "H", h);
		if (m > 0 || (h > 0 && sec > 0))
			pm_buf_addf(&o->val, "%" PRId64 "M", m);
		if (sec > 0)
			pm_buf_addf(&o->val, "%" PRId64 "S", sec);
	}
	ics_fold(&o->line, o->val.s, o->val.len);
}

/* The end of the event starting at start (a date when date): DTEND,
 * DURATION, or nothing when the end is absent or not after the start. */
static void
ics_end(pm_out *o, int col, int64_t start, int date)
{
	const struct cell *c = &o->cell[col];
	pm_ctype type = o->cols[col].type;
	int64_t end = c->v;

	if (c->kind != CELL_INT)
		return;
	if (type == PM_C_SPAN) {
		if (end > 0)
			ics_duration(o, end, date);
		return;
	}
	/* a DATE is the last day; DTEND is exclusive, and takes the type
	 * of DTSTART */
	if (type == PM_C_DATE || (date && pm_time_day_start(end) != end))
		end = next_day(end);
	if (date ? pm_time_day_start(end) > pm_time_day_start(start) : end > start)
		ics_when(o, "DTEND", end, date);
}

/* Append cell col as a person reads it (a table's spelling of numbers,
 * times and flags), text cut to the column's width when cut. */
static void
ics_cell(pm_out *o, int col, int cut, pm_buf *dst)
{
	const struct cell *c = &o->cell[col];

	if (c->kind == CELL_INT)
		render_int(dst, o->cols[col].type, c->v, M_TABLE);
	else if (c->kind == CELL_TEXT && cut)
		pm_text_fit(dst, c->text.s, col_maxw(&o->cols[col]), 0);
	else if (c->kind == CELL_TEXT)
		pm_buf_adds(dst, c->text.s);
}

/* The values of the columns playing role, joined by sep, into o->raw. */
static void
ics_join(pm_out *o, unsigned role, const char *sep, int cut)
{
	int i;

	pm_buf_reset(&o->raw);
	for (i = 0; i < o->ncols; i++) {
		if (!(o->cols[i].flags & role) || o->cell[i].kind == CELL_NULL)
			continue;
		if (o->raw.len > 0)
			pm_buf_adds(&o->raw, sep);
		ics_cell(o, i, cut, &o->raw);
	}
}

/* One VEVENT (out.h: the event roles); 0 when the row is no event (no
 * key or no start), which writes nothing. */
static int
row_ics(pm_out *o)
{
	const unsigned own = PM_COL_START | PM_COL_END | PM_COL_LOCATION | PM_COL_DESC;
	int i, date, body, sc = -1;
	int64_t start;

	/* the first START column set in this row */
	for (i = o->startcol; i >= 0 && i < o->ncols && sc < 0; i++)
		if ((o->cols[i].flags & PM_COL_START) && o->cell[i].kind == CELL_INT)
			sc = i;
	if (o->cell[o->idcol].kind == CELL_NULL || sc < 0)
		return 0;
	start = o->cell[sc].v;
	date = o->cols[sc].type == PM_C_DATE;
	pm_buf_adds(&o->line, "BEGIN:VEVENT\r\n");
	pm_buf_reset(&o->raw);
	render(o, o->idcol, M_PLAIN, &o->raw);
	pm_buf_adds(&o->raw, "@" PM_OUT_ICS_UID_DOMAIN);
	ics_prop(o, "UID", o->raw.s);
	ics_when(o, "DTSTAMP", o->stamp, 0);
	ics_when(o, "DTSTART", start, date);
	if (o->endcol >= 0)
		ics_end(o, o->endcol, start, date);
	ics_join(o, PM_COL_SUMMARY, " ", 1);
	if (o->raw.len == 0)
		render(o, o->idcol, M_PLAIN, &o->raw);
	ics_prop(o, "SUMMARY", o->raw.s);
	ics_join(o, PM_COL_LOCATION, " ", 0);
	if (o->raw.len > 0)
		ics_prop(o, "LOCATION", o->raw.s);
	/* the body, a paragraph a value, then the rest as label: value
	 * lines, a paragraph of their own */
	ics_join(o, PM_COL_DESC, "\n\n", 0);
	body = o->raw.len > 0;
	for (i = 0; i < o->ncols; i++) {
		if (i == o->idcol || (o->cols[i].flags & own) || o->cell[i].kind == CELL_NULL)
			continue;
		if (o->raw.len > 0)
			pm_buf_adds(&o->raw, body ? "\n\n" : "\n");
		body = 0;
		pm_buf_addf(&o->raw, "%s: ", col_head(o, i));
		ics_cell(o, i, 0, &o->raw);
	}
	if (o->raw.len > 0)
		ics_prop(o, "DESCRIPTION", o->raw.s);
	end_line(o, "END:VEVENT\r\n");
	return 1;
}

/* Trailing blanks are noise in a terminal and in diffs of saved output. */
static void
table_end_line(pm_out *o)
{
	while (o->line.len > 0 && o->line.s[o->line.len - 1] == ' ')
		o->line.len--;
	o->line.s[o->line.len] = '\0';
	end_line(o, "\n");
}

/*
 * One table line from already-safe cell strings.  Numbers are
 * right-aligned and never cut (a cut amount reads as a different
 * amount): one wider than its column pushes the rest of its line over.
 */
static void
table_line(pm_out *o, const char *const *v)
{
	int i;

	for (i = 0; i < o->ncols; i++) {
		int num = is_number(o->cols[i].type);
		if (i > 0)
			pm_buf_adds(&o->line, "  ");
		if (num && pm_text_width(v[i]) >= o->width[i]) {
			pm_text_safe(&o->line, v[i]);
			continue;
		}
		pm_text_fit(&o->line, v[i], o->width[i], num ? -1 : 1);
	}
	table_end_line(o);
}

static size_t
col_maxw(const pm_col *c)
{
	return c->maxw > 0 ? (size_t)c->maxw : DEFAULT_MAXW;
}

/* Widths from the header and the held-back rows, then print them all. */
static void
table_flush_sample(pm_out *o)
{
	const char *v[MAX_COLS];
	int r, i;

	/* Headers in the user's language in a table only: tsv, csv and
	 * json keys are the names, the same in every locale. */
	for (i = 0; i < o->ncols; i++) {
		size_t w = pm_text_width(col_head(o, i));
		for (r = 0; r < o->nsample; r++) {
			size_t cw = pm_text_width(o->sample.s + o->offs[r * o->ncols + i]);
			if (cw > w)
				w = cw;
		}
		if (!is_number(o->cols[i].type) && w > col_maxw(&o->cols[i]))
			w = col_maxw(&o->cols[i]);
		o->width[i] = w;
	}
	o->sized = 1;
	for (i = 0; i < o->ncols; i++)
		v[i] = col_head(o, i);
	table_line(o, v);
	for (r = 0; r < o->nsample && !failed(o); r++) {
		for (i = 0; i < o->ncols; i++)
			v[i] = o->sample.s + o->offs[r * o->ncols + i];
		table_line(o, v);
	}
	o->nsample = 0;
	pm_buf_reset(&o->sample);
}

static void
row_table(pm_out *o)
{
	const char *v[MAX_COLS];
	size_t at[MAX_COLS];
	int i;

	if (!o->sized) {
		for (i = 0; i < o->ncols; i++) {
			o->offs[o->nsample * o->ncols + i] = o->sample.len;
			render(o, i, M_TABLE, &o->sample);
			pm_buf_addc(&o->sample, '\0');
		}
		if (++o->nsample == PM_OUT_TABLE_SAMPLE)
			table_flush_sample(o);
		return;
	}
	/* Offsets, not pointers: val may move while it grows. */
	pm_buf_reset(&o->val);
	for (i = 0; i < o->ncols; i++) {
		at[i] = o->val.len;
		render(o, i, M_TABLE, &o->val);
		pm_buf_addc(&o->val, '\0');
	}
	for (i = 0; i < o->ncols; i++)
		v[i] = o->val.s + at[i];
	table_line(o, v);
}

static void
clear_cells(pm_out *o)
{
	int i;

	for (i = 0; i < o->ncols; i++)
		o->cell[i].kind = CELL_NULL;
}

static int emit_row(pm_out *o);

/* A held row: its cells as they were set (text already masked), so
 * that release writes exactly what pm_out_row would have. */
static void
hold_row(pm_out *o)
{
	int i;

	for (i = 0; i < o->ncols; i++) {
		const struct cell *c = &o->cell[i];
		char kind = (char)c->kind;

		pm_buf_add(&o->held, &kind, 1);
		if (c->kind == CELL_INT) {
			pm_buf_add(&o->held, (const char *)&c->v, sizeof c->v);
		} else if (c->kind == CELL_TEXT) {
			pm_buf_add(&o->held, (const char *)&c->text.len, sizeof c->text.len);
			pm_buf_add(&o->held, c->text.s, c->text.len);
		}
	}
}

int
pm_out_row(pm_out *o)
{
	if (failed(o) || o->finished) {
		clear_cells(o);
		return -1;
	}
	if (o->holding) {
		hold_row(o);
		clear_cells(o);
		return 0;
	}
	return emit_row(o);
}

void
pm_out_hold(pm_out *o)
{
	o->holding = 1;
}

int
pm_out_release(pm_out *o)
{
	size_t at = 0, n;
	int i;

	while (at < o->held.len && !failed(o) && !o->finished) {
		for (i = 0; i < o->ncols; i++) {
			struct cell *c = &o->cell[i];
			c->kind = (unsigned char)o->held.s[at++];
			if (c->kind == CELL_INT) {
				memcpy(&c->v, o->held.s + at, sizeof c->v);
				at += sizeof c->v;
			} else if (c->kind == CELL_TEXT) {
				memcpy(&n, o->held.s + at, sizeof n);
				at += sizeof n;
				pm_buf_reset(&c->text);
				pm_buf_add(&c->text, o->held.s + at, n);
				at += n;
			}
		}
		emit_row(o);
	}
	pm_buf_reset(&o->held);
	return failed(o) ? -1 : 0;
}

void
pm_out_discard(pm_out *o)
{
	pm_buf_reset(&o->held);
}

/* Write the row of the cells set: pm_out_row without holding. */
static int
emit_row(pm_out *o)
{
	start(o);
	switch (o->fmt) {
	case PM_FMT_TABLE: row_table(o); break;
	case PM_FMT_TSV: row_tsv(o); break;
	case PM_FMT_CSV: row_csv(o); break;
	case PM_FMT_JSON: row_json(o); break;
	case PM_FMT_ID: row_id(o); break;
	case PM_FMT_ICS:
		if (!row_ics(o)) {      /* no event: nothing shown */
			clear_cells(o);
			return 0;
		}
		break;
	}
	clear_cells(o);
	if (failed(o))
		return -1;
	o->rows++;
	return 0;
}

int
pm_out_finish(pm_out *o, pm_err *err)
{
	/* held rows not released by now are not to be shown */
	pm_buf_reset(&o->held);
	if (!o->finished && !failed(o)) {
		o->finished = 1;
		start(o);
		/* A table is printed even with no rows: the header says what
		 * was asked for, and the empty result is then plain to see. */
		if (o->fmt == PM_FMT_TABLE && !o->sized)
			table_flush_sample(o);
		if (o->fmt == PM_FMT_ICS)
			end_line(o, "END:VCALENDAR\r\n");
	}
	o->finished = 1;
	if (!failed(o)) {
		errno = 0;
		if (fflush(o->fp) != 0) {
			if (errno == EPIPE)
				o->closed = 1;
			else
				o->error = errno != 0 ? errno : EIO;
		} else if (ferror(o->fp)) {
			/* An error before we wrote (or one stdio hid): report it. */
			o->error = EIO;
		}
	}
	if (o->closed)
		return 0;
	if (o->error != 0)
		return pm_err_set(err, PM_EX_IOERR, _("write error: %s"), strerror(o->error));
	return 0;
}
