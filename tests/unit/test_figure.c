/*
 * test_figure.c — the figures mechanism on a scratch section that counts
 * nothing of pm's: the store (set, add, dist, cells, misuse remembered),
 * the derived values (ratios and means half up, nearest-rank medians of
 * histograms), table order and the row cap, the JSON, targets and KPI
 * lines, target parsing, merging reports back (exact, refusals), and the
 * document in every format.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "doc.h"
#include "figure.h"

static const pm_fig_def t_figs[] = {
	{ "t.count", PM_FIG_COUNT, "count", 1 },
	{ "t.money", PM_FIG_FEN, "money", 0 },
	{ "t.ratio", PM_FIG_RATIO, "ratio", 1 },
	{ "t.mean", PM_FIG_MEAN, "mean", 1 },
	{ "t.dist", PM_FIG_DIST, "dist", -1 },
	{ "t.none", PM_FIG_COUNT, "none", 0 },
};
static const pm_fig_col t_cols[] = {
	{ "count", PM_FIG_COUNT, "count" },
	{ "cost_fen", PM_FIG_FEN, "cost" },
	{ "time", PM_FIG_DIST, "time" },
};
static const pm_fig_table_def t_tables[] = {
	{ "t.by", "by thing", "thing", 3, t_cols, 0, 2, 7, PM_FIG_CHART_BAR, 0, PM_FIG_LABEL_DATA },
	{ "t.trend", "trend", "month", 1, t_cols, -1, 0, 1, PM_FIG_CHART_LINE, 0,
	  PM_FIG_LABEL_DATA },
};

static int mode;        /* what compute does: 0 normal, 1 a bug, 2 a big table */

static int
t_compute(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	int s = p->slot, i;
	char key[32];

	(void)ctx;
	(void)err;
	if (mode == 1 && s == PM_FIG_PREV)
		pm_figs_set(f, s, "t.nosuch", 1, 0);
	if (mode == 2) {
		for (i = 0; i < PM_FIG_ROWS_MAX + 20; i++) {
			snprintf(key, sizeof key, "k%04d", i);
			pm_figs_cell(f, s, "t.by", key, NULL, 0, i, 0);
		}
		return 0;
	}
	pm_figs_set(f, s, "t.count", 10 + s, 0);
	pm_figs_add(f, s, "t.count", 1, 0);
	pm_figs_set(f, s, "t.money", 123456, 99);
	pm_figs_set(f, s, "t.ratio", 2, 3);
	pm_figs_add(f, s, "t.mean", 9, 2);
	if (s == PM_FIG_CUR) {
		pm_figs_dist(f, s, "t.dist", 30, 2);
		pm_figs_dist(f, s, "t.dist", 10, 1);
		pm_figs_dist(f, s, "t.dist", 120, 1);
		pm_figs_dist(f, s, "t.dist", 5, 0);
	}
	pm_figs_cell(f, s, "t.by", "b", "B 栋", 0, 3, 0);
	pm_figs_cell(f, s, "t.by", "a", "A 栋", 0, 3, 0);
	pm_figs_cell(f, s, "t.by", "c", NULL, 0, 5 - 2 * s, 0);
	pm_figs_cell(f, s, "t.by", "a", "ignored", 1, 500, 0);
	pm_figs_cell_dist(f, s, "t.by", "a", NULL, 2, 7, 3);
	pm_figs_cell(f, s, "t.trend", p->start > 0 ? "2026-11" : "x", NULL, 0, 1, 0);
	return 0;
}

static const pm_fig_section t_section = {
	"t", "Things", t_figs, 6, t_tables, 2, t_compute
};
static const pm_fig_section *const t_sections[] = { &t_section };

static pm_figs *
made(void)
{
	pm_month m = { 2026, 11 };
	pm_ctx ctx;
	pm_figs *f;
	pm_err err;

	memset(&ctx, 0, sizeof ctx);
	ctx.now = pm_month_end(m) + 86400;
	f = pm_figs_new(m, "S1", "S1", t_sections, 1);
	assert_non_null(f);
	pm_err_clear(&err);
	if (pm_figs_compute(f, &ctx, &err) != 0)
		fail_msg("%s", err.msg);
	return f;
}

