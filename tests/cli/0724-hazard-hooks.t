#!/bin/sh
# pm-patrol hazard and hooks (pm(7) HOOKS): a pre-hazard.new hook vetoes,
# on- hooks see each event with the hazard as its record, the
# reporter's name and phone masked unless hooks.unmask; the audit log
# keeps them masked; pm-admin check holds the hazard lifecycle against
# the schema.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new zhou --name 周保安 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new chen --name 陈队长 --roles security --dept security --sites sunny >/dev/null 2>&1
export PM_USER=zhou
H="$T/hooks"
mkdir -p "$H" "$T/config/pm"
conf() { printf 'hooks:\n  dir: %s\n  timeout: 2s\n%s' "$H" "${1:-}" >"$T/config/pm/config.yaml"; }
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }
new() { pm-patrol hazard new --place 车库 --text 地面油污 --reporter 张三 --phone 13812341234 "$@"; }

conf
hook pre-hazard.new 'cat >/dev/null; echo "请先拍照" >&2; exit 1'
fails 65 "a pre- hook vetoes new" new
err_has "its message" "refused by hook pre-hazard.new: 请先拍照$"
is "nothing stored" "" "$(pm-patrol hazard list --all -o id)"
rm "$H/pre-hazard.new"

hook on-any 'cat >> "$PM_HOOK_LOG"'
export PM_HOOK_LOG="$T/events"
ok "new runs the on- hooks" new
out_is "H1" H1
is "one event" 1 "$(grep -c . "$T/events")"
ev() { sed -n "${1}p" "$T/events" | jq -r "$2"; }
is "the event" "hazard.new hazard H1" "$(ev 1 '"\(.event) \(.entity) \(.id)"')"
is "the record" "pending 一般 sunny 车库 found zhou security" \
	"$(ev 1 '.record | "\(.status) \(.severity) \(.site) \(.place) \(.source) \(.found_by) \(.department)"')"
is "masked in the record" "张* 138****1234 true" "$(ev 1 '"\(.record.reporter) \(.record.phone) \(.masked)"')"
is "masked in the data" "张* 138****1234" "$(ev 1 '.data | "\(.reporter) \(.phone)"')"
if grep -q 13812341234 "$T/events"; then _notok "no phone in clear"; else _ok "no phone in clear"; fi
ok "fix" pm-patrol hazard fix H1 --action 已清理
is "hazard.fix" "hazard.fix rectified 已清理" "$(ev 2 '"\(.event) \(.record.status) \(.note)"')"
PM_USER=chen ok "verify" pm-patrol hazard verify H1
is "hazard.verify" "hazard.verify verified" "$(ev 3 '"\(.event) \(.record.status)"')"
if pm-admin audit --entity hazard 2>/dev/null | grep -q 13812341234; then _notok "the audit log masks it"; else _ok "the audit log masks it"; fi

printf 'hooks:\n  dir: %s\n  unmask: true\n' "$H" >"$T/config/pm/config.yaml"
: > "$T/events"
ok "unmasked hooks" new
is "in clear" "张三 13812341234 false" "$(ev 1 '"\(.record.reporter) \(.record.phone) \(.masked)"')"
rm "$T/config/pm/config.yaml"

ok "pm-admin check" pm-admin check
cp "$PM_DB" t.db
sqlite3 t.db "DROP INDEX hazard_open; CREATE INDEX hazard_open ON hazard (found_at) WHERE status <> 'verified'"
fails 1 "the hazard lifecycle is held against the schema" pm-admin -d t.db check
out_has "named" "^lifecycle	hazard_open: the index leaves out verified, the lifecycle declares verified\|cancelled final$"
done_testing
