#!/bin/sh
# The drills the report counts: held in the month by their held date
# (not when recorded, not a cancelled one), and due on the month's last
# day as `pm-patrol drill due --as-of` answers it — a day in the past as
# it stood then: a drill held since is not that day's last one.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
f() { pm-report monthly --month "$1" -o json | jq -c "[.figures.\"patrols.drills_held\".cur.n, .figures.\"patrols.drills_due\".cur.n]"; }
export PM_NOW="2026-12-02 09:00"
q pm-patrol drill plan --kind fire --date 2025-06-10
q pm-patrol drill record D1 --participants 20 --minutes 30
q pm-patrol drill plan --kind fire --date 2026-06-15
q pm-patrol drill record D2 --participants 20 --minutes 30
q pm-patrol drill plan --kind evacuation --date 2026-11-20
q pm-patrol drill cancel D3 --reason 暴雨
q pm-patrol drill plan --kind flood --date 2026-11-10
q pm-patrol drill record D4 --participants 40 --minutes 50 --date 2026-11-12

ok "due as of a past day" pm-patrol drill due --kind fire --as-of 2026-06-01 -o tsv
out_is "the drill of 2025-06-10 was the last one then: due" \
	"$(printf 'sunny\tfire\t0\t2025-06-10\tD1\t1y\t2026-06-10\t9\tdue\t\t')"
ok "as of today" pm-patrol drill due --kind fire --as-of 2026-12-02 -o tsv
out_is "ok since 2026-06-15" ""
ok "before any drill" pm-patrol drill due --kind fire --as-of 2025-06-01 -o tsv
out_is "never" "$(printf 'sunny\tfire\t0\t\t\t1y\t\t\tnever\t\t')"

# five kinds; November: the flood drill held on the 12th (recorded on
# the 2nd of December), evacuation cancelled; due on 11-30: evacuation,
# power-outage and lift-rescue never held
is "November: held 1, due 3" "[1,3]" "$(f 2026-11)"
# June 2026: the fire drill of the 15th; due on 06-30: the four never held
is "June: held 1, due 4" "[1,4]" "$(f 2026-06)"
# May 2026: nothing held; fire falls due 06-10, within 14 days of 05-31
is "May: held 0, due 5" "[0,5]" "$(f 2026-05)"
# the month still running: as of today
is "mid-November: due as of the 11th, the flood drill not yet held" "[0,4]" "$(export PM_NOW="2026-11-11 12:00"; f 2026-11)"
done_testing
