/* meeting.c — department work meetings and the issues raised; see meeting.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "i18n.h"
#include "json.h"
#include "meeting.h"
#include "org.h"
#include "text.h"
#include "timeline.h"
#include "unit.h"

#define ENTITY "meeting"

static const char *
gid(int64_t n, char *buf)
{
	pm_id id = { 'G', n };

	pm_id_format(id, buf, 24);
	return buf;
}

int
pm_meeting_exists(pm_ctx *ctx, pm_id id, pm_err *err)
{
	char idtext[24];
	int64_t row;
	int found, rc;

	if ((rc = pm_db_get_int(ctx->db, err, &row, &found, "SELECT id FROM meeting WHERE id = ?1",
	    "i", id.n)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("meeting %s: no such meeting"),
		    gid(id.n, idtext));
	return 0;
}

int
pm_meeting_issue_exists(pm_ctx *ctx, pm_id id, int64_t n, pm_err *err)
{
	char idtext[24];
	int64_t one;
	int found, rc;

	if ((rc = pm_meeting_exists(ctx, id, err)) != 0 ||
	    (rc = pm_db_get_int(ctx->db, err, &one, &found, "SELECT 1 FROM meeting_issue "
	    "WHERE meeting_id = ?1 AND n = ?2", "ii", id.n, n)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("meeting %s has no issue #%lld"),
		    gid(id.n, idtext), (long long)n);
	return 0;
}

/* One event of meeting id and its audit row: the record of every change. */
static int
record(pm_ctx *ctx, int64_t id, pm_time at, const char *event, const char *note,
    const char *data, pm_err *err)
{
	char idtext[24];
	int rc;

	if ((rc = pm_timeline_add(ctx, ENTITY, id, at, event, note, data, err)) != 0)
		return rc;
	return pm_audit_log(ctx, ENTITY, gid(id, idtext), event, NULL, data, err);
}

int
pm_meeting_new(pm_ctx *ctx, const pm_meeting_in *in, pm_id *id, pm_err *err)
{
	size_t maxc = (size_t)pm_config_int(ctx->cfg, "text.max_chars");
	pm_time held = in->has_held ? in->held : ctx->now;
	int64_t dept = 0, site = 0, row, who;
	pm_buf data;
	pm_json j;
	int rc, i, k;

	if ((rc = pm_perm_check(ctx, "action.meeting", err)) != 0)
		return rc;
	if ((rc = pm_text_need(in->title, "title", err)) != 0 ||
	    (rc = pm_text_field(in->title, 200, "title", err)) != 0 ||
	    (rc = pm_text_need(in->dept, "dept", err)) != 0 ||
	    (rc = pm_text_field(in->minutes, maxc, "minutes", err)) != 0)
		return rc;
	if (in->minutes != NULL && in->minutes[0] == '\0')
		return pm_err_field(err, PM_EX_USAGE, "minutes", _("the minutes are empty"));
	if (held > ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "held", _("the meeting is in the future"));
	if ((rc = pm_org_dept_id(ctx, in->dept, PM_ORG_ACTIVE, &dept, err)) != 0 ||
	    (in->site != NULL && (rc = pm_unit_site_find(ctx, in->site, 0, &site, err)) != 0))
		return rc;
	/* every attendee checked before anything is written */
	for (i = 0; i < in->nattendees; i++)
		if ((rc = pm_org_assignable(ctx, in->attendees[i], err)) != 0)
			return pm_err_prefix(err, "%s", "attendee");
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO meeting (site_id, dept_id, held_at, title, "
	    "minutes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", "IiitTi", site, dept, held,
	    in->title, in->minutes, ctx->now)) != 0)
		return rc;
	row = pm_db_last_id(ctx->db);
	pm_buf_init(&data);
	pm_json_init(&j, &data);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "title", in->title);
	pm_json_s(&j, "dept", in->dept);
	pm_json_s(&j, "site", in->site);
	pm_json_t(&j, "held", held);
	pm_json_arr(&j, "attendees");
	for (i = 0; i < in->nattendees; i++) {
		for (k = 0; k < i; k++)
			if (strcmp(in->attendees[k], in->attendees[i]) == 0)
				break;
		if (k < i)
			continue;       /* named twice: one attendee */
		if ((rc = pm_org_staff_id(ctx, in->attendees[i], 0, &who, err)) != 0 ||
		    (rc = pm_db_run(ctx->db, err, "INSERT INTO meeting_attendee (meeting_id, staff_id) "
		    "VALUES (?1, ?2)", "ii", row, who)) != 0) {
			pm_err_prefix(err, "%s", "attendee");
			goto out;
		}
		pm_json_s(&j, NULL, in->attendees[i]);
	}
	pm_json_end(&j);
	pm_json_b(&j, "minutes", in->minutes != NULL);
	pm_json_end(&j);
	if ((rc = record(ctx, row, held, "new", NULL, data.s, err)) != 0)
		goto out;
	id->type = 'G';
	id->n = row;
