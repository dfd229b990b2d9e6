/* action.c — improvement actions and their follow-up; see action.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "action.h"
#include "calendar.h"
#include "deadline.h"
#include "escalate.h"
#include "json.h"
#include "link.h"
#include "listq.h"
#include "meeting.h"
#include "org.h"
#include "text.h"
#include "unit.h"

/* Work pending: the due time runs, escalation climbs.  done waits on
 * management's acceptance; verified and cancelled are out of play (the
 * partial index action_open leaves exactly these out). */
#define OPEN "open|in_progress"
#define FINAL "verified|cancelled"

static int h_progress(pm_lc_step *s, pm_err *err);
static int h_done(pm_lc_step *s, pm_err *err);
static int h_verify(pm_lc_step *s, pm_err *err);
static int h_reopen(pm_lc_step *s, pm_err *err);
static int h_cancel(pm_lc_step *s, pm_err *err);
static int h_assign(pm_lc_step *s, pm_err *err);

static const pm_transition transitions[] = {
	/* the owner follows their own action up; anyone else needs
	 * action.work (pm_action_perm): "" here is any active member */
	{ .verb = "progress", .from = OPEN, .to = "in_progress",
	  .perm = "", .flags = PM_LC_DUE, .hook = h_progress,
	  .records = "a progress note (跟进): what has been done so far",
	  .hint_on = "done", .hint = "it is done: reopen it first" },
	{ .verb = "done", .from = OPEN, .to = "done",
	  .perm = "", .flags = PM_LC_DUE, .hook = h_done,
	  .records = "the result; the action awaits acceptance" },
	{ .verb = "verify", .from = "done", .to = "verified",
	  .perm = "action.verify", .flags = PM_LC_DUE, .hook = h_verify,
	  .records = "management's acceptance, by someone other than the owner",
	  .hint_on = OPEN, .hint = "it must be done first" },
	{ .verb = "reopen", .from = "done|" FINAL, .to = "in_progress",
	  .perm = "action.close", .flags = PM_LC_DUE, .hook = h_reopen,
	  .records = "why (the result is not accepted); due again, from now when it had passed" },
	{ .verb = "cancel", .from = OPEN "|done", .to = "cancelled",
	  .perm = "action.close", .flags = PM_LC_DUE, .hook = h_cancel,
	  .records = "why" },
	{ .verb = "assign", .from = OPEN, .perm = "action.create", .hook = h_assign,
	  .records = "a new owner (and the owner's department)" },
	{ .verb = "escalate", .from = OPEN, .perm = "action.escalate", .flags = PM_LC_INTERNAL,
	  .records = "level and who is responsible" },
	{ .verb = NULL }
};

const pm_lifecycle pm_action_lifecycle = {
	"action", "action", 'A', "action",
	OPEN "|done|" FINAL, OPEN, FINAL, "open", NULL, transitions,
	"due_end", NULL
};

/* ---- configuration ------------------------------------------------------ */

/* Built-in limits: a month to act on a monthly report, two weeks for
 * anything else (a meeting's decision, a complaint's lesson). */
static const pm_dl_rule default_limits[] = {
	{ { "report", NULL, NULL, NULL }, { "30d", NULL, NULL, NULL }, PM_CLOCK_CALENDAR },
	{ { NULL, NULL, NULL, NULL }, { "14d", NULL, NULL, NULL }, PM_CLOCK_CALENDAR },
};
static const char *const limit_keys[] = { "source" };
static const char *const limit_names[] = { "due" };

#define SOURCE_WORDS "meeting|contact|workorder|hazard|incident|drill|report"

static const pm_dl_decl time_policy = {
	{ "action.limits", limit_keys, 1, limit_names, 1, default_limits,
	  sizeof default_limits / sizeof default_limits[0], NULL, NULL },
	NULL, 0, { SOURCE_WORDS, NULL, NULL, NULL }
};

static int
config_check(const pm_config *cfg, pm_err *err)
{
	return pm_dl_policy_check(cfg, &time_policy, err);
}

