/* hazard.c — hazards and their rectification; see hazard.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "category.h"
#include "deadline.h"
#include "escalate.h"
#include "hazard.h"
#include "hooks.h"
#include "json.h"
#include "link.h"
#include "listq.h"
#include "org.h"
#include "pii.h"
#include "text.h"
#include "unit.h"
#include "workorder.h"

/* Rectification pending (待整改), then the re-inspection (待复查); verified and
 * cancelled are out of play (the partial index hazard_open leaves
 * exactly these out). */
#define OPEN "pending|rectified"
#define FINAL "verified|cancelled"

static int h_assign(pm_lc_step *s, pm_err *err);
static int h_fix(pm_lc_step *s, pm_err *err);
static int h_verify(pm_lc_step *s, pm_err *err);
static int h_fail(pm_lc_step *s, pm_err *err);
static int h_log(pm_lc_step *s, pm_err *err);
static int h_cancel(pm_lc_step *s, pm_err *err);
static int h_reopen(pm_lc_step *s, pm_err *err);

static const pm_transition transitions[] = {
	{ .verb = "assign", .from = "pending", .perm = "hazard.assign", .hook = h_assign,
	  .records = "the responsible department and person",
	  .hint_on = "rectified", .hint = "it awaits re-inspection" },
	{ .verb = "fix", .from = "pending", .to = "rectified", .perm = "hazard.fix",
	  .flags = PM_LC_DUE, .hook = h_fix,
	  .records = "the action taken and who took it (整改); the re-inspection limit starts",
	  .hint_on = "verified|cancelled", .hint = "reopen it first" },
	{ .verb = "verify", .from = "rectified", .to = "verified", .perm = "hazard.verify",
	  .flags = PM_LC_DUE, .hook = h_verify,
	  .records = "the re-inspection (复查) that accepts the fix, by someone else",
	  .hint_on = "pending", .hint = "it must be rectified first" },
	{ .verb = "fail", .from = "rectified", .to = "pending", .perm = "hazard.verify",
	  .flags = PM_LC_DUE, .hook = h_fail,
	  .records = "a failed re-inspection and why: back to rectification",
	  .hint_on = "pending", .hint = "it must be rectified first" },
	{ .verb = "log", .from = "*", .perm = "hazard.report", .hook = h_log,
	  .records = "a note" },
	{ .verb = "cancel", .from = OPEN, .to = "cancelled", .perm = "hazard.close",
	  .flags = PM_LC_DUE, .hook = h_cancel,
	  .records = "why (a false report, a duplicate)" },
	{ .verb = "reopen", .from = FINAL, .to = "pending", .perm = "hazard.close",
	  .flags = PM_LC_DUE, .hook = h_reopen,
	  .records = "why; rectify due again from now" },
	{ .verb = "escalate", .from = OPEN, .perm = "hazard.escalate", .flags = PM_LC_INTERNAL,
	  .records = "level and who is responsible" },
	/* written for a work order made from the hazard (workorder.h) */
	{ .verb = "workorder", .from = "*", .flags = PM_LC_INTERNAL,
	  .records = "a work order rectifies it" },
	{ .verb = "workorder_done", .from = "pending", .to = "rectified",
	  .flags = PM_LC_INTERNAL | PM_LC_DUE, .hook = h_fix,
	  .records = "its work order is done: rectified, awaiting re-inspection" },
	{ .verb = NULL }
};

const pm_lifecycle pm_hazard_lifecycle = {
	"hazard", "hazard", 'H', "hazard",
	OPEN "|" FINAL, OPEN, FINAL, "pending", NULL, transitions,
	"CASE WHEN status = 'rectified' THEN reinspect_due ELSE rectify_due END", NULL
};

/* The built-in grades: major, serious, general (重大, 较大, 一般 事故隐患),
 * with the priority a work order made from one takes. */
static const pm_cat_entry builtin_severities[] = {
	{ "重大", NULL, "urgent" },
	{ "较大", NULL, "high" },
	{ "一般", NULL, "normal" },
};

/* The built-in grades in English too (a handheld without a Chinese
 * input method, a patrol default written so): only while the tree is
 * the built-in one. */
static const char *const english[][2] = {
	{ "major", "重大" }, { "serious", "较大" }, { "general", "一般" },
};

static const char *
severity_word(const pm_config *cfg, const char *s)
{
	size_t i;

	if (s == NULL || pm_config_is_set(cfg, "hazard.severity"))
		return s;
	for (i = 0; i < sizeof english / sizeof english[0]; i++)
		if (strcmp(s, english[i][0]) == 0)
			return english[i][1];
	return s;
}

const pm_cat_spec pm_hazard_severities = {
	"hazard.severity", "severity", builtin_severities,
	sizeof builtin_severities / sizeof builtin_severities[0], "priority", PM_PRIORITIES,
	"normal"
};

/* Built-in limits: a major hazard rectified within a day and looked at
 * again within four hours; a serious one within three days; a general
 * one within five working days, re-inspected within two. */
