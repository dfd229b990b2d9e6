-- 0022-drill: fire and emergency drills (D12) and incidents (I4) of
-- pm-patrol (lib/domain/drill.h, incident.h).
--
-- A drill is planned for a site, a kind (fire, evacuation, flood, ...)
-- and a date, then recorded as held: the date it was held, how many took
-- part, how long it took, and its findings, one row each in
-- drill_finding, numbered within the drill (D12's finding 2) so an
-- improvement action can name them.  Dates are civil dates 'YYYY-MM-DD'
-- (a drill is a day's event); `drill due` reads the last held date of
-- each site and kind by a seek on drill_held.
--
-- An incident is recorded when it is reported, with the time it
-- happened (occurred_at, before or at reported_at), its kind (the key of
-- its emergency plan in incident.plans), severity, site and place.  Its
-- plan's respond limit gives respond_due: not resolved by then, it
-- climbs the plan's escalation levels (esc_level, escalated_at: the
-- escalate mechanism's columns; dept_id is the group whose head answers
-- "head").  due_at is respond_due while it is open, NULL once resolved.
-- Closing needs the cause analysis and the measures taken: the CHECK
-- holds it even against a program that forgot.  Times are INTEGER
-- seconds (UTC).

CREATE TABLE drill (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER NOT NULL REFERENCES site (id),
	kind          TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
	planned       TEXT NOT NULL CHECK (planned GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	text          TEXT CHECK (text IS NULL OR length(text) >= 1),
	status        TEXT NOT NULL DEFAULT 'planned'
	              CHECK (status = 'planned' OR status = 'done' OR status = 'cancelled'),
	held          TEXT CHECK (held IS NULL OR
	              held GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	participants  INTEGER CHECK (participants IS NULL OR participants BETWEEN 0 AND 100000),
	minutes       INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 100000),
	created_at    INTEGER NOT NULL,
	recorded_at   INTEGER,
	cancelled_at  INTEGER,
	reason        TEXT,
	CHECK (status <> 'done' OR held IS NOT NULL),
	CHECK (status <> 'done' OR (participants IS NOT NULL AND minutes IS NOT NULL))
) STRICT;

-- `drill list`: the drills still planned, soonest first
CREATE INDEX drill_open ON drill (planned, id)
	WHERE status <> 'done' AND status <> 'cancelled';
-- `drill list --all`: every drill by its planned date
CREATE INDEX drill_planned ON drill (planned, id);
-- `drill due`: the last held drill of a site and kind is one seek
CREATE INDEX drill_held ON drill (site_id, kind, held) WHERE held IS NOT NULL;

CREATE TABLE drill_finding (
	drill_id  INTEGER NOT NULL REFERENCES drill (id),
	n         INTEGER NOT NULL CHECK (n >= 1),
	text      TEXT NOT NULL CHECK (length(text) >= 1),
	PRIMARY KEY (drill_id, n)
) STRICT;

CREATE TABLE incident (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER NOT NULL REFERENCES site (id),
	kind          TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
	severity      TEXT NOT NULL DEFAULT 'general'
	              CHECK (severity = 'general' OR severity = 'serious' OR severity = 'major' OR
	                     severity = 'critical'),
	place         TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
	text          TEXT NOT NULL CHECK (length(text) >= 1),
	status        TEXT NOT NULL DEFAULT 'open'
	              CHECK (status = 'open' OR status = 'resolved' OR status = 'closed'),
	occurred_at   INTEGER NOT NULL,
	reported_at   INTEGER NOT NULL,
	reporter_id   INTEGER REFERENCES staff (id),
	dept_id       INTEGER REFERENCES department (id),
	assignee_id   INTEGER REFERENCES staff (id),
	respond_due   INTEGER NOT NULL,
	due_at        INTEGER,
	esc_level     INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at  INTEGER,
	resolved_at   INTEGER,
	closed_at     INTEGER,
	cause         TEXT CHECK (cause IS NULL OR length(cause) >= 1),
	measures      TEXT CHECK (measures IS NULL OR length(measures) >= 1),
	CHECK (occurred_at <= reported_at),
	CHECK (status = 'open' OR resolved_at IS NOT NULL),
	CHECK (status <> 'closed' OR (cause IS NOT NULL AND measures IS NOT NULL AND
	       closed_at IS NOT NULL))
) STRICT;

-- `incident list`: the newest incidents not closed (the WHERE is the
-- lifecycle's final states, term for term as lib spells it)
CREATE INDEX incident_open ON incident (occurred_at DESC, id DESC)
	WHERE status <> 'closed';
-- `incident list --all` and `incident stats --year`: by the time it happened
CREATE INDEX incident_occurred ON incident (occurred_at, id);
-- --overdue and `incident escalate -`: the pending respond limits
CREATE INDEX incident_due ON incident (due_at) WHERE due_at IS NOT NULL;
