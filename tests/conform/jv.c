/*
 * jv.c — the tests' strict JSON parser; see jv.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

struct jp {
	const unsigned char *s;
	size_t n, i;
	int flags;
	char *why;
	size_t whylen;
	int failed;
};

static void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

static void *
xrealloc(void *p, size_t size)
{
	if ((p = realloc(p, size ? size : 1)) == NULL)
		abort();
	return p;
}

static jv *
bad(struct jp *p, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	if (!p->failed && p->why != NULL) {
		va_start(ap, fmt);
		vsnprintf(msg, sizeof msg, fmt, ap);
		va_end(ap);
		snprintf(p->why, p->whylen, "at byte %zu: %s", p->i, msg);
	}
	p->failed = 1;
	return NULL;
}

void
jv_free(jv *v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; i < v->n; i++) {
		if (v->keys != NULL)
			jv_free(v->keys[i]);
		jv_free(v->items[i]);
	}
	free(v->keys);
	free(v->items);
	free(v->s);
	free(v);
}

static void
ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' ||
	    p->s[p->i] == '\n' || p->s[p->i] == '\r'))
		p->i++;
}

/* Length of one valid UTF-8 character at s[i], 0 when invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t w, k;
	unsigned long c, min;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		w = 2, c = s[0] & 0x1Fu, min = 0x80;
	else if ((s[0] & 0xF0) == 0xE0)
		w = 3, c = s[0] & 0x0Fu, min = 0x800;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		w = 4, c = s[0] & 0x07u, min = 0x10000;
	else
		return 0;
	if (w > n)
		return 0;
	for (k = 1; k < w; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3Fu);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	return w;
}

struct sbuf {
	char *s;
	size_t len, cap;
};

static void
sadd(struct sbuf *b, const void *d, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->len, d, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sadd_cp(struct sbuf *b, unsigned long cp)
{
	unsigned char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xC0 | (cp >> 6));
		u[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xE0 | (cp >> 12));
		u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (unsigned char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		u[0] = (unsigned char)(0xF0 | (cp >> 18));
		u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (unsigned char)(0x80 | (cp & 0x3F)), n = 4;
	}
	sadd(b, u, n);
}

static long
hex4(struct jp *p)
{
	long v = 0;
	size_t k;
	int c;

	if (p->n - p->i < 4)
		return -1;
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

static jv *
string(struct jp *p)
{
	struct sbuf b = { NULL, 0, 0 };
	jv *v;
	long cp, lo;
	size_t w;
	int c;

	p->i++;                 /* the opening quote */
	sadd(&b, "", 0);
	for (;;) {
		if (p->i >= p->n) {
			free(b.s);
			return bad(p, "unterminated string");
		}
		c = p->s[p->i];
		if (c == '"')
			break;
		if (c < 0x20) {
			free(b.s);
			return bad(p, "raw control character 0x%02x in a string", c);
		}
		if (c != '\\') {
			if ((w = utf8_len(p->s + p->i, p->n - p->i)) == 0) {
				free(b.s);
				return bad(p, "invalid UTF-8");
			}
			sadd(&b, p->s + p->i, w);
			p->i += w;
			continue;
		}
		if (++p->i >= p->n) {
			free(b.s);
			return bad(p, "unterminated string");
		}
		c = p->s[p->i++];
		switch (c) {
		case '"': sadd(&b, "\"", 1); continue;
		case '\\': sadd(&b, "\\", 1); continue;
		case '/': sadd(&b, "/", 1); continue;
		case 'b': sadd(&b, "\b", 1); continue;
		case 'f': sadd(&b, "\f", 1); continue;
		case 'n': sadd(&b, "\n", 1); continue;
		case 'r': sadd(&b, "\r", 1); continue;
		case 't': sadd(&b, "\t", 1); continue;
		case 'u': break;
		default:
			free(b.s);
			return bad(p, "invalid escape \\%c", c);
		}
		if ((cp = hex4(p)) < 0) {
			free(b.s);
			return bad(p, "\\u needs four hex digits");
		}
		if (cp >= 0xDC00 && cp <= 0xDFFF) {
			free(b.s);
			return bad(p, "lone low surrogate");
		}
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
				free(b.s);
				return bad(p, "lone high surrogate");
			}
			p->i += 2;
			if ((lo = hex4(p)) < 0 || lo < 0xDC00 || lo > 0xDFFF) {
				free(b.s);
				return bad(p, "lone high surrogate");
			}
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
		sadd_cp(&b, (unsigned long)cp);
	}
	p->i++;
	v = xcalloc(1, sizeof *v);
	v->type = JV_STR;
	v->s = b.s;
	v->len = b.len;
	return v;
}

static int
digits(struct jp *p)
{
	size_t start = p->i;

	while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
		p->i++;
	return p->i > start;
}

