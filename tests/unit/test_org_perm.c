/* test_org_perm.c — the roles in the database (the built-in ones seeded,
 * new, set, show, import, their errors and audit rows, the config key that
 * no longer grants anything), who may grant a role, staff as the holders of
 * roles, the bootstrap of a new database and the policy in each state of
 * the organisation; the names the modules declare. */
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
#include "org.h"
#include "org_perm.h"
#include "perm.h"
#include "fixture.h"

static pm_ctx ctx;

static void
use_config(const char *yaml)
{
	pm_err err;

	pm_config_free(ctx.cfg);
	ctx.cfg = NULL;
	if (pm_config_parse("c.yaml", yaml, strlen(yaml), &ctx.cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
}

/* ---- the built-in roles ---------------------------------------------- */

struct seen {
	int n;
	char line[32][300];
};

static int
collect(void *arg, const pm_role *r)
{
	struct seen *s = arg;
	size_t i;
	int len;

	if (s->n >= 32)
		return 1;
	len = snprintf(s->line[s->n], sizeof s->line[0], "%s %s", r->name, r->source);
	for (i = 0; r->perms[i] != NULL && len < 290; i++)
		len += snprintf(s->line[s->n] + len, sizeof s->line[0] - (size_t)len, " %s",
		    r->perms[i]);
	s->n++;
	return 0;
}

static int
db_open(void **state)
{
	(void)state;
	pm_config_free(ctx.cfg);        /* fx_open starts from a clean ctx */
	ctx.cfg = NULL;
	return fx_open(&ctx, "pm-org", "root", NULL);
}

static int
db_close(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* The built-in roles, as pm-admin init (and migrate) seed them. */
static void
test_builtin_roles(void **state)
{
	static const char *const names[] = {
		"admin", "clerk", "finance", "maint", "manager", "market", "security", "service"
	};
	struct seen s;
	pm_err err;
	int i;

	(void)state;
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
	assert_int_equal(s.n, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(strncmp(s.line[i], names[i], strlen(names[i])), 0);
		assert_true(pm_perm_role_exists(&ctx, names[i]));
	}
	assert_string_equal(s.line[0], "admin builtin *");
	assert_string_equal(s.line[1], "clerk builtin unit.edit unit.import");
	assert_string_equal(s.line[3], "maint builtin complaint.handle equipment.* plan.* "
	    "workorder.*");
	assert_string_equal(s.line[7], "service builtin complaint.* survey.*");
	assert_false(pm_perm_role_exists(&ctx, "nobody"));
	/* the manager sees everything but administration */
	assert_null(strstr(s.line[4], " * "));
	assert_non_null(strstr(s.line[4], "pii.unmask"));
	assert_non_null(strstr(s.line[4], "org.*"));
}

/* Every pattern of a built-in role grants something a module declares,
 * or names the area of a tool still to come: a typo ("complant.*")
 * would show here. */
static int
known_row(void *arg, const pm_role *r)
{
	size_t i, j, n;

	(void)arg;
	for (i = 0; r->perms[i] != NULL; i++) {
		assert_true(pm_perm_pattern_valid(r->perms[i]));
		if (pm_perm_known(r->perms[i]))
			continue;
		for (j = 0; pm_org_perm_areas[j] != NULL; j++) {
			n = strlen(pm_org_perm_areas[j]);
			if (strncmp(r->perms[i], pm_org_perm_areas[j], n) == 0 &&
			    r->perms[i][n] == '.')
				break;
		}
		if (pm_org_perm_areas[j] == NULL)
			fail_msg("role %s: %s grants nothing declared", r->name, r->perms[i]);
	}
	return 0;
}

static void
test_builtin_patterns_known(void **state)
{
	static const char *const to_come[] = {
		"action", "budget", "drill", "equipment", "fee", "hazard", "incident", "patrol",
		"plan", "report", "workorder", NULL
	};
	pm_err err;
	size_t i;

	(void)state;
	assert_int_equal(pm_perm_roles(&ctx, known_row, NULL, &err), 0);
	assert_false(pm_perm_known("complant.*"));
	/* the areas to come are the tools DESIGN.md names, none installed yet */
	for (i = 0; to_come[i] != NULL; i++) {
		assert_non_null(pm_org_perm_areas[i]);
		assert_string_equal(pm_org_perm_areas[i], to_come[i]);
	}
	assert_null(pm_org_perm_areas[i]);
}

/* The names the four tools' verbs ask for are declared, each with a line. */
static void
test_declared(void **state)
{
	static const char *const asked[] = {
		"admin", "org.edit", "unit.edit", "unit.import", "complaint.new",
		"complaint.assign", "complaint.handle", "complaint.visit", "complaint.close",
		"complaint.escalate", "survey.new", "survey.import", "pii.unmask", "equipment.edit",
		"equipment.import", "plan.load", "plan.check", "plan.exempt", "plan.run", "workorder.new",
		"workorder.assign", "workorder.work", "workorder.verify", "workorder.close",
		"workorder.escalate", "fee.read", "fee.bill", "fee.charge", "fee.meter", "fee.budget",
		"fee.cost", "fee.fund", "fee.fund.withdraw", "fee.pay", "fee.reverse", "fee.refund",
		"fee.waive", "fee.export", "fee.notice", "action.meeting", "action.create", "action.work", "action.verify",
		"action.close", "action.escalate", "patrol.point", "patrol.import",
		"patrol.route", "patrol.plan", "patrol.walk", "hazard.report", "hazard.assign",
		"hazard.fix", "hazard.verify", "hazard.close", "hazard.escalate",
		"drill.plan", "drill.record", "incident.report", "incident.handle",
		"incident.escalate", "incident.close", NULL
	};
	const pm_perm_name *p;
	size_t i;

	(void)state;
	for (i = 0; asked[i] != NULL; i++)
		if (!pm_perm_is_declared(asked[i]))
			fail_msg("%s is not declared", asked[i]);
	for (i = 0; (p = pm_perm_declared(i)) != NULL; i++)
		if (p->doc == NULL || *p->doc == '\0')
			fail_msg("%s has no description", p->name);
	assert_int_equal(i, 63);
	/* registering again changes nothing */
	assert_int_equal(pm_registry_init(), 0);
	assert_null(pm_perm_declared(63));
}

/* ---- the policy ------------------------------------------------------ */

static int
db_setup(void **state)
{
	(void)state;
	pm_config_free(ctx.cfg);        /* fx_open starts from a clean ctx */
	ctx.cfg = NULL;
	if (fx_open(&ctx, "pm-org", "root", NULL) != 0)
		return -1;
	use_config("timezone: UTC\n");
	/* the policy every binary installs */
	pm_perm_set_policy(pm_org_perm_policy);
	return 0;
}

static int
db_teardown(void **state)
{
	(void)state;
	pm_perm_set_policy(NULL);
	return fx_close(&ctx);
}

static int
ask(int bootstrap, const char *who, const char *perm, pm_err *err)
{
	ctx.bootstrap = bootstrap;
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", who);
	pm_err_clear(err);
	return pm_org_perm_policy(&ctx, perm, err);
}

static void
staff(const char *login, const char *roles)
{
	pm_staff_change c;
	pm_err err;

	memset(&c, 0, sizeof c);
	c.name = login;
	c.roles = roles;
	/* made by boss, the first member and so an administrator */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	if (pm_org_staff_new(&ctx, login, &c, NULL, &err) != 0)
		fail_msg("staff new %s: %s", login, err.msg);
}

struct held {
	char s[200];
};

static int
held_add(void *arg, const char *role)
{
	struct held *h = arg;
	size_t n = strlen(h->s);

	snprintf(h->s + n, sizeof h->s - n, "%s%s", n > 0 ? "," : "", role);
	return 0;
}

static void
test_policy(void **state)
{
	struct held h;
	pm_db *db;
	pm_err err;
	char sql[64];
	int ver;

	(void)state;
	/* no staff yet: only a verb that declares itself a bootstrap verb,
	 * whoever runs it and whatever it asks for */
	assert_int_equal(ask(1, "root", "admin", &err), 0);
	assert_int_equal(ask(1, "anyone", "org.edit", &err), 0);
	assert_int_equal(ask(0, "root", "org.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "no staff yet: create the first administrator with "
	    "pm-org staff new");
	assert_int_equal(ask(0, "root", "", &err), PM_EX_NOPERM);
	/* the tool and verb names play no part */
	ctx.tool = "pm-admin";
	ctx.verb = "backup";
	assert_int_equal(ask(0, "root", "admin", &err), PM_EX_NOPERM);
	ctx.tool = "pm-org";
	ctx.verb = "staff new";
	assert_int_equal(ask(0, "root", "org.edit", &err), PM_EX_NOPERM);
	ctx.tool = "pm-x";
	ctx.verb = "test";

	/* no database, or one older than the staff table: bootstrap too */
	db = ctx.db;
	ctx.db = NULL;
	assert_int_equal(ask(1, "root", "admin", &err), 0);
	assert_int_equal(ask(0, "root", "unit.edit", &err), PM_EX_NOPERM);
	ctx.db = db;
	assert_int_equal(pm_db_version(ctx.db, &ver, &err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "PRAGMA user_version = 3", &err), 0);
	assert_int_equal(ask(0, "root", "unit.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "no staff yet: create the first administrator with "
	    "pm-org staff new");
	assert_int_equal(ask(1, "root", "admin", &err), 0);
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", ver);
	assert_int_equal(pm_db_exec(ctx.db, sql, &err), 0);

	/* an undeclared name is a programming error, bootstrap or not */
	assert_int_equal(ask(1, "root", "tikcet.close", &err), PM_EX_SOFTWARE);

	staff("boss", "service");       /* the first: gets admin too */
	staff("kefu", "service");
	staff("cashier", "clerk,market");
	staff("nobody", "");

	/* bootstrap is over once someone is on the staff */
	assert_int_equal(ask(1, "root", "admin", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "root is not an active staff member");
	assert_int_equal(ask(1, "root", "org.edit", &err), PM_EX_NOPERM);
	assert_int_equal(ask(0, "boss", "admin", &err), 0);
	assert_int_equal(ask(0, "boss", "unit.import", &err), 0);
	assert_int_equal(ask(0, "kefu", "unit.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "kefu may not do this: needs permission unit.edit "
	    "(roles: service)");
	assert_int_equal(ask(0, "kefu", "complaint.close", &err), 0);
	assert_int_equal(ask(0, "kefu", "survey.new", &err), 0);
	assert_int_equal(ask(0, "cashier", "unit.import", &err), 0);
	assert_int_equal(ask(0, "cashier", "admin", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "cashier may not do this: needs permission admin "
	    "(roles: clerk, market)");
	/* the empty permission: any active staff member */
	assert_int_equal(ask(0, "nobody", "", &err), 0);
	assert_int_equal(ask(0, "nobody", "org.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "nobody may not do this: needs permission org.edit "
	    "(roles: none)");

	/* the holder alone: roles in name order, or a refusal */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	memset(&h, 0, sizeof h);
	assert_int_equal(pm_org_perm_holder(&ctx, held_add, &h, &err), 0);
	assert_string_equal(h.s, "admin,service");
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "stranger");
	assert_int_equal(pm_org_perm_holder(&ctx, held_add, &h, &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "stranger is not an active staff member");

	/* deactivated: cannot act at all */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	assert_int_equal(pm_org_staff_deactivate(&ctx, "kefu", &err), 0);
	assert_int_equal(ask(0, "kefu", "", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "kefu is not an active staff member");

	/* No configuration file grants a permission (issue 8: a member
	 * redefined their own role in a config of their own and was admin):
	 * a config that still defines roles is refused, before any grant */
	use_config("timezone: UTC\nroles:\n  clerk:\n    perms: ['*']\n");
	assert_int_equal(ask(0, "cashier", "admin", &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "c.yaml:3:3: roles: no longer read from the configuration "
	    "(roles are kept in the database): move this section to a file of its own, load "
	    "it with pm-org role import FILE, and remove it here");
	assert_int_equal(ask(0, "boss", "", &err), PM_EX_CONFIG);
	assert_int_equal(ask(1, "boss", "admin", &err), PM_EX_CONFIG);
	assert_int_equal(pm_org_perm_config_check(ctx.cfg, &err), PM_EX_CONFIG);
	assert_int_equal(pm_config_check(ctx.cfg, &err), PM_EX_CONFIG);
	use_config("timezone: UTC\n");
	assert_int_equal(pm_org_perm_config_check(ctx.cfg, &err), 0);
	assert_int_equal(ask(0, "cashier", "admin", &err), PM_EX_NOPERM);

	/* the roles in the database are what counts: a change takes effect */
	{
		pm_role_change rc_ = { NULL, NULL, "org.edit", NULL };

		snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
		assert_int_equal(pm_org_role_set(&ctx, "market", &rc_, &err), 0);
		assert_int_equal(ask(0, "cashier", "org.edit", &err), 0);
	}
	/* a name no role defines (a config role never imported) grants nothing */
	assert_int_equal(pm_db_exec(ctx.db, "INSERT INTO staff_role (staff_id, role) "
	    "SELECT id, 'gone' FROM staff WHERE login = 'cashier'", &err), 0);
	assert_int_equal(ask(0, "cashier", "admin", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "cashier may not do this: needs permission admin "
	    "(roles: clerk, gone, market)");

	/* a database older than the role table: admin alone, granting everything
	 * (enough to migrate it) */
	{
		struct seen s;

		assert_int_equal(pm_db_exec(ctx.db, "PRAGMA user_version = 8", &err), 0);
		memset(&s, 0, sizeof s);
		assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
		assert_int_equal(s.n, 1);
		assert_string_equal(s.line[0], "admin builtin *");
		assert_int_equal(ask(0, "boss", "admin", &err), 0);
		assert_int_equal(ask(0, "cashier", "unit.import", &err), PM_EX_NOPERM);
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", ver);
		assert_int_equal(pm_db_exec(ctx.db, sql, &err), 0);
	}

	/* the hook asks the installed policy */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "nobody");
	ctx.bootstrap = 0;
	assert_int_equal(pm_perm_check(&ctx, "org.edit", &err), PM_EX_NOPERM);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	assert_int_equal(pm_perm_check(&ctx, "org.edit", &err), 0);
	/* and the roles policy, with org's holder from the registry, is the
	 * same without the bootstrap */
	pm_perm_set_policy(pm_perm_by_roles);
	assert_int_equal(pm_perm_check(&ctx, "org.edit", &err), 0);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "nobody");
	assert_int_equal(pm_perm_check(&ctx, "org.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "nobody may not do this: needs permission org.edit "
	    "(roles: none)");
	pm_perm_set_policy(pm_org_perm_policy);
}

/* ---- changing roles ---------------------------------------------------- */

static const char *
last_audit(const char *entity)
{
	static char buf[1024];
	pm_audit_filter f;
	pm_audit_iter *it = NULL;
	pm_audit_row r;
	pm_err err;

	memset(&f, 0, sizeof f);
	f.entity = entity;
	f.newest_first = 1;
	f.limit = 1;
	buf[0] = '\0';
	assert_int_equal(pm_audit_list(&ctx, &f, &it, &err), 0);
	if (pm_audit_next(it, &r, &err) == 1)
		snprintf(buf, sizeof buf, "%s %s %s %s %s", r.actor, r.entity_id, r.action,
		    r.before ? r.before : "-", r.after ? r.after : "-");
	pm_audit_iter_free(it);
	return buf;
}

static const char *
role_line(const char *name)
{
	static struct seen s;
	static pm_err err;

	memset(&s, 0, sizeof s);
	if (pm_org_role_get(&ctx, name, collect, &s, &err) != 0)
		return err.msg;
	return s.line[0];
}

/* Run a call as a command would: a failure leaves nothing behind. */
static int
run(int rc_want, int rc, const pm_err *err, const char *msg)
{
	pm_err e;

	if (rc != 0)
		pm_db_exec(ctx.db, "ROLLBACK TO t", &e);
	pm_db_exec(ctx.db, "RELEASE t", &e);
	if (rc != rc_want)
		fail_msg("status %d, want %d (%s)", rc, rc_want, err->msg);
	if (msg != NULL && strcmp(err->msg, msg) != 0)
		fail_msg("message \"%s\", want \"%s\"", err->msg, msg);
	return rc;
}
#define RUN(want, call, msg) do { pm_err s_; pm_db_exec(ctx.db, "SAVEPOINT t", &s_); \
	run(want, (call), &err, msg); } while (0)

static void
test_role_new_set(void **state)
{
	pm_role_change c;
	pm_err err;

	(void)state;
	staff("boss", "");              /* the first: admin */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	memset(&c, 0, sizeof c);
	c.perms = "patrol.*,complaint.handle,patrol.*";
	c.description = "门卫 / gate";
	RUN(0, pm_org_role_new(&ctx, "guard", &c, &err), NULL);
	/* sorted, once each; made here, so local */
	assert_string_equal(role_line("guard"), "guard local complaint.handle patrol.*");
	assert_string_equal(last_audit("role"), "boss guard new - {\"name\":\"guard\","
	    "\"description\":\"门卫 / gate\",\"source\":\"local\","
	    "\"perms\":[\"complaint.handle\",\"patrol.*\"]}");
	assert_true(pm_perm_role_exists(&ctx, "guard"));

	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "guard", &c, &err), "role guard exists");
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "Guard", &c, &err),
	    "'Guard': not a role name (1-32 of a-z 0-9 _ -)");
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "a\x1b[2Jb", &c, &err),
	    "'a\\e[2Jb': not a role name (1-32 of a-z 0-9 _ -)");
	/* patterns: the form, then a typo, then an area of a tool to come */
	c.perms = "Fee.*";
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "x", &c, &err),
	    "'Fee.*' is not a permission pattern (area.action, area.*, or *)");
	c.perms = "complant.*";
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "x", &c, &err), "'complant.*' grants no "
	    "permission that any tool declares (nor lies in the area of a tool to come)");
	c.perms = "complaint.reopen";
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "x", &c, &err), NULL);
	c.perms = "unit.edit,";
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "x", &c, &err),
	    "perms: an empty pattern in the list");
	c.perms = "fee.late.waive,workorder.*,admin,*";
	RUN(0, pm_org_role_new(&ctx, "x", &c, &err), NULL);
	c.perms = NULL;
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "y", &c, &err),
	    "a role needs at least one permission pattern");
	c.perms = "unit.edit";
	c.description = "\xff";
	RUN(PM_EX_DATAERR, pm_org_role_new(&ctx, "y", &c, &err), NULL);

	/* set: the lists, the source, the audit row; nothing to change writes nothing */
	memset(&c, 0, sizeof c);
	c.add_perm = "hazard.report";
	c.remove_perm = "complaint.handle";
	RUN(0, pm_org_role_set(&ctx, "guard", &c, &err), NULL);
	assert_string_equal(role_line("guard"), "guard local hazard.report patrol.*");
	assert_non_null(strstr(last_audit("role"), "boss guard set {"));
	c.add_perm = NULL;
	c.remove_perm = "complaint.handle";
	RUN(PM_EX_DATAERR, pm_org_role_set(&ctx, "guard", &c, &err),
	    "the role has no pattern complaint.handle");
	c.remove_perm = "hazard.report,patrol.*";
	RUN(PM_EX_DATAERR, pm_org_role_set(&ctx, "guard", &c, &err),
	    "a role needs at least one permission pattern");
	RUN(PM_EX_NOINPUT, pm_org_role_set(&ctx, "ghost", &c, &err), "role ghost: no such role");
	RUN(PM_EX_NOINPUT, pm_org_role_get(&ctx, "ghost", collect, NULL, &err),
	    "role ghost: no such role");
	memset(&c, 0, sizeof c);
	c.perms = "patrol.*,hazard.report";
	{
		int64_t n0, n1;
		int found;

		pm_db_get_int(ctx.db, &err, &n0, &found, "SELECT count(*) FROM audit", "");
		RUN(0, pm_org_role_set(&ctx, "guard", &c, &err), NULL);
		pm_db_get_int(ctx.db, &err, &n1, &found, "SELECT count(*) FROM audit", "");
		assert_int_equal(n0, n1);
	}
	/* a built-in one changed is local from then on */
	assert_string_equal(role_line("clerk"), "clerk builtin unit.edit unit.import");
	c.perms = NULL;
	c.description = "资料员";
	RUN(0, pm_org_role_set(&ctx, "clerk", &c, &err), NULL);
	assert_string_equal(role_line("clerk"), "clerk local unit.edit unit.import");

	/* the organisation keeps an active administrator: admin cannot lose *
	 * while only its holders administer */
	c.description = NULL;
	c.perms = "report.*";
	RUN(PM_EX_DATAERR, pm_org_role_set(&ctx, "admin", &c, &err), "that would leave no "
	    "active administrator (a role granting admin, held by an active staff member)");
	assert_string_equal(role_line("admin"), "admin builtin *");
	/* ... unless another role administers and someone holds it */
	staff("li", "x");
	RUN(0, pm_org_role_set(&ctx, "admin", &c, &err), NULL);
}

