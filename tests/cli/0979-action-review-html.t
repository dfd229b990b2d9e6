#!/bin/sh
# pm-action review -o html, the written report for management review,
# in headless Chromium: laid out within its body, printed on A4, its
# Chinese (typed text and the zh_CN labels) drawn (chromium.sh
# page_checks); long text typed by people wraps, it does not widen the
# page.
. "$PM_TESTS/lib.sh"
. "$PM_TESTS/chromium.sh"
need_chromium
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
at() { PM_NOW="$1"; export PM_NOW; }
at "2026-11-05 10:00"
pm-action meeting new --title 维修部月度总结会 --dept maint --date 2026-11-05 --site sunny \
	--attendee wang >/dev/null
pm-action meeting issue G1 --text '电梯困人：3号楼电梯本月两次停在两层之间，业主反映强烈，需要维保单位出具书面整改报告并在下次会议上说明' >/dev/null
pm-action meeting issue G1 --text 'a-very-long-word-without-any-space-typed-by-someone-who-pasted-a-link-https://example.invalid/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' >/dev/null
pm-action new --text 电梯应急演练 --owner wang --source G1#1 --due 2026-11-20 >/dev/null
pm-action new --text 照明巡检，全部楼道每周一次 --owner wang --source G1 --due 2026-12-15 >/dev/null
at "2026-11-24 10:00"
pm-action done A2 --result 已执行 >/dev/null
at "2026-12-02 09:00"
zh_locale

ok "review -o html" pm-action review --month 2026-11 -o html
cp "$T/.out" r.html
out_has "the typed text" "电梯困人"
page_checks review r.html
done_testing
