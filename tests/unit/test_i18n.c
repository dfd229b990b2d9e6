/* test_i18n.c — i18n.c: the catalogue binding, contexts, column headers,
 * and that the C parts of the locale stay C. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "err.h"
#include "i18n.h"
#include "out.h"

static char localedir[4096];
static int have_zh;

static void
test_untranslated_is_msgid(void **state)
{
	(void)state;
	/* a msgid no catalogue has comes back as it was, the same pointer */
	const char *s = "no such msgid in any catalogue";

	assert_ptr_equal(_(s), s);
	assert_string_equal(pm_i18n_column("no_such_column"), "no_such_column");
	assert_string_equal(C_("column", "no_such_column_either"), "no_such_column_either");
	/* a name too long for the key buffer is its own header */
	char longname[200];
	memset(longname, 'x', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	assert_ptr_equal(pm_i18n_column(longname), longname);
}

static char *
render(pm_fmt fmt, const pm_col *cols, int n, unsigned flags)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	pm_out *o;
	pm_err e;

	assert_non_null(fp);
	o = pm_out_new(fp, fmt, cols, n, flags);
	assert_non_null(o);
	pm_out_text(o, 0, "C1");
	pm_out_text(o, 1, "new");
	assert_int_equal(pm_out_row(o), 0);
	pm_err_clear(&e);
	assert_int_equal(pm_out_finish(o, &e), 0);
	pm_out_free(o);
	fclose(fp);
	return buf;
}

static void
test_zh_tables_only(void **state)
{
	static const pm_col cols[] = { { "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "status", PM_C_TEXT, 0, 0, 0 } };
	char *s;

	(void)state;
	if (!have_zh) {
		print_message("skipped: no zh_CN.UTF-8 locale or no catalogue in %s\n", localedir);
		skip();
	}
	assert_string_equal(pm_i18n_column("id"), "编号");
	assert_string_equal(C_("column", "status"), "状态");
	assert_string_equal(_("text is required"), "必须给出内容");
	/* the English stays the English when asked for without context */
	assert_string_equal(_("no such msgid in any catalogue"), "no such msgid in any catalogue");

	s = render(PM_FMT_TABLE, cols, 2, 0);
	assert_non_null(strstr(s, "编号"));
	assert_non_null(strstr(s, "状态"));
	free(s);
	s = render(PM_FMT_TSV, cols, 2, PM_OUT_HEADER);
	assert_string_equal(s, "id\tstatus\nC1\tnew\n");
	free(s);
	s = render(PM_FMT_JSON, cols, 2, 0);
	assert_non_null(strstr(s, "\"id\""));
	assert_null(strstr(s, "编号"));
	free(s);
}

static void
test_numbers_stay_c(void **state)
{
	char buf[32];

	(void)state;
	/* whatever the user's locale, numbers and times are C */
	assert_string_equal(setlocale(LC_NUMERIC, NULL), "C");
	assert_string_equal(setlocale(LC_TIME, NULL), "C");
	assert_string_equal(localeconv()->decimal_point, ".");
	snprintf(buf, sizeof buf, "%.2f", 1234.5);
	assert_string_equal(buf, "1234.50");
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_untranslated_is_msgid),
		cmocka_unit_test(test_zh_tables_only),
		cmocka_unit_test(test_numbers_stay_c),
	};
	char mo[4200];
	const char *slash = strrchr(argv[0], '/');
	FILE *fp;

	(void)argc;
	/* build/tests/test_i18n: the catalogue is in build/locale; and a
	 * locale that would print "1.234,50" if LC_NUMERIC followed it */
	snprintf(localedir, sizeof localedir, "%.*s/../locale",
	    slash ? (int)(slash - argv[0]) : 1, slash ? argv[0] : ".");
	setenv("PM_LOCALEDIR", localedir, 1);
	unsetenv("LANGUAGE");
	setenv("LC_ALL", "zh_CN.UTF-8", 1);
	snprintf(mo, sizeof mo, "%s/zh_CN/LC_MESSAGES/pm.mo", localedir);
	if ((fp = fopen(mo, "r")) != NULL)
		fclose(fp);
	pm_i18n_init(NULL);
	have_zh = fp != NULL && strcmp(setlocale(LC_MESSAGES, NULL), "zh_CN.UTF-8") == 0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
