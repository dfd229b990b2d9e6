/* test_out.c — the six output formats, byte for byte, and write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "out.h"
#include "text.h"
#include "pmtime.h"

/* 2025-11-30 14:05:00 in Asia/Shanghai */
#define T INT64_C(1764482700)
#define ISO "2025-11-30T14:05:00+08:00"

static const pm_col cols[] = {
	{ "id", PM_C_ID, 0, 0, 0 },
	{ "name", PM_C_TEXT, 0, 0, 0 },
	{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	{ "area", PM_C_DEC2, 0, 0, 0 },
	{ "at", PM_C_TIME, 0, 0, 0 },
	{ "day", PM_C_DATE, 0, 0, 0 },
	{ "paid", PM_C_BOOL, 0, 0, 0 },
	{ "n", PM_C_INT, 0, 0, 0 },
	{ "extra", PM_C_JSON, 0, 0, 0 },
};
#define NCOLS ((int)(sizeof cols / sizeof cols[0]))

/* An in-memory stream whose bytes we compare. */
struct cap {
	char *buf;
	size_t len;
	FILE *fp;
};

static void
cap_open(struct cap *c)
{
	c->buf = NULL;
	c->len = 0;
	c->fp = open_memstream(&c->buf, &c->len);
	assert_non_null(c->fp);
}

/* Close the stream and return its bytes (freed by the caller). */
static char *
cap_close(struct cap *c)
{
	assert_int_equal(fclose(c->fp), 0);
	return c->buf;
}

static void
finish_ok(pm_out *o)
{
	pm_err err;

	pm_err_clear(&err);
	assert_int_equal(pm_out_finish(o, &err), 0);
	assert_int_equal(err.status, 0);
	pm_out_free(o);
}

/* Three records that exercise every column type and the nasty text. */
static void
write_rows(pm_out *o)
{
	pm_out_text(o, 0, "C12");
	pm_out_text(o, 1, "物业\t\"管理\"\n\\x\x1b!");
	pm_out_int(o, 2, 123450);
	pm_out_int(o, 3, 10050);
	pm_out_int(o, 4, T);
	pm_out_int(o, 5, T);
	pm_out_int(o, 6, 1);
	pm_out_int(o, 7, 42);
	pm_out_text(o, 8, "{\"a\": [1,\n2]}");
	assert_int_equal(pm_out_row(o), 0);

	/* unset cells are NULL */
	pm_out_text(o, 0, "C13");
	pm_out_text(o, 1, NULL);
	assert_int_equal(pm_out_row(o), 0);

	pm_out_text(o, 0, "W7");
	pm_out_text(o, 1, "=1+2");
	pm_out_int(o, 2, -5);
	pm_out_int(o, 3, 0);
	pm_out_int(o, 4, T);
	pm_out_int(o, 5, T);
	pm_out_int(o, 6, 0);
	pm_out_int(o, 7, -3);
	pm_out_text(o, 8, "\"s\"");
	pm_out_null(o, 7);
	pm_out_int(o, 7, -3);
	assert_int_equal(pm_out_row(o), 0);
	assert_int_equal(pm_out_rows(o), 3);
}

static char *
run(pm_fmt fmt, unsigned flags)
{
	struct cap c;
	pm_out *o;

	cap_open(&c);
	o = pm_out_new(c.fp, fmt, cols, NCOLS, flags);
	assert_non_null(o);
	write_rows(o);
	finish_ok(o);
	return cap_close(&c);
}

/* One row per call, every kind of cell: text (masked when classed),
 * an integer, a NULL. */
static void
held_row(pm_out *o, const char *id, int64_t n)
{
	pm_out_text(o, 0, id);
	pm_out_text(o, 1, "物业\t\"管理\"");
	pm_out_int(o, 2, n);
	pm_out_int(o, 4, T);
	pm_out_int(o, 6, n & 1);
	pm_out_int(o, 7, n);
	assert_int_equal(pm_out_row(o), 0);
}

/* Held rows, released, are what the writer would have written; rows
 * discarded are not written at all; pm_out_rows counts only released
 * ones; finish drops what is still held. */
static void
test_hold(void **state)
{
	static const pm_fmt fmts[] = { PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_CSV, PM_FMT_JSON,
	    PM_FMT_ID };
	struct cap a, b;
	pm_out *o;
	char *want, *got;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof fmts / sizeof fmts[0]; k++) {
		cap_open(&a);
		o = pm_out_new(a.fp, fmts[k], cols, NCOLS, PM_OUT_HEADER);
		held_row(o, "C1", 1);
		held_row(o, "C2", 22);
		held_row(o, "C4", 4444);
		finish_ok(o);
		want = cap_close(&a);

		cap_open(&b);
		o = pm_out_new(b.fp, fmts[k], cols, NCOLS, PM_OUT_HEADER);
		pm_out_hold(o);
		held_row(o, "C1", 1);
		held_row(o, "C2", 22);
		assert_int_equal(pm_out_rows(o), 0);
		fflush(b.fp);
		assert_int_equal(b.len, 0);             /* nothing written yet */
		assert_int_equal(pm_out_release(o), 0);
		assert_int_equal(pm_out_rows(o), 2);
		held_row(o, "C3", 333);                 /* rolled back */
		pm_out_discard(o);
		held_row(o, "C4", 4444);
		assert_int_equal(pm_out_release(o), 0);
		held_row(o, "C5", 5);                   /* never released */
		finish_ok(o);
		got = cap_close(&b);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
}

static void
test_fmt_parse(void **state)
{
	pm_fmt f;

	(void)state;
	assert_int_equal(pm_fmt_parse("json", &f), 0);
	assert_int_equal(f, PM_FMT_JSON);
	assert_int_equal(pm_fmt_parse("table", &f), 0);
	assert_int_equal(f, PM_FMT_TABLE);
	assert_int_equal(pm_fmt_parse("id", &f), 0);
	assert_int_equal(f, PM_FMT_ID);
	assert_int_equal(pm_fmt_parse("ics", &f), 0);
	assert_int_equal(f, PM_FMT_ICS);
	assert_string_equal(pm_fmt_name(PM_FMT_ICS), "ics");
	assert_int_equal(pm_fmt_parse("JSON", &f), -1);
	assert_int_equal(pm_fmt_parse("", &f), -1);
	assert_string_equal(pm_fmt_name(PM_FMT_CSV), "csv");
	assert_string_equal(pm_fmt_name(PM_FMT_TSV), "tsv");
}

static void
test_new_limits(void **state)
{
	pm_col many[65];
	int i;

	(void)state;
	for (i = 0; i < 65; i++) {
		many[i].name = "c";
		many[i].type = PM_C_TEXT;
		many[i].maxw = 0;
		many[i].pii = PM_PII_NONE;
	}
	assert_null(pm_out_new(stdout, PM_FMT_TSV, many, 0, 0));
	assert_null(pm_out_new(stdout, PM_FMT_TSV, many, 65, 0));
	pm_out_free(pm_out_new(stdout, PM_FMT_TABLE, many, 64, 0));
	pm_out_free(NULL);
}

static void
test_tsv(void **state)
{
	char *s;

	(void)state;
	s = run(PM_FMT_TSV, 0);
	assert_string_equal(s,
	    "C12\t物业\\t\"管理\"\\n\\\\x\x1b!\t1234.50\t100.50\t" ISO "\t2025-11-30\t1\t42\t{\"a\": [1,\\n2]}\n"
	    "C13\t\t\t\t\t\t\t\t\n"
	    "W7\t=1+2\t-0.05\t0.00\t" ISO "\t2025-11-30\t0\t-3\t\"s\"\n");
	free(s);
}

static void
test_tsv_header(void **state)
{
	char *s;

	(void)state;
	s = run(PM_FMT_TSV, PM_OUT_HEADER);
	assert_true(strncmp(s, "id\tname\tamount_fen\tarea\tat\tday\tpaid\tn\textra\nC12\t", 47) == 0);
	free(s);
}

/* On a terminal, tsv, csv and id are made harmless as a table is; in a
 * pipe they stay data (issue 8 item 12). */
static void
test_terminal(void **state)
{
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	s = run(PM_FMT_TSV, PM_OUT_TERMINAL);
	assert_string_equal(s,
	    "C12\t物业\\t\"管理\"\\n\\\\x\\e!\t1234.50\t100.50\t" ISO "\t2025-11-30\t1\t42\t{\"a\": [1,\\n2]}\n"
	    "C13\t\t\t\t\t\t\t\t\n"
	    "W7\t=1+2\t-0.05\t0.00\t" ISO "\t2025-11-30\t0\t-3\t\"s\"\n");
	free(s);
	s = run(PM_FMT_CSV, PM_OUT_TERMINAL);
	assert_string_equal(s,
	    "id,name,amount_fen,area,at,day,paid,n,extra\r\n"
	    "C12,\"物业\\t\"\"管理\"\"\\n\\x\\e!\",1234.50,100.50," ISO ",2025-11-30,1,42,\"{\"\"a\"\": [1,\\n2]}\"\r\n"
	    "C13,,,,,,,,\r\n"
	    "W7,'=1+2,-0.05,0.00," ISO ",2025-11-30,0,-3,\"\"\"s\"\"\"\r\n");
	free(s);
	/* an id with an escape, a line separator, a zero-width space */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_ID, cols, NCOLS, PM_OUT_TERMINAL);
	pm_out_text(o, 0, "1-\x1b[2J\xe2\x80\xa8" "2\xe2\x80\x8b");
	assert_int_equal(pm_out_row(o), 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "1-\\e[2J\\u20282\\u200B\n");
	free(s);
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TSV, cols, NCOLS, PM_OUT_TERMINAL);
	pm_out_text(o, 0, "C1");
	pm_out_text(o, 1, "a\xe2\x80\xae" "b\xef\xbb\xbf");
	assert_int_equal(pm_out_row(o), 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "C1\ta\\u202Eb\\uFEFF\t\t\t\t\t\t\t\n");
	free(s);
}

