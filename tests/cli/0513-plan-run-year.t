#!/bin/sh
# pm-workorder plan run, the issue's must-be-true: a plan with a lift
# every 15 days, a monthly fire check and a half-yearly water-tank clean,
# run by `plan run` day by day over 2027 as a daily cron job would (the
# clock, PM_NOW, moving a day at a time: 365 runs), makes exactly the
# jobs `plan calendar --year 2027` lists and the dates computed here with
# date(1) — no gap, no duplicate; a rerun and a run over the same days
# again make nothing.  (Under PM_VALGRIND=1 the loop steps a week.)
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new wang --name 王师傅 --roles maint --dept maint
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-workorder equip new --kind 电梯/客梯 ELV-1
q pm-workorder equip new --kind 电梯/货梯 ELV-2
q pm-workorder equip new --kind 消防/火灾报警控制器 FA-1
q pm-workorder equip new --kind 给排水/水箱 TANK-1
export PM_USER=wang
cat > plan.yaml <<'Y'
plan: maint-2027
title: 2027 年度设备维保计划
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
    minutes: 120
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
q pm-workorder plan load plan.yaml

# what the plan says, computed apart from pm: item equipment date
{
	i=0
	while :; do
		d=$(date -u -d "2027-01-01 +$((15 * i)) days" +%F)
		[ "${d%%-*}" = 2027 ] || break
		printf 'lift ELV-1 %s\nlift ELV-2 %s\n' "$d" "$d"
		i=$((i + 1))
	done
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do printf 'fire FA-1 2027-%s-05\n' "$m"; done
	printf 'tank TANK-1 2027-03-01\ntank TANK-1 2027-09-01\n'
} | sort > expected
is "the expectation: 25 lift services each, 12 fire checks, 2 cleans" 64 "$(wc -l < expected)"

ok "the calendar" pm-workorder plan calendar --year 2027
awk -F '\t' '{ print $6, $8, $11 }' "$T/.out" | sort > calendar
same_file "the calendar is the plan" expected calendar

# a year of daily runs at 01:00 (the cron line of pm-workorder(1))
step=1
[ "${PM_VALGRIND:-0}" = 1 ] && step=7
fails=0 day=0
while [ $day -lt 365 ]; do
	d=$(date -u -d "2027-01-01 +$day days" +%F)
	PM_NOW="$d 01:00" pm-workorder plan run > run.out 2> run.err || fails=$((fails + 1))
	[ -s run.out ] || [ -s run.err ] && fails=$((fails + 1))
	day=$((day + step))
done
is "every run succeeded, quietly" 0 "$fails"
# the last lift services of the year fall within the lead of 31 December
PM_NOW="2027-12-31 01:00" pm-workorder plan run
jobs() {
	sqlite3 "$PM_DB" "SELECT i.key, e.code, w.occurrence FROM workorder w
	    JOIN plan_item i ON i.id = w.plan_item_id JOIN equipment e ON e.id = w.equipment_id" |
	    tr '|' ' ' | sort
}
jobs > made
same_file "the jobs are the calendar: no gap, no duplicate" calendar made
is "one job an occurrence" 64 "$(sqlite3 "$PM_DB" "SELECT count(DISTINCT plan_item_id || equipment_id || occurrence) FROM workorder")"

# each made when its day came, not before: reported on the day it falls
# less the lead (the first run on 1 January made the first ones), due by
# the end of it
is "made on time" "" "$(sqlite3 "$PM_DB" "SELECT w.id FROM workorder w JOIN plan_item i ON i.id = w.plan_item_id
    WHERE date(w.reported_at + 8 * 3600, 'unixepoch') <>
        max('2027-01-01', date(unixepoch(w.occurrence) - i.lead, 'unixepoch')) AND $step = 1")"
is "due at the end of the day" "" "$(sqlite3 "$PM_DB" "SELECT id FROM workorder
    WHERE fix_due <> unixepoch(occurrence, '+1 day') - 8 * 3600 OR on_site_due <> fix_due")"

# again: nothing more
ok "rerun" env PM_NOW="2027-12-31 02:00" pm-workorder plan run
quiet "quiet"
ok "the whole year again at once" env PM_NOW="2027-12-31 03:00" pm-workorder plan run --through 2027-12-31 --list
out_is "makes nothing" ""
jobs > again
same_file "the same jobs" made again
done_testing
