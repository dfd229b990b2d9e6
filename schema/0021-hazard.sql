-- 0021-hazard: RESERVED on branch h-action for h-hazard (pm-patrol hazards, issue 12).
-- Only so that 0023-action applies without a gap while that branch is
-- unmerged: the merge replaces this file with the real migration (delete
-- this one; embed-schema refuses two files numbered 0021).
SELECT 1;
