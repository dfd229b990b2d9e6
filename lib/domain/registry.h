/*
 * registry.h — what libpm's mechanisms and domain modules contribute to
 * the shared tables of base: their configuration slices (config.h).
 *
 * The one place that knows every module with settings, so that base
 * never does: a new tool adds its line to registry.c and touches
 * neither config.c nor pm-admin.  The front calls pm_registry_init
 * before it loads a configuration; so do tests that read settings of a
 * mechanism or a domain module.
 */
#ifndef PM_REGISTRY_H
#define PM_REGISTRY_H

/* Register every slice of libpm; safe to call more than once.  Returns
 * 0, or -1 when two slices claim one key (an internal error). */
int pm_registry_init(void);

#endif
