/* test_yaml.c — the strict YAML reader: every refusal with its position,
 * scalars kept verbatim, typed reads. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "registry.h"
#include "yaml.h"

/* Parse a string literal (embedded NULs included) as file "t.yaml". */
#define PARSE(lit, docp, errp) pm_yaml_parse("t.yaml", lit, sizeof(lit) - 1, docp, errp)

/* Parse and expect exactly this error message. */
static void
refused_n(const char *data, size_t len, const char *want)
{
	pm_ydoc *doc = (pm_ydoc *)1;
	pm_err err;

	pm_err_clear(&err);
	assert_int_equal(pm_yaml_parse("t.yaml", data, len, &doc, &err), PM_EX_CONFIG);
	assert_null(doc);
	assert_int_equal(err.status, PM_EX_CONFIG);
	assert_string_equal(err.msg, want);
}

#define REFUSED(lit, want) refused_n(lit, sizeof(lit) - 1, want)

static pm_ydoc *
parsed_n(const char *data, size_t len)
{
	pm_ydoc *doc = NULL;
	pm_err err;

	pm_err_clear(&err);
	if (pm_yaml_parse("t.yaml", data, len, &doc, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	assert_non_null(doc);
	assert_non_null(doc->root);
	return doc;
}

#define PARSED(lit) parsed_n(lit, sizeof(lit) - 1)

/* Speed is measured by make bench, not here: these tests show the
 * refusals happen early (the error column proves the reader stopped at
 * the 65th level, not at the end of the input). */

/* ---- the tree ------------------------------------------------------ */

static void
test_tree(void **state)
{
	pm_ydoc *doc;
	const pm_ynode *r, *b, *c;

	(void)state;
	doc = PARSED("a: 1\nb:\n  - x\n  - y: z\nc: {k: [1, 2]}\n");
	r = doc->root;
	assert_string_equal(doc->file, "t.yaml");
	assert_int_equal(r->kind, PM_Y_MAP);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->line, 1);
	assert_int_equal(r->col, 1);
	assert_string_equal(r->keys[0]->str, "a");
	assert_string_equal(r->items[0]->str, "1");
	assert_int_equal(r->items[0]->line, 1);
	assert_int_equal(r->items[0]->col, 4);
	b = pm_yaml_get(r, "b");
	assert_non_null(b);
	assert_int_equal(b->kind, PM_Y_SEQ);
	assert_null(b->keys);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->items[0]->str, "x");
	assert_int_equal(b->items[0]->line, 3);
	assert_int_equal(b->items[0]->col, 5);
	assert_string_equal(pm_yaml_get(b->items[1], "y")->str, "z");
	c = pm_yaml_get(pm_yaml_get(r, "c"), "k");
	assert_int_equal(c->kind, PM_Y_SEQ);
	assert_string_equal(c->items[1]->str, "2");
	assert_int_equal(c->items[1]->line, 5);
	assert_int_equal(c->items[1]->col, 12);
	assert_null(pm_yaml_get(r, "nope"));
	assert_null(pm_yaml_get(b, "x"));       /* not a map */
	assert_null(pm_yaml_get(NULL, "x"));
	pm_yaml_free(doc);
	pm_yaml_free(NULL);
}

static void
test_scalar_root_and_empty_maps(void **state)
{
	pm_ydoc *doc;

	(void)state;
	doc = PARSED("just text\n");
	assert_int_equal(doc->root->kind, PM_Y_SCALAR);
	assert_string_equal(doc->root->str, "just text");
	pm_yaml_free(doc);
	doc = PARSED("{}");
	assert_int_equal(doc->root->kind, PM_Y_MAP);
	assert_int_equal(doc->root->n, 0);
	assert_null(doc->root->items);
	pm_yaml_free(doc);
	doc = PARSED("\"\"\n");             /* a quoted empty string is content */
	assert_int_equal(doc->root->len, 0);
	assert_false(doc->root->plain);
	pm_yaml_free(doc);
	doc = PARSED("a:\n");               /* an empty value is an empty scalar */
	assert_string_equal(doc->root->items[0]->str, "");
	assert_true(doc->root->items[0]->plain);
	pm_yaml_free(doc);
}

/* ---- scalars are never interpreted ---------------------------------- */

