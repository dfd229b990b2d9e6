-- 0016-fee: bills and their lines (lib/domain/fee_bill.h).
--
-- Fee items and their rates are configuration (fee.items, pm-config(5)),
-- effective-dated; a bill line records the rate and quantity it was
-- computed from and its amount, so a later rate never changes a bill
-- already made.  The money itself is in the journal (0015-ledger): each
-- bill is one "charge" entry (ref B12), each line a pair of postings
-- with the line's ref (B12.1): Assets:Receivable:SITE:UNIT and
-- Income:Fee:ITEM.  What is left of a line, and so whether a bill is
-- paid, is derived from the journal, never stored here.
--
-- fee_run is one `pm-fee bill` (or `charge`): who, when, what.
CREATE TABLE fee_run (
	id       INTEGER PRIMARY KEY,
	kind     TEXT NOT NULL CHECK (kind = 'bill' OR kind = 'charge'),
	period   TEXT CHECK (period IS NULL OR period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	site_id  INTEGER REFERENCES site (id),
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	bills    INTEGER NOT NULL DEFAULT 0 CHECK (bills >= 0),
	lines    INTEGER NOT NULL DEFAULT 0 CHECK (lines >= 0),
	total    INTEGER NOT NULL DEFAULT 0
) STRICT;

-- A bill: what one run charged one unit (B12).  A second run for the
-- same period only bills lines the first did not (a new item): it makes
-- a second bill.
CREATE TABLE bill (
	id         INTEGER PRIMARY KEY,
	run_id     INTEGER NOT NULL REFERENCES fee_run (id),
	site_id    INTEGER NOT NULL REFERENCES site (id),
	unit_id    INTEGER NOT NULL REFERENCES unit (id),
	period     TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	due        TEXT NOT NULL CHECK (due GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'
	           AND due >= date),
	UNIQUE (run_id, unit_id)
) STRICT;

CREATE INDEX bill_unit ON bill (unit_id, period);
CREATE INDEX bill_period ON bill (site_id, period);

-- A line: one item of one bill.  kind 'period' is a regular charge of a
-- billing period, at most once per unit, item and period (the key that
-- makes `bill` idempotent, also when two runs race or one was killed);
-- 'charge' is a one-off (`pm-fee charge`), keyed by its source when it
-- has one (a work order: W12, with the timeline event it came from).
CREATE TABLE bill_line (
	id        INTEGER PRIMARY KEY,
	bill_id   INTEGER NOT NULL REFERENCES bill (id),
	n         INTEGER NOT NULL CHECK (n >= 1),
	unit_id   INTEGER NOT NULL REFERENCES unit (id),
	kind      TEXT NOT NULL CHECK (kind = 'period' OR kind = 'charge'),
	item      TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 32 AND
	          item NOT GLOB '*[^A-Za-z0-9_-]*'),
	period    TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	rate      INTEGER CHECK (rate IS NULL OR rate >= 0),   -- 0.0001 yuan
	qty       INTEGER CHECK (qty IS NULL OR qty >= 0),     -- 0.01 m2, 0.01 of a meter unit, 1
	day_from  INTEGER CHECK (day_from IS NULL OR day_from BETWEEN 1 AND 31),
	day_to    INTEGER CHECK (day_to IS NULL OR (day_to BETWEEN 1 AND 31 AND day_to >= day_from)),
	amount    INTEGER NOT NULL CHECK (amount <> 0 AND
	          amount BETWEEN -9000000000000000000 AND 9000000000000000000),
	reason    TEXT CHECK (reason IS NULL OR length(reason) BETWEEN 1 AND 500),
	source    TEXT CHECK (source IS NULL OR (length(source) BETWEEN 2 AND 24 AND
	          source NOT GLOB '*[^A-Z0-9]*')),
	source_event INTEGER,
	UNIQUE (bill_id, n)
) STRICT;

CREATE UNIQUE INDEX bill_line_period ON bill_line (unit_id, item, period) WHERE kind = 'period';
CREATE UNIQUE INDEX bill_line_source ON bill_line (source, source_event) WHERE source IS NOT NULL;
CREATE INDEX bill_line_bill ON bill_line (bill_id, n);

-- Bills and lines are records of what was posted: never changed.
CREATE TRIGGER bill_no_update BEFORE UPDATE ON bill
BEGIN
	SELECT RAISE(ABORT, 'fee: a bill is never changed; correct it by a reversal');
END;
CREATE TRIGGER bill_no_delete BEFORE DELETE ON bill
BEGIN
	SELECT RAISE(ABORT, 'fee: a bill is never changed; correct it by a reversal');
END;
CREATE TRIGGER bill_line_no_update BEFORE UPDATE ON bill_line
BEGIN
	SELECT RAISE(ABORT, 'fee: a bill is never changed; correct it by a reversal');
END;
CREATE TRIGGER bill_line_no_delete BEFORE DELETE ON bill_line
BEGIN
	SELECT RAISE(ABORT, 'fee: a bill is never changed; correct it by a reversal');
END;