static const pm_cfg_key config_keys[] = {
	{ "action.limits", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the due limit of an action made without --due, per source kind, first match "
	  "wins (deadline.c checks them)", NULL },
	{ "action.escalate_levels", PM_CFG_STR, "head,role:manager", NULL, 0, 0,
	  "who takes over a late action at each level above its owner",
	  pm_org_escalate_check },
	{ "action.escalate_every", PM_CFG_SPAN, "3d", NULL, 60, 366 * 86400,
	  "further lateness after which a late action climbs one more level", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_action_config = { "action", config_keys, config_check };

/* ---- sources -------------------------------------------------------------- */

static pm_idreg sources;

int
pm_action_source_register(const pm_action_source *s)
{
	if (s->lc == NULL && s->exists == NULL)
		return -1;
	return pm_idreg_add(&sources, s->idtype, s);
}

static const pm_action_source *
source_of(char idtype)
{
	return pm_idreg_find(&sources, idtype);
}

static int
bad_source(pm_err *err, const char *s)
{
	pm_buf q;

	pm_buf_init(&q);
	pm_err_field(err, PM_EX_USAGE, "source", _("source %s: meeting:G3 (G3#2: its second issue), "
	    "an ID (C12, W7) or report:YYYY-MM"), pm_text_quote(&q, s != NULL ? s : ""));
	pm_buf_free(&q);
	return PM_EX_USAGE;
}

/* A meeting's issue number after '#': 1-999999, no leading zero. */
static int
issue_number(const char *p, int64_t *n)
{
	int64_t v = 0;
	int digits = 0;

	if (*p == '0')
		return -1;
	for (; *p >= '0' && *p <= '9' && digits < 7; p++, digits++)
		v = v * 10 + (*p - '0');
	if (*p != '\0' || digits == 0 || digits > 6)
		return -1;
	*n = v;
	return 0;
}

int
pm_action_source_parse(const char *s, pm_action_src *out, pm_err *err)
{
	char idpart[72];
	const char *p, *hash;
	pm_err e;

	memset(out, 0, sizeof *out);
	if (s == NULL || *s == '\0' || strlen(s) > 64)
		return bad_source(err, s);
	if (strncmp(s, "report:", 7) == 0) {
		p = s + 7;
		/* a month as written, not "this" or "last": the record names one */
		if (strlen(p) != 7 || p[4] != '-' || pm_month_parse(p, 0, &out->month, &e) != 0)
			return bad_source(err, s);
		return 0;
	}
	p = s;
	if (strncmp(p, "meeting:", 8) == 0) {
		p += 8;
		if ((p[0] == 'M' || p[0] == 'm') && (p[1] == 'T' || p[1] == 't'))
			p += 2;         /* MT3, as the minutes write it */
	}
	/* G3#2: one issue of the meeting */
	snprintf(idpart, sizeof idpart, "%s", p);
	if ((hash = strchr(p, '#')) != NULL) {
		idpart[hash - p] = '\0';
		if (issue_number(hash + 1, &out->issue) != 0)
			return bad_source(err, s);
	}
	if (pm_id_parse(idpart, p != s ? 'G' : 0, &out->id, &e) != 0 ||
	    (p != s && out->id.type != 'G') || (out->issue != 0 && out->id.type != 'G'))
		return bad_source(err, s);
	return 0;
}

/* A source as shown: "G3#2", "C12", "report:2026-11" into buf (n >= 40). */
static const char *
source_text(const char *type, const char *num, int64_t issue, char *buf, size_t n)
{
	if (strcmp(type, "report") == 0)
		snprintf(buf, n, "report:%s", num);
	else if (issue > 0)
		snprintf(buf, n, "%s%s#%lld", type, num, (long long)issue);
	else
		snprintf(buf, n, "%s%s", type, num);
	return buf;
}

int
pm_action_due_parse(const char *s, pm_time now, pm_time *out, pm_err *err)
{
	pm_date d, next;
	pm_err e;

	if (s == NULL || *s == '\0')
		return pm_err_field(err, PM_EX_USAGE, "due", _("due: a date or a time"));
	/* a date is the whole of that day: due by its end */
	if (strlen(s) == 10 && pm_date_parse(s, &d, &e) == 0 && pm_date_add_days(d, 1, &next) == 0) {
		*out = pm_date_start(next) - 1;  /* 23:59:59: still that day */
		return 0;
	}
	if (pm_time_parse(s, now, out, err) != 0) {
		err->status = PM_EX_USAGE;
		return pm_err_prefix(err, "%s", "due");
	}
	return 0;
}

/* ---- small helpers --------------------------------------------------------- */

static size_t
max_chars(pm_ctx *ctx)
{
	return (size_t)pm_config_int(ctx->cfg, "text.max_chars");
}

static const char *
aid(int64_t n, char *buf)
{
	pm_id id = { 'A', n };

	pm_id_format(id, buf, 24);
	return buf;
}

/* The kind word of a source (action.limits' key). */
static const char *
source_word(const pm_id *src)
{
	const pm_action_source *h;

	if (src->type == 0)
		return "report";
	h = source_of(src->type);
	return h != NULL ? h->name : NULL;
}

/* The due limit from action.limits for a source kind, from start. */
static int
policy_due(pm_ctx *ctx, const char *word, pm_time start, pm_time *due, pm_err *err)
{
	const char *attrs[1] = { word };
	pm_dl_policy p;
	int rc;

	if ((rc = pm_dl_policy_load(ctx->cfg, ctx, &time_policy, &p, err)) == 0)
		rc = pm_deadline_due_one(p.dl, p.cal, attrs, 0, start, due, err);
	pm_dl_policy_free(&p);
	return rc;
}

/* ---- new ------------------------------------------------------------------ */

int
pm_action_new(pm_ctx *ctx, const pm_action_in *in, pm_id *id, pm_err *err)
{
	const pm_action_source *h = NULL;
	int64_t owner = 0, dept = 0, site = 0, row;
	char stype[8], stext[48], mtext[16], status[32];
	pm_action_src sp;
	pm_time due;
	pm_id src;
	pm_lc_step s;
	int found, rc;

	memset(&s, 0, sizeof s);
	if ((rc = pm_perm_check(ctx, "action.create", err)) != 0)
		return rc;
	if ((rc = pm_text_need(in->text, "text", err)) != 0 ||
	    (rc = pm_text_field(in->text, max_chars(ctx), "text", err)) != 0 ||
	    (rc = pm_text_need(in->owner, "owner", err)) != 0 ||
	    (rc = pm_text_need(in->source, "source", err)) != 0 ||
	    (rc = pm_action_source_parse(in->source, &sp, err)) != 0)
		return rc;
	src = sp.id;
	if (in->has_due && in->due <= ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "due", _("the due time has passed"));
	/* the source: a record of a registered kind that exists, or a month */
	if (src.type != 0) {
		pm_id_format(src, stext, sizeof stext);
		if ((h = source_of(src.type)) == NULL) {
			const pm_idkind *k = pm_idkind_of(src.type);
			return pm_err_field(err, PM_EX_DATAERR, "source", _("%s: actions are not made "
			    "from records of this kind (%s)"), stext, k != NULL ? k->what : "?");
		}
		if (h->lc != NULL)
			rc = pm_lifecycle_status(ctx, h->lc, src.n, status, sizeof status, err);
		else
			rc = h->exists(ctx, src, err);
		if (rc != 0 || (sp.issue != 0 &&
		    (rc = pm_meeting_issue_exists(ctx, src, sp.issue, err)) != 0))
			return rc;
		snprintf(stype, sizeof stype, "%c", src.type);
		if (sp.issue != 0)
			snprintf(stext + strlen(stext), sizeof stext - strlen(stext), "#%lld",
			    (long long)sp.issue);
	} else {
		pm_month_format(sp.month, mtext, sizeof mtext);
		snprintf(stype, sizeof stype, "report");
	}
	if ((rc = pm_org_assignable(ctx, in->owner, err)) != 0 ||
	    (rc = pm_org_staff_id(ctx, in->owner, 0, &owner, err)) != 0 ||
	    (rc = pm_db_get_int(ctx->db, err, &dept, &found, "SELECT dept_id FROM staff "
	    "WHERE id = ?1", "i", owner)) != 0)
		return pm_err_prefix(err, "%s", "owner");
	if (in->site != NULL) {
		if ((rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site, err)) != 0)
			return rc;
	} else if (h != NULL && h->table != NULL) {
		/* the record's site (NULL: a company-wide meeting) */
		char sql[96];

		snprintf(sql, sizeof sql, "SELECT site_id FROM %s WHERE id = ?1", h->table);
		if ((rc = pm_db_get_int(ctx->db, err, &site, &found, sql, "i", src.n)) != 0)
			return rc;
	}
	if (in->has_due)
		due = in->due;
	else if ((rc = policy_due(ctx, source_word(&src), ctx->now, &due, err)) != 0)
		return rc;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO action (site_id, text, owner_id, dept_id, "
	    "source_type, source_id, source_month, source_issue, status, created_at, due_end) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", "ItiItITItii", site,
	    in->text, owner, dept, stype, src.type != 0 ? src.n : (int64_t)0,
	    src.type != 0 ? NULL : mtext, sp.issue, pm_action_lifecycle.initial, ctx->now,
	    due)) != 0)
		return rc;
	row = pm_db_last_id(ctx->db);
	id->type = 'A';
	id->n = row;
	if ((rc = pm_lifecycle_due(ctx, &pm_action_lifecycle, row, pm_action_lifecycle.initial,
	    err)) != 0)
		return rc;
	pm_lifecycle_created(ctx, &pm_action_lifecycle, row, &s);
	pm_lifecycle_s(&s, "text", in->text);
	pm_lifecycle_s(&s, "owner", in->owner);
	pm_lifecycle_s(&s, "source", src.type != 0 ? stext : in->source);
	pm_lifecycle_t(&s, "due", due);
	if ((rc = pm_lifecycle_finish(&s, err)) == 0 && src.type != 0)
		rc = pm_link_add(ctx, src, *id, "action", NULL, err);
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- the other verbs -------------------------------------------------------- */

