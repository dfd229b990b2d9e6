-- 0025: reserved for the patrols and actions report (a placeholder).
SELECT 1;
