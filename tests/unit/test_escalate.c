/* test_escalate.c — the escalation mechanism on a scratch entity of its
 * own (a "ticket" table made here, with the column convention of
 * escalate.h and a group column named otherwise), with a fake resolver:
 * level parsing and targets, not late, levels by lateness, idempotence
 * per level, climbing past a level nobody answers, the event and audit
 * row, closed records, the permission. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "admin.h"
#include "audit.h"
#include "escalate.h"
#include "lifecycle.h"
#include "timeline.h"
#include "fixture.h"

static pm_ctx ctx;

/* ---- the scratch entity ----------------------------------------------- */

static const pm_transition ticket_t[] = {
	{ "close", "open|waiting", "closed", "ticket.close", 0, NULL, "closed", NULL, NULL },
	{ "escalate", "open|waiting", NULL, "ticket.escalate", PM_LC_INTERNAL, NULL,
	  "level and who", NULL, NULL },
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL }
};

static const pm_lifecycle ticket_lc = {
	"ticket", "ticket", 'T', "ticket", "open|waiting|closed", "open|waiting", "closed", "open",
	NULL, ticket_t, NULL, NULL
};

/* The fake organisation: group 1's lead is ann, group 2 has no lead;
 * boss is bob; p:LOGIN is that login unless it is "gone"; person n is
 * "p<n>". */
static int
fake_check(const char *kind, const char *arg, pm_err *err)
{
	if ((strcmp(kind, "lead") == 0 || strcmp(kind, "boss") == 0) && arg == NULL)
		return 0;
	if (strcmp(kind, "p") == 0 && arg != NULL && *arg != '\0')
		return 0;
	return pm_err_set(err, PM_EX_CONFIG, "use lead, boss or p:LOGIN");
}

static int
fake_who(pm_ctx *c, const char *kind, const char *arg, int64_t group_id, int64_t site_id,
    char *out, size_t n, pm_err *err)
{
	(void)c;
	(void)site_id;
	(void)err;
	out[0] = '\0';
	if (strcmp(kind, "lead") == 0 && group_id == 1)
		snprintf(out, n, "ann");
	else if (strcmp(kind, "boss") == 0)
		snprintf(out, n, "bob");
	else if (strcmp(kind, "p") == 0 && strcmp(arg, "gone") != 0)
		snprintf(out, n, "%s", arg);
	return 0;
}

static int
fake_login(pm_ctx *c, int64_t id, char *out, size_t n, pm_err *err)
{
	(void)c;
	(void)err;
	snprintf(out, n, "p%lld", (long long)id);
	return 0;
}

static const pm_esc_resolver fake = { fake_check, fake_who, fake_login };

/* the convention's columns, but the group is the ticket's team */
static const pm_esc_decl ticket_esc = {
	.lc = &ticket_lc,
	.verb = "escalate",
	.levels_key = "ticket.escalate_levels",
	.every_key = "ticket.escalate_every",
	.base_rule = "lead",
	.resolver = &fake,
	.group = "team_id",
};

static int
levels_check(const char *levels, pm_err *err)
{
	return pm_escalate_parse(levels, &fake, NULL, err);
}

