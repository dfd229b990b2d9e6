#!/bin/sh
# pm-fee: items and rates from config, bill (dry, real, again, by site),
# one-off charges, the journal it writes, failure paths and permissions.
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
        - from: 2027-01
          rate: 2.10
        - from: 2026-01
          kind: shop
          rate: 3.20
    PARK:
      name: 车位管理费
      basis: parking
      rates:
        - from: 2026-01
          rate: 150
    LIFT:
      name: 电梯公摊
      basis: shared
      split: household
      rates:
        - from: 2026-01
          site: sunny
          rate: 100.00
    REPAIR:
      name: 有偿维修
      basis: oneoff
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-unit unit new 1-101 --site sunny --area 100.50 --state occupied --handover 2026-01-01 >/dev/null
pm-unit unit new 1-102 --site sunny --area 80.00 --state occupied --handover 2026-11-10 >/dev/null
pm-unit unit new 1-103 --site sunny --area 90.00 --state occupied --kind shop --handover 2026-01-01 >/dev/null
pm-unit unit new P-1 --site sunny --area 12.00 --kind parking --handover 2026-01-01 >/dev/null
pm-unit unit new 9-901 --site moon --area 120.00 --state occupied --handover 2026-01-01 >/dev/null
export PM_USER=qian

# items and rates
ok "item list" pm-fee item list
out_has "area item with its rate" "^PROP	物业费	area		3	1.8500$"
out_has "one-off item" "^REPAIR	有偿维修	oneoff		0	$"
ok "item list --on 2027-03" pm-fee item list --on 2027-03
out_has "the new rate" "^PROP	物业费	area		3	2.1000$"
ok "item show" pm-fee item show PARK
out_is "one row" "PARK	车位管理费	parking		1	150.0000"
fails 66 "item show: no such item" pm-fee item show NOPE
ok "rate list" pm-fee rate list
is "every rate" 5 "$(wc -l <"$T/.out")"
out_has "the 2027 rate, not in force yet" "^PROP	2027-01				2.1000		0$"
ok "rate list --on 2027-01 --item PROP" pm-fee rate list --on 2027-01 --item PROP
out_is "in force then" "PROP	2027-01				2.1000		1
PROP	2026-01			shop	3.2000		1"
ok "rate list --on a date" pm-fee rate list --on 2026-11-15 --item PARK
out_is "that month" "PARK	2026-01				150.0000		1"
fails 64 "rate list: a bad --on" pm-fee rate list --on soon
fails 66 "rate list: no such item" pm-fee rate list --item NOPE
ok "json" pm-fee -o json rate list --item PARK
is "keys" "PARK 2026-01 150.0000 true" "$(jq -r '"\(.item) \(.from) \(.rate) \(.in_force)"' "$T/.out")"

# bill -n: what it would charge, nothing written
ok "bill -n" pm-fee -n bill --period 2026-11
out_is "per item" "LIFT	3	100.00
PARK	1	150.00
PROP	4	799.53"
is "nothing written" 0 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill')"
ok "bill" pm-fee bill --period 2026-11
quiet "quiet on success"
is "bills" 5 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill')"
is "185.93 for 100.50 m2" 18593 "$(sqlite3 "$PM_DB" "SELECT amount FROM bill_line l JOIN unit u ON u.id = l.unit_id WHERE u.code = '1-101' AND item = 'PROP'")"
is "21/30 from the 10th" 10360 "$(sqlite3 "$PM_DB" "SELECT amount FROM bill_line l JOIN unit u ON u.id = l.unit_id WHERE u.code = '1-102' AND item = 'PROP'")"
is "shares add up" "3334 3333 3333" "$(sqlite3 "$PM_DB" "SELECT group_concat(amount, ' ') FROM (SELECT amount FROM bill_line WHERE item = 'LIFT' ORDER BY id)")"
is "due the 15th of the next month" "2026-12-15" "$(sqlite3 "$PM_DB" 'SELECT DISTINCT due FROM bill')"
is "one journal entry a bill" 5 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM ledger_txn WHERE kind = 'charge'")"
is "receivable of 1-101" 21927 "$(sqlite3 "$PM_DB" "SELECT sum(p.amount) FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name = 'Assets:Receivable:sunny:1-101'")"
is "income by item" "Income:Fee:LIFT -10000|Income:Fee:PARK -15000|Income:Fee:PROP -79953" "$(sqlite3 "$PM_DB" "SELECT group_concat(n, '|') FROM (SELECT a.name || ' ' || sum(p.amount) AS n FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name GLOB 'Income:*' GROUP BY a.name ORDER BY a.name)")"
is "a line is addressable" "B1.1 B1.2" "$(sqlite3 "$PM_DB" "SELECT group_concat(DISTINCT ref) FROM ledger_posting WHERE txn_id = 1" | tr , ' ')"
is "one audit row for the run" 1 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit WHERE entity = 'fee_run' AND action = 'bill'")"
ok "pm-admin check" pm-admin check

