#!/bin/sh
# pm-report monthly: the fees section on a seeded month whose every
# figure is known (report-seed-fee.sh tells the story), fen exact; last
# month beside it, and a year ago with nothing billed.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || { echo "Bail out! seed"; exit 1; }
export PM_NOW="$REPORT_NOW"
ok "monthly" pm-report monthly --month 2026-11 -o json
cp "$T/.out" r.json
f() { jq -c --arg k "$1" --arg s "$2" '.figures[$k][$s]' r.json; }
is "billed" '{"fen":72000}' "$(f fees.billed_fen cur)"
is "collected" '{"fen":30000}' "$(f fees.collected_fen cur)"
is "waived" '{"fen":2000}' "$(f fees.waived_fen cur)"
is "collection rate" '{"num":30000,"den":72000,"pct":4167}' "$(f fees.collection_rate cur)"
is "household rate" '{"num":2,"den":4,"pct":5000}' "$(f fees.household_rate cur)"
is "arrears" '{"fen":48000}' "$(f fees.arrears_fen cur)"
is "late fees fixed" '{"fen":40}' "$(f fees.late_fee_fen cur)"
is "budget" '{"fen":1200000}' "$(f fees.budget_fen cur)"
is "spent" '{"fen":400000}' "$(f fees.spent_fen cur)"
is "budget used" '{"num":400000,"den":1200000,"pct":3333}' "$(f fees.budget_used cur)"
is "kinds" "fen fen fen ratio ratio fen fen fen fen ratio" \
    "$(jq -r '[.figures | to_entries[] | select(.key | startswith("fees.")) | .value.kind] | join(" ")' r.json)"
# last month
is "billed, October" '{"fen":72000}' "$(f fees.billed_fen prev)"
is "collected, October (as of its end)" '{"fen":46000}' "$(f fees.collected_fen prev)"
is "collection rate, October" '{"num":46000,"den":72000,"pct":6389}' "$(f fees.collection_rate prev)"
is "household rate, October" '{"num":2,"den":4,"pct":5000}' "$(f fees.household_rate prev)"
is "arrears, October" '{"fen":24000}' "$(f fees.arrears_fen prev)"
is "no late fee in October" '{"fen":0}' "$(f fees.late_fee_fen prev)"
is "spent to October" '{"num":100000,"den":1200000,"pct":833}' "$(f fees.budget_used prev)"
# a year ago: nothing billed, no rate
is "billed, a year ago" '{"fen":0}' "$(f fees.billed_fen yoy)"
is "no rate a year ago" 'null' "$(f fees.collection_rate yoy)"
is "no arrears a year ago" '{"fen":0}' "$(f fees.arrears_fen yoy)"
is "no budget in 2025" 'null' "$(f fees.budget_used yoy)"
# the ageing table
is "ageing rows in order" "1_1-30 2_31-90 3_91-180 4_181-365 5_1-3y 6_3y+" \
    "$(jq -r '[.tables["fees.ageing"].rows[].key] | join(" ")' r.json)"
is "ageing now" "1_1-30 24000 1,2_31-90 24000 1,3_91-180 0 0,4_181-365 0 0,5_1-3y 0 0,6_3y+ 0 0" \
    "$(jq -r '[.tables["fees.ageing"].rows[] | "\(.key) \(.cur[0].fen) \(.cur[1].n)"] | join(",")' r.json)"
is "ageing a month ago" "0 0,24000 1,0 0,0 0,0 0,0 0" \
    "$(jq -r '[.tables["fees.ageing"].rows[] | "\(.prev[0].fen) \(.prev[1].n)"] | join(",")' r.json)"
is "ageing columns" "arrears_fen bills" "$(jq -r '.tables["fees.ageing"].cols | join(" ")' r.json)"
# the trend: twelve months to November, each as of its own end
is "trend months" "2025-12 2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11" \
    "$(jq -r '[.tables["fees.trend"].rows[].key] | join(" ")' r.json)"
is "trend's last three" "2026-09 6667 72000 48000,2026-10 6389 72000 46000,2026-11 4167 72000 30000" \
    "$(jq -r '[.tables["fees.trend"].rows[-3:][] | "\(.key) \(.cur[0].pct) \(.cur[1].fen) \(.cur[2].fen)"] | join(",")' r.json)"
is "no rate where nothing was billed" "null" "$(jq -c '.tables["fees.trend"].rows[0].cur[0]' r.json)"
is "the trend is the current month's only" "null" "$(jq -c '.tables["fees.trend"].rows[0].prev' r.json)"
# the KPI default: collection rate >= 95 %, missed
is "the collection rate misses its target" "false" "$(jq -c '.figures["fees.collection_rate"].met' r.json)"
done_testing
