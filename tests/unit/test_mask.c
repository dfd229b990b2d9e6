/* test_mask.c — the masking hook: classes, fail closed, JSON members. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "json.h"
#include "mask.h"

static int calls;

static void
stars(pm_buf *b, pm_pii_class c, const char *s)
{
	calls++;
	pm_buf_addf(b, "%d:%zu", (int)c, strlen(s));
}

static void
test_fail_closed(void **state)
{
	pm_buf b;

	(void)state;
	pm_mask_set(NULL);
	pm_buf_init(&b);
	pm_mask(&b, PM_PII_PHONE, "13812341234");
	assert_string_equal(b.s, "***");
	pm_buf_reset(&b);
	pm_mask(&b, PM_PII_NAME, "张三");
	assert_string_equal(b.s, "***");
	/* not personal: as it is, with or without a masker */
	pm_buf_reset(&b);
	pm_mask(&b, PM_PII_NONE, "13812341234");
	assert_string_equal(b.s, "13812341234");
	pm_buf_free(&b);
}

static void
test_hook(void **state)
{
	pm_buf b;

	(void)state;
	calls = 0;
	pm_mask_set(stars);
	pm_buf_init(&b);
	pm_buf_adds(&b, "x=");
	pm_mask(&b, PM_PII_IDNUM, "11010519491231002X");
	assert_string_equal(b.s, "x=3:18");     /* appends */
	/* nothing to hide: the masker is not asked */
	pm_mask(&b, PM_PII_PHONE, "");
	pm_mask(&b, PM_PII_PHONE, NULL);
	pm_mask(&b, PM_PII_NONE, "!");
	assert_string_equal(b.s, "x=3:18!");
	assert_int_equal(calls, 1);
	pm_buf_free(&b);
	pm_mask_set(NULL);
}

static void
test_json(void **state)
{
	pm_buf b;
	pm_json j;

	(void)state;
	pm_mask_set(stars);
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	pm_mask_json(&j, "phone", PM_PII_PHONE, "13812341234");
	pm_mask_json(&j, "gone", PM_PII_PHONE, NULL);
	pm_mask_json(&j, "note", PM_PII_NONE, "13812341234");
	pm_json_end(&j);
	assert_string_equal(b.s, "{\"phone\":\"2:11\",\"gone\":null,\"note\":\"13812341234\"}");
	pm_buf_reset(&b);
	pm_mask_set(NULL);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	pm_mask_json(&j, "name", PM_PII_NAME, "张三");
	pm_json_end(&j);
	assert_string_equal(b.s, "{\"name\":\"***\"}");
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_closed),
		cmocka_unit_test(test_hook),
		cmocka_unit_test(test_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
