/* test_perm.c — the mechanism alone, on invented permission names: patterns
 * and what covers what, declared names, roles from a fake source, and the
 * roles policy with a fake holder, with none, and with no policy installed
 * at all.  The organisation's roles (in the database) and policy:
 * test_org_perm.c. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "perm.h"

static pm_ctx ctx;

/* ---- patterns -------------------------------------------------------- */

static void
test_match(void **state)
{
	(void)state;
	assert_true(pm_perm_match("*", "ticket.close"));
	assert_true(pm_perm_match("*", "root"));
	assert_true(pm_perm_match("ticket.*", "ticket.close"));
	assert_true(pm_perm_match("ticket.*", "ticket.late.waive"));
	assert_false(pm_perm_match("ticket.*", "ticket"));
	assert_false(pm_perm_match("ticket.*", "tickets.close"));
	assert_false(pm_perm_match("ticket.*", "thing.move"));
	assert_true(pm_perm_match("ticket.close", "ticket.close"));
	assert_false(pm_perm_match("ticket.close", "ticket.closex"));
	assert_false(pm_perm_match("ticket.close", "ticket.clos"));
	assert_false(pm_perm_match("ticket.close", "ticket.*"));
	assert_false(pm_perm_match("thing.*", "root"));
	/* the empty permission asks only that the actor may act */
	assert_true(pm_perm_match("thing.x", ""));
	assert_false(pm_perm_match(NULL, "ticket.close"));
	assert_false(pm_perm_match("*", NULL));
}

static void
test_pattern_valid(void **state)
{
	static const char *const good[] = {
		"*", "root", "ticket.close", "ticket.*", "a.b.c", "a_1.b_2.*", NULL
	};
	static const char *const bad[] = {
		"", "Ticket.close", "ticket close", "ticket.", ".close", "ticket..close",
		"*.ticket", "ticket.*.x", "ticket*", "**", "ticket.-", NULL
	};
	char longest[80];
	int i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		if (!pm_perm_pattern_valid(good[i]))
			fail_msg("'%s' should be a pattern", good[i]);
	for (i = 0; bad[i] != NULL; i++)
		if (pm_perm_pattern_valid(bad[i]))
			fail_msg("'%s' should not be a pattern", bad[i]);
	memset(longest, 'a', 64);
	longest[64] = '\0';
	assert_true(pm_perm_pattern_valid(longest));
	longest[64] = 'a';
	longest[65] = '\0';
	assert_false(pm_perm_pattern_valid(longest));
}

/* ---- declared names -------------------------------------------------- */

static const pm_perm_name ticket_names[] = {
	{ "ticket.open", "open a ticket" },
	{ "ticket.close", "close a ticket" },
	{ NULL, NULL }
};
static const pm_perm_name thing_names[] = {
	{ "thing.move", "move a thing" },
	{ "root", "everything about the store itself" },
	{ NULL, NULL }
};

static void
test_declare(void **state)
{
	static const pm_perm_name dup_other[] = { { "ticket.close", "again" }, { NULL, NULL } };
	static const pm_perm_name dup_self[] = {
		{ "x.a", "" }, { "x.a", "" }, { NULL, NULL }
	};
	static const pm_perm_name star[] = { { "x.*", "" }, { NULL, NULL } };
	static const pm_perm_name malformed[] = { { "X.a", "" }, { NULL, NULL } };
	pm_err err;

	(void)state;
	pm_perm_declare_reset();
	/* nothing declared: any name may be asked (mechanism tests) */
	assert_int_equal(pm_perm_name_check("tikcet.close", &err), 0);
	assert_false(pm_perm_known("ticket.*"));
	assert_null(pm_perm_declared(0));

	assert_int_equal(pm_perm_declare(ticket_names), 0);
	assert_int_equal(pm_perm_declare(thing_names), 0);
	assert_int_equal(pm_perm_declare(ticket_names), 0);     /* again: a no-op */
	assert_int_equal(pm_perm_declare(dup_other), -1);
	assert_int_equal(pm_perm_declare(dup_self), -1);
	assert_int_equal(pm_perm_declare(star), -1);
	assert_int_equal(pm_perm_declare(malformed), -1);

	assert_string_equal(pm_perm_declared(0)->name, "ticket.open");
	assert_string_equal(pm_perm_declared(1)->name, "ticket.close");
	assert_string_equal(pm_perm_declared(2)->name, "thing.move");
	assert_string_equal(pm_perm_declared(3)->name, "root");
	assert_string_equal(pm_perm_declared(3)->doc, "everything about the store itself");
	assert_null(pm_perm_declared(4));
	assert_true(pm_perm_is_declared("ticket.close"));
	assert_false(pm_perm_is_declared("ticket.*"));
	assert_false(pm_perm_is_declared(NULL));

	/* a pattern is known when it grants some declared name */
	assert_true(pm_perm_known("*"));
	assert_true(pm_perm_known("ticket.*"));
	assert_true(pm_perm_known("ticket.close"));
	assert_true(pm_perm_known("root"));
	assert_false(pm_perm_known("tikcet.*"));
	assert_false(pm_perm_known("ticket.reopen"));
	assert_false(pm_perm_known("ticket.close.*"));
	assert_false(pm_perm_known(""));

	/* once declared, asking for an undeclared name is a programming error */
	assert_int_equal(pm_perm_name_check("ticket.close", &err), 0);
	assert_int_equal(pm_perm_name_check("", &err), 0);
	assert_int_equal(pm_perm_name_check(NULL, &err), 0);
	pm_err_clear(&err);
	assert_int_equal(pm_perm_name_check("tikcet.close", &err), PM_EX_SOFTWARE);
	assert_string_equal(err.msg, "permission 'tikcet.close' is not declared by any module");
	pm_perm_declare_reset();
	assert_null(pm_perm_declared(0));
}

