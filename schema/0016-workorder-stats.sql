-- 0016-workorder-stats: the index the monthly statistics read the
-- planned jobs due in a month by (lib/domain/workorder_stats.h): a plan
-- job counts in the month of its occurrence date, not of its report (it
-- is generated its lead time before), so the completion rate reads one
-- range of occurrences, never the whole table.
CREATE INDEX workorder_occurrence ON workorder (occurrence) WHERE plan_item_id IS NOT NULL;
