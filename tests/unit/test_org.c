/* test_org.c — departments and staff: validation, roles and sites,
 * the last-administrator guard, assignability, listing and audit rows;
 * the escalation resolver. */
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
#include "fixture.h"

static pm_ctx ctx;

static int
setup(void **state)
{
	(void)state;
	return fx_open(&ctx, "pm-org", "root", "INSERT INTO site (code, name, kind) VALUES "
	    "('sunny', '阳光花园', 'residential'), ('tower', 'Tower', 'office')");
}

static int
teardown(void **state)
{
	(void)state;
	return fx_close(&ctx);
}

/* ---- helpers --------------------------------------------------------- */

static int
expect(int rc, int want, const pm_err *err, const char *msg)
{
	if (rc != want)
		fail_msg("status %d, want %d (%s)", rc, want, err->msg);
	if (msg != NULL && strcmp(err->msg, msg) != 0)
		fail_msg("message \"%s\", want \"%s\"", err->msg, msg);
	return rc;
}

/*
 * Run one library call as the command would: a failure leaves nothing
 * behind (the command's transaction is rolled back; a savepoint here).
 */
#define EXPECT(call, want, errp, msg) do { \
	pm_err scratch_; \
	int rc_; \
	pm_db_exec(ctx.db, "SAVEPOINT t", &scratch_); \
	rc_ = (call); \
	if (rc_ != 0) \
		pm_db_exec(ctx.db, "ROLLBACK TO t", &scratch_); \
	pm_db_exec(ctx.db, "RELEASE t", &scratch_); \
	expect(rc_, want, errp, msg); \
} while (0)

static void
act(const char *login)
{
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "%s", login);
}

static pm_staff_change
change(void)
{
	pm_staff_change c;

	memset(&c, 0, sizeof c);
	return c;
}

struct got {
	int n;
	char line[16][300];
};

static int
staff_line(void *arg, const pm_staff *s)
{
	struct got *g = arg;

	if (g->n < 16)
		snprintf(g->line[g->n], sizeof g->line[0], "%s|%s|%s|%s|%d|%s|%s|%lld", s->login,
		    s->name, s->phone ? s->phone : "-", s->dept ? s->dept : "-", s->active,
		    s->roles, s->sites, (long long)s->deactivated_at);
	g->n++;
	return 0;
}

static const char *
show(const char *login)
{
	static struct got g;
	pm_err err;

	memset(&g, 0, sizeof g);
	if (pm_org_staff_get(&ctx, login, staff_line, &g, &err) != 0)
		fail_msg("get %s: %s", login, err.msg);
	return g.line[0];
}

static int
dept_line(void *arg, const pm_dept *d)
{
	struct got *g = arg;

	if (g->n < 16)
		snprintf(g->line[g->n], sizeof g->line[0], "%s|%s|%s|%s|%d", d->code, d->name_zh,
		    d->name_en, d->head ? d->head : "-", d->active);
	g->n++;
	return 0;
}

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
		snprintf(buf, sizeof buf, "%s %s %s %s", r.entity_id, r.action,
		    r.before ? r.before : "-", r.after ? r.after : "-");
	pm_audit_iter_free(it);
	return buf;
}

/* ---- departments ----------------------------------------------------- */

