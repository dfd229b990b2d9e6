/*
 * pm-complaint — owner contacts: intake, classification, assignment,
 * handling, reply, follow-up visit, escalation.
 *
 * Every verb that changes contacts takes IDs as operands or `-` to read
 * them from stdin, so `pm-complaint list --overdue -o id | pm-complaint
 * escalate -` is the cron job.  All the rules live in lib/domain/complaint.c;
 * statistics in lib/domain/complaint_stats.c, surveys in lib/domain/survey.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "complaint.h"
#include "complaint_stats.h"
#include "link.h"
#include "perm.h"
#include "survey.h"
#include "text.h"
#include "timeline.h"

enum {
	O_KIND = 1, O_CHANNEL, O_SITE, O_UNIT, O_PLACE, O_NAME, O_PHONE, O_TEXT, O_CATEGORY,
	O_PRIORITY, O_RECEIVED, O_AT, O_DEPT, O_TO, O_RESULT, O_SATISFACTION, O_COMMENT,
	O_REASON, O_STATUS, O_OVERDUE, O_DUE_WITHIN, O_ASSIGNEE, O_SINCE, O_UNTIL, O_LIMIT,
	O_ALL, O_UNMASK, O_MONTH, O_BY, O_TOP, O_CSV, O_JSONL
};

/* --text -: the text is standard input (a letter pasted in, a form). */
static int
text_arg(pm_ctx *ctx, const char *opt, const char *v, char **owned, const char **out)
{
	size_t max = (size_t)pm_config_int(ctx->cfg, "text.max_chars") * 4 + 2, n = 0, got;
	char *buf;

	*out = v;
	if (strcmp(v, "-") != 0)
		return 0;
	buf = malloc(max + 1);
	if (buf == NULL)
		abort();
	while (n < max && (got = fread(buf + n, 1, max - n, stdin)) > 0)
		n += got;
	if (ferror(stdin)) {
		free(buf);
		return pm_err_set(&ctx->err, PM_EX_IOERR, "%s -: cannot read stdin", opt);
	}
	/* one trailing newline is the end of the line, not of the text */
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n] = '\0';
	if (pm_text_check(buf, n, (size_t)pm_config_int(ctx->cfg, "text.max_chars"), opt + 2,
	    &ctx->err) != 0) {
		free(buf);
		return ctx->err.status;
	}
	*owned = buf;
	*out = buf;
	return 0;
}

static int
time_arg(pm_ctx *ctx, const char *opt, const char *v, pm_time *t, int *has)
{
	*has = 1;
	return pm_cli_time(ctx, opt, v, t);
}

static int
do_new(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "kind", required_argument, NULL, O_KIND },
		{ "channel", required_argument, NULL, O_CHANNEL },
		{ "site", required_argument, NULL, O_SITE },
		{ "unit", required_argument, NULL, O_UNIT },
		{ "place", required_argument, NULL, O_PLACE },
		{ "name", required_argument, NULL, O_NAME },
		{ "phone", required_argument, NULL, O_PHONE },
		{ "text", required_argument, NULL, O_TEXT },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "priority", required_argument, NULL, O_PRIORITY },
		{ "received", required_argument, NULL, O_RECEIVED },
		{ NULL, 0, NULL, 0 }
	};
	static const pm_col cols[] = { { "id", PM_C_ID, 0 } };
	const char *text = NULL;
	char *owned = NULL, idtext[24];
	pm_contact_in in;
	int64_t repeat_of;
	pm_out *o;
	pm_id id;
	int c, rc = 0;

	memset(&in, 0, sizeof in);
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case O_KIND: in.kind = optarg; break;
		case O_CHANNEL: in.channel = optarg; break;
		case O_SITE: in.site = optarg; break;
		case O_UNIT: in.unit = optarg; break;
		case O_PLACE: in.place = optarg; break;
		case O_NAME: in.name = optarg; break;
		case O_PHONE: in.phone = optarg; break;
		case O_TEXT: text = optarg; break;
		case O_CATEGORY: in.category = optarg; break;
		case O_PRIORITY: in.priority = optarg; break;
		case O_RECEIVED:
			if ((rc = time_arg(ctx, "--received", optarg, &in.received,
			    &in.has_received)) != 0)
				return rc;
			break;
		default: return PM_EX_USAGE;
		}
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "new: unexpected operand '%s'", argv[optind]);
	if (text == NULL)
		return pm_cli_usage(ctx, "new: --text is required (--text - reads it from stdin)");
	if ((rc = pm_cli_begin(ctx)) != 0 || (rc = text_arg(ctx, "--text", text, &owned,
	    &in.text)) != 0)
		goto out;
	if ((rc = pm_complaint_new(ctx, &in, &id, &repeat_of, &ctx->err)) != 0)
		goto out;
	o = pm_cli_out(ctx, cols, 1);
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(o, 0, idtext);
	pm_out_row(o);
