/*
 * fuzz_survey.c — the questionnaire reader (pm_survey_parse) on
 * arbitrary bytes.
 *
 * A parsed questionnaire must keep what survey.h promises: a non-empty
 * title, 1..PM_SURVEY_MAXQ questions each with non-empty text and a
 * kind, a code that starts with a letter.  A refusal must be bad data
 * (65) with a one-line message and no result.  Crashes, leaks and
 * sanitizer reports are the findings.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "survey.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	pm_survey_def *d = NULL;
	pm_err err;
	int i;

	if (pm_survey_parse("fuzz.yaml", (const char *)data, size, &d, &err) != 0) {
		if (d != NULL || err.status != PM_EX_DATAERR || strchr(err.msg, '\n') != NULL ||
		    strncmp(err.msg, "fuzz.yaml:", 10) != 0)
			abort();
		return 0;
	}
	if (d == NULL || d->title == NULL || d->title[0] == '\0' || d->nq < 1 ||
	    d->nq > PM_SURVEY_MAXQ)
		abort();
	if (d->code != NULL && !((d->code[0] >= 'A' && d->code[0] <= 'Z') ||
	    (d->code[0] >= 'a' && d->code[0] <= 'z')))
		abort();
	for (i = 0; i < d->nq; i++)
		if (d->q[i].text == NULL || d->q[i].text[0] == '\0' || d->q[i].line < 1 ||
		    (d->q[i].score != 0 && d->q[i].score != 1))
			abort();
	pm_survey_def_free(d);
	return 0;
}
