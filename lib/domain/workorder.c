/* workorder.c — the maintenance department's jobs; see workorder.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "calendar.h"
#include "category.h"
#include "deadline.h"
#include "equip.h"
#include "escalate.h"
#include "hooks.h"
#include "json.h"
#include "link.h"
#include "listq.h"
#include "money.h"
#include "org.h"
#include "text.h"
#include "unit.h"
#include "workorder.h"

/* Work pending: deadlines run, escalation climbs.  done waits on the
 * acceptance; verified and cancelled are out of play (the partial index
 * workorder_open leaves exactly these out). */
#define OPEN "new|assigned|in_progress|paused|reopened"
#define FINAL "verified|cancelled"

static int h_assign(pm_lc_step *s, pm_err *err);
static int h_dispatch(pm_lc_step *s, pm_err *err);
static int h_start(pm_lc_step *s, pm_err *err);
static int h_pause(pm_lc_step *s, pm_err *err);
static int h_resume(pm_lc_step *s, pm_err *err);
static int h_log(pm_lc_step *s, pm_err *err);
static int h_done(pm_lc_step *s, pm_err *err);
static int h_verify(pm_lc_step *s, pm_err *err);
static int h_fail(pm_lc_step *s, pm_err *err);
static int h_reopen(pm_lc_step *s, pm_err *err);
static int h_cancel(pm_lc_step *s, pm_err *err);

static const pm_transition transitions[] = {
	{ .verb = "assign", .from = "new|assigned|reopened", .to = "assigned",
	  .perm = "workorder.assign", .flags = PM_LC_DUE, .hook = h_assign,
	  .records = "department and assignee, the first assignment's time" },
	{ .verb = "dispatch", .from = "new|assigned|reopened", .to = "assigned",
	  .perm = "workorder.assign", .flags = PM_LC_DUE, .hook = h_dispatch,
	  .records = "the least-loaded member of the department serving the site" },
	{ .verb = "start", .from = "assigned|reopened", .to = "in_progress",
	  .perm = "workorder.work", .flags = PM_LC_DUE, .hook = h_start,
	  .records = "on site: the response time (the first one is kept)",
	  .hint_on = "new", .hint = "assign it first" },
	{ .verb = "pause", .from = "in_progress", .to = "paused",
	  .perm = "workorder.work", .flags = PM_LC_DUE, .hook = h_pause,
	  .records = "why (waiting for parts); the fix limit stops",
	  .hint_on = "new|assigned|reopened", .hint = "start it first" },
	{ .verb = "resume", .from = "paused", .to = "in_progress",
	  .perm = "workorder.work", .flags = PM_LC_DUE, .hook = h_resume,
	  .records = "the pause's length; the fixed due time moves by it" },
	{ .verb = "log", .from = "*", .perm = "workorder.work", .hook = h_log,
	  .records = "a note" },
	{ .verb = "done", .from = "in_progress", .to = "done",
	  .perm = "workorder.work", .flags = PM_LC_DUE, .hook = h_done,
	  .records = "the work, minutes, parts, cost, checklist results, the worker; "
	      "follow-up jobs; the source moves on",
	  .hint_on = "new|assigned|reopened|paused", .hint = "it must be in progress (start or resume it)" },
	{ .verb = "verify", .from = "done", .to = "verified",
	  .perm = "workorder.verify", .flags = PM_LC_DUE, .hook = h_verify,
	  .records = "the acceptance (验收), by someone other than the worker",
	  .hint_on = OPEN, .hint = "it must be done first" },
	{ .verb = "fail", .from = "done", .to = "reopened",
	  .perm = "workorder.verify", .flags = PM_LC_DUE, .hook = h_fail,
	  .records = "a failed acceptance and why: back to the worker",
	  .hint_on = OPEN, .hint = "it must be done first" },
	{ .verb = "reopen", .from = FINAL, .to = "reopened",
	  .perm = "workorder.close", .flags = PM_LC_DUE, .hook = h_reopen,
	  .records = "why; fixed due again from now" },
	{ .verb = "cancel", .from = OPEN "|done", .to = "cancelled",
	  .perm = "workorder.close", .flags = PM_LC_DUE, .hook = h_cancel,
	  .records = "why" },
	{ .verb = "escalate", .from = OPEN, .perm = "workorder.escalate", .flags = PM_LC_INTERNAL,
	  .records = "level and who is responsible" },
	/* written by done for the fee tool's hook (有偿维修) */
	{ .verb = "charge", .from = "*", .flags = PM_LC_INTERNAL,
	  .records = "a chargeable job done: unit and amount" },
	{ .verb = NULL }
};

const pm_lifecycle pm_workorder_lifecycle = {
	"workorder", "work order", 'W', "workorder",
	OPEN "|done|" FINAL, OPEN, FINAL, "new", NULL, transitions,
	/* someone on site, then the fix; nothing while paused */
	"CASE WHEN started_at IS NOT NULL THEN fix_due ELSE on_site_due END", "paused"
};

/* The built-in fault types: what a Chinese property company's
 * maintenance department sorts jobs by, with their default priority. */
static const pm_cat_entry builtin_types[] = {
	{ "电梯", NULL, "high" },
	{ "电梯", "困人", "urgent" },
	{ "电梯", "故障", "high" },
	{ "给排水", NULL, "normal" },
	{ "给排水", "漏水", "high" },
	{ "给排水", "堵塞", "normal" },
	{ "供配电", NULL, "high" },
	{ "供配电", "停电", "urgent" },
	{ "消防", NULL, "high" },
	{ "消防", "报警", "urgent" },
	{ "公共设施", NULL, "normal" },
	{ "公共设施", "门窗", "normal" },
	{ "公共设施", "照明", "normal" },
	{ "其他", NULL, "normal" },
};
#define DEFAULT_TYPE "其他"

const pm_cat_spec pm_workorder_types = {
	"workorder.types", "fault type", builtin_types,
	sizeof builtin_types / sizeof builtin_types[0], "priority", PM_PRIORITIES, "normal"
};

/* Built-in limits (DOMAIN.md): urgent repairs on site within 30
 * minutes, fixed within 4 hours; ordinary ones fixed within a working
 * day. */
static const pm_dl_rule default_limits[] = {
	{ { "urgent", NULL, NULL, NULL }, { "30min", "4h" }, PM_CLOCK_CALENDAR },
	{ { "high", NULL, NULL, NULL }, { "2h", "1d" }, PM_CLOCK_CALENDAR },
	{ { "low", NULL, NULL, NULL }, { "1d", "5d" }, PM_CLOCK_BUSINESS },
	{ { NULL, NULL, NULL, NULL }, { "4h", "1d" }, PM_CLOCK_BUSINESS },
};
static const char *const limit_keys[] = { "priority", "type" };
static const char *const limit_names[] = { "on_site", "fixed" };
enum { DL_ON_SITE, DL_FIXED };

/* ---- configuration ------------------------------------------------------ */

/* The limits, the fault-type tree their second key names, the calendar. */
static const pm_dl_decl time_policy = {
	{ "workorder.limits", limit_keys, 2, limit_names, 2, default_limits,
	  sizeof default_limits / sizeof default_limits[0], NULL, NULL },
	&pm_workorder_types, 1, { PM_PRIORITIES, NULL, NULL, NULL }
};

static int
config_check(const pm_config *cfg, pm_err *err)
{
	return pm_dl_policy_check(cfg, &time_policy, err);
}

