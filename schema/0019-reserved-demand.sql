-- 0019: PLACEHOLDER on branch h-hazard only.  Migration 0019 belongs to
-- another branch (demand); migrations run without gaps (scripts/embed-schema),
-- so this empty one stands in for it until that branch is merged.
-- Delete this file when the real 0019 arrives.
SELECT 1;
