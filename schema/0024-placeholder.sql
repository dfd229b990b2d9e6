-- 0024: kept for the complaints report's indexes (the care branch's
-- 0024 replaces this file when the two meet).
SELECT 1;