static void
test_csv(void **state)
{
	char *s;

	(void)state;
	s = run(PM_FMT_CSV, 0);
	assert_string_equal(s,
	    "\xef\xbb\xbfid,name,amount_fen,area,at,day,paid,n,extra\r\n"
	    "C12,\"物业\t\"\"管理\"\"\n\\x\x1b!\",1234.50,100.50," ISO ",2025-11-30,1,42,\"{\"\"a\"\": [1,\n2]}\"\r\n"
	    "C13,,,,,,,,\r\n"
	    "W7,'=1+2,-0.05,0.00," ISO ",2025-11-30,0,-3,\"\"\"s\"\"\"\r\n");
	free(s);
}

static void
test_json(void **state)
{
	char *s;

	(void)state;
	s = run(PM_FMT_JSON, 0);
	assert_string_equal(s,
	    "{\"id\":\"C12\",\"name\":\"物业\\t\\\"管理\\\"\\n\\\\x\\u001b!\",\"amount_fen\":123450,"
	    "\"area\":100.50,\"at\":\"" ISO "\",\"day\":\"2025-11-30\",\"paid\":true,\"n\":42,"
	    "\"extra\":{\"a\": [1, 2]}}\n"
	    "{\"id\":\"C13\",\"name\":null,\"amount_fen\":null,\"area\":null,\"at\":null,"
	    "\"day\":null,\"paid\":null,\"n\":null,\"extra\":null}\n"
	    "{\"id\":\"W7\",\"name\":\"=1+2\",\"amount_fen\":-5,\"area\":0.00,\"at\":\"" ISO "\","
	    "\"day\":\"2025-11-30\",\"paid\":false,\"n\":-3,\"extra\":\"s\"}\n");
	free(s);
}

static void
test_id(void **state)
{
	static const pm_col c2[] = { { "name", PM_C_TEXT, 0, 0, 0 }, { "n", PM_C_INT, 0, 0, 0 } };
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	s = run(PM_FMT_ID, 0);
	assert_string_equal(s, "C12\nC13\nW7\n");
	free(s);

	/* no ID column: column 0, escaped as the first tsv field is */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_ID, c2, 2, 0);
	pm_out_text(o, 0, "3-2-1502");
	pm_out_int(o, 1, 1);
	pm_out_row(o);
	pm_out_text(o, 0, "a\tb\nc");
	pm_out_row(o);
	pm_out_row(o);          /* NULL id: no line */
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "3-2-1502\na\\tb\\nc\n");
	free(s);
}

/* -o id prints the column flagged as the key, not the first ID (a
 * building list starts with its site code, which names no building). */
static void
test_id_key(void **state)
{
	static const pm_col bl[] = {
		{ "site", PM_C_ID, 0, 0, 0 }, { "code", PM_C_ID, 0, 0, PM_COL_KEY },
		{ "floors", PM_C_INT, 0, 0, 0 },
	};
	static const pm_col occ[] = {
		{ "site", PM_C_ID, 0, 0, 0 }, { "id", PM_C_INT, 0, 0, PM_COL_KEY },
	};
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_ID, bl, 3, 0);
	pm_out_text(o, 0, "sunny");
	pm_out_text(o, 1, "3");
	pm_out_row(o);
	pm_out_text(o, 0, "sunny");
	pm_out_text(o, 1, "4");
	pm_out_int(o, 2, 9);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "3\n4\n");
	free(s);

	/* a numeric key is printed as the number */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_ID, occ, 2, 0);
	pm_out_text(o, 0, "sunny");
	pm_out_int(o, 1, 17);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "17\n");
	free(s);

	/* other formats are not touched by the flag */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TSV, bl, 3, 0);
	pm_out_text(o, 0, "sunny");
	pm_out_text(o, 1, "3");
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "sunny\t3\t\n");
	free(s);
}

/* A list column: comma-separated for people and tsv/csv, an array in
 * JSON; "" is the empty list, NULL is null. */
static void
test_list(void **state)
{
	static const pm_col lc[] = {
		{ "login", PM_C_ID, 0, 0, PM_COL_KEY }, { "roles", PM_C_LIST, 0, 0, 0 },
		{ "ok", PM_C_BOOL, 0, 0, 0 },
	};
	static const char *const want[] = {
		/* table */
		"login  roles          ok\n"
		"wang   maint,service  yes\n"
		"li                    no\n"
		"zhao   -              -\n"
		"qian   \"a\\b           yes\n",
		/* tsv */
		"wang\tmaint,service\t1\nli\t\t0\nzhao\t\t\nqian\t\"a\\\\b\t1\n",
		/* csv */
		"\xef\xbb\xbflogin,roles,ok\r\nwang,\"maint,service\",1\r\nli,,0\r\n"
		"zhao,,\r\nqian,\"\"\"a\\b\",1\r\n",
		/* json */
		"{\"login\":\"wang\",\"roles\":[\"maint\",\"service\"],\"ok\":true}\n"
		"{\"login\":\"li\",\"roles\":[],\"ok\":false}\n"
		"{\"login\":\"zhao\",\"roles\":null,\"ok\":null}\n"
		"{\"login\":\"qian\",\"roles\":[\"\\\"a\\\\b\"],\"ok\":true}\n",
	};
	static const pm_fmt fmts[] = { PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_CSV, PM_FMT_JSON };
	struct cap c;
	pm_out *o;
	char *s;
	int f;

	(void)state;
	for (f = 0; f < 4; f++) {
		cap_open(&c);
		o = pm_out_new(c.fp, fmts[f], lc, 3, 0);
		pm_out_text(o, 0, "wang");
		pm_out_text(o, 1, "maint,service");
		pm_out_int(o, 2, 1);
		pm_out_row(o);
		pm_out_text(o, 0, "li");
		pm_out_text(o, 1, "");
		pm_out_int(o, 2, 0);
		pm_out_row(o);
		pm_out_text(o, 0, "zhao");
		pm_out_row(o);
		pm_out_text(o, 0, "qian");
		pm_out_text(o, 1, "\"a\\b");
		pm_out_int(o, 2, 1);
		pm_out_row(o);
		finish_ok(o);
		s = cap_close(&c);
		assert_string_equal(s, want[f]);
		free(s);
	}
}

