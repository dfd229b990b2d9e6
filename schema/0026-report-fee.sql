-- 0026-report-fee: the index the monthly report's arrears and ageing
-- read (lib/domain/report_fee.h).
--
-- What is left of every line of a unit's bills as of a day is the sum of
-- the postings with the line's ref in the unit's receivable.  This index
-- hands them out per account in ref order, covered: one sequential range
-- per receivable account groups each line's postings without a sort and
-- without a lookup into the table, for three as-of dates at once, where
-- ledger_posting_account (no ref) needs a table lookup per posting and
-- ledger_posting_ref (by ref first) a lookup per bill line.
CREATE INDEX ledger_posting_unit_ref ON ledger_posting (account_id, ref, date, amount)
	WHERE ref IS NOT NULL;
