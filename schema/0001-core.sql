-- 0001-core: what every pm database has before any domain table.
--
-- Times are INTEGER seconds since the Unix epoch (UTC); the tools show
-- them in the business time zone.  Tables are STRICT.

-- Facts about the database itself (created_at, created_by, ...).
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- The audit log: one row per change, and per refused attempt.  Rows are
-- never updated or deleted (the triggers below refuse it); before and
-- after are JSON objects (or NULL) describing the record.
CREATE TABLE audit (
	id        INTEGER PRIMARY KEY,
	at        INTEGER NOT NULL,
	actor     TEXT NOT NULL,
	tool      TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT,
	action    TEXT NOT NULL,
	before    TEXT CHECK (before IS NULL OR json_valid(before)),
	after     TEXT CHECK (after IS NULL OR json_valid(after))
) STRICT;

CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_actor ON audit (actor, at);
CREATE INDEX audit_entity ON audit (entity, entity_id, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
	SELECT RAISE(ABORT, 'the audit log is append-only');
END;