out:
	free(owned);
	return rc;
}

/* What one run of a changing verb applies to each ID. */
struct each {
	const char *verb;       /* the lib verb: "duplicate" for duplicate-of */
	pm_contact_act act;
	pm_out *o;
};

static const pm_col act_cols[] = { { "id", PM_C_ID, 0 }, { "status", PM_C_TEXT, 0 } };

static int
act_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct each *e = arg;
	char idtext[24], status[32];
	int rc;

	if ((rc = pm_complaint_act(ctx, e->verb, id, &e->act, &ctx->err)) != 0 ||
	    (rc = pm_lifecycle_status(ctx, &pm_complaint_lifecycle, id.n, status, sizeof status,
	    &ctx->err)) != 0)
		return rc;
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(e->o, 0, idtext);
	pm_out_text(e->o, 1, status);
	pm_out_row(e->o);
	return 0;
}

static int
do_act(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "at", required_argument, NULL, O_AT },
		{ "text", required_argument, NULL, O_TEXT },
		{ "result", required_argument, NULL, O_RESULT },
		{ "comment", required_argument, NULL, O_COMMENT },
		{ "reason", required_argument, NULL, O_REASON },
		{ "channel", required_argument, NULL, O_CHANNEL },
		{ "satisfaction", required_argument, NULL, O_SATISFACTION },
		{ "dept", required_argument, NULL, O_DEPT },
		{ "to", required_argument, NULL, O_TO },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "priority", required_argument, NULL, O_PRIORITY },
		{ "kind", required_argument, NULL, O_KIND },
		{ NULL, 0, NULL, 0 }
	};
	const char *text = NULL, *textopt = "--text";
	char *owned = NULL, *end;
	struct each e;
	int c, rc = 0, first = 1;
	long sat;

	memset(&e, 0, sizeof e);
	e.verb = strcmp(ctx->verb, "duplicate-of") == 0 ? "duplicate" : ctx->verb;
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case O_AT:
			if ((rc = time_arg(ctx, "--at", optarg, &e.act.at, &e.act.has_at)) != 0)
				return rc;
			break;
		case O_TEXT: text = optarg; textopt = "--text"; break;
		case O_RESULT: text = optarg; textopt = "--result"; break;
		case O_COMMENT: text = optarg; textopt = "--comment"; break;
		case O_REASON: text = optarg; textopt = "--reason"; break;
		case O_CHANNEL: e.act.channel = optarg; break;
		case O_SATISFACTION:
			sat = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || sat < 1 || sat > 5)
				return pm_cli_usage(ctx, "--satisfaction: a score from 1 to 5");
			e.act.satisfaction = (int)sat;
			break;
		case O_DEPT: e.act.dept = optarg; break;
		case O_TO: e.act.to = optarg; break;
		case O_CATEGORY: e.act.category = optarg; break;
		case O_PRIORITY: e.act.priority = optarg; break;
		case O_KIND: e.act.kind = optarg; break;
		default: return PM_EX_USAGE;
		}
	}
	if (strcmp(e.verb, "duplicate") == 0) {
		if (optind >= argc)
			return pm_cli_usage(ctx, "duplicate-of: name the original, then the duplicates");
		if (pm_id_parse(argv[optind], 'C', &e.act.of, &ctx->err) != 0)
			return ctx->err.status;
		optind++;
	}
	if (strcmp(e.verb, "visit") == 0 && e.act.satisfaction == 0)
		return pm_cli_usage(ctx, "visit: --satisfaction 1-5 is required");
	if (text != NULL && strcmp(text, "-") == 0)
		for (c = optind; c < argc; c++)
			if (strcmp(argv[c], "-") == 0)
				return pm_cli_usage(ctx, "%s -: stdin holds the IDs already", textopt);
	(void)first;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	if (text != NULL && (rc = text_arg(ctx, textopt, text, &owned, &e.act.text)) != 0)
		goto out;
	e.o = pm_cli_out(ctx, act_cols, 2);
	rc = pm_cli_each_id(ctx, argc - optind, argv + optind, stdin, 'C', act_one, &e);
