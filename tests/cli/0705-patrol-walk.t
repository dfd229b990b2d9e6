#!/bin/sh
# Walking a round: start (its window, the walkers), check (tags,
# answers, issues, timing), handover, finish, re-inspection (补检); a
# round walked with one point skipped and one late is reported exactly
# so by show and missed.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-org staff new wang --name 王保安 --roles security --dept security
q pm-org staff new zhang --name 张经理 --roles manager --dept mgmt
q pm-org staff new old --name 离职 --roles security --dept security
q pm-org staff deactivate old
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance --name 北门岗 --tag QR-N1 N-GATE
q pm-patrol point new --kind fire --name 3号楼消防通道 --checklist '门锁;压力:number:0.8..1.2;通道:choice:畅通|堵塞' B3-FIRE
q pm-patrol point new --kind cctv --name 监控室 --tag NFC-C1 CCTV-1
q pm-patrol point new --kind parking --name 地库 P-B1
export PM_USER=li PM_NOW="2026-12-01 09:00"
cat > r.yaml <<Y
route: night
title: 夜间巡逻
depts: [security, mgmt]
schedule: every 2 hours 20:00-06:00
window: 1h
remind: 30min
points:
  - point: N-GATE
    window: 10min
  - point: B3-FIRE
    offset: 10min
    window: 10min
  - point: CCTV-1
    offset: 20min
    window: 10min
  - point: P-B1
    offset: 30min
    window: 10min
Y
q pm-patrol route load r.yaml
q pm-patrol round plan --through 2026-12-02
at() { PM_NOW="2026-12-01 $1"; export PM_NOW; }

at 19:40
fails 65 "not before start_early" pm-patrol round start R1 --by li,zhang
err_has "says from when" "cannot be started before 2026-12-01 19:45"
at 19:50
fails 66 "an unknown walker" pm-patrol round start R1 --by li,nobody
fails 65 "a deactivated walker" pm-patrol round start R1 --by old
fails 65 "a walker twice" pm-patrol round start R1 --by li,li
fails 64 "--by is required" pm-patrol round start R1
fails 65 "check before start" pm-patrol check R1 N-GATE --ok
err_has "says to start it" "round R1 is not started"
ok "start, jointly" pm-patrol round start R1 --by li,zhang
quiet "quiet"
fails 65 "started twice" pm-patrol round start R1 --by li
at 20:05
fails 65 "a tag that is not the point's" pm-patrol check R1 N-GATE --ok --tag QR-X
err_has "says whose" "tag QR-X is not checkpoint N-GATE's"
fails 65 "a scan without a tag" pm-patrol check R1 N-GATE --ok --method nfc
fails 65 "nfc on a point without a tag" pm-patrol check R1 P-B1 --ok --method nfc --tag X
fails 66 "a point not on the route" pm-patrol check R1 NOPE --ok
fails 64 "--ok or --issue" pm-patrol check R1 N-GATE
fails 64 "not both" pm-patrol check R1 N-GATE --ok --issue x
fails 64 "--severity without --issue" pm-patrol check R1 N-GATE --ok --severity major
fails 65 "in the future" pm-patrol check R1 N-GATE --ok --at "2026-12-01 20:30"
fails 65 "before the start" pm-patrol check R1 N-GATE --ok --at "2026-12-01 19:00"
fails 65 "not a walker" pm-patrol --as wang check R1 N-GATE --ok
err_has "says who walks" "round R1 is walked by li,zhang, not wang"
ok "check N-GATE by scan: on time" pm-patrol check R1 N-GATE --ok --tag QR-N1
fails 65 "twice" pm-patrol check R1 N-GATE --ok
err_has "says when" "checked in R1 at 2026-12-01 20:05 already"
at 20:12
fails 65 "--ok without the answers" pm-patrol --as zhang check R1 B3-FIRE --ok
err_has "names the checklist" "asks 3 more answer"
fails 65 "an unknown answer" pm-patrol --as zhang check R1 B3-FIRE --ok --answer 颜色=红
fails 65 "a bad number" pm-patrol --as zhang check R1 B3-FIRE --ok --answer 门锁=yes --answer 压力=高 --answer 通道=畅通
fails 65 "a choice not offered" pm-patrol --as zhang check R1 B3-FIRE --ok --answer 门锁=yes --answer 压力=1 --answer 通道=半开
fails 65 "--ok with an abnormal answer" pm-patrol --as zhang check R1 B3-FIRE --ok --answer 门锁=yes --answer 压力=0.5 --answer 通道=畅通
err_has "says it is an issue" "an abnormal answer is an issue"
ok "an issue, with answers" pm-patrol --as zhang check R1 B3-FIRE --issue 灭火器压力不足 --severity major \
	--answer 门锁=yes --answer 压力=0.5 --answer 通道=畅通