static void
test_departments(void **state)
{
	pm_dept_change dc = { NULL, NULL, NULL, -1 };
	struct got g;
	pm_err err;

	(void)state;
	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_dept_list(&ctx, dept_line, &g, &err), 0);
	assert_int_equal(g.n, 6);
	assert_string_equal(g.line[0], "finance|财务部|Finance|-|1");

	EXPECT(pm_org_dept_add(&ctx, "legal", "法务部", "Legal", &err), 0, &err, NULL);
	assert_string_equal(last_audit("department"), "legal add - {\"code\":\"legal\","
	    "\"name_zh\":\"法务部\",\"name_en\":\"Legal\",\"head\":null,\"active\":true}");
	EXPECT(pm_org_dept_add(&ctx, "legal", "x", "y", &err), PM_EX_DATAERR, &err,
	    "department legal exists");
	EXPECT(pm_org_dept_add(&ctx, "Legal", "x", "y", &err), PM_EX_DATAERR, &err,
	    "'Legal': not a department code (1-32 of a-z 0-9 _ -)");
	EXPECT(pm_org_dept_add(&ctx, "a\nb", "x", "y", &err), PM_EX_DATAERR, &err,
	    "'a\\nb': not a department code (1-32 of a-z 0-9 _ -)");
	EXPECT(pm_org_dept_add(&ctx, "x", "", "y", &err), PM_EX_DATAERR, &err, "name_zh: empty");
	EXPECT(pm_org_dept_add(&ctx, "x", "y",
	    "12345678901234567890123456789012345678901234567890123456789012345", &err),
	    PM_EX_DATAERR, &err, NULL);
	EXPECT(pm_org_dept_add(&ctx, "x", "\xff", "y", &err), PM_EX_DATAERR, &err, NULL);

	dc.name_en = "Legal affairs";
	dc.active = 0;
	EXPECT(pm_org_dept_set(&ctx, "legal", &dc, &err), 0, &err, NULL);
	assert_non_null(strstr(last_audit("department"), "\"active\":true} {\"code\":\"legal\","
	    "\"name_zh\":\"法务部\",\"name_en\":\"Legal affairs\",\"head\":null,\"active\":false}"));
	EXPECT(pm_org_dept_set(&ctx, "nope", &dc, &err), PM_EX_NOINPUT, &err,
	    "department nope: no such department");
	dc.name_en = NULL;
	dc.active = -1;
	dc.head = "ghost";
	EXPECT(pm_org_dept_set(&ctx, "legal", &dc, &err), PM_EX_NOINPUT, &err,
	    "staff ghost: no such staff member");
}

/* ---- staff ----------------------------------------------------------- */

/*
 * What a test starts from, built through the library on its own fresh
 * database: wang (the first member, so admin) and li; then li as the
 * administrator instead of wang; then wang deactivated, li heading the
 * service department.
 */
static void
two_staff(void)
{
	pm_staff_change c = change();
	pm_err err;

	c.name = "王芳";
	c.phone = "+86 138-1234-1234";
	c.dept = "service";
	c.roles = "service";
	c.sites = "tower,sunny";
	assert_int_equal(pm_org_staff_new(&ctx, "wang", &c, NULL, &err), 0);
	/* wang, the first and so an administrator, acts from here on: only
	 * who may grant a role may hand it on (test_org_perm.c) */
	act("wang");
	c = change();
	c.name = "李四";
	assert_int_equal(pm_org_staff_new(&ctx, "li", &c, NULL, &err), 0);
}

static void
li_admin(void)
{
	pm_staff_change c = change();
	pm_err err;

	two_staff();
	c.add_role = "admin";
	assert_int_equal(pm_org_staff_set(&ctx, "li", &c, &err), 0);
	c = change();
	c.remove_role = "admin";
	assert_int_equal(pm_org_staff_set(&ctx, "wang", &c, &err), 0);
	act("li");
}

static void
wang_gone(void)
{
	pm_dept_change dc = { NULL, NULL, "li", -1 };
	pm_err err;

	li_admin();
	assert_int_equal(pm_org_staff_deactivate(&ctx, "wang", &err), 0);
	assert_int_equal(pm_org_dept_set(&ctx, "service", &dc, &err), 0);
}

static int
setup_two_staff(void **state)
{
	int rc = setup(state);
	if (rc == 0)
		two_staff();
	return rc;
}

static int
setup_li_admin(void **state)
{
	int rc = setup(state);
	if (rc == 0)
		li_admin();
	return rc;
}

static int
setup_wang_gone(void **state)
{
	int rc = setup(state);
	if (rc == 0)
		wang_gone();
	return rc;
}

