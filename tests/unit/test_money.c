/* test_money.c — money.c: parsing, formatting, rounding, allocation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "err.h"
#include "buf.h"
#include "db.h"
#include "money.h"

__extension__ typedef __int128 i128;

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define SENTINEL INT64_C(-4242)

/* Deterministic pseudo-random numbers (Knuth's MMIX LCG), no rand(). */
static uint64_t lcg_state = 1;

static uint64_t
lcg(void)
{
	lcg_state = lcg_state * UINT64_C(6364136223846793005) +
	    UINT64_C(1442695040888963407);
	return lcg_state >> 11 ^ lcg_state << 21;
}

/* A value of random magnitude: small numbers and huge ones equally often. */
static int64_t
lcg_amount(int64_t max)
{
	uint64_t v = lcg() >> (lcg() % 64);
	int64_t r = (int64_t)(v % ((uint64_t)max + 1));

	return lcg() & 1 ? -r : r;
}

static void
parse_ok(const char *s, int flags, int64_t want)
{
	pm_err err;
	int64_t v = SENTINEL;
	int rc;

	pm_err_clear(&err);
	rc = pm_money_parse(s, flags, &v, &err);
	if (rc != 0)
		fail_msg("\"%s\": refused: %s", s, err.msg);
	if (v != want)
		fail_msg("\"%s\": got %lld, want %lld", s, (long long)v,
		    (long long)want);
}

static void
money_refused(const char *s, int flags, const char *why)
{
	pm_err err;
	int64_t v = SENTINEL;
	int rc;

	pm_err_clear(&err);
	rc = pm_money_parse(s, flags, &v, &err);
	if (rc != PM_EX_DATAERR)
		fail_msg("\"%s\": rc %d, want %d (%lld)", s, rc, PM_EX_DATAERR,
		    (long long)v);
	assert_int_equal(err.status, PM_EX_DATAERR);
	assert_true(v == SENTINEL);
	if (strstr(err.msg, why) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, err.msg, why);
}

static void
test_parse_accepts(void **state)
{
	(void)state;
	parse_ok("1234.5", 0, 123450);
	parse_ok("1234.50", 0, 123450);
	parse_ok("1234", 0, 123400);
	parse_ok("1,234.50", 0, 123450);
	parse_ok("1,234,567.89", 0, 123456789);
	parse_ok("123,456", 0, 12345600);
	parse_ok("\xC2\xA5" "1234.50", 0, 123450);           /* ¥ */
	parse_ok("\xEF\xBF\xA5" "1234.50", 0, 123450);       /* ￥ */
	parse_ok("\xEF\xBF\xA5" "1,234.50", 0, 123450);
	parse_ok("  1234.50  ", 0, 123450);
	parse_ok("\t12\t", 0, 1200);
	parse_ok("007.10", 0, 710);
	parse_ok("0", 0, 0);
	parse_ok("0.5", 0, 50);
	parse_ok("0.05", 0, 5);
	parse_ok("0.00", 0, 0);
	parse_ok("-3", PM_MONEY_SIGNED, -300);
	parse_ok("-3.00", PM_MONEY_SIGNED, -300);
	parse_ok("+3.01", PM_MONEY_SIGNED, 301);
	parse_ok("-0.05", PM_MONEY_SIGNED, -5);
	parse_ok("-0", PM_MONEY_SIGNED, 0);
	parse_ok("-\xC2\xA5" "1,234.50", PM_MONEY_SIGNED, -123450);
	parse_ok("\xC2\xA5-1,234.50", PM_MONEY_SIGNED, -123450);
	parse_ok(" -\xEF\xBF\xA5" "0.01 ", PM_MONEY_SIGNED, -1);
	parse_ok("5", PM_MONEY_SIGNED, 500);
	parse_ok("000000000000000000000000000001.00", 0, 100);
	parse_ok("90000000000000000.00", 0, PM_MONEY_MAX);
	parse_ok("90,000,000,000,000,000", 0, PM_MONEY_MAX);
	parse_ok("-90000000000000000", PM_MONEY_SIGNED, -PM_MONEY_MAX);
	parse_ok("89999999999999999.99", 0, PM_MONEY_MAX - 1);
}

