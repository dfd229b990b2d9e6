/* complaint.c — owner contacts; see complaint.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "calendar.h"
#include "category.h"
#include "complaint.h"
#include "deadline.h"
#include "escalate.h"
#include "link.h"
#include "listq.h"
#include "pii.h"
#include "org.h"
#include "text.h"
#include "unit.h"

/* The states with work pending (deadlines run, escalation climbs);
 * resolved and replied wait on the owner, closed, rejected and
 * duplicate are out of play (the partial index contact_open leaves
 * them out; test_complaint checks both against the schema). */
#define OPEN "new|assigned|in_progress|reopened"
#define FINAL "closed|rejected|duplicate"

static int h_classify(pm_lc_step *s, pm_err *err);
static int h_assign(pm_lc_step *s, pm_err *err);
static int h_start(pm_lc_step *s, pm_err *err);
static int h_note(pm_lc_step *s, pm_err *err);
static int h_resolve(pm_lc_step *s, pm_err *err);
static int h_reply(pm_lc_step *s, pm_err *err);
static int h_visit(pm_lc_step *s, pm_err *err);
static int h_close(pm_lc_step *s, pm_err *err);
static int h_reopen(pm_lc_step *s, pm_err *err);
static int h_reject(pm_lc_step *s, pm_err *err);
static int h_duplicate(pm_lc_step *s, pm_err *err);

/* Each verb: the states it starts from, the state it leads to (none:
 * the status stays), its permission, flags, hook and what it records;
 * a hint is the next step when the verb comes too early and one step
 * is the obvious one (lifecycle adds it to the refusal). */
static const pm_transition transitions[] = {
	{ .verb = "classify", .from = OPEN,
	  .perm = "complaint.assign", .flags = PM_LC_DUE, .hook = h_classify,
	  .records = "category, priority, kind; due times counted again from the received time" },
	{ .verb = "assign", .from = OPEN, .to = "assigned",
	  .perm = "complaint.assign", .hook = h_assign,
	  .records = "department and assignee" },
	{ .verb = "start", .from = "assigned|reopened", .to = "in_progress",
	  .perm = "complaint.handle", .flags = PM_LC_DUE, .hook = h_start,
	  .records = "the first response, if none yet",
	  .hint_on = "new", .hint = "assign it first" },
	{ .verb = "note", .from = "*", .perm = "complaint.handle", .hook = h_note,
	  .records = "a note" },
	{ .verb = "resolve", .from = OPEN, .to = "resolved",
	  .perm = "complaint.handle", .flags = PM_LC_DUE, .hook = h_resolve,
	  .records = "the result, resolved time" },
	{ .verb = "reply", .from = "resolved|replied", .to = "replied",
	  .perm = "complaint.handle", .flags = PM_LC_DUE, .hook = h_reply,
	  .records = "what the owner was told and how, replied time",
	  .hint_on = OPEN, .hint = "resolve it first" },
	{ .verb = "visit", .from = "replied", .perm = "complaint.visit", .hook = h_visit,
	  .records = "satisfaction 1-5 and comment",
	  .hint_on = "resolved", .hint = "reply first" },
	{ .verb = "close", .from = "resolved|replied", .to = "closed",
	  .perm = "complaint.close", .flags = PM_LC_DUE, .hook = h_close,
	  .records = "closed time; refused while the follow-up policy asks for a visit, "
	      "and after a dissatisfied visit without a note saying why" },
	{ .verb = "reopen", .from = "resolved|replied|" FINAL, .to = "reopened",
	  .perm = "complaint.close", .flags = PM_LC_DUE, .hook = h_reopen,
	  .records = "the reason; resolution due again from now" },
	{ .verb = "reject", .from = OPEN, .to = "rejected",
	  .perm = "complaint.close", .flags = PM_LC_DUE, .hook = h_reject,
	  .records = "the reason" },
	{ .verb = "duplicate", .from = OPEN, .to = "duplicate",
	  .perm = "complaint.close", .flags = PM_LC_DUE, .hook = h_duplicate,
	  .records = "the original, a link to it" },
	{ .verb = "escalate", .from = OPEN, .perm = "complaint.escalate", .flags = PM_LC_INTERNAL,
	  .records = "level and who is responsible" },
	{ .verb = "link", .from = "*", .perm = "complaint.handle", .flags = PM_LC_INTERNAL,
	  .records = "a linked record (work order)" },
	/* called by pm-workorder, whose own verb checked its permission */
	{ .verb = "done", .from = OPEN, .to = "resolved", .flags = PM_LC_INTERNAL | PM_LC_DUE,
	  .records = "the linked work order and its result" },
	{ .verb = NULL }
};

const pm_lifecycle pm_complaint_lifecycle = {
	"contact", "complaint", 'C', "contact",
	OPEN "|resolved|replied|" FINAL, OPEN, FINAL, "new", NULL, transitions,
	/* the first response until there is one, then the resolution */
	"CASE WHEN first_response_at IS NOT NULL THEN resolve_due "
	"WHEN response_due < resolve_due THEN response_due ELSE resolve_due END", NULL
};

/* The built-in category tree: what a Chinese property company sorts
 * contacts by.  A top level's own priority comes first, then its subs. */
static const pm_cat_entry builtin_categories[] = {
	{ "维修", NULL, "normal" },
	{ "维修", "漏水", "high" },
	{ "维修", "电梯", "high" },
	{ "维修", "水电", "high" },
	{ "维修", "门窗", "normal" },
	{ "维修", "公共设施", "normal" },
	{ "环境", NULL, "normal" },
	{ "环境", "噪音", "normal" },
	{ "环境", "卫生", "normal" },
	{ "环境", "绿化", "low" },
	{ "环境", "异味", "normal" },
	{ "安全", NULL, "high" },
	{ "安全", "门禁", "high" },
	{ "安全", "监控", "normal" },
	{ "安全", "消防", "urgent" },
	{ "安全", "盗窃", "urgent" },
	{ "收费", NULL, "normal" },
	{ "收费", "物业费", "normal" },
	{ "收费", "停车费", "normal" },
	{ "收费", "水电费", "normal" },
	{ "服务", NULL, "normal" },
	{ "服务", "态度", "normal" },
	{ "服务", "效率", "normal" },
	{ "其他", NULL, "low" },
};