static const pm_cfg_key config_keys[] = {
	{ "workorder.types", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the two-level tree of fault types and their default priorities "
	  "(category.c checks it)", NULL },
	{ "workorder.limits", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "on-site and fix limits per priority and fault type, first match wins "
	  "(deadline.c checks them)", NULL },
	{ "workorder.dept", PM_CFG_STR, "maint", NULL, 0, 0,
	  "the department that takes jobs naming none (and no equipment's)", NULL },
	{ "workorder.escalate_levels", PM_CFG_STR, "head,role:manager", NULL, 0, 0,
	  "who takes over a late job at each level above the assignee",
	  pm_org_escalate_check },
	{ "workorder.escalate_every", PM_CFG_SPAN, "4h", NULL, 60, 366 * 86400,
	  "further lateness after which a late job climbs one more level", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_workorder_config = { "workorder", config_keys, config_check };

/* ---- sources -------------------------------------------------------------- */

static pm_idreg sources;

int
pm_workorder_source_register(const pm_wo_source *s)
{
	return pm_idreg_add(&sources, s->idtype, s);
}

static const pm_wo_source *
source_of(char idtype)
{
	return pm_idreg_find(&sources, idtype);
}

/* ---- small helpers --------------------------------------------------------- */

static size_t
max_chars(pm_ctx *ctx)
{
	return (size_t)pm_config_int(ctx->cfg, "text.max_chars");
}

static const char *
wid(int64_t n, char *buf)
{
	pm_id id = { 'W', n };

	pm_id_format(id, buf, 24);
	return buf;
}

/* The job's fields the rules look at. */
struct wrec {
	int64_t id, site_id, dept_id, assignee_id, equip_id, unit_id, reported_at;
	int64_t started_at, paused_at, worker_id, source_id, charge;
	int has_started, has_paused, chargeable;
	char status[16], priority[8], type[200], clock[12], source[8];
};

static int
wrec_load(pm_ctx *ctx, int64_t id, struct wrec *w, pm_err *err)
{
	pm_stmt *st = NULL;
	char idtext[24];
	int rc;

	memset(w, 0, sizeof *w);
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, site_id, dept_id, assignee_id, "
	    "equipment_id, unit_id, reported_at, started_at, paused_at, worker_id, source_id, "
	    "charge_fen, chargeable, status, priority, type, clock, source_type "
	    "FROM workorder WHERE id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		w->id = pm_stmt_int(st, 0);
		w->site_id = pm_stmt_int(st, 1);
		w->dept_id = pm_stmt_int(st, 2);
		w->assignee_id = pm_stmt_int(st, 3);
		w->equip_id = pm_stmt_int(st, 4);
		w->unit_id = pm_stmt_int(st, 5);
		w->reported_at = pm_stmt_int(st, 6);
		w->has_started = !pm_stmt_null(st, 7);
		w->started_at = pm_stmt_int(st, 7);
		w->has_paused = !pm_stmt_null(st, 8);
		w->paused_at = pm_stmt_int(st, 8);
		w->worker_id = pm_stmt_int(st, 9);
		w->source_id = pm_stmt_int(st, 10);
		w->charge = pm_stmt_int(st, 11);
		w->chargeable = (int)pm_stmt_int(st, 12);
		snprintf(w->status, sizeof w->status, "%s", pm_stmt_text(st, 13));
		snprintf(w->priority, sizeof w->priority, "%s", pm_stmt_text(st, 14));
		snprintf(w->type, sizeof w->type, "%s", pm_stmt_text(st, 15));
		snprintf(w->clock, sizeof w->clock, "%s", pm_stmt_text(st, 16));
		snprintf(w->source, sizeof w->source, "%s", pm_stmt_text(st, 17));
		rc = 0;
	} else if (rc == 0) {
		rc = pm_err_set(err, PM_EX_NOINPUT, _("work order %s: no such work order"),
		    wid(id, idtext));
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* ---- equipment ------------------------------------------------------------ */

/* The equipment by code within a site or by row id (equip.h); new work
 * goes only to equipment in service (accepts). */
static int
equip_find(pm_ctx *ctx, int64_t site, const char *code, int64_t id, int accepts,
    pm_equip_ref *e, pm_err *err)
{
	int rc;

	memset(e, 0, sizeof *e);
	if ((rc = code != NULL ? pm_equip_find(ctx, site, code, e, err) :
	    pm_equip_get(ctx, id, e, err)) != 0)
		return rc;
	return accepts ? pm_equip_accepts_work(e, err) : 0;
}

/* ---- new ------------------------------------------------------------------ */

/* An occurrence key (recur.h pm_recur_key): YYYY-MM-DD, or YYYY-MM-DD
 * HH:MM for an hourly rule — the shapes the schema checks, month, day,
 * hour and minute in range. */
static int
occurrence_ok(const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0;
	int i, m, d;

	if ((len != 10 && len != 16) || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	if (len == 10)
		return 1;
	if (s[10] != ' ' || s[13] != ':')
		return 0;
	for (i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return (s[11] - '0') * 10 + (s[12] - '0') < 24 && s[14] < '6';
}

/* Both limits of a job of this priority and type from start, and the
 * clock they are counted in. */
static int
compute_due(pm_dl_policy *p, const char *priority, const char *type, pm_time start,
    pm_time *on_site, pm_time *fixed, pm_clock *clock, pm_err *err)
{
	const char *attrs[2] = { priority, type };
	const pm_dl_rule *r;
	pm_time due[2];
	int rc;

	if ((r = pm_deadline_match(p->dl, attrs)) == NULL)
		return pm_err_set(err, PM_EX_CONFIG, _("no time limit rule matches"));
	if ((rc = pm_deadline_due(p->dl, p->cal, attrs, start, due, err)) != 0)
		return rc;
	*on_site = due[DL_ON_SITE];
	*fixed = due[DL_FIXED];
	*clock = r->clock;
	return 0;
}

static int act_run(pm_ctx *ctx, pm_dl_policy *pol, const char *verb, pm_id id, pm_wo_act *a,
	pm_err *err);
static int assign_resolve(pm_ctx *ctx, const pm_wo_act *a, int64_t *dept, int64_t *who,
	pm_err *err);
static void assign_data(pm_lc_step *s, const pm_wo_act *a);

/*
 * Insert a job (in checked); the caller checked the permission.
 * assign_ok, when not NULL, remembers across the caller's jobs that the
 * actor may assign (a batch's).
 */
static int
wo_insert(pm_ctx *ctx, pm_dl_policy *p, const pm_wo_in *in, pm_id *id, int *existed,
    int *assign_ok, pm_err *err)
{
	const char *typeprio = "normal", *priority;
	char canon[200], src[8], stext[24];
	pm_time reported = in->has_reported ? in->reported : ctx->now, on_site = 0, fixed = 0;
	int64_t site = 0, unit = 0, building = 0, dept = 0, row, n;
	const pm_wo_source *h = NULL;
	pm_equip_ref e;
	pm_unit_ref u;
	pm_clock clock = PM_CLOCK_CALENDAR;
	pm_lc_step s, as;
	pm_wo_act a;
	int64_t who = 0;
	int found, rc, i, direct = 0;

	*existed = 0;
	memset(&e, 0, sizeof e);
	memset(&s, 0, sizeof s);
	memset(&as, 0, sizeof as);
	memset(&a, 0, sizeof a);
	if ((rc = pm_text_need(in->title, "title", err)) != 0 ||
	    (rc = pm_text_field(in->title, 200, "title", err)) != 0 ||
	    (rc = pm_text_field(in->text, max_chars(ctx), "text", err)) != 0 ||
	    (rc = pm_text_field(in->place, 200, "place", err)) != 0)
		return rc;
	if (in->priority != NULL && !pm_priority_valid(in->priority))
		return pm_text_one_of(err, "priority", in->priority, PM_PRIORITIES);
	if (in->unit != NULL && in->place != NULL)
		return pm_err_field(err, PM_EX_USAGE, "place", _("a unit or a place, not both"));
	if (in->unit != NULL && (in->equip != NULL || in->equip_id != 0))
		return pm_err_field(err, PM_EX_USAGE, "unit", _("equipment or a unit, not both"));
	if ((in->plan_item != 0) != (in->occurrence != NULL))
		return pm_err_set(err, PM_EX_USAGE, _("a plan occurrence needs its plan item and date"));
	if (in->occurrence != NULL && !occurrence_ok(in->occurrence))
		return pm_err_field(err, PM_EX_USAGE, "occurrence",
		    _("occurrence: a date YYYY-MM-DD, or YYYY-MM-DD HH:MM"));
	if (in->has_due && in->plan_item == 0)
		return pm_err_field(err, PM_EX_USAGE, "due", _("a due time is a plan occurrence's"));
	if (in->est_minutes < 0 || in->est_minutes > 100000)
		return pm_err_field(err, PM_EX_USAGE, "minutes", _("minutes: 1 to 100000"));
	if (in->plan_item != 0 && in->from.type != 0)
		return pm_err_set(err, PM_EX_USAGE, _("a plan occurrence has no other source"));
	if (in->has_reported && in->reported > ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "reported", _("reported is in the future"));
	if (in->from.type != 0 && in->from.type != 'W' && (h = source_of(in->from.type)) == NULL) {
		const pm_idkind *k = pm_idkind_of(in->from.type);
		pm_id_format(in->from, stext, sizeof stext);
		return pm_err_field(err, PM_EX_DATAERR, "from", _("%s: work orders are not made "
		    "from records of this kind (%s)"), stext, k != NULL ? k->what : "?");
	}
	/* the site: named, else the equipment's, else the only one */
	if (in->equip_id != 0) {
		if ((rc = equip_find(ctx, 0, NULL, in->equip_id, 1, &e, err)) != 0)
			return rc;
		site = e.site_id;
	}
	if ((in->site != NULL || site == 0) &&
	    (rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site, err)) != 0)
		return rc;
	if (in->equip != NULL && (rc = equip_find(ctx, site, in->equip, 0, 1, &e, err)) != 0)
		return rc;
	if (e.id != 0 && e.site_id != site)
		return pm_err_field(err, PM_EX_DATAERR, "site", _("the equipment is at another site"));
	if (in->plan_item != 0 && e.id == 0)
		return pm_err_field(err, PM_EX_USAGE, "equipment", _("a plan occurrence names its equipment"));
	/* a plan occurrence that has its job already: that job */
	if (in->plan_item != 0) {
		if ((rc = pm_db_get_int(ctx->db, err, &row, &found, "SELECT id FROM workorder WHERE "
		    "plan_item_id = ?1 AND equipment_id = ?2 AND occurrence = ?3", "iit",
		    in->plan_item, e.id, in->occurrence)) != 0)
			return rc;
		if (found) {
			id->type = 'W';
			id->n = row;
			*existed = 1;
			return 0;
		}
	}
	if (in->unit != NULL) {
		if ((rc = pm_unit_find(ctx, site, in->unit, &u, err)) != 0)
			return rc;
		unit = u.id;
		building = u.building_id;
	} else {
		building = e.building_id;
	}
	if (in->has_charge && unit == 0)
		return pm_err_field(err, PM_EX_DATAERR, "charge", _("a chargeable job needs a unit"));
	if ((rc = pm_category_find(p->tree, in->type != NULL ? in->type : DEFAULT_TYPE, canon,
	    sizeof canon, &typeprio, err)) != 0)
		return rc;
	priority = in->priority != NULL ? in->priority : typeprio;
	if (in->dept != NULL) {
		if ((rc = pm_org_dept_id(ctx, in->dept, PM_ORG_ACTIVE, &dept, err)) != 0)
			return rc;
	} else if (e.dept_id != 0) {
		dept = e.dept_id;
	} else if ((rc = pm_org_dept_id(ctx, pm_config_str(ctx->cfg, "workorder.dept"),
	    PM_ORG_ACTIVE, &dept, err)) != 0) {
		return pm_err_prefix(err, "%s", "workorder.dept");
	}
	for (i = 0; i < in->nchecklist; i++)
		if ((rc = pm_text_field(in->checklist[i], 200, "checklist", err)) != 0)
			return rc;
	/* a planned job is due when its occurrence is: the plan's date is
	 * its limit, both of them, and workorder.limits (fault response)
	 * does not apply */
	if (in->has_due) {
		on_site = fixed = in->due;
		clock = PM_CLOCK_CALENDAR;
	} else if ((rc = compute_due(p, priority, canon, reported, &on_site, &fixed, &clock,
	    err)) != 0) {
		return rc;
	}
	/* a person named at creation (a plan item's): assigned as assign
	 * does it, its own event.  When no hook sees the "new" event (a
	 * hook reads the record as it is then), the job is inserted
	 * assigned already: the same rows, the same events, one statement
	 * instead of an insert, three updates and the reads between them. */
	if (in->assignee != NULL) {
		a.to = in->assignee;
		a.dept = in->dept;
		a.at = reported;
		a.has_at = 1;
		direct = in->from.type == 0 &&
		    !pm_hooks_watched(ctx, pm_workorder_lifecycle.entity, "new");
	}
	if (direct) {
		if ((assign_ok == NULL || !*assign_ok) &&
		    (rc = pm_perm_check(ctx, pm_lifecycle_find(&pm_workorder_lifecycle,
		    "assign")->perm, err)) != 0)
			return rc;
		if (assign_ok != NULL)
			*assign_ok = 1;
		if ((rc = assign_resolve(ctx, &a, &dept, &who, err)) != 0)
			return rc;
	}
	if (in->plan_item != 0)
		snprintf(src, sizeof src, "plan");
	else if (in->from.type != 0)
		snprintf(src, sizeof src, "%c", in->from.type);
	else
		snprintf(src, sizeof src, "staff");
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO workorder (site_id, title, text, "
	    "source_type, source_id, plan_item_id, occurrence, equipment_id, building_id, unit_id, "
	    "place, type, priority, dept_id, reported_at, clock, on_site_due, fix_due, chargeable, "
	    "charge_fen, plan_version, est_minutes, status, assignee_id, assigned_at) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
	    "?19, ?20, ?21, ?22, ?23, ?24, ?25)",
	    in->has_charge ? "itTtIITIIITttIitiiiiIItII" : "itTtIITIIITttIitiiiIIItII",
	    site, in->title, in->text, src, in->from.type != 0 ? in->from.n : (int64_t)0,
	    in->plan_item, in->occurrence, e.id, building, unit, in->place, canon, priority, dept,
	    reported, clock == PM_CLOCK_BUSINESS ? "business" : "calendar", on_site, fixed,
	    (int64_t)(in->has_charge != 0), in->has_charge ? in->charge : (int64_t)0,
	    in->plan_item != 0 ? (in->plan_version > 0 ? in->plan_version : (int64_t)1) :
	    (int64_t)0, in->est_minutes, direct ? "assigned" : pm_workorder_lifecycle.initial, who,
	    direct ? reported : (int64_t)0)) != 0)
		return rc;
	row = pm_db_last_id(ctx->db);
	id->type = 'W';
	id->n = row;
	for (i = 0, n = 1; i < in->nchecklist; i++)
		if ((rc = pm_db_run(ctx->db, err, "INSERT INTO checklist_result (workorder_id, n, "
		    "item) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING", "iit", row, n,
		    in->checklist[i])) != 0)
			return rc;
		else if (pm_db_changes(ctx->db) > 0)
			n++;
	if ((rc = pm_lifecycle_due(ctx, &pm_workorder_lifecycle, row,
	    direct ? "assigned" : pm_workorder_lifecycle.initial, err)) != 0)
		return rc;
	pm_lifecycle_created(ctx, &pm_workorder_lifecycle, row, &s);
	s.at = reported;
	pm_lifecycle_s(&s, "title", in->title);
	pm_lifecycle_s(&s, "type", canon);
	pm_lifecycle_s(&s, "priority", priority);
	if (in->from.type != 0) {
		pm_id_format(in->from, stext, sizeof stext);
		pm_lifecycle_s(&s, "source", stext);
	} else {
		pm_lifecycle_s(&s, "source", src);
	}
	if (in->plan_item != 0) {
		pm_lifecycle_i(&s, "plan_item", in->plan_item);
		pm_lifecycle_s(&s, "occurrence", in->occurrence);
	}
	pm_lifecycle_t(&s, "on_site_due", on_site);
	pm_lifecycle_limit(&s, "fix_due", fixed);
	if (in->has_charge)
		pm_lifecycle_i(&s, "charge_fen", in->charge);
	if ((rc = pm_lifecycle_finish(&s, err)) != 0)
		goto out;
	/* both ends: the source's own event through its handler */
	if (h != NULL)
		rc = h->link(ctx, in->from, *id, err);
	else if (in->from.type == 'W')
		rc = pm_link_add(ctx, in->from, *id, "followup", NULL, err);
	if (rc != 0 || in->assignee == NULL)
		goto out;
	if (!direct) {
		rc = act_run(ctx, p, "assign", *id, &a, err);
		goto out;
	}
	/* assign's event and audit row; its columns are in the row */
	if ((rc = pm_lifecycle_written(ctx, &pm_workorder_lifecycle, "assign", row,
	    pm_workorder_lifecycle.initial, &as, err)) == 0) {
		as.at = reported;
		assign_data(&as, &a);
		rc = pm_lifecycle_finish(&as, err);
	}
out:
	pm_lifecycle_end(&as);
	pm_lifecycle_end(&s);
	return rc;
}

/* wo_insert, with what in leaves out taken from its source record when
 * the source's handler offers defaults. */
static int
wo_create(pm_ctx *ctx, pm_dl_policy *p, const pm_wo_in *in, pm_id *id, int *existed,
    int *assign_ok, pm_err *err)
{
	const pm_wo_source *h;
	pm_wo_defaults d;
	pm_wo_in own;
	int rc;

	if (in->from.type == 0 || (h = source_of(in->from.type)) == NULL || h->defaults == NULL)
		return wo_insert(ctx, p, in, id, existed, assign_ok, err);
	memset(&d, 0, sizeof d);
	if ((rc = h->defaults(ctx, in->from, &d, err)) != 0)
		return rc;
	own = *in;
	if (own.site == NULL && own.equip_id == 0 && d.site[0] != '\0')
		own.site = d.site;
	if (own.place == NULL && own.unit == NULL && d.place[0] != '\0')
		own.place = d.place;
	if (own.title == NULL && d.title[0] != '\0')
		own.title = d.title;
	if (own.priority == NULL && d.priority[0] != '\0')
		own.priority = d.priority;
	return wo_insert(ctx, p, &own, id, existed, assign_ok, err);
}

struct pm_wo_batch {
	pm_ctx *ctx;
	pm_dl_policy p;
	int assign_ok;          /* the actor may assign: checked once */
};

int
pm_workorder_batch_open(pm_ctx *ctx, pm_wo_batch **out, pm_err *err)
{
	pm_wo_batch *b;
	int rc;

	*out = NULL;
	if ((rc = pm_perm_check(ctx, "workorder.new", err)) != 0)
		return rc;
	b = pm_xcalloc(1, sizeof *b);
	b->ctx = ctx;
	if ((rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &b->p, err)) != 0) {
		free(b);
		return rc;
	}
	*out = b;
	return 0;
}

int
pm_workorder_batch_new(pm_wo_batch *b, const pm_wo_in *in, pm_id *id, int *existed,
    pm_err *err)
{
	return wo_create(b->ctx, &b->p, in, id, existed, &b->assign_ok, err);
}

void
pm_workorder_batch_free(pm_wo_batch *b)
{
	if (b == NULL)
		return;
	pm_dl_policy_free(&b->p);
	free(b);
}

int
pm_workorder_new(pm_ctx *ctx, const pm_wo_in *in, pm_id *id, int *existed, pm_err *err)
{
	pm_wo_batch *b;
	int rc;

	*existed = 0;
	if ((rc = pm_workorder_batch_open(ctx, &b, err)) != 0)
		return rc;
	rc = pm_workorder_batch_new(b, in, id, existed, err);
	pm_workorder_batch_free(b);
	return rc;
}

/* ---- the other verbs -------------------------------------------------------- */

struct act {
	pm_dl_policy *p;       /* own, or the batch's */
	pm_dl_policy own;
	struct wrec w;
	pm_wo_act *a;
};

/* Set dept and assignee; who 0 keeps the assignee. */
static int
put_assignee(pm_lc_step *s, int64_t dept, int64_t who, pm_err *err)
{
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET dept_id = ?2, assignee_id = ?3, "
	    "assigned_at = coalesce(assigned_at, ?4) WHERE id = ?1", "iIIi", s->id, dept, who,
	    s->at);
}

