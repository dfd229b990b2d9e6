/* test_perm.c — permission patterns, roles from the config with their
 * errors and positions, and the policy in each state of the organisation. */
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
#include "perm.h"
#include "fixture.h"

/* ---- patterns -------------------------------------------------------- */

static void
test_match(void **state)
{
	(void)state;
	assert_true(pm_perm_match("*", "fee.pay"));
	assert_true(pm_perm_match("*", "admin"));
	assert_true(pm_perm_match("fee.*", "fee.pay"));
	assert_true(pm_perm_match("fee.*", "fee.late.waive"));
	assert_false(pm_perm_match("fee.*", "fee"));
	assert_false(pm_perm_match("fee.*", "feed.pay"));
	assert_false(pm_perm_match("fee.*", "budget.set"));
	assert_true(pm_perm_match("fee.pay", "fee.pay"));
	assert_false(pm_perm_match("fee.pay", "fee.payx"));
	assert_false(pm_perm_match("fee.pay", "fee.pa"));
	assert_false(pm_perm_match("fee.pay", "fee.*"));
	assert_true(pm_perm_match("pii.unmask", "pii.unmask"));
	assert_false(pm_perm_match("org.*", "admin"));
	/* the empty permission asks only for an active staff member */
	assert_true(pm_perm_match("clerk.x", ""));
	assert_false(pm_perm_match(NULL, "fee.pay"));
	assert_false(pm_perm_match("*", NULL));
}

/* ---- roles ----------------------------------------------------------- */

static pm_ctx ctx;

struct seen {
	int n;
	char line[32][200];
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
	for (i = 0; r->perms[i] != NULL && len < 190; i++)
		len += snprintf(s->line[s->n] + len, sizeof s->line[0] - (size_t)len, " %s",
		    r->perms[i]);
	s->n++;
	return 0;
}

static void
use_config(const char *yaml)
{
	pm_err err;

	pm_config_free(ctx.cfg);
	ctx.cfg = NULL;
	if (pm_config_parse("c.yaml", yaml, strlen(yaml), &ctx.cfg, &err) != 0)
		fail_msg("config: %s", err.msg);
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
	}
	assert_string_equal(s.line[0], "admin builtin *");
	assert_string_equal(s.line[1], "clerk builtin unit.edit unit.import");
	assert_false(pm_perm_role_exists(&ctx, "nobody"));
	/* the manager sees everything but administration */
	assert_null(strstr(s.line[4], " * "));
	assert_non_null(strstr(s.line[4], "pii.unmask"));
	assert_non_null(strstr(s.line[4], "org.*"));
	/* NULL fn only checks */
	assert_int_equal(pm_perm_roles(&ctx, NULL, NULL, &err), 0);
}

static void
test_config_roles(void **state)
{
	struct seen s;
	pm_err err;

	(void)state;
	use_config("roles:\n"
	    "  service:\n"
	    "    description: 客服 (只管投诉)\n"
	    "    perms: [complaint.*]\n"
	    "  night_guard:\n"
	    "    description: 夜班保安 / night guard\n"
	    "    perms:\n"
	    "      - patrol.checkin\n"
	    "      - hazard.*\n"
	    "  z-ops:\n"
	    "    perms: ['*']\n");
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
	assert_int_equal(s.n, 10);
	/* merged in name order; service replaced, not doubled */
	assert_string_equal(s.line[6], "night_guard config patrol.checkin hazard.*");
	assert_string_equal(s.line[8], "service config complaint.*");
	assert_string_equal(s.line[9], "z-ops config *");
	assert_true(pm_perm_role_exists(&ctx, "night_guard"));
	assert_true(pm_perm_role_exists(&ctx, "service"));
}

/* The config parses (roles are a tree to config.c) but pm_perm_roles refuses it. */
static void
refused(const char *yaml, const char *want)
{
	pm_err err;

	use_config(yaml);
	pm_err_clear(&err);
	assert_int_equal(pm_perm_roles(&ctx, NULL, NULL, &err), PM_EX_CONFIG);
	if (strcmp(err.msg, want) != 0)
		fail_msg("got \"%s\", want \"%s\"", err.msg, want);
	assert_false(pm_perm_role_exists(&ctx, "admin"));
}

static void
test_config_errors(void **state)
{
	(void)state;
	refused("roles:\n  - a\n", "c.yaml:2:3: roles: expected a mapping of role names to roles");
	refused("roles:\n  x:\n    description: d\n",
	    "c.yaml:2:3: role 'x' has no perms");
	refused("roles:\n  x:\n    perms: []\n", "c.yaml:3:12: role 'x' has no perms");
	refused("roles:\n  x:\n    perms: fee.*\n",
	    "c.yaml:3:12: role 'x': perms: expected a sequence of permission patterns");
	refused("roles:\n  x:\n    perms: [fee.*]\n    perm: [a.b]\n",
	    "c.yaml:4:5: unknown key 'perm' in a role (description, perms)");
	refused("roles:\n  Bad:\n    perms: [fee.*]\n",
	    "c.yaml:2:3: role name 'Bad': use 1-32 of a-z 0-9 _ -");
	refused("roles:\n  x: fee.*\n",
	    "c.yaml:2:6: role 'x': expected a mapping with description and perms");
	refused("roles:\n  x:\n    description: [a]\n    perms: [fee.*]\n",
	    "c.yaml:3:18: expected a string, found a sequence");
	refused("roles:\n  x:\n    perms: [fee.pay, Fee.Pay]\n",
	    "c.yaml:3:22: 'Fee.Pay' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms:\n      - fee.pay\n      - fee pay\n",
	    "c.yaml:5:9: 'fee pay' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: [fee.]\n",
	    "c.yaml:3:13: 'fee.' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: [fee..pay]\n",
	    "c.yaml:3:13: 'fee..pay' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: ['*.fee']\n",
	    "c.yaml:3:13: '*.fee' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: ['fee.*.x']\n",
	    "c.yaml:3:13: 'fee.*.x' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: ['']\n",
	    "c.yaml:3:13: '' is not a permission pattern (area.action, area.*, or *)");
	refused("roles:\n  x:\n    perms: [[a]]\n",
	    "c.yaml:3:13: expected a string, found a sequence");
	/* control characters from the file never reach the terminal raw */
	refused("roles:\n  \"a\\eb\":\n    perms: [x]\n",
	    "c.yaml:2:3: role name 'a\\eb': use 1-32 of a-z 0-9 _ -");
}

