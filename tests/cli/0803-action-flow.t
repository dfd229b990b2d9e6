#!/bin/sh
# pm-action: an action through progress, done, verify, reopen, cancel and
# assign under a fixed clock; the owner may not accept their own action
# (65) even holding action.verify; refused transitions name the states;
# history is the follow-up; -o json of every verb.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-org staff new qian --name 钱经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-org staff new gone --name 离职 --roles maint --dept maint >/dev/null 2>&1
pm-org staff deactivate gone >/dev/null
pm-action new --text 照明巡检制度 --owner wang --source report:2026-11 --due 2026-12-10 >/dev/null
pm-action new --text 回访话术 --owner zhao --source report:2026-11 --due 2026-12-10 >/dev/null
f() { pm-action -o json show "$1" | jq -r ".$2"; }
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }

export PM_USER=wang
fails 64 "progress needs a note" pm-action progress A1
err_has "names the option" "--note"
PM_NOW="2026-12-01 10:00"; export PM_NOW
j pm-action progress A1 --note "已排查3栋"
is "in progress" in_progress "$(f A1 status)"
is "prints id status owner" "A1 in_progress wang" "$(jq -r '"\(.id) \(.status) \(.owner)"' "$T/.j")"
ok "more progress" pm-action progress A1 --note "已排查5栋" --at "2026-12-01 09:30"
is "progress counted" 2 "$(f A1 progress_n)"
fails 65 "a time before the action was made" pm-action progress A1 --note x --at "2026-11-01"
fails 65 "a time in the future" pm-action progress A1 --note x --at "2026-12-09"
fails 64 "done needs a result" pm-action done A1
fails 65 "verify before done" env PM_USER=zhao pm-action verify A1
err_has "says what first" "it must be done first"
j pm-action done A1 --result "全部楼栋照明巡检纳入周计划"
is "done" done "$(f A1 status)"
is "the result" "全部楼栋照明巡检纳入周计划" "$(f A1 result)"
is "no due time while awaiting acceptance" null "$(f A1 due)"
fails 65 "progress on a done action" pm-action progress A1 --note x
err_has "the hint" "reopen it first"
fails 77 "the owner lacks action.verify" pm-action verify A1
j env PM_USER=zhao pm-action verify A1 --note 同意
is "verified" verified "$(f A1 status)"
is "verifier" zhao "$(f A1 verifier)"

# the owner may not accept their own, even as a manager
export PM_USER=zhao
ok "the manager's own" pm-action done A2 --result 完成
fails 65 "the owner may not verify" pm-action verify A2
err_has "says why" "zhao owns this action; acceptance is by someone else"
is "still done" done "$(f A2 status)"
ok "another manager may" env PM_USER=qian pm-action verify A2
is "verified by qian" qian "$(f A2 verifier)"

# reopen, cancel, assign
fails 64 "reopen needs a reason" pm-action reopen A1
fails 77 "a member may not reopen" env PM_USER=wang pm-action reopen A1 --reason x
PM_NOW="2026-12-20 10:00"
j pm-action reopen A1 --reason "抽查发现2栋未执行"
is "back in progress" in_progress "$(f A1 status)"
is "reopened once" 1 "$(f A1 reopened)"
is "the passed limit counted again: 30 days from now (report)" "2027-01-19T10:00:00+08:00" "$(f A1 due_end)"
is "due again" "2027-01-19T10:00:00+08:00" "$(f A1 due)"
is "acceptance cleared" null "$(f A1 verifier)"
j pm-action assign A1 --owner li --note 交客服跟进
is "new owner" li "$(f A1 owner)"
is "the owner's department" service "$(f A1 dept)"
fails 64 "assign needs --owner" pm-action assign A1
fails 65 "to a deactivated member" pm-action assign A1 --owner gone
fails 66 "to nobody" pm-action assign A1 --owner nobody
fails 64 "cancel needs a reason" pm-action cancel A1
j pm-action cancel A1 --reason 与A2合并
is "cancelled" cancelled "$(f A1 status)"
fails 65 "cancel twice" pm-action cancel A1 --reason x
err_has "names the states" "cancel works on open, in_progress, done"
fails 65 "assign a cancelled one" pm-action assign A1 --owner wang
fails 65 "verify a cancelled one" env PM_USER=qian pm-action verify A1
ok "reopen a cancelled one" pm-action reopen A1 --reason 误取消
is "in progress again" in_progress "$(f A1 status)"
fails 66 "no such action" pm-action progress A9 --note x
fails 64 "another kind's ID" pm-action progress C1 --note x
fails 66 "show no such action" pm-action show A9
fails 66 "history of no such action" pm-action history A9

# several at once, and from stdin
env PM_USER=admin pm-action new --text 第三项 --owner wang --source report:2026-11 >/dev/null
ok "two IDs" pm-action progress A1 A3 --note x
out_is "a row each" "$(printf 'A1\tin_progress\tli\nA3\tin_progress\twang')"
fails 65 "one refused (A2 is verified): all rolled back" pm-action progress A1 A2 --note y
ok "from stdin" sh -c 'printf "A1\n" | pm-action progress - --note z'

# the owner follows up their own without action.work; others need it
export PM_USER=wang
ok "the owner (maint: no action.work) on his own" pm-action progress A3 --note 自查
fails 77 "on someone else's" pm-action progress A1 --note x
err_has "names the permission" "needs permission action.work"
is "the refusal audited" 1 "$(pm-admin audit --entity permission -o json 2>/dev/null | jq -r 'select(.action == "refused") | .after.perm' | grep -c action.work)"
fails 77 "done on someone else's" pm-action done A1 --result x
export PM_USER=zhao

# history: the follow-up as rows
ok "history" pm-action history A1 -o tsv
is "events in order" "new progress progress done verify reopen assign cancel reopen progress progress" \
	"$(cut -f4 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
is "actors" "admin wang wang wang zhao zhao zhao zhao zhao zhao zhao" "$(cut -f3 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
ok "history -o json" pm-action history A1 -o json
is "json lines" 11 "$(jq -s length "$T/.out")"
is "audit rows of A1" 11 "$(pm-admin audit --entity action -o json 2>/dev/null | jq -r 'select(.entity_id == "A1") | .action' | wc -l | tr -d ' ')"
done_testing
