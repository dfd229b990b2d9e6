-- 0002-department: the six departments of a property-management company.
--
-- Codes are what the tools take on the command line (--dept maint); the
-- names are shown.  Departments are deactivated, never deleted, so
-- history keeps its references.

CREATE TABLE department (
	id      INTEGER PRIMARY KEY,
	code    TEXT NOT NULL UNIQUE
	        CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^a-z0-9_-]*'),
	name_zh TEXT NOT NULL CHECK (length(name_zh) BETWEEN 1 AND 64),
	name_en TEXT NOT NULL CHECK (length(name_en) BETWEEN 1 AND 64),
	active  INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO department (code, name_zh, name_en) VALUES
	('mgmt',     '物业管理部', 'Property management'),
	('maint',    '维修维护部', 'Maintenance'),
	('security', '安保部',     'Security'),
	('service',  '客服部',     'Customer service'),
	('finance',  '财务部',     'Finance'),
	('market',   '市场拓展部', 'Market expansion');
