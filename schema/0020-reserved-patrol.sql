-- 0020: PLACEHOLDER on branch h-hazard only.  Migration 0020 belongs to
-- another branch (patrol); migrations run without gaps (scripts/embed-schema),
-- so this empty one stands in for it until that branch is merged.
-- Delete this file when the real 0020 arrives.
SELECT 1;
