/* test_import.c — CSV and JSON Lines records: RFC 4180 quoting, header
 * mapping, encodings, strict JSON, every refusal with its line, and a
 * 100,000-row file read as a stream.  Fixtures are written into a
 * mkdtemp directory that is also the working directory, so messages
 * read exactly as a user would see them ("units.csv:17: ..."). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "registry.h"
#include "import.h"
#include "fixture.h"

static char dir[] = "/tmp/pm-import-test.XXXXXX";
static char olddir[4096];

/* The unit columns an import verb would pass. */
static const pm_icol ucols[] = {
	{ "unit", 1 },
	{ "area", 1 },
	{ "unit_price", 0 },
	{ "note", 0 },
};
#define NU ((int)(sizeof ucols / sizeof ucols[0]))
enum { UNIT, AREA, PRICE, NOTE };

static void
put_n(const char *name, const char *data, size_t len)
{
	FILE *fp = fopen(name, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

#define PUT(name, lit) put_n(name, lit, sizeof(lit) - 1)

static pm_import *
opened(const char *name, pm_ifmt fmt)
{
	pm_import *imp = NULL;
	pm_err err;

	pm_err_clear(&err);
	if (pm_import_open(name, fmt, ucols, NU, &imp, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	assert_non_null(imp);
	return imp;
}

static void
next_ok(pm_import *imp)
{
	pm_err err;
	int rc;

	pm_err_clear(&err);
	rc = pm_import_next(imp, &err);
	if (rc != 1)
		fail_msg("expected a record, got %d: %s", rc, err.msg);
}

static void
at_end(pm_import *imp)
{
	pm_err err;
	int rc;

	pm_err_clear(&err);
	rc = pm_import_next(imp, &err);
	if (rc != 0)
		fail_msg("expected the end, got %d: %s", rc, err.msg);
}

/* Open and read everything; the first error must be exactly want. */
static void
refused_fmt(const char *name, pm_ifmt fmt, int status, const char *want)
{
	pm_import *imp = NULL;
	pm_err err;
	int rc;

	pm_err_clear(&err);
	rc = pm_import_open(name, fmt, ucols, NU, &imp, &err);
	if (rc == 0) {
		assert_non_null(imp);
		while ((rc = pm_import_next(imp, &err)) == 1)
			;
		pm_import_close(imp);
	} else {
		assert_null(imp);
	}
	if (rc != status || strcmp(err.msg, want) != 0)
		fail_msg("want %d \"%s\"\n got %d \"%s\"", status, want, rc, err.msg);
	assert_int_equal(err.status, status);
}

static void
refused_n(const char *name, const char *data, size_t len, const char *want)
{
	put_n(name, data, len);
	refused_fmt(name, PM_IFMT_AUTO, PM_EX_DATAERR, want);
}

#define REFUSED(name, lit, want) refused_n(name, lit, sizeof(lit) - 1, want)

#define GET(imp, i) pm_import_get(imp, i)

/* ---- CSV ------------------------------------------------------------ */

static void
test_csv_basic(void **state)
{
	pm_import *imp;

	(void)state;
	PUT("u.csv", "unit,area,unit_price\n3-2-1502,89.50,2.80\n3-2-1503,,\n");
	imp = opened("u.csv", PM_IFMT_AUTO);
	assert_string_equal(pm_import_file(imp), "u.csv");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 2);
	assert_string_equal(GET(imp, UNIT), "3-2-1502");
	assert_string_equal(GET(imp, AREA), "89.50");
	assert_string_equal(GET(imp, PRICE), "2.80");
	/* absent column: NULL; empty field: "" */
	assert_null(GET(imp, NOTE));
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 3);
	assert_string_equal(GET(imp, AREA), "");
	assert_string_equal(GET(imp, PRICE), "");
	assert_null(GET(imp, NOTE));
	assert_null(GET(imp, -1));
	assert_null(GET(imp, NU));
	at_end(imp);
	/* the end is sticky and leaves no current record */
	at_end(imp);
	assert_null(GET(imp, UNIT));
	pm_import_close(imp);
	pm_import_close(NULL);
}

/* The ' that csv output puts before a formula-looking cell is taken
 * off; any other ' is data. */
static void
test_csv_formula_undone(void **state)
{
	pm_import *imp;

	(void)state;
	PUT("f.csv", "unit,area,unit_price,note\n'=1+1,'+86,\"'-a,b\",'@x\n"
	    "''=x,'a,',x'=y\n\"'\t1\",\"'\r\",'',\n");
	imp = opened("f.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "=1+1");
	assert_string_equal(GET(imp, AREA), "+86");
	assert_string_equal(GET(imp, PRICE), "-a,b");
	assert_string_equal(GET(imp, NOTE), "@x");
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "'=x");
	assert_string_equal(GET(imp, AREA), "'a");
	assert_string_equal(GET(imp, PRICE), "'");
	assert_string_equal(GET(imp, NOTE), "x'=y");
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "\t1");
	assert_string_equal(GET(imp, AREA), "\r");
	assert_string_equal(GET(imp, PRICE), "''");
	at_end(imp);
	pm_import_close(imp);
}

static void
test_csv_header_order_trim(void **state)
{
	pm_import *imp;

	(void)state;
	/* any order, spaces around names trimmed, quoted names too */
	PUT("h.csv", " note ,\" area\",  unit\n\"x, y\",12,1-1-101\n");
	imp = opened("h.csv", PM_IFMT_CSV);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "1-1-101");
	assert_string_equal(GET(imp, AREA), "12");
	assert_string_equal(GET(imp, NOTE), "x, y");
	assert_null(GET(imp, PRICE));
	at_end(imp);
	pm_import_close(imp);
	/* data fields keep their spaces: the caller decides */
	PUT("s.csv", "unit,area\n 1-1-101 , 12\n");
	imp = opened("s.csv", PM_IFMT_CSV);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), " 1-1-101 ");
	assert_string_equal(GET(imp, AREA), " 12");
	pm_import_close(imp);
}

