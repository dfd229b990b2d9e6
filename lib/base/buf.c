/* buf.c — growable buffer; see buf.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

static char empty[1];

void *
pm_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		abort();
	return p;
}

void *
pm_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		abort();
	return p;
}

char *
pm_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = pm_xmalloc(n);

	memcpy(p, s, n);
	return p;
}

void
pm_buf_init(pm_buf *b)
{
	b->s = empty;
	b->len = 0;
	b->cap = 0;
}

void
pm_buf_free(pm_buf *b)
{
	if (b->cap > 0)
		free(b->s);
	pm_buf_init(b);
}

void
pm_buf_reset(pm_buf *b)
{
	if (b->s == NULL)
		pm_buf_init(b);
	b->len = 0;
	if (b->cap > 0)
		b->s[0] = '\0';
}

/* Make room for n more bytes plus the NUL. */
static void
grow(pm_buf *b, size_t n)
{
	size_t need, cap;
	char *p;

	if (b->s == NULL)
		pm_buf_init(b);
	if (n > SIZE_MAX / 2 - b->len)
		abort();
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = b->cap > 0 ? realloc(b->s, cap) : malloc(cap);
	if (p == NULL)
		abort();
	if (b->cap == 0)
		p[0] = '\0';
	b->s = p;
	b->cap = cap;
}

void
pm_buf_add(pm_buf *b, const char *s, size_t n)
{
	grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
pm_buf_adds(pm_buf *b, const char *s)
{
	pm_buf_add(b, s, strlen(s));
}

void
pm_buf_addc(pm_buf *b, char c)
{
	pm_buf_add(b, &c, 1);
}

void
pm_buf_addi(pm_buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	pm_buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
}

void
pm_buf_addf(pm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	/* most results fit the room left: format once, measure only when not */
	grow(b, 63);
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		abort();
	if ((size_t)n >= b->cap - b->len) {
		grow(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *
pm_buf_detach(pm_buf *b)
{
	char *s;

	if (b->cap == 0) {
		s = strdup("");
		if (s == NULL)
			abort();
	} else {
		s = b->s;
	}
	pm_buf_init(b);
	return s;
}