static void
test_table(void **state)
{
	static const pm_col tc[] = {
		{ "id", PM_C_ID, 0, 0, 0 },
		{ "name", PM_C_TEXT, 0, 0, 0 },
		{ "amount_fen", PM_C_MONEY, 0, 0, 0 },
	};
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, tc, 3, 0);
	pm_out_text(o, 0, "C1");
	pm_out_text(o, 1, "物业管理");
	pm_out_int(o, 2, 123450);
	pm_out_row(o);
	pm_out_text(o, 0, "C22");
	pm_out_int(o, 2, -5);
	pm_out_row(o);
	pm_out_text(o, 0, "C3");
	pm_out_text(o, 1, "a\tb");
	pm_out_int(o, 2, 0);
	pm_out_row(o);
	assert_int_equal(pm_out_rows(o), 3);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s,
	    "id   name      amount_fen\n"
	    "C1   物业管理     1234.50\n"
	    "C22  -              -0.05\n"
	    "C3   a\\tb            0.00\n");
	free(s);
}

/* pm_out_header: a table shows the caller's header (its width counts);
 * tsv's header line and json's keys keep the name. */
static void
test_header(void **state)
{
	static const pm_col hc[] = {
		{ "kpi", PM_C_TEXT, 0, 0, 0 },
		{ "target", PM_C_TEXT, 0, 0, 0 },
	};
	static const pm_fmt fmts[] = { PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_JSON };
	static const char *const want[] = {
		"kpi  目标目标目标\n"
		"a    >= 95%\n",
		"kpi\ttarget\na\t>= 95%\n",
		"{\"kpi\":\"a\",\"target\":\">= 95%\"}\n",
	};
	struct cap c;
	pm_out *o;
	size_t i;
	char *s;

	(void)state;
	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		cap_open(&c);
		o = pm_out_new(c.fp, fmts[i], hc, 2, PM_OUT_HEADER);
		pm_out_header(o, 1, "目标目标目标");
		pm_out_header(o, 7, "out of range: ignored");
		pm_out_text(o, 0, "a");
		pm_out_text(o, 1, ">= 95%");
		pm_out_row(o);
		finish_ok(o);
		s = cap_close(&c);
		assert_string_equal(s, want[i]);
		free(s);
	}
}

static void
test_table_trailing_and_types(void **state)
{
	static const pm_col tc[] = {
		{ "when", PM_C_TIME, 0, 0, 0 },
		{ "day", PM_C_DATE, 0, 0, 0 },
		{ "ok", PM_C_BOOL, 0, 0, 0 },
		{ "area", PM_C_DEC2, 0, 0, 0 },
		{ "note", PM_C_TEXT, 0, 0, 0 },
	};
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, tc, 5, 0);
	pm_out_int(o, 0, T);
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, 1);
	pm_out_int(o, 3, 10050);
	pm_out_text(o, 4, "x");
	pm_out_row(o);
	pm_out_int(o, 2, 0);
	pm_out_text(o, 4, "\x1b[2Jowned\xe2\x80\xae");
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s,
	    "when              day         ok     area  note\n"
	    "2025-11-30 14:05  2025-11-30  yes  100.50  x\n"
	    "-                 -           no        -  \\e[2Jowned\\u202E\n");
	free(s);
}

/* Durations: read as durations in tables, seconds everywhere else. */
static void
test_span(void **state)
{
	static const pm_col sc[] = { { "what", PM_C_TEXT, 0, 0, 0 }, { "took_s", PM_C_SPAN, 0, 0, 0 } };
	static const struct { const char *what; int64_t secs; } v[] = {
		{ "zero", 0 }, { "secs", 45 }, { "min", 3000 }, { "min-s", 3599 }, { "hour", 3600 },
		{ "h-min", 19200 }, { "h-min-s", 19230 }, { "d-s", 86430 }, { "d-h", 532800 },
		{ "neg", -90 },
	};
	static const pm_fmt fmts[] = { PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_CSV, PM_FMT_JSON };
	static const char *const want[] = {
	    "what       took_s\n"
	    "zero           0s\n"
	    "secs          45s\n"
	    "min         50min\n"
	    "min-s    59min59s\n"
	    "hour           1h\n"
	    "h-min     5h20min\n"
	    "h-min-s   5h20min\n"
	    "d-s            1d\n"
	    "d-h          6d4h\n"
	    "neg      -1min30s\n"
	    "none            -\n",
	    "zero\t0\nsecs\t45\nmin\t3000\nmin-s\t3599\nhour\t3600\nh-min\t19200\n"
	    "h-min-s\t19230\nd-s\t86430\nd-h\t532800\nneg\t-90\nnone\t\n",
	    "\xef\xbb\xbfwhat,took_s\r\nzero,0\r\nsecs,45\r\nmin,3000\r\nmin-s,3599\r\n"
	    "hour,3600\r\nh-min,19200\r\nh-min-s,19230\r\nd-s,86430\r\nd-h,532800\r\n"
	    "neg,-90\r\nnone,\r\n",
	    NULL,
	};
	struct cap c;
	pm_out *o;
	char *s;
	size_t i, f;

	(void)state;
	for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
		cap_open(&c);
		o = pm_out_new(c.fp, fmts[f], sc, 2, 0);
		for (i = 0; i < sizeof v / sizeof v[0]; i++) {
			pm_out_text(o, 0, v[i].what);
			pm_out_int(o, 1, v[i].secs);
			pm_out_row(o);
		}
		pm_out_text(o, 0, "none");
		pm_out_row(o);
		finish_ok(o);
		s = cap_close(&c);
		if (want[f] != NULL)
			assert_string_equal(s, want[f]);
		else    /* json: the seconds as numbers, null for none */
			assert_non_null(strstr(s, "{\"what\":\"h-min\",\"took_s\":19200}\n"
			    "{\"what\":\"h-min-s\",\"took_s\":19230}\n"));
		if (want[f] == NULL)
			assert_non_null(strstr(s, "{\"what\":\"none\",\"took_s\":null}\n"));
		free(s);
	}
}

static void
test_table_empty(void **state)
{
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, cols, 3, 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "id  name  amount_fen\n");
	free(s);
}

/*
 * Display columns at which each cell starts: the first non-blank after
 * two or more blanks.  Cells in the test hold no blanks.
 */
static int
cell_starts(const char *line, size_t *at, int max)
{
	size_t i = 0, n = strlen(line), col = 0, blanks = 2;
	int k = 0;

	while (i < n) {
		int32_t cp;
		int len = pm_utf8_decode(line + i, n - i, &cp);
		if (cp == ' ') {
			blanks++;
		} else {
			if (blanks >= 2 && k < max)
				at[k++] = col;
			blanks = 0;
		}
		col += (size_t)pm_cp_width(cp);
		i += (size_t)len;
	}
	return k;
}

static void
test_table_cjk_alignment(void **state)
{
	static const pm_col tc[] = {
		{ "编号", PM_C_ID, 0, 0, 0 },
		{ "业主", PM_C_TEXT, 0, 0, 0 },
		{ "地址", PM_C_TEXT, 12, 0, 0 },
		{ "金额_fen", PM_C_MONEY, 0, 0, 0 },
	};
	static const char *names[] = { "张三", "Li", "欧阳娜娜", "ｆｕｌｌ", "김철수", "e\xcc\x81t\xc3\xa9" };
	static const char *addrs[] = { "3-2-1502", "物业管理处办公室东侧", "B栋", "x", "很长很长很长很长的地址", "🏠12" };
	struct cap c;
	pm_out *o;
	char *s, *line, *nl;
	size_t first[4], at[4], total = 0;
	int r, lines = 0;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, tc, 4, 0);
	for (r = 0; r < 30; r++) {
		char id[16];
		snprintf(id, sizeof id, "C%d", r * 37);
		pm_out_text(o, 0, id);
		pm_out_text(o, 1, names[r % 6]);
		pm_out_text(o, 2, addrs[r % 6]);
		pm_out_int(o, 3, (int64_t)r * r * 1234);
		pm_out_row(o);
	}
	finish_ok(o);
	s = cap_close(&c);
	for (line = s; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		size_t w;
		*nl = '\0';
		w = pm_text_width(line);
		assert_int_equal(line[strlen(line) - 1] != ' ', 1);
		/* the last column is right-aligned: every line is as wide */
		if (lines == 0)
			total = w;
		assert_int_equal(w, total);
		if (lines == 0) {
			assert_int_equal(cell_starts(line, first, 4), 4);
		} else {
			assert_int_equal(cell_starts(line, at, 4), 4);
			/* left-aligned columns start at the same display column */
			assert_int_equal(at[0], first[0]);
			assert_int_equal(at[1], first[1]);
			assert_int_equal(at[2], first[2]);
		}
		lines++;
	}
	assert_int_equal(lines, 31);
	/* 地址 is capped at 12 columns: long addresses were cut */
	assert_int_equal(first[2] - first[1], 8 + 2);
	assert_int_equal(total, first[2] + 12 + 2 + 8);
	free(s);
}

