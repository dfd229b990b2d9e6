/* patrol_round.c — rounds: plan, walk, judge, list; see patrol_round.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "hazard.h"
#include "i18n.h"
#include "id.h"
#include "json.h"
#include "org.h"
#include "patrol_round.h"
#include "text.h"
#include "timeline.h"
#include "unit.h"

#define DAY INT64_C(86400)

/* ---- planning ------------------------------------------------------------ */

struct plan {
	pm_ctx *ctx;
	pm_time through;        /* the last instant planned */
	const pm_route *r;
	int (*fn)(void *arg, const pm_round_made *m);
	void *arg;
	int64_t made;
	pm_stmt *ins;
	pm_err *err;
};

static int
plan_occ(void *arg, const pm_recur_occ *o)
{
	struct plan *p = arg;
	pm_round_made m;
	char key[24];
	int rc;

	pm_time_format(o->nominal, PM_TF_MINUTE, key, sizeof key);
	pm_stmt_reset(p->ins);
	pm_stmt_bind_int(p->ins, 1, p->r->id);
	pm_stmt_bind_int(p->ins, 2, p->r->version);
	pm_stmt_bind_int(p->ins, 3, p->r->site_id);
	pm_stmt_bind_text(p->ins, 4, key);
	pm_stmt_bind_int(p->ins, 5, o->at);
	pm_stmt_bind_int(p->ins, 6, o->at + p->r->window);
	pm_stmt_bind_int(p->ins, 7, p->ctx->now);
	if ((rc = pm_stmt_run(p->ins, p->err)) != 0)
		return -1;
	if (pm_db_changes(p->ctx->db) == 0)
		return 0;       /* made before: by another rule, run or copy */
	p->made++;
	if (p->fn == NULL)
		return 0;
	m.id = pm_db_last_id(p->ctx->db);
	m.route = p->r->code;
	m.site = p->r->site;
	m.occurrence = key;
	m.planned = o->at;
	m.closes = o->at + p->r->window;
	return p->fn(p->arg, &m) != 0 ? -1 : 0;
}

static int
plan_route(void *arg, const pm_route *r)
{
	struct plan *p = arg;
	pm_recur rules[PM_ROUTE_RULES_MAX];
	pm_recur_anchor a;
	int64_t mark = 0;
	pm_date start;
	pm_time from;
	size_t i, n;
	int rc, found;

	p->r = r;
	if ((rc = pm_route_rules(r->schedule, rules, &n, p->err)) != 0 ||
	    (rc = pm_date_parse(r->start, &start, p->err)) != 0)
		return pm_err_prefix(p->err, _("route %s"), r->code);
	memset(&a, 0, sizeof a);
	a.mode = PM_RECUR_CALENDAR;
	a.shift = PM_SHIFT_NONE;
	a.start = pm_date_start(start);
	/* on from the watermark: the greatest planned time of the route */
	if ((rc = pm_db_get_int(p->ctx->db, p->err, &mark, &found, "SELECT max(planned) FROM "
	    "patrol_round WHERE route_id = ?1", "i", r->id)) != 0)
		return rc;
	from = a.start > r->since ? a.start : r->since;
	if (found && mark != 0 && mark + 1 > from)
		from = mark + 1;
	for (i = 0; i < n; i++)
		if ((rc = pm_recur_each(&rules[i], &a, NULL, from, p->through, plan_occ, p,
		    p->err)) != 0 || p->err->status != 0)
			return p->err->status ? p->err->status : rc;
	return 0;
}

/* The rounds whose windows closed without a start: one event each. */
static int
note_missed(pm_ctx *ctx, int64_t *missed, pm_err *err)
{
	pm_stmt *st = NULL;
	int64_t ids[256], at[256];
	int n, i, rc;

	/* in batches, so the statement is done before the writes */
	do {
		n = 0;
		if ((rc = pm_db_prepare(ctx->db, "SELECT id, closes FROM patrol_round WHERE "
		    "status = 'planned' AND noted = 0 AND closes <= ?1 ORDER BY closes LIMIT 256",
		    &st, err)) != 0)
			return rc;
		pm_stmt_bind_int(st, 1, ctx->now);
		while ((rc = pm_stmt_step(st, err)) == 1) {
			ids[n] = pm_stmt_int(st, 0);
			at[n++] = pm_stmt_int(st, 1);
		}
		pm_stmt_free(st);
		if (rc < 0)
			return err->status;
		for (i = 0; i < n; i++) {
			if ((rc = pm_db_run(ctx->db, err, "UPDATE patrol_round SET noted = 1 WHERE "
			    "id = ?1", "i", ids[i])) != 0 ||
			    (rc = pm_timeline_add(ctx, "round", ids[i], at[i], "missed",
			    _("not started in its window"), NULL, err)) != 0)
				return rc;
			(*missed)++;
		}
	} while (n == 256);
	return 0;
}