/* The department and person an assignment leaves the job with, from
 * the job's own (*dept, *who): org's rule for every assignment. */
static int
assign_resolve(pm_ctx *ctx, const pm_wo_act *a, int64_t *dept, int64_t *who, pm_err *err)
{
	return pm_org_assign_target(ctx, a->to, a->dept, dept, who, err);
}

/* What an assignment records in its event. */
static void
assign_data(pm_lc_step *s, const pm_wo_act *a)
{
	if (a->to != NULL)
		pm_lifecycle_s(s, "assignee", a->to);
	if (a->dept != NULL)
		pm_lifecycle_s(s, "dept", a->dept);
}

static int
h_assign(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t dept = x->w.dept_id, who = x->w.assignee_id;
	int rc;

	if ((rc = assign_resolve(s->ctx, x->a, &dept, &who, err)) != 0)
		return rc;
	assign_data(s, x->a);
	return put_assignee(s, dept, who, err);
}

/*
 * The least-loaded active member of the department who serves the
 * site: the fewest jobs assigned to them and not yet done, ties to the
 * first login.  The count reads the partial index workorder_assignee_open.
 */
static int
h_dispatch(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t dept = x->w.dept_id, who = 0;
	char login[33] = "", code[40];
	pm_stmt *st = NULL;
	int found, rc;

	if (dept == 0 && (rc = pm_org_dept_id(s->ctx, pm_config_str(s->ctx->cfg,
	    "workorder.dept"), PM_ORG_ACTIVE, &dept, err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(s->ctx->db, "SELECT s.id, s.login FROM staff s "
	    "JOIN staff_site ss ON ss.staff_id = s.id AND ss.site_id = ?2 "
	    "WHERE s.dept_id = ?1 AND s.active = 1 ORDER BY (SELECT count(*) FROM workorder w "
	    "WHERE w.assignee_id = s.id AND w.status <> 'verified' AND w.status <> 'cancelled' "
	    "AND w.status <> 'done'), s.login LIMIT 1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, dept);
	pm_stmt_bind_int(st, 2, x->w.site_id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		who = pm_stmt_int(st, 0);
		snprintf(login, sizeof login, "%s", pm_stmt_text(st, 1));
		rc = 0;
	} else if (rc == 0) {
		code[0] = '\0';
		pm_db_get_text(s->ctx->db, err, code, sizeof code, &found,
		    "SELECT code FROM department WHERE id = ?1", "i", dept);
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s: no active member of department %s "
		    "serves its site"), s->idtext, code);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	if (rc != 0)
		return rc;
	snprintf(x->a->who, sizeof x->a->who, "%s", login);
	pm_lifecycle_s(s, "assignee", login);
	return put_assignee(s, dept, who, err);
}

static int
h_start(pm_lc_step *s, pm_err *err)
{
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET started_at = "
	    "coalesce(started_at, ?2) WHERE id = ?1", "ii", s->id, s->at);
}

static int
h_pause(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET paused_at = ?2, "
	    "pauses = pauses + 1, reason = ?3 WHERE id = ?1", "iit", s->id, s->at, x->a->text);
}

/* The pause ends: its wall-clock seconds are kept, and the fixed due
 * time moves by the pause in the limit's own clock. */
static int
end_pause(pm_lc_step *s, const struct act *x, pm_err *err)
{
	const struct wrec *w = &x->w;
	int64_t wall, shift;
	pm_time fix = 0;
	int found, rc;

	if (!w->has_paused)
		return 0;
	wall = s->at > w->paused_at ? s->at - w->paused_at : 0;
	if ((rc = pm_db_get_int(s->ctx->db, err, &fix, &found, "SELECT fix_due FROM workorder "
	    "WHERE id = ?1", "i", s->id)) != 0)
		return rc;
	if (strcmp(w->clock, "business") == 0) {
		shift = pm_calendar_between(x->p->cal, w->paused_at, s->at);
		if (shift > 0 && (rc = pm_calendar_add(x->p->cal, fix, shift, &fix, err)) != 0)
			return rc;
	} else {
		shift = wall;
		fix += wall;
	}
	pm_lifecycle_i(s, "paused_s", wall);
	pm_lifecycle_limit(s, "fix_due", fix);
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET paused_s = paused_s + ?2, "
	    "paused_at = NULL, fix_due = ?3 WHERE id = ?1", "iii", s->id, wall, fix);
}