# again: nothing new
ok "bill again" pm-fee -o tsv bill --period 2026-11
out_is "nothing billed twice" ""
is "still 5" 5 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill')"
# a unit handed over since: the rerun bills it alone
PM_USER=admin pm-unit unit new 1-104 --site sunny --area 100.00 --state occupied --handover 2026-11-30 >/dev/null
ok "bill after a handover" pm-fee -o tsv bill --period 2026-11 --site sunny
out_is "the new unit only (one day of 185.00)" "PROP	1	6.17"
ok "december by site" pm-fee bill --period 2026-12 --site moon
is "moon only" 1 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM bill WHERE period = '2026-12'")"
ok "january at the new rate" pm-fee -o tsv bill --period 2027-01 --site moon
out_is "120 m2 x 2.10" "PROP	1	252.00"
is "december unchanged" 22200 "$(sqlite3 "$PM_DB" "SELECT amount FROM bill_line WHERE period = '2026-12'")"

fails 64 "bill needs --period" pm-fee bill
fails 64 "a bad --period" pm-fee bill --period 2026-13
fails 66 "no such site" pm-fee bill --period 2026-11 --site nowhere
fails 77 "maint may not bill" env PM_USER=wang pm-fee bill --period 2026-12
fails 77 "nor read rates" env PM_USER=wang pm-fee rate list

# one-off charges
ok "charge" pm-fee charge --unit 1-101 --item REPAIR --amount 50 --reason 换灯泡
out_is "the bill" B9
is "the line" "charge REPAIR 5000 换灯泡" "$(sqlite3 "$PM_DB" "SELECT kind || ' ' || item || ' ' || amount || ' ' || reason FROM bill_line WHERE bill_id = 9")"
is "audited" 1 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit WHERE entity = 'bill' AND entity_id = 'B9' AND action = 'charge'")"
fails 64 "charge needs a reason" pm-fee charge --unit 1-101 --item REPAIR --amount 50
fails 66 "no such unit" pm-fee charge --unit 0-0 --item REPAIR --amount 50 --reason x
fails 66 "no such item" pm-fee charge --unit 1-101 --item NOPE --amount 50 --reason x
fails 65 "zero" pm-fee charge --unit 1-101 --item REPAIR --amount 0 --reason x
fails 64 "a negative amount" pm-fee charge --unit 1-101 --item REPAIR --amount -5 --reason x
fails 64 "--from with --unit" pm-fee charge --from W1 --unit 1-101
fails 64 "a bad --from" pm-fee charge --from C1
fails 66 "no such work order" pm-fee charge --from W7
fails 77 "maint may not charge" env PM_USER=wang pm-fee charge --unit 1-101 --item REPAIR --amount 5 --reason x
ok "pm-admin check after charges" pm-admin check

# the journal itself cannot be edited
fails 19 "a posted line cannot be changed" sqlite3 "$PM_DB" "UPDATE bill_line SET amount = 1"
fails 19 "nor its posting" sqlite3 "$PM_DB" "DELETE FROM ledger_posting"
done_testing
