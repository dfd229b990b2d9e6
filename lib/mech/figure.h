/*
 * figure.h — a period's figures: counts, money, ratios, means and
 * distributions, each for the period and the two it is compared with,
 * declared by the modules that compute them, written as JSON, read back
 * and added up, held against targets, and laid out as a document.
 *
 * A report is sections (pm_fig_section), each a table of scalar figures
 * (pm_fig_def) and breakdown tables (pm_fig_table_def) with a compute
 * callback.  The engine calls compute once per slot — the period itself
 * (PM_FIG_CUR), the month before (PM_FIG_PREV) and the same month a
 * year before (PM_FIG_YOY) — and the callback stores what it counted
 * with pm_figs_set / pm_figs_dist / pm_figs_cell.  Nothing here knows
 * what is counted.
 *
 * Values are integers only (a, b):
 *
 *	COUNT  a          how many
 *	FEN    a          money in fen
 *	RATIO  a / b      shown as a percentage, hundredths, half up
 *	                  (lib/mech/stat.h's rule); b 0 is no figure
 *	MEAN   a / b      a sum over b items, shown in hundredths, half up
 *	DIST   a histogram of integer values (minutes): n, nearest-rank
 *	       p50 and p90 (stat.h) are derived from it
 *
 * Every kind adds up exactly across reports: counts and money add,
 * ratios and means add numerator and denominator, distributions add
 * their histograms — so merging the reports of two databases gives the
 * report of one database that holds both, figure by figure.  A figure
 * never set in a slot is "no figure" (JSON null, "-" in documents) and
 * adds as nothing.
 *
 * ---- The JSON (version 1, stable keys) ------------------------------------
 *
 *	{"report":"monthly","version":1,"month":"2026-11",
 *	 "prev":"2026-10","yoy":"2025-11","site":"S1"|null,"sites":["S1"],
 *	 "figures":{"<key>":{"kind":"count|fen|ratio|mean|dist",
 *	            "cur":V,"prev":V,"yoy":V, "target":T|absent, "met":bool|absent}},
 *	 "tables":{"<key>":{"cols":["<colkey>",...],
 *	            "rows":[{"key":"...","label":"...","cur":[V,...],
 *	                     "prev":[V,...]|absent,"yoy":[V,...]|absent}]}},
 *	 "kpi":[{"key":"...","op":">=|<=","target":N,"value":N|null,"met":bool}]}
 *
 *	V:  count {"n":A}        fen {"fen":A}
 *	    ratio {"num":A,"den":B,"pct":P}      P hundredths of a percent
 *	    mean  {"sum":A,"n":B,"mean":M}       M hundredths
 *	    dist  {"n":N,"p50":X,"p90":Y,"hist":[[value,count],...]}
 *	          hist ascending by value, counts > 0
 *	    null  no figure
 *
 * Derived members (pct, mean, n/p50/p90 of dist, met, kpi) are written
 * for readers and recomputed, never trusted, when a report is read back.
 * Labels are not in the figures (a reader's language is its own); table
 * rows carry theirs, never translated in the JSON, so a report is the
 * same bytes in every locale and reports run in different languages
 * merge: a table whose rows are pm's own words (a record's kind, an
 * ageing bucket; labels PM_FIG_LABEL_MSGID) carries the English msgid,
 * which the documents translate when they lay it out; any other table's
 * labels are the data's (a category path, a building's name) and are
 * shown as they are.
 *
 * Targets (KPI): "key op value" with op >= or <=, value in the figure's
 * stored unit (a ratio's hundredths of a percent, a dist's p50 minutes,
 * a count, fen).  A target is missed when the current value is on the
 * wrong side; a figure with no value misses no target (it is shown as
 * "no figure").
 */
#ifndef PM_FIGURE_H
#define PM_FIGURE_H

#include <stdint.h>
#include <stdio.h>
#include "ctx.h"
#include "doc.h"
#include "err.h"
#include "pmtime.h"

typedef enum pm_fig_kind {
	PM_FIG_COUNT = 0,
	PM_FIG_FEN,
	PM_FIG_RATIO,
	PM_FIG_MEAN,
	PM_FIG_DIST
} pm_fig_kind;

enum { PM_FIG_CUR = 0, PM_FIG_PREV, PM_FIG_YOY, PM_FIG_NSLOT };

/* The period a compute callback counts. */
typedef struct pm_fig_period {
	int slot;               /* PM_FIG_CUR, _PREV, _YOY */
	pm_month month;
	pm_time start, end;     /* [start, end) in the business zone */
	pm_time asof;           /* states (open, overdue, owed) are judged at
	                         * this moment: end, or ctx->now when earlier */
	const char *site;       /* site code, NULL: every site */
} pm_fig_period;

/* A scalar figure.  key: "section.name", [a-z0-9_.]; label: an N_()
 * msgid; better: +1 more is better, -1 less is better, 0 neither (the
 * documents mark a change for the worse). */
