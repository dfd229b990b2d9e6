/*
 * pm-org — the organisation: departments, staff, roles and permissions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "pii.h"
#include "org.h"
#include "perm.h"

/*
 * Parse options, then open the database.  The roles in the config are
 * checked first: a typo there is a configuration error (78) for every
 * verb, not something the permission check would report as a refusal.
 */
static int
begin(pm_ctx *ctx)
{
	int rc;

	if ((rc = pm_perm_roles(ctx, NULL, NULL, &ctx->err)) != 0)
		return rc;
	return pm_cli_begin(ctx);
}

/* For verbs without options: getopt_long with NULL long options would
 * report "--bogus" as "--". */
static const struct option no_opts[] = { { NULL, 0, NULL, 0 } };

/* Exactly one operand (a code or login) after the options. */
static int
one_operand(pm_ctx *ctx, int argc, char **argv, const char *what, const char **out)
{
	if (optind >= argc)
		return pm_cli_usage(ctx, "%s: give the %s", ctx->verb, what);
	if (argc - optind > 1)
		return pm_cli_usage(ctx, "%s: one %s only", ctx->verb, what);
	*out = argv[optind];
	return 0;
}

static int
no_operand(pm_ctx *ctx, int argc)
{
	if (optind < argc)
		return pm_cli_usage(ctx, "%s: unexpected operand", ctx->verb);
	return 0;
}

/* --unmask goes with --reason; checked before the database is opened. */
static int
unmask_usage(pm_ctx *ctx, int unmask, const char *reason)
{
	if (unmask && reason == NULL)
		return pm_cli_usage(ctx, "--unmask needs --reason TEXT (it goes to the audit log)");
	if (!unmask && reason != NULL)
		return pm_cli_usage(ctx, "--reason goes with --unmask");
	return 0;
}

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
	{ "code", PM_C_ID, 12 },
	{ "name_zh", PM_C_TEXT, 16 },
	{ "name_en", PM_C_TEXT, 24 },
	{ "head", PM_C_TEXT, 16 },
	{ "active", PM_C_BOOL, 0 },
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
do_dept_list(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", no_opts)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if ((rc = no_operand(ctx, argc)) != 0 || (rc = begin(ctx)) != 0)
		return rc;
	return walk_status(ctx, pm_org_dept_list(ctx, dept_row, pm_cli_out(ctx, dept_cols, 5),
	    &ctx->err));
}

static int
do_dept_add(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "zh", required_argument, NULL, 'z' },
		{ "en", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 }
	};
	const char *code, *zh = NULL, *en = NULL;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == 'z')
			zh = optarg;
		else if (c == 'e')
			en = optarg;
		else
			return PM_EX_USAGE;
	}
	if ((rc = one_operand(ctx, argc, argv, "department CODE", &code)) != 0)
		return rc;
	if (zh == NULL || en == NULL)
		return pm_cli_usage(ctx, "dept add: --zh NAME and --en NAME are required");
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_dept_add(ctx, code, zh, en, &ctx->err);
}

/* yes|no for --active; -1 when it is neither. */
static int
yes_no(const char *s)
{
	if (strcmp(s, "yes") == 0)
		return 1;
	if (strcmp(s, "no") == 0)
		return 0;
	return -1;
}

static int
do_dept_set(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "zh", required_argument, NULL, 'z' },
		{ "en", required_argument, NULL, 'e' },
		{ "head", required_argument, NULL, 'h' },
		{ "active", required_argument, NULL, 'a' },
		{ NULL, 0, NULL, 0 }
	};
	pm_dept_change ch = { NULL, NULL, NULL, -1 };
	const char *code;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case 'z':
			ch.name_zh = optarg;
			break;
		case 'e':
			ch.name_en = optarg;
			break;
		case 'h':
			ch.head = optarg;
			break;
		case 'a':
			if ((ch.active = yes_no(optarg)) < 0)
				return pm_cli_usage(ctx, "--active: expected yes or no");
			break;
		default:
			return PM_EX_USAGE;
		}
	}
	if ((rc = one_operand(ctx, argc, argv, "department CODE", &code)) != 0)
		return rc;
	if (ch.name_zh == NULL && ch.name_en == NULL && ch.head == NULL && ch.active < 0)
		return pm_cli_usage(ctx, "dept set: nothing to change");
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_dept_set(ctx, code, &ch, &ctx->err);
}

