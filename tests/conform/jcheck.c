/*
 * jcheck.c — is this strict JSON Lines, as pm promises to write?
 *
 *	jcheck [-q] [FILE...]      (no FILE: stdin)
 *
 * Every line must be one JSON object (RFC 8259, by jv.c: no NaN or
 * Infinity, valid UTF-8, no lone surrogates) with no key twice; an
 * empty input is fine (a list of nothing).  Prints "FILE:LINE: why" for
 * the first bad line of each file and exits 1; with -q says nothing
 * on success.  The objects are counted on stdout otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jv.h"

static int
check(const char *name, FILE *fp, long *objects)
{
	char *line = NULL, why[256];
	size_t cap = 0;
	ssize_t n;
	long no = 0;
	jv *v;
	int rc = 0;

	while ((n = getline(&line, &cap, fp)) >= 0) {
		no++;
		if (n == 0 || line[n - 1] != '\n') {
			fprintf(stderr, "%s:%ld: no newline at the end\n", name, no);
			rc = 1;
			break;
		}
		if ((v = jv_parse(line, (size_t)n - 1, JV_UNIQUE, why, sizeof why)) == NULL) {
			fprintf(stderr, "%s:%ld: %s\n", name, no, why);
			rc = 1;
			break;
		}
		if (v->type != JV_OBJ) {
			fprintf(stderr, "%s:%ld: not an object\n", name, no);
			rc = 1;
		}
		jv_free(v);
		if (rc != 0)
			break;
		(*objects)++;
	}
	free(line);
	return rc;
}

int
main(int argc, char **argv)
{
	long objects = 0;
	int i = 1, quiet = 0, rc = 0;
	FILE *fp;

	if (i < argc && strcmp(argv[i], "-q") == 0) {
		quiet = 1;
		i++;
	}
	if (i == argc)
		rc = check("stdin", stdin, &objects);
	for (; i < argc; i++) {
		if ((fp = fopen(argv[i], "rb")) == NULL) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		rc |= check(argv[i], fp, &objects);
		fclose(fp);
	}
	if (!quiet && rc == 0)
		printf("%ld objects\n", objects);
	return rc;
}
