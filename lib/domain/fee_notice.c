/* fee_notice.c — demands, agreements and the written reminder; see fee_notice.h. */
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "fee.h"
#include "fee_arrears.h"
#include "fee_notice.h"
#include "i18n.h"
#include "json.h"
#include "money.h"
#include "text.h"
#include "timeline.h"
#include "unit.h"

static const char *const methods[] = { "post", "hand", "email", "sms", "notary", NULL };

static int
method_ok(const char *m)
{
	size_t i;

	for (i = 0; m != NULL && methods[i] != NULL; i++)
		if (strcmp(m, methods[i]) == 0)
			return 1;
	return 0;
}

int
pm_fee_demand_add(pm_ctx *ctx, const pm_demand_in *in, int64_t *id, pm_err *err)
{
	char date[16], key[80];
	int64_t site_id;
	pm_unit_ref u;
	pm_buf a;
	pm_json j;
	int rc;

	if (!pm_date_valid(in->date.year, in->date.month, in->date.day))
		return pm_err_field(err, PM_EX_DATAERR, "date", _("not a date"));
	if (pm_date_cmp(in->date, pm_date_of(ctx->now)) > 0)
		return pm_err_field(err, PM_EX_DATAERR, "date",
		    _("a demand or agreement is recorded when it has happened, not before"));
	if (!in->agreement && !method_ok(in->method))
		return pm_err_field(err, PM_EX_DATAERR, "method",
		    _("how was it delivered? post, hand, email, sms or notary"));
	if (in->agreement && in->method != NULL)
		return pm_err_field(err, PM_EX_USAGE, "method", _("an agreement has no method"));
	if (in->text != NULL && ((rc = pm_text_check(in->text, strlen(in->text), 500, "text",
	    err)) != 0))
		return rc;
	if (in->text != NULL && *in->text == '\0')
		return pm_err_field(err, PM_EX_DATAERR, "text", _("text is empty"));
	if ((rc = pm_unit_site_find(ctx, in->site, 0, &site_id, err)) != 0 ||
	    (rc = pm_unit_find(ctx, site_id, in->unit, &u, err)) != 0)
		return rc;
	pm_date_format(in->date, date, sizeof date);
	if ((rc = pm_db_run(ctx->db, err, "INSERT INTO fee_demand (site_id, unit_id, kind, date, "
	    "method, text, at, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", "iittTTit", site_id,
	    u.id, in->agreement ? "agreement" : "demand", date, in->method, in->text, ctx->now,
	    ctx->actor.login)) != 0)
		return rc;
	*id = pm_db_last_id(ctx->db);
	pm_buf_init(&a);
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "unit", in->unit);
	pm_json_s(&j, "kind", in->agreement ? "agreement" : "demand");
	pm_json_s(&j, "date", date);
	pm_json_s(&j, "method", in->method);
	pm_json_s(&j, "text", in->text);
	pm_json_end(&j);
	snprintf(key, sizeof key, "%lld", (long long)*id);
	/* the event feeds the hooks (a pipeline may file the proof, say) */
	if ((rc = pm_audit_log(ctx, "demand", key, "new", NULL, a.s, err)) == 0)
		rc = pm_timeline_add(ctx, "demand", *id, ctx->now, "new", NULL, a.s, err);
	pm_buf_free(&a);
	return rc;
}

/* What a demand's hooks see: the unit, kind, date and method (no
 * personal data: the owner is the unit's, pm-unit knows them). */
static int
hook_demand(pm_ctx *ctx, int64_t id, int clear, pm_json *j, pm_err *err)
{
	pm_stmt *st = NULL;
	int rc;

	(void)clear;
	if ((rc = pm_db_prepare(ctx->db, "SELECT s.code, u.code, d.kind, d.date, d.method "
	    "FROM fee_demand d JOIN site s ON s.id = d.site_id JOIN unit u ON u.id = d.unit_id "
	    "WHERE d.id = ?1", &st, err)) != 0)
		return rc;
	pm_stmt_bind_int(st, 1, id);
	if ((rc = pm_stmt_step(st, err)) == 1) {
		pm_json_s(j, "site", pm_stmt_text(st, 0));
		pm_json_s(j, "unit", pm_stmt_text(st, 1));
		pm_json_s(j, "kind", pm_stmt_text(st, 2));
		pm_json_s(j, "date", pm_stmt_text(st, 3));
		pm_json_s(j, "method", pm_stmt_null(st, 4) ? NULL : pm_stmt_text(st, 4));
	}
	pm_stmt_free(st);
	return rc < 0 ? err->status : 0;
}