static char *
json(const pm_figs *f)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);
	pm_err err;

	assert_int_equal(pm_figs_json(f, fp, &err), 0);
	fclose(fp);
	return s;
}

static void
test_periods(void **state)
{
	pm_month m = { 2026, 1 };
	pm_fig_period p[PM_FIG_NSLOT];
	pm_figs *f = pm_figs_new(m, NULL, "S1,S2", t_sections, 1);

	(void)state;
	pm_figs_periods(f, pm_month_start(m) + 3600, p);
	assert_int_equal(p[PM_FIG_CUR].month.month, 1);
	assert_int_equal(p[PM_FIG_PREV].month.year, 2025);
	assert_int_equal(p[PM_FIG_PREV].month.month, 12);
	assert_int_equal(p[PM_FIG_YOY].month.year, 2025);
	assert_int_equal(p[PM_FIG_YOY].month.month, 1);
	/* asof: now while the month runs, else its end */
	assert_true(p[PM_FIG_CUR].asof == pm_month_start(m) + 3600);
	assert_true(p[PM_FIG_PREV].asof == p[PM_FIG_PREV].end);
	assert_true(p[PM_FIG_PREV].end == pm_month_start(m));
	assert_null(p[PM_FIG_CUR].site);
	pm_figs_free(f);
}

static void
test_values(void **state)
{
	pm_figs *f = made();
	pm_fig_val v;

	(void)state;
	assert_int_equal(pm_figs_get(f, PM_FIG_CUR, "t.count", &v), 0);
	assert_int_equal(v.set, 1);
	assert_int_equal(v.a, 11);
	assert_int_equal(pm_figs_get(f, PM_FIG_YOY, "t.count", &v), 0);
	assert_int_equal(v.a, 13);
	pm_figs_get(f, PM_FIG_CUR, "t.money", &v);
	assert_int_equal(v.a, 123456);
	assert_int_equal(v.b, 0);           /* b ignored for money */
	pm_figs_get(f, PM_FIG_CUR, "t.ratio", &v);
	assert_int_equal(v.pct, 6667);      /* 2/3 half up */
	pm_figs_get(f, PM_FIG_CUR, "t.mean", &v);
	assert_int_equal(v.pct, 450);       /* 9/2 */
	pm_figs_get(f, PM_FIG_CUR, "t.dist", &v);
	assert_int_equal(v.set, 1);
	assert_int_equal(v.a, 4);           /* 10 30 30 120 */
	assert_int_equal(v.p50, 30);        /* rank 2 */
	assert_int_equal(v.p90, 120);       /* rank 4 */
	pm_figs_get(f, PM_FIG_PREV, "t.dist", &v);
	assert_int_equal(v.set, 0);         /* never stored: no figure */
	pm_figs_get(f, PM_FIG_CUR, "t.none", &v);
	assert_int_equal(v.set, 0);
	assert_int_equal(pm_figs_get(f, PM_FIG_CUR, "t.nosuch", &v), -1);
	assert_int_equal(pm_figs_get(f, 7, "t.count", &v), -1);
	pm_figs_free(f);
}

static void
test_bug(void **state)
{
	pm_month m = { 2026, 11 };
	pm_ctx ctx;
	pm_figs *f;
	pm_err err;

	(void)state;
	memset(&ctx, 0, sizeof ctx);
	mode = 1;
	f = pm_figs_new(m, NULL, "", t_sections, 1);
	assert_int_equal(pm_figs_compute(f, &ctx, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "t.nosuch"));
	pm_figs_free(f);
	mode = 0;
	/* kinds that do not fit */
	f = pm_figs_new(m, NULL, "", t_sections, 1);
	pm_figs_dist(f, 0, "t.count", 1, 1);
	assert_int_equal(pm_figs_compute(f, &ctx, &err), PM_EX_SOFTWARE);
	assert_non_null(strstr(err.msg, "t.count"));
	pm_figs_free(f);
	f = pm_figs_new(m, NULL, "", t_sections, 1);
	pm_figs_cell(f, 0, "t.by", "a", NULL, 2, 1, 0);
	assert_int_equal(pm_figs_compute(f, &ctx, &err), PM_EX_SOFTWARE);
	pm_figs_free(f);
	f = pm_figs_new(m, NULL, "", t_sections, 1);
	pm_figs_cell(f, 0, "t.by", "a", NULL, 9, 1, 0);
	assert_int_equal(pm_figs_compute(f, &ctx, &err), PM_EX_SOFTWARE);
	pm_figs_free(f);
}

