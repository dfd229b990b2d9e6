-- 0024: reserved for the complaints and maintenance report (a placeholder).
SELECT 1;
