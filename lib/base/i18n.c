/*
 * i18n.c — binding the "pm" text domain, pgettext, column headers.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include "i18n.h"

void
pm_i18n_init(const char *dir)
{
	const char *env = getenv("PM_LOCALEDIR");

	setlocale(LC_ALL, "");
	/* Only LC_MESSAGES and LC_CTYPE (gettext converts to the terminal's
	 * charset by it) follow the user.  pm prints numbers, money and
	 * times itself, but a libc or sqlite routine that consulted
	 * LC_NUMERIC would print "1,5" in some locales: keep the rest C. */
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_TIME, "C");
	setlocale(LC_COLLATE, "C");
	setlocale(LC_MONETARY, "C");
	if (env && *env)
		dir = env;
	if (dir && *dir)
		bindtextdomain(PM_TEXTDOMAIN, dir);
	bind_textdomain_codeset(PM_TEXTDOMAIN, "UTF-8");
}

const char *
pm_i18n_pgettext(const char *ctxid, const char *msgid)
{
	const char *t = dgettext(PM_TEXTDOMAIN, ctxid);

	return t == ctxid ? msgid : t;
}

const char *
pm_i18n_column(const char *name)
{
	/* "column\004name" built at run time: the names come from the
	 * column tables, extracted into the catalogue by `make pot`. */
	char key[96];
	size_t n = strlen(name);
	const char *t;

	if (n + sizeof "column" + 1 > sizeof key)
		return name;
	memcpy(key, "column\004", 7);
	memcpy(key + 7, name, n + 1);
	t = dgettext(PM_TEXTDOMAIN, key);
	return t == key ? name : t;
}
