-- 0010-checks: enumerations in CHECK constraints written as OR chains.
--
-- SQLite evaluates `x IN ('a', 'b', 'c')` by building a temporary b-tree
-- of the list, once per statement run — that is, on every single-row
-- INSERT or UPDATE (134,000 unit inserts: 1.2-1.5 s with IN lists,
-- 0.1-0.2 s with the same checks as `x = 'a' OR x = 'b' ...`; a list of
-- two is already compiled as comparisons).  The partial index of open
-- contacts had the same cost, through its NOT IN.  From here on,
-- enumerations are written the fast way.
--
-- A CHECK cannot be altered in place, so each table with such a list is
-- rebuilt the way SQLite documents: create the new table, copy the rows
-- (ids kept), drop the old one, rename the new one, create its indexes
-- again.  Columns, types, defaults, references and STRICT are exactly
-- those of 0003 and 0006; only the CHECKs' spelling changes.  pm-admin
-- migrate runs this with foreign keys off and checks every reference
-- before it commits (pm_db_begin_migrate); the audit and timeline
-- tables, and their append-only triggers, are not touched.

CREATE TABLE site_new (
	id      INTEGER PRIMARY KEY,
	code    TEXT NOT NULL UNIQUE
	        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	kind    TEXT NOT NULL
	        CHECK (kind = 'residential' OR kind = 'commercial' OR kind = 'office'),
	address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1)
) STRICT;
INSERT INTO site_new SELECT * FROM site;
DROP TABLE site;
ALTER TABLE site_new RENAME TO site;