/* The scratch tool's own keys, named as a later tool would name them. */
static const pm_cfg_key ticket_keys[] = {
	{ "ticket.escalate_levels", PM_CFG_STR, "lead,boss,p:carol", NULL, 0, 0,
	  "who takes over a late ticket", levels_check },
	{ "ticket.escalate_every", PM_CFG_SPAN, "1h", NULL, 60, 86400, "lateness per level",
	  NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};
static const pm_cfg_slice ticket_config = { "ticket", ticket_keys, NULL };

/* Deny every permission to the actor "nobody"; the rest may do anything. */
static int
policy(pm_ctx *c, const char *perm, pm_err *err)
{
	if (strcmp(c->actor.login, "nobody") == 0)
		return pm_err_set(err, PM_EX_NOPERM, "needs %s", perm);
	return 0;
}

static int
setup(void **state)
{
	(void)state;
	pm_perm_set_policy(policy);
	return fx_open(&ctx, "pm-ticket", "root",
	    "CREATE TABLE ticket (id INTEGER PRIMARY KEY, status TEXT NOT NULL DEFAULT 'open', "
	    "due_at INTEGER, esc_level INTEGER NOT NULL DEFAULT 0, escalated_at INTEGER, "
	    "assignee_id INTEGER, team_id INTEGER, site_id INTEGER) STRICT;");
}

static int
teardown(void **state)
{
	(void)state;
	pm_perm_set_policy(NULL);
	return fx_close(&ctx);
}

/* A ticket due at due (0: no due time) of team, assignee (0: none). */
static int64_t
ticket(pm_time due, int64_t team, int64_t assignee)
{
	pm_stmt *st = NULL;
	pm_err err;

	assert_int_equal(pm_db_prepare(ctx.db, "INSERT INTO ticket (due_at, team_id, "
	    "assignee_id, site_id) VALUES (?1, ?2, ?3, 1)", &st, &err), 0);
	if (due != 0)
		pm_stmt_bind_int(st, 1, due);
	pm_stmt_bind_int(st, 2, team);
	if (assignee != 0)
		pm_stmt_bind_int(st, 3, assignee);
	if (pm_stmt_run(st, &err) != 0)
		fail_msg("ticket: %s", err.msg);
	pm_stmt_free(st);
	return pm_db_last_id(ctx.db);
}

/* Set ticket id's level by hand. */
static void
set_level(int64_t id, int64_t level)
{
	pm_stmt *st = NULL;
	pm_err err;

	assert_int_equal(pm_db_prepare(ctx.db, "UPDATE ticket SET esc_level = ?1 WHERE id = ?2",
	    &st, &err), 0);
	pm_stmt_bind_int(st, 1, level);
	pm_stmt_bind_int(st, 2, id);
	assert_int_equal(pm_stmt_run(st, &err), 0);
	pm_stmt_free(st);
}

static int64_t
level_of(int64_t id, pm_time *escalated_at)
{
	pm_stmt *st = NULL;
	pm_err err;
	int64_t v = -1;

	assert_int_equal(pm_db_prepare(ctx.db, "SELECT esc_level, escalated_at FROM ticket "
	    "WHERE id = ?1", &st, &err), 0);
	pm_stmt_bind_int(st, 1, id);
	if (pm_stmt_step(st, &err) == 1) {
		v = pm_stmt_int(st, 0);
		if (escalated_at != NULL)
			*escalated_at = pm_stmt_null(st, 1) ? 0 : pm_stmt_int(st, 1);
	}
	pm_stmt_free(st);
	return v;
}

struct evs {
	int n;
	char last[200];
};

static int
ev_fn(void *arg, const pm_event *e)
{
	struct evs *v = arg;

	if (strcmp(e->event, "escalate") == 0) {
		v->n++;
		snprintf(v->last, sizeof v->last, "%s", e->data ? e->data : "");
	}
	return 0;
}

static int
events(int64_t id, char *last, size_t n)
{
	struct evs v;
	pm_err err;

	memset(&v, 0, sizeof v);
	assert_int_equal(pm_timeline_each(&ctx, "ticket", id, ev_fn, &v, &err), 0);
	if (last != NULL)
		snprintf(last, n, "%s", v.last);
	return v.n;
}

/* Audit rows of ticket T<id> with action escalate; the last one's after. */
static int
audits(int64_t id, char *after, size_t n)
{
	pm_audit_filter f;
	pm_audit_iter *it = NULL;
	pm_audit_row row;
	char idtext[24];
	pm_err err;
	int k = 0;

	snprintf(idtext, sizeof idtext, "T%lld", (long long)id);
	memset(&f, 0, sizeof f);
	f.entity = "ticket";
	f.entity_id = idtext;
	f.action = "escalate";
	assert_int_equal(pm_audit_list(&ctx, &f, &it, &err), 0);
	while (pm_audit_next(it, &row, &err) == 1) {
		k++;
		if (after != NULL)
			snprintf(after, n, "%s", row.after ? row.after : "");
	}
	pm_audit_iter_free(it);
	return k;
}

/* ---- tests ------------------------------------------------------------ */

static void
test_parse_and_target(void **state)
{
	pm_escalation e;
	pm_err err;

	(void)state;
	assert_int_equal(pm_escalate_parse("lead, p:x", &fake, &e, &err), 0);
	assert_int_equal(e.n, 2);
	assert_string_equal(e.who[1], "p:x");
	e.every = 3600;
	assert_int_equal(pm_escalate_target(&e, 1000, 999), 0);
	assert_int_equal(pm_escalate_target(&e, 1000, 1000), 1);
	assert_int_equal(pm_escalate_target(&e, 1000, 1000 + 3599), 1);
	assert_int_equal(pm_escalate_target(&e, 1000, 1000 + 3600), 2);
	assert_int_equal(pm_escalate_target(&e, 1000, 1000 + 99999), 2);  /* capped */
	assert_int_equal(pm_escalate_parse("", &fake, &e, &err), 0);
	assert_int_equal(e.n, 0);
	assert_int_equal(pm_escalate_target(&e, 1000, 99999), 0);       /* no levels */
	/* the resolver decides what a rule is; the mechanism names the entry */
	assert_int_equal(pm_escalate_parse("lead,chief", &fake, &e, &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "escalation level 'chief': use lead, boss or p:LOGIN");
	assert_int_equal(pm_escalate_parse("lead:x", &fake, NULL, &err), PM_EX_CONFIG);
	assert_int_equal(pm_escalate_parse("lead,,boss", &fake, NULL, &err), PM_EX_CONFIG);
	assert_int_equal(pm_escalate_parse("boss,boss,boss,boss,boss,boss,boss,boss,boss,boss",
	    &fake, NULL, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "at most 9"));
}

static void
test_not_late(void **state)
{
	pm_escalated r;
	pm_err err;
	int64_t a, b;

	(void)state;
	a = ticket(ctx.now + 60, 1, 7);
	b = ticket(0, 1, 7);                    /* waits on nothing */
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, a, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.level, 0);
	assert_string_equal(r.who, "p7");       /* level 0: the assignee */
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, b, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(level_of(a, NULL), 0);
	assert_int_equal(events(a, NULL, 0), 0);
	assert_int_equal(audits(a, NULL, 0), 0);
	/* no assignee: level 0 is the declaration's base rule */
	a = ticket(ctx.now + 60, 1, 0);
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, a, &r, &err), 0);
	assert_string_equal(r.who, "ann");
}