static void
test_table_streaming(void **state)
{
	static const pm_col tc[] = {
		{ "name", PM_C_TEXT, 0, 0, 0 },
		{ "n", PM_C_INT, 0, 0, 0 },
	};
	struct cap c;
	pm_out *o;
	char *s, *p;
	int r;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, tc, 2, 0);
	for (r = 0; r < PM_OUT_TABLE_SAMPLE; r++) {
		pm_out_text(o, 0, "ab");
		pm_out_int(o, 1, r);
		assert_int_equal(pm_out_row(o), 0);
	}
	/* the sample is out: widths are fixed now (name 4, n 3) */
	fflush(c.fp);
	assert_int_equal(c.len, strlen("name    n\n") + PM_OUT_TABLE_SAMPLE * strlen("ab      0\n"));
	pm_out_text(o, 0, "物业管理部");
	pm_out_int(o, 1, 7);
	pm_out_row(o);
	pm_out_text(o, 0, "abcdef");
	pm_out_int(o, 1, 7);
	pm_out_row(o);
	pm_out_text(o, 0, "\x1b[2J");
	pm_out_int(o, 1, 7);
	pm_out_row(o);
	/* a number is never cut: it pushes out of its column instead */
	pm_out_text(o, 0, "ab");
	pm_out_int(o, 1, 123456);
	pm_out_row(o);
	assert_int_equal(pm_out_rows(o), PM_OUT_TABLE_SAMPLE + 4);
	finish_ok(o);
	s = cap_close(&c);
	assert_true(strncmp(s, "name    n\nab      0\nab      1\n", 30) == 0);
	p = strstr(s, "ab    255\n");
	assert_non_null(p);
	assert_string_equal(p + 10,
	    "物…     7\n"
	    "abc…    7\n"
	    "\\e[…    7\n"
	    "ab    123456\n");
	free(s);
}

static void
test_csv_formula(void **state)
{
	static const pm_col cc[] = {
		{ "t", PM_C_TEXT, 0, 0, 0 },
		{ "i", PM_C_ID, 0, 0, 0 },
		{ "m", PM_C_MONEY, 0, 0, 0 },
		{ "n", PM_C_INT, 0, 0, 0 },
	};
	static const char *in[] = {
		"=SUM(A1:A9)", "+1", "-1", "@cmd", "\tx", "\rx", "a=b", " =x", "x ", "", "'q",
		"'=q", "''@q",  /* one ' more, so that import's taking one off is exact */
	};
	static const char *want =
	    "\xef\xbb\xbft,i,m,n\r\n"
	    "'=SUM(A1:A9),'-2,-0.05,-3\r\n"
	    "'+1,'-2,-0.05,-3\r\n"
	    "'-1,'-2,-0.05,-3\r\n"
	    "'@cmd,'-2,-0.05,-3\r\n"
	    "'\tx,'-2,-0.05,-3\r\n"
	    "\"'\rx\",'-2,-0.05,-3\r\n"
	    "a=b,'-2,-0.05,-3\r\n"
	    "\" =x\",'-2,-0.05,-3\r\n"
	    "\"x \",'-2,-0.05,-3\r\n"
	    ",'-2,-0.05,-3\r\n"
	    "'q,'-2,-0.05,-3\r\n"
	    "''=q,'-2,-0.05,-3\r\n"
	    "'''@q,'-2,-0.05,-3\r\n"
	    "-7,-8,,\r\n";
	struct cap c;
	pm_out *o;
	char *s;
	size_t i;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_CSV, cc, 4, 0);
	for (i = 0; i < sizeof in / sizeof in[0]; i++) {
		pm_out_text(o, 0, in[i]);
		pm_out_text(o, 1, "-2");
		pm_out_int(o, 2, -5);
		pm_out_int(o, 3, -3);
		pm_out_row(o);
	}
	/* numbers set as numbers are ours, not formulas */
	pm_out_int(o, 0, -7);
	pm_out_int(o, 1, -8);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, want);
	free(s);
}

static void
test_csv_empty_has_header(void **state)
{
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_CSV, cols, 2, 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "\xef\xbb\xbfid,name\r\n");
	free(s);

	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TSV, cols, 2, 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "");
	free(s);
}

static void
test_json_controls(void **state)
{
	static const pm_col jc[] = { { "text", PM_C_TEXT, 0, 0, 0 }, { "k\"ey", PM_C_TEXT, 0, 0, 0 } };
	char in[64];
	struct cap c;
	pm_out *o;
	char *s;
	size_t i, n;
	int ch;

	(void)state;
	n = 0;
	for (ch = 1; ch < 0x20; ch++)
		in[n++] = (char)ch;
	in[n++] = 0x7f;
	memcpy(in + n, "\xe2\x80\xa8\xe2\x80\xa9\xc2\x85\xff", 9);
	n += 9;
	in[n] = '\0';
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_JSON, jc, 2, 0);
	pm_out_text(o, 0, in);
	pm_out_text(o, 1, "\xe2\x80\xae");
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	n = strlen(s);
	assert_true(pm_utf8_valid(s, n));
	assert_int_equal(s[n - 1], '\n');
	for (i = 0; i + 1 < n; i++)
		assert_true((unsigned char)s[i] >= 0x20);
	assert_string_equal(s,
	    "{\"text\":\"\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
	    "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018"
	    "\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f\\u007f\\u2028\\u2029\\u0085"
	    "\xef\xbf\xbd\",\"k\\\"ey\":\"\xe2\x80\xae\"}\n");
	free(s);
}

static void
test_mismatched_setters(void **state)
{
	static const pm_col mc[] = { { "t", PM_C_TEXT, 0, 0, 0 }, { "n", PM_C_INT, 0, 0, 0 } };
	struct cap c;
	pm_out *o;
	char *s;

	(void)state;
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_JSON, mc, 2, 0);
	pm_out_int(o, 0, 5);
	pm_out_text(o, 1, "n/a");
	pm_out_text(o, 7, "ignored");
	pm_out_int(o, -1, 1);
	pm_out_null(o, 99);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	/* a number where text was declared stays a number; text in a number
	 * column is quoted so the line is still JSON */
	assert_string_equal(s, "{\"t\":5,\"n\":\"n/a\"}\n");
	free(s);
}

static void
fill_many(pm_out *o, int rows, int *stopped_at)
{
	int r;

	*stopped_at = -1;
	for (r = 0; r < rows; r++) {
		pm_out_text(o, 0, "C123456789");
		pm_out_text(o, 1, "物业管理 a fairly long line of text to fill stdio buffers");
		if (pm_out_row(o) != 0) {
			*stopped_at = r;
			return;
		}
	}
}

static void
test_write_error_full(void **state)
{
	FILE *fp;
	pm_out *o;
	pm_err err;
	int stopped;

	(void)state;
	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		skip();
	/* a few rows sit in stdio's buffer: the error shows at finish */
	o = pm_out_new(fp, PM_FMT_TSV, cols, 2, 0);
	fill_many(o, 3, &stopped);
	assert_int_equal(stopped, -1);
	pm_err_clear(&err);
	assert_int_equal(pm_out_finish(o, &err), PM_EX_IOERR);
	assert_int_equal(err.status, PM_EX_IOERR);
	assert_string_equal(err.msg, "write error: No space left on device");
	assert_int_equal(pm_out_closed(o), 0);
	pm_out_free(o);
	fclose(fp);

	/* many rows: pm_out_row reports the failure so the caller stops */
	fp = fopen("/dev/full", "w");
	assert_non_null(fp);
	o = pm_out_new(fp, PM_FMT_JSON, cols, 2, 0);
	fill_many(o, 100000, &stopped);
	assert_true(stopped >= 0);
	assert_int_equal(pm_out_rows(o), stopped);
	assert_int_equal(pm_out_row(o), -1);
	assert_int_equal(pm_out_finish(o, &err), PM_EX_IOERR);
	assert_string_equal(err.msg, "write error: No space left on device");
	pm_out_free(o);
	fclose(fp);
}

