#!/bin/sh
# pm-fee arrears, notice, agreement and remind: the limitation example of
# the man page (due 2022-01-31, a demand delivered 2024-06-01: not
# time-barred until 2027-06-01), late fees and the warning about payments
# recorded, ageing, the written reminder in text and HTML, masking, no
# threat in any output, every failure path and the permissions.
. "$PM_TESTS/lib.sh"
mkdir -p config/pm
cat >config/pm/config.yaml <<'YAML'
company:
  name: 阳光物业服务有限公司
fee:
  late_rate: 500
  late_grace: 15
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2022-01
          rate: 1.85
YAML
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new qian --name 钱会计 --roles finance --dept finance >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 1 --site sunny >/dev/null
pm-unit unit new 1-101 --site sunny --building 1 --area 100.50 --state occupied --handover 2022-01-01 >/dev/null
pm-unit unit new 1-102 --site sunny --building 1 --area 80.00 --state occupied --handover 2026-01-01 >/dev/null
pm-unit occupant new --unit 1-101 --name 张三 --phone 13812341234 --role owner --move-in 2022-01-01 >/dev/null
export PM_USER=qian
pm-fee bill --period 2022-01 >/dev/null
pm-fee bill --period 2026-10 >/dev/null

# arrears: 1-101 owes 2022-01 and 2026-10 (185.93 each), 1-102 2026-10 (148.00)
ok "arrears" pm-fee arrears
out_has "1-101: two bills, late fees, receivable, oldest due, barred" \
    "^sunny	1-101	2	371.86	[0-9.]+	[0-9.]+	371.86	2022-01-31	185.93$"
out_has "1-102" "^sunny	1-102	1	148.00	1.11	149.11	148.00	2026-10-31	0.00$"
err_has "late fees without a payment recorded: warned" "no payment is recorded"
is "no total row in tsv" "2" "$(wc -l < "$T/.out")"
ok "arrears -o table" pm-fee -o table arrears
out_has "a total row in the table" "total +3 +519.86"
ok "arrears -o json" pm-fee -o json arrears --unit 1-102
out_has "json money in fen" '"principal_fen":14800'
ok "arrears --building" pm-fee arrears --building 1 --site sunny
is "both units" "2" "$(wc -l < "$T/.out")"
ok "arrears --older-than 30d" pm-fee arrears --older-than 30d
out_has "only the old debt" "^sunny	1-101	1	185.93	"
is "1-102's debt is 30 days overdue" "1" "$(wc -l < "$T/.out")"
ok "arrears --as-of the due date" pm-fee arrears --as-of 2026-10-31
is "nothing overdue on its due date but the old one" "1" "$(wc -l < "$T/.out")"

# ageing and the limitation: the worked example
ok "aging" pm-fee arrears --aging --unit 1-101
out_has "buckets and the barred flag" "^sunny	1-101	371.86	185.93	0.00	0.00	0.00	0.00	185.93	185.93	1	"
ok "notice --delivered (a demand)" pm-fee notice 1-101 --delivered 2024-06-01 --method post
out_is "its id" "1"
ok "the issue's spelling" pm-fee notice --unit 1-102 --delivered 2026-11-02 --method hand
out_is "its id" "2"
ok "aging as of 2027-06-01" pm-fee arrears --aging --unit 1-101 --as-of 2027-06-01
out_has "not time-barred on 2027-06-01: from 2027-06-02" "	0.00	0	2027-06-02$"
ok "aging as of 2027-06-02" pm-fee arrears --aging --unit 1-101 --as-of 2027-06-02
out_has "time-barred on 2027-06-02" "	185.93	1	"
ok "agreement" pm-fee agreement 1-101 --date 2026-11-01 --text "分期：每月 100 元"
out_is "its id" "3"
ok "aging after the agreement" pm-fee arrears --aging --unit 1-101 --as-of 2029-10-31
out_has "revived: barred from 2029-11-02" "	0	2029-11-02$"

ok "demand list" pm-fee demand list 1-101
is "the demand and the agreement, oldest first" "demand 2024-06-01 post
agreement 2026-11-01 -" "$(cut -f 4-6 "$T/.out" | sed 's/	$/	-/' | tr '\t' ' ')"
fails 66 "demand list: no such unit" pm-fee demand list 9-999

# the payments-recorded warning names the day payments are recorded through
sqlite3 "$PM_DB" "INSERT INTO pay_import (at, actor, rows, new, first_date, last_date)
    VALUES (1796000000, 'qian', 1, 1, '2026-11-01', '2026-11-27')"
ok "arrears with an import" pm-fee arrears
err_has "recorded through the import's last day" "recorded through 2026-11-27"
ok "arrears --as-of the import's last day" pm-fee arrears --as-of 2026-11-27
quiet_err() { if [ ! -s "$T/.err" ]; then _ok "$1"; else _notok "$1 (stderr)"; fi; }
quiet_err "no warning then"

