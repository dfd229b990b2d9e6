/*
 * config.h — the configuration file: lookup, schema, effective values.
 *
 * Lookup order: an explicit path (-c or PM_CONFIG; it must exist), else
 * $XDG_CONFIG_HOME/pm/config.yaml (~/.config/pm/config.yaml when
 * XDG_CONFIG_HOME is unset, empty or not absolute), else
 * /etc/pm/config.yaml, else the built-in defaults.  A file that exists
 * but cannot be read is an error, not a reason to look further.
 * The file is read with the strict YAML reader (yaml.h) and checked
 * against the schema below: unknown keys, wrong types and values out of
 * range are PM_EX_CONFIG with file:line:col.  Every key has a default,
 * so a missing file is fine.
 *
 * Scalar keys are addressed by dotted path ("money.rounding").  Keys of
 * kind TREE hold structures that a domain module validates itself
 * (roles, categories, calendars), reached with pm_config_node().
 */
#ifndef PM_CONFIG_H
#define PM_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"
#include "yaml.h"

typedef struct pm_config pm_config;

typedef enum pm_cfg_type {
	PM_CFG_STR = 0,     /* any scalar, taken verbatim */
	PM_CFG_INT,         /* decimal integer within [min, max] */
	PM_CFG_BOOL,        /* true | false */
	PM_CFG_ENUM,        /* one of choices ("a|b|c") */
	PM_CFG_SPAN,        /* a duration ("5s", "30min") in [min, max] seconds;
	                     * calendar units (mo, y) are refused */
	PM_CFG_TREE         /* any map or sequence, validated by its module */
} pm_cfg_type;

typedef struct pm_cfg_key {
	const char *path;       /* "money.rounding" */
	pm_cfg_type type;
	const char *def;        /* default as text ("" for none; NULL for TREE) */
	const char *choices;    /* ENUM: "half-up|half-even" */
	int64_t min, max;       /* INT; SPAN in seconds */
	const char *doc;        /* one line for `pm-admin config` and pm-config(5) */
	/* extra check of a STR value (e.g. the time zone exists); NULL = none.
	 * Returns 0 or sets err; the caller adds file:line:col. */
	int (*check)(const char *value, pm_err *err);
} pm_cfg_key;

/*
 * The schema is built from slices: base's own keys (database, timezone,
 * money, ...) and one slice per mechanism or domain module that has
 * settings, each with its keys and a check of the trees it owns.  A new
 * tool adds its slice to the registry (lib/domain/registry.c); config.c
 * never learns its keys.  Slices are registered before the first load
 * (pm_registry_init does it for libpm's own); registering one twice is a
 * no-op.  The order of registration is the order of pm-config(5).
 */
typedef struct pm_cfg_slice {
	const char *module;     /* "calendar", "perm": who checks it */
	const pm_cfg_key *keys; /* ends with path NULL */
	/* checks what the shape check cannot (trees, cross-key rules), for
	 * `pm-admin config` and first use; NULL = nothing more to check */
	int (*check)(const pm_config *cfg, pm_err *err);
} pm_cfg_slice;

#define PM_CFG_SLICES_MAX 32
#define PM_CFG_KEYS_MAX 256

/* Add a slice.  Returns 0, or -1 when a table is full or a key is
 * already owned by another slice (a programming error the tests catch). */
int pm_config_register(const pm_cfg_slice *slice);

/* The schema in order: key i (NULL past the end), and its slice. */
const pm_cfg_key *pm_config_key(size_t i);
const pm_cfg_slice *pm_config_key_slice(size_t i);

/* Run every slice's check on cfg; the first failure wins. */
int pm_config_check(const pm_config *cfg, pm_err *err);

/*
 * Load the configuration.  path: explicit file or NULL for the lookup
 * order.  Returns 0 with *out set (free with pm_config_free), or an error:
 * explicit file missing PM_EX_NOINPUT, anything invalid PM_EX_CONFIG.
 */
int pm_config_load(const char *path, pm_config **out, pm_err *err);
/*
 * The same checks on len bytes already in memory; file names them in
 * messages and is what pm_config_file returns.  For tests and fuzzing,
 * and for `pm-admin config check -` on standard input.
 */
int pm_config_parse(const char *file, const char *data, size_t len, pm_config **out, pm_err *err);
/* Built-in defaults only. */
pm_config *pm_config_defaults(void);
void pm_config_free(pm_config *cfg);

/* The file read, or NULL when running on defaults. */
const char *pm_config_file(const pm_config *cfg);

/* Effective value of a scalar key as text (never NULL for known keys). */
const char *pm_config_str(const pm_config *cfg, const char *path);
int64_t pm_config_int(const pm_config *cfg, const char *path);     /* INT, BOOL (0/1), ENUM (index) */
int64_t pm_config_span(const pm_config *cfg, const char *path);    /* SPAN in seconds */
/* 1 when the file set the key, 0 when it is the default. */
int pm_config_is_set(const pm_config *cfg, const char *path);

/* A TREE key's node (NULL when not set), and the document for errors. */
const pm_ynode *pm_config_node(const pm_config *cfg, const char *path);
const pm_ydoc *pm_config_doc(const pm_config *cfg);

/*
 * Visit every scalar key in schema order with its effective value and
 * where it came from ("default" or "file:line").  TREE keys are visited
 * with value "(set)" or "(default)".  Stops when fn returns nonzero and
 * returns that value.
 */
int pm_config_each(const pm_config *cfg,
	int (*fn)(void *ctx, const char *path, const char *value, const char *source),
	void *ctx);

#endif