struct act {
	const pm_action_args *a;
	int64_t owner_id, due_end;
	char source[8];
};

static int
h_progress(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE action SET progress_at = ?2, "
	    "progress_n = progress_n + 1 WHERE id = ?1", "ii", s->id, s->at);
}

static int
h_done(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE action SET done_at = ?2, result = ?3 "
	    "WHERE id = ?1", "iit", s->id, s->at, x->a->text);
}

static int
h_verify(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t me = pm_org_actor_id(s->ctx);

	/* acceptance is management's word on the owner's work, never the
	 * owner's own */
	if (me != 0 && me == x->owner_id)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: %s owns this action; acceptance is "
		    "by someone else"), s->idtext, s->ctx->actor.login);
	return pm_db_run(s->ctx->db, err, "UPDATE action SET verified_at = ?2, verifier_id = ?3 "
	    "WHERE id = ?1", "iiI", s->id, s->at, me);
}

static int
h_reopen(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	pm_time due = x->due_end;
	pm_id src = { 0, 0 };
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	/* a limit that has passed is counted again from the reopening:
	 * otherwise the action would be late, and escalated, at once */
	if (due <= s->at) {
		src.type = strcmp(x->source, "report") == 0 ? 0 : x->source[0];
		if ((rc = policy_due(s->ctx, source_word(&src), s->at, &due, err)) != 0)
			return rc;
		pm_lifecycle_t(s, "due", due);
	}
	return pm_db_run(s->ctx->db, err, "UPDATE action SET reopened = reopened + 1, "
	    "done_at = NULL, verified_at = NULL, verifier_id = NULL, cancelled_at = NULL, "
	    "reason = ?3, due_end = ?2, esc_level = 0, escalated_at = NULL WHERE id = ?1", "iit",
	    s->id, due, x->a->text);
}

