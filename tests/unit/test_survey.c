/* test_survey.c — questionnaire parsing (strict, positioned errors),
 * answer import (idempotent, all-or-nothing per the caller's
 * transaction, positioned errors) and the integer statistics. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "survey.h"
#include "fixture.h"

static pm_ctx ctx;

static const char good[] =
	"code: autumn\n"
	"title: 2026 秋季满意度\n"
	"site: sunny\n"
	"questions:\n"
	"  - text: 维修是否及时\n"
	"  - text: 保洁\n"
	"    kind: score\n"
	"  - text: 建议\n"
	"    kind: text\n";

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-complaint", "root",
	    "INSERT INTO site (code, name, kind) VALUES ('sunny', 'S', "
	    "'residential'), ('moon', 'M', 'residential');"
	    "INSERT INTO unit (site_id, code, area) VALUES (1, '1-101', 9000), (1, '1-102', 9000),"
	    "(1, '1-103', 9000), (1, '1-104', 9000), (2, '9-901', 9000);"
	    "INSERT INTO unit (site_id, code, area, kind) VALUES (1, 'P-1', 1200, 'parking');") != 0 ||
	    pm_db_commit(ctx.db, &ctx.err) != 0)
		return -1;
	ctx.verb = "survey";
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* Each test writes in its own transaction and takes it back. */
static int
begin(void **state)
{
	pm_err err;

	(void)state;
	return pm_db_begin(ctx.db, 1, &err);
}

static int
rollback(void **state)
{
	(void)state;
	pm_db_rollback(ctx.db);
	return 0;
}

static const char *
file_with(const char *name, const char *text)
{
	static char p[300];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", fx_dir, name);
	if ((f = fopen(p, "w")) == NULL || fputs(text, f) == EOF || fclose(f) != 0)
		fail_msg("cannot write %s", p);
	return p;
}

static void
make_survey(const char *yaml)
{
	pm_survey_def *d = NULL;
	char name[40];
	int64_t id;
	pm_err err;

	if (pm_survey_parse("s.yaml", yaml, strlen(yaml), &d, &err) != 0 ||
	    pm_survey_new(&ctx, d, &id, name, sizeof name, &err) != 0)
		fail_msg("%s", err.msg);
	pm_survey_def_free(d);
}

static void
parse_good(void **state)
{
	pm_survey_def *d = NULL;
	pm_err err;

	(void)state;
	assert_int_equal(pm_survey_parse("s.yaml", good, strlen(good), &d, &err), 0);
	assert_string_equal(d->code, "autumn");
	assert_string_equal(d->site, "sunny");
	assert_int_equal(d->nq, 3);
	assert_int_equal(d->q[0].score, 1);     /* kind defaults to score */
	assert_int_equal(d->q[1].score, 1);
	assert_int_equal(d->q[2].score, 0);
	assert_string_equal(d->q[2].text, "建议");
	assert_int_equal(d->q[2].line, 8);
	pm_survey_def_free(d);
}

static void
parse_errors(void **state)
{
	static const struct {
		const char *yaml, *msg;
	} cases[] = {
		{ "title: t\nquestions:\n  - text: a\n    kind: stars\n", "s.yaml:4:11: " },
		{ "title: t\nquestion:\n  - text: a\n", "s.yaml:2:1: unknown key \"question\"" },
		{ "questions:\n  - text: a\n", "s.yaml:1:1: missing title" },
		{ "title: t\n", "s.yaml:1:1: missing questions" },
		{ "title: t\nquestions: []\n", "s.yaml:2:12: questions: expected a list" },
		{ "title: t\nquestions:\n  - just text\n", "s.yaml:3:5: a question is a mapping" },
		{ "title: t\nquestions:\n  - kind: text\n", "s.yaml:3:5: missing text" },
		{ "title: t\nquestions:\n  - text: a\n    why: b\n", "s.yaml:4:5: unknown key \"why\"" },
		{ "code: 9x\ntitle: t\nquestions:\n  - text: a\n", "s.yaml:1:7: code: " },
		{ "title: \"\"\nquestions:\n  - text: a\n", "s.yaml:1:8: title is empty" },
		{ "- a\n", "s.yaml:1:1: expected a mapping" },
		{ "title: t\ntitle: u\n", "s.yaml:2:1: " },        /* duplicate key (yaml.c) */
		{ "title: [\n", "s.yaml:" },                        /* syntax (yaml.c) */
	};
	pm_survey_def *d;
	pm_err err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		d = NULL;
		if (pm_survey_parse("s.yaml", cases[i].yaml, strlen(cases[i].yaml), &d, &err) == 0)
			fail_msg("case %zu parsed", i);
		assert_null(d);
		assert_int_equal(err.status, PM_EX_DATAERR);
		if (strncmp(err.msg, cases[i].msg, strlen(cases[i].msg)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s...\"", i, err.msg, cases[i].msg);
	}
	assert_int_equal(pm_survey_load("/nonexistent/s.yaml", &d, &err), PM_EX_NOINPUT);
}

