#!/bin/sh
# pm-patrol hazard deadlines: working time across public holidays, list
# --overdue and --due-within, -o ics of the deadlines, escalate - from
# cron (one level per period, reruns quiet), a company's own severities
# and limits from config, a broken config (78).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new zhou --name 周保安 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new chen --name 陈队长 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --sites sunny >/dev/null 2>&1
pm-org dept set security --head chen >/dev/null 2>&1
export PM_USER=zhou
f() { pm-patrol -o json hazard show "$1" | jq -r "$2"; }

# found on Friday 2026-09-25 16:00, a Mid-Autumn holiday: counted from
# Monday 09:00; five working days are 09-28..09-30, 10-08 and 10-09
# (National Day 10-01..10-07 is off), so it is due when work starts on
# the swapped working Saturday 10-10 (the official calendar)
PM_NOW="2026-09-25 16:00" ok "a general hazard before National Day" pm-patrol hazard new --place 大堂 --text 地砖松动
is "working time by the official calendar" "business 2026-10-10T09:00:00+08:00" "$(f H1 '"\(.clock) \(.due)"')"
pm-patrol hazard cancel H1 --reason 测试 >/dev/null

pm-patrol hazard new --severity 重大 --place 配电房 --text 配电柜漏电 >/dev/null          # H2 due 12-01 09:00
pm-patrol hazard new --severity 较大 --place 北门 --text 道闸失灵 >/dev/null             # H3 due 12-03 09:00
pm-patrol hazard new --place 2号楼 --text 楼道灯坏 >/dev/null                           # H4 due 12-07 09:00
ok "nothing overdue yet" pm-patrol hazard list --overdue
quiet "and quiet"
ok "due within a day" pm-patrol hazard list --due-within 1d -o id
out_is "the major one" H2
ok "due within 5d, by due time" pm-patrol hazard list --due-within 5d -o id
out_is "in due order" "H2
H3"

# -o ics: a calendar of the deadlines, UIDs stable
ok "list -o ics" pm-patrol hazard list -o ics
out_has "a calendar" "^BEGIN:VCALENDAR"
is "one event per deadline" 3 "$(grep -c '^BEGIN:VEVENT' "$T/.out")"
out_has "the ID as the UID" "^UID:H2@pm.invalid"
out_has "the due time" "^DTSTART:20261201T010000Z"
out_has "the summary" "^SUMMARY:H2 重大 配电柜漏电"
out_has "the location" "^LOCATION:sunny 配电房"
cp "$T/.out" "$T/a.ics"
PM_NOW="2026-11-30 10:00" ok "refreshed later" pm-patrol hazard list -o ics
is "the same UIDs" "$(grep '^UID:' "$T/a.ics")" "$(grep '^UID:' "$T/.out")"
fails 64 "show -o ics" pm-patrol hazard show H2 -o ics
fails 64 "history -o ics" pm-patrol hazard history -o ics

# escalate - from cron: late ones climb, once per level (hazard.escalate_every 1d)
export PM_NOW="2026-12-01 10:00"
ok "overdue" pm-patrol hazard list --overdue -o id
out_is "the major one" H2
ok "overdue by severity" pm-patrol hazard list --overdue --severity 较大 -o id
quiet "none of those"
ok "overdue at the site" pm-patrol hazard list --overdue --site sunny -o id
out_is "the site's" H2
ok "escalate -" sh -c 'pm-patrol hazard list --overdue -o id | pm-patrol hazard escalate -'
out_is "the head of security takes it" "H2	1	chen"
ok "a rerun" sh -c 'pm-patrol hazard list --overdue -o id | pm-patrol hazard escalate -'
quiet "is quiet"
PM_NOW="2026-12-02 09:30" ok "a day later" sh -c 'pm-patrol hazard list --overdue -o id | pm-patrol hazard escalate -'
out_is "the manager" "H2	2	zhao"
is "recorded" "escalate 2 zhao" "$(f H2 '.events[-1] | "\(.event) \(.data.level) \(.data.responsible)"')"
ok "escalate a hazard not late" pm-patrol hazard escalate H4
quiet "changes nothing"
fails 66 "escalate an unknown one" pm-patrol hazard escalate H9
fails 64 "escalate needs IDs" pm-patrol hazard escalate
PM_USER=nobody fails 77 "an unknown actor" pm-patrol hazard escalate H2
pm-patrol hazard fix H3 --action 修好 >/dev/null
ok "a rectified one waits on its re-inspection" pm-patrol hazard list --due-within 1d -o id
out_is "due a day after the fix" H3
is "the re-inspection limit" "2026-12-02T10:00:00+08:00" "$(f H3 .due)"

# a company's own grades and limits
mkdir -p "$T/config/pm"
cat > "$T/config/pm/config.yaml" <<'YAML'
hazard:
  severity: { major: urgent, serious: high, general: normal }
  default_severity: general
  limits:
    - { severity: major, rectify: 2h, reinspect: 1h, clock: calendar }
    - { rectify: 3d, reinspect: 1d, clock: calendar }
YAML
export PM_NOW="2026-11-30 09:00"
ok "config check" pm-admin config
ok "new in English grades" pm-patrol hazard new --severity major --place 泵房 --text 水泵漏水
is "its limit" "major 2026-11-30T11:00:00+08:00" "$(f H5 '"\(.severity) \(.due)"')"
ok "the default grade" pm-patrol hazard new --place 泵房 --text 地面湿滑
is "general, 3 days" "general 2026-12-03T09:00:00+08:00" "$(f H6 '"\(.severity) \(.due)"')"
fails 65 "the built-in grades are gone" pm-patrol hazard new --severity 重大 --place x --text x
printf 'hazard:\n  default_severity: 天大\n' > "$T/config/pm/config.yaml"
fails 78 "a default that is no grade" pm-admin config
fails 78 "refused by the verbs" pm-patrol hazard new --place x --text x
printf 'hazard:\n  limits:\n    - { severity: 重大, rectify: soon }\n' > "$T/config/pm/config.yaml"
fails 78 "a bad limit" pm-admin config
err_has "says where" "config.yaml:3"
fails 78 "refused by new" pm-patrol hazard new --place x --text x
rm "$T/config/pm/config.yaml"
done_testing
