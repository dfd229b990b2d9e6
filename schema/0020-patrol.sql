-- 0020-patrol: patrol checkpoints, routes, rounds and check-ins
-- (pm-patrol point|route|round|check|due|missed; lib/domain/patrol.h,
-- patrol_round.h).
--
-- A checkpoint is a kind of the record engine: a code within its site
-- (N-GATE), a kind, the tag its QR code or NFC chip carries (unique
-- within the site when set), and the checklist asked there (one text:
-- lib parses and checks it).  Retired, never deleted: check-ins name it.
--
-- A route is loaded from a YAML file (pm-route(5)); its code is the
-- company's.  Its points are kept per version: a load that changes them
-- writes version + 1, and a round keeps the version it was planned
-- with, so a changed route never rewrites what a round was asked to do.
--
-- A round is (route, occurrence): the occurrence key is the nominal
-- local date and time ("2026-12-01 20:00") under a UNIQUE index, so a
-- round is made once however often, or however many at once, round plan
-- runs.  planned is when it is due, closes when its window closes (both
-- UTC seconds, computed by lib).  Missed is not a state: a round still
-- planned after closes is missed (lib derives it from the time); noted
-- says the "missed" event was written once for the hooks.
--
-- checkin is the big table (about 14,000 rows a month per community,
-- 10,000,000 over years for a group): one row per point of a round,
-- UNIQUE (round_id, seq) — which is also the only index it needs, since
-- every question about check-ins starts from rounds (by time, through
-- patrol_round_planned).  timing is judged when the row is written
-- (early, on-time, late), against the round's planned time and the
-- point's offset and window; a point with no row is skipped.
-- Enumerations are written with OR (DESIGN.md: an IN list makes each
-- insert build a b-tree).

CREATE TABLE checkpoint (
	id           INTEGER PRIMARY KEY,
	site_id      INTEGER NOT NULL REFERENCES site (id),
	code         TEXT NOT NULL
	             CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	name         TEXT NOT NULL DEFAULT '' CHECK (length(name) <= 100),
	kind         TEXT NOT NULL CHECK (kind = 'entrance' OR kind = 'facility' OR kind = 'cctv'
	             OR kind = 'fire' OR kind = 'parking' OR kind = 'perimeter' OR kind = 'lift'
	             OR kind = 'plant' OR kind = 'other'),
	building_id  INTEGER REFERENCES building (id),
	place        TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
	tag          TEXT NOT NULL DEFAULT '' CHECK (length(tag) <= 64),
	checklist    TEXT NOT NULL DEFAULT '' CHECK (length(checklist) <= 2000),
	retired      TEXT CHECK (retired IS NULL OR
	             retired GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	retire_reason TEXT NOT NULL DEFAULT '' CHECK (length(retire_reason) <= 500),
	CHECK ((retired IS NULL) = (retire_reason = '')),
	UNIQUE (site_id, code)
) STRICT;

-- a scanned tag names one checkpoint of its site
CREATE UNIQUE INDEX checkpoint_tag ON checkpoint (site_id, tag) WHERE tag <> '';

CREATE TABLE route (
	id           INTEGER PRIMARY KEY,
	code         TEXT NOT NULL UNIQUE
	             CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9_-]*'),
	title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	site_id      INTEGER NOT NULL REFERENCES site (id),
	depts        TEXT NOT NULL CHECK (length(depts) BETWEEN 1 AND 200),     -- "security,mgmt"
	schedule     TEXT NOT NULL CHECK (length(schedule) BETWEEN 1 AND 2000), -- rules, "; "
	start        TEXT NOT NULL CHECK (start GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	window_s     INTEGER NOT NULL CHECK (window_s > 0),
	remind_s     INTEGER NOT NULL CHECK (remind_s >= 0),
	version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
	active       INTEGER NOT NULL DEFAULT 1 CHECK (active = 0 OR active = 1),
	file         TEXT NOT NULL DEFAULT '',
	loaded       INTEGER NOT NULL,                          -- the last load
	since        INTEGER NOT NULL                           -- the first: no round before it
) STRICT;

CREATE TABLE route_point (
	route_id     INTEGER NOT NULL REFERENCES route (id),
	version      INTEGER NOT NULL,
	seq          INTEGER NOT NULL CHECK (seq >= 1),
	checkpoint_id INTEGER NOT NULL REFERENCES checkpoint (id),
	offset_s     INTEGER NOT NULL CHECK (offset_s >= 0),
	window_s     INTEGER NOT NULL CHECK (window_s > 0),
	PRIMARY KEY (route_id, version, seq)
) STRICT, WITHOUT ROWID;

CREATE TABLE patrol_round (
	id           INTEGER PRIMARY KEY,
	route_id     INTEGER NOT NULL REFERENCES route (id),
	version      INTEGER NOT NULL,
	site_id      INTEGER NOT NULL REFERENCES site (id),
	occurrence   TEXT NOT NULL CHECK (length(occurrence) = 16),
	planned      INTEGER NOT NULL,
	closes       INTEGER NOT NULL CHECK (closes > planned),
	status       TEXT NOT NULL DEFAULT 'planned'
	             CHECK (status = 'planned' OR status = 'walking' OR status = 'done'),
	walkers      TEXT NOT NULL DEFAULT '',                  -- logins, "li,wang"
	started      INTEGER,
	finished     INTEGER,
	noted        INTEGER NOT NULL DEFAULT 0 CHECK (noted = 0 OR noted = 1),
	made         INTEGER NOT NULL,
	CHECK ((status = 'planned') = (started IS NULL)),
	CHECK ((status = 'done') = (finished IS NOT NULL)),
	UNIQUE (route_id, occurrence)
) STRICT;

-- due, missed --since, list by time: one day's rounds are one range
CREATE INDEX patrol_round_planned ON patrol_round (planned);
-- round plan notes the missed rounds once: the few not yet noted
CREATE INDEX patrol_round_unnoted ON patrol_round (closes) WHERE status = 'planned' AND noted = 0;

CREATE TABLE checkin (
	id           INTEGER PRIMARY KEY,
	round_id     INTEGER NOT NULL REFERENCES patrol_round (id),
	seq          INTEGER NOT NULL,
	checkpoint_id INTEGER NOT NULL REFERENCES checkpoint (id),
	site_id      INTEGER NOT NULL REFERENCES site (id),
	at           INTEGER NOT NULL,
	staff_id     INTEGER NOT NULL REFERENCES staff (id),
	method       TEXT NOT NULL CHECK (method = 'qr' OR method = 'nfc' OR method = 'manual'),
	timing       TEXT NOT NULL CHECK (timing = 'on-time' OR timing = 'early' OR timing = 'late'),
	recheck      INTEGER NOT NULL DEFAULT 0 CHECK (recheck = 0 OR recheck = 1),
	issue        TEXT CHECK (issue IS NULL OR length(issue) BETWEEN 1 AND 2000),
	severity     TEXT CHECK (severity IS NULL OR length(severity) BETWEEN 1 AND 32),
	answers      TEXT,                                      -- JSON object, or NULL
	CHECK ((issue IS NULL) = (severity IS NULL)),
	UNIQUE (round_id, seq)
) STRICT;
