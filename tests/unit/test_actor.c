/* test_actor.c — who acts, and the permission hook. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "registry.h"
#include "actor.h"
#include "ctx.h"

static void
resolve_order(void **state)
{
	pm_actor a;
	pm_err e;

	(void)state;
	setenv("PM_USER", "wang", 1);
	setenv("LOGNAME", "root", 1);
	assert_int_equal(pm_actor_resolve("li", &a, &e), 0);
	assert_string_equal(a.login, "li");
	assert_string_equal(a.source, "--as");
	assert_int_equal(pm_actor_resolve(NULL, &a, &e), 0);
	assert_string_equal(a.login, "wang");
	assert_string_equal(a.source, "PM_USER");
	unsetenv("PM_USER");
	assert_int_equal(pm_actor_resolve(NULL, &a, &e), 0);
	assert_string_equal(a.login, "root");
	assert_string_equal(a.source, "login");
}

static void
bad_logins(void **state)
{
	static const char *const bad[] = {
		"", "Wang", "a b", "x\033[2J", "张三", "a;drop", "abcdefghijklmnopqrstuvwxyz0123456",
	};
	pm_actor a;
	pm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(pm_actor_resolve(bad[i], &a, &e), PM_EX_USAGE);
		assert_null(strchr(e.msg, '\033'));
	}
	assert_true(pm_login_valid("zhang.san_01-x"));
	assert_true(pm_login_valid("abcdefghijklmnopqrstuvwxyz012345"));
}

static int
only_admin(struct pm_ctx *ctx, const char *perm, pm_err *err)
{
	if (strcmp(ctx->actor.login, "admin") == 0)
		return 0;
	return pm_err_set(err, PM_EX_NOPERM, "%s may not: needs %s", ctx->actor.login, perm);
}

static void
policy_hook(void **state)
{
	pm_ctx ctx;
	pm_err e;

	(void)state;
	memset(&ctx, 0, sizeof ctx);
	memcpy(ctx.actor.login, "li", 3);
	/* no policy: refused, never allow-all */
	pm_perm_set_policy(NULL);
	pm_err_clear(&e);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &e), PM_EX_NOPERM);
	assert_string_equal(e.msg, "li may not do this: no permission policy is installed");
	assert_int_equal(pm_perm_check(&ctx, "", &e), PM_EX_NOPERM);
	/* NULL asks for nothing */
	assert_int_equal(pm_perm_check(&ctx, NULL, &e), 0);
	pm_perm_set_policy(only_admin);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &e), PM_EX_NOPERM);
	assert_non_null(strstr(e.msg, "ticket.close"));
	assert_int_equal(pm_perm_check(&ctx, NULL, &e), 0);
	memcpy(ctx.actor.login, "admin", 6);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &e), 0);
	pm_perm_set_policy(NULL);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &e), PM_EX_NOPERM);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolve_order),
		cmocka_unit_test(bad_logins),
		cmocka_unit_test(policy_hook),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