static void
test_write_error_pipe(void **state)
{
	void (*old)(int);
	int fds[2], stopped;
	FILE *fp;
	pm_out *o;
	pm_err err;

	(void)state;
	old = signal(SIGPIPE, SIG_IGN);
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	fp = fdopen(fds[1], "w");
	assert_non_null(fp);
	o = pm_out_new(fp, PM_FMT_TSV, cols, 2, 0);
	fill_many(o, 100000, &stopped);
	assert_true(stopped >= 0);
	assert_int_equal(pm_out_closed(o), 1);
	pm_err_clear(&err);
	assert_int_equal(pm_out_finish(o, &err), 0);
	assert_int_equal(err.status, 0);
	assert_int_equal(pm_out_closed(o), 1);
	pm_out_free(o);
	fclose(fp);

	/* a closed pipe seen only at the final flush is just as quiet */
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	fp = fdopen(fds[1], "w");
	o = pm_out_new(fp, PM_FMT_TABLE, cols, 2, 0);
	fill_many(o, 3, &stopped);
	assert_int_equal(stopped, -1);
	assert_int_equal(pm_out_finish(o, &err), 0);
	assert_int_equal(pm_out_closed(o), 1);
	pm_out_free(o);
	fclose(fp);
	signal(SIGPIPE, old);
}

static int
setup(void **state)
{
	(void)state;
	return pm_time_set_zone("Asia/Shanghai", NULL);
}

/* The writer outlives the verb that declared its columns (cli finishes
 * it): the column table must be copied, not pointed to. */
static void
columns_are_copied(void **state)
{
	pm_col mycols[2] = { { "code", PM_C_ID, 0, 0, 0 }, { "area", PM_C_DEC2, 0, 0, 0 } };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pm_out *o;
	pm_err e;

	(void)state;
	o = pm_out_new(fp, PM_FMT_TABLE, mycols, 2, 0);
	memset(mycols, 0, sizeof mycols);           /* the caller's array is gone */
	pm_out_text(o, 0, "3-2-1502");
	pm_out_int(o, 1, 10050);
	pm_out_row(o);
	assert_int_equal(pm_out_finish(o, &e), 0);
	pm_out_free(o);
	fclose(fp);
	assert_string_equal(buf, "code        area\n3-2-1502  100.50\n");
	free(buf);
}

/* ---- personal data ---------------------------------------------------- */

/* A masker anyone can read: "<phone:138...>" keeps the class in sight
 * and shows that out, not the caller, called it. */
static void
fake_masker(pm_buf *b, pm_pii_class c, const char *v)
{
	static const char *const name[] = { "none", "name", "phone", "idnum", "plate" };

	pm_buf_addf(b, "<%s:%.3s>", name[c], v);
}

static const pm_col pcols[] = {
	{ "plate", PM_C_ID, 0, PM_PII_PLATE, 0 },
	{ "name", PM_C_TEXT, 0, PM_PII_NAME, 0 },
	{ "phone", PM_C_TEXT, 0, PM_PII_PHONE, 0 },
	{ "idnum", PM_C_TEXT, 0, PM_PII_IDNUM, 0 },
	{ "note", PM_C_TEXT, 0, 0, 0 },
};

/* One row of personal data in format f with flags, as text. */
static char *
pii_row(pm_fmt f, unsigned flags)
{
	struct cap c;
	pm_out *o;

	cap_open(&c);
	o = pm_out_new(c.fp, f, pcols, 5, flags);
	pm_out_text(o, 0, "京A12345");
	pm_out_text(o, 1, "张三");
	pm_out_text(o, 2, "13812341234");
	pm_out_text(o, 3, "11010519491231002X");
	pm_out_text(o, 4, "13812341234 called");      /* not classed: as typed */
	assert_int_equal(pm_out_row(o), 0);
	finish_ok(o);
	return cap_close(&c);
}

static void
test_pii_masked_in_every_format(void **state)
{
	static const pm_fmt fmts[] = {
		PM_FMT_TABLE, PM_FMT_TSV, PM_FMT_CSV, PM_FMT_JSON, PM_FMT_ID
	};
	static const char *const clear[] = { "京A12345", "张三", "11010519491231002X" };
	size_t i, j;
	char *s;

	(void)state;
	pm_mask_set(fake_masker);
	for (i = 0; i < sizeof fmts / sizeof fmts[0]; i++) {
		s = pii_row(fmts[i], PM_OUT_HEADER);
		for (j = 0; j < sizeof clear / sizeof clear[0]; j++)
			if (strstr(s, clear[j]) != NULL)
				fail_msg("%s shows %s: %s", pm_fmt_name(fmts[i]), clear[j], s);
		assert_non_null(strstr(s, "<plate:京>"));
		if (fmts[i] != PM_FMT_ID) {
			assert_non_null(strstr(s, "<name:张>"));
			assert_non_null(strstr(s, "<phone:138>"));
			assert_non_null(strstr(s, "<idnum:110>"));
			assert_non_null(strstr(s, "13812341234 called"));
		}
		free(s);
		/* unmasked: everything as given, no masker called */
		s = pii_row(fmts[i], PM_OUT_UNMASK);
		assert_non_null(strstr(s, "京A12345"));
		assert_null(strstr(s, "<"));
		if (fmts[i] != PM_FMT_ID) {
			assert_non_null(strstr(s, "张三"));
			/* the phone column and the note */
			assert_non_null(strstr(strstr(s, "13812341234") + 1, "13812341234"));
			assert_non_null(strstr(s, "11010519491231002X"));
		}
		free(s);
	}
	s = pii_row(PM_FMT_TSV, 0);
	assert_string_equal(s, "<plate:京>\t<name:张>\t<phone:138>\t<idnum:110>\t"
	    "13812341234 called\n");
	free(s);
	pm_mask_set(NULL);
}

/* Nobody installed a masker: classed cells are stars, never clear. */
static void
test_pii_fail_closed(void **state)
{
	char *s;

	(void)state;
	pm_mask_set(NULL);
	s = pii_row(PM_FMT_TSV, 0);
	assert_string_equal(s, "***\t***\t***\t***\t13812341234 called\n");
	free(s);
	s = pii_row(PM_FMT_JSON, 0);
	assert_string_equal(s, "{\"plate\":\"***\",\"name\":\"***\",\"phone\":\"***\","
	    "\"idnum\":\"***\",\"note\":\"13812341234 called\"}\n");
	free(s);
	s = pii_row(PM_FMT_TSV, PM_OUT_UNMASK);
	assert_string_equal(s, "京A12345\t张三\t13812341234\t11010519491231002X\t"
	    "13812341234 called\n");
	free(s);
	/* NULL stays NULL, empty stays empty: nothing to hide */
	{
		struct cap c;
		pm_out *o;

		cap_open(&c);
		o = pm_out_new(c.fp, PM_FMT_JSON, pcols, 3, 0);
		pm_out_text(o, 1, "");
		pm_out_text(o, 2, NULL);
		pm_out_row(o);
		finish_ok(o);
		s = cap_close(&c);
		assert_string_equal(s, "{\"plate\":null,\"name\":\"\",\"phone\":null}\n");
		free(s);
	}
}

