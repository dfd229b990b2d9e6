#!/bin/sh
# pm-action's front: --help lists every verb, each verb explains itself,
# --options names each verb's permission, the document formats belong to
# review alone (and the row formats to the others), -n is refused by
# writers without a dry run, the review and a listing in Chinese.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1

ok "--help" pm-action --help
for v in "meeting new" "meeting issue" "meeting list" "meeting show" new progress done \
    verify reopen cancel assign escalate list due show history review; do
	out_has "--help lists $v" "^  $v "
done
for v in "meeting new" "meeting issue" "meeting list" "meeting show" new progress done \
    verify reopen cancel assign escalate list due show history review; do
	# shellcheck disable=SC2086
	ok "$v --help" pm-action $v --help
done
ok "--options" pm-action --options
out_has "new needs action.create" "^new	--text --owner --source --due --site	write	action.create$"
out_has "progress: any active member (the owner's own)" "^progress	--note --at	write	-$"
out_has "verify needs action.verify" "^verify	--note --at	write	action.verify$"
out_has "meetings need action.meeting" "^meeting new	.*	write	action.meeting$"
out_has "review reads" "^review	--month --site --kpi	read	-$"
fails 64 "an unknown verb" pm-action frobnicate
fails 64 "an unknown option" pm-action list --frob
fails 64 "list -o md" pm-action list -o md
fails 64 "list -o html" pm-action list -o html
fails 64 "review -o tsv" pm-action review -o tsv
fails 64 "review -o ics" pm-action review -o ics
fails 64 "review -o table" pm-action review -o table
fails 64 "show -o ics" pm-action show A1 -o ics
fails 64 "-n on a writer without a dry run" pm-action -n new --text x --owner wang --source report:2026-11
fails 64 "show takes one ID" pm-action show A1 A2
fails 64 "meeting issue takes one ID" pm-action meeting issue --text x G1 G2
fails 64 "progress needs an ID" pm-action progress --note x
fails 64 "a bad --at" pm-action progress A1 --note x --at 2026-13-01
fails 64 "a bad --within" pm-action due --within 3x
fails 64 "a bad --limit" pm-action list --limit -1
fails 64 "--month junk" pm-action meeting list --month junk

# Chinese
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
	pm-action new --text 照明巡检 --owner wang --source report:2026-11 --due 2026-12-20 >/dev/null
	ok "review in Chinese" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 pm-action review --month 2026-11
	out_has "the title" "^工作总结与整改报告 2026-11$"
	out_has "the headings" "^三、整改措施$"
	out_has "the columns, aligned by display width" "^  措施  措施内容  责任人         来源            期限        状态    完成日期$"
	out_has "a row under them" "^  A1    照明巡检  王师傅 \(wang\)  report:2026-11  2026-12-20  未开始  -$"
	ok "list in Chinese" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 pm-action list -o table
	out_has "translated headers" "^编号 +创建时间 +状态 +责任人"
	fails 64 "an error in Chinese" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 pm-action review -o json
	err_has "says so in Chinese" "输出的是文档"
else
	echo "# skipped: no zh_CN.UTF-8 locale"
fi
done_testing
