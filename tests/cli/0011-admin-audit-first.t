#!/bin/sh
# Audits that must precede their effect: --unmask is on file before
# anything is shown, or nothing is shown; a backup is audited before it
# has a name, or there is no backup.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
pm-unit occupant new --unit 3-2-1502 --name 张三 --role owner --move-in 2020-07-01 \
  --phone 13812345678 >/dev/null

# other CMD...: run CMD as a user who may read the database but not write
# it (root writes any file, so root runs it as nobody).
other() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups -- "$@"
	else
		"$@"
	fi
}
chmod 755 "$T"

# ---- a read-only database file: the unmask cannot be audited, so nothing is shown
n0=$(pm-admin audit | wc -l)
chmod 1777 "$T"
chmod 444 pm.db
ok "a masked list still works read-only" other pm-unit occupant list
out_has "masked" '138\*\*\*\*5678'
fails 73 "--unmask on a read-only file fails" other pm-unit occupant list --unmask --reason 核对
is "and prints nothing" "" "$(cat "$T/.out")"
err_has "says why, naming the audit" "unmask.*audit.*read-only"
chmod 644 pm.db
chmod 755 "$T"
is "no audit row either" "$n0" "$(pm-admin audit | wc -l)"

# ---- busy: another writer holds the lock past the timeout
mkdir -p config/pm
printf 'busy_timeout: 1s\n' > config/pm/config.yaml
hold_lock pm.db 3
fails 69 "--unmask while the database is busy fails" pm-unit occupant list --unmask --reason 核对
is "and prints nothing" "" "$(cat "$T/.out")"
wait $locker
rm -f config/pm/config.yaml
run sqlite3 pm.db "DELETE FROM meta WHERE key = 'lock'"

# ---- the row is committed before the first byte is out: a reader of the
# output looks for it after one byte, while pm still has most to write
# (more than a pipe holds, so pm cannot have finished).
sqlite3 pm.db "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
  INSERT INTO occupant (unit_id, name, phone, role, move_in)
  SELECT 1, '住户' || i, '139' || printf('%08d', i), 'tenant', '2021-01-01' FROM n"
n0=$(pm-admin audit --action unmask | wc -l)
pm-unit occupant list --unmask --reason 停水通知 | {
	head -c1 >/dev/null
	pm-admin audit --action unmask | wc -l > seen
	cat >/dev/null
}
is "the unmask row exists when the first byte is read" "$((n0 + 1))" "$(cat seen)"
ok "the unmask row" pm-admin -o json audit --action unmask --reverse --limit 1
is "it has the reason and the command" "停水通知 occupant list" \
  "$(jq -r '"\(.after.reason) \(.after.verb)"' "$T/.out")"
id=$(jq -r .id "$T/.out")
ok "the rows shown follow in a second row" pm-admin -o json audit --entity "pii:$id"
is "shown, with the count" "shown 20001" "$(jq -r '"\(.action) \(.after.rows)"' "$T/.out")"

# ---- backup: no audit row, no backup
n0=$(pm-admin audit | wc -l)
chmod 1777 "$T"
chmod 444 pm.db
fails 73 "a backup that cannot be audited fails" other pm-admin backup ro.db
err_has "says so" "not made.*audited.*read-only"
chmod 644 pm.db
chmod 755 "$T"
is "and leaves nothing" "" "$(ls | grep '^ro\.db')"
is "no audit row" "$n0" "$(pm-admin audit | wc -l)"
ok "the next run works" pm-admin backup ro.db
is "audited" "backup" "$(pm-admin audit --reverse --limit 1 | cut -f7)"

# ---- a newer pm's database: nothing copied, nothing written into it
cp pm.db newer.db
sqlite3 newer.db "PRAGMA user_version = 999"
sum0=$(sha256sum newer.db | cut -d' ' -f1)
fails 65 "backing up a newer database is refused" pm-admin -d newer.db backup nb.db
err_has "says why" "newer than this pm"
is "no copy" "" "$(ls | grep '^nb\.db')"
is "the database is unchanged" "$sum0" "$(sha256sum newer.db | cut -d' ' -f1)"

# ---- killed mid-copy: nothing with owner data is left, the next run works
sqlite3 pm.db "CREATE TABLE bulk (b BLOB);
  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000)
  INSERT INTO bulk SELECT randomblob(8000) FROM n"
left=0 hit=0
for d in 0.01 0.03 0.06 0.1 0.15 0.2; do
	pm-admin backup killed.db 2>/dev/null &
	p=$!
	sleep $d
	kill -KILL $p 2>/dev/null && hit=$((hit + 1))
	wait $p 2>/dev/null
	if [ -n "$(ls -a | grep '^killed\.db.')" ]; then
		left=$((left + 1))
		ls -la | grep 'killed\.db.' | sed "s/^/# after a kill at ${d}s: /"
	fi
	rm -f killed.db
done
echo "# $hit of 6 kills landed while the backup ran"
is "six kills mid-backup leave no temporary copy or journal" 0 "$left"
ok "the next run works" pm-admin backup killed.db
ok "and its copy is sound" pm-admin -d killed.db check
ok "--verify full" pm-admin backup --verify full full.db
is "audited with how it was checked" "full" "$(pm-admin -o json audit --reverse --limit 1 | jq -r .after.verify)"
fails 64 "--verify takes fast or full" pm-admin backup --verify maybe x.db

# ---- a migration that fails leaves no backup behind
schema=$PM_TESTS/../../schema
sqlite3 old.db "PRAGMA application_id=$((0x706d6462)); PRAGMA journal_mode=WAL;" >/dev/null
sqlite3 old.db < "$schema/0001-core.sql"
sqlite3 old.db "PRAGMA user_version=1; CREATE TABLE site (x INTEGER)"  # 0003 cannot create it
chmod 600 old.db
fails 70 "a failing migration" pm-admin -d old.db migrate --backup old.bak
is "leaves no backup" "" "$(ls | grep '^old\.bak')"
is "and the database as it was" 1 "$(sqlite3 old.db 'PRAGMA user_version')"

done_testing
