/* test_config.c — schema, defaults, validation with positions, lookup
 * order, and where each effective value came from. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "registry.h"
#include "config.h"

#define PARSE(lit, cfgp, errp) pm_config_parse("c.yaml", lit, sizeof(lit) - 1, cfgp, errp)

/* Parse and expect exactly this error message. */
static void
refused_n(const char *data, size_t len, const char *want)
{
	pm_config *cfg = (pm_config *)1;
	pm_err err;

	pm_err_clear(&err);
	assert_int_equal(pm_config_parse("c.yaml", data, len, &cfg, &err), PM_EX_CONFIG);
	assert_null(cfg);
	assert_string_equal(err.msg, want);
}

#define REFUSED(lit, want) refused_n(lit, sizeof(lit) - 1, want)

/* Parse and expect an error starting with this prefix (the rest comes
 * from another module, e.g. time.c's wording). */
static void
refused_prefix(const char *data, const char *prefix)
{
	pm_config *cfg;
	pm_err err;

	assert_int_equal(pm_config_parse("c.yaml", data, strlen(data), &cfg, &err), PM_EX_CONFIG);
	assert_int_equal(err.status, PM_EX_CONFIG);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0)
		fail_msg("\"%s\" does not start with \"%s\"", err.msg, prefix);
	assert_null(strchr(err.msg, '\x1b'));
	assert_null(strstr(err.msg, "\xc2\x9b"));
}

static pm_config *
parsed(const char *data)
{
	pm_config *cfg = NULL;
	pm_err err;

	if (pm_config_parse("c.yaml", data, strlen(data), &cfg, &err) != 0)
		fail_msg("unexpected error: %s", err.msg);
	return cfg;
}

static void
test_defaults(void **state)
{
	pm_config *cfg = pm_config_defaults();

	(void)state;
	assert_null(pm_config_file(cfg));
	assert_null(pm_config_doc(cfg));
	assert_string_equal(pm_config_str(cfg, "database"), "");
	assert_string_equal(pm_config_str(cfg, "timezone"), "Asia/Shanghai");
	assert_string_equal(pm_config_str(cfg, "busy_timeout"), "5s");
	assert_int_equal(pm_config_span(cfg, "busy_timeout"), 5);
	assert_string_equal(pm_config_str(cfg, "money.rounding"), "half-up");
	assert_int_equal(pm_config_int(cfg, "money.rounding"), 0);
	assert_string_equal(pm_config_str(cfg, "backup.dir"), "");
	assert_string_equal(pm_config_str(cfg, "company.name"), "");
	assert_string_equal(pm_config_str(cfg, "text.max_chars"), "2000");
	assert_int_equal(pm_config_int(cfg, "text.max_chars"), 2000);
	assert_int_equal(pm_config_is_set(cfg, "timezone"), 0);
	assert_null(pm_config_str(cfg, "no.such.key"));
	assert_null(pm_config_node(cfg, "timezone"));
	pm_config_free(cfg);
	pm_config_free(NULL);
}

/* Every default passes the checks a file value gets. */
static void
test_schema_sane(void **state)
{
	const pm_cfg_key *k;
	char buf[512];
	pm_config *cfg;
	int n = 0;

	(void)state;
	for (n = 0; (k = pm_config_key((size_t)n)) != NULL; n++) {
		const char *dot = strchr(k->path, '.');

		assert_non_null(k->doc);
		if (k->type == PM_CFG_TREE)
			continue;
		assert_non_null(k->def);
		if (dot != NULL)
			snprintf(buf, sizeof buf, "%.*s:\n  %s: \"%s\"\n",
				(int)(dot - k->path), k->path, dot + 1, k->def);
		else
			snprintf(buf, sizeof buf, "%s: \"%s\"\n", k->path, k->def);
		if (k->def[0] == '\0')
			continue;
		cfg = parsed(buf);
		assert_int_equal(pm_config_is_set(cfg, k->path), 1);
		assert_string_equal(pm_config_str(cfg, k->path), k->def);
		pm_config_free(cfg);
	}
	assert_int_equal(n, 55);
}

static const char full[] =
	"# pm configuration\n"
	"database: /srv/pm/pm.db\n"
	"timezone: UTC\n"
	"busy_timeout: 1min\n"
	"money:\n"
	"  rounding: half-even\n"
	"backup:\n"
	"  dir: /srv/pm/backup\n"
	"company:\n"
	"  name: 阳光花园物业\n"
	"text:\n"
	"  max_chars: 0500\n";