int
pm_round_plan(pm_ctx *ctx, pm_time through, int (*fn)(void *arg, const pm_round_made *m),
    void *arg, int64_t *made, int64_t *missed, pm_err *err)
{
	struct plan p;
	pm_date d;
	int rc;

	*made = 0;
	*missed = 0;
	memset(&p, 0, sizeof p);
	p.ctx = ctx;
	p.fn = fn;
	p.arg = arg;
	p.err = err;
	if (pm_date_add_days(pm_date_of(through), 1, &d) != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("--through: too far"));
	p.through = pm_date_start(d) - 1;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO patrol_round (route_id, version, site_id, "
	    "occurrence, planned, closes, made) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
	    "ON CONFLICT (route_id, occurrence) DO NOTHING", &p.ins, err)) != 0)
		return rc;
	rc = pm_route_each(ctx, NULL, 0, plan_route, &p, err);
	pm_stmt_free(p.ins);
	if (rc == 0)
		rc = note_missed(ctx, missed, err);
	*made = p.made;
	return rc;
}

/* ---- one round ------------------------------------------------------------- */

struct round {
	int64_t id, route_id, version, site_id;
	pm_time planned, closes, started, finished;
	int has_started, has_finished;
	char status[12], walkers[400], route[40], occurrence[20];
};

static int
round_get(pm_ctx *ctx, int64_t id, struct round *r, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	memset(r, 0, sizeof *r);
	if ((rc = pm_db_prepare(ctx->db, "SELECT r.id, r.route_id, r.version, r.site_id, r.planned, "
	    "r.closes, r.started, r.finished, r.status, r.walkers, ro.code, r.occurrence "
	    "FROM patrol_round r JOIN route ro ON ro.id = r.route_id WHERE r.id = ?1", &st,
	    err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		r->id = pm_stmt_int(st, 0);
		r->route_id = pm_stmt_int(st, 1);
		r->version = pm_stmt_int(st, 2);
		r->site_id = pm_stmt_int(st, 3);
		r->planned = pm_stmt_int(st, 4);
		r->closes = pm_stmt_int(st, 5);
		r->has_started = !pm_stmt_null(st, 6);
		r->started = pm_stmt_int(st, 6);
		r->has_finished = !pm_stmt_null(st, 7);
		r->finished = pm_stmt_int(st, 7);
		snprintf(r->status, sizeof r->status, "%s", pm_stmt_text(st, 8));
		snprintf(r->walkers, sizeof r->walkers, "%s", pm_stmt_text(st, 9));
		snprintf(r->route, sizeof r->route, "%s", pm_stmt_text(st, 10));
		snprintf(r->occurrence, sizeof r->occurrence, "%s", pm_stmt_text(st, 11));
		rc = 0;
	} else if (rc == 0) {
		rc = pm_err_field(err, PM_EX_NOINPUT, "round", _("round R%lld: no such round"),
		    (long long)id);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* Is login one of the comma-separated list? */
static int
listed(const char *list, const char *login)
{
	size_t n = strlen(login);
	const char *s = list;

	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		size_t len = comma ? (size_t)(comma - s) : strlen(s);

		if (len == n && memcmp(s, login, n) == 0)
			return 1;
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	return 0;
}

/* walkers as given ("li, wang"), checked (active staff, none twice),
 * into out as "li,wang". */
static int
walkers_of(pm_ctx *ctx, const char *given, char *out, size_t size, pm_err *err)
{
	const char *s = given;
	size_t len = 0;
	int64_t id;
	int rc, n = 0;

	out[0] = '\0';
	while (*s != '\0') {
		const char *comma = strchr(s, ',');
		char login[80];
		size_t l = comma ? (size_t)(comma - s) : strlen(s);

		while (l > 0 && *s == ' ') {
			s++;
			l--;
		}
		while (l > 0 && s[l - 1] == ' ')
			l--;
		if (l == 0 || l >= sizeof login)
			return pm_err_field(err, PM_EX_DATAERR, "by", _("expected logins separated "
			    "by commas"));
		memcpy(login, s, l);
		login[l] = '\0';
		if ((rc = pm_org_staff_id(ctx, login, PM_ORG_ACTIVE, &id, err)) != 0)
			return rc;
		if (listed(out, login))
			return pm_text_fail(err, PM_EX_DATAERR, _("%s named twice"), login);
		if (len + l + 2 > size || ++n > 8)
			return pm_err_field(err, PM_EX_DATAERR, "by", _("at most 8 walkers"));
		len += (size_t)snprintf(out + len, size - len, "%s%s", len ? "," : "", login);
		if (comma == NULL)
			break;
		s = comma + 1;
	}
	if (out[0] == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "by", _("name who walks the round"));
	return 0;
}

static int
round_event(pm_ctx *ctx, const struct round *r, const char *event, const char *note,
    const char *data, pm_err *err)
{
	char id[32];
	int rc;

	snprintf(id, sizeof id, "R%lld", (long long)r->id);
	if ((rc = pm_timeline_add(ctx, "round", r->id, ctx->now, event, note, data, err)) != 0)
		return rc;
	return pm_audit_log(ctx, "round", id, event, NULL, data, err);
}

int
pm_round_start(pm_ctx *ctx, int64_t id, const char *walkers, pm_err *err)
{
	int64_t early = pm_config_span(ctx->cfg, "patrol.start_early");
	char who[400], when[24], data[600];
	struct round r;
	pm_buf b;
	pm_json j;
	int rc;

	if ((rc = round_get(ctx, id, &r, err)) != 0)
		return rc;
	if (strcmp(r.status, "planned") != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld is %s: it was started already"),
		    (long long)id, r.status);
	if (ctx->now >= r.closes) {
		pm_time_format(r.closes, PM_TF_MINUTE, when, sizeof when);
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld was missed: its window closed "
		    "at %s"), (long long)id, when);
	}
	if (ctx->now < r.planned - early) {
		pm_time_format(r.planned - early, PM_TF_MINUTE, when, sizeof when);
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld cannot be started before %s"),
		    (long long)id, when);
	}
	if ((rc = walkers_of(ctx, walkers, who, sizeof who, err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "UPDATE patrol_round SET status = 'walking', "
	    "walkers = ?2, started = ?3 WHERE id = ?1 AND status = 'planned'", "iti", id, who,
	    ctx->now)) != 0)
		return rc;
	pm_buf_init(&b);
	pm_json_init(&j, &b);
	pm_json_obj(&j, NULL);
	pm_json_list(&j, "walkers", who);
	pm_json_end(&j);
	snprintf(data, sizeof data, "%s", b.s);
	pm_buf_free(&b);
	return round_event(ctx, &r, "start", who, data, err);
}

/* The number of points of the round's route version, and of its check-ins. */
static int
round_counts(pm_ctx *ctx, const struct round *r, int64_t *points, int64_t *checked, pm_err *err)
{
	int rc;

	if ((rc = pm_db_get_int(ctx->db, err, points, NULL, "SELECT count(*) FROM route_point "
	    "WHERE route_id = ?1 AND version = ?2", "ii", r->route_id, r->version)) != 0)
		return rc;
	return pm_db_get_int(ctx->db, err, checked, NULL, "SELECT count(*) FROM checkin WHERE "
	    "round_id = ?1", "i", r->id);
}

int
pm_round_finish(pm_ctx *ctx, int64_t id, pm_err *err)
{
	int64_t points = 0, checked = 0;
	struct round r;
	char data[128];
	int rc;

	if ((rc = round_get(ctx, id, &r, err)) != 0)
		return rc;
	if (strcmp(r.status, "walking") != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld is %s: only a round being "
		    "walked is finished"), (long long)id, strcmp(r.status, "planned") == 0 &&
		    ctx->now >= r.closes ? "missed" : r.status);
	if ((rc = round_counts(ctx, &r, &points, &checked, err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "UPDATE patrol_round SET status = 'done', finished = ?2 "
	    "WHERE id = ?1", "ii", id, ctx->now)) != 0)
		return rc;
	snprintf(data, sizeof data, "{\"points\":%lld,\"checked\":%lld,\"skipped\":%lld}",
	    (long long)points, (long long)checked, (long long)(points - checked));
	return round_event(ctx, &r, "finish", NULL, data, err);
}

