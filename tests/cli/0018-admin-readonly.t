#!/bin/sh
# Read-only and full (issue 8 items 11 and 14): each message names the
# file and the cause; readers read wherever SQLite allows; -n works on a
# read-only file (on a private copy).  As nobody when run as root.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new s1 --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-101 --area 90 >/dev/null
pm-complaint new --text 漏水 --unit 1-101 >/dev/null
printf 'site,code,area\ns1,1-102,80\ns1,1-103,70\n' > u.csv
dump() { sqlite3 -readonly "$1" .dump 2>&1; }

# a file-size limit stands in for a full disk
cp "$PM_DB" lim.db
big=$(awk 'BEGIN { printf "site,code,area\n"; for (i = 0; i < 3000; i++) printf "s1,9-%d,50\n", i }')
printf '%s\n' "$big" > big.csv
before=$(dump lim.db)
fails 74 "a file-size limit: an import" sh -c 'trap "" XFSZ; ulimit -f 64; exec pm-unit -d lim.db unit import big.csv'
err_has "names the file and the cause" "^pm-unit: lim.db: cannot write: the file size limit \(ulimit -f\) is reached$"
is "nothing written" "$before" "$(dump lim.db)"

if [ "$(id -u)" -eq 0 ]; then
	command -v setpriv >/dev/null 2>&1 || { echo "1..0 # SKIP root without setpriv"; exit 0; }
	as() { setpriv --reuid 65534 --regid 65534 --clear-groups env HOME="$T/ro" "$@"; }
else
	as() { "$@"; }
fi
mkdir ro && cp "$PM_DB" ro/pm.db && cp u.csv ro/
[ "$(id -u)" -eq 0 ] && chown -R 65534:65534 ro && chmod 0755 "$T"
chmod 0444 ro/pm.db
before=$(dump ro/pm.db)
fails 73 "read-only file: a writer" as pm-complaint -d ro/pm.db new --text 漏水
err_has "names the file and why" "^pm-complaint: ro/pm.db: database is read-only: the file is not writable by this user$"
ok "read-only file: a reader" as pm-complaint -d ro/pm.db list
is "reads the rows" 1 "$(wc -l < "$T/.out")"
ok "read-only file: -n import" as pm-unit -d ro/pm.db -n unit import ro/u.csv
out_is "says what it would do" "2	0	0"
fails 64 "read-only file: a writer without a dry run still refuses -n" as pm-complaint -d ro/pm.db -n new --text x
is "nothing changed" "$before" "$(dump ro/pm.db)"
chmod 0644 ro/pm.db
sqlite3 ro/pm.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
before=$(dump ro/pm.db)
rm -f ro/pm.db-wal ro/pm.db-shm
chmod 0555 ro
fails 73 "read-only directory: a writer" as pm-complaint -d ro/pm.db new --text 漏水
err_has "names the file and why" "^pm-complaint: ro/pm.db: database is read-only: the directory is read-only, so the WAL index cannot be created$"
ok "read-only directory: a reader" as pm-complaint -d ro/pm.db list
is "reads the rows" 1 "$(wc -l < "$T/.out")"
ok "read-only directory: -n import" as pm-unit -d ro/pm.db -n unit import ro/u.csv
out_is "says what it would do" "2	0	0"
is "nothing left in the directory" "pm.db u.csv" "$(ls ro | tr '\n' ' ' | sed 's/ $//')"
chmod 0755 ro
is "nothing changed" "$before" "$(dump ro/pm.db)"
done_testing