static void
test_parse_refuses(void **state)
{
	(void)state;
	money_refused("", 0, "empty");
	money_refused("   ", 0, "empty");
	money_refused(NULL, 0, "empty");
	money_refused("12.345", 0, "12.345: more than two decimals");
	money_refused("1.000", 0, "more than two decimals");
	money_refused("1e3", 0, "1e3: exponents");
	money_refused("1E3", 0, "exponents");
	money_refused("1.5e-3", PM_MONEY_SIGNED, "exponents");
	money_refused("NaN", 0, "NaN: not a number");
	money_refused("nan", PM_MONEY_SIGNED, "not a number");
	money_refused("inf", 0, "inf: not a number");
	money_refused("-Infinity", PM_MONEY_SIGNED, "not a number");
	money_refused("12,5", 0, "12,5: decimal comma");
	money_refused("1,23", 0, "1,23: misplaced grouping comma");
	money_refused("12,50", 0, "misplaced grouping comma");
	money_refused("1234,567", 0, "misplaced grouping comma");
	money_refused("1,2345", 0, "misplaced grouping comma");
	money_refused("1,,234", 0, "misplaced grouping comma");
	money_refused(",123", 0, "misplaced grouping comma");
	money_refused("123,", 0, "misplaced grouping comma");
	money_refused(",", 0, "misplaced grouping comma");
	money_refused("1,234.5,6", 0, "comma after the decimal point");
	money_refused("-3", 0, "-3: negative values are not allowed");
	money_refused("-0.00", 0, "negative");
	money_refused("+3", 0, "sign is not allowed");
	money_refused("+", 0, "sign is not allowed");
	money_refused("+", PM_MONEY_SIGNED, "+: no digits");
	money_refused("-", PM_MONEY_SIGNED, "no digits");
	money_refused("--3", PM_MONEY_SIGNED, "misplaced sign");
	money_refused("+-3", PM_MONEY_SIGNED, "misplaced sign");
	money_refused("3-", PM_MONEY_SIGNED, "misplaced sign");
	money_refused(".", 0, ".: no digits");
	money_refused("1.", 0, "1.: no digits after the decimal point");
	money_refused(".5", 0, ".5: no digits before the decimal point");
	money_refused("1.2.3", 0, "more than one decimal point");
	money_refused("1 234", 0, "space inside");
	money_refused("12a", 0, "12a: unexpected character 'a'");
	money_refused("0x10", 0, "unexpected character 'x'");
	money_refused("$12", 0, "unexpected character '$'");
	money_refused("\xC2\xA5\xC2\xA5" "1", 0, "unexpected character");
	money_refused("\xEF\xBC\x91\xEF\xBC\x92", 0, "unexpected character"); /* １２ */
	money_refused("12\x01", 0, "unexpected byte 0x01");
	money_refused("12\xFF", 0, "unexpected byte 0xFF");
	money_refused("\xC2\xA5", 0, "no digits");
	money_refused("1\xC2\xA5", 0, "unexpected character");
	money_refused("90000000000000000.01", 0, "out of range");
	money_refused("-90000000000000000.01", PM_MONEY_SIGNED, "out of range");
	money_refused("92233720368547758.07", 0, "out of range");
	money_refused("92233720368547758.08", 0, "out of range");
	money_refused("99999999999999999999999999999999", 0,
	    "largest is 90,000,000,000,000,000.00");
	/* the shape is reported before the size */
	money_refused("99999999999999999999.999", 0, "more than two decimals");
}

/* Messages echo the input harmlessly and briefly. */
static void
test_parse_message_safe(void **state)
{
	char big[4096];
	pm_err err;
	int64_t v;
	size_t i;

	(void)state;
	assert_int_equal(pm_money_parse("1\x1b[2J", 0, &v, &err),
	    PM_EX_DATAERR);
	assert_null(strchr(err.msg, '\x1b'));
	for (i = 0; i < sizeof big - 1; i++)
		big[i] = (char)('0' + i % 10);
	big[sizeof big - 1] = '\0';
	assert_int_equal(pm_money_parse(big, 0, &v, &err), PM_EX_DATAERR);
	assert_true(strlen(err.msg) < 200);
	assert_non_null(strstr(err.msg, "...: out of range"));
	/* a multibyte character is not cut in half */
	memset(big, 0, sizeof big);
	for (i = 0; i + 3 < 300; i += 3)
		memcpy(big + i, "\xE5\x85\x83", 3);     /* 元 */
	assert_int_equal(pm_money_parse(big, 0, &v, &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "\xE5\x85\x83..."));
	/* err may be NULL */
	assert_int_equal(pm_money_parse("x", 0, &v, NULL), PM_EX_DATAERR);
	assert_int_equal(pm_money_parse("1,23", 0, &v, NULL), PM_EX_DATAERR);
}

static void
fmt_is(int64_t fen, int flags, const char *want)
{
	char buf[40];
	size_t n;

	n = pm_money_format(fen, flags, buf, sizeof buf);
	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("%lld/%d: got \"%s\" (%zu), want \"%s\"",
		    (long long)fen, flags, buf, n, want);
}

