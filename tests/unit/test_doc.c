/* test_doc.c — the document writer: the format names, a title, headings,
 * paragraphs and a table in text (aligned by display width, CJK two
 * columns, marked rows), Markdown (escaped markup, pipe tables, bold
 * marks) and HTML (one self-contained page, every text escaped, A4); a
 * failed write is reported. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "doc.h"

/* The document fn writes in fmt, as a string the caller frees. */
static char *
render(pm_doc_fmt fmt, void (*fn)(pm_doc *d))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pm_doc *d;
	pm_err err;

	assert_non_null(fp);
	d = pm_doc_new(fp, fmt, "月报 <2026-11>", "zh-CN");
	fn(d);
	assert_int_equal(pm_doc_finish(d, &err), 0);
	fclose(fp);
	return buf;
}

static void
body(pm_doc *d)
{
	static const char *const head[] = { "编号", "措施", "n" };
	static const char *const r1[] = { "A1", "电梯演练", "12" };
	static const char *const r2[] = { "A22", "a|b <i>*x*</i>", "3" };
	static const char *const r3[] = { "A3", NULL, "100" };

	pm_doc_heading(d, 1, "一、会议");
	pm_doc_para(d, "Tom & Jerry's \"plan\"\n#1");
	pm_doc_table(d, head, 3, 0x4);
	pm_doc_row(d, r1, 0);
	pm_doc_row(d, r2, 1);
	pm_doc_row(d, r3, 0);
	pm_doc_table_end(d);
	pm_doc_heading(d, 2, "细节");
}

static void
test_fmt_parse(void **state)
{
	pm_doc_fmt f;

	(void)state;
	assert_int_equal(pm_doc_fmt_parse("text", &f), 0);
	assert_int_equal(f, PM_DOC_TEXT);
	assert_int_equal(pm_doc_fmt_parse("md", &f), 0);
	assert_int_equal(f, PM_DOC_MD);
	assert_int_equal(pm_doc_fmt_parse("html", &f), 0);
	assert_int_equal(f, PM_DOC_HTML);
	assert_int_equal(pm_doc_fmt_parse("json", &f), -1);
	assert_int_equal(pm_doc_fmt_parse("", &f), -1);
	assert_int_equal(pm_doc_fmt_parse(NULL, &f), -1);
}

static void
test_text(void **state)
{
	char *s = render(PM_DOC_TEXT, body);

	(void)state;
	/* the title underlined by its display width: 月报 is four columns */
	assert_non_null(strstr(s, "月报 <2026-11>\n==============\n"));
	assert_non_null(strstr(s, "\n一、会议\n--------\n"));
	/* columns padded by display width, numbers right-aligned, the
	 * marked row with "!" */
	assert_non_null(strstr(s, "\n  编号  措施              n\n"));
	assert_non_null(strstr(s, "\n  A1    电梯演练         12\n"));
	assert_non_null(strstr(s, "\n! A22   a|b <i>*x*</i>    3\n"));
	assert_non_null(strstr(s, "\n  A3                    100\n"));
	assert_non_null(strstr(s, "\n细节\n~~~~\n"));
	free(s);
}

static void
test_md(void **state)
{
	char *s = render(PM_DOC_MD, body);

	(void)state;
	assert_non_null(strstr(s, "# 月报 \\<2026-11\\>\n"));
	assert_non_null(strstr(s, "\n## 一、会议\n"));
	/* a newline is a line break; # opening a line is escaped, not inside */
	assert_non_null(strstr(s, "Tom & Jerry's \"plan\"  \n\\#1\n"));
	assert_non_null(strstr(s, "| 编号 | 措施 | n |\n| --- | --- | ---: |\n"));
	assert_non_null(strstr(s, "| **A22** | a\\|b \\<i\\>\\*x\\*\\</i\\> | 3 |\n"));
	assert_non_null(strstr(s, "| A3 |  | 100 |\n"));
	assert_non_null(strstr(s, "\n### 细节\n"));
	free(s);
}