/* pm_out_cells: a lib's full row, the caller's choice of columns. */
static void
test_out_cells(void **state)
{
	static const pm_col lib[] = {
		{ "id", PM_C_ID, 0, 0, 0 }, { "n", PM_C_INT, 0, 0, 0 },
		{ "phone", PM_C_TEXT, 0, PM_PII_PHONE, 0 }, { "at", PM_C_TIME, 0, 0, 0 },
	};
	static const int map[] = { 2, 0, 3 };
	pm_cell row[4] = {
		{ 0, "C7", 7 }, { 0, NULL, 42 }, { 0, "13812341234", 0 }, { 1, NULL, 0 }
	};
	pm_col pick[3];
	struct cap c;
	pm_out *o;
	char *s;
	int i;

	(void)state;
	pm_mask_set(fake_masker);
	for (i = 0; i < 3; i++)
		pick[i] = lib[map[i]];
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_JSON, pick, 3, 0);
	assert_int_equal(pm_out_cells(o, row, map), 0);
	row[3].null = 0;
	row[3].i = T;
	assert_int_equal(pm_out_cells(o, row, map), 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "{\"phone\":\"<phone:138>\",\"id\":\"C7\",\"at\":null}\n"
	    "{\"phone\":\"<phone:138>\",\"id\":\"C7\",\"at\":\"" ISO "\"}\n");
	free(s);
	/* the whole row, no map */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TSV, lib, 4, PM_OUT_UNMASK);
	assert_int_equal(pm_out_cells(o, row, NULL), 0);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "C7\t42\t13812341234\t" ISO "\n");
	free(s);
	pm_mask_set(NULL);
}

/* pm_out_value: a record's fields as field/value text, masked by class. */
static void
test_out_value(void **state)
{
	static const pm_col rec[] = {
		{ "at", PM_C_TIME, 0, 0, 0 }, { "ok", PM_C_BOOL, 0, 0, 0 }, { "n", PM_C_INT, 0, 0, 0 },
		{ "fee_fen", PM_C_MONEY, 0, 0, 0 }, { "name", PM_C_TEXT, 0, PM_PII_NAME, 0 },
		{ "gone", PM_C_TEXT, 0, 0, 0 },
	};
	static const pm_col fv[] = { { "field", PM_C_TEXT, 0, 0, 0 }, { "value", PM_C_TEXT, 0, 0, 0 } };
	const pm_cell v[] = {
		{ 0, NULL, T }, { 0, NULL, 1 }, { 0, NULL, -3 }, { 0, NULL, 123450 },
		{ 0, "张三", 0 }, { 1, NULL, 0 },
	};
	unsigned flags[] = { 0, PM_OUT_UNMASK };
	const char *want[] = {
		"at\t" ISO "\nok\t1\nn\t-3\nfee_fen\t1234.50\nname\t<name:张>\ngone\t\n",
		"at\t" ISO "\nok\t1\nn\t-3\nfee_fen\t1234.50\nname\t张三\ngone\t\n",
	};
	struct cap c;
	pm_out *o;
	char *s;
	int f, i;

	(void)state;
	pm_mask_set(fake_masker);
	for (f = 0; f < 2; f++) {
		cap_open(&c);
		o = pm_out_new(c.fp, PM_FMT_TSV, fv, 2, flags[f]);
		for (i = 0; i < 6; i++) {
			pm_out_text(o, 0, rec[i].name);
			pm_out_value(o, 1, &rec[i], &v[i]);
			pm_out_row(o);
		}
		finish_ok(o);
		s = cap_close(&c);
		assert_string_equal(s, want[f]);
		free(s);
	}
	/* a table spells times to the minute */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, fv, 2, 0);
	pm_out_text(o, 0, "at");
	pm_out_value(o, 1, &rec[0], &v[0]);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "field  value\nat     2025-11-30 14:05\n");
	free(s);
	/* a flag reads yes/no in a table, as its list column does */
	cap_open(&c);
	o = pm_out_new(c.fp, PM_FMT_TABLE, fv, 2, 0);
	pm_out_text(o, 0, "ok");
	pm_out_value(o, 1, &rec[1], &v[1]);
	pm_out_row(o);
	finish_ok(o);
	s = cap_close(&c);
	assert_string_equal(s, "field  value\nok     yes\n");
	free(s);
	pm_mask_set(NULL);
}

/* ---- ics ------------------------------------------------------------- */

/* An event list as a verb declares one: key, start, end, summary parts,
 * location parts, a body, and two columns for the label lines. */
static const pm_col icols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY | PM_COL_SUMMARY },
	{ "due", PM_C_TIME, 0, 0, PM_COL_START },
	{ "takes", PM_C_SPAN, 0, 0, PM_COL_END },
	{ "site", PM_C_ID, 0, 0, PM_COL_LOCATION },
	{ "place", PM_C_TEXT, 0, 0, PM_COL_LOCATION },
	{ "text", PM_C_TEXT, 10, 0, PM_COL_SUMMARY | PM_COL_DESC },
	{ "status", PM_C_TEXT, 0, 0, 0 },
	{ "urgent", PM_C_BOOL, 0, 0, 0 },
};
#define NICOLS ((int)(sizeof icols / sizeof icols[0]))

/*
 * Every line of s ends in CRLF (no bare CR or LF anywhere) and is at
 * most 75 octets; no fold splits a UTF-8 character (a continuation line
 * never starts, after its space, with a continuation byte).  Returns s
 * unfolded (freed by the caller), so a test compares logical lines.
 */
static char *
ics_check(const char *s)
{
	size_t n = strlen(s), i = 0, len;
	char *u = calloc(1, n + 1), *p = u;

	assert_non_null(u);
	while (i < n) {
		const char *eol = strstr(s + i, "\r\n");
		assert_non_null(eol);
		len = (size_t)(eol - (s + i));
		if (len > 75)
			fail_msg("line of %zu octets: %.*s", len, (int)len, s + i);
		assert_null(memchr(s + i, '\n', len));
		assert_null(memchr(s + i, '\r', len));
		if (s[i] == ' ') {
			/* a continuation: glue it to the line before */
			assert_true(p > u);
			p--;            /* the \n of the line before */
			assert_true(len > 1);
			if (((unsigned char)s[i + 1] & 0xc0) == 0x80)
				fail_msg("fold inside a character: %.*s", (int)len, s + i);
			memcpy(p, s + i + 1, len - 1);
			p += len - 1;
		} else {
			memcpy(p, s + i, len);
			p += len;
		}
		*p++ = '\n';
		i += len + 2;
	}
	*p = '\0';
	return u;
}

static char *
ics_run(const pm_col *c, int nc, void (*rows)(pm_out *), unsigned flags)
{
	struct cap cp;
	pm_out *o;

	cap_open(&cp);
	o = pm_out_new(cp.fp, PM_FMT_ICS, c, nc, flags);
	assert_non_null(o);
	pm_out_clock(o, T - 3600);
	rows(o);
	finish_ok(o);
	return cap_close(&cp);
}

static void
ics_one(pm_out *o)
{
	pm_out_text(o, 0, "C12");
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, 5400);
	pm_out_text(o, 3, "sunny");
	pm_out_text(o, 4, "地库 B2");
	pm_out_text(o, 5, "烟雾报警，请查看");
	pm_out_text(o, 6, "new");
	pm_out_int(o, 7, 1);
	assert_int_equal(pm_out_row(o), 0);
}

static void
test_ics_event(void **state)
{
	char *s;

	(void)state;
	s = ics_run(icols, NICOLS, ics_one, 0);
	assert_string_equal(s,
	    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pm//pm//EN\r\nCALSCALE:GREGORIAN\r\n"
	    "BEGIN:VEVENT\r\n"
	    "UID:C12@" PM_OUT_ICS_UID_DOMAIN "\r\n"
	    "DTSTAMP:20251130T050500Z\r\n"
	    "DTSTART:20251130T060500Z\r\n"
	    "DURATION:PT1H30M\r\n"
	    /* the text cut to its 10 columns, as in a table */
	    "SUMMARY:C12 烟雾报警…\r\n"
	    "LOCATION:sunny 地库 B2\r\n"
	    "DESCRIPTION:烟雾报警，请查看\\n\\nstatus: new\\nurgent: yes\r\n"
	    "END:VEVENT\r\n"
	    "END:VCALENDAR\r\n");
	free(s);
}

/* Timed and all-day events in one list: a TIME start, NULL in the
 * all-day rows, before a DATE start. */
static const pm_col tdcols[] = {
	{ "uid", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "time", PM_C_TIME, 0, 0, PM_COL_START },
	{ "date", PM_C_DATE, 0, 0, PM_COL_START },
};

