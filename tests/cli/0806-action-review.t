#!/bin/sh
# pm-action review: the month's written report for management review on a
# seeded month whose facts are known — the same figures in text, md and
# html; one self-contained HTML page (no scripts, no external assets, A4,
# text escaped); --site; --kpi lists the targets pm-report's kpi missed;
# the refusals.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
at() { PM_NOW="$1"; export PM_NOW; }
# October: one meeting, one action still open at the end of it
at "2026-10-20 10:00"
pm-action meeting new --title 十月例会 --dept maint --date 2026-10-20 --site sunny >/dev/null
pm-action new --text 十月遗留 --owner wang --source G1 --due 2026-11-10 >/dev/null
pm-action new --text 十月已验收 --owner wang --source G1 --due 2026-10-30 >/dev/null
pm-action done A2 --result 好 >/dev/null
PM_USER=zhao pm-action verify A2 >/dev/null
# November: two meetings (one at moon), three issues, three actions
at "2026-11-05 10:00"
pm-action meeting new --title '维修部<总结>会 & "复盘"' --dept maint --date 2026-11-05 --site sunny \
	--attendee wang --attendee li >/dev/null
pm-action meeting issue G2 --text '电梯困人<script>alert(1)</script>' >/dev/null
pm-action meeting issue G2 --text '楼道照明 | 损坏' >/dev/null
at "2026-11-12 10:00"
pm-action meeting new --title 月亮湾客服会 --dept service --date 2026-11-12 --site moon >/dev/null
pm-action meeting issue G3 --text 回访不及时 >/dev/null
pm-action new --text 电梯应急演练 --owner wang --source G2#1 --due 2026-11-20 >/dev/null
pm-action new --text 照明巡检 --owner wang --source G2 --due 2026-12-15 >/dev/null
pm-action new --text 回访制度 --owner li --source G3 --due 2026-11-25 >/dev/null
at "2026-11-24 10:00"
pm-action done A5 --result 已执行 >/dev/null
PM_USER=zhao pm-action verify A5 >/dev/null
pm-action done A1 --result 十月遗留完成 >/dev/null
# December (after the month): not counted
at "2026-12-02 09:00"
pm-action meeting new --title 十二月会 --dept maint --date 2026-12-01 >/dev/null
pm-action new --text 十二月 --owner li --source G4 --due 2026-12-20 >/dev/null

ok "review (default: last month)" pm-action review
cp "$T/.out" text.txt
out_has "the title" "^Work summary and improvement report 2026-11$"
out_has "the figures" "Meetings held: 2; issues raised: 3; actions opened: 3, done: 2, accepted: 1, cancelled: 0; still open: 2, of which overdue: 1\."
out_has "a meeting row, its department by name" "G2 +2026-11-05 +Maintenance +维修部<总结>会 & \"复盘\" +2 +2"
out_has "an issue row, no action from it" "G3#1 +2026-11-12 +Customer service +回访不及时 +-$"
out_has "an issue and the action made from it" "G2#1 +2026-11-05 +Maintenance +电梯困人<script>alert\(1\)</script> +A3$"
if grep -qE "^ *G[0-9]+(#[0-9]+)? +2026-[0-9-]+ +(maint|service) " "$T/.out"; then
	_notok "no department shown by its code"; else _ok "no department shown by its code"; fi
out_has "the overdue one marked" "^! A3 +电梯应急演练 +王师傅 \(wang\) +G2#1 +2026-11-20 +overdue"
out_has "October's still open at the start" "A1 +十月遗留 .* +done, awaiting acceptance +2026-11-24"
if grep -q "十月已验收\|十二月" "$T/.out"; then _notok "accepted before, made after: left out"; else _ok "accepted before, made after: left out"; fi
out_has "no KPI file" "No KPI figures were given"
if locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$' && [ -f "${PM_LOCALEDIR:-}/zh_CN/LC_MESSAGES/pm.mo" ]; then
	LC_ALL=zh_CN.UTF-8 ok "review under zh_CN" pm-action review
	out_has "the department's Chinese name" "G2 +2026-11-05 +维修维护部 +维修部"
	out_has "and the issue's" "G3#1 +2026-11-12 +客服部 +回访不及时"
fi
ok "--month 2026-11" pm-action review --month 2026-11
same_file "the same report" text.txt "$T/.out"

