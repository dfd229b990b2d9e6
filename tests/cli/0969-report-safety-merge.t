#!/bin/sh
# The safety sections add up across databases: S1 in one database, S2
# in another (seed_safety, so S2's records have other IDs in the
# two-site database), merged, equal the report of one database holding
# both, figure by figure and row by row — the coverage ratios by their
# numerators and denominators, the response times by their histograms;
# each site's own report equals that site's part of the two-site one.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
one() {
	PM_DB=$1; export PM_DB
	shift
	report_org || _notok "setup: organisation of $PM_DB"
	for s in "$@"; do
		report_site "$s" && seed_safety "$s" || _notok "setup: $s in $PM_DB"
	done
}
(one "$T/a.db" S1) && (one "$T/b.db" S2) && (one "$T/ab.db" S1 S2) || _notok "setup"
export PM_NOW="$REPORT_NOW"

# safety FILE: the safety figures and tables, without derived members
# that merge recomputes anyway (so a difference is a real one)
safety() {
	jq -S '{figures: (.figures | with_entries(select(.key | test("^(patrols|actions)\\.")))
	    | map_values({kind, cur, prev, yoy})),
	    tables: (.tables | with_entries(select(.key | test("^patrols\\.")))),
	    sites}' "$1"
}

PM_DB=$T/a.db ok "S1's report" pm-report monthly --month 2026-11 -o json
cp "$T/.out" a.json
PM_DB=$T/b.db ok "S2's report" pm-report monthly --month 2026-11 -o json
cp "$T/.out" b.json
PM_DB=$T/ab.db ok "the report of both" pm-report monthly --month 2026-11 -o json
cp "$T/.out" ab.json
ok "merge" pm-report merge a.json b.json -o json
cp "$T/.out" m.json
safety ab.json > want
safety m.json > got
same_file "merged equals one database, figure by figure" want got
is "the coverage added by its parts" '{"num":10,"den":18,"pct":5556}' \
	"$(jq -c '.figures."patrols.coverage".cur' m.json)"
is "the response by its histogram" '[[25,2],[90,2]]' \
	"$(jq -c '.figures."patrols.incident_response".cur.hist' m.json)"
is "a row per site" "S1 S2" "$(jq -r '[.tables."patrols.coverage_by_site".rows[].key] | join(" ")' m.json)"
ok "merge in the other order" pm-report merge b.json a.json -o json
safety "$T/.out" > got2
same_file "the same" want got2

PM_DB=$T/ab.db ok "S2 from the two-site database" pm-report monthly --month 2026-11 --site S2 -o json
jq -S '.figures | with_entries(select(.key | test("^(patrols|actions)\\.")))' "$T/.out" > s2-ab
jq -S '.figures | with_entries(select(.key | test("^(patrols|actions)\\.")))' b.json > s2-b
same_file "equals S2's own database" s2-ab s2-b
done_testing