/* ---- staff ----------------------------------------------------------- */

static const pm_col staff_cols[] = {
	{ "login", PM_C_ID, 16 },
	{ "name", PM_C_TEXT, 16 },
	{ "phone", PM_C_TEXT, 14 },
	{ "dept", PM_C_TEXT, 10 },
	{ "active", PM_C_BOOL, 0 },
	{ "roles", PM_C_TEXT, 30 },
	{ "sites", PM_C_TEXT, 30 },
	/* staff show only */
	{ "created_at", PM_C_TIME, 0 },
	{ "deactivated_at", PM_C_TIME, 0 },
	{ "perms", PM_C_TEXT, 60 },
};
#define STAFF_LIST_COLS 7
#define STAFF_SHOW_COLS 10

struct staff_out {
	pm_ctx *ctx;
	pm_out *o;
	int unmask, show;
};

static int
staff_row(void *arg, const pm_staff *s)
{
	struct staff_out *so = arg;
	pm_out *o = so->o;
	pm_buf b;
	int rc = 0;

	pm_buf_init(&b);
	pm_out_text(o, 0, s->login);
	pm_out_text(o, 1, s->name);
	if (s->phone != NULL && !so->unmask) {
		pm_pii_phone(&b, s->phone);
		pm_out_text(o, 2, b.s);
	} else {
		pm_out_text(o, 2, s->phone);
	}
	pm_out_text(o, 3, s->dept);
	pm_out_int(o, 4, s->active);
	pm_out_text(o, 5, s->roles);
	pm_out_text(o, 6, s->sites);
	if (so->show) {
		pm_out_int(o, 7, s->created_at);
		if (s->deactivated_at != 0)
			pm_out_int(o, 8, s->deactivated_at);
		pm_buf_reset(&b);
		if ((rc = pm_org_perms(so->ctx, s->roles, &b, &so->ctx->err)) != 0)
			goto out;
		pm_out_text(o, 9, b.s);
	}
	rc = pm_out_row(o) != 0;
out:
	pm_buf_free(&b);
	return rc;
}

static int
do_staff_list(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "dept", required_argument, NULL, 'd' },
		{ "role", required_argument, NULL, 'r' },
		{ "all", no_argument, NULL, 'a' },
		{ "unmask", no_argument, NULL, 'u' },
		{ "reason", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	pm_staff_filter f = { NULL, NULL, 0 };
	struct staff_out so = { ctx, NULL, 0, 0 };
	const char *reason = NULL;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case 'd':
			f.dept = optarg;
			break;
		case 'r':
			f.role = optarg;
			break;
		case 'a':
			f.all = 1;
			break;
		case 'u':
			so.unmask = 1;
			break;
		case 'R':
			reason = optarg;
			break;
		default:
			return PM_EX_USAGE;
		}
	}
	if ((rc = no_operand(ctx, argc)) != 0 || (rc = unmask_usage(ctx, so.unmask, reason)) != 0 ||
	    (rc = begin(ctx)) != 0)
		return rc;
	if (so.unmask && (rc = pm_cli_unmask(ctx, reason)) != 0)
		return rc;
	so.o = pm_cli_out(ctx, staff_cols, STAFF_LIST_COLS);
	return walk_status(ctx, pm_org_staff_list(ctx, &f, staff_row, &so, &ctx->err));
}

static int
do_staff_show(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "unmask", no_argument, NULL, 'u' },
		{ "reason", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 }
	};
	struct staff_out so = { ctx, NULL, 0, 1 };
	const char *login, *reason = NULL;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == 'u')
			so.unmask = 1;
		else if (c == 'R')
			reason = optarg;
		else
			return PM_EX_USAGE;
	}
	if ((rc = one_operand(ctx, argc, argv, "staff LOGIN", &login)) != 0 ||
	    (rc = unmask_usage(ctx, so.unmask, reason)) != 0 || (rc = begin(ctx)) != 0)
		return rc;
	if (so.unmask && (rc = pm_cli_unmask(ctx, reason)) != 0)
		return rc;
	so.o = pm_cli_out(ctx, staff_cols, STAFF_SHOW_COLS);
	return walk_status(ctx, pm_org_staff_get(ctx, login, staff_row, &so, &ctx->err));
}

