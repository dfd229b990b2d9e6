#!/bin/sh
# pm-action meeting: a department work meeting with attendees and
# minutes, the issues raised at it, list (month, dept, site, -o ics) and
# show (timeline, links); every refusal with its exit status.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new gone --name 离职 --roles maint --dept maint >/dev/null 2>&1
pm-org staff deactivate gone >/dev/null
pm-org staff new clerk1 --name 资料员 --roles clerk >/dev/null 2>&1
f() { pm-action -o json meeting show "$1" | jq -r ".$2"; }

printf '一、本月工单完成情况\n二、存在问题\n' >minutes.txt
ok "meeting new" pm-action meeting new --title "11月维修部工作总结会" --dept maint \
	--date "2026-11-28 15:00" --site sunny --attendee wang --attendee li --attendee wang \
	--minutes minutes.txt
out_is "prints the ID" G1
is "held" "2026-11-28T15:00:00+08:00" "$(f G1 held)"
is "attendees once each, by login" "li,wang" "$(pm-action meeting show G1 -o json | jq -r '.attendees | join(",")')"
is "minutes kept (the file's last newline dropped)" "$(printf '一、本月工单完成情况\n二、存在问题')" "$(f G1 minutes)"
ok "company-wide, minutes from stdin" sh -c 'echo 纪要 | pm-action meeting new --title 客服部例会 --dept service --date 2026-11-03 --minutes -'
out_is "G2" G2
is "no site" null "$(f G2 site)"
ok "issue" pm-action meeting issue G1 --text "电梯困人响应慢"
out_is "prints its reference" "G1#1"
ok "a bare number is a meeting" pm-action meeting issue 1 --text "楼道照明损坏多"
out_is "numbered in the meeting" "G1#2"
is "issues counted" 2 "$(f G1 issues)"
is "the timeline holds them" "new issue issue" "$(pm-action -o json meeting show G1 | jq -r '[.events[].event] | join(" ")')"
is "issue text as the note" "电梯困人响应慢" "$(pm-action -o json meeting show G1 | jq -r '.events[1].note')"
is "audited" "new issue issue" "$(pm-admin audit --entity meeting -o json 2>/dev/null | jq -r "select(.entity_id == \"G1\") | .action" | tr "\n" " " | sed "s/ $//")"

# list
ok "list" pm-action meeting list
out_is "newest first" "$(printf 'G1\t2026-11-28T15:00:00+08:00\tsunny\tmaint\t2\t2\t11月维修部工作总结会\nG2\t2026-11-03T00:00:00+08:00\t\tservice\t0\t0\t客服部例会')"
ok "by department" pm-action meeting list --dept service -o id
out_is "G2" G2
ok "by site" pm-action meeting list --site sunny -o id
out_is "G1" G1
ok "by month" pm-action meeting list --month 2026-10 -o id
out_is "none in October" ""
ok "since" pm-action meeting list --since 2026-11-10 -o id
out_is "G1 only" G1
ok "ics" pm-action meeting list -o ics
out_has "a calendar" "^BEGIN:VEVENT"
out_has "the meeting's time" "^DTSTART:20261128T070000Z"
ok "show -o id" pm-action meeting show G1 -o id
out_is "G1" G1

# refusals
fails 64 "title required" pm-action meeting new --dept maint
fails 64 "dept required" pm-action meeting new --title x
fails 66 "no such department" pm-action meeting new --title x --dept nope
fails 66 "no such site" pm-action meeting new --title x --dept maint --site nope
fails 66 "no such attendee" pm-action meeting new --title x --dept maint --attendee nobody
fails 65 "a deactivated attendee" pm-action meeting new --title x --dept maint --attendee gone
fails 65 "in the future" pm-action meeting new --title x --dept maint --date "2026-12-01"
fails 66 "no minutes file" pm-action meeting new --title x --dept maint --minutes nothere.txt
: >empty.txt
fails 64 "empty minutes" pm-action meeting new --title x --dept maint --minutes empty.txt
fails 64 "a bad date" pm-action meeting new --title x --dept maint --date 2026-02-30
fails 64 "issue text required" pm-action meeting issue G1
fails 66 "issue on no such meeting" pm-action meeting issue G9 --text x
fails 64 "another kind's ID" pm-action meeting issue C1 --text x
fails 66 "show no such meeting" pm-action meeting show G9
err_has "says which" "meeting G9: no such meeting"
fails 77 "a clerk may not record meetings" env PM_USER=clerk1 pm-action meeting new --title x --dept maint
fails 77 "nor issues" env PM_USER=clerk1 pm-action meeting issue G1 --text x
fails 77 "a department role needs action.meeting" env PM_USER=li pm-action meeting new --title 周会 --dept service
err_has "names it" "needs permission action.meeting"
ok "granted to the role" pm-org role set service --add-perm action.meeting
ok "then it may" env PM_USER=li pm-action meeting new --title 周会 --dept service
is "nothing else written" 3 "$(pm-action meeting list -o id | wc -l | tr -d ' ')"
fails 64 "-o md is a document format" pm-action meeting list -o md
done_testing
