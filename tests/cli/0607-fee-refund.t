#!/bin/sh
# pm-fee refund: credit paid back, oldest payment first, never beyond
# the unit's credit; a payment a refund drew on is not reversed.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_setup '  credit: request\n'
export PM_USER=qian PM_NOW="2026-10-20 10:00"

ok "pay" pm-fee pay --unit 1-101 --amount 100 --method cash --at 2026-10-01
ok "pay" pm-fee pay --unit 1-101 --amount 60 --method wechat --ref W-9
fails 65 "beyond the credit" pm-fee refund --unit 1-101 --amount 160.01 --method cash --reason 退还多缴
err_has "says how much it holds" "holds 160.00"
ok "refund" pm-fee refund --unit 1-101 --amount 120 --method bank --reason "业主搬离，退还预缴"
out_is "refund 1" 1
is "P1 first, then P2" "P1 10000|P2 2000" \
    "$(q "SELECT group_concat(ref || ' ' || amount, '|') FROM (SELECT t.ref, p.amount FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account a ON a.id = p.account_id WHERE t.kind = 'refund' AND a.name GLOB 'Liabilities:*' ORDER BY t.id)")"
is "paid out of the bank account" -12000 "$(q "SELECT sum(p.amount) FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id JOIN ledger_txn t ON t.id = p.txn_id WHERE t.kind = 'refund' AND a.name = 'Assets:Cash:bank'")"
ok "credit left" pm-fee credit list
out_is "40.00 of P2" "sunny	1-101	40.00	1"
is "the refund row" "1-101 12000 bank 2026-10-20 qian" "$(q "SELECT u.code || ' ' || r.amount || ' ' || r.method || ' ' || r.date || ' ' || r.actor FROM refund r JOIN unit u ON u.id = r.unit_id")"
is "audited" 1 "$(q "SELECT count(*) FROM audit WHERE entity = 'refund' AND action = 'refund'")"
fails 65 "a payment drawn on is not reversed" pm-fee reverse P1 --reason x
err_has "says why" "refund"
fails 65 "40.01 is beyond" pm-fee refund --unit 1-101 --amount 40.01 --method cash --reason x
ok "the rest" pm-fee refund --unit 1-101 --amount 40 --method cash --reason x
fails 65 "nothing left" pm-fee refund --unit 1-101 --amount 0.01 --method cash --reason x
fails 65 "zero" pm-fee refund --unit 1-101 --amount 0 --method cash --reason x
fails 64 "a reason is required" pm-fee refund --unit 1-101 --amount 1 --method cash
fails 64 "a method is required" pm-fee refund --unit 1-101 --amount 1 --reason x
fails 66 "no such unit" pm-fee refund --unit 0-0 --amount 1 --method cash --reason x
fails 77 "a cashier may not refund" env PM_USER=zhao pm-fee refund --unit 1-101 --amount 1 --method cash --reason x
run sqlite3 "$PM_DB" "DELETE FROM refund"
is "DELETE refused" refused "$([ $st -ne 0 ] && echo refused)"
ok "pm-admin check" pm-admin check
done_testing