/* Options shared by staff new and staff set. */
static const struct option staff_opts[] = {
	{ "name", required_argument, NULL, 'N' },
	{ "phone", required_argument, NULL, 'p' },
	{ "dept", required_argument, NULL, 'd' },
	{ "roles", required_argument, NULL, 'r' },
	{ "sites", required_argument, NULL, 's' },
	{ "add-role", required_argument, NULL, 'A' },
	{ "remove-role", required_argument, NULL, 'D' },
	{ NULL, 0, NULL, 0 }
};

/* Parse the staff options; new takes no --add-role/--remove-role. */
static int
staff_change_opts(pm_ctx *ctx, int argc, char **argv, int is_new, pm_staff_change *ch)
{
	int c;

	memset(ch, 0, sizeof *ch);
	while ((c = pm_cli_opt(ctx, argc, argv, "", staff_opts)) != -1) {
		switch (c) {
		case 'N':
			ch->name = optarg;
			break;
		case 'p':
			ch->phone = optarg;
			break;
		case 'd':
			ch->dept = optarg;
			break;
		case 'r':
			ch->roles = optarg;
			break;
		case 's':
			ch->sites = optarg;
			break;
		case 'A':
		case 'D':
			if (is_new)
				return pm_cli_usage(ctx, "staff new: use --roles, not --%s-role",
				    c == 'A' ? "add" : "remove");
			if (c == 'A')
				ch->add_role = optarg;
			else
				ch->remove_role = optarg;
			break;
		default:
			return PM_EX_USAGE;
		}
	}
	return 0;
}

static const pm_col login_cols[] = {
	{ "login", PM_C_ID, 0 },
};