static void
new_refuses(void **state)
{
	pm_survey_def *d = NULL;
	char name[40];
	int64_t id;
	pm_err err;
	static const char other[] = "title: t\nsite: nowhere\nquestions:\n  - text: a\n";
	static const char nosite[] = "title: t\nquestions:\n  - text: a\n";

	(void)state;
	make_survey(good);
	assert_int_equal(pm_survey_parse("s.yaml", good, strlen(good), &d, &err), 0);
	assert_int_equal(pm_survey_new(&ctx, d, &id, name, sizeof name, &err), PM_EX_DATAERR);
	assert_string_equal(err.msg, "survey autumn: already exists");
	pm_survey_def_free(d);
	assert_int_equal(pm_survey_parse("s.yaml", other, strlen(other), &d, &err), 0);
	assert_int_equal(pm_survey_new(&ctx, d, &id, name, sizeof name, &err), PM_EX_NOINPUT);
	pm_survey_def_free(d);
	/* two sites: the questionnaire must name one */
	assert_int_equal(pm_survey_parse("s.yaml", nosite, strlen(nosite), &d, &err), 0);
	assert_int_equal(pm_survey_new(&ctx, d, &id, name, sizeof name, &err), PM_EX_DATAERR);
	pm_survey_def_free(d);
}

/* The stats rows, flattened: responses units rate mean satisfied (-1 = NULL). */
static int
stats(const char *survey, int64_t v[][5])
{
	pm_survey_iter *it = NULL;
	pm_survey_row row;
	pm_err err;
	int n = 0, rc, i;

	if (pm_survey_stats(&ctx, survey, &it, &err) != 0)
		fail_msg("%s", err.msg);
	while ((rc = pm_survey_next(it, &row, &err)) == 1) {
		assert_int_equal(row.c[PM_SQ_N].i, n + 1);
		for (i = 0; i < 5; i++)
			v[n][i] = row.c[PM_SQ_RESPONSES + i].null ? -1 : row.c[PM_SQ_RESPONSES + i].i;
		n++;
	}
	assert_int_equal(rc, 0);
	pm_survey_iter_free(it);
	return n;
}

static void
import_and_stats(void **state)
{
	static const char csv[] =
		"site,unit,q1,q2,q3\n"
		"sunny,1-101,5,4,很好\n"
		"sunny,1-102,2,,\n"
		",1-103,4,5,\n";
	pm_icounts res;
	int64_t v[4][5];
	const char *f;
	pm_err err;

	(void)state;
	make_survey(good);
	f = file_with("a.csv", csv);
	assert_int_equal(pm_survey_import(&ctx, "autumn", f, PM_IFMT_AUTO, &res, &err), 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.inserted, 3);
	/* q1: 5 2 4 of 4 units: rate 75 %, mean 11/3 = 3.666.. -> 3.67,
	 * satisfied 2/3 -> 66.67 %; q2: 4 5; q3 text: no mean */
	assert_int_equal(stats("autumn", v), 3);
	assert_int_equal(v[0][0], 3);
	assert_int_equal(v[0][1], 4);           /* the parking space does not count */
	assert_int_equal(v[0][2], 7500);
	assert_int_equal(v[0][3], 367);
	assert_int_equal(v[0][4], 6667);
	assert_int_equal(v[1][0], 2);
	assert_int_equal(v[1][2], 5000);
	assert_int_equal(v[1][3], 450);
	assert_int_equal(v[1][4], 10000);
	assert_int_equal(v[2][0], 1);
	assert_int_equal(v[2][2], 2500);
	assert_int_equal(v[2][3], -1);
	assert_int_equal(v[2][4], -1);

	/* the same file again: nothing changes */
	assert_int_equal(pm_survey_import(&ctx, "autumn", f, PM_IFMT_AUTO, &res, &err), 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.unchanged, 3);
	assert_int_equal(res.inserted + res.updated, 0);

	/* a changed answer replaces the unit's row; the number names it too */
	f = file_with("b.jsonl", "{\"unit\":\"1-102\",\"q1\":2,\"q2\":1}\n"
	    "{\"unit\":\"1-104\",\"q1\":null,\"q3\":\"ok\"}\n");
	assert_int_equal(pm_survey_import(&ctx, "1", f, PM_IFMT_AUTO, &res, &err), 0);
	assert_int_equal(res.updated, 1);
	assert_int_equal(res.inserted, 1);
	stats("1", v);
	assert_int_equal(v[1][0], 3);
	assert_int_equal(v[1][3], 333);         /* 4 5 1 */
	assert_int_equal(v[2][0], 2);
}

