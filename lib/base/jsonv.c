/* jsonv.c — the strict JSON reader; see jsonv.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "jsonv.h"
#include "text.h"

typedef struct jp {
	const unsigned char *s;
	size_t n, pos;
	size_t line_start;
	int line;
	int depth, max_depth;
	unsigned flags;
	const char *name;
	pm_err *err;
} jp;

/* The column of byte position pos: characters since the line began. */
static int
col_at(const jp *p, size_t pos)
{
	size_t i;
	int col = 1;

	for (i = p->line_start; i < pos && i < p->n; i++)
		if ((p->s[i] & 0xc0) != 0x80)
			col++;
	return col;
}

static int
fail_at(jp *p, size_t pos, const char *why)
{
	if (p->err->status == 0)
		pm_err_set(p->err, PM_EX_DATAERR, "%s:%d:%d: %s", p->name, p->line, col_at(p, pos),
		    why);
	return -1;
}

static void
ws(jp *p)
{
	while (p->pos < p->n) {
		unsigned char c = p->s[p->pos];
		if (c == '\n') {
			p->line++;
			p->line_start = ++p->pos;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			p->pos++;
		} else {
			break;
		}
	}
}

static pm_jv *
node(jp *p, pm_jv_type t)
{
	pm_jv *v = pm_xcalloc(1, sizeof *v);

	v->type = t;
	v->line = p->line;
	v->col = col_at(p, p->pos);
	return v;
}

void
pm_jv_free(pm_jv *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys != NULL)
			pm_jv_free(v->keys[i]);
		pm_jv_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->s);
	free(v);
}

static int
hex4(jp *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (p->n - p->pos < 4)
		return fail_at(p, p->pos, _("\\u needs four hex digits"));
	for (i = 0; i < 4; i++) {
		unsigned char c = p->s[p->pos + (size_t)i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail_at(p, p->pos + (size_t)i, _("\\u needs four hex digits"));
	}
	p->pos += 4;
	*out = v;
	return 0;
}

static void
put_utf8(pm_buf *b, unsigned cp)
{
	char u[4];

	if (cp < 0x80) {
		pm_buf_addc(b, (char)cp);
		return;
	}
	if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		pm_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		pm_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		pm_buf_add(b, u, 4);
	}
}

/* A string at p->pos (the opening quote) into a new node. */
static pm_jv *
string(jp *p)
{
	pm_jv *v = node(p, PM_JV_STR);
	pm_buf b;

	pm_buf_init(&b);
	p->pos++;
	for (;;) {
		unsigned char c;
		if (p->pos >= p->n) {
			fail_at(p, p->pos, _("unterminated string"));
			goto bad;
		}
		c = p->s[p->pos];
		if (c == '"') {
			p->pos++;
			break;
		}
		if (c < 0x20) {
			fail_at(p, p->pos, _("a control character in a string (write it as \\u00XX)"));
			goto bad;
		}
		if (c == '\\') {
			unsigned cp, lo;
			size_t at = p->pos;
			if (++p->pos >= p->n) {
				fail_at(p, at, _("unterminated string"));
				goto bad;
			}
			c = p->s[p->pos++];
			switch (c) {
			case '"': pm_buf_addc(&b, '"'); break;
			case '\\': pm_buf_addc(&b, '\\'); break;
			case '/': pm_buf_addc(&b, '/'); break;
			case 'b': pm_buf_addc(&b, '\b'); break;
			case 'f': pm_buf_addc(&b, '\f'); break;
			case 'n': pm_buf_addc(&b, '\n'); break;
			case 'r': pm_buf_addc(&b, '\r'); break;
			case 't': pm_buf_addc(&b, '\t'); break;
			case 'u':
				if (hex4(p, &cp) != 0)
					goto bad;
				if (cp >= 0xdc00 && cp <= 0xdfff) {
					fail_at(p, at, _("a lone low surrogate"));
					goto bad;
				}
				if (cp >= 0xd800 && cp <= 0xdbff) {
					if (p->n - p->pos < 6 || p->s[p->pos] != '\\' ||
					    p->s[p->pos + 1] != 'u') {
						fail_at(p, at, _("a high surrogate without its low half"));
						goto bad;
					}
					p->pos += 2;
					if (hex4(p, &lo) != 0)
						goto bad;
					if (lo < 0xdc00 || lo > 0xdfff) {
						fail_at(p, at, _("a high surrogate without its low half"));
						goto bad;
					}
					cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
				}
				put_utf8(&b, cp);
				break;
			default:
				fail_at(p, at, _("an unknown escape"));
				goto bad;
			}
			continue;
		}
		if (c < 0x80) {
			pm_buf_addc(&b, (char)c);
			p->pos++;
		} else {
			int32_t cp;
			int k = pm_utf8_decode((const char *)p->s + p->pos, p->n - p->pos, &cp);
			if (cp < 0) {
				fail_at(p, p->pos, _("invalid UTF-8 in a string"));
				goto bad;
			}
			pm_buf_add(&b, (const char *)p->s + p->pos, (size_t)k);
			p->pos += (size_t)k;
		}
	}
	v->len = b.len;
	v->s = pm_buf_detach(&b);
	return v;
bad:
	pm_buf_free(&b);
	pm_jv_free(v);
	return NULL;
}

