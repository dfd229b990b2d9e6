/* listq.c — the query of a filtered listing; see listq.h. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "id.h"
#include "listq.h"

void
pm_listq_init(pm_listq *q, unsigned texts)
{
	memset(q, 0, sizeof *q);
	pm_buf_init(&q->sql);
	q->texts = texts;
}

void
pm_listq_free(pm_listq *q)
{
	pm_buf_free(&q->sql);
}

void
pm_listq_select(pm_listq *q, const pm_lq_col *cols, int n, uint64_t want, int key)
{
	int i;

	q->sel.ncol = 0;
	q->join = 0;
	pm_buf_adds(&q->sql, "SELECT ");
	for (i = 0; i < n && i < PM_LQ_MAXC; i++) {
		if (!(want & (UINT64_C(1) << i)) || cols[i].sql == NULL)
			continue;
		if (q->sel.ncol > 0)
			pm_buf_adds(&q->sql, ", ");
		pm_buf_adds(&q->sql, cols[i].sql);
		q->join |= cols[i].join;
		q->sel.cc[q->sel.ncol++] = (signed char)i;
	}
	if (q->sel.ncol == 0) {
		/* nothing asked for but the rows themselves */
		pm_buf_adds(&q->sql, cols[key].sql);
		q->join |= cols[key].join;
		q->sel.cc[q->sel.ncol++] = (signed char)key;
	}
}

void
pm_listq_from(pm_listq *q, const char *from, const char *const *joins, int njoins)
{
	int i;

	pm_buf_adds(&q->sql, from);
	for (i = 0; i < njoins; i++)
		if (q->join & (1u << i))
			pm_buf_adds(&q->sql, joins[i]);
}

void
pm_listq_add(pm_listq *q, const char *sql, unsigned mask)
{
	pm_buf_adds(&q->sql, sql);
	q->used |= mask;
}

void
pm_listq_and(pm_listq *q, int driven, const char *idx, const char *noidx, unsigned mask)
{
	pm_buf_adds(&q->sql, " AND ");
	pm_listq_add(q, driven ? noidx : idx, mask);
}

void
pm_listq_state(pm_listq *q, const pm_lifecycle *lc, const char *alias, const char *start,
    const char *status, int all, int due, int overdue)
{
	pm_buf *b = &q->sql;

	if (due) {
		pm_buf_addf(b, " WHERE %s.due_at IS NOT NULL AND %s.due_at <= ?2", alias, alias);
		q->used |= PM_LQ_P(2);
		if (!overdue) {
			pm_buf_addf(b, " AND %s.due_at > ?1", alias);
			q->used |= PM_LQ_P(1);
		}
		return;
	}
	if (all && status == NULL) {
		/* all widens the default (the open ones) to every state; a
		 * status beside it still narrows: no filter is ever ignored,
		 * or `list --all --status S -o id | close -` closes all */
		pm_buf_adds(b, " WHERE ");
	} else if (status != NULL && strcmp(status, "open") != 0) {
		pm_buf_addf(b, " WHERE %s.status = ?3 AND ", alias);
		q->used |= PM_LQ_P(3);
	} else {
		char col[64];

		/* spelled without NOT IN, as the partial index is */
		snprintf(col, sizeof col, "%s.status", alias);
		pm_buf_adds(b, " WHERE ");
		pm_lifecycle_sql_final(lc, col, 1, b);
		pm_buf_adds(b, " AND ");
	}
	pm_buf_addf(b, "%s.%s <= ?1", alias, start);
	q->used |= PM_LQ_P(1);
}

static void
bind(const pm_listq *q, pm_stmt *st)
{
	int i;

	/* sqlite numbers parameters by the highest ?N, so a gap is fine
	 * and one the statement does not have is not bound */
	for (i = 1; i < PM_LQ_MAXP; i++) {
		if (!(q->used & PM_LQ_P(i)))
			continue;
		if (q->texts & PM_LQ_P(i))
			pm_stmt_bind_text(st, i, q->t[i]);
		else
			pm_stmt_bind_int(st, i, q->p[i]);
	}
}

int
pm_listq_prepare(pm_db *db, const pm_listq *q, pm_stmt **st, pm_err *err)
{
	int rc;

	*st = NULL;
	if ((rc = pm_db_prepare(db, q->sql.s, st, err)) != 0)
		return rc;
	bind(q, *st);
	return 0;
}

int
pm_listq_open(pm_db *db, pm_listq_builder build, void *arg, pm_stmt **st, pm_lq_sel *sel,
    pm_err *err)
{
	pm_listq q;
	int rc;

	*st = NULL;
	if ((rc = build(arg, &q, err)) == 0 && (rc = pm_listq_prepare(db, &q, st, err)) == 0)
		*sel = q.sel;
	pm_listq_free(&q);
	return rc;
}

int
pm_listq_explain(pm_db *db, pm_listq_builder build, void *arg, pm_buf *plan, pm_err *err)
{
	pm_listq q;
	int rc;

	if ((rc = build(arg, &q, err)) == 0)
		rc = pm_listq_plan(db, &q, plan, err);
	pm_listq_free(&q);
	return rc;
}

int
pm_listq_plan(pm_db *db, const pm_listq *q, pm_buf *plan, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	if ((rc = pm_db_prepare_plan(db, q->sql.s, &st, err)) == 0) {
		bind(q, st);
		rc = pm_stmt_plan(st, plan, err);
	}
	pm_stmt_free(st);
	return rc;
}

void
pm_listq_cells(pm_stmt *st, const pm_lq_sel *sel, const pm_col *cols, uint64_t ints,
    pm_cell *cells, int ncells)
{
	int i;

	for (i = 0; i < ncells; i++) {
		cells[i].null = 1;
		cells[i].s = NULL;
		cells[i].i = 0;
	}
	/* each column read once, the way it is used */
	for (i = 0; i < sel->ncol; i++) {
		int k = sel->cc[i];
		pm_ctype t = cols[k].type;
		pm_cell *c = &cells[k];

		c->null = pm_stmt_null(st, i);
		if (t == PM_C_INT || t == PM_C_TIME || t == PM_C_BOOL || t == PM_C_MONEY ||
		    t == PM_C_SPAN || (ints & (UINT64_C(1) << k)))
			c->i = c->null ? 0 : pm_stmt_int(st, i);
		else
			c->s = c->null ? NULL : pm_stmt_text(st, i);
	}
}

int
pm_listq_rows_open(pm_db *db, pm_listq *q, const pm_col *cols, int ncells, int key,
    char idtype, pm_listq_rows *r, pm_err *err)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->sel = q->sel;
	r->cols = cols;
	r->ncells = ncells;
	r->key = key;
	r->idtype = idtype;
	rc = pm_listq_prepare(db, q, &r->st, err);
	pm_listq_free(q);
	if (rc != 0)
		pm_listq_rows_close(r);
	return rc;
}

int
pm_listq_rows_next(pm_listq_rows *r, pm_cell *cells, pm_err *err)
{
	pm_cell *k = &cells[r->key];
	int rc;

	if ((rc = pm_stmt_step(r->st, err)) != 1)
		return rc;
	pm_listq_cells(r->st, &r->sel, r->cols, UINT64_C(1) << r->key, cells, r->ncells);
	if (r->idtype != 0 && !k->null) {
		pm_id id = { r->idtype, k->i };

		pm_id_format(id, r->id, sizeof r->id);
		k->s = r->id;
	}
	return 1;
}

void
pm_listq_rows_close(pm_listq_rows *r)
{
	pm_stmt_free(r->st);
	r->st = NULL;
}