static int
h_resume(pm_lc_step *s, pm_err *err)
{
	return end_pause(s, s->arg, err);
}

static int
h_log(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;

	return pm_text_need(x->a->text, "text", err);
}

int
pm_workorder_part_parse(const char *s, char *name, size_t n, int64_t *qty, int64_t *price,
    pm_err *err)
{
	const char *c2 = strrchr(s, ':'), *c1 = NULL, *p;
	char q[24], m[64];
	int64_t v = 0;
	pm_buf b;

	for (p = s; c2 != NULL && p < c2; p++)
		if (*p == ':')
			c1 = p;
	if (c1 == NULL || c1 == s || (size_t)(c1 - s) > 400 || c2 - c1 - 1 <= 0 ||
	    c2 - c1 - 1 >= (long)sizeof q || strlen(c2 + 1) >= sizeof m) {
		pm_buf_init(&b);
		pm_err_field(err, PM_EX_USAGE, "part", _("part %s: NAME:QTY:PRICE"), pm_text_quote(&b, s));
		pm_buf_free(&b);
		return PM_EX_USAGE;
	}
	snprintf(name, n, "%.*s", (int)(c1 - s), s);
	if (pm_text_check(name, strlen(name), 100, "part", err) != 0)
		return err->status = PM_EX_USAGE;
	memcpy(q, c1 + 1, (size_t)(c2 - c1 - 1));
	q[c2 - c1 - 1] = '\0';
	for (p = q; *p != '\0'; p++) {
		if (*p < '0' || *p > '9' || v > 1000000)
			break;
		v = v * 10 + (*p - '0');
	}
	if (*p != '\0' || v < 1 || v > 1000000 || q[0] == '0')
		return pm_err_field(err, PM_EX_USAGE, "part", _("part %s: quantity %s: a whole "
		    "number from 1 to 1000000"), name, q);
	snprintf(m, sizeof m, "%s", c2 + 1);
	if (pm_money_parse(m, 0, price, err) != 0) {
		err->status = PM_EX_USAGE;
		return pm_err_prefix(err, _("part %s: price"), name);
	}
	*qty = v;
	return 0;
}