static int
h_cancel(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int rc;

	if ((rc = pm_text_need(x->a->text, "text", err)) != 0)
		return rc;
	return pm_db_run(s->ctx->db, err, "UPDATE action SET cancelled_at = ?2, reason = ?3 "
	    "WHERE id = ?1", "iit", s->id, s->at, x->a->text);
}

static int
h_assign(pm_lc_step *s, pm_err *err)
{
	struct act *x = s->arg;
	int64_t owner = 0, dept = 0;
	int found, rc;

	if ((rc = pm_text_need(x->a->owner, "owner", err)) != 0 ||
	    (rc = pm_org_assignable(s->ctx, x->a->owner, err)) != 0 ||
	    (rc = pm_org_staff_id(s->ctx, x->a->owner, 0, &owner, err)) != 0 ||
	    (rc = pm_db_get_int(s->ctx->db, err, &dept, &found, "SELECT dept_id FROM staff "
	    "WHERE id = ?1", "i", owner)) != 0)
		return rc;
	pm_lifecycle_s(s, "owner", x->a->owner);
	/* a new owner starts at level 0 */
	return pm_db_run(s->ctx->db, err, "UPDATE action SET owner_id = ?2, dept_id = ?3, "
	    "esc_level = 0, escalated_at = NULL WHERE id = ?1", "iiI", s->id, owner, dept);
}

