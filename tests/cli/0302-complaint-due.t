#!/bin/sh
# pm-complaint: time limits, --overdue, --due-within, escalation once per
# level, business hours (nights, weekends, holidays), repeat window.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new qian --name 钱主管 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-org dept set maint --head qian >/dev/null
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 1-1-101 --area 90 >/dev/null
export PM_USER=li
# Monday 2026-11-30 09:00
pm-complaint new --category 安全/消防 --text 烟雾报警 --place 地库 >/dev/null
pm-complaint new --category 环境/噪音 --text 装修噪音 >/dev/null
pm-complaint new --kind repair --category 维修/门窗 --text 窗户坏了 --unit 1-1-101 >/dev/null
pm-complaint assign C1 C3 --to wang >/dev/null
due() { pm-complaint -o json show "$1" | jq -r ".$2"; }
is "urgent: 30 minutes" "2026-11-30T09:30:00+08:00" "$(due C1 response_due)"
is "complaint: 1 working day" "2026-12-01T09:00:00+08:00" "$(due C2 response_due)"
is "repair: 4 working hours" "2026-11-30T13:00:00+08:00" "$(due C3 response_due)"
is "priority from the category" urgent "$(due C1 priority)"
ok "due within 1h" pm-complaint list --due-within 1h -o id
out_is "only C1" C1
ok "nothing overdue yet" pm-complaint list --overdue -o id
out_is "empty" ""

export PM_NOW="2026-11-30 10:00"
ok "overdue at 10:00" pm-complaint list --overdue -o id
out_is "exactly C1" C1
before=$(pm-admin audit | wc -l)
ok "escalate -" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
out_is "level 1: the department head" "C1	1	qian"
ok "escalate - again" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
quiet "second run says nothing"
is "and writes one audit row in all" $((before + 1)) "$(pm-admin audit | wc -l)"
is "level recorded" 1 "$(due C1 level)"
ok "json of escalate" sh -c 'pm-complaint list --overdue -o id | pm-complaint -o json escalate -'

export PM_NOW="2026-11-30 14:00"
ok "overdue at 14:00" pm-complaint list --overdue -o id
out_is "C1 and C3, by due time" "C1
C3"
ok "escalate both" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
out_is "only C3 climbs (C1 is within its level)" "C3	1	qian"
export PM_NOW="2026-12-01 10:00"
ok "a day later" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
out_has "C1 to the manager" "^C1	2	zhao$"
out_has "C2 has no department head: the manager takes it" "^C2	1	zhao$"
ok "escalate an explicit ID at its level" pm-complaint escalate C1
quiet "nothing to do"
is "escalations in the timeline" "escalate escalate" "$(pm-complaint -o json show C1 | jq -r '[.events[] | select(.event == "escalate") | .event] | join(" ")')"
pm-complaint start C1 >/dev/null
is "first response moves the deadline to resolution" "2026-11-30T13:00:00+08:00" "$(due C1 due)"
fails 66 "escalate an unknown ID" pm-complaint escalate C404

# business hours: nights, weekends, holidays
export PM_NOW="2026-12-04 17:00"       # a Friday
pm-complaint new --text 周五投诉 >/dev/null
is "Friday 17:00 + 1 working day = Monday 17:00" "2026-12-07T17:00:00+08:00" "$(due C4 response_due)"
pm-complaint new --kind repair --text 周五报修 >/dev/null
is "4 working hours skip the night and the weekend" "2026-12-07T12:00:00+08:00" "$(due C5 response_due)"
mkdir -p config/pm
cat > config/pm/config.yaml <<'Y'
calendar:
  holidays: [2026-12-07]
Y
pm-complaint new --text 假日前投诉 >/dev/null
is "a holiday is skipped" "2026-12-08T17:00:00+08:00" "$(due C6 response_due)"
cat > config/pm/config.yaml <<'Y'
complaint:
  limits:
    - { kind: complaint, respond: 2h, resolve: 1d, clock: calendar }
  repeat_days: 0
Y
pm-complaint new --text 配置的时限 >/dev/null
is "configured limit" "2026-12-04T19:00:00+08:00" "$(due C7 response_due)"
cat > config/pm/config.yaml <<'Y'
complaint:
  limits:
    - { kind: complaint, respond: 2h, resolve: 1d, clcok: calendar }
Y
fails 78 "a typo in a rule" pm-complaint new --text x
err_has "with its position" "config.yaml:3:[0-9]+: unknown key 'clcok'"
cat > config/pm/config.yaml <<'Y'
categories:
  维修:
    sub: { 漏水: urgent, 飞/碟: low }
Y
fails 78 "a bad category name" pm-complaint new --text x
err_has "with its position" "config.yaml:3:[0-9]+: category name"
rm config/pm/config.yaml
done_testing
