# plan-fixture.sh — the plan of the issue's must-be-true (a lift every
# 15 days, a monthly fire check, a half-yearly water-tank clean) in a new
# database $PM_DB, for the stress suites' plan run cases; sourced.
# plan_jobs prints the jobs made as "item equipment occurrence", sorted.
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
# PLAN_LIFTS lifts (default 2), a fire alarm panel and a tank
awk -v n="${PLAN_LIFTS:-2}" 'BEGIN { print "site,code,kind"
	for (i = 1; i <= n; i++) printf "sunny,ELV-%d,电梯/客梯\n", i
	print "sunny,FA-1,消防/火灾报警控制器"; print "sunny,TANK-1,给排水/水箱" }' > "$T/equipment.csv"
pm-workorder equip import "$T/equipment.csv" >/dev/null
cat > "$T/plan.yaml" <<'Y'
plan: maint-2027
site: sunny
items:
  - key: lift
    title: 电梯半月保养
    task: 维保
    kind: 电梯
    checklist: [曳引机, 制动器, 门锁]
    recurrence: every 15 days
    start: 2027-01-01
    lead: 3d
    dept: maint
    person: wang
  - key: fire
    title: 消防月检
    task: 月检
    kind: 消防
    recurrence: monthly 5
    start: 2027-01-01
    dept: maint
  - key: tank
    title: 水箱清洗消毒
    task: 清洗消毒
    equipment: [TANK-1]
    recurrence: half-yearly 03-01
    start: 2027-01-01
    dept: maint
Y
PM_USER=wang pm-workorder plan load "$T/plan.yaml" >/dev/null
plan_jobs() {
	sqlite3 "${1:-$PM_DB}" "SELECT i.key, e.code, w.occurrence FROM workorder w
	    JOIN plan_item i ON i.id = w.plan_item_id JOIN equipment e ON e.id = w.equipment_id" |
	    tr '|' ' ' | sort
}
plan_calendar() {
	PM_USER=wang pm-workorder plan calendar --year 2027 | awk -F '\t' '{ print $6, $8, $11 }' | sort
}
