/* test_pii.c — phones, ID numbers, plates, names: normalise and mask. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "pii.h"
#include "text.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

struct pair {
	const char *in, *out;
};

/* ---- phones ---- */

static void
phone_valid(void **state)
{
	static const struct pair ok[] = {
		{ "13812341234", "13812341234" },
		{ "19912345678", "19912345678" },
		{ "+86 138 1234 1234", "13812341234" },
		{ "+8613812341234", "13812341234" },
		{ "0086-138-1234-1234", "13812341234" },
		{ "8613812341234", "13812341234" },
		{ "86-13812341234", "13812341234" },
		{ "(+86) 138 1234 1234", "13812341234" },
		{ "１３８１２３４１２３４", "13812341234" },         /* full-width */
		{ "＋８６　１３８－１２３４－１２３４", "13812341234" },
		{ "138\xe3\x80\x80" "1234 1234", "13812341234" },   /* U+3000 */
		{ " 138-1234-1234 ", "13812341234" },
		{ "(010)12345678", "01012345678" },
		{ "（010）12345678", "01012345678" },
		{ "021-1234-5678", "02112345678" },
		{ "0755 8888 9999", "075588889999" },
		{ "0371-123456", "0371123456" },
		{ "0101234567", "0101234567" },
	};
	char out[16];
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < N_OF(ok); i++) {
		pm_err_clear(&e);
		if (pm_phone_normalize(ok[i].in, out, sizeof out, &e) != 0)
			fail_msg("%s: %s", ok[i].in, e.msg);
		assert_string_equal(out, ok[i].out);
		/* the canonical form is a fixed point */
		assert_int_equal(pm_phone_normalize(out, out, sizeof out, &e), 0);
		assert_string_equal(out, ok[i].out);
	}
}

static void
phone_invalid(void **state)
{
	static const char *const bad[] = {
		"", " ", "-", "12345", "12345678901", "11012341234", "1381234123",
		"138123412345", "138-1234-123a", "tel 13812341234", "+1 415 555 0100",
		"+13812341234", "+86 010 12345678", "+0086 13812341234", "++8613812341234",
		"138+12341234", "86 12812341234", "0086138123412345", "001012345678",
		"010123456", "0101234567890", "13812341234.", "\033[31m13812341234",
		"1381234123\xff", "一三八", "138/1234/1234",
		"12345678901234567890123456789012345678901234567890",
	};
	char out[16];
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < N_OF(bad); i++) {
		pm_err_clear(&e);
		if (pm_phone_normalize(bad[i], out, sizeof out, &e) != PM_EX_DATAERR)
			fail_msg("accepted: %s", bad[i]);
		assert_true(e.msg[0] != '\0');
		assert_null(strchr(e.msg, '\033'));
		assert_null(strchr(e.msg, '\n'));
		assert_true(pm_utf8_valid(e.msg, strlen(e.msg)));
	}
	pm_phone_normalize("12345", out, sizeof out, &e);
	/* the refused value is masked all the same: a typo is a digit
	 * away from someone's number */
	assert_string_equal(e.msg, "phone 1***5: not a mobile (11 digits, 1[3-9]...) "
	    "or landline number (0 + area code)");
	pm_phone_normalize("1370000111", out, sizeof out, &e);
	assert_null(strstr(e.msg, "1370000111"));
	pm_phone_normalize("", out, sizeof out, &e);
	assert_string_equal(e.msg, "phone number: empty");
	/* a long input is cut in the message */
	pm_phone_normalize(bad[N_OF(bad) - 1], out, sizeof out, &e);
	assert_null(strstr(e.msg, bad[N_OF(bad) - 1]));
	assert_non_null(strstr(e.msg, "phone 1**********"));
	assert_non_null(strstr(e.msg, "…"));
	pm_phone_normalize("\033[31m", out, sizeof out, &e);
	/* masked, and what is kept shown safely */
	assert_non_null(strstr(e.msg, "phone \xef\xbf\xbd***m:"));
}