static int
do_staff_new(pm_ctx *ctx, int argc, char **argv)
{
	pm_staff_change ch;
	const char *login;
	pm_out *o;
	int rc;

	if ((rc = staff_change_opts(ctx, argc, argv, 1, &ch)) != 0 ||
	    (rc = one_operand(ctx, argc, argv, "staff LOGIN", &login)) != 0)
		return rc;
	if (ch.name == NULL)
		return pm_cli_usage(ctx, "staff new: --name NAME is required");
	if ((rc = begin(ctx)) != 0 || (rc = pm_org_staff_new(ctx, login, &ch, NULL, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, login_cols, 1);
	pm_out_text(o, 0, login);
	pm_out_row(o);
	return 0;
}

static int
do_staff_set(pm_ctx *ctx, int argc, char **argv)
{
	pm_staff_change ch;
	const char *login;
	int rc;

	if ((rc = staff_change_opts(ctx, argc, argv, 0, &ch)) != 0 ||
	    (rc = one_operand(ctx, argc, argv, "staff LOGIN", &login)) != 0)
		return rc;
	if (ch.name == NULL && ch.phone == NULL && ch.dept == NULL && ch.roles == NULL &&
	    ch.sites == NULL && ch.add_role == NULL && ch.remove_role == NULL)
		return pm_cli_usage(ctx, "staff set: nothing to change");
	if ((rc = begin(ctx)) != 0)
		return rc;
	return pm_org_staff_set(ctx, login, &ch, &ctx->err);
}

/* staff deactivate | staff activate: the verb says which */
static int
do_staff_active(pm_ctx *ctx, int argc, char **argv)
{
	const char *login;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", no_opts)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if ((rc = one_operand(ctx, argc, argv, "staff LOGIN", &login)) != 0 ||
	    (rc = begin(ctx)) != 0)
		return rc;
	if (strcmp(ctx->verb, "staff activate") == 0)
		return pm_org_staff_activate(ctx, login, &ctx->err);
	return pm_org_staff_deactivate(ctx, login, &ctx->err);
}

/* ---- roles ----------------------------------------------------------- */

static const pm_col role_cols[] = {
	{ "name", PM_C_ID, 12 },
	{ "source", PM_C_TEXT, 0 },
	{ "description", PM_C_TEXT, 50 },
	{ "perms", PM_C_TEXT, 60 },
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
	pm_out_text(o, 1, r->from_config ? "config" : "builtin");
	pm_out_text(o, 2, r->description);
	pm_out_text(o, 3, b.s);
	rc = pm_out_row(o) != 0;
	pm_buf_free(&b);
	return rc;
}

static int
do_role_list(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", no_opts)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if ((rc = no_operand(ctx, argc)) != 0 || (rc = pm_perm_roles(ctx, NULL, NULL, &ctx->err)) != 0)
		return rc;
	return walk_status(ctx, pm_perm_roles(ctx, role_row, pm_cli_out(ctx, role_cols, 4),
	    &ctx->err));
}

/* ---- whoami ---------------------------------------------------------- */

static const pm_col whoami_cols[] = {
	{ "login", PM_C_ID, 16 },
	{ "source", PM_C_TEXT, 0 },
	{ "status", PM_C_TEXT, 0 },
	{ "name", PM_C_TEXT, 16 },
	{ "dept", PM_C_TEXT, 10 },
	{ "roles", PM_C_TEXT, 30 },
	{ "perms", PM_C_TEXT, 60 },
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
do_whoami(pm_ctx *ctx, int argc, char **argv)
{
	pm_out *o;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", no_opts)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if ((rc = no_operand(ctx, argc)) != 0 || (rc = begin(ctx)) != 0)
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

static const pm_verb verbs[] = {
	{ "dept", "list", do_dept_list, 0, NULL, "",
	  "list the departments\n"
	  "Columns: code name_zh name_en head active; inactive departments too." },
	{ "dept", "add", do_dept_add, PM_V_WRITE, "org.edit", "CODE --zh NAME --en NAME",
	  "add a department\n"
	  "CODE is 1-32 of a-z 0-9 _ -; the names are 1-64 characters." },
	{ "dept", "set", do_dept_set, PM_V_WRITE, "org.edit",
	  "CODE [--zh NAME] [--en NAME] [--head LOGIN] [--active yes|no]",
	  "change a department\n"
	  "--head names the department head (an active staff member; '' for none)." },
	{ "staff", "new", do_staff_new, PM_V_WRITE, "org.edit",
	  "LOGIN --name NAME [--phone PHONE] [--dept CODE] [--roles R,...]\n"
	  "       [--sites SITE,...]",
	  "add a staff member and print the login\n"
	  "The first staff member of an empty organisation always gets the admin role." },
	{ "staff", "list", do_staff_list, 0, NULL,
	  "[--dept CODE] [--role ROLE] [--all] [--unmask --reason TEXT]",
	  "list active staff (--all: deactivated too)\n"
	  "Columns: login name phone dept active roles sites.  Phones are masked\n"
	  "unless --unmask (needs pii.unmask; audited with the reason)." },
	{ "staff", "show", do_staff_show, 0, NULL, "LOGIN [--unmask --reason TEXT]",
	  "show one staff member with their effective permissions\n"
	  "Columns: login name phone dept active roles sites created_at\n"
	  "deactivated_at perms." },
	{ "staff", "set", do_staff_set, PM_V_WRITE, "org.edit",
	  "LOGIN [--name NAME] [--phone PHONE] [--dept CODE] [--roles R,...]\n"
	  "       [--add-role R] [--remove-role R] [--sites SITE,...]",
	  "change a staff member\n"
	  "--roles and --sites replace the lists; '' empties a list, the phone or\n"
	  "the department." },
	{ "staff", "deactivate", do_staff_active, PM_V_WRITE, "org.edit", "LOGIN",
	  "deactivate a staff member: history stays, they can no longer act\n"
	  "A deactivated staff member cannot be assigned work either." },
	{ "staff", "activate", do_staff_active, PM_V_WRITE, "org.edit", "LOGIN",
	  "let a deactivated staff member act again\n"
	  "Same login, roles and history; the change is in the audit log." },
	{ "role", "list", do_role_list, PM_V_NODB, NULL, "",
	  "list the roles: built in and from the config file\n"
	  "Columns: name source description perms." },
	{ NULL, "whoami", do_whoami, 0, NULL, "",
	  "who the tools think you are, and what you may do\n"
	  "Columns: login source status name dept roles perms." },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const pm_tool tool = {
	"pm-org",
	"The organisation: departments, staff, roles and permissions.",
	verbs,
	pm_perm_by_roles
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