const pm_cat_spec pm_complaint_categories = {
	"categories", "category", builtin_categories,
	sizeof builtin_categories / sizeof builtin_categories[0], "priority", PM_PRIORITIES,
	"normal"
};

/* Built-in limits (DOMAIN.md): urgent on site within 30 minutes; repairs
 * fixed within a day; complaints answered within 1 working day and
 * resolved within 5 working days (a week); the rest alike. */
static const pm_dl_rule default_limits[] = {
	{ { NULL, "urgent", NULL, NULL }, { "30min", "4h" }, PM_CLOCK_CALENDAR },
	{ { "repair", "high", NULL, NULL }, { "1h", "1d" }, PM_CLOCK_CALENDAR },
	{ { "repair", NULL, NULL, NULL }, { "4h", "1d" }, PM_CLOCK_BUSINESS },
	{ { "complaint", "high", NULL, NULL }, { "4h", "3d" }, PM_CLOCK_BUSINESS },
	{ { "complaint", NULL, NULL, NULL }, { "1d", "5d" }, PM_CLOCK_BUSINESS },
	{ { NULL, NULL, NULL, NULL }, { "1d", "5d" }, PM_CLOCK_BUSINESS },
};
static const char *const limit_keys[] = { "kind", "priority", "category" };
/* the response limit, then the resolution limit (DL_RESPOND, DL_RESOLVE) */
static const char *const limit_names[] = { "respond", "resolve" };
enum { DL_RESPOND, DL_RESOLVE };

/* ---- configuration ---------------------------------------------------- */

/* The limits, the category tree their third key names, the calendar. */
static const pm_dl_decl time_policy = {
	{ "complaint.limits", limit_keys, 3, limit_names, 2, default_limits,
	  sizeof default_limits / sizeof default_limits[0], NULL, NULL },
	&pm_complaint_categories, 2, { PM_CONTACT_KINDS, PM_PRIORITIES, NULL, NULL }
};

static int
config_check(const pm_config *cfg, pm_err *err)
{
	return pm_dl_policy_check(cfg, &time_policy, err);
}