const pm_hook_kind pm_fee_demand_hook_kind = { "demand", 0, hook_demand };

int
pm_fee_demand_list(pm_ctx *ctx, const char *site, const char *unit,
    int (*fn)(void *arg, const pm_demand_info *d), void *arg, pm_err *err)
{
	pm_demand_info d;
	pm_stmt *st = NULL;
	int64_t site_id;
	pm_unit_ref u;
	int rc, s;

	if ((rc = pm_unit_site_find(ctx, site, 0, &site_id, err)) != 0 ||
	    (rc = pm_unit_find(ctx, site_id, unit, &u, err)) != 0)
		return rc;
	if ((rc = pm_db_prepare(ctx->db, "SELECT d.id, s.code, u.code, d.kind, d.date, d.method, "
	    "d.text, d.actor, d.at FROM fee_demand d JOIN unit u ON u.id = d.unit_id "
	    "JOIN site s ON s.id = d.site_id WHERE d.unit_id = ?1 ORDER BY d.date, d.id", &st,
	    err)) != 0)
		return rc;
	pm_stmt_bindf(st, "i", u.id);
	while ((s = pm_stmt_step(st, err)) == 1) {
		d.id = pm_stmt_int(st, 0);
		d.site = pm_stmt_text(st, 1);
		d.unit = pm_stmt_text(st, 2);
		d.kind = pm_stmt_text(st, 3);
		d.date = pm_stmt_text(st, 4);
		d.method = pm_stmt_text(st, 5);
		d.text = pm_stmt_text(st, 6);
		d.actor = pm_stmt_text(st, 7);
		d.at = pm_stmt_int(st, 8);
		if ((rc = fn(arg, &d)) != 0)
			break;
	}
	if (s < 0)
		rc = err->status;
	pm_stmt_free(st);
	return rc;
}

/* ---- the notice ----------------------------------------------------------- */

struct notice {
	pm_ctx *ctx;
	const pm_fee_conf *c;
	int fmt;
	pm_buf *b;
	pm_stmt *lines;
	char asof[16];
	int64_t total, rows;
	pm_err *err;
};

/* Text as HTML character data (item names and the company's come from
 * the configuration). */
static void
html_add(pm_buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '&': pm_buf_adds(b, "&amp;"); break;
		case '<': pm_buf_adds(b, "&lt;"); break;
		case '>': pm_buf_adds(b, "&gt;"); break;
		case '"': pm_buf_adds(b, "&quot;"); break;
		default: pm_buf_addc(b, *s); break;
		}
	}
}

/* A text cell padded to w display columns (right-aligned when right). */
static void
text_cell(pm_buf *b, const char *s, size_t w, int right)
{
	size_t n = pm_text_width(s);

	if (right)
		for (; n < w; n++)
			pm_buf_addc(b, ' ');
	pm_buf_adds(b, s);
	if (!right)
		for (; n < w; n++)
			pm_buf_addc(b, ' ');
	pm_buf_adds(b, "  ");
}

static void
row_out(struct notice *n, const char *period, const char *item, const char *amount,
    const char *due, int head)
{
	if (n->fmt == PM_NOTICE_HTML) {
		const char *td = head ? "th" : "td";

		pm_buf_addf(n->b, "<tr><%s>", td);
		html_add(n->b, period);
		pm_buf_addf(n->b, "</%s><%s>", td, td);
		html_add(n->b, item);
		pm_buf_addf(n->b, "</%s><%s class=\"n\">", td, td);
		html_add(n->b, amount);
		pm_buf_addf(n->b, "</%s><%s>", td, td);
		html_add(n->b, due);
		pm_buf_addf(n->b, "</%s></tr>\n", td);
		return;
	}
	pm_buf_adds(n->b, "  ");
	text_cell(n->b, period, 8, 0);
	text_cell(n->b, item, 20, 0);
	text_cell(n->b, amount, 14, 1);
	text_cell(n->b, due, 10, 0);
	while (n->b->len > 0 && n->b->s[n->b->len - 1] == ' ')
		n->b->s[--n->b->len] = '\0';
	pm_buf_addc(n->b, '\n');
}