static void
test_header_errors(void **state)
{
	char longname[100], data[200], want[200];

	(void)state;
	/* BAD-INPUT 18: misspelled, missing, extra, repeated */
	REFUSED("units.csv", "unit,area,unit_prise\n1,2,3\n",
	    "units.csv:1: unknown column 'unit_prise'; did you mean 'unit_price'?");
	REFUSED("units.csv", "unit,Area\n1,2\n",
	    "units.csv:1: unknown column 'Area'; did you mean 'area'?");
	REFUSED("units.csv", "unit,area,owner_phone\n1,2,3\n",
	    "units.csv:1: unknown column 'owner_phone'");
	REFUSED("units.csv", "unit,note\n1,2\n", "units.csv:1: missing column 'area'");
	REFUSED("units.csv", "unit,area,unit\n1,2,3\n", "units.csv:1: column 'unit' twice");
	REFUSED("units.csv", "unit,area,\n1,2,\n", "units.csv:1: empty column name (field 3)");
	/* a missing column is reported even when the file has no rows */
	REFUSED("units.csv", "unit\n", "units.csv:1: missing column 'area'");
	/* names from the file are shown harmlessly and cut short */
	REFUSED("units.csv", "unit,area,\x1b[31mred\n",
	    "units.csv:1: unknown column '\\e[31mred'");
	REFUSED("units.csv", "unit,area,\"a\nb\"\n",
	    "units.csv:1: unknown column 'a\\nb'");
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	snprintf(data, sizeof data, "unit,area,%s\n", longname);
	snprintf(want, sizeof want, "units.csv:1: unknown column '%.59s\xe2\x80\xa6'", longname);
	refused_n("units.csv", data, strlen(data), want);
	/* empty file, or only blank lines and a BOM: there is no header */
	REFUSED("e.csv", "", "e.csv:1: empty file; expected a header line");
	REFUSED("e.csv", "\xef\xbb\xbf\n\n  \r\n", "e.csv:1: empty file; expected a header line");
}

static void
test_field_count(void **state)
{
	static const pm_icol six[] = {
		{ "a", 1 }, { "b", 1 }, { "c", 1 }, { "d", 1 }, { "e", 1 }, { "f", 1 },
	};
	pm_import *imp = NULL;
	pm_err err;
	FILE *fp;
	int i, rc;

	(void)state;
	fp = fopen("units.csv", "w");
	assert_non_null(fp);
	fputs("a,b,c,d,e,f\n", fp);
	for (i = 2; i < 17; i++)
		fputs("1,2,3,4,5,6\n", fp);
	fputs("1,2,3,4,5\n", fp);
	fclose(fp);
	assert_int_equal(pm_import_open("units.csv", PM_IFMT_AUTO, six, 6, &imp, &err), 0);
	while ((rc = pm_import_next(imp, &err)) == 1)
		;
	assert_int_equal(rc, PM_EX_DATAERR);
	assert_string_equal(err.msg, "units.csv:17: 5 fields, the header has 6");
	/* the error is sticky */
	pm_err_clear(&err);
	assert_int_equal(pm_import_next(imp, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "units.csv:17: 5 fields, the header has 6");
	assert_null(pm_import_get(imp, 0));
	pm_import_close(imp);
	REFUSED("u.csv", "unit,area\n1\n", "u.csv:2: 1 field, the header has 2");
	REFUSED("u.csv", "unit,area\n1,2\n\n1,2,3\n", "u.csv:4: 3 fields, the header has 2");
}

static void
test_crlf(void **state)
{
	pm_import *imp;

	(void)state;
	/* BAD-INPUT 17: CRLF, and no newline after the last line */
	PUT("c.csv", "unit,area\r\n1-1-101,12\r\n\r\n\"1-1-102\",\"13\"\r\n1-1-103,14");
	imp = opened("c.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, AREA), "12");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 4);
	assert_string_equal(GET(imp, UNIT), "1-1-102");
	assert_string_equal(GET(imp, AREA), "13");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 5);
	assert_string_equal(GET(imp, AREA), "14");
	at_end(imp);
	pm_import_close(imp);
	/* a last line ending in a bare CR and a trailing comma: an empty field */
	PUT("c2.csv", "unit,area\n1-1-101,\r");
	imp = opened("c2.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, AREA), "");
	at_end(imp);
	pm_import_close(imp);
}

static void
test_quotes(void **state)
{
	pm_import *imp;

	(void)state;
	/* BAD-INPUT 17: commas, newlines and "" inside quotes, Chinese text */
	PUT("q.csv",
	    "unit,area,note\n"
	    "\"3-2-1502\",89.5,\"幸福小区，3号楼, \"\"东\"\"门\"\n"
	    "3-2-1503,90,\"第一行\n第二行\r\n第三行\"\n"
	    "3-2-1504,91,\"CR\ralone\"\n"
	    "3-2-1505,92,\"\"\n"
	    "3-2-1506,93,\"\n\n\"\n"
	    "3-2-1507,94,\"\"\"\"\n");
	imp = opened("q.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 2);
	assert_string_equal(GET(imp, NOTE), "幸福小区，3号楼, \"东\"门");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 3);
	/* inside quotes line breaks are data, as written */
	assert_string_equal(GET(imp, NOTE), "第一行\n第二行\r\n第三行");
	next_ok(imp);
	/* the record starts on the physical line after the three above */
	assert_int_equal(pm_import_line(imp), 6);
	assert_string_equal(GET(imp, NOTE), "CR\ralone");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 7);
	assert_string_equal(GET(imp, NOTE), "");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 8);
	assert_string_equal(GET(imp, NOTE), "\n\n");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 11);
	assert_string_equal(GET(imp, NOTE), "\"");
	at_end(imp);
	pm_import_close(imp);
}