static void
test_format(void **state)
{
	const int G = PM_MONEY_GROUP, Y = PM_MONEY_YUAN;

	(void)state;
	fmt_is(0, 0, "0.00");
	fmt_is(5, 0, "0.05");
	fmt_is(-5, 0, "-0.05");
	fmt_is(-100, 0, "-1.00");
	fmt_is(123450, 0, "1234.50");
	fmt_is(123450, G, "1,234.50");
	fmt_is(123456789, G, "1,234,567.89");
	fmt_is(12345678, G, "123,456.78");
	fmt_is(99999, G, "999.99");
	fmt_is(100000, G, "1,000.00");
	fmt_is(123450, Y, "\xC2\xA5" "1234.50");
	fmt_is(-123450, G | Y, "-\xC2\xA5" "1,234.50");
	fmt_is(-5, Y, "-\xC2\xA5" "0.05");
	fmt_is(PM_MONEY_MAX, G, "90,000,000,000,000,000.00");
	fmt_is(INT64_MAX, 0, "92233720368547758.07");
	fmt_is(INT64_MIN, 0, "-92233720368547758.08");
	fmt_is(INT64_MIN, G | Y, "-\xC2\xA5" "92,233,720,368,547,758.08");
	fmt_is(INT64_MIN + 1, G, "-92,233,720,368,547,758.07");
}

/* snprintf semantics: the full length back, a cut but terminated string. */
static void
test_format_truncates(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof buf);
	assert_int_equal(pm_money_format(123456789, PM_MONEY_GROUP, buf, 5), 12);
	assert_string_equal(buf, "1,23");
	assert_int_equal(buf[5], 'x');
	assert_int_equal(pm_money_format(123456789, 0, NULL, 0), 10);
	buf[0] = 'x';
	assert_int_equal(pm_money_format(1, 0, buf, 0), 4);
	assert_int_equal(buf[0], 'x');
	assert_int_equal(pm_money_format(1, 0, buf, 1), 4);
	assert_string_equal(buf, "");
	assert_int_equal(pm_money_format(1, 0, buf, 4), 4);
	assert_string_equal(buf, "0.0");
	assert_int_equal(pm_money_format(1, 0, buf, 5), 4);
	assert_string_equal(buf, "0.01");
}

static void
test_round_trip(void **state)
{
	static const int fl[] = {
		0, PM_MONEY_GROUP, PM_MONEY_YUAN, PM_MONEY_GROUP | PM_MONEY_YUAN
	};
	char buf[40];
	pm_err err;
	int64_t v, back;
	size_t f;
	int i;

	(void)state;
	lcg_state = 7;
	for (i = 0; i < 20000; i++) {
		v = lcg_amount(PM_MONEY_MAX);
		if (i < 4)
			v = i < 2 ? PM_MONEY_MAX : -PM_MONEY_MAX;
		for (f = 0; f < NELEM(fl); f++) {
			assert_true(pm_money_format(v, fl[f], buf, sizeof buf) <
			    sizeof buf);
			if (pm_money_parse(buf, PM_MONEY_SIGNED, &back, &err) != 0)
				fail_msg("\"%s\": %s", buf, err.msg);
			assert_true(back == v);
			if (v >= 0) {
				assert_int_equal(pm_money_parse(buf, 0, &back,
				    &err), 0);
				assert_true(back == v);
			}
		}
	}
}

static void
dec_ok(const char *s, int scale, int64_t want)
{
	pm_err err;
	int64_t v = SENTINEL;

	if (pm_decimal_parse(s, scale, PM_MONEY_SIGNED, &v, &err) != 0)
		fail_msg("\"%s\"/%d: %s", s, scale, err.msg);
	if (v != want)
		fail_msg("\"%s\"/%d: got %lld", s, scale, (long long)v);
}

static void
dec_refused(const char *s, int scale, int flags, const char *why)
{
	pm_err err;
	int64_t v = SENTINEL;

	pm_err_clear(&err);
	assert_int_equal(pm_decimal_parse(s, scale, flags, &v, &err),
	    PM_EX_DATAERR);
	assert_true(v == SENTINEL);
	if (strstr(err.msg, why) == NULL)
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, err.msg, why);
}

static void
dec_fmt_is(int64_t v, int scale, const char *want)
{
	char buf[40];
	size_t n;

	n = pm_decimal_format(v, scale, buf, sizeof buf);
	if (strcmp(buf, want) != 0 || n != strlen(want))
		fail_msg("%lld/%d: got \"%s\", want \"%s\"", (long long)v,
		    scale, buf, want);
}

