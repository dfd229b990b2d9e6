#!/bin/sh
# pm-report monthly: the fees section in the documents — Chinese labels
# in zh_CN, the same figures as the JSON, the ageing and trend tables;
# a site that does not exist; the KPI on the collection rate.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/report-seed.sh"
report_db "$PM_DB" S1 || { echo "Bail out! seed"; exit 1; }
export PM_NOW="$REPORT_NOW"
zh() { env LANGUAGE=zh_CN LANG=zh_CN.UTF-8 LC_ALL=C.UTF-8 "$@"; }
ok "text in Chinese" zh pm-report monthly --month 2026-11 -o text
out_has "the section" "收费"
out_has "billed, this month and last" "应收 +¥720\.00 +¥720\.00"
out_has "the collection rate misses its target" "^! 收缴率（金额） +41\.67% +63\.89%.*>= 95\.00%"
out_has "households" "收缴率（户数） +50\.00% +50\.00%"
out_has "arrears" "欠费 +¥480\.00 +¥240\.00"
out_has "late fees" "违约金（确认） +¥0\.40"
out_has "budget used" "预算执行率 +33\.33% +8\.33%"
out_has "the ageing table" "^欠费账龄"
out_has "a bucket" "31-90天 +¥240\.00 +1 +¥240\.00"
out_has "over three years" "3年以上 +¥0\.00 +0"
out_has "the trend" "^近十二个月收缴率"
out_has "a month of it" "2026-10 +63\.89% +¥720\.00 +¥460\.00"
ok "markdown" pm-report monthly --month 2026-11 -o md
out_has "a row of the ageing" "1-30 days"
out_has "the trend's month" "2026-09"
ok "html" pm-report monthly --month 2026-11 -o html
out_has "html has the ageing" "181-365 days"
fails 66 "no such site" pm-report monthly --month 2026-11 --site nowhere
err_has "says which" "nowhere"
ok "json for a site" pm-report monthly --month 2026-11 --site S1 -o json
is "a site's report has no budget" "null" "$(jq -c '.figures["fees.budget_fen"].cur' "$T/.out")"
is "but its costs (none with a site)" '{"fen":0}' "$(jq -c '.figures["fees.spent_fen"].cur' "$T/.out")"
run pm-report kpi --month 2026-11 -o tsv
is "kpi: the collection rate missed, exit 1" "1 fees.collection_rate	41.67%	>= 95.00%	0" \
    "$st $(grep '^fees\.' "$T/.out")"
done_testing