static void
test_staff_new(void **state)
{
	pm_staff_change c = change();
	pm_err err;
	int first = -1;

	(void)state;
	c.name = "王芳";
	c.phone = "+86 138-1234-1234";
	c.dept = "service";
	c.roles = "service,service";
	c.sites = "tower,sunny";
	EXPECT(pm_org_staff_new(&ctx, "wang", &c, &first, &err), 0, &err, NULL);
	assert_int_equal(first, 1);
	act("wang");
	/* the first staff member gets admin; duplicates merge; sites in code order */
	assert_string_equal(show("wang"), "wang|王芳|13812341234|service|1|admin,service|sunny,tower|0");
	/* org hands the phone out raw, --unmask or not: its column is
	 * classed, so the writers mask it (out.h) */
	{
		struct got g;

		memset(&g, 0, sizeof g);
		EXPECT(pm_org_staff_get(&ctx, "wang", staff_line, &g, &err), 0, &err, NULL);
		assert_string_equal(g.line[0], "wang|王芳|13812341234|service|1|admin,service|"
		    "sunny,tower|0");
		memset(&g, 0, sizeof g);
		EXPECT(pm_org_staff_list(&ctx, &(pm_staff_filter){ .all = 1 }, staff_line, &g,
		    &err), 0, &err, NULL);
		assert_string_equal(g.line[0], "wang|王芳|13812341234|service|1|admin,service|"
		    "sunny,tower|0");
		assert_int_equal(pm_org_staff_cols[PM_SC_PHONE].pii, PM_PII_PHONE);
		assert_int_equal(pm_org_staff_cols[PM_SC_NAME].pii, PM_PII_NONE);
	}
	/* the audit row never holds the phone in clear */
	assert_string_equal(last_audit("staff"), "wang new - {\"login\":\"wang\",\"name\":\"王芳\","
	    "\"phone\":\"138****1234\",\"dept\":\"service\",\"active\":true,"
	    "\"roles\":[\"admin\",\"service\"],\"sites\":[\"sunny\",\"tower\"]}");

	c = change();
	c.name = "李四";
	EXPECT(pm_org_staff_new(&ctx, "li", &c, &first, &err), 0, &err, NULL);
	assert_int_equal(first, 0);
	assert_string_equal(show("li"), "li|李四|-|-|1|||0");

	EXPECT(pm_org_staff_new(&ctx, "li", &c, NULL, &err), PM_EX_DATAERR, &err, "staff li exists");
	EXPECT(pm_org_staff_new(&ctx, "Li", &c, NULL, &err), PM_EX_DATAERR, &err,
	    "'Li': not a login (1-32 of a-z 0-9 . _ -)");
	EXPECT(pm_org_staff_new(&ctx, "a\x1b[2Jb", &c, NULL, &err), PM_EX_DATAERR, &err,
	    "'a\\e[2Jb': not a login (1-32 of a-z 0-9 . _ -)");
	c.name = NULL;
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_DATAERR, &err,
	    "a staff member needs a name");
	c.name = "";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_DATAERR, &err, "name: empty");
	c.name = "赵六";
	c.phone = "12345";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_DATAERR, &err, NULL);
	c.phone = NULL;
	c.dept = "nope";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_NOINPUT, &err,
	    "department nope: no such department");
	c.dept = NULL;
	c.roles = "service,boss";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_DATAERR, &err,
	    "role boss: no such role (roles: admin, clerk, finance, maint, manager, market, "
	    "security, service)");
	c.roles = "service,,maint";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_DATAERR, &err,
	    "roles: an empty name in the list");
	c.roles = NULL;
	c.sites = "sunny,park";
	EXPECT(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), PM_EX_NOINPUT, &err,
	    "site park: no such site");
}

