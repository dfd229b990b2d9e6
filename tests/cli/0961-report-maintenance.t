#!/bin/sh
# pm-report monthly: the maintenance section on a seeded month (seed_care)
# — planned jobs due by occurrence and done on time, faults (not the
# cancelled one), on-site and fix minutes (the pause left out) with their
# histograms, cost, the equipment with the most failures; a failed
# acceptance after the month leaves November's job done.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || _notok "seed"
export PM_NOW="$REPORT_NOW"
care_json r --month 2026-11
is "planned due: 11-01, 11-16, and 11-30 whose day has ended" 3 \
	"$(care_fig maintenance.planned_due)"
is "on time: only 11-01" 1/3 "$(care_fig maintenance.planned_on_time)"
is "completion in hundredths" 3333 "$(jq '.figures["maintenance.planned_on_time"].cur.pct' "$T/r.json")"
is "faults: W1 W2 W3 W5, not the false alarm" 4 "$(care_fig maintenance.faults)"
is "on site: 10 20 30 60 min" "4:20:60 10*1,20*1,30*1,60*1" "$(care_fig maintenance.onsite)"
is "fix: 60, 80 (140 less the hour paused), 180; W2 failed in December, done in November" \
	"3:80:180 60*1,80*1,180*1" "$(care_fig maintenance.fix)"
is "cost: 300 + 100 + 50 (a part) + 50 (planned) yuan" 50000 "$(care_fig maintenance.cost_fen)"
is "top equipment: failures and their cost" "S1/CELV-1=2/40000 S1/CPMP-1=1/0" \
	"$(care_rows maintenance.top_equipment)"
is "its columns" '["failures","cost_fen"]' \
	"$(jq -c '.tables["maintenance.top_equipment"].cols' "$T/r.json")"
is "the equipment's label" "S1/CELV-1 1号楼客梯" \
	"$(jq -r '.tables["maintenance.top_equipment"].rows[0].label' "$T/r.json")"
is "every maintenance figure" "maintenance.cost_fen maintenance.faults maintenance.fix maintenance.onsite maintenance.planned_due maintenance.planned_on_time" \
	"$(jq -r '[.figures | keys[] | select(startswith("maintenance."))] | join(" ")' "$T/r.json")"
is "kpi: planned on time missed" false "$(jq '.figures["maintenance.planned_on_time"].met' "$T/r.json")"

# mid-month: what is due and done by now
ok "as of 11-20 12:00" env PM_NOW="2026-11-20 12:00" pm-report monthly --month 2026-11 -o json
cp "$T/.out" "$T/mid.json"
is "two planned jobs due so far, one on time" "2 1/2" \
	"$(care_fig maintenance.planned_due cur "$T/mid.json") $(care_fig maintenance.planned_on_time cur "$T/mid.json")"
is "faults reported by now: W1 W2 W3" 3 "$(care_fig maintenance.faults cur "$T/mid.json")"
is "W3 on site at 10:10" "3:20:60 10*1,20*1,60*1" "$(care_fig maintenance.onsite cur "$T/mid.json")"

# later events do not move November
ok "W3 done in December" env PM_NOW="2026-12-05 09:00" sh -c \
	'w=$(pm-workorder list --site S1 -o json | jq -r "select(.title == \"漏水\") | .id") &&
	pm-workorder --as wang done "$w" --work 修好 --cost 500 --at "2026-12-05 08:00"'
ok "again in December" env PM_NOW="2026-12-06 09:00" pm-report monthly --month 2026-11 -o json
is "maintenance the same as of the month's end" \
	"$(jq -c '[.figures | to_entries[] | select(.key | startswith("maintenance."))], .tables["maintenance.top_equipment"]' "$T/r.json")" \
	"$(jq -c '[.figures | to_entries[] | select(.key | startswith("maintenance."))], .tables["maintenance.top_equipment"]' "$T/.out")"
ok "December" env PM_NOW="2026-12-06 09:00" pm-report monthly --month 2026-12 -o json
is "December's prev is November" "4 3" "$(jq -r '[.figures["maintenance.faults"].prev.n,
	.figures["maintenance.planned_due"].prev.n] | join(" ")' "$T/.out")"
done_testing
