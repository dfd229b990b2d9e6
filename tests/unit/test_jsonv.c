/*
 * test_jsonv.c — the strict JSON reader on hostile input: the grammar's
 * edges (leading zeros, lone minus, trailing commas, BOM, garbage after
 * the value), integers at and past the int64 range, numbers kept as
 * text, escapes and surrogate pairs, invalid UTF-8 and control bytes,
 * depth and size limits, duplicate keys under PM_JV_UNIQUE, and where
 * errors point (line:col in characters).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "jsonv.h"

static pm_jv *
ok(const char *s)
{
	pm_jv *v = NULL;
	pm_err err;

	if (pm_jv_parse(s, strlen(s), "t.json", NULL, &v, &err) != 0)
		fail_msg("%s: %s", s, err.msg);
	return v;
}

/* s is refused, with a message containing why. */
static void
refused(const char *s, size_t n, const char *why)
{
	pm_jv *v = (pm_jv *)1;
	pm_err err;

	if (pm_jv_parse(s, n, "t.json", NULL, &v, &err) != PM_EX_DATAERR)
		fail_msg("accepted: %.*s", (int)n, s);
	assert_null(v);
	if (why != NULL && strstr(err.msg, why) == NULL)
		fail_msg("%.*s: %s (want %s)", (int)n, s, err.msg, why);
	assert_int_equal(strncmp(err.msg, "t.json:", 7), 0);
}
#define REFUSED(s, why) refused(s, sizeof s - 1, why)

static void
test_values(void **state)
{
	pm_jv *v;

	(void)state;
	v = ok(" {\"a\" : [1, -2, 3.5, 1e3, true, false, null, \"x\"], \"b\": {}} ");
	assert_int_equal(v->type, PM_JV_OBJ);
	assert_int_equal(v->n, 2);
	assert_string_equal(v->keys[0]->s, "a");
	assert_int_equal(pm_jv_get(v, "a")->n, 8);
	assert_int_equal(pm_jv_get(v, "a")->items[1]->i, -2);
	assert_int_equal(pm_jv_get(v, "a")->items[2]->type, PM_JV_NUM);
	assert_string_equal(pm_jv_get(v, "a")->items[2]->s, "3.5");
	assert_int_equal(pm_jv_get(v, "a")->items[3]->type, PM_JV_NUM);
	assert_int_equal(pm_jv_get(v, "a")->items[4]->b, 1);
	assert_int_equal(pm_jv_get(v, "a")->items[6]->type, PM_JV_NULL);
	assert_int_equal(pm_jv_get(v, "b")->type, PM_JV_OBJ);
	assert_null(pm_jv_get(v, "c"));
	assert_null(pm_jv_get(pm_jv_get(v, "a"), "a"));
	pm_jv_free(v);
	/* a lonely scalar is a JSON text (RFC 8259) */
	v = ok("-0");
	assert_int_equal(v->type, PM_JV_INT);
	assert_int_equal(v->i, 0);
	pm_jv_free(v);
}

static void
test_integers(void **state)
{
	pm_jv *v;

	(void)state;
	v = ok("[9223372036854775807, -9223372036854775808]");
	assert_true(v->items[0]->i == INT64_MAX);
	assert_true(v->items[1]->i == INT64_MIN);
	pm_jv_free(v);
	REFUSED("9223372036854775808", "64-bit");
	REFUSED("-9223372036854775809", "64-bit");
	REFUSED("[99999999999999999999999999]", "64-bit");
	/* not integers: kept as text, never rounded */
	v = ok("[1.0, 1E400, -0.0]");
	assert_int_equal(v->items[0]->type, PM_JV_NUM);
	assert_string_equal(v->items[1]->s, "1E400");
	pm_jv_free(v);
}

static void
test_grammar(void **state)
{
	(void)state;
	REFUSED("", "end");
	REFUSED("   ", "end");
	REFUSED("01", "leading zeros");
	REFUSED("-", "digit");
	REFUSED("1.", "decimal point");
	REFUSED(".5", "expected a value");
	REFUSED("1e", "exponent");
	REFUSED("+1", "expected a value");
	REFUSED("[1,]", "expected a value");
	REFUSED("{\"a\":1,}", "key");
	REFUSED("{\"a\" 1}", "':'");
	REFUSED("{1:1}", "key");
	REFUSED("[1 2]", "','");
	REFUSED("[1", "unterminated array");
	REFUSED("{\"a\":1", "unterminated object");
	REFUSED("[] []", "more after");
	REFUSED("nul", "expected a value");
	REFUSED("True", "expected a value");
	REFUSED("NaN", "expected a value");
	REFUSED("\xef\xbb\xbf{}", "byte order mark");
	REFUSED("[\f]", "expected a value");
	REFUSED("/* c */ 1", "expected a value");
	REFUSED("[1]\0", "more after");
}