int
pm_round_handover(pm_ctx *ctx, int64_t id, const char *to, pm_err *err)
{
	char who[400], note[820];
	struct round r;
	int rc;

	if ((rc = round_get(ctx, id, &r, err)) != 0)
		return rc;
	if (strcmp(r.status, "walking") != 0)
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld is %s: only a round being "
		    "walked is handed over"), (long long)id, r.status);
	if ((rc = walkers_of(ctx, to, who, sizeof who, err)) != 0)
		return rc;
	if (strcmp(who, r.walkers) == 0)
		return pm_err_set(err, PM_EX_DATAERR, _("round R%lld is walked by %s already"),
		    (long long)id, who);
	if ((rc = pm_db_run(ctx->db, err, "UPDATE patrol_round SET walkers = ?2 WHERE id = ?1",
	    "it", id, who)) != 0)
		return rc;
	snprintf(note, sizeof note, "%s -> %s", r.walkers, who);
	return round_event(ctx, &r, "handover", note, NULL, err);
}

/* ---- check-ins ------------------------------------------------------------- */

struct find_point {
	const char *code;
	pm_route_point p;
	char code_buf[40], name[404], kind[16], tag[260], checklist[2004];
	int found;
};

static int
find_point(void *arg, const pm_route_point *p)
{
	struct find_point *f = arg;

	if (strcmp(p->code, f->code) != 0)
		return 0;
	f->p = *p;
	snprintf(f->code_buf, sizeof f->code_buf, "%s", p->code);
	snprintf(f->name, sizeof f->name, "%s", p->name);
	snprintf(f->kind, sizeof f->kind, "%s", p->kind);
	snprintf(f->tag, sizeof f->tag, "%s", p->tag);
	snprintf(f->checklist, sizeof f->checklist, "%s", p->checklist);
	f->found = 1;
	return 1;
}

/*
 * The one place a check-in's issue becomes a hazard (H7), inside the
 * check-in's transaction (lib/domain/hazard.h): at the checkpoint's
 * site and code, named as the checkpoint, found by the walker at the
 * check-in's time, from the round; one hazard per check-in.
 */
