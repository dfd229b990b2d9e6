/*
 * pm-org — the organisation: departments, staff, roles and permissions.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "org.h"
#include "org_perm.h"
#include "perm.h"

/*
 * Open the database (cli has parsed the options).  A config that still
 * defines roles is refused first, by every verb (78): it would look as
 * if it granted something, and no configuration file does.
 */
static int
begin(pm_ctx *ctx)
{
	int rc;

	if ((rc = pm_org_perm_config_check(ctx->cfg, &ctx->err)) != 0)
		return rc;
	return pm_cli_begin(ctx);
}

/*
 * org refused a grant (the actor may not hand a role on): put the
 * refusal on file as cli does for a verb's own permission.  What it
 * needed is admin (or the role's permissions, which have no one name);
 * asking for admin again writes the audit row, and org's message, which
 * says which role and what is lacking, is the one shown.
 */
static int
grant_refused(pm_ctx *ctx, int rc)
{
	pm_err said;

	if (rc != PM_EX_NOPERM)
		return rc;
	said = ctx->err;
	(void)pm_cli_require(ctx, "admin");
	ctx->err = said;
	return rc;
}

/* Offsets into a verb's arguments struct, for the option tables. */
#define OFF(T, f) offsetof(T, f)

/* The callback's stop value is 1 for a closed output, a status otherwise. */
static int
walk_status(pm_ctx *ctx, int rc)
{
	if (rc == 1 && ctx->err.status == 0)
		return 0;
	return rc;
}

/* ---- departments ----------------------------------------------------- */

static const pm_col dept_cols[] = {
	{ "code", PM_C_ID, 12, 0, PM_COL_KEY },
	{ "name_zh", PM_C_TEXT, 16, 0, 0 },
	{ "name_en", PM_C_TEXT, 24, 0, 0 },
	{ "head", PM_C_TEXT, 16, 0, 0 },
	{ "active", PM_C_BOOL, 0, 0, 0 },
};

static int
dept_row(void *arg, const pm_dept *d)
{
	pm_out *o = arg;

	pm_out_text(o, 0, d->code);
	pm_out_text(o, 1, d->name_zh);
	pm_out_text(o, 2, d->name_en);
	pm_out_text(o, 3, d->head);
	pm_out_int(o, 4, d->active);
	return pm_out_row(o) != 0;
}

static int
do_dept_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	if ((rc = begin(ctx)) != 0)
		return rc;
	return walk_status(ctx, pm_org_dept_list(ctx, dept_row, pm_cli_out(ctx, dept_cols, 5),
	    &ctx->err));
}

/* dept add and dept set: the names, the head, whether it is active. */
struct dept_args { pm_dept_change ch; const char *active; };
#define D(f) OFF(struct dept_args, f)
#define ZH(req) { .name = "zh", .type = PM_O_STR, .off = D(ch.name_zh), .arg = "NAME", \
	.help = N_("the Chinese name (1-64 characters)"), .flags = req }
#define EN(req) { .name = "en", .type = PM_O_STR, .off = D(ch.name_en), .arg = "NAME", \
	.help = N_("the English name (1-64 characters)"), .flags = req }

static const pm_opt dept_add_opts[] = {
	ZH(PM_OF_REQUIRED), EN(PM_OF_REQUIRED), { .name = NULL }
};
static const pm_opt dept_set_opts[] = {
	ZH(0), EN(0),
	{ .name = "head", .type = PM_O_STR, .off = D(ch.head), .arg = "LOGIN",
	  .help = N_("the department head ('' for none)") },
	{ .name = "active", .type = PM_O_WORD, .off = D(active), .arg = "yes|no",
	  .help = N_("whether new work may go to it"), .choices = "yes|no" },
	{ .name = NULL }
};

static int
do_dept_add(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct dept_args *a = args;
	int rc;

	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_dept_add(ctx, argv[0], a->ch.name_zh, a->ch.name_en, &ctx->err);
}

static int
do_dept_set(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct dept_args *a = args;
	int rc;

	(void)argc;
	a->ch.active = a->active == NULL ? -1 : strcmp(a->active, "yes") == 0;
	if (a->ch.name_zh == NULL && a->ch.name_en == NULL && a->ch.head == NULL &&
	    a->ch.active < 0)
		return pm_cli_usage(ctx, _("dept set: nothing to change"));
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_dept_set(ctx, argv[0], &a->ch, &ctx->err);
}