static void
test_strings(void **state)
{
	pm_jv *v;

	(void)state;
	v = ok("\"a\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u4e2d\\ud83d\\ude00\"");
	assert_string_equal(v->s, "a\"\\/\b\f\n\r\tA\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80");
	pm_jv_free(v);
	v = ok("\"a\\u0000b\"");
	assert_int_equal(v->len, 3);
	assert_int_equal(v->s[1], '\0');
	pm_jv_free(v);
	v = ok("\"中文\"");
	assert_string_equal(v->s, "中文");
	pm_jv_free(v);
	REFUSED("\"abc", "unterminated string");
	REFUSED("\"a\\", "unterminated string");
	REFUSED("\"\\x41\"", "unknown escape");
	REFUSED("\"\\u12\"", "four hex");
	REFUSED("\"\\u12G4\"", "four hex");
	REFUSED("\"\\ud800\"", "high surrogate");
	REFUSED("\"\\ud800\\u0041\"", "high surrogate");
	REFUSED("\"\\ude00\"", "low surrogate");
	REFUSED("\"a\tb\"", "control character");
	REFUSED("\"a\nb\"", "control character");
	REFUSED("\"\xff\"", "UTF-8");
	REFUSED("\"\xc0\xaf\"", "UTF-8");               /* overlong */
	REFUSED("\"\xed\xa0\x80\"", "UTF-8");           /* a surrogate encoded */
	REFUSED("\"\xe4\xb8\"", "UTF-8");               /* cut short */
	REFUSED("\"\xf4\x90\x80\x80\"", "UTF-8");       /* past U+10FFFF */
}

static void
test_limits(void **state)
{
	pm_jv_limits lim = { 3, 0, 0 };
	pm_jv *v = NULL;
	pm_buf b;
	pm_err err;
	int i;

	(void)state;
	assert_int_equal(pm_jv_parse("[[[1]]]", 7, "t", &lim, &v, &err), 0);
	pm_jv_free(v);
	assert_int_equal(pm_jv_parse("[[[[1]]]]", 9, "t", &lim, &v, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "too deep"));
	/* a hundred thousand openings: refused at the default depth, no stack spent */
	pm_buf_init(&b);
	for (i = 0; i < 100000; i++)
		pm_buf_addc(&b, i % 2 ? '[' : '{');
	assert_int_equal(pm_jv_parse(b.s, b.len, "t", NULL, &v, &err), PM_EX_DATAERR);
	pm_buf_reset(&b);
	for (i = 0; i < 100000; i++)
		pm_buf_addc(&b, '[');
	assert_int_equal(pm_jv_parse(b.s, b.len, "t", NULL, &v, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "too deep"));
	pm_buf_free(&b);
	lim.depth = 0;
	lim.bytes = 4;
	assert_int_equal(pm_jv_parse("[1,2]", 5, "t", &lim, &v, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "more than 4 bytes"));
}

static void
test_unique(void **state)
{
	pm_jv_limits lim = { 0, 0, PM_JV_UNIQUE };
	const char *s = "{\"a\":1,\n \"b\":{\"x\":1,\"x\":2}}";
	pm_jv *v = NULL;
	pm_err err;

	(void)state;
	/* RFC 8259 allows it; the default reader keeps both, get finds the first */
	v = ok(s);
	assert_int_equal(pm_jv_get(pm_jv_get(v, "b"), "x")->i, 1);
	pm_jv_free(v);
	assert_int_equal(pm_jv_parse(s, strlen(s), "t.json", &lim, &v, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "t.json:2:13: key \"x\" named twice");
	/* keys differing only after a NUL are two keys */
	s = "{\"a\\u0000b\":1,\"a\\u0000c\":2}";
	assert_int_equal(pm_jv_parse(s, strlen(s), "t.json", &lim, &v, &err), 0);
	pm_jv_free(v);
}

static void
test_where(void **state)
{
	pm_jv *v = NULL;
	pm_err err;
	const char *s = "{\n  \"名前\": [1,\n    tru]}";

	(void)state;
	assert_int_equal(pm_jv_parse(s, strlen(s), "w.json", NULL, &v, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "w.json:3:5: expected a value");
	s = "{\n  \"名前\": [1, 2]}";
	assert_int_equal(pm_jv_parse(s, strlen(s), "w.json", NULL, &v, &err), 0);
	assert_int_equal(pm_jv_get(v, "名前")->line, 2);
	assert_int_equal(pm_jv_get(v, "名前")->col, 9);
	assert_int_equal(pm_jv_error(&err, "w.json", pm_jv_get(v, "名前")->items[1], "no %d", 2),
	    PM_EX_DATAERR);
	assert_string_equal(err.msg, "w.json:2:13: no 2");
	assert_string_equal(pm_jv_type_name(PM_JV_ARR), "array");
	pm_jv_free(v);
	pm_jv_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_unique),
		cmocka_unit_test(test_where),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
