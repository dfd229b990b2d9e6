#!/bin/sh
# pm-patrol round plan: a route every 2 hours from 20:00 to 06:00 makes
# exactly the night's rounds across midnight, each once however often
# plan runs; an unwalked round is missed once its window closes (and
# only then), noted once for the hooks; weekdays name the night's first
# day; two rules at one time make one round; -n and --list.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance N-GATE
export PM_USER=li PM_NOW="2026-12-01 09:00"
cat > night.yaml <<Y
route: night
title: 夜间巡逻
depts: [security]
schedule: every 2 hours 20:00-06:00
window: 1h
points: [N-GATE]
Y
q pm-patrol route load night.yaml
ok "-n" pm-patrol -n round plan --through 2026-12-02
is "-n lists what it would make" 7 "$(wc -l < "$T/.out" | tr -d ' ')"
is "and makes nothing" 0 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM patrol_round')"
ok "plan" pm-patrol round plan --through 2026-12-02
quiet "quiet"
ok "list" pm-patrol round list --from 2026-12-01 --to 2026-12-04 -o json
is "the rounds, across midnight" \
	"2026-12-01T20:00:00+08:00 2026-12-01T22:00:00+08:00 2026-12-02T00:00:00+08:00 2026-12-02T02:00:00+08:00 2026-12-02T04:00:00+08:00 2026-12-02T20:00:00+08:00 2026-12-02T22:00:00+08:00" \
	"$(jq -r .planned "$T/.out" | paste -sd ' ')"
is "each closes an hour later" "2026-12-02T01:00:00+08:00" "$(jq -r 'select(.id == "R3") | .closes' "$T/.out")"
is "keys are local date and time" "2026-12-01 20:00|2026-12-02 00:00|2026-12-02 04:00" \
	"$(sqlite3 "$PM_DB" "SELECT occurrence FROM patrol_round WHERE id IN (1, 3, 5) ORDER BY id" | paste -sd '|')"
ok "again" pm-patrol round plan --through 2026-12-02 --list
out_is "makes nothing more" ""
ok "further" pm-patrol round plan --through 2026-12-03 --list
is "the next night's three after midnight and two of the evening" 5 "$(wc -l < "$T/.out" | tr -d ' ')"
is "twelve in all, no duplicate" "12 12" "$(sqlite3 "$PM_DB" 'SELECT count(*) || " " || count(DISTINCT occurrence) FROM patrol_round')"

# missed: only once the window has closed
PM_NOW="2026-12-01 20:59" run pm-patrol round list -o tsv --status missed --from 2026-12-01
out_is "not missed before 21:00" ""
PM_NOW="2026-12-01 21:00" run pm-patrol round show R1 -o json
is "missed at 21:00" "missed" "$(jq -r .status "$T/.out" | head -n 1)"
PM_NOW="2026-12-01 21:00" run pm-patrol missed --since 2026-12-01
out_is "missed lists it" "$(printf 'round\tR1\tnight\tsunny\t2026-12-01T20:00:00+08:00\t2026-12-01T21:00:00+08:00\t\t\t\t')"
PM_NOW="2026-12-01 21:00" fails 65 "a missed round cannot be started" pm-patrol round start R1 --by li
err_has "says so" "round R1 was missed: its window closed at 2026-12-01 21:00"
PM_NOW="2026-12-01 21:00" ok "plan notes it" pm-patrol round plan
is "one missed event" "missed" "$(sqlite3 "$PM_DB" "SELECT group_concat(event) FROM event WHERE entity = 'round'")"
PM_NOW="2026-12-01 21:30" ok "plan again" pm-patrol round plan
is "still one" 1 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM event WHERE entity = 'round'")"
PM_NOW="2026-12-02 06:00" run pm-patrol missed --since 2026-12-01 -o id
is "by 06:00 the night's five" "R1 R2 R3 R4 R5" "$(paste -sd ' ' "$T/.out")"
PM_NOW="2026-12-02 06:00" run pm-patrol missed --since "2026-12-02 01:00" -o id
is "--since reads from then" "R4 R5" "$(paste -sd ' ' "$T/.out")"
PM_NOW="2026-12-02 06:00" run pm-patrol missed --since 2026-12-01 --until "2026-12-01 23:00" -o id
is "--until" "R1 R2" "$(paste -sd ' ' "$T/.out")"

# weekdays: the night belongs to the day it starts on; two rules, one round
cat > fri.yaml <<Y
route: fri
title: 周五夜
depts: [security]
schedule:
  - every 3 hours 21:00-03:00 fri
  - weekly sat at 00:00
points: [N-GATE]
Y
q pm-patrol route load fri.yaml
ok "plan a week" pm-patrol round plan --through 2026-12-08 --list
is "Friday 21:00 and Saturday 00:00, once" "2026-12-04 21:00 2026-12-05 00:00" \
	"$(awk -F'\t' '$2 == "fri" { print $4 }' "$T/.out" | paste -sd ' ')"
fails 64 "--through needs a date" pm-patrol round plan --through never
done_testing
