#!/bin/sh
# Event hooks (pm(7) HOOKS): a pre- hook vetoes pm-complaint new, on- hooks
# run after the commit and cannot lose it, the JSON line, masking, the
# unmask audit, a bulk escalate, the limit, the shipped examples.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new qian --name 钱主管 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-org dept set maint --head qian >/dev/null
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
export PM_USER=li
H="$T/hooks"
mkdir -p "$H" "$T/config/pm"
conf() { printf 'hooks:\n  dir: %s\n  timeout: 1s\n%s' "$H" "${1:-}" >"$T/config/pm/config.yaml"; }
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }
count() { pm-complaint list -o id | wc -l | tr -d ' '; }
new() { pm-complaint new --unit 3-2-1502 --name 张三 --phone 13812345678 --text 楼上漏水 "$@"; }

# no hooks.dir: nothing changes
ok "no hooks configured" new
out_is "prints the ID" C1

# a veto
conf
hook pre-contact.new 'cat >/dev/null; echo "手机号未登记的业主请先核实" >&2; echo more >&2; exit 1'
fails 65 "a pre- hook that exits 1 vetoes new" new
err_has "its first stderr line is shown" "refused by hook pre-contact.new: 手机号未登记的业主请先核实$"
is "nothing stored" 1 "$(count)"
is "no audit row of it" 1 "$(pm-admin audit --entity contact -o id 2>/dev/null | wc -l | tr -d ' ')"
hook pre-contact.new 'printf "\033]0;owned\007evil\n" >&2; exit 1'
fails 65 "a hostile message" new
if grep -q "$(printf '\033')" "$T/.err"; then _notok "escape made harmless"; else _ok "escape made harmless"; fi
hook pre-contact.new 'sleep 20'
fails 65 "a pre- hook that hangs is killed and vetoes" new
err_has "says so" "refused by hook pre-contact.new: killed after 1s"
rm "$H/pre-contact.new"
hook pre-any 'exit 0'
chmod -x "$H/pre-any"
ok "a hook that is not executable is not run" new

# on- hooks after the commit
hook on-contact.new 'cat >"$(dirname "$0")/../got.json"; env >"$(dirname "$0")/../got.env"; echo "webhook down" >&2; exit 3'
ok "a failing on- hook: the change is made (exit 0)" new
out_is "and its ID printed" C3
err_has "the failure is one warning line" "^pm-complaint: warning: hook on-contact.new C3: exit 3: webhook down$"
is "one line" 1 "$(wc -l <"$T/.err" | tr -d ' ')"
is "stored" 3 "$(count)"
if command -v python3 >/dev/null 2>&1; then
	jparse() { python3 -c 'import json,sys; json.loads(sys.stdin.read())'; }
else
	jparse() { "$PM_BIN/tests/conform/jcheck"; }
fi
if jparse <"$T/got.json" 2>/dev/null; then
	_ok "the JSON line parses (python3, else jcheck)"
else _notok "the JSON line parses (python3, else jcheck)"; fi
is "one line" 1 "$(wc -l <"$T/got.json" | tr -d ' ')"
is "the documented fields" "actor at data dry_run entity event id masked note record seq tool" \
	"$(jq -r 'keys | join(" ")' "$T/got.json")"
is "event, entity, id, actor, tool" "contact.new contact C3 li pm-complaint" \
	"$(jq -r '"\(.event) \(.entity) \(.id) \(.actor) \(.tool)"' "$T/got.json")"
is "at is ISO 8601" "2026-11-30T09:00:00+08:00" "$(jq -r .at "$T/got.json")"
is "the record" "new 3-2-1502 楼上漏水 sunny" "$(jq -r '.record | "\(.status) \(.unit) \(.text) \(.site)"' "$T/got.json")"
is "personal data masked by default" "true 张* 138****5678 138****5678" \
	"$(jq -r '"\(.masked) \(.record.name) \(.record.phone) \(.data.phone)"' "$T/got.json")"
if grep -q 13812345678 "$T/got.json"; then _notok "no phone in clear"; else _ok "no phone in clear"; fi
is "environment" "PM_ACTOR=li PM_DB=$PM_DB PM_ENTITY=contact PM_EVENT=contact.new PM_HOOK=on-contact.new PM_ID=C3" \
	"$(grep '^PM_' "$T/got.env" | sort | tr '\n' ' ' | sed 's/ $//')"
if grep -q '^HOME=\|^XDG_\|^PM_USER=\|^PM_NOW=' "$T/got.env"; then _notok "a clean environment"; else _ok "a clean environment"; fi

hook on-contact.new 'sleep 20'
start=$(date +%s)
ok "a hanging on- hook: the change is made" new
err_has "killed after hooks.timeout" "^pm-complaint: warning: hook on-contact.new C4: killed after 1s$"
is "stored" 4 "$(count)"
is "in about the timeout" 1 "$(( $(date +%s) - start < 5 ))"
rm "$H/on-contact.new"

# every event of every verb, the catch-all, the note
hook on-any 'jq -r '"'"'"\(.event) \(.id) \(.note)"'"'"' >>"$(dirname "$0")/../any.log"'
ok "assign" pm-complaint assign C1 --to qian
ok "note" pm-complaint note C1 --text 约好下午上门
is "on-any saw both" "contact.assign C1 null
contact.note C1 约好下午上门" "$(cat "$T/any.log")"
rm "$H/on-any"

