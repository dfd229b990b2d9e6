#!/bin/sh
# pm-patrol hazard: assign, fix, verify (by someone other than the
# fixer: 65), a failed re-inspection back to pending, log, cancel, reopen,
# IDs from stdin, the refusals of each state, history (the 台账).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new zhou --name 周保安 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new chen --name 陈队长 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new gone --name 离职 --roles security >/dev/null 2>&1
pm-org staff deactivate gone >/dev/null 2>&1
export PM_USER=zhou
f() { pm-patrol -o json hazard show "$1" | jq -r "$2"; }
pm-patrol hazard new --severity 重大 --point N-GATE --text 北门道闸失灵 >/dev/null
pm-patrol hazard new --place 2号楼大堂 --text 大堂地面破损 >/dev/null

# assign
ok "assign to a person" pm-patrol hazard assign H1 --to chen
out_is "id status owner due" "H1	pending	chen	2026-12-01T09:00:00+08:00"
is "and their department" security "$(f H1 .dept)"
ok "assign to a department" pm-patrol hazard assign H2 --dept maint
out_is "nobody in person" "H2	pending		2026-12-07T09:00:00+08:00"
fails 64 "assign needs someone" pm-patrol hazard assign H1
fails 66 "no such person" pm-patrol hazard assign H1 --to nobody
fails 65 "a deactivated person" pm-patrol hazard assign H1 --to gone
fails 66 "no such hazard" pm-patrol hazard assign H9 --to chen
PM_USER=wang fails 77 "maintenance may not assign hazards" pm-patrol hazard assign H1 --to chen

# fix and verify
fails 65 "verify before fix" env PM_USER=chen pm-patrol hazard verify H1
err_has "with the next step" "H1 is pending; verify works on rectified: it must be rectified first"
fails 64 "fix needs --action" pm-patrol hazard fix H1
PM_NOW="2026-11-30 10:00" ok "fix" pm-patrol hazard fix H1 --action 更换道闸控制板
out_is "rectified; the re-inspection due in 4h" "H1	rectified	chen	2026-11-30T14:00:00+08:00"
is "the fixer" "zhou 2026-11-30T10:00:00+08:00 更换道闸控制板" "$(f H1 '"\(.fixer) \(.rectified) \(.action)"')"
fails 65 "fix twice" pm-patrol hazard fix H1 --action x
fails 65 "the fixer may not verify" pm-patrol hazard verify H1
err_has "says why" "zhou rectified it; the re-inspection is by someone else"
fails 65 "nor fail it" pm-patrol hazard verify H1 --fail --note x
fails 64 "--fail needs --note" env PM_USER=chen pm-patrol hazard verify H1 --fail
PM_NOW="2026-11-30 11:00" PM_USER=chen ok "a failed re-inspection" pm-patrol hazard verify H1 --fail --note 夜间仍无法抬杆
out_is "back to pending, the deadline standing" "H1	pending	chen	2026-12-01T09:00:00+08:00"
is "counted, with the note" "1 夜间仍无法抬杆" "$(f H1 '"\(.fails) \(.note)"')"
is "no rectification on record" null "$(f H1 .rectified)"
PM_NOW="2026-11-30 12:00" PM_USER=wang fails 77 "maintenance may not fix without hazard.fix" pm-patrol hazard fix H1 --action x
PM_NOW="2026-11-30 12:00" ok "fixed again" pm-patrol hazard fix H1 --action 更换道闸电机
PM_NOW="2026-11-30 13:00" PM_USER=chen ok "verify" pm-patrol hazard verify H1 --note 复查合格
out_is "verified, nothing due" "H1	verified	chen	"
is "the verifier" "chen 2026-11-30T13:00:00+08:00 复查合格" "$(f H1 '"\(.verifier) \(.verified) \(.note)"')"
is "the timeline" "new assign fix fail fix verify" "$(f H1 '[.events[].event] | join(" ")')"
fails 65 "verify twice" env PM_USER=chen pm-patrol hazard verify H1
fails 65 "fix when verified" pm-patrol hazard fix H1 --action x
err_has "reopen it first" "reopen it first"
fails 65 "assign when verified" pm-patrol hazard assign H1 --to chen
fails 65 "a time before it was found" pm-patrol hazard fix H2 --action x --at 2026-11-01
err_has "says when it was found" "before the hazard was found"
fails 65 "a time in the future" pm-patrol hazard fix H2 --action x --at tomorrow

# log, cancel, reopen
ok "log" pm-patrol hazard log H1 --text 业主反映已正常
is "a log event" "log 业主反映已正常" "$(f H1 '.events[-1] | "\(.event) \(.note)"')"
fails 64 "log needs --text" pm-patrol hazard log H1
fails 64 "reopen needs --reason" pm-patrol hazard reopen H1
PM_NOW="2026-12-02 09:00" ok "reopen" pm-patrol hazard reopen H1 --reason 道闸再次故障
out_is "pending, due 24h from now" "H1	pending	chen	2026-12-03T09:00:00+08:00"
is "counted" 1 "$(f H1 .reopened)"
fails 65 "reopen a pending one" pm-patrol hazard reopen H1 --reason x
ok "cancel" pm-patrol hazard cancel H2 --reason 重复登记
out_is "cancelled" "H2	cancelled		"
fails 65 "cancel twice" pm-patrol hazard cancel H2 --reason x
PM_USER=wang fails 77 "maintenance may not cancel" pm-patrol hazard cancel H1 --reason x

# IDs from stdin: list -o id | fix -
pm-patrol hazard new --place A --text a >/dev/null
pm-patrol hazard new --place B --text b >/dev/null
ok "fix -" sh -c 'pm-patrol hazard list --site sunny --severity 一般 -o id | pm-patrol hazard fix - --action 已处理'
out_is "each one" "H4	rectified		2026-12-02T09:00:00+08:00
H3	rectified		2026-12-02T09:00:00+08:00"
ok "list --status rectified" pm-patrol hazard list --status rectified -o id
out_is "awaiting re-inspection" "H4
H3"
ok "list --status pending" pm-patrol hazard list --status pending -o id
out_is "awaiting rectification" H1
ok "list --status open" pm-patrol hazard list --status open -o id
out_is "both" "H4
H3
H1"
ok "bare numbers are hazards" env PM_USER=chen pm-patrol hazard verify 3 4
fails 65 "one refused stops the run and takes all back" env PM_USER=chen pm-patrol hazard cancel 1 2 --reason x
is "H1 is still pending" pending "$(f H1 .status)"

# history: every hazard, every state, newest first, with the fix columns
ok "history" pm-patrol hazard history
is "every state" "H4 H3 H2 H1" "$(pm-patrol hazard history -o id | tr '\n' ' ' | sed 's/ $//')"
ok "history --point" pm-patrol hazard history --point N-GATE
out_has "the checkpoint's, with who found, fixed and verified it" "^H1	2026-11-30T09:00:00\+08:00	pending	重大	N-GATE		zhou			"
ok "history --severity --since" pm-patrol hazard history --severity 一般 --since 2026-11-30 -o id
is "the general ones" "H4 H3 H2" "$(tr '\n' ' ' < "$T/.out" | sed 's/ $//')"
ok "history -o table" pm-patrol -o table hazard history
out_has "a header" "^id +found +status +severity +point +place +found_by +rectified +fixer"
fails 66 "history: no such site" pm-patrol hazard history --site moon
done_testing
