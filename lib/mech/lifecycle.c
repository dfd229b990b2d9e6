/* lifecycle.c — state machines as data; see lifecycle.h. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "audit.h"
#include "buf.h"
#include "json.h"
#include "id.h"
#include "lifecycle.h"
#include "mask.h"
#include "timeline.h"

const pm_transition *
pm_lifecycle_find(const pm_lifecycle *lc, const char *verb)
{
	const pm_transition *t;

	for (t = lc->t; t->verb != NULL; t++)
		if (strcmp(t->verb, verb) == 0)
			return t;
	return NULL;
}

int
pm_lifecycle_in(const char *list, const char *state)
{
	size_t n = strlen(state);
	const char *p;

	if (strcmp(list, "*") == 0)
		return 1;
	for (p = list; p != NULL; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL)
		if (strncmp(p, state, n) == 0 && (p[n] == '|' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The next word of a |-list into word (n bytes); the rest, or NULL at
 * the end.  A word too long or empty comes back as "". */
static const char *
next_word(const char *p, char *word, size_t n)
{
	const char *bar = strchr(p, '|');
	size_t len = bar ? (size_t)(bar - p) : strlen(p);

	if (len >= n)
		len = 0;
	memcpy(word, p, len);
	word[len] = '\0';
	return bar ? bar + 1 : NULL;
}

/* Every word of list is a word of states ("*" only when star). */
static int
all_in(const char *states, const char *list, int star)
{
	char word[64];
	const char *p;

	if (strcmp(list, "*") == 0)
		return star;
	for (p = list; p != NULL;) {
		p = next_word(p, word, sizeof word);
		if (word[0] == '\0' || !pm_lifecycle_in(states, word))
			return 0;
	}
	return 1;
}

int
pm_lifecycle_validate(const pm_lifecycle *lc, pm_err *err)
{
	const pm_transition *t, *u;
	char word[64];
	const char *p;

	if (!pm_lifecycle_in(lc->states, lc->initial))
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: initial state %s is not a state"),
		    lc->entity, lc->initial);
	if (lc->open == NULL || !all_in(lc->states, lc->open, 0) ||
	    lc->final == NULL || !all_in(lc->states, lc->final, 0))
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: open or final names an unknown state"),
		    lc->entity);
	for (p = lc->open; p != NULL;) {
		p = next_word(p, word, sizeof word);
		if (pm_lifecycle_in(lc->final, word))
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s: %s is both open and final"),
			    lc->entity, word);
	}
	if (lc->stopped != NULL && !all_in(lc->open, lc->stopped, 0))
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: stopped names a state that is not "
		    "open"), lc->entity);
	for (t = lc->t; t->verb != NULL; t++) {
		if (t->from == NULL || !all_in(lc->states, t->from, 1))
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: from names an unknown state"),
			    lc->entity, t->verb);
		if (t->to != NULL && !pm_lifecycle_in(lc->states, t->to))
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: to %s is not a state"),
			    lc->entity, t->verb, t->to);
		if (t->perm == NULL && !(t->flags & PM_LC_INTERNAL))
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: no permission"),
			    lc->entity, t->verb);
		if ((t->flags & PM_LC_DUE) && lc->due == NULL && lc->due_expr == NULL)
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: counts due times, but the "
			    "lifecycle has no due hook"), lc->entity, t->verb);
		if ((t->hint == NULL) != (t->hint_on == NULL) ||
		    (t->hint_on != NULL && !all_in(lc->states, t->hint_on, 0)))
			return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: a hint needs the declared "
			    "states it is about"), lc->entity, t->verb);
		for (p = t->hint_on; p != NULL;) {
			p = next_word(p, word, sizeof word);
			if (pm_lifecycle_in(t->from, word))
				return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: a hint about %s, "
				    "a state it works on"), lc->entity, t->verb, word);
		}
		for (u = lc->t; u < t; u++)
			if (strcmp(u->verb, t->verb) == 0)
				return pm_err_set(err, PM_EX_SOFTWARE, _("%s %s: declared twice"),
				    lc->entity, t->verb);
	}
	return 0;
}

/* ---- the declaration against the schema -------------------------------- */

static int
ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_';
}

/* Does s[0..n) name the identifier id (outside quoted literals)? */
static int
names_ident(const char *s, size_t n, const char *id)
{
	size_t i, k = strlen(id);
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\'')
			quoted = !quoted;
		else if (!quoted && i + k <= n && strncmp(s + i, id, k) == 0 &&
		    (i == 0 || !ident_char(s[i - 1])) && (i + k == n || !ident_char(s[i + k])))
			return 1;
	}
	return 0;
}

