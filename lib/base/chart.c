/* chart.c — bar, column and line charts as inline SVG; see chart.h. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "chart.h"
#include "i18n.h"
#include "text.h"

/*
 * Geometry in user units (4 a millimetre).  A display column of text
 * at font size 12 is taken as 6.5 units wide (Latin digits are about
 * 6.6, a CJK character 12 for two columns), so text cut to the columns
 * the room holds stays inside it.
 */
enum {
	W = PM_CHART_WIDTH,
	FONT = 12,              /* labels, values, ticks */
	TFONT = 14,             /* the title */
	ROW = 22,               /* a bar's row */
	BARH = 14,              /* a bar's thickness */
	PLOTH = 180,            /* the plot of columns and lines */
	LABEL_MAX = 30,         /* a bar label's columns at most */
	VALUE_MAX = 24          /* a value's columns at most */
};
#define COLW 6.5

#define GRID "#d4d4d4"
#define AXIS "#555555"
#define TEXT "#111111"
#define MUTED "#666666"

/* A value axis: lo..hi in the caller's unit, ticks every step. */
struct scale {
	double lo, hi, step;
};

/* Round to the unit: the output is integers (deterministic, no locale). */
static void
num(pm_buf *b, double v)
{
	if (!(v > -1e9 && v < 1e9))
		v = 0;
	pm_buf_addi(b, (int64_t)llround(v));
}

static size_t
cols_in(double units)
{
	return units > 0 ? (size_t)(units / COLW) : 0;
}

static double
units_of(size_t cols)
{
	return (double)cols * COLW;
}

/* <text> at x, y with anchor (start, middle, end), s cut to maxcols
 * display columns (0: not cut) and escaped. */
static void
text(pm_buf *b, double x, double y, const char *anchor, const char *extra,
	const char *s, size_t maxcols)
{
	pm_buf t;

	pm_buf_init(&t);
	if (maxcols > 0)
		pm_text_fit(&t, s != NULL ? s : "", maxcols, 0);
	else
		pm_text_safe(&t, s != NULL ? s : "");
	pm_buf_adds(b, "<text x=\"");
	num(b, x);
	pm_buf_adds(b, "\" y=\"");
	num(b, y);
	pm_buf_adds(b, "\"");
	if (strcmp(anchor, "start") != 0) {
		pm_buf_adds(b, " text-anchor=\"");
		pm_buf_adds(b, anchor);
		pm_buf_adds(b, "\"");
	}
	if (extra != NULL)
		pm_buf_adds(b, extra);
	pm_buf_adds(b, ">");
	pm_text_html(b, t.s, t.len);
	pm_buf_adds(b, "</text>\n");
	pm_buf_free(&t);
}

static void
line(pm_buf *b, double x1, double y1, double x2, double y2, const char *stroke)
{
	pm_buf_adds(b, "<line x1=\"");
	num(b, x1);
	pm_buf_adds(b, "\" y1=\"");
	num(b, y1);
	pm_buf_adds(b, "\" x2=\"");
	num(b, x2);
	pm_buf_adds(b, "\" y2=\"");
	num(b, y2);
	pm_buf_adds(b, "\" stroke=\"");
	pm_buf_adds(b, stroke);
	pm_buf_adds(b, "\" stroke-width=\"1\"/>\n");
}

/* A rectangle from (x1, y1) to (x2, y2) in any order, at least one unit
 * across so a small non-zero value still shows. */
static void
rect(pm_buf *b, double x1, double y1, double x2, double y2)
{
	double x = x1 < x2 ? x1 : x2, y = y1 < y2 ? y1 : y2;
	double w = fabs(x2 - x1), h = fabs(y2 - y1);

	pm_buf_adds(b, "<rect x=\"");
	num(b, x);
	pm_buf_adds(b, "\" y=\"");
	num(b, y);
	pm_buf_adds(b, "\" width=\"");
	num(b, w < 1 ? 1 : w);
	pm_buf_adds(b, "\" height=\"");
	num(b, h < 1 ? 1 : h);
	pm_buf_adds(b, "\" fill=\"" PM_CHART_INK "\"/>\n");
}