static void
test_decimal(void **state)
{
	char buf[40];
	pm_err err;
	int64_t v, back;
	int scale, i;

	(void)state;
	dec_ok("100.5", 2, 10050);
	dec_ok("1.85", 4, 18500);
	dec_ok("1.8500", 4, 18500);
	dec_ok("0.0001", 4, 1);
	dec_ok("-0.0001", 4, -1);
	dec_ok("12", 0, 12);
	dec_ok("1,234", 0, 1234);
	dec_ok("1.123456789", 9, 1123456789);
	dec_ok("9000000000", 9, PM_MONEY_MAX);
	dec_ok("9,000,000,000,000,000,000", 0, PM_MONEY_MAX);
	dec_refused("1.85001", 4, 0, "more than four decimals");
	dec_refused("12.5", 0, 0, "decimals are not allowed");
	dec_refused("1.1234567890", 9, 0, "more than nine decimals");
	dec_refused("\xC2\xA5" "1", 2, 0, "unexpected character");
	dec_refused("-1", 2, 0, "negative");
	dec_refused("", 2, 0, "empty number");
	dec_refused("9000000000.000000001", 9, 0, "out of range");
	dec_refused("9000000000000000001", 0, 0,
	    "largest is 9000000000000000000");
	dec_refused("1e5", 3, 0, "exponents");
	assert_int_equal(pm_decimal_parse("1", 10, 0, &v, &err),
	    PM_EX_SOFTWARE);
	assert_int_equal(pm_decimal_parse("1", -1, 0, &v, &err),
	    PM_EX_SOFTWARE);

	dec_fmt_is(18500, 4, "1.8500");
	dec_fmt_is(-1, 4, "-0.0001");
	dec_fmt_is(-3, 0, "-3");
	dec_fmt_is(0, 0, "0");
	dec_fmt_is(0, 9, "0.000000000");
	dec_fmt_is(INT64_MIN, 9, "-9223372036.854775808");
	dec_fmt_is(INT64_MAX, 0, "9223372036854775807");
	dec_fmt_is(5, 10, "");
	dec_fmt_is(5, -1, "");

	lcg_state = 11;
	for (i = 0; i < 20000; i++) {
		scale = (int)(lcg() % 10);
		v = lcg_amount(PM_MONEY_MAX);
		pm_decimal_format(v, scale, buf, sizeof buf);
		if (pm_decimal_parse(buf, scale, PM_MONEY_SIGNED, &back,
		    &err) != 0)
			fail_msg("\"%s\": %s", buf, err.msg);
		assert_true(back == v);
	}
}

static void
test_add_sub_mul(void **state)
{
	int64_t r = SENTINEL;

	(void)state;
	assert_int_equal(pm_money_add(1, 2, &r), 0);
	assert_true(r == 3);
	assert_int_equal(pm_money_add(PM_MONEY_MAX, 0, &r), 0);
	assert_true(r == PM_MONEY_MAX);
	assert_int_equal(pm_money_add(PM_MONEY_MAX, 1, &r), -1);
	assert_int_equal(pm_money_add(-PM_MONEY_MAX, -1, &r), -1);
	assert_int_equal(pm_money_add(INT64_MAX, 1, &r), -1);
	assert_int_equal(pm_money_add(INT64_MIN, -1, &r), -1);
	assert_int_equal(pm_money_add(INT64_MAX, INT64_MIN, &r), 0);
	assert_true(r == -1);
	assert_int_equal(pm_money_sub(-PM_MONEY_MAX, 1, &r), -1);
	assert_int_equal(pm_money_sub(0, INT64_MIN, &r), -1);
	assert_int_equal(pm_money_sub(0, PM_MONEY_MAX, &r), 0);
	assert_true(r == -PM_MONEY_MAX);
	assert_int_equal(pm_money_sub(5, 7, &r), 0);
	assert_true(r == -2);
	assert_int_equal(pm_money_mul(3000000000, 3000000000, &r), 0);
	assert_true(r == INT64_C(9000000000000000000));
	assert_int_equal(pm_money_mul(3000000000, 3000000001, &r), -1);
	assert_int_equal(pm_money_mul(INT64_MIN, -1, &r), -1);
	assert_int_equal(pm_money_mul(INT64_MAX, 2, &r), -1);
	assert_int_equal(pm_money_mul(-7, 6, &r), 0);
	assert_true(r == -42);
	r = 77;
	assert_int_equal(pm_money_mul(INT64_MAX, INT64_MAX, &r), -1);
	assert_true(r == 77);           /* untouched on failure */
}

struct rcase {
	int64_t a;              /* a / 10 is rounded */
	int64_t up, even, down, away;
};

