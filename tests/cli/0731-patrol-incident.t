#!/bin/sh
# pm-patrol incidents: open records the time and prints the configured
# emergency plan; plan KIND; log, resolve, close (without --cause: 65);
# list and show; every failure path with its exit status.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-org staff new liu --name 刘 --roles security --dept security >/dev/null 2>&1
pm-org staff new kefu --name 客服 --roles service --dept service >/dev/null 2>&1
mkdir -p config/pm
cat > config/pm/config.yaml <<'YAML'
incident:
  plans:
    fire:
      name: 火警
      steps:
        - 确认火情，报告消控室
        - 拨打 119
        - 组织疏散，严禁乘坐电梯
      call: [119 火警, 消控室 8801]
      respond: 5min
      levels:
        - who: head
          contact: 安保部主管 8802
          within: 15min
        - who: role:manager
          contact: 项目经理 8800
          within: 30min
    theft:
      steps: [保护现场, 拨打 110]
      respond: 10min
      levels:
        - { who: head, contact: 安保部主管, within: 1h }
YAML
export PM_USER=liu
f() { pm-patrol -o json incident show "$1" | jq -r ".$2"; }

ok "open --kind fire" pm-patrol incident open --kind fire --place "3号楼地下车库" \
	--text "配电箱冒烟" --severity serious --at "2026-11-30 08:55"
is "prints the ID and the configured plan" "$(printf '%s\n' \
	'I1	plan	0	火警		' \
	'I1	step	1	确认火情，报告消控室		' \
	'I1	step	2	拨打 119		' \
	'I1	step	3	组织疏散，严禁乘坐电梯		' \
	'I1	call	1	119 火警		' \
	'I1	call	2	消控室 8801		' \
	'I1	level	0	on duty: bring it under control	5min	' \
	'I1	level	1	安保部主管 8802	15min	head' \
	'I1	level	2	项目经理 8800	30min	role:manager')" "$(cat "$T/.out")"
is "the time it happened" "2026-11-30T08:55:00+08:00" "$(f I1 occurred)"
is "the time it was reported" "2026-11-30T09:00:00+08:00" "$(f I1 reported)"
is "due: respond limit from the time it happened" "2026-11-30T09:00:00+08:00" "$(f I1 due)"
is "severity" serious "$(f I1 severity)"
is "reporter" liu "$(f I1 reporter)"
is "department" security "$(f I1 dept)"
ok "open -o id" pm-patrol incident open --kind theft --text "电动车被盗" -o id
out_is "the ID alone" I2
ok "open -o json" pm-patrol incident open --kind theft --text "自行车被盗" -o json
is "plan rows in json" "I3 level 1 1h head" \
	"$(jq -r 'select(.part == "level" and .n == 1) | "\(.id) \(.part) \(.n) \(.within) \(.who)"' "$T/.out")"
ok "plan KIND" pm-patrol incident plan theft
is "the plan by kind" "theft step 2 拨打 110" "$(sed -n 3p "$T/.out" | tr '\t' ' ' | sed 's/  *$//')"
fails 65 "plan of an unknown kind" pm-patrol incident plan alien
err_has "names the kinds" "fire, theft"

ok "log" pm-patrol incident log I1 --text "义务消防队到场"
quiet "log is quiet"
fails 64 "log needs text" pm-patrol incident log I1
PM_NOW="2026-11-30 09:20"
ok "resolve" pm-patrol incident resolve I1 --text "初起火灾已扑灭" --at "2026-11-30 09:10"
is "resolved" resolved "$(f I1 status)"
is "response time" 900 "$(f I1 response_s)"
is "no due time once resolved" null "$(f I1 due)"
fails 65 "close without --cause" pm-patrol incident close I1 --measures "更换线路"
err_has "says why" "analysis of its cause"
fails 65 "close without --measures" pm-patrol incident close I1 --cause "线路老化"
fails 65 "close without either" pm-patrol incident close I1
is "still resolved" resolved "$(f I1 status)"
ok "close" pm-patrol incident close I1 --cause "配电箱线路老化" --measures "更换线路，每月检查"
is "closed" closed "$(f I1 status)"
is "cause" "配电箱线路老化" "$(f I1 cause)"
is "timeline" "new log resolve close" \
	"$(pm-patrol -o json incident show I1 | jq -r '[.events[].event] | join(" ")')"
fails 65 "resolve a closed one" pm-patrol incident resolve I1
ok "close an open one at once" pm-patrol incident close I2 --cause 门禁损坏 --measures 修复门禁
is "resolved at the close" "2026-11-30T09:20:00+08:00" "$(f I2 resolved)"

ok "list: not closed" pm-patrol incident list -o id
out_is "I3" I3
ok "list --all --kind theft" pm-patrol incident list --all --kind theft -o id
out_is "newest first" "$(printf 'I3\nI2')"
ok "list --status closed" pm-patrol incident list --status closed -o id
out_is "both closed" "$(printf 'I2\nI1')"
ok "list --severity serious --all" pm-patrol incident list --all --severity serious -o id
out_is "I1" I1

fails 64 "open needs --kind" pm-patrol incident open --text x
fails 64 "open needs --text" pm-patrol incident open --kind fire
fails 64 "a severity of the list" pm-patrol incident open --kind fire --text x --severity huge
fails 65 "an unknown kind" pm-patrol incident open --kind alien --text x
fails 65 "a time in the future" pm-patrol incident open --kind fire --text x --at "+1h"
fails 66 "no such incident" pm-patrol incident show I99
fails 66 "log on no such incident" pm-patrol incident log I99 --text x
fails 77 "customer service may not report" env PM_USER=kefu pm-patrol incident open --kind fire --text x
fails 77 "nor close" env PM_USER=kefu pm-patrol incident close I3 --cause a --measures b
ok "nothing more was opened" pm-patrol incident list --all -o id
is "three incidents" 3 "$(wc -l < "$T/.out" | tr -d ' ')"
done_testing