/* The verbs an owner may apply to their own action without action.work. */
static int
owner_only(const char *verb)
{
	return strcmp(verb, "progress") == 0 || strcmp(verb, "done") == 0;
}

int
pm_action_perm(pm_ctx *ctx, const char *verb, pm_id id, const char **perm, pm_err *err)
{
	int64_t owner = 0;
	char idtext[24];
	int found, rc;

	*perm = NULL;
	if (!owner_only(verb))
		return 0;
	if ((rc = pm_db_get_int(ctx->db, err, &owner, &found, "SELECT owner_id FROM action "
	    "WHERE id = ?1", "i", id.n)) != 0)
		return rc;
	if (!found)
		return pm_err_set(err, PM_EX_NOINPUT, _("action %s: no such action"),
		    aid(id.n, idtext));
	if (pm_org_actor_id(ctx) != owner)
		*perm = "action.work";
	return 0;
}

int
pm_action_act(pm_ctx *ctx, const char *verb, pm_id id, const pm_action_args *a, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(&pm_action_lifecycle, verb);
	pm_time created = 0;
	struct act x;
	pm_lc_step s;
	int found, rc;

	if (t == NULL || (t->flags & PM_LC_INTERNAL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("action: %s is not an act"), verb);
	memset(&x, 0, sizeof x);
	x.a = a;
	if ((rc = pm_lifecycle_begin(ctx, &pm_action_lifecycle, verb, id.n, &s, err)) != 0 ||
	    (a->text != NULL && (rc = pm_text_field(a->text, max_chars(ctx), "text", err)) != 0) ||
	    (rc = pm_db_get_int(ctx->db, err, &x.owner_id, &found, "SELECT owner_id FROM action "
	    "WHERE id = ?1", "i", id.n)) != 0 ||
	    (rc = pm_db_get_int(ctx->db, err, &x.due_end, &found, "SELECT due_end FROM action "
	    "WHERE id = ?1", "i", id.n)) != 0 ||
	    (rc = pm_db_get_int(ctx->db, err, &created, &found, "SELECT created_at FROM action "
	    "WHERE id = ?1", "i", id.n)) != 0 ||
	    (rc = pm_db_get_text(ctx->db, err, x.source, sizeof x.source, &found,
	    "SELECT source_type FROM action WHERE id = ?1", "i", id.n)) != 0)
		goto out;
	if ((rc = pm_lifecycle_at(&s, a->has_at, a->at, created, _("%s: %s at %s is before the "
	    "action was made (%s)"), err)) != 0)
		goto out;
	if (owner_only(verb) && pm_org_actor_id(ctx) != x.owner_id &&
	    (rc = pm_perm_check(ctx, "action.work", err)) != 0)
		goto out;
	s.note = a->text;
	s.arg = &x;
	rc = pm_lifecycle_finish(&s, err);
out:
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- escalation ---------------------------------------------------------------- */

static const pm_esc_decl escalation = {
	.lc = &pm_action_lifecycle,
	.verb = "escalate",
	.levels_key = "action.escalate_levels",
	.every_key = "action.escalate_every",
	.base_rule = "head",
	.resolver = &pm_org_resolver,
	.assignee = "owner_id",
	.group = "dept_id",
};

int
pm_action_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_apply(ctx, &escalation, id.n, res, err);
}

/* ---- reading ------------------------------------------------------------------- */

const pm_col pm_action_cols[PM_AC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "created", PM_C_TIME, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "owner", PM_C_ID, 0, 0, 0 },
	{ "dept", PM_C_ID, 0, 0, 0 }, { "site", PM_C_ID, 0, 0, PM_COL_LOCATION },
	{ "source", PM_C_ID, 0, 0, 0 }, { "due", PM_C_TIME, 0, 0, 0 },
	{ "due_end", PM_C_TIME, 0, 0, PM_COL_START }, { "level", PM_C_INT, 0, 0, 0 },
	{ "escalated", PM_C_TIME, 0, 0, 0 }, { "progress", PM_C_TIME, 0, 0, 0 },
	{ "progress_n", PM_C_INT, 0, 0, 0 }, { "done", PM_C_TIME, 0, 0, 0 },
	{ "result", PM_C_TEXT, 30, 0, 0 }, { "verified", PM_C_TIME, 0, 0, 0 },
	{ "verifier", PM_C_ID, 0, 0, 0 }, { "cancelled", PM_C_TIME, 0, 0, 0 },
	{ "reason", PM_C_TEXT, 30, 0, 0 }, { "reopened", PM_C_INT, 0, 0, 0 },
	{ "text", PM_C_TEXT, 40, 0, PM_COL_SUMMARY | PM_COL_DESC },
};

