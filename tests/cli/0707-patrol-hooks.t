#!/bin/sh
# Hooks on round events: round.missed (noted by round plan, once),
# round.issue (a pre- hook vetoes the check-in), round.start, round.finish;
# the record the hooks see.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance N-GATE
q pm-patrol point new --kind fire B3-FIRE
export PM_USER=li PM_NOW="2026-12-01 09:00"
printf 'route: day\ntitle: 白班\ndepts: [security]\nschedule: [daily at 10:00, daily at 14:00]\npoints: [N-GATE, B3-FIRE]\n' > r.yaml
q pm-patrol route load r.yaml
q pm-patrol round plan
H="$T/hooks"
mkdir -p "$H" "$T/config/pm"
printf 'hooks:\n  dir: %s\n  timeout: 2s\n' "$H" > "$T/config/pm/config.yaml"
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }
hook on-round.missed "cat >> '$T/missed.jsonl'"
hook on-round.issue "cat >> '$T/issue.jsonl'"
hook on-round.start "cat >> '$T/start.jsonl'"

PM_NOW="2026-12-01 11:00" ok "plan notes the missed round" pm-patrol round plan
is "one missed event" 1 "$(wc -l < missed.jsonl | tr -d ' ')"
is "its record" "round.missed R1 day missed 2026-12-01 10:00" \
	"$(jq -r '"\(.event) \(.id) \(.record.route) \(.record.status) \(.record.occurrence)"' missed.jsonl)"
PM_NOW="2026-12-01 11:30" ok "again" pm-patrol round plan
is "noted once" 1 "$(wc -l < missed.jsonl | tr -d ' ')"

PM_NOW="2026-12-01 14:00" ok "start" pm-patrol round start R2 --by li
is "the start hook" "round.start R2 walking li" "$(jq -r '"\(.event) \(.id) \(.record.status) \(.record.walkers | join(","))"' start.jsonl)"
hook pre-round.issue 'cat >/dev/null; echo "请先拍照" >&2; exit 1'
PM_NOW="2026-12-01 14:05" fails 65 "a pre- hook vetoes the issue" pm-patrol check R2 B3-FIRE --issue 通道堵塞
err_has "says why" "refused by hook pre-round.issue: 请先拍照"
is "and the check-in is not kept" 0 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM checkin')"
rm "$H/pre-round.issue"
PM_NOW="2026-12-01 14:05" ok "the issue" pm-patrol check R2 B3-FIRE --issue 通道堵塞 --severity major
is "the issue hook" "round.issue R2 通道堵塞 B3-FIRE major" \
	"$(jq -r '"\(.event) \(.id) \(.note) \(.data.point) \(.data.severity)"' issue.jsonl)"
PM_NOW="2026-12-01 14:06" ok "an ok check-in runs no hook" pm-patrol check R2 N-GATE --ok
is "still one issue event" 1 "$(wc -l < issue.jsonl | tr -d ' ')"
done_testing