static void
ics_timed_and_day(pm_out *o)
{
	pm_out_text(o, 0, "a");
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, T);
	assert_int_equal(pm_out_row(o), 0);
	pm_out_text(o, 0, "b");
	pm_out_int(o, 2, T);
	assert_int_equal(pm_out_row(o), 0);
	pm_out_text(o, 0, "c");         /* no start at all: no event */
	assert_int_equal(pm_out_row(o), 0);
}

static void
test_ics_two_starts(void **state)
{
	char *s;

	(void)state;
	s = ics_run(tdcols, 3, ics_timed_and_day, 0);
	assert_non_null(strstr(s, "UID:a@" PM_OUT_ICS_UID_DOMAIN "\r\nDTSTAMP:20251130T050500Z\r\n"
	    "DTSTART:20251130T060500Z\r\n"));
	assert_non_null(strstr(s, "UID:b@" PM_OUT_ICS_UID_DOMAIN "\r\nDTSTAMP:20251130T050500Z\r\n"
	    "DTSTART;VALUE=DATE:20251130\r\n"));
	assert_null(strstr(s, "UID:c@"));
	free(s);
}

static void
ics_none(pm_out *o)
{
	(void)o;
}

/* No rows is an empty calendar, not nothing: a subscribed feed with no
 * deadlines today is still a feed. */
static void
test_ics_empty(void **state)
{
	char *s;

	(void)state;
	s = ics_run(icols, NICOLS, ics_none, 0);
	assert_string_equal(s, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pm//pm//EN\r\n"
	    "CALSCALE:GREGORIAN\r\nEND:VCALENDAR\r\n");
	free(s);
}

/* Columns with no start are no calendar: refused at once. */
static void
test_ics_needs_start(void **state)
{
	struct cap c;

	(void)state;
	assert_int_equal(pm_out_events(cols, NCOLS), 0);
	assert_int_equal(pm_out_events(icols, NICOLS), 1);
	cap_open(&c);
	assert_null(pm_out_new(c.fp, PM_FMT_ICS, cols, NCOLS, 0));
	/* the other formats do not care */
	pm_out_free(pm_out_new(c.fp, PM_FMT_JSON, icols, NICOLS, 0));
	free(cap_close(&c));
}

static void
ics_skips(pm_out *o)
{
	/* no start: no event, and not counted as shown */
	pm_out_text(o, 0, "C1");
	assert_int_equal(pm_out_row(o), 0);
	/* no key: no UID, no event */
	pm_out_int(o, 1, T);
	assert_int_equal(pm_out_row(o), 0);
	assert_int_equal(pm_out_rows(o), 0);
	/* the least an event has: key and start; the summary is the key */
	pm_out_text(o, 0, "C3");
	pm_out_int(o, 1, T);
	assert_int_equal(pm_out_row(o), 0);
	assert_int_equal(pm_out_rows(o), 1);
}

static void
test_ics_skips(void **state)
{
	char *s, *u;

	(void)state;
	s = ics_run(icols, NICOLS, ics_skips, 0);
	u = ics_check(s);
	assert_null(strstr(u, "C1@"));
	assert_non_null(strstr(u, "BEGIN:VEVENT\nUID:C3@" PM_OUT_ICS_UID_DOMAIN "\n"
	    "DTSTAMP:20251130T050500Z\nDTSTART:20251130T060500Z\nSUMMARY:C3\nEND:VEVENT\n"));
	free(u);
	free(s);
}

/* A description of n octets of filler then tail, to put the fold where
 * a test wants it: "DESCRIPTION:" is 12 octets. */
static const char *fold_text;

static void
ics_fold_row(pm_out *o)
{
	pm_out_text(o, 0, "C1");
	pm_out_int(o, 1, T);
	pm_out_text(o, 5, fold_text);
	pm_out_row(o);
}

static const pm_col fcols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "due", PM_C_TIME, 0, 0, PM_COL_START },
	{ "x", PM_C_TEXT, 0, 0, 0 }, { "y", PM_C_TEXT, 0, 0, 0 }, { "z", PM_C_TEXT, 0, 0, 0 },
	{ "body", PM_C_TEXT, 0, 0, PM_COL_DESC },
};

/* The DESCRIPTION lines of an ics document, as written (folded). */
static char *
desc_lines(const char *text)
{
	char *s, *d, *e, *r;

	fold_text = text;
	s = ics_run(fcols, 6, ics_fold_row, 0);
	free(ics_check(s));
	d = strstr(s, "DESCRIPTION:");
	assert_non_null(d);
	e = strstr(d, "END:VEVENT");
	assert_non_null(e);
	r = strndup(d, (size_t)(e - d));
	free(s);
	return r;
}

static void
test_ics_fold(void **state)
{
	char text[200];
	char *s;

	(void)state;
	/* exactly 75 octets: one line */
	memset(text, 'a', 63);
	text[63] = '\0';
	s = desc_lines(text);
	assert_int_equal(strlen(s), 75 + 2);
	free(s);
	/* 76: the 76th octet goes on a continuation line */
	strcpy(text + 63, "b");
	s = desc_lines(text);
	assert_string_equal(s + 75, "\r\n b\r\n");
	free(s);
	/* a 3-octet character on octets 74..76 moves whole to the next
	 * line, which leaves the first at 73 */
	memset(text, 'a', 61);
	strcpy(text + 61, "漏水");
	s = desc_lines(text);
	assert_int_equal(strstr(s, "\r\n") - s, 73);
	assert_string_equal(s + 73, "\r\n 漏水\r\n");
	free(s);
	/* ... and on octets 73..75 it still fits */
	memset(text, 'a', 60);
	strcpy(text + 60, "漏水");
	s = desc_lines(text);
	assert_int_equal(strstr(s, "\r\n") - s, 75);
	assert_string_equal(s + 75, "\r\n 水\r\n");
	free(s);
	/* a 4-octet character (an emoji) across the boundary, and a
	 * continuation line's own limit: space + 74 octets */
	memset(text, 'a', 62);
	strcpy(text + 62, "\xf0\x9f\x94\xa5");
	memset(text + 66, 'c', 80);
	text[146] = '\0';
	s = desc_lines(text);
	assert_int_equal(strstr(s, "\r\n") - s, 74);
	assert_memory_equal(s + 74, "\r\n \xf0\x9f\x94\xa5", 7);
	assert_int_equal(strstr(s + 76, "\r\n") - (s + 76), 75);
	free(s);
	/* Chinese text all the way: every line ends between characters */
	text[0] = '\0';
	while (strlen(text) + 3 < 190)
		strcat(text, "修");
	s = desc_lines(text);
	free(s);
}

static void
test_ics_escape(void **state)
{
	char *s;

	(void)state;
	s = desc_lines("a\\b;c,d\ne\r\nf\rg\th\x1b i\x7fj\xff k");
	assert_string_equal(s, "DESCRIPTION:a\\\\b\\;c\\,d\\ne\\nf\\ng\th\xef\xbf\xbd i"
	    "\xef\xbf\xbdj\xef\xbf\xbd k\r\n");
	free(s);
	/* the escapes are not split by a fold either: one \\ counts 2 */
	s = desc_lines("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa;b");
	assert_string_equal(s, "DESCRIPTION:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaaa\r\n \\;b\r\n");
	free(s);
	/* ... while an escaped backslash before the cut is whole */
	s = desc_lines("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\b");
	assert_string_equal(s, "DESCRIPTION:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	    "aaaaaaaaaaa\\\\\r\n b\r\n");
	free(s);
}

/* Dates are all-day events on their business-zone date; a date's end
 * is its last day, written as the day after (RFC 5545 ends are
 * exclusive); a span on a date lasts whole days. */
static const pm_col dcols[] = {
	{ "plan", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "day", PM_C_DATE, 0, 0, PM_COL_START },
	{ "last", PM_C_DATE, 0, 0, PM_COL_END },
};
static const pm_col scols[] = {
	{ "plan", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "day", PM_C_DATE, 0, 0, PM_COL_START },
	{ "takes", PM_C_SPAN, 0, 0, PM_COL_END },
};
static const pm_col tcols[] = {
	{ "job", PM_C_ID, 0, 0, PM_COL_KEY },
	{ "at", PM_C_TIME, 0, 0, PM_COL_START },
	{ "until", PM_C_TIME, 0, 0, PM_COL_END },
};

/* 2025-11-30 00:30 in Shanghai is still 2025-11-29 in UTC */
#define EARLY (T - 13 * 3600 - 35 * 60)

static void
ics_dates(pm_out *o)
{
	pm_out_text(o, 0, "M1");
	pm_out_int(o, 1, EARLY);
	pm_out_int(o, 2, EARLY + 2 * 86400);
	pm_out_row(o);
	/* an end before the start: a one-day event, no DTEND */
	pm_out_text(o, 0, "M2");
	pm_out_int(o, 1, EARLY);
	pm_out_int(o, 2, EARLY - 86400);
	pm_out_row(o);
}

static void
ics_spans(pm_out *o)
{
	pm_out_text(o, 0, "M3");
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, 86400 + 1);
	pm_out_row(o);
	pm_out_text(o, 0, "M4");
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, 0);
	pm_out_row(o);
}

