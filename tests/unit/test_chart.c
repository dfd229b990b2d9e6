/* test_chart.c — the SVG charts: every text escaped and made safe,
 * an empty series and one with no value set, one value, negative and
 * the largest values, missing points on a line, long Chinese labels
 * cut by display width, the caller's formatter, every coordinate
 * inside the picture, the same bytes twice; and the document's svg
 * block (html only). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "chart.h"
#include "doc.h"
#include "text.h"

/* The chart as a string the caller frees. */
static char *
draw(pm_chart_kind kind, const char *title, const pm_chart_point *pts, int n,
	pm_chart_fmt fmt)
{
	pm_chart c = { kind, title, pts, n, fmt, NULL };
	pm_buf b;

	pm_buf_init(&b);
	pm_chart_svg(&b, &c);
	return pm_buf_detach(&b);
}

static int
count(const char *s, const char *what)
{
	int n = 0;

	for (; (s = strstr(s, what)) != NULL; s += strlen(what))
		n++;
	return n;
}

/* Every attribute named by prefix ("x": x, x1, x2) is 0..max. */
static void
coords_within(const char *s, const char *prefix, long max)
{
	const char *p, *q;
	long v;

	for (p = s; (p = strstr(p, prefix)) != NULL; p++) {
		q = p + strlen(prefix);
		if (*q == '1' || *q == '2')
			q++;
		if (strncmp(q, "=\"", 2) != 0)
			continue;
		v = strtol(q + 2, NULL, 10);
		assert_true(v >= 0 && v <= max);
	}
}

/* One <svg> element: open and closed once, every text closed, no
 * script, no reference outside, and every x/y/width/height inside the
 * viewBox's width (the height checked against the viewBox too). */
