#!/bin/sh
# pm-fee fund deposit|withdraw|balance: the maintenance fund on the
# ledger, apart from Income; approved withdrawals never beyond the
# balance; the same --ref once; concurrent withdrawals never overdraw.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
for u in 3-1 3-2; do pm-unit unit new $u --area 100.00 >/dev/null; done
export PM_USER=qian

ok "a deposit" pm-fee fund deposit --unit 3-1 --amount 5,000.00 --ref BK-001 --at 2026-11-01
out_is "movement, entry, balance, existed" "1	1	5000.00	0"
ok "the same bank transaction again" pm-fee fund deposit --unit 3-1 --amount 5000 --ref BK-001 --at 2026-11-01
out_is "one deposit" "1	1	5000.00	1"
fails 65 "the ref of another movement" pm-fee fund deposit --unit 3-2 --amount 5000 --ref BK-001
fails 65 "a deposit of 0" pm-fee fund deposit --unit 3-1 --amount 0
fails 64 "a negative one" pm-fee fund deposit --unit 3-1 --amount -5
fails 66 "no such unit" pm-fee fund deposit --unit 9-9 --amount 5
fails 64 "a withdrawal needs its approval" pm-fee fund withdraw --unit 3-1 --amount 100
fails 65 "never beyond the balance" pm-fee fund withdraw --unit 3-1 --amount 5000.01 --approval "业主大会 2026-3号"
err_has "says what it holds" "holds 5000.00"
ok "an approved withdrawal" pm-fee fund withdraw --unit 3-1 --amount 1200 --approval "业主大会 2026-3号：更换水泵"
out_is "what is left" "2	2	3800.00	0"
fails 65 "not dated before the latest movement" pm-fee fund withdraw --unit 3-1 --amount 1 --approval x --at 2026-10-01
ok "balance of a unit" pm-fee fund balance --unit 3-1
out_is "3800.00" "sunny	3-1	3800.00"
ok "as of a date" pm-fee fund balance --unit 3-1 --as-of 2026-11-01
out_is "before the withdrawal" "sunny	3-1	5000.00"
ok "a unit without a fund" pm-fee fund balance --unit 3-2
out_is "holds nothing" "sunny	3-2	0.00"
pm-fee fund deposit --unit 3-2 --amount 100 >/dev/null
ok "the site" pm-fee fund balance --site sunny -o json
is "per unit" "380000 10000" "$(jq -r .balance_fen "$T/.out" | paste -sd' ')"

# ten withdrawals of 1000.00 at once from 3800.00: three succeed
for i in 1 2 3 4 5 6 7 8 9 10; do
	pm-fee fund withdraw --unit 3-1 --amount 1000 --approval "批准 $i" >/dev/null 2>&1 &
done
wait
ok "after concurrent withdrawals" pm-fee fund balance --unit 3-1
out_is "800.00 left, never below 0" "sunny	3-1	800.00"
is "four withdrawals in all (one, then three of ten)" 4 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM fund_move WHERE kind = 'withdraw'")"
is "never Income" 0 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM ledger_account WHERE name LIKE 'Income%'")"
is "custody equals the units' funds" "90000 -90000" \
	"$(sqlite3 "$PM_DB" "SELECT sum(p.amount) FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name = 'Assets:Fund:sunny' UNION ALL SELECT sum(p.amount) FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name LIKE 'Liabilities:Fund:sunny:%'" | paste -sd' ')"
fails 77 "service may not take deposits" env PM_USER=kefu pm-fee fund deposit --unit 3-1 --amount 1
ok "posted movements are never edited" sh -c "! sqlite3 '$PM_DB' 'UPDATE fund_move SET amount_fen = 1' 2>/dev/null"
ok "pm-admin check" pm-admin check
done_testing
