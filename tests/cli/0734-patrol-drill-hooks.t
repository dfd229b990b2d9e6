#!/bin/sh
# Hooks see drill and incident events with their typed IDs and fields: an
# on- hook is told of an incident opened (a pager), a pre- hook may veto
# a drill recorded, a cron escalation runs one on- hook per incident
# raised.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
H="$T/hooks"
mkdir -p "$H" "$T/config/pm"
printf 'hooks:\n  dir: %s\n  timeout: 2s\n' "$H" >"$T/config/pm/config.yaml"
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }

hook on-incident.new 'cat >"$(dirname "$0")/../inc.json"'
ok "open with an on- hook" pm-patrol incident open --kind fire --place 3号楼 --text 冒烟 -o id
out_is "the ID" I1
is "the hook saw the incident" "incident.new I1 fire open general sunny 3号楼 0" \
	"$(jq -r '"\(.event) \(.id) \(.record.kind) \(.record.status) \(.record.severity) \(.record.site) \(.record.place) \(.record.esc_level)"' "$T/inc.json")"
is "and the plan's respond limit" "2026-11-30T09:05:00+08:00" "$(jq -r .data.respond_due "$T/inc.json")"

pm-patrol drill plan --kind fire --date 2026-11-29 >/dev/null
hook pre-drill.record 'cat >/dev/null; echo "请先上传签到表" >&2; exit 1'
fails 65 "a pre- hook vetoes a record" pm-patrol drill record D1 --participants 10 --minutes 30
err_has "with its message" "请先上传签到表"
is "still planned" planned "$(pm-patrol -o json drill show D1 | jq -r .status)"
rm "$H/pre-drill.record"
hook on-drill.record 'cat >"$(dirname "$0")/../drill.json"'
ok "record" pm-patrol drill record D1 --participants 10 --minutes 30 --findings 广播故障
is "the hook saw the drill" "drill.record D1 done 2026-11-29 10 1" \
	"$(jq -r '"\(.event) \(.id) \(.record.status) \(.record.held) \(.record.participants) \(.data.findings)"' "$T/drill.json")"

pm-patrol incident open --kind theft --text 盗窃 -o id >/dev/null
hook on-incident.escalate 'jq -r .id >>"$(dirname "$0")/../esc.log"'
PM_NOW="2026-11-30 10:00"; export PM_NOW
ok "cron escalation" sh -c 'pm-patrol incident list --overdue -o id | pm-patrol incident escalate -'
is "one on- hook per incident raised" "I1 I2" "$(sort "$T/esc.log" | tr '\n' ' ' | sed 's/ $//')"
done_testing
