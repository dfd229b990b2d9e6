-- 0027-bill-settled: the day each bill was settled, so that the monthly
-- report's arrears read the bills open at a date and not ten years of
-- settled ones (lib/domain/report_fee.h).
--
-- bill.opened and bill.settled are a cache of the journal, never facts
-- of their own.  Of the bill's refs in the receivables (its lines B12.n
-- of either sign and its late fee B12.L): settled is the first day from
-- which every one stands at nil and stays there, as far as the journal
-- goes, NULL while one is not nil after its last posting (open); opened
-- is the first day one of them is not nil (with none ever not nil, the
-- day of its first posting: opened = settled).  Between opened and
-- settled the journal decides (a bill may be nil for a while and reopen);
-- before opened and from settled on, what is left of every ref of the
-- bill is nil.  So the bills with something left at a day A are among
-- those with opened <= A and settled NULL or after A.  Both NULL (a bill
-- with no postings yet) is always safe: such a bill is a candidate.
--
-- bill_settled_track keeps them: every entry that posts to a bill's refs
-- in a receivable (a charge, an allocation, an accrual, a waiver, a
-- reversal of any of them, whoever posts it: pm-fee or the sqlite3
-- shell) recomputes those bills' days from their postings
-- (ledger_posting_ref, a handful of rows).  A reversal that reopens a
-- bill makes settled NULL again.  pm-admin check (check "fee")
-- recomputes every bill's days from the journal and reports where the
-- cache differs.
--
-- How the days are found: a ref's postings summed per day, in day
-- order, the running sum after each day (run) and the next day it
-- changes on (nxt).  The ref is open when its last day's run is not nil,
-- else settled on the nxt of its last day with a run not nil (the start
-- of the final run of nil days), or on its first day when it was never
-- not nil; it opened on its first day with a run not nil.  The bill's
-- settled day is the latest of its refs' (NULL when one is open), its
-- opened day the earliest.
ALTER TABLE bill ADD COLUMN opened TEXT
	CHECK (opened IS NULL OR opened GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
ALTER TABLE bill ADD COLUMN settled TEXT
	CHECK (settled IS NULL OR settled GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');

-- a bill is still never changed; its days are the journal's
DROP TRIGGER bill_no_update;
CREATE TRIGGER bill_no_update BEFORE UPDATE OF id, run_id, site_id, unit_id, period, date, due
ON bill
BEGIN
	SELECT RAISE(ABORT, 'fee: a bill is never changed; correct it by a reversal');
END;

-- the bills of every existing journal, set-based: one read of the
-- receivables by ledger_posting_unit_ref (0026)
UPDATE bill SET opened = s.opened, settled = s.settled FROM (
	SELECT bid, coalesce(min(orf), min(fst)) AS opened,
	       CASE WHEN max(op) = 1 THEN NULL ELSE max(sr) END AS settled FROM (
		SELECT CAST(substr(ref, 2, instr(ref, '.') - 2) AS INTEGER) AS bid,
		       max(run <> 0 AND nxt IS NULL) AS op,
		       coalesce(max(CASE WHEN run <> 0 THEN nxt END), min(date)) AS sr,
		       min(CASE WHEN run <> 0 THEN date END) AS orf, min(date) AS fst
		FROM (
			SELECT aid, ref, date, sum(amt) OVER w AS run, lead(date) OVER w AS nxt
			FROM (
				SELECT p.account_id AS aid, p.ref AS ref, p.date AS date,
				       sum(p.amount) AS amt
				FROM ledger_account a JOIN ledger_posting p
				  ON p.account_id = a.id AND p.ref IS NOT NULL
				WHERE a.name >= 'Assets:Receivable:' AND a.name < 'Assets:Receivable;'
				  AND p.ref LIKE 'B%.%'
				GROUP BY p.account_id, p.ref, p.date)
			WINDOW w AS (PARTITION BY aid, ref ORDER BY date))
		GROUP BY aid, ref)
	GROUP BY bid) s
WHERE bill.id = s.bid;

-- a unit's bills that may have something left at a day: settled after
-- it (a range of the days settled since) or not at all (the range of
-- NULLs), opened by it
CREATE INDEX bill_unit_settled ON bill (unit_id, settled, opened);

CREATE TRIGGER bill_settled_track AFTER INSERT ON ledger_txn
BEGIN
	UPDATE bill SET (opened, settled) = (
		SELECT coalesce(min(orf), min(fst)), CASE WHEN max(op) = 1 THEN NULL ELSE max(sr) END
		FROM (
			SELECT max(run <> 0 AND nxt IS NULL) AS op,
			       coalesce(max(CASE WHEN run <> 0 THEN nxt END), min(date)) AS sr,
			       min(CASE WHEN run <> 0 THEN date END) AS orf, min(date) AS fst
			FROM (
				SELECT aid, ref, date, sum(amt) OVER w AS run, lead(date) OVER w AS nxt
				FROM (
					SELECT p.account_id AS aid, p.ref AS ref, p.date AS date,
					       sum(p.amount) AS amt
					FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
					WHERE p.ref >= 'B' || bill.id || '.' AND p.ref < 'B' || bill.id || '/'
					  AND a.name >= 'Assets:Receivable:' AND a.name < 'Assets:Receivable;'
					GROUP BY p.account_id, p.ref, p.date)
				WINDOW w AS (PARTITION BY aid, ref ORDER BY date))
			GROUP BY aid, ref))
	FROM (
		SELECT DISTINCT CAST(substr(p.ref, 2, instr(p.ref, '.') - 2) AS INTEGER) AS bid
		FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id
		WHERE p.txn_id = NEW.id AND p.ref LIKE 'B%.%'
		  AND a.name >= 'Assets:Receivable:' AND a.name < 'Assets:Receivable;') x
	WHERE bill.id = x.bid;
END;

-- The late fees fixed in a month (the report's late_fee_fen): the
-- month's accruals and reversals, each a small range of its own, where
-- ledger_txn_date hands out every entry of the month (its charges,
-- payments and allocations are most of them; by account and date it
-- would be one range per unit's receivable).
CREATE INDEX ledger_txn_accrual ON ledger_txn (date) WHERE kind = 'accrual';
CREATE INDEX ledger_txn_reversal ON ledger_txn (date) WHERE kind = 'reversal';
