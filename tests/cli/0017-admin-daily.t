#!/bin/sh
# scripts/pm-daily, the daily cron job (issue 8 item 10): check, back up,
# check the copy, keep KEEP days; quiet when all is well; a damaged
# database is reported with check's rows and exit status and not backed
# up; and pm-admin check itself on a damaged file: exit 1 with its rows.
. "$PM_TESTS/lib.sh"
daily=$PM_TESTS/../../scripts/pm-daily
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-complaint new --text 漏水 --unit 1-101 >/dev/null
day=2026-11-30          # PM_NOW's date (lib.sh), not the machine's

ok "a sound database" sh "$daily" bk 30
quiet "is quiet"
is "the copy is there" yes "$([ -f "bk/pm-$day.db" ] && echo yes || echo no)"
ok "and it is a sound pm database" pm-admin -d "bk/pm-$day.db" check
is "with the audit row of the backup" 1 "$(pm-admin audit | grep -c '	backup	')"
ok "a second run the same day" sh "$daily" bk 30
quiet "is quiet too"
is "and takes no second copy" 1 "$(pm-admin audit | grep -c '	backup	')"
touch -d '40 days ago' "bk/pm-2000-01-01.db"
touch -d '10 days ago' "bk/pm-2000-01-02.db"
touch -d '40 days ago' "bk/notes.txt"
ok "copies older than KEEP days" sh "$daily" bk 30
is "are removed, the others and other files kept" "notes.txt pm-2000-01-02.db pm-$day.db" \
    "$(ls bk | sort | tr '\n' ' ' | sed 's/ $//')"
fails 64 "KEEP must be a number" sh "$daily" bk x

# a damaged database: check's rows, its status, no backup
cp "$PM_DB" bad.db
sqlite3 bad.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
page=$(sqlite3 bad.db "SELECT rootpage FROM sqlite_master WHERE name = 'contact'")
psize=$(sqlite3 bad.db 'PRAGMA page_size')
printf '\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of=bad.db bs=1 seek=$(( (page - 1) * psize )) conv=notrunc 2>/dev/null
rm -f bad.db-wal bad.db-shm
run pm-admin -d bad.db check
is "pm-admin check on a damaged file: exit 1" 1 "$st"
is "nothing on stderr" "" "$(cat "$T/.err")"
out_has "its rows on stdout" "^integrity	"
ok "json rows too" sh -c 'pm-admin -d bad.db -o json check; test $? -eq 1'
is "each row a JSON object" "integrity" "$(pm-admin -d bad.db -o json check | jq -r .check | sort -u)"
fails 65 "a reader of the damaged table" pm-complaint -d bad.db list
err_has "one line that says what to do" "^pm-complaint: bad.db: database damaged: run pm-admin check; restore from backup$"
fails 65 "a writer, once the damage was seen" pm-unit -d bad.db unit new 1-102 --area 50
err_has "says the same" "bad.db: database damaged: run pm-admin check; restore from backup$"
run sh "$daily" -d bad.db bk2 30
is "pm-daily on it: exit 1" 1 "$st"
err_has "says check failed" "^pm-daily: pm-admin check failed \(exit 1\); no backup taken:"
err_has "with check's rows" "^integrity	"
is "no backup taken" no "$([ -e bk2 ] && ls bk2 | grep -q . && echo yes || echo no)"
is "nothing on stdout (cron mails stderr)" "" "$(cat "$T/.out")"
# restored from the backup: check clears the damage, writers work
cp "bk/pm-$day.db" bad.db
fails 65 "restored, writers wait for check" pm-unit -d bad.db unit new 1-102 --area 50
ok "check passes" pm-admin -d bad.db check
ok "a writer works again" pm-unit -d bad.db unit new 1-102 --area 50
done_testing