static void
test_html(void **state)
{
	char *s = render(PM_DOC_HTML, body);

	(void)state;
	assert_true(strncmp(s, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n", 36) == 0);
	assert_non_null(strstr(s, "<meta charset=\"utf-8\">"));
	assert_non_null(strstr(s, "@page { size: A4;"));
	assert_non_null(strstr(s, "<title>月报 &lt;2026-11&gt;</title>"));
	assert_non_null(strstr(s, "<h1>月报 &lt;2026-11&gt;</h1>"));
	assert_non_null(strstr(s, "<p>Tom &amp; Jerry&#39;s &quot;plan&quot;\n#1</p>"));
	assert_non_null(strstr(s, "<thead><tr><th>编号</th><th>措施</th><th>n</th></tr></thead>"));
	assert_non_null(strstr(s, "<tr class=\"miss\"><td>A22</td><td>a|b &lt;i&gt;*x*&lt;/i&gt;</td>"
	    "<td class=\"n\">3</td></tr>"));
	assert_non_null(strstr(s, "<h3>细节</h3>"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "http"));
	assert_non_null(strstr(s, "</body>\n</html>\n"));
	free(s);
}

static void
open_table(pm_doc *d)
{
	static const char *const head[] = { "a" };
	static const char *const r[] = { "1" };

	pm_doc_table(d, head, 1, 0);
	pm_doc_row(d, r, 0);
	/* not ended: finish ends it */
}

static void
test_finish_ends_a_table(void **state)
{
	char *s = render(PM_DOC_HTML, open_table);

	(void)state;
	assert_non_null(strstr(s, "<tr><td>1</td></tr>\n</tbody>\n</table>\n</body>"));
	free(s);
}

static void
test_write_error(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	pm_doc *d;
	pm_err err;

	(void)state;
	if (fp == NULL)
		skip();
	setvbuf(fp, NULL, _IONBF, 0);
	d = pm_doc_new(fp, PM_DOC_TEXT, "x", NULL);
	pm_doc_para(d, "y");
	assert_int_equal(pm_doc_finish(d, &err), PM_EX_IOERR);
	assert_non_null(strstr(err.msg, "cannot write the document"));
	fclose(fp);
	assert_int_equal(pm_doc_finish(NULL, &err), 0);
}

static void
long_runs(pm_doc *d)
{
	static const char *const head[] = { "a", "b" };
	static const char *const r1[] = { "https://example.invalid/aaaaaaaaaaaaaaaaaaaa", "G1#1" };
	static const char *const r2[] = { "word word word word word word word", "2026-11-05" };
	static const char *const r3[] = { "电梯困人电梯困人电梯困人电梯困人电梯困人电梯困人电梯困人", "x" };

	pm_doc_table(d, head, 2, 0);
	pm_doc_row(d, r1, 0);
	pm_doc_row(d, r2, 0);
	pm_doc_row(d, r3, 0);
	pm_doc_table_end(d);
}

/* A cell with a run too long for a column may break it anywhere; words
 * of ordinary length and CJK text (which breaks anyway) stay as they are. */
static void
test_html_long_runs(void **state)
{
	char *s = render(PM_DOC_HTML, long_runs);

	(void)state;
	assert_non_null(strstr(s, "<td class=\"b\">https://example.invalid/"));
	assert_non_null(strstr(s, "<td>G1#1</td>"));
	assert_non_null(strstr(s, "<td>word word"));
	assert_non_null(strstr(s, "<td>电梯困人"));
	assert_non_null(strstr(s, "td.b { overflow-wrap: anywhere; }"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_parse),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_md),
		cmocka_unit_test(test_html),
		cmocka_unit_test(test_html_long_runs),
		cmocka_unit_test(test_finish_ends_a_table),
		cmocka_unit_test(test_write_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
