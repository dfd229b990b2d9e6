/*
 * fuzz_ics.c — libFuzzer target for the ics writer (out.c): folding
 * and TEXT escaping.
 *
 * The input, split at NUL bytes, gives the text cells of one event (the
 * summary, location, body and a label line).  Whatever they hold, the
 * calendar must be valid UTF-8, every line must end in CRLF with no
 * other CR or LF, be at most 75 octets, and a continuation line must not
 * start inside a UTF-8 character; unfolded, no property value holds a
 * control character other than tab.  Checks call abort() so they hold
 * in NDEBUG builds too.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "pmtime.h"
#include "text.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const pm_col cols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY | PM_COL_SUMMARY },
	{ "at", PM_C_TIME, 0, 0, PM_COL_START },
	{ "where", PM_C_TEXT, 0, 0, PM_COL_LOCATION },
	{ "text", PM_C_TEXT, 12, 0, PM_COL_SUMMARY | PM_COL_DESC },
	{ "note", PM_C_TEXT, 0, 0, 0 },
};

static void
check(const char *s, size_t n)
{
	size_t i = 0, len, k;

	CHECK(pm_utf8_valid(s, n));
	while (i < n) {
		const char *eol = memchr(s + i, '\r', n - i);
		CHECK(eol != NULL && (size_t)(eol - s) + 1 < n && eol[1] == '\n');
		len = (size_t)(eol - (s + i));
		CHECK(len <= 75);
		CHECK(memchr(s + i, '\n', len) == NULL);
		if (len > 0 && s[i] == ' ')
			CHECK(len > 1 && ((unsigned char)s[i + 1] & 0xc0) != 0x80);
		for (k = i; k < i + len; k++) {
			unsigned char c = (unsigned char)s[k];
			CHECK(c >= 0x20 || c == '\t');
			CHECK(c != 0x7f);
		}
		i += len + 2;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *p, *end, *buf = NULL;
	size_t len = 0;
	FILE *fp;
	pm_out *o;
	pm_err err;
	int col = 0;
	static const int textcol[] = { 0, 2, 3, 4 };

	if (size > 4096)
		return 0;
	pm_time_set_zone("Asia/Shanghai", NULL);
	in = malloc(size + 1);
	CHECK(in != NULL);
	memcpy(in, data, size);
	in[size] = '\0';
	fp = open_memstream(&buf, &len);
	CHECK(fp != NULL);
	o = pm_out_new(fp, PM_FMT_ICS, cols, 5, 0);
	CHECK(o != NULL);
	pm_out_clock(o, INT64_C(1764482700));
	pm_out_int(o, 1, INT64_C(1764482700));
	for (p = in, end = in + size; col < 4; col++) {
		pm_out_text(o, textcol[col], p);
		p += strlen(p);
		if (p >= end)
			break;
		p++;
	}
	pm_out_text(o, 0, "C1");
	pm_out_row(o);
	pm_err_clear(&err);
	CHECK(pm_out_finish(o, &err) == 0);
	pm_out_free(o);
	CHECK(fclose(fp) == 0);
	check(buf, len);
	free(buf);
	free(in);
	return 0;
}