static void
test_muldiv_table(void **state)
{
	/* half-up, half-even, down, up for a/10 */
	static const struct rcase t[] = {
		{  26,  3,  3,  2,  3 }, {  25,  3,  2,  2,  3 },
		{  24,  2,  2,  2,  3 }, {  20,  2,  2,  2,  2 },
		{  15,  2,  2,  1,  2 }, {  14,  1,  1,  1,  2 },
		{   5,  1,  0,  0,  1 }, {   4,  0,  0,  0,  1 },
		{   1,  0,  0,  0,  1 }, {   0,  0,  0,  0,  0 },
		{  -1,  0,  0,  0, -1 }, {  -5, -1,  0,  0, -1 },
		{ -15, -2, -2, -1, -2 }, { -24, -2, -2, -2, -3 },
		{ -25, -3, -2, -2, -3 }, { -26, -3, -3, -2, -3 },
		{ -35, -4, -4, -3, -4 }, {  35,  4,  4,  3,  4 },
	};
	int64_t r;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(t); i++) {
		assert_int_equal(pm_money_muldiv(t[i].a, 1, 10,
		    PM_ROUND_HALF_UP, &r), 0);
		assert_true(r == t[i].up);
		assert_int_equal(pm_money_muldiv(t[i].a, 1, 10,
		    PM_ROUND_HALF_EVEN, &r), 0);
		assert_true(r == t[i].even);
		assert_int_equal(pm_money_muldiv(t[i].a, 1, 10,
		    PM_ROUND_DOWN, &r), 0);
		assert_true(r == t[i].down);
		assert_int_equal(pm_money_muldiv(t[i].a, 1, 10,
		    PM_ROUND_UP, &r), 0);
		assert_true(r == t[i].away);
		/* the sign may sit on either factor */
		assert_int_equal(pm_money_muldiv(-1, -t[i].a, 10,
		    PM_ROUND_HALF_UP, &r), 0);
		assert_true(r == t[i].up);
	}
}

static void
test_muldiv_domain(void **state)
{
	int64_t r;

	(void)state;
	/* 100.50 m2 * 1.85 yuan = 185.925 */
	assert_int_equal(pm_money_muldiv(10050, 18500, 10000,
	    PM_ROUND_HALF_UP, &r), 0);
	assert_true(r == 18593);
	assert_int_equal(pm_money_muldiv(10050, 18500, 10000,
	    PM_ROUND_HALF_EVEN, &r), 0);
	assert_true(r == 18592);
	assert_int_equal(pm_money_muldiv(10050, 18500, 10000,
	    PM_ROUND_DOWN, &r), 0);
	assert_true(r == 18592);
	assert_int_equal(pm_money_muldiv(10050, 18500, 10000,
	    PM_ROUND_UP, &r), 0);
	assert_true(r == 18593);
	assert_int_equal(pm_money_muldiv(-10050, 18500, 10000,
	    PM_ROUND_HALF_UP, &r), 0);
	assert_true(r == -18593);
	assert_int_equal(pm_money_muldiv(-10050, 18500, 10000,
	    PM_ROUND_HALF_EVEN, &r), 0);
	assert_true(r == -18592);
}

static void
test_muldiv_limits(void **state)
{
	int64_t r = 77;

	(void)state;
	assert_int_equal(pm_money_muldiv(1, 1, 0, PM_ROUND_HALF_UP, &r), -1);
	assert_int_equal(pm_money_muldiv(1, 1, -10, PM_ROUND_HALF_UP, &r), -1);
	assert_int_equal(pm_money_muldiv(1, 1, 1, (pm_round)9, &r), -1);
	assert_true(r == 77);
	/* the product needs 128 bits; the quotient fits */
	assert_int_equal(pm_money_muldiv(PM_MONEY_MAX, PM_MONEY_MAX,
	    PM_MONEY_MAX, PM_ROUND_HALF_UP, &r), 0);
	assert_true(r == PM_MONEY_MAX);
	assert_int_equal(pm_money_muldiv(INT64_MIN, INT64_MIN, INT64_MAX,
	    PM_ROUND_DOWN, &r), -1);
	assert_int_equal(pm_money_muldiv(INT64_MIN, 1, 2, PM_ROUND_UP, &r), 0);
	assert_true(r == INT64_MIN / 2);
	assert_int_equal(pm_money_muldiv(INT64_MAX, INT64_MAX, INT64_MAX,
	    PM_ROUND_DOWN, &r), -1);
	assert_int_equal(pm_money_muldiv(PM_MONEY_MAX, 1, 1,
	    PM_ROUND_UP, &r), 0);
	assert_int_equal(pm_money_muldiv(PM_MONEY_MAX + 1, 1, 1,
	    PM_ROUND_UP, &r), -1);
	/* rounding itself can cross the limit: (2 * MAX + 1) / 2 */
	assert_int_equal(pm_money_muldiv(INT64_C(947368421052631579), 19, 2,
	    PM_ROUND_HALF_UP, &r), -1);
	/* MAX is even, so the tie stays on it */
	assert_int_equal(pm_money_muldiv(INT64_C(947368421052631579), 19, 2,
	    PM_ROUND_HALF_EVEN, &r), 0);
	assert_true(r == PM_MONEY_MAX);
	assert_int_equal(pm_money_muldiv(INT64_C(947368421052631579), 19, 2,
	    PM_ROUND_DOWN, &r), 0);
	assert_true(r == PM_MONEY_MAX);
	assert_int_equal(pm_money_muldiv(INT64_C(-947368421052631579), 19, 2,
	    PM_ROUND_UP, &r), -1);
	assert_int_equal(pm_money_muldiv(INT64_C(-947368421052631579), 19, 2,
	    PM_ROUND_DOWN, &r), 0);
	assert_true(r == -PM_MONEY_MAX);
	assert_int_equal(pm_money_muldiv(0, INT64_MIN, 1,
	    PM_ROUND_HALF_EVEN, &r), 0);
	assert_true(r == 0);
}

