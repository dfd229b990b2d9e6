/* action_review.c — the month's report for management review; see action_review.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "action_review.h"
#include "buf.h"
#include "i18n.h"
#include "report.h"
#include "text.h"
#include "unit.h"

/* The month's bounds and the site's row id (0: every site). */
static int
bounds(pm_ctx *ctx, pm_month m, const char *site, pm_time *start, pm_time *end,
    int64_t *sid, pm_err *err)
{
	*start = pm_month_start(m);
	*end = pm_month_end(m);
	*sid = 0;
	return site != NULL ? pm_unit_site_find(ctx, site, 0, sid, err) : 0;
}

int
pm_action_review_counts(pm_ctx *ctx, pm_month m, const char *site, pm_review_counts *out,
    pm_err *err)
{
	pm_time start, end, cut;
	pm_stmt *st = NULL;
	int64_t sid;
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = bounds(ctx, m, site, &start, &end, &sid, err)) != 0)
		return rc;
	cut = end < ctx->now ? end : ctx->now;
	/* ?1 start, ?2 end, ?3 site (0: any), ?4 the overdue cut; what is
	 * still in play is read by action_open (its WHERE spelled out, so
	 * the planner takes it), not by the whole history of action_created */
	if ((rc = pm_db_prepare(ctx->db, "SELECT "
	    "(SELECT count(*) FROM meeting WHERE held_at >= ?1 AND held_at < ?2 "
	    " AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM meeting m JOIN meeting_issue i ON i.meeting_id = m.id "
	    " WHERE m.held_at >= ?1 AND m.held_at < ?2 AND (?3 = 0 OR m.site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE created_at >= ?1 AND created_at < ?2 "
	    " AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE done_at >= ?1 AND done_at < ?2 "
	    " AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE verified_at >= ?1 AND verified_at < ?2 "
	    " AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE cancelled_at >= ?1 AND cancelled_at < ?2 "
	    " AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE status <> 'verified' AND status <> 'cancelled' "
	    " AND (status = 'open' OR status = 'in_progress') "
	    " AND created_at < ?2 AND (?3 = 0 OR site_id = ?3)), "
	    "(SELECT count(*) FROM action WHERE status <> 'verified' AND status <> 'cancelled' "
	    " AND (status = 'open' OR status = 'in_progress') "
	    " AND created_at < ?2 AND due_end <= ?4 AND (?3 = 0 OR site_id = ?3))", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, start);
	pm_stmt_bind_int(st, 2, end);
	pm_stmt_bind_int(st, 3, sid);
	pm_stmt_bind_int(st, 4, cut);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		out->meetings = pm_stmt_int(st, 0);
		out->issues = pm_stmt_int(st, 1);
		out->opened = pm_stmt_int(st, 2);
		out->done = pm_stmt_int(st, 3);
		out->verified = pm_stmt_int(st, 4);
		out->cancelled = pm_stmt_int(st, 5);
		out->pending = pm_stmt_int(st, 6);
		out->overdue = pm_stmt_int(st, 7);
		rc = 0;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

int
pm_action_review_actions(pm_ctx *ctx, pm_month m, const char *site,
    int (*fn)(void *arg, const pm_review_action *a), void *arg, pm_err *err)
{
	pm_time start, end, cut;
	pm_review_action a;
	pm_stmt *st = NULL;
	char id[24], src[40];
	int64_t sid;
	int rc;

	if ((rc = bounds(ctx, m, site, &start, &end, &sid, err)) != 0)
		return rc;
	cut = end < ctx->now ? end : ctx->now;
	/*
	 * Three disjoint sets, each read by its own index, so the month's
	 * list never walks the history before it: made in the month
	 * (action_created); made before and still in play now
	 * (action_open: a reopened action has no acceptance or
	 * cancellation left); made before, accepted or cancelled since the
	 * month began (action_verified, action_cancelled).
	 */
	if ((rc = pm_db_prepare(ctx->db, "WITH picked (id) AS ("
	    "SELECT id FROM action WHERE created_at >= ?1 AND created_at < ?2 "
	    "UNION ALL SELECT id FROM action WHERE status <> 'verified' AND status <> 'cancelled' "
	    " AND created_at < ?1 "
	    "UNION ALL SELECT id FROM action WHERE verified_at >= ?1 AND created_at < ?1 "
	    "UNION ALL SELECT id FROM action WHERE cancelled_at >= ?1 AND created_at < ?1) "
	    "SELECT a.id, a.text, o.login, o.name, d.code, "
	    "a.source_type, coalesce(a.source_id, a.source_month), a.status, a.created_at, "
	    "a.due_end, a.done_at, a.source_issue FROM picked p JOIN action a ON a.id = p.id "
	    "JOIN staff o ON o.id = a.owner_id LEFT JOIN department d ON d.id = a.dept_id "
	    "WHERE ?3 = 0 OR a.site_id = ?3 ORDER BY a.due_end, a.id", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, start);
	pm_stmt_bind_int(st, 2, end);
	pm_stmt_bind_int(st, 3, sid);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		memset(&a, 0, sizeof a);
		snprintf(id, sizeof id, "A%lld", (long long)pm_stmt_int(st, 0));
		a.id = id;
		a.text = pm_stmt_text(st, 1);
		a.owner = pm_stmt_text(st, 2);
		a.owner_name = pm_stmt_text(st, 3);
		a.dept = pm_stmt_null(st, 4) ? NULL : pm_stmt_text(st, 4);
		if (strcmp(pm_stmt_text(st, 5), "report") == 0)
			snprintf(src, sizeof src, "report:%s", pm_stmt_text(st, 6));
		else if (!pm_stmt_null(st, 11))
			snprintf(src, sizeof src, "%s%s#%lld", pm_stmt_text(st, 5), pm_stmt_text(st, 6),
			    (long long)pm_stmt_int(st, 11));
		else
			snprintf(src, sizeof src, "%s%s", pm_stmt_text(st, 5), pm_stmt_text(st, 6));
		a.source = src;
		a.status = pm_stmt_text(st, 7);
		a.created = pm_stmt_int(st, 8);
		a.due = pm_stmt_int(st, 9);
		a.done = pm_stmt_null(st, 10) ? 0 : pm_stmt_int(st, 10);
		a.overdue = (strcmp(a.status, "open") == 0 || strcmp(a.status, "in_progress") == 0) &&
		    a.due <= cut;
		if ((rc = fn(arg, &a)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

int
pm_action_review_issues(pm_ctx *ctx, pm_month m, const char *site,
    int (*fn)(void *arg, const pm_review_issue *i), void *arg, pm_err *err)
{
	pm_time start, end;
	pm_review_issue r;
	pm_stmt *st = NULL;
	char ref[48];
	int64_t sid;
	int rc;

	if ((rc = bounds(ctx, m, site, &start, &end, &sid, err)) != 0)
		return rc;
	/* the month's meetings by meeting_held; each issue's actions by
	 * action_source */
	if ((rc = pm_db_prepare(ctx->db, "SELECT m.id, i.n, m.held_at, d.code, i.text, "
	    "coalesce((SELECT group_concat('A' || a.id, ',') FROM (SELECT id FROM action "
	    " WHERE source_type = 'G' AND source_id = m.id AND source_issue = i.n ORDER BY id) a), "
	    " '') FROM meeting m JOIN meeting_issue i ON i.meeting_id = m.id "
	    "JOIN department d ON d.id = m.dept_id "
	    "WHERE m.held_at >= ?1 AND m.held_at < ?2 AND (?3 = 0 OR m.site_id = ?3) "
	    "ORDER BY m.held_at, m.id, i.n", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, start);
	pm_stmt_bind_int(st, 2, end);
	pm_stmt_bind_int(st, 3, sid);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		snprintf(ref, sizeof ref, "G%lld#%lld", (long long)pm_stmt_int(st, 0),
		    (long long)pm_stmt_int(st, 1));
		r.ref = ref;
		r.held = pm_stmt_int(st, 2);
		r.dept = pm_stmt_text(st, 3);
		r.text = pm_stmt_text(st, 4);
		r.actions = pm_stmt_text(st, 5);
		if ((rc = fn(arg, &r)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

/* ---- the KPI lines of pm-report ---------------------------------------------- */

#define KPI_LINE_MAX 2000

int
pm_action_kpi_parse(const char *text, size_t n, const char *name,
    int (*fn)(void *arg, const pm_kpi_line *k), void *arg, pm_err *err)
{
	const char *p = text, *endp = text + n, *nl;
	char *f[4], *line, *q;
	pm_kpi_line k;
	long lineno = 0;
	int nf, rc = 0;

	while (p < endp && rc == 0) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(endp - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(endp - p);
		lineno++;
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > KPI_LINE_MAX)
			return pm_err_set(err, PM_EX_DATAERR, _("%s:%ld: the line is too long"), name,
			    lineno);
		line = pm_xmalloc(len + 1);
		memcpy(line, p, len);
		line[len] = '\0';
		p = nl != NULL ? nl + 1 : endp;
		if (len == 0) {
			free(line);
			continue;
		}
		if (memchr(line, '\0', len) != NULL || !pm_utf8_valid(line, len)) {
			free(line);
			return pm_err_set(err, PM_EX_DATAERR, _("%s:%ld: not UTF-8 text"), name, lineno);
		}
		for (nf = 0, q = line; nf < 4; nf++) {
			f[nf] = q;
			if ((q = strchr(q, '\t')) == NULL) {
				nf++;
				break;
			}
			*q++ = '\0';
		}
		if (nf != 4 || q != NULL || f[0][0] == '\0') {
			free(line);
			return pm_err_set(err, PM_EX_DATAERR, _("%s:%ld: want four tab-separated fields: "
			    "kpi value target met"), name, lineno);
		}
		if (lineno == 1 && strcmp(f[0], "kpi") == 0) {
			free(line);
			continue;       /* --header */
		}
		if (strcmp(f[3], "1") != 0 && strcmp(f[3], "0") != 0) {
			free(line);
			return pm_err_set(err, PM_EX_DATAERR, _("%s:%ld: met is 1 or 0"), name, lineno);
		}
		k.kpi = f[0];
		k.label = pm_figs_label_of(pm_report_sections, pm_report_nsections, f[0]);
		k.value = f[1];
		k.target = f[2];
		k.met = f[3][0] == '1';
		k.line = lineno;
		rc = fn(arg, &k);
		free(line);
	}
	return rc;
}

int
pm_action_kpi_read(const char *path, int (*fn)(void *arg, const pm_kpi_line *k), void *arg,
    pm_err *err)
{
	char chunk[4096];
	pm_buf b;
	size_t got;
	FILE *fp;
	int rc;

	if ((fp = fopen(path, "rb")) == NULL)
		return pm_err_set(err, errno == ENOENT ? PM_EX_NOINPUT : PM_EX_IOERR, "%s: %s", path,
		    strerror(errno));
	pm_buf_init(&b);
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0) {
		pm_buf_add(&b, chunk, got);
		if (b.len > 16 * 1024 * 1024) {
			fclose(fp);
			pm_buf_free(&b);
			return pm_err_set(err, PM_EX_DATAERR, _("%s: larger than 16 MiB"), path);
		}
	}
	if (ferror(fp)) {
		rc = pm_err_set(err, PM_EX_IOERR, "%s: %s", path, strerror(errno));
		fclose(fp);
		pm_buf_free(&b);
		return rc;
	}
	fclose(fp);
	rc = pm_action_kpi_parse(b.s, b.len, path, fn, arg, err);
	pm_buf_free(&b);
	return rc;
}