static void
test_staff_set(void **state)
{
	pm_staff_change c = change();
	pm_dept_change dc = { NULL, NULL, NULL, 0 };
	pm_err err;

	(void)state;
	c.roles = "maint,clerk";
	c.phone = "0755-12345678";
	c.dept = "maint";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), 0, &err, NULL);
	assert_string_equal(show("li"), "li|李四|075512345678|maint|1|clerk,maint||0");
	assert_non_null(strstr(last_audit("staff"), "li set {\"login\":\"li\",\"name\":\"李四\","
	    "\"phone\":null,"));

	c = change();
	c.add_role = "finance";
	c.remove_role = "clerk";
	c.phone = "";
	c.sites = "sunny";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), 0, &err, NULL);
	assert_string_equal(show("li"), "li|李四|-|maint|1|finance,maint|sunny|0");

	c = change();
	c.remove_role = "clerk";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), PM_EX_DATAERR, &err,
	    "li does not hold role clerk");
	c = change();
	c.roles = "";
	c.dept = "";
	c.sites = "";
	c.name = "李 四";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), 0, &err, NULL);
	assert_string_equal(show("li"), "li|李 四|-|-|1|||0");
	EXPECT(pm_org_staff_set(&ctx, "ghost", &c, &err), PM_EX_NOINPUT, &err,
	    "staff ghost: no such staff member");

	/* an inactive department takes nobody new */
	assert_int_equal(pm_org_dept_add(&ctx, "old", "旧部门", "Old", &err), 0);
	assert_int_equal(pm_org_dept_set(&ctx, "old", &dc, &err), 0);
	c = change();
	c.dept = "old";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), PM_EX_DATAERR, &err,
	    "department old is inactive");

	/* the last administrator cannot be taken away */
	c = change();
	c.remove_role = "admin";
	EXPECT(pm_org_staff_set(&ctx, "wang", &c, &err), PM_EX_DATAERR, &err,
	    "that would leave no active administrator (give the admin role to someone else first)");
	EXPECT(pm_org_staff_deactivate(&ctx, "wang", &err), PM_EX_DATAERR, &err, NULL);
	assert_string_equal(show("wang"), "wang|王芳|13812341234|service|1|admin,service|sunny,tower|0");
	c = change();
	c.add_role = "admin";
	EXPECT(pm_org_staff_set(&ctx, "li", &c, &err), 0, &err, NULL);
	c = change();
	c.remove_role = "admin";
	EXPECT(pm_org_staff_set(&ctx, "wang", &c, &err), 0, &err, NULL);
}

static void
test_deactivate_and_assign(void **state)
{
	pm_dept_change dc = { NULL, NULL, "wang", -1 };
	pm_err err;

	(void)state;
	EXPECT(pm_org_assignable(&ctx, "wang", &err), 0, &err, NULL);
	EXPECT(pm_org_staff_deactivate(&ctx, "wang", &err), 0, &err, NULL);
	assert_string_equal(show("wang"), "wang|王芳|13812341234|service|0|service|sunny,tower|1796000400");
	assert_non_null(strstr(last_audit("staff"), "wang deactivate {"));
	EXPECT(pm_org_staff_deactivate(&ctx, "wang", &err), PM_EX_DATAERR, &err,
	    "wang is already deactivated");
	EXPECT(pm_org_assignable(&ctx, "wang", &err), PM_EX_DATAERR, &err, "wang is deactivated");
	EXPECT(pm_org_assignable(&ctx, "ghost", &err), PM_EX_NOINPUT, &err, "staff ghost: no such staff member");
	EXPECT(pm_org_staff_deactivate(&ctx, "ghost", &err), PM_EX_NOINPUT, &err, NULL);
	/* a deactivated member cannot head a department */
	EXPECT(pm_org_dept_set(&ctx, "service", &dc, &err), PM_EX_DATAERR, &err,
	    "wang is deactivated");
	dc.head = "li";
	EXPECT(pm_org_dept_set(&ctx, "service", &dc, &err), 0, &err, NULL);
	dc.head = "";
	EXPECT(pm_org_dept_set(&ctx, "maint", &dc, &err), 0, &err, NULL);
}

static int
stop_after_one(void *arg, const pm_staff *s)
{
	(void)s;
	(*(int *)arg)++;
	return 1;
}

static void
test_list(void **state)
{
	pm_staff_filter f = { NULL, NULL, 0 };
	pm_staff_change c = change();
	struct got g;
	pm_err err;
	int n = 0;

	(void)state;
	c.name = "赵六";
	c.dept = "maint";
	c.roles = "maint";
	assert_int_equal(pm_org_staff_new(&ctx, "zhao", &c, NULL, &err), 0);

	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), 0);
	assert_int_equal(g.n, 2);       /* li, zhao: wang is deactivated */
	assert_int_equal(strncmp(g.line[0], "li|", 3), 0);
	f.all = 1;
	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), 0);
	assert_int_equal(g.n, 3);
	assert_int_equal(strncmp(g.line[1], "wang|", 5), 0);
	f.dept = "maint";
	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), 0);
	assert_int_equal(g.n, 1);
	f.dept = NULL;
	f.role = "service";
	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), 0);
	assert_int_equal(g.n, 1);
	assert_int_equal(strncmp(g.line[0], "wang|", 5), 0);
	f.role = "boss";
	EXPECT(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), PM_EX_NOINPUT, &err,
	    "role boss: no such role");
	f.role = NULL;
	f.dept = "nope";
	EXPECT(pm_org_staff_list(&ctx, &f, staff_line, &g, &err), PM_EX_NOINPUT, &err,
	    "department nope: no such department");
	/* a callback that stops ends the walk with its value */
	f.dept = NULL;
	assert_int_equal(pm_org_staff_list(&ctx, &f, stop_after_one, &n, &err), 1);
	assert_int_equal(n, 1);
	EXPECT(pm_org_staff_get(&ctx, "ghost", staff_line, &g, &err), PM_EX_NOINPUT, &err,
	    "staff ghost: no such staff member");

	memset(&g, 0, sizeof g);
	assert_int_equal(pm_org_dept_list(&ctx, dept_line, &g, &err), 0);
	assert_int_equal(g.n, 6);
	assert_string_equal(g.line[5], "service|客服部|Customer service|li|1");
}

