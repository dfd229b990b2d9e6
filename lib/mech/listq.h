/*
 * listq.h — the query of a filtered listing: a SELECT of only the
 * columns the caller reads and only the joins they need, a driving
 * condition that matches one index and filters spelled to stay filters,
 * numbered parameters bound only where the statement has them; and the
 * row it yields as cells (out.h).
 *
 * Moved down from the first process tool's listing when a second one
 * copied it: every listing of records along a lifecycle is built the
 * same way, so `list -o id` reads an index and nothing else, and an
 * index serves every default listing.
 *
 *	pm_listq q;
 *	pm_listq_init(&q, PM_LQ_P(3));          // ?3 is text
 *	pm_listq_select(&q, cols, N, want, ID);
 *	pm_listq_from(&q, " FROM thing t", joins, njoins);
 *	pm_listq_state(&q, &lc, "t", "made_at", status, all, due, overdue);
 *	pm_listq_and(&q, due, "t.site_id = ?8", "+t.site_id = ?8", PM_LQ_P(8));
 *	q.p[8] = site;
 *	pm_listq_prepare(db, &q, &st, err);
 *	pm_listq_free(&q);
 *
 * The SQL is built from the caller's fixed pieces only; values are
 * always bound.
 */
#ifndef PM_LISTQ_H
#define PM_LISTQ_H

#include <stdint.h>
#include "buf.h"
#include "db.h"
#include "err.h"
#include "lifecycle.h"
#include "out.h"

#define PM_LQ_MAXP 16           /* parameters ?1..?15 */
#define PM_LQ_MAXC 64           /* columns (bits of a uint64_t) */
#define PM_LQ_P(n) (1u << (n))

/* One column: its SQL expression (NULL: not selected this way; the
 * caller reads it otherwise) and the joins it needs (bit i: joins[i]). */
typedef struct pm_lq_col {
	const char *sql;
	unsigned join;
} pm_lq_col;

/* What a SELECT yields: its column i is the caller's column cc[i]. */
typedef struct pm_lq_sel {
	int ncol;
	signed char cc[PM_LQ_MAXC];
} pm_lq_sel;

typedef struct pm_listq {
	pm_buf sql;
	int64_t p[PM_LQ_MAXP];          /* ?N's value, unless text */
	const char *t[PM_LQ_MAXP];      /* ?N's value, when bit N of texts */
	unsigned texts;
	unsigned used;                  /* bit N: ?N appears */
	unsigned join;                  /* the joins the selected columns need */
	pm_lq_sel sel;
} pm_listq;

/* Start an empty query; texts: the parameters bound as text. */
void pm_listq_init(pm_listq *q, unsigned texts);
void pm_listq_free(pm_listq *q);

/*
 * "SELECT " and the columns i < n (n <= PM_LQ_MAXC) whose bit is set in
 * want and that have SQL, in column order; none at all: the key
 * column's alone (the rows themselves are wanted).
 */
void pm_listq_select(pm_listq *q, const pm_lq_col *cols, int n, uint64_t want, int key);

/* from (" FROM thing t") and each of joins[0..njoins) the selected
 * columns need, in their order. */
void pm_listq_from(pm_listq *q, const char *from, const char *const *joins, int njoins);

/* Append sql, which uses the parameters mask. */
void pm_listq_add(pm_listq *q, const char *sql, unsigned mask);

/*
 * " AND idx", or " AND noidx" when the listing is driven by another
 * index: the same condition spelled so no index of its column serves it
 * (+x for a number, x || '' for text: both plain SQL), or the planner
 * would leave the index that gives the order for one that finds more.
 */
void pm_listq_and(pm_listq *q, int driven, const char *idx, const char *noidx,
	unsigned mask);

/*
 * The driving condition of a listing of records along lc, alias the
 * table's alias and start its time column (when the record came in):
 * by due time (due; overdue: only due_at <= ?2, else ?1 < due_at <= ?2),
 * every state (all, no status), one state (status = ?3), or the open
 * ones (the lifecycle's not-final states, term for term the WHERE of a
 * partial index) — each with start <= ?1 but due.  ?1 is now, ?2 the
 * due limit, ?3 the status: the caller sets their values.  status
 * "open" is the open ones.
 */
void pm_listq_state(pm_listq *q, const pm_lifecycle *lc, const char *alias,
	const char *start, const char *status, int all, int due, int overdue);

/* Prepare q's statement and bind the parameters it uses. */
int pm_listq_prepare(pm_db *db, const pm_listq *q, pm_stmt **st, pm_err *err);

/*
 * The whole of a listing's life in one call, for a module whose
 * listq_build fills a query: build(arg, q, err) into a fresh q, then
 * prepare it (*st, and what it selects into *sel), q freed either way.
 * pm_listq_explain does the same for its query plan.  On failure *st
 * is NULL.
 */
typedef int (*pm_listq_builder)(void *arg, pm_listq *q, pm_err *err);
int pm_listq_open(pm_db *db, pm_listq_builder build, void *arg, pm_stmt **st, pm_lq_sel *sel,
	pm_err *err);
int pm_listq_explain(pm_db *db, pm_listq_builder build, void *arg, pm_buf *plan, pm_err *err);

/* The query plan of q (pm_stmt_plan: one detail a line). */
int pm_listq_plan(pm_db *db, const pm_listq *q, pm_buf *plan, pm_err *err);

/*
 * Read the row st stands on into cells[0..ncells): every cell null,
 * then each selected column once, as an integer when its type in cols
 * is a number (int, time, bool, money, span) or its bit is set in ints,
 * else as text (valid until the next step).
 */
void pm_listq_cells(pm_stmt *st, const pm_lq_sel *sel, const pm_col *cols, uint64_t ints,
	pm_cell *cells, int ncells);

/*
 * A listing's rows, streaming, as cells: the statement q prepares, what
 * its SELECT yields, and the key column's typed ID ("D12", kind idtype;
 * 0 leaves it a number).  The one iterator a listing of records needs
 * when it has nothing to add to a row (a show that adds arrays reads
 * them itself after next).
 *
 *	pm_listq_rows r;
 *	pm_listq_rows_open(db, &q, cols, N, KEY, 'D', &r, err);   // frees q
 *	while ((rc = pm_listq_rows_next(&r, cells, err)) == 1) ...
 *	pm_listq_rows_close(&r);
 */
typedef struct pm_listq_rows {
	pm_stmt *st;
	pm_lq_sel sel;
	const pm_col *cols;
	int ncells, key;
	char idtype;
	char id[24];
} pm_listq_rows;

/* Prepare q into r and free q, whatever happens; r is closed on failure. */
int pm_listq_rows_open(pm_db *db, pm_listq *q, const pm_col *cols, int ncells, int key,
	char idtype, pm_listq_rows *r, pm_err *err);
/* The next row into cells[0..ncells): 1, 0 at the end, -1 on error.
 * Strings are valid until the next call. */
int pm_listq_rows_next(pm_listq_rows *r, pm_cell *cells, pm_err *err);
void pm_listq_rows_close(pm_listq_rows *r);

#endif