static const char want_json[] =
	"{\"report\":\"monthly\",\"version\":1,\"month\":\"2026-11\",\"prev\":\"2026-10\","
	"\"yoy\":\"2025-11\",\"site\":\"S1\",\"sites\":[\"S1\"],\"figures\":{"
	"\"t.count\":{\"kind\":\"count\",\"cur\":{\"n\":11},\"prev\":{\"n\":12},\"yoy\":{\"n\":13}},"
	"\"t.money\":{\"kind\":\"fen\",\"cur\":{\"fen\":123456},\"prev\":{\"fen\":123456},"
	"\"yoy\":{\"fen\":123456}},"
	"\"t.ratio\":{\"kind\":\"ratio\",\"cur\":{\"num\":2,\"den\":3,\"pct\":6667},"
	"\"prev\":{\"num\":2,\"den\":3,\"pct\":6667},\"yoy\":{\"num\":2,\"den\":3,\"pct\":6667},"
	"\"target\":6000,\"met\":true},"
	"\"t.mean\":{\"kind\":\"mean\",\"cur\":{\"sum\":9,\"n\":2,\"mean\":450},"
	"\"prev\":{\"sum\":9,\"n\":2,\"mean\":450},\"yoy\":{\"sum\":9,\"n\":2,\"mean\":450}},"
	"\"t.dist\":{\"kind\":\"dist\",\"cur\":{\"n\":4,\"p50\":30,\"p90\":120,"
	"\"hist\":[[10,1],[30,2],[120,1]]},\"prev\":null,\"yoy\":null,\"target\":20,\"met\":false},"
	"\"t.none\":{\"kind\":\"count\",\"cur\":null,\"prev\":null,\"yoy\":null}},"
	"\"tables\":{\"t.by\":{\"cols\":[\"count\",\"cost_fen\",\"time\"],\"rows\":["
	"{\"key\":\"c\",\"label\":\"c\",\"cur\":[{\"n\":5},null,null],"
	"\"prev\":[{\"n\":3},null,null],\"yoy\":[{\"n\":1},null,null]},"
	"{\"key\":\"a\",\"label\":\"A 栋\",\"cur\":[{\"n\":3},{\"fen\":500},"
	"{\"n\":3,\"p50\":7,\"p90\":7,\"hist\":[[7,3]]}],"
	"\"prev\":[{\"n\":3},{\"fen\":500},{\"n\":3,\"p50\":7,\"p90\":7,\"hist\":[[7,3]]}],"
	"\"yoy\":[{\"n\":3},{\"fen\":500},{\"n\":3,\"p50\":7,\"p90\":7,\"hist\":[[7,3]]}]},"
	"{\"key\":\"b\",\"label\":\"B 栋\",\"cur\":[{\"n\":3},null,null],"
	"\"prev\":[{\"n\":3},null,null],\"yoy\":[{\"n\":3},null,null]}]},"
	"\"t.trend\":{\"cols\":[\"count\"],\"rows\":[{\"key\":\"2026-11\",\"label\":\"2026-11\","
	"\"cur\":[{\"n\":1}]}]}},"
	"\"kpi\":[{\"key\":\"t.ratio\",\"op\":\">=\",\"target\":6000,\"value\":6667,\"met\":true},"
	"{\"key\":\"t.dist\",\"op\":\"<=\",\"target\":20,\"value\":30,\"met\":false}]}\n";

static const pm_fig_target t_targets[] = {
	{ "t.ratio", 1, 6000 },
	{ "t.dist", -1, 20 },
};

static void
test_json(void **state)
{
	pm_figs *f = made();
	pm_err err;
	char *s;

	(void)state;
	assert_int_equal(pm_figs_targets(f, t_targets, 2, &err), 0);
	s = json(f);
	assert_string_equal(s, want_json);
	free(s);
	pm_figs_free(f);
}