out_is "prints the hazard it opened" "H1"
ok "the hazard" pm-patrol -o json hazard show H1
is "from the check-in: its point, place, round and severity" "B3-FIRE 3号楼消防通道 灭火器压力不足" \
	"$(jq -r '"\(.point) \(.place) \(.text)"' "$T/.out")"
fails 65 "a severity not in the hazard tree takes the check-in back" \
	pm-patrol --as zhang check R1 CCTV-1 --issue 无画面 --severity 天大
is "no check-in kept" 0 "$(sqlite3 "$PM_DB" "SELECT count(*) FROM checkin WHERE seq = 3")"
# CCTV-1 is skipped; P-B1 is checked late
at 20:45
ok "P-B1 late" pm-patrol check R1 P-B1 --ok
ok "handover" pm-patrol round handover R1 --to wang
fails 65 "handover to the same" pm-patrol round handover R1 --to wang
fails 65 "the former walker cannot check in" pm-patrol check R1 CCTV-1 --ok
at 20:50
ok "finish" pm-patrol --as wang round finish R1
quiet "quiet"
fails 65 "finished twice" pm-patrol round finish R1
fails 65 "handover after finish" pm-patrol round handover R1 --to li

at 20:55
ok "show" pm-patrol round show R1
out_has "done" "^status	done$"
out_has "walked by wang now" "^walkers	wang$"
out_has "four points, three checked, one skipped, one late, one issue" "^skipped	1$"
is "the points as walked" \
"1 N-GATE on-time qr ok
2 B3-FIRE on-time manual issue
3 CCTV-1 missing   
4 P-B1 late manual ok" \
	"$(awk -F'\t' 'NF >= 10 && $1 ~ /^[0-9]+$/ { print $1, $2, $8, $10, $11 }' "$T/.out" | sed 's/ *$/   /; s/ok   $/ok/; s/issue   $/issue/')"
ok "show json" pm-patrol -o json round show R1
is "the figures" "4 3 1 1 0 1" "$(jq -r '"\(.points) \(.checked) \(.skipped) \(.late) \(.early) \(.issues)"' "$T/.out")"
is "the issue" "major 灭火器压力不足 {\"门锁\":true,\"压力\":0.5,\"通道\":\"畅通\"}" \
	"$(jq -r '.checkpoints[1] | "\(.severity) \(.issue) \(.answers | tojson)"' "$T/.out")"
is "the timeline" "start issue handover finish" "$(jq -r '[.events[].event] | join(" ")' "$T/.out")"
is "the issue event names its hazard" "H1" "$(jq -r '.events[1].data.hazard' "$T/.out")"
ok "missed" pm-patrol missed --since 2026-12-01
out_is "exactly the skipped point" "$(printf 'point\tR1\tnight\tsunny\t2026-12-01T20:00:00+08:00\t2026-12-01T21:00:00+08:00\t3\tCCTV-1\t监控室\twang')"

# 补检: a skipped point within patrol.recheck_within of the end
at 21:30
ok "re-inspect CCTV-1" pm-patrol --as wang check R1 CCTV-1 --ok --tag NFC-C1 --method nfc
ok "show" pm-patrol -o json round show R1
is "a recheck, late" "late true 0 1" \
	"$(jq -r '"\(.checkpoints[2].timing) \(.checkpoints[2].recheck) \(.skipped) \(.rechecks)"' "$T/.out")"
ok "missed" pm-patrol missed --since 2026-12-01
out_is "no longer skipped" ""
at 21:58
q pm-patrol round start R2 --by li
PM_NOW="2026-12-02 01:01" fails 65 "recheck past the limit" pm-patrol check R2 N-GATE --ok
err_has "says until when" "re-inspected until 2026-12-02 01:00"
# a round walked but never finished: its unchecked points count once it closes
PM_NOW="2026-12-01 22:30" run pm-patrol round show R2 -o json
is "pending while open" "walking pending 0" "$(jq -r '"\(.status) \(.checkpoints[0].timing) \(.skipped)"' "$T/.out")"
PM_NOW="2026-12-01 23:00" run pm-patrol round show R2 -o json
is "missing once closed" "walking missing 4" "$(jq -r '"\(.status) \(.checkpoints[0].timing) \(.skipped)"' "$T/.out")"
PM_NOW="2026-12-01 23:00" run pm-patrol missed --since "2026-12-01 22:00" -o tsv
is "and missed says so" 4 "$(wc -l < "$T/.out" | tr -d ' ')"
fails 66 "an unknown round" pm-patrol round show R99
fails 64 "not a round ID" pm-patrol round show W1
q pm-org --as admin staff new zhao --name 赵客服 --roles service --dept service
fails 77 "check needs patrol.walk" pm-patrol --as zhao check R2 N-GATE --ok
done_testing