int
pm_workorder_check_parse(const char *s, char *item, size_t n, char *result, size_t rn,
    char *note, size_t nn, pm_err *err)
{
	const char *eq = strchr(s, '='), *r, *colon;
	size_t len;
	pm_buf b;

	if (eq == NULL || eq == s || (size_t)(eq - s) >= n || (size_t)(eq - s) > 800) {
		pm_buf_init(&b);
		pm_err_field(err, PM_EX_USAGE, "check", _("check %s: ITEM=pass|flag|fail[:NOTE]"),
		    pm_text_quote(&b, s));
		pm_buf_free(&b);
		return PM_EX_USAGE;
	}
	snprintf(item, n, "%.*s", (int)(eq - s), s);
	if (pm_text_check(item, strlen(item), 200, "check", err) != 0)
		return err->status = PM_EX_USAGE;
	r = eq + 1;
	colon = strchr(r, ':');
	len = colon != NULL ? (size_t)(colon - r) : strlen(r);
	if (!((len == 4 && (memcmp(r, "pass", 4) == 0 || memcmp(r, "flag", 4) == 0 ||
	    memcmp(r, "fail", 4) == 0))) || rn < 5)
		return pm_err_field(err, PM_EX_USAGE, "check", _("check %s: the result is pass, "
		    "flag or fail"), item);
	snprintf(result, rn, "%.*s", (int)len, r);
	note[0] = '\0';
	if (colon != NULL) {
		if (strlen(colon + 1) >= nn || strlen(colon + 1) > 2000 || colon[1] == '\0')
			return pm_err_field(err, PM_EX_USAGE, "check", _("check %s: the note is empty "
			    "or longer than 500 characters"), item);
		snprintf(note, nn, "%s", colon + 1);
		if (pm_text_check(note, strlen(note), 500, "check", err) != 0)
			return err->status = PM_EX_USAGE;
	}
	return 0;
}

/* A follow-up job for a flagged or failed checklist item of job w. */
static int
followup(pm_lc_step *s, struct act *x, const char *item, const char *note, int64_t *fid,
    pm_err *err)
{
	const struct wrec *w = &x->w;
	char title[260], code[40], site[40], unit[40], place[210], dept[40];
	pm_wo_in in;
	pm_id id;
	int existed, found, rc;

	memset(&in, 0, sizeof in);
	snprintf(title, sizeof title, "%s (%s)", item, s->idtext);
	in.title = title;
	in.text = note[0] ? note : NULL;
	in.type = w->type;
	in.from.type = 'W';
	in.from.n = w->id;
	code[0] = unit[0] = place[0] = dept[0] = site[0] = '\0';
	if ((rc = pm_db_get_text(s->ctx->db, err, site, sizeof site, &found,
	    "SELECT code FROM site WHERE id = ?1", "i", w->site_id)) != 0 ||
	    (w->equip_id != 0 && (rc = pm_db_get_text(s->ctx->db, err, code, sizeof code, &found,
	    "SELECT code FROM equipment WHERE id = ?1", "i", w->equip_id)) != 0) ||
	    (w->unit_id != 0 && (rc = pm_db_get_text(s->ctx->db, err, unit, sizeof unit, &found,
	    "SELECT code FROM unit WHERE id = ?1", "i", w->unit_id)) != 0) ||
	    (rc = pm_db_get_text(s->ctx->db, err, place, sizeof place, &found,
	    "SELECT place FROM workorder WHERE id = ?1", "i", w->id)) != 0 ||
	    (w->dept_id != 0 && (rc = pm_db_get_text(s->ctx->db, err, dept, sizeof dept, &found,
	    "SELECT code FROM department WHERE id = ?1", "i", w->dept_id)) != 0))
		return rc;
	in.site = site;
	in.equip = code[0] ? code : NULL;
	in.unit = unit[0] ? unit : NULL;
	in.place = place[0] && !unit[0] ? place : NULL;
	in.dept = dept[0] ? dept : NULL;
	if ((rc = wo_create(s->ctx, x->p, &in, &id, &existed, NULL, err)) != 0)
		return rc;
	*fid = id.n;
	return 0;
}

/* The checklist results of done: each named item set (or added), then
 * every item must have one; flagged and failed ones get a follow-up. */
static int
record_checks(pm_lc_step *s, struct act *x, pm_err *err)
{
	const pm_wo_act *a = x->a;
	char item[201], result[8], note[501], fidt[24];
	int64_t n, left, fid;
	int found, rc, i;

	for (i = 0; i < a->nchecks; i++) {
		if ((rc = pm_workorder_check_parse(a->checks[i], item, sizeof item, result,
		    sizeof result, note, sizeof note, err)) != 0)
			return rc;
		if ((rc = pm_db_run(s->ctx->db, err, "UPDATE checklist_result SET result = ?3, "
		    "note = ?4 WHERE workorder_id = ?1 AND item = ?2", "ittT", s->id, item, result,
		    note)) != 0)
			return rc;
		if (pm_db_changes(s->ctx->db) == 0) {
			if ((rc = pm_db_get_int(s->ctx->db, err, &n, &found, "SELECT coalesce(max(n), 0) + 1 "
			    "FROM checklist_result WHERE workorder_id = ?1", "i", s->id)) != 0 ||
			    (rc = pm_db_run(s->ctx->db, err, "INSERT INTO checklist_result (workorder_id, "
			    "n, item, result, note) VALUES (?1, ?2, ?3, ?4, ?5)", "iittT", s->id, n, item,
			    result, note)) != 0)
				return rc;
		}
	}
	if ((rc = pm_db_get_int(s->ctx->db, err, &left, &found, "SELECT count(*) FROM "
	    "checklist_result WHERE workorder_id = ?1 AND result IS NULL", "i", s->id)) != 0)
		return rc;
	if (left > 0)
		return pm_err_field(err, PM_EX_DATAERR, "check", _("%s: %lld checklist items are not "
		    "checked"), s->idtext, (long long)left);
	/* the follow-ups, in checklist order, one item at a time (each is
	 * marked with its follow-up, so the next read finds the next) */
	pm_json_arr(&s->data, "followups");
	pm_json_arr(&s->after, "followups");
	s->ndata++;
	for (;;) {
		if ((rc = pm_db_get_int(s->ctx->db, err, &n, &found, "SELECT n FROM "
		    "checklist_result WHERE workorder_id = ?1 AND (result = 'flag' OR "
		    "result = 'fail') AND followup_id IS NULL ORDER BY n LIMIT 1", "i", s->id)) != 0 ||
		    !found)
			break;
		if ((rc = pm_db_get_text(s->ctx->db, err, item, sizeof item, &found, "SELECT item "
		    "FROM checklist_result WHERE workorder_id = ?1 AND n = ?2", "ii", s->id, n)) != 0 ||
		    (rc = pm_db_get_text(s->ctx->db, err, note, sizeof note, &found, "SELECT "
		    "coalesce(note, '') FROM checklist_result WHERE workorder_id = ?1 AND n = ?2",
		    "ii", s->id, n)) != 0 ||
		    (rc = followup(s, x, item, note, &fid, err)) != 0 ||
		    (rc = pm_db_run(s->ctx->db, err, "UPDATE checklist_result SET followup_id = ?3 "
		    "WHERE workorder_id = ?1 AND n = ?2", "iii", s->id, n, fid)) != 0)
			break;
		wid(fid, fidt);
		pm_json_s(&s->data, NULL, fidt);
		pm_json_s(&s->after, NULL, fidt);
		x->a->followups++;
	}
	pm_json_end(&s->data);
	pm_json_end(&s->after);
	return rc;
}

