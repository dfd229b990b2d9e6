#!/bin/sh
# pm-workorder plan load / list / show: a plan file loaded, reloaded
# unchanged, changed (fields named, version + 1), an item removed
# (deactivated), -n, and every refusal with file:line:col.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
equip() { pm-workorder equip new "$2" --site "$1" --kind "$3" >/dev/null || echo "equip new $2 failed"; }
equip sunny ELV-1 电梯/客梯
equip sunny ELV-2 电梯/货梯
equip sunny FP-1 消防/消防泵
equip sunny TANK-1 给排水/水箱
equip moon ELV-9 电梯/客梯
export PM_USER=wang

cat > p.yaml <<'Y'
plan: maint-2027
title: 2027 年度设备维保计划
site: sunny
items:
  - key: lift-upkeep
    title: 电梯半月保养
    task: 维保
    kind: 电梯
    checklist: [曳引机, 制动器, 门锁]
    recurrence: every 15 days
    shift: next
    start: 2027-01-01
    lead: 3d
    dept: maint
    person: wang
    minutes: 120
  - key: fire-pump
    title: 消防泵月检
    task: 月检
    equipment: [FP-1]
    recurrence: monthly 2nd tue
    start: 2027-01-01
    dept: maint
Y
ok "load" pm-workorder plan load p.yaml
out_is "every item added" "$(printf 'maint-2027\tlift-upkeep\tadded\t\tM1\t1\nmaint-2027\tfire-pump\tadded\t\tM2\t1')"
ok "again" pm-workorder plan load p.yaml
out_is "nothing changes, and says so" "$(printf 'maint-2027\tlift-upkeep\tunchanged\t\tM1\t1\nmaint-2027\tfire-pump\tunchanged\t\tM2\t1')"
ok "again, quiet" pm-workorder plan load --quiet p.yaml
out_is "prints nothing" ""
is "one audit row per item" 2 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit WHERE entity = 'plan'")"
ok "list" pm-workorder plan list
out_has "lift item" "^M1	maint-2027	lift-upkeep	sunny	电梯半月保养	维保	电梯	every 15 days	calendar	next	2027-01-01	259200	maint	wang	120	1	1	"
out_has "equipment item" "^M2	maint-2027	fire-pump	sunny	消防泵月检	月检	FP-1	monthly 2nd tue	calendar	none	2027-01-01	0	maint		"
ok "show by key" pm-workorder plan show lift-upkeep
out_has "one row" "^M1	maint-2027	lift-upkeep"
ok "show by plan:key" pm-workorder plan show maint-2027:fire-pump
out_has "that one" "^M2	"
ok "show by id" pm-workorder plan show M2
fails 66 "show: no such item" pm-workorder plan show nosuch
ok "show json" pm-workorder plan show M1 -o json
is "checklist in json" '["曳引机","制动器","门锁"]' "$(jq -c .checklist "$T/.out")"

# a changed file: the lift item changes, the fire pump goes, a new one comes
sed -e 's/every 15 days/every 14 days/' -e 's/lead: 3d/lead: 2d/' p.yaml | sed '/- key: fire-pump/,$d' > p2.yaml
cat >> p2.yaml <<'Y'
  - key: tank
    title: 水箱清洗消毒
    task: 清洗消毒
    equipment: [TANK-1]
    recurrence: half-yearly 03-01
    start: 2027-01-01
    dept: maint
Y
ok "-n changed" pm-workorder -n plan load p2.yaml
out_has "says what would change" "lift-upkeep	changed	recurrence,lead	M1	2"
ok "-n changed nothing" pm-workorder plan show M1
out_has "still 15 days" "every 15 days"
ok "load changed" pm-workorder plan load p2.yaml
out_is "changed, added, removed" "$(printf 'maint-2027\tlift-upkeep\tchanged\trecurrence,lead\tM1\t2\nmaint-2027\ttank\tadded\t\tM3\t1\nmaint-2027\tfire-pump\tremoved\t\tM2\t1')"
is "audit has before and after" '{"recurrence":"every 15 days","lead":"259200"} {"recurrence":"every 14 days","lead":"172800"}' \
	"$(sqlite3 "$PM_DB" "SELECT before || ' ' || after FROM audit WHERE entity = 'plan' AND action = 'set'")"