static void
test_perms(void **state)
{
	pm_buf b;
	pm_err err;

	(void)state;
	pm_buf_init(&b);
	assert_int_equal(pm_org_perms(&ctx, "service,finance", &b, &err), 0);
	assert_string_equal(b.s, "budget.*,complaint.*,fee.*,survey.*");
	pm_buf_reset(&b);
	/* admin's "*" covers everything */
	assert_int_equal(pm_org_perms(&ctx, "maint,admin", &b, &err), 0);
	assert_string_equal(b.s, "*");
	pm_buf_reset(&b);
	/* manager's pii.unmask stays, nothing covers it; clerk's unit.* lines go */
	assert_int_equal(pm_org_perms(&ctx, "clerk,manager", &b, &err), 0);
	assert_non_null(strstr(b.s, "pii.unmask"));
	assert_null(strstr(b.s, "unit.edit"));
	assert_non_null(strstr(b.s, "unit.*"));
	pm_buf_reset(&b);
	assert_int_equal(pm_org_perms(&ctx, "", &b, &err), 0);
	assert_string_equal(b.s, "");
	assert_int_equal(pm_org_perms(&ctx, "gone", &b, &err), 0);
	assert_string_equal(b.s, "");
	pm_buf_free(&b);
}

/* org's escalation resolver: head, role:NAME (site first), staff:LOGIN,
 * active people only; the assignee by id, active or not; the rules'
 * check and the levels key's config check. */