static int
h_done(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const pm_wo_act *a = x->a;
	char name[101];
	int64_t qty, price, line, parts = 0, n;
	int rc, i;

	if ((rc = pm_text_need(a->text, "work", err)) != 0 ||
	    (rc = pm_text_field(a->text, max_chars(s->ctx), "work", err)) != 0)
		return rc;
	if (a->has_charge && x->w.unit_id == 0)
		return pm_err_field(err, PM_EX_DATAERR, "charge", _("a chargeable job needs a unit"));
	if ((rc = pm_db_get_int(s->ctx->db, err, &n, NULL, "SELECT coalesce(max(n), 0) FROM "
	    "part_use WHERE workorder_id = ?1", "i", s->id)) != 0)
		return rc;
	for (i = 0; i < a->nparts; i++) {
		if ((rc = pm_workorder_part_parse(a->parts[i], name, sizeof name, &qty, &price,
		    err)) != 0)
			return rc;
		if (pm_money_mul(price, qty, &line) != 0 || pm_money_add(parts, line, &parts) != 0)
			return pm_err_field(err, PM_EX_USAGE, "part", _("parts: the amount is too large"));
		if ((rc = pm_db_run(s->ctx->db, err, "INSERT INTO part_use (workorder_id, n, name, "
		    "qty, price_fen) VALUES (?1, ?2, ?3, ?4, ?5)", "iitii", s->id, ++n, name, qty,
		    price)) != 0)
			return rc;
	}
	if ((rc = record_checks(s, x, err)) != 0)
		return rc;
	if ((rc = pm_db_run(s->ctx->db, err, "UPDATE workorder SET done_at = ?2, work = ?3, "
	    "minutes = CASE WHEN ?4 = 1 THEN ?5 ELSE minutes END, parts_fen = parts_fen + ?6, "
	    "cost_fen = CASE WHEN ?7 = 1 THEN ?8 ELSE parts_fen + ?6 END, worker_id = ?9, "
	    "chargeable = CASE WHEN ?10 = 1 THEN 1 ELSE chargeable END, "
	    "charge_fen = CASE WHEN ?10 = 1 THEN ?11 ELSE charge_fen END WHERE id = ?1",
	    "iitiiiiiIii", s->id, s->at, a->text, (int64_t)a->has_minutes, a->minutes, parts,
	    (int64_t)a->has_cost, a->cost, pm_org_actor_id(s->ctx), (int64_t)a->has_charge,
	    a->charge)) != 0)
		return rc;
	if (a->has_minutes)
		pm_lifecycle_i(s, "minutes", a->minutes);
	pm_lifecycle_i(s, "parts_fen", parts);
	if (a->has_cost)
		pm_lifecycle_i(s, "cost_fen", a->cost);
	return 0;
}

/* After done is written: the source moves on, and a chargeable job
 * tells the fee tool's hook. */
static int
after_done(pm_ctx *ctx, struct act *x, pm_time at, pm_err *err)
{
	const struct wrec *w = &x->w;
	const pm_wo_source *h;
	pm_id src, self = { 'W', w->id };
	char unit[40];
	int64_t charge;
	int changed, chargeable, found, rc;
	pm_lc_step s;

	if (w->source[1] == '\0' && w->source_id != 0 && (h = source_of(w->source[0])) != NULL) {
		src.type = w->source[0];
		src.n = w->source_id;
		if ((rc = h->done(ctx, src, self, at, x->a->text, &changed, err)) != 0)
			return rc;
	}
	if ((rc = pm_db_get_int(ctx->db, err, &charge, &found, "SELECT coalesce(charge_fen, -1) "
	    "FROM workorder WHERE id = ?1", "i", w->id)) != 0)
		return rc;
	chargeable = charge >= 0;
	if (!chargeable)
		return 0;
	unit[0] = '\0';
	if ((rc = pm_db_get_text(ctx->db, err, unit, sizeof unit, &found, "SELECT u.code FROM "
	    "workorder w JOIN unit u ON u.id = w.unit_id WHERE w.id = ?1", "i", w->id)) != 0)
		return rc;
	if ((rc = pm_lifecycle_begin(ctx, &pm_workorder_lifecycle, "charge", w->id, &s, err)) == 0) {
		s.at = at;
		pm_lifecycle_s(&s, "unit", unit);
		pm_lifecycle_i(&s, "amount_fen", charge);
		rc = pm_lifecycle_finish(&s, err);
	}
	pm_lifecycle_end(&s);
	return rc;
}

static int
h_verify(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t me = pm_org_actor_id(s->ctx);

	/* acceptance is someone else's word on the work */
	if (me != 0 && (me == x->w.worker_id || me == x->w.assignee_id))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: %s did the work; acceptance is by "
		    "someone else"), s->idtext, s->ctx->actor.login);
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET verified_at = ?2, verifier_id = ?3 "
	    "WHERE id = ?1", "iiI", s->id, s->at, me);
}

static int
h_fail(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t me = pm_org_actor_id(s->ctx);
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	if (me != 0 && (me == x->w.worker_id || me == x->w.assignee_id))
		return pm_err_set(err, PM_EX_DATAERR, _("%s: %s did the work; acceptance is by "
		    "someone else"), s->idtext, s->ctx->actor.login);
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET done_at = NULL, reason = ?2, "
	    "reopened = reopened + 1 WHERE id = ?1", "it", s->id, x->a->text);
}

static int
h_reopen(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const char *attrs[2];
	pm_time fix;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	attrs[0] = x->w.priority;
	attrs[1] = x->w.type;
	if ((rc = pm_deadline_due_one(x->p->dl, x->p->cal, attrs, DL_FIXED, s->at, &fix, err)) != 0)
		return rc;
	pm_lifecycle_limit(s, "fix_due", fix);
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET reopened = reopened + 1, "
	    "done_at = NULL, verified_at = NULL, verifier_id = NULL, cancelled_at = NULL, "
	    "reason = ?3, fix_due = ?2 WHERE id = ?1", "iit", s->id, fix, x->a->text);
}

static int
h_cancel(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0 ||
	    (rc = end_pause(s, x, err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE workorder SET cancelled_at = ?2, reason = ?3 "
	    "WHERE id = ?1", "iit", s->id, s->at, x->a->text);
}

/* pm_workorder_act with a policy loaded already (pol), or loading one
 * (pol NULL). */
static int
act_run(pm_ctx *ctx, pm_dl_policy *pol, const char *verb, pm_id id, pm_wo_act *a, pm_err *err)
{
	const pm_transition *t;
	struct act x;
	pm_lc_step s;
	int rc;

	if (strcmp(verb, "verify") == 0 && a->fail)
		verb = "fail";
	t = pm_lifecycle_find(&pm_workorder_lifecycle, verb);
	if (t == NULL || (t->flags & PM_LC_INTERNAL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("work order: %s is not an act"), verb);
	memset(&x, 0, sizeof x);
	x.a = a;
	a->who[0] = '\0';
	a->followups = 0;
	if ((rc = pm_lifecycle_begin(ctx, &pm_workorder_lifecycle, verb, id.n, &s, err)) != 0 ||
	    (rc = wrec_load(ctx, id.n, &x.w, err)) != 0 ||
	    (a->text != NULL && (rc = pm_text_field(a->text, max_chars(ctx), "text", err)) != 0) ||
	    (pol == NULL && (rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &x.own,
	    err)) != 0))
		goto out;
	x.p = pol != NULL ? pol : &x.own;
	if ((rc = pm_lifecycle_at(&s, a->has_at, a->at, x.w.reported_at, _("%s: %s at %s is "
	    "before the job was reported (%s)"), err)) != 0)
		goto out;
	if (x.w.has_paused && s.at < x.w.paused_at && strcmp(verb, "log") != 0) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s: %s is before the pause began"), s.idtext, verb);
		goto out;
	}
	s.note = a->text;
	s.arg = &x;
	if ((rc = pm_lifecycle_finish(&s, err)) == 0 && strcmp(verb, "done") == 0)
		rc = after_done(ctx, &x, s.at, err);
out:
	pm_lifecycle_end(&s);
	pm_dl_policy_free(&x.own);
	return rc;
}

int
pm_workorder_act(pm_ctx *ctx, const char *verb, pm_id id, pm_wo_act *a, pm_err *err)
{
	return act_run(ctx, NULL, verb, id, a, err);
}

/* ---- escalation ---------------------------------------------------------------- */

static const pm_esc_decl escalation = {
	.lc = &pm_workorder_lifecycle,
	.verb = "escalate",
	.levels_key = "workorder.escalate_levels",
	.every_key = "workorder.escalate_every",
	.base_rule = "head",
	.resolver = &pm_org_resolver,
	.group = "dept_id",
};

int
pm_workorder_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_apply(ctx, &escalation, id.n, res, err);
}

/* ---- reading ------------------------------------------------------------------- */

