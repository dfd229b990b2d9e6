#!/bin/sh
# pm-patrol due --within (reminders: who should walk which route), round
# list filters, -o ics of rounds.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-unit site new moon --name 月亮湾 --kind residential
q pm-patrol point new --site sunny --kind entrance N-GATE
q pm-patrol point new --site moon --kind entrance M-GATE
export PM_USER=li PM_NOW="2026-12-01 09:00"
cat > a.yaml <<Y
route: sunny-day
title: 白班巡逻
site: sunny
depts: [security, mgmt]
schedule: [daily at 10:00, daily at 14:00]
window: 1h
remind: 30min
points: [N-GATE]
Y
cat > b.yaml <<Y
route: moon-hourly
title: 每小时巡逻
site: moon
depts: [security]
schedule: every 1 hour 08:00-18:00
window: 30min
points: [M-GATE]
Y
q pm-patrol route load a.yaml
q pm-patrol route load b.yaml
q pm-patrol round plan
ok "list today" pm-patrol round list -o id
is "2 + 9 rounds" 11 "$(wc -l < "$T/.out" | tr -d ' ')"
ok "--site" pm-patrol round list --site sunny -o id
out_is "sunny's (routes are planned in code order)" "$(printf 'R10\nR11')"
ok "--route" pm-patrol round list --route moon-hourly --status planned -o id
is "moon's nine" 9 "$(wc -l < "$T/.out" | tr -d ' ')"
fails 66 "--route unknown" pm-patrol round list --route nope
fails 66 "--site unknown" pm-patrol round list --site nope
fails 64 "--status unknown" pm-patrol round list --status lost
fails 64 "--to before --from" pm-patrol round list --from 2026-12-02 --to 2026-12-01
ok "due within 30min at 09:00" pm-patrol due --within 30min -o id
out_is "the 09:00 moon round (window open) and sunny's 10:00 (reminder 09:30)" "$(printf 'R1\nR10')"
ok "due json" pm-patrol due --within 30min -o json
is "who walks which route" "moon-hourly security|sunny-day security,mgmt" \
	"$(jq -r '"\(.route) \(.depts | join(","))"' "$T/.out" | paste -sd '|')"
ok "default 30min" pm-patrol due -o id
is "the same" 2 "$(wc -l < "$T/.out" | tr -d ' ')"
ok "--site" pm-patrol due --site sunny -o id
out_is "sunny's only" "R10"
PM_NOW="2026-12-01 09:05" q pm-patrol round start R1 --by li
PM_NOW="2026-12-01 09:05" run pm-patrol due --within 30min -o id
out_is "a started round is not due" "R10"
PM_NOW="2026-12-01 10:31" run pm-patrol due --within 1min -o id
out_is "moon's 10:00 closed at 10:30: missed, not due" "R10"
ok "ics" pm-patrol -o ics round list --site sunny
out_has "a calendar" "^BEGIN:VCALENDAR"
is "two events" 2 "$(grep -c '^BEGIN:VEVENT' "$T/.out")"
out_has "from its time" "^DTSTART:20261201T020000Z"
out_has "to its close" "^DTEND:20261201T030000Z"
out_has "uid" "^UID:R10@pm.invalid"
ok "due ics" pm-patrol -o ics due
fails 64 "missed is no calendar" pm-patrol -o ics missed --since today
fails 64 "missed needs --since" pm-patrol missed
done_testing
