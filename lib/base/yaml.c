/*
 * yaml.c — the strict YAML reader; see yaml.h.
 *
 * libyaml's event API does the tokenising; this file decides what is
 * allowed and builds the tree.  Everything that can be refused by
 * looking at bytes (size, encoding, NUL, bad UTF-8, control characters,
 * tabs in indentation) is refused before libyaml sees the data, so those
 * messages carry exact positions and libyaml never has to report them.
 * Everything else is refused on the first event that shows it: an
 * anchor, a tag, a second document, the 65th level of nesting.  Nothing
 * is expanded or guessed, so the work done is bounded by the input size.
 *
 * The tree lives in an arena owned by the document, so a failed parse
 * and pm_yaml_free both release it in one sweep.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "i18n.h"
#include "err.h"
#include "buf.h"
#include "pmtime.h"
#include "text.h"
#include "yaml.h"

/* ---- arena ---------------------------------------------------------- */

#define ARENA_BLOCK 65536

struct ablock {
	struct ablock *next;
	size_t used, cap;
	max_align_t mem[];      /* max_align_t keeps every piece aligned */
};

/* The public document plus what only this file needs. */
struct ydoc {
	pm_ydoc pub;
	struct ablock *arena;
};

static void *
aalloc(struct ydoc *d, size_t n)
{
	const size_t align = _Alignof(max_align_t);
	struct ablock *b;
	void *p;

	n = n ? (n + align - 1) & ~(align - 1) : align;
	b = d->arena;
	if (b == NULL || b->cap - b->used < n) {
		/* A large piece gets a block of its own behind the current
		 * one, so the current block's free space is not wasted. */
		size_t cap = n > ARENA_BLOCK / 4 ? n : ARENA_BLOCK;

		b = pm_xmalloc(sizeof *b + cap);
		b->used = 0;
		b->cap = cap;
		if (cap == n && d->arena != NULL) {
			b->next = d->arena->next;
			d->arena->next = b;
		} else {
			b->next = d->arena;
			d->arena = b;
		}
	}
	p = (char *)b->mem + b->used;
	b->used += n;
	return p;
}