/* Append the quoted literals of s[0..n) to b as a |-list. */
static void
literals(const char *s, size_t n, pm_buf *b)
{
	size_t i;
	int quoted = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '\'') {
			if (quoted && i + 1 < n && s[i + 1] == '\'') {
				pm_buf_addc(b, '\'');
				i++;
			} else if ((quoted = !quoted)) {
				if (b->len > 0)
					pm_buf_addc(b, '|');
			}
		} else if (quoted) {
			pm_buf_addc(b, s[i]);
		}
	}
}

/* The same words, in any order. */
static int
same_set(const char *a, const char *b)
{
	return all_in(a, b, 0) && all_in(b, a, 0);
}

/* The parenthesised group opening at s[0] == '(': its length. */
static size_t
group_len(const char *s)
{
	size_t i;
	int depth = 0, quoted = 0;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == '\'')
			quoted = !quoted;
		else if (!quoted && s[i] == '(')
			depth++;
		else if (!quoted && s[i] == ')' && --depth == 0)
			return i + 1;
	}
	return i;
}

/* The CREATE statement of table or index name; none is PM_EX_NOINPUT. */
static int
schema_of(pm_ctx *ctx, const char *type, const char *name, pm_buf *out, pm_err *err)
{
	int found, rc;

	if ((rc = pm_db_schema_sql(ctx->db, err, type, name, out, &found)) != 0)
		return rc;
	return found ? 0 : pm_err_set(err, PM_EX_NOINPUT, _("no %s %s in the schema"), type, name);
}

int
pm_lifecycle_check_schema(pm_ctx *ctx, const pm_lifecycle *lc, const char *index,
    pm_err *err)
{
	pm_buf sql, words;
	const char *p, *w;
	size_t n;
	int rc;

	pm_buf_init(&sql);
	pm_buf_init(&words);
	if ((rc = schema_of(ctx, "table", lc->table, &sql, err)) != 0)
		goto out;
	/* every CHECK that speaks of the status, column or table constraint */
	for (p = sql.s; (p = strstr(p, "CHECK")) != NULL; p += n) {
		p += 5;
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = *p == '(' ? group_len(p) : 0;
		if (n > 0 && names_ident(p, n, "status"))
			literals(p, n, &words);
		if (n == 0)
			n = 1;
	}
	if (words.len == 0 || !same_set(words.s, lc->states)) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("%s: the schema's status CHECK allows %s, "
		    "the lifecycle declares %s"), lc->table, words.len ? words.s : "anything",
		    lc->states);
		goto out;
	}
	if (index == NULL)
		goto out;
	pm_buf_reset(&sql);
	pm_buf_reset(&words);
	if ((rc = schema_of(ctx, "index", index, &sql, err)) != 0)
		goto out;
	if ((w = strstr(sql.s, "WHERE")) == NULL || !names_ident(w, strlen(w), "status")) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("%s: not a partial index on the status"), index);
		goto out;
	}
	literals(w, strlen(w), &words);
	if (!same_set(words.s, lc->final))
		rc = pm_err_set(err, PM_EX_SOFTWARE, _("%s: the index leaves out %s, the lifecycle "
		    "declares %s final"), index, words.s, lc->final);
out:
	pm_buf_free(&sql);
	pm_buf_free(&words);
	return rc;
}

void
pm_lifecycle_sql_final(const pm_lifecycle *lc, const char *col, int neg, pm_buf *b)
{
	char word[64];
	const char *p;

	/* the states are constants of the program, never user text; not an
	 * IN list, which SQLite evaluates through a temporary b-tree built
	 * on every single-row write (schema/0010) */
	pm_buf_addc(b, '(');
	for (p = lc->final; p != NULL;) {
		p = next_word(p, word, sizeof word);
		pm_buf_addf(b, "%s %s '%s'%s", col, neg ? "<>" : "=", word,
		    p == NULL ? ")" : neg ? " AND " : " OR ");
	}
}

/* ---- reading and applying ---------------------------------------------- */

static void
format_id(const pm_lifecycle *lc, int64_t id, char *buf, size_t n)
{
	pm_id pid;

	pid.type = lc->idtype;
	pid.n = id;
	pm_id_format(pid, buf, n);
}

