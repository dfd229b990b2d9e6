#!/bin/sh
# pm-report monthly, the safety sections over time: last month's and a
# year ago's own reports give what the month's report shows beside it
# (states judged at each month's end, not now: October's hazard and
# action still open and late then, S1's evacuation drill not yet held a
# year ago); a re-run long after gives the same figures; a month with
# nothing yet (2025-09, before the routes) is zeros and no figures.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_org || _notok "setup: organisation"
report_site S1 && seed_safety S1 || _notok "setup: seed_safety S1"
export PM_NOW="$REPORT_NOW"

# figs FILE SLOT: "key value" for each safety figure of slot
figs() {
	jq -r --arg s "$2" 'def v: if . == null then "-"
		elif has("pct") then "\(.num)/\(.den)=\(.pct)"
		elif has("p50") then "\(.n):\(.p50):\(.p90)"
		elif has("n") then "\(.n)" else tostring end;
	    .figures | to_entries[] | select(.key | test("^(patrols|actions)\\."))
	    | "\(.key) \(.value[$s] | v)"' "$1"
}
# tabs FILE SLOT: the tables' rows that have a value in slot
tabs() {
	jq -c --arg s "$2" '.tables | to_entries[] | select(.key | test("^patrols\\."))
	    | [.key, [.value.rows[] | select((.[$s] // []) | map(select(. != null)) | length > 0)
	    | [.key, .[$s]]]]' "$1"
}

pm-report monthly --month 2026-11 -o json > nov.json || _notok "setup: november"
ok "last month's own report" pm-report monthly --month 2026-10 -o json
cp "$T/.out" oct.json
is "October is what November shows beside it" "$(figs nov.json prev)" "$(figs oct.json cur)"
is "and its tables" "$(tabs nov.json prev)" "$(tabs oct.json cur)"
is "October's figures" "patrols.rounds_planned 3
patrols.rounds_walked 2
patrols.rounds_missed 1
patrols.coverage 6/9=6667
patrols.hazards_found 1
patrols.hazards_rectified 0
patrols.hazards_overdue 1
patrols.hazards_in_time -
patrols.drills_held 1
patrols.drills_due 3
patrols.incidents 1
patrols.incident_response 1:41:41
actions.opened 1
actions.done 0
actions.verified 0
actions.overdue 1
actions.pending 1" "$(figs oct.json cur)"
is "40.5 minutes is 41" "[[41,1]]" "$(jq -c '.figures."patrols.incident_response".cur.hist' oct.json)"

ok "a year ago's own report" pm-report monthly --month 2025-11 -o json
cp "$T/.out" y25.json
is "2025-11 is what November shows a year ago" "$(figs nov.json yoy)" "$(figs y25.json cur)"
is "and its tables" "$(tabs nov.json yoy)" "$(tabs y25.json cur)"
is "its figures" "patrols.rounds_planned 3
patrols.rounds_walked 1
patrols.rounds_missed 2
patrols.coverage 3/9=3333
patrols.hazards_found 0
patrols.hazards_rectified 0
patrols.hazards_overdue 0
patrols.hazards_in_time -
patrols.drills_held 1
patrols.drills_due 4
patrols.incidents 0
patrols.incident_response -
actions.opened 0
actions.done 0
actions.verified 0
actions.overdue 0
actions.pending 0" "$(figs y25.json cur)"
is "2025-11 beside 2025-10: one round walked less" "patrols.rounds_planned 3
patrols.rounds_walked 0
patrols.rounds_missed 3" "$(figs y25.json prev | head -n 3)"

# before the route was loaded: nothing planned, nothing to divide by
ok "a month before everything" pm-report monthly --month 2025-09 -o json
is "zeros and no figures" "patrols.rounds_planned 0
patrols.coverage -
patrols.hazards_in_time -
patrols.drills_due 5
patrols.incident_response -" \
	"$(figs "$T/.out" cur | grep -E 'rounds_planned|coverage|in_time|drills_due|response')"

# long after: what has happened since changes nothing of November
PM_NOW="2027-12-02 09:00" ok "November re-run a year later" pm-report monthly --month 2026-11 -o json
cp "$T/.out" later.json
is "the same figures" "$(figs nov.json cur)" "$(figs later.json cur)"
is "the same tables" "$(tabs nov.json cur)" "$(tabs later.json cur)"
is "and the same last month" "$(figs nov.json prev)" "$(figs later.json prev)"

# the day after the month: the round of the 25th closed long ago, the
# hazard fixed and the action done on 12-01 still count as open at the end
PM_NOW="2026-12-01 08:30" ok "run the morning after" pm-report monthly --month 2026-11 -o json
is "the same November" "$(figs nov.json cur)" "$(figs "$T/.out" cur)"
done_testing
