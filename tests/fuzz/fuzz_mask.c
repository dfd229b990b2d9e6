/*
 * fuzz_mask.c — libFuzzer target for personal-data normalisation and
 * masking.
 *
 * An accepted phone, ID number or plate normalises to itself again; a
 * refused one is a data error with a one-line, terminal-safe message
 * (and, for ID numbers, never a long run of the number's digits).
 * Every mask gives valid UTF-8 with one character per input character
 * and reveals no more than its rule allows.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pii.h"
#include "text.h"

static size_t
chars(const char *s, size_t n)
{
	size_t i = 0, k = 0;
	int32_t cp;

	while (i < n) {
		i += (size_t)pm_utf8_decode(s + i, n - i, &cp);
		k++;
	}
	return k;
}

static size_t
stars(const char *s)
{
	size_t k = 0;

	for (; *s != '\0'; s++)
		k += *s == '*';
	return k;
}

static void
check_refusal(const pm_err *e, int rc)
{
	if (rc != PM_EX_DATAERR || e->msg[0] == '\0' || strchr(e->msg, '\033') ||
	    strchr(e->msg, '\n') || !pm_utf8_valid(e->msg, strlen(e->msg)))
		abort();
}

/* Normalise; when accepted, the result must be a fixed point. */
static int
normalize(int (*f)(const char *, char *, size_t, pm_err *), const char *s, char *out)
{
	char again[32];
	pm_err e;
	int rc;

	pm_err_clear(&e);
	rc = f(s, out, 32, &e);
	if (rc != 0) {
		check_refusal(&e, rc);
		return rc;
	}
	if (!pm_utf8_valid(out, strlen(out)) || f(out, again, sizeof again, &e) != 0 ||
	    strcmp(out, again) != 0)
		abort();
	return 0;
}

/* The same string with the middle starred, built here the long way. */
static void
expect_keep(const char *got, const char *c, size_t front_bytes, size_t back_bytes)
{
	size_t n = strlen(c), mid, k;
	pm_buf b;

	pm_buf_init(&b);
	pm_buf_add(&b, c, front_bytes);
	mid = chars(c + front_bytes, n - front_bytes - back_bytes);
	for (k = 0; k < mid; k++)
		pm_buf_addc(&b, '*');
	pm_buf_add(&b, c + n - back_bytes, back_bytes);
	if (strcmp(got, b.s) != 0)
		abort();
	pm_buf_free(&b);
}

/*
 * Text not in the expected form: first and last at most, less than half;
 * surrounding spaces may be dropped, nothing else.
 */
static void
expect_other(const char *got, const char *s, size_t allowed_if_18)
{
	size_t m = chars(got, strlen(got)), allowed;

	allowed = m >= 5 ? 2 : m >= 3 ? 1 : 0;
	if (m == 18 && allowed_if_18 > 0)
		allowed = allowed_if_18;
	if (!pm_utf8_valid(got, strlen(got)) || m > chars(s, strlen(s)) ||
	    stars(got) + allowed < m)
		abort();
}

static void
phone(const char *s, pm_buf *b)
{
	char c[32];
	size_t n;

	pm_buf_reset(b);
	pm_pii_phone(b, s);
	if (normalize(pm_phone_normalize, s, c) == 0) {
		n = strlen(c);
		if (strspn(c, "0123456789") != n)
			abort();
		if (c[0] == '1') {
			if (n != 11 || stars(b->s) != 4)
				abort();
			expect_keep(b->s, c, 3, 4);
		} else {
			if (n < 10 || n > 12 || c[0] != '0')
				abort();
			expect_keep(b->s, c, 3, 2);
		}
	} else {
		expect_other(b->s, s, 0);
	}
}

static void
idnum(const char *s, pm_buf *b)
{
	pm_err e;
	char c[32];
	const char *m;
	int run = 0;

	pm_buf_reset(b);
	pm_pii_idnum(b, s);
	if (normalize(pm_idnum_normalize, s, c) == 0) {
		if (strlen(c) != 18 || strspn(c, "0123456789") < 17)
			abort();
		expect_keep(b->s, c, 1, 4);
		if (stars(b->s) != 13)
			abort();
		return;
	}
	expect_other(b->s, s, 5);
	/* the message may show the last four and a birth date, no more */
	pm_idnum_normalize(s, c, sizeof c, &e);
	for (m = e.msg; *m != '\0'; m++) {
		run = *m >= '0' && *m <= '9' ? run + 1 : 0;
		if (run > 8)
			abort();
	}
}

static void
plate(const char *s, pm_buf *b)
{
	char c[32];

	pm_buf_reset(b);
	pm_pii_plate(b, s);
	if (normalize(pm_plate_normalize, s, c) == 0) {
		size_t n = strlen(c), back;

		/* province (3 bytes) and letter; the last two, one of which
		 * may be a three-byte 挂 学 警 港 澳 */
		back = (unsigned char)c[n - 1] >= 0x80 ? 4 : 2;
		if (chars(c, n) != 7 && chars(c, n) != 8)
			abort();
		expect_keep(b->s, c, 4, back);
	} else {
		expect_other(b->s, s, 0);
	}
}

static void
name(const char *s, pm_buf *b)
{
	size_t n;

	pm_buf_reset(b);
	pm_pii_name(b, s);
	n = chars(b->s, b->len);
	if (!pm_utf8_valid(b->s, b->len) || n > chars(s, strlen(s)) ||
	    (n > 0 && stars(b->s) + 1 < n) || (n == 1 && strcmp(b->s, "*") != 0))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	pm_buf b;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	pm_buf_init(&b);
	phone(s, &b);
	idnum(s, &b);
	plate(s, &b);
	name(s, &b);
	if (!pm_utf8_valid(b.s, b.len))
		abort();
	pm_buf_free(&b);
	free(s);
	return 0;
}