int
pm_lifecycle_status(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, char *buf, size_t n,
    pm_err *err)
{
	char sql[128], idtext[24];
	pm_stmt *st = NULL;
	int rc;

	/* lc->table is a constant of the program, never user text */
	snprintf(sql, sizeof sql, "SELECT status FROM %s WHERE id = ?1", lc->table);
	if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	rc = pm_stmt_step(st, err);
	if (rc == 1) {
		snprintf(buf, n, "%s", pm_stmt_text(st, 0));
		rc = 0;
	} else if (rc == 0) {
		format_id(lc, id, idtext, sizeof idtext);
		rc = pm_err_set(err, PM_EX_NOINPUT, _("%s %s: no such %s"), lc->what, idtext, lc->what);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

static void
step_init(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, pm_lc_step *s)
{
	memset(s, 0, sizeof *s);
	s->ctx = ctx;
	s->lc = lc;
	s->id = id;
	s->at = ctx->now;
	format_id(lc, id, s->idtext, sizeof s->idtext);
	pm_buf_init(&s->dbuf);
	pm_buf_init(&s->abuf);
	pm_json_init(&s->data, &s->dbuf);
	pm_json_init(&s->after, &s->abuf);
	pm_json_obj(&s->data, NULL);
	pm_json_obj(&s->after, NULL);
}

int
pm_lifecycle_begin(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
    pm_lc_step *s, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(lc, verb);
	pm_buf allowed;
	const char *p;
	int rc;

	step_init(ctx, lc, id, s);
	if (t == NULL)
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: no transition %s"), lc->entity, verb);
	s->t = t;
	if ((rc = pm_perm_check(ctx, t->perm, err)) != 0 ||
	    (rc = pm_lifecycle_status(ctx, lc, id, s->from, sizeof s->from, err)) != 0)
		return rc;
	if (!pm_lifecycle_in(t->from, s->from)) {
		pm_buf_init(&allowed);
		for (p = t->from; *p != '\0'; p++) {
			if (*p == '|')
				pm_buf_adds(&allowed, ", ");
			else
				pm_buf_addc(&allowed, *p);
		}
		if (t->hint != NULL && pm_lifecycle_in(t->hint_on, s->from))
			pm_buf_addf(&allowed, ": %s", t->hint);
		rc = pm_err_set(err, PM_EX_DATAERR, _("%s is %s; %s works on %s"), s->idtext, s->from,
		    verb, allowed.s);
		pm_buf_free(&allowed);
		return rc;
	}
	s->to = t->to != NULL ? t->to : s->from;
	pm_json_s(&s->after, "status", s->to);
	return 0;
}

int
pm_lifecycle_written(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
    const char *from, pm_lc_step *s, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(lc, verb);

	step_init(ctx, lc, id, s);
	if (t == NULL || !pm_lifecycle_in(t->from, from) ||
	    (size_t)snprintf(s->from, sizeof s->from, "%s", from) >= sizeof s->from)
		return pm_err_set(err, PM_EX_SOFTWARE, _("%s: no transition %s from %s"), lc->entity,
		    verb, from);
	s->t = t;
	s->written = 1;
	s->to = t->to != NULL ? t->to : s->from;
	pm_json_s(&s->after, "status", s->to);
	return 0;
}

void
pm_lifecycle_created(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, pm_lc_step *s)
{
	step_init(ctx, lc, id, s);
	s->to = lc->initial;
	pm_json_s(&s->after, "status", s->to);
}

void
pm_lifecycle_s(pm_lc_step *s, const char *k, const char *v)
{
	pm_json_s(&s->data, k, v);
	pm_json_s(&s->after, k, v);
	s->ndata++;
}

void
pm_lifecycle_pii(pm_lc_step *s, const char *k, pm_pii_class c, const char *v)
{
	pm_mask_json(&s->data, k, c, v);
	pm_mask_json(&s->after, k, c, v);
	s->ndata++;
}

void
pm_lifecycle_i(pm_lc_step *s, const char *k, int64_t v)
{
	pm_json_i(&s->data, k, v);
	pm_json_i(&s->after, k, v);
	s->ndata++;
}

void
pm_lifecycle_t(pm_lc_step *s, const char *k, pm_time t)
{
	pm_json_t(&s->data, k, t);
	pm_json_t(&s->after, k, t);
	s->ndata++;
}

void
pm_lifecycle_limit(pm_lc_step *s, const char *k, pm_time t)
{
	pm_lifecycle_t(s, k, t);
	s->has_limit = 1;
	s->limit = t;
}

int
pm_lifecycle_at(pm_lc_step *s, int has_at, pm_time at, pm_time since, const char *before,
    pm_err *err)
{
	const char *verb = s->t != NULL ? s->t->verb : "new";
	char t1[48], t2[48];

	s->at = has_at ? at : s->ctx->now;
	if (s->at > s->ctx->now)
		return pm_err_set(err, PM_EX_DATAERR, _("%s: %s time is in the future"), s->idtext,
		    verb);
	if (s->at < since) {
		pm_time_format(s->at, PM_TF_MINUTE, t1, sizeof t1);
		pm_time_format(since, PM_TF_MINUTE, t2, sizeof t2);
		return pm_err_set(err, PM_EX_DATAERR, before, s->idtext, verb, t1, t2);
	}
	return 0;
}

int
pm_lifecycle_due(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, const char *state,
    pm_err *err)
{
	int64_t waiting = pm_lifecycle_in(lc->open, state) &&
	    !(lc->stopped != NULL && pm_lifecycle_in(lc->stopped, state));
	pm_buf sql;
	int rc;

	pm_buf_init(&sql);
	pm_buf_addf(&sql, "UPDATE %s SET due_at = CASE WHEN ?2 = 0 THEN NULL ELSE %s END "
	    "WHERE id = ?1", lc->table, lc->due_expr);
	rc = pm_db_run(ctx->db, err, sql.s, "ii", id, waiting);
	pm_buf_free(&sql);
	return rc;
}

int
pm_lifecycle_finish(pm_lc_step *s, pm_err *err)
{
	const pm_transition *t = s->t;
	const char *verb = t != NULL ? t->verb : "new";
	pm_stmt *st = NULL;
	pm_buf before;
	pm_json bj;
	char sql[128];
	int rc;

	if (s->written)
		goto events;
	if (t != NULL && t->hook != NULL && (rc = t->hook(s, err)) != 0)
		return rc;
	if (t != NULL && strcmp(s->to, s->from) != 0) {
		snprintf(sql, sizeof sql, "UPDATE %s SET status = ?1 WHERE id = ?2", s->lc->table);
		if ((rc = pm_db_prepare(s->ctx->db, sql, &st, err)) != 0)
			return rc;
		pm_stmt_bind_text(st, 1, s->to);
		pm_stmt_bind_int(st, 2, s->id);
		rc = pm_stmt_run(st, err);
		pm_stmt_free(st);
		if (rc != 0)
			return rc;
	}
	if (t != NULL && (t->flags & PM_LC_DUE) && (rc = s->lc->due != NULL ? s->lc->due(s, err) :
	    pm_lifecycle_due(s->ctx, s->lc, s->id, s->to, err)) != 0)
		return rc;
events:
	pm_json_end(&s->data);
	pm_json_end(&s->after);
	if ((rc = pm_timeline_add_due(s->ctx, s->lc->entity, s->id, s->at, verb, s->note,
	    s->ndata > 0 ? s->dbuf.s : NULL, s->has_limit ? &s->limit : NULL, err)) != 0)
		return rc;
	if (t == NULL)
		return pm_audit_log(s->ctx, s->lc->entity, s->idtext, verb, NULL, s->abuf.s, err);
	pm_buf_init(&before);
	pm_json_init(&bj, &before);
	pm_json_obj(&bj, NULL);
	pm_json_s(&bj, "status", s->from);
	pm_json_end(&bj);
	rc = pm_audit_log(s->ctx, s->lc->entity, s->idtext, verb, before.s, s->abuf.s, err);
	pm_buf_free(&before);
	return rc;
}

void
pm_lifecycle_end(pm_lc_step *s)
{
	pm_buf_free(&s->dbuf);
	pm_buf_free(&s->abuf);
}

int
pm_lifecycle_apply(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
    pm_time at, const char *note, void *arg, pm_err *err)
{
	pm_lc_step s;
	int rc;

	if ((rc = pm_lifecycle_begin(ctx, lc, verb, id, &s, err)) == 0) {
		s.at = at;
		s.note = note;
		s.arg = arg;
		rc = pm_lifecycle_finish(&s, err);
	}
	pm_lifecycle_end(&s);
	return rc;
}

static struct { const pm_lifecycle *lc; const char *index; } registered[PM_LC_REGISTERED_MAX];
static size_t nregistered;

int
pm_lifecycle_register(const pm_lifecycle *lc, const char *index)
{
	size_t i;

	for (i = 0; i < nregistered; i++)
		if (registered[i].lc == lc)
			return 0;
	if (nregistered == PM_LC_REGISTERED_MAX)
		return -1;
	registered[nregistered].lc = lc;
	registered[nregistered++].index = index;
	return 0;
}

const pm_lifecycle *
pm_lifecycle_by_type(char idtype)
{
	size_t i;

	for (i = 0; i < nregistered; i++)
		if (registered[i].lc->idtype == idtype)
			return registered[i].lc;
	return NULL;
}

int
pm_lifecycle_check_all(pm_ctx *ctx, int (*fn)(void *arg, const char *check,
    const char *detail), void *arg, long *problems, pm_err *err)
{
	pm_buf sql;
	pm_err e;
	size_t i;
	int found, rc = 0;

	pm_buf_init(&sql);
	for (i = 0; i < nregistered && rc == 0; i++) {
		/* a database older than the tool's tables has nothing to check */
		pm_buf_reset(&sql);
		if ((rc = pm_db_schema_sql(ctx->db, err, "table", registered[i].lc->table, &sql,
		    &found)) != 0 || !found)
			continue;
		pm_err_clear(&e);
		if (pm_lifecycle_check_schema(ctx, registered[i].lc, registered[i].index, &e) != 0) {
			(*problems)++;
			if (fn != NULL && fn(arg, "lifecycle", e.msg) != 0)
				break;
		}
	}
	pm_buf_free(&sql);
	return rc;
}
