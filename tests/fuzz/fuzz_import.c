/*
 * fuzz_import.c — the CSV and JSON Lines importer on arbitrary bytes.
 *
 * The input goes through a real file (the importer reads files, and
 * its buffering across read(2) calls is part of what is tested), once
 * as CSV and once as JSON Lines, with a fixed column set.  Every record
 * is read to the end.  Findings: crashes, leaks, sanitizer reports, and
 * broken promises — a value that is not valid UTF-8 or that exists for
 * an absent column, a line number going backwards, an error that is not
 * one line starting "file:line:".  Refusals are normal.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import.h"
#include "text.h"

static const pm_icol cols[] = {
	{ "unit", 1 },
	{ "area", 1 },
	{ "unit_price", 0 },
	{ "note", 0 },
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

/* "path:LINE: ..." with LINE >= 1, all on one line. */
static void
check_msg(const pm_err *err, const char *path)
{
	size_t n = strlen(path);
	const char *p;

	if (err->status != PM_EX_DATAERR || strchr(err->msg, '\n') != NULL ||
	    strncmp(err->msg, path, n) != 0 || err->msg[n] != ':')
		abort();
	p = err->msg + n + 1;
	if (*p < '1' || *p > '9')
		abort();
	while (*p >= '0' && *p <= '9')
		p++;
	if (p[0] != ':' || p[1] != ' ')
		abort();
}

static void
run(const char *path, pm_ifmt fmt)
{
	pm_import *imp = NULL;
	pm_err err;
	long last = 0;
	const char *v;
	int i, rc;

	pm_err_clear(&err);
	if (pm_import_open(path, fmt, cols, NCOLS, &imp, &err) != 0) {
		if (imp != NULL)
			abort();
		check_msg(&err, path);
		return;
	}
	if (strcmp(pm_import_file(imp), path) != 0)
		abort();
	while ((rc = pm_import_next(imp, &err)) == 1) {
		if (pm_import_line(imp) <= last)
			abort();
		last = pm_import_line(imp);
		for (i = 0; i < NCOLS; i++) {
			v = pm_import_get(imp, i);
			/* CSV: a column in the header always has a value */
			if (fmt == PM_IFMT_CSV && cols[i].required && v == NULL)
				abort();
			if (v != NULL && !pm_utf8_valid(v, strlen(v)))
				abort();
		}
		if (pm_import_get(imp, NCOLS) != NULL || pm_import_get(imp, -1) != NULL)
			abort();
	}
	if (rc != 0) {
		check_msg(&err, path);
		/* the error sticks */
		if (pm_import_next(imp, &err) != rc || pm_import_get(imp, 0) != NULL)
			abort();
	} else if (pm_import_next(imp, &err) != 0) {
		abort();
	}
	pm_import_close(imp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz_import.XXXXXX";
	int fd = mkstemp(path);
	size_t off = 0;
	ssize_t w;

	if (fd < 0)
		abort();
	while (off < size) {
		w = write(fd, data + off, size - off);
		if (w <= 0)
			abort();
		off += (size_t)w;
	}
	close(fd);
	run(path, PM_IFMT_CSV);
	run(path, PM_IFMT_JSONL);
	unlink(path);
	return 0;
}
