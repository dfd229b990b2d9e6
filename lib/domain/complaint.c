/* complaint.c — owner contacts; see complaint.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "audit.h"
#include "calendar.h"
#include "category.h"
#include "complaint.h"
#include "deadline.h"
#include "escalate.h"
#include "link.h"
#include "pii.h"
#include "org.h"
#include "text.h"
#include "timeline.h"
#include "unit.h"

#define OPEN_STATES "new|assigned|in_progress|reopened"

static const pm_transition transitions[] = {
	{ "classify", OPEN_STATES, NULL, "complaint.assign",
	  "category, priority, kind; due times counted again from the received time" },
	{ "assign", OPEN_STATES, "assigned", "complaint.assign", "department and assignee" },
	{ "start", "assigned|reopened", "in_progress", "complaint.handle",
	  "the first response, if none yet" },
	{ "note", "*", NULL, "complaint.handle", "a note" },
	{ "resolve", OPEN_STATES, "resolved", "complaint.handle", "the result, resolved time" },
	{ "reply", "resolved|replied", "replied", "complaint.handle",
	  "what the owner was told and how, replied time" },
	{ "visit", "replied", NULL, "complaint.visit", "satisfaction 1-5 and comment" },
	{ "close", "resolved|replied", "closed", "complaint.close",
	  "closed time; refused while the follow-up policy asks for a visit" },
	{ "reopen", "resolved|replied|closed|rejected|duplicate", "reopened", "complaint.close",
	  "the reason; resolution due again from now" },
	{ "reject", OPEN_STATES, "rejected", "complaint.close", "the reason" },
	{ "duplicate", OPEN_STATES, "duplicate", "complaint.close", "the original, a link to it" },
	{ "escalate", OPEN_STATES, NULL, "complaint.escalate", "level and who is responsible" },
	{ "link", "*", NULL, "complaint.handle", "a linked record (work order)" },
	/* called by pm-workorder, whose own verb checked its permission */
	{ "done", OPEN_STATES, "resolved", "", "the linked work order and its result" },
	{ NULL, NULL, NULL, NULL, NULL }
};

const pm_lifecycle pm_complaint_lifecycle = {
	"contact", "complaint", 'C', "contact",
	"new|assigned|in_progress|resolved|replied|closed|reopened|rejected|duplicate", "new",
	transitions
};

/* Built-in limits (DOMAIN.md): urgent on site within 30 minutes; repairs
 * fixed within a day; complaints answered within 1 working day and
 * resolved within 5 working days (a week); the rest alike. */
static const pm_dl_rule default_limits[] = {
	{ { NULL, "urgent", NULL, NULL }, "30min", "4h", PM_CLOCK_CALENDAR },
	{ { "repair", "high", NULL, NULL }, "1h", "1d", PM_CLOCK_CALENDAR },
	{ { "repair", NULL, NULL, NULL }, "4h", "1d", PM_CLOCK_BUSINESS },
	{ { "complaint", "high", NULL, NULL }, "4h", "3d", PM_CLOCK_BUSINESS },
	{ { "complaint", NULL, NULL, NULL }, "1d", "5d", PM_CLOCK_BUSINESS },
	{ { NULL, NULL, NULL, NULL }, "1d", "5d", PM_CLOCK_BUSINESS },
};
static const char *const limit_keys[] = { "kind", "priority", "category" };

int
pm_complaint_word(const char *choices, const char *word)
{
	return word != NULL && *word != '\0' && pm_lifecycle_in(choices, word);
}

/* ---- configuration ---------------------------------------------------- */

struct policy {
	pm_category *cat;
	pm_deadline *dl;
	pm_calendar *cal;
};

static int
limit_check(void *arg, int key, const char *val, pm_err *err)
{
	const char *prio;
	char canon[200];

	if (key == 0 && !pm_complaint_word(PM_CONTACT_KINDS, val))
		return pm_err_set(err, PM_EX_CONFIG, "kind: one of %s", PM_CONTACT_KINDS);
	if (key == 1 && !pm_complaint_word(PM_PRIORITIES, val))
		return pm_err_set(err, PM_EX_CONFIG, "priority: one of %s", PM_PRIORITIES);
	if (key == 2)
		return pm_category_find(arg, val, canon, sizeof canon, &prio, err);
	return 0;
}

static void
policy_free(struct policy *p)
{
	pm_category_free(p->cat);
	pm_deadline_free(p->dl);
	pm_calendar_free(p->cal);
	memset(p, 0, sizeof *p);
}

static int
policy_load_cfg(const pm_config *cfg, struct policy *p, pm_err *err)
{
	int rc;

	memset(p, 0, sizeof *p);
	if ((rc = pm_category_load(cfg, &p->cat, err)) != 0 ||
	    (rc = pm_deadline_load(cfg, "complaint.limits", limit_keys, 3, default_limits,
	    sizeof default_limits / sizeof default_limits[0], limit_check, p->cat, &p->dl,
	    err)) != 0 ||
	    (rc = pm_calendar_load(cfg, &p->cal, err)) != 0)
		policy_free(p);
	return rc;
}

