/*
 * import.c — CSV and JSON Lines records, streamed; see import.h.
 *
 * Two layers.  The lower one reads physical lines through a fixed 64 KiB
 * buffer and refuses, line by line, what no record may hold: a line over
 * 1 MiB, a NUL byte, invalid UTF-8 (saying so when it looks like GBK), a
 * UTF-16 byte order mark.  Checking whole lines is exact, because '\n'
 * never occurs inside a UTF-8 sequence, and it gives every encoding error
 * the physical line it is on.  The upper layer turns lines into records:
 * a CSV record is one line or, inside quotes, several; a JSON Lines
 * record is always one line (JSON strings cannot hold a raw newline).
 *
 * A record's values live in one buffer that the next record reuses, so
 * memory is bounded by the longest record, never by the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "buf.h"
#include "import.h"
#include "out.h"
#include "text.h"

#define CHUNK (64 * 1024)
#define MAX_LINE (1024 * 1024)
#define NOVAL SIZE_MAX          /* voff: the column has no value (JSON null, absent) */
#define SHOW_WIDTH 60           /* names from the file are cut to this in messages */

enum { CSV_START, CSV_PLAIN, CSV_QUOTED, CSV_QUOTE };

struct pm_import {
	const pm_icol *cols;
	int ncols;
	pm_ifmt fmt;
	int fd;
	int own_fd;             /* 0 for stdin, which is not ours to close */
	int eof;                /* read(2) said end of file */
	int state;              /* 0 reading, -1 at the end, else the sticky error status */
	int have;               /* a record is current */
	pm_err fail;            /* the error, repeated by every later call */
	char *name;             /* the file name as messages show it */
	char *chunk;
	size_t cpos, clen;
	long phys;              /* physical lines read so far */
	long line;              /* where the current record starts */
	pm_buf ln;              /* the current physical line, terminator included */
	pm_buf rec;             /* the record's values, each NUL-terminated */
	pm_buf key;             /* JSON: the key being read */
	pm_buf show;            /* a name from the file made fit for a message */
	size_t *offs;           /* CSV: where each field starts in rec */
	size_t noffs, capoffs;
	size_t nhdr;            /* CSV: fields in the header */
	int *hpos;              /* CSV: column -> header field, or -1 */
	size_t *voff;           /* JSON: column -> offset in rec, or NOVAL */
	unsigned char *seen;    /* JSON: the key was in this record */
	const char **vals;      /* column -> value of the current record */
};

/* ---- messages ------------------------------------------------------- */

static int
vfail(pm_import *imp, pm_err *err, int status, long line, const char *fmt, va_list ap)
{
	char msg[PM_ERR_MSG];

	vsnprintf(msg, sizeof msg, fmt, ap);
	pm_err_set(&imp->fail, status, _("%s:%ld: %s"), imp->name, line, msg);
	/* Sticky: a caller that calls next again must not get records
	 * from the middle of a file that has already been refused. */
	imp->state = status;
	imp->have = 0;
	if (err != NULL)
		*err = imp->fail;
	return status;
}

static int
fail(pm_import *imp, pm_err *err, int status, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
fail(pm_import *imp, pm_err *err, int status, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(imp, err, status, line, fmt, ap);
	va_end(ap);
	return status;
}

/* A name read from the file, harmless on a terminal and not too long:
 * a key can be a megabyte of escape sequences. */
static const char *
shown(pm_import *imp, const char *s)
{
	pm_buf_reset(&imp->show);
	pm_text_fit(&imp->show, s, SHOW_WIDTH, 0);
	return imp->show.s;
}

/* Levenshtein distance, only as far as "is it at most 2" needs: longer
 * names and names whose lengths differ by more than 2 are just "far". */
static size_t
edit_distance(const char *a, const char *b)
{
	enum { MAXN = 64, FAR = 3 };
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t prev[MAXN + 1], cur[MAXN + 1];

	if (lb > MAXN || la > lb + 2 || lb > la + 2)
		return FAR;
	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);

			cur[j] = del < ins ? del : ins;
			if (sub < cur[j])
				cur[j] = sub;
		}
		memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
	}
	return prev[lb];
}

