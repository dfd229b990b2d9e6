/* figure.c — a period's figures: the store, JSON, merge, targets and the
 * document layout; see figure.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "chart.h"
#include "figure.h"
#include "i18n.h"
#include "json.h"
#include "jsonv.h"
#include "money.h"
#include "stat.h"
#include "text.h"

/* ---- the store ------------------------------------------------------------ */

/* A histogram: (value, count) pairs ascending by value, counts > 0. */
typedef struct fig_hist {
	int64_t (*v)[2];
	int n, cap;
} fig_hist;

/* One value in one slot.  COUNT/FEN: a; RATIO/MEAN: a / b; DIST: a is
 * the number of values, h their histogram. */
typedef struct fig_cell {
	int set;
	int64_t a, b;
	fig_hist h;
} fig_cell;

struct fig_fig {
	const pm_fig_def *def;
	fig_cell v[PM_FIG_NSLOT];
	int target;             /* index into targets, -1: none */
};

/* A row of a table: cells [slot * ncols + col]. */
struct fig_row {
	char *key, *label;
	fig_cell *c;
};

/* A breakdown table (the chart helper reads def and rows[0..nrows),
 * sorted once compute or merge is done). */
struct fig_table {
	const pm_fig_table_def *def;
	struct fig_row *rows;
	int nrows, cap;
	int *hash;              /* open addressing: row index + 1, 0 empty */
	int hcap;
};

struct fig_target {
	char *key;
	int op;
	int64_t value;
	int fig;
};

struct pm_figs {
	pm_month month;
	char *site, *sites;
	const pm_fig_section *const *sections;
	int nsections;
	struct fig_fig *figs;
	int nfigs;
	struct fig_table *tables;
	int ntables;
	struct fig_target *targets;
	int ntargets;
	int nmerged;            /* reports merged into this one */
	struct fig_from {       /* each site merged, and the report it came in */
		char *site, *name;
	} *from;
	int nfrom;
	char bug[256];          /* the first misuse by a compute callback */
};

static void
bug(pm_figs *f, const char *what, const char *key)
{
	if (f->bug[0] == '\0')
		snprintf(f->bug, sizeof f->bug, "figures: %s: %s", key != NULL ? key : "(null)", what);
}

static int
row_cells(const struct fig_table *t)
{
	return PM_FIG_NSLOT * t->def->ncols;
}

pm_figs *
pm_figs_new(pm_month m, const char *site, const char *sites,
    const pm_fig_section *const *sections, int nsections)
{
	pm_figs *f = pm_xcalloc(1, sizeof *f);
	int i, j, k, nf = 0, nt = 0;

	f->month = m;
	f->site = site != NULL ? pm_xstrdup(site) : NULL;
	f->sites = pm_xstrdup(sites != NULL ? sites : (site != NULL ? site : ""));
	f->sections = sections;
	f->nsections = nsections;
	for (i = 0; i < nsections; i++) {
		nf += sections[i]->nfigs;
		nt += sections[i]->ntables;
	}
	f->figs = pm_xcalloc((size_t)nf + 1, sizeof *f->figs);
	f->tables = pm_xcalloc((size_t)nt + 1, sizeof *f->tables);
	for (i = 0; i < nsections; i++) {
		for (j = 0; j < sections[i]->nfigs; j++) {
			const pm_fig_def *d = &sections[i]->figs[j];
			for (k = 0; k < f->nfigs; k++)
				if (strcmp(f->figs[k].def->key, d->key) == 0)
					bug(f, "declared twice", d->key);
			f->figs[f->nfigs].def = d;
			f->figs[f->nfigs].target = -1;
			f->nfigs++;
		}
		for (j = 0; j < sections[i]->ntables; j++) {
			const pm_fig_table_def *d = &sections[i]->tables[j];
			if (d->ncols < 1 || d->ncols > PM_FIG_MAXCOLS)
				bug(f, "a table has 1 to PM_FIG_MAXCOLS columns", d->key);
			for (k = 0; k < f->ntables; k++)
				if (strcmp(f->tables[k].def->key, d->key) == 0)
					bug(f, "declared twice", d->key);
			f->tables[f->ntables++].def = d;
		}
	}
	return f;
}

static void
cell_free(fig_cell *c)
{
	free(c->h.v);
	memset(c, 0, sizeof *c);
}

void
pm_figs_free(pm_figs *f)
{
	int i, j, k;

	if (f == NULL)
		return;
	for (i = 0; i < f->nfigs; i++)
		for (k = 0; k < PM_FIG_NSLOT; k++)
			cell_free(&f->figs[i].v[k]);
	for (i = 0; i < f->ntables; i++) {
		struct fig_table *t = &f->tables[i];
		for (j = 0; j < t->nrows; j++) {
			for (k = 0; k < row_cells(t); k++)
				cell_free(&t->rows[j].c[k]);
			free(t->rows[j].c);
			free(t->rows[j].key);
			free(t->rows[j].label);
		}
		free(t->rows);
		free(t->hash);
	}
	for (i = 0; i < f->ntargets; i++)
		free(f->targets[i].key);
	free(f->targets);
	free(f->figs);
	free(f->tables);
	for (i = 0; i < f->nfrom; i++) {
		free(f->from[i].site);
		free(f->from[i].name);
	}
	free(f->from);
	free(f->site);
	free(f->sites);
	free(f);
}

void
pm_figs_periods(const pm_figs *f, pm_time now, pm_fig_period out[PM_FIG_NSLOT])
{
	static const int back[PM_FIG_NSLOT] = { 0, -1, -12 };
	int s;

	for (s = 0; s < PM_FIG_NSLOT; s++) {
		memset(&out[s], 0, sizeof out[s]);
		out[s].slot = s;
		out[s].month = pm_month_add(f->month, back[s]);
		out[s].start = pm_month_start(out[s].month);
		out[s].end = pm_month_end(out[s].month);
		out[s].asof = now < out[s].end ? now : out[s].end;
		out[s].site = f->site;
	}
}

/* The entry named key among n entries of size sz whose first member is
 * a pointer to a declaration whose first member is its key. */
static void *
find_key(const void *base, int n, size_t sz, const char *key)
{
	const char *p = base;
	int i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < n; i++, p += sz) {
		const char *const *def = *(const char *const *const *)p;
		if (strcmp(*def, key) == 0)
			return (void *)p;
	}
	return NULL;
}

static struct fig_fig *
find_fig(const pm_figs *f, const char *key)
{
	return find_key(f->figs, f->nfigs, sizeof *f->figs, key);
}

static struct fig_table *
find_table(const pm_figs *f, const char *key)
{
	return find_key(f->tables, f->ntables, sizeof *f->tables, key);
}

/* Add count values equal to value to a histogram. */
static void
hist_add(fig_hist *h, int64_t value, int64_t count)
{
	int lo = 0, hi = h->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (h->v[mid][0] < value)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < h->n && h->v[lo][0] == value) {
		h->v[lo][1] += count;
		return;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 8;
		h->v = realloc(h->v, (size_t)h->cap * sizeof *h->v);
		if (h->v == NULL)
			abort();
	}
	memmove(&h->v[lo + 1], &h->v[lo], (size_t)(h->n - lo) * sizeof *h->v);
	h->v[lo][0] = value;
	h->v[lo][1] = count;
	h->n++;
}

static void
cell_put(fig_cell *c, pm_fig_kind kind, int add, int64_t a, int64_t b)
{
	if (kind == PM_FIG_COUNT || kind == PM_FIG_FEN)
		b = 0;
	if (add && c->set) {
		c->a += a;
		c->b += b;
	} else {
		c->a = a;
		c->b = b;
	}
	c->set = 1;
}

static void
cell_dist(fig_cell *c, int64_t value, int64_t count)
{
	c->set = 1;
	if (count <= 0)
		return;
	hist_add(&c->h, value, count);
	c->a += count;
}

static int
slot_ok(pm_figs *f, int slot, const char *key)
{
	if (slot < 0 || slot >= PM_FIG_NSLOT) {
		bug(f, "no such slot", key);
		return 0;
	}
	return 1;
}