static void
test_every_key(void **state)
{
	pm_config *cfg = parsed(full);

	(void)state;
	assert_string_equal(pm_config_file(cfg), "c.yaml");
	assert_non_null(pm_config_doc(cfg));
	assert_string_equal(pm_config_str(cfg, "database"), "/srv/pm/pm.db");
	assert_string_equal(pm_config_str(cfg, "timezone"), "UTC");
	assert_int_equal(pm_config_span(cfg, "busy_timeout"), 60);
	assert_string_equal(pm_config_str(cfg, "busy_timeout"), "1min");
	assert_int_equal(pm_config_int(cfg, "money.rounding"), 1);
	assert_string_equal(pm_config_str(cfg, "money.rounding"), "half-even");
	assert_string_equal(pm_config_str(cfg, "backup.dir"), "/srv/pm/backup");
	assert_string_equal(pm_config_str(cfg, "company.name"), "阳光花园物业");
	/* leading zeros are decimal */
	assert_int_equal(pm_config_int(cfg, "text.max_chars"), 500);
	assert_int_equal(pm_config_is_set(cfg, "database"), 1);
	assert_int_equal(pm_config_is_set(cfg, "text.max_chars"), 1);
	pm_config_free(cfg);

	/* partial files keep the other defaults; levels may be empty */
	cfg = parsed("money: {}\ncompany:\n  name: \"0101\"\n");
	assert_string_equal(pm_config_str(cfg, "company.name"), "0101");
	assert_int_equal(pm_config_is_set(cfg, "money.rounding"), 0);
	assert_string_equal(pm_config_str(cfg, "money.rounding"), "half-up");
	assert_int_equal(pm_config_span(cfg, "busy_timeout"), 5);
	pm_config_free(cfg);

	/* strings are taken verbatim, never guessed */
	cfg = parsed("company:\n  name: yes\ndatabase: 0101\n");
	assert_string_equal(pm_config_str(cfg, "company.name"), "yes");
	assert_string_equal(pm_config_str(cfg, "database"), "0101");
	pm_config_free(cfg);

	/* span limits are inclusive */
	cfg = parsed("busy_timeout: 0s\n");
	assert_int_equal(pm_config_span(cfg, "busy_timeout"), 0);
	pm_config_free(cfg);
	cfg = parsed("busy_timeout: 1h\n");
	assert_int_equal(pm_config_span(cfg, "busy_timeout"), 3600);
	pm_config_free(cfg);
}

static void
test_wrong_types(void **state)
{
	(void)state;
	REFUSED("company:\n  name: {a: 1}\n", "c.yaml:2:9: expected a string, found a mapping");
	REFUSED("database: [a, b]\n", "c.yaml:1:11: expected a string, found a sequence");
	REFUSED("money: half-up\n", "c.yaml:1:8: expected a mapping, found a string");
	REFUSED("money:\n", "c.yaml:1:7: expected a mapping, found an empty value");
	REFUSED("money: [half-up]\n", "c.yaml:1:8: expected a mapping, found a sequence");
	REFUSED("money:\n  rounding: up\n",
		"c.yaml:2:13: expected one of half-up, half-even, found 'up'");
	REFUSED("money:\n  rounding: [half-up]\n",
		"c.yaml:2:13: expected one of half-up, half-even, found a sequence");
	REFUSED("text:\n  max_chars: 0\n",
		"c.yaml:2:14: expected an integer from 1 to 100000, found '0'");
	REFUSED("text:\n  max_chars: 100001\n",
		"c.yaml:2:14: expected an integer from 1 to 100000, found '100001'");
	REFUSED("text:\n  max_chars: 1_000\n",
		"c.yaml:2:14: expected an integer from 1 to 100000, found '1_000'");
	REFUSED("text:\n  max_chars: 2e3\n",
		"c.yaml:2:14: expected an integer from 1 to 100000, found '2e3'");
	REFUSED("busy_timeout: {s: 5}\n",
		"c.yaml:1:15: expected a duration such as 5s, found a mapping");
	REFUSED("busy_timeout: 2h\n",
		"c.yaml:1:15: expected a duration from 0s to 3600s, found '2h'");
	REFUSED("busy_timeout: -5s\n",
		"c.yaml:1:15: expected a duration from 0s to 3600s, found '-5s'");
	REFUSED("busy_timeout: 1mo\n",
		"c.yaml:1:15: months and years are not allowed here; use s, min, h, d or w");
	REFUSED("busy_timeout: 1y\n",
		"c.yaml:1:15: months and years are not allowed here; use s, min, h, d or w");
	/* the span parser's own wording follows the position */
	refused_prefix("busy_timeout: 5\n", "c.yaml:1:15: ");
	refused_prefix("busy_timeout: 3x\n", "c.yaml:1:15: ");
	/* the time zone check hook, with the position added */
	refused_prefix("# zone\ntimezone: Mars/Olympus_Mons\n", "c.yaml:2:11: ");
	/* values quoted in messages are made harmless */
	refused_prefix("busy_timeout: \"\\e[2J1h\"\n", "c.yaml:1:15: ");
	refused_prefix("timezone: \"\\e[2J\\x9b\"\n", "c.yaml:1:11: ");
	/* the top level is a mapping */
	REFUSED("- a\n", "c.yaml:1:1: expected a mapping of settings at the top level, found a sequence");
	REFUSED("text\n", "c.yaml:1:1: expected a mapping of settings at the top level, found a string");
}