enum { J_OWNER = 1, J_DEPT = 2, J_SITE = 4, J_VERIFIER = 8 };
static const pm_lq_col acol[PM_AC_N] = {
	{ "a.id", 0 }, { "a.created_at", 0 }, { "a.status", 0 }, { "o.login", J_OWNER },
	{ "d.code", J_DEPT }, { "s.code", J_SITE },
	/* the source's letter or word; its number or month follows last */
	{ "a.source_type", 0 }, { "a.due_at", 0 }, { "a.due_end", 0 }, { "a.esc_level", 0 },
	{ "a.escalated_at", 0 }, { "a.progress_at", 0 }, { "a.progress_n", 0 },
	{ "a.done_at", 0 }, { "a.result", 0 }, { "a.verified_at", 0 }, { "v.login", J_VERIFIER },
	{ "a.cancelled_at", 0 }, { "a.reason", 0 }, { "a.reopened", 0 }, { "a.text", 0 },
};
static const char *const joins[] = {
	" JOIN staff o ON o.id = a.owner_id",
	" LEFT JOIN department d ON d.id = a.dept_id",
	" LEFT JOIN site s ON s.id = a.site_id",
	" LEFT JOIN staff v ON v.id = a.verifier_id",
};

struct pm_action_iter {
	pm_stmt *st;
	int srcpos;             /* the source number's column, -1 when none */
	pm_lq_sel sel;
	char id[24], src[40];
};

#define P(n) PM_LQ_P(n)

/* ?1 now, ?2 due limit, ?3 status, ?4 owner, ?5 site, ?6 source type,
 * ?7 source id, ?8 source month, ?9 limit, ?10 one id, ?11 source issue. */
struct listq {
	pm_listq q;
	int srcpos;
	char stype[8], smonth[16];
};