static void
test_quote_errors(void **state)
{
	(void)state;
	REFUSED("q.csv", "unit,area\n\"a\"b,1\n", "q.csv:2: text after the closing quote of field 1");
	REFUSED("q.csv", "unit,area\n1,\"2\" \n", "q.csv:2: text after the closing quote of field 2");
	REFUSED("q.csv", "unit,area\n1,2\"\n",
	    "q.csv:2: quote inside an unquoted field (field 2); "
	    "quote the whole field and double the quote");
	REFUSED("q.csv", "unit,area\n1,2\n3,\"4\n5\n6\n",
	    "q.csv:3: unterminated quoted field");
	REFUSED("q.csv", "unit,area\n1,\"x\ny\n\"z\",2\n",
	    "q.csv:4: text after the closing quote of field 2");
	REFUSED("q.csv", "unit,area\n1,\"", "q.csv:2: unterminated quoted field");
	REFUSED("q.csv", "unit,area\r1,2\r", "q.csv:1: carriage return outside quotes (field 2)");
}

static void
test_blank_and_empty_rows(void **state)
{
	pm_import *imp;

	(void)state;
	/* blank lines and the ",,," rows spreadsheets leave are skipped;
	 * they count as lines all the same */
	PUT("b.csv", "\n\nunit,area\n\n  \t\n1,2\n,\n\"\",\"\"\n,,,,\n3,4\n\n");
	imp = opened("b.csv", PM_IFMT_AUTO);
	assert_int_equal(pm_import_line(imp), 3);
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 6);
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 10);
	assert_string_equal(GET(imp, UNIT), "3");
	at_end(imp);
	pm_import_close(imp);
}

