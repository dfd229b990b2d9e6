#!/bin/sh
# pm-workorder stats: a month of jobs walked through the lifecycle at
# known times under a fixed PM_NOW (11-30 09:00): exact nearest-rank
# medians and p90s (pauses out of the fix time, in the downtime), the
# plan's completion rate by occurrence date, failures, downtime cut at
# now and at the month's end, MTBF per equipment, cost; sections,
# filters, json; bad month, section, site and department.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵工 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-workorder equip new ELV-3-1 --kind 电梯/客梯 --dept maint >/dev/null
pm-workorder equip new PMP-1 --kind 给排水/生活水泵 --dept maint >/dev/null
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
row() { printf '%s' "$1"; shift; for v in "$@"; do printf '\t%s' "$v"; done; }
t() { date -d "$1 +0800" +%s; }

# W1: on site in 30 min, paused 30 min, done 3 h after the report (fix 2 h 30)
q pm-workorder new --title 困人 --equip ELV-3-1 --type 电梯/困人 --reported "2026-11-02 10:00"
q pm-workorder assign W1 --to wang --at "2026-11-02 10:05"
q pm-workorder start W1 --at "2026-11-02 10:30"
q pm-workorder pause W1 --reason 等件 --at "2026-11-02 11:00"
q pm-workorder resume W1 --at "2026-11-02 11:30"
q pm-workorder --as wang done W1 --work 换门机板 --minutes 60 --part 门机板:1:1200 --at "2026-11-02 13:00"
q pm-workorder --as zhao verify W1 --at "2026-11-02 14:00"
# W2: on site in 1 h, done in 2 h, its cost given
q pm-workorder new --title 异响 --equip ELV-3-1 --type 电梯/故障 --reported "2026-11-10 08:00"
q pm-workorder assign W2 --to wang --at "2026-11-10 08:10"
q pm-workorder start W2 --at "2026-11-10 09:00"
q pm-workorder --as wang done W2 --work 调整 --minutes 30 --cost 200 --at "2026-11-10 10:00"
# W3: on site in 10 min, still open: down until now
q pm-workorder new --title 漏水 --equip PMP-1 --type 给排水/漏水 --reported "2026-11-20 10:00"
q pm-workorder assign W3 --to wang --at "2026-11-20 10:05"
q pm-workorder start W3 --at "2026-11-20 10:10"
# W4: a false report, cancelled: no failure
q pm-workorder new --title 误报 --equip PMP-1 --reported "2026-11-05 09:00"
q pm-workorder cancel W4 --reason 误报 --at "2026-11-05 09:30"
# W5: October, still open: October's downtime stops at the month's end
q pm-workorder new --title 抖动 --equip ELV-3-1 --type 电梯/故障 --reported "2026-10-20 09:00"
# planned jobs as plan run makes them (occurrence date, made days before):
# W6 due 11-15, done that morning; W7 due 11-18, not done (late); W8 due
# 11-30, not done and not late yet (the day has not ended)
plan() {
	sqlite3 "$PM_DB" "INSERT INTO workorder (site_id, title, source_type, plan_item_id, plan_version, occurrence,
	    equipment_id, type, status, dept_id, reported_at, clock, on_site_due, fix_due, started_at,
	    done_at) VALUES (1, '保养', 'plan', 1, 1, '$1', (SELECT id FROM equipment WHERE code = '$2'),
	    '电梯/保养', '$3', 2, $(t "$4"), 'calendar', $(t "$4") + 1800, CAST(strftime('%s', '$1') AS INTEGER) + 57600, $5, $6)"
}
plan 2026-11-15 ELV-3-1 verified "2026-11-12 00:00" "$(t "2026-11-15 09:00")" "$(t "2026-11-15 11:00")"
plan 2026-11-18 PMP-1 new "2026-11-15 00:00" NULL NULL
plan 2026-11-30 ELV-3-1 new "2026-11-27 00:00" NULL NULL

