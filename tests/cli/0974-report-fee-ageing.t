#!/bin/sh
# pm-report monthly: the fees section over years of debts — every
# ageing bucket, the limitation's "over 3 years", last month's and a
# year ago's ageing as they stood then, and a late fee fixed then
# reversed with its payment (netted out of the month's late fees), the
# bill's settled day (0027) set by the payment and cleared by the
# reversal.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  due_day: 0
  late_rate: 1000
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2022-01
          rate: 1.00
YAML
export PM_NOW="2022-01-01 08:00"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-unit site new H --name 和园 --kind residential >/dev/null
pm-unit building new 1 --site H >/dev/null
pm-unit unit new A --building 1 --area 100.00 --state occupied --handover 2022-01-01 >/dev/null
pm-unit unit new B --building 1 --area 50.00 --state occupied --handover 2022-01-01 >/dev/null
export PM_USER=qian
# bills of 100.00 (A) and 50.00 (B), due on the period's last day; none paid
for p in 2022-06 2025-09 2026-05 2026-08 2026-11; do
	PM_NOW="$p-01 08:00" pm-fee bill --period "$p" >/dev/null || echo "Bail out! bill $p"
done
b=$(pm-fee bill list --unit B -o tsv | awk -F '\t' '$4 == "2026-08" { print $1 }')
# B pays August on 11-10 with its late fee, 50.00 x 0.1 % x 71 days
# (09-01..11-10) = 3.55; the payment is reversed on 11-20
pay=$(PM_NOW="2026-11-10 10:00" pm-fee pay --unit B --amount 53.55 --method cash --for "$b" |
    cut -f 1)
ok "the payment is made" test -n "$pay"
ok "August is paid" env PM_NOW="2026-11-10 11:00" pm-fee bill show "$b"
out_has "nothing left" "^left_fen	0.00"
days() { sqlite3 "$PM_DB" "SELECT opened || ' ' || coalesce(settled, '-') FROM bill WHERE id = ${b#B}"; }
is "August settled on the payment's day (0027)" "2026-08-01 2026-11-10" "$(days)"
fig() { jq -c --arg k "$1" --arg s "$2" '.figures[$k][$s]' r.json; }
age() { jq -r --arg s "$1" '[.tables["fees.ageing"].rows[] | "\(.[$s][0].fen)/\(.[$s][1].n)"] | join(" ")' r.json; }

export PM_NOW="2026-11-15 09:00"
ok "monthly, mid-month" env PM_USER=admin pm-report monthly --month 2026-11 -o json
cp "$T/.out" r.json
is "the late fee fixed" '{"fen":355}' "$(fig fees.late_fee_fen cur)"
is "arrears without B's August" '{"fen":55000}' "$(fig fees.arrears_fen cur)"
is "ageing mid-month (A's August 76 days)" "0/0 10000/1 15000/2 0/0 15000/2 15000/2" "$(age cur)"

ok "the payment is reversed" env PM_NOW="2026-11-20 10:00" pm-fee reverse --reason 退票 "$pay"
# the reversal reopened August: its settled day (0027) is gone again
ok "pm-admin check: the bills' days agree with the journal" env PM_USER=admin pm-admin check
is "August open again" "2026-08-01 -" "$(days)"
export PM_NOW="2026-12-01 09:00"
ok "monthly" env PM_USER=admin pm-report monthly --month 2026-11 -o json
cp "$T/.out" r.json
is "the late fee is reversed with its payment" '{"fen":0}' "$(fig fees.late_fee_fen cur)"
is "nothing collected in November" '{"num":0,"den":15000,"pct":0}' "$(fig fees.collection_rate cur)"
is "arrears" '{"fen":60000}' "$(fig fees.arrears_fen cur)"
# 2026-08 91 days, 2026-05 183, 2025-09 426, 2022-06 past three years
is "every bucket as of 11-30" "0/0 0/0 15000/2 15000/2 15000/2 15000/2" "$(age cur)"
# as of 10-31: 2026-08 61 days, 2026-05 153, 2025-09 396
is "as of 10-31" "0/0 15000/2 15000/2 0/0 15000/2 15000/2" "$(age prev)"
is "arrears, October" '{"fen":60000}' "$(fig fees.arrears_fen prev)"
# as of 2025-11-30: 2025-09 61 days, 2022-06 past three years
is "a year ago" "0/0 15000/2 0/0 0/0 0/0 15000/2" "$(age yoy)"
is "arrears, a year ago" '{"fen":30000}' "$(fig fees.arrears_fen yoy)"
is "pm-fee arrears agrees" "600.00" \
    "$(pm-fee arrears --aging --as-of 2026-11-30 | awk -F '\t' '{ s += $3 * 100 } END { printf "%.2f", s / 100 }')"
is "and on the limitation" "150.00" \
    "$(pm-fee arrears --aging --as-of 2026-11-30 | awk -F '\t' '{ s += $9 * 100 } END { printf "%.2f", s / 100 }')"
done_testing