const pm_col pm_workorder_cols[PM_WC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "reported", PM_C_TIME, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "priority", PM_C_TEXT, 0, 0, 0 },
	{ "type", PM_C_TEXT, 16, 0, 0 }, { "title", PM_C_TEXT, 30, 0, 0 },
	{ "site", PM_C_ID, 0, 0, 0 }, { "building", PM_C_ID, 0, 0, 0 }, { "unit", PM_C_ID, 0, 0, 0 },
	{ "place", PM_C_TEXT, 16, 0, 0 }, { "equip", PM_C_ID, 0, 0, 0 },
	{ "source", PM_C_ID, 0, 0, 0 }, { "dept", PM_C_ID, 0, 0, 0 },
	{ "assignee", PM_C_ID, 0, 0, 0 }, { "due", PM_C_TIME, 0, 0, 0 },
	{ "on_site_due", PM_C_TIME, 0, 0, 0 }, { "fix_due", PM_C_TIME, 0, 0, 0 },
	{ "clock", PM_C_TEXT, 0, 0, 0 }, { "assigned", PM_C_TIME, 0, 0, 0 },
	{ "started", PM_C_TIME, 0, 0, 0 }, { "paused", PM_C_TIME, 0, 0, 0 },
	{ "paused_s", PM_C_SPAN, 0, 0, 0 }, { "done", PM_C_TIME, 0, 0, 0 },
	{ "worker", PM_C_ID, 0, 0, 0 }, { "verified", PM_C_TIME, 0, 0, 0 },
	{ "verifier", PM_C_ID, 0, 0, 0 }, { "cancelled", PM_C_TIME, 0, 0, 0 },
	{ "level", PM_C_INT, 0, 0, 0 }, { "escalated", PM_C_TIME, 0, 0, 0 },
	{ "reopened", PM_C_INT, 0, 0, 0 }, { "minutes", PM_C_INT, 0, 0, 0 },
	{ "parts_fen", PM_C_MONEY, 0, 0, 0 }, { "cost_fen", PM_C_MONEY, 0, 0, 0 },
	{ "chargeable", PM_C_BOOL, 0, 0, 0 }, { "charge_fen", PM_C_MONEY, 0, 0, 0 },
	{ "plan_item", PM_C_INT, 0, 0, 0 }, { "occurrence", PM_C_TEXT, 0, 0, 0 },
	{ "work", PM_C_TEXT, 30, 0, 0 }, { "reason", PM_C_TEXT, 30, 0, 0 },
	{ "text", PM_C_TEXT, 40, 0, 0 }, { "checklist", PM_C_JSON, 60, 0, 0 },
	{ "parts", PM_C_JSON, 60, 0, 0 },
};

enum { J_SITE = 1, J_BUILDING = 2, J_UNIT = 4, J_EQUIP = 8, J_DEPT = 16, J_STAFF = 32,
	J_WORKER = 64, J_VERIFIER = 128 };
static const pm_lq_col wcol[PM_WC_N] = {
	{ "w.id", 0 }, { "w.reported_at", 0 }, { "w.status", 0 }, { "w.priority", 0 },
	{ "w.type", 0 }, { "w.title", 0 }, { "s.code", J_SITE }, { "b.code", J_BUILDING },
	{ "u.code", J_UNIT }, { "w.place", 0 }, { "e.code", J_EQUIP },
	/* the source's letter or word; its number follows as the last column */
	{ "w.source_type", 0 }, { "d.code", J_DEPT }, { "st.login", J_STAFF }, { "w.due_at", 0 },
	{ "w.on_site_due", 0 }, { "w.fix_due", 0 }, { "w.clock", 0 }, { "w.assigned_at", 0 },
	{ "w.started_at", 0 }, { "w.paused_at", 0 }, { "w.paused_s", 0 }, { "w.done_at", 0 },
	{ "wk.login", J_WORKER }, { "w.verified_at", 0 }, { "vf.login", J_VERIFIER },
	{ "w.cancelled_at", 0 }, { "w.esc_level", 0 }, { "w.escalated_at", 0 },
	{ "w.reopened", 0 }, { "w.minutes", 0 }, { "w.parts_fen", 0 }, { "w.cost_fen", 0 },
	{ "w.chargeable", 0 }, { "w.charge_fen", 0 }, { "w.plan_item_id", 0 },
	{ "w.occurrence", 0 }, { "w.work", 0 }, { "w.reason", 0 }, { "w.text", 0 },
	{ NULL, 0 }, { NULL, 0 },
};
static const char *const joins[] = {
	" JOIN site s ON s.id = w.site_id",
	" LEFT JOIN building b ON b.id = w.building_id",
	" LEFT JOIN unit u ON u.id = w.unit_id",
	" LEFT JOIN equipment e ON e.id = w.equipment_id",
	" LEFT JOIN department d ON d.id = w.dept_id",
	" LEFT JOIN staff st ON st.id = w.assignee_id",
	" LEFT JOIN staff wk ON wk.id = w.worker_id",
	" LEFT JOIN staff vf ON vf.id = w.verifier_id",
};

struct pm_wo_iter {
	pm_ctx *ctx;
	pm_stmt *st;
	int srcpos;             /* the source number's column, -1 when none */
	int64_t one;
	uint64_t cols;
	pm_lq_sel sel;
	char id[24], src[24];
	pm_buf checklist, parts;
};

#define P(n) PM_LQ_P(n)

/* The statement: ?1 now, ?2 due limit, ?3 status, ?4 assignee, ?5 dept,
 * ?6 equipment, ?7 site, ?8 source type, ?9 source id, ?10 type,
 * ?11 limit, ?12 one id, ?13 plan item (listq.h builds and binds it). */
struct listq {
	pm_listq q;
	int srcpos;
	char stype[8];
};

static int
listq_build(pm_ctx *ctx, const pm_wo_filter *f, struct listq *lq, pm_err *err)
{
	int due = f->overdue || f->due_within > 0, driven, rc;
	uint64_t cols = f->cols != 0 ? f->cols :
	    ~(PM_WC_BIT(PM_WC_CHECKLIST) | PM_WC_BIT(PM_WC_PARTS));
	pm_listq *q = &lq->q;
	pm_id sid;
	pm_err e;

	pm_listq_init(q, P(3) | P(8) | P(10));
	lq->srcpos = -1;
	if (f->status != NULL && strcmp(f->status, "open") != 0 &&
	    !pm_lifecycle_in(pm_workorder_lifecycle.states, f->status))
		return pm_text_one_of(err, "status", f->status, "open, new, assigned, in_progress, paused, "
		    "reopened, done, verified, cancelled");
	if (f->history && f->equip == NULL)
		return pm_err_field(err, PM_EX_USAGE, "equipment", _("history: name the equipment"));
	if ((f->assignee != NULL && (rc = pm_org_staff_id(ctx, f->assignee, 0, &q->p[4],
	    err)) != 0) ||
	    (f->dept != NULL && (rc = pm_org_dept_id(ctx, f->dept, 0, &q->p[5], err)) != 0) ||
	    ((f->site != NULL || f->equip != NULL) &&
	    (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[7], err)) != 0))
		return rc;
	if (f->equip != NULL) {
		pm_equip_ref eq;
		if ((rc = equip_find(ctx, q->p[7], f->equip, 0, 0, &eq, err)) != 0)
			return rc;
		q->p[6] = eq.id;
	}
	if (f->source != NULL) {
		if (strcmp(f->source, "plan") == 0 || strcmp(f->source, "staff") == 0) {
			snprintf(lq->stype, sizeof lq->stype, "%s", f->source);
		} else if (f->source[0] >= 'A' && f->source[0] <= 'Z' && f->source[1] == '\0') {
			snprintf(lq->stype, sizeof lq->stype, "%s", f->source);
		} else if (pm_id_parse(f->source, 0, &sid, &e) == 0) {
			snprintf(lq->stype, sizeof lq->stype, "%c", sid.type);
			q->p[9] = sid.n;
		} else {
			return pm_text_one_of(err, "source", f->source, "plan, staff, an ID letter (C) or an "
			    "ID (C12)");
		}
		q->t[8] = lq->stype;
	}
	q->t[3] = f->status;
	q->t[10] = f->type;
	q->p[1] = ctx->now;
	q->p[2] = ctx->now + (f->due_within > 0 ? f->due_within : 0);
	q->p[11] = f->limit;
	q->p[12] = f->one;
	q->p[13] = f->plan_item;
	/* SELECT the columns asked for, and only the joins they need */
	pm_listq_select(q, wcol, PM_WC_N, cols, PM_WC_ID);
	if (cols & PM_WC_BIT(PM_WC_SOURCE)) {
		pm_buf_adds(&q->sql, ", w.source_id");
		lq->srcpos = q->sel.ncol;
	}
	pm_listq_from(q, " FROM workorder w", joins, (int)(sizeof joins / sizeof joins[0]));
	if (f->one != 0) {
		pm_listq_add(q, " WHERE w.id = ?12", P(12));
		return 0;
	}
	driven = due || f->history || f->plan_item != 0;
	if (f->plan_item != 0)  /* one item's jobs, every state: the plan index finds them */
		pm_listq_add(q, " WHERE w.plan_item_id = ?13", P(13));
	else if (f->history)
		pm_listq_add(q, " WHERE w.equipment_id = ?6 AND w.done_at IS NOT NULL", P(6));
	else    /* the open ones: term for term the partial index workorder_open */
		pm_listq_state(q, &pm_workorder_lifecycle, "w", "reported_at", f->status, f->all,
		    due, f->overdue);
	if (driven && f->status != NULL && strcmp(f->status, "open") != 0)
		pm_listq_and(q, 1, "", "w.status || '' = ?3", P(3));
	else if (f->history && f->status == NULL)
		pm_listq_and(q, 1, "", "(w.status = 'done' OR w.status = 'verified')", 0);
	if (f->assignee != NULL)
		pm_listq_and(q, driven, "w.assignee_id = ?4", "+w.assignee_id = ?4", P(4));
	if (f->dept != NULL)
		pm_listq_and(q, driven, "w.dept_id = ?5", "+w.dept_id = ?5", P(5));
	if (f->equip != NULL && !f->history)
		pm_listq_and(q, driven, "w.equipment_id = ?6", "+w.equipment_id = ?6", P(6));
	if (f->site != NULL)
		pm_listq_and(q, driven, "w.site_id = ?7", "+w.site_id = ?7", P(7));
	if (f->source != NULL)
		pm_listq_and(q, driven, "w.source_type = ?8", "w.source_type || '' = ?8", P(8));
	if (q->p[9] != 0)
		pm_listq_and(q, 1, "", "+w.source_id = ?9", P(9));
	if (f->type != NULL)
		pm_listq_and(q, driven,
		    "(w.type = ?10 OR substr(w.type, 1, length(?10) + 1) = ?10 || '/')",
		    "(w.type || '' = ?10 OR substr(w.type, 1, length(?10) + 1) = ?10 || '/')", P(10));
	if (f->history)
		pm_listq_add(q, " ORDER BY w.done_at DESC, w.id DESC", 0);
	else if (due)
		pm_listq_add(q, " ORDER BY w.due_at, w.id", 0);
	else
		pm_listq_add(q, " ORDER BY w.reported_at DESC, w.id DESC", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?11", P(11));
	return 0;
}

