/* incident.c — incidents and their emergency plans; see incident.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "buf.h"
#include "incident.h"
#include "json.h"
#include "listq.h"
#include "org.h"
#include "stat.h"
#include "text.h"
#include "unit.h"

#define OPEN "open|resolved"

static int h_log(pm_lc_step *s, pm_err *err);
static int h_resolve(pm_lc_step *s, pm_err *err);
static int h_close(pm_lc_step *s, pm_err *err);

static const pm_transition transitions[] = {
	{ .verb = "log", .from = "*", .perm = "incident.report", .hook = h_log,
	  .records = "a note: what was done, who came" },
	{ .verb = "resolve", .from = "open", .to = "resolved", .perm = "incident.handle",
	  .flags = PM_LC_DUE, .hook = h_resolve,
	  .records = "under control: the response time; escalation stops" },
	{ .verb = "close", .from = OPEN, .to = "closed", .perm = "incident.close",
	  .flags = PM_LC_DUE, .hook = h_close,
	  .records = "the cause analysis and the measures taken (both required)" },
	{ .verb = "escalate", .from = "open", .perm = "incident.escalate", .flags = PM_LC_INTERNAL,
	  .records = "level and who is responsible; manual when raised by hand" },
	{ .verb = NULL }
};

const pm_lifecycle pm_incident_lifecycle = {
	"incident", "incident", 'I', "incident", OPEN "|closed", OPEN, "closed", "open", NULL,
	transitions,
	/* the respond limit while nobody has it under control */
	"respond_due", "resolved"
};

/* ---- emergency plans -------------------------------------------------------- */

struct bplan {
	const char *kind, *name, *respond;
	const char *steps[8];
	const char *calls[4];
	struct { const char *who, *contact, *within; } levels[3];
};

/* The built-in plans: what a Chinese property company's emergency plan
 * (应急预案) says first for each kind, with the industry's usual limits
 * (DOMAIN.md: a lift rescue within 30 minutes). */
static const struct bplan builtin[] = {
	{ "fire", "火警", "5min",
	  { "确认起火位置、燃烧物和火势，立即报告消控室",
	    "消控室确认火情，启动应急广播，通知义务消防队到场",
	    "拨打 119 报警，派人到路口接应消防车",
	    "组织疏散，引导住户走安全通道，严禁乘坐电梯",
	    "初起火灾用灭火器、消火栓扑救，切断着火区域电源、燃气",
	    "设置警戒区，清点人员，配合消防部门处置" },
	  { "119 火警", "120 急救" },
	  { { "head", "安保部主管", "15min" }, { "role:manager", "项目经理", "30min" } } },
	{ "flood", "水浸", "15min",
	  { "关闭进水阀门或总阀，切断受影响区域电源",
	    "通知维修维护部抢修，准备沙袋、抽水泵",
	    "转移地下车库车辆，设置警示标志",
	    "通知受影响业主，记录受损情况并拍照" },
	  { "维修值班电话" },
	  { { "head", "安保部主管", "30min" }, { "role:manager", "项目经理", "1h" } } },
	{ "theft", "盗窃", "10min",
	  { "保护现场，不得移动、触摸物品",
	    "拨打 110 报警，调取监控录像",
	    "询问、登记报案人和目击者，协助警方" },
	  { "110 报警" },
	  { { "head", "安保部主管", "30min" }, { "role:manager", "项目经理", "2h" } } },
	{ "injury", "人员受伤", "5min",
	  { "确认伤者情况，重伤者不随意搬动",
	    "拨打 120，派人引导救护车",
	    "保护现场，联系伤者家属，记录经过" },
	  { "120 急救" },
	  { { "head", "安保部主管", "15min" }, { "role:manager", "项目经理", "30min" } } },
	{ "lift-entrapment", "电梯困人", "30min",
	  { "通过对讲安抚被困人员，告知救援已在途中，切勿扒门",
	    "确认电梯位置，通知电梯维保单位和维修维护部",
	    "持证人员按规程盘车救援；无法救出时拨打 119",
	    "救出后登记被困人员情况，电梯停用待检" },
	  { "电梯维保单位", "119 消防救援" },
	  { { "head", "安保部主管", "15min" }, { "role:manager", "项目经理", "30min" } } },
	{ "power", "停电", "15min",
	  { "确认停电范围：市政停电还是内部故障",
	    "检查电梯是否困人，启动应急照明和备用电源",
	    "通知维修维护部排查，通知业主停电情况和预计恢复时间" },
	  { "供电公司 95598" },
	  { { "head", "安保部主管", "30min" }, { "role:manager", "项目经理", "1h" } } },
};
#define NBUILTIN (sizeof builtin / sizeof builtin[0])

