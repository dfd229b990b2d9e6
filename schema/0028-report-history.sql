-- 0028-report-history: what the monthly report (lib/domain/report*.c)
-- needs to read the past as it stood, by index.
--
-- `drill due` (pm_drill_due, also the report's patrols.drills_due): the
-- next drill planned of a site and kind is one seek.  The WHERE is
-- drill_open's, the lifecycle's final states term for term.
CREATE INDEX drill_next ON drill (site_id, kind, planned, id)
	WHERE status <> 'done' AND status <> 'cancelled';

-- A record's limit at a past moment (pm_lifecycle_limit): an event that
-- sets its record's limit keeps it here — a contact's resolution due
-- time when it is made, classified (before any reopen) or reopened, a
-- work order's fix due time when it is made, resumed or reopened.  The
-- limit in force at a moment is the due of the record's last event with
-- one up to then; the record's column holds only the latest, which a
-- reopen moves.  Events written before this migration have none (a
-- reader falls back to the column).
ALTER TABLE event ADD COLUMN due INTEGER;
