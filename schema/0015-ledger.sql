-- 0015-ledger: the money journal (lib/mech/ledger.h) — balanced
-- transactions of postings to named accounts, in integer fen, never
-- changed once posted.
--
-- ledger_txn is one transaction (an entry): its kind (a row of
-- ledger_kind), the accounting date (ISO YYYY-MM-DD), when and by whom it
-- was posted, what it is about (ref), and for a correction the entry it
-- reverses.  ledger_posting holds its lines: account, amount (debit > 0,
-- credit < 0), what the line is about (ref), and the entry's date again so
-- that a balance as of a date reads one index range per account.
-- ledger_seq numbers entries without gaps per (scope, year): the number
-- is taken in the posting transaction, so a rollback takes it back.
--
-- The schema itself keeps the rules, so that the sqlite3 shell cannot
-- break them either: an entry's postings are written first and the entry
-- row closes it (a trigger then requires two or more postings that sum to
-- zero, all of the entry's date; a posting for a closed entry is refused);
-- a reversal must be the exact negation of an entry that is no reversal
-- and is reversed once; a sequence number must be the counter's next one;
-- and no row of the journal is ever updated or deleted.  lib's
-- pm_ledger_check (pm-admin check) verifies the same rules on the rows,
-- for a database whose triggers someone dropped.
--
-- Balances are derived (no stored totals): ledger_posting_account makes
-- the balance of one account as of a date an index range.

-- What kinds of entries there are.  A table, not a CHECK, so a later
-- kind is one INSERT in a migration, not a rebuild of the journal.
CREATE TABLE ledger_kind (
	name TEXT PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 32 AND name NOT GLOB '*[^a-z_]*')
) STRICT;

INSERT INTO ledger_kind (name) VALUES ('charge'), ('payment'), ('allocation'), ('accrual'),
	('waiver'), ('reversal'), ('credit'), ('refund'), ('custody');

-- Account names are paths of components joined by ':' (lib checks the
-- whole rule: ledger.h; the schema its shape).
CREATE TABLE ledger_account (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200 AND
	           name NOT GLOB ':*' AND name NOT GLOB '*:' AND name NOT GLOB '*::*' AND
	           name NOT GLOB '*  *' AND name NOT GLOB '*[;()=@"]*' AND
	           name NOT GLOB '*[[]*' AND name NOT GLOB '*[]]*'),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE ledger_txn (
	id        INTEGER PRIMARY KEY,
	kind      TEXT NOT NULL REFERENCES ledger_kind (name),
	date      TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	posted_at INTEGER NOT NULL,
	actor     TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	ref       TEXT CHECK (ref IS NULL OR (length(ref) BETWEEN 1 AND 64 AND
	          ref NOT GLOB '*[^A-Za-z0-9_./-]*')),
	memo      TEXT CHECK (memo IS NULL OR length(memo) BETWEEN 1 AND 500),
	reverses  INTEGER REFERENCES ledger_txn (id),
	seq_scope TEXT CHECK (seq_scope IS NULL OR (length(seq_scope) BETWEEN 1 AND 64 AND
	          seq_scope NOT GLOB '*[^A-Za-z0-9_./-]*')),
	seq_year  INTEGER CHECK (seq_year IS NULL OR seq_year = CAST(substr(date, 1, 4) AS INTEGER)),
	seq_no    INTEGER CHECK (seq_no IS NULL OR seq_no > 0),
	CHECK ((seq_scope IS NULL) = (seq_no IS NULL) AND (seq_no IS NULL) = (seq_year IS NULL)),
	CHECK ((kind = 'reversal') = (reverses IS NOT NULL)),
	CHECK (reverses IS NULL OR reverses < id)
) STRICT;

-- the journal in date order (the export), an entry by what it is about
CREATE INDEX ledger_txn_date ON ledger_txn (date, id);
CREATE INDEX ledger_txn_ref ON ledger_txn (ref) WHERE ref IS NOT NULL;
-- an entry is reversed once; a number is given once (named indexes, not
-- constraints, so pm_ledger_check can be tested on a copy without them)
CREATE UNIQUE INDEX ledger_txn_reverses ON ledger_txn (reverses) WHERE reverses IS NOT NULL;
CREATE UNIQUE INDEX ledger_txn_seq ON ledger_txn (seq_scope, seq_year, seq_no)
	WHERE seq_no IS NOT NULL;