out:
	pm_buf_free(&data);
	return rc;
}

int
pm_meeting_issue(pm_ctx *ctx, pm_id id, const char *text, int64_t *n, pm_err *err)
{
	size_t maxc = (size_t)pm_config_int(ctx->cfg, "text.max_chars");
	pm_buf data;
	pm_json j;
	int rc;

	if ((rc = pm_perm_check(ctx, "action.meeting", err)) != 0 ||
	    (rc = pm_text_need(text, "text", err)) != 0 ||
	    (rc = pm_text_field(text, maxc, "text", err)) != 0 ||
	    (rc = pm_meeting_exists(ctx, id, err)) != 0)
		return rc;
	if ((rc = pm_db_get_int(ctx->db, err, n, NULL, "SELECT coalesce(max(n), 0) + 1 FROM "
	    "meeting_issue WHERE meeting_id = ?1", "i", id.n)) != 0 ||
	    (rc = pm_db_run(ctx->db, err, "INSERT INTO meeting_issue (meeting_id, n, text, "
	    "raised_at) VALUES (?1, ?2, ?3, ?4)", "iiti", id.n, *n, text, ctx->now)) != 0)
		return rc;
	pm_buf_init(&data);
	pm_json_init(&j, &data);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "n", *n);
	pm_json_end(&j);
	rc = record(ctx, id.n, ctx->now, "issue", text, data.s, err);
	pm_buf_free(&data);
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

const pm_col pm_meeting_cols[PM_MC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "held", PM_C_TIME, 0, 0, PM_COL_START },
	{ "site", PM_C_ID, 0, 0, PM_COL_LOCATION }, { "dept", PM_C_ID, 0, 0, 0 },
	{ "title", PM_C_TEXT, 30, 0, PM_COL_SUMMARY }, { "attendees", PM_C_LIST, 30, 0, 0 },
	{ "nattendees", PM_C_INT, 0, 0, 0 }, { "issues", PM_C_INT, 0, 0, 0 },
	{ "minutes", PM_C_TEXT, 40, 0, PM_COL_DESC },
};

struct pm_meeting_iter {
	pm_stmt *st;
	char id[24];
};

/* The meetings of f: ?1 from, ?2 to, ?3 dept, ?4 site, ?5 one, ?6 limit.
 * Only fixed pieces are put together; values are bound. */
static int
select_meetings(pm_ctx *ctx, const pm_meeting_filter *f, const char *what, const char *order,
    pm_stmt **st, pm_err *err)
{
	int64_t dept = 0, site = 0;
	pm_buf sql;
	int rc;

	if ((f->dept != NULL && (rc = pm_org_dept_id(ctx, f->dept, 0, &dept, err)) != 0) ||
	    (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &site, err)) != 0))
		return rc;
	pm_buf_init(&sql);
	pm_buf_adds(&sql, what);
	if (f->one != 0)
		pm_buf_adds(&sql, " WHERE m.id = ?5");
	else
		pm_buf_adds(&sql, " WHERE m.held_at >= ?1 AND m.held_at < ?2");
	if (dept != 0)
		pm_buf_adds(&sql, " AND m.dept_id = ?3");
	if (site != 0)
		pm_buf_adds(&sql, " AND m.site_id = ?4");
	pm_buf_adds(&sql, order);
	if (f->limit > 0)
		pm_buf_adds(&sql, " LIMIT ?6");
	if ((rc = pm_db_prepare(ctx->db, sql.s, st, err)) == 0) {
		if (f->one != 0) {
			pm_stmt_bind_int(*st, 5, f->one);
		} else {
			pm_stmt_bind_int(*st, 1, f->from);
			pm_stmt_bind_int(*st, 2, f->to > 0 ? f->to : INT64_MAX);
		}
		if (dept != 0)
			pm_stmt_bind_int(*st, 3, dept);
		if (site != 0)
			pm_stmt_bind_int(*st, 4, site);
		if (f->limit > 0)
			pm_stmt_bind_int(*st, 6, f->limit);
	}
	pm_buf_free(&sql);
	return rc;
}

