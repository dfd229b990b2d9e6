-- 0007-survey: owner surveys (问卷调查) — questionnaires and the
-- answers of each unit (pm-complaint survey).
--
-- A survey belongs to one site; its questions are rows numbered from 1
-- (q1, q2, ... in the answers file), each a 1-5 score or free text.
-- An answer is one unit's answer to one question: the UNIQUE key
-- (survey, unit, question) is the natural key an import upserts by, so
-- importing the same file twice changes nothing.  A question a unit
-- left blank has no row.  Surveys are named by their code or number.

CREATE TABLE survey (
	id         INTEGER PRIMARY KEY,
	-- optional; starts with a letter so a bare number always means the id
	code       TEXT UNIQUE CHECK (code IS NULL OR (length(code) BETWEEN 1 AND 32 AND
	           code GLOB '[A-Za-z]*' AND code NOT GLOB '*[^A-Za-z0-9_-]*')),
	title      TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
	site_id    INTEGER NOT NULL REFERENCES site (id),
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE survey_question (
	survey_id INTEGER NOT NULL REFERENCES survey (id),
	n         INTEGER NOT NULL CHECK (n BETWEEN 1 AND 100),
	kind      TEXT NOT NULL CHECK (kind IN ('score', 'text')),
	text      TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
	PRIMARY KEY (survey_id, n)
) STRICT;

CREATE TABLE survey_answer (
	survey_id   INTEGER NOT NULL REFERENCES survey (id),
	unit_id     INTEGER NOT NULL REFERENCES unit (id),
	n           INTEGER NOT NULL,
	score       INTEGER CHECK (score IS NULL OR score BETWEEN 1 AND 5),
	text        TEXT CHECK (text IS NULL OR length(text) BETWEEN 1 AND 2000),
	answered_at INTEGER NOT NULL,
	UNIQUE (survey_id, unit_id, n),
	FOREIGN KEY (survey_id, n) REFERENCES survey_question (survey_id, n),
	-- exactly one of them: a score question's score or a text question's text
	CHECK ((score IS NULL) <> (text IS NULL))
) STRICT;

-- `survey stats`: one range read per question
CREATE INDEX survey_answer_question ON survey_answer (survey_id, n, score);
-- `survey list`: respondents per survey come from the UNIQUE index
