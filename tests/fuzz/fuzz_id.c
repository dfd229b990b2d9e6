/*
 * fuzz_id.c — libFuzzer target for typed IDs and the stdin ID reader.
 *
 * An accepted ID formats and parses back to itself; a refused one is a
 * usage error with a one-line message that carries no raw escape.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "id.h"

static int
take(pm_ctx *ctx, pm_id id, void *arg)
{
	char buf[24];
	pm_id back;

	(void)arg;
	pm_id_format(id, buf, sizeof buf);
	if (pm_id_parse(buf, 0, &back, &ctx->err) != 0 || back.type != id.type || back.n != id.n)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char wants[] = { 0, 'C', 'W', 'A' };
	char *s = malloc(size + 1);
	char *argv[] = { (char *)"-", NULL };
	pm_ctx ctx;
	pm_id id;
	size_t i;
	FILE *in;

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < sizeof wants; i++) {
		pm_err_clear(&ctx.err);
		if (pm_id_parse(s, wants[i], &id, &ctx.err) == 0) {
			memset(&ctx, 0, sizeof ctx);
			take(&ctx, id, NULL);
		} else if (ctx.err.status != PM_EX_USAGE || strchr(ctx.err.msg, '\033') ||
		    strchr(ctx.err.msg, '\n')) {
			abort();
		}
	}
	/* the same bytes as stdin for `verb -` */
	memset(&ctx, 0, sizeof ctx);
	ctx.verb = "fuzz";
	if (size > 0 && (in = fmemopen((void *)data, size, "r")) != NULL) {
		int rc = pm_cli_each_id(&ctx, 1, argv, in, 'C', take, NULL);
		if (rc != 0 && (ctx.err.msg[0] == '\0' || strchr(ctx.err.msg, '\033')))
			abort();
		fclose(in);
	}
	free(s);
	return 0;
}
