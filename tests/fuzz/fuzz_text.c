/*
 * fuzz_text.c — libFuzzer target for the UTF-8 and terminal-safety code.
 *
 * Whatever bytes an owner types, the safe form must be valid UTF-8 with
 * no control bytes, a fitted cell must never be wider than asked, and a
 * JSON string must stay one valid string.  Checks call abort() rather
 * than assert() so they hold in NDEBUG builds too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "text.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_safe(const pm_buf *b)
{
	size_t i;

	CHECK(pm_utf8_valid(b->s, b->len));
	CHECK(strlen(b->s) == b->len);
	for (i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		CHECK(c >= 0x20 && c != 0x7f);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 0, 1, 2, 3, 5, 8, 13, 40 };
	pm_buf b, again;
	char *s;
	size_t i, n, w, sw;
	int pad;
	pm_err err;

	/* The whole input, NULs included, for the length-taking checks. */
	s = malloc(size + 1);
	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	CHECK((pm_text_check(s, size, 0, "text", &err) == 0) ==
	    (pm_utf8_valid(s, size) && memchr(s, '\0', size) == NULL));

	/* The string functions see the input up to its first NUL. */
	n = strlen(s);
	if (pm_utf8_valid(s, n))
		CHECK(pm_utf8_chars(s) <= n);

	pm_buf_init(&b);
	pm_buf_init(&again);
	pm_text_safe(&b, s);
	check_safe(&b);
	sw = pm_text_width(s);
	CHECK(pm_text_width(b.s) == sw);
	/* Safe text is a fixed point: printing it again changes nothing. */
	pm_text_safe(&again, b.s);
	CHECK(again.len == b.len && memcmp(again.s, b.s, b.len) == 0);

	for (i = 0; i < sizeof widths / sizeof widths[0]; i++) {
		for (pad = -1; pad <= 1; pad++) {
			pm_buf_reset(&b);
			w = pm_text_fit(&b, s, widths[i], pad);
			check_safe(&b);
			CHECK(w <= widths[i]);
			CHECK(pm_text_width(b.s) == w);
			if (pad != 0)
				CHECK(w == widths[i]);
			if (sw <= widths[i] && pad == 0)
				CHECK(w == sw);
		}
	}

	pm_buf_reset(&b);
	pm_json_str(&b, s);
	CHECK(b.len >= 2 && b.s[0] == '"' && b.s[b.len - 1] == '"');
	CHECK(pm_utf8_valid(b.s, b.len));
	for (i = 0; i < b.len; i++)
		CHECK((unsigned char)b.s[i] >= 0x20 && (unsigned char)b.s[i] != 0x7f);

	pm_buf_free(&b);
	pm_buf_free(&again);
	free(s);
	return 0;
}
