-- 0004-org: staff, the roles they hold and the sites they serve.
--
-- Staff are named by login on every command line (--as wang, --head li),
-- so the login is the natural key and follows the rule of pm_login_valid.
-- Staff are deactivated, never deleted: audit rows, timelines and work
-- orders keep naming them.  Roles are defined in the program or in the
-- config file, not in the database, so staff_role stores the role's name;
-- a name the configuration no longer defines simply grants nothing.

CREATE TABLE staff (
	id             INTEGER PRIMARY KEY,
	login          TEXT NOT NULL UNIQUE
	               CHECK (length(login) BETWEEN 1 AND 32 AND login NOT GLOB '*[^a-z0-9._-]*'),
	name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
	-- normalised digits only (pm_phone_normalize), shown masked
	phone          TEXT CHECK (phone IS NULL OR
	               (length(phone) BETWEEN 10 AND 12 AND phone NOT GLOB '*[^0-9]*')),
	dept_id        INTEGER REFERENCES department (id),
	active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at     INTEGER NOT NULL,
	deactivated_at INTEGER,
	CHECK ((active = 1) = (deactivated_at IS NULL))
) STRICT;

-- what `staff list --dept` and `--all` filter on, in login order
CREATE INDEX staff_dept ON staff (dept_id, login);
CREATE INDEX staff_active ON staff (active, login);

CREATE TABLE staff_role (
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	role     TEXT NOT NULL
	         CHECK (length(role) BETWEEN 1 AND 32 AND role NOT GLOB '*[^a-z0-9_-]*'),
	PRIMARY KEY (staff_id, role)
) STRICT, WITHOUT ROWID;

-- `staff list --role`, and finding who holds admin
CREATE INDEX staff_role_role ON staff_role (role, staff_id);

CREATE TABLE staff_site (
	staff_id INTEGER NOT NULL REFERENCES staff (id),
	site_id  INTEGER NOT NULL REFERENCES site (id),
	PRIMARY KEY (staff_id, site_id)
) STRICT, WITHOUT ROWID;

-- who serves a site (assignment and escalation, later)
CREATE INDEX staff_site_site ON staff_site (site_id, staff_id);

-- The department head: where escalations go.
ALTER TABLE department ADD COLUMN head_id INTEGER REFERENCES staff (id);
