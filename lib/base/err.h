/*
 * err.h — the one error type of libpm.
 *
 * Every libpm function that can fail returns 0 on success or a nonzero
 * status from sysexits(3), and fills a pm_err with a one-line message.
 * The library never prints and never exits: the binary decides.
 */
#ifndef PM_ERR_H
#define PM_ERR_H

#include <stdarg.h>

/* Exit statuses (sysexits.h), the only values a pm_err carries. */
enum {
	PM_OK = 0,
	PM_EX_NOTFOUND = 1,     /* a predicate verb found nothing */
	PM_EX_USAGE = 64,
	PM_EX_DATAERR = 65,     /* bad data, or a transition not allowed */
	PM_EX_NOINPUT = 66,     /* no such record or file */
	PM_EX_UNAVAILABLE = 69, /* database busy beyond the timeout */
	PM_EX_SOFTWARE = 70,    /* internal error */
	PM_EX_CANTCREAT = 73,
	PM_EX_IOERR = 74,
	PM_EX_NOPERM = 77,
	PM_EX_CONFIG = 78
};

#define PM_ERR_MSG 512

typedef struct pm_err {
	int status;             /* 0, or one of PM_EX_* */
	char msg[PM_ERR_MSG];   /* one line, no trailing newline */
	const char *field;      /* the input field the message is about ("text",
	                         * "site"; a static string), or NULL: the front
	                         * names the option that fills it */
} pm_err;

/* Reset to "no error". */
void pm_err_clear(pm_err *e);

/*
 * Set status and message (printf format); returns status so callers can
 * write `return pm_err_set(err, PM_EX_DATAERR, "...")`.  e may be NULL.
 * Newlines in the result are replaced so the message stays one line.
 */
int pm_err_set(pm_err *e, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int pm_err_vset(pm_err *e, int status, const char *fmt, va_list ap);

/*
 * The same for a message about one input field: the library speaks of
 * fields ("text is required"), never of command-line options; the front
 * adds the option that fills the field.  field must be a static string.
 */
int pm_err_field(pm_err *e, int status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * Prefix an existing message: "prefix: old message".  Keeps the status.
 * Returns e->status.
 */
int pm_err_prefix(pm_err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The short name of a status ("usage", "data", "busy", ...). */
const char *pm_err_name(int status);

#endif