static int
listq_build(pm_ctx *ctx, const pm_action_filter *f, struct listq *lq, pm_err *err)
{
	int due = f->overdue || f->due_within > 0, rc;
	uint64_t cols = f->cols != 0 ? f->cols : ~UINT64_C(0);
	pm_listq *q = &lq->q;
	pm_action_src sp;
	pm_err e;

	pm_listq_init(q, P(3) | P(6) | P(8));
	lq->srcpos = -1;
	if (f->status != NULL && strcmp(f->status, "open") != 0 &&
	    !pm_lifecycle_in(pm_action_lifecycle.states, f->status))
		return pm_text_one_of(err, "status", f->status, "open, in_progress, done, verified, "
		    "cancelled");
	if ((f->owner != NULL && (rc = pm_org_staff_id(ctx, f->owner, 0, &q->p[4], err)) != 0) ||
	    (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[5], err)) != 0))
		return rc;
	if (f->source != NULL) {
		if (strcmp(f->source, "report") == 0 ||
		    (f->source[0] >= 'A' && f->source[0] <= 'Z' && f->source[1] == '\0')) {
			snprintf(lq->stype, sizeof lq->stype, "%s", f->source);
		} else if (pm_action_source_parse(f->source, &sp, &e) == 0) {
			if (sp.id.type != 0) {
				snprintf(lq->stype, sizeof lq->stype, "%c", sp.id.type);
				q->p[7] = sp.id.n;
				q->p[11] = sp.issue;
			} else {
				snprintf(lq->stype, sizeof lq->stype, "report");
				pm_month_format(sp.month, lq->smonth, sizeof lq->smonth);
				q->t[8] = lq->smonth;
			}
		} else {
			return pm_text_one_of(err, "source", f->source, "an ID letter (C), an ID (C12, "
			    "G3, G3#2), report, or report:YYYY-MM");
		}
		q->t[6] = lq->stype;
	}
	q->t[3] = f->status;
	q->p[1] = ctx->now;
	q->p[2] = ctx->now + (f->due_within > 0 ? f->due_within : 0);
	q->p[9] = f->limit;
	q->p[10] = f->one;
	pm_listq_select(q, acol, PM_AC_N, cols, PM_AC_ID);
	if (cols & PM_AC_BIT(PM_AC_SOURCE)) {
		pm_buf_adds(&q->sql, ", coalesce(a.source_id, a.source_month), a.source_issue");
		lq->srcpos = q->sel.ncol;
	}
	pm_listq_from(q, " FROM action a", joins, (int)(sizeof joins / sizeof joins[0]));
	if (f->one != 0) {
		pm_listq_add(q, " WHERE a.id = ?10", P(10));
		return 0;
	}
	/* the open ones: term for term the partial index action_open; by
	 * due time: action_due */
	pm_listq_state(q, &pm_action_lifecycle, "a", "created_at", f->status, f->all, due,
	    f->overdue);
	if (due && f->status != NULL && strcmp(f->status, "open") != 0)
		pm_listq_and(q, 1, "", "a.status || '' = ?3", P(3));
	if (f->pending)
		pm_listq_and(q, due, "(a.status = 'open' OR a.status = 'in_progress')",
		    "(a.status || '' = 'open' OR a.status || '' = 'in_progress')", 0);
	if (f->owner != NULL)
		pm_listq_and(q, due, "a.owner_id = ?4", "+a.owner_id = ?4", P(4));
	if (f->site != NULL)
		pm_listq_and(q, due, "a.site_id = ?5", "+a.site_id = ?5", P(5));
	if (f->source != NULL)
		pm_listq_and(q, due, "a.source_type = ?6", "a.source_type || '' = ?6", P(6));
	if (q->p[7] != 0)
		pm_listq_and(q, 1, "", "+a.source_id = ?7", P(7));
	if (q->t[8] != NULL)
		pm_listq_and(q, 1, "", "a.source_month = ?8", P(8));
	if (q->p[11] != 0)
		pm_listq_and(q, 1, "", "+a.source_issue = ?11", P(11));
	if (due)
		pm_listq_add(q, " ORDER BY a.due_at, a.id", 0);
	else
		pm_listq_add(q, " ORDER BY a.created_at DESC, a.id DESC", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?9", P(9));
	return 0;
}

