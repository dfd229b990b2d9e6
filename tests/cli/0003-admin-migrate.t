#!/bin/sh
# pm-admin migrate: backs up, then upgrades in one transaction.
. "$PM_TESTS/lib.sh"
schema=$PM_TESTS/../../schema

# A database as the first version of pm made it.
mkold() {
	sqlite3 "$1" "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
	sqlite3 "$1" < "$schema/0001-core.sql"
	sqlite3 "$1" "PRAGMA user_version=1"
	chmod 600 "$1"
}
mkold pm.db

fails 65 "an older database is refused by other verbs" pm-admin audit
err_has "and told to migrate" "run pm-admin migrate"
ok "migrate upgrades it" pm-admin migrate
out_has "prints from, to and the backup" "^1	[0-9]+	$T/pm.db.v1-20261130T090000.bak$"
ok "the upgraded database passes check" pm-admin check
ok "audit works after migrate" pm-admin -o json audit --action migrate
out_has "the migration is audited" '"from_version":1'
ok "the backup is a sound version-1 database" pm-admin -d "$T/pm.db.v1-20261130T090000.bak" migrate --backup "$T/b2.bak"
is "backup is private" "600" "$(stat -c %a "$T/pm.db.v1-20261130T090000.bak")"

ok "migrating a current database does nothing" pm-admin migrate
quiet "and says nothing"

mkold old2.db
ok "migrate --backup FILE" pm-admin -d old2.db migrate --backup "$T/mine.bak"
is "backup went to FILE" "yes" "$([ -f mine.bak ] && echo yes)"

mkold old3.db
: > taken.bak
fails 73 "backup destination exists: refused" pm-admin -d old3.db migrate --backup taken.bak
is "nothing migrated" "1" "$(sqlite3 old3.db 'PRAGMA user_version')"

mkold old4.db
mkdir bdir
printf 'backup:\n  dir: %s/bdir\n' "$T" > cfg.yaml
ok "backup.dir from config" pm-admin -c cfg.yaml -d old4.db migrate
is "backup in backup.dir" "1" "$(ls bdir | wc -l)"

