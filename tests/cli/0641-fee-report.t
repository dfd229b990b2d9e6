#!/bin/sh
# pm-fee statement, stats and export --ledger over bills: columns,
# defaults, groupings, JSON keys, the journal judged by ledger-cli and
# hledger, failure paths and permissions; then pm-admin check, and the
# fee check's refusals of a database broken with sqlite3.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  due_day: 15
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2026-01
          rate: 1.85
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
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 1 --site sunny >/dev/null
pm-unit unit new 1-101 --building 1 --area 100.50 --state occupied --handover 2026-01-01 >/dev/null
pm-unit unit new 1-102 --building 1 --area 80.00 --state occupied --handover 2026-11-10 >/dev/null
pm-unit unit new P-1 --area 12.00 --kind parking --handover 2026-01-01 >/dev/null
export PM_USER=qian
pm-fee bill --period 2026-10 >/dev/null
pm-fee bill --period 2026-11 >/dev/null

# statement
ok "statement of a unit" pm-fee statement --unit 1-101 --from 2026-10-01 --to 2026-11-30
out_is "opening, two charges, closing" "2026-10-01	opening					0.00	0.00	0.00	0.00	
2026-10-01	charge	1	B1		B1.1	185.93	185.93	0.00	0.00	
2026-11-01	charge	3	B3		B3.1	185.93	371.86	0.00	0.00	
2026-11-30	closing					0.00	371.86	0.00	0.00	"
ok "default: this month up to today" pm-fee statement --unit 1-101
out_is "the opening carries October" "2026-11-01	opening					0.00	185.93	0.00	0.00	
2026-11-01	charge	3	B3		B3.1	185.93	371.86	0.00	0.00	
2026-11-30	closing					0.00	371.86	0.00	0.00	"
ok "json" pm-fee statement --unit P-1 --from 2026-11-01 -o json
is "keys and money in fen" "opening 15000 charge 30000 closing 30000" \
    "$(jq -r '"\(.kind) \(.balance_fen)"' "$T/.out" | paste -sd' ')"
is "stable keys" "amount_fen,balance_fen,credit_balance_fen,credit_fen,date,entry,kind,line_refs,receipt,ref,reverses" \
    "$(jq -r 'keys | join(",")' "$T/.out" | head -n 1)"
ok "a unit without entries" pm-fee statement --unit 1-102 --from 2026-10-01 --to 2026-10-31
out_is "zero throughout" "2026-10-01	opening					0.00	0.00	0.00	0.00	
2026-10-31	closing					0.00	0.00	0.00	0.00	"
fails 64 "statement needs --unit" pm-fee statement
fails 64 "from after to" pm-fee statement --unit 1-101 --from 2026-11-02 --to 2026-11-01
fails 64 "a bad date" pm-fee statement --unit 1-101 --from 2026-02-30
fails 66 "no such unit" pm-fee statement --unit 9-9
fails 66 "no such site" pm-fee statement --unit 1-101 --site moon
fails 77 "service may not read fees" env PM_USER=kefu pm-fee statement --unit 1-101

# the man page's example: a payment for October lands as credit, part
# of it applied
ok "pay for October" pm-fee pay --unit 1-101 --amount 300 --method wechat --for B1 --at "2026-11-05 10:00"
ok "November's statement" pm-fee statement --unit 1-101 --from 2026-11-01 --to 2026-11-30
is "as pm-fee(1) shows it" "2026-11-01	opening			0.00	185.93	0.00	0.00
2026-11-01	charge	3	B3	185.93	371.86	0.00	0.00
2026-11-05	payment	6	P1	0.00	371.86	300.00	300.00
2026-11-05	allocation	7	P1	-185.93	185.93	-185.93	114.07
2026-11-30	closing			0.00	185.93	0.00	114.07" "$(cut -f1-4,7-10 "$T/.out")"
out_has "the receipt" "	sunny-2026-000001		0.00	371.86"