static void
test_scalars_verbatim(void **state)
{
	static const char *const words[] = {
		"0101", "1_000", "yes", "no", "on", "~", "null", "Null", "0x1F",
		"1e3", "+1", ".inf", "2026-11-30", "true", "12:30", "0o17", "-0",
	};
	char buf[64];
	size_t i;
	pm_ydoc *doc;

	(void)state;
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		int n = snprintf(buf, sizeof buf, "v: %s\n", words[i]);

		doc = parsed_n(buf, (size_t)n);
		assert_int_equal(doc->root->items[0]->kind, PM_Y_SCALAR);
		assert_string_equal(doc->root->items[0]->str, words[i]);
		assert_int_equal(doc->root->items[0]->len, strlen(words[i]));
		assert_true(doc->root->items[0]->plain);
		pm_yaml_free(doc);
	}
}

static void
test_quoted_scalars(void **state)
{
	pm_ydoc *doc;
	const pm_ynode *r;

	(void)state;
	doc = PARSED("a: \"0101\"\nb: 'it''s'\nc: \"tab\\there\"\nd: \"\\u00e9\"\n"
		"e: |\n  line 1\n  line 2\nf: >\n  folded\n  text\n");
	r = doc->root;
	assert_string_equal(pm_yaml_get(r, "a")->str, "0101");
	assert_false(pm_yaml_get(r, "a")->plain);
	assert_string_equal(pm_yaml_get(r, "b")->str, "it's");
	assert_string_equal(pm_yaml_get(r, "c")->str, "tab\there");
	assert_string_equal(pm_yaml_get(r, "d")->str, "\xc3\xa9");
	assert_string_equal(pm_yaml_get(r, "e")->str, "line 1\nline 2\n");
	assert_false(pm_yaml_get(r, "e")->plain);
	assert_string_equal(pm_yaml_get(r, "f")->str, "folded text\n");
	pm_yaml_free(doc);
}

static void
test_chinese(void **state)
{
	pm_ydoc *doc;
	const pm_ynode *r;

	(void)state;
	doc = PARSED("名称: 阳光花园物业服务中心\n地址: \"北京市 朝阳区\"\n楼栋: [一号楼, 二号楼]\n");
	r = doc->root;
	assert_string_equal(r->keys[0]->str, "名称");
	assert_string_equal(r->items[0]->str, "阳光花园物业服务中心");
	assert_int_equal(r->items[0]->len, strlen("阳光花园物业服务中心"));
	assert_int_equal(r->items[0]->col, 5);  /* columns count characters */
	assert_string_equal(pm_yaml_get(r, "地址")->str, "北京市 朝阳区");
	assert_string_equal(pm_yaml_get(r, "楼栋")->items[1]->str, "二号楼");
	assert_int_equal(pm_yaml_get(r, "楼栋")->items[1]->col, 11);
	pm_yaml_free(doc);
	/* positions after Chinese text are in characters too */
	REFUSED("名称: 阳光\n楼: [一, &x 二]\n", "t.yaml:2:8: anchors and aliases are not allowed");
}

static void
test_bom_and_line_ends(void **state)
{
	pm_ydoc *doc;

	(void)state;
	doc = PARSED("\xef\xbb\xbf" "a: 1\n");
	assert_string_equal(doc->root->keys[0]->str, "a");
	assert_int_equal(doc->root->keys[0]->col, 1);
	pm_yaml_free(doc);
	REFUSED("\xef\xbb\xbf" "a: 1\na: 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)");
	REFUSED("a: 1\r\nb: 2\r\na: 3\r\n", "t.yaml:3:1: duplicate key 'a' (first at line 1)");
	doc = PARSED("a: 1\r\nb: 2\r\n");
	assert_int_equal(pm_yaml_get(doc->root, "b")->line, 2);
	pm_yaml_free(doc);
}

/* ---- refusals ------------------------------------------------------- */

static void
test_duplicate_key(void **state)
{
	(void)state;
	REFUSED("a: 1\nb: 2\na: 3\n", "t.yaml:3:1: duplicate key 'a' (first at line 1)");
	REFUSED("m:\n  x: 1\n  y: 2\n  x: 3\n", "t.yaml:4:3: duplicate key 'x' (first at line 2)");
	/* quoting does not make a different key */
	REFUSED("a: 1\n\"a\": 2\n", "t.yaml:2:1: duplicate key 'a' (first at line 1)");
	REFUSED("{k: 1, k: 2}", "t.yaml:1:8: duplicate key 'k' (first at line 1)");
	REFUSED("名称: 1\n名称: 2\n", "t.yaml:2:1: duplicate key '名称' (first at line 1)");
	/* a key with escapes is shown harmlessly */
	REFUSED("\"\\e[31m\": 1\n\"\\e[31m\": 2\n",
		"t.yaml:2:1: duplicate key '?[31m' (first at line 1)");
}

