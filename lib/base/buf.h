/*
 * buf.h — a growable byte buffer, always NUL-terminated.
 *
 * Used to build messages and output lines without fixed limits (json.h
 * writes JSON into one).
 * Allocation failure aborts (the tools cannot do anything useful without
 * memory, and checking every append would hide the real logic).
 */
#ifndef PM_BUF_H
#define PM_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct pm_buf {
	char *s;        /* NUL-terminated contents; "" when empty, never NULL after pm_buf_init */
	size_t len;
	size_t cap;
} pm_buf;

/*
 * Allocation that cannot fail: out of memory aborts (the same policy as
 * the buffer).  Zero sizes are rounded up so the result is never NULL.
 */
void *pm_xmalloc(size_t n);
void *pm_xcalloc(size_t n, size_t size);
char *pm_xstrdup(const char *s);

void pm_buf_init(pm_buf *b);
void pm_buf_free(pm_buf *b);            /* frees storage; b may be reused after init */
void pm_buf_reset(pm_buf *b);           /* length 0, keeps storage */
void pm_buf_add(pm_buf *b, const char *s, size_t n);
void pm_buf_adds(pm_buf *b, const char *s);
void pm_buf_addc(pm_buf *b, char c);
/* v in decimal, without printf: listings and imports write several a row. */
void pm_buf_addi(pm_buf *b, int64_t v);
void pm_buf_addf(pm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Transfer ownership of the contents to the caller (free with free()). */
char *pm_buf_detach(pm_buf *b);

#endif
