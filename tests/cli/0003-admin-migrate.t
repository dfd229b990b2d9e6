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

done_testing
