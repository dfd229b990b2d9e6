-- 0012-equipment: the equipment the maintenance department keeps
-- (pm-workorder equip, lib/domain/equip.h), a kind of the record engine.
--
-- The code is what people type and write on the plate (ELV-3-1), unique
-- within its site.  kind is a path in the equipment kind tree (config
-- `equipment.kinds`, else the built-in one: 电梯/客梯 ...); lib checks it
-- against the tree, the schema only its shape, so a kind renamed in the
-- config leaves old rows readable.  Dates are ISO text YYYY-MM-DD.
-- Equipment is retired (retired date and reason), never deleted: its
-- work orders and history keep referring to it.  Free text is '' when
-- empty, never NULL (the record engine clears text to '').

CREATE TABLE equipment (
	id           INTEGER PRIMARY KEY,
	site_id      INTEGER NOT NULL REFERENCES site (id),
	code         TEXT NOT NULL
	             CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	name         TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
	kind         TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 100),
	building_id  INTEGER REFERENCES building (id),
	floor        INTEGER CHECK (floor IS NULL OR floor BETWEEN -10 AND 300),
	place        TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
	vendor       TEXT NOT NULL DEFAULT '' CHECK (length(vendor) <= 100),
	contractor   TEXT NOT NULL DEFAULT '' CHECK (length(contractor) <= 100),
	installed    TEXT CHECK (installed IS NULL OR
	             installed GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	warranty_end TEXT CHECK (warranty_end IS NULL OR
	             warranty_end GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	life_years   INTEGER CHECK (life_years IS NULL OR life_years BETWEEN 1 AND 100),
	importance   TEXT NOT NULL DEFAULT 'B'
	             CHECK (importance = 'A' OR importance = 'B' OR importance = 'C'),
	dept_id      INTEGER REFERENCES department (id),
	staff_id     INTEGER REFERENCES staff (id),
	retired      TEXT CHECK (retired IS NULL OR
	             retired GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	retire_reason TEXT NOT NULL DEFAULT '' CHECK (length(retire_reason) <= 500),
	CHECK ((retired IS NULL) = (retire_reason = '')),
	UNIQUE (site_id, code)
) STRICT;

-- plans name "every lift at site S": kind prefix within a site
CREATE INDEX equipment_site_kind ON equipment (site_id, kind);
CREATE INDEX equipment_building ON equipment (building_id);
-- `equip list --dept`
CREATE INDEX equipment_dept ON equipment (dept_id);
