-- 0017-meter: meters and their readings, budgets and costs, the
-- maintenance fund (lib/domain/fee_meter.h, fee_budget.h, fee_fund.h).
--
-- A meter is a metering point: a unit's own, or shared (公摊) by the
-- units of a building or of the whole site, split by area or by
-- household.  Its register counts from 0 to max_reading and then shows 0
-- again; step is the register's last digit (1 = 0.01, 10 = 0.1, 100 =
-- 1 of the reading's unit), so one full turn is max_reading + step.
-- Readings are INTEGER in 0.01 of the meter's unit (m3, kWh), like areas.
--
-- meter_reading is append-only: each reading keeps what it measured
-- since the one before (used), computed when it was recorded, and the
-- register it was read on (max, step), so no reading is ever recomputed.
-- A meter's readings are in time order: the schema refuses one at or
-- before the latest (lib refuses first, with the reason).  period is the
-- business-zone month of the reading, what billing sums by.
--
-- Costs and fund movements are money: each row names the ledger entry
-- (0015) that posts it and is never changed; a mistake is a reversal row
-- (cost) or a movement the other way (fund).  Balances are the ledger's.

-- a new kind of ledger entry: a cost the company bears
INSERT INTO ledger_kind (name) VALUES ('cost');

CREATE TABLE meter (
	id          INTEGER PRIMARY KEY,
	site_id     INTEGER NOT NULL REFERENCES site (id),
	code        TEXT NOT NULL
	            CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	kind        TEXT NOT NULL
	            CHECK (kind = 'water' OR kind = 'power' OR kind = 'gas' OR kind = 'heat'),
	unit_id     INTEGER REFERENCES unit (id),
	building_id INTEGER REFERENCES building (id),
	split       TEXT CHECK (split IS NULL OR split = 'area' OR split = 'household'),
	max_reading INTEGER NOT NULL CHECK (max_reading > 0 AND max_reading <= 100000000000000),
	step        INTEGER NOT NULL CHECK (step = 1 OR step = 10 OR step = 100),
	installed   TEXT NOT NULL CHECK (installed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	replaced    TEXT CHECK (replaced IS NULL OR replaced >= installed),
	CHECK ((unit_id IS NULL) = (split IS NOT NULL)),
	CHECK (unit_id IS NULL OR building_id IS NULL),
	CHECK (max_reading % step = 0),
	UNIQUE (site_id, code)
) STRICT;

CREATE INDEX meter_unit ON meter (unit_id, code) WHERE unit_id IS NOT NULL;

CREATE TABLE meter_reading (
	id          INTEGER PRIMARY KEY,
	meter_id    INTEGER NOT NULL REFERENCES meter (id),
	at          INTEGER NOT NULL,
	period      TEXT NOT NULL CHECK (period GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
	reading     INTEGER NOT NULL CHECK (reading >= 0 AND reading <= max_reading),
	event       TEXT NOT NULL CHECK (event = 'install' OR event = 'read' OR
	            event = 'rollover' OR event = 'replace'),
	final       INTEGER CHECK (final IS NULL OR final >= 0),
	max_reading INTEGER NOT NULL CHECK (max_reading > 0),
	step        INTEGER NOT NULL CHECK (step = 1 OR step = 10 OR step = 100),
	used        INTEGER NOT NULL CHECK (used >= 0),
	CHECK ((event = 'replace') = (final IS NOT NULL)),
	CHECK (event <> 'install' OR used = 0),
	UNIQUE (meter_id, at)
) STRICT;

-- billing: the consumption of a period, meter by meter, from the index
CREATE INDEX meter_reading_period ON meter_reading (period, meter_id, used);

CREATE TRIGGER meter_reading_order BEFORE INSERT ON meter_reading
WHEN EXISTS (SELECT 1 FROM meter_reading WHERE meter_id = NEW.meter_id AND at >= NEW.at)
BEGIN
	SELECT RAISE(ABORT, 'meter: a reading must be later than the meter''s latest');
END;

CREATE TRIGGER meter_reading_no_update BEFORE UPDATE ON meter_reading
BEGIN
	SELECT RAISE(ABORT, 'meter: readings are append-only');
END;

CREATE TRIGGER meter_reading_no_delete BEFORE DELETE ON meter_reading
BEGIN
	SELECT RAISE(ABORT, 'meter: readings are append-only');
END;

CREATE TRIGGER meter_no_delete BEFORE DELETE ON meter
BEGIN
	SELECT RAISE(ABORT, 'meter: meters are never deleted');
END;

-- The consumption of each unit's own meter per period, for set-based
-- billing (INSERT ... SELECT).  Shared meters are not in it: their
-- shares are split by largest remainder in lib (pm_fee_meter_usage).
CREATE VIEW meter_use AS
	SELECT m.site_id AS site_id, m.unit_id AS unit_id, m.id AS meter_id, m.kind AS kind,
	       r.period AS period, sum(r.used) AS used
	FROM meter_reading r JOIN meter m ON m.id = r.meter_id
	WHERE m.unit_id IS NOT NULL
	GROUP BY m.id, r.period;

-- A department's budget for a category and a year: a plan, not posted
-- money, so it may be set again (audited).
CREATE TABLE budget (
	year       INTEGER NOT NULL CHECK (year BETWEEN 1 AND 9999),
	dept_id    INTEGER NOT NULL REFERENCES department (id),
	category   TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 32 AND
	           category NOT GLOB '*[:;()=@"]*' AND category NOT GLOB '*[[]*' AND
	           category NOT GLOB '*[]]*'),
	amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 0 AND 9000000000000000000),
	PRIMARY KEY (year, dept_id, category)
) STRICT;

