-- 0003-property: sites, buildings, units, occupants, vehicles.
--
-- Codes are what people type: a site code (sunny), a building code (3),
-- a unit code unique within its site (3-2-1502).  Areas are INTEGER in
-- 0.01 m2.  Calendar dates (handover, move-in) are ISO text YYYY-MM-DD:
-- a date has no time zone.  Parking spaces are units of kind parking.
-- Rows are deactivated or closed (move_out), never deleted, so history
-- and the money that refers to them stay whole.

CREATE TABLE site (
	id      INTEGER PRIMARY KEY,
	code    TEXT NOT NULL UNIQUE
	        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	name    TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	kind    TEXT NOT NULL CHECK (kind IN ('residential', 'commercial', 'office')),
	address TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 200),
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

CREATE TABLE building (
	id      INTEGER PRIMARY KEY,
	site_id INTEGER NOT NULL REFERENCES site (id),
	code    TEXT NOT NULL
	        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	name    TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
	floors  INTEGER CHECK (floors IS NULL OR floors BETWEEN 1 AND 300),
	UNIQUE (site_id, code)
) STRICT;

CREATE TABLE unit (
	id          INTEGER PRIMARY KEY,
	site_id     INTEGER NOT NULL REFERENCES site (id),
	building_id INTEGER REFERENCES building (id),
	code        TEXT NOT NULL
	            CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	floor       INTEGER CHECK (floor IS NULL OR floor BETWEEN -10 AND 300),
	area        INTEGER NOT NULL CHECK (area > 0 AND area <= 100000000),
	kind        TEXT NOT NULL DEFAULT 'residence'
	            CHECK (kind IN ('residence', 'shop', 'office', 'parking', 'storage')),
	state       TEXT NOT NULL DEFAULT 'vacant'
	            CHECK (state IN ('occupied', 'vacant', 'renovating')),
	handover    TEXT CHECK (handover IS NULL OR handover GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	UNIQUE (site_id, code)
) STRICT;

CREATE INDEX unit_building ON unit (building_id, code);
CREATE INDEX unit_site_kind ON unit (site_id, kind, state);

-- An occupant is a person's stay in a unit; a unit's history is its
-- occupants, current ones with move_out NULL.
CREATE TABLE occupant (
	id        INTEGER PRIMARY KEY,
	unit_id   INTEGER NOT NULL REFERENCES unit (id),
	name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	phone     TEXT CHECK (phone IS NULL OR phone GLOB '[0-9]*'),
	id_number TEXT CHECK (id_number IS NULL OR length(id_number) = 18),
	role      TEXT NOT NULL CHECK (role IN ('owner', 'tenant', 'family')),
	move_in   TEXT NOT NULL CHECK (move_in GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	move_out  TEXT CHECK (move_out IS NULL OR move_out >= move_in),
	UNIQUE (unit_id, name, role, move_in)
) STRICT;

CREATE INDEX occupant_current ON occupant (unit_id, move_out);
CREATE INDEX occupant_phone ON occupant (phone);

CREATE TABLE vehicle (
	id       INTEGER PRIMARY KEY,
	site_id  INTEGER NOT NULL REFERENCES site (id),
	plate    TEXT NOT NULL CHECK (length(plate) BETWEEN 7 AND 12),
	unit_id  INTEGER REFERENCES unit (id),
	space_id INTEGER REFERENCES unit (id),
	active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	UNIQUE (site_id, plate)
) STRICT;

CREATE INDEX vehicle_unit ON vehicle (unit_id);
