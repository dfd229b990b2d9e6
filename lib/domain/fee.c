/* fee.c — pm-fee's accounts, items, rates and rules; see fee.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fee.h"
#include "fee_meter.h"
#include "i18n.h"
#include "ledger.h"
#include "money.h"
#include "text.h"

int
pm_fee_account(pm_buf *out, const char *prefix, const char *a, const char *b, pm_err *err)
{
	const char *bad = NULL;

	pm_buf_reset(out);
	pm_buf_adds(out, prefix);
	/* a component never holds the separator: "a:b" would be two */
	if (a != NULL && strchr(a, ':') != NULL)
		bad = a;
	else if (b != NULL && strchr(b, ':') != NULL)
		bad = b;
	if (bad != NULL) {
		pm_text_fail(err, PM_EX_DATAERR, _("%s: ':' cannot be part of an account name"),
		    bad);
		err->field = "account";
		return PM_EX_DATAERR;
	}
	if (a != NULL) {
		pm_buf_addc(out, ':');
		pm_buf_adds(out, a);
	}
	if (b != NULL) {
		pm_buf_addc(out, ':');
		pm_buf_adds(out, b);
	}
	if (!pm_ledger_account_valid(out->s)) {
		pm_text_fail(err, PM_EX_DATAERR, _("%s: not a valid account name"), out->s);
		err->field = "account";
		return PM_EX_DATAERR;
	}
	return 0;
}

static const char *const basis_names[] = {
	"area", "fixed", "parking", "metered", "shared", "oneoff"
};
#define BASIS_CHOICES "area|fixed|parking|metered|shared|oneoff"

const char *
pm_fee_basis_name(pm_fee_basis b)
{
	if ((int)b < 0 || (size_t)b >= sizeof basis_names / sizeof basis_names[0])
		return "unknown";
	return basis_names[b];
}

/* ---- the configuration ------------------------------------------------- */

static int
code_ok(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return i >= 1 && i <= PM_FEE_CODE_MAX;
}

/* YYYY-MM exactly. */
static int
month_read(const pm_ydoc *doc, const pm_ynode *n, pm_month *m, pm_err *err)
{
	const char *s;
	int rc;

	if ((rc = pm_yaml_str(doc, n, &s, err)) != 0)
		return rc;
	if (strlen(s) != 7 || s[4] != '-' || strspn(s, "0123456789-") != 7 ||
	    sscanf(s, "%4d-%2d", &m->year, &m->month) != 2 || m->year < 1 || m->month < 1 ||
	    m->month > 12)
		return pm_yaml_error(err, doc, n, _("expected a month YYYY-MM"));
	return 0;
}

/* A rate in yuan to four decimals, 0..max (0.0001 yuan). */
static int
rate_read(const pm_ydoc *doc, const pm_ynode *n, int64_t max, int64_t *out, pm_err *err)
{
	const char *s;
	pm_err e;
	int rc;

	if ((rc = pm_yaml_str(doc, n, &s, err)) != 0)
		return rc;
	if (pm_decimal_parse(s, PM_FEE_RATE_SCALE, 0, out, &e) != 0)
		return pm_yaml_error(err, doc, n, "%s", e.msg);
	if (*out > max) {
		char b[48];

		pm_decimal_format(max, PM_FEE_RATE_SCALE, b, sizeof b);
		return pm_yaml_error(err, doc, n, _("a rate above %s"), b);
	}
	return 0;
}

static int
opt_str(const pm_ydoc *doc, const pm_ynode *map, const char *key, const char **out,
    pm_err *err)
{
	const pm_ynode *n = pm_yaml_get(map, key);

	*out = NULL;
	if (n == NULL)
		return 0;
	return pm_yaml_str(doc, n, out, err);
}

static int
only_keys(const pm_ydoc *doc, const pm_ynode *map, const char *const *keys, pm_err *err)
{
	size_t i, k;

	for (i = 0; i < map->n; i++) {
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(map->keys[i]->str, keys[k]) == 0)
				break;
		if (keys[k] == NULL)
			return pm_yaml_error(err, doc, map->keys[i], _("unknown key %s"),
			    map->keys[i]->str);
	}
	return 0;
}