ok "list: active only" pm-workorder plan list -o id
out_is "M1 M3" "$(printf 'M1\nM3')"
ok "list --all" pm-workorder plan list --all -o id
out_is "M2 too" "$(printf 'M2\nM1\nM3')"
ok "back again" pm-workorder plan load p.yaml
out_has "reactivated, same id" "fire-pump	reactivated		M2	2"
is "never deleted" 3 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM plan_item")"

# refusals: file:line:col, nothing written
n0=$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit")
bad() { printf '%s\n' "$@" > bad.yaml; }
base='plan: x'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: every 15 days' '    start: 2027-01-01' '    dept: maint' '    colour: red'
fails 65 "unknown key" pm-workorder plan load bad.yaml
err_has "file:line:col" '^pm-workorder: bad.yaml:10:5: unknown key colour'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: every 0 days' '    start: 2027-01-01' '    dept: maint'
fails 65 "bad recurrence" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:7:17: recurrence at column 7: the number of days must be 1..3660'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: daily' '    start: 2027-02-30' '    dept: maint'
fails 65 "bad date" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:8:12: expected a date YYYY-MM-DD'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    title: u'
fails 65 "duplicate key" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:7:5: '
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    recurrence: daily' '    start: 2027-01-01' '    dept: maint'
fails 65 "neither kind nor equipment" pm-workorder plan load bad.yaml
err_has "says so" 'bad.yaml:3:5: item a needs either kind or equipment'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: weekly mon,thu' '    anchor: completion' '    start: 2027-01-01' '    dept: maint'
fails 65 "completion without a period" pm-workorder plan load bad.yaml
err_has "says so" 'item a: a weekly rule on several days'
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    minutes: many' '    recurrence: daily' '    start: 2027-01-01' '    dept: maint'
fails 65 "wrong type" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:7:14: '
bad "$base" 'items: [' 
fails 65 "bad YAML" pm-workorder plan load bad.yaml
err_has "file:line:col" 'bad.yaml:3:1: '
bad "$base" 'items:' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: daily' '    start: 2027-01-01' '    dept: maint' '  - key: a' '    title: t' '    task: 维保' '    kind: 电梯' '    recurrence: daily' '    start: 2027-01-01' '    dept: maint'
fails 65 "an item key twice" pm-workorder plan load bad.yaml
err_has "says so" 'bad.yaml:10:5: item key a twice \(first at line 3\)'
# the database's side: site, department, person, equipment, kind
item() { bad 'plan: x' 'site: sunny' 'items:' '  - key: a' '    title: t' '    task: 维保' "    $1" '    recurrence: daily' '    start: 2027-01-01' "    dept: ${2:-maint}" "${3:-}"; }
item 'equipment: [ELV-1, NOPE]'
fails 66 "unknown equipment" pm-workorder plan load bad.yaml
err_has "says which, where" 'bad.yaml:7:24: site sunny: equipment NOPE: no such equipment'
item 'equipment: [ELV-9]'
fails 66 "equipment of another site" pm-workorder plan load bad.yaml
item 'kind: 暖通'
fails 65 "a site with no such kind" pm-workorder plan load bad.yaml
err_has "says so" 'bad.yaml:7:11: no equipment of kind 暖通 at site sunny'
item 'kind: 电梯' nosuch
fails 66 "unknown department" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:10:11: .*nosuch'
item 'kind: 电梯' maint '    person: nobody'
fails 66 "unknown login" pm-workorder plan load bad.yaml
err_has "says where" 'bad.yaml:11:13: .*nobody'
item 'kind: 电梯' maint '    site: nowhere'
fails 66 "unknown site" pm-workorder plan load bad.yaml
fails 66 "missing file" pm-workorder plan load nosuch.yaml
fails 64 "no file" pm-workorder plan load
is "nothing written by any refusal" "$n0" "$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit")"
PM_USER=admin pm-org staff new zhao --name 赵 --roles service --dept service >/dev/null 2>&1
PM_USER=zhao fails 77 "load needs plan.load" pm-workorder plan load p.yaml
done_testing
