#!/bin/sh
# pm-patrol route load | list | show: a route file is loaded once, a
# change updates it (points: a new version; timing: the rounds not yet
# due are made again), refusals with file:line:col, -n, the permission.
. "$PM_TESTS/lib.sh"
q() { "$@" >/dev/null 2>"$T/.err" || _notok "setup: $*"; }
q pm-admin init
q pm-org staff new admin --name 管理员
q pm-org staff new li --name 李保安 --roles security --dept security
q pm-org staff new zhao --name 赵 --roles service --dept service
q pm-unit site new sunny --name 阳光花园 --kind residential
q pm-patrol point new --kind entrance --name 北门岗 --tag QR-N1 N-GATE
q pm-patrol point new --kind fire --name 消防通道 B3-FIRE
q pm-patrol point new --kind cctv --name 监控室 CCTV-1
q pm-patrol point new --kind other --name 旧岗 OLD
q pm-patrol point retire --reason 拆除 OLD
export PM_USER=li PM_NOW="2026-12-01 09:00"
route() {
	cat > r.yaml <<Y
route: night
title: 夜间巡逻
site: sunny
depts: [security]
schedule: ${1:-every 2 hours 20:00-06:00}
window: 1h
remind: 30min
points:
  - point: N-GATE
    window: 15min
  - point: B3-FIRE
    offset: ${2:-15min}
  - CCTV-1
Y
}
route
ok "load" pm-patrol route load r.yaml
out_is "added" "$(printf 'night\tadded\t\t1\t0')"
ok "again" pm-patrol route load r.yaml
out_is "unchanged" "$(printf 'night\tunchanged\t\t1\t0')"
ok "list" pm-patrol route list
out_is "the row" "$(printf 'night\t夜间巡逻\tsunny\tsecurity\tevery 2 hours 20:00-06:00\t2026-12-01\t3600\t1800\t3\t1\t1\tr.yaml')"
ok "show" pm-patrol route show night
out_has "its points" "^2	B3-FIRE	消防通道	fire	900	3600		$"
ok "show json" pm-patrol -o json route show night
is "points in json" "N-GATE:900 B3-FIRE:3600 CCTV-1:3600" \
	"$(jq -r '[.checkpoints[] | "\(.point):\(.window)"] | join(" ")' "$T/.out")"
fails 66 "show an unknown route" pm-patrol route show nope

q pm-patrol round plan --through 2026-12-02
is "rounds planned: 20:00 and 22:00 today, five tomorrow" 7 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM patrol_round')"
route "every 2 hours 20:00-06:00" 20min
ok "points changed" pm-patrol route load r.yaml
out_is "a new version; the rounds not yet due dropped" "$(printf 'night\tchanged\tpoints\t2\t7')"
q pm-patrol round plan --through 2026-12-02
is "planned again with version 2" "7 2" "$(sqlite3 "$PM_DB" 'SELECT count(*) || " " || min(version) FROM patrol_round')"
is "version 1 kept" 3 "$(sqlite3 "$PM_DB" 'SELECT count(*) FROM route_point WHERE version = 1')"
route "daily at 21:00" 20min
ok "-n" pm-patrol -n route load r.yaml
out_is "says what would change" "$(printf 'night\tchanged\tschedule\t2\t7')"
is "nothing changed" "every 2 hours 20:00-06:00" "$(sqlite3 "$PM_DB" 'SELECT schedule FROM route')"
fails 77 "needs patrol.route" pm-patrol --as zhao route load r.yaml

bad() {
	want=$1 name=$2 where=$3; shift 3
	printf '%s\n' "$@" > bad.yaml
	fails "$want" "$name" pm-patrol route load bad.yaml
	err_has "$name: at $where" "bad.yaml:$where"
}
H='route: r2
title: t
depts: [security]'
bad 65 "an unknown key" "2:1" "route: r2" "colour: red"
bad 65 "no schedule" "1:1" "$H" "points: [N-GATE]"
bad 65 "a bad rule" "4:11" "$H" "schedule: every 2 hours 20:00-20:00" "points: [N-GATE]"
bad 65 "a rule twice" "6:5" "$H" "schedule:" "  - daily at 08:00" "  - daily at 08:00" "points: [N-GATE]"
bad 65 "a point twice" "5:18" "$H" "schedule: daily" "points: [N-GATE, N-GATE]"
bad 66 "an unknown point" "5:10" "$H" "schedule: daily" "points: [NOPE]"
bad 65 "a retired point" "5:10" "$H" "schedule: daily" "points: [OLD]"
bad 66 "an unknown department" "3:19" "route: r2" "title: t" "depts: [security, nope]" "schedule: daily" "points: [N-GATE]"
bad 65 "a department twice" "3:19" "route: r2" "title: t" "depts: [security, security]" "schedule: daily" "points: [N-GATE]"
bad 65 "a window of 0" "5:9" "$H" "schedule: daily" "window: 0min" "points: [N-GATE]"
bad 65 "a span with months" "5:9" "$H" "schedule: daily" "remind: 1mo" "points: [N-GATE]"
bad 65 "a bad start" "5:8" "$H" "schedule: daily" "start: 2026-02-30" "points: [N-GATE]"
bad 65 "a point key unknown" "7:5" "$H" "schedule: daily" "points:" "  - point: N-GATE" "    colour: red"
bad 65 "not a mapping" "1:1" "- a"
fails 66 "no such file" pm-patrol route load nope.yaml
done_testing