typedef struct pm_fig_def {
	const char *key;
	pm_fig_kind kind;
	const char *label;
	int better;
} pm_fig_def;

/* A column of a breakdown table. */
typedef struct pm_fig_col {
	const char *key;        /* "count", "cost_fen" */
	pm_fig_kind kind;
	const char *label;      /* N_() msgid */
} pm_fig_col;

enum {
	PM_FIG_CHART_NONE = 0,
	PM_FIG_CHART_BAR,       /* horizontal bars of column chart_col, one per row */
	PM_FIG_CHART_LINE,      /* a line of column chart_col over the rows in key
	                         * order (a trend: rows are months "2026-01") */
	PM_FIG_CHART_COLS       /* vertical bars of column chart_col in row order
	                         * (ageing buckets, coverage per site) */
};

enum {
	PM_FIG_LABEL_DATA = 0,  /* the data's own text (names, category paths):
	                         * shown as it is */
	PM_FIG_LABEL_MSGID      /* pm's words, N_() msgids, translated when a
	                         * document lays them out (a row whose label
	                         * is its key, a word the caller has no msgid
	                         * for, goes through the catalogue too) */
};

#define PM_FIG_MAXCOLS 8
#define PM_FIG_ROWS_MAX 500     /* rows a table keeps (JSON, merge) */

/* A breakdown table.  Rows are sorted by sort_col's current value,
 * descending, then by key (sort_col -1: by key ascending, for months
 * and buckets whose keys sort themselves, e.g. "1_0-30"); a document
 * shows the first top rows (0: all).  slots: which slots the table
 * keeps (bits 1 << PM_FIG_CUR ...): a trend is CUR only, a breakdown by
 * category has all three. */
typedef struct pm_fig_table_def {
	const char *key;        /* "section.by_kind" */
	const char *label;      /* N_() msgid: the table's heading */
	const char *rowlabel;   /* N_() msgid: the key column's header */
	int ncols;
	const pm_fig_col *cols;
	int sort_col;
	int top;
	unsigned slots;
	int chart;              /* PM_FIG_CHART_* (html only) */
	int chart_col;
	int labels;             /* PM_FIG_LABEL_*: what the rows' labels are */
} pm_fig_table_def;

typedef struct pm_figs pm_figs;

/* A section of a report: its figures, tables and the callback that
 * counts one period.  compute returns 0 or an exit status with err set. */
typedef struct pm_fig_section {
	const char *key;        /* "section" */
	const char *title;      /* N_() msgid */
	const pm_fig_def *figs;
	int nfigs;
	const pm_fig_table_def *tables;
	int ntables;
	int (*compute)(pm_ctx *ctx, const pm_fig_period *p, pm_figs *f, pm_err *err);
} pm_fig_section;

/* A target: figure key, op (+1 ">=", -1 "<="), value in stored units. */
typedef struct pm_fig_target {
	const char *key;
	int op;
	int64_t value;
} pm_fig_target;

/* ---- the store ------------------------------------------------------- */

/* A report of month m for site (code, NULL: every site; sites is the
 * list of site codes it covers, "S1,S2"), with its sections declared.
 * NULL on out of memory. */
pm_figs *pm_figs_new(pm_month m, const char *site, const char *sites,
	const pm_fig_section *const *sections, int nsections);
void pm_figs_free(pm_figs *f);

/* The three periods of the report (slot = index), asof judged at now. */
void pm_figs_periods(const pm_figs *f, pm_time now, pm_fig_period out[PM_FIG_NSLOT]);

/* Run every section's compute for every slot. */
int pm_figs_compute(pm_figs *f, pm_ctx *ctx, pm_err *err);

/*
 * What compute stores.  A key that was not declared (or a kind that
 * does not fit) is a bug: the store remembers the first one and
 * pm_figs_compute returns PM_EX_SOFTWARE naming it.
 *
 * set: a COUNT/FEN (b ignored) or RATIO/MEAN value; setting twice
 * replaces.  add: adds to it (sets when unset).  dist: adds count
 * values equal to value (minutes) to a DIST.  cell: the value of column
 * col of a table's row (row made on first use with its label; label
 * NULL: the key).  A label is stored as given: in a PM_FIG_LABEL_MSGID
 * table the msgid (N_("Repair request"), never _()), in any other the
 * data's text.
 */
void pm_figs_set(pm_figs *f, int slot, const char *key, int64_t a, int64_t b);
void pm_figs_add(pm_figs *f, int slot, const char *key, int64_t a, int64_t b);
void pm_figs_dist(pm_figs *f, int slot, const char *key, int64_t value, int64_t count);
void pm_figs_cell(pm_figs *f, int slot, const char *table, const char *row,
	const char *label, int col, int64_t a, int64_t b);
void pm_figs_cell_dist(pm_figs *f, int slot, const char *table, const char *row,
	const char *label, int col, int64_t value, int64_t count);