static int
tiers_read(const pm_ydoc *doc, const pm_ynode *seq, pm_fee_rate *r, pm_err *err)
{
	static const char *const keys[] = { "upto", "rate", NULL };
	size_t i;
	int rc;

	if (seq->kind != PM_Y_SEQ || seq->n == 0 || seq->n > PM_FEE_TIERS_MAX)
		return pm_yaml_error(err, doc, seq, _("expected a list of 1 to %d tiers"),
		    PM_FEE_TIERS_MAX);
	for (i = 0; i < seq->n; i++) {
		const pm_ynode *t = seq->items[i], *u;
		pm_fee_tier *x = &r->tiers[i];
		const char *s;
		pm_err e;

		if (t->kind != PM_Y_MAP)
			return pm_yaml_error(err, doc, t, _("expected a mapping"));
		if ((rc = only_keys(doc, t, keys, err)) != 0)
			return rc;
		if (pm_yaml_get(t, "rate") == NULL)
			return pm_yaml_error(err, doc, t, _("a tier needs a rate"));
		if ((rc = rate_read(doc, pm_yaml_get(t, "rate"), PM_FEE_RATE_MAX, &x->rate,
		    err)) != 0)
			return rc;
		x->upto = 0;
		if ((u = pm_yaml_get(t, "upto")) != NULL) {
			if ((rc = pm_yaml_str(doc, u, &s, err)) != 0)
				return rc;
			if (pm_decimal_parse(s, 2, 0, &x->upto, &e) != 0 || x->upto <= 0 ||
			    x->upto > INT64_C(100000000000))
				return pm_yaml_error(err, doc, u,
				    _("expected a consumption above 0 with up to two decimals"));
			if (i > 0 && x->upto <= r->tiers[i - 1].upto)
				return pm_yaml_error(err, doc, u,
				    _("tiers must rise: upto above the tier before"));
		} else if (i + 1 < seq->n) {
			return pm_yaml_error(err, doc, t, _("only the last tier may leave out upto"));
		}
	}
	r->ntiers = (int)seq->n;
	return 0;
}

static int
rate_entry(const pm_ydoc *doc, const pm_ynode *n, pm_fee_item *it, pm_fee_rate *r,
    pm_err *err)
{
	static const char *const keys[] = { "from", "rate", "site", "building", "kind",
		"tiers", NULL };
	static const char *const kinds[] = { "residence", "shop", "office", "parking",
		"storage", NULL };
	const pm_ynode *v;
	int64_t max = it->basis == PM_FEE_AREA ? PM_FEE_AREA_RATE_MAX :
	    it->basis == PM_FEE_SHARED ? PM_FEE_SHARED_MAX : PM_FEE_RATE_MAX;
	size_t k;
	int rc;

	memset(r, 0, sizeof *r);
	r->line = n->line;
	if (n->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, n, _("expected a mapping"));
	if ((rc = only_keys(doc, n, keys, err)) != 0)
		return rc;
	if ((v = pm_yaml_get(n, "from")) == NULL)
		return pm_yaml_error(err, doc, n, _("a rate needs from (YYYY-MM)"));
	if ((rc = month_read(doc, v, &r->from, err)) != 0)
		return rc;
	if ((v = pm_yaml_get(n, "rate")) == NULL)
		return pm_yaml_error(err, doc, n, _("a rate needs rate"));
	if ((rc = rate_read(doc, v, max, &r->rate, err)) != 0)
		return rc;
	if (it->basis == PM_FEE_SHARED && r->rate % 100 != 0)
		return pm_yaml_error(err, doc, v, _("a shared total is whole fen"));
	if ((rc = opt_str(doc, n, "site", &r->site, err)) != 0 ||
	    (rc = opt_str(doc, n, "building", &r->building, err)) != 0 ||
	    (rc = opt_str(doc, n, "kind", &r->kind, err)) != 0)
		return rc;
	if (r->building != NULL && r->site == NULL)
		return pm_yaml_error(err, doc, n, _("a building is named within its site"));
	if (r->kind != NULL) {
		for (k = 0; kinds[k] != NULL && strcmp(kinds[k], r->kind) != 0; k++)
			;
		if (kinds[k] == NULL)
			return pm_yaml_error(err, doc, pm_yaml_get(n, "kind"),
			    _("expected a unit kind: residence, shop, office, parking or storage"));
	}
	if ((v = pm_yaml_get(n, "tiers")) != NULL) {
		if (it->basis != PM_FEE_METERED)
			return pm_yaml_error(err, doc, v, _("only a metered item has tiers"));
		if ((rc = tiers_read(doc, v, r, err)) != 0)
			return rc;
	}
	return 0;
}

