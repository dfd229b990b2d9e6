#!/bin/sh
# The independent judge: a fresh database with bills over four months,
# payments by several methods (one reversed, one overpaid into credit, a
# late fee fixed by a payment), a refund, a waiver of principal and one
# of a late fee, fund deposits and costs; `pm-fee export --ledger` must
# pass `ledger --strict --pedantic balance`, `hledger check` and
# `hledger --strict check`, and the receivables and credit those tools
# report per unit and in total must equal pm's own figures: the
# statements' closing balances and `pm-fee arrears --as-of` (the
# receivable column).  Then pm-admin check's fee invariants, each broken
# on a copy of that database with sqlite3.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  due_day: 15
  late_rate: 500
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2026-01
          rate: 2.00
    PARK:
      name: 车位管理费
      basis: parking
      rates:
        - from: 2026-01
          rate: 150
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
for u in 1-101:100.00 1-102:50.00 1-103:80.00 1-104:120.00; do
	pm-unit unit new "${u%%:*}" --area "${u#*:}" --state occupied --handover 2026-01-01 >/dev/null
done
pm-unit unit new P-1 --area 12.00 --kind parking --handover 2026-01-01 >/dev/null
export PM_USER=qian
for m in 08 09 10 11; do PM_NOW="2026-$m-01 08:00" pm-fee bill --period 2026-$m; done

export PM_NOW="2026-11-30 09:00"
# 1-101 pays late by WeChat: August's late fee is fixed by the payment
ok "a late payment" pm-fee pay --unit 1-101 --amount 450 --method wechat --ref WX-1 --at "2026-10-20 10:00"
# 1-102 pays August on time in cash, then too much by Alipay: credit
ok "on time" pm-fee pay --unit 1-102 --amount 100 --method cash --at "2026-09-10 10:00"
ok "overpaid" pm-fee pay --unit 1-102 --amount 600 --method alipay --ref ZFB-1 --at "2026-10-05 10:00"
ok "part of the credit paid back" pm-fee refund --unit 1-102 --amount 100.50 --method alipay --reason 业主申请退款
# 1-103 pays by bank transfer, which bounces: reversed; then pays by card
ok "a transfer" pm-fee pay --unit 1-103 --amount 320 --method bank --ref BK-7 --at "2026-09-12 10:00"
ok "reversed" pm-fee reverse P4 --reason 银行退票
ok "paid again by card" pm-fee pay --unit 1-103 --amount 160 --method card --at "2026-09-13 10:00"
# 1-104: part of its principal waived, and its late fee
ok "a waiver of principal" pm-fee waive B4 --amount 40 --reason 漏水补偿
ok "a late fee waived" pm-fee waive B4 --late-fee --reason 经理批准
ok "1-104 pays what is left of August" pm-fee pay --unit 1-104 --amount 200 --method wechat --ref WX-2
# P-1 pays nothing; the fund and a cost
ok "a fund deposit" pm-fee fund deposit --unit 1-101 --amount 5000 --ref FUND-1 --at 2026-10-01
ok "a cost" pm-fee cost add --dept maint --category 材料费 --amount 300 --date 2026-11-02
ok "pm-admin check" pm-admin check
quiet "sound"

# August's collection: billed 200 + 100 + 160 + 240 + 150 = 850.00;
# collected 200 (1-101's late payment) + 100 + 160 (the card; the
# reversed transfer collected nothing) + 200 = 660.00; 40.00 waived;
# 150.00 (P-1) left.  660 / 850 = 77.65 %; households 4 of 5 = 80.00 %
ok "stats of August" pm-fee stats --period 2026-08
out_is "both rates" "2026-08	all				850.00	660.00	40.00	150.00	77.65	5	4	80.00"
ok "as of the day before the card payment" pm-fee stats --period 2026-08 --as-of 2026-09-12 -o json
is "the transfer counted until it was reversed (on the 30th)" "260 590 2" \
    "$(jq -r '"\(.collected_fen / 100) \(.arrears_fen / 100) \(.units_paid)"' "$T/.out")"