/* The figure a compute callback stores into, or NULL with the bug noted. */
static struct fig_fig *
fig_for(pm_figs *f, int slot, const char *key)
{
	struct fig_fig *g = find_fig(f, key);

	if (!slot_ok(f, slot, key))
		return NULL;
	if (g == NULL)
		bug(f, "not declared", key);
	return g;
}

static void
fig_store(pm_figs *f, int slot, const char *key, int add, int64_t a, int64_t b)
{
	struct fig_fig *g = fig_for(f, slot, key);

	if (g == NULL)
		return;
	if (g->def->kind == PM_FIG_DIST) {
		bug(f, "a distribution is stored with pm_figs_dist", key);
		return;
	}
	cell_put(&g->v[slot], g->def->kind, add, a, b);
}

void
pm_figs_set(pm_figs *f, int slot, const char *key, int64_t a, int64_t b)
{
	fig_store(f, slot, key, 0, a, b);
}

void
pm_figs_add(pm_figs *f, int slot, const char *key, int64_t a, int64_t b)
{
	fig_store(f, slot, key, 1, a, b);
}

void
pm_figs_dist(pm_figs *f, int slot, const char *key, int64_t value, int64_t count)
{
	struct fig_fig *g = fig_for(f, slot, key);

	if (g == NULL)
		return;
	if (g->def->kind != PM_FIG_DIST) {
		bug(f, "not a distribution", key);
		return;
	}
	cell_dist(&g->v[slot], value, count);
}

static uint32_t
hash_key(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
rehash(struct fig_table *t)
{
	int i;

	free(t->hash);
	t->hcap = t->hcap ? t->hcap * 2 : 64;
	while (t->hcap < t->nrows * 2 + 2)
		t->hcap *= 2;
	t->hash = pm_xcalloc((size_t)t->hcap, sizeof *t->hash);
	for (i = 0; i < t->nrows; i++) {
		uint32_t h = hash_key(t->rows[i].key) & (uint32_t)(t->hcap - 1);
		while (t->hash[h] != 0)
			h = (h + 1) & (uint32_t)(t->hcap - 1);
		t->hash[h] = i + 1;
	}
}

/* The row of table t with key, made (with label, NULL: the key) when new. */
static struct fig_row *
table_row(struct fig_table *t, const char *key, const char *label)
{
	struct fig_row *r;
	uint32_t h;

	if (t->hcap > 0) {
		h = hash_key(key) & (uint32_t)(t->hcap - 1);
		while (t->hash[h] != 0) {
			r = &t->rows[t->hash[h] - 1];
			if (strcmp(r->key, key) == 0)
				return r;
			h = (h + 1) & (uint32_t)(t->hcap - 1);
		}
	}
	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->rows = realloc(t->rows, (size_t)t->cap * sizeof *t->rows);
		if (t->rows == NULL)
			abort();
	}
	r = &t->rows[t->nrows++];
	r->key = pm_xstrdup(key);
	r->label = pm_xstrdup(label != NULL ? label : key);
	r->c = pm_xcalloc((size_t)row_cells(t), sizeof *r->c);
	if (t->nrows * 2 > t->hcap)
		rehash(t);
	else {
		h = hash_key(key) & (uint32_t)(t->hcap - 1);
		while (t->hash[h] != 0)
			h = (h + 1) & (uint32_t)(t->hcap - 1);
		t->hash[h] = t->nrows;
	}
	return r;
}

/* The cell a compute callback writes, or NULL (a bug recorded, or a slot
 * the table does not keep: nothing to store). */
static fig_cell *
table_cell(pm_figs *f, int slot, const char *table, const char *row, const char *label,
    int col, int dist)
{
	struct fig_table *t = find_table(f, table);
	struct fig_row *r;

	if (!slot_ok(f, slot, table))
		return NULL;
	if (t == NULL) {
		bug(f, "no such table", table);
		return NULL;
	}
	if (row == NULL || col < 0 || col >= t->def->ncols) {
		bug(f, "no such row or column", table);
		return NULL;
	}
	if ((t->def->cols[col].kind == PM_FIG_DIST) != dist) {
		bug(f, dist ? "not a distribution column" : "a distribution column is stored "
		    "with pm_figs_cell_dist", table);
		return NULL;
	}
	if (!(t->def->slots & (1u << slot)))
		return NULL;
	r = table_row(t, row, label);
	return &r->c[slot * t->def->ncols + col];
}

void
pm_figs_cell(pm_figs *f, int slot, const char *table, const char *row,
    const char *label, int col, int64_t a, int64_t b)
{
	fig_cell *c = table_cell(f, slot, table, row, label, col, 0);

	if (c != NULL)
		cell_put(c, find_table(f, table)->def->cols[col].kind, 0, a, b);
}

void
pm_figs_cell_dist(pm_figs *f, int slot, const char *table, const char *row,
    const char *label, int col, int64_t value, int64_t count)
{
	fig_cell *c = table_cell(f, slot, table, row, label, col, 1);

	if (c != NULL)
		cell_dist(c, value, count);
}

/* ---- values ------------------------------------------------------------------ */

/* a * scale / b rounded half up (away from zero for negatives); b > 0 */
static int64_t
scaled(int64_t a, int64_t b, int64_t scale)
{
	if (a < 0)
		return -((-a * scale + b / 2) / b);
	return (a * scale + b / 2) / b;
}

/* The value with what is derived from it, as figure.h says. */
static void
cell_val(pm_fig_kind kind, const fig_cell *c, pm_fig_val *v)
{
	int64_t k50, k90, seen = 0;
	int i;

	memset(v, 0, sizeof *v);
	if (!c->set)
		return;
	v->a = c->a;
	v->b = c->b;
	switch (kind) {
	case PM_FIG_COUNT:
	case PM_FIG_FEN:
		v->set = 1;
		break;
	case PM_FIG_RATIO:
	case PM_FIG_MEAN:
		if (c->b > 0) {
			v->set = 1;
			v->pct = scaled(c->a, c->b, kind == PM_FIG_RATIO ? 10000 : 100);
		}
		break;
	case PM_FIG_DIST:
		if (c->a <= 0)
			break;
		v->set = 1;
		v->b = 0;
		k50 = pm_stat_rank(50, c->a);
		k90 = pm_stat_rank(90, c->a);
		for (i = 0; i < c->h.n; i++) {
			int64_t before = seen;
			seen += c->h.v[i][1];
			if (before < k50 && seen >= k50)
				v->p50 = c->h.v[i][0];
			if (before < k90 && seen >= k90)
				v->p90 = c->h.v[i][0];
		}
		break;
	}
}

int
pm_figs_get(const pm_figs *f, int slot, const char *key, pm_fig_val *out)
{
	const struct fig_fig *g = find_fig(f, key);

	memset(out, 0, sizeof *out);
	if (g == NULL || slot < 0 || slot >= PM_FIG_NSLOT)
		return -1;
	cell_val(g->def->kind, &g->v[slot], out);
	return 0;
}

/* The number a target and a sort compare: a count or fen, a ratio's or
 * mean's hundredths, a distribution's median. */
static int64_t
val_number(pm_fig_kind kind, const pm_fig_val *v)
{
	switch (kind) {
	case PM_FIG_RATIO:
	case PM_FIG_MEAN:
		return v->pct;
	case PM_FIG_DIST:
		return v->p50;
	default:
		return v->a;
	}
}

/* ---- sorting tables ------------------------------------------------------------ */

static const struct fig_table *sort_table;

static int
row_cmp(const void *pa, const void *pb)
{
	const struct fig_row *ra = pa, *rb = pb;
	const pm_fig_table_def *d = sort_table->def;
	pm_fig_val va, vb;

	if (d->sort_col >= 0 && d->sort_col < d->ncols) {
		pm_fig_kind kind = d->cols[d->sort_col].kind;
		int64_t na, nb;
		cell_val(kind, &ra->c[d->sort_col], &va);
		cell_val(kind, &rb->c[d->sort_col], &vb);
		/* a distribution sorts by how many it holds */
		na = kind == PM_FIG_DIST ? va.a : val_number(kind, &va);
		nb = kind == PM_FIG_DIST ? vb.a : val_number(kind, &vb);
		if (va.set != vb.set)
			return va.set ? -1 : 1;
		if (na != nb)
			return na > nb ? -1 : 1;
	}
	return strcmp(ra->key, rb->key);
}

