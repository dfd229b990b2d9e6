#!/bin/sh
# pm-action escalate: an overdue action climbs above its owner, the head
# of the owner's department first, then a manager, one level per
# action.escalate_every of lateness; idempotent per level (cron reruns
# print nothing); done actions and those not late stay; levels from
# config; the permission.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new qian --name 钱主管 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-org dept set maint --head qian >/dev/null
pm-action new --text 措施一 --owner wang --source report:2026-11 --due 2026-12-01 >/dev/null
pm-action new --text 措施二 --owner wang --source report:2026-11 --due 2026-12-20 >/dev/null
pm-action new --text 措施三 --owner wang --source report:2026-11 --due 2026-12-01 >/dev/null
pm-action done A3 --result 完成 >/dev/null
cron() { pm-action list --overdue -o id | pm-action escalate -; }
f() { pm-action -o json show "$1" | jq -r ".$2"; }

ok "nothing late yet" cron
quiet "quiet"
PM_NOW="2026-12-02 10:00"; export PM_NOW
ok "the cron line" cron
out_is "A1 to the department head" "$(printf 'A1\t1\tqian')"
is "level 1" 1 "$(f A1 level)"
ok "again" cron
quiet "idempotent: nothing printed"
PM_NOW="2026-12-05 10:00"
ok "three days later" cron
out_is "to a manager" "$(printf 'A1\t2\tzhao')"
PM_NOW="2026-12-15 10:00"
ok "at the top" cron
quiet "stays at the last level"
ok "a named action not late" pm-action escalate A2
quiet "nothing"
ok "a done one" pm-action escalate A3
quiet "not escalated"
is "the escalate events" "escalate escalate" "$(pm-action -o json show A1 | jq -r '[.events[] | select(.event == "escalate") | .event] | join(" ")')"
is "who, in the event" "qian zhao" "$(pm-action -o json show A1 | jq -r '[.events[] | select(.event == "escalate") | .data.responsible] | join(" ")')"
fails 66 "no such action" pm-action escalate A9
fails 77 "a member may not escalate" env PM_USER=wang pm-action escalate A1
fails 64 "no operand" pm-action escalate
# reassigning starts again at level 0
ok "assign" pm-action assign A1 --owner qian
is "level 0 again" 0 "$(f A1 level)"
ok "and climbs again" cron
out_is "straight to the level its lateness calls for" "$(printf 'A1\t2\tzhao')"
# an owner who heads the department does not climb to themselves: the
# level above takes it
ok "qian's own action" env PM_NOW="2026-12-10 10:00" pm-action new --text 措施五 --owner qian --source report:2026-11 --due 2026-12-12
PM_NOW="2026-12-13 10:00"
ok "late a day" pm-action escalate A4
out_is "past the owner, who heads maint, to a manager" "$(printf 'A4\t1\tzhao')"
# levels from config
mkdir -p "$T/config/pm"
printf 'action:\n  escalate_levels: "staff:zhao"\n  escalate_every: 1d\n' >"$T/config/pm/config.yaml"
ok "config check" pm-admin config
PM_NOW="2026-12-10 10:00" pm-action new --text 措施四 --owner wang --source report:2026-11 --due 2026-12-14 >/dev/null
PM_NOW="2026-12-15 10:00"
ok "one level: zhao" pm-action escalate A5
out_is "to zhao" "$(printf 'A5\t1\tzhao')"
PM_NOW="2026-12-20 10:00" pm-action new --text 措施六 --owner zhao --source report:2026-11 --due 2026-12-21 >/dev/null
PM_NOW="2026-12-22 10:00"
ok "zhao's own, and only zhao above" pm-action escalate A6
out_is "lands back on zhao: someone, rather than nobody" "$(printf 'A6\t1\tzhao')"
printf 'action:\n  escalate_levels: "nobody:x"\n' >"$T/config/pm/config.yaml"
fails 78 "a bad level rule" pm-action escalate A5
done_testing