/* A positive span of exact time (no months) into *out. */
static int
limit_parse(const char *s, int64_t *out)
{
	pm_span sp;
	pm_err e;

	if (pm_span_parse(s, &sp, &e) != 0 || sp.months != 0 || sp.seconds <= 0)
		return -1;
	*out = sp.seconds;
	return 0;
}

static int
builtin_plan(const struct bplan *b, pm_inc_plan *p)
{
	int i;

	memset(p, 0, sizeof *p);
	snprintf(p->kind, sizeof p->kind, "%s", b->kind);
	snprintf(p->name, sizeof p->name, "%s", b->name);
	snprintf(p->respond_text, sizeof p->respond_text, "%s", b->respond);
	if (limit_parse(b->respond, &p->respond) != 0)
		return -1;
	for (i = 0; i < 8 && b->steps[i] != NULL; i++)
		snprintf(p->steps[p->nsteps++], sizeof p->steps[0], "%s", b->steps[i]);
	for (i = 0; i < 4 && b->calls[i] != NULL; i++)
		snprintf(p->calls[p->ncalls++], sizeof p->calls[0], "%s", b->calls[i]);
	for (i = 0; i < 3 && b->levels[i].who != NULL; i++) {
		pm_inc_level *l = &p->levels[p->nlevels++];
		snprintf(l->who, sizeof l->who, "%s", b->levels[i].who);
		snprintf(l->contact, sizeof l->contact, "%s", b->levels[i].contact);
		snprintf(l->within_text, sizeof l->within_text, "%s", b->levels[i].within);
		if (limit_parse(b->levels[i].within, &l->within) != 0)
			return -1;
	}
	return 0;
}

static int
limit_read(const pm_ydoc *doc, const pm_ynode *n, char *text, size_t size, int64_t *out,
    pm_err *err)
{
	int rc;

	if ((rc = pm_yaml_copy(doc, n, text, size, err)) != 0)
		return rc;
	if (limit_parse(text, out) != 0)
		return pm_yaml_error(err, doc, n, _("expected a positive duration (15min, 2h)"));
	return 0;
}

/* A list of scalars into rows of size bytes, at most max. */
static int
list_read(const pm_ydoc *doc, const pm_ynode *n, char *rows, size_t size, int max, int *count,
    pm_err *err)
{
	size_t i;
	int rc;

	if (n->kind != PM_Y_SEQ)
		return pm_yaml_error(err, doc, n, _("expected a list"));
	if (n->n > (size_t)max)
		return pm_yaml_error(err, doc, n, _("at most %d entries"), max);
	for (i = 0; i < n->n; i++)
		if ((rc = pm_yaml_copy(doc, n->items[i], rows + i * size, size, err)) != 0)
			return rc;
	*count = (int)n->n;
	return 0;
}

static int
level_read(const pm_ydoc *doc, const pm_ynode *m, pm_inc_level *l, pm_err *err)
{
	size_t j;
	int rc = 0;

	memset(l, 0, sizeof *l);
	if (m->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, m, _("expected a mapping (who, contact, within)"));
	for (j = 0; j < m->n && rc == 0; j++) {
		const char *w = m->keys[j]->str;
		const pm_ynode *v = m->items[j];

		if (strcmp(w, "who") == 0) {
			if ((rc = pm_yaml_copy(doc, v, l->who, sizeof l->who, err)) == 0 &&
			    pm_escalate_parse(l->who, &pm_org_resolver, NULL, err) != 0)
				rc = pm_yaml_error(err, doc, v, "%s", err->msg);
		} else if (strcmp(w, "contact") == 0) {
			rc = pm_yaml_copy(doc, v, l->contact, sizeof l->contact, err);
		} else if (strcmp(w, "within") == 0) {
			rc = limit_read(doc, v, l->within_text, sizeof l->within_text, &l->within, err);
		} else {
			rc = pm_yaml_error(err, doc, m->keys[j],
			    _("unknown key %s (who, contact, within)"), w);
		}
	}
	if (rc == 0 && (l->who[0] == '\0' || l->within == 0))
		rc = pm_yaml_error(err, doc, m, _("an escalation level needs who and within"));
	return rc;
}