static int
checkin_opens_hazard(pm_ctx *ctx, pm_checkin *c, pm_err *err)
{
	pm_hazard_checkin h;
	int existed;

	memset(&h, 0, sizeof h);
	h.checkin_id = c->id;
	h.round_id = c->round_id;
	h.site_id = c->site_id;
	h.point = c->point;
	h.place = c->point_name[0] != '\0' ? c->point_name : NULL;
	h.text = c->issue;
	h.severity = c->severity;
	h.at = c->at;
	return pm_hazard_from_checkin(ctx, &h, &c->hazard, &existed, err);
}

static const char *
timing_of(pm_time at, pm_time from, pm_time to)
{
	return at < from ? "early" : at > to ? "late" : "on-time";
}

int
pm_round_check(pm_ctx *ctx, int64_t round, const pm_checkin_in *in, pm_checkin *out,
    pm_err *err)
{
	int64_t recheck_within = pm_config_span(ctx->cfg, "patrol.recheck_within");
	const char *method = in->method, *severity = in->severity;
	int64_t staff, ended;
	struct find_point f;
	pm_checklist cl;
	struct round r;
	char when[24];
	pm_buf answers, data;
	int abnormal = 0, missing = 0, rc;
	pm_json j;

	memset(out, 0, sizeof *out);
	pm_buf_init(&answers);
	pm_buf_init(&data);
	if ((rc = round_get(ctx, round, &r, err)) != 0)
		goto out;
	out->at = in->has_at ? in->at : ctx->now;
	if (strcmp(r.status, "planned") == 0) {
		rc = pm_err_set(err, PM_EX_DATAERR, ctx->now >= r.closes ?
		    _("round R%lld was missed: it was never started") :
		    _("round R%lld is not started: round start it first"), (long long)round);
		goto out;
	}
	/* after the end (finished, or closed while walked): a re-inspection */
	ended = r.has_finished ? r.finished : r.closes;
	if (r.has_finished || ctx->now >= r.closes) {
		if (ctx->now > ended + recheck_within) {
			pm_time_format(ended + recheck_within, PM_TF_MINUTE, when, sizeof when);
			rc = pm_err_set(err, PM_EX_DATAERR, _("round R%lld ended: a skipped point could "
			    "be re-inspected until %s (patrol.recheck_within)"), (long long)round, when);
			goto out;
		}
		out->recheck = 1;
	}
	if (!listed(r.walkers, ctx->actor.login)) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("round R%lld is walked by %s, not %s (round "
		    "handover gives it to others)"), (long long)round, r.walkers, ctx->actor.login);
		goto out;
	}
	if (out->at > ctx->now || out->at < r.started) {
		rc = pm_err_field(err, PM_EX_DATAERR, "at", _("a check-in is at a time between the "
		    "round's start and now"));
		goto out;
	}
	memset(&f, 0, sizeof f);
	f.code = in->point;
	if ((rc = pm_route_points_each(ctx, r.route_id, r.version, find_point, &f, err)) != 0 &&
	    rc != 1)
		goto out;
	rc = 0;
	if (!f.found) {
		rc = pm_err_field(err, PM_EX_NOINPUT, "point", _("checkpoint %s is not on route %s"),
		    in->point, r.route);
		goto out;
	}
	/* how it was checked: a scan names its tag, the checkpoint's own */
	if (method == NULL)
		method = in->tag != NULL ? "qr" : "manual";
	if (strcmp(method, "manual") != 0) {
		if (in->tag == NULL) {
			rc = pm_err_field(err, PM_EX_DATAERR, "tag", _("a %s check-in needs the tag "
			    "scanned"), method);
			goto out;
		}
		if (f.tag[0] == '\0' || strcmp(in->tag, f.tag) != 0) {
			rc = pm_err_field(err, PM_EX_DATAERR, "tag", _("tag %s is not checkpoint %s's"),
			    in->tag, f.code_buf);
			goto out;
		}
	}
	if ((rc = pm_checklist_parse(f.checklist, &cl, err)) != 0 ||
	    (rc = pm_checklist_answers(&cl, in->answers, in->nanswers, &answers, &abnormal,
	    &missing, err)) != 0)
		goto out;
	if (in->issue == NULL && missing > 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "answer", _("checkpoint %s asks %d more "
		    "answer(s) (its checklist: %s)"), f.code_buf, missing, f.checklist);
		goto out;
	}
	if (in->issue == NULL && abnormal > 0) {
		rc = pm_err_field(err, PM_EX_DATAERR, "answer", _("an abnormal answer is an issue: "
		    "check in with the issue"));
		goto out;
	}
	if (in->issue != NULL && severity == NULL)
		severity = pm_hazard_default_severity(ctx->cfg);
	if ((rc = pm_org_staff_id(ctx, ctx->actor.login, 0, &staff, err)) != 0)
		goto out;
	{
		int found;
		int64_t prev;

		if ((rc = pm_db_get_int(ctx->db, err, &prev, &found, "SELECT at FROM checkin WHERE "
		    "round_id = ?1 AND seq = ?2", "ii", round, f.p.seq)) != 0)
			goto out;
		if (found) {
			pm_time_format(prev, PM_TF_MINUTE, when, sizeof when);
			rc = pm_err_set(err, PM_EX_DATAERR, _("checkpoint %s was checked in R%lld at "
			    "%s already"), f.code_buf, (long long)round, when);
			goto out;
		}
	}
	out->timing = timing_of(out->at, r.planned + f.p.offset, r.planned + f.p.offset +
	    f.p.window);
	if (out->recheck)
		out->timing = "late";
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO checkin (round_id, seq, checkpoint_id, "
	    "site_id, at, staff_id, method, timing, recheck, issue, severity, answers) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)", "iiiiiittiTTT", round, f.p.seq,
	    f.p.checkpoint_id, r.site_id, out->at, staff, method, out->timing,
	    (int64_t)out->recheck, in->issue, in->issue != NULL ? severity : NULL,
	    answers.s)) != 0)
		goto out;
	out->id = pm_db_last_id(ctx->db);
	out->round_id = round;
	out->checkpoint_id = f.p.checkpoint_id;
	out->site_id = r.site_id;
	out->route_id = r.route_id;
	out->seq = f.p.seq;
	snprintf(out->point, sizeof out->point, "%s", f.code_buf);
	snprintf(out->point_name, sizeof out->point_name, "%s", f.name);
	snprintf(out->route, sizeof out->route, "%s", r.route);
	out->issue = in->issue;
	out->severity = in->issue != NULL ? severity : NULL;
	if (in->issue == NULL && !out->recheck)
		goto out;
	/* the hazard first, so that the round's event can name it */
	if (in->issue != NULL && (rc = checkin_opens_hazard(ctx, out, err)) != 0)
		goto out;
	/* an issue, or a re-inspection: on the round's timeline (and hooks) */
	pm_json_init(&j, &data);
	pm_json_obj(&j, NULL);
	pm_json_i(&j, "checkin", out->id);
	pm_json_s(&j, "point", out->point);
	pm_json_s(&j, "timing", out->timing);
	pm_json_t(&j, "at", out->at);
	if (in->issue != NULL) {
		char hid[24];

		pm_json_s(&j, "severity", severity);
		pm_id_format(out->hazard, hid, sizeof hid);
		pm_json_s(&j, "hazard", hid);
	}
	pm_json_end(&j);
	rc = pm_timeline_add(ctx, "round", round, out->at, in->issue != NULL ? "issue" :
	    "recheck", in->issue, data.s, err);