static const pm_cfg_key config_keys[] = {
	{ "categories", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the two-level tree of contact categories and their default priorities "
	  "(category.c checks it)", NULL },
	{ "complaint.limits", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "response and resolution limits per kind, priority and category, first match wins "
	  "(deadline.c checks them)", NULL },
	{ "complaint.followup", PM_CFG_ENUM, "complaints", "all|dissatisfied|complaints|none", 0, 0,
	  "which contacts need a follow-up visit before they close", NULL },
	{ "complaint.satisfied_min", PM_CFG_INT, "4", NULL, 1, 5,
	  "lowest visit score (1-5) that counts as satisfied", NULL },
	{ "complaint.repeat_days", PM_CFG_INT, "30", NULL, 0, 3650,
	  "a contact about the same unit and category within this many days is a repeat (0: off)",
	  NULL },
	{ "complaint.escalate_levels", PM_CFG_STR, "head,role:manager", NULL, 0, 0,
	  "who takes over a late contact at each level above the assignee",
	  pm_org_escalate_check },
	{ "complaint.escalate_every", PM_CFG_SPAN, "1d", NULL, 60, 366 * 86400,
	  "further lateness after which a late contact climbs one more level", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_complaint_config = { "complaint", config_keys, config_check };

/* ---- small helpers ---------------------------------------------------- */

/* Check caller text: valid UTF-8, within text.max_chars. */
static int
text_ok(pm_ctx *ctx, const char *s, const char *what, pm_err *err)
{
	return pm_text_check(s, strlen(s), (size_t)pm_config_int(ctx->cfg, "text.max_chars"),
	    what, err);
}

/* The contact's fields the domain rules look at. */
struct crec {
	int64_t id, site_id, dept_id, assignee_id, received_at, first_response_at, replied_at;
	int64_t visited_at, revisit, reopened, esc_level, due_at, unit_id;
	int has_first, has_replied, has_visited, has_due;
	char kind[16], status[16], priority[8], category[200];
};

static int
crec_load(pm_ctx *ctx, int64_t id, struct crec *c, pm_err *err)
{
	char idtext[24];
	pm_stmt *st = NULL;
	pm_id pid = { 'C', id };
	int rc;

	memset(c, 0, sizeof *c);
	if ((rc = pm_db_prepare(ctx->db, "SELECT id, site_id, dept_id, assignee_id, received_at, "
	    "first_response_at, replied_at, visited_at, revisit, reopened, esc_level, due_at, "
	    "kind, status, priority, category, unit_id FROM contact WHERE id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		c->id = pm_stmt_int(st, 0);
		c->site_id = pm_stmt_int(st, 1);
		c->dept_id = pm_stmt_null(st, 2) ? 0 : pm_stmt_int(st, 2);
		c->assignee_id = pm_stmt_null(st, 3) ? 0 : pm_stmt_int(st, 3);
		c->received_at = pm_stmt_int(st, 4);
		c->has_first = !pm_stmt_null(st, 5);
		c->first_response_at = pm_stmt_int(st, 5);
		c->has_replied = !pm_stmt_null(st, 6);
		c->replied_at = pm_stmt_int(st, 6);
		c->has_visited = !pm_stmt_null(st, 7);
		c->visited_at = pm_stmt_int(st, 7);
		c->revisit = pm_stmt_int(st, 8);
		c->reopened = pm_stmt_int(st, 9);
		c->esc_level = pm_stmt_int(st, 10);
		c->has_due = !pm_stmt_null(st, 11);
		c->due_at = pm_stmt_int(st, 11);
		snprintf(c->kind, sizeof c->kind, "%s", pm_stmt_text(st, 12));
		snprintf(c->status, sizeof c->status, "%s", pm_stmt_text(st, 13));
		snprintf(c->priority, sizeof c->priority, "%s", pm_stmt_text(st, 14));
		snprintf(c->category, sizeof c->category, "%s",
		    pm_stmt_null(st, 15) ? "" : pm_stmt_text(st, 15));
		c->unit_id = pm_stmt_null(st, 16) ? 0 : pm_stmt_int(st, 16);
		rc = 0;
	} else if (rc == 0) {
		pm_id_format(pid, idtext, sizeof idtext);
		rc = pm_err_set(err, PM_EX_NOINPUT, _("complaint %s: no such complaint"), idtext);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* Both due times for a contact of this kind, priority and category. */
static int
compute_due(pm_dl_policy *p, const char *kind, const char *priority, const char *category,
    pm_time start, pm_time *respond, pm_time *resolve, pm_err *err)
{
	const char *attrs[3];
	pm_time due[2];
	int rc;

	attrs[0] = kind;
	attrs[1] = priority;
	attrs[2] = category != NULL && *category != '\0' ? category : NULL;
	if ((rc = pm_deadline_due(p->dl, p->cal, attrs, start, due, err)) != 0)
		return rc;
	*respond = due[DL_RESPOND];
	*resolve = due[DL_RESOLVE];
	return 0;
}

/* The latest earlier contact about the same unit and category. */
static int
find_repeat(pm_ctx *ctx, int64_t id, int64_t unit, const char *category, pm_time received,
    int64_t *repeat_of, pm_err *err)
{
	int64_t days = pm_config_int(ctx->cfg, "complaint.repeat_days");
	pm_stmt *st = NULL;
	int rc;

	*repeat_of = 0;
	if (days == 0 || unit == 0 || category == NULL || *category == '\0')
		return 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT id FROM contact WHERE unit_id = ?1 AND "
	    "category = ?2 AND received_at >= ?3 AND received_at <= ?4 AND id <> ?5 AND "
	    "status <> 'duplicate' ORDER BY received_at DESC, id DESC LIMIT 1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, unit);
	pm_stmt_bind_text(st, 2, category);
	pm_stmt_bind_int(st, 3, received - days * 86400);
	pm_stmt_bind_int(st, 4, received);
	pm_stmt_bind_int(st, 5, id);
	if ((rc = pm_stmt_step(st, err)) == 1)
		*repeat_of = pm_stmt_int(st, 0);
	rc = rc < 0 ? err->status : 0;
	pm_stmt_free(st);
	return rc;
}

/* ---- new --------------------------------------------------------------- */

static int
unit_of(pm_ctx *ctx, int64_t site, const char *code, int64_t *unit, int64_t *building,
    pm_err *err)
{
	pm_unit_ref u;
	int rc;

	if ((rc = pm_unit_find(ctx, site, code, &u, err)) != 0)
		return rc;
	*unit = u.id;
	*building = u.building_id;
	return 0;
}

static void
bind_opt_int(pm_stmt *st, int i, int64_t v)
{
	if (v != 0)
		pm_stmt_bind_int(st, i, v);
	else
		pm_stmt_bind_null(st, i);
}

/* Validate what intake was given; fills the canonical category, the
 * priority and the normalised phone. */
static int
intake_check(pm_ctx *ctx, pm_dl_policy *p, const pm_contact_in *in, char *canon,
    const char **priority, char *phone, pm_err *err)
{
	const char *catprio = "normal";
	int rc;

	if (in->kind != NULL && !pm_text_word(PM_CONTACT_KINDS, in->kind))
		return pm_text_one_of(err, "kind", in->kind, PM_CONTACT_KINDS);
	if (in->channel != NULL && !pm_text_word(PM_CONTACT_CHANNELS, in->channel))
		return pm_text_one_of(err, "channel", in->channel, PM_CONTACT_CHANNELS);
	if (in->priority != NULL && !pm_text_word(PM_PRIORITIES, in->priority))
		return pm_text_one_of(err, "priority", in->priority, PM_PRIORITIES);
	if (in->text == NULL || *in->text == '\0')
		return pm_err_field(err, PM_EX_USAGE, "text", _("text is required"));
	if (in->unit != NULL && in->place != NULL)
		return pm_err_field(err, PM_EX_USAGE, "place", _("a unit or a place, not both"));
	if ((rc = text_ok(ctx, in->text, "text", err)) != 0 ||
	    (in->place != NULL && (rc = pm_text_check(in->place, strlen(in->place), 200, "place",
	    err)) != 0) ||
	    (in->name != NULL && (rc = pm_text_check(in->name, strlen(in->name), 64, "name",
	    err)) != 0))
		return rc;
	if (in->place != NULL && *in->place == '\0')
		return pm_err_field(err, PM_EX_USAGE, "place", _("place is empty"));
	if (in->name != NULL && *in->name == '\0')
		return pm_err_field(err, PM_EX_USAGE, "name", _("name is empty"));
	phone[0] = '\0';
	if (in->phone != NULL && (rc = pm_phone_normalize(in->phone, phone, 16, err)) != 0)
		return rc;
	canon[0] = '\0';
	if (in->category != NULL &&
	    (rc = pm_category_find(p->tree, in->category, canon, 200, &catprio, err)) != 0)
		return rc;
	*priority = in->priority != NULL ? in->priority : catprio;
	if (in->has_received && in->received > ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "received", _("received is in the future"));
	return 0;
}

int
pm_complaint_new(pm_ctx *ctx, const pm_contact_in *in, pm_id *id, int64_t *repeat_of,
    pm_err *err)
{
	const char *kind = in->kind ? in->kind : "complaint";
	const char *channel = in->channel ? in->channel : "phone";
	const char *priority = "normal";
	char canon[200], phone[16], rid[24];
	pm_time received = in->has_received ? in->received : ctx->now, respond, resolve;
	int64_t site = 0, unit = 0, building = 0, row;
	pm_dl_policy p;
	pm_stmt *st = NULL;
	pm_lc_step s;
	int rc;

	*repeat_of = 0;
	memset(&s, 0, sizeof s);
	if ((rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &p, err)) != 0)
		return rc;
	if ((rc = pm_perm_check(ctx, "complaint.new", err)) != 0 ||
	    (rc = intake_check(ctx, &p, in, canon, &priority, phone, err)) != 0 ||
	    (rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site, err)) != 0 ||
	    (in->unit != NULL && (rc = unit_of(ctx, site, in->unit, &unit, &building, err)) != 0) ||
	    (rc = compute_due(&p, kind, priority, canon, received, &respond, &resolve, err)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "INSERT INTO contact (kind, channel, site_id, "
	    "building_id, unit_id, place, name, phone, text, category, priority, received_at, "
	    "response_due, resolve_due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14)", &st, err)) != 0)
		goto out;
	pm_stmt_bind_text(st, 1, kind);
	pm_stmt_bind_text(st, 2, channel);
	pm_stmt_bind_int(st, 3, site);
	bind_opt_int(st, 4, building);
	bind_opt_int(st, 5, unit);
	pm_stmt_bind_text(st, 6, in->place);
	pm_stmt_bind_text(st, 7, in->name);
	pm_stmt_bind_text(st, 8, phone[0] ? phone : NULL);
	pm_stmt_bind_text(st, 9, in->text);
	pm_stmt_bind_text(st, 10, canon[0] ? canon : NULL);
	pm_stmt_bind_text(st, 11, priority);
	pm_stmt_bind_int(st, 12, received);
	pm_stmt_bind_int(st, 13, respond);
	pm_stmt_bind_int(st, 14, resolve);
	if ((rc = pm_stmt_run(st, err)) != 0)
		goto out;
	row = pm_db_last_id(ctx->db);
	id->type = 'C';
	id->n = row;
	if ((rc = find_repeat(ctx, row, unit, canon, received, repeat_of, err)) != 0 ||
	    (*repeat_of != 0 && (rc = pm_db_run(ctx->db, err, "UPDATE contact SET is_repeat = 1, repeat_of = ?2 "
	    "WHERE id = ?1", "ii", row, *repeat_of)) != 0) ||
	    (rc = pm_lifecycle_due(ctx, &pm_complaint_lifecycle, row,
	    pm_complaint_lifecycle.initial, err)) != 0)
		goto out;
	/* the timeline and audit keep the facts, not the personal data */
	pm_lifecycle_created(ctx, &pm_complaint_lifecycle, row, &s);
	s.at = received;
	pm_lifecycle_s(&s, "kind", kind);
	pm_lifecycle_s(&s, "channel", channel);
	pm_lifecycle_s(&s, "category", canon[0] ? canon : NULL);
	pm_lifecycle_s(&s, "priority", priority);
	if (phone[0])
		pm_lifecycle_pii(&s, "phone", PM_PII_PHONE, phone);
	pm_lifecycle_t(&s, "response_due", respond);
	pm_lifecycle_limit(&s, "resolve_due", resolve);
	if (*repeat_of != 0) {
		pm_id rpid = { 'C', *repeat_of };
		pm_id_format(rpid, rid, sizeof rid);
		pm_lifecycle_s(&s, "repeat_of", rid);
	}
	rc = pm_lifecycle_finish(&s, err);
out:
	pm_stmt_free(st);
	pm_lifecycle_end(&s);
	pm_dl_policy_free(&p);
	return rc;
}

/* ---- the other verbs --------------------------------------------------- */

/* What the hooks of a user's act work on (the step's arg). */
struct act {
	pm_dl_policy p;
	struct crec c;
	const pm_contact_act *a;
};

/* The time of the act: not before the contact was received, not later
 * than now. */
static int
h_classify(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const pm_contact_act *a = x->a;
	const struct crec *c = &x->c;
	const char *catprio = NULL, *kind = a->kind ? a->kind : c->kind, *priority;
	char canon[200];
	pm_time respond, resolve;
	int64_t repeat_of = 0;
	pm_stmt *st = NULL;
	int rc;

	if (a->category == NULL && a->priority == NULL && a->kind == NULL)
		return pm_err_set(err, PM_EX_USAGE, _("classify: give a category, a priority or a kind"));
	if (a->kind != NULL && !pm_text_word(PM_CONTACT_KINDS, a->kind))
		return pm_text_one_of(err, "kind", a->kind, PM_CONTACT_KINDS);
	if (a->priority != NULL && !pm_text_word(PM_PRIORITIES, a->priority))
		return pm_text_one_of(err, "priority", a->priority, PM_PRIORITIES);
	snprintf(canon, sizeof canon, "%s", c->category);
	if (a->category != NULL &&
	    (rc = pm_category_find(x->p.tree, a->category, canon, sizeof canon, &catprio,
	    err)) != 0)
		return rc;
	priority = a->priority ? a->priority : catprio ? catprio : c->priority;
	if ((rc = compute_due(&x->p, kind, priority, canon, c->received_at, &respond, &resolve,
	    err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(s->ctx->db, "UPDATE contact SET kind = ?2, priority = ?3, "
	    "category = ?4, response_due = ?5, resolve_due = CASE WHEN reopened = 0 THEN ?6 "
	    "ELSE resolve_due END WHERE id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, c->id);
	pm_stmt_bind_text(st, 2, kind);
	pm_stmt_bind_text(st, 3, priority);
	pm_stmt_bind_text(st, 4, canon[0] ? canon : NULL);
	pm_stmt_bind_int(st, 5, respond);
	pm_stmt_bind_int(st, 6, resolve);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	if (rc != 0)
		return rc;
	/* a category given only now can make this a repeat */
	if (a->category != NULL && (rc = find_repeat(s->ctx, c->id, c->unit_id, canon,
	    c->received_at, &repeat_of, err)) != 0)
		return rc;
	if (repeat_of != 0 && (rc = pm_db_run(s->ctx->db, err, "UPDATE contact SET is_repeat = 1, repeat_of = ?2 "
	    "WHERE id = ?1 AND is_repeat = 0", "ii", c->id, repeat_of)) != 0)
		return rc;
	pm_lifecycle_s(s, "kind", kind);
	pm_lifecycle_s(s, "priority", priority);
	pm_lifecycle_s(s, "category", canon[0] ? canon : NULL);
	pm_lifecycle_t(s, "response_due", respond);
	/* after a reopen the resolution stays due from the reopen */
	if (c->reopened == 0)
		pm_lifecycle_limit(s, "resolve_due", resolve);
	else
		pm_lifecycle_t(s, "resolve_due", resolve);
	return 0;
}

static int
h_assign(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const pm_contact_act *a = x->a;
	int64_t dept = x->c.dept_id, who = 0, staff_dept = 0;
	int found, rc;

	if (a->dept == NULL && a->to == NULL)
		return pm_err_set(err, PM_EX_USAGE, _("assign: give a department, a person or both"));
	if (a->to != NULL) {
		if ((rc = pm_org_assignable(s->ctx, a->to, err)) != 0 ||
		    (rc = pm_org_staff_id(s->ctx, a->to, 0, &who, err)) != 0)
			return rc;
		if ((rc = pm_db_get_int(s->ctx->db, err, &staff_dept, &found,
		    "SELECT dept_id FROM staff WHERE id = ?1", "i", who)) != 0)
			return rc;
		if (a->dept == NULL && staff_dept != 0)
			dept = staff_dept;
	}
	if (a->dept != NULL && (rc = pm_org_dept_id(s->ctx, a->dept, PM_ORG_ACTIVE, &dept, err)) != 0)
		return rc;
	if ((rc = pm_db_run(s->ctx->db, err, "UPDATE contact SET dept_id = ?2, assignee_id = ?3 "
	    "WHERE id = ?1", "iII", s->id, dept, who)) != 0)
		return rc;
	if (a->dept != NULL)
		pm_lifecycle_s(s, "dept", a->dept);
	if (a->to != NULL)
		pm_lifecycle_s(s, "assignee", a->to);
	return 0;
}

static int
h_start(pm_lc_step *s, pm_err *err)
{
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET first_response_at = "
	    "coalesce(first_response_at, ?2) WHERE id = ?1", "ii", s->id, s->at);
}

static int
h_note(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;

	return pm_text_need(x->a->text, "text", err);
}

static int
h_resolve(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET resolved_at = ?2, result = ?3, "
	    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1", "iit",
	    s->id, s->at, x->a->text);
}

static int
h_reply(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const char *ch = x->a->channel ? x->a->channel : "phone";
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	if (!pm_text_word(PM_REPLY_CHANNELS, ch))
		return pm_text_one_of(err, "channel", ch, PM_REPLY_CHANNELS);
	pm_lifecycle_s(s, "channel", ch);
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET replied_at = ?2, reply_channel = ?3, "
	    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1", "iit",
	    s->id, s->at, ch);
}

static int
h_visit(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const pm_contact_act *a = x->a;
	int satisfied = a->satisfaction >= pm_config_int(s->ctx->cfg, "complaint.satisfied_min");
	int rc;

	if (a->satisfaction < 1 || a->satisfaction > 5)
		return pm_err_field(err, PM_EX_USAGE, "satisfaction", _("satisfaction: a score from 1 to 5"));
	pm_lifecycle_i(s, "satisfaction", a->satisfaction);
	pm_lifecycle_s(s, "satisfied", satisfied ? "yes" : "no");
	if ((rc = pm_db_run(s->ctx->db, err, "UPDATE contact SET satisfaction = ?2, visited_at = ?4, "
	    "visit_comment = ?3, visits = visits + 1 WHERE id = ?1", "iiti", s->id,
	    (int64_t)a->satisfaction, a->text, s->at)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET revisit = ?2 WHERE id = ?1", "ii",
	    s->id, (int64_t)!satisfied);
}

/* Does closing need a visit first?  The policy, and any dissatisfied
 * visit before: that owner is visited again. */
static int
needs_visit(pm_ctx *ctx, const struct crec *c)
{
	const char *policy = pm_config_str(ctx->cfg, "complaint.followup");

	if (strcmp(policy, "none") == 0)
		return 0;
	if (c->revisit)
		return 1;
	if (strcmp(policy, "all") == 0)
		return 1;
	return strcmp(policy, "complaints") == 0 && strcmp(c->kind, "complaint") == 0;
}

/*
 * Closing after the visit the owner was dissatisfied with is allowed:
 * whether the contact is handled again (reopen) or closed as it stands
 * is the closer's decision, and some owners are never satisfied.  But
 * it takes a note saying why, which the timeline keeps beside the score.
 */
static int
h_close(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const struct crec *c = &x->c;
	/* reopening clears visited_at, and a visit needs a reply first: so a
	 * visit on file is one after the latest reply, and revisit tells
	 * whether the owner was dissatisfied at it */
	int visited = c->has_visited;

	if (needs_visit(s->ctx, c) && !visited)
		return pm_err_set(err, PM_EX_DATAERR, _("%s needs a follow-up visit before it closes "
		    "(complaint.followup: %s): %s"), s->idtext,
		    pm_config_str(s->ctx->cfg, "complaint.followup"),
		    c->has_replied ? "visit first" : "reply first, then visit");
	if (visited && c->revisit && x->a->text == NULL)
		return pm_err_field(err, PM_EX_DATAERR, "text", _("%s: the owner was dissatisfied "
		    "at the follow-up visit: reopen it to handle it again, or close it with a "
		    "note saying why"), s->idtext);
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET closed_at = ?2 WHERE id = ?1", "ii",
	    s->id, s->at);
}

static int
h_reopen(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const struct crec *c = &x->c;
	const char *attrs[3];
	pm_time resolve;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	attrs[0] = c->kind;
	attrs[1] = c->priority;
	attrs[2] = c->category[0] ? c->category : NULL;
	if ((rc = pm_deadline_due_one(x->p.dl, x->p.cal, attrs, DL_RESOLVE, s->at, &resolve,
	    err)) != 0)
		return rc;
	pm_lifecycle_limit(s, "resolve_due", resolve);
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET reopened = reopened + 1, "
	    "resolved_at = NULL, replied_at = NULL, closed_at = NULL, visited_at = NULL, "
	    "result = NULL, reason = ?3, resolve_due = ?2, duplicate_of = NULL WHERE id = ?1",
	    "iit", s->id, resolve, x->a->text);
}

static int
h_reject(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE contact SET reason = ?2 WHERE id = ?1", "it",
	    s->id, x->a->text);
}

static int
h_duplicate(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	const pm_contact_act *a = x->a;
	struct crec orig;
	char ot[24];
	pm_id self = { 'C', s->id };
	int rc;

	if (a->of.n == 0)
		return pm_err_set(err, PM_EX_USAGE, _("duplicate-of: name the original contact"));
	pm_id_format(a->of, ot, sizeof ot);
	if (a->of.n == s->id)
		return pm_err_set(err, PM_EX_DATAERR, _("%s cannot duplicate itself"), ot);
	if ((rc = crec_load(s->ctx, a->of.n, &orig, err)) != 0)
		return rc;
	if ((rc = pm_db_run(s->ctx->db, err, "UPDATE contact SET duplicate_of = ?2 WHERE id = ?1", "ii",
	    s->id, a->of.n)) != 0 ||
	    (rc = pm_link_add(s->ctx, self, a->of, "duplicate", NULL, err)) != 0)
		return rc;
	pm_lifecycle_s(s, "of", ot);
	return 0;
}

int
pm_complaint_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_contact_act *a,
    pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(&pm_complaint_lifecycle, verb);
	struct act x;
	pm_lc_step s;
	int rc;

	if (t == NULL || (t->flags & PM_LC_INTERNAL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("complaint: %s is not an act"), verb);
	memset(&x, 0, sizeof x);
	x.a = a;
	/* the gate before the arguments' values: the state is what the user
	 * got wrong first; the transition's hook does the rest */
	if ((rc = pm_lifecycle_begin(ctx, &pm_complaint_lifecycle, verb, id.n, &s, err)) != 0 ||
	    (rc = crec_load(ctx, id.n, &x.c, err)) != 0 ||
	    (a->text != NULL && (rc = text_ok(ctx, a->text, "text", err)) != 0) ||
	    (rc = pm_lifecycle_at(&s, a->has_at, a->at, x.c.received_at, _("%s: %s at %s is "
	    "before the contact was received (%s)"), err)) != 0 ||
	    (rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &x.p, err)) != 0)
		goto out;
	s.note = a->text;
	s.arg = &x;
	rc = pm_lifecycle_finish(&s, err);
out:
	pm_lifecycle_end(&s);
	pm_dl_policy_free(&x.p);
	return rc;
}

/* ---- escalation and the work-order hook -------------------------------- */

/* A late contact climbs to its department head, then the manager role
 * (escalate.h has the column convention; contact's department is its
 * group). */
static const pm_esc_decl escalation = {
	.lc = &pm_complaint_lifecycle,
	.verb = "escalate",
	.levels_key = "complaint.escalate_levels",
	.every_key = "complaint.escalate_every",
	.base_rule = "head",
	.resolver = &pm_org_resolver,
	.group = "dept_id",
};

int
pm_complaint_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_apply(ctx, &escalation, id.n, res, err);
}