CREATE TABLE unit_new (
	id          INTEGER PRIMARY KEY,
	site_id     INTEGER NOT NULL REFERENCES site (id),
	building_id INTEGER REFERENCES building (id),
	code        TEXT NOT NULL
	            CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	floor       INTEGER CHECK (floor IS NULL OR floor BETWEEN -10 AND 300),
	area        INTEGER NOT NULL CHECK (area > 0 AND area <= 100000000),
	kind        TEXT NOT NULL DEFAULT 'residence'
	            CHECK (kind = 'residence' OR kind = 'shop' OR kind = 'office' OR
	                   kind = 'parking' OR kind = 'storage'),
	state       TEXT NOT NULL DEFAULT 'vacant'
	            CHECK (state = 'occupied' OR state = 'vacant' OR state = 'renovating'),
	handover    TEXT CHECK (handover IS NULL OR handover GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	UNIQUE (site_id, code)
) STRICT;
INSERT INTO unit_new SELECT * FROM unit;
DROP TABLE unit;
ALTER TABLE unit_new RENAME TO unit;
CREATE INDEX unit_building ON unit (building_id, code);
CREATE INDEX unit_site_kind ON unit (site_id, kind, state);

CREATE TABLE occupant_new (
	id        INTEGER PRIMARY KEY,
	unit_id   INTEGER NOT NULL REFERENCES unit (id),
	name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	phone     TEXT CHECK (phone IS NULL OR phone GLOB '[0-9]*'),
	id_number TEXT CHECK (id_number IS NULL OR length(id_number) = 18),
	role      TEXT NOT NULL CHECK (role = 'owner' OR role = 'tenant' OR role = 'family'),
	move_in   TEXT NOT NULL CHECK (move_in GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	move_out  TEXT CHECK (move_out IS NULL OR move_out >= move_in),
	UNIQUE (unit_id, name, role, move_in)
) STRICT;
INSERT INTO occupant_new SELECT * FROM occupant;
DROP TABLE occupant;
ALTER TABLE occupant_new RENAME TO occupant;
CREATE INDEX occupant_current ON occupant (unit_id, move_out);
CREATE INDEX occupant_phone ON occupant (phone);

CREATE TABLE contact_new (
	id                INTEGER PRIMARY KEY,
	kind              TEXT NOT NULL
	                  CHECK (kind = 'complaint' OR kind = 'repair' OR kind = 'suggestion' OR
	                         kind = 'inquiry' OR kind = 'praise'),
	channel           TEXT NOT NULL
	                  CHECK (channel = 'phone' OR channel = 'letter' OR channel = 'online' OR
	                         channel = 'walkin' OR channel = 'wechat' OR channel = 'email' OR
	                         channel = 'meeting' OR channel = 'survey'),
	site_id           INTEGER NOT NULL REFERENCES site (id),
	building_id       INTEGER REFERENCES building (id),
	unit_id           INTEGER REFERENCES unit (id),
	place             TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
	name              TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 64),
	-- normalised digits (pm_phone_normalize), always shown masked
	phone             TEXT CHECK (phone IS NULL OR
	                  (length(phone) BETWEEN 10 AND 12 AND phone NOT GLOB '*[^0-9]*')),
	text              TEXT NOT NULL CHECK (length(text) >= 1),
	category          TEXT CHECK (category IS NULL OR length(category) BETWEEN 1 AND 65),
	priority          TEXT NOT NULL DEFAULT 'normal'
	                  CHECK (priority = 'urgent' OR priority = 'high' OR priority = 'normal' OR
	                         priority = 'low'),
	status            TEXT NOT NULL DEFAULT 'new'
	                  CHECK (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR
	                         status = 'resolved' OR status = 'replied' OR status = 'closed' OR
	                         status = 'reopened' OR status = 'rejected' OR status = 'duplicate'),
	received_at       INTEGER NOT NULL,
	dept_id           INTEGER REFERENCES department (id),
	assignee_id       INTEGER REFERENCES staff (id),
	response_due      INTEGER NOT NULL,
	resolve_due       INTEGER NOT NULL,
	due_at            INTEGER,
	first_response_at INTEGER,
	resolved_at       INTEGER,
	replied_at        INTEGER,
	closed_at         INTEGER,
	result            TEXT,
	reply_channel     TEXT CHECK (reply_channel IS NULL OR
	                  reply_channel = 'phone' OR reply_channel = 'letter' OR
	                  reply_channel = 'online' OR reply_channel = 'walkin' OR
	                  reply_channel = 'wechat' OR reply_channel = 'email' OR
	                  reply_channel = 'meeting' OR reply_channel = 'sms'),
	satisfaction      INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
	visited_at        INTEGER,
	visit_comment     TEXT,
	visits            INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
	-- a dissatisfied visit happened: the next close needs a visit again
	revisit           INTEGER NOT NULL DEFAULT 0 CHECK (revisit = 0 OR revisit = 1),
	reopened          INTEGER NOT NULL DEFAULT 0 CHECK (reopened >= 0),
	is_repeat         INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat = 0 OR is_repeat = 1),
	repeat_of         INTEGER REFERENCES contact (id),
	duplicate_of      INTEGER REFERENCES contact (id),
	reason            TEXT,
	esc_level         INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at      INTEGER,
	CHECK (unit_id IS NULL OR place IS NULL),
	CHECK (duplicate_of IS NULL OR duplicate_of <> id),
	CHECK (is_repeat = (repeat_of IS NOT NULL))
) STRICT;
INSERT INTO contact_new SELECT * FROM contact;
DROP TABLE contact;
ALTER TABLE contact_new RENAME TO contact;

-- `list`: the newest open contacts, a pure index read (the WHERE terms
-- are repeated word for word in lib/domain/complaint.c so the planner
-- can use it)
CREATE INDEX contact_open ON contact (received_at DESC, id DESC)
	WHERE status <> 'closed' AND status <> 'rejected' AND status <> 'duplicate';
CREATE INDEX contact_received ON contact (received_at, id);
CREATE INDEX contact_due ON contact (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX contact_status ON contact (status, received_at);
CREATE INDEX contact_site ON contact (site_id, received_at);
CREATE INDEX contact_building ON contact (building_id, received_at);
CREATE INDEX contact_assignee ON contact (assignee_id, received_at);
CREATE INDEX contact_dept ON contact (dept_id, received_at);
CREATE INDEX contact_category ON contact (category, received_at);
CREATE INDEX contact_kind ON contact (kind, received_at);
CREATE INDEX contact_channel ON contact (channel, received_at);
CREATE INDEX contact_unit ON contact (unit_id, category, received_at);
