#!/bin/sh
# pm-complaint stats: exact rows on contacts walked through the lifecycle
# at known times (medians, p90, shares, the previous period, NULL keys).
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --name 3号楼 >/dev/null
pm-unit unit new 3-101 --area 90 --building 3 >/dev/null
pm-unit unit new 3-102 --area 90 --building 3 >/dev/null
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
TAB=$(printf '\t')
row() { printf '%s' "$1"; shift; for v in "$@"; do printf '\t%s' "$v"; done; }

# October: one leak (the previous period of November)
q pm-complaint new --unit 3-101 --category 维修/漏水 --text 漏水 --received "2026-10-15 09:00"
# C2: a repeat of C1; response 30 min, resolved in 2 h, satisfied visit, closed
q pm-complaint new --unit 3-101 --category 维修/漏水 --text 又漏水 --received "2026-11-02 09:00"
q pm-complaint assign C2 --dept maint --to wang --at "2026-11-02 09:10"
q pm-complaint start C2 --at "2026-11-02 09:30"
q pm-complaint resolve C2 --result 换管 --at "2026-11-02 11:00"
q pm-complaint reply C2 --text 已修 --at "2026-11-02 11:30"
q pm-complaint visit C2 --satisfaction 4 --at "2026-11-03 10:00"
q pm-complaint close C2 --at "2026-11-03 10:05"
# C3: response 1 h, resolved after 6 days 4 h (late: due 11-10 10:00), visit 2
q pm-complaint new --unit 3-102 --category 维修/漏水 --text 漏水 --received "2026-11-05 10:00"
q pm-complaint assign C3 --dept maint --to wang --at "2026-11-05 10:30"
q pm-complaint start C3 --at "2026-11-05 11:00"
q pm-complaint resolve C3 --result 补漏 --at "2026-11-11 14:00"
q pm-complaint reply C3 --text 已修 --at "2026-11-11 15:00"
q pm-complaint visit C3 --satisfaction 2 --at "2026-11-12 10:00"
# C4: noise, response 10 min, never resolved (due 11-17: late by now)
q pm-complaint new --unit 3-102 --category 环境/噪音 --text 吵 --received "2026-11-10 08:00"
q pm-complaint assign C4 --dept service --at "2026-11-10 08:05"
q pm-complaint start C4 --at "2026-11-10 08:10"
# C5: not classified, a public place (no building), untouched
q pm-complaint new --place 东门 --text 灯坏了 --received "2026-11-20 08:00"

# count share prev change resp50 resp90 res50 res90 in_time repeat satisfaction visit
leak=$(row 维修/漏水 2 50.00 1 1 1800 3600 7200 532800 50.00 50.00 3.00 100.00)
noise=$(row 环境/噪音 1 25.00 0 1 600 600 "" "" 0.00 0.00 "" "")
none=$(row "" 1 25.00 0 1 "" "" "" "" 0.00 0.00 "" "")
ok "stats --month" pm-complaint stats --month 2026-11
out_is "by category: counts, nearest-rank p50/p90, shares; NULL key last" "$leak
$noise
$none"
ok "default: this month by category" pm-complaint stats
out_is "same rows" "$leak
$noise
$none"
ok "--top 1" pm-complaint stats --month 2026-11 --top 1
out_is "the biggest group" "$leak"
ok "--by building" pm-complaint stats --month 2026-11 --by building
out_is "building keys; the public place has none" "$(row sunny/3 3 75.00 1 2 1800 3600 7200 532800 33.33 33.33 3.00 100.00)
$(row "" 1 25.00 0 1 "" "" "" "" 0.00 0.00 "" "")"
ok "--by all" pm-complaint stats --month 2026-11 --by all
out_is "4 contacts: response 600 1800 3600 (p50 = 2nd), resolution 7200 532800 (p50 = 1st)" \
	"$(row all 4 100.00 1 3 1800 3600 7200 532800 25.00 25.00 3.00 100.00)"
