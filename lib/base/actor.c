/* actor.c — who is acting, and the permission hook; see actor.h. */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "actor.h"
#include "buf.h"
#include "ctx.h"
#include "text.h"

static pm_perm_policy policy;

int
pm_login_valid(const char *s)
{
	return pm_code_valid(s, PM_LOGIN_MAX, PM_CODE_DOT);
}

static int
take(pm_actor *out, const char *login, const char *source, pm_err *err)
{
	if (!pm_login_valid(login)) {
		pm_buf b;
		int rc;
		pm_buf_init(&b);
		pm_text_safe(&b, login);
		/* source is where the login came from ("--as", "PM_USER",
		 * "login"): data whoami shows, so it is named as it came */
		rc = pm_err_set(err, PM_EX_USAGE, _("%s: '%.64s': not a login "
		    "(1-32 of a-z 0-9 . _ -)"), source, b.s);
		pm_buf_free(&b);
		return rc;
	}
	memcpy(out->login, login, strlen(login) + 1);
	out->source = source;
	return 0;
}

int
pm_actor_resolve(const char *as, pm_actor *out, pm_err *err)
{
	const char *s;
	struct passwd pw, *res = NULL;
	char buf[1024];

	memset(out, 0, sizeof *out);
	if (as != NULL)
		return take(out, as, "--as", err);
	if ((s = getenv("PM_USER")) != NULL && *s != '\0')
		return take(out, s, "PM_USER", err);
	if (((s = getenv("LOGNAME")) != NULL && *s != '\0') ||
	    ((s = getenv("USER")) != NULL && *s != '\0'))
		return take(out, s, "login", err);
	if (getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res != NULL)
		return take(out, res->pw_name, "login", err);
	return pm_err_field(err, PM_EX_NOPERM, "as", _("cannot tell who you are: name the acting "
	    "login"));
}

const char *
pm_os_user(void)
{
	/* The effective uid is the one the kernel checks the database file
	 * against: whatever --as or PM_USER claim, this is who could write. */
	static char name[64];
	struct passwd pw, *res = NULL;
	char buf[1024];
	uid_t uid;

	if (name[0] != '\0')
		return name;
	uid = geteuid();
	if (getpwuid_r(uid, &pw, buf, sizeof buf, &res) == 0 && res != NULL &&
	    res->pw_name[0] != '\0' && strlen(res->pw_name) < sizeof name)
		memcpy(name, res->pw_name, strlen(res->pw_name) + 1);
	else
		snprintf(name, sizeof name, "%lu", (unsigned long)uid);
	return name;
}

void
pm_perm_set_policy(pm_perm_policy fn)
{
	policy = fn;
}

int
pm_perm_check(struct pm_ctx *ctx, const char *perm, pm_err *err)
{
	if (perm == NULL)
		return 0;
	if (policy == NULL)
		return pm_err_set(err, PM_EX_NOPERM, _("%s may not do this: no permission policy "
		    "is installed"), ctx->actor.login);
	return policy(ctx, perm, err);
}