static void
test_levels_by_lateness(void **state)
{
	pm_escalated r;
	pm_err err;
	pm_time now = ctx.now, at;
	int64_t id = ticket(now - 1, 1, 7);
	char data[200];

	(void)state;
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 1);
	assert_string_equal(r.who, "ann");
	assert_int_equal(level_of(id, &at), 1);
	assert_int_equal(at, now);
	assert_int_equal(events(id, data, sizeof data), 1);
	assert_string_equal(data, "{\"level\":1,\"responsible\":\"ann\"}");
	assert_int_equal(audits(id, data, sizeof data), 1);
	assert_string_equal(data, "{\"status\":\"open\",\"level\":1,\"responsible\":\"ann\"}");
	/* one `every` (1h) later: level 2 */
	ctx.now = now + 3600;
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 2);
	assert_string_equal(r.who, "bob");
	/* far later: capped at the last level, reached in one step */
	id = ticket(now - 99 * 3600, 1, 7);
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.level, 3);
	assert_string_equal(r.who, "carol");
	assert_int_equal(events(id, NULL, 0), 1);
	ctx.now = now;
}

static void
test_idempotent(void **state)
{
	pm_escalated r;
	pm_err err;
	pm_time now = ctx.now, at1, at2;
	int64_t id = ticket(now - 10, 1, 7);

	(void)state;
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	level_of(id, &at1);
	/* run again, and again later within the same level: nothing changes */
	ctx.now = now + 600;
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.level, 1);
	assert_string_equal(r.who, "ann");      /* still says who is responsible */
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(level_of(id, &at2), 1);
	assert_int_equal(at2, at1);
	assert_int_equal(events(id, NULL, 0), 1);
	assert_int_equal(audits(id, NULL, 0), 1);
	/* a level set higher by hand is never lowered */
	set_level(id, 3);
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(r.level, 3);
	ctx.now = now;
}

static void
test_nobody_climbs(void **state)
{
	pm_escalated r;
	pm_err err;
	pm_time now = ctx.now;
	int64_t id = ticket(now - 1, 2, 7);     /* team 2 has no lead */
	const char *yaml = "ticket:\n  escalate_levels: \"lead,p:gone\"\n";
	char data[200];

	(void)state;
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 1);           /* the level its lateness calls for */
	assert_string_equal(r.who, "bob");      /* answered by the level above */
	events(id, data, sizeof data);
	assert_string_equal(data, "{\"level\":1,\"responsible\":\"bob\"}");
	/* no level has anyone: nobody, written as null */
	set_level(id, 0);
	pm_config_free(ctx.cfg);
	assert_int_equal(pm_config_parse("c.yaml", yaml, strlen(yaml), &ctx.cfg, &err), 0);
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_string_equal(r.who, "");
	events(id, data, sizeof data);
	assert_string_equal(data, "{\"level\":1,\"responsible\":null}");
	pm_config_free(ctx.cfg);
	ctx.cfg = pm_config_defaults();
}

