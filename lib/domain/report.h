/*
 * report.h — pm-report's monthly report: the sections it is made of (in
 * the order they are shown: complaints, maintenance, patrols, fees,
 * actions), its KPI targets from config (report.kpi), its permission,
 * and the glue that makes a month's figures (lib/mech/figure.h) for a
 * site or for every site.
 */
#ifndef PM_REPORT_H
#define PM_REPORT_H

#include "config.h"
#include "ctx.h"
#include "figure.h"
#include "perm.h"

/* The sections of the monthly report, in order. */
extern const pm_fig_section *const pm_report_sections[];
extern const int pm_report_nsections;

/* The report slice of config: report.kpi (a map figure key -> ">= 95%",
 * "<= 0", "<= 2h" or "off"). */
extern const pm_cfg_slice pm_report_config;

/* report.read: read the company's figures (monthly, kpi). */
extern const pm_perm_name pm_report_perm_names[];

/*
 * The targets in force: the built-in defaults (those whose figure the
 * report has), each changed or turned off by report.kpi, then the
 * figures report.kpi adds, in the file's order.  The caller frees
 * *out with pm_report_targets_free.  A bad entry is PM_EX_CONFIG
 * "file:line:col: why".
 */
int pm_report_targets(const pm_config *cfg, pm_fig_target **out, int *n, pm_err *err);
void pm_report_targets_free(pm_fig_target *t, int n);

/*
 * Month m's report (site code, NULL: every site; an unknown site is
 * PM_EX_NOINPUT): every section computed for the month, the month
 * before and a year before, held against the targets.  *out is freed
 * with pm_figs_free.
 */
int pm_report_monthly(pm_ctx *ctx, pm_month m, const char *site, pm_figs **out, pm_err *err);

/* An empty report of month m to merge reports into (pm_figs_merge),
 * and the targets applied once they are in. */
pm_figs *pm_report_empty(pm_month m);
int pm_report_hold(pm_ctx *ctx, pm_figs *f, pm_err *err);

#endif