out:
	free(owned);
	return rc;
}

static const pm_col esc_cols[] = {
	{ "id", PM_C_ID, 0 }, { "level", PM_C_INT, 0 }, { "responsible", PM_C_ID, 0 }
};

static int
escalate_one(pm_ctx *ctx, pm_id id, void *arg)
{
	pm_out *o = arg;
	pm_escalated res;
	char idtext[24];
	int rc;

	if ((rc = pm_complaint_escalate(ctx, id, &res, &ctx->err)) != 0)
		return rc;
	/* only what changed: the cron job stays quiet when nothing did */
	if (!res.changed)
		return 0;
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(o, 0, idtext);
	pm_out_int(o, 1, res.level);
	pm_out_text(o, 2, res.who[0] ? res.who : NULL);
	pm_out_row(o);
	return 0;
}

static int
do_escalate(pm_ctx *ctx, int argc, char **argv)
{
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		if (c == '?')
			return PM_EX_USAGE;
	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	return pm_cli_each_id(ctx, argc - optind, argv + optind, stdin, 'C', escalate_one,
	    pm_cli_out(ctx, esc_cols, 3));
}

/* The columns list prints, in this order. */
static const int list_cols[] = {
	PM_CC_ID, PM_CC_RECEIVED, PM_CC_KIND, PM_CC_STATUS, PM_CC_PRIORITY, PM_CC_CATEGORY,
	PM_CC_SITE, PM_CC_UNIT, PM_CC_PLACE, PM_CC_DEPT, PM_CC_ASSIGNEE, PM_CC_DUE, PM_CC_LEVEL,
	PM_CC_REPEAT, PM_CC_TEXT
};
#define NLIST (int)(sizeof list_cols / sizeof list_cols[0])

static void
put_cell(pm_out *o, int col, int cc, const pm_contact_row *r)
{
	pm_ctype t = pm_complaint_cols[cc].type;

	if (r->null[cc])
		pm_out_null(o, col);
	else if (t == PM_C_INT || t == PM_C_TIME || t == PM_C_BOOL)
		pm_out_int(o, col, r->i[cc]);
	else
		pm_out_text(o, col, r->v[cc]);
}

static int
parse_limit(pm_ctx *ctx, const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < 0)
		return pm_cli_usage(ctx, "--limit: a number of rows (0: no limit)");
	*out = v;
	return 0;
}

