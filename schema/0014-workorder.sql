-- 0014-workorder: work orders (pm-workorder, lib/domain/workorder.h): the
-- maintenance department's jobs, from a plan occurrence, an owner's
-- contact (C12), a patrol hazard (H3), a checklist item of another job,
-- or a fault reported by staff.
--
-- Every number the monthly statistics need is a column, so they are
-- set-based SQL: the time of each step (reported, assigned, on site,
-- done, verified, cancelled), the paused seconds, the due times, minutes
-- worked, parts and cost in fen, and the grouping keys (source, type,
-- priority, site, equipment, department, assignee).  Times are INTEGER
-- seconds (UTC).  The on-site time is started_at - reported_at; the fix
-- time is done_at - reported_at - paused_s (paused_s: wall-clock seconds
-- spent in pause, closed pauses only).
--
-- The source is a kind word or a typed-ID letter: 'staff' (a fault
-- reported by staff), 'plan' (a plan occurrence: plan_item_id, the
-- equipment and the occurrence key, unique together, so a generator run
-- twice makes one job), or the letter of the record it came from with
-- source_id its number ('C' 12).  plan_item_id carries no REFERENCES:
-- the plan tables are the plan module's, and a job outlives a plan
-- reloaded from its file.  The occurrence key is lib/mech/recur.h's
-- pm_recur_key: the nominal date 'YYYY-MM-DD' of a date rule, the
-- nominal date and time 'YYYY-MM-DD HH:MM' of an hourly one; keys of one
-- item sort as their times, so max(occurrence) of an item and equipment
-- (an index seek on workorder_plan) is where the generator goes on from.
-- plan_version is the item's version the job was made from; est_minutes
-- the item's estimate (minutes is the time worked, written at done).
--
-- due_at is the deadline an open job waits on: on_site_due until someone
-- is on site, then fix_due; NULL while paused (waiting for parts is not
-- lateness) and once it is no longer open.  On resume fix_due moves by
-- the pause in the limit's clock (clock).

CREATE TABLE workorder (
	id            INTEGER PRIMARY KEY,
	site_id       INTEGER NOT NULL REFERENCES site (id),
	title         TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	text          TEXT CHECK (text IS NULL OR length(text) >= 1),
	source_type   TEXT NOT NULL CHECK (source_type = 'staff' OR source_type = 'plan' OR
	              (length(source_type) = 1 AND source_type GLOB '[A-Z]')),
	source_id     INTEGER CHECK (source_id IS NULL OR source_id > 0),
	plan_item_id  INTEGER CHECK (plan_item_id IS NULL OR plan_item_id > 0),
	plan_version  INTEGER CHECK (plan_version IS NULL OR plan_version >= 1),
	occurrence    TEXT CHECK (occurrence IS NULL OR
	              occurrence GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' OR
	              occurrence GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-2][0-9]:[0-5][0-9]'),
	equipment_id  INTEGER REFERENCES equipment (id),
	building_id   INTEGER REFERENCES building (id),
	unit_id       INTEGER REFERENCES unit (id),
	place         TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
	type          TEXT NOT NULL CHECK (length(type) BETWEEN 1 AND 65),
	priority      TEXT NOT NULL DEFAULT 'normal'
	              CHECK (priority = 'urgent' OR priority = 'high' OR priority = 'normal' OR
	                     priority = 'low'),
	status        TEXT NOT NULL DEFAULT 'new'
	              CHECK (status = 'new' OR status = 'assigned' OR status = 'in_progress' OR
	                     status = 'paused' OR status = 'reopened' OR status = 'done' OR
	                     status = 'verified' OR status = 'cancelled'),
	dept_id       INTEGER REFERENCES department (id),
	assignee_id   INTEGER REFERENCES staff (id),
	reported_at   INTEGER NOT NULL,
	clock         TEXT NOT NULL CHECK (clock = 'calendar' OR clock = 'business'),
	on_site_due   INTEGER NOT NULL,
	fix_due       INTEGER NOT NULL,
	due_at        INTEGER,
	assigned_at   INTEGER,
	started_at    INTEGER,
	paused_at     INTEGER,
	paused_s      INTEGER NOT NULL DEFAULT 0 CHECK (paused_s >= 0),
	pauses        INTEGER NOT NULL DEFAULT 0 CHECK (pauses >= 0),
	done_at       INTEGER,
	worker_id     INTEGER REFERENCES staff (id),
	verified_at   INTEGER,
	verifier_id   INTEGER REFERENCES staff (id),
	cancelled_at  INTEGER,
	work          TEXT,
	minutes       INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 0 AND 1000000),
	est_minutes   INTEGER CHECK (est_minutes IS NULL OR est_minutes BETWEEN 1 AND 100000),
	parts_fen     INTEGER NOT NULL DEFAULT 0 CHECK (parts_fen >= 0),
	cost_fen      INTEGER NOT NULL DEFAULT 0 CHECK (cost_fen >= 0),
	chargeable    INTEGER NOT NULL DEFAULT 0 CHECK (chargeable = 0 OR chargeable = 1),
	charge_fen    INTEGER CHECK (charge_fen IS NULL OR charge_fen >= 0),
	reason        TEXT,
	reopened      INTEGER NOT NULL DEFAULT 0 CHECK (reopened >= 0),
	esc_level     INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at  INTEGER,
	CHECK (unit_id IS NULL OR place IS NULL),
	CHECK ((source_type = 'staff' OR source_type = 'plan') = (source_id IS NULL)),
	CHECK ((source_type = 'plan') = (plan_item_id IS NOT NULL)),
	CHECK ((plan_item_id IS NULL) = (occurrence IS NULL)),
	CHECK ((plan_item_id IS NULL) = (plan_version IS NULL)),
	CHECK (plan_item_id IS NULL OR equipment_id IS NOT NULL),
	CHECK (chargeable = (charge_fen IS NOT NULL))
) STRICT;