int
pm_meeting_list(pm_ctx *ctx, const pm_meeting_filter *f, pm_meeting_iter **out, pm_err *err)
{
	pm_meeting_iter *it = pm_xcalloc(1, sizeof *it);
	int rc;

	*out = NULL;
	if ((rc = select_meetings(ctx, f, "SELECT m.id, m.held_at, s.code, d.code, m.title, "
	    "(SELECT group_concat(login, ',') FROM (SELECT st.login FROM meeting_attendee a "
	    "JOIN staff st ON st.id = a.staff_id WHERE a.meeting_id = m.id ORDER BY st.login)), "
	    "(SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id), "
	    "(SELECT count(*) FROM meeting_issue i WHERE i.meeting_id = m.id), m.minutes "
	    "FROM meeting m JOIN department d ON d.id = m.dept_id "
	    "LEFT JOIN site s ON s.id = m.site_id",
	    f->asc ? " ORDER BY m.held_at, m.id" : " ORDER BY m.held_at DESC, m.id DESC",
	    &it->st, err)) != 0) {
		free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int
pm_meeting_next(pm_meeting_iter *it, pm_meeting_row *row, pm_err *err)
{
	pm_stmt *st = it->st;
	int rc, i;

	if ((rc = pm_stmt_step(st, err)) != 1)
		return rc;
	for (i = 0; i < PM_MC_N; i++) {
		row->c[i].null = pm_stmt_null(st, i);
		row->c[i].i = 0;
		row->c[i].s = NULL;
		if (row->c[i].null)
			continue;
		switch (pm_meeting_cols[i].type) {
		case PM_C_INT:
		case PM_C_TIME:
			row->c[i].i = pm_stmt_int(st, i);
			break;
		default:
			row->c[i].s = pm_stmt_text(st, i);
			break;
		}
	}
	row->c[PM_MC_ID].s = gid(pm_stmt_int(st, PM_MC_ID), it->id);
	if (row->c[PM_MC_ATTENDEES].null) {
		row->c[PM_MC_ATTENDEES].null = 0;
		row->c[PM_MC_ATTENDEES].s = "";
	}
	return 1;
}

void
pm_meeting_iter_free(pm_meeting_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

/* ---- hooks and permissions --------------------------------------------------- */

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	(void)clear;    /* a meeting holds no personal data */
	if ((rc = pm_db_prepare(ctx->db, "SELECT m.title, d.code, s.code, m.held_at, "
	    "(SELECT count(*) FROM meeting_issue i WHERE i.meeting_id = m.id) FROM meeting m "
	    "JOIN department d ON d.id = m.dept_id LEFT JOIN site s ON s.id = m.site_id "
	    "WHERE m.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_s(j, "title", pm_stmt_text(st, 0));
		pm_json_s(j, "dept", pm_stmt_text(st, 1));
		pm_json_s(j, "site", pm_stmt_null(st, 2) ? NULL : pm_stmt_text(st, 2));
		pm_json_t(j, "held_at", pm_stmt_int(st, 3));
		pm_json_i(j, "issues", pm_stmt_int(st, 4));
		rc = 0;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

const pm_hook_kind pm_meeting_hook_kind = { ENTITY, 'G', hook_record };

const pm_perm_name pm_meeting_perm_names[] = {
	{ "action.meeting", "record department work meetings and the issues raised" },
	{ NULL, NULL }
};
