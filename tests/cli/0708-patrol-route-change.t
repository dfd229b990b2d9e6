#!/bin/sh
# A route changed while rounds are planned and walked: the rounds not yet
# due are made again from the new schedule, started and past ones are
# never touched; a route made inactive plans nothing more; a retired
# checkpoint stays on the rounds that named it.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance A
q pm-patrol point new --kind fire B
export PM_USER=li PM_NOW="2026-12-01 07:00"
r() { printf 'route: day\ntitle: 白班\ndepts: [security]\nschedule: %s\n%spoints: [A, B]\n' "$1" "${2:-}" > r.yaml; }
r "every 2 hours 08:00-18:00"
q pm-patrol route load r.yaml
q pm-patrol round plan --through 2026-12-02
is "planned: 08:00 to 16:00, two days" 10 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM patrol_round')"
PM_NOW="2026-12-01 08:00" q pm-patrol round start R1 --by li
PM_NOW="2026-12-01 08:05" q pm-patrol check R1 A --ok
export PM_NOW="2026-12-01 11:00"
r "every 3 hours 08:00-18:00"
ok "the schedule changes" pm-patrol route load r.yaml
out_is "the 8 rounds after now are dropped" "$(printf 'day\tchanged\tschedule\t1\t8')"
is "the started one and the missed 10:00 stay" "2026-12-01 08:00 walking|2026-12-01 10:00 planned" \
	"$(sqlite3 "$PM_DB" "SELECT occurrence || ' ' || status FROM patrol_round ORDER BY id" | paste -sd '|')"
ok "plan" pm-patrol round plan --through 2026-12-02 --list
is "made again from the new rule, from now (11:00 is due now)" "2026-12-01 11:00 2026-12-01 14:00 2026-12-01 17:00 2026-12-02 08:00 2026-12-02 11:00 2026-12-02 14:00 2026-12-02 17:00" \
	"$(cut -f4 "$T/.out" | paste -sd ' ')"
ok "R1 still shows its check-in" pm-patrol -o json round show R1
is "A checked" "A on-time" "$(jq -r '.checkpoints[0] | "\(.point) \(.timing)"' "$T/.out")"
q pm-patrol point retire --reason 拆除 B
ok "a retired point stays on the old round" pm-patrol -o json round show R1
is "B still there" "B" "$(jq -r '.checkpoints[1].point' "$T/.out")"
fails 65 "but cannot go on a route again" pm-patrol route load r.yaml
err_has "says so" "checkpoint B was retired on"
printf 'route: day\ntitle: 白班\ndepts: [security]\nschedule: every 3 hours 08:00-18:00\nactive: false\npoints: [A]\n' > off.yaml
ok "made inactive" pm-patrol route load off.yaml
out_has "the rounds ahead dropped" "	changed	active,points	2	6$"
ok "plan" pm-patrol round plan --through 2026-12-05 --list
out_is "nothing" ""
ok "route list hides it" pm-patrol route list
out_is "none active" ""
ok "route list --all" pm-patrol route list --all -o id
out_is "it" "day"
done_testing