# From every schema version there has been: a database as that
# version's pm left it (its migrations, then a row it could hold),
# upgraded, sound, the row still there.
latest=$(ls "$schema" | grep -c '^[0-9][0-9][0-9][0-9]-.*\.sql$')
v=1
while [ $v -lt "$latest" ]; do
	db=up$v.db
	sqlite3 "$db" "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
	for f in "$schema"/[0-9][0-9][0-9][0-9]-*.sql; do
		n=${f##*/}; n=$(expr "${n%%-*}" + 0)
		[ "$n" -le $v ] && sqlite3 "$db" < "$f"
	done
	sqlite3 "$db" "PRAGMA user_version=$v; INSERT INTO meta VALUES ('seed', 'v$v');
	    INSERT INTO audit (at, actor, tool, entity, action) VALUES (1, 'old', 'pm-org', 'staff', 'new')"
	[ $v -ge 3 ] && sqlite3 "$db" "INSERT INTO site (code, name, kind) VALUES ('S1', '花园', 'residential')"
	chmod 600 "$db"
	fails 1 "version $v: check says it needs migrating" pm-admin -d "$db" check
	ok "version $v: migrate" pm-admin -d "$db" migrate --backup "$T/up$v.bak"
	out_has "version $v: from $v to $latest" "^$v	$latest	"
	ok "version $v: check is clean after migrate" pm-admin -d "$db" check
	quiet "version $v: and quiet"
	is "version $v: its rows survive" "v$v old" \
	    "$(sqlite3 "$db" "SELECT (SELECT value FROM meta WHERE key = 'seed') || ' ' || (SELECT actor FROM audit WHERE action = 'new')")"
	[ $v -ge 3 ] && is "version $v: its site survives" "花园" "$(sqlite3 "$db" "SELECT name FROM site")"
	is "version $v: the backup is version $v" "$v" "$(sqlite3 "$T/up$v.bak" 'PRAGMA user_version')"
	v=$((v + 1))
done

# A version-7 database with data in every table 0010 rebuilds, and in
# the tables that refer to them: migrating keeps every row and id, the
# references, and the audit and timeline triggers.
mk7() {
	sqlite3 "$1" "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
	for f in "$schema"/000[1-7]-*.sql; do sqlite3 "$1" < "$f"; done
	sqlite3 "$1" "PRAGMA foreign_keys=ON; BEGIN;
	INSERT INTO staff (login, name, created_at) VALUES ('admin', '管理员', 1796000000);
	INSERT INTO staff_role VALUES (1, 'admin');
	INSERT INTO site (code, name, kind) VALUES ('sunny', '阳光花园', 'residential'), ('east', '东区', 'office');
	INSERT INTO building (site_id, code, floors) VALUES (1, '3', 18);
	INSERT INTO unit (site_id, building_id, code, floor, area, kind, state, handover) VALUES
	    (1, 1, '3-2-1502', 15, 12050, 'residence', 'occupied', '2015-06-01'),
	    (1, NULL, 'P-01', -1, 1250, 'parking', 'vacant', NULL), (2, NULL, 'A1', 1, 9000, 'office', 'renovating', NULL);
	INSERT INTO occupant (unit_id, name, phone, role, move_in) VALUES (1, '张三', '13800138000', 'owner', '2015-07-01');
	INSERT INTO vehicle (site_id, plate, unit_id, space_id) VALUES (1, '京A12345', 1, 2);
	INSERT INTO contact (kind, channel, site_id, building_id, unit_id, text, priority, status, received_at,
	    response_due, resolve_due, due_at, dept_id, assignee_id) VALUES
	    ('complaint', 'phone', 1, 1, 1, '漏水', 'urgent', 'assigned', 1796000000, 1796003600, 1796086400, 1796003600, 2, 1),
	    ('repair', 'wechat', 2, NULL, 3, 'door', 'normal', 'closed', 1796000100, 1796003700, 1796086500, NULL, NULL, NULL);
	INSERT INTO contact (kind, channel, site_id, place, text, status, received_at, response_due, resolve_due,
	    is_repeat, repeat_of, reply_channel) VALUES
	    ('inquiry', 'email', 1, 'lobby', 'again', 'replied', 1796000200, 1796003800, 1796086600, 1, 1, 'sms');
	INSERT INTO event (entity, entity_id, at, actor, event) VALUES ('contact', 1, 1796000000, 'admin', 'new');
	INSERT INTO survey (code, title, site_id, created_at) VALUES ('s1', 'q', 1, 1796000000);
	INSERT INTO survey_question VALUES (1, 1, 'score', 'how?');
	INSERT INTO survey_answer VALUES (1, 1, 1, 4, NULL, 1796000000);
	INSERT INTO audit (at, actor, tool, entity, action) VALUES (1796000000, 'admin', 'pm-unit', 'unit', 'new');
	COMMIT; PRAGMA user_version=7"
	chmod 600 "$1"
}
dump() {
	for t in site building unit occupant vehicle contact staff staff_role event link survey \
	    survey_question survey_answer department; do
		# the event's columns of version 7 (0028 added due, NULL for these)
		c='*'; [ "$t" = event ] && c='id, entity, entity_id, at, actor, event, note, data'
		printf '%s\n' "$t"; sqlite3 "$1" "SELECT $c FROM $t ORDER BY rowid"
	done
}
mk7 v7.db
dump v7.db > v7.rows
ok "a seeded version-7 database migrates" pm-admin -d v7.db migrate --backup "$T/v7.bak"
is "to the current version" "$(sqlite3 v7.bak 'PRAGMA user_version') -> $(ls "$schema" | grep -c '^[0-9]*-.*\.sql$')" \
    "7 -> $(sqlite3 v7.db 'PRAGMA user_version')"
dump v7.db > v8.rows
same_file "every row and id is kept" v7.rows v8.rows
ok "and it passes check" pm-admin -d v7.db check
quiet "with nothing to report"
# The point of 0010: no single-row write builds a temporary b-tree (an
# IN list of three or more in a CHECK or a partial index's WHERE).
ephemeral() {
	for t in $(sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'"); do
		c=$(sqlite3 "$1" "SELECT group_concat(name, ', '), group_concat('?', ', ') FROM pragma_table_info('$t')")
		sqlite3 "$1" "EXPLAIN INSERT INTO $t (${c%|*}) VALUES (${c#*|})" "EXPLAIN UPDATE $t SET (${c%|*}) = (${c#*|}) WHERE rowid = 1" |
			grep -q OpenEphemeral && printf '%s ' "$t"
	done
}
is "a version-7 database builds b-trees on single-row writes" "site unit occupant contact " \
    "$(ephemeral v7.bak)"
# ledger_txn's one is bill_settled_track (0027): an entry that posts to
# bills recomputes their settled days from their few postings with
# window functions (a sort of a handful of rows per entry, not a b-tree
# per CHECK)
is "the migrated one does not (but the journal's settled-day trigger)" "ledger_txn " \
    "$(ephemeral v7.db)"
is "the rebuilt tables are STRICT and keep their indexes" "contact 1 12|occupant 1 2|site 1 0|unit 1 2" \
    "$(sqlite3 v7.db "SELECT group_concat(name || ' ' || strict || ' ' || (SELECT count(*) FROM sqlite_schema s
        WHERE s.type = 'index' AND s.tbl_name = l.name AND s.sql IS NOT NULL), '|')
        FROM (SELECT * FROM pragma_table_list WHERE name IN ('site', 'unit', 'occupant', 'contact') ORDER BY name) l")"
is "references still point at the rebuilt tables" "building contact department site staff unit" \
    "$(sqlite3 v7.db "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list('contact')" | sort | tr '\n' ' ' | sed 's/ $//')"
refused() { sqlite3 v7.db "PRAGMA foreign_keys=ON; $1" >/dev/null 2>&1 && echo no || echo yes; }
is "the audit log is still append-only" yes "$(refused "UPDATE audit SET actor = 'x'")"
is "so is the timeline" yes "$(refused "DELETE FROM event")"
is "a bad kind is still refused" yes "$(refused "UPDATE unit SET kind = 'castle' WHERE id = 1")"
is "a bad status too" yes "$(refused "UPDATE contact SET status = 'lost' WHERE id = 1")"
is "a good one is not" no "$(refused "UPDATE contact SET status = 'in_progress' WHERE id = 1")"
is "and a reference to nothing is" yes "$(refused "UPDATE unit SET site_id = 99 WHERE id = 1")"
ok "the open contacts list from the migrated database" pm-complaint -d v7.db list -o id
out_is "open ones, newest first" "C3
C1"

# A reference broken before the migration is not carried over silently.
mk7 bad7.db
sqlite3 bad7.db "UPDATE unit SET building_id = 42 WHERE id = 1"
fails 65 "a migration that would leave a broken reference is refused" \
    pm-admin -d bad7.db migrate --backup "$T/bad7.bak"
err_has "naming the row" "unit row 1 refers to a missing building"
is "and nothing changed" 7 "$(sqlite3 bad7.db 'PRAGMA user_version')"

done_testing