static int
item_entry(const pm_ydoc *doc, const pm_ynode *key, const pm_ynode *n, pm_fee_item *it,
    pm_err *err)
{
	static const char *const keys[] = { "name", "basis", "split", "meter", "rates", NULL };
	const pm_ynode *v;
	size_t i;
	int idx, rc;

	memset(it, 0, sizeof *it);
	it->code = key->str;
	if (!code_ok(it->code))
		return pm_yaml_error(err, doc, key,
		    _("an item code is 1-32 of A-Z a-z 0-9 _ -"));
	if (n->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, n, _("expected a mapping"));
	if ((rc = only_keys(doc, n, keys, err)) != 0)
		return rc;
	if ((rc = opt_str(doc, n, "name", &it->name, err)) != 0)
		return rc;
	if (it->name == NULL)
		it->name = it->code;
	if ((v = pm_yaml_get(n, "basis")) == NULL)
		return pm_yaml_error(err, doc, n, _("an item needs a basis"));
	if ((rc = pm_yaml_enum(doc, v, BASIS_CHOICES, &idx, err)) != 0)
		return rc;
	it->basis = (pm_fee_basis)idx;
	if ((v = pm_yaml_get(n, "split")) != NULL) {
		if (it->basis != PM_FEE_SHARED)
			return pm_yaml_error(err, doc, v, _("only a shared item is split"));
		if ((rc = pm_yaml_enum(doc, v, "area|household", &idx, err)) != 0)
			return rc;
		it->by_household = idx == 1;
	}
	if ((v = pm_yaml_get(n, "meter")) != NULL) {
		if (it->basis != PM_FEE_METERED)
			return pm_yaml_error(err, doc, v, _("only a metered item names a meter"));
		if ((rc = pm_yaml_enum(doc, v, PM_FEE_METER_KINDS, &idx, err)) != 0)
			return rc;
		it->meter = v->str;
	}
	v = pm_yaml_get(n, "rates");
	if (it->basis == PM_FEE_ONEOFF) {
		if (v != NULL)
			return pm_yaml_error(err, doc, v, _("a one-off item has no rates"));
		return 0;
	}
	if (v == NULL || v->kind != PM_Y_SEQ || v->n == 0)
		return pm_yaml_error(err, doc, v != NULL ? v : n, _("expected a list of rates"));
	it->rates = pm_xcalloc(v->n, sizeof *it->rates);
	it->nrates = v->n;
	for (i = 0; i < v->n; i++)
		if ((rc = rate_entry(doc, v->items[i], it, &it->rates[i], err)) != 0)
			return rc;
	if (it->basis == PM_FEE_METERED && it->meter == NULL)
		return pm_yaml_error(err, doc, n,
		    _("a metered item names the kind of meter it charges (meter: %s)"),
		    PM_FEE_METER_KINDS);
	return 0;
}

static int
vacant_entry(const pm_ydoc *doc, const pm_ynode *n, pm_fee_conf *c, pm_fee_vacant *v,
    pm_err *err)
{
	static const char *const keys[] = { "item", "site", "from", "to", "percent", NULL };
	const pm_ynode *x;
	int64_t pct = 0;
	int rc;

	memset(v, 0, sizeof *v);
	if (n->kind != PM_Y_MAP)
		return pm_yaml_error(err, doc, n, _("expected a mapping"));
	if ((rc = only_keys(doc, n, keys, err)) != 0 ||
	    (rc = opt_str(doc, n, "item", &v->item, err)) != 0 ||
	    (rc = opt_str(doc, n, "site", &v->site, err)) != 0)
		return rc;
	if (v->item != NULL && pm_fee_item_find(c, v->item) == NULL)
		return pm_yaml_error(err, doc, pm_yaml_get(n, "item"), _("no such fee item"));
	if ((x = pm_yaml_get(n, "from")) == NULL || (rc = month_read(doc, x, &v->from, err)) != 0)
		return x == NULL ? pm_yaml_error(err, doc, n, _("a vacant rule needs from")) : rc;
	if ((x = pm_yaml_get(n, "to")) == NULL || (rc = month_read(doc, x, &v->to, err)) != 0)
		return x == NULL ? pm_yaml_error(err, doc, n, _("a vacant rule needs to")) : rc;
	if (v->to.year * 12 + v->to.month < v->from.year * 12 + v->from.month)
		return pm_yaml_error(err, doc, x, _("to is before from"));
	if ((x = pm_yaml_get(n, "percent")) == NULL)
		return pm_yaml_error(err, doc, n, _("a vacant rule needs percent"));
	if ((rc = pm_yaml_int(doc, x, 0, 100, &pct, err)) != 0)
		return rc;
	v->percent = (int)pct;
	return 0;
}