/* The caller's text of v (or "-" for no value) into out, reset first. */
static void
fmt(const pm_chart *c, pm_buf *out, const pm_chart_point *p)
{
	pm_buf_reset(out);
	if (p != NULL && !p->set)
		pm_buf_adds(out, "-");
	else if (c->fmt != NULL)
		c->fmt(out, p->value, c->arg);
	else
		pm_buf_addi(out, p->value);
}

/* A tick's value as the integer it stands for; 0 when outside int64
 * (never drawn: see ticks()). */
static int
tick_value(double t, int64_t *out)
{
	if (!(t > -9.2e18 && t < 9.2e18))
		return -1;
	*out = (int64_t)llround(t);
	return 0;
}

/*
 * The axis over the set values: a step of 1, 2 or 5 times a power of
 * ten giving about five intervals (at least 1: values are integers),
 * the ends moved out to whole steps.  Bars and columns stand on zero,
 * so zero is always on their axis; a line shows how a value moves, so
 * its axis spans the values only (a rate between 90% and 96% is not a
 * flat line at the top).
 */
static struct scale
scale_of(const pm_chart *c, int n)
{
	struct scale s = { 0, 0, 1 };
	double raw, mag, m;
	int i, first = c->kind == PM_CHART_LINE;

	for (i = 0; i < n; i++) {
		double v = (double)c->pts[i].value;
		if (!c->pts[i].set)
			continue;
		if (first || v < s.lo)
			s.lo = v;
		if (first || v > s.hi)
			s.hi = v;
		first = 0;
	}
	if (s.hi - s.lo <= 0) {
		/* one value (or all equal): a unit of the value's size around it */
		double u = fabs(s.hi) >= 10 ? pow(10, floor(log10(fabs(s.hi)))) : 1;
		if (c->kind == PM_CHART_LINE)
			s.lo -= u;
		s.hi += u;
	}
	raw = (s.hi - s.lo) / 5;
	mag = pow(10, floor(log10(raw)));
	m = raw / mag;
	s.step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * mag;
	if (s.step < 1)
		s.step = 1;
	s.lo = floor(s.lo / s.step) * s.step;
	s.hi = ceil(s.hi / s.step) * s.step;
	return s;
}

/* Where v falls between a and b (the plot's ends in units). */
static double
at(const struct scale *s, double v, double a, double b)
{
	return a + (v - s->lo) / (s->hi - s->lo) * (b - a);
}

/* The widest text of the ticks, in display columns. */
static size_t
ticks_width(const pm_chart *c, const struct scale *s)
{
	pm_buf t;
	size_t w = 1;
	double v;

	pm_buf_init(&t);
	for (v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
		pm_chart_point p = { NULL, 0, 1 };
		if (tick_value(v, &p.value) < 0)
			continue;
		fmt(c, &t, &p);
		if (pm_text_width(t.s) > w)
			w = pm_text_width(t.s);
	}
	pm_buf_free(&t);
	return w > VALUE_MAX ? VALUE_MAX : w;
}

/*
 * Grid lines and tick labels.  vertical: the value axis runs along x
 * from a to b, lines from y1 to y2, labels below y2; else along y (from
 * a at the bottom to b at the top), lines from x1 to x2, labels left of
 * x1.
 */
static void
ticks(pm_buf *b, const pm_chart *c, const struct scale *s, int vertical,
	double a, double bb, double p1, double p2)
{
	pm_buf t;
	double v;
	size_t tw = ticks_width(c, s);

	pm_buf_init(&t);
	for (v = s->lo; v <= s->hi + s->step / 2; v += s->step) {
		pm_chart_point p = { NULL, 0, 1 };
		double pos = at(s, v, a, bb);
		if (tick_value(v, &p.value) < 0)
			continue;
		fmt(c, &t, &p);
		if (vertical) {
			line(b, pos, p1, pos, p2, p.value == 0 ? AXIS : GRID);
			text(b, pos, p2 + FONT + 2, "middle", " fill=\"" MUTED "\"", t.s, tw);
		} else {
			line(b, p1, pos, p2, pos, p.value == 0 ? AXIS : GRID);
			text(b, p1 - 4, pos + FONT / 3, "end", " fill=\"" MUTED "\"", t.s, tw);
		}
	}
	pm_buf_free(&t);
}