static void
test_rows_max(void **state)
{
	pm_figs *f;
	char *s, *p;
	int n = 0;

	(void)state;
	mode = 2;
	f = made();
	mode = 0;
	s = json(f);
	for (p = s; (p = strstr(p, "\"key\":\"k")) != NULL; p++)
		n++;
	assert_int_equal(n, PM_FIG_ROWS_MAX);
	/* the biggest are kept, biggest first */
	assert_non_null(strstr(s, "\"rows\":[{\"key\":\"k0519\""));
	assert_null(strstr(s, "\"k0019\""));
	free(s);
	pm_figs_free(f);
}

struct kpis { int n; char line[4][120]; };

static int
kpi_fn(void *arg, const pm_fig_kpi *k)
{
	struct kpis *o = arg;

	snprintf(o->line[o->n++], sizeof o->line[0], "%s %s %s %s %d", k->key, k->value, k->op,
	    k->target, k->met);
	return 0;
}

static void
test_kpi(void **state)
{
	pm_fig_target bad = { "t.nosuch", 1, 1 };
	pm_figs *f = made();
	struct kpis k;
	pm_err err;

	(void)state;
	assert_int_equal(pm_figs_targets(f, &bad, 1, &err), PM_EX_CONFIG);
	assert_int_equal(pm_figs_targets(f, t_targets, 2, &err), 0);
	memset(&k, 0, sizeof k);
	assert_int_equal(pm_figs_kpi(f, kpi_fn, &k, &err), 1);
	assert_int_equal(k.n, 2);
	assert_string_equal(k.line[0], "t.ratio 66.67% >= 60.00% 1");
	assert_string_equal(k.line[1], "t.dist 30min <= 20min 0");
	/* a figure with no value misses nothing */
	{
		pm_fig_target none = { "t.none", 1, 5 };
		assert_int_equal(pm_figs_targets(f, &none, 1, &err), 0);
		memset(&k, 0, sizeof k);
		assert_int_equal(pm_figs_kpi(f, kpi_fn, &k, &err), 0);
		assert_string_equal(k.line[0], "t.none - >= 5 1");
	}
	pm_figs_free(f);
}