/* Sort every table and keep its first PM_FIG_ROWS_MAX rows. */
static void
tables_finish(pm_figs *f)
{
	int i, j, k;

	for (i = 0; i < f->ntables; i++) {
		struct fig_table *t = &f->tables[i];
		sort_table = t;
		if (t->nrows > 1)
			qsort(t->rows, (size_t)t->nrows, sizeof *t->rows, row_cmp);
		for (j = PM_FIG_ROWS_MAX; j < t->nrows; j++) {
			for (k = 0; k < row_cells(t); k++)
				cell_free(&t->rows[j].c[k]);
			free(t->rows[j].c);
			free(t->rows[j].key);
			free(t->rows[j].label);
		}
		if (t->nrows > PM_FIG_ROWS_MAX)
			t->nrows = PM_FIG_ROWS_MAX;
		free(t->hash);
		t->hash = NULL;
		t->hcap = 0;
		if (t->nrows > 0)
			rehash(t);
	}
}

int
pm_figs_compute(pm_figs *f, pm_ctx *ctx, pm_err *err)
{
	pm_fig_period p[PM_FIG_NSLOT];
	int i, s, rc;

	if (f->bug[0] != '\0')
		return pm_err_set(err, PM_EX_SOFTWARE, "%s", f->bug);
	pm_figs_periods(f, ctx->now, p);
	for (i = 0; i < f->nsections; i++) {
		if (f->sections[i]->compute == NULL)
			continue;
		for (s = 0; s < PM_FIG_NSLOT; s++) {
			if ((rc = f->sections[i]->compute(ctx, &p[s], f, err)) != 0)
				return rc;
			if (f->bug[0] != '\0')
				return pm_err_set(err, PM_EX_SOFTWARE, "%s: %s", f->sections[i]->key,
				    f->bug);
		}
	}
	tables_finish(f);
	return 0;
}

/* ---- targets ------------------------------------------------------------------- */

int
pm_figs_targets(pm_figs *f, const pm_fig_target *t, int n, pm_err *err)
{
	int i;

	for (i = 0; i < f->ntargets; i++)
		free(f->targets[i].key);
	free(f->targets);
	f->targets = NULL;
	f->ntargets = 0;
	for (i = 0; i < f->nfigs; i++)
		f->figs[i].target = -1;
	if (n <= 0)
		return 0;
	f->targets = pm_xcalloc((size_t)n, sizeof *f->targets);
	for (i = 0; i < n; i++) {
		struct fig_fig *g = find_fig(f, t[i].key);
		if (g == NULL)
			return pm_err_set(err, PM_EX_CONFIG, _("target %s: no such figure"),
			    t[i].key != NULL ? t[i].key : "");
		if (t[i].op != 1 && t[i].op != -1)
			return pm_err_set(err, PM_EX_SOFTWARE, _("target %s: op is +1 or -1"),
			    t[i].key);
		f->targets[i].key = pm_xstrdup(t[i].key);
		f->targets[i].op = t[i].op;
		f->targets[i].value = t[i].value;
		f->targets[i].fig = (int)(g - f->figs);
		f->ntargets = i + 1;
		g->target = i;
	}
	return 0;
}

/* Whether target i is met: -1 no figure (misses nothing), 0 missed, 1 met. */
static int
target_met(const pm_figs *f, int i, pm_fig_val *v)
{
	const struct fig_target *t = &f->targets[i];
	const struct fig_fig *g = &f->figs[t->fig];
	int64_t x;

	cell_val(g->def->kind, &g->v[PM_FIG_CUR], v);
	if (!v->set)
		return -1;
	x = val_number(g->def->kind, v);
	return t->op > 0 ? x >= t->value : x <= t->value;
}

static int
target_bad(pm_err *err, const char *s, const char *why)
{
	return pm_err_set(err, PM_EX_CONFIG, _("target \"%.40s\": %s"), s, why);
}

int
pm_figs_target_parse(const char *s, pm_fig_kind kind, int *op, int64_t *value, pm_err *err)
{
	char num[64];
	const char *p;
	size_t n;
	pm_span sp;
	pm_err e;

	if (strcmp(s, "off") == 0)
		return 1;
	if (strncmp(s, ">=", 2) == 0)
		*op = 1;
	else if (strncmp(s, "<=", 2) == 0)
		*op = -1;
	else
		return target_bad(err, s, _("expected >= VALUE, <= VALUE or off"));
	for (p = s + 2; *p == ' '; p++)
		;
	n = strlen(p);
	if (n == 0 || n >= sizeof num || p[n - 1] == ' ')
		return target_bad(err, s, _("expected a value after the operator"));
	memcpy(num, p, n + 1);
	switch (kind) {
	case PM_FIG_RATIO:
		if (num[n - 1] != '%')
			return target_bad(err, s, _("a ratio's target is a percentage (95%)"));
		num[n - 1] = '\0';
		if (pm_decimal_parse(num, 2, 0, value, &e) != 0 || *value > 10000)
			return target_bad(err, s, _("expected a percentage from 0% to 100% with at "
			    "most two decimals"));
		return 0;
	case PM_FIG_MEAN:
		if (pm_decimal_parse(num, 2, PM_MONEY_SIGNED, value, &e) != 0)
			return target_bad(err, s, _("expected a number with at most two decimals"));
		return 0;
	case PM_FIG_FEN:
		if (pm_money_parse(num, PM_MONEY_SIGNED, value, &e) != 0)
			return target_bad(err, s, _("expected an amount of yuan"));
		return 0;
	case PM_FIG_DIST:
		if (pm_span_parse(num, &sp, &e) != 0 || sp.months != 0 || sp.seconds < 0 ||
		    sp.seconds % 60 != 0 || num[0] == '+' || num[0] == '-')
			return target_bad(err, s, _("expected a duration in whole minutes (30min, 2h, "
			    "1d)"));
		*value = sp.seconds / 60;
		return 0;
	default:
		if (pm_decimal_parse(num, 0, 0, value, &e) != 0)
			return target_bad(err, s, _("expected a whole number"));
		return 0;
	}
}

int
pm_figs_kind_of(const pm_fig_section *const *sections, int nsections, const char *key)
{
	int i, j;

	for (i = 0; i < nsections; i++)
		for (j = 0; j < sections[i]->nfigs; j++)
			if (strcmp(sections[i]->figs[j].key, key) == 0)
				return (int)sections[i]->figs[j].kind;
	return -1;
}

const char *
pm_figs_label_of(const pm_fig_section *const *sections, int nsections, const char *key)
{
	int i, j;

	for (i = 0; key != NULL && i < nsections; i++)
		for (j = 0; j < sections[i]->nfigs; j++)
			if (strcmp(sections[i]->figs[j].key, key) == 0)
				return sections[i]->figs[j].label;
	return NULL;
}

/* ---- display ------------------------------------------------------------------- */

int
pm_figs_minutes(int64_t m, char *buf, size_t n)
{
	const char *sign = m < 0 ? "-" : "";
	uint64_t a = m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
	unsigned long long d = a / 1440, h = a % 1440 / 60, min = a % 60;

	if (a < 60)
		return snprintf(buf, n, "%s%llumin", sign, (unsigned long long)a);
	if (a < 48 * 60)
		return min != 0 ? snprintf(buf, n, "%s%lluh%02llum", sign, (unsigned long long)(a / 60),
		    min) : snprintf(buf, n, "%s%lluh", sign, (unsigned long long)(a / 60));
	if (min != 0)
		return snprintf(buf, n, "%s%llud%lluh%02llum", sign, d, h, min);
	if (h != 0)
		return snprintf(buf, n, "%s%llud%lluh", sign, d, h);
	return snprintf(buf, n, "%s%llud", sign, d);
}

static void
fmt_minutes(int64_t m, char *buf, size_t n)
{
	pm_figs_minutes(m, buf, n);
}

/* A number in kind's display unit: "12", "¥1,234.50", "95.00%", "4.25",
 * "3h20m" (a distribution's median). */
