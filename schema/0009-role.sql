-- 0009-role: the roles, kept in the database.
--
-- Who may do what is security state: before this migration a role was
-- defined in the program or in the caller's config file, so anyone
-- could redefine their own role in a file of their own and act on it
-- (and give themselves admin for good).  From here on a role is a row
-- here, changed only by `pm-org role new|set|import` (admin, audited),
-- and no configuration file grants a permission: the config key
-- `roles:` is refused, pointing to `pm-org role import`.
--
-- The built-in roles are seeded below, by `pm-admin init` and by
-- `pm-admin migrate` alike.  A config `roles:` in use on the database
-- being migrated is NOT carried over by this migration: migrate runs
-- with whatever config its caller has, which is exactly what must not
-- define roles.  The administrator moves that section to a file of its
-- own and loads it with `pm-org role import FILE` (the same YAML shape);
-- until then, a role staff hold that is not defined here grants nothing
-- (staff_role keeps the name, so the import gives it back).
--
-- source: 'builtin' while a role is as seeded here, 'local' once it was
-- made or changed in this database (new, set, import); changed_at is
-- when (NULL for the seeded rows).  A role has at least one pattern:
-- "*", an exact permission name, or "area.*" (perm.h checks the form;
-- the CHECK only keeps the characters).

CREATE TABLE role (
	name        TEXT PRIMARY KEY
	            CHECK (length(name) BETWEEN 1 AND 32 AND name NOT GLOB '*[^a-z0-9_-]*'),
	description TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 200),
	source      TEXT NOT NULL CHECK (source = 'builtin' OR source = 'local'),
	changed_at  INTEGER
) STRICT, WITHOUT ROWID;

CREATE TABLE role_perm (
	role    TEXT NOT NULL REFERENCES role (name),
	pattern TEXT NOT NULL
	        CHECK (length(pattern) BETWEEN 1 AND 64 AND pattern NOT GLOB '*[^a-z0-9_.*]*'),
	PRIMARY KEY (role, pattern)
) STRICT, WITHOUT ROWID;

-- "which roles grant admin" (the last-administrator guard)
CREATE INDEX role_perm_pattern ON role_perm (pattern, role);

-- One role per department plus manager and admin.  They name the areas
-- of every process tool, those still to come too (fee, workorder,
-- patrol, report, action ...): a company's roles are set up once, not
-- every time a tool is installed.  Maintenance and security handle the
-- contacts assigned to them.
INSERT INTO role (name, description, source) VALUES
	('admin', '系统管理员: 全部权限 / Administrator: everything', 'builtin'),
	('clerk', '资料员: 房产资料录入 / Clerk: property data entry', 'builtin'),
	('finance', '财务部: 收费、欠费、预算 / Finance: fees, payments, arrears, budgets',
	 'builtin'),
	('maint', '维修维护部: 工单、设备、维保计划 / Maintenance: work orders, equipment, plans',
	 'builtin'),
	('manager', '经理: 除系统管理外的全部 / Manager: everything but administration',
	 'builtin'),
	('market', '市场拓展部: 报表、业主调查 / Market expansion: reports, owner surveys',
	 'builtin'),
	('security', '安保部: 巡逻、隐患、演练、事件 / Security: patrols, hazards, drills, incidents',
	 'builtin'),
	('service', '客服部: 投诉受理、回访、调查 / Customer service: complaints, visits, surveys',
	 'builtin');

INSERT INTO role_perm (role, pattern) VALUES
	('admin', '*'),
	('clerk', 'unit.edit'), ('clerk', 'unit.import'),
	('finance', 'fee.*'), ('finance', 'budget.*'),
	('maint', 'workorder.*'), ('maint', 'equipment.*'), ('maint', 'plan.*'),
	('maint', 'complaint.handle'),
	('manager', 'org.*'), ('manager', 'unit.*'), ('manager', 'complaint.*'),
	('manager', 'survey.*'), ('manager', 'workorder.*'), ('manager', 'equipment.*'),
	('manager', 'plan.*'), ('manager', 'patrol.*'), ('manager', 'hazard.*'),
	('manager', 'drill.*'), ('manager', 'incident.*'), ('manager', 'fee.*'),
	('manager', 'budget.*'), ('manager', 'report.*'), ('manager', 'action.*'),
	('manager', 'pii.unmask'),
	('market', 'report.*'), ('market', 'survey.*'),
	('security', 'patrol.*'), ('security', 'hazard.*'), ('security', 'drill.*'),
	('security', 'incident.*'), ('security', 'complaint.handle'),
	('service', 'complaint.*'), ('service', 'survey.*');