# a bulk escalate: on- hooks once per escalated contact, after the commit
pm-complaint new --category 安全/消防 --text 烟雾报警 --place 地库 >/dev/null 2>&1
pm-complaint new --category 安全/消防 --text 烟雾报警2 --place 一楼 >/dev/null 2>&1
hook on-contact.escalate 'jq -r '"'"'"\(.id) \(.data.level)"'"'"' >>"$(dirname "$0")/../esc.log"'
export PM_NOW="2026-11-30 10:00"
ok "escalate -" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
is "one run per escalated contact" "$(cut -f1,2 "$T/.out" | tr '\t' ' ')" "$(cat "$T/esc.log")"
is "two of them" 2 "$(wc -l <"$T/esc.log" | tr -d ' ')"

# the limit
rm -f "$T/esc.log"
conf '  limit: 1
'
export PM_NOW="2026-12-01 10:00"
ok "escalate - over the limit" sh -c 'pm-complaint list --overdue -o id | pm-complaint escalate -'
is "at most hooks.limit runs" 1 "$(wc -l <"$T/esc.log" | tr -d ' ')"
err_has "the rest reported" "warning: hook on- hooks not run for [0-9]+ more events \(hooks.limit is 1\)"
rm "$H/on-contact.escalate"

# unmask: clear data, audited first
export PM_NOW="2026-11-30 09:00"
conf '  unmask: true
'
hook on-contact.new 'cat >"$(dirname "$0")/../clear.json"'
ok "with hooks.unmask" new
is "personal data in clear" "false 张三 13812345678" \
	"$(jq -r '"\(.masked) \(.record.name) \(.record.phone)"' "$T/clear.json")"
ok "audit" pm-admin audit --entity hooks -o json
is "the command is audited" "unmask new" "$(jq -r '"\(.action) \(.after.verb)"' "$T/.out")"
hook pre-contact.new 'exit 1'
fails 65 "vetoed, still audited" new
is "two audit rows" 2 "$(pm-admin audit --entity hooks -o id 2>/dev/null | wc -l | tr -d ' ')"
rm "$H/pre-contact.new" "$H/on-contact.new"

# configuration
conf
printf 'hooks:\n  dir: relative/hooks\n' >"$T/config/pm/config.yaml"
fails 78 "hooks.dir must be absolute" new
printf 'hooks:\n  dir: %s/missing\n' "$T" >"$T/config/pm/config.yaml"
fails 78 "hooks.dir must exist" new
ok "readers do not care" pm-complaint list
rm "$T/config/pm/config.yaml"

# the shipped examples
ex="$PM_TESTS/../../scripts/hooks"
conf
cp "$ex/on-log" "$H/on-contact.new"
PM_HOOK_LOG="$T/pm-events.log"; export PM_HOOK_LOG
ok "scripts/hooks/on-log" new
out_is "id" C8
is "one log line" "1" "$(grep -c 'contact.new C8 li' "$T/pm-events.log")"
rm "$H/on-contact.new"
mkdir -p "$T/bin"
printf '#!/bin/sh\necho "$@" >"%s/mail.args"\ncat >"%s/mail.txt"\n' "$T" "$T" >"$T/bin/sendmail"
printf '#!/bin/sh\necho "$@" >"%s/curl.args"\ncat >"%s/curl.body"\n' "$T" "$T" >"$T/bin/curl"
chmod +x "$T/bin/sendmail" "$T/bin/curl"
cp "$ex/on-mail" "$H/on-contact.new"
PM_HOOK_MAIL_TO="ops@example.com"; export PM_HOOK_MAIL_TO
ok "scripts/hooks/on-mail" env PATH="$T/bin:$PATH" sh -c 'pm-complaint new --unit 3-2-1502 --text 电梯故障'
is "addressed" "-t" "$(cat "$T/mail.args")"
if grep -q '^To: ops@example.com' "$T/mail.txt" && grep -q 'C9' "$T/mail.txt"; then _ok "a mail with the ID"; else _notok "a mail with the ID"; fi
rm "$H/on-contact.new"
cp "$ex/on-groupbot" "$H/on-contact.new"
PM_HOOK_WEBHOOK_URL="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test"; export PM_HOOK_WEBHOOK_URL
ok "scripts/hooks/on-groupbot" env PATH="$T/bin:$PATH" sh -c 'pm-complaint new --unit 3-2-1502 --text 水管爆裂 --category 安全/消防'
if grep -q 'qyapi.weixin.qq.com' "$T/curl.args"; then _ok "posts to the URL"; else _notok "posts to the URL"; fi
is "a text message naming the ID" "text C10" "$(jq -r '"\(.msgtype) \(.text.content | capture("(?<id>C[0-9]+)").id)"' "$T/curl.body")"
unset PM_HOOK_WEBHOOK_URL
ok "without its URL it says so" env PATH="$T/bin:$PATH" sh -c 'pm-complaint new --unit 3-2-1502 --text 水管爆裂'
err_has "one warning" "warning: hook on-contact.new C11: exit 78: PM_HOOK_WEBHOOK_URL"
done_testing
