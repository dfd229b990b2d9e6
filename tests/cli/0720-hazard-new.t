#!/bin/sh
# pm-patrol hazard new: defaults (severity, department, finder, the
# deadline), every option, the reporter's personal data masked in every
# format unless unmasked, and each failure path; list and show.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit building new 3 --site sunny --floors 18 >/dev/null
pm-org staff new zhou --name 周保安 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new chen --name 陈队长 --roles security --dept security --sites sunny >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
export PM_USER=zhou
f() { pm-patrol -o json hazard show "$1" | jq -r "$2"; }

ok "new with the defaults" pm-patrol hazard new --place 3号楼消防通道 --text 消防通道堆放杂物
out_is "prints the ID" H1
is "severity 一般" 一般 "$(f H1 .severity)"
is "security is responsible" security "$(f H1 .dept)"
is "the actor found it" zhou "$(f H1 .found_by)"
is "found now" "2026-11-30T09:00:00+08:00" "$(f H1 .found)"
is "five working days, in working time" "business 2026-12-07T09:00:00+08:00" "$(f H1 '"\(.clock) \(.due)"')"
is "found anywhere" found "$(f H1 .source)"
is "pending rectification" pending "$(f H1 .status)"
is "the new event" "new zhou" "$(f H1 '.events[0] | "\(.event) \(.actor)"')"

ok "new with every option" pm-patrol hazard new --severity 重大 --site sunny --building 3 \
	--point B3-FIRE --place 地下车库 --text "配电箱门未锁" --dept mgmt --owner chen --by chen \
	--reporter 张三 --phone 13812341234 --found "2026-11-30 08:30"
out_is "H2" H2
is "major: 24 calendar hours from when it was found" "calendar 2026-12-01T08:30:00+08:00" \
	"$(f H2 '"\(.clock) \(.due)"')"
is "where" "sunny 3 B3-FIRE 地下车库" "$(f H2 '"\(.site) \(.building) \(.point) \(.place)"')"
is "the owner and the department given" "chen mgmt" "$(f H2 '"\(.owner) \(.dept)"')"
is "found by chen" chen "$(f H2 .found_by)"
is "new, then assign" "new assign" "$(f H2 '[.events[].event] | join(" ")')"
is "the reporter masked in show" "张* 138****1234" "$(f H2 '"\(.reporter) \(.phone)"')"
is "and in the timeline" "张* 138****1234" "$(f H2 '.events[0].data | "\(.reporter) \(.phone)"')"
ok "show in text" pm-patrol hazard show H2
out_has "masked in text" "^phone	138\*\*\*\*1234$"
PM_USER=zhao ok "unmask with a reason" pm-patrol hazard show H2 --unmask --reason "回访业主"
out_has "in clear" "^phone	13812341234$"
fails 77 "unmask needs the permission" pm-patrol hazard show H2 --unmask --reason x

# list: open ones, newest first; -o id; the columns
ok "list" pm-patrol hazard list
is "two rows" 2 "$(wc -l < "$T/.out" | tr -d ' ')"
is "newest found first" "H1 H2" "$(pm-patrol hazard list -o id | tr '\n' ' ' | sed 's/ $//')"
is "the tsv columns" "H2	2026-11-30T08:30:00+08:00	pending	重大	sunny	3	B3-FIRE	地下车库	found	mgmt	chen	2026-12-01T08:30:00+08:00	0	配电箱门未锁" \
	"$(pm-patrol hazard list --severity 重大)"
ok "list -o table" pm-patrol -o table hazard list
out_has "a header" "^id +found +status +severity"
ok "list --open" pm-patrol hazard list --open --site sunny -o id
out_is "both open" "H1
H2"
ok "list -o csv" pm-patrol hazard list -o csv --header
ok "list -o json" pm-patrol hazard list -o json
is "json keys" "H1 一般" "$(pm-patrol -o json hazard list | head -n 1 | jq -r '"\(.id) \(.severity)"')"
ok "list --dept" pm-patrol hazard list --dept mgmt -o id
out_is "H2 only" H2
ok "list --owner" pm-patrol hazard list --owner chen -o id
out_is "chen's" H2
ok "list --point" pm-patrol hazard list --point B3-FIRE -o id
out_is "at the checkpoint" H2
ok "list --since" pm-patrol hazard list --since "2026-11-30 08:45" -o id
out_is "found since" H1
ok "list --until" pm-patrol hazard list --until "2026-11-30 08:45" -o id
out_is "found before" H2
fails 64 "--open with --all" pm-patrol hazard list --open --all
fails 64 "a bad status" pm-patrol hazard list --status closed
fails 66 "no such site" pm-patrol hazard list --site moon
fails 66 "no such owner" pm-patrol hazard list --owner nobody

# failure paths of new
fails 64 "--text is required" pm-patrol hazard new --place 大堂
fails 64 "somewhere" pm-patrol hazard new --text 漏电
err_has "says where" "place"
fails 65 "no such severity" pm-patrol hazard new --place 大堂 --text x --severity 天大
err_has "names the severities" "重大"
ok "a built-in grade in English" pm-patrol hazard new --place 大堂 --text 扶手松动 --severity serious -o id
is "stored as the grade" 较大 "$(f "$(cat "$T/.out")" .severity)"
pm-patrol hazard cancel "$(cat "$T/.out")" --reason 测试 >/dev/null
fails 66 "no such site" pm-patrol hazard new --site moon --place 大堂 --text x
fails 66 "no such building" pm-patrol hazard new --building 9 --text x
fails 66 "no such department" pm-patrol hazard new --place 大堂 --text x --dept nope
fails 66 "no such finder" pm-patrol hazard new --place 大堂 --text x --by nobody
fails 66 "no such owner" pm-patrol hazard new --place 大堂 --text x --owner nobody
fails 64 "a phone without a reporter" pm-patrol hazard new --place 大堂 --text x --phone 13812341234
fails 65 "a bad phone" pm-patrol hazard new --place 大堂 --text x --reporter 张三 --phone 123
fails 65 "found in the future" pm-patrol hazard new --place 大堂 --text x --found tomorrow
fails 64 "a bad checkpoint code" pm-patrol hazard new --point "北 门" --text x
fails 64 "a bad time" pm-patrol hazard new --place 大堂 --text x --found 2026-02-30
PM_USER=li fails 77 "service may not report hazards" pm-patrol hazard new --place 大堂 --text x
is "nothing more was written" "H1 H2 H3" "$(pm-patrol hazard list --all -o id | sort | tr '\n' ' ' | sed 's/ $//')"
fails 66 "show: no such hazard" pm-patrol hazard show H9
fails 64 "show: not a hazard ID" pm-patrol hazard show W1
ok "text from stdin" sh -c 'echo 楼道灯不亮 | pm-patrol hazard new --place 2号楼楼道 --text -'
is "read from stdin" 楼道灯不亮 "$(f H4 .text)"
done_testing