/* ---- roles ----------------------------------------------------------- */

static void
test_covers(void **state)
{
	(void)state;
	assert_true(pm_perm_covers("*", "*"));
	assert_true(pm_perm_covers("*", "ticket.*"));
	assert_true(pm_perm_covers("*", "root"));
	assert_true(pm_perm_covers("ticket.*", "ticket.close"));
	assert_true(pm_perm_covers("ticket.*", "ticket.late.*"));
	assert_true(pm_perm_covers("ticket.*", "ticket.*"));
	assert_true(pm_perm_covers("ticket.close", "ticket.close"));
	/* nobody hands on more than they hold */
	assert_false(pm_perm_covers("ticket.close", "ticket.*"));
	assert_false(pm_perm_covers("ticket.*", "*"));
	assert_false(pm_perm_covers("ticket.*", "ticket"));
	assert_false(pm_perm_covers("ticket.*", "tickets.close"));
	assert_false(pm_perm_covers("root", "*"));
	assert_false(pm_perm_covers("ticket.late.*", "ticket.*"));
	assert_false(pm_perm_covers(NULL, "x"));
	assert_false(pm_perm_covers("*", NULL));
}

static const char *const p_desk[] = { "ticket.*", NULL };
static const char *const p_porter[] = { "thing.move", "ticket.open", NULL };
static const char *const p_root[] = { "*", NULL };
static const pm_role invented[] = {      /* in name order, as a source gives them */
	{ "desk", "前台 / front desk", p_desk, "kept" },
	{ "porter", "搬运 / porter", p_porter, "kept" },
	{ "root", "everything", p_root, "kept" },
	{ NULL, NULL, NULL, NULL }
};

static int source_fails;

/* A fake role source: the invented roles, or a read error. */
static int
fake_source(pm_ctx *c, int (*fn)(void *arg, const pm_role *r), void *arg, pm_err *err)
{
	const pm_role *r;
	int rc;

	(void)c;
	if (source_fails)
		return pm_err_set(err, PM_EX_UNAVAILABLE, "database is busy");
	for (r = invented; r->name != NULL; r++)
		if (fn != NULL && (rc = fn(arg, r)) != 0)
			return rc;
	return 0;
}

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
	len = snprintf(s->line[s->n], sizeof s->line[0], "%s %s", r->name, r->source);
	for (i = 0; r->perms[i] != NULL && len < 190; i++)
		len += snprintf(s->line[s->n] + len, sizeof s->line[0] - (size_t)len, " %s",
		    r->perms[i]);
	s->n++;
	return 0;
}

static void
test_roles(void **state)
{
	struct seen s;
	pm_err err;

	(void)state;
	/* none installed: no roles at all */
	pm_perm_set_role_source(NULL);
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_false(pm_perm_role_exists(&ctx, "desk"));

	pm_perm_set_role_source(fake_source);
	memset(&s, 0, sizeof s);
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), 0);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.line[0], "desk kept ticket.*");
	assert_string_equal(s.line[1], "porter kept thing.move ticket.open");
	assert_string_equal(s.line[2], "root kept *");
	assert_true(pm_perm_role_exists(&ctx, "porter"));
	assert_false(pm_perm_role_exists(&ctx, "nobody"));
	assert_false(pm_perm_role_exists(&ctx, NULL));
	/* NULL fn only checks */
	assert_int_equal(pm_perm_roles(&ctx, NULL, NULL, &err), 0);
	/* a source that cannot read: its status, and no role exists */
	source_fails = 1;
	assert_int_equal(pm_perm_roles(&ctx, collect, &s, &err), PM_EX_UNAVAILABLE);
	assert_false(pm_perm_role_exists(&ctx, "porter"));
	source_fails = 0;
}

/* ---- the roles policy ------------------------------------------------ */

/* A fake holder: "li" holds porter and desk (named out of order, twice,
 * and a role nobody defines); "wu" holds nothing; anyone else is refused. */
static int
fake_holder(pm_ctx *c, int (*fn)(void *arg, const char *role), void *arg, pm_err *err)
{
	if (strcmp(c->actor.login, "li") == 0) {
		fn(arg, "porter");
		fn(arg, "gone");
		fn(arg, "desk");
		fn(arg, "porter");
		return 0;
	}
	if (strcmp(c->actor.login, "wu") == 0)
		return 0;
	return pm_err_set(err, PM_EX_NOPERM, "%s is not one of us", c->actor.login);
}