static void
open_svg(pm_buf *b, const pm_chart *c, double h)
{
	pm_buf_adds(b, "<svg class=\"chart\" viewBox=\"0 0 ");
	num(b, W);
	pm_buf_adds(b, " ");
	num(b, h);
	pm_buf_adds(b, "\" width=\"100%\" style=\"max-width:170mm;height:auto\" role=\"img\"");
	if (c->title != NULL) {
		pm_buf t;
		pm_buf_init(&t);
		pm_text_safe(&t, c->title);
		pm_buf_adds(b, " aria-label=\"");
		pm_text_html(b, t.s, t.len);
		pm_buf_adds(b, "\"");
		pm_buf_free(&t);
	}
	pm_buf_adds(b, " font-family=\"" PM_CHART_FONTS "\" font-size=\"");
	num(b, FONT);
	pm_buf_adds(b, "\" fill=\"" TEXT "\">\n");
	if (c->title != NULL) {
		text(b, 0, TFONT + 2, "start", " font-size=\"14\" font-weight=\"bold\"",
		    c->title, cols_in(W) * FONT / TFONT);
	}
}

/* The rows the chart draws, and whether any has a value. */
static int
points(const pm_chart *c, int *any)
{
	int n = c->pts != NULL && c->n > 0 ? c->n : 0, i;

	if (n > PM_CHART_MAXPTS)
		n = PM_CHART_MAXPTS;
	*any = 0;
	for (i = 0; i < n; i++)
		if (c->pts[i].set)
			*any = 1;
	return n;
}

/* The widest label and the widest value text of the n points, in
 * display columns (at least 1); v is scratch. */
static void
widths(const pm_chart *c, int n, pm_buf *v, size_t *lw, size_t *vw)
{
	int i;

	*lw = *vw = 1;
	for (i = 0; i < n; i++) {
		size_t w = pm_text_width(c->pts[i].label != NULL ? c->pts[i].label : "");
		if (w > *lw)
			*lw = w;
		fmt(c, v, &c->pts[i]);
		if (pm_text_width(v->s) > *vw)
			*vw = pm_text_width(v->s);
	}
}

static void
bars(pm_buf *b, const pm_chart *c, int n, double top)
{
	struct scale s = scale_of(c, n);
	pm_buf v;
	size_t lw = 1, vw = 1, tw = ticks_width(c, &s);
	double x0, x1, h;
	int i;

	pm_buf_init(&v);
	widths(c, n, &v, &lw, &vw);
	if (lw > LABEL_MAX)
		lw = LABEL_MAX;
	if (vw > VALUE_MAX)
		vw = VALUE_MAX;
	/* the first and last tick labels are centred on the plot's ends */
	x0 = units_of(lw) + 8;
	if (x0 < units_of(tw) / 2 + 2)
		x0 = units_of(tw) / 2 + 2;
	x1 = W - units_of(vw) - 6;
	if (x1 > W - units_of(tw) / 2 - 2)
		x1 = W - units_of(tw) / 2 - 2;
	h = top + n * ROW + FONT + 10;
	open_svg(b, c, h);
	ticks(b, c, &s, 1, x0, x1, top, top + n * ROW);
	for (i = 0; i < n; i++) {
		const pm_chart_point *p = &c->pts[i];
		double y = top + i * ROW, mid = y + ROW / 2.0;
		double z = at(&s, 0, x0, x1), e;

		text(b, x0 - 6, mid + FONT / 3.0, "end", NULL, p->label, lw);
		fmt(c, &v, p);
		if (!p->set) {
			text(b, z + 4, mid + FONT / 3.0, "start", " fill=\"" MUTED "\"", v.s, vw);
			continue;
		}
		e = at(&s, (double)p->value, x0, x1);
		rect(b, z, mid - BARH / 2.0, e, mid + BARH / 2.0);
		text(b, (e > z ? e : z) + 4, mid + FONT / 3.0, "start", NULL, v.s, vw);
	}
	pm_buf_adds(b, "</svg>\n");
	pm_buf_free(&v);
}