static int
unknown_col(pm_import *imp, pm_err *err, long line, const char *name)
{
	size_t best = 3, d;
	int i, pick = -1;

	for (i = 0; i < imp->ncols; i++) {
		d = edit_distance(name, imp->cols[i].name);
		if (d < best) {
			best = d;
			pick = i;
		}
	}
	if (pick < 0)
		return fail(imp, err, PM_EX_DATAERR, line, "unknown column '%s'", shown(imp, name));
	return fail(imp, err, PM_EX_DATAERR, line, "unknown column '%s'; did you mean '%s'?",
	    shown(imp, name), imp->cols[pick].name);
}

static int
find_col(const pm_import *imp, const char *name)
{
	int i;

	for (i = 0; i < imp->ncols; i++)
		if (strcmp(imp->cols[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- encoding ------------------------------------------------------- */

struct gbk_count {
	size_t nonascii;        /* bytes >= 0x80 */
	size_t paired;          /* of those, in a well-formed GBK/GB18030 sequence */
	size_t strong;          /* sequences whose second byte is not ASCII */
	size_t utf8_bad;        /* bytes that are not part of valid UTF-8 */
};

static void
gbk_scan(const unsigned char *s, size_t n, struct gbk_count *k)
{
	size_t i;
	int32_t cp;

	for (i = 0; i < n;) {
		i += (size_t)pm_utf8_decode((const char *)s + i, n - i, &cp);
		if (cp < 0)
			k->utf8_bad++;
	}
	for (i = 0; i < n;) {
		unsigned char c = s[i], t;

		if (c < 0x80) {
			i++;
			continue;
		}
		k->nonascii++;
		if (c >= 0x81 && c <= 0xFE && i + 1 < n) {
			t = s[i + 1];
			/* GB18030 four-byte: lead, digit, lead, digit */
			if (t >= 0x30 && t <= 0x39 && i + 3 < n && s[i + 2] >= 0x81 &&
			    s[i + 2] <= 0xFE && s[i + 3] >= 0x30 && s[i + 3] <= 0x39) {
				k->nonascii++;
				k->paired += 2;
				k->strong++;
				i += 4;
				continue;
			}
			if ((t >= 0x40 && t <= 0x7E) || (t >= 0x80 && t <= 0xFE)) {
				k->paired++;
				if (t >= 0x80) {
					k->nonascii++;
					k->paired++;
					k->strong++;
				}
				i += 2;
				continue;
			}
		}
		i++;
	}
}

/*
 * The line holds invalid UTF-8.  Judge the encoding on this line and
 * whatever of the file is already in the read buffer (both start at a
 * line boundary, so GBK pairs are never split between them).  GBK is
 * named only when most non-ASCII bytes pair up as GBK, at least one pair
 * has a non-ASCII second byte (a Latin-1 "ü" before an ASCII letter also
 * "pairs"), and a good share of the bytes is invalid as UTF-8 (a UTF-8
 * file with one damaged byte stays "invalid UTF-8").
 */
static int
bad_utf8(pm_import *imp, pm_err *err)
{
	struct gbk_count k = { 0, 0, 0, 0 };
	const char *q = "";
	pm_buf cmd;
	size_t i;
	int rc;

	gbk_scan((const unsigned char *)imp->ln.s, imp->ln.len, &k);
	gbk_scan((const unsigned char *)imp->chunk + imp->cpos, imp->clen - imp->cpos, &k);
	if (k.strong == 0 || k.paired * 5 < k.nonascii * 4 || k.utf8_bad * 4 < k.nonascii)
		return fail(imp, err, PM_EX_DATAERR, imp->phys, "invalid UTF-8");
	pm_buf_init(&cmd);
	pm_buf_adds(&cmd, "iconv -f GB18030 -t UTF-8");
	if (strcmp(imp->name, "stdin") != 0) {
		/* a command the user can paste, so quote a name the shell would split */
		for (i = 0; imp->name[i] != '\0'; i++)
			if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789._/+,:@%=-", imp->name[i]) == NULL)
				q = "'";
		pm_buf_addf(&cmd, " %s", q);
		for (i = 0; imp->name[i] != '\0'; i++) {
			if (imp->name[i] == '\'')
				pm_buf_adds(&cmd, "'\\''");
			else
				pm_buf_addc(&cmd, imp->name[i]);
		}
		pm_buf_addf(&cmd, "%s > %s", q, q);
		for (i = 0; imp->name[i] != '\0'; i++) {
			if (imp->name[i] == '\'')
				pm_buf_adds(&cmd, "'\\''");
			else
				pm_buf_addc(&cmd, imp->name[i]);
		}
		pm_buf_addf(&cmd, ".utf8%s", q);
	}
	rc = fail(imp, err, PM_EX_DATAERR, imp->phys,
	    "not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); convert it with: %s", cmd.s);
	pm_buf_free(&cmd);
	return rc;
}

static int
is_bom(const unsigned char *s, size_t n)
{
	return n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF;
}

/* What no line may hold, whatever the format. */
static int
check_line(pm_import *imp, pm_err *err)
{
	unsigned char *s = (unsigned char *)imp->ln.s;
	size_t n = imp->ln.len, body;

	if (imp->phys == 1) {
		if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
			return fail(imp, err, PM_EX_DATAERR, 1, "UTF-16 is not supported; save as UTF-8");
		if (is_bom(s, n)) {
			memmove(s, s + 3, n - 3 + 1);
			imp->ln.len = n -= 3;
		}
	} else if (is_bom(s, n)) {
		/* invisible, and it would stick to the first field or key */
		return fail(imp, err, PM_EX_DATAERR, imp->phys,
		    "byte order mark in the middle of the file (files joined together?)");
	}
	body = n;
	if (body > 0 && s[body - 1] == '\n')
		body--;
	if (body > 0 && s[body - 1] == '\r')
		body--;
	if (body > MAX_LINE)
		return fail(imp, err, PM_EX_DATAERR, imp->phys, "line longer than 1 MiB");
	if (memchr(s, '\0', n) != NULL)
		return fail(imp, err, PM_EX_DATAERR, imp->phys, "NUL byte (a binary or UTF-16 file?)");
	if (!pm_utf8_valid((const char *)s, n))
		return bad_utf8(imp, err);
	return 1;
}

/* ---- physical lines ------------------------------------------------- */

static int
fill(pm_import *imp, pm_err *err)
{
	ssize_t n;

	do
		n = read(imp->fd, imp->chunk, CHUNK);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return fail(imp, err, PM_EX_IOERR, imp->phys + 1, "read error: %s", strerror(errno));
	imp->cpos = 0;
	imp->clen = (size_t)n;
	if (n == 0)
		imp->eof = 1;
	return 0;
}

/*
 * Read the next physical line, terminator included, into imp->ln and
 * check it.  Returns 1, 0 at the end of the file, or an error status.
 */
static int
read_line(pm_import *imp, pm_err *err)
{
	const char *p, *nl;
	size_t n, take;
	int rc;

	pm_buf_reset(&imp->ln);
	for (;;) {
		if (imp->cpos == imp->clen) {
			if (imp->eof)
				break;
			if ((rc = fill(imp, err)) != 0)
				return rc;
			if (imp->eof)
				break;
		}
		p = imp->chunk + imp->cpos;
		n = imp->clen - imp->cpos;
		nl = memchr(p, '\n', n);
		take = nl != NULL ? (size_t)(nl - p) + 1 : n;
		/* stop before the buffer grows past the limit; +5 leaves
		 * room for a BOM and "\r\n", which check_line discounts */
		if (imp->ln.len + take > MAX_LINE + 5)
			return fail(imp, err, PM_EX_DATAERR, imp->phys + 1, "line longer than 1 MiB");
		pm_buf_add(&imp->ln, p, take);
		imp->cpos += take;
		if (nl != NULL)
			break;
	}
	if (imp->ln.len == 0)
		return 0;
	imp->phys++;
	return check_line(imp, err);
}

/* Only spaces, tabs and line ends: no record at all. */
static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}

/* ---- CSV ------------------------------------------------------------ */

static void
field_begin(pm_import *imp)
{
	if (imp->noffs == imp->capoffs) {
		size_t cap = imp->capoffs ? imp->capoffs * 2 : 32;
		size_t *p = realloc(imp->offs, cap * sizeof *p);

		if (p == NULL)
			abort();
		imp->offs = p;
		imp->capoffs = cap;
	}
	imp->offs[imp->noffs++] = imp->rec.len;
}

/* Is the CR at s[i] a line end: CR LF, or CR as the very last byte of a
 * file without a final newline?  Anywhere else outside quotes it is
 * refused rather than guessed at (old Mac files end lines with CR only). */
static int
cr_ends(const char *s, size_t n, size_t i)
{
	return (i + 2 == n && s[i + 1] == '\n') || i + 1 == n;
}

/*
 * Read one CSV record into rec (fields NUL-terminated) and offs.
 * Returns 1, 0 at the end of the file, or an error status.  Byte-level
 * errors name the physical line they are on; an unterminated quote names
 * the line where the quote opened.
 */
static int
csv_record(pm_import *imp, pm_err *err)
{
	int st = CSV_START, rc;
	long qline = 0;
	size_t raw = 0, i, j, n;
	const char *s, *q;

	pm_buf_reset(&imp->rec);
	imp->noffs = 0;
	do {
		if ((rc = read_line(imp, err)) != 1)
			return rc;
	} while (blank(imp->ln.s, imp->ln.len));
	imp->line = imp->phys;
	field_begin(imp);
	for (;;) {
		s = imp->ln.s;
		n = imp->ln.len;
		raw += n;
		i = 0;
		while (i < n) {
			if (st == CSV_QUOTED) {
				/* everything up to the next quote is data, CR and LF too */
				q = memchr(s + i, '"', n - i);
				j = q != NULL ? (size_t)(q - s) : n;
				pm_buf_add(&imp->rec, s + i, j - i);
				i = j;
				if (q != NULL) {
					st = CSV_QUOTE;
					i++;
				}
				continue;
			}
			switch (s[i]) {
			case '"':
				if (st == CSV_START) {
					st = CSV_QUOTED;
					qline = imp->phys;
				} else if (st == CSV_QUOTE) {
					pm_buf_addc(&imp->rec, '"');
					st = CSV_QUOTED;
				} else {
					return fail(imp, err, PM_EX_DATAERR, imp->phys,
					    "quote inside an unquoted field (field %zu); "
					    "quote the whole field and double the quote", imp->noffs);
				}
				i++;
				continue;
			case ',':
				pm_buf_addc(&imp->rec, '\0');
				field_begin(imp);
				st = CSV_START;
				i++;
				continue;
			case '\n':
				goto done;
			case '\r':
				if (cr_ends(s, n, i))
					goto done;
				return fail(imp, err, PM_EX_DATAERR, imp->phys,
				    "carriage return outside quotes (field %zu)", imp->noffs);
			default:
				break;
			}
			if (st == CSV_QUOTE)
				return fail(imp, err, PM_EX_DATAERR, imp->phys,
				    "text after the closing quote of field %zu", imp->noffs);
			st = CSV_PLAIN;
			for (j = i; j < n && s[j] != ',' && s[j] != '"' && s[j] != '\n' && s[j] != '\r'; j++)
				;
			pm_buf_add(&imp->rec, s + i, j - i);
			i = j;
		}
		/* the line is used up without a record end: the file's last line */
		if (st != CSV_QUOTED)
			goto done;
		if (n == 0 || s[n - 1] != '\n')
			return fail(imp, err, PM_EX_DATAERR, qline, "unterminated quoted field");
		if (raw > MAX_LINE)
			return fail(imp, err, PM_EX_DATAERR, qline,
			    "quoted field longer than 1 MiB (a quote not closed?)");
		if ((rc = read_line(imp, err)) == 0)
			return fail(imp, err, PM_EX_DATAERR, qline, "unterminated quoted field");
		if (rc != 1)
			return rc;
	}
done:
	pm_buf_addc(&imp->rec, '\0');
	return 1;
}

static char *
trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	s[n] = '\0';
	return s;
}

static int
csv_header(pm_import *imp, pm_err *err)
{
	size_t j;
	char *name;
	int c, rc;

	for (c = 0; c < imp->ncols; c++)
		imp->hpos[c] = -1;
	rc = csv_record(imp, err);
	if (rc == 0)
		return fail(imp, err, PM_EX_DATAERR, 1, "empty file; expected a header line");
	if (rc != 1)
		return rc;
	imp->nhdr = imp->noffs;
	for (j = 0; j < imp->noffs; j++) {
		name = trim(imp->rec.s + imp->offs[j]);
		if (*name == '\0')
			return fail(imp, err, PM_EX_DATAERR, imp->line,
			    "empty column name (field %zu)", j + 1);
		if ((c = find_col(imp, name)) < 0)
			return unknown_col(imp, err, imp->line, name);
		if (imp->hpos[c] >= 0)
			return fail(imp, err, PM_EX_DATAERR, imp->line, "column '%s' twice",
			    imp->cols[c].name);
		imp->hpos[c] = (int)j;
	}
	for (c = 0; c < imp->ncols; c++)
		if (imp->cols[c].required && imp->hpos[c] < 0)
			return fail(imp, err, PM_EX_DATAERR, imp->line, "missing column '%s'",
			    imp->cols[c].name);
	return 0;
}

static int
csv_next(pm_import *imp, pm_err *err)
{
	int c, rc;

	for (;;) {
		if ((rc = csv_record(imp, err)) != 1)
			return rc;
		/* Every field empty (",,,"): a row a spreadsheet left behind,
		 * holding no data; as good as a blank line. */
		if (imp->rec.len == imp->noffs)
			continue;
		if (imp->noffs != imp->nhdr)
			return fail(imp, err, PM_EX_DATAERR, imp->line, "%zu field%s, the header has %zu",
			    imp->noffs, imp->noffs == 1 ? "" : "s", imp->nhdr);
		for (c = 0; c < imp->ncols; c++) {
			const char *v;
			if (imp->hpos[c] < 0) {
				imp->vals[c] = NULL;
				continue;
			}
			/* the ' our csv output put before a formula-looking
			 * cell is not data: export -> import is the identity */
			v = imp->rec.s + imp->offs[imp->hpos[c]];
			if (*v == '\'' && pm_out_csv_formula(v + 1, strlen(v + 1)))
				v++;
			imp->vals[c] = v;
		}
		return 1;
	}
}

/* ---- JSON Lines ----------------------------------------------------- */

struct jp {
	pm_import *imp;
	pm_err *err;
	const char *s;
	size_t n, i;
};

/* The column of s[i] in characters, for messages. */
static size_t
jcol(const struct jp *p)
{
	size_t i, col = 1;

	for (i = 0; i < p->i && i < p->n; i++)
		if (((unsigned char)p->s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* A syntax error at s[i]; running out of line is the truncated case. */
static int
jfail(struct jp *p, const char *what)
{
	if (p->i >= p->n)
		return fail(p->imp, p->err, PM_EX_DATAERR, p->imp->line, "truncated or malformed JSON");
	return fail(p->imp, p->err, PM_EX_DATAERR, p->imp->line,
	    "malformed JSON at column %zu: %s", jcol(p), what);
}

static void
jws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\r'))
		p->i++;
}

/* Four hex digits at s[i]; -1 when they are not. */
static long
jhex4(struct jp *p)
{
	long v = 0;
	size_t k;
	char c;

	if (p->n - p->i < 4) {
		p->i = p->n;
		return -1;
	}
	for (k = 0; k < 4; k++) {
		c = p->s[p->i + k];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	p->i += 4;
	return v;
}

static void
add_utf8(pm_buf *b, long cp)
{
	char u[4];

	if (cp < 0x80) {
		u[0] = (char)cp;
		pm_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		pm_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		pm_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		pm_buf_add(b, u, 4);
	}
}

/* The escape after a backslash at s[i]; appends to b.  0 or an error. */
static int
jescape(struct jp *p, pm_buf *b)
{
	size_t at = p->i;
	long cp, lo;
	char c;

	if (++p->i >= p->n)
		return jfail(p, "");
	c = p->s[p->i++];
	switch (c) {
	case '"': pm_buf_addc(b, '"'); return 0;
	case '\\': pm_buf_addc(b, '\\'); return 0;
	case '/': pm_buf_addc(b, '/'); return 0;
	case 'b': pm_buf_addc(b, '\b'); return 0;
	case 'f': pm_buf_addc(b, '\f'); return 0;
	case 'n': pm_buf_addc(b, '\n'); return 0;
	case 'r': pm_buf_addc(b, '\r'); return 0;
	case 't': pm_buf_addc(b, '\t'); return 0;
	case 'u': break;
	default:
		p->i = at;
		return jfail(p, "invalid escape");
	}
	if ((cp = jhex4(p)) < 0)
		return jfail(p, "\\u needs four hex digits");
	if (cp == 0) {
		p->i = at;
		return jfail(p, "\\u0000 is not allowed");
	}
	if (cp >= 0xDC00 && cp <= 0xDFFF) {
		p->i = at;
		return jfail(p, "lone low surrogate");
	}
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		/* UTF-16 in disguise: the low half must follow at once */
		if (p->n - p->i < 2) {
			p->i = p->n;
			return jfail(p, "");
		}
		if (p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
			p->i = at;
			return jfail(p, "lone high surrogate");
		}
		p->i += 2;
		if ((lo = jhex4(p)) < 0)
			return jfail(p, "\\u needs four hex digits");
		if (lo < 0xDC00 || lo > 0xDFFF) {
			p->i = at;
			return jfail(p, "lone high surrogate");
		}
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	add_utf8(b, cp);
	return 0;
}

/* A string at s[i] (the opening quote), decoded and appended to b. */
static int
jstring(struct jp *p, pm_buf *b)
{
	size_t j;
	int rc;

	p->i++;
	for (;;) {
		if (p->i >= p->n)
			return jfail(p, "");
		switch (p->s[p->i]) {
		case '"':
			p->i++;
			return 0;
		case '\\':
			if ((rc = jescape(p, b)) != 0)
				return rc;
			continue;
		default:
			break;
		}
		if ((unsigned char)p->s[p->i] < 0x20)
			return jfail(p, "control character in a string (write it as \\u00XX)");
		for (j = p->i; j < p->n && p->s[j] != '"' && p->s[j] != '\\' &&
		    (unsigned char)p->s[j] >= 0x20; j++)
			;
		pm_buf_add(b, p->s + p->i, j - p->i);
		p->i = j;
	}
}

static int
jdigits(struct jp *p)
{
	size_t start = p->i;

	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i > start;
}

/* A number per the JSON grammar, kept as written. */
static int
jnumber(struct jp *p)
{
	size_t start = p->i;

	if (p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (!jdigits(p))
		return jfail(p, "malformed number");
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (!jdigits(p))
			return jfail(p, "malformed number");
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!jdigits(p))
			return jfail(p, "malformed number");
	}
	pm_buf_add(&p->imp->rec, p->s + start, p->i - start);
	return 0;
}

static int
jliteral(struct jp *p, const char *word)
{
	size_t k = strlen(word), have = p->n - p->i;

	if (have < k && memcmp(p->s + p->i, word, have) == 0) {
		p->i = p->n;
		return jfail(p, "");
	}
	if (have < k || memcmp(p->s + p->i, word, k) != 0)
		return jfail(p, "expected a string, number, true, false or null");
	p->i += k;
	return 0;
}

/* One value for column c. */
static int
jvalue(struct jp *p, int c)
{
	pm_import *imp = p->imp;
	size_t off = imp->rec.len;
	int rc;

	if (p->i >= p->n)
		return jfail(p, "");
	switch (p->s[p->i]) {
	case '"':
		rc = jstring(p, &imp->rec);
		break;
	case '{':
	case '[':
		return fail(imp, p->err, PM_EX_DATAERR, imp->line,
		    "'%s' holds %s; values must be strings, numbers, true, false or null",
		    imp->cols[c].name, p->s[p->i] == '{' ? "an object" : "an array");
	case 't':
		rc = jliteral(p, "true");
		if (rc == 0)
			pm_buf_adds(&imp->rec, "true");
		break;
	case 'f':
		rc = jliteral(p, "false");
		if (rc == 0)
			pm_buf_adds(&imp->rec, "false");
		break;
	case 'n':
		/* null: no value at all, as if the key were absent */
		return jliteral(p, "null");
	default:
		if (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9'))
			rc = jnumber(p);
		else
			rc = jfail(p, "expected a string, number, true, false or null");
		break;
	}
	if (rc != 0)
		return rc;
	pm_buf_addc(&imp->rec, '\0');
	imp->voff[c] = off;
	return 0;
}

static int
json_record(pm_import *imp, pm_err *err)
{
	struct jp p;
	int c, rc;

	p.imp = imp;
	p.err = err;
	p.s = imp->ln.s;
	p.n = imp->ln.len;
	p.i = 0;
	if (p.n > 0 && p.s[p.n - 1] == '\n')
		p.n--;
	pm_buf_reset(&imp->rec);
	for (c = 0; c < imp->ncols; c++) {
		imp->voff[c] = NOVAL;
		imp->seen[c] = 0;
	}
	jws(&p);
	if (p.i >= p.n || p.s[p.i] != '{')
		return jfail(&p, "expected '{' (one JSON object a line)");
	p.i++;
	jws(&p);
	if (p.i < p.n && p.s[p.i] == '}') {
		p.i++;
	} else {
		for (;;) {
			jws(&p);
			if (p.i >= p.n || p.s[p.i] != '"')
				return jfail(&p, "expected a key in double quotes");
			pm_buf_reset(&imp->key);
			if ((rc = jstring(&p, &imp->key)) != 0)
				return rc;
			if ((c = find_col(imp, imp->key.s)) < 0)
				return unknown_col(imp, err, imp->line, imp->key.s);
			if (imp->seen[c])
				return fail(imp, err, PM_EX_DATAERR, imp->line, "key '%s' twice",
				    imp->cols[c].name);
			imp->seen[c] = 1;
			jws(&p);
			if (p.i >= p.n || p.s[p.i] != ':')
				return jfail(&p, "expected ':' after the key");
			p.i++;
			jws(&p);
			if ((rc = jvalue(&p, c)) != 0)
				return rc;
			jws(&p);
			if (p.i < p.n && p.s[p.i] == ',') {
				p.i++;
				continue;
			}
			if (p.i < p.n && p.s[p.i] == '}') {
				p.i++;
				break;
			}
			return jfail(&p, "expected ',' or '}'");
		}
	}
	jws(&p);
	if (p.i < p.n)
		return jfail(&p, "text after the closing '}'");
	for (c = 0; c < imp->ncols; c++) {
		if (imp->cols[c].required && !imp->seen[c])
			return fail(imp, err, PM_EX_DATAERR, imp->line, "missing column '%s'",
			    imp->cols[c].name);
		imp->vals[c] = imp->voff[c] == NOVAL ? NULL : imp->rec.s + imp->voff[c];
	}
	return 1;
}

static int
jsonl_next(pm_import *imp, pm_err *err)
{
	int rc;

	do {
		if ((rc = read_line(imp, err)) != 1)
			return rc;
	} while (blank(imp->ln.s, imp->ln.len));
	imp->line = imp->phys;
	return json_record(imp, err);
}

/* ---- the interface -------------------------------------------------- */

static pm_ifmt
guess_fmt(const char *path)
{
	static const char *const ext[] = { ".jsonl", ".json", ".ndjson" };
	size_t n = strlen(path), k, i;

	for (i = 0; i < sizeof ext / sizeof ext[0]; i++) {
		k = strlen(ext[i]);
		if (n > k && strcasecmp(path + n - k, ext[i]) == 0)
			return PM_IFMT_JSONL;
	}
	return PM_IFMT_CSV;
}

int
pm_import_open(const char *path, pm_ifmt fmt, const pm_icol *cols, int ncols,
    pm_import **out, pm_err *err)
{
	pm_import *imp = NULL;
	int is_stdin = strcmp(path, "-") == 0;
	struct stat st;
	size_t nc;
	pm_buf name;
	int rc = 0;

	*out = NULL;
	if (ncols < 0 || (ncols > 0 && cols == NULL) || (int)fmt < 0 || (int)fmt > (int)PM_IFMT_JSONL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("pm_import_open: bad arguments"));
	nc = (size_t)ncols;
	imp = pm_xcalloc(1, sizeof *imp);
	imp->fd = -1;
	imp->cols = cols;
	imp->ncols = ncols;
	pm_buf_init(&imp->ln);
	pm_buf_init(&imp->rec);
	pm_buf_init(&imp->key);
	pm_buf_init(&imp->show);
	pm_buf_init(&name);
	pm_text_safe(&name, is_stdin ? "stdin" : path);
	imp->name = pm_buf_detach(&name);
	if (is_stdin) {
		imp->fd = STDIN_FILENO;
	} else if ((imp->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = pm_err_set(err, PM_EX_NOINPUT, "%s: %s", imp->name, strerror(errno));
		goto out;
	} else {
		imp->own_fd = 1;
	}
	/* open(2) gives a directory without an error; read(2) would then
	 * fail with EISDIR, an "I/O error" for what is a wrong name */
	if (fstat(imp->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		rc = pm_err_set(err, PM_EX_NOINPUT, "%s: %s", imp->name, strerror(EISDIR));
		goto out;
	}
	if (fmt == PM_IFMT_AUTO)
		fmt = is_stdin ? PM_IFMT_CSV : guess_fmt(path);
	imp->fmt = fmt;
	imp->chunk = pm_xcalloc(CHUNK, 1);
	imp->hpos = pm_xcalloc(nc, sizeof *imp->hpos);
	imp->voff = pm_xcalloc(nc, sizeof *imp->voff);
	imp->seen = pm_xcalloc(nc, sizeof *imp->seen);
	imp->vals = pm_xcalloc(nc, sizeof *imp->vals);
	if (fmt == PM_IFMT_CSV && (rc = csv_header(imp, err)) != 0)
		goto out;
	*out = imp;
	imp = NULL;
out:
	pm_import_close(imp);
	return rc;
}

int
pm_import_next(pm_import *imp, pm_err *err)
{
	int rc;

	if (imp->state > 0) {
		if (err != NULL)
			*err = imp->fail;
		return imp->state;
	}
	if (imp->state < 0)
		return 0;
	imp->have = 0;
	rc = imp->fmt == PM_IFMT_CSV ? csv_next(imp, err) : jsonl_next(imp, err);
	if (rc == 0)
		imp->state = -1;
	else if (rc == 1)
		imp->have = 1;
	return rc;
}

const char *
pm_import_get(const pm_import *imp, int i)
{
	if (imp == NULL || !imp->have || i < 0 || i >= imp->ncols)
		return NULL;
	return imp->vals[i];
}

long
pm_import_line(const pm_import *imp)
{
	return imp->line;
}

const char *
pm_import_file(const pm_import *imp)
{
	return imp->name;
}

void
pm_import_close(pm_import *imp)
{
	if (imp == NULL)
		return;
	if (imp->own_fd)
		close(imp->fd);
	pm_buf_free(&imp->ln);
	pm_buf_free(&imp->rec);
	pm_buf_free(&imp->key);
	pm_buf_free(&imp->show);
	free(imp->name);
	free(imp->chunk);
	free(imp->offs);
	free(imp->hpos);
	free(imp->voff);
	free(imp->seen);
	free(imp->vals);
	free(imp);
}

int
pm_import_run(pm_ctx *ctx, const char *path, pm_ifmt fmt, const pm_icol *cols, int ncols,
    pm_irow_fn row, void *arg, pm_icounts *counts, pm_err *err)
{
	pm_import *imp = NULL;
	pm_ichange change;
	int rc;

	memset(counts, 0, sizeof *counts);
	if ((rc = pm_import_open(path, fmt, cols, ncols, &imp, err)) != 0)
		return rc;
	while ((rc = pm_import_next(imp, err)) == 1) {
		change = PM_I_UNCHANGED;
		if ((rc = row(ctx, imp, arg, &change, err)) != 0) {
			/* the reason and its status are the handler's; the
			 * place is the loop's, whatever went wrong */
			if (err->status == 0)
				pm_err_set(err, PM_EX_SOFTWARE, _("the row was refused"));
			rc = pm_err_prefix(err, _("%s:%ld"), imp->name, imp->line);
			err->field = NULL;
			break;
		}
		counts->rows++;
		if (change == PM_I_INSERTED)
			counts->inserted++;
		else if (change == PM_I_UPDATED)
			counts->updated++;
		else
			counts->unchanged++;
	}
	pm_import_close(imp);
	return rc;
}