static jv *
number(struct jp *p)
{
	size_t start = p->i;
	jv *v;

	if (p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (!digits(p))
		return bad(p, "malformed number");
	if (p->i < p->n && p->s[p->i] == '.') {
		p->i++;
		if (!digits(p))
			return bad(p, "malformed number");
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		if (!digits(p))
			return bad(p, "malformed number");
	}
	v = xcalloc(1, sizeof *v);
	v->type = JV_NUM;
	v->len = p->i - start;
	v->s = xcalloc(v->len + 1, 1);
	memcpy(v->s, p->s + start, v->len);
	return v;
}

static jv *value(struct jp *p, int depth);

static void
push(jv *v, size_t *cap, jv *key, jv *item)
{
	if (v->n == *cap) {
		*cap = *cap ? *cap * 2 : 8;
		v->items = xrealloc(v->items, *cap * sizeof *v->items);
		if (v->type == JV_OBJ)
			v->keys = xrealloc(v->keys, *cap * sizeof *v->keys);
	}
	if (v->type == JV_OBJ)
		v->keys[v->n] = key;
	v->items[v->n++] = item;
}

static jv *
container(struct jp *p, int depth)
{
	int obj = p->s[p->i] == '{';
	jv *v = xcalloc(1, sizeof *v), *k = NULL, *item;
	size_t cap = 0, j;

	v->type = obj ? JV_OBJ : JV_ARR;
	if (depth >= JV_MAXDEPTH) {
		jv_free(v);
		return bad(p, "nested deeper than %d", JV_MAXDEPTH);
	}
	p->i++;
	ws(p);
	if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
		p->i++;
		return v;
	}
	for (;;) {
		ws(p);
		if (obj) {
			if (p->i >= p->n || p->s[p->i] != '"') {
				jv_free(v);
				return bad(p, "expected a key");
			}
			if ((k = string(p)) == NULL) {
				jv_free(v);
				return NULL;
			}
			if (p->flags & JV_UNIQUE) {
				for (j = 0; j < v->n; j++) {
					if (v->keys[j]->len == k->len &&
					    memcmp(v->keys[j]->s, k->s, k->len) == 0) {
						jv_free(k);
						jv_free(v);
						return bad(p, "duplicate key");
					}
				}
			}
			ws(p);
			if (p->i >= p->n || p->s[p->i] != ':') {
				jv_free(k);
				jv_free(v);
				return bad(p, "expected ':'");
			}
			p->i++;
			ws(p);
		}
		if ((item = value(p, depth + 1)) == NULL) {
			jv_free(k);
			jv_free(v);
			return NULL;
		}
		push(v, &cap, k, item);
		k = NULL;
		ws(p);
		if (p->i < p->n && p->s[p->i] == ',') {
			p->i++;
			continue;
		}
		if (p->i < p->n && p->s[p->i] == (obj ? '}' : ']')) {
			p->i++;
			return v;
		}
		jv_free(v);
		return bad(p, "expected ',' or '%c'", obj ? '}' : ']');
	}
}

static jv *
literal(struct jp *p, const char *word, enum jv_type t)
{
	size_t k = strlen(word);
	jv *v;

	if (p->n - p->i < k || memcmp(p->s + p->i, word, k) != 0)
		return bad(p, "unexpected character");
	p->i += k;
	v = xcalloc(1, sizeof *v);
	v->type = t;
	return v;
}

static jv *
value(struct jp *p, int depth)
{
	if (p->i >= p->n)
		return bad(p, "expected a value");
	switch (p->s[p->i]) {
	case '{':
	case '[':
		return container(p, depth);
	case '"':
		return string(p);
	case 't':
		return literal(p, "true", JV_TRUE);
	case 'f':
		return literal(p, "false", JV_FALSE);
	case 'n':
		return literal(p, "null", JV_NULL);
	default:
		if (p->s[p->i] == '-' || (p->s[p->i] >= '0' && p->s[p->i] <= '9'))
			return number(p);
		return bad(p, "unexpected character");
	}
}

jv *
jv_parse(const char *s, size_t n, int flags, char *why, size_t whylen)
{
	struct jp p = { (const unsigned char *)s, n, 0, flags, why, whylen, 0 };
	jv *v;

	if (why != NULL && whylen > 0)
		why[0] = '\0';
	ws(&p);
	if ((v = value(&p, 0)) == NULL)
		return NULL;
	ws(&p);
	if (p.i < p.n) {
		jv_free(v);
		return bad(&p, "text after the value");
	}
	return v;
}

const jv *
jv_get(const jv *obj, const char *k)
{
	size_t i, kl = strlen(k);

	if (obj == NULL || obj->type != JV_OBJ)
		return NULL;
	for (i = 0; i < obj->n; i++)
		if (obj->keys[i]->len == kl && memcmp(obj->keys[i]->s, k, kl) == 0)
			return obj->items[i];
	return NULL;
}
