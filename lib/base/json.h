/*
 * json.h — the one JSON writer: strings, objects and arrays into a pm_buf.
 *
 * Audit rows, timeline data, hook payloads and JSON Lines output are all
 * written with it, so escaping and the shape of times and money are the
 * same everywhere.  Strings keep valid UTF-8 as is (Chinese stays
 * readable); ", \ and control characters are escaped, U+2028/U+2029 and
 * C1 controls as \uXXXX; invalid UTF-8 bytes become U+FFFD, so the
 * result is always valid JSON.
 *
 *	pm_json j;
 *	pm_json_init(&j, &buf);
 *	pm_json_obj(&j, NULL);
 *	pm_json_s(&j, "status", "open");
 *	pm_json_i(&j, "amount_fen", 12345);
 *	pm_json_end(&j);                         {"status":"open","amount_fen":12345}
 *
 * Members are separated by ","; keys are written as given (they are the
 * program's own names) but escaped all the same.  k is NULL for an array
 * element or the top-level value.
 */
#ifndef PM_JSON_H
#define PM_JSON_H

#include <stdint.h>
#include "buf.h"
#include "pmtime.h"

#define PM_JSON_DEPTH 16

typedef struct pm_json {
	pm_buf *b;
	unsigned depth;
	unsigned char more[PM_JSON_DEPTH + 1];  /* the container at depth has a member */
	char close[PM_JSON_DEPTH + 1];          /* its closer, } or ] */
} pm_json;

/* Append s as a JSON string literal, with quotes (s NULL: null). */
void pm_json_str(pm_buf *b, const char *s);

void pm_json_init(pm_json *j, pm_buf *b);
void pm_json_obj(pm_json *j, const char *k);    /* opens {; deeper than PM_JSON_DEPTH is a bug */
void pm_json_arr(pm_json *j, const char *k);    /* opens [ */
void pm_json_end(pm_json *j);                   /* closes the innermost */
void pm_json_s(pm_json *j, const char *k, const char *v);      /* v NULL: null */
void pm_json_i(pm_json *j, const char *k, int64_t v);
void pm_json_b(pm_json *j, const char *k, int v);              /* true / false */
void pm_json_null(pm_json *j, const char *k);
void pm_json_t(pm_json *j, const char *k, pm_time t);          /* ISO 8601 with offset */
/* A comma-separated list ("a,b,c") as an array of strings; NULL or ""
 * is the empty array. */
void pm_json_list(pm_json *j, const char *k, const char *list);
/* v is JSON already (another writer's output); written verbatim. */
void pm_json_raw(pm_json *j, const char *k, const char *v);

#endif