static void
ics_times(pm_out *o)
{
	pm_out_text(o, 0, "W1");
	pm_out_int(o, 1, EARLY);
	pm_out_int(o, 2, EARLY + 3600);
	pm_out_row(o);
	pm_out_text(o, 0, "W2");
	pm_out_int(o, 1, EARLY);
	pm_out_int(o, 2, EARLY);
	pm_out_row(o);
}

static void
test_ics_dates(void **state)
{
	char *s, *u;

	(void)state;
	s = ics_run(dcols, 3, ics_dates, 0);
	u = ics_check(s);
	assert_non_null(strstr(u, "UID:M1@" PM_OUT_ICS_UID_DOMAIN "\nDTSTAMP:20251130T050500Z\n"
	    "DTSTART;VALUE=DATE:20251130\nDTEND;VALUE=DATE:20251203\n"));
	assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20251130\nSUMMARY:M2\n"));
	free(u);
	free(s);
	s = ics_run(scols, 3, ics_spans, 0);
	u = ics_check(s);
	assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20251130\nDURATION:P2D\nSUMMARY:M3\n"));
	assert_non_null(strstr(u, "DTSTART;VALUE=DATE:20251130\nSUMMARY:M4\n"));
	free(u);
	free(s);
	/* times are instants in UTC, whatever day it is in Shanghai */
	s = ics_run(tcols, 3, ics_times, 0);
	u = ics_check(s);
	assert_non_null(strstr(u, "DTSTART:20251129T163000Z\nDTEND:20251129T173000Z\nSUMMARY:W1\n"));
	assert_non_null(strstr(u, "DTSTART:20251129T163000Z\nSUMMARY:W2\n"));
	free(u);
	free(s);
}

static int64_t dur_v;

static void
ics_dur_row(pm_out *o)
{
	pm_out_text(o, 0, "C1");
	pm_out_int(o, 1, T);
	pm_out_int(o, 2, dur_v);
	pm_out_row(o);
}

static void
test_ics_duration(void **state)
{
	static const struct { int64_t v; const char *want; } cases[] = {
		{ 5, "DURATION:PT5S\r\n" }, { 60, "DURATION:PT1M\r\n" },
		{ 3600, "DURATION:PT1H\r\n" }, { 3605, "DURATION:PT1H0M5S\r\n" },
		{ 86400, "DURATION:P1D\r\n" }, { 86400 + 90, "DURATION:P1DT1M30S\r\n" },
		{ 2 * 86400 + 7200, "DURATION:P2DT2H\r\n" },
		{ -60, NULL }, { 0, NULL },
	};
	size_t i;
	char *s, *d;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dur_v = cases[i].v;
		s = ics_run(icols, NICOLS, ics_dur_row, 0);
		d = strstr(s, "DURATION:");
		if (cases[i].want == NULL) {
			assert_null(d);
		} else {
			assert_non_null(d);
			assert_memory_equal(d, cases[i].want, strlen(cases[i].want));
		}
		free(s);
	}
}

/* Personal data is masked in a calendar as everywhere: in the UID, the
 * summary, the location and the description alike. */
static const pm_col picols[] = {
	{ "plate", PM_C_ID, 0, PM_PII_PLATE, PM_COL_KEY },
	{ "at", PM_C_TIME, 0, 0, PM_COL_START },
	{ "name", PM_C_TEXT, 0, PM_PII_NAME, PM_COL_SUMMARY },
	{ "phone", PM_C_TEXT, 0, PM_PII_PHONE, PM_COL_LOCATION },
	{ "idnum", PM_C_TEXT, 0, PM_PII_IDNUM, PM_COL_DESC },
	{ "idnum2", PM_C_TEXT, 0, PM_PII_IDNUM, 0 },
};

static void
ics_pii_row(pm_out *o)
{
	pm_out_text(o, 0, "京A12345");
	pm_out_int(o, 1, T);
	pm_out_text(o, 2, "张三");
	pm_out_text(o, 3, "13812341234");
	pm_out_text(o, 4, "11010519491231002X");
	pm_out_text(o, 5, "11010519491231002X");
	pm_out_row(o);
}

static void
test_ics_pii(void **state)
{
	char *s;

	(void)state;
	pm_mask_set(fake_masker);
	s = ics_run(picols, 6, ics_pii_row, 0);
	assert_null(strstr(s, "京A12345"));
	assert_null(strstr(s, "张三"));
	assert_null(strstr(s, "13812341234"));
	assert_null(strstr(s, "11010519491231002X"));
	assert_non_null(strstr(s, "UID:<plate:京>@"));
	assert_non_null(strstr(s, "SUMMARY:<name:张>\r\n"));
	assert_non_null(strstr(s, "LOCATION:<phone:138>\r\n"));
	assert_non_null(strstr(s, "DESCRIPTION:<idnum:110>\\n\\nname: <name:张>\\nidnum2: <idnum:110>\r\n"));
	free(s);
	s = ics_run(picols, 6, ics_pii_row, PM_OUT_UNMASK);
	assert_non_null(strstr(s, "SUMMARY:张三\r\n"));
	free(s);
	pm_mask_set(NULL);
}

/* On a terminal the text is made harmless as a table's, after the
 * calendar's own escaping; in a file it is data. */
static void
test_ics_terminal(void **state)
{
	char *s;

	(void)state;
	fold_text = "a\xe2\x80\xae" "b";         /* U+202E, a bidi override */
	s = ics_run(fcols, 6, ics_fold_row, PM_OUT_TERMINAL);
	assert_non_null(strstr(s, "DESCRIPTION:a\\u202Eb\r\n"));
	free(s);
	s = ics_run(fcols, 6, ics_fold_row, 0);
	assert_non_null(strstr(s, "DESCRIPTION:a\xe2\x80\xae" "b\r\n"));
	free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns_are_copied),
		cmocka_unit_test(test_fmt_parse),
		cmocka_unit_test(test_hold),
		cmocka_unit_test(test_new_limits),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_tsv_header),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_terminal),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_id),
		cmocka_unit_test(test_id_key),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_header),
		cmocka_unit_test(test_table_trailing_and_types),
		cmocka_unit_test(test_span),
		cmocka_unit_test(test_table_empty),
		cmocka_unit_test(test_table_cjk_alignment),
		cmocka_unit_test(test_table_streaming),
		cmocka_unit_test(test_csv_formula),
		cmocka_unit_test(test_csv_empty_has_header),
		cmocka_unit_test(test_json_controls),
		cmocka_unit_test(test_mismatched_setters),
		cmocka_unit_test(test_write_error_full),
		cmocka_unit_test(test_write_error_pipe),
		cmocka_unit_test(test_pii_masked_in_every_format),
		cmocka_unit_test(test_pii_fail_closed),
		cmocka_unit_test(test_out_cells),
		cmocka_unit_test(test_out_value),
		cmocka_unit_test(test_ics_event),
		cmocka_unit_test(test_ics_two_starts),
		cmocka_unit_test(test_ics_empty),
		cmocka_unit_test(test_ics_needs_start),
		cmocka_unit_test(test_ics_skips),
		cmocka_unit_test(test_ics_fold),
		cmocka_unit_test(test_ics_escape),
		cmocka_unit_test(test_ics_dates),
		cmocka_unit_test(test_ics_duration),
		cmocka_unit_test(test_ics_pii),
		cmocka_unit_test(test_ics_terminal),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, NULL);
}