# the notice
ok "notice (text)" pm-fee notice 1-101
out_has "the heading" "催缴通知书"
out_has "the company" "阳光物业服务有限公司"
out_has "a line" "2022-01 +物业费 +185.93 +2022-01-31"
out_has "the total" "Total"
cp "$T/.out" notice.txt
ok "notice --html" pm-fee notice 1-101 --html --as-of 2026-11-30
out_has "html" "^<!DOCTYPE html>"
out_has "A4" "size: A4"
cp "$T/.out" notice.html
is "no script" "0" "$(grep -c '<script' notice.html)"
ok "notice in Chinese" env LANGUAGE=zh_CN LC_ALL=zh_CN.UTF-8 pm-fee notice 1-101
cp "$T/.out" notice-zh.txt

# remind: masked unless --unmask --reason (needs pii.unmask)
ok "remind" pm-fee remind --older-than 30d
out_is "masked owner and phone; all it owes" "sunny	1-101	张*	138****1234	371.86	2	2022-01-31"
cp "$T/.out" remind.tsv
ok "remind -o json" pm-fee -o json remind
cp "$T/.out" remind.json
out_has "masked in json" '"phone":"138\*\*\*\*1234"'
fails 77 "remind --unmask without pii.unmask" pm-fee remind --unmask --reason "催缴"
ok "remind --unmask (admin)" env PM_USER=admin pm-fee remind --unmask --reason "电话催缴" --older-than 30d
out_has "in clear" "张三	13812341234"

# nothing pm prints threatens to cut a supply
for f in notice.txt notice.html notice-zh.txt remind.tsv remind.json; do
	is "$f: no threat" "0" "$(grep -ciE '停水|停电|停气|停暖|断水|断电|cut off|disconnect|shut off' "$f")"
done
is "man page: no threat" "0" "$(grep -ciE '停水|停电|停气|停暖|断水|断电|cut off|shut off' "$PM_TESTS/../../man/pm-fee.1" | grep -v '^0$' | wc -l | tr -d ' ')"

# failure paths
fails 64 "notice: no unit" pm-fee notice
fails 64 "notice: both spellings" pm-fee notice 1-101 --unit 1-101
fails 64 "notice: --delivered without --method" pm-fee notice 1-101 --delivered 2026-11-01
fails 64 "notice: a bad method" pm-fee notice 1-101 --delivered 2026-11-01 --method fax
fails 64 "notice: --delivered with --html" pm-fee notice 1-101 --delivered 2026-11-01 --method post --html
fails 65 "notice: delivered tomorrow" pm-fee notice 1-101 --delivered tomorrow --method post
fails 66 "notice: no such unit" pm-fee notice 9-999
fails 65 "notice: owes nothing" pm-fee notice 1-102 --as-of 2026-10-31
fails 64 "agreement: no --date" pm-fee agreement 1-101
fails 66 "agreement: no such unit" pm-fee agreement 9-999 --date 2026-11-01
fails 64 "arrears: --older-than in hours" pm-fee arrears --older-than 36h
fails 66 "arrears: no such site" pm-fee arrears --site nope
fails 66 "arrears: no such building" pm-fee arrears --building 9
fails 64 "arrears: a bad date" pm-fee arrears --as-of 2026-02-30
# permissions: maintenance reads no fees and records no demand
fails 77 "arrears needs fee.read" env PM_USER=wang pm-fee arrears
fails 77 "notice --delivered needs fee.notice" env PM_USER=wang pm-fee notice 1-101 --delivered 2026-11-01 --method post
fails 77 "agreement needs fee.notice" env PM_USER=wang pm-fee agreement 1-101 --date 2026-11-01
is "demands are append-only" "1" "$(sqlite3 "$PM_DB" "DELETE FROM fee_demand" 2>&1 | grep -c 'never changed')"
is "audited" "3" "$(sqlite3 "$PM_DB" "SELECT count(*) FROM audit WHERE entity = 'demand'")"

# hooks: demand.new, vetoed by a pre- hook, fed to an on- hook
mkdir -p hooks
printf 'hooks:\n  dir: %s/hooks\n' "$T" >> config/pm/config.yaml
printf '#!/bin/sh\ncat > "%s/got.json"\n' "$T" > hooks/on-demand.new
printf '#!/bin/sh\necho "凭证未上传" >&2; exit 1\n' > hooks/pre-demand.new
chmod +x hooks/on-demand.new hooks/pre-demand.new
fails 65 "a pre- hook vetoes a demand" pm-fee notice 1-101 --delivered 2026-11-20 --method email
is "nothing recorded" "3" "$(sqlite3 "$PM_DB" "SELECT count(*) FROM fee_demand")"
rm hooks/pre-demand.new
ok "the on- hook" pm-fee notice 1-101 --delivered 2026-11-20 --method email
is "it saw the demand" "1-101 demand 2026-11-20 email" \
    "$(jq -r '.record | "\(.unit) \(.kind) \(.date) \(.method)"' got.json)"
done_testing
