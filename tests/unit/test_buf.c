/* test_buf.c — the growable buffer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "buf.h"

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
test_addi(void **state)
{
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	pm_buf_addi(&b, 0);
	pm_buf_addc(&b, ' ');
	pm_buf_addi(&b, -42);
	pm_buf_addc(&b, ' ');
	pm_buf_addi(&b, INT64_MAX);
	pm_buf_addc(&b, ' ');
	pm_buf_addi(&b, INT64_MIN);
	assert_string_equal(b.s, "0 -42 9223372036854775807 -9223372036854775808");
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_reset_keeps_storage),
		cmocka_unit_test(test_addi),
		cmocka_unit_test(test_addf_growth),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
