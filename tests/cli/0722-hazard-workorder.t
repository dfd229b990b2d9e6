#!/bin/sh
# Across two tools: a hazard becomes a work order (pm-workorder new
# --from H1: linked both ways, the hazard's site, place, a title and its
# severity's priority), the job's done moves the hazard to rectified,
# awaiting re-inspection, and the job's worker may not verify it (65);
# someone else does.
. "$PM_TESTS/lib.sh"
pm-admin init >/dev/null 2>&1
pm-org staff new admin --name 管理员 >/dev/null 2>&1
pm-unit site new sunny --name 阳光花园 --kind residential >/dev/null
pm-unit site new moon --name 月亮湾 --kind residential >/dev/null
pm-org staff new zhou --name 周保安 --roles security --dept security --sites moon >/dev/null 2>&1
pm-org staff new chen --name 陈队长 --roles security --dept security --sites moon >/dev/null 2>&1
# a maintenance worker who may also re-inspect hazards
pm-org staff new wang --name 王师傅 --roles maint,security --dept maint --sites moon >/dev/null 2>&1
pm-org staff new zhao --name 赵经理 --roles manager >/dev/null 2>&1
export PM_USER=zhou
h() { pm-patrol -o json hazard show "$1" | jq -r "$2"; }
w() { pm-workorder -o json show "$1" | jq -r "$2"; }
pm-patrol hazard new --site moon --severity 较大 --point N-GATE --text "北门监控摄像头不亮，画面全黑已经两天了，夜间无法看清进出车辆" >/dev/null
fails 77 "security may not open work orders" pm-workorder new --from H1
# management turns the hazard into maintenance work
export PM_USER=zhao

ok "new --from H1" pm-workorder new --from H1
out_is "W1" W1
is "the hazard's site" moon "$(w W1 .site)"
is "its checkpoint as the place" N-GATE "$(w W1 .place)"
is "a title: the ID and the start of the text" "H1 北门监控摄像头不亮，画面全黑已经两天了，夜间无法看清进出车辆" "$(w W1 .title)"
is "较大: high" high "$(w W1 .priority)"
is "source" H1 "$(w W1 .source)"
is "linked from the job, with the hazard's state" "H1 workorder pending" "$(w W1 '.links[0] | "\(.id) \(.rel) \(.status)"')"
is "linked from the hazard, with the job's state" "W1 workorder new" "$(h H1 '.links[0] | "\(.id) \(.rel) \(.status)"')"
is "a workorder event on the hazard" "workorder W1" "$(h H1 '.events[-1] | "\(.event) \(.data.workorder)"')"
ok "show lists the job in text" pm-patrol hazard show H1
out_has "the link" "^W1	workorder	to	new	"
ok "given fields win" pm-workorder new --from H1 --title 换摄像头 --priority urgent --site moon --place 北门岗亭
is "title" 换摄像头 "$(w W2 .title)"
is "priority" urgent "$(w W2 '.priority')"
pm-workorder cancel W2 --reason 重复 >/dev/null
fails 66 "no such hazard" pm-workorder new --from H9
err_has "names it" "H9"
ok "list --source H" pm-workorder list --source H -o id
out_is "the job from a hazard" W1
fails 64 "new without --from still needs --title" pm-workorder new --site moon

# the job is done: the hazard is rectified, awaiting re-inspection
pm-workorder assign W1 --to wang >/dev/null
export PM_USER=wang
PM_NOW="2026-11-30 10:00" pm-workorder start W1 >/dev/null
PM_NOW="2026-11-30 11:00" ok "done" pm-workorder done W1 --work 更换摄像头电源
is "the hazard is rectified" rectified "$(h H1 .status)"
is "with the work as its action, the worker as the fixer" "更换摄像头电源 wang 2026-11-30T11:00:00+08:00" \
	"$(h H1 '"\(.action) \(.fixer) \(.rectified)"')"
is "the re-inspection due a day later" "2026-12-01T11:00:00+08:00" "$(h H1 .due)"
is "its event" "workorder_done 更换摄像头电源" "$(h H1 '.events[-1] | "\(.event) \(.note)"')"
fails 65 "the worker may not verify the hazard" pm-patrol hazard verify H1
err_has "says why" "wang rectified it; the re-inspection is by someone else"
PM_USER=chen ok "someone else verifies it" pm-patrol hazard verify H1
is "verified" "verified chen" "$(h H1 '"\(.status) \(.verifier)"')"
PM_USER=zhao ok "and the manager accepts the job" pm-workorder verify W1
is "the job verified" verified "$(w W1 .status)"

# a hazard fixed by hand first: the job's done leaves it alone
PM_USER=zhou pm-patrol hazard new --site moon --place 地库 --text 地面积水 >/dev/null
export PM_USER=zhao
pm-workorder new --from H2 >/dev/null
PM_USER=zhou pm-patrol hazard fix H2 --action 已排水 >/dev/null
pm-workorder assign W3 --to wang >/dev/null
PM_USER=wang pm-workorder start W3 >/dev/null
PM_USER=wang ok "done after a fix by hand" pm-workorder done W3 --work 疏通地漏
is "left alone: the first fix stands" "rectified 已排水 zhou" "$(h H2 '"\(.status) \(.action) \(.fixer)"')"
done_testing