/* ---- staff ----------------------------------------------------------- */

struct staff_out {
	pm_ctx *ctx;
	pm_out *o;
	int show;
};

static int
staff_row(void *arg, const pm_staff *s)
{
	struct staff_out *so = arg;
	pm_cell c[PM_SC_N];
	pm_buf b;
	int rc = 0;

	pm_buf_init(&b);
	memcpy(c, s->c, sizeof c);
	if (so->show) {
		if ((rc = pm_org_perms(so->ctx, s->roles, &b, &so->ctx->err)) != 0)
			goto out;
		c[PM_SC_PERMS].null = 0;
		c[PM_SC_PERMS].s = b.s;
	}
	rc = pm_out_cells(so->o, c, NULL) != 0;
out:
	pm_buf_free(&b);
	return rc;
}

struct staff_list_args { pm_staff_filter f; };

static const pm_opt staff_list_opts[] = {
	{ .name = "dept", .type = PM_O_STR, .off = OFF(struct staff_list_args, f.dept),
	  .arg = "CODE", .help = N_("in department CODE") },
	{ .name = "role", .type = PM_O_STR, .off = OFF(struct staff_list_args, f.role),
	  .arg = "ROLE", .help = N_("holding ROLE") },
	{ .name = "all", .type = PM_O_FLAG, .off = OFF(struct staff_list_args, f.all),
	  .help = N_("deactivated staff too") },
	{ .name = NULL }
};

static int
do_staff_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct staff_list_args *a = args;
	struct staff_out so = { ctx, NULL, 0 };
	int rc;

	(void)argc;
	(void)argv;
	if ((rc = begin(ctx)) != 0)
		return rc;
	so.o = pm_cli_out(ctx, pm_org_staff_cols, PM_SC_LIST);
	return walk_status(ctx, pm_org_staff_list(ctx, &a->f, staff_row, &so, &ctx->err));
}

static int
do_staff_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct staff_out so = { ctx, NULL, 1 };
	int rc;

	(void)args;
	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	so.o = pm_cli_out(ctx, pm_org_staff_cols, PM_SC_N);
	return walk_status(ctx, pm_org_staff_get(ctx, argv[0], staff_row, &so, &ctx->err));
}

/* staff new and staff set: the fields of pm_staff_change; new takes no
 * --add-role/--remove-role (it sets the whole list with --roles). */
struct staff_args { pm_staff_change ch; };
#define S(f) OFF(struct staff_args, ch.f)
#define STAFF_OPTS(name_req) \
	{ .name = "name", .type = PM_O_STR, .off = S(name), .arg = "NAME", \
	  .help = N_("the person's name"), .flags = name_req }, \
	{ .name = "phone", .type = PM_O_STR, .off = S(phone), .arg = "PHONE", \
	  .help = N_("their phone (masked in output; '' for none)") }, \
	{ .name = "dept", .type = PM_O_STR, .off = S(dept), .arg = "CODE", \
	  .help = N_("their department ('' for none)") }, \
	{ .name = "roles", .type = PM_O_STR, .off = S(roles), .arg = "R,...", \
	  .help = N_("their roles, the whole list ('' for none)") }, \
	{ .name = "sites", .type = PM_O_STR, .off = S(sites), .arg = "SITE,...", \
	  .help = N_("the sites they serve, the whole list ('' for none)") }

static const pm_opt staff_new_opts[] = { STAFF_OPTS(PM_OF_REQUIRED), { .name = NULL } };
static const pm_opt staff_set_opts[] = {
	STAFF_OPTS(0),
	{ .name = "add-role", .type = PM_O_STR, .off = S(add_role), .arg = "R",
	  .help = N_("add one role") },
	{ .name = "remove-role", .type = PM_O_STR, .off = S(remove_role), .arg = "R",
	  .help = N_("remove one role") },
	{ .name = NULL }
};

static const pm_col login_cols[] = {
	{ "login", PM_C_ID, 0, 0, PM_COL_KEY },
};

static int
do_staff_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct staff_args *a = args;
	pm_out *o;
	int rc;

	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	if ((rc = pm_org_staff_new(ctx, argv[0], &a->ch, NULL, &ctx->err)) != 0)
		return grant_refused(ctx, rc);
	o = pm_cli_out(ctx, login_cols, 1);
	pm_out_text(o, 0, argv[0]);
	pm_out_row(o);
	return 0;
}