static int
digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static pm_jv *
number(jp *p)
{
	size_t start = p->pos;
	int integer = 1, neg = 0;
	pm_jv *v;

	if (p->s[p->pos] == '-') {
		neg = 1;
		p->pos++;
	}
	if (p->pos >= p->n || !digit(p->s[p->pos])) {
		fail_at(p, start, _("a number needs a digit"));
		return NULL;
	}
	if (p->s[p->pos] == '0') {
		p->pos++;
		if (p->pos < p->n && digit(p->s[p->pos])) {
			fail_at(p, start, _("a number has no leading zeros"));
			return NULL;
		}
	} else {
		while (p->pos < p->n && digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->n && p->s[p->pos] == '.') {
		integer = 0;
		p->pos++;
		if (p->pos >= p->n || !digit(p->s[p->pos])) {
			fail_at(p, start, _("a digit is needed after the decimal point"));
			return NULL;
		}
		while (p->pos < p->n && digit(p->s[p->pos]))
			p->pos++;
	}
	if (p->pos < p->n && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
		integer = 0;
		p->pos++;
		if (p->pos < p->n && (p->s[p->pos] == '+' || p->s[p->pos] == '-'))
			p->pos++;
		if (p->pos >= p->n || !digit(p->s[p->pos])) {
			fail_at(p, start, _("a digit is needed in the exponent"));
			return NULL;
		}
		while (p->pos < p->n && digit(p->s[p->pos]))
			p->pos++;
	}
	{
		size_t save = p->pos;
		p->pos = start;
		v = node(p, integer ? PM_JV_INT : PM_JV_NUM);
		p->pos = save;
	}
	v->len = p->pos - start;
	v->s = pm_xmalloc(v->len + 1);
	memcpy(v->s, p->s + start, v->len);
	v->s[v->len] = '\0';
	if (integer) {
		/* accumulate negatively: INT64_MIN fits, one past either end does not */
		int64_t x = 0;
		size_t i;
		for (i = (size_t)neg; i < v->len; i++) {
			int d = v->s[i] - '0';
			if (x < (INT64_MIN + d) / 10) {
				fail_at(p, start, _("an integer beyond the 64-bit range"));
				pm_jv_free(v);
				return NULL;
			}
			x = x * 10 - d;
		}
		if (!neg && x == INT64_MIN) {
			fail_at(p, start, _("an integer beyond the 64-bit range"));
			pm_jv_free(v);
			return NULL;
		}
		v->i = neg ? x : -x;
		free(v->s);
		v->s = NULL;
		v->len = 0;
	}
	return v;
}

static pm_jv *value(jp *p);

static void
push(pm_jv *v, pm_jv *key, pm_jv *item, size_t *cap)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 4;
		v->items = realloc(v->items, *cap * sizeof *v->items);
		if (v->items == NULL)
			abort();
		if (v->type == PM_JV_OBJ) {
			v->keys = realloc(v->keys, *cap * sizeof *v->keys);
			if (v->keys == NULL)
				abort();
		}
	}
	if (v->type == PM_JV_OBJ)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static int
