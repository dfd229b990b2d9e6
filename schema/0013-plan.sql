-- 0013-plan: maintenance plans (pm-workorder plan, lib/domain/plan.h).
--
-- A plan is a YAML file the user keeps; `plan load` writes what it says
-- here.  An item is identified by (plan, key) for ever: a changed file
-- updates the item in place (version + 1, an audit row with the fields
-- before and after), an item gone from the file is deactivated, never
-- deleted, so the work orders generated from it keep their source.
-- The item's recurrence is stored in its canonical text (lib/mech/recur.h).
-- An item covers the equipment listed (plan_target rows, and the codes
-- in `equipment` for comparison) or every equipment of a kind at its
-- site (`kind`, a kind path prefix: the generator joins equipment on
-- site_id and kind = k OR kind >= k || '/' AND kind < k || '0', which
-- equipment_site_kind serves).

CREATE TABLE plan (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE
	           CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	title      TEXT NOT NULL DEFAULT '' CHECK (length(title) <= 200),
	file       TEXT,
	loaded     INTEGER NOT NULL
) STRICT;

CREATE TABLE plan_item (
	id         INTEGER PRIMARY KEY,
	plan_id    INTEGER NOT NULL REFERENCES plan (id),
	key        TEXT NOT NULL
	           CHECK (length(key) BETWEEN 1 AND 64 AND key NOT GLOB '*[^A-Za-z0-9_.-]*'),
	active     INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
	version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	site_id    INTEGER NOT NULL REFERENCES site (id),
	title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	task       TEXT NOT NULL CHECK (length(task) BETWEEN 1 AND 32),
	kind       TEXT CHECK (kind IS NULL OR length(kind) BETWEEN 1 AND 100),
	equipment  TEXT,
	checklist  TEXT NOT NULL DEFAULT '[]',
	recurrence TEXT NOT NULL CHECK (length(recurrence) BETWEEN 1 AND 64),
	anchor     TEXT NOT NULL DEFAULT 'calendar'
	           CHECK (anchor = 'calendar' OR anchor = 'completion'),
	shift      TEXT NOT NULL DEFAULT 'none'
	           CHECK (shift = 'none' OR shift = 'next' OR shift = 'previous' OR shift = 'skip'),
	start      TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	lead       INTEGER NOT NULL DEFAULT 0 CHECK (lead >= 0),
	dept_id    INTEGER NOT NULL REFERENCES department (id),
	staff_id   INTEGER REFERENCES staff (id),
	minutes    INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 100000),
	CHECK ((kind IS NULL) <> (equipment IS NULL)),
	UNIQUE (plan_id, key)
) STRICT;

-- the generator's walk: active items, by site
CREATE INDEX plan_item_active ON plan_item (active, site_id);

CREATE TABLE plan_target (
	item_id      INTEGER NOT NULL REFERENCES plan_item (id),
	equipment_id INTEGER NOT NULL REFERENCES equipment (id),
	PRIMARY KEY (item_id, equipment_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX plan_target_equipment ON plan_target (equipment_id);

-- An interval rule overridden for one piece of equipment (an official
-- exemption), with the reason; plan check uses max instead of the rule's.
CREATE TABLE plan_exempt (
	equipment_id INTEGER NOT NULL REFERENCES equipment (id),
	rule         TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 32),
	max          TEXT NOT NULL CHECK (length(max) BETWEEN 1 AND 32),
	reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
	at           INTEGER NOT NULL,
	actor        TEXT NOT NULL,
	PRIMARY KEY (equipment_id, rule)
) STRICT, WITHOUT ROWID;