static int
do_staff_set(pm_ctx *ctx, void *args, int argc, char **argv)
{
	const pm_staff_change *ch = &((struct staff_args *)args)->ch;
	int rc;

	(void)argc;
	if (ch->name == NULL && ch->phone == NULL && ch->dept == NULL && ch->roles == NULL &&
	    ch->sites == NULL && ch->add_role == NULL && ch->remove_role == NULL)
		return pm_cli_usage(ctx, _("staff set: nothing to change"));
	if ((rc = begin(ctx)) != 0)
		return rc;
	return grant_refused(ctx, pm_org_staff_set(ctx, argv[0], ch, &ctx->err));
}

/* staff deactivate | staff activate: the verb says which */
static int
do_staff_active(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	if (strcmp(ctx->verb, "staff activate") == 0)
		return pm_org_staff_activate(ctx, argv[0], &ctx->err);
	return pm_org_staff_deactivate(ctx, argv[0], &ctx->err);
}

/* ---- roles ----------------------------------------------------------- */

static const pm_col role_cols[] = {
	{ "name", PM_C_ID, 12, 0, PM_COL_KEY },
	{ "source", PM_C_TEXT, 0, 0, 0 },
	{ "description", PM_C_TEXT, 50, 0, 0 },
	{ "perms", PM_C_LIST, 60, 0, 0 },
};

static int
role_row(void *arg, const pm_role *r)
{
	pm_out *o = arg;
	pm_buf b;
	size_t i;
	int rc;

	pm_buf_init(&b);
	for (i = 0; r->perms[i] != NULL; i++) {
		if (i > 0)
			pm_buf_addc(&b, ',');
		pm_buf_adds(&b, r->perms[i]);
	}
	pm_out_text(o, 0, r->name);
	pm_out_text(o, 1, r->source);
	pm_out_text(o, 2, r->description);
	pm_out_text(o, 3, b.s);
	rc = pm_out_row(o) != 0;
	pm_buf_free(&b);
	return rc;
}

static int
do_role_list(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	if ((rc = begin(ctx)) != 0)
		return rc;
	return walk_status(ctx, pm_perm_roles(ctx, role_row, pm_cli_out(ctx, role_cols, 4),
	    &ctx->err));
}

static int
do_role_show(pm_ctx *ctx, void *args, int argc, char **argv)
{
	int rc;

	(void)args;
	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	return walk_status(ctx, pm_org_role_get(ctx, argv[0], role_row,
	    pm_cli_out(ctx, role_cols, 4), &ctx->err));
}

/* role new and role set: the fields of pm_role_change */
struct role_args { pm_role_change ch; };
#define RL(f) OFF(struct role_args, ch.f)
#define DESCRIPTION_OPT { .name = "description", .type = PM_O_STR, .off = RL(description), \
	.arg = "TEXT", .help = N_("what the role is for (at most 200 characters)") }

static const pm_opt role_new_opts[] = {
	{ .name = "perms", .type = PM_O_STR, .off = RL(perms), .arg = "P,...",
	  .help = N_("its permission patterns"), .flags = PM_OF_REQUIRED },
	DESCRIPTION_OPT,
	{ .name = NULL }
};
static const pm_opt role_set_opts[] = {
	{ .name = "perms", .type = PM_O_STR, .off = RL(perms), .arg = "P,...",
	  .help = N_("its permission patterns, the whole list") },
	{ .name = "add-perm", .type = PM_O_STR, .off = RL(add_perm), .arg = "P",
	  .help = N_("add a pattern"), .field = "add_perm" },
	{ .name = "remove-perm", .type = PM_O_STR, .off = RL(remove_perm), .arg = "P",
	  .help = N_("remove a pattern"), .field = "remove_perm" },
	DESCRIPTION_OPT,
	{ .name = NULL }
};

static int
do_role_new(pm_ctx *ctx, void *args, int argc, char **argv)
{
	struct role_args *a = args;
	int rc;

	(void)argc;
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_role_new(ctx, argv[0], &a->ch, &ctx->err);
}