int
pm_complaint_link_workorder(pm_ctx *ctx, pm_id c, pm_id w, pm_err *err)
{
	return pm_link_logged(ctx, &pm_complaint_lifecycle, "link", c, w, "workorder", err);
}

int
pm_complaint_workorder_done(pm_ctx *ctx, pm_id c, pm_id w, pm_time at, const char *result,
    int *changed, pm_err *err)
{
	char wt[24], note[64];
	struct crec r;
	pm_lc_step s;
	int rc;

	*changed = 0;
	if ((rc = crec_load(ctx, c.n, &r, err)) != 0)
		return rc;
	/* done twice (a rerun) changes nothing */
	if (!pm_lifecycle_in(pm_complaint_lifecycle.open, r.status))
		return 0;
	if (at < r.received_at)
		at = r.received_at;
	pm_id_format(w, wt, sizeof wt);
	snprintf(note, sizeof note, "work order %s done", wt);
	if (result == NULL)
		result = note;
	if ((rc = pm_lifecycle_begin(ctx, &pm_complaint_lifecycle, "done", c.n, &s, err)) == 0 &&
	    (rc = pm_db_run(ctx->db, err, "UPDATE contact SET resolved_at = ?2, result = ?3, "
	    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1", "iit",
	    c.n, at, result)) == 0) {
		s.at = at;
		s.note = result;
		pm_lifecycle_s(&s, "workorder", wt);
		if ((rc = pm_lifecycle_finish(&s, err)) == 0)
			*changed = 1;
	}
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

/* As events (-o ics): a contact is its deadline — the due time, the ID,
 * category and the start of the text as the summary, where it is as the
 * location, the whole text first in the description. */
#define SUMMARY PM_COL_SUMMARY
#define WHERE PM_COL_LOCATION
const pm_col pm_complaint_cols[PM_CC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY | SUMMARY }, { "received", PM_C_TIME, 0, 0, 0 },
	{ "kind", PM_C_TEXT, 0, 0, 0 },
	{ "channel", PM_C_TEXT, 0, 0, 0 }, { "status", PM_C_TEXT, 0, 0, 0 }, { "priority", PM_C_TEXT, 0, 0, 0 },
	{ "category", PM_C_TEXT, 16, 0, SUMMARY }, { "site", PM_C_ID, 0, 0, WHERE },
	{ "building", PM_C_ID, 0, 0, WHERE },
	{ "unit", PM_C_ID, 0, 0, WHERE }, { "place", PM_C_TEXT, 16, 0, WHERE },
	{ "name", PM_C_TEXT, 0, PM_PII_NAME, 0 },
	{ "phone", PM_C_TEXT, 0, PM_PII_PHONE, 0 }, { "dept", PM_C_ID, 0, 0, 0 }, { "assignee", PM_C_ID, 0, 0, 0 },
	{ "due", PM_C_TIME, 0, 0, PM_COL_START }, { "response_due", PM_C_TIME, 0, 0, 0 },
	{ "resolve_due", PM_C_TIME, 0, 0, 0 }, { "first_response", PM_C_TIME, 0, 0, 0 },
	{ "resolved", PM_C_TIME, 0, 0, 0 }, { "replied", PM_C_TIME, 0, 0, 0 }, { "closed", PM_C_TIME, 0, 0, 0 },
	{ "level", PM_C_INT, 0, 0, 0 }, { "escalated", PM_C_TIME, 0, 0, 0 }, { "repeat", PM_C_BOOL, 0, 0, 0 },
	{ "repeat_of", PM_C_ID, 0, 0, 0 }, { "duplicate_of", PM_C_ID, 0, 0, 0 },
	{ "reopened", PM_C_INT, 0, 0, 0 }, { "satisfaction", PM_C_INT, 0, 0, 0 }, { "visits", PM_C_INT, 0, 0, 0 },
	{ "visited", PM_C_TIME, 0, 0, 0 }, { "visit_comment", PM_C_TEXT, 30, 0, 0 },
	{ "result", PM_C_TEXT, 30, 0, 0 }, { "reply_channel", PM_C_TEXT, 0, 0, 0 },
	{ "reason", PM_C_TEXT, 30, 0, 0 }, { "text", PM_C_TEXT, 40, 0, SUMMARY | PM_COL_DESC },
};
#undef SUMMARY
#undef WHERE

