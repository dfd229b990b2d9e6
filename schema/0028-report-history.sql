-- 0028-report-history: what the monthly report (lib/domain/report*.c)
-- needs to read the past as it stood, by index.
--
-- `drill due` (pm_drill_due, also the report's patrols.drills_due): the
-- next drill planned of a site and kind is one seek.  The WHERE is
-- drill_open's, the lifecycle's final states term for term.
CREATE INDEX drill_next ON drill (site_id, kind, planned, id)
	WHERE status <> 'done' AND status <> 'cancelled';
