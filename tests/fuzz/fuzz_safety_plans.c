/*
 * fuzz_safety_plans.c — libFuzzer target for the readers of drill.rules
 * and incident.plans (lib/domain/drill.c, incident.c), fed a whole
 * configuration file.
 *
 * Whatever the input, each reader either refuses it (PM_EX_CONFIG, a
 * message) or gives what its header promises: drill rules with a valid
 * kind and a positive interval of months and whole days; plans with
 * steps, a positive respond limit, 1 to PM_ESC_MAX levels with positive
 * limits, and a stepped escalation whose limits only rise.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "drill.h"
#include "incident.h"
#include "registry.h"

static void
rules_sound(const pm_config *cfg)
{
	pm_drill_rule r[PM_DRILL_RULES_MAX];
	pm_date d = { 2026, 11, 30 }, next;
	size_t i, n;
	pm_err err;

	if (pm_drill_rules(cfg, r, &n, &err) != 0) {
		if (err.status != PM_EX_CONFIG || err.msg[0] == '\0')
			abort();
		return;
	}
	if (n == 0 || n > PM_DRILL_RULES_MAX)
		abort();
	for (i = 0; i < n; i++) {
		if (r[i].kind[0] == '\0' || pm_drill_rule_of(r, n, r[i].kind) == NULL)
			abort();
		if (r[i].every.months < 0 || r[i].every.seconds < 0 ||
		    r[i].every.seconds % 86400 != 0 ||
		    (r[i].every.months == 0 && r[i].every.seconds == 0))
			abort();
		if (pm_drill_next(d, r[i].every, &next) == 0 && pm_date_cmp(next, d) <= 0)
			abort();
	}
}

static void
plans_sound(const pm_config *cfg)
{
	char kinds[2048], *k, *save = NULL;
	pm_escalation e;
	pm_inc_plan p;
	pm_err err;
	int i;

	pm_incident_kinds(cfg, kinds, sizeof kinds);
	for (k = strtok_r(kinds, ", ", &save); k != NULL; k = strtok_r(NULL, ", ", &save)) {
		if (pm_incident_plan(cfg, k, &p, &err) != 0) {
			if (err.status != PM_EX_CONFIG && err.status != PM_EX_DATAERR)
				abort();
			return;
		}
		if (p.nsteps < 1 || p.respond <= 0 || p.nlevels < 1 || p.nlevels > PM_ESC_MAX)
			abort();
		if (pm_incident_escalation(&p, &e, &err) != 0 || e.n != p.nlevels || !e.stepped)
			abort();
		for (i = 1; i < e.n; i++)
			if (e.after[i] <= e.after[i - 1])
				abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *d, size_t n)
{
	pm_config *cfg = NULL;
	pm_err err;

	if (pm_registry_init() != 0)
		abort();
	if (pm_config_parse("fuzz.yaml", (const char *)d, n, &cfg, &err) != 0) {
		pm_config_free(cfg);
		return 0;
	}
	rules_sound(cfg);
	plans_sound(cfg);
	pm_config_free(cfg);
	return 0;
}