static void
test_unknown_keys(void **state)
{
	(void)state;
	REFUSED("unit_prise: 3\n", "c.yaml:1:1: unknown key 'unit_prise'");
	REFUSED("database: x\ntimezon: UTC\n",
		"c.yaml:2:1: unknown key 'timezon'; did you mean 'timezone'?");
	REFUSED("timezoen: UTC\n", "c.yaml:1:1: unknown key 'timezoen'; did you mean 'timezone'?");
	REFUSED("Database: x\n", "c.yaml:1:1: unknown key 'Database'; did you mean 'database'?");
	REFUSED("money:\n  rouding: half-up\n",
		"c.yaml:2:3: unknown key 'money.rouding'; did you mean 'money.rounding'?");
	REFUSED("mony:\n  rounding: half-up\n",
		"c.yaml:1:1: unknown key 'mony'; did you mean 'money'?");
	REFUSED("text:\n  max_chars: 10\n  min_chars: 1\n",
		"c.yaml:3:3: unknown key 'text.min_chars'; did you mean 'text.max_chars'?");
	/* a dotted key is not a path */
	REFUSED("money.rounding: half-up\n",
		"c.yaml:1:1: unknown key 'money.rounding'; write it as nested mappings, one level per line");
	/* a level is not a key, a key is not a level */
	REFUSED("database:\n  path: x\n", "c.yaml:2:3: expected a string, found a mapping");
	REFUSED("company:\n  name:\n    first: x\n", "c.yaml:3:5: expected a string, found a mapping");
	/* keys are shown harmlessly */
	REFUSED("\"\\e[2J\": 1\n", "c.yaml:1:1: unknown key '?[2J'");
	/* keys in Chinese */
	REFUSED("公司: x\n", "c.yaml:1:1: unknown key '公司'");
}

static void
test_long_key(void **state)
{
	char buf[2048];
	pm_config *cfg;
	pm_err err;
	int n;

	(void)state;
	memset(buf, 'k', 1000);
	n = 1000 + snprintf(buf + 1000, 32, ": 1\n");
	assert_int_equal(pm_config_parse("c.yaml", buf, (size_t)n, &cfg, &err), PM_EX_CONFIG);
	assert_int_equal(strncmp(err.msg, "c.yaml:1:1: unknown key 'kkkk", 29), 0);
	assert_non_null(strstr(err.msg, "...'"));
	n = snprintf(buf, sizeof buf, "money:\n  %0600d: 1\n", 0);
	assert_int_equal(pm_config_parse("c.yaml", buf, (size_t)n, &cfg, &err), PM_EX_CONFIG);
	assert_int_equal(strncmp(err.msg, "c.yaml:2:3: unknown key 'money.000", 34), 0);
}

static void
test_yaml_errors_pass_through(void **state)
{
	(void)state;
	REFUSED("database: a\ndatabase: b\n", "c.yaml:2:1: duplicate key 'database' (first at line 1)");
	REFUSED("", "c.yaml:1:1: empty document");
	REFUSED("# nothing\n", "c.yaml:1:1: empty document");
	REFUSED("timezone: UTC\n---\ntimezone: UTC\n", "c.yaml:2:1: more than one document");
	REFUSED("money:\n\trounding: half-up\n", "c.yaml:2:1: tab in indentation; use spaces");
	REFUSED("company:\n  name: &n x\n", "c.yaml:2:9: anchors and aliases are not allowed");
}

/* ---- lookup order ---------------------------------------------------- */