static void
fmt_number(pm_fig_kind kind, int64_t x, char *buf, size_t n)
{
	char d[48];

	switch (kind) {
	case PM_FIG_FEN:
		pm_money_format(x, PM_MONEY_GROUP | PM_MONEY_YUAN, buf, n);
		break;
	case PM_FIG_RATIO:
		pm_decimal_format(x, 2, d, sizeof d);
		snprintf(buf, n, "%s%%", d);
		break;
	case PM_FIG_MEAN:
		pm_decimal_format(x, 2, buf, n);
		break;
	case PM_FIG_DIST:
		fmt_minutes(x, buf, n);
		break;
	default:
		snprintf(buf, n, "%lld", (long long)x);
		break;
	}
}

/* A value as a person reads it; "-" for no figure.  A distribution
 * shows its median, 90th percentile and how many. */
static void
fmt_val(pm_fig_kind kind, const pm_fig_val *v, char *buf, size_t n)
{
	char p50[32], p90[32];

	if (!v->set) {
		snprintf(buf, n, "-");
		return;
	}
	if (kind == PM_FIG_DIST) {
		fmt_minutes(v->p50, p50, sizeof p50);
		fmt_minutes(v->p90, p90, sizeof p90);
		/* TRANSLATORS: a distribution of times: median, 90th percentile,
		 * how many */
		snprintf(buf, n, _("%s / p90 %s (n %lld)"), p50, p90, (long long)v->a);
		return;
	}
	fmt_number(kind, val_number(kind, v), buf, n);
}

static const char *
op_text(int op)
{
	return op > 0 ? ">=" : "<=";
}

int
pm_figs_kpi(const pm_figs *f, int (*fn)(void *arg, const pm_fig_kpi *k), void *arg,
    pm_err *err)
{
	char target[64], value[96];
	int i, met, missed = 0;
	pm_fig_kpi k;
	pm_fig_val v;

	for (i = 0; i < f->ntargets; i++) {
		const struct fig_fig *g = &f->figs[f->targets[i].fig];
		met = target_met(f, i, &v);
		fmt_number(g->def->kind, f->targets[i].value, target, sizeof target);
		if (v.set)
			fmt_number(g->def->kind, val_number(g->def->kind, &v), value, sizeof value);
		else
			snprintf(value, sizeof value, "-");
		memset(&k, 0, sizeof k);
		k.key = g->def->key;
		k.label = g->def->label;
		k.op = op_text(f->targets[i].op);
		k.target = target;
		k.value = value;
		k.target_n = f->targets[i].value;
		k.value_set = v.set;
		if (v.set)
			k.value_n = val_number(g->def->kind, &v);
		k.met = met != 0;
		if (met == 0)
			missed++;
		if (fn != NULL && fn(arg, &k) != 0) {
			if (err->status == 0)
				pm_err_set(err, PM_EX_SOFTWARE, _("figures: a KPI line was refused"));
			return -1;
		}
	}
	return missed;
}

/* ---- JSON ------------------------------------------------------------------------ */

static void
json_val(pm_json *j, const char *k, pm_fig_kind kind, const fig_cell *c)
{
	pm_fig_val v;
	int i;

	cell_val(kind, c, &v);
	if (!v.set) {
		pm_json_null(j, k);
		return;
	}
	pm_json_obj(j, k);
	switch (kind) {
	case PM_FIG_COUNT:
		pm_json_i(j, "n", v.a);
		break;
	case PM_FIG_FEN:
		pm_json_i(j, "fen", v.a);
		break;
	case PM_FIG_RATIO:
		pm_json_i(j, "num", v.a);
		pm_json_i(j, "den", v.b);
		pm_json_i(j, "pct", v.pct);
		break;
	case PM_FIG_MEAN:
		pm_json_i(j, "sum", v.a);
		pm_json_i(j, "n", v.b);
		pm_json_i(j, "mean", v.pct);
		break;
	case PM_FIG_DIST:
		pm_json_i(j, "n", v.a);
		pm_json_i(j, "p50", v.p50);
		pm_json_i(j, "p90", v.p90);
		pm_json_arr(j, "hist");
		for (i = 0; i < c->h.n; i++) {
			pm_json_arr(j, NULL);
			pm_json_i(j, NULL, c->h.v[i][0]);
			pm_json_i(j, NULL, c->h.v[i][1]);
			pm_json_end(j);
		}
		pm_json_end(j);
		break;
	}
	pm_json_end(j);
}

static const char *const kind_names[] = { "count", "fen", "ratio", "mean", "dist" };
static const char *const slot_names[PM_FIG_NSLOT] = { "cur", "prev", "yoy" };

/* The report as JSON into b. */
static void
figs_json(const pm_figs *f, pm_buf *b)
{
	char m[16];
	pm_json j;
	pm_fig_val v;
	int i, r, s, c;

	pm_json_init(&j, b);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "report", "monthly");
	pm_json_i(&j, "version", 1);
	pm_month_format(f->month, m, sizeof m);
	pm_json_s(&j, "month", m);
	pm_month_format(pm_month_add(f->month, -1), m, sizeof m);
	pm_json_s(&j, "prev", m);
	pm_month_format(pm_month_add(f->month, -12), m, sizeof m);
	pm_json_s(&j, "yoy", m);
	pm_json_s(&j, "site", f->site);
	pm_json_list(&j, "sites", f->sites);

	pm_json_obj(&j, "figures");
	for (i = 0; i < f->nfigs; i++) {
		const struct fig_fig *g = &f->figs[i];
		pm_json_obj(&j, g->def->key);
		pm_json_s(&j, "kind", kind_names[g->def->kind]);
		for (s = 0; s < PM_FIG_NSLOT; s++)
			json_val(&j, slot_names[s], g->def->kind, &g->v[s]);
		if (g->target >= 0) {
			int met = target_met(f, g->target, &v);
			pm_json_i(&j, "target", f->targets[g->target].value);
			pm_json_b(&j, "met", met != 0);
		}
		pm_json_end(&j);
	}
	pm_json_end(&j);

	pm_json_obj(&j, "tables");
	for (i = 0; i < f->ntables; i++) {
		const struct fig_table *t = &f->tables[i];
		pm_json_obj(&j, t->def->key);
		pm_json_arr(&j, "cols");
		for (c = 0; c < t->def->ncols; c++)
			pm_json_s(&j, NULL, t->def->cols[c].key);
		pm_json_end(&j);
		pm_json_arr(&j, "rows");
		for (r = 0; r < t->nrows; r++) {
			const struct fig_row *row = &t->rows[r];
			pm_json_obj(&j, NULL);
			pm_json_s(&j, "key", row->key);
			pm_json_s(&j, "label", row->label);
			for (s = 0; s < PM_FIG_NSLOT; s++) {
				if (!(t->def->slots & (1u << s)))
					continue;
				pm_json_arr(&j, slot_names[s]);
				for (c = 0; c < t->def->ncols; c++)
					json_val(&j, NULL, t->def->cols[c].kind,
					    &row->c[s * t->def->ncols + c]);
				pm_json_end(&j);
			}
			pm_json_end(&j);
		}
		pm_json_end(&j);
		pm_json_end(&j);
	}
	pm_json_end(&j);

	pm_json_arr(&j, "kpi");
	for (i = 0; i < f->ntargets; i++) {
		int met = target_met(f, i, &v);
		const struct fig_fig *g = &f->figs[f->targets[i].fig];
		pm_json_obj(&j, NULL);
		pm_json_s(&j, "key", f->targets[i].key);
		pm_json_s(&j, "op", op_text(f->targets[i].op));
		pm_json_i(&j, "target", f->targets[i].value);
		if (v.set)
			pm_json_i(&j, "value", val_number(g->def->kind, &v));
		else
			pm_json_null(&j, "value");
		pm_json_b(&j, "met", met != 0);
		pm_json_end(&j);
	}
	pm_json_end(&j);
	pm_json_end(&j);
	pm_buf_addc(b, '\n');
}

