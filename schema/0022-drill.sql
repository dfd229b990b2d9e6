-- 0022-drill: RESERVED on branch h-action for h-drill (pm-patrol drills and incidents, issue 12).
-- Only so that 0023-action applies without a gap while that branch is
-- unmerged: the merge replaces this file with the real migration (delete
-- this one; embed-schema refuses two files numbered 0022).
SELECT 1;
