#!/bin/sh
# pm-fee budget set|report, cost add|reverse: costs on the ledger, a work
# order's total taken once, the share used with explicit rounding,
# posted costs never edited, permissions.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
PM_USER=wang pm-workorder new --title 换水泵 --type 给排水 --place 泵房 >/dev/null
PM_USER=wang pm-workorder assign W1 --to wang >/dev/null
PM_USER=wang pm-workorder start W1 >/dev/null
PM_USER=wang pm-workorder new --title 漏水 --type 给排水 --place 车库 >/dev/null
PM_NOW="2026-11-30 15:00" PM_USER=wang pm-workorder done W1 --work 更换水泵 --part "水泵:1:1,205.00" --cost 1500 >/dev/null
export PM_USER=qian

ok "set a budget" pm-fee budget set --year 2026 --dept maint --category 材料费 --amount 10,000
quiet "quietly"
ok "another" pm-fee budget set --year 2026 --dept maint --category 外包 --amount 3000
ok "set again" pm-fee budget set --year 2026 --dept maint --category 外包 --amount 3000.00
is "audited once per change" 2 "$(pm-admin audit -o tsv | grep -c budget)"
fails 66 "no such department" pm-fee budget set --year 2026 --dept nope --category x --amount 1
fails 65 "a category that cannot be an account" pm-fee budget set --year 2026 --dept maint --category "a:b" --amount 1
fails 64 "a year out of range" pm-fee budget set --year 0 --dept maint --category x --amount 1
fails 64 "money with three decimals" pm-fee budget set --year 2026 --dept maint --category x --amount 1.005

ok "a cost" pm-fee cost add --dept maint --category 材料费 --amount 7025 --date 2026-05-01 --text 电梯配件
out_is "its number, amount, entry" "1	7025.00	1"
fails 65 "a cost of 0" pm-fee cost add --dept maint --category 材料费 --amount 0
fails 64 "no amount" pm-fee cost add --dept maint --category 材料费
ok "W1's total" pm-fee cost add --wo W1 --category 材料费
out_is "its cost 1500.00 (parts 1205.00)" "2	1500.00	2"
ok "W1 again" pm-fee cost add --wo W1 --category 材料费
is "nothing printed" "" "$(cat "$T/.out")"
err_has "says so" "taken already"
fails 64 "an amount with --wo" pm-fee cost add --wo W1 --category 材料费 --amount 5
fails 65 "a job not done" pm-fee cost add --wo W2 --category 材料费
fails 66 "no such job" pm-fee cost add --wo W9 --category 材料费
fails 64 "not a work order" pm-fee cost add --wo C1 --category 材料费
ok "reverse the first" pm-fee cost reverse 1 --reason 记错金额
out_is "the reversal" "3	-7025.00	3"
fails 65 "reversed once" pm-fee cost reverse 1 --reason again
fails 65 "a reversal is never reversed" pm-fee cost reverse 3 --reason again
fails 66 "no such cost" pm-fee cost reverse 9 --reason x
fails 64 "a number" pm-fee cost reverse x1 --reason x
ok "again" pm-fee cost add --dept maint --category 材料费 --amount 7,025.00 --date 2026-05-02

ok "report" pm-fee budget report --year 2026 -o tsv
is "budget actual remaining share: 8525 of 10000 is 85.25% -> 85.3% (half-up)" \
"maint	外包	3000.00	0.00	3000.00	0.0%	0
maint	材料费	10000.00	8525.00	1475.00	85.3%	853
maint		13000.00	8525.00	4475.00	65.6%	656" "$(cat "$T/.out")"
ok "a cost without a budget" pm-fee cost add --dept finance --category 办公 --amount 10
ok "report of one department" pm-fee budget report --year 2026 --dept finance -o json
is "no share without a budget" "null null" "$(jq -r .used_permille "$T/.out" | paste -sd' ')"
ok "another year" pm-fee budget report --year 2025
out_is "is empty" ""
ok "the ledger holds them" pm-admin check
ok "posted costs are never edited" sh -c "! sqlite3 '$PM_DB' 'UPDATE cost SET amount_fen = 1' 2>/dev/null"
ok "nor deleted" sh -c "! sqlite3 '$PM_DB' 'DELETE FROM cost' 2>/dev/null"
fails 77 "maintenance may not post costs" env PM_USER=wang pm-fee cost add --dept maint --category x --amount 1
fails 77 "service may not set budgets" env PM_USER=kefu pm-fee budget set --year 2026 --dept maint --category x --amount 1
ok "a manager may" env PM_USER=zhao pm-fee budget set --year 2026 --dept maint --category x --amount 1
done_testing
