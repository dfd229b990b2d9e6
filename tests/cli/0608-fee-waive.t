#!/bin/sh
# pm-fee waive: a late fee fixed, waived and frozen, or principal waived
# over the lines; needs fee.waive (77 for a clerk without it, audited).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_setup '  due_day: 15\n  late_rate: 500\n' '    PARK:\n      name: 车位费\n      basis: fixed\n      rates:\n        - from: 2026-01\n          rate: 50\n'
PM_NOW="2026-08-31 09:00" pm-fee bill --period 2026-08
export PM_USER=qian PM_NOW="2026-10-15 10:00"

# B1: PARK 50.00 (line 1) + PROP 200.00 (line 2) due 09-15; 30 days late as of 10-15: 3.75
ok "bill show" pm-fee -o json bill show B1
is "lines and late fee" "B1.1=50.00 B1.2=200.00 B1.L=3.75" "$(lines "$T/.out")"
fails 77 "a cashier without fee.waive" env PM_USER=zhao pm-fee waive B1 --late-fee --reason 困难户
is "refusal audited" 1 "$(q "SELECT count(*) FROM audit WHERE actor = 'zhao' AND action = 'refused'")"
is "nothing written" 0 "$(q 'SELECT count(*) FROM fee_waiver')"
ok "waive the late fee" pm-fee waive B1 --late-fee --reason "困难户，经理批准"
quiet "quiet"
is "fixed, then waived" "accrual 375|waiver -375" \
    "$(q "SELECT group_concat(x, '|') FROM (SELECT t.kind || ' ' || p.amount AS x FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id WHERE p.ref = 'B1.L' AND a.name GLOB 'Assets:*' ORDER BY t.id)")"
is "the waiver" "late 375 2026-10-15 qian" "$(q "SELECT kind || ' ' || amount || ' ' || date || ' ' || actor FROM fee_waiver")"
is "audited" 1 "$(q "SELECT count(*) FROM audit WHERE entity = 'bill' AND entity_id = 'B1' AND action = 'waive'")"
ok "frozen: a month later" env PM_NOW="2026-11-15 10:00" pm-fee -o json bill show B1
is "no more late fee" "B1.1=50.00 B1.2=200.00 B1.L=0.00" "$(lines "$T/.out")"
is "the waiver in its history" "waive" "$(jq -r '[.events[].event] | join(" ")' "$T/.out")"
fails 65 "waived already" pm-fee waive B1 --late-fee --reason again
ok "a payment then fixes none" env PM_NOW="2026-11-15 10:00" pm-fee pay --unit 1-101 --amount 30 --method cash
is "principal only" "B1.1=30.00" "$(PM_NOW="2026-11-15 10:00" pm-fee -o json payment show P1 | allocs)"

# principal, over the lines in order
fails 65 "beyond what is left" pm-fee waive B1 --amount 220.01 --reason x
ok "waive 120" pm-fee waive B1 --amount 120 --reason "维修期间停用车位，协商减免"
is "B1.1 20.00, then B1.2 100.00" "B1.1 PARK 2000|B1.2 PROP 10000" \
    "$(q "SELECT group_concat(x, '|') FROM (SELECT p.ref || ' ' || substr(a.name, 12) || ' ' || p.amount AS x FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id WHERE t.kind = 'waiver' AND a.name GLOB 'Income:Fee:*' ORDER BY p.id)")"
ok "bill list" pm-fee bill list --unit 1-101
out_is "100.00 left" "B1	sunny	1-101	2026-08	2026-08-01	2026-09-15	250.00	100.00	0.00	0"
fails 64 "neither" pm-fee waive B1 --reason x
fails 64 "both" pm-fee waive B1 --late-fee --amount 1 --reason x
fails 64 "no reason" pm-fee waive B1 --late-fee
fails 65 "zero" pm-fee waive B1 --amount 0 --reason x
fails 66 "no such bill" pm-fee waive B9 --late-fee --reason x
fails 64 "not a bill" pm-fee waive P1 --late-fee --reason x
run sqlite3 "$PM_DB" "UPDATE fee_waiver SET amount = 0"
is "UPDATE refused" refused "$([ $st -ne 0 ] && echo refused)"
ok "pm-admin check" pm-admin check
done_testing
