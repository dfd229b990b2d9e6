#!/bin/sh
# pm-complaint: the full scenario, timeline, JSON of every verb, bad transitions.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-org staff new li --name 李客服 --roles service --dept service >/dev/null 2>&1
pm-org staff new wang --name 王师傅 --roles maint --dept maint >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit unit new 3-2-1502 --area 100.50 >/dev/null
export PM_USER=li
j() { "$@" -o json >"$T/.j" 2>"$T/.err"; st=$?; if [ $st -eq 0 ] && jq -e . "$T/.j" >/dev/null 2>&1 || { [ $st -eq 0 ] && [ ! -s "$T/.j" ]; }; then _ok "json: $*"; else _notok "json: $* (exit $st)"; fi; }

ok "new" pm-complaint new --kind complaint --channel phone --unit 3-2-1502 --name 张三 --phone 13812345678 --text "楼上漏水" --received "2026-11-30 08:30"
out_is "prints the ID" C1
j pm-complaint classify C1 --category 维修/漏水 --at "2026-11-30 08:40"
j pm-complaint assign C1 --dept maint --to wang --at "2026-11-30 08:45"
fails 65 "visit before resolve" pm-complaint visit C1 --satisfaction 5
err_has "names the allowed states" "visit works on replied"
fails 65 "reply time before received" pm-complaint reply C1 --text 已修 --at "2026-11-30 08:00"
PM_NOW="2026-11-30 10:00"; export PM_NOW
j pm-complaint start C1
j pm-complaint note C1 --text "约好下午上门"
j pm-complaint resolve C1 --result "更换水管"
j pm-complaint reply C1 --text "已更换水管" --channel phone
PM_NOW="2026-12-01 10:00"
j pm-complaint visit C1 --satisfaction 2 --comment 还在滴水
j pm-complaint reopen C1 --reason 回访不满意
is "reopened" reopened "$(pm-complaint -o json show C1 | jq -r .status)"
j pm-complaint resolve C1 --result "重新密封"
j pm-complaint reply C1 --text "已重新密封"
fails 65 "close needs a visit after the dissatisfied one" pm-complaint close C1
err_has "says why" "follow-up visit"
j pm-complaint visit C1 --satisfaction 5 --comment 满意
j pm-complaint close C1
is "closed" closed "$(pm-complaint -o json show C1 | jq -r .status)"
fails 65 "close a closed one" pm-complaint close C1
ok "show" pm-complaint show C1
is "timeline in order" "new classify assign start note resolve reply visit reopen resolve reply visit close" \
	"$(pm-complaint -o json show C1 | jq -r '[.events[].event] | join(" ")')"
is "show tsv lists the same events" 13 "$(pm-complaint show C1 | sed '1,/^$/d' | wc -l)"
is "phone masked" "138****5678" "$(pm-complaint -o json show C1 | jq -r .phone)"
is "satisfaction" 5 "$(pm-complaint -o json show C1 | jq -r .satisfaction)"
j pm-complaint list --all
j pm-complaint show C1

# invalid transitions, unknown IDs: nothing written
before=$(pm-admin audit | wc -l)
fails 65 "reject a closed one" pm-complaint reject C1 --reason x
fails 66 "unknown ID" pm-complaint start C99
fails 66 "unknown ID from stdin" sh -c 'echo C98 | pm-complaint note - --text x'
fails 64 "bad satisfaction" pm-complaint visit C1 --satisfaction 6
fails 64 "no IDs" pm-complaint start
fails 66 "unknown department" pm-complaint new --text x --unit 3-2-1502 --received "2026-12-01 09:00" --category 维修 --site nosuch
fails 65 "unknown category" pm-complaint new --text x --category 维修/飞碟
fails 65 "future received time" pm-complaint new --text x --received "+1d"
fails 77 "maint may not take complaints" env PM_USER=wang pm-complaint new --text x
is "nothing written but the refusal" $((before + 1)) "$(pm-admin audit | wc -l)"

# reject, duplicate, repeat
ok "second contact" pm-complaint new --unit 3-2-1502 --category 维修/漏水 --text "又漏水了"
out_is "C2" C2
is "a repeat of C1" "true C1" "$(pm-complaint -o json show C2 | jq -r '"\(.repeat) \(.repeat_of)"')"
ok "third" pm-complaint new --place 东门 --text 噪音 --category 环境/噪音
ok "duplicate-of" pm-complaint duplicate-of C2 C3
out_is "C3 duplicate" "C3	duplicate"
is "linked" "C2 duplicate" "$(pm-complaint -o json show C3 | jq -r '.links[0] | "\(.id) \(.rel)"')"
fails 65 "duplicate of itself" pm-complaint duplicate-of C2 C2
ok "reject" pm-complaint reject C2 --reason 非物业责任
fails 65 "close a rejected one" pm-complaint close C2
ok "reopen a rejected one" pm-complaint reopen C2 --reason 误拒
fails 64 "bad priority" pm-complaint classify C2 --priority urgentt
err_has "lists the priorities, naming the option" "priority urgentt: one of urgent, high, normal, low \(--priority\)"
ok "list open" pm-complaint list
is "open ones only" "C2" "$(pm-complaint list -o id | tr '\n' ' ' | sed 's/ $//')"
ok "--text - reads stdin" sh -c 'printf "长文本\n" | pm-complaint new --text - --kind suggestion --channel meeting'
is "text from stdin" "长文本" "$(pm-complaint -o json show C4 | jq -r .text)"
done_testing
