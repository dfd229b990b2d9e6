#!/bin/sh
# A patrol check with an issue opens a hazard (pm-patrol check --issue,
# in the check-in's transaction): printed as the check's new ID, at the
# checkpoint, found by the walker at the check-in's time, its source the
# round; the issue's severity the hazard's (none given: hazard.default_severity,
# the built-in 一般); a severity that is no grade refuses the check-in
# whole; then rectified and re-inspected like any other.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-org staff new chen --name 陈队长 --roles security --dept security
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance --name 北门岗 --tag QR-N1 N-GATE
q pm-patrol point new --kind cctv --name 监控室 CCTV-1
q pm-patrol point new --kind fire --name 3号楼消防通道 B3-FIRE
export PM_USER=li PM_NOW="2026-12-01 09:00"
cat > r.yaml <<Y
route: night
title: 夜间巡逻
depts: [security]
schedule: every 2 hours 20:00-06:00
window: 1h
points:
  - N-GATE
  - CCTV-1
  - B3-FIRE
Y
q pm-patrol route load r.yaml
q pm-patrol round plan --through 2026-12-02
f() { pm-patrol -o json hazard show "$1" | jq -r "$2"; }
PM_NOW="2026-12-01 19:55" q pm-patrol round start R1 --by li
export PM_NOW="2026-12-01 20:10"

ok "check --issue" pm-patrol check R1 CCTV-1 --issue 3号摄像头无画面 --at "2026-12-01 20:05"
out_is "prints the hazard it opened" H1
is "from the round" R1 "$(f H1 .source)"
is "at the checkpoint, named as it" "sunny CCTV-1 监控室" "$(f H1 '"\(.site) \(.point) \(.place)"')"
is "found by the walker at the check-in's time" "li 2026-12-01T20:05:00+08:00" "$(f H1 '"\(.found_by) \(.found)"')"
is "none given: hazard.default_severity, the grade 一般" 一般 "$(f H1 .severity)"
is "the issue is the text" 3号摄像头无画面 "$(f H1 .text)"
is "pending, security's" "pending security" "$(f H1 '"\(.status) \(.dept)"')"
is "its new event names the check-in" "new R1" "$(f H1 '.events[0] | "\(.event) \(.data.source)"')"
ok "check --issue --severity major" pm-patrol check R1 B3-FIRE --issue 通道堵塞 --severity major
out_is "H2" H2
is "重大: due in 24h" "重大 2026-12-02T20:10:00+08:00" "$(f H2 '"\(.severity) \(.due)"')"
fails 65 "a severity that is no grade" pm-patrol check R1 N-GATE --issue 门锁坏 --severity 天大
err_has "names the grades" "重大"
is "no hazard" "H1 H2" "$(pm-patrol hazard list -o id | sort | tr '\n' ' ' | sed 's/ $//')"
ok "nor a check-in: the point can be checked" pm-patrol check R1 N-GATE --ok
quiet "an ok check opens nothing"
ok "the checkpoint's history" pm-patrol hazard history --point CCTV-1 -o id
out_is "its hazard" H1
ok "list --point" pm-patrol hazard list --point B3-FIRE -o id
out_is "the open one there" H2

# and on like any hazard: the walker rectifies, someone else re-inspects
ok "fix" pm-patrol hazard fix H1 --action 重启录像机
fails 65 "the walker who fixed it may not verify" pm-patrol hazard verify H1
PM_USER=chen ok "verify" pm-patrol hazard verify H1
is "verified" verified "$(f H1 .status)"
done_testing
