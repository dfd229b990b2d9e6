#!/bin/sh
# pm-fee pay --import: a bank or WeChat statement as CSV or JSON Lines,
# all or nothing, idempotent by ref, -n, the pay_import record, bad rows.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
fee_setup '  due_day: 15\n'
PM_NOW="2026-09-30 09:00" pm-fee bill --period 2026-09
export PM_USER=qian PM_NOW="2026-10-12 10:00"

printf '\357\273\277unit,amount,method,ref,at,for\r\n1-101,200.00,wechat,WX-1001,2026-10-10 10:00,\r\n1-102,"1,000.00",bank,BK-77,2026-10-09,B2\r\n' >bank.csv
ok "-n" pm-fee -n pay --import bank.csv
out_is "what it would record" "1	2	2	0"
is "nothing written" "0 0" "$(q 'SELECT count(*) FROM payment') $(q 'SELECT count(*) FROM pay_import')"
ok "import" pm-fee pay --import bank.csv
out_is "import 1: two rows, two new" "1	2	2	0"
is "the payments" "P1 1-101 20000 wechat WX-1001 2026-10-10 1|P2 1-102 100000 bank BK-77 2026-10-09 1" \
    "$(q "SELECT group_concat(x, '|') FROM (SELECT 'P' || y.id || ' ' || u.code || ' ' || y.amount || ' ' || y.method || ' ' || y.ref || ' ' || y.date || ' ' || y.import_id AS x FROM payment y JOIN unit u ON u.id = y.unit_id ORDER BY y.id)")"
is "the import recorded" "2 2 2026-10-09 2026-10-10 qian" "$(q "SELECT rows || ' ' || new || ' ' || first_date || ' ' || last_date || ' ' || actor FROM pay_import")"
is "receipts in file order" "1 2" "$(q "SELECT group_concat(seq_no, ' ') FROM ledger_txn WHERE kind = 'payment'")"
is "B1 paid, B2 paid with credit left" "0.00 0.00 900.00" \
    "$(pm-fee bill list -o tsv | cut -f8 | tr '\n' ' ')$(pm-fee credit list | cut -f3)"
ok "the same file again" pm-fee pay --import bank.csv
out_is "nothing new" "2	2	0	2"
is "still two payments" 2 "$(q 'SELECT count(*) FROM payment')"
is "a second import row" 2 "$(q 'SELECT count(*) FROM pay_import')"

# JSON Lines: a later statement, one payment known already
cat >wx.jsonl <<'JSON'
{"unit":"1-101","amount":"200.00","method":"wechat","ref":"WX-1001","at":"2026-10-10 10:00"}
{"unit":"1-101","amount":"15.5","method":"wechat","ref":"WX-1002","at":"2026-10-11T08:30:00+08:00","site":"sunny"}
JSON
ok "jsonl" pm-fee pay --import wx.jsonl
out_is "one new" "3	2	1	1"
is "the new one's credit" "P3 15.50" "$(pm-fee payment list --since 2026-10-11 | cut -f1,9 | tr '\t' ' ')"

# all or nothing: a bad row names its line, nothing is written
printf 'unit,amount,method,ref\n1-101,1.00,cash,C-1\n1-101,1.00,cash,\n' >noref.csv
fails 65 "a row without a ref" pm-fee pay --import noref.csv
err_has "file:line" "noref.csv:3: .*ref"
printf 'unit,amount,method,ref\n1-101,1.00,cash,C-1\n9-999,1.00,cash,C-2\n' >nounit.csv
fails 66 "an unknown unit" pm-fee pay --import nounit.csv
err_has "file:line" "nounit.csv:3: .*9-999"
printf 'unit,amount,method,ref\n1-101,1.005,cash,C-1\n' >dec.csv
fails 65 "three decimals" pm-fee pay --import dec.csv
err_has "the line" "dec.csv:2: "
printf 'unit,amount,method,ref\n1-101,1.00,paypal,C-1\n' >meth.csv
fails 65 "a bad method" pm-fee pay --import meth.csv
printf 'unit,amount,method,ref\n1-101,300.00,wechat,WX-1001\n' >clash.csv
fails 65 "a known ref for another amount" pm-fee pay --import clash.csv
err_has "names the payment" "WX-1001.*P1"
printf 'unit,amount,method\n1-101,1.00,cash\n' >nocol.csv
fails 65 "no ref column" pm-fee pay --import nocol.csv
printf 'unit,amount,method,ref,for\n1-101,1.00,cash,C-9,B2\n' >other.csv
fails 65 "a bill of another unit" pm-fee pay --import other.csv
fails 66 "no such file" pm-fee pay --import nofile.csv
is "nothing of it written" "3 3" "$(q 'SELECT count(*) FROM payment') $(q 'SELECT count(*) FROM pay_import')"
fails 64 "--import with --unit" pm-fee pay --import bank.csv --unit 1-101
fails 64 "--csv and --jsonl" pm-fee pay --import bank.csv --csv --jsonl
ok "--csv for stdin" sh -c 'pm-fee pay --import - --csv <bank.csv'
out_is "nothing new" "4	2	0	2"
ok "pm-admin check" pm-admin check
done_testing