static int
plan_read(const pm_ydoc *doc, const pm_ynode *k, const pm_ynode *m, pm_inc_plan *p,
    pm_err *err)
{
	size_t j, i;
	int rc = 0;

	memset(p, 0, sizeof *p);
	if (!pm_code_valid(k->str, 32, 0))
		return pm_yaml_error(err, doc, k, _("an incident kind is letters, digits, - and _"));
	snprintf(p->kind, sizeof p->kind, "%s", k->str);
	if (m->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, m,
		    _("expected a mapping (name, steps, call, respond, levels)"));
	for (j = 0; j < m->n && rc == 0; j++) {
		const char *w = m->keys[j]->str;
		const pm_ynode *v = m->items[j];

		if (strcmp(w, "name") == 0) {
			rc = pm_yaml_copy(doc, v, p->name, sizeof p->name, err);
		} else if (strcmp(w, "steps") == 0) {
			rc = list_read(doc, v, &p->steps[0][0], sizeof p->steps[0], PM_INC_STEPS_MAX,
			    &p->nsteps, err);
		} else if (strcmp(w, "call") == 0) {
			rc = list_read(doc, v, &p->calls[0][0], sizeof p->calls[0], PM_INC_CALLS_MAX,
			    &p->ncalls, err);
		} else if (strcmp(w, "respond") == 0) {
			rc = limit_read(doc, v, p->respond_text, sizeof p->respond_text, &p->respond,
			    err);
		} else if (strcmp(w, "levels") == 0) {
			if (v->kind != PM_Y_SEQ || v->n == 0 || v->n > PM_ESC_MAX)
				rc = pm_yaml_error(err, doc, v, _("expected a list of 1 to %d levels"),
				    PM_ESC_MAX);
			for (i = 0; rc == 0 && i < v->n; i++)
				rc = level_read(doc, v->items[i], &p->levels[i], err);
			p->nlevels = rc == 0 ? (int)v->n : 0;
		} else {
			rc = pm_yaml_error(err, doc, m->keys[j],
			    _("unknown key %s (name, steps, call, respond, levels)"), w);
		}
	}
	if (rc == 0 && (p->nsteps == 0 || p->respond == 0 || p->nlevels == 0))
		rc = pm_yaml_error(err, doc, m, _("a plan needs steps, respond and levels"));
	return rc;
}

/* Each plan in effect in turn into p until fn returns nonzero (that
 * value is returned) — so at most one plan is in memory. */
static int
plans_each(const pm_config *cfg, pm_inc_plan *p, int (*fn)(void *arg, const pm_inc_plan *p),
    void *arg, pm_err *err)
{
	const pm_ynode *map = cfg != NULL ? pm_config_node(cfg, "incident.plans") : NULL;
	const pm_ydoc *doc = cfg != NULL ? pm_config_doc(cfg) : NULL;
	size_t i;
	int rc;

	if (map == NULL) {
		for (i = 0; i < NBUILTIN; i++) {
			if (builtin_plan(&builtin[i], p) != 0)
				return pm_err_set(err, PM_EX_SOFTWARE, _("built-in plan %s is broken"),
				    builtin[i].kind);
			if ((rc = fn(arg, p)) != 0)
				return rc;
		}
		return 0;
	}
	if (map->kind != PM_Y_MAP || map->n == 0)
		return pm_yaml_error(err, doc, map, _("expected a mapping of incident kinds"));
	if (map->n > PM_INC_PLANS_MAX)
		return pm_yaml_error(err, doc, map, _("more than %d incident kinds"), PM_INC_PLANS_MAX);
	for (i = 0; i < map->n; i++) {
		if ((rc = plan_read(doc, map->keys[i], map->items[i], p, err)) != 0)
			return rc;
		if ((rc = fn(arg, p)) != 0)
			return rc;
	}
	return 0;
}

struct find { const char *kind; pm_inc_plan *out; pm_buf kinds; };

static int
find_fn(void *arg, const pm_inc_plan *p)
{
	struct find *f = arg;

	if (f->kind != NULL && strcmp(p->kind, f->kind) == 0) {
		if (f->out != p)
			*f->out = *p;
		return 1;
	}
	pm_buf_addf(&f->kinds, "%s%s", f->kinds.len ? ", " : "", p->kind);
	return 0;
}

