-- 0006-contact: owner contacts — complaints, repair requests,
-- suggestions, inquiries, praise (pm-complaint).
--
-- Every number statistics need is a column, so `stats` can be SQL
-- aggregates: the times (received, first response, resolved, replied,
-- closed), the due times, satisfaction, the repeat flag, and the
-- grouping keys (kind, channel, category, site, building, unit, dept,
-- assignee).  Times are INTEGER seconds (UTC).  The category is its
-- path in the configured tree ("维修/漏水"), so a renamed tree never
-- rewrites history.
--
-- due_at is the next deadline the contact waits on: response_due until
-- the first response, then resolve_due until it is resolved, then NULL.
-- The domain keeps it, so --overdue and --due-within are one range read
-- of a partial index.

CREATE TABLE contact (
	id                INTEGER PRIMARY KEY,
	kind              TEXT NOT NULL
	                  CHECK (kind IN ('complaint', 'repair', 'suggestion', 'inquiry', 'praise')),
	channel           TEXT NOT NULL
	                  CHECK (channel IN ('phone', 'letter', 'online', 'walkin', 'wechat',
	                                     'email', 'meeting', 'survey')),
	site_id           INTEGER NOT NULL REFERENCES site (id),
	building_id       INTEGER REFERENCES building (id),
	unit_id           INTEGER REFERENCES unit (id),
	place             TEXT CHECK (place IS NULL OR length(place) BETWEEN 1 AND 200),
	name              TEXT CHECK (name IS NULL OR length(name) BETWEEN 1 AND 64),
	-- normalised digits (pm_phone_normalize), always shown masked
	phone             TEXT CHECK (phone IS NULL OR
	                  (length(phone) BETWEEN 10 AND 12 AND phone NOT GLOB '*[^0-9]*')),
	text              TEXT NOT NULL CHECK (length(text) >= 1),
	category          TEXT CHECK (category IS NULL OR length(category) BETWEEN 1 AND 65),
	priority          TEXT NOT NULL DEFAULT 'normal'
	                  CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	status            TEXT NOT NULL DEFAULT 'new'
	                  CHECK (status IN ('new', 'assigned', 'in_progress', 'resolved', 'replied',
	                                    'closed', 'reopened', 'rejected', 'duplicate')),
	received_at       INTEGER NOT NULL,
	dept_id           INTEGER REFERENCES department (id),
	assignee_id       INTEGER REFERENCES staff (id),
	response_due      INTEGER NOT NULL,
	resolve_due       INTEGER NOT NULL,
	due_at            INTEGER,
	first_response_at INTEGER,
	resolved_at       INTEGER,
	replied_at        INTEGER,
	closed_at         INTEGER,
	result            TEXT,
	reply_channel     TEXT CHECK (reply_channel IS NULL OR reply_channel IN
	                  ('phone', 'letter', 'online', 'walkin', 'wechat', 'email', 'meeting', 'sms')),
	satisfaction      INTEGER CHECK (satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5),
	visited_at        INTEGER,
	visit_comment     TEXT,
	visits            INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
	-- a dissatisfied visit happened: the next close needs a visit again
	revisit           INTEGER NOT NULL DEFAULT 0 CHECK (revisit IN (0, 1)),
	reopened          INTEGER NOT NULL DEFAULT 0 CHECK (reopened >= 0),
	is_repeat         INTEGER NOT NULL DEFAULT 0 CHECK (is_repeat IN (0, 1)),
	repeat_of         INTEGER REFERENCES contact (id),
	duplicate_of      INTEGER REFERENCES contact (id),
	reason            TEXT,
	esc_level         INTEGER NOT NULL DEFAULT 0 CHECK (esc_level BETWEEN 0 AND 9),
	escalated_at      INTEGER,
	CHECK (unit_id IS NULL OR place IS NULL),
	CHECK (duplicate_of IS NULL OR duplicate_of <> id),
	CHECK (is_repeat = (repeat_of IS NOT NULL))
) STRICT;

-- `list`: the newest open contacts, a pure index read (the WHERE term is
-- repeated word for word in lib/complaint.c so the planner can use it)
CREATE INDEX contact_open ON contact (received_at DESC, id DESC)
	WHERE status NOT IN ('closed', 'rejected', 'duplicate');
-- `list --all` and stats periods: every contact by received time
CREATE INDEX contact_received ON contact (received_at, id);
-- --overdue / --due-within: the pending deadline of open contacts
CREATE INDEX contact_due ON contact (due_at) WHERE due_at IS NOT NULL;
-- filters and stats groupings, each with the period
CREATE INDEX contact_status ON contact (status, received_at);
CREATE INDEX contact_site ON contact (site_id, received_at);
CREATE INDEX contact_building ON contact (building_id, received_at);
CREATE INDEX contact_assignee ON contact (assignee_id, received_at);
CREATE INDEX contact_dept ON contact (dept_id, received_at);
CREATE INDEX contact_category ON contact (category, received_at);
CREATE INDEX contact_kind ON contact (kind, received_at);
CREATE INDEX contact_channel ON contact (channel, received_at);
-- repeat detection at intake: same unit and category, recent first
CREATE INDEX contact_unit ON contact (unit_id, category, received_at);