-- `list`: the newest open jobs, a pure index read (the WHERE is the
-- lifecycle's final states, spelled term for term as lib spells it)
CREATE INDEX workorder_open ON workorder (reported_at DESC, id DESC)
	WHERE status <> 'verified' AND status <> 'cancelled';
-- `list --all` and monthly statistics: every job by reported time
CREATE INDEX workorder_reported ON workorder (reported_at, id);
-- --overdue / --due-within: the pending deadline of open jobs
CREATE INDEX workorder_due ON workorder (due_at) WHERE due_at IS NOT NULL;
-- filters and statistics groupings, each with the period
CREATE INDEX workorder_status ON workorder (status, reported_at);
CREATE INDEX workorder_site ON workorder (site_id, reported_at);
CREATE INDEX workorder_assignee ON workorder (assignee_id, reported_at);
CREATE INDEX workorder_dept ON workorder (dept_id, reported_at);
CREATE INDEX workorder_type ON workorder (type, reported_at);
CREATE INDEX workorder_equipment ON workorder (equipment_id, reported_at);
CREATE INDEX workorder_source ON workorder (source_type, source_id);
-- `history --equip`: the finished jobs of one equipment, newest first
CREATE INDEX workorder_equipment_done ON workorder (equipment_id, done_at)
	WHERE done_at IS NOT NULL;
-- a plan generator run twice (or two at once) makes each job once, and
-- finds the last occurrence made (max) and the last one done of an item
-- and equipment by a seek
CREATE UNIQUE INDEX workorder_plan ON workorder (plan_item_id, equipment_id, occurrence)
	WHERE plan_item_id IS NOT NULL;
-- dispatch counts each member's open jobs
CREATE INDEX workorder_assignee_open ON workorder (assignee_id)
	WHERE status <> 'verified' AND status <> 'cancelled' AND status <> 'done';

-- The checklist of a job (copied from its plan item, or checked ad hoc
-- at done) and what each item found; a flagged or failed item names the
-- follow-up job it made.
CREATE TABLE checklist_result (
	workorder_id INTEGER NOT NULL REFERENCES workorder (id),
	n            INTEGER NOT NULL CHECK (n >= 1),
	item         TEXT NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
	result       TEXT CHECK (result IS NULL OR result = 'pass' OR result = 'flag' OR
	             result = 'fail'),
	note         TEXT CHECK (note IS NULL OR length(note) BETWEEN 1 AND 500),
	followup_id  INTEGER REFERENCES workorder (id),
	PRIMARY KEY (workorder_id, n),
	UNIQUE (workorder_id, item)
) STRICT;

-- The parts a job used: name, quantity, unit price in fen.
CREATE TABLE part_use (
	workorder_id INTEGER NOT NULL REFERENCES workorder (id),
	n            INTEGER NOT NULL CHECK (n >= 1),
	name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
	qty          INTEGER NOT NULL CHECK (qty BETWEEN 1 AND 1000000),
	price_fen    INTEGER NOT NULL CHECK (price_fen >= 0),
	PRIMARY KEY (workorder_id, n)
) STRICT;

-- The index the monthly statistics read the
-- planned jobs due in a month by (lib/domain/workorder_stats.h): a plan
-- job counts in the month of its occurrence date, not of its report (it
-- is generated its lead time before), so the completion rate reads one
-- range of occurrences, never the whole table.
CREATE INDEX workorder_occurrence ON workorder (occurrence) WHERE plan_item_id IS NOT NULL;