int
pm_incident_plan(const pm_config *cfg, const char *kind, pm_inc_plan *out, pm_err *err)
{
	struct find f = { kind, NULL, { 0 } };
	int rc;

	memset(out, 0, sizeof *out);
	f.out = out;
	pm_buf_init(&f.kinds);
	rc = plans_each(cfg, out, find_fn, &f, err);
	if (rc == 0) {
		rc = pm_text_one_of(err, "kind", kind != NULL ? kind : "", f.kinds.s);
		err->status = rc = PM_EX_DATAERR;
	} else if (rc == 1) {
		rc = 0;
	}
	pm_buf_free(&f.kinds);
	return rc;
}

void
pm_incident_kinds(const pm_config *cfg, char *buf, size_t n)
{
	struct find f = { NULL, NULL, { 0 } };
	pm_inc_plan p;
	pm_err e;

	pm_buf_init(&f.kinds);
	plans_each(cfg, &p, find_fn, &f, &e);
	snprintf(buf, n, "%s", f.kinds.s != NULL ? f.kinds.s : "");
	pm_buf_free(&f.kinds);
}

int
pm_incident_escalation(const pm_inc_plan *p, pm_escalation *out, pm_err *err)
{
	pm_buf rules;
	int i, rc;

	pm_buf_init(&rules);
	for (i = 0; i < p->nlevels; i++)
		pm_buf_addf(&rules, "%s%s", i ? "," : "", p->levels[i].who);
	rc = pm_escalate_parse(rules.s, &pm_org_resolver, out, err);
	pm_buf_free(&rules);
	if (rc != 0)
		return rc;
	out->stepped = 1;
	out->after[0] = 0;
	for (i = 1; i < p->nlevels; i++)
		out->after[i] = out->after[i - 1] + p->levels[i - 1].within;
	return 0;
}

static int
check_fn(void *arg, const pm_inc_plan *p)
{
	(void)arg;
	(void)p;
	return 0;
}

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_inc_plan p;

	return plans_each(cfg, &p, check_fn, NULL, err);
}