static void
test_closed_and_refused(void **state)
{
	pm_escalated r;
	pm_err err;
	int64_t id = ticket(ctx.now - 86400, 1, 7);

	(void)state;
	/* a closed ticket waits on nothing, however late its due time */
	assert_int_equal(pm_lifecycle_apply(&ctx, &ticket_lc, "close", id, ctx.now, NULL, NULL,
	    &err), 0);
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 0);
	assert_int_equal(level_of(id, NULL), 0);
	/* no such ticket, named with its type */
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, 999999, &r, &err), PM_EX_NOINPUT);
	assert_string_equal(err.msg, "ticket T999999: no such ticket");
	/* the transition's permission is asked first */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "nobody");
	assert_int_equal(pm_escalate_apply(&ctx, &ticket_esc, id, &r, &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "needs ticket.escalate");
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "root");
}

/* Levels of the ticket's own, with limits of their own: 0 to level 1,
 * 10 minutes more to 2, 30 more to 3. */
static int
own_levels(pm_ctx *c, int64_t id, pm_escalation *out, pm_err *err)
{
	(void)c;
	(void)id;
	if (pm_escalate_parse("lead,boss,p:carol", &fake, out, err) != 0)
		return err->status;
	out->stepped = 1;
	out->after[0] = 0;
	out->after[1] = 600;
	out->after[2] = 2400;
	return 0;
}

static const pm_esc_decl stepped_esc = {
	.lc = &ticket_lc,
	.verb = "escalate",
	.base_rule = "lead",
	.resolver = &fake,
	.group = "team_id",
	.levels = own_levels,
};

static void
test_stepped(void **state)
{
	pm_escalation e;
	pm_escalated r;
	pm_err err;
	pm_time now = ctx.now;
	int64_t id = ticket(now - 599, 1, 7);

	(void)state;
	assert_int_equal(own_levels(&ctx, 0, &e, &err), 0);
	assert_int_equal(pm_escalate_target(&e, now, now - 1), 0);
	assert_int_equal(pm_escalate_target(&e, now, now), 1);
	assert_int_equal(pm_escalate_target(&e, now, now + 599), 1);
	assert_int_equal(pm_escalate_target(&e, now, now + 600), 2);
	assert_int_equal(pm_escalate_target(&e, now, now + 2399), 2);
	assert_int_equal(pm_escalate_target(&e, now, now + 2400), 3);
	assert_int_equal(pm_escalate_target(&e, now, now + 999999), 3);
	assert_int_equal(pm_escalate_apply(&ctx, &stepped_esc, id, &r, &err), 0);
	assert_int_equal(r.level, 1);
	ctx.now = now + 1;
	assert_int_equal(pm_escalate_apply(&ctx, &stepped_esc, id, &r, &err), 0);
	assert_int_equal(r.level, 2);
	assert_string_equal(r.who, "bob");
	ctx.now = now;
}

static void
test_raise(void **state)
{
	pm_escalated r;
	pm_err err;
	char data[200];
	int64_t id = ticket(ctx.now + 86400, 1, 7);     /* not late */

	(void)state;
	assert_int_equal(pm_escalate_raise(&ctx, &stepped_esc, id, &r, &err), 0);
	assert_int_equal(r.changed, 1);
	assert_int_equal(r.level, 1);
	assert_string_equal(r.who, "ann");
	events(id, data, sizeof data);
	assert_string_equal(data, "{\"level\":1,\"responsible\":\"ann\",\"manual\":1}");
	assert_int_equal(pm_escalate_raise(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(pm_escalate_raise(&ctx, &ticket_esc, id, &r, &err), 0);
	assert_int_equal(r.level, 3);
	assert_int_equal(pm_escalate_raise(&ctx, &ticket_esc, id, &r, &err), PM_EX_DATAERR);
	snprintf(data, sizeof data, "T%lld is at the top level (3)", (long long)id);
	assert_string_equal(err.msg, data);
	/* a closed ticket is refused, not passed over */
	assert_int_equal(pm_lifecycle_apply(&ctx, &ticket_lc, "close", id, ctx.now, NULL, NULL,
	    &err), 0);
	assert_int_equal(pm_escalate_raise(&ctx, &ticket_esc, id, &r, &err), PM_EX_DATAERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_and_target),
		cmocka_unit_test(test_not_late),
		cmocka_unit_test(test_levels_by_lateness),
		cmocka_unit_test(test_idempotent),
		cmocka_unit_test(test_nobody_climbs),
		cmocka_unit_test(test_closed_and_refused),
		cmocka_unit_test(test_stepped),
		cmocka_unit_test(test_raise),
	};

	if (pm_registry_init() != 0 || pm_config_register(&ticket_config) != 0)
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
