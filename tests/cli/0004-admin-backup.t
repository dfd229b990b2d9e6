#!/bin/sh
# pm-admin backup: online, consistent, private, never overwrites.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1

ok "backup FILE" pm-admin backup copy.db
quiet "backup is quiet"
is "backup is mode 0600" "600" "$(stat -c %a copy.db)"
ok "the copy passes check" pm-admin -d copy.db check
fails 73 "an existing FILE is not overwritten" pm-admin backup copy.db
fails 64 "backup needs a FILE" pm-admin backup
ok "backup is audited" pm-admin -o json audit --action backup
out_has "audit names the file" 'copy.db'

# Writers in the background while backups are taken.
sqlite3 pm.db 'CREATE TABLE IF NOT EXISTS churn(id INTEGER PRIMARY KEY, v TEXT)' 2>/dev/null
( i=0; while [ $i -lt 200 ]; do
	sqlite3 -cmd '.timeout 5000' pm.db "BEGIN IMMEDIATE; INSERT INTO churn(v) VALUES (hex(randomblob(500))); INSERT INTO churn(v) VALUES ('x'); COMMIT;" >/dev/null 2>&1
	i=$((i + 1)); done ) &
w=$!
good=0
for k in 1 2 3 4 5; do
	if pm-admin backup "live$k.db" 2>>live.err && pm-admin -d "live$k.db" check >>live.err 2>&1; then
		good=$((good + 1))
	fi
done
wait $w
sed 's/^/# /' live.err
is "5 backups under concurrent writes all pass check" 5 "$good"
n1=$(sqlite3 live5.db 'SELECT count(*) % 2 FROM churn')
is "each copy holds whole transactions" 0 "$n1"

mkdir ro
chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	fails 73 "backup into a read-only directory exits 73" pm-admin backup ro/x.db
else
	ok "skip: read-only dir test needs non-root" true
fi

done_testing
