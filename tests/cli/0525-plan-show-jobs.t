#!/bin/sh
# pm-workorder plan show: after the item, the jobs generated for it,
# every state, newest first; -o json one object with "jobs"; an item
# without jobs prints its row alone.  (The jobs are written as plan run
# writes them: the item, the equipment and the occurrence date.)
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-workorder equip new ELV-1 --kind 电梯/客梯 >/dev/null
pm-workorder equip new ELV-2 --kind 电梯/货梯 >/dev/null
pm-workorder equip new TANK-1 --kind 给排水/水箱 >/dev/null
cat > p.yaml <<'Y'
plan: maint-2027
site: sunny
items:
  - key: lift-upkeep
    title: 电梯半月保养
    task: 维保
    kind: 电梯
    recurrence: every 15 days
    start: 2026-11-01
    dept: maint
  - key: tank-clean
    title: 水箱清洗
    task: 清洗消毒
    equipment: [TANK-1]
    recurrence: half-yearly 01-01
    start: 2027-01-01
    dept: maint
Y
pm-workorder plan load p.yaml >/dev/null 2>"$T/.err" || _notok "setup: plan load"
job() {
	sqlite3 "$PM_DB" "INSERT INTO workorder (site_id, title, source_type, plan_item_id, plan_version, occurrence,
	    equipment_id, type, status, dept_id, reported_at, clock, on_site_due, fix_due, done_at)
	    VALUES (1, '电梯半月保养', 'plan', 1, 1, '$1', (SELECT id FROM equipment WHERE code = '$2'),
	    '电梯/保养', '$3', 2, $4, 'calendar', $4 + 1800, CAST(strftime('%s', '$1') AS INTEGER) + 57600, $5)"
}
job 2026-11-01 ELV-1 verified 1793462400 1793480400
job 2026-11-01 ELV-2 done 1793462400 1793484000
job 2026-11-16 ELV-1 new 1794758400 NULL

ok "show" pm-workorder plan show M1
is "the item first" "M1	maint-2027	lift-upkeep" "$(head -n 1 "$T/.out" | cut -f1-3)"
is "then a blank line" "" "$(sed -n 2p "$T/.out")"
is "its jobs newest first, every state" "W3 new 2026-11-16 ELV-1,W2 done 2026-11-01 ELV-2,W1 verified 2026-11-01 ELV-1" \
    "$(sed -n '3,$p' "$T/.out" | cut -f1-4 | tr '\t' ' ' | paste -sd, -)"
ok "json" pm-workorder plan show lift-upkeep -o json
is "one object" "1" "$(jq -c . "$T/.out" | wc -l)"
is "the item and its jobs" "lift-upkeep W3,W2,W1" "$(jq -r '"\(.item) \(.jobs | map(.id) | join(","))"' "$T/.out")"
is "a job's fields" "2026-11-01 ELV-2 done" "$(jq -r '.jobs[1] | "\(.occurrence) \(.equip) \(.status)"' "$T/.out")"
ok "no jobs" pm-workorder plan show tank-clean
is "the row alone" "1" "$(wc -l < "$T/.out")"
ok "no jobs, json" pm-workorder plan show M2 -o json
is "an empty array" "0" "$(jq '.jobs | length' "$T/.out")"
ok "id" pm-workorder plan show M1 -o id
out_is "the item's id" "M1"
fails 66 "no such item" pm-workorder plan show nosuch
fails 66 "no such item, json" pm-workorder plan show nosuch -o json
is "nothing printed" "" "$(cat "$T/.out")"
done_testing