void
pm_fee_conf_free(pm_fee_conf *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nitems; i++)
		free(c->items[i].rates);
	free(c->items);
	free(c->vacant);
	free(c);
}

int
pm_fee_conf_load(const pm_config *cfg, pm_fee_conf **out, pm_err *err)
{
	const pm_ydoc *doc = pm_config_doc(cfg);
	const pm_ynode *n;
	pm_fee_conf *c = pm_xcalloc(1, sizeof *c);
	size_t i, j;
	int rc = 0;

	*out = NULL;
	pm_fee_rules_default(&c->rules);
	if (pm_round_parse(pm_config_str(cfg, "money.rounding"), &c->rules.round) != 0 ||
	    pm_prorate_parse(pm_config_str(cfg, "fee.proration"), &c->rules.prorate) != 0 ||
	    pm_fee_order_parse(pm_config_str(cfg, "fee.allocation"), &c->rules.order) != 0) {
		rc = pm_err_set(err, PM_EX_CONFIG, _("fee: a rule the schema should have refused"));
		goto out;
	}
	c->rules.late.rate_ppm = pm_config_int(cfg, "fee.late_rate");
	c->rules.late.grace_days = (int)pm_config_int(cfg, "fee.late_grace");
	c->rules.late.cap_ppm = pm_config_int(cfg, "fee.late_cap");
	c->due_day = (int)pm_config_int(cfg, "fee.due_day");
	c->credit_auto = strcmp(pm_config_str(cfg, "fee.credit"), "auto") == 0;
	if ((n = pm_config_node(cfg, "fee.items")) != NULL) {
		if (n->kind != PM_Y_MAP) {
			rc = pm_yaml_error(err, doc, n, _("expected a mapping of item codes"));
			goto out;
		}
		c->items = pm_xcalloc(n->n ? n->n : 1, sizeof *c->items);
		for (i = 0; i < n->n; i++) {
			for (j = 0; j < i; j++)
				if (strcmp(n->keys[j]->str, n->keys[i]->str) == 0) {
					rc = pm_yaml_error(err, doc, n->keys[i],
					    _("item %s is given twice"), n->keys[i]->str);
					goto out;
				}
			c->nitems = i + 1;
			if ((rc = item_entry(doc, n->keys[i], n->items[i], &c->items[i], err)) != 0)
				goto out;
		}
	}
	if ((n = pm_config_node(cfg, "fee.vacant")) != NULL) {
		if (n->kind != PM_Y_SEQ) {
			rc = pm_yaml_error(err, doc, n, _("expected a list of vacant-unit rules"));
			goto out;
		}
		c->vacant = pm_xcalloc(n->n ? n->n : 1, sizeof *c->vacant);
		for (i = 0; i < n->n; i++) {
			c->nvacant = i + 1;
			if ((rc = vacant_entry(doc, n->items[i], c, &c->vacant[i], err)) != 0)
				goto out;
		}
	}
out:
	if (rc != 0)
		pm_fee_conf_free(c);
	else
		*out = c;
	return rc;
}

const pm_fee_item *
pm_fee_item_find(const pm_fee_conf *c, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < c->nitems; i++)
		if (strcmp(c->items[i].code, code) == 0)
			return &c->items[i];
	return NULL;
}

static int
month_cmp(pm_month a, pm_month b)
{
	int x = a.year * 12 + a.month, y = b.year * 12 + b.month;

	return (x > y) - (x < y);
}

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

int
pm_fee_rate_in_force(const pm_fee_item *it, const pm_fee_rate *r, pm_month m)
{
	size_t i;

	if (month_cmp(r->from, m) > 0)
		return 0;
	for (i = 0; i < it->nrates; i++) {
		const pm_fee_rate *o = &it->rates[i];

		if (o == r || !same(o->site, r->site) || !same(o->building, r->building) ||
		    !same(o->kind, r->kind) || month_cmp(o->from, m) > 0)
			continue;
		/* a later one of the same scope, or the same month given later */
		if (month_cmp(o->from, r->from) > 0 || (month_cmp(o->from, r->from) == 0 && o > r))
			return 0;
	}
	return 1;
}

