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

done_testing