static void
test_bom(void **state)
{
	pm_import *imp;

	(void)state;
	PUT("bom.csv", "\xef\xbb\xbfunit,area\n1,2\n");
	imp = opened("bom.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "1");
	pm_import_close(imp);
	PUT("bomq.csv", "\xef\xbb\xbf\"unit\",\"area\"\r\n\"1\",\"2\"\r\n");
	imp = opened("bomq.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, AREA), "2");
	pm_import_close(imp);
	/* only at the very start */
	REFUSED("bom.csv", "unit,area\n\xef\xbb\xbfunit,area\n",
	    "bom.csv:2: byte order mark in the middle of the file (files joined together?)");
	REFUSED("bom.csv", " \xef\xbb\xbfunit,area\n", "bom.csv:1: unknown column '\\uFEFFunit'");
	REFUSED("le.csv", "\xff\xfeu\0n\0i\0t\0\n\0", "le.csv:1: UTF-16 is not supported; save as UTF-8");
	REFUSED("be.csv", "\xfe\xff\0u\0n\0i\0t\0\n", "be.csv:1: UTF-16 is not supported; save as UTF-8");
	REFUSED("le.jsonl", "\xff\xfe{\0}\0", "le.jsonl:1: UTF-16 is not supported; save as UTF-8");
	/* UTF-16 without a BOM shows as NUL bytes */
	REFUSED("le.csv", "u\0n\0i\0t\0", "le.csv:1: NUL byte (a binary or UTF-16 file?)");
	/* BOM then JSON */
	PUT("bom.jsonl", "\xef\xbb\xbf{\"unit\":\"1\",\"area\":\"2\"}\n");
	imp = opened("bom.jsonl", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "1");
	pm_import_close(imp);
}

static void
test_encoding(void **state)
{
	(void)state;
	/* BAD-INPUT 16: 张三 and 幸福小区 in GBK, as Excel saves them */
	REFUSED("owners.csv", "unit,area,note\n1-1-101,89,\xd5\xc5\xc8\xfd \xd0\xd2\xb8\xa3\xd0\xa1\xc7\xf8\n",
	    "owners.csv:2: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8 owners.csv > owners.csv.utf8");
	/* 中文 in GBK, whose first pair happens to be valid UTF-8 (U+05D0) */
	REFUSED("o2.csv", "unit,area,note\n1-1-101,89,ok\n1-1-102,90,\xd6\xd0\xce\xc4\n",
	    "o2.csv:3: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8 o2.csv > o2.csv.utf8");
	/* GB18030 four-byte sequences count too */
	REFUSED("o3.csv", "unit,area,note\n1,2,\x81\x30\x81\x30\xd5\xc5\n",
	    "o3.csv:2: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8 o3.csv > o3.csv.utf8");
	/* a name the shell would split is quoted in the command */
	REFUSED("my units.csv", "unit,area,note\n1,2,\xc0\xee\xcb\xc4\n",
	    "my units.csv:2: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8 'my units.csv' > 'my units.csv.utf8'");
	/* in JSON Lines as well */
	REFUSED("o.jsonl", "{\"unit\":\"\xb3\xaf\xd1\xf4\"}\n",
	    "o.jsonl:1: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8 o.jsonl > o.jsonl.utf8");
	/* Latin-1 is not GBK */
	REFUSED("l.csv", "unit,area,note\n1,2,M\xfcller\n", "l.csv:2: invalid UTF-8");
	REFUSED("l.csv", "unit,area,note\n1,2,caf\xe9\n", "l.csv:2: invalid UTF-8");
	/* UTF-8 Chinese with one damaged byte is damaged UTF-8, not GBK */
	REFUSED("d.csv", "unit,area,note\n1,2,幸福小区三号楼东门\xe5\xb9\n",
	    "d.csv:2: invalid UTF-8");
	/* overlong, surrogate, beyond U+10FFFF */
	REFUSED("d.csv", "unit,area\n1,\xe0\x80\xaf\n", "d.csv:2: invalid UTF-8");
	REFUSED("d.csv", "unit,area\n1,\xed\xa0\x80\n", "d.csv:2: invalid UTF-8");
	REFUSED("d.csv", "unit,area\n1,\xf4\x90\x80\x80\n", "d.csv:2: invalid UTF-8");
	/* inside a quoted field, the physical line of the bad byte */
	REFUSED("d.csv", "unit,area,note\n1,2,\"a\nb\xff\"\n", "d.csv:3: invalid UTF-8");
	/* NUL, with its line */
	REFUSED("n.csv", "unit,area\n1,2\n3,4\0\n", "n.csv:3: NUL byte (a binary or UTF-16 file?)");
	REFUSED("n.jsonl", "{\"unit\":\"1\",\"area\":\"2\"}\n\0\n", "n.jsonl:2: NUL byte (a binary or UTF-16 file?)");
}

static void
test_long_lines(void **state)
{
	size_t big = 1024 * 1024;
	char *data = malloc(big + 512);
	pm_import *imp;
	size_t n, i;

	(void)state;
	assert_non_null(data);
	/* exactly 1 MiB of content (plus CRLF) is allowed */
	n = (size_t)snprintf(data, 64, "unit,area,note\n1,2,");
	memset(data + n, 'x', big - 4);
	n += big - 4;
	memcpy(data + n, "\r\n", 2);
	put_n("big.csv", data, n + 2);
	imp = opened("big.csv", PM_IFMT_AUTO);
	next_ok(imp);
	assert_int_equal(strlen(GET(imp, NOTE)), big - 4);
	at_end(imp);
	pm_import_close(imp);
	/* one byte more is not */
	data[n] = 'x';
	memcpy(data + n + 1, "\r\n", 2);
	put_n("big.csv", data, n + 3);
	refused_fmt("big.csv", PM_IFMT_AUTO, PM_EX_DATAERR, "big.csv:2: line longer than 1 MiB");
	/* without any newline at all */
	put_n("big.csv", data + 15, n + 1 - 15);
	refused_fmt("big.csv", PM_IFMT_AUTO, PM_EX_DATAERR, "big.csv:1: line longer than 1 MiB");
	put_n("big.jsonl", data + 15, n + 3 - 15);
	refused_fmt("big.jsonl", PM_IFMT_AUTO, PM_EX_DATAERR, "big.jsonl:1: line longer than 1 MiB");
	/* an open quote does not make the record unbounded either */
	n = (size_t)snprintf(data, 64, "unit,area,note\n1,2,\"");
	memset(data + n, 'x', big + 200);
	for (i = n + 100; i < n + big + 200; i += 100)
		data[i] = '\n';
	put_n("q.csv", data, n + big + 200);
	refused_fmt("q.csv", PM_IFMT_AUTO, PM_EX_DATAERR,
	    "q.csv:2: quoted field longer than 1 MiB (a quote not closed?)");
	free(data);
}

static void
test_files(void **state)
{
	(void)state;
	refused_fmt("nope.csv", PM_IFMT_AUTO, PM_EX_NOINPUT, "nope.csv: No such file or directory");
	refused_fmt("nope.jsonl", PM_IFMT_AUTO, PM_EX_NOINPUT, "nope.jsonl: No such file or directory");
	assert_int_equal(mkdir("adir.csv", 0700), 0);
	refused_fmt("adir.csv", PM_IFMT_AUTO, PM_EX_NOINPUT, "adir.csv: Is a directory");
	assert_int_equal(rmdir("adir.csv"), 0);
	/* control characters in a file name never reach the terminal raw */
	PUT("e\x1b]0;x\a.csv", "unit,area\n1\n");
	refused_fmt("e\x1b]0;x\a.csv", PM_IFMT_AUTO, PM_EX_DATAERR,
	    "e\\e]0;x\\x07.csv:2: 1 field, the header has 2");
	refused_fmt("n\no\x1b.csv", PM_IFMT_AUTO, PM_EX_NOINPUT,
	    "n\\no\\e.csv: No such file or directory");
	unlink("e\x1b]0;x\a.csv");
}

static void
with_stdin(const char *file, void (*fn)(void))
{
	int saved = dup(0), fd = open(file, O_RDONLY);

	assert_true(saved >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 0), 0);
	close(fd);
	fn();
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
}

static void
stdin_csv(void)
{
	pm_import *imp = opened("-", PM_IFMT_AUTO);

	assert_string_equal(pm_import_file(imp), "stdin");
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "1");
	at_end(imp);
	pm_import_close(imp);
}

