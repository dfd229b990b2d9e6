#!/bin/sh
# pm-workorder: a fault job through assign, start, pause, resume, done,
# verify under a fixed clock; times, paused time, overdue state; the
# worker may not accept their own job; JSON of every verb.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new li --name 李师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
export PM_USER=wang
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }
f() { pm-workorder -o json show "$1" | jq -r ".$2"; }

ok "new" pm-workorder new --title "3号楼电梯困人" --type 电梯/困人 --place 3号楼2号梯
out_is "prints the ID" W1
is "urgent from the type" urgent "$(f W1 priority)"
is "on site within 30min" "2026-11-30T09:30:00+08:00" "$(f W1 on_site_due)"
is "fixed within 4h" "2026-11-30T13:00:00+08:00" "$(f W1 fix_due)"
is "due: on site first" "2026-11-30T09:30:00+08:00" "$(f W1 due)"
fails 65 "start before assign" pm-workorder start W1
err_has "says what first" "assign it first"
PM_NOW="2026-11-30 09:40"; export PM_NOW
j pm-workorder assign W1 --to wang --at "2026-11-30 09:05"
is "dept from the assignee" maint "$(f W1 dept)"
ok "overdue on site" pm-workorder list --overdue -o id
out_is "W1 is late on site" W1
j pm-workorder start W1 --at "2026-11-30 09:25"
is "response time kept" "2026-11-30T09:25:00+08:00" "$(f W1 started)"
ok "no longer overdue" pm-workorder list --overdue -o id
out_is "none" ""
fails 64 "pause needs a reason" pm-workorder pause W1
j pm-workorder pause W1 --reason 等门机板
is "paused" paused "$(f W1 status)"
is "no due time while paused" null "$(f W1 due)"
PM_NOW="2026-11-30 14:00"
ok "paused is not overdue" pm-workorder list --overdue -o id
out_is "none while paused" ""
fails 65 "done while paused" pm-workorder done W1 --work x
j pm-workorder resume W1
is "paused seconds: 09:40 to 14:00" 15600 "$(f W1 paused_s)"
is "fix due moved by the pause" "2026-11-30T17:20:00+08:00" "$(f W1 fix_due)"
j pm-workorder log W1 --text "门机板到货"
fails 64 "log needs text" pm-workorder log W1
PM_NOW="2026-11-30 15:00"
j pm-workorder done W1 --work "更换门机板" --minutes 90 --part "门机板:1:1,200.00" --part "螺丝:10:0.5" --cost 1500
is "parts in fen" 120500 "$(f W1 parts_fen)"
is "cost given" 150000 "$(f W1 cost_fen)"
is "worker" wang "$(f W1 worker)"
is "parts array" "门机板 1 120000,螺丝 10 50" "$(pm-workorder -o json show W1 | jq -r '[.parts[] | "\(.name) \(.qty) \(.price_fen)"] | join(",")')"
fails 65 "the worker may not verify" pm-workorder verify W1
err_has "says why" "acceptance is by someone else"
j env PM_USER=zhao pm-workorder verify W1
is "verified" verified "$(f W1 status)"
is "verifier" zhao "$(f W1 verifier)"
is "timeline" "new assign start pause resume log done verify" \
	"$(pm-workorder -o json show W1 | jq -r '[.events[].event] | join(" ")')"
ok "show" pm-workorder show W1
out_has "show lists the timeline" "	verify	"
is "not listed once verified" "" "$(pm-workorder list -o id)"
is "listed with --all" W1 "$(pm-workorder list --all -o id)"

# verify --fail sends it back; reopen; cancel
pm-workorder new --title 漏水 --unit 3-2-1502 --type 给排水/漏水 >/dev/null
pm-workorder assign W2 --to li >/dev/null
PM_USER=li pm-workorder start W2 >/dev/null
PM_USER=li pm-workorder done W2 --work 修好 >/dev/null
fails 64 "fail needs a reason" env PM_USER=zhao pm-workorder verify W2 --fail
j env PM_USER=zhao pm-workorder verify W2 --fail --reason 仍在滴水
is "back to the worker" reopened "$(f W2 status)"
fails 65 "verify a reopened job" env PM_USER=zhao pm-workorder verify W2
err_has "names the state" "W2 is reopened"
j pm-workorder cancel W2 --reason 业主自行维修
fails 64 "cancel needs a reason" pm-workorder cancel W2
fails 65 "cancel twice" pm-workorder cancel W2 --reason x
j env PM_USER=zhao pm-workorder reopen W2 --reason 业主要求
is "reopened" reopened "$(f W2 status)"
fails 65 "reopen an open one" env PM_USER=zhao pm-workorder reopen W2 --reason x

# errors: nothing written but refusals
before=$(pm-admin audit | wc -l)
fails 66 "unknown ID" pm-workorder start W99
fails 66 "unknown ID from stdin" sh -c 'echo W98 | pm-workorder log - --text x'
fails 64 "a contact ID is no job" pm-workorder start C1
fails 64 "no IDs" pm-workorder start
fails 64 "no title" pm-workorder new --type 其他
fails 65 "unknown type" pm-workorder new --title x --type 电梯/飞碟
fails 64 "bad priority" pm-workorder new --title x --priority soon
fails 66 "unknown equipment" pm-workorder new --title x --equip NOPE
fails 66 "unknown unit" pm-workorder new --title x --unit 9-9-9
fails 64 "unit and place" pm-workorder new --title x --unit 3-2-1502 --place 大堂
fails 65 "future reported" pm-workorder new --title x --reported +1d
fails 65 "at in the future" pm-workorder log W2 --text x --at +1h
fails 65 "at before reported" pm-workorder log W2 --text x --at "2026-11-01 09:00"
fails 77 "service may not open jobs" env PM_USER=kefu pm-workorder new --title x
fails 77 "service may not work on jobs" env PM_USER=kefu pm-workorder log W2 --text x
is "nothing written but the refusals" $((before + 2)) "$(pm-admin audit | wc -l)"
done_testing
