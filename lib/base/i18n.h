/*
 * i18n.h — messages in the user's language (gettext, text domain "pm").
 *
 * Every message, header, help line and label a person reads is written
 * in English in the source and marked: _("...") where it is used,
 * N_("...") in a static table (the table keeps the English, the place
 * that prints it calls _() on it), C_("column", "...") for a word that
 * needs a context, P_(one, many, n) for a count.  `make pot` extracts them into po/pm.pot; po/zh_CN.po
 * holds the Chinese; `make` compiles it to build/locale, `make install`
 * installs it under $(PREFIX)/share/locale.
 *
 * Machine output never goes through here: tsv/csv/json keys and values,
 * IDs, exit statuses and audit rows are the same in every locale.  Only
 * the front calls pm_i18n_init; a program using libpm that wants the
 * library's messages in its user's language calls it too (without it the
 * messages are English unless "pm" is bound elsewhere).
 */
#ifndef PM_I18N_H
#define PM_I18N_H

#include <libintl.h>

#define PM_TEXTDOMAIN "pm"

#define _(s)            dgettext(PM_TEXTDOMAIN, s)
#define N_(s)           s
#define P_(s, pl, n)    dngettext(PM_TEXTDOMAIN, s, pl, n)
#define C_(ctx, s)      pm_i18n_pgettext(ctx "\004" s, s)

/*
 * Take the language from the environment (LANG, LC_ALL, LC_MESSAGES,
 * LANGUAGE) for messages and character type only: numbers, times,
 * collation and money stay "C", because pm formats them itself and its
 * machine formats must not move with the locale.  Binds the domain to
 * $PM_LOCALEDIR when set (the tests: build/locale), else to dir (the
 * installed locale directory).  Once per process, before any message.
 */
void pm_i18n_init(const char *dir);

/* pgettext: ctxid is "context\004msgid"; returns msgid when untranslated. */
const char *pm_i18n_pgettext(const char *ctxid, const char *msgid)
	__attribute__((format_arg(2)));

/* A column header for table output: the name's "column" translation. */
const char *pm_i18n_column(const char *name);

#endif