static const pm_dl_rule default_limits[] = {
	{ { "重大", NULL, NULL, NULL }, { "24h", "4h" }, PM_CLOCK_CALENDAR },
	{ { "较大", NULL, NULL, NULL }, { "3d", "1d" }, PM_CLOCK_CALENDAR },
	{ { NULL, NULL, NULL, NULL }, { "5d", "2d" }, PM_CLOCK_BUSINESS },
};
static const char *const limit_keys[] = { "severity" };
static const char *const limit_names[] = { "rectify", "reinspect" };
enum { DL_RECTIFY, DL_REINSPECT };

/* ---- configuration ------------------------------------------------------ */

const char *
pm_hazard_default_severity(const pm_config *cfg)
{
	return pm_config_str(cfg, "hazard.default_severity");
}

static const pm_dl_decl time_policy = {
	{ "hazard.limits", limit_keys, 1, limit_names, 2, default_limits,
	  sizeof default_limits / sizeof default_limits[0], NULL, NULL },
	&pm_hazard_severities, 0, { NULL, NULL, NULL, NULL }
};

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_dl_policy p;
	const char *attr;
	char canon[200];
	int rc;

	memset(&p, 0, sizeof p);
	if ((rc = pm_dl_policy_load(cfg, NULL, &time_policy, &p, err)) == 0 &&
	    (rc = pm_category_find(p.tree, severity_word(cfg, pm_hazard_default_severity(cfg)),
	    canon, sizeof canon, &attr, err)) != 0)
		pm_err_prefix(err, "%s", "hazard.default_severity");
	pm_dl_policy_free(&p);
	if (rc != 0)
		err->status = PM_EX_CONFIG;
	return rc != 0 ? PM_EX_CONFIG : 0;
}