static int
do_list(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "status", required_argument, NULL, O_STATUS },
		{ "overdue", no_argument, NULL, O_OVERDUE },
		{ "due-within", required_argument, NULL, O_DUE_WITHIN },
		{ "assignee", required_argument, NULL, O_ASSIGNEE },
		{ "dept", required_argument, NULL, O_DEPT },
		{ "category", required_argument, NULL, O_CATEGORY },
		{ "kind", required_argument, NULL, O_KIND },
		{ "channel", required_argument, NULL, O_CHANNEL },
		{ "site", required_argument, NULL, O_SITE },
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "limit", required_argument, NULL, O_LIMIT },
		{ "all", no_argument, NULL, O_ALL },
		{ "unmask", no_argument, NULL, O_UNMASK },
		{ "reason", required_argument, NULL, O_REASON },
		{ NULL, 0, NULL, 0 }
	};
	pm_col cols[NLIST];
	pm_contact_filter f;
	pm_contact_iter *it = NULL;
	pm_contact_row row;
	const char *reason = NULL;
	pm_span span;
	pm_out *o;
	int c, i, rc;

	memset(&f, 0, sizeof f);
	f.limit = -1;           /* not given: decided below */
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case O_STATUS: f.status = optarg; break;
		case O_OVERDUE: f.overdue = 1; break;
		case O_DUE_WITHIN:
			if (pm_span_parse(optarg, &span, &ctx->err) != 0 || span.months != 0 ||
			    span.seconds <= 0)
				return pm_cli_usage(ctx, "--due-within: a duration such as 2h or 30min");
			f.due_within = span.seconds;
			break;
		case O_ASSIGNEE: f.assignee = optarg; break;
		case O_DEPT: f.dept = optarg; break;
		case O_CATEGORY: f.category = optarg; break;
		case O_KIND: f.kind = optarg; break;
		case O_CHANNEL: f.channel = optarg; break;
		case O_SITE: f.site = optarg; break;
		case O_SINCE:
			if ((rc = time_arg(ctx, "--since", optarg, &f.since, &f.has_since)) != 0)
				return rc;
			break;
		case O_UNTIL:
			if ((rc = time_arg(ctx, "--until", optarg, &f.until, &f.has_until)) != 0)
				return rc;
			break;
		case O_LIMIT:
			if ((rc = parse_limit(ctx, optarg, &f.limit)) != 0)
				return rc;
			break;
		case O_ALL: f.all = 1; break;
		case O_UNMASK: f.unmask = 1; break;
		case O_REASON: reason = optarg; break;
		default: return PM_EX_USAGE;
		}
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "list: unexpected operand '%s'", argv[optind]);
	if (reason != NULL && !f.unmask)
		return pm_cli_usage(ctx, "--reason goes with --unmask");
	/* A person at a terminal wants the newest 50; a pipe (`-o id |
	 * escalate -`) and the deadline lists want every row, or cron would
	 * silently skip what is late beyond the first 50. */
	if (f.limit < 0)
		f.limit = ctx->fmt == PM_FMT_TABLE && !f.overdue && f.due_within == 0 ? 50 : 0;
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (f.unmask && (rc = pm_cli_unmask(ctx, reason)) != 0))
		return rc;
	for (i = 0; i < NLIST; i++)
		cols[i] = pm_complaint_cols[list_cols[i]];
	if ((rc = pm_complaint_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, NLIST);
	while ((rc = pm_complaint_next(it, &row, &ctx->err)) == 1) {
		for (i = 0; i < NLIST; i++)
			put_cell(o, i, list_cols[i], &row);
		if (pm_out_row(o) != 0)
			break;
	}
	pm_complaint_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static const pm_col field_cols[] = { { "field", PM_C_TEXT, 0 }, { "value", PM_C_TEXT, 60 } };
static const pm_col event_cols[] = {
	{ "at", PM_C_TIME, 0 }, { "actor", PM_C_ID, 0 }, { "event", PM_C_TEXT, 0 },
	{ "note", PM_C_TEXT, 50 }, { "data", PM_C_JSON, 60 }
};

static int
event_row(void *arg, const pm_event *e)
{
	pm_out *o = arg;

	pm_out_int(o, 0, e->at);
	pm_out_text(o, 1, e->actor);
	pm_out_text(o, 2, e->event);
	pm_out_text(o, 3, e->note);
	pm_out_text(o, 4, e->data);
	return pm_out_row(o) != 0;
}

/* show as text: the record as field/value lines, a blank line, then the
 * timeline in the order it was written. */
static int
show_text(pm_ctx *ctx, const pm_contact_row *r)
{
	char buf[64];
	pm_out *o = pm_out_new(stdout, ctx->fmt, field_cols, 2, ctx->outflags);
	pm_ctype t;
	int i, rc;

	if (o == NULL)
		abort();
	for (i = 0; i < PM_CC_N; i++) {
		t = pm_complaint_cols[i].type;
		pm_out_text(o, 0, pm_complaint_cols[i].name);
		if (r->null[i]) {
			pm_out_null(o, 1);
		} else if (t == PM_C_TIME) {
			pm_time_format(r->i[i], ctx->fmt == PM_FMT_TABLE ? PM_TF_MINUTE : PM_TF_ISO,
			    buf, sizeof buf);
			pm_out_text(o, 1, buf);
		} else if (t == PM_C_BOOL) {
			pm_out_text(o, 1, r->i[i] ? "yes" : "no");
		} else if (t == PM_C_INT) {
			snprintf(buf, sizeof buf, "%lld", (long long)r->i[i]);
			pm_out_text(o, 1, buf);
		} else {
			pm_out_text(o, 1, r->v[i]);
		}
		pm_out_row(o);
	}
	rc = pm_out_finish(o, &ctx->err);
	pm_out_free(o);
	if (rc != 0)
		return rc;
	fputc('\n', stdout);
	return pm_timeline_each(ctx, "contact", r->i[PM_CC_ID], event_row,
	    pm_cli_out(ctx, event_cols, 5), &ctx->err);
}

/* show as JSON: one object, the record's columns plus its events and links. */
static int
show_json(pm_ctx *ctx, const pm_contact_row *r, pm_id id)
{
	pm_col cols[PM_CC_N + 2];
	pm_buf ev, ln;
	pm_out *o;
	int i, rc;

	pm_buf_init(&ev);
	pm_buf_init(&ln);
	for (i = 0; i < PM_CC_N; i++)
		cols[i] = pm_complaint_cols[i];
	cols[PM_CC_N].name = "events";
	cols[PM_CC_N].type = PM_C_JSON;
	cols[PM_CC_N].maxw = 0;
	cols[PM_CC_N + 1].name = "links";
	cols[PM_CC_N + 1].type = PM_C_JSON;
	cols[PM_CC_N + 1].maxw = 0;
	if ((rc = pm_timeline_json(ctx, "contact", id.n, &ev, &ctx->err)) != 0 ||
	    (rc = pm_link_json(ctx, id, &ln, &ctx->err)) != 0)
		goto out;
	o = pm_cli_out(ctx, cols, PM_CC_N + 2);
	for (i = 0; i < PM_CC_N; i++)
		put_cell(o, i, i, r);
	pm_out_text(o, PM_CC_N, ev.s);
	pm_out_text(o, PM_CC_N + 1, ln.s);
	pm_out_row(o);
out:
	pm_buf_free(&ev);
	pm_buf_free(&ln);
	return rc;
}

static int
do_show(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "unmask", no_argument, NULL, O_UNMASK },
		{ "reason", required_argument, NULL, O_REASON },
		{ NULL, 0, NULL, 0 }
	};
	static const pm_col idcol[] = { { "id", PM_C_ID, 0 } };
	pm_contact_filter f;
	pm_contact_iter *it = NULL;
	pm_contact_row row;
	const char *reason = NULL;
	char idtext[24];
	pm_id id;
	int c, rc;

	memset(&f, 0, sizeof f);
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == O_UNMASK)
			f.unmask = 1;
		else if (c == O_REASON)
			reason = optarg;
		else
			return PM_EX_USAGE;
	}
	if (argc - optind != 1)
		return pm_cli_usage(ctx, "show: name one contact");
	if (pm_id_parse(argv[optind], 'C', &id, &ctx->err) != 0)
		return ctx->err.status;
	if (reason != NULL && !f.unmask)
		return pm_cli_usage(ctx, "--reason goes with --unmask");
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (f.unmask && (rc = pm_cli_unmask(ctx, reason)) != 0))
		return rc;
	f.one = id.n;
	if ((rc = pm_complaint_list(ctx, &f, &it, &ctx->err)) != 0)
		return rc;
	rc = pm_complaint_next(it, &row, &ctx->err);
	pm_id_format(id, idtext, sizeof idtext);
	if (rc == 0) {
		rc = pm_err_set(&ctx->err, PM_EX_NOINPUT, "no such complaint %s", idtext);
	} else if (rc < 0) {
		rc = ctx->err.status;
	} else if (ctx->fmt == PM_FMT_JSON) {
		rc = show_json(ctx, &row, id);
	} else if (ctx->fmt == PM_FMT_ID) {
		pm_out *o = pm_cli_out(ctx, idcol, 1);

		pm_out_text(o, 0, idtext);
		pm_out_row(o);
		rc = 0;
	} else {
		rc = show_text(ctx, &row);
	}
	pm_complaint_iter_free(it);
	return rc;
}

