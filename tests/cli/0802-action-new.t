#!/bin/sh
# pm-action new: an improvement action with its responsible person, from
# each kind of source (a meeting, a contact, a work order, a month's
# report); the due date (a date is the end of that day; action.limits
# otherwise); the links both ways; every refusal.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new gone --name 离职 --roles maint --dept maint >/dev/null 2>&1
pm-org staff deactivate gone >/dev/null
pm-action meeting new --title 维修部总结会 --dept maint --date 2026-11-28 --site sunny >/dev/null
pm-complaint new --site sunny --text 电梯困人 >/dev/null
pm-workorder new --site sunny --title 照明损坏 >/dev/null
f() { pm-action -o json show "$1" | jq -r ".$2"; }

ok "from a meeting" pm-action new --text "电梯困人应急演练每月一次" --owner wang --source meeting:G1 --due 2026-12-10
out_is "prints the ID" A1
is "due by the end of the day" "2026-12-10T23:59:59+08:00" "$(f A1 due_end)"
is "open" open "$(f A1 status)"
is "the owner's department" maint "$(f A1 dept)"
is "the meeting's site" sunny "$(f A1 site)"
is "source" G1 "$(f A1 source)"
is "the meeting links it" "A1 action to open" "$(pm-action -o json meeting show G1 | jq -r '.links[] | "\(.id) \(.rel) \(.dir) \(.status)"')"
ok "the minutes' form MT1" pm-action new --text 照明巡检 --owner wang --source meeting:MT1 --due "2026-12-05 18:00"
is "a time as given" "2026-12-05T18:00:00+08:00" "$(f A2 due_end)"
ok "G1 alone" pm-action new --text 复查 --owner wang --source G1 --due +3d
is "an offset from now" "2026-12-03T09:00:00+08:00" "$(f A3 due_end)"
pm-action meeting issue G1 --text "电梯困人30分钟" >/dev/null
ok "from one issue of the meeting" pm-action new --text 困人演练 --owner wang --source G1#1 --due 2026-12-20
is "the issue's reference" "G1#1" "$(pm-action -o json show A4 | jq -r .source)"
is "listed by the meeting" "A4 A3 A2 A1" "$(pm-action list --source G1 -o id | tr '\n' ' ' | sed 's/ $//')"
is "listed by the issue" "A4" "$(pm-action list --source meeting:G1#1 -o id)"
fails 66 "an issue the meeting does not have" pm-action new --text x --owner wang --source G1#2
err_has "says so" "meeting G1 has no issue #2"
fails 64 "an issue of a contact" pm-action new --text x --owner wang --source C1#1
pm-action cancel A4 --reason 测试 >/dev/null
ok "from a contact" pm-action new --text 回访制度 --owner li --source C1
is "action.limits default: 14 days" "2026-12-14T09:00:00+08:00" "$(f A5 due_end)"
is "the contact shows it" "A5 action" "$(pm-complaint -o json show C1 | jq -r '.links[] | "\(.id) \(.rel)"')"
is "the contact's site" sunny "$(f A5 site)"
ok "from a work order" pm-action new --text 灯具换LED --owner wang --source W1 --site moon
is "the job shows it" "A6" "$(pm-workorder -o json show W1 | jq -r '.links[] | select(.rel == "action") | .id')"
is "--site given wins" moon "$(f A6 site)"
ok "from a month's report" pm-action new --text 收缴率提升 --owner li --source report:2026-10
is "report: 30 days" "2026-12-30T09:00:00+08:00" "$(f A7 due_end)"
is "source" report:2026-10 "$(f A7 source)"
ok "text from stdin" sh -c 'echo 多行措施 | pm-action new --text - --owner li --source report:2026-11'
is "stdin text" 多行措施 "$(f A8 text)"
is "the new event" "new" "$(pm-action -o json show A1 | jq -r '[.events[].event] | join(" ")')"
is "audited" 1 "$(pm-admin audit --entity action -o json 2>/dev/null | jq -r 'select(.entity_id == "A1") | .action' | grep -c new)"

# action.limits from config
mkdir -p "$T/config/pm"
printf 'action:\n  limits:\n    - { source: contact, due: 3d, clock: business }\n    - { due: 10d }\n' >"$T/config/pm/config.yaml"
ok "config check" pm-admin config
ok "a contact's action in working days" pm-action new --text 改进 --owner li --source C1
is "3 working days from Monday 09:00" "2026-12-03T09:00:00+08:00" "$(f A9 due_end)"
ok "others: 10d" pm-action new --text 改进 --owner li --source report:2026-11
is "10 days" "2026-12-10T09:00:00+08:00" "$(f A10 due_end)"
printf 'action:\n  limits:\n    - { source: nonsense, due: 3d }\n' >"$T/config/pm/config.yaml"
fails 78 "a rule naming an unknown source kind" pm-action new --text x --owner li --source C1
rm "$T/config/pm/config.yaml"

# refusals
fails 64 "text required" pm-action new --owner li --source C1
fails 64 "owner required" pm-action new --text x --source C1
fails 64 "source required" pm-action new --text x --owner li
fails 64 "a malformed source" pm-action new --text x --owner li --source meeting:
err_has "says the forms" "meeting:G3 \(G3#2: its second issue\), an ID"
fails 64 "a bad month" pm-action new --text x --owner li --source report:2026-13
fails 64 "a relative month is no record" pm-action new --text x --owner li --source report:last
fails 64 "junk" pm-action new --text x --owner li --source C1x
fails 64 "a bad date" pm-action new --text x --owner li --source C1 --due 2026-02-30
fails 65 "a kind actions are not made from" pm-action new --text x --owner li --source E1
err_has "names the kind" "E1: actions are not made from records of this kind"
fails 66 "no such hazard" pm-action new --text x --owner li --source H7
fails 66 "no such meeting" pm-action new --text x --owner li --source meeting:G9
fails 66 "no such contact" pm-action new --text x --owner li --source C9
fails 66 "no such work order" pm-action new --text x --owner li --source W9
fails 66 "no such owner" pm-action new --text x --owner nobody --source C1
fails 65 "a deactivated owner" pm-action new --text x --owner gone --source C1
fails 65 "a due time passed" pm-action new --text x --owner li --source C1 --due 2026-11-29
fails 66 "no such site" pm-action new --text x --owner li --source C1 --site nope
fails 77 "a member may not set actions" env PM_USER=wang pm-action new --text x --owner li --source C1
is "nothing written by the refusals" 9 "$(pm-action list -o id | wc -l | tr -d ' ')"
done_testing
