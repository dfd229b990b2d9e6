/*
 * cli_proc.c — the front of a process tool; see cli_proc.h.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli_proc.h"
#include "err.h"

static const pm_col esc_cols[] = {
	{ "id", PM_C_ID, 0, 0, PM_COL_KEY }, { "level", PM_C_INT, 0, 0, 0 },
	{ "responsible", PM_C_ID, 0, 0, 0 }
};

struct esc {
	int (*esc)(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err);
	pm_out *o;
};

static int
escalate_one(pm_ctx *ctx, pm_id id, void *arg)
{
	struct esc *e = arg;
	pm_escalated res;
	char idtext[24];
	int rc;

	if ((rc = e->esc(ctx, id, &res, &ctx->err)) != 0)
		return rc;
	/* only what changed: the cron job stays quiet when nothing did */
	if (!res.changed)
		return 0;
	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(e->o, 0, idtext);
	pm_out_int(e->o, 1, res.level);
	pm_out_text(e->o, 2, res.who[0] ? res.who : NULL);
	pm_out_row(e->o);
	return 0;
}

int
pm_cli_escalate(pm_ctx *ctx, int argc, char **argv, char want,
    int (*esc)(pm_ctx *ctx, pm_id id, pm_escalated *res, pm_err *err))
{
	struct esc e;
	int rc;

	if ((rc = pm_cli_begin(ctx)) != 0)
		return rc;
	e.esc = esc;
	e.o = pm_cli_out(ctx, esc_cols, 3);
	return pm_cli_each_id(ctx, argc, argv, stdin, want, escalate_one, &e);
}

void
pm_cli_new_id(pm_ctx *ctx, pm_id id)
{
	static const pm_col cols[] = { { "id", PM_C_ID, 0, 0, PM_COL_KEY } };
	char idtext[24];
	pm_out *o = pm_cli_out(ctx, cols, 1);

	pm_id_format(id, idtext, sizeof idtext);
	pm_out_text(o, 0, idtext);
	pm_out_row(o);
}

int64_t
pm_cli_list_limit(const pm_ctx *ctx, int deadline)
{
	return ctx->fmt == PM_FMT_TABLE && !deadline ? 50 : 0;
}

uint64_t
pm_cli_list_cols(const pm_ctx *ctx, const pm_col *all, const int *map, int n, int key,
    pm_col *cols)
{
	uint64_t read = 0;
	int i;

	for (i = 0; i < n; i++) {
		cols[i] = all[map[i]];
		if (ctx->fmt != PM_FMT_ID || map[i] == key)
			read |= UINT64_C(1) << map[i];
	}
	return read;
}

int
pm_cli_show_found(pm_ctx *ctx, int found, const pm_col *cols, int ncols,
    const pm_cell *cells, const char *entity, pm_id id, const char *nosuch)
{
	char idtext[24];

	if (found < 0)
		return ctx->err.status;
	if (found == 0) {
		pm_id_format(id, idtext, sizeof idtext);
		return pm_err_set(&ctx->err, PM_EX_NOINPUT, nosuch, idtext);
	}
	return pm_cli_show(ctx, cols, ncols, cells, entity, id);
}
