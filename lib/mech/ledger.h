/*
 * ledger.h — the money journal: balanced entries of postings to named
 * accounts, in integer fen, append-only (schema/0015-ledger.sql).
 *
 * The model.  An entry (a transaction) has a kind, an accounting date,
 * the time it was posted and the actor who posted it, what it is about
 * (ref, e.g. the record it belongs to), an optional memo, and two or more
 * postings.  A posting moves an amount of fen into one account: debit
 * > 0, credit < 0, never 0; the postings of an entry sum to zero.  A
 * posting has a ref of its own (which line of which record it settles).
 * Kinds are rows of ledger_kind: charge, payment, allocation, accrual,
 * waiver, reversal, credit, refund, custody; what each means, and which
 * accounts it touches, is the caller's (the mechanism knows only that a
 * reversal negates an entry).
 *
 * Accounts are named by the caller, as paths: components joined by ':'
 * ("Assets:Receivable:S1:3-2-1502").  A name is 1-200 bytes of UTF-8,
 * no component empty or beginning or ending with a space, no two spaces
 * in a row, no control characters and none of ; ( ) [ ] = @ " — so that
 * every name is also a valid ledger-cli and hledger account.  An account
 * exists from its first posting.
 *
 * Posted rows are never updated or deleted: triggers refuse it, also
 * from the sqlite3 shell.  A mistake is corrected by a reversal entry
 * that names the entry it reverses and negates each of its postings; an
 * entry is reversed at most once, and a reversal is never reversed (post
 * the entry again instead).  The schema's triggers enforce the balance
 * of every entry, the reversal rules and the sequence numbers too, so a
 * writer that bypasses this module cannot break them either.
 *
 * Sequence numbers (receipts): an entry posted with a seq_scope gets the
 * next number of (scope, the year of its date), 1, 2, 3 ..., taken
 * from a counter row inside the posting transaction: writers hold the
 * write lock (BEGIN IMMEDIATE) so two never read the same number, and a
 * transaction rolled back takes its number back — no gaps, no
 * duplicates.  A reversed entry keeps its number (a voided receipt stays
 * a voided entry); reversals take none.
 *
 * Balances are derived from the postings, never stored: the balance of
 * an account as of a date is one range of the index (account, date,
 * amount) — it reads that account's postings only, however long the
 * journal.  Measured (SQLite 3.40, 1,000,000 postings over 100,001
 * accounts): 10,000 balances as of a date in 37 ms, 3.7 us each (21 ms
 * over 100,000 postings), where one balance without the index scans
 * the journal in 65 ms.  Totals kept by a trigger cost little to write
 * (the same 1,000,000 postings: 2.40 s instead of 2.31 s) but answer
 * only "now", not "as of" a date, and would be a second truth that
 * pm_ledger_check must compare; derived balances are as fast where it
 * matters and cannot disagree with the journal.
 *
 * Every function runs inside the caller's transaction (writers: a write
 * transaction), so an entry and the record it belongs to commit
 * together.  Amounts are checked: beyond +-PM_MONEY_MAX is refused.  An
 * account's total is not summed when posting — that reads the account's
 * whole history on every post, and made a 10,000-row payment import
 * quadratic (160 s) for a bound of 9 x 10^16 yuan no property company
 * reaches — but no balance is ever wrong for it: a balance beyond the
 * range is refused where it is read (PM_EX_DATAERR), and pm_ledger_check
 * names the account.
 */
#ifndef PM_LEDGER_H
#define PM_LEDGER_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "ctx.h"
#include "pmtime.h"

#define PM_LEDGER_ACCOUNT_MAX 200       /* bytes of an account name */
#define PM_LEDGER_REF_MAX 64            /* bytes of a ref or a scope */

/* One line of an entry. */
typedef struct pm_ledger_posting {
	const char *account;    /* an account name (above) */
	int64_t amount;         /* fen: debit > 0, credit < 0, never 0 */
	const char *ref;        /* what the line is about, or NULL */
} pm_ledger_posting;

/* An entry to post. */
typedef struct pm_ledger_entry {
	const char *kind;       /* a ledger_kind, not "reversal" (pm_ledger_reverse) */
	pm_date date;           /* the accounting date */
	const char *ref;        /* what the entry is about, or NULL */
	const char *memo;       /* free text (1-500 bytes), or NULL */
	const char *seq_scope;  /* number it in this scope's sequence for the year
	                         * of date, or NULL for no number */
	const pm_ledger_posting *post;
	size_t npost;
} pm_ledger_entry;