struct sandbox {
	char root[64];
	char xdg[128], home[128], xdgfile[192], homefile[192];
};

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
sandbox_setup(void **state)
{
	struct sandbox *s = calloc(1, sizeof *s);
	char d[256];

	if (s == NULL)
		return -1;
	snprintf(s->root, sizeof s->root, "/tmp/test_config.XXXXXX");
	if (mkdtemp(s->root) == NULL)
		return -1;
	snprintf(s->xdg, sizeof s->xdg, "%s/xdg", s->root);
	snprintf(s->home, sizeof s->home, "%s/home", s->root);
	snprintf(s->xdgfile, sizeof s->xdgfile, "%s/pm/config.yaml", s->xdg);
	snprintf(s->homefile, sizeof s->homefile, "%s/.config/pm/config.yaml", s->home);
	mkdir(s->xdg, 0700);
	snprintf(d, sizeof d, "%s/pm", s->xdg);
	mkdir(d, 0700);
	mkdir(s->home, 0700);
	snprintf(d, sizeof d, "%s/.config", s->home);
	mkdir(d, 0700);
	snprintf(d, sizeof d, "%s/.config/pm", s->home);
	mkdir(d, 0700);
	setenv("XDG_CONFIG_HOME", s->xdg, 1);
	setenv("HOME", s->home, 1);
	*state = s;
	return 0;
}

static int
sandbox_teardown(void **state)
{
	struct sandbox *s = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->root);
	if (system(cmd) != 0)
		return -1;
	free(s);
	return 0;
}

/* The system file is outside the sandbox: only assert "defaults" when
 * this machine has none. */
static int
have_system_config(void)
{
	return access("/etc/pm/config.yaml", F_OK) == 0;
}

static void
test_lookup_order(void **state)
{
	struct sandbox *s = *state;
	pm_config *cfg;
	pm_err err;
	char path[256];

	/* nothing anywhere: defaults */
	if (!have_system_config()) {
		assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
		assert_null(pm_config_file(cfg));
		assert_string_equal(pm_config_str(cfg, "timezone"), "Asia/Shanghai");
		pm_config_free(cfg);
	}

	/* ~/.config is used when XDG_CONFIG_HOME is unset, empty or relative */
	write_file(s->homefile, "company:\n  name: home\n");
	unsetenv("XDG_CONFIG_HOME");
	assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
	assert_string_equal(pm_config_file(cfg), s->homefile);
	assert_string_equal(pm_config_str(cfg, "company.name"), "home");
	pm_config_free(cfg);
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
	assert_string_equal(pm_config_file(cfg), s->homefile);
	pm_config_free(cfg);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
	assert_string_equal(pm_config_file(cfg), s->homefile);
	pm_config_free(cfg);

	/* XDG_CONFIG_HOME set: its file wins over ~/.config */
	setenv("XDG_CONFIG_HOME", s->xdg, 1);
	if (!have_system_config()) {
		/* set but without a file: ~/.config is not consulted */
		assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
		assert_null(pm_config_file(cfg));
		pm_config_free(cfg);
	}
	write_file(s->xdgfile, "company:\n  name: xdg\n");
	assert_int_equal(pm_config_load(NULL, &cfg, &err), 0);
	assert_string_equal(pm_config_file(cfg), s->xdgfile);
	assert_string_equal(pm_config_str(cfg, "company.name"), "xdg");
	pm_config_free(cfg);

	/* an explicit file wins over both */
	snprintf(path, sizeof path, "%s/explicit.yaml", s->root);
	write_file(path, "company:\n  name: explicit\n");
	assert_int_equal(pm_config_load(path, &cfg, &err), 0);
	assert_string_equal(pm_config_file(cfg), path);
	assert_string_equal(pm_config_str(cfg, "company.name"), "explicit");
	pm_config_free(cfg);

	/* a bad file in the lookup is an error, not skipped */
	write_file(s->xdgfile, "company:\n  nmae: xdg\n");
	cfg = (pm_config *)1;
	assert_int_equal(pm_config_load(NULL, &cfg, &err), PM_EX_CONFIG);
	assert_null(cfg);
	snprintf(path, sizeof path, "%s:2:3: unknown key 'company.nmae'; did you mean 'company.name'?",
		s->xdgfile);
	assert_string_equal(err.msg, path);
	unlink(s->xdgfile);
	unlink(s->homefile);
}

static void
test_explicit_missing(void **state)
{
	struct sandbox *s = *state;
	pm_config *cfg = (pm_config *)1;
	pm_err err;
	char path[256], want[300];

	write_file(s->xdgfile, "company:\n  name: xdg\n");
	snprintf(path, sizeof path, "%s/nope.yaml", s->root);
	assert_int_equal(pm_config_load(path, &cfg, &err), PM_EX_NOINPUT);
	assert_null(cfg);
	snprintf(want, sizeof want, "%s: no such file", path);
	assert_string_equal(err.msg, want);
	/* a path through a file is missing too */
	snprintf(path, sizeof path, "%s/x", s->xdgfile);
	assert_int_equal(pm_config_load(path, &cfg, &err), PM_EX_NOINPUT);
	unlink(s->xdgfile);
}

