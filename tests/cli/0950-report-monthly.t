#!/bin/sh
# pm-report monthly -o json: the shape and its stable keys on an empty
# database (every figure present with its three periods, null where
# nothing was counted), --month and --site, the usage errors, the
# permission.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new S2 --name 二期 --kind residential >/dev/null
pm-unit site new S1 --name 一期 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-org staff new ma --name 马市场 --roles market --dept market >/dev/null 2>&1

ok "monthly json on an empty database" pm-report monthly --month 2026-11 -o json
cp "$T/.out" empty.json
is "one JSON text" "1" "$(jq -s length empty.json)"
is "top-level keys, in order" "report version month prev yoy site sites figures tables kpi" \
	"$(jq -r 'keys_unsorted | join(" ")' empty.json)"
is "what and which months" "monthly 1 2026-11 2026-10 2025-11" \
	"$(jq -r '"\(.report) \(.version) \(.month) \(.prev) \(.yoy)"' empty.json)"
is "every site, sorted; site null" "null S1,S2" "$(jq -r '"\(.site) \(.sites | join(","))"' empty.json)"
is "every figure has a kind and three periods" "" \
	"$(jq -r '.figures | to_entries[] | select((.value.kind | IN("count","fen","ratio","mean","dist") | not)
	    or (.value | has("cur") and has("prev") and has("yoy") | not)) | .key' empty.json)"
is "figure keys are section.name" "" \
	"$(jq -r '.figures | keys[] | select(test("^(complaints|maintenance|patrols|fees|actions)\\.[a-z0-9_.]+$") | not)' empty.json)"
# nothing counted: no value, or a zero (but the drills due: every site is
# due its drills while none is held, a state, not an event)
is "null or zero where nothing happened" "" \
	"$(jq -r '.figures | to_entries[] | select(.key != "patrols.drills_due")
	    | select(.value.kind != "ratio" and .value.kind != "mean" and .value.kind != "dist")
	    | select([.value.cur, .value.prev, .value.yoy][] | . != null and (.n // .fen) != 0) | .key' empty.json | sort -u)"
is "ratios, means and distributions are no figure" "" \
	"$(jq -r '.figures | to_entries[] | select(.value.kind == "ratio" or .value.kind == "mean" or .value.kind == "dist")
	    | select([.value.cur, .value.prev, .value.yoy][] | . != null and (.den // .n) != 0) | .key' empty.json | sort -u)"
# rows that are always there (ageing buckets, the months of a trend) hold nothing
is "tables have their columns, and no row counts anything" "" \
	"$(jq -r '.tables | to_entries[] | select((.value.cols | length) == 0 or
	    ([.value.rows[] | (.cur, .prev, .yoy) | select(. != null) | .[] | select(. != null) |
	      (.n // .fen // .num // 0)] | any(. != 0))) | .key' empty.json)"
is "the kpi list matches the figures' targets" \
	"$(jq -r '[.figures | to_entries[] | select(.value | has("target")) | .key] | sort | join(" ")' empty.json)" \
	"$(jq -r '[.kpi[].key] | sort | join(" ")' empty.json)"
is "no KPI is missed on no figures" "" "$(jq -r '.kpi[] | select(.met == false) | .key' empty.json)"
ok "again: the same bytes" pm-report monthly --month 2026-11 -o json
same_file "stable output" empty.json "$T/.out"

# the month: default last month (PM_NOW is 2026-11-30)
ok "default month" pm-report monthly -o json
is "last month" "2026-10 2026-09 2025-10" "$(jq -r '"\(.month) \(.prev) \(.yoy)"' "$T/.out")"
ok "this" pm-report monthly --month this -o json
is "this month" "2026-11" "$(jq -r .month "$T/.out")"
ok "January: last month is the year before" pm-report monthly --month 2026-01 -o json
is "prev across the year" "2025-12 2025-01" "$(jq -r '"\(.prev) \(.yoy)"' "$T/.out")"
fails 64 "a bad month" pm-report monthly --month 2026-13 -o json
err_has "names the option" -- '--month'
fails 64 "not a month" pm-report monthly --month soon -o json

# one site
ok "--site" pm-report monthly --month 2026-11 --site S1 -o json
is "site and sites" "S1 S1" "$(jq -r '"\(.site) \(.sites | join(","))"' "$T/.out")"
is "the same keys for a site" "$(jq -c '.figures | keys' empty.json)" "$(jq -c '.figures | keys' "$T/.out")"
fails 66 "an unknown site" pm-report monthly --site S9 -o json
err_has "says which" 'site S9: no such site'
fails 66 "kpi: an unknown site" pm-report kpi --site S9

# usage
fails 64 "an operand" pm-report monthly extra
fails 64 "a row format" pm-report monthly -o csv
err_has "names the formats" 'text, md, html, json'
fails 64 "kpi: a document format" pm-report kpi -o html
fails 64 "an unknown option" pm-report monthly --since 2026-11-01
fails 64 "an unknown verb" pm-report weekly
ok "--help" pm-report monthly --help
out_has "the usage line" 'usage: pm-report monthly \[--month YYYY-MM\|this\|last\] \[--site CODE\]'

# who may read the figures: report.read (manager, market; admin)
PM_USER=zhao ok "a manager reads the report" pm-report monthly -o json
PM_USER=ma ok "market reads the report" pm-report kpi
PM_USER=wang fails 77 "maintenance may not" pm-report monthly -o json
err_has "names the permission" 'report.read'
PM_USER=wang fails 77 "nor the KPIs" pm-report kpi
rm -f "$PM_DB"
fails 66 "no database" pm-report monthly -o json
done_testing