out:
	pm_buf_free(&answers);
	pm_buf_free(&data);
	return rc;
}

/* ---- lists ------------------------------------------------------------------- */

const pm_col pm_round_cols[PM_RC_N] = {
	[PM_RC_ID] = { "id", PM_C_ID, 8, 0, PM_COL_KEY },
	[PM_RC_ROUTE] = { "route", PM_C_TEXT, 16, 0, PM_COL_SUMMARY },
	[PM_RC_TITLE] = { "title", PM_C_TEXT, 24, 0, PM_COL_SUMMARY },
	[PM_RC_SITE] = { "site", PM_C_TEXT, 10, 0, PM_COL_LOCATION },
	[PM_RC_DEPTS] = { "depts", PM_C_LIST, 16, 0, 0 },
	[PM_RC_PLANNED] = { "planned", PM_C_TIME, 0, 0, PM_COL_START },
	[PM_RC_CLOSES] = { "closes", PM_C_TIME, 0, 0, PM_COL_END },
	[PM_RC_REMIND] = { "remind", PM_C_TIME, 0, 0, 0 },
	[PM_RC_STATUS] = { "status", PM_C_TEXT, 8, 0, 0 },
	[PM_RC_WALKERS] = { "walkers", PM_C_LIST, 20, 0, 0 },
	[PM_RC_STARTED] = { "started", PM_C_TIME, 0, 0, 0 },
	[PM_RC_FINISHED] = { "finished", PM_C_TIME, 0, 0, 0 },
	[PM_RC_POINTS] = { "points", PM_C_INT, 0, 0, 0 },
	[PM_RC_CHECKED] = { "checked", PM_C_INT, 0, 0, 0 },
	[PM_RC_SKIPPED] = { "skipped", PM_C_INT, 0, 0, 0 },
	[PM_RC_LATE] = { "late", PM_C_INT, 0, 0, 0 },
	[PM_RC_EARLY] = { "early", PM_C_INT, 0, 0, 0 },
	[PM_RC_ISSUES] = { "issues", PM_C_INT, 0, 0, 0 },
	[PM_RC_RECHECKS] = { "rechecks", PM_C_INT, 0, 0, 0 },
};

/* One select for list, show and due: the round, its route and the
 * figures of its check-ins (each a seek on checkin's UNIQUE index). */
#define ROUND_SQL "SELECT r.id, ro.code, ro.title, s.code, ro.depts, r.planned, r.closes, " \
	"r.planned - ro.remind_s, r.status, r.walkers, r.started, r.finished, " \
	"(SELECT count(*) FROM route_point p WHERE p.route_id = r.route_id AND " \
	"p.version = r.version), " \
	"(SELECT count(*) FROM checkin c WHERE c.round_id = r.id), " \
	"(SELECT count(*) FROM checkin c WHERE c.round_id = r.id AND c.timing = 'late'), " \
	"(SELECT count(*) FROM checkin c WHERE c.round_id = r.id AND c.timing = 'early'), " \
	"(SELECT count(*) FROM checkin c WHERE c.round_id = r.id AND c.issue IS NOT NULL), " \
	"(SELECT count(*) FROM checkin c WHERE c.round_id = r.id AND c.recheck = 1) " \
	"FROM patrol_round r JOIN route ro ON ro.id = r.route_id JOIN site s ON s.id = r.site_id "