ok "md" pm-action review --month 2026-11 -o md
out_has "a heading" "^# Work summary and improvement report 2026-11$"
out_has "the same figures" "Meetings held: 2; issues raised: 3; actions opened: 3, done: 2, accepted: 1, cancelled: 0; still open: 2, of which overdue: 1\."
out_has "a pipe table" "^\| action \| measure \| owner \| source \| due \| state \| done \|$"
out_has "markup escaped" "维修部\\\\<总结\\\\>会"
out_has "| escaped" "楼道照明 \\\\\| 损坏"
out_has "the overdue one in bold" "^\| \*\*A3\*\* \| 电梯应急演练"

ok "html" pm-action review --month 2026-11 -o html
cp "$T/.out" r.html
out_has "a page" "^<!DOCTYPE html>$"
out_has "UTF-8" '<meta charset="utf-8">'
out_has "A4" "@page \{ size: A4"
out_has "the same figures" "Meetings held: 2; issues raised: 3; actions opened: 3, done: 2, accepted: 1, cancelled: 0; still open: 2, of which overdue: 1\."
out_has "escaped text" "维修部&lt;总结&gt;会 &amp; &quot;复盘&quot;"
out_has "the script as text" "电梯困人&lt;script&gt;alert\(1\)&lt;/script&gt;"
out_has "the overdue row marked" '<tr class="miss"><td>A3</td>'
if grep -qiE "<script|<link|src=|@import|url\(|https?:" r.html; then _notok "self-contained"; else _ok "self-contained"; fi
is "one page, closed" "</html>" "$(tail -n 1 r.html)"
if command -v xmllint >/dev/null 2>&1; then
	if xmllint --html --noout r.html 2>/dev/null; then _ok "parses as HTML"; else _notok "parses as HTML"; fi
fi

ok "--site moon" pm-action review --month 2026-11 --site moon
out_has "site in the title" "report 2026-11 \(site moon\)"
out_has "its figures (G3's action is at moon)" "Meetings held: 1; issues raised: 1; actions opened: 1, done: 1, accepted: 1"
ok "a month with nothing" pm-action review --month 2026-01
out_has "no meetings" "No meetings were held this month\."
out_has "no issues" "No issues were recorded\."

# the targets missed, from pm-report kpi -o tsv
printf 'kpi\tvalue\ttarget\tmet\ncollection_rate\t93.20%%\t>= 95%%\t0\nsatisfaction\t91%%\t>= 90%%\t1\nrevisit_rate\t80%%\t>= 90%%\t0\nfees.collection_rate\t41.67%%\t>= 95.00%%\t0\n' >kpi.tsv
ok "--kpi" pm-action review --month 2026-11 --kpi kpi.tsv
out_has "a missed target (a key pm-report has not: as it is)" "^! collection_rate +93.20% +>= 95%$"
out_has "another" "^! revisit_rate"
out_has "a figure of pm-report: its label" "^! Collection rate \(amount\) +41.67% +>= 95.00%$"
ok "--kpi -o md" pm-action review --month 2026-11 --kpi kpi.tsv -o md
out_has "md: the label and the key" "^\| \*\*Collection rate \(amount\) \(fees\.collection\\\\_rate\)\*\* \| 41\.67% \|"
ok "--kpi -o html" pm-action review --month 2026-11 --kpi kpi.tsv -o html
out_has "html: the label" "<td>Collection rate \(amount\)</td>"
if grep -q satisfaction "$T/.out"; then _notok "a met one is not listed"; else _ok "a met one is not listed"; fi
printf 'satisfaction\t91%%\t90%%\t1\n' >met.tsv
ok "all met" pm-action review --month 2026-11 --kpi met.tsv
out_has "says so" "Every target was met\."
printf 'collection_rate\t93%%\t95%%\n' >bad.tsv
fails 65 "a line short of a field" pm-action review --month 2026-11 --kpi bad.tsv
err_has "file:line" "bad.tsv:1: want four tab-separated fields"
printf 'a\tb\tc\tmaybe\n' >bad2.tsv
fails 65 "met is 1 or 0" pm-action review --month 2026-11 --kpi bad2.tsv
fails 66 "no such file" pm-action review --month 2026-11 --kpi missing.tsv
fails 64 "-o json is refused" pm-action review -o json
err_has "names the formats" "formats: text, md, html"
fails 64 "a bad month" pm-action review --month 2026-13
fails 66 "no such site" pm-action review --site nope
done_testing