/* ---- statistics and surveys ------------------------------------------ */

/* The period of stats: --month M, or --since [--until] (until defaults
 * to now), or this month.  The previous period is the month before, or
 * the window of the same length just before --since. */
static int
stats_period(pm_ctx *ctx, const char *month, const char *since, const char *until,
    pm_complaint_stats_q *q)
{
	pm_month m;

	if (month != NULL && (since != NULL || until != NULL))
		return pm_cli_usage(ctx, "stats: --month or --since/--until, not both");
	if (until != NULL && since == NULL)
		return pm_cli_usage(ctx, "stats: --until needs --since");
	if (since != NULL) {
		q->until = ctx->now;
		if (pm_cli_time(ctx, "--since", since, &q->since) != 0 ||
		    (until != NULL && pm_cli_time(ctx, "--until", until, &q->until) != 0))
			return ctx->err.status;
		if (q->until <= q->since)
			return pm_cli_usage(ctx, "stats: --until must be after --since");
		q->prev_since = q->since - (q->until - q->since);
		return 0;
	}
	if (pm_month_parse(month != NULL ? month : "this", ctx->now, &m, &ctx->err) != 0)
		return pm_cli_usage(ctx, "--month: %s", ctx->err.msg);
	q->since = pm_month_start(m);
	q->until = pm_month_end(m);
	q->prev_since = pm_month_start(pm_month_add(m, -1));
	return 0;
}