/* Many keys in one mapping: duplicates are found by hash, not by scan. */
static void
test_duplicate_key_large(void **state)
{
	size_t cap = 800000, len = 0, i;
	char *buf = malloc(cap);
	pm_ydoc *doc;
	pm_err err;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < 50000; i++)
		len += (size_t)snprintf(buf + len, cap - len, "k%zu: %zu\n", i, i);
	doc = parsed_n(buf, len);
	assert_int_equal(doc->root->n, 50000);
	assert_string_equal(pm_yaml_get(doc->root, "k49999")->str, "49999");
	pm_yaml_free(doc);
	len += (size_t)snprintf(buf + len, cap - len, "k123: again\n");
	assert_int_equal(pm_yaml_parse("t.yaml", buf, len, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:50001:1: duplicate key 'k123' (first at line 124)");
	free(buf);
}

static void
test_anchor_alias(void **state)
{
	(void)state;
	REFUSED("a: &x 1\n", "t.yaml:1:4: anchors and aliases are not allowed");
	REFUSED("a: 1\nb: *x\n", "t.yaml:2:4: anchors and aliases are not allowed");
	REFUSED("a: &x\n  k: v\n", "t.yaml:1:4: anchors and aliases are not allowed");
	REFUSED("- &s [1]\n", "t.yaml:1:3: anchors and aliases are not allowed");
	REFUSED("base: {a: 1}\nm:\n  <<: *base\n", "t.yaml:3:7: anchors and aliases are not allowed");
}

/* The billion laughs: refused at the first anchor, in bounded time. */
static void
test_alias_bomb(void **state)
{
	char buf[4096];
	size_t len;
	int i, j;
	pm_ydoc *doc;
	pm_err err;

	(void)state;
	len = (size_t)snprintf(buf, sizeof buf, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
	for (i = 1; i < 10; i++) {
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%c: &%c [", 'a' + i, 'a' + i);
		for (j = 0; j < 9; j++)
			len += (size_t)snprintf(buf + len, sizeof buf - len, "%s*%c",
				j ? ", " : "", 'a' + i - 1);
		len += (size_t)snprintf(buf + len, sizeof buf - len, "]\n");
	}
	assert_true(len < sizeof buf);
	assert_int_equal(pm_yaml_parse("t.yaml", buf, len, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:1:4: anchors and aliases are not allowed");
}

static void
test_tags(void **state)
{
	(void)state;
	REFUSED("a: !!str 1\n", "t.yaml:1:4: tags are not allowed");
	REFUSED("a: !x 1\n", "t.yaml:1:4: tags are not allowed");
	REFUSED("a: ! 1\n", "t.yaml:1:4: tags are not allowed");
	REFUSED("--- !!map\na: 1\n", "t.yaml:1:5: tags are not allowed");
	REFUSED("a: !!seq\n- 1\n", "t.yaml:1:4: tags are not allowed");
	REFUSED("%TAG ! tag:example.com,2000:\n---\na: 1\n", "t.yaml:1:1: tags are not allowed");
}

static void
test_tabs(void **state)
{
	pm_ydoc *doc;

	(void)state;
	REFUSED("a:\n\tb: 1\n", "t.yaml:2:1: tab in indentation; use spaces");
	REFUSED("a:\n  \tb: 1\n", "t.yaml:2:3: tab in indentation; use spaces");
	REFUSED("a: [1,\n\t2]\n", "t.yaml:2:1: tab in indentation; use spaces");
	REFUSED("a: |\n  x\n\ty\n", "t.yaml:3:1: tab in indentation; use spaces");
	REFUSED("a: 1\r\n\tb: 2\r\n", "t.yaml:2:1: tab in indentation; use spaces");
	REFUSED("a: 1\n\t\nc: 3\n", "t.yaml:2:1: tab in indentation; use spaces");
	REFUSED("a: 1\n  \t# note\n", "t.yaml:2:3: tab in indentation; use spaces");
	/* tabs after the indentation are not indentation */
	doc = PARSED("a:\t1\nb: x\ty\t# note\nc: 3\t\n");
	assert_string_equal(pm_yaml_get(doc->root, "b")->str, "x\ty");
	pm_yaml_free(doc);
}

static void
test_documents(void **state)
{
	pm_ydoc *doc;

	(void)state;
	REFUSED("a: 1\n---\nb: 2\n", "t.yaml:2:1: more than one document");
	REFUSED("---\na: 1\n---\nb: 2\n", "t.yaml:3:1: more than one document");
	REFUSED("a: 1\n...\n---\nb: 2\n", "t.yaml:3:1: more than one document");
	REFUSED("a: 1\n---\n", "t.yaml:2:1: more than one document");
	/* one explicit document, with end marker and version, is fine */
	doc = PARSED("%YAML 1.1\n---\na: 1\n...\n");
	assert_int_equal(doc->root->line, 3);
	pm_yaml_free(doc);
}

static void
test_empty(void **state)
{
	(void)state;
	REFUSED("", "t.yaml:1:1: empty document");
	REFUSED("\n\n", "t.yaml:1:1: empty document");
	REFUSED("# only\n# comments\n", "t.yaml:1:1: empty document");
	REFUSED("   # indented comment\n", "t.yaml:1:1: empty document");
	REFUSED("\xef\xbb\xbf", "t.yaml:1:1: empty document");
	REFUSED("---\n", "t.yaml:1:1: empty document");
	REFUSED("# title\n---\n# nothing\n", "t.yaml:2:1: empty document");
	refused_n(NULL, 0, "t.yaml:1:1: empty document");
}

static void
test_nul_utf8_control(void **state)
{
	(void)state;
	REFUSED("a: x\0y\n", "t.yaml:1:5: NUL byte; this is not a text file");
	REFUSED("a: 1\nb: 中文\0\n", "t.yaml:2:6: NUL byte; this is not a text file");
	REFUSED("a: 中\xff\n", "t.yaml:1:5: invalid UTF-8");
	REFUSED("a: 1\nb: \xc0\xaf\n", "t.yaml:2:4: invalid UTF-8");          /* overlong '/' */
	REFUSED("a: \xed\xa0\x80\n", "t.yaml:1:4: invalid UTF-8");            /* surrogate */
	REFUSED("a: \xf4\x90\x80\x80\n", "t.yaml:1:4: invalid UTF-8");        /* > U+10FFFF */
	REFUSED("a: \xe4\xb8", "t.yaml:1:4: invalid UTF-8");                  /* truncated */
	REFUSED("a: \x01\n", "t.yaml:1:4: control character U+0001 is not allowed");
	REFUSED("a: x\x7f\n", "t.yaml:1:5: control character U+007F is not allowed");
	REFUSED("a: \xc2\x9b[31m\n", "t.yaml:1:4: control character U+009B is not allowed");
	REFUSED("a: \"x\\0y\"\n", "t.yaml:1:4: NUL character in a scalar");
	REFUSED("a: \"\\x00\"\n", "t.yaml:1:4: NUL character in a scalar");
}

static void
test_utf16_bom(void **state)
{
	const char *want = "t.yaml:1:1: UTF-16/UTF-32 is not supported; save as UTF-8";

	(void)state;
	REFUSED("\xff\xfe" "a\0:\0 \0" "1\0", want);
	REFUSED("\xfe\xff" "\0a\0:\0 \0" "1", want);
	REFUSED("\xff\xfe\0\0" "a\0\0\0", want);
	REFUSED("\0\0\xfe\xff" "\0\0\0a", want);
	/* UTF-16 without a BOM is caught by its NUL bytes */
	REFUSED("a\0:\0", "t.yaml:1:2: NUL byte; this is not a text file");
}

static void
test_nesting(void **state)
{
	char *buf;
	size_t n = 100000, i, len;
	pm_ydoc *doc;
	pm_err err;

	(void)state;
	buf = malloc(4 * n + 16);
	assert_non_null(buf);
	/* 100,000 '[': refused at the 65th, long before the end */
	memset(buf, '[', n);
	assert_int_equal(pm_yaml_parse("t.yaml", buf, n, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:1:65: nested deeper than 64 levels");
	assert_non_null(strstr(err.msg, "nested"));
	/* the same with flow mappings, block sequences and block mappings */
	for (i = 0; i < n; i++)
		memcpy(buf + 4 * i, "{a: ", 4);
	assert_int_equal(pm_yaml_parse("t.yaml", buf, 4 * n, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:1:257: nested deeper than 64 levels");
	for (i = 0; i < n; i++)
		memcpy(buf + 2 * i, "- ", 2);
	assert_int_equal(pm_yaml_parse("t.yaml", buf, 2 * n, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:1:129: nested deeper than 64 levels");
	for (i = 0, len = 0; i < 70; i++) {
		memset(buf + len, ' ', i);
		len += i;
		len += (size_t)snprintf(buf + len, 8, "k:\n");
	}
	assert_int_equal(pm_yaml_parse("t.yaml", buf, len, &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:65:65: nested deeper than 64 levels");

	/* exactly 64 levels is fine */
	memset(buf, '[', 64);
	buf[64] = 'x';
	memset(buf + 65, ']', 64);
	doc = parsed_n(buf, 129);
	{
		const pm_ynode *p = doc->root;
		int depth = 1;

		while (p->items[0]->kind == PM_Y_SEQ) {
			p = p->items[0];
			depth++;
		}
		assert_int_equal(depth, 64);
		assert_string_equal(p->items[0]->str, "x");
	}
	pm_yaml_free(doc);
	/* and 65 is not */
	memset(buf, '[', 65);
	buf[65] = 'x';
	memset(buf + 66, ']', 65);
	refused_n(buf, 131, "t.yaml:1:65: nested deeper than 64 levels");
	free(buf);
}

static void
test_size(void **state)
{
	size_t max = PM_YAML_MAX_BYTES;
	char *buf = malloc(max + 1);
	pm_ydoc *doc;

	(void)state;
	assert_non_null(buf);
	/* exactly 1 MiB is accepted */
	memcpy(buf, "a: ", 3);
	memset(buf + 3, 'x', max - 4);
	buf[max - 1] = '\n';
	doc = parsed_n(buf, max);
	assert_int_equal(doc->root->items[0]->len, max - 4);
	pm_yaml_free(doc);
	/* one byte more is not */
	buf[max - 1] = 'x';
	buf[max] = '\n';
	refused_n(buf, max + 1, "t.yaml: larger than 1 MiB");
	free(buf);
}

static void
test_complex_keys(void **state)
{
	(void)state;
	REFUSED("? [a]\n: 1\n", "t.yaml:1:3: a mapping key must be a scalar, found a sequence");
	REFUSED("{[a]: 1}", "t.yaml:1:2: a mapping key must be a scalar, found a sequence");
	REFUSED("? {a: 1}\n: 2\n", "t.yaml:1:3: a mapping key must be a scalar, found a mapping");
}

static void
test_syntax_errors(void **state)
{
	pm_ydoc *doc;
	pm_err err;

	(void)state;
	assert_int_equal(PARSE("a: [1, 2\n", &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg,
		"t.yaml:2:1: did not find expected ',' or ']' while parsing a flow sequence at line 1");
	assert_int_equal(PARSE("a:\n  b: 1\n c: 2\n", &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg,
		"t.yaml:3:2: did not find expected key while parsing a block mapping at line 1");
	assert_int_equal(PARSE("a: 1\n b: 2\n", &doc, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:2:3: mapping values are not allowed in this context");
	assert_int_equal(PARSE("a: \"open\n", &doc, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "t.yaml:2:1: found unexpected end of stream"));
	assert_null(doc);
}

/*
 * What yaml-test-suite (tests/conform) found libyaml 0.2.5 accepting
 * although YAML calls it invalid, or reading wrongly: each is refused
 * with its position, and the valid neighbours still read.
 */
static void
test_suite_findings(void **state)
{
	pm_ydoc *doc;

	(void)state;
	/* a comment needs a blank before '#' (9JBA, CVW2, SU5Z, X4QW) */
	REFUSED("---\n[ a, b, c, ]#invalid\n", "t.yaml:2:13: a comment needs a space before '#'");
	REFUSED("---\n[ a, b, c,#invalid\n]\n", "t.yaml:2:11: a comment needs a space before '#'");
	REFUSED("key: \"value\"# invalid comment\n",
		"t.yaml:1:13: a comment needs a space before '#'");
	REFUSED("block: ># comment\n  scalar\n", "t.yaml:1:9: a comment needs a space before '#'");
	/* positions count characters, and "\r\n" ends a line like "\n" */
	REFUSED("a: 1\r\nb: \"x\"#c\r\n", "t.yaml:2:7: a comment needs a space before '#'");
	REFUSED("k: \"中文\"#c\n", "t.yaml:1:8: a comment needs a space before '#'");
	REFUSED("a: 1\r\nb: \"x\r\n  y\"\r\nc: [1,\r\n 2]#x\r\n",
		"t.yaml:5:4: a comment needs a space before '#'");
	doc = PARSED("a: 1\r\nb: \"x\r\n  y\"\r\nc: [1,\r\n 2] # ok\r\n");
	assert_string_equal(pm_yaml_get(doc->root, "b")->str, "x y");
	pm_yaml_free(doc);
	doc = PARSED("a: [1, 2] # ok\nb: \"v\" # ok\nc: x#y\nd: >- # ok\n  t\n# ok\n");
	assert_string_equal(pm_yaml_get(doc->root, "c")->str, "x#y");
	assert_string_equal(pm_yaml_get(doc->root, "d")->str, "t");
	pm_yaml_free(doc);
	/* later lines of a flow collection or quoted scalar in a block
	 * mapping are indented more than the mapping (9C9N, QB6E) */
	REFUSED("---\nflow: [a,\nb,\nc]\n",
		"t.yaml:3:1: a flow collection's lines must be indented more than the block holding it");
	REFUSED("---\nquoted: \"a\nb\nc\"\n",
		"t.yaml:3:1: a quoted scalar's lines must be indented more than the block holding it");
	doc = PARSED("flow: [a,\n b]\nquoted: \"a\n b\"\ntop:\n  - [x,\n   y]\n");
	assert_int_equal(pm_yaml_get(doc->root, "flow")->n, 2);
	assert_string_equal(pm_yaml_get(doc->root, "quoted")->str, "a b");
	pm_yaml_free(doc);
	doc = PARSED("[a,\nb]\n");          /* no block around it: any indentation */
	assert_int_equal(doc->root->n, 2);
	pm_yaml_free(doc);
	/* a plain '-' is no scalar in a flow collection (G5U8, YJV2) */
	REFUSED("[-]\n", "t.yaml:1:2: a plain scalar cannot start with '-', '?' or ':' "
		"and a blank in a flow collection; quote it");
	REFUSED("- [-, -]\n", "t.yaml:1:4: a plain scalar cannot start with '-', '?' or ':' "
		"and a blank in a flow collection; quote it");
	doc = PARSED("[-1, -x, \"-\"]\n");
	assert_string_equal(doc->root->items[1]->str, "-x");
	pm_yaml_free(doc);
	/* leading empty lines of a block scalar with more spaces than its
	 * first line (S98Z) */
	REFUSED("empty block scalar: >\n \n  \n   \n # comment\n",
		"t.yaml:5:2: an empty line of the block scalar above holds more spaces than its first line");
	doc = PARSED("a: |\n\n  x\nb: |\n   \nc: 1\n");
	assert_string_equal(pm_yaml_get(doc->root, "a")->str, "\nx\n");
	pm_yaml_free(doc);
	/* "?foo" in a flow mapping is the scalar "?foo"; libyaml reads the
	 * key "foo", so it is refused rather than misread (652Z, HM87) */
	REFUSED("{ ?foo: bar }\n", "t.yaml:1:3: '?' followed by text in a flow collection; "
		"quote the scalar or put a space after '?'");
	doc = PARSED("{ ? foo : bar, \"?x\": y }\n");
	assert_string_equal(doc->root->keys[0]->str, "foo");
	assert_string_equal(doc->root->keys[1]->str, "?x");
	pm_yaml_free(doc);
	/* a last line of spaces without a line break belongs to the block
	 * scalar (JEF9/02, L24T/01) */
	doc = PARSED("- |+\n   ");
	assert_string_equal(doc->root->items[0]->str, "\n");
	pm_yaml_free(doc);
	doc = PARSED("foo: |\n  x\n   ");
	assert_string_equal(pm_yaml_get(doc->root, "foo")->str, "x\n \n");
	pm_yaml_free(doc);
}

static void
test_load(void **state)
{
	char dir[] = "/tmp/test_yaml.XXXXXX", path[256];
	pm_ydoc *doc;
	pm_err err;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/missing.yaml", dir);
	assert_int_equal(pm_yaml_load(path, &doc, &err), PM_EX_NOINPUT);
	assert_null(doc);
	assert_non_null(strstr(err.msg, "missing.yaml: no such file"));
	/* a directory is there but is not a file */
	assert_int_equal(pm_yaml_load(dir, &doc, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "Is a directory"));

	snprintf(path, sizeof path, "%s/ok.yaml", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("a: 1\nb: [x]\nc: 3\nb: 4\n", fp);
	fclose(fp);
	assert_int_equal(pm_yaml_load(path, &doc, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "/ok.yaml:4:1: duplicate key 'b' (first at line 2)"));
	assert_int_equal(strncmp(err.msg, dir, strlen(dir)), 0);
	fp = fopen(path, "w");
	fputs("a: 1\n", fp);
	fclose(fp);
	assert_int_equal(pm_yaml_load(path, &doc, &err), 0);
	assert_string_equal(doc->file, path);
	pm_yaml_free(doc);
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(pm_yaml_load(path, &doc, &err), PM_EX_CONFIG);
		assert_non_null(strstr(err.msg, "Permission denied"));
	}
	unlink(path);
	rmdir(dir);
}

/* ---- typed reads ---------------------------------------------------- */

/* A scalar into a fixed field: it fits, or it is refused with the position. */
static void
test_typed_copy(void **state)
{
	pm_ydoc *doc = PARSED("s: 火警\nlong: abcdefgh\ne: \"\"\nm: {a: 1}\n");
	char out[8];
	pm_err err;

	(void)state;
	assert_int_equal(pm_yaml_copy(doc, pm_yaml_get(doc->root, "s"), out, sizeof out, &err), 0);
	assert_string_equal(out, "火警");
	assert_int_equal(pm_yaml_copy(doc, pm_yaml_get(doc->root, "long"), out, sizeof out, &err),
	    PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:2:7: expected 1 to 7 bytes");
	assert_int_equal(pm_yaml_copy(doc, pm_yaml_get(doc->root, "e"), out, sizeof out, &err),
	    PM_EX_CONFIG);
	assert_int_equal(pm_yaml_copy(doc, pm_yaml_get(doc->root, "m"), out, sizeof out, &err),
	    PM_EX_CONFIG);
	pm_yaml_free(doc);
}

static void
test_typed_str(void **state)
{
	pm_ydoc *doc = PARSED("s: text\nm: {a: 1}\nq: [1]\ne:\n");
	const char *s;
	pm_err err;

	(void)state;
	assert_int_equal(pm_yaml_str(doc, pm_yaml_get(doc->root, "s"), &s, &err), 0);
	assert_string_equal(s, "text");
	assert_int_equal(pm_yaml_str(doc, pm_yaml_get(doc->root, "m"), &s, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:2:4: expected a string, found a mapping");
	assert_int_equal(pm_yaml_str(doc, pm_yaml_get(doc->root, "q"), &s, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:3:4: expected a string, found a sequence");
	assert_int_equal(pm_yaml_str(doc, pm_yaml_get(doc->root, "e"), &s, &err), 0);
	assert_string_equal(s, "");
	assert_int_equal(pm_yaml_error(&err, doc, doc->root->keys[1], "no %s here", "m"),
		PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:2:1: no m here");
	assert_int_equal(err.status, PM_EX_CONFIG);
	pm_yaml_error(&err, doc, NULL, "whole file");
	assert_string_equal(err.msg, "t.yaml: whole file");
	pm_yaml_free(doc);
}

static void
test_typed_int(void **state)
{
	pm_ydoc *doc = PARSED("- 42\n- -7\n- 0101\n- 1_000\n- 0x10\n- +1\n- ''\n- 1.0\n- ' 1'\n"
		"- 9223372036854775807\n- 9223372036854775808\n- -9223372036854775808\n"
		"- -9223372036854775809\n- 101\n- \"5\"\n- [1]\n- -\n");
	const pm_ynode *const *it = (const pm_ynode *const *)doc->root->items;
	int64_t v;
	pm_err err;

	(void)state;
	assert_int_equal(pm_yaml_int(doc, it[0], 0, 100, &v, &err), 0);
	assert_int_equal(v, 42);
	assert_int_equal(pm_yaml_int(doc, it[1], -10, 100, &v, &err), 0);
	assert_int_equal(v, -7);
	/* leading zeros are decimal, never octal */
	assert_int_equal(pm_yaml_int(doc, it[2], 0, 1000, &v, &err), 0);
	assert_int_equal(v, 101);
	assert_int_equal(pm_yaml_int(doc, it[3], 0, 100000, &v, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:4:3: expected an integer from 0 to 100000, found '1_000'");
	assert_int_equal(pm_yaml_int(doc, it[4], 0, 100, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[5], 0, 100, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[6], 0, 100, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[7], 0, 100, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[8], 0, 100, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[9], INT64_MIN, INT64_MAX, &v, &err), 0);
	assert_true(v == INT64_MAX);
	assert_int_equal(pm_yaml_int(doc, it[10], INT64_MIN, INT64_MAX, &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_int(doc, it[11], INT64_MIN, INT64_MAX, &v, &err), 0);
	assert_true(v == INT64_MIN);
	assert_int_equal(pm_yaml_int(doc, it[12], INT64_MIN, INT64_MAX, &v, &err), PM_EX_CONFIG);
	/* out of range */
	assert_int_equal(pm_yaml_int(doc, it[13], 1, 100, &v, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:14:3: expected an integer from 1 to 100, found '101'");
	/* quoting does not change the text */
	assert_int_equal(pm_yaml_int(doc, it[14], 1, 100, &v, &err), 0);
	assert_int_equal(v, 5);
	assert_int_equal(pm_yaml_int(doc, it[15], 1, 100, &v, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:16:3: expected an integer from 1 to 100, found a sequence");
	assert_int_equal(pm_yaml_int(doc, it[16], -5, 5, &v, &err), PM_EX_CONFIG);
	pm_yaml_free(doc);
}

static void
test_typed_bool_enum(void **state)
{
	pm_ydoc *doc = PARSED("- true\n- false\n- yes\n- True\n- half-even\n- half_up\n- {}\n- half\n");
	const pm_ynode *const *it = (const pm_ynode *const *)doc->root->items;
	pm_err err;
	int b, idx;

	(void)state;
	assert_int_equal(pm_yaml_bool(doc, it[0], &b, &err), 0);
	assert_int_equal(b, 1);
	assert_int_equal(pm_yaml_bool(doc, it[1], &b, &err), 0);
	assert_int_equal(b, 0);
	assert_int_equal(pm_yaml_bool(doc, it[2], &b, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:3:3: expected true or false, found 'yes'");
	assert_int_equal(pm_yaml_bool(doc, it[3], &b, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_bool(doc, it[6], &b, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:7:3: expected true or false, found a mapping");

	assert_int_equal(pm_yaml_enum(doc, it[4], "half-up|half-even", &idx, &err), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(pm_yaml_enum(doc, it[0], "false|true", &idx, &err), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(pm_yaml_enum(doc, it[5], "half-up|half-even", &idx, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg,
		"t.yaml:6:3: expected one of half-up, half-even, found 'half_up'");
	/* a prefix of a choice is not the choice */
	assert_int_equal(pm_yaml_enum(doc, it[7], "half-up|half-even", &idx, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_enum(doc, it[6], "a|b", &idx, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:7:3: expected one of a, b, found a mapping");
	pm_yaml_free(doc);
}

/* The values the files' schemas share (plans, routes). */
static void
test_shared_values(void **state)
{
	pm_ydoc *doc = PARSED("- 北门岗\n- ''\n- N-GATE\n- a b\n- [x, y]\n- []\n- 90min\n- 1mo\n- 2d\n"
	    "- {}\n");
	const pm_ynode *const *it = (const pm_ynode *const *)doc->root->items;
	const char **list = NULL, *s;
	size_t n;
	int64_t v;
	pm_err err;

	(void)state;
	assert_int_equal(pm_yaml_text(doc, it[0], 3, &s, &err), 0);
	assert_string_equal(s, "北门岗");
	assert_int_equal(pm_yaml_text(doc, it[0], 2, &s, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_text(doc, it[1], 10, &s, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:2:3: must not be empty");
	assert_int_equal(pm_yaml_code(doc, it[2], 32, &s, &err), 0);
	assert_int_equal(pm_yaml_code(doc, it[3], 32, &s, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg,
	    "t.yaml:4:3: expected a code of letters, digits, - and _ (at most 32)");
	assert_int_equal(pm_yaml_texts(doc, it[4], 2, 10, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[1], "y");
	free(list);
	assert_int_equal(pm_yaml_texts(doc, it[4], 1, 10, &list, &n, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:5:3: expected 1 to 1 entries");
	free(list);
	assert_int_equal(pm_yaml_texts(doc, it[5], 5, 10, &list, &n, &err), PM_EX_CONFIG);
	free(list);
	assert_int_equal(pm_yaml_texts(doc, it[0], 5, 10, &list, &n, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:1:3: expected a list");
	assert_int_equal(pm_yaml_span(doc, it[6], 86400, "a day at most", &v, &err), 0);
	assert_int_equal(v, 5400);
	assert_int_equal(pm_yaml_span(doc, it[7], 86400 * 400, "no months", &v, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "t.yaml:8:3: no months");
	assert_int_equal(pm_yaml_span(doc, it[8], 86400, "a day at most", &v, &err), PM_EX_CONFIG);
	assert_int_equal(pm_yaml_span(doc, it[9], 86400, "a span", &v, &err), PM_EX_CONFIG);
	pm_yaml_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_scalar_root_and_empty_maps),
		cmocka_unit_test(test_scalars_verbatim),
		cmocka_unit_test(test_quoted_scalars),
		cmocka_unit_test(test_chinese),
		cmocka_unit_test(test_bom_and_line_ends),
		cmocka_unit_test(test_duplicate_key),
		cmocka_unit_test(test_duplicate_key_large),
		cmocka_unit_test(test_anchor_alias),
		cmocka_unit_test(test_alias_bomb),
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_tabs),
		cmocka_unit_test(test_documents),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_nul_utf8_control),
		cmocka_unit_test(test_utf16_bom),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_complex_keys),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_suite_findings),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_typed_str),
		cmocka_unit_test(test_typed_copy),
		cmocka_unit_test(test_typed_int),
		cmocka_unit_test(test_typed_bool_enum),
		cmocka_unit_test(test_shared_values),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
