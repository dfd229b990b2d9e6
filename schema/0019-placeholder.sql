-- 0019: a placeholder on branch h-patrol for a migration another branch owns
-- (0018, 0019 the fee helpers'): drop this file when merging.
SELECT 1;