static int
do_role_set(pm_ctx *ctx, void *args, int argc, char **argv)
{
	const pm_role_change *ch = &((struct role_args *)args)->ch;
	int rc;

	(void)argc;
	if (ch->description == NULL && ch->perms == NULL && ch->add_perm == NULL &&
	    ch->remove_perm == NULL)
		return pm_cli_usage(ctx, _("role set: nothing to change"));
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_role_set(ctx, argv[0], ch, &ctx->err);
}

static const pm_col import_cols[] = {
	{ "inserted", PM_C_INT, 0, 0, 0 },
	{ "updated", PM_C_INT, 0, 0, 0 },
	{ "unchanged", PM_C_INT, 0, 0, 0 },
};

static int
do_role_import(pm_ctx *ctx, void *args, int argc, char **argv)
{
	long counts[3];
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	if ((rc = begin(ctx)) != 0 ||
	    (rc = pm_org_role_import(ctx, argv[0], counts, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, import_cols, 3);
	pm_out_int(o, 0, counts[0]);
	pm_out_int(o, 1, counts[1]);
	pm_out_int(o, 2, counts[2]);
	pm_out_row(o);
	return 0;       /* -n: cli takes it all back (PM_V_DRYRUN) */
}

/* ---- whoami ---------------------------------------------------------- */

static const pm_col whoami_cols[] = {
	{ "login", PM_C_ID, 16, 0, PM_COL_KEY },
	{ "source", PM_C_TEXT, 0, 0, 0 },
	{ "status", PM_C_TEXT, 0, 0, 0 },
	{ "name", PM_C_TEXT, 16, 0, 0 },
	{ "dept", PM_C_TEXT, 10, 0, 0 },
	{ "roles", PM_C_LIST, 30, 0, 0 },
	{ "perms", PM_C_LIST, 60, 0, 0 },
};

static int
whoami_row(void *arg, const pm_staff *s)
{
	pm_ctx *ctx = arg;
	pm_out *o = ctx->out;
	pm_buf b;
	int rc;

	pm_buf_init(&b);
	if ((rc = pm_org_perms(ctx, s->roles, &b, &ctx->err)) == 0) {
		pm_out_text(o, 2, s->active ? "active" : "deactivated");
		pm_out_text(o, 3, s->name);
		pm_out_text(o, 4, s->dept);
		pm_out_text(o, 5, s->roles);
		/* a deactivated member holds roles but may do nothing */
		pm_out_text(o, 6, s->active ? b.s : "");
	}
	pm_buf_free(&b);
	return rc;
}

static int
do_whoami(pm_ctx *ctx, void *args, int argc, char **argv)
{
	pm_out *o;
	int rc;

	(void)args;
	(void)argc;
	(void)argv;
	if ((rc = begin(ctx)) != 0)
		return rc;
	o = pm_cli_out(ctx, whoami_cols, 7);
	pm_out_text(o, 0, ctx->actor.login);
	pm_out_text(o, 1, ctx->actor.source);
	rc = pm_org_staff_get(ctx, ctx->actor.login, whoami_row, ctx, &ctx->err);
	if (rc == PM_EX_NOINPUT) {
		/* not an error: the answer to "who am I" is "nobody here" */
		pm_err_clear(&ctx->err);
		pm_out_text(o, 2, "not a staff member");
		rc = 0;
	}
	if (rc != 0)
		return rc;
	pm_out_row(o);
	return 0;
}

#define ONE(what) .operands = what, .min_ops = 1, .max_ops = 1
#define DEPT_ARGS .args_size = sizeof(struct dept_args)
#define STAFF_ARGS .args_size = sizeof(struct staff_args)
#define ROLE_ARGS .args_size = sizeof(struct role_args)

static const pm_verb verbs[] = {
	{ .kind = "dept", .name = "list", .exec = do_dept_list,
	  .help = N_("list the departments\n"
	  "Columns: code name_zh name_en head active; inactive departments too.") },
	{ .kind = "dept", .name = "add", .exec = do_dept_add, .flags = PM_V_WRITE,
	  .perm = "org.edit", .opts = dept_add_opts, DEPT_ARGS, ONE("CODE"),
	  .help = N_("add a department\n"
	  "CODE is 1-32 of a-z 0-9 _ -; the names are 1-64 characters.") },
	{ .kind = "dept", .name = "set", .exec = do_dept_set, .flags = PM_V_WRITE,
	  .perm = "org.edit", .opts = dept_set_opts, DEPT_ARGS, ONE("CODE"),
	  .help = N_("change a department\n"
	  "--head names the department head (an active staff member; '' for none).") },
	{ .kind = "staff", .name = "new", .exec = do_staff_new,
	  .flags = PM_V_WRITE | PM_V_BOOTSTRAP,
	  .perm = "org.edit", .opts = staff_new_opts, STAFF_ARGS, ONE("LOGIN"),
	  .help = N_("add a staff member and print the login\n"
	  "The first staff member of an empty organisation always gets the admin role.") },
	{ .kind = "staff", .name = "list", .exec = do_staff_list, .flags = PM_V_UNMASK,
	  .opts = staff_list_opts, .args_size = sizeof(struct staff_list_args),
	  .help = N_("list active staff (--all: deactivated too)\n"
	  "Columns: login name phone dept active roles sites.  Phones are masked\n"
	  "unless --unmask (needs pii.unmask; audited with the reason).") },
	{ .kind = "staff", .name = "show", .exec = do_staff_show, .flags = PM_V_UNMASK,
	  ONE("LOGIN"),
	  .help = N_("show one staff member with their effective permissions\n"
	  "Columns: login name phone dept active roles sites created_at\n"
	  "deactivated_at perms.") },
	{ .kind = "staff", .name = "set", .exec = do_staff_set, .flags = PM_V_WRITE,
	  .perm = "org.edit", .opts = staff_set_opts, STAFF_ARGS, ONE("LOGIN"),
	  .help = N_("change a staff member\n"
	  "--roles and --sites replace the lists; '' empties a list, the phone or\n"
	  "the department.") },
	{ .kind = "staff", .name = "deactivate", .exec = do_staff_active, .flags = PM_V_WRITE,
	  .perm = "org.edit", ONE("LOGIN"),
	  .help = N_("deactivate a staff member: history stays, they can no longer act\n"
	  "A deactivated staff member cannot be assigned work either.") },
	{ .kind = "staff", .name = "activate", .exec = do_staff_active, .flags = PM_V_WRITE,
	  .perm = "org.edit", ONE("LOGIN"),
	  .help = N_("let a deactivated staff member act again\n"
	  "Same login, roles and history; the change is in the audit log.") },
	{ .kind = "role", .name = "list", .exec = do_role_list,
	  .help = N_("list the roles\n"
	  "Columns: name source description perms; source is builtin (as pm-admin\n"
	  "init made it) or local (made or changed here).") },
	{ .kind = "role", .name = "show", .exec = do_role_show, ONE("ROLE"),
	  .help = N_("show one role\n"
	  "Columns: name source description perms.") },
	{ .kind = "role", .name = "new", .exec = do_role_new, .flags = PM_V_WRITE,
	  .perm = "admin", .opts = role_new_opts, ROLE_ARGS, ONE("ROLE"),
	  .help = N_("add a role (admin only)\n"
	  "ROLE is 1-32 of a-z 0-9 _ -.  Patterns: area.action, area.*, or *; each\n"
	  "must grant a permission some tool declares, or name the area of a tool\n"
	  "still to come.") },
	{ .kind = "role", .name = "set", .exec = do_role_set, .flags = PM_V_WRITE,
	  .perm = "admin", .opts = role_set_opts, ROLE_ARGS, ONE("ROLE"),
	  .help = N_("change a role (admin only)\n"
	  "--perms replaces the list; a role keeps at least one pattern, and the\n"
	  "organisation an active administrator.") },
	{ .kind = "role", .name = "import", .exec = do_role_import,
	  .flags = PM_V_WRITE | PM_V_DRYRUN, .perm = "admin", ONE("FILE"),
	  .help = N_("create or replace roles from a YAML file (admin only)\n"
	  "The file has the shape of the old config key: roles: NAME: description,\n"
	  "perms.  All or nothing; roles it does not name stay.  Prints inserted,\n"
	  "updated, unchanged.  -n: check only.") },
	{ .name = "whoami", .exec = do_whoami,
	  .help = N_("who the tools think you are, and what you may do\n"
	  "Columns: login source status name dept roles perms.") },
	{ .name = NULL }
};

static const pm_tool tool = {
	"pm-org",
	N_("The organisation: departments, staff, roles and permissions."),
	verbs,
	pm_org_perm_policy
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