int
pm_action_list(pm_ctx *ctx, const pm_action_filter *f, pm_action_iter **out, pm_err *err)
{
	pm_action_iter *it;
	struct listq lq;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &lq, err)) != 0) {
		pm_listq_free(&lq.q);
		return rc;
	}
	it = pm_xcalloc(1, sizeof *it);
	it->sel = lq.q.sel;
	it->srcpos = lq.srcpos;
	rc = pm_listq_prepare(ctx->db, &lq.q, &it->st, err);
	pm_listq_free(&lq.q);
	if (rc != 0) {
		pm_action_iter_free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int
pm_action_next(pm_action_iter *it, pm_action_row *row, pm_err *err)
{
	pm_stmt *st = it->st;
	const char *t;
	int rc;

	if ((rc = pm_stmt_step(st, err)) != 1)
		return rc;
	pm_listq_cells(st, &it->sel, pm_action_cols, PM_AC_BIT(PM_AC_ID), row->c, PM_AC_N);
	if (!row->c[PM_AC_ID].null)
		row->c[PM_AC_ID].s = aid(row->c[PM_AC_ID].i, it->id);
	if (it->srcpos >= 0 && (t = row->c[PM_AC_SOURCE].s) != NULL)
		row->c[PM_AC_SOURCE].s = source_text(t, pm_stmt_text(st, it->srcpos),
		    pm_stmt_int(st, it->srcpos + 1), it->src, sizeof it->src);
	return 1;
}

void
pm_action_iter_free(pm_action_iter *it)
{
	if (it == NULL)
		return;
	pm_stmt_free(it->st);
	free(it);
}

int
pm_action_list_plan(pm_ctx *ctx, const pm_action_filter *f, pm_buf *plan, pm_err *err)
{
	struct listq lq;
	int rc;

	if ((rc = listq_build(ctx, f, &lq, err)) == 0)
		rc = pm_listq_plan(ctx->db, &lq.q, plan, err);
	pm_listq_free(&lq.q);
	return rc;
}

const pm_perm_name pm_action_perm_names[] = {
	{ "action.create", "set improvement actions and give them to a responsible person" },
	{ "action.work", "follow up actions owned by others: progress notes, done with the result "
	  "(an owner needs none for their own)" },
	{ "action.verify", "accept (验收) a done action: management's review" },
	{ "action.close", "cancel or reopen actions" },
	{ "action.escalate", "escalate late actions" },
	{ NULL, NULL }
};

/* ---- what hooks see of an action ------------------------------------------------ */

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	char src[40];
	int rc;

	(void)clear;    /* an action holds no personal data */
	if ((rc = pm_db_prepare(ctx->db, "SELECT a.text, a.status, o.login, d.code, s.code, "
	    "a.source_type, coalesce(a.source_id, a.source_month), a.due_end, a.due_at, "
	    "a.esc_level, a.source_issue FROM action a JOIN staff o ON o.id = a.owner_id "
	    "LEFT JOIN department d ON d.id = a.dept_id LEFT JOIN site s ON s.id = a.site_id "
	    "WHERE a.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) != 1) {
		pm_stmt_free(st);
		return rc < 0 ? err->status : 0;
	}
	pm_json_s(j, "text", pm_stmt_text(st, 0));
	pm_json_s(j, "status", pm_stmt_text(st, 1));
	pm_json_s(j, "owner", pm_stmt_text(st, 2));
	pm_json_s(j, "dept", pm_stmt_null(st, 3) ? NULL : pm_stmt_text(st, 3));
	pm_json_s(j, "site", pm_stmt_null(st, 4) ? NULL : pm_stmt_text(st, 4));
	pm_json_s(j, "source", source_text(pm_stmt_text(st, 5), pm_stmt_text(st, 6),
	    pm_stmt_int(st, 10), src, sizeof src));
	pm_json_t(j, "due_end", pm_stmt_int(st, 7));
	if (pm_stmt_null(st, 8))
		pm_json_null(j, "due_at");
	else
		pm_json_t(j, "due_at", pm_stmt_int(st, 8));
	pm_json_i(j, "esc_level", pm_stmt_int(st, 9));
	pm_stmt_free(st);
	return 0;
}

const pm_hook_kind pm_action_hook_kind = { "action", 'A', hook_record };
