/* lifecycle.c — state machines as data; see lifecycle.h. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "json.h"
#include "id.h"
#include "lifecycle.h"
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

/* Every word of list is a state of lc. */
static int
all_states(const pm_lifecycle *lc, const char *list)
{
	char word[64];
	const char *p, *bar;
	size_t n;

	if (strcmp(list, "*") == 0)
		return 1;
	for (p = list; p != NULL; p = bar ? bar + 1 : NULL) {
		bar = strchr(p, '|');
		n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == 0 || n >= sizeof word)
			return 0;
		memcpy(word, p, n);
		word[n] = '\0';
		if (!pm_lifecycle_in(lc->states, word))
			return 0;
	}
	return 1;
}

int
pm_lifecycle_validate(const pm_lifecycle *lc, pm_err *err)
{
	const pm_transition *t, *u;

	if (!pm_lifecycle_in(lc->states, lc->initial))
		return pm_err_set(err, PM_EX_SOFTWARE, "%s: initial state %s is not a state",
		    lc->entity, lc->initial);
	for (t = lc->t; t->verb != NULL; t++) {
		if (t->from == NULL || !all_states(lc, t->from))
			return pm_err_set(err, PM_EX_SOFTWARE, "%s %s: from names an unknown state",
			    lc->entity, t->verb);
		if (t->to != NULL && !pm_lifecycle_in(lc->states, t->to))
			return pm_err_set(err, PM_EX_SOFTWARE, "%s %s: to %s is not a state",
			    lc->entity, t->verb, t->to);
		if (t->perm == NULL)
			return pm_err_set(err, PM_EX_SOFTWARE, "%s %s: no permission",
			    lc->entity, t->verb);
		for (u = lc->t; u < t; u++)
			if (strcmp(u->verb, t->verb) == 0)
				return pm_err_set(err, PM_EX_SOFTWARE, "%s %s: declared twice",
				    lc->entity, t->verb);
	}
	return 0;
}

int
pm_lifecycle_status(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, char *buf, size_t n,
    pm_err *err)
{
	char sql[128], idtext[24];
	pm_stmt *st = NULL;
	pm_id pid;
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
		pid.type = lc->idtype;
		pid.n = id;
		pm_id_format(pid, idtext, sizeof idtext);
		rc = pm_err_set(err, PM_EX_NOINPUT, "no such %s %s", lc->what, idtext);
	} else {
		rc = err->status;
	}
	pm_stmt_free(st);
	return rc;
}

/* {"status":"x"} merged with data's fields. */
static void
after_json(pm_buf *b, const char *status, const char *data)
{
	const char *p = data;

	pm_buf_adds(b, "{\"status\":");
	pm_json_str(b, status);
	if (p != NULL) {
		while (*p == ' ')
			p++;
		if (*p == '{') {
			p++;
			while (*p == ' ')
				p++;
			if (*p != '}')
				pm_buf_addc(b, ',');
			pm_buf_adds(b, p);
			return;
		}
	}
	pm_buf_addc(b, '}');
}

int
pm_lifecycle_apply(pm_ctx *ctx, const pm_lifecycle *lc, const char *verb, int64_t id,
    pm_time at, const char *note, const char *data, char *from, pm_err *err)
{
	const pm_transition *t = pm_lifecycle_find(lc, verb);
	char cur[32], idtext[24], sql[128];
	pm_buf before, after, allowed;
	pm_stmt *st = NULL;
	pm_id pid;
	const char *to;
	int rc;

	pm_buf_init(&before);
	pm_buf_init(&after);
	pm_buf_init(&allowed);
	if (t == NULL) {
		rc = pm_err_set(err, PM_EX_SOFTWARE, "%s: no transition %s", lc->entity, verb);
		goto out;
	}
	if ((rc = pm_perm_check(ctx, t->perm, err)) != 0)
		goto out;
	if ((rc = pm_lifecycle_status(ctx, lc, id, cur, sizeof cur, err)) != 0)
		goto out;
	if (from != NULL)
		snprintf(from, 32, "%s", cur);
	pid.type = lc->idtype;
	pid.n = id;
	pm_id_format(pid, idtext, sizeof idtext);
	if (!pm_lifecycle_in(t->from, cur)) {
		const char *p;

		for (p = t->from; *p != '\0'; p++) {
			if (*p == '|')
				pm_buf_adds(&allowed, ", ");
			else
				pm_buf_addc(&allowed, *p);
		}
		rc = pm_err_set(err, PM_EX_DATAERR, "%s is %s; %s works on %s", idtext, cur, verb,
		    allowed.s);
		goto out;
	}
	to = t->to != NULL ? t->to : cur;
	if (t->to != NULL && strcmp(t->to, cur) != 0) {
		snprintf(sql, sizeof sql, "UPDATE %s SET status = ?1 WHERE id = ?2", lc->table);
		if ((rc = pm_db_prepare(ctx->db, sql, &st, err)) != 0)
			goto out;
		pm_stmt_bind_text(st, 1, t->to);
		pm_stmt_bind_int(st, 2, id);
		if ((rc = pm_stmt_run(st, err)) != 0)
			goto out;
	}
	if ((rc = pm_timeline_add(ctx, lc->entity, id, at, verb, note, data, err)) != 0)
		goto out;
	pm_buf_adds(&before, "{\"status\":");
	pm_json_str(&before, cur);
	pm_buf_addc(&before, '}');
	after_json(&after, to, data);
	rc = pm_audit_log(ctx, lc->entity, idtext, verb, before.s, after.s, err);
out:
	pm_stmt_free(st);
	pm_buf_free(&before);
	pm_buf_free(&after);
	pm_buf_free(&allowed);
	return rc;
}

int
pm_lifecycle_created(pm_ctx *ctx, const pm_lifecycle *lc, int64_t id, pm_time at,
    const char *note, const char *data, pm_err *err)
{
	char idtext[24];
	pm_buf after;
	pm_id pid;
	int rc;

	pid.type = lc->idtype;
	pid.n = id;
	pm_id_format(pid, idtext, sizeof idtext);
	if ((rc = pm_timeline_add(ctx, lc->entity, id, at, "new", note, data, err)) != 0)
		return rc;
	pm_buf_init(&after);
	after_json(&after, lc->initial, data);
	rc = pm_audit_log(ctx, lc->entity, idtext, "new", NULL, after.s, err);
	pm_buf_free(&after);
	return rc;
}