static int
notice_debt(void *arg, const pm_arrears_debt *d)
{
	struct notice *n = arg;
	const pm_fee_item *it;
	char amt[48], due[16];
	int64_t left;
	int s;

	pm_date_format(d->due, due, sizeof due);
	pm_stmt_reset(n->lines);
	pm_stmt_bindf(n->lines, "iit", d->bill, d->account_id, n->asof);
	while ((s = pm_stmt_step(n->lines, n->err)) == 1) {
		if ((left = pm_stmt_int(n->lines, 1)) <= 0)
			continue;
		it = pm_fee_item_find(n->c, pm_stmt_text(n->lines, 0));
		pm_money_format(left, 0, amt, sizeof amt);
		row_out(n, d->period, it != NULL && it->name != NULL ? it->name :
		    pm_stmt_text(n->lines, 0), amt, due, 0);
		n->total += left;
		n->rows++;
	}
	if (s < 0)
		return n->err->status;
	if (d->late_fee > 0) {
		pm_money_format(d->late_fee, 0, amt, sizeof amt);
		row_out(n, d->period, _("late fee (违约金)"), amt, "", 0);
		n->total += d->late_fee;
		n->rows++;
	}
	return 0;
}

static const char html_head[] =
	"<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	"<title>%s</title>\n<style>\n"
	"@page { size: A4; margin: 25mm 20mm; }\n"
	"body { font-family: \"Songti SC\", SimSun, \"Noto Serif CJK SC\", serif; "
	"font-size: 12pt; line-height: 1.6; max-width: 170mm; margin: 0 auto; }\n"
	"h1 { text-align: center; font-size: 18pt; letter-spacing: 0.3em; }\n"
	"table { border-collapse: collapse; width: 100%%; margin: 1em 0; }\n"
	"th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; }\n"
	"td.n, th.n { text-align: right; }\n"
	".sign { text-align: right; margin-top: 3em; }\n"
	"</style>\n</head>\n<body>\n";

static void
para(struct notice *n, const char *s)
{
	if (n->fmt == PM_NOTICE_HTML) {
		pm_buf_adds(n->b, "<p>");
		html_add(n->b, s);
		pm_buf_adds(n->b, "</p>\n");
	} else {
		pm_buf_adds(n->b, s);
		pm_buf_adds(n->b, "\n\n");
	}
}