static void
stdin_gbk(void)
{
	refused_fmt("-", PM_IFMT_AUTO, PM_EX_DATAERR,
	    "stdin:2: not UTF-8 (looks like GBK/GB18030, e.g. an Excel export); "
	    "convert it with: iconv -f GB18030 -t UTF-8");
}

static void
stdin_jsonl(void)
{
	refused_fmt("-", PM_IFMT_JSONL, PM_EX_DATAERR, "stdin:2: truncated or malformed JSON");
}

static void
test_stdin(void **state)
{
	(void)state;
	PUT("in.csv", "unit,area\n1,2\n");
	with_stdin("in.csv", stdin_csv);
	/* stdin is not closed by the importer */
	assert_true(fcntl(0, F_GETFD) >= 0);
	PUT("in.csv", "unit,area,note\n1,2,\xd5\xc5\xc8\xfd\n");
	with_stdin("in.csv", stdin_gbk);
	/* "-" with AUTO reads CSV; JSONL must be asked for */
	PUT("in.jsonl", "{\"unit\":\"1\",\"area\":\"2\"}\n{\"unit\":\"1\",\"area\n");
	with_stdin("in.jsonl", stdin_jsonl);
}

static void
test_auto_format(void **state)
{
	static const char *const json[] = { "a.jsonl", "a.json", "a.ndjson", "A.JSONL" };
	static const char *const csv[] = { "a.csv", "a.txt", "a.jsonl.csv", "jsonl" };
	pm_import *imp;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof json / sizeof json[0]; i++) {
		PUT(json[i], "{\"unit\":\"1\",\"area\":2}\n");
		imp = opened(json[i], PM_IFMT_AUTO);
		next_ok(imp);
		assert_string_equal(GET(imp, AREA), "2");
		pm_import_close(imp);
		unlink(json[i]);
	}
	for (i = 0; i < sizeof csv / sizeof csv[0]; i++) {
		PUT(csv[i], "unit,area\n1,2\n");
		imp = opened(csv[i], PM_IFMT_AUTO);
		next_ok(imp);
		assert_string_equal(GET(imp, AREA), "2");
		pm_import_close(imp);
		unlink(csv[i]);
	}
	/* an explicit format wins over the name */
	PUT("x.csv", "{\"unit\":\"1\",\"area\":2}\n");
	imp = opened("x.csv", PM_IFMT_JSONL);
	next_ok(imp);
	pm_import_close(imp);
}

/* ---- JSON Lines ----------------------------------------------------- */

static void
test_jsonl_basic(void **state)
{
	pm_import *imp;

	(void)state;
	PUT("u.jsonl",
	    "{\"unit\": \"3-2-1502\", \"area\": 89.50, \"unit_price\": \"2.80\", \"note\": \"东门\"}\n"
	    "\n"
	    "   \t\n"
	    "{\"area\":-0.5e+3,\"unit\":\"x\",\"note\":null}\r\n"
	    " { \"unit\" : \"y\" , \"area\" : 0 , \"note\" : true } \n"
	    "{\"unit\":\"z\",\"area\":1E-2,\"note\":false,\"unit_price\":\"\"}");
	imp = opened("u.jsonl", PM_IFMT_AUTO);
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 1);
	assert_string_equal(GET(imp, UNIT), "3-2-1502");
	/* numbers kept exactly as written */
	assert_string_equal(GET(imp, AREA), "89.50");
	assert_string_equal(GET(imp, PRICE), "2.80");
	assert_string_equal(GET(imp, NOTE), "东门");
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 4);
	assert_string_equal(GET(imp, AREA), "-0.5e+3");
	/* null and absent are both NULL */
	assert_null(GET(imp, NOTE));
	assert_null(GET(imp, PRICE));
	next_ok(imp);
	assert_int_equal(pm_import_line(imp), 5);
	assert_string_equal(GET(imp, AREA), "0");
	assert_string_equal(GET(imp, NOTE), "true");
	next_ok(imp);
	/* the last line needs no newline when it is complete */
	assert_int_equal(pm_import_line(imp), 6);
	assert_string_equal(GET(imp, AREA), "1E-2");
	assert_string_equal(GET(imp, NOTE), "false");
	assert_string_equal(GET(imp, PRICE), "");
	at_end(imp);
	pm_import_close(imp);
	/* a required column may be null: present, without a value */
	PUT("n.jsonl", "{\"unit\":\"1\",\"area\":null}\n");
	imp = opened("n.jsonl", PM_IFMT_AUTO);
	next_ok(imp);
	assert_null(GET(imp, AREA));
	pm_import_close(imp);
	/* an empty file is no records */
	PUT("e.jsonl", "");
	imp = opened("e.jsonl", PM_IFMT_AUTO);
	at_end(imp);
	pm_import_close(imp);
}