static int
do_stats(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "since", required_argument, NULL, O_SINCE },
		{ "until", required_argument, NULL, O_UNTIL },
		{ "month", required_argument, NULL, O_MONTH },
		{ "by", required_argument, NULL, O_BY },
		{ "top", required_argument, NULL, O_TOP },
		{ NULL, 0, NULL, 0 }
	};
	const char *month = NULL, *since = NULL, *until = NULL;
	pm_col cols[PM_CS_NCOL];
	pm_complaint_stats_iter *it = NULL;
	pm_complaint_stats_row row;
	pm_complaint_stats_q q;
	pm_out *o;
	int c, i, by, rc;

	memset(&q, 0, sizeof q);
	q.by = PM_CS_CATEGORY;
	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		switch (c) {
		case O_SINCE: since = optarg; break;
		case O_UNTIL: until = optarg; break;
		case O_MONTH: month = optarg; break;
		case O_BY:
			if ((by = pm_complaint_stats_by_parse(optarg)) < 0)
				return pm_cli_usage(ctx, "--by: one of %s", PM_COMPLAINT_STATS_BY);
			q.by = (pm_complaint_stats_by)by;
			break;
		case O_TOP:
			if ((rc = parse_limit(ctx, optarg, &q.top)) != 0)
				return pm_cli_usage(ctx, "--top: a number of groups (0: all)");
			break;
		default: return PM_EX_USAGE;
		}
	}
	if (optind < argc)
		return pm_cli_usage(ctx, "stats: unexpected operand '%s'", argv[optind]);
	if ((rc = stats_period(ctx, month, since, until, &q)) != 0 ||
	    (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_complaint_stats(ctx, &q, &it, &ctx->err)) != 0)
		return rc;
	memcpy(cols, pm_complaint_stats_cols, sizeof cols);
	cols[PM_CS_KEY].name = pm_complaint_stats_by_name(q.by);
	o = pm_cli_out(ctx, cols, PM_CS_NCOL);
	while ((rc = pm_complaint_stats_next(it, &row, &ctx->err)) == 1) {
		pm_out_text(o, PM_CS_KEY, row.null[PM_CS_KEY] ? NULL : row.key);
		for (i = 1; i < PM_CS_NCOL; i++)
			if (!row.null[i])
				pm_out_int(o, i, row.i[i]);
		if (pm_out_row(o) != 0)
			break;
	}
	pm_complaint_stats_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