/* What each column is read from, in PM_CC_ order, and the join that
 * brings a code in.  The SELECT names only the columns asked for, so
 * `list -o id` reads an index and nothing else. */
enum { J_SITE = 1, J_BUILDING = 2, J_UNIT = 4, J_DEPT = 8, J_STAFF = 16 };
static const pm_lq_col ccol[PM_CC_N] = {
	{ "c.id", 0 }, { "c.received_at", 0 }, { "c.kind", 0 }, { "c.channel", 0 },
	{ "c.status", 0 }, { "c.priority", 0 }, { "c.category", 0 }, { "s.code", J_SITE },
	{ "b.code", J_BUILDING }, { "u.code", J_UNIT }, { "c.place", 0 }, { "c.name", 0 },
	{ "c.phone", 0 }, { "d.code", J_DEPT }, { "st.login", J_STAFF }, { "c.due_at", 0 },
	{ "c.response_due", 0 }, { "c.resolve_due", 0 }, { "c.first_response_at", 0 },
	{ "c.resolved_at", 0 }, { "c.replied_at", 0 }, { "c.closed_at", 0 },
	{ "c.esc_level", 0 }, { "c.escalated_at", 0 }, { "c.is_repeat", 0 },
	{ "c.repeat_of", 0 }, { "c.duplicate_of", 0 }, { "c.reopened", 0 },
	{ "c.satisfaction", 0 }, { "c.visits", 0 }, { "c.visited_at", 0 },
	{ "c.visit_comment", 0 }, { "c.result", 0 }, { "c.reply_channel", 0 },
	{ "c.reason", 0 }, { "c.text", 0 },
};
static const char *const joins[] = {
	" JOIN site s ON s.id = c.site_id",
	" LEFT JOIN building b ON b.id = c.building_id",
	" LEFT JOIN unit u ON u.id = c.unit_id",
	" LEFT JOIN department d ON d.id = c.dept_id",
	" LEFT JOIN staff st ON st.id = c.assignee_id",
};

