#!/bin/sh
# Hooks on fee events: payment.new, payment.reverse, refund.new and
# bill.waive, with the owner's name and phone masked; a pre- hook vetoes
# a payment and nothing is written (its receipt number neither).
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/fee-pay.sh"
H="$T/hooks"
mkdir -p "$H"
fee_setup '  late_rate: 500\n' '' "$(printf 'hooks:\n  dir: %s\n  timeout: 2s\n' "$H")
"
hook() { printf '#!/bin/sh\n%s\n' "$2" >"$H/$1"; chmod +x "$H/$1"; }
pm-unit occupant new --unit 1-101 --name 张三丰 --phone 13812345678 --role owner --move-in 2026-01-01 >/dev/null 2>&1
PM_NOW="2026-09-30 09:00" pm-fee bill --period 2026-09
export PM_USER=qian PM_NOW="2026-10-20 10:00"

hook on-any 'cat >>"$0.log"; echo >>"$0.log"'
ok "pay" pm-fee pay --unit 1-101 --amount 300 --method wechat --ref WX-1
line=$(grep '"payment.new"' "$H/on-any.log")
is "the event" "payment.new P1 sunny-2026-000001 30000 20200 9800 false" \
    "$(printf '%s' "$line" | jq -r '"\(.event) \(.id) \(.record.receipt) \(.record.amount_fen) \(.record.allocated_fen) \(.record.credit_fen) \(.record.void)"')"
is "the owner masked" "张** 138****5678 true" "$(printf '%s' "$line" | jq -r '"\(.record.owner) \(.record.phone) \(.masked)"')"
ok "refund" pm-fee refund --unit 1-101 --amount 50 --method cash --reason 多缴
is "refund.new" "refund.new 1 5000" "$(grep '"refund.new"' "$H/on-any.log" | jq -r '"\(.event) \(.id) \(.record.amount_fen)"')"
ok "waive" pm-fee waive B1 --late-fee --reason 减免
is "bill.waive" "bill.waive B1 减免" "$(grep '"bill.waive"' "$H/on-any.log" | jq -r '"\(.event) \(.id) \(.note)"')"
ok "pay 2" pm-fee pay --unit 1-101 --amount 10 --method cash
ok "reverse" pm-fee reverse P2 --reason 录错
is "payment.reverse, void" "payment.reverse P2 true" "$(grep '"payment.reverse"' "$H/on-any.log" | jq -r '"\(.event) \(.id) \(.record.void)"')"
hook pre-payment.new 'cat >/dev/null; echo "对账未完成" >&2; exit 1'
fails 65 "a pre- hook vetoes" pm-fee pay --unit 1-101 --amount 10 --method cash
err_has "names the hook" "pre-payment.new: 对账未完成"
rm "$H/pre-payment.new"
ok "the next payment" pm-fee pay --unit 1-101 --amount 10 --method cash
out_is "takes the number the veto gave back" "P3	sunny-2026-000003	10.00	0.00	10.00"
ok "pm-admin check" pm-admin check
done_testing
