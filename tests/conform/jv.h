/*
 * jv.h — a small strict JSON parser for the conformance tests.
 *
 * Test code, not part of libpm: pm writes JSON (lib/base/json.c) but
 * reads it only as JSON Lines records (lib/mech/import.c), and those
 * readers are what the tests judge, so the judge must be separate code.
 * RFC 8259 exactly: one value with optional whitespace around it; no
 * NaN, Infinity, comments, trailing commas, leading zeros, single
 * quotes or raw control characters.  Beyond the RFC, because pm's
 * output promises it, it always refuses invalid UTF-8 and escaped lone
 * surrogates, and with JV_UNIQUE a key twice in one object.  It is
 * checked itself against JSONTestSuite (y_ accepted, n_ refused) before
 * it judges anything.
 */
#ifndef JV_H
#define JV_H

#include <stddef.h>

enum jv_type { JV_NULL, JV_FALSE, JV_TRUE, JV_NUM, JV_STR, JV_ARR, JV_OBJ };

#define JV_UNIQUE 1             /* a key twice in one object is an error */
#define JV_MAXDEPTH 512

typedef struct jv jv;
struct jv {
	enum jv_type type;
	char *s;                /* STR: decoded (may hold NUL); NUM: as written */
	size_t len;
	size_t n;               /* ARR, OBJ: members */
	jv **keys;              /* OBJ: n string values */
	jv **items;             /* ARR, OBJ: n values */
};

/* Parse s[0..n) as one JSON text; NULL with why set ("at byte 12: ..."). */
jv *jv_parse(const char *s, size_t n, int flags, char *why, size_t whylen);
void jv_free(jv *v);
/* Member k of an object, or NULL. */
const jv *jv_get(const jv *obj, const char *k);

#endif