/* Read as integers beside the numbers: the IDs (the rest are text:
 * codes and free text). */
#define INT_COLS (PM_CC_BIT(PM_CC_ID) | PM_CC_BIT(PM_CC_REPEAT_OF) | \
	PM_CC_BIT(PM_CC_DUPLICATE_OF))

struct pm_contact_iter {
	pm_stmt *st;
	pm_lq_sel sel;          /* SELECT position -> PM_CC_ column */
	char ids[3][24];
};

#define P(n) PM_LQ_P(n)

/* Parameters: ?1 now, ?2 due limit, ?3 status, ?4 assignee, ?5 dept,
 * ?6 category, ?7 kind, ?8 site, ?9 since, ?10 until, ?11 limit,
 * ?12 channel, ?13 one id (listq.h builds and binds it). */
static int
listq_build(pm_ctx *ctx, const pm_contact_filter *f, pm_listq *q, pm_err *err)
{
	int due = f->overdue || f->due_within > 0;
	int rc;

	pm_listq_init(q, P(3) | P(6) | P(7) | P(12));
	if (f->status != NULL && !pm_lifecycle_in(pm_complaint_lifecycle.states, f->status) &&
	    strcmp(f->status, "open") != 0)
		return pm_text_one_of(err, "status", f->status, "open, new, assigned, in_progress, "
		    "resolved, replied, closed, reopened, rejected, duplicate");
	if (f->kind != NULL && !pm_text_word(PM_CONTACT_KINDS, f->kind))
		return pm_text_one_of(err, "kind", f->kind, PM_CONTACT_KINDS);
	if (f->channel != NULL && !pm_text_word(PM_CONTACT_CHANNELS, f->channel))
		return pm_text_one_of(err, "channel", f->channel, PM_CONTACT_CHANNELS);
	if ((f->assignee != NULL && (rc = pm_org_staff_id(ctx, f->assignee, 0, &q->p[4],
	    err)) != 0) ||
	    (f->dept != NULL && (rc = pm_org_dept_id(ctx, f->dept, 0, &q->p[5], err)) != 0) ||
	    (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[8], err)) != 0))
		return rc;
	q->p[1] = ctx->now;
	q->p[2] = ctx->now + (f->due_within > 0 ? f->due_within : 0);
	q->t[3] = f->status;
	q->t[6] = f->category;
	q->t[7] = f->kind;
	q->p[9] = f->since;
	q->p[10] = f->until;
	q->p[11] = f->limit;
	q->t[12] = f->channel;
	q->p[13] = f->one;
	pm_listq_select(q, ccol, PM_CC_N, f->cols != 0 ? f->cols : ~UINT64_C(0), PM_CC_ID);
	pm_listq_from(q, " FROM contact c", joins, (int)(sizeof joins / sizeof joins[0]));
	if (f->one != 0) {
		pm_listq_add(q, " WHERE c.id = ?13", P(13));
		return 0;
	}
	/* the driving condition first: each matches one index (the open
	 * ones: the partial index contact_open, schema/0010) */
	pm_listq_state(q, &pm_complaint_lifecycle, "c", "received_at", f->status, f->all, due,
	    f->overdue);
	/*
	 * The filters.  By due time only contact_due gives the order, and
	 * an equality on another indexed column would win the planner over
	 * to that index and a sort of everything it finds (all 300,000
	 * contacts of one assignee to print their few overdue ones): there
	 * each filter is spelled to stay a filter.  The other listings go
	 * newest first, which every (x, received_at) index also gives.
	 */
	if (due && f->status != NULL && strcmp(f->status, "open") != 0)
		pm_listq_and(q, due, "c.status = ?3", "c.status || '' = ?3", P(3));
	if (f->assignee != NULL)
		pm_listq_and(q, due, "c.assignee_id = ?4", "+c.assignee_id = ?4", P(4));
	if (f->dept != NULL)
		pm_listq_and(q, due, "c.dept_id = ?5", "+c.dept_id = ?5", P(5));
	if (f->category != NULL)
		pm_listq_and(q, due,
		    "(c.category = ?6 OR substr(c.category, 1, length(?6) + 1) = ?6 || '/')",
		    "(c.category || '' = ?6 OR substr(c.category, 1, length(?6) + 1) = ?6 || '/')",
		    P(6));
	if (f->kind != NULL)
		pm_listq_and(q, due, "c.kind = ?7", "c.kind || '' = ?7", P(7));
	if (f->site != NULL)
		pm_listq_and(q, due, "c.site_id = ?8", "+c.site_id = ?8", P(8));
	if (f->has_since)
		pm_listq_and(q, due, "c.received_at >= ?9", "+c.received_at >= ?9", P(9));
	if (f->has_until)
		pm_listq_and(q, due, "c.received_at < ?10", "+c.received_at < ?10", P(10));
	if (f->channel != NULL)
		pm_listq_and(q, due, "c.channel = ?12", "c.channel || '' = ?12", P(12));
	if (due)
		pm_listq_add(q, " ORDER BY c.due_at, c.id", 0);
	else
		pm_listq_add(q, " ORDER BY c.received_at DESC, c.id DESC", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?11", P(11));
	return 0;
}