static const pm_cfg_key config_keys[] = {
	{ "hazard.severity", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the tree of hazard severities and the priority of a work order made from each "
	  "(category.c checks it)", NULL },
	{ "hazard.default_severity", PM_CFG_STR, "一般", NULL, 0, 0,
	  "the severity of a hazard reported without one (an entry of hazard.severity)", NULL },
	{ "hazard.limits", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "rectify and reinspect limits per severity, first match wins "
	  "(deadline.c checks them)", NULL },
	{ "hazard.dept", PM_CFG_STR, "security", NULL, 0, 0,
	  "the department responsible for a hazard that names none", NULL },
	{ "hazard.escalate_levels", PM_CFG_STR, "head,role:manager", NULL, 0, 0,
	  "who takes over a late hazard at each level above the responsible person",
	  pm_org_escalate_check },
	{ "hazard.escalate_every", PM_CFG_SPAN, "1d", NULL, 60, 366 * 86400,
	  "further lateness after which a late hazard climbs one more level", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_hazard_config = { "hazard", config_keys, config_check };

/* ---- small helpers --------------------------------------------------------- */

/* The longest free text, in characters. */
#define MAX_CHARS(ctx) ((size_t)pm_config_int((ctx)->cfg, "text.max_chars"))

static const char *
hid(int64_t n, char *buf)
{
	pm_id id = { 'H', n };

	pm_id_format(id, buf, 24);
	return buf;
}

/* The hazard's fields the rules look at. */
struct hrec {
	int64_t id, site_id, dept_id, assignee_id, fixer_id, found_at;
	char status[16], severity[200];
};

static int
hrec_load(pm_ctx *ctx, int64_t id, struct hrec *h, pm_err *err)
{
	pm_stmt *st = NULL;
	char idtext[24];
	int rc;

	memset(h, 0, sizeof *h);
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, site_id, dept_id, assignee_id, fixer_id, "
	    "found_at, status, severity FROM hazard WHERE id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		h->id = pm_stmt_int(st, 0);
		h->site_id = pm_stmt_int(st, 1);
		h->dept_id = pm_stmt_int(st, 2);
		h->assignee_id = pm_stmt_int(st, 3);
		h->fixer_id = pm_stmt_int(st, 4);
		h->found_at = pm_stmt_int(st, 5);
		snprintf(h->status, sizeof h->status, "%s", pm_stmt_text(st, 6));
		snprintf(h->severity, sizeof h->severity, "%s", pm_stmt_text(st, 7));
		rc = 0;
	} else if (rc == 0) {
		rc = pm_err_set(err, PM_EX_NOINPUT, _("hazard %s: no such hazard"), hid(id, idtext));
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* One limit of a hazard of this severity from start, and its clock. */
static int
limit_of(pm_dl_policy *p, const char *severity, int limit, pm_time start, pm_time *due,
    pm_clock *clock, pm_err *err)
{
	const char *attrs[1] = { severity };
	const pm_dl_rule *r;

	if ((r = pm_deadline_match(p->dl, attrs)) == NULL)
		return pm_err_set(err, PM_EX_CONFIG, _("no time limit rule matches"));
	if (clock != NULL)
		*clock = r->clock;
	return pm_deadline_due_one(p->dl, p->cal, attrs, limit, start, due, err);
}

/* ---- new ------------------------------------------------------------------ */

/* Where and what, checked: the common part of new and from_checkin. */
struct where {
	int64_t site, building, found_by;
	char canon[200];
	char phone[16];
};

static int
where_resolve(pm_ctx *ctx, pm_dl_policy *p, const pm_hazard_in *in, struct where *w,
    pm_err *err)
{
	const char *attr, *sev;
	int found, rc;

	memset(w, 0, sizeof *w);
	if ((rc = pm_text_need(in->text, "text", err)) != 0 ||
	    (rc = pm_text_field(in->text, MAX_CHARS(ctx), "text", err)) != 0 ||
	    (rc = pm_text_field(in->place, 200, "place", err)) != 0 ||
	    (rc = pm_text_field(in->reporter, 100, "reporter", err)) != 0)
		return rc;
	if (in->point != NULL && !pm_code_valid(in->point, 64, PM_CODE_UPPER | PM_CODE_DOT))
		return pm_text_fail(err, PM_EX_USAGE, _("point %s: a checkpoint code (a-z, 0-9, "
		    "_ - .)"), in->point);
	if (in->building == NULL && in->place == NULL && in->point == NULL)
		return pm_err_field(err, PM_EX_USAGE, "place", _("where is it: give a place, a "
		    "building or a checkpoint"));
	if (in->phone != NULL && in->reporter == NULL)
		return pm_err_field(err, PM_EX_USAGE, "reporter", _("a phone number is the "
		    "reporter's: name the reporter"));
	if (in->has_found && in->found > ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "found", _("found is in the future"));
	if (in->phone != NULL && (rc = pm_phone_normalize(in->phone, w->phone, sizeof w->phone,
	    err)) != 0)
		return rc;
	if (in->site_id != 0)
		w->site = in->site_id;
	else if ((rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &w->site, err)) != 0)
		return rc;
	if (in->building != NULL) {
		if ((rc = pm_db_get_int(ctx->db, err, &w->building, &found, "SELECT id FROM building "
		    "WHERE site_id = ?1 AND code = ?2", "it", w->site, in->building)) != 0)
			return rc;
		if (!found)
			return pm_text_fail(err, PM_EX_NOINPUT, _("building %s: no such building at "
			    "the site"), in->building);
	}
	sev = severity_word(ctx->cfg, in->severity != NULL ? in->severity :
	    pm_hazard_default_severity(ctx->cfg));
	if ((rc = pm_category_find(p->tree, sev, w->canon, sizeof w->canon, &attr, err)) != 0) {
		if (in->severity != NULL)
			return rc;
		/* the configured default is no severity: the file is wrong */
		pm_err_prefix(err, "%s", "hazard.default_severity");
		return err->status = PM_EX_CONFIG;
	}
	if (in->found_by != NULL) {
		if ((rc = pm_org_staff_id(ctx, in->found_by, 0, &w->found_by, err)) != 0)
			return rc;
	} else {
		w->found_by = pm_org_actor_id(ctx);
	}
	return 0;
}

/* Insert a hazard; the caller checked the permission. */
static int
hz_create(pm_ctx *ctx, const pm_hazard_in *in, int64_t checkin, int64_t round, pm_id *id,
    pm_err *err)
{
	pm_time found = in->has_found ? in->found : ctx->now, due = 0;
	const char *dept_code = in->dept;
	pm_clock clock = PM_CLOCK_CALENDAR;
	char stext[24];
	pm_dl_policy p;
	struct where w;
	pm_lc_step s;
	int64_t dept = 0, row;
	int rc;

	memset(&s, 0, sizeof s);
	if ((rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &p, err)) != 0)
		goto out;
	if ((rc = where_resolve(ctx, &p, in, &w, err)) != 0)
		goto out;
	if (dept_code == NULL)
		dept_code = pm_config_str(ctx->cfg, "hazard.dept");
	if ((rc = pm_org_dept_id(ctx, dept_code, PM_ORG_ACTIVE, &dept, err)) != 0) {
		if (in->dept == NULL)
			pm_err_prefix(err, "%s", "hazard.dept");
		goto out;
	}
	if ((rc = limit_of(&p, w.canon, DL_RECTIFY, found, &due, &clock, err)) != 0)
		goto out;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO hazard (site_id, building_id, place, point, "
	    "severity, text, source_type, checkin_id, round_id, found_by_id, found_at, reporter, "
	    "phone, dept_id, clock, rectify_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
	    "?11, ?12, ?13, ?14, ?15, ?16)", "iITTttTIIIiTTiti", w.site, w.building, in->place,
	    in->point, w.canon, in->text, checkin != 0 ? "checkin" : "found", checkin, round,
	    w.found_by, found, in->reporter, w.phone, dept,
	    clock == PM_CLOCK_BUSINESS ? "business" : "calendar", due)) != 0)
		goto out;
	row = pm_db_last_id(ctx->db);
	id->type = 'H';
	id->n = row;
	if ((rc = pm_lifecycle_due(ctx, &pm_hazard_lifecycle, row, pm_hazard_lifecycle.initial,
	    err)) != 0)
		goto out;
	pm_lifecycle_created(ctx, &pm_hazard_lifecycle, row, &s);
	s.at = found;
	pm_lifecycle_s(&s, "severity", w.canon);
	pm_lifecycle_s(&s, "place", in->place);
	pm_lifecycle_s(&s, "point", in->point);
	if (round != 0) {
		pm_id r = { 'R', round };
		pm_id_format(r, stext, sizeof stext);
		pm_lifecycle_s(&s, "source", stext);
	} else {
		pm_lifecycle_s(&s, "source", checkin != 0 ? "checkin" : "found");
	}
	if (checkin != 0)
		pm_lifecycle_i(&s, "checkin", checkin);
	if (in->reporter != NULL)
		pm_lifecycle_pii(&s, "reporter", PM_PII_NAME, in->reporter);
	if (w.phone[0] != '\0')
		pm_lifecycle_pii(&s, "phone", PM_PII_PHONE, w.phone);
	pm_lifecycle_t(&s, "rectify_due", due);
	if ((rc = pm_lifecycle_finish(&s, err)) != 0)
		goto out;
	/* a person named at once: assigned as assign does it, its own event */
	if (in->owner != NULL) {
		pm_hz_act a;
		memset(&a, 0, sizeof a);
		a.to = in->owner;
		a.dept = in->dept;
		a.at = found;
		a.has_at = 1;
		rc = pm_hazard_act(ctx, "assign", *id, &a, err);
	}