/* Against a plainly different calculation: exact comparisons in i128. */
static void
test_muldiv_random(void **state)
{
	int64_t a, b, d, r, q, want;
	i128 p, rem;
	int i, m, neg;

	(void)state;
	lcg_state = 3;
	for (i = 0; i < 100000; i++) {
		a = lcg_amount(INT64_MAX);
		b = lcg_amount(1000000);
		d = (int64_t)(lcg() % 1000000) + 1;
		if (i % 3 == 0)
			d = 2 * (int64_t)(lcg() % 50 + 1);  /* many exact halves */
		p = (i128)a * b;
		neg = p < 0;
		q = 0;
		for (m = 0; m < 4; m++) {
			if (p / d > PM_MONEY_MAX + (i128)1 ||
			    p / d < -PM_MONEY_MAX - (i128)1)
				break;
			q = (int64_t)(p / d);   /* toward zero */
			rem = p % d;
			if (rem < 0)
				rem = -rem;
			want = q;
			switch (m) {
			case PM_ROUND_HALF_UP:
				if (2 * rem >= d)
					want += neg ? -1 : 1;
				break;
			case PM_ROUND_HALF_EVEN:
				if (2 * rem > d || (2 * rem == d && q % 2 != 0))
					want += neg ? -1 : 1;
				break;
			case PM_ROUND_DOWN:
				break;
			case PM_ROUND_UP:
				if (rem != 0)
					want += neg ? -1 : 1;
				break;
			}
			if (want > PM_MONEY_MAX || want < -PM_MONEY_MAX) {
				assert_int_equal(pm_money_muldiv(a, b, d,
				    (pm_round)m, &r), -1);
				continue;
			}
			assert_int_equal(pm_money_muldiv(a, b, d, (pm_round)m,
			    &r), 0);
			if (r != want)
				fail_msg("%lld*%lld/%lld mode %d: got %lld want %lld",
				    (long long)a, (long long)b, (long long)d, m,
				    (long long)r, (long long)want);
		}
	}
}

static void
alloc_is(int64_t total, const int64_t *w, size_t n, const int64_t *want)
{
	int64_t s[16];
	size_t i;

	assert_true(n <= NELEM(s));
	assert_int_equal(pm_money_allocate(total, w, n, s), 0);
	for (i = 0; i < n; i++)
		if (s[i] != want[i])
			fail_msg("total %lld share %zu: got %lld want %lld",
			    (long long)total, i, (long long)s[i],
			    (long long)want[i]);
}

static void
test_allocate_cases(void **state)
{
	static const int64_t eq3[] = { 1, 1, 1 };
	static const int64_t big3[] = { 70, 70, 70 };
	static const int64_t w12[] = { 1, 2 };
	static const int64_t wz[] = { 0, 5, 0, 5, 0 };
	static const int64_t w7[] = { 1, 1, 1, 1, 1, 1, 1 };
	static const int64_t area[] = { 8950, 12000, 10050 };
	static const int64_t one[] = { 3 };
	static const int64_t late[] = { 10, 10, 11 };

	(void)state;
	alloc_is(10000, eq3, 3, (const int64_t[]){ 3334, 3333, 3333 });
	alloc_is(10000, big3, 3, (const int64_t[]){ 3334, 3333, 3333 });
	alloc_is(-10000, eq3, 3, (const int64_t[]){ -3334, -3333, -3333 });
	alloc_is(10001, eq3, 3, (const int64_t[]){ 3334, 3334, 3333 });
	alloc_is(2, eq3, 3, (const int64_t[]){ 1, 1, 0 });
	alloc_is(0, eq3, 3, (const int64_t[]){ 0, 0, 0 });
	/* the larger remainder wins even at a later index */
	alloc_is(100, w12, 2, (const int64_t[]){ 33, 67 });
	alloc_is(-100, w12, 2, (const int64_t[]){ -33, -67 });
	alloc_is(3, wz, 5, (const int64_t[]){ 0, 2, 0, 1, 0 });
	alloc_is(10, w7, 7, (const int64_t[]){ 2, 2, 2, 1, 1, 1, 1 });
	/* 31000 area units share 1000.00: 288.71 387.10 324.19 */
	alloc_is(100000, area, 3, (const int64_t[]){ 28871, 38710, 32419 });
	alloc_is(PM_MONEY_MAX, one, 1, (const int64_t[]){ PM_MONEY_MAX });
	alloc_is(-PM_MONEY_MAX, one, 1, (const int64_t[]){ -PM_MONEY_MAX });
	/* 31 split 10:10:11 = 10 10 11 exactly; 30 = 9.67 9.67 10.65 */
	alloc_is(31, late, 3, (const int64_t[]){ 10, 10, 11 });
	alloc_is(30, late, 3, (const int64_t[]){ 10, 10, 10 });
}