int
pm_figs_json(const pm_figs *f, FILE *fp, pm_err *err)
{
	pm_buf b;
	int rc = 0;

	pm_buf_init(&b);
	figs_json(f, &b);
	if ((fwrite(b.s, 1, b.len, fp) != b.len || fflush(fp) != 0) && errno != EPIPE)
		rc = pm_err_set(err, PM_EX_IOERR, _("write error: %s"), strerror(errno));
	pm_buf_free(&b);
	return rc;
}

/* ---- merge ------------------------------------------------------------------------ */

/* Reading one report: where messages point, and whether to add (the
 * first pass only checks, so a bad file changes nothing). */
struct rd {
	pm_figs *f;
	const char *name;
	pm_err *err;
	int apply;
	const pm_jv *root;      /* where a missing member is said to be missing */
};

static int
bad(struct rd *r, const pm_jv *at, const char *why, const char *what)
{
	if (r->err->status == 0)
		pm_jv_error(r->err, r->name, at != NULL ? at : r->root, "%s%s%s", what != NULL ? what : "",
		    what != NULL ? ": " : "", why);
	return -1;
}

static int
want(struct rd *r, const pm_jv *v, pm_jv_type t, const char *what)
{
	char why[80];

	if (v != NULL && v->type == t)
		return 0;
	snprintf(why, sizeof why, _("expected %s, found %s"), pm_jv_type_name(t),
	    v != NULL ? pm_jv_type_name(v->type) : _("nothing"));
	return bad(r, v, why, what);
}

/* An object's members are among the names given (NULL-ended). */
static int
only(struct rd *r, const pm_jv *o, const char *const *names, const char *what)
{
	size_t i;
	int k;

	for (i = 0; i < o->n; i++) {
		for (k = 0; names[k] != NULL; k++)
			if (strcmp(o->keys[i]->s, names[k]) == 0 && strlen(names[k]) == o->keys[i]->len)
				break;
		if (names[k] == NULL) {
			char why[120];
			pm_buf q;
			pm_buf_init(&q);
			pm_text_fit(&q, o->keys[i]->s, 40, 0);
			snprintf(why, sizeof why, _("unknown member \"%s\""), q.s);
			pm_buf_free(&q);
			return bad(r, o->keys[i], why, what);
		}
	}
	return 0;
}

static int
int_member(struct rd *r, const pm_jv *o, const char *key, int64_t min, int64_t *out,
    const char *what)
{
	const pm_jv *v = pm_jv_get(o, key);
	char why[80];

	if (v == NULL) {
		snprintf(why, sizeof why, _("member \"%s\" is missing"), key);
		return bad(r, o, why, what);
	}
	if (want(r, v, PM_JV_INT, what) != 0)
		return -1;
	if (v->i < min) {
		snprintf(why, sizeof why, _("\"%s\" is below %lld"), key, (long long)min);
		return bad(r, v, why, what);
	}
	*out = v->i;
	return 0;
}

static int
add_ok(struct rd *r, const pm_jv *at, int64_t *sum, int64_t x, const char *what)
{
	if (__builtin_add_overflow(*sum, x, sum))
		return bad(r, at, _("the sum is beyond the 64-bit range"), what);
	return 0;
}

/* One value V of kind into cell c (apply), or checked only. */
static int
read_val(struct rd *r, const pm_jv *v, pm_fig_kind kind, fig_cell *c, const char *what)
{
	static const char *const m_count[] = { "n", NULL }, *const m_fen[] = { "fen", NULL },
	    *const m_ratio[] = { "num", "den", "pct", NULL },
	    *const m_mean[] = { "sum", "n", "mean", NULL },
	    *const m_dist[] = { "n", "p50", "p90", "hist", NULL };
	static const char *const *const members[] = { m_count, m_fen, m_ratio, m_mean, m_dist };
	int64_t a = 0, b = 0, sa, sb, prev = INT64_MIN;
	const pm_jv *h, *derived;
	size_t i;

	if (v == NULL || v->type == PM_JV_NULL)
		return 0;
	if (want(r, v, PM_JV_OBJ, what) != 0 || only(r, v, members[kind], what) != 0)
		return -1;
	/* derived members are recomputed: a number or null, never trusted */
	for (i = 0; i < v->n; i++) {
		derived = v->items[i];
		if (derived->type != PM_JV_INT && derived->type != PM_JV_NULL &&
		    derived->type != PM_JV_ARR)
			return bad(r, derived, _("expected an integer"), what);
	}
	switch (kind) {
	case PM_FIG_COUNT:
		if (int_member(r, v, "n", INT64_MIN, &a, what) != 0)
			return -1;
		break;
	case PM_FIG_FEN:
		if (int_member(r, v, "fen", INT64_MIN, &a, what) != 0)
			return -1;
		break;
	case PM_FIG_RATIO:
		if (int_member(r, v, "num", INT64_MIN, &a, what) != 0 ||
		    int_member(r, v, "den", 0, &b, what) != 0)
			return -1;
		break;
	case PM_FIG_MEAN:
		if (int_member(r, v, "sum", INT64_MIN, &a, what) != 0 ||
		    int_member(r, v, "n", 0, &b, what) != 0)
			return -1;
		break;
	case PM_FIG_DIST:
		h = pm_jv_get(v, "hist");
		if (want(r, h, PM_JV_ARR, what) != 0)
			return -1;
		for (i = 0; i < h->n; i++) {
			const pm_jv *pair = h->items[i];
			if (want(r, pair, PM_JV_ARR, what) != 0)
				return -1;
			if (pair->n != 2 || pair->items[0]->type != PM_JV_INT ||
			    pair->items[1]->type != PM_JV_INT)
				return bad(r, pair, _("a histogram entry is [value, count]"), what);
			if (pair->items[1]->i <= 0)
				return bad(r, pair, _("a histogram count is positive"), what);
			if (i > 0 && pair->items[0]->i <= prev)
				return bad(r, pair, _("histogram values ascend"), what);
			prev = pair->items[0]->i;
			if (add_ok(r, pair, &a, pair->items[1]->i, what) != 0)
				return -1;
		}
		sa = c->a;
		if (add_ok(r, v, &sa, a, what) != 0)
			return -1;
		if (r->apply) {
			for (i = 0; i < h->n; i++)
				cell_dist(c, h->items[i]->items[0]->i, h->items[i]->items[1]->i);
			c->set = 1;
		}
		return 0;
	}
	sa = c->a;
	sb = c->b;
	if (add_ok(r, v, &sa, a, what) != 0 || add_ok(r, v, &sb, b, what) != 0)
		return -1;
	if (r->apply)
		cell_put(c, kind, 1, a, b);
	return 0;
}

static int
read_figures(struct rd *r, const pm_jv *figs)
{
	static const char *const members[] = { "kind", "cur", "prev", "yoy", "target", "met", NULL };
	size_t i;
	int s;

	if (want(r, figs, PM_JV_OBJ, "figures") != 0)
		return -1;
	for (i = 0; i < figs->n; i++) {
		const char *key = figs->keys[i]->s;
		const pm_jv *o = figs->items[i], *k;
		struct fig_fig *g = find_fig(r->f, key);
		if (g == NULL || strlen(key) != figs->keys[i]->len)
			return bad(r, figs->keys[i], _("not a figure of this report"), key);
		if (want(r, o, PM_JV_OBJ, key) != 0 || only(r, o, members, key) != 0)
			return -1;
		k = pm_jv_get(o, "kind");
		if (want(r, k, PM_JV_STR, key) != 0)
			return -1;
		if (strcmp(k->s, kind_names[g->def->kind]) != 0) {
			char why[120];
			snprintf(why, sizeof why, _("kind %.20s, this report's is %s"), k->s,
			    kind_names[g->def->kind]);
			return bad(r, k, why, key);
		}
		for (s = 0; s < PM_FIG_NSLOT; s++)
			if (read_val(r, pm_jv_get(o, slot_names[s]), g->def->kind, &g->v[s], key) != 0)
				return -1;
	}
	return 0;
}

