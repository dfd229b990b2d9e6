/*
 * fixture.h — the temporary directory and database of a unit test.
 *
 * Tests that need a database make it in fx_dir (mkdtemp) and end with
 * fx_close, which closes it, frees the configuration and removes the
 * directory.  Included by the test files only; everything is static.
 */
#ifndef PM_TEST_FIXTURE_H
#define PM_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>

#include "ctx.h"

static char fx_dir[] = "/tmp/pm-test.XXXXXX";

/* unused in a test that keeps its configuration past the database */
__attribute__((unused)) static int
fx_close(pm_ctx *c)
{
	char cmd[300];

	pm_db_close(c->db);
	c->db = NULL;
	pm_config_free(c->cfg);
	c->cfg = NULL;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fx_dir);
	return system(cmd) == 0 ? 0 : -1;
}

#endif