static void
phone_small_buffer(void **state)
{
	char out[12];
	pm_err e;

	(void)state;
	assert_int_equal(pm_phone_normalize("13812341234", out, 11, &e), PM_EX_SOFTWARE);
	assert_int_equal(pm_phone_normalize("13812341234", out, sizeof out, &e), 0);
	assert_string_equal(out, "13812341234");
}

/* ---- ID numbers ---- */

/* ISO 7064 MOD 11-2 from its definition (weights 2^(17-i) mod 11,
 * check = (12 - sum mod 11) mod 11), not from the library's tables. */
static void
with_check(const char *first17, char *out)
{
	int sum = 0, i, v;

	for (i = 0; i < 17; i++)
		sum += (first17[i] - '0') * ((1 << (17 - i)) % 11);
	v = (12 - sum % 11) % 11;
	memcpy(out, first17, 17);
	out[17] = v == 10 ? 'X' : (char)('0' + v);
	out[18] = '\0';
}

static void
idnum_valid(void **state)
{
	static const char *const first17[] = {
		"11010519491231002", "44030420000229123", "31011519000301001",
		"11010518000101001", "51010121001231002", "33010619800115432",
		"65010219991231000", "12010120241029555",
	};
	char id[19], out[19];
	pm_err e;
	size_t i;

	(void)state;
	assert_int_equal(pm_idnum_normalize("11010519491231002X", out, sizeof out, &e), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(pm_idnum_normalize("11010519491231002x", out, sizeof out, &e), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(pm_idnum_normalize("  11010519491231002x\t", out, sizeof out, &e), 0);
	assert_string_equal(out, "11010519491231002X");
	assert_int_equal(pm_idnum_normalize("\xe3\x80\x80"
	    "１１０１０５１９４９１２３１００２ｘ", out, sizeof out, &e), 0);
	assert_string_equal(out, "11010519491231002X");
	for (i = 0; i < N_OF(first17); i++) {
		with_check(first17[i], id);
		pm_err_clear(&e);
		if (pm_idnum_normalize(id, out, sizeof out, &e) != 0)
			fail_msg("%s: %s", id, e.msg);
		assert_string_equal(out, id);
	}
}

static void
idnum_invalid(void **state)
{
	char id[19], out[19];
	pm_err e;
	int d;

	(void)state;
	assert_int_equal(pm_idnum_normalize("110105194912310021", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number ending 0021: wrong check character");
	/* every wrong check character is refused */
	for (d = 0; d <= 10; d++) {
		memcpy(id, "11010519491231002", 17);
		id[17] = d == 10 ? 'X' : (char)('0' + d);
		id[18] = '\0';
		assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e),
		    id[17] == 'X' ? 0 : PM_EX_DATAERR);
	}
	assert_int_equal(pm_idnum_normalize("11010519491231002", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: 17 characters, expected 18");
	assert_int_equal(pm_idnum_normalize("11010519491231002X1", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: 19 characters, expected 18");
	assert_int_equal(pm_idnum_normalize("1", out, sizeof out, &e), PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: 1 character, expected 18");
	assert_int_equal(pm_idnum_normalize("", out, sizeof out, &e), PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: empty");
	assert_int_equal(pm_idnum_normalize("   ", out, sizeof out, &e), PM_EX_DATAERR);
	assert_int_equal(pm_idnum_normalize("1101051949 231002X", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: character 11 is not a digit");
	assert_int_equal(pm_idnum_normalize("X10105194912310021", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: character 1 is not a digit");
	assert_int_equal(pm_idnum_normalize("11010519491231002Y", out, sizeof out, &e),
	    PM_EX_DATAERR);
	assert_string_equal(e.msg, "ID number: the last character is not a digit or X");
	assert_int_equal(pm_idnum_normalize("1101051949123100\xff" "X", out, sizeof out, &e),
	    PM_EX_DATAERR);

	/* dates: the check character is right, the date is not */
	with_check("11010519490231002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	assert_non_null(strstr(e.msg, "no such birth date 19490231"));
	assert_int_equal(strncmp(e.msg, "ID number ending ", 17), 0);
	assert_null(strstr(e.msg, "110105"));
	with_check("11010519000229002", id);             /* 1900 is not leap */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010520000229002", id);             /* 2000 is */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), 0);
	with_check("11010520040229002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), 0);
	with_check("11010520230229002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010517991231002", id);             /* year range */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010521010101002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010521000101002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), 0);
	with_check("11010519491301002", id);             /* month 13 */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010519490001002", id);
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010519490100002", id);             /* day 0 */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	with_check("11010519490431002", id);             /* April 31 */
	assert_int_equal(pm_idnum_normalize(id, out, sizeof out, &e), PM_EX_DATAERR);
	assert_int_equal(pm_idnum_normalize("11010519491231002X", out, 18, &e),
	    PM_EX_SOFTWARE);
}

/* ---- plates ---- */

static void
plate_valid(void **state)
{
	static const struct pair ok[] = {
		{ "京A12345", "京A12345" },
		{ "京a12345", "京A12345" },
		{ "粤BD12345", "粤BD12345" },
		{ "粤B12345F", "粤B12345F" },
		{ "沪A1234D", "沪A1234D" },                   /* ordinary, letter last */
		{ "京A·12345", "京A12345" },
		{ "京A.12345", "京A12345" },
		{ "京A-123 45", "京A12345" },
		{ " 京 A12345 ", "京A12345" },
		{ "京Ａ１２３４５", "京A12345" },                 /* full-width */
		{ "京ab12c3", "京AB12C3" },
		{ "粤Z1234港", "粤Z1234港" },
		{ "京A1234警", "京A1234警" },
		{ "辽A1234学", "辽A1234学" },
		{ "冀B1234挂", "冀B1234挂" },
		{ "琼EDA123", "琼EDA123" },
		{ "新Q12345", "新Q12345" },
	};
	char out[32];
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < N_OF(ok); i++) {
		pm_err_clear(&e);
		if (pm_plate_normalize(ok[i].in, out, sizeof out, &e) != 0)
			fail_msg("%s: %s", ok[i].in, e.msg);
		assert_string_equal(out, ok[i].out);
		assert_int_equal(pm_plate_normalize(out, out, sizeof out, &e), 0);
		assert_string_equal(out, ok[i].out);
	}
}

static void
plate_invalid(void **state)
{
	static const char *const bad[] = {
		"", "  ", "京", "京A", "京A1234", "京A1234567", "XA12345", "A12345",
		"京112345", "京AI2345", "京A1O345", "京A123456", "粤BA12345",
		"京A挂1234", "粤BD1234挂", "京A12345挂", "京A12#45", "京A12345\n",
		"使A12345", "\xff" "A12345", "京\xff" "A12345", "京A1234\xe6\x8c",
		"\033[31m京A12345",
	};
	char out[32];
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < N_OF(bad); i++) {
		pm_err_clear(&e);
		if (pm_plate_normalize(bad[i], out, sizeof out, &e) != PM_EX_DATAERR)
			fail_msg("accepted: %s", bad[i]);
		assert_true(e.msg[0] != '\0');
		assert_null(strchr(e.msg, '\033'));
		assert_null(strchr(e.msg, '\n'));
		assert_true(pm_utf8_valid(e.msg, strlen(e.msg)));
	}
	pm_plate_normalize("京A1234", out, sizeof out, &e);
	assert_non_null(strstr(e.msg, "plate 京****4: "));
	pm_plate_normalize("XA12345", out, sizeof out, &e);
	assert_non_null(strstr(e.msg, "plate X*****5: "));
	assert_non_null(strstr(e.msg, "province"));
	pm_plate_normalize("粤BA12345", out, sizeof out, &e);
	assert_non_null(strstr(e.msg, "D or F"));
	assert_int_equal(pm_plate_normalize("京A12345", out, 8, &e), PM_EX_SOFTWARE);
}

/* ---- masks ---- */

static void
check_mask(void (*mask)(pm_buf *, const char *), const char *in, const char *want)
{
	pm_buf b;

	pm_buf_init(&b);
	pm_buf_adds(&b, "<");
	mask(&b, in);
	if (strcmp(b.s + 1, want) != 0)
		fail_msg("mask(%s) = %s, want %s", in ? in : "NULL", b.s + 1, want);
	assert_true(pm_utf8_valid(b.s, b.len));
	pm_buf_free(&b);
}

static void
mask_phone(void **state)
{
	(void)state;
	check_mask(pm_pii_phone, "13812341234", "138****1234");
	check_mask(pm_pii_phone, "+86 138-1234-1234", "138****1234");
	check_mask(pm_pii_phone, "01012345678", "010******78");
	check_mask(pm_pii_phone, "0101234567", "010*****67");
	check_mask(pm_pii_phone, "075588889999", "075*******99");
	check_mask(pm_pii_phone, "(021) 1234-5678", "021******78");
	/* not a phone: first and last at most, never half */
	check_mask(pm_pii_phone, "12345", "1***5");
	check_mask(pm_pii_phone, "1234", "1***");
	check_mask(pm_pii_phone, "123", "1**");
	check_mask(pm_pii_phone, "12", "**");
	check_mask(pm_pii_phone, "1", "*");
	check_mask(pm_pii_phone, "", "");
	check_mask(pm_pii_phone, NULL, "");
	check_mask(pm_pii_phone, "12345678901", "1*********1");
	check_mask(pm_pii_phone, "138****1234", "1*********4");
	check_mask(pm_pii_phone, "电话号码没有", "电****有");
	check_mask(pm_pii_phone, "\xff\xfe\xfd\xfc\xfb", "\xef\xbf\xbd***\xef\xbf\xbd");
	check_mask(pm_pii_phone, "1\xe6\x8c" "2345", "1*****5");
	check_mask(pm_pii_phone, "  12345 ", "1***5");
	check_mask(pm_pii_phone, "12345\xe2\x80\x8f", "1****\xef\xbf\xbd");
}

static void
mask_idnum(void **state)
{
	(void)state;
	check_mask(pm_pii_idnum, "11010519491231002X", "1*************002X");
	check_mask(pm_pii_idnum, "11010519491231002x", "1*************002X");
	check_mask(pm_pii_idnum, " 11010519491231002x ", "1*************002X");
	/* 18 characters that fail the checks still mask as an ID number */
	check_mask(pm_pii_idnum, "110105194912310021", "1*************0021");
	check_mask(pm_pii_idnum, "身份证号码身份证号码身份证号码一二三", "身*************码一二三");
	check_mask(pm_pii_idnum, "110105491231002", "1*************2");   /* old 15 */
	check_mask(pm_pii_idnum, "X", "*");
	check_mask(pm_pii_idnum, "", "");
	check_mask(pm_pii_idnum, NULL, "");
	check_mask(pm_pii_idnum, "\xe6\x8c\x82\xe6\x8c", "挂**");
}

static void
mask_plate(void **state)
{
	(void)state;
	check_mask(pm_pii_plate, "京A12345", "京A***45");
	check_mask(pm_pii_plate, "京a·12345", "京A***45");
	check_mask(pm_pii_plate, "粤BD12345", "粤B****45");
	check_mask(pm_pii_plate, "粤Z1234港", "粤Z***4港");
	check_mask(pm_pii_plate, "京A1234", "京****4");
	check_mask(pm_pii_plate, "使123456", "使*****6");
	check_mask(pm_pii_plate, "京", "*");
	check_mask(pm_pii_plate, "", "");
	check_mask(pm_pii_plate, NULL, "");
	check_mask(pm_pii_plate, "\xe4\xba", "**");
}

static void
mask_name(void **state)
{
	(void)state;
	check_mask(pm_pii_name, "张三", "张*");
	check_mask(pm_pii_name, "张三丰", "张**");
	check_mask(pm_pii_name, "欧阳娜娜", "欧***");
	check_mask(pm_pii_name, "张", "*");
	check_mask(pm_pii_name, "Wang Fang", "W********");
	check_mask(pm_pii_name, "  Wang Fang ", "W********");
	check_mask(pm_pii_name, "\xe3\x80\x80张三", "张*");
	check_mask(pm_pii_name, "Li", "L*");
	check_mask(pm_pii_name, "L", "*");
	check_mask(pm_pii_name, "阿卜杜·热合曼", "阿******");
	check_mask(pm_pii_name, "", "");
	check_mask(pm_pii_name, "   ", "");
	check_mask(pm_pii_name, NULL, "");
	check_mask(pm_pii_name, "\xff", "*");
	check_mask(pm_pii_name, "\xff\xfe", "\xef\xbf\xbd*");
	check_mask(pm_pii_name, "\xe5\xbc", "\xef\xbf\xbd*");       /* cut 张 */
	check_mask(pm_pii_name, "张\xe4\xb8", "张**");
	/* a control or bidi mark is never shown as itself */
	check_mask(pm_pii_name, "\xe2\x80\xae\x61\x62\x63", "\xef\xbf\xbd***");
	check_mask(pm_pii_name, "\033[31m", "\xef\xbf\xbd****");
	check_mask(pm_pii_name, "\xc2\x85" "a", "\xef\xbf\xbd*");
	check_mask(pm_pii_plate, "abc\xe2\x81\xa6", "a***");
	check_mask(pm_pii_plate, "abcd\xe2\x81\xa6", "a***\xef\xbf\xbd");
}

/* Any byte string: valid UTF-8 out, one character per character in,
 * and at most the allowed few shown. */
static void
mask_any_bytes(void **state)
{
	static const char *const inputs[] = {
		"\xc0\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xcc\x81", "\xf0\x9f\x98\x80x",
		"\x1b[2J", "***", "\xe2\x80\xae\x61\x62\x63", "1\xf0\x9f\x98",
	};
	void (*masks[])(pm_buf *, const char *) = {
		pm_pii_phone, pm_pii_idnum, pm_pii_plate, pm_pii_name,
	};
	size_t i, k;
	pm_buf b;

	(void)state;
	pm_buf_init(&b);
	for (i = 0; i < N_OF(inputs); i++) {
		for (k = 0; k < N_OF(masks); k++) {
			pm_buf_reset(&b);
			masks[k](&b, inputs[i]);
			assert_true(pm_utf8_valid(b.s, b.len));
			assert_true(b.len > 0);
		}
	}
	pm_buf_free(&b);
}

/* The masker by class, and that pm_registry_init installed it for
 * every writer and the audit log (mask.h). */
static void
mask_by_class(void **state)
{
	static const struct { pm_pii_class c; const char *in, *want; } t[] = {
		{ PM_PII_PHONE, "13812341234", "138****1234" },
		{ PM_PII_PHONE, "+86 138-1234-1234", "138****1234" },
		{ PM_PII_IDNUM, "11010519491231002X", "1*************002X" },
		{ PM_PII_PLATE, "京A12345", "京A***45" },
		{ PM_PII_NAME, "张三", "张*" },
		{ PM_PII_NAME, "Wang Fang", "W********" },
		{ PM_PII_NONE, "13812341234", "13812341234" },
		/* a class the masker does not know: masked as a name */
		{ (pm_pii_class)99, "13812341234", "1**********" },
	};
	pm_buf b;
	size_t i;

	(void)state;
	pm_buf_init(&b);
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		pm_buf_reset(&b);
		pm_pii_mask(&b, t[i].c, t[i].in);
		assert_string_equal(b.s, t[i].want);
		/* the same through the hook every writer calls */
		if (t[i].c <= PM_PII_PLATE) {
			pm_buf_reset(&b);
			pm_mask(&b, t[i].c, t[i].in);
			assert_string_equal(b.s, t[i].want);
		}
	}
	pm_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phone_valid),
		cmocka_unit_test(phone_invalid),
		cmocka_unit_test(phone_small_buffer),
		cmocka_unit_test(idnum_valid),
		cmocka_unit_test(idnum_invalid),
		cmocka_unit_test(plate_valid),
		cmocka_unit_test(plate_invalid),
		cmocka_unit_test(mask_phone),
		cmocka_unit_test(mask_idnum),
		cmocka_unit_test(mask_plate),
		cmocka_unit_test(mask_name),
		cmocka_unit_test(mask_any_bytes),
		cmocka_unit_test(mask_by_class),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
