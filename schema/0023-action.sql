-- 0023-action: the feedback and improvement loop (pm-action,
-- lib/domain/meeting.h and action.h): department work meetings
-- (工作总结会议) with their attendees and the issues raised at them, and
-- improvement actions (整改措施), each with one responsible person who
-- follows it up (专人负责跟进落实) until management accepts it.
--
-- A meeting is G3 (typed ID letter G); its issues are numbered within it.
-- site_id NULL: a company-wide meeting.  Times are INTEGER seconds (UTC).

CREATE TABLE meeting (
	id          INTEGER PRIMARY KEY,
	site_id     INTEGER REFERENCES site (id),
	dept_id     INTEGER NOT NULL REFERENCES department (id),
	held_at     INTEGER NOT NULL,
	title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	minutes     TEXT CHECK (minutes IS NULL OR length(minutes) >= 1),
	created_at  INTEGER NOT NULL
) STRICT;

-- `meeting list` newest first, and a month's meetings (review) by range
CREATE INDEX meeting_held ON meeting (held_at, id);

CREATE TABLE meeting_attendee (
	meeting_id INTEGER NOT NULL REFERENCES meeting (id),
	staff_id   INTEGER NOT NULL REFERENCES staff (id),
	PRIMARY KEY (meeting_id, staff_id)
) STRICT;

-- The problems and suggestions raised at a meeting, in order.
CREATE TABLE meeting_issue (
	meeting_id INTEGER NOT NULL REFERENCES meeting (id),
	n          INTEGER NOT NULL CHECK (n >= 1),
	text       TEXT NOT NULL CHECK (length(text) >= 1),
	raised_at  INTEGER NOT NULL,
	PRIMARY KEY (meeting_id, n)
) STRICT;

-- An improvement action A3.  The source is what it answers: a typed-ID
-- letter with source_id its number (G meeting, C contact, W work order;
-- H, I, D once the patrol tool has them), for a meeting perhaps one of
-- its issues (source_issue: meeting_issue.n, G3#2), or 'report' with
-- source_month the monthly report's month (YYYY-MM).  owner_id is the responsible
-- person (escalate.h's level 0), dept_id the owner's department when the
-- action was made (who heads it is level 1).  due_end is the limit
-- (the end of the due date); due_at is due_end while the action is open
-- or in progress and NULL once it is done (awaiting acceptance) or out
-- of play (lifecycle.h due_expr).
CREATE TABLE action (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER REFERENCES site (id),
	text          TEXT NOT NULL CHECK (length(text) >= 1),
	owner_id      INTEGER NOT NULL REFERENCES staff (id),
	dept_id       INTEGER REFERENCES department (id),
	source_type   TEXT NOT NULL CHECK (source_type = 'report' OR
	              (length(source_type) = 1 AND source_type GLOB '[A-Z]')),
	source_id     INTEGER CHECK (source_id IS NULL OR source_id > 0),
	source_month  TEXT CHECK (source_month IS NULL OR
	              source_month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
	source_issue  INTEGER CHECK (source_issue IS NULL OR
	              (source_issue >= 1 AND source_type = 'G')),
	status        TEXT NOT NULL DEFAULT 'open'
	              CHECK (status = 'open' OR status = 'in_progress' OR status = 'done' OR
	                     status = 'verified' OR status = 'cancelled'),
	created_at    INTEGER NOT NULL,
	due_end       INTEGER NOT NULL,
	due_at        INTEGER,
	progress_at   INTEGER,
	progress_n    INTEGER NOT NULL DEFAULT 0 CHECK (progress_n >= 0),
	done_at       INTEGER,
	result        TEXT,
	verified_at   INTEGER,
	verifier_id   INTEGER REFERENCES staff (id),
	cancelled_at  INTEGER,
	reason        TEXT,
	reopened      INTEGER NOT NULL DEFAULT 0 CHECK (reopened >= 0),
	esc_level     INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at  INTEGER,
	CHECK ((source_type = 'report') = (source_month IS NOT NULL)),
	CHECK ((source_type = 'report') = (source_id IS NULL))
) STRICT;

-- `list`: the newest actions still in play, a pure index read (the WHERE
-- is the lifecycle's final states, spelled term for term as lib spells it)
CREATE INDEX action_open ON action (created_at DESC, id DESC)
	WHERE status <> 'verified' AND status <> 'cancelled';
-- `list --all` and the month's review: every action by when it was made
CREATE INDEX action_created ON action (created_at, id);
-- --overdue, `due --within`, escalate: the pending deadline of open ones
CREATE INDEX action_due ON action (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX action_owner ON action (owner_id, created_at);
CREATE INDEX action_source ON action (source_type, source_id);
-- the review: what was done, accepted, cancelled in a month (and what
-- was still in play when it began: action_open, and these two)
CREATE INDEX action_done ON action (done_at) WHERE done_at IS NOT NULL;
CREATE INDEX action_verified ON action (verified_at) WHERE verified_at IS NOT NULL;
CREATE INDEX action_cancelled ON action (cancelled_at) WHERE cancelled_at IS NOT NULL;

