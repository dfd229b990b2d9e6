#!/bin/sh
# pm-fee charge --from W: a paid repair becomes a charge on the job's
# unit, linked both ways, once per event; done again with the same
# amount charges nothing, with another amount the difference.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
fee:
  items:
    REPAIR:
      name: 有偿维修
      basis: oneoff
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --site sunny --area 100.50 >/dev/null
PM_USER=admin pm-workorder new --title 换阀门 --unit 3-2-1502 --type 给排水/漏水 >/dev/null
PM_USER=admin pm-workorder new --title 通下水 --unit 3-2-1502 --type 给排水/堵塞 >/dev/null
pm-workorder assign W1 --to wang >/dev/null
PM_USER=wang pm-workorder start W1 >/dev/null
export PM_USER=qian

fails 65 "not done yet" pm-fee charge --from W1
PM_USER=wang pm-workorder done W1 --work 换阀门 --charge 80 >/dev/null
ok "charge --from W1" pm-fee charge --from W1
out_is "a bill" B1
is "the line" "charge REPAIR 8000 W1" "$(sqlite3 "$PM_DB" "SELECT kind || ' ' || item || ' ' || amount || ' ' || source FROM bill_line")"
is "linked from the job" "B1 charge" "$(pm-workorder -o json show W1 | jq -r '.links[0] | "\(.id) \(.rel)"')"
is "on the unit's receivable" 8000 "$(sqlite3 "$PM_DB" "SELECT sum(p.amount) FROM ledger_posting p JOIN ledger_account a ON a.id = p.account_id WHERE a.name = 'Assets:Receivable:sunny:3-2-1502'")"
ok "again" pm-fee charge --from W1
out_is "the same bill" B1
is "charged once" 1 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill_line')"

# reopened and done again: the same amount charges nothing more
PM_USER=zhao pm-workorder verify W1 --fail --reason 还漏 >/dev/null
PM_USER=wang pm-workorder start W1 >/dev/null 2>&1
PM_USER=wang pm-workorder done W1 --work 再换 --charge 80 >/dev/null
ok "done again, same amount" pm-fee charge --from W1
out_is "nothing to charge" ""
is "still one line" 1 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM bill_line')"
# and with another amount, the difference
PM_USER=zhao pm-workorder verify W1 --fail --reason 又漏 >/dev/null
PM_USER=wang pm-workorder start W1 >/dev/null 2>&1
PM_USER=wang pm-workorder done W1 --work 换总阀 --charge 120 >/dev/null
ok "done again, more" pm-fee charge --from W1
out_is "a second bill" B2
is "the difference" "8000 4000" "$(sqlite3 "$PM_DB" "SELECT group_concat(amount, ' ') FROM bill_line WHERE source = 'W1'")"
is "the job's last amount in all" 12000 "$(sqlite3 "$PM_DB" "SELECT sum(amount) FROM bill_line WHERE source = 'W1'")"

fails 65 "a job that is not chargeable" pm-fee charge --from W2
fails 66 "no such job" pm-fee charge --from W9
fails 77 "maint may not charge" env PM_USER=wang pm-fee charge --from W1
ok "pm-admin check" pm-admin check
done_testing