static void
test_unreadable(void **state)
{
	struct sandbox *s = *state;
	pm_config *cfg = (pm_config *)1;
	pm_err err;

	/* a directory where the file should be */
	assert_int_equal(mkdir(s->xdgfile, 0700), 0);
	assert_int_equal(pm_config_load(NULL, &cfg, &err), PM_EX_CONFIG);
	assert_null(cfg);
	assert_non_null(strstr(err.msg, "config.yaml: Is a directory"));
	rmdir(s->xdgfile);
	if (geteuid() == 0)
		skip();
	/* a file that exists but cannot be read: not skipped in silence */
	write_file(s->xdgfile, "timezone: UTC\n");
	chmod(s->xdgfile, 0);
	assert_int_equal(pm_config_load(NULL, &cfg, &err), PM_EX_CONFIG);
	assert_non_null(strstr(err.msg, "config.yaml: Permission denied"));
	assert_int_equal(pm_config_load(s->xdgfile, &cfg, &err), PM_EX_CONFIG);
	unlink(s->xdgfile);
}

/* ---- pm_config_each --------------------------------------------------- */

struct seen {
	int n;
	char line[8][160];
	int stop_at;
};

static int
collect(void *ctx, const char *path, const char *value, const char *source)
{
	struct seen *s = ctx;

	if (s->n < 8)
		snprintf(s->line[s->n], sizeof s->line[0], "%s=%s (%s)", path, value, source);
	s->n++;
	return s->n == s->stop_at ? 42 : 0;
}

static void
test_each(void **state)
{
	pm_config *cfg;
	struct seen seen;

	(void)state;
	memset(&seen, 0, sizeof seen);
	cfg = parsed("# header\ntimezone: UTC\nmoney:\n  rounding: half-even\n");
	assert_int_equal(pm_config_each(cfg, collect, &seen), 0);
	assert_int_equal(seen.n, 55);
	assert_string_equal(seen.line[0], "database= (default)");
	assert_string_equal(seen.line[1], "timezone=UTC (c.yaml:2)");
	assert_string_equal(seen.line[2], "busy_timeout=5s (default)");
	assert_string_equal(seen.line[3], "money.rounding=half-even (c.yaml:4)");
	assert_string_equal(seen.line[4], "backup.dir= (default)");
	assert_string_equal(seen.line[5], "company.name= (default)");
	assert_string_equal(seen.line[6], "text.max_chars=2000 (default)");
	/* a nonzero return stops the walk and is returned */
	memset(&seen, 0, sizeof seen);
	seen.stop_at = 2;
	assert_int_equal(pm_config_each(cfg, collect, &seen), 42);
	assert_int_equal(seen.n, 2);
	pm_config_free(cfg);

	cfg = pm_config_defaults();
	memset(&seen, 0, sizeof seen);
	assert_int_equal(pm_config_each(cfg, collect, &seen), 0);
	assert_string_equal(seen.line[1], "timezone=Asia/Shanghai (default)");
	pm_config_free(cfg);
}

/* pm-config(5) lists every key of the schema (run from the source tree). */
static void
test_man_page_in_sync(void **state)
{
	FILE *fp = fopen("man/pm-config.5", "r");
	static char text[65536];
	const pm_cfg_key *k;
	char want[160];
	size_t n;

	(void)state;
	if (fp == NULL)
		skip();
	n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	for (size_t i = 0; (k = pm_config_key(i)) != NULL; i++) {
		snprintf(want, sizeof want, ".It Ic %s ", k->path);
		if (strstr(text, want) == NULL)
			fail_msg("man/pm-config.5 does not document %s", k->path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_schema_sane),
		cmocka_unit_test(test_every_key),
		cmocka_unit_test(test_wrong_types),
		cmocka_unit_test(test_unknown_keys),
		cmocka_unit_test(test_long_key),
		cmocka_unit_test(test_yaml_errors_pass_through),
		cmocka_unit_test_setup_teardown(test_lookup_order, sandbox_setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_explicit_missing, sandbox_setup, sandbox_teardown),
		cmocka_unit_test_setup_teardown(test_unreadable, sandbox_setup, sandbox_teardown),
		cmocka_unit_test(test_each),
		cmocka_unit_test(test_man_page_in_sync),
	};

	if (pm_registry_init() != 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
