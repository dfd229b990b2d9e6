#!/bin/sh
# pm-action list and due: the actions in play by default, --open,
# --overdue, --due-within, --owner, --site, --source, --status, --all,
# --limit; due --within (the late ones first); -o id into a writer, -o
# ics as a calendar of due times.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager --dept mgmt >/dev/null 2>&1
pm-action meeting new --title 总结会 --dept maint --date 2026-11-28 --site sunny >/dev/null
pm-complaint new --site sunny --text 电梯困人 >/dev/null
new() { pm-action new --text "$1" --owner "$2" --source "$3" --due "$4" >/dev/null; }
new 措施一 wang G1 2026-12-01
new 措施二 li C1 2026-12-03
new 措施三 wang report:2026-10 2026-12-20
new 措施四 li G1 2026-12-02
pm-action done A4 --result 完成 >/dev/null
new 措施五 wang C1 2026-12-31
PM_USER=zhao pm-action cancel A5 --reason 重复 >/dev/null
ids() { tr '\n' ' ' <"$T/.out" | sed 's/ $//'; }

ok "list: in play, newest first" pm-action list -o id
is "A5 cancelled is out" "A4 A3 A2 A1" "$(ids)"
ok "tsv columns" pm-action list
out_has "id created status owner dept site source due_end level text" \
	"^A1	2026-11-30T09:00:00\+08:00	open	wang	maint	sunny	G1	2026-12-01T23:59:59\+08:00	0	措施一$"
ok "--open: work pending" pm-action list --open -o id
is "not the done one" "A3 A2 A1" "$(ids)"
ok "--all" pm-action list --all -o id
is "every one" "A5 A4 A3 A2 A1" "$(ids)"
ok "--status done" pm-action list --status done -o id
is "A4" "A4" "$(ids)"
ok "--status cancelled" pm-action list --status cancelled -o id
is "A5" "A5" "$(ids)"
ok "--owner" pm-action list --owner li -o id
is "li's" "A4 A2" "$(ids)"
ok "--source G" pm-action list --source G -o id
is "from meetings" "A4 A1" "$(ids)"
ok "--source G1" pm-action list --source G1 -o id
is "from G1" "A4 A1" "$(ids)"
ok "--source meeting:G1" pm-action list --source meeting:G1 -o id
is "the same" "A4 A1" "$(ids)"
ok "--source C1" pm-action list --source C1 -o id
is "from C1 (in play)" "A2" "$(ids)"
ok "--source report" pm-action list --source report -o id
is "from reports" "A3" "$(ids)"
ok "--source report:2026-10" pm-action list --source report:2026-10 -o id
is "October's" "A3" "$(ids)"
ok "--source report:2026-09" pm-action list --source report:2026-09 -o id
is "none" "" "$(ids)"
ok "--site" pm-action list --site sunny -o id
is "the meeting's and the contact's site" "A4 A2 A1" "$(ids)"
ok "--limit" pm-action list --limit 1 -o id
is "the newest" "A4" "$(ids)"
fails 64 "a bad status" pm-action list --status nope
fails 64 "a bad source" pm-action list --source x:y
fails 66 "no such owner" pm-action list --owner nobody
fails 64 "--overdue and --due-within" pm-action list --overdue --due-within 1d

PM_NOW="2026-12-02 10:00"; export PM_NOW
ok "--overdue, by due time" pm-action list --overdue -o id
is "A1 is late (A4 is done)" "A1" "$(ids)"
ok "--due-within 2d" pm-action list --due-within 2d -o id
is "due by 12-04 10:00, not late yet" "A2" "$(ids)"
ok "--overdue --owner" pm-action list --overdue --owner li -o id
is "none of li's" "" "$(ids)"
ok "due (7d)" pm-action due -o id
is "the late first, then the coming" "A1 A2" "$(ids)"
ok "due --within 30d" pm-action due --within 30d -o id
is "every pending one" "A1 A2 A3" "$(ids)"
ok "due --owner" pm-action due --within 30d --owner wang -o id
is "wang's" "A1 A3" "$(ids)"
fails 64 "due --within needs a span" pm-action due --within soon
ok "due -o ics" pm-action due -o ics
out_has "a calendar" "^BEGIN:VCALENDAR"
out_has "an event per action" "^UID:A1@pm.invalid"
out_has "at its due time" "^DTSTART:20261201T155959Z"
out_has "the measure as summary" "^SUMMARY:措施一"
is "two events" 2 "$(grep -c '^BEGIN:VEVENT' "$T/.out")"
ok "list -o ics" pm-action list -o ics
fails 64 "show has no ics" pm-action show A1 -o ics
ok "-o id pipes into a writer" sh -c 'pm-action list --overdue -o id | pm-action progress - --note 催办'
is "A1 followed up" in_progress "$(pm-action -o json show A1 | jq -r .status)"
ok "list --header" pm-action list --header --limit 1
out_has "a header" "^id	created	status	owner"
ok "table" pm-action list -o table
out_has "aligned, CJK wide" "措施一"
done_testing
