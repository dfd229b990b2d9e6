-- 0027: reserved for another helper's migration (a placeholder: 0028 is
-- report-history; the lead drops this file when the real 0027 merges).
SELECT 1;