static void
test_escalation_resolver(void **state)
{
	const pm_esc_resolver *r = &pm_org_resolver;
	pm_config *cfg = NULL;
	char who[33];
	int64_t dept, site2 = 2, id;
	pm_stmt *st = NULL;
	pm_err err;
	const char *yaml = "complaint:\n  repeat_days: 1\n  escalate_levels: \"head,,x\"\n";

	(void)state;
	assert_int_equal(pm_db_exec(ctx.db,
	    "INSERT INTO department (code, name_zh, name_en) VALUES ('esc', 'E', 'E');"
	    "INSERT INTO staff (login, name, created_at) VALUES ('esc.head', 'H', 0), "
	    "('esc.a', 'A', 0), ('esc.b', 'B', 0);"
	    "INSERT INTO staff (login, name, created_at, active, deactivated_at) VALUES "
	    "('esc.gone', 'G', 0, 0, 1);"
	    "UPDATE department SET head_id = (SELECT id FROM staff WHERE login = 'esc.head') "
	    "WHERE code = 'esc';"
	    "INSERT INTO staff_role (staff_id, role) SELECT id, 'escrole' FROM staff "
	    "WHERE login IN ('esc.a', 'esc.b', 'esc.gone');"
	    "INSERT INTO staff_site (staff_id, site_id) SELECT id, 2 FROM staff "
	    "WHERE login = 'esc.b';", &err), 0);
	assert_int_equal(pm_db_prepare(ctx.db, "SELECT id FROM department WHERE code = 'esc'",
	    &st, &err), 0);
	assert_int_equal(pm_stmt_step(st, &err), 1);
	dept = pm_stmt_int(st, 0);
	pm_stmt_free(st);

	assert_int_equal(r->who(&ctx, "head", NULL, dept, 1, who, sizeof who, &err), 0);
	assert_string_equal(who, "esc.head");
	assert_int_equal(r->who(&ctx, "head", NULL, 0, 1, who, sizeof who, &err), 0);
	assert_string_equal(who, "");                   /* no department */
	/* someone serving the site first, else by login; never the deactivated */
	assert_int_equal(r->who(&ctx, "role", "escrole", dept, site2, who, sizeof who, &err), 0);
	assert_string_equal(who, "esc.b");
	assert_int_equal(r->who(&ctx, "role", "escrole", dept, 1, who, sizeof who, &err), 0);
	assert_string_equal(who, "esc.a");
	assert_int_equal(r->who(&ctx, "role", "nosuchrole", dept, 1, who, sizeof who, &err), 0);
	assert_string_equal(who, "");
	assert_int_equal(r->who(&ctx, "staff", "esc.a", 0, 0, who, sizeof who, &err), 0);
	assert_string_equal(who, "esc.a");
	assert_int_equal(r->who(&ctx, "staff", "esc.gone", 0, 0, who, sizeof who, &err), 0);
	assert_string_equal(who, "");
	assert_int_equal(r->who(&ctx, "staff", "nobody", 0, 0, who, sizeof who, &err), 0);
	assert_string_equal(who, "");
	/* a head who is deactivated reads nobody */
	assert_int_equal(pm_db_exec(ctx.db, "UPDATE staff SET active = 0, deactivated_at = 1 "
	    "WHERE login = 'esc.head'", &err), 0);
	assert_int_equal(r->who(&ctx, "head", NULL, dept, 1, who, sizeof who, &err), 0);
	assert_string_equal(who, "");
	/* the assignee is named whatever their state */
	assert_int_equal(pm_db_prepare(ctx.db, "SELECT id FROM staff WHERE login = 'esc.head'",
	    &st, &err), 0);
	assert_int_equal(pm_stmt_step(st, &err), 1);
	id = pm_stmt_int(st, 0);
	pm_stmt_free(st);
	assert_int_equal(r->login(&ctx, id, who, sizeof who, &err), 0);
	assert_string_equal(who, "esc.head");
	assert_int_equal(r->login(&ctx, 999999, who, sizeof who, &err), 0);
	assert_string_equal(who, "");

	/* the rules: head, role:NAME, staff:LOGIN and nothing else */
	assert_int_equal(r->check("head", NULL, &err), 0);
	assert_int_equal(r->check("role", "manager", &err), 0);
	assert_int_equal(r->check("staff", "li", &err), 0);
	assert_int_equal(r->check("head", "x", &err), PM_EX_CONFIG);
	assert_int_equal(r->check("role", "", &err), PM_EX_CONFIG);
	assert_int_equal(r->check("staff", "Not Valid", &err), PM_EX_CONFIG);
	assert_int_equal(r->check("boss", NULL, &err), PM_EX_CONFIG);
	assert_int_equal(pm_org_escalate_check("head, role:manager", &err), 0);
	assert_int_equal(pm_org_escalate_check("staff:li", &err), 0);
	assert_int_equal(pm_org_escalate_check("head,boss", &err), PM_EX_CONFIG);
	assert_string_equal(err.msg, "escalation level 'boss': use head, role:NAME or staff:LOGIN");
	/* the complaint key is checked with org's rules, with its position */
	assert_int_equal(pm_config_parse("c.yaml", yaml, strlen(yaml), &cfg, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "c.yaml:3:"));
	pm_config_free(cfg);
}

static void
test_actor_id(void **state)
{
	int64_t id = 0;
	pm_err err;

	(void)state;
	assert_int_equal(pm_org_staff_id(&ctx, "wang", 0, &id, &err), 0);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "wang");
	assert_int_equal(pm_org_actor_id(&ctx), id);
	snprintf(ctx.actor.login, sizeof ctx.actor.login, "nobody");
	assert_int_equal(pm_org_actor_id(&ctx), 0);
}

int
main(void)
{
	/* each test on a database of its own, with the state it starts from */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_departments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_new, setup, teardown),
		cmocka_unit_test_setup_teardown(test_staff_set, setup_two_staff, teardown),
		cmocka_unit_test_setup_teardown(test_actor_id, setup_two_staff, teardown),
		cmocka_unit_test_setup_teardown(test_deactivate_and_assign, setup_li_admin, teardown),
		cmocka_unit_test_setup_teardown(test_list, setup_wang_gone, teardown),
		cmocka_unit_test_setup_teardown(test_perms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalation_resolver, setup, teardown),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