static const pm_cfg_key config_keys[] = {
	{ "incident.plans", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the emergency plan of each incident kind: steps, numbers to call, the respond "
	  "limit and the escalation levels with their limits (incident.c checks them)", NULL },
	{ "incident.dept", PM_CFG_STR, "security", NULL, 0, 0,
	  "the department incidents belong to (its head is the escalation rule head)", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_incident_config = { "incident", config_keys, config_check };

const pm_perm_name pm_incident_perm_names[] = {
	{ "incident.report", "report an incident and add notes to it" },
	{ "incident.handle", "record an incident as under control (resolved)" },
	{ "incident.escalate", "escalate incidents, by hand or when late" },
	{ "incident.close", "close an incident with its cause analysis and measures" },
	{ NULL, NULL }
};

/* ---- open ------------------------------------------------------------------- */

static size_t
max_chars(pm_ctx *ctx)
{
	return (size_t)pm_config_int(ctx->cfg, "text.max_chars");
}

int
pm_incident_open(pm_ctx *ctx, const pm_inc_in *in, pm_id *id, pm_inc_plan *plan, pm_err *err)
{
	const char *severity = in->severity != NULL ? in->severity : "general";
	pm_time at = in->has_at ? in->at : ctx->now;
	pm_inc_plan own, *p;
	int64_t site, dept = 0;
	pm_lc_step s;
	pm_err e;
	int rc;

	memset(&s, 0, sizeof s);
	memset(&own, 0, sizeof own);
	p = plan != NULL ? plan : &own;
	if ((rc = pm_perm_check(ctx, "incident.report", err)) != 0 ||
	    (rc = pm_text_need(in->kind, "kind", err)) != 0 ||
	    (rc = pm_text_need(in->text, "text", err)) != 0 ||
	    (rc = pm_text_field(in->text, max_chars(ctx), "text", err)) != 0 ||
	    (rc = pm_text_field(in->place, 200, "place", err)) != 0)
		return rc;
	if (!pm_text_word(PM_INCIDENT_SEVERITIES, severity))
		return pm_text_one_of(err, "severity", severity, PM_INCIDENT_SEVERITIES);
	if (at > ctx->now)
		return pm_err_field(err, PM_EX_DATAERR, "at", _("the incident's time is in the future"));
	if ((rc = pm_incident_plan(ctx->cfg, in->kind, p, err)) != 0 ||
	    (rc = pm_unit_site_find(ctx, in->site, PM_SITE_ACTIVE, &site, err)) != 0)
		return rc;
	/* a department renamed away leaves the incident to the levels above */
	if (pm_org_dept_id(ctx, pm_config_str(ctx->cfg, "incident.dept"), 0, &dept, &e) != 0)
		dept = 0;
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO incident (site_id, kind, severity, place, "
	    "text, occurred_at, reported_at, reporter_id, dept_id, respond_due) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", "itttTiiIIi", site, in->kind, severity,
	    in->place, in->text, at, ctx->now, pm_org_actor_id(ctx), dept, at + p->respond)) != 0)
		return rc;
	id->type = 'I';
	id->n = pm_db_last_id(ctx->db);
	if ((rc = pm_lifecycle_due(ctx, &pm_incident_lifecycle, id->n, "open", err)) != 0)
		return rc;
	pm_lifecycle_created(ctx, &pm_incident_lifecycle, id->n, &s);
	s.at = at;
	pm_lifecycle_s(&s, "kind", in->kind);
	pm_lifecycle_s(&s, "severity", severity);
	pm_lifecycle_s(&s, "plan", p->name[0] ? p->name : p->kind);
	pm_lifecycle_t(&s, "respond_due", at + p->respond);
	rc = pm_lifecycle_finish(&s, err);
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- log, resolve, close ------------------------------------------------------ */

static int
h_log(pm_lc_step *s, pm_err *err)
{
	const pm_inc_act *a = s->arg;

	return pm_text_need(a->text, "text", err);
}

static int
h_resolve(pm_lc_step *s, pm_err *err)
{
	return pm_db_run(s->ctx->db, err, "UPDATE incident SET resolved_at = ?2 WHERE id = ?1",
	    "ii", s->id, s->at);
}

static int
h_close(pm_lc_step *s, pm_err *err)
{
	const pm_inc_act *a = s->arg;
	int rc;

	if (a->cause == NULL || *a->cause == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "cause",
		    _("%s: an incident is closed with the analysis of its cause"), s->idtext);
	if (a->measures == NULL || *a->measures == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "measures",
		    _("%s: an incident is closed with the measures taken"), s->idtext);
	if ((rc = pm_text_field(a->cause, max_chars(s->ctx), "cause", err)) != 0 ||
	    (rc = pm_text_field(a->measures, max_chars(s->ctx), "measures", err)) != 0)
		return rc;
	pm_lifecycle_s(s, "cause", a->cause);
	pm_lifecycle_s(s, "measures", a->measures);
	/* closed while open: under control at the same time */
	return pm_db_run(s->ctx->db, err, "UPDATE incident SET closed_at = ?2, cause = ?3, "
	    "measures = ?4, resolved_at = coalesce(resolved_at, ?2) WHERE id = ?1", "iitt", s->id,
	    s->at, a->cause, a->measures);
}

int
pm_incident_apply(pm_ctx *ctx, const char *verb, pm_id id, const pm_inc_act *a, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(&pm_incident_lifecycle, verb);
	pm_stmt *st = NULL;
	pm_time since = 0;
	pm_lc_step s;
	int rc;

	if (t == NULL || (t->flags & PM_LC_INTERNAL))
		return pm_err_set(err, PM_EX_SOFTWARE, _("incident: %s is not an act"), verb);
	if ((rc = pm_lifecycle_begin(ctx, &pm_incident_lifecycle, verb, id.n, &s, err)) != 0)
		goto out;
	if ((rc = pm_db_prepare(ctx->db, "SELECT occurred_at FROM incident WHERE id = ?1", &st,
	    err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, id.n);
	if (pm_stmt_step(st, err) == 1)
		since = pm_stmt_int(st, 0);
	if ((rc = pm_lifecycle_at(&s, a->has_at, a->at, since, _("%s: %s at %s is before the "
	    "incident happened (%s)"), err)) != 0)
		goto out;
	s.note = a->text;
	s.arg = (void *)a;
	rc = pm_lifecycle_finish(&s, err);
out:
	pm_stmt_free(st);
	pm_lifecycle_end(&s);
	return rc;
}

/* ---- escalation ------------------------------------------------------------------ */

/* The levels of incident id: its kind's plan. */
static int
levels_of(pm_ctx *ctx, int64_t id, pm_escalation *out, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_inc_plan p;
	char kind[40] = "";
	int rc;

	if ((rc = pm_db_prepare(ctx->db, "SELECT kind FROM incident WHERE id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1)
		snprintf(kind, sizeof kind, "%s", pm_stmt_text(st, 0));
	pm_stmt_free(st);
	if (rc < 0)
		return err->status;
	if ((rc = pm_incident_plan(ctx->cfg, kind, &p, err)) != 0) {
		/* a kind whose plan left the configuration still escalates by
		 * the plan's absence being a configuration fault */
		return rc == PM_EX_DATAERR ? pm_err_set(err, PM_EX_CONFIG,
		    _("incident kind %s has no emergency plan"), kind) : rc;
	}
	return pm_incident_escalation(&p, out, err);
}

static const pm_esc_decl escalation = {
	.lc = &pm_incident_lifecycle,
	.verb = "escalate",
	.base_rule = NULL,      /* level 0 is whoever is on duty: the plan's steps */
	.resolver = &pm_org_resolver,
	.group = "dept_id",
	.levels = levels_of,
};

int
pm_incident_escalate(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_apply(ctx, &escalation, id.n, res, err);
}

int
pm_incident_raise(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err)
{
	return pm_escalate_raise(ctx, &escalation, id.n, res, err);
}

/* ---- reading --------------------------------------------------------------------- */

const pm_col pm_incident_cols[PM_IC_N] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "occurred", PM_C_TIME, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 }, { "kind", PM_C_TEXT, 0, 0, 0 },
	{ "severity", PM_C_TEXT, 0, 0, 0 }, { "site", PM_C_ID, 0, 0, 0 },
	{ "place", PM_C_TEXT, 16, 0, 0 }, { "level", PM_C_INT, 0, 0, 0 },
	{ "due", PM_C_TIME, 0, 0, 0 }, { "escalated", PM_C_TIME, 0, 0, 0 },
	{ "resolved", PM_C_TIME, 0, 0, 0 }, { "closed", PM_C_TIME, 0, 0, 0 },
	{ "response_s", PM_C_SPAN, 0, 0, 0 }, { "reported", PM_C_TIME, 0, 0, 0 },
	{ "reporter", PM_C_ID, 0, 0, 0 }, { "dept", PM_C_ID, 0, 0, 0 },
	{ "text", PM_C_TEXT, 30, 0, 0 }, { "cause", PM_C_TEXT, 30, 0, 0 },
	{ "measures", PM_C_TEXT, 30, 0, 0 },
};

enum { J_SITE = 1, J_REPORTER = 2, J_DEPT = 4 };
static const pm_lq_col icol[PM_IC_N] = {
	{ "i.id", 0 }, { "i.occurred_at", 0 }, { "i.status", 0 }, { "i.kind", 0 },
	{ "i.severity", 0 }, { "s.code", J_SITE }, { "i.place", 0 }, { "i.esc_level", 0 },
	{ "i.due_at", 0 }, { "i.escalated_at", 0 }, { "i.resolved_at", 0 }, { "i.closed_at", 0 },
	{ "i.resolved_at - i.occurred_at", 0 }, { "i.reported_at", 0 }, { "r.login", J_REPORTER },
	{ "d.code", J_DEPT }, { "i.text", 0 }, { "i.cause", 0 }, { "i.measures", 0 },
};
static const char *const ijoins[] = {
	" JOIN site s ON s.id = i.site_id",
	" LEFT JOIN staff r ON r.id = i.reporter_id",
	" LEFT JOIN department d ON d.id = i.dept_id",
};

struct pm_inc_iter {
	pm_listq_rows rows;
};

/* ?1 now, ?2 due limit, ?3 status, ?4 kind, ?5 severity, ?6 site, ?7 limit, ?8 one. */
static int
listq_build(pm_ctx *ctx, const pm_inc_filter *f, pm_listq *q, pm_err *err)
{
	uint64_t cols = f->cols != 0 ? f->cols : ~UINT64_C(0);
	int rc;

	pm_listq_init(q, PM_LQ_P(3) | PM_LQ_P(4) | PM_LQ_P(5));
	if (f->status != NULL && strcmp(f->status, "open") != 0 &&
	    !pm_lifecycle_in(pm_incident_lifecycle.states, f->status))
		return pm_text_one_of(err, "status", f->status, "open, resolved, closed");
	if (f->severity != NULL && !pm_text_word(PM_INCIDENT_SEVERITIES, f->severity))
		return pm_text_one_of(err, "severity", f->severity, PM_INCIDENT_SEVERITIES);
	if (f->site != NULL && (rc = pm_unit_site_find(ctx, f->site, 0, &q->p[6], err)) != 0)
		return rc;
	q->p[1] = ctx->now;
	q->p[2] = ctx->now;
	q->t[3] = f->status;
	q->t[4] = f->kind;
	q->t[5] = f->severity;
	q->p[7] = f->limit;
	q->p[8] = f->one;
	pm_listq_select(q, icol, PM_IC_N, cols, PM_IC_ID);
	pm_listq_from(q, " FROM incident i", ijoins, 3);
	if (f->one != 0) {
		pm_listq_add(q, " WHERE i.id = ?8", PM_LQ_P(8));
		return 0;
	}
	pm_listq_state(q, &pm_incident_lifecycle, "i", "occurred_at", f->status, f->all,
	    f->overdue, f->overdue);
	if (f->overdue && f->status != NULL && strcmp(f->status, "open") != 0)
		pm_listq_and(q, 1, "", "i.status || '' = ?3", PM_LQ_P(3));
	if (f->kind != NULL)
		pm_listq_and(q, 1, "", "i.kind || '' = ?4", PM_LQ_P(4));
	if (f->severity != NULL)
		pm_listq_and(q, 1, "", "i.severity || '' = ?5", PM_LQ_P(5));
	if (f->site != NULL)
		pm_listq_and(q, 1, "", "+i.site_id = ?6", PM_LQ_P(6));
	pm_listq_add(q, f->overdue ? " ORDER BY i.due_at, i.id" :
	    " ORDER BY i.occurred_at DESC, i.id DESC", 0);
	if (f->limit > 0)
		pm_listq_add(q, " LIMIT ?7", PM_LQ_P(7));
	return 0;
}

int
pm_incident_list(pm_ctx *ctx, const pm_inc_filter *f, pm_inc_iter **out, pm_err *err)
{
	pm_inc_iter *it;
	pm_listq q;
	int rc;

	*out = NULL;
	if ((rc = listq_build(ctx, f, &q, err)) != 0) {
		pm_listq_free(&q);
		return rc;
	}
	if ((it = calloc(1, sizeof *it)) == NULL)
		abort();
	if ((rc = pm_listq_rows_open(ctx->db, &q, pm_incident_cols, PM_IC_N, PM_IC_ID, 'I',
	    &it->rows, err)) != 0) {
		free(it);
		return rc;
	}
	*out = it;
	return 0;
}

int
pm_incident_next(pm_inc_iter *it, pm_inc_row *row, pm_err *err)
{
	return pm_listq_rows_next(&it->rows, row->c, err);
}

void
pm_incident_iter_free(pm_inc_iter *it)
{
	if (it == NULL)
		return;
	pm_listq_rows_close(&it->rows);
	free(it);
}

/* ---- statistics ---------------------------------------------------------------------- */

const pm_col pm_incident_stats_cols[PM_IS_N] = {
	{ "by", PM_C_TEXT, 8, 0, 0 }, { "key", PM_C_TEXT, 24, 0, PM_COL_KEY },
	{ "incidents", PM_C_INT, 0, 0, 0 }, { "open", PM_C_INT, 0, 0, 0 },
	{ "resolved", PM_C_INT, 0, 0, 0 }, { "closed", PM_C_INT, 0, 0, 0 },
	{ "escalated", PM_C_INT, 0, 0, 0 }, { "response_p50_s", PM_C_SPAN, 0, 0, 0 },
	{ "response_p90_s", PM_C_SPAN, 0, 0, 0 },
};

static const struct { const char *name, *key, *label; } groupings[] = {
	{ "kind", "i.kind", "a.k" },
	{ "site", "i.site_id", "(SELECT s.code FROM site s WHERE s.id = a.k)" },
	{ "severity", "i.severity", "a.k" },
};
#define NGROUP (int)(sizeof groupings / sizeof groupings[0])

static int
stats_one(pm_ctx *ctx, int g, pm_time since, pm_time until,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_stmt *st = NULL;
	pm_cell c[PM_IS_N];
	pm_buf sql;
	int i, rc;

	pm_buf_init(&sql);
	pm_buf_addf(&sql, "WITH cur AS (SELECT %s AS k, i.status, i.esc_level, "
	    "i.resolved_at - i.occurred_at AS rt FROM incident i "
	    "WHERE i.occurred_at >= ?1 AND i.occurred_at < ?2), ", groupings[g].key);
	pm_stat_pct_sql(&sql, "rt", "cur", "rt", NULL);
	pm_buf_adds(&sql, ", agg AS (SELECT k, count(*) AS n, "
	    "sum(CASE WHEN status = 'open' THEN 1 ELSE 0 END) AS nopen, "
	    "sum(CASE WHEN status = 'resolved' THEN 1 ELSE 0 END) AS nres, "
	    "sum(CASE WHEN status = 'closed' THEN 1 ELSE 0 END) AS nclosed, "
	    "sum(CASE WHEN esc_level > 0 THEN 1 ELSE 0 END) AS nesc FROM cur GROUP BY k) ");
	pm_buf_addf(&sql, "SELECT %s, a.n, a.nopen, a.nres, a.nclosed, a.nesc, rt.p50, rt.p90 "
	    "FROM agg a LEFT JOIN rt ON rt.k = a.k ORDER BY a.n DESC, 1", groupings[g].label);
	if ((rc = pm_db_prepare(ctx->db, sql.s, &st, err)) != 0)
		goto out;
	pm_stmt_bind_int(st, 1, since);
	pm_stmt_bind_int(st, 2, until);
	while ((rc = pm_stmt_step(st, err)) == 1) {
		memset(c, 0, sizeof c);
		c[PM_IS_BY].s = groupings[g].name;
		c[PM_IS_KEY].s = pm_stmt_text(st, 0);
		for (i = 1; i < 8; i++) {
			c[PM_IS_KEY + i].null = pm_stmt_null(st, i);
			c[PM_IS_KEY + i].i = pm_stmt_int(st, i);
		}
		if ((rc = fn(arg, c)) != 0)
			break;
	}
	if (rc < 0)
		rc = err->status;
out:
	pm_stmt_free(st);
	pm_buf_free(&sql);
	return rc;
}

/* The grouping named by the n bytes at w, or -1. */
static int
grouping_of(const char *w, size_t n)
{
	int g;

	for (g = 0; g < NGROUP; g++)
		if (strlen(groupings[g].name) == n && strncmp(w, groupings[g].name, n) == 0)
			return g;
	return -1;
}

int
pm_incident_stats(pm_ctx *ctx, int year, const char *by,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	const char *p = by != NULL && *by != '\0' ? by : "kind,site,severity", *w;
	int want[NGROUP * 4], nwant = 0, g, i, rc;
	pm_time since, until;

	if (year < 1970 || year > 9998)
		return pm_err_field(err, PM_EX_USAGE, "year", _("year: 1970 to 9998"));
	/* every word first: a bad one is refused before anything is read */
	for (w = p; *w != '\0' && nwant < NGROUP * 4;) {
		size_t n = strcspn(w, ",");
		if ((g = grouping_of(w, n)) < 0) {
			char word[40];
			snprintf(word, sizeof word, "%.*s", (int)(n < 39 ? n : 39), w);
			return pm_text_one_of(err, "by", word, "kind, site, severity");
		}
		want[nwant++] = g;
		w += n;
		if (*w == ',')
			w++;
	}
	since = pm_time_from_local(year, 1, 1, 0, 0, 0);
	until = pm_time_from_local(year + 1, 1, 1, 0, 0, 0);
	for (i = 0; i < nwant; i++)
		if ((rc = stats_one(ctx, want[i], since, until, fn, arg, err)) != 0)
			return rc;
	return 0;
}

/* ---- what hooks see of an incident ------------------------------------------------- */

static int
hook_record(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	(void)clear;    /* an incident's fields hold no personal data by class */
	if ((rc = pm_db_prepare(ctx->db, "SELECT i.kind, i.status, i.severity, s.code, i.place, "
	    "i.esc_level, i.occurred_at, i.due_at FROM incident i JOIN site s ON s.id = i.site_id "
	    "WHERE i.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_s(j, "kind", pm_stmt_text(st, 0));
		pm_json_s(j, "status", pm_stmt_text(st, 1));
		pm_json_s(j, "severity", pm_stmt_text(st, 2));
		pm_json_s(j, "site", pm_stmt_text(st, 3));
		pm_json_s(j, "place", pm_stmt_null(st, 4) ? NULL : pm_stmt_text(st, 4));
		pm_json_i(j, "esc_level", pm_stmt_int(st, 5));
		pm_json_t(j, "occurred_at", pm_stmt_int(st, 6));
		if (pm_stmt_null(st, 7))
			pm_json_null(j, "due_at");
		else
			pm_json_t(j, "due_at", pm_stmt_int(st, 7));
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

const pm_hook_kind pm_incident_hook_kind = { "incident", 'I', hook_record };