static void
import_errors(void **state)
{
	static const struct {
		const char *csv, *msg;
		int status;
	} cases[] = {
		{ "unit,q1\n1-101,5\n1-102,7\n", "x.csv:3: q1: a score is 1 to 5, not \"7\"", 65 },
		{ "unit,q1\n1-101,5\n1-101,4\n", "x.csv:3: unit 1-101: already on line 2", 65 },
		{ "unit,q1\n1-109,5\n", "x.csv:2: unit 1-109: no such unit in site sunny", 65 },
		{ "unit,q1\nP-1,5\n", "x.csv:2: unit P-1: a parking does not answer surveys", 65 },
		{ "site,unit,q1\nmoon,9-901,5\n", "x.csv:2: site moon: survey autumn is for site sunny",
		  65 },
		{ "unit,q4\n1-101,5\n", "x.csv:1: ", 65 },          /* no question 4 */
		{ "unit,q1,answered\n1-101,5,2027-01-01\n", "x.csv:2: answered: ", 65 },
		{ "unit,q1\n1-101,5.0\n", "x.csv:2: q1: a score is 1 to 5", 65 },
		{ "unit,q1\n,5\n", "x.csv:2: unit: missing", 65 },
	};
	pm_icounts res;
	const char *f;
	pm_err err;
	size_t i;

	(void)state;
	make_survey(good);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		f = file_with("x.csv", cases[i].csv);
		if (pm_survey_import(&ctx, "autumn", f, PM_IFMT_AUTO, &res, &err) == 0)
			fail_msg("case %zu imported", i);
		assert_int_equal(err.status, cases[i].status);
		/* the message names the file as given: compare from its base name */
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.msg, cases[i].msg);
	}
	f = file_with("x.csv", "unit,q1\n1-101,5\n");
	assert_int_equal(pm_survey_import(&ctx, "spring", f, PM_IFMT_AUTO, &res, &err),
	    PM_EX_NOINPUT);
	assert_string_equal(err.msg, "survey spring: no such survey");
}

static void
list(void **state)
{
	pm_survey_iter *it = NULL;
	pm_survey_row row;
	pm_icounts res;
	pm_err err;

	(void)state;
	make_survey(good);
	make_survey("title: 无代码\nsite: moon\nquestions:\n  - text: a\n");
	assert_int_equal(pm_survey_import(&ctx, "autumn", file_with("l.csv", "unit,q1\n1-101,5\n"),
	    PM_IFMT_AUTO, &res, &err), 0);
	assert_int_equal(pm_survey_list(&ctx, &it, &err), 0);
	assert_int_equal(pm_survey_next(it, &row, &err), 1);
	assert_string_equal(row.c[PM_SL_SURVEY].s, "autumn");
	assert_string_equal(row.c[PM_SL_SITE].s, "sunny");
	assert_int_equal(row.c[PM_SL_QUESTIONS].i, 3);
	assert_int_equal(row.c[PM_SL_RESPONDENTS].i, 1);
	assert_int_equal(row.c[PM_SL_CREATED].i, ctx.now);
	assert_int_equal(pm_survey_next(it, &row, &err), 1);
	assert_string_equal(row.c[PM_SL_SURVEY].s, "2");  /* no code: named by number */
	assert_int_equal(row.c[PM_SL_RESPONDENTS].i, 0);
	assert_int_equal(pm_survey_next(it, &row, &err), 0);
	pm_survey_iter_free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_good),
		cmocka_unit_test(parse_errors),
		cmocka_unit_test_setup_teardown(new_refuses, begin, rollback),
		cmocka_unit_test_setup_teardown(import_and_stats, begin, rollback),
		cmocka_unit_test_setup_teardown(import_errors, begin, rollback),
		cmocka_unit_test_setup_teardown(list, begin, rollback),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