/* ---- the policy ------------------------------------------------------ */


static int
db_setup(void **state)
{
	char p[300];

	(void)state;
	if (mkdtemp(fx_dir) == NULL)
		return -1;
	snprintf(p, sizeof p, "%s/p.db", fx_dir);
	ctx.tool = "pm-org";
	ctx.verb = "dept add";
	ctx.now = 1796000400;
	use_config("timezone: UTC\n");
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "root");
	if (pm_db_create(p, 1000, &ctx.db, &ctx.err) != 0 ||
	    pm_db_begin(ctx.db, 1, &ctx.err) != 0 ||
	    pm_admin_init(&ctx, &ctx.err) != 0)
		return -1;
	return 0;
}

static int
db_teardown(void **state)
{
	char cmd[300];

	(void)state;
	pm_db_close(ctx.db);
	ctx.db = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int
ask(const char *tool, const char *verb, const char *who, const char *perm, pm_err *err)
{
	ctx.tool = tool;
	ctx.verb = verb;
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", who);
	pm_err_clear(err);
	return pm_perm_by_roles(&ctx, perm, err);
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

static void
test_policy(void **state)
{
	pm_db *db;
	pm_err err;

	(void)state;
	/* no staff yet: only bootstrap */
	assert_int_equal(ask("pm-admin", "backup", "root", "admin", &err), 0);
	assert_int_equal(ask("pm-admin", "migrate", "anyone", "admin", &err), 0);
	assert_int_equal(ask("pm-org", "staff new", "root", "org.edit", &err), 0);
	assert_int_equal(ask("pm-org", "dept add", "root", "org.edit", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "no staff yet: create the first administrator with "
	    "pm-org staff new");
	assert_int_equal(ask("pm-unit", "site new", "root", "", &err), PM_EX_NOPERM);

	/* no database, or one older than the staff table: bootstrap too */
	db = ctx.db;
	ctx.db = NULL;
	assert_int_equal(ask("pm-admin", "migrate", "root", "admin", &err), 0);
	assert_int_equal(ask("pm-fee", "pay", "root", "fee.pay", &err), PM_EX_NOPERM);
	ctx.db = db;

	staff("boss", "service");       /* the first: gets admin too */
	staff("kefu", "service");
	staff("cashier", "finance,clerk");
	staff("nobody", "");

	assert_int_equal(ask("pm-admin", "backup", "root", "admin", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "root is not an active staff member");
	assert_int_equal(ask("pm-org", "staff new", "root", "org.edit", &err), PM_EX_NOPERM);
	assert_int_equal(ask("pm-admin", "backup", "boss", "admin", &err), 0);
	assert_int_equal(ask("pm-fee", "waive", "boss", "fee.waive", &err), 0);
	assert_int_equal(ask("pm-fee", "pay", "kefu", "fee.pay", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "kefu may not do this: needs permission fee.pay (roles: service)");
	assert_int_equal(ask("pm-complaint", "close", "kefu", "complaint.close", &err), 0);
	assert_int_equal(ask("pm-fee", "pay", "cashier", "fee.pay", &err), 0);
	assert_int_equal(ask("pm-unit", "import", "cashier", "unit.import", &err), 0);
	assert_int_equal(ask("pm-admin", "backup", "cashier", "admin", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "cashier may not do this: needs permission admin "
	    "(roles: clerk, finance)");
	/* the empty permission: any active staff member */
	assert_int_equal(ask("pm-x", "note", "nobody", "", &err), 0);
	assert_int_equal(ask("pm-x", "note", "nobody", "x.y", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "nobody may not do this: needs permission x.y (roles: none)");

	/* deactivated: cannot act at all */
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "boss");
	assert_int_equal(pm_org_staff_deactivate(&ctx, "kefu", &err), 0);
	assert_int_equal(ask("pm-x", "note", "kefu", "", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "kefu is not an active staff member");

	/* roles from config: a redefined service role, a stale name grants nothing */
	use_config("roles:\n  service:\n    perms: [fee.pay]\n");
	assert_int_equal(ask("pm-fee", "pay", "boss", "fee.pay", &err), 0);
	assert_int_equal(ask("pm-complaint", "close", "boss", "complaint.close", &err), 0);
	use_config("roles:\n  admin:\n    perms: [report.*]\n");
	assert_int_equal(ask("pm-admin", "backup", "boss", "admin", &err), PM_EX_NOPERM);
	assert_int_equal(ask("pm-report", "monthly", "boss", "report.monthly", &err), 0);
	/* a broken roles: section is a config error, not a silent refusal */
	use_config("roles:\n  admin:\n    perms: [Report]\n");
	assert_int_equal(ask("pm-admin", "backup", "boss", "admin", &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:13:"));
	use_config("timezone: UTC\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_builtin_roles),
		cmocka_unit_test(test_config_roles),
		cmocka_unit_test(test_config_errors),
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