static void
test_allocate_refuses(void **state)
{
	static const int64_t ok[] = { 1, 2 };
	static const int64_t neg[] = { 1, -1, 2 };
	static const int64_t zero[] = { 0, 0 };
	int64_t s[4];

	(void)state;
	assert_int_equal(pm_money_allocate(100, ok, 0, s), -1);
	assert_int_equal(pm_money_allocate(100, neg, 3, s), -1);
	assert_int_equal(pm_money_allocate(100, zero, 2, s), -1);
	assert_int_equal(pm_money_allocate(100, NULL, 2, s), -1);
	assert_int_equal(pm_money_allocate(100, ok, 2, NULL), -1);
	assert_int_equal(pm_money_allocate(PM_MONEY_MAX + 1, ok, 2, s), -1);
	assert_int_equal(pm_money_allocate(INT64_MIN, ok, 2, s), -1);
}

/* Huge weights and totals: no overflow, still exact. */
static void
test_allocate_extremes(void **state)
{
	int64_t w[5] = { INT64_MAX, INT64_MAX, INT64_MAX, 1, 0 };
	int64_t s[5];
	i128 sum;
	size_t i;

	(void)state;
	assert_int_equal(pm_money_allocate(PM_MONEY_MAX, w, 5, s), 0);
	for (sum = 0, i = 0; i < 5; i++)
		sum += s[i];
	assert_true(sum == PM_MONEY_MAX);
	assert_true(s[4] == 0);
	assert_true(s[3] == 0 || s[3] == 1);
	assert_int_equal(pm_money_allocate(-PM_MONEY_MAX, w, 5, s), 0);
	for (sum = 0, i = 0; i < 5; i++)
		sum += s[i];
	assert_true(sum == -PM_MONEY_MAX);
}

/*
 * Many deterministic random splits, checked against the definition:
 * exact sum, each share floor or floor+1 of its exact part, zero weight
 * gets zero, and no share that missed the extra fen has a larger
 * remainder (or an equal one at an earlier index) than one that got it.
 */
static void
test_allocate_random(void **state)
{
	int64_t w[40], s[40], total;
	i128 sum, got, fl[40], rem[40], mag;
	size_t n, i, j;
	int k, bump[40];

	(void)state;
	lcg_state = 5;
	for (k = 0; k < 20000; k++) {
		n = (size_t)(lcg() % 40) + 1;
		total = lcg_amount(k % 2 ? 100000 : PM_MONEY_MAX);
		sum = 0;
		for (i = 0; i < n; i++) {
			switch (lcg() % 4) {
			case 0: w[i] = 0; break;
			case 1: w[i] = (int64_t)(lcg() % 4) + 1; break;
			case 2: w[i] = (int64_t)(lcg() % 100000); break;
			default: w[i] = (int64_t)(lcg() >> 1); break;
			}
			sum += w[i];
		}
		if (sum == 0) {
			w[0] = 1;
			sum = 1;
		}
		assert_int_equal(pm_money_allocate(total, w, n, s), 0);
		mag = total < 0 ? -(i128)total : total;
		got = 0;
		for (i = 0; i < n; i++) {
			got += s[i];
			fl[i] = mag * w[i] / sum;
			rem[i] = mag * w[i] % sum;
			bump[i] = (total < 0 ? -(i128)s[i] : s[i]) - fl[i] == 1;
			assert_true((total < 0 ? -(i128)s[i] : s[i]) - fl[i]
			    == bump[i]);
			if (w[i] == 0)
				assert_true(s[i] == 0);
		}
		assert_true(got == total);
		for (i = 0; i < n; i++)
			for (j = 0; j < n; j++)
				if (bump[i] && !bump[j])
					assert_true(rem[i] > rem[j] ||
					    (rem[i] == rem[j] && i < j));
	}
}