out:
	pm_lifecycle_end(&s);
	pm_dl_policy_free(&p);
	return rc;
}

int
pm_hazard_new(pm_ctx *ctx, const pm_hazard_in *in, pm_id *id, pm_err *err)
{
	int rc;

	if ((rc = pm_perm_check(ctx, "hazard.report", err)) != 0)
		return rc;
	return hz_create(ctx, in, 0, 0, id, err);
}

int
pm_hazard_from_checkin(pm_ctx *ctx, const pm_hazard_checkin *c, pm_id *id, int *existed,
    pm_err *err)
{
	pm_hazard_in in;
	int64_t row;
	int found, rc;

	*existed = 0;
	if (c->checkin_id <= 0 || c->site_id <= 0)
		return pm_err_set(err, PM_EX_SOFTWARE, _("hazard: a check-in names itself and its "
		    "site"));
	if ((rc = pm_db_get_int(ctx->db, err, &row, &found, "SELECT id FROM hazard WHERE "
	    "checkin_id = ?1", "i", c->checkin_id)) != 0)
		return rc;
	if (found) {
		id->type = 'H';
		id->n = row;
		*existed = 1;
		return 0;
	}
	memset(&in, 0, sizeof in);
	in.site_id = c->site_id;
	in.point = c->point;
	in.place = c->place;
	in.text = c->text;
	in.severity = c->severity;
	in.found_by = c->found_by;
	in.found = c->at;
	in.has_found = 1;
	return hz_create(ctx, &in, c->checkin_id, c->round_id, id, err);
}

/* ---- the other verbs -------------------------------------------------------- */

struct act {
	struct hrec h;
	const pm_hz_act *a;
	pm_dl_policy p;         /* loaded by the verbs that count a limit */
	int has_p;
};

static int
h_assign(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t dept = x->h.dept_id, who = x->h.assignee_id;
	int rc;

	if ((rc = pm_org_assign_target(s->ctx, x->a->to, x->a->dept, &dept, &who, err)) != 0)
		return rc;
	pm_lifecycle_s(s, "owner", x->a->to);
	pm_lifecycle_s(s, "dept", x->a->dept);
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET dept_id = ?2, assignee_id = ?3, "
	    "assigned_at = coalesce(assigned_at, ?4) WHERE id = ?1", "iIIi", s->id, dept, who,
	    s->at);
}

/* The fix (fix, and a work order's done): the action, the fixer, and
 * the re-inspection limit from now on. */
static int
h_fix(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	pm_time due;
	int rc;

	if ((rc = pm_text_need(x->a->text, "action", err)) != 0 ||
	    (rc = limit_of(&x->p, x->h.severity, DL_REINSPECT, s->at, &due, NULL, err)) != 0)
		return rc;
	pm_lifecycle_t(s, "reinspect_due", due);
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET rectified_at = ?2, action = ?3, "
	    "fixer_id = ?4, reinspect_due = ?5 WHERE id = ?1", "iitIi", s->id, s->at, x->a->text,
	    pm_org_actor_id(s->ctx), due);
}

/* The re-inspection is someone else's word on the fix. */
static int
not_fixer(pm_lc_step *s, const struct act *x, int64_t me, pm_err *err)
{
	if (me != 0 && me == x->h.fixer_id)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: %s rectified it; the re-inspection is "
		    "by someone else"), s->idtext, s->ctx->actor.login);
	return 0;
}

