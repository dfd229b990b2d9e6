/* test_text.c — UTF-8 validation, widths, terminal safety, fitting. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "text.h"

#define VALID(lit) pm_utf8_valid(lit, sizeof(lit) - 1)

static void
test_valid_basic(void **state)
{
	(void)state;
	assert_true(VALID(""));
	assert_true(VALID("abc"));
	assert_true(VALID("物业管理"));
	assert_true(VALID("caf\xc3\xa9"));
	assert_true(VALID("\xf0\x9f\x98\x80"));             /* U+1F600 */
	assert_true(VALID("a\0b"));                         /* NUL is valid UTF-8 */
}

static void
test_valid_boundaries(void **state)
{
	(void)state;
	assert_true(VALID("\x7f"));
	assert_true(VALID("\xc2\x80"));                     /* U+0080, smallest 2-byte */
	assert_true(VALID("\xdf\xbf"));                     /* U+07FF */
	assert_true(VALID("\xe0\xa0\x80"));                 /* U+0800, smallest 3-byte */
	assert_true(VALID("\xed\x9f\xbf"));                 /* U+D7FF, below surrogates */
	assert_true(VALID("\xee\x80\x80"));                 /* U+E000, above surrogates */
	assert_true(VALID("\xef\xbf\xbf"));                 /* U+FFFF */
	assert_true(VALID("\xf0\x90\x80\x80"));             /* U+10000 */
	assert_true(VALID("\xf4\x8f\xbf\xbf"));             /* U+10FFFF */
}

static void
test_invalid(void **state)
{
	(void)state;
	/* overlongs */
	assert_false(VALID("\xc0\x80"));
	assert_false(VALID("\xc1\xbf"));
	assert_false(VALID("\xe0\x80\x80"));
	assert_false(VALID("\xe0\x9f\xbf"));
	assert_false(VALID("\xf0\x80\x80\x80"));
	assert_false(VALID("\xf0\x8f\xbf\xbf"));
	/* surrogates, paired or not */
	assert_false(VALID("\xed\xa0\x80"));
	assert_false(VALID("\xed\xbf\xbf"));
	assert_false(VALID("\xed\xa0\xbd\xed\xb8\x80"));
	/* above U+10FFFF */
	assert_false(VALID("\xf4\x90\x80\x80"));
	assert_false(VALID("\xf5\x80\x80\x80"));
	assert_false(VALID("\xf8\x88\x80\x80\x80"));
	assert_false(VALID("\xff"));
	assert_false(VALID("\xfe"));
	/* truncated and stray */
	assert_false(VALID("\xe4\xb8"));
	assert_false(VALID("\xe4"));
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xbf" "b"));
	assert_false(VALID("\xe4\xb8\x41"));
	/* truncated by n even though more bytes follow in memory */
	assert_false(pm_utf8_valid("\xe7\x89\xa9", 2));
	assert_true(pm_utf8_valid("\xe7\x89\xa9", 3));
}

