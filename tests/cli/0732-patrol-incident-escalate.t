#!/bin/sh
# pm-patrol incident escalate: cron (`list --overdue -o id | escalate -`)
# escalates exactly the incidents not under control within their level's
# limit, once per level, quietly when nothing is late; IDs named climb
# one level by hand; the top level and a closed incident are refused.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new liu --name 刘 --roles security --dept security >/dev/null 2>&1
pm-org dept set security --head liu >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
export PM_USER=liu
f() { pm-patrol -o json incident show "$1" | jq -r ".$2"; }
cron() { pm-patrol incident list --overdue -o id | pm-patrol incident escalate -; }

# the built-in plans: fire responds in 5min, lift entrapment in 30min,
# each level 1 (the security head) has 15min, level 2 the manager
pm-patrol incident open --kind fire --text 冒烟 --at "2026-11-30 08:50" -o id >/dev/null   # I1 late
pm-patrol incident open --kind fire --text 报警 --at "2026-11-30 08:58" -o id >/dev/null   # I2 not yet
pm-patrol incident open --kind lift-entrapment --text 困人 -o id >/dev/null                # I3 30min
pm-patrol incident open --kind fire --text 烟感 --at "2026-11-30 08:40" -o id >/dev/null   # I4 late, resolved
pm-patrol incident resolve I4 >/dev/null

ok "overdue listing" pm-patrol incident list --overdue -o id
out_is "exactly the late open one" I1
ok "cron" cron
out_is "escalates exactly the overdue one" "$(printf 'I1\t1\tliu')"
is "level recorded" 1 "$(f I1 level)"
is "with its time" "2026-11-30T09:00:00+08:00" "$(f I1 escalated)"
is "the others stay" "0 0 0" "$(f I2 level) $(f I3 level) $(f I4 level)"
ok "cron again" cron
quiet "nothing more: quiet"
ok "every ID through cron's escalate" sh -c 'pm-patrol incident list --all -o id | pm-patrol incident escalate -'
quiet "still only lateness counts"

PM_NOW="2026-11-30 09:10"; export PM_NOW
ok "cron at 09:10" cron
out_is "I1's level 1 limit ran out (08:55 + 15min): the manager; I2 reaches level 1" \
	"$(printf 'I1\t2\tzhao\nI2\t1\tliu')"
PM_NOW="2026-11-30 09:20"
ok "cron at 09:20" cron
out_is "I2's level 1 limit ran out" "$(printf 'I2\t2\tzhao')"
is "the climb is in the timeline" "new escalate escalate" \
	"$(pm-patrol -o json incident show I1 | jq -r '[.events[].event] | join(" ")')"
is "with who" "liu zhao" \
	"$(pm-patrol -o json incident show I1 | jq -r '[.events[] | select(.event == "escalate") | .data.responsible] | join(" ")')"
PM_NOW="2026-11-30 12:00"
ok "cron much later" cron
out_is "the lift entrapment straight to the top" "$(printf 'I3\t2\tzhao')"
ok "at the top: quiet" cron
quiet "nothing above the top"

# by hand: one level now, late or not
PM_NOW="2026-11-30 12:00"
pm-patrol incident open --kind theft --text 盗窃 -o id >/dev/null     # I5
ok "escalate by hand" pm-patrol incident escalate I5
out_is "one level" "$(printf 'I5\t1\tliu')"
is "marked manual" 1 "$(pm-patrol -o json incident show I5 | jq -r '.events[-1].data.manual')"
ok "and again" pm-patrol incident escalate I5
out_is "level 2" "$(printf 'I5\t2\tzhao')"
fails 65 "above the top" pm-patrol incident escalate I5
err_has "says so" "top level"
fails 65 "a resolved one is not escalated by hand" pm-patrol incident escalate I4
fails 66 "no such incident" pm-patrol incident escalate I99
fails 64 "- among IDs" pm-patrol incident escalate I5 -
fails 64 "no operand" pm-patrol incident escalate
fails 77 "customer service may not" env PM_USER=admin sh -c 'pm-org staff new kefu --name 客服 --roles service >/dev/null 2>&1; PM_USER=kefu pm-patrol incident escalate I2'
done_testing