static void
well_formed(const char *s)
{
	const char *p;
	long vw, vh;

	assert_true(strncmp(s, "<svg class=\"chart\" viewBox=\"0 0 ", 32) == 0);
	assert_int_equal(sscanf(s + 32, "%ld %ld", &vw, &vh), 2);
	assert_int_equal(vw, PM_CHART_WIDTH);
	assert_true(vh > 0 && vh < 20000);
	assert_int_equal(count(s, "<svg"), 1);
	assert_int_equal(count(s, "</svg>\n"), 1);
	assert_int_equal(count(s, "<text"), count(s, "</text>"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href"));
	assert_null(strstr(s, "url("));
	assert_null(strstr(s, " id="));
	coords_within(s, " x", vw);
	coords_within(s, " y", vh);
	for (p = s; (p = strstr(p, " width=\"")) != NULL; p++) {
		if (p[8] == '1' && p[9] == '0' && p[10] == '0' && p[11] == '%')
			continue;
		assert_true(strtol(p + 8, NULL, 10) <= vw);
	}
}

/* The text of every <text> element, one a line. */
static char *
texts(const char *s)
{
	pm_buf b;
	const char *p, *e;

	pm_buf_init(&b);
	for (p = s; (p = strstr(p, "<text")) != NULL; p = e) {
		p = strchr(p, '>') + 1;
		e = strstr(p, "</text>");
		pm_buf_add(&b, p, (size_t)(e - p));
		pm_buf_addc(&b, '\n');
	}
	return pm_buf_detach(&b);
}

static void
pct(pm_buf *out, int64_t v, void *arg)
{
	(void)arg;
	pm_buf_addf(out, "%lld.%02lld%%", (long long)(v / 100), (long long)(v % 100));
}

static void
test_escaped(void **state)
{
	static const pm_chart_point pts[] = {
		{ "<script>alert(1)</script>", 3, 1 },
		{ "Tom & \"Jerry\" 's", 2, 1 },
		{ "esc\x1b[31m\nnew", 1, 1 },
		{ "bad \xff byte", 1, 1 },
	};
	pm_chart_kind k;

	(void)state;
	for (k = PM_CHART_BAR; k <= PM_CHART_LINE; k++) {
		char *s = draw(k, "<b>\"T\" & 'x'</b>", pts, 4, NULL);
		well_formed(s);
		assert_null(strstr(s, "<script>"));
		assert_null(strstr(s, "<b>"));
		assert_null(strchr(s, '\x1b'));
		assert_null(strstr(s, "\xff"));
		assert_non_null(strstr(s, "aria-label=\"&lt;b&gt;&quot;T&quot; &amp; &#39;x&#39;&lt;/b&gt;\""));
		if (k == PM_CHART_BAR) {
			/* the labels have room in bars: whole, escaped */
			assert_non_null(strstr(s, ">&lt;script&gt;alert(1)&lt;/script&gt;</text>"));
			assert_non_null(strstr(s, ">Tom &amp; &quot;Jerry&quot; &#39;s</text>"));
			assert_non_null(strstr(s, ">esc\\e[31m\\nnew</text>"));
			assert_non_null(strstr(s, ">bad \xef\xbf\xbd byte</text>"));
		}
		free(s);
	}
}

static void
test_empty(void **state)
{
	static const pm_chart_point none[] = { { "a", 5, 0 }, { "b", 7, 0 } };
	pm_chart_kind k;

	(void)state;
	for (k = PM_CHART_BAR; k <= PM_CHART_LINE; k++) {
		char *s = draw(k, "空", NULL, 0, NULL);
		char *t = draw(k, "空", none, 2, NULL);
		well_formed(s);
		well_formed(t);
		assert_non_null(strstr(s, ">no data</text>"));
		assert_null(strstr(s, "<rect"));
		/* no value set is no data too: nothing drawn of the labels */
		assert_string_equal(s, t);
		free(s);
		free(t);
	}
	/* no title: no title text, still a picture */
	{
		char *s = draw(PM_CHART_BAR, NULL, NULL, 0, NULL);
		well_formed(s);
		assert_null(strstr(s, "aria-label"));
		assert_int_equal(count(s, "<text"), 1);
		free(s);
	}
}

static void
test_one_value(void **state)
{
	static const pm_chart_point one[] = { { "电梯", 7, 1 } };
	char *s;

	(void)state;
	s = draw(PM_CHART_BAR, "一", one, 1, NULL);
	well_formed(s);
	assert_int_equal(count(s, "<rect"), 1);
	assert_non_null(strstr(s, ">电梯</text>"));
	assert_non_null(strstr(s, ">7</text>"));
	free(s);
	s = draw(PM_CHART_COLS, "一", one, 1, NULL);
	well_formed(s);
	assert_int_equal(count(s, "<rect"), 1);
	assert_non_null(strstr(s, ">7</text>"));
	free(s);
	/* one point of a line: a marker, a path of one move */
	s = draw(PM_CHART_LINE, "一", one, 1, NULL);
	well_formed(s);
	assert_int_equal(count(s, "<circle"), 1);
	assert_int_equal(count(s, "<rect"), 0);
	assert_non_null(strstr(s, ">7</text>"));
	free(s);
	/* zero alone: a bar of one unit, an axis 0..1 */
	{
		static const pm_chart_point z[] = { { "z", 0, 1 } };
		s = draw(PM_CHART_BAR, NULL, z, 1, NULL);
		well_formed(s);
		assert_int_equal(count(s, "<rect"), 1);
		assert_non_null(strstr(s, ">1</text>"));
		free(s);
	}
}

/* The x of the first <rect> after from, and its width. */
static void
rect_at(const char *from, long *x, long *w)
{
	const char *r = strstr(from, "<rect x=\"");

	assert_non_null(r);
	*x = strtol(r + 9, NULL, 10);
	*w = strtol(strstr(r, "width=\"") + 7, NULL, 10);
}

static void
test_negative_and_huge(void **state)
{
	static const pm_chart_point pts[] = {
		{ "min", INT64_MIN, 1 },
		{ "max", INT64_MAX, 1 },
		{ "neg", -5, 1 },
		{ "zero", 0, 1 },
	};
	static const pm_chart_point neg[] = { { "a", -40, 1 }, { "b", 10, 1 } };
	pm_chart_kind k;
	char *s, *t;
	long xa, wa, xb, wb;

	(void)state;
	for (k = PM_CHART_BAR; k <= PM_CHART_LINE; k++) {
		s = draw(k, "big", pts, 4, NULL);
		well_formed(s);
		if (k == PM_CHART_BAR) {
			assert_non_null(strstr(s, ">-9223372036854775808</text>"));
			assert_non_null(strstr(s, ">9223372036854775807</text>"));
		}
		free(s);
	}
	/* a negative bar ends where the positive one starts: the zero line */
	s = draw(PM_CHART_BAR, NULL, neg, 2, NULL);
	well_formed(s);
	rect_at(s, &xa, &wa);
	rect_at(strstr(s, "<rect") + 1, &xb, &wb);
	assert_int_equal(xa + wa, xb);
	assert_true(wa > 3 * wb && wa < 5 * wb);
	t = texts(s);
	assert_non_null(strstr(t, "\n-40\n"));
	free(t);
	free(s);
	/* columns: the negative one hangs below the zero line */
	s = draw(PM_CHART_COLS, NULL, neg, 2, NULL);
	well_formed(s);
	assert_int_equal(count(s, "<rect"), 2);
	free(s);
}

static void
test_missing_points(void **state)
{
	pm_chart_point pts[12];
	char lab[12][24];
	char *s, *t;
	int i;

	(void)state;
	for (i = 0; i < 12; i++) {
		snprintf(lab[i], sizeof lab[i], "2026-%02d", i + 1);
		pts[i].label = lab[i];
		pts[i].value = 9000 + 50 * i;
		pts[i].set = i != 4 && i != 5 && i != 11;
	}
	s = draw(PM_CHART_LINE, "收缴率", pts, 12, pct);
	well_formed(s);
	/* two runs: 1-4 and 7-11; a marker per value */
	assert_int_equal(count(s, "<path"), 1);
	t = strstr(s, "<path d=\"");
	assert_int_equal(count(t, " M"), 1);
	assert_int_equal(count(t, " L"), 3 + 4);
	assert_int_equal(count(s, "<circle"), 9);
	t = texts(s);
	/* every month labelled, values by the formatter, none for a gap */
	for (i = 0; i < 12; i++) {
		assert_non_null(strstr(t, lab[i]));
	}
	assert_non_null(strstr(t, "\n90.00%\n"));
	assert_non_null(strstr(t, "\n95.00%\n"));
	assert_null(strstr(t, "\n92.50%\n"));
	assert_null(strstr(t, "\n95.50%\n"));
	free(t);
	free(s);
	/* a bar with no value: no bar, "-" */
	s = draw(PM_CHART_BAR, NULL, pts, 6, NULL);
	well_formed(s);
	assert_int_equal(count(s, "<rect"), 4);
	assert_non_null(strstr(s, ">-</text>"));
	free(s);
	/* a missing point first: the line starts at the first value */
	pts[0].set = 0;
	s = draw(PM_CHART_LINE, NULL, pts, 4, NULL);
	assert_non_null(strstr(s, "<path d=\"M"));
	assert_int_equal(count(strstr(s, "<path"), " M"), 0);
	free(s);
}

/* Every text line's display width is at most max. */
static void
widths_at_most(const char *t, size_t max)
{
	char line[512];
	const char *p, *e;

	for (p = t; (e = strchr(p, '\n')) != NULL; p = e + 1) {
		assert_true((size_t)(e - p) < sizeof line);
		memcpy(line, p, (size_t)(e - p));
		line[e - p] = '\0';
		assert_true(pm_text_width(line) <= max);
	}
}

static void
test_long_chinese_labels(void **state)
{
	static const char *const long_label =
	    "环境卫生/垃圾清运不及时导致异味严重影响居民生活和小区形象以及其他";
	pm_chart_point pts[24];
	char *s, *t;
	int i;

	(void)state;
	for (i = 0; i < 24; i++) {
		pts[i].label = long_label;
		pts[i].value = i * 3;
		pts[i].set = 1;
	}
	/* bars: the label column is at most 30 columns, cut with "…" at a
	 * character boundary (valid UTF-8) */
	s = draw(PM_CHART_BAR, long_label, pts, 3, NULL);
	well_formed(s);
	assert_true(pm_utf8_valid(s, strlen(s)));
	t = texts(s);
	assert_non_null(strstr(t, "环境卫生/垃圾清运不及时导致异…\n"));
	assert_null(strstr(t, "以及其他\n环"));
	free(t);
	free(s);
	/* columns: two slots of half the width hold 50 columns each */
	s = draw(PM_CHART_COLS, NULL, pts, 2, NULL);
	well_formed(s);
	t = texts(s);
	widths_at_most(t, 52);
	assert_int_equal(count(t, "…"), 2);
	free(t);
	free(s);
	/* 24 slots of 27 units would hold 3 columns: every other label
	 * is shown, in the room of two slots */
	s = draw(PM_CHART_COLS, NULL, pts, 24, NULL);
	well_formed(s);
	assert_true(pm_utf8_valid(s, strlen(s)));
	t = texts(s);
	widths_at_most(t, 8);
	assert_int_equal(count(t, "环境卫…\n"), 12);
	free(t);
	free(s);
}

static void
test_deterministic(void **state)
{
	static const pm_chart_point pts[] = { { "a", 9512, 1 }, { "b", 8800, 1 } };
	char *a = draw(PM_CHART_COLS, "x", pts, 2, pct);
	char *b = draw(PM_CHART_COLS, "x", pts, 2, pct);

	(void)state;
	assert_string_equal(a, b);
	assert_non_null(strstr(a, ">95.12%</text>"));
	assert_non_null(strstr(a, ">88.00%</text>"));
	/* the axis is the formatter's too */
	assert_non_null(strstr(a, ">0.00%</text>"));
	assert_non_null(strstr(a, "fill=\"" PM_CHART_INK "\""));
	free(a);
	free(b);
}

/* pm_doc_svg writes the svg in a figure in html, nothing elsewhere. */
static char *
doc_with_svg(pm_doc_fmt fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pm_doc *d;
	pm_err err;

	assert_non_null(fp);
	d = pm_doc_new(fp, fmt, "T", "zh-CN");
	pm_doc_heading(d, 2, "h");
	pm_doc_svg(d, "<svg class=\"chart\"></svg>\n");
	pm_doc_para(d, "after");
	assert_int_equal(pm_doc_finish(d, &err), 0);
	fclose(fp);
	return buf;
}

static void
test_doc_svg(void **state)
{
	char *h = doc_with_svg(PM_DOC_HTML);
	char *m = doc_with_svg(PM_DOC_MD);
	char *t = doc_with_svg(PM_DOC_TEXT);

	(void)state;
	assert_non_null(strstr(h, "<h3>h</h3>\n<figure class=\"chart\">\n<svg class=\"chart\"></svg>\n"
	    "</figure>\n<p>after</p>"));
	assert_non_null(strstr(h, "figure.chart { margin: 4pt 0 10pt; break-inside: avoid;"));
	assert_null(strstr(m, "svg"));
	assert_null(strstr(t, "svg"));
	assert_non_null(strstr(m, "after"));
	free(h);
	free(m);
	free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_one_value),
		cmocka_unit_test(test_negative_and_huge),
		cmocka_unit_test(test_missing_points),
		cmocka_unit_test(test_long_chinese_labels),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_doc_svg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
