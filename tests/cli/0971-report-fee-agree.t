#!/bin/sh
# pm-report monthly's fees figures are pm-fee's: stats of the same
# period as of the same day, arrears --aging as of the same day — for
# the month, last month and a year ago, for every site and for one site,
# and for a month under way (as of today).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 S2 || { echo "Bail out! seed"; exit 1; }
# S2 settles more: 2-101 pays its September on 11-28
PM_NOW="2026-11-28 10:00" PM_USER=qian pm-fee pay --site S2 --unit 2-101 --amount 240 \
    --method bank >/dev/null
# the figures of the report (cur/prev/yoy) beside pm-fee's as of asof
agree() {       # NAME SLOT PERIOD ASOF [SITE]
	_site=${5:+--site $5}
	# shellcheck disable=SC2086
	pm-fee stats --period "$3" --as-of "$4" $_site -o json >stats.json
	# shellcheck disable=SC2086
	pm-fee arrears --aging --as-of "$4" $_site -o json >ageing.json 2>/dev/null
	is "$1: billed, collected, waived" \
	    "$(jq -r '"\(.billed_fen) \(.collected_fen) \(.waived_fen) \(.units_billed) \(.units_paid)"' stats.json)" \
	    "$(jq -r --arg s "$2" '.figures as $f | "\($f["fees.billed_fen"][$s].fen) \($f["fees.collected_fen"][$s].fen) \($f["fees.waived_fen"][$s].fen) \($f["fees.household_rate"][$s].den // 0) \($f["fees.household_rate"][$s].num // 0)"' r.json)"
	is "$1: arrears" "$(jq -s 'map(.principal_fen) | add // 0' ageing.json)" \
	    "$(jq -r --arg s "$2" '.figures["fees.arrears_fen"][$s].fen' r.json)"
	is "$1: ageing" \
	    "$(jq -s -c '[(map(.d1_30_fen) | add // 0), (map(.d31_90_fen) | add // 0), (map(.d91_180_fen) | add // 0), (map(.d181_365_fen) | add // 0), (map(.y1_3_fen) | add // 0), (map(.over_3y_fen) | add // 0)]' ageing.json)" \
	    "$(jq -c --arg s "$2" '[.tables["fees.ageing"].rows[] | .[$s][0].fen]' r.json)"
}
export PM_NOW="$REPORT_NOW"
ok "monthly, every site" pm-report monthly --month 2026-11 -o json
cp "$T/.out" r.json
agree "November" cur 2026-11 2026-11-30
agree "October" prev 2026-10 2026-10-31
agree "a year ago" yoy 2025-11 2025-11-30
ok "monthly, one site" pm-report monthly --month 2026-11 --site S2 -o json
cp "$T/.out" r.json
agree "S2, November" cur 2026-11 2026-11-30 S2
agree "S2, October" prev 2026-10 2026-10-31 S2
# 2-101's 240.00 went to September: its late fee fixed first (24 fen a
# day, 10-01..11-28: 14.16), so 14.16 of September is left
is "S2's arrears: October and what is left of September" '{"fen":25416}' \
    "$(jq -c '.figures["fees.arrears_fen"].cur' r.json)"
is "no budget for a site" "null null" \
    "$(jq -r '"\(.figures["fees.budget_fen"].cur) \(.figures["fees.budget_used"].cur)"' r.json)"
# a month under way: as of today
export PM_NOW="2026-11-21 09:00"
ok "monthly, this month" pm-report monthly --month 2026-11 -o json
cp "$T/.out" r.json
agree "November so far" cur 2026-11 2026-11-21
is "late fees fixed so far (both sites)" '{"fen":80}' "$(jq -c '.figures["fees.late_fee_fen"].cur' r.json)"
is "the trend stops at today" "2026-11" "$(jq -r '.tables["fees.trend"].rows[-1].key' r.json)"
done_testing
