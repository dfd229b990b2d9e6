#!/bin/sh
# pm-report merge: the care sections of two databases (S1 and S2, each
# seeded by seed_care) added up equal the report of one database holding
# both, figure by figure and row by row; the merged text shows them.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$T/a.db" S1 || _notok "seed a"
report_db "$T/b.db" S2 || _notok "seed b"
report_db "$T/ab.db" S1 S2 || _notok "seed ab"
export PM_NOW="$REPORT_NOW"
for d in a b ab; do
	ok "report $d" pm-report -d "$T/$d.db" monthly --month 2026-11 -o json
	cp "$T/.out" "$T/$d.json"
done
ok "merge a b" pm-report merge "$T/a.json" "$T/b.json" -o json
cp "$T/.out" "$T/m.json"
care() { jq -S --arg p "$1" '[.figures | to_entries[] | select(.key | startswith($p))],
	[.tables | to_entries[] | select(.key | startswith($p))]' "$2"; }
is "complaints: merged = one database" "$(care complaints. "$T/ab.json")" \
	"$(care complaints. "$T/m.json")"
is "maintenance: merged = one database" "$(care maintenance. "$T/ab.json")" \
	"$(care maintenance. "$T/m.json")"
is "merged medians from the added histograms" "8:20:60 5*2,20*2,30*2,60*2" \
	"$(care_fig complaints.response cur "$T/m.json")"
is "merged ratios add their parts" "4/6 6667" "$(care_fig complaints.satisfaction cur "$T/m.json") $(jq '.figures["complaints.satisfaction"].cur.pct' "$T/m.json")"
is "sites" "S1,S2" "$(jq -r '.sites | join(",")' "$T/m.json")"
ok "merge b a: the order does not matter" pm-report merge "$T/b.json" "$T/a.json" -o json
is "same care figures" "$(care complaints "$T/m.json")" "$(care complaints "$T/.out")"
done_testing