key_cmp(const void *a, const void *b)
{
	const pm_jv *x = *(pm_jv *const *)a, *y = *(pm_jv *const *)b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	if (c != 0)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* An object's keys are unique: sorted, neighbours differ. */
static int
unique(jp *p, const pm_jv *o)
{
	pm_jv **k;
	size_t i;
	int rc = 0;

	if (o->n < 2)
		return 0;
	k = pm_xmalloc(o->n * sizeof *k);
	memcpy(k, o->keys, o->n * sizeof *k);
	qsort(k, o->n, sizeof *k, key_cmp);
	for (i = 1; i < o->n && rc == 0; i++)
		if (key_cmp(&k[i - 1], &k[i]) == 0) {
			const pm_jv *later = k[i - 1] > k[i] ? k[i - 1] : k[i];
			pm_buf q;
			char why[200];
			pm_buf_init(&q);
			pm_text_safe(&q, later->s);
			snprintf(why, sizeof why, _("key \"%.60s\" named twice"), q.s);
			pm_buf_free(&q);
			if (p->err->status == 0)
				pm_err_set(p->err, PM_EX_DATAERR, "%s:%d:%d: %s", p->name, later->line,
				    later->col, why);
			rc = -1;
		}
	free(k);
	return rc;
}

static pm_jv *
container(jp *p, int obj)
{
	pm_jv *v = node(p, obj ? PM_JV_OBJ : PM_JV_ARR), *k = NULL, *item;
	size_t cap = 0, open = p->pos;
	unsigned char close = obj ? '}' : ']';

	if (++p->depth > p->max_depth) {
		fail_at(p, p->pos, _("nested too deep"));
		goto bad;
	}
	p->pos++;
	ws(p);
	if (p->pos < p->n && p->s[p->pos] == close) {
		p->pos++;
		p->depth--;
		return v;
	}
	for (;;) {
		ws(p);
		if (obj) {
			if (p->pos >= p->n || p->s[p->pos] != '"') {
				fail_at(p, p->pos, _("expected a key (a string)"));
				goto bad;
			}
			if ((k = string(p)) == NULL)
				goto bad;
			ws(p);
			if (p->pos >= p->n || p->s[p->pos] != ':') {
				fail_at(p, p->pos, _("expected ':' after the key"));
				goto bad;
			}
			p->pos++;
			ws(p);
		}
		if ((item = value(p)) == NULL)
			goto bad;
		push(v, k, item, &cap);
		k = NULL;
		ws(p);
		if (p->pos >= p->n) {
			fail_at(p, open, obj ? _("unterminated object") : _("unterminated array"));
			goto bad;
		}
		if (p->s[p->pos] == ',') {
			p->pos++;
			continue;
		}
		if (p->s[p->pos] == close) {
			p->pos++;
			break;
		}
		fail_at(p, p->pos, obj ? _("expected ',' or '}'") : _("expected ',' or ']'"));
		goto bad;
	}
	if (obj && (p->flags & PM_JV_UNIQUE) && unique(p, v) != 0)
		goto bad;
	p->depth--;
	return v;
bad:
	pm_jv_free(k);
	pm_jv_free(v);
	return NULL;
}

static pm_jv *
word(jp *p, const char *w, pm_jv_type t, int b)
{
	size_t n = strlen(w);
	pm_jv *v;

	if (p->n - p->pos < n || memcmp(p->s + p->pos, w, n) != 0) {
		fail_at(p, p->pos, _("expected a value"));
		return NULL;
	}
	v = node(p, t);
	v->b = b;
	p->pos += n;
	return v;
}

static pm_jv *
value(jp *p)
{
	unsigned char c;

	if (p->pos >= p->n) {
		fail_at(p, p->pos, _("expected a value, found the end"));
		return NULL;
	}
	c = p->s[p->pos];
	switch (c) {
	case '{':
		return container(p, 1);
	case '[':
		return container(p, 0);
	case '"':
		return string(p);
	case 't':
		return word(p, "true", PM_JV_BOOL, 1);
	case 'f':
		return word(p, "false", PM_JV_BOOL, 0);
	case 'n':
		return word(p, "null", PM_JV_NULL, 0);
	default:
		if (c == '-' || digit(c))
			return number(p);
		fail_at(p, p->pos, _("expected a value"));
		return NULL;
	}
}

int
pm_jv_parse(const char *text, size_t len, const char *name, const pm_jv_limits *lim,
    pm_jv **out, pm_err *err)
{
	size_t max = lim != NULL && lim->bytes > 0 ? lim->bytes : PM_JV_BYTES;
	jp p;
	pm_jv *v;

	*out = NULL;
	pm_err_clear(err);
	memset(&p, 0, sizeof p);
	p.s = (const unsigned char *)text;
	p.n = len;
	p.line = 1;
	p.max_depth = lim != NULL && lim->depth > 0 ? lim->depth : PM_JV_DEPTH;
	p.flags = lim != NULL ? lim->flags : 0;
	p.name = name != NULL ? name : "-";
	p.err = err;
	if (len > max)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: more than %zu bytes"), p.name, max);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		fail_at(&p, 0, _("a byte order mark (JSON has none)"));
		return err->status;
	}
	ws(&p);
	if ((v = value(&p)) == NULL)
		return err->status != 0 ? err->status : pm_err_set(err, PM_EX_DATAERR,
		    _("%s: invalid"), p.name);
	ws(&p);
	if (p.pos < p.n) {
		fail_at(&p, p.pos, _("more after the value"));
		pm_jv_free(v);
		return err->status;
	}
	*out = v;
	return 0;
}

const pm_jv *
pm_jv_get(const pm_jv *o, const char *key)
{
	size_t i, n;

	if (o == NULL || o->type != PM_JV_OBJ || key == NULL)
		return NULL;
	n = strlen(key);
	for (i = 0; i < o->n; i++)
		if (o->keys[i]->len == n && memcmp(o->keys[i]->s, key, n) == 0)
			return o->items[i];
	return NULL;
}

const char *
pm_jv_type_name(pm_jv_type t)
{
	static const char *const names[] = {
		"null", "boolean", "integer", "number", "string", "array", "object"
	};

	return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "?";
}

int
pm_jv_error(pm_err *err, const char *name, const pm_jv *v, const char *fmt, ...)
{
	char msg[PM_ERR_MSG];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (v != NULL)
		return pm_err_set(err, PM_EX_DATAERR, "%s:%d:%d: %s", name, v->line, v->col, msg);
	return pm_err_set(err, PM_EX_DATAERR, "%s: %s", name, msg);
}
