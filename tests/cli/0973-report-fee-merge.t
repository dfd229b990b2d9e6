#!/bin/sh
# pm-report merge: the fees figures of two sites' databases added up are
# those of one database holding both, figure by figure and row by row
# (ratios add numerator and denominator; the ageing and the trend by
# their natural keys).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$T/a.db" S1 || { echo "Bail out! seed a"; exit 1; }
report_db "$T/b.db" S2 || { echo "Bail out! seed b"; exit 1; }
report_db "$T/ab.db" S1 S2 || { echo "Bail out! seed ab"; exit 1; }
# S2 differs: 2-101 pays 240.00 on 11-28 (its September, late fee first)
for db in b.db ab.db; do
	PM_DB="$T/$db" PM_NOW="2026-11-28 10:00" PM_USER=qian pm-fee pay --site S2 --unit 2-101 \
	    --amount 240 --method bank >/dev/null
done
export PM_NOW="$REPORT_NOW"
for db in a b ab; do
	PM_DB="$T/$db.db" pm-report monthly --month 2026-11 -o json >"$db.json" ||
	    echo "Bail out! report $db"
done
ok "merge" pm-report merge a.json b.json -o json
cp "$T/.out" m.json
fees() { jq -S '{f: (.figures | with_entries(select(.key | startswith("fees.")))),
    t: (.tables | with_entries(select(.key | startswith("fees.")))
        | map_values(.rows |= map(del(.label))))}' "$1"; }
fees m.json >m.fees
fees ab.json >ab.fees
same_file "merged fees = one database's" m.fees ab.fees
is "arrears added" '{"fen":73416}' "$(jq -c '.figures["fees.arrears_fen"].cur' m.json)"
is "the rate from the sums" '{"num":60000,"den":144000,"pct":4167}' \
    "$(jq -c '.figures["fees.collection_rate"].cur' m.json)"
is "late fees of both" '{"fen":1496}' "$(jq -c '.figures["fees.late_fee_fen"].cur' m.json)"
is "budgets of both" '{"fen":2400000}' "$(jq -c '.figures["fees.budget_fen"].cur' m.json)"
done_testing
