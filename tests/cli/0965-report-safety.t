#!/bin/sh
# pm-report monthly, the patrols and actions sections: a database of two
# sites, each seeded by seed_safety with a month whose facts are known
# (tests/cli/report-seed-safety.sh: rounds walked, skipped and missed,
# hazards rectified in time, late, after the month, cancelled; drills;
# incidents; actions done, accepted, overdue, cancelled), and every
# figure exact in -o json for the month, last month and a year ago;
# then one site; the tables by site and by level.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_org || _notok "setup: organisation"
for s in S1 S2; do
	report_site $s && seed_safety $s || _notok "setup: seed_safety $s"
done
export PM_NOW="$REPORT_NOW"

# figs FILE: "key cur | prev | yoy" for each safety figure, values as
# n, num/den=pct, n:p50:p90 or -
figs() {
	jq -r 'def v: if . == null then "-"
		elif has("pct") then "\(.num)/\(.den)=\(.pct)"
		elif has("p50") then "\(.n):\(.p50):\(.p90)"
		elif has("n") then "\(.n)" else tostring end;
	    .figures | to_entries[] | select(.key | test("^(patrols|actions)\\."))
	    | "\(.key) \(.value.cur | v) | \(.value.prev | v) | \(.value.yoy | v)"' "$1"
}

ok "monthly -o json" pm-report monthly --month 2026-11 -o json
cp "$T/.out" all.json
is "the kinds" "count count count ratio count count count ratio count count count dist count count count count count" \
	"$(jq -r '[.figures | to_entries[] | select(.key | test("^(patrols|actions)\\.")) | .value.kind] | join(" ")' all.json)"
is "every figure, both sites" "patrols.rounds_planned 6 | 6 | 6
patrols.rounds_walked 4 | 4 | 2
patrols.rounds_missed 2 | 2 | 4
patrols.coverage 10/18=5556 | 12/18=6667 | 6/18=3333
patrols.hazards_found 8 | 2 | 0
patrols.hazards_rectified 6 | 0 | 0
patrols.hazards_overdue 4 | 2 | 0
patrols.hazards_in_time 2/6=3333 | - | -
patrols.drills_held 2 | 2 | 2
patrols.drills_due 6 | 6 | 8
patrols.incidents 6 | 2 | 0
patrols.incident_response 4:25:90 | 2:41:41 | -
actions.opened 10 | 2 | 0
actions.done 4 | 0 | 0
actions.verified 2 | 0 | 0
actions.overdue 4 | 2 | 0
actions.pending 6 | 2 | 0" "$(figs all.json)"
is "the response histogram" "[[25,2],[90,2]]" "$(jq -c '.figures."patrols.incident_response".cur.hist' all.json)"
is "coverage by site, by code" "S1 S1花园 5/9 3 1 | 6/9 3 1 | 3/9 3 2
S2 S2花园 5/9 3 1 | 6/9 3 1 | 3/9 3 2" \
	"$(jq -r '.tables."patrols.coverage_by_site".rows[] |
	    "\(.key) \(.label) \(.cur[0].num)/\(.cur[0].den) \(.cur[1].n) \(.cur[2].n) | \(.prev[0].num)/\(.prev[0].den) \(.prev[1].n) \(.prev[2].n) | \(.yoy[0].num)/\(.yoy[0].den) \(.yoy[1].n) \(.yoy[2].n)"' all.json)"
is "its columns" "coverage rounds missed" "$(jq -r '.tables."patrols.coverage_by_site".cols | join(" ")' all.json)"
is "incidents by level, most first" "general 4 90:90 | 2 41 | null
serious 2 25:25 | null null | null" \
	"$(jq -r '.tables."patrols.incidents_by_level".rows[] |
	    "\(.key) \(.cur[0].n) \(.cur[1].p50):\(.cur[1].p90) | \(.prev[0].n // "null") \(.prev[1].p50 // "null") | \(.yoy[0] // "null")"' all.json)"

ok "one site" pm-report monthly --month 2026-11 --site S2 -o json
cp "$T/.out" s2.json
is "S2's figures" "patrols.rounds_planned 3 | 3 | 3
patrols.rounds_walked 2 | 2 | 1
patrols.rounds_missed 1 | 1 | 2
patrols.coverage 5/9=5556 | 6/9=6667 | 3/9=3333
patrols.hazards_found 4 | 1 | 0
patrols.hazards_rectified 3 | 0 | 0
patrols.hazards_overdue 2 | 1 | 0
patrols.hazards_in_time 1/3=3333 | - | -
patrols.drills_held 1 | 1 | 1
patrols.drills_due 3 | 3 | 4
patrols.incidents 3 | 1 | 0
patrols.incident_response 2:25:90 | 1:41:41 | -
actions.opened 5 | 1 | 0
actions.done 2 | 0 | 0
actions.verified 1 | 0 | 0
actions.overdue 2 | 1 | 0
actions.pending 3 | 1 | 0" "$(figs s2.json)"
is "one row" "S2" "$(jq -r '[.tables."patrols.coverage_by_site".rows[].key] | join(" ")' s2.json)"
fails 66 "an unknown site" pm-report monthly --month 2026-11 --site S9 -o json

# a site with no records of its own: counts 0, ratios and times no figure
report_site S3 >/dev/null 2>&1 || _notok "setup: S3"
ok "a site with nothing" pm-report monthly --month 2026-11 --site S3 -o json
cp "$T/.out" s3.json
is "zeros and no figures" "patrols.rounds_planned 0 | 0 | 0
patrols.rounds_walked 0 | 0 | 0
patrols.rounds_missed 0 | 0 | 0
patrols.coverage - | - | -
patrols.hazards_found 0 | 0 | 0
patrols.hazards_rectified 0 | 0 | 0
patrols.hazards_overdue 0 | 0 | 0
patrols.hazards_in_time - | - | -
patrols.drills_held 0 | 0 | 0
patrols.drills_due 5 | 5 | 5
patrols.incidents 0 | 0 | 0
patrols.incident_response - | - | -
actions.opened 0 | 0 | 0
actions.done 0 | 0 | 0
actions.verified 0 | 0 | 0
actions.overdue 0 | 0 | 0
actions.pending 0 | 0 | 0" "$(figs s3.json)"
is "no rows" "0 0" "$(jq -r '[(.tables."patrols.coverage_by_site".rows | length), (.tables."patrols.incidents_by_level".rows | length)] | join(" ")' s3.json)"
done_testing
