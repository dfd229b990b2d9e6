#!/bin/sh
# pm-fee pay: a payment over three overdue months with late fees in the
# configured order (civil and principal-first), receipts, the same ref
# once, --for, overpayment as credit that the next bill uses, failures.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_config '  due_day: 15\n  late_rate: 500\n'
fee_config '  due_day: 15\n  late_rate: 500\n  allocation: principal-first\n' '' '' pf.yaml
setup() {
	fee_setup '  due_day: 15\n  late_rate: 500\n'
	for m in 2026-06 2026-07 2026-08; do PM_NOW="2026-08-31 09:00" pm-fee bill --period $m; done
}
setup
export PM_USER=qian PM_NOW="2026-10-10 10:00"

# three overdue months: 87, 56 and 25 days at 0.05 % of 200.00
ok "bill list" pm-fee bill list --unit 1-101 --unpaid
out_is "late fees as of today" "B1	sunny	1-101	2026-06	2026-06-01	2026-07-15	200.00	200.00	8.70	0
B3	sunny	1-101	2026-07	2026-07-01	2026-08-15	200.00	200.00	5.60	0
B5	sunny	1-101	2026-08	2026-08-01	2026-09-15	200.00	200.00	2.50	0"
ok "pay" pm-fee pay --unit 1-101 --amount 500 --method wechat --ref WX-0001
out_is "payment, receipt, allocated, credit" "P1	sunny-2026-000001	500.00	500.00	0.00"
ok "payment show" pm-fee -o json payment show P1
is "civil order: each bill's late fee, then its principal, oldest first" \
    "B1.L=8.70 B1.1=200.00 B3.L=5.60 B3.1=200.00 B5.L=2.50 B5.1=83.20" \
    "$(allocs "$T/.out")"
is "late fees fixed as accruals" "B1 870|B3 560|B5 250" \
    "$(q "SELECT group_concat(ref || ' ' || a, '|') FROM (SELECT t.ref, p.amount AS a FROM ledger_txn t JOIN ledger_posting p ON p.txn_id = t.id JOIN ledger_account c ON c.id = p.account_id WHERE t.kind = 'accrual' AND c.name GLOB 'Assets:*' ORDER BY t.id)")"
is "the payment entry is numbered" "payment P1 sunny 2026 1" \
    "$(q "SELECT kind || ' ' || ref || ' ' || seq_scope || ' ' || seq_year || ' ' || seq_no FROM ledger_txn WHERE kind = 'payment'")"
is "one allocation entry" "allocation P1 2026-10-10" "$(q "SELECT kind || ' ' || ref || ' ' || date FROM ledger_txn WHERE kind = 'allocation'")"
ok "bill list after" pm-fee bill list --unit 1-101
out_is "two paid, the third partly" "B1	sunny	1-101	2026-06	2026-06-01	2026-07-15	200.00	0.00	0.00	1
B3	sunny	1-101	2026-07	2026-07-01	2026-08-15	200.00	0.00	0.00	1
B5	sunny	1-101	2026-08	2026-08-01	2026-09-15	200.00	116.80	0.00	0"
is "audited" 1 "$(q "SELECT count(*) FROM audit WHERE entity = 'payment' AND entity_id = 'P1' AND action = 'pay'")"

# the same ref again: one payment
ok "the same ref again" pm-fee pay --unit 1-101 --amount 500 --method wechat --ref WX-0001
out_is "the existing payment" "P1	sunny-2026-000001	500.00	500.00	0.00"
is "still one payment" 1 "$(q 'SELECT count(*) FROM payment')"
fails 65 "the same ref for another amount" pm-fee pay --unit 1-101 --amount 5 --method wechat --ref WX-0001
err_has "names the payment" "WX-0001.*P1"
fails 65 "the same ref for another unit" pm-fee pay --unit 1-102 --amount 500 --method wechat --ref WX-0001
is "nothing written" "1 1" "$(q 'SELECT count(*) FROM payment') $(q "SELECT count(*) FROM ledger_txn WHERE kind = 'payment'")"
ok "the same ref by another method is another payment" pm-fee pay --unit 1-102 --amount 10 --method bank --ref WX-0001 --for B2
out_is "the next receipt" "P2	sunny-2026-000002	10.00	10.00	0.00"

# --for: only the bills named; the rest is credit
ok "pay --for" pm-fee pay --unit 1-102 --amount 250 --method cash --for B6,B4
is "B4 then B6 (due order), the rest credit" "B4.L=2.80 B4.1=100.00 B6.L=1.25 B6.1=100.00 credit=45.95" \
    "$(pm-fee -o json payment show P3 | allocs) credit=$(pm-fee -o json payment show P3 | jq -r '.credit_fen / 100')"