static int
read_row(struct rd *r, struct fig_table *t, const pm_jv *row)
{
	static const char *const members[] = { "key", "label", "cur", "prev", "yoy", NULL };
	const pm_jv *key, *label, *vals;
	struct fig_row *dst = NULL;
	int s, c;
	size_t ci;

	if (want(r, row, PM_JV_OBJ, t->def->key) != 0 || only(r, row, members, t->def->key) != 0)
		return -1;
	key = pm_jv_get(row, "key");
	label = pm_jv_get(row, "label");
	if (want(r, key, PM_JV_STR, t->def->key) != 0 || want(r, label, PM_JV_STR, t->def->key) != 0)
		return -1;
	if (key->len == 0 || strlen(key->s) != key->len || strlen(label->s) != label->len)
		return bad(r, key, _("a row key or label is empty or holds NUL"), t->def->key);
	if (r->apply)
		dst = table_row(t, key->s, label->s);
	for (s = 0; s < PM_FIG_NSLOT; s++) {
		vals = pm_jv_get(row, slot_names[s]);
		if (!(t->def->slots & (1u << s))) {
			if (vals != NULL)
				return bad(r, vals, _("this table keeps no such period"), t->def->key);
			continue;
		}
		if (vals == NULL)
			continue;
		if (want(r, vals, PM_JV_ARR, t->def->key) != 0)
			return -1;
		if (vals->n != (size_t)t->def->ncols)
			return bad(r, vals, _("a row has one value per column"), t->def->key);
		for (ci = 0; ci < vals->n; ci++) {
			fig_cell scratch;
			c = (int)ci;
			memset(&scratch, 0, sizeof scratch);
			if (read_val(r, vals->items[ci], t->def->cols[c].kind,
			    dst != NULL ? &dst->c[s * t->def->ncols + c] : &scratch, t->def->key) != 0)
				return -1;
		}
	}
	return 0;
}

static int
jv_key_cmp(const void *a, const void *b)
{
	const pm_jv *x = *(const pm_jv *const *)a, *y = *(const pm_jv *const *)b;

	return strcmp(x->s, y->s);
}

/* No two rows of a table have one key (each would be added). */
static int
rows_unique(struct rd *r, const pm_jv *rows, const char *what)
{
	const pm_jv **keys = pm_xcalloc(rows->n + 1, sizeof *keys);
	size_t i, n = 0;
	int rc = 0;

	for (i = 0; i < rows->n; i++) {
		const pm_jv *k = pm_jv_get(rows->items[i], "key");
		if (k != NULL && k->type == PM_JV_STR)
			keys[n++] = k;
	}
	qsort(keys, n, sizeof *keys, jv_key_cmp);
	for (i = 1; i < n && rc == 0; i++)
		if (strcmp(keys[i - 1]->s, keys[i]->s) == 0)
			rc = bad(r, keys[i], _("two rows have this key"), what);
	free(keys);
	return rc;
}

static int
read_tables(struct rd *r, const pm_jv *tabs)
{
	static const char *const members[] = { "cols", "rows", NULL };
	size_t i, j;

	if (want(r, tabs, PM_JV_OBJ, "tables") != 0)
		return -1;
	for (i = 0; i < tabs->n; i++) {
		const char *key = tabs->keys[i]->s;
		const pm_jv *o = tabs->items[i], *cols, *rows;
		struct fig_table *t = find_table(r->f, key);
		if (t == NULL || strlen(key) != tabs->keys[i]->len)
			return bad(r, tabs->keys[i], _("not a table of this report"), key);
		if (want(r, o, PM_JV_OBJ, key) != 0 || only(r, o, members, key) != 0)
			return -1;
		cols = pm_jv_get(o, "cols");
		rows = pm_jv_get(o, "rows");
		if (want(r, cols, PM_JV_ARR, key) != 0 || want(r, rows, PM_JV_ARR, key) != 0)
			return -1;
		if (cols->n != (size_t)t->def->ncols)
			return bad(r, cols, _("the columns differ from this report's"), key);
		for (j = 0; j < cols->n; j++)
			if (cols->items[j]->type != PM_JV_STR ||
			    strcmp(cols->items[j]->s, t->def->cols[j].key) != 0)
				return bad(r, cols->items[j], _("the columns differ from this report's"),
				    key);
		if (rows->n > PM_FIG_ROWS_MAX)
			return bad(r, rows, _("more rows than a report keeps"), key);
		if (!r->apply && rows_unique(r, rows, key) != 0)
			return -1;
		for (j = 0; j < rows->n; j++)
			if (read_row(r, t, rows->items[j]) != 0)
				return -1;
	}
	return 0;
}

static int
read_month(struct rd *r, const pm_jv *root, const char *member, pm_month *out)
{
	const pm_jv *v = pm_jv_get(root, member);
	pm_err e;

	if (want(r, v, PM_JV_STR, member) != 0)
		return -1;
	if (v->len != 7 || v->s[4] != '-' || pm_month_parse(v->s, 0, out, &e) != 0)
		return bad(r, v, _("expected a month YYYY-MM"), member);
	return 0;
}

static int
same_month(pm_month a, pm_month b)
{
	return a.year == b.year && a.month == b.month;
}

/* The report's head: what it is, its version and months. */
static int
read_head(struct rd *r, const pm_jv *root, pm_month *m)
{
	static const char *const members[] = {
		"report", "version", "month", "prev", "yoy", "site", "sites", "figures", "tables",
		"kpi", NULL
	};
	const pm_jv *v;
	pm_month p, y;

	if (want(r, root, PM_JV_OBJ, NULL) != 0)
		return -1;
	v = pm_jv_get(root, "report");
	if (want(r, v, PM_JV_STR, "report") != 0)
		return -1;
	if (strcmp(v->s, "monthly") != 0)
		return bad(r, v, _("not a monthly report"), "report");
	v = pm_jv_get(root, "version");
	if (want(r, v, PM_JV_INT, "version") != 0)
		return -1;
	if (v->i != 1) {
		char why[120];
		snprintf(why, sizeof why, _("version %lld; this pm reads version 1"), (long long)v->i);
		return bad(r, v, why, "version");
	}
	if (only(r, root, members, NULL) != 0 || read_month(r, root, "month", m) != 0 ||
	    read_month(r, root, "prev", &p) != 0 || read_month(r, root, "yoy", &y) != 0)
		return -1;
	if (!same_month(p, pm_month_add(*m, -1)) || !same_month(y, pm_month_add(*m, -12)))
		return bad(r, root, _("prev and yoy are not the month before and a year before"),
		    NULL);
	return 0;
}

int
pm_figs_peek_month(const char *text, size_t len, const char *name, pm_month *out, pm_err *err)
{
	pm_jv_limits lim = { 0, 0, PM_JV_UNIQUE };
	struct rd r = { NULL, name, err, 0, NULL };
	pm_jv *root = NULL;
	int rc;

	if ((rc = pm_jv_parse(text, len, name, &lim, &root, err)) != 0)
		return rc;
	r.root = root;
	rc = read_head(&r, root, out) != 0 ? err->status : 0;
	pm_jv_free(root);
	return rc;
}