static int
do_survey_new(pm_ctx *ctx, int argc, char **argv)
{
	static const pm_col cols[] = { { "survey", PM_C_ID, 0 } };
	pm_survey_def *def = NULL;
	char name[40];
	int64_t id;
	pm_out *o;
	int rc;

	if ((rc = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		return PM_EX_USAGE;
	if (argc - optind != 1)
		return pm_cli_usage(ctx, "survey new: give one questionnaire FILE");
	/* read the file before the database: a bad questionnaire locks nothing */
	if ((rc = pm_survey_load(argv[optind], &def, &ctx->err)) != 0 ||
	    (rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_survey_new(ctx, def, &id, name, sizeof name, &ctx->err)) != 0)
		goto out;
	o = pm_cli_out(ctx, cols, 1);
	pm_out_text(o, 0, name);
	pm_out_row(o);
out:
	pm_survey_def_free(def);
	return rc;
}

static int
do_survey_import(pm_ctx *ctx, int argc, char **argv)
{
	static const struct option lo[] = {
		{ "csv", no_argument, NULL, O_CSV },
		{ "jsonl", no_argument, NULL, O_JSONL },
		{ NULL, 0, NULL, 0 }
	};
	static const pm_col cols[] = {
		{ "inserted", PM_C_INT, 0 }, { "updated", PM_C_INT, 0 }, { "unchanged", PM_C_INT, 0 }
	};
	pm_ifmt fmt = PM_IFMT_AUTO;
	pm_survey_imported res;
	pm_out *o;
	int c, rc;

	while ((c = pm_cli_opt(ctx, argc, argv, "", lo)) != -1) {
		if (c == O_CSV)
			fmt = PM_IFMT_CSV;
		else if (c == O_JSONL)
			fmt = PM_IFMT_JSONL;
		else
			return PM_EX_USAGE;
	}
	if (argc - optind != 2)
		return pm_cli_usage(ctx, "survey import: give SURVEY and FILE (or - for stdin)");
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = pm_survey_import(ctx, argv[optind], argv[optind + 1], fmt, &res,
	    &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, 3);
	pm_out_int(o, 0, res.inserted);
	pm_out_int(o, 1, res.updated);
	pm_out_int(o, 2, res.unchanged);
	pm_out_row(o);
	/* -n: everything was checked and written; now take it back */
	if (ctx->dry_run)
		pm_db_rollback(ctx->db);
	return 0;
}

/* survey stats SURVEY and survey list: the same row shape. */
static int
do_survey_read(pm_ctx *ctx, int argc, char **argv)
{
	int stats = strcmp(argv[0], "stats") == 0;
	const pm_col *cols = stats ? pm_survey_stats_cols : pm_survey_list_cols;
	int ncol = stats ? PM_SQ_NCOL : PM_SL_NCOL;
	pm_survey_iter *it = NULL;
	pm_survey_row row;
	pm_out *o;
	int i, rc;

	if ((rc = pm_cli_opt(ctx, argc, argv, "", NULL)) != -1)
		return PM_EX_USAGE;
	if (argc - optind != stats)
		return pm_cli_usage(ctx, stats ? "survey stats: give one SURVEY" :
		    "survey list: no operands");
	if ((rc = pm_cli_begin(ctx)) != 0 ||
	    (rc = stats ? pm_survey_stats(ctx, argv[optind], &it, &ctx->err) :
	    pm_survey_list(ctx, &it, &ctx->err)) != 0)
		return rc;
	o = pm_cli_out(ctx, cols, ncol);
	while ((rc = pm_survey_next(it, &row, &ctx->err)) == 1) {
		for (i = 0; i < ncol; i++) {
			if (row.null[i])
				continue;
			if (cols[i].type == PM_C_TEXT || cols[i].type == PM_C_ID)
				pm_out_text(o, i, row.v[i]);
			else
				pm_out_int(o, i, row.i[i]);
		}
		if (pm_out_row(o) != 0)
			break;
	}
	pm_survey_iter_free(it);
	return rc < 0 ? ctx->err.status : 0;
}

#define AT "[--at TIME] "
#define IDS "ID...|-"

static const pm_verb verbs[] = {
	{ NULL, "new", do_new, PM_V_WRITE, "complaint.new",
	  "--text TEXT|- [--kind KIND] [--channel CH] [--site CODE] [--unit CODE | --place TEXT]\n"
	  "       [--name NAME] [--phone PHONE] [--category PATH] [--priority P] [--received TIME]",
	  "record a contact and print its ID\n"
	  "Kinds: complaint (default) repair suggestion inquiry praise.  Channels: phone\n"
	  "(default) letter online walkin wechat email meeting survey.  The priority\n"
	  "defaults to the category's; due times follow complaint.limits." },
	{ NULL, "list", do_list, 0, NULL,
	  "[--status S] [--overdue] [--due-within SPAN] [--assignee LOGIN] [--dept CODE]\n"
	  "       [--category PATH] [--kind KIND] [--channel CH] [--site CODE] [--since TIME]\n"
	  "       [--until TIME] [--limit N] [--all] [--unmask --reason TEXT]",
	  "list contacts (open ones, the 50 newest first)\n"
	  "Columns: id received kind status priority category site unit place dept\n"
	  "assignee due level repeat text.  --overdue and --due-within sort by due time." },
	{ NULL, "show", do_show, 0, NULL, "[--unmask --reason TEXT] ID",
	  "show a contact and its timeline\n"
	  "Text formats: field/value lines, a blank line, then the timeline (at actor event\n"
	  "note data).  -o json: one object with every field, an events and a links array." },
	{ NULL, "classify", do_act, PM_V_WRITE, "complaint.assign",
	  "[--category PATH] [--priority P] [--kind KIND] " AT IDS,
	  "set category, priority or kind; due times are counted again" },
	{ NULL, "assign", do_act, PM_V_WRITE, "complaint.assign",
	  "[--dept CODE] [--to LOGIN] " AT IDS, "give contacts to a department and a person" },
	{ NULL, "start", do_act, PM_V_WRITE, "complaint.handle", "[--text NOTE] " AT IDS,
	  "handling has started (the first response)" },
	{ NULL, "note", do_act, PM_V_WRITE, "complaint.handle", "--text TEXT|- " AT IDS,
	  "add a note to the timeline" },
	{ NULL, "resolve", do_act, PM_V_WRITE, "complaint.handle", "--result TEXT|- " AT IDS,
	  "record the result of the handling" },
	{ NULL, "reply", do_act, PM_V_WRITE, "complaint.handle",
	  "--text TEXT|- [--channel CH] " AT IDS, "record what the owner was told, and how" },
	{ NULL, "visit", do_act, PM_V_WRITE, "complaint.visit",
	  "--satisfaction 1-5 [--comment TEXT] " AT IDS,
	  "record a follow-up visit (回访) and the owner's satisfaction" },
	{ NULL, "close", do_act, PM_V_WRITE, "complaint.close", "[--text NOTE] " AT IDS,
	  "close replied contacts (a visit first, where complaint.followup asks for one)" },
	{ NULL, "reopen", do_act, PM_V_WRITE, "complaint.close", "--reason TEXT " AT IDS,
	  "reopen contacts" },
	{ NULL, "reject", do_act, PM_V_WRITE, "complaint.close", "--reason TEXT " AT IDS,
	  "reject contacts (not ours to handle)" },
	{ NULL, "duplicate-of", do_act, PM_V_WRITE, "complaint.close",
	  "[--text NOTE] " AT "ORIGINAL " IDS, "mark contacts as duplicates of ORIGINAL" },
	{ NULL, "escalate", do_escalate, PM_V_WRITE, "complaint.escalate", IDS,
	  "escalate late contacts one level per period of lateness\n"
	  "Prints id level responsible for each contact escalated; nothing for contacts\n"
	  "not late or already at their level, so reruns change nothing." },
	{ NULL, "stats", do_stats, 0, NULL,
	  "[--month YYYY-MM|this|last | --since TIME [--until TIME]]\n"
	  "       [--by category|building|site|channel|dept|assignee|kind|all] [--top N]",
	  "statistics of the contacts received in a period, one row per group\n"
	  "Default: this month, by category, every group.  Columns: the group, count\n"
	  "share_pct prev change response_p50_s response_p90_s resolve_p50_s resolve_p90_s\n"
	  "in_time_pct repeat_pct satisfaction visit_pct.  Percentiles are nearest-rank;\n"
	  "prev is the month before (--month) or the same length before --since." },
	{ "survey", "new", do_survey_new, PM_V_WRITE, "survey.new", "FILE",
	  "create a survey from a YAML questionnaire and print its name\n"
	  "FILE has title:, questions: (a list of text: and kind: score|text), and\n"
	  "optionally code: and site:." },
	{ "survey", "import", do_survey_import, PM_V_WRITE, "survey.import",
	  "[--csv | --jsonl] SURVEY FILE",
	  "import answers, one row per unit: unit, q1..qN (a score 1-5 or text)\n"
	  "Optional columns: site, answered.  All or nothing: the first bad row is\n"
	  "reported as FILE:LINE.  A unit's answers are replaced; a second run of the\n"
	  "same file changes nothing.  Prints inserted, updated, unchanged.  -n: check only." },
	{ "survey", "stats", do_survey_read, 0, NULL, "SURVEY",
	  "response rate, mean score and share satisfied per question\n"
	  "Columns: n kind question responses units rate_pct mean satisfied_pct." },
	{ "survey", "list", do_survey_read, 0, NULL, "",
	  "list surveys\nColumns: survey title site created questions respondents." },
	{ NULL, NULL, NULL, 0, NULL, NULL, NULL }
};

static const pm_tool tool = {
	"pm-complaint",
	"Owner contacts: intake, handling, reply, follow-up visit, escalation, statistics, surveys.",
	verbs,
	pm_perm_by_roles
};

int
main(int argc, char **argv)
{
	return pm_cli_main(&tool, argc, argv);
}
