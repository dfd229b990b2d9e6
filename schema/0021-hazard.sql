-- 0021-hazard: hazards and their rectification (隐患排查整改; pm-patrol
-- hazard, lib/domain/hazard.h).
--
-- A hazard (H7) is found at a site — in a building, at a place named in
-- free text, or at a patrol checkpoint (point: its code) — by a member
-- of staff (found_by_id) or reported by someone who is not (reporter,
-- phone: personal data, masked on the way out).  Its source is 'found'
-- (anywhere: `hazard new`) or 'checkin' (a patrol check-in with an
-- issue: checkin_id, and round_id, the round it belongs to, carry no
-- REFERENCES: the patrol tables are the patrol module's; a check-in
-- opens at most one hazard, the unique index hazard_checkin).
--
-- Its severity is an entry of the hazard.severity tree; the rectify
-- and reinspect limits come from the hazard.limits policy by severity,
-- counted in clock from found_at (rectify) and from rectified_at
-- (reinspect).  due_at is the deadline an open hazard waits on: rectify_due
-- while pending (待整改), reinspect_due once rectified (待复查), NULL
-- once verified or cancelled.  A failed re-inspection sends it back to
-- pending (fails + 1): its rectification deadline stands.
--
-- Times are INTEGER seconds (UTC).  The work order that rectifies it, if
-- any, is a link (H7 <-> W9), not a column.
CREATE TABLE hazard (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER NOT NULL REFERENCES site (id),
	building_id   INTEGER REFERENCES building (id),
	place         TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
	point         TEXT CHECK (point IS NULL OR length(point) BETWEEN 1 AND 64),
	severity      TEXT NOT NULL CHECK (length(severity) BETWEEN 1 AND 65),
	text          TEXT NOT NULL CHECK (length(text) >= 1),
	source_type   TEXT NOT NULL CHECK (source_type = 'found' OR source_type = 'checkin'),
	checkin_id    INTEGER CHECK (checkin_id IS NULL OR checkin_id > 0),
	round_id      INTEGER CHECK (round_id IS NULL OR round_id > 0),
	found_by_id   INTEGER REFERENCES staff (id),
	found_at      INTEGER NOT NULL,
	reporter      TEXT CHECK (reporter IS NULL OR length(reporter) BETWEEN 1 AND 100),
	phone         TEXT CHECK (phone IS NULL OR length(phone) BETWEEN 10 AND 16),
	status        TEXT NOT NULL DEFAULT 'pending'
	              CHECK (status = 'pending' OR status = 'rectified' OR status = 'verified' OR
	                     status = 'cancelled'),
	dept_id       INTEGER REFERENCES department (id),
	assignee_id   INTEGER REFERENCES staff (id),
	assigned_at   INTEGER,
	clock         TEXT NOT NULL CHECK (clock = 'calendar' OR clock = 'business'),
	rectify_due   INTEGER NOT NULL,
	reinspect_due INTEGER,
	due_at        INTEGER,
	rectified_at  INTEGER,
	fixer_id      INTEGER REFERENCES staff (id),
	action        TEXT CHECK (action IS NULL OR length(action) >= 1),
	verified_at   INTEGER,
	verifier_id   INTEGER REFERENCES staff (id),
	note          TEXT,
	fails         INTEGER NOT NULL DEFAULT 0 CHECK (fails >= 0),
	cancelled_at  INTEGER,
	reason        TEXT,
	reopened      INTEGER NOT NULL DEFAULT 0 CHECK (reopened >= 0),
	esc_level     INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at  INTEGER,
	CHECK ((source_type = 'checkin') = (checkin_id IS NOT NULL)),
	CHECK (phone IS NULL OR reporter IS NOT NULL)
) STRICT;

-- `hazard list`: the newest open hazards, a pure index read (the WHERE
-- is the lifecycle's final states, spelled term for term as lib does)
CREATE INDEX hazard_open ON hazard (found_at DESC, id DESC)
	WHERE status <> 'verified' AND status <> 'cancelled';
-- `list --all`, `history`: every hazard by the time it was found
CREATE INDEX hazard_found ON hazard (found_at, id);
-- --overdue / --due-within and `escalate`: the pending deadline
CREATE INDEX hazard_due ON hazard (due_at) WHERE due_at IS NOT NULL;
-- filters, each with the period
CREATE INDEX hazard_site ON hazard (site_id, found_at);
CREATE INDEX hazard_severity ON hazard (severity, found_at);
CREATE INDEX hazard_assignee ON hazard (assignee_id, found_at);
CREATE INDEX hazard_dept ON hazard (dept_id, found_at);
-- `history --point`: what one checkpoint has had
CREATE INDEX hazard_point ON hazard (site_id, point, found_at) WHERE point IS NOT NULL;
-- a check-in opens one hazard, however often it is retried
CREATE UNIQUE INDEX hazard_checkin ON hazard (checkin_id) WHERE checkin_id IS NOT NULL;