-- A cost: posted to the ledger (Expenses:<DEPT>:<CATEGORY>), never
-- changed.  A reversal is a row of the negated amount naming the cost it
-- reverses.  A work order's cost is taken once (rows with its id sum to
-- the job's cost; a job done again with another cost adds the
-- difference).
CREATE TABLE cost (
	id           INTEGER PRIMARY KEY,
	date         TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	dept_id      INTEGER NOT NULL REFERENCES department (id),
	category     TEXT NOT NULL CHECK (length(category) BETWEEN 1 AND 32),
	amount_fen   INTEGER NOT NULL CHECK (amount_fen <> 0 AND
	             amount_fen BETWEEN -9000000000000000000 AND 9000000000000000000),
	site_id      INTEGER REFERENCES site (id),
	workorder_id INTEGER REFERENCES workorder (id),
	text         TEXT CHECK (text IS NULL OR length(text) BETWEEN 1 AND 500),
	reverses     INTEGER REFERENCES cost (id),
	txn_id       INTEGER NOT NULL UNIQUE REFERENCES ledger_txn (id),
	posted_at    INTEGER NOT NULL,
	CHECK (reverses IS NULL OR reverses < id)
) STRICT;

CREATE INDEX cost_dept ON cost (dept_id, date, category, amount_fen);
CREATE INDEX cost_date ON cost (date);
CREATE INDEX cost_workorder ON cost (workorder_id) WHERE workorder_id IS NOT NULL;
CREATE UNIQUE INDEX cost_reverses ON cost (reverses) WHERE reverses IS NOT NULL;

CREATE TRIGGER cost_no_update BEFORE UPDATE ON cost
BEGIN
	SELECT RAISE(ABORT, 'cost: posted money is never edited');
END;

CREATE TRIGGER cost_no_delete BEFORE DELETE ON cost
BEGIN
	SELECT RAISE(ABORT, 'cost: posted money is never edited');
END;

-- The maintenance fund (维修资金): owners' money in custody, per unit.
-- Each movement is a custody entry between Liabilities:Fund:<SITE>:<UNIT>
-- and Assets:Fund:<SITE> (fee.h); the balance is the ledger's.  ref (a
-- bank transaction) makes a movement idempotent per site.
CREATE TABLE fund_move (
	id         INTEGER PRIMARY KEY,
	site_id    INTEGER NOT NULL REFERENCES site (id),
	unit_id    INTEGER NOT NULL REFERENCES unit (id),
	kind       TEXT NOT NULL CHECK (kind = 'deposit' OR kind = 'withdraw'),
	amount_fen INTEGER NOT NULL CHECK (amount_fen BETWEEN 1 AND 9000000000000000000),
	date       TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	ref        TEXT CHECK (ref IS NULL OR length(ref) BETWEEN 1 AND 64),
	approval   TEXT CHECK (approval IS NULL OR length(approval) BETWEEN 1 AND 500),
	txn_id     INTEGER NOT NULL UNIQUE REFERENCES ledger_txn (id),
	posted_at  INTEGER NOT NULL,
	CHECK ((kind = 'withdraw') = (approval IS NOT NULL))
) STRICT;

CREATE INDEX fund_move_unit ON fund_move (unit_id, date);
CREATE UNIQUE INDEX fund_move_ref ON fund_move (site_id, ref) WHERE ref IS NOT NULL;

CREATE TRIGGER fund_move_no_update BEFORE UPDATE ON fund_move
BEGIN
	SELECT RAISE(ABORT, 'fund: posted money is never edited');
END;

CREATE TRIGGER fund_move_no_delete BEFORE DELETE ON fund_move
BEGIN
	SELECT RAISE(ABORT, 'fund: posted money is never edited');
END;
