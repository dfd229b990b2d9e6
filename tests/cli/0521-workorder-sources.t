#!/bin/sh
# pm-workorder: sources (a contact both ways, a kind without a handler),
# dispatch, the checklist and its follow-up, a paid repair and its hook
# event, list filters, history, escalation.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-org staff new wang --name 王师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new li --name 李师傅 --roles maint --dept maint --sites sunny >/dev/null 2>&1
pm-org staff new sun --name 孙师傅 --roles maint --dept maint --sites moon >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-org dept set maint --head zhao >/dev/null 2>&1
pm-unit unit new 3-2-1502 --site sunny --area 100.50 >/dev/null
export PM_USER=wang
f() { pm-workorder -o json show "$1" | jq -r "$2"; }

# --from C1: both ways; done resolves the contact; complaint show lists the job
PM_USER=admin pm-complaint new --kind repair --site sunny --unit 3-2-1502 --text 厨房漏水 >/dev/null
ok "new --from C1" pm-workorder new --site sunny --from C1 --title 厨房漏水 --unit 3-2-1502 --type 给排水/漏水 --check 阀门 --check 管道
out_is "W1" W1
is "source" C1 "$(f W1 .source)"
is "linked from the job" "C1 workorder" "$(f W1 '.links[0] | "\(.id) \(.rel)"')"
is "linked from the contact, with the job's state" "W1 new" \
	"$(pm-complaint -o json show C1 | jq -r '.links[0] | "\(.id) \(.status)"')"
ok "complaint show" pm-complaint show C1
out_has "lists the job and its state in text" "^W1	workorder	to	new	"
is "contact timeline has the link" link "$(pm-complaint -o json show C1 | jq -r '.events[-1].event')"
fails 65 "an equipment source has no handler" pm-workorder new --site sunny --from E3 --title x
err_has "names it" "E3"
fails 64 "a bad ID" pm-workorder new --site sunny --from X --title x
fails 66 "no such contact" pm-workorder new --site sunny --from C9 --title x
ok "list --source C" pm-workorder list --source C -o id
out_is "by letter" W1
ok "list --source C1" pm-workorder list --source C1 -o id
out_is "by ID" W1
fails 64 "bad --source" pm-workorder list --source 'c-1'

# dispatch: li < wang at sunny; sun serves moon only
ok "dispatch" pm-workorder dispatch W1
out_is "least loaded, first login" "W1	assigned	li"
pm-workorder new --site sunny --title 灯坏 --type 公共设施/照明 --place 大堂 >/dev/null
ok "dispatch the next" pm-workorder dispatch W2
out_is "the other member" "W2	assigned	wang"
pm-workorder new --site moon --title 门坏 --type 公共设施/门窗 --place 南门 >/dev/null
ok "dispatch at moon" pm-workorder dispatch W3
out_is "the member serving moon" "W3	assigned	sun"
PM_USER=admin pm-org staff set sun --sites '' >/dev/null 2>&1
pm-workorder new --site moon --title 门坏 --place 北门 >/dev/null
fails 65 "nobody serves the site" pm-workorder dispatch W4
err_has "says so" "serves its site"
fails 66 "no such staff" pm-workorder assign W4 --to nobody
fails 64 "assign needs someone" pm-workorder assign W4

# done with checks: an unchecked item refuses, a flag makes a follow-up
export PM_USER=li
pm-workorder start W1 >/dev/null
fails 65 "an item not checked" pm-workorder done W1 --work 换阀门 --check 阀门=pass
err_has "how many" "1 checklist items"
fails 64 "bad check" pm-workorder done W1 --work x --check 阀门=ok
fails 64 "bad part" pm-workorder done W1 --work x --part 阀门:0:10
fails 64 "bad part price" pm-workorder done W1 --work x --part 阀门:1:1.234
ok "done" pm-workorder done W1 --work 换阀门 --check 阀门=pass --check "管道=flag:有锈迹" --check 水表=pass --part 阀门:1:45 --charge 80
is "the contact is resolved" resolved "$(pm-complaint -o json show C1 | jq -r .status)"
is "with the work as its result" 换阀门 "$(pm-complaint -o json show C1 | jq -r .result)"
is "follow-up made" "管道 (W1)" "$(f W5 .title)"
is "follow-up's source" W1 "$(f W5 .source)"
is "checklist" "阀门 pass,管道 flag W5,水表 pass" "$(f W1 '[.checklist[] | "\(.item) \(.result)\(if .followup then " " + .followup else "" end)"] | join(",")')"
is "linked to the first" "W1 followup from" "$(f W5 '.links[0] | "\(.id) \(.rel) \(.dir)"')"
is "charge event" "charge 3-2-1502 8000" "$(f W1 '.events[-1] | "\(.event) \(.data.unit) \(.data.amount_fen)"')"
is "chargeable" "true 8000" "$(f W1 '"\(.chargeable) \(.charge_fen)"')"
PM_USER=wang pm-workorder start W2 >/dev/null
fails 65 "a charge needs a unit" env PM_USER=wang pm-workorder done W2 --work x --charge 10
fails 64 "done needs --work" env PM_USER=wang pm-workorder done W2

# list filters
export PM_USER=zhao
ok "list" pm-workorder list -o id
is "open ones, newest first" "W5 W4 W3 W2 W1" "$(pm-workorder list -o id | tr '\n' ' ' | sed 's/ $//')"
is "--site" "W4 W3" "$(pm-workorder list --site moon -o id | tr '\n' ' ' | sed 's/ $//')"
is "--assignee" "W2" "$(pm-workorder list --assignee wang -o id)"
is "--dept" 5 "$(pm-workorder list --dept maint -o id | wc -l)"
is "--type prefix" "W5 W1" "$(pm-workorder list --type 给排水 -o id | tr '\n' ' ' | sed 's/ $//')"
is "--status" "W1" "$(pm-workorder list --status done -o id)"
is "--source staff" "W4 W3 W2" "$(pm-workorder list --source staff -o id | tr '\n' ' ' | sed 's/ $//')"
is "--source W" "W5" "$(pm-workorder list --source W -o id)"
fails 64 "bad status" pm-workorder list --status flying
fails 66 "unknown assignee" pm-workorder list --assignee nobody
fails 66 "unknown site" pm-workorder list --site nowhere
ok "--due-within" pm-workorder list --due-within 2h -o id
ok "tsv header" pm-workorder list --header
out_has "columns" "^id	reported	status	priority	type	site	equip	unit	place	source	dept	assignee	due	level	title$"
ok "json" pm-workorder list -o json
is "json lines" 5 "$(jq -c . "$T/.out" | wc -l)"

# escalation: late jobs climb once per level
PM_NOW="2026-11-30 11:00"; export PM_NOW
ok "escalate" sh -c 'pm-workorder list --overdue -o id | pm-workorder escalate -'
out_is "the late one climbs to the head" "W5	1	zhao"
ok "escalate again" sh -c 'pm-workorder list --overdue -o id | pm-workorder escalate -'
out_is "quiet: nothing changed" ""
fails 77 "no staff member may not escalate" env PM_USER=nobody pm-workorder escalate W2
done_testing