int
pm_workorder_list(pm_ctx *ctx, const pm_wo_filter *f, pm_wo_iter **out, pm_err *err)
{
	pm_wo_iter *it;
	struct listq lq;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &lq, err)) != 0) {
		pm_listq_free(&lq.q);
		return rc;
	}
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	it->ctx = ctx;
	it->sel = lq.q.sel;
	it->srcpos = lq.srcpos;
	it->one = f->one;
	it->cols = f->cols;
	pm_buf_init(&it->checklist);
	pm_buf_init(&it->parts);
	rc = pm_listq_prepare(ctx->db, &lq.q, &it->st, err);
	pm_listq_free(&lq.q);
	if (rc != 0) {
		pm_workorder_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

/* The job's checklist and parts as JSON arrays (show). */
static int
arrays(pm_wo_iter *it, int64_t id, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_json j;
	int rc;

	pm_buf_reset(&it->checklist);
	pm_buf_reset(&it->parts);
	if ((rc = pm_db_prepare(it->ctx->db, "SELECT n, item, result, note, followup_id FROM "
	    "checklist_result WHERE workorder_id = ?1 ORDER BY n", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	pm_json_init(&j, &it->checklist);
	pm_json_arr(&j, NULL);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		char f[24];
		pm_json_obj(&j, NULL);
		pm_json_i(&j, "n", pm_stmt_int(st, 0));
		pm_json_s(&j, "item", pm_stmt_text(st, 1));
		pm_json_s(&j, "result", pm_stmt_text(st, 2));
		pm_json_s(&j, "note", pm_stmt_text(st, 3));
		pm_json_s(&j, "followup", pm_stmt_null(st, 4) ? NULL : wid(pm_stmt_int(st, 4), f));
		pm_json_end(&j);
	}
	pm_json_end(&j);
	pm_stmt_free(st);
	st = NULL;
	if (rc < 0 || (rc = pm_db_prepare(it->ctx->db, "SELECT name, qty, price_fen FROM part_use "
	    "WHERE workorder_id = ?1 ORDER BY n", &st, err)) != 0)
		return rc < 0 ? err->status : rc;
	pm_stmt_bind_int(st, 1, id);
	pm_json_init(&j, &it->parts);
	pm_json_arr(&j, NULL);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "name", pm_stmt_text(st, 0));
		pm_json_i(&j, "qty", pm_stmt_int(st, 1));
		pm_json_i(&j, "price_fen", pm_stmt_int(st, 2));
		pm_json_end(&j);
	}
	pm_json_end(&j);
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

int
pm_workorder_next(pm_wo_iter *it, pm_wo_row *row, pm_err *err)
{
	pm_stmt *st = it->st;
	int rc;

	if ((rc = pm_stmt_step(st, err)) != 1)
		return rc;
	pm_listq_cells(st, &it->sel, pm_workorder_cols, PM_WC_BIT(PM_WC_ID), row->c, PM_WC_N);
	if (!row->c[PM_WC_ID].null)
		row->c[PM_WC_ID].s = wid(row->c[PM_WC_ID].i, it->id);
	if (it->srcpos >= 0 && !pm_stmt_null(st, it->srcpos) && row->c[PM_WC_SOURCE].s != NULL) {
		snprintf(it->src, sizeof it->src, "%s%lld", row->c[PM_WC_SOURCE].s,
		    (long long)pm_stmt_int(st, it->srcpos));
		row->c[PM_WC_SOURCE].s = it->src;
	}
	if (it->one != 0 && (it->cols & (PM_WC_BIT(PM_WC_CHECKLIST) | PM_WC_BIT(PM_WC_PARTS)))) {
		if (arrays(it, it->one, err) != 0)
			return -1;
		row->c[PM_WC_CHECKLIST].null = 0;
		row->c[PM_WC_CHECKLIST].s = it->checklist.s;
		row->c[PM_WC_PARTS].null = 0;
		row->c[PM_WC_PARTS].s = it->parts.s;
	}
	return 1;
}

void
pm_workorder_iter_free(pm_wo_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	pm_buf_free(&it->checklist);
	pm_buf_free(&it->parts);
	free(it);
}

int
pm_workorder_list_plan(pm_ctx *ctx, const pm_wo_filter *f, pm_buf *plan, pm_err *err)
{
	struct listq lq;
	int rc;

	if ((rc = listq_build(ctx, f, &lq, err)) == 0)
		rc = pm_listq_plan(ctx->db, &lq.q, plan, err);
	pm_listq_free(&lq.q);
	return rc;
}

const pm_perm_name pm_workorder_perm_names[] = {
	{ "workorder.new", "report a fault: open a work order" },
	{ "workorder.assign", "assign and dispatch work orders" },
	{ "workorder.work", "work on a job: start, pause, resume, log, done" },
	{ "workorder.verify", "accept (验收) or send back a finished job" },
	{ "workorder.close", "cancel or reopen work orders" },
	{ "workorder.escalate", "escalate late work orders" },
	{ NULL, NULL }
};

/* ---- what hooks see of a job --------------------------------------------------- */

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	static const char *const cols[] = { "title", "status", "priority", "type", "site",
	    "building", "unit", "place", "equip", "source", "department", "assignee", NULL };
	pm_stmt *st = NULL;
	char src[24];
	int i, rc;

	(void)clear;    /* a job holds no personal data */
	if ((rc = pm_db_prepare(ctx->db, "SELECT w.title, w.status, w.priority, w.type, s.code, "
	    "b.code, u.code, w.place, e.code, w.source_type, d.code, st.login, w.source_id, "
	    "w.reported_at, w.on_site_due, w.fix_due, w.due_at, w.esc_level, w.charge_fen "
	    "FROM workorder w JOIN site s ON s.id = w.site_id "
	    "LEFT JOIN building b ON b.id = w.building_id LEFT JOIN unit u ON u.id = w.unit_id "
	    "LEFT JOIN equipment e ON e.id = w.equipment_id "
	    "LEFT JOIN department d ON d.id = w.dept_id LEFT JOIN staff st ON st.id = w.assignee_id "
	    "WHERE w.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : 0;
	}
	for (i = 0; cols[i] != NULL; i++) {
		const char *v = pm_stmt_text(st, i);
		if (i == 9 && !pm_stmt_null(st, 12)) {
			snprintf(src, sizeof src, "%s%lld", v, (long long)pm_stmt_int(st, 12));
			v = src;
		}
		pm_json_s(j, cols[i], v);
	}
	pm_json_t(j, "reported_at", pm_stmt_int(st, 13));
	pm_json_t(j, "on_site_due", pm_stmt_int(st, 14));
	pm_json_t(j, "fix_due", pm_stmt_int(st, 15));
	if (pm_stmt_null(st, 16))
		pm_json_null(j, "due_at");
	else
		pm_json_t(j, "due_at", pm_stmt_int(st, 16));
	pm_json_i(j, "esc_level", pm_stmt_int(st, 17));
	if (pm_stmt_null(st, 18))
		pm_json_null(j, "charge_fen");
	else
		pm_json_i(j, "charge_fen", pm_stmt_int(st, 18));
	pm_stmt_free(st);
	return 0;
}

const pm_hook_kind pm_workorder_hook_kind = { "workorder", 'W', hook_record };