-- The posting's entry row comes after it (it closes the entry), so the
-- reference is checked at commit.
CREATE TABLE ledger_posting (
	id         INTEGER PRIMARY KEY,
	txn_id     INTEGER NOT NULL REFERENCES ledger_txn (id) DEFERRABLE INITIALLY DEFERRED,
	account_id INTEGER NOT NULL REFERENCES ledger_account (id),
	date       TEXT NOT NULL,
	amount     INTEGER NOT NULL CHECK (amount <> 0 AND
	           amount BETWEEN -9000000000000000000 AND 9000000000000000000),
	ref        TEXT CHECK (ref IS NULL OR (length(ref) BETWEEN 1 AND 64 AND
	           ref NOT GLOB '*[^A-Za-z0-9_./-]*'))
) STRICT;

CREATE INDEX ledger_posting_txn ON ledger_posting (txn_id);
-- a balance as of a date: one range of this index per account, covered
CREATE INDEX ledger_posting_account ON ledger_posting (account_id, date, amount);
-- what is left of one line (a ref) in an account
CREATE INDEX ledger_posting_ref ON ledger_posting (ref, account_id, date, amount)
	WHERE ref IS NOT NULL;

CREATE TABLE ledger_seq (
	scope TEXT NOT NULL,
	year  INTEGER NOT NULL,
	last  INTEGER NOT NULL CHECK (last > 0),
	PRIMARY KEY (scope, year)
) STRICT;

CREATE TRIGGER ledger_posting_closed BEFORE INSERT ON ledger_posting
WHEN EXISTS (SELECT 1 FROM ledger_txn WHERE id = NEW.txn_id)
BEGIN
	SELECT RAISE(ABORT, 'ledger: the entry is posted; a posting cannot be added to it');
END;

CREATE TRIGGER ledger_txn_balanced AFTER INSERT ON ledger_txn
WHEN (SELECT count(*) FROM ledger_posting WHERE txn_id = NEW.id) < 2
  OR (SELECT sum(amount) FROM ledger_posting WHERE txn_id = NEW.id) <> 0
  OR EXISTS (SELECT 1 FROM ledger_posting WHERE txn_id = NEW.id AND date <> NEW.date)
BEGIN
	SELECT RAISE(ABORT, 'ledger: an entry needs two or more postings of its date that sum to zero');
END;

CREATE TRIGGER ledger_txn_reversal AFTER INSERT ON ledger_txn
WHEN NEW.reverses IS NOT NULL AND (
	NOT EXISTS (SELECT 1 FROM ledger_txn WHERE id = NEW.reverses AND kind <> 'reversal'
	            AND date <= NEW.date)
	OR EXISTS (SELECT 1 FROM (
		SELECT account_id, ref, amount FROM ledger_posting WHERE txn_id = NEW.reverses
		UNION ALL
		SELECT account_id, ref, amount FROM ledger_posting WHERE txn_id = NEW.id)
	    GROUP BY account_id, ref HAVING sum(amount) <> 0))
BEGIN
	SELECT RAISE(ABORT, 'ledger: a reversal negates exactly an earlier entry that is no reversal');
END;

CREATE TRIGGER ledger_txn_seq_next AFTER INSERT ON ledger_txn
WHEN NEW.seq_no IS NOT NULL AND NEW.seq_no IS NOT
	(SELECT last FROM ledger_seq WHERE scope = NEW.seq_scope AND year = NEW.seq_year)
BEGIN
	SELECT RAISE(ABORT, 'ledger: a sequence number must be the counter''s next one');
END;

CREATE TRIGGER ledger_seq_first BEFORE INSERT ON ledger_seq
WHEN NEW.last <> 1
BEGIN
	SELECT RAISE(ABORT, 'ledger: a sequence starts at 1');
END;

CREATE TRIGGER ledger_seq_step BEFORE UPDATE ON ledger_seq
WHEN NEW.scope IS NOT OLD.scope OR NEW.year IS NOT OLD.year OR NEW.last IS NOT OLD.last + 1
BEGIN
	SELECT RAISE(ABORT, 'ledger: a sequence only counts up by one');
END;

CREATE TRIGGER ledger_seq_no_delete BEFORE DELETE ON ledger_seq
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_txn_no_update BEFORE UPDATE ON ledger_txn
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_txn_no_delete BEFORE DELETE ON ledger_txn
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_posting_no_update BEFORE UPDATE ON ledger_posting
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

-- A posting whose entry was never written (left by a failed statement in
-- the sqlite3 shell, outside a transaction) was never posted: it may go.
CREATE TRIGGER ledger_posting_no_delete BEFORE DELETE ON ledger_posting
WHEN EXISTS (SELECT 1 FROM ledger_txn WHERE id = OLD.txn_id)
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_account_no_update BEFORE UPDATE ON ledger_account
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_account_no_delete BEFORE DELETE ON ledger_account
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_kind_no_update BEFORE UPDATE ON ledger_kind
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;

CREATE TRIGGER ledger_kind_no_delete BEFORE DELETE ON ledger_kind
BEGIN
	SELECT RAISE(ABORT, 'ledger: the journal is append-only');
END;