static void
test_json_escapes(void **state)
{
	pm_import *imp;

	(void)state;
	PUT("esc.jsonl",
	    "{\"unit\":\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\te\",\"area\":\"\\u4e2d\\u6587\","
	    "\"note\":\"\\ud83d\\ude00 \\u00e9\\u001b\\u2028\",\"unit_price\":\"\\uD83D\\uDE00\"}\n"
	    "{\"\\u0075nit\":\"\",\"area\":\"\"}\n");
	imp = opened("esc.jsonl", PM_IFMT_AUTO);
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "a\"b\\c/d\b\f\n\r\te");
	assert_string_equal(GET(imp, AREA), "中文");
	assert_string_equal(GET(imp, NOTE), "\xf0\x9f\x98\x80 \xc3\xa9\x1b\xe2\x80\xa8");
	assert_string_equal(GET(imp, PRICE), "\xf0\x9f\x98\x80");
	/* keys are decoded before they are matched */
	next_ok(imp);
	assert_string_equal(GET(imp, UNIT), "");
	at_end(imp);
	pm_import_close(imp);

	REFUSED("e.jsonl", "{\"unit\":\"\\ud83d\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 10: lone high surrogate");
	REFUSED("e.jsonl", "{\"unit\":\"\\ud83dx\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 10: lone high surrogate");
	REFUSED("e.jsonl", "{\"unit\":\"\\ud83d\\u0041\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 10: lone high surrogate");
	REFUSED("e.jsonl", "{\"unit\":\"\\ude00\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 10: lone low surrogate");
	REFUSED("e.jsonl", "{\"unit\":\"a\\u0000\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 11: \\u0000 is not allowed");
	REFUSED("e.jsonl", "{\"unit\":\"\\x41\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 10: invalid escape");
	REFUSED("e.jsonl", "{\"unit\":\"\\u12g4\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 12: \\u needs four hex digits");
	REFUSED("e.jsonl", "{\"unit\":\"中\ta\",\"area\":1}\n",
	    "e.jsonl:1: malformed JSON at column 11: control character in a string (write it as \\u00XX)");
	REFUSED("e.jsonl", "{\"unit\":\"\\u12", "e.jsonl:1: truncated or malformed JSON");
}

static void
test_json_errors(void **state)
{
	(void)state;
	/* BAD-INPUT 22: a truncated last line */
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":2}\n{\"unit\":\"2\",\"area\":3}\n{\"unit\":\"3\",\"ar",
	    "u.jsonl:3: truncated or malformed JSON");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":2}\n{\"unit\":\"2\",\"area\":",
	    "u.jsonl:2: truncated or malformed JSON");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":2", "u.jsonl:1: truncated or malformed JSON");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":2,", "u.jsonl:1: truncated or malformed JSON");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":tr", "u.jsonl:1: truncated or malformed JSON");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":-", "u.jsonl:1: truncated or malformed JSON");
	REFUSED("u.jsonl", "{", "u.jsonl:1: truncated or malformed JSON");
	/* nested values name their key */
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":{\"m2\":3}}\n",
	    "u.jsonl:1: 'area' holds an object; values must be strings, numbers, true, false or null");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"note\":[1,2],\"area\":1}\n",
	    "u.jsonl:1: 'note' holds an array; values must be strings, numbers, true, false or null");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1,\"unit\":\"2\"}\n", "u.jsonl:1: key 'unit' twice");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1,\"area\":null}\n", "u.jsonl:1: key 'area' twice");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1} x\n",
	    "u.jsonl:1: malformed JSON at column 23: text after the closing '}'");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1}{}\n",
	    "u.jsonl:1: malformed JSON at column 22: text after the closing '}'");
	REFUSED("u.jsonl", "\n\n{\"unit\":\"1\",\"area\":1,\"unit_prise\":1}\n",
	    "u.jsonl:3: unknown column 'unit_prise'; did you mean 'unit_price'?");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1}\n{\"unit\":\"1\"}\n", "u.jsonl:2: missing column 'area'");
	REFUSED("u.jsonl", "{}\n", "u.jsonl:1: missing column 'unit'");
	REFUSED("u.jsonl", "[1,2]\n", "u.jsonl:1: malformed JSON at column 1: expected '{' (one JSON object a line)");
	REFUSED("u.jsonl", "\"unit\"\n", "u.jsonl:1: malformed JSON at column 1: expected '{' (one JSON object a line)");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":01}\n",
	    "u.jsonl:1: malformed JSON at column 21: expected ',' or '}'");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1.}\n",
	    "u.jsonl:1: malformed JSON at column 22: malformed number");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":+1}\n",
	    "u.jsonl:1: malformed JSON at column 20: expected a string, number, true, false or null");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1e}\n",
	    "u.jsonl:1: malformed JSON at column 22: malformed number");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":nul}\n",
	    "u.jsonl:1: malformed JSON at column 20: expected a string, number, true, false or null");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":NaN}\n",
	    "u.jsonl:1: malformed JSON at column 20: expected a string, number, true, false or null");
	REFUSED("u.jsonl", "{\"unit\":\"1\",\"area\":1,}\n",
	    "u.jsonl:1: malformed JSON at column 22: expected a key in double quotes");
	REFUSED("u.jsonl", "{'unit':'1'}\n",
	    "u.jsonl:1: malformed JSON at column 2: expected a key in double quotes");
	REFUSED("u.jsonl", "{\"unit\" \"1\"}\n",
	    "u.jsonl:1: malformed JSON at column 9: expected ':' after the key");
	/* columns count characters, not bytes */
	REFUSED("u.jsonl", "{\"note\":\"东门\" x}\n",
	    "u.jsonl:1: malformed JSON at column 14: expected ',' or '}'");
}

/* ---- streaming and the caller's own errors -------------------------- */

