-- 0018-payment: payments, their receipts, credit, reversals, refunds and
-- waivers (lib/domain/fee_pay.h; the contract in its header comment).
--
-- The money is in the journal (0015-ledger): a payment P12 is one
-- "payment" entry (ref P12, numbered in its site's receipt sequence:
-- the receipt), its money first the unit's credit; "allocation" entries
-- move credit onto bill lines (ref B12.n) and late fees (B12.L);
-- "accrual" entries fix a late fee when a payment settles the bill.
-- These tables record who, when and why, and which entries belong to
-- which payment; what is owed, paid or held as credit is derived from
-- the journal, never stored.  Every table is append-only: a payment is
-- undone by a reversal (payment_void and reversal entries), never by an
-- UPDATE or a DELETE, which the triggers refuse also from the sqlite3
-- shell.

-- One `pm-fee pay --import FILE`: written when the file is done, so its
-- payments name it before it exists (the reference is checked at
-- commit).
CREATE TABLE pay_import (
	id         INTEGER PRIMARY KEY,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	rows       INTEGER NOT NULL CHECK (rows >= 0),
	new        INTEGER NOT NULL CHECK (new >= 0 AND new <= rows),
	first_date TEXT CHECK (first_date IS NULL OR
	           first_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	last_date  TEXT CHECK (last_date IS NULL OR
	           (last_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND
	            last_date >= first_date))
) STRICT;

CREATE TABLE payment (
	id          INTEGER PRIMARY KEY,
	site_id     INTEGER NOT NULL REFERENCES site (id),
	unit_id     INTEGER NOT NULL REFERENCES unit (id),
	amount      INTEGER NOT NULL CHECK (amount > 0 AND amount <= 9000000000000000000),
	method      TEXT NOT NULL CHECK (method = 'cash' OR method = 'wechat' OR
	            method = 'alipay' OR method = 'bank' OR method = 'card'),
	ref         TEXT CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 64),
	date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	at          INTEGER NOT NULL,
	recorded_at INTEGER NOT NULL,
	actor       TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	import_id   INTEGER REFERENCES pay_import (id) DEFERRABLE INITIALLY DEFERRED,
	entry_id    INTEGER NOT NULL UNIQUE REFERENCES ledger_txn (id)
) STRICT;

-- the same bank or WeChat transaction is one payment
CREATE UNIQUE INDEX payment_ref ON payment (method, ref) WHERE ref IS NOT NULL;
CREATE INDEX payment_unit ON payment (unit_id, date);

-- Every entry posted for a payment: its own, the allocations of its
-- money (at payment time or later, as credit), the late fees fixed when
-- it settled a bill, the refunds drawn on its credit.  A reversal
-- reverses the ones not reversed yet.
CREATE TABLE payment_entry (
	payment_id INTEGER NOT NULL REFERENCES payment (id) DEFERRABLE INITIALLY DEFERRED,
	entry_id   INTEGER NOT NULL UNIQUE REFERENCES ledger_txn (id),
	role       TEXT NOT NULL CHECK (role = 'payment' OR role = 'allocation' OR
	           role = 'accrual' OR role = 'refund')
) STRICT;

CREATE INDEX payment_entry_payment ON payment_entry (payment_id, entry_id);

-- A reversed payment: its receipt number stays, marked void.
CREATE TABLE payment_void (
	payment_id INTEGER NOT NULL UNIQUE REFERENCES payment (id),
	date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	reason     TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500)
) STRICT;

-- A waiver of a bill's late fee (kind late: the fee fixed as of date and
-- waived, and from then on frozen) or of some of its principal (kind
-- amount).  entry_id is the waiver entry; NULL for a late waiver that
-- found nothing unpaid (it still freezes the fee).
CREATE TABLE fee_waiver (
	id       INTEGER PRIMARY KEY,
	bill_id  INTEGER NOT NULL REFERENCES bill (id),
	kind     TEXT NOT NULL CHECK (kind = 'late' OR kind = 'amount'),
	amount   INTEGER NOT NULL CHECK (amount >= 0 AND amount <= 9000000000000000000),
	date     TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	reason   TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	entry_id INTEGER UNIQUE REFERENCES ledger_txn (id),
	CHECK (kind = 'late' OR (amount > 0 AND entry_id IS NOT NULL))
) STRICT;

CREATE INDEX fee_waiver_bill ON fee_waiver (bill_id, kind);

-- Money paid back out of a unit's credit; its entries (one per payment
-- drawn) are in payment_entry with role refund.
CREATE TABLE refund (
	id      INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES site (id),
	unit_id INTEGER NOT NULL REFERENCES unit (id),
	amount  INTEGER NOT NULL CHECK (amount > 0 AND amount <= 9000000000000000000),
	method  TEXT NOT NULL CHECK (method = 'cash' OR method = 'wechat' OR
	        method = 'alipay' OR method = 'bank' OR method = 'card'),
	date    TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	reason  TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500)
) STRICT;

CREATE INDEX refund_unit ON refund (unit_id, date);

CREATE TRIGGER pay_import_no_update BEFORE UPDATE ON pay_import
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER pay_import_no_delete BEFORE DELETE ON pay_import
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_no_update BEFORE UPDATE ON payment
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_no_delete BEFORE DELETE ON payment
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_entry_no_update BEFORE UPDATE ON payment_entry
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_entry_no_delete BEFORE DELETE ON payment_entry
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_void_no_update BEFORE UPDATE ON payment_void
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER payment_void_no_delete BEFORE DELETE ON payment_void
BEGIN
	SELECT RAISE(ABORT, 'fee: payments are never changed; reverse them');
END;
CREATE TRIGGER fee_waiver_no_update BEFORE UPDATE ON fee_waiver
BEGIN
	SELECT RAISE(ABORT, 'fee: a waiver is never changed');
END;
CREATE TRIGGER fee_waiver_no_delete BEFORE DELETE ON fee_waiver
BEGIN
	SELECT RAISE(ABORT, 'fee: a waiver is never changed');
END;
CREATE TRIGGER refund_no_update BEFORE UPDATE ON refund
BEGIN
	SELECT RAISE(ABORT, 'fee: a refund is never changed');
END;
CREATE TRIGGER refund_no_delete BEFORE DELETE ON refund
BEGIN
	SELECT RAISE(ABORT, 'fee: a refund is never changed');
END;
