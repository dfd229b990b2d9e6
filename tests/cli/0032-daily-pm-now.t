#!/bin/sh
# scripts/pm-daily names its copy by the tools' today — the business time
# zone's date (Asia/Shanghai by default) of PM_NOW, as every pm tool
# reckons it — not by the machine's date: a test clock, a backfill, or a
# job at 01:00 in Shanghai on a UTC machine gets the right day's name.
. "$PM_TESTS/lib.sh"
daily=$PM_TESTS/../../scripts/pm-daily
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1

ok "a run at PM_NOW 2026-11-30 09:00" sh "$daily" bk 0
quiet "quiet"
is "the copy is named by PM_NOW's date" "pm-2026-11-30.db" "$(ls bk)"
# 17:30 UTC on the 29th is 01:30 on the 30th in Shanghai: the same day
ok "a second run, at 2026-11-29T17:30Z" env PM_NOW=2026-11-29T17:30:00Z sh "$daily" bk 0
is "is the business zone's same day: no second copy" "pm-2026-11-30.db" "$(ls bk | tr '\n' ' ' | sed 's/ $//')"
ok "the next day (PM_NOW 2026-12-01)" env PM_NOW="2026-12-01 02:15" sh "$daily" bk 0
is "a copy of its own" "pm-2026-11-30.db pm-2026-12-01.db" "$(ls bk | tr '\n' ' ' | sed 's/ $//')"
# a year no holiday notice covers: the tools warn, the job stays quiet
ok "a day in 2027" env PM_NOW="2027-01-01 10:00" sh "$daily" bk 0
quiet "quiet all the same"
is "named 2027-01-01" yes "$([ -f bk/pm-2027-01-01.db ] && echo yes || echo no)"
ok "each copy passes check" sh -c 'for f in bk/*.db; do pm-admin -d "$f" check || exit 1; done'
done_testing
