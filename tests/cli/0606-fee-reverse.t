#!/bin/sh
# pm-fee reverse: a payment undone by reversal entries, its receipt kept
# and shown void; the bill is unpaid again and never looks paid after
# its payment was reversed and another recorded; late fees as if never
# paid; refusals.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_setup '  due_day: 15\n  late_rate: 500\n'
PM_NOW="2026-09-30 09:00" pm-fee bill --period 2026-09
export PM_USER=qian PM_NOW="2026-10-20 10:00"

# paid on time, then reversed
ok "pay" env PM_NOW="2026-10-10 10:00" pm-fee pay --unit 1-101 --amount 200 --method bank --ref BK-1
out_is "P1" "P1	sunny-2026-000001	200.00	200.00	0.00"
ok "paid" pm-fee bill list --unit 1-101
out_is "B1 paid" "B1	sunny	1-101	2026-09	2026-09-01	2026-10-15	200.00	0.00	0.00	1"
ok "reverse" pm-fee reverse P1 --reason "录入错误：款项属于 1-102"
quiet "quiet"
is "its entries reversed, newest first" "allocation payment" \
    "$(q "SELECT group_concat(k, ' ') FROM (SELECT o.kind AS k FROM ledger_txn r JOIN ledger_txn o ON o.id = r.reverses WHERE r.kind = 'reversal' ORDER BY r.id)")"
is "dated today" "2026-10-20" "$(q "SELECT DISTINCT date FROM ledger_txn WHERE kind = 'reversal'")"
ok "unpaid again, with the late fee of 5 days" pm-fee bill list --unit 1-101
out_is "B1 unpaid" "B1	sunny	1-101	2026-09	2026-09-01	2026-10-15	200.00	200.00	0.50	0"
ok "payment show" pm-fee -o json payment show P1
is "void, receipt kept, allocation reversed" "true sunny-2026-000001 0 0 B1.1=200.00(reversed)" \
    "$(jq -r '"\(.void) \(.receipt) \(.allocated_fen) \(.credit_fen) "' "$T/.out")$(allocs "$T/.out")"
is "the reversal in its history" "new reverse" "$(jq -r '[.events[].event] | join(" ")' "$T/.out")"
ok "payment list" pm-fee payment list
out_is "shown void" "P1	sunny-2026-000001	sunny	1-101	2026-10-10	bank	200.00	0.00	0.00	BK-1	1"
is "audited with the reason" 1 "$(q "SELECT count(*) FROM audit WHERE entity = 'payment' AND entity_id = 'P1' AND action = 'reverse' AND after LIKE '%1-102%'")"

# another, smaller payment: the bill must not look paid
ok "another payment" pm-fee pay --unit 1-101 --amount 100 --method cash
out_is "the next receipt" "P2	sunny-2026-000002	100.00	100.00	0.00"
ok "bill list" pm-fee bill list --unpaid --unit 1-101
out_is "still unpaid: the late fee and half the principal" "B1	sunny	1-101	2026-09	2026-09-01	2026-10-15	200.00	100.50	0.00	0"
is "P2 fixed the late fee as if P1 was never made" "B1.L=0.50 B1.1=99.50" \
    "$(pm-fee -o json payment show P2 | allocs)"
ok "the bank ref is free again? no: one payment per ref" pm-fee pay --unit 1-101 --amount 200 --method bank --ref BK-1
out_is "the void payment" "P1	sunny-2026-000001	200.00	0.00	0.00"

# refusals
fails 65 "reversed already" pm-fee reverse P1 --reason again
fails 66 "no such payment" pm-fee reverse P9 --reason x
fails 64 "a reason is required" pm-fee reverse P2
fails 64 "not a payment" pm-fee reverse B1 --reason x
fails 77 "a cashier may not reverse" env PM_USER=zhao pm-fee reverse P2 --reason x
is "refusal audited" 1 "$(q "SELECT count(*) FROM audit WHERE actor = 'zhao' AND action = 'refused'")"
ok "pm-admin check" pm-admin check
done_testing
