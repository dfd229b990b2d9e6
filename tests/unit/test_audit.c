/* test_audit.c — the append-only audit log, and admin's use of it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "registry.h"
#include "admin.h"
#include "audit.h"
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	if (fx_open(&ctx, "pm-test", "admin", NULL) != 0 ||
	    pm_db_commit(ctx.db, &ctx.err) != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

static int
count(const pm_audit_filter *f, pm_audit_row *last)
{
	pm_audit_iter *it = NULL;
	pm_audit_row r;
	int n = 0, rc;

	assert_int_equal(pm_db_begin(ctx.db, 0, &ctx.err), 0);
	assert_int_equal(pm_audit_list(&ctx, f, &it, &ctx.err), 0);
	while ((rc = pm_audit_next(it, &r, &ctx.err)) == 1) {
		n++;
		if (last != NULL)
			*last = r;      /* valid until the next step: check ids only */
	}
	assert_int_equal(rc, 0);
	pm_audit_iter_free(it);
	pm_db_rollback(ctx.db);
	return n;
}

static void
init_is_logged(void **state)
{
	pm_audit_filter f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.action = "init";
	assert_int_equal(count(&f, NULL), 1);
}

static void
log_and_filter(void **state)
{
	pm_audit_filter f;
	pm_audit_row last;
	int i;

	(void)state;
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	for (i = 0; i < 10; i++) {
		ctx.now = 1796000400 + i * 3600;
		snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", i % 2 ? "wang" : "li");
		assert_int_equal(pm_audit_log(&ctx, "contact", i < 5 ? "C1" : "C2", "set",
		    "{\"text\":\"旧\"}", "{\"text\":\"新 \\\"引号\\\"\"}", &ctx.err), 0);
	}
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);

	memset(&f, 0, sizeof f);
	f.entity = "contact";
	assert_int_equal(count(&f, NULL), 10);
	f.entity_id = "C2";
	assert_int_equal(count(&f, NULL), 5);
	f.actor = "wang";
	assert_int_equal(count(&f, NULL), 3);   /* i = 5, 7, 9 */
	memset(&f, 0, sizeof f);
	f.has_since = 1;
	f.since = 1796000400 + 2 * 3600;
	f.has_until = 1;
	f.until = 1796000400 + 4 * 3600;
	assert_int_equal(count(&f, NULL), 2);   /* [since, until) */
	memset(&f, 0, sizeof f);
	f.limit = 1;
	f.newest_first = 1;
	assert_int_equal(count(&f, &last), 1);
}

/* Every row says which operating-system user ran the command, whatever
 * actor it claimed; the filter finds them by it. */
static void
os_user_is_recorded(void **state)
{
	struct passwd *pw = getpwuid(geteuid());
	char want[64];
	pm_audit_filter f;
	pm_audit_iter *it = NULL;
	pm_audit_row r;
	int n = 0;

	(void)state;
	if (pw != NULL)
		snprintf(want, sizeof want, "%s", pw->pw_name);
	else
		snprintf(want, sizeof want, "%lu", (unsigned long)geteuid());
	assert_string_equal(pm_os_user(), want);
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", "someone.else");
	assert_int_equal(pm_audit_log(&ctx, "unit", "1-1502", "set", NULL, NULL, &ctx.err), 0);
	assert_int_equal(pm_db_commit(ctx.db, &ctx.err), 0);

	memset(&f, 0, sizeof f);
	f.os_user = want;
	f.actor = "someone.else";
	assert_int_equal(pm_db_begin(ctx.db, 0, &ctx.err), 0);
	assert_int_equal(pm_audit_list(&ctx, &f, &it, &ctx.err), 0);
	while (pm_audit_next(it, &r, &ctx.err) == 1) {
		assert_string_equal(r.os_user, want);
		assert_string_equal(r.actor, "someone.else");
		n++;
	}
	pm_audit_iter_free(it);
	pm_db_rollback(ctx.db);
	assert_int_equal(n, 1);
	f.actor = NULL;
	f.os_user = "no-such-os-user";
	assert_int_equal(count(&f, NULL), 0);
}

/* The column is added to a log that stays append-only. */
static void
os_user_is_append_only(void **state)
{
	(void)state;
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE audit SET os_user = 'x'", &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "append-only"));
	pm_db_rollback(ctx.db);
}

static void
invalid_json_is_refused(void **state)
{
	(void)state;
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_audit_log(&ctx, "x", NULL, "set", "{broken", NULL, &ctx.err),
	    PM_EX_DATAERR);
	pm_db_rollback(ctx.db);
}

static void
append_only(void **state)
{
	(void)state;
	assert_int_equal(pm_db_begin(ctx.db, 1, &ctx.err), 0);
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE audit SET actor = 'x'", &ctx.err),
	    PM_EX_DATAERR);
	assert_non_null(strstr(ctx.err.msg, "append-only"));
	assert_int_equal(pm_db_exec(ctx.db, "DELETE FROM audit", &ctx.err), PM_EX_DATAERR);
	pm_db_rollback(ctx.db);
}

static int
note(void *arg, const char *check, const char *detail)
{
	(void)detail;
	assert_string_equal(check, "audit");
	(*(int *)arg)++;
	return 0;
}

static void
check_finds_missing_trigger(void **state)
{
	long problems = 0;
	int seen = 0;

	(void)state;
	assert_int_equal(pm_admin_check(&ctx, note, &seen, &problems, &ctx.err), 0);
	assert_int_equal(problems, 0);
	assert_int_equal(pm_db_exec(ctx.db, "DROP TRIGGER audit_no_update", &ctx.err), 0);
	assert_int_equal(pm_admin_check(&ctx, note, &seen, &problems, &ctx.err), 0);
	assert_int_equal(problems, 1);
	assert_int_equal(seen, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(init_is_logged, setup, teardown),
		cmocka_unit_test_setup_teardown(log_and_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(os_user_is_recorded, setup, teardown),
		cmocka_unit_test_setup_teardown(os_user_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(invalid_json_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(check_finds_missing_trigger, setup, teardown),
	};
	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