int
pm_fee_notice_write(pm_ctx *ctx, const pm_fee_conf *c, const char *site, const char *unit,
    pm_date asof, int fmt, FILE *fp, int64_t *total, pm_err *err)
{
	const char *company = pm_config_str(ctx->cfg, "company.name");
	pm_arrears_filter f;
	struct notice n;
	char amt[48], key[80], line[512];
	pm_buf b, a, head;
	pm_json j;
	int rc;

	memset(&n, 0, sizeof n);
	memset(&f, 0, sizeof f);
	pm_buf_init(&b);
	pm_buf_init(&a);
	pm_buf_init(&head);
	f.site = site;
	f.unit = unit;
	f.asof = asof;
	n.ctx = ctx;
	n.c = c;
	n.fmt = fmt;
	n.b = &b;
	n.err = err;
	pm_date_format(asof, n.asof, sizeof n.asof);
	*total = 0;
	if ((rc = pm_db_prepare(ctx->db, "SELECT l.item, (SELECT coalesce(sum(pp.amount), 0) "
	    "FROM ledger_posting pp WHERE pp.ref = 'B' || l.bill_id || '.' || l.n "
	    "AND pp.account_id = ?2 AND pp.date <= ?3) FROM bill_line l "
	    "WHERE l.bill_id = ?1 AND l.amount > 0 ORDER BY l.n", &n.lines, err)) != 0)
		goto out;
	if ((rc = pm_fee_arrears(ctx, c, &f, notice_debt, NULL, &n, err)) != 0)
		goto out;
	if (n.total <= 0) {
		rc = pm_err_set(err, PM_EX_DATAERR, _("unit %s owes nothing as of %s: no notice"),
		    unit, n.asof);
		goto out;
	}
	/* the heading and the letter around the rows, now that they are known */
	if (company == NULL || *company == '\0')
		company = NULL;
	if (fmt == PM_NOTICE_HTML) {
		pm_buf_addf(&head, html_head, _("Payment reminder (催缴通知书)"));
		if (company != NULL) {
			pm_buf_adds(&head, "<p style=\"text-align:center\">");
			html_add(&head, company);
			pm_buf_adds(&head, "</p>\n");
		}
		pm_buf_adds(&head, "<h1>");
		html_add(&head, _("Payment reminder (催缴通知书)"));
		pm_buf_adds(&head, "</h1>\n");
	} else {
		if (company != NULL)
			pm_buf_addf(&head, "%s\n", company);
		pm_buf_addf(&head, "%s\n\n", _("Payment reminder (催缴通知书)"));
	}
	n.b = &head;
	snprintf(line, sizeof line, _("To the owner of unit %s:"), unit);
	para(&n, line);
	snprintf(line, sizeof line, _("According to our records, the following fees for your "
	    "unit remain unpaid as of %s. We kindly ask you to settle them at your earliest "
	    "convenience at our service centre or by the usual payment channels."), n.asof);
	para(&n, line);
	if (fmt == PM_NOTICE_HTML)
		pm_buf_adds(&head, "<table>\n");
	row_out(&n, _("Period"), _("Item"), _("Amount (yuan)"), _("Due"), 1);
	pm_buf_add(&head, b.s, b.len);
	pm_money_format(n.total, 0, amt, sizeof amt);
	row_out(&n, _("Total"), "", amt, "", 1);
	if (fmt == PM_NOTICE_HTML)
		pm_buf_adds(&head, "</table>\n");
	else
		pm_buf_addc(&head, '\n');
	para(&n, _("Late fees are computed under your property service contract up to the date "
	    "above. If you have paid already, please accept our thanks and disregard this "
	    "notice; if anything is unclear, or you would like to agree on a payment plan, "
	    "please contact us. Thank you for your understanding and support."));
	snprintf(line, sizeof line, "%s%s%s", company != NULL ? company : "",
	    company != NULL ? "  " : "", n.asof);
	if (fmt == PM_NOTICE_HTML) {
		pm_buf_adds(&head, "<p class=\"sign\">");
		html_add(&head, line);
		pm_buf_adds(&head, "</p>\n</body>\n</html>\n");
	} else {
		/* right-aligned under the table, by display width */
		size_t w = pm_text_width(line);

		for (; w < 64; w++)
			pm_buf_addc(&head, ' ');
		pm_buf_addf(&head, "%s\n", line);
	}
	if (fwrite(head.s, 1, head.len, fp) != head.len) {
		rc = pm_err_set(err, PM_EX_IOERR, _("cannot write the notice"));
		goto out;
	}
	*total = n.total;
	pm_json_init(&j, &a);
	pm_json_obj(&j, NULL);
	pm_json_s(&j, "unit", unit);
	pm_json_s(&j, "as_of", n.asof);
	pm_json_i(&j, "total_fen", n.total);
	pm_json_s(&j, "format", fmt == PM_NOTICE_HTML ? "html" : "text");
	pm_json_end(&j);
	snprintf(key, sizeof key, "%s", unit);
	rc = pm_audit_log(ctx, "notice", key, "issued", NULL, a.s, err);
out:
	pm_stmt_free(n.lines);
	pm_buf_free(&b);
	pm_buf_free(&a);
	pm_buf_free(&head);
	return rc;
}

const pm_perm_name pm_fee_notice_perm_names[] = {
	{ "fee.notice", "record demands delivered and repayment agreements (limitation)" },
	{ NULL, NULL }
};
