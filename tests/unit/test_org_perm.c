/* test_org_perm.c — the organisation's built-in roles, staff as the holders
 * of roles, the bootstrap of a new database and the policy in each state of
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
	len = snprintf(s->line[s->n], sizeof s->line[0], "%s %s", r->name,
	    r->from_config ? "config" : "builtin");
	for (i = 0; r->perms[i] != NULL && len < 290; i++)
		len += snprintf(s->line[s->n] + len, sizeof s->line[0] - (size_t)len, " %s",
		    r->perms[i]);
	s->n++;
	return 0;
}

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
	use_config("timezone: UTC\n");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
	assert_int_equal(s.n, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(strncmp(s.line[i], names[i], strlen(names[i])), 0);
		assert_true(pm_perm_role_exists(&ctx, names[i]));
		/* the table itself is in name order too */
		assert_string_equal(pm_org_perm_roles[i].name, names[i]);
	}
	assert_null(pm_org_perm_roles[8].name);
	assert_string_equal(s.line[0], "admin builtin *");
	assert_string_equal(s.line[1], "clerk builtin unit.edit unit.import");
	assert_string_equal(s.line[7], "service builtin complaint.* survey.*");
	assert_false(pm_perm_role_exists(&ctx, "nobody"));
	/* the manager sees everything but administration */
	assert_null(strstr(s.line[4], " * "));
	assert_non_null(strstr(s.line[4], "pii.unmask"));
	assert_non_null(strstr(s.line[4], "org.*"));
}

/*
 * Every pattern of a built-in role grants something a module declares,
 * or names the area of a tool still to come: a typo ("complant.*")
 * would show here.
 */
static void
test_builtin_patterns_known(void **state)
{
	static const char *const to_come[] = {
		"fee.*", "budget.*", "workorder.*", "equipment.*", "plan.*", "patrol.*",
		"hazard.*", "drill.*", "incident.*", "report.*", "action.*", NULL
	};
	const pm_role *r;
	size_t i, j;

	(void)state;
	for (r = pm_org_perm_roles; r->name != NULL; r++)
		for (i = 0; r->perms[i] != NULL; i++) {
			assert_true(pm_perm_pattern_valid(r->perms[i]));
			if (pm_perm_known(r->perms[i]))
				continue;
			for (j = 0; to_come[j] != NULL; j++)
				if (strcmp(to_come[j], r->perms[i]) == 0)
					break;
			if (to_come[j] == NULL)
				fail_msg("role %s: %s grants nothing declared", r->name, r->perms[i]);
		}
	assert_false(pm_perm_known("complant.*"));
}

/* The names the four tools' verbs ask for are declared, each with a line. */
static void
test_declared(void **state)
{
	static const char *const asked[] = {
		"admin", "org.edit", "unit.edit", "unit.import", "complaint.new",
		"complaint.assign", "complaint.handle", "complaint.visit", "complaint.close",
		"complaint.escalate", "survey.new", "survey.import", "pii.unmask", NULL
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
	assert_int_equal(i, 13);
	/* registering again changes nothing */
	assert_int_equal(pm_registry_init(), 0);
	assert_null(pm_perm_declared(13));
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

	/* roles from config: a redefined service role, a stale name grants nothing */
	use_config("roles:\n  service:\n    perms: [unit.edit]\n");
	assert_int_equal(ask(0, "boss", "unit.edit", &err), 0);
	assert_int_equal(ask(0, "boss", "complaint.close", &err), 0);
	use_config("roles:\n  admin:\n    perms: [report.*]\n");
	assert_int_equal(ask(0, "boss", "admin", &err), PM_EX_NOPERM);
	assert_int_equal(ask(0, "boss", "complaint.close", &err), 0);
	/* a broken roles: section is a config error, not a silent refusal */
	use_config("roles:\n  admin:\n    perms: [Report]\n");
	assert_int_equal(ask(0, "boss", "admin", &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:13:"));
	use_config("timezone: UTC\n");

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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_roles),
		cmocka_unit_test(test_builtin_patterns_known),
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