static int
h_verify(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t me = pm_org_actor_id(s->ctx);
	int rc;

	if ((rc = not_fixer(s, x, me, err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET verified_at = ?2, verifier_id = ?3, "
	    "note = coalesce(?4, note) WHERE id = ?1", "iiIT", s->id, s->at, me, x->a->text);
}

static int
h_fail(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "note", err)) != 0 ||
	    (rc = not_fixer(s, x, pm_org_actor_id(s->ctx), err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET rectified_at = NULL, fixer_id = NULL, "
	    "action = NULL, reinspect_due = NULL, note = ?2, fails = fails + 1 WHERE id = ?1", "it",
	    s->id,
	    x->a->text);
}

static int
h_log(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;

	return pm_text_need(x->a->text, "text", err);
}

static int
h_cancel(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "reason", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET cancelled_at = ?2, reason = ?3 "
	    "WHERE id = ?1", "iit", s->id, s->at, x->a->text);
}

static int
h_reopen(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	pm_time due;
	int rc;

	if ((rc = pm_text_need(x->a->text, "reason", err)) != 0 ||
	    (rc = limit_of(&x->p, x->h.severity, DL_RECTIFY, s->at, &due, NULL, err)) != 0)
		return rc;
	pm_lifecycle_t(s, "rectify_due", due);
	return pm_db_run(s->ctx->db, err, "UPDATE hazard SET reopened = reopened + 1, "
	    "rectified_at = NULL, fixer_id = NULL, action = NULL, reinspect_due = NULL, "
	    "verified_at = NULL, verifier_id = NULL, "
	    "cancelled_at = NULL, reason = ?3, rectify_due = ?2 WHERE id = ?1", "iit", s->id, due,
	    x->a->text);
}

/* verb on hazard id, through the gate; at_floor: a time before the
 * hazard was found is moved up to it (a work order's done) instead of
 * refused. */
static int
act_run(pm_ctx *ctx, const char *verb, pm_id id, const pm_hz_act *a, int at_floor,
    pm_err *err)
{
	struct act x;
	pm_lc_step s;
	pm_time at;
	int rc;

	memset(&x, 0, sizeof x);
	x.a = a;
	if ((rc = pm_lifecycle_begin(ctx, &pm_hazard_lifecycle, verb, id.n, &s, err)) != 0 ||
	    (rc = hrec_load(ctx, id.n, &x.h, err)) != 0 ||
	    (a->text != NULL && (rc = pm_text_field(a->text, MAX_CHARS(ctx), "text", err)) != 0))
		goto out;
	if (strcmp(verb, "fix") == 0 || strcmp(verb, "workorder_done") == 0 ||
	    strcmp(verb, "reopen") == 0) {
		if ((rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &x.p, err)) != 0)
			goto out;
		x.has_p = 1;
	}
	at = a->has_at ? a->at : ctx->now;
	if (at_floor && at < x.h.found_at)
		at = x.h.found_at;
	if ((rc = pm_lifecycle_at(&s, 1, at, x.h.found_at, _("%s: %s at %s is before the hazard "
	    "was found (%s)"), err)) != 0)
		goto out;
	s.note = a->text;
	s.arg = &x;
	rc = pm_lifecycle_finish(&s, err);
out:
	pm_lifecycle_end(&s);
	if (x.has_p)
		pm_dl_policy_free(&x.p);
	return rc;
}

int
pm_hazard_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_hz_act *a, pm_err *err)
{
	const pm_transition *t;

	if (strcmp(verb, "verify") == 0 && a->fail)
		verb = "fail";
	t = pm_lifecycle_find(&pm_hazard_lifecycle, verb);
	if (t == NULL || (t->flags & PM_LC_INTERNAL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("hazard: %s is not an act"), verb);
	return act_run(ctx, verb, id, a, 0, err);
}

/* ---- escalation ---------------------------------------------------------------- */

static const pm_esc_decl escalation = {
	.lc = &pm_hazard_lifecycle,
	.verb = "escalate",
	.levels_key = "hazard.escalate_levels",
	.every_key = "hazard.escalate_every",
	.base_rule = "head",
	.resolver = &pm_org_resolver,
	.group = "dept_id",
};

int
pm_hazard_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_apply(ctx, &escalation, id.n, res, err);
}

/* ---- work orders ----------------------------------------------------------------- */

int
pm_hazard_link_workorder(pm_ctx *ctx, pm_id h, pm_id w, pm_err *err)
{
	return pm_link_logged(ctx, &pm_hazard_lifecycle, "workorder", h, w, "workorder", err);
}

int
pm_hazard_workorder_done(pm_ctx *ctx, pm_id h, pm_id w, pm_time at, const char *result,
    int *changed, pm_err *err)
{
	char wt[24], note[64], status[32];
	pm_hz_act a;
	int rc;

	*changed = 0;
	if ((rc = pm_lifecycle_status(ctx, &pm_hazard_lifecycle, h.n, status, sizeof status,
	    err)) != 0)
		return rc;
	/* rectified already (fixed by hand, a second job), or out of play */
	if (strcmp(status, "pending") != 0)
		return 0;
	pm_id_format(w, wt, sizeof wt);
	snprintf(note, sizeof note, "work order %s done", wt);
	memset(&a, 0, sizeof a);
	a.text = result != NULL ? result : note;
	a.at = at;
	a.has_at = 1;
	if ((rc = act_run(ctx, "workorder_done", h, &a, 1, err)) == 0)
		*changed = 1;
	return rc;
}

