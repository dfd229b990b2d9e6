#!/bin/sh
# pm-report monthly --site: two sites seeded alike in one database — every
# site adds up (counts, ratio parts, histograms), --site keeps one site's
# records, rows keyed by the site's codes; an unknown site is no input.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 S2 || _notok "seed"
export PM_NOW="$REPORT_NOW"
care_json all --month 2026-11
for s in S1 S2; do care_json $s --month 2026-11 --site $s; done
for f in "complaints.received 12" "complaints.open 4" \
    "complaints.response 8:20:60 5*2,20*2,30*2,60*2" \
    "complaints.resolve 6:120:17280 45*2,120*2,17280*2" "complaints.in_time 4/6" \
    "complaints.repeat 2/12" "complaints.satisfaction 4/6" "complaints.satisfaction_mean 24/6" \
    "complaints.visit_coverage 4/4" "maintenance.planned_due 6" \
    "maintenance.planned_on_time 2/6" "maintenance.faults 8" \
    "maintenance.onsite 8:20:60 10*2,20*2,30*2,60*2" "maintenance.fix 6:80:180 60*2,80*2,180*2" \
    "maintenance.cost_fen 100000"; do
	k=${f%% *} v=${f#* }
	is "both sites: $k" "$v" "$(care_fig "$k" cur "$T/all.json")"
done
is "one site S2" "6 2 1/6 3 4 50000" "$(for k in complaints.received complaints.open \
    complaints.repeat maintenance.planned_due maintenance.faults maintenance.cost_fen; do
    care_fig $k cur "$T/S2.json"; done | paste -sd' ' -)"
is "S1 and S2 alike" "$(jq -c '.figures' "$T/S1.json")" "$(jq -c '.figures' "$T/S2.json")"
is "site in the JSON" "S2 S2" "$(jq -r '[.site, (.sites | join(","))] | join(" ")' "$T/S2.json")"
is "top problems keyed by site" "维修/漏水|S1/1=3 维修/漏水|S2/1=3 -|S1=1 -|S2=1" \
	"$(care_rows complaints.top_problems cur "$T/all.json" | cut -d' ' -f1-4)"
is "categories add up" "维修/漏水=6 -=2 收费/物业费=2 环境/噪音=2" \
	"$(care_rows complaints.by_category cur "$T/all.json")"
is "equipment keyed by site" "S1/CELV-1=2/40000 S2/CELV-1=2/40000 S1/CPMP-1=1/0 S2/CPMP-1=1/0" \
	"$(care_rows maintenance.top_equipment cur "$T/all.json")"
is "S2 alone: its rows only" "维修/漏水|S2/1=3 -|S2=1 收费/物业费|S2/1=1 环境/噪音|S2/2=1" \
	"$(care_rows complaints.top_problems cur "$T/S2.json")"
is "S2's equipment" "S2/CELV-1=2/40000 S2/CPMP-1=1/0" \
	"$(care_rows maintenance.top_equipment cur "$T/S2.json")"
fails 66 "an unknown site" pm-report monthly --month 2026-11 --site S9 -o json
done_testing
