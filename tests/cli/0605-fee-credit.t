#!/bin/sh
# pm-fee credit: an overpayment is credit; with fee.credit auto the next
# bill and charge use it, oldest payment first; with request only
# `credit apply` does; credit list.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_config '  due_day: 15\n  credit: request\n' '    REPAIR:\n      name: 有偿维修\n      basis: oneoff\n' '' request.yaml
fee_setup '  due_day: 15\n' '    REPAIR:\n      name: 有偿维修\n      basis: oneoff\n'
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit unit new 9-901 --site moon --area 100.00 --state occupied --handover 2026-01-01 >/dev/null
export PM_USER=qian PM_NOW="2026-10-20 10:00"

# paid in advance: credit, before any bill
ok "prepay 1-101" pm-fee pay --site sunny --unit 1-101 --amount 150 --method cash
out_is "all of it credit" "P1	sunny-2026-000001	150.00	0.00	150.00"
ok "prepay again" pm-fee pay --site sunny --unit 1-101 --amount 100 --method wechat --ref W1
ok "moon prepays" pm-fee pay --site moon --unit 9-901 --amount 50 --method cash
out_is "moon's own receipt sequence" "P3	moon-2026-000001	50.00	0.00	50.00"
ok "credit list" pm-fee credit list
out_is "two units" "moon	9-901	50.00	1
sunny	1-101	250.00	2"
ok "credit list --site" pm-fee credit list --site sunny -o id
out_is "one" "1-101"
ok "credit list --unit" pm-fee credit list --site moon --unit 9-901
out_is "moon's" "moon	9-901	50.00	1"

# the bill uses it: oldest payment first, dated the bill's day
ok "bill november (sunny)" pm-fee bill --period 2026-11 --site sunny
is "B1 from P1 (150.00) then P2 (50.00)" "P1 B1.1=150.00|P2 B1.1=50.00" \
    "$(for p in P1 P2; do printf '%s %s|' $p "$(pm-fee -o json payment show $p | allocs_sep ,)"; done | sed 's/|$//')"
is "dated the bill's date" "2026-11-01 2026-11-01" "$(q "SELECT group_concat(date, ' ') FROM ledger_txn WHERE kind = 'allocation'")"
ok "bill list" pm-fee bill list --site sunny
out_is "1-101 paid from credit, 1-102 not" "B1	sunny	1-101	2026-11	2026-11-01	2026-12-15	200.00	0.00	0.00	1
B2	sunny	1-102	2026-11	2026-11-01	2026-12-15	100.00	100.00	0.00	0"
ok "credit list" pm-fee credit list
out_is "what is left" "moon	9-901	50.00	1
sunny	1-101	50.00	1"
is "moon untouched by a sunny run" 0 "$(q "SELECT count(*) FROM ledger_txn t WHERE kind = 'allocation' AND ref = 'P3'")"

# a charge uses the unit's credit too
ok "charge" pm-fee charge --site sunny --unit 1-101 --item REPAIR --amount 30 --reason 换灯泡
out_is "B3" B3
is "settled from P2" "B1.1=50.00,B3.1=30.00" "$(pm-fee -o json payment show P2 | allocs_sep ,)"
ok "credit list" pm-fee credit list --site sunny
out_is "20.00 left" "sunny	1-101	20.00	1"

# fee.credit request: only credit apply settles
export PM_CONFIG="$T/request.yaml"
ok "moon bills" pm-fee bill --period 2026-11 --site moon
ok "credit kept" pm-fee credit list --site moon
out_is "still 50.00" "moon	9-901	50.00	1"
ok "credit apply --unit" pm-fee credit apply --site moon --unit 9-901
quiet "quiet"
ok "applied" pm-fee credit list --site moon
out_is "none left" ""
ok "bill show" pm-fee -o json bill show B4
is "B4 paid 50.00 of 200.00" "15000 false" "$(jq -r '"\(.left_fen) \(.paid)"' "$T/.out")"
ok "overpay 1-102 on request" pm-fee pay --site sunny --unit 1-102 --amount 300 --method cash --for B2
out_is "the rest credit" "P4	sunny-2026-000003	300.00	100.00	200.00"
ok "bill december" pm-fee bill --period 2026-12 --site sunny
ok "credit kept" pm-fee credit list --site sunny --unit 1-102
out_is "200.00" "sunny	1-102	200.00	1"
ok "credit apply (all units)" pm-fee -o tsv credit apply
out_is "applied: 1-101 20.00 + 1-102 100.00" "120.00"
ok "-n says, writes nothing" pm-fee -n credit apply
out_is "nothing more" "0.00"
fails 66 "credit apply: no such unit" pm-fee credit apply --site sunny --unit 0-0
fails 66 "credit apply: no such site" pm-fee credit apply --site nowhere
fails 64 "credit apply: which site" pm-fee credit apply --unit 1-101
fails 77 "maint may not apply credit" env PM_USER=wang pm-fee credit apply
fails 77 "nor list it" env PM_USER=wang pm-fee credit list
ok "pm-admin check" pm-admin check
done_testing