ok "credit list" pm-fee credit list
out_is "the unit's credit" "sunny	1-102	45.95	1"
fails 65 "a bill of another unit" pm-fee pay --unit 1-102 --amount 1 --method cash --for B1
fails 66 "no such bill" pm-fee pay --unit 1-102 --amount 1 --method cash --for B99
fails 64 "a malformed bill" pm-fee pay --unit 1-102 --amount 1 --method cash --for X1

# an overpayment is credit; the next bill uses it (fee.credit auto)
ok "overpay" pm-fee pay --unit 1-101 --amount 200 --method cash --at "2026-10-10 11:00"
out_is "116.80 settles B5, 83.20 is credit" "P4	sunny-2026-000004	200.00	116.80	83.20"
ok "bill october" pm-fee bill --period 2026-10
is "B7 settled from P4's credit" "B7.1=83.20" "$(pm-fee -o json payment show P4 | allocs_at 1)"
ok "bill list" pm-fee bill list --unit 1-101 --unpaid
out_is "B7 partly paid" "B7	sunny	1-101	2026-10	2026-10-01	2026-11-15	200.00	116.80	0.00	0"
is "1-102's credit settled its oldest bill" "B2.1=45.95" "$(pm-fee -o json payment show P3 | allocs_at 4)"
ok "credit list: none left" pm-fee credit list
out_is "none" ""
ok "payment list" pm-fee payment list --unit 1-101
is "two payments of 1-101" "P1 P4" "$(cut -f1 "$T/.out" | tr '\n' ' ' | sed 's/ $//')"
ok "payment list --method" pm-fee payment list --method bank -o id
out_is "the bank one" "P2"
ok "payment list --since" pm-fee payment list --since 2026-10-11
out_is "none" ""

# failures
fails 65 "an amount of 0" pm-fee pay --unit 1-101 --amount 0 --method cash
fails 64 "a negative amount" pm-fee pay --unit 1-101 --amount -5 --method cash
fails 64 "a bad method" pm-fee pay --unit 1-101 --amount 5 --method bitcoin
fails 64 "no method" pm-fee pay --unit 1-101 --amount 5
fails 66 "no such unit" pm-fee pay --unit 9-999 --amount 5 --method cash
fails 65 "dated after today" pm-fee pay --unit 1-101 --amount 5 --method cash --at tomorrow
fails 64 "three decimals" pm-fee pay --unit 1-101 --amount 5.001 --method cash
fails 77 "maint may not pay" env PM_USER=wang pm-fee pay --unit 1-101 --amount 5 --method cash
fails 65 "an escape in a ref" pm-fee pay --unit 1-101 --amount 5 --method cash --ref "$(printf 'WX\033]0;x\007')"
if grep -q "$(printf '\033')" "$T/.err"; then _notok "echoed harmlessly"; else _ok "echoed harmlessly"; fi
fails 65 "a ref over 64 characters" pm-fee pay --unit 1-101 --amount 5 --method cash --ref "$(printf '%070d' 0)"
fails 66 "payment show: none" pm-fee payment show P99
is "four payments" 4 "$(q 'SELECT count(*) FROM payment')"

# posted rows are never edited, also from sqlite3
run sqlite3 "$PM_DB" "UPDATE payment SET amount = 1 WHERE id = 1"
is "UPDATE refused" refused "$([ $st -ne 0 ] && echo refused)"
err_has "by the trigger" "payments are never changed"
run sqlite3 "$PM_DB" "DELETE FROM payment WHERE id = 1"
is "DELETE refused" refused "$([ $st -ne 0 ] && echo refused)"
run sqlite3 "$PM_DB" "DELETE FROM payment_entry"
is "payment_entry DELETE refused" refused "$([ $st -ne 0 ] && echo refused)"
ok "pm-admin check" pm-admin check

# principal first: the same payment
export PM_DB="$T/pf.db"
export PM_CONFIG="$T/pf.yaml"
PM_USER=admin setup
ok "pay, principal first" pm-fee pay --unit 1-101 --amount 500 --method cash
is "each bill's principal, then its late fee" \
    "B1.1=200.00 B1.L=8.70 B3.1=200.00 B3.L=5.60 B5.1=85.70" \
    "$(pm-fee -o json payment show P1 | allocs)"
ok "bill show" pm-fee -o json bill show B5
is "its late fee fixed and unpaid" "11430 250 B5.1=114.30 B5.L=2.50" \
    "$(jq -r '"\(.left_fen) \(.late_fee_fen)"' "$T/.out") $(lines "$T/.out")"
ok "pm-admin check" pm-admin check
done_testing
