-- 0005-process: what every process record shares — its timeline and its
-- links to other records.
--
-- event is the one timeline of complaints, work orders, hazards,
-- incidents and actions (lib/timeline.h): who did what to which record,
-- when, with a note and a JSON object of details.  Like the audit log it
-- is append-only: a wrong entry is corrected by a later one.
-- link joins two records (C12 <-> W7, H3 <-> W9) with a relation name;
-- each pair and relation exists once, so adding it again changes nothing.

CREATE TABLE event (
	id        INTEGER PRIMARY KEY,
	entity    TEXT NOT NULL CHECK (length(entity) BETWEEN 1 AND 32),
	entity_id INTEGER NOT NULL CHECK (entity_id > 0),
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	event     TEXT NOT NULL CHECK (length(event) BETWEEN 1 AND 32),
	note      TEXT,
	data      TEXT CHECK (data IS NULL OR json_valid(data))
) STRICT;

-- `show` reads one record's events in the order they were written
CREATE INDEX event_entity ON event (entity, entity_id, id);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
	SELECT RAISE(ABORT, 'the timeline is append-only');
END;

CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
	SELECT RAISE(ABORT, 'the timeline is append-only');
END;

CREATE TABLE link (
	id     INTEGER PRIMARY KEY,
	a_type TEXT NOT NULL CHECK (length(a_type) BETWEEN 1 AND 32),
	a_id   INTEGER NOT NULL CHECK (a_id > 0),
	b_type TEXT NOT NULL CHECK (length(b_type) BETWEEN 1 AND 32),
	b_id   INTEGER NOT NULL CHECK (b_id > 0),
	rel    TEXT NOT NULL CHECK (length(rel) BETWEEN 1 AND 32),
	at     INTEGER NOT NULL,
	actor  TEXT NOT NULL,
	UNIQUE (a_type, a_id, b_type, b_id, rel),
	CHECK (a_type <> b_type OR a_id <> b_id)
) STRICT;

-- a record's links are read from either end
CREATE INDEX link_b ON link (b_type, b_id);
