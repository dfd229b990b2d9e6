#!/bin/sh
# pm-workorder plan run: what a job carries; completion anchoring (one
# job out at a time, the next one period after the completion); hourly
# rules keyed by date and time; a changed item changes only the jobs not
# made yet; retired equipment drops out, equipment added later comes in
# from its install date; a removed item stops; -n, --list, refusals.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new wang --name 王师傅 --roles maint --dept maint
q pm-org staff new li --name 李工 --roles maint --dept maint
q pm-org staff new zhao --name 赵 --roles service --dept service
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-workorder equip new --kind 电梯/客梯 ELV-1
q pm-workorder equip new --kind 电梯/客梯 ELV-2
q pm-workorder equip new --kind 消防/火灾报警控制器 FA-1
q pm-workorder equip new --kind 给排水/生活水泵 P-1
export PM_USER=wang
sql() { sqlite3 "$PM_DB" "$1"; }
plan() {
	cat > plan.yaml <<Y
plan: p
site: sunny
items:
  - key: lift
    title: 电梯保养
    task: 维保
    kind: 电梯
    checklist: [曳引机, 门锁]
    recurrence: every 15 days
    start: 2027-01-01
    dept: maint
    person: wang
    minutes: 90
  - key: lift-c
    title: 电梯按完成保养
    task: 维保
    equipment: [ELV-1]
    recurrence: every 15 days
    anchor: completion
    start: 2027-01-01
    dept: maint
  - key: fire
    title: 消防月检
    task: 月检
    equipment: [FA-1]
    recurrence: $1
    start: 2027-01-01
    dept: maint
$2
Y
	q pm-workorder plan load plan.yaml
}
pump='  - key: pump
    title: 水泵巡检
    task: 巡检
    equipment: [P-1]
    recurrence: every 4 hours 08:00-20:00
    start: 2027-01-01
    dept: maint'
plan "monthly 5" "$pump"

# -n: what it would make, nothing made
ok "-n" env PM_NOW="2027-01-01 01:00" pm-workorder -n plan run
out_has "the lift on 1 January" "^M1-E1-20270101	.*	lift	sunny	ELV-1	.*	2027-01-01	W[0-9]+	assigned$"
out_has "an hourly slot, timed" "^M4-E4-20270101T0800	2027-01-01T08:00:00\+08:00	2027-01-01	2027-01-01T08:00:00\+08:00	p	pump	"
is "six would be made: 2 lifts, 1 by completion, 3 pump slots" 6 "$(wc -l < "$T/.out")"
is "none made" 0 "$(sql "SELECT count(*) FROM workorder")"

ok "run" env PM_NOW="2027-01-01 01:00" pm-workorder plan run
quiet "quiet on success"
is "made" 6 "$(sql "SELECT count(*) FROM workorder")"
is "a job carries the item: title, task, type, priority, version, estimate, checklist, person" \
	"电梯保养|维保|电梯|normal|1|90|assigned|wang|maint|曳引机,门锁" \
	"$(sql "SELECT w.title, w.text, w.type, w.priority, w.plan_version, w.est_minutes, w.status, s.login, d.code,
	    (SELECT group_concat(item, ',') FROM (SELECT item FROM checklist_result c WHERE c.workorder_id = w.id ORDER BY n))
	    FROM workorder w JOIN staff s ON s.id = w.assignee_id JOIN department d ON d.id = w.dept_id WHERE w.id = 1")"
is "the assignment is an event" "new assign" "$(sql "SELECT group_concat(event, ' ') FROM event WHERE entity = 'workorder' AND entity_id = 1")"
is "hourly keys have the time; due at the slot" "2027-01-01 08:00|2027-01-01 00:00:00 2027-01-01 12:00|2027-01-01 04:00:00 2027-01-01 16:00|2027-01-01 08:00:00" \
	"$(sql "SELECT group_concat(occurrence || '|' || datetime(fix_due, 'unixepoch'), ' ') FROM (SELECT * FROM workorder WHERE occurrence LIKE '% %' ORDER BY occurrence)")"
