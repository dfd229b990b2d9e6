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
}

/* Messages are one line: a newline from a file name or user text would
 * break "prog: message" parsing in scripts, so flatten it. */
static void
flatten(char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n' || *s == '\r')
			*s = ' ';
}

int
pm_err_vset(pm_err *e, int status, const char *fmt, va_list ap)
{
	if (e == NULL)
		return status;
	e->status = status;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
	flatten(e->msg);
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
