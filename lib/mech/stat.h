/*
 * stat.h — the pieces every set-based statistic is written with: nearest-
 * rank percentiles per group and ratios in integers, as SQL, so a
 * month's figures are one streamed statement, not rows read into C.
 *
 * Percentiles are nearest-rank: of the n values of a group in ascending
 * order, the p-th percentile is the k-th with k = ceil(p * n / 100) =
 * (p * n + 99) / 100, so the median of 4 values is the 2nd (the lower
 * middle one), p90 of 10 values the 9th, and every percentile of one
 * value is that value.  Each is one of the data: no interpolation, no
 * floating point.
 *
 * Ratios are integers scaled once and rounded half up: (a * scale +
 * b / 2) / b, NULL when b is 0 (nothing to divide by is no figure, not
 * 0).  A percentage in hundredths (8333 = 83.33 %) is scale 10000; a
 * mean in hundredths scale 100.
 *
 * The SQL is portable (window functions, CASE, integer division): the
 * caller builds its statement around these pieces and binds its values.
 *
 *	WITH cur AS (SELECT <key> AS k, <columns> FROM t WHERE <period>),
 *	     <pm_stat_pct_sql(&sql, "rt", "cur", "done_at - reported_at",
 *	                      "done_at IS NOT NULL")>
 *	SELECT ..., rt.p50, rt.p90 FROM keys LEFT JOIN rt ON rt.k = keys.k
 */
#ifndef PM_STAT_H
#define PM_STAT_H

#include <stdint.h>
#include "buf.h"

/* The nearest rank of percentile p (1..100) among n values (1..n), and
 * 0 when n is 0 — the rule the SQL below applies, for callers and tests. */
int64_t pm_stat_rank(int p, int64_t n);

/*
 * Append two common table expressions to sql (without a leading or
 * trailing comma): name_r, each value of src's rows where cond holds
 * ranked within its group k, and name, one row per group k with columns
 * p50 and p90 — the nearest-rank median and 90th percentile of value.
 * src must have a column k (the group; one group: a constant); value and
 * cond are SQL expressions over src's columns.  Rows whose value is NULL
 * are never counted (cond NULL: every other row).  A group with no
 * value has no row.  Names and expressions are the caller's
 * fixed text, never user input.
 */
void pm_stat_pct_sql(pm_buf *sql, const char *name, const char *src, const char *value,
	const char *cond);

/* Append "CASE WHEN (den) > 0 THEN ((num) * scale + (den) / 2) / (den) END":
 * num / den scaled, half up, NULL without a denominator. */
void pm_stat_ratio_sql(pm_buf *sql, const char *num, const char *den, int64_t scale);

#endif
