-- 0019-demand: the restart events of the limitation period that are not
-- payments (lib/domain/fee_notice.h, lib/domain/fee_limit.h): documented
-- demands for payment (催缴通知书 delivered: by post, by hand, by e-mail,
-- by SMS, or through a notary) and repayment agreements, per unit.
--
-- A demand or agreement covers every debt of the unit due before it.
-- Partial payments, the third kind of restart, are in the journal
-- already (allocations, 0018-payment).  Rows are evidence: never changed
-- or deleted (a demand recorded by mistake stays; the audit log says who
-- recorded it and why).
CREATE TABLE fee_demand (
	id       INTEGER PRIMARY KEY,
	site_id  INTEGER NOT NULL REFERENCES site (id),
	unit_id  INTEGER NOT NULL REFERENCES unit (id),
	kind     TEXT NOT NULL CHECK (kind = 'demand' OR kind = 'agreement'),
	date     TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	method   TEXT CHECK (method IS NULL OR method = 'post' OR method = 'hand' OR
	         method = 'email' OR method = 'sms' OR method = 'notary'),
	text     TEXT CHECK (text IS NULL OR length(text) BETWEEN 1 AND 500),
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL CHECK (length(actor) BETWEEN 1 AND 64),
	CHECK ((kind = 'demand') = (method IS NOT NULL))
) STRICT;

CREATE INDEX fee_demand_unit ON fee_demand (unit_id, date);

CREATE TRIGGER fee_demand_no_update BEFORE UPDATE ON fee_demand
BEGIN
	SELECT RAISE(ABORT, 'fee: a demand or agreement is evidence; it is never changed');
END;
CREATE TRIGGER fee_demand_no_delete BEFORE DELETE ON fee_demand
BEGIN
	SELECT RAISE(ABORT, 'fee: a demand or agreement is evidence; it is never changed');
END;