static char *
astrndup(struct ydoc *d, const char *s, size_t n)
{
	char *p = aalloc(d, n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
pm_yaml_free(pm_ydoc *doc)
{
	struct ydoc *d = (struct ydoc *)doc;
	struct ablock *b, *next;

	if (d == NULL)
		return;
	for (b = d->arena; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	free(d);
}

/* ---- messages ------------------------------------------------------- */

/*
 * Copy text from the file into a message: short, and with control
 * characters (C0, DEL, C1 — a double-quoted "\e" or "\x9b" can make
 * them) replaced, because the message ends up on a terminal.
 */
static void
msgtext(char *dst, size_t cap, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, limit = 60;

	while (i < len && o + 4 < cap) {
		size_t w = 1;

		if (i >= limit) {
			/* cut only at a character boundary */
			if ((u[i] & 0xC0) != 0x80)
				break;
		}
		if (u[i] < 0x20 || u[i] == 0x7F) {
			dst[o++] = '?';
		} else if (u[i] == 0xC2 && i + 1 < len && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F) {
			dst[o++] = '?';
			w = 2;
		} else {
			dst[o++] = (char)u[i];
		}
		i += w;
	}
	if (i < len && o + 4 <= cap) {
		memcpy(dst + o, "...", 3);
		o += 3;
	}
	dst[o] = '\0';
}

static int
vposerr(pm_err *err, const char *file, int line, int col, const char *fmt, va_list ap)
{
	char msg[PM_ERR_MSG];

	vsnprintf(msg, sizeof msg, fmt, ap);
	return pm_err_set(err, PM_EX_CONFIG, "%s:%d:%d: %s", file, line, col, msg);
}

static int
poserr(pm_err *err, const char *file, int line, int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int
poserr(pm_err *err, const char *file, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vposerr(err, file, line, col, fmt, ap);
	va_end(ap);
	return PM_EX_CONFIG;
}

int
pm_yaml_error(pm_err *err, const pm_ydoc *doc, const pm_ynode *n, const char *fmt, ...)
{
	const char *file = doc != NULL && doc->file != NULL ? doc->file : "-";
	char msg[PM_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	if (n != NULL) {
		vposerr(err, file, n->line, n->col, fmt, ap);
	} else {
		vsnprintf(msg, sizeof msg, fmt, ap);
		pm_err_set(err, PM_EX_CONFIG, "%s: %s", file, msg);
	}
	va_end(ap);
	return PM_EX_CONFIG;
}

/* ---- the byte scan -------------------------------------------------- */

/*
 * Decode one UTF-8 character at s[0..n): returns its length and sets
 * *cp, or returns 0 for an invalid sequence (overlong, surrogate,
 * beyond U+10FFFF, truncated).
 */
static size_t
utf8_decode(const unsigned char *s, size_t n, long *cp)
{
	size_t w, i;
	long c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		w = 2, c = s[0] & 0x1F, min = 0x80;
	} else if ((s[0] & 0xF0) == 0xE0) {
		w = 3, c = s[0] & 0x0F, min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		w = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (w > n)
		return 0;
	for (i = 1; i < w; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return w;
}

/* The line breaks libyaml counts, so our positions agree with its marks. */
static int
is_break(long cp)
{
	return cp == '\n' || cp == '\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

/* Characters libyaml's reader refuses, besides NUL (reported apart). */
static int
is_forbidden(long cp)
{
	if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x85)
		return 0;
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF;
}

/*
 * Walk the bytes once, tracking line and column (in characters) the way
 * libyaml does.  Refuse NUL, invalid UTF-8, control characters and a tab
 * among the blanks that start a line: YAML forbids tabs as indentation,
 * but libyaml's message for one is "found character that cannot start
 * any token", and in flow context or a block scalar it takes the tab as
 * content.  Blank lines are included, since libyaml refuses those too.
 * With stop < n, only compute the position of byte offset stop.
 */
static int
scan(const char *file, const unsigned char *s, size_t n, size_t stop,
	int *pline, int *pcol, pm_err *err)
{
	size_t i = 0;
	int line = 1, col = 1, indent = 1;

	while (i < n && i < stop) {
		long cp;
		size_t w;

		if (s[i] == '\0')
			return poserr(err, file, line, col, "NUL byte; this is not a text file");
		if ((w = utf8_decode(s + i, n - i, &cp)) == 0)
			return poserr(err, file, line, col, "invalid UTF-8");
		if (is_forbidden(cp))
			return poserr(err, file, line, col,
				"control character U+%04lX is not allowed", cp);
		if (is_break(cp)) {
			if (cp == '\r' && i + 1 < n && s[i + 1] == '\n')
				w = 2;
			line++;
			col = 1;
			indent = 1;
			i += w;
			continue;
		}
		if (indent) {
			if (cp == '\t')
				return poserr(err, file, line, col,
					"tab in indentation; use spaces");
			if (cp != ' ')
				indent = 0;
		}
		col++;
		i += w;
	}
	*pline = line;
	*pcol = col;
	return 0;
}

/* ---- building the tree from events ---------------------------------- */

/* An open mapping or sequence and the children gathered so far. */
struct frame {
	pm_ynode *node;
	pm_ynode **keys, **items;
	size_t n, cap;
	int have_key;           /* map: keys[n] is set, its value is due */
	uint32_t *slot;         /* map: hash of key index + 1, for duplicates */
	size_t nslot, slotcap;
};

struct parse {
	const char *file;
	struct ydoc *doc;
	pm_err *err;
	int ndocs;
	int docline, doccol;
	int depth;
	struct frame stack[PM_YAML_MAX_DEPTH];
};

static const char *
kind_name(const pm_ynode *n)
{
	if (n->kind == PM_Y_MAP)
		return "a mapping";
	if (n->kind == PM_Y_SEQ)
		return "a sequence";
	if (n->plain && n->len == 0)
		return "an empty value";
	return "a string";
}

static uint32_t
hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;       /* FNV-1a */
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static int
same_key(const pm_ynode *a, const pm_ynode *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/*
 * Find key among the frame's keys; returns its index + 1 or 0.  Adds it
 * when absent and add is set.  A hash rather than a scan, because a
 * 1 MiB file can hold 100,000 keys in one mapping.
 */
static size_t
key_find(struct frame *f, const pm_ynode *key, size_t idx)
{
	size_t mask, h, i;

	if (f->nslot == 0 || (f->n + 1) * 2 > f->nslot) {
		size_t want = f->nslot ? f->nslot * 2 : 16;

		if (want > f->slotcap) {
			free(f->slot);
			f->slot = pm_xmalloc(want * sizeof *f->slot);
			f->slotcap = want;
		}
		f->nslot = want;
		memset(f->slot, 0, want * sizeof *f->slot);
		mask = want - 1;
		for (i = 0; i < f->n; i++) {
			h = hash(f->keys[i]->str, f->keys[i]->len) & mask;
			while (f->slot[h] != 0)
				h = (h + 1) & mask;
			f->slot[h] = (uint32_t)(i + 1);
		}
	}
	mask = f->nslot - 1;
	h = hash(key->str, key->len) & mask;
	while (f->slot[h] != 0) {
		if (same_key(f->keys[f->slot[h] - 1], key))
			return f->slot[h];
		h = (h + 1) & mask;
	}
	f->slot[h] = (uint32_t)(idx + 1);
	return 0;
}

static void
frame_push(struct frame *f, pm_ynode *key, pm_ynode *item)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 16;
		pm_ynode **k = pm_xmalloc(cap * sizeof *k), **v = pm_xmalloc(cap * sizeof *v);

		if (f->n > 0) {
			memcpy(k, f->keys, f->n * sizeof *k);
			memcpy(v, f->items, f->n * sizeof *v);
		}
		free(f->keys);
		free(f->items);
		f->keys = k;
		f->items = v;
		f->cap = cap;
	}
	f->keys[f->n] = key;
	f->items[f->n] = item;
}

/* Attach a finished node to the open collection, or make it the root. */
static int
attach(struct parse *p, pm_ynode *n)
{
	struct frame *f;
	char k[80];
	size_t first;

	if (p->depth == 0) {
		/* "---" with nothing after it: as empty as an empty file */
		if (n->kind == PM_Y_SCALAR && n->plain && n->len == 0)
			return poserr(p->err, p->file, p->docline, p->doccol, "empty document");
		p->doc->pub.root = n;
		return 0;
	}
	f = &p->stack[p->depth - 1];
	if (f->node->kind == PM_Y_SEQ) {
		frame_push(f, NULL, n);
		f->n++;
		return 0;
	}
	if (f->have_key) {
		f->items[f->n] = n;
		f->n++;
		f->have_key = 0;
		return 0;
	}
	/* n is a key: collections were refused when they started */
	if ((first = key_find(f, n, f->n)) != 0) {
		msgtext(k, sizeof k, n->str, n->len);
		return poserr(p->err, p->file, n->line, n->col,
			"duplicate key '%s' (first at line %d)", k, f->keys[first - 1]->line);
	}
	frame_push(f, n, NULL);
	f->have_key = 1;
	return 0;
}

static pm_ynode *
node_new(struct parse *p, pm_ykind kind, yaml_mark_t m)
{
	pm_ynode *n = aalloc(p->doc, sizeof *n);

	memset(n, 0, sizeof *n);
	n->kind = kind;
	/* libyaml marks are 0-based; the input is at most 1 MiB, so int fits */
	n->line = (int)m.line + 1;
	n->col = (int)m.column + 1;
	return n;
}

static int
mark_err(struct parse *p, yaml_mark_t m, const char *msg)
{
	return poserr(p->err, p->file, (int)m.line + 1, (int)m.column + 1, "%s", msg);
}

/* Anchors, tags, and a collection where a key belongs, for any node. */
static int
check_props(struct parse *p, const yaml_event_t *ev, const yaml_char_t *anchor,
	const yaml_char_t *tag, const char *what)
{
	struct frame *f;

	if (anchor != NULL)
		return mark_err(p, ev->start_mark, "anchors and aliases are not allowed");
	if (tag != NULL)
		return mark_err(p, ev->start_mark, "tags are not allowed");
	if (what != NULL && p->depth > 0) {
		f = &p->stack[p->depth - 1];
		if (f->node->kind == PM_Y_MAP && !f->have_key)
			return poserr(p->err, p->file, (int)ev->start_mark.line + 1,
				(int)ev->start_mark.column + 1,
				"a mapping key must be a scalar, found %s", what);
	}
	return 0;
}

static int
on_scalar(struct parse *p, const yaml_event_t *ev)
{
	pm_ynode *n;
	int rc;

	if ((rc = check_props(p, ev, ev->data.scalar.anchor, ev->data.scalar.tag, NULL)) != 0)
		return rc;
	/* "\0" or "\x00" in a double-quoted scalar: every consumer reads
	 * scalars as C strings, so a NUL would silently cut the value. */
	if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length) != NULL)
		return mark_err(p, ev->start_mark, "NUL character in a scalar");
	n = node_new(p, PM_Y_SCALAR, ev->start_mark);
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->len = ev->data.scalar.length;
	n->str = astrndup(p->doc, (const char *)ev->data.scalar.value, n->len);
	return attach(p, n);
}

static int
on_start(struct parse *p, const yaml_event_t *ev, pm_ykind kind)
{
	struct frame *f;
	const yaml_char_t *anchor, *tag;
	int rc;

	if (kind == PM_Y_MAP) {
		anchor = ev->data.mapping_start.anchor;
		tag = ev->data.mapping_start.tag;
	} else {
		anchor = ev->data.sequence_start.anchor;
		tag = ev->data.sequence_start.tag;
	}
	rc = check_props(p, ev, anchor, tag, kind == PM_Y_MAP ? "a mapping" : "a sequence");
	if (rc != 0)
		return rc;
	if (p->depth == PM_YAML_MAX_DEPTH)
		return poserr(p->err, p->file, (int)ev->start_mark.line + 1,
			(int)ev->start_mark.column + 1,
			"nested deeper than %d levels", PM_YAML_MAX_DEPTH);
	f = &p->stack[p->depth++];
	f->node = node_new(p, kind, ev->start_mark);
	f->n = 0;
	f->have_key = 0;
	f->nslot = 0;
	return 0;
}

static int
on_end(struct parse *p)
{
	struct frame *f = &p->stack[p->depth - 1];
	pm_ynode *n = f->node;

	n->n = f->n;
	if (f->n > 0) {
		n->items = aalloc(p->doc, f->n * sizeof *n->items);
		memcpy(n->items, f->items, f->n * sizeof *n->items);
		if (n->kind == PM_Y_MAP) {
			n->keys = aalloc(p->doc, f->n * sizeof *n->keys);
			memcpy(n->keys, f->keys, f->n * sizeof *n->keys);
		}
	}
	p->depth--;
	return attach(p, n);
}

static int
on_event(struct parse *p, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (p->ndocs++ > 0)
			return mark_err(p, ev->start_mark, "more than one document");
		if (ev->data.document_start.tag_directives.start
		    != ev->data.document_start.tag_directives.end)
			return mark_err(p, ev->start_mark, "tags are not allowed");
		p->docline = (int)ev->start_mark.line + 1;
		p->doccol = (int)ev->start_mark.column + 1;
		return 0;
	case YAML_ALIAS_EVENT:
		return mark_err(p, ev->start_mark, "anchors and aliases are not allowed");
	case YAML_SCALAR_EVENT:
		return on_scalar(p, ev);
	case YAML_SEQUENCE_START_EVENT:
		return on_start(p, ev, PM_Y_SEQ);
	case YAML_MAPPING_START_EVENT:
		return on_start(p, ev, PM_Y_MAP);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		return on_end(p);
	case YAML_STREAM_END_EVENT:
		if (p->ndocs == 0)
			return poserr(p->err, p->file, 1, 1, "empty document");
		return 0;
	default:
		return 0;
	}
}

/* Turn libyaml's objection into "file:line:col: problem context". */
static int
libyaml_err(struct parse *p, const yaml_parser_t *yp, const char *data, size_t len)
{
	const char *problem = yp->problem ? yp->problem : "syntax error";
	int line, col;

	switch (yp->error) {
	case YAML_MEMORY_ERROR:
		abort();        /* as xmalloc: out of memory is not survivable */
	case YAML_READER_ERROR:
		/* The reader reports a byte offset, not a mark.  The scan
		 * refuses everything it would complain about, but keep an
		 * honest position in case the two ever disagree. */
		if (scan(p->file, (const unsigned char *)data, len, yp->problem_offset,
		    &line, &col, p->err) != 0)
			return PM_EX_CONFIG;
		return poserr(p->err, p->file, line, col, "%s", problem);
	default:
		line = (int)yp->problem_mark.line + 1;
		col = (int)yp->problem_mark.column + 1;
		if (yp->context == NULL)
			return poserr(p->err, p->file, line, col, "%s", problem);
		if (yp->context_mark.line != yp->problem_mark.line)
			return poserr(p->err, p->file, line, col, "%s %s at line %d",
				problem, yp->context, (int)yp->context_mark.line + 1);
		return poserr(p->err, p->file, line, col, "%s %s", problem, yp->context);
	}
}

/* ---- what libyaml lets through --------------------------------------- */

/*
 * libyaml 0.2.5 accepts some inputs YAML 1.2 calls invalid, and misreads
 * a few valid ones; yaml-test-suite (tests/conform) finds them.  They are
 * caught from libyaml's own tokens, which carry positions, in a second
 * pass over a document the first pass accepted:
 *   - a comment must be separated from what precedes it by a blank
 *     ("[a]#x", "\"v\"#x", "a,#x", and ">#x" after a block scalar header);
 *   - in block context, the later lines of a flow collection or of a
 *     quoted scalar must be indented more than the block collection
 *     holding it (libyaml takes "k: [a,\nb]" and "k: \"a\nb\"");
 *   - the leading empty lines of a block scalar may not hold more spaces
 *     than its first non-empty line;
 *   - a plain "-", "?" or ":" followed by a blank or a flow indicator is
 *     not a scalar in a flow collection ("[-]");
 *   - "?x" in a flow collection is the plain scalar "?x", which libyaml
 *     reads as the key "x": refused rather than misread.
 * Marks count characters; a cursor walks to the byte offset, forward
 * with the tokens, so the pass stays linear.
 */
struct tokpass {
	const unsigned char *s;
	size_t n;
	size_t ci, bi;          /* cursor: character index and its byte offset */
	int indent[PM_YAML_MAX_DEPTH + 2];
	int nindent;
	int flow;
};

static size_t
tok_byte(struct tokpass *t, size_t ci)
{
	while (t->ci < ci && t->bi < t->n) {
		long cp;
		size_t w = utf8_decode(t->s + t->bi, t->n - t->bi, &cp);

		/* (libyaml counts "\r\n" as two, like the bytes) */
		t->bi += w ? w : 1;
		t->ci++;
	}
	while (t->ci > ci && t->bi > 0) {
		t->bi--;
		while (t->bi > 0 && (t->s[t->bi] & 0xC0) == 0x80)
			t->bi--;
		t->ci--;
	}
	return t->bi;
}

static int
is_blank_or_break(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A '#' in the gap [from, to) between tokens that touches the text before it. */
static size_t
gap_comment(const struct tokpass *t, size_t from, size_t to)
{
	size_t i;

	for (i = from; i < to && i < t->n; i++) {
		if (t->s[i] != '#')
			continue;
		if (i > 0 && !is_blank_or_break(t->s[i - 1]))
			return i;
		while (i < to && t->s[i] != '\n' && t->s[i] != '\r')
			i++;
	}
	return SIZE_MAX;
}

/* Leading spaces of the line starting at byte i, or -1 for a blank line. */
static int
line_indent(const struct tokpass *t, size_t i)
{
	int k = 0;

	while (i < t->n && t->s[i] == ' ')
		i++, k++;
	if (i >= t->n || t->s[i] == '\n' || t->s[i] == '\r')
		return -1;
	return k;
}

static size_t
next_line(const struct tokpass *t, size_t i)
{
	while (i < t->n && t->s[i] != '\n' && t->s[i] != '\r')
		i++;
	if (i < t->n && t->s[i] == '\r')
		i++;
	if (i < t->n && t->s[i] == '\n')
		i++;
	return i;
}

/* The block scalar at byte b: its header, and its leading empty lines. */
static int
check_block_scalar(struct parse *p, struct tokpass *t, const yaml_token_t *tok, size_t b)
{
	size_t i = b + 1, line;
	int explicit = 0, most = 0, k, parent = t->nindent ? t->indent[t->nindent - 1] : -1;
	long lno = (long)tok->start_mark.line + 1;

	while (i < t->n && (t->s[i] == '+' || t->s[i] == '-' || (t->s[i] >= '0' && t->s[i] <= '9'))) {
		explicit |= t->s[i] != '+' && t->s[i] != '-';
		i++;
	}
	if (i < t->n && t->s[i] == '#')
		return poserr(p->err, p->file, (int)lno, (int)tok->start_mark.column + 1 + (int)(i - b),
			"a comment needs a space before '#'");
	if (explicit)
		return 0;
	for (line = next_line(t, i), lno++; line < t->n; line = next_line(t, line), lno++) {
		if ((k = line_indent(t, line)) < 0) {
			size_t j = line;

			while (j < t->n && t->s[j] == ' ')
				j++;
			if ((int)(j - line) > most)
				most = (int)(j - line);
			continue;
		}
		if (k > parent && most > k)
			return poserr(p->err, p->file, (int)lno, k + 1,
				"an empty line of the block scalar above holds more spaces "
				"than its first line");
		break;
	}
	return 0;
}

static int
check_tokens(struct parse *p, const unsigned char *s, size_t n)
{
	struct tokpass t;
	yaml_parser_t yp;
	yaml_token_t tok;
	size_t prev_end = 0, b, e, at, line;
	long prev_line = -1, l;
	int rc = 0, done = 0, block, k;

	memset(&t, 0, sizeof t);
	t.s = s;
	t.n = n;
	if (!yaml_parser_initialize(&yp))
		abort();
	yaml_parser_set_input_string(&yp, s, n);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!done && rc == 0) {
		/* the first pass accepted the document, so the scanner will too */
		if (!yaml_parser_scan(&yp, &tok))
			break;
		done = tok.type == YAML_STREAM_END_TOKEN;
		b = tok_byte(&t, tok.start_mark.index);
		block = t.nindent ? t.indent[t.nindent - 1] : -1;
		if (tok.start_mark.index > 0 && (at = gap_comment(&t, prev_end, b)) != SIZE_MAX) {
			/* a '#' touching text touches the previous token's end */
			k = 0;
			for (e = at; e > 0 && s[e - 1] != '\n' && s[e - 1] != '\r'; e--)
				if ((s[e - 1] & 0xC0) != 0x80)
					k++;
			rc = poserr(p->err, p->file, (int)prev_line + 1, k + 1,
				"a comment needs a space before '#'");
		} else if (t.flow > 0 && (long)tok.start_mark.line != prev_line &&
		    (int)tok.start_mark.column <= block && tok.type != YAML_STREAM_END_TOKEN) {
			/* the first token of a line inside a flow collection */
			rc = poserr(p->err, p->file, (int)tok.start_mark.line + 1,
				(int)tok.start_mark.column + 1,
				"a flow collection's lines must be indented more than the block holding it");
		}
		if (rc == 0) switch (tok.type) {
		case YAML_BLOCK_SEQUENCE_START_TOKEN:
		case YAML_BLOCK_MAPPING_START_TOKEN:
			if (t.nindent < (int)(sizeof t.indent / sizeof t.indent[0]))
				t.indent[t.nindent++] = (int)tok.start_mark.column;
			break;
		case YAML_BLOCK_END_TOKEN:
			if (t.nindent > 0)
				t.nindent--;
			break;
		case YAML_FLOW_SEQUENCE_START_TOKEN:
		case YAML_FLOW_MAPPING_START_TOKEN:
			t.flow++;
			break;
		case YAML_FLOW_SEQUENCE_END_TOKEN:
		case YAML_FLOW_MAPPING_END_TOKEN:
			t.flow--;
			break;
		case YAML_KEY_TOKEN:
			if (t.flow > 0 && b < n && s[b] == '?' && b + 1 < n && !is_blank_or_break(s[b + 1]))
				rc = mark_err(p, tok.start_mark,
					"'?' followed by text in a flow collection; quote the scalar "
					"or put a space after '?'");
			break;
		case YAML_SCALAR_TOKEN:
			if (tok.data.scalar.style == YAML_LITERAL_SCALAR_STYLE ||
			    tok.data.scalar.style == YAML_FOLDED_SCALAR_STYLE) {
				rc = check_block_scalar(p, &t, &tok, b);
				break;
			}
			if (tok.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && t.flow > 0 &&
			    strchr("-?:", (char)tok.data.scalar.value[0]) != NULL &&
			    tok.data.scalar.value[0] != '\0' &&
			    (tok.data.scalar.length == 1 ||
			     strchr(" ,[]{}", (char)tok.data.scalar.value[1]) != NULL)) {
				rc = mark_err(p, tok.start_mark, "a plain scalar cannot start with "
					"'-', '?' or ':' and a blank in a flow collection; quote it");
				break;
			}
			if (block < 0 || tok.end_mark.line == tok.start_mark.line ||
			    tok.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
				break;
			/* a quoted scalar over several lines in block context */
			line = next_line(&t, b);
			for (l = (long)tok.start_mark.line + 1; l <= (long)tok.end_mark.line;
			    l++, line = next_line(&t, line)) {
				if ((k = line_indent(&t, line)) >= 0 && k <= block) {
					rc = poserr(p->err, p->file, (int)l + 1, k + 1,
						"a quoted scalar's lines must be indented more than "
						"the block holding it");
					break;
				}
			}
			break;
		default:
			break;
		}
		prev_end = tok_byte(&t, tok.end_mark.index);
		prev_line = (long)tok.end_mark.line;
		yaml_token_delete(&tok);
	}
	yaml_parser_delete(&yp);
	return rc;
}

int
pm_yaml_parse(const char *file, const char *data, size_t len, pm_ydoc **out, pm_err *err)
{
	const unsigned char *u = (const unsigned char *)data;
	yaml_parser_t yp;
	yaml_event_t ev;
	struct parse p;
	char *copy = NULL;
	size_t k;
	int rc = 0, line, col, done = 0, i;

	*out = NULL;
	if (file == NULL)
		file = "-";
	if (data == NULL)
		data = "", u = (const unsigned char *)data, len = 0;
	if (len > PM_YAML_MAX_BYTES)
		return pm_err_set(err, PM_EX_CONFIG, _("%s: larger than 1 MiB"), file);
	/* UTF-32 LE starts FF FE 00 00, so it is caught with UTF-16 LE. */
	if ((len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
	    || (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xFE && u[3] == 0xFF))
		return poserr(err, file, 1, 1, "UTF-16/UTF-32 is not supported; save as UTF-8");
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		u += 3;
		len -= 3;
	}
	if (scan(file, u, len, len, &line, &col, err) != 0)
		return PM_EX_CONFIG;
	/* A last line of only spaces, with no line break after it: libyaml
	 * leaves it out of a block scalar that YAML says it belongs to
	 * ("|+" then "   " gives "" instead of "\n").  With the break added
	 * libyaml reads it as YAML says; nothing else sees the difference. */
	for (k = len; k > 0 && u[k - 1] == ' '; k--)
		;
	if (k < len && (k == 0 || u[k - 1] == '\n' || u[k - 1] == '\r')) {
		copy = pm_xmalloc(len + 1);
		memcpy(copy, u, len);
		copy[len++] = '\n';
		data = copy;
		u = (const unsigned char *)copy;
	}

	memset(&p, 0, sizeof p);
	p.doc = pm_xmalloc(sizeof *p.doc);
	memset(p.doc, 0, sizeof *p.doc);
	p.doc->pub.file = astrndup(p.doc, file, strlen(file));
	p.file = p.doc->pub.file;
	p.err = err;

	if (!yaml_parser_initialize(&yp))
		abort();
	yaml_parser_set_input_string(&yp, u, len);
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	while (!done) {
		if (!yaml_parser_parse(&yp, &ev)) {
			rc = libyaml_err(&p, &yp, data, len);
			break;
		}
		rc = on_event(&p, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (rc != 0)
			break;
	}
	yaml_parser_delete(&yp);
	if (rc == 0)
		rc = check_tokens(&p, u, len);
	free(copy);

	for (i = 0; i < PM_YAML_MAX_DEPTH; i++) {
		free(p.stack[i].keys);
		free(p.stack[i].items);
		free(p.stack[i].slot);
	}
	if (rc != 0) {
		pm_yaml_free(&p.doc->pub);
		return rc;
	}
	*out = &p.doc->pub;
	return 0;
}

int
pm_yaml_load(const char *path, pm_ydoc **out, pm_err *err)
{
	FILE *fp;
	char *data;
	size_t len = 0, n;
	int rc, e;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL) {
		e = errno;
		/* ENOTDIR: a path component is a file, so this file is absent too */
		if (e == ENOENT || e == ENOTDIR)
			return pm_err_set(err, PM_EX_NOINPUT, _("%s: no such file"), path);
		return pm_err_set(err, PM_EX_CONFIG, "%s: %s", path, strerror(e));
	}
	/* One byte more than allowed tells "too large" without reading it all. */
	data = pm_xmalloc(PM_YAML_MAX_BYTES + 1);
	while (len < PM_YAML_MAX_BYTES + 1
	    && (n = fread(data + len, 1, PM_YAML_MAX_BYTES + 1 - len, fp)) > 0)
		len += n;
	if (ferror(fp)) {
		e = errno;
		fclose(fp);
		free(data);
		return pm_err_set(err, PM_EX_CONFIG, "%s: %s", path, strerror(e));
	}
	fclose(fp);
	rc = pm_yaml_parse(path, data, len, out, err);
	free(data);
	return rc;
}

/* ---- reading the tree ----------------------------------------------- */

const pm_ynode *
pm_yaml_get(const pm_ynode *map, const char *key)
{
	size_t i, klen;

	if (map == NULL || map->kind != PM_Y_MAP || key == NULL)
		return NULL;
	klen = strlen(key);
	for (i = 0; i < map->n; i++)
		if (map->keys[i]->len == klen && memcmp(map->keys[i]->str, key, klen) == 0)
			return map->items[i];
	return NULL;
}

/* A node that must be a scalar; "expected <what>, found a mapping". */
static int
need_scalar(const pm_ydoc *doc, const pm_ynode *n, const char *what, pm_err *err)
{
	if (n == NULL)
		return pm_yaml_error(err, doc, NULL, "expected %s, found nothing", what);
	if (n->kind != PM_Y_SCALAR)
		return pm_yaml_error(err, doc, n, "expected %s, found %s", what, kind_name(n));
	return 0;
}

int
pm_yaml_str(const pm_ydoc *doc, const pm_ynode *n, const char **out, pm_err *err)
{
	int rc;

	if ((rc = need_scalar(doc, n, "a string", err)) != 0)
		return rc;
	*out = n->str;
	return 0;
}

int
pm_yaml_int(const pm_ydoc *doc, const pm_ynode *n, int64_t min, int64_t max,
	int64_t *out, pm_err *err)
{
	char what[96], shown[80];
	const char *s;
	uint64_t v = 0, lim;
	int neg, rc;

	snprintf(what, sizeof what, "an integer from %lld to %lld", (long long)min, (long long)max);
	if ((rc = need_scalar(doc, n, what, err)) != 0)
		return rc;
	s = n->str;
	neg = *s == '-';
	s += neg;
	/* Magnitudes up to 2^63 so INT64_MIN itself can be written. */
	lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	if (*s == '\0')
		goto bad;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			goto bad;
		if (v > (lim - (uint64_t)(*s - '0')) / 10)
			goto bad;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (neg)
		*out = v == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(int64_t)v;
	else
		*out = (int64_t)v;
	if (*out < min || *out > max)
		goto bad;
	return 0;
bad:
	msgtext(shown, sizeof shown, n->str, n->len);
	return pm_yaml_error(err, doc, n, "expected %s, found '%s'", what, shown);
}

int
pm_yaml_bool(const pm_ydoc *doc, const pm_ynode *n, int *out, pm_err *err)
{
	char shown[80];
	int rc;

	if ((rc = need_scalar(doc, n, "true or false", err)) != 0)
		return rc;
	if (strcmp(n->str, "true") == 0)
		*out = 1;
	else if (strcmp(n->str, "false") == 0)
		*out = 0;
	else {
		msgtext(shown, sizeof shown, n->str, n->len);
		return pm_yaml_error(err, doc, n, "expected true or false, found '%s'", shown);
	}
	return 0;
}

int
pm_yaml_copy(const pm_ydoc *doc, const pm_ynode *n, char *out, size_t size, pm_err *err)
{
	const char *s;

	if (pm_yaml_str(doc, n, &s, err) != 0)
		return err->status;
	if (*s == '\0' || strlen(s) >= size)
		return pm_yaml_error(err, doc, n, _("expected 1 to %d bytes"), (int)size - 1);
	memcpy(out, s, strlen(s) + 1);
	return 0;
}

int
pm_yaml_enum(const pm_ydoc *doc, const pm_ynode *n, const char *choices, int *index,
	pm_err *err)
{
	char what[PM_ERR_MSG / 2], shown[80];
	const char *c, *bar;
	size_t o, wlen;
	int i, rc;

	/* "half-up|half-even" -> "one of half-up, half-even" */
	o = (size_t)snprintf(what, sizeof what, "one of ");
	for (c = choices; *c != '\0' && o + 3 < sizeof what; c++) {
		if (*c == '|') {
			what[o++] = ',';
			what[o++] = ' ';
		} else {
			what[o++] = *c;
		}
	}
	what[o] = '\0';
	if ((rc = need_scalar(doc, n, what, err)) != 0)
		return rc;
	for (i = 0, c = choices;; i++, c = bar + 1) {
		bar = strchr(c, '|');
		wlen = bar ? (size_t)(bar - c) : strlen(c);
		if (wlen == n->len && memcmp(c, n->str, wlen) == 0) {
			*index = i;
			return 0;
		}
		if (bar == NULL)
			break;
	}
	msgtext(shown, sizeof shown, n->str, n->len);
	return pm_yaml_error(err, doc, n, "expected %s, found '%s'", what, shown);
}

/* ---- the values the files' schemas share ------------------------------------ */

int
pm_yaml_text(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out, pm_err *err)
{
	pm_err e;

	if (pm_yaml_str(doc, n, out, err) != 0)
		return err->status;
	if (**out == '\0')
		return pm_yaml_error(err, doc, n, _("must not be empty"));
	if (pm_text_check(*out, strlen(*out), max, "text", &e) != 0)
		return pm_yaml_error(err, doc, n, "%s", e.msg);
	return 0;
}

int
pm_yaml_code(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out, pm_err *err)
{
	if (pm_yaml_str(doc, n, out, err) != 0)
		return err->status;
	if (!pm_code_valid(*out, max, PM_CODE_UPPER))
		return pm_yaml_error(err, doc, n,
		    _("expected a code of letters, digits, - and _ (at most %d)"), (int)max);
	return 0;
}

int
pm_yaml_texts(const pm_ydoc *doc, const pm_ynode *n, size_t most, size_t maxchars,
    const char ***out, size_t *count, pm_err *err)
{
	size_t i;
	int rc;

	*out = NULL;
	*count = 0;
	if (n->kind != PM_Y_SEQ)
		return pm_yaml_error(err, doc, n, _("expected a list"));
	if (n->n == 0 || n->n > most)
		return pm_yaml_error(err, doc, n, _("expected 1 to %d entries"), (int)most);
	*out = pm_xcalloc(n->n, sizeof **out);
	*count = n->n;
	for (i = 0; i < n->n; i++)
		if ((rc = pm_yaml_text(doc, n->items[i], maxchars, &(*out)[i], err)) != 0)
			return rc;
	return 0;
}

int
pm_yaml_span(const pm_ydoc *doc, const pm_ynode *n, int64_t max, const char *what,
    int64_t *out, pm_err *err)
{
	const char *s;
	pm_span sp;
	pm_err e;

	if (pm_yaml_str(doc, n, &s, err) != 0)
		return err->status;
	if (pm_span_parse(s, &sp, &e) != 0 || sp.months != 0 || sp.seconds < 0 ||
	    sp.seconds > max)
		return pm_yaml_error(err, doc, n, "%s", what);
	*out = sp.seconds;
	return 0;
}
