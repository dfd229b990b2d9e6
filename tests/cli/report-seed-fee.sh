# report-seed-fee.sh — the fees section's part of the report fixture
# (report-seed.sh): seed_fee SITE adds a small, known three months of
# bills, payments, a late fee, a waiver, a budget and costs for site
# SITE to $PM_DB.
#
# Config (seed_fee_config): PROP by area at 2.00 yuan/m2 from 2025-01,
# due on the period's last day (fee.due_day 0), late fee 0.1 % a day
# (1000 ppm), no grace.  The units (report-seed.sh) are billed 200.00
# (1-101, 100 m2), 160.00 (1-102), 240.00 (2-101) and 120.00 (2-102):
# 720.00 a month, on the 1st.  2-101 never pays.
#
#   2026-09  1-101 200.00 on 09-05, 1-102 160.00 on 09-06, 2-102 120.00
#            on 09-07 -> as of 09-30: collected 480.00 (66.67 %),
#            households 3 of 4
#   2026-10  1-101 200.00 on 10-10, 1-102 160.00 on 10-12, 2-102 100.00
#            of its 120.00 on 10-10 -> as of 10-31: collected 460.00 of
#            720.00 (63.89 %), households 2 of 4 (50.00 %); arrears
#            240.00 (2-101's September, 31 days: 31-90)
#   2026-11  1-101 200.00 on 11-05; 2-102 20.40 on 11-20: October's
#            20.00 and its late fee fixed, 20.00 x 0.1 % x 20 days
#            (11-01..11-20) = 0.40; 2-102 100.00 on 11-25 and 20.00 of
#            November's waived on 11-26 (settled) -> as of 11-30:
#            collected 300.00 of 720.00 (41.67 %), waived 20.00,
#            households 2 of 4 (50.00 %); arrears 480.00 (2-101's
#            September, 61 days: 31-90, and October, 30 days: 1-30;
#            November's bills are due 11-30, not overdue yet); late fees
#            fixed 0.40
#   budget   maint "清洁SITE" 2026: 12,000.00; costs 1,000.00 on 10-20
#            and 3,000.00 on 11-10 -> spent in 2026 to 11-30 4,000.00
#            (33.33 %), to 10-31 1,000.00 (8.33 %)
seed_fee_config() {
	cat <<'YAML'
fee:
  due_day: 0
  late_rate: 1000
  items:
    PROP:
      name: 物业费
      basis: area
      rates:
        - from: 2025-01
          rate: 2.00
YAML
}

_fee_bill_of() {        # SITE UNIT PERIOD: the bill's ID
	pm-fee bill list --site "$1" --unit "$2" -o tsv | awk -F '\t' -v p="$3" '$4 == p { print $1; exit }'
}

seed_fee() {
	_s=$1
	(
	set -e
	export PM_USER=qian
	export PM_NOW="2026-09-01 08:00"
	pm-fee bill --period 2026-09 --site "$_s" >/dev/null
	export PM_NOW="2026-09-05 10:00"
	pm-fee pay --site "$_s" --unit 1-101 --amount 200 --method wechat >/dev/null
	export PM_NOW="2026-09-06 10:00"
	pm-fee pay --site "$_s" --unit 1-102 --amount 160 --method bank >/dev/null
	export PM_NOW="2026-09-07 10:00"
	pm-fee pay --site "$_s" --unit 2-102 --amount 120 --method cash >/dev/null
	export PM_NOW="2026-10-01 08:00"
	pm-fee bill --period 2026-10 --site "$_s" >/dev/null
	export PM_NOW="2026-10-10 10:00"
	pm-fee pay --site "$_s" --unit 1-101 --amount 200 --method wechat >/dev/null
	pm-fee pay --site "$_s" --unit 2-102 --amount 100 --method cash >/dev/null
	export PM_NOW="2026-10-12 10:00"
	pm-fee pay --site "$_s" --unit 1-102 --amount 160 --method bank >/dev/null
	export PM_NOW="2026-10-20 10:00"
	pm-fee budget set --year 2026 --dept maint --category "清洁$_s" --amount 12000 >/dev/null
	pm-fee cost add --dept maint --category "清洁$_s" --amount 1000 --date 2026-10-20 >/dev/null
	export PM_NOW="2026-11-01 08:00"
	pm-fee bill --period 2026-11 --site "$_s" >/dev/null
	export PM_NOW="2026-11-05 10:00"
	pm-fee pay --site "$_s" --unit 1-101 --amount 200 --method wechat >/dev/null
	export PM_NOW="2026-11-10 10:00"
	pm-fee cost add --dept maint --category "清洁$_s" --amount 3000 --date 2026-11-10 >/dev/null
	export PM_NOW="2026-11-20 10:00"
	pm-fee pay --site "$_s" --unit 2-102 --amount 20.40 --method cash >/dev/null
	export PM_NOW="2026-11-25 10:00"
	pm-fee pay --site "$_s" --unit 2-102 --amount 100 --method cash >/dev/null
	export PM_NOW="2026-11-26 10:00"
	_b=$(_fee_bill_of "$_s" 2-102 2026-11)
	[ -n "$_b" ]
	pm-fee waive --amount 20 --reason "漏水减免" "$_b" >/dev/null
	) || _seed_fail "seed_fee $_s"
}
