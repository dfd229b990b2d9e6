-- 0011-audit-os-user: who ran the command, as the operating system
-- knows it.
--
-- actor is the staff member the command claimed to act as (--as,
-- PM_USER, the login name): anyone who can write the database file can
-- claim anyone.  os_user is the name of the process's effective uid (or
-- the uid as a number when it has no name), the user the file's
-- permissions let in: together they say who acted, really.  Rows
-- written before this migration have NULL (not recorded).
--
-- ADD COLUMN keeps the table, its rows, its indexes and the triggers
-- that keep it append-only exactly as they are.

ALTER TABLE audit ADD COLUMN os_user TEXT
	CHECK (os_user IS NULL OR length(os_user) BETWEEN 1 AND 64);

CREATE INDEX audit_os_user ON audit (os_user, at);