static void
write_rows(const char *name, long rows, long bad)
{
	FILE *fp = fopen(name, "w");
	long i;

	assert_non_null(fp);
	fputs("unit,area,unit_price,note\r\n", fp);
	for (i = 0; i < rows; i++) {
		if (i + 2 == bad)
			fprintf(fp, "%ld-1-%ld,89.50\r\n", i / 1000, i % 1000);
		else
			fprintf(fp, "%ld-1-%ld,89.50,2.80,\"幸福小区, %ld号\"\r\n", i / 1000, i % 1000, i);
	}
	assert_int_equal(fclose(fp), 0);
}

static void
test_stream_100k(void **state)
{
	pm_import *imp;
	pm_err err;
	long n = 0;
	int rc;

	(void)state;
	write_rows("big.csv", 100000, 0);
	imp = opened("big.csv", PM_IFMT_AUTO);
	while ((rc = pm_import_next(imp, &err)) == 1) {
		n++;
		assert_int_equal(pm_import_line(imp), n + 1);
	}
	assert_int_equal(rc, 0);
	assert_int_equal(n, 100000);
	assert_int_equal(pm_import_line(imp), 100001);
	pm_import_close(imp);
	/* BAD-INPUT 19: one bad row among 100,000 is named by its line */
	write_rows("big.csv", 100000, 54321);
	refused_fmt("big.csv", PM_IFMT_AUTO, PM_EX_DATAERR, "big.csv:54321: 2 fields, the header has 4");
	unlink("big.csv");
}

/* ---- the import loop, on a scratch table --------------------------- */

/* A row handler as a kind's would be: the "unit" column is the key, the
 * "note" column the value; "bad" is refused by the handler's own check,
 * "nul" by the table's NOT NULL, "66" with a status of its own. */
static int calls;

static int
scratch_row(pm_ctx *c, const pm_import *imp, void *arg, pm_ichange *change, pm_err *err)
{
	const char *k = pm_import_get(imp, UNIT), *v = pm_import_get(imp, NOTE);
	char old[64];
	int found = 0, rc;

	assert_string_equal((const char *)arg, "scratch");
	calls++;
	if (v != NULL && strcmp(v, "bad") == 0)
		return pm_err_field(err, PM_EX_DATAERR, "note", "note 'bad': not a note");
	if (v != NULL && strcmp(v, "66") == 0)
		return pm_err_set(err, PM_EX_NOINPUT, "unit %s: no such unit", k);
	if (v != NULL && strcmp(v, "silent") == 0)
		return PM_EX_DATAERR;           /* a handler that forgot its message */
	if ((rc = pm_db_get_text(c->db, err, old, sizeof old, &found,
	    "SELECT v FROM scratch WHERE k = ?1", "t", k)) != 0)
		return rc;
	if (found && v != NULL && strcmp(old, v) == 0)
		return 0;                       /* *change stays unchanged */
	if (v != NULL && strcmp(v, "nul") == 0)
		v = NULL;
	if ((rc = pm_db_run(c->db, err, found ? "UPDATE scratch SET v = ?2 WHERE k = ?1" :
	    "INSERT INTO scratch (k, v) VALUES (?1, ?2)", v ? "tt" : "tn", k, v)) != 0)
		return rc;
	*change = found ? PM_I_UPDATED : PM_I_INSERTED;
	return 0;
}

static pm_ctx ictx;

static void
scratch_open(void)
{
	char cwd[4096];

	/* the fixture's database lives in a directory of its own; the
	 * files stay in this test's working directory */
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(fx_open(&ictx, "pm-test", "root",
	    "CREATE TABLE scratch (k TEXT PRIMARY KEY, v TEXT NOT NULL) STRICT;"
	    "INSERT INTO scratch VALUES ('c', 'x'), ('d', 'old')"), 0);
	assert_int_equal(pm_db_commit(ictx.db, &ictx.err), 0);
	assert_int_equal(pm_db_begin(ictx.db, 1, &ictx.err), 0);
	assert_int_equal(chdir(cwd), 0);
}

static long
scratch_rows(void)
{
	int64_t n = -1;

	assert_int_equal(pm_db_get_int(ictx.db, &ictx.err, &n, NULL,
	    "SELECT count(*) FROM scratch", ""), 0);
	return (long)n;
}

static int
run(const char *name, pm_icounts *n)
{
	pm_err_clear(&ictx.err);
	calls = 0;
	return pm_import_run(&ictx, name, PM_IFMT_AUTO, ucols, NU, scratch_row, "scratch", n,
	    &ictx.err);
}

static void
test_run_counts(void **state)
{
	pm_icounts n;

	(void)state;
	scratch_open();
	/* new, new, the same as stored, changed: the loop counts what the
	 * handler says each row did */
	PUT("u.csv", "unit,area,note\na,1,one\nb,1,two\nc,1,x\nd,1,new\n");
	assert_int_equal(run("u.csv", &n), 0);
	assert_int_equal(n.rows, 4);
	assert_int_equal(n.inserted, 2);
	assert_int_equal(n.updated, 1);
	assert_int_equal(n.unchanged, 1);
	assert_int_equal(scratch_rows(), 4);
	/* a second run of the same file changes nothing */
	assert_int_equal(run("u.csv", &n), 0);
	assert_int_equal(n.rows, 4);
	assert_int_equal(n.unchanged, 4);
	assert_int_equal(n.inserted + n.updated, 0);
	/* JSON Lines through the same loop and handler */
	PUT("u.jsonl", "{\"unit\":\"e\",\"area\":1,\"note\":\"five\"}\n"
	    "{\"unit\":\"a\",\"area\":1,\"note\":\"one\"}\n");
	assert_int_equal(run("u.jsonl", &n), 0);
	assert_int_equal(n.rows, 2);
	assert_int_equal(n.inserted, 1);
	assert_int_equal(n.unchanged, 1);
	/* an empty file is no rows, not an error */
	PUT("e.csv", "unit,area\n");
	assert_int_equal(run("e.csv", &n), 0);
	assert_int_equal(n.rows, 0);
	assert_int_equal(calls, 0);
	fx_close(&ictx);
}

