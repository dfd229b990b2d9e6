/*
 * chart.h — small charts as inline SVG, for a document a person prints.
 *
 * One series of integer values with a label each, drawn as
 *
 *	PM_CHART_BAR   horizontal bars, one a row, the label on the left and
 *	               the value after the bar (a breakdown: which is most)
 *	PM_CHART_COLS  vertical columns in the order given, labels below,
 *	               values above (buckets, one column per place)
 *	PM_CHART_LINE  a line over the points in the order given, labels
 *	               below ("2026-01"), a marker and the value at each
 *	               point; a missing point breaks the line (a gap)
 *
 * with a title, a value axis (ticks at 1, 2 or 5 times a power of ten,
 * with grid lines) and value labels.  Values are integers in the
 * caller's unit; the caller's formatter writes them ("95.00%" for a
 * ratio's hundredths, "1,234.00" for fen), the axis ticks too.  A point
 * with set 0 has no value: no bar, no line through it, "-" as its value.
 * Negative values draw from the zero line the other way; any int64 is
 * drawn (geometry is worked out in double, the text from the integers).
 *
 * The SVG is for inline use in an HTML page (no xmlns: the HTML parser
 * gives it its namespace), sized to an A4 column: 680 user units wide (4 a millimetre,
 * width 100% up to 170 mm), its height from the number of rows.  Text
 * is taken as safe (pm_text_safe) and XML-escaped; labels are cut by
 * display width with "…" (CJK characters are two columns) to the room
 * they have.  No script, no external reference, no id: the output is
 * the same bytes for the same input, and two charts can sit in one
 * page.  The fonts are the document's (the svg names PM_CHART_FONTS
 * for a reader that shows it alone); the colours are one dark blue and
 * greys, so a greyscale print still reads (bars dark, grid light, text
 * black).
 */
#ifndef PM_CHART_H
#define PM_CHART_H

#include <stdint.h>
#include "buf.h"

/* The font families the charts and the documents use, CJK first (CSS,
 * single-quoted so it fits inside a double-quoted attribute). */
#define PM_CHART_FONTS \
	"'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'WenQuanYi Micro Hei', " \
	"'Microsoft YaHei', 'PingFang SC', sans-serif"

/* The series colour (bars, line, markers): the chart test looks for it
 * in a rendering. */
#define PM_CHART_INK "#2b5c8a"

typedef enum pm_chart_kind {
	PM_CHART_BAR = 0,
	PM_CHART_COLS,
	PM_CHART_LINE
} pm_chart_kind;

typedef struct pm_chart_point {
	const char *label;      /* NULL: "" */
	int64_t value;
	int set;                /* 0: no value at this point */
} pm_chart_point;

/* Append v as text to out; arg is the caller's. */
typedef void (*pm_chart_fmt)(pm_buf *out, int64_t v, void *arg);

typedef struct pm_chart {
	pm_chart_kind kind;
	const char *title;      /* NULL: none */
	const pm_chart_point *pts;
	int n;                  /* 0 (or no point set): the frame and "no data" */
	pm_chart_fmt fmt;       /* NULL: the integer in decimal */
	void *arg;
} pm_chart;

#define PM_CHART_WIDTH 680      /* user units, 4 a millimetre */
#define PM_CHART_MAXPTS 500     /* points drawn; the rest left out */

/* Append the chart c to b as one <svg> element (and a newline). */
void pm_chart_svg(pm_buf *b, const pm_chart *c);

#endif
