#!/bin/sh
# pm-admin check: exit 0 and quiet when sound, exit 1 and one row per problem.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1

ok "a sound database" pm-admin check
quiet "prints nothing"

cp pm.db t1.db
sqlite3 t1.db 'DROP TRIGGER audit_no_delete'
fails 1 "a dropped audit trigger is found" pm-admin -d t1.db check
out_has "and named" "^audit	trigger audit_no_delete is missing"

for trg in event_no_update event_no_delete; do
	cp pm.db "t-$trg.db"
	sqlite3 "t-$trg.db" "DROP TRIGGER $trg"
	fails 1 "a dropped timeline trigger ($trg) is found" pm-admin -d "t-$trg.db" check
	out_is "and named, alone" "timeline	trigger $trg is missing: the timeline is not append-only"
done

cp pm.db t2.db
sqlite3 t2.db "PRAGMA foreign_keys=OFF; CREATE TABLE child(id INTEGER PRIMARY KEY, d INTEGER REFERENCES department(id)); INSERT INTO child VALUES (1, 999);"
fails 1 "a broken foreign key is found" pm-admin -d t2.db check
out_has "foreign key problem reported" "^foreign_key	child"

cp pm.db t3.db
sqlite3 t3.db 'PRAGMA user_version=1'
fails 1 "an old schema is reported" pm-admin -d t3.db check
out_has "with the fix" "run pm-admin migrate"

fails 1 "json output of a failing check" pm-admin -d t1.db -o json check
is "check json parses" "audit" "$(jq -r .check "$T/.out" | head -n 1)"

# Corrupt a page in the middle of a copy: integrity_check must say so.
cp pm.db t4.db
sqlite3 t4.db "PRAGMA journal_mode=DELETE; CREATE TABLE big(x TEXT); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<2000) INSERT INTO big SELECT hex(randomblob(100)) FROM n; CREATE INDEX big_x ON big(x);" >/dev/null
size=$(stat -c %s t4.db)
dd if=/dev/urandom of=t4.db bs=4096 seek=$((size / 4096 - 3)) count=1 conv=notrunc 2>/dev/null
run pm-admin -d t4.db check
is "a corrupted file does not pass" "yes" "$([ $st -ne 0 ] && echo yes || echo no)"

# each tool's lifecycle against the schema: the open-contacts index that
# forgets a final state makes every open-contacts query wrong
cp pm.db t5.db
sqlite3 t5.db "DROP INDEX contact_open; CREATE INDEX contact_open ON contact (due_at) WHERE status <> 'closed'"
fails 1 "a partial index that disagrees with the lifecycle is a problem" pm-admin -d t5.db check
out_has "named, with what the lifecycle declares" "^lifecycle	contact_open: the index leaves out closed, the lifecycle declares closed\|rejected\|duplicate final$"
ok "the sound database still passes" pm-admin check

done_testing