static void
test_run_errors(void **state)
{
	pm_icounts n;

	(void)state;
	scratch_open();
	/* BAD-INPUT 21: the handler's own refusal, named by the line; its
	 * field is dropped (the message is about a line, not an option) */
	PUT("u.csv", "unit,area,note\na,1,one\nb,1,two\n\nc,1,bad\nd,1,new\n");
	assert_int_equal(run("u.csv", &n), PM_EX_DATAERR);
	assert_string_equal(ictx.err.msg, "u.csv:5: note 'bad': not a note");
	assert_null(ictx.err.field);
	assert_int_equal(n.rows, 2);
	assert_int_equal(n.inserted, 2);
	assert_int_equal(calls, 3);             /* it stopped at the bad row */
	/* all or nothing: the caller rolls the command back */
	pm_db_rollback(ictx.db);
	assert_int_equal(pm_db_begin(ictx.db, 1, &ictx.err), 0);
	assert_int_equal(scratch_rows(), 2);
	/* the handler's status is kept */
	PUT("u.csv", "unit,area,note\nzz,1,66\n");
	assert_int_equal(run("u.csv", &n), PM_EX_NOINPUT);
	assert_string_equal(ictx.err.msg, "u.csv:2: unit zz: no such unit");
	/* the database's refusals are named by their line too */
	PUT("u.csv", "unit,area,note\na,1,one\nb,1,nul\n");
	assert_int_equal(run("u.csv", &n), PM_EX_DATAERR);
	assert_non_null(strstr(ictx.err.msg, "u.csv:3: "));
	assert_non_null(strstr(ictx.err.msg, "NOT NULL"));
	/* a status without a message still says where */
	PUT("u.csv", "unit,area,note\na,1,silent\n");
	assert_int_equal(run("u.csv", &n), PM_EX_SOFTWARE);
	assert_string_equal(ictx.err.msg, "u.csv:2: the row was refused");
	/* the reader's errors after good rows: the handler saw those only */
	PUT("u.csv", "unit,area,note\na,1,one\nb,\"1\"x,two\n");
	assert_int_equal(run("u.csv", &n), PM_EX_DATAERR);
	assert_int_equal(calls, 1);
	assert_int_equal(n.rows, 1);
	assert_non_null(strstr(ictx.err.msg, "u.csv:3: "));
	/* a file that is not there: "file: reason", no rows, no call */
	assert_int_equal(run("nosuch.csv", &n), PM_EX_NOINPUT);
	assert_non_null(strstr(ictx.err.msg, "nosuch.csv: "));
	assert_int_equal(calls, 0);
	assert_int_equal(n.rows, 0);
	pm_db_rollback(ictx.db);
	fx_close(&ictx);
}

static void
test_bad_args(void **state)
{
	pm_import *imp = (pm_import *)1;
	pm_err err;

	(void)state;
	PUT("u.csv", "unit,area\n");
	assert_int_equal(pm_import_open("u.csv", PM_IFMT_CSV, ucols, -1, &imp, &err), PM_EX_SOFTWARE);
	assert_null(imp);
	assert_int_equal(pm_import_open("u.csv", (pm_ifmt)7, ucols, NU, &imp, &err), PM_EX_SOFTWARE);
	/* no columns at all: every header name is unknown */
	assert_int_equal(pm_import_open("u.csv", PM_IFMT_CSV, NULL, 0, &imp, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "u.csv:1: unknown column 'unit'");
}

/* ---- setup ---------------------------------------------------------- */

static int
setup(void **state)
{
	(void)state;
	if (getcwd(olddir, sizeof olddir) == NULL || mkdtemp(dir) == NULL || chdir(dir) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	static const char *const names[] = {
		"u.csv", "h.csv", "s.csv", "units.csv", "c.csv", "c2.csv", "q.csv", "b.csv",
		"bom.csv", "bomq.csv", "le.csv", "be.csv", "le.jsonl", "bom.jsonl", "owners.csv",
		"o2.csv", "o3.csv", "my units.csv", "o.jsonl", "l.csv", "d.csv", "n.csv",
		"n.jsonl", "big.csv", "big.jsonl", "in.csv", "in.jsonl", "x.csv", "u.jsonl",
		"e.jsonl", "esc.jsonl", "e.csv",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		unlink(names[i]);
	if (chdir(olddir) != 0 || rmdir(dir) != 0)
		return -1;
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_formula_undone),
		cmocka_unit_test(test_csv_header_order_trim),
		cmocka_unit_test(test_header_errors),
		cmocka_unit_test(test_field_count),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_quote_errors),
		cmocka_unit_test(test_blank_and_empty_rows),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_long_lines),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_auto_format),
		cmocka_unit_test(test_jsonl_basic),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_errors),
		cmocka_unit_test(test_stream_100k),
		cmocka_unit_test(test_run_counts),
		cmocka_unit_test(test_run_errors),
		cmocka_unit_test(test_bad_args),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