# stats
ok "stats" pm-fee stats --period 2026-11
out_is "one row" "2026-11	all				439.53	0.00	0.00	439.53	0.00	3	0	0.00"
ok "by item" pm-fee stats --period 2026-11 --by item
out_is "per item" "2026-11	item			PARK	150.00	0.00	0.00	150.00	0.00	1	0	0.00
2026-11	item			PROP	289.53	0.00	0.00	289.53	0.00	2	0	0.00"
ok "by building" pm-fee stats --period last --by building
out_is "P-1 has no building; 1-101 paid October" "2026-10	building	sunny		"'	150.00	0.00	0.00	150.00	0.00	1	0	0.00
2026-10	building	sunny	1		185.93	185.93	0.00	0.00	100.00	1	1	100.00'
ok "as of before the period's bills" pm-fee stats --period 2026-11 --as-of 2026-10-31 -o json
is "nothing billed yet: no rate" "0 null null" \
    "$(jq -r '"\(.billed_fen) \(.collection_pct) \(.household_pct)"' "$T/.out")"
ok "by site, json" pm-fee stats --period 2026-11 --by site --site sunny -o json
is "stable keys" "arrears_fen,billed_fen,building,by,collected_fen,collection_pct,household_pct,item,period,site,units_billed,units_paid,waived_fen" \
    "$(jq -r 'keys | join(",")' "$T/.out")"
fails 64 "stats needs --period" pm-fee stats
fails 64 "a bad period" pm-fee stats --period 2026-13
fails 64 "a bad grouping" pm-fee stats --period 2026-11 --by dept
fails 66 "no such site" pm-fee stats --period 2026-11 --site moon
fails 77 "service may not" env PM_USER=kefu pm-fee stats --period 2026-11

# export --ledger
ok "export" pm-fee export --ledger
cp "$T/.out" books.ledger
out_has "the commodity" "^commodity ¥$"
out_has "an assertion per receivable" "^    Assets:Receivable:sunny:P-1    ¥0.00 = ¥300.00$"
if command -v ledger >/dev/null 2>&1; then
	ok "ledger --strict --pedantic accepts it" ledger -f books.ledger --strict --pedantic balance
fi
if command -v hledger >/dev/null 2>&1; then
	ok "hledger check" hledger -f books.ledger check
	ok "hledger --strict check" hledger -f books.ledger --strict check
fi
ok "export as of October" pm-fee export --ledger --as-of 2026-10-31
out_has "October's balance" "^    Assets:Receivable:sunny:1-101    ¥0.00 = ¥185.93$"
is "no November entry" 0 "$(grep -c '^2026-11-01' "$T/.out")"
fails 64 "export needs a format" pm-fee export
fails 77 "service may not export" env PM_USER=kefu pm-fee export --ledger
ok "a full disk is an error" sh -c '! pm-fee export --ledger >/dev/full 2>/dev/null'

# pm-admin check: the fee invariants, each broken on a copy
ok "pm-admin check" pm-admin check
quiet "sound"
cp pm.db b1.db
sqlite3 b1.db "DROP TRIGGER bill_line_no_update; UPDATE bill_line SET amount = 18594 WHERE bill_id = 1"
fails 1 "a line that is not what was charged" pm-admin -d b1.db check
out_has "named" "^fee	trigger bill_line_no_update is missing: bill_line is not append-only$"
out_has "and the line" "^fee	bill line B1.1 of ¥185.94 is charged ¥185.93 in 1 postings$"
cp pm.db b2.db
sqlite3 b2.db "DROP TRIGGER ledger_posting_closed; DROP TRIGGER ledger_txn_balanced;
INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) SELECT 99, id, '2026-11-05', -20000, 'B1.1' FROM ledger_account WHERE name = 'Assets:Receivable:sunny:1-101';
INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) SELECT 99, id, '2026-11-05', 20000, 'X' FROM ledger_account WHERE name = 'Income:Fee:PROP';
INSERT INTO ledger_txn (id, kind, date, posted_at, actor) VALUES (99, 'allocation', '2026-11-05', 0, 'x');"
fails 1 "an over-allocated line" pm-admin -d b2.db check
out_has "left below 0" "^fee	bill line B1.1 of ¥185.93 has ¥-200.00 left: more than it was settled$"
out_has "an allocation of no payment" "^fee	ledger entry 99 \\(allocation\\) to Assets:Receivable:sunny:1-101 is no payment's of the unit$"
cp pm.db b3.db
sqlite3 b3.db "INSERT INTO ledger_account (name, created_at) VALUES ('Assets:Receivable:sunny:7-7', 0)"
fails 1 "a receivable of no unit" pm-admin -d b3.db check
out_is "alone" "fee	1 accounts under Assets:Receivable belong to no unit"
ok "pm-admin check" pm-admin check
done_testing
