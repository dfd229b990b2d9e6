-- 0025-report-safety: the indexes the monthly report's patrols section
-- (lib/domain/report_safety.c) reads its periods by.
--
-- What was still open at a past moment is what is open now (the partial
-- *_open indexes) and what closed after that moment: the hazards
-- rectified or cancelled since, each a range of one of these.  The
-- month's rectifications are a range of the first too.
CREATE INDEX hazard_rectified ON hazard (rectified_at) WHERE rectified_at IS NOT NULL;
CREATE INDEX hazard_cancelled ON hazard (cancelled_at) WHERE cancelled_at IS NOT NULL;
-- the drills held in a month, across sites and kinds (drill_held is by
-- site and kind first)
CREATE INDEX drill_held_day ON drill (held) WHERE held IS NOT NULL;