/* The first max characters of s into out (n bytes), cut at a character. */
static void
cut_chars(const char *s, size_t max, char *out, size_t n)
{
	size_t i, chars = 0;

	for (i = 0; s[i] != '\0' && i + 1 < n; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
			break;
	}
	/* never end inside a character */
	while (i > 0 && i < strlen(s) && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	memcpy(out, s, i);
	out[i] = '\0';
}

int
pm_hazard_workorder_defaults(pm_ctx *ctx, pm_id h, pm_wo_defaults *d, pm_err *err)
{
	pm_stmt *st = NULL;
	const char *attr = NULL;
	char canon[200], idtext[24], title[260];
	pm_category *tree = NULL;
	int rc;

	memset(d, 0, sizeof *d);
	if ((rc = pm_db_prepare(ctx->db, "SELECT s.code, coalesce(h.place, h.point, b.code), "
	    "h.text, h.severity FROM hazard h JOIN site s ON s.id = h.site_id "
	    "LEFT JOIN building b ON b.id = h.building_id WHERE h.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, h.n);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		snprintf(d->site, sizeof d->site, "%s", pm_stmt_text(st, 0));
		cut_chars(pm_stmt_text(st, 1), 200, d->place, sizeof d->place);
		cut_chars(pm_stmt_text(st, 2), 60, title, sizeof title);
		snprintf(d->title, sizeof d->title, "%s %s", hid(h.n, idtext), title);
		snprintf(canon, sizeof canon, "%s", pm_stmt_text(st, 3));
		rc = 0;
	} else if (rc == 0) {
		rc = pm_err_set(err, PM_EX_NOINPUT, _("hazard %s: no such hazard"), hid(h.n, idtext));
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	if (rc != 0)
		return rc;
	/* the severity's priority; a severity since renamed in config: none */
	if ((rc = pm_category_load(ctx->cfg, &pm_hazard_severities, &tree, err)) != 0)
		return rc;
	if (pm_category_find(tree, canon, title, sizeof title, &attr, err) == 0)
		snprintf(d->priority, sizeof d->priority, "%s", attr);
	pm_category_free(tree);
	return 0;
}

/* ---- reading ------------------------------------------------------------------- */

/* As events (-o ics): a hazard is its deadline — the due time, the ID,
 * severity and the start of the text as the summary, where it is as the
 * location, the whole text first in the description. */
#define SUMMARY PM_COL_SUMMARY
#define WHERE PM_COL_LOCATION
const pm_col pm_hazard_cols[PM_HC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY | SUMMARY }, { "found", PM_C_TIME, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "severity", PM_C_TEXT, 12, 0, SUMMARY },
	{ "site", PM_C_ID, 0, 0, WHERE }, { "building", PM_C_ID, 0, 0, WHERE },
	{ "point", PM_C_ID, 0, 0, WHERE }, { "place", PM_C_TEXT, 16, 0, WHERE },
	{ "source", PM_C_ID, 0, 0, 0 }, { "found_by", PM_C_ID, 0, 0, 0 },
	{ "reporter", PM_C_TEXT, 0, PM_PII_NAME, 0 }, { "phone", PM_C_TEXT, 0, PM_PII_PHONE, 0 },
	{ "dept", PM_C_ID, 0, 0, 0 }, { "owner", PM_C_ID, 0, 0, 0 },
	{ "due", PM_C_TIME, 0, 0, PM_COL_START }, { "rectify_due", PM_C_TIME, 0, 0, 0 },
	{ "reinspect_due", PM_C_TIME, 0, 0, 0 }, { "clock", PM_C_TEXT, 0, 0, 0 },
	{ "rectified", PM_C_TIME, 0, 0, 0 }, { "fixer", PM_C_ID, 0, 0, 0 },
	{ "action", PM_C_TEXT, 30, 0, 0 }, { "verified", PM_C_TIME, 0, 0, 0 },
	{ "verifier", PM_C_ID, 0, 0, 0 }, { "fails", PM_C_INT, 0, 0, 0 },
	{ "note", PM_C_TEXT, 30, 0, 0 }, { "cancelled", PM_C_TIME, 0, 0, 0 },
	{ "reason", PM_C_TEXT, 30, 0, 0 }, { "level", PM_C_INT, 0, 0, 0 },
	{ "escalated", PM_C_TIME, 0, 0, 0 }, { "reopened", PM_C_INT, 0, 0, 0 },
	{ "text", PM_C_TEXT, 40, 0, SUMMARY | PM_COL_DESC },
};
#undef SUMMARY
#undef WHERE

enum { J_SITE = 1, J_BUILDING = 2, J_DEPT = 4, J_OWNER = 8, J_FINDER = 16, J_FIXER = 32,
	J_VERIFIER = 64 };
static const pm_lq_col hcol[PM_HC_N] = {
	{ "h.id", 0 }, { "h.found_at", 0 }, { "h.status", 0 }, { "h.severity", 0 },
	{ "s.code", J_SITE }, { "b.code", J_BUILDING }, { "h.point", 0 }, { "h.place", 0 },
	/* the round a patrol finding came from, else the kind of source */
	{ "CASE WHEN h.round_id IS NOT NULL THEN 'R' || h.round_id ELSE h.source_type END", 0 },
	{ "fb.login", J_FINDER }, { "h.reporter", 0 }, { "h.phone", 0 },
	{ "d.code", J_DEPT }, { "st.login", J_OWNER }, { "h.due_at", 0 }, { "h.rectify_due", 0 },
	{ "h.reinspect_due", 0 }, { "h.clock", 0 }, { "h.rectified_at", 0 },
	{ "fx.login", J_FIXER }, { "h.action", 0 }, { "h.verified_at", 0 },
	{ "vf.login", J_VERIFIER }, { "h.fails", 0 }, { "h.note", 0 }, { "h.cancelled_at", 0 },
	{ "h.reason", 0 }, { "h.esc_level", 0 }, { "h.escalated_at", 0 }, { "h.reopened", 0 },
	{ "h.text", 0 },
};
static const char *const joins[] = {
	" JOIN site s ON s.id = h.site_id",
	" LEFT JOIN building b ON b.id = h.building_id",
	" LEFT JOIN department d ON d.id = h.dept_id",
	" LEFT JOIN staff st ON st.id = h.assignee_id",
	" LEFT JOIN staff fb ON fb.id = h.found_by_id",
	" LEFT JOIN staff fx ON fx.id = h.fixer_id",
	" LEFT JOIN staff vf ON vf.id = h.verifier_id",
};

struct pm_hazard_iter {
	pm_stmt *st;
	pm_lq_sel sel;
	char id[24];
};

#define P(n) PM_LQ_P(n)

/* The statement: ?1 now, ?2 due limit, ?3 status, ?4 owner, ?5 dept,
 * ?6 site, ?7 severity, ?8 point, ?9 since, ?10 until, ?11 limit,
 * ?12 one id (listq.h builds and binds it). */
static int
listq_build(pm_ctx *ctx, const pm_hazard_filter *f, pm_listq *q, pm_err *err)
{
	int due = f->overdue || f->due_within > 0, rc;

	pm_listq_init(q, P(3) | P(7) | P(8));
	if (f->status != NULL && strcmp(f->status, "open") != 0 &&
	    !pm_lifecycle_in(pm_hazard_lifecycle.states, f->status))
		return pm_text_one_of(err, "status", f->status, "open (pending and rectified), "
		    "pending, rectified, verified, cancelled");
	if ((f->owner != NULL && (rc = pm_org_staff_id(ctx, f->owner, 0, &q->p[4], err)) != 0) ||
	    (f->dept != NULL && (rc = pm_org_dept_id(ctx, f->dept, 0, &q->p[5], err)) != 0) ||
	    ((f->site != NULL || f->point != NULL) &&
	    (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[6], err)) != 0))
		return rc;
	q->p[1] = ctx->now;
	q->p[2] = ctx->now + (f->due_within > 0 ? f->due_within : 0);
	q->t[3] = f->status;
	q->t[7] = f->severity;
	q->t[8] = f->point;
	q->p[9] = f->since;
	q->p[10] = f->until;
	q->p[11] = f->limit;
	q->p[12] = f->one;
	pm_listq_select(q, hcol, PM_HC_N, f->cols != 0 ? f->cols : ~UINT64_C(0), PM_HC_ID);
	pm_listq_from(q, " FROM hazard h", joins, (int)(sizeof joins / sizeof joins[0]));
	if (f->one != 0) {
		pm_listq_add(q, " WHERE h.id = ?12", P(12));
		return 0;
	}
	if (f->point != NULL && !due) {
		/* one checkpoint's hazards, every state: hazard_point finds them */
		pm_listq_add(q, " WHERE h.site_id = ?6 AND h.point = ?8 AND h.found_at <= ?1",
		    P(6) | P(8) | P(1));
		if (f->status != NULL)
			pm_listq_and(q, 1, "", "h.status || '' = ?3", P(3));
		else if (!f->history && !f->all)
			pm_listq_and(q, 1, "", "h.status <> 'verified' AND h.status <> 'cancelled'", 0);
	} else {
		pm_listq_state(q, &pm_hazard_lifecycle, "h", "found_at", f->status,
		    f->all || f->history, due, f->overdue);
		if (due && f->status != NULL && strcmp(f->status, "open") != 0)
			pm_listq_and(q, 1, "", "h.status || '' = ?3", P(3));
		if (f->site != NULL || f->point != NULL)
			pm_listq_and(q, due, "h.site_id = ?6", "+h.site_id = ?6", P(6));
		if (f->point != NULL)
			pm_listq_and(q, 1, "", "h.point || '' = ?8", P(8));
	}
	if (f->owner != NULL)
		pm_listq_and(q, due, "h.assignee_id = ?4", "+h.assignee_id = ?4", P(4));
	if (f->dept != NULL)
		pm_listq_and(q, due, "h.dept_id = ?5", "+h.dept_id = ?5", P(5));
	if (f->severity != NULL)
		pm_listq_and(q, due,
		    "(h.severity = ?7 OR substr(h.severity, 1, length(?7) + 1) = ?7 || '/')",
		    "(h.severity || '' = ?7 OR substr(h.severity, 1, length(?7) + 1) = ?7 || '/')",
		    P(7));
	if (f->has_since)
		pm_listq_and(q, due, "h.found_at >= ?9", "+h.found_at >= ?9", P(9));
	if (f->has_until)
		pm_listq_and(q, due, "h.found_at < ?10", "+h.found_at < ?10", P(10));
	if (due)
		pm_listq_add(q, " ORDER BY h.due_at, h.id", 0);
	else
		pm_listq_add(q, " ORDER BY h.found_at DESC, h.id DESC", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?11", P(11));
	return 0;
}

struct build { pm_ctx *ctx; const pm_hazard_filter *f; };

static int
build(void *arg, pm_listq *q, pm_err *err)
{
	struct build *b = arg;

	return listq_build(b->ctx, b->f, q, err);
}

int
pm_hazard_list(pm_ctx *ctx, const pm_hazard_filter *f, pm_hazard_iter **out, pm_err *err)
{
	struct build b = { ctx, f };
	pm_hazard_iter *it = pm_xcalloc(1, sizeof *it);
	int rc;

	*out = NULL;
	if ((rc = pm_listq_open(ctx->db, build, &b, &it->st, &it->sel, err)) != 0) {
		free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int
pm_hazard_next(pm_hazard_iter *it, pm_hazard_row *row, pm_err *err)
{
	int rc;

	if ((rc = pm_stmt_step(it->st, err)) != 1)
		return rc;
	pm_listq_cells(it->st, &it->sel, pm_hazard_cols, PM_HC_BIT(PM_HC_ID), row->c, PM_HC_N);
	if (!row->c[PM_HC_ID].null)
		row->c[PM_HC_ID].s = hid(row->c[PM_HC_ID].i, it->id);
	return 1;
}

void
pm_hazard_iter_free(pm_hazard_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

int
pm_hazard_list_plan(pm_ctx *ctx, const pm_hazard_filter *f, pm_buf *plan, pm_err *err)
{
	struct build b = { ctx, f };

	return pm_listq_explain(ctx->db, build, &b, plan, err);
}

const pm_perm_name pm_hazard_perm_names[] = {
	{ "hazard.report", "report a hazard found anywhere; add notes to hazards" },
	{ "hazard.assign", "name the department and person responsible for a hazard" },
	{ "hazard.fix", "record a hazard's rectification (整改)" },
	{ "hazard.verify", "re-inspect (复查) a rectified hazard: accept it or send it back" },
	{ "hazard.close", "cancel or reopen hazards" },
	{ "hazard.escalate", "escalate late hazards" },
	{ NULL, NULL }
};

/* ---- what hooks see of a hazard ------------------------------------------------ */

/* The hazard as it is now; who reported it, when not staff, masked
 * unless the hooks are configured to see it. */
static const pm_hook_field hook_fields[] = {
	{ "status", 's', 0 }, { "severity", 's', 0 }, { "site", 's', 0 },
	{ "building", 's', 0 }, { "point", 's', 0 }, { "place", 's', 0 }, { "source", 's', 0 },
	{ "found_by", 's', 0 }, { "department", 's', 0 }, { "owner", 's', 0 },
	{ "text", 's', 0 }, { "reporter", 's', PM_PII_NAME }, { "phone", 's', PM_PII_PHONE },
	{ "found_at", 't', 0 }, { "rectify_due", 't', 0 }, { "reinspect_due", 't', 0 },
	{ "due_at", 't', 0 }, { "esc_level", 'i', 0 }, { "checkin", 'i', 0 },
	{ NULL, 0, 0 }
};

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	return pm_hooks_record_row(ctx, "SELECT h.status, h.severity, s.code, b.code, h.point, "
	    "h.place, CASE WHEN h.round_id IS NOT NULL THEN 'R' || h.round_id ELSE h.source_type "
	    "END, fb.login, d.code, st.login, h.text, h.reporter, h.phone, h.found_at, "
	    "h.rectify_due, h.reinspect_due, h.due_at, h.esc_level, h.checkin_id "
	    "FROM hazard h JOIN site s ON s.id = h.site_id "
	    "LEFT JOIN building b ON b.id = h.building_id "
	    "LEFT JOIN staff fb ON fb.id = h.found_by_id "
	    "LEFT JOIN department d ON d.id = h.dept_id LEFT JOIN staff st ON st.id = h.assignee_id "
	    "WHERE h.id = ?1", id, hook_fields, clear, j, err);
}

const pm_hook_kind pm_hazard_hook_kind = { "hazard", 'H', hook_record };