static void
test_target_parse(void **state)
{
	static const struct { const char *s; pm_fig_kind k; int rc, op; int64_t v; } cases[] = {
		{ ">= 95%", PM_FIG_RATIO, 0, 1, 9500 },
		{ ">=95.5%", PM_FIG_RATIO, 0, 1, 9550 },
		{ "<= 0", PM_FIG_COUNT, 0, -1, 0 },
		{ "<= 2h", PM_FIG_DIST, 0, -1, 120 },
		{ "<= 1h30min", PM_FIG_DIST, 0, -1, 90 },
		{ ">= 4.5", PM_FIG_MEAN, 0, 1, 450 },
		{ ">= 1,000.50", PM_FIG_FEN, 0, 1, 100050 },
		{ "off", PM_FIG_RATIO, 1, 0, 0 },
		{ "", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ "> 5", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ "=> 5", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ ">=", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ ">= 95", PM_FIG_RATIO, PM_EX_CONFIG, 0, 0 },
		{ ">= 101%", PM_FIG_RATIO, PM_EX_CONFIG, 0, 0 },
		{ ">= 95.123%", PM_FIG_RATIO, PM_EX_CONFIG, 0, 0 },
		{ ">= -5%", PM_FIG_RATIO, PM_EX_CONFIG, 0, 0 },
		{ "<= 5%", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ "<= 1.5", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ "<= 90", PM_FIG_DIST, PM_EX_CONFIG, 0, 0 },
		{ "<= 30s", PM_FIG_DIST, PM_EX_CONFIG, 0, 0 },
		{ "<= 1mo", PM_FIG_DIST, PM_EX_CONFIG, 0, 0 },
		{ "<= -2h", PM_FIG_DIST, PM_EX_CONFIG, 0, 0 },
		{ ">= 5 ", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ ">= 99999999999999999999", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
		{ "OFF", PM_FIG_COUNT, PM_EX_CONFIG, 0, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int op = 0, rc;
		int64_t v = 0;
		pm_err err;
		pm_err_clear(&err);
		rc = pm_figs_target_parse(cases[i].s, cases[i].k, &op, &v, &err);
		if (rc != cases[i].rc)
			fail_msg("%s: rc %d, want %d (%s)", cases[i].s, rc, cases[i].rc, err.msg);
		if (rc == 0 && (op != cases[i].op || v != cases[i].v))
			fail_msg("%s: %d %lld", cases[i].s, op, (long long)v);
	}
	assert_int_equal(pm_figs_kind_of(t_sections, 1, "t.dist"), PM_FIG_DIST);
	assert_int_equal(pm_figs_kind_of(t_sections, 1, "t.by"), -1);
}

/* The document in every format shows the figures the JSON has. */
static void
test_doc(void **state)
{
	static const pm_doc_fmt fmts[] = { PM_DOC_TEXT, PM_DOC_MD, PM_DOC_HTML };
	pm_figs *f = made();
	size_t i, n;
	pm_err err;
	char *s;

	(void)state;
	assert_int_equal(pm_figs_targets(f, t_targets, 2, &err), 0);
	for (i = 0; i < 3; i++) {
		FILE *fp = open_memstream(&s, &n);
		pm_doc *d = pm_doc_new(fp, fmts[i], "T", "en");
		assert_int_equal(pm_figs_doc(f, d, &err), 0);
		assert_int_equal(pm_doc_finish(d, &err), 0);
		fclose(fp);
		assert_non_null(strstr(s, "66.67%"));
		assert_non_null(strstr(s, "¥1,234.56"));
		assert_non_null(strstr(s, "4.50"));
		assert_non_null(strstr(s, "30min / p90 2h (n 4)"));
		assert_non_null(strstr(s, "= 20min (missed)"));
		assert_non_null(strstr(s, "A 栋"));
		assert_non_null(strstr(s, "-1 (worse)"));  /* t.count: 11, 12 last month */
		/* top 2 of t.by: c and a, not b */
		assert_null(strstr(s, "B 栋"));
		free(s);
	}
	pm_figs_free(f);
}

/*
 * The catalogue, faked (these definitions take the place of libintl's
 * for the whole test binary; glibc's <libintl.h> makes dgettext a call
 * of dcgettext when optimising): "Repair request" and "Walk-in" have
 * translations, and so has "S1花园", which a data label must never be
 * looked up as.
 */
char *dcgettext(const char *domain, const char *msgid, int category);
char *dgettext(const char *domain, const char *msgid);

char *
dcgettext(const char *domain, const char *msgid, int category)
{
	static const char *const tr[][2] = {
		{ "Repair request", "报修" }, { "Walk-in", "来访" }, { "S1花园", "WRONG" },
	};
	size_t i;

	(void)domain;
	(void)category;
	for (i = 0; i < sizeof tr / sizeof tr[0]; i++)
		if (strcmp(msgid, tr[i][0]) == 0)
			return (char *)tr[i][1];
	return (char *)msgid;
}

char *
dgettext(const char *domain, const char *msgid)
{
	return dcgettext(domain, msgid, 0);
}

static const pm_fig_table_def k_tables[] = {
	{ "k.kind", "by kind", "kind", 1, t_cols, 0, 0, 7, PM_FIG_CHART_BAR, 0,
	  PM_FIG_LABEL_MSGID },
	{ "k.site", "by site", "site", 1, t_cols, 0, 0, 7, PM_FIG_CHART_BAR, 0,
	  PM_FIG_LABEL_DATA },
};

static int
k_compute(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err)
{
	(void)ctx;
	(void)err;
	pm_figs_cell(f, p->slot, "k.kind", "repair", "Repair request", 0, 3, 0);
	pm_figs_cell(f, p->slot, "k.kind", "walkin", "Walk-in", 0, 2, 0);
	pm_figs_cell(f, p->slot, "k.kind", "odd", NULL, 0, 1, 0);
	pm_figs_cell(f, p->slot, "k.site", "S1", "S1花园", 0, 4, 0);
	return 0;
}

static const pm_fig_section k_section = {
	"k", "Kinds", NULL, 0, k_tables, 2, k_compute
};
static const pm_fig_section *const k_sections[] = { &k_section };

/* A msgid table's labels: the JSON keeps the msgids (the same in every
 * language, so reports of two locales merge), the documents and their
 * charts translate them; a data table's labels are never looked up. */
static void
test_labels(void **state)
{
	static const pm_doc_fmt fmts[] = { PM_DOC_TEXT, PM_DOC_MD, PM_DOC_HTML };
	pm_month m = { 2026, 11 };
	pm_figs *f, *g;
	pm_ctx ctx;
	pm_err err;
	size_t i, n;
	char *s, *t;

	(void)state;
	memset(&ctx, 0, sizeof ctx);
	ctx.now = pm_month_end(m) + 86400;
	f = pm_figs_new(m, "S1", "S1", k_sections, 1);
	pm_err_clear(&err);
	assert_int_equal(pm_figs_compute(f, &ctx, &err), 0);
	s = json(f);
	assert_non_null(strstr(s, "{\"key\":\"repair\",\"label\":\"Repair request\""));
	assert_non_null(strstr(s, "{\"key\":\"odd\",\"label\":\"odd\""));
	assert_non_null(strstr(s, "{\"key\":\"S1\",\"label\":\"S1花园\""));
	assert_null(strstr(s, "报修"));
	/* read back, the same bytes: nothing was translated on the way */
	g = pm_figs_new(m, NULL, NULL, k_sections, 1);
	assert_int_equal(pm_figs_merge(g, s, strlen(s), "a.json", &err), 0);
	t = json(g);
	assert_string_equal(s, t);
	free(t);
	for (i = 0; i < 3; i++) {
		FILE *fp = open_memstream(&t, &n);
		pm_doc *d = pm_doc_new(fp, fmts[i], "T", "en");
		assert_int_equal(pm_figs_doc(g, d, &err), 0);
		assert_int_equal(pm_doc_finish(d, &err), 0);
		fclose(fp);
		assert_non_null(strstr(t, "报修"));
		assert_non_null(strstr(t, "来访"));
		assert_null(strstr(t, "Repair request"));
		assert_non_null(strstr(t, "S1花园"));
		assert_null(strstr(t, "WRONG"));
		if (fmts[i] == PM_DOC_HTML)     /* the chart's bars are labelled so too */
			assert_non_null(strstr(strstr(t, "<svg"), "报修"));
		free(t);
	}
	free(s);
	pm_figs_free(g);
	pm_figs_free(f);
}

/* Durations exactly, by pm-report(1)'s rule, at every edge. */
static void
test_minutes(void **state)
{
	static const struct { int64_t m; const char *s; } want[] = {
		{ 0, "0min" }, { 1, "1min" }, { 59, "59min" }, { 60, "1h" }, { 61, "1h01m" },
		{ 119, "1h59m" }, { 120, "2h" }, { 1439, "23h59m" }, { 1440, "24h" },
		{ 2800, "46h40m" }, { 2879, "47h59m" }, { 2880, "2d" }, { 2881, "2d0h01m" },
		{ 2900, "2d0h20m" }, { 2940, "2d1h" }, { 2941, "2d1h01m" }, { 17280, "12d" },
		{ 18719, "12d23h59m" }, { -45, "-45min" }, { -2900, "-2d0h20m" },
		{ INT64_MAX, "6405119470038038d18h07m" }, { INT64_MIN, "-6405119470038038d18h08m" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		assert_int_equal(pm_figs_minutes(want[i].m, buf, sizeof buf), (int)strlen(want[i].s));
		assert_string_equal(buf, want[i].s);
	}
	/* a short buffer is cut, never overrun */
	assert_int_equal(pm_figs_minutes(2900, buf, 4), 7);
	assert_string_equal(buf, "2d0");
}

/* text with the first from replaced by to (the test's own edits) */
static char *
edit(const char *text, const char *from, const char *to)
{
	const char *p = strstr(text, from);
	pm_buf b;

	assert_non_null(p);
	pm_buf_init(&b);
	pm_buf_add(&b, text, (size_t)(p - text));
	pm_buf_adds(&b, to);
	pm_buf_adds(&b, p + strlen(from));
	return pm_buf_detach(&b);
}

static void
test_merge(void **state)
{
	pm_month m = { 2026, 11 }, got;
	pm_figs *f = made(), *into, *twice;
	char *one, *back, *two;
	pm_fig_val v;
	pm_err err;

	(void)state;
	assert_int_equal(pm_figs_targets(f, t_targets, 2, &err), 0);
	one = json(f);
	assert_int_equal(pm_figs_peek_month(one, strlen(one), "a.json", &got, &err), 0);
	assert_int_equal(got.year, 2026);
	assert_int_equal(got.month, 11);
	/* one report read back is itself */
	into = pm_figs_new(m, NULL, "", t_sections, 1);
	if (pm_figs_merge(into, one, strlen(one), "a.json", &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(pm_figs_targets(into, t_targets, 2, &err), 0);
	back = json(into);
	assert_string_equal(back, one);
	free(back);
	/* twice: everything adds, the site goes, the sites are the union */
	twice = pm_figs_new(m, NULL, "", t_sections, 1);
	assert_int_equal(pm_figs_merge(twice, one, strlen(one), "a.json", &err), 0);
	two = edit(one, "\"site\":\"S1\",\"sites\":[\"S1\"]", "\"site\":\"S2\",\"sites\":[\"S2\",\"S0\"]");
	assert_int_equal(pm_figs_merge(twice, two, strlen(two), "b.json", &err), 0);
	free(two);
	two = json(twice);
	assert_non_null(strstr(two, "\"site\":null,\"sites\":[\"S0\",\"S1\",\"S2\"]"));
	free(two);
	pm_figs_get(twice, PM_FIG_CUR, "t.count", &v);
	assert_int_equal(v.a, 22);
	pm_figs_get(twice, PM_FIG_CUR, "t.ratio", &v);
	assert_int_equal(v.a, 4);
	assert_int_equal(v.b, 6);
	pm_figs_get(twice, PM_FIG_CUR, "t.dist", &v);
	assert_int_equal(v.a, 8);           /* 10 10 30 30 30 30 120 120 */
	assert_int_equal(v.p50, 30);
	assert_int_equal(v.p90, 120);
	pm_figs_get(twice, PM_FIG_PREV, "t.dist", &v);
	assert_int_equal(v.set, 0);
	pm_figs_free(twice);
	pm_figs_free(into);
	pm_figs_free(f);
	free(one);
}

static void
test_merge_refused(void **state)
{
	static const struct { const char *from, *to, *why; } cases[] = {
		{ "\"month\":\"2026-11\",\"prev\":\"2026-10\",\"yoy\":\"2025-11\"",
		  "\"month\":\"2026-10\",\"prev\":\"2026-09\",\"yoy\":\"2025-10\"", "month 2026-10" },
		{ "\"prev\":\"2026-10\"", "\"prev\":\"2026-09\"", "prev and yoy" },
		{ "\"version\":1", "\"version\":2", "version 2" },
		{ "\"report\":\"monthly\"", "\"report\":\"weekly\"", "not a monthly" },
		{ "\"t.count\":", "\"t.other\":", "t.other: not a figure" },
		{ "\"kind\":\"count\"", "\"kind\":\"fen\"", "kind fen" },
		{ "{\"n\":11}", "{\"n\":\"11\"}", "an integer" },
		{ "{\"n\":11}", "{\"n\":11,\"x\":1}", "unknown member" },
		{ "{\"n\":11}", "{}", "missing" },
		{ "\"den\":3", "\"den\":-3", "below 0" },
		{ "[[10,1],[30,2]", "[[30,1],[10,2]", "ascend" },
		{ "[[10,1]", "[[10,0]", "positive" },
		{ "[[10,1]", "[[10]", "[value, count]" },
		{ "\"t.by\":{\"cols\":[\"count\"", "\"t.by\":{\"cols\":[\"n\"", "columns differ" },
		{ "\"t.nope\"", "\"t.nope\"", NULL },
		{ "\"key\":\"b\"", "\"key\":\"a\"", "two rows" },
		{ "\"cur\":[{\"n\":1}]}]", "\"cur\":[{\"n\":1}],\"prev\":[null]}]", "no such period" },
		{ "\"cur\":[{\"n\":1}]}]", "\"cur\":[{\"n\":1},null]}]", "one value per column" },
		{ "\"tables\"", "\"tablez\"", "unknown member" },
		{ "\"sites\":[\"S1\"]", "\"sites\":[\"S1,S2\"]", "site code" },
		{ "{\"n\":11}", "{\"n\":9223372036854775807}", NULL },
		{ "{\"report\"", "{\"report\":1,\"report\"", "named twice" },
		{ "\"kpi\":[]", "\"kpi\":[],", "a.json:1:" },
	};
	pm_month m = { 2026, 11 };
	pm_figs *f = made(), *into;
	pm_fig_val v;
	char *one, *bad, *other;
	size_t i;
	pm_err err;

	(void)state;
	one = json(f);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].why == NULL)
			continue;
		if (strstr(one, cases[i].from) == NULL)
			fail_msg("case %zu: no %s", i, cases[i].from);
		bad = edit(one, cases[i].from, cases[i].to);
		into = pm_figs_new(m, NULL, "", t_sections, 1);
		pm_err_clear(&err);
		if (pm_figs_merge(into, bad, strlen(bad), "a.json", &err) != PM_EX_DATAERR)
			fail_msg("case %zu accepted", i);
		if (strstr(err.msg, cases[i].why) == NULL || strncmp(err.msg, "a.json:", 7) != 0)
			fail_msg("case %zu: %s", i, err.msg);
		/* a refused file adds nothing */
		pm_figs_get(into, PM_FIG_CUR, "t.count", &v);
		assert_int_equal(v.set, 0);
		pm_figs_free(into);
		free(bad);
	}
	/* an overflowing sum (two sites' reports) */
	into = pm_figs_new(m, NULL, "", t_sections, 1);
	bad = edit(one, "{\"n\":11}", "{\"n\":9223372036854775807}");
	assert_int_equal(pm_figs_merge(into, bad, strlen(bad), "a.json", &err), 0);
	other = edit(bad, "\"sites\":[\"S1\"]", "\"sites\":[\"S2\"]");
	assert_int_equal(pm_figs_merge(into, other, strlen(other), "b.json", &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "64-bit"));
	free(other);
	free(bad);
	pm_figs_free(into);
	/* a site merged twice: refused, naming the site and both reports,
	 * adding nothing; a report listing a site twice too */
	into = pm_figs_new(m, NULL, "", t_sections, 1);
	assert_int_equal(pm_figs_merge(into, one, strlen(one), "a.json", &err), 0);
	pm_err_clear(&err);
	assert_int_equal(pm_figs_merge(into, one, strlen(one), "b.json", &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "b.json:1:"));
	assert_non_null(strstr(err.msg, "site S1 is in a.json too"));
	pm_figs_get(into, PM_FIG_CUR, "t.count", &v);
	assert_int_equal(v.a, 11);
	other = edit(one, "\"sites\":[\"S1\"]", "\"sites\":[\"S3\",\"S3\"]");
	pm_err_clear(&err);
	assert_int_equal(pm_figs_merge(into, other, strlen(other), "c.json", &err), PM_EX_DATAERR);
	assert_non_null(strstr(err.msg, "S3: a site listed twice"));
	free(other);
	pm_figs_free(into);
	/* not JSON, not a report */
	into = pm_figs_new(m, NULL, "", t_sections, 1);
	assert_int_equal(pm_figs_merge(into, "", 0, "e.json", &err), PM_EX_DATAERR);
	assert_int_equal(pm_figs_merge(into, "[]", 2, "e.json", &err), PM_EX_DATAERR);
	assert_int_equal(pm_figs_peek_month("{}", 2, "e.json", &m, &err), PM_EX_DATAERR);
	pm_figs_free(into);
	pm_figs_free(f);
	free(one);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_bug),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_rows_max),
		cmocka_unit_test(test_kpi),
		cmocka_unit_test(test_target_parse),
		cmocka_unit_test(test_doc),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_minutes),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