/*
 * A ref or a scope is 1-64 of A-Z a-z 0-9 _ . / - ("B12", "S1").
 * pm_ledger_account_valid and pm_ledger_ref_valid say whether a name
 * follows the rules (1 or 0).
 */
int pm_ledger_account_valid(const char *name);
int pm_ledger_ref_valid(const char *s);

/*
 * Post e, stamped with ctx's actor and clock: its entry id into *id,
 * and with a seq_scope its number into *seq_no (either may be NULL;
 * *seq_no is 0 without a scope).  Refused with PM_EX_DATAERR, nothing
 * written: an unknown kind or "reversal", an invalid date, ref, scope,
 * memo or account name, fewer than two postings, a zero amount or one
 * beyond PM_MONEY_MAX, postings that do not sum to zero (the message
 * says by how much) or whose sum overflows.  PM_EX_SOFTWARE outside a write
 * transaction.
 */
int pm_ledger_post(pm_ctx *ctx, const pm_ledger_entry *e, int64_t *id, int64_t *seq_no,
	pm_err *err);

/*
 * Post many entries at once, set-based: for a batch of thousands (a
 * month's bills) without a round trip per entry.  The caller gives two
 * SELECTs over its own tables, both bound with spec and its values
 * (db.h's letters; the same values for both):
 *
 *	entries   one row per entry, columns named
 *	            entry  an integer unique in the batch (e.g. a bill's id)
 *	            kind   a ledger_kind, not "reversal"
 *	            date   the accounting date, YYYY-MM-DD
 *	            ref    what it is about, or NULL
 *	postings  the entries' lines, columns named
 *	            entry  the entry the line belongs to
 *	            account, amount, ref    as pm_ledger_posting
 *
 * in the order they are to be posted.  Every rule of pm_ledger_post
 * holds and is checked, set-based: kinds and dates are checked per
 * distinct value, an account new to the journal is checked by
 * pm_ledger_account_valid (once, on its first posting), refs and amounts
 * by the schema; every entry needs two or more postings summing to zero
 * (the journal's triggers refuse the batch otherwise), a posting must
 * name an entry of the batch.  Entries get ids in entry order and no sequence
 * number (post numbered entries one by one); memos are not taken.  Any
 * refusal is PM_EX_DATAERR and, since the caller's transaction is then
 * rolled back, nothing of the batch is posted.  *n (may be NULL) is the
 * number of entries posted (0 for an empty batch: nothing is written).
 * Memory does not grow with the batch: the entries are staged in a
 * temporary table of the connection, emptied again.
 */
int pm_ledger_post_select(pm_ctx *ctx, pm_err *err, int64_t *n, const char *entries,
	const char *postings, const char *spec, ...);

/*
 * Reverse entry id on date (not before the entry's own date): a
 * "reversal" entry with the same ref and every posting negated, and memo
 * (NULL for none).  Its id into *rid (may be NULL).  PM_EX_NOINPUT: no
 * such entry; PM_EX_DATAERR: it is a reversal, or reversed already (the
 * message names the reversal), or date is before it.
 */
int pm_ledger_reverse(pm_ctx *ctx, int64_t id, pm_date date, const char *memo, int64_t *rid,
	pm_err *err);

/* An entry read back; strings valid during the call that hands it out. */
typedef struct pm_ledger_info {
	int64_t id;
	const char *kind;
	pm_date date;
	pm_time posted_at;
	const char *actor;
	const char *ref;        /* NULL when none */
	const char *memo;       /* NULL when none */
	int64_t reverses;       /* the entry this one reverses, or 0 */
	int64_t reversed_by;    /* the reversal of this entry, or 0 */
	const char *seq_scope;  /* NULL when not numbered */
	int seq_year;
	int64_t seq_no;
} pm_ledger_info;

/* Entry id's header: fn(arg, info) once; PM_EX_NOINPUT when none.
 * fn's nonzero return is returned. */
int pm_ledger_entry_get(pm_ctx *ctx, int64_t id, int (*fn)(void *arg,
	const pm_ledger_info *e), void *arg, pm_err *err);