static void
test_decode(void **state)
{
	int32_t cp;

	(void)state;
	assert_int_equal(pm_utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(pm_utf8_decode("\xe7\x89\xa9", 3, &cp), 3);
	assert_int_equal(cp, 0x7269);
	assert_int_equal(pm_utf8_decode("\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(pm_utf8_decode("\xe7\x89\xa9", 2, &cp), 1);
	assert_int_equal(cp, -1);
	/* a bad lead must not swallow the valid character after it */
	assert_int_equal(pm_utf8_decode("\xe4" "A", 2, &cp), 1);
	assert_int_equal(cp, -1);
	assert_int_equal(pm_utf8_decode("\xed\xa0\x80", 3, &cp), 1);
	assert_int_equal(cp, -1);
}

static void
test_chars(void **state)
{
	(void)state;
	assert_int_equal(pm_utf8_chars(""), 0);
	assert_int_equal(pm_utf8_chars("abc"), 3);
	assert_int_equal(pm_utf8_chars("物业abc"), 5);
	assert_int_equal(pm_utf8_chars("\xf0\x9f\x98\x80"), 1);
}

static void
test_check(void **state)
{
	pm_err err;

	(void)state;
	pm_err_clear(&err);
	assert_int_equal(pm_text_check("物业", 6, 2, "name", &err), 0);
	assert_int_equal(pm_text_check("物业\x1b[2J", 10, 0, "name", &err), 0);
	assert_int_equal(pm_text_check("物业x", 7, 2, "name", &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "name: too long (3 characters, at most 2)");
	assert_int_equal(pm_text_check("ab\0c", 4, 0, "text", &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "text: contains a NUL byte at byte 3");
	assert_int_equal(pm_text_check("ab\xff", 3, 0, "text", &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "text: invalid UTF-8 at byte 3");
	assert_int_equal(pm_text_check("", 0, 5, "text", NULL), 0);
}

static void
test_cp_width(void **state)
{
	(void)state;
	assert_int_equal(pm_cp_width('a'), 1);
	assert_int_equal(pm_cp_width(0x00e9), 1);      /* é */
	assert_int_equal(pm_cp_width(0x0301), 0);      /* combining acute */
	assert_int_equal(pm_cp_width(0x200b), 0);      /* ZWSP */
	assert_int_equal(pm_cp_width(0x200d), 0);      /* ZWJ */
	assert_int_equal(pm_cp_width(0x2060), 0);
	assert_int_equal(pm_cp_width(0xfe0f), 0);      /* VS16 */
	assert_int_equal(pm_cp_width(0x1161), 0);      /* Jamo medial */
	assert_int_equal(pm_cp_width(0x1100), 2);      /* Jamo initial */
	assert_int_equal(pm_cp_width(0x7269), 2);      /* 物 */
	assert_int_equal(pm_cp_width(0x3002), 2);      /* 。 */
	assert_int_equal(pm_cp_width(0x303f), 1);      /* half-fill space */
	assert_int_equal(pm_cp_width(0x3042), 2);      /* あ */
	assert_int_equal(pm_cp_width(0xac00), 2);      /* 가 */
	assert_int_equal(pm_cp_width(0xd7a3), 2);
	assert_int_equal(pm_cp_width(0xd7a4), 1);
	assert_int_equal(pm_cp_width(0xff01), 2);      /* ！ */
	assert_int_equal(pm_cp_width(0xff61), 1);      /* halfwidth ｡ */
	assert_int_equal(pm_cp_width(0xffe5), 2);      /* ￥ */
	assert_int_equal(pm_cp_width(0x1f600), 2);     /* 😀 */
	assert_int_equal(pm_cp_width(0x1f914), 2);     /* 🤔 */
	assert_int_equal(pm_cp_width(0x20000), 2);     /* CJK ext B */
	assert_int_equal(pm_cp_width(0x2fffe), 1);
	assert_int_equal(pm_cp_width(0x1b), 0);
	assert_int_equal(pm_cp_width(0x85), 0);
	assert_int_equal(pm_cp_width(-1), 1);          /* printed as U+FFFD */
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(pm_text_width(""), 0);
	assert_int_equal(pm_text_width("物业abc"), 7);
	assert_int_equal(pm_text_width("３号楼"), 6);
	assert_int_equal(pm_text_width("e\xcc\x81"), 1);            /* e + U+0301 */
	assert_int_equal(pm_text_width("\xf0\x9f\x91\x8d\xef\xb8\x8f"), 2); /* 👍 + VS16 */
	/* widths of the safe form: "\e[31m" is 6 columns */
	assert_int_equal(pm_text_width("\x1b[31m"), 6);
	assert_int_equal(pm_text_width("a\tb"), 4);
	assert_int_equal(pm_text_width("\x01"), 4);
	assert_int_equal(pm_text_width("\xe2\x80\xae"), 6);         /* \u202E */
	assert_int_equal(pm_text_width("\xff\xfe"), 2);             /* two U+FFFD */
}

static void
expect_safe(const char *in, const char *want)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_text_safe(&b, in);
	assert_string_equal(b.s, want);
	assert_int_equal(b.len, strlen(want));
	assert_true(pm_utf8_valid(b.s, b.len));
	assert_int_equal(pm_text_width(in), pm_text_width(b.s));
	pm_buf_free(&b);
}

static void
test_safe(void **state)
{
	(void)state;
	expect_safe("", "");
	expect_safe("物业 abc", "物业 abc");
	expect_safe("\x1b[2J\x1b]0;owned\x07", "\\e[2J\\e]0;owned\\x07");
	expect_safe("a\tb\nc\rd", "a\\tb\\nc\\rd");
	expect_safe("\x01\x1f\x7f", "\\x01\\x1F\\x7F");
	expect_safe("x\xc2\x85y\xc2\x9b", "x\\u0085y\\u009B");       /* C1 NEL, CSI */
	expect_safe("abc\xe2\x80\xae" "fdp.exe", "abc\\u202Efdp.exe");  /* RLO */
	expect_safe("\xe2\x81\xa6x\xe2\x81\xa9", "\\u2066x\\u2069");
	expect_safe("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200E\\u200F\\u061C");
	expect_safe("a\xff" "b", "a\xef\xbf\xbd" "b");
	expect_safe("\xe4\xb8" "A", "\xef\xbf\xbd\xef\xbf\xbd" "A");
	expect_safe("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	expect_safe("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd");
	/* safe text is left as it is */
	expect_safe("\\e[2J", "\\e[2J");
	expect_safe("e\xcc\x81", "e\xcc\x81");
	/* not drawn, or a line break: a table row must show what is there
	 * (issue 8 item 12) */
	expect_safe("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", "a\\u2028b\\u2029c");
	expect_safe("ad\xe2\x80\x8bmin", "ad\\u200Bmin");             /* ZWSP */
	expect_safe("\xe2\x80\x8c\xe2\x80\x8d\xe2\x81\xa0", "\\u200C\\u200D\\u2060");
	expect_safe("\xef\xbb\xbf" "C1", "\\uFEFFC1");                  /* BOM */
	expect_safe("e\xcc\x81\xe2\x80\x8d", "e\xcc\x81\\u200D");     /* ZWJ after a letter */
	expect_safe("x\xc2\xad" "y\xe3\x85\xa4", "x\\u00ADy\\u3164");
	/* a ZWJ between two emoji draws one emoji (family, rainbow flag) */
	expect_safe("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9");
	expect_safe("\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88",
	    "\xf0\x9f\x8f\xb3\xef\xb8\x8f\xe2\x80\x8d\xf0\x9f\x8c\x88");
	expect_safe("\xf0\x9f\x91\xa8\xe2\x80\x8d", "\xf0\x9f\x91\xa8\\u200D");  /* at the end */
	expect_safe("\xe2\x80\x8d\xf0\x9f\x91\xa9", "\\u200D\xf0\x9f\x91\xa9");  /* at the start */
	/* escapes are safe text: a second pass changes nothing */
	expect_safe("a\\u2028b\\uFEFF", "a\\u2028b\\uFEFF");
	assert_int_equal(pm_text_width("a\xe2\x80\x8b" "b"), 8);          /* a\u200Bb */
}

static void
expect_fit(const char *in, size_t width, int pad, const char *want, size_t wantw)
{
	pm_buf b;
	size_t w;

	pm_buf_init(&b);
	pm_buf_adds(&b, "[");
	w = pm_text_fit(&b, in, width, pad);
	assert_string_equal(b.s + 1, want);
	assert_int_equal(w, wantw);
	assert_int_equal(pm_text_width(b.s + 1), wantw);
	assert_true(wantw <= width);
	pm_buf_free(&b);
}

static void
test_fit(void **state)
{
	(void)state;
	expect_fit("物业管理部", 10, 0, "物业管理部", 10);
	/* a cut after a joiner between emoji cuts before the joiner: alone
	 * at the end it would print as an escape */
	expect_fit("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 3, 0,
	    "\xf0\x9f\x91\xa8\xe2\x80\xa6", 3);
	expect_fit("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 4, 0,
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 4);
	expect_fit("物业管理部", 12, 1, "物业管理部  ", 12);
	expect_fit("物业管理部", 5, 0, "物业…", 5);
	expect_fit("物业管理部", 5, 1, "物业…", 5);
	/* 管 does not fit beside …: never half a character, pad instead */
	expect_fit("物业管理部", 6, 0, "物业…", 5);
	expect_fit("物业管理部", 6, 1, "物业… ", 6);
	expect_fit("物业管理部", 6, -1, " 物业…", 6);
	expect_fit("物业管理部", 1, 1, "…", 1);
	expect_fit("物业管理部", 2, 1, "… ", 2);
	expect_fit("物业管理部", 0, 1, "", 0);
	expect_fit("abc", 3, 1, "abc", 3);
	expect_fit("abcd", 3, 1, "ab…", 3);
	expect_fit("", 3, 1, "   ", 3);
	expect_fit("", 3, 0, "", 0);
	expect_fit("12.50", 8, -1, "   12.50", 8);
	expect_fit("a物b", 3, 1, "a… ", 3);
	/* escapes are cut whole, never to a misleading "\x0" */
	expect_fit("\x01" "abc", 4, 1, "…   ", 4);
	expect_fit("\x01", 4, 1, "\\x01", 4);
	expect_fit("\x01" "abc", 5, 1, "\\x01…", 5);
	expect_fit("\x01" "abc", 3, 1, "…  ", 3);
	expect_fit("\x1b[2J", 3, 0, "\\e…", 3);
	/* a combining mark stays with its base */
	expect_fit("e\xcc\x81xyz", 2, 0, "e\xcc\x81…", 2);
	/* invalid bytes are counted as U+FFFD */
	expect_fit("\xff\xff\xff", 2, 0, "\xef\xbf\xbd…", 2);
}

static void
test_code_valid(void **state)
{
	(void)state;
	assert_true(pm_code_valid("maint", 32, 0));
	assert_true(pm_code_valid("3-2-1502", 32, 0));
	assert_false(pm_code_valid("", 32, 0));
	assert_false(pm_code_valid("Maint", 32, 0));
	assert_true(pm_code_valid("S-01", 32, PM_CODE_UPPER));
	assert_false(pm_code_valid("zhang.san", 32, 0));
	assert_true(pm_code_valid("zhang.san", 32, PM_CODE_DOT));
	assert_false(pm_code_valid("a b", 32, PM_CODE_UPPER | PM_CODE_DOT));
	assert_false(pm_code_valid("物业", 32, PM_CODE_UPPER));
	assert_true(pm_code_valid("abc", 3, 0));
	assert_false(pm_code_valid("abcd", 3, 0));
}

/* One way to quote someone's text into a message: short, harmless. */
static void
test_quote_fail(void **state)
{
	char long_text[200];
	pm_buf q;
	pm_err e;

	(void)state;
	pm_buf_init(&q);
	assert_string_equal(pm_text_quote(&q, "a\x1b[31mb"), "a\\e[31mb");
	pm_buf_reset(&q);
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	pm_text_quote(&q, long_text);
	assert_true(pm_text_width(q.s) <= PM_QUOTE_MAX);
	assert_non_null(strstr(q.s, "\xe2\x80\xa6"));
	pm_buf_free(&q);
	assert_int_equal(pm_text_fail(&e, PM_EX_NOINPUT, "no such site %s", "月亮\n湾"),
	    PM_EX_NOINPUT);
	assert_int_equal(e.status, PM_EX_NOINPUT);
	assert_string_equal(e.msg, "no such site 月亮\\n湾");
	assert_int_equal(pm_text_fail(&e, PM_EX_DATAERR, "%s", NULL), PM_EX_DATAERR);
	assert_string_equal(e.msg, "");
}

/* The field checks every record kind shares. */
static void
test_field_checks(void **state)
{
	pm_err e;

	(void)state;
	assert_true(pm_text_word("a|bb|c", "a"));
	assert_true(pm_text_word("a|bb|c", "bb"));
	assert_true(pm_text_word("a|bb|c", "c"));
	assert_false(pm_text_word("a|bb|c", "b"));
	assert_false(pm_text_word("a|bb|c", "bb|c"));
	assert_false(pm_text_word("a|bb|c", ""));
	assert_false(pm_text_word("a|bb|c", NULL));
	assert_true(pm_text_word("only", "only"));
	assert_int_equal(pm_text_one_of(&e, "kind", "castle\x1b", "a|b|c"), PM_EX_USAGE);
	assert_int_equal(e.status, PM_EX_USAGE);
	assert_string_equal(e.msg, "kind castle\\e: one of a, b, c");
	assert_string_equal(e.field, "kind");
	assert_int_equal(pm_text_one_of(&e, "source", "x", "plan, staff"), PM_EX_USAGE);
	assert_string_equal(e.msg, "source x: one of plan, staff");
	assert_int_equal(pm_text_need("x", "title", &e), 0);
	assert_int_equal(pm_text_need("", "title", &e), PM_EX_USAGE);
	assert_string_equal(e.msg, "title is required");
	assert_int_equal(pm_text_need(NULL, "title", &e), PM_EX_USAGE);
	assert_int_equal(pm_text_field(NULL, 3, "place", &e), 0);
	assert_int_equal(pm_text_field("abc", 3, "place", &e), 0);
	assert_int_equal(pm_text_field("", 3, "place", &e), PM_EX_USAGE);
	assert_string_equal(e.msg, "place is empty");
	assert_int_equal(pm_text_field("abcd", 3, "place", &e), PM_EX_DATAERR);
	assert_int_equal(pm_text_field("\xff", 3, "place", &e), PM_EX_DATAERR);
}

/* An enumeration's words, both ways. */
static void
test_enum(void **state)
{
	static const char *const names[] = { "half-up", "down", "up" };

	(void)state;
	assert_int_equal(pm_text_enum(names, 3, "half-up"), 0);
	assert_int_equal(pm_text_enum(names, 3, "up"), 2);
	assert_int_equal(pm_text_enum(names, 3, "Up"), -1);
	assert_int_equal(pm_text_enum(names, 3, ""), -1);
	assert_int_equal(pm_text_enum(names, 3, NULL), -1);
	assert_int_equal(pm_text_enum(names, 2, "up"), -1);
	assert_string_equal(pm_text_enum_name(names, 3, 1), "down");
	assert_string_equal(pm_text_enum_name(names, 3, 3), "unknown");
	assert_string_equal(pm_text_enum_name(names, 3, -1), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_fail),
		cmocka_unit_test(test_field_checks),
		cmocka_unit_test(test_enum),
		cmocka_unit_test(test_code_valid),
		cmocka_unit_test(test_valid_basic),
		cmocka_unit_test(test_valid_boundaries),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_cp_width),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_fit),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