/* ---- reading it (tests, kpi, documents) ------------------------------- */

/* A value: set 0 is no figure.  For DIST, a is n and b unused; p50 and
 * p90 are filled.  pct is a RATIO's hundredths of a percent, a MEAN's
 * hundredths (0 when unset). */
typedef struct pm_fig_val {
	int set;
	int64_t a, b;
	int64_t pct;
	int64_t p50, p90;
} pm_fig_val;

/* The value of figure key in slot; -1 when no such key. */
int pm_figs_get(const pm_figs *f, int slot, const char *key, pm_fig_val *out);

/* ---- targets ----------------------------------------------------------- */

/* Hold the figures against targets (n of them): each one's result is
 * kept for the JSON, the documents and pm_figs_kpi.  A target naming a
 * figure the report has not is PM_EX_CONFIG. */
int pm_figs_targets(pm_figs *f, const pm_fig_target *t, int n, pm_err *err);

/* One KPI line: key, label (msgid), op, target and value as text in
 * the figure's display unit ("95.00%", "3h20m"), and as numbers in its
 * stored unit (as the JSON's kpi entries: a ratio's hundredths of a
 * percent, a distribution's median in minutes), met.  fn per target in
 * the order given; returns the number missed, or -1 with err. */
typedef struct pm_fig_kpi {
	const char *key, *label;
	const char *op;         /* ">=" or "<=" */
	const char *target, *value;   /* value "-" when no figure */
	int64_t target_n, value_n;    /* value_n only when value_set */
	int value_set;
	int met;
} pm_fig_kpi;
int pm_figs_kpi(const pm_figs *f, int (*fn)(void *arg, const pm_fig_kpi *k), void *arg,
	pm_err *err);

/*
 * Minutes as the documents and KPI lines write a duration, exactly
 * (the monthly report's man page documents it): under an hour in
 * minutes, "0min", "45min"; under 48 hours in hours and minutes, "1h",
 * "1h05m", "46h40m"; from 48 hours in days, then hours and minutes when
 * any are left, the hours written whenever minutes are, "2d", "2d3h",
 * "2d0h20m", "12d23h59m".  Minutes after hours are two digits.  Negative: "-" first.  Returns what
 * snprintf returns (32 bytes always suffice).
 */
int pm_figs_minutes(int64_t m, char *buf, size_t n);

/* ---- JSON, merge, documents -------------------------------------------- */

/* Write the report as JSON (above) on fp; PM_EX_IOERR on a write error. */
int pm_figs_json(const pm_figs *f, FILE *fp, pm_err *err);

/* Read a report back (text of len bytes, name for messages) and add it
 * into into, which was made with the same sections: version, month and
 * keys must agree (PM_EX_DATAERR "name: why"), derived members are
 * recomputed.  The first report read sets site; every further one makes
 * site NULL and sites the sorted union.  A site already merged (from
 * another report, or the same one again) is refused, naming the site
 * and both reports: its figures would count twice. */
int pm_figs_merge(pm_figs *into, const char *text, size_t len, const char *name, pm_err *err);

/* Lay the report out as a document: per section a heading, its figures
 * (current, last month, change, a year ago, target, a mark where a
 * target is missed) and its tables (first top rows); html adds the
 * tables' charts.  title is the document's title. */
int pm_figs_doc(const pm_figs *f, pm_doc *d, pm_err *err);

/* ---- added by the core helper (figure.h's first version had not these) -- */

/*
 * A target as written in config: ">= 95%", "<= 0", "<= 2h", ">= 4.5",
 * ">= ¥1,000" — op, spaces, a value in the display unit of kind (a
 * ratio: a percentage with at most two decimals and "%"; a mean: a
 * number with at most two decimals; a dist: a duration of whole
 * minutes, 30min, 2h, 1d, its median compared; a count: an integer;
 * fen: an amount of yuan).  "off" is no target.  Returns 0 with *op
 * (+1 ">=", -1 "<=") and *value in stored units, 1 for "off", or
 * PM_EX_CONFIG with err saying why (the caller adds where).
 */
int pm_figs_target_parse(const char *s, pm_fig_kind kind, int *op, int64_t *value, pm_err *err);

/* The kind of the figure key among the sections' declarations; -1 when
 * none declares it. */
int pm_figs_kind_of(const pm_fig_section *const *sections, int nsections, const char *key);

/* The label (msgid, untranslated) of the figure key among the sections'
 * declarations; NULL when none declares it. */
const char *pm_figs_label_of(const pm_fig_section *const *sections, int nsections,
	const char *key);

/*
 * The month of a report in JSON (the first of several to merge: the
 * report they are merged into is made for it).  PM_EX_DATAERR "name:
 * why" when text is not a report.
 */
int pm_figs_peek_month(const char *text, size_t len, const char *name, pm_month *out,
	pm_err *err);

#endif
