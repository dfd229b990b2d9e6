#!/bin/sh
# pm-report monthly: complaints.in_time and maintenance.planned_on_time
# judge a resolution (a job done) by the limit in force when it was made
# (the due time the record's timeline held then), not by the one a later
# reopen set: last month's figure does not change when a contact or a
# planned job is reopened this month.  Each month counts its own
# records' outcome at its end: the contacts received in it, the planned
# jobs whose occurrence falls in it.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
REPORT_CONFIG_EXTRA='complaint:
  limits:
    - { respond: 1h, resolve: 1d, clock: calendar }
workorder:
  limits:
    - { on_site: 1h, fixed: 1d, clock: calendar }'
report_config && report_org && report_site S1 || _notok "setup"
export PM_NOW="2026-12-02 09:00"
q() { "$@" >"$T/.q" 2>"$T/.err" || _notok "setup: $* ($(cat "$T/.err"))"; }
c() { pm-complaint new --site S1 --place 大堂 --text "$1" --received "$2" 2>"$T/.err" ||
	_notok "setup: contact $1"; }
resolve() { q pm-complaint assign "$1" --dept maint --to wang --at "$2"
	q pm-complaint start "$1" --at "$2"
	q pm-complaint resolve "$1" --result 已处理 --at "$2"; }
fig() { pm-report monthly --month "$1" -o json |
	jq -r --arg k "$2" '.figures[$k].cur | if . == null then "-" elif has("num")
	    then "\(.num)/\(.den)" else "\(.n)" end'; }

# ---- October: every contact due a day after it came in -----------------
c1=$(c 灯坏 "2026-10-10 09:00")
resolve "$c1" "2026-10-10 12:00"             # in time
c2=$(c 门坏 "2026-10-20 09:00")
resolve "$c2" "2026-10-25 09:00"             # four days late
c3=$(c 漏水 "2026-10-30 09:00")              # due 10-31 09:00, open at the month's end

# planned jobs: two items of one plan in October, each fixed a day after
# its occurrence
q pm-workorder equip new PMP-1 --site S1 --kind 给排水/生活水泵 --dept maint
q pm-workorder equip new FAN-1 --site S1 --kind 暖通/空调机组 --dept maint
cat >plan.yaml <<YAML
plan: p1
site: S1
items:
  - key: a
    title: 水泵保养
    task: 保养
    equipment: [PMP-1]
    recurrence: every 30 days
    start: 2026-10-05
    dept: maint
    person: wang
  - key: b
    title: 风机保养
    task: 保养
    equipment: [FAN-1]
    recurrence: every 30 days
    start: 2026-10-10
    dept: maint
    person: wang
YAML
q pm-workorder plan load plan.yaml
PM_NOW="2026-10-01 08:00" q pm-workorder plan run --through 2026-10-31
job() { PM_NOW="2026-10-01 08:00" pm-workorder plan due --plan p1 --within 40d -o json |
	jq -r --arg o "$1" 'select(.occurrence == $o) | .job'; }
j1=$(job 2026-10-05) j2=$(job 2026-10-10)
is "two planned jobs" "2" "$(printf '%s\n' $j1 $j2 | grep -c '^W')"
done_job() { q pm-workorder start "$1" --at "$2"
	q pm-workorder --as wang done "$1" --work 保养 --at "$3"; }
done_job "$j1" "2026-10-05 09:00" "2026-10-05 10:00"      # on time
done_job "$j2" "2026-10-12 09:00" "2026-10-15 09:00"      # late
q pm-workorder --as zhao verify "$j1" --at "2026-10-06 09:00"
q pm-workorder --as zhao verify "$j2" --at "2026-10-16 09:00"

# October's report at its end: C1 in time, C2 late, C3 due and open;
# J1 on time, J2 late
oct_in=$(PM_NOW="2026-11-01 08:00" fig 2026-10 complaints.in_time)
oct_on=$(PM_NOW="2026-11-01 08:00" fig 2026-10 maintenance.planned_on_time)
is "October at its end: in_time" "1/3" "$oct_in"
is "October at its end: planned_on_time" "1/2" "$oct_on"

# ---- November: every one of them reopened (a new limit a day on) -----
q pm-complaint reopen "$c1" --reason 又坏 --at "2026-11-05 09:00"
resolve "$c1" "2026-11-20 09:00"             # late against the reopen's limit
q pm-complaint reopen "$c2" --reason 又坏 --at "2026-11-02 09:00"
resolve "$c2" "2026-11-02 12:00"             # in time against the reopen's
resolve "$c3" "2026-11-01 10:00"
q pm-complaint reopen "$c3" --reason 又漏 --at "2026-11-01 11:00"
resolve "$c3" "2026-11-01 12:00"
# November's own: C4 in time, reopened, then late; C5 in time
c4=$(c 电梯 "2026-11-10 09:00")
resolve "$c4" "2026-11-10 10:00"
q pm-complaint reopen "$c4" --reason 又停 --at "2026-11-12 09:00"
resolve "$c4" "2026-11-15 09:00"
c5=$(c 绿化 "2026-11-20 09:00")
resolve "$c5" "2026-11-20 10:00"
q pm-workorder reopen "$j1" --reason 又响 --at "2026-11-05 09:00"
done_job "$j1" "2026-11-19 09:00" "2026-11-20 09:00"      # late against the reopen's
q pm-workorder reopen "$j2" --reason 又响 --at "2026-11-03 09:00"
done_job "$j2" "2026-11-03 09:30" "2026-11-03 10:00"      # in time against the reopen's

is "October after the reopens: in_time as it was" "1/3" "$(fig 2026-10 complaints.in_time)"
is "October after the reopens: planned_on_time as it was" "1/2" \
	"$(fig 2026-10 maintenance.planned_on_time)"
is "the reopened jobs stay October's" "2" "$(fig 2026-10 maintenance.planned_due)"
# November's contacts: C4's resolution in force (late against the
# limit its reopen set), C5 in time; the October contacts are October's
is "November: in_time" "1/2" "$(fig 2026-11 complaints.in_time)"
is "November: no planned job of its own" "0 -" \
	"$(fig 2026-11 maintenance.planned_due) $(fig 2026-11 maintenance.planned_on_time)"
# the month still running: C4 as of the 13th, reopened and due on the
# 13th 09:00: open, not yet due (C5 not yet received)
is "mid-November: C4 reopened, not yet due" "0/0" \
	"$(PM_NOW="2026-11-13 08:00" fig 2026-11 complaints.in_time | sed 's/^-$/0\/0/')"
done_testing