ok "list shows them as plan jobs" env PM_NOW="2027-01-01 02:00" pm-workorder list --source plan -o id
is "all six" 6 "$(wc -l < "$T/.out")"

# completion: one job out at a time
ok "later, the first still open" env PM_NOW="2027-01-20 01:00" pm-workorder plan run --list
cid=$(sql "SELECT w.id FROM workorder w JOIN plan_item i ON i.id = w.plan_item_id WHERE i.key = 'lift-c'")
is "no second completion job while the first is out" 1 "$(sql "SELECT count(*) FROM workorder w JOIN plan_item i ON i.id = w.plan_item_id WHERE i.key = 'lift-c'")"
out_has "the calendar lift goes on: 16 January" "	lift	sunny	ELV-1	.*	2027-01-16	"
PM_NOW="2027-01-20 09:00" q pm-workorder assign --to wang "W$cid"
PM_NOW="2027-01-20 09:00" q pm-workorder start "W$cid"
PM_NOW="2027-01-20 10:00" q pm-workorder done --work 保养完成 "W$cid"
ok "the day before the next" env PM_NOW="2027-02-03 01:00" pm-workorder plan run --list
is "nothing yet: 15 days after the completion is 4 February" "" "$(grep lift-c "$T/.out")"
ok "on it" env PM_NOW="2027-02-04 01:00" pm-workorder plan run --list
out_has "one period after the completion" "	lift-c	sunny	ELV-1	.*	2027-02-04	W"

# a changed item: only the occurrences not made yet
ok "fire through February" env PM_NOW="2027-02-10 01:00" pm-workorder plan run
is "5 January and 5 February" "2027-01-05 2027-02-05" "$(sql "SELECT group_concat(occurrence, ' ') FROM (SELECT occurrence FROM workorder WHERE plan_item_id = 3 ORDER BY 1)")"
PM_NOW="2027-02-10 02:00" plan "monthly 20" "$pump"
ok "run after the change" env PM_NOW="2027-03-31 01:00" pm-workorder plan run
is "the jobs made stay; the new rule from there on, version 2" "2027-01-05/1 2027-02-05/1 2027-02-20/2 2027-03-20/2" \
	"$(sql "SELECT group_concat(occurrence || '/' || plan_version, ' ') FROM (SELECT * FROM workorder WHERE plan_item_id = 3 ORDER BY occurrence)")"

# retired equipment drops out; new equipment comes in from its install date
PM_NOW="2027-03-31 09:00" q pm-workorder equip retire --reason 报废 ELV-2
PM_NOW="2027-03-31 09:00" q pm-workorder equip new --kind 电梯/货梯 --installed 2027-04-10 ELV-3
ok "April" env PM_NOW="2027-04-30 01:00" pm-workorder plan run
is "ELV-2: nothing after March" 0 "$(sql "SELECT count(*) FROM workorder w JOIN equipment e ON e.id = w.equipment_id WHERE e.code = 'ELV-2' AND occurrence > '2027-04'")"
is "ELV-3: from its install date, not from January" "2027-04-16" \
	"$(sql "SELECT group_concat(occurrence, ' ') FROM (SELECT occurrence FROM workorder w JOIN equipment e ON e.id = w.equipment_id WHERE e.code = 'ELV-3' ORDER BY 1)")" 
# a removed item stops
PM_NOW="2027-05-01 09:00" plan "monthly 20" ""
n=$(sql "SELECT count(*) FROM workorder WHERE occurrence LIKE '% %'")
ok "after the pump item is gone" env PM_NOW="2027-05-10 01:00" pm-workorder plan run
is "no more pump slots" "$n" "$(sql "SELECT count(*) FROM workorder WHERE occurrence LIKE '% %'")"

# refusals
fails 64 "a bad date" pm-workorder plan run --through 2027-02-30
fails 64 "no operands" pm-workorder plan run x
PM_USER=zhao fails 77 "plan.run is the maintenance department's" pm-workorder plan run
is "the refusal made nothing" "$n" "$(sql "SELECT count(*) FROM workorder WHERE occurrence LIKE '% %'")"
done_testing
