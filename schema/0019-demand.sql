-- 0019-demand: RESERVED on branch h-action for h-arrears (pm-fee arrears, issue 11).
-- Only so that 0023-action applies without a gap while that branch is
-- unmerged: the merge replaces this file with the real migration (delete
-- this one; embed-schema refuses two files numbered 0019).
SELECT 1;