struct rows {
	pm_ctx *ctx;
	const char *status;
	int (*fn)(void *arg, const pm_cell *c);
	void *arg;
};

/* The derived status: a planned round whose window closed is missed. */
static const char *
status_of(const char *stored, pm_time closes, pm_time now)
{
	if (strcmp(stored, "planned") == 0 && now >= closes)
		return "missed";
	return stored;
}

static int
rows_run(pm_stmt *st, struct rows *w, pm_err *err)
{
	pm_cell c[PM_RC_N];
	char id[24];
	int i, rc;

	while ((rc = pm_stmt_step(st, err)) == 1) {
		const char *status;
		int over;

		memset(c, 0, sizeof c);
		for (i = 0; i < PM_RC_N && i < 12; i++) {
			c[i].null = pm_stmt_null(st, i);
			if (pm_round_cols[i].type == PM_C_TEXT || pm_round_cols[i].type == PM_C_LIST ||
			    pm_round_cols[i].type == PM_C_ID)
				c[i].s = pm_stmt_text(st, i);
			else
				c[i].i = pm_stmt_int(st, i);
		}
		snprintf(id, sizeof id, "R%lld", (long long)pm_stmt_int(st, 0));
		c[PM_RC_ID].s = id;
		c[PM_RC_ID].i = pm_stmt_int(st, 0);
		status = status_of(c[PM_RC_STATUS].s, c[PM_RC_CLOSES].i, w->ctx->now);
		c[PM_RC_STATUS].s = status;
		if (w->status != NULL && strcmp(w->status, status) != 0)
			continue;
		c[PM_RC_POINTS].i = pm_stmt_int(st, 12);
		c[PM_RC_CHECKED].i = pm_stmt_int(st, 13);
		c[PM_RC_LATE].i = pm_stmt_int(st, 14);
		c[PM_RC_EARLY].i = pm_stmt_int(st, 15);
		c[PM_RC_ISSUES].i = pm_stmt_int(st, 16);
		c[PM_RC_RECHECKS].i = pm_stmt_int(st, 17);
		/* skipped once the round is over: done, or walked past its close */
		over = strcmp(status, "done") == 0 || (strcmp(status, "walking") == 0 &&
		    w->ctx->now >= c[PM_RC_CLOSES].i);
		c[PM_RC_SKIPPED].i = over ? c[PM_RC_POINTS].i - c[PM_RC_CHECKED].i : 0;
		if (strcmp(status, "missed") == 0)
			c[PM_RC_SKIPPED].i = c[PM_RC_POINTS].i;
		if ((rc = w->fn(w->arg, c)) != 0)
			return rc;
	}
	return rc < 0 ? err->status : 0;
}

static int
status_check(const char *s, pm_err *err)
{
	if (s == NULL || strcmp(s, "planned") == 0 || strcmp(s, "walking") == 0 ||
	    strcmp(s, "done") == 0 || strcmp(s, "missed") == 0)
		return 0;
	return pm_err_field(err, PM_EX_USAGE, "status", _("status %s: expected planned, walking, "
	    "done or missed"), s);
}

/* site and route codes into ids (0: not filtered); a code that names
 * nothing is an error, not an empty list. */
static int
scope_of(pm_ctx *ctx, const char *site, const char *route, int64_t *site_id, int64_t *route_id,
    pm_err *err)
{
	int found, rc;

	*site_id = 0;
	*route_id = 0;
	if (site != NULL && (rc = pm_unit_site_find(ctx, site, 0, site_id, err)) != 0)
		return rc;
	if (route == NULL)
		return 0;
	if ((rc = pm_db_get_int(ctx->db, err, route_id, &found, "SELECT id FROM route WHERE "
	    "code = ?1", "t", route)) != 0)
		return rc;
	if (!found)
		return pm_text_fail(err, PM_EX_NOINPUT, _("route %s: no such route"), route);
	return 0;
}

int
pm_round_each(pm_ctx *ctx, const pm_round_filter *f, int (*fn)(void *arg, const pm_cell *c),
    void *arg, pm_err *err)
{
	struct rows w = { ctx, f->status, fn, arg };
	int64_t site_id, route_id;
	pm_stmt *st = NULL;
	int rc;

	if ((rc = status_check(f->status, err)) != 0 ||
	    (rc = scope_of(ctx, f->site, f->route, &site_id, &route_id, err)) != 0)
		return rc;
	if (f->one != 0)
		rc = pm_db_prepare(ctx->db, ROUND_SQL "WHERE r.id = ?1", &st, err);
	else
		rc = pm_db_prepare(ctx->db, ROUND_SQL "WHERE r.planned >= ?1 AND r.planned < ?2 "
		    "AND (r.site_id = ?3 OR ?3 = 0) AND (r.route_id = ?4 OR ?4 = 0) "
		    "ORDER BY r.planned, ro.code", &st, err);
	if (rc != 0)
		return rc;
	if (f->one != 0) {
		pm_stmt_bind_int(st, 1, f->one);
	} else {
		pm_stmt_bind_int(st, 1, f->from);
		pm_stmt_bind_int(st, 2, f->to);
		pm_stmt_bind_int(st, 3, site_id);
		pm_stmt_bind_int(st, 4, route_id);
	}
	rc = rows_run(st, &w, err);
	pm_stmt_free(st);
	return rc;
}