/* The sorted union of two comma lists into a new string. */
static char *
sites_union(const char *a, const char *b)
{
	const char *v[2] = { a, b };
	char **list = NULL;
	size_t n = 0, cap = 0, i;
	pm_buf out;
	int k;

	for (k = 0; k < 2; k++) {
		const char *s = v[k];
		while (s != NULL && *s != '\0') {
			const char *e = strchr(s, ',');
			size_t l = e != NULL ? (size_t)(e - s) : strlen(s);
			if (n == cap) {
				cap = cap ? cap * 2 : 8;
				list = realloc(list, cap * sizeof *list);
				if (list == NULL)
					abort();
			}
			list[n] = pm_xmalloc(l + 1);
			memcpy(list[n], s, l);
			list[n++][l] = '\0';
			s = e != NULL ? e + 1 : NULL;
		}
	}
	for (i = 1; i < n; i++) {       /* a handful of sites: insertion sort */
		char *x = list[i];
		size_t j = i;
		while (j > 0 && strcmp(list[j - 1], x) > 0) {
			list[j] = list[j - 1];
			j--;
		}
		list[j] = x;
	}
	pm_buf_init(&out);
	for (i = 0; i < n; i++) {
		if (i > 0 && strcmp(list[i], list[i - 1]) == 0)
			continue;
		if (out.len > 0)
			pm_buf_addc(&out, ',');
		if (list[i][0] != '\0')
			pm_buf_adds(&out, list[i]);
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	return pm_buf_detach(&out);
}

/* The report's site and sites, checked; the list as a comma list. */
static int
read_sites(struct rd *r, const pm_jv *root, const char **site, pm_buf *sites)
{
	const pm_jv *s = pm_jv_get(root, "site"), *l = pm_jv_get(root, "sites");
	size_t i, j;

	*site = NULL;
	if (s == NULL || (s->type != PM_JV_NULL && s->type != PM_JV_STR))
		return bad(r, s != NULL ? s : root, _("expected a site code or null"), "site");
	if (s->type == PM_JV_STR)
		*site = s->s;
	if (want(r, l, PM_JV_ARR, "sites") != 0)
		return -1;
	for (i = 0; i < l->n; i++) {
		const pm_jv *c = l->items[i];
		if (c->type != PM_JV_STR || c->len == 0 || strchr(c->s, ',') != NULL ||
		    strlen(c->s) != c->len)
			return bad(r, c, _("expected a site code"), "sites");
		/* a site counted twice doubles its figures: each site's
		 * report is merged once */
		for (j = 0; j < i; j++)
			if (strcmp(l->items[j]->s, c->s) == 0)
				return bad(r, c, _("a site listed twice"), c->s);
		if (sites->len > 0)
			pm_buf_addc(sites, ',');
		pm_buf_adds(sites, c->s);
	}
	return 0;
}

/* A site of this report (read_sites has checked them) merged already,
 * from another report or this one named twice, is refused: its figures
 * would count twice.  The message names the site and both reports. */
static int
sites_new(struct rd *r, const pm_jv *l)
{
	char why[300];
	size_t i;
	int k;

	for (i = 0; i < l->n; i++)
		for (k = 0; k < r->f->nfrom; k++)
			if (strcmp(r->f->from[k].site, l->items[i]->s) == 0) {
				snprintf(why, sizeof why, _("site %s is in %s too: a site's report is "
				    "merged once"), l->items[i]->s, r->f->from[k].name);
				return bad(r, l->items[i], why, NULL);
			}
	return 0;
}

int
pm_figs_merge(pm_figs *into, const char *text, size_t len, const char *name, pm_err *err)
{
	pm_jv_limits lim = { 0, 0, PM_JV_UNIQUE };
	struct rd r = { into, name, err, 0, NULL };
	const char *site;
	pm_jv *root = NULL;
	pm_month m;
	pm_buf sites;
	int rc = 0, pass;

	pm_buf_init(&sites);
	if ((rc = pm_jv_parse(text, len, name, &lim, &root, err)) != 0)
		goto out;
	r.root = root;
	if (read_head(&r, root, &m) != 0 || read_sites(&r, root, &site, &sites) != 0) {
		rc = err->status;
		goto out;
	}
	if (!same_month(m, into->month)) {
		char a[16], b[16], why[120];
		pm_month_format(m, a, sizeof a);
		pm_month_format(into->month, b, sizeof b);
		snprintf(why, sizeof why, _("month %s; the report merged is of %s"), a, b);
		bad(&r, pm_jv_get(root, "month"), why, NULL);
		rc = err->status;
		goto out;
	}
	/* check everything first: a file refused adds nothing */
	for (pass = 0; pass < 2; pass++) {
		r.apply = pass;
		if (read_figures(&r, pm_jv_get(root, "figures")) != 0 ||
		    read_tables(&r, pm_jv_get(root, "tables")) != 0) {
			rc = err->status != 0 ? err->status : PM_EX_DATAERR;
			goto out;
		}
		if (pm_jv_get(root, "kpi") != NULL &&
		    want(&r, pm_jv_get(root, "kpi"), PM_JV_ARR, "kpi") != 0) {
			rc = err->status;
			goto out;
		}
		/* a sound report, but of a site merged already */
		if (pass == 0 && sites_new(&r, pm_jv_get(root, "sites")) != 0) {
			rc = err->status;
			goto out;
		}
	}
	if (into->nmerged++ == 0) {
		free(into->site);
		into->site = site != NULL ? pm_xstrdup(site) : NULL;
		free(into->sites);
		into->sites = sites_union(sites.s, NULL);
	} else {
		char *u = sites_union(into->sites, sites.s);
		free(into->site);
		into->site = NULL;
		free(into->sites);
		into->sites = u;
	}
	/* where each site came from, for the message refusing it again */
	{
		const pm_jv *l = pm_jv_get(root, "sites");
		struct fig_from *grown;
		size_t i;

		grown = realloc(into->from, ((size_t)into->nfrom + l->n + 1) * sizeof *grown);
		if (grown == NULL)
			abort();
		into->from = grown;
		for (i = 0; i < l->n; i++) {
			into->from[into->nfrom].site = pm_xstrdup(l->items[i]->s);
			into->from[into->nfrom++].name = pm_xstrdup(name);
		}
	}
	tables_finish(into);
out:
	pm_jv_free(root);
	pm_buf_free(&sites);
	return rc;
}

/* ---- the document ------------------------------------------------------------------ */

static void fig_chart(pm_doc *d, const struct fig_table *t);

/* A row's label as a document shows it: pm's words in the reader's
 * language, the data's as they are (figure.h: labels). */
static const char *
row_label(const struct fig_table *t, const struct fig_row *row)
{
	const char *l = row->label != NULL ? row->label : row->key;

	if (t->def->labels == PM_FIG_LABEL_MSGID && l[0] != '\0')
		return _(l);
	return l;
}

/* The change from last month to this: "+3", "-1.25 pp", "+15min"; ""
 * when either is no figure.  *worse when it goes the wrong way. */
static void
fmt_change(const pm_fig_def *def, const pm_fig_val *cur, const pm_fig_val *prev, char *buf,
    size_t n, int *worse)
{
	int64_t x, y, dx;
	char num[64];

	*worse = 0;
	buf[0] = '\0';
	if (!cur->set || !prev->set)
		return;
	x = val_number(def->kind, cur);
	y = val_number(def->kind, prev);
	dx = x - y;
	if (dx == 0) {
		snprintf(buf, n, "0");
		return;
	}
	*worse = def->better != 0 && (dx > 0) != (def->better > 0);
	fmt_number(def->kind, dx < 0 ? -dx : dx, num, sizeof num);
	if (def->kind == PM_FIG_RATIO) {
		/* points of a percentage, not a percentage of it */
		num[strlen(num) - 1] = '\0';
		/* TRANSLATORS: a change of a percentage in percentage points */
		snprintf(buf, n, _("%c%s pp"), dx < 0 ? '-' : '+', num);
	} else {
		snprintf(buf, n, "%c%s", dx < 0 ? '-' : '+', num);
	}
	if (*worse) {
		size_t l = strlen(buf);
		/* TRANSLATORS: marks a change for the worse */
		snprintf(buf + l, n - l, " %s", _("(worse)"));
	}
}

/* A section's scalar figures: figure | this month | last month |
 * change | a year ago | target. */
static void
doc_figures(const pm_figs *f, pm_doc *d, const pm_fig_section *sec)
{
	const char *head[6], *cells[6];
	char cur[96], prev[96], yoy[96], change[96], target[96];
	pm_fig_val v[PM_FIG_NSLOT];
	int i, s, worse;

	head[0] = _("figure");
	head[1] = _("this month");
	head[2] = _("last month");
	head[3] = _("change");
	head[4] = _("a year ago");
	head[5] = _("target");
	pm_doc_table(d, head, 6, 0x3e);
	for (i = 0; i < sec->nfigs; i++) {
		const struct fig_fig *g = find_fig(f, sec->figs[i].key);
		int missed = 0;
		for (s = 0; s < PM_FIG_NSLOT; s++)
			cell_val(g->def->kind, &g->v[s], &v[s]);
		fmt_val(g->def->kind, &v[PM_FIG_CUR], cur, sizeof cur);
		fmt_val(g->def->kind, &v[PM_FIG_PREV], prev, sizeof prev);
		fmt_val(g->def->kind, &v[PM_FIG_YOY], yoy, sizeof yoy);
		fmt_change(g->def, &v[PM_FIG_CUR], &v[PM_FIG_PREV], change, sizeof change, &worse);
		target[0] = '\0';
		if (g->target >= 0) {
			pm_fig_val tv;
			char num[64];
			missed = target_met(f, g->target, &tv) == 0;
			fmt_number(g->def->kind, f->targets[g->target].value, num, sizeof num);
			snprintf(target, sizeof target, "%s %s%s%s", op_text(f->targets[g->target].op),
			    num, missed ? " " : "", missed ? _("(missed)") : "");
		}
		cells[0] = _(g->def->label);
		cells[1] = cur;
		cells[2] = prev;
		cells[3] = change;
		cells[4] = yoy;
		cells[5] = target;
		pm_doc_row(d, cells, missed);
	}
	pm_doc_table_end(d);
}

/* A breakdown table: its key column, every column this month, and the
 * sort column last month and a year ago where the table keeps them. */
static void
doc_table(pm_doc *d, const struct fig_table *t)
{
	const pm_fig_table_def *def = t->def;
	const char *head[PM_FIG_MAXCOLS + 3], *cells[PM_FIG_MAXCOLS + 3];
	char text[PM_FIG_MAXCOLS + 3][96];
	int c, r, nc = 0, extra = 0, top, sc = def->sort_col >= 0 ? def->sort_col : 0;
	unsigned right = 0;
	pm_fig_val v;
	char h[2][160];

	pm_doc_heading(d, 2, _(def->label));
	if (t->nrows == 0) {
		pm_doc_para(d, _("Nothing this month."));
		return;
	}
	head[nc++] = _(def->rowlabel);
	for (c = 0; c < def->ncols; c++) {
		right |= 1u << nc;
		head[nc++] = _(def->cols[c].label);
	}
	if (def->slots & (1u << PM_FIG_PREV)) {
		snprintf(h[0], sizeof h[0], "%s, %s", _(def->cols[sc].label), _("last month"));
		right |= 1u << nc;
		head[nc++] = h[0];
		extra |= 1;
	}
	if (def->slots & (1u << PM_FIG_YOY)) {
		snprintf(h[1], sizeof h[1], "%s, %s", _(def->cols[sc].label), _("a year ago"));
		right |= 1u << nc;
		head[nc++] = h[1];
		extra |= 2;
	}
	pm_doc_table(d, head, nc, right);
	top = def->top > 0 && def->top < t->nrows ? def->top : t->nrows;
	for (r = 0; r < top; r++) {
		const struct fig_row *row = &t->rows[r];
		int k = 0;
		cells[k++] = row_label(t, row);
		for (c = 0; c < def->ncols; c++) {
			cell_val(def->cols[c].kind, &row->c[PM_FIG_CUR * def->ncols + c], &v);
			fmt_val(def->cols[c].kind, &v, text[k], sizeof text[k]);
			cells[k] = text[k];
			k++;
		}
		if (extra & 1) {
			cell_val(def->cols[sc].kind, &row->c[PM_FIG_PREV * def->ncols + sc], &v);
			fmt_val(def->cols[sc].kind, &v, text[k], sizeof text[k]);
			cells[k] = text[k];
			k++;
		}
		if (extra & 2) {
			cell_val(def->cols[sc].kind, &row->c[PM_FIG_YOY * def->ncols + sc], &v);
			fmt_val(def->cols[sc].kind, &v, text[k], sizeof text[k]);
			cells[k] = text[k];
			k++;
		}
		pm_doc_row(d, cells, 0);
	}
	pm_doc_table_end(d);
	fig_chart(d, t);
}

int
pm_figs_doc(const pm_figs *f, pm_doc *d, pm_err *err)
{
	char line[400], m[3][16], heading[200];
	int i, j, nmissed = 0;
	pm_fig_val v;

	(void)err;
	pm_month_format(f->month, m[0], sizeof m[0]);
	pm_month_format(pm_month_add(f->month, -1), m[1], sizeof m[1]);
	pm_month_format(pm_month_add(f->month, -12), m[2], sizeof m[2]);
	for (i = 0; i < f->ntargets; i++)
		if (target_met(f, i, &v) == 0)
			nmissed++;
	snprintf(line, sizeof line, _("Month %s compared with %s and %s.  Sites: %s.  "
	    "Targets: %d, missed: %d."), m[0], m[1], m[2],
	    f->sites != NULL && f->sites[0] != '\0' ? f->sites : "-", f->ntargets, nmissed);
	pm_doc_para(d, line);
	for (i = 0; i < f->nsections; i++) {
		const pm_fig_section *sec = f->sections[i];
		snprintf(heading, sizeof heading, "%d. %s", i + 1, _(sec->title));
		pm_doc_heading(d, 1, heading);
		if (sec->nfigs == 0 && sec->ntables == 0) {
			pm_doc_para(d, _("No figures."));
			continue;
		}
		if (sec->nfigs > 0)
			doc_figures(f, d, sec);
		for (j = 0; j < sec->ntables; j++)
			doc_table(d, find_table(f, sec->tables[j].key));
	}
	return 0;
}

/* A chart's value as the table shows it ("95.00%", "¥1,234.50"). */
static void
chart_fmt(pm_buf *out, int64_t x, void *arg)
{
	char buf[64];

	fmt_number(*(const pm_fig_kind *)arg, x, buf, sizeof buf);
	pm_buf_adds(out, buf);
}

static int
chart_by_key(const void *a, const void *b)
{
	return strcmp((*(const struct fig_row *const *)a)->key,
	    (*(const struct fig_row *const *)b)->key);
}

/*
 * A table's chart (html only): column chart_col of this month, one
 * point a row, in the number the table's sort uses (a ratio's
 * hundredths, a distribution's median), written as the table writes
 * it.  Bars and columns draw the rows the table shows (its top, in its
 * order); a line draws every row in key order (a trend's months), a
 * row with no figure a gap.  The chart's title is the column's label:
 * the table's heading is just above.
 */
static void
fig_chart(pm_doc *d, const struct fig_table *t)
{
	const pm_fig_table_def *def = t->def;
	const struct fig_row **rows;
	pm_chart_point *pts;
	pm_chart c;
	pm_fig_kind kind;
	pm_fig_val v;
	pm_buf svg;
	int i, n;

	if (def->chart == PM_FIG_CHART_NONE || pm_doc_format(d) != PM_DOC_HTML ||
	    def->chart_col < 0 || def->chart_col >= def->ncols || t->nrows == 0)
		return;
	kind = def->cols[def->chart_col].kind;
	n = t->nrows;
	if (def->chart != PM_FIG_CHART_LINE && def->top > 0 && def->top < n)
		n = def->top;
	if (n > PM_CHART_MAXPTS)
		n = PM_CHART_MAXPTS;
	rows = pm_xcalloc((size_t)n, sizeof *rows);
	pts = pm_xcalloc((size_t)n, sizeof *pts);
	for (i = 0; i < n; i++)
		rows[i] = &t->rows[i];
	if (def->chart == PM_FIG_CHART_LINE)
		qsort(rows, (size_t)n, sizeof *rows, chart_by_key);
	for (i = 0; i < n; i++) {
		cell_val(kind, &rows[i]->c[PM_FIG_CUR * def->ncols + def->chart_col], &v);
		pts[i].label = row_label(t, rows[i]);
		pts[i].set = v.set;
		pts[i].value = v.set ? val_number(kind, &v) : 0;
	}
	c.kind = def->chart == PM_FIG_CHART_BAR ? PM_CHART_BAR :
	    def->chart == PM_FIG_CHART_COLS ? PM_CHART_COLS : PM_CHART_LINE;
	c.title = _(def->cols[def->chart_col].label);
	c.pts = pts;
	c.n = n;
	c.fmt = chart_fmt;
	c.arg = &kind;
	pm_buf_init(&svg);
	pm_chart_svg(&svg, &c);
	pm_doc_svg(d, svg.s);
	pm_buf_free(&svg);
	free(pts);
	free(rows);
}
