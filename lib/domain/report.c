/* report.c — the monthly report's sections, targets and glue; see report.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "report.h"
#include "report_care.h"
#include "report_fee.h"
#include "report_safety.h"
#include "unit.h"
#include "yaml.h"

const pm_fig_section *const pm_report_sections[] = {
	&pm_report_complaints_section,
	&pm_report_maintenance_section,
	&pm_report_patrols_section,
	&pm_report_fees_section,
	&pm_report_actions_section,
};
const int pm_report_nsections =
	(int)(sizeof pm_report_sections / sizeof pm_report_sections[0]);

const pm_perm_name pm_report_perm_names[] = {
	{ "report.read", "read the company's figures: the monthly report and its KPIs" },
	{ NULL, NULL }
};

/* ---- targets ---------------------------------------------------------------- */

/* The built-in targets (pm-report(1) KPI TARGETS). */
static const struct { const char *key, *target; } default_targets[] = {
	{ "fees.collection_rate", ">= 95%" },
	{ "complaints.satisfaction", ">= 90%" },
	{ "complaints.in_time", ">= 95%" },
	{ "maintenance.planned_on_time", ">= 95%" },
	{ "patrols.coverage", ">= 98%" },
	{ "patrols.hazards_in_time", ">= 90%" },
	{ "actions.overdue", "<= 0" },
};
#define NDEFAULT (int)(sizeof default_targets / sizeof default_targets[0])

/* Parse report.kpi's entry i (key and value nodes) into *t; 1 when it
 * says off. */
static int
entry(const pm_ydoc *doc, const pm_ynode *k, const pm_ynode *v, pm_fig_target *t,
    pm_err *err)
{
	const char *s;
	int kind, rc;

	if (k->kind != PM_Y_SCALAR)
		return pm_yaml_error(err, doc, k, _("expected a figure key"));
	if ((kind = pm_figs_kind_of(pm_report_sections, pm_report_nsections, k->str)) < 0)
		return pm_yaml_error(err, doc, k, _("%.60s: no such figure (pm-report(1) "
		    "FIGURES)"), k->str);
	if (v->kind != PM_Y_SCALAR)
		return pm_yaml_error(err, doc, v, _("expected a target (\">= 95%%\", \"<= 0\", "
		    "\"<= 2h\" or off), found a %s"), v->kind == PM_Y_MAP ? "mapping" : "sequence");
	if ((rc = pm_yaml_str(doc, v, &s, err)) != 0)
		return rc;
	t->key = k->str;
	rc = pm_figs_target_parse(s, (pm_fig_kind)kind, &t->op, &t->value, err);
	if (rc < 0 || rc > 1) {
		char why[sizeof err->msg];
		snprintf(why, sizeof why, "%s", err->msg);
		return pm_yaml_error(err, doc, v, "%s", why);
	}
	return rc;
}

void
pm_report_targets_free(pm_fig_target *t, int n)
{
	(void)n;
	free(t);
}

int
pm_report_targets(const pm_config *cfg, pm_fig_target **out, int *n, pm_err *err)
{
	const pm_ynode *map = cfg != NULL ? pm_config_node(cfg, "report.kpi") : NULL;
	const pm_ydoc *doc = cfg != NULL ? pm_config_doc(cfg) : NULL;
	pm_fig_target *t, one;
	size_t i, j, most;
	int rc = 0, nt = 0, kind;
	pm_err e;

	*out = NULL;
	*n = 0;
	if (map != NULL && map->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, map, _("report.kpi: expected a mapping of figure "
		    "keys to targets"));
	most = NDEFAULT + (map != NULL ? map->n : 0);
	t = pm_xcalloc(most + 1, sizeof *t);
	for (i = 0; i < NDEFAULT; i++) {
		kind = pm_figs_kind_of(pm_report_sections, pm_report_nsections,
		    default_targets[i].key);
		if (kind < 0)
			continue;       /* a section this build has not */
		if (pm_figs_target_parse(default_targets[i].target, (pm_fig_kind)kind, &one.op,
		    &one.value, &e) != 0)
			continue;
		one.key = default_targets[i].key;
		t[nt++] = one;
	}
	/* the file changes a default, turns it off, or adds a figure */
	for (j = 0; map != NULL && j < map->n; j++) {
		int off, found = -1, k;
		if ((off = entry(doc, map->keys[j], map->items[j], &one, err)) < 0 || off > 1) {
			rc = off;
			goto fail;
		}
		for (k = 0; k < nt; k++)
			if (strcmp(t[k].key, map->keys[j]->str) == 0)
				found = k;
		if (off == 1) {
			if (found >= 0) {
				memmove(&t[found], &t[found + 1], (size_t)(nt - found - 1) * sizeof *t);
				nt--;
			}
			continue;
		}
		if (found >= 0)
			t[found] = one;
		else
			t[nt++] = one;
	}
	*out = t;
	*n = nt;
	return 0;
fail:
	free(t);
	return rc != 0 ? rc : err->status;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_fig_target *t;
	int n, rc;

	if ((rc = pm_report_targets(cfg, &t, &n, err)) != 0)
		return rc;
	pm_report_targets_free(t, n);
	return 0;
}

static const pm_cfg_key config_keys[] = {
	{ "report.kpi", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "KPI targets of the monthly report: figure key -> \">= 95%\", \"<= 0\", \"<= 2h\" "
	  "or off (changes or turns off a built-in one; pm-report(1))", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_report_config = { "report", config_keys, config_check };

/* ---- the report ---------------------------------------------------------------- */

/* Every site's code, sorted, comma-separated, into b. */
static int
all_sites(pm_ctx *ctx, pm_buf *b, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT code FROM site ORDER BY code", &st, err)) != 0)
		return rc;
	while ((rc = pm_stmt_step(st, err)) == 1) {
		if (b->len > 0)
			pm_buf_addc(b, ',');
		pm_buf_adds(b, pm_stmt_text(st, 0));
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_report_hold(pm_ctx *ctx, pm_figs *f, pm_err *err)
{
	pm_fig_target *t;
	int n, rc;

	if ((rc = pm_report_targets(ctx->cfg, &t, &n, err)) != 0)
		return rc;
	rc = pm_figs_targets(f, t, n, err);
	pm_report_targets_free(t, n);
	return rc;
}

int
pm_report_monthly(pm_ctx *ctx, pm_month m, const char *site, pm_figs **out, pm_err *err)
{
	pm_figs *f = NULL;
	int64_t id;
	pm_buf sites;
	int rc;

	*out = NULL;
	pm_buf_init(&sites);
	if (site != NULL) {
		if ((rc = pm_unit_site_find(ctx, site, 0, &id, err)) != 0)
			goto out;
		pm_buf_adds(&sites, site);
	} else if ((rc = all_sites(ctx, &sites, err)) != 0) {
		goto out;
	}
	f = pm_figs_new(m, site, sites.s != NULL ? sites.s : "", pm_report_sections,
	    pm_report_nsections);
	if ((rc = pm_figs_compute(f, ctx, err)) != 0 || (rc = pm_report_hold(ctx, f, err)) != 0)
		goto out;
	*out = f;
	f = NULL;
out:
	pm_figs_free(f);
	pm_buf_free(&sites);
	return rc;
}

pm_figs *
pm_report_empty(pm_month m)
{
	return pm_figs_new(m, NULL, "", pm_report_sections, pm_report_nsections);
}