static int
ask(pm_perm_holder h, const char *who, const char *perm, pm_err *err)
{
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", who);
	pm_err_clear(err);
	return pm_perm_by_holder(&ctx, h, perm, err);
}

static void
test_by_holder(void **state)
{
	pm_err err;

	(void)state;
	pm_perm_set_role_source(fake_source);
	assert_int_equal(ask(fake_holder, "li", "ticket.close", &err), 0);     /* desk */
	assert_int_equal(ask(fake_holder, "li", "thing.move", &err), 0);       /* porter */
	assert_int_equal(ask(fake_holder, "li", "root", &err), PM_EX_NOPERM);
	/* the roles held, sorted and once each, the undefined one too */
	assert_string_equal(err.msg, "li may not do this: needs permission root "
	    "(roles: desk, gone, porter)");
	assert_int_equal(ask(fake_holder, "wu", "ticket.open", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "wu may not do this: needs permission ticket.open "
	    "(roles: none)");
	/* "" and NULL: anyone the holder accepts, roles or not */
	assert_int_equal(ask(fake_holder, "wu", "", &err), 0);
	assert_int_equal(ask(fake_holder, "wu", NULL, &err), 0);
	/* the holder's own refusal wins */
	assert_int_equal(ask(fake_holder, "zhao", "", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "zhao is not one of us");

	/* roles that cannot be read: the source's status, not a refusal ... */
	source_fails = 1;
	assert_int_equal(ask(fake_holder, "li", "ticket.close", &err), PM_EX_UNAVAILABLE);
	/* ... but who may not act at all is told so first, and "" needs no roles */
	assert_int_equal(ask(fake_holder, "zhao", "ticket.close", &err), PM_EX_NOPERM);
	assert_int_equal(ask(fake_holder, "li", "", &err), 0);
	source_fails = 0;
	/* no source: the roles held define nothing */
	pm_perm_set_role_source(NULL);
	assert_int_equal(ask(fake_holder, "li", "ticket.close", &err), PM_EX_NOPERM);
	pm_perm_set_role_source(fake_source);

	/* no holder: nobody holds a role, everything is refused */
	assert_int_equal(ask(NULL, "li", "ticket.close", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "li may not do this: needs permission ticket.close "
	    "(roles: none)");
	assert_int_equal(ask(NULL, "li", "", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "li may not do this (roles: none)");

	/* a declared set makes an undeclared ask a programming error */
	assert_int_equal(pm_perm_declare(ticket_names), 0);
	assert_int_equal(ask(fake_holder, "li", "ticket.reopen", &err), PM_EX_SOFTWARE);
	assert_int_equal(ask(fake_holder, "li", "ticket.close", &err), 0);
	pm_perm_declare_reset();
}

/* ---- the hook: pm_perm_check ----------------------------------------- */

static int fake_calls;

static int
fake_policy(pm_ctx *c, const char *perm, pm_err *err)
{
	fake_calls++;
	if (strcmp(perm, "thing.move") == 0)
		return 0;
	return pm_err_set(err, PM_EX_NOPERM, "%s: not %s", c->actor.login, perm);
}

static void
test_check(void **state)
{
	pm_err err;

	(void)state;
	pm_perm_set_role_source(fake_source);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "li");

	/* no policy installed: refused, never allow-all */
	pm_perm_set_policy(NULL);
	pm_perm_set_holder(fake_holder);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &err), PM_EX_NOPERM);
	assert_int_equal(pm_perm_check(&ctx, "", &err), PM_EX_NOPERM);
	assert_int_equal(pm_perm_check(&ctx, NULL, &err), 0);

	/* a policy of one's own */
	pm_perm_set_policy(fake_policy);
	fake_calls = 0;
	assert_int_equal(pm_perm_check(&ctx, "thing.move", &err), 0);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "li: not ticket.close");
	assert_int_equal(pm_perm_check(&ctx, NULL, &err), 0);  /* not even asked */
	assert_int_equal(fake_calls, 2);

	/* the roles policy, with the installed holder, then with none */
	pm_perm_set_policy(pm_perm_by_roles);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &err), 0);
	assert_int_equal(pm_perm_check(&ctx, "root", &err), PM_EX_NOPERM);
	pm_perm_set_holder(NULL);
	assert_int_equal(pm_perm_check(&ctx, "ticket.close", &err), PM_EX_NOPERM);
	assert_string_equal(err.msg, "li may not do this: needs permission ticket.close "
	    "(roles: none)");
	pm_perm_set_policy(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_pattern_valid),
		cmocka_unit_test(test_declare),
		cmocka_unit_test(test_covers),
		cmocka_unit_test(test_roles),
		cmocka_unit_test(test_by_holder),
		cmocka_unit_test(test_check),
	};
	int rc;

	memset(&ctx, 0, sizeof ctx);
	/* no module's names, roles or holder: perm alone */
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	return rc;
}
