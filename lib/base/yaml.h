/*
 * yaml.h — a strict YAML reader for config and the files tools read (plans, routes, questionnaires).
 *
 * Parses with libyaml into a small tree of maps, sequences and scalars
 * that remember their line and column.  Strict by design:
 *   - exactly one document; an empty file or one with only comments is an
 *     error ("empty document");
 *   - no anchors, aliases or tags (so no alias bombs, no type guessing);
 *   - duplicate keys in a mapping are an error; keys must be scalars;
 *   - nesting deeper than PM_YAML_MAX_DEPTH is refused as soon as it is
 *     seen, so 100,000 '[' cost nothing;
 *   - files over PM_YAML_MAX_BYTES, NUL bytes, invalid UTF-8, a UTF-16 or
 *     UTF-32 byte order mark, and tabs in indentation are refused with
 *     the position (a UTF-8 BOM is skipped);
 *   - what YAML forbids but libyaml 0.2.5 lets through is refused too: a
 *     '#' touching the text before it, later lines of a flow collection
 *     or quoted scalar not indented past the block mapping or sequence
 *     holding it, a plain "-" in a flow collection, empty lines before a
 *     block scalar's first line holding more spaces than it; and "?x" in
 *     a flow collection, which libyaml misreads as the key "x" (quote it).
 * tests/conform runs yaml-test-suite: every invalid case is refused with
 * a position; a valid one is read as the suite says, refused for one of
 * these restrictions, or one of the few libyaml cannot parse (listed
 * there).
 * Scalars are never interpreted: `0101`, `1_000` and `yes` are the text
 * as written.  The schema that reads the tree decides what is a number.
 *
 * All errors are PM_EX_CONFIG with "file:line:col: message" (1-based).
 */
#ifndef PM_YAML_H
#define PM_YAML_H

#include <stddef.h>
#include <stdint.h>
#include "err.h"

#define PM_YAML_MAX_DEPTH 64
#define PM_YAML_MAX_BYTES (1024 * 1024)

typedef enum pm_ykind {
	PM_Y_SCALAR = 0,
	PM_Y_MAP,
	PM_Y_SEQ
} pm_ykind;

typedef struct pm_ynode pm_ynode;
struct pm_ynode {
	pm_ykind kind;
	int line, col;          /* 1-based position of the node's start */
	int plain;              /* scalar written without quotes */
	char *str;              /* scalar text (NUL-terminated), else NULL */
	size_t len;             /* scalar length in bytes */
	size_t n;               /* map entries or sequence items */
	pm_ynode **keys;        /* map: n scalar keys; else NULL */
	pm_ynode **items;       /* map: n values; seq: n items */
};

typedef struct pm_ydoc {
	char *file;             /* name used in messages */
	pm_ynode *root;
} pm_ydoc;

/* Parse len bytes of data; file is the name for messages. */
int pm_yaml_parse(const char *file, const char *data, size_t len, pm_ydoc **out, pm_err *err);
/* Read and parse a file (missing file: PM_EX_NOINPUT "path: no such file"). */
int pm_yaml_load(const char *path, pm_ydoc **out, pm_err *err);
void pm_yaml_free(pm_ydoc *doc);

/* The value for key in a map, or NULL (also when map is not a map). */
const pm_ynode *pm_yaml_get(const pm_ynode *map, const char *key);

/* Set err to "file:line:col: message" at node n (PM_EX_CONFIG); returns it. */
int pm_yaml_error(pm_err *err, const pm_ydoc *doc, const pm_ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Typed reads of a node, with positioned errors ("expected a string, found a mapping"). */
int pm_yaml_str(const pm_ydoc *doc, const pm_ynode *n, const char **out, pm_err *err);
/* A scalar of 1 to size - 1 bytes copied into out (a fixed field of a
 * record read from a file); empty or longer is "expected 1 to N bytes". */
int pm_yaml_copy(const pm_ydoc *doc, const pm_ynode *n, char *out, size_t size, pm_err *err);
/* Decimal integer in [min, max]: optional -, digits only (no 0x, no _, no +). */
int pm_yaml_int(const pm_ydoc *doc, const pm_ynode *n, int64_t min, int64_t max, int64_t *out, pm_err *err);
/* true or false, nothing else. */
int pm_yaml_bool(const pm_ydoc *doc, const pm_ynode *n, int *out, pm_err *err);
/* One of the |-separated words in choices ("half-up|half-even"); sets *index. */
int pm_yaml_enum(const pm_ydoc *doc, const pm_ynode *n, const char *choices, int *index, pm_err *err);

/*
 * The values the files' schemas share (plans, routes), with the same
 * positioned errors.  pm_yaml_text: a scalar of 1 to max characters of
 * valid text (pm_text_check).  pm_yaml_code: a code (pm_code_valid, upper
 * case too) of at most max.  pm_yaml_texts: a list of 1 to most such
 * texts into *out (the caller frees the array, not the strings, which
 * are the tree's).  pm_yaml_span: a span without months (12h, 3d, 2w) of
 * 0 to max seconds; else the error says what (the caller's words).
 */
int pm_yaml_text(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out,
	pm_err *err);
int pm_yaml_code(const pm_ydoc *doc, const pm_ynode *n, size_t max, const char **out,
	pm_err *err);
int pm_yaml_texts(const pm_ydoc *doc, const pm_ynode *n, size_t most, size_t maxchars,
	const char ***out, size_t *count, pm_err *err);
int pm_yaml_span(const pm_ydoc *doc, const pm_ynode *n, int64_t max, const char *what,
	int64_t *out, pm_err *err);

#endif