int
pm_complaint_list(pm_ctx *ctx, const pm_contact_filter *f, pm_contact_iter **out,
    pm_err *err)
{
	pm_contact_iter *it;
	pm_listq q;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &q, err)) != 0) {
		pm_listq_free(&q);
		return rc;
	}
	it = calloc(1, sizeof *it);
	if (it == NULL)
		abort();
	it->sel = q.sel;
	rc = pm_listq_prepare(ctx->db, &q, &it->st, err);
	pm_listq_free(&q);
	if (rc != 0) {
		pm_complaint_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

static const char *
typed(char *buf, int64_t n)
{
	pm_id id = { 'C', n };

	pm_id_format(id, buf, 24);
	return buf;
}

int
pm_complaint_next(pm_contact_iter *it, pm_contact_row *row, pm_err *err)
{
	int rc;

	if ((rc = pm_stmt_step(it->st, err)) != 1)
		return rc;
	pm_listq_cells(it->st, &it->sel, pm_complaint_cols, INT_COLS, row->c, PM_CC_N);
	if (!row->c[PM_CC_ID].null)
		row->c[PM_CC_ID].s = typed(it->ids[0], row->c[PM_CC_ID].i);
	if (!row->c[PM_CC_REPEAT_OF].null)
		row->c[PM_CC_REPEAT_OF].s = typed(it->ids[1], row->c[PM_CC_REPEAT_OF].i);
	if (!row->c[PM_CC_DUPLICATE_OF].null)
		row->c[PM_CC_DUPLICATE_OF].s = typed(it->ids[2], row->c[PM_CC_DUPLICATE_OF].i);
	return 1;
}

void
pm_complaint_iter_free(pm_contact_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

int
pm_complaint_list_plan(pm_ctx *ctx, const pm_contact_filter *f, pm_buf *plan, pm_err *err)
{
	pm_listq q;
	int rc;

	if ((rc = listq_build(ctx, f, &q, err)) == 0)
		rc = pm_listq_plan(ctx->db, &q, plan, err);
	pm_listq_free(&q);
	return rc;
}

const pm_perm_name pm_complaint_perm_names[] = {
	{ "complaint.new", "take in a contact" },
	{ "complaint.assign", "classify a contact and assign it" },
	{ "complaint.handle", "work on an assigned contact: start, note, resolve, reply, link" },
	{ "complaint.visit", "record the follow-up visit" },
	{ "complaint.close", "close, reopen, reject a contact or mark it a duplicate" },
	{ "complaint.escalate", "escalate late contacts" },
	{ NULL, NULL }
};

/* ---- what hooks see of a contact ------------------------------------------ */

/* The contact as it is now, for the JSON line of its hook events; name
 * and phone masked unless the hooks are configured to see them. */
static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	static const char *const cols[] = { "kind", "channel", "status", "priority", "category",
	    "site", "building", "unit", "place", "text", "department", "assignee", NULL };
	pm_stmt *st = NULL;
	pm_buf m;
	int i, rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT c.kind, c.channel, c.status, c.priority, "
	    "c.category, s.code, b.code, u.code, c.place, c.text, d.code, st.login, c.name, "
	    "c.phone, c.received_at, c.response_due, c.resolve_due, c.due_at, c.esc_level "
	    "FROM contact c JOIN site s ON s.id = c.site_id "
	    "LEFT JOIN building b ON b.id = c.building_id LEFT JOIN unit u ON u.id = c.unit_id "
	    "LEFT JOIN department d ON d.id = c.dept_id LEFT JOIN staff st ON st.id = c.assignee_id "
	    "WHERE c.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : 0;
	}
	for (i = 0; cols[i] != NULL; i++)
		pm_json_s(j, cols[i], pm_stmt_null(st, i) ? NULL : pm_stmt_text(st, i));
	pm_buf_init(&m);
	if (!clear && !pm_stmt_null(st, 12))
		pm_pii_name(&m, pm_stmt_text(st, 12));
	pm_json_s(j, "name", pm_stmt_null(st, 12) ? NULL : clear ? pm_stmt_text(st, 12) : m.s);
	pm_buf_reset(&m);
	if (!clear && !pm_stmt_null(st, 13))
		pm_pii_phone(&m, pm_stmt_text(st, 13));
	pm_json_s(j, "phone", pm_stmt_null(st, 13) ? NULL : clear ? pm_stmt_text(st, 13) : m.s);
	pm_buf_free(&m);
	pm_json_t(j, "received_at", pm_stmt_int(st, 14));
	pm_json_t(j, "response_due", pm_stmt_int(st, 15));
	pm_json_t(j, "resolve_due", pm_stmt_int(st, 16));
	if (pm_stmt_null(st, 17))
		pm_json_null(j, "due_at");
	else
		pm_json_t(j, "due_at", pm_stmt_int(st, 17));
	pm_json_i(j, "esc_level", pm_stmt_int(st, 18));
	pm_stmt_free(st);
	return 0;
}

const pm_hook_kind pm_complaint_hook_kind = { "contact", 'C', hook_record };