static void
test_round_names(void **state)
{
	static const char *names[] = { "half-up", "half-even", "down", "up" };
	pm_round m;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		assert_int_equal(pm_round_parse(names[i], &m), 0);
		assert_int_equal(m, (pm_round)i);
		assert_string_equal(pm_round_name(m), names[i]);
	}
	assert_int_equal(PM_ROUND_HALF_UP, 0);
	assert_int_equal(pm_round_parse("HALF-UP", &m), -1);
	assert_int_equal(pm_round_parse("half", &m), -1);
	assert_int_equal(pm_round_parse("", &m), -1);
	assert_int_equal(pm_round_parse(NULL, &m), -1);
	assert_string_equal(pm_round_name((pm_round)17), "unknown");
}

/* The SQL form of muldiv agrees with it, ties included (185.925 ->
 * 185.93 half-up, 185.92 half-even). */
static void
test_muldiv_sql(void **state)
{
	static const int64_t as[] = { 0, 1, 5, 10050, 185925, 999999, INT64_C(4000000000000000000) };
	static const int64_t bs[] = { 1, 2, 3, 18500, 25 };
	static const int64_t ds[] = { 1, 2, 10, 10000, 7, 1000000 };
	char dir[] = "/tmp/pm-money.XXXXXX", path[300];
	pm_db *db = NULL;
	pm_err err;
	size_t ai, bi, di;
	int mode;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.db", dir);
	assert_int_equal(pm_db_create(path, 1000, &db, &err), 0);
	for (mode = 0; mode <= PM_ROUND_UP; mode++) {
		pm_buf sql;
		pm_stmt *st = NULL;

		pm_buf_init(&sql);
		pm_buf_adds(&sql, "SELECT ");
		assert_int_equal(pm_money_muldiv_sql(&sql, "?1", "?2", "?3", (pm_round)mode), 0);
		assert_int_equal(pm_db_prepare(db, sql.s, &st, &err), 0);
		for (ai = 0; ai < sizeof as / sizeof as[0]; ai++)
			for (bi = 0; bi < sizeof bs / sizeof bs[0]; bi++)
				for (di = 0; di < sizeof ds / sizeof ds[0]; di++) {
					int64_t want, got;

					/* the caller's bound: 2 * a * b below 2^63 */
					if (as[ai] > INT64_C(4000000000000000000) / bs[bi])
						continue;
					assert_int_equal(pm_money_muldiv(as[ai], bs[bi], ds[di],
					    (pm_round)mode, &want), 0);
					pm_stmt_reset(st);
					pm_stmt_bindf(st, "iii", as[ai], bs[bi], ds[di]);
					assert_int_equal(pm_stmt_step(st, &err), 1);
					got = pm_stmt_int(st, 0);
					if (got != want)
						fail_msg("%lld * %lld / %lld %s: SQL %lld, C %lld",
						    (long long)as[ai], (long long)bs[bi], (long long)ds[di],
						    pm_round_name((pm_round)mode), (long long)got,
						    (long long)want);
				}
		pm_stmt_free(st);
		pm_buf_free(&sql);
	}
	{
		pm_buf b;
		pm_stmt *st = NULL;

		pm_buf_init(&b);
		pm_buf_adds(&b, "SELECT ");
		assert_int_equal(pm_money_muldiv_sql(&b, "10050", "18500", "10000",
		    PM_ROUND_HALF_EVEN), 0);
		assert_int_equal(pm_db_prepare(db, b.s, &st, &err), 0);
		assert_int_equal(pm_stmt_step(st, &err), 1);
		assert_int_equal(pm_stmt_int(st, 0), 18592);
		pm_stmt_free(st);
		pm_buf_reset(&b);
		assert_int_equal(pm_money_muldiv_sql(&b, "1", "1", "1", (pm_round)9), -1);
		assert_int_equal(b.len, 0);
		pm_buf_free(&b);
	}
	pm_db_discard(db);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_accepts),
		cmocka_unit_test(test_parse_refuses),
		cmocka_unit_test(test_parse_message_safe),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_format_truncates),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_add_sub_mul),
		cmocka_unit_test(test_muldiv_table),
		cmocka_unit_test(test_muldiv_domain),
		cmocka_unit_test(test_muldiv_limits),
		cmocka_unit_test(test_muldiv_random),
		cmocka_unit_test(test_allocate_cases),
		cmocka_unit_test(test_allocate_refuses),
		cmocka_unit_test(test_allocate_extremes),
		cmocka_unit_test(test_allocate_random),
		cmocka_unit_test(test_round_names),
		cmocka_unit_test(test_muldiv_sql),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
