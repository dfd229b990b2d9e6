/* err.c — the error type; see err.h. */
#include <stdio.h>
#include <string.h>

#include "err.h"

void
pm_err_clear(pm_err *e)
{
	if (e == NULL)
		return;
	e->status = 0;
	e->msg[0] = '\0';
	e->field = NULL;
}

/*
 * Messages are one line and safe on a terminal, whatever user text went
 * into them: a newline from a file name would break "prog: message"
 * parsing in scripts, an escape sequence or a bidi override echoed from
 * an argument would act on the terminal.  Control characters become '?',
 * as do C1 controls (C2 80..9F) and the bidi controls U+200E/F,
 * U+202A..E, U+2066..9 (kept the same length by padding with '?').
 */
static void
flatten(char *s)
{
	unsigned char *p = (unsigned char *)s;

	for (; *p != '\0'; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
		else if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
		else if (p[0] == 0xe2 && p[1] == 0x80 && p[2] != '\0' &&
		    ((p[2] >= 0xaa && p[2] <= 0xae) || p[2] == 0x8e || p[2] == 0x8f))
			p[0] = p[1] = p[2] = '?';
		else if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			p[0] = p[1] = p[2] = '?';
	}
}

int
pm_err_vset(pm_err *e, int status, const char *fmt, va_list ap)
{
	char msg[PM_ERR_MSG];

	if (e == NULL)
		return status;
	/* Format aside first: callers may pass e->msg itself as an argument
	 * ("--month: %s", err.msg), and snprintf must not overlap. */
	vsnprintf(msg, sizeof msg, fmt, ap);
	memcpy(e->msg, msg, sizeof msg);
	e->status = status;
	e->field = NULL;
	flatten(e->msg);
	return status;
}

int
pm_err_field(pm_err *e, int status, const char *field, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pm_err_vset(e, status, fmt, ap);
	va_end(ap);
	if (e != NULL)
		e->field = field;
	return status;
}

int
pm_err_set(pm_err *e, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pm_err_vset(e, status, fmt, ap);
	va_end(ap);
	return status;
}

int
pm_err_prefix(pm_err *e, const char *fmt, ...)
{
	char pre[PM_ERR_MSG], old[PM_ERR_MSG];
	va_list ap;

	if (e == NULL)
		return 0;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof pre, fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof old);
	/* a long message is cut, not lost: the start says the most */
	if (snprintf(e->msg, sizeof e->msg, "%s: %s", pre, old) >= (int)sizeof e->msg)
		e->msg[sizeof e->msg - 1] = '\0';
	flatten(e->msg);
	return e->status;
}

const char *
pm_err_name(int status)
{
	switch (status) {
	case PM_OK: return "ok";
	case PM_EX_NOTFOUND: return "not found";
	case PM_EX_USAGE: return "usage";
	case PM_EX_DATAERR: return "bad data";
	case PM_EX_NOINPUT: return "no such record or file";
	case PM_EX_UNAVAILABLE: return "busy";
	case PM_EX_SOFTWARE: return "internal error";
	case PM_EX_CANTCREAT: return "cannot create";
	case PM_EX_IOERR: return "i/o error";
	case PM_EX_NOPERM: return "permission denied";
	case PM_EX_CONFIG: return "configuration error";
	default: return "error";
	}
}
