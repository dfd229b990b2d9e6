/*
 * bench_journal — the journal of PM_DB as ledger-cli / hledger read it,
 * with a balance assertion per receivable account, on stdout: the lib
 * writer (ledger.h, pm_ledger_journal) for `make bench`, which compares
 * `pm-fee arrears --aging` with `ledger balance` on this file.
 * usage: bench_journal DB AS-OF
 */
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "db.h"
#include "ledger.h"
#include "pmtime.h"

int
main(int argc, char **argv)
{
	static const char *const assert_[] = { "Assets:Receivable" };
	pm_ctx ctx;
	pm_date asof;
	pm_err err;

	if (argc != 3 || pm_date_parse(argv[2], &asof, &err) != 0) {
		fprintf(stderr, "usage: bench_journal DB YYYY-MM-DD\n");
		return 64;
	}
	memset(&ctx, 0, sizeof ctx);
	ctx.tool = "bench_journal";
	if (pm_db_open(argv[1], 0, 5000, &ctx.db, &err) != 0 ||
	    pm_db_begin(ctx.db, 0, &err) != 0 ||
	    pm_ledger_journal(&ctx, &asof, assert_, 1, stdout, &err) != 0) {
		fprintf(stderr, "bench_journal: %s\n", err.msg);
		return err.status ? err.status : 70;
	}
	pm_db_close(ctx.db);
	return fflush(stdout) == 0 ? 0 : 74;
}