pm_date
pm_fee_due(const pm_fee_conf *c, pm_month m)
{
	pm_date d;

	if (c->due_day == 0) {
		d.year = m.year;
		d.month = m.month;
		d.day = pm_month_days(m);
		return d;
	}
	m = pm_month_add(m, 1);
	d.year = m.year;
	d.month = m.month;
	d.day = c->due_day;
	return d;
}

/* ---- listing ------------------------------------------------------------- */

const pm_col pm_fee_item_cols[PM_FI_N] = {
	{ "code", PM_C_ID, 0, 0, PM_COL_KEY }, { "name", PM_C_TEXT, 0, 0, 0 },
	{ "basis", PM_C_TEXT, 0, 0, 0 }, { "split", PM_C_TEXT, 0, 0, 0 },
	{ "rates", PM_C_INT, 0, 0, 0 }, { "rate", PM_C_TEXT, 0, 0, 0 },
};

const pm_col pm_fee_rate_cols[PM_FR_N] = {
	{ "item", PM_C_ID, 0, 0, PM_COL_KEY }, { "from", PM_C_TEXT, 0, 0, 0 },
	{ "site", PM_C_TEXT, 0, 0, 0 }, { "building", PM_C_TEXT, 0, 0, 0 },
	{ "kind", PM_C_TEXT, 0, 0, 0 }, { "rate", PM_C_TEXT, 0, 0, 0 },
	{ "tiers", PM_C_TEXT, 0, 0, 0 }, { "in_force", PM_C_BOOL, 0, 0, 0 },
};

static void
cell_s(pm_cell *c, const char *s)
{
	c->null = s == NULL;
	c->s = s;
	c->i = 0;
}

static void
cell_i(pm_cell *c, int64_t i)
{
	c->null = 0;
	c->s = NULL;
	c->i = i;
}

int
pm_fee_items(const pm_fee_conf *c, const char *code, pm_month m,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_cell cells[PM_FI_N];
	char rate[48];
	size_t i, k;
	int any = 0, rc;

	for (i = 0; i < c->nitems; i++) {
		const pm_fee_item *it = &c->items[i];

		if (code != NULL && strcmp(code, it->code) != 0)
			continue;
		any = 1;
		rate[0] = '\0';
		for (k = 0; k < it->nrates; k++) {
			const pm_fee_rate *r = &it->rates[k];

			if (r->site == NULL && r->kind == NULL && pm_fee_rate_in_force(it, r, m))
				pm_decimal_format(r->rate, PM_FEE_RATE_SCALE, rate, sizeof rate);
		}
		cell_s(&cells[PM_FI_CODE], it->code);
		cell_s(&cells[PM_FI_NAME], it->name);
		cell_s(&cells[PM_FI_BASIS], pm_fee_basis_name(it->basis));
		cell_s(&cells[PM_FI_SPLIT], it->basis != PM_FEE_SHARED ? NULL :
		    it->by_household ? "household" : "area");
		cell_i(&cells[PM_FI_RATES], (int64_t)it->nrates);
		cell_s(&cells[PM_FI_RATE], rate[0] != '\0' ? rate : NULL);
		if ((rc = fn(arg, cells)) != 0)
			return rc;
	}
	if (code != NULL && !any)
		return pm_text_fail(err, PM_EX_NOINPUT, _("fee item %s: no such item"), code);
	return 0;
}

