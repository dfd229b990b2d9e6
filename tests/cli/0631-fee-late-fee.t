#!/bin/sh
# pm-fee arrears: the late-fee example of fee_late.h and pm-fee(1) exact to
# the fen through the whole path — a bill, payments as the journal holds
# them (the payment contract's entries: payment, allocation, the late fee
# fixed), and arrears as of each day; the waiver that freezes a late fee;
# a reversed payment counts as never made.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  late_rate: 500
  late_grace: 15
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
export PM_USER=qian
ok "bill 2026-11" pm-fee bill --period 2026-11
is "1,005.00 m2 x 1.85 = 1,859.25" "185925" "$(sqlite3 "$PM_DB" 'SELECT amount FROM bill_line')"

# post KIND DATE REF ACCOUNT1 AMOUNT REF1 ACCOUNT2 REF2: one balanced entry
# of the journal as lib/mech/ledger writes it (postings, then the entry).
post() {
	sqlite3 "$PM_DB" "BEGIN IMMEDIATE;
	INSERT OR IGNORE INTO ledger_account (name, created_at) VALUES ('$4', 0), ('$7', 0);
	INSERT INTO ledger_posting (txn_id, account_id, date, amount, ref) VALUES
	  ((SELECT max(id) + 1 FROM ledger_txn), (SELECT id FROM ledger_account WHERE name = '$4'), '$2', $5, '$6'),
	  ((SELECT max(id) + 1 FROM ledger_txn), (SELECT id FROM ledger_account WHERE name = '$7'), '$2', -$5, '$8');
	INSERT INTO ledger_txn (id, kind, date, posted_at, actor, ref)
	  VALUES ((SELECT max(id) + 1 FROM ledger_txn), '$1', '$2', 0, 'qian', '$3');
	COMMIT;"
}
R=Assets:Receivable:sunny:3-1 C=Liabilities:Credit:sunny:3-1
# pay N DATE AMOUNT: payment PN allocated to the principal of B1
pay() {
	post payment "$2" "P$1" Assets:Cash:bank "$3" "P$1" "$C" "P$1"
	post allocation "$2" "P$1" "$C" "$3" "P$1" "$R" B1.1
}
fix() { post accrual "$1" B1 "$R" "$2" B1.L Income:LateFee B1.L; }

col() { cut -f "$1" "$T/.out"; }
ok "as of the due date" pm-fee arrears --as-of 2026-11-30
out_is "not overdue on its due date" ""
ok "in the grace period" pm-fee arrears --as-of 2026-12-15
is "owed, no late fee" "1859.25	0.00" "$(col 4,5)"
ok "the first day that costs" pm-fee arrears --as-of 2026-12-16
is "1,859.25 x 0.0005 = 0.93" "0.93" "$(col 5)"
pay 1 2026-12-31 100000
fix 2026-12-31 1487
ok "after 1,000.00 on 2026-12-31" pm-fee arrears --as-of 2026-12-31
is "principal, late fee (16 days: 14.87), receivable" "859.25	14.87	874.12	874.12" "$(col 4-7)"
ok "as of 2027-01-13" pm-fee arrears --as-of 2027-01-13 --unit 3-1
is "the man page's figures: 859.25 20.46" "859.25	20.46" "$(col 4,5)"
is "the journal's receivable holds only what is fixed" "874.12" "$(col 7)"
err_has "payments are recorded through 2026-12-31" "recorded through 2026-12-31"
pay 2 2027-01-14 85925
fix 2027-01-14 602
ok "paid in full on 2027-01-14" pm-fee arrears --as-of 2027-01-14
is "the late fee of the example: 20.89, unpaid" "0.00	20.89	20.89	20.89" "$(col 4-7)"
ok "later" pm-fee arrears --as-of 2027-06-30
is "nothing accrues on nothing" "20.89" "$(col 5)"
ok "the ledger says the same" sqlite3 "$PM_DB" "SELECT sum(p.amount) FROM ledger_posting p
    JOIN ledger_account a ON a.id = p.account_id WHERE a.name = '$R'"
out_is "2089 fen receivable" "2089"

# the late fee paid, then waived on another bill: frozen at the waiver
post payment 2027-07-01 P3 Assets:Cash:bank 2089 P3 "$C" P3
post allocation 2027-07-01 P3 "$C" 2089 P3 "$R" B1.L
ok "settled" pm-fee arrears --as-of 2027-07-01
out_is "nothing owed" ""
ok "bill 2027-01" env PM_NOW=2027-01-05 pm-fee bill --period 2027-01
ok "B2 as of 2027-03-01" pm-fee arrears --as-of 2027-03-01
is "B1's 20.89 unpaid then, and 14 days on B2's 1,859.25: 13.01" "2	33.90" "$(col 3,5)"
post accrual 2027-03-01 B2 "$R" 1301 B2.L Income:LateFee B2.L
post waiver 2027-03-01 B2 Income:LateFee 1301 B2.L "$R" B2.L
ok "waived" pm-fee arrears --as-of 2027-12-31
is "frozen: principal only" "1859.25	0.00" "$(col 4,5)"
done_testing
