-- 0018: PLACEHOLDER on branch h-hazard only.  Migration 0018 belongs to
-- another branch (pay); migrations run without gaps (scripts/embed-schema),
-- so this empty one stands in for it until that branch is merged.
-- Delete this file when the real 0018 arrives.
SELECT 1;