static void
write_file(const char *name, const char *text, char *path, size_t n)
{
	FILE *f;

	snprintf(path, n, "%s/%s", fx_dir, name);
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void
import_fails(const char *yaml, int want, const char *msg_tail)
{
	char path[300], msg[600];
	long counts[3];
	pm_err err;

	write_file("bad.yaml", yaml, path, sizeof path);
	snprintf(msg, sizeof msg, "%s:%s", path, msg_tail);
	RUN(want, pm_org_role_import(&ctx, path, counts, &err), msg);
}

static void
test_role_import(void **state)
{
	char path[300];
	long counts[3];
	pm_err err;

	(void)state;
	staff("boss", "");
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	/* the shape the config key had */
	write_file("roles.yaml", "roles:\n"
	    "  hr:\n"
	    "    description: 人事 / human resources\n"
	    "    perms: [org.edit]\n"
	    "  service:\n"
	    "    description: 客服 (也收费) / service, also takes payments\n"
	    "    perms:\n"
	    "      - complaint.*\n"
	    "      - fee.pay\n"
	    "  market:\n"
	    "    description: \"市场拓展部: 报表、业主调查 / Market expansion: reports, owner "
	    "surveys\"\n"
	    "    perms: [survey.*, report.*]\n", path, sizeof path);
	RUN(0, pm_org_role_import(&ctx, path, counts, &err), NULL);
	assert_int_equal(counts[0], 1);         /* hr */
	assert_int_equal(counts[1], 1);         /* service */
	assert_int_equal(counts[2], 1);         /* market: as it was */
	assert_string_equal(role_line("hr"), "hr local org.edit");
	assert_string_equal(role_line("service"), "service local complaint.* fee.pay");
	assert_string_equal(role_line("market"), "market builtin report.* survey.*");
	assert_non_null(strstr(last_audit("role"), "boss service import {\"name\":\"service\","));
	/* again: nothing changes */
	RUN(0, pm_org_role_import(&ctx, path, counts, &err), NULL);
	assert_int_equal(counts[0] + counts[1], 0);
	assert_int_equal(counts[2], 3);

	/* all or nothing, with the position */
	import_fails("roles:\n  a:\n    perms: [unit.edit]\n  b:\n    perms: [tikcet.*]\n",
	    PM_EX_DATAERR, "5:13: 'tikcet.*' grants no permission that any tool declares "
	    "(nor lies in the area of a tool to come)");
	assert_false(pm_perm_role_exists(&ctx, "a"));
	import_fails("roles:\n  - a\n", PM_EX_DATAERR,
	    "2:3: roles: expected a mapping of role names to roles");
	import_fails("roles:\n  x:\n    description: d\n", PM_EX_DATAERR,
	    "2:3: role 'x' has no perms");
	import_fails("roles:\n  x:\n    perms: []\n", PM_EX_DATAERR,
	    "3:12: role 'x' has no perms");
	import_fails("roles:\n  x:\n    perms: ticket.*\n", PM_EX_DATAERR,
	    "3:12: role 'x': perms: expected a sequence of permission patterns");
	import_fails("roles:\n  x:\n    perms: [unit.edit]\n    perm: [a.b]\n", PM_EX_DATAERR,
	    "4:5: unknown key 'perm' in a role (description, perms)");
	import_fails("roles:\n  Bad:\n    perms: [unit.edit]\n", PM_EX_DATAERR,
	    "2:3: role name 'Bad': use 1-32 of a-z 0-9 _ -");
	import_fails("roles:\n  x: unit.edit\n", PM_EX_DATAERR,
	    "2:6: role 'x': expected a mapping with description and perms");
	import_fails("roles:\n  x:\n    perms: [unit.edit, Unit.Edit]\n", PM_EX_DATAERR,
	    "3:24: 'Unit.Edit' is not a permission pattern (area.action, area.*, or *)");
	import_fails("roles:\n  \"a\\eb\":\n    perms: [x]\n", PM_EX_DATAERR,
	    "2:3: role name 'a\\eb': use 1-32 of a-z 0-9 _ -");
	import_fails("timezone: UTC\nroles:\n  x:\n    perms: [unit.edit]\n", PM_EX_DATAERR,
	    "1:1: unknown key 'timezone' (a roles file has only roles)");
	import_fails("- a\n", PM_EX_DATAERR, "1:1: expected a mapping with the key roles");
	import_fails("roles:\n  admin:\n    perms: [report.*]\n", PM_EX_DATAERR,
	    "2:3: role 'admin': that would leave no active administrator (a role granting "
	    "admin, held by an active staff member)");
	assert_string_equal(role_line("admin"), "admin builtin *");
	snprintf(path, sizeof path, "%s/none.yaml", fx_dir);
	RUN(PM_EX_NOINPUT, pm_org_role_import(&ctx, path, counts, &err), NULL);
}

/* ---- who may grant a role ---------------------------------------------- */

static int
staff_none(void *arg, const pm_staff *s)
{
	(void)arg;
	(void)s;
	return 0;
}

static void
test_may_grant(void **state)
{
	pm_staff_change c;
	pm_role_change rc_;
	pm_err err;

	(void)state;
	staff("boss", "");
	staff("jl", "manager");
	staff("cw", "finance,clerk");
	staff("kefu", "service");
	staff("gone", "manager");
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	assert_int_equal(pm_org_staff_deactivate(&ctx, "gone", &err), 0);

	/* admin may grant anything */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	RUN(0, pm_org_perm_may_grant(&ctx, "admin", "grant", &err), NULL);
	/* the manager, everything but administration: not admin, nor a role with * */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "jl");
	RUN(PM_EX_NOPERM, pm_org_perm_may_grant(&ctx, "admin", "grant", &err),
	    "jl may not grant role admin: needs admin, or every permission of the role "
	    "(lacks *)");
	RUN(0, pm_org_perm_may_grant(&ctx, "service", "grant", &err), NULL);
	RUN(0, pm_org_perm_may_grant(&ctx, "manager", "grant", &err), NULL);
	RUN(0, pm_org_perm_may_grant(&ctx, "maint", "grant", &err), NULL);
	RUN(0, pm_org_perm_may_grant(&ctx, "undefined", "grant", &err), NULL);
	/* pattern-wise: finance + clerk cover finance, clerk, not manager */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "cw");
	RUN(0, pm_org_perm_may_grant(&ctx, "finance", "grant", &err), NULL);
	RUN(0, pm_org_perm_may_grant(&ctx, "clerk", "grant", &err), NULL);
	RUN(PM_EX_NOPERM, pm_org_perm_may_grant(&ctx, "service", "take away", &err),
	    "cw may not take away role service: needs admin, or every permission of the role "
	    "(lacks complaint.*,survey.*)");
	/* a deactivated member holds nothing */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "gone");
	RUN(PM_EX_NOPERM, pm_org_perm_may_grant(&ctx, "service", "grant", &err), NULL);

	/* through staff set and staff new: the escalation */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "jl");
	memset(&c, 0, sizeof c);
	c.add_role = "admin";
	RUN(PM_EX_NOPERM, pm_org_staff_set(&ctx, "jl", &c, &err),
	    "jl may not grant role admin: needs admin, or every permission of the role "
	    "(lacks *)");
	memset(&c, 0, sizeof c);
	c.roles = "manager,admin";
	RUN(PM_EX_NOPERM, pm_org_staff_set(&ctx, "jl", &c, &err), NULL);
	memset(&c, 0, sizeof c);
	c.name = "新管理员";
	c.roles = "admin";
	RUN(PM_EX_NOPERM, pm_org_staff_new(&ctx, "x", &c, NULL, &err), NULL);
	assert_false(pm_org_staff_get(&ctx, "x", staff_none, NULL, &err) == 0);
	/* nor take admin away from the administrator */
	memset(&c, 0, sizeof c);
	c.remove_role = "admin";
	RUN(PM_EX_NOPERM, pm_org_staff_set(&ctx, "boss", &c, &err),
	    "jl may not take away role admin: needs admin, or every permission of the role "
	    "(lacks *)");
	memset(&c, 0, sizeof c);
	c.roles = "";
	RUN(PM_EX_NOPERM, pm_org_staff_set(&ctx, "boss", &c, &err), NULL);
	/* what the manager holds, the manager may hand on; roles kept need nothing */
	memset(&c, 0, sizeof c);
	c.add_role = "service,maint";
	RUN(0, pm_org_staff_set(&ctx, "cw", &c, &err), NULL);
	memset(&c, 0, sizeof c);
	c.roles = "service";
	RUN(0, pm_org_staff_set(&ctx, "kefu", &c, &err), NULL);
	memset(&c, 0, sizeof c);
	c.name = "老板";
	RUN(0, pm_org_staff_set(&ctx, "boss", &c, &err), NULL);
	memset(&c, 0, sizeof c);
	c.name = "客服二";
	c.roles = "service";
	RUN(0, pm_org_staff_new(&ctx, "kefu2", &c, NULL, &err), NULL);
	/* an unknown role is bad data first, not a refusal */
	memset(&c, 0, sizeof c);
	c.add_role = "boss";
	RUN(PM_EX_DATAERR, pm_org_staff_set(&ctx, "cw", &c, &err), NULL);

	/* a redefined role is judged as defined now: manager lost nothing by
	 * admin widening clerk, but can no longer hand clerk on */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	memset(&rc_, 0, sizeof rc_);
	rc_.add_perm = "admin";
	RUN(0, pm_org_role_set(&ctx, "clerk", &rc_, &err), NULL);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "jl");
	memset(&c, 0, sizeof c);
	c.add_role = "clerk";
	RUN(PM_EX_NOPERM, pm_org_staff_set(&ctx, "kefu", &c, &err),
	    "jl may not grant role clerk: needs admin, or every permission of the role "
	    "(lacks admin)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_builtin_roles, db_open, db_close),
		cmocka_unit_test_setup_teardown(test_builtin_patterns_known, db_open, db_close),
		cmocka_unit_test_setup_teardown(test_role_new_set, db_open, db_close),
		cmocka_unit_test_setup_teardown(test_role_import, db_open, db_close),
		cmocka_unit_test_setup_teardown(test_may_grant, db_open, db_close),
		cmocka_unit_test(test_declared),
		cmocka_unit_test_setup_teardown(test_policy, db_setup, db_teardown),
	};
	int rc;

	memset(&ctx, 0, sizeof ctx);
	if (pm_registry_init() != 0)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	pm_config_free(ctx.cfg);
	return rc;
}
