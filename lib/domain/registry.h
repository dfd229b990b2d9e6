/*
 * registry.h — what libpm's mechanisms and domain modules contribute to
 * the shared tables of base and mech: their configuration slices
 * (config.h), the permission names their verbs ask for (perm.h), and
 * the organisation's role source and role holder (org_perm.h).
 *
 * The one place that knows every module with settings or permissions,
 * so that base and mech never do: a new tool adds its lines to
 * registry.c and touches neither config.c, perm.c nor pm-admin.  The
 * front calls pm_registry_init before it loads a configuration; so do
 * tests that read settings or check permissions of a mechanism or a
 * domain module.
 */
#ifndef PM_REGISTRY_H
#define PM_REGISTRY_H

/* Register every slice and permission table of libpm and install the
 * organisation's role source and holder; safe to call more than once.  Returns
 * 0, or -1 when two modules claim one key or one permission name (an
 * internal error). */
int pm_registry_init(void);

#endif
