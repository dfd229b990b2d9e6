#!/bin/sh
# pm-action and the event hooks: on- hooks see action.new and
# meeting.issue with the record's fields; a pre- hook vetoes verify (the
# action stays done, nothing written); escalation reaches the hooks.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
H="$T/hooks"
mkdir -p "$H" "$T/config/pm"
printf 'hooks:\n  dir: %s\n  timeout: 2s\n' "$H" >"$T/config/pm/config.yaml"
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }
hook on-meeting.issue 'cat >"$(dirname "$0")/../issue.json"'
hook on-action.new 'cat >"$(dirname "$0")/../new.json"'
hook on-action.escalate 'cat >>"$(dirname "$0")/../esc.json"'

ok "meeting new" pm-action meeting new --title 例会 --dept maint --date 2026-11-28
ok "issue" pm-action meeting issue G1 --text 照明损坏
is "the hook saw the issue" "meeting meeting.issue G1 照明损坏 1" "$(jq -r '"\(.entity) \(.event) \(.id) \(.note) \(.data.n)"' issue.json)"
is "with the meeting's fields" "例会 maint 1" "$(jq -r '"\(.record.title) \(.record.dept) \(.record.issues)"' issue.json)"
ok "action new" pm-action new --text 照明巡检 --owner wang --source G1 --due 2026-12-01
is "the hook saw the action" "action action.new A1" "$(jq -r '"\(.entity) \(.event) \(.id)"' new.json)"
is "with its fields" "照明巡检 open wang maint G1" "$(jq -r '"\(.record.text) \(.record.status) \(.record.owner) \(.record.dept) \(.record.source)"' new.json)"
ok "done" env PM_USER=wang pm-action done A1 --result 完成
hook pre-action.verify 'cat >/dev/null; echo "须附整改照片" >&2; exit 1'
fails 65 "a pre- hook vetoes the acceptance" env PM_USER=zhao pm-action verify A1
err_has "its reason" "refused by hook pre-action.verify: 须附整改照片"
is "still done" done "$(pm-action -o json show A1 | jq -r .status)"
rm "$H/pre-action.verify"
ok "accepted without the veto" env PM_USER=zhao pm-action verify A1
ok "another" pm-action new --text 复查 --owner wang --source G1 --due 2026-12-01
PM_NOW="2026-12-03 09:00" ok "escalate" pm-action escalate A2
is "the hook saw the climb" "action.escalate A2 1" "$(jq -r '"\(.event) \(.id) \(.data.level)"' esc.json)"
done_testing
