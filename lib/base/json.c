/* json.c — the one JSON writer; see json.h. */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "pmtime.h"
#include "text.h"

void
pm_json_str(pm_buf *b, const char *s)
{
	size_t n, i = 0;
	int32_t cp;
	int k;

	if (s == NULL) {
		pm_buf_adds(b, "null");
		return;
	}
	n = strlen(s);
	pm_buf_addc(b, '"');
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t run = i;
		/* plain printable ASCII goes in as one run */
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7f &&
		    s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			pm_buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		if (c < 0x80) {
			switch (c) {
			case '"': pm_buf_adds(b, "\\\""); break;
			case '\\': pm_buf_adds(b, "\\\\"); break;
			case '\n': pm_buf_adds(b, "\\n"); break;
			case '\r': pm_buf_adds(b, "\\r"); break;
			case '\t': pm_buf_adds(b, "\\t"); break;
			case '\b': pm_buf_adds(b, "\\b"); break;
			case '\f': pm_buf_adds(b, "\\f"); break;
			default:
				if (c < 0x20 || c == 0x7f)
					pm_buf_addf(b, "\\u%04x", c);
				else
					pm_buf_addc(b, (char)c);
			}
			i++;
			continue;
		}
		k = pm_utf8_decode(s + i, n - i, &cp);
		if (cp < 0)
			pm_buf_adds(b, "\xef\xbf\xbd");
		else if (cp == 0x2028 || cp == 0x2029 || (cp >= 0x80 && cp < 0xa0))
			pm_buf_addf(b, "\\u%04x", (unsigned)cp);
		else
			pm_buf_add(b, s + i, (size_t)k);
		i += (size_t)k;
	}
	pm_buf_addc(b, '"');
}

void
pm_json_init(pm_json *j, pm_buf *b)
{
	memset(j, 0, sizeof *j);
	j->b = b;
}

/* The separator and key before a value at the current depth. */
static void
member(pm_json *j, const char *k)
{
	if (j->more[j->depth])
		pm_buf_addc(j->b, ',');
	j->more[j->depth] = 1;
	if (k != NULL) {
		pm_json_str(j->b, k);
		pm_buf_addc(j->b, ':');
	}
}

static void
open_(pm_json *j, const char *k, char c)
{
	member(j, k);
	pm_buf_addc(j->b, c);
	if (j->depth < PM_JSON_DEPTH)
		j->depth++;
	j->more[j->depth] = 0;
	j->close[j->depth] = c == '{' ? '}' : ']';
}

void
pm_json_obj(pm_json *j, const char *k)
{
	open_(j, k, '{');
}

void
pm_json_arr(pm_json *j, const char *k)
{
	open_(j, k, '[');
}

void
pm_json_end(pm_json *j)
{
	if (j->depth == 0)
		return;
	pm_buf_addc(j->b, j->close[j->depth]);
	j->depth--;
}

void
pm_json_s(pm_json *j, const char *k, const char *v)
{
	member(j, k);
	pm_json_str(j->b, v);
}

void
pm_json_i(pm_json *j, const char *k, int64_t v)
{
	member(j, k);
	pm_buf_addf(j->b, "%lld", (long long)v);
}

void
pm_json_b(pm_json *j, const char *k, int v)
{
	member(j, k);
	pm_buf_adds(j->b, v ? "true" : "false");
}

void
pm_json_null(pm_json *j, const char *k)
{
	member(j, k);
	pm_buf_adds(j->b, "null");
}

void
pm_json_t(pm_json *j, const char *k, pm_time t)
{
	char iso[40];

	pm_time_format(t, PM_TF_ISO, iso, sizeof iso);
	pm_json_s(j, k, iso);
}

void
pm_json_raw(pm_json *j, const char *k, const char *v)
{
	member(j, k);
	pm_buf_adds(j->b, v != NULL ? v : "null");
}

void
pm_json_list(pm_json *j, const char *k, const char *list)
{
	const char *p = list, *comma;
	pm_buf item;

	pm_json_arr(j, k);
	pm_buf_init(&item);
	while (p != NULL && *p != '\0') {
		comma = strchr(p, ',');
		pm_buf_reset(&item);
		pm_buf_add(&item, p, comma ? (size_t)(comma - p) : strlen(p));
		pm_json_s(j, NULL, item.s);
		p = comma ? comma + 1 : NULL;
	}
	pm_buf_free(&item);
	pm_json_end(j);
}