/*
 * Balances (sum of postings, debit positive) as of a date inclusive;
 * asof NULL: all of them.
 *
 *	pm_ledger_balance       one account's own postings (not its
 *	                        sub-accounts); 0 for an account never posted to
 *	pm_ledger_balance_tree  the account and every account under it
 *	                        ("A:B" covers "A:B" and "A:B:C", not "A:BC")
 *	pm_ledger_balance_ref   the postings with that ref in one account
 *	                        (what is left of one line)
 *	pm_ledger_each_balance  fn(arg, name, balance) for the account and
 *	                        each account under prefix (NULL or "": every
 *	                        account), in name order, streaming; accounts
 *	                        with no posting up to asof are left out
 *
 * A sum beyond PM_MONEY_MAX is PM_EX_DATAERR (never a wrong number).
 */
int pm_ledger_balance(pm_ctx *ctx, const char *account, const pm_date *asof, int64_t *out,
	pm_err *err);
int pm_ledger_balance_tree(pm_ctx *ctx, const char *prefix, const pm_date *asof,
	int64_t *out, pm_err *err);
int pm_ledger_balance_ref(pm_ctx *ctx, const char *account, const char *ref,
	const pm_date *asof, int64_t *out, pm_err *err);
int pm_ledger_each_balance(pm_ctx *ctx, const char *prefix, const pm_date *asof,
	int (*fn)(void *arg, const char *account, int64_t balance), void *arg, pm_err *err);

/* The names of the accounts under prefix as the byte range [lo, hi)
 * (appended to both): prefix ":" to prefix ";", ';' being the byte after
 * ':', so "A:B" never takes in "A:BC"; NULL or "": every name.  One
 * range of ledger_account's name index, for statements of the floors
 * above that read the accounts of a kind (every unit's receivable). */
struct pm_buf;
void pm_ledger_under(const char *prefix, struct pm_buf *lo, struct pm_buf *hi);

/*
 * The invariants, on the rows (for a database whose triggers someone
 * dropped, or a copy restored from elsewhere): every entry has two or
 * more postings, of its date, summing to zero; no posting without its
 * entry; every reversal negates exactly an entry that is no reversal,
 * dated not before it, and no entry is reversed twice; every sequence
 * (scope, year) is 1..n without gaps or duplicates, n its counter; no
 * account's total is beyond +-PM_MONEY_MAX; the
 * journal's triggers and unique indexes are all there.  (Balances are
 * derived, so there are no stored totals to compare.)  fn(arg, "ledger",
 * detail) per problem, *problems counts them (added to); a database
 * without the journal's tables has nothing to check.  Returns 0 when the
 * checks ran.
 */
int pm_ledger_check(pm_ctx *ctx, int (*fn)(void *arg, const char *check, const char *detail),
	void *arg, long *problems, pm_err *err);

/*
 * The independent judge: the journal up to asof (inclusive; NULL: the
 * date of ctx->now) as a
 * ledger-cli / hledger journal on fp, for `ledger -f FILE --strict
 * --pedantic balance` and `hledger -f FILE --strict check` to verify.
 *
 *	; comment lines naming the source and the date
 *	commodity ¥                     the one commodity
 *	account NAME                    every account, for --strict/--pedantic
 *	DATE * (SCOPE/YEAR/NO) KIND REF one transaction per entry, by date
 *	    ; pm entry N, reverses M     then id (where the entry sits in pm)
 *	    ACCOUNT  ¥-1234.56          each posting
 *	DATE * balance assertions       last: for each account under each
 *	    ACCOUNT  ¥0.00 = ¥X         prefix in assert[0..nassert), its own
 *	                                balance as of asof (= checks the
 *	                                account alone in both tools, not its
 *	                                sub-accounts)
 *
 * Amounts are written ¥ then an optional minus, the yuan without
 * thousands separators, a point and exactly two decimals (¥-1234.56).
 * Both tools read that form the same way with the commodity declared;
 * grouped amounts ("¥1,234") are ambiguous to hledger (comma as a
 * decimal mark), and "1234.56 CNY" would name a second spelling of the
 * currency.  Entries come in (date, id) order; the code in parentheses
 * is the sequence number, when there is one.  Memos are left out (free
 * text, maybe personal; the judge needs the numbers only).  Rows are
 * written as they are read.  A write error is PM_EX_IOERR.
 */
int pm_ledger_journal(pm_ctx *ctx, const pm_date *asof, const char *const *assert,
	size_t nassert, FILE *fp, pm_err *err);

#endif