# broken copies: check exits 1 and names what is wrong
broken() {
	cp pm.db b.db
	sqlite3 b.db "$2"
	fails 1 "$1" pm-admin -d b.db check
}
broken "a voided payment whose entry is not reversed" "DROP TRIGGER ledger_txn_no_delete;
DROP TRIGGER ledger_posting_no_delete;
DELETE FROM ledger_posting WHERE txn_id = (SELECT t.id FROM ledger_txn t JOIN payment p ON t.reverses = p.entry_id WHERE p.id = 4);
DELETE FROM ledger_txn WHERE reverses = (SELECT entry_id FROM payment WHERE id = 4);"
out_has "named" "^fee	voided payment P4: its payment entry [0-9]+ is not reversed$"
out_has "with the credit it leaves" "^fee	voided payment P4 still leaves ¥320.00 of credit$"
broken "an allocation beyond its payment" "DROP TRIGGER ledger_posting_no_update;
UPDATE ledger_posting SET amount = amount * 2 WHERE txn_id = (SELECT entry_id FROM payment_entry WHERE payment_id = 1 AND role = 'allocation');"
out_has "the payment" "^fee	payment P1 of ¥450.00: its allocations and refunds exceed it by ¥450.00$"
out_has "the lines over-allocated" "^fee	bill line B1.1 of ¥200.00 has ¥-200.00 left: more than it was settled$"
out_has "the credit below 0" "^fee	Liabilities:Credit:sunny:1-101 is below 0: ¥-450.00$"
broken "a payment that is not its entry" "DROP TRIGGER payment_no_update;
UPDATE payment SET amount = 45001 WHERE id = 1;"
out_has "named" "^fee	payment P1: its entry does not move ¥450.01 from Assets:Cash:wechat into the unit's credit"
broken "a waiver that is not its entry" "DROP TRIGGER fee_waiver_no_update;
UPDATE fee_waiver SET amount = 1 WHERE id = 1;"
out_has "named" "^fee	waiver 1 of ¥0.01 takes ¥40.00 off its bill's receivable \(entry 37\)$"
broken "an allocation of no payment" "DROP TRIGGER payment_entry_no_delete;
DELETE FROM payment_entry WHERE payment_id = 6 AND role = 'allocation';"
out_has "named" "^fee	ledger entry 41 \(allocation\) to Assets:Receivable:sunny:1-104 is no payment's of the unit$"
broken "a payment table without its guard" "DROP TRIGGER refund_no_delete;"
out_is "alone" "fee	trigger refund_no_delete is missing: refund is not append-only"

if ! command -v ledger >/dev/null 2>&1 || ! command -v hledger >/dev/null 2>&1; then
	_ok "# SKIP ledger or hledger not installed"
	done_testing
	exit 0
fi
ok "export" pm-fee export --ledger --as-of 2026-11-30
cp "$T/.out" books.ledger
ok "ledger --strict --pedantic balance" ledger -f books.ledger --strict --pedantic balance
ok "hledger check" hledger -f books.ledger check
ok "hledger --strict check" hledger -f books.ledger --strict check
is "an assertion per receivable and credit" 9 "$(grep -cE '^    (Assets:Receivable|Liabilities:Credit):.* = ' books.ledger)"
is "and the fund" 1 "$(grep -cE '^    Liabilities:Fund:sunny:1-101    ¥0.00 = ¥-5000.00$' books.ledger)"

# per unit: ledger's, hledger's and pm's statement closing balances
# (fen, "unit receivable credit")
for u in 1-101 1-102 1-103 1-104 P-1; do
	pm-fee statement --unit $u --from 2026-01-01 --to 2026-11-30 -o json |
	    jq -r --arg u "$u" 'select(.kind == "closing") | "\($u) \(.balance_fen) \(.credit_balance_fen)"'
done > pm.txt
fen() { awk '{ v = $1; sub(/^¥/, "", v); neg = (v ~ /^-/); sub(/^-/, "", v); split(v, p, "."); n = p[1] * 100 + p[2]; print (neg ? -n : n), $2 }'; }
ledger -f books.ledger balance --flat --no-total --empty '^Assets:Receivable:' | fen | sed 's/Assets:Receivable:sunny://' | sort -k2 > ledger-recv.txt
ledger -f books.ledger balance --flat --no-total --empty '^Liabilities:Credit:' | fen | sed 's/Liabilities:Credit:sunny://' | sort -k2 > ledger-cred.txt
hledger -f books.ledger balance --flat -N -E '^Assets:Receivable:' | fen | sed 's/Assets:Receivable:sunny://' | sort -k2 > hledger-recv.txt
is "ledger and hledger agree on every receivable" "$(cat ledger-recv.txt)" "$(cat hledger-recv.txt)"
for u in 1-101 1-102 1-103 1-104 P-1; do
	want=$(awk -v u=$u '$1 == u { print $2 }' pm.txt)
	is "$u: ledger's receivable is the statement's" "$want" "$(awk -v u=$u '$2 == u { print $1 }' ledger-recv.txt)"
done
is "1-102's credit, as the statement says (liabilities negative)" \
    "$(awk '$1 == "1-102" { print -$3 }' pm.txt)" "$(awk '$2 == "1-102" { print $1 }' ledger-cred.txt)"
is "the total receivable" "$(awk '{ s += $2 } END { print s }' pm.txt)" \
    "$(ledger -f books.ledger balance --no-total '^Assets:Receivable' | fen | head -n 1 | cut -d' ' -f1)"
ok "arrears" pm-fee -o json arrears --as-of 2026-11-30
is "arrears' receivable is ledger's, per unit" "$(awk '$1 != 0 { print $2, $1 }' ledger-recv.txt | sort)" \
    "$(jq -r 'select(.receivable_fen != 0) | "\(.unit) \(.receivable_fen)"' "$T/.out" | sort)"
is "and in total" "$(awk '{ s += $1 } END { print s }' ledger-recv.txt)" \
    "$(jq -s 'map(.receivable_fen) | add // 0' "$T/.out")"
is "every unit that owes is there" 4 "$(jq -s 'length' "$T/.out")"
done_testing