/*
 * Columns and lines share a frame: the value axis on the left, a slot
 * per point, labels below.  Labels are cut to their slot; when a slot
 * is too narrow for a short label, every k-th is shown.  Values are
 * written above their point when they fit the slot.
 */
static void
slots(pm_buf *b, const pm_chart *c, int n, double top)
{
	struct scale s = scale_of(c, n);
	pm_buf v, path;
	size_t tw = ticks_width(c, &s), lw = 1, vw = 1, lcols;
	double x0 = units_of(tw) + 8, x1 = W - 4, y0 = top + FONT + 6, y1 = y0 + PLOTH;
	double slot = (x1 - x0) / n, zero;
	int i, every = 1, pen = 0, showv;

	pm_buf_init(&v);
	pm_buf_init(&path);
	widths(c, n, &v, &lw, &vw);
	lcols = cols_in(slot - 4);
	if (lcols < lw && lcols < 6) {
		size_t want = lw < 8 ? lw : 8;
		every = (int)ceil(units_of(want) / slot);
		if (every < 1)
			every = 1;
		lcols = cols_in(slot * every - 4);
	}
	showv = units_of(vw) <= slot - 2;
	open_svg(b, c, y1 + FONT + 10);
	ticks(b, c, &s, 0, y1, y0, x0, x1);
	zero = at(&s, 0, y1, y0);
	for (i = 0; i < n; i++) {
		const pm_chart_point *p = &c->pts[i];
		double mid = x0 + slot * (i + 0.5), y;

		if (i % every == 0)
			text(b, mid, y1 + FONT + 4, "middle", NULL, p->label, lcols);
		if (!p->set) {
			pen = 0;
			continue;
		}
		y = at(&s, (double)p->value, y1, y0);
		if (c->kind == PM_CHART_COLS) {
			double bw = slot * 0.6 > 56 ? 56 : slot * 0.6;
			rect(b, mid - bw / 2, zero, mid + bw / 2, y);
			continue;
		}
		pm_buf_adds(&path, pen ? " L" : (path.len ? " M" : "M"));
		num(&path, mid);
		pm_buf_addc(&path, ' ');
		num(&path, y);
		pen = 1;
	}
	if (path.len > 0) {
		pm_buf_adds(b, "<path d=\"");
		pm_buf_adds(b, path.s);
		pm_buf_adds(b, "\" fill=\"none\" stroke=\"" PM_CHART_INK
		    "\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n");
	}
	/* markers and values over the line */
	for (i = 0; i < n; i++) {
		const pm_chart_point *p = &c->pts[i];
		double mid = x0 + slot * (i + 0.5), y;

		if (!p->set)
			continue;
		y = at(&s, (double)p->value, y1, y0);
		if (c->kind == PM_CHART_LINE) {
			pm_buf_adds(b, "<circle cx=\"");
			num(b, mid);
			pm_buf_adds(b, "\" cy=\"");
			num(b, y);
			pm_buf_adds(b, "\" r=\"3\" fill=\"" PM_CHART_INK "\"/>\n");
		}
		if (showv) {
			fmt(c, &v, p);
			text(b, mid, p->value < 0 ? y + FONT + 2 : y - 5, "middle", NULL, v.s, vw);
		}
	}
	pm_buf_adds(b, "</svg>\n");
	pm_buf_free(&path);
	pm_buf_free(&v);
}

void
pm_chart_svg(pm_buf *b, const pm_chart *c)
{
	double top = c->title != NULL ? TFONT + 12 : 4;
	int any, n = points(c, &any);

	if (!any) {
		open_svg(b, c, top + 40);
		text(b, W / 2.0, top + 24, "middle", " fill=\"" MUTED "\"", _("no data"), 0);
		pm_buf_adds(b, "</svg>\n");
		return;
	}
	if (c->kind == PM_CHART_BAR)
		bars(b, c, n, top);
	else
		slots(b, c, n, top);
}