static int
policy_load(pm_ctx *ctx, struct policy *p, pm_err *err)
{
	return policy_load_cfg(ctx->cfg, p, err);
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	struct policy p;
	int rc;

	if ((rc = policy_load_cfg(cfg, &p, err)) == 0)
		policy_free(&p);
	return rc;
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

/* One integer from a query with up to two bound values; *found 0 when
 * no row. */
static int
query_int(pm_ctx *ctx, const char *sql, const char *t, int64_t n, int64_t *out, int *found,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	*found = 0;
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_text(st, 1, t);
	pm_stmt_bind_int(st, 2, n);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		*found = 1;
		*out = pm_stmt_null(st, 0) ? 0 : pm_stmt_int(st, 0);
		rc = 0;
	} else if (rc == 0) {
		rc = 0;
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

static int
dept_id(pm_ctx *ctx, const char *code, int64_t *id, pm_err *err)
{
	int64_t active = 0;
	int found, rc;

	if ((rc = query_int(ctx, "SELECT id FROM department WHERE code = ?1 AND ?2 = 0", code, 0,
	    id, &found, err)) != 0)
		return rc;
	if (!found)
		return pm_text_fail(err, PM_EX_NOINPUT, "no such department %s", code);
	if ((rc = query_int(ctx, "SELECT active FROM department WHERE code = ?1 AND ?2 = 0",
	    code, 0, &active, &found, err)) != 0)
		return rc;
	return active ? 0 : pm_text_fail(err, PM_EX_DATAERR, "department %s is deactivated", code);
}

static int
staff_id(pm_ctx *ctx, const char *login, int64_t *id, pm_err *err)
{
	int found, rc;

	if ((rc = query_int(ctx, "SELECT id FROM staff WHERE login = ?1 AND ?2 = 0", login, 0,
	    id, &found, err)) != 0)
		return rc;
	return found ? 0 : pm_text_fail(err, PM_EX_NOINPUT, "no such staff %s", login);
}

/* Check caller text: valid UTF-8, within text.max_chars. */
static int
text_ok(pm_ctx *ctx, const char *s, const char *what, pm_err *err)
{
	return pm_text_check(s, strlen(s), (size_t)pm_config_int(ctx->cfg, "text.max_chars"),
	    what, err);
}

static void
json_kv(pm_buf *b, const char *key, const char *val)
{
	pm_buf_addc(b, b->len > 1 ? ',' : '{');
	pm_json_str(b, key);
	pm_buf_addc(b, ':');
	if (val != NULL)
		pm_json_str(b, val);
	else
		pm_buf_adds(b, "null");
}

static void
json_kt(pm_buf *b, const char *key, pm_time t)
{
	char iso[48];

	pm_time_format(t, PM_TF_ISO, iso, sizeof iso);
	json_kv(b, key, iso);
}

static void
json_ki(pm_buf *b, const char *key, int64_t v)
{
	pm_buf_addc(b, b->len > 1 ? ',' : '{');
	pm_json_str(b, key);
	pm_buf_addf(b, ":%lld", (long long)v);
}

static const char *
json_end(pm_buf *b)
{
	if (b->len == 0)
		pm_buf_addc(b, '{');
	pm_buf_addc(b, '}');
	return b->s;
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
		rc = pm_err_set(err, PM_EX_NOINPUT, "no such complaint %s", idtext);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* Run an UPDATE of contact id with up to three bound values (?2 ?3 ?4). */
static int
update(pm_ctx *ctx, const char *sql, int64_t id, int64_t a, const char *b, int64_t c,
    pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	pm_stmt_bind_int(st, 2, a);
	pm_stmt_bind_text(st, 3, b);
	pm_stmt_bind_int(st, 4, c);
	rc = pm_stmt_run(st, err);
	pm_stmt_free(st);
	return rc;
}

/* due_at: the deadline an open contact waits on — the first response
 * until there is one, then the resolution; nothing once resolved. */
static int
set_due(pm_ctx *ctx, int64_t id, pm_err *err)
{
	return update(ctx, "UPDATE contact SET due_at = CASE "
	    "WHEN status NOT IN ('new', 'assigned', 'in_progress', 'reopened') THEN NULL "
	    "WHEN first_response_at IS NOT NULL THEN resolve_due "
	    "WHEN response_due < resolve_due THEN response_due ELSE resolve_due END "
	    "WHERE id = ?1 AND ?2 = 0 AND ?3 IS NULL AND ?4 = 0", id, 0, NULL, 0, err);
}

/* Both due times for a contact of this kind, priority and category. */
static int
compute_due(struct policy *p, const char *kind, const char *priority, const char *category,
    pm_time start, pm_time *respond, pm_time *resolve, pm_err *err)
{
	const char *attrs[3];

	attrs[0] = kind;
	attrs[1] = priority;
	attrs[2] = category != NULL && *category != '\0' ? category : NULL;
	return pm_deadline_due(p->dl, p->cal, attrs, start, respond, resolve, err);
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
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT id, building_id FROM unit WHERE site_id = ?1 "
	    "AND code = ?2", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, site);
	pm_stmt_bind_text(st, 2, code);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		*unit = pm_stmt_int(st, 0);
		*building = pm_stmt_null(st, 1) ? 0 : pm_stmt_int(st, 1);
		rc = 0;
	} else if (rc == 0) {
		rc = pm_text_fail(err, PM_EX_NOINPUT, "no such unit %s", code);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
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
intake_check(pm_ctx *ctx, struct policy *p, const pm_contact_in *in, char *canon,
    const char **priority, char *phone, pm_err *err)
{
	const char *catprio = "normal";
	int rc;

	if (in->kind != NULL && !pm_complaint_word(PM_CONTACT_KINDS, in->kind))
		return pm_text_fail(err, PM_EX_USAGE, "--kind %s: one of " PM_CONTACT_KINDS, in->kind);
	if (in->channel != NULL && !pm_complaint_word(PM_CONTACT_CHANNELS, in->channel))
		return pm_text_fail(err, PM_EX_USAGE, "--channel %s: one of " PM_CONTACT_CHANNELS,
		    in->channel);
	if (in->priority != NULL && !pm_complaint_word(PM_PRIORITIES, in->priority))
		return pm_text_fail(err, PM_EX_USAGE, "--priority %s: one of " PM_PRIORITIES, in->priority);
	if (in->text == NULL || *in->text == '\0')
		return pm_err_set(err, PM_EX_USAGE, "--text is required");
	if (in->unit != NULL && in->place != NULL)
		return pm_err_set(err, PM_EX_USAGE, "give --unit or --place, not both");
	if ((rc = text_ok(ctx, in->text, "text", err)) != 0 ||
	    (in->place != NULL && (rc = pm_text_check(in->place, strlen(in->place), 200, "place",
	    err)) != 0) ||
	    (in->name != NULL && (rc = pm_text_check(in->name, strlen(in->name), 64, "name",
	    err)) != 0))
		return rc;
	if (in->place != NULL && *in->place == '\0')
		return pm_err_set(err, PM_EX_USAGE, "--place is empty");
	if (in->name != NULL && *in->name == '\0')
		return pm_err_set(err, PM_EX_USAGE, "--name is empty");
	phone[0] = '\0';
	if (in->phone != NULL && (rc = pm_phone_normalize(in->phone, phone, 16, err)) != 0)
		return rc;
	canon[0] = '\0';
	if (in->category != NULL &&
	    (rc = pm_category_find(p->cat, in->category, canon, 200, &catprio, err)) != 0)
		return rc;
	*priority = in->priority != NULL ? in->priority : catprio;
	if (in->has_received && in->received > ctx->now)
		return pm_err_set(err, PM_EX_DATAERR, "--received is in the future");
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
	struct policy p;
	pm_stmt *st = NULL;
	pm_buf data, m;
	int rc;

	*repeat_of = 0;
	pm_buf_init(&data);
	pm_buf_init(&m);
	if ((rc = policy_load(ctx, &p, err)) != 0)
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
	    (*repeat_of != 0 && (rc = update(ctx, "UPDATE contact SET is_repeat = 1, "
	    "repeat_of = ?2 WHERE id = ?1 AND ?3 IS NULL AND ?4 = 0", row, *repeat_of, NULL, 0,
	    err)) != 0) ||
	    (rc = set_due(ctx, row, err)) != 0)
		goto out;
	/* the timeline and audit keep the facts, not the personal data */
	json_kv(&data, "kind", kind);
	json_kv(&data, "channel", channel);
	json_kv(&data, "category", canon[0] ? canon : NULL);
	json_kv(&data, "priority", priority);
	if (phone[0]) {
		pm_pii_phone(&m, phone);
		json_kv(&data, "phone", m.s);
	}
	json_kt(&data, "response_due", respond);
	json_kt(&data, "resolve_due", resolve);
	if (*repeat_of != 0) {
		pm_id rpid = { 'C', *repeat_of };
		pm_id_format(rpid, rid, sizeof rid);
		json_kv(&data, "repeat_of", rid);
	}
	rc = pm_lifecycle_created(ctx, &pm_complaint_lifecycle, row, received, NULL,
	    json_end(&data), err);
out:
	pm_stmt_free(st);
	pm_buf_free(&data);
	pm_buf_free(&m);
	policy_free(&p);
	return rc;
}

/* ---- the other verbs --------------------------------------------------- */

static int
need(const char *v, const char *opt, pm_err *err)
{
	if (v == NULL || *v == '\0')
		return pm_err_set(err, PM_EX_USAGE, "%s is required", opt);
	return 0;
}

/* The time of the act: not before the contact was received, not later
 * than now. */
static int
act_time(pm_ctx *ctx, const struct crec *c, const pm_contact_act *a, const char *verb,
    pm_time *at, pm_err *err)
{
	char t1[48], t2[48], idtext[24];
	pm_id pid = { 'C', c->id };

	*at = a->has_at ? a->at : ctx->now;
	pm_id_format(pid, idtext, sizeof idtext);
	if (*at < c->received_at) {
		pm_time_format(*at, PM_TF_MINUTE, t1, sizeof t1);
		pm_time_format(c->received_at, PM_TF_MINUTE, t2, sizeof t2);
		return pm_err_set(err, PM_EX_DATAERR, "%s: %s at %s is before the contact was "
		    "received (%s)", idtext, verb, t1, t2);
	}
	if (*at > ctx->now)
		return pm_err_set(err, PM_EX_DATAERR, "%s: %s time is in the future", idtext, verb);
	return 0;
}

static int
do_classify(pm_ctx *ctx, struct policy *p, const struct crec *c, const pm_contact_act *a,
    pm_time at, pm_buf *data, pm_err *err)
{
	const char *catprio = NULL, *kind = a->kind ? a->kind : c->kind, *priority;
	char canon[200];
	pm_time respond, resolve;
	int64_t repeat_of = 0;
	pm_stmt *st = NULL;
	int rc;

	(void)at;
	if (a->category == NULL && a->priority == NULL && a->kind == NULL)
		return pm_err_set(err, PM_EX_USAGE, "classify: give --category, --priority or --kind");
	if (a->kind != NULL && !pm_complaint_word(PM_CONTACT_KINDS, a->kind))
		return pm_text_fail(err, PM_EX_USAGE, "--kind %s: one of " PM_CONTACT_KINDS, a->kind);
	if (a->priority != NULL && !pm_complaint_word(PM_PRIORITIES, a->priority))
		return pm_text_fail(err, PM_EX_USAGE, "--priority %s: one of " PM_PRIORITIES, a->priority);
	snprintf(canon, sizeof canon, "%s", c->category);
	if (a->category != NULL &&
	    (rc = pm_category_find(p->cat, a->category, canon, sizeof canon, &catprio, err)) != 0)
		return rc;
	priority = a->priority ? a->priority : catprio ? catprio : c->priority;
	if ((rc = compute_due(p, kind, priority, canon, c->received_at, &respond, &resolve,
	    err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, "UPDATE contact SET kind = ?2, priority = ?3, "
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
	if (a->category != NULL && (rc = find_repeat(ctx, c->id, c->unit_id, canon,
	    c->received_at, &repeat_of, err)) != 0)
		return rc;
	if (repeat_of != 0 && (rc = update(ctx, "UPDATE contact SET is_repeat = 1, repeat_of = ?2 "
	    "WHERE id = ?1 AND is_repeat = 0 AND ?3 IS NULL AND ?4 = 0", c->id, repeat_of, NULL, 0,
	    err)) != 0)
		return rc;
	json_kv(data, "kind", kind);
	json_kv(data, "priority", priority);
	json_kv(data, "category", canon[0] ? canon : NULL);
	json_kt(data, "response_due", respond);
	json_kt(data, "resolve_due", resolve);
	return 0;
}

static int
do_assign(pm_ctx *ctx, const struct crec *c, const pm_contact_act *a, pm_buf *data,
    pm_err *err)
{
	int64_t dept = c->dept_id, who = 0, staff_dept = 0;
	int found, rc;

	if (a->dept == NULL && a->to == NULL)
		return pm_err_set(err, PM_EX_USAGE, "assign: give --dept CODE and/or --to LOGIN");
	if (a->to != NULL) {
		if ((rc = pm_org_assignable(ctx, a->to, err)) != 0 ||
		    (rc = staff_id(ctx, a->to, &who, err)) != 0)
			return rc;
		if ((rc = query_int(ctx, "SELECT dept_id FROM staff WHERE id = ?2 AND ?1 IS NULL",
		    NULL, who, &staff_dept, &found, err)) != 0)
			return rc;
		if (a->dept == NULL && staff_dept != 0)
			dept = staff_dept;
	}
	if (a->dept != NULL && (rc = dept_id(ctx, a->dept, &dept, err)) != 0)
		return rc;
	if ((rc = update(ctx, "UPDATE contact SET dept_id = nullif(?2, 0), "
	    "assignee_id = nullif(?4, 0) WHERE id = ?1 AND ?3 IS NULL", c->id, dept, NULL, who,
	    err)) != 0)
		return rc;
	if (a->dept != NULL)
		json_kv(data, "dept", a->dept);
	if (a->to != NULL)
		json_kv(data, "assignee", a->to);
	return 0;
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

static int
do_close(pm_ctx *ctx, const struct crec *c, pm_time at, pm_err *err)
{
	char idtext[24];
	pm_id pid = { 'C', c->id };
	/* reopening clears visited_at, and a visit needs a reply first: so a
	 * visit on file is one after the latest reply */
	int visited = c->has_visited;

	pm_id_format(pid, idtext, sizeof idtext);
	if (needs_visit(ctx, c) && !visited)
		return pm_err_set(err, PM_EX_DATAERR, "%s needs a follow-up visit before it closes "
		    "(complaint.followup: %s)", idtext, pm_config_str(ctx->cfg, "complaint.followup"));
	return update(ctx, "UPDATE contact SET closed_at = ?2 WHERE id = ?1 AND ?3 IS NULL "
	    "AND ?4 = 0", c->id, at, NULL, 0, err);
}

static int
do_reopen(pm_ctx *ctx, struct policy *p, const struct crec *c, pm_time at, const char *reason,
    pm_buf *data, pm_err *err)
{
	const pm_dl_rule *r;
	const char *attrs[3];
	pm_time resolve;
	int rc;

	attrs[0] = c->kind;
	attrs[1] = c->priority;
	attrs[2] = c->category[0] ? c->category : NULL;
	if ((r = pm_deadline_match(p->dl, attrs)) == NULL)
		return pm_err_set(err, PM_EX_CONFIG, "no time limit rule matches");
	if ((rc = pm_deadline_add(p->cal, r->clock, r->resolve, at, &resolve, err)) != 0)
		return rc;
	json_kt(data, "resolve_due", resolve);
	return update(ctx, "UPDATE contact SET reopened = reopened + 1, resolved_at = NULL, "
	    "replied_at = NULL, closed_at = NULL, visited_at = NULL, result = NULL, reason = ?3, "
	    "resolve_due = ?2, "
	    "duplicate_of = NULL WHERE id = ?1 AND ?4 = 0", c->id, resolve, reason, 0, err);
}

static int
do_duplicate(pm_ctx *ctx, const struct crec *c, const pm_contact_act *a, pm_buf *data,
    pm_err *err)
{
	struct crec orig;
	char ot[24];
	pm_id self = { 'C', c->id };
	int rc;

	if (a->of.n == 0)
		return pm_err_set(err, PM_EX_USAGE, "duplicate-of: name the original contact");
	pm_id_format(a->of, ot, sizeof ot);
	if (a->of.n == c->id)
		return pm_err_set(err, PM_EX_DATAERR, "%s cannot duplicate itself", ot);
	if ((rc = crec_load(ctx, a->of.n, &orig, err)) != 0)
		return rc;
	if ((rc = update(ctx, "UPDATE contact SET duplicate_of = ?2 WHERE id = ?1 AND ?3 IS NULL "
	    "AND ?4 = 0", c->id, a->of.n, NULL, 0, err)) != 0 ||
	    (rc = pm_link_add(ctx, self, a->of, "duplicate", NULL, err)) != 0)
		return rc;
	json_kv(data, "of", ot);
	return 0;
}

/* Verb-specific checks and column updates; the lifecycle step follows. */
static int
act_fields(pm_ctx *ctx, struct policy *p, const char *verb, const struct crec *c,
    const pm_contact_act *a, pm_time at, pm_buf *data, pm_err *err)
{
	int rc;

	if (strcmp(verb, "classify") == 0)
		return do_classify(ctx, p, c, a, at, data, err);
	if (strcmp(verb, "assign") == 0)
		return do_assign(ctx, c, a, data, err);
	if (strcmp(verb, "start") == 0)
		return update(ctx, "UPDATE contact SET first_response_at = coalesce(first_response_at, "
		    "?2) WHERE id = ?1 AND ?3 IS NULL AND ?4 = 0", c->id, at, NULL, 0, err);
	if (strcmp(verb, "note") == 0)
		return need(a->text, "--text", err);
	if (strcmp(verb, "resolve") == 0) {
		if ((rc = need(a->text, "--result", err)) != 0)
			return rc;
		return update(ctx, "UPDATE contact SET resolved_at = ?2, result = ?3, "
		    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1 AND ?4 = 0",
		    c->id, at, a->text, 0, err);
	}
	if (strcmp(verb, "reply") == 0) {
		const char *ch = a->channel ? a->channel : "phone";

		if ((rc = need(a->text, "--text", err)) != 0)
			return rc;
		if (!pm_complaint_word(PM_REPLY_CHANNELS, ch))
			return pm_text_fail(err, PM_EX_USAGE, "--channel %s: one of " PM_REPLY_CHANNELS, ch);
		json_kv(data, "channel", ch);
		return update(ctx, "UPDATE contact SET replied_at = ?2, reply_channel = ?3, "
		    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1 AND ?4 = 0",
		    c->id, at, ch, 0, err);
	}
	if (strcmp(verb, "visit") == 0) {
		int satisfied = a->satisfaction >= pm_config_int(ctx->cfg, "complaint.satisfied_min");

		if (a->satisfaction < 1 || a->satisfaction > 5)
			return pm_err_set(err, PM_EX_USAGE, "--satisfaction: 1 to 5");
		json_ki(data, "satisfaction", a->satisfaction);
		json_kv(data, "satisfied", satisfied ? "yes" : "no");
		if ((rc = update(ctx, "UPDATE contact SET satisfaction = ?2, visited_at = ?4, "
		    "visit_comment = ?3, visits = visits + 1 WHERE id = ?1", c->id, a->satisfaction,
		    a->text, at, err)) != 0)
			return rc;
		return update(ctx, "UPDATE contact SET revisit = ?2 WHERE id = ?1 AND ?3 IS NULL "
		    "AND ?4 = 0", c->id, !satisfied, NULL, 0, err);
	}
	if (strcmp(verb, "close") == 0)
		return do_close(ctx, c, at, err);
	if (strcmp(verb, "reopen") == 0) {
		if ((rc = need(a->text, "--reason", err)) != 0)
			return rc;
		return do_reopen(ctx, p, c, at, a->text, data, err);
	}
	if (strcmp(verb, "reject") == 0) {
		if ((rc = need(a->text, "--reason", err)) != 0)
			return rc;
		return update(ctx, "UPDATE contact SET reason = ?3 WHERE id = ?1 AND ?2 = 0 AND ?4 = 0",
		    c->id, 0, a->text, 0, err);
	}
	if (strcmp(verb, "duplicate") == 0)
		return do_duplicate(ctx, c, a, data, err);
	return pm_err_set(err, PM_EX_SOFTWARE, "complaint: unknown verb %s", verb);
}

int
pm_complaint_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_contact_act *a,
    pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(&pm_complaint_lifecycle, verb);
	struct policy p;
	struct crec c;
	pm_time at;
	pm_buf data;
	int rc;

	if (t == NULL || strcmp(verb, "escalate") == 0 || strcmp(verb, "link") == 0 ||
	    strcmp(verb, "done") == 0)
		return pm_err_set(err, PM_EX_SOFTWARE, "complaint: %s is not an act", verb);
	pm_buf_init(&data);
	memset(&p, 0, sizeof p);
	if ((rc = pm_perm_check(ctx, t->perm, err)) != 0 ||
	    (rc = crec_load(ctx, id.n, &c, err)) != 0)
		goto out;
	/* refuse the transition before looking at its arguments' values: the
	 * state is what the user got wrong first */
	if (!pm_lifecycle_in(t->from, c.status)) {
		rc = pm_lifecycle_apply(ctx, &pm_complaint_lifecycle, verb, id.n, ctx->now, NULL,
		    NULL, NULL, err);
		goto out;
	}
	if (a->text != NULL && (rc = text_ok(ctx, a->text, "text", err)) != 0)
		goto out;
	if ((rc = act_time(ctx, &c, a, verb, &at, err)) != 0 ||
	    (rc = policy_load(ctx, &p, err)) != 0 ||
	    (rc = act_fields(ctx, &p, verb, &c, a, at, &data, err)) != 0 ||
	    (rc = pm_lifecycle_apply(ctx, &pm_complaint_lifecycle, verb, id.n, at, a->text,
	    data.len ? json_end(&data) : NULL, NULL, err)) != 0)
		goto out;
	if (strcmp(verb, "close") == 0 || strcmp(verb, "reject") == 0 ||
	    strcmp(verb, "duplicate") == 0 || strcmp(verb, "resolve") == 0 ||
	    strcmp(verb, "reopen") == 0 || strcmp(verb, "start") == 0 ||
	    strcmp(verb, "reply") == 0 || strcmp(verb, "classify") == 0)
		rc = set_due(ctx, id.n, err);
out:
	policy_free(&p);
	pm_buf_free(&data);
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
	struct crec r;
	char wt[24];
	pm_buf data;
	int added, rc;

	if ((rc = crec_load(ctx, c.n, &r, err)) != 0 ||
	    (rc = pm_link_add(ctx, c, w, "workorder", &added, err)) != 0 || !added)
		return rc;
	pm_id_format(w, wt, sizeof wt);
	pm_buf_init(&data);
	json_kv(&data, "workorder", wt);
	rc = pm_lifecycle_apply(ctx, &pm_complaint_lifecycle, "link", c.n, ctx->now, NULL,
	    json_end(&data), NULL, err);
	pm_buf_free(&data);
	return rc;
}

int
pm_complaint_workorder_done(pm_ctx *ctx, pm_id c, pm_id w, pm_time at, const char *result,
    int *changed, pm_err *err)
{
	char wt[24], note[64];
	struct crec r;
	pm_buf data;
	int rc;

	*changed = 0;
	if ((rc = crec_load(ctx, c.n, &r, err)) != 0)
		return rc;
	if (!pm_lifecycle_in(OPEN_STATES, r.status))
		return 0;
	if (at < r.received_at)
		at = r.received_at;
	pm_id_format(w, wt, sizeof wt);
	snprintf(note, sizeof note, "work order %s done", wt);
	if (result == NULL)
		result = note;
	pm_buf_init(&data);
	json_kv(&data, "workorder", wt);
	if ((rc = update(ctx, "UPDATE contact SET resolved_at = ?2, result = ?3, "
	    "first_response_at = coalesce(first_response_at, ?2) WHERE id = ?1 AND ?4 = 0",
	    c.n, at, result, 0, err)) == 0 &&
	    (rc = pm_lifecycle_apply(ctx, &pm_complaint_lifecycle, "done", c.n, at, result,
	    json_end(&data), NULL, err)) == 0 &&
	    (rc = set_due(ctx, c.n, err)) == 0)
		*changed = 1;
	pm_buf_free(&data);
	return rc;
}

/* ---- reading ----------------------------------------------------------- */

const pm_col pm_complaint_cols[PM_CC_N] = {
	{ "id", PM_C_ID, 0 }, { "received", PM_C_TIME, 0 }, { "kind", PM_C_TEXT, 0 },
	{ "channel", PM_C_TEXT, 0 }, { "status", PM_C_TEXT, 0 }, { "priority", PM_C_TEXT, 0 },
	{ "category", PM_C_TEXT, 16 }, { "site", PM_C_ID, 0 }, { "building", PM_C_ID, 0 },
	{ "unit", PM_C_ID, 0 }, { "place", PM_C_TEXT, 16 }, { "name", PM_C_TEXT, 0 },
	{ "phone", PM_C_TEXT, 0 }, { "dept", PM_C_ID, 0 }, { "assignee", PM_C_ID, 0 },
	{ "due", PM_C_TIME, 0 }, { "response_due", PM_C_TIME, 0 },
	{ "resolve_due", PM_C_TIME, 0 }, { "first_response", PM_C_TIME, 0 },
	{ "resolved", PM_C_TIME, 0 }, { "replied", PM_C_TIME, 0 }, { "closed", PM_C_TIME, 0 },
	{ "level", PM_C_INT, 0 }, { "escalated", PM_C_TIME, 0 }, { "repeat", PM_C_BOOL, 0 },
	{ "repeat_of", PM_C_ID, 0 }, { "duplicate_of", PM_C_ID, 0 },
	{ "reopened", PM_C_INT, 0 }, { "satisfaction", PM_C_INT, 0 }, { "visits", PM_C_INT, 0 },
	{ "visited", PM_C_TIME, 0 }, { "visit_comment", PM_C_TEXT, 30 },
	{ "result", PM_C_TEXT, 30 }, { "reply_channel", PM_C_TEXT, 0 },
	{ "reason", PM_C_TEXT, 30 }, { "text", PM_C_TEXT, 40 },
};

/* The SELECT list, in PM_CC_ order. */
static const char select_cols[] =
	"SELECT c.id, c.received_at, c.kind, c.channel, c.status, c.priority, c.category, s.code, "
	"b.code, u.code, c.place, c.name, c.phone, d.code, st.login, c.due_at, c.response_due, "
	"c.resolve_due, c.first_response_at, c.resolved_at, c.replied_at, c.closed_at, "
	"c.esc_level, c.escalated_at, c.is_repeat, c.repeat_of, c.duplicate_of, c.reopened, "
	"c.satisfaction, c.visits, c.visited_at, c.visit_comment, c.result, c.reply_channel, "
	"c.reason, c.text "
	"FROM contact c JOIN site s ON s.id = c.site_id "
	"LEFT JOIN building b ON b.id = c.building_id LEFT JOIN unit u ON u.id = c.unit_id "
	"LEFT JOIN department d ON d.id = c.dept_id LEFT JOIN staff st ON st.id = c.assignee_id ";

struct pm_contact_iter {
	pm_stmt *st;
	int unmask;
	char ids[3][24];
	pm_buf name, phone;
};

/* Parameters: ?1 now, ?2 due limit, ?3 status, ?4 assignee, ?5 dept,
 * ?6 category, ?7 kind, ?8 site, ?9 since, ?10 until, ?11 limit,
 * ?12 channel, ?13 one id.  The SQL is built from these fixed pieces
 * only; the values are bound. */
struct listq {
	pm_buf sql;
	int64_t assignee, dept, site;
	int64_t due_limit;
	unsigned used;          /* bit N: ?N appears */
};

/* Append a fragment that uses parameters mask. */
static void
frag(struct listq *q, const char *sql, unsigned mask)
{
	pm_buf_adds(&q->sql, sql);
	q->used |= mask;
}
#define P(n) (1u << (n))

static int
listq_build(pm_ctx *ctx, const pm_contact_filter *f, struct listq *q, pm_err *err)
{
	int due = f->overdue || f->due_within > 0;
	int rc;

	pm_buf_init(&q->sql);
	q->assignee = q->dept = q->site = 0;
	q->used = 0;
	if (f->status != NULL && !pm_lifecycle_in(pm_complaint_lifecycle.states, f->status) &&
	    strcmp(f->status, "open") != 0)
		return pm_text_fail(err, PM_EX_USAGE, "--status %s: open or one of new, assigned, "
		    "in_progress, resolved, replied, closed, reopened, rejected, duplicate",
		    f->status);
	if (f->kind != NULL && !pm_complaint_word(PM_CONTACT_KINDS, f->kind))
		return pm_text_fail(err, PM_EX_USAGE, "--kind %s: one of " PM_CONTACT_KINDS, f->kind);
	if (f->channel != NULL && !pm_complaint_word(PM_CONTACT_CHANNELS, f->channel))
		return pm_text_fail(err, PM_EX_USAGE, "--channel %s: one of " PM_CONTACT_CHANNELS,
		    f->channel);
	if ((f->assignee != NULL && (rc = staff_id(ctx, f->assignee, &q->assignee, err)) != 0) ||
	    (f->dept != NULL && (rc = query_int(ctx, "SELECT id FROM department WHERE code = ?1 "
	    "AND ?2 = 0", f->dept, 0, &q->dept, &rc, err)) != 0) ||
	    (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &q->site, err)) != 0))
		return rc;
	if (f->dept != NULL && q->dept == 0)
		return pm_text_fail(err, PM_EX_NOINPUT, "no such department %s", f->dept);
	q->due_limit = ctx->now + (f->due_within > 0 ? f->due_within : 0);
	pm_buf_adds(&q->sql, select_cols);
	if (f->one != 0) {
		frag(q, "WHERE c.id = ?13", P(13));
		return 0;
	}
	/* the driving condition first: each matches one index */
	if (due) {
		frag(q, "WHERE c.due_at IS NOT NULL AND c.due_at <= ?2", P(2));
		if (!f->overdue)
			frag(q, " AND c.due_at > ?1", P(1));
	} else if (f->all) {
		frag(q, "WHERE c.received_at <= ?1", P(1));
	} else if (f->status != NULL && strcmp(f->status, "open") != 0) {
		frag(q, "WHERE c.status = ?3 AND c.received_at <= ?1", P(1) | P(3));
	} else {
		/* word for word the WHERE of the partial index contact_open */
		frag(q, "WHERE c.status NOT IN ('closed', 'rejected', 'duplicate') "
		    "AND c.received_at <= ?1", P(1));
	}
	if (due && f->status != NULL && strcmp(f->status, "open") != 0)
		frag(q, " AND c.status = ?3", P(3));
	if (f->assignee != NULL)
		frag(q, " AND c.assignee_id = ?4", P(4));
	if (f->dept != NULL)
		frag(q, " AND c.dept_id = ?5", P(5));
	if (f->category != NULL)
		frag(q, " AND (c.category = ?6 OR substr(c.category, 1, "
		    "length(?6) + 1) = ?6 || '/')", P(6));
	if (f->kind != NULL)
		frag(q, " AND c.kind = ?7", P(7));
	if (f->site != NULL)
		frag(q, " AND c.site_id = ?8", P(8));
	if (f->has_since)
		frag(q, " AND c.received_at >= ?9", P(9));
	if (f->has_until)
		frag(q, " AND c.received_at < ?10", P(10));
	if (f->channel != NULL)
		frag(q, " AND c.channel = ?12", P(12));
	if (due)
		pm_buf_adds(&q->sql, " ORDER BY c.due_at, c.id");
	else
		pm_buf_adds(&q->sql, " ORDER BY c.received_at DESC, c.id DESC");
	if (f->limit > 0)
		frag(q, " LIMIT ?11", P(11));
	return 0;
}

/* Bind only the parameters the statement has (sqlite numbers them by
 * the highest ?N, so a gap is fine and an unused one is not bound). */
static void
listq_bind(pm_ctx *ctx, const pm_contact_filter *f, const struct listq *q, pm_stmt *st)
{
	static const int text_params = P(3) | P(6) | P(7) | P(12);
	int64_t ints[14];
	const char *texts[14];
	int i;

	memset(ints, 0, sizeof ints);
	memset(texts, 0, sizeof texts);
	ints[1] = ctx->now;
	ints[2] = q->due_limit;
	texts[3] = f->status;
	ints[4] = q->assignee;
	ints[5] = q->dept;
	texts[6] = f->category;
	texts[7] = f->kind;
	ints[8] = q->site;
	ints[9] = f->since;
	ints[10] = f->until;
	ints[11] = f->limit;
	texts[12] = f->channel;
	ints[13] = f->one;
	for (i = 1; i < 14; i++) {
		if (!(q->used & P(i)))
			continue;
		if (text_params & P(i))
			pm_stmt_bind_text(st, i, texts[i]);
		else
			pm_stmt_bind_int(st, i, ints[i]);
	}
}

int
pm_complaint_list(pm_ctx *ctx, const pm_contact_filter *f, pm_contact_iter **out,
    pm_err *err)
{
	pm_contact_iter *it;
	struct listq q;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &q, err)) != 0) {
		pm_buf_free(&q.sql);
		return rc;
	}
	it = calloc(1, sizeof *it);
	if (it == NULL)
		abort();
	pm_buf_init(&it->name);
	pm_buf_init(&it->phone);
	it->unmask = f->unmask;
	if ((rc = pm_db_prepare(ctx->db, q.sql.s, &it->st, err)) != 0) {
		pm_buf_free(&q.sql);
		pm_complaint_iter_free(it);
		return rc;
	}
	listq_bind(ctx, f, &q, it->st);
	pm_buf_free(&q.sql);
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
	pm_stmt *st = it->st;
	int i, rc;

	if ((rc = pm_stmt_step(st, err)) != 1)
		return rc;
	for (i = 0; i < PM_CC_N; i++) {
		row->null[i] = pm_stmt_null(st, i);
		row->v[i] = pm_stmt_text(st, i);
		row->i[i] = row->null[i] ? 0 : pm_stmt_int(st, i);
	}
	row->v[PM_CC_ID] = typed(it->ids[0], row->i[PM_CC_ID]);
	if (!row->null[PM_CC_REPEAT_OF])
		row->v[PM_CC_REPEAT_OF] = typed(it->ids[1], row->i[PM_CC_REPEAT_OF]);
	if (!row->null[PM_CC_DUPLICATE_OF])
		row->v[PM_CC_DUPLICATE_OF] = typed(it->ids[2], row->i[PM_CC_DUPLICATE_OF]);
	if (!it->unmask) {
		pm_buf_reset(&it->name);
		pm_buf_reset(&it->phone);
		if (!row->null[PM_CC_NAME]) {
			pm_pii_name(&it->name, row->v[PM_CC_NAME]);
			row->v[PM_CC_NAME] = it->name.s;
		}
		if (!row->null[PM_CC_PHONE]) {
			pm_pii_phone(&it->phone, row->v[PM_CC_PHONE]);
			row->v[PM_CC_PHONE] = it->phone.s;
		}
	}
	return 1;
}

void
pm_complaint_iter_free(pm_contact_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	pm_buf_free(&it->name);
	pm_buf_free(&it->phone);
	free(it);
}

int
pm_complaint_list_plan(pm_ctx *ctx, const pm_contact_filter *f, pm_buf *plan, pm_err *err)
{
	pm_stmt *st = NULL;
	struct listq q;
	pm_buf sql;
	int rc;

	pm_buf_init(&sql);
	if ((rc = listq_build(ctx, f, &q, err)) != 0)
		goto out;
	pm_buf_adds(&sql, "EXPLAIN QUERY PLAN ");
	pm_buf_adds(&sql, q.sql.s);
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	listq_bind(ctx, f, &q, st);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		pm_buf_adds(plan, pm_stmt_text(st, pm_stmt_ncol(st) - 1));
		pm_buf_addc(plan, '\n');
	}
	rc = rc < 0 ? err->status : 0;
out:
	pm_stmt_free(st);
	pm_buf_free(&q.sql);
	pm_buf_free(&sql);
	return rc;
}
