#!/bin/sh
# pm-fee arrears: the late-fee example of fee_late.h and pm-fee(1) exact to
# the fen through the whole path — bill, pay (principal first, so that
# 1,000.00 goes to the principal as in the example), the late fee fixed by
# each payment, and arrears as of each day; a waived late fee is frozen; a
# reversed payment counts as never made; the warning names the day
# payments are recorded through; the journal's receivable agrees.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  late_rate: 500
  late_grace: 15
  allocation: principal-first
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2026-01
          rate: 1.85
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-1 --site sunny --area 1005.00 --state occupied --handover 2026-01-01 >/dev/null
export PM_USER=qian PM_NOW="2027-01-20 09:00"
ok "bill 2026-11" pm-fee bill --period 2026-11
is "1,005.00 m2 x 1.85 = 1,859.25, due 2026-11-30" "185925 2026-11-30" \
    "$(sqlite3 "$PM_DB" 'SELECT l.amount || " " || b.due FROM bill_line l JOIN bill b ON b.id = l.bill_id')"

col() { cut -f "$1" "$T/.out"; }
ok "as of the due date" pm-fee arrears --as-of 2026-11-30
out_is "not overdue on its due date" ""
ok "in the grace period" pm-fee arrears --as-of 2026-12-15
is "owed, no late fee" "1859.25	0.00" "$(col 4,5)"
ok "the first day that costs" pm-fee arrears --as-of 2026-12-16
is "1,859.25 x 0.0005 = 0.93" "0.93" "$(col 5)"
ok "pay 1,000.00 on 2026-12-31" pm-fee pay --unit 3-1 --amount 1000 --method bank --at 2026-12-31
ok "as of 2026-12-31" pm-fee arrears --as-of 2026-12-31
is "principal, late fee (16 days: 14.87, fixed), total, receivable" \
    "859.25	14.87	874.12	874.12" "$(col 4-7)"
ok "as of 2027-01-13" pm-fee arrears --as-of 2027-01-13 --unit 3-1
is "the man page's figures: 859.25 20.46" "859.25	20.46" "$(col 4,5)"
is "the journal holds only what is fixed" "874.12" "$(col 7)"
err_has "payments recorded through 2026-12-31" "recorded through 2026-12-31"
ok "pay the rest on 2027-01-14" pm-fee pay --unit 3-1 --amount 859.25 --method bank --at 2027-01-14
ok "as of 2027-01-14" pm-fee arrears --as-of 2027-01-14
is "the late fee of the example: 20.89, unpaid" "0.00	20.89	20.89	20.89" "$(col 4-7)"
ok "as of 2027-01-20" pm-fee arrears
is "nothing accrues on nothing" "20.89" "$(col 5)"
is "the journal's receivable" "2089" "$(sqlite3 "$PM_DB" "SELECT sum(p.amount) FROM ledger_posting p
    JOIN ledger_account a ON a.id = p.account_id WHERE a.name = 'Assets:Receivable:sunny:3-1'")"
ok "pay the late fee" pm-fee pay --unit 3-1 --amount 20.89 --method cash --at 2027-01-20
ok "settled" pm-fee arrears
out_is "nothing owed" ""
is "no warning: payments are recorded through the day" "" "$(cat "$T/.err")"

# a reversed payment counts as never made
ok "bill 2026-12" pm-fee bill --period 2026-12
ok "pay B2 on 2027-01-05" pm-fee pay --unit 3-1 --amount 1859.25 --method bank --at 2027-01-05 --for B2
ok "nothing owed" pm-fee arrears
out_is "B2 paid" ""
ok "reverse it" pm-fee reverse P4 --reason "银行退票"
ok "as of 2027-01-20, reversed" pm-fee arrears
is "owed again: due 2026-12-31 + 15 days' grace, 5 days on 1,859.25 = 4.65" \
    "1859.25	4.65" "$(col 4,5)"
ok "as of 2027-02-15" pm-fee arrears --as-of 2027-02-15
is "31 days on 1,859.25 = 28.82" "28.82" "$(col 5)"

# a waived late fee is frozen at the waiver's day
ok "waive B2's late fee on 2027-01-20 (none yet)" pm-fee waive B2 --late-fee --reason "特困户减免"
ok "as of 2027-06-30" pm-fee arrears --as-of 2027-06-30
is "frozen: principal only" "1859.25	0.00" "$(col 4,5)"
done_testing
