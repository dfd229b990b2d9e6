/* test_buf.c — growable buffer and JSON string escaping. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "text.h"

static void
test_empty(void **state)
{
	pm_buf b;
	char *s;

	(void)state;
	pm_buf_init(&b);
	assert_non_null(b.s);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	pm_buf_reset(&b);
	assert_string_equal(b.s, "");
	/* detaching an empty buffer still hands out something to free() */
	s = pm_buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	pm_buf_free(&b);
	pm_buf_free(&b);        /* twice is harmless: free re-inits */
}

static void
test_append(void **state)
{
	pm_buf b;
	char *s;

	(void)state;
	pm_buf_init(&b);
	pm_buf_adds(&b, "物业");
	pm_buf_addc(&b, '-');
	pm_buf_add(&b, "abcdef", 3);
	pm_buf_add(&b, NULL, 0);
	assert_string_equal(b.s, "物业-abc");
	assert_int_equal(b.len, strlen("物业-abc"));
	/* embedded NUL is kept and counted */
	pm_buf_add(&b, "x\0y", 3);
	assert_int_equal(b.len, strlen("物业-abc") + 3);
	assert_memory_equal(b.s + b.len - 3, "x\0y", 3);
	assert_int_equal(b.s[b.len], '\0');
	s = pm_buf_detach(&b);
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	free(s);
	pm_buf_free(&b);
}

static void
test_reset_keeps_storage(void **state)
{
	pm_buf b;
	char *p;
	size_t cap;
	int i;

	(void)state;
	pm_buf_init(&b);
	for (i = 0; i < 100; i++)
		pm_buf_adds(&b, "0123456789");
	assert_int_equal(b.len, 1000);
	p = b.s;
	cap = b.cap;
	pm_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.s, "");
	pm_buf_adds(&b, "again");
	assert_ptr_equal(b.s, p);
	assert_int_equal(b.cap, cap);
	pm_buf_free(&b);
}

static void
test_addf_growth(void **state)
{
	pm_buf b;
	char big[5000];
	int i;

	(void)state;
	memset(big, 'z', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	pm_buf_init(&b);
	pm_buf_addf(&b, "%s", "");
	assert_string_equal(b.s, "");
	assert_int_equal(b.len, 0);
	pm_buf_addf(&b, "%d-%s", 42, "x");
	assert_string_equal(b.s, "42-x");
	pm_buf_addf(&b, "[%s]", big);
	assert_int_equal(b.len, 4 + 2 + sizeof big - 1);
	assert_int_equal(b.s[4], '[');
	assert_int_equal(b.s[b.len - 1], ']');
	assert_int_equal(strlen(b.s), b.len);
	for (i = 0; i < 1000; i++)
		pm_buf_addf(&b, "%04d", i);
	assert_int_equal(b.len, 4 + 2 + sizeof big - 1 + 4000);
	assert_memory_equal(b.s + b.len - 8, "09980999", 8);
	assert_true(b.cap > b.len);
	pm_buf_free(&b);
}

static void
expect_json(const char *in, const char *want)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_buf_json_str(&b, in);
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
	pm_buf_json_str(&b, "k");
	pm_buf_addc(&b, ':');
	pm_buf_json_str(&b, "v");
	pm_buf_addc(&b, '}');
	assert_string_equal(b.s, "{\"k\":\"v\"}");
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_reset_keeps_storage),
		cmocka_unit_test(test_addf_growth),
		cmocka_unit_test(test_json_str),
		cmocka_unit_test(test_json_appends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