ok "--by assignee" pm-complaint --header stats --month 2026-11 --by assignee
out_is "header names the grouping; unassigned is NULL" "$(row assignee count share_pct prev change response_p50_s response_p90_s resolve_p50_s resolve_p90_s in_time_pct repeat_pct satisfaction visit_pct)
$(row wang 2 50.00 0 2 1800 3600 7200 532800 50.00 50.00 3.00 100.00)
$(row "" 2 50.00 1 1 600 600 "" "" 0.00 0.00 "" "")"
ok "--by dept" pm-complaint stats --month 2026-11 --by dept -o json
is "departments" "maint 2,service 1,null 1" "$(jq -r '"\(.dept) \(.count)"' "$T/.out" | paste -sd, -)"
ok "--by kind" pm-complaint stats --month 2026-11 --by kind
out_is "one kind" "$(row complaint 4 100.00 1 3 1800 3600 7200 532800 25.00 25.00 3.00 100.00)"
ok "--by channel" pm-complaint stats --month 2026-11 --by channel --top 5
out_is "one channel" "$(row phone 4 100.00 1 3 1800 3600 7200 532800 25.00 25.00 3.00 100.00)"
ok "--by site" pm-complaint stats --month 2026-11 --by site -o csv
out_has "csv header" "^.?.?.?site,count,share_pct,prev,change"
out_has "csv row" "^sunny,4,100.00,1,3,"

# --since/--until: the previous period is the same length just before
ok "--since --until" pm-complaint stats --since 2026-11-01 --until 2026-11-16 --by all
out_is "15 days; 10-17..11-01 held nothing" "$(row all 3 100.00 0 3 1800 3600 7200 532800 33.33 33.33 3.00 100.00)"
ok "--since alone runs to now" pm-complaint stats --since 2026-11-16 --by all
out_is "C5 only; prev 11-02..11-16 holds C2 C3 C4" "$(row all 1 100.00 3 -2 "" "" "" "" 0.00 0.00 "" "")"
ok "--month last" pm-complaint stats --month last
out_is "October: C1, which was never handled" "$(row 维修/漏水 1 100.00 0 1 "" "" "" "" 0.00 0.00 "" "")"
ok "December: groups of November come back at 0" env PM_NOW="2026-12-02 09:00" pm-complaint stats
out_is "count 0, negative change, no share; ties by key" "$(row 环境/噪音 0 "" 1 -1 "" "" "" "" "" "" "" "")
$(row 维修/漏水 0 "" 2 -2 "" "" "" "" "" "" "" "")
$(row "" 0 "" 1 -1 "" "" "" "" "" "" "" "")"
ok "an empty period" pm-complaint stats --month 2026-01
quiet "prints nothing"
ok "an empty period --by all" pm-complaint stats --month 2026-01 --by all
out_is "one row of zeros" "$(row all 0 "" 0 0 "" "" "" "" "" "" "" "")"
j pm-complaint stats --month 2026-11
is "json keys and numbers" '"维修/漏水" 50 3 null' \
	"$(pm-complaint stats --month 2026-11 -o json | head -1 | jq -c '.category, .share_pct, .satisfaction' | paste -sd' ' -) $(pm-complaint stats --month 2026-11 -o json | tail -1 | jq -c .category)"
ok "the monthly report pipeline" sh -c 'pm-complaint stats --month last --by category --top 10 -o csv > report.csv'
is "csv: header and one row" 2 "$(wc -l < report.csv | tr -d ' ')"

# stats needs no permission, and writes nothing
before=$(pm-admin audit | wc -l)
ok "read-only staff may run stats" env PM_USER=wang pm-complaint stats --month 2026-11
is "no audit rows" "$before" "$(pm-admin audit | wc -l)"

# usage errors
fails 64 "unknown grouping" pm-complaint stats --by floor
err_has "lists the groupings" "category, building"
fails 64 "bad month" pm-complaint stats --month 2026-13
fails 64 "--month with --since" pm-complaint stats --month 2026-11 --since 2026-11-01
ok "-o table" pm-complaint -o table stats --month 2026-11 --by all
is "durations read as durations in a table" "30min 1h 2h 6d4h" \
	"$(awk 'NR == 2 { print $6, $7, $8, $9 }' "$T/.out")"
is "json keeps the seconds" "1800 532800" \
	"$(pm-complaint -o json stats --month 2026-11 --by all | jq -r '"\(.response_p50_s) \(.resolve_p90_s)"')"
fails 64 "--until alone" pm-complaint stats --until 2026-11-01
fails 64 "--until before --since" pm-complaint stats --since 2026-11-10 --until 2026-11-01
fails 64 "--top -1" pm-complaint stats --top -1
fails 64 "an operand" pm-complaint stats C1
done_testing
