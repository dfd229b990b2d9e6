/* stat.c — nearest-rank percentiles and integer ratios as SQL; see stat.h. */
#include "stat.h"

int64_t
pm_stat_rank(int p, int64_t n)
{
	if (n <= 0 || p <= 0)
		return 0;
	return (p * n + 99) / 100;
}

/*
 * ROW_NUMBER ranks each value within its group and a COUNT window gives
 * the group's size beside it, so picking rank (p * m + 99) / 100 is a
 * plain aggregate: no self-join, one pass over the group's sorted rows.
 */
void
pm_stat_pct_sql(pm_buf *sql, const char *name, const char *src, const char *value,
    const char *cond)
{
	pm_buf_addf(sql, "%s_r AS (SELECT k, %s AS t, ROW_NUMBER() OVER (PARTITION BY k "
	    "ORDER BY %s) AS i, COUNT(*) OVER (PARTITION BY k) AS m FROM %s WHERE (%s) IS NOT NULL",
	    name, value, value, src, value);
	if (cond != NULL)
		pm_buf_addf(sql, " AND (%s)", cond);
	pm_buf_addf(sql, "), %s AS (SELECT k, max(CASE WHEN i = (50 * m + 99) / 100 THEN t END) "
	    "AS p50, max(CASE WHEN i = (90 * m + 99) / 100 THEN t END) AS p90 FROM %s_r GROUP BY k)",
	    name, name);
}

void
pm_stat_ratio_sql(pm_buf *sql, const char *num, const char *den, int64_t scale)
{
	pm_buf_addf(sql, "CASE WHEN (%s) > 0 THEN ((%s) * %lld + (%s) / 2) / (%s) END", den, num,
	    (long long)scale, den, den);
}
