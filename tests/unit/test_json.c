/* test_json.c — the JSON writer: string escaping, objects, arrays, times. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "json.h"
#include "pmtime.h"
#include "text.h"

static void
expect_json(const char *in, const char *want)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_json_str(&b, in);
	assert_string_equal(b.s, want);
	assert_true(pm_utf8_valid(b.s, b.len));
	pm_buf_free(&b);
}

static void
test_json_str(void **state)
{
	(void)state;
	expect_json("", "\"\"");
	expect_json("abc", "\"abc\"");
	expect_json("物业 管理", "\"物业 管理\"");
	expect_json("say \"hi\" \\ /", "\"say \\\"hi\\\" \\\\ /\"");
	expect_json("a\tb\nc\rd\be\ff", "\"a\\tb\\nc\\rd\\be\\ff\"");
	expect_json("\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\"");
	/* U+2028/2029 end lines in JavaScript */
	expect_json("a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\u2028b\\u2029\"");
	expect_json("\xc2\x85", "\"\\u0085\"");
	expect_json("\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"");
	/* invalid UTF-8 becomes U+FFFD, so the JSON stays valid */
	expect_json("a\xff" "b", "\"a\xef\xbf\xbd" "b\"");
	expect_json("\xe4\xb8", "\"\xef\xbf\xbd\xef\xbf\xbd\"");
	expect_json("\xed\xa0\x80", "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	/* bidi controls are legal JSON and kept: JSON is for programs */
	expect_json("\xe2\x80\xae", "\"\xe2\x80\xae\"");
}

static void
test_json_appends(void **state)
{
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	pm_buf_adds(&b, "{");
	pm_json_str(&b, "k");
	pm_buf_addc(&b, ':');
	pm_json_str(&b, "v");
	pm_buf_addc(&b, '}');
	assert_string_equal(b.s, "{\"k\":\"v\"}");
	pm_buf_free(&b);
}

static void
test_json_null_string(void **state)
{
	(void)state;
	expect_json(NULL, "null");
}

static void
test_json_object(void **state)
{
	pm_json j;
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "status", "open");
	pm_json_i(&j, "amount_fen", -12345);
	pm_json_null(&j, "note");
	pm_json_s(&j, "who", NULL);
	pm_json_b(&j, "late", 1);
	pm_json_arr(&j, "tags");
	pm_json_s(&j, NULL, "a}\"");
	pm_json_i(&j, NULL, 2);
	pm_json_obj(&j, NULL);
	pm_json_end(&j);
	pm_json_end(&j);
	pm_json_obj(&j, "nested");
	pm_json_raw(&j, "raw", "[1,2]");
	pm_json_end(&j);
	pm_json_end(&j);
	assert_string_equal(b.s, "{\"status\":\"open\",\"amount_fen\":-12345,\"note\":null,"
	    "\"who\":null,\"late\":true,\"tags\":[\"a}\\\"\",2,{}],\"nested\":{\"raw\":[1,2]}}");
	/* closing more than was opened writes nothing */
	pm_json_end(&j);
	assert_int_equal(b.s[b.len - 1], '}');
	pm_buf_free(&b);
}

static void
test_json_time(void **state)
{
	pm_json j;
	pm_buf b;
	pm_time t = 0;

	(void)state;
	assert_int_equal(pm_time_set_zone("Asia/Shanghai", NULL), 0);
	assert_int_equal(pm_time_parse("2026-11-30 14:05", 0, &t, NULL), 0);
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	pm_json_t(&j, "at", t);
	pm_json_end(&j);
	assert_string_equal(b.s, "{\"at\":\"2026-11-30T14:05:00+08:00\"}");
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_json_appends),
		cmocka_unit_test(test_json_null_string),
		cmocka_unit_test(test_json_object),
		cmocka_unit_test(test_json_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