int
pm_fee_rates(const pm_fee_conf *c, const char *item, pm_month m, int only_in_force,
    int (*fn)(void *arg, const pm_cell *cells), void *arg, pm_err *err)
{
	pm_cell cells[PM_FR_N];
	char from[16], rate[48], tiers[512], b[48];
	size_t i, k;
	int t, on, rc;

	if (item != NULL && pm_fee_item_find(c, item) == NULL)
		return pm_text_fail(err, PM_EX_NOINPUT, _("fee item %s: no such item"), item);
	for (i = 0; i < c->nitems; i++) {
		const pm_fee_item *it = &c->items[i];

		if (item != NULL && strcmp(item, it->code) != 0)
			continue;
		for (k = 0; k < it->nrates; k++) {
			const pm_fee_rate *r = &it->rates[k];
			size_t len = 0;

			on = pm_fee_rate_in_force(it, r, m);
			if (only_in_force && !on)
				continue;
			snprintf(from, sizeof from, "%04d-%02d", r->from.year, r->from.month);
			pm_decimal_format(r->rate, PM_FEE_RATE_SCALE, rate, sizeof rate);
			tiers[0] = '\0';
			for (t = 0; t < r->ntiers; t++) {
				pm_decimal_format(r->tiers[t].rate, PM_FEE_RATE_SCALE, b, sizeof b);
				if (r->tiers[t].upto > 0) {
					char u[48];

					pm_decimal_format(r->tiers[t].upto, 2, u, sizeof u);
					len += (size_t)snprintf(tiers + len, sizeof tiers - len,
					    "%s%s:%s", t ? "," : "", u, b);
				} else {
					len += (size_t)snprintf(tiers + len, sizeof tiers - len,
					    "%s*:%s", t ? "," : "", b);
				}
				if (len >= sizeof tiers)
					break;
			}
			cell_s(&cells[PM_FR_ITEM], it->code);
			cell_s(&cells[PM_FR_FROM], from);
			cell_s(&cells[PM_FR_SITE], r->site);
			cell_s(&cells[PM_FR_BUILDING], r->building);
			cell_s(&cells[PM_FR_KIND], r->kind);
			cell_s(&cells[PM_FR_RATE], rate);
			cell_s(&cells[PM_FR_TIERS], tiers[0] != '\0' ? tiers : NULL);
			cell_i(&cells[PM_FR_IN_FORCE], on);
			if ((rc = fn(arg, cells)) != 0)
				return rc;
		}
	}
	return 0;
}

/* ---- the slice and the permissions ------------------------------------- */

static int
config_check(const pm_config *cfg, pm_err *err)
{
	pm_fee_conf *c = NULL;
	int rc;

	if ((rc = pm_fee_conf_load(cfg, &c, err)) == 0)
		pm_fee_conf_free(c);
	return rc;
}

static const pm_cfg_key config_keys[] = {
	{ "fee.items", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "the fee items and their effective-dated rates (pm-fee(1) ITEMS AND RATES)", NULL },
	{ "fee.proration", PM_CFG_ENUM, "actual", "actual|days30|whole|none", 0, 0,
	  "how a partial month is charged: actual days, days/30, whole month, or none", NULL },
	{ "fee.due_day", PM_CFG_INT, "0", NULL, 0, 28,
	  "a bill's due date: 0 the period's last day, else that day of the next month", NULL },
	{ "fee.vacant", PM_CFG_TREE, NULL, NULL, 0, 0,
	  "vacant-unit rules: months, item, site and the percent a vacant unit pays "
	  "(default: the full fee)", NULL },
	{ "fee.late_rate", PM_CFG_INT, "0", NULL, 0, 1000000,
	  "late fee per day in parts per million of the overdue principal (0: none)", NULL },
	{ "fee.late_grace", PM_CFG_INT, "0", NULL, 0, 3660,
	  "days after the due date before a late fee accrues", NULL },
	{ "fee.late_cap", PM_CFG_INT, "1000000", NULL, -1, 100000000,
	  "the late fee's cap in parts per million of the bill's principal (-1: none)", NULL },
	{ "fee.allocation", PM_CFG_ENUM, "civil", "civil|principal-first", 0, 0,
	  "the order within a bill a payment settles: costs, late fee, principal (civil)", NULL },
	{ "fee.repair_item", PM_CFG_STR, "REPAIR", NULL, 0, 0,
	  "the item a paid repair (a chargeable work order) is charged as", NULL },
	{ "fee.credit", PM_CFG_ENUM, "auto", "auto|request", 0, 0,
	  "whether credit settles later bills by itself or only when asked", NULL },
	{ NULL, PM_CFG_STR, NULL, NULL, 0, 0, NULL, NULL }
};

const pm_cfg_slice pm_fee_config = { "fee", config_keys, config_check };

const pm_perm_name pm_fee_perm_names[] = {
	{ "fee.read", "see fee items, rates and bills" },
	{ "fee.bill", "bill a period" },
	{ "fee.charge", "charge a unit a one-off amount" },
	{ NULL, NULL }
};