int
pm_round_due(pm_ctx *ctx, const char *site, int64_t within,
    int (*fn)(void *arg, const pm_cell *c), void *arg, pm_err *err)
{
	struct rows w = { ctx, NULL, fn, arg };
	int64_t site_id, route_id;
	pm_stmt *st = NULL;
	int rc;

	if ((rc = scope_of(ctx, site, NULL, &site_id, &route_id, err)) != 0)
		return rc;
	/* windows and reminders are at most a day: the range of planned
	 * times the index reads is two days and the span asked */
	if ((rc = pm_db_prepare(ctx->db, ROUND_SQL "WHERE r.planned >= ?1 AND r.planned <= ?2 "
	    "AND r.status = 'planned' AND r.closes > ?3 AND r.planned - ro.remind_s <= ?4 "
	    "AND (r.site_id = ?5 OR ?5 = 0) ORDER BY r.planned, ro.code", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, ctx->now - DAY);
	pm_stmt_bind_int(st, 2, ctx->now + within + DAY);
	pm_stmt_bind_int(st, 3, ctx->now);
	pm_stmt_bind_int(st, 4, ctx->now + within);
	pm_stmt_bind_int(st, 5, site_id);
	rc = rows_run(st, &w, err);
	pm_stmt_free(st);
	return rc;
}

/* ---- the points of a round ---------------------------------------------------- */

const pm_col pm_round_point_cols[PM_RP_N] = {
	[PM_RP_SEQ] = { "seq", PM_C_INT, 0, 0, 0 },
	[PM_RP_POINT] = { "point", PM_C_ID, 16, 0, PM_COL_KEY },
	[PM_RP_NAME] = { "name", PM_C_TEXT, 20, 0, 0 },
	[PM_RP_KIND] = { "kind", PM_C_TEXT, 10, 0, 0 },
	[PM_RP_DUE_FROM] = { "due_from", PM_C_TIME, 0, 0, 0 },
	[PM_RP_DUE_TO] = { "due_to", PM_C_TIME, 0, 0, 0 },
	[PM_RP_AT] = { "at", PM_C_TIME, 0, 0, 0 },
	[PM_RP_TIMING] = { "timing", PM_C_TEXT, 8, 0, 0 },
	[PM_RP_BY] = { "by", PM_C_TEXT, 12, 0, 0 },
	[PM_RP_METHOD] = { "method", PM_C_TEXT, 6, 0, 0 },
	[PM_RP_RESULT] = { "result", PM_C_TEXT, 6, 0, 0 },
	[PM_RP_SEVERITY] = { "severity", PM_C_TEXT, 10, 0, 0 },
	[PM_RP_ISSUE] = { "issue", PM_C_TEXT, 30, 0, 0 },
	[PM_RP_RECHECK] = { "recheck", PM_C_BOOL, 0, 0, 0 },
	[PM_RP_ANSWERS] = { "answers", PM_C_JSON, 30, 0, 0 },
};

int
pm_round_points(pm_ctx *ctx, int64_t round, int (*fn)(void *arg, const pm_cell *c), void *arg,
    pm_err *err)
{
	pm_cell c[PM_RP_N];
	pm_stmt *st = NULL;
	struct round r;
	int rc, over;

	if ((rc = round_get(ctx, round, &r, err)) != 0)
		return rc;
	over = r.has_finished || ctx->now >= r.closes;
	if ((rc = pm_db_prepare(ctx->db, "SELECT p.seq, cp.code, cp.name, cp.kind, "
	    "?3 + p.offset_s, ?3 + p.offset_s + p.window_s, c.at, c.timing, st.login, c.method, "
	    "CASE WHEN c.id IS NULL THEN NULL WHEN c.issue IS NULL THEN 'ok' ELSE 'issue' END, "
	    "c.severity, c.issue, c.recheck, c.answers "
	    "FROM route_point p JOIN checkpoint cp ON cp.id = p.checkpoint_id "
	    "LEFT JOIN checkin c ON c.round_id = ?4 AND c.seq = p.seq "
	    "LEFT JOIN staff st ON st.id = c.staff_id "
	    "WHERE p.route_id = ?1 AND p.version = ?2 ORDER BY p.seq", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, r.route_id);
	pm_stmt_bind_int(st, 2, r.version);
	pm_stmt_bind_int(st, 3, r.planned);
	pm_stmt_bind_int(st, 4, r.id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		int i;

		memset(c, 0, sizeof c);
		for (i = 0; i < PM_RP_N; i++) {
			c[i].null = pm_stmt_null(st, i);
			if (pm_round_point_cols[i].type == PM_C_TEXT ||
			    pm_round_point_cols[i].type == PM_C_ID ||
			    pm_round_point_cols[i].type == PM_C_JSON)
				c[i].s = c[i].null ? NULL : pm_stmt_text(st, i);
			else
				c[i].i = pm_stmt_int(st, i);
		}
		if (c[PM_RP_AT].null) {
			/* not checked: missing once the round is over, else pending */
			c[PM_RP_TIMING].null = 0;
			c[PM_RP_TIMING].s = over ? "missing" : "pending";
			c[PM_RP_RECHECK].null = 1;
		}
		if ((rc = fn(arg, c)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

/* ---- missed ------------------------------------------------------------------- */

const pm_col pm_round_missed_cols[PM_RM_N] = {
	[PM_RM_WHAT] = { "what", PM_C_TEXT, 6, 0, 0 },
	[PM_RM_ROUND] = { "round", PM_C_ID, 8, 0, PM_COL_KEY },
	[PM_RM_ROUTE] = { "route", PM_C_TEXT, 16, 0, 0 },
	[PM_RM_SITE] = { "site", PM_C_TEXT, 10, 0, 0 },
	[PM_RM_PLANNED] = { "planned", PM_C_TIME, 0, 0, 0 },
	[PM_RM_CLOSES] = { "closes", PM_C_TIME, 0, 0, 0 },
	[PM_RM_SEQ] = { "seq", PM_C_INT, 0, 0, 0 },
	[PM_RM_POINT] = { "point", PM_C_TEXT, 16, 0, 0 },
	[PM_RM_NAME] = { "name", PM_C_TEXT, 20, 0, 0 },
	[PM_RM_WALKERS] = { "walkers", PM_C_LIST, 20, 0, 0 },
};

/*
 * The rounds planned in [?1, ?2) (the planned index), of site ?4 (0:
 * all): those never started whose window closed by now (?3), and the
 * points without a check-in (a seek on checkin's UNIQUE (round_id,
 * seq)) of those walked and over.
 */
const char pm_round_missed_sql[] =
	"SELECT 'round', r.id, ro.code, s.code, r.planned, r.closes, NULL, NULL, NULL, r.walkers "
	"FROM patrol_round r JOIN route ro ON ro.id = r.route_id JOIN site s ON s.id = r.site_id "
	"WHERE r.planned >= ?1 AND r.planned < ?2 AND r.status = 'planned' AND r.closes <= ?3 "
	"AND (r.site_id = ?4 OR ?4 = 0) "
	"UNION ALL "
	"SELECT 'point', r.id, ro.code, s.code, r.planned, r.closes, p.seq, cp.code, cp.name, "
	"r.walkers "
	"FROM patrol_round r JOIN route ro ON ro.id = r.route_id JOIN site s ON s.id = r.site_id "
	"JOIN route_point p ON p.route_id = r.route_id AND p.version = r.version "
	"JOIN checkpoint cp ON cp.id = p.checkpoint_id "
	"WHERE r.planned >= ?1 AND r.planned < ?2 AND (r.status = 'done' OR "
	"(r.status = 'walking' AND r.closes <= ?3)) AND (r.site_id = ?4 OR ?4 = 0) "
	"AND NOT EXISTS (SELECT 1 FROM checkin c WHERE c.round_id = r.id AND c.seq = p.seq) "
	"ORDER BY 5, 3, 7";

int
pm_round_missed(pm_ctx *ctx, const char *site, pm_time since, pm_time until,
    int (*fn)(void *arg, const pm_cell *c), void *arg, pm_err *err)
{
	int64_t site_id, route_id;
	pm_cell c[PM_RM_N];
	pm_stmt *st = NULL;
	char id[24];
	int i, rc;

	if ((rc = scope_of(ctx, site, NULL, &site_id, &route_id, err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, pm_round_missed_sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, since);
	pm_stmt_bind_int(st, 2, until);
	pm_stmt_bind_int(st, 3, ctx->now);
	pm_stmt_bind_int(st, 4, site_id);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		memset(c, 0, sizeof c);
		for (i = 0; i < PM_RM_N; i++) {
			c[i].null = pm_stmt_null(st, i);
			if (pm_round_missed_cols[i].type == PM_C_INT ||
			    pm_round_missed_cols[i].type == PM_C_TIME)
				c[i].i = pm_stmt_int(st, i);
			else
				c[i].s = c[i].null ? NULL : pm_stmt_text(st, i);
		}
		snprintf(id, sizeof id, "R%lld", (long long)pm_stmt_int(st, 1));
		c[PM_RM_ROUND].s = id;
		if ((rc = fn(arg, c)) != 0)
			break;
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : rc;
}

/* ---- hooks ---------------------------------------------------------------------- */

static int
round_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	struct round r;
	int rc;

	(void)clear;
	if ((rc = round_get(ctx, id, &r, err)) != 0)
		return rc;
	pm_json_s(j, "route", r.route);
	pm_json_s(j, "occurrence", r.occurrence);
	pm_json_t(j, "planned", r.planned);
	pm_json_t(j, "closes", r.closes);
	pm_json_s(j, "status", status_of(r.status, r.closes, ctx->now));
	pm_json_list(j, "walkers", r.walkers);
	return 0;
}

const pm_hook_kind pm_round_hook_kind = { "round", 'R', round_record };