# jobs share done cancelled due on_time completion os50 os90 fx50 fx90 failures down mtbf min parts cost
all=$(row all all 7 100.00 3 1 2 1 50.00 1800 291600 9000 298800 3 878400 "" 90 1200.00 1400.00)
ok "--by all" pm-workorder stats --month 2026-11 --by all
out_is "7 jobs; on site 600 1800 3600 291600; fix 7200 9000 298800; due W6 W7 (W8 not yet)" "$all"
ok "--by equip" pm-workorder stats --month 2026-11 --by equip
out_is "MTBF = (29d9h - downtime) / failures" "$(row equip sunny/ELV-3-1 4 57.14 3 0 1 1 100.00 3600 291600 9000 298800 2 18000 1260000 90 1200.00 1400.00)
$(row equip sunny/PMP-1 3 42.86 0 1 1 0 0.00 600 600 "" "" 1 860400 1677600 0 0.00 0.00)"
ok "--by source,all" pm-workorder stats --month 2026-11 --by source,all
out_is "sections in the order asked" "$(row source staff 4 57.14 2 1 0 0 "" 1800 3600 7200 9000 3 878400 "" 90 1200.00 1400.00)
$(row source plan 3 42.86 1 0 2 1 50.00 291600 291600 298800 298800 0 0 "" 0 0.00 0.00)
$all"
ok "default sections" pm-workorder stats --month 2026-11
is "all source type dept equip" "all source type dept equip" "$(cut -f1 "$T/.out" | uniq | paste -sd' ' -)"
is "the all row first" "$all" "$(head -n 1 "$T/.out")"
is "types" "其他 1,电梯/保养 3,电梯/困人 1,电梯/故障 1,给排水/漏水 1" \
    "$(awk -F'\t' '$1 == "type" { print $2 " " $3 }' "$T/.out" | LC_ALL=C sort | paste -sd, -)"
is "dept" "maint 7" "$(awk -F'\t' '$1 == "dept" { print $2 " " $3 }' "$T/.out")"
ok "this month is the default" pm-workorder stats --by all
out_is "same row" "$all"
ok "--site" pm-workorder stats --month 2026-11 --site sunny --by all
out_is "same row" "$all"
ok "--dept with no jobs" pm-workorder stats --month 2026-11 --dept service --by all,equip
out_is "one row of zeros" "$(row all all 0 "" 0 0 0 0 "" "" "" "" "" 0 0 "" 0 0.00 0.00)"
ok "--month last" pm-workorder stats --month last --by equip
out_is "October: W5's downtime is cut at the month's end (11d15h); MTBF 20d9h" \
    "$(row equip sunny/ELV-3-1 1 100.00 0 0 0 0 "" "" "" "" "" 1 1004400 1674000 0 0.00 0.00)"
ok "--header" pm-workorder --header stats --month 2026-11 --by all
is "the columns" "$(row by key jobs share_pct done cancelled planned_due planned_on_time completion_pct on_site_p50_s on_site_p90_s fix_p50_s fix_p90_s failures downtime_s mtbf_s minutes parts_fen cost_fen)" \
    "$(head -n 1 "$T/.out")"
ok "json" pm-workorder stats --month 2026-11 -o json
is "every line an object" "$(wc -l < "$T/.out")" "$(jq -c . "$T/.out" | wc -l)"
is "completion, money in fen" "50 120000 140000" \
    "$(jq -r 'select(.by == "all") | "\(.completion_pct) \(.parts_fen) \(.cost_fen)"' "$T/.out")"
is "mtbf only per equipment" "null 1260000" \
    "$(jq -r 'select(.key == "all" or .key == "sunny/ELV-3-1") | .mtbf_s' "$T/.out" | paste -sd' ' -)"
ok "table" pm-workorder -o table stats --month 2026-11 --by equip
out_has "spans read as spans" "2h30min +3d11h .* 14d14h"

# failures
fails 64 "bad month" pm-workorder stats --month 2026-13
err_has "names the option" "^pm-workorder: --month: "
fails 64 "not a month" pm-workorder stats --month yesterday
fails 64 "bad section" pm-workorder stats --by all,bogus
err_has "names the option" "bogus.*\(--by\)"
fails 64 "empty section" pm-workorder stats --by all,
fails 66 "unknown site" pm-workorder stats --site nowhere
err_has "says so" "site nowhere: no such site"
fails 66 "unknown department" pm-workorder stats --dept nodept
fails 64 "an operand" pm-workorder stats 2026-11
done_testing
